//! The flagship scenario reads cleanly (as TOML and as the same data in JSON), and no input,
//! however broken, makes the reader panic or report a problem at an impossible location.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::LazyLock;

use parley_scenario::{Diagnostic, Format, parse_and_check, read_file};
use proptest::prelude::*;
use proptest::sample::Index;
use toml::de::{DeTable, DeValue};

fn flagship_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/grand-bargain-2025.toml")
}

static FLAGSHIP: LazyLock<String> =
    LazyLock::new(|| std::fs::read_to_string(flagship_path()).expect("flagship scenario exists"));

/// The flagship converted to JSON with the same structure (see [`to_json`]).
static FLAGSHIP_JSON: LazyLock<String> = LazyLock::new(|| {
    let doc = DeTable::parse(&FLAGSHIP).expect("flagship is valid TOML");
    let mut out = String::new();
    table_to_json(doc.get_ref(), 0, &mut out);
    out
});

#[test]
fn flagship_reads_without_problems() {
    let scenario = match read_file(&flagship_path()) {
        Ok(s) => s,
        Err(e) => panic!("flagship rejected: {e}: {e:?}"),
    };
    assert_eq!(scenario.actors.len(), 8, "actors");
    assert_eq!(scenario.issues.len(), 4, "issues");
    let mediator = scenario.mediator.as_ref().expect("flagship has a mediator");
    assert_eq!(mediator.actor, "rus");
    assert!(scenario.validate().is_empty());
    let ids: Vec<&str> = scenario.issues.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "iran_nuclear",
            "iran_sanctions",
            "ukraine_aid",
            "ukraine_ceasefire"
        ]
    );
}

#[test]
fn flagship_in_json_reads_to_the_same_scenario() {
    let from_toml = parse_and_check(&FLAGSHIP, Format::Toml).expect("TOML reads");
    let from_json = match parse_and_check(&FLAGSHIP_JSON, Format::Json) {
        Ok(s) => s,
        Err(d) => panic!("JSON version rejected:\n{}", render(&d)),
    };
    assert_eq!(from_json, from_toml);
}

// --- TOML to JSON, for the parity test ------------------------------------------------------

fn table_to_json(t: &DeTable<'_>, depth: usize, out: &mut String) {
    out.push('{');
    for (k, (key, value)) in t.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        newline(depth + 1, out);
        json_string(key.get_ref(), out);
        out.push_str(": ");
        value_to_json(value.get_ref(), depth + 1, out);
    }
    newline(depth, out);
    out.push('}');
}

fn value_to_json(v: &DeValue<'_>, depth: usize, out: &mut String) {
    match v {
        DeValue::String(s) => json_string(s, out),
        DeValue::Integer(i) => {
            let x = i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .expect("flagship integers fit i64");
            let _ = write!(out, "{x}");
        }
        DeValue::Float(f) => {
            let x: f64 = f.as_str().replace('_', "").parse().expect("finite float");
            assert!(x.is_finite(), "the flagship has only finite numbers");
            // `{:?}` prints the shortest text that reads back to the same f64, with a '.'.
            let _ = write!(out, "{x:?}");
        }
        DeValue::Boolean(b) => {
            let _ = write!(out, "{b}");
        }
        DeValue::Datetime(d) => json_string(&d.to_string(), out),
        DeValue::Array(items) => {
            out.push('[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                newline(depth + 1, out);
                value_to_json(item.get_ref(), depth + 1, out);
            }
            newline(depth, out);
            out.push(']');
        }
        DeValue::Table(t) => table_to_json(t, depth, out),
    }
}

fn newline(depth: usize, out: &mut String) {
    out.push('\n');
    out.push_str(&"  ".repeat(depth));
}

fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

// --- Robustness ---------------------------------------------------------------------------

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "  {} at {}:{} span {:?}: {}\n",
                d.code, d.line, d.column, d.span, d.message
            )
        })
        .collect()
}

