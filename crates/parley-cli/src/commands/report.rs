//! `parley report`: the self-contained HTML report of a scenario.

use std::path::{Path, PathBuf};

use parley_report::html::{ReportData, report};

use crate::cli::Failure;

/// Arguments of `parley report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Scenario file (`-`: standard input); default: the embedded flagship scenario.
    file: Option<PathBuf>,
    #[command(flatten)]
    output: crate::cli::output::OutputArgs,
    #[command(flatten)]
    variant: crate::cli::edits::VariantArgs,
    /// Monte Carlo runs behind the odds, bands and sensitivity shares (0: point values only).
    #[arg(long, default_value_t = 1000)]
    runs: usize,
    /// Seed (default: the scenario's seed, else 0).
    #[arg(long)]
    seed: Option<u64>,
    /// Also show the DEU III backtest from this data file (e.g. ../shared/data/deu/deu3.csv).
    #[arg(long, value_name = "FILE")]
    backtest: Option<PathBuf>,
    /// Score the forecasts against this resolution file (docs/library.md) in a track-record
    /// section. The embedded flagship gets its shipped resolution without this.
    #[arg(long, value_name = "FILE")]
    resolution: Option<PathBuf>,
}

/// Runs everything the report shows and writes it.
pub fn exec(args: &ReportArgs) -> Result<(), Failure> {
    let fail = |e: &dyn std::fmt::Display| Failure::input(format!("error: {e}"));
    let inputs: Vec<&Path> = args
        .file
        .iter()
        .chain(args.backtest.iter())
        .chain(args.resolution.iter())
        .map(PathBuf::as_path)
        .collect();
    args.output.check(&inputs)?;
    let base = crate::cli::load(args.file.as_ref())?;
    let scenario = args.variant.apply(base)?;
    let seed = args.seed.or(scenario.meta.seed).unwrap_or(0);
    // Only the Monte Carlo uses the calibration: not looked for with 0 runs.
    let calibration = if args.runs == 0 {
        None
    } else {
        Some(crate::commands::calibrate::for_scenario(
            &scenario,
            args.file.as_ref(),
        )?)
    };
    let computed = parley_report::html::compute(&scenario, calibration.as_ref(), args.runs, seed)
        .map_err(|e| fail(&e))?;
    let backtest = match &args.backtest {
        Some(path) => {
            let (result, _) = crate::commands::backtest::score(
                path,
                crate::commands::backtest::CapabilityArg::Gdp,
                0,
            )?;
            Some(result)
        }
        None => None,
    };
    let stdin = args.file.as_ref().is_some_and(|f| f.as_os_str() == "-");
    let track_record = if !args.variant.what_if.is_empty() || !args.variant.set.is_empty() || stdin
    {
        // A variant is not what was forecast, and standard input was read already: no score.
        None
    } else {
        crate::commands::track::for_report(args.file.as_ref(), args.resolution.as_ref(), args.runs)?
    };
    let generator = format!("parley {}", env!("CARGO_PKG_VERSION"));
    let html = report(&ReportData {
        scenario: &scenario,
        analysis: &computed.analysis,
        bargain: Some(&computed.bargain),
        monte_carlo: computed.monte_carlo.as_ref(),
        sensitivity: computed.sensitivity.as_ref(),
        backtest: backtest.as_ref(),
        generator: &generator,
        track_record: track_record.as_ref(),
    })
    .map_err(|e| fail(&e))?;
    args.output.emit(
        html.as_bytes(),
        &crate::cli::output::size(html.len()),
        &inputs,
    )
}
