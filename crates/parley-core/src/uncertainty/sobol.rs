//! Sobol indices: how much of a forecast's variance each uncertain input explains alone
//! (first order, `S_i`) and together with all its interactions (total, `S_Ti`), estimated by
//! Monte Carlo with the Saltelli design.
//!
//! # Sources
//!
//! - Sobol', I. M. (2001). Global sensitivity indices for nonlinear mathematical models and their
//!   Monte Carlo estimates. Mathematics and Computers in Simulation 55, 271-280: the indices.
//! - Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. & Tarantola, S. (2010).
//!   Variance based sensitivity analysis of model output. Design and estimator for the total
//!   sensitivity index. Computer Physics Communications 181(2), 259-270: the design (matrices
//!   `A`, `B` and `A_B^(i)`, section 3) and the first-order estimator of their Table 2 (b),
//!   `V_i ≈ (1/N) Σ_r f(B)_r (f(A_B^(i))_r - f(A)_r)`.
//! - Jansen, M. J. W. (1999). Analysis of variance designs for model output. Computer Physics
//!   Communications 117, 35-43: the total-effect estimator, Saltelli et al. (2010) Table 2 (f),
//!   `V_Ti ≈ (1/2N) Σ_r (f(A)_r - f(A_B^(i))_r)^2`.
//! - Saltelli, A. et al. (2008). Global Sensitivity Analysis: The Primer. Wiley, ch. 4: reading
//!   the indices; the Ishigami test function and its analytic indices used by the tests.
//!
//! # Algorithm
//!
//! For a function of `k` independent inputs with `m` outputs (Parley: every uncertain input of a
//! scenario, the same ones `parley mc` draws, and every model x issue forecast):
//!
//! 1. **Design.** Row `r` (`0 <= r < N`) of the `N x k` matrices `A` and `B` is drawn from its
//!    own SplitMix64 [`Stream`] of `(seed ^ ROW_SALT, r)`: first the `k` values of `A_r`, then
//!    the `k` values of `B_r`, each by the same inverse transform as a Monte Carlo draw (for
//!    Parley, [`Sampler::draw_recorded`]). A row is therefore the same on any thread.
//! 2. **Runs.** For each row: `f(A_r)`, `f(B_r)` and, for each input `i`, `f(A_B^(i)_r)`, which
//!    is `A_r` with its `i`-th value taken from `B_r`: `N (k + 2)` evaluations in all (Parley:
//!    each evaluation runs every chosen model once). Rows run in parallel (rayon) and are
//!    collected in row order.
//! 3. **Estimates**, per output, summing in row order: `c` and `V` are the mean and variance
//!    (divisor `2N`) of the `2N` values `f(A)`, `f(B)`;
//!    `S_i = (1/N) Σ_r (f(B)_r - c)(f(A_B^(i))_r - f(A)_r) / V` and
//!    `S_Ti = (1/2N) Σ_r (f(A)_r - f(A_B^(i))_r)^2 / V`.
//! 4. **Sampling error.** Percentile bootstrap over the `N` rows: resample `b` draws `N` row
//!    indices with replacement from its own stream of `(seed ^ BOOT_SALT, b)` and recomputes
//!    step 3 (no new model runs); the 2.5% and 97.5% quantiles of the resampled indices
//!    (interpolated between order statistics, Hyndman & Fan type 7) are the 95% interval.
//!    Resamples run in parallel and are collected in order, so intervals are bit-identical on
//!    any number of threads too.
//!
//! # Departures from the references
//!
//! - **Centred outputs.** Table 2 (b) multiplies by `f(B)` itself; here by `f(B) - c`. The
//!   expectation is unchanged (`E[f(A_B^(i)) - f(A)] = 0`), and the sampling variance is much
//!   smaller when a forecast's mean is far from zero, as Parley's forecasts on 0-100 scales
//!   are (SALib standardises outputs for the same reason).
//! - **Pseudo-random design.** The rows are SplitMix64 draws, not a Sobol' low-discrepancy
//!   sequence: any `N` works, rows stay independent (which the bootstrap assumes), and the
//!   error falls as `1/sqrt(N)` rather than nearly `1/N`.
//! - **Constant outputs.** A forecast whose standard deviation is below `1e-9 x max(1, |c|)`
//!   (constant up to rounding) has no variance to apportion: its indices are 0.
//!
//! # Reading the indices
//!
//! `S_i` is the expected share of the forecast's variance that would go if input `i` were known
//! exactly; `S_Ti` the share that would remain if every input but `i` were known. `S_Ti - S_i`
//! is what `i` does through interactions (0 for an additive model), `1 - Σ S_i` the share of
//! all interactions, and an input with `S_Ti ≈ 0` can be fixed at any value in its range. Both
//! are estimates: `S_i` can come out slightly below 0 and `S_Ti` slightly below `S_i` when the
//! true values are close; the bootstrap intervals say by how much to trust a difference. The
//! error of `S_i` is largest for inputs whose effect is mostly interaction.
//!
//! # Cost
//!
//! `N (k + 2)` evaluations (Parley: runs of every chosen model), holding `N (k + 2) m` numbers;
//! each bootstrap resample costs `O(N k m)` arithmetic and no evaluation.

