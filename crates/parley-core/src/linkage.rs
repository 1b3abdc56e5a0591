//! Linkage: bargaining over a group of issues at once (Parley's own layer, models.md section 6).
//!
//! Issue-by-issue bargaining misses trades: an actor that loses a little on an issue it cares
//! little about can gain a lot on one it cares about. The **joint Nash bargaining solution**
//! over linked issues J maximises `sum_i w_i ln(U_i(x) - U_i(d))` over outcome vectors `x`
//! that every party weakly prefers to the disagreement point `d` (Nash 1950; the multi-issue
//! form of Achen 2006), with
//!
//! - utilities `U_i(x) = -sum_{j in J} s_ij |x_j - x_ij|` (Parley's linear yardstick; salience
//!   is what makes cross-issue trades worth making);
//! - bargaining weights `w_i = c_i sum_{j in J} s_ij`: capability times the actor's stake in the
//!   linked set, so that on a single issue the solution is exactly the issue-by-issue NBS
//!   ([`crate::models::Nbs`]);
//! - `d` the status quo on each issue; on an issue without one, each party's least-agreement
//!   utility (its distance to the farthest weighted ideal point), as in the one-issue NBS.
//!
//! The objective is concave and non-smooth, so Parley maximises it with the central-cut
//! ellipsoid method (Shor; Yudin & Nemirovski, 1976): deterministic, no tuning, and guaranteed
//! to converge for concave problems with the handful of issues a linkage has, followed by a
//! polish of exact one-coordinate maximisations. With one issue the ellipsoid is an interval
//! and the method is bisection.

use serde::Serialize;

use crate::inputs::Inputs;
use crate::issue::INTERNAL_MAX;
use crate::utility::sign;

/// The joint NBS over a set of issues.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JointNbs {
    /// Issue indices, in the order given.
    pub issues: Vec<usize>,
    /// Actor indices of the parties that bargained (positive stake in the issues).
    pub parties: Vec<usize>,
    /// The solution per issue, internal 0-100 scale (the disagreement point when there is no
    /// agreement zone).
    pub outcome: Vec<f64>,
    /// Whether some outcome beats the disagreement point for every party.
    pub agreement: bool,
}

/// One party's data on the linked issues.
#[derive(Debug, Clone)]
struct Party {
    actor: usize,
    weight: f64,
    ideal: Vec<f64>,
    salience: Vec<f64>,
    /// `U_i(d)`.
    disagreement: f64,
}

impl Party {
    fn utility(&self, x: &[f64]) -> f64 {
        -self
            .ideal
            .iter()
            .zip(&self.salience)
            .zip(x)
            .map(|((&ideal, &s), &xj)| s * (xj - ideal).abs())
            .sum::<f64>()
    }

    fn gain(&self, x: &[f64]) -> f64 {
        self.utility(x) - self.disagreement
    }

    /// A supergradient of the gain at `x`, written into `out`.
    fn supergradient(&self, x: &[f64], out: &mut [f64]) {
        for (((o, &ideal), &s), &xj) in out.iter_mut().zip(&self.ideal).zip(&self.salience).zip(x) {
            *o = -s * sign(xj - ideal);
        }
    }
}

/// Gains below this (utility units, 0-100 scale x salience) count as none: the disagreement
/// point itself is not an agreement.
const STRICT_GAIN: f64 = 1e-9;

/// Solves the joint NBS over `issues` among `parties` (default: every actor with a positive
/// salience on at least one of them).
pub fn joint_nbs(inputs: &Inputs, issues: &[usize], parties: Option<&[usize]>) -> JointNbs {
    let k = issues.len();
    let disagreement_point = disagreement(inputs, issues);
    let bargainers = bargainers(inputs, issues, parties);
    let party_ids: Vec<usize> = bargainers.iter().map(|p| p.actor).collect();
    let fallback = || JointNbs {
        issues: issues.to_vec(),
        parties: party_ids.clone(),
        outcome: disagreement_point
            .iter()
            .map(|d| d.unwrap_or(INTERNAL_MAX / 2.0))
            .collect(),
        agreement: false,
    };
    if k == 0 || bargainers.is_empty() {
        return fallback();
    }
    let best = if k == 1 {
        bisect(&bargainers)
    } else {
        ellipsoid(&bargainers, k, false)
    };
    match best {
        Some(outcome) => JointNbs {
            issues: issues.to_vec(),
            parties: party_ids,
            outcome,
            agreement: true,
        },
        None => fallback(),
    }
}

