//! Fitting error models on backtest cases, choosing the scale rule on half A, and assessing
//! the chosen rule on half B and by cross-validation over negotiations: the procedure
//! pre-registered in `docs/backtest.md` ("Pre-registered calibration design").

use serde::Serialize;

use super::score::{crps, interval_score, pit};
use super::{ErrorModel, ErrorModelError, Features, LEVELS, ScaleRule};
use crate::backtest::Half;
use crate::uncertainty::rng::Stream;

/// Folds of every cross-validation.
pub const FOLDS: usize = 10;

/// Bins of the PIT histogram.
pub const PIT_BINS: usize = 10;

/// Fewest negotiations in each half from which `parley calibrate` writes an error model. The
/// shipped model is fitted on both halves, and its 90% interval takes the score quantile at
/// `p_hi = 0.95 (1 + 1/K)`: below 1 (inside the scale) only from `K = 20` negotiations
/// (`0.95 x 20/19 = 1`), which ten per half give; and the rule is chosen by ten-fold
/// cross-validation over half A's negotiations, which leaves a fold empty below ten.
pub const MIN_NEGOTIATIONS_PER_HALF: usize = 10;

/// From this many negotiations per half, a calibration set is comfortable: the half-B
/// assessment (the coverage to quote) fits on half A alone, whose 90% interval reaches the
/// ends of the scale below 20 negotiations, so half B's 90% coverage would be 1 by
/// construction. Between the minimum and this, `parley calibrate` warns.
pub const COMFORTABLE_NEGOTIATIONS_PER_HALF: usize = 20;

/// How many negotiations `cases` have in half A and in half B.
pub fn negotiations_per_half(cases: &[CalCase]) -> [usize; 2] {
    let mut sets = [
        std::collections::BTreeSet::new(),
        std::collections::BTreeSet::new(),
    ];
    for c in cases {
        sets[usize::from(c.half == Half::B)].insert(c.cluster);
    }
    sets.map(|s| s.len())
}

/// One scored case, on the 0-100 normalised scale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CalCase {
    /// The point forecast.
    pub forecast: f64,
    /// What happened.
    pub outcome: f64,
    /// What the scale rule may look at.
    pub features: Features,
    /// The case's negotiation (its position in the input: the exchangeable unit).
    pub cluster: usize,
    /// Its half of the pre-registered split.
    pub half: Half,
}

/// Fits an error model with `rule` on `cases`: each case's score, weighted by one over its
/// negotiation's number of cases, so every negotiation weighs the same.
pub fn fit(rule: ScaleRule, cases: &[CalCase]) -> Result<ErrorModel, ErrorModelError> {
    let mut per_cluster: std::collections::BTreeMap<usize, usize> = Default::default();
    for c in cases {
        *per_cluster.entry(c.cluster).or_default() += 1;
    }
    let scores: Vec<f64> = cases
        .iter()
        .map(|c| (c.outcome - c.forecast) / rule.scale(c.forecast, &c.features))
        .collect();
    let weights: Vec<f64> = cases
        .iter()
        .map(|c| 1.0 / per_cluster.get(&c.cluster).copied().unwrap_or(1) as f64)
        .collect();
    ErrorModel::new(rule, &scores, &weights, per_cluster.len())
}

/// How well intervals and distributions did on a set of held-out cases.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// Cases assessed.
    pub n: usize,
    /// Negotiations they belong to.
    pub negotiations: usize,
    /// Share of outcomes inside the interval, per level of [`LEVELS`].
    pub coverage: [f64; 3],
    /// Mean interval width (points of the 0-100 scale), per level.
    pub width: [f64; 3],
    /// Mean interval (Winkler) score, per level.
    pub interval_score: [f64; 3],
    /// Mean CRPS (points).
    pub crps: f64,
    /// Randomised PIT histogram, [`PIT_BINS`] equal bins over [0, 1].
    pub pit: [usize; PIT_BINS],
}

/// Sums behind an [`Assessment`].
#[derive(Default)]
struct Tally {
    n: usize,
    covered: [usize; 3],
    width: [f64; 3],
    interval_score: [f64; 3],
    crps: f64,
    pit: [usize; PIT_BINS],
    clusters: std::collections::BTreeSet<usize>,
}

