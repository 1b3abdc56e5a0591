//! The pre-registered accuracy candidates of issue 15 (`docs/backtest.md`, "Pre-registered
//! accuracy candidates"): families of forecasters whose setting is chosen, or whose weights are
//! fitted, on half A of the backtest only, scored by cross-validation over whole negotiations
//! (proposals) within half A, and one of them selected there before half B is looked at.
//!
//! Stacking follows Wolpert (1992, "Stacked generalization", *Neural Networks*) and Breiman
//! (1996, "Stacked regressions", *Machine Learning*): a convex combination of base forecasts,
//! here on a grid of step 0.1 and fitted to minimise the mean absolute error, with one weight
//! vector per cell of a partition of the issues by a feature (so the weights depend on the
//! issue's features).
//!
//! Every choice here is made by functions that receive a [`Table`] of training cases only; the
//! backtest hands them half-A subsets (a test checks that half-B outcomes change nothing).

use serde::Serialize;

use crate::backtest::Predictor;

/// Folds of the proposal-grouped cross-validation.
pub const FOLDS: usize = 5;

/// Grid steps of the stacking weights (weights are multiples of `1 / STEPS`).
const STEPS: usize = 10;

/// A family of candidate forecasters.
pub struct Family {
    /// Its name (the row name of its chosen member in the backtest tables).
    pub name: String,
    /// What is chosen in it.
    pub kind: FamilyKind,
}

/// How a family's member is chosen on training cases.
pub enum FamilyKind {
    /// Fixed settings, each run as a predictor; the one with the lowest MAE is chosen.
    Settings(Vec<Predictor>),
    /// A convex combination of base forecasts, one weight vector per cell of a partition; the
    /// partition and the weights with the lowest MAE are chosen.
    Stacking(Vec<StackBase>),
}

/// A base forecast of a stacking family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StackBase {
    /// A backtest row, by name.
    Row(String),
    /// The member chosen on half A in an earlier family (by index in the family list).
    Family(usize),
}

/// What a partition may split issues by.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct CaseFeatures {
    /// A reversion point (status quo) is coded.
    pub status_quo: bool,
    /// The procedure is codecision (`Some(false)`: consultation; `None`: not known).
    pub codecision: Option<bool>,
    /// The decision rule is unanimity (`Some(false)`: qualified majority; `None`: not known).
    pub unanimity: Option<bool>,
    /// Capability x salience weighted standard deviation of positions (0-100 scale).
    pub spread: f64,
}

/// How a stacking family splits issues into cells, each with its own weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Partition {
    /// One cell.
    None,
    /// Reversion point coded / not.
    StatusQuo,
    /// Codecision / other or unknown.
    Procedure,
    /// Unanimity / other or unknown.
    Rule,
    /// Spread at or above the training cases' median / below.
    Spread,
}

impl Partition {
    /// The search space, in the pre-registered order (ties go to the first).
    pub const ALL: [Partition; 5] = [
        Partition::None,
        Partition::StatusQuo,
        Partition::Procedure,
        Partition::Rule,
        Partition::Spread,
    ];

    fn cells(self) -> usize {
        match self {
            Partition::None => 1,
            _ => 2,
        }
    }

    fn cell(self, x: &CaseFeatures, spread_cut: f64) -> usize {
        let first = match self {
            Partition::None => true,
            Partition::StatusQuo => x.status_quo,
            Partition::Procedure => x.codecision == Some(true),
            Partition::Rule => x.unanimity == Some(true),
            Partition::Spread => x.spread >= spread_cut,
        };
        usize::from(!first)
    }
}

/// Fitted stacking weights.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stack {
    /// The partition chosen.
    pub partition: Partition,
    /// The spread's median on the training cases (used by [`Partition::Spread`]).
    pub spread_cut: f64,
    /// Per cell, one weight per base (non-negative, summing to 1).
    pub weights: Vec<Vec<f64>>,
}