/// Whether the joint NBS of `parties` over `issues` is an agreement (some outcome beats the
/// disagreement point for every party), without solving it: the search stops at the first
/// strictly acceptable point, which is exactly the test [`joint_nbs`] applies. Monte Carlo
/// asks this thousands of times.
pub fn agreement_exists(inputs: &Inputs, issues: &[usize], parties: Option<&[usize]>) -> bool {
    let bargainers = bargainers(inputs, issues, parties);
    match issues.len() {
        0 => false,
        _ if bargainers.is_empty() => false,
        1 => bisect(&bargainers).is_some(),
        k => ellipsoid(&bargainers, k, true).is_some(),
    }
}

/// The status quo per issue, where known.
fn disagreement(inputs: &Inputs, issues: &[usize]) -> Vec<Option<f64>> {
    issues.iter().map(|&j| inputs.status_quo(j)).collect()
}

fn bargainers(inputs: &Inputs, issues: &[usize], parties: Option<&[usize]>) -> Vec<Party> {
    let n = inputs.n_actors();
    let candidates: Vec<usize> = match parties {
        Some(p) => p.to_vec(),
        None => (0..n).collect(),
    };
    let mut out: Vec<Party> = candidates
        .into_iter()
        .filter_map(|i| {
            let salience: Vec<f64> = issues.iter().map(|&j| inputs.saliences(j)[i]).collect();
            let stake: f64 = salience.iter().sum();
            let weight = inputs.capabilities()[i] * stake;
            (weight > 0.0).then(|| Party {
                actor: i,
                weight,
                ideal: issues.iter().map(|&j| inputs.positions(j)[i]).collect(),
                salience,
                disagreement: 0.0,
            })
        })
        .collect();
    // Least-agreement reach per issue without a status quo: the hull of weighted ideals.
    for (t, &j) in issues.iter().enumerate() {
        let q = inputs.status_quo(j);
        let (lo, hi) = out
            .iter()
            .filter(|p| p.salience[t] > 0.0)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
                (lo.min(p.ideal[t]), hi.max(p.ideal[t]))
            });
        for p in &mut out {
            let distance = match q {
                Some(q) => (q - p.ideal[t]).abs(),
                None if lo <= hi => (p.ideal[t] - lo).max(hi - p.ideal[t]),
                None => 0.0,
            };
            p.disagreement -= p.salience[t] * distance;
        }
    }
    out
}

/// Objective and cut direction at `x`: the direction `a` such that the optimum lies in
/// `{y : a . (y - x) <= 0}`. Returns the objective when `x` is strictly feasible.
fn cut(parties: &[Party], x: &[f64], a: &mut [f64], scratch: &mut [f64]) -> Option<f64> {
    a.iter_mut().for_each(|v| *v = 0.0);
    if let Some(j) = x.iter().position(|&v| !(0.0..=INTERNAL_MAX).contains(&v)) {
        a[j] = if x[j] > INTERNAL_MAX { 1.0 } else { -1.0 };
        return None;
    }
    if let Some(p) = parties.iter().find(|p| p.gain(x) <= STRICT_GAIN) {
        p.supergradient(x, scratch);
        a.iter_mut().zip(scratch.iter()).for_each(|(v, g)| *v = -g);
        return None;
    }
    let mut value = 0.0;
    for p in parties {
        let g = p.gain(x);
        value += p.weight * g.ln();
        p.supergradient(x, scratch);
        a.iter_mut()
            .zip(scratch.iter())
            .for_each(|(v, s)| *v -= p.weight * s / g);
    }
    Some(value)
}

/// Central-cut ellipsoid method over the box `[0, 100]^k`; the best strictly feasible centre.
///
/// The ellipsoid `{c + B u : |u| <= 1}` is kept in product form (the factor `B`, not
/// `P = B B^T`), so rounding can never make it indefinite; the textbook update of `P` breaks
/// down within a few dozen steps when the optimum sits in a corner of the box.
fn ellipsoid(parties: &[Party], k: usize, first_feasible: bool) -> Option<Vec<f64>> {
    let kf = k as f64;
    let mut c = vec![INTERNAL_MAX / 2.0; k];
    // A ball of radius 50 sqrt(k) holds the box.
    let mut b = vec![0.0; k * k];
    for d in 0..k {
        b[d * k + d] = kf.sqrt() * INTERNAL_MAX / 2.0;
    }
    let alpha = kf / (kf * kf - 1.0).sqrt();
    let beta = 1.0 - ((kf - 1.0) / (kf + 1.0)).sqrt();
    let (mut a, mut scratch) = (vec![0.0; k], vec![0.0; k]);
    let (mut g, mut bp) = (vec![0.0; k], vec![0.0; k]);
    let mut best: Option<(f64, Vec<f64>)> = None;
    // Volume shrinks by exp(-1/(2(k+1))) per step; this is far past f64 resolution.
    let steps = 2 * k * (k + 1) * 80;
    for _ in 0..steps {
        let value = cut(parties, &c, &mut a, &mut scratch);
        if first_feasible && value.is_some() {
            return Some(c);
        }
        if let Some(value) = value
            && best.as_ref().is_none_or(|(v, _)| value > *v)
        {
            best = Some((value, c.clone()));
        }
        // g = B^T a, p = g / |g|
        for col in 0..k {
            g[col] = (0..k).map(|row| b[row * k + col] * a[row]).sum();
        }
        let norm = g.iter().map(|v| v * v).sum::<f64>().sqrt();
        // The ellipsoid's largest half-width along a coordinate axis (row norms of B).
        let width = (0..k)
            .map(|row| {
                (0..k)
                    .map(|col| b[row * k + col].powi(2))
                    .sum::<f64>()
                    .sqrt()
            })
            .fold(0.0, f64::max);
        if norm.is_nan() || norm <= 0.0 || width < 1e-10 {
            // A zero cut: the centre is optimal (0 is a supergradient at a kink). Or the
            // ellipsoid is below floating-point resolution.
            break;
        }
        g.iter_mut().for_each(|v| *v /= norm);
        for row in 0..k {
            bp[row] = (0..k).map(|col| b[row * k + col] * g[col]).sum();
        }
        for (ci, v) in c.iter_mut().zip(&bp) {
            *ci -= v / (kf + 1.0);
        }
        for row in 0..k {
            for col in 0..k {
                b[row * k + col] = alpha * (b[row * k + col] - beta * bp[row] * g[col]);
            }
        }
    }
    finish(parties, c, best)
}