impl Tally {
    fn add(&mut self, m: &ErrorModel, c: &CalCase, index: usize, seed: u64) {
        self.n += 1;
        self.clusters.insert(c.cluster);
        for (k, &level) in LEVELS.iter().enumerate() {
            let [lo, hi] = m.interval(c.forecast, &c.features, level);
            self.covered[k] += usize::from(c.outcome >= lo && c.outcome <= hi);
            self.width[k] += hi - lo;
            self.interval_score[k] += interval_score(lo, hi, level, c.outcome);
        }
        self.crps += crps(m.atoms(c.forecast, &c.features), c.outcome);
        let u = Stream::for_run(seed, index as u64).next_f64();
        let p = pit(m.atoms(c.forecast, &c.features), c.outcome, u);
        self.pit[((p * PIT_BINS as f64) as usize).min(PIT_BINS - 1)] += 1;
    }

    fn finish(self) -> Assessment {
        let n = self.n.max(1) as f64;
        Assessment {
            n: self.n,
            negotiations: self.clusters.len(),
            coverage: self.covered.map(|c| c as f64 / n),
            width: self.width.map(|w| w / n),
            interval_score: self.interval_score.map(|s| s / n),
            crps: self.crps / n,
            pit: self.pit,
        }
    }
}

/// Fits on `train`, assesses on `test` (indices into `cases`).
pub fn holdout(
    rule: ScaleRule,
    cases: &[CalCase],
    train: &[usize],
    test: &[usize],
    seed: u64,
) -> Result<Assessment, ErrorModelError> {
    let mut tally = Tally::default();
    add_holdout(&mut tally, rule, cases, train, test, seed)?;
    Ok(tally.finish())
}

fn add_holdout(
    tally: &mut Tally,
    rule: ScaleRule,
    cases: &[CalCase],
    train: &[usize],
    test: &[usize],
    seed: u64,
) -> Result<(), ErrorModelError> {
    let training: Vec<CalCase> = train.iter().map(|&i| cases[i]).collect();
    let m = fit(rule, &training)?;
    for &i in test {
        tally.add(&m, &cases[i], i, seed);
    }
    Ok(())
}

/// Cross-validation over negotiations: the cases in `members` fall into [`FOLDS`] folds by
/// `fold(cluster)`; each fold is assessed with the other folds' scores.
pub fn cross_validate(
    rule: ScaleRule,
    cases: &[CalCase],
    members: &[usize],
    fold: impl Fn(usize) -> usize,
    seed: u64,
) -> Result<Assessment, ErrorModelError> {
    let mut tally = Tally::default();
    for k in 0..FOLDS {
        let (test, train): (Vec<usize>, Vec<usize>) =
            members.iter().partition(|&&i| fold(cases[i].cluster) == k);
        if test.is_empty() || train.is_empty() {
            continue;
        }
        add_holdout(&mut tally, rule, cases, &train, &test, seed)?;
    }
    Ok(tally.finish())
}

/// One candidate rule's selection criterion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The rule.
    pub rule: ScaleRule,
    /// Mean interval score over the 50/80/90% levels, ten-fold cross-validated on half A.
    pub half_a_score: f64,
}

/// A row's calibration: the rule chosen on half A and how it did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowCalibration {
    /// Predictor name, as in the rows.
    pub name: String,
    /// The rule chosen on half A.
    pub rule: ScaleRule,
    /// Every candidate's half-A criterion, in candidate order.
    pub candidates: Vec<Candidate>,
    /// The chosen rule cross-validated on half A (where it was chosen: optimistic).
    pub half_a: Assessment,
    /// The chosen rule fitted on all of half A, assessed on half B: the figure to quote.
    pub half_b: Assessment,
    /// The chosen rule, ten folds over every negotiation.
    pub cross_validated: Assessment,
    /// Correlation of residuals between issues of the same negotiation (every ordered pair),
    /// which the Monte Carlo's independent draws per issue do not model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within_negotiation_correlation: Option<f64>,
}

