//! Model error learned from real outcomes: a predictive distribution around each model's point
//! forecast, with intervals whose coverage is checked on held-out cases.
//!
//! The method is split conformal prediction (Vovk, Gammerman & Shafer 2005; Lei et al. 2018)
//! with a normalised (adaptive) score, in its predictive-distribution form (Vovk et al. 2017,
//! "conformal predictive systems"), with the cluster as the exchangeable unit:
//!
//! 1. On the issue's scale normalised to 0-100, a case's residual is `r = outcome - forecast`
//!    and its score `z = r / s(x)`, for a [`ScaleRule`] `s` of the case's [`Features`].
//! 2. Issues of one negotiation (a legislative proposal) are not independent: each weighs
//!    `1 / (scored issues of its negotiation)`, so every negotiation weighs the same (pooling
//!    the clusters' empirical distributions, Dunn, Wasserman & Ramdas 2023).
//! 3. The predictive distribution of a new forecast `f` is `clamp(f + s z, 0, 100)` with `z`
//!    drawn from the weighted scores; mass beyond an end of the scale sits at that end.
//! 4. The central interval at level `1 - a` takes the weighted score quantiles at
//!    `p_hi = min(1, (1 - a/2)(1 + 1/K))` and `p_lo = 1 - p_hi`, `K` the number of
//!    negotiations calibrated on (the finite-sample correction of split conformal prediction,
//!    on both tails); a level outside (0, 1) reaches the end of the scale.
//!
//! The design, the candidates for `s` and the rule that chooses among them on half A of the
//! backtest were pre-registered in `docs/backtest.md`. Fitting and assessment live in [`fit`];
//! proper scores (CRPS, interval score, PIT) in [`score`].

pub mod fit;
pub mod point;
pub mod score;

use indexmap::IndexMap;
use serde::Serialize;

use crate::inputs::Inputs;

/// The interval levels every report gives: 50%, 80% and 90%.
pub const LEVELS: [f64; 3] = [0.5, 0.8, 0.9];

/// The level shown beside point forecasts in tables.
pub const DEFAULT_LEVEL: f64 = 0.8;

/// How a case's residual is scaled before it joins the calibration set; the interval of a new
/// forecast is scaled back by the same rule, so it widens where the rule says the model is less
/// sure. Scales are in points of the 0-100 normalised scale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScaleRule {
    /// `s = 1`: plain split conformal, the same width everywhere.
    Constant,
    /// `s = c + w`, `w` the capability x salience weighted standard deviation of the involved
    /// actors' positions.
    Spread {
        /// The floor, in points.
        c: f64,
    },
    /// `s = c + |f - status quo|` where a status quo is known; `c + w` (as [`ScaleRule::Spread`])
    /// where none is.
    Distance {
        /// The floor, in points.
        c: f64,
    },
}

impl ScaleRule {
    /// The scale of a forecast `f` (0-100) with features `x`; always positive for a valid rule.
    pub fn scale(&self, f: f64, x: &Features) -> f64 {
        match *self {
            ScaleRule::Constant => 1.0,
            ScaleRule::Spread { c } => c + x.spread,
            ScaleRule::Distance { c } => match x.status_quo {
                Some(q) => c + (f - q).abs(),
                None => c + x.spread,
            },
        }
    }

    /// Whether the rule can be used: a floor that is finite and positive.
    pub fn is_valid(&self) -> bool {
        match *self {
            ScaleRule::Constant => true,
            ScaleRule::Spread { c } | ScaleRule::Distance { c } => c.is_finite() && c > 0.0,
        }
    }

    /// The candidates pre-registered in `docs/backtest.md`, simplest first (ties go to the
    /// earlier one).
    pub fn candidates() -> Vec<ScaleRule> {
        let floors = [2.5, 5.0, 10.0, 20.0];
        std::iter::once(ScaleRule::Constant)
            .chain(floors.iter().map(|&c| ScaleRule::Spread { c }))
            .chain(floors.iter().map(|&c| ScaleRule::Distance { c }))
            .collect()
    }

    /// A short label, e.g. `spread + 5`.
    pub fn label(&self) -> String {
        match self {
            ScaleRule::Constant => "constant".into(),
            ScaleRule::Spread { c } => format!("spread + {c}"),
            ScaleRule::Distance { c } => format!("distance from status quo + {c}"),
        }
    }
}

