//! Writes the flagship scenario's report as `parley report` makes it (every model, the grand
//! bargain, a calibrated Monte Carlo and the sensitivity): for looking at it in a browser and
//! for the screenshots in `docs/images/`.
//!
//! `cargo run --release -p parley-report --example flagship_report -- [RUNS] [OUT.html]`
//! (default 1000 runs, `target/flagship-report.html`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use parley_report::html::{ReportData, compute, report};

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args
        .next()
        .map_or(1000, |r| r.parse().expect("RUNS: a number"));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = args
        .next()
        .map_or_else(|| root.join("target/flagship-report.html"), PathBuf::from);
    let path = root.join("scenarios/grand-bargain-2025.toml");
    let s = parley_scenario::read_file(&path).unwrap();
    let seed = s.meta.seed.unwrap_or(0);
    let calibration = parley_scenario::calibration::for_scenario(&s, path.parent()).unwrap();
    let c = compute(&s, Some(&calibration), runs, seed).unwrap();
    let generator = format!("parley {}", env!("CARGO_PKG_VERSION"));
    let html = report(&ReportData::computed(&s, &c, &generator)).unwrap();
    std::fs::write(&out, html).unwrap();
    println!("{}", out.display());
}
