//! The standing robustness suite of the readers (issue 14): arbitrary text and real files
//! with random edits (deleted and duplicated ranges, inserted delimiters, quotes, brackets,
//! byte-order marks, huge and non-finite numbers) into every format Parley reads: its TOML
//! and JSON, decide rows, BDM tables, KTAB CSV and XML, and the DEU III layout. Whatever comes
//! in, no reader panics, and every problem is located: a line and column inside the text, a
//! span inside the text, the line's own text. The CLI renders a caret from these, so a column
//! of 0 or past the line would be a crash or a misleading picture there.
//!
//! The number of cases is bounded (a few hundred per property) so that the suite runs in
//! seconds in a debug build; `PROPTEST_CASES=100000 cargo test -p parley-scenario --test
//! robustness --release` runs a longer campaign.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use parley_scenario::deu::{self, Capability};
use parley_scenario::{Diagnostic, Format, bdm, parse_and_check, read_str};
use proptest::prelude::*;

/// Cases per property (unless PROPTEST_CASES says otherwise).
const CASES: u32 = 512;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

fn shared(rel: &str) -> PathBuf {
    repo("../shared/data").join(rel)
}

/// A valid JSON scenario.
const JSON: &str = r#"{"scenario": {"name": "Toy", "date": "2025-03-04", "seed": 7},
 "issue": [{"id": "tariff", "name": "Import tariff", "low": "None", "high": "High",
            "status_quo": {"value": 20, "low": 10, "high": 30}}],
 "actor": [
  {"id": "north", "name": "North", "capability": 60,
   "stance": {"tariff": {"position": {"value": 10, "low": 5, "high": 20, "dist": "triangular"}, "salience": 0.8}}},
  {"id": "south", "name": "South", "capability": 40, "stance": {"tariff": {"position": 70, "salience": 0.5}}}
 ],
 "question": [{"id": "cut", "text": "Will it fall?", "issues": ["tariff"], "condition": "tariff < 20"}]}
"#;

/// The seed files: (format, text). The repository's own scenarios and the shared data's
/// importer files (which the importers' own tests read too).
fn seeds() -> Vec<(Format, String)> {
    let read =
        |p: PathBuf| std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let mut out = vec![
        (Format::Toml, read(repo("scenarios/toy-tariff.toml"))),
        (
            Format::Toml,
            read(repo("scenarios/grand-bargain-2025.toml")),
        ),
        (Format::Json, JSON.to_owned()),
    ];
    for (format, file) in [
        (Format::Decide, "decide/sample_data.txt"),
        (Format::Decide, "decide/copenhagen.csv"),
        (
            Format::Bdm,
            "bdm/emission_standards_BDM1994_ExampleActors.csv",
        ),
        (Format::Bdm, "bdm/china_1989_ChinaData.csv"),
        (Format::KtabCsv, "ktab/dummyData_3Dim.csv"),
        (Format::KtabCsv, "ktab/SOE-Policy.csv"),
        (Format::KtabXml, "ktab/smpExample_fixed.xml"),
        (Format::KtabXml, "ktab/dummyData_3Dim.xml"),
        // Invalid as shipped (one empty <dCoord>): a seed of located errors.
        (Format::KtabXml, "ktab/smpExample.xml"),
    ] {
        out.push((format, read(shared(file))));
    }
    out
}

/// The first rows of DEU III (header, GDP line, data).
fn deu_seed() -> String {
    let text = std::fs::read_to_string(shared("deu/deu3.csv")).unwrap();
    text.lines().take(12).collect::<Vec<_>>().join("\n") + "\n"
}

#[test]
fn the_seeds_are_valid() {
    let seeds = seeds();
    assert_eq!(seeds.len(), 12);
    for (k, (format, text)) in seeds.iter().enumerate() {
        match parse_and_check(text, *format) {
            Err(d) if k != 11 => panic!("{format:?}: {d:?}"),
            Ok(_) if k == 11 => panic!("smpExample.xml was expected to be invalid"),
            _ => {}
        }
    }
    deu::read(&deu_seed(), Capability::Gdp).unwrap();
}

