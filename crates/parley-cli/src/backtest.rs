//! `parley backtest`: every model and the simple baselines against real outcomes (DEU III).
//!
//! Every model in `models::all()` joins as a row; each runs once per proposal over all of its
//! issues (see `docs/backtest.md`), so models that link issues see them together.

use std::path::Path;

use parley_core::backtest::{Backtest, Baseline, Predictor, backtest_negotiations};
use parley_core::models;
use parley_report::{csv, table};
use parley_scenario::deu::{self, Capability};

use crate::{BacktestArgs, CapabilityArg, Failure, OutputFormat, emit, json, table_width};

/// Reads the dataset, scores every predictor, prints the table, JSON or per-issue CSV.
pub(crate) fn run(args: &BacktestArgs) -> Result<(), Failure> {
    let name = args.path.display().to_string();
    let started = std::time::Instant::now();
    let (result, skipped) = score(&args.path, args.capability, args.seed)?;
    let elapsed = started.elapsed();
    let out = match args.format {
        OutputFormat::Json => json(&result)?,
        OutputFormat::Csv => csv::backtest(&result),
        OutputFormat::Table => {
            table::backtest::render(&name, &result, skipped, elapsed, table_width())
        }
    };
    emit(&out)
}

/// The backtest exactly as `parley backtest` scores it (also behind the report's and
/// `parley plot`'s error charts), and how many issues had no outcome.
pub(crate) fn score(
    path: &Path,
    capability: CapabilityArg,
    seed: u64,
) -> Result<(Backtest, usize), Failure> {
    let name = path.display().to_string();
    let text = crate::input::read_text(path)?;
    let capability = match capability {
        CapabilityArg::Gdp => Capability::Gdp,
        CapabilityArg::Equal => Capability::Equal,
        CapabilityArg::Population => Capability::Population,
        CapabilityArg::Votes => Capability::Votes,
    };
    let deu =
        deu::read(&text, capability).map_err(|e| Failure::input(format!("error: {name}: {e}")))?;
    let result = backtest_negotiations(&deu.negotiations, &predictors(), seed);
    Ok((result, deu.skipped))
}

/// The baselines, then every model Parley has, then the NBS without the reversion point.
pub(crate) fn predictors() -> Vec<Predictor> {
    let mut predictors = vec![
        Predictor::Baseline(Baseline::Midpoint),
        Predictor::Baseline(Baseline::UnweightedMean),
        Predictor::Baseline(Baseline::Actor("com".into())),
        Predictor::Baseline(Baseline::SalienceWeightedMean),
        Predictor::Baseline(Baseline::CapabilitySalienceWeightedMean),
    ];
    for model in models::all() {
        let name = match model.info().id {
            "nbs" => "nbs (reversion point as disagreement)".to_owned(),
            "exchange" => "exchange (per proposal)".to_owned(),
            id => id.to_owned(),
        };
        predictors.push(Predictor::Model(name, model));
    }
    predictors.push(Predictor::ModelWithoutStatusQuo(
        "nbs, reversion point ignored (least agreement)".into(),
        Box::new(models::Nbs::default()),
    ));
    predictors
}
