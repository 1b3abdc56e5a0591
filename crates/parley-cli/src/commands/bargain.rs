//! `parley bargain`: the grand bargain: trades within each linkage, who gains, deals,
//! mediation, answers.

use parley_core::analyse;
use parley_report::{csv, table};

use crate::cli::progress::Progress;
use crate::cli::{
    Failure, OutputFormat, ScenarioArgs, confirm, emit, json, table_width, with_label,
};
use crate::commands::calibrate;

/// Arguments of `parley bargain`.
#[derive(Debug, clap::Args)]
pub(crate) struct BargainArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Monte Carlo runs behind the answers' probabilities (0: point values only; default
    /// 1000). The table and CSV show them only for the scenario's questions.
    // An Option, not a default, so that runs given where nothing would show them are refused.
    #[arg(long)]
    runs: Option<usize>,
    /// Output format (json: the analysis and the linkage trades).
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    #[command(flatten)]
    confirm: confirm::ConfirmArgs,
}

/// Runs `parley bargain`.
pub(crate) fn exec(args: &BargainArgs) -> Result<(), Failure> {
    let (format, file) = (args.format, args.scenario.file());
    let scenario = args.scenario.scenario()?;
    // The table and CSV show Monte Carlo odds only in the questions' answers: without a
    // question the runs would be spent, or asked for, in vain.
    let shown = !scenario.questions.is_empty() || format == OutputFormat::Json;
    let runs = match args.runs {
        Some(n) if n > 0 && !shown => {
            return Err(Failure::usage(format!(
                "error: --runs {n} sets the Monte Carlo runs behind the questions' odds, and this \
                 scenario has no [[question]], so the {} output would not use them; drop --runs \
                 (or use --format json, which includes the Monte Carlo forecasts)",
                if format == OutputFormat::Csv {
                    "CSV"
                } else {
                    "table"
                }
            )));
        }
        Some(n) => n,
        None if shown => 1000,
        None => 0,
    };
    let chosen = args.scenario.models()?;
    confirm::check_runs(runs)?;
    confirm::confirm_work(
        &scenario,
        &chosen,
        parley_core::cost::evaluations::analysis_and_runs(runs),
        args.confirm,
    )?;
    let fail = |e: &dyn std::fmt::Display| Failure::input(format!("error: {e}"));
    let analysis = analyse(&scenario, &chosen).map_err(|e| fail(&e))?;
    let bargain = parley_core::bargain::bargain(&scenario).map_err(|e| fail(&e))?;
    let odds = if runs == 0 {
        None
    } else {
        let seed = args.scenario.seed(&scenario);
        let mc = parley_core::uncertainty::MonteCarlo { runs, seed };
        let calibration = calibrate::for_scenario(&scenario, file)?;
        let bar = Progress::new(runs, "Monte Carlo runs");
        let result = mc
            .run_calibrated(
                &scenario,
                &chosen,
                &[],
                Some(&calibration),
                &|| bar.tick(),
                &parley_core::cancel::Cancel::never(),
            )
            .map_err(|e| fail(&e))?;
        bar.finish();
        Some(result)
    };
    let text = match format {
        OutputFormat::Json => json(&args.scenario.variant.labelled(&serde_json::json!({
            "analysis": analysis,
            "bargain": bargain,
            "monte_carlo": odds,
        })))?,
        OutputFormat::Csv => csv::bargain(&analysis, &bargain, odds.as_ref())
            .map_err(|e| Failure::input(format!("error: {e}")))?,
        OutputFormat::Table => {
            let caveat = scenario.meta.note.as_deref();
            with_label(
                &args.scenario.variant.label(),
                table::bargain::render(&analysis, &bargain, odds.as_ref(), caveat, table_width()),
            )
        }
    };
    emit(&text)
}
