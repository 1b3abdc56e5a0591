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
