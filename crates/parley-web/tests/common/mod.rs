//! Helpers shared by the API tests: one request through the router, no sockets.
#![allow(dead_code, clippy::unwrap_used)]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use parley_web::{AppState, Limits, router};
use serde_json::Value;
use tower::ServiceExt;

/// The response's status, headers and body.
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub bytes: Vec<u8>,
}

impl Reply {
    /// The body as JSON (panics with the body's text if it is not).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.bytes)))
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    /// The `error.code` of an error body.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    }
}

/// Sends one request to a fresh router with `limits`.
pub async fn send_with(limits: Limits, req: Request<Body>) -> Reply {
    let response = router(AppState::new(limits)).oneshot(req).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        bytes,
    }
}

/// Sends one request with the default limits.
pub async fn send(req: Request<Body>) -> Reply {
    send_with(Limits::default(), req).await
}

/// `GET path`.
pub async fn get(path: &str) -> Reply {
    send(Request::get(path).body(Body::empty()).unwrap()).await
}

/// A JSON `POST` request.
pub fn post_request(path: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap()
}

/// `POST path` with a JSON body.
pub async fn post(path: &str, body: &Value) -> Reply {
    send(post_request(path, body.to_string())).await
}

/// The flagship's text.
pub fn flagship_toml() -> &'static str {
    parley_web::input::FLAGSHIP_TOML
}

/// The flagship as the editor's JSON document.
pub fn flagship_doc() -> Value {
    parley_web::convert::toml_to_json(flagship_toml()).unwrap()
}

/// The flagship as the core reads it.
pub fn flagship() -> parley_core::Scenario {
    parley_scenario::read_str("f.toml", flagship_toml(), parley_scenario::Format::Toml).unwrap()
}

/// The first place where two JSON values differ, as a JSON pointer with both values.
pub fn first_difference(a: &Value, b: &Value) -> Option<String> {
    fn walk(a: &Value, b: &Value, at: &str) -> Option<String> {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let xk: Vec<&String> = x.keys().collect();
                let yk: Vec<&String> = y.keys().collect();
                if xk != yk {
                    return Some(format!("{at}: keys {xk:?} vs {yk:?}"));
                }
                x.iter()
                    .find_map(|(k, v)| walk(v, &y[k], &format!("{at}/{k}")))
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
                .iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (v, w))| walk(v, w, &format!("{at}/{i}"))),
            _ if a == b => None,
            _ => Some(format!("{at}: {a} vs {b}")),
        }
    }
    walk(a, b, "")
}

/// Asserts two JSON values are equal, naming the first difference.
pub fn assert_same(a: &Value, b: &Value) {
    if let Some(d) = first_difference(a, b) {
        panic!("JSON differs at {d}");
    }
}

/// The built-in error model, as the CLI and the API use it.
pub fn builtin_calibration() -> parley_core::calibration::Calibration {
    parley_scenario::calibration::builtin().unwrap().calibration
}

/// What `parley run --format json` prints: the analysis plus `model_error` (built-in model,
/// the scenario's seed).
pub fn run_json(s: &parley_core::Scenario, models: &[Box<dyn parley_core::Model>]) -> Value {
    let analysis = parley_core::analyse(s, models).unwrap();
    let point = parley_core::calibration::point::point_error(
        s,
        &analysis,
        &builtin_calibration(),
        s.meta.seed.unwrap_or(0),
    )
    .unwrap();
    let mut v = serde_json::to_value(&analysis).unwrap();
    v.as_object_mut()
        .unwrap()
        .insert("model_error".into(), serde_json::to_value(&point).unwrap());
    v
}

/// What `parley mc --format json` prints: the core run with the built-in error model.
pub fn mc_json(
    mc: parley_core::uncertainty::MonteCarlo,
    s: &parley_core::Scenario,
    models: &[Box<dyn parley_core::Model>],
    extra: &[String],
) -> Value {
    let r = mc
        .run_calibrated(
            s,
            models,
            extra,
            Some(&builtin_calibration()),
            &|| {},
            &parley_core::Cancel::never(),
        )
        .unwrap();
    serde_json::to_value(&r).unwrap()
}
