//! The JSON API under `/api/`, one module per family of endpoints. Each mirrors a CLI command
//! and returns the same JSON as that command's `--format json`.

mod advise;
mod bargain;
mod extract;
pub(crate) mod library;
mod report;
mod run;
mod scenario;
mod uncertainty;

use axum::Router;
use axum::routing::{delete, get, post};

use crate::AppState;

/// Every API route as (method, path under `/api`); the OpenAPI document lists exactly these.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/openapi.json"),
    ("get", "/models"),
    ("get", "/scenario/flagship"),
    ("post", "/scenario/parse"),
    ("post", "/scenario/toml"),
    ("post", "/scenario/xlsx"),
    ("post", "/extract"),
    ("post", "/validate"),
    ("post", "/run"),
    ("post", "/compare"),
    ("post", "/mc"),
    ("post", "/mc/jobs"),
    ("get", "/mc/jobs/{id}"),
    ("post", "/sensitivity"),
    ("post", "/sensitivity/jobs"),
    ("get", "/sensitivity/jobs/{id}"),
    ("delete", "/jobs/{id}"),
    ("post", "/bargain"),
    ("post", "/advise"),
    ("post", "/report"),
    ("get", "/library"),
    ("get", "/library/{name}"),
    ("post", "/library/{name}"),
    ("get", "/library/{name}/versions/{version}"),
    ("get", "/library/{name}/diff"),
    ("get", "/library/{name}/track"),
];

/// The API's routes, to nest under `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(crate::openapi::serve))
        .route("/models", get(run::models))
        .route("/scenario/flagship", get(scenario::flagship))
        .route("/scenario/parse", post(scenario::parse))
        .route("/scenario/toml", post(scenario::to_toml))
        .route("/scenario/xlsx", post(scenario::from_xlsx))
        .route("/extract", post(extract::extract))
        .route("/validate", post(scenario::validate))
        .route("/run", post(run::run))
        .route("/compare", post(run::compare))
        .route("/mc", post(uncertainty::mc))
        .route("/mc/jobs", post(uncertainty::start_job))
        .route("/mc/jobs/{id}", get(uncertainty::job))
        .route("/sensitivity", post(uncertainty::sensitivity))
        .route(
            "/sensitivity/jobs",
            post(uncertainty::start_sensitivity_job),
        )
        .route("/sensitivity/jobs/{id}", get(uncertainty::sensitivity_job))
        .route("/jobs/{id}", delete(uncertainty::cancel_job))
        .route("/bargain", post(bargain::bargain))
        .route("/advise", post(advise::advise))
        .route("/report", post(report::report_html))
        .route("/library", get(library::list))
        .route("/library/{name}", get(library::history).post(library::save))
        .route("/library/{name}/versions/{version}", get(library::version))
        .route("/library/{name}/diff", get(library::diff))
        .route("/library/{name}/track", get(library::track))
}

/// `value` with the charts added under `"charts"`, when they were asked for.
fn with_charts(
    mut value: serde_json::Value,
    charts: Option<crate::charts::Charts>,
) -> serde_json::Value {
    if let (Some(c), serde_json::Value::Object(map)) = (charts, &mut value) {
        map.insert("charts".into(), c.into_value());
    }
    value
}

/// A serialisable value as a JSON response, or an internal error if it cannot be encoded.
fn to_json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, crate::ApiError> {
    serde_json::to_value(value)
        .map_err(|e| crate::ApiError::Internal(format!("cannot encode JSON: {e}")))
}
