//! The lever search: every actor's position and salience moved within its plausible range (or
//! a stated budget), each move an exact re-run of every model on the edited scenario.

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Serialize;

use super::{AdviseError, Context, Evaluation, Settings};
use crate::calibration::Calibration;
use crate::estimate::Estimate;
use crate::issue::INTERNAL_MAX;
use crate::scenario::Scenario;
use crate::uncertainty::MonteCarlo;

/// Effects smaller than this (internal points or utility) count as no effect.
pub const NO_EFFECT: f64 = 1e-9;

/// Which number a lever moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The actor's position on the issue.
    Position,
    /// The actor's salience on the issue.
    Salience,
}

impl Field {
    /// The field's name in edit paths.
    pub fn name(self) -> &'static str {
        match self {
            Field::Position => "position",
            Field::Salience => "salience",
        }
    }
}

/// One move and what it does under each model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lever {
    /// The move in `--set` syntax, e.g. `isr.iran_sanctions.position = 30`.
    pub edit: String,
    /// The moved actor's id.
    pub actor: String,
    /// The issue's id.
    pub issue: String,
    /// Which number moves.
    pub field: Field,
    /// Its value in the scenario (own scale for positions).
    pub from: f64,
    /// Its value after the move.
    pub to: f64,
    /// Whether the advised actor moves itself.
    pub own: bool,
    /// Per model, in the advice's model order.
    pub effects: Vec<ModelEffect>,
    /// Mean effect over the models (see [`super::Measure`]); the ranking key.
    pub mean_effect: f64,
    /// The smallest effect under any model.
    pub worst_effect: f64,
    /// For the advised actor's own position moves: the utility it concedes by stating `to`
    /// instead of its ideal (salience x distance / 100, internal scale). Never netted with
    /// the benefit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concession: Option<f64>,
    /// For another actor's position move: the utility that actor gives up by stating `to`
    /// instead of its position (salience x distance / 100): what persuading it asks of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ask: Option<f64>,
    /// The goal's odds with the lever applied (top levers, with a goal and Monte Carlo).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub odds: Option<Odds>,
}

/// A lever's effect under one model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelEffect {
    /// Model id.
    pub model: String,
    /// The measure without the move (shortfall or utility).
    pub before: f64,
    /// The measure with it.
    pub after: f64,
    /// The improvement (positive: toward the goal or the ideal).
    pub effect: f64,
    /// The advised actor's utility gain from the move, reported apart from any cost.
    pub benefit: f64,
    /// Whether the goal holds without the move (goal only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holds_before: Option<bool>,
    /// Whether it holds with the move (goal only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holds_after: Option<bool>,
    /// The forecast with the move, issue id -> value on its own scale: what `parley run --set`
    /// prints for this model.
    pub forecast: IndexMap<String, f64>,
}

/// The odds of the goal over Monte Carlo draws, as `parley mc --condition GOAL` gives them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Odds {
    /// Runs.
    pub runs: usize,
    /// Seed.
    pub seed: u64,
    /// Model id -> share of runs in which the goal holds, over the input ranges alone.
    pub probability: IndexMap<String, f64>,
    /// Model id -> the same with each model's measured error added (models with one).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub with_model_error: IndexMap<String, f64>,
}

/// The ranked levers and how many moves were tried.
pub(crate) struct Search {
    pub levers: Vec<Lever>,
    pub evaluated: usize,
    pub screened_with: Vec<String>,
}

/// A candidate move before evaluation.
struct Candidate {
    actor: usize,
    issue: usize,
    field: Field,
    from: f64,
    to: f64,
}

