//! Sobol indices on scenarios, through the real models: a weighted mean by hand, the same
//! result on 1 and 2 threads, finite indices with total at least first order, and the indices
//! put beside the swings and variance shares of `sensitivity`.
#![allow(clippy::unwrap_used)]

use parley_core::estimate::{Distribution, Estimate, Spread};
use parley_core::models;
use parley_core::uncertainty::sensitivity;
use parley_core::uncertainty::sobol::{self, ScenarioSobol, Sobol};
use parley_core::{Actor, Issue, Scenario};

fn triangular(value: f64, low: f64, high: f64) -> Estimate {
    Estimate {
        value,
        spread: Some(Spread {
            low,
            high,
            distribution: Distribution::Triangular,
        }),
        evidence: Default::default(),
    }
}

/// Two issues, three actors, every position ranged +-10 (the Monte Carlo tests' scenario).
fn scenario() -> Scenario {
    let mut s = Scenario::named("sobol");
    s.issues.push(Issue::new("p").with_status_quo(50.0));
    s.issues.push(Issue::new("q").with_status_quo(50.0));
    let specs = [
        ("a", 3.0, [(80.0, 0.8), (20.0, 0.3)]),
        ("b", 2.0, [(20.0, 0.4), (70.0, 0.9)]),
        ("c", 1.0, [(45.0, 0.5), (45.0, 0.5)]),
    ];
    for (id, c, stances) in specs {
        let mut a = Actor::new(id, c);
        for (issue, (x, sal)) in ["p", "q"].iter().zip(stances) {
            a = a.with_stance(*issue, x, sal);
            a.stances[*issue].position = triangular(x, x - 10.0, x + 10.0);
        }
        s.actors.push(a);
    }
    s
}

fn settings(samples: usize, seed: u64) -> Sobol {
    Sobol {
        samples,
        resamples: 100,
        seed,
    }
}

#[test]
fn weighted_mean_by_hand() {
    // Compromise of a (c 1, s 1) and b (c 1, s 1): (x_a + x_b) / 2, additive. x_a triangular on
    // [40, 60] with mode 50: variance (a^2 + b^2 + c^2 - ab - ac - bc) / 18 = 300 / 18;
    // x_b triangular on [0, 30] with mode 0: 900 / 18. So S = ST = 300/1200 = 0.25 for a and
    // 0.75 for b, and Var(Y) = (300 + 900) / 18 / 4 = 16.67.
    let mut s = Scenario::named("hand");
    s.issues.push(Issue::new("p"));
    let mut a = Actor::new("a", 1.0).with_stance("p", 50.0, 1.0);
    a.stances["p"].position = triangular(50.0, 40.0, 60.0);
    let mut b = Actor::new("b", 1.0).with_stance("p", 0.0, 1.0);
    b.stances["p"].position = triangular(0.0, 0.0, 30.0);
    s.actors.extend([a, b]);
    let m: Vec<Box<dyn parley_core::Model>> = vec![Box::new(models::Compromise)];
    let r = sobol::measure(&s, &m, &settings(4096, 3), &|| {}).unwrap();
    assert_eq!(r.inputs, ["a.p.position", "b.p.position"]);
    assert_eq!(r.forecasts, [("compromise".to_owned(), "p".to_owned())]);
    assert_eq!(r.estimates.evaluations, 4096 * 4);
    assert!(
        (r.estimates.variance[0] - 1200.0 / 72.0).abs() < 0.5,
        "{:?}",
        r.estimates
    );
    for (label, want) in [("a.p.position", 0.25), ("b.p.position", 0.75)] {
        let x = r.index("compromise", "p", label).unwrap();
        // 4096 rows: standard errors near 0.01; 0.04 is about four of them.
        assert!((x.s - want).abs() < 0.04, "{label}: {x:?}");
        assert!((x.st - want).abs() < 0.04, "{label}: {x:?}");
        let [lo, hi] = x.st_ci.unwrap();
        assert!(hi - lo < 0.08, "{label}: {x:?}");
    }
}

