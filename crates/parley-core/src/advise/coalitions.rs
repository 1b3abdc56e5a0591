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
//!
//! What aligning asks of each partner (its utility loss at its own positions from stating the
//! advised actor's) is set against its salience-weighted stake in the shared issues (its gain
//! at its own positions from moving them from the status quo to its positions). An ask above
//! the stake means the partner likes the advised actor's positions less than the status quo:
//! that is a conversion, not a coalition, and conversions rank below every coalition.

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Serialize;

use super::levers::{ModelEffect, NO_EFFECT, effects, worst};
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
    /// Mean effect over the models; the ranking key within its tier (coalitions before
    /// conversions, see [`Coalition::conversion`]).
    pub mean_effect: f64,
    /// The smallest effect under any model.
    pub worst_effect: f64,
    /// The model with that smallest effect (the first in model order on a tie).
    pub worst_model: String,
    /// Models under which the alignment makes things worse at point values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub worse_under: Vec<String>,
    /// What aligning asks of the partners: the sum of their utility losses at their own
    /// positions (salience x distance / 100).
    pub ask: f64,
    /// Per partner, what aligning asks of it against its stake, in partner order.
    pub asks: Vec<PartnerAsk>,
    /// Whether aligning asks some partner more than its stake: it would then champion
    /// positions it likes less than the status quo, which is converting it, not allying
    /// with it. Conversions rank below every coalition.
    pub conversion: bool,
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

/// What aligning asks of one partner, against what it has at stake.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerAsk {
    /// The partner's id.
    pub partner: String,
    /// Its utility loss at its own positions from stating the advised actor's positions on
    /// the issues they share: `sum_j s_bj |x_aj - x_bj| / 100` (internal scale).
    pub ask: f64,
    /// Its salience-weighted stake in those issues: what it would gain at its own positions
    /// if they moved from the status quo to its positions, `sum_j s_bj |x_bj - q_j| / 100`.
    /// `None` when a shared issue has no status quo.
    pub stake: Option<f64>,
    /// `ask > stake`: over the shared issues, the partner prefers the status quo to the
    /// advised actor's positions, so taking them is a conversion, not a coalition.
    pub conversion: bool,
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

/// The alignment edits of partner `b`, with what they ask of it against its stake.
fn alignment(ctx: &Context, b: usize) -> (Vec<String>, PartnerAsk) {
    let s = ctx.scenario;
    let a = &s.actors[ctx.actor];
    let partner = &s.actors[b];
    let mut edits = Vec::new();
    let mut ask = 0.0;
    let mut stake = Some(0.0);
    for (j, issue) in s.issues.iter().enumerate() {
        let (Some(mine), Some(theirs)) = (a.stances.get(&issue.id), partner.stances.get(&issue.id))
        else {
            continue;
        };
        let salience = ctx.inputs.saliences(j)[b];
        // Every shared issue counts, moved or not: `ask > stake` then says exactly that the
        // partner's utility over these issues is lower at the advised actor's positions than
        // at the status quo.
        stake = stake
            .zip(crate::utility::stake(&ctx.inputs, b, j))
            .map(|(k, g)| k + g);
        if mine.position.value != theirs.position.value {
            edits.push(format!(
                "{}.{}.position = {}",
                partner.id, issue.id, mine.position.value
            ));
            let d = (issue.scale.to_internal(mine.position.value)
                - issue.scale.to_internal(theirs.position.value))
            .abs();
            ask += salience * d / INTERNAL_MAX;
        }
    }
    let conversion = stake.is_some_and(|k| ask > k + NO_EFFECT);
    (
        edits,
        PartnerAsk {
            partner: partner.id.clone(),
            ask,
            stake,
            conversion,
        },
    )
}

