//! Monte Carlo: run the models many times on draws of the uncertain inputs and summarise the
//! forecasts, the probability that each condition holds, how often bilateral deals exist, and,
//! for models that classify actor pairs ([`crate::pairs`]), how often each pair ends in each
//! class.
//!
//! Runs are spread over rayon's workers; each worker draws into its own copy of the inputs and
//! counts pair classes into its own [`PairTally`], allocated once. Per-run results are kept in
//! run order and the tallies added up after, so the result is bit-identical on any number of
//! threads.

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Serialize;

use crate::calibration::{Calibration, ErrorModel, Features, Provenance};
use crate::condition::{Condition, ResolvedCondition};
use crate::inputs::{Inputs, InvalidScenario};
use crate::linkage::agreement_exists;
use crate::model::{Model, ModelError};
use crate::pairs::{PairClasses, PairClassifier, PairTally};
use crate::scenario::Scenario;
use crate::uncertainty::decompose::{Decomposition, NESTING, split};
use crate::uncertainty::rng::Stream;
use crate::uncertainty::sample::Sampler;

/// Settings of a Monte Carlo run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonteCarlo {
    /// Number of runs.
    pub runs: usize,
    /// Seed of the whole run; run `r` draws from its own stream of this seed.
    pub seed: u64,
}

/// Bins of the forecast histograms, over each issue's scale.
pub const BINS: usize = 10;

/// What a Monte Carlo run found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct McResult {
    /// Number of runs.
    pub runs: usize,
    /// The seed used.
    pub seed: u64,
    /// How many of the scenario's numbers have a range (and were drawn).
    pub uncertain_inputs: usize,
    /// Per model, per issue id: the distribution of the forecast (own scale).
    pub models: Vec<McModel>,
    /// Each condition's probability per model.
    pub conditions: Vec<McCondition>,
    /// For each question comparing two actors on a linkage: how often the two alone have a
    /// deal (joint NBS over the linked issues better than the status quo for both).
    pub deals: Vec<McDeal>,
    /// Per model that classifies actor pairs (the expected utility model): per issue, the
    /// share of runs in which each pair ended in each class.
    pub pairs: Vec<McPairs>,
    /// Where the model error added to each run comes from; `None`: inputs only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_error: Option<Provenance>,
    /// Models that ran without model error because the calibration has none for them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub without_model_error: Vec<String>,
    /// Where each issue's uncertainty comes from (input ranges, model choice, model error),
    /// from these runs; see [`crate::uncertainty::decompose`].
    pub variance: Decomposition,
    /// The scenario's notes ([`crate::scenario::Note`]): what its what-ifs or edits did
    /// beyond its numbers, such as a mediation that lapsed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<crate::scenario::Note>,
}

/// The class of a pair in a run where one of the two did not play the issue (its salience was
/// drawn as 0), so the model did not classify the pair.
pub const ABSENT: &str = "absent";

/// How often each pair of actors ends a run in each class, under one model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct McPairs {
    /// Model id.
    pub model: String,
    /// The classes, in the model's order, then [`ABSENT`]; tables rank pairs by the first.
    pub classes: Vec<String>,
    /// Whether each side judges a pair for itself (EUM's scholz variant): `a` is then the
    /// judging actor, and each pair is listed once per side.
    pub per_judge: bool,
    /// Issue id -> every pair that played the issue in at least one run, in actor order.
    pub issues: IndexMap<String, Vec<McPair>>,
}

/// One pair's classes over the runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct McPair {
    /// First actor id (the judging one with `per_judge`).
    pub a: String,
    /// Second actor id.
    pub b: String,
    /// Class -> share of runs, for every class in [`McPairs::classes`]; they sum to 1.
    pub shares: IndexMap<String, f64>,
}

/// One model's forecast distributions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct McModel {
    /// Model id.
    pub model: String,
    /// Issue id -> summary of the model's forecast over the input draws alone.
    pub issues: IndexMap<String, Summary>,
    /// Issue id -> summary of the outcome with the model's measured error added to each run
    /// (empty when the run had no error model for this model).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub with_model_error: IndexMap<String, Summary>,
}

/// The distribution of one forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Mean.
    pub mean: f64,
    /// Standard deviation.
    pub sd: f64,
    /// Median.
    pub median: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Counts in [`BINS`] equal bins over the issue's scale.
    pub histogram: Vec<usize>,
}

/// A condition's probability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct McCondition {
    /// The condition as written.
    pub condition: String,
    /// Where it comes from: a question id, or "command line".
    pub source: String,
    /// Model id -> share of runs in which it holds, over the input draws alone.
    pub probability: IndexMap<String, f64>,
    /// Model id -> share of runs in which it holds once each run's forecasts carry a draw of
    /// the model's measured error (models with an error model only).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub with_model_error: IndexMap<String, f64>,
}

/// How often two actors have a bilateral deal on a linkage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct McDeal {
    /// Question id.
    pub question: String,
    /// Linkage id.
    pub linkage: String,
    /// First actor id.
    pub a: String,
    /// Second actor id.
    pub b: String,
    /// Share of runs with a deal.
    pub probability: f64,
}

