//! Where a forecast's uncertainty comes from: its total variance split by the law of total
//! variance into the analyst's input ranges, the choice among Parley's models, and the models'
//! measured error.
//!
//! # Method
//!
//! The grid is balanced: every Monte Carlo input draw `k` (`K` of them) runs every model `m`
//! (`M` of them), and each model's forecast carries its calibrated error distribution
//! ([`crate::calibration::ErrorModel`]), whose mean `mu_km` and variance `v_km` are known exactly
//! (no error draws are needed). With the nesting *input ranges, then model choice, then model
//! error* (outermost first), the law of total variance (the conditional variance formula
//! applied twice; the same identity as a nested ANOVA's sums of squares) gives, per issue, on
//! the 0-100 scale:
//!
//! - `mu_k = (1/M) Σ_m mu_km`, `mu = (1/K) Σ_k mu_k`;
//! - input ranges: `V_in = (1/K) Σ_k (mu_k - mu)^2`;
//! - model choice: `V_mod = (1/(KM)) Σ_k Σ_m (mu_km - mu_k)^2`;
//! - model error: `V_err = (1/(KM)) Σ_k Σ_m v_km`;
//!
//! and `V_in + V_mod + V_err` is exactly the variance of the outcome when a draw of the inputs,
//! a model (each equally likely) and a draw of its error are taken together, so the three shares
//! sum to 1. `mu_km` is a *predictive* mean: model `m`'s forecast shifted by the mean of its
//! measured error and held to the scale, so "model choice" is the spread of the models'
//! bias-corrected forecasts, not of the bare ones (models whose bare forecasts agree differ
//! here when their measured biases differ; bare forecasts far apart count for less where wide
//! errors reach the scale's ends). The nesting decides where interactions go: how much the models disagree *depends*
//! on the inputs, and that part is counted as model choice; how wide a model's error is depends
//! on the forecast, and that is counted as model error. Models without an error model count
//! with `v_km = 0`, which the result lists. A fourth source, the disagreement of several coders
//! of one negotiation, needs an expert panel's merged scenario, which Parley does not have yet.
//!
//! The shares are computed from the Monte Carlo's own runs, summed in run order, so they cost
//! no extra model run and are bit-identical on any thread count.

use indexmap::IndexMap;
use serde::Serialize;

/// The order in which the sources nest, outermost first; it decides where interactions go.
pub const NESTING: [&str; 3] = ["input ranges", "model choice", "model error"];

/// Per issue, how its forecast's variance splits.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Decomposition {
    /// [`NESTING`], outermost first.
    pub nesting: Vec<String>,
    /// The models the choice is among (each equally weighted).
    pub models: Vec<String>,
    /// Models counted without error (no error model for them, or none at all).
    pub without_model_error: Vec<String>,
    /// Issue id -> its split.
    pub issues: IndexMap<String, VarianceSplit>,
}

/// One issue's split.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct VarianceSplit {
    /// Standard deviation of the outcome over all three sources, in the issue's own units.
    pub sd: f64,
    /// Shares of the variance (they sum to 1); `None` when the variance is 0 (every source
    /// agrees exactly), where shares mean nothing.
    pub shares: Option<Shares>,
}

/// Shares of a variance, summing to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Shares {
    /// The analyst's ranges on positions, saliences and capabilities.
    pub input_ranges: f64,
    /// The disagreement among the models' predictive means (each forecast with its model's
    /// measured bias, held to the scale), not among the bare forecasts.
    pub model_choice: f64,
    /// The models' measured error.
    pub model_error: f64,
}

