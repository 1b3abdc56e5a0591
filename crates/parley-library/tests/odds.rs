//! Issue 13: a sealed question carries its odds with model error (as `parley mc` computes
//! them) beside its inputs-only odds; both are scored; forecasts sealed before the field
//! existed still verify and score, with no Brier score with model error.
#![allow(clippy::unwrap_used)]

mod common;

use parley_core::calibration::Calibration;
use parley_core::models;
use parley_core::uncertainty::MonteCarlo;
use parley_library::forecast::{Prediction, TargetKind};
use parley_library::score::{Entry, score};
use parley_library::{Library, RunRecord, resolution, sha256_hex};

const KEY: &str = "grand-bargain-2025";

fn flagship() -> (String, parley_core::Scenario) {
    let text = common::repo_text("scenarios/grand-bargain-2025.toml");
    let s = parley_scenario::read_str("gb.toml", &text, parley_scenario::Format::Toml).unwrap();
    (text, s)
}

fn builtin() -> Calibration {
    parley_scenario::calibration::builtin().unwrap().calibration
}

fn chosen() -> Vec<Box<dyn parley_core::Model>> {
    ["compromise", "nbs", "eum"]
        .iter()
        .map(|id| models::by_id(id).unwrap())
        .collect()
}

#[test]
fn sealed_odds_with_model_error_are_parley_mc_s() {
    let (text, s) = flagship();
    let cal = builtin();
    let chosen = chosen();
    let (runs, seed) = (120, 20250304);
    let p = parley_library::forecast_calibrated(
        KEY,
        &s,
        text.as_bytes(),
        &chosen,
        runs,
        seed,
        Some(&cal),
        &|| {},
    )
    .unwrap();
    // The reference: `parley mc`'s own Monte Carlo with the same seed, runs and error model.
    let mc = MonteCarlo { runs, seed }
        .run_calibrated(
            &s,
            &chosen,
            &[],
            Some(&cal),
            &|| {},
            &parley_core::cancel::Cancel::never(),
        )
        .unwrap();
    let deal = mc
        .conditions
        .iter()
        .find(|c| c.source == "iran_wants_deal")
        .unwrap();
    let questions: Vec<&Prediction> = p
        .iter()
        .filter(|p| p.kind == TargetKind::Question)
        .collect();
    assert_eq!(questions.len(), 3);
    for q in &questions {
        assert_eq!(q.probability, deal.probability.get(&q.model).copied());
        assert_eq!(
            q.probability_with_model_error,
            deal.with_model_error.get(&q.model).copied(),
            "{}",
            q.model
        );
        let e = cal.get(&q.model).unwrap();
        assert_eq!(
            q.error_model_sha256.as_deref(),
            Some(sha256_hex(serde_json::to_string(e).unwrap().as_bytes()).as_str())
        );
        // The payload commits to both.
        let payload = q.canonical().unwrap();
        assert!(
            payload.contains("\"probability_with_model_error\":"),
            "{payload}"
        );
    }
    // Model error moves the odds: the compromise model's near-certain deal is far less so.
    let compromise = questions.iter().find(|q| q.model == "compromise").unwrap();
    let (inputs, with_error) = (
        compromise.probability.unwrap(),
        compromise.probability_with_model_error.unwrap(),
    );
    assert!(inputs > 0.9 && with_error < 0.8, "{inputs} {with_error}");
    // Issues carry no odds.
    assert!(
        p.iter()
            .filter(|p| p.kind == TargetKind::Issue)
            .all(|p| p.probability_with_model_error.is_none() && p.error_model_sha256.is_none())
    );
}

#[test]
fn the_same_seed_seals_the_same_payloads_on_one_and_two_threads() {
    let (text, s) = flagship();
    let cal = builtin();
    let chosen = chosen();
    let payloads = |threads: usize| -> Vec<String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            parley_library::forecast_calibrated(
                KEY,
                &s,
                text.as_bytes(),
                &chosen,
                60,
                11,
                Some(&cal),
                &|| {},
            )
        })
        .unwrap()
        .iter()
        .map(|p| p.canonical().unwrap())
        .collect()
    };
    let one = payloads(1);
    assert_eq!(one, payloads(2));
    assert!(
        one.iter()
            .any(|p| p.contains("\"probability_with_model_error\":")),
        "the payloads hold the odds with model error"
    );
}

