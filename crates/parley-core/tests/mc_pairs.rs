//! Monte Carlo pair outcomes of the expected utility model: identical on any thread count,
//! exactly the plain run's classification when the ranges have no width, and shares that are
//! proportions.
#![allow(clippy::unwrap_used)]

use parley_core::estimate::{Distribution, Estimate, Spread};
use parley_core::models::eum::{EumPair, Interaction};
use parley_core::models::{Compromise, Eum};
use parley_core::pairs::{PairClassifier, PairTally};
use parley_core::uncertainty::MonteCarlo;
use parley_core::uncertainty::montecarlo::{ABSENT, McPairs, McResult};
use parley_core::{Actor, Inputs, Issue, Model, Scenario};
use proptest::prelude::*;

/// The EC car-emission case of Bueno de Mesquita (1994) as Scholz et al. (2011) reproduce it
/// (`shared/data/bdm/emission_standards_BDM1994_ExampleActors.csv`): actor, capability,
/// position (years, 4-10), salience (0-1).
const EMISSION: [(&str, f64, f64, f64); 10] = [
    ("Netherlands", 0.08, 4.0, 0.8),
    ("Belgium", 0.08, 7.0, 0.4),
    ("Luxembourg", 0.03, 4.0, 0.2),
    ("Germany", 0.16, 4.0, 0.8),
    ("France", 0.16, 10.0, 0.6),
    ("Italy", 0.16, 10.0, 0.6),
    ("UK", 0.16, 10.0, 0.9),
    ("Ireland", 0.05, 7.0, 0.1),
    ("Denmark", 0.05, 4.0, 1.0),
    ("Greece", 0.08, 7.0, 0.7),
];

