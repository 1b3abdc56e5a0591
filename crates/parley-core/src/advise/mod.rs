//! Strategy advice: what an actor should push for, whom it must move, and with whom to align.
//!
//! # Method
//!
//! The expected-utility tradition is used less to predict than to advise: Bueno de Mesquita's
//! "predictioneer" practice runs the forecasting model, then re-runs it with one actor's
//! position or salience changed to find whom a client must persuade, how far, and what it can
//! offer that the others prefer to the forecast without a deal (Bueno de Mesquita, B. 2009, *The
//! Predictioneer's Game*, Random House, ch. 4-6; Bueno de Mesquita, B. 2011, "A New Model for
//! Predicting Policy Choices", *Conflict Management and Peace Science* 28(1), 65-87). The peer
//! program schelling runs a one-sided lever search of this kind under one model; Parley's
//! version re-runs every model and reports them side by side. Three parts:
//!
//! 1. **Levers** ([`levers`]): for every actor and every issue it takes part in, its position
//!    and its salience are moved to each end of the analyst's range for that number (and to
//!    the point of the range nearest the advised actor's position), or, with a stated budget,
//!    by that budget either way. Each candidate is an edit in `--set` syntax
//!    (`actor.issue.position = v`), applied to the scenario exactly as `--set` applies it, and
//!    every model is re-run on the result: exact re-runs, no linear guesses, and the point runs
//!    have no randomness, so a difference comes from the move alone. The effect is measured
//!    toward the goal (a [`crate::condition`], by how much the forecast falls short of it) or,
//!    without one, as the advised actor's utility gain. What the move gives the advised actor
//!    and what it costs it (its own concessions) or asks of the moved actor are reported
//!    separately, never netted. Levers that move nothing are left out. Ranking: levers that
//!    make things worse under no model (at point values) come first, then the rest, each by
//!    mean effect. With a goal and Monte Carlo, the first levers get odds, and a lever whose
//!    odds fall beyond Monte Carlo noise under some model ([`levers::OddsFall`]) joins the
//!    second group too; levers that rise into the first places then get odds as well.
//! 2. **Best proposal** ([`proposal`]): on each issue set (the mediator's brokered issues when
//!    the advised actor mediates, otherwise each linkage and each single issue it takes part
//!    in), the package that maximises the advised actor's utility subject to every other party
//!    weakly preferring it to each model's forecast without a deal (the deal zone), under each
//!    model alone and under all at once (robust), with the worst-case and average gain, and
//!    its acceptance over Monte Carlo draws of the inputs.
//! 3. **Coalitions** ([`coalitions`]): partners who, by taking the advised actor's position on
//!    the issues they share, move the forecast most; then groups of three from the best
//!    partners; each with EUM's classification of the pair where EUM plays it, and what it
//!    asks of each partner against the partner's stake (an ask above the stake is a
//!    conversion, ranked below every coalition).
//!
//! Utilities are Parley's yardstick (`U_i(x) = -sum_j s_ij |x_j - x_ij| / 100`, internal
//! scale; [`crate::mediation::party_utility`]). Everything runs under the [`Cancel`] token
//! and is bounded by [`Settings::max_evaluations`].

pub mod coalitions;
pub mod levers;
pub mod proposal;

use serde::Serialize;

use crate::calibration::Calibration;
use crate::cancel::Cancel;
use crate::condition::{Condition, Op, ResolvedCondition, TOLERANCE};
use crate::inputs::{Inputs, InvalidScenario};
use crate::issue::INTERNAL_MAX;
use crate::model::{Model, ModelError};
use crate::scenario::Scenario;
use crate::uncertainty::{McError, MonteCarlo};

pub use coalitions::{Coalition, PartnerAsk, SmpOdds};
pub use levers::{Field, Lever, ModelEffect, Odds, OddsFall};
pub use proposal::{Package, ProposalSet};

/// Default [`Settings::screen_units`]: about 20 s of work at [`crate::cost::UNITS_PER_SECOND`].
pub const DEFAULT_SCREEN_UNITS: f64 = 2e9;

