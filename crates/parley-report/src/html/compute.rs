//! What a report shows that is computed from the scenario: every model's results, the grand
//! bargain, the calibrated Monte Carlo and the sensitivity, with one seed and run count. The
//! CLI's `parley report`, the print test, the benchmark and the example all compute it here.

use parley_core::bargain::{Bargain, BargainError};
use parley_core::calibration::Calibration;
use parley_core::uncertainty::sensitivity::{self, Sensitivity};
use parley_core::uncertainty::{McError, McResult, MonteCarlo};
use parley_core::{
    AnalyseError, Analysis, Cancel, InvalidScenario, Model, Scenario, analyse_cancellable, models,
};

/// Why the report's results could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum ComputeError {
    /// The scenario cannot be run.
    #[error(transparent)]
    Scenario(#[from] InvalidScenario),
    /// The grand bargain could not be analysed.
    #[error(transparent)]
    Bargain(#[from] BargainError),
    /// The Monte Carlo or the sensitivity failed.
    #[error(transparent)]
    MonteCarlo(#[from] McError),
    /// The token was cancelled before everything was computed.
    #[error("the report's computation was cancelled")]
    Cancelled,
}

impl From<AnalyseError> for ComputeError {
    fn from(e: AnalyseError) -> Self {
        match e {
            AnalyseError::Invalid(e) => ComputeError::Scenario(e),
            AnalyseError::Cancelled => ComputeError::Cancelled,
        }
    }
}

/// The report's computed results (see [`ReportData`](super::ReportData), which borrows them).
#[derive(Debug)]
pub struct Computed {
    /// Every model's results.
    pub analysis: Analysis,
    /// The grand bargain.
    pub bargain: Bargain,
    /// The Monte Carlo over the ranges, with model error when a calibration is given; `None`
    /// with 0 runs.
    pub monte_carlo: Option<McResult>,
    /// Which inputs matter, over the same number of runs; `None` with 0 runs.
    pub sensitivity: Option<Sensitivity>,
}

/// Runs every model, the bargain, and (unless `runs` is 0) the Monte Carlo and the
/// sensitivity with `runs` draws each from `seed`.
pub fn compute(
    scenario: &Scenario,
    calibration: Option<&Calibration>,
    runs: usize,
    seed: u64,
) -> Result<Computed, ComputeError> {
    compute_with(scenario, &models::all(), calibration, runs, seed, &|| {})
}

/// The number of steps [`compute_with`] reports through its `progress` for `scenario` and
/// `runs`: each Monte Carlo run, then each step of the sensitivity; 0 with 0 runs.
pub fn steps(scenario: &Scenario, runs: usize) -> usize {
    if runs == 0 {
        0
    } else {
        runs.saturating_add(sensitivity::steps(scenario, runs))
    }
}

/// [`compute`] with the given `models` (the CLI's `--model`, `--eum-variant`), calling
/// `progress` once per step (see [`steps`]).
pub fn compute_with(
    scenario: &Scenario,
    models: &[Box<dyn Model>],
    calibration: Option<&Calibration>,
    runs: usize,
    seed: u64,
    progress: &(dyn Fn() + Sync),
) -> Result<Computed, ComputeError> {
    compute_cancellable(
        scenario,
        models,
        calibration,
        runs,
        seed,
        progress,
        &Cancel::never(),
    )
}

/// [`compute_with`], stopping once `cancel` is cancelled (the web server's request timeout):
/// the models, the Monte Carlo and the sensitivity poll it, and a cancelled computation is an
/// error, never a partial report.
pub fn compute_cancellable(
    scenario: &Scenario,
    models: &[Box<dyn Model>],
    calibration: Option<&Calibration>,
    runs: usize,
    seed: u64,
    progress: &(dyn Fn() + Sync),
    cancel: &Cancel,
) -> Result<Computed, ComputeError> {
    let analysis = analyse_cancellable(scenario, models, cancel)?;
    let bargain = parley_core::bargain::bargain(scenario)?;
    let (monte_carlo, sensitivity) = if runs == 0 {
        (None, None)
    } else {
        let mc = MonteCarlo { runs, seed }.run_calibrated(
            scenario,
            models,
            &[],
            calibration,
            progress,
            cancel,
        )?;
        let sens =
            sensitivity::measure_cancellable(scenario, models, runs, seed, progress, cancel)?;
        (Some(mc), Some(sens))
    };
    Ok(Computed {
        analysis,
        bargain,
        monte_carlo,
        sensitivity,
    })
}