/// What a scale rule may look at, on the 0-100 normalised scale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Features {
    /// Capability x salience weighted standard deviation of the involved actors' positions
    /// (0 where the weights sum to 0).
    pub spread: f64,
    /// The status quo, where one is known.
    pub status_quo: Option<f64>,
}

impl Features {
    /// The features of issue `j` of `inputs` (internal 0-100 scale).
    pub fn of(inputs: &Inputs, j: usize) -> Features {
        let (pos, sal, inv) = (inputs.positions(j), inputs.saliences(j), inputs.involved(j));
        let cap = inputs.capabilities();
        let (mut w_sum, mut mean) = (0.0, 0.0);
        for i in 0..pos.len() {
            if inv[i] {
                let w = cap[i] * sal[i];
                w_sum += w;
                mean += w * pos[i];
            }
        }
        let spread = if w_sum > 0.0 && w_sum.is_finite() {
            mean /= w_sum;
            let var = (0..pos.len())
                .filter(|&i| inv[i])
                .map(|i| cap[i] * sal[i] * (pos[i] - mean).powi(2))
                .sum::<f64>()
                / w_sum;
            if var.is_finite() { var.sqrt() } else { 0.0 }
        } else {
            0.0
        };
        Features {
            spread,
            status_quo: inputs.status_quo(j),
        }
    }
}

/// One model's error distribution: sorted scores with cumulative weights.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorModel {
    /// How residuals are scaled.
    pub rule: ScaleRule,
    /// Scores `z`, ascending.
    scores: Vec<f64>,
    /// Cumulative weight up to and including each score; the last is 1.
    #[serde(skip)]
    cumulative: Vec<f64>,
    /// Each score's weight (they sum to 1).
    weights: Vec<f64>,
    /// Sums of `w`, `w z` and `w z^2` over the scores before each index (`len + 1` entries):
    /// the moments of a clamped predictive distribution in two binary searches.
    #[serde(skip)]
    prefix: Vec<[f64; 3]>,
    /// Negotiations (clusters) calibrated on: `K` of the finite-sample correction.
    pub negotiations: usize,
}

/// Why an error model cannot be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ErrorModelError {
    /// No scores.
    #[error("no calibration cases")]
    Empty,
    /// Scores and weights differ in number.
    #[error("{scores} scores but {weights} weights")]
    Length {
        /// Number of scores.
        scores: usize,
        /// Number of weights.
        weights: usize,
    },
    /// A score or weight is not a finite number, or a weight is not positive.
    #[error(
        "entry {index}: score {score} with weight {weight} (scores must be finite, weights finite and positive)"
    )]
    BadEntry {
        /// 0-based index.
        index: usize,
        /// The score.
        score: f64,
        /// The weight.
        weight: f64,
    },
    /// The scale rule's floor is not a positive number.
    #[error("the scale rule's floor must be a positive number")]
    BadRule,
    /// No negotiation.
    #[error("the number of negotiations must be at least 1")]
    NoNegotiations,
}

impl ErrorModel {
    /// Builds an error model from scores and their (unnormalised, positive) weights.
    pub fn new(
        rule: ScaleRule,
        scores: &[f64],
        weights: &[f64],
        negotiations: usize,
    ) -> Result<ErrorModel, ErrorModelError> {
        if scores.is_empty() {
            return Err(ErrorModelError::Empty);
        }
        if scores.len() != weights.len() {
            return Err(ErrorModelError::Length {
                scores: scores.len(),
                weights: weights.len(),
            });
        }
        if !rule.is_valid() {
            return Err(ErrorModelError::BadRule);
        }
        if negotiations == 0 {
            return Err(ErrorModelError::NoNegotiations);
        }
        for (index, (&score, &weight)) in scores.iter().zip(weights).enumerate() {
            if !score.is_finite() || !weight.is_finite() || weight <= 0.0 {
                return Err(ErrorModelError::BadEntry {
                    index,
                    score,
                    weight,
                });
            }
        }
        let mut pairs: Vec<(f64, f64)> = scores
            .iter()
            .copied()
            .zip(weights.iter().copied())
            .collect();
        // Ties broken by weight so the stored order (and the file written from it) is unique.
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let total: f64 = pairs.iter().map(|p| p.1).sum();
        let weights: Vec<f64> = pairs.iter().map(|p| p.1 / total).collect();
        let mut cumulative = Vec::with_capacity(weights.len());
        let mut acc = 0.0;
        for w in &weights {
            acc += w;
            cumulative.push(acc);
        }
        // Rounding must not leave the top just below 1 (a quantile at p = 1 must exist).
        if let Some(last) = cumulative.last_mut() {
            *last = 1.0;
        }
        let mut prefix = Vec::with_capacity(pairs.len() + 1);
        let mut sums = [0.0; 3];
        prefix.push(sums);
        for ((z, _), w) in pairs.iter().zip(&weights) {
            sums = [sums[0] + w, sums[1] + w * z, sums[2] + w * z * z];
            prefix.push(sums);
        }
        Ok(ErrorModel {
            rule,
            scores: pairs.iter().map(|p| p.0).collect(),
            cumulative,
            weights,
            prefix,
            negotiations,
        })
    }

