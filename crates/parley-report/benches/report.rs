//! How long the flagship's report takes: rendering alone, given the results (the models, a
//! calibrated Monte Carlo of 1,000 runs and the sensitivity computed once, outside the timed
//! loop), and everything `parley report` computes for it (analysis, grand bargain, the
//! 1,000-run Monte Carlo with model error, the sensitivity over 1,000 runs, then the HTML).
//! The charts on their own follow.
#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use parley_core::Scenario;
use parley_core::calibration::Calibration;
use parley_report::chart;
use parley_report::html::{Computed, ReportData, compute, report};

const RUNS: usize = 1000;

/// What `parley report` computes and writes for a scenario, with `RUNS` Monte Carlo runs.
fn whole_report(s: &Scenario, calibration: &Calibration) -> String {
    let c = compute(s, Some(calibration), RUNS, s.meta.seed.unwrap_or(0)).unwrap();
    report(&data(s, &c)).unwrap()
}

/// The report's data from computed results.
fn data<'a>(s: &'a Scenario, c: &'a Computed) -> ReportData<'a> {
    ReportData::computed(s, c, "bench")
}

fn flagship(c: &mut Criterion) {
    let path: PathBuf =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/grand-bargain-2025.toml");
    let s = parley_scenario::read_file(&path).unwrap();
    let calibration =
        parley_scenario::calibration::for_scenario(&s, path.parent().map(Path::new)).unwrap();
    let computed = compute(&s, Some(&calibration), RUNS, s.meta.seed.unwrap_or(0)).unwrap();
    let data = data(&s, &computed);
    let mut g = c.benchmark_group("flagship");
    g.bench_function("report_html_given_1000_runs", |x| {
        x.iter(|| report(black_box(&data)).unwrap())
    });
    g.bench_function("forecasts_svg", |x| {
        x.iter(|| chart::forecasts(black_box(&s), black_box(&computed.analysis), None).unwrap())
    });
    let one = chart::forecasts(&s, &computed.analysis, None).unwrap();
    g.bench_function("forecasts_png", |x| {
        x.iter(|| black_box(&one).to_png().unwrap())
    });
    g.finish();

    // Seconds per iteration: few samples.
    let mut g = c.benchmark_group("flagship_whole");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("report_with_1000_run_monte_carlo", |x| {
        x.iter(|| whole_report(black_box(&s), &calibration))
    });
    g.finish();
}

criterion_group!(benches, flagship);
criterion_main!(benches);