/// The better of the best strictly feasible centre seen and the final centre, polished.
///
/// Near a smooth optimum, objective values cannot tell apart points closer than about the
/// square root of machine precision, so the best value seen can be off by ~1e-8 where the
/// final centre is exact; but when the optimum lies on a face of the box the ellipsoid
/// flattens against it and rounding eventually corrupts the centre, so the final centre is
/// taken only when it is feasible and no worse. A few sweeps of exact one-coordinate
/// maximisation then polish what is left; they never lower the objective.
fn finish(parties: &[Party], c: Vec<f64>, best: Option<(f64, Vec<f64>)>) -> Option<Vec<f64>> {
    let (mut value, mut x) = best?;
    if let Some(v) = objective(parties, &c)
        && v >= value
    {
        (value, x) = (v, c);
    }
    for _ in 0..3 {
        for j in 0..x.len() {
            if let Some((v, xj)) = best_along(parties, &x, j)
                && v >= value
            {
                value = v;
                x[j] = xj;
            }
        }
    }
    Some(x)
}

/// The objective at `x` when `x` is in the box and strictly feasible.
fn objective(parties: &[Party], x: &[f64]) -> Option<f64> {
    let (mut a, mut scratch) = (vec![0.0; x.len()], vec![0.0; x.len()]);
    cut(parties, x, &mut a, &mut scratch)
}

/// Bisection along coordinate `j` from `x`: the best strictly feasible value and coordinate.
fn best_along(parties: &[Party], x: &[f64], j: usize) -> Option<(f64, f64)> {
    let mut y = x.to_vec();
    let (mut a, mut scratch) = (vec![0.0; x.len()], vec![0.0; x.len()]);
    let (mut lo, mut hi) = (0.0, INTERNAL_MAX);
    let mut best: Option<(f64, f64)> = None;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        y[j] = mid;
        if let Some(v) = cut(parties, &y, &mut a, &mut scratch)
            && best.is_none_or(|(b, _)| v >= b)
        {
            best = Some((v, mid));
        }
        if a[j] > 0.0 {
            hi = mid;
        } else if a[j] < 0.0 {
            lo = mid;
        } else {
            break;
        }
    }
    best
}

