//! Any input gives a clean result or a clear error, never a panic: arbitrary strings and
//! bytes (proptest), non-UTF-8, empty input, one very long line without full stops, and the
//! draft and terminal view built from whatever came out.
#![allow(clippy::unwrap_used)]

use parley_news::{MAX_BYTES, NewsError, Options, draft, read, read_bytes, view};
use proptest::prelude::*;

fn exercise(text: &str) {
    let report = read(text, &Options::default()).unwrap();
    for s in &report.sentences {
        assert!(s.span[0] <= s.span[1] && s.span[1] <= text.len());
        assert_eq!(&text[s.span[0]..s.span[1]], s.text);
    }
    for r in &report.relations {
        assert!(r.span[1] <= text.len() && r.trigger_span[1] <= text.len());
        assert!(!(r.source.is_empty() && r.target.is_empty()));
    }
    let _ = draft::to_toml(&report, "input");
    let _ = view::render(&report, text, true);
    let _ = serde_json::to_string(&report).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        exercise(&text);
    }

    #[test]
    fn arbitrary_bytes_give_a_report_or_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        match read_bytes(&bytes, &Options::default()) {
            Ok(_) => prop_assert!(std::str::from_utf8(&bytes).is_ok()),
            Err(NewsError::NotUtf8 { offset }) => prop_assert!(offset < bytes.len()),
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }

    #[test]
    fn news_like_word_salad_never_panics(words in proptest::collection::vec(
        prop::sample::select(vec![
            "Iran", "Russia's", "the", "U.S.", "said", "could", "not", "attacked", "Tehran", "-",
            "backed", "militias", "in", "Iraq", ",", ".", "?", "\"", "’s", "it", "they", "who",
            "mediate", "between", "and", "sanctions", "on", "President", "Putin", "Gen.", "W.",
            "that", "was", "by", "\n", "\n\n", "its", "nuclear", "program", "on", "hold", "we",
        ]), 0..120)) {
        exercise(&words.join(" "));
    }
}

#[test]
fn non_utf8_is_a_clear_error() {
    let err = read_bytes(b"Iran \xff\xfe said", &Options::default()).unwrap_err();
    assert_eq!(err, NewsError::NotUtf8 { offset: 5 });
    assert!(err.to_string().contains("not valid UTF-8"));
}

#[test]
fn empty_and_blank_input_give_empty_reports() {
    for text in ["", "   ", "\n\n\n", "\u{feff}"] {
        let r = read(text, &Options::default()).unwrap();
        assert!(r.sentences.is_empty() && r.actors.is_empty() && r.relations.is_empty());
        let toml = draft::to_toml(&r, "empty.txt");
        assert!(toml.contains("[scenario]"));
    }
}

#[test]
fn a_long_line_without_full_stops_is_read_in_pieces() {
    let unit = "Iran and Russia could mediate between Israel and Hamas while the US imposed sanctions on Iran ";
    let text = unit.repeat(2_000);
    let r = read(&text, &Options::default()).unwrap();
    assert!(r.sentences.len() > 100, "cut into pieces");
    assert!(
        r.sentences
            .iter()
            .all(|s| s.cut || s.n == r.sentences.len())
    );
    assert!(!r.relations.is_empty());
}

#[test]
fn ten_megabytes_are_read() {
    let unit =
        "Russia and Iran worked together; Tehran provided Russia with drones, officials said. ";
    let text = unit.repeat(10 * 1024 * 1024 / unit.len() + 1);
    assert!(text.len() >= 10 * 1024 * 1024);
    let r = read_bytes(text.as_bytes(), &Options::default()).unwrap();
    assert!(r.relations.len() > 100_000);
}

#[test]
fn oversized_input_is_refused() {
    let big = vec![b'a'; MAX_BYTES + 1];
    assert!(matches!(
        read_bytes(&big, &Options::default()),
        Err(NewsError::TooLarge { .. })
    ));
}
