//! Property tests of the handlers: arbitrary bytes, arbitrary JSON, requests of the right shape
//! with wrong values, and the flagship's document with random fields replaced, into every POST
//! endpoint. Whatever comes in, the answer is never a 500 (a panic or an encoding failure) and
//! every failure is the API's JSON error.
#![allow(clippy::unwrap_used)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::flagship_doc;
use http_body_util::BodyExt;
use parley_web::{AppState, Limits, router};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use tower::ServiceExt;

const POSTS: &[&str] = &[
    "/api/validate",
    "/api/run",
    "/api/compare",
    "/api/mc",
    "/api/mc/jobs",
    "/api/sensitivity",
    "/api/sensitivity/jobs",
    "/api/bargain",
    "/api/scenario/parse",
    "/api/scenario/toml",
];

/// Keys the requests and scenario documents use, so generated objects reach past the first
/// "unknown field" check.
const KEYS: &[&str] = &[
    "scenario",
    "toml",
    "models",
    "eum_variant",
    "smp",
    "runs",
    "seed",
    "what_if",
    "what_ifs",
    "set",
    "conditions",
    "charts",
    "text",
    "format",
    "name",
    "id",
    "issue",
    "actor",
    "stance",
    "position",
    "salience",
    "capability",
    "value",
    "low",
    "high",
    "dist",
    "sd",
    "scale",
    "status_quo",
    "linkage",
    "issues",
    "question",
    "condition",
    "mediator",
    "bias",
    "edits",
];

const WORDS: &[&str] = &[
    "all",
    "nbs",
    "eum",
    "exchange",
    "compromise",
    "usa",
    "rus",
    "iran_nuclear",
    "ukraine_aid",
    "us_stops_aid",
    "usa.iran_nuclear.salience *= 2",
    "remove actor usa",
    "remove mediator",
    "iran_nuclear >= 50",
    "json",
    "toml",
    "normal",
    "2025-03-04",
    "",
    "[scenario]\nname = 1",
];

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Small runs so that well-formed requests stay quick.
fn limits() -> Limits {
    Limits {
        max_runs: 6,
        ..Limits::default()
    }
}

/// Sends `body` to `path` and checks the answer's shape.
fn check(rt: &tokio::runtime::Runtime, path: &str, body: Vec<u8>) -> Result<(), TestCaseError> {
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    let (status, bytes) = rt.block_on(async {
        let response = router(AppState::new(limits())).oneshot(req).await.unwrap();
        let status = response.status();
        (
            status,
            response.into_body().collect().await.unwrap().to_bytes(),
        )
    });
    prop_assert_ne!(
        status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}: {}",
        path,
        String::from_utf8_lossy(&bytes)
    );
    if path == "/api/scenario/toml" && status.is_success() {
        return Ok(());
    }
    let v: Value = serde_json::from_slice(&bytes)
        .map_err(|e| TestCaseError::fail(format!("{path}: not JSON ({e})")))?;
    if !status.is_success() {
        prop_assert!(v["error"]["code"].is_string(), "{}: {}", path, v);
        prop_assert!(v["error"]["message"].is_string(), "{}: {}", path, v);
    }
    Ok(())
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(|i| json!(i)),
        any::<f64>().prop_map(|f| json!(f)),
        prop::sample::select(vec![
            0.0, -1.0, 1.0, 0.5, 100.0, 101.0, -0.0, 1e308, -1e308, 5e-324, 1e-9
        ])
        .prop_map(|f| json!(f)),
        (0u64..10).prop_map(|n| json!(n)),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        "\\PC{0,12}".prop_map(Value::String),
        prop::sample::select(WORDS).prop_map(|w| json!(w)),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(KEYS).prop_map(str::to_owned),
        "[a-z_]{0,8}"
    ]
}

fn arb_json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Every JSON pointer into `v`.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        _ => {}
    }
}

