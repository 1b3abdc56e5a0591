//! The procedural model of EU legislation: the Commission as agenda setter, the Council's
//! pivots under unanimity or qualified majority, and the Parliament as a second veto player
//! under codecision, one dimension per issue with the reversion point as status quo.
//!
//! Sources: Steunenberg (1994, "Decision making under different institutional arrangements",
//! *JITE*); Crombez (1996, 1997, 2000); Tsebelis & Garrett (2000, "Legislative politics in the
//! European Union", *EUP*); as specified and tested in Thomson, Stokman, Achen & Koenig (2006,
//! *The European Union Decides*, chs. 4-6). Actors have symmetric (distance) preferences.
//!
//! - The deciding body (the Council: every involved actor but the agenda setter and the
//!   Parliament, weighted by capability) accepts `x` over the reversion point `q` if members
//!   weighing at least a share `t` of it prefer `x` (all members under unanimity). With `R`
//!   the right pivot (members at or right of it weigh at least `t`) and `L` the left pivot,
//!   its acceptable set is `[min(q, 2L - q), max(q, 2R - q)]`.
//! - A proposal outside the Council's Pareto set `[min x_i, max x_i]` would be amended
//!   unanimously, so the outcome stays in it.
//! - Under codecision the Parliament must prefer the outcome to `q` too.
//! - The agenda setter proposes the point of the intersection nearest its own position
//!   (consultation; codecision in the [`Codecision::Setter`] variant, Tsebelis & Garrett's
//!   conditional agenda setting). In the [`Codecision::Bargain`] variant (Crombez 2000;
//!   Steunenberg 1994, codecision II) the Commission loses its agenda power in conciliation:
//!   the outcome is the midpoint of the Parliament's position and the Council's weighted median,
//!   moved into the intersection. An empty intersection leaves `q` (gridlock).
//! - The forecast is `lambda x procedural + (1 - lambda) x weighted mean`; `lambda` was chosen
//!   on half A of the DEU III backtest (`docs/backtest.md`).
//!
//! It needs per issue a reversion point, a decision rule and procedure ([`crate::procedure`])
//! and the agenda setter's position; without one of them it gives the capability x salience
//! weighted mean with a [`ForecastStatus::Fallback`] naming what is missing.

use serde::Serialize;

use crate::inputs::Inputs;
use crate::model::{ForecastStatus, IssueForecast, Model, ModelError, ModelInfo, Outcome};
use crate::models::compromise::weighted_mean;
use crate::procedure::{DecisionInputs, Procedure, VotingRule};

/// Who shapes the outcome under codecision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Codecision {
    /// The agenda setter proposes inside the Council's and the Parliament's acceptable sets.
    Setter,
    /// The Council and the Parliament split the difference (conciliation).
    Bargain,
}

/// The procedural model's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ProceduralParams {
    /// Share of the Council's weight a qualified majority needs, in `(0, 1]`.
    pub threshold: f64,
    /// The codecision variant.
    pub codecision: Codecision,
    /// Weight of the procedural outcome against the weighted mean, in `[0, 1]`.
    pub lambda: f64,
}

/// The procedural model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Procedural {
    /// Its parameters.
    pub params: ProceduralParams,
}

impl Default for Procedural {
    /// The setting chosen on half A of the DEU III backtest (see `docs/backtest.md`).
    fn default() -> Self {
        Self {
            params: ProceduralParams {
                threshold: 0.74,
                codecision: Codecision::Bargain,
                lambda: 0.25,
            },
        }
    }
}

