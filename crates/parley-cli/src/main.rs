//! `parley`: forecast how a multi-party negotiation ends.
//!
//! Thin edge around the core: parse arguments, hand each subcommand to its module under
//! `commands/` (its arguments and handler), render a failure. What the commands share
//! (scenario arguments, loading, output, diagnostics) is in `cli/`. Exit codes: 0 ok, 1 bad
//! input, 2 usage (docs/errors.md).

mod cli;
mod commands;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::cli::{COLOUR, help};
use crate::commands::{
    advise, backtest, bargain, calibrate, compare, completions, export, extract, import, library,
    man, mc, merge, models, plot, report, run, sensitivity, serve, track, validate,
};

/// Forecast how multi-party negotiations end.
#[derive(Debug, Parser)]
#[command(name = "parley", version, about, after_help = run::EXAMPLES)]
pub(crate) struct Cli {
    /// When to colour diagnostics and the highlighted article: auto (on a terminal, unless
    /// NO_COLOR is set), always or never.
    #[arg(
        long = "color",
        visible_alias = "colour",
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value_t = cli::Colour::Auto
    )]
    color: cli::Colour,
    /// When to show progress with an ETA on stderr for long commands: auto (when stderr is a
    /// terminal), always (off a terminal as plain lines) or never. Never on stdout.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value_t = cli::progress::When::Auto
    )]
    progress: cli::progress::When,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run models on a scenario and print the forecast.
    #[command(after_help = run::EXAMPLES)]
    Run(run::RunArgs),
    /// The grand bargain: trades within each linkage, who gains, deals, mediation, answers.
    #[command(after_help = help::BARGAIN)]
    Bargain(bargain::BargainArgs),
    /// Monte Carlo over the scenario's ranges: forecast bands, condition and deal probabilities.
    #[command(after_help = help::MC)]
    Mc(mc::McArgs),
    /// Strategy advice for one actor: levers ranked by effect, best proposal, coalitions.
    #[command(after_help = help::ADVISE)]
    Advise(advise::AdviseArgs),
    /// Score every model and simple baselines against real outcomes (DEU III).
    #[command(after_help = help::BACKTEST)]
    Backtest(backtest::BacktestArgs),
    /// Write an error model file (each model's measured error) from resolved forecasts.
    #[command(after_help = help::CALIBRATE)]
    Calibrate(calibrate::CalibrateArgs),
    /// Which uncertain inputs move each forecast most (tornado tables).
    #[command(after_help = help::SENSITIVITY)]
    Sensitivity(sensitivity::SensitivityArgs),
    /// The base scenario against what-if variants, every model side by side.
    #[command(after_help = help::COMPARE)]
    Compare(compare::CompareArgs),
    /// Check scenario files and list every problem.
    #[command(after_help = validate::EXAMPLES)]
    Validate(validate::ValidateArgs),
    /// Convert another tool's scenario file or a spreadsheet to Parley's TOML (printed, or
    /// written with -o).
    #[command(after_help = import::EXAMPLES)]
    Import(import::ImportArgs),
    /// A scenario as a spreadsheet: an xlsx workbook or a flat CSV grid (actors x issues),
    /// which `parley import` reads back to exactly the same scenario.
    Export(export::ExportArgs),
    /// An expert panel: several codings of one negotiation merged into one scenario (medians,
    /// ranges covering the coders' spread, evidence naming who said what).
    Merge(merge::MergeArgs),
    /// Read a news article: actors, relations, issues and stances, or a draft scenario.
    Extract(extract::ExtractArgs),
    /// One chart as SVG or PNG: rounds, forecasts, mc, sensitivity, gains, backtest.
    #[command(after_help = help::PLOT)]
    Plot(plot::PlotArgs),
    /// One self-contained HTML report: scenario, answers, every model with charts, method.
    #[command(after_help = help::REPORT)]
    Report(report::ReportArgs),
    /// The web workbench: edit a scenario and run it in a browser (default http://127.0.0.1:8080).
    #[command(after_help = help::SERVE)]
    Serve(serve::ServeArgs),
    /// The scenario library: save versions, list, show history, diff, restore, export, runs.
    #[command(after_help = help::LIBRARY)]
    Library(library::LibraryArgs),
    /// Forecast every issue and question and seal each forecast in the library with a
    /// SHA-256 commitment, so it can be scored once it resolves.
    ///
    /// A question's odds are sealed twice: with model error (as `parley mc` leads with) and
    /// inputs only.
    #[command(after_help = help::SEAL)]
    Seal(track::SealArgs),
    /// Record what happened (a resolution file) and score the sealed forecasts against it.
    ///
    /// A forecast counts in the track record when sealed on a day before its outcome's date.
    #[command(after_help = help::RESOLVE)]
    Resolve(track::ResolveArgs),
    /// Score forecasts against outcomes: absolute error, CRPS, Brier, per model. With no
    /// arguments: the embedded flagship against its shipped resolution.
    ///
    /// A question's Brier score is given for its odds with model error and for its inputs-only
    /// odds.
    #[command(after_help = help::SCORE)]
    Score(track::ScoreArgs),
    /// Shell completions on standard output, e.g. `parley completions bash > ~/.local/share/bash-completion/completions/parley`.
    #[command(after_help = help::COMPLETIONS)]
    Completions(completions::CompletionsArgs),
    /// The manual page (roff) on standard output, e.g. `parley man | man -l -`.
    #[command(after_help = help::MAN)]
    Man,
    /// List the models with a one-line description and their source.
    #[command(after_help = help::MODELS)]
    Models(models::ModelsArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _ = COLOUR.set(cli.color);
    cli::progress::set(cli.progress);
    let result = match &cli.command {
        Command::Run(args) => run::exec(args),
        Command::Bargain(args) => bargain::exec(args),
        Command::Mc(args) => mc::exec(args),
        Command::Compare(args) => compare::exec(args),
        Command::Sensitivity(args) => sensitivity::exec(args),
        Command::Advise(args) => advise::exec(args),
        Command::Backtest(args) => backtest::exec(args),
        Command::Calibrate(args) => calibrate::exec(args),
        Command::Validate(args) => validate::exec(args),
        Command::Import(args) => import::exec(args),
        Command::Export(args) => export::exec(args),
        Command::Merge(args) => merge::exec(args),
        Command::Extract(args) => extract::exec(args),
        Command::Models(args) => models::exec(args),
        Command::Library(args) => library::exec(args),
        Command::Seal(args) => track::seal(args),
        Command::Resolve(args) => track::resolve(args),
        Command::Score(args) => track::score(args),
        Command::Completions(args) => completions::exec(args),
        Command::Man => man::exec(),
        Command::Plot(args) => plot::exec(args),
        Command::Report(args) => report::exec(args),
        Command::Serve(args) => serve::exec(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) if f.code == 0 => {
            let _ = write!(std::io::stdout(), "{}", f.message);
            ExitCode::SUCCESS
        }
        Err(f) => {
            // An empty message: the output already said what (validate --format json).
            if !f.message.is_empty() {
                let _ = write!(std::io::stderr(), "{}", f.message);
                if !f.message.ends_with('\n') {
                    eprintln!();
                }
            }
            ExitCode::from(f.code)
        }
    }
}