fn evaluate(
    ctx: &Context,
    base: &Evaluation,
    partners: &[usize],
) -> Result<Option<Coalition>, AdviseError> {
    let s = ctx.scenario;
    let mut edits = Vec::new();
    let mut asks = Vec::new();
    for &b in partners {
        let (e, k) = alignment(ctx, b);
        edits.extend(e);
        asks.push(k);
    }
    let ask = asks.iter().map(|k| k.ask).sum();
    let conversion = asks.iter().any(|k| k.conversion);
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
    let (worst_effect, worst_model, worse_under) = worst(&effects);
    Ok(Some(Coalition {
        partners: partners.iter().map(|&b| s.actors[b].id.clone()).collect(),
        edits,
        effects,
        mean_effect,
        worst_effect,
        worst_model,
        worse_under,
        ask,
        asks,
        conversion,
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
    // The same order as the final list, so groups of three are built from coalitions before
    // conversions.
    pairs.sort_by(|x, y| {
        x.1.conversion
            .cmp(&y.1.conversion)
            .then(y.1.mean_effect.total_cmp(&x.1.mean_effect))
    });
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
    rank(&mut out);
    let before = smp_odds(ctx, &ctx.inputs)?;
    for c in &mut out {
        c.smp = match (before, c.smp) {
            (Some(before), Some(odds)) => Some(SmpOdds { before, ..odds }),
            _ => None,
        };
    }
    Ok(out)
}

/// Ranks groups: coalitions (no partner asked more than its stake) before conversions, each
/// by mean effect, best first; stable, so ties keep the partners' order.
fn rank(groups: &mut [Coalition]) {
    groups.sort_by(|x, y| {
        x.conversion
            .cmp(&y.conversion)
            .then(y.mean_effect.total_cmp(&x.mean_effect))
    });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Actor;
    use crate::cancel::Cancel;
    use crate::issue::Issue;
    use crate::scenario::Scenario;

    /// x is advised; y is far from x and near the status quo (a conversion); z is near x (a
    /// coalition).
    fn three() -> Scenario {
        let mut s = super::super::tests::two_issues();
        s.actors
            .push(Actor::new("z", 1.0).with_stance("a", 70.0, 0.6));
        s
    }

    #[test]
    fn an_ask_above_the_partners_stake_is_a_conversion() {
        let s = three();
        let models = crate::models::all();
        let cancel = Cancel::never();
        let settings = super::super::Settings::new("x");
        let (ctx, _) = super::super::context(&s, &models, &settings, &cancel, &|_| {}).unwrap();
        let (edits, y) = alignment(&ctx, 1);
        assert_eq!(edits, ["y.a.position = 80", "y.b.position = 2"]);
        // b runs 0-10: y's 9 is 90 internal, x's 2 is 20. Ask: 0.8 * |80 - 20| / 100
        // + 0.5 * |20 - 90| / 100 = 0.48 + 0.35 = 0.83. Stake (status quo 0 on both):
        // 0.8 * 20 / 100 + 0.5 * 90 / 100 = 0.16 + 0.45 = 0.61.
        assert!((y.ask - 0.83).abs() < 1e-12, "{y:?}");
        assert!((y.stake.unwrap() - 0.61).abs() < 1e-12, "{y:?}");
        assert!(y.conversion);
        // z shares only a: ask 0.6 * 10 / 100 = 0.06, stake 0.6 * 70 / 100 = 0.42.
        let (_, z) = alignment(&ctx, 2);
        assert!((z.ask - 0.06).abs() < 1e-12 && (z.stake.unwrap() - 0.42).abs() < 1e-12);
        assert!(!z.conversion);
    }

    #[test]
    fn conversions_rank_below_every_coalition() {
        let s = three();
        let models = crate::models::all();
        let a = super::super::advise(
            &s,
            &models,
            &super::super::Settings::new("x"),
            None,
            &Cancel::never(),
        )
        .unwrap();
        assert!(
            a.coalitions.iter().any(|c| c.conversion),
            "{:?}",
            a.coalitions
        );
        assert!(
            a.coalitions.iter().any(|c| !c.conversion),
            "{:?}",
            a.coalitions
        );
        let first_conversion = a.coalitions.iter().position(|c| c.conversion);
        if let Some(k) = first_conversion {
            assert!(a.coalitions[k..].iter().all(|c| c.conversion), "{a:?}");
        }
        // y alone is a conversion and z alone a coalition, whichever moves the result more.
        for c in &a.coalitions {
            let expected = c.partners.iter().any(|p| p == "y");
            assert_eq!(c.conversion, expected, "{c:?}");
            assert_eq!(c.asks.len(), c.partners.len());
        }
    }

    #[test]
    fn without_a_status_quo_the_stake_is_unknown_and_nothing_is_called_a_conversion() {
        let mut s = three();
        s.issues[1] = Issue::new("b").with_scale(0.0, 10.0);
        let models = crate::models::all();
        let cancel = Cancel::never();
        let settings = super::super::Settings::new("x");
        let (ctx, _) = super::super::context(&s, &models, &settings, &cancel, &|_| {}).unwrap();
        let (_, y) = alignment(&ctx, 1);
        assert_eq!(y.stake, None);
        assert!(!y.conversion);
    }
}