use rayon::prelude::*;
use serde::Serialize;
use thiserror::Error;

use crate::inputs::{Inputs, InvalidScenario};
use crate::model::{Model, ModelError};
use crate::scenario::Scenario;
use crate::uncertainty::rng::Stream;
use crate::uncertainty::sample::Sampler;

/// The smallest number of base samples: a variance needs two.
pub const MIN_SAMPLES: usize = 2;

/// The fewest base samples a report accepts (`parley sensitivity --sobol`): below it the
/// indices say next to nothing. Each is a mean over `N` rows, so its error falls as
/// `1/sqrt(N)`; at `N = 2` toy estimates of -0.2 with intervals [-0.2, 2] came out, and even at
/// 64 half-widths of 0.2 to 0.5 are usual. The estimator itself works from [`MIN_SAMPLES`].
pub const MIN_REPORTED_SAMPLES: usize = 64;

/// The coverage of the bootstrap intervals.
pub const LEVEL: f64 = 0.95;

/// Bootstrap resamples when none are asked for explicitly.
pub const DEFAULT_RESAMPLES: usize = 200;

/// The fewest bootstrap resamples behind an interval (0 asks for none): a 95% percentile
/// interval's ends are the 2.5% and 97.5% quantiles of the resamples, and only from
/// `1 / 0.025 = 40` resamples on does each tail hold a resample of its own. With one or two,
/// the "interval" was a point or a pair of draws that could miss the estimate itself and
/// printed as "±0.0" (sweep 6, item A1).
pub const MIN_RESAMPLES: usize = 40;

/// The most bootstrap resamples (each recomputes every index from the `N` rows).
pub const MAX_RESAMPLES: usize = 10_000;

/// Mixed into the seed for the rows of `A` and `B`, so they are not the Monte Carlo runs'.
const ROW_SALT: u64 = 0x536F_626F_6C5F_4142; // "Sobol_AB"
/// Mixed into the seed for the bootstrap resamples.
const BOOT_SALT: u64 = 0x536F_626F_6C5F_4253; // "Sobol_BS"

/// Settings of a Sobol estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sobol {
    /// Base samples `N`: rows of `A` and `B`; the estimate costs `N (k + 2)` evaluations.
    pub samples: usize,
    /// Bootstrap resamples behind the intervals (0: no intervals).
    pub resamples: usize,
    /// Seed of the design and of the bootstrap.
    pub seed: u64,
}

/// Why Sobol indices could not be estimated.
#[derive(Debug, Error)]
pub enum SobolError {
    /// Fewer than [`MIN_SAMPLES`] base samples.
    #[error("Sobol indices need at least {MIN_SAMPLES} base samples, got {samples}")]
    TooFewSamples {
        /// The number asked for.
        samples: usize,
    },
    /// Bootstrap resamples neither 0 nor from [`MIN_RESAMPLES`] to [`MAX_RESAMPLES`].
    #[error(
        "{resamples} bootstrap resamples cannot give 95% intervals; give 0 (no intervals) or \
         {MIN_RESAMPLES} to {MAX_RESAMPLES}"
    )]
    Resamples {
        /// The number asked for.
        resamples: usize,
    },
    /// `N (k + 2)` does not fit in a `usize`.
    #[error("{samples} base samples x ({inputs} inputs + 2) runs is too many")]
    TooManyRuns {
        /// Base samples.
        samples: usize,
        /// Uncertain inputs.
        inputs: usize,
    },
    /// The scenario is invalid.
    #[error(transparent)]
    Invalid(#[from] InvalidScenario),
    /// A model failed on one row of the design.
    #[error("Sobol sample {row}: {source}")]
    Model {
        /// The row of `A` and `B`.
        row: usize,
        /// The model's error.
        source: ModelError,
    },
    /// An evaluation gave the wrong number of outputs.
    #[error("Sobol sample {row}: {got} outputs where {expected} were expected")]
    Outputs {
        /// The row of `A` and `B`.
        row: usize,
        /// Outputs expected.
        expected: usize,
        /// Outputs given.
        got: usize,
    },
    /// An evaluation gave a number that is not finite.
    #[error("Sobol sample {row}: {output} is not a finite number")]
    NotFinite {
        /// The row of `A` and `B`.
        row: usize,
        /// Which output: its index, or for a scenario `model on issue`.
        output: String,
    },
}

