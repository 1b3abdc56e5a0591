//! Backtesting: forecasts against real outcomes, with simple baselines beside the models.
//!
//! Error measures as in Thomson, Stokman, Achen & Koenig (2006, ch. 10): mean absolute error,
//! root mean squared error, median absolute error, and the share of cases within 5, 10 and 20
//! points; plus a bootstrap 95% interval for each row's MAE difference from the best
//! baseline, so users can see whether a model is really better.
//!
//! Cases come in [`Negotiation`]s: issues negotiated together (the issues of one legislative
//! proposal), run as one scenario so that models which link issues (the exchange model's
//! trades) see all of them. Every predictor runs once per negotiation and is scored per issue.
//! The bootstrap resamples whole negotiations (a cluster bootstrap), because the issues of one
//! proposal share actors, experts and trade-offs and their errors are not independent; with
//! one issue per negotiation it is the ordinary paired bootstrap over issues.
//!
//! A fixed split guards against tuning on the test set: negotiations in input order
//! alternate between half A (1st, 3rd, ...) and half B (2nd, 4th, ...), counting those
//! without a scored issue too (so a dataset's own numbering decides), and each half is scored
//! on its own against the baseline that is best on half A.

use rayon::prelude::*;
use serde::Serialize;

use crate::accuracy::{Accuracy, CaseFeatures, Columns, Family, FamilyKind, StackBase, Table};
use crate::calibration::Features;
use crate::calibration::fit::{
    CalCase, MIN_NEGOTIATIONS_PER_HALF, RowCalibration, calibrate_row, negotiations_per_half,
};
use crate::inputs::Inputs;
use crate::issue::Scale;
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

/// What really happened on one issue (on the issue's own scale).
#[derive(Debug, Clone, PartialEq)]
pub struct Actual {
    /// Case id, e.g. the dataset's issue id.
    pub id: String,
    /// The actual outcome.
    pub outcome: f64,
}

/// Issues negotiated together, e.g. the issues of one legislative proposal: one scenario, and
/// for each of its issues the actual outcome where there is one to score.
#[derive(Debug, Clone, PartialEq)]
pub struct Negotiation {
    /// Negotiation id (e.g. the proposal).
    pub id: String,
    /// Every issue of the negotiation, with the actors involved in any of them.
    pub scenario: Scenario,
    /// One entry per scenario issue, in order; `None` for an issue that was part of the
    /// negotiation but has no outcome to score.
    pub actual: Vec<Option<Actual>>,
}

impl From<Case> for Negotiation {
    fn from(c: Case) -> Self {
        let mut actual: Vec<Option<Actual>> = vec![None; c.scenario.issues.len()];
        if let Some(first) = actual.first_mut() {
            *first = Some(Actual {
                id: c.id.clone(),
                outcome: c.outcome,
            });
        }
        Negotiation {
            id: c.id,
            scenario: c.scenario,
            actual,
        }
    }
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

    fn predict(&self, s: &Scenario, j: usize) -> Option<f64> {
        let issue = s.issues.get(j)?;
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

    /// Forecasts for every issue of `s`, on the issues' own scales (`None` where none).
    fn predict(&self, s: &Scenario) -> Vec<Option<f64>> {
        match self {
            Predictor::Baseline(b) => (0..s.issues.len()).map(|j| b.predict(s, j)).collect(),
            Predictor::Model(_, m) => forecast(m.as_ref(), s),
            Predictor::ModelWithoutStatusQuo(_, m) => {
                let mut without = s.clone();
                without.issues.iter_mut().for_each(|i| i.status_quo = None);
                forecast(m.as_ref(), &without)
            }
        }
    }
}

/// One run of the model on the whole scenario; a scenario or model failure leaves every
/// issue without a forecast (the row's n shows it).
fn forecast(m: &dyn Model, s: &Scenario) -> Vec<Option<f64>> {
    let run = Inputs::from_scenario(s)
        .ok()
        .and_then(|inputs| Some((m.run(&inputs).ok()?, inputs)));
    (0..s.issues.len())
        .map(|j| {
            let (outcome, inputs) = run.as_ref()?;
            let f = outcome.forecasts.get(j)?.value;
            Some(inputs.scale(j).from_internal(f))
        })
        .collect()
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
    /// MAE minus the best baseline's MAE on the cases both forecast, with a bootstrap 95%
    /// interval (`[difference, low, high]`); `None` for the best baseline itself, and when
    /// fewer than [`MIN_BOOTSTRAP_PROPOSALS`] proposals are compared (resampling so few gives
    /// an interval of no meaning: from one proposal it has zero width).
    pub versus_best_baseline: Option<[f64; 3]>,
}

/// One half of the pre-registered split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Half {
    /// Negotiations 1, 3, 5, ... in input order: where choices may be tuned.
    A,
    /// Negotiations 2, 4, 6, ...: where tuned choices are checked.
    B,
}

