//! Property tests of strategy advice (`parley_core::advise`) on random scenarios, every model.
//!
//! - A lever on an actor with zero salience everywhere never matters: no reported position
//!   move of it changes a forecast, and re-running the models with its position moved changes
//!   nothing. This holds for compromise, NBS, EUM and exchange. It does not hold for KTAB's
//!   SMP, and the test exempts it: there every actor's position is an option in the
//!   probabilistic Condorcet election whether or not its holder cares, so moving an
//!   indifferent actor's position changes the options others vote on (found by this test;
//!   KTAB's design, not a bug).
//! - The best proposal is inside every party's acceptance set: each party weakly prefers it to
//!   each model's forecast without a deal (the robust package against every model, each
//!   model's own package against that model).
//! - Advising the median voter in a one-issue compromise scenario (symmetric about it, so the
//!   compromise is its position) returns its own position.
//!
//! Run more cases with `PROPTEST_CASES=256 cargo test -p parley-core --test advise`.
#![allow(clippy::unwrap_used)]

use parley_core::advise::{self, Settings};
use parley_core::models::Compromise;
use parley_core::{Actor, Cancel, Estimate, Issue, Linkage, Model, Scenario, Spread};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Each case runs every model dozens of times: 32 cases by default.
fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(32),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Actors as `(capability, [(position, salience)] per issue)`, all on 0-100 scales.
type Actors = Vec<(f64, Vec<(f64, f64)>)>;

fn actors(issues: usize, n: std::ops::Range<usize>) -> impl Strategy<Value = Actors> {
    prop::collection::vec(
        (
            1.0..100.0f64,
            prop::collection::vec((0.0..=100.0f64, 0.05..=1.0f64), issues),
        ),
        n,
    )
}

fn scenario(issues: usize, actors: &Actors, status_quo: Option<f64>) -> Scenario {
    let mut s = Scenario::named("generated");
    let ids: Vec<String> = (0..issues).map(|j| format!("i{j}")).collect();
    for id in &ids {
        let mut issue = Issue::new(id.clone());
        if let Some(q) = status_quo {
            issue = issue.with_status_quo(q);
        }
        s.issues.push(issue);
    }
    for (k, (c, stances)) in actors.iter().enumerate() {
        let mut a = Actor::new(format!("a{k}"), *c);
        for (id, &(p, sal)) in ids.iter().zip(stances) {
            a = a.with_stance(id.clone(), p, sal);
        }
        s.actors.push(a);
    }
    if issues >= 2 {
        s.linkages.push(Linkage {
            id: "all".into(),
            name: "all".into(),
            issues: ids,
            evidence: Default::default(),
        });
    }
    s
}

