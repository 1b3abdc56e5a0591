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
    /// Mean effect over the models (see [`super::Measure`]); the ranking key within its tier
    /// (levers worse under no model rank first; docs/advise.md).
    pub mean_effect: f64,
    /// The smallest effect under any model.
    pub worst_effect: f64,
    /// The model with that smallest effect (the first in model order on a tie).
    pub worst_model: String,
    /// Models under which the move makes things worse at point values (effect below
    /// `-NO_EFFECT`): a lever with any ranks below every lever with none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub worse_under: Vec<String>,
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
    /// Models under which those odds (input ranges only) are lower than without the move,
    /// in model order: a lever can bring the point forecasts closer to the goal on average
    /// and still make the goal less likely under some model (usability item 13).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub odds_fall: Vec<OddsFall>,
}

/// A fall in the goal's odds under one model when a lever is applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OddsFall {
    /// Model id.
    pub model: String,
    /// The odds without the move (share of runs).
    pub before: f64,
    /// The odds with it.
    pub after: f64,
    /// Two Monte Carlo standard errors of the difference,
    /// `2 sqrt((p0 (1 - p0) + p1 (1 - p1)) / N)`: the two runs draw different random
    /// streams once `--set` fixes a number (docs/advise.md, limits), so they are treated as
    /// independent samples.
    pub noise: f64,
    /// Whether the fall exceeds `noise`; only such a fall moves the lever down the ranking.
    pub beyond_noise: bool,
}

/// The falls in odds from `before` to `after`, input ranges only, in `after`'s model order.
pub fn odds_fall(before: &Odds, after: &Odds) -> Vec<OddsFall> {
    let n = after.runs.max(1) as f64;
    after
        .probability
        .iter()
        .filter_map(|(model, &p1)| {
            let p0 = *before.probability.get(model)?;
            (p1 < p0).then(|| {
                let noise = 2.0 * ((p0 * (1.0 - p0) + p1 * (1.0 - p1)) / n).sqrt();
                OddsFall {
                    model: model.clone(),
                    before: p0,
                    after: p1,
                    noise,
                    beyond_noise: p0 - p1 > noise,
                }
            })
        })
        .collect()
}

/// The smallest effect, the model it falls under (first on a tie), and every model under
/// which the effect is below `-NO_EFFECT`.
pub(crate) fn worst(effects: &[ModelEffect]) -> (f64, String, Vec<String>) {
    let mut low = f64::INFINITY;
    let mut model = String::new();
    for e in effects {
        if e.effect < low {
            low = e.effect;
            model.clone_from(&e.model);
        }
    }
    let worse = effects
        .iter()
        .filter(|e| e.effect < -NO_EFFECT)
        .map(|e| e.model.clone())
        .collect();
    (low, model, worse)
}

/// Whether a lever works against the goal somewhere: worse under some model at point values,
/// or (when it has odds) lowering the odds beyond Monte Carlo noise under some model.
pub fn mixed(l: &Lever) -> bool {
    !l.worse_under.is_empty() || l.odds_fall.iter().any(|f| f.beyond_noise)
}

