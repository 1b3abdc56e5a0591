//! The reference-point model: the weighted mean pulled toward the reversion point in
//! proportion to the blocking power of those who prefer the reversion point to it.
//!
//! Idea: outcomes of EU legislation lie between the compromise of the actors' positions and
//! the status quo, more so where those who would rather keep the status quo can block
//! (status-quo bias of veto players: Tsebelis 2002, *Veto Players*; the reference-point
//! discussion of Achen 2006 and Thomson et al. 2006, ch. 10, *The European Union Decides*).
//!
//! With `m` the capability x salience weighted mean and `q` the reversion point, the members
//! of the deciding body (every involved actor but the agenda setter and the Parliament, see
//! [`crate::procedure`]) who prefer `q` to `m` (`|x_i - q| < |x_i - m|`) have blocking power
//! `B`: under qualified majority `min(1, W_q / (1 - t))` with `W_q` their share of the body's
//! weight and `t` the majority threshold (so a full blocking minority gives 1); under unanimity
//! 1 if any member prefers `q`, else 0; under codecision also 1 when the Parliament prefers
//! `q`. The forecast is `m + beta x B x (q - m)`; `beta` and the weight (capability, or
//! capability x salience) were chosen on half A of the DEU III backtest (`docs/backtest.md`).
//!
//! Without a reversion point or a decision rule it gives `m` with a
//! [`crate::ForecastStatus::Fallback`] naming what is missing.

use serde::Serialize;

use crate::inputs::Inputs;
use crate::model::{IssueForecast, Model, ModelError, ModelInfo, Outcome};
use crate::models::compromise::weighted_mean;
use crate::models::procedural::{council, fallback, position_of};
use crate::procedure::{Procedure, VotingRule};

/// How the members preferring the reversion point are weighed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockingWeight {
    /// By capability (voting weight).
    Capability,
    /// By capability x salience (weight they would bring to bear).
    CapabilitySalience,
}

/// The reference-point model's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReferencePointParams {
    /// How far a full blocking power pulls toward the reversion point, in `[0, 1]`.
    pub beta: f64,
    /// How blocking members are weighed.
    pub weight: BlockingWeight,
    /// Qualified-majority threshold (share of the body's weight), in `(0, 1)`.
    pub threshold: f64,
}

/// The reference-point model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReferencePoint {
    /// Its parameters.
    pub params: ReferencePointParams,
}

impl Default for ReferencePoint {
    /// The setting chosen on half A of the DEU III backtest (see `docs/backtest.md`).
    fn default() -> Self {
        Self {
            params: ReferencePointParams {
                beta: 0.1,
                weight: BlockingWeight::Capability,
                threshold: 0.71,
            },
        }
    }
}

impl Model for ReferencePoint {
    fn info(&self) -> ModelInfo {
        ModelInfo {
            id: "reference_point",
            name: "Reference-point model (experimental)",
            summary: "weighted mean pulled toward the reversion point in proportion to the \
                      blocking power of those who prefer it",
            source: "Tsebelis (2002); Achen (2006); Thomson et al. (2006, ch. 10)",
            iterative: false,
        }
    }

    fn run(&self, inputs: &Inputs) -> Result<Outcome, ModelError> {
        let forecasts = (0..inputs.n_issues())
            .map(|j| self.forecast(inputs, j))
            .collect();
        Ok(Outcome {
            forecasts,
            rounds: Vec::new(),
            stop: None,
        })
    }
}

