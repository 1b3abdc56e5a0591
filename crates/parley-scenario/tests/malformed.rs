//! Hand-made malformed scenarios, each broken in one known way (a few on purpose in several).
//!
//! Every `tests/malformed/*.toml` file states what the reader must report in its header:
//!
//! ```text
//! # expect: salience-out-of-range at line 26
//! # message-contains: 80
//! ```
//!
//! One `# expect: CODE at line N` line per problem; any `# message-contains: TEXT` lines that
//! follow an expect line must all occur in that diagnostic's message (the offending value, the
//! valid range). The file must be rejected with exactly that multiset of (code, line) pairs:
//! nothing missing, nothing extra, nothing reported twice. JSON has no comments, so the
//! `*.json` cases keep their expectations in [`JSON_CASES`] below.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use parley_scenario::{Diagnostic, Format, LoadError, parse_and_check, read_file};

/// Expectations of the JSON cases: file name, then (code, line, message fragments).
type Case = (
    &'static str,
    &'static [(&'static str, usize, &'static [&'static str])],
);
const JSON_CASES: &[Case] = &[
    // Salience coded on 0-100, deep in a multi-line file.
    (
        "90-json-salience-percent.json",
        &[("salience-out-of-range", 30, &["80", "[0, 1]"])],
    ),
    // "capability" twice in one object: the second occurrence is the duplicate.
    (
        "91-json-duplicate-key.json",
        &[("duplicate-key", 27, &["capability"])],
    ),
    // A trailing comma after the last field of the issue object (line 11).
    ("92-json-syntax-error.json", &[("syntax", 11, &[])]),
    // A string position and an unknown key, on consecutive lines.
    (
        "93-json-several-problems.json",
        &[
            ("wrong-type", 29, &["string", "sixty"]),
            ("unknown-key", 30, &["weight"]),
        ],
    ),
    // A valid scenario wrapped in an array: the root must be an object. That one problem only;
    // the empty name, no issues and no actors that follow from it are echoes.
    ("94-json-root-array.json", &[("wrong-type", 1, &["array"])]),
    // `NaN` as some JSON writers put it: not JSON; the key and what to write instead are named.
    (
        "95-json-nan.json",
        &[("syntax", 5, &["`NaN` for \"capability\"", "finite number"])],
    ),
];

/// The fewest TOML cases the folder must hold, so the test cannot pass vacuously.
const MIN_TOML_CASES: usize = 12;

#[derive(Debug, Clone)]
struct Expected {
    code: String,
    line: usize,
    contains: Vec<String>,
}

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed")
}

/// Every file in the folder, sorted by name.
fn case_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder())
        .expect("tests/malformed exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Parses the `# expect:` and `# message-contains:` lines of a TOML case.
fn parse_header(text: &str) -> Result<Vec<Expected>, String> {
    let mut out: Vec<Expected> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(rest) = line.strip_prefix("# expect:") {
            let (code, at) = rest
                .trim()
                .split_once(" at line ")
                .ok_or_else(|| format!("line {}: write '# expect: CODE at line N'", n + 1))?;
            let at: usize = at
                .trim()
                .parse()
                .map_err(|_| format!("line {}: '{at}' is not a line number", n + 1))?;
            if at == 0 {
                return Err(format!("line {}: lines are 1-based", n + 1));
            }
            out.push(Expected {
                code: code.trim().to_owned(),
                line: at,
                contains: Vec::new(),
            });
        } else if let Some(rest) = line.strip_prefix("# message-contains:") {
            let last = out.last_mut().ok_or_else(|| {
                format!("line {}: message-contains before any expect line", n + 1)
            })?;
            last.contains.push(rest.trim().to_owned());
        }
    }
    Ok(out)
}

fn json_expectations(name: &str) -> Option<Vec<Expected>> {
    let (_, cases) = JSON_CASES.iter().find(|(file, _)| *file == name)?;
    Some(
        cases
            .iter()
            .map(|(code, line, contains)| Expected {
                code: (*code).to_owned(),
                line: *line,
                contains: contains.iter().map(|s| (*s).to_owned()).collect(),
            })
            .collect(),
    )
}

fn render(diagnostics: &[Diagnostic]) -> String {
    let mut s = String::new();
    for d in diagnostics {
        let _ = writeln!(
            s,
            "    {} at {}:{} (path {:?}, span {:?}): {}",
            d.code, d.line, d.column, d.path, d.span, d.message
        );
    }
    s
}