fn on(threads: usize, s: &Scenario, seed: u64) -> ScenarioSobol {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| sobol::measure(s, &models::all(), &settings(60, seed), &|| {}).unwrap())
}

#[test]
fn every_model_bit_identical_on_1_and_2_threads_finite_and_total_at_least_first_order() {
    let s = scenario();
    let one = on(1, &s, 9);
    let two = on(2, &s, 9);
    let bits = |r: &ScenarioSobol| -> Vec<u64> {
        r.estimates
            .indices
            .iter()
            .flat_map(|x| {
                [x.s, x.st]
                    .into_iter()
                    .chain(x.s_ci.into_iter().flatten())
                    .chain(x.st_ci.into_iter().flatten())
            })
            .chain(r.estimates.variance.iter().copied())
            .map(f64::to_bits)
            .collect()
    };
    assert_eq!(bits(&one), bits(&two));
    assert_eq!(one, two);
    assert_ne!(bits(&one), bits(&on(2, &s, 10)), "the seed matters");
    // 5 models x 2 issues, 6 uncertain positions; 60 x (6 + 2) runs.
    assert_eq!((one.estimates.outputs, one.estimates.inputs), (10, 6));
    assert_eq!(one.estimates.evaluations, 480);
    for x in &one.estimates.indices {
        let [a, b] = x.s_ci.unwrap();
        let [c, d] = x.st_ci.unwrap();
        assert!(
            [x.s, x.st, a, b, c, d].iter().all(|v| v.is_finite()),
            "{x:?}"
        );
        // Total below first order only by sampling error: the two intervals overlap.
        assert!(d >= a, "{x:?}");
    }
}

#[test]
fn progress_counts_rows() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let ticks = AtomicUsize::new(0);
    let m: Vec<Box<dyn parley_core::Model>> = models::all()
        .into_iter()
        .filter(|m| m.info().id == "nbs")
        .collect();
    assert_eq!(m.len(), 1);
    sobol::measure(&scenario(), &m, &settings(37, 1), &|| {
        ticks.fetch_add(1, Ordering::Relaxed);
    })
    .unwrap();
    assert_eq!(ticks.load(Ordering::Relaxed), 37);
}

#[test]
fn sensitivity_carries_the_indices_beside_the_shares() {
    let s = scenario();
    let mut r = sensitivity::measure(&s, &models::all(), 50, 2).unwrap();
    assert!(r.sobol.is_none());
    assert!(r.forecasts.iter().all(|f| f.sobol.is_none()));
    let est = sobol::measure(&s, &models::all(), &settings(40, 2), &|| {}).unwrap();
    r.add_sobol(&est);
    let run = r.sobol.as_ref().unwrap();
    assert_eq!((run.samples, run.runs, run.resamples), (40, 320, 100));
    for f in &r.forecasts {
        // NBS settles on the same point whatever the positions here: nothing to apportion.
        let v = f.sobol.unwrap().variance;
        assert_eq!(v == 0.0, f.model == "nbs", "{} {}: {v}", f.model, f.issue);
        for e in &f.inputs {
            let x = e.sobol.unwrap();
            // The estimate, with estimates and interval ends clamped to [0, 1] (a share).
            let raw = est.index(&f.model, &f.issue, &e.input).unwrap();
            let c = |v: f64| v.clamp(0.0, 1.0);
            let cc = |i: Option<[f64; 2]>| i.map(|[a, b]| [c(a), c(b)]);
            assert_eq!(
                (x.s, x.st, x.s_ci, x.st_ci),
                (c(raw.s), c(raw.st), cc(raw.s_ci), cc(raw.st_ci))
            );
            if v == 0.0 {
                assert_eq!((x.s, x.st), (0.0, 0.0));
            }
        }
    }
}

#[test]
fn an_invalid_scenario_is_an_error() {
    let mut s = scenario();
    s.actors.clear();
    let e = sobol::measure(&s, &models::all(), &settings(10, 1), &|| {});
    assert!(matches!(e, Err(sobol::SobolError::Invalid(_))), "{e:?}");
}
