//! Variants on every analysis command (issue 18): any number of `--what-if` and `--set`,
//! combined in order, and `mc --scan`, each agreeing with `run` / `mc --set` at its point
//! values; bad variants get a clear error.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use serde_json::Value;

fn json_of(args: &[&str]) -> Value {
    let o = parley(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

/// Model id -> issue id -> point forecast, from `run --format json`.
fn point_forecasts(run: &Value) -> Value {
    let models = run["models"].as_array().unwrap();
    Value::Object(
        models
            .iter()
            .map(|m| {
                (
                    m["model"].as_str().unwrap().to_owned(),
                    m["forecast"].clone(),
                )
            })
            .collect(),
    )
}

#[test]
fn what_if_and_set_combine_on_mc_and_agree_with_run() {
    let set = "usa.ukraine_aid.salience=0.3";
    let mc = json_of(&[
        "mc",
        "--what-if",
        "us_stops_aid",
        "--set",
        set,
        "--runs",
        "200",
        "--format",
        "json",
    ]);
    let base = json_of(&["mc", "--runs", "200", "--format", "json"]);
    assert_ne!(mc["models"], base["models"], "the variant changed nothing");
    // The same variant through a one-value scan: the scan's Monte Carlo is mc's, to the bit,
    // and its point forecasts are run's.
    let scan = json_of(&[
        "mc",
        "--what-if",
        "us_stops_aid",
        "--scan",
        "usa.ukraine_aid.salience=0.3:0.3:1",
        "--runs",
        "200",
        "--format",
        "json",
    ]);
    let step = &scan["steps"][0];
    assert_eq!(step["value"], 0.3);
    assert_eq!(step["conditions"], mc["conditions"]);
    let run = json_of(&[
        "run",
        "--what-if",
        "us_stops_aid",
        "--set",
        set,
        "--format",
        "json",
    ]);
    assert_eq!(step["forecast"], point_forecasts(&run));
    for (m, model) in mc["models"].as_array().unwrap().iter().enumerate() {
        let id = model["model"].as_str().unwrap();
        for (issue, summary) in model["issues"].as_object().unwrap() {
            assert_eq!(
                step["mean"][id][issue], summary["mean"],
                "model {m} {issue}"
            );
        }
    }
}

#[test]
fn a_scan_agrees_with_run_and_mc_at_every_value() {
    let scan = json_of(&[
        "mc",
        "--scan",
        "usa.ukraine_aid.salience=0:1:0.25",
        "--runs",
        "100",
        "--format",
        "json",
    ]);
    let steps = scan["steps"].as_array().unwrap();
    let values: Vec<f64> = steps.iter().map(|s| s["value"].as_f64().unwrap()).collect();
    assert_eq!(values, [0.0, 0.25, 0.5, 0.75, 1.0]);
    for step in steps {
        let edit = format!("usa.ukraine_aid.salience = {}", step["value"]);
        let run = json_of(&["run", "--set", &edit, "--format", "json"]);
        assert_eq!(step["forecast"], point_forecasts(&run), "{edit}");
        let mc = json_of(&["mc", "--set", &edit, "--runs", "100", "--format", "json"]);
        assert_eq!(step["conditions"], mc["conditions"], "{edit}");
    }
    // The number matters: the compromise forecast of Ukraine aid moves across the scan.
    let aid = |k: usize| {
        steps[k]["forecast"]["compromise"]["ukraine_aid"]
            .as_f64()
            .unwrap()
    };
    assert_ne!(aid(0), aid(4));
    // CSV and table carry the same steps.
    let csv = stdout(&parley(&[
        "mc",
        "--scan",
        "usa.ukraine_aid.salience=0:1:0.5",
        "--runs",
        "50",
        "--format",
        "csv",
    ]));
    assert!(
        csv.starts_with("value,kind,id,model,point,mc_mean,"),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("0.5,condition,iran_wants_deal,compromise,"))
    );
    let table = stdout(&parley(&[
        "mc",
        "--scan",
        "usa.ukraine_aid.salience=0:1:0.5",
        "--runs",
        "50",
    ]));
    assert!(
        table.contains("Scan of usa.ukraine_aid.salience (3 values"),
        "{table}"
    );
}

#[test]
fn every_analysis_command_takes_repeated_what_ifs_and_sets() {
    let variant = [
        "--what-if",
        "us_stops_aid",
        "--what-if",
        "irn_gov_sidelined",
        "--set",
        "rus.capability *= 2",
    ];
    for cmd in [
        vec!["run", "--format", "json"],
        vec!["mc", "--runs", "20", "--format", "json"],
        vec!["sensitivity", "--runs", "20", "--format", "json"],
        vec!["bargain", "--runs", "20", "--format", "json"],
        vec![
            "advise", "--actor", "usa", "--runs", "0", "--format", "json",
        ],
        vec!["compare", "--format", "json"],
    ] {
        let mut args = cmd.clone();
        args.extend(variant);
        let o = parley(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        // What is computed from a variant says so, so a saved file never passes for the
        // coding as written (compare names each variant in its own field).
        if cmd[0] != "compare" {
            let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
            assert_eq!(
                doc["variant"],
                serde_json::json!({
                    "what_ifs": ["us_stops_aid", "irn_gov_sidelined"],
                    "set": ["rus.capability *= 2"],
                }),
                "{args:?}"
            );
            assert_eq!(doc.as_object().unwrap().keys().next().unwrap(), "variant");
        }
    }
    let label = "What-if: us_stops_aid + irn_gov_sidelined; set: rus.capability *= 2";
    for cmd in [
        vec!["run"],
        vec!["mc", "--runs", "20"],
        vec!["sensitivity", "--runs", "20"],
        vec!["bargain", "--runs", "20"],
        vec!["advise", "--actor", "usa", "--runs", "0"],
        vec![
            "advise", "--actor", "usa", "--runs", "0", "--format", "html",
        ],
        vec!["plot", "--chart", "forecasts"],
    ] {
        let mut args = cmd.clone();
        args.extend(variant);
        let o = parley(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert!(
            stdout(&o).contains(label),
            "{args:?} does not name the variant"
        );
        let plain = parley(&cmd);
        assert!(
            !stdout(&plain).contains("What-if:"),
            "{cmd:?} names a variant"
        );
    }
    let plain = json_of(&["run", "--format", "json"]);
    assert!(plain.get("variant").is_none());
    let run = json_of(&[
        "run",
        "--format",
        "json",
        "--what-if",
        "us_stops_aid",
        "--what-if",
        "irn_gov_sidelined",
    ]);
    let one = json_of(&["run", "--format", "json", "--what-if", "us_stops_aid"]);
    assert_ne!(point_forecasts(&run), point_forecasts(&one));
}

#[test]
fn overlapping_what_ifs_and_bad_scans_get_clear_errors() {
    let flagship = std::fs::read_to_string(repo_file("scenarios/grand-bargain-2025.toml")).unwrap();
    let text = format!(
        "{flagship}\n[[what_if]]\nid = \"aid_back\"\nname = \"Aid restored\"\n\
         edits = [\"usa.ukraine_aid.position = 80\"]\n"
    );
    let file = scratch_file("variants", "overlap.toml", &text);
    let file = file.to_str().unwrap();
    let o = parley(&[
        "run",
        file,
        "--what-if",
        "us_stops_aid",
        "--what-if",
        "aid_back",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("what-ifs 'us_stops_aid' and 'aid_back' both change usa.ukraine_aid.position"),
        "{err}"
    );
    // A --set after them is how to say which value is meant.
    let o = parley(&[
        "run",
        file,
        "--what-if",
        "us_stops_aid",
        "--set",
        "usa.ukraine_aid.position = 80",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (scan, want) in [
        (
            "usa.ukraine_aid.salience=low:1:0.25",
            "FROM 'low' is not a finite number",
        ),
        ("usa.ukraine_aid.mood=0:1:0.25", "unknown field 'mood'"),
        ("usa.ukraine_aid.salience=0:1", "PATH=FROM:TO:STEP"),
        (
            "usa.ukraine_aid.salience=0:1:0.0001",
            "more than the 1000 allowed",
        ),
    ] {
        let o = parley(&["mc", "--scan", scan, "--runs", "10"]);
        assert_eq!(o.status.code(), Some(2), "{scan}");
        assert!(stderr(&o).contains(want), "{scan}: {}", stderr(&o));
    }
    // A value the scale refuses is named with the value.
    let o = parley(&[
        "mc",
        "--scan",
        "usa.ukraine_aid.salience=0:2:1",
        "--runs",
        "10",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--scan"), "{}", stderr(&o));
}

/// `compare`'s variants as (name, model id -> issue id -> point forecast).
fn compare_variants(args: &[&str]) -> Vec<(String, Value)> {
    let v = json_of(args);
    v["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["variant"].as_str().unwrap().to_owned(),
                point_forecasts(&x["analysis"]),
            )
        })
        .collect()
}

#[test]
fn a_compare_variant_combines_edits_in_order_and_agrees_with_run() {
    let set = "usa.ukraine_aid.salience = 0.3";
    let run = |extra: &[&str]| {
        let mut args = vec!["run", "--model", "compromise,eum", "--format", "json"];
        args.extend(extra);
        point_forecasts(&json_of(&args))
    };
    let both = run(&[
        "--what-if",
        "us_stops_aid",
        "--set",
        set,
        "--set",
        "rus.capability *= 2",
    ]);
    let spec = format!("aid cut: --what-if us_stops_aid --set {set} --set 'rus.capability *= 2'");
    let variants = compare_variants(&[
        "compare",
        "--model",
        "compromise,eum",
        "--format",
        "json",
        "--variant",
        &spec,
        "--variant",
        "us_stops_aid",
    ]);
    assert_eq!(variants.len(), 2);
    assert_eq!(variants[0], ("aid cut".to_owned(), both.clone()));
    assert_eq!(
        variants[1],
        (
            "us_stops_aid".to_owned(),
            run(&["--what-if", "us_stops_aid"])
        )
    );
    // The combination is not either edit alone.
    assert_ne!(both, run(&["--what-if", "us_stops_aid"]));
    assert_ne!(both, run(&["--set", set]));
    // compare's own --what-if and --set are one variant too, named by its parts.
    let flags = compare_variants(&[
        "compare",
        "--model",
        "compromise,eum",
        "--format",
        "json",
        "--what-if",
        "us_stops_aid",
        "--set",
        set,
        "--set",
        "rus.capability *= 2",
    ]);
    assert_eq!(
        flags,
        [(format!("us_stops_aid + {set} + rus.capability *= 2"), both)]
    );
}

#[test]
fn bad_compare_variants_get_located_errors() {
    let flagship = std::fs::read_to_string(repo_file("scenarios/grand-bargain-2025.toml")).unwrap();
    let text = format!(
        "{flagship}\n[[what_if]]\nid = \"aid_back\"\nname = \"Aid restored\"\n\
         edits = [\"usa.ukraine_aid.position = 80\"]\n"
    );
    let file = scratch_file("variants", "compare-overlap.toml", &text);
    let file = file.to_str().unwrap();
    for (variant, code, want) in [
        (
            "x: --set usa.ukraine_aid.salience=0.1 --set usa.ukraine_aid.salience = 0.2",
            2,
            "--variant 2 ('x'): --set \"usa.ukraine_aid.salience=0.1\" and --set \"usa.ukraine_aid.salience = 0.2\" both set the same number",
        ),
        (
            "x: --set usa.nowhere.salience=0.1",
            2,
            "--variant 2 ('x'): --set \"usa.nowhere.salience=0.1\": unknown issue 'nowhere'",
        ),
        (
            "x: --set usa.ukraine_aid.mood=0.1",
            2,
            "--variant 2 ('x'): --set \"usa.ukraine_aid.mood=0.1\": unknown field 'mood'",
        ),
        (
            "x: --what-if us_stops_aid --what-if aid_back",
            1,
            "--variant 2 ('x'): what-ifs 'us_stops_aid' and 'aid_back' both change usa.ukraine_aid.position",
        ),
        (
            "x: --what-if us_stops_aid --what-if us_stops_aid",
            1,
            "--variant 2 ('x'): --what-if us_stops_aid is given twice",
        ),
        (
            "x: --set a=1 --runs 5",
            2,
            "--variant 2: unknown flag '--runs'",
        ),
        (
            "x: us_stops_aid",
            2,
            "--variant 2: 'us_stops_aid' in 'x: us_stops_aid' comes before any --what-if or --set",
        ),
        ("x: --set", 2, "--variant 2: --set has no value"),
        ("us_stops_aid", 2, "two variants are named 'us_stops_aid'"),
        (
            "base: --set usa.capability *= 1",
            2,
            "a variant is named 'base', the name of the base scenario's column",
        ),
    ] {
        let o = parley(&[
            "compare",
            file,
            "--model",
            "compromise",
            "--variant",
            "us_stops_aid",
            "--variant",
            variant,
        ]);
        assert_eq!(o.status.code(), Some(code), "{variant}: {}", stderr(&o));
        assert!(stderr(&o).contains(want), "{variant}: {}", stderr(&o));
    }
}

/// Sweep item 28: a what-if's error was prefixed with its own name twice ("what-if 'x':
/// what-if 'x' leaves ..."), and inverted `--smp` turns were blamed on the scenario's
/// `models.smp.min_turns`.
#[test]
fn errors_name_their_cause_once_and_blame_the_command_line_for_its_own_values() {
    let flagship = std::fs::read_to_string(repo_file("scenarios/grand-bargain-2025.toml")).unwrap();
    let text = format!(
        "{flagship}\n[[what_if]]\nid = \"too_keen\"\nname = \"Too keen\"\n\
         edits = [\"usa.ukraine_aid.salience = 3\"]\n"
    );
    let file = scratch_file("variants", "too-keen.toml", &text);
    let o = parley(&["compare", file.to_str().unwrap(), "--model", "compromise"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("error: what-if 'too_keen' leaves an invalid scenario"),
        "{err}"
    );
    assert_eq!(err.matches("what-if 'too_keen'").count(), 1, "{err}");
    let o = parley(&[
        "run",
        "--model",
        "smp",
        "--smp",
        "min_turns=50",
        "--smp",
        "max_turns=10",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--smp: min_turns 50 is above max_turns 10"),
        "{}",
        stderr(&o)
    );
}

/// `compare` answers the scenario's questions per model and variant, marking changes
/// (usability item 12). On the toy, north (capability 40, salience 0.8) wants 10 and south
/// (60, 0.5) wants 70: the compromise is (40 x 0.8 x 10 + 60 x 0.5 x 70) / (32 + 30) = 39.0, so
/// "tariff < 20" does not hold; with south moved to 10 both want 10 and every model gives 10,
/// so it holds under every model: "yes (was no)" where the base said no.
#[test]
fn compare_answers_the_questions_per_variant_and_marks_changes() {
    let toy = repo_file("scenarios/toy-tariff.toml");
    let o = parley(&[
        "compare",
        &toy,
        "--variant",
        "agree: --set south.tariff.position=10",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let block = &out[out
        .find("Questions: does the condition hold")
        .expect("a Questions block")..];
    assert!(
        block.contains("Will the tariff fall? [cut]: tariff < 20"),
        "{block}"
    );
    let compromise = block
        .lines()
        .find(|l| l.contains("compromise"))
        .expect("a compromise row");
    assert!(
        compromise.contains("no") && compromise.contains("yes (was no)"),
        "{block}"
    );
    assert!(!block.contains("(was yes)"), "{block}");
}

/// `compare` gives each variant's odds with model error with the base's draws: a variant whose
/// forecasts equal the base's has the base's odds to the bit, and each variant's odds are those
/// `run` gives for the same variant (same seed, same calibration).
#[test]
fn compare_odds_with_model_error_share_the_base_draws_and_agree_with_run() {
    // us_stops_aid leaves the compromise forecast on the Iran issues where it was.
    let c = json_of(&[
        "compare",
        "--model",
        "compromise",
        "--variant",
        "us_stops_aid",
        "--variant",
        "cut: --set usa.iran_nuclear.salience=0.1",
        "--format",
        "json",
    ]);
    let odds = |v: &Value| v["odds"]["iran_wants_deal"]["compromise"].as_f64().unwrap();
    let base = odds(&c["base_model_error"]);
    let same = odds(&c["variants"][0]["model_error"]);
    assert_eq!(base.to_bits(), same.to_bits());
    let run = json_of(&[
        "run",
        "--model",
        "compromise",
        "--set",
        "usa.iran_nuclear.salience=0.1",
        "--format",
        "json",
    ]);
    assert_eq!(
        odds(&c["variants"][1]["model_error"]).to_bits(),
        odds(&run["model_error"]).to_bits()
    );
    assert_ne!(
        c["variants"][1]["analysis"]["models"][0]["forecast"], c["base"]["models"][0]["forecast"],
        "the second variant moves the forecast"
    );
}

/// Removing two of the flagship mediator's three parties leaves Russia brokering for the US
/// alone: the mediation lapses, with a note in run's, mc's and compare's JSON and tables, and
/// no appraisal of a one-party "bargain". Removing one party keeps the mediation (two left)
/// and adds no note.
#[test]
fn a_variant_that_leaves_the_mediator_one_party_lapses_the_mediation_with_a_note() {
    let gone = [
        "--set",
        "remove actor irn_gov",
        "--set",
        "remove actor irn_leader",
    ];
    fn with<'a>(cmd: &[&'a str], gone: &[&'a str]) -> Vec<&'a str> {
        [cmd, gone].concat()
    }
    let note_of = |doc: &Value| -> String {
        let notes = doc["notes"].as_array().expect("notes").clone();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(notes[0]["code"], "mediation-lapsed");
        notes[0]["text"].as_str().unwrap().to_owned()
    };
    let run = json_of(&with(&["run", "-m", "compromise", "-f", "json"], &gone));
    let text = note_of(&run);
    assert!(
        text.contains("'rus' lapsed") && text.contains("one party only ('usa')"),
        "{text}"
    );
    assert!(
        run.get("mediation").is_none(),
        "a one-party mediation was appraised"
    );
    let mc_args = ["mc", "-m", "compromise", "--runs", "5", "-f", "json"];
    let mc = json_of(&with(&mc_args, &gone));
    assert_eq!(note_of(&mc), text);
    let compare = json_of(&with(&["compare", "-m", "compromise", "-f", "json"], &gone));
    assert_eq!(note_of(&compare["variants"][0]["analysis"]), text);
    assert!(compare["base"].get("notes").is_none());
    assert!(compare["base"].get("mediation").is_some());
    for cmd in [
        &["run", "-m", "compromise"][..],
        &["mc", "-m", "compromise", "--runs", "5"],
        &["compare", "-m", "compromise"],
        &["bargain", "-m", "compromise", "--runs", "0"],
    ] {
        let o = parley(&with(cmd, &gone));
        assert!(o.status.success(), "{cmd:?}: {}", stderr(&o));
        assert!(stdout(&o).contains(&text), "{cmd:?}: {}", stdout(&o));
    }
    // The HTML report says it too, above the forecasts.
    let html = scratch_path("variants", "lapsed.html");
    let o = parley(&with(
        &[
            "report",
            "-m",
            "compromise",
            "--runs",
            "0",
            "-o",
            html.to_str().unwrap(),
        ],
        &gone,
    ));
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("<strong>Note.</strong>")
            && page.contains("lapsed")
            && page.contains("one party only"),
        "the report does not carry the note"
    );
    // One party removed: two remain, the mediation stands and nothing is noted.
    let one = json_of(&[
        "run",
        "-m",
        "compromise",
        "-f",
        "json",
        "--set",
        "remove actor irn_gov",
    ]);
    assert!(one.get("notes").is_none());
    assert_eq!(
        one["mediation"]["parties"],
        serde_json::json!(["usa", "irn_leader"])
    );
}
