//! `parley plot`: one chart of a scenario's results (or of the DEU III backtest) as SVG or PNG.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use parley_core::{analyse, models};
use parley_report::Chart;
use parley_report::chart;

use crate::cli::progress::Progress;
use crate::cli::{Failure, ScenarioArgs};
use crate::commands::backtest::CapabilityArg;

/// Arguments of `parley plot`.
#[derive(Debug, clap::Args)]
pub struct PlotArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Which chart.
    #[arg(long, value_enum)]
    chart: ChartArg,
    #[command(flatten)]
    output: crate::cli::output::OutputArgs,
    /// Only this issue (default: every issue, one panel each).
    #[arg(long)]
    issue: Option<String>,
    /// Only this linkage, for `gains` (default: every linkage).
    #[arg(long)]
    linkage: Option<String>,
    /// The number to scan and its values, for `scan`, e.g. "usa.ukraine_aid.salience=0:1:0.25"
    /// (PATH=FROM:TO:STEP, as `parley mc --scan`).
    #[arg(long, value_name = "PATH=FROM:TO:STEP")]
    scan: Option<String>,
    /// Monte Carlo runs, for `mc`, `sensitivity` (at least 2) and `scan` (per value); default
    /// 1000.
    #[arg(long, value_parser = crate::cli::confirm::positive_runs)]
    runs: Option<usize>,
    /// Inputs per forecast, for `sensitivity` (at least 1: none would read as if no input
    /// moved the forecast).
    /// Default 5.
    #[arg(
        long,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..)
    )]
    top: Option<usize>,
    /// The DEU III data file, for `backtest` (e.g. ../shared/data/deu/deu3.csv).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Capabilities in the backtest: the dataset's GDP line (the default), or all equal.
    #[arg(long, value_enum)]
    capability: Option<CapabilityArg>,
    /// PNG scale factor (2 for sharp text on high-density screens), for `-o FILE.png`;
    /// default 1.
    #[arg(long = "png-scale")]
    scale: Option<f32>,
    #[command(flatten)]
    confirm: crate::cli::confirm::ConfirmArgs,
}

// The chart-specific flags are Options, not defaults, so that one given to a chart that does
// not use it is seen and refused ([`check_flags`]) instead of silently ignored.
const RUNS: usize = 1000;
const TOP: usize = 5;

impl PlotArgs {
    fn runs(&self) -> usize {
        self.runs.unwrap_or(RUNS)
    }
}

/// Refuses a flag the chart does not use, naming the charts that do.
fn check_flags(args: &PlotArgs, png: bool) -> Result<(), Failure> {
    use ChartArg::*;
    let uses: [(&str, bool, &[ChartArg]); 8] = [
        (
            "--issue",
            args.issue.is_some(),
            &[Rounds, Forecasts, Mc, Sensitivity],
        ),
        ("--linkage", args.linkage.is_some(), &[Gains]),
        ("--scan", args.scan.is_some(), &[Scan]),
        ("--runs", args.runs.is_some(), &[Mc, Sensitivity, Scan]),
        ("--top", args.top.is_some(), &[Sensitivity]),
        ("--data", args.data.is_some(), &[Backtest, Pit]),
        ("--capability", args.capability.is_some(), &[Backtest, Pit]),
        ("--yes", args.confirm.yes, &[Mc, Sensitivity, Scan]),
    ];
    for (flag, given, charts) in uses {
        if given && !charts.contains(&args.chart) {
            let names: Vec<String> = charts
                .iter()
                .map(|c| format!("--chart {}", name(*c)))
                .collect();
            return Err(Failure::usage(format!(
                "error: {flag} goes with {}; --chart {} does not use it",
                names.join(", "),
                name(args.chart)
            )));
        }
    }
    if args.scale.is_some() && !png {
        return Err(Failure::usage(
            "error: --png-scale goes with PNG output (-o FILE.png); SVG has no pixel scale",
        ));
    }
    if args.chart == Sensitivity && args.runs() < 2 {
        return Err(Failure::usage(
            "error: --runs must be at least 2 for --chart sensitivity (a variance share needs two runs)",
        ));
    }
    Ok(())
}

