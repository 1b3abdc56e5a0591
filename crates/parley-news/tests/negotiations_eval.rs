//! The reader on news reports of negotiations it was not written for (issue 16): the
//! held-out half of `tests/eval/` (five negotiations whose labels were committed before the
//! reader was improved on the development half, commit 271ebd7) and the test half (eight
//! further negotiations whose labels, stance directions included, were committed in 668f37d
//! before the reader was first run on them). The floors are a little under the values
//! measured (docs/news-reader.md), so the test fails when the reader regresses; they are
//! regression floors, not the issue's bars, and no rule was tuned on these sentences.

use parley_news::eval::{Score, evaluate, parse};

fn score(file: &str) -> Score {
    let path = format!("{}/tests/eval/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the evaluation file is in the repository");
    let records = parse(&text).expect("the evaluation file parses");
    evaluate(&records).expect("every sentence can be read").0
}

#[test]
fn held_out_negotiations_keep_their_scores() {
    let s = score("heldout.txt");
    assert_eq!(s.records, 25);
    // Measured: actor P 0.961, actor R 0.980, relation P 0.500, relation R 0.520,
    // issue R 0.520 (before the work: 0.906 / 0.960 / 0.458 / 0.440 / 0.520).
    assert!(
        s.actors.precision() >= 0.93,
        "actor precision {}",
        s.actors.precision()
    );
    assert!(
        s.actors.recall() >= 0.95,
        "actor recall {}",
        s.actors.recall()
    );
    assert!(
        s.relations.precision() >= 0.45,
        "relation precision {}",
        s.relations.precision()
    );
    assert!(
        s.relations.recall() >= 0.48,
        "relation recall {}",
        s.relations.recall()
    );
    assert!(
        s.issues.recall() >= 0.48,
        "issue recall {}",
        s.issues.recall()
    );
}

#[test]
fn development_negotiations_keep_their_scores() {
    let s = score("dev.txt");
    assert_eq!(s.records, 28);
    // Measured: actor P 0.930, R 1.000, relation P 0.524, R 0.667, issue R 0.720.
    assert!(
        s.actors.precision() >= 0.90,
        "actor precision {}",
        s.actors.precision()
    );
    assert!(
        s.relations.recall() >= 0.62,
        "relation recall {}",
        s.relations.recall()
    );
    assert!(
        s.issues.recall() >= 0.68,
        "issue recall {}",
        s.issues.recall()
    );
}

#[test]
fn test_negotiations_keep_their_scores() {
    let s = score("test.txt");
    assert_eq!(s.records, 63);
    assert_eq!(s.stances.gold, 28, "stance labels in test.txt");
    // Measured on first run (reader of commit fef6325): actor P 0.941, actor R 0.848,
    // relation P 0.435, relation R 0.307, issue P 0.789, issue R 0.246; no stance drafted.
    // The issue's bars (relation R 0.6, issue R 0.5, stance accuracy 0.8) are not met: these
    // are regression floors only.
    assert!(
        s.actors.precision() >= 0.92,
        "actor precision {}",
        s.actors.precision()
    );
    assert!(
        s.actors.recall() >= 0.82,
        "actor recall {}",
        s.actors.recall()
    );
    assert!(
        s.relations.precision() >= 0.41,
        "relation precision {}",
        s.relations.precision()
    );
    assert!(
        s.relations.recall() >= 0.28,
        "relation recall {}",
        s.relations.recall()
    );
    assert!(
        s.issues.recall() >= 0.22,
        "issue recall {}",
        s.issues.recall()
    );
}
