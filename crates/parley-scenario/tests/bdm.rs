//! Bueno de Mesquita's actor tables: the three shipped inputs read (CR-only line ends), the
//! expected utility model run on the imported files reproduces the references of
//! `crates/parley-core/tests/eum.rs`, malformed tables get located errors, any line ending
//! gives the same result, and an import survives the trip through Parley's TOML.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use parley_core::Inputs;
use parley_core::models::Eum;
use parley_core::models::eum::EumRun;
use parley_scenario::bdm::{self, Options};
use parley_scenario::{Diagnostic, Format, LoadError, parse_and_check, read_file};
use proptest::prelude::*;

fn shared(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/bdm")
        .join(file)
}

const EMISSION: &str = "emission_standards_BDM1994_ExampleActors.csv";
const CHINA: &str = "china_1989_ChinaData.csv";
const HONDURAS: &str = "HondurasCrisisData.csv";

// References: the EUM's medians and weighted means per round on these three files, shared with
// the core's EUM tests (their provenance is written out in `crates/parley-core/tests/eum.rs`).
// The scholz variant plays 8 rounds here, so its comparisons take rounds 0-8 of the 20.
#[allow(dead_code)]
mod references {
    include!("../../parley-core/tests/data/eum_references.rs");
}
use references::*;

/// Rounds 0-8: the scholz variant's own length.
const SCHOLZ_ROUNDS: usize = 9;

/// The references agree with Parley to about 1e-12 (see `crates/parley-core/tests/eum.rs`).
const TOL: f64 = 1e-9;

fn trajectory(inputs: &Inputs, run: &EumRun) -> (Vec<f64>, Vec<f64>) {
    let scale = inputs.scale(0);
    let r = &run.issues[0].rounds;
    (
        r.iter().map(|r| scale.from_internal(r.median)).collect(),
        r.iter().map(|r| scale.from_internal(r.mean)).collect(),
    )
}

fn assert_close(what: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{what}: {got:?}");
    for (t, (g, w)) in got.iter().zip(want).enumerate() {
        assert!((g - w).abs() <= TOL, "{what}[{t}]: {g} vs {w}");
    }
}

#[test]
fn the_shipped_tables_read_with_their_own_scales() {
    let s = read_file(&shared(EMISSION)).unwrap();
    assert_eq!(s.meta.name, "emission_standards_BDM1994_ExampleActors");
    assert_eq!(s.issues.len(), 1);
    let issue = &s.issues[0];
    assert_eq!(issue.id, "emission_standards_BDM1994_ExampleActors");
    assert_eq!((issue.scale.min, issue.scale.max), (4.0, 10.0));
    assert_eq!(s.actors.len(), 10);
    let nl = &s.actors[0];
    assert_eq!((nl.id.as_str(), nl.capability.value), ("Netherlands", 0.08));
    let st = &nl.stances[issue.id.as_str()];
    // Salience 80 on 0-100.
    assert_eq!((st.position.value, st.salience.value), (4.0, 0.8));

    let s = read_file(&shared(CHINA)).unwrap();
    assert_eq!(s.actors.len(), 24);
    assert_eq!(
        (s.issues[0].scale.min, s.issues[0].scale.max),
        (10.0, 100.0)
    );
    assert!(s.actor_index("STU/INTEL").is_some() && s.actor_index("Hong Kong").is_some());

    // Honduras codes salience on 0-1 already: kept as is.
    let s = read_file(&shared(HONDURAS)).unwrap();
    assert_eq!(s.actors.len(), 5);
    assert_eq!((s.issues[0].scale.min, s.issues[0].scale.max), (0.0, 1.0));
    let cr = &s.actors[s.actor_index("Costa Rica").unwrap()];
    assert_eq!(cr.stances[0].salience.value, 0.3);
    assert_eq!(cr.capability.value, 0.0001189);
}

