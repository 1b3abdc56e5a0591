//! Criterion benchmarks of the Sobol estimator (`parley_core::uncertainty::sobol`).
//!
//! - **Ishigami** (three inputs, a function that costs nanoseconds): the estimator's own
//!   overhead, design and bookkeeping, with and without the 200 bootstrap resamples, at
//!   N = 4,096 (20,480 evaluations).
//! - **Scenario**: 10 actors x 4 issues, every position ranged (40 inputs), generated
//!   deterministically with a small inline xorshift generator, N = 64 (2,688 runs of each
//!   model), compromise + NBS + EUM: what `parley sensitivity --sobol` spends, where the model
//!   runs should dominate.
//!
//! Run with `cargo bench -p parley-core --bench sobol`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use parley_core::estimate::{Distribution, Estimate, Spread};
use parley_core::models;
use parley_core::uncertainty::rng::Stream;
use parley_core::uncertainty::sobol::{self, Sobol, SobolError, SobolModel};
use parley_core::{Actor, Issue, Model, Scenario};

/// The Ishigami function (a = 7, b = 0.1) of three inputs uniform on [-pi, pi].
struct Ishigami;

impl SobolModel for Ishigami {
    type Scratch = ();
    fn inputs(&self) -> usize {
        3
    }
    fn outputs(&self) -> usize {
        1
    }
    fn scratch(&self) {}
    fn draw(&self, _: &mut (), rng: &mut Stream, values: &mut [f64]) {
        use std::f64::consts::PI;
        for v in values {
            *v = -PI + 2.0 * PI * rng.next_f64();
        }
    }
    fn eval(&self, _: &mut (), x: &[f64], out: &mut [f64]) -> Result<(), SobolError> {
        out[0] = x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin();
        Ok(())
    }
}

/// Seed of the generator; fixed so that every run measures the same numbers.
const SEED: u64 = 0x9E37_79B9_7F4A_7C15;

/// A xorshift64* generator: tiny, deterministic and good enough for benchmark data.
struct XorShift(u64);

impl XorShift {
    /// A uniform number in `[0, 1)`, from the top 53 bits.
    fn unit(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// 10 actors x 4 issues, every position ranged +-10 (triangular) within 0-100.
fn scenario() -> Scenario {
    let mut g = XorShift(SEED);
    let mut s = Scenario::named("sobol-bench");
    let issues = ["a", "b", "c", "d"];
    for id in issues {
        s.issues.push(Issue::new(id).with_status_quo(50.0));
    }
    for k in 0..10 {
        let mut actor = Actor::new(format!("x{k}"), 1.0 + 99.0 * g.unit());
        for id in issues {
            let x = 10.0 + 80.0 * g.unit();
            actor = actor.with_stance(id, x, 0.1 + 0.9 * g.unit());
            actor.stances[id].position = Estimate {
                value: x,
                spread: Some(Spread {
                    low: x - 10.0,
                    high: x + 10.0,
                    distribution: Distribution::Triangular,
                }),
                evidence: Default::default(),
            };
        }
        s.actors.push(actor);
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("sobol");
    group.sample_size(10);
    for resamples in [0, 200] {
        let settings = Sobol {
            samples: 4096,
            resamples,
            seed: 1,
        };
        group.bench_function(format!("ishigami N=4096, {resamples} resamples"), |b| {
            b.iter(|| black_box(settings.estimate(&Ishigami, &|| {})))
        });
    }
    let s = scenario();
    let chosen: Vec<Box<dyn Model>> = models::all()
        .into_iter()
        .filter(|m| ["compromise", "nbs", "eum"].contains(&m.info().id))
        .collect();
    let settings = Sobol {
        samples: 64,
        resamples: 200,
        seed: 1,
    };
    group.bench_function("10x4 scenario, 40 inputs, N=64, compromise+nbs+eum", |b| {
        b.iter(|| black_box(sobol::measure(&s, &chosen, &settings, &|| {})))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
