//! KTAB's spatial model on scenarios KTAB cannot run (all-dichotomous issues, zero salience, one
//! or two actors), and its invariants: positions stay on the scale, probabilities are
//! distributions, the stochastic mode repeats by seed on any number of threads, and the
//! starting assessment does not depend on the order of the actors. (Agreement with KTAB itself
//! is tested in `parley-scenario/tests/smp_ktab.rs`, on KTAB's own files.)
#![allow(clippy::unwrap_used)]

use parley_core::models::smp::{Smp, SmpParams, SmpRun, StateTransitions};
use parley_core::{Actor, Inputs, Issue, Model, Scenario};
use proptest::prelude::*;

/// A scenario from per-actor (capability, [(position, salience)] per issue).
fn scenario(actors: &[(f64, Vec<(f64, f64)>)]) -> Scenario {
    let m = actors.first().map_or(0, |a| a.1.len());
    let mut s = Scenario::named("test");
    s.issues = (0..m).map(|k| Issue::new(format!("i{k}"))).collect();
    for (i, (cap, stances)) in actors.iter().enumerate() {
        let mut a = Actor::new(format!("a{i}"), *cap);
        for (k, &(x, sal)) in stances.iter().enumerate() {
            a = a.with_stance(format!("i{k}"), x, sal);
        }
        s.actors.push(a);
    }
    s
}

fn simulate(s: &Scenario, params: SmpParams) -> SmpRun {
    Smp::with_params(params)
        .simulate(&Inputs::from_scenario(s).unwrap())
        .unwrap()
}

fn assert_sane(run: &SmpRun) {
    for r in &run.outcome.rounds {
        for &x in r.positions.iter().chain(&r.forecast) {
            assert!((0.0..=100.0).contains(&x), "position {x}");
        }
    }
    for f in &run.outcome.forecasts {
        assert!((0.0..=100.0).contains(&f.value), "forecast {}", f.value);
    }
    for st in &run.states {
        let total: f64 = st.position_probabilities.iter().sum();
        assert!((total - 1.0).abs() < 1e-6, "probabilities sum to {total}");
        // KTAB's formula can land an ulp beyond its range's end; kept for bit-exactness.
        let in_range = |r: &f64| (-1.0 - 1e-12..=1.0 + 1e-12).contains(r);
        assert!(st.risk.iter().all(in_range), "{:?}", st.risk);
        assert!(st.actor_probabilities.iter().all(|p| p.is_finite()));
    }
    let turns = run.outcome.rounds.len() - 1;
    assert!((1..=100).contains(&turns), "{turns} turns");
}

/// KTAB aborts here ("utility values not in valid range"): with every position at 0 or 100 on a
/// single issue every distance is 0 or 1, so utilities do not depend on risk. Parley runs it.
#[test]
fn all_dichotomous_issues_run() {
    let s = scenario(&[
        (100.0, vec![(0.0, 0.5)]),
        (80.0, vec![(100.0, 0.9)]),
        (60.0, vec![(100.0, 0.3)]),
        (40.0, vec![(0.0, 0.7)]),
        (20.0, vec![(100.0, 0.4)]),
    ]);
    let run = simulate(&s, SmpParams::default());
    assert_sane(&run);
    // The first turn moves someone: the two camps bargain toward each other.
    assert_ne!(
        run.outcome.rounds[0].positions,
        run.outcome.rounds[1].positions
    );
}

/// KTAB aborts on an actor whose saliences are all zero (`bvDiff`: ssSqr must be positive).
/// Parley treats it as indifferent: it neither challenges nor votes, and others may pull it.
#[test]
fn an_actor_without_salience_is_indifferent() {
    let s = scenario(&[
        (100.0, vec![(10.0, 0.5), (20.0, 0.5)]),
        (80.0, vec![(90.0, 0.6), (70.0, 0.2)]),
        (60.0, vec![(50.0, 0.0), (50.0, 0.0)]),
    ]);
    let run = simulate(&s, SmpParams::default());
    assert_sane(&run);
    for t in &run.turns {
        assert!(
            t.challenges[2].is_none(),
            "an indifferent actor gains nothing"
        );
    }
    // Its coordinates stay options that can decide the outcome, and the forecast says so
    // (sweep2 item 4: a bystander moved a toy scenario's forecast from 39.2 to 49.9).
    for f in &run.outcome.forecasts {
        assert_eq!(
            f.status,
            parley_core::ForecastStatus::Bystanders { actors: vec![2] }
        );
    }
    let without = scenario(&[
        (100.0, vec![(10.0, 0.5), (20.0, 0.5)]),
        (80.0, vec![(90.0, 0.6), (70.0, 0.2)]),
    ]);
    for f in &simulate(&without, SmpParams::default()).outcome.forecasts {
        assert_eq!(f.status, parley_core::ForecastStatus::Settled);
    }
}