/// Why a Monte Carlo run failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum McError {
    /// The scenario is invalid.
    #[error(transparent)]
    Invalid(#[from] InvalidScenario),
    /// A condition does not parse or names an unknown issue.
    #[error("condition \"{text}\": {reason}")]
    Condition {
        /// The condition.
        text: String,
        /// Why.
        reason: String,
    },
    /// A model failed on a draw.
    #[error("run {run}: {source}")]
    Model {
        /// The run's index.
        run: usize,
        /// The model's error.
        source: ModelError,
    },
    /// No runs asked for.
    #[error("--runs must be at least 1")]
    NoRuns,
    /// Fewer runs than the measure needs (a variance share needs two).
    #[error("--runs must be at least {needed}; {given} would give no variance to share out")]
    TooFewRuns {
        /// The fewest runs the measure takes.
        needed: usize,
        /// The runs asked for.
        given: usize,
    },
    /// Parts of a run ([`MonteCarlo::run_range`], [`MonteCarlo::merge`]) that do not fit
    /// together, or bytes that are not an encoded part.
    #[error("Monte Carlo parts: {0}")]
    Parts(String),
}

/// One run's results: forecasts `[model][issue]` on own scales, conditions `[condition][model]`,
/// deals.
#[derive(Debug, Clone, PartialEq)]
struct RunOut {
    forecasts: Vec<f64>,
    holds: Vec<bool>,
    deals: Vec<bool>,
    /// Forecasts plus a draw of model error, `[model][issue]` (empty without calibration).
    with_error: Vec<f64>,
    /// Conditions on `with_error`, `[condition][model]`.
    holds_with_error: Vec<bool>,
    /// Mean and variance (0-100 scale) of each forecast's error distribution, `[model][issue]`
    /// (empty without calibration; a model without an error model has its forecast and 0).
    moments: Vec<(f64, f64)>,
}

/// Salt of the model-error streams, so they are independent of the input draws (which stay
/// exactly as they were without model error).
const ERROR_STREAM: u64 = 0x6d6f_6465_6c65_7272;

/// The uniforms behind run `run`'s model-error draws, one per issue (shared by all models:
/// models err together, as on real cases). Everything that adds model error to a run (`parley
/// mc`, the acceptance of `parley advise`'s proposal) draws these, so the same run gets the
/// same error everywhere.
pub(crate) fn error_uniforms(seed: u64, run: usize, issues: usize) -> impl Iterator<Item = f64> {
    let mut rng = Stream::for_run(seed ^ ERROR_STREAM, run as u64);
    (0..issues).map(move |_| rng.next_f64())
}

/// Per model, its error model when the calibration has one.
type ErrorModels<'a> = Vec<Option<&'a ErrorModel>>;

/// A pair of actors on a linkage, from a question.
struct DealSpec {
    question: String,
    linkage: usize,
    a: usize,
    b: usize,
}

impl MonteCarlo {
    /// Runs `models` on `runs` draws of `s`, with the scenario's question conditions plus
    /// `extra` conditions; `progress` is called once per finished run (from any thread).
    pub fn run(
        &self,
        s: &Scenario,
        models: &[Box<dyn Model>],
        extra: &[String],
        progress: &(dyn Fn() + Sync),
    ) -> Result<McResult, McError> {
        self.run_cancellable(s, models, extra, progress, &crate::cancel::Cancel::never())
    }

    /// [`MonteCarlo::run`], stopping once `cancel` is cancelled: each run and each model's
    /// rounds poll it, and a cancelled run is an error ([`ModelError::Cancelled`]), so a result
    /// that completes is the same as [`MonteCarlo::run`]'s, bit for bit.
    pub fn run_cancellable(
        &self,
        s: &Scenario,
        models: &[Box<dyn Model>],
        extra: &[String],
        progress: &(dyn Fn() + Sync),
        cancel: &crate::cancel::Cancel,
    ) -> Result<McResult, McError> {
        self.run_calibrated(s, models, extra, None, progress, cancel)
    }

    /// As [`MonteCarlo::run_cancellable`], and where `calibration` is given, each run also adds
    /// a draw of each model's measured error to its forecasts (one uniform per issue from the
    /// run's own error stream, shared by every model: models err together, as on real cases),
    /// giving a second set of distributions and odds. The input draws, and so the inputs-only
    /// results, are the same as without it.
    pub fn run_calibrated(
        &self,
        s: &Scenario,
        models: &[Box<dyn Model>],
        extra: &[String],
        calibration: Option<&Calibration>,
        progress: &(dyn Fn() + Sync),
        cancel: &crate::cancel::Cancel,
    ) -> Result<McResult, McError> {
        if self.runs == 0 {
            return Err(McError::NoRuns);
        }
        let setup = Setup::new(s, models, extra, calibration, cancel)?;
        let part = self.run_part(&setup, models, 0..self.runs, progress)?;
        Ok(self.finish(s, models, calibration, &setup, part))
    }

