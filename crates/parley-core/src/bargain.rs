//! The grand-bargain view of a scenario: for each linkage, which cross-issue trades the
//! exchange model finds when trading is restricted to the linked issues, who gains and who
//! loses from them, and which pairs of actors have a mutually profitable bilateral deal.
//!
//! Definitions (Parley's own layer, `docs/models/linkage-and-mediation.md`):
//! - **Linked trades**: the exchange model ([`crate::models::Exchange`], equal gain, 10 rounds)
//!   with trades allowed only between pairs of linked issues.
//! - **Gains** use the common yardstick of [`crate::utility`] on the linked issues, against the
//!   status quo.
//! - **Bilateral deal**: the joint Nash bargaining solution of two actors alone over the linked
//!   issues ([`crate::linkage::joint_nbs`]); a deal exists when both gain over the status quo.

use indexmap::IndexMap;
use serde::Serialize;

use crate::analysis::{TradesView, trades_view};
use crate::inputs::{Inputs, InvalidScenario};
use crate::issue::INTERNAL_MAX;
use crate::linkage::joint_nbs;
use crate::mediation::party_utility;
use crate::model::{Details, Model, ModelError};
use crate::models::Exchange;
use crate::scenario::Scenario;

/// The grand-bargain analysis of every linkage of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bargain {
    /// One entry per linkage, in scenario order.
    pub linkages: Vec<LinkedTrades>,
}

/// One linkage's trades and deals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkedTrades {
    /// Linkage id.
    pub id: String,
    /// Linkage name.
    pub name: String,
    /// Linked issue ids.
    pub issues: Vec<String>,
    /// The exchange model's outcome on the linked issues after its rounds, own scales.
    pub outcome: IndexMap<String, f64>,
    /// Per actor with a stake: its gain from that outcome over the status quo on the linked
    /// issues (`None` when a linked issue has no status quo).
    pub gains: IndexMap<String, Option<f64>>,
    /// The trades, round by round, with per-actor totals.
    pub trades: TradesView,
    /// Every pair of actors with a stake, and whether a bilateral deal exists.
    pub pairs: Vec<PairDeal>,
}

/// A bilateral deal between two actors on the linked issues.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairDeal {
    /// First actor id (scenario order).
    pub a: String,
    /// Second actor id.
    pub b: String,
    /// Whether both gain over the status quo from their joint NBS.
    pub deal: bool,
    /// Their joint NBS per linked issue, own scales (the status quo without a deal).
    pub outcome: IndexMap<String, f64>,
    /// `a`'s gain over the status quo (`None` without a status quo on every linked issue).
    pub gain_a: Option<f64>,
    /// `b`'s gain.
    pub gain_b: Option<f64>,
    /// `gain_a + gain_b`, the order `parley bargain` lists deals in (`None` without gains).
    pub joint_gain: Option<f64>,
    /// The deal's terms, one per linked issue in linkage order: where it lands against the
    /// status quo and how far each actor gives ground from its position.
    pub terms: Vec<DealTerm>,
}

/// Where a bilateral deal lands on one issue and what each of the two concedes there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DealTerm {
    /// Issue id.
    pub issue: String,
    /// The status quo, own scale (`None` when the issue has none).
    pub status_quo: Option<f64>,
    /// Where the deal lands, own scale (the same as the pair's `outcome`).
    pub outcome: f64,
    /// `a`'s position, own scale (`None` when it takes no part in the issue).
    pub position_a: Option<f64>,
    /// `b`'s position.
    pub position_b: Option<f64>,
    /// How far the deal lands from `a`'s position, points of the issue's own scale: what `a`
    /// concedes on this issue (0: it gets its position).
    pub concession_a: Option<f64>,
    /// The same for `b`.
    pub concession_b: Option<f64>,
}

/// A value on the internal 0-100 scale within `1e-9` of the scale's width of an end, moved
/// onto that end: the joint NBS's optimiser reaches an end only to within rounding
/// (`6.2e-59` for 0 on the plastics scenario, usability item 32), which reads as a number
/// the deal does not contain.
fn snap_to_ends(v: f64) -> f64 {
    let tolerance = 1e-9 * INTERNAL_MAX;
    if v.abs() < tolerance {
        0.0
    } else if (v - INTERNAL_MAX).abs() < tolerance {
        INTERNAL_MAX
    } else {
        v
    }
}