impl Stack {
    /// The combined forecast: weights renormalised over the bases present; `None` if the
    /// cell's weight sits only on missing bases.
    pub fn predict(&self, bases: &[Option<f64>], x: &CaseFeatures) -> Option<f64> {
        let w = self.weights.get(self.partition.cell(x, self.spread_cut))?;
        combine(w, bases)
    }
}

fn combine(w: &[f64], bases: &[Option<f64>]) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0.0);
    for (&wk, f) in w.iter().zip(bases) {
        if let Some(f) = f {
            num += wk * f;
            den += wk;
        }
    }
    (den > 0.0).then(|| num / den)
}

/// Cases to choose on: outcomes, candidate forecasts by column, features and each case's
/// negotiation (the cross-validation's unit).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Actual outcomes.
    pub outcome: Vec<f64>,
    /// Per column, a forecast per case.
    pub columns: Vec<Vec<Option<f64>>>,
    /// Per case, its features.
    pub features: Vec<CaseFeatures>,
    /// Per case, its negotiation's position in the input.
    pub cluster: Vec<usize>,
}

impl Table {
    /// The cases at `idx`, in that order.
    pub fn subset(&self, idx: &[usize]) -> Table {
        Table {
            outcome: idx.iter().map(|&i| self.outcome[i]).collect(),
            columns: self
                .columns
                .iter()
                .map(|c| idx.iter().map(|&i| c[i]).collect())
                .collect(),
            features: idx.iter().map(|&i| self.features[i]).collect(),
            cluster: idx.iter().map(|&i| self.cluster[i]).collect(),
        }
    }

    /// Mean absolute error of `forecasts` against the outcomes, over the cases forecast.
    fn mae(&self, forecasts: &[Option<f64>]) -> f64 {
        let (sum, n) = forecasts
            .iter()
            .zip(&self.outcome)
            .filter_map(|(f, y)| f.map(|f| (f - y).abs()))
            .fold((0.0, 0usize), |(s, n), e| (s + e, n + 1));
        if n == 0 {
            f64::INFINITY
        } else {
            sum / n as f64
        }
    }

    /// The fold of each case: the negotiations in order of first appearance dealt round-robin.
    fn folds(&self) -> Vec<usize> {
        let mut seen: Vec<usize> = Vec::new();
        self.cluster
            .iter()
            .map(|c| {
                let rank = seen.iter().position(|s| s == c).unwrap_or_else(|| {
                    seen.push(*c);
                    seen.len() - 1
                });
                rank % FOLDS
            })
            .collect()
    }
}

/// The column (of `columns`) with the lowest MAE on the training cases; ties to the first.
pub fn choose_setting(train: &Table, columns: &[usize]) -> usize {
    let mut best = (f64::INFINITY, columns.first().copied().unwrap_or(0));
    for &k in columns {
        let e = train.mae(&train.columns[k]);
        if e < best.0 {
            best = (e, k);
        }
    }
    best.1
}

/// Every weight vector of the grid over `k` bases, all weight on the first base first.
fn grid(k: usize) -> Vec<Vec<f64>> {
    fn fill(left: usize, k: usize, prefix: &mut Vec<usize>, out: &mut Vec<Vec<f64>>) {
        if prefix.len() + 1 == k {
            prefix.push(left);
            out.push(prefix.iter().map(|&u| u as f64 / STEPS as f64).collect());
            prefix.pop();
            return;
        }
        for u in (0..=left).rev() {
            prefix.push(u);
            fill(left - u, k, prefix, out);
            prefix.pop();
        }
    }
    let mut out = Vec::new();
    if k > 0 {
        fill(STEPS, k, &mut Vec::new(), &mut out);
    }
    out
}

/// The grid weights with the lowest MAE on `cases` (base forecasts, outcome); ties to the
/// first in grid order.
fn fit_cell(grid: &[Vec<f64>], cases: &[(Vec<Option<f64>>, f64)]) -> Vec<f64> {
    let mut best: (f64, usize) = (f64::INFINITY, 0);
    for (g, w) in grid.iter().enumerate() {
        let (mut sum, mut n) = (0.0, 0usize);
        for (bases, y) in cases {
            if let Some(f) = combine(w, bases) {
                sum += (f - y).abs();
                n += 1;
            }
        }
        let e = if n == 0 {
            f64::INFINITY
        } else {
            sum / n as f64
        };
        if e < best.0 {
            best = (e, g);
        }
    }
    grid.get(best.1).cloned().unwrap_or_default()
}