    /// Runs only the runs `range` (a slice of `0..self.runs`) of
    /// [`MonteCarlo::run_calibrated`], with the same arguments: each run draws from its own
    /// stream of the seed and its index, so a run's result does not depend on which part it
    /// is computed in. [`MonteCarlo::merge`] combines parts covering `0..self.runs` into the
    /// result [`MonteCarlo::run_calibrated`] gives, bit for bit, however the runs were split
    /// (this is how Parley's Python package spreads a Monte Carlo over a Dask cluster).
    pub fn run_range(
        &self,
        s: &Scenario,
        models: &[Box<dyn Model>],
        extra: &[String],
        calibration: Option<&Calibration>,
        range: std::ops::Range<usize>,
        cancel: &crate::cancel::Cancel,
    ) -> Result<McPartial, McError> {
        if self.runs == 0 {
            return Err(McError::NoRuns);
        }
        if range.start >= range.end || range.end > self.runs {
            return Err(McError::Parts(format!(
                "runs {}..{} are not a non-empty part of 0..{}",
                range.start, range.end, self.runs
            )));
        }
        let setup = Setup::new(s, models, extra, calibration, cancel)?;
        self.run_part(&setup, models, range, &|| {})
    }

    /// Combines the parts made by [`MonteCarlo::run_range`] (with the same scenario, models,
    /// conditions and calibration, in any order) into the full result. The parts must cover
    /// `0..self.runs` exactly once; a gap or an overlap is an error naming it.
    pub fn merge(
        &self,
        s: &Scenario,
        models: &[Box<dyn Model>],
        extra: &[String],
        calibration: Option<&Calibration>,
        mut parts: Vec<McPartial>,
    ) -> Result<McResult, McError> {
        if self.runs == 0 {
            return Err(McError::NoRuns);
        }
        let setup = Setup::new(
            s,
            models,
            extra,
            calibration,
            &crate::cancel::Cancel::never(),
        )?;
        parts.sort_by_key(|p| p.start);
        let mut whole = McPartial {
            start: 0,
            outs: Vec::with_capacity(self.runs),
            tallies: setup.blank.clone(),
        };
        for part in parts {
            let next = whole.outs.len();
            if part.start != next {
                return Err(McError::Parts(format!(
                    "the parts do not cover the runs exactly once: {} at run {}",
                    if part.start > next {
                        "a gap"
                    } else {
                        "an overlap"
                    },
                    next.min(part.start)
                )));
            }
            if part.tallies.len() != whole.tallies.len()
                || part.outs.first().is_some_and(|o| !setup.fits(o))
            {
                return Err(McError::Parts(format!(
                    "the part from run {} was made with other models, conditions or calibration",
                    part.start
                )));
            }
            for (total, p) in whole.tallies.iter_mut().zip(&part.tallies) {
                match (total, p) {
                    (Some(total), Some(p)) if total.same_shape(p) => total.merge(p),
                    (None, None) => {}
                    _ => {
                        return Err(McError::Parts(format!(
                            "the part from run {} has pair tallies of another shape",
                            part.start
                        )));
                    }
                }
            }
            whole.outs.extend(part.outs);
        }
        if whole.outs.len() != self.runs {
            return Err(McError::Parts(format!(
                "the parts cover runs 0..{}, not 0..{}",
                whole.outs.len(),
                self.runs
            )));
        }
        Ok(self.finish(s, models, calibration, &setup, whole))
    }

    /// Runs `range` into one part: in parallel over fresh draws, or, when no number has a
    /// range, from one evaluation of the models ([`MonteCarlo::run_fixed`]).
    fn run_part(
        &self,
        setup: &Setup,
        models: &[Box<dyn Model>],
        range: std::ops::Range<usize>,
        progress: &(dyn Fn() + Sync),
    ) -> Result<McPartial, McError> {
        if setup.sampler.is_empty() {
            self.run_fixed(setup, models, range, progress)
        } else {
            self.run_drawn(setup, models, range, progress)
        }
    }

    /// Runs `range` when no number has a range. Every run would then see the scenario's own
    /// inputs, and every model is a function of its inputs (the stochastic ones, SMP's
    /// transitions and the exchange model's random rate, draw from a seed fixed by the
    /// scenario, never from the run's stream), so each run's forecasts, conditions, deals and
    /// pair classes are those of one evaluation. Only the model error, drawn from each run's
    /// own error stream, differs between runs: the part is the one [`MonteCarlo::run_drawn`]
    /// gives, bit for bit, at a fraction of the work.
    fn run_fixed(
        &self,
        setup: &Setup,
        models: &[Box<dyn Model>],
        range: std::ops::Range<usize>,
        progress: &(dyn Fn() + Sync),
    ) -> Result<McPartial, McError> {
        let start = range.start;
        let mut once = setup.blank.clone();
        let out = one_run(
            &setup.base,
            models,
            &mut once,
            &setup.conditions,
            &setup.deals,
            setup.m,
        )
        .map_err(|source| McError::Model { run: start, source })?;
        let runs = range.len() as u64;
        let outs = range
            .into_par_iter()
            .map(|run| {
                setup.base.cancel().check().map_err(|c| McError::Model {
                    run,
                    source: c.into(),
                })?;
                let mut out = out.clone();
                add_model_error(
                    &mut out,
                    &setup.base,
                    &setup.errors,
                    &setup.conditions,
                    self,
                    run,
                );
                progress();
                Ok(out)
            })
            .collect::<Result<Vec<RunOut>, McError>>()?;
        let tallies = once
            .iter()
            .map(|t| t.as_ref().map(|t| t.repeated(runs)))
            .collect();
        Ok(McPartial {
            start,
            outs,
            tallies,
        })
    }

