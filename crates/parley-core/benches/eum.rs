//! Criterion benchmarks of the expected utility model on one issue with 10, 100 and 1,000
//! actors, both variants, one round and a full run.
//!
//! Inputs are generated deterministically with a small inline xorshift64* generator (no `rand`
//! dependency): capabilities uniform in [1, 1000], positions uniform on 0-100 (all distinct,
//! the worst case for the per-position vote tables), saliences uniform in [0.05, 1]. "One
//! round" is `max_rounds = 1` without a stopping rule; a full run is the variant's own settings
//! (convergent: stop rule, at most 20 rounds; scholz: 8 rounds); the rounds a full run plays
//! are printed once, untimed. Only `model.run(&inputs)` is timed.
//!
//! Run with `cargo bench -p parley-core --bench eum`; see `docs/performance.md`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use parley_core::models::Eum;
use parley_core::{Actor, Inputs, Issue, Model, Scenario};

/// Seed of the generator; fixed so that every run measures the same numbers.
const SEED: u64 = 0x9E37_79B9_7F4A_7C15;

/// A xorshift64* generator: tiny, deterministic and good enough for benchmark data.
struct XorShift(u64);

impl XorShift {
    /// The next 64 random bits.
    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A uniform number in `[0, 1)`, from the top 53 bits.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `n` actors on one 0-100 issue.
fn scenario(n: usize) -> Scenario {
    let mut rng = XorShift(SEED);
    let mut s = Scenario::named(format!("eum-{n}"));
    s.issues.push(Issue::new("x"));
    for i in 0..n {
        let capability = 1.0 + 999.0 * rng.unit();
        let position = 100.0 * rng.unit();
        let salience = 0.05 + 0.95 * rng.unit();
        s.actors
            .push(Actor::new(format!("a{i}"), capability).with_stance("x", position, salience));
    }
    s
}

fn bench(c: &mut Criterion) {
    let variants = [("convergent", Eum::convergent()), ("scholz", Eum::scholz())];
    for n in [10, 100, 1_000] {
        let inputs = Inputs::from_scenario(&scenario(n)).expect("the generated scenario is valid");
        let mut group = c.benchmark_group(format!("eum_{n}_actors"));
        if n >= 1_000 {
            // A full run at this size takes about a second; criterion's minimum of 10 samples
            // keeps the benchmark to minutes.
            group.sample_size(10);
        }
        for (name, full) in variants {
            let one = Eum {
                max_rounds: 1,
                convergence: None,
                ..full
            };
            let rounds = full
                .run(&inputs)
                .expect("EUM runs on the generated scenario")
                .rounds
                .len()
                - 1;
            println!("eum {name} {n} actors: a full run plays {rounds} rounds");
            group.bench_function(BenchmarkId::new(name, "one_round"), |b| {
                b.iter(|| one.run(black_box(&inputs)))
            });
            group.bench_function(BenchmarkId::new(name, "full_run"), |b| {
                b.iter(|| full.run(black_box(&inputs)))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
