//! `parley backtest`: every model and the simple baselines against real outcomes (DEU III).
//!
//! Every model in `models::all()` joins as a row; each runs once per proposal over all of its
//! issues (see `docs/backtest.md`), so models that link issues see them together.
//! `--candidates` adds the pre-registered accuracy candidates of issue 15, each chosen on half A
//! (`parley_core::accuracy`), as extra rows and a summary.

use std::path::{Path, PathBuf};

use parley_core::backtest::{Backtest, Predictor, backtest_with_progress};
use parley_report::{csv, table};
use parley_scenario::deu::{self, Capability};

use crate::cli::progress::Progress;
use crate::cli::{Failure, OutputFormat, emit, json, table_width};

/// Arguments of `parley backtest`.
#[derive(Debug, clap::Args)]
pub(crate) struct BacktestArgs {
    /// The dataset's layout (only `deu3` so far).
    #[arg(value_parser = ["deu3"])]
    dataset: String,
    /// The data file, e.g. ../shared/data/deu/deu3.csv.
    path: PathBuf,
    /// Capabilities: the dataset's GDP line, all equal, population, or Council votes.
    #[arg(long, value_enum, default_value_t = CapabilityArg::Gdp)]
    capability: CapabilityArg,
    /// Seed of the bootstrap intervals.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Output format (csv: one line per issue with every forecast).
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// Also score the pre-registered accuracy candidates (issue 15, docs/backtest.md), each
    /// chosen on half A, as extra rows.
    #[arg(long)]
    candidates: bool,
}

/// `--capability`: whose weight each actor gets in the DEU III backtest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum CapabilityArg {
    /// GDP, from the dataset's second line.
    Gdp,
    /// All actors equal.
    Equal,
    /// Population (Eurostat, 1 January 2006; 2016 for proposals from 2014).
    Population,
    /// Council votes under the proposal's rule and period (unanimity: all states equal).
    Votes,
}