/// What to advise on and how hard to search.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Id of the advised actor.
    pub actor: String,
    /// A condition the advised actor wants to hold, e.g. `iran_nuclear >= 60`; without one,
    /// advice serves the actor's own positions.
    pub goal: Option<String>,
    /// How far a lever may move a number when the scenario gives it no range: a share of the
    /// issue's scale width for positions, an absolute amount for saliences, in `(0, 1]`.
    /// With a budget, every number moves by it either way, range or not.
    pub budget: Option<f64>,
    /// How many levers to report.
    pub top: usize,
    /// Monte Carlo settings for the odds of the goal under the top levers and the acceptance
    /// of the best proposal; `None`: point runs only.
    pub monte_carlo: Option<MonteCarlo>,
    /// How many of the top levers also get Monte Carlo odds.
    pub odds_for: usize,
    /// The most exact re-runs (each runs every model once) the search may make.
    pub max_evaluations: usize,
    /// Work units ([`crate::cost`]) above which the lever and partner searches screen first:
    /// every candidate is re-run under the cheapest models that fit in this many units, and
    /// only the best [`Settings::screen_keep`] are re-run under every model.
    pub screen_units: f64,
    /// How many screened candidates are re-run under every model.
    pub screen_keep: usize,
}

impl Settings {
    /// Default settings for advising `actor`: no goal, no budget, ten levers, point runs.
    pub fn new(actor: impl Into<String>) -> Self {
        Self {
            actor: actor.into(),
            goal: None,
            budget: None,
            top: 10,
            monte_carlo: None,
            odds_for: 3,
            max_evaluations: 20_000,
            screen_units: DEFAULT_SCREEN_UNITS,
            screen_keep: 30,
        }
    }
}

/// Why no advice was given.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AdviseError {
    /// The scenario (after what-ifs and edits) is invalid.
    #[error(transparent)]
    Invalid(#[from] InvalidScenario),
    /// The advised actor is not in the scenario.
    #[error("unknown actor '{id}' to advise; actors: {known}")]
    UnknownActor {
        /// The id asked for.
        id: String,
        /// The scenario's actor ids.
        known: String,
    },
    /// The goal does not parse or names an unknown issue.
    #[error("goal \"{text}\": {reason}")]
    Goal {
        /// The goal as written.
        text: String,
        /// Why.
        reason: String,
    },
    /// A goal threshold outside its issue's scale.
    #[error(
        "goal \"{text}\": {threshold} is off the scale of issue '{issue}', which runs from {min} to {max}"
    )]
    GoalOffScale {
        /// The goal as written.
        text: String,
        /// The issue id.
        issue: String,
        /// The threshold as written.
        threshold: f64,
        /// The scale's low end.
        min: f64,
        /// The scale's high end.
        max: f64,
    },
    /// A budget outside `(0, 1]`.
    #[error(
        "budget {} is not in (0, 1]; it is a share of each issue's scale (and of salience)",
        if .0.is_finite() && .0.abs() >= 1e15 { format!("{:e}", .0) } else { format!("{}", .0) }
    )]
    BadBudget(f64),
    /// `top` is 0: no lever would be shown, and the advice would read as if none helped.
    #[error("top 0 would show no lever; give at least 1 (the default is 10)")]
    BadTop,
    /// The search would exceed its bound.
    #[error(
        "the lever search would try {needed} moves, more than its limit of {limit}; \
         advise a smaller scenario, or give fewer ranges"
    )]
    TooMuchWork {
        /// Re-runs the search would make.
        needed: usize,
        /// The limit.
        limit: usize,
    },
    /// No model could run on the scenario.
    #[error("no model could run on this scenario: {0}")]
    NoModel(String),
    /// Edits to try do not apply.
    #[error("{reason}")]
    Edit {
        /// Why.
        reason: String,
    },
    /// The token was cancelled.
    #[error("the advice was cancelled")]
    Cancelled,
    /// A Monte Carlo run failed.
    #[error(transparent)]
    MonteCarlo(#[from] McError),
}

impl From<ModelError> for AdviseError {
    fn from(e: ModelError) -> Self {
        match e {
            ModelError::Cancelled => AdviseError::Cancelled,
            other => AdviseError::NoModel(other.to_string()),
        }
    }
}

impl From<crate::cancel::Cancelled> for AdviseError {
    fn from(_: crate::cancel::Cancelled) -> Self {
        AdviseError::Cancelled
    }
}

/// A budget as a percentage for prose, rounded to nine decimals so 0.07 reads 7, not
/// 7.000000000000001.
pub fn percent_of(budget: f64) -> f64 {
    (budget * 100.0 * 1e9).round() / 1e9
}

