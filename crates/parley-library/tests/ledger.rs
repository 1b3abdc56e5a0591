//! Sealing, commitments, resolutions and scores.
#![allow(clippy::unwrap_used)]

mod common;

use parley_core::models;
use parley_library::forecast::{Prediction, TargetKind};
use parley_library::resolution::{self, ResolutionError};
use parley_library::score::{Entry, score};
use parley_library::{Library, RunRecord, sha256_hex};

fn flagship() -> (String, parley_core::Scenario) {
    let text = common::repo_text("scenarios/grand-bargain-2025.toml");
    let s = parley_scenario::read_str("gb.toml", &text, parley_scenario::Format::Toml).unwrap();
    (text, s)
}

fn run_record(key: &str, text: &str) -> RunRecord {
    RunRecord {
        scenario: key.to_owned(),
        version: None,
        scenario_sha256: sha256_hex(text.as_bytes()),
        parley_version: "test".into(),
        models: vec!["nbs".into()],
        seed: 1,
        runs: 20,
        outputs: serde_json::json!({"note": "test"}),
    }
}

#[test]
fn a_commitment_is_the_sha256_of_the_payload_and_ignores_time() {
    let (text, s) = flagship();
    let chosen = vec![models::by_id("nbs").unwrap()];
    let a = parley_library::forecast("gb", &s, text.as_bytes(), &chosen, 20, 7).unwrap();
    let b = parley_library::forecast("gb", &s, text.as_bytes(), &chosen, 20, 7).unwrap();
    // 4 issues and the one question with a condition.
    assert_eq!(a.len(), 5);
    assert_eq!(a, b, "the same forecast made twice is the same prediction");
    for p in &a {
        assert_eq!(
            p.commitment().unwrap(),
            sha256_hex(p.canonical().unwrap().as_bytes())
        );
        let json = p.canonical().unwrap();
        assert!(!json.contains("sealed") && !json.contains("time"), "{json}");
    }
    // Another seed draws other inputs, so the distributions and commitments differ.
    let c = parley_library::forecast("gb", &s, text.as_bytes(), &chosen, 20, 8).unwrap();
    assert_ne!(a[0].commitment().unwrap(), c[0].commitment().unwrap());
    assert_eq!(
        a[0].point, c[0].point,
        "the point forecast does not depend on the seed"
    );
}

#[test]
fn sealed_forecasts_verify_and_tampering_shows() {
    let dir = common::scratch("seal");
    let mut lib = Library::open(&dir.join("lib.sqlite")).unwrap();
    let (text, s) = flagship();
    let chosen = vec![models::by_id("nbs").unwrap()];
    let p = parley_library::forecast("gb", &s, text.as_bytes(), &chosen, 20, 1).unwrap();
    let (run, commitments) = lib.seal(&run_record("gb", &text), &p).unwrap();
    assert_eq!(commitments.len(), p.len());
    let sealed = lib.sealed("gb").unwrap();
    assert_eq!(sealed.len(), p.len());
    for (s, (pred, c)) in sealed.iter().zip(p.iter().zip(&commitments)) {
        assert!(s.verified);
        assert_eq!(&s.commitment, c);
        assert_eq!(
            s.payload,
            pred.canonical().unwrap(),
            "the payload is kept exactly"
        );
        assert_eq!(s.prediction.target, pred.target);
        assert_eq!(s.prediction.point, pred.point);
        assert_eq!(s.run, run);
    }
    assert_eq!(lib.list_runs(5).unwrap()[0].id, run);
    assert_eq!(
        lib.run_outputs(run).unwrap(),
        serde_json::json!({"note": "test"})
    );
    // Editing a sealed payload after the fact breaks its commitment.
    lib.connection()
        .execute(
            "UPDATE forecast SET payload = replace(payload, '\"nbs\"', '\"NBS\"') WHERE id = ?1",
            [sealed[0].id],
        )
        .unwrap();
    let after = lib.sealed("gb").unwrap();
    assert!(!after[0].verified);
    assert!(after[1..].iter().all(|s| s.verified));
    assert_eq!(lib.sealed_entries("gb").unwrap().len(), p.len() - 1);
}

const GOOD: &str = r#"
[resolution]
scenario = "gb"
as_of = 2025-12-31

[[issue]]
id = "iran_nuclear"
value = 25
date = 2025-12-31
judgment = true
sources = ["a report"]

[[question]]
id = "iran_wants_deal"
outcome = false
date = 2025-12-31
sources = ["another report"]
"#;

