//! Monte Carlo and sensitivity (`parley mc`, `parley sensitivity`), and jobs for both: long
//! runs in the background whose progress the page polls.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use parley_core::uncertainty::{McError, MonteCarlo, sensitivity};
use parley_core::{Cancel, Scenario};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{to_json, with_charts};
use crate::AppState;
use crate::answer::Json;
use crate::charts;
use crate::error::ApiError;
use crate::input::{EumVariant, JsonBody, SeedField, Source, check_runs, seed, select_models};
use crate::jobs::{Job, Kind};

fn default_runs() -> usize {
    1000
}

/// Body of `POST /api/mc` and `POST /api/mc/jobs`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct McRequest {
    scenario: Option<Value>,
    toml: Option<String>,
    /// Model ids; absent or `["all"]` runs every model (an empty list is refused).
    #[serde(default)]
    models: Option<Vec<String>>,
    /// Rules of the expected utility model (`--eum-variant`): `convergent` (default) or `scholz`;
    /// refused when `eum` does not run.
    #[serde(default)]
    eum_variant: Option<EumVariant>,
    /// Number of runs (default 1000; at most the server's cap).
    #[serde(default = "default_runs")]
    runs: usize,
    /// Seed (default: the scenario's, else 0): a number up to 2^53 or a string of digits.
    seed: Option<SeedField>,
    /// Extra conditions whose probability to report (`--condition`).
    #[serde(default)]
    conditions: Vec<String>,
    /// Add the Monte Carlo chart (`mc`) as SVG under `charts`.
    #[serde(default)]
    charts: bool,
    /// An error model file's contents to use instead of the built-in one (see `/api/run`).
    calibration: Option<Value>,
}

/// A Monte Carlo failure as the API reports it.
pub(crate) fn mc_error(e: McError) -> ApiError {
    match e {
        McError::NoRuns => ApiError::BadRequest("runs must be at least 1".into()),
        McError::TooFewRuns { needed, .. } => {
            ApiError::BadRequest(format!("runs must be at least {needed}"))
        }
        McError::Model {
            source: parley_core::ModelError::Cancelled,
            ..
        } => ApiError::Cancelled("the computation was cancelled".into()),
        other => ApiError::Unprocessable(other.to_string()),
    }
}

/// A checked Monte Carlo request, ready to run.
struct McPlan {
    scenario: Scenario,
    models: Vec<Box<dyn parley_core::Model>>,
    mc: MonteCarlo,
    conditions: Vec<String>,
    charts: bool,
    calibration: parley_core::calibration::Calibration,
}

impl McPlan {
    fn new(req: McRequest, max_runs: usize) -> Result<Self, ApiError> {
        let models = EumVariant::choose(req.eum_variant, select_models(req.models.as_deref())?)?;
        let runs = check_runs(req.runs, max_runs)?;
        if runs == 0 {
            return Err(ApiError::BadRequest("runs must be at least 1".into()));
        }
        let scenario = Source {
            scenario: req.scenario,
            toml: req.toml,
        }
        .load()?;
        let seed = seed(SeedField::value(req.seed.as_ref())?, &scenario);
        let calibration = crate::calibration::for_request(&scenario, req.calibration.as_ref())?;
        Ok(Self {
            scenario,
            models,
            mc: MonteCarlo { runs, seed },
            conditions: req.conditions,
            charts: req.charts,
            calibration,
        })
    }

    /// Refuses a plan whose estimated cost is over `max` work units.
    fn check_cost(&self, what: &str, max: f64) -> Result<(), ApiError> {
        within(
            &self.scenario,
            &self.models,
            self.mc.runs,
            max,
            what,
            format!("parley mc FILE --runs {}", self.mc.runs),
        )
    }

    fn run(&self, progress: &(dyn Fn() + Sync), cancel: &Cancel) -> Result<Value, ApiError> {
        let result = self
            .mc
            .run_calibrated(
                &self.scenario,
                &self.models,
                &self.conditions,
                Some(&self.calibration),
                progress,
                cancel,
            )
            .map_err(mc_error)?;
        let drawn = if self.charts {
            let analysis = parley_core::analyse(&self.scenario, &self.models)
                .map_err(super::run::unprocessable)?;
            Some(charts::for_mc(&analysis, &result))
        } else {
            None
        };
        Ok(with_charts(to_json(&result)?, drawn))
    }
}