fn ranged(value: f64, low: f64, high: f64) -> Estimate {
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

/// The emission case with every position ranged +-`years` and every salience +-`sal` (kept
/// on their scales); zero widths give ranges whose ends equal the value.
fn emission(years: f64, sal: f64) -> Scenario {
    let mut s = Scenario::named("emission");
    s.issues.push(Issue::new("year").with_scale(4.0, 10.0));
    for (name, c, x, v) in EMISSION {
        let mut a = Actor::new(name, c).with_stance("year", x, v);
        let st = &mut a.stances[0];
        st.position = ranged(x, (x - years).max(4.0), (x + years).min(10.0));
        st.salience = ranged(v, (v - sal).max(0.01), (v + sal).min(1.0));
        a.capability = ranged(c, c, c);
        s.actors.push(a);
    }
    s
}

fn run(s: &Scenario, model: Eum, runs: usize, threads: usize) -> McResult {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let models: Vec<Box<dyn Model>> = vec![Box::new(Compromise), Box::new(model)];
    pool.install(|| MonteCarlo { runs, seed: 7 }.run(s, &models, &[], &|| {}))
        .unwrap()
}

fn eum_pairs(r: &McResult) -> &McPairs {
    assert_eq!(r.pairs.len(), 1, "only eum classifies pairs");
    &r.pairs[0]
}

#[test]
fn pair_shares_are_identical_on_1_2_and_4_threads() {
    let s = emission(1.5, 0.2);
    for model in [Eum::convergent(), Eum::scholz()] {
        let one = run(&s, model, 400, 1);
        assert_eq!(one, run(&s, model, 400, 2), "{:?}", model.variant);
        assert_eq!(one, run(&s, model, 400, 4), "{:?}", model.variant);
        // Not vacuous: some pair is in conflict in some runs and not in others.
        let p = eum_pairs(&one);
        let shares = p.issues["year"].iter().map(|x| x.shares["conflict"]);
        assert!(
            shares.clone().any(|c| c > 0.0 && c < 1.0),
            "{:?}",
            shares.collect::<Vec<_>>()
        );
    }
}

#[test]
fn without_width_the_shares_are_the_plain_runs_classification() {
    let s = emission(0.0, 0.0);
    let inputs = Inputs::from_scenario(&s).unwrap();
    for model in [Eum::convergent(), Eum::scholz()] {
        let r = run(&s, model, 64, 2);
        assert_eq!(
            r.uncertain_inputs, 30,
            "every number has a (zero-width) range"
        );
        let p = eum_pairs(&r);
        assert_eq!(
            p.per_judge,
            model.variant == parley_core::models::EumVariant::Scholz
        );
        let plain = model.simulate(&inputs).unwrap();
        let finals: &[EumPair] = &plain.issues[0].final_pairs;
        let listed = &p.issues["year"];
        assert_eq!(listed.len(), finals.len(), "{:?}", model.variant);
        for pair in finals {
            let (a, b) = (EMISSION[pair.first].0, EMISSION[pair.second].0);
            let mc = listed
                .iter()
                .find(|x| x.a == a && x.b == b)
                .unwrap_or_else(|| panic!("{a}-{b} missing"));
            for class in Interaction::CLASSES {
                let want = if class == pair.interaction { 1.0 } else { 0.0 };
                assert_eq!(mc.shares[class.name()], want, "{a}-{b} {}", class.name());
            }
            assert_eq!(mc.shares[ABSENT], 0.0);
        }
    }
}

#[test]
fn shares_are_proportions_over_every_class() {
    let s = emission(3.0, 0.3);
    for model in [Eum::convergent(), Eum::scholz()] {
        let r = run(&s, model, 300, 2);
        let p = eum_pairs(&r);
        assert_eq!(
            p.classes,
            [
                "conflict",
                "compromise",
                "capitulation",
                "stalemate",
                "aligned",
                "absent"
            ]
        );
        let pairs = &p.issues["year"];
        // 10 actors: 45 pairs, or 90 judgments when each side judges.
        let expected = if p.per_judge { 90 } else { 45 };
        assert_eq!(pairs.len(), expected);
        for x in pairs {
            assert_eq!(
                x.shares.keys().collect::<Vec<_>>(),
                p.classes.iter().collect::<Vec<_>>()
            );
            let sum: f64 = x.shares.values().sum();
            assert!((sum - 1.0).abs() < 1e-12, "{}-{}: {sum}", x.a, x.b);
            assert!(x.shares.values().all(|v| (0.0..=1.0).contains(v)));
            // Each share is a whole number of the 300 runs.
            for v in x.shares.values() {
                let runs = v * 300.0;
                assert!((runs - runs.round()).abs() < 1e-9, "{v}");
            }
        }
    }
}

#[test]
fn models_that_do_not_classify_pairs_add_nothing() {
    let s = emission(1.0, 0.1);
    let models: Vec<Box<dyn Model>> = vec![Box::new(Compromise)];
    let r = MonteCarlo { runs: 20, seed: 1 }
        .run(&s, &models, &[], &|| {})
        .unwrap();
    assert!(r.pairs.is_empty());
}

/// A random one- or two-issue scenario: per actor a capability and, per issue, a position
/// (often shared, so that runs reach a state where no one moves) and a salience (sometimes 0,
/// so that the actor sits the issue out).
fn arb_scenario() -> impl Strategy<Value = Scenario> {
    let stance = (
        prop_oneof![Just(0.0), Just(50.0), Just(100.0), 0.0f64..=100.0],
        prop_oneof![1 => Just(0.0), 4 => 0.05f64..=1.0],
    );
    let actor = (0.1f64..10.0, prop::collection::vec(stance, 2));
    (1usize..=2, prop::collection::vec(actor, 2..8)).prop_map(|(m, actors)| {
        let mut s = Scenario::named("p");
        for j in 0..m {
            s.issues.push(Issue::new(format!("i{j}")));
        }
        for (k, (c, stances)) in actors.into_iter().enumerate() {
            let mut a = Actor::new(format!("a{k}"), c);
            for (j, (x, sal)) in stances.into_iter().take(m).enumerate() {
                // The first actor cares about every issue, so each has a player.
                let sal = if k == 0 { sal.max(0.5) } else { sal };
                a = a.with_stance(format!("i{j}"), x, sal);
            }
            s.actors.push(a);
        }
        s
    })
}

proptest! {
    /// One tallied run counts exactly the plain run's final classification, once per pair (or
    /// per judging side), whether the run ends on a state where no one moves (the last round's
    /// judgments are reused) or not (the final state is judged afresh).
    #[test]
    fn a_tallied_run_counts_the_final_classification(
        s in arb_scenario(),
        scholz in any::<bool>(),
        rounds in 0usize..10,
    ) {
        let base = if scholz { Eum::scholz() } else { Eum::convergent() };
        let model = Eum { max_rounds: rounds, ..base };
        let inputs = Inputs::from_scenario(&s).unwrap();
        let n = s.actors.len();
        let classes = model.pair_classes();
        let mut tally = PairTally::new(s.issues.len(), n, classes.names.len());
        let outcome = model.run_tallied(&inputs, &mut tally).unwrap();
        let run = model.simulate(&inputs).unwrap();
        prop_assert_eq!(&outcome, &run.outcome);
        let mut want = PairTally::new(s.issues.len(), n, classes.names.len());
        for r in &run.issues {
            for p in &r.final_pairs {
                want.record(r.issue, p.first, p.second, p.interaction.index());
            }
        }
        prop_assert_eq!(tally, want);
    }
}