/// Fits the stacking weights on `train` (base forecasts in `bases` columns): for each
/// partition the per-cell weights with the lowest MAE, then the partition with the lowest MAE.
pub fn fit_stack(train: &Table, bases: &[usize]) -> Stack {
    let grid = grid(bases.len());
    let mut spreads: Vec<f64> = train.features.iter().map(|x| x.spread).collect();
    spreads.sort_by(f64::total_cmp);
    let spread_cut = match spreads.len() {
        0 => 0.0,
        n if n % 2 == 1 => spreads[n / 2],
        n => 0.5 * (spreads[n / 2 - 1] + spreads[n / 2]),
    };
    let base_forecasts =
        |i: usize| -> Vec<Option<f64>> { bases.iter().map(|&k| train.columns[k][i]).collect() };
    let mut best: Option<(f64, Stack)> = None;
    for partition in Partition::ALL {
        let weights: Vec<Vec<f64>> = (0..partition.cells())
            .map(|cell| {
                let cases: Vec<(Vec<Option<f64>>, f64)> = (0..train.outcome.len())
                    .filter(|&i| partition.cell(&train.features[i], spread_cut) == cell)
                    .map(|i| (base_forecasts(i), train.outcome[i]))
                    .collect();
                fit_cell(&grid, &cases)
            })
            .collect();
        let stack = Stack {
            partition,
            spread_cut,
            weights,
        };
        let forecasts: Vec<Option<f64>> = (0..train.outcome.len())
            .map(|i| stack.predict(&base_forecasts(i), &train.features[i]))
            .collect();
        let e = train.mae(&forecasts);
        if best.as_ref().is_none_or(|b| e < b.0) {
            best = Some((e, stack));
        }
    }
    best.map_or(
        Stack {
            partition: Partition::None,
            spread_cut,
            weights: vec![Vec::new()],
        },
        |b| b.1,
    )
}

/// What a family chose on half A and how it did there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyResult {
    /// The family (and its row) name.
    pub name: String,
    /// The setting chosen on all of half A (a label, or the stacking weights).
    pub chosen: String,
    /// The stacking fit, for a stacking family.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<Stack>,
    /// Settings (or partitions) searched.
    pub searched: usize,
    /// MAE of the chosen member on half A (in sample).
    pub half_a_mae: f64,
    /// MAE on held-out folds of the choice made on the other folds (half A, grouped by
    /// negotiation).
    pub cv_mae: f64,
    /// Cases scored in the cross-validation.
    pub cv_cases: usize,
}

/// The families' choices on half A and the one selected there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Accuracy {
    /// One entry per family, in the pre-registered order.
    pub families: Vec<FamilyResult>,
    /// The family with the lowest cross-validated MAE on half A (index into `families`).
    pub selected: Option<usize>,
    /// The reference row (the best baseline on half A) and its MAE on half A.
    pub reference: String,
    /// The reference's half-A MAE (it has nothing to fit, so this is its CV MAE too).
    pub reference_half_a_mae: f64,
    /// Folds of the cross-validation.
    pub folds: usize,
}

/// A family's member as fitted on training cases.
enum Fit {
    Setting(usize),
    Stack(Stack),
}

impl Fit {
    fn predict(&self, t: &Table, i: usize, bases: &[usize]) -> Option<f64> {
        match self {
            Fit::Setting(k) => t.columns[*k][i],
            Fit::Stack(s) => {
                let b: Vec<Option<f64>> = bases.iter().map(|&k| t.columns[k][i]).collect();
                s.predict(&b, &t.features[i])
            }
        }
    }
}

/// Where a family's candidates sit in the table.
pub enum Columns {
    /// The setting columns.
    Settings(Vec<usize>),
    /// The base columns of a stacking family.
    Bases(Vec<usize>),
}

