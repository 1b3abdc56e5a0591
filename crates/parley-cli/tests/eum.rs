//! The expected utility model on the command line: `--eum-variant`, the `--rounds` tables,
//! BDM tables run, validated and imported as they are.
#![allow(clippy::unwrap_used)]

mod common;

/// The EUM's reference medians and means, shared with the core's and the importer's tests.
#[allow(dead_code)]
mod references {
    include!("../../parley-core/tests/data/eum_references.rs");
}

use std::path::PathBuf;

use common::*;
use references::{CONVERGENT_EMISSION_MEDIAN, SCHOLZ_EMISSION_MEDIAN};

fn temp_file(name: &str, text: &str) -> PathBuf {
    scratch_file("cli-eum", name, text)
}

fn bdm(file: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/bdm")
        .join(file)
        .display()
        .to_string()
}

const EMISSION: &str = "emission_standards_BDM1994_ExampleActors.csv";

/// Four parties on one issue, small enough to follow every move by eye.
const SMALL: &str = r#"[scenario]
name = "Small EUM case"

[[issue]]
id = "tax"
name = "Top tax rate"
low = "0%"
high = "50%"
scale = [0, 50]

[[actor]]
id = "labour"
name = "Labour"
capability = 3

[actor.stance.tax]
position = 40
salience = 0.9

[[actor]]
id = "liberals"
name = "Liberals"
capability = 2

[actor.stance.tax]
position = 25
salience = 0.5

[[actor]]
id = "greens"
name = "Greens"
capability = 1

[actor.stance.tax]
position = 45
salience = 0.7

[[actor]]
id = "tories"
name = "Tories"
capability = 3

[actor.stance.tax]
position = 10
salience = 0.8
"#;

/// The part of `parley run` output from the rounds on.
fn rounds_section(text: &str) -> String {
    let at = text.find("Rounds of").expect("a rounds section");
    text[at..].to_owned()
}

