//! The report an analyst sends a client (`parley report`): one self-contained HTML file with
//! the brief on its first page, every model's results, the grand bargain, the calibrated
//! Monte Carlo and the sensitivity.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use parley_core::models;
use parley_library::Resolution;
use parley_report::html::{ComputeError, ReportData, TrackRecord, compute_cancellable, report};
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
    /// A resolution file's TOML text (docs/library.md) to score the forecasts against in a
    /// *Track record* section, as `parley report --resolution FILE`. Left out, the flagship
    /// as shipped is scored against its shipped resolution, as `parley report` scores the
    /// embedded flagship, and any other scenario gets no section.
    resolution: Option<String>,
}

/// The name a resolution sent in the request has in messages: its field.
const RESOLUTION_FIELD: &str = "resolution";

/// The resolution the report is scored against and the name its section gives the source:
/// the request's `resolution`, else the shipped one for the flagship as shipped
/// (`parley_library::report::resolution_for`); one that does not fit the scenario is a 422.
fn resolution_for(
    scenario: &parley_core::Scenario,
    given: Option<&str>,
) -> Result<Option<(Resolution, String)>, ApiError> {
    let found = parley_library::report::resolution_for(
        scenario,
        given.map(|text| (RESOLUTION_FIELD, text)),
    )
    .map_err(|e| unprocessable(format!("{e}; no report was made")))?;
    Ok(found.map(|(r, source)| match given {
        Some(_) => (r, "the resolution sent with the request".to_owned()),
        None => (r, source),
    }))
}

/// The track record of `scenario` against `resolution` (named `source`), with the report's
/// models, runs, seed and error model; checked for cancellation first, as its forecasts run
/// to the end once begun.
fn track_record(
    scenario: &parley_core::Scenario,
    models: &[Box<dyn parley_core::Model>],
    (resolution, source): &(Resolution, String),
    runs: usize,
    calibration: &parley_core::calibration::Calibration,
    cancel: &parley_core::cancel::Cancel,
) -> Result<TrackRecord, ApiError> {
    if cancel.is_cancelled() {
        return Err(ApiError::Cancelled("the computation was cancelled".into()));
    }
    // The section's forecasts are made from the scenario as the report runs it; their
    // recorded inputs hash is of its TOML, which no response shows.
    let content = parley_scenario::write::to_toml(scenario);
    let forecasting = parley_library::report::Forecasting {
        key: &resolution.scenario,
        scenario,
        content: content.as_bytes(),
        models,
        runs,
        seed: scenario.meta.seed.unwrap_or(0),
        calibration: Some(calibration),
    };
    parley_library::report::track_record(&forecasting, resolution, source, &|| {})
        .map_err(unprocessable)
}

/// `POST /api/report`: the HTML report of `parley report FILE --runs N` (every model; the
/// seed is the scenario's, else 0), as a file to save (`Content-Disposition: attachment`). Its
/// *Track record* scores the forecasts against the request's `resolution`, or for the flagship
/// as shipped against its shipped resolution, as `parley report` does for the embedded one.
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
            let resolution = resolution_for(&scenario, req.resolution.as_deref())?;
            let all = models::all();
            let evaluations = parley_core::cost::evaluations::report_scored(
                &scenario,
                runs,
                resolution.is_some(),
            );
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
            let record = resolution
                .as_ref()
                .map(|r| track_record(&scenario, &all, r, runs, &calibration, cancel))
                .transpose()?;
            let generator = format!("parley-web {}", env!("CARGO_PKG_VERSION"));
            let html = report(&ReportData {
                track_record: record.as_ref(),
                ..ReportData::computed(&scenario, &computed, &generator)
            })
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