    /// Runs `range` in parallel over fresh draws of the uncertain numbers.
    fn run_drawn(
        &self,
        setup: &Setup,
        models: &[Box<dyn Model>],
        range: std::ops::Range<usize>,
        progress: &(dyn Fn() + Sync),
    ) -> Result<McPartial, McError> {
        let start = range.start;
        let workers: Vec<Worker> = range
            .into_par_iter()
            .fold(
                || Worker {
                    inputs: setup.base.clone(),
                    tallies: setup.blank.clone(),
                    outs: Vec::new(),
                },
                |mut w, run| {
                    let mut rng = Stream::for_run(self.seed, run as u64);
                    setup.sampler.draw_into(&mut w.inputs, &mut rng);
                    let out = one_run(
                        &w.inputs,
                        models,
                        &mut w.tallies,
                        &setup.conditions,
                        &setup.deals,
                        setup.m,
                    )
                    .map(|mut out| {
                        add_model_error(
                            &mut out,
                            &w.inputs,
                            &setup.errors,
                            &setup.conditions,
                            self,
                            run,
                        );
                        out
                    })
                    .map_err(|source| McError::Model { run, source });
                    progress();
                    w.outs.push(out);
                    w
                },
            )
            .collect();
        // Workers hold consecutive runs and come back in order; tallies are integer counts.
        let mut tallies = setup.blank.clone();
        let mut outs = Vec::new();
        for w in workers {
            for (total, part) in tallies.iter_mut().zip(&w.tallies) {
                if let (Some(total), Some(part)) = (total, part) {
                    total.merge(part);
                }
            }
            outs.extend(w.outs);
        }
        let outs: Vec<RunOut> = outs.into_iter().collect::<Result<_, _>>()?;
        Ok(McPartial {
            start,
            outs,
            tallies,
        })
    }

    /// The summaries of a part covering every run.
    fn finish(
        &self,
        s: &Scenario,
        models: &[Box<dyn Model>],
        calibration: Option<&Calibration>,
        setup: &Setup,
        whole: McPartial,
    ) -> McResult {
        let McPartial { outs, tallies, .. } = whole;
        let errors = &setup.errors;
        let mut result = summarise(
            s,
            self,
            setup.sampler.len(),
            models,
            &setup.conditions,
            &setup.deals,
            &outs,
        );
        result.variance = decomposition(s, models, errors, &outs);
        result.pairs = pair_views(s, models, &setup.classifiers(models), &tallies, outs.len());
        if let Some(c) = calibration {
            add_error_views(&mut result, s, models, errors, &outs);
            result.model_error = Some(c.provenance.clone());
            result.without_model_error = models
                .iter()
                .zip(errors)
                .filter(|(_, e)| e.is_none())
                .map(|(m, _)| m.info().id.to_owned())
                .collect();
        }
        result
    }
}

/// What every run of one Monte Carlo shares: the inputs to draw into, the sampler, the
/// resolved conditions and deals, blank pair tallies and the error models.
struct Setup<'a> {
    base: Inputs,
    sampler: Sampler,
    conditions: Vec<(String, String, ResolvedCondition)>,
    deals: Vec<DealSpec>,
    m: usize,
    blank: Vec<Option<PairTally>>,
    errors: ErrorModels<'a>,
}

impl<'a> Setup<'a> {
    fn new(
        s: &Scenario,
        models: &[Box<dyn Model>],
        extra: &[String],
        calibration: Option<&'a Calibration>,
        cancel: &crate::cancel::Cancel,
    ) -> Result<Self, McError> {
        let mut base = Inputs::from_scenario(s)?;
        base.set_cancel(cancel.clone());
        let sampler = Sampler::new(s);
        let conditions = conditions(s, extra)?;
        let deals = deal_specs(s);
        let m = s.issues.len();
        let blank: Vec<Option<PairTally>> = models
            .iter()
            .map(|model| {
                model
                    .pair_classifier()
                    .map(|c| PairTally::new(m, base.n_actors(), c.pair_classes().names.len()))
            })
            .collect();
        let errors: ErrorModels = match calibration {
            Some(c) => models.iter().map(|m| c.get(m.info().id)).collect(),
            None => Vec::new(),
        };
        Ok(Self {
            base,
            sampler,
            conditions,
            deals,
            m,
            blank,
            errors,
        })
    }

    fn classifiers<'m>(&self, models: &'m [Box<dyn Model>]) -> Vec<Option<&'m dyn PairClassifier>> {
        models.iter().map(|model| model.pair_classifier()).collect()
    }

    /// Whether a run's result has the lengths this setup's runs have.
    fn fits(&self, o: &RunOut) -> bool {
        let cells = self.blank.len() * self.m;
        let with_error = if self.errors.is_empty() { 0 } else { cells };
        o.forecasts.len() == cells
            && o.holds.len() == self.conditions.len() * self.blank.len()
            && o.deals.len() == self.deals.len()
            && o.with_error.len() == with_error
            && o.moments.len() == with_error
            && o.holds_with_error.len()
                == if self.errors.is_empty() {
                    0
                } else {
                    self.conditions.len() * self.blank.len()
                }
    }
}

