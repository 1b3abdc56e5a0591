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
//!
//! A question carries two probabilities: over the input draws alone, and with each draw's
//! forecasts moved by a draw of the model's measured error, computed by `parley mc`'s own Monte
//! Carlo ([`MonteCarlo::run_calibrated`]) with the same seed and runs, so it equals the
//! `with_model_error` odds `parley mc` gives. Every other output leads with the second; sealing
//! only the first would grade a number the analyst was told not to use alone. The second is
//! an optional field, written only when present, so payloads sealed before it existed read
//! back, verify and score unchanged (their text is what their commitment is over).

use indexmap::IndexMap;
use parley_core::calibration::Calibration;
use parley_core::condition::Condition;
use parley_core::inputs::Inputs;
use parley_core::uncertainty::MonteCarlo;
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
    /// Question: the share of draws in which the condition holds, over the input draws alone
    /// ("inputs only").
    pub probability: Option<f64>,
    /// Question: the share of draws in which the condition holds once each draw's forecasts
    /// carry a draw of the model's measured error ("with model error"), as `parley mc`'s
    /// `with_model_error` gives it for the same seed and runs. `None` for an issue, for a model
    /// the error model does not cover or that failed on a draw, and in payloads sealed before
    /// Parley recorded it; absent from the payload text when `None`, so those payloads keep
    /// their text and commitment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability_with_model_error: Option<f64>,
    /// With `probability_with_model_error`: SHA-256 of the model's error model as Parley writes
    /// it (the JSON of its rule, scores, weights and negotiations), so the seal commits to the
    /// error model the odds were drawn from as well as to the inputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_model_sha256: Option<String>,
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
/// scenario are left out. The questions get no odds with model error here: `parley seal` uses
/// [`forecast_calibrated`] with the scenario's error model.
pub fn forecast(
    key: &str,
    scenario: &Scenario,
    content: &[u8],
    models: &[Box<dyn Model>],
    runs: usize,
    seed: u64,
) -> Result<Vec<Prediction>, LibraryError> {
    forecast_calibrated(key, scenario, content, models, runs, seed, None, &|| {})
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
    forecast_calibrated(key, scenario, content, models, runs, seed, None, on_run)
}

/// How many times [`forecast_calibrated`] calls its `on_run` for `runs` runs: once per run
/// of the input draws, and once more per run of the draws with model error when there is a
/// calibration.
pub fn progress_steps(runs: usize, calibration: Option<&Calibration>) -> usize {
    if calibration.is_some() && runs > 0 {
        runs.saturating_mul(2)
    } else {
        runs
    }
}

/// [`forecast`], and with `calibration` (the scenario's error model, as `parley mc` loads it)
/// each question also gets its odds with model error, equal to `parley mc`'s
/// `with_model_error` for the same seed and runs. Calls `on_run` after each Monte Carlo run
/// (from the worker threads, in no particular order; [`progress_steps`] times in all), for a
/// caller's progress indicator; the result does not depend on it.
#[allow(clippy::too_many_arguments)]
pub fn forecast_calibrated(
    key: &str,
    scenario: &Scenario,
    content: &[u8],
    models: &[Box<dyn Model>],
    runs: usize,
    seed: u64,
    calibration: Option<&Calibration>,
    on_run: &(dyn Fn() + Sync),
) -> Result<Vec<Prediction>, LibraryError> {
    let ids: Vec<&str> = models.iter().map(|m| m.info().id).collect();
    let hashed = calibration
        .map(|c| HashedErrorModel::of(c, &ids))
        .transpose()?;
    forecast_hashed(
        key,
        scenario,
        content,
        models,
        runs,
        seed,
        hashed.as_ref(),
        on_run,
    )
}

/// An error model with the SHA-256 of each model's part of it ([`error_model_sha256`]),
/// hashed once: `parley seal` checks the hashes against earlier seals, prints them and seals
/// them with the odds, all from this one computation.
#[derive(Debug, Clone)]
pub struct HashedErrorModel<'a> {
    calibration: &'a Calibration,
    /// Model id -> its error model's SHA-256 (`None`: the calibration has none for it), in
    /// the order the ids were given.
    sha256: IndexMap<String, Option<String>>,
}

impl<'a> HashedErrorModel<'a> {
    /// `calibration` with the hash of each of the models `ids`.
    pub fn of(calibration: &'a Calibration, ids: &[&str]) -> Result<Self, LibraryError> {
        let sha256 = ids
            .iter()
            .map(|id| Ok(((*id).to_owned(), error_model_sha256(calibration, id)?)))
            .collect::<Result<_, LibraryError>>()?;
        Ok(Self {
            calibration,
            sha256,
        })
    }