impl Model for Procedural {
    fn info(&self) -> ModelInfo {
        ModelInfo {
            id: "procedural",
            name: "Procedural model of EU legislation (experimental)",
            summary: "agenda setter and the Council's pivots (unanimity or qualified majority), \
                      the Parliament's veto under codecision; blended with the weighted mean",
            source: "Steunenberg (1994); Crombez (1996, 2000); Tsebelis & Garrett (2000); \
                     Thomson et al. (2006)",
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

/// The weighted mean, marked as a fallback with what was missing.
pub(crate) fn fallback(inputs: &Inputs, j: usize, missing: &str) -> IssueForecast {
    IssueForecast {
        value: weighted_mean(inputs, j).value,
        status: ForecastStatus::Fallback {
            missing: missing.to_owned(),
        },
    }
}

/// The Council's members on issue `j`: (position, weight) of every involved actor with
/// positive capability but the agenda setter and the Parliament.
pub(crate) fn council(
    inputs: &Inputs,
    j: usize,
    d: &DecisionInputs,
    weight: impl Fn(usize) -> f64,
) -> Vec<(f64, f64)> {
    let involved = inputs.involved(j);
    let positions = inputs.positions(j);
    (0..inputs.n_actors())
        .filter(|&i| involved[i] && Some(i) != d.agenda_setter && Some(i) != d.parliament)
        .map(|i| (positions[i], weight(i)))
        .filter(|&(_, w)| w > 0.0)
        .collect()
}

/// The position of an involved actor, if it is one.
pub(crate) fn position_of(inputs: &Inputs, j: usize, actor: Option<usize>) -> Option<f64> {
    let i = actor?;
    (*inputs.involved(j).get(i)?).then(|| inputs.positions(j)[i])
}

/// Where the rule's pivot stands when moving toward larger positions: the largest position
/// `p` such that members at or above `p` weigh at least `share` of the total.
fn pivot_up(members: &[(f64, f64)], share: f64) -> f64 {
    let total: f64 = members.iter().map(|m| m.1).sum();
    let mut sorted = members.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut cum = 0.0;
    for &(x, w) in &sorted {
        cum += w;
        // A relative tolerance, so that a unanimity share of 1 is reached despite rounding.
        if cum >= share * total * (1.0 - 1e-12) {
            return x;
        }
    }
    sorted.last().map_or(0.0, |m| m.0)
}

/// The weighted median position (the lower one where the weight splits exactly).
fn weighted_median(members: &[(f64, f64)]) -> f64 {
    let mut sorted = members.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = members.iter().map(|m| m.1).sum();
    let mut cum = 0.0;
    for &(x, w) in &sorted {
        cum += w;
        if cum >= 0.5 * total {
            return x;
        }
    }
    sorted.last().map_or(0.0, |m| m.0)
}

/// The points a voter at `x` weakly prefers to `q`: `[min(q, 2x - q), max(q, 2x - q)]`.
fn acceptable_to(x: f64, q: f64) -> (f64, f64) {
    let mirror = 2.0 * x - q;
    (q.min(mirror), q.max(mirror))
}

impl Procedural {
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
        let Some(setter) = position_of(inputs, j, d.agenda_setter) else {
            return fallback(inputs, j, "the agenda setter has no position on this issue");
        };
        let ep = position_of(inputs, j, d.parliament);
        if d.procedure == Procedure::Codecision && ep.is_none() {
            return fallback(inputs, j, "codecision, but the Parliament has no position");
        }
        let capabilities = inputs.capabilities();
        let members = council(inputs, j, d, |i| capabilities[i]);
        if members.is_empty() {
            return fallback(inputs, j, "no member of the deciding body on this issue");
        }
        let share = match d.rule {
            VotingRule::Unanimity => 1.0,
            VotingRule::QualifiedMajority => self.params.threshold,
        };
        let value = procedural_outcome(&members, share, q, setter, ep, d.procedure, self.params);
        let mean = weighted_mean(inputs, j).value;
        let lambda = self.params.lambda;
        IssueForecast {
            value: (lambda * value + (1.0 - lambda) * mean).clamp(0.0, 100.0),
            status: ForecastStatus::Settled,
        }
    }
}

/// The unblended procedural outcome (internal scale).
fn procedural_outcome(
    members: &[(f64, f64)],
    share: f64,
    q: f64,
    setter: f64,
    ep: Option<f64>,
    procedure: Procedure,
    params: ProceduralParams,
) -> f64 {
    let right = pivot_up(members, share);
    let mirrored: Vec<(f64, f64)> = members.iter().map(|&(x, w)| (-x, w)).collect();
    let left = -pivot_up(&mirrored, share);
    let (mut lo, mut hi) = (acceptable_to(left, q).0, acceptable_to(right, q).1);
    let pareto = members
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), m| {
            (a.min(m.0), b.max(m.0))
        });
    (lo, hi) = (lo.max(pareto.0), hi.min(pareto.1));
    let codecision = procedure == Procedure::Codecision;
    if let (true, Some(e)) = (codecision, ep) {
        let (a, b) = acceptable_to(e, q);
        (lo, hi) = (lo.max(a), hi.min(b));
    }
    if lo > hi {
        return q;
    }
    let target = match (codecision, params.codecision, ep) {
        (true, Codecision::Bargain, Some(e)) => 0.5 * (e + weighted_median(members)),
        _ => setter,
    };
    target.clamp(lo, hi)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::actor::Actor;
    use crate::issue::Issue;
    use crate::procedure::Decision;
    use crate::scenario::Scenario;

    /// One issue with reversion point `q`: the Commission at `com`, the Parliament at `ep`,
    /// and Council members (capability, position), all with salience 1.
    fn eu(
        q: Option<f64>,
        rule: VotingRule,
        procedure: Procedure,
        com: f64,
        ep: f64,
        council: &[(f64, f64)],
    ) -> Inputs {
        let mut s = Scenario::named("eu");
        let issue = Issue::new("x").with_decision(Decision {
            rule,
            procedure,
            agenda_setter: "com".into(),
            parliament: Some("ep".into()),
        });
        s.issues.push(match q {
            Some(q) => issue.with_status_quo(q),
            None => issue,
        });
        s.actors
            .push(Actor::new("com", 1.0).with_stance("x", com, 1.0));
        s.actors
            .push(Actor::new("ep", 1.0).with_stance("x", ep, 1.0));
        for (k, &(c, x)) in council.iter().enumerate() {
            s.actors
                .push(Actor::new(format!("m{k}"), c).with_stance("x", x, 1.0));
        }
        Inputs::from_scenario(&s).unwrap()
    }