/// Parley's yardstick on the given issues, 0-100 scales: `-sum s |x - p| / 100`.
fn utility(s: &Scenario, actor: &str, x: &indexmap::IndexMap<String, f64>) -> f64 {
    let a = s.actors.iter().find(|a| a.id == actor).unwrap();
    -x.iter()
        .filter_map(|(issue, v)| {
            let st = a.stances.get(issue)?;
            Some(st.salience.value * (v - st.position.value).abs())
        })
        .sum::<f64>()
        / 100.0
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_lever_on_an_actor_with_zero_salience_everywhere_never_matters(
        issues in 1usize..=2,
        others in actors(2, 2..4),
        z_positions in prop::collection::vec(0.0..=100.0f64, 2),
    ) {
        let mut s = scenario(issues, &others, None);
        let mut z = Actor::new("z", 50.0);
        for (j, &p) in z_positions.iter().enumerate().take(issues) {
            z = z.with_stance(format!("i{j}"), p, 0.0);
            z.stances[j].position.spread = Some(Spread {
                low: 0.0,
                high: 100.0,
                distribution: parley_core::Distribution::Uniform,
            });
        }
        s.actors.push(z);
        let models = parley_core::models::all();
        let settings = Settings {
            top: usize::MAX,
            budget: Some(0.5),
            ..Settings::new("a0")
        };
        let advice = advise::advise(&s, &models, &settings, None, &Cancel::never()).unwrap();
        for l in &advice.levers {
            // Under SMP a position is an option in the vote whoever holds it, so only the
            // other models count here (see the module doc).
            let matters = l.effects.iter().any(|e| e.model != "smp" && e.effect != 0.0);
            prop_assert!(
                !(l.actor == "z" && l.field == advise::Field::Position && matters),
                "{l:?}"
            );
        }
        // And moved directly, to either end of the scale, it changes no forecast.
        for j in 0..issues {
            for to in [0.0, 100.0] {
                let edit = format!("z.i{j}.position = {to}");
                let effects = advise::try_edits(&s, &models, &settings, std::slice::from_ref(&edit), &Cancel::never()).unwrap();
                for (e, b) in effects.iter().zip(&advice.baseline) {
                    if e.model == "smp" {
                        continue;
                    }
                    prop_assert_eq!(&e.forecast, &b.forecast, "{} under {}", e.model, edit);
                    prop_assert_eq!(e.effect, 0.0);
                }
            }
        }
    }

    #[test]
    fn the_best_proposal_is_inside_every_party_s_acceptance_set(
        issues in 1usize..=2,
        actors in actors(2, 2..5),
        status_quo in prop::option::of(0.0..=100.0f64),
    ) {
        let s = scenario(issues, &actors, status_quo);
        let models = parley_core::models::all();
        let advice = advise::advise(&s, &models, &Settings::new("a0"), None, &Cancel::never()).unwrap();
        for set in &advice.proposals {
            let without = |model: &str| -> indexmap::IndexMap<String, f64> {
                let b = advice.baseline.iter().find(|b| b.model == model).unwrap();
                set.issues.iter().map(|i| (i.clone(), b.forecast[i])).collect()
            };
            let accepts = |party: &str, package: &indexmap::IndexMap<String, f64>, model: &str| {
                utility(&s, party, package) >= utility(&s, party, &without(model)) - 1e-9
            };
            if let Some(r) = &set.robust {
                for party in &set.parties {
                    for b in &advice.baseline {
                        prop_assert!(accepts(party, &r.position, &b.model), "{party} vs {}: {set:?}", b.model);
                    }
                }
            }
            for m in &set.per_model {
                let p = m.package.as_ref().unwrap();
                for party in &set.parties {
                    prop_assert!(accepts(party, &p.position, &m.model), "{party} vs {}: {set:?}", m.model);
                }
            }
        }
    }

    #[test]
    fn advising_the_median_voter_under_compromise_returns_its_own_position(
        median in 10.0..=90.0f64,
        median_weight in (1.0..100.0f64, 0.05..=1.0f64),
        pairs in prop::collection::vec((0.5..=10.0f64, 1.0..100.0f64, 0.05..=1.0f64), 1..4),
    ) {
        // Pairs sit symmetrically about the median actor with equal capability and salience,
        // so the compromise (the capability x salience weighted mean) is the median's position.
        let mut s = Scenario::named("median");
        s.issues.push(Issue::new("x"));
        s.actors.push(Actor::new("m", median_weight.0).with_stance("x", median, median_weight.1));
        for (k, &(d, c, sal)) in pairs.iter().enumerate() {
            s.actors.push(Actor::new(format!("lo{k}"), c).with_stance("x", median - d, sal));
            s.actors.push(Actor::new(format!("hi{k}"), c).with_stance("x", median + d, sal));
        }
        s.actors[0].stances[0].position = Estimate::point(median);
        let models: Vec<Box<dyn Model>> = vec![Box::new(Compromise)];
        let advice = advise::advise(&s, &models, &Settings::new("m"), None, &Cancel::never()).unwrap();
        let set = advice.proposals.iter().find(|p| p.label == "x").unwrap();
        let r = set.robust.as_ref().unwrap();
        prop_assert!((r.position["x"] - median).abs() < 1e-9, "{r:?}");
    }
}

/// Same scenario and seed, bit-identical advice on one thread and on two: candidates, partners
/// and Monte Carlo draws are evaluated in parallel but collected in order.
#[test]
fn advice_is_bit_identical_on_one_and_two_threads() {
    let actors: Actors = vec![
        (10.0, vec![(80.0, 0.9), (20.0, 0.4)]),
        (30.0, vec![(30.0, 0.6), (70.0, 0.8)]),
        (20.0, vec![(55.0, 0.3), (40.0, 0.7)]),
    ];
    let mut s = scenario(2, &actors, Some(10.0));
    for a in &mut s.actors {
        for st in a.stances.values_mut() {
            let x = st.position.value;
            st.position.spread = Some(Spread {
                low: (x - 15.0).max(0.0),
                high: (x + 15.0).min(100.0),
                distribution: parley_core::Distribution::Triangular,
            });
        }
    }
    let settings = Settings {
        goal: Some("i0 >= 60".into()),
        monte_carlo: Some(parley_core::uncertainty::MonteCarlo { runs: 200, seed: 9 }),
        ..Settings::new("a0")
    };
    let models = parley_core::models::all();
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| advise::advise(&s, &models, &settings, None, &Cancel::never()).unwrap())
    };
    let (one, two) = (on(1), on(2));
    assert!(one.baseline_odds.is_some());
    assert!(one.levers.iter().any(|l| l.odds.is_some()));
    assert_eq!(one, two);
}