/// Every diagnostic is located inside `text`.
fn assert_located(text: &str, diagnostics: &[Diagnostic]) -> Result<(), TestCaseError> {
    prop_assert!(!diagnostics.is_empty(), "an error with no problem in it");
    let lines: Vec<&str> = text.split('\n').collect();
    for d in diagnostics {
        prop_assert!(d.line >= 1 && d.column >= 1, "{d:?}");
        prop_assert!(
            d.line <= lines.len(),
            "line {} of {}: {d:?}",
            d.line,
            lines.len()
        );
        prop_assert!(
            d.span.start <= d.span.end && d.span.end <= text.len(),
            "span {:?} in {} bytes: {d:?}",
            d.span,
            text.len()
        );
        // At most one past the line's end (the end of the file, or a line end not shown).
        prop_assert!(
            d.column <= d.line_text.chars().count() + 2,
            "column past the line: {d:?}"
        );
        // A byte-order mark is not shown.
        let own = lines[d.line - 1]
            .trim_end_matches('\r')
            .trim_start_matches('\u{feff}');
        prop_assert!(
            own.starts_with(
                d.line_text
                    .trim_end_matches('\r')
                    .trim_start_matches('\u{feff}')
            ),
            "line text {:?} is not line {} ({own:?})",
            d.line_text,
            d.line
        );
        prop_assert!(!d.code.is_empty() && !d.message.is_empty(), "{d:?}");
    }
    Ok(())
}

/// Reads `text` every way a file of `format` is read and checks the answers.
fn exercise(format: Format, text: &str) -> Result<(), TestCaseError> {
    // The BDM reader turns lone CRs into LFs (same length) before it locates problems.
    let located = match format {
        Format::Bdm => lone_cr_to_lf(text),
        _ => text.to_owned(),
    };
    match parse_and_check(text, format) {
        Ok(s) => prop_assert!(s.validate().is_empty(), "accepted but invalid"),
        Err(d) => assert_located(&located, &d)?,
    }
    // As `parley run FILE` reads it: by content, else by extension.
    let name = match format {
        Format::Json => "fuzz.json",
        _ => "fuzz.toml",
    };
    let detected = Format::detect(Path::new(name), text);
    if let Err(parley_scenario::LoadError::Invalid { diagnostics, .. }) =
        read_str(name, text, detected)
        && detected != Format::Bdm
        && !text.starts_with('\u{feff}')
    {
        assert_located(text, &diagnostics)?;
    }
    if format == Format::Bdm {
        let _ = bdm::load("fuzz.csv", text, &bdm::Options::for_file("fuzz.csv"));
    }
    Ok(())
}

fn lone_cr_to_lf(text: &str) -> String {
    let bytes = text.as_bytes();
    text.char_indices()
        .map(|(i, c)| match c {
            '\r' if bytes.get(i + 1) != Some(&b'\n') => '\n',
            c => c,
        })
        .collect()
}

/// One edit: at a fraction of the text, delete or duplicate a range, or insert a piece.
#[derive(Debug, Clone)]
enum Edit {
    Delete(f64, usize),
    Duplicate(f64, usize),
    Insert(f64, &'static str),
}

const PIECES: &[&str] = &[
    ",",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\"",
    "'",
    "=",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "<",
    ">",
    "</",
    "/>",
    "#",
    "#A",
    "#P",
    "#M",
    "#D",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "1e309",
    "-1e400",
    "0",
    "-0",
    "1e-320",
    "18446744073709551616",
    "-5",
    "100",
    "\u{feff}",
    "\u{0}",
    "\u{1f600}",
    "é",
    "\\",
    "\"\"\"",
    "'''",
    "[[actor]]",
    "[[issue]]",
    "[scenario]",
    "position = ",
    "salience = 80",
    "capability = 0",
    "id = \"\"",
    "<Actor>",
    "<dCoord>",
    "</Scenario>",
    "&amp;",
    "&#0;",
    "<![CDATA[",
    "  ",
    ",,,,",
    "Actor,Capability,Position,Salience",
];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0.0..1.0, 1usize..120).prop_map(|(at, n)| Edit::Delete(at, n)),
        (0.0..1.0, 1usize..240).prop_map(|(at, n)| Edit::Duplicate(at, n)),
        (0.0..1.0, prop::sample::select(PIECES)).prop_map(|(at, s)| Edit::Insert(at, s)),
    ]
}