    /// The error model.
    pub fn calibration(&self) -> &'a Calibration {
        self.calibration
    }

    /// Model `id`'s hash: `None` when the calibration has none for it or `id` was not hashed.
    pub fn sha256(&self, id: &str) -> Option<&str> {
        self.sha256.get(id).and_then(Option::as_deref)
    }

    /// Model `id`'s hash, hashed now if it was not among the ids given (a model the caller
    /// did not expect still seals the hash of its own error model).
    fn sha256_or_hash(&self, id: &str) -> Result<Option<String>, LibraryError> {
        match self.sha256.get(id) {
            Some(h) => Ok(h.clone()),
            None => error_model_sha256(self.calibration, id),
        }
    }

    /// Every hashed model with its hash (`None`: no error model for it), in the order given.
    pub fn hashes(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.sha256
            .iter()
            .map(|(id, h)| (id.as_str(), h.as_deref()))
    }
}

/// [`forecast_calibrated`] with the error model already hashed (see [`HashedErrorModel`]), so
/// a caller that needs the hashes itself computes them once.
#[allow(clippy::too_many_arguments)]
pub fn forecast_hashed(
    key: &str,
    scenario: &Scenario,
    content: &[u8],
    models: &[Box<dyn Model>],
    runs: usize,
    seed: u64,
    hashed: Option<&HashedErrorModel<'_>>,
    on_run: &(dyn Fn() + Sync),
) -> Result<Vec<Prediction>, LibraryError> {
    let calibration = hashed.map(HashedErrorModel::calibration);
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
    let with_error = match calibration {
        Some(c) if runs > 0 => odds_with_model_error(scenario, models, runs, seed, c, on_run),
        _ => vec![None; models.len()],
    };
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
            probability_with_model_error: None,
            error_model_sha256: None,
            holds: None,
            samples: Vec::new(),
        };
        let error_model_sha256 = match hashed {
            Some(h) => h.sha256_or_hash(id)?,
            None => None,
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
            let probability_with_model_error = with_error
                .get(m)
                .and_then(Option::as_ref)
                .and_then(|odds| odds.get(qid))
                .copied();
            out.push(Prediction {
                target: qid.clone(),
                kind: TargetKind::Question,
                probability,
                probability_with_model_error,
                error_model_sha256: probability_with_model_error.and(error_model_sha256.clone()),
                holds,
                ..base.clone()
            });
        }
    }
    Ok(out)
}

/// SHA-256 of model `id`'s error model in `calibration` as Parley writes it (the JSON of its
/// rule, scores, weights and negotiations): the hash a sealed forecast's
/// [`Prediction::error_model_sha256`] carries, so a seal can be checked against the error
/// model of earlier seals before it is made. `None` when `calibration` has no model `id`.
pub fn error_model_sha256(
    calibration: &Calibration,
    id: &str,
) -> Result<Option<String>, LibraryError> {
    match calibration.get(id) {
        Some(e) => Ok(Some(sha256_hex(serde_json::to_string(e)?.as_bytes()))),
        None => Ok(None),
    }
}

/// Per model (in `models`' order), each question's odds with model error, from `parley mc`'s
/// Monte Carlo with `calibration`; `None` for a model the calibration does not cover.
///
/// All models are run together, as `parley mc` runs them. A model that fails on a draw makes
/// that Monte Carlo fail (as it makes `parley mc` fail), so the models are then run one at a
/// time, and only the failing model goes without these odds. A model's odds do not depend on
/// the other models in the run: the input draws and the error draws come from streams of the
/// seed and the run's index alone.
fn odds_with_model_error(
    scenario: &Scenario,
    models: &[Box<dyn Model>],
    runs: usize,
    seed: u64,
    calibration: &Calibration,
    on_run: &(dyn Fn() + Sync),
) -> Vec<Option<IndexMap<String, f64>>> {
    let mc = MonteCarlo { runs, seed };
    let never = parley_core::cancel::Cancel::never();
    let odds_of = |result: &parley_core::uncertainty::McResult, id: &str| {
        calibration.get(id).map(|_| {
            result
                .conditions
                .iter()
                .filter_map(|c| c.with_model_error.get(id).map(|p| (c.source.clone(), *p)))
                .collect::<IndexMap<String, f64>>()
        })
    };
    match mc.run_calibrated(scenario, models, &[], Some(calibration), on_run, &never) {
        Ok(result) => models
            .iter()
            .map(|m| odds_of(&result, m.info().id))
            .collect(),
        Err(_) => models
            .iter()
            .map(|m| {
                let id = m.info().id;
                calibration.get(id)?;
                let one = std::slice::from_ref(m);
                mc.run_calibrated(scenario, one, &[], Some(calibration), &|| {}, &never)
                    .ok()
                    .and_then(|result| odds_of(&result, id))
            })
            .collect(),
    }
}