#[test]
fn without_an_error_model_a_question_has_no_odds_with_model_error() {
    let (text, s) = flagship();
    let p = parley_library::forecast(KEY, &s, text.as_bytes(), &chosen(), 20, 1).unwrap();
    let q = p.iter().find(|p| p.kind == TargetKind::Question).unwrap();
    assert!(q.probability.is_some());
    assert_eq!(q.probability_with_model_error, None);
    // The field is left out of the text, as in payloads sealed before it existed.
    assert!(!q.canonical().unwrap().contains("with_model_error"));
}

/// A payload sealed by Parley before it sealed the odds with model error (commit 3406b48,
/// `parley seal --runs 3 -m eum` on the embedded flagship), with the commitment it stored.
const OLD_PAYLOAD: &str = r#"{"scenario":"grand-bargain-2025","target":"iran_wants_deal","kind":"question","model":"eum","inputs_sha256":"aef93cef473454a00a4657ec695cb31f8ee7be44b6dd588f71b71f3bb00c96e1","seed":20250304,"runs":3,"point":null,"probability":0.6666666666666666,"holds":false,"samples":[]}"#;
const OLD_COMMITMENT: &str = "39aea5fd95dce9c3cf60bd8968d31a1bd03495f576d989d395fa4116b6b3750e";

#[test]
fn an_old_payload_without_the_field_still_verifies_and_scores() {
    assert_eq!(sha256_hex(OLD_PAYLOAD.as_bytes()), OLD_COMMITMENT);
    let dir = common::scratch("odds-old");
    let mut lib = Library::open(&dir.join("lib.sqlite")).unwrap();
    let (text, s) = flagship();
    let record = RunRecord {
        scenario: KEY.into(),
        version: None,
        scenario_sha256: sha256_hex(text.as_bytes()),
        parley_version: "0.1.0".into(),
        models: vec!["eum".into()],
        seed: 20250304,
        runs: 3,
        outputs: serde_json::json!([]),
    };
    let (run, _) = lib.seal(&record, &[]).unwrap();
    // Stored as that Parley stored it, sealed in March 2025 (before the outcome's date).
    lib.connection()
        .execute(
            "INSERT INTO forecast (run_id, scenario, target, kind, model, payload, commitment,
             sealed_at) VALUES (?1, ?2, 'iran_wants_deal', 'question', 'eum', ?3, ?4,
             '2025-03-05T10:00:00.000Z')",
            rusqlite::params![run, KEY, OLD_PAYLOAD, OLD_COMMITMENT],
        )
        .unwrap();
    let sealed = lib.sealed(KEY).unwrap();
    assert_eq!(sealed.len(), 1);
    assert!(sealed[0].verified);
    let p = &sealed[0].prediction;
    assert_eq!(p.probability, Some(2.0 / 3.0));
    assert_eq!(p.probability_with_model_error, None);
    assert_eq!(p.error_model_sha256, None);
    // Read and written again, it is the same text: the commitment still holds for it.
    assert_eq!(p.canonical().unwrap(), OLD_PAYLOAD);
    assert_eq!(p.commitment().unwrap(), OLD_COMMITMENT);

    let shipped = common::repo_text("scenarios/grand-bargain-2025.resolution.toml");
    let outcomes = resolution::parse("r.toml", &shipped, &s).unwrap().outcomes;
    let card = score(
        &lib.sealed_entries(KEY).unwrap(),
        &outcomes,
        &parley_library::score::Scales::of(&s),
    );
    let row = &card.rows[0];
    // The deal did not happen: Brier (2/3 - 0)^2 = 4/9; none with model error.
    assert!((row.brier.unwrap() - 4.0 / 9.0).abs() < 1e-12);
    assert_eq!(row.brier_with_model_error, None);
    assert!(row.counts, "sealed 2025-03-05, before 2025-12-31");
    let m = &card.models[0];
    assert_eq!(m.questions, 1);
    assert_eq!(m.questions_with_model_error, 0);
    assert_eq!(m.mean_brier_with_model_error, None);
    assert_eq!(card.by_run[0].mean_brier_with_model_error, None);
    assert!(card.by_run[0].odds_with_model_error.is_empty());
    assert_eq!(card.not_in_record, None, "it counts");
    // In JSON the absent score is null: never 0 and never NaN.
    let json = serde_json::to_value(&card).unwrap();
    assert!(json["rows"][0]["brier_with_model_error"].is_null());
    assert!(json["models"][0]["mean_brier_with_model_error"].is_null());
    // The question's track shows the sealed odds, with none with model error.
    let tracks = lib.question_tracks(KEY).unwrap();
    assert_eq!(tracks[0].points[0].probability_with_model_error, None);
}

