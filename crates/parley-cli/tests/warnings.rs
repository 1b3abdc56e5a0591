//! Warnings (usability item 4): `validate` says ok, with warnings, for a scenario every model
//! runs but that is not yet a model of a negotiation: an issue on which one actor takes part
//! (every model "forecasts" that actor's position), an actor in no issue, a name still
//! holding a draft's placeholder. `run` notes the one-actor issue under its forecasts.
#![allow(clippy::unwrap_used)]

mod common;

use common::{parley, repo_file, scratch_file, stderr, stdout};

/// The toy with a second issue, `quota`, on which only north takes part, and a third actor,
/// east, named by a draft and taking part in nothing.
fn unfinished() -> String {
    let toy = std::fs::read_to_string(repo_file("scenarios/toy-tariff.toml")).unwrap();
    let quota = "[[issue]]\nid = \"quota\"\nname = \"Quota\"\nlow = \"None\"\nhigh = \"Ban\"\n\n";
    let toy = toy.replacen("[[actor]]", &format!("{quota}[[actor]]"), 1);
    let toy = toy.replacen(
        "salience = 0.8                    # 0..1\n",
        "salience = 0.8                    # 0..1\n[actor.stance.quota]\nposition = 30\nsalience = 0.4\n",
        1,
    );
    format!(
        "{toy}\n[[actor]]\nid = \"east\"\nname = \"East (analyst to name it)\"\ncapability = 5\n"
    )
}

