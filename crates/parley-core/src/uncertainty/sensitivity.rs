//! Sensitivity: which uncertain inputs move each forecast most.
//!
//! - **One at a time**: each uncertain input is set to the low and then the high end of its
//!   range, every other input at its point value; the swing of each forecast is the tornado bar.
//! - **Variance-based**: over a Monte Carlo sample, the squared correlation between each input's
//!   draws and a forecast, a first-order (linear) estimate of the share of the forecast's
//!   variance that input explains (the squared standardised regression coefficient when inputs
//!   are independent, as Parley draws them; Saltelli et al. 2008, ch. 1). Interactions and
//!   strongly non-linear effects are not captured, which is why both views are shown.
//! - **Sobol indices** (optional, [`Sensitivity::add_sobol`]): first-order and total indices
//!   from [`crate::uncertainty::sobol`], which do capture non-linear and interaction effects,
//!   at a cost of `N (k + 2)` runs for `N` base samples and `k` uncertain inputs.

use rayon::prelude::*;
use serde::Serialize;

use crate::inputs::Inputs;
use crate::model::Model;
use crate::scenario::Scenario;
use crate::uncertainty::montecarlo::McError;
use crate::uncertainty::rng::Stream;
use crate::uncertainty::sample::Sampler;
use crate::uncertainty::sobol::{Index, LEVEL, ScenarioSobol};

/// Both sensitivity views, per model and issue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    /// Monte Carlo runs behind the variance-based shares.
    pub runs: usize,
    /// Seed of those runs.
    pub seed: u64,
    /// One entry per model and issue.
    pub forecasts: Vec<ForecastSensitivity>,
    /// How the Sobol indices were estimated, when they were ([`Sensitivity::add_sobol`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sobol: Option<SobolRun>,
}

/// How the Sobol indices of a [`Sensitivity`] were estimated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SobolRun {
    /// Base samples `N`.
    pub samples: usize,
    /// Runs of every model: `N (k + 2)`, `k` the number of uncertain inputs.
    pub runs: usize,
    /// Seed of the design and of the bootstrap.
    pub seed: u64,
    /// Bootstrap resamples behind the intervals (0: none).
    pub resamples: usize,
    /// Coverage of the intervals (0.95).
    pub level: f64,
    /// How many reported indices or interval ends the estimators put outside [0, 1] and were
    /// clamped to it: sampling noise (a share of variance is in [0, 1]), many when `N` is small.
    pub clamped: usize,
}

/// The Sobol sample's view of one forecast.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SobolForecast {
    /// Mean of the forecast over the `2N` rows of `A` and `B`.
    pub mean: f64,
    /// Its variance, which the indices apportion (0: the indices are 0).
    pub variance: f64,
}

/// What moves one model's forecast of one issue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastSensitivity {
    /// Model id.
    pub model: String,
    /// Issue id.
    pub issue: String,
    /// The forecast at the point values (own scale).
    pub base: f64,
    /// Inputs by decreasing swing.
    pub inputs: Vec<InputEffect>,
    /// The forecast's mean and variance over the Sobol sample, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sobol: Option<SobolForecast>,
}

/// One input's effect on one forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputEffect {
    /// The input, as a what-if path (`usa.iran_nuclear.salience`).
    pub input: String,
    /// The forecast with the input at the low end of its range.
    pub at_low: f64,
    /// The forecast with the input at the high end.
    pub at_high: f64,
    /// `|at_high - at_low|`.
    pub swing: f64,
    /// Squared correlation with the forecast over the Monte Carlo sample (0-1).
    pub variance_share: f64,
    /// First-order and total Sobol indices, when estimated ([`Sensitivity::add_sobol`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sobol: Option<Index>,
}

impl Sensitivity {
    /// Puts Sobol indices beside the swings and variance shares: each forecast and input of
    /// `r` found here (by model, issue and input path) gets its indices; others keep none.
    pub fn add_sobol(&mut self, r: &ScenarioSobol) {
        let e = &r.estimates;
        self.sobol = Some(SobolRun {
            samples: e.settings.samples,
            runs: e.evaluations,
            seed: e.settings.seed,
            resamples: e.settings.resamples,
            level: LEVEL,
            clamped: 0,
        });
        let mut clamped = 0;
        for f in &mut self.forecasts {
            let Some(o) = r
                .forecasts
                .iter()
                .position(|(m, i)| *m == f.model && *i == f.issue)
            else {
                continue;
            };
            if let (Some(&mean), Some(&variance)) = (e.mean.get(o), e.variance.get(o)) {
                f.sobol = Some(SobolForecast { mean, variance });
            }
            for input in &mut f.inputs {
                input.sobol = r
                    .inputs
                    .iter()
                    .position(|l| *l == input.input)
                    .and_then(|i| e.index(o, i))
                    .map(|x| clamp_index(x, &mut clamped));
            }
        }
        if let Some(run) = &mut self.sobol {
            run.clamped = clamped;
        }
    }
}

