//! `parley sensitivity`: which uncertain inputs move each forecast most (tornado tables).

use parley_core::uncertainty::sobol::MIN_REPORTED_SAMPLES;
use parley_report::{csv, table};

use crate::cli::progress::Progress;
use crate::cli::{
    Failure, OutputFormat, ScenarioArgs, confirm, emit, json, table_width, with_label,
};

/// Arguments of `parley sensitivity`.
#[derive(Debug, clap::Args)]
pub(crate) struct SensitivityArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Monte Carlo runs behind the variance shares (at least 2).
    #[arg(long, default_value_t = 1000, value_parser = confirm::variance_runs)]
    runs: usize,
    /// Inputs shown per forecast in the table (at least 1).
    #[arg(
        long,
        default_value_t = 5,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..)
    )]
    top: usize,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// Also estimate Sobol first-order (S) and total (ST) indices from N base samples
    /// (Saltelli/Jansen estimators, seeded by --seed). Costs N x (k + 2) runs of every model, k
    /// the number of uncertain inputs (the flagship has 59: N = 1000 is 61,000 runs); the
    /// error falls as 1/sqrt(N). At least 64; estimates or interval ends outside [0, 1]
    /// (sampling noise) are shown clamped to it, and the output says how many.
    #[arg(long, value_name = "N")]
    sobol: Option<usize>,
    /// Bootstrap resamples behind the 95% intervals of the Sobol indices: 0 (no intervals) or
    /// 40 to 10,000 (each 2.5% tail of the interval needs a resample of its own).
    #[arg(
        long,
        value_name = "B",
        default_value_t = parley_core::uncertainty::sobol::DEFAULT_RESAMPLES,
        value_parser = resamples
    )]
    sobol_resamples: usize,
    #[command(flatten)]
    confirm: confirm::ConfirmArgs,
}

/// Reads `--sobol-resamples`: 0, or enough resamples for a 95% percentile interval.
fn resamples(text: &str) -> Result<usize, String> {
    use parley_core::uncertainty::sobol::{MAX_RESAMPLES, MIN_RESAMPLES, resamples_allowed};
    let wanted = format!("0 (no intervals) or {MIN_RESAMPLES} to {MAX_RESAMPLES}");
    match text.trim().parse::<usize>() {
        Ok(n) if resamples_allowed(n) => Ok(n),
        Ok(n) => Err(format!(
            "{n} resamples cannot give a 95% interval (each 2.5% tail needs a resample of its \
             own); give {wanted}"
        )),
        Err(_) => Err(format!("not a whole number; give {wanted}")),
    }
}

/// Runs `parley sensitivity`.
pub(crate) fn exec(args: &SensitivityArgs) -> Result<(), Failure> {
    let chosen = args.scenario.models()?;
    let scenario = args.scenario.scenario()?;
    let seed = args.scenario.seed(&scenario);
    confirm::check_runs(args.runs)?;
    if let Some(samples) = args.sobol
        && samples < MIN_REPORTED_SAMPLES
    {
        return Err(Failure::usage(format!(
            "error: --sobol {samples} is too few base samples for the indices to mean anything; \
             give at least {MIN_REPORTED_SAMPLES} (their error falls as 1/sqrt(N): several \
             hundred are needed to rank close inputs)"
        )));
    }
    let inputs = parley_core::uncertainty::sensitivity::steps(&scenario, args.runs)
        .saturating_sub(args.runs);
    let sobol_runs = sobol_runs(&scenario, args.sobol)?;
    let ids = chosen.iter().map(|m| m.info().id);
    let evaluations = inputs
        .saturating_mul(2)
        .saturating_add(args.runs)
        .saturating_add(sobol_runs);
    confirm::confirm(
        parley_core::cost::for_scenario(&scenario, ids, evaluations),
        args.confirm,
    )?;
    let bar = Progress::new(
        parley_core::uncertainty::sensitivity::steps(&scenario, args.runs),
        "sensitivity (inputs, then Monte Carlo runs)",
    );
    let mut result = parley_core::uncertainty::sensitivity::measure_with_progress(
        &scenario,
        &chosen,
        args.runs,
        seed,
        &|| bar.tick(),
    )
    .map_err(|e| Failure::input(format!("error: {e}")))?;
    bar.finish();
    if let Some(samples) = args.sobol {
        let settings = parley_core::uncertainty::Sobol {
            samples,
            resamples: args.sobol_resamples,
            seed,
        };
        let bar = Progress::new(samples, "Sobol base samples");
        let sobol =
            parley_core::uncertainty::sobol::measure(&scenario, &chosen, &settings, &|| bar.tick())
                .map_err(|e| Failure::input(format!("error: {e}")))?;
        bar.finish();
        result.add_sobol(&sobol);
    }
    let text = match args.format {
        OutputFormat::Json => json(&args.scenario.variant.labelled(&result))?,
        OutputFormat::Csv => csv::sensitivity(&result),
        OutputFormat::Table => with_label(
            &args.scenario.variant.label(),
            crate::cli::no_ranges(&scenario).unwrap_or_else(|| {
                table::sensitivity::render(&scenario, &result, args.top, table_width())
            }),
        ),
    };
    emit(&text)
}

/// The runs `--sobol N` costs, N x (k + 2) for k uncertain inputs, refused over the Monte Carlo
/// run cap: the runs' forecasts are held until the indices are computed, so a large N
/// exhausted memory and aborted the process (sweep3 item 11).
fn sobol_runs(s: &parley_core::Scenario, samples: Option<usize>) -> Result<usize, Failure> {
    let Some(n) = samples else {
        return Ok(0);
    };
    let per_sample = parley_core::uncertainty::sample::Sampler::new(s)
        .len()
        .saturating_add(2);
    let runs = n.saturating_mul(per_sample);
    if runs > parley_core::cost::MAX_RUNS {
        return Err(Failure::usage(format!(
            "error: --sobol {n} needs {n} x ({} inputs + 2) = {runs} runs of every model, over \
             the maximum of {}; give at most --sobol {}",
            per_sample - 2,
            parley_core::cost::MAX_RUNS,
            parley_core::cost::MAX_RUNS / per_sample
        )));
    }
    Ok(runs)
}
