//! Parley's common utility yardstick, used to say who gains and who loses under any model.
//!
//! Each model has its own internal notion of utility; to compare them side by side Parley
//! scores every forecast the same way: actor i's utility on issue j is
//! `u_ij(x) = -s_ij |x - x_ij| / 100` on the internal 0-100 scale (a salience-weighted linear
//! loss, 0 at the actor's position, `-s_ij` at the far end of the scale). The **gain** is
//! `u_ij(forecast) - u_ij(status quo)`, in `[-s_ij, s_ij]`; an actor's total gain sums its
//! gains over the issues that have a status quo. Issues without a status quo, and issues the
//! actor is not involved in, contribute no gain.

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
    /// `[actor][issue]`: the gain, or `None` where the actor is not involved or the issue has
    /// no status quo.
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
        for i in (0..n).filter(|&i| inputs.involved(j)[i]) {
            let g = utility(inputs, i, j, f.value) - utility(inputs, i, j, q);
            by_issue[i][j] = Some(g);
            total[i] = Some(total[i].unwrap_or(0.0) + g);
        }
    }
    Gains { by_issue, total }
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