/// The chart's name as `--chart` takes it.
fn name(chart: ChartArg) -> String {
    chart
        .to_possible_value()
        .map_or_else(|| format!("{chart:?}"), |v| v.get_name().to_owned())
}

/// The charts `parley plot` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartArg {
    /// Positions by round per actor, per issue, for a model with rounds.
    Rounds,
    /// Every model's forecast vs the status quo and the actors' positions on each issue's line.
    Forecasts,
    /// Monte Carlo forecast distributions per issue and model.
    Mc,
    /// Sensitivity tornado: the inputs that move each forecast most.
    Sensitivity,
    /// Per-actor utility gains from each linkage (grand bargain).
    Gains,
    /// Per-actor utility gains under each model.
    ModelGains,
    /// Absolute error distributions per model and baseline on DEU III (needs --data).
    Backtest,
    /// Calibration of the error models: PIT histograms on DEU III's half B (needs --data).
    Pit,
    /// A parameter scan (needs --scan): each question's odds and each issue's forecast as one
    /// number goes through its values, a line per model.
    Scan,
}

/// Draws the chart and writes it.
pub fn exec(args: &PlotArgs) -> Result<(), Failure> {
    let scale = args.scale.unwrap_or(1.0);
    if !(scale.is_finite() && scale > 0.0 && scale <= 8.0) {
        return Err(Failure::usage("error: --png-scale must be in (0, 8]"));
    }
    let png = match args.output.output.as_deref().map(extension).transpose()? {
        Some(Ext::Png) => true,
        Some(Ext::Svg) | None => false,
    };
    check_flags(args, png)?;
    crate::cli::confirm::check_runs(args.runs())?;
    let inputs: Vec<&Path> = args
        .scenario
        .file
        .iter()
        .chain(args.data.iter())
        .map(PathBuf::as_path)
        .collect();
    args.output.check(&inputs)?;
    let chart = draw(args)?.with_note(&args.scenario.variant.label());
    let fail = |e: parley_report::ReportError| Failure::input(format!("error: {e}"));
    let bytes = match (&args.output.output, png) {
        (None, _) => (chart.to_svg() + "\n").into_bytes(),
        (Some(_), true) => chart.to_png_scaled(scale).map_err(fail)?,
        (Some(_), false) => chart.to_svg().into_bytes(),
    };
    let what = format!(
        "{}: {} x {} px",
        chart.title(),
        chart.width(),
        chart.height()
    );
    args.output.emit(&bytes, &what, &inputs)
}

enum Ext {
    Svg,
    Png,
}

fn extension(path: &Path) -> Result<Ext, Failure> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("svg") => Ok(Ext::Svg),
        Some("png") => Ok(Ext::Png),
        _ => Err(Failure::usage(format!(
            "error: cannot tell the format of {}: name it .svg or .png",
            path.display()
        ))),
    }
}

