//! `parley report`: the self-contained HTML report of a scenario.

use std::path::{Path, PathBuf};

use parley_report::html::{ReportData, report};

use crate::cli::progress::Progress;
use crate::cli::{Failure, ScenarioArgs};
use crate::commands::track::ScoredAgainst;

/// Arguments of `parley report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    #[command(flatten)]
    output: crate::cli::output::OutputArgs,
    /// Monte Carlo runs behind the odds, bands and sensitivity shares (0: point values only;
    /// else at least 2).
    #[arg(long, default_value_t = 1000)]
    runs: usize,
    /// Also show the DEU III backtest from this data file (e.g. ../shared/data/deu/deu3.csv).
    #[arg(long, value_name = "FILE")]
    backtest: Option<PathBuf>,
    /// Score the forecasts against this resolution file (docs/library.md) in a track-record
    /// section. The embedded flagship gets its shipped resolution without this.
    #[arg(long, value_name = "FILE")]
    resolution: Option<PathBuf>,
    #[command(flatten)]
    confirm: crate::cli::confirm::ConfirmArgs,
}

/// Runs everything the report shows and writes it.
pub fn exec(args: &ReportArgs) -> Result<(), Failure> {
    let fail = |e: &dyn std::fmt::Display| Failure::input(format!("error: {e}"));
    let inputs: Vec<&Path> = args
        .scenario
        .file
        .iter()
        .chain(args.backtest.iter())
        .chain(args.resolution.iter())
        .map(PathBuf::as_path)
        .collect();
    args.output.check(&inputs)?;
    if args.runs == 1 {
        return Err(Failure::usage(
            "error: --runs must be 0 (point values only) or at least 2: the sensitivity's \
             variance shares need two runs",
        ));
    }
    let scenario = args.scenario.scenario()?;
    let models = args.scenario.models()?;
    let stdin = args.scenario.file().is_some_and(|f| f.as_os_str() == "-");
    // A variant is not what was forecast, and standard input is read only once: no score.
    let variant =
        !args.scenario.variant.what_if.is_empty() || !args.scenario.variant.set.is_empty();
    if args.resolution.is_some() && (variant || stdin) {
        return Err(Failure::usage(
            "error: --resolution scores the scenario as forecast: give it as a file (not \
             standard input) and without --what-if or --set, or leave --resolution out",
        ));
    }
    let against = if variant || stdin {
        None
    } else {
        ScoredAgainst::decide(args.resolution.as_ref(), args.scenario.file(), &scenario)
    };
    let scored = against.is_some();
    crate::cli::confirm::check_runs(args.runs)?;
    crate::cli::confirm::confirm_work(
        &scenario,
        &models,
        parley_core::cost::evaluations::report_scored(&scenario, args.runs, scored),
        args.confirm,
    )?;
    let seed = args.scenario.seed(&scenario);
    // Only the Monte Carlo uses the calibration: not looked for with 0 runs.
    let calibration = if args.runs == 0 {
        None
    } else {
        Some(crate::commands::calibrate::for_scenario(
            &scenario,
            args.scenario.file(),
        )?)
    };
    let bar = Progress::new(
        parley_report::html::steps(&scenario, args.runs),
        "Monte Carlo and sensitivity runs",
    );
    let computed = parley_report::html::compute_with(
        &scenario,
        &models,
        calibration.as_ref(),
        args.runs,
        seed,
        &|| bar.tick(),
    )
    .map_err(|e| fail(&e))?;
    bar.finish();
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
    let track_record = match &against {
        None => None,
        Some(against) => Some(crate::commands::track::for_report(
            args.scenario.file(),
            against,
            &crate::commands::track::AsReported {
                scenario: &scenario,
                models: &models,
                runs: args.runs,
                seed,
                calibration: calibration.as_ref(),
            },
        )?),
    };
    let generator = format!("parley {}", env!("CARGO_PKG_VERSION"));
    let variant = args.scenario.variant.label();
    let html = report(&ReportData {
        backtest: backtest.as_ref(),
        track_record: track_record.as_ref(),
        variant: Some(&variant),
        ..ReportData::computed(&scenario, &computed, &generator)
    })
    .map_err(|e| fail(&e))?;
    args.output.emit(
        html.as_bytes(),
        &crate::cli::output::size(html.len()),
        &inputs,
    )
}
