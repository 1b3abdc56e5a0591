//! The Nash bargaining solution for n actors with asymmetric bargaining power.
//!
//! Per issue, `x* = argmax_x prod_i (u_i(x) - u_i(d))^(w_i)` over the outcomes every actor
//! weakly prefers to the disagreement point `d`, with weights `w_i = c_i s_ij` and utilities
//! `u_i(x) = -|x - x_i|` (linear, the default) or `-(x - x_i)^2` (quadratic). Sources: Nash
//! (1950), "The bargaining problem", *Econometrica* 18; the asymmetric legislative form of
//! Achen (2006) in *The European Union Decides* and Schneider, Finke & Baltz (2007).
//!
//! - Disagreement point: the issue's status quo. Without one, each actor's disagreement
//!   utility is that of its worst outcome among the positions on the table (the "point of least
//!   agreement": the farthest ideal point of any weighted actor). models.md words this as "each
//!   actor's worst point of the range"; Parley reads the range as the range of positions, not
//!   of the scale, because scale ends would make the answer depend on where an analyst happens
//!   to put them (with the scale's ends, a symmetric pair at 20 and 40 on 0-100 settles at 40,
//!   not 30). With this reading the two-actor solution under linear utilities is exactly the
//!   weighted mean, and symmetric pairs meet at their midpoint.
//! - Actors with salience 0 have weight 0: no influence and no veto.
//! - If the only outcome every actor weakly prefers to the status quo is the status quo itself
//!   (actors sit on both sides of it, or one sits on it), the forecast is the status quo and the
//!   result says who blocks a rise and who blocks a fall ([`ForecastStatus::NoAgreementZone`]).
//! - The weighted log-product is concave on the acceptable interval, so its maximum is found
//!   by bisection on the sign of the (sub)derivative: a bracketed 1-D search, as models.md
//!   suggests, but exact to floating-point precision and without golden-section's tolerance.

use crate::inputs::Inputs;
use crate::issue::INTERNAL_MAX;
use crate::model::{
    ForecastStatus, IssueForecast, Model, ModelError, ModelInfo, Outcome, no_salience_forecast,
};
use crate::utility::sign;

/// Shape of each actor's utility over outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UtilityShape {
    /// `u(x) = -|x - ideal|`.
    #[default]
    Linear,
    /// `u(x) = -(x - ideal)^2`.
    Quadratic,
}

/// The asymmetric Nash bargaining solution, issue by issue.
#[derive(Debug, Clone, Copy, Default)]
pub struct Nbs {
    /// Utility shape used for every actor.
    pub utility: UtilityShape,
}

/// Acceptable intervals narrower than this (internal 0-100 scale) count as a single point.
const DEGENERATE_WIDTH: f64 = 1e-9;
/// Bisection steps: halving a 100-wide interval 200 times reaches the spacing of f64.
const MAX_BISECTIONS: usize = 200;

impl Model for Nbs {
    fn info(&self) -> ModelInfo {
        ModelInfo {
            id: "nbs",
            name: "Nash bargaining solution",
            summary: "outcome maximising the capability x salience weighted product of gains over the status quo, per issue",
            source: "Nash (1950); Achen (2006); Schneider, Finke & Baltz (2007)",
            iterative: false,
        }
    }

    fn run(&self, inputs: &Inputs) -> Result<Outcome, ModelError> {
        let mut bargainers = Vec::with_capacity(inputs.n_actors());
        let forecasts = (0..inputs.n_issues())
            .map(|j| self.solve_issue(inputs, j, &mut bargainers))
            .collect();
        Ok(Outcome {
            forecasts,
            rounds: Vec::new(),
            stop: None,
        })
    }
}

/// One weighted actor on one issue: ideal point, weight, and the distance at which its gain
/// over the disagreement point reaches zero.
#[derive(Debug, Clone, Copy)]
struct Bargainer {
    ideal: f64,
    weight: f64,
    reach: f64,
    actor: usize,
}

impl Nbs {
    fn solve_issue(
        &self,
        inputs: &Inputs,
        j: usize,
        bargainers: &mut Vec<Bargainer>,
    ) -> IssueForecast {
        let sq = inputs.status_quo(j);
        bargainers.clear();
        let positions = inputs.positions(j);
        let saliences = inputs.saliences(j);
        for (i, ((&x, &s), &c)) in positions
            .iter()
            .zip(saliences)
            .zip(inputs.capabilities())
            .enumerate()
        {
            let weight = c * s;
            if weight > 0.0 {
                let reach = sq.map_or(0.0, |q| (q - x).abs());
                bargainers.push(Bargainer {
                    ideal: x,
                    weight,
                    reach,
                    actor: i,
                });
            }
        }
        if bargainers.is_empty() {
            return no_salience_forecast(inputs, j);
        }
        if sq.is_none() {
            least_agreement(bargainers);
        }
        let lo = bargainers
            .iter()
            .fold(0.0_f64, |acc, b| acc.max(b.ideal - b.reach));
        let hi = bargainers
            .iter()
            .fold(INTERNAL_MAX, |acc, b| acc.min(b.ideal + b.reach));
        match sq {
            Some(q) if hi - lo <= DEGENERATE_WIDTH => no_agreement(bargainers, q),
            _ => IssueForecast {
                value: self.maximise(bargainers, lo, hi),
                status: ForecastStatus::Settled,
            },
        }
    }