#[test]
fn the_format_is_detected_from_the_header() {
    for file in [EMISSION, CHINA, HONDURAS] {
        let text = std::fs::read_to_string(shared(file)).unwrap();
        assert_eq!(Format::detect(&shared(file), &text), Format::Bdm, "{file}");
    }
}

#[test]
fn eum_on_the_imported_emission_table_reproduces_the_references() {
    let s = read_file(&shared(EMISSION)).unwrap();
    let inputs = Inputs::from_scenario(&s).unwrap();
    let run = Eum::scholz().simulate(&inputs).unwrap();
    let (median, mean) = trajectory(&inputs, &run);
    assert_close(
        "scholz median",
        &median,
        &SCHOLZ_EMISSION_MEDIAN[..SCHOLZ_ROUNDS],
    );
    assert_close("scholz mean", &mean, &SCHOLZ_EMISSION_MEAN[..SCHOLZ_ROUNDS]);
    let run = Eum::default().simulate(&inputs).unwrap();
    let (median, mean) = trajectory(&inputs, &run);
    assert_close("convergent median", &median, &CONVERGENT_EMISSION_MEDIAN);
    assert_close("convergent mean", &mean, &CONVERGENT_EMISSION_MEAN);
}

#[test]
fn eum_on_the_other_imported_tables_reproduces_the_references() {
    // Scholz's variant works on relative distances with the starting range: the file's own
    // scale (10-100) gives the reference's numbers.
    let s = read_file(&shared(CHINA)).unwrap();
    let inputs = Inputs::from_scenario(&s).unwrap();
    let (median, mean) = trajectory(&inputs, &Eum::scholz().simulate(&inputs).unwrap());
    assert_close("china scholz median", &median, &[20.0; 9]);
    assert_close(
        "china scholz mean",
        &mean,
        &SCHOLZ_CHINA_MEAN[..SCHOLZ_ROUNDS],
    );
    // The convergent variant's stopping rule is on the scale (0.5 of 100): the reference ran
    // China on 0-100, which the caller can ask for.
    let text = std::fs::read_to_string(shared(CHINA)).unwrap();
    let options = Options {
        scale: Some(parley_core::Scale {
            min: 0.0,
            max: 100.0,
        }),
        ..Options::for_file(CHINA)
    };
    let s = bdm::load(CHINA, &text, &options).unwrap();
    let inputs = Inputs::from_scenario(&s).unwrap();
    let (median, mean) = trajectory(&inputs, &Eum::default().simulate(&inputs).unwrap());
    assert_close("china convergent median", &median, &[20.0; 4]);
    assert_close("china convergent mean", &mean, &CONVERGENT_CHINA_MEAN);

    let s = read_file(&shared(HONDURAS)).unwrap();
    let inputs = Inputs::from_scenario(&s).unwrap();
    let (median, _) = trajectory(&inputs, &Eum::scholz().simulate(&inputs).unwrap());
    assert_close(
        "honduras scholz median",
        &median,
        &SCHOLZ_HONDURAS_MEDIAN[..SCHOLZ_ROUNDS],
    );
    let (median, mean) = trajectory(&inputs, &Eum::default().simulate(&inputs).unwrap());
    assert_close("honduras convergent median", &median, &[0.5; 4]);
    assert_close("honduras convergent mean", &mean, &CONVERGENT_HONDURAS_MEAN);
}

#[test]
fn lf_crlf_and_cr_line_ends_read_alike() {
    let cr = std::fs::read_to_string(shared(EMISSION)).unwrap();
    assert!(
        cr.contains('\r') && !cr.contains('\n'),
        "the shipped file is CR-only"
    );
    let lf = cr.replace('\r', "\n");
    let crlf = cr.replace('\r', "\r\n");
    let read = |t: &str| parse_and_check(t, Format::Bdm).unwrap();
    assert_eq!(read(&cr), read(&lf));
    assert_eq!(read(&cr), read(&crlf));
    // And problems are located on the same lines and columns.
    let broken = "Actor,Capability,Position,Salience\rA,1,4,50\rB,x,5,50\rC,1,6\r";
    let at = |t: &str| -> Vec<(&str, usize, usize)> {
        let d = parse_and_check(t, Format::Bdm).unwrap_err();
        d.iter().map(|d| (d.code, d.line, d.column)).collect()
    };
    let want = [("not-a-number", 3, 3), ("field-count", 4, 1)];
    assert_eq!(at(broken), want);
    assert_eq!(at(&broken.replace('\r', "\n")), want);
    assert_eq!(at(&broken.replace('\r', "\r\n")), want);
}

