//! Model error at the coding's point values: each model's forecast with its interval, and each
//! question's odds once the forecasts carry the model's measured error (no input ranges drawn:
//! that is the Monte Carlo's job, [`crate::uncertainty::MonteCarlo::run_calibrated`]).

use indexmap::IndexMap;
use serde::Serialize;

use super::{Calibration, DEFAULT_LEVEL, Features, Provenance};
use crate::analysis::Analysis;
use crate::condition::Condition;
use crate::inputs::{Inputs, InvalidScenario};
use crate::scenario::Scenario;
use crate::uncertainty::rng::Stream;

/// Draws behind the point-value odds.
pub const DRAWS: usize = 10_000;

/// Each model's forecast intervals and the questions' odds with model error, at point values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointError {
    /// Where the error models come from.
    pub model_error: Provenance,
    /// The level of the intervals (0.8).
    pub level: f64,
    /// Per model with an error model: issue id -> `[low, high]` on the issue's own scale.
    pub intervals: IndexMap<String, IndexMap<String, [f64; 2]>>,
    /// Per question with a condition: model id -> probability it holds with model error
    /// ([`DRAWS`] draws of the error, seeded by the scenario's seed).
    pub odds: IndexMap<String, IndexMap<String, f64>>,
    /// Models without an error model in the calibration (shown without intervals).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub without_model_error: Vec<String>,
}

/// Intervals and odds for the models of `analysis` (run on `s`).
pub fn point_error(
    s: &Scenario,
    analysis: &Analysis,
    calibration: &Calibration,
    seed: u64,
) -> Result<PointError, InvalidScenario> {
    let inputs = Inputs::from_scenario(s)?;
    let features: Vec<Features> = (0..s.issues.len())
        .map(|j| Features::of(&inputs, j))
        .collect();
    let mut intervals = IndexMap::new();
    let mut without = Vec::new();
    // Per model with an error model: its forecasts on the internal scale, in issue order.
    let mut internal: Vec<(&str, &super::ErrorModel, Vec<f64>)> = Vec::new();
    for run in &analysis.models {
        let Some(em) = calibration.get(&run.model) else {
            without.push(run.model.clone());
            continue;
        };
        let mut by_issue = IndexMap::new();
        let mut values = Vec::with_capacity(s.issues.len());
        for (j, issue) in s.issues.iter().enumerate() {
            let Some(&f) = run.forecast.get(&issue.id) else {
                values.push(f64::NAN);
                continue;
            };
            let fi = issue.scale.to_internal(f);
            let [lo, hi] = em.interval(fi, &features[j], DEFAULT_LEVEL);
            by_issue.insert(
                issue.id.clone(),
                [issue.scale.from_internal(lo), issue.scale.from_internal(hi)],
            );
            values.push(fi);
        }
        intervals.insert(run.model.clone(), by_issue);
        internal.push((run.model.as_str(), em, values));
    }
    // Every question is judged on the same draws (the draw of run `d` depends on the seed and
    // `d` only), so each model's draws are made once and every condition counted on them:
    // drawing afresh per question cost 2.5 ms a question (sweep3 item 28).
    let conditions: Vec<(&str, crate::condition::ResolvedCondition)> = s
        .questions
        .iter()
        .filter_map(|q| {
            let text = q.condition.as_ref()?;
            let c = Condition::parse(text)
                .and_then(|c| c.resolve(&s.issues))
                .ok()?;
            Some((q.id.as_str(), c))
        })
        .collect();
    let mut odds: IndexMap<String, IndexMap<String, f64>> = conditions
        .iter()
        .map(|(id, _)| ((*id).to_owned(), IndexMap::new()))
        .collect();
    if !conditions.is_empty() {
        for (model, em, values) in &internal {
            if values.iter().any(|v| v.is_nan()) {
                continue;
            }
            let mut drawn = vec![0.0; values.len()];
            let mut hits = vec![0usize; conditions.len()];
            for d in 0..DRAWS {
                let mut rng = Stream::for_run(seed, d as u64);
                for (j, issue) in s.issues.iter().enumerate() {
                    let y = em.draw(values[j], &features[j], rng.next_f64());
                    drawn[j] = issue.scale.from_internal(y);
                }
                for (h, (_, c)) in hits.iter_mut().zip(&conditions) {
                    *h += usize::from(c.holds(&drawn));
                }
            }
            for ((id, _), h) in conditions.iter().zip(hits) {
                if let Some(per_model) = odds.get_mut(*id) {
                    per_model.insert((*model).to_owned(), h as f64 / DRAWS as f64);
                }
            }
        }
    }
    Ok(PointError {
        model_error: calibration.provenance.clone(),
        level: DEFAULT_LEVEL,
        intervals,
        odds,
        without_model_error: without,
    })
}
