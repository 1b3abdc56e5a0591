//! Issue 13 (usability items 18 and 19): `parley seal` seals each question's odds with model
//! error beside its inputs-only odds, labelled, and equal to `parley mc`'s; `resolve` and
//! `score` score both; a forecast sealed on its outcome's date is named as hindsight.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{repo_file, scratch_file, scratch_path, stderr, stdout};

const SUITE: &str = "seal-odds";

/// Runs `parley` with `args` and the database `db` in PARLEY_DB.
fn with_db(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("PARLEY_DB", db)
        .env("USER", "tester")
        .output()
        .unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn seal_carries_both_odds_and_they_are_parley_mc_s() {
    let db = scratch_path(SUITE, "both.sqlite");
    let sealed = json(&with_db(
        &db,
        &["seal", "--runs", "150", "--format", "json", "--yes"],
    ));
    // The reference: `parley mc` on the same scenario, seed (the scenario's) and runs.
    let mc = json(&common::parley(&[
        "mc", "--runs", "150", "--format", "json", "--yes",
    ]));
    let deal = mc["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["source"] == "iran_wants_deal")
        .unwrap();
    let rows: Vec<&serde_json::Value> = sealed["sealed"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "question")
        .collect();
    assert_eq!(rows.len(), 5);
    for r in &rows {
        let model = r["model"].as_str().unwrap();
        assert_eq!(
            r["probability_with_model_error"], deal["with_model_error"][model],
            "{model}"
        );
        assert_eq!(
            r["probability_inputs_only"], deal["probability"][model],
            "{model}"
        );
    }
    assert!(
        sealed["model_error"]["source"]
            .as_str()
            .unwrap()
            .contains("DEU III")
    );
    // The stored payload, the text the commitment is over, holds both.
    let lib = parley_library::Library::open(&db).unwrap();
    let stored = lib.sealed("grand-bargain-2025").unwrap();
    let q = stored
        .iter()
        .find(|s| s.prediction.kind == parley_library::TargetKind::Question)
        .unwrap();
    assert!(q.verified);
    assert!(
        q.payload.contains("\"probability\":")
            && q.payload.contains("\"probability_with_model_error\":"),
        "{}",
        q.payload
    );
}

#[test]
fn the_seal_table_labels_both_odds_and_resolve_scores_both() {
    let db = scratch_path(SUITE, "table.sqlite");
    let o = with_db(&db, &["seal", "--runs", "30", "-m", "compromise", "--yes"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("P with model error") && text.contains("P inputs only"),
        "{text}"
    );
    assert!(text.contains("Model error: "), "{text}");
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("iran_wants_deal"))
        .unwrap();
    assert_eq!(line.matches('%').count(), 2, "{line}");
    let res = repo_file("scenarios/grand-bargain-2025.resolution.toml");
    let o = with_db(&db, &["resolve", &res]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("Brier with model error") && text.contains("Brier inputs only"),
        "{text}"
    );
    let row = text
        .lines()
        .find(|l| l.contains("P with model error") && l.contains("compromise"))
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(row.matches("(Brier ").count(), 2, "{row}");
    // Each Brier is (p - 0)^2 for the outcome "no": check both against the sealed odds.
    let score = json(&with_db(
        &db,
        &[
            "score",
            "--runs",
            "5",
            "-m",
            "compromise",
            "--format",
            "json",
            "--yes",
        ],
    ));
    let r = score["sealed"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "question")
        .unwrap();
    let (p, pe) = (
        r["forecast"].as_f64().unwrap(),
        r["forecast_with_model_error"].as_f64().unwrap(),
    );
    assert_eq!(r["outcome"].as_f64(), Some(0.0));
    assert!((r["brier"].as_f64().unwrap() - p * p).abs() < 1e-12);
    assert!((r["brier_with_model_error"].as_f64().unwrap() - pe * pe).abs() < 1e-12);
}

/// A payload sealed by Parley before it sealed the odds with model error (commit 3406b48,
/// `parley seal --runs 3 -m eum` on the embedded flagship), and its stored commitment.
const OLD_PAYLOAD: &str = r#"{"scenario":"grand-bargain-2025","target":"iran_wants_deal","kind":"question","model":"eum","inputs_sha256":"aef93cef473454a00a4657ec695cb31f8ee7be44b6dd588f71b71f3bb00c96e1","seed":20250304,"runs":3,"point":null,"probability":0.6666666666666666,"holds":false,"samples":[]}"#;
const OLD_COMMITMENT: &str = "39aea5fd95dce9c3cf60bd8968d31a1bd03495f576d989d395fa4116b6b3750e";

#[test]
fn an_old_sealed_forecast_still_scores_with_its_brier_with_model_error_absent() {
    let db = scratch_path(SUITE, "old.sqlite");
    {
        let mut lib = parley_library::Library::open(&db).unwrap();
        let record = parley_library::RunRecord {
            scenario: "grand-bargain-2025".into(),
            version: None,
            scenario_sha256: String::new(),
            parley_version: "0.1.0".into(),
            models: vec!["eum".into()],
            seed: 20250304,
            runs: 3,
            outputs: serde_json::json!([]),
        };
        let (run, _) = lib.seal(&record, &[]).unwrap();
        lib.connection()
            .execute(
                "INSERT INTO forecast (run_id, scenario, target, kind, model, payload,
                 commitment, sealed_at) VALUES (?1, 'grand-bargain-2025', 'iran_wants_deal',
                 'question', 'eum', ?2, ?3, '2025-03-05T10:00:00.000Z')",
                rusqlite::params![run, OLD_PAYLOAD, OLD_COMMITMENT],
            )
            .unwrap();
    }
    let v = json(&with_db(
        &db,
        &[
            "score", "--runs", "5", "-m", "eum", "--format", "json", "--yes",
        ],
    ));
    let sealed = &v["sealed"];
    let row = &sealed["rows"][0];
    // Sealed in March 2025, before the outcome's 2025-12-31: it counts, and scores
    // (2/3 - 0)^2 = 4/9 on its inputs-only odds; it has no odds with model error.
    assert_eq!(row["counts"], true);
    assert!((row["brier"].as_f64().unwrap() - 4.0 / 9.0).abs() < 1e-12);
    assert!(row["brier_with_model_error"].is_null(), "{row}");
    assert!(row["forecast_with_model_error"].is_null(), "{row}");
    assert!(sealed["models"][0]["mean_brier_with_model_error"].is_null());
    assert_eq!(sealed["models"][0]["questions_with_model_error"], 0);
    // The table shows it as absent ("-"), says why, and never prints 0 or NaN for it.
    let o = with_db(&db, &["score", "--runs", "5", "-m", "eum", "--yes"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let sealed_part = text.split("Scores of the sealed forecasts").nth(1).unwrap();
    let summary = sealed_part
        .lines()
        .find(|l| l.trim_start().starts_with("eum "))
        .unwrap();
    let cells: Vec<&str> = summary.split_whitespace().collect();
    // model, issue forecasts, abs err, CRPS, question forecasts, Brier with model error
    // ("not recorded", two words), Brier inputs only, in record.
    assert_eq!(
        cells,
        ["eum", "0", "-", "-", "1", "not", "recorded", "0.444", "1"],
        "{summary}"
    );
    assert!(
        sealed_part.contains("\"not recorded\" with model error: the seal holds no odds"),
        "{text}"
    );
    // The forecast's own line and its run's line say it too.
    let line = sealed_part
        .lines()
        .find(|l| l.trim_start().starts_with("eum ") && l.contains("P with model error"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.contains("P with model error not recorded")
            && line.contains("P inputs only  66.7% (Brier 0.444)"),
        "{line}"
    );
    let run = sealed_part
        .lines()
        .find(|l| l.trim_start().starts_with("run "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        run.contains("Brier with model error not recorded, inputs only 0.444")
            && run.contains("P(iran_wants_deal) not recorded with model error, 66.7% inputs only"),
        "{run}"
    );
    assert!(!text.contains("NaN"), "{text}");
}

#[test]
fn a_forecast_sealed_on_its_outcome_s_date_is_named_as_hindsight() {
    let db = scratch_path(SUITE, "same-day.sqlite");
    let o = with_db(&db, &["seal", "--runs", "10", "-m", "nbs", "--yes"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The outcome is dated the day the forecast was sealed (read from the database, so the
    // test holds across midnight: that day is never after today).
    let day: String = parley_library::Library::open(&db)
        .unwrap()
        .sealed("grand-bargain-2025")
        .unwrap()[0]
        .sealed_at[..10]
        .to_owned();
    let res = scratch_file(
        SUITE,
        "same-day.toml",
        &format!(
            "[resolution]\nscenario = \"grand-bargain-2025\"\nas_of = {day}\n\n[[question]]\n\
             id = \"iran_wants_deal\"\noutcome = false\ndate = {day}\nsources = [\"x\"]\n"
        ),
    );
    let o = with_db(&db, &["resolve", &res.display().to_string()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let expected = format!(
        "the one sealed forecast does not count in the track record: it was sealed on {day}, \
         its outcome's date; a forecast counts when sealed on a day before its outcome's date"
    );
    assert!(text.contains(&expected), "{text}");
    assert!(
        text.contains("\"in record\": forecasts sealed on a day before their outcome's date"),
        "{text}"
    );
    let o = with_db(&db, &["score", "--runs", "5", "-m", "nbs", "--yes"]);
    assert!(stdout(&o).contains(&expected), "{}", stdout(&o));
    let v = json(&with_db(
        &db,
        &[
            "score", "--runs", "5", "-m", "nbs", "--format", "json", "--yes",
        ],
    ));
    assert_eq!(
        v["sealed"]["not_in_record"],
        serde_json::json!({"forecasts": 1, "sealed": 1, "sealed_on": [day], "outcome_dates": [day]})
    );
    // The forecasts made now are not sealed: nothing to say about them.
    assert!(v["now"]["not_in_record"].is_null());
}

#[test]
fn a_record_mixing_old_and_new_seals_scores_each_on_what_it_holds_and_names_the_late_one() {
    let db = scratch_path(SUITE, "mixed.sqlite");
    let o = with_db(&db, &["seal", "--runs", "10", "-m", "eum", "--yes"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let day: String = {
        let mut lib = parley_library::Library::open(&db).unwrap();
        let day = lib.sealed("grand-bargain-2025").unwrap()[0].sealed_at[..10].to_owned();
        // A forecast in the form Parley sealed before it sealed the odds with model error (no
        // such field), of the same inputs, sealed in March 2025.
        let inputs = parley_library::sha256_hex(
            &std::fs::read(repo_file("scenarios/grand-bargain-2025.toml")).unwrap(),
        );
        let payload = format!(
            r#"{{"scenario":"grand-bargain-2025","target":"iran_wants_deal","kind":"question","model":"eum","inputs_sha256":"{inputs}","seed":20250304,"runs":3,"point":null,"probability":0.6666666666666666,"holds":false,"samples":[]}}"#
        );
        let record = parley_library::RunRecord {
            scenario: "grand-bargain-2025".into(),
            version: None,
            scenario_sha256: inputs,
            parley_version: "0.1.0".into(),
            models: vec!["eum".into()],
            seed: 20250304,
            runs: 3,
            outputs: serde_json::json!([]),
        };
        let (run, _) = lib.seal(&record, &[]).unwrap();
        lib.connection()
            .execute(
                "INSERT INTO forecast (run_id, scenario, target, kind, model, payload,
                 commitment, sealed_at) VALUES (?1, 'grand-bargain-2025', 'iran_wants_deal',
                 'question', 'eum', ?2, ?3, '2025-03-05T10:00:00.000Z')",
                rusqlite::params![run, payload, parley_library::sha256_hex(payload.as_bytes())],
            )
            .unwrap();
        day
    };
    // The outcome ("no") is dated the day of the new seal: the old forecast counts, the new
    // one is hindsight.
    let res = scratch_file(
        SUITE,
        "mixed.toml",
        &format!(
            "[resolution]\nscenario = \"grand-bargain-2025\"\nas_of = {day}\n\n[[question]]\n\
             id = \"iran_wants_deal\"\noutcome = false\ndate = {day}\nsources = [\"x\"]\n"
        ),
    );
    let o = with_db(&db, &["resolve", &res.display().to_string()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let resolved = stdout(&o);
    let v = json(&with_db(
        &db,
        &[
            "score", "--runs", "5", "-m", "eum", "--format", "json", "--yes",
        ],
    ));
    let sealed = &v["sealed"];
    let rows = sealed["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let new = rows.iter().find(|r| r["counts"] == false).unwrap();
    let old = rows.iter().find(|r| r["counts"] == true).unwrap();
    assert_eq!(old["sealed_at"], "2025-03-05T10:00:00.000Z");
    assert!(old["forecast_with_model_error"].is_null());
    // By hand from the recorded odds, outcome 0: each Brier is p^2; the inputs-only mean is
    // over both forecasts, the mean with model error over the new one alone.
    let p_old = 2.0 / 3.0;
    let p_new = new["forecast"].as_f64().unwrap();
    let pe_new = new["forecast_with_model_error"].as_f64().unwrap();
    let m = &sealed["models"][0];
    assert_eq!(m["questions"], 2);
    assert_eq!(m["questions_with_model_error"], 1);
    assert_eq!(m["counted"], 1);
    let mean_inputs = (p_old * p_old + p_new * p_new) / 2.0;
    assert!((m["mean_brier"].as_f64().unwrap() - mean_inputs).abs() < 1e-12);
    assert!((m["mean_brier_with_model_error"].as_f64().unwrap() - pe_new * pe_new).abs() < 1e-12);
    assert_eq!(
        sealed["not_in_record"],
        serde_json::json!({"forecasts": 1, "sealed": 2, "sealed_on": [day], "outcome_dates": [day]})
    );
    // The text says which one is left out and why, in resolve and in score, and shows the
    // mean with model error as over 1 of the 2.
    let expected = format!(
        "1 of the 2 sealed forecasts does not count in the track record: it was sealed on {day}, \
         its outcome's date; a forecast counts when sealed on a day before its outcome's date"
    );
    assert!(resolved.contains(&expected), "{resolved}");
    let o = with_db(&db, &["score", "--runs", "5", "-m", "eum", "--yes"]);
    let text = stdout(&o);
    let sealed_part = text.split("Scores of the sealed forecasts").nth(1).unwrap();
    assert!(sealed_part.contains(&expected), "{text}");
    let summary = sealed_part
        .lines()
        .find(|l| l.trim_start().starts_with("eum "))
        .unwrap();
    assert!(
        summary.contains(&format!(
            "{:.3} (1 of 2) {:>18}",
            pe_new * pe_new,
            format!("{mean_inputs:.3}")
        )),
        "{summary}"
    );
}