impl Half {
    /// The half of the negotiation at 0-based position `index` in input order.
    pub fn of(index: usize) -> Half {
        if index.is_multiple_of(2) {
            Half::A
        } else {
            Half::B
        }
    }

    /// Its letter, as files and tables write it.
    pub fn label(self) -> &'static str {
        match self {
            Half::A => "A",
            Half::B => "B",
        }
    }
}

/// Where a case comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseGroup {
    /// Its negotiation's id.
    pub negotiation: String,
    /// Its half of the split.
    pub half: Half,
    /// Whether its negotiation has a single issue (nothing to link it with).
    pub single_issue: bool,
    /// Its negotiation's position in the input (the exchangeable unit of calibration).
    #[serde(skip)]
    pub cluster: usize,
}

/// The error table on one half of the split.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HalfResult {
    /// Which half.
    pub half: Half,
    /// Negotiations with a scored issue in this half.
    pub negotiations: usize,
    /// Cases scored in this half.
    pub cases: usize,
    /// The baseline every row is compared with: the best one on half A.
    pub reference: String,
    /// One row per predictor, in the order given.
    pub rows: Vec<Row>,
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
    /// Negotiations with at least one scored issue.
    pub negotiations: usize,
    /// Scored cases whose negotiation has a single issue: there a model that links issues
    /// (the exchange model) has nothing to link and returns its starting point.
    pub single_issue_cases: usize,
    /// Per case, in `forecasts` order: its negotiation and half.
    pub groups: Vec<CaseGroup>,
    /// The error tables on half A and half B.
    pub halves: Vec<HalfResult>,
    /// Per case, in `forecasts` order: its issue's scale and the features an error model's
    /// scale rule may use (internal, for calibration).
    #[serde(skip)]
    pub features: Vec<(Scale, Features)>,
    /// Per row: the error model's scale rule chosen on half A and its coverage on half B and
    /// cross-validated (`docs/backtest.md`, pre-registered calibration design). A row whose
    /// cases fall in fewer than [`MIN_NEGOTIATIONS_PER_HALF`] negotiations in either half is
    /// left out, as `parley calibrate` refuses it: its 90% interval would be the whole scale
    /// and the rule's ten-fold choice on half A would have empty folds.
    pub calibration: Vec<RowCalibration>,
    /// The accuracy candidates' choices on half A (issue 15), when families were given; their
    /// chosen members are the last rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<Accuracy>,
}

/// One predictor's errors, case by case (for charts of error distributions).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredictorErrors {
    /// Predictor name, as in the rows.
    pub name: String,
    /// Whether it is a baseline.
    pub baseline: bool,
    /// The cases it forecast, in case order.
    pub errors: Vec<CaseError>,
}

/// One forecast against what happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseError {
    /// Case id.
    pub case: String,
    /// Its negotiation's id.
    pub negotiation: String,
    /// Its half of the split.
    pub half: Half,
    /// The actual outcome.
    pub outcome: f64,
    /// The forecast.
    pub forecast: f64,
    /// Forecast minus outcome; its absolute value is what the MAE averages.
    pub error: f64,
}

impl Backtest {
    /// Every predictor's errors, case by case, in row order.
    pub fn errors(&self) -> Vec<PredictorErrors> {
        self.rows
            .iter()
            .enumerate()
            .map(|(k, row)| PredictorErrors {
                name: row.name.clone(),
                baseline: row.baseline,
                errors: self
                    .forecasts
                    .iter()
                    .zip(&self.groups)
                    .filter_map(|((id, y, f), g)| {
                        let x = (*f.get(k)?)?;
                        Some(CaseError {
                            case: id.clone(),
                            negotiation: g.negotiation.clone(),
                            half: g.half,
                            outcome: *y,
                            forecast: x,
                            error: x - y,
                        })
                    })
                    .collect(),
            })
            .collect()
    }
}