/// The advice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    /// The advised actor's id.
    pub actor: String,
    /// The goal, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// What the levers' effect measures.
    pub measure: Measure,
    /// The models used, in order; every per-model list follows it.
    pub models: Vec<String>,
    /// Models that could not run on the scenario, with why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<(String, String)>,
    /// The forecast without any move, per model (issue id -> value, own scales).
    pub baseline: Vec<Baseline>,
    /// The levers that move the result toward the goal (or the actor's ideal), best first.
    pub levers: Vec<Lever>,
    /// Candidate moves evaluated by exact re-runs.
    pub evaluated: usize,
    /// The budget the moves were made with (each number moved by it either way, instead of to
    /// its range's ends); absent when the ranges defined the moves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<f64>,
    /// When the search was too big to re-run every model on every candidate: the models every
    /// candidate (move or partner) was screened with; only the best
    /// [`Settings::screen_keep`] were then re-run under every model, so a move that matters
    /// only under the other models can be missed. Empty: no screening.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub screened_with: Vec<String>,
    /// Whether the goal holds without any move under some model, or some reported lever makes
    /// it hold under some model (`None` without a goal). `Some(false)`: no lever reaches it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal_reachable: Option<bool>,
    /// Odds of the goal without any move, over Monte Carlo draws (goal and Monte Carlo only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_odds: Option<levers::Odds>,
    /// The best proposals, by issue set.
    pub proposals: Vec<ProposalSet>,
    /// Partners and small groups whose alignment with the advised actor moves the result.
    pub coalitions: Vec<Coalition>,
}

/// What a lever's effect measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// How much closer the forecast comes to meeting the goal: the drop in its shortfall,
    /// in points of the internal 0-100 scale (summed over a clause's comparisons; the
    /// clause nearest to holding counts).
    GoalShortfall,
    /// The advised actor's utility gain (Parley's yardstick, all issues).
    Utility,
}

/// One model's forecast without any move.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Baseline {
    /// Model id.
    pub model: String,
    /// Issue id -> forecast, own scale.
    pub forecast: indexmap::IndexMap<String, f64>,
    /// Whether the goal holds (goal only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holds: Option<bool>,
    /// How far the forecast falls short of the goal, internal points (goal only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<f64>,
    /// The advised actor's utility of the forecast.
    pub utility: f64,
}

/// The goal, resolved against the scenario's issues.
#[derive(Debug, Clone)]
pub(crate) struct Goal {
    pub text: String,
    pub resolved: ResolvedCondition,
    /// Per clause, per comparison: issue index, op, threshold on the internal scale.
    pub internal: Vec<Vec<(usize, Op, f64)>>,
}

impl Goal {
    fn parse(text: &str, s: &Scenario) -> Result<Self, AdviseError> {
        let fail = |reason: String| AdviseError::Goal {
            text: text.to_owned(),
            reason,
        };
        let condition = Condition::parse(text).map_err(|e| fail(e.to_string()))?;
        // Off the scale keeps its own error, with the scale's ends.
        let resolved = condition.resolve(&s.issues).map_err(|e| match e {
            crate::condition::ConditionError::OffScale {
                issue,
                threshold,
                min,
                max,
            } => AdviseError::GoalOffScale {
                text: text.to_owned(),
                issue,
                threshold,
                min,
                max,
            },
            other => fail(other.to_string()),
        })?;
        let mut internal = Vec::new();
        for clause in condition.clauses() {
            let mut out = Vec::new();
            for cmp in clause {
                let j = s
                    .issue_index(&cmp.issue)
                    .ok_or_else(|| fail(format!("unknown issue '{}'", cmp.issue)))?;
                let scale = s.issues[j].scale;
                if !scale.contains(cmp.threshold) {
                    return Err(AdviseError::GoalOffScale {
                        text: text.to_owned(),
                        issue: cmp.issue.clone(),
                        threshold: cmp.threshold,
                        min: scale.min,
                        max: scale.max,
                    });
                }
                out.push((j, cmp.op, scale.to_internal(cmp.threshold)));
            }
            internal.push(out);
        }
        Ok(Self {
            text: text.to_owned(),
            resolved,
            internal,
        })
    }