/// Checks one case; returns a description of everything wrong with the reader's answer.
fn check_case(text: &str, format: Format, expected: &[Expected]) -> Vec<String> {
    let mut problems = Vec::new();
    let diagnostics = match parse_and_check(text, format) {
        Ok(_) => return vec!["accepted, but it is malformed".to_owned()],
        Err(d) => d,
    };
    if diagnostics.is_empty() {
        problems.push("rejected with an empty list of diagnostics".to_owned());
    }
    let lines: Vec<&str> = text.split('\n').collect();
    for d in &diagnostics {
        if d.line == 0 || d.column == 0 || d.span.start > text.len() {
            problems.push(format!(
                "{} has line {}, column {}, span {:?} (text is {} bytes)",
                d.code,
                d.line,
                d.column,
                d.span,
                text.len()
            ));
        } else if let Some(actual) = lines.get(d.line - 1)
            && d.line_text != actual.trim_end_matches('\r')
        {
            problems.push(format!(
                "{} at line {}: line_text {:?} is not that line of the file ({actual:?})",
                d.code, d.line, d.line_text
            ));
        }
    }

    let mut want: Vec<(String, usize)> =
        expected.iter().map(|e| (e.code.clone(), e.line)).collect();
    let mut got: Vec<(String, usize)> = diagnostics
        .iter()
        .map(|d| (d.code.to_owned(), d.line))
        .collect();
    want.sort();
    got.sort();
    if want != got {
        let missing = multiset_minus(&want, &got);
        let extra = multiset_minus(&got, &want);
        problems.push(format!(
            "expected {want:?}\n  got      {got:?}\n  missing  {missing:?}\n  extra    {extra:?}\n  all diagnostics:\n{}",
            render(&diagnostics)
        ));
    }

    // Each expectation's message fragments must appear in one diagnostic with its code and line
    // (a diagnostic serves at most one expectation).
    let mut used = BTreeSet::new();
    for e in expected.iter().filter(|e| !e.contains.is_empty()) {
        let hit = diagnostics.iter().enumerate().find(|(k, d)| {
            !used.contains(k)
                && d.code == e.code
                && d.line == e.line
                && e.contains.iter().all(|c| d.message.contains(c.as_str()))
        });
        match hit {
            Some((k, _)) => {
                used.insert(k);
            }
            None => {
                let same: Vec<&str> = diagnostics
                    .iter()
                    .filter(|d| d.code == e.code && d.line == e.line)
                    .map(|d| d.message.as_str())
                    .collect();
                problems.push(format!(
                    "no {} at line {} whose message contains all of {:?}; messages there: {same:?}",
                    e.code, e.line, e.contains
                ));
            }
        }
    }
    problems
}

fn multiset_minus(a: &[(String, usize)], b: &[(String, usize)]) -> Vec<(String, usize)> {
    let mut rest: Vec<(String, usize)> = b.to_vec();
    let mut out = Vec::new();
    for x in a {
        match rest.iter().position(|y| y == x) {
            Some(k) => {
                rest.remove(k);
            }
            None => out.push(x.clone()),
        }
    }
    out
}

#[test]
fn every_malformed_file_is_rejected_with_exactly_its_expected_problems() {
    let files = case_files();
    let mut failures = String::new();
    let mut toml_cases = 0;
    let mut json_seen = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let format = Format::from_path(path);
        let expected = match format {
            Format::Toml => match parse_header(&text) {
                Ok(e) if e.is_empty() => {
                    let _ = writeln!(failures, "{name}: no '# expect:' line in its header\n");
                    continue;
                }
                Ok(e) => {
                    toml_cases += 1;
                    e
                }
                Err(err) => {
                    let _ = writeln!(failures, "{name}: bad header: {err}\n");
                    continue;
                }
            },
            Format::Json => match json_expectations(&name) {
                Some(e) => {
                    json_seen.push(name.clone());
                    e
                }
                None => {
                    let _ = writeln!(failures, "{name}: no entry in JSON_CASES\n");
                    continue;
                }
            },
            // `from_path` names none of the imported formats; their files are tested in decide.rs,
            // bdm.rs and ktab.rs.
            Format::Decide | Format::Bdm | Format::KtabCsv | Format::KtabXml => continue,
        };
        let problems = check_case(&text, format, &expected);
        if !problems.is_empty() {
            let _ = writeln!(failures, "{name}:\n  {}\n", problems.join("\n  "));
        }
    }
    for (file, _) in JSON_CASES {
        if !json_seen.iter().any(|s| s == file) {
            let _ = writeln!(
                failures,
                "{file}: listed in JSON_CASES but not in tests/malformed\n"
            );
        }
    }
    assert!(
        toml_cases >= MIN_TOML_CASES,
        "found only {toml_cases} TOML cases in {}; expected at least {MIN_TOML_CASES}",
        folder().display()
    );
    assert!(
        !json_seen.is_empty(),
        "found no JSON case in {}",
        folder().display()
    );
    assert!(failures.is_empty(), "malformed cases failed:\n\n{failures}");
}

/// `read_file` agrees with `parse_and_check` on every case, and names the file. (Whether each
/// case is rejected at all is the business of the test above.)
#[test]
fn read_file_returns_the_same_diagnostics_with_the_file_name() {
    for path in case_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let direct = parse_and_check(&text, Format::from_path(&path));
        match (read_file(&path), direct) {
            (Err(LoadError::Invalid { file, diagnostics }), Err(direct)) => {
                assert_eq!(file, path.display().to_string());
                assert_eq!(diagnostics, direct, "{}", path.display());
            }
            (Ok(via_file), Ok(direct)) => assert_eq!(via_file, direct, "{}", path.display()),
            (via_file, direct) => panic!(
                "{}: read_file and parse_and_check disagree: {via_file:?} vs {direct:?}",
                path.display()
            ),
        }
    }
}

#[test]
fn the_header_parser_reads_what_the_cases_write() {
    let text = "# case\n# expect: salience-out-of-range at line 14\n# message-contains: 80\n\
                # message-contains: [0, 1]\n# expect: syntax at line 3\n[scenario]\n";
    let e = parse_header(text).unwrap();
    assert_eq!(e.len(), 2);
    assert_eq!(
        (e[0].code.as_str(), e[0].line),
        ("salience-out-of-range", 14)
    );
    assert_eq!(e[0].contains, ["80", "[0, 1]"]);
    assert_eq!((e[1].code.as_str(), e[1].line), ("syntax", 3));
    assert!(e[1].contains.is_empty());
    assert!(parse_header("# expect: syntax on line 3\n").is_err());
    assert!(parse_header("# expect: syntax at line 0\n").is_err());
    assert!(parse_header("# message-contains: 80\n").is_err());
}