/// Bootstrap resamples for the intervals.
const RESAMPLES: usize = 2000;

/// The fewest proposals (clusters) a bootstrap interval is computed from. A cluster bootstrap
/// of `g` clusters can only give means of `g` draws of `g` values: from one proposal every
/// resample is the sample (a zero-width "interval"), and below about ten the percentiles
/// are a handful of distinct values. Ten is a conventional floor, not a tuned one.
pub const MIN_BOOTSTRAP_PROPOSALS: usize = 10;

/// Scores every predictor on every case, each case its own negotiation.
pub fn backtest(cases: &[Case], predictors: &[Predictor], seed: u64) -> Backtest {
    let negotiations: Vec<Negotiation> = cases.iter().cloned().map(Negotiation::from).collect();
    backtest_negotiations(&negotiations, predictors, seed)
}

/// Scores every predictor on every scored issue, running each once per negotiation.
pub fn backtest_negotiations(
    negotiations: &[Negotiation],
    predictors: &[Predictor],
    seed: u64,
) -> Backtest {
    backtest_with_families(negotiations, predictors, &[], seed)
}

/// As [`backtest_negotiations`], plus candidate families (issue 15): each family's member is
/// chosen on half A only (by [`crate::accuracy`]) and scored as one more row, after the
/// predictors' rows, on the full sample and both halves.
pub fn backtest_with_families(
    negotiations: &[Negotiation],
    predictors: &[Predictor],
    families: &[Family],
    seed: u64,
) -> Backtest {
    backtest_with_progress(negotiations, predictors, families, seed, &|| {})
}