fn draw(args: &PlotArgs) -> Result<Chart, Failure> {
    let fail = |e: &dyn std::fmt::Display| Failure::input(format!("error: {e}"));
    if matches!(args.chart, ChartArg::Backtest | ChartArg::Pit) {
        let Some(data) = &args.data else {
            return Err(Failure::usage(format!(
                "error: --chart {} needs --data FILE (e.g. ../shared/data/deu/deu3.csv)",
                if args.chart == ChartArg::Pit {
                    "pit"
                } else {
                    "backtest"
                }
            )));
        };
        let (result, _) = crate::commands::backtest::score(
            data,
            args.capability.unwrap_or(CapabilityArg::Gdp),
            args.scenario.seed.unwrap_or(0),
        )?;
        return if args.chart == ChartArg::Pit {
            chart::pit(&result)
        } else {
            chart::backtest(&result)
        }
        .map_err(|e| fail(&e));
    }
    let scenario = args.scenario.scenario()?;
    let seed = args.scenario.seed(&scenario);
    let all = args.scenario.models()?;
    if args.chart == ChartArg::Scan {
        let Some(scan) = &args.scan else {
            return Err(Failure::usage(
                "error: --chart scan needs --scan PATH=FROM:TO:STEP (e.g. \
                 usa.ukraine_aid.salience=0:1:0.25)",
            ));
        };
        let job = crate::commands::mc::scan::Job {
            scan,
            runs: args.runs(),
            conditions: &[],
            seed,
            file: args.scenario.file(),
            confirm: args.confirm,
        };
        let result = crate::commands::mc::scan::compute(&scenario, &all, &job)?;
        return crate::commands::mc::scan::chart(&result, &scenario);
    }
    // `--model` chooses the models run and shown; one model named alone is the one whose
    // rounds or tornado the chart draws (an error names the models that have them).
    let only = match all.as_slice() {
        [m] if !args.scenario.all_models() => Some(m.info().id.to_owned()),
        _ => None,
    };
    let analysis = analyse(&scenario, &all).map_err(|e| fail(&e))?;
    let issue = args.issue.as_deref();
    let chart = match args.chart {
        ChartArg::Rounds => match &only {
            Some(m) => {
                // Every model runs, so that an error can name the ones with rounds.
                let every = args.scenario.eum.apply(models::all());
                let every = analyse(&scenario, &every).map_err(|e| fail(&e))?;
                chart::rounds(&every, m, issue)
            }
            None => {
                let model = analysis
                    .models
                    .iter()
                    .find(|m| m.rounds.is_some())
                    .map(|m| m.model.clone())
                    .ok_or_else(|| Failure::input("error: no model with rounds ran"))?;
                chart::rounds(&analysis, &model, issue)
            }
        },
        ChartArg::Forecasts => chart::forecasts(&scenario, &analysis, issue),
        ChartArg::Mc => {
            crate::cli::confirm::confirm_work(
                &scenario,
                &all,
                parley_core::cost::evaluations::analysis_and_runs(args.runs()),
                args.confirm,
            )?;
            let mc = parley_core::uncertainty::MonteCarlo {
                runs: args.runs(),
                seed,
            };
            let bar = Progress::new(args.runs(), "Monte Carlo runs");
            // With the models' measured error, as `parley mc`: the chart then shows both bands
            // (usability: a chart a client keeps showed the coding's ranges alone).
            let calibration =
                crate::commands::calibrate::for_scenario(&scenario, args.scenario.file())?;
            let result = mc
                .run_calibrated(
                    &scenario,
                    &all,
                    &[],
                    Some(&calibration),
                    &|| bar.tick(),
                    &parley_core::cancel::Cancel::never(),
                )
                .map_err(|e| fail(&e))?;
            bar.finish();
            chart::monte_carlo(&analysis, &result, issue)
        }
        ChartArg::Sensitivity => {
            crate::cli::confirm::confirm_work(
                &scenario,
                &all,
                parley_core::cost::evaluations::sensitivity(&scenario, args.runs()),
                args.confirm,
            )?;
            let bar = Progress::new(
                parley_core::uncertainty::sensitivity::steps(&scenario, args.runs()),
                "sensitivity (inputs, then Monte Carlo runs)",
            );
            let result = parley_core::uncertainty::sensitivity::measure_with_progress(
                &scenario,
                &all,
                args.runs(),
                seed,
                &|| bar.tick(),
            )
            .map_err(|e| fail(&e))?;
            bar.finish();
            chart::sensitivity(&result, only.as_deref(), issue, args.top.unwrap_or(TOP))
        }
        ChartArg::Gains => {
            let bargain = parley_core::bargain::bargain(&scenario).map_err(|e| fail(&e))?;
            chart::gains(&analysis, Some(&bargain), args.linkage.as_deref())
        }
        ChartArg::ModelGains => chart::model_gains(&analysis),
        ChartArg::Backtest | ChartArg::Pit | ChartArg::Scan => unreachable!("handled above"),
    };
    chart.map_err(|e| fail(&e))
}