/// Splits the variance of one issue. `cell(k, m)` is the mean and variance (0-100 scale) of
/// model `m`'s outcome at input draw `k`; `span` is the issue's `max - min`.
pub fn split(
    draws: usize,
    models: usize,
    span: f64,
    cell: impl Fn(usize, usize) -> (f64, f64),
) -> VarianceSplit {
    if draws == 0 || models == 0 {
        return VarianceSplit {
            sd: 0.0,
            shares: None,
        };
    }
    let (kf, mf) = (draws as f64, models as f64);
    let mut draw_means = Vec::with_capacity(draws);
    for k in 0..draws {
        draw_means.push((0..models).map(|m| cell(k, m).0).sum::<f64>() / mf);
    }
    let mean = draw_means.iter().sum::<f64>() / kf;
    let inputs = draw_means.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / kf;
    let (mut choice, mut error) = (0.0, 0.0);
    for (k, d) in draw_means.iter().enumerate() {
        for m in 0..models {
            let (mu, v) = cell(k, m);
            choice += (mu - d).powi(2);
            error += v;
        }
    }
    let (choice, error) = (choice / (kf * mf), error / (kf * mf));
    let total = inputs + choice + error;
    let sd = total.sqrt() * (span / 100.0).abs();
    let shares = (total > 0.0 && total.is_finite()).then(|| Shares {
        input_ranges: inputs / total,
        model_choice: choice / total,
        model_error: error / total,
    });
    VarianceSplit { sd, shares }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_hand_on_a_two_by_two_grid() {
        // Draw 0: model means 40 and 60, error variances 4 and 16; draw 1: 50 and 70, 4 and 16.
        // mu_0 = 50, mu_1 = 60, mu = 55. V_in = (25 + 25) / 2 = 25.
        // V_mod = (100 + 100 + 100 + 100) / 4 = 100. V_err = (4 + 16 + 4 + 16) / 4 = 10.
        // Total 135; on a 0-10 scale (span 10) the sd is sqrt(135) / 10.
        let cells = [[(40.0, 4.0), (60.0, 16.0)], [(50.0, 4.0), (70.0, 16.0)]];
        let s = split(2, 2, 10.0, |k, m| cells[k][m]);
        let sh = s.shares.unwrap();
        assert!((sh.input_ranges - 25.0 / 135.0).abs() < 1e-15);
        assert!((sh.model_choice - 100.0 / 135.0).abs() < 1e-15);
        assert!((sh.model_error - 10.0 / 135.0).abs() < 1e-15);
        assert!((s.sd - 135f64.sqrt() / 10.0).abs() < 1e-12);
    }

    #[test]
    fn total_is_the_variance_of_the_pooled_outcome() {
        // Each cell a two-point distribution mu +- sqrt(v) (equal weights): pooling every
        // atom of every cell with equal weight must give the same variance as the split.
        let cells: Vec<Vec<(f64, f64)>> = (0..7)
            .map(|k| {
                (0..3)
                    .map(|m| (10.0 + 7.0 * k as f64 + 13.0 * m as f64, (k * m) as f64))
                    .collect()
            })
            .collect();
        let s = split(7, 3, 100.0, |k, m| cells[k][m]);
        let atoms: Vec<f64> = cells
            .iter()
            .flatten()
            .flat_map(|&(mu, v)| [mu - v.sqrt(), mu + v.sqrt()])
            .collect();
        let n = atoms.len() as f64;
        let mean = atoms.iter().sum::<f64>() / n;
        let var = atoms.iter().map(|a| (a - mean).powi(2)).sum::<f64>() / n;
        assert!((s.sd * s.sd - var).abs() < 1e-9, "{} vs {var}", s.sd * s.sd);
        let sh = s.shares.unwrap();
        assert!((sh.input_ranges + sh.model_choice + sh.model_error - 1.0).abs() < 1e-12);
    }

    #[test]
    fn no_variance_has_no_shares() {
        let s = split(3, 2, 100.0, |_, _| (50.0, 0.0));
        assert_eq!(s.sd, 0.0);
        assert!(s.shares.is_none());
        assert!(split(0, 2, 100.0, |_, _| (50.0, 0.0)).shares.is_none());
    }
}