/// The index with its estimates and interval ends clamped to [0, 1], counting those moved: a
/// share of variance cannot be negative or above 1, and the estimators (differences of sample
/// means) stray past the ends by sampling noise. Clamping is monotone, so an interval stays
/// ordered and still covers the clamped estimate.
fn clamp_index(x: &Index, clamped: &mut usize) -> Index {
    let mut one = |v: f64| {
        let c = v.clamp(0.0, 1.0);
        if c != v {
            *clamped += 1;
        }
        c
    };
    Index {
        s: one(x.s),
        st: one(x.st),
        s_ci: x.s_ci.map(|[a, b]| [one(a), one(b)]),
        st_ci: x.st_ci.map(|[a, b]| [one(a), one(b)]),
    }
}

/// Computes both views for `models` on `s`.
pub fn measure(
    s: &Scenario,
    models: &[Box<dyn Model>],
    runs: usize,
    seed: u64,
) -> Result<Sensitivity, McError> {
    measure_with_progress(s, models, runs, seed, &|| {})
}

/// The number of steps [`measure_with_progress`] reports for `s` and `runs`: one per uncertain
/// input (its low and high ends) and one per Monte Carlo run.
pub fn steps(s: &Scenario, runs: usize) -> usize {
    Sampler::new(s).len() + runs
}

/// [`measure`], calling `progress` once per finished step (from any thread): each uncertain
/// input once both of its ends are done, then each Monte Carlo run; [`steps`] says how many
/// there are. The result does not depend on the callback or on the number of threads.
pub fn measure_with_progress(
    s: &Scenario,
    models: &[Box<dyn Model>],
    runs: usize,
    seed: u64,
    progress: &(dyn Fn() + Sync),
) -> Result<Sensitivity, McError> {
    measure_cancellable(
        s,
        models,
        runs,
        seed,
        progress,
        &crate::cancel::Cancel::never(),
    )
}

/// [`measure_with_progress`], stopping once `cancel` is cancelled: every evaluation and each
/// model's rounds poll it, and a cancelled measurement is an error
/// ([`crate::ModelError::Cancelled`]), never a partial result.
pub fn measure_cancellable(
    s: &Scenario,
    models: &[Box<dyn Model>],
    runs: usize,
    seed: u64,
    progress: &(dyn Fn() + Sync),
    cancel: &crate::cancel::Cancel,
) -> Result<Sensitivity, McError> {
    if runs < 2 {
        return Err(McError::TooFewRuns {
            needed: 2,
            given: runs,
        });
    }
    let mut base = Inputs::from_scenario(s)?;
    base.set_cancel(cancel.clone());
    let sampler = Sampler::new(s);
    let m = s.issues.len();
    let forecast = |inputs: &Inputs| -> Result<Vec<f64>, McError> {
        let mut out = Vec::with_capacity(models.len() * m);
        for model in models {
            inputs.cancel().check().map_err(|c| McError::Model {
                run: 0,
                source: c.into(),
            })?;
            let o = model
                .run(inputs)
                .map_err(|source| McError::Model { run: 0, source })?;
            out.extend(
                o.forecasts
                    .iter()
                    .enumerate()
                    .map(|(j, f)| inputs.scale(j).from_internal(f.value)),
            );
        }
        Ok(out)
    };
    let at_base = forecast(&base)?;
    // One at a time: (low, high) forecasts per input.
    let swings: Vec<(Vec<f64>, Vec<f64>)> = (0..sampler.len())
        .into_par_iter()
        .map(|k| {
            let (lo, hi) = sampler.range(k);
            let mut inputs = base.clone();
            sampler.set(&mut inputs, k, lo);
            let low = forecast(&inputs)?;
            sampler.set(&mut inputs, k, hi);
            let high = forecast(&inputs)?;
            progress();
            Ok((low, high))
        })
        .collect::<Result<_, McError>>()?;
    // Monte Carlo sample with the draws recorded.
    let sample: Vec<(Vec<f64>, Vec<f64>)> = (0..runs)
        .into_par_iter()
        .map_init(
            || base.clone(),
            |inputs, run| {
                let mut rng = Stream::for_run(seed, run as u64);
                let mut drawn = vec![0.0; sampler.len()];
                sampler.draw_recorded(inputs, &mut rng, &mut drawn);
                let y = forecast(inputs)?;
                progress();
                Ok((drawn, y))
            },
        )
        .collect::<Result<_, McError>>()?;
    let mut forecasts = Vec::with_capacity(models.len() * m);
    for (k, model) in models.iter().enumerate() {
        for (j, issue) in s.issues.iter().enumerate() {
            let col = k * m + j;
            let ys: Vec<f64> = sample.iter().map(|(_, y)| y[col]).collect();
            let mut inputs: Vec<InputEffect> = sampler
                .labels()
                .iter()
                .enumerate()
                .map(|(i, label)| {
                    let xs: Vec<f64> = sample.iter().map(|(x, _)| x[i]).collect();
                    let (at_low, at_high) = (swings[i].0[col], swings[i].1[col]);
                    InputEffect {
                        input: label.clone(),
                        at_low,
                        at_high,
                        swing: (at_high - at_low).abs(),
                        variance_share: correlation(&xs, &ys).powi(2),
                        sobol: None,
                    }
                })
                .collect();
            inputs.sort_by(|a, b| {
                b.swing
                    .total_cmp(&a.swing)
                    .then(b.variance_share.total_cmp(&a.variance_share))
            });
            forecasts.push(ForecastSensitivity {
                model: model.info().id.to_owned(),
                issue: issue.id.clone(),
                base: at_base[col],
                inputs,
                sobol: None,
            });
        }
    }
    Ok(Sensitivity {
        runs,
        seed,
        forecasts,
        sobol: None,
    })
}