    fn pure(codecision: Codecision, threshold: f64) -> Procedural {
        Procedural {
            params: ProceduralParams {
                threshold,
                codecision,
                lambda: 1.0,
            },
        }
    }

    fn run(m: Procedural, inputs: &Inputs) -> IssueForecast {
        m.run(inputs).unwrap().forecasts.remove(0)
    }

    const THREE: [(f64, f64); 3] = [(1.0, 30.0), (1.0, 50.0), (2.0, 80.0)];

    #[test]
    fn unanimity_consultation_hand_computed() {
        // q = 10; members at 30 (1), 50 (1), 80 (2). Under unanimity the right pivot is the
        // lowest member, 30: it accepts up to 2 x 30 - 10 = 50. The Commission at 100 proposes
        // the point of [10, 50] ∩ Pareto [30, 80] = [30, 50] nearest 100: 50.
        let i = eu(
            Some(10.0),
            VotingRule::Unanimity,
            Procedure::Consultation,
            100.0,
            0.0,
            &THREE,
        );
        assert_eq!(run(pure(Codecision::Setter, 0.71), &i).value, 50.0);
    }

    #[test]
    fn qualified_majority_moves_the_pivot() {
        // Threshold 0.7 of weight 4 = 2.8: from the right, 80 (2), then 50 (cumulative 3 >=
        // 2.8): the pivot is 50, accepting up to 2 x 50 - 10 = 90; ∩ Pareto [30, 80] -> 80.
        let i = eu(
            Some(10.0),
            VotingRule::QualifiedMajority,
            Procedure::Consultation,
            100.0,
            0.0,
            &THREE,
        );
        assert_eq!(run(pure(Codecision::Setter, 0.7), &i).value, 80.0);
        // Threshold 0.5 (weight 2): the pivot is 80 itself; still the Pareto end, 80. The
        // Commission at 60 gets its own position.
        let i = eu(
            Some(10.0),
            VotingRule::QualifiedMajority,
            Procedure::Consultation,
            60.0,
            0.0,
            &THREE,
        );
        assert_eq!(run(pure(Codecision::Setter, 0.5), &i).value, 60.0);
    }

    #[test]
    fn codecision_adds_the_parliaments_veto() {
        // As the QMV case (Council ∩ Pareto = [30, 80]); the Parliament at 25 accepts
        // [10, 40]: intersection [30, 40], the Commission at 100 gets 40.
        let i = eu(
            Some(10.0),
            VotingRule::QualifiedMajority,
            Procedure::Codecision,
            100.0,
            25.0,
            &THREE,
        );
        assert_eq!(run(pure(Codecision::Setter, 0.7), &i).value, 40.0);
        // Bargain: the Council's weighted median (weights 1, 1, 2 of 4: cumulative 2 at 50)
        // is 50; midpoint with the Parliament (25 + 50) / 2 = 37.5, inside [30, 40].
        assert_eq!(run(pure(Codecision::Bargain, 0.7), &i).value, 37.5);
        // A Parliament at 15 accepts only [10, 20], which misses [30, 80]: gridlock at q.
        let i = eu(
            Some(10.0),
            VotingRule::QualifiedMajority,
            Procedure::Codecision,
            100.0,
            15.0,
            &THREE,
        );
        assert_eq!(run(pure(Codecision::Setter, 0.7), &i).value, 10.0);
    }

    #[test]
    fn lambda_blends_with_the_weighted_mean() {
        // Weighted mean (capability x salience): (1 x 100 + 1 x 0 + 30 + 50 + 2 x 80) / 6 =
        // 340 / 6; procedural 50 (the unanimity case); lambda 0.25.
        let i = eu(
            Some(10.0),
            VotingRule::Unanimity,
            Procedure::Consultation,
            100.0,
            0.0,
            &THREE,
        );
        let m = Procedural {
            params: ProceduralParams {
                threshold: 0.71,
                codecision: Codecision::Setter,
                lambda: 0.25,
            },
        };
        let f = run(m, &i).value;
        assert!(
            (f - (0.25 * 50.0 + 0.75 * 340.0 / 6.0)).abs() < 1e-12,
            "{f}"
        );
    }

    #[test]
    fn missing_features_fall_back_with_a_named_warning() {
        let i = eu(
            None,
            VotingRule::Unanimity,
            Procedure::Consultation,
            100.0,
            0.0,
            &THREE,
        );
        let f = run(Procedural::default(), &i);
        assert_eq!(
            f.status,
            ForecastStatus::Fallback {
                missing: "no reversion point (status quo)".into()
            }
        );
        assert!((f.value - 340.0 / 6.0).abs() < 1e-12);
        // A plain scenario without a decision block.
        let mut s = Scenario::named("plain");
        s.issues.push(Issue::new("x").with_status_quo(0.0));
        s.actors
            .push(Actor::new("a", 1.0).with_stance("x", 40.0, 1.0));
        let f = run(Procedural::default(), &Inputs::from_scenario(&s).unwrap());
        assert!(
            matches!(&f.status, ForecastStatus::Fallback { missing } if missing.contains("decision")),
            "{f:?}"
        );
        assert_eq!(f.value, 40.0);
    }
}
