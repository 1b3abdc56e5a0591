//! Criterion benchmarks of strategy advice (`parley_core::advise`): the flagship with a goal
//! and 1,000 Monte Carlo runs (the odds of the goal without a move and under the top three
//! levers, and the best proposal's acceptance), the flagship's mediator without a goal, and a
//! generated 50-actor x 10-issue scenario with a range on every number, point runs (each of
//! its ~3,000 candidate moves re-runs all five models). Figures and the command are in
//! docs/performance.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use parley_core::advise::{self, Settings};
use parley_core::estimate::{Distribution, Estimate, Spread};
use parley_core::uncertainty::MonteCarlo;
use parley_core::{Actor, Cancel, Issue, Scenario};

fn flagship() -> Scenario {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/grand-bargain-2025.toml"
    );
    parley_scenario::read_file(std::path::Path::new(path)).expect("the flagship reads")
}

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

/// `actors` x `issues`, every position, salience and capability ranged (deterministic
/// xorshift, no `rand`), status quos spread over the scale.
pub fn generated(actors: usize, issues: usize) -> Scenario {
    let mut s = Scenario::named(format!("generated {actors}x{issues}"));
    for j in 0..issues {
        s.issues
            .push(Issue::new(format!("i{j}")).with_status_quo((10.0 * j as f64 + 5.0) % 100.0));
    }
    let mut z: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        z ^= z << 13;
        z ^= z >> 7;
        z ^= z << 17;
        (z >> 11) as f64 / (1u64 << 53) as f64
    };
    for i in 0..actors {
        let mut a = Actor::new(format!("a{i}"), 1.0);
        let c = 1.0 + 99.0 * next();
        a.capability = ranged(c, c * 0.8, c * 1.2);
        for j in 0..issues {
            let (x, sal) = (100.0 * next(), 0.1 + 0.8 * next());
            a = a.with_stance(format!("i{j}"), x, sal);
            let st = &mut a.stances[j];
            st.position = ranged(x, (x - 10.0).max(0.0), (x + 10.0).min(100.0));
            st.salience = ranged(sal, sal - 0.1, sal + 0.1);
        }
        s.actors.push(a);
    }
    s
}

fn bench(c: &mut Criterion) {
    let models = parley_core::models::all();
    let flag = flagship();
    let mut group = c.benchmark_group("advise");
    group.sample_size(10);
    let with_odds = Settings {
        goal: Some("iran_nuclear >= 60".into()),
        monte_carlo: Some(MonteCarlo {
            runs: 1_000,
            seed: 20250304,
        }),
        ..Settings::new("usa")
    };
    group.bench_function("flagship_usa_goal_mc1000", |b| {
        b.iter(|| {
            advise::advise(
                black_box(&flag),
                &models,
                &with_odds,
                None,
                &Cancel::never(),
            )
        })
    });
    let mediator = Settings {
        monte_carlo: Some(MonteCarlo {
            runs: 1_000,
            seed: 20250304,
        }),
        ..Settings::new("rus")
    };
    group.bench_function("flagship_rus_mc1000", |b| {
        b.iter(|| advise::advise(black_box(&flag), &models, &mediator, None, &Cancel::never()))
    });
    // One run of every model, the unit of work of the lever search.
    for (n, m) in [(10, 5), (25, 10), (50, 10)] {
        let s = generated(n, m);
        let inputs = parley_core::Inputs::from_scenario(&s).expect("valid");
        for model in &models {
            group.bench_function(format!("one_run_{n}x{m}/{}", model.info().id), |b| {
                b.iter(|| model.run(black_box(&inputs)))
            });
        }
    }
    // 50 x 10 with every model takes minutes per call (the exchange model alone takes about
    // 2 s per run there): it is timed once by the `advise_once` benchmark instead.
    for (n, m) in [(10, 5), (25, 10)] {
        let s = generated(n, m);
        let point = Settings::new("a0");
        group.bench_function(format!("generated_{n}x{m}_point"), |b| {
            b.iter(|| advise::advise(black_box(&s), &models, &point, None, &Cancel::never()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