/// Why the bargain analysis could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BargainError {
    /// The scenario is invalid.
    #[error(transparent)]
    Invalid(#[from] InvalidScenario),
    /// The exchange model failed.
    #[error(transparent)]
    Model(#[from] ModelError),
}

/// Analyses every linkage of `s`.
pub fn bargain(s: &Scenario) -> Result<Bargain, BargainError> {
    let inputs = Inputs::from_scenario(s)?;
    let mut linkages = Vec::with_capacity(s.linkages.len());
    for (l, issues) in s.linkages.iter().zip(inputs.linkages()) {
        linkages.push(linked(s, &inputs, l, issues)?);
    }
    Ok(Bargain { linkages })
}

fn linked(
    s: &Scenario,
    inputs: &Inputs,
    l: &crate::scenario::Linkage,
    issues: &[usize],
) -> Result<LinkedTrades, BargainError> {
    let model = Exchange {
        issues: Some(issues.to_vec()),
        ..Exchange::default()
    };
    let detailed = model.run_detailed(inputs)?;
    let log = match &detailed.details {
        Some(Details::Exchanges { rounds }) => rounds.as_slice(),
        _ => &[],
    };
    let final_outcome: Vec<f64> = issues
        .iter()
        .map(|&j| detailed.outcome.forecasts[j].value)
        .collect();
    let own = |values: &[f64]| -> IndexMap<String, f64> {
        issues
            .iter()
            .zip(values)
            .map(|(&j, &v)| {
                let v = inputs.scale(j).from_internal(snap_to_ends(v));
                (s.issues[j].id.clone(), v)
            })
            .collect()
    };
    let status_quo: Option<Vec<f64>> = issues.iter().map(|&j| inputs.status_quo(j)).collect();
    let stakeholders: Vec<usize> = (0..inputs.n_actors())
        .filter(|&a| issues.iter().any(|&j| inputs.saliences(j)[a] > 0.0))
        .collect();
    let gain = |a: usize, x: &[f64]| {
        status_quo
            .as_ref()
            .map(|q| party_utility(inputs, a, issues, x) - party_utility(inputs, a, issues, q))
    };
    let gains = stakeholders
        .iter()
        .map(|&a| (s.actors[a].id.clone(), gain(a, &final_outcome)))
        .collect();
    let mut pairs = Vec::new();
    for (k, &a) in stakeholders.iter().enumerate() {
        for &b in &stakeholders[k + 1..] {
            let nbs = joint_nbs(inputs, issues, Some(&[a, b]));
            let outcome = own(&nbs.outcome);
            let (gain_a, gain_b) = (gain(a, &nbs.outcome), gain(b, &nbs.outcome));
            let terms = terms(s, inputs, issues, &outcome, a, b);
            pairs.push(PairDeal {
                a: s.actors[a].id.clone(),
                b: s.actors[b].id.clone(),
                deal: nbs.agreement,
                outcome,
                gain_a,
                gain_b,
                joint_gain: gain_a.zip(gain_b).map(|(x, y)| x + y),
                terms,
            });
        }
    }
    Ok(LinkedTrades {
        id: l.id.clone(),
        name: l.name.clone(),
        issues: issues.iter().map(|&j| s.issues[j].id.clone()).collect(),
        outcome: own(&final_outcome),
        gains,
        trades: trades_view(s, inputs, log),
        pairs,
    })
}

/// The terms of the deal that lands at `outcome` (own scales) for actors `a` and `b`.
fn terms(
    s: &Scenario,
    inputs: &Inputs,
    issues: &[usize],
    outcome: &IndexMap<String, f64>,
    a: usize,
    b: usize,
) -> Vec<DealTerm> {
    issues
        .iter()
        .filter_map(|&j| {
            let issue = &s.issues[j];
            let x = *outcome.get(&issue.id)?;
            let position = |k: usize| {
                s.actors[k]
                    .stances
                    .get(&issue.id)
                    .map(|st| st.position.value)
            };
            let (pa, pb) = (position(a), position(b));
            Some(DealTerm {
                issue: issue.id.clone(),
                status_quo: inputs
                    .status_quo(j)
                    .map(|q| inputs.scale(j).from_internal(q)),
                outcome: x,
                position_a: pa,
                position_b: pb,
                concession_a: pa.map(|p| (x - p).abs()),
                concession_b: pb.map(|p| (x - p).abs()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Actor;
    use crate::issue::Issue;
    use crate::scenario::Linkage;

    /// A cares about p (0.8) and wants it high; B cares about q (0.8) and wants it high;
    /// status quo (50, 50); p and q linked.
    fn logroll() -> Scenario {
        let mut s = Scenario::named("t");
        s.issues.push(Issue::new("p").with_status_quo(50.0));
        s.issues.push(Issue::new("q").with_status_quo(50.0));
        s.actors.push(
            Actor::new("a", 1.0)
                .with_stance("p", 100.0, 0.8)
                .with_stance("q", 0.0, 0.2),
        );
        s.actors.push(
            Actor::new("b", 1.0)
                .with_stance("p", 0.0, 0.2)
                .with_stance("q", 100.0, 0.8),
        );
        s.linkages.push(Linkage {
            id: "l".into(),
            name: "L".into(),
            issues: vec!["p".into(), "q".into()],
            evidence: Default::default(),
        });
        s
    }

    #[test]
    fn a_logroll_pair_has_a_deal_and_trades() {
        // A cares about p (0.8) and wants it high; B cares about q (0.8) and wants it high.
        // Status quo (50, 50): each gives ground on what it cares less about.
        let s = logroll();
        let b = bargain(&s).unwrap();
        let l = &b.linkages[0];
        assert_eq!(l.pairs.len(), 1);
        assert!(l.pairs[0].deal);
        assert!(l.pairs[0].gain_a.unwrap() > 0.0 && l.pairs[0].gain_b.unwrap() > 0.0);
        assert_eq!(l.trades.rounds[0].len(), 1, "one trade in round 1");
        // Both vote 100 on both issues after the trade (see the exchange model's hand test):
        // each gains 0.8 * 50 / 100 - 0.2 * 50 / 100 = 0.3 over the status quo.
        for g in l.gains.values() {
            assert!((g.unwrap() - 0.3).abs() < 1e-9, "{:?}", l.gains);
        }
    }

    #[test]
    fn a_deal_states_its_terms_and_who_concedes_what() {
        // The logroll above, alone as a pair. With u = p - 50, v = q - 50 in [-50, 50], the
        // gains are (0.8 u - 0.2 v) / 100 and (0.8 v - 0.2 u) / 100. Their product is at most
        // the square of their mean (AM-GM), (0.3 (u + v) / 100)^2 <= 0.09, reached only at
        // u = v = 50: the deal is p = 100, q = 100; a gives up q entirely (100 points from its
        // 0) and b gives up p.
        let s = logroll();
        let b = bargain(&s).unwrap();
        let pair = &b.linkages[0].pairs[0];
        let near = |x: Option<f64>, y: f64| x.is_some_and(|x| (x - y).abs() < 1e-6);
        let [p, q] = pair.terms.as_slice() else {
            panic!("one term per linked issue: {:?}", pair.terms)
        };
        assert_eq!((p.issue.as_str(), q.issue.as_str()), ("p", "q"));
        assert_eq!((p.status_quo, q.status_quo), (Some(50.0), Some(50.0)));
        assert!(
            near(Some(p.outcome), 100.0) && near(Some(q.outcome), 100.0),
            "{pair:?}"
        );
        assert_eq!(p.outcome, pair.outcome["p"]);
        assert_eq!((p.position_a, p.position_b), (Some(100.0), Some(0.0)));
        assert!(
            near(p.concession_a, 0.0) && near(p.concession_b, 100.0),
            "{p:?}"
        );
        assert!(
            near(q.concession_a, 100.0) && near(q.concession_b, 0.0),
            "{q:?}"
        );
        // Each gains 0.8 * 50 / 100 - 0.2 * 50 / 100 = 0.3; jointly 0.6.
        assert!(near(pair.joint_gain, 0.6), "{pair:?}");
    }

    #[test]
    fn values_within_rounding_of_a_scale_end_are_the_end() {
        assert_eq!(snap_to_ends(6.223015277861142e-59), 0.0);
        assert_eq!(snap_to_ends(-1e-12), 0.0);
        assert_eq!(snap_to_ends(100.0 - 1e-10), 100.0);
        // 1e-6 is a real number on the scale, not rounding.
        assert_eq!(snap_to_ends(1e-6), 1e-6);
        assert_eq!(snap_to_ends(50.00000000000002), 50.00000000000002);
    }
}
