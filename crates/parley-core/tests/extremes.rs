//! Issue 14, numbers: on every scenario validation accepts, no model or analysis panics or
//! gives NaN or an infinity, and validation refuses what would make them.
//!
//! The grid (`data/extreme_grid.rs`, 4,320 scenarios) crosses tiny and huge scale spans,
//! subnormal numbers and huge capabilities; each accepted scenario runs every model (both EUM
//! variants, both NBS utility shapes, both exchange rates), the analysis (gains, linkage joint
//! NBS, mediation, answers), the bargain analysis, and on a sample Monte Carlo and sensitivity.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::panic::{AssertUnwindSafe, catch_unwind};

use parley_core::models::{self, Eum, Exchange, ExchangeRate, Nbs, UtilityShape};
use parley_core::uncertainty::{MonteCarlo, sensitivity};
use parley_core::{Actor, Issue, Model, Scenario, analyse, bargain::bargain};

include!("data/extreme_grid.rs");
use extreme_grid::{cases, non_finite_tokens};

/// Every model with every variant Parley ships.
fn every_model() -> Vec<Box<dyn Model>> {
    let mut all = models::all();
    all.push(Box::new(Eum::scholz()));
    all.push(Box::new(Nbs {
        utility: UtilityShape::Quadratic,
    }));
    all.push(Box::new(Exchange {
        rate: ExchangeRate::Random { seed: 7 },
        ..Exchange::default()
    }));
    all
}