    /// How far `x` (internal scale) falls short of the goal: per comparison the distance to
    /// its threshold on the wrong side, summed over a clause; the nearest clause.
    ///
    /// A comparison counts as met exactly when the goal's condition says it holds (with
    /// [`condition::TOLERANCE`](crate::condition::TOLERANCE) of the scale), so a shortfall is 0
    /// if and only if the goal holds: a forecast within round-off of a `>=` threshold falls
    /// short by nothing, and one at a `>` threshold still falls short by the tolerance.
    pub(crate) fn shortfall(&self, x: &[f64]) -> f64 {
        self.internal
            .iter()
            .map(|clause| {
                clause
                    .iter()
                    .map(|&(j, op, t)| {
                        let v = x.get(j).copied().unwrap_or(f64::NAN);
                        if op.holds(v, t, INTERNAL_TOLERANCE) {
                            return 0.0;
                        }
                        let gap = match op {
                            Op::Greater | Op::GreaterEq => t - v,
                            Op::Less | Op::LessEq => v - t,
                        };
                        gap.max(INTERNAL_TOLERANCE)
                    })
                    .sum::<f64>()
            })
            .fold(f64::INFINITY, f64::min)
    }
}

/// [`TOLERANCE`] on the internal scale (0 to [`INTERNAL_MAX`]), where goals are measured.
const INTERNAL_TOLERANCE: f64 = TOLERANCE * INTERNAL_MAX;

/// One exact evaluation: every model's forecast on one scenario.
#[derive(Debug, Clone)]
pub(crate) struct Evaluation {
    /// Per model (in [`Context::models`] order): forecasts on the internal scale, or `None`
    /// when the model could not run on this variant.
    pub internal: Vec<Option<Vec<f64>>>,
    /// The same on each issue's own scale.
    pub own: Vec<Option<Vec<f64>>>,
}

/// What every part of the advice shares: the base scenario, the models, the advised actor.
#[derive(Clone)]
pub(crate) struct Context<'a> {
    pub scenario: &'a Scenario,
    pub inputs: Inputs,
    pub models: Vec<&'a dyn Model>,
    /// The models as given, for Monte Carlo (which takes boxed models).
    pub boxed: &'a [Box<dyn Model>],
    pub actor: usize,
    pub goal: Option<Goal>,
    pub cancel: &'a Cancel,
    /// Told of the Monte Carlo runs planned and done, for a caller's progress indicator.
    pub progress: &'a (dyn Fn(Progress) + Sync),
}

impl Context<'_> {
    /// Runs every model on `s`, exactly as `parley run` does on the same scenario.
    pub fn evaluate(&self, s: &Scenario) -> Result<Evaluation, AdviseError> {
        self.cancel.check()?;
        let mut inputs = Inputs::from_scenario(s)?;
        inputs.set_cancel(self.cancel.clone());
        self.evaluate_inputs(&inputs)
    }

    /// Runs every model on ready inputs.
    pub fn evaluate_inputs(&self, inputs: &Inputs) -> Result<Evaluation, AdviseError> {
        let mut internal = Vec::with_capacity(self.models.len());
        let mut own = Vec::with_capacity(self.models.len());
        for model in &self.models {
            match model.run(inputs) {
                Ok(outcome) => {
                    let x: Vec<f64> = outcome.forecasts.iter().map(|f| f.value).collect();
                    own.push(Some(
                        x.iter()
                            .enumerate()
                            .map(|(j, &v)| inputs.scale(j).from_internal(v))
                            .collect(),
                    ));
                    internal.push(Some(x));
                }
                Err(ModelError::Cancelled) => return Err(AdviseError::Cancelled),
                Err(ModelError::Unsupported { .. }) => {
                    internal.push(None);
                    own.push(None);
                }
            }
        }
        Ok(Evaluation { internal, own })
    }

    /// The advised actor's utility of forecast `x` (internal scale, all issues), measured
    /// with its stance in the base scenario.
    pub fn utility(&self, x: &[f64]) -> f64 {
        let all: Vec<usize> = (0..self.inputs.n_issues()).collect();
        crate::mediation::party_utility(&self.inputs, self.actor, &all, x)
    }

    /// The measure of a forecast: the goal's shortfall, or the actor's utility.
    pub fn score(&self, x: &[f64]) -> f64 {
        match &self.goal {
            Some(g) => g.shortfall(x),
            None => self.utility(x),
        }
    }

    /// How much better `after` is than `before` on the measure (positive: better).
    pub fn improvement(&self, before: &[f64], after: &[f64]) -> f64 {
        match &self.goal {
            Some(_) => self.score(before) - self.score(after),
            None => self.score(after) - self.score(before),
        }
    }
}

