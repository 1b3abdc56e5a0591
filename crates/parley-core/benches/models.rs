//! Criterion benchmarks of the models on a large generated scenario.
//!
//! The scenario has 1,000 actors and 20 issues, generated deterministically with a small
//! inline xorshift generator (no `rand` dependency), so every run measures the same numbers.
//! About 90% of actor-issue pairs are involved and about 10% of stances have salience 0.
//! Even-numbered issues have their status quo at the low end of the scale (every actor wants
//! more than it), odd-numbered issues have none; either way no one vetoes, so NBS settles
//! every issue by bisection and the timings cover its full cost rather than the cheap
//! no-agreement exit. Issues use several scales, as real scenarios do.
//!
//! Only `model.run(&inputs)` is timed for the models; the inputs are built once outside the
//! timed loop. `Inputs::from_scenario` (validation plus the flat view) is benchmarked on its
//! own, and `Scenario::validate` alone beside it. Run with `cargo bench -p parley-core --bench models`; see `docs/performance.md`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use parley_core::models::{Compromise, Nbs, UtilityShape};
use parley_core::{Actor, ForecastStatus, Inputs, Issue, Model, Scenario};

/// Actors in the generated scenario.
const N_ACTORS: usize = 1_000;
/// Issues in the generated scenario.
const N_ISSUES: usize = 20;
/// Seed of the generator; any non-zero value works, this one is fixed for comparability.
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

/// The 1,000 x 20 benchmark scenario (see the crate docs).
fn scenario() -> Scenario {
    let scales = [(0.0, 100.0), (0.0, 1.0), (4.0, 10.0), (-50.0, 50.0)];
    let mut rng = XorShift(SEED);
    let mut s = Scenario::named("bench-1000x20");
    for j in 0..N_ISSUES {
        let (min, max) = scales[j % scales.len()];
        let issue = Issue::new(format!("issue{j}")).with_scale(min, max);
        s.issues.push(if j % 2 == 0 {
            issue.with_status_quo(min)
        } else {
            issue
        });
    }
    for i in 0..N_ACTORS {
        let capability = 1.0 + 999.0 * rng.unit();
        let mut actor = Actor::new(format!("actor{i}"), capability);
        for issue in &s.issues {
            // The first actor takes part in everything, so every issue has someone who cares.
            if i > 0 && rng.unit() < 0.1 {
                continue;
            }
            let (min, max) = (issue.scale.min, issue.scale.max);
            // Strictly above the status quo (the low end), so no one vetoes a change.
            let position = min + (0.01 + 0.99 * rng.unit()) * (max - min);
            let salience = if i > 0 && rng.unit() < 0.1 {
                0.0
            } else {
                0.05 + 0.95 * rng.unit()
            };
            actor = actor.with_stance(issue.id.clone(), position.min(max), salience);
        }
        s.actors.push(actor);
    }
    s
}

/// Times `run` of each model, and checks once (untimed) that NBS settles every issue.
fn bench_models(c: &mut Criterion) {
    let inputs = Inputs::from_scenario(&scenario()).expect("the benchmark scenario is valid");
    let models: [(&str, Box<dyn Model>); 3] = [
        ("compromise", Box::new(Compromise)),
        (
            "nbs_linear",
            Box::new(Nbs {
                utility: UtilityShape::Linear,
            }),
        ),
        (
            "nbs_quadratic",
            Box::new(Nbs {
                utility: UtilityShape::Quadratic,
            }),
        ),
    ];
    let mut group = c.benchmark_group("run_1000x20");
    group.throughput(Throughput::Elements((N_ACTORS * N_ISSUES) as u64));
    for (name, model) in &models {
        let out = model
            .run(&inputs)
            .expect("the models run on the benchmark scenario");
        assert!(
            out.forecasts
                .iter()
                .all(|f| f.status == ForecastStatus::Settled),
            "{name}: every issue should settle, so the benchmark measures the full solve"
        );
        group.bench_function(*name, |b| b.iter(|| model.run(black_box(&inputs))));
    }
    group.finish();
}

/// Times building the model inputs (validation included) from the scenario, and validation
/// alone, so the cost of the numeric conversion is the difference.
fn bench_inputs(c: &mut Criterion) {
    let s = scenario();
    let mut group = c.benchmark_group("inputs_1000x20");
    group.throughput(Throughput::Elements((N_ACTORS * N_ISSUES) as u64));
    group.bench_function("from_scenario", |b| {
        b.iter(|| Inputs::from_scenario(black_box(&s)))
    });
    group.bench_function("validate", |b| b.iter(|| black_box(&s).validate()));
    group.finish();
}

criterion_group!(benches, bench_models, bench_inputs);
criterion_main!(benches);
