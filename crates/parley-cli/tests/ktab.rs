//! The `parley` binary on KTAB's files: `parley run` reads them as they are, `parley import
//! --from ktab` converts them without changing the spatial model's result, `--smp` sets its
//! parameters, and smpExample.xml's empty coordinate is reported with file, line and field.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;

use common::parley;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ktab(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ktab")
        .join(name)
        .display()
        .to_string()
}

fn json(args: &[&str]) -> serde_json::Value {
    let o = parley(args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The smp run of a JSON analysis: the forecast and the positions of every round.
fn smp_result(v: &serde_json::Value) -> (serde_json::Value, serde_json::Value) {
    let m = v["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["model"] == "smp")
        .unwrap();
    (m["forecast"].clone(), m["rounds"].clone())
}

#[test]
fn a_ktab_csv_runs_as_it_is_with_ktabs_turns() {
    let v = json(&[
        "run",
        &ktab("dummyData_3Dim.csv"),
        "--model",
        "smp",
        "--format",
        "json",
    ]);
    let (forecast, rounds) = smp_result(&v);
    // KTAB's 2017 log: 11 states; the last state's most probable position is SActor-05's
    // (prob 0.4009), at 79.9, 34.4, 75.2 (KTAB's history, `%5.1f`).
    assert_eq!(rounds.as_array().unwrap().len(), 11);
    let f = |k: &str| format!("{:.1}", forecast[k].as_f64().unwrap());
    assert_eq!(
        [f("Pstn1"), f("Pstn2"), f("Pstn3")],
        ["79.9", "34.4", "75.2"]
    );
    let smp = &v["models"][0]["smp"];
    assert_eq!(smp["states"].as_array().unwrap().len(), 11);
    assert_eq!(smp["states"][10]["most_probable"], "SActor-05");
    assert_eq!(smp["params"]["voting_rule"], "proportional");
}

#[test]
fn importing_ktab_files_keeps_the_result() {
    let dir = std::env::temp_dir().join(format!("parley-ktab-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["SOE-Pol-Comp.csv", "smpExample_fixed.xml"] {
        let out = dir.join(format!("{file}.toml")).display().to_string();
        let o = parley(&["import", "--from", "ktab", &ktab(file), "-o", &out]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        assert!(text(&o.stderr).contains("saliences are divided by 100"));
        let direct = json(&["run", &ktab(file), "--model", "smp", "--format", "json"]);
        let imported = json(&["run", &out, "--model", "smp", "--format", "json"]);
        assert_eq!(smp_result(&direct), smp_result(&imported), "{file}");
    }
}

#[test]
fn smp_parameters_from_the_command_line() {
    let base = json(&[
        "run",
        &ktab("dummyData_3Dim.csv"),
        "-m",
        "smp",
        "-f",
        "json",
    ]);
    let cubic = json(&[
        "run",
        &ktab("dummyData_3Dim.csv"),
        "-m",
        "smp",
        "-f",
        "json",
        "--smp",
        "voting_rule=Cubic",
    ]);
    assert_eq!(cubic["models"][0]["smp"]["params"]["voting_rule"], "cubic");
    // KTAB under VotingRule=Cubic: 13 states (tests/data/ktab/options in parley-scenario).
    assert_eq!(smp_result(&cubic).1.as_array().unwrap().len(), 13);
    assert_ne!(smp_result(&base), smp_result(&cubic));

    let o = parley(&["run", "--smp", "voting_rule=majority"]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("'majority' is not a valid voting_rule") && err.contains("prop_cbc"),
        "{err}"
    );
    // Help asked for is an answer: on stdout, exit 0, and nothing is run.
    let o = parley(&["run", "--smp", "help"]);
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(out.contains("state_transitions"), "{out}");
    assert!(!out.contains("Forecast"), "{out}");
    assert!(text(&o.stderr).is_empty());
}

#[test]
fn smp_examples_empty_coordinate_is_located() {
    let o = parley(&["validate", &ktab("smpExample.xml")]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("error[empty-value]"), "{err}");
    assert!(err.contains("smpExample.xml:32:9"), "{err}");
    assert!(err.contains("actor[0].stance.FirstDim.position"), "{err}");
    assert!(err.contains("write a number from 0 to 100"), "{err}");
    let o = parley(&[
        "validate",
        &ktab("smpExample_fixed.xml"),
        &ktab("dummyData_3Dim.xml"),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
}

#[test]
fn every_default_output_has_smp() {
    let o = parley(&["models"]);
    assert!(text(&o.stdout).contains("smp"));
    let v = json(&["run", "--format", "json"]);
    let (forecast, rounds) = smp_result(&v);
    assert_eq!(forecast.as_object().unwrap().len(), 4);
    assert!(rounds.as_array().unwrap().len() >= 3);
}