/// One issue: bisection with the same cuts.
fn bisect(parties: &[Party]) -> Option<Vec<f64>> {
    let (mut lo, mut hi) = (0.0, INTERNAL_MAX);
    let (mut a, mut scratch) = ([0.0], [0.0]);
    let mut best: Option<(f64, f64)> = None;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if let Some(value) = cut(parties, &[mid], &mut a, &mut scratch)
            && best.is_none_or(|(b, _)| value > b)
        {
            best = Some((value, mid));
        }
        if a[0] > 0.0 {
            hi = mid;
        } else if a[0] < 0.0 {
            lo = mid;
        } else {
            return Some(vec![mid]);
        }
    }
    finish(
        parties,
        vec![0.5 * (lo + hi)],
        best.map(|(v, x)| (v, vec![x])),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Actor;
    use crate::issue::Issue;
    use crate::model::{ForecastStatus, Model};
    use crate::models::Nbs;
    use crate::scenario::Scenario;

    /// Two issues, actors given as (capability, [(position, salience); 2]).
    fn two_issues(sq: [Option<f64>; 2], actors: &[(f64, [(f64, f64); 2])]) -> Inputs {
        let mut s = Scenario::named("t");
        for (j, q) in sq.iter().enumerate() {
            let issue = Issue::new(format!("i{j}"));
            s.issues.push(match q {
                Some(q) => issue.with_status_quo(*q),
                None => issue,
            });
        }
        for (k, (c, stances)) in actors.iter().enumerate() {
            let mut a = Actor::new(format!("a{k}"), *c);
            for (j, (x, sal)) in stances.iter().enumerate() {
                a = a.with_stance(format!("i{j}"), *x, *sal);
            }
            s.actors.push(a);
        }
        Inputs::from_scenario(&s).unwrap()
    }

    #[test]
    fn a_logroll_breaks_two_single_issue_deadlocks() {
        // A wants issue 0 high (salience 0.9) and issue 1 low (0.1); B the reverse. With the
        // status quo at (50, 50) each issue alone has no agreement zone (actors on both sides).
        // Jointly, raising both by t gives each 0.9t - 0.1t = 0.8t: the product grows to the
        // corner (100, 100), where both gain 40; e.g. (100, 90) gives 41 and 31, product 1271
        // < 1600.
        let inputs = two_issues(
            [Some(50.0), Some(50.0)],
            &[
                (1.0, [(100.0, 0.9), (0.0, 0.1)]),
                (1.0, [(0.0, 0.1), (100.0, 0.9)]),
            ],
        );
        let per_issue = Nbs::default().run(&inputs).unwrap();
        assert!(
            per_issue
                .forecasts
                .iter()
                .all(|f| matches!(f.status, ForecastStatus::NoAgreementZone { .. }))
        );
        let joint = joint_nbs(&inputs, &[0, 1], None);
        assert!(joint.agreement);
        assert!((joint.outcome[0] - 100.0).abs() < 1e-9, "{joint:?}");
        assert!((joint.outcome[1] - 100.0).abs() < 1e-9, "{joint:?}");
    }

    #[test]
    fn equal_salience_ratios_leave_nothing_to_trade() {
        // Same saliences: every move helps one exactly as much as it hurts the other.
        let inputs = two_issues(
            [Some(50.0), Some(50.0)],
            &[
                (1.0, [(100.0, 1.0), (0.0, 1.0)]),
                (1.0, [(0.0, 1.0), (100.0, 1.0)]),
            ],
        );
        let joint = joint_nbs(&inputs, &[0, 1], None);
        assert!(!joint.agreement);
        assert_eq!(joint.outcome, vec![50.0, 50.0]);
    }

    #[test]
    fn a_consensual_second_issue_reduces_to_the_one_issue_nbs() {
        // Issue 1: both at the status quo 50, so it stays there. Issue 0: SQ 0, A at 80, B at
        // 40, equal weights: the one-issue NBS is B's ideal point 40 (see models::nbs tests).
        let inputs = two_issues(
            [Some(0.0), Some(50.0)],
            &[
                (1.0, [(80.0, 1.0), (50.0, 0.5)]),
                (1.0, [(40.0, 1.0), (50.0, 0.5)]),
            ],
        );
        let joint = joint_nbs(&inputs, &[0, 1], None);
        assert!(joint.agreement);
        assert!((joint.outcome[0] - 40.0).abs() < 1e-9, "{joint:?}");
        assert!((joint.outcome[1] - 50.0).abs() < 1e-9, "{joint:?}");
    }

    #[test]
    fn one_issue_matches_the_issue_by_issue_nbs() {
        // SQ 0; A at 40 (c 1), B at 80 (c 3), salience 1: the NBS is 60 (hand computed in
        // models::nbs). Here the second issue is not part of the link.
        let inputs = two_issues(
            [Some(0.0), None],
            &[
                (1.0, [(40.0, 1.0), (10.0, 1.0)]),
                (3.0, [(80.0, 1.0), (90.0, 1.0)]),
            ],
        );
        let joint = joint_nbs(&inputs, &[0], None);
        let nbs = Nbs::default().run(&inputs).unwrap().forecasts[0].value;
        assert!((joint.outcome[0] - 60.0).abs() < 1e-9 && (nbs - 60.0).abs() < 1e-9);
    }

    #[test]
    fn no_status_quo_uses_least_agreement_and_stays_between_the_ideals() {
        let inputs = two_issues(
            [None, None],
            &[
                (2.0, [(20.0, 0.5), (70.0, 1.0)]),
                (1.0, [(60.0, 1.0), (10.0, 0.2)]),
            ],
        );
        let joint = joint_nbs(&inputs, &[0, 1], None);
        assert!(joint.agreement);
        assert!(
            (20.0 - 1e-6..=60.0 + 1e-6).contains(&joint.outcome[0]),
            "{joint:?}"
        );
        assert!(
            (10.0 - 1e-6..=70.0 + 1e-6).contains(&joint.outcome[1]),
            "{joint:?}"
        );
    }
}
