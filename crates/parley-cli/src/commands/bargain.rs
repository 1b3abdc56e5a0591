//! `parley bargain`: the grand bargain: trades within each linkage, who gains, deals,
//! mediation, answers.

use std::path::PathBuf;

use parley_core::{analyse, models};
use parley_report::{csv, table};

use crate::cli::{Failure, OutputFormat, edits, emit, json, load, table_width};
use crate::commands::calibrate;

/// Arguments of `parley bargain`.
#[derive(Debug, clap::Args)]
pub(crate) struct BargainArgs {
    /// Scenario file (`-`: standard input); default: the embedded flagship scenario.
    file: Option<PathBuf>,
    /// Monte Carlo runs behind the answers' probabilities (0: point values only).
    #[arg(long, default_value_t = 1000)]
    runs: usize,
    /// Output format (json: the analysis and the linkage trades).
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    #[command(flatten)]
    variant: edits::VariantArgs,
}

/// Runs `parley bargain`.
pub(crate) fn exec(args: &BargainArgs) -> Result<(), Failure> {
    bargain(args.file.as_ref(), args.runs, args.format, &args.variant)
}

fn bargain(
    file: Option<&PathBuf>,
    runs: usize,
    format: OutputFormat,
    variant: &edits::VariantArgs,
) -> Result<(), Failure> {
    let scenario = variant.apply(load(file)?)?;
    let fail = |e: &dyn std::fmt::Display| Failure::input(format!("error: {e}"));
    let analysis = analyse(&scenario, &models::all()).map_err(|e| fail(&e))?;
    let bargain = parley_core::bargain::bargain(&scenario).map_err(|e| fail(&e))?;
    let odds = if runs == 0 {
        None
    } else {
        let seed = scenario.meta.seed.unwrap_or(0);
        let mc = parley_core::uncertainty::MonteCarlo { runs, seed };
        let calibration = calibrate::for_scenario(&scenario, file)?;
        Some(
            mc.run_calibrated(
                &scenario,
                &models::all(),
                &[],
                Some(&calibration),
                &|| {},
                &parley_core::cancel::Cancel::never(),
            )
            .map_err(|e| fail(&e))?,
        )
    };
    let text = match format {
        OutputFormat::Json => json(&serde_json::json!({
            "analysis": analysis,
            "bargain": bargain,
            "monte_carlo": odds,
        }))?,
        OutputFormat::Csv => csv::bargain(&analysis, &bargain, odds.as_ref())
            .map_err(|e| Failure::input(format!("error: {e}")))?,
        OutputFormat::Table => {
            let caveat = scenario.meta.note.as_deref();
            table::bargain::render(&analysis, &bargain, odds.as_ref(), caveat, table_width())
        }
    };
    emit(&text)
}
