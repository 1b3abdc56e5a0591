//! The grand bargain (`parley bargain`): trades within each linkage, deals, mediation, and the
//! scenario's questions answered, with Monte Carlo odds.

use axum::extract::State;
use parley_core::models;
use parley_core::uncertainty::MonteCarlo;
use serde::Deserialize;
use serde_json::{Value, json};

use super::run::unprocessable;
use super::uncertainty::mc_error;
use super::{to_json, with_charts};
use crate::AppState;
use crate::answer::Json;
use crate::charts;
use crate::error::ApiError;
use crate::input::{JsonBody, Source, check_runs};

fn default_runs() -> usize {
    1000
}

/// Body of `POST /api/bargain`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BargainRequest {
    scenario: Option<Value>,
    toml: Option<String>,
    /// Monte Carlo runs behind the answers' probabilities (default 1000; 0: point values only).
    #[serde(default = "default_runs")]
    runs: usize,
    /// Add the charts (`gains`, and `mc` with runs) as SVG under `charts`.
    #[serde(default)]
    charts: bool,
    /// An error model file's contents to use instead of the built-in one (see `/api/run`).
    calibration: Option<Value>,
}

/// `POST /api/bargain`: `{ analysis, bargain, monte_carlo }`, as `parley bargain --format json`
/// (every model; the Monte Carlo seed is the scenario's, else 0).
pub async fn bargain(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<BargainRequest>,
) -> Result<Json<Value>, ApiError> {
    let runs = check_runs(req.runs, state.limits().max_runs)?;
    let units = state.limits().max_request_units;
    state
        .compute(move |cancel| {
            let scenario = Source {
                scenario: req.scenario,
                toml: req.toml,
            }
            .load()?;
            let all = models::all();
            super::uncertainty::within(
                &scenario,
                &all,
                parley_core::cost::evaluations::analysis_and_runs(runs),
                units,
                "this bargain request",
                format!("parley bargain FILE --runs {runs}"),
            )?;
            let analysis = super::run::analyse_or_cancel(&scenario, &all, cancel)?;
            let bargain = parley_core::bargain::bargain(&scenario).map_err(unprocessable)?;
            let odds = if runs == 0 {
                None
            } else {
                let seed = scenario.meta.seed.unwrap_or(0);
                let mc = MonteCarlo { runs, seed };
                let calibration =
                    crate::calibration::for_request(&scenario, req.calibration.as_ref())?;
                Some(
                    mc.run_calibrated(&scenario, &all, &[], Some(&calibration), &|| {}, cancel)
                        .map_err(mc_error)?,
                )
            };
            let drawn = req
                .charts
                .then(|| charts::for_bargain(&analysis, &bargain, odds.as_ref()));
            let body = json!({
                "analysis": to_json(&analysis)?,
                "bargain": to_json(&bargain)?,
                "monte_carlo": to_json(&odds)?,
            });
            Ok(Json(with_charts(body, drawn)))
        })
        .await
}
