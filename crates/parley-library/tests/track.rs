//! A question's odds across sealed runs of two library versions, against its outcome.
#![allow(clippy::unwrap_used)]

mod common;

use parley_core::models;
use parley_library::{Library, RunRecord, SaveRequest, resolution, sha256_hex};

/// The flagship's key, as its shipped resolution names it.
const KEY: &str = "grand-bargain-2025";

fn record(text: &str, version: i64) -> RunRecord {
    RunRecord {
        scenario: KEY.into(),
        version: Some(version),
        scenario_sha256: sha256_hex(text.as_bytes()),
        parley_version: "test".into(),
        models: vec!["nbs".into(), "compromise".into()],
        seed: 3,
        runs: 20,
        outputs: serde_json::json!({}),
    }
}

#[test]
fn odds_move_across_versions_and_meet_the_outcome() {
    let dir = common::scratch("track");
    let mut lib = Library::open(&dir.join("lib.sqlite")).unwrap();
    let v1 = common::repo_text("scenarios/grand-bargain-2025.toml");
    // Version 2: Iran's stance on its nuclear programme moved (a recoding after news).
    let v2 = v1.replacen(
        "value = 0.55, low = 0.4, high = 0.75",
        "value = 0.7, low = 0.4, high = 0.75",
        1,
    );
    assert_ne!(v1, v2);
    let chosen = vec![
        models::by_id("nbs").unwrap(),
        models::by_id("compromise").unwrap(),
    ];
    let mut sealed = Vec::new();
    for (n, text) in [(1, &v1), (2, &v2)] {
        let saved = lib
            .save(&SaveRequest {
                name: KEY,
                label: "gb.toml",
                content: text.as_bytes(),
                author: "t",
                message: "m",
                tags: &[],
            })
            .unwrap();
        assert_eq!(saved.version, n);
        let s = parley_scenario::read_str("gb.toml", text, parley_scenario::Format::Toml).unwrap();
        let p = parley_library::forecast(KEY, &s, text.as_bytes(), &chosen, 20, 3).unwrap();
        let (run, _) = lib.seal(&record(text, n), &p).unwrap();
        sealed.push((run, n, p));
    }
    // Unresolved: the odds are there, without an outcome, and none counts yet.
    let before = lib.question_tracks(KEY).unwrap();
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].question, "iran_wants_deal");
    assert_eq!(before[0].outcome, None);
    assert!(before[0].points.iter().all(|p| !p.counts));

    let flagship =
        parley_scenario::read_str("gb.toml", &v1, parley_scenario::Format::Toml).unwrap();
    let text = common::repo_text("scenarios/grand-bargain-2025.resolution.toml");
    let r = resolution::parse("r.toml", &text, &flagship).unwrap();
    lib.resolve(&r).unwrap();
    let tracks = lib.question_tracks(KEY).unwrap();
    assert_eq!(tracks.len(), 1);
    let t = &tracks[0];
    // The shipped resolution: the condition did not come true by 2025-12-31.
    assert_eq!(t.outcome, Some(false));
    assert_eq!(t.resolved_on.as_deref(), Some("2025-12-31"));
    // One point per run and model, in run order, with the run's version and the sealed odds.
    let expected: Vec<(i64, Option<i64>, String, f64)> = sealed
        .iter()
        .flat_map(|(run, n, p)| {
            p.iter()
                .filter(|x| x.target == "iran_wants_deal")
                .map(move |x| (*run, Some(*n), x.model.clone(), x.probability.unwrap()))
        })
        .collect();
    let got: Vec<(i64, Option<i64>, String, f64)> = t
        .points
        .iter()
        .map(|p| (p.run, p.version, p.model.clone(), p.probability))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(got.len(), 4);
    // Sealed now, after the outcome's date: hindsight, not track record.
    assert!(t.points.iter().all(|p| !p.counts));
    assert!(lib.question_tracks("other").unwrap().is_empty());
}