/// The rule chosen on half A (as [`calibrate_row`]) fitted on every case: the error model to
/// ship, with the assessment behind it.
pub fn choose_and_fit(
    name: &str,
    cases: &[CalCase],
    seed: u64,
) -> Option<(RowCalibration, ErrorModel)> {
    choose_and_fit_among(name, cases, seed, &ScaleRule::candidates())
}

/// [`choose_and_fit`] among `rules` only. Cases without features (a CSV of forecasts and
/// outcomes) must be given [`ScaleRule::Constant`] alone: a rule fitted on a spread or a
/// distance of 0 would scale its errors by the real spread or distance of every scenario it is
/// used on, many times too wide.
pub fn choose_and_fit_among(
    name: &str,
    cases: &[CalCase],
    seed: u64,
    rules: &[ScaleRule],
) -> Option<(RowCalibration, ErrorModel)> {
    let row = calibrate_row_among(name, cases, seed, rules)?;
    let model = fit(row.rule, cases).ok()?;
    Some((row, model))
}

/// Chooses the rule on half A, then assesses it, following the pre-registered procedure.
/// `cases` are one row's forecast cases; `None` when a half has no case.
pub fn calibrate_row(name: &str, cases: &[CalCase], seed: u64) -> Option<RowCalibration> {
    calibrate_row_among(name, cases, seed, &ScaleRule::candidates())
}

/// [`calibrate_row`] among `rules` only (at least one).
fn calibrate_row_among(
    name: &str,
    cases: &[CalCase],
    seed: u64,
    rules: &[ScaleRule],
) -> Option<RowCalibration> {
    let half_a: Vec<usize> = (0..cases.len())
        .filter(|&i| cases[i].half == crate::backtest::Half::A)
        .collect();
    let half_b: Vec<usize> = (0..cases.len())
        .filter(|&i| cases[i].half == crate::backtest::Half::B)
        .collect();
    if half_a.is_empty() || half_b.is_empty() || rules.is_empty() {
        return None;
    }
    // A half-A negotiation's fold is its rank among half A's negotiations, modulo the folds.
    let mut a_clusters: Vec<usize> = half_a.iter().map(|&i| cases[i].cluster).collect();
    a_clusters.dedup();
    let a_fold = |cluster: usize| a_clusters.partition_point(|&c| c < cluster) % FOLDS;
    let mut candidates = Vec::new();
    for &rule in rules {
        let a = cross_validate(rule, cases, &half_a, a_fold, seed).ok()?;
        let half_a_score = a.interval_score.iter().sum::<f64>() / LEVELS.len() as f64;
        candidates.push(Candidate { rule, half_a_score });
    }
    // Strictly lower wins: ties keep the earlier, simpler candidate.
    let mut best = 0;
    for (k, c) in candidates.iter().enumerate() {
        if c.half_a_score < candidates[best].half_a_score {
            best = k;
        }
    }
    let rule = candidates[best].rule;
    let all: Vec<usize> = (0..cases.len()).collect();
    Some(RowCalibration {
        name: name.to_owned(),
        rule,
        half_a: cross_validate(rule, cases, &half_a, a_fold, seed).ok()?,
        half_b: holdout(rule, cases, &half_a, &half_b, seed).ok()?,
        cross_validated: cross_validate(rule, cases, &all, |g| g % FOLDS, seed).ok()?,
        within_negotiation_correlation: within_correlation(cases),
        candidates,
    })
}