impl SobolError {
    /// The error with its row set to `row` (an evaluation does not know its row).
    fn at_row(mut self, at: usize) -> Self {
        match &mut self {
            Self::Model { row, .. } | Self::Outputs { row, .. } | Self::NotFinite { row, .. } => {
                *row = at;
            }
            Self::TooFewSamples { .. }
            | Self::Resamples { .. }
            | Self::TooManyRuns { .. }
            | Self::Invalid(_) => {}
        }
        self
    }
}

/// A function of independent random inputs whose outputs' variance Sobol indices apportion.
pub trait SobolModel: Sync {
    /// Working space of one worker thread (for Parley, a copy of the model inputs).
    type Scratch: Send;
    /// Number of inputs `k`.
    fn inputs(&self) -> usize;
    /// Number of outputs `m` of one evaluation.
    fn outputs(&self) -> usize;
    /// Fresh working space.
    fn scratch(&self) -> Self::Scratch;
    /// Draws one value of every input into `values` (length `k`) from `rng`. It must consume
    /// the same number of draws whatever they are, so that `A_r` then `B_r` come from one
    /// stream reproducibly.
    fn draw(&self, scratch: &mut Self::Scratch, rng: &mut Stream, values: &mut [f64]);
    /// Evaluates the function at `x` (length `k`), writing the `m` outputs into `out`.
    fn eval(
        &self,
        scratch: &mut Self::Scratch,
        x: &[f64],
        out: &mut [f64],
    ) -> Result<(), SobolError>;
    /// A name for output `o` in error messages.
    fn output_name(&self, o: usize) -> String {
        format!("output {o}")
    }
}

/// The indices of one input for one output.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Index {
    /// First-order index `S_i`.
    pub s: f64,
    /// Total index `S_Ti`.
    pub st: f64,
    /// 95% bootstrap interval of `S_i` (none without resamples).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s_ci: Option<[f64; 2]>,
    /// 95% bootstrap interval of `S_Ti`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub st_ci: Option<[f64; 2]>,
}

/// What a Sobol estimate found, for every output and input.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimates {
    /// The settings used.
    pub settings: Sobol,
    /// Number of inputs `k`.
    pub inputs: usize,
    /// Number of outputs `m`.
    pub outputs: usize,
    /// Evaluations made: `N (k + 2)`.
    pub evaluations: usize,
    /// Per output: the mean of its `2N` values in `A` and `B`.
    pub mean: Vec<f64>,
    /// Per output: the variance (divisor `2N`) of those values.
    pub variance: Vec<f64>,
    /// Output-major: the indices of input `i` for output `o` are at `o * k + i`.
    pub indices: Vec<Index>,
}

impl Estimates {
    /// The indices of input `input` for output `output`, if both exist.
    pub fn index(&self, output: usize, input: usize) -> Option<&Index> {
        if input >= self.inputs {
            return None;
        }
        self.indices.get(output * self.inputs + input)
    }
}

/// The number of evaluations of a Sobol estimate with `samples` base samples and `inputs`
/// inputs: `samples (inputs + 2)`.
pub fn evaluations(samples: usize, inputs: usize) -> Result<usize, SobolError> {
    inputs
        .checked_add(2)
        .and_then(|per_row| per_row.checked_mul(samples))
        .ok_or(SobolError::TooManyRuns { samples, inputs })
}

/// Whether `resamples` bootstrap resamples give intervals worth the name (or none at all).
pub fn resamples_allowed(resamples: usize) -> bool {
    resamples == 0 || (MIN_RESAMPLES..=MAX_RESAMPLES).contains(&resamples)
}