/// `POST /api/mc`: forecast bands and probabilities, as `parley mc --format json`.
pub async fn mc(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<McRequest>,
) -> Result<Json<Value>, ApiError> {
    let (max, units) = (state.limits().max_runs, state.limits().max_request_units);
    state
        .compute(move |cancel| {
            let plan = McPlan::new(req, max)?;
            plan.check_cost("this Monte Carlo request", units)?;
            plan.run(&|| {}, cancel).map(Json)
        })
        .await
}

/// `POST /api/mc/jobs`: starts a Monte Carlo run in the background; 202 with the job's id and
/// where to poll it.
pub async fn start_job(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<McRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let (max, units) = (state.limits().max_runs, state.limits().max_job_units);
    // Check the request (and read the scenario) before taking a job slot, so a bad request
    // never occupies one.
    let plan = state
        .compute(move |_| {
            let plan = McPlan::new(req, max)?;
            plan.check_cost("this Monte Carlo job", units)?;
            Ok(plan)
        })
        .await?;
    let total = plan.mc.runs;
    spawn_job(&state, Kind::MonteCarlo, total, move |job| {
        plan.run(&|| job.tick(), job.cancel())
    })
}

/// Registers a job of `total` steps and runs `work` for it on the jobs' own thread pool
/// ([`AppState::job_pool`]), so its parallel loops never queue ahead of an interactive
/// request's; the answer to the request that started it (202, the job's id and where to poll
/// it).
fn spawn_job(
    state: &AppState,
    kind: Kind,
    total: usize,
    work: impl FnOnce(&Job) -> Result<Value, ApiError> + Send + 'static,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let (id, job) = state
        .jobs()
        .start(kind, total, state.shutdown().child(None))?;
    // The job runs outside the request's compute slots and timeout: it is bounded by the
    // run-count cap and the number of jobs instead.
    let run = move || {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&job)))
            .unwrap_or_else(|_| Err(ApiError::Internal("the job panicked".into())));
        job.finish(outcome);
    };
    match state.job_pool() {
        // `spawn` runs `run` on one of the pool's threads; the rayon loops inside it then use
        // that pool. No blocking thread of the runtime waits for it.
        Some(pool) => pool.spawn(run),
        None => {
            tokio::task::spawn_blocking(run);
        }
    }
    let base = match kind {
        Kind::MonteCarlo => "mc",
        Kind::Sensitivity => "sensitivity",
    };
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({
            "id": id,
            "state": "running",
            "done": 0,
            "total": total,
            "poll": format!("/api/{base}/jobs/{id}"),
        })),
    ))
}

/// `GET /api/mc/jobs/{id}`: a job's progress, and its result once done.
pub async fn job(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let status = state.jobs().status(Kind::MonteCarlo, &id)?;
    Ok(Json(to_json(&status)?))
}

/// Body of `POST /api/sensitivity`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensitivityRequest {
    scenario: Option<Value>,
    toml: Option<String>,
    /// Model ids; absent or `["all"]` runs every model (an empty list is refused).
    #[serde(default)]
    models: Option<Vec<String>>,
    /// Monte Carlo runs behind the variance shares (default 1000).
    #[serde(default = "default_runs")]
    runs: usize,
    seed: Option<SeedField>,
    /// Add tornado charts (`sensitivity.<model>`) as SVG under `charts`.
    #[serde(default)]
    charts: bool,
}

/// A checked sensitivity request, ready to run.
struct SensitivityPlan {
    scenario: Scenario,
    models: Vec<Box<dyn parley_core::Model>>,
    runs: usize,
    seed: u64,
    charts: bool,
}

impl SensitivityPlan {
    fn new(req: SensitivityRequest, max_runs: usize) -> Result<Self, ApiError> {
        let models = select_models(req.models.as_deref())?;
        let runs = check_runs(req.runs, max_runs)?;
        if runs < 2 {
            return Err(ApiError::BadRequest("runs must be at least 2".into()));
        }
        let scenario = Source {
            scenario: req.scenario,
            toml: req.toml,
        }
        .load()?;
        let seed = seed(SeedField::value(req.seed.as_ref())?, &scenario);
        Ok(Self {
            scenario,
            models,
            runs,
            seed,
            charts: req.charts,
        })
    }

    fn steps(&self) -> usize {
        sensitivity::steps(&self.scenario, self.runs)
    }

