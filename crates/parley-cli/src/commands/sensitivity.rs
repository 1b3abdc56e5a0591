//! `parley sensitivity`: which uncertain inputs move each forecast most (tornado tables).

use std::io::IsTerminal;
use std::path::PathBuf;

use parley_report::{csv, table};

use crate::cli::{
    Failure, OutputFormat, confirm, edits, emit, json, load, select_models, table_width,
};

/// Arguments of `parley sensitivity`.
#[derive(Debug, clap::Args)]
pub(crate) struct SensitivityArgs {
    /// Scenario file (`-`: standard input); default: the embedded flagship scenario.
    file: Option<PathBuf>,
    /// Monte Carlo runs behind the variance shares.
    #[arg(long, default_value_t = 1000, value_parser = confirm::positive_runs)]
    runs: usize,
    /// Seed (default: the scenario's seed, else 0).
    #[arg(long)]
    seed: Option<u64>,
    /// Inputs shown per forecast in the table.
    #[arg(long, default_value_t = 5)]
    top: usize,
    /// Models to run (repeat or comma-separate); `all` runs every model.
    #[arg(long, short, value_delimiter = ',', default_value = "all")]
    model: Vec<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// Also estimate Sobol first-order (S) and total (ST) indices from N base samples
    /// (Saltelli/Jansen estimators, seeded by --seed). Costs N x (k + 2) runs of every model, k
    /// the number of uncertain inputs (the flagship has 59: N = 1000 is 61,000 runs); the
    /// error falls as 1/sqrt(N).
    #[arg(long, value_name = "N")]
    sobol: Option<usize>,
    /// Bootstrap resamples behind the 95% intervals of the Sobol indices (0: none).
    #[arg(long, value_name = "B", default_value_t = parley_core::uncertainty::sobol::DEFAULT_RESAMPLES)]
    sobol_resamples: usize,
    #[command(flatten)]
    variant: edits::VariantArgs,
    #[command(flatten)]
    confirm: confirm::ConfirmArgs,
}

/// Runs `parley sensitivity`.
pub(crate) fn exec(args: &SensitivityArgs) -> Result<(), Failure> {
    let chosen = select_models(&args.model)?;
    let scenario = args.variant.apply(load(args.file.as_ref())?)?;
    let seed = args.seed.or(scenario.meta.seed).unwrap_or(0);
    confirm::check_runs(args.runs)?;
    let inputs = parley_core::uncertainty::sensitivity::steps(&scenario, args.runs)
        .saturating_sub(args.runs);
    let ids = chosen.iter().map(|m| m.info().id);
    let evaluations = inputs.saturating_mul(2).saturating_add(args.runs);
    confirm::confirm(
        parley_core::cost::for_scenario(&scenario, ids, evaluations),
        args.confirm,
    )?;
    let mut result =
        parley_core::uncertainty::sensitivity::measure(&scenario, &chosen, args.runs, seed)
            .map_err(|e| Failure::input(format!("error: {e}")))?;
    if let Some(samples) = args.sobol {
        let settings = parley_core::uncertainty::Sobol {
            samples,
            resamples: args.sobol_resamples,
            seed,
        };
        let bar = if std::io::stderr().is_terminal() {
            indicatif::ProgressBar::new(samples as u64)
        } else {
            indicatif::ProgressBar::hidden()
        };
        let sobol =
            parley_core::uncertainty::sobol::measure(&scenario, &chosen, &settings, &|| bar.inc(1))
                .map_err(|e| Failure::input(format!("error: {e}")))?;
        bar.finish_and_clear();
        result.add_sobol(&sobol);
    }
    let text = match args.format {
        OutputFormat::Json => json(&result)?,
        OutputFormat::Csv => csv::sensitivity(&result),
        OutputFormat::Table => {
            table::sensitivity::render(&scenario.meta.name, &result, args.top, table_width())
        }
    };
    emit(&text)
}