fn fit(train: &Table, columns: &Columns) -> Fit {
    match columns {
        Columns::Settings(c) => Fit::Setting(choose_setting(train, c)),
        Columns::Bases(b) => Fit::Stack(fit_stack(train, b)),
    }
}

/// Fits one family on `half_a` (a table of half-A cases only): the member chosen on all of
/// it, and the cross-validated MAE of the choice. Returns the fit's result and the fitted
/// member, to apply to every case.
pub fn evaluate_family(
    name: &str,
    half_a: &Table,
    columns: &Columns,
    labels: &[String],
) -> (FamilyResult, FittedMember) {
    let folds = half_a.folds();
    let mut cv = Vec::new();
    for f in 0..FOLDS {
        let train_idx: Vec<usize> = (0..folds.len()).filter(|&i| folds[i] != f).collect();
        let test_idx: Vec<usize> = (0..folds.len()).filter(|&i| folds[i] == f).collect();
        if test_idx.is_empty() || train_idx.is_empty() {
            continue;
        }
        let model = fit(&half_a.subset(&train_idx), columns);
        let test = half_a.subset(&test_idx);
        for i in 0..test.outcome.len() {
            if let Some(x) = model.predict(&test, i, bases_of(columns)) {
                cv.push((x - test.outcome[i]).abs());
            }
        }
    }
    let whole = fit(half_a, columns);
    let in_sample: Vec<Option<f64>> = (0..half_a.outcome.len())
        .map(|i| whole.predict(half_a, i, bases_of(columns)))
        .collect();
    let (chosen, stack, searched) = match (&whole, columns) {
        (Fit::Setting(k), Columns::Settings(c)) => {
            let at = c.iter().position(|x| x == k).unwrap_or(0);
            (labels.get(at).cloned().unwrap_or_default(), None, c.len())
        }
        (Fit::Stack(s), _) => (describe(s, labels), Some(s.clone()), Partition::ALL.len()),
        (Fit::Setting(_), Columns::Bases(_)) => (String::new(), None, 0),
    };
    let result = FamilyResult {
        name: name.to_owned(),
        chosen,
        stack,
        searched,
        half_a_mae: half_a.mae(&in_sample),
        cv_mae: if cv.is_empty() {
            f64::INFINITY
        } else {
            cv.iter().sum::<f64>() / cv.len() as f64
        },
        cv_cases: cv.len(),
    };
    let member = match whole {
        Fit::Setting(k) => FittedMember::Column(k),
        Fit::Stack(s) => FittedMember::Stack(s, bases_of(columns).to_vec()),
    };
    (result, member)
}

fn bases_of(columns: &Columns) -> &[usize] {
    match columns {
        Columns::Settings(_) => &[],
        Columns::Bases(b) => b,
    }
}

/// A family's member fitted on half A, to forecast every case with.
#[derive(Debug, Clone, PartialEq)]
pub enum FittedMember {
    /// A setting's column.
    Column(usize),
    /// Stacking weights over these base columns.
    Stack(Stack, Vec<usize>),
}

impl FittedMember {
    /// Its forecasts for every case of `t`.
    pub fn forecasts(&self, t: &Table) -> Vec<Option<f64>> {
        match self {
            FittedMember::Column(k) => t.columns[*k].clone(),
            FittedMember::Stack(s, bases) => (0..t.outcome.len())
                .map(|i| {
                    let b: Vec<Option<f64>> = bases.iter().map(|&k| t.columns[k][i]).collect();
                    s.predict(&b, &t.features[i])
                })
                .collect(),
        }
    }
}