#[test]
fn resolution_files_are_checked_against_the_scenario() {
    let (_, s) = flagship();
    let r = resolution::parse("r.toml", GOOD, &s).unwrap();
    assert_eq!(r.scenario, "gb");
    assert_eq!(r.as_of, "2025-12-31");
    assert_eq!(r.outcomes.len(), 2);
    assert_eq!(r.outcomes[1].value, 0.0);
    assert_eq!(r.outcomes[1].kind, TargetKind::Question);

    let off = GOOD.replace("value = 25", "value = 101");
    let e = resolution::parse("r.toml", &off, &s).unwrap_err();
    assert_eq!(
        e,
        ResolutionError::OffScale {
            file: "r.toml".into(),
            line: 8,
            // `value = 101`: the number starts in column 9.
            column: 9,
            issue: "iran_nuclear".into(),
            value: 101.0,
            min: 0.0,
            max: 100.0
        }
    );
    assert_eq!(
        e.to_string(),
        "r.toml:8:9: issue 'iran_nuclear': value 101 is off the issue's scale; valid: 0 to 100"
    );

    let unknown_q = GOOD.replace("\"iran_wants_deal\"", "\"iran_wants_a_deal\"");
    let e = resolution::parse("r.toml", &unknown_q, &s).unwrap_err();
    assert_eq!(
        e.to_string(),
        "r.toml:14:6: unknown question 'iran_wants_a_deal'; the scenario's questions are: \
         iran_wants_deal, who_benefits, linkage_stable"
    );

    let unknown_i = GOOD.replace("\"iran_nuclear\"", "\"iran_nukes\"");
    let e = resolution::parse("r.toml", &unknown_i, &s).unwrap_err();
    assert!(
        matches!(&e, ResolutionError::UnknownIssue { line: 7, known, .. }
            if known == "iran_nuclear, iran_sanctions, ukraine_aid, ukraine_ceasefire"),
        "{e:?}"
    );

    let no_source = GOOD.replace("sources = [\"a report\"]", "sources = []");
    assert!(matches!(
        resolution::parse("r.toml", &no_source, &s),
        Err(ResolutionError::NoSource { line: 7, .. })
    ));

    let twice = format!(
        "{GOOD}\n[[issue]]\nid = \"iran_nuclear\"\nvalue = 1\ndate = 2025-01-01\nsources = [\"x\"]\n"
    );
    assert!(matches!(
        resolution::parse("r.toml", &twice, &s),
        Err(ResolutionError::Duplicate { .. })
    ));

    let typo = GOOD.replace("judgment = true", "judgement = true");
    assert!(matches!(
        resolution::parse("r.toml", &typo, &s),
        Err(ResolutionError::Syntax { line: 10, .. })
    ));

    let timestamp = GOOD.replacen("date = 2025-12-31", "date = 2025-12-31T10:00:00Z", 1);
    assert!(matches!(
        resolution::parse("r.toml", &timestamp, &s),
        Err(ResolutionError::BadDate { .. })
    ));
}

#[test]
fn the_shipped_flagship_resolution_reads() {
    let (_, s) = flagship();
    let text = common::repo_text("scenarios/grand-bargain-2025.resolution.toml");
    let r = resolution::parse("shipped", &text, &s).unwrap();
    assert_eq!(r.scenario, "grand-bargain-2025");
    // Every issue and the question with a condition are resolved, each with a source.
    assert_eq!(r.outcomes.len(), 5);
    assert!(r.outcomes.iter().all(|o| !o.sources.is_empty()));
}

fn prediction(target: &str, kind: TargetKind, model: &str) -> Prediction {
    Prediction {
        scenario: "gb".into(),
        target: target.into(),
        kind,
        model: model.into(),
        inputs_sha256: String::new(),
        seed: 0,
        runs: 0,
        point: None,
        probability: None,
        probability_with_model_error: None,
        error_model_sha256: None,
        holds: None,
        samples: Vec::new(),
    }
}

