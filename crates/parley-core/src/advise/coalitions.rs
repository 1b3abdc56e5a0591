//! Coalitions: partners who, by taking the advised actor's positions on the issues they share
//! with it, move the forecast toward the goal (or the actor's ideal); then groups of three
//! from the best partners. Each alignment is a list of `--set` edits, re-run exactly under
//! every model. For pairs, EUM's classification of the pair at the end of its base run
//! (conflict, compromise, capitulation, stalemate, aligned) tells how the two stand now. Where
//! KTAB's spatial model (SMP) runs, each group also gets SMP's own coalition odds: the
//! probability that the advised actor's position wins SMP's probabilistic Condorcet election
//! among the starting positions (Wise et al., KTAB), before the partners align and after.
//! Aligned partners hold its position, which then counts once, with their clout in its
//! coalition. (The starting state, not the last: by the last state every actor has moved, and
//! near-equal positions that KTAB does not merge split the vote, which says little about the
//! alignment.)

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Serialize;

use super::levers::{ModelEffect, NO_EFFECT, effects};
use super::{AdviseError, Context, Evaluation};
use crate::issue::INTERNAL_MAX;
use crate::model::Details;

/// Partners re-run under every model after screening (see [`super::Settings::screen_units`]).
pub const SCREEN_KEEP: usize = 10;

/// Partners whose pairwise groups of three are tried.
const GROUP_FROM: usize = 3;

/// A group that aligns with the advised actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coalition {
    /// The partners' ids (the advised actor is implied).
    pub partners: Vec<String>,
    /// The edits that align them, in `--set` syntax.
    pub edits: Vec<String>,
    /// Per model, what the alignment does.
    pub effects: Vec<ModelEffect>,
    /// Mean effect over the models; the ranking key.
    pub mean_effect: f64,
    /// The smallest effect under any model.
    pub worst_effect: f64,
    /// What aligning asks of the partners: the sum of their utility losses at their own
    /// positions (salience x distance / 100).
    pub ask: f64,
    /// For a pair: issue id -> EUM's class of the pair at the end of its base run (issues
    /// both play under EUM).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub eum: IndexMap<String, String>,
    /// Under SMP (when it is among the models): the probability that the advised actor's
    /// position wins SMP's probabilistic Condorcet election among the starting positions,
    /// without and with the alignment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smp: Option<SmpOdds>,
}

/// The probability of the advised actor's position in SMP's election among the starting
/// positions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SmpOdds {
    /// In the base run.
    pub before: f64,
    /// With the partners aligned.
    pub after: f64,
}

/// The probability of the advised actor's position in the starting state of SMP's run on
/// `inputs`; `None` when SMP is not among the models or cannot run there.
fn smp_odds(ctx: &Context, inputs: &crate::inputs::Inputs) -> Result<Option<f64>, AdviseError> {
    let Some(model) = ctx.models.iter().find(|m| m.info().id == "smp") else {
        return Ok(None);
    };
    ctx.cancel.check()?;
    let Ok(detailed) = model.run_detailed(inputs) else {
        return Ok(None);
    };
    Ok(match detailed.details {
        Some(Details::Smp { states, .. }) => states
            .first()
            .and_then(|st| st.actor_probabilities.get(ctx.actor).copied()),
        _ => None,
    })
}

/// The alignment edits of partner `b`, with what they ask of it.
fn alignment(ctx: &Context, b: usize) -> (Vec<String>, f64) {
    let s = ctx.scenario;
    let a = &s.actors[ctx.actor];
    let partner = &s.actors[b];
    let mut edits = Vec::new();
    let mut ask = 0.0;
    for (j, issue) in s.issues.iter().enumerate() {
        let (Some(mine), Some(theirs)) = (a.stances.get(&issue.id), partner.stances.get(&issue.id))
        else {
            continue;
        };
        if mine.position.value != theirs.position.value {
            edits.push(format!(
                "{}.{}.position = {}",
                partner.id, issue.id, mine.position.value
            ));
            let d = (issue.scale.to_internal(mine.position.value)
                - issue.scale.to_internal(theirs.position.value))
            .abs();
            ask += ctx.inputs.saliences(j)[b] * d / INTERNAL_MAX;
        }
    }
    (edits, ask)
}