/// Capabilities near the top of the f64 range (KTAB refuses anything above 1e8) would overflow
/// the sums of votes; validation refuses capabilities above 1e100 (issue 14). At that limit
/// the run is sane and, since only ratios matter but for KTAB's 1e-8 floors on coalitions,
/// forecasts the same as with the capabilities divided by the largest: 2^332, 2^331 and 1
/// against 1, 1/2 and 2^-332 (powers of two, so the division is exact).
#[test]
fn huge_capabilities_do_not_overflow() {
    let huge = |c: [f64; 3]| {
        scenario(&[
            (c[0], vec![(10.0, 0.5), (20.0, 0.5)]),
            (c[1], vec![(90.0, 0.6), (70.0, 0.2)]),
            (c[2], vec![(50.0, 0.3), (40.0, 0.3)]),
        ])
    };
    let beyond = 2f64.powi(1023);
    let refused = huge([beyond, beyond / 2.0, 1.0]).validate();
    let codes: Vec<&str> = refused.iter().map(|p| p.kind.code()).collect();
    assert_eq!(
        codes,
        ["capability-out-of-range", "capability-out-of-range"]
    );
    let top = 2f64.powi(332);
    assert!(top <= 1e100);
    let a = simulate(&huge([top, top / 2.0, 1.0]), SmpParams::default());
    let b = simulate(&huge([1.0, 0.5, 1.0 / top]), SmpParams::default());
    assert_sane(&a);
    assert_sane(&b);
    for (x, y) in a.outcome.forecasts.iter().zip(&b.outcome.forecasts) {
        assert!(
            (x.value - y.value).abs() < 1e-6,
            "{} vs {}",
            x.value,
            y.value
        );
    }
}

/// KTAB's coalition floors are absolute (1e-10), so with capabilities far below 1 they would
/// outweigh the votes (a sweep found the flagship's SMP forecast moving by 17 points when every
/// capability was multiplied by 1e-9, and returning one actor's positions at 1e-30). Below 1
/// Parley divides capabilities by the largest: multiplying every capability by one factor
/// under 1 gives the same run. Powers of two keep every product and quotient exact, so the
/// runs are equal to the bit; a factor that is not a power of two (1e-9, 1e-30) may round the
/// last bit of a capability, and the forecasts then agree to 1e-9.
#[test]
fn tiny_capabilities_give_the_same_run_as_their_ratios() {
    let with = |f: f64| {
        scenario(&[
            (0.5 * f, vec![(10.0, 0.5), (20.0, 0.5)]),
            (0.25 * f, vec![(90.0, 0.6), (70.0, 0.2)]),
            (0.375 * f, vec![(50.0, 0.3), (40.0, 0.3)]),
            (0.125 * f, vec![(30.0, 0.8), (80.0, 0.1)]),
        ])
    };
    let base = simulate(&with(1.0), SmpParams::default());
    assert_sane(&base);
    for f in [2f64.powi(-30), 2f64.powi(-200), 2f64.powi(-320)] {
        let run = simulate(&with(f), SmpParams::default());
        assert_eq!(run.outcome, base.outcome, "factor {f:e}");
    }
    for f in [1e-9, 1e-30, 1e-99] {
        let run = simulate(&with(f), SmpParams::default());
        for (x, y) in run.outcome.forecasts.iter().zip(&base.outcome.forecasts) {
            assert!(
                (x.value - y.value).abs() < 1e-9,
                "factor {f:e}: {} vs {}",
                x.value,
                y.value
            );
        }
    }
}

/// KTAB needs at least 3 actors. One actor has nobody to bargain with: it stays put and its
/// position is the forecast; two actors bargain.
#[test]
fn one_and_two_actors_run() {
    let one = scenario(&[(10.0, vec![(30.0, 0.4), (70.0, 0.2)])]);
    let run = simulate(&one, SmpParams::default());
    assert_sane(&run);
    assert_eq!(
        run.outcome.rounds.len(),
        3,
        "the stopping rule's minimum of 2 turns"
    );
    assert_eq!(run.outcome.forecasts[0].value, 30.0);
    assert_eq!(run.outcome.forecasts[1].value, 70.0);
    assert_eq!(run.states[0].position_probabilities, [1.0]);

    let two = scenario(&[(10.0, vec![(20.0, 0.8)]), (30.0, vec![(80.0, 0.5)])]);
    let run = simulate(&two, SmpParams::default());
    assert_sane(&run);
}

