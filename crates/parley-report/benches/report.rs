//! How long the flagship's report and charts take to render, given the results (the models,
//! Monte Carlo and sensitivity are computed once, outside the timed loops).
#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use parley_core::{analyse, models};
use parley_report::chart;
use parley_report::html::{ReportData, report};

fn flagship(c: &mut Criterion) {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/grand-bargain-2025.toml");
    let s = parley_scenario::read_file(&path).unwrap();
    let all = models::all();
    let a = analyse(&s, &all).unwrap();
    let b = parley_core::bargain::bargain(&s).unwrap();
    let seed = s.meta.seed.unwrap_or(0);
    let mc = parley_core::uncertainty::MonteCarlo { runs: 1000, seed }
        .run(&s, &all, &[], &|| {})
        .unwrap();
    let sens = parley_core::uncertainty::sensitivity::measure(&s, &all, 1000, seed).unwrap();
    let data = ReportData {
        scenario: &s,
        analysis: &a,
        bargain: Some(&b),
        monte_carlo: Some(&mc),
        sensitivity: Some(&sens),
        backtest: None,
        generator: "bench",
        track_record: None,
    };
    let mut g = c.benchmark_group("flagship");
    g.bench_function("report_html", |x| {
        x.iter(|| report(black_box(&data)).unwrap())
    });
    g.bench_function("forecasts_svg", |x| {
        x.iter(|| chart::forecasts(black_box(&s), black_box(&a), None).unwrap())
    });
    let one = chart::forecasts(&s, &a, None).unwrap();
    g.bench_function("forecasts_png", |x| {
        x.iter(|| black_box(&one).to_png().unwrap())
    });
    g.finish();
}

criterion_group!(benches, flagship);
criterion_main!(benches);
