//! The reader on news reports of negotiations (issue 16), on the labelled sets of
//! `tests/eval/`: dev (the six negotiations named in the issue), held-out and test1 to test7
//! (each blind once, then spent and development data; test7 was scored blind by the tenth
//! revision). The floors are a little under each set's latest
//! figures (docs/news-reader.md), so the test fails when the reader regresses; they are
//! regression floors, not the issue's bars, which are measured on each blind half when it is
//! first scored.

use parley_news::eval::{Score, evaluate, parse};

fn score(file: &str) -> Score {
    let path = format!("{}/tests/eval/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the evaluation file is in the repository");
    let records = parse(&text).expect("the evaluation file parses");
    evaluate(&records).expect("every sentence can be read").0
}

/// Checks each (name, value, floor).
fn floors(set: &str, checks: &[(&str, f64, f64)]) {
    for &(name, value, floor) in checks {
        assert!(
            value >= floor,
            "{set}: {name} {value:.3} under its floor {floor}"
        );
    }
}

#[test]
fn held_out_negotiations_keep_their_scores() {
    let s = score("heldout.txt");
    assert_eq!(s.records, 25);
    // Sixth revision: actor P 0.961, actor R 0.980, relation P 0.562, relation R 0.720,
    // issue R 0.640 (fifth: 0.961 / 0.980 / 0.500 / 0.520 / 0.520).
    floors(
        "held-out",
        &[
            ("actor precision", s.actors.precision(), 0.93),
            ("actor recall", s.actors.recall(), 0.95),
            ("relation precision", s.relations.precision(), 0.53),
            ("relation recall", s.relations.recall(), 0.68),
            ("issue recall", s.issues.recall(), 0.60),
        ],
    );
}

#[test]
fn development_negotiations_keep_their_scores() {
    let s = score("dev.txt");
    assert_eq!(s.records, 28);
    // Sixth revision: actor P 0.930, R 1.000, relation P 0.523, R 0.697, issue R 0.880
    // (fifth: 0.930 / 1.000 / 0.535 / 0.697 / 0.880).
    floors(
        "dev",
        &[
            ("actor precision", s.actors.precision(), 0.90),
            ("actor recall", s.actors.recall(), 0.97),
            ("relation precision", s.relations.precision(), 0.49),
            ("relation recall", s.relations.recall(), 0.66),
            ("issue recall", s.issues.recall(), 0.84),
        ],
    );
}

#[test]
fn test1_negotiations_keep_their_scores() {
    let s = score("test.txt");
    assert_eq!(s.records, 63);
    assert_eq!(s.stances.gold, 28, "stance labels in test.txt");
    // Sixth revision: actor P 0.948, actor R 0.974, relation P 0.616, relation R 0.602,
    // issue P 0.812, issue R 0.639 (fifth, its last blind score: 0.934 / 0.848 / 0.441 /
    // 0.341 / 0.741 / 0.328).
    floors(
        "test1",
        &[
            ("actor precision", s.actors.precision(), 0.92),
            ("actor recall", s.actors.recall(), 0.94),
            ("relation precision", s.relations.precision(), 0.58),
            ("relation recall", s.relations.recall(), 0.57),
            // Seventh revision (issues from every act's object): issue P 0.689, R 0.689.
            ("issue precision", s.issues.precision(), 0.66),
            ("issue recall", s.issues.recall(), 0.66),
        ],
    );
}

#[test]
fn test2_negotiations_keep_their_scores() {
    let s = score("test2.txt");
    assert_eq!(s.records, 91);
    assert_eq!(s.stances.gold, 66, "stance labels in test2.txt");
    // First blind run (sixth revision, 981743d): actor P 0.919, actor R 0.779, relation P
    // 0.377, relation R 0.295, issue P 0.714, issue R 0.343.
    floors(
        "test2",
        &[
            // Seventh revision, written with test2 as development data: actor P 0.927,
            // R 0.819, relation P 0.397, R 0.321, issue P 0.653, R 0.461.
            ("actor precision", s.actors.precision(), 0.90),
            ("actor recall", s.actors.recall(), 0.79),
            ("relation precision", s.relations.precision(), 0.37),
            ("relation recall", s.relations.recall(), 0.30),
            ("issue precision", s.issues.precision(), 0.62),
            ("issue recall", s.issues.recall(), 0.43),
        ],
    );
}

#[test]
fn drafted_stances_point_the_right_way_on_all_development_sets() {
    // Sixth revision: 14 labelled, oriented stances over the three sets, all right (dev 8,
    // held-out 1, test1 5). No set has enough for a floor of its own; together they must
    // stay at least 12 and at most one may be wrong.
    let (mut right, mut wrong) = (0, 0);
    for file in ["dev.txt", "heldout.txt", "test.txt"] {
        let s = score(file);
        right += s.stances.right;
        wrong += s.stances.wrong;
    }
    assert!(right + wrong >= 12, "only {} stances scored", right + wrong);
    assert!(
        wrong <= 1,
        "{wrong} stances point the wrong way ({right} right)"
    );
}