/// As [`backtest_with_families`], calling `progress` once per negotiation as its predictions
/// are done (from the worker threads; `negotiations.len()` calls in all), for a progress bar.
pub fn backtest_with_progress(
    negotiations: &[Negotiation],
    predictors: &[Predictor],
    families: &[Family],
    seed: u64,
    progress: &(dyn Fn() + Sync),
) -> Backtest {
    let scored = |g: &Negotiation| g.actual.iter().any(Option::is_some);
    // The families' settings run like predictors, after the visible ones.
    let settings: Vec<&Predictor> = families
        .iter()
        .flat_map(|f| match &f.kind {
            FamilyKind::Settings(s) => s.iter().collect(),
            FamilyKind::Stacking(_) => Vec::new(),
        })
        .collect();
    let runs: Vec<&Predictor> = predictors.iter().chain(settings).collect();
    // Negotiations are independent; an ordered collect keeps results thread-count free.
    let predicted: Vec<Vec<Vec<Option<f64>>>> = negotiations
        .par_iter()
        .map(|g| {
            let predicted = match scored(g) {
                true => runs.iter().map(|p| p.predict(&g.scenario)).collect(),
                false => Vec::new(),
            };
            progress();
            predicted
        })
        .collect();
    let mut forecasts = Vec::new();
    let mut groups = Vec::new();
    let mut features = Vec::new();
    let mut case_features = Vec::new();
    // Per case, its negotiation's position in the input (the bootstrap's cluster).
    let mut cluster = Vec::new();
    for (position, (g, by_predictor)) in negotiations.iter().zip(&predicted).enumerate() {
        let single_issue = g.scenario.issues.len() == 1;
        let inputs = Inputs::from_scenario(&g.scenario).ok();
        for (j, actual) in g.actual.iter().enumerate() {
            let Some(a) = actual else { continue };
            let issue = g.scenario.issues.get(j);
            let scale = issue.map_or_else(Scale::default, |i| i.scale);
            let x = inputs.as_ref().map_or(
                Features {
                    spread: 0.0,
                    status_quo: None,
                },
                |inputs| Features::of(inputs, j),
            );
            features.push((scale, x));
            let decision = issue.and_then(|i| i.decision.as_ref());
            case_features.push(CaseFeatures {
                status_quo: x.status_quo.is_some(),
                codecision: decision
                    .map(|d| d.procedure == crate::procedure::Procedure::Codecision),
                unanimity: decision.map(|d| d.rule == crate::procedure::VotingRule::Unanimity),
                spread: x.spread,
            });
            let f: Vec<Option<f64>> = by_predictor
                .iter()
                .map(|p| p.get(j).copied().flatten())
                .collect();
            forecasts.push((a.id.clone(), a.outcome, f));
            groups.push(CaseGroup {
                negotiation: g.id.clone(),
                half: Half::of(position),
                single_issue,
                cluster: position,
            });
            cluster.push(position);
        }
    }
    let accuracy = (!families.is_empty())
        .then(|| choose_on_half_a(predictors, families, &mut forecasts, &groups, case_features));
    let names: Vec<(String, bool)> = predictors
        .iter()
        .map(|p| (p.name(), matches!(p, Predictor::Baseline(_))))
        .chain(families.iter().map(|f| (f.name.clone(), false)))
        .collect();
    let errors: Vec<Vec<Option<f64>>> = (0..names.len())
        .map(|k| {
            forecasts
                .iter()
                .map(|(_, y, f)| f[k].map(|x| (x - y).abs()))
                .collect()
        })
        .collect();
    let all: Vec<usize> = (0..forecasts.len()).collect();
    let mut rows = table(&names, &errors, &all);
    let best = best_baseline(&rows);
    if let Some(b) = best {
        compare(&mut rows, &errors, &all, &cluster, b, seed);
    }
    let halves = [Half::A, Half::B].map(|h| {
        let members: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&i| groups[i].half == h)
            .collect();
        (h, members)
    });
    let reference = best_baseline(&table(&names, &errors, &halves[0].1));
    let halves = halves
        .into_iter()
        .map(|(half, members)| {
            let mut rows = table(&names, &errors, &members);
            if let Some(b) = reference {
                compare(&mut rows, &errors, &members, &cluster, b, seed);
            }
            let mut ids: Vec<usize> = members.iter().map(|&i| cluster[i]).collect();
            ids.dedup();
            HalfResult {
                half,
                negotiations: ids.len(),
                cases: members.len(),
                reference: reference.map_or(String::new(), |b| rows[b].name.clone()),
                rows,
            }
        })
        .collect();
    let calibration = (0..names.len())
        .filter_map(|k| {
            let cases = calibration_cases(&forecasts, &groups, &features, k);
            let [a, b] = negotiations_per_half(&cases);
            if a.min(b) < MIN_NEGOTIATIONS_PER_HALF {
                return None;
            }
            calibrate_row(&names[k].0, &cases, seed)
        })
        .collect();
    Backtest {
        cases: forecasts.len(),
        best_baseline: best.map_or(String::new(), |b| rows[b].name.clone()),
        rows,
        negotiations: negotiations.iter().filter(|g| scored(g)).count(),
        single_issue_cases: groups.iter().filter(|g| g.single_issue).count(),
        groups,
        forecasts,
        halves,
        features,
        calibration,
        accuracy,
    }
}