#[test]
fn the_rounds_table_shows_positions_moves_and_pairs() {
    let path = temp_file("small.toml", SMALL);
    let p = path.to_str().unwrap();
    let o = parley(&["run", p, "--model", "eum", "--rounds"]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!("eum_rounds_convergent", rounds_section(&stdout(&o)));
    let o = parley(&[
        "run",
        p,
        "--model",
        "eum",
        "--rounds",
        "--eum-variant",
        "scholz",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!("eum_rounds_scholz", rounds_section(&stdout(&o)));
}

/// Forecast and per-round outcomes of a one-issue JSON run.
fn eum_json(args: &[&str]) -> (f64, Vec<f64>, String) {
    let o = parley(args);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let m = &v["models"][0];
    assert_eq!(m["model"], "eum");
    let issue = v["issues"][0]["id"].as_str().unwrap().to_owned();
    let forecast = m["forecast"][&issue].as_f64().unwrap();
    let rounds = m["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["forecast"][&issue].as_f64().unwrap())
        .collect();
    (forecast, rounds, m["name"].as_str().unwrap().to_owned())
}

fn assert_close(what: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{what}: {got:?}");
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() <= 1e-9, "{what}: {got:?} vs {want:?}");
    }
}

#[test]
fn run_on_the_emission_table_gives_the_reference_numbers() {
    // Medians by round from the shared references (runs of schelling @ e4faad65 and of the
    // scholz port @ 55f63e9f on this very file; provenance in crates/parley-core/tests/eum.rs).
    let file = bdm(EMISSION);
    let args = ["run", file.as_str(), "--model", "eum", "--format", "json"];
    let (forecast, rounds, name) = eum_json(&args);
    let convergent = CONVERGENT_EMISSION_MEDIAN;
    assert_close("convergent", &rounds, &convergent);
    assert_close("convergent forecast", &[forecast], &convergent[3..]);
    assert!(!name.contains("Scholz"), "{name}");

    let mut args = args.to_vec();
    args.extend(["--eum-variant", "scholz"]);
    let (forecast, rounds, name) = eum_json(&args);
    // The scholz variant plays 8 rounds: rounds 0-8 of the reference's 20.
    let scholz = &SCHOLZ_EMISSION_MEDIAN[..9];
    assert_close("scholz", &rounds, scholz);
    assert_close("scholz forecast", &[forecast], &scholz[8..]);
    assert!(name.contains("Scholz"), "{name}");
}

#[test]
fn validate_reads_the_three_shipped_tables() {
    let files: Vec<String> = [
        EMISSION,
        "china_1989_ChinaData.csv",
        "HondurasCrisisData.csv",
    ]
    .iter()
    .map(|f| bdm(f))
    .collect();
    let mut args = vec!["validate"];
    args.extend(files.iter().map(String::as_str));
    let o = parley(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for want in [
        "ok (10 actors, 1 issue)",
        "ok (24 actors, 1 issue)",
        "ok (5 actors, 1 issue)",
    ] {
        assert!(out.contains(want), "{out}");
    }
}

#[test]
fn a_broken_table_is_reported_with_file_line_and_column() {
    let path = temp_file(
        "broken.csv",
        "Actor,Capability,Position,Salience\rA,1,4,80\rB,-0.5,7,40\rA,2,10,20\r",
    );
    let o = parley(&["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("capability-not-positive"), "{err}");
    assert!(err.contains("broken.csv:3:3"), "{err}");
    assert!(err.contains("duplicate-actor"), "{err}");
    assert!(err.contains("broken.csv:4:1"), "{err}");
}

#[test]
fn import_converts_a_table_that_runs_the_same() {
    let file = bdm(EMISSION);
    let out = temp_file("emission.toml", "");
    let o = parley(&[
        "import",
        "--from",
        "bdm",
        &file,
        "-o",
        out.to_str().unwrap(),
        // The file was made empty beforehand: replacing it takes --force.
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("imported 10 actors and 1 issue"),
        "{}",
        stderr(&o)
    );
    let toml = std::fs::read_to_string(&out).unwrap();
    assert!(
        toml.contains("salience read on 0-100 and divided by 100"),
        "{toml}"
    );
    let direct = eum_json(&["run", &file, "--model", "eum", "--format", "json"]);
    let imported = eum_json(&[
        "run",
        out.to_str().unwrap(),
        "--model",
        "eum",
        "--format",
        "json",
    ]);
    assert_eq!(direct, imported);
}

#[test]
fn import_takes_an_issue_id_and_a_scale() {
    let o = parley(&[
        "import",
        "--from",
        "bdm",
        &bdm("china_1989_ChinaData.csv"),
        "--issue-id",
        "reform",
        "--issue-scale",
        "0,100",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let toml = stdout(&o);
    assert!(toml.contains("id = \"reform\""), "{toml}");
    assert!(toml.contains("scale = [0.0, 100.0]"), "{toml}");
    assert!(toml.contains("[actor.stance.reform]"), "{toml}");
    // Negative ends parse; an empty scale or a flag for another format is a usage error.
    let o = parley(&[
        "import",
        "--from",
        "bdm",
        &bdm(EMISSION),
        "--issue-scale",
        "-10,10",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = parley(&[
        "import",
        "--from",
        "bdm",
        &bdm(EMISSION),
        "--issue-scale",
        "5,5",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = parley(&[
        "import",
        "--from",
        "json",
        &bdm(EMISSION),
        "--issue-id",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--from bdm"), "{}", stderr(&o));
    // Sweep item 21: on a Parley TOML file the flags read it as a BDM table, refused for an
    // "unknown or repeated column '[scenario]'".
    let toml = repo_file("scenarios/grand-bargain-2025.toml");
    let o = parley(&["import", &toml, "--issue-id", "x"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is a Parley TOML scenario, which needs no import"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("column"), "{}", stderr(&o));
}

/// Sweep 5 item 5's mixed column (0.8, 0.6, 1.5) is refused (`mixed-salience-scale`); the
/// message names `--salience-scale`, which settles it: on 0-100 each salience is divided by
/// 100 (0.8 -> 0.008), on 0-1 the 1.5 is an error at its line.
#[test]
fn import_reads_a_mixed_salience_column_on_the_scale_given() {
    let table =
        "Actor,Capability,Position,Salience\nNorth,40,10,0.8\nSouth,30,70,0.6\nEast,20,50,1.5\n";
    let file = temp_file("mixed.csv", table);
    let file = file.to_str().unwrap();
    let o = parley(&["import", file]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("mixed-salience-scale"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("parley import --salience-scale 1` (or 100)"),
        "{}",
        stderr(&o)
    );
    let o = parley(&["import", file, "--salience-scale", "100"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let toml = stdout(&o);
    assert!(toml.contains("salience = 0.008"), "{toml}");
    assert!(toml.contains("salience = 0.015"), "{toml}");
    assert!(toml.contains("(as --salience-scale says)"), "{toml}");
    let o = parley(&["import", file, "--salience-scale", "1"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("salience-out-of-range"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains(":4:"), "{}", stderr(&o));
    // Only 1 and 100 are scales; another format has no salience column to read.
    let o = parley(&["import", file, "--salience-scale", "10"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = parley(&["import", "--from", "json", file, "--salience-scale", "1"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("BDM actor tables"), "{}", stderr(&o));
}

/// One table, its saliences written on 0-1 and on 0-100 (0.8 and 80, ...): read with
/// `--salience-scale 1` and `--salience-scale 100` respectively, they are the same scenario,
/// so `run`'s JSON is the same to the byte, and the same as `run` reading either table as it
/// is (any salience above 1 means 0-100). The flag is parsed with the other BDM options
/// (`--issue-id`, `--issue-scale`), in one place.
#[test]
fn a_table_on_0_1_with_salience_scale_1_runs_as_the_same_table_on_0_100() {
    let rows = [
        ("North", 40, 10, 80),
        ("South", 30, 70, 60),
        ("East", 20, 50, 90),
    ];
    let table = |percent: bool| {
        let mut t = String::from("Actor,Capability,Position,Salience\n");
        for (name, c, x, s) in rows {
            let s = if percent {
                s.to_string()
            } else {
                format!("{}", f64::from(s) / 100.0)
            };
            t.push_str(&format!("{name},{c},{x},{s}\n"));
        }
        t
    };
    // The same file name in two folders, so the scenario's name (the stem) is the same.
    let unit = scratch_file("cli-eum-unit", "table.csv", &table(false));
    let percent = scratch_file("cli-eum-percent", "table.csv", &table(true));
    assert!(table(false).contains(",0.8\n") && table(true).contains(",80\n"));
    let run_json = |file: &str| {
        let o = parley(&["run", file, "--format", "json"]);
        assert!(o.status.success(), "{file}: {}", stderr(&o));
        stdout(&o)
    };
    let imported = |file: &PathBuf, scale: &str| {
        let o = parley(&["import", file.to_str().unwrap(), "--salience-scale", scale]);
        assert!(o.status.success(), "{}", stderr(&o));
        let toml = stdout(&o);
        assert!(toml.contains("(as --salience-scale says)"), "{toml}");
        assert!(toml.contains("salience = 0.8"), "{toml}");
        let suite = format!("cli-eum-imported-{scale}");
        let out = scratch_file(&suite, "table.toml", &toml);
        run_json(out.to_str().unwrap())
    };
    let from_unit = imported(&unit, "1");
    assert_eq!(from_unit, imported(&percent, "100"));
    assert_eq!(from_unit, run_json(unit.to_str().unwrap()));
    assert_eq!(from_unit, run_json(percent.to_str().unwrap()));
    // The flag is obeyed, not ignored: on 0-100 the 0-1 table's 0.8 becomes 0.008.
    let o = parley(&["import", unit.to_str().unwrap(), "--salience-scale", "100"]);
    assert!(stdout(&o).contains("salience = 0.008"), "{}", stdout(&o));
}

#[test]
fn mc_reports_how_often_each_pair_ends_in_conflict() {
    let file = bdm(EMISSION);
    let base = ["mc", file.as_str(), "--model", "eum", "--runs", "50"];
    let o = parley(&base);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = stdout(&o);
    assert!(
        table.contains("Pairs most often in conflict at the end of a run (eum;"),
        "{table}"
    );
    // The table has no ranges to draw from: every run is the plain run, so each pair is in one
    // class in all runs.
    let mut args = base.to_vec();
    args.extend(["--format", "json"]);
    let o = parley(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let p = &v["pairs"][0];
    assert_eq!(p["model"], "eum");
    assert_eq!(p["per_judge"], false);
    let pairs = p["issues"]["emission_standards_BDM1994_ExampleActors"]
        .as_array()
        .unwrap();
    assert_eq!(pairs.len(), 45, "10 actors");
    for x in pairs {
        let sum: f64 = x["shares"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_f64().unwrap())
            .sum();
        assert!((sum - 1.0).abs() < 1e-12, "{x}");
        let ones = x["shares"]
            .as_object()
            .unwrap()
            .values()
            .filter(|v| v.as_f64() == Some(1.0))
            .count();
        assert_eq!(ones, 1, "{x}");
    }
    let mut args = base.to_vec();
    args.extend(["--format", "csv", "--eum-variant", "scholz"]);
    let o = parley(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = stdout(&o);
    // Scholz's variant: 90 judgments x 6 classes.
    assert_eq!(
        csv.lines().filter(|l| l.starts_with("pair,eum,")).count(),
        540
    );
    assert!(csv.contains("\"conflict|Netherlands|Belgium\""), "{csv}");
}