/// The results of a contiguous block of runs of one Monte Carlo, made by
/// [`MonteCarlo::run_range`] and combined by [`MonteCarlo::merge`]. It holds each run's
/// forecasts and condition outcomes (the percentiles need every run) and the block's pair
/// counts. [`McPartial::to_bytes`] and [`McPartial::from_bytes`] carry it between processes.
#[derive(Debug, Clone, PartialEq)]
pub struct McPartial {
    start: usize,
    outs: Vec<RunOut>,
    tallies: Vec<Option<PairTally>>,
}

/// First bytes of an encoded [`McPartial`], with the format's version.
const PARTIAL_MAGIC: &[u8; 8] = b"PLYMCP01";

impl McPartial {
    /// The first run's index.
    pub fn start(&self) -> usize {
        self.start
    }

    /// The number of runs.
    pub fn len(&self) -> usize {
        self.outs.len()
    }

    /// True when the part holds no run (never so for a part [`MonteCarlo::run_range`] made).
    pub fn is_empty(&self) -> bool {
        self.outs.is_empty()
    }

    /// The part as bytes (little-endian; floats as their exact bits), for
    /// [`McPartial::from_bytes`] in another process.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(64 + self.outs.len() * 256);
        b.extend_from_slice(PARTIAL_MAGIC);
        put(&mut b, self.start as u64);
        put(&mut b, self.outs.len() as u64);
        for o in &self.outs {
            put_floats(&mut b, &o.forecasts);
            put_bools(&mut b, &o.holds);
            put_bools(&mut b, &o.deals);
            put_floats(&mut b, &o.with_error);
            put_bools(&mut b, &o.holds_with_error);
            put(&mut b, o.moments.len() as u64);
            for (mean, var) in &o.moments {
                put(&mut b, mean.to_bits());
                put(&mut b, var.to_bits());
            }
        }
        put(&mut b, self.tallies.len() as u64);
        for t in &self.tallies {
            match t {
                None => b.push(0),
                Some(t) => {
                    b.push(1);
                    let (n_actors, n_classes, counts) = t.raw();
                    put(&mut b, n_actors as u64);
                    put(&mut b, n_classes as u64);
                    put(&mut b, counts.len() as u64);
                    for c in counts {
                        put(&mut b, *c);
                    }
                }
            }
        }
        b
    }

    /// Reads bytes written by [`McPartial::to_bytes`]; anything else is an error saying where
    /// it stops making sense.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, McError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(PARTIAL_MAGIC.len())? != PARTIAL_MAGIC {
            return Err(McError::Parts(
                "not an encoded Monte Carlo part (wrong first bytes or version)".into(),
            ));
        }
        let start = r.size()?;
        let n = r.size()?;
        let mut outs = Vec::with_capacity(n.min(bytes.len() / 8));
        for _ in 0..n {
            let forecasts = r.floats()?;
            let holds = r.bools()?;
            let deals = r.bools()?;
            let with_error = r.floats()?;
            let holds_with_error = r.bools()?;
            let k = r.size()?;
            let mut moments = Vec::with_capacity(k.min(bytes.len() / 16));
            for _ in 0..k {
                moments.push((f64::from_bits(r.u64()?), f64::from_bits(r.u64()?)));
            }
            outs.push(RunOut {
                forecasts,
                holds,
                deals,
                with_error,
                holds_with_error,
                moments,
            });
        }
        let k = r.size()?;
        let mut tallies = Vec::with_capacity(k.min(bytes.len()));
        for _ in 0..k {
            let tag = r.take(1)?;
            tallies.push(match tag[0] {
                0 => None,
                1 => {
                    let n_actors = r.size()?;
                    let n_classes = r.size()?;
                    let len = r.size()?;
                    let mut counts = Vec::with_capacity(len.min(bytes.len() / 8));
                    for _ in 0..len {
                        counts.push(r.u64()?);
                    }
                    Some(
                        PairTally::from_raw(n_actors, n_classes, counts).ok_or_else(|| {
                            McError::Parts("an encoded pair tally has inconsistent sizes".into())
                        })?,
                    )
                }
                other => {
                    return Err(McError::Parts(format!(
                        "byte {}: unknown tally tag {other}",
                        r.at - 1
                    )));
                }
            });
        }
        if r.at != bytes.len() {
            return Err(McError::Parts(format!(
                "{} bytes left over after the part",
                bytes.len() - r.at
            )));
        }
        Ok(Self {
            start,
            outs,
            tallies,
        })
    }
}

fn put(b: &mut Vec<u8>, v: u64) {
    b.extend_from_slice(&v.to_le_bytes());
}

fn put_floats(b: &mut Vec<u8>, v: &[f64]) {
    put(b, v.len() as u64);
    for x in v {
        put(b, x.to_bits());
    }
}

fn put_bools(b: &mut Vec<u8>, v: &[bool]) {
    put(b, v.len() as u64);
    b.extend(v.iter().map(|&x| u8::from(x)));
}