/// Reads `text` in `format`; whatever comes back must be well-formed. Panics fail the case.
fn check_never_panics_and_locates_sanely(text: &str, format: Format) -> Result<(), TestCaseError> {
    let Err(diagnostics) = parse_and_check(text, format) else {
        return Ok(());
    };
    prop_assert!(
        !diagnostics.is_empty(),
        "rejected with no diagnostics ({format:?})"
    );
    let line_count = text.split('\n').count();
    for d in &diagnostics {
        prop_assert!(d.line >= 1, "line {} < 1 in {d:?}", d.line);
        prop_assert!(d.column >= 1, "column {} < 1 in {d:?}", d.column);
        prop_assert!(
            d.span.start <= text.len(),
            "span {:?} starts past the end ({} bytes) in {d:?}",
            d.span,
            text.len()
        );
        prop_assert!(
            d.line <= line_count,
            "line {} past the last line {line_count} in {d:?}",
            d.line
        );
        prop_assert!(!d.code.is_empty() && !d.message.is_empty(), "{d:?}");
    }
    Ok(())
}

/// Small pieces that make scenario text interesting when spliced into it.
const SNIPPETS: &[&str] = &[
    "",
    "\n",
    "\r\n",
    "=",
    "[",
    "]",
    "[[",
    "{",
    "}",
    ",",
    "\"",
    "#",
    ".",
    "nan",
    "inf",
    "-inf",
    "-1",
    "0",
    "1e999",
    "0xFFFFFFFFFFFFFFFFFF",
    "99999999999999999999",
    "é",
    "\u{feff}",
    "\"x\"",
    "true",
    "null",
    "[]",
    "{}",
    " and ",
    " >= ",
    "remove actor ",
    "*= ",
    "\n[[actor]]\n",
    "\n[mediator]\n",
    "\n[actor.stance.x]\n",
    "low = 5, ",
    "dist = \"normal\", ",
];

/// `text` with `delete` bytes removed at `at` (both snapped to char boundaries) and `insert` put
/// in their place.
fn splice(text: &str, at: Index, delete: usize, insert: &str) -> String {
    let mut start = at.index(text.len() + 1);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + delete).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{}{insert}{}", &text[..start], &text[end..])
}

fn formats() -> impl Strategy<Value = Format> {
    prop_oneof![Just(Format::Toml), Just(Format::Json)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>(), format in formats()) {
        check_never_panics_and_locates_sanely(&text, format)?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..512),
        format in formats(),
    ) {
        let text = String::from_utf8_lossy(&bytes);
        check_never_panics_and_locates_sanely(&text, format)?;
    }

    #[test]
    fn scenario_like_text_never_panics(
        text in "[\\[\\]{}a-z_=\"#.,0-9 \n\r-]{0,300}",
        format in formats(),
    ) {
        check_never_panics_and_locates_sanely(&text, format)?;
    }

    /// Up to three edits of the flagship: mostly still a scenario, so the reader and the
    /// validator (not just the parser) see the damage.
    #[test]
    fn damaged_flagship_never_panics(
        edits in proptest::collection::vec(
            (any::<Index>(), 0usize..24, proptest::sample::select(SNIPPETS)),
            1..4,
        ),
        json in any::<bool>(),
    ) {
        let (mut text, format) = if json {
            (FLAGSHIP_JSON.clone(), Format::Json)
        } else {
            (FLAGSHIP.clone(), Format::Toml)
        };
        for (at, delete, insert) in &edits {
            text = splice(&text, *at, *delete, insert);
        }
        check_never_panics_and_locates_sanely(&text, format)?;
    }
}

#[test]
fn writing_toml_reads_back_to_the_same_scenario() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/grand-bargain-2025.toml");
    let original = parley_scenario::read_file(&path).unwrap();
    let text = parley_scenario::write::to_toml(&original);
    let again = parley_scenario::parse_and_check(&text, parley_scenario::Format::Toml)
        .unwrap_or_else(|d| panic!("{d:#?}\n{text}"));
    assert_eq!(again, original);
}

#[test]
fn an_imported_decide_file_writes_toml_that_reads_back() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/decide/copenhagen.csv");
    let original = parley_scenario::read_file(&path).unwrap();
    let text = parley_scenario::write::to_toml(&original);
    let again = parley_scenario::parse_and_check(&text, parley_scenario::Format::Toml)
        .unwrap_or_else(|d| panic!("{d:#?}\n{text}"));
    assert_eq!(again, original);
}
