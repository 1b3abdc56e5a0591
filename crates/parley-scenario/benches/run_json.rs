//! Criterion benchmark of the work behind `parley run --format json` on the flagship scenario,
//! exactly as the Python package's `parley.run` does it (the error model looked up, every
//! model run, the point forecasts' model error, the JSON text). Python's
//! `crates/parley-py/bench/bench_run.py` times the same call from Python; the two are compared
//! in docs/performance.md ("Python package").

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use parley_core::{analyse, models};

fn run_json(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/grand-bargain-2025.toml"
    );
    let s = parley_scenario::read_file(std::path::Path::new(path)).expect("the flagship reads");
    let all = models::all();
    c.bench_function("run_json/flagship", |b| {
        b.iter(|| {
            let calibration =
                parley_scenario::calibration::for_scenario(&s, None).expect("built-in calibration");
            let analysis = analyse(black_box(&s), &all).expect("the flagship runs");
            let point = parley_core::calibration::point::point_error(
                &s,
                &analysis,
                &calibration,
                s.meta.seed.unwrap_or(0),
            )
            .expect("model error");
            let document = parley_scenario::json::run_document(&analysis, &point);
            black_box(parley_scenario::json::pretty(&document).expect("JSON"))
        })
    });
}

criterion_group!(benches, run_json);
criterion_main!(benches);