/// Runs every family on half A (issue 15): replaces each case's forecasts by the visible
/// predictors' followed by each family's chosen member (the settings' columns are dropped)
/// and returns the choices. Only half-A cases reach the choosing functions.
fn choose_on_half_a(
    predictors: &[Predictor],
    families: &[Family],
    forecasts: &mut [(String, f64, Vec<Option<f64>>)],
    groups: &[CaseGroup],
    case_features: Vec<CaseFeatures>,
) -> Accuracy {
    let width = forecasts.first().map_or(0, |f| f.2.len());
    let mut table = Table {
        outcome: forecasts.iter().map(|f| f.1).collect(),
        columns: (0..width)
            .map(|k| forecasts.iter().map(|f| f.2[k]).collect())
            .collect(),
        features: case_features,
        cluster: groups.iter().map(|g| g.cluster).collect(),
    };
    let half_a: Vec<usize> = (0..groups.len())
        .filter(|&i| groups[i].half == Half::A)
        .collect();
    let mut names: Vec<String> = predictors.iter().map(Predictor::name).collect();
    let mut next_setting = predictors.len();
    let mut family_columns = Vec::new();
    let mut results = Vec::new();
    for family in families {
        let (columns, labels) = match &family.kind {
            FamilyKind::Settings(s) => {
                let c: Vec<usize> = (next_setting..next_setting + s.len()).collect();
                next_setting += s.len();
                (
                    Columns::Settings(c),
                    s.iter().map(Predictor::name).collect(),
                )
            }
            FamilyKind::Stacking(bases) => {
                let (c, l): (Vec<usize>, Vec<String>) = bases
                    .iter()
                    .filter_map(|b| match b {
                        StackBase::Row(name) => names
                            .iter()
                            .position(|n| n == name)
                            .map(|k| (k, name.clone())),
                        StackBase::Family(f) => family_columns
                            .get(*f)
                            .map(|&k: &usize| (k, families[*f].name.clone())),
                    })
                    .unzip();
                (Columns::Bases(c), l)
            }
        };
        let (result, member) = crate::accuracy::evaluate_family(
            &family.name,
            &table.subset(&half_a),
            &columns,
            &labels,
        );
        // The member chosen on half A forecasts every case; later stackings may use it.
        table.columns.push(member.forecasts(&table));
        family_columns.push(table.columns.len() - 1);
        names.push(family.name.clone());
        results.push(result);
    }
    for (i, f) in forecasts.iter_mut().enumerate() {
        f.2.truncate(predictors.len());
        f.2.extend(family_columns.iter().map(|&k| table.columns[k][i]));
    }
    let reference = predictors
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p, Predictor::Baseline(_)))
        .map(|(k, p)| {
            let e = half_a
                .iter()
                .filter_map(|&i| table.columns[k][i].map(|x| (x - table.outcome[i]).abs()));
            let (sum, n) = e.fold((0.0, 0usize), |(s, n), e| (s + e, n + 1));
            (
                p.name(),
                if n == 0 {
                    f64::INFINITY
                } else {
                    sum / n as f64
                },
            )
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((String::new(), f64::NAN));
    let selected = results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.cv_mae.is_finite())
        .min_by(|a, b| a.1.cv_mae.total_cmp(&b.1.cv_mae))
        .map(|(k, _)| k);
    Accuracy {
        families: results,
        selected,
        reference: reference.0,
        reference_half_a_mae: reference.1,
        folds: crate::accuracy::FOLDS,
    }
}

/// Row `k`'s forecast cases on the 0-100 normalised scale, for its error model.
pub fn calibration_cases(
    forecasts: &[(String, f64, Vec<Option<f64>>)],
    groups: &[CaseGroup],
    features: &[(Scale, Features)],
    k: usize,
) -> Vec<CalCase> {
    forecasts
        .iter()
        .enumerate()
        .filter_map(|(i, (_, y, f))| {
            let x = (*f.get(k)?)?;
            let (scale, features) = features[i];
            Some(CalCase {
                forecast: scale.to_internal(x),
                outcome: scale.to_internal(*y),
                features,
                cluster: groups[i].cluster,
                half: groups[i].half,
            })
        })
        .collect()
}

/// The rows on the cases in `members` (indices into the per-case error lists).
fn table(names: &[(String, bool)], errors: &[Vec<Option<f64>>], members: &[usize]) -> Vec<Row> {
    names
        .iter()
        .zip(errors)
        .map(|((name, baseline), e)| {
            let chosen: Vec<Option<f64>> = members.iter().map(|&i| e[i]).collect();
            row(name, *baseline, &chosen)
        })
        .collect()
}

fn best_baseline(rows: &[Row]) -> Option<usize> {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| r.baseline && r.n > 0)
        .min_by(|a, b| a.1.mae.total_cmp(&b.1.mae))
        .map(|(k, _)| k)
}

/// Fills every row's difference from row `reference` on the cases in `members`.
fn compare(
    rows: &mut [Row],
    errors: &[Vec<Option<f64>>],
    members: &[usize],
    cluster: &[usize],
    reference: usize,
    seed: u64,
) {
    for (k, row) in rows.iter_mut().enumerate() {
        if k != reference {
            row.versus_best_baseline = paired_difference(
                &errors[k],
                &errors[reference],
                members,
                cluster,
                seed,
                MIN_BOOTSTRAP_PROPOSALS,
            );
        }
    }
}