    /// Bisection on the sign of the derivative of `sum_i w_i ln g_i(x)` over `[lo, hi]`.
    fn maximise(&self, bargainers: &[Bargainer], mut lo: f64, mut hi: f64) -> f64 {
        for _ in 0..MAX_BISECTIONS {
            let mid = 0.5 * (lo + hi);
            if mid <= lo || mid >= hi {
                break;
            }
            if self.slope(bargainers, mid) > 0.0 {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    }

    /// An element of the superdifferential of the weighted log-gain at `x` (the mean of the
    /// one-sided derivatives at an actor's ideal point, which is exact enough for bisection:
    /// where it is zero, `x` is optimal; elsewhere its sign is right).
    fn slope(&self, bargainers: &[Bargainer], x: f64) -> f64 {
        bargainers
            .iter()
            .map(|b| {
                let d = x - b.ideal;
                let (gain, dgain) = match self.utility {
                    UtilityShape::Linear => (b.reach - d.abs(), -sign(d)),
                    UtilityShape::Quadratic => (b.reach * b.reach - d * d, -2.0 * d),
                };
                if gain <= 0.0 && d != 0.0 {
                    // At or past the edge of this actor's acceptable set: push back inside.
                    -sign(d) * f64::INFINITY
                } else if gain <= 0.0 {
                    0.0
                } else {
                    b.weight * dgain / gain
                }
            })
            .sum()
    }
}

/// Without a status quo, each actor's gain is zero at the weighted ideal point farthest from
/// its own.
fn least_agreement(bargainers: &mut [Bargainer]) {
    let (lo, hi) = bargainers
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), b| {
            (lo.min(b.ideal), hi.max(b.ideal))
        });
    for b in bargainers {
        b.reach = (b.ideal - lo).max(hi - b.ideal);
    }
}

