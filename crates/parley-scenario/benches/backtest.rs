//! Criterion benchmarks of the DEU III backtest (`parley backtest deu3`): reading the file,
//! each model alone over the 141 proposals, and the whole backtest with every baseline and
//! model and its bootstrap intervals. Figures and the command are in docs/performance.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use parley_core::backtest::{Baseline, Predictor, backtest_negotiations};
use parley_core::models;
use parley_scenario::deu::{Capability, read};

fn deu3() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/deu/deu3.csv"
    );
    std::fs::read_to_string(path).expect("../shared/data/deu/deu3.csv is readable")
}

/// The command's rows: five baselines, every model, the NBS without the reversion point.
fn all_predictors() -> Vec<Predictor> {
    let mut p = vec![
        Predictor::Baseline(Baseline::Midpoint),
        Predictor::Baseline(Baseline::UnweightedMean),
        Predictor::Baseline(Baseline::Actor("com".into())),
        Predictor::Baseline(Baseline::SalienceWeightedMean),
        Predictor::Baseline(Baseline::CapabilitySalienceWeightedMean),
    ];
    for m in models::all() {
        p.push(Predictor::Model(m.info().id.to_owned(), m));
    }
    p.push(Predictor::ModelWithoutStatusQuo(
        "nbs without reversion point".into(),
        Box::<models::Nbs>::default(),
    ));
    p
}

fn bench(c: &mut Criterion) {
    let text = deu3();
    let mut g = c.benchmark_group("backtest_deu3");
    g.bench_function("read", |b| {
        b.iter(|| read(black_box(&text), Capability::Gdp).expect("reads"))
    });
    let deu = read(&text, Capability::Gdp).expect("reads");
    for m in models::all() {
        let id = m.info().id;
        let one = [Predictor::Model(id.to_owned(), m)];
        g.bench_function(id, |b| {
            b.iter(|| backtest_negotiations(black_box(&deu.negotiations), &one, 0))
        });
    }
    let all = all_predictors();
    g.bench_function("all", |b| {
        b.iter(|| backtest_negotiations(black_box(&deu.negotiations), &all, 0))
    });
    g.finish();
    // The accuracy candidates (issue 15) as `parley backtest --candidates` runs them; a run
    // takes seconds, so ten samples.
    let mut g = c.benchmark_group("backtest_deu3_candidates");
    g.sample_size(10);
    let families = parley_core::accuracy::preregistered();
    g.bench_function("all_with_candidates", |b| {
        b.iter(|| {
            parley_core::backtest::backtest_with_families(
                black_box(&deu.negotiations),
                &all,
                &families,
                0,
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
