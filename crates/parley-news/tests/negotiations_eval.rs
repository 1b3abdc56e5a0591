//! The reader on news reports of negotiations (issue 16): the three development sets of
//! `tests/eval/` - dev (the six negotiations named in the issue), held-out (five others,
//! labels committed in 271ebd7 before the reader was improved on dev) and test1 (eight more,
//! labels committed in 668f37d before the reader was first run on them; spent after the fifth
//! revision's scoring and development data since 2026-12-06, when the sixth revision read its
//! records). The floors are a little under the sixth revision's figures (docs/news-reader.md),
//! so the test fails when the reader regresses; they are regression floors, not the issue's
//! bars, which are measured on the blind half test2 (labels committed in 727b3c0 before the
//! reader was first run on them, 2026-12-06 20:43 UTC, after the sixth revision); its floors
//! are a little under that first blind run, and no rule may be written from them.

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
            ("issue precision", s.issues.precision(), 0.77),
            ("issue recall", s.issues.recall(), 0.60),
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
            ("actor precision", s.actors.precision(), 0.89),
            ("actor recall", s.actors.recall(), 0.75),
            ("relation precision", s.relations.precision(), 0.34),
            ("relation recall", s.relations.recall(), 0.27),
            ("issue precision", s.issues.precision(), 0.68),
            ("issue recall", s.issues.recall(), 0.31),
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
/// reader on it), is kept for the next revision of the reader: this test only reads its
/// labels - it parses, and holds the counts its README gives - and never runs the reader on
/// its sentences, so no score of it exists until that revision scores it once.
#[test]
fn test3_labels_parse_and_stay_unscored() {
    let path = format!("{}/tests/eval/test3.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("test3.txt is in the repository");
    let records = parse(&text).expect("test3.txt parses");
    let count = |f: fn(&parley_news::eval::Record) -> usize| records.iter().map(f).sum::<usize>();
    assert_eq!(records.len(), 95, "sentences in test3.txt");
    assert_eq!(count(|r| r.relations.len()), 140, "relations");
    assert_eq!(count(|r| r.issues.len()), 131, "issues");
    assert_eq!(count(|r| r.stances.len()), 88, "stance directions");
    assert!(
        records.iter().all(|r| !r.actors.is_empty()),
        "every record names its actors"
    );
}

/// The fourth blind half, `test4.txt` (labelled 2026-12-07 by an engineer who never ran the
/// reader nor read its rules), is kept, like test3, for a later revision of the reader: this
/// test only reads its labels - it parses, and holds the counts its README gives - and never
/// runs the reader on its sentences, so no score of it exists until that revision scores it once.
#[test]
fn test4_labels_parse_and_stay_unscored() {
    let path = format!("{}/tests/eval/test4.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("test4.txt is in the repository");
    let records = parse(&text).expect("test4.txt parses");
    let count = |f: fn(&parley_news::eval::Record) -> usize| records.iter().map(f).sum::<usize>();
    assert_eq!(records.len(), 95, "sentences in test4.txt");
    assert_eq!(count(|r| r.relations.len()), 153, "relations");
    assert_eq!(count(|r| r.issues.len()), 138, "issues");
    assert_eq!(count(|r| r.stances.len()), 129, "stance directions");
    assert!(
        records.iter().all(|r| !r.actors.is_empty()),
        "every record names its actors"
    );
}

/// The fifth blind half, `test5.txt` (labelled 2026-12-07 by an engineer who never ran the
/// reader nor read its rules), is kept in reserve, like test3 and test4, for a later revision
/// of the reader: this test only reads its labels - it parses, and holds the counts its README
/// gives - and never runs the reader on its sentences, so no score of it exists until that
/// revision scores it once.
#[test]
fn test5_labels_parse_and_stay_unscored() {
    let path = format!("{}/tests/eval/test5.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("test5.txt is in the repository");
    let records = parse(&text).expect("test5.txt parses");
    let count = |f: fn(&parley_news::eval::Record) -> usize| records.iter().map(f).sum::<usize>();
    assert_eq!(records.len(), 101, "sentences in test5.txt");
    assert_eq!(count(|r| r.relations.len()), 156, "relations");
    assert_eq!(count(|r| r.issues.len()), 166, "issues");
    assert_eq!(count(|r| r.stances.len()), 124, "stance directions");
    assert!(
        records.iter().all(|r| !r.actors.is_empty()),
        "every record names its actors"
    );
}

/// The sixth blind half, `test6.txt` (labelled 2026-12-07 by an engineer who never ran the
/// reader nor read its rules), is kept in reserve, like test3 to test5, for a later revision
/// of the reader: this test only reads its labels - it parses, and holds the counts its README
/// gives - and never runs the reader on its sentences, so no score of it exists until that
/// revision scores it once.
#[test]
fn test6_labels_parse_and_stay_unscored() {
    let path = format!("{}/tests/eval/test6.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("test6.txt is in the repository");
    let records = parse(&text).expect("test6.txt parses");
    let count = |f: fn(&parley_news::eval::Record) -> usize| records.iter().map(f).sum::<usize>();
    assert_eq!(records.len(), 101, "sentences in test6.txt");
    assert_eq!(count(|r| r.relations.len()), 139, "relations");
    assert_eq!(count(|r| r.issues.len()), 153, "issues");
    assert_eq!(count(|r| r.stances.len()), 118, "stance directions");
    assert!(
        records.iter().all(|r| !r.actors.is_empty()),
        "every record names its actors"
    );
}