/// The third blind half, `test3.txt` (labelled 2026-12-06 by an engineer who never ran the
/// reader on it), scored once, totals only, after the seventh revision (2026-12-07 01:01 UTC);
/// the floors are a little under that blind run.
#[test]
fn test3_negotiations_keep_their_scores() {
    let s = score("test3.txt");
    assert_eq!(s.records, 95);
    assert_eq!(s.stances.gold, 88, "stance labels in test3.txt");
    // Blind run (seventh revision, 12a4ab4): actor P 0.789, actor R 0.670, relation P 0.196,
    // relation R 0.143, issue P 0.533, issue R 0.305 (the sixth revision on the same
    // sentences, totals only: 0.777 / 0.652 / 0.180 / 0.129 / 0.460 / 0.176).
    floors(
        "test3",
        &[
            // Eighth revision, written with test3 as development data: actor P 0.866, R
            // 0.692, relation P 0.212, R 0.157, issue P 0.526, R 0.305.
            ("actor precision", s.actors.precision(), 0.84),
            ("actor recall", s.actors.recall(), 0.67),
            ("relation precision", s.relations.precision(), 0.19),
            ("relation recall", s.relations.recall(), 0.14),
            ("issue precision", s.issues.precision(), 0.50),
            ("issue recall", s.issues.recall(), 0.28),
        ],
    );
}

/// The fourth blind half, `test4.txt` (labelled 2026-12-07 by an engineer who never ran the
/// reader nor read its rules), scored once, totals only, after the eighth revision; the floors
/// are a little under that blind run. Spent since: the ninth revision read its records.
#[test]
fn test4_negotiations_keep_their_scores() {
    let s = score("test4.txt");
    assert_eq!(s.records, 95);
    assert_eq!(s.stances.gold, 129, "stance labels in test4.txt");
    // Blind run (eighth revision, f73e0cb): actor P 0.865, actor R 0.710, relation P 0.258,
    // relation R 0.163, issue P 0.564, issue R 0.225.
    floors(
        "test4",
        &[
            ("actor precision", s.actors.precision(), 0.84),
            ("actor recall", s.actors.recall(), 0.68),
            ("relation precision", s.relations.precision(), 0.23),
            ("relation recall", s.relations.recall(), 0.14),
            ("issue precision", s.issues.precision(), 0.53),
            ("issue recall", s.issues.recall(), 0.20),
        ],
    );
}

/// The fifth blind half, `test5.txt` (labelled 2026-12-07 by an engineer who never ran the
/// reader nor read its rules), scored once, totals only, after the rules of 2026-12-07
/// (a2f35df); the floors are a little under that blind run. Spent since: the ninth revision
/// read its records.
#[test]
fn test5_negotiations_keep_their_scores() {
    let s = score("test5.txt");
    assert_eq!(s.records, 101);
    assert_eq!(s.stances.gold, 124, "stance labels in test5.txt");
    // Blind run: actor P 0.860, actor R 0.535, relation P 0.222, relation R 0.141, issue P
    // 0.603, issue R 0.283.
    floors(
        "test5",
        &[
            ("actor precision", s.actors.precision(), 0.83),
            ("actor recall", s.actors.recall(), 0.51),
            ("relation precision", s.relations.precision(), 0.20),
            ("relation recall", s.relations.recall(), 0.12),
            ("issue precision", s.issues.precision(), 0.57),
            ("issue recall", s.issues.recall(), 0.26),
        ],
    );
}

/// The sixth blind half, `test6.txt` (labelled 2026-12-07 by an engineer who never ran the
/// reader nor read its rules), scored once, totals only, after the ninth revision (cca4281);
/// the floors are a little under that blind run. Spent since: the tenth revision read its
/// records (development data, 2026-12-07).
#[test]
fn test6_negotiations_keep_their_scores() {
    let s = score("test6.txt");
    assert_eq!(s.records, 101);
    assert_eq!(s.stances.gold, 118, "stance labels in test6.txt");
    // Blind run (ninth revision, cca4281): actor P 0.827, actor R 0.673, relation P 0.303,
    // relation R 0.216, issue P 0.747, issue R 0.386 (the eighth revision, 0c06287, on the
    // same sentences, totals only: 0.827 / 0.673 / 0.303 / 0.216 / 0.691 / 0.366).
    floors(
        "test6",
        &[
            ("actor precision", s.actors.precision(), 0.80),
            ("actor recall", s.actors.recall(), 0.65),
            ("relation precision", s.relations.precision(), 0.28),
            ("relation recall", s.relations.recall(), 0.19),
            ("issue precision", s.issues.precision(), 0.72),
            ("issue recall", s.issues.recall(), 0.36),
        ],
    );
}

/// The seventh blind half, `test7.txt` (labelled 2026-12-07 by an engineer who never ran the
/// reader nor read its rules), scored once, totals only, after the tenth revision (dde63f7);
/// the floors are a little under that blind run. Spent since.
#[test]
fn test7_negotiations_keep_their_scores() {
    let s = score("test7.txt");
    assert_eq!(s.records, 105);
    assert_eq!(s.stances.gold, 148, "stance labels in test7.txt");
    // Blind run (tenth revision, dde63f7): actor P 0.762, actor R 0.549, relation P 0.216,
    // relation R 0.142, issue P 0.684, issue R 0.323.
    floors(
        "test7",
        &[
            ("actor precision", s.actors.precision(), 0.74),
            ("actor recall", s.actors.recall(), 0.52),
            ("relation precision", s.relations.precision(), 0.19),
            ("relation recall", s.relations.recall(), 0.12),
            ("issue precision", s.issues.precision(), 0.66),
            ("issue recall", s.issues.recall(), 0.30),
        ],
    );
}