    /// The scores, ascending.
    pub fn scores(&self) -> &[f64] {
        &self.scores
    }

    /// The scores' weights, summing to 1, in score order.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The weighted quantile of the scores at `p`: the smallest score whose cumulative weight
    /// is at least `p` (`p` is clamped to `[0, 1]`; at 0 the smallest score).
    pub fn score_quantile(&self, p: f64) -> f64 {
        let k = self.cumulative.partition_point(|&c| c < p);
        self.scores[k.min(self.scores.len() - 1)]
    }

    /// The outcome (0-100) at quantile `u` in `[0, 1)` of the predictive distribution of
    /// forecast `f`: what a Monte Carlo run draws.
    pub fn draw(&self, f: f64, x: &Features, u: f64) -> f64 {
        let s = self.rule.scale(f, x);
        (f + s * self.score_quantile(u)).clamp(0.0, 100.0)
    }

    /// The central interval at `level` (e.g. 0.8) around forecast `f`, with the finite-sample
    /// correction, on 0-100.
    pub fn interval(&self, f: f64, x: &Features, level: f64) -> [f64; 2] {
        let a = 1.0 - level;
        let k = self.negotiations as f64;
        let p_hi = (1.0 - a / 2.0) * (1.0 + 1.0 / k);
        let p_lo = 1.0 - p_hi;
        let s = self.rule.scale(f, x);
        let lo = if p_lo <= 0.0 {
            0.0
        } else {
            f + s * self.score_quantile(p_lo)
        };
        let hi = if p_hi >= 1.0 {
            100.0
        } else {
            f + s * self.score_quantile(p_hi)
        };
        [lo.clamp(0.0, 100.0), hi.clamp(0.0, 100.0)]
    }

    /// Mean and variance (0-100 scale) of the predictive distribution of `f`, the distribution
    /// [`ErrorModel::atoms`] lists: outcomes below 0 or above 100 count at the end they pass,
    /// as in a draw. Exact, from prefix sums, without visiting every atom.
    pub fn moments(&self, f: f64, x: &Features) -> (f64, f64) {
        let s = self.rule.scale(f, x);
        if s.is_nan() || s <= 0.0 {
            return (f.clamp(0.0, 100.0), 0.0);
        }
        // Scores up to `lo` reach 0 or below; scores from `hi` reach 100 or above.
        let lo = self.scores.partition_point(|&z| f + s * z <= 0.0);
        let hi = self.scores.partition_point(|&z| f + s * z < 100.0).max(lo);
        // Outcomes at 0 add nothing to either sum; those at 100 add their weight times 100.
        let w_top = self.prefix[self.scores.len()][0] - self.prefix[hi][0];
        let mid = |k: usize| self.prefix[hi][k] - self.prefix[lo][k];
        let (w_mid, wz, wz2) = (mid(0), mid(1), mid(2));
        let mean = 100.0 * w_top + f * w_mid + s * wz;
        let square = 10_000.0 * w_top + f * f * w_mid + 2.0 * f * s * wz + s * s * wz2;
        (mean, (square - mean * mean).max(0.0))
    }