fn row(name: &str, baseline: bool, errors: &[Option<f64>]) -> Row {
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
        name: name.to_owned(),
        baseline,
        n,
        mae: e.iter().sum::<f64>() / nf,
        rmse: (e.iter().map(|x| x * x).sum::<f64>() / nf).sqrt(),
        median_ae,
        within,
        versus_best_baseline: None,
    }
}

/// MAE difference on the cases in `members` both forecast, with a 95% interval from
/// resampling whole clusters (negotiations): the mean over a resample is its summed
/// differences over its summed case count. `None` with fewer than `min_clusters` clusters.
fn paired_difference(
    a: &[Option<f64>],
    b: &[Option<f64>],
    members: &[usize],
    cluster: &[usize],
    seed: u64,
    min_clusters: usize,
) -> Option<[f64; 3]> {
    // (sum of differences, cases) per cluster, clusters in order of first appearance.
    let mut sums: Vec<(f64, usize)> = Vec::new();
    let mut last = None;
    for &i in members {
        let (Some(x), Some(y)) = (a[i], b[i]) else {
            continue;
        };
        if last != Some(cluster[i]) {
            sums.push((0.0, 0));
            last = Some(cluster[i]);
        }
        if let Some(s) = sums.last_mut() {
            s.0 += x - y;
            s.1 += 1;
        }
    }
    let g = sums.len();
    if g == 0 || g < min_clusters {
        return None;
    }
    let mean = pooled(&sums, 0..g);
    let mut rng = Stream::for_run(seed, 0);
    let mut means: Vec<f64> = (0..RESAMPLES)
        .map(|_| pooled(&sums, (0..g).map(|_| (rng.next_u64() % g as u64) as usize)))
        .collect();
    means.sort_by(f64::total_cmp);
    let at = |p: f64| means[((RESAMPLES - 1) as f64 * p).round() as usize];
    Some([mean, at(0.025), at(0.975)])
}

/// Summed differences over summed case counts of the picked clusters.
fn pooled(sums: &[(f64, usize)], picks: impl Iterator<Item = usize>) -> f64 {
    let (d, n) = picks.fold((0.0, 0), |(d, n), c| (d + sums[c].0, n + sums[c].1));
    d / n.max(1) as f64
}