impl Sobol {
    /// Estimates the indices of `f`, calling `progress` once per finished row of the design
    /// (from any thread). The result does not depend on the callback or the number of threads.
    pub fn estimate<F: SobolModel>(
        &self,
        f: &F,
        progress: &(dyn Fn() + Sync),
    ) -> Result<Estimates, SobolError> {
        let (n, k, m) = (self.samples, f.inputs(), f.outputs());
        if n < MIN_SAMPLES {
            return Err(SobolError::TooFewSamples { samples: n });
        }
        if !resamples_allowed(self.resamples) {
            return Err(SobolError::Resamples {
                resamples: self.resamples,
            });
        }
        let evaluations = evaluations(n, k)?;
        let width = (k + 2).checked_mul(m).ok_or(SobolError::TooManyRuns {
            samples: n,
            inputs: k,
        })?;
        // Each row: [f(A_r); f(B_r); f(A_B^(0)_r); ...; f(A_B^(k-1)_r)], m outputs each.
        let rows: Vec<Result<Vec<f64>, SobolError>> = (0..n)
            .into_par_iter()
            .map_init(
                || (f.scratch(), vec![0.0; k], vec![0.0; k], vec![0.0; k]),
                |(scratch, a, b, x), r| {
                    let mut rng = Stream::for_run(self.seed ^ ROW_SALT, r as u64);
                    f.draw(scratch, &mut rng, a);
                    f.draw(scratch, &mut rng, b);
                    let mut row = vec![0.0; width];
                    let (fa, rest) = row.split_at_mut(m);
                    let (fb, fab) = rest.split_at_mut(m);
                    eval_checked(f, scratch, a, fa, r)?;
                    eval_checked(f, scratch, b, fb, r)?;
                    x.copy_from_slice(a);
                    for (i, out) in fab.chunks_exact_mut(m.max(1)).enumerate().take(k) {
                        x[i] = b[i];
                        eval_checked(f, scratch, x, out, r)?;
                        x[i] = a[i];
                    }
                    progress();
                    Ok(row)
                },
            )
            .collect();
        // The first failing row in row order, whatever the threads did first.
        let rows = rows.into_iter().collect::<Result<Vec<_>, _>>()?;
        let all: Vec<usize> = (0..n).collect();
        let point = compute(&rows, &all, k, m);
        let boot: Vec<Computed> = (0..self.resamples)
            .into_par_iter()
            .map_init(
                || vec![0; n],
                |pick, b| {
                    let mut rng = Stream::for_run(self.seed ^ BOOT_SALT, b as u64);
                    for p in pick.iter_mut() {
                        // floor(u n) < n since u < 1; min guards the last ulp all the same.
                        *p = ((rng.next_f64() * n as f64) as usize).min(n - 1);
                    }
                    compute(&rows, pick, k, m)
                },
            )
            .collect();
        let interval = |values: &mut Vec<f64>| -> Option<[f64; 2]> {
            if values.is_empty() {
                return None;
            }
            values.sort_by(f64::total_cmp);
            let tail = (1.0 - LEVEL) / 2.0;
            Some([quantile(values, tail), quantile(values, 1.0 - tail)])
        };
        let mut indices = Vec::with_capacity(k * m);
        let mut column = Vec::with_capacity(self.resamples);
        for o in 0..m {
            for i in 0..k {
                let at = o * k + i;
                column.clear();
                column.extend(boot.iter().map(|c| c.s[at]));
                let s_ci = interval(&mut column);
                column.clear();
                column.extend(boot.iter().map(|c| c.st[at]));
                let st_ci = interval(&mut column);
                indices.push(Index {
                    s: point.s[at],
                    st: point.st[at],
                    s_ci,
                    st_ci,
                });
            }
        }
        Ok(Estimates {
            settings: *self,
            inputs: k,
            outputs: m,
            evaluations,
            mean: point.mean,
            variance: point.variance,
            indices,
        })
    }
}

/// One evaluation, with its outputs checked.
fn eval_checked<F: SobolModel>(
    f: &F,
    scratch: &mut F::Scratch,
    x: &[f64],
    out: &mut [f64],
    row: usize,
) -> Result<(), SobolError> {
    f.eval(scratch, x, out).map_err(|e| e.at_row(row))?;
    if let Some(o) = out.iter().position(|y| !y.is_finite()) {
        return Err(SobolError::NotFinite {
            row,
            output: f.output_name(o),
        });
    }
    Ok(())
}

/// Means, variances and indices (output-major, `o * k + i`) of the rows `pick`.
struct Computed {
    mean: Vec<f64>,
    variance: Vec<f64>,
    s: Vec<f64>,
    st: Vec<f64>,
}