/// The stacking weights in words, e.g. `partition rule; cell 1: 0.6 a + 0.4 b; cell 2: ...`.
fn describe(s: &Stack, labels: &[String]) -> String {
    let cells: Vec<String> = s
        .weights
        .iter()
        .enumerate()
        .map(|(c, w)| {
            let terms: Vec<String> = w
                .iter()
                .zip(labels)
                .filter(|(wk, _)| **wk > 0.0)
                .map(|(wk, l)| format!("{wk:.1} {l}"))
                .collect();
            format!("cell {}: {}", c + 1, terms.join(" + "))
        })
        .collect();
    let partition = match s.partition {
        Partition::None => "none".to_owned(),
        Partition::StatusQuo => "reversion point coded (cell 1) or not".to_owned(),
        Partition::Procedure => "codecision (cell 1) or not".to_owned(),
        Partition::Rule => "unanimity (cell 1) or not".to_owned(),
        Partition::Spread => format!("spread >= {:.2} (cell 1) or not", s.spread_cut),
    };
    format!("partition {partition}; {}", cells.join("; "))
}

/// Names of the backtest rows the stacking family combines (as `parley backtest` names them).
pub const STACK_ROWS: [&str; 5] = [
    "capability x salience weighted mean",
    "nbs, reversion point ignored (least agreement)",
    "exchange (per proposal)",
    "smp",
    "eum",
];