    /// The predictive distribution of `f` as sorted outcomes (0-100) with weights: the atoms
    /// the proper scores are computed on.
    pub fn atoms(&self, f: f64, x: &Features) -> impl Iterator<Item = (f64, f64)> + '_ {
        let s = self.rule.scale(f, x);
        self.scores
            .iter()
            .zip(&self.weights)
            .map(move |(z, w)| ((f + s * z).clamp(0.0, 100.0), *w))
    }
}

/// Where a set of error models comes from, for every text that quotes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    /// What the cases were, e.g. "DEU III: EU legislation 1996-2016 ...".
    pub source: String,
    /// Where the file was read from: `built-in`, or a path.
    pub origin: String,
}

/// The error models of several forecasting models, by model id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    /// Where they come from.
    pub provenance: Provenance,
    /// Model id -> its error model.
    pub models: IndexMap<String, ErrorModel>,
}

impl Calibration {
    /// The error model of `model`, if the calibration has one.
    pub fn get(&self, model: &str) -> Option<&ErrorModel> {
        self.models.get(model)
    }

    /// The sentence every output gives with odds or intervals that include model error.
    pub fn caveat(&self) -> String {
        format!(
            "Model error: {} ({}). Carrying it to a negotiation of another kind is an assumption.",
            self.provenance.source, self.provenance.origin
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat() -> Features {
        Features {
            spread: 10.0,
            status_quo: Some(40.0),
        }
    }

    #[test]
    fn moments_equal_the_atoms_mean_and_variance() {
        // Scores -2, -1, 0, 1, 2 with weights 1, 1, 2, 1, 1; the spread rule with floor 10
        // and spread 0 scales by 10. At f = 50 nothing is clamped: outcomes 30, 40, 50, 60, 70 with weights
        // 1/6, 1/6, 2/6, 1/6, 1/6: mean 50, variance (400 + 100 + 0 + 100 + 400) / 6 = 1000/6.
        // At f = 5 the outcomes -15 and -5 clamp to 0: outcomes 0, 0, 5, 15, 25, mean
        // (0 + 0 + 10 + 15 + 25) / 6 = 50/6, and E[Y^2] = (0 + 0 + 50 + 225 + 625) / 6 = 150,
        // variance 150 - (50/6)^2.
        let m = ErrorModel::new(
            ScaleRule::Spread { c: 10.0 },
            &[-2.0, -1.0, 0.0, 1.0, 2.0],
            &[1.0, 1.0, 2.0, 1.0, 1.0],
            5,
        )
        .unwrap();
        let x = Features {
            spread: 0.0,
            status_quo: None,
        };
        let (mean, var) = m.moments(50.0, &x);
        assert!((mean - 50.0).abs() < 1e-12 && (var - 1000.0 / 6.0).abs() < 1e-9);
        let (mean, var) = m.moments(5.0, &x);
        let want = 50.0 / 6.0;
        assert!((mean - want).abs() < 1e-12);
        assert!((var - (150.0 - want * want)).abs() < 1e-9);
        // Against the atoms themselves, near both ends and inside.
        for f in [0.0, 3.0, 12.5, 50.0, 88.0, 99.0, 100.0] {
            let (mean, var) = m.moments(f, &x);
            let am: f64 = m.atoms(f, &x).map(|(y, w)| w * y).sum();
            let av: f64 = m.atoms(f, &x).map(|(y, w)| w * (y - am).powi(2)).sum();
            assert!((mean - am).abs() < 1e-9, "mean at {f}: {mean} vs {am}");
            assert!((var - av).abs() < 1e-7, "variance at {f}: {var} vs {av}");
        }
    }

    #[test]
    fn weighted_quantiles_by_hand() {
        // Scores -2, -1, 0, 1, 2 with weights 1, 1, 2, 1, 1 (total 6): cumulative 1/6, 2/6,
        // 4/6, 5/6, 1. Quantile at 0.5 -> first cumulative >= 0.5 is 4/6 -> score 0.
        let m = ErrorModel::new(
            ScaleRule::Constant,
            &[1.0, -2.0, 0.0, 2.0, -1.0],
            &[1.0, 1.0, 2.0, 1.0, 1.0],
            5,
        )
        .unwrap();
        assert_eq!(m.scores(), [-2.0, -1.0, 0.0, 1.0, 2.0]);
        assert_eq!(m.score_quantile(0.5), 0.0);
        assert_eq!(m.score_quantile(0.0), -2.0);
        assert_eq!(m.score_quantile(1.0 / 6.0), -2.0);
        assert_eq!(m.score_quantile(0.17), -1.0);
        assert_eq!(m.score_quantile(0.9), 2.0);
        assert_eq!(m.score_quantile(1.0), 2.0);
    }

    #[test]
    fn intervals_by_hand_with_the_finite_sample_correction() {
        // Ten equally weighted scores -5..=4 (K = 10). Level 0.5: p_hi = 0.75 * 1.1 = 0.825 ->
        // 9th score (cumulative 0.9) = 3; p_lo = 0.175 -> 2nd score (cumulative 0.2) = -4.
        // Spread rule c = 5 with spread 10: s = 15. f = 50 -> [50 - 60, 50 + 45] = [-10, 95]
        // -> clipped to [0, 95].
        let scores: Vec<f64> = (-5..5).map(f64::from).collect();
        let m = ErrorModel::new(ScaleRule::Spread { c: 5.0 }, &scores, &[1.0; 10], 10).unwrap();
        assert_eq!(m.interval(50.0, &flat(), 0.5), [0.0, 95.0]);
        // Scale rule constant: f = 50 -> [46, 53].
        let c = ErrorModel::new(ScaleRule::Constant, &scores, &[1.0; 10], 10).unwrap();
        assert_eq!(c.interval(50.0, &flat(), 0.5), [46.0, 53.0]);
        // Level 0.9: p_hi = 0.95 * 1.1 >= 1 -> the top of the scale; p_lo <= 0 -> the bottom.
        assert_eq!(c.interval(50.0, &flat(), 0.9), [0.0, 100.0]);
    }

    #[test]
    fn the_distance_rule_uses_the_status_quo_or_falls_back_to_the_spread() {
        let r = ScaleRule::Distance { c: 2.5 };
        assert_eq!(r.scale(70.0, &flat()), 32.5);
        let none = Features {
            spread: 10.0,
            status_quo: None,
        };
        assert_eq!(r.scale(70.0, &none), 12.5);
    }

    #[test]
    fn draws_are_clamped_to_the_scale() {
        let m = ErrorModel::new(ScaleRule::Constant, &[-80.0, 80.0], &[1.0, 1.0], 2).unwrap();
        assert_eq!(m.draw(50.0, &flat(), 0.2), 0.0);
        assert_eq!(m.draw(50.0, &flat(), 0.7), 100.0);
    }

    #[test]
    fn bad_models_are_refused() {
        assert_eq!(
            ErrorModel::new(ScaleRule::Constant, &[], &[], 1),
            Err(ErrorModelError::Empty)
        );
        assert!(matches!(
            ErrorModel::new(ScaleRule::Constant, &[f64::NAN], &[1.0], 1),
            Err(ErrorModelError::BadEntry { index: 0, .. })
        ));
        assert!(matches!(
            ErrorModel::new(ScaleRule::Constant, &[1.0], &[0.0], 1),
            Err(ErrorModelError::BadEntry { .. })
        ));
        assert_eq!(
            ErrorModel::new(ScaleRule::Spread { c: -1.0 }, &[1.0], &[1.0], 1),
            Err(ErrorModelError::BadRule)
        );
    }

    #[test]
    fn features_by_hand() {
        // Two actors, capability 1 and 3, salience 1, at 0 and 100: weighted mean 75,
        // variance (1 * 75^2 + 3 * 25^2) / 4 = (5625 + 1875) / 4 = 1875; sd = 43.30...
        let mut s = crate::Scenario::named("t");
        s.issues.push(crate::Issue::new("x").with_status_quo(20.0));
        s.actors
            .push(crate::Actor::new("a", 1.0).with_stance("x", 0.0, 1.0));
        s.actors
            .push(crate::Actor::new("b", 3.0).with_stance("x", 100.0, 1.0));
        let inputs = Inputs::from_scenario(&s).unwrap();
        let x = Features::of(&inputs, 0);
        assert!((x.spread - 1875f64.sqrt()).abs() < 1e-12);
        assert_eq!(x.status_quo, Some(20.0));
    }
}