/// Step 3 of the algorithm over the rows `pick` (repeats allowed), summing in `pick` order.
fn compute(rows: &[Vec<f64>], pick: &[usize], k: usize, m: usize) -> Computed {
    let n = pick.len() as f64;
    let mut mean = vec![0.0; m];
    for &r in pick {
        let row = &rows[r];
        for o in 0..m {
            mean[o] += row[o] + row[m + o];
        }
    }
    for c in &mut mean {
        *c /= 2.0 * n;
    }
    let mut variance = vec![0.0; m];
    // Sums over rows, input-major here for contiguous access: i * m + o.
    let mut s_sum = vec![0.0; k * m];
    let mut st_sum = vec![0.0; k * m];
    for &r in pick {
        let row = &rows[r];
        let (fa, rest) = row.split_at(m);
        let (fb, fab) = rest.split_at(m);
        for o in 0..m {
            variance[o] += (fa[o] - mean[o]).powi(2) + (fb[o] - mean[o]).powi(2);
        }
        for (i, fi) in fab.chunks_exact(m.max(1)).enumerate().take(k) {
            for o in 0..m {
                let d = fi[o] - fa[o];
                s_sum[i * m + o] += (fb[o] - mean[o]) * d;
                st_sum[i * m + o] += d * d;
            }
        }
    }
    for v in &mut variance {
        *v /= 2.0 * n;
    }
    let mut s = vec![0.0; k * m];
    let mut st = vec![0.0; k * m];
    for o in 0..m {
        let v = variance[o];
        if v.sqrt() <= 1e-9 * mean[o].abs().max(1.0) {
            continue;
        }
        for i in 0..k {
            s[o * k + i] = s_sum[i * m + o] / n / v;
            st[o * k + i] = st_sum[i * m + o] / (2.0 * n) / v;
        }
    }
    Computed {
        mean,
        variance,
        s,
        st,
    }
}

/// Quantile `p` of sorted, non-empty `v` by linear interpolation (Hyndman & Fan type 7).
fn quantile(v: &[f64], p: f64) -> f64 {
    let h = (v.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(v.len() - 1);
    v[lo] + (h - lo as f64) * (v[hi] - v[lo])
}

/// A scenario's forecasts as a function of its uncertain inputs: one output per model and issue
/// (model-major), on the issue's own scale.
struct Forecasts<'a> {
    base: Inputs,
    sampler: Sampler,
    models: &'a [Box<dyn Model>],
    model_ids: Vec<String>,
    issue_ids: Vec<String>,
}

impl SobolModel for Forecasts<'_> {
    type Scratch = Inputs;

    fn inputs(&self) -> usize {
        self.sampler.len()
    }

    fn outputs(&self) -> usize {
        self.models.len() * self.issue_ids.len()
    }

    fn scratch(&self) -> Inputs {
        self.base.clone()
    }

    fn draw(&self, scratch: &mut Inputs, rng: &mut Stream, values: &mut [f64]) {
        self.sampler.draw_recorded(scratch, rng, values);
    }

    fn eval(&self, inputs: &mut Inputs, x: &[f64], out: &mut [f64]) -> Result<(), SobolError> {
        for (k, &v) in x.iter().enumerate() {
            self.sampler.set(inputs, k, v);
        }
        let m = self.issue_ids.len();
        for (slot, model) in out.chunks_mut(m.max(1)).zip(self.models) {
            let o = model
                .run(inputs)
                .map_err(|source| SobolError::Model { row: 0, source })?;
            if o.forecasts.len() != slot.len() {
                return Err(SobolError::Outputs {
                    row: 0,
                    expected: slot.len(),
                    got: o.forecasts.len(),
                });
            }
            for (j, (y, f)) in slot.iter_mut().zip(&o.forecasts).enumerate() {
                *y = inputs.scale(j).from_internal(f.value);
            }
        }
        Ok(())
    }

    fn output_name(&self, o: usize) -> String {
        let m = self.issue_ids.len().max(1);
        match (self.model_ids.get(o / m), self.issue_ids.get(o % m)) {
            (Some(model), Some(issue)) => format!("{model}'s forecast of {issue}"),
            _ => format!("output {o}"),
        }
    }
}

/// Sobol indices of every uncertain input of a scenario for every model's forecast of every
/// issue.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioSobol {
    /// The uncertain inputs, as what-if paths, in the order of [`Sampler::labels`].
    pub inputs: Vec<String>,
    /// `(model id, issue id)` of each output, model-major.
    pub forecasts: Vec<(String, String)>,
    /// The estimates, output `o` being `forecasts[o]`.
    pub estimates: Estimates,
}

impl ScenarioSobol {
    /// The indices of input `label` for `model`'s forecast of `issue`.
    pub fn index(&self, model: &str, issue: &str, label: &str) -> Option<&Index> {
        let o = self
            .forecasts
            .iter()
            .position(|(a, b)| a == model && b == issue)?;
        let i = self.inputs.iter().position(|l| l == label)?;
        self.estimates.index(o, i)
    }
}