fn question(model: &str, inputs: f64, with_error: Option<f64>) -> Entry {
    Entry {
        prediction: Prediction {
            scenario: KEY.into(),
            target: "iran_wants_deal".into(),
            kind: TargetKind::Question,
            model: model.into(),
            inputs_sha256: String::new(),
            seed: 0,
            runs: 10,
            point: None,
            probability: Some(inputs),
            probability_with_model_error: with_error,
            error_model_sha256: None,
            holds: None,
            samples: Vec::new(),
        },
        sealed_at: Some("2025-03-05T10:00:00.000Z".into()),
        commitment: None,
        run: Some(1),
    }
}

#[test]
fn both_odds_are_scored_and_an_old_forecast_leaves_the_mean_with_model_error_alone() {
    let (_, s) = flagship();
    let shipped = common::repo_text("scenarios/grand-bargain-2025.resolution.toml");
    let outcomes = resolution::parse("r.toml", &shipped, &s).unwrap().outcomes;
    // Outcome no. A new forecast: inputs only 0.9 -> Brier 0.81; with model error 0.5 ->
    // 0.25. An old one: inputs only 0.7 -> 0.49, none with model error.
    //   mean inputs only = (0.81 + 0.49) / 2 = 0.65; mean with model error = 0.25 over 1.
    let card = score(
        &[question("m", 0.9, Some(0.5)), question("m", 0.7, None)],
        &outcomes,
        &parley_library::score::Scales::default(),
    );
    assert!((card.rows[0].brier.unwrap() - 0.81).abs() < 1e-12);
    assert!((card.rows[0].brier_with_model_error.unwrap() - 0.25).abs() < 1e-12);
    assert_eq!(card.rows[1].brier_with_model_error, None);
    let m = &card.models[0];
    assert!((m.mean_brier.unwrap() - 0.65).abs() < 1e-12);
    assert!((m.mean_brier_with_model_error.unwrap() - 0.25).abs() < 1e-12);
    assert_eq!((m.questions, m.questions_with_model_error), (2, 1));
    assert_eq!(
        card.by_run[0].odds_with_model_error.get("iran_wants_deal"),
        Some(&0.5)
    );
}

#[test]
fn a_hashed_error_model_seals_what_forecast_calibrated_seals() {
    // The hash is computed once by the caller (`parley seal` checks and prints it) and carried
    // into the seals: the predictions must be the ones the unhashed path makes, and each
    // hash the SHA-256 of the model's error model as JSON, computed here by hand.
    let (text, s) = flagship();
    let cal = builtin();
    let chosen = chosen();
    let ids: Vec<&str> = chosen.iter().map(|m| m.info().id).collect();
    let hashed = parley_library::HashedErrorModel::of(&cal, &ids).unwrap();
    for id in &ids {
        let by_hand = cal
            .get(id)
            .map(|e| sha256_hex(serde_json::to_string(e).unwrap().as_bytes()));
        assert_eq!(hashed.sha256(id), by_hand.as_deref(), "{id}");
    }
    let (runs, seed) = (30, 7);
    let plain = parley_library::forecast_calibrated(
        KEY,
        &s,
        text.as_bytes(),
        &chosen,
        runs,
        seed,
        Some(&cal),
        &|| {},
    )
    .unwrap();
    let via_hash = parley_library::forecast_hashed(
        KEY,
        &s,
        text.as_bytes(),
        &chosen,
        runs,
        seed,
        Some(&hashed),
        &|| {},
    )
    .unwrap();
    assert_eq!(plain, via_hash);
    assert!(
        via_hash
            .iter()
            .any(|p| p.error_model_sha256.as_deref() == hashed.sha256("compromise"))
    );
}
