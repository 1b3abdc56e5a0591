//! Mediation: what a broker would put on the table, and whether the parties should take it
//! (Parley's own layer, models.md section 6; no reference model represents a mediator).
//!
//! Definitions, kept simple so they can be tested and argued with:
//!
//! - **Bargain**: the joint Nash bargaining solution of the brokered parties over the brokered
//!   issues ([`crate::linkage::joint_nbs`]), the mediator itself excluded: what an honest
//!   broker would find.
//! - **Proposal**: the bargain shifted toward the mediator's own position by its bias `b`,
//!   issue by issue: `p_j = (1 - b) bargain_j + b x_mj` (the bargain itself on issues the
//!   mediator takes no stance on).
//! - **Value to a party**: Parley's common yardstick restricted to the brokered issues,
//!   `U_i(x) = -sum_j s_ij |x_j - x_ij| / 100`, for the proposal, for the outcome a model
//!   forecasts without mediation, and for the status quo.
//! - **Deal zone**: every party weakly prefers the proposal to the model's forecast without
//!   mediation.

use serde::Serialize;

use crate::inputs::Inputs;
use crate::issue::INTERNAL_MAX;
use crate::linkage::joint_nbs;

/// The mediator's proposal, independent of any model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    /// The mediating actor.
    pub mediator: usize,
    /// The brokered issues.
    pub issues: Vec<usize>,
    /// The parties it brokers between.
    pub parties: Vec<usize>,
    /// The parties' joint NBS on the brokered issues (internal scale).
    pub bargain: Vec<f64>,
    /// Whether that bargain beats the status quo for every party.
    pub bargain_agreement: bool,
    /// The proposal (internal scale), per brokered issue.
    pub proposal: Vec<f64>,
    /// The mediator's bias used.
    pub bias: f64,
}

/// How the parties value a proposal against one model's forecast without mediation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Appraisal {
    /// Per party: utility of the proposal minus utility of the forecast without mediation.
    pub gain_over_forecast: Vec<f64>,
    /// Per party: utility of the proposal minus utility of the status quo (`None` if some
    /// brokered issue has no status quo).
    pub gain_over_status_quo: Vec<Option<f64>>,
    /// Every party weakly prefers the proposal to the forecast without mediation.
    pub deal_zone: bool,
}

/// Tolerance for "weakly prefers": utility differences below it count as indifference.
pub const INDIFFERENCE: f64 = 1e-9;

/// The mediator's proposal, when the inputs have a mediator.
pub fn propose(inputs: &Inputs) -> Option<Proposal> {
    let m = inputs.mediator()?;
    let nbs = joint_nbs(inputs, &m.issues, Some(&m.parties));
    let proposal = m
        .issues
        .iter()
        .zip(&nbs.outcome)
        .map(|(&j, &bargain)| {
            if inputs.involved(j)[m.actor] {
                let own = inputs.positions(j)[m.actor];
                (1.0 - m.bias) * bargain + m.bias * own
            } else {
                bargain
            }
        })
        .collect();
    Some(Proposal {
        mediator: m.actor,
        issues: m.issues.clone(),
        parties: m.parties.clone(),
        bargain: nbs.outcome,
        bargain_agreement: nbs.agreement,
        proposal,
        bias: m.bias,
    })
}

/// A party's utility, on the brokered issues, of outcome `x` (given per brokered issue).
pub fn party_utility(inputs: &Inputs, actor: usize, issues: &[usize], x: &[f64]) -> f64 {
    issues
        .iter()
        .zip(x)
        .map(|(&j, &xj)| -inputs.saliences(j)[actor] * (xj - inputs.positions(j)[actor]).abs())
        .sum::<f64>()
        / INTERNAL_MAX
}

/// Appraises `proposal` against a forecast without mediation (internal scale, all issues).
pub fn appraise(inputs: &Inputs, proposal: &Proposal, forecast: &[f64]) -> Appraisal {
    let issues = &proposal.issues;
    let without: Vec<f64> = issues.iter().map(|&j| forecast[j]).collect();
    let status_quo: Option<Vec<f64>> = issues.iter().map(|&j| inputs.status_quo(j)).collect();
    let mut gain_over_forecast = Vec::with_capacity(proposal.parties.len());
    let mut gain_over_status_quo = Vec::with_capacity(proposal.parties.len());
    for &i in &proposal.parties {
        let with = party_utility(inputs, i, issues, &proposal.proposal);
        gain_over_forecast.push(with - party_utility(inputs, i, issues, &without));
        gain_over_status_quo.push(
            status_quo
                .as_ref()
                .map(|q| with - party_utility(inputs, i, issues, q)),
        );
    }
    let deal_zone = gain_over_forecast.iter().all(|&g| g >= -INDIFFERENCE);
    Appraisal {
        gain_over_forecast,
        gain_over_status_quo,
        deal_zone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Actor;
    use crate::estimate::Estimate;
    use crate::issue::Issue;
    use crate::scenario::{Mediator, Scenario};

    fn scenario(bias: f64) -> Scenario {
        // One issue, SQ 0. Parties A (40, c 1) and B (80, c 3): their NBS is 60 (hand
        // computed in models::nbs). Mediator M sits at 20.
        let mut s = Scenario::named("t");
        s.issues.push(Issue::new("x").with_status_quo(0.0));
        s.actors
            .push(Actor::new("a", 1.0).with_stance("x", 40.0, 1.0));
        s.actors
            .push(Actor::new("b", 3.0).with_stance("x", 80.0, 1.0));
        s.actors
            .push(Actor::new("m", 5.0).with_stance("x", 20.0, 0.5));
        s.mediator = Some(Mediator {
            actor: "m".into(),
            issues: vec!["x".into()],
            parties: None,
            bias: Estimate::point(bias),
            evidence: Default::default(),
        });
        s
    }

    #[test]
    fn an_honest_broker_proposes_the_parties_bargain() {
        let inputs = Inputs::from_scenario(&scenario(0.0)).unwrap();
        let p = propose(&inputs).unwrap();
        assert_eq!(
            p.parties,
            vec![0, 1],
            "the mediator is not a party by default"
        );
        assert!((p.proposal[0] - 60.0).abs() < 1e-9, "{p:?}");
    }

    #[test]
    fn bias_shifts_the_proposal_and_can_close_the_deal_zone() {
        // Bias 0.5: proposal = 0.5 * 60 + 0.5 * 20 = 40.
        let inputs = Inputs::from_scenario(&scenario(0.5)).unwrap();
        let p = propose(&inputs).unwrap();
        assert!((p.proposal[0] - 40.0).abs() < 1e-9, "{p:?}");
        // Against a forecast of 60 without mediation: A (at 40) gains (20 - 0)/100 = 0.2,
        // B (at 80) loses (40 - 20)/100 = 0.2: no deal zone.
        let a = appraise(&inputs, &p, &[60.0]);
        assert!((a.gain_over_forecast[0] - 0.2).abs() < 1e-12);
        assert!((a.gain_over_forecast[1] + 0.2).abs() < 1e-12);
        assert!(!a.deal_zone);
        // Against the status quo 0, A (at 40) gains (|0 - 40| - |40 - 40|) / 100 = 0.4.
        assert_eq!(
            a.gain_over_status_quo[0].map(|g| (g * 1e9).round() / 1e9),
            Some(0.4)
        );
        // Against a forecast of 0 (nothing moves without mediation) both prefer 40.
        assert!(appraise(&inputs, &p, &[0.0]).deal_zone);
    }
}
