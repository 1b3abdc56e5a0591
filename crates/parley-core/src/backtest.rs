//! Backtesting: forecasts against real outcomes, with simple baselines beside the models.
//!
//! Error measures as in Thomson, Stokman, Achen & Koenig (2006, ch. 10): mean absolute error,
//! root mean squared error, median absolute error, and the share of cases within 5, 10 and 20
//! points; plus a paired bootstrap 95% interval for each row's MAE difference from the best
//! baseline, so users can see whether a model is really better.

use serde::Serialize;

use crate::inputs::Inputs;
use crate::model::Model;
use crate::scenario::Scenario;
use crate::uncertainty::rng::Stream;

/// One case: a one-issue scenario and what really happened (on the issue's own scale).
#[derive(Debug, Clone)]
pub struct Case {
    /// Case id.
    pub id: String,
    /// The scenario (its first issue is forecast).
    pub scenario: Scenario,
    /// The actual outcome.
    pub outcome: f64,
}

/// A simple rule that needs no model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Baseline {
    /// The middle of the scale.
    Midpoint,
    /// The unweighted mean of every involved actor's position.
    UnweightedMean,
    /// The salience-weighted mean (capabilities ignored).
    SalienceWeightedMean,
    /// The capability x salience weighted mean (with GDP capabilities: Thomson et al.'s
    /// strongest simple baseline).
    CapabilitySalienceWeightedMean,
    /// One actor's position (e.g. the Commission's), where it has one.
    Actor(String),
}

impl Baseline {
    /// The row name.
    pub fn name(&self) -> String {
        match self {
            Baseline::Midpoint => "midpoint".into(),
            Baseline::UnweightedMean => "unweighted mean".into(),
            Baseline::SalienceWeightedMean => "salience-weighted mean".into(),
            Baseline::CapabilitySalienceWeightedMean => {
                "capability x salience weighted mean".into()
            }
            Baseline::Actor(id) => format!("position of {id}"),
        }
    }

    fn predict(&self, s: &Scenario) -> Option<f64> {
        let issue = s.issues.first()?;
        let stances = s
            .actors
            .iter()
            .filter_map(|a| a.stances.get(&issue.id).map(|st| (a, st)));
        match self {
            Baseline::Midpoint => Some(0.5 * (issue.scale.min + issue.scale.max)),
            Baseline::UnweightedMean => mean(stances.map(|(_, st)| (st.position.value, 1.0))),
            Baseline::SalienceWeightedMean => {
                mean(stances.map(|(_, st)| (st.position.value, st.salience.value)))
            }
            Baseline::CapabilitySalienceWeightedMean => mean(
                stances.map(|(a, st)| (st.position.value, a.capability.value * st.salience.value)),
            ),
            Baseline::Actor(id) => stances
                .filter(|(a, _)| &a.id == id)
                .map(|(_, st)| st.position.value)
                .next(),
        }
    }
}

fn mean(pairs: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let (num, den) = pairs.fold((0.0, 0.0), |(n, d), (x, w)| (n + w * x, d + w));
    (den > 0.0).then(|| num / den)
}

/// What is scored: a baseline or a model.
pub enum Predictor {
    /// A baseline rule.
    Baseline(Baseline),
    /// A model, with the row name to show.
    Model(String, Box<dyn Model>),
    /// A model run as if no status quo were known (the bargaining models then use each
    /// actor's least-agreement point instead of the reversion point).
    ModelWithoutStatusQuo(String, Box<dyn Model>),
}

impl Predictor {
    /// The row name.
    pub fn name(&self) -> String {
        match self {
            Predictor::Baseline(b) => b.name(),
            Predictor::Model(name, _) | Predictor::ModelWithoutStatusQuo(name, _) => name.clone(),
        }
    }

    fn predict(&self, s: &Scenario) -> Option<f64> {
        match self {
            Predictor::Baseline(b) => b.predict(s),
            Predictor::Model(_, m) => forecast(m.as_ref(), s),
            Predictor::ModelWithoutStatusQuo(_, m) => {
                let mut without = s.clone();
                without.issues.iter_mut().for_each(|i| i.status_quo = None);
                forecast(m.as_ref(), &without)
            }
        }
    }
}

fn forecast(m: &dyn Model, s: &Scenario) -> Option<f64> {
    let inputs = Inputs::from_scenario(s).ok()?;
    let f = m.run(&inputs).ok()?.forecasts.first()?.value;
    Some(inputs.scale(0).from_internal(f))
}