    /// Refuses a plan whose estimated cost is over `max` work units: both ends of each
    /// uncertain input, then the runs.
    fn check_cost(&self, what: &str, max: f64) -> Result<(), ApiError> {
        let inputs = self.steps().saturating_sub(self.runs);
        let evaluations = inputs.saturating_mul(2).saturating_add(self.runs);
        within(
            &self.scenario,
            &self.models,
            evaluations,
            max,
            what,
            format!("parley sensitivity FILE --runs {}", self.runs),
        )
    }

    fn run(&self, progress: &(dyn Fn() + Sync), cancel: &Cancel) -> Result<Value, ApiError> {
        let result = sensitivity::measure_cancellable(
            &self.scenario,
            &self.models,
            self.runs,
            self.seed,
            progress,
            cancel,
        )
        .map_err(mc_error)?;
        let drawn = self.charts.then(|| charts::for_sensitivity(&result));
        Ok(with_charts(to_json(&result)?, drawn))
    }
}

/// `POST /api/sensitivity`: swings and variance shares, as `parley sensitivity --format json`.
pub async fn sensitivity(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<SensitivityRequest>,
) -> Result<Json<Value>, ApiError> {
    let (max, units) = (state.limits().max_runs, state.limits().max_request_units);
    state
        .compute(move |cancel| {
            let plan = SensitivityPlan::new(req, max)?;
            plan.check_cost("this sensitivity request", units)?;
            plan.run(&|| {}, cancel).map(Json)
        })
        .await
}

/// `POST /api/sensitivity/jobs`: starts a sensitivity analysis in the background; 202 with the
/// job's id and where to poll it. Its steps are the uncertain inputs (both ends each) and then
/// the Monte Carlo runs.
pub async fn start_sensitivity_job(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<SensitivityRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let (max, units) = (state.limits().max_runs, state.limits().max_job_units);
    let plan = state
        .compute(move |_| {
            let plan = SensitivityPlan::new(req, max)?;
            plan.check_cost("this sensitivity job", units)?;
            Ok(plan)
        })
        .await?;
    let total = plan.steps();
    spawn_job(&state, Kind::Sensitivity, total, move |job| {
        plan.run(&|| job.tick(), job.cancel())
    })
}

/// `GET /api/sensitivity/jobs/{id}`: a sensitivity job's progress, and its result once done.
pub async fn sensitivity_job(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let status = state.jobs().status(Kind::Sensitivity, &id)?;
    Ok(Json(to_json(&status)?))
}

/// `DELETE /api/jobs/{id}`: cancels a job of either kind; its computation stops within a run
/// and its slot is free at once. The answer is the job's status, `cancelled` (or `done` or
/// `failed` if it had already ended).
pub async fn cancel_job(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let status = state.jobs().cancel(&id)?;
    Ok(Json(to_json(&status)?))
}

/// `Ok` when `evaluations` runs of `models` on `scenario` are estimated (`parley_core::cost`)
/// within `max` work units, else the API's `too-costly` refusal naming `what` and the CLI
/// command `cli` that does the same.
pub(crate) fn within(
    scenario: &parley_core::Scenario,
    models: &[Box<dyn parley_core::Model>],
    evaluations: usize,
    max: f64,
    what: &str,
    cli: String,
) -> Result<(), ApiError> {
    let ids = models.iter().map(|m| m.info().id);
    let estimate = parley_core::cost::for_scenario(scenario, ids, evaluations);
    if estimate.units <= max {
        return Ok(());
    }
    Err(ApiError::TooCostly {
        what: what.to_owned(),
        estimate,
        max,
        cli,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[tokio::test]
    async fn jobs_run_on_their_own_pool_not_the_global_one() {
        let state = AppState::new(crate::Limits::default());
        let (tx, rx) = std::sync::mpsc::channel();
        let started = spawn_job(&state, Kind::MonteCarlo, 1, move |_| {
            let name = std::thread::current().name().map(str::to_owned);
            // Nested parallel work stays on the same pool.
            let inner: Vec<Option<String>> = (0..4)
                .into_par_iter()
                .map(|_| std::thread::current().name().map(str::to_owned))
                .collect();
            let _ = tx.send((name, inner));
            Ok(Value::Null)
        });
        assert!(started.is_ok());
        let (name, inner) = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .unwrap_or_default();
        assert!(
            name.as_deref()
                .is_some_and(|n| n.starts_with("parley-job-")),
            "{name:?}"
        );
        assert_eq!(inner.len(), 4);
        for n in inner {
            assert!(n.is_some_and(|n| n.starts_with("parley-job-")));
        }
    }
}