/// The predictors `parley backtest` scores: the baselines, then every model Parley has, then
/// the NBS without the reversion point.
pub fn standard_predictors() -> Vec<Predictor> {
    let mut predictors = vec![
        Predictor::Baseline(Baseline::Midpoint),
        Predictor::Baseline(Baseline::UnweightedMean),
        Predictor::Baseline(Baseline::Actor("com".into())),
        Predictor::Baseline(Baseline::SalienceWeightedMean),
        Predictor::Baseline(Baseline::CapabilitySalienceWeightedMean),
    ];
    for model in crate::models::all() {
        let name = match model.info().id {
            "nbs" => "nbs (reversion point as disagreement)".to_owned(),
            "exchange" => "exchange (per proposal)".to_owned(),
            id => id.to_owned(),
        };
        predictors.push(Predictor::Model(name, model));
    }
    predictors.push(Predictor::ModelWithoutStatusQuo(
        "nbs, reversion point ignored (least agreement)".into(),
        Box::new(crate::models::Nbs::default()),
    ));
    predictors
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::models::{Compromise, Exchange};
    use crate::{Actor, Issue};

    /// p1: issues i1 (a: capability 2, position 0, salience 0.5; b: capability 1, position
    /// 60, salience 1) and i2 (only a: position 100, salience 1); outcomes 30 and 90.
    /// p2: one issue j1 (a 20 and b 40, both salience 1); outcome 20.
    /// p3: one issue without an outcome (carried, not scored).
    fn negotiations() -> Vec<Negotiation> {
        let actual = |id: &str, outcome| {
            Some(Actual {
                id: id.into(),
                outcome,
            })
        };
        let mut p1 = Scenario::named("p1");
        p1.issues = vec![Issue::new("i1"), Issue::new("i2")];
        p1.actors = vec![
            Actor::new("a", 2.0)
                .with_stance("i1", 0.0, 0.5)
                .with_stance("i2", 100.0, 1.0),
            Actor::new("b", 1.0).with_stance("i1", 60.0, 1.0),
        ];
        let mut p2 = Scenario::named("p2");
        p2.issues = vec![Issue::new("j1")];
        p2.actors = vec![
            Actor::new("a", 1.0).with_stance("j1", 20.0, 1.0),
            Actor::new("b", 1.0).with_stance("j1", 40.0, 1.0),
        ];
        let mut p3 = p2.clone();
        p3.meta.name = "p3".into();
        vec![
            Negotiation {
                id: "p1".into(),
                scenario: p1,
                actual: vec![actual("i1", 30.0), actual("i2", 90.0)],
            },
            Negotiation {
                id: "p2".into(),
                scenario: p2,
                actual: vec![actual("j1", 20.0)],
            },
            Negotiation {
                id: "p3".into(),
                scenario: p3,
                actual: vec![None],
            },
        ]
    }

    fn predictors() -> Vec<Predictor> {
        vec![
            Predictor::Baseline(Baseline::Midpoint),
            Predictor::Baseline(Baseline::CapabilitySalienceWeightedMean),
            Predictor::Model("compromise".into(), Box::new(Compromise)),
        ]
    }

    #[test]
    fn a_hand_computed_backtest() {
        let r = backtest_negotiations(&negotiations(), &predictors(), 3);
        assert_eq!((r.cases, r.negotiations, r.single_issue_cases), (3, 2, 1));
        // Capability x salience weighted mean: i1 (2 x 0.5 x 0 + 1 x 1 x 60) / (1 + 1) = 30,
        // i2 100, j1 30; errors 0, 10, 10.
        let capsal = &r.rows[1];
        assert_eq!(r.best_baseline, capsal.name);
        assert!((capsal.mae - 20.0 / 3.0).abs() < 1e-12);
        assert!((capsal.rmse - (200.0_f64 / 3.0).sqrt()).abs() < 1e-12);
        assert_eq!(
            (capsal.median_ae, capsal.within),
            (10.0, [1.0 / 3.0, 1.0, 1.0])
        );
        // Midpoint 50: errors 20, 40, 30.
        let mid = &r.rows[0];
        assert!((mid.mae - 30.0).abs() < 1e-12);
        assert!((mid.rmse - (2900.0_f64 / 3.0).sqrt()).abs() < 1e-12);
        assert_eq!((mid.median_ae, mid.within), (30.0, [0.0, 0.0, 1.0 / 3.0]));
        // Three proposals are too few for a bootstrap interval: no difference is given.
        assert_eq!(mid.versus_best_baseline, None);
        assert_eq!(r.rows[2].versus_best_baseline, None);
        assert_eq!(r.best_baseline, "capability x salience weighted mean");
    }

    #[test]
    fn the_split_alternates_negotiations_and_each_half_has_its_table() {
        let r = backtest_negotiations(&negotiations(), &predictors(), 3);
        let halves: Vec<Half> = r.groups.iter().map(|g| g.half).collect();
        assert_eq!(halves, [Half::A, Half::A, Half::B]);
        let [a, b] = [&r.halves[0], &r.halves[1]];
        assert_eq!((a.half, a.negotiations, a.cases), (Half::A, 1, 2));
        assert_eq!((b.half, b.negotiations, b.cases), (Half::B, 1, 1));
        // Half A's best baseline is the reference in both halves: on p2 alone the midpoint
        // is 20 worse than the weighted mean (30 against 10).
        assert_eq!(b.reference, "capability x salience weighted mean");
        assert_eq!(b.rows[0].versus_best_baseline, None);
        assert!((a.rows[0].mae - 30.0).abs() < 1e-12);
    }

    #[test]
    fn the_cluster_bootstrap_resamples_whole_proposals_and_needs_enough_of_them() {
        // Differences 20 and 30 in proposal 0 (sum 50 over 2 issues), 20 in proposal 1: mean
        // 70 / 3. Resampling two proposals gives 25 (p0 twice), 70 / 3 (one each) or 20 (p1
        // twice), each pair of equal ones with probability 1/4, so the 2.5% and 97.5% points
        // are 20 and 25.
        let a = [Some(40.0), Some(40.0), Some(30.0)];
        let b = [Some(20.0), Some(10.0), Some(10.0)];
        let (members, cluster) = ([0, 1, 2], [0, 0, 1]);
        let [d, lo, hi] = paired_difference(&a, &b, &members, &cluster, 3, 1).unwrap();
        assert!((d - 70.0 / 3.0).abs() < 1e-12);
        assert_eq!((lo, hi), (20.0, 25.0));
        // The same rule against itself differs by nothing.
        assert_eq!(
            paired_difference(&a, &a, &members, &cluster, 3, 1),
            Some([0.0, 0.0, 0.0])
        );
        // One proposal would give a zero-width interval: below the floor there is none.
        assert_eq!(
            paired_difference(&a, &b, &[2], &cluster, 3, 1),
            Some([20.0, 20.0, 20.0])
        );
        assert_eq!(
            paired_difference(&a, &b, &members, &cluster, 3, MIN_BOOTSTRAP_PROPOSALS),
            None
        );
    }

    #[test]
    fn results_do_not_depend_on_the_thread_count() {
        let run = |threads| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut g = negotiations();
            // More negotiations than threads, so that they really are shared out.
            g.extend(negotiations().into_iter().chain(negotiations()));
            let mut p = predictors();
            p.push(Predictor::Model(
                "exchange".into(),
                Box::new(Exchange::default()),
            ));
            pool.install(|| backtest_negotiations(&g, &p, 9))
        };
        assert_eq!(run(1), run(3));
    }

    #[test]
    fn errors_are_listed_per_predictor_and_case() {
        let r = backtest_negotiations(&negotiations(), &predictors(), 3);
        let errors = r.errors();
        assert_eq!(errors.len(), 3);
        let mid: Vec<(String, f64)> = errors[0]
            .errors
            .iter()
            .map(|e| (e.case.clone(), e.error))
            .collect();
        assert_eq!(
            mid,
            [
                ("i1".into(), 20.0),
                ("i2".into(), -40.0),
                ("j1".into(), 30.0)
            ]
        );
        assert_eq!(errors[0].errors[2].negotiation, "p2");
        assert_eq!(errors[0].errors[2].half, Half::B);
    }

    #[test]
    fn one_case_per_negotiation_is_the_old_per_issue_backtest() {
        let cases: Vec<Case> = negotiations()
            .into_iter()
            .filter(|g| g.scenario.issues.len() == 1 && g.actual[0].is_some())
            .map(|g| Case {
                id: g.id,
                outcome: g.actual[0].as_ref().unwrap().outcome,
                scenario: g.scenario,
            })
            .collect();
        let r = backtest(&cases, &predictors(), 3);
        assert_eq!((r.cases, r.negotiations, r.single_issue_cases), (1, 1, 1));
        assert_eq!(r.forecasts[0].0, "p2");
        assert_eq!(r.forecasts[0].2, [Some(50.0), Some(30.0), Some(30.0)]);
    }

    #[test]
    fn the_exchange_model_trades_within_a_negotiation() {
        // a cares more about x, b more about y; they sit on opposite sides of both weighted
        // means (x: (0.9 x 0 + 0.1 x 100 + 0.5 x 50) / 1.5 = 23.3, y: 76.7), so they trade:
        // b gives ground on x, a on y, and the outcomes move off the means.
        let mut s = Scenario::named("trade");
        s.issues = vec![Issue::new("x"), Issue::new("y")];
        s.actors = vec![
            Actor::new("a", 1.0)
                .with_stance("x", 0.0, 0.9)
                .with_stance("y", 0.0, 0.1),
            Actor::new("b", 1.0)
                .with_stance("x", 100.0, 0.1)
                .with_stance("y", 100.0, 0.9),
            Actor::new("c", 1.0)
                .with_stance("x", 50.0, 0.5)
                .with_stance("y", 50.0, 0.5),
        ];
        let g = Negotiation {
            id: "trade".into(),
            scenario: s,
            actual: vec![None, None],
        };
        let p = Predictor::Model("exchange".into(), Box::new(Exchange::default()));
        let f = p.predict(&g.scenario);
        let c = Predictor::Baseline(Baseline::CapabilitySalienceWeightedMean).predict(&g.scenario);
        assert!(f[0].unwrap() < c[0].unwrap() - 1.0, "{f:?} {c:?}");
        assert!(f[1].unwrap() > c[1].unwrap() + 1.0, "{f:?} {c:?}");
    }
}
