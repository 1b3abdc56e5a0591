//! The API through the router (tower's `oneshot`, no sockets): each endpoint returns what the
//! core computes for the CLI's command, and every failure has its status and error code.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use parley_core::uncertainty::{MonteCarlo, sensitivity};
use parley_core::{analyse, models};
use parley_web::Limits;
use serde_json::{Value, json};

fn value<T: serde::Serialize>(x: &T) -> Value {
    serde_json::to_value(x).unwrap()
}

#[tokio::test]
async fn models_lists_every_model_with_its_source() {
    let r = get("/api/models").await;
    assert_eq!(r.status, StatusCode::OK);
    let infos: Vec<_> = models::all().iter().map(|m| m.info()).collect();
    assert_same(&r.json(), &value(&infos));
}

#[tokio::test]
async fn run_with_no_body_is_the_flagship_with_every_model() {
    let r = send(post_request("/api/run", Body::empty())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_same(&r.json(), &run_json(&flagship(), &models::all()));
}

#[tokio::test]
async fn run_takes_toml_or_the_json_document_and_a_model_list() {
    let by_toml = post(
        "/api/run",
        &json!({ "toml": flagship_toml(), "models": ["nbs", "compromise"] }),
    )
    .await;
    let by_doc = post(
        "/api/run",
        &json!({ "scenario": flagship_doc(), "models": ["nbs", "compromise"] }),
    )
    .await;
    assert_eq!(by_toml.status, StatusCode::OK);
    assert_same(&by_toml.json(), &by_doc.json());
    let chosen = vec![
        models::by_id("nbs").unwrap(),
        models::by_id("compromise").unwrap(),
    ];
    assert_same(&by_doc.json(), &run_json(&flagship(), &chosen));
}

#[tokio::test]
async fn an_edited_salience_changes_the_forecast() {
    let mut doc = flagship_doc();
    let before = post(
        "/api/run",
        &json!({ "scenario": doc, "models": ["compromise"] }),
    )
    .await;
    // The US cares little about Iran's programme: the compromise (capability x salience
    // weighted mean) moves toward the others.
    doc["actor"][0]["stance"]["iran_nuclear"]["salience"]["value"] = json!(0.05);
    doc["actor"][0]["stance"]["iran_nuclear"]["salience"]["low"] = json!(0.0);
    let after = post(
        "/api/run",
        &json!({ "scenario": doc, "models": ["compromise"] }),
    )
    .await;
    let f = |r: &Reply| {
        r.json()["models"][0]["forecast"]["iran_nuclear"]
            .as_f64()
            .unwrap()
    };
    assert!(
        (f(&before) - f(&after)).abs() > 1.0,
        "{} vs {}",
        f(&before),
        f(&after)
    );
}

#[tokio::test]
async fn what_ifs_and_edits_apply_before_the_run() {
    let r = post(
        "/api/run",
        &json!({ "what_if": "us_stops_aid", "models": ["compromise"] }),
    )
    .await;
    let mut got = r.json();
    // The answer names the variant it was computed on, first, as the CLI's JSON does.
    let named = got.as_object_mut().unwrap().shift_remove("variant");
    assert_eq!(
        named,
        Some(json!({ "what_ifs": ["us_stops_aid"], "set": [] }))
    );
    let expected = run_json(
        &flagship().with_what_if("us_stops_aid").unwrap(),
        &[models::by_id("compromise").unwrap()],
    );
    assert_same(&got, &expected);
    let edit = "usa.ukraine_aid.position = 0";
    let r = post(
        "/api/run",
        &json!({ "set": [edit], "models": ["compromise"] }),
    )
    .await;
    let edited = parley_core::what_if::apply_edits(
        &flagship(),
        parley_core::what_if::EditSource::Field("set".into()),
        &[edit.to_owned()],
    )
    .unwrap();
    let mut got = r.json();
    let named = got.as_object_mut().unwrap().shift_remove("variant");
    assert_eq!(named, Some(json!({ "what_ifs": [], "set": [edit] })));
    assert_same(
        &got,
        &run_json(&edited, &[models::by_id("compromise").unwrap()]),
    );
    let bad = post("/api/run", &json!({ "what_if": "nope" })).await;
    assert_eq!(
        (bad.status, bad.code().as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "unprocessable")
    );
    assert!(
        bad.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("us_stops_aid")
    );
}

#[tokio::test]
async fn an_invalid_scenario_gets_every_problem_with_its_field_path() {
    let mut doc = flagship_doc();
    doc["actor"][0]["stance"]["iran_nuclear"]["salience"]["value"] = json!(55);
    doc["actor"][1]["capability"]["value"] = json!(-3);
    let r = post("/api/run", &json!({ "scenario": doc })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.code(), "invalid-scenario");
    let problems = r.json()["error"]["problems"].clone();
    let paths: Vec<&str> = problems
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["path"].as_str())
        .collect();
    assert!(
        paths.contains(&"actor[0].stance.iran_nuclear.salience.value"),
        "{paths:?}"
    );
    assert!(paths.contains(&"actor[1].capability.value"), "{paths:?}");
    // The same messages as the CLI's reader gives for the same document.
    let diagnostics = match parley_scenario::read_str(
        "x.json",
        &doc.to_string(),
        parley_scenario::Format::Json,
    ) {
        Err(parley_scenario::LoadError::Invalid { diagnostics, .. }) => diagnostics,
        _ => unreachable!(),
    };
    let messages: Vec<&str> = problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, expected);
    assert!(
        messages
            .iter()
            .any(|m| m.contains("55") && m.contains("[0, 1]"))
    );
}