/// A screening context: the same advice with only the cheapest models, when `candidates`
/// re-runs of every model would cost more than [`Settings::screen_units`]; `None` otherwise.
pub(crate) fn screening<'a>(
    ctx: &Context<'a>,
    candidates: usize,
    settings: &Settings,
) -> Option<Context<'a>> {
    let (n, m) = (ctx.inputs.n_actors(), ctx.inputs.n_issues());
    let units = |model: &dyn Model| {
        crate::cost::ModelCost::of(model.info().id, ctx.scenario)
            .map_or(f64::INFINITY, |c| c.units(n, m))
    };
    let mut by_cost: Vec<(f64, &'a dyn Model)> = ctx
        .models
        .iter()
        .map(|&model| (units(model), model))
        .collect();
    let full: f64 = by_cost.iter().map(|(u, _)| u).sum::<f64>() * candidates as f64;
    if full <= settings.screen_units {
        return None;
    }
    by_cost.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut spent = 0.0;
    let mut chosen: Vec<&'a dyn Model> = Vec::new();
    for (u, model) in by_cost {
        spent += u * candidates as f64;
        if chosen.is_empty() || spent <= settings.screen_units {
            chosen.push(model);
        }
    }
    // Keep the models' own order, so per-model lists read the same.
    let keep: Vec<&'a dyn Model> = ctx
        .models
        .iter()
        .copied()
        .filter(|m| chosen.iter().any(|c| c.info().id == m.info().id))
        .collect();
    Some(Context {
        models: keep,
        ..ctx.clone()
    })
}

/// What [`advise_with_progress`] reports as it goes: its Monte Carlo runs, the one part of
/// the advice whose size is known before it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// This many more Monte Carlo runs are about to be made (told once per batch, before its
    /// first run, so a total grows as the search decides what needs odds).
    Planned(usize),
    /// One Monte Carlo run done (called from worker threads, in no particular order).
    Run,
}

/// Advises `settings.actor` on scenario `s` using `models`; `calibration` adds the measured
/// model error to the Monte Carlo odds of levers and to the best proposal's acceptance. Stops
/// with [`AdviseError::Cancelled`] once `cancel` is cancelled.
pub fn advise(
    s: &Scenario,
    models: &[Box<dyn Model>],
    settings: &Settings,
    calibration: Option<&Calibration>,
    cancel: &Cancel,
) -> Result<Advice, AdviseError> {
    advise_with_progress(s, models, settings, calibration, cancel, &|_| {})
}