impl ReferencePoint {
    fn forecast(&self, inputs: &Inputs, j: usize) -> IssueForecast {
        let Some(q) = inputs.status_quo(j) else {
            return fallback(inputs, j, "no reversion point (status quo)");
        };
        let Some(d) = inputs.decision(j) else {
            return fallback(
                inputs,
                j,
                "no decision rule and procedure (so far only the DEU III importer gives them)",
            );
        };
        let mean = weighted_mean(inputs, j);
        let m = mean.value;
        let (capabilities, saliences) = (inputs.capabilities(), inputs.saliences(j));
        let members = council(inputs, j, d, |i| match self.params.weight {
            BlockingWeight::Capability => capabilities[i],
            BlockingWeight::CapabilitySalience => capabilities[i] * saliences[i],
        });
        let prefers_q = |x: f64| (x - q).abs() < (x - m).abs();
        let total: f64 = members.iter().map(|m| m.1).sum();
        let blocking: f64 = members
            .iter()
            .filter(|&&(x, _)| prefers_q(x))
            .map(|m| m.1)
            .sum();
        let council_power = match (d.rule, total > 0.0) {
            (_, false) => 0.0,
            (VotingRule::Unanimity, true) => f64::from(u8::from(blocking > 0.0)),
            (VotingRule::QualifiedMajority, true) => {
                (blocking / total / (1.0 - self.params.threshold)).min(1.0)
            }
        };
        let parliament_blocks = d.procedure == Procedure::Codecision
            && position_of(inputs, j, d.parliament).is_some_and(prefers_q);
        let power = if parliament_blocks {
            1.0
        } else {
            council_power
        };
        IssueForecast {
            value: (m + self.params.beta * power * (q - m)).clamp(0.0, 100.0),
            status: mean.status,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::actor::Actor;
    use crate::issue::Issue;
    use crate::model::ForecastStatus;
    use crate::procedure::Decision;
    use crate::scenario::Scenario;

    /// Reversion point 0; Commission at 100 and Parliament at `ep` (capability 1, salience 1);
    /// Council members (capability, position, salience).
    fn eu(rule: VotingRule, procedure: Procedure, ep: f64, council: &[(f64, f64, f64)]) -> Inputs {
        let mut s = Scenario::named("eu");
        s.issues.push(
            Issue::new("x")
                .with_status_quo(0.0)
                .with_decision(Decision {
                    rule,
                    procedure,
                    agenda_setter: "com".into(),
                    parliament: Some("ep".into()),
                }),
        );
        s.actors
            .push(Actor::new("com", 1.0).with_stance("x", 100.0, 1.0));
        s.actors
            .push(Actor::new("ep", 1.0).with_stance("x", ep, 1.0));
        for (k, &(c, x, sal)) in council.iter().enumerate() {
            s.actors
                .push(Actor::new(format!("m{k}"), c).with_stance("x", x, sal));
        }
        Inputs::from_scenario(&s).unwrap()
    }

    fn model(beta: f64, weight: BlockingWeight) -> ReferencePoint {
        ReferencePoint {
            params: ReferencePointParams {
                beta,
                weight,
                threshold: 0.75,
            },
        }
    }

    /// Members: 10 (capability 1, salience 1), 60 (1, 0.5), 90 (2, 1).
    const MEMBERS: [(f64, f64, f64); 3] = [(1.0, 10.0, 1.0), (1.0, 60.0, 0.5), (2.0, 90.0, 1.0)];

    #[test]
    fn qualified_majority_hand_computed() {
        // m = (100 + 60 + 10 + 0.5 x 60 + 2 x 90) / (1 + 1 + 1 + 0.5 + 2) = 380 / 5.5 = 69.09
        // with the Parliament at 60. Preferring q = 0 to m: |x| < |x - m|, i.e. x < m / 2 =
        // 34.5: only the member at 10, weight 1 of 4 (capability): W_q = 0.25, blocking
        // minority 1 - 0.75 = 0.25, so B = 1; forecast m + 0.5 x (0 - m) = m / 2.
        let i = eu(
            VotingRule::QualifiedMajority,
            Procedure::Consultation,
            60.0,
            &MEMBERS,
        );
        let m = 380.0 / 5.5;
        let f = model(0.5, BlockingWeight::Capability).run(&i).unwrap();
        assert!((f.forecasts[0].value - m / 2.0).abs() < 1e-12);
        // By capability x salience the member weighs 1 of 1 + 0.5 + 2 = 3.5: B = (1 / 3.5) /
        // 0.25 = 8/7 -> 1 as well. With the member at 10 given salience 0.1: weights 0.1 of 2.6
        // and m = (100 + 60 + 0.1 x 10 + 30 + 180) / 4.6 = 371 / 4.6; 10 < m / 2 still, so
        // B = (0.1 / 2.6) / 0.25 = 0.153846...; forecast m (1 - 0.5 B).
        let members = [(1.0, 10.0, 0.1), (1.0, 60.0, 0.5), (2.0, 90.0, 1.0)];
        let i = eu(
            VotingRule::QualifiedMajority,
            Procedure::Consultation,
            60.0,
            &members,
        );
        let m = 371.0 / 4.6;
        let b = 0.1 / 2.6 / 0.25;
        let f = model(0.5, BlockingWeight::CapabilitySalience)
            .run(&i)
            .unwrap();
        assert!((f.forecasts[0].value - m * (1.0 - 0.5 * b)).abs() < 1e-12);
    }

    #[test]
    fn unanimity_and_the_parliament_block_fully() {
        // Members at 50 and 90 (capability 1, salience 1), Parliament at 60, Commission at
        // 100: m = (100 + 60 + 50 + 90) / 4 = 75; nobody prefers 0 (needs x < 37.5): B = 0.
        let members = [(1.0, 50.0, 1.0), (1.0, 90.0, 1.0)];
        let i = eu(VotingRule::Unanimity, Procedure::Codecision, 60.0, &members);
        let f = model(0.4, BlockingWeight::Capability).run(&i).unwrap();
        assert_eq!(f.forecasts[0].value, 75.0);
        // Parliament at 10 under codecision: m = (100 + 10 + 50 + 90) / 4 = 62.5, and 10 <
        // 31.25: B = 1, forecast 62.5 x (1 - 0.4) = 37.5. Under consultation it cannot block.
        let i = eu(VotingRule::Unanimity, Procedure::Codecision, 10.0, &members);
        let f = model(0.4, BlockingWeight::Capability).run(&i).unwrap();
        assert!((f.forecasts[0].value - 37.5).abs() < 1e-12);
        let i = eu(
            VotingRule::Unanimity,
            Procedure::Consultation,
            10.0,
            &members,
        );
        let f = model(0.4, BlockingWeight::Capability).run(&i).unwrap();
        assert_eq!(f.forecasts[0].value, 62.5);
        // Unanimity: a single member at 20 (< 31.25 with m = (100 + 10 + 20 + 90) / 4 = 55,
        // i.e. < 27.5) blocks fully: 55 x 0.6 = 33.
        let members = [(1.0, 20.0, 1.0), (1.0, 90.0, 1.0)];
        let i = eu(
            VotingRule::Unanimity,
            Procedure::Consultation,
            10.0,
            &members,
        );
        let f = model(0.4, BlockingWeight::Capability).run(&i).unwrap();
        assert!((f.forecasts[0].value - 33.0).abs() < 1e-12);
    }

    #[test]
    fn without_a_reversion_point_it_is_the_weighted_mean_with_a_warning() {
        let mut s = Scenario::named("plain");
        s.issues.push(Issue::new("x"));
        s.actors
            .push(Actor::new("a", 1.0).with_stance("x", 40.0, 1.0));
        s.actors
            .push(Actor::new("b", 3.0).with_stance("x", 80.0, 1.0));
        let f = ReferencePoint::default()
            .run(&Inputs::from_scenario(&s).unwrap())
            .unwrap();
        assert_eq!(f.forecasts[0].value, 70.0);
        assert_eq!(
            f.forecasts[0].status,
            ForecastStatus::Fallback {
                missing: "no reversion point (status quo)".into()
            }
        );
    }
}