fn evaluate(
    ctx: &Context,
    base: &Evaluation,
    partners: &[usize],
) -> Result<Option<Coalition>, AdviseError> {
    let s = ctx.scenario;
    let mut edits = Vec::new();
    let mut ask = 0.0;
    for &b in partners {
        let (e, k) = alignment(ctx, b);
        edits.extend(e);
        ask += k;
    }
    if edits.is_empty() {
        return Ok(None);
    }
    let label = format!("align {}", partners.len());
    let Ok(edited) =
        crate::what_if::apply_edits(s, crate::what_if::EditSource::WhatIf(label), &edits)
    else {
        return Ok(None);
    };
    // One set of inputs for both the re-run of every model and SMP's odds.
    ctx.cancel.check()?;
    let mut inputs = crate::inputs::Inputs::from_scenario(&edited)?;
    inputs.set_cancel(ctx.cancel.clone());
    let after = ctx.evaluate_inputs(&inputs)?;
    let effects = effects(ctx, base, &after);
    if effects.is_empty() {
        return Ok(None);
    }
    let smp_after = smp_odds(ctx, &inputs)?;
    let mean_effect = effects.iter().map(|e| e.effect).sum::<f64>() / effects.len() as f64;
    let worst_effect = effects
        .iter()
        .map(|e| e.effect)
        .fold(f64::INFINITY, f64::min);
    Ok(Some(Coalition {
        partners: partners.iter().map(|&b| s.actors[b].id.clone()).collect(),
        edits,
        effects,
        mean_effect,
        worst_effect,
        ask,
        eum: IndexMap::new(),
        // `before` is the base run's, filled in by `search` once for all groups.
        smp: smp_after.map(|after| SmpOdds {
            before: f64::NAN,
            after,
        }),
    }))
}

/// Pairs, then groups of three from the best [`GROUP_FROM`] partners, that help; best first.
/// With `screen`, partners are first tried under its (cheaper) models and only the best
/// `keep` are re-run under every model.
pub(crate) fn search(
    ctx: &Context,
    base: &Evaluation,
    screen: Option<&Context>,
    keep: usize,
) -> Result<Vec<Coalition>, AdviseError> {
    let n = ctx.inputs.n_actors();
    let mut partners: Vec<usize> = (0..n).filter(|&b| b != ctx.actor).collect();
    if let Some(cheap) = screen {
        let cheap_base = cheap.evaluate_inputs(&cheap.inputs)?;
        let tried: Vec<Option<Coalition>> = partners
            .par_iter()
            .map(|&b| evaluate(cheap, &cheap_base, &[b]))
            .collect::<Result<_, _>>()?;
        let mut ranked: Vec<(f64, usize)> = partners
            .iter()
            .zip(tried)
            .filter_map(|(&b, c)| Some((c?.mean_effect, b)))
            .collect();
        ranked.sort_by(|x, y| y.0.total_cmp(&x.0));
        partners = ranked.into_iter().take(keep).map(|(_, b)| b).collect();
        partners.sort_unstable();
    }
    let pairs: Vec<Option<Coalition>> = partners
        .par_iter()
        .map(|&b| evaluate(ctx, base, &[b]))
        .collect::<Result<_, _>>()?;
    let mut pairs: Vec<(usize, Coalition)> = partners
        .iter()
        .zip(pairs)
        .filter_map(|(&b, c)| Some((b, c?)))
        .filter(|(_, c)| c.mean_effect > NO_EFFECT)
        .collect();
    pairs.sort_by(|x, y| y.1.mean_effect.total_cmp(&x.1.mean_effect));
    let eum = eum_classes(ctx)?;
    for (b, c) in &mut pairs {
        c.eum = eum(*b);
    }
    let best: Vec<usize> = pairs.iter().take(GROUP_FROM).map(|(b, _)| *b).collect();
    let mut groups = Vec::new();
    for (x, &b) in best.iter().enumerate() {
        for &c in &best[x + 1..] {
            groups.push([b, c]);
        }
    }
    let triples: Vec<Option<Coalition>> = groups
        .par_iter()
        .map(|g| evaluate(ctx, base, g))
        .collect::<Result<_, _>>()?;
    let mut out: Vec<Coalition> = pairs.into_iter().map(|(_, c)| c).collect();
    out.extend(
        triples
            .into_iter()
            .flatten()
            .filter(|c| c.mean_effect > NO_EFFECT),
    );
    out.sort_by(|x, y| y.mean_effect.total_cmp(&x.mean_effect));
    let before = smp_odds(ctx, &ctx.inputs)?;
    for c in &mut out {
        c.smp = match (before, c.smp) {
            (Some(before), Some(odds)) => Some(SmpOdds { before, ..odds }),
            _ => None,
        };
    }
    Ok(out)
}

/// A lookup from partner to its EUM classes with the advised actor, issue by issue.
fn eum_classes<'c>(
    ctx: &'c Context<'c>,
) -> Result<impl Fn(usize) -> IndexMap<String, String> + 'c, AdviseError> {
    let model = ctx.models.iter().find(|m| m.info().id == "eum");
    let issues = match model.map(|m| m.run_detailed(&ctx.inputs)).transpose()? {
        Some(d) => match d.details {
            Some(Details::Eum { issues }) => issues,
            _ => Vec::new(),
        },
        None => Vec::new(),
    };
    let a = ctx.actor;
    Ok(move |b: usize| {
        let mut out = IndexMap::new();
        for run in &issues {
            let pair = run.final_pairs.iter().find(|p| {
                ((p.first == a && p.second == b) || (p.first == b && p.second == a))
                    && p.viewer.is_none_or(|v| v == a)
            });
            if let (Some(p), Some(issue)) = (pair, ctx.scenario.issues.get(run.issue)) {
                out.insert(issue.id.clone(), p.interaction.name().to_owned());
            }
        }
        out
    })
}