// ---------------------------------------------------------------------------------------------
// Malformed tables
// ---------------------------------------------------------------------------------------------

/// A malformed table, and what the reader must say: (code, line, column, message fragments).
struct Case {
    name: &'static str,
    text: &'static str,
    expect: &'static [(&'static str, usize, usize, &'static [&'static str])],
}

const HEADER: &str = "Actor,Capability,Position,Salience";

const CASES: &[Case] = &[
    Case {
        name: "missing field",
        text: "Actor,Capability,Position,Salience\nA,1,4,50\nB,1,5\n",
        expect: &[("field-count", 3, 1, &["needs 4 fields", "found 3"])],
    },
    Case {
        name: "not a number",
        text: "Actor,Capability,Position,Salience\nA,1,4,50\nB,high,5,50\n",
        expect: &[("not-a-number", 3, 3, &["capability of 'B'", "'high'"])],
    },
    Case {
        name: "negative capability",
        text: "Actor,Capability,Position,Salience\nA,1,4,50\nB,-0.2,5,50\n",
        expect: &[("capability-not-positive", 3, 3, &["-0.2", "greater than 0"])],
    },
    Case {
        name: "zero capability",
        text: "Actor,Capability,Position,Salience\nA,0,4,50\nB,1,5,50\n",
        expect: &[("capability-not-positive", 2, 3, &["'A' is 0"])],
    },
    Case {
        name: "NaN and infinity",
        text: "Actor,Capability,Position,Salience\nA,1,NaN,50\nB,inf,5,50\nC,1,6,50\n",
        expect: &[
            ("not-finite", 2, 5, &["position of 'A'", "NaN"]),
            ("not-finite", 3, 3, &["capability of 'B'", "inf"]),
        ],
    },
    Case {
        name: "empty actor name",
        text: "Actor,Capability,Position,Salience\nA,1,4,50\n  ,1,5,50\n",
        expect: &[("empty-text", 3, 1, &["actor name"])],
    },
    Case {
        name: "duplicate actor",
        text: "Actor,Capability,Position,Salience\nA,1,4,50\nB,1,5,50\n\"A\",2,6,50\n",
        expect: &[("duplicate-actor", 4, 1, &["'A'", "first on line 2"])],
    },
    Case {
        name: "empty file",
        text: "",
        expect: &[("empty-file", 1, 1, &["header"])],
    },
    Case {
        name: "blank lines only",
        text: "\r\n\r\n",
        expect: &[("empty-file", 1, 1, &[])],
    },
    Case {
        name: "header only",
        text: "Actor,Capability,Position,Salience\n",
        expect: &[("no-rows", 1, 1, &["no usable actor row"])],
    },
    Case {
        name: "every row unusable",
        text: "Actor,Capability,Position,Salience\nA,1,4\n",
        // The row's own error says it all; no "no usable actor row", no "no actors".
        expect: &[("field-count", 2, 1, &[])],
    },
    Case {
        name: "unknown column",
        text: "Actor,Capability,Position,Salience,Risk\nA,1,4,50,1\n",
        expect: &[("unknown-column", 1, 36, &["'Risk'", "Actor, Capability"])],
    },
    Case {
        name: "repeated column",
        text: "Actor,Position,Position,Salience\nA,1,4,50\n",
        expect: &[("unknown-column", 1, 16, &["'Position'"])],
    },
    Case {
        name: "missing column",
        text: "Actor,Capability,Salience\nA,1,50\n",
        expect: &[("missing-column", 1, 1, &["no Position column"])],
    },
    Case {
        name: "salience above 100",
        text: "Actor,Capability,Position,Salience\nA,1,4,50\nB,1,5,150\n",
        expect: &[("salience-out-of-range", 3, 7, &["150", "[0, 100]"])],
    },
    Case {
        name: "negative salience",
        text: "Actor,Capability,Position,Salience\nA,1,4,0.5\nB,1,5,-0.1\n",
        expect: &[("salience-out-of-range", 3, 7, &["-0.1", "[0, 1]"])],
    },
    Case {
        name: "several problems, CR-only",
        text: "Stakeholder,Resources,Position,Salience\rA,1,4,50\rB,,5,50\r\rC,1,6,50,7\rA,1,4,50\r",
        expect: &[
            ("not-a-number", 3, 3, &["capability of 'B'", "''"]),
            ("field-count", 5, 1, &["found 5"]),
            ("duplicate-actor", 6, 1, &["first on line 2"]),
        ],
    },
];