/// A cursor over encoded bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], McError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end {
            Some(end) => {
                let out = &self.bytes[self.at..end];
                self.at = end;
                Ok(out)
            }
            None => Err(McError::Parts(format!(
                "the encoded part ends early (byte {} of {})",
                self.at,
                self.bytes.len()
            ))),
        }
    }

    fn u64(&mut self) -> Result<u64, McError> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }

    fn size(&mut self) -> Result<usize, McError> {
        let v = self.u64()?;
        usize::try_from(v).map_err(|_| McError::Parts(format!("size {v} is too large")))
    }

    fn floats(&mut self) -> Result<Vec<f64>, McError> {
        let n = self.size()?;
        let raw = self.take(
            n.checked_mul(8)
                .ok_or_else(|| McError::Parts(format!("size {n} is too large")))?,
        )?;
        Ok(raw
            .chunks_exact(8)
            .map(|c| {
                let mut a = [0u8; 8];
                a.copy_from_slice(c);
                f64::from_bits(u64::from_le_bytes(a))
            })
            .collect())
    }

    fn bools(&mut self) -> Result<Vec<bool>, McError> {
        let n = self.size()?;
        let raw = self.take(n)?;
        raw.iter()
            .map(|&x| match x {
                0 => Ok(false),
                1 => Ok(true),
                other => Err(McError::Parts(format!("byte {other} is not a truth value"))),
            })
            .collect()
    }
}

/// One worker's state: its copy of the inputs, its pair tallies (per model, for the models
/// that classify pairs) and its runs' results, in run order.
struct Worker {
    inputs: Inputs,
    tallies: Vec<Option<PairTally>>,
    outs: Vec<Result<RunOut, McError>>,
}

/// The tallies as shares of `runs`, per classifying model, issue and pair.
fn pair_views(
    s: &Scenario,
    models: &[Box<dyn Model>],
    classifiers: &[Option<&dyn PairClassifier>],
    tallies: &[Option<PairTally>],
    runs: usize,
) -> Vec<McPairs> {
    let mut out = Vec::new();
    for ((model, c), tally) in models.iter().zip(classifiers).zip(tallies) {
        let (Some(c), Some(tally)) = (c, tally) else {
            continue;
        };
        let classes = c.pair_classes();
        let issues = s
            .issues
            .iter()
            .enumerate()
            .map(|(j, issue)| (issue.id.clone(), issue_pairs(s, classes, tally, j, runs)))
            .collect();
        let mut names: Vec<String> = classes.names.iter().map(|&n| n.to_owned()).collect();
        names.push(ABSENT.to_owned());
        out.push(McPairs {
            model: model.info().id.to_owned(),
            classes: names,
            per_judge: classes.per_judge,
            issues,
        });
    }
    out
}

/// Every pair that played issue `j` in some run, with its shares.
fn issue_pairs(
    s: &Scenario,
    classes: PairClasses,
    tally: &PairTally,
    j: usize,
    runs: usize,
) -> Vec<McPair> {
    let n = s.actors.len();
    let total = runs as f64;
    let mut out = Vec::new();
    for a in 0..n {
        for b in 0..n {
            let keyed = if classes.per_judge { a != b } else { a < b };
            let counts = tally.counts(j, a, b);
            let played: u64 = counts.iter().sum();
            if !keyed || played == 0 {
                continue;
            }
            let mut shares: IndexMap<String, f64> = classes
                .names
                .iter()
                .zip(counts)
                .map(|(&name, &c)| (name.to_owned(), c as f64 / total))
                .collect();
            let absent = (runs as u64).saturating_sub(played);
            shares.insert(ABSENT.to_owned(), absent as f64 / total);
            out.push(McPair {
                a: s.actors[a].id.clone(),
                b: s.actors[b].id.clone(),
                shares,
            });
        }
    }
    out
}

/// The source of a condition given with the call rather than by a question.
const COMMAND_LINE: &str = "command line";

fn extra_source(source: &str) -> bool {
    source == COMMAND_LINE
}

fn conditions(
    s: &Scenario,
    extra: &[String],
) -> Result<Vec<(String, String, ResolvedCondition)>, McError> {
    let mut out: Vec<(String, String, ResolvedCondition)> = Vec::new();
    let questions = s
        .questions
        .iter()
        .filter_map(|q| q.condition.as_ref().map(|c| (c.clone(), q.id.clone())));
    let cli = extra.iter().map(|c| (c.clone(), COMMAND_LINE.to_owned()));
    for (text, source) in questions.chain(cli) {
        let resolved = Condition::parse(&text)
            .and_then(|c| c.resolve(&s.issues))
            .map_err(|e| McError::Condition {
                text: text.clone(),
                reason: e.to_string(),
            })?;
        // A command-line condition already asked (by a question, or earlier on the command
        // line) is not listed twice; questions keep one entry each, found by their id.
        let cli = extra_source(&source);
        if cli && out.iter().any(|(_, _, r)| *r == resolved) {
            continue;
        }
        out.push((text, source, resolved));
    }
    Ok(out)
}

fn deal_specs(s: &Scenario) -> Vec<DealSpec> {
    let mut out = Vec::new();
    for q in &s.questions {
        let Some(l) = q
            .linkage
            .as_ref()
            .and_then(|id| s.linkages.iter().position(|x| &x.id == id))
        else {
            continue;
        };
        let actors: Vec<usize> = q.actors.iter().filter_map(|a| s.actor_index(a)).collect();
        for (k, &a) in actors.iter().enumerate() {
            for &b in &actors[k + 1..] {
                out.push(DealSpec {
                    question: q.id.clone(),
                    linkage: l,
                    a,
                    b,
                });
            }
        }
    }
    out
}