/// Parley's saliences are per issue in [0, 1], so an actor's may sum to more than 1; KTAB's
/// files cannot. The model scales them to sum to 1, so scaling up every salience of actors
/// whose saliences already sum to more than 1 changes nothing (to rounding).
#[test]
fn saliences_summing_above_one_are_scaled() {
    // Every actor's saliences sum to at least 1.2.
    let a = sample_with(24, |i, k| f64::from((i * 11 + k * 7) % 50 + 40) / 100.0);
    let mut b = a.clone();
    for actor in &mut b.actors {
        for st in actor.stances.values_mut() {
            st.salience.value *= 1.1;
        }
    }
    let ra = simulate(&a, SmpParams::default());
    let rb = simulate(&b, SmpParams::default());
    assert!(ra.outcome.rounds.len() > 3, "the actors move");
    assert_eq!(ra.outcome.rounds.len(), rb.outcome.rounds.len());
    for (x, y) in ra.outcome.forecasts.iter().zip(&rb.outcome.forecasts) {
        assert!((x.value - y.value).abs() < 1e-9, "{x:?} vs {y:?}");
    }
    // Below a total of 1 the scale matters (it weighs the contest against the outcome): the
    // same change to saliences that sum to less than 1 changes the run.
    let c = sample_with(24, |i, k| f64::from((i * 11 + k * 7) % 30 + 1) / 100.0);
    let mut d = c.clone();
    for actor in &mut d.actors {
        for st in actor.stances.values_mut() {
            st.salience.value *= 1.1;
        }
    }
    let rc = simulate(&c, SmpParams::default());
    let rd = simulate(&d, SmpParams::default());
    assert_ne!(rc.outcome.rounds, rd.outcome.rounds);
}