/// Reads the dataset, scores every predictor, prints the table, JSON or per-issue CSV.
pub(crate) fn exec(args: &BacktestArgs) -> Result<(), Failure> {
    let name = args.path.display().to_string();
    let started = std::time::Instant::now();
    let families = match args.candidates {
        true => parley_core::accuracy::preregistered(),
        false => Vec::new(),
    };
    let (result, skipped) = score_with(&args.path, args.capability, args.seed, &families)?;
    for warning in calibration_size_warnings(&name, &result) {
        eprintln!("{warning}");
    }
    let elapsed = started.elapsed();
    eprintln!("backtest took {:.2} s", elapsed.as_secs_f64());
    let out = match args.format {
        OutputFormat::Json => json(&result)?,
        OutputFormat::Csv => csv::backtest(&result),
        OutputFormat::Table => {
            let mut out = table::backtest::render(&name, &result, skipped, elapsed, table_width());
            // The time is the machine's, not the result's: stderr only, so that stdout is the
            // same on every run (issue 18).
            let timing = format!("; {:.2} s", elapsed.as_secs_f64());
            if let Some(end) = out.find('\n')
                && out[..end].ends_with(&timing)
            {
                out.replace_range(end - timing.len()..end, "");
            }
            out.push_str(&accuracy_text(&result));
            out
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
    score_with(path, capability, seed, &[])
}

/// [`score`] with candidate families chosen on half A (issue 15; none: the plain backtest).
fn score_with(
    path: &Path,
    capability: CapabilityArg,
    seed: u64,
    families: &[parley_core::accuracy::Family],
) -> Result<(Backtest, usize), Failure> {
    let text = crate::cli::input::read_text(path)?;
    score_text(path, &text, capability, seed, families)
}

/// [`score_with`] on the data already read from `path` (standard input can be read once).
pub(crate) fn score_text(
    path: &Path,
    text: &str,
    capability: CapabilityArg,
    seed: u64,
    families: &[parley_core::accuracy::Family],
) -> Result<(Backtest, usize), Failure> {
    let name = path.display().to_string();
    let capability = match capability {
        CapabilityArg::Gdp => Capability::Gdp,
        CapabilityArg::Equal => Capability::Equal,
        CapabilityArg::Population => Capability::Population,
        CapabilityArg::Votes => Capability::Votes,
    };
    let deu =
        deu::read(text, capability).map_err(|e| Failure::input(format!("error: {name}: {e}")))?;
    let bar = Progress::new(deu.negotiations.len(), "backtest: proposals");
    let result = backtest_with_progress(&deu.negotiations, &predictors(), families, seed, &|| {
        bar.tick()
    });
    bar.finish();
    Ok((result, deu.skipped))
}

/// A calibration set's cases and its negotiations in half A and half B.
type SetCounts = (usize, [usize; 2]);

/// What `parley calibrate` would say of each row's calibration set
/// ([`crate::commands::calibrate::set_size`]), as warnings: below the minimum negotiations
/// per half the backtest leaves the row's calibration out (the core does), below the
/// comfortable size its half-B coverage says nothing. Rows with the same counts share one
/// line (on a small file every row has the same negotiations).
fn calibration_size_warnings(name: &str, result: &Backtest) -> Vec<String> {
    let mut groups: Vec<(SetCounts, Vec<&str>)> = Vec::new();
    for (k, row) in result.rows.iter().enumerate() {
        let cases = parley_core::backtest::calibration_cases(
            &result.forecasts,
            &result.groups,
            &result.features,
            k,
        );
        let key = (
            cases.len(),
            parley_core::calibration::fit::negotiations_per_half(&cases),
        );
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, rows)) => rows.push(&row.name),
            None => groups.push((key, vec![&row.name])),
        }
    }
    let one_group = groups.len() == 1;
    groups
        .into_iter()
        .filter_map(|((cases, counts), rows)| {
            let listed: Vec<String> = rows.iter().map(|r| format!("'{r}'")).collect();
            let who = match (one_group, rows.len()) {
                (true, n) if n > 1 => "the calibration set of every row".to_owned(),
                (_, 1) => format!("the calibration set of row {}", listed.join(", ")),
                _ => format!("the calibration set of rows {}", listed.join(", ")),
            };
            match crate::commands::calibrate::set_size(&who, cases, counts) {
                Ok(None) => None,
                Ok(Some(w)) => Some(format!("warning: {name}: {w}")),
                Err(why) => Some(format!(
                    "warning: {name}: {why}; the backtest leaves {} calibration out",
                    if rows.len() == 1 { "its" } else { "their" }
                )),
            }
        })
        .collect()
}

/// The baselines, then every model Parley has, then the NBS without the reversion point
/// ([`parley_core::backtest::standard_predictors`], shared with the Python package).
pub(crate) fn predictors() -> Vec<Predictor> {
    parley_core::backtest::standard_predictors()
}

/// The accuracy candidates' choices on half A and the pre-registered half-B comparison
/// (issue 15, `docs/backtest.md`).
fn accuracy_text(result: &Backtest) -> String {
    use std::fmt::Write as _;
    let Some(acc) = &result.accuracy else {
        return String::new();
    };
    let mut out = format!(
        "\nAccuracy candidates (issue 15): each chosen on half A; CV = {}-fold over half-A proposals. Reference: {} (half-A MAE {:.2}).\n",
        acc.folds, acc.reference, acc.reference_half_a_mae
    );
    let half_b = result
        .halves
        .iter()
        .find(|h| h.half == parley_core::backtest::Half::B);
    for (k, f) in acc.families.iter().enumerate() {
        let row = half_b.and_then(|h| h.rows.iter().find(|r| r.name == f.name));
        let b = row.map_or("-".to_owned(), |r| {
            let d = r
                .versus_best_baseline
                .map_or("-".to_owned(), |[d, lo, hi]| {
                    format!("{d:+.2} [{lo:+.2}, {hi:+.2}]")
                });
            format!(
                "half B: MAE {:.2}, RMSE {:.2}, vs reference {d}",
                r.mae, r.rmse
            )
        });
        let mark = if acc.selected == Some(k) {
            " <- selected on half A"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "- {}{mark}: half-A MAE {:.2}, CV MAE {:.2} ({} cases, {} settings searched); {b}\n  chosen: {}",
            f.name, f.half_a_mae, f.cv_mae, f.cv_cases, f.searched, f.chosen
        );
    }
    out
}
