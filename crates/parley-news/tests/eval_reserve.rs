//! The blind evaluation half kept in reserve (`tests/eval/test8.txt`, issue 16): it must parse
//! with the reader's own label parser and keep the counts its labeller committed, but nothing
//! scores it until a later revision of the reader is final (tests/eval/README.md). Its labels
//! were committed before the reader ever ran on its sentences. (test7, the tenth revision's
//! blind half, was scored once and is spent; `tests/negotiations_eval.rs` holds its floors.)

use parley_news::eval::parse;

#[test]
fn test8_labels_parse_and_stay_unscored() {
    let path = format!("{}/tests/eval/test8.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("test8.txt is in the repository");
    let records = parse(&text).expect("test8.txt parses");
    let count = |f: fn(&parley_news::eval::Record) -> usize| records.iter().map(f).sum::<usize>();
    // The labeller's counts (grep of `id:`, `rel:`, `issue:`, `stance:` lines; pages are the
    // distinct `source:` lines, counted here from the file itself since a page's URL is
    // provenance, not a label).
    assert_eq!(records.len(), 103, "sentences in test8.txt");
    let pages: std::collections::BTreeSet<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("source:"))
        .map(str::trim)
        .collect();
    assert_eq!(pages.len(), 75, "distinct pages quoted in test8.txt");
    assert_eq!(count(|r| r.relations.len()), 146, "relations");
    assert_eq!(count(|r| r.issues.len()), 150, "issues");
    assert_eq!(count(|r| r.stances.len()), 118, "stance directions");
    assert!(
        records.iter().all(|r| !r.actors.is_empty()),
        "every record names its actors"
    );
}