/// Pearson correlation of residuals over every ordered pair of cases of one negotiation.
fn within_correlation(cases: &[CalCase]) -> Option<f64> {
    let r: Vec<f64> = cases.iter().map(|c| c.outcome - c.forecast).collect();
    let (mut sx, mut sy, mut sxx, mut syy, mut sxy, mut n) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for i in 0..cases.len() {
        for j in 0..cases.len() {
            if i != j && cases[i].cluster == cases[j].cluster {
                let (x, y) = (r[i], r[j]);
                sx += x;
                sy += y;
                sxx += x * x;
                syy += y * y;
                sxy += x * y;
                n += 1.0;
            }
        }
    }
    if n < 3.0 {
        return None;
    }
    let cov = sxy / n - sx / n * sy / n;
    let vx = sxx / n - (sx / n).powi(2);
    let vy = syy / n - (sy / n).powi(2);
    let c = cov / (vx * vy).sqrt();
    c.is_finite().then_some(c)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn case(forecast: f64, outcome: f64, cluster: usize) -> CalCase {
        CalCase {
            forecast,
            outcome,
            features: Features {
                spread: 0.0,
                status_quo: None,
            },
            cluster,
            half: Half::of(cluster),
        }
    }

    #[test]
    fn the_minimum_calibration_set_bounds_the_90_percent_interval() {
        // p_hi = (19/20)(K + 1)/K < 1 exactly when 19 (K + 1) < 20 K, i.e. K > 19.
        let bounded = |k: usize| 19 * (k + 1) < 20 * k;
        assert!(!bounded(19) && bounded(20));
        assert_eq!(2 * MIN_NEGOTIATIONS_PER_HALF, 20);
        assert!(!bounded(MIN_NEGOTIATIONS_PER_HALF) && bounded(COMFORTABLE_NEGOTIATIONS_PER_HALF));
        // Clusters 0, 2 in half A (two cases in 0), 1 in half B.
        let cases = [
            case(50.0, 50.0, 0),
            case(50.0, 50.0, 0),
            case(50.0, 50.0, 2),
            case(1.0, 1.0, 1),
        ];
        assert_eq!(negotiations_per_half(&cases), [2, 1]);
    }

    #[test]
    fn every_negotiation_weighs_the_same() {
        // Cluster 0 has two cases (residuals 10 and 20), cluster 1 one (residual -30): weights
        // 1/4, 1/4, 1/2 after normalising.
        let m = fit(
            ScaleRule::Constant,
            &[
                case(50.0, 60.0, 0),
                case(50.0, 70.0, 0),
                case(50.0, 20.0, 1),
            ],
        )
        .unwrap();
        assert_eq!(m.scores(), [-30.0, 10.0, 20.0]);
        assert_eq!(m.weights(), [0.5, 0.25, 0.25]);
        assert_eq!(m.negotiations, 2);
    }

    #[test]
    fn a_holdout_by_hand() {
        // Train: residuals -10, 0, 10 in three clusters (K = 3). Level 0.5: p_hi = 0.75 * 4/3 =
        // 1 -> top of the scale; p_lo = 0 -> bottom: the interval is [0, 100] at every level,
        // covering everything with width 100.
        let cases = [
            case(50.0, 40.0, 0),
            case(50.0, 50.0, 2),
            case(50.0, 60.0, 4),
            case(30.0, 35.0, 1),
        ];
        let a = holdout(ScaleRule::Constant, &cases, &[0, 1, 2], &[3], 0).unwrap();
        assert_eq!(a.coverage, [1.0; 3]);
        assert_eq!(a.width, [100.0; 3]);
        // CRPS at y = 35 with atoms 20, 30, 40 (1/3 each): E|X - y| = (15 + 5 + 5) / 3 =
        // 25/3; E|X - X'| = (2/9)(10 + 20 + 10) = 80/9; CRPS = 25/3 - 40/9 = 35/9.
        assert!((a.crps - 35.0 / 9.0).abs() < 1e-12, "{}", a.crps);
        assert_eq!(a.pit.iter().sum::<usize>(), 1);
        // PIT: F(35-) = 2/3 and no atom at 35 -> bin 6.
        assert_eq!(a.pit[6], 1);
    }

    #[test]
    fn calibrated_errors_cover_about_as_promised() {
        // 400 clusters of one case, residuals spread evenly over [-40, 40): held-out coverage
        // of the 80% interval must be near 0.8.
        let cases: Vec<CalCase> = (0..400)
            .map(|k| {
                let r = -40.0 + 80.0 * ((k * 37) % 400) as f64 / 400.0;
                case(50.0, 50.0 + r, k)
            })
            .collect();
        let row = calibrate_row("t", &cases, 1).unwrap();
        let c80 = row.half_b.coverage[1];
        assert!((0.75..=0.87).contains(&c80), "{c80}");
        assert_eq!(row.half_b.n, 200);
        assert_eq!(row.candidates.len(), ScaleRule::candidates().len());
    }
}