#[test]
fn validate_warns_of_what_is_not_yet_a_model_and_exits_0() {
    let file = scratch_file("warnings", "unfinished.toml", &unfinished());
    let file = file.to_str().unwrap();
    let o = parley(&["validate", file]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("ok (3 actors, 2 issues), 3 warnings"), "{out}");
    assert!(
        out.contains(
            "warning[lone-issue]: issue 'quota' has one actor taking part ('north'): every \
             model's forecast is that actor's position"
        ),
        "{out}"
    );
    assert!(out.contains("warning[idle-actor]: actor 'east'"), "{out}");
    assert!(
        out.contains("warning[placeholder]: the name of actor 'east'"),
        "{out}"
    );
    let o = parley(&["validate", file, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<&str> = v["files"][0]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["lone-issue", "idle-actor", "placeholder"]);
    // The shipped scenarios have none.
    for shipped in [
        "scenarios/grand-bargain-2025.toml",
        "scenarios/toy-tariff.toml",
    ] {
        let o = parley(&["validate", &repo_file(shipped)]);
        assert!(!stdout(&o).contains("warning"), "{}", stdout(&o));
    }
}

#[test]
fn run_notes_an_issue_with_one_actor_under_its_forecasts() {
    let file = scratch_file("warnings", "unfinished-run.toml", &unfinished());
    let o = parley(&["run", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Note: issue 'quota' has one actor taking part ('north')"),
        "{out}"
    );
    assert!(!out.contains("Note: issue 'tariff'"), "{out}");
}

/// An issue without a status quo is said under the forecasts: nbs bargains from another
/// point there and its gains are not counted (usability item 34: nbs moved from 0.0 to 31.2
/// with no note when a status quo was left out).
#[test]
fn run_says_what_a_missing_status_quo_changes() {
    let toy = std::fs::read_to_string(repo_file("scenarios/toy-tariff.toml")).unwrap();
    let line = toy
        .lines()
        .find(|l| l.starts_with("status_quo"))
        .expect("the toy has a status quo");
    let file = scratch_file("warnings", "no-status-quo.toml", &toy.replace(line, ""));
    let o = parley(&["run", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(
            "No status quo on tariff: nbs bargains from each actor's point of least agreement"
        ),
        "{}",
        stdout(&o)
    );
    let o = parley(&["run", &repo_file("scenarios/toy-tariff.toml")]);
    assert!(!stdout(&o).contains("No status quo on"), "{}", stdout(&o));
}

/// Three actors on two issues with status quos 30 and 60; z has a stance on `a` only.
const THREE: &str = r#"[scenario]
name = "Three"

[[issue]]
id = "a"
name = "A"
low = "lo"
high = "hi"
status_quo = 30

[[issue]]
id = "b"
name = "B"
low = "lo"
high = "hi"
status_quo = 60

[[actor]]
id = "x"
name = "X"
capability = 2
[actor.stance.a]
position = 10
salience = 0.5
[actor.stance.b]
position = 80
salience = 1.0

[[actor]]
id = "y"
name = "Y"
capability = 3
[actor.stance.a]
position = 90
salience = 0.4
[actor.stance.b]
position = 20
salience = 0.2

[[actor]]
id = "z"
name = "Z"
capability = 1
[actor.stance.a]
position = 50
salience = 1.0
"#;

/// Sweep 5 item 11: a stance with salience 0 was "involved" in the gains table and the JSON
/// while the note under the forecasts said nobody takes part. One definition now (a salience
/// above 0): with every salience on `a` set to 0, x and y take part in `b` only, and z in
/// nothing, so z has no gain ('-', `null`) rather than 0.000.
#[test]
fn a_stance_with_salience_zero_is_not_involved_in_any_output() {
    let file = scratch_file("warnings", "three.toml", THREE);
    let file = file.to_str().unwrap();
    let zero = [
        "--set",
        "x.a.salience=0",
        "--set",
        "y.a.salience=0",
        "--set",
        "z.a.salience=0",
    ];
    let mut args = vec!["run", file, "--format", "json"];
    args.extend(zero);
    let o = parley(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ids = |x: &serde_json::Value| -> Vec<String> {
        x.as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_str().unwrap().to_owned())
            .collect()
    };
    let actors = v["actors"].as_array().unwrap();
    assert_eq!(ids(&actors[0]["involved"]), ["b"]);
    assert_eq!(ids(&actors[0]["not_involved"]), ["a"]);
    assert_eq!(ids(&actors[2]["involved"]), Vec::<String>::new());
    assert_eq!(ids(&actors[2]["not_involved"]), ["a", "b"]);
    assert!(actors[2]["most_possible_gain"].is_null(), "{}", actors[2]);
    // x's stake is on b only: 1.0 x |60 - 80| / 100 = 0.2.
    let most = actors[0]["most_possible_gain"].as_f64().unwrap();
    assert!((most - 0.2).abs() < 1e-12, "{most}");
    for m in v["models"].as_array().unwrap() {
        assert!(m["gains"]["z"]["total"].is_null(), "{}", m["gains"]["z"]);
        let x = m["gains"]["x"]["by_issue"].as_object().unwrap();
        assert_eq!(x.keys().collect::<Vec<_>>(), ["b"], "{}", m["model"]);
    }
    let mut args = vec!["run", file, "--model", "compromise"];
    args.extend(zero);
    let o = parley(&args);
    let out = stdout(&o);
    assert!(
        out.contains("Note: issue 'a' has no actor taking part"),
        "{out}"
    );
    let z_row = out.lines().find(|l| l.contains("│ Z ")).unwrap_or_default();
    let cells: Vec<&str> = z_row.split('┆').map(str::trim).collect();
    assert_eq!(cells[2..], ["a, b", "-", "- │"], "{z_row}");
}

/// The idle-actor warning said the actor "affects no forecast", which is false for smp: it
/// keeps the actor's coordinates (z at 50 on `a` with salience 0 moves smp's forecast of `a`
/// from 53.3 without z to 50.0 with it, sweep 5 item 11). The warning now says what the smp
/// footnote of `run` says.
#[test]
fn the_idle_actor_warning_says_smp_still_uses_the_actor() {
    let idle = THREE.replace(
        "position = 50\nsalience = 1.0",
        "position = 50\nsalience = 0",
    );
    let file = scratch_file("warnings", "idle.toml", &idle);
    let file = file.to_str().unwrap();
    let o = parley(&["validate", file]);
    let out = stdout(&o);
    assert!(out.contains("warning[idle-actor]: actor 'z'"), "{out}");
    assert!(!out.contains("affects no forecast"), "{out}");
    assert!(
        out.contains("smp) keeps its coordinates as options the others bargain toward"),
        "{out}"
    );
    let o = parley(&["run", file, "--model", "smp"]);
    assert!(
        stdout(&o).contains("z takes part in no issue, yet the spatial model keeps its coordinates as options the others bargain toward"),
        "{}",
        stdout(&o)
    );
}