/// Sobol indices of `models` on `s`, calling `progress` once per row of the design (of
/// [`Sobol::samples`]); bit-identical on any number of threads.
pub fn measure(
    s: &Scenario,
    models: &[Box<dyn Model>],
    settings: &Sobol,
    progress: &(dyn Fn() + Sync),
) -> Result<ScenarioSobol, SobolError> {
    let f = Forecasts {
        base: Inputs::from_scenario(s)?,
        sampler: Sampler::new(s),
        models,
        model_ids: models.iter().map(|m| m.info().id.to_owned()).collect(),
        issue_ids: s.issues.iter().map(|i| i.id.clone()).collect(),
    };
    let estimates = settings.estimate(&f, progress)?;
    let forecasts = f
        .model_ids
        .iter()
        .flat_map(|m| f.issue_ids.iter().map(move |i| (m.clone(), i.clone())))
        .collect();
    Ok(ScenarioSobol {
        inputs: f.sampler.labels().to_vec(),
        forecasts,
        estimates,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::f64::consts::PI;

    /// Independent uniform inputs on `ranges`, through a plain function with one output.
    struct Uniform<G: Fn(&[f64]) -> f64 + Sync> {
        ranges: Vec<(f64, f64)>,
        g: G,
    }

    impl<G: Fn(&[f64]) -> f64 + Sync> SobolModel for Uniform<G> {
        type Scratch = ();
        fn inputs(&self) -> usize {
            self.ranges.len()
        }
        fn outputs(&self) -> usize {
            1
        }
        fn scratch(&self) {}
        fn draw(&self, _: &mut (), rng: &mut Stream, values: &mut [f64]) {
            for (v, (lo, hi)) in values.iter_mut().zip(&self.ranges) {
                *v = lo + rng.next_f64() * (hi - lo);
            }
        }
        fn eval(&self, _: &mut (), x: &[f64], out: &mut [f64]) -> Result<(), SobolError> {
            out[0] = (self.g)(x);
            Ok(())
        }
    }

    /// The Ishigami function, a = 7, b = 0.1, inputs uniform on [-pi, pi] (Ishigami & Homma
    /// 1990; Saltelli et al. 2008, The Primer, section 4.7).
    fn ishigami() -> Uniform<impl Fn(&[f64]) -> f64 + Sync> {
        Uniform {
            ranges: vec![(-PI, PI); 3],
            g: |x: &[f64]| x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin(),
        }
    }

    fn run<F: SobolModel>(f: &F, samples: usize, resamples: usize, seed: u64) -> Estimates {
        Sobol {
            samples,
            resamples,
            seed,
        }
        .estimate(f, &|| {})
        .unwrap()
    }

    #[test]
    fn ishigami_analytic_values_match_the_published_ones() {
        // V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2; V1 = b pi^4/5 + b^2 pi^8/50 + 1/2;
        // V2 = a^2/8; V3 = 0; V13 = 8 b^2 pi^8/225 (Primer, section 4.7). Published to 4
        // places: S1 0.3139, S2 0.4424, S3 0, ST1 0.5576, ST2 0.4424, ST3 0.2437.
        let (a, b, p4) = (7.0f64, 0.1f64, PI.powi(4));
        let v = a * a / 8.0 + b * p4 / 5.0 + b * b * p4 * p4 / 18.0 + 0.5;
        let v1 = b * p4 / 5.0 + b * b * p4 * p4 / 50.0 + 0.5;
        let v13 = 8.0 * b * b * p4 * p4 / 225.0;
        let analytic = [v1 / v, a * a / 8.0 / v, 0.0];
        let total = [(v1 + v13) / v, a * a / 8.0 / v, v13 / v];
        let published = [(0.3139, 0.5576), (0.4424, 0.4424), (0.0, 0.2437)];
        for i in 0..3 {
            assert!((analytic[i] - published[i].0).abs() < 5e-5, "S{}", i + 1);
            assert!((total[i] - published[i].1).abs() < 5e-5, "ST{}", i + 1);
        }
    }

    /// Half the width of a 95% interval over 1.96: the estimate's standard error.
    fn se(ci: Option<[f64; 2]>) -> f64 {
        let [lo, hi] = ci.unwrap();
        (hi - lo) / 2.0 / 1.96
    }

    #[test]
    fn ishigami_indices_within_their_sampling_error() {
        // Each estimate is a mean over N independent rows, so its error is of order sd/sqrt(N).
        // At N = 2^14 the bootstrap puts the standard error near 0.009 for S_i and 0.005 for
        // S_Ti (each checked below to be under 0.0125), so 4 standard errors (at most 0.05,
        // at N = 2^14 about 0.035 and 0.02) tell a right estimator from one off by a term,
        // and chance alone fails one of the six checks with probability below 1e-3.
        let published = [(0.3139, 0.5576), (0.4424, 0.4424), (0.0, 0.2437)];
        let e = run(&ishigami(), 1 << 14, 200, 2026);
        assert_eq!(e.evaluations, (1 << 14) * 5);
        for (i, (s, st)) in published.into_iter().enumerate() {
            let x = e.index(0, i).unwrap();
            let (se_s, se_st) = (se(x.s_ci), se(x.st_ci));
            assert!(se_s < 0.0125 && se_st < 0.0125, "{i}: {x:?}");
            assert!((x.s - s).abs() < 4.0 * se_s, "S{}: {x:?}", i + 1);
            assert!((x.st - st).abs() < 4.0 * se_st, "ST{}: {x:?}", i + 1);
        }
        // The variance (divisor 2N) against the analytic 13.8446.
        assert!((e.variance[0] - 13.8446).abs() < 0.3, "{:?}", e.variance);
    }

    #[test]
    fn sampling_error_falls_as_one_over_root_n() {
        // Four times the rows: intervals about half as wide (ratio 2, allowed 1.6 to 2.5).
        let small = run(&ishigami(), 1 << 11, 200, 5);
        let large = run(&ishigami(), 1 << 13, 200, 5);
        for i in 0..3 {
            let (a, b) = (small.index(0, i).unwrap(), large.index(0, i).unwrap());
            for (x, y) in [(a.s_ci, b.s_ci), (a.st_ci, b.st_ci)] {
                let ratio = se(x) / se(y);
                assert!((1.6..2.5).contains(&ratio), "input {i}: {ratio}");
            }
        }
    }

    #[test]
    fn additive_linear_function_by_hand() {
        // Y = 1 X1 + 2 X2 + 3 X3, X1 ~ U[0, 2] (variance 4/12), X2, X3 ~ U[0, 1] (1/12 each).
        // a_i^2 var_i = 4/12, 4/12, 9/12, summing to 17/12 = Var(Y); additive, so
        // S_i = ST_i = 4/17, 4/17, 9/17.
        let f = Uniform {
            ranges: vec![(0.0, 2.0), (0.0, 1.0), (0.0, 1.0)],
            g: |x: &[f64]| x[0] + 2.0 * x[1] + 3.0 * x[2],
        };
        let e = run(&f, 1 << 13, 200, 11);
        assert!(
            (e.variance[0] - 17.0 / 12.0).abs() < 0.05,
            "{:?}",
            e.variance
        );
        for (i, want) in [4.0 / 17.0, 4.0 / 17.0, 9.0 / 17.0].into_iter().enumerate() {
            let x = e.index(0, i).unwrap();
            assert!((x.s - want).abs() < 4.0 * se(x.s_ci), "S{}: {x:?}", i + 1);
            assert!(
                (x.st - want).abs() < 4.0 * se(x.st_ci),
                "ST{}: {x:?}",
                i + 1
            );
            assert!(se(x.s_ci) < 0.02 && se(x.st_ci) < 0.02, "{x:?}");
        }
        let sum: f64 = (0..3).map(|i| e.index(0, i).unwrap().s).sum();
        assert!((sum - 1.0).abs() < 0.05, "no interactions: {sum}");
    }

    #[test]
    fn indices_are_finite_and_total_at_least_first_order() {
        // Ishigami (strong interaction of X1 and X3) and a product (interaction only) at a
        // small N: every index finite, and S_Ti below S_i by no more than their sampling error.
        let product = Uniform {
            ranges: vec![(-1.0, 1.0); 2],
            g: |x: &[f64]| x[0] * x[1],
        };
        for seed in 0..8 {
            let e1 = run(&ishigami(), 256, 100, seed);
            let e2 = run(&product, 256, 100, seed);
            for (e, k) in [(&e1, 3), (&e2, 2)] {
                for i in 0..k {
                    let x = e.index(0, i).unwrap();
                    let [a, b] = x.s_ci.unwrap();
                    let [c, d] = x.st_ci.unwrap();
                    assert!(
                        [x.s, x.st, a, b, c, d].iter().all(|v| v.is_finite()),
                        "{x:?}"
                    );
                    assert!(a <= x.s && x.s <= b && c <= x.st && x.st <= d, "{x:?}");
                    let margin = 2.0 * (se(x.s_ci) + se(x.st_ci));
                    assert!(x.st >= x.s - margin, "seed {seed}, input {i}: {x:?}");
                }
            }
            // X1 X2 on symmetric ranges: no first-order effect, all interaction (S = 0,
            // ST = 1), within 4 standard errors; the hardest case for the S estimator.
            for i in 0..2 {
                let x = e2.index(0, i).unwrap();
                assert!(x.s.abs() < 4.0 * se(x.s_ci), "{x:?}");
                assert!((x.st - 1.0).abs() < 4.0 * se(x.st_ci), "{x:?}");
            }
        }
    }

    #[test]
    fn constant_output_has_zero_indices() {
        let f = Uniform {
            ranges: vec![(0.0, 1.0); 2],
            g: |_: &[f64]| 42.0,
        };
        let e = run(&f, 16, MIN_RESAMPLES, 1);
        assert_eq!(e.variance, vec![0.0]);
        for x in &e.indices {
            assert_eq!(
                (x.s, x.st, x.s_ci, x.st_ci),
                (0.0, 0.0, Some([0.0; 2]), Some([0.0; 2]))
            );
        }
        assert_eq!(e.index(0, 2), None);
        assert_eq!(e.index(1, 0), None);
    }

    #[test]
    fn bad_settings_and_outputs_are_errors() {
        let settings = |samples| Sobol {
            samples,
            resamples: 0,
            seed: 0,
        };
        for n in [0, 1] {
            assert!(matches!(
                settings(n).estimate(&ishigami(), &|| {}),
                Err(SobolError::TooFewSamples { samples }) if samples == n
            ));
        }
        assert!(matches!(
            evaluations(usize::MAX / 2, 3),
            Err(SobolError::TooManyRuns { .. })
        ));
        // NaN where X1 > 3: the first such row in row order is named, on any thread count.
        let f = Uniform {
            ranges: vec![(-PI, PI); 3],
            g: |x: &[f64]| if x[0] > 3.0 { f64::NAN } else { x[1] },
        };
        let first = |threads| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            match pool.install(|| settings(500).estimate(&f, &|| {})) {
                Err(SobolError::NotFinite { row, output }) => {
                    assert_eq!(output, "output 0");
                    row
                }
                other => panic!("{other:?}"),
            }
        };
        let row = first(1);
        assert_eq!(first(2), row);
        // The row is the first whose A, B or A_B^(i) has X1 > 3.
        let mut expected = None;
        for r in 0..500u64 {
            let mut rng = Stream::for_run(ROW_SALT, r);
            let xs: Vec<f64> = (0..6).map(|_| -PI + rng.next_f64() * 2.0 * PI).collect();
            if xs[0] > 3.0 || xs[3] > 3.0 {
                expected = Some(r as usize);
                break;
            }
        }
        assert_eq!(Some(row), expected);
    }

    #[test]
    fn resamples_too_few_for_an_interval_are_refused() {
        for resamples in [1, 2, MIN_RESAMPLES - 1, MAX_RESAMPLES + 1] {
            let settings = Sobol {
                samples: 32,
                resamples,
                seed: 3,
            };
            let got = settings.estimate(&ishigami(), &|| {});
            assert!(
                matches!(got, Err(SobolError::Resamples { resamples: r }) if r == resamples),
                "{resamples}: {got:?}"
            );
        }
        // The floor itself gives intervals, each holding a resample in each tail.
        let e = run(&ishigami(), 32, MIN_RESAMPLES, 3);
        assert!(
            e.indices
                .iter()
                .all(|x| x.s_ci.is_some() && x.st_ci.is_some())
        );
    }

    #[test]
    fn no_resamples_no_intervals() {
        let e = run(&ishigami(), 32, 0, 3);
        assert!(
            e.indices
                .iter()
                .all(|x| x.s_ci.is_none() && x.st_ci.is_none())
        );
    }

    fn bits(e: &Estimates) -> Vec<u64> {
        let mut out: Vec<u64> = e
            .mean
            .iter()
            .chain(&e.variance)
            .map(|v| v.to_bits())
            .collect();
        for x in &e.indices {
            out.extend([x.s, x.st].map(f64::to_bits));
            for ci in [x.s_ci, x.st_ci].into_iter().flatten() {
                out.extend(ci.map(f64::to_bits));
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn same_seed_is_bit_identical_on_1_and_2_threads(
            seed in proptest::prelude::any::<u64>(),
            samples in 2usize..300,
            resamples in proptest::prop_oneof![proptest::strategy::Just(0usize), 40usize..60],
        ) {
            let on = |threads| {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                pool.install(|| run(&ishigami(), samples, resamples, seed))
            };
            let (one, two) = (on(1), on(2));
            proptest::prop_assert_eq!(bits(&one), bits(&two));
            proptest::prop_assert_eq!(bits(&one), bits(&run(&ishigami(), samples, resamples, seed)));
            // A different seed gives a different design.
            let other = run(&ishigami(), samples, resamples, seed ^ 1);
            proptest::prop_assert_ne!(bits(&one), bits(&other));
        }
    }
}