/// The four pre-registered families (`docs/backtest.md`), in order: procedural, reference
/// point, EUM/SMP variants, stacking.
pub fn preregistered() -> Vec<Family> {
    use crate::models::eum::Eum;
    use crate::models::procedural::{Codecision, Procedural, ProceduralParams};
    use crate::models::reference_point::{BlockingWeight, ReferencePoint, ReferencePointParams};
    use crate::models::smp::{Smp, SmpParams, VictoryProbModel, VotingRule};
    let mut procedural = Vec::new();
    for threshold in [0.62, 0.71, 0.74] {
        for codecision in [Codecision::Setter, Codecision::Bargain] {
            for lambda in [0.25, 0.5, 0.75, 1.0] {
                let params = ProceduralParams {
                    threshold,
                    codecision,
                    lambda,
                };
                let label =
                    format!("procedural t={threshold} codecision={codecision:?} lambda={lambda}");
                procedural.push(Predictor::Model(label, Box::new(Procedural { params })));
            }
        }
    }
    let mut reference = Vec::new();
    for tenths in 1..=10 {
        let beta = f64::from(tenths) / 10.0;
        for weight in [
            BlockingWeight::Capability,
            BlockingWeight::CapabilitySalience,
        ] {
            let params = ReferencePointParams {
                beta,
                weight,
                threshold: 0.71,
            };
            let label = format!("reference point beta={beta} weight={weight:?}");
            reference.push(Predictor::Model(label, Box::new(ReferencePoint { params })));
        }
    }
    let mut variants = Vec::new();
    for (variant, make) in [
        ("convergent", Eum::convergent as fn() -> Eum),
        ("scholz", Eum::scholz),
    ] {
        for q in [1.0, 0.5] {
            let model = Eum { q, ..make() };
            variants.push(Predictor::Model(
                format!("eum {variant} Q={q}"),
                Box::new(model),
            ));
        }
    }
    for voting_rule in [
        VotingRule::Proportional,
        VotingRule::Binary,
        VotingRule::Cubic,
    ] {
        for victory_prob in [VictoryProbModel::Linear, VictoryProbModel::Quartic] {
            let params = SmpParams {
                voting_rule,
                victory_prob,
                ..SmpParams::default()
            };
            variants.push(Predictor::Model(
                format!("smp voting={voting_rule} victory={victory_prob}"),
                Box::new(Smp::with_params(params)),
            ));
        }
    }
    let mut bases: Vec<StackBase> = STACK_ROWS
        .iter()
        .map(|r| StackBase::Row((*r).to_owned()))
        .collect();
    bases.extend([StackBase::Family(0), StackBase::Family(1)]);
    vec![
        Family {
            name: "procedural (chosen on half A)".into(),
            kind: FamilyKind::Settings(procedural),
        },
        Family {
            name: "reference point (chosen on half A)".into(),
            kind: FamilyKind::Settings(reference),
        },
        Family {
            name: "eum/smp variant (chosen on half A)".into(),
            kind: FamilyKind::Settings(variants),
        },
        Family {
            name: "stacking (fitted on half A)".into(),
            kind: FamilyKind::Stacking(bases),
        },
    ]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_grid_is_the_simplex_at_step_a_tenth() {
        let g = grid(3);
        // Compositions of 10 into 3 parts: C(12, 2) = 66.
        assert_eq!(g.len(), 66);
        assert_eq!(g[0], [1.0, 0.0, 0.0]);
        assert!(
            g.iter()
                .all(|w| (w.iter().sum::<f64>() - 1.0).abs() < 1e-12)
        );
        assert_eq!(grid(7).len(), 8008);
    }

    /// Four cases in two negotiations; column 0 is off by 10 everywhere, column 1 exact on
    /// the first two cases and off by 40 on the last two.
    fn table() -> Table {
        Table {
            outcome: vec![0.0, 10.0, 20.0, 30.0],
            columns: vec![
                vec![Some(10.0), Some(20.0), Some(30.0), Some(40.0)],
                vec![Some(0.0), Some(10.0), Some(60.0), Some(70.0)],
            ],
            features: vec![CaseFeatures::default(); 4],
            cluster: vec![0, 0, 1, 1],
        }
    }

    #[test]
    fn choosing_a_setting_by_mae() {
        // MAE: column 0 10, column 1 (0 + 0 + 40 + 40) / 4 = 20.
        assert_eq!(choose_setting(&table(), &[0, 1]), 0);
        // On the first negotiation alone column 1 is exact.
        assert_eq!(choose_setting(&table().subset(&[0, 1]), &[0, 1]), 1);
    }

    #[test]
    fn stacking_fits_weights_per_cell() {
        // Case 0: bases 0 and 20, outcome 6: weights (0.7, 0.3) give 6 exactly. Case 1: bases
        // 0 and 20, outcome 14 -> (0.3, 0.7). With the cases in different cells (status quo
        // coded or not) each gets its own exact weights; in one cell the best is any weight
        // in [0.3, 0.7] (MAE 4), the first in grid order being (0.7, 0.3).
        let mut t = Table {
            outcome: vec![6.0, 14.0],
            columns: vec![vec![Some(0.0), Some(0.0)], vec![Some(20.0), Some(20.0)]],
            features: vec![CaseFeatures::default(); 2],
            cluster: vec![0, 1],
        };
        let s = fit_stack(&t, &[0, 1]);
        assert_eq!(s.partition, Partition::None);
        assert_eq!(s.weights, [vec![0.7, 0.3]]);
        t.features[0].status_quo = true;
        let s = fit_stack(&t, &[0, 1]);
        assert_eq!(s.partition, Partition::StatusQuo);
        assert!((s.weights[0][0] - 0.7).abs() < 1e-12 && (s.weights[1][0] - 0.3).abs() < 1e-12);
        assert!((s.predict(&[Some(0.0), Some(20.0)], &t.features[1]).unwrap() - 14.0).abs() < 1e-9);
        // A missing base: the weight renormalises over the one present.
        assert!((s.predict(&[None, Some(20.0)], &t.features[1]).unwrap() - 20.0).abs() < 1e-9);
    }

    #[test]
    fn cross_validation_holds_out_whole_negotiations() {
        // Two negotiations -> folds 0 and 1. Fold 0 held out: trained on negotiation 1
        // (cases 2, 3), where column 0 (MAE 10) beats column 1 (40); errors on cases 0, 1: 10,
        // 10. Fold 1 held out: trained on negotiation 0, column 1 (exact) is chosen; errors on
        // cases 2, 3: 40, 40. CV MAE (10 + 10 + 40 + 40) / 4 = 25; on all of it column 0.
        let labels = ["a".to_owned(), "b".to_owned()];
        let (r, member) = evaluate_family("f", &table(), &Columns::Settings(vec![0, 1]), &labels);
        assert_eq!(r.cv_cases, 4);
        assert!((r.cv_mae - 25.0).abs() < 1e-12);
        assert_eq!((r.chosen.as_str(), r.half_a_mae), ("a", 10.0));
        assert_eq!(member, FittedMember::Column(0));
    }
}