/// Every candidate move, in actor, issue, field order.
fn candidates(ctx: &Context, budget: Option<f64>) -> Vec<Candidate> {
    let s = ctx.scenario;
    let advised = &s.actors[ctx.actor];
    let mut out = Vec::new();
    for (a, actor) in s.actors.iter().enumerate() {
        for (j, issue) in s.issues.iter().enumerate() {
            let Some(stance) = actor.stances.get(&issue.id) else {
                continue;
            };
            let scale = issue.scale;
            let width = scale.max - scale.min;
            let ideal = advised
                .stances
                .get(&issue.id)
                .filter(|_| a != ctx.actor)
                .map(|st| st.position.value);
            let position = values(&stance.position, budget.map(|b| b * width), ideal)
                .into_iter()
                .map(|v| v.clamp(scale.min, scale.max));
            let salience = values(&stance.salience, budget, None)
                .into_iter()
                .map(|v| v.clamp(0.0, 1.0));
            for (field, vs) in [
                (Field::Position, position.collect::<Vec<_>>()),
                (Field::Salience, salience.collect()),
            ] {
                let from = match field {
                    Field::Position => stance.position.value,
                    Field::Salience => stance.salience.value,
                };
                let mut seen: Vec<f64> = Vec::new();
                for to in vs {
                    if to != from && !seen.contains(&to) {
                        seen.push(to);
                        out.push(Candidate {
                            actor: a,
                            issue: j,
                            field,
                            from,
                            to,
                        });
                    }
                }
            }
        }
    }
    out
}

/// The values a number may be moved to: its range's ends (and the point of the range nearest
/// `toward`), or its value plus and minus the budget.
fn values(e: &Estimate, budget: Option<f64>, toward: Option<f64>) -> Vec<f64> {
    if let Some(b) = budget {
        // Rounded to nine decimals so the edit reads as written (0.3, not 0.30000000000000004);
        // the rounded value is the one evaluated.
        let round = |x: f64| (x * 1e9).round() / 1e9;
        return vec![round(e.value - b), round(e.value + b)];
    }
    let Some(sp) = &e.spread else {
        return Vec::new();
    };
    let mut out = vec![sp.low, sp.high];
    if let Some(t) = toward {
        out.push(t.clamp(sp.low, sp.high));
    }
    out
}

/// The edit that makes a candidate move, in `--set` syntax.
fn edit(s: &Scenario, c: &Candidate) -> String {
    format!(
        "{}.{}.{} = {}",
        s.actors[c.actor].id,
        s.issues[c.issue].id,
        c.field.name(),
        c.to
    )
}

/// Searches every candidate move and ranks those that help.
pub(crate) fn search(
    ctx: &Context,
    base: &Evaluation,
    settings: &Settings,
) -> Result<Search, AdviseError> {
    let all = candidates(ctx, settings.budget);
    if all.len() > settings.max_evaluations {
        return Err(AdviseError::TooMuchWork {
            needed: all.len(),
            limit: settings.max_evaluations,
        });
    }
    let mut screened_with = Vec::new();
    let chosen: Vec<&Candidate> = match super::screening(ctx, all.len(), settings) {
        None => all.iter().collect(),
        Some(cheap) => {
            screened_with = cheap
                .models
                .iter()
                .map(|m| m.info().id.to_owned())
                .collect();
            let cheap_base = cheap.evaluate_inputs(&cheap.inputs)?;
            let screened: Vec<Option<Lever>> = all
                .par_iter()
                .map(|c| evaluate(&cheap, &cheap_base, c))
                .collect::<Result<_, _>>()?;
            let mut ranked: Vec<(f64, &Candidate)> = screened
                .iter()
                .zip(&all)
                .filter_map(|(l, c)| Some((l.as_ref()?.mean_effect, c)))
                .collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
            ranked
                .into_iter()
                .take(settings.screen_keep)
                .map(|(_, c)| c)
                .collect()
        }
    };
    let evaluated: Vec<Option<Lever>> = chosen
        .par_iter()
        .map(|c| evaluate(ctx, base, c))
        .collect::<Result<_, _>>()?;
    let mut levers: Vec<Lever> = evaluated
        .into_iter()
        .flatten()
        .filter(|l| l.mean_effect > NO_EFFECT)
        .collect();
    // Stable sort: ties keep the candidates' (file) order, so the ranking is deterministic.
    levers.sort_by(|a, b| b.mean_effect.total_cmp(&a.mean_effect));
    levers.truncate(settings.top);
    Ok(Search {
        levers,
        evaluated: all.len(),
        screened_with,
    })
}