fn render(d: &[Diagnostic]) -> String {
    d.iter()
        .map(|d| format!("  {} at {}:{}: {}\n", d.code, d.line, d.column, d.message))
        .collect()
}

#[test]
fn malformed_tables_get_every_problem_located() {
    let mut failures = String::new();
    for case in CASES {
        let d = match parse_and_check(case.text, Format::Bdm) {
            Ok(_) => {
                failures.push_str(&format!("{}: accepted\n", case.name));
                continue;
            }
            Err(d) => d,
        };
        let got: Vec<(&str, usize, usize)> = d.iter().map(|d| (d.code, d.line, d.column)).collect();
        let want: Vec<(&str, usize, usize)> = case
            .expect
            .iter()
            .map(|(c, l, k, _)| (*c, *l, *k))
            .collect();
        if got != want {
            failures.push_str(&format!(
                "{}: expected {want:?}\n got {got:?}\n{}",
                case.name,
                render(&d)
            ));
            continue;
        }
        for ((_, _, _, fragments), d) in case.expect.iter().zip(&d) {
            for f in *fragments {
                if !d.message.contains(f) {
                    failures.push_str(&format!("{}: '{}' lacks '{f}'\n", case.name, d.message));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn read_file_names_the_file_and_the_line() {
    let dir = std::env::temp_dir().join(format!("parley-bdm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken table.csv");
    std::fs::write(&path, format!("{HEADER}\rA,1,4,50\rB,-1,5,50\r")).unwrap();
    let Err(LoadError::Invalid { file, diagnostics }) = read_file(&path) else {
        panic!("must be rejected");
    };
    assert_eq!(file, path.display().to_string());
    assert_eq!((diagnostics[0].line, diagnostics[0].column), (3, 3));
    assert_eq!(diagnostics[0].line_text, "B,-1,5,50");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_given_scale_and_issue_id_are_used_and_checked() {
    let text = format!("{HEADER}\nA,1,4,50\nB,1,12,50\n");
    let options = Options {
        issue: "year".into(),
        name: "emissions".into(),
        scale: Some(parley_core::Scale {
            min: 0.0,
            max: 10.0,
        }),
        salience_scale: None,
    };
    let Err(d) = bdm::parse_and_check(&text, &options) else {
        panic!("12 is off the scale 0-10");
    };
    assert_eq!(
        (d[0].code, d[0].line, d[0].column),
        ("position-out-of-scale", 3, 5)
    );
    let options = Options {
        scale: Some(parley_core::Scale {
            min: 0.0,
            max: 20.0,
        }),
        ..options
    };
    let s = bdm::parse_and_check(&text, &options).unwrap();
    assert_eq!(
        (s.meta.name.as_str(), s.issues[0].id.as_str()),
        ("emissions", "year")
    );
    assert_eq!(s.issues[0].scale.max, 20.0);
}

#[test]
fn names_keep_their_spelling_and_ids_lose_their_dots() {
    let text = format!("{HEADER}\n\"U.S.\",1,4,50\n\"Korea, Rep.\",1,6,50\n");
    let s = parse_and_check(&text, Format::Bdm).unwrap();
    let ids: Vec<(&str, &str)> = s
        .actors
        .iter()
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
    assert_eq!(ids, [("U_S_", "U.S."), ("Korea, Rep_", "Korea, Rep.")]);
}

// ---------------------------------------------------------------------------------------------
// Round trip
// ---------------------------------------------------------------------------------------------

#[test]
fn an_import_reads_back_from_toml_to_the_same_inputs() {
    for file in [EMISSION, CHINA, HONDURAS] {
        let imported = read_file(&shared(file)).unwrap();
        let toml = parley_scenario::write::to_toml(&imported);
        let back = match parse_and_check(&toml, Format::Toml) {
            Ok(s) => s,
            Err(d) => panic!(
                "{file}: the TOML does not read back:\n{}\n{toml}",
                render(&d)
            ),
        };
        assert_eq!(back, imported, "{file}");
        assert_eq!(
            Inputs::from_scenario(&back).unwrap(),
            Inputs::from_scenario(&imported).unwrap()
        );
    }
}

proptest! {
    /// Whatever a table holds, reading it never panics, and every problem lies on a line of the
    /// file with a column on that line.
    #[test]
    fn any_table_reads_or_is_rejected_at_a_real_place(
        rows in prop::collection::vec(
            prop::collection::vec(
                prop_oneof![
                    Just(String::new()),
                    "[A-Za-z .\"]{0,6}",
                    "-?[0-9]{0,3}(\\.[0-9]{1,2})?",
                    Just("NaN".to_owned()),
                    Just("\"a,\"\"b\"".to_owned()),
                ],
                0..6,
            ),
            0..6,
        ),
        ending in prop_oneof![Just("\n"), Just("\r"), Just("\r\n")],
    ) {
        let mut text = format!("{HEADER}{ending}");
        for row in &rows {
            text.push_str(&row.join(","));
            text.push_str(ending);
        }
        if let Err(d) = parse_and_check(&text, Format::Bdm) {
            let lines: Vec<String> = text.replace("\r\n", "\n").replace('\r', "\n")
                .split('\n').map(str::to_owned).collect();
            for d in &d {
                prop_assert!(d.line >= 1 && d.line <= lines.len(), "{d:?}");
                prop_assert_eq!(&d.line_text, &lines[d.line - 1]);
                prop_assert!(d.column >= 1 && d.column <= d.line_text.chars().count() + 1);
            }
        }
    }
}

#[test]
fn a_table_with_one_position_says_its_scale_is_the_default_not_the_files_range() {
    // Every actor at 50: the file gives no range, so the scale is 0-100; the issue's note
    // said it "runs from the lowest to the highest position in the file" (50 to 50).
    let s = parse_and_check(
        "Actor,Capability,Position,Salience\nA,10,50,0.5\nB,20,50,0.7\n",
        Format::Bdm,
    )
    .unwrap();
    let issue = &s.issues[0];
    assert_eq!((issue.scale.min, issue.scale.max), (0.0, 100.0));
    let note = issue.evidence.note.clone().unwrap_or_default();
    assert!(!note.contains("lowest to the highest"), "{note}");
    assert!(note.contains("0-100"), "{note}");
    // Two positions: the file's range, as before.
    let s = parse_and_check(
        "Actor,Capability,Position,Salience\nA,10,4,0.5\nB,20,10,0.7\n",
        Format::Bdm,
    )
    .unwrap();
    let note = s.issues[0].evidence.note.clone().unwrap_or_default();
    assert!(note.contains("lowest to the highest"), "{note}");
}