/// Ranks levers: those that work against the goal under no model ([`mixed`]) first, then the
/// rest, each group by mean effect, best first. Stable: ties keep the candidates' (file)
/// order, so the ranking is deterministic.
pub(crate) fn rank(levers: &mut [Lever]) {
    levers.sort_by(|a, b| {
        mixed(a)
            .cmp(&mixed(b))
            .then(b.mean_effect.total_cmp(&a.mean_effect))
    });
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
    rank(&mut levers);
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
    let (worst_effect, worst_model, worse_under) = worst(&effects);
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
        worst_model,
        worse_under,
        concession: if own { cost } else { None },
        ask: if own { None } else { cost },
        odds: None,
        odds_fall: Vec::new(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn odds(p: &[(&str, f64)]) -> Odds {
        Odds {
            runs: 1000,
            seed: 1,
            probability: p.iter().map(|&(m, v)| (m.to_owned(), v)).collect(),
            with_model_error: IndexMap::new(),
        }
    }

    fn lever(edit: &str, effects: &[(&str, f64)]) -> Lever {
        let effects: Vec<ModelEffect> = effects
            .iter()
            .map(|&(m, e)| ModelEffect {
                model: m.to_owned(),
                before: 0.0,
                after: 0.0,
                effect: e,
                benefit: 0.0,
                holds_before: None,
                holds_after: None,
                forecast: IndexMap::new(),
            })
            .collect();
        let (worst_effect, worst_model, worse_under) = worst(&effects);
        Lever {
            edit: edit.to_owned(),
            actor: "a".into(),
            issue: "i".into(),
            field: Field::Position,
            from: 0.0,
            to: 1.0,
            own: false,
            mean_effect: effects.iter().map(|e| e.effect).sum::<f64>() / effects.len() as f64,
            effects,
            worst_effect,
            worst_model,
            worse_under,
            concession: None,
            ask: None,
            odds: None,
            odds_fall: Vec::new(),
        }
    }

    #[test]
    fn a_fall_in_odds_is_named_with_its_noise() {
        let before = odds(&[("compromise", 0.30), ("eum", 0.24), ("smp", 0.08)]);
        let after = odds(&[("compromise", 0.40), ("eum", 0.17), ("smp", 0.075)]);
        let falls = odds_fall(&before, &after);
        // compromise rose: not a fall.
        assert_eq!(falls.len(), 2, "{falls:?}");
        // eum: 2 sqrt((0.24 * 0.76 + 0.17 * 0.83) / 1000) = 2 sqrt(0.0003235) = 0.03597;
        // the fall of 0.07 is beyond it.
        assert_eq!(falls[0].model, "eum");
        assert!((falls[0].noise - 2.0 * 0.0003235f64.sqrt()).abs() < 1e-12);
        assert!(falls[0].beyond_noise);
        // smp: 2 sqrt((0.08 * 0.92 + 0.075 * 0.925) / 1000) = 2 sqrt(0.000142975) = 0.02391;
        // a fall of 0.005 is within it.
        assert_eq!(falls[1].model, "smp");
        assert!((falls[1].noise - 2.0 * 0.000142975f64.sqrt()).abs() < 1e-12);
        assert!(!falls[1].beyond_noise);
    }

    #[test]
    fn the_worst_model_is_named_and_levers_worse_somewhere_rank_last() {
        let mixed = lever(
            "mixed",
            &[("compromise", 10.0), ("eum", -2.0), ("smp", 1.0)],
        );
        assert_eq!(mixed.worst_effect, -2.0);
        assert_eq!(mixed.worst_model, "eum");
        assert_eq!(mixed.worse_under, ["eum"]);
        // Mean 3.0 against 1.0: by mean alone "mixed" would come first.
        let safe = lever("safe", &[("compromise", 1.0), ("eum", 0.0), ("smp", 2.0)]);
        assert_eq!(safe.worst_model, "eum", "first of the tied lowest");
        assert!(safe.worse_under.is_empty());
        let also_safe = lever(
            "also_safe",
            &[("compromise", 2.0), ("eum", 2.0), ("smp", 2.0)],
        );
        let mut levers = vec![mixed, safe, also_safe];
        rank(&mut levers);
        let order: Vec<&str> = levers.iter().map(|l| l.edit.as_str()).collect();
        assert_eq!(order, ["also_safe", "safe", "mixed"]);
    }

    #[test]
    fn odds_that_fall_beyond_noise_move_a_lever_down_with_the_mixed_ones() {
        let base = odds(&[("eum", 0.24)]);
        let mut levers: Vec<Lever> = ["first", "second", "third"]
            .iter()
            .map(|e| lever(e, &[("eum", 1.0)]))
            .collect();
        // The first lever's odds fall by 7 points (beyond noise); the second's rise; the
        // third has no odds and, worse under no model, is not mixed.
        for (l, p) in levers.iter_mut().zip([0.17, 0.30]) {
            let o = odds(&[("eum", p)]);
            l.odds_fall = odds_fall(&base, &o);
            l.odds = Some(o);
        }
        assert!(mixed(&levers[0]) && !mixed(&levers[1]) && !mixed(&levers[2]));
        rank(&mut levers);
        let order: Vec<&str> = levers.iter().map(|l| l.edit.as_str()).collect();
        assert_eq!(order, ["second", "third", "first"]);
        // A fall within noise does not make a lever mixed.
        let mut small = lever("small", &[("eum", 1.0)]);
        small.odds_fall = odds_fall(&base, &odds(&[("eum", 0.23)]));
        assert_eq!(small.odds_fall.len(), 1);
        assert!(!mixed(&small));
    }
}