#[tokio::test]
async fn validate_answers_valid_or_lists_problems() {
    let ok = post("/api/validate", &json!({ "toml": flagship_toml() })).await;
    assert_eq!(
        ok.json(),
        json!({ "valid": true, "actors": 8, "issues": 4, "problems": [] })
    );
    let text = flagship_toml().replacen("value = 0.55", "value = 55", 1);
    let bad = post("/api/validate", &json!({ "toml": text })).await;
    assert_eq!(bad.status, StatusCode::OK);
    let p = &bad.json()["problems"][0];
    assert_eq!(p["code"], "salience-out-of-range");
    assert_eq!(p["path"], "actor[0].stance.iran_nuclear.salience.value");
    let line = 1 + text[..text.find("value = 55").unwrap()]
        .matches('\n')
        .count();
    assert_eq!(p["line"], json!(line));
    let wrong_type = post(
        "/api/validate",
        &json!({ "scenario": { "scenario": { "name": 3 } } }),
    )
    .await;
    let codes: Vec<String> = wrong_type.json()["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_owned())
        .collect();
    assert!(codes.contains(&"wrong-type".to_owned()), "{codes:?}");
}

#[tokio::test]
async fn parse_turns_a_file_into_the_document_and_toml_turns_it_back() {
    let r = post("/api/scenario/parse", &json!({ "text": flagship_toml() })).await;
    assert_eq!(r.json()["valid"], json!(true));
    assert_eq!(r.json()["scenario"], flagship_doc());
    let toml = post("/api/scenario/toml", &json!({ "scenario": flagship_doc() })).await;
    assert_eq!(toml.status, StatusCode::OK);
    assert!(
        toml.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("grand-bargain-2025")
    );
    let back =
        parley_scenario::read_str("t.toml", &toml.text(), parley_scenario::Format::Toml).unwrap();
    assert_eq!(back, flagship());
    // Broken TOML: no document, the syntax error located.
    let broken = post(
        "/api/scenario/parse",
        &json!({ "text": "[scenario\nname = 1" }),
    )
    .await;
    assert_eq!(broken.json()["scenario"], Value::Null);
    assert_eq!(broken.json()["problems"][0]["code"], "syntax");
    assert_eq!(broken.json()["problems"][0]["line"], json!(1));
    // Well-formed but invalid: the document is there for the editor.
    let invalid = post(
        "/api/scenario/parse",
        &json!({ "text": flagship_toml().replacen("value = 0.55", "value = 55", 1) }),
    )
    .await;
    assert!(invalid.json()["scenario"]["actor"].is_array());
    assert_eq!(invalid.json()["valid"], json!(false));
    let json_file = post(
        "/api/scenario/parse",
        &json!({ "text": flagship_doc().to_string(), "format": "json" }),
    )
    .await;
    assert_eq!(json_file.json()["valid"], json!(true));
    let invalid_toml = post(
        "/api/scenario/toml",
        &json!({ "scenario": { "scenario": {} } }),
    )
    .await;
    assert_eq!(invalid_toml.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn flagship_is_the_embedded_file() {
    let r = get("/api/scenario/flagship").await;
    assert_eq!(r.json()["toml"], json!(flagship_toml()));
    assert_eq!(r.json()["scenario"], flagship_doc());
}

#[tokio::test]
async fn mc_is_the_core_run_and_deterministic_by_seed() {
    let req = json!({ "runs": 60, "seed": 7, "models": ["compromise", "nbs"], "conditions": ["iran_nuclear >= 50"] });
    let a = post("/api/mc", &req).await;
    let b = post("/api/mc", &req).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(a.bytes, b.bytes);
    let chosen = vec![
        models::by_id("compromise").unwrap(),
        models::by_id("nbs").unwrap(),
    ];
    let core = mc_json(
        MonteCarlo { runs: 60, seed: 7 },
        &flagship(),
        &chosen,
        &["iran_nuclear >= 50".to_owned()],
    );
    assert_same(&a.json(), &core);
    assert!(a.json()["conditions"][0]["with_model_error"]["compromise"].is_number());
    // Without a seed: the scenario's.
    let r = post("/api/mc", &json!({ "runs": 5, "models": ["compromise"] })).await;
    assert_eq!(r.json()["seed"], json!(20250304));
}

#[tokio::test]
async fn mc_jobs_report_progress_and_the_same_result() {
    let app = parley_web::router(parley_web::AppState::new(Limits::default()));
    let req = json!({ "runs": 80, "seed": 3, "models": ["compromise"] });
    let call = |r: Request<Body>| {
        let app = app.clone();
        async move {
            use http_body_util::BodyExt;
            use tower::ServiceExt;
            let resp = app.oneshot(r).await.unwrap();
            let status = resp.status();
            let body = resp.into_body().collect().await.unwrap().to_bytes();
            (status, serde_json::from_slice::<Value>(&body).unwrap())
        }
    };
    let (status, started) = call(post_request("/api/mc/jobs", req.to_string())).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(started["total"], json!(80));
    let poll = started["poll"].as_str().unwrap().to_owned();
    let mut last = Value::Null;
    for _ in 0..600 {
        let (_, s) = call(Request::get(&poll).body(Body::empty()).unwrap()).await;
        assert!(s["done"].as_u64().unwrap() <= 80);
        if s["state"] != "running" {
            last = s;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(last["state"], "done", "{last}");
    assert_eq!(last["done"], json!(80));
    let sync = post("/api/mc", &req).await;
    assert_same(&last["result"], &sync.json());
    let (status, missing) = call(
        Request::get("/api/mc/jobs/999")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, missing["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not-found"))
    );
}

#[tokio::test]
async fn a_bad_job_request_is_refused_before_it_starts() {
    let r = post("/api/mc/jobs", &json!({ "runs": 10, "models": ["nope"] })).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::BAD_REQUEST, "unknown-model")
    );
    let r = post("/api/mc/jobs", &json!({ "runs": 0 })).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_empty_models_list_is_refused_on_every_endpoint_that_takes_one() {
    // `"models": []` ran every model; omitting the field is how to ask for every model.
    for (path, body) in [
        ("/api/run", json!({ "models": [] })),
        ("/api/compare", json!({ "models": [] })),
        ("/api/mc", json!({ "runs": 10, "models": [] })),
        ("/api/mc/jobs", json!({ "runs": 10, "models": [] })),
        ("/api/sensitivity", json!({ "runs": 10, "models": [] })),
        (
            "/api/advise",
            json!({ "actor": "usa", "goal": "iran_nuclear >= 60", "runs": 0, "models": [] }),
        ),
    ] {
        let r = post(path, &body).await;
        assert_eq!(
            (r.status, r.code().as_str()),
            (StatusCode::BAD_REQUEST, "bad-request"),
            "{path}: {}",
            r.text()
        );
        assert!(
            r.text().contains("`models` is an empty list")
                && r.text().contains("omit the field to run every model"),
            "{path}: {}",
            r.text()
        );
    }
}

#[tokio::test]
async fn sensitivity_is_the_core_measure() {
    let r = post(
        "/api/sensitivity",
        &json!({ "runs": 40, "seed": 2, "models": ["compromise"] }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let core =
        sensitivity::measure(&flagship(), &[models::by_id("compromise").unwrap()], 40, 2).unwrap();
    assert_same(&r.json(), &value(&core));
    let one = post("/api/sensitivity", &json!({ "runs": 1 })).await;
    assert_eq!(one.status, StatusCode::BAD_REQUEST);
}

/// What `parley compare --format json` gives for these variants (name, what-ifs, edits) of
/// the flagship under `compromise`: each variant built by `parley_core::variant::apply`, as
/// the CLI builds it (crates/parley-cli/src/cli/edits.rs), then analysed.
fn compare_json(variants: &[(&str, &[&str], &[&str])]) -> Value {
    let compromise = [models::by_id("compromise").unwrap()];
    let base = flagship();
    // Every variant's odds with model error: the built-in error model and the base's seed.
    let calibration = builtin_calibration();
    let seed = base.meta.seed.unwrap_or(0);
    let point = |s: &parley_core::Scenario, a: &parley_core::Analysis| {
        value(&parley_core::calibration::point::point_error(s, a, &calibration, seed).unwrap())
    };
    let owned = |xs: &[&str]| xs.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    let list: Vec<Value> = variants
        .iter()
        .map(|(name, what_if, set)| {
            let s = parley_core::variant::apply(
                &base,
                &owned(what_if),
                &owned(set),
                parley_core::what_if::EditSource::Field("set".into()),
            )
            .unwrap();
            let a = analyse(&s, &compromise).unwrap();
            json!({ "variant": name, "analysis": value(&a), "model_error": point(&s, &a) })
        })
        .collect();
    let a = analyse(&base, &compromise).unwrap();
    json!({ "base": value(&a), "base_model_error": point(&base, &a), "variants": list })
}

#[tokio::test]
async fn compare_runs_every_what_if_by_default_and_an_edit_as_a_variant() {
    let r = post("/api/compare", &json!({ "models": ["compromise"] })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let ids: Vec<String> = flagship().what_ifs.iter().map(|w| w.id.clone()).collect();
    let each: Vec<(&str, [&str; 1], [&str; 0])> = ids
        .iter()
        .map(|id| (id.as_str(), [id.as_str()], []))
        .collect();
    let each: Vec<(&str, &[&str], &[&str])> =
        each.iter().map(|(n, w, s)| (*n, &w[..], &s[..])).collect();
    assert_same(&r.json(), &compare_json(&each));
    let edit = "usa.iran_nuclear.salience *= 0.5";
    let r = post(
        "/api/compare",
        &json!({ "models": ["compromise"], "set": [edit] }),
    )
    .await;
    assert_same(&r.json(), &compare_json(&[(edit, &[], &[edit])]));
    let bad = post(
        "/api/compare",
        &json!({ "set": ["usa.iran_nuclear.mood = 3"] }),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unknown field 'mood'")
    );
}

/// Sweep2 item 6: `what_if` and `set` made one variant each, where `parley compare
/// --what-if A --what-if B --set E` makes one variant of all of them, named "A + B + E".
#[tokio::test]
async fn compare_combines_its_what_ifs_and_edits_into_one_variant_as_the_cli() {
    let both = ["us_stops_aid", "us_aid_salience_half"];
    let edit = "rus.capability *= 2";
    for field in ["what_if", "what_ifs"] {
        let r = post(
            "/api/compare",
            &json!({ "models": ["compromise"], field: both }),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_same(
            &r.json(),
            &compare_json(&[("us_stops_aid + us_aid_salience_half", &both, &[])]),
        );
    }
    let r = post(
        "/api/compare",
        &json!({ "models": ["compromise"], "what_if": "us_stops_aid", "set": [edit] }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_same(
        &r.json(),
        &compare_json(&[(
            "us_stops_aid + rus.capability *= 2",
            &["us_stops_aid"],
            &[edit],
        )]),
    );
    // The combined variant is not either what-if alone.
    let alone = compare_json(&[("us_stops_aid", &["us_stops_aid"], &[])]);
    assert_ne!(
        r.json()["variants"][0]["analysis"]["models"][0]["forecast"],
        alone["variants"][0]["analysis"]["models"][0]["forecast"]
    );
}

/// `variants` is the CLI's `--variant`: a what-if id alone, or any number of what-ifs and
/// edits with an optional name; after the `what_if`/`set` variant, in order.
#[tokio::test]
async fn compare_takes_several_variants_as_the_clis_variant_flag() {
    let cut = ["usa.ukraine_aid.salience=0.3", "rus.capability *= 2"];
    let r = post(
        "/api/compare",
        &json!({
            "models": ["compromise"],
            "set": ["usa.iran_nuclear.salience *= 0.5"],
            "variants": [
                "us_stops_aid",
                { "name": "aid cut", "what_if": ["us_stops_aid"], "set": cut },
                { "what_if": "us_aid_salience_half", "set": ["rus.capability += 10"] },
            ],
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_same(
        &r.json(),
        &compare_json(&[
            (
                "usa.iran_nuclear.salience *= 0.5",
                &[],
                &["usa.iran_nuclear.salience *= 0.5"],
            ),
            ("us_stops_aid", &["us_stops_aid"], &[]),
            ("aid cut", &["us_stops_aid"], &cut),
            (
                "us_aid_salience_half + rus.capability += 10",
                &["us_aid_salience_half"],
                &["rus.capability += 10"],
            ),
        ]),
    );
}

/// The CLI's refusals, in the API's statuses: what the scenario cannot take is 422 (naming
/// the variant, as the CLI does), a request that does not say what to compare 400.
#[tokio::test]
async fn compare_refuses_what_the_cli_refuses() {
    let twice = [
        "usa.ukraine_aid.salience = 0.3",
        "usa.ukraine_aid.salience = 0.4",
    ];
    for (body, status, says) in [
        (
            json!({ "what_if": ["us_stops_aid", "us_stops_aid"] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "the variant of `what_if` and `set`: what-if 'us_stops_aid' is given twice; each \
             what-if applies once",
        ),
        (
            json!({ "set": twice }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "the variant of `what_if` and `set`: edits \"usa.ukraine_aid.salience = 0.3\" and \
             \"usa.ukraine_aid.salience = 0.4\" in JSON field `set` both set the same number",
        ),
        (
            json!({ "variants": ["us_stops_aid", { "name": "x", "set": twice }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "`variants[1]` ('x'): edits \"usa.ukraine_aid.salience = 0.3\" and \
             \"usa.ukraine_aid.salience = 0.4\" in JSON field `variants[1].set` both set the \
             same number",
        ),
        (
            json!({ "variants": [{ "name": "typo", "set": ["usa.ukraine_aid.salince=0.3"] }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "`variants[0]` ('typo'): edit \"usa.ukraine_aid.salince=0.3\" in JSON field \
             `variants[0].set`: unknown field 'salince'",
        ),
        (
            json!({ "variants": ["no_such_what_if"] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "no_such_what_if",
        ),
        (
            json!({ "variants": ["us_stops_aid", "us_stops_aid"] }),
            StatusCode::BAD_REQUEST,
            "two variants are named 'us_stops_aid'",
        ),
        (
            json!({ "what_if": "us_stops_aid", "variants": ["us_stops_aid"] }),
            StatusCode::BAD_REQUEST,
            "two variants are named 'us_stops_aid'",
        ),
        (
            json!({ "variants": [{ "name": "empty" }] }),
            StatusCode::BAD_REQUEST,
            "`variants[0]` has no `what_if` and no `set`",
        ),
        (
            json!({ "variants": [{ "name": " ", "what_if": "us_stops_aid" }] }),
            StatusCode::BAD_REQUEST,
            "`variants[0]` has an empty `name`",
        ),
        (
            json!({ "variants": [""] }),
            StatusCode::BAD_REQUEST,
            "`variants[0]` is an empty string",
        ),
        (
            json!({ "variants": [{ "what_if": "us_stops_aid", "scan": "x" }] }),
            StatusCode::BAD_REQUEST,
            "unknown field `scan`",
        ),
        (
            json!({ "variants": [3] }),
            StatusCode::BAD_REQUEST,
            "a what-if id, or an object",
        ),
    ] {
        let r = post("/api/compare", &body).await;
        assert_eq!(r.status, status, "{body}: {}", r.text());
        let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
        assert!(message.contains(says), "{body}: {message}");
    }
    // Nothing to compare: no variant given and none in the scenario.
    let mut doc = flagship_doc();
    doc.as_object_mut().unwrap().remove("what_if");
    let none = post("/api/compare", &json!({ "scenario": doc })).await;
    assert_eq!(
        none.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        none.text()
    );
    assert!(
        none.text().contains("nothing to compare"),
        "{}",
        none.text()
    );
}

#[tokio::test]
async fn two_edits_setting_one_number_are_refused_as_on_the_command_line() {
    // Sweep item 7: the API ran this (200) where `parley run --set` refuses it; the first
    // edit was silently lost.
    let twice = json!([
        "usa.ukraine_aid.salience = 0.3",
        "usa.ukraine_aid.salience = 0.4"
    ]);
    for (path, body) in [
        (
            "/api/run",
            json!({ "set": twice, "models": ["compromise"] }),
        ),
        (
            "/api/advise",
            json!({ "actor": "usa", "runs": 0, "set": twice }),
        ),
    ] {
        let r = post(path, &body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
        assert_eq!(
            message,
            "edits \"usa.ukraine_aid.salience = 0.3\" and \"usa.ukraine_aid.salience = 0.4\" in \
             JSON field `set` both set the same number; keep one (edits apply in order, so the \
             first would be lost)",
            "{path}"
        );
    }
    // A relative edit after a set composes, as on the command line.
    let composed = json!([
        "usa.ukraine_aid.salience = 0.3",
        "usa.ukraine_aid.salience *= 2"
    ]);
    let r = post(
        "/api/run",
        &json!({ "set": composed, "models": ["compromise"] }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn a_bad_edit_is_named_by_the_json_field_it_came_in() {
    // The messages said "what-if 'set'" (and, from compare, "what-if '<the edit>'"), as if
    // the edits were a what-if of the scenario; advise named the command line's --set.
    let bad = "usa.iran_nuclear.mood = 3";
    let invalid = "usa.iran_nuclear.salience = 3";
    let cases = [
        ("/api/run", json!({ "set": [bad] })),
        ("/api/compare", json!({ "set": [bad] })),
        (
            "/api/advise",
            json!({ "actor": "usa", "runs": 0, "set": [bad] }),
        ),
    ];
    for (path, body) in cases {
        let r = post(path, &body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
        // compare names the variant first, as `parley compare` does.
        let message = message
            .strip_prefix("the variant of `what_if` and `set`: ")
            .filter(|_| path == "/api/compare")
            .unwrap_or(&message);
        assert!(
            message.starts_with(&format!(
                "edit \"{bad}\" in JSON field `set`: unknown field 'mood'; "
            )),
            "{path}: {message}"
        );
    }
    for (path, body) in [
        ("/api/run", json!({ "set": [invalid] })),
        ("/api/compare", json!({ "set": [invalid] })),
        (
            "/api/advise",
            json!({ "actor": "usa", "runs": 0, "set": [invalid] }),
        ),
    ] {
        let r = post(path, &body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
        let message = message
            .strip_prefix("the variant of `what_if` and `set`: ")
            .filter(|_| path == "/api/compare")
            .unwrap_or(&message);
        assert!(
            message.starts_with("the edits in JSON field `set` leave an invalid scenario: "),
            "{path}: {message}"
        );
    }
}

#[tokio::test]
async fn bargain_has_the_analysis_the_trades_and_the_odds() {
    let r = post("/api/bargain", &json!({ "runs": 0 })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let s = flagship();
    assert_same(
        &r.json()["analysis"],
        &value(&analyse(&s, &models::all()).unwrap()),
    );
    assert_same(
        &r.json()["bargain"],
        &value(&parley_core::bargain::bargain(&s).unwrap()),
    );
    assert_eq!(r.json()["monte_carlo"], Value::Null);
    let r = post("/api/bargain", &json!({ "runs": 20 })).await;
    assert_eq!(r.json()["monte_carlo"]["runs"], json!(20));
}

#[tokio::test]
async fn advise_is_the_core_advice_and_bad_requests_are_422() {
    let req = json!({ "actor": "usa", "goal": "iran_nuclear >= 60", "runs": 0 });
    let r = post("/api/advise", &req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let settings = parley_core::advise::Settings {
        goal: Some("iran_nuclear >= 60".into()),
        ..parley_core::advise::Settings::new("usa")
    };
    let calibration = parley_scenario::calibration::builtin().unwrap().calibration;
    let advice = parley_core::advise::advise(
        &flagship(),
        &models::all(),
        &settings,
        Some(&calibration),
        &parley_core::Cancel::never(),
    )
    .unwrap();
    assert_same(&r.json()["advice"], &value(&advice));
    assert!(r.json()["advice"]["levers"][0]["edit"].is_string());
    // What-ifs and edits apply first; Monte Carlo odds with a seed given as a string.
    let r = post(
        "/api/advise",
        &json!({ "actor": "usa", "goal": "iran_nuclear >= 60", "runs": 20, "seed": "18446744073709551615",
                 "what_if": ["us_stops_aid"], "set": ["rus.capability *= 2"] }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let odds = &r.json()["advice"]["baseline_odds"];
    assert_eq!(odds["runs"], json!(20));
    assert_eq!(odds["seed"], json!(u64::MAX));
    assert!(odds["with_model_error"]["compromise"].is_number(), "{odds}");
    for (body, want) in [
        (json!({ "actor": "nobody", "runs": 0 }), "nobody"),
        (
            json!({ "actor": "usa", "goal": "mars >= 3", "runs": 0 }),
            "mars",
        ),
        (json!({ "actor": "usa", "seed": "-1", "runs": 0 }), "seed"),
        (
            json!({ "actor": "usa", "what_if": ["nope"], "runs": 0 }),
            "nope",
        ),
    ] {
        let r = post("/api/advise", &body).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            r.text()
        );
        assert!(r.text().contains(want), "{body}: {}", r.text());
    }
    let r = post("/api/advise", &json!({ "goal": "iran_nuclear >= 60" })).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
}

/// Sweep 7 finding 7: the API's messages name the request's fields, never the command line's
/// flags (`unknown actor 'nobody' (--actor)` before).
#[tokio::test]
async fn api_messages_name_fields_not_command_line_flags() {
    let r = post("/api/advise", &json!({ "actor": "nobody", "runs": 0 })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(
        message.starts_with("`actor`: unknown actor 'nobody'; actors: "),
        "{message}"
    );
    for (path, body) in [
        ("/api/advise", json!({ "actor": "nobody", "runs": 0 })),
        (
            "/api/advise",
            json!({ "actor": "usa", "runs": 0, "budget": 2 }),
        ),
        (
            "/api/advise",
            json!({ "actor": "usa", "runs": 0, "top": 0 }),
        ),
        ("/api/mc", json!({ "runs": 0 })),
        ("/api/sensitivity", json!({ "runs": 1 })),
        ("/api/run", json!({ "set": ["usa.mood = 2"] })),
        ("/api/run", json!({ "what_if": ["nope"] })),
    ] {
        let r = post(path, &body).await;
        assert!(!r.status.is_success(), "{path} {body}: {}", r.text());
        let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
        assert!(!message.contains("--"), "{path} {body}: {message}");
    }
}

/// The fields the page's advice view shows beside each lever, proposal and coalition, as the
/// CLI's `parley advise` prints them, checked against their definitions (docs/advise.md).
#[tokio::test]
async fn advise_answers_what_the_advice_view_shows() {
    let r = post(
        "/api/advise",
        &json!({ "actor": "usa", "goal": "iran_nuclear >= 60", "runs": 200 }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let a = &r.json()["advice"];
    let runs = a["baseline_odds"]["runs"].as_f64().unwrap();
    let mut falls = 0;
    for l in a["levers"].as_array().unwrap() {
        // worst_model: the model of the smallest effect, the first on a tie.
        let effects = l["effects"].as_array().unwrap();
        let low = effects
            .iter()
            .map(|e| e["effect"].as_f64().unwrap())
            .fold(f64::INFINITY, f64::min);
        let first = effects
            .iter()
            .find(|e| e["effect"].as_f64().unwrap() == low)
            .unwrap();
        assert_eq!(l["worst_model"], first["model"], "{}", l["edit"]);
        // odds_fall: each a fall, its noise two standard errors of the difference.
        for f in l["odds_fall"].as_array().into_iter().flatten() {
            falls += 1;
            let (p0, p1) = (f["before"].as_f64().unwrap(), f["after"].as_f64().unwrap());
            assert!(p1 < p0, "{f}");
            let noise = 2.0 * ((p0 * (1.0 - p0) + p1 * (1.0 - p1)) / runs).sqrt();
            assert!((f["noise"].as_f64().unwrap() - noise).abs() < 1e-12, "{f}");
            assert_eq!(f["beyond_noise"], json!(p0 - p1 > noise), "{f}");
        }
    }
    assert!(
        falls > 0,
        "no lever lowers the odds anywhere: {}",
        a["levers"]
    );
    // blockers: only where no robust package exists, and among the set's parties.
    let mut blocked = 0;
    for p in a["proposals"].as_array().unwrap() {
        let Some(b) = p["blockers"].as_array() else {
            continue;
        };
        blocked += 1;
        assert!(p["robust"].is_null(), "{p}");
        let parties = p["parties"].as_array().unwrap();
        assert!(b.iter().all(|x| parties.contains(x)), "{p}");
    }
    assert!(blocked > 0, "no blocked set: {}", a["proposals"]);
    // conversion: some partner asked more than its stake (beyond the core's 1e-9 of no
    // effect); conversions rank after every coalition.
    let coalitions = a["coalitions"].as_array().unwrap();
    for c in coalitions {
        let over = c["asks"].as_array().unwrap().iter().any(|k| {
            k["stake"]
                .as_f64()
                .is_some_and(|s| k["ask"].as_f64().unwrap() > s + 1e-9)
        });
        assert_eq!(c["conversion"], json!(over), "{c}");
        assert!(c["worst_model"].is_string(), "{c}");
    }
    let first_conversion = coalitions.iter().position(|c| c["conversion"] == true);
    let conversion = first_conversion.unwrap();
    assert!(
        coalitions[conversion..]
            .iter()
            .all(|c| c["conversion"] == true)
    );
}

#[tokio::test]
async fn request_mistakes_get_their_own_status_and_code() {
    let cases: Vec<(Request<Body>, StatusCode, &str)> = vec![
        (
            post_request("/api/run", "{\"models\": [}"),
            StatusCode::BAD_REQUEST,
            "bad-json",
        ),
        (
            post_request("/api/run", "{\"modles\": []}"),
            StatusCode::BAD_REQUEST,
            "bad-json",
        ),
        (
            post_request("/api/run", "[1, 2]"),
            StatusCode::BAD_REQUEST,
            "bad-json",
        ),
        (
            post_request("/api/run", "{\"models\": [\"smp2\"]}"),
            StatusCode::BAD_REQUEST,
            "unknown-model",
        ),
        (
            post_request("/api/mc", "{\"runs\": 20001}"),
            StatusCode::BAD_REQUEST,
            "over-limit",
        ),
        (
            post_request("/api/mc", "{\"runs\": -1}"),
            StatusCode::BAD_REQUEST,
            "bad-json",
        ),
        (
            post_request("/api/sensitivity", "{\"runs\": 1000000}"),
            StatusCode::BAD_REQUEST,
            "over-limit",
        ),
        (
            post_request("/api/bargain", "{\"runs\": 99999999}"),
            StatusCode::BAD_REQUEST,
            "over-limit",
        ),
        (
            post_request(
                "/api/scenario/parse",
                "{\"text\": \"\", \"format\": \"xml\"}",
            ),
            StatusCode::BAD_REQUEST,
            "bad-request",
        ),
        (
            Request::post("/api/run")
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from("{}"))
                .unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
        ),
        // A gzip body was called "text that is not JSON" (sweep3 item 20).
        (
            Request::post("/api/run")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::CONTENT_ENCODING, "gzip")
                .body(Body::from(vec![0x1f_u8, 0x8b, 0x08, 0x00]))
                .unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-encoding",
        ),
        (
            Request::get("/api/nothing").body(Body::empty()).unwrap(),
            StatusCode::NOT_FOUND,
            "not-found",
        ),
        (
            Request::get("/api/run").body(Body::empty()).unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
            "",
        ),
    ];
    for (req, status, code) in cases {
        let what = format!("{} {}", req.method(), req.uri());
        let r = send(req).await;
        assert_eq!(r.status, status, "{what}: {}", r.text());
        if !code.is_empty() {
            assert_eq!(r.code(), code, "{what}");
        }
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let limits = Limits {
        body_bytes: 1000,
        ..Limits::default()
    };
    let big = json!({ "toml": "#".repeat(2000) }).to_string();
    let r = send_with(limits, post_request("/api/validate", big.clone())).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "too-large")
    );
    // Also when the length is not declared up front (a streamed body).
    let chunks: Vec<Result<String, std::io::Error>> = big
        .as_bytes()
        .chunks(100)
        .map(|c| Ok(String::from_utf8_lossy(c).into_owned()))
        .collect();
    let stream = Body::from_stream(futures_stream(chunks));
    let r = send_with(limits, post_request("/api/validate", stream)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

fn futures_stream(
    items: Vec<Result<String, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<String, std::io::Error>> {
    futures_util::stream::iter(items)
}

#[tokio::test]
async fn a_slow_request_times_out_with_503() {
    let limits = Limits {
        timeout: Duration::from_millis(1),
        ..Limits::default()
    };
    let r = send_with(
        limits,
        post_request(
            "/api/mc",
            json!({ "runs": 20000, "models": ["compromise"] }).to_string(),
        ),
    )
    .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, "timeout")
    );
}

#[tokio::test]
async fn the_page_and_its_assets_are_served_and_nothing_else() {
    let page = get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(page.text().contains("/assets/app.js"));
    let js = get("/assets/app.js").await;
    assert!(
        js.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    for path in [
        "/assets/../Cargo.toml",
        "/assets/..%2FCargo.toml",
        "/assets/%2e%2e%2fsrc%2flib.rs",
        "/assets/..%5c..%5cCargo.toml",
        "/assets/",
        "/assets/app.js%00.css",
        "/../../etc/passwd",
        "/assets/../../../../etc/passwd",
        "/src/lib.rs",
        "/Cargo.toml",
    ] {
        let r = get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            !r.text().contains("[package]") && !r.text().contains("root:"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn no_cors_headers_are_ever_sent() {
    let preflight = Request::options("/api/run")
        .header(header::ORIGIN, "https://example.com")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .body(Body::empty())
        .unwrap();
    let r = send(preflight).await;
    assert!(r.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    assert!(
        r.headers
            .get(header::ACCESS_CONTROL_ALLOW_METHODS)
            .is_none()
    );
    let cross = Request::post("/api/run")
        .header(header::ORIGIN, "https://example.com")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"models\":[\"compromise\"]}"))
        .unwrap();
    let r = send(cross).await;
    assert!(r.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn only_loopback_host_names_are_served_unless_told_otherwise() {
    let with_host = |host: &str| {
        Request::get("/api/models")
            .header(header::HOST, host)
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(
        send(with_host("127.0.0.1:8080")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        send(with_host("localhost:8080")).await.status,
        StatusCode::OK
    );
    let r = send(with_host("attacker.example:8080")).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::MISDIRECTED_REQUEST, "foreign-host")
    );
    // Beyond loopback the check stays on: only the names allowed are answered.
    let access = parley_web::Access {
        allowed_hosts: vec!["server.lan".into()],
        token: None,
    };
    let app = || {
        parley_web::router(parley_web::AppState::with_access(
            Limits::default(),
            access.clone(),
        ))
    };
    use tower::ServiceExt;
    let ok = app().oneshot(with_host("server.lan:8080")).await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let no = app().oneshot(with_host("other.lan:8080")).await.unwrap();
    assert_eq!(no.status(), StatusCode::MISDIRECTED_REQUEST);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    for r in [get("/").await, get("/api/models").await, get("/nope").await] {
        assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(
            r.headers[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .contains("default-src 'self'")
        );
    }
}

#[tokio::test]
async fn the_openapi_document_is_served() {
    let r = get("/api/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["openapi"].as_str().map(|v| &v[..2]), Some("3."));
}

#[tokio::test]
async fn charts_come_from_the_report_crate_when_asked_for() {
    let plain = post("/api/run", &json!({ "models": ["compromise", "eum"] })).await;
    assert!(plain.json().get("charts").is_none());
    let r = post(
        "/api/run",
        &json!({ "models": ["compromise", "eum"], "charts": true }),
    )
    .await;
    let v = r.json();
    let s = flagship();
    let chosen = vec![
        models::by_id("compromise").unwrap(),
        models::by_id("eum").unwrap(),
    ];
    let a = analyse(&s, &chosen).unwrap();
    let forecasts = parley_report::chart::forecasts(&s, &a, None)
        .unwrap()
        .to_svg();
    assert_eq!(v["charts"]["forecasts"], json!(forecasts));
    let rounds = parley_report::chart::rounds(&a, "eum", None)
        .unwrap()
        .to_svg();
    assert_eq!(v["charts"]["rounds"]["eum"], json!(rounds));
    assert!(v["charts"]["rounds"].get("compromise").is_none());
    assert!(
        v["charts"]["model_gains"]
            .as_str()
            .unwrap()
            .starts_with("<svg")
    );
    // Beside the charts, the analysis is unchanged.
    let mut without = v.clone();
    without.as_object_mut().unwrap().remove("charts");
    assert_same(&without, &plain.json());

    let mc = post(
        "/api/mc",
        &json!({ "runs": 20, "models": ["compromise"], "charts": true }),
    )
    .await;
    assert!(
        mc.json()["charts"]["mc"]
            .as_str()
            .unwrap()
            .contains("data-chart=\"mc\"")
    );
    let sens = post(
        "/api/sensitivity",
        &json!({ "runs": 20, "models": ["compromise", "nbs"], "charts": true }),
    )
    .await;
    let tornados = sens.json()["charts"]["sensitivity"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect::<Vec<_>>();
    assert_eq!(tornados, ["compromise", "nbs"]);
    let bargain = post("/api/bargain", &json!({ "runs": 0, "charts": true })).await;
    assert!(
        bargain.json()["charts"]["gains"]
            .as_str()
            .unwrap()
            .contains("data-chart=\"gains\"")
    );
    let compare = post(
        "/api/compare",
        &json!({ "models": ["compromise"], "what_ifs": ["us_stops_aid"], "charts": true }),
    )
    .await;
    assert!(
        compare.json()["charts"]["variants"]["us_stops_aid"]
            .as_str()
            .is_some()
    );
}

/// Starts a job at `path` on a router of its own and polls it to its end; the start answer, the
/// `done` counts seen while polling, and the final status.
async fn run_job(path: &str, req: &Value) -> (Value, Vec<u64>, Value) {
    let app = parley_web::router(parley_web::AppState::new(Limits::default()));
    let call = |r: Request<Body>| {
        let app = app.clone();
        async move {
            use http_body_util::BodyExt;
            use tower::ServiceExt;
            let resp = app.oneshot(r).await.unwrap();
            let status = resp.status();
            let body = resp.into_body().collect().await.unwrap().to_bytes();
            (status, serde_json::from_slice::<Value>(&body).unwrap())
        }
    };
    let (status, started) = call(post_request(path, req.to_string())).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{started}");
    let poll = started["poll"].as_str().unwrap().to_owned();
    let mut seen = Vec::new();
    for _ in 0..3000 {
        let (_, s) = call(Request::get(&poll).body(Body::empty()).unwrap()).await;
        seen.push(s["done"].as_u64().unwrap());
        if s["state"] != "running" {
            // The same id is not a job of the other kind.
            let other = if poll.starts_with("/api/mc/") {
                poll.replace("/api/mc/", "/api/sensitivity/")
            } else {
                poll.replace("/api/sensitivity/", "/api/mc/")
            };
            let (status, _) = call(Request::get(&other).body(Body::empty()).unwrap()).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{other}");
            return (started, seen, s);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the job at {poll} did not finish");
}

#[tokio::test]
async fn sensitivity_jobs_report_progress_by_step_and_the_same_result() {
    let req = json!({ "runs": 40, "seed": 2, "models": ["compromise", "smp"] });
    let (started, seen, last) = run_job("/api/sensitivity/jobs", &req).await;
    // Steps: one per uncertain input of the flagship, then one per run.
    let total = sensitivity::steps(&flagship(), 40) as u64;
    assert!(total > 40);
    assert_eq!(started["total"], json!(total));
    assert!(
        started["poll"]
            .as_str()
            .unwrap()
            .starts_with("/api/sensitivity/jobs/")
    );
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(last["state"], "done", "{last}");
    assert_eq!(last["done"], json!(total));
    let sync = post("/api/sensitivity", &req).await;
    assert_eq!(sync.status, StatusCode::OK, "{}", sync.text());
    assert_same(&last["result"], &sync.json());
    let chosen = vec![
        models::by_id("compromise").unwrap(),
        models::by_id("smp").unwrap(),
    ];
    let core = sensitivity::measure(&flagship(), &chosen, 40, 2).unwrap();
    assert_same(&last["result"], &value(&core));
    let bad = post("/api/sensitivity/jobs", &json!({ "runs": 1 })).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let missing = get("/api/sensitivity/jobs/999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_eum_variant_is_chosen_as_with_the_cli() {
    let scholz: Vec<Box<dyn parley_core::Model>> = vec![Box::new(models::Eum::scholz())];
    let r = post(
        "/api/run",
        &json!({ "models": ["eum"], "eum_variant": "scholz" }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_same(&r.json(), &run_json(&flagship(), &scholz));
    // Scholz's rules play 8 rounds on the flagship, the convergent ones stop on their own: the
    // two runs differ, so the choice reached the model.
    let default = post("/api/run", &json!({ "models": ["eum"] })).await;
    assert_ne!(default.json(), r.json());
    // Monte Carlo: the same variant, and the pair outcomes of the core's result.
    let mc = post(
        "/api/mc",
        &json!({ "models": ["eum"], "eum_variant": "scholz", "runs": 6, "seed": 1 }),
    )
    .await;
    assert_eq!(mc.status, StatusCode::OK, "{}", mc.text());
    let core = mc_json(MonteCarlo { runs: 6, seed: 1 }, &flagship(), &scholz, &[]);
    assert_same(&mc.json(), &core);
    assert_eq!(mc.json()["pairs"][0]["model"], "eum");
    assert_eq!(mc.json()["pairs"][0]["per_judge"], json!(true));
    let bad = post("/api/run", &json!({ "eum_variant": "bdm" })).await;
    assert_eq!(
        (bad.status, bad.code().as_str()),
        (StatusCode::BAD_REQUEST, "bad-json")
    );
    assert!(bad.text().contains("scholz"), "{}", bad.text());
    // A variant or SMP settings for a model that does not run would look applied: refused.
    for (path, body, field) in [
        (
            "/api/run",
            json!({ "models": ["compromise"], "eum_variant": "scholz" }),
            "eum_variant",
        ),
        (
            "/api/mc",
            json!({ "models": ["nbs"], "eum_variant": "convergent", "runs": 5 }),
            "eum_variant",
        ),
        (
            "/api/run",
            json!({ "models": ["compromise"], "smp": ["voting_rule=binary"] }),
            "smp",
        ),
    ] {
        let r = post(path, &body).await;
        assert_eq!(
            r.status,
            StatusCode::BAD_REQUEST,
            "{path} {body}: {}",
            r.text()
        );
        assert!(r.text().contains(field), "{}", r.text());
    }
}

#[tokio::test]
async fn a_body_that_is_not_an_object_is_named_and_what_if_takes_one_id_or_a_list() {
    for (body, found) in [("[]", "an array"), ("7", "a number"), ("\"x\"", "a string")] {
        let r = send(post_request("/api/run", body)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
        let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
        assert!(
            message.contains("must be a JSON object") && message.contains(found),
            "{message}"
        );
        assert!(!message.contains("RunRequest"), "{message}");
    }
    // One id or a list of one: the same analysis, on /api/run as on /api/advise.
    let one = post(
        "/api/run",
        &json!({ "what_if": "us_stops_aid", "models": ["compromise"] }),
    )
    .await;
    let list = post(
        "/api/run",
        &json!({ "what_if": ["us_stops_aid"], "models": ["compromise"] }),
    )
    .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text());
    assert_eq!(one.json(), list.json());
    let twice = post(
        "/api/run",
        &json!({ "what_if": ["us_stops_aid", "us_stops_aid"], "models": ["compromise"] }),
    )
    .await;
    assert_eq!(
        twice.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        twice.text()
    );
    assert!(twice.text().contains("given twice"), "{}", twice.text());
    let advice = post(
        "/api/advise",
        &json!({ "actor": "usa", "what_if": "nope", "runs": 0 }),
    )
    .await;
    assert_eq!(
        advice.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        advice.text()
    );
    assert!(
        advice.text().contains("unknown what-if 'nope'"),
        "{}",
        advice.text()
    );
}

#[tokio::test]
async fn a_seed_that_is_not_a_whole_number_is_not_told_to_become_a_string() {
    for (seed, says, not) in [
        (
            json!(-1),
            "not a whole number",
            "as a string (\"seed\": \"-1\")",
        ),
        (json!(1.5), "not a whole number", "(\"seed\": \"1.5\")"),
        (
            json!(9007199254740993u64),
            "send it as a string",
            "not a whole number",
        ),
    ] {
        let r = post(
            "/api/mc",
            &json!({ "models": ["compromise"], "runs": 5, "seed": seed }),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
        assert!(
            r.text().contains(says) && !r.text().contains(not),
            "{seed}: {}",
            r.text()
        );
    }
}

#[tokio::test]
async fn smp_is_listed_run_and_its_parameters_survive_the_editor_round_trip() {
    let listed = get("/api/models").await.json();
    assert!(listed.as_array().unwrap().iter().any(|m| m["id"] == "smp"));
    // A scenario with [models.smp]: opened as the page opens a file, saved back as TOML.
    let text = format!(
        "{}\n[models.smp]\nvoting_rule = \"binary\"\nbig_r_range = \"max\"\n",
        flagship_toml()
    );
    let parsed = post(
        "/api/scenario/parse",
        &json!({ "text": text, "format": "toml" }),
    )
    .await;
    assert_eq!(parsed.json()["valid"], json!(true), "{}", parsed.text());
    let doc = parsed.json()["scenario"].clone();
    let saved = post("/api/scenario/toml", &json!({ "scenario": doc })).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    let original =
        parley_scenario::read_str("a.toml", &text, parley_scenario::Format::Toml).unwrap();
    let again =
        parley_scenario::read_str("b.toml", &saved.text(), parley_scenario::Format::Toml).unwrap();
    assert_eq!(again.models, original.models);
    assert!(again.models.smp.is_some());
    // The run of the edited document uses the parameters: the core's answer on the file, and
    // not the answer without them.
    let smp = vec![models::by_id("smp").unwrap()];
    let r = post("/api/run", &json!({ "scenario": doc, "models": ["smp"] })).await;
    assert_same(&r.json(), &run_json(&original, &smp));
    let plain = post("/api/run", &json!({ "models": ["smp"] })).await;
    assert_ne!(
        r.json()["models"][0]["rounds"],
        plain.json()["models"][0]["rounds"]
    );
    // `smp` settings over [models.smp], as `parley run --smp`: the same run as the file's.
    let set = post(
        "/api/run",
        &json!({ "models": ["smp"], "smp": ["voting_rule=binary", "big_r_range = max"] }),
    )
    .await;
    assert_same(&set.json(), &r.json());
    let bad = post(
        "/api/run",
        &json!({ "models": ["smp"], "smp": ["voting_rule=loud"] }),
    )
    .await;
    assert_eq!(
        (bad.status, bad.code().as_str()),
        (StatusCode::BAD_REQUEST, "bad-request")
    );
    assert!(bad.text().contains("binary"), "{}", bad.text());
    // Every endpoint that runs models runs SMP.
    for (path, body) in [
        ("/api/compare", json!({ "models": ["smp"] })),
        ("/api/mc", json!({ "models": ["smp"], "runs": 3 })),
        ("/api/bargain", json!({ "runs": 2 })),
    ] {
        let r = post(path, &body).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text());
        assert!(r.text().contains("\"smp\""), "{path}");
    }
}

#[tokio::test]
async fn an_opened_files_places_give_an_edited_documents_problems_their_lines() {
    // The page opens the flagship as a file, then edits a salience out of its range in the
    // document. The problem /api/validate finds in the document has a path and no line; the
    // file's places map that path to the line the same edit made in the text is reported at.
    let parsed = post(
        "/api/scenario/parse",
        &json!({ "text": flagship_toml(), "format": "toml" }),
    )
    .await;
    let places = parsed.json()["places"].clone();
    let mut doc = parsed.json()["scenario"].clone();
    doc["actor"][0]["stance"]["iran_nuclear"]["salience"]["value"] = json!(55);
    let by_doc = post("/api/validate", &json!({ "scenario": doc }))
        .await
        .json();
    let p = &by_doc["problems"][0];
    assert_eq!(p["line"], Value::Null);
    let path = p["path"].as_str().unwrap();
    let text = flagship_toml().replacen("value = 0.55", "value = 55", 1);
    let by_text = post("/api/validate", &json!({ "toml": text })).await.json();
    let q = &by_text["problems"][0];
    assert_eq!(q["path"], p["path"]);
    assert_eq!(places[path]["line"], q["line"], "{path}");
    assert_eq!(places[path]["column"], q["column"], "{path}");
    // A JSON file has no places.
    let json_file = post(
        "/api/scenario/parse",
        &json!({ "text": flagship_doc().to_string(), "format": "json" }),
    )
    .await;
    assert_eq!(json_file.json()["places"], Value::Null);
}

#[tokio::test]
async fn a_calibration_file_is_sent_not_read_and_a_bad_one_is_refused() {
    let builtin: Value = serde_json::from_str(include_str!(
        "../../parley-scenario/data/error-model-deu3.json"
    ))
    .unwrap();
    // Sending the built-in file's contents gives the same answer as sending nothing.
    let plain = post("/api/run", &json!({ "models": ["compromise"] })).await;
    let sent = post(
        "/api/run",
        &json!({ "models": ["compromise"], "calibration": builtin }),
    )
    .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text());
    let (mut a, mut b) = (plain.json(), sent.json());
    let origin = |v: &mut Value| v["model_error"]["model_error"]["origin"].take();
    assert_eq!(origin(&mut a), json!("built-in"));
    assert_eq!(origin(&mut b), json!("calibration (request)"));
    assert_same(&a, &b);
    // A scenario naming a file the server would have to read: refused, naming the field.
    let named = format!("{}\n[calibration]\nfile = \"mine.json\"\n", flagship_toml());
    let r = post("/api/mc", &json!({ "toml": named, "runs": 5 })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(
        r.text().contains("calibration") && r.text().contains("mine.json"),
        "{}",
        r.text()
    );
    // With the contents sent, the same scenario runs.
    let r = post(
        "/api/mc",
        &json!({ "toml": named, "runs": 5, "calibration": builtin }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // Another version of the format: refused with a message, never the built-in fallback.
    let mut other = builtin.clone();
    other["version"] = json!(99);
    let r = post("/api/bargain", &json!({ "runs": 5, "calibration": other })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("version"), "{}", r.text());
    // An entry under an id no model has: refused, naming the id and the valid ones.
    let mut unused = builtin.clone();
    let eum = unused["models"]["eum"].clone();
    unused["models"]["eum-old"] = eum;
    let r = post("/api/run", &json!({ "calibration": unused })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(
        r.text().contains("calibration-unknown-model") && r.text().contains("'eum-old'"),
        "{}",
        r.text()
    );
}

#[tokio::test]
async fn answers_are_gzipped_for_clients_that_ask() {
    use std::io::Read;
    let body = json!({ "charts": true }).to_string();
    let plain = send(post_request("/api/run", body.clone())).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
    let mut req = post_request("/api/run", body);
    req.headers_mut()
        .insert(header::ACCEPT_ENCODING, "gzip".parse().unwrap());
    let zipped = send(req).await;
    assert_eq!(zipped.status, StatusCode::OK);
    assert_eq!(zipped.headers[header::CONTENT_ENCODING], "gzip");
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(&zipped.bytes[..])
        .read_to_end(&mut text)
        .unwrap();
    assert_eq!(text, plain.bytes);
    assert!(
        zipped.bytes.len() * 4 < plain.bytes.len(),
        "{} of {} bytes",
        zipped.bytes.len(),
        plain.bytes.len()
    );
    // The page too.
    let mut page = Request::get("/").body(Body::empty()).unwrap();
    page.headers_mut()
        .insert(header::ACCEPT_ENCODING, "gzip".parse().unwrap());
    assert_eq!(send(page).await.headers[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test]
async fn the_report_is_the_cli_report_of_the_scenario_sent() {
    let r = post(
        "/api/report",
        &json!({ "scenario": flagship_doc(), "runs": 40 }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let header_of = |name: header::HeaderName| r.headers[name].to_str().unwrap().to_owned();
    assert_eq!(header_of(header::CONTENT_TYPE), "text/html; charset=utf-8");
    assert!(
        header_of(header::CONTENT_DISPOSITION).contains(
            "filename=\"grand-bargain-2025-a-russia-brokered-iran-deal-and-ukraine-report.html\""
        ),
        "{}",
        header_of(header::CONTENT_DISPOSITION)
    );
    // Its own policy: inline style and script (the page's `style-src 'self'` would strip the
    // report's styling), nothing loaded from anywhere.
    let csp = header_of(header::CONTENT_SECURITY_POLICY);
    assert!(
        csp.starts_with("default-src 'none'; style-src 'unsafe-inline'"),
        "{csp}"
    );
    // The same computation and HTML as `parley report` with the built-in error model, the
    // scenario's seed and 40 runs, the flagship's track record against its shipped resolution
    // included; only the generator line names the server.
    let s = flagship();
    let calibration = parley_scenario::calibration::for_scenario(&s, None).unwrap();
    let seed = s.meta.seed.unwrap_or(0);
    let c = parley_report::html::compute(&s, Some(&calibration), 40, seed).unwrap();
    let generator = format!("parley-web {}", env!("CARGO_PKG_VERSION"));
    let track = shipped_track_record(&s, &calibration, 40);
    let expected = parley_report::html::report(&parley_report::html::ReportData {
        track_record: Some(&track),
        ..parley_report::html::ReportData::computed(&s, &c, &generator)
    })
    .unwrap();
    assert!(
        r.text() == expected,
        "the report differs from parley report's"
    );
}

/// The flagship's track record against its shipped resolution, as `parley report` makes it.
fn shipped_track_record(
    s: &parley_core::Scenario,
    calibration: &parley_core::calibration::Calibration,
    runs: usize,
) -> parley_report::html::TrackRecord {
    use parley_library::report as lib;
    let resolution = parley_library::resolution::parse(
        lib::FLAGSHIP_RESOLUTION_FILE,
        lib::FLAGSHIP_RESOLUTION,
        s,
    )
    .unwrap();
    let models = parley_core::models::all();
    let forecasting = lib::Forecasting {
        key: lib::FLAGSHIP_KEY,
        scenario: s,
        content: lib::FLAGSHIP_TOML.as_bytes(),
        models: &models,
        runs,
        seed: s.meta.seed.unwrap_or(0),
        calibration: Some(calibration),
    };
    lib::track_record(
        &forecasting,
        &resolution,
        lib::FLAGSHIP_RESOLUTION_FILE,
        &|| {},
    )
    .unwrap()
}

/// The flagship's document with another name: no longer the flagship as shipped.
fn renamed_flagship_doc() -> Value {
    let mut doc = flagship_doc();
    doc["scenario"]["name"] = json!("A variation on the grand bargain");
    doc
}

#[tokio::test]
async fn the_flagship_report_has_its_track_record_and_another_scenario_only_with_a_resolution() {
    const SECTION: &str = "<h2>Track record</h2>";
    // The flagship however it is sent: as the page's document, as TOML, or left out.
    for body in [
        json!({ "scenario": flagship_doc(), "runs": 0 }),
        json!({ "toml": flagship_toml(), "runs": 0 }),
        json!({ "runs": 0 }),
    ] {
        let r = post("/api/report", &body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert!(
            r.text().contains(SECTION),
            "no track record for the flagship"
        );
        assert!(
            r.text()
                .contains("from scenarios/grand-bargain-2025.resolution.toml (as of 2025-12-31)"),
            "the section names the shipped resolution"
        );
    }
    let other = post(
        "/api/report",
        &json!({ "scenario": renamed_flagship_doc(), "runs": 0 }),
    )
    .await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.text());
    assert!(
        !other.text().contains(SECTION),
        "a scenario without a resolution has no track record"
    );
    let resolution = parley_library::report::FLAGSHIP_RESOLUTION;
    let given = post(
        "/api/report",
        &json!({ "scenario": renamed_flagship_doc(), "runs": 0, "resolution": resolution }),
    )
    .await;
    assert_eq!(given.status, StatusCode::OK, "{}", given.text());
    assert!(
        given.text().contains(SECTION),
        "a resolution sent is scored"
    );
    assert!(
        given
            .text()
            .contains("from the resolution sent with the request (as of 2025-12-31)"),
        "the section says where its outcomes come from"
    );
}

#[tokio::test]
async fn a_resolution_that_does_not_fit_the_scenario_is_a_422_naming_the_field() {
    let text = parley_library::report::FLAGSHIP_RESOLUTION.replacen(
        "id = \"iran_nuclear\"",
        "id = \"nowhere\"",
        1,
    );
    let r = post("/api/report", &json!({ "runs": 0, "resolution": text })).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "unprocessable"),
        "{}",
        r.text()
    );
    let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(message.starts_with("resolution:"), "{message}");
    assert!(message.contains("unknown issue 'nowhere'"), "{message}");
    assert!(message.ends_with("no report was made"), "{message}");
}

#[tokio::test]
async fn a_bad_or_costly_report_request_is_refused_with_the_api_errors() {
    let invalid = post(
        "/api/report",
        &json!({ "toml": "[scenario]\nname = \"x\"\n" }),
    )
    .await;
    assert_eq!(
        invalid.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        invalid.text()
    );
    assert!(
        invalid.json()["error"]["problems"].is_array(),
        "{}",
        invalid.text()
    );
    let unknown = post("/api/report", &json!({ "runs": 10, "seed": 3 })).await;
    assert_eq!(
        unknown.status,
        StatusCode::BAD_REQUEST,
        "{}",
        unknown.text()
    );
    // Sweep item 19: one run said "runs must be at least 1"; the sensitivity needs two.
    let one = post("/api/report", &json!({ "runs": 1 })).await;
    assert_eq!(one.status, StatusCode::BAD_REQUEST, "{}", one.text());
    assert_eq!(one.json()["error"]["message"], "runs must be at least 2");
    let costly = post("/api/report", &json!({ "runs": 20000 })).await;
    assert_eq!(
        (costly.status, costly.code().as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "too-costly"),
        "{}",
        costly.text()
    );
}

/// The first two paragraphs of `/work/shared/articles/000_a443e80bef327c66.txt` (the seed
/// article of docs/flagship.md), as an analyst would paste them.
const ARTICLE: &str = "The US could tap Russia as a mediator to assist it in working with \
Tehran on a new Iran deal, Bloomberg News said on Tuesday.\nThis report came as others said \
that Russia had sent officials to Iran during the 15-month war between Hamas and Israel. \
During that period, Iran launched two large salvos of ballistic missiles at Israel.\n";

#[tokio::test]
async fn extract_answers_the_readers_report_and_its_draft() {
    let r = post(
        "/api/extract",
        &json!({ "text": ARTICLE, "date": "2025-03-04" }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let got = r.json();
    // The same report and draft as `parley extract --format json` / `--format toml`.
    let options = parley_news::Options {
        date: Some(parley_news::Date::parse("2025-03-04").unwrap()),
    };
    let report = parley_news::read(ARTICLE, &options).unwrap();
    let mut expected = value(&report);
    let toml = parley_news::draft::to_toml(&report, "an article pasted into the web workbench");
    expected["toml"] = json!(toml);
    assert_same(&got, &expected);
    // What the text says, read by hand: the US taps Russia as a mediator (sentence 1, hedged
    // by "could", said by Bloomberg News); a war between Hamas and Israel (sentence 2).
    let relations = got["relations"].as_array().unwrap();
    let mediate = relations.iter().find(|x| x["type"] == "MEDIATE").unwrap();
    assert_eq!(mediate["sentence"], 1);
    assert_eq!(mediate["confidence"], "possible");
    assert_eq!(mediate["attribution"]["by"], "Bloomberg News");
    assert!(
        mediate["evidence"]
            .as_str()
            .unwrap()
            .contains("tap Russia as a mediator")
    );
    let ids: Vec<&str> = got["actors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    for id in ["USA", "RUS", "IRN", "ISR"] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    // One sentence on the first line, two on the second.
    assert_eq!(got["sentences"].as_array().unwrap().len(), 3);
    assert_eq!(got["date"], "2025-03-04");
    // The draft leaves every number to the analyst; read back, each placeholder is still the
    // text "TODO" in the document and a located problem, never a number.
    let draft = got["toml"].as_str().unwrap();
    assert!(draft.contains("capability = \"TODO\""), "{draft}");
    let parsed = post("/api/scenario/parse", &json!({ "text": draft })).await;
    assert_eq!(parsed.status, StatusCode::OK, "{}", parsed.text());
    let parsed = parsed.json();
    assert_eq!(parsed["valid"], false);
    assert_eq!(parsed["scenario"]["actor"][0]["capability"], "TODO");
    let todo_line = draft
        .lines()
        .position(|l| l.starts_with("capability = \"TODO\""))
        .unwrap()
        + 1;
    let problems = parsed["problems"].as_array().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p["path"] == "actor[0].capability" && p["line"] == todo_line),
        "{problems:?}"
    );
}

/// A web page pasted instead of its text (sweep 7 finding 5): the only mention of sanctions
/// is in its script.
const PAGE: &str = "<html><head><title>News</title><script>var x=\"Iran sanctions\";</script>\
</head><body><p>Iran&#39;s foreign minister met the US envoy in Oman on Tuesday. The United \
States wants Iran to stop enrichment.</p><div class=\"ad\">Buy now!</div></body></html>";

#[tokio::test]
async fn extract_of_a_web_page_reads_its_text_and_says_markup_was_removed() {
    let r = post("/api/extract", &json!({ "text": PAGE })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let got = r.json();
    let issues: Vec<&str> = got["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert!(!issues.contains(&"iran_sanctions"), "{issues:?}");
    let sentences: Vec<&str> = got["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["text"].as_str())
        .collect();
    assert!(
        sentences
            .iter()
            .all(|s| !s.contains('<') && !s.contains("&#39;")),
        "{sentences:?}"
    );
    assert!(
        sentences
            .iter()
            .any(|s| s.starts_with("Iran's foreign minister")),
        "{sentences:?}"
    );
    let draft = got["toml"].as_str().unwrap();
    assert!(draft.contains("name = \"Draft: News\""), "{draft}");
    assert!(
        draft.contains("# Note: The text held HTML or XML markup"),
        "{draft}"
    );
}

#[tokio::test]
async fn extract_refuses_empty_text_a_bad_date_and_unknown_fields() {
    for (body, field) in [
        (json!({ "text": "" }), "`text`"),
        (json!({ "text": " \n\t " }), "`text`"),
        (json!({}), "`text`"),
        (json!({ "text": ARTICLE, "date": "4 March 2025" }), "`date`"),
        (json!({ "text": ARTICLE, "date": "2025-02-30" }), "`date`"),
    ] {
        let r = post("/api/extract", &body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.text());
        assert_eq!(r.code(), "bad-request", "{body}");
        let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
        assert!(message.starts_with(field), "{body}: {message}");
    }
    let r = post("/api/extract", &json!({ "text": ARTICLE, "url": "x" })).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::BAD_REQUEST, "bad-json")
    );
    assert!(r.text().contains("url"), "{}", r.text());
}

#[tokio::test]
async fn extract_refuses_bytes_that_are_not_utf8_and_bodies_over_the_limit() {
    let mut bytes = br#"{"text": "Iran attacked "#.to_vec();
    bytes.extend_from_slice(b"\xff\xfe Israel.\"}");
    let r = send(post_request("/api/extract", bytes)).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::BAD_REQUEST, "bad-json")
    );
    let limits = Limits {
        body_bytes: 1000,
        ..Limits::default()
    };
    let long = json!({ "text": ARTICLE.repeat(10) }).to_string();
    assert!(long.len() > 1000);
    let r = send_with(limits, post_request("/api/extract", long)).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "too-large")
    );
    // Sent as text rather than JSON: refused before anything is read.
    let r = send(
        Request::post("/api/extract")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from(ARTICLE))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

/// `POST /api/scenario/xlsx` with `bytes` sent as an xlsx workbook.
async fn post_xlsx(bytes: Vec<u8>) -> Reply {
    send(
        Request::post("/api/scenario/xlsx")
            .header(header::CONTENT_TYPE, parley_web::input::XLSX_MEDIA_TYPE)
            .body(Body::from(bytes))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn an_xlsx_workbook_opens_as_the_document_and_toml() {
    // The flagship as `parley export --format xlsx` writes it.
    let bytes = parley_scenario::sheet::xlsx::write(&flagship()).unwrap();
    let r = post_xlsx(bytes.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let got = r.json();
    // The same scenario as `parley import` reads from the workbook, written as TOML, and the
    // document the page edits is that TOML's.
    let from_sheet = parley_scenario::sheet::xlsx::read("workbook.xlsx", &bytes).unwrap();
    let toml = got["toml"].as_str().unwrap();
    assert_eq!(toml, parley_scenario::write::to_toml(&from_sheet));
    assert_same(
        &got["scenario"],
        &parley_web::convert::toml_to_json(toml).unwrap(),
    );
    // A number read back by hand: the flagship's first actor (usa) has salience 0.55 on
    // iran_nuclear (scenarios/grand-bargain-2025.toml).
    assert_eq!(got["scenario"]["actor"][0]["id"], "usa");
    assert_eq!(
        got["scenario"]["actor"][0]["stance"]["iran_nuclear"]["salience"]["value"],
        json!(0.55)
    );
    // The document validates and runs as the flagship does.
    let v = post("/api/validate", &json!({ "scenario": got["scenario"] })).await;
    assert_eq!(v.json()["valid"], true, "{}", v.text());
    // Also as application/octet-stream, which is what a page sends for a file of no known type.
    let r = send(
        Request::post("/api/scenario/xlsx")
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .body(Body::from(bytes))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

#[tokio::test]
async fn a_workbook_with_a_bad_cell_names_its_sheet_and_cell() {
    use parley_scenario::sheet::{Cell, Container, column_letters, to_book, xlsx};
    let mut book = to_book(&flagship(), Container::Xlsx);
    let grid = book.sheets.iter_mut().find(|s| s.name == "grid").unwrap();
    // The first number of the first actor's row (row 2, under the header): made text.
    let row = &mut grid.rows[1];
    let col = row
        .cells
        .iter()
        .position(|c| matches!(c, Cell::Number(_)))
        .unwrap();
    row.cells[col] = Cell::Text("a lot".into());
    let place = format!(
        "sheet 'grid', cell {}{}",
        column_letters(col as u32),
        row.number
    );
    let r = post_xlsx(xlsx::write_book(&book).unwrap()).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid-scenario"),
        "{}",
        r.text()
    );
    let problems = r.json()["error"]["problems"].as_array().unwrap().clone();
    assert!(
        problems
            .iter()
            .any(|p| p["message"].as_str().unwrap().starts_with(&place)
                && p["message"].as_str().unwrap().contains("a lot")),
        "{place}: {problems:?}"
    );
}

#[tokio::test]
async fn malformed_workbooks_and_wrong_bodies_are_refused() {
    // Not a zip archive at all; then a zip cut short (the first half of a real workbook).
    let real = parley_scenario::sheet::xlsx::write(&flagship()).unwrap();
    for bytes in [
        b"PK\x03\x04 not really".to_vec(),
        real[..real.len() / 2].to_vec(),
    ] {
        let r = post_xlsx(bytes).await;
        assert_eq!(
            (r.status, r.code().as_str()),
            (StatusCode::BAD_REQUEST, "bad-request"),
            "{}",
            r.text()
        );
        assert!(r.text().contains("not a scenario workbook"), "{}", r.text());
    }
    let r = post_xlsx(Vec::new()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
    assert!(r.text().contains("empty"), "{}", r.text());
    // Over the body limit.
    let limits = Limits {
        body_bytes: 1000,
        ..Limits::default()
    };
    let r = send_with(
        limits,
        Request::post("/api/scenario/xlsx")
            .header(header::CONTENT_TYPE, parley_web::input::XLSX_MEDIA_TYPE)
            .body(Body::from(real))
            .unwrap(),
    )
    .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "too-large")
    );
    // Media types a cross-site form can send, JSON, none: 415 before the body is read.
    for ct in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        Some("application/json"),
        None,
    ] {
        let mut b = Request::post("/api/scenario/xlsx");
        if let Some(ct) = ct {
            b = b.header(header::CONTENT_TYPE, ct);
        }
        let r = send(b.body(Body::from("PK")).unwrap()).await;
        assert_eq!(
            (r.status, r.code().as_str()),
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type"),
            "{ct:?}"
        );
        assert!(r.text().contains("xlsx"), "{}", r.text());
    }
}

/// Sweep 5 item 14: the error model file's text sent as a string (as `resolution` is sent) is
/// read like its JSON object, on every endpoint that takes `calibration`; a bad one is refused
/// with the line and column in the sent text.
#[tokio::test]
async fn a_calibration_sent_as_the_files_text_is_read_like_its_object() {
    let text = include_str!("../../parley-scenario/data/error-model-deu3.json");
    let object: Value = serde_json::from_str(text).unwrap();
    for path in ["/api/run", "/api/mc", "/api/bargain"] {
        let body = |c: Value| json!({ "models": ["compromise"], "runs": 5, "calibration": c });
        let body = |c: Value| {
            let mut b = body(c);
            if path == "/api/run" {
                b.as_object_mut().unwrap().remove("runs");
            }
            if path == "/api/bargain" {
                b.as_object_mut().unwrap().remove("models");
            }
            b
        };
        let as_object = post(path, &body(object.clone())).await;
        let as_text = post(path, &body(json!(text))).await;
        assert_eq!(as_text.status, StatusCode::OK, "{path}: {}", as_text.text());
        assert_same(&as_object.json(), &as_text.json());
    }
    // Line 3 of the file is `  "version": 1,`: a version 99 there is refused at that line.
    let bad = text.replacen("\"version\": 1", "\"version\": 99", 1);
    let r = post("/api/run", &json!({ "calibration": bad })).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(
        r.text().contains("calibration (request):3:"),
        "{}",
        r.text()
    );
}

/// Sweep 5 item 17: `set`, like `what_if`, is one string or a list of strings.
#[tokio::test]
async fn set_takes_one_edit_as_a_string_as_what_if_takes_one_id() {
    let edit = "rus.capability *= 2";
    for path in ["/api/run", "/api/compare"] {
        let one = post(path, &json!({ "models": ["compromise"], "set": edit })).await;
        let list = post(path, &json!({ "models": ["compromise"], "set": [edit] })).await;
        assert_eq!(one.status, StatusCode::OK, "{path}: {}", one.text());
        assert_same(&one.json(), &list.json());
    }
    let r = post("/api/run", &json!({ "set": 3 })).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
    assert!(r.text().contains("--set syntax"), "{}", r.text());
}

/// Edits that leave the flagship's mediator one party (Russia brokering for the US alone):
/// the mediation lapses, and the answers of run and compare carry the note, as the CLI's JSON
/// does, instead of appraising a one-party "bargain".
#[tokio::test]
async fn a_lapsed_mediation_is_noted_in_run_and_compare() {
    let set = ["remove actor irn_gov", "remove actor irn_leader"];
    let run = post("/api/run", &json!({ "set": set, "models": ["compromise"] })).await;
    assert_eq!(run.status, StatusCode::OK, "{}", run.text());
    let got = run.json();
    assert_eq!(got["notes"][0]["code"], "mediation-lapsed");
    let text = got["notes"][0]["text"].as_str().unwrap();
    assert!(text.contains("one party only ('usa')"), "{text}");
    assert!(got.get("mediation").is_none());
    let compare = post(
        "/api/compare",
        &json!({ "set": set, "models": ["compromise"] }),
    )
    .await;
    assert_eq!(compare.status, StatusCode::OK, "{}", compare.text());
    let got_compare = compare.json();
    assert_eq!(
        got_compare["variants"][0]["analysis"]["notes"],
        got["notes"]
    );
    assert!(got_compare["base"].get("notes").is_none());
}