fn no_agreement(bargainers: &[Bargainer], q: f64) -> IssueForecast {
    let who = |pred: &dyn Fn(f64) -> bool| -> Vec<usize> {
        bargainers
            .iter()
            .filter(|b| pred(b.ideal))
            .map(|b| b.actor)
            .collect()
    };
    IssueForecast {
        value: q,
        // At an end of the scale only one direction exists: nobody blocks the other.
        status: ForecastStatus::NoAgreementZone {
            blocking_rise: if q >= crate::issue::INTERNAL_MAX {
                Vec::new()
            } else {
                who(&|x| x <= q)
            },
            blocking_fall: if q <= 0.0 {
                Vec::new()
            } else {
                who(&|x| x >= q)
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Actor;
    use crate::issue::Issue;
    use crate::scenario::Scenario;

    fn one_issue(sq: Option<f64>, actors: &[(f64, f64, f64)]) -> Inputs {
        let mut s = Scenario::named("t");
        let issue = Issue::new("x");
        s.issues.push(match sq {
            Some(q) => issue.with_status_quo(q),
            None => issue,
        });
        for (k, &(c, x, sal)) in actors.iter().enumerate() {
            s.actors
                .push(Actor::new(format!("a{k}"), c).with_stance("x", x, sal));
        }
        Inputs::from_scenario(&s).unwrap()
    }

    fn solve(model: Nbs, inputs: &Inputs) -> IssueForecast {
        model.run(inputs).unwrap().forecasts.remove(0)
    }

    #[test]
    fn linear_weighted_hand_computed() {
        // SQ 0; A at 40 (w 1), B at 80 (w 3). Acceptable: A |x-40| <= 40 -> [0, 80].
        // On [40, 80]: F = ln(80 - x) + 3 ln(x) (A's gain 40-(x-40), B's gain 80-(80-x)).
        // F' = -1/(80 - x) + 3/x = 0  ->  3(80 - x) = x  ->  x = 60.
        let f = solve(
            Nbs::default(),
            &one_issue(Some(0.0), &[(1.0, 40.0, 1.0), (3.0, 80.0, 1.0)]),
        );
        assert!((f.value - 60.0).abs() < 1e-9, "{f:?}");
        assert_eq!(f.status, ForecastStatus::Settled);
    }

    #[test]
    fn linear_optimum_at_a_kink() {
        // Same with equal weights: on [40, 80] F' = -1/(80-x) + 1/x < 0 for x > 40, and on
        // [0, 40] F = 2 ln x rises, so the maximum is A's ideal point, 40.
        let f = solve(
            Nbs::default(),
            &one_issue(Some(0.0), &[(1.0, 40.0, 1.0), (1.0, 80.0, 1.0)]),
        );
        assert!((f.value - 40.0).abs() < 1e-9, "{f:?}");
    }

    #[test]
    fn quadratic_hand_computed() {
        // SQ 0; A at 40, B at 80, equal weights, u = -(x - ideal)^2.
        // Gains: A 1600 - (x-40)^2 = x(80 - x); B 6400 - (x-80)^2 = x(160 - x).
        // F' = 2/x - 1/(80-x) - 1/(160-x) = 0  ->  4x^2 - 720x + 25600 = 0
        // ->  x = 90 - sqrt(1700) = 48.768943743823...
        let model = Nbs {
            utility: UtilityShape::Quadratic,
        };
        let f = solve(
            model,
            &one_issue(Some(0.0), &[(1.0, 40.0, 1.0), (1.0, 80.0, 1.0)]),
        );
        let expected = 90.0 - 1700f64.sqrt();
        assert!(
            (f.value - expected).abs() < 1e-9,
            "{} vs {expected}",
            f.value
        );
    }

    #[test]
    fn symmetric_pair_without_status_quo_meets_at_the_midpoint() {
        // Fallback disagreement: each actor's farthest ideal point. A at 30, B at 70: reach 40.
        // On [30, 70]: A's gain 40 - (x - 30) = 70 - x, B's 40 - (70 - x) = x - 30, so
        // F = ln(70 - x) + ln(x - 30), F' = -1/(70 - x) + 1/(x - 30) = 0  ->  x = 50.
        let f = solve(
            Nbs::default(),
            &one_issue(None, &[(2.0, 30.0, 0.5), (2.0, 70.0, 0.5)]),
        );
        assert!((f.value - 50.0).abs() < 1e-9, "{f:?}");
    }

    #[test]
    fn without_status_quo_two_actors_meet_at_their_weighted_mean() {
        // Reach = 60 for both (20 and 80). On [20, 80]: A's gain 60 - (x - 20) = 80 - x,
        // B's 60 - (80 - x) = x - 20; F = 1 ln(80 - x) + 3 ln(x - 20);
        // F' = -1/(80 - x) + 3/(x - 20) = 0  ->  x - 20 = 3(80 - x)  ->  x = 65,
        // the weighted mean (1*20 + 3*80) / 4 = 65.
        let f = solve(
            Nbs::default(),
            &one_issue(None, &[(1.0, 20.0, 1.0), (3.0, 80.0, 1.0)]),
        );
        assert!((f.value - 65.0).abs() < 1e-9, "{f:?}");
    }

    #[test]
    fn symmetric_pair_around_the_status_quo_stays_at_the_midpoint() {
        // Actors at 20 and 80 with the status quo at the midpoint 50: any move helps one and
        // hurts the other, so there is no agreement zone and the forecast is 50.
        let f = solve(
            Nbs::default(),
            &one_issue(Some(50.0), &[(1.0, 20.0, 1.0), (1.0, 80.0, 1.0)]),
        );
        assert_eq!(f.value, 50.0);
        assert_eq!(
            f.status,
            ForecastStatus::NoAgreementZone {
                blocking_rise: vec![0],
                blocking_fall: vec![1],
            }
        );
    }

    /// With the status quo at the bottom of the scale there is no fall to block: an actor
    /// there vetoes any rise, and nobody is listed as blocking a fall that cannot happen
    /// (usability item 11: "a fall by" named every actor at a status quo of 0).
    #[test]
    fn at_an_end_of_the_scale_only_the_possible_move_is_blocked() {
        let f = solve(
            Nbs::default(),
            &one_issue(Some(0.0), &[(1.0, 0.0, 1.0), (5.0, 90.0, 1.0)]),
        );
        assert_eq!(f.value, 0.0);
        assert_eq!(
            f.status,
            ForecastStatus::NoAgreementZone {
                blocking_rise: vec![0],
                blocking_fall: vec![],
            }
        );
    }

    #[test]
    fn actor_on_the_status_quo_vetoes() {
        let f = solve(
            Nbs::default(),
            &one_issue(Some(10.0), &[(1.0, 10.0, 1.0), (5.0, 90.0, 1.0)]),
        );
        assert_eq!(f.value, 10.0);
        assert!(matches!(f.status, ForecastStatus::NoAgreementZone { .. }));
    }

    #[test]
    fn zero_salience_has_no_veto() {
        // The actor at the status quo does not care, so B gets its way.
        let f = solve(
            Nbs::default(),
            &one_issue(Some(10.0), &[(1.0, 10.0, 0.0), (5.0, 90.0, 1.0)]),
        );
        assert!((f.value - 90.0).abs() < 1e-9, "{f:?}");
    }
}
