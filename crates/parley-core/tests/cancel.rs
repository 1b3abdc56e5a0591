//! Cooperative cancellation: a cancelled token stops every iterative model, Monte Carlo,
//! sensitivity and an analysis with an error, never a partial result; a token that is not
//! cancelled changes nothing, bit for bit.
#![allow(clippy::unwrap_used)]

use parley_core::estimate::{Distribution, Estimate, Spread};
use parley_core::uncertainty::{McError, MonteCarlo, sensitivity};
use parley_core::{
    Actor, AnalyseError, Cancel, Inputs, Issue, ModelError, Scenario, analyse, analyse_cancellable,
    models,
};

/// `n` actors on `m` issues, positions and saliences spread deterministically, every position
/// with a range (so Monte Carlo and sensitivity have something to draw).
fn scenario(n: usize, m: usize) -> Scenario {
    let mut s = Scenario::named("cancel");
    for j in 0..m {
        s.issues
            .push(Issue::new(format!("i{j}")).with_status_quo(50.0));
    }
    for i in 0..n {
        let mut a = Actor::new(format!("a{i}"), 1.0 + (i % 7) as f64);
        for j in 0..m {
            let x = ((i * 37 + j * 11) % 101) as f64;
            let sal = 0.1 + ((i * 13 + j * 29) % 90) as f64 / 100.0;
            let id = format!("i{j}");
            a = a.with_stance(&id, x, sal);
            a.stances[id.as_str()].position = Estimate {
                value: x,
                spread: Some(Spread {
                    low: (x - 5.0).max(0.0),
                    high: (x + 5.0).min(100.0),
                    distribution: Distribution::Uniform,
                }),
                evidence: Default::default(),
            };
        }
        s.actors.push(a);
    }
    s
}

#[test]
fn a_cancelled_token_stops_every_iterative_model_with_an_error() {
    let s = scenario(6, 3);
    let mut inputs = Inputs::from_scenario(&s).unwrap();
    let cancel = Cancel::new();
    inputs.set_cancel(cancel.clone());
    cancel.cancel();
    for model in models::all() {
        let info = model.info();
        if info.iterative {
            assert_eq!(
                model.run(&inputs).err(),
                Some(ModelError::Cancelled),
                "{}",
                info.id
            );
            assert!(model.run_detailed(&inputs).is_err(), "{}", info.id);
        }
    }
}

#[test]
fn a_live_token_changes_no_result() {
    let s = scenario(6, 3);
    let plain = Inputs::from_scenario(&s).unwrap();
    let mut with = plain.clone();
    with.set_cancel(Cancel::new());
    for model in models::all() {
        assert_eq!(model.run_detailed(&plain), model.run_detailed(&with));
    }
    let all = models::all();
    assert_eq!(
        analyse_cancellable(&s, &all, &Cancel::new()).ok(),
        analyse(&s, &all).ok()
    );
    let mc = MonteCarlo { runs: 40, seed: 7 };
    assert_eq!(
        mc.run_cancellable(&s, &all, &[], &|| {}, &Cancel::new()),
        mc.run(&s, &all, &[], &|| {})
    );
    assert_eq!(
        sensitivity::measure_cancellable(&s, &all, 20, 7, &|| {}, &Cancel::new()),
        sensitivity::measure(&s, &all, 20, 7)
    );
}

#[test]
fn a_cancelled_token_voids_an_analysis_monte_carlo_and_sensitivity() {
    let s = scenario(6, 3);
    let all = models::all();
    let cancel = Cancel::new();
    cancel.cancel();
    assert_eq!(
        analyse_cancellable(&s, &all, &cancel).err(),
        Some(AnalyseError::Cancelled)
    );
    // Compromise alone polls nothing itself: Monte Carlo still stops at the next run.
    let compromise = vec![models::by_id("compromise").unwrap()];
    let mc = MonteCarlo { runs: 40, seed: 7 };
    for chosen in [&all, &compromise] {
        assert!(matches!(
            mc.run_cancellable(&s, chosen, &[], &|| {}, &cancel),
            Err(McError::Model {
                source: ModelError::Cancelled,
                ..
            })
        ));
        assert!(matches!(
            sensitivity::measure_cancellable(&s, chosen, 20, 7, &|| {}, &cancel),
            Err(McError::Model {
                source: ModelError::Cancelled,
                ..
            })
        ));
    }
}

#[test]
fn a_deadline_stops_a_long_exchange_run() {
    // 120 actors on 8 issues: the exchange model's rounds take far longer than the deadline
    // (its cost estimate is in the minutes); the run must come back cancelled, not finish.
    let s = scenario(120, 8);
    let mut inputs = Inputs::from_scenario(&s).unwrap();
    inputs.set_cancel(Cancel::with_deadline(
        std::time::Instant::now() + std::time::Duration::from_millis(200),
    ));
    let exchange = models::by_id("exchange").unwrap();
    assert_eq!(exchange.run(&inputs).err(), Some(ModelError::Cancelled));
}

#[test]
fn an_observed_analysis_names_each_model_as_it_starts_and_is_the_same() {
    let s = scenario(12, 3);
    let all = models::all();
    let mut seen = Vec::new();
    let observed = parley_core::analyse_observed(&s, &all, &mut |start| {
        seen.push((start.model.to_owned(), start.index, start.of));
    })
    .unwrap();
    let expected: Vec<(String, usize, usize)> = all
        .iter()
        .enumerate()
        .map(|(i, m)| (m.info().id.to_owned(), i, all.len()))
        .collect();
    assert_eq!(seen, expected);
    assert_eq!(observed, analyse(&s, &all).unwrap());
}