fn one_run(
    inputs: &Inputs,
    models: &[Box<dyn Model>],
    tallies: &mut [Option<PairTally>],
    conditions: &[(String, String, ResolvedCondition)],
    deals: &[DealSpec],
    m: usize,
) -> Result<RunOut, ModelError> {
    inputs.cancel().check()?;
    let mut forecasts = Vec::with_capacity(models.len() * m);
    for (model, tally) in models.iter().zip(tallies.iter_mut()) {
        let outcome = match (model.pair_classifier(), tally) {
            (Some(c), Some(tally)) => c.run_tallied(inputs, tally)?,
            _ => model.run(inputs)?,
        };
        forecasts.extend(
            outcome
                .forecasts
                .iter()
                .enumerate()
                .map(|(j, f)| inputs.scale(j).from_internal(f.value)),
        );
    }
    let mut holds = Vec::with_capacity(conditions.len() * models.len());
    for (_, _, c) in conditions {
        for k in 0..models.len() {
            holds.push(c.holds(&forecasts[k * m..(k + 1) * m]));
        }
    }
    let deals = deals
        .iter()
        .map(|d| agreement_exists(inputs, &inputs.linkages()[d.linkage], Some(&[d.a, d.b])))
        .collect();
    Ok(RunOut {
        forecasts,
        holds,
        deals,
        with_error: Vec::new(),
        holds_with_error: Vec::new(),
        moments: Vec::new(),
    })
}

/// Adds run `run`'s draw of model error to its forecasts and evaluates the conditions on the
/// result; models without an error model keep their forecast.
fn add_model_error(
    out: &mut RunOut,
    inputs: &Inputs,
    errors: &ErrorModels,
    conditions: &[(String, String, ResolvedCondition)],
    mc: &MonteCarlo,
    run: usize,
) {
    if errors.is_empty() {
        return;
    }
    let m = inputs.n_issues();
    let draws: Vec<(f64, Features)> = error_uniforms(mc.seed, run, m)
        .enumerate()
        .map(|(j, u)| (u, Features::of(inputs, j)))
        .collect();
    out.with_error = out.forecasts.clone();
    out.moments = Vec::with_capacity(out.forecasts.len());
    for (k, e) in errors.iter().enumerate() {
        for (j, (u, x)) in draws.iter().enumerate() {
            let scale = inputs.scale(j);
            let f = &mut out.with_error[k * m + j];
            let internal = scale.to_internal(*f);
            match e {
                Some(e) => {
                    *f = scale.from_internal(e.draw(internal, x, *u));
                    out.moments.push(e.moments(internal, x));
                }
                None => out.moments.push((internal, 0.0)),
            }
        }
    }
    let n_models = errors.len();
    out.holds_with_error = Vec::with_capacity(conditions.len() * n_models);
    for (_, _, c) in conditions {
        for k in 0..n_models {
            out.holds_with_error
                .push(c.holds(&out.with_error[k * m..(k + 1) * m]));
        }
    }
}

/// The variance split of every issue over `outs` (inputs x models x model error).
fn decomposition(
    s: &Scenario,
    models: &[Box<dyn Model>],
    errors: &ErrorModels,
    outs: &[RunOut],
) -> Decomposition {
    let (m, n_models) = (s.issues.len(), models.len());
    let issues = s
        .issues
        .iter()
        .enumerate()
        .map(|(j, issue)| {
            let span = issue.scale.max - issue.scale.min;
            let cell = |k: usize, model: usize| {
                let o = &outs[k];
                match o.moments.get(model * m + j) {
                    Some(&cell) => cell,
                    None => (issue.scale.to_internal(o.forecasts[model * m + j]), 0.0),
                }
            };
            (issue.id.clone(), split(outs.len(), n_models, span, cell))
        })
        .collect();
    Decomposition {
        nesting: NESTING.iter().map(|s| (*s).to_owned()).collect(),
        models: models.iter().map(|m| m.info().id.to_owned()).collect(),
        without_model_error: models
            .iter()
            .enumerate()
            .filter(|(k, _)| !matches!(errors.get(*k), Some(Some(_))))
            .map(|(_, m)| m.info().id.to_owned())
            .collect(),
        issues,
    }
}

/// The distributions and odds with model error, for models that have an error model.
fn add_error_views(
    result: &mut McResult,
    s: &Scenario,
    models: &[Box<dyn Model>],
    errors: &ErrorModels,
    outs: &[RunOut],
) {
    let m = s.issues.len();
    let runs = outs.len() as f64;
    let mut column = Vec::with_capacity(outs.len());
    for (k, view) in result.models.iter_mut().enumerate() {
        if errors.get(k).copied().flatten().is_none() {
            continue;
        }
        for (j, issue) in s.issues.iter().enumerate() {
            column.clear();
            column.extend(outs.iter().map(|o| o.with_error[k * m + j]));
            view.with_model_error.insert(
                issue.id.clone(),
                summary(&mut column, issue.scale.min, issue.scale.max),
            );
        }
    }
    for (c, view) in result.conditions.iter_mut().enumerate() {
        for (k, model) in models.iter().enumerate() {
            if errors.get(k).copied().flatten().is_none() {
                continue;
            }
            let n = outs
                .iter()
                .filter(|o| o.holds_with_error[c * models.len() + k])
                .count();
            view.with_model_error
                .insert(model.info().id.to_owned(), n as f64 / runs);
        }
    }
}