/// [`advise`], telling `progress` of its Monte Carlo runs as they are planned and done; the
/// advice is the same.
pub fn advise_with_progress(
    s: &Scenario,
    models: &[Box<dyn Model>],
    settings: &Settings,
    calibration: Option<&Calibration>,
    cancel: &Cancel,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Advice, AdviseError> {
    let (ctx, skipped) = context(s, models, settings, cancel, progress)?;
    let base = ctx.evaluate_inputs(&ctx.inputs)?;
    let baseline = baseline(&ctx, &base);
    let search = levers::search(&ctx, &base, settings)?;
    let mut top = search.levers;
    if let (Some(_), Some(mc)) = (&ctx.goal, &settings.monte_carlo) {
        let batches = 1 + top.len().min(settings.odds_for);
        progress(Progress::Planned(mc.runs * batches));
    }
    let baseline_odds = match (&ctx.goal, &settings.monte_carlo) {
        (Some(g), Some(mc)) => Some(levers::odds(&ctx, s, &g.text, mc, calibration)?),
        _ => None,
    };
    if let (Some(g), Some(b), Some(mc)) = (&ctx.goal, &baseline_odds, &settings.monte_carlo) {
        // Odds can move a lever down the ranking; the levers that move up into the first
        // `odds_for` then get odds too, until every one of those has them. Each pass gives
        // odds to at least one more lever, so this ends.
        let mut first_pass = true;
        loop {
            let missing: Vec<usize> = (0..top.len().min(settings.odds_for))
                .filter(|&k| top[k].odds.is_none())
                .collect();
            if missing.is_empty() {
                break;
            }
            if !first_pass {
                progress(Progress::Planned(mc.runs * missing.len()));
            }
            first_pass = false;
            for k in missing {
                let lever = &mut top[k];
                let edited = crate::what_if::apply_edits(
                    s,
                    crate::what_if::EditSource::WhatIf(lever.edit.clone()),
                    std::slice::from_ref(&lever.edit),
                )
                .map_err(|e| AdviseError::Edit {
                    reason: e.to_string(),
                })?;
                let odds = levers::odds(&ctx, &edited, &g.text, mc, calibration)?;
                lever.odds_fall = levers::odds_fall(b, &odds);
                lever.odds = Some(odds);
            }
            levers::rank(&mut top);
        }
    }
    let goal_reachable = ctx.goal.as_ref().map(|_| {
        baseline.iter().any(|b| b.holds == Some(true))
            || top
                .iter()
                .any(|l| l.effects.iter().any(|e| e.holds_after == Some(true)))
    });
    let proposals = proposal::search(&ctx, &base, settings.monte_carlo.as_ref(), calibration)?;
    let screen = screening(&ctx, ctx.inputs.n_actors(), settings);
    let coalitions = coalitions::search(&ctx, &base, screen.as_ref(), coalitions::SCREEN_KEEP)?;
    Ok(Advice {
        actor: settings.actor.clone(),
        goal: settings.goal.clone(),
        measure: if ctx.goal.is_some() {
            Measure::GoalShortfall
        } else {
            Measure::Utility
        },
        models: ctx.models.iter().map(|m| m.info().id.to_owned()).collect(),
        skipped,
        baseline,
        levers: top,
        evaluated: search.evaluated,
        budget: settings.budget,
        screened_with: search.screened_with,
        goal_reachable,
        baseline_odds,
        proposals,
        coalitions,
    })
}

/// The shared context: validated inputs, the advised actor, the goal, and the models that run
/// on the base scenario (with why the others do not).
fn context<'a>(
    s: &'a Scenario,
    models: &'a [Box<dyn Model>],
    settings: &Settings,
    cancel: &'a Cancel,
    progress: &'a (dyn Fn(Progress) + Sync),
) -> Result<(Context<'a>, Vec<(String, String)>), AdviseError> {
    if let Some(b) = settings.budget
        && !(b > 0.0 && b <= 1.0)
    {
        return Err(AdviseError::BadBudget(b));
    }
    if settings.top == 0 {
        return Err(AdviseError::BadTop);
    }
    let mut inputs = Inputs::from_scenario(s)?;
    inputs.set_cancel(cancel.clone());
    let actor = s
        .actor_index(&settings.actor)
        .ok_or_else(|| AdviseError::UnknownActor {
            id: settings.actor.clone(),
            known: s
                .actors
                .iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    let goal = settings
        .goal
        .as_deref()
        .map(|g| Goal::parse(g, s))
        .transpose()?;
    let all: Vec<&dyn Model> = models.iter().map(|m| m.as_ref()).collect();
    let mut ctx = Context {
        scenario: s,
        inputs,
        models: all,
        boxed: models,
        actor,
        goal,
        cancel,
        progress,
    };
    // Models that cannot run on the base scenario are left out of everything.
    let probe = ctx.evaluate_inputs(&ctx.inputs)?;
    let mut skipped = Vec::new();
    let mut kept = Vec::new();
    for (model, x) in ctx.models.iter().zip(&probe.internal) {
        if x.is_some() {
            kept.push(*model);
        } else if let Err(e) = model.run(&ctx.inputs) {
            skipped.push((model.info().id.to_owned(), e.to_string()));
        }
    }
    if kept.is_empty() {
        return Err(AdviseError::NoModel(
            skipped
                .iter()
                .map(|(m, r)| format!("{m}: {r}"))
                .collect::<Vec<_>>()
                .join("; "),
        ));
    }
    ctx.models = kept;
    Ok((ctx, skipped))
}

/// What a list of edits (in `--set` syntax, applied in order) does under each model, measured
/// as [`advise`] measures a lever for `settings.actor` and `settings.goal`: exact re-runs.
pub fn try_edits(
    s: &Scenario,
    models: &[Box<dyn Model>],
    settings: &Settings,
    edits: &[String],
    cancel: &Cancel,
) -> Result<Vec<ModelEffect>, AdviseError> {
    let (ctx, _) = context(s, models, settings, cancel, &|_| {})?;
    let base = ctx.evaluate_inputs(&ctx.inputs)?;
    let edited =
        crate::what_if::apply_edits(s, crate::what_if::EditSource::WhatIf("edits".into()), edits)
            .map_err(|e| AdviseError::Edit {
            reason: e.to_string(),
        })?;
    let after = ctx.evaluate(&edited)?;
    Ok(levers::effects(&ctx, &base, &after))
}

fn baseline(ctx: &Context, base: &Evaluation) -> Vec<Baseline> {
    ctx.models
        .iter()
        .zip(base.internal.iter().zip(&base.own))
        .filter_map(|(m, (x, own))| {
            let (x, own) = (x.as_ref()?, own.as_ref()?);
            Some(Baseline {
                model: m.info().id.to_owned(),
                forecast: ctx
                    .scenario
                    .issues
                    .iter()
                    .zip(own)
                    .map(|(i, &v)| (i.id.clone(), v))
                    .collect(),
                holds: ctx.goal.as_ref().map(|g| g.resolved.holds(own)),
                shortfall: ctx.goal.as_ref().map(|g| g.shortfall(x)),
                utility: ctx.utility(x),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Actor;
    use crate::issue::Issue;

    /// x and y on two issues with a status quo, the second on a 0-10 scale (also the base of
    /// the coalition tests).
    pub(super) fn two_issues() -> Scenario {
        let mut s = Scenario::named("t");
        s.issues.push(Issue::new("a").with_status_quo(0.0));
        s.issues
            .push(Issue::new("b").with_scale(0.0, 10.0).with_status_quo(0.0));
        s.actors.push(
            Actor::new("x", 1.0)
                .with_stance("a", 80.0, 1.0)
                .with_stance("b", 2.0, 0.5),
        );
        s.actors.push(
            Actor::new("y", 2.0)
                .with_stance("a", 20.0, 0.8)
                .with_stance("b", 9.0, 0.5),
        );
        s
    }

    #[test]
    fn shortfall_sums_a_clause_and_takes_the_nearest_clause() {
        let s = two_issues();
        // Issue b runs 0-10: 4 on its scale is 40 internal.
        let g = Goal::parse("a >= 60 and b <= 4 or a >= 90", &s).unwrap();
        // Clause 1: (60 - 50) + (70 - 40) = 40; clause 2: 90 - 50 = 40; nearest: 40.
        assert_eq!(g.shortfall(&[50.0, 70.0]), 40.0);
        // Clause 1: 0 + (50 - 40) = 10; clause 2: 90 - 70 = 20.
        assert_eq!(g.shortfall(&[70.0, 50.0]), 10.0);
        assert_eq!(g.shortfall(&[95.0, 90.0]), 0.0);
    }

    #[test]
    fn shortfall_is_zero_exactly_when_the_goal_holds() {
        let s = two_issues();
        // The weighted mean of 20, 40 and 90 at weight 0.1 each is 49.99999999999999 in
        // floating point: within round-off of 50, so `>= 50` holds and nothing is short.
        let v = (0.1 * 20.0 + 0.1 * 40.0 + 0.1 * 90.0) / (0.1 + 0.1 + 0.1);
        assert!(v < 50.0);
        let ge = Goal::parse("a >= 50", &s).unwrap();
        assert_eq!(ge.shortfall(&[v, 0.0]), 0.0);
        // `> 50` at 50 does not hold, so it falls short by the tolerance, not by 0.
        let gt = Goal::parse("a > 50", &s).unwrap();
        assert!(gt.shortfall(&[50.0, 0.0]) > 0.0);
        assert_eq!(gt.shortfall(&[50.0, 0.0]), INTERNAL_TOLERANCE);
        assert_eq!(gt.shortfall(&[51.0, 0.0]), 0.0);
    }

    #[test]
    fn bad_input_gives_named_errors() {
        let s = two_issues();
        let models = crate::models::all();
        let cancel = Cancel::never();
        let run = |settings: Settings| advise(&s, &models, &settings, None, &cancel);
        assert!(matches!(
            run(Settings::new("nobody")),
            Err(AdviseError::UnknownActor { known, .. }) if known == "x, y"
        ));
        let goal = |g: &str| Settings {
            goal: Some(g.into()),
            ..Settings::new("x")
        };
        assert!(matches!(run(goal("c >= 3")), Err(AdviseError::Goal { .. })));
        assert!(matches!(
            run(goal("b >= 11")),
            Err(AdviseError::GoalOffScale { min, max, .. }) if min == 0.0 && max == 10.0
        ));
        let budget = Settings {
            budget: Some(0.0),
            ..Settings::new("x")
        };
        assert!(matches!(run(budget), Err(AdviseError::BadBudget(_))));
        let huge = Settings {
            budget: Some(1e308),
            ..Settings::new("x")
        };
        let message = run(huge).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.starts_with("budget 1e308 is not in"), "{message}");
        // `--top 0` printed "No lever moves the result toward the goal" over levers it hid.
        let none_shown = Settings {
            top: 0,
            ..Settings::new("x")
        };
        let err = run(none_shown).err();
        assert!(matches!(err, Some(AdviseError::BadTop)), "{err:?}");
        let cancelled = Cancel::new();
        cancelled.cancel();
        assert!(matches!(
            advise(&s, &models, &Settings::new("x"), None, &cancelled),
            Err(AdviseError::Cancelled)
        ));
    }

    #[test]
    fn a_goal_no_forecast_can_meet_is_unreachable_not_an_error() {
        let s = two_issues();
        // "a > 100" is refused outright now (it decides itself at the scale's end); the top
        // end itself is a goal that no lever within the budget reaches here.
        let settings = Settings {
            goal: Some("a >= 100".into()),
            budget: Some(0.5),
            ..Settings::new("x")
        };
        let a = advise(&s, &crate::models::all(), &settings, None, &Cancel::never()).unwrap();
        assert_eq!(a.goal_reachable, Some(false));
        // Levers may still bring forecasts closer; none makes the goal hold.
        for l in &a.levers {
            assert!(
                l.effects.iter().all(|e| e.holds_after == Some(false)),
                "{l:?}"
            );
        }
    }

    #[test]
    fn levers_are_ranked_and_name_their_edit() {
        let s = two_issues();
        let settings = Settings {
            budget: Some(0.25),
            ..Settings::new("x")
        };
        let models: Vec<Box<dyn Model>> = vec![Box::new(crate::models::Compromise)];
        let a = advise(&s, &models, &settings, None, &Cancel::never()).unwrap();
        assert!(!a.levers.is_empty());
        for w in a.levers.windows(2) {
            assert!(w[0].mean_effect >= w[1].mean_effect);
        }
        // The compromise on a is (1 * 1 * 80 + 2 * 0.8 * 20) / (1 + 1.6) = 112 / 2.6; y moving
        // toward x (20 + 25 = 45) gives (80 + 1.6 * 45) / 2.6 = 152 / 2.6: x's utility rises by
        // 1 * (152 - 112) / 2.6 / 100.
        let up = a
            .levers
            .iter()
            .find(|l| l.edit == "y.a.position = 45")
            .unwrap();
        let expected = (152.0 - 112.0) / 2.6 / 100.0;
        assert!((up.effects[0].effect - expected).abs() < 1e-12, "{up:?}");
        assert_eq!(up.ask, Some(0.8 * 25.0 / 100.0));
        assert_eq!(up.concession, None);
    }

    #[test]
    fn a_search_over_budget_screens_with_the_cheapest_model_then_reruns_all() {
        let s = two_issues();
        let models = crate::models::all();
        let full = Settings {
            budget: Some(0.25),
            top: usize::MAX,
            ..Settings::new("x")
        };
        let screened = Settings {
            screen_units: 1.0,
            screen_keep: 2,
            ..full.clone()
        };
        let a = advise(&s, &models, &full, None, &Cancel::never()).unwrap();
        let b = advise(&s, &models, &screened, None, &Cancel::never()).unwrap();
        assert!(a.screened_with.is_empty());
        assert_eq!(b.screened_with, ["compromise"]);
        assert!(b.levers.len() <= 2);
        // Levers that survive screening carry every model's exact effect, as without it.
        for l in &b.levers {
            assert_eq!(l.effects.len(), models.len());
            let same = a.levers.iter().find(|k| k.edit == l.edit).unwrap();
            assert_eq!(same.effects, l.effects);
        }
    }
}
