//! Property tests of the collective-decision models on random valid scenarios.
//!
//! Scenarios have 1-8 actors and 1-4 issues on random scales (0-100 and others, some far from
//! it), an optional status quo, capabilities in `(0, 1000]`, saliences in `[0, 1]` with many
//! exact zeros and ones, and actors left out of some issues (every issue keeps at least one
//! involved actor, as validation requires). Positions and status quos are often placed on the
//! scale's ends or its middle so that ties and actors sitting on the status quo come up.
//!
//! Every property is checked for [`Compromise`] and for [`Nbs`] with both utility shapes, except
//! the NBS-specific ones. Forecasts are compared on the internal 0-100 scale with [`TOL`].
//!
//! Run more cases with `PROPTEST_CASES=10000 cargo test -p parley-core --test properties`.

use parley_core::issue::INTERNAL_MAX;
use parley_core::models::{Compromise, Nbs, UtilityShape};
use parley_core::{
    Actor, ForecastStatus, Inputs, Issue, IssueForecast, Model, ModelError, Outcome, Scenario,
};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;

/// Tolerance on the internal 0-100 scale: 1e-9 of the scale's width.
const TOL: f64 = 1e-9 * INTERNAL_MAX;

/// 256 cases per property (proptest's default, overridable with `PROPTEST_CASES`), and no
/// regression files written next to this file: a failing case is printed, minimal, instead.
fn config() -> Config {
    Config {
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Generated scenarios
// ---------------------------------------------------------------------------------------------

/// An issue as generated: its scale and optional status quo (on that scale).
#[derive(Debug, Clone)]
struct IssueSpec {
    min: f64,
    max: f64,
    status_quo: Option<f64>,
}

/// An actor as generated: id, capability and, per issue, `(position, salience)` or not involved.
#[derive(Debug, Clone)]
struct ActorSpec {
    id: String,
    capability: f64,
    stances: Vec<Option<(f64, f64)>>,
}

/// A whole scenario as plain numbers, easy to permute and edit before building.
#[derive(Debug, Clone)]
struct Spec {
    issues: Vec<IssueSpec>,
    actors: Vec<ActorSpec>,
}

fn issue_id(j: usize) -> String {
    format!("i{j}")
}

/// The point a fraction `t` of the way along `[min, max]`, kept on the scale despite rounding.
fn at(min: f64, max: f64, t: f64) -> f64 {
    (min + t * (max - min)).clamp(min, max)
}

/// A fraction of a scale, often exactly an end or the middle.
fn fraction() -> impl Strategy<Value = f64> {
    prop_oneof![
        1 => Just(0.0),
        1 => Just(0.5),
        1 => Just(1.0),
        5 => 0.0f64..=1.0,
    ]
}

/// An issue scale: the default, a few usual ones, and random ones of very different widths.
fn scale() -> impl Strategy<Value = (f64, f64)> {
    prop_oneof![
        2 => Just((0.0, 100.0)),
        1 => Just((0.0, 1.0)),
        1 => Just((4.0, 10.0)),
        1 => Just((-1.0, 1.0)),
        3 => (-1000.0f64..1000.0, 0.01f64..10_000.0).prop_map(|(min, w)| (min, min + w)),
    ]
}

/// A capability in `(0, 1000]`.
fn capability() -> impl Strategy<Value = f64> {
    prop_oneof![
        1 => Just(1000.0),
        1 => Just(1.0),
        6 => 0.001f64..=1000.0,
    ]
}

/// A salience in `[0, 1]`, often exactly 0 or 1.
fn salience() -> impl Strategy<Value = f64> {
    prop_oneof![
        2 => Just(0.0),
        1 => Just(1.0),
        5 => 0.0f64..=1.0,
    ]
}

fn issue_spec() -> impl Strategy<Value = IssueSpec> {
    (scale(), prop::option::weighted(0.6, fraction())).prop_map(|((min, max), sq)| IssueSpec {
        min,
        max,
        status_quo: sq.map(|t| at(min, max, t)),
    })
}

/// A random valid scenario.
fn spec() -> impl Strategy<Value = Spec> {
    spec_with_actors(1)
}

/// A random valid scenario with at least `min_actors` (at most 8) actors.
fn spec_with_actors(min_actors: usize) -> impl Strategy<Value = Spec> {
    (min_actors..=8, 1usize..=4).prop_flat_map(|(n, m)| {
        // Per actor: capability and, per issue, (involved?, position fraction, salience).
        let actor = (
            capability(),
            prop::collection::vec((prop::bool::weighted(0.75), fraction(), salience()), m),
        );
        (
            prop::collection::vec(issue_spec(), m),
            prop::collection::vec(actor, n),
            // Per issue, the actor made involved if the draw left the issue without one.
            prop::collection::vec(0..n, m),
        )
            .prop_map(|(issues, raw_actors, anchors)| {
                let mut involved: Vec<Vec<bool>> = raw_actors
                    .iter()
                    .map(|(_, st)| st.iter().map(|&(inv, _, _)| inv).collect())
                    .collect();
                for (j, &a) in anchors.iter().enumerate() {
                    if !involved.iter().any(|row| row[j]) {
                        involved[a][j] = true;
                    }
                }
                let actors = raw_actors
                    .iter()
                    .enumerate()
                    .map(|(i, (c, st))| ActorSpec {
                        id: format!("a{i}"),
                        capability: *c,
                        stances: st
                            .iter()
                            .enumerate()
                            .map(|(j, &(_, t, s))| {
                                let is = &issues[j];
                                involved[i][j].then(|| (at(is.min, is.max, t), s))
                            })
                            .collect(),
                    })
                    .collect();
                Spec { issues, actors }
            })
    })
}

fn build(spec: &Spec) -> Scenario {
    let mut s = Scenario::named("property");
    for (j, is) in spec.issues.iter().enumerate() {
        let issue = Issue::new(issue_id(j)).with_scale(is.min, is.max);
        s.issues.push(match is.status_quo {
            Some(q) => issue.with_status_quo(q),
            None => issue,
        });
    }
    for a in &spec.actors {
        let mut actor = Actor::new(a.id.clone(), a.capability);
        for (j, st) in a.stances.iter().enumerate() {
            if let Some((x, sal)) = *st {
                actor = actor.with_stance(issue_id(j), x, sal);
            }
        }
        s.actors.push(actor);
    }
    s
}

/// The inputs of a generated scenario; a generated scenario that fails validation is a bug in
/// the generator (or in validation), reported with the problems.
fn inputs(spec: &Spec) -> Inputs {
    Inputs::from_scenario(&build(spec))
        .unwrap_or_else(|e| panic!("generated scenario should be valid: {e}\n{spec:#?}"))
}

/// The models under test, with a name for messages.
fn models() -> Vec<(&'static str, Box<dyn Model>)> {
    vec![
        ("compromise", Box::new(Compromise)),
        (
            "nbs-linear",
            Box::new(Nbs {
                utility: UtilityShape::Linear,
            }),
        ),
        (
            "nbs-quadratic",
            Box::new(Nbs {
                utility: UtilityShape::Quadratic,
            }),
        ),
    ]
}

/// The NBS variants only.
fn nbs_models() -> Vec<(&'static str, Nbs)> {
    vec![
        (
            "nbs-linear",
            Nbs {
                utility: UtilityShape::Linear,
            },
        ),
        (
            "nbs-quadratic",
            Nbs {
                utility: UtilityShape::Quadratic,
            },
        ),
    ]
}

fn run(model: &dyn Model, inputs: &Inputs) -> Result<Outcome, ModelError> {
    model.run(inputs)
}

/// Positions of the actors on issue `j` who are involved with positive salience.
fn caring_positions(inputs: &Inputs, j: usize) -> Vec<f64> {
    let (xs, ss, inv) = (inputs.positions(j), inputs.saliences(j), inputs.involved(j));
    (0..inputs.n_actors())
        .filter(|&i| inv[i] && ss[i] > 0.0)
        .map(|i| xs[i])
        .collect()
}

/// Ideal points of the actors with positive weight (capability x salience) on issue `j`: the
/// actors NBS lets bargain.
fn weighted_positions(inputs: &Inputs, j: usize) -> Vec<f64> {
    let (xs, ss, inv, cs) = (
        inputs.positions(j),
        inputs.saliences(j),
        inputs.involved(j),
        inputs.capabilities(),
    );
    (0..inputs.n_actors())
        .filter(|&i| inv[i] && cs[i] * ss[i] > 0.0)
        .map(|i| xs[i])
        .collect()
}

/// Whether two statuses are the same once actor indices of `b` are mapped through `map` to
/// those of `a`.
fn same_status(a: &ForecastStatus, b: &ForecastStatus, map: impl Fn(usize) -> usize) -> bool {
    let sorted = |v: &[usize], f: &dyn Fn(usize) -> usize| {
        let mut v: Vec<usize> = v.iter().map(|&i| f(i)).collect();
        v.sort_unstable();
        v
    };
    match (a, b) {
        (
            ForecastStatus::NoAgreementZone {
                blocking_rise: ra,
                blocking_fall: fa,
            },
            ForecastStatus::NoAgreementZone {
                blocking_rise: rb,
                blocking_fall: fb,
            },
        ) => sorted(ra, &|i| i) == sorted(rb, &map) && sorted(fa, &|i| i) == sorted(fb, &map),
        _ => a == b,
    }
}

/// Asserts two runs give the same forecasts within [`TOL`] and the same statuses (actor indices
/// of `b` mapped through `map`).
fn assert_same_forecasts(
    name: &str,
    what: &str,
    a: &[IssueForecast],
    b: &[IssueForecast],
    map: impl Fn(usize) -> usize + Copy,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        a.len(),
        b.len(),
        "{}: {}: different number of forecasts",
        name,
        what
    );
    for (j, (fa, fb)) in a.iter().zip(b).enumerate() {
        prop_assert!(
            (fa.value - fb.value).abs() <= TOL,
            "{name}: {what} moved the forecast on issue {j}: {} -> {} (difference {:e})",
            fa.value,
            fb.value,
            (fa.value - fb.value).abs()
        );
        prop_assert!(
            same_status(&fa.status, &fb.status, map),
            "{name}: {what} changed the status on issue {j}: {:?} -> {:?}",
            fa.status,
            fb.status
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Properties of every model
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Every forecast is finite and, when some involved actor cares about the issue, lies
    /// between the positions of those who do. Without anyone caring, it stays on the scale.
    #[test]
    fn forecasts_lie_within_the_positions_of_those_who_care(spec in spec()) {
        let inputs = inputs(&spec);
        for (name, model) in models() {
            let out = run(model.as_ref(), &inputs)?;
            prop_assert_eq!(out.forecasts.len(), inputs.n_issues(), "{}: one forecast per issue", name);
            for (j, f) in out.forecasts.iter().enumerate() {
                prop_assert!(f.value.is_finite(), "{name}: forecast on issue {j} is {}", f.value);
                let xs = caring_positions(&inputs, j);
                if xs.is_empty() {
                    prop_assert_eq!(&f.status, &ForecastStatus::NoSalience, "{}: issue {}", name, j);
                    prop_assert!(
                        (-TOL..=INTERNAL_MAX + TOL).contains(&f.value),
                        "{name}: fallback forecast {} on issue {j} is off the scale", f.value
                    );
                } else {
                    let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
                    let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    prop_assert!(
                        f.value >= lo - TOL && f.value <= hi + TOL,
                        "{name}: forecast {} on issue {j} is outside [{lo}, {hi}], the positions \
                         of the actors who care ({:?})", f.value, f.status
                    );
                }
            }
        }
    }

    /// The order in which actors are listed does not matter. Forecasts are compared within
    /// `TOL`, not exactly: the weighted sums (the compromise's numerator and denominator, the
    /// NBS's slope) add the same terms in another order, and floating-point addition is not
    /// associative, so the last bits can differ (and the NBS bisection can then stop an ulp or
    /// so away). Statuses must match exactly, with blocking actors' indices mapped back.
    #[test]
    fn actor_order_does_not_matter(
        (spec, perm) in spec().prop_flat_map(|s| {
            let n = s.actors.len();
            (Just(s), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        })
    ) {
        let mut permuted = spec.clone();
        permuted.actors = perm.iter().map(|&i| spec.actors[i].clone()).collect();
        let (a, b) = (inputs(&spec), inputs(&permuted));
        for (name, model) in models() {
            let (fa, fb) = (run(model.as_ref(), &a)?, run(model.as_ref(), &b)?);
            let what = format!("permuting the actors by {perm:?}");
            assert_same_forecasts(name, &what, &fa.forecasts, &fb.forecasts, |k| perm[k])?;
        }
    }

    /// Capabilities are relative: multiplying them all by one positive constant changes
    /// nothing (within `TOL`, since each product c * k * s rounds on its own).
    #[test]
    fn scaling_all_capabilities_changes_nothing(
        spec in spec(),
        k in prop_oneof![Just(2.0), Just(0.5), Just(1000.0), 1e-3f64..1e3],
    ) {
        let mut scaled = spec.clone();
        for a in &mut scaled.actors {
            a.capability *= k;
        }
        let (a, b) = (inputs(&spec), inputs(&scaled));
        for (name, model) in models() {
            let (fa, fb) = (run(model.as_ref(), &a)?, run(model.as_ref(), &b)?);
            let what = format!("scaling capabilities by {k}");
            assert_same_forecasts(name, &what, &fa.forecasts, &fb.forecasts, |i| i)?;
        }
    }

    /// An actor with salience 0 on an issue has no influence on it: moving its position there,
    /// or dropping its stance altogether, leaves every forecast exactly as it was. (This needs
    /// another actor with positive salience on the issue, so one is made to care if none does:
    /// when nobody cares, the documented fallback without a status quo is the
    /// capability-weighted mean of *all* involved actors' positions, which by design depends on
    /// it.)
    #[test]
    fn zero_salience_has_no_influence(
        mut spec in spec_with_actors(2),
        issue in any::<Index>(),
        actor in any::<Index>(),
        t0 in fraction(),
        t1 in fraction(),
        other in (fraction(), 0.001f64..=1.0),
    ) {
        let (n, j) = (spec.actors.len(), issue.index(spec.issues.len()));
        let i = actor.index(n);
        let is = spec.issues[j].clone();
        let others_care = spec.actors.iter().enumerate().any(|(k, a)| {
            k != i && a.stances[j].is_some_and(|(_, s)| s > 0.0)
        });
        if !others_care {
            spec.actors[(i + 1) % n].stances[j] = Some((at(is.min, is.max, other.0), other.1));
        }
        let with_position = |t: Option<f64>| {
            let mut s = spec.clone();
            s.actors[i].stances[j] = t.map(|t| (at(is.min, is.max, t), 0.0));
            inputs(&s)
        };
        let base = with_position(Some(t0));
        let moved = with_position(Some(t1));
        let dropped = with_position(None);
        for (name, model) in models() {
            let fb = run(model.as_ref(), &base)?.forecasts;
            let fm = run(model.as_ref(), &moved)?.forecasts;
            let fd = run(model.as_ref(), &dropped)?.forecasts;
            prop_assert_eq!(
                &fb, &fm,
                "{}: moving actor {} (salience 0) on issue {} from {} to {} changed the forecasts",
                name, i, j, at(is.min, is.max, t0), at(is.min, is.max, t1)
            );
            prop_assert_eq!(
                &fb, &fd,
                "{}: dropping the salience-0 stance of actor {} on issue {} changed the forecasts",
                name, i, j
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// NBS-specific properties
// ---------------------------------------------------------------------------------------------

/// Alternatives tested against a forecast: a grid over the internal scale, every bargainer's
/// ideal point and the status quo.
fn alternatives(xs: &[f64], sq: Option<f64>) -> Vec<f64> {
    let mut ys: Vec<f64> = (0..=400)
        .map(|k| f64::from(k) * INTERNAL_MAX / 400.0)
        .collect();
    ys.extend_from_slice(xs);
    ys.extend(sq);
    ys
}

proptest! {
    #![proptest_config(config())]

    /// The NBS is Pareto-optimal among the tested alternatives: no alternative is weakly
    /// preferred by every positively-weighted actor and strictly (by more than `TOL`) by one.
    /// When a status quo is given and the issue settles, every positively-weighted actor weakly
    /// prefers the forecast to it; and when the model reports no agreement zone, no alternative
    /// away from the status quo is weakly preferred to it by all.
    #[test]
    fn nbs_is_pareto_optimal_and_individually_rational(spec in spec()) {
        let inputs = inputs(&spec);
        for (name, model) in nbs_models() {
            let out = model.run(&inputs)?;
            for (j, fc) in out.forecasts.iter().enumerate() {
                let xs = weighted_positions(&inputs, j);
                if xs.is_empty() {
                    continue;
                }
                let f = fc.value;
                let sq = inputs.status_quo(j);
                for y in alternatives(&xs, sq) {
                    let all_weakly = xs.iter().all(|&x| (y - x).abs() <= (f - x).abs());
                    let one_strictly = xs.iter().any(|&x| (y - x).abs() < (f - x).abs() - TOL);
                    prop_assert!(
                        !(all_weakly && one_strictly),
                        "{name}: issue {j}: {y} Pareto-dominates the forecast {f} ({:?}) for \
                         ideal points {xs:?}", fc.status
                    );
                }
                match (&fc.status, sq) {
                    (ForecastStatus::Settled, Some(q)) => {
                        for &x in &xs {
                            prop_assert!(
                                (f - x).abs() <= (q - x).abs() + TOL,
                                "{name}: issue {j}: the actor at {x} prefers the status quo {q} \
                                 to the forecast {f}"
                            );
                        }
                    }
                    (ForecastStatus::NoAgreementZone { .. }, q) => {
                        let Some(q) = q else {
                            return Err(TestCaseError::fail(format!(
                                "{name}: issue {j}: no agreement zone reported without a status quo"
                            )));
                        };
                        prop_assert_eq!(f, q, "{}: issue {}: no agreement but not the status quo", name, j);
                        for y in alternatives(&xs, None) {
                            let all_accept = xs.iter().all(|&x| (y - x).abs() <= (q - x).abs());
                            prop_assert!(
                                !all_accept || (y - q).abs() <= TOL,
                                "{name}: issue {j}: no agreement zone reported, yet every actor \
                                 (ideal points {xs:?}) weakly prefers {y} to the status quo {q}"
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// Two actors with equal capability x salience at `m - d` and `m + d` on a random scale: the
/// first has capability `c` and salience `s / 2^k`, the second capability `c / 2^k` and
/// salience `s`, so the products are bit-for-bit equal. Returns the inputs and the midpoint of
/// the two internal positions.
fn symmetric_pair(
    (min, max): (f64, f64),
    tm: f64,
    td: f64,
    c: f64,
    s: f64,
    k: i32,
    status_quo_at_midpoint: bool,
) -> (Inputs, f64) {
    let m = at(min, max, tm);
    let d = td * (m - min).min(max - m);
    let (xa, xb) = ((m - d).clamp(min, max), (m + d).clamp(min, max));
    let f = 2f64.powi(k);
    let issue = Issue::new("x").with_scale(min, max);
    let mut sc = Scenario::named("pair");
    sc.issues.push(if status_quo_at_midpoint {
        issue.with_status_quo(m)
    } else {
        issue
    });
    sc.actors
        .push(Actor::new("a", c).with_stance("x", xa, s / f));
    sc.actors
        .push(Actor::new("b", c / f).with_stance("x", xb, s));
    let inputs = Inputs::from_scenario(&sc).unwrap_or_else(|e| panic!("{e}"));
    let (pa, pb) = (inputs.positions(0)[0], inputs.positions(0)[1]);
    (inputs, 0.5 * (pa + pb))
}

proptest! {
    #![proptest_config(config())]

    /// Two symmetric actors with the status quo at their midpoint: the NBS (and the compromise)
    /// is the midpoint.
    #[test]
    fn symmetric_pair_with_status_quo_at_midpoint_gets_the_midpoint(
        scale in scale(), tm in fraction(), td in fraction(),
        c in capability(), s in 0.01f64..=1.0, k in 0i32..=3,
    ) {
        let (inputs, mid) = symmetric_pair(scale, tm, td, c, s, k, true);
        for (name, model) in models() {
            let f = run(model.as_ref(), &inputs)?.forecasts[0].clone();
            prop_assert!(
                (f.value - mid).abs() <= TOL,
                "{name}: symmetric pair at {:?} with status quo {:?}: forecast {} ({:?}), \
                 midpoint {mid}", inputs.positions(0), inputs.status_quo(0), f.value, f.status
            );
        }
    }

    /// Two symmetric actors without a status quo: the NBS (and the compromise) is the midpoint.
    #[test]
    fn symmetric_pair_without_status_quo_gets_the_midpoint(
        scale in scale(), tm in fraction(), td in fraction(),
        c in capability(), s in 0.01f64..=1.0, k in 0i32..=3,
    ) {
        let (inputs, mid) = symmetric_pair(scale, tm, td, c, s, k, false);
        for (name, model) in models() {
            let f = run(model.as_ref(), &inputs)?.forecasts[0].clone();
            prop_assert!(
                (f.value - mid).abs() <= TOL,
                "{name}: symmetric pair at {:?} without status quo: forecast {} ({:?}), \
                 midpoint {mid}", inputs.positions(0), f.value, f.status
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Joint NBS over linked issues
// ---------------------------------------------------------------------------------------------

/// Each party's gain over the status quo (common linear yardstick) at `x` (one value per
/// linked issue), given the scenario's status quos.
fn joint_gains(inputs: &Inputs, issues: &[usize], parties: &[usize], x: &[f64]) -> Vec<f64> {
    parties
        .iter()
        .map(|&i| {
            issues
                .iter()
                .zip(x)
                .map(|(&j, &xj)| {
                    let (ideal, s) = (inputs.positions(j)[i], inputs.saliences(j)[i]);
                    let q = inputs.status_quo(j).unwrap_or(xj);
                    s * ((q - ideal).abs() - (xj - ideal).abs())
                })
                .sum()
        })
        .collect()
}

/// Every issue of a spec gets a status quo (the joint NBS's disagreement point).
fn with_status_quos(mut spec: Spec, at_fraction: f64) -> Spec {
    for issue in &mut spec.issues {
        if issue.status_quo.is_none() {
            issue.status_quo = Some(at(issue.min, issue.max, at_fraction));
        }
    }
    spec
}

proptest! {
    #![proptest_config(config())]

    /// The joint NBS over all issues leaves no party worse off than the status quo, and no
    /// grid point of the issue space makes every party at least as well off and one better.
    #[test]
    fn joint_nbs_is_individually_rational_and_pareto_optimal(
        spec in spec_with_actors(2), t in fraction(),
    ) {
        let spec = with_status_quos(spec, t);
        let inputs = inputs(&spec);
        let issues: Vec<usize> = (0..inputs.n_issues()).collect();
        let joint = parley_core::linkage::joint_nbs(&inputs, &issues, None);
        let gains = joint_gains(&inputs, &issues, &joint.parties, &joint.outcome);
        for (p, g) in joint.parties.iter().zip(&gains) {
            prop_assert!(*g >= -1e-6, "party {p} loses {g} at {:?}", joint.outcome);
        }
        if !joint.agreement {
            return Ok(());
        }
        // A coarse grid (11 points per issue, at most 4 issues): no point dominates.
        let k = issues.len();
        let points = 11usize.pow(k as u32);
        for code in 0..points {
            let mut rest = code;
            let y: Vec<f64> = (0..k).map(|_| { let v = (rest % 11) as f64 * 10.0; rest /= 11; v }).collect();
            let other = joint_gains(&inputs, &issues, &joint.parties, &y);
            let weakly = other.iter().zip(&gains).all(|(o, g)| *o >= *g - 1e-9);
            let strictly = other.iter().zip(&gains).any(|(o, g)| *o > *g + 1e-4);
            prop_assert!(!(weakly && strictly), "{y:?} dominates {:?}: {other:?} vs {gains:?}", joint.outcome);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Exchange model
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Every realised exchange leaves both partners better off (positive gain), is between
    /// actors whose salience ratios differ, gives ground on different issues, and never moves a
    /// voting position off the scale; forecasts stay on the scale.
    #[test]
    fn exchanges_are_mutually_profitable(spec in spec_with_actors(2)) {
        use parley_core::model::Details;
        use parley_core::models::Exchange;
        let inputs = inputs(&spec);
        let model = Exchange { rounds: 3, ..Exchange::default() };
        let detailed = model.run_detailed(&inputs).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let Some(Details::Exchanges { rounds }) = detailed.details else {
            return Err(TestCaseError::fail("no trades reported"));
        };
        for t in rounds.iter().flat_map(|r| &r.trades) {
            prop_assert!(t.i.gain > 0.0 && t.j.gain > 0.0, "{t:?}");
            prop_assert!(t.i.supply != t.j.supply, "{t:?}");
            let ratio = |a: usize| inputs.saliences(t.i.demand)[a] / inputs.saliences(t.i.supply)[a];
            prop_assert!(ratio(t.i.actor) != ratio(t.j.actor), "{t:?}");
            prop_assert!(ratio(t.i.actor) > ratio(t.j.actor), "the demander of P cares relatively more about P: {t:?}");
            for v in [t.i.voting, t.j.voting] {
                prop_assert!((0.0..=INTERNAL_MAX).contains(&v), "{t:?}");
            }
        }
        for f in &detailed.outcome.forecasts {
            prop_assert!(f.value.is_finite() && (0.0..=INTERNAL_MAX).contains(&f.value), "{f:?}");
        }
    }
}

proptest! {
    #![proptest_config(config())]

    /// The quick agreement test answers exactly as the full joint NBS.
    #[test]
    fn agreement_test_matches_the_joint_nbs(spec in spec_with_actors(2), t in fraction()) {
        let spec = with_status_quos(spec, t);
        let inputs = inputs(&spec);
        let issues: Vec<usize> = (0..inputs.n_issues()).collect();
        let full = parley_core::linkage::joint_nbs(&inputs, &issues, None).agreement;
        prop_assert_eq!(full, parley_core::linkage::agreement_exists(&inputs, &issues, None));
    }
}