/// The byte offset at fraction `at` of `text`, moved back to a character boundary.
fn boundary(text: &str, at: f64) -> usize {
    let mut k = ((text.len() as f64) * at.clamp(0.0, 1.0)) as usize;
    while !text.is_char_boundary(k) {
        k -= 1;
    }
    k
}

fn apply(text: &mut String, e: &Edit) {
    let range = |at: f64, n: usize, text: &str| {
        let a = boundary(text, at);
        let b = boundary(text, at + n as f64 / text.len().max(1) as f64);
        (a, b.max(a))
    };
    match e {
        Edit::Delete(at, n) => {
            let (a, b) = range(*at, *n, text);
            text.replace_range(a..b, "");
        }
        Edit::Duplicate(at, n) => {
            let (a, b) = range(*at, *n, text);
            let piece = text[a..b].to_owned();
            text.insert_str(a, &piece);
        }
        Edit::Insert(at, s) => {
            let a = boundary(text, *at);
            text.insert_str(a, s);
        }
    }
}

fn mutated(seed: usize, edits: &[Edit]) -> (Format, String) {
    let all = seeds();
    let (format, mut text) = all[seed % all.len()].clone();
    for e in edits {
        apply(&mut text, e);
    }
    (format, text)
}

const FORMATS: &[Format] = &[
    Format::Toml,
    Format::Json,
    Format::Decide,
    Format::Bdm,
    Format::KtabCsv,
    Format::KtabXml,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Arbitrary text in every format.
    #[test]
    fn arbitrary_text_is_read_or_located(text in any::<String>(), k in 0usize..6) {
        exercise(FORMATS[k], &text)?;
    }

    /// Real files of every format, edited at random.
    #[test]
    fn mutated_files_are_read_or_located(
        seed in 0usize..64,
        edits in proptest::collection::vec(edit(), 1..10),
    ) {
        let (format, text) = mutated(seed, &edits);
        exercise(format, &text)?;
    }

    /// The same edited files read as every other format (a file given the wrong --from).
    #[test]
    fn mutated_files_in_the_wrong_format_are_read_or_located(
        seed in 0usize..64,
        edits in proptest::collection::vec(edit(), 0..4),
        k in 0usize..6,
    ) {
        let (_, text) = mutated(seed, &edits);
        exercise(FORMATS[k], &text)?;
    }

    /// DEU III rows, edited at random: a result or an error that says what and where.
    #[test]
    fn mutated_deu_files_are_read_or_refused(
        edits in proptest::collection::vec(edit(), 1..10),
        k in 0usize..4,
    ) {
        let mut text = deu_seed();
        for e in &edits {
            apply(&mut text, e);
        }
        let capability = [Capability::Gdp, Capability::Equal, Capability::Population, Capability::Votes][k];
        match deu::read(&text, capability) {
            Ok(d) => prop_assert!(!d.issues.is_empty()),
            Err(e) => {
                let message = e.to_string();
                prop_assert!(!message.is_empty());
                let located = message.starts_with("line ")
                    || message.contains(", line ")
                    || message.contains("(lines ")
                    || matches!(e, deu::DeuError::Empty);
                prop_assert!(located, "not located: {message}");
            }
        }
    }
}