#[test]
fn validation_accepts_exactly_the_grid_points_within_the_limits() {
    let mut wrong = Vec::new();
    let all = cases();
    assert_eq!(all.len(), 4320);
    for case in &all {
        let problems = case.scenario.validate();
        if problems.is_empty() != case.within_limits {
            wrong.push(format!(
                "{}: within limits {}, problems {:?}",
                case.label,
                case.within_limits,
                problems.iter().map(|p| p.kind.code()).collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} cases:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Runs everything on one scenario; the number of non-finite numbers in the outputs.
fn run_everything(s: &Scenario, uncertainty: bool) -> usize {
    let models = every_model();
    let analysis = analyse(s, &models).expect("valid");
    let mut bad = non_finite_tokens(&format!("{analysis:?}"));
    let b = bargain(s).expect("valid");
    bad += non_finite_tokens(&format!("{b:?}"));
    if uncertainty {
        // A threshold on x's own scale, at its low end: one off the scale is refused, and so
        // is one that decides itself there (">= low" always holds), so "<= low", which holds
        // only for a forecast at that end.
        let low = s
            .issues
            .iter()
            .find(|i| i.id == "x")
            .map_or(0.0, |i| i.scale.min);
        let mc = MonteCarlo { runs: 6, seed: 3 }
            .run(s, &models, &[format!("x <= {low}")], &|| {})
            .expect("runs");
        bad += non_finite_tokens(&format!("{mc:?}"));
        let sens = sensitivity::measure(s, &models, 4, 3).expect("runs");
        bad += non_finite_tokens(&format!("{sens:?}"));
    }
    bad
}

#[test]
fn every_accepted_grid_point_runs_everything_without_panic_or_non_finite_numbers() {
    let mut failures = Vec::new();
    let mut accepted = 0;
    for (k, case) in cases().iter().enumerate() {
        if !case.scenario.validate().is_empty() {
            continue;
        }
        accepted += 1;
        // Monte Carlo and sensitivity run on one point in five (every scale and capability
        // pattern still meets them: the other axes have 5 x 3 values).
        let uncertainty = k % 5 == 0;
        match catch_unwind(AssertUnwindSafe(|| {
            run_everything(&case.scenario, uncertainty)
        })) {
            Ok(0) => {}
            Ok(n) => failures.push(format!("{}: {n} non-finite numbers", case.label)),
            Err(_) => failures.push(format!("{}: panicked", case.label)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {accepted} cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // 6 scales x 3 positions x 4 capability sets x 5 saliences x 3 extras are within limits.
    assert_eq!(accepted, 6 * 3 * 4 * 5 * 3, "accepted grid points");
}

fn two_actors(capability: f64, scale: (f64, f64), positions: (f64, f64)) -> Scenario {
    let mut s = Scenario::named("two");
    s.issues.push(Issue::new("x").with_scale(scale.0, scale.1));
    s.actors
        .push(Actor::new("a", capability).with_stance("x", positions.0, 0.5));
    s.actors
        .push(Actor::new("b", capability).with_stance("x", positions.1, 0.5));
    s
}

fn codes(s: &Scenario) -> Vec<(String, &'static str)> {
    s.validate()
        .into_iter()
        .map(|p| (p.path, p.kind.code()))
        .collect()
}

#[test]
fn capabilities_beyond_the_limit_are_refused_at_the_field() {
    // Issue 14: two actors with capability 1.7e308 gave a compromise of 90 and an exchange
    // forecast of 100 (their products overflowed).
    let s = two_actors(1.7e308, (0.0, 100.0), (10.0, 90.0));
    assert_eq!(
        codes(&s),
        vec![
            (
                "actor[0].capability.value".into(),
                "capability-out-of-range"
            ),
            (
                "actor[1].capability.value".into(),
                "capability-out-of-range"
            ),
        ]
    );
    let s = two_actors(1e-101, (0.0, 100.0), (10.0, 90.0));
    assert_eq!(codes(&s).len(), 2);
}

#[test]
fn equal_capabilities_at_the_limit_meet_halfway() {
    // Equal weights 1e100 x 0.5 on 10 and 90: the weighted mean is (10 + 90) / 2 = 50, and with
    // one issue the exchange model has nothing to trade, so its forecast is that mean too.
    let s = two_actors(1e100, (0.0, 100.0), (10.0, 90.0));
    let a = analyse(&s, &models::all()).unwrap();
    let forecast = |model: &str| {
        let run = a.models.iter().find(|m| m.model == model).unwrap();
        run.forecast["x"]
    };
    // (1e100 is not a power of two: the weighted sums round, so allow a few ulps.)
    assert!((forecast("compromise") - 50.0).abs() < 1e-12);
    assert!((forecast("exchange") - 50.0).abs() < 1e-12);
    for run in &a.models {
        let v = run.forecast["x"];
        assert!((10.0..=90.0).contains(&v), "{}: {v}", run.model);
    }
}

#[test]
fn scales_beyond_the_limits_are_refused_at_the_scale() {
    // Issue 14: [-9e307, 9e307] is wider than f64 can hold as a span (EUM panicked), and
    // [0, 2e-323] holds only 5 floats (chart ticks overflowed).
    for (min, max, code) in [
        (-9e307, 9e307, "scale-too-wide"),
        (0.0, 1e101, "scale-too-wide"),
        (0.0, 2e-323, "scale-too-narrow"),
        (1.0, 1.0 + 2.0 * f64::EPSILON, "scale-too-narrow"),
    ] {
        let s = two_actors(1.0, (min, max), (min, max));
        assert_eq!(
            codes(&s),
            vec![("issue[0].scale".into(), code)],
            "[{min}, {max}]"
        );
    }
}

#[test]
fn the_widest_accepted_scale_gives_finite_forecasts_on_it() {
    // Actors at the two ends of [-1e100, 1e100] with equal weights: the compromise is the middle,
    // internal 50, which is 0 on the scale (-1e100 + 50 / 100 x 2e100).
    let s = two_actors(1.0, (-1e100, 1e100), (-1e100, 1e100));
    let a = analyse(&s, &every_model()).unwrap();
    for run in &a.models {
        let v = run.forecast["x"];
        assert!(
            v.is_finite() && (-1e100..=1e100).contains(&v),
            "{}: {v}",
            run.model
        );
    }
    let compromise = a.models.iter().find(|m| m.model == "compromise").unwrap();
    assert_eq!(compromise.forecast["x"], 0.0);
}

#[test]
fn huge_and_tiny_offending_values_are_shown_short_in_messages() {
    // `--set x.t.salience = 1e308` printed a 309-digit number; every value a message names
    // (out of range, not positive, inverted or outside its range) is written short.
    let mut s = two_actors(1.0, (0.0, 100.0), (10.0, 90.0));
    s.actors[0].stances[0].salience.value = 1e308;
    s.actors[1].capability.value = -1e300;
    s.actors[1].stances[0].position = parley_core::Estimate {
        value: 1e-300,
        spread: Some(parley_core::Spread {
            low: 1e200,
            high: -1e200,
            distribution: parley_core::Distribution::Triangular,
        }),
        evidence: Default::default(),
    };
    let messages: Vec<String> = s.validate().iter().map(|p| p.kind.to_string()).collect();
    assert!(messages.len() >= 3, "{messages:#?}");
    for m in &messages {
        assert!(!m.contains("0000000000"), "a long run of digits in: {m}");
    }
    assert!(
        messages.iter().any(|m| m.contains("1e308")),
        "{messages:#?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("-1e300")),
        "{messages:#?}"
    );
}