#[test]
fn scores_by_hand() {
    let (_, s) = flagship();
    let outcomes = resolution::parse("r.toml", GOOD, &s).unwrap().outcomes;
    // Model m: point 40 with draws {20, 30, 70} on iran_nuclear (outcome 25), P(yes) 0.3 on
    // the deal question (outcome no).
    //   abs error = |40 - 25| = 15
    //   CRPS: E|X - y| = (5 + 5 + 45) / 3 = 55/3; pairwise |differences| over the 9 ordered
    //   pairs sum to 2 * (10 + 50 + 40) = 200, so E|X - X'| = 200/9;
    //   CRPS = 55/3 - 100/9 = 165/9 - 100/9 = 65/9
    //   Brier = (0.3 - 0)^2 = 0.09
    let mut issue = prediction("iran_nuclear", TargetKind::Issue, "m");
    issue.point = Some(40.0);
    issue.samples = vec![30.0, 70.0, 20.0];
    let mut q = prediction("iran_wants_deal", TargetKind::Question, "m");
    q.probability = Some(0.3);
    // Sealed on 2025-03-04, before the outcomes' 2025-12-31: it counts. A second model's
    // forecast sealed after the outcome is hindsight.
    let early = Some("2025-03-04T09:00:00.000Z".to_owned());
    let late = Some("2026-01-02T09:00:00.000Z".to_owned());
    let mut other = prediction("iran_nuclear", TargetKind::Issue, "n");
    other.point = Some(25.0);
    let entries = vec![
        Entry {
            prediction: issue,
            sealed_at: early.clone(),
            commitment: None,
            run: None,
        },
        Entry {
            prediction: q,
            sealed_at: early,
            commitment: None,
            run: None,
        },
        Entry {
            prediction: other,
            sealed_at: late,
            commitment: None,
            run: None,
        },
    ];
    let card = score(&entries, &outcomes, &parley_library::score::Scales::of(&s));
    assert_eq!(card.rows.len(), 3);
    let m = &card.models[0];
    assert_eq!(m.model, "m");
    assert!((m.mean_abs_error.unwrap() - 15.0).abs() < 1e-12);
    assert!((m.mean_crps.unwrap() - 65.0 / 9.0).abs() < 1e-12);
    assert!((m.mean_brier.unwrap() - 0.09).abs() < 1e-12);
    assert_eq!(m.counted, 2);
    let n = &card.models[1];
    assert_eq!(n.mean_abs_error, Some(0.0));
    assert_eq!(n.mean_crps, None, "no draws, no CRPS");
    assert_eq!(n.counted, 0, "sealed after the outcome: hindsight");
}

#[test]
fn resolve_replaces_earlier_outcomes_and_reads_back() {
    let dir = common::scratch("resolve");
    let mut lib = Library::open(&dir.join("lib.sqlite")).unwrap();
    let (_, s) = flagship();
    let r = resolution::parse("r.toml", GOOD, &s).unwrap();
    assert_eq!(lib.resolve(&r).unwrap(), 2);
    let again = resolution::parse("r.toml", &GOOD.replace("value = 25", "value = 30"), &s).unwrap();
    lib.resolve(&again).unwrap();
    let stored = lib.outcomes("gb").unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].value, 30.0);
    assert_eq!(stored[0].sources, ["a report"]);
    assert!(stored[0].judgment);
}

#[test]
fn outcome_dates_after_as_of_or_today_are_refused() {
    let (_, s) = flagship();
    // An outcome observed after the date the file says it knows up to.
    let late = GOOD.replacen("date = 2025-12-31", "date = 2026-01-05", 1);
    let e = resolution::parse("r.toml", &late, &s).unwrap_err();
    assert_eq!(
        e.to_string(),
        "r.toml:9:8: 'iran_nuclear': date 2026-01-05 is after as_of 2025-12-31; valid: a date \
         on or before 2025-12-31"
    );
    // Today's date is the caller's: with today 2025-06-30 the file's as_of is in the future.
    let e = resolution::parse_on("r.toml", GOOD, &s, "2025-06-30").unwrap_err();
    assert_eq!(
        e.to_string(),
        "r.toml:4:9: 'resolution': as_of 2025-12-31 is after today 2025-06-30; valid: a date \
         on or before 2025-06-30"
    );
    // An outcome date equal to as_of and today is valid.
    assert!(resolution::parse_on("r.toml", GOOD, &s, "2025-12-31").is_ok());
}

#[test]
fn a_file_for_another_scenario_is_told_so_before_its_entries_are_checked() {
    let (_, s) = flagship();
    // For its own key, `parse_for` is `parse_on`.
    assert_eq!(
        resolution::parse_for("r.toml", GOOD, &s, "gb", "2025-12-31").unwrap(),
        resolution::parse_on("r.toml", GOOD, &s, "2025-12-31").unwrap()
    );
    let other = |e: ResolutionError| match e {
        ResolutionError::OtherScenario {
            file,
            named,
            expected,
        } => (file, named, expected),
        e => panic!("{e}"),
    };
    let want = ("r.toml".to_owned(), "gb".to_owned(), "s3".to_owned());
    // A valid file for another key ...
    let e = resolution::parse_for("r.toml", GOOD, &s, "s3", "2025-12-31").unwrap_err();
    assert_eq!(other(e), want);
    // ... with an unknown id (checked against the wrong scenario, it would be "unknown") ...
    let unknown = GOOD.replace("iran_nuclear", "a");
    let e = resolution::parse_for("r.toml", &unknown, &s, "s3", "2025-12-31").unwrap_err();
    assert_eq!(other(e), want);
    // ... or with a key the format does not have, so its fields do not read.
    let unread = GOOD.replace("judgment = true", "judgement = true");
    let e = resolution::parse_for("r.toml", &unread, &s, "s3", "2025-12-31").unwrap_err();
    assert_eq!(other(e), want);
    // For its own key, the same file's problem is reported.
    let e = resolution::parse_for("r.toml", &unread, &s, "gb", "2025-12-31").unwrap_err();
    assert!(matches!(e, ResolutionError::Syntax { .. }), "{e}");
}