/// The best proposal's acceptance with each model's measured error (issue 17).
///
/// One issue on 0-100; the advised actor `a` at 80 and `b` at 40, both capability 1 and
/// salience 1, no ranges. The compromise forecast is the weighted mean, 60. `b` accepts a
/// package `x` when `|x - 40| <= |60 - 40| = 20`, i.e. `x` in [20, 60]; the best for `a` is 60
/// (the forecast itself). Every Monte Carlo run draws nothing, so inputs only, `b` accepts in
/// every run: share 1.
///
/// With an error model of scores {-10, +10}, equal weights, constant scale: a run's no-deal
/// outcome is 50 when its uniform is at most 1/2 and 70 otherwise. Against 50, `b` refuses 60
/// (20 > 10); against 70 it accepts (20 <= 30). So the share with model error is the share of
/// runs whose uniform exceeds 1/2: about one half (binomial, 1,000 runs: 0.5 +- 0.05 is over
/// three standard deviations). With an error model of the single score 0 it is 1 again.
#[test]
fn the_best_proposals_acceptance_carries_model_error() {
    use parley_core::calibration::{Calibration, ErrorModel, Provenance, ScaleRule};
    use parley_core::uncertainty::MonteCarlo;

    let s = scenario(
        1,
        &vec![(1.0, vec![(80.0, 1.0)]), (1.0, vec![(40.0, 1.0)])],
        None,
    );
    let models: Vec<Box<dyn Model>> = vec![Box::new(Compromise)];
    let settings = Settings {
        monte_carlo: Some(MonteCarlo {
            runs: 1000,
            seed: 7,
        }),
        ..Settings::new("a0")
    };
    let calibration = |scores: &[f64]| Calibration {
        provenance: Provenance {
            source: "test".into(),
            origin: "test".into(),
        },
        models: [(
            "compromise".to_owned(),
            ErrorModel::new(ScaleRule::Constant, scores, &vec![1.0; scores.len()], 100).unwrap(),
        )]
        .into_iter()
        .collect(),
    };
    let acceptance = |c: Option<&Calibration>| {
        let advice = advise::advise(&s, &models, &settings, c, &Cancel::never()).unwrap();
        let best = &advice.proposals[0];
        let robust = best.robust.as_ref().unwrap();
        assert!((robust.position["i0"] - 60.0).abs() < 1e-6, "{robust:?}");
        best.acceptance.clone().unwrap()
    };
    let plain = acceptance(None);
    assert_eq!(plain.share["compromise"], 1.0);
    assert!(plain.with_model_error.is_empty() && plain.under_all_with_model_error.is_none());

    let wide = calibration(&[-10.0, 10.0]);
    let acc = acceptance(Some(&wide));
    assert_eq!(
        acc.share["compromise"], 1.0,
        "inputs-only odds are unchanged"
    );
    let p = acc.with_model_error["compromise"];
    assert!((p - 0.5).abs() < 0.05, "{p}");
    assert_eq!(acc.under_all_with_model_error, Some(p));
    // Same seed, same draws.
    assert_eq!(acceptance(Some(&wide)), acc);

    let exact = calibration(&[0.0]);
    assert_eq!(acceptance(Some(&exact)).with_model_error["compromise"], 1.0);
}

/// SMP's coalition odds are exactly what SMP's own run says: the starting state's probability
/// of the advised actor's position, on the base scenario and on the scenario with the
/// coalition's edits applied (issue 17, item 3).
#[test]
fn smp_coalition_odds_are_smps_own_on_the_aligned_scenario() {
    use parley_core::model::Details;
    let actors = vec![
        (40.0, vec![(90.0, 0.9), (20.0, 0.5)]),
        (30.0, vec![(20.0, 0.8), (80.0, 0.7)]),
        (20.0, vec![(60.0, 0.6), (40.0, 0.9)]),
        (25.0, vec![(10.0, 0.4), (70.0, 0.6)]),
    ];
    let s = scenario(2, &actors, Some(50.0));
    let models = parley_core::models::all();
    let advice = advise::advise(&s, &models, &Settings::new("a0"), None, &Cancel::never()).unwrap();
    assert!(!advice.coalitions.is_empty());
    let smp = models.iter().find(|m| m.info().id == "smp").unwrap();
    let first_state_p = |sc: &Scenario| {
        let inputs = parley_core::Inputs::from_scenario(sc).unwrap();
        match smp.run_detailed(&inputs).unwrap().details {
            Some(Details::Smp { states, .. }) => states[0].actor_probabilities[0],
            other => panic!("{other:?}"),
        }
    };
    let before = first_state_p(&s);
    for c in &advice.coalitions {
        let odds = c.smp.unwrap();
        assert_eq!(odds.before, before);
        let aligned = parley_core::what_if::apply_edits(
            &s,
            parley_core::what_if::EditSource::WhatIf("t".into()),
            &c.edits,
        )
        .unwrap();
        assert_eq!(odds.after, first_state_p(&aligned), "{:?}", c.partners);
    }
    // Without SMP among the models there are no SMP odds.
    let no_smp: Vec<Box<dyn Model>> = vec![Box::new(Compromise)];
    let advice = advise::advise(&s, &no_smp, &Settings::new("a0"), None, &Cancel::never()).unwrap();
    assert!(advice.coalitions.iter().all(|c| c.smp.is_none()));
}