/// The flagship's document with up to four fields replaced (or removed, for `None`).
fn mutated_flagship() -> impl Strategy<Value = Value> {
    let doc = flagship_doc();
    let mut all = Vec::new();
    pointers(&doc, String::new(), &mut all);
    let edit = (
        prop::sample::select(all),
        prop::option::weighted(0.85, prop_oneof![number(), leaf()]),
    );
    prop::collection::vec(edit, 1..3).prop_map(move |edits| {
        let mut d = doc.clone();
        for (pointer, replacement) in edits {
            match replacement {
                Some(v) => {
                    if let Some(slot) = d.pointer_mut(&pointer) {
                        *slot = v;
                    }
                }
                None => {
                    let (parent, last) = pointer.rsplit_once('/').unwrap();
                    match d.pointer_mut(parent) {
                        Some(Value::Object(m)) => {
                            m.shift_remove(last);
                        }
                        Some(Value::Array(a)) => {
                            if let Ok(i) = last.parse::<usize>()
                                && i < a.len()
                            {
                                a.remove(i);
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        d
    })
}

fn models() -> impl Strategy<Value = Value> {
    prop::collection::vec(
        prop::sample::select(vec!["all", "compromise", "nbs", "eum", "exchange", "x"]),
        0..3,
    )
    .prop_map(|m| json!(m))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_break_a_handler(bytes in prop::collection::vec(any::<u8>(), 0..200), k in 0..POSTS.len()) {
        check(&runtime(), POSTS[k], bytes)?;
    }

    #[test]
    fn arbitrary_json_never_breaks_a_handler(v in arb_json(), k in 0..POSTS.len()) {
        check(&runtime(), POSTS[k], v.to_string().into_bytes())?;
    }

    #[test]
    fn requests_of_the_right_shape_with_wrong_values_are_answered(
        models in models(),
        runs in prop_oneof![number(), leaf()],
        seed in prop_oneof![number(), leaf()],
        words in prop::collection::vec(prop_oneof![prop::sample::select(WORDS).prop_map(str::to_owned), "\\PC{0,20}"], 0..3),
        toml in prop::option::of(prop_oneof![prop::sample::select(WORDS).prop_map(str::to_owned), "\\PC{0,40}"]),
        k in 0..POSTS.len(),
    ) {
        let path = POSTS[k];
        let mut body = Map::new();
        match path {
            "/api/scenario/parse" => {
                body.insert("text".into(), json!(toml.unwrap_or_default()));
                body.insert("format".into(), json!(words.first().cloned().unwrap_or_else(|| "toml".into())));
            }
            "/api/validate" | "/api/scenario/toml" => {
                if let Some(t) = toml { body.insert("toml".into(), json!(t)); }
            }
            _ => {
                if let Some(t) = toml { body.insert("toml".into(), json!(t)); }
                if path != "/api/bargain" { body.insert("models".into(), models); }
                if path != "/api/run" && path != "/api/compare" { body.insert("runs".into(), runs); }
                if matches!(path, "/api/mc" | "/api/mc/jobs" | "/api/sensitivity" | "/api/sensitivity/jobs") { body.insert("seed".into(), seed); }
                if matches!(path, "/api/run" | "/api/mc" | "/api/mc/jobs") {
                    body.insert("eum_variant".into(), json!(words.first().cloned().unwrap_or_else(|| "scholz".into())));
                }
                match path {
                    "/api/run" => {
                        body.insert("set".into(), json!(words));
                        body.insert("smp".into(), json!(words));
                    }
                    "/api/compare" => { body.insert("set".into(), json!(words)); }
                    "/api/mc" | "/api/mc/jobs" => { body.insert("conditions".into(), json!(words)); }
                    _ => {}
                }
            }
        }
        check(&runtime(), path, Value::Object(body).to_string().into_bytes())?;
    }
}

/// The flagship with every position, salience, capability and status quo replaced by a plain
/// number in its valid range (edge values included): valid scenarios with unusual numbers.
fn renumbered_flagship() -> impl Strategy<Value = Value> {
    let doc = flagship_doc();
    let stances: usize = doc["actor"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["stance"].as_object().map_or(0, Map::len))
        .sum();
    let actors = doc["actor"].as_array().unwrap().len();
    let issues = doc["issue"].as_array().unwrap().len();
    let position = prop_oneof![Just(0.0), Just(100.0), 0.0..=100.0];
    let salience = prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0];
    let capability = prop_oneof![Just(1e-9), Just(1e9), 0.001..1000.0];
    let status_quo = prop::option::of(prop_oneof![Just(0.0), Just(100.0), 0.0..=100.0]);
    (
        prop::collection::vec((position, salience), stances),
        prop::collection::vec(capability, actors),
        prop::collection::vec(status_quo, issues),
    )
        .prop_map(move |(stance_numbers, capabilities, status_quos)| {
            let mut d = doc.clone();
            let mut next = stance_numbers.into_iter();
            for (a, cap) in d["actor"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .zip(capabilities)
            {
                a["capability"] = json!(cap);
                for (_, st) in a["stance"].as_object_mut().unwrap().iter_mut() {
                    let (p, s) = next.next().unwrap();
                    st["position"] = json!(p);
                    st["salience"] = json!(s);
                }
            }
            for (i, sq) in d["issue"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .zip(status_quos)
            {
                match sq {
                    Some(v) => i["status_quo"] = json!(v),
                    None => {
                        i.as_object_mut().unwrap().shift_remove("status_quo");
                    }
                }
            }
            d
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Valid scenarios with unusual numbers run through every model, the charts and Monte Carlo.
    #[test]
    fn valid_scenarios_with_unusual_numbers_give_results(doc in renumbered_flagship(), k in 0..3usize) {
        let (path, body) = match k {
            0 => ("/api/run", json!({ "scenario": doc, "charts": true })),
            1 => ("/api/bargain", json!({ "scenario": doc, "runs": 2, "charts": true })),
            _ => ("/api/compare", json!({ "scenario": doc, "charts": true })),
        };
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let (status, bytes) = runtime().block_on(async {
            let response = router(AppState::new(limits())).oneshot(req).await.unwrap();
            let status = response.status();
            (status, response.into_body().collect().await.unwrap().to_bytes())
        });
        prop_assert_eq!(status, StatusCode::OK, "{}: {}", path, String::from_utf8_lossy(&bytes));
    }

    /// Scenario documents that are almost right reach the readers, validation and the models.
    #[test]
    fn a_mangled_flagship_is_answered_with_problems_or_results(doc in mutated_flagship(), charts in any::<bool>(), k in 0..6usize) {
        let rt = runtime();
        let (path, body) = match k {
            0 => ("/api/validate", json!({ "scenario": doc })),
            1 => ("/api/run", json!({ "scenario": doc, "charts": charts })),
            2 => ("/api/mc", json!({ "scenario": doc, "runs": 3, "models": ["compromise", "nbs"], "charts": charts })),
            3 => ("/api/sensitivity", json!({ "scenario": doc, "runs": 3, "models": ["compromise"], "charts": charts })),
            4 => ("/api/bargain", json!({ "scenario": doc, "runs": 2, "charts": charts })),
            _ => ("/api/scenario/toml", json!({ "scenario": doc })),
        };
        check(&rt, path, body.to_string().into_bytes())?;
    }
}