fn summarise(
    s: &Scenario,
    mc: &MonteCarlo,
    uncertain: usize,
    models: &[Box<dyn Model>],
    conditions: &[(String, String, ResolvedCondition)],
    deals: &[DealSpec],
    outs: &[RunOut],
) -> McResult {
    let m = s.issues.len();
    let runs = outs.len() as f64;
    let mut column = Vec::with_capacity(outs.len());
    let model_views = models
        .iter()
        .enumerate()
        .map(|(k, model)| {
            let issues = s
                .issues
                .iter()
                .enumerate()
                .map(|(j, issue)| {
                    column.clear();
                    column.extend(outs.iter().map(|o| o.forecasts[k * m + j]));
                    (
                        issue.id.clone(),
                        summary(&mut column, issue.scale.min, issue.scale.max),
                    )
                })
                .collect();
            McModel {
                model: model.info().id.to_owned(),
                issues,
                with_model_error: IndexMap::new(),
            }
        })
        .collect();
    let condition_views = conditions
        .iter()
        .enumerate()
        .map(|(c, (text, source, _))| McCondition {
            condition: text.clone(),
            source: source.clone(),
            probability: models
                .iter()
                .enumerate()
                .map(|(k, model)| {
                    let n = outs
                        .iter()
                        .filter(|o| o.holds[c * models.len() + k])
                        .count();
                    (model.info().id.to_owned(), n as f64 / runs)
                })
                .collect(),
            with_model_error: IndexMap::new(),
        })
        .collect();
    let deal_views = deals
        .iter()
        .enumerate()
        .map(|(d, spec)| McDeal {
            question: spec.question.clone(),
            linkage: s.linkages[spec.linkage].id.clone(),
            a: s.actors[spec.a].id.clone(),
            b: s.actors[spec.b].id.clone(),
            probability: outs.iter().filter(|o| o.deals[d]).count() as f64 / runs,
        })
        .collect();
    McResult {
        runs: outs.len(),
        seed: mc.seed,
        uncertain_inputs: uncertain,
        models: model_views,
        conditions: condition_views,
        deals: deal_views,
        pairs: Vec::new(),
        model_error: None,
        without_model_error: Vec::new(),
        variance: Decomposition::default(),
        notes: s.notes.clone(),
    }
}

/// Summary statistics of `values` (sorted in place); percentiles interpolate linearly between
/// order statistics (Hyndman & Fan type 7, as R's and numpy's defaults).
fn summary(values: &mut [f64], lo: f64, hi: f64) -> Summary {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let mean = values.iter().sum::<f64>() / n as f64;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64;
    let pct = |p: f64| {
        let h = (n - 1) as f64 * p;
        let (k, frac) = (h.floor() as usize, h - h.floor());
        let next = values[(k + 1).min(n - 1)];
        values[k] + frac * (next - values[k])
    };
    let mut histogram = vec![0; BINS];
    for &v in values.iter() {
        let t = ((v - lo) / (hi - lo) * BINS as f64).floor();
        let bin = (t.max(0.0) as usize).min(BINS - 1);
        histogram[bin] += 1;
    }
    Summary {
        mean,
        sd: var.sqrt(),
        median: pct(0.5),
        p5: pct(0.05),
        p95: pct(0.95),
        min: values[0],
        max: values[n - 1],
        histogram,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_that_sat_out_runs_count_as_absent() {
        let mut s = Scenario::named("t");
        s.issues.push(crate::Issue::new("x"));
        for id in ["a", "b", "c"] {
            s.actors
                .push(crate::Actor::new(id, 1.0).with_stance("x", 50.0, 0.5));
        }
        let classes = PairClasses {
            names: &["conflict", "calm"],
            per_judge: false,
        };
        // 4 runs: a-b in conflict 3 times, calm once; a-c played once (calm); b-c never.
        let mut tally = PairTally::new(1, 3, 2);
        for class in [0, 0, 0, 1] {
            tally.record(0, 0, 1, class);
        }
        tally.record(0, 0, 2, 1);
        let pairs = issue_pairs(&s, classes, &tally, 0, 4);
        let got: Vec<(&str, &str, Vec<f64>)> = pairs
            .iter()
            .map(|p| {
                (
                    p.a.as_str(),
                    p.b.as_str(),
                    p.shares.values().copied().collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("a", "b", vec![0.75, 0.25, 0.0]),
                ("a", "c", vec![0.0, 0.25, 0.75]),
            ]
        );
        assert_eq!(
            pairs[0].shares.keys().last().map(String::as_str),
            Some(ABSENT)
        );
    }

    #[test]
    fn percentiles_by_hand() {
        // 1..=11: median 6; p5 at h = 0.5 -> 1.5; p95 at h = 9.5 -> 10.5.
        let mut v: Vec<f64> = (1..=11).map(f64::from).collect();
        let s = summary(&mut v, 0.0, 100.0);
        assert_eq!((s.median, s.p5, s.p95, s.mean), (6.0, 1.5, 10.5, 6.0));
        assert_eq!(s.histogram.iter().sum::<usize>(), 11);
        assert_eq!(s.histogram[0], 9, "1..9 fall in [0, 10)");
    }
}