/// Re-runs every model with one move applied; `None` when the edited scenario is invalid
/// (a range end that breaks a rule) or no model ran on it.
fn evaluate(ctx: &Context, base: &Evaluation, c: &Candidate) -> Result<Option<Lever>, AdviseError> {
    let s = ctx.scenario;
    let text = edit(s, c);
    let Ok(edited) = crate::what_if::apply_edits(
        s,
        crate::what_if::EditSource::WhatIf(text.clone()),
        std::slice::from_ref(&text),
    ) else {
        return Ok(None);
    };
    let after = ctx.evaluate(&edited)?;
    let effects = effects(ctx, base, &after);
    if effects.is_empty() {
        return Ok(None);
    }
    let mean_effect = effects.iter().map(|e| e.effect).sum::<f64>() / effects.len() as f64;
    let worst_effect = effects
        .iter()
        .map(|e| e.effect)
        .fold(f64::INFINITY, f64::min);
    let scale = s.issues[c.issue].scale;
    let distance = (scale.to_internal(c.to) - scale.to_internal(c.from)).abs();
    let salience = ctx.inputs.saliences(c.issue)[c.actor];
    let cost = (c.field == Field::Position).then_some(salience * distance / INTERNAL_MAX);
    let own = c.actor == ctx.actor;
    Ok(Some(Lever {
        edit: text,
        actor: s.actors[c.actor].id.clone(),
        issue: s.issues[c.issue].id.clone(),
        field: c.field,
        from: c.from,
        to: c.to,
        own,
        effects,
        mean_effect,
        worst_effect,
        concession: if own { cost } else { None },
        ask: if own { None } else { cost },
        odds: None,
    }))
}

/// Per model that ran both before and after, the move's effect.
pub(crate) fn effects(ctx: &Context, base: &Evaluation, after: &Evaluation) -> Vec<ModelEffect> {
    let mut out = Vec::with_capacity(ctx.models.len());
    for (k, model) in ctx.models.iter().enumerate() {
        let (Some(x0), Some(x1), Some(own1), Some(own0)) = (
            &base.internal[k],
            &after.internal[k],
            &after.own[k],
            &base.own[k],
        ) else {
            continue;
        };
        let goal = ctx.goal.as_ref();
        out.push(ModelEffect {
            model: model.info().id.to_owned(),
            before: ctx.score(x0),
            after: ctx.score(x1),
            effect: ctx.improvement(x0, x1),
            benefit: ctx.utility(x1) - ctx.utility(x0),
            holds_before: goal.map(|g| g.resolved.holds(own0)),
            holds_after: goal.map(|g| g.resolved.holds(own1)),
            forecast: ctx
                .scenario
                .issues
                .iter()
                .zip(own1)
                .map(|(i, &v)| (i.id.clone(), v))
                .collect(),
        });
    }
    out
}

/// The goal's odds on scenario `s` over Monte Carlo draws, exactly as `parley mc --seed S
/// --runs N --condition GOAL` computes them (with the scenario's calibration).
pub(crate) fn odds(
    ctx: &Context,
    s: &Scenario,
    goal: &str,
    mc: &MonteCarlo,
    calibration: Option<&Calibration>,
) -> Result<Odds, AdviseError> {
    let result = mc.run_calibrated(
        s,
        ctx.boxed,
        &[goal.to_owned()],
        calibration,
        &|| (ctx.progress)(super::Progress::Run),
        ctx.cancel,
    );
    let result = match result {
        Err(crate::uncertainty::McError::Model {
            source: crate::model::ModelError::Cancelled,
            ..
        }) => return Err(AdviseError::Cancelled),
        other => other?,
    };
    let kept: Vec<&str> = ctx.models.iter().map(|m| m.info().id).collect();
    let condition = result.conditions.last().ok_or_else(|| AdviseError::Goal {
        text: goal.to_owned(),
        reason: "Monte Carlo reported no odds for it".into(),
    })?;
    let pick = |m: &IndexMap<String, f64>| {
        m.iter()
            .filter(|(id, _)| kept.contains(&id.as_str()))
            .map(|(id, p)| (id.clone(), *p))
            .collect()
    };
    Ok(Odds {
        runs: mc.runs,
        seed: mc.seed,
        probability: pick(&condition.probability),
        with_model_error: pick(&condition.with_model_error),
    })
}
