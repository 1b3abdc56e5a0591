//! The report an analyst sends a client (`parley report`): one self-contained HTML file with
//! the brief on its first page, every model's results, the grand bargain, the calibrated
//! Monte Carlo and the sensitivity.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use parley_core::models;
use parley_report::html::{ComputeError, ReportData, compute_cancellable, report};
use serde::Deserialize;
use serde_json::Value;

use super::run::unprocessable;
use super::scenario::file_stem;
use super::uncertainty::mc_error;
use crate::AppState;
use crate::error::ApiError;
use crate::input::{JsonBody, Source, check_runs};

fn default_runs() -> usize {
    1000
}

/// The report's own content security policy: it is one file with its style and its one
/// script (printing opens the evidence tables) inline, and loads nothing.
const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; \
     script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

/// Body of `POST /api/report`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    scenario: Option<Value>,
    toml: Option<String>,
    /// Monte Carlo runs behind the odds and the sensitivity (default 1000; 0: point values
    /// only, as `parley report --runs 0`).
    #[serde(default = "default_runs")]
    runs: usize,
    /// An error model file's contents to use instead of the built-in one (see `/api/run`).
    calibration: Option<Value>,
}

/// `POST /api/report`: the HTML report of `parley report FILE --runs N` (every model; the
/// seed is the scenario's, else 0), as a file to save (`Content-Disposition: attachment`).
pub async fn report_html(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<ReportRequest>,
) -> Result<Response, ApiError> {
    let runs = check_runs(req.runs, state.limits().max_runs)?;
    let units = state.limits().max_request_units;
    let (name, html) = state
        .compute(move |cancel| {
            let scenario = Source {
                scenario: req.scenario,
                toml: req.toml,
            }
            .load()?;
            let all = models::all();
            let evaluations = parley_core::cost::evaluations::report(&scenario, runs);
            super::uncertainty::within(
                &scenario,
                &all,
                evaluations,
                units,
                "this report",
                format!("parley report FILE --runs {runs}"),
            )?;
            let calibration = crate::calibration::for_request(&scenario, req.calibration.as_ref())?;
            let seed = scenario.meta.seed.unwrap_or(0);
            let computed = compute_cancellable(
                &scenario,
                &all,
                Some(&calibration),
                runs,
                seed,
                &|| {},
                cancel,
            )
            .map_err(compute_error)?;
            let generator = format!("parley-web {}", env!("CARGO_PKG_VERSION"));
            let html = report(&ReportData::computed(&scenario, &computed, &generator))
                .map_err(unprocessable)?;
            Ok((file_stem(&scenario.meta.name), html))
        })
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}-report.html\""),
            ),
            (header::CONTENT_SECURITY_POLICY, REPORT_CSP.to_owned()),
        ],
        html,
    )
        .into_response())
}

fn compute_error(e: ComputeError) -> ApiError {
    match e {
        ComputeError::MonteCarlo(e) => mc_error(e),
        ComputeError::Cancelled => ApiError::Cancelled("the computation was cancelled".into()),
        other => unprocessable(other),
    }
}
