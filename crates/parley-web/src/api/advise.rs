//! Strategy advice (`parley advise`): levers ranked by effect, the best proposal every party
//! accepts, coalitions; for one actor, optionally toward a goal.

use axum::extract::State;
use parley_core::advise::{self, AdviseError, Settings};
use parley_core::text::Shown;
use parley_core::uncertainty::MonteCarlo;
use serde::Deserialize;
use serde_json::{Value, json};

use super::run::{labelled, unprocessable, variant_of};
use super::to_json;
use crate::AppState;
use crate::answer::Json;
use crate::error::ApiError;
use crate::input::{JsonBody, SeedField, Source, WhatIfs, check_runs, select_models};

fn default_runs() -> usize {
    1000
}

fn default_top() -> usize {
    10
}

/// Body of `POST /api/advise`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdviseRequest {
    scenario: Option<Value>,
    toml: Option<String>,
    /// The advised actor's id (`--actor`).
    actor: String,
    /// A condition the actor wants to hold, e.g. `iran_nuclear >= 60` (`--goal`).
    goal: Option<String>,
    /// What-ifs defined in the scenario, applied in order (`--what-if`, repeatable): one id
    /// or a list.
    #[serde(default)]
    what_if: WhatIfs,
    /// Ad-hoc edits applied after them (`--set` syntax).
    #[serde(default, deserialize_with = "crate::input::edits")]
    set: Vec<String>,
    /// Monte Carlo runs behind the goal's odds and the proposal's acceptance (0: point runs).
    #[serde(default = "default_runs")]
    runs: usize,
    /// Seed (default: the scenario's seed, else 0): a number up to 2^53, or a string of digits.
    seed: Option<SeedField>,
    /// Move every number by this share of its scale either way, in (0, 1] (`--budget`).
    budget: Option<f64>,
    /// Levers to show (`--top`).
    #[serde(default = "default_top")]
    top: usize,
    /// Model ids; absent or `["all"]` runs every model (an empty list is refused).
    #[serde(default)]
    models: Option<Vec<String>>,
    /// An error model file's contents to use instead of the built-in one (see `/api/run`).
    calibration: Option<Value>,
}

/// `POST /api/advise`: `{ scenario, advice }`, as `parley advise --format json`.
pub async fn advise(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<AdviseRequest>,
) -> Result<Json<Value>, ApiError> {
    let runs = check_runs(req.runs, state.limits().max_runs)?;
    let models = select_models(req.models.as_deref())?;
    // The seed rules of every endpoint; a bad seed stays a 422 here, as for every other bad
    // setting of this request.
    let seed =
        SeedField::value(req.seed.as_ref()).map_err(|e| ApiError::Unprocessable(e.to_string()))?;
    let units = state.limits().max_request_units;
    state
        .compute(move |cancel| {
            let base = Source {
                scenario: req.scenario,
                toml: req.toml,
            }
            .load()?;
            let scenario = variant_of(&base, &req.what_if, &req.set)?;
            let reruns = parley_core::cost::evaluations::advise(&scenario, runs);
            super::uncertainty::within(
                &scenario,
                &models,
                reruns,
                units,
                "this advice request",
                format!("parley advise FILE --actor {} --runs {runs}", req.actor),
            )?;
            let seed = crate::input::seed(seed, &scenario);
            let settings = Settings {
                goal: req.goal,
                budget: req.budget,
                top: req.top,
                monte_carlo: (runs > 0).then_some(MonteCarlo { runs, seed }),
                ..Settings::new(req.actor)
            };
            let calibration = crate::calibration::for_request(&scenario, req.calibration.as_ref())?;
            let advice = advise::advise(&scenario, &models, &settings, Some(&calibration), cancel)
                .map_err(|e| match e {
                    AdviseError::Cancelled => {
                        ApiError::Cancelled("the computation was cancelled".into())
                    }
                    // The core's message names the command line's flag (`--actor`).
                    AdviseError::UnknownActor { id, known } => ApiError::Unprocessable(format!(
                        "`actor`: unknown actor '{}'; actors: {known}",
                        Shown(&id)
                    )),
                    other => unprocessable(other),
                })?;
            let body = json!({
                "scenario": scenario.meta.name,
                "advice": to_json(&advice)?,
            });
            Ok(Json(labelled(&body, &req.what_if, &req.set)?))
        })
        .await
}
