//! Forecasts as predictions that can be sealed, and the commitment over them.
//!
//! A [`Prediction`] is one model's forecast of one target: an issue (a value on its scale,
//! with the Monte Carlo draws behind it) or a question with a condition (the share of draws in
//! which the condition holds). Its commitment is the SHA-256 of its canonical JSON: the fields
//! in declaration order, numbers as `serde_json` writes them (shortest round-trip form). The
//! payload holds only what was predicted and from what: scenario key, target, model, the
//! SHA-256 of the scenario bytes, seed, runs and the forecast statistics. It holds no time, no
//! build and no host, so the same forecast made twice has the same commitment, and anyone with
//! the payload text can check the hash.

use parley_core::condition::Condition;
use parley_core::inputs::Inputs;
use parley_core::uncertainty::rng::Stream;
use parley_core::uncertainty::sample::Sampler;
use parley_core::{Model, Scenario, analyse};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{LibraryError, sha256_hex};

/// What a prediction is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// An issue: the forecast is a value on the issue's scale.
    Issue,
    /// A question with a condition: the forecast is a probability.
    Question,
}

impl TargetKind {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Issue => "issue",
            TargetKind::Question => "question",
        }
    }
}

/// One model's forecast of one target: the substantive prediction, and nothing else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// The scenario's key (library name).
    pub scenario: String,
    /// Issue id or question id.
    pub target: String,
    /// Issue or question.
    pub kind: TargetKind,
    /// Model id.
    pub model: String,
    /// SHA-256 of the scenario bytes the forecast was made from.
    pub inputs_sha256: String,
    /// Seed of the Monte Carlo draws.
    pub seed: u64,
    /// Monte Carlo runs drawn.
    pub runs: usize,
    /// Issue: the forecast at the coded (point) values, on the issue's own scale.
    pub point: Option<f64>,
    /// Question: the share of draws in which the condition holds.
    pub probability: Option<f64>,
    /// Question: whether the condition holds at the point values.
    pub holds: Option<bool>,
    /// Issue: the forecast in each draw the model completed, own scale, in run order.
    pub samples: Vec<f64>,
}

impl Prediction {
    /// The canonical JSON text the commitment is computed over.
    pub fn canonical(&self) -> Result<String, LibraryError> {
        Ok(serde_json::to_string(self)?)
    }

    /// The commitment: SHA-256 of [`Prediction::canonical`], hex.
    pub fn commitment(&self) -> Result<String, LibraryError> {
        Ok(sha256_hex(self.canonical()?.as_bytes()))
    }
}

/// Forecasts every issue and every question with a condition of `scenario`, under each of
/// `models`: point values from the models at the coded values, distributions from `runs`
/// Monte Carlo draws with `seed` (the same draws as `parley mc` with that seed, so a
/// question's probability equals its inputs-only odds there). Models that cannot run on the
/// scenario are left out.
pub fn forecast(
    key: &str,
    scenario: &Scenario,
    content: &[u8],
    models: &[Box<dyn Model>],
    runs: usize,
    seed: u64,
) -> Result<Vec<Prediction>, LibraryError> {
    forecast_with_progress(key, scenario, content, models, runs, seed, &|| {})
}

/// [`forecast`], calling `on_run` once after each Monte Carlo run (from the worker threads, in
/// no particular order), for a caller's progress indicator; the result is the same.
pub fn forecast_with_progress(
    key: &str,
    scenario: &Scenario,
    content: &[u8],
    models: &[Box<dyn Model>],
    runs: usize,
    seed: u64,
    on_run: &(dyn Fn() + Sync),
) -> Result<Vec<Prediction>, LibraryError> {
    let fail = |detail: String| LibraryError::Forecast {
        scenario: key.to_owned(),
        detail,
    };
    let analysis = analyse(scenario, models).map_err(|e| fail(e.to_string()))?;
    let base = Inputs::from_scenario(scenario).map_err(|e| fail(e.to_string()))?;
    let sampler = Sampler::new(scenario);
    let conditions: Vec<(String, parley_core::condition::ResolvedCondition)> = scenario
        .questions
        .iter()
        .filter_map(|q| q.condition.as_ref().map(|c| (q.id.clone(), c)))
        .map(|(id, c)| {
            Condition::parse(c)
                .and_then(|p| p.resolve(&scenario.issues))
                .map(|r| (id, r))
                .map_err(|e| fail(format!("question {c}: {e}")))
        })
        .collect::<Result<_, _>>()?;
    // draws[run][model] = the model's forecasts on the issues' own scales, or None if it failed.
    let draws: Vec<Vec<Option<Vec<f64>>>> = (0..runs)
        .into_par_iter()
        .map(|run| {
            let mut inputs = base.clone();
            let mut rng = Stream::for_run(seed, run as u64);
            sampler.draw_into(&mut inputs, &mut rng);
            let forecasts = models
                .iter()
                .map(|m| {
                    m.run(&inputs).ok().map(|o| {
                        o.forecasts
                            .iter()
                            .zip(&scenario.issues)
                            .map(|(f, i)| i.scale.from_internal(f.value))
                            .collect()
                    })
                })
                .collect();
            on_run();
            forecasts
        })
        .collect();
    let inputs_sha256 = sha256_hex(content);
    let mut out = Vec::new();
    for (m, model) in models.iter().enumerate() {
        let id = model.info().id;
        let Some(run) = analysis.models.iter().find(|r| r.model == id) else {
            continue;
        };
        let mine: Vec<&Vec<f64>> = draws
            .iter()
            .filter_map(|d| d.get(m).and_then(Option::as_ref))
            .collect();
        let base = Prediction {
            scenario: key.to_owned(),
            target: String::new(),
            kind: TargetKind::Issue,
            model: id.to_owned(),
            inputs_sha256: inputs_sha256.clone(),
            seed,
            runs,
            point: None,
            probability: None,
            holds: None,
            samples: Vec::new(),
        };
        for (j, issue) in scenario.issues.iter().enumerate() {
            out.push(Prediction {
                target: issue.id.clone(),
                point: run.forecast.get(&issue.id).copied(),
                samples: mine.iter().filter_map(|d| d.get(j).copied()).collect(),
                ..base.clone()
            });
        }
        for (qid, cond) in &conditions {
            let holds = analysis
                .questions
                .iter()
                .find(|q| &q.id == qid)
                .and_then(|q| q.answers.iter().find(|a| a.model == id))
                .and_then(|a| a.holds);
            let yes = mine.iter().filter(|d| cond.holds(d)).count();
            let probability = (!mine.is_empty()).then(|| yes as f64 / mine.len() as f64);
            out.push(Prediction {
                target: qid.clone(),
                kind: TargetKind::Question,
                probability,
                holds,
                ..base.clone()
            });
        }
    }
    Ok(out)
}
