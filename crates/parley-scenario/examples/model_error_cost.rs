//! What drawing each model's measured error adds to a Monte Carlo run, counted in instructions
//! rather than seconds so that a busy machine does not blur it (issue 13 asks for at most 15%):
//!
//! ```sh
//! cargo build --release -p parley-scenario --example model_error_cost
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.off \
//!     target/release/examples/model_error_cost 1000 off
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.on \
//!     target/release/examples/model_error_cost 1000 on
//! ```
//!
//! Arguments: RUNS and `on` (the built-in DEU III error model) or `off` (inputs only). Both
//! run all five models on the shipped flagship with seed 1 (same draws of the inputs, so the
//! same model work) and print one line saying what ran.

use parley_core::cancel::Cancel;
use parley_core::uncertainty::MonteCarlo;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let runs: usize = args.next().as_deref().unwrap_or("1000").parse()?;
    let with_error = match args.next().as_deref() {
        Some("on") | None => true,
        Some("off") => false,
        Some(other) => return Err(format!("expected `on` or `off`, got `{other}`").into()),
    };
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/grand-bargain-2025.toml"
    );
    let scenario = parley_scenario::read_file(std::path::Path::new(path))?;
    let models = parley_core::models::all();
    let calibration = parley_scenario::calibration::builtin()?.calibration;
    let mc = MonteCarlo { runs, seed: 1 };
    let result = mc.run_calibrated(
        &scenario,
        &models,
        &[],
        with_error.then_some(&calibration),
        &|| {},
        &Cancel::never(),
    )?;
    println!(
        "runs {runs}, model error {}: {} models summarised",
        if with_error { "on" } else { "off" },
        result.models.len()
    );
    Ok(())
}
