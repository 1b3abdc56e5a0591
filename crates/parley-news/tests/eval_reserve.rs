//! The blind evaluation halves kept in reserve (`tests/eval/test8.txt` and `test9.txt`, issue
//! 16): each must parse with the reader's own label parser and keep the counts its labeller
//! committed, but nothing scores one until a later revision of the reader is final
//! (tests/eval/README.md). Their labels were committed before the reader ever ran on their
//! sentences. (test7, the tenth revision's blind half, was scored once and is spent;
//! `tests/negotiations_eval.rs` holds its floors.)

use parley_news::eval::{Record, parse};

/// The counts a reserve half's labeller committed (grep of `id:`, `rel:`, `issue:` and
/// `stance:` lines; pages are the distinct `source:` lines, counted from the file itself since a
/// page's URL is provenance, not a label).
struct Committed {
    sentences: usize,
    pages: usize,
    relations: usize,
    issues: usize,
    stances: usize,
}

fn check_reserve(file: &str, want: &Committed) {
    let path = format!("{}/tests/eval/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the reserve half is in the repository");
    let records = parse(&text).expect("the reserve half parses");
    let count = |f: fn(&Record) -> usize| records.iter().map(f).sum::<usize>();
    assert_eq!(records.len(), want.sentences, "sentences in {file}");
    let pages: std::collections::BTreeSet<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("source:"))
        .map(str::trim)
        .collect();
    assert_eq!(pages.len(), want.pages, "distinct pages quoted in {file}");
    assert_eq!(
        count(|r| r.relations.len()),
        want.relations,
        "relations in {file}"
    );
    assert_eq!(count(|r| r.issues.len()), want.issues, "issues in {file}");
    assert_eq!(
        count(|r| r.stances.len()),
        want.stances,
        "stance directions in {file}"
    );
    assert!(
        records.iter().all(|r| !r.actors.is_empty()),
        "every record of {file} names its actors"
    );
}

#[test]
fn test8_labels_parse_and_stay_unscored() {
    check_reserve(
        "test8.txt",
        &Committed {
            sentences: 103,
            pages: 75,
            relations: 146,
            issues: 150,
            stances: 118,
        },
    );
}

/// test9 was labelled on 2026-12-07 (20:30-20:41 UTC) by a labeller who never ran the reader
/// and did not read its code, data or rules; it is the reserve after test8.
#[test]
fn test9_labels_parse_and_stay_unscored() {
    check_reserve(
        "test9.txt",
        &Committed {
            sentences: 98,
            pages: 63,
            relations: 126,
            issues: 138,
            stances: 119,
        },
    );
}
