//! `parley mc`: Monte Carlo over the scenario's ranges: forecast bands, condition and deal
//! probabilities; `--scan` runs it once per value of one number (`mc/scan.rs`).

pub(crate) mod scan;

use parley_report::{csv, table};

use crate::cli::progress::Progress;
use crate::cli::{
    Failure, OutputFormat, ScenarioArgs, confirm, emit, json, table_width, with_label,
};
use crate::commands::calibrate;

/// Arguments of `parley mc`.
#[derive(Debug, clap::Args)]
pub(crate) struct McArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Number of runs.
    #[arg(long, default_value_t = 1000, value_parser = confirm::positive_runs)]
    runs: usize,
    /// Extra condition whose probability to report, e.g. "iran_nuclear >= 50 and iran_sanctions >= 40".
    #[arg(long)]
    condition: Vec<String>,
    /// Run once per value of one number, e.g. "usa.ukraine_aid.salience=0:1:0.25"
    /// (PATH=FROM:TO:STEP; each value applied as a last --set): the odds and forecasts per step.
    #[arg(long, value_name = "PATH=FROM:TO:STEP")]
    scan: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    #[command(flatten)]
    confirm: confirm::ConfirmArgs,
}

/// Runs `parley mc`.
pub(crate) fn exec(args: &McArgs) -> Result<(), Failure> {
    let chosen = args.scenario.models()?;
    let scenario = args.scenario.scenario()?;
    let seed = args.scenario.seed(&scenario);
    confirm::check_runs(args.runs)?;
    // A --condition is the command line's own value: a bad one (an unknown issue, a threshold
    // off the scale) is a usage error, exit 2; the file's questions are checked by validation.
    for text in &args.condition {
        parley_core::condition::Condition::parse(text)
            .and_then(|c| c.resolve(&scenario.issues))
            .map_err(|e| Failure::usage(format!("error: --condition \"{text}\": {e}")))?;
    }
    if let Some(scan) = &args.scan {
        return scan::run(args, &scenario, &chosen, scan, seed);
    }
    let ids = chosen.iter().map(|m| m.info().id);
    confirm::confirm(
        parley_core::cost::for_scenario(&scenario, ids, args.runs),
        args.confirm,
    )?;
    let mc = parley_core::uncertainty::MonteCarlo {
        runs: args.runs,
        seed,
    };
    let bar = Progress::new(args.runs, "Monte Carlo runs");
    let calibration = calibrate::for_scenario(&scenario, args.scenario.file())?;
    let result = mc
        .run_calibrated(
            &scenario,
            &chosen,
            &args.condition,
            Some(&calibration),
            &|| bar.tick(),
            &parley_core::cancel::Cancel::never(),
        )
        .map_err(|e| Failure::input(format!("error: {e}")))?;
    bar.finish();
    let text = match args.format {
        OutputFormat::Json => json(&args.scenario.variant.labelled(&result))?,
        OutputFormat::Csv => csv::mc(&result),
        OutputFormat::Table => with_label(
            &args.scenario.variant.label(),
            crate::cli::scenario_notes(&scenario)
                + &crate::cli::no_ranges(&scenario).unwrap_or_default()
                + &table::mc::render(&scenario, &result, table_width()),
        ),
    };
    emit(&text)
}