/// Pearson's correlation; 0 when either series is constant.
fn correlation(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx).powi(2);
        syy += (b - my).powi(2);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return 0.0;
    }
    let product = sxx * syy;
    if product.is_normal() {
        // Rounding can put |r| a few ulps past 1 (a share of 1.0000000000000049).
        (sxy / product.sqrt()).clamp(-1.0, 1.0)
    } else {
        // On scales near the limits (spans of 1e-100 or 1e100) the product of the two sums
        // of squares under- or overflows; their roots do not.
        (sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correlation_by_hand() {
        assert!((correlation(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]) - 1.0).abs() < 1e-12);
        assert!((correlation(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        assert_eq!(correlation(&[1.0, 1.0], &[1.0, 2.0]), 0.0);
    }

    #[test]
    fn an_exactly_linear_relation_has_a_share_of_at_most_one() {
        // Sweep item 6: rounding put a variance share at 1.0000000000000049. Here y = 0.1 x +
        // 45.7 exactly up to rounding; the sums give r = 1.0000000000000002 unclamped (found
        // by the same arithmetic in Python, summed left to right).
        let x = [25.5, 49.5, 44.9];
        let y = x.map(|a| 0.1 * a + 45.7);
        let r = correlation(&x, &y);
        assert_eq!(r, 1.0);
        assert!(r.powi(2) <= 1.0);
    }

    #[test]
    fn sobol_estimates_outside_zero_one_are_clamped_and_counted() {
        // The toy scenario at --sobol 2 gave S = -0.209 in [-0.209, 2.0].
        let raw = Index {
            s: -0.209,
            st: 0.5,
            s_ci: Some([-0.209, 2.0]),
            st_ci: Some([0.25, 1.26]),
        };
        let mut clamped = 0;
        let x = clamp_index(&raw, &mut clamped);
        assert_eq!(
            (x.s, x.st, x.s_ci, x.st_ci),
            (0.0, 0.5, Some([0.0, 1.0]), Some([0.25, 1.0]))
        );
        assert_eq!(clamped, 4);
        let mut none = 0;
        let inside = clamp_index(&x, &mut none);
        assert_eq!((inside, none), (x, 0));
    }

    #[test]
    fn correlation_of_numbers_near_the_limits_is_finite() {
        // x = (0, 1e-101, 2e-101) against y = 2x: sxx = 2e-202 and syy = 8e-202, whose
        // product (1.6e-403) underflows to 0; the correlation is still exactly linear, 1.
        let r = correlation(&[0.0, 1e-101, 2e-101], &[0.0, 2e-101, 4e-101]);
        assert!((r - 1.0).abs() < 1e-12, "{r}");
        // And 1e100-wide values, whose sums of squares multiply to 1e400 (infinite).
        let r = correlation(&[-1e100, 0.0, 1e100], &[1e100, 0.0, -1e100]);
        assert!((r + 1.0).abs() < 1e-12, "{r}");
    }
}