fn stochastic() -> SmpParams {
    SmpParams {
        state_transitions: StateTransitions::Stochastic,
        ..SmpParams::default()
    }
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

/// `n` actors on 3 issues, positions spread over the scale, saliences from `sal(actor, issue)`.
fn sample_with(n: u32, sal: impl Fn(u32, u32) -> f64) -> Scenario {
    let mut actors = Vec::new();
    for i in 0..n {
        let x = |k: u32| f64::from((i * 37 + k * 53) % 101);
        actors.push((
            f64::from(10 + (i * 13) % 90),
            (0..3).map(|k| (x(k), sal(i, k))).collect(),
        ));
    }
    scenario(&actors)
}

/// Big enough (56 actors) for a turn to run on several threads.
fn sample() -> Scenario {
    sample_with(56, |i, k| f64::from((i * 11 + k * 7) % 30 + 1) / 100.0)
}

/// KTAB's threads share one generator, so its stochastic runs do not repeat even with a seed.
/// Parley's do, on any number of threads.
#[test]
fn stochastic_runs_repeat_by_seed_on_any_number_of_threads() {
    let mut s = sample();
    s.meta.seed = Some(42);
    let runs: Vec<SmpRun> = [1, 2, 4]
        .into_iter()
        .map(|t| in_pool(t, || simulate(&s, stochastic())))
        .collect();
    assert_eq!(runs[0], runs[1]);
    assert_eq!(runs[0], runs[2]);
    assert_eq!(runs[0].seed, 42);
    // Another seed draws another path (checked on this scenario: the draws differ at once).
    s.meta.seed = Some(43);
    let other = simulate(&s, stochastic());
    assert_ne!(other.outcome.rounds, runs[0].outcome.rounds);
}

#[test]
fn the_deterministic_mode_is_the_same_on_any_number_of_threads() {
    let s = sample();
    let one = in_pool(1, || simulate(&s, SmpParams::default()));
    let four = in_pool(4, || simulate(&s, SmpParams::default()));
    assert_eq!(one, four);
    assert_sane(&one);
    // `Model::run` gives the same outcome as `simulate`.
    let out = Smp::default()
        .run(&Inputs::from_scenario(&s).unwrap())
        .unwrap();
    assert_eq!(out, one.outcome);
}

fn actor_strategy(m: usize) -> impl Strategy<Value = (f64, Vec<(f64, f64)>)> {
    let stance = (
        prop_oneof![Just(0.0), Just(100.0), 0.0..=100.0],
        prop_oneof![Just(0.0), 0.0..=1.0],
    );
    (1.0..200.0_f64, prop::collection::vec(stance, m))
}

fn params_strategy() -> impl Strategy<Value = SmpParams> {
    use parley_core::models::smp::{
        BargainModel, BigRAdjust, BigRRange, InterVecBrgn, PceModel, ThirdPartyCommit,
        VictoryProbModel, VotingRule,
    };
    use prop::sample::select;
    (
        (
            select(VotingRule::ALL),
            select(VictoryProbModel::ALL),
            select(PceModel::ALL),
            select(StateTransitions::ALL),
        ),
        (
            select(BigRRange::ALL),
            select(BigRAdjust::ALL),
            select(ThirdPartyCommit::ALL),
            select(InterVecBrgn::ALL),
            select(BargainModel::ALL),
        ),
    )
        .prop_map(|((vr, vp, pce, st), (rr, ra, tp, ivb, bm))| SmpParams {
            voting_rule: vr,
            victory_prob: vp,
            pce,
            state_transitions: st,
            big_r_range: rr,
            big_r_adjust: ra,
            third_party_commit: tp,
            inter_vec_brgn: ivb,
            bargain_model: bm,
            max_turns: 30,
            ..SmpParams::default()
        })
}

fn scenario_strategy() -> impl Strategy<Value = Vec<(f64, Vec<(f64, f64)>)>> {
    (1usize..4).prop_flat_map(|m| prop::collection::vec(actor_strategy(m), 1..9))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the inputs (dichotomous positions, zero saliences, one actor...) and the
    /// parameters, every position stays on the scale, probabilities are distributions, nothing
    /// is NaN.
    #[test]
    fn positions_stay_on_the_scale(actors in scenario_strategy(), params in params_strategy()) {
        assert_sane(&simulate(&scenario(&actors), params));
    }

    /// Reordering the actors reorders the starting risk attitudes and the probabilities of the
    /// distinct positions and nothing else (to rounding: sums run in actor order), and each
    /// actor keeps its first target unless two targets are within rounding of each other.
    #[test]
    fn the_starting_assessment_does_not_depend_on_actor_order(
        actors in scenario_strategy(),
        seed in any::<u64>(),
    ) {
        // KTAB merges positions within 1e-3 of each other (on 0-1) into one option, named by
        // the first actor holding it, so with two such near-equal but different positions the
        // option's exact place, and its probability in the last digits (1e-6), depend on which
        // actor comes first: KTAB's rule, not an ordering bug. Those cases are left out.
        let near_equal = actors.iter().enumerate().any(|(i, (_, a))| {
            actors[i + 1..].iter().any(|(_, b)| {
                let d = a.iter().zip(b).map(|(x, y)| (x.0 - y.0).abs()).fold(0.0, f64::max);
                d > 0.0 && d < 0.1
            })
        });
        prop_assume!(!near_equal);
        let n = actors.len();
        let mut order: Vec<usize> = (0..n).collect();
        // A seeded shuffle (Fisher-Yates with a simple LCG).
        let mut x = seed | 1;
        for i in (1..n).rev() {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            order.swap(i, (x >> 33) as usize % (i + 1));
        }
        let permuted: Vec<_> = order.iter().map(|&i| actors[i].clone()).collect();
        let params = SmpParams { max_turns: 1, min_turns: 1, ..SmpParams::default() };
        let a = simulate(&scenario(&actors), params);
        let b = simulate(&scenario(&permuted), params);
        for (new, &old) in order.iter().enumerate() {
            prop_assert!((a.states[0].risk[old] - b.states[0].risk[new]).abs() < 1e-9);
            let pa = a.states[0].actor_probabilities[old];
            let pb = b.states[0].actor_probabilities[new];
            prop_assert!((pa - pb).abs() < 1e-9, "{pa} vs {pb}");
            let (ca, cb) = (a.turns[0].challenges[old], b.turns[0].challenges[new]);
            match (ca, cb) {
                (Some(x), Some(y)) => {
                    prop_assert!((x.gain - y.gain).abs() < 1e-9);
                    if order[y.target] != x.target {
                        // Only a near tie between two targets may swap them.
                        prop_assert!((x.gain - y.gain).abs() < 1e-9);
                    }
                }
                (None, None) => {}
                (x, y) => {
                    // A gain within rounding of the 1e-5 threshold.
                    let g = x.or(y).unwrap().gain;
                    prop_assert!((g - 1e-5).abs() < 1e-9, "{x:?} vs {y:?}");
                }
            }
        }
    }
}
