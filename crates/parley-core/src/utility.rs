//! Parley's common utility yardstick, used to say who gains and who loses under any model.
//!
//! Each model has its own internal notion of utility; to compare them side by side Parley
//! scores every forecast the same way: actor i's utility on issue j is
//! `u_ij(x) = -s_ij |x - x_ij| / 100` on the internal 0-100 scale (a salience-weighted linear
//! loss, 0 at the actor's position, `-s_ij` at the far end of the scale). The **gain** is
//! `u_ij(forecast) - u_ij(status quo)`, in `[-s_ij, s_ij]`; an actor's total gain sums its
//! gains over the issues that have a status quo. Issues without a status quo, and issues the
//! actor takes no part in (no stance, or salience 0: [`Inputs::takes_part`]), contribute no
//! gain, so an actor that takes part in no issue with a status quo has no gain at all rather
//! than a gain of 0.

use crate::inputs::Inputs;
use crate::issue::INTERNAL_MAX;
use crate::model::IssueForecast;

/// Utility of actor `i` on issue `j` at internal outcome `x`.
pub fn utility(inputs: &Inputs, i: usize, j: usize, x: f64) -> f64 {
    let ideal = inputs.positions(j)[i];
    -inputs.saliences(j)[i] * (x - ideal).abs() / INTERNAL_MAX
}

/// Per-actor gains from a set of forecasts.
#[derive(Debug, Clone, PartialEq)]
pub struct Gains {
    /// `[actor][issue]`: the gain, or `None` where the actor takes no part in the issue or the
    /// issue has no status quo.
    pub by_issue: Vec<Vec<Option<f64>>>,
    /// `[actor]`: the sum of the defined gains, or `None` when none is defined.
    pub total: Vec<Option<f64>>,
}

/// Each actor's gain from `forecasts` relative to the status quo.
pub fn gains(inputs: &Inputs, forecasts: &[IssueForecast]) -> Gains {
    let (n, m) = (inputs.n_actors(), inputs.n_issues());
    let mut by_issue = vec![vec![None; m]; n];
    let mut total = vec![None; n];
    for (j, f) in forecasts.iter().enumerate().take(m) {
        let Some(q) = inputs.status_quo(j) else {
            continue;
        };
        for i in (0..n).filter(|&i| inputs.takes_part(i, j)) {
            let g = utility(inputs, i, j, f.value) - utility(inputs, i, j, q);
            by_issue[i][j] = Some(g);
            total[i] = Some(total[i].unwrap_or(0.0) + g);
        }
    }
    Gains { by_issue, total }
}

/// Actor `i`'s stake in issue `j`: its gain if the issue moved from the status quo to its own
/// position, `s_ij |q_j - x_ij| / 100`; `None` without a status quo.
pub fn stake(inputs: &Inputs, i: usize, j: usize) -> Option<f64> {
    let q = inputs.status_quo(j)?;
    Some(inputs.saliences(j)[i] * (inputs.positions(j)[i] - q).abs() / INTERNAL_MAX)
}

/// Each actor's largest possible total gain: its [`stake`] summed over the issues with a
/// status quo it takes part in; `None` where no gain is defined. The yardstick for its gains:
/// +0.3 is most of what an actor with 0.35 at stake can win and little of one with 2.7.
pub fn most_possible(inputs: &Inputs) -> Vec<Option<f64>> {
    let (n, m) = (inputs.n_actors(), inputs.n_issues());
    let mut most = vec![None; n];
    for j in 0..m {
        for i in (0..n).filter(|&i| inputs.takes_part(i, j)) {
            if let Some(g) = stake(inputs, i, j) {
                most[i] = Some(most[i].unwrap_or(0.0) + g);
            }
        }
    }
    most
}

/// The slope of `|d|` at `d`: -1, 1, or 0 at the kink. `f64::signum` gives 1 at 0, which
/// would tip the bisections of the bargaining solvers off an optimum at an ideal point.
pub(crate) fn sign(d: f64) -> f64 {
    if d > 0.0 {
        1.0
    } else if d < 0.0 {
        -1.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Actor;
    use crate::issue::Issue;
    use crate::scenario::Scenario;

    /// Two issues, one with a status quo of 20 and one without: only the first counts. a
    /// (salience 0.8, position 10) could gain 0.8 x |20 - 10| / 100 = 0.08; b (salience 0.5,
    /// position 70) 0.5 x |20 - 70| / 100 = 0.25; c takes part only in the issue without a
    /// status quo: no gain is defined.
    #[test]
    fn the_most_possible_gain_sums_salience_times_distance_from_the_status_quo() {
        let mut s = Scenario::named("t");
        s.issues.push(Issue::new("t").with_status_quo(20.0));
        s.issues.push(Issue::new("u"));
        s.actors.push(
            Actor::new("a", 1.0)
                .with_stance("t", 10.0, 0.8)
                .with_stance("u", 90.0, 1.0),
        );
        s.actors
            .push(Actor::new("b", 1.0).with_stance("t", 70.0, 0.5));
        s.actors
            .push(Actor::new("c", 1.0).with_stance("u", 0.0, 1.0));
        let inputs = Inputs::from_scenario(&s).unwrap();
        let most = most_possible(&inputs);
        assert!((most[0].unwrap() - 0.08).abs() < 1e-12, "{most:?}");
        assert!((most[1].unwrap() - 0.25).abs() < 1e-12, "{most:?}");
        assert_eq!(most[2], None);
    }

    /// A stance with salience 0 is no part in the issue (sweep 5 item 11): no gain and no stake
    /// is defined there, so an actor whose only stance has salience 0 has `None`, not 0.
    /// a (salience 0.5, position 10, status quo 20) with the forecast at 15 gains
    /// 0.5 x (|20 - 10| - |15 - 10|) / 100 = 0.025; b's salience-0 stance counts for nothing.
    #[test]
    fn a_stance_with_salience_zero_has_no_gain_and_no_stake() {
        let mut s = Scenario::named("t");
        s.issues.push(Issue::new("t").with_status_quo(20.0));
        s.actors
            .push(Actor::new("a", 1.0).with_stance("t", 10.0, 0.5));
        s.actors
            .push(Actor::new("b", 1.0).with_stance("t", 70.0, 0.0));
        let inputs = Inputs::from_scenario(&s).unwrap();
        assert!(inputs.takes_part(0, 0) && !inputs.takes_part(1, 0));
        let g = gains(
            &inputs,
            &[IssueForecast {
                value: 15.0,
                status: crate::model::ForecastStatus::Settled,
            }],
        );
        assert!((g.total[0].unwrap() - 0.025).abs() < 1e-12, "{g:?}");
        assert_eq!(g.by_issue[1], vec![None]);
        assert_eq!(g.total[1], None);
        assert_eq!(most_possible(&inputs)[1], None);
    }
}
