//! Criterion benchmarks of every model on generated scenarios of 100, 300 and 1,000 actors x 5
//! issues (issue 22), the scenarios `scripts/gen_scale.py` writes: xorshift64* draws,
//! capabilities in [1, 100], positions uniform on 0-100, saliences in [0.1, 0.9], every actor on
//! every issue. Only `model.run(&inputs)` is timed. Not run in CI: the 1,000-actor exchange run
//! takes seconds; SMP is left out at 1,000 actors (minutes per run).
//!
//! Run with `cargo bench -p parley-core --bench scale` (or `-- 'scale_100x5/'` for one size);
//! see `docs/performance.md` for the whole-process figures.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use parley_core::models::{self, Eum};
use parley_core::{Actor, Inputs, Issue, Scenario};

/// `scripts/gen_scale.py ACTORS ISSUES 1`: the same draws in the same order.
fn generated(actors: usize, issues: usize) -> Inputs {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut uniform = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut s = Scenario::named("generated");
    for j in 0..issues {
        s.issues.push(Issue::new(format!("i{j}")));
    }
    for i in 0..actors {
        let mut a = Actor::new(format!("a{i}"), 1.0 + 99.0 * uniform());
        for j in 0..issues {
            let (x, sal) = (100.0 * uniform(), 0.1 + 0.8 * uniform());
            a = a.with_stance(format!("i{j}"), x, sal);
        }
        s.actors.push(a);
    }
    Inputs::from_scenario(&s).expect("the generated scenario is valid")
}

fn scale(c: &mut Criterion) {
    for n in [100, 300, 1000] {
        let inputs = generated(n, 5);
        let mut group = c.benchmark_group(format!("scale_{n}x5"));
        group.sample_size(10).warm_up_time(Duration::from_secs(1));
        let mut chosen = models::all();
        chosen.push(Box::new(Eum::scholz()));
        for model in &chosen {
            if n > 300 && model.info().id == "smp" {
                // One SMP run at 1,000 actors takes minutes (docs/performance.md): ten samples
                // would take an hour. Its whole-process figure is in the docs.
                continue;
            }
            let id = match model.info().name {
                name if name.contains("Scholz") => "eum_scholz",
                _ => model.info().id,
            };
            group.bench_with_input(BenchmarkId::new(id, n), &inputs, |b, inputs| {
                b.iter(|| black_box(model.run(black_box(inputs))))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, scale);
criterion_main!(benches);
