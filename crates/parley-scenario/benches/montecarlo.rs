//! Criterion benchmarks of Monte Carlo runs: the flagship scenario (10,000 runs) with each
//! model, the compromise/NBS/EUM set and all five models, and a generated 20-actor x 5-issue
//! scenario with ranges on every number (the exchange model, SMP and the all-five set on 1,000
//! runs there: they take seconds per thousand). The expected utility model's runs include
//! counting each pair's final class. The `model_error` group times the flagship's 10,000 runs
//! of all five models with and without the built-in error model (issue 13: at most 15% more).
//! Figures and the command are in docs/performance.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use parley_core::estimate::{Distribution, Estimate, Spread};
use parley_core::model::{ModelError, ModelInfo, Outcome};
use parley_core::models::{Compromise, Eum, Exchange, Nbs, Smp};
use parley_core::uncertainty::MonteCarlo;
use parley_core::{Actor, Inputs, Issue, Model, Scenario};

/// EUM without its pair classifier: Monte Carlo then runs it plainly, so the difference to
/// `eum` is the cost of counting each pair's final class.
struct EumWithoutPairs(Eum);

impl Model for EumWithoutPairs {
    fn info(&self) -> ModelInfo {
        self.0.info()
    }

    fn run(&self, inputs: &Inputs) -> Result<Outcome, ModelError> {
        self.0.run(inputs)
    }
}

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

/// 20 actors x 5 issues, every position, salience and capability ranged (deterministic).
fn generated() -> Scenario {
    let mut s = Scenario::named("generated 20x5");
    for j in 0..5 {
        s.issues
            .push(Issue::new(format!("i{j}")).with_status_quo(10.0 * j as f64 + 5.0));
    }
    let mut z: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        z ^= z << 13;
        z ^= z >> 7;
        z ^= z << 17;
        (z >> 11) as f64 / (1u64 << 53) as f64
    };
    for i in 0..20 {
        let mut a = Actor::new(format!("a{i}"), 1.0);
        let c = 1.0 + 99.0 * next();
        a.capability = ranged(c, c * 0.8, c * 1.2);
        for j in 0..5 {
            let (x, s) = (100.0 * next(), 0.1 + 0.8 * next());
            a = a.with_stance(format!("i{j}"), x, s);
            let st = &mut a.stances[j];
            st.position = ranged(x, (x - 10.0).max(0.0), (x + 10.0).min(100.0));
            st.salience = ranged(s, s - 0.1, s + 0.1);
        }
        s.actors.push(a);
    }
    s
}

fn sets() -> Vec<(&'static str, Vec<Box<dyn Model>>)> {
    vec![
        ("compromise", vec![Box::new(Compromise)]),
        ("nbs", vec![Box::new(Nbs::default())]),
        ("exchange", vec![Box::new(Exchange::default())]),
        ("eum", vec![Box::new(Eum::default())]),
        (
            "eum_without_pairs",
            vec![Box::new(EumWithoutPairs(Eum::default()))],
        ),
        ("smp", vec![Box::new(Smp::default())]),
        (
            "compromise_nbs_eum",
            vec![
                Box::new(Compromise),
                Box::new(Nbs::default()),
                Box::new(Eum::default()),
            ],
        ),
        ("all_five", parley_core::models::all()),
    ]
}

/// Sets too slow for 10,000 runs of the generated scenario under criterion's 10 samples.
fn slow_on_generated(set: &str) -> bool {
    matches!(set, "exchange" | "smp" | "all_five")
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("montecarlo_10000");
    group.sample_size(10);
    let mc = MonteCarlo {
        runs: 10_000,
        seed: 1,
    };
    let (flag, gen20) = (flagship(), generated());
    for (set, models) in sets() {
        group.bench_function(format!("flagship/{set}"), |b| {
            b.iter(|| mc.run(black_box(&flag), &models, &[], &|| {}))
        });
        // The exchange model and SMP on 20 actors x 5 issues take seconds per thousand runs:
        // they are measured on 1,000 runs below instead.
        if !slow_on_generated(set) {
            group.bench_function(format!("generated_20x5/{set}"), |b| {
                b.iter(|| mc.run(black_box(&gen20), &models, &[], &|| {}))
            });
        }
    }
    group.finish();
    let mut slow = c.benchmark_group("montecarlo_1000");
    slow.sample_size(10);
    let mc = MonteCarlo {
        runs: 1_000,
        seed: 1,
    };
    for (set, models) in sets().into_iter().filter(|(set, _)| slow_on_generated(set)) {
        slow.bench_function(format!("generated_20x5/{set}"), |b| {
            b.iter(|| mc.run(black_box(&gen20), &models, &[], &|| {}))
        });
    }
    slow.finish();
}

/// All five models on the flagship, 10,000 runs, inputs only against inputs plus a draw of
/// each model's measured error (the built-in DEU III error model), same seed.
fn bench_model_error(c: &mut Criterion) {
    let mut group = c.benchmark_group("model_error");
    group.sample_size(10);
    let mc = MonteCarlo {
        runs: 10_000,
        seed: 1,
    };
    let flag = flagship();
    let models = parley_core::models::all();
    let calibration = parley_scenario::calibration::builtin()
        .expect("the built-in error model reads")
        .calibration;
    let never = parley_core::cancel::Cancel::never();
    group.bench_function("flagship_all_five/inputs_only", |b| {
        b.iter(|| mc.run_calibrated(black_box(&flag), &models, &[], None, &|| {}, &never))
    });
    group.bench_function("flagship_all_five/with_model_error", |b| {
        b.iter(|| {
            mc.run_calibrated(
                black_box(&flag),
                &models,
                &[],
                Some(&calibration),
                &|| {},
                &never,
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench, bench_model_error);
criterion_main!(benches);