/// One row of the error table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Predictor name.
    pub name: String,
    /// Whether it is a baseline.
    pub baseline: bool,
    /// Cases it made a forecast for.
    pub n: usize,
    /// Mean absolute error.
    pub mae: f64,
    /// Root mean squared error.
    pub rmse: f64,
    /// Median absolute error.
    pub median_ae: f64,
    /// Shares of cases within 5, 10 and 20 points.
    pub within: [f64; 3],
    /// MAE minus the best baseline's MAE on the cases both forecast, with a paired bootstrap
    /// 95% interval (`[difference, low, high]`); `None` for the best baseline itself.
    pub versus_best_baseline: Option<[f64; 3]>,
}

/// The backtest's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    /// Cases scored.
    pub cases: usize,
    /// One row per predictor, in the order given.
    pub rows: Vec<Row>,
    /// The best baseline's name.
    pub best_baseline: String,
    /// Per case: id, outcome, and each predictor's forecast (`None` where it made none).
    pub forecasts: Vec<(String, f64, Vec<Option<f64>>)>,
}

/// Bootstrap resamples for the intervals.
const RESAMPLES: usize = 2000;

/// Scores every predictor on every case.
pub fn backtest(cases: &[Case], predictors: &[Predictor], seed: u64) -> Backtest {
    let forecasts: Vec<(String, f64, Vec<Option<f64>>)> = cases
        .iter()
        .map(|c| {
            (
                c.id.clone(),
                c.outcome,
                predictors.iter().map(|p| p.predict(&c.scenario)).collect(),
            )
        })
        .collect();
    let errors: Vec<Vec<Option<f64>>> = (0..predictors.len())
        .map(|k| {
            forecasts
                .iter()
                .map(|(_, y, f)| f[k].map(|x| (x - y).abs()))
                .collect()
        })
        .collect();
    let mut rows: Vec<Row> = predictors
        .iter()
        .zip(&errors)
        .map(|(p, e)| row(p, e))
        .collect();
    let best = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.baseline && r.n > 0)
        .min_by(|a, b| a.1.mae.total_cmp(&b.1.mae))
        .map(|(k, _)| k);
    if let Some(b) = best {
        for k in 0..rows.len() {
            if k != b {
                rows[k].versus_best_baseline = paired_difference(&errors[k], &errors[b], seed);
            }
        }
    }
    Backtest {
        cases: cases.len(),
        best_baseline: best.map_or(String::new(), |b| rows[b].name.clone()),
        rows,
        forecasts,
    }
}

fn row(p: &Predictor, errors: &[Option<f64>]) -> Row {
    let mut e: Vec<f64> = errors.iter().flatten().copied().collect();
    e.sort_by(f64::total_cmp);
    let n = e.len();
    let nf = n.max(1) as f64;
    let within = [5.0, 10.0, 20.0].map(|t| e.iter().filter(|&&x| x <= t).count() as f64 / nf);
    let median_ae = match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => e[n / 2],
        _ => 0.5 * (e[n / 2 - 1] + e[n / 2]),
    };
    Row {
        name: p.name(),
        baseline: matches!(p, Predictor::Baseline(_)),
        n,
        mae: e.iter().sum::<f64>() / nf,
        rmse: (e.iter().map(|x| x * x).sum::<f64>() / nf).sqrt(),
        median_ae,
        within,
        versus_best_baseline: None,
    }
}

/// MAE difference on the cases both forecast, with a paired bootstrap 95% interval.
fn paired_difference(a: &[Option<f64>], b: &[Option<f64>], seed: u64) -> Option<[f64; 3]> {
    let d: Vec<f64> = a
        .iter()
        .zip(b)
        .filter_map(|(x, y)| Some((*x)? - (*y)?))
        .collect();
    if d.is_empty() {
        return None;
    }
    let n = d.len();
    let mean = d.iter().sum::<f64>() / n as f64;
    let mut rng = Stream::for_run(seed, 0);
    let mut means: Vec<f64> = (0..RESAMPLES)
        .map(|_| {
            let total: f64 = (0..n)
                .map(|_| d[(rng.next_u64() % n as u64) as usize])
                .sum();
            total / n as f64
        })
        .collect();
    means.sort_by(f64::total_cmp);
    let at = |p: f64| means[((RESAMPLES - 1) as f64 * p).round() as usize];
    Some([mean, at(0.025), at(0.975)])
}
