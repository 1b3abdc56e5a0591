//! `parley`: forecast how a multi-party negotiation ends.
//!
//! Thin edge around the core: parse arguments, load the scenario (or the embedded flagship),
//! run the models, render. Exit codes: 0 ok, 1 bad input, 2 usage.

mod advise;
mod backtest;
mod calibrate;
mod confirm;
mod diagnostics;
mod edits;
mod embedded;
mod eum;
mod extract;
mod help;
mod input;
mod library;
mod output;
mod panel;
mod plot;
mod report;
mod scan;
mod serve;
mod smp;
mod spreadsheet;
mod track;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use parley_core::{Model, Scenario, analyse, models};
use parley_report::text::count;
use parley_report::{csv, table};
use parley_scenario::{Format, LoadError};

const EXAMPLES: &str = "\
Examples:
  parley run                                  the embedded flagship scenario, all models
  parley run my.toml --model nbs --format json
  parley run --what-if us_stops_aid
  parley validate my.toml                     every problem at once, with line and column
  parley models                               the models and their sources";

/// Forecast how multi-party negotiations end.
#[derive(Debug, Parser)]
#[command(name = "parley", version, about, after_help = EXAMPLES)]
struct Cli {
    /// When to colour diagnostics and the highlighted article: auto (on a terminal, unless
    /// NO_COLOR is set), always or never.
    #[arg(
        long = "color",
        visible_alias = "colour",
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value_t = extract::Colour::Auto
    )]
    color: extract::Colour,
    #[command(subcommand)]
    command: Command,
}

/// The global `--color` choice, set once at start.
static COLOUR: std::sync::OnceLock<extract::Colour> = std::sync::OnceLock::new();

/// Whether to colour output going to a stream that is (`terminal`) or is not a terminal.
pub(crate) fn colour_on(terminal: bool) -> bool {
    match COLOUR.get().copied().unwrap_or(extract::Colour::Auto) {
        extract::Colour::Always => true,
        extract::Colour::Never => false,
        extract::Colour::Auto => terminal && std::env::var_os("NO_COLOR").is_none(),
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run models on a scenario and print the forecast.
    #[command(after_help = EXAMPLES)]
    Run(RunArgs),
    /// The grand bargain: trades within each linkage, who gains, deals, mediation, answers.
    #[command(after_help = help::BARGAIN)]
    Bargain {
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
    },
    /// Monte Carlo over the scenario's ranges: forecast bands, condition and deal probabilities.
    #[command(after_help = help::MC)]
    Mc(McArgs),
    /// Strategy advice for one actor: levers ranked by effect, best proposal, coalitions.
    #[command(after_help = help::ADVISE)]
    Advise(advise::AdviseArgs),
    /// Score every model and simple baselines against real outcomes (DEU III).
    #[command(after_help = help::BACKTEST)]
    Backtest(BacktestArgs),
    /// Write an error model file (each model's measured error) from resolved forecasts.
    #[command(after_help = help::CALIBRATE)]
    Calibrate(calibrate::CalibrateArgs),
    /// Which uncertain inputs move each forecast most (tornado tables).
    #[command(after_help = help::SENSITIVITY)]
    Sensitivity(SensitivityArgs),
    /// The base scenario against what-if variants, every model side by side.
    #[command(after_help = help::COMPARE)]
    Compare(CompareArgs),
    /// Check scenario files and list every problem.
    #[command(after_help = VALIDATE_EXAMPLES)]
    Validate {
        /// Scenario files (any format `run` reads: TOML, JSON, decide, KTAB, BDM, xlsx, CSV
        /// grid; `-`: standard input).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format: table (every problem rendered, on stderr when there are any) or
        /// json (one object per file on stdout, for editors and CI; see docs/json-output.md).
        #[arg(long, short, value_enum, default_value_t = ValidateFormat::Table)]
        format: ValidateFormat,
    },
    /// Convert another tool's scenario file or a spreadsheet to Parley's TOML (printed, or
    /// written with -o).
    #[command(after_help = IMPORT_EXAMPLES)]
    Import {
        /// The source format; default: xlsx by extension, else told by content (a CSV grid,
        /// decide rows, KTAB CSV or XML, a BDM table), else JSON by extension.
        #[arg(long, value_enum)]
        from: Option<ImportFormat>,
        /// The file to convert.
        file: PathBuf,
        #[command(flatten)]
        output: output::OutputArgs,
        #[command(flatten)]
        bdm: eum::BdmArgs,
    },
    /// A scenario as a spreadsheet: an xlsx workbook or a flat CSV grid (actors x issues),
    /// which `parley import` reads back to exactly the same scenario.
    Export(spreadsheet::ExportArgs),
    /// An expert panel: several codings of one negotiation merged into one scenario (medians,
    /// ranges covering the coders' spread, evidence naming who said what).
    Merge(panel::MergeArgs),
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
    Library {
        #[command(flatten)]
        db: library::DbArgs,
        #[command(subcommand)]
        command: library::LibraryCommand,
    },
    /// Forecast every issue and question and seal each forecast in the library with a
    /// SHA-256 commitment, so it can be scored once it resolves.
    #[command(after_help = help::SEAL)]
    Seal(track::SealArgs),
    /// Record what happened (a resolution file) and score the sealed forecasts against it.
    #[command(after_help = help::RESOLVE)]
    Resolve(track::ResolveArgs),
    /// Score forecasts against outcomes: absolute error, CRPS, Brier, per model. With no
    /// arguments: the embedded flagship against its shipped resolution.
    #[command(after_help = help::SCORE)]
    Score(track::ScoreArgs),
    /// Shell completions on standard output, e.g. `parley completions bash > ~/.local/share/bash-completion/completions/parley`.
    #[command(after_help = help::COMPLETIONS)]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The manual page (roff) on standard output, e.g. `parley man | man -l -`.
    #[command(after_help = help::MAN)]
    Man,
    /// List the models with a one-line description and their source.
    #[command(after_help = help::MODELS)]
    Models {
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// Scenario file (TOML, or JSON by extension; `-`: standard input); default: the embedded flagship scenario.
    file: Option<PathBuf>,
    /// Models to run (repeat or comma-separate); `all` runs every model.
    #[arg(long, short, value_delimiter = ',', default_value = "all")]
    model: Vec<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// Show round-by-round positions of iterative models. With --format csv: one long table
    /// `model,round,issue,actor,value` (round 0 is the start; an empty actor is the model's
    /// outcome that round) instead of the forecast records.
    #[arg(long)]
    rounds: bool,
    #[command(flatten)]
    variant: edits::VariantArgs,
    /// Set a parameter of KTAB's spatial model, over the scenario's [models.smp] (repeat), e.g.
    /// `--smp state_transitions=stochastic --smp seed=7`; `--smp help` lists them.
    #[arg(long, value_name = "KEY=VALUE")]
    smp: Vec<String>,
    #[command(flatten)]
    eum: eum::EumArgs,
}

#[derive(Debug, clap::Args)]
struct BacktestArgs {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CapabilityArg {
    /// GDP, from the dataset's second line.
    Gdp,
    /// All actors equal.
    Equal,
    /// Population (Eurostat, 1 January 2006; 2016 for proposals from 2014).
    Population,
    /// Council votes under the proposal's rule and period (unanimity: all states equal).
    Votes,
}

#[derive(Debug, clap::Args)]
struct SensitivityArgs {
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

#[derive(Debug, clap::Args)]
struct CompareArgs {
    /// Scenario file (`-`: standard input); default: the embedded flagship scenario.
    file: Option<PathBuf>,
    /// What-ifs defined in the scenario (repeat); default: all of them.
    #[arg(long = "what-if", value_name = "ID")]
    what_if: Vec<String>,
    /// An ad-hoc edit as a variant of its own, e.g. "usa.ukraine_aid.salience=0.3" (repeat).
    #[arg(long, value_name = "EDIT")]
    set: Vec<String>,
    /// Models to run (repeat or comma-separate); `all` runs every model.
    #[arg(long, short, value_delimiter = ',', default_value = "all")]
    model: Vec<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
}

#[derive(Debug, clap::Args)]
struct McArgs {
    /// Scenario file (`-`: standard input); default: the embedded flagship scenario.
    file: Option<PathBuf>,
    /// Number of runs.
    #[arg(long, default_value_t = 1000, value_parser = confirm::positive_runs)]
    runs: usize,
    /// Seed (default: the scenario's seed, else 0). Same seed, same results, any thread count.
    #[arg(long)]
    seed: Option<u64>,
    /// Models to run (repeat or comma-separate); `all` runs every model.
    #[arg(long, short, value_delimiter = ',', default_value = "all")]
    model: Vec<String>,
    /// Extra condition whose probability to report, e.g. "iran_nuclear >= 50 and iran_sanctions >= 40".
    #[arg(long)]
    condition: Vec<String>,
    #[command(flatten)]
    variant: edits::VariantArgs,
    /// Run once per value of one number, e.g. "usa.ukraine_aid.salience=0:1:0.25"
    /// (PATH=FROM:TO:STEP; each value applied as a last --set): the odds and forecasts per step.
    #[arg(long, value_name = "PATH=FROM:TO:STEP")]
    scan: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    #[command(flatten)]
    eum: eum::EumArgs,
    #[command(flatten)]
    confirm: confirm::ConfirmArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ImportFormat {
    /// decide-exchange-model rows (#A, #P, #M, #D).
    Decide,
    /// Bueno de Mesquita's actor table (Actor,Capability,Position,Salience), one issue.
    Bdm,
    /// Parley's own JSON.
    Json,
    /// KTAB's SMP scenarios (CSV or XML, told apart by content).
    Ktab,
    /// An xlsx workbook as `parley export` writes it (sheets grid, issues, evidence, more).
    Xlsx,
    /// A CSV grid as `parley export --format csv` writes it (actors x issues, then sections).
    Grid,
}

const IMPORT_EXAMPLES: &str = "\
Examples:
  parley import gb.xlsx -o back.toml              a workbook from `parley export`
  parley import grid.csv -o back.toml             a CSV grid (format told by content)
  parley import dummyData_3Dim.csv                a KTAB CSV scenario, printed
  parley import --from bdm --issue tax table.csv  a BDM actor table";

/// `validate`'s output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ValidateFormat {
    /// Rendered diagnostics.
    Table,
    /// One JSON object per file.
    Json,
}

const VALIDATE_EXAMPLES: &str = "\
Examples:
  parley validate my.toml                     every problem at once, with line and column
  parley validate a.toml b.xlsx grid.csv      several files, any format
  parley validate my.toml --format json       for editors and CI (exit code 1 on problems)";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Table,
    Json,
    Csv,
}

/// A failure to report on stderr, with its exit code.
#[derive(Debug)]
struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    fn input(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: 1,
        }
    }

    fn usage(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: 2,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _ = COLOUR.set(cli.color);
    let result = match cli.command {
        Command::Run(args) => run(&args),
        Command::Bargain {
            file,
            runs,
            format,
            variant,
        } => bargain(file.as_ref(), runs, format, &variant),
        Command::Mc(args) => monte_carlo(&args),
        Command::Compare(args) => compare(&args),
        Command::Sensitivity(args) => sensitivity(&args),
        Command::Advise(args) => advise::run(&args),
        Command::Backtest(args) => backtest::run(&args),
        Command::Calibrate(args) => calibrate::run(&args),
        Command::Validate { files, format } => match format {
            ValidateFormat::Table => validate(&files),
            ValidateFormat::Json => validate_json(&files),
        },
        Command::Import {
            from,
            file,
            output,
            bdm,
        } => import(from, &file, &output, &bdm),
        Command::Export(args) => spreadsheet::export(&args),
        Command::Merge(args) => panel::run(&args),
        Command::Extract(args) => {
            let inputs = extract::inputs(&args);
            let inputs: Vec<&std::path::Path> = inputs.iter().map(PathBuf::as_path).collect();
            args.output.check(&inputs).and_then(|()| {
                let t = extract::run(&args).map_err(Failure::input)?;
                args.output
                    .emit(t.as_bytes(), &output::size(t.len()), &inputs)
            })
        }
        Command::Models { format } => list_models(format),
        Command::Library { db, command } => library::run(&command, &db),
        Command::Seal(args) => track::seal(&args),
        Command::Resolve(args) => track::resolve(&args),
        Command::Score(args) => track::score(&args),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "parley", &mut out);
            emit_bytes(&out)
        }
        Command::Man => {
            let mut out = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut out) {
                Ok(()) => emit_bytes(&out),
                Err(e) => Err(Failure::input(format!(
                    "error: cannot render the manual page: {e}"
                ))),
            }
        }
        Command::Plot(args) => plot::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Serve(args) => serve::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
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

fn colour_stderr() -> bool {
    colour_on(std::io::stderr().is_terminal())
}

/// Renders a load error for a person.
fn load_failure(err: LoadError) -> Failure {
    match err {
        LoadError::Io { .. } => Failure::input(format!("error: {err}")),
        LoadError::Invalid { file, diagnostics } => {
            let style = diagnostics::Style {
                colour: colour_stderr(),
            };
            Failure::input(diagnostics::render(&file, &diagnostics, style))
        }
    }
}

fn load(file: Option<&PathBuf>) -> Result<Scenario, Failure> {
    match file {
        Some(path) => input::scenario(path),
        None => parley_scenario::read_str(embedded::NAME, embedded::TEXT, Format::Toml)
            .map_err(load_failure),
    }
}

fn select_models(names: &[String]) -> Result<Vec<Box<dyn Model>>, Failure> {
    if names.iter().any(|n| n == "all") {
        return Ok(models::all());
    }
    let mut chosen: Vec<Box<dyn Model>> = Vec::new();
    for name in names {
        let model = models::by_id(name).ok_or_else(|| {
            let known: Vec<&str> = models::listed().iter().map(|m| m.info().id).collect();
            Failure::usage(format!(
                "error: unknown model '{name}'; available: {}, all",
                known.join(", ")
            ))
        })?;
        if !chosen.iter().any(|m| m.info().id == model.info().id) {
            chosen.push(model);
        }
    }
    Ok(chosen)
}

fn run(args: &RunArgs) -> Result<(), Failure> {
    let chosen = args.eum.apply(select_models(&args.model)?);
    let mut base = load(args.file.as_ref())?;
    smp::apply(&mut base, &args.smp)?;
    let scenario = args.variant.apply(base)?;
    let analysis =
        analyse(&scenario, &chosen).map_err(|e| Failure::input(format!("error: {e}")))?;
    let calibration = calibrate::for_scenario(&scenario, args.file.as_ref())?;
    let seed = scenario.meta.seed.unwrap_or(0);
    let point =
        parley_core::calibration::point::point_error(&scenario, &analysis, &calibration, seed)
            .map_err(|e| Failure::input(format!("error: {e}")))?;
    let text = match args.format {
        OutputFormat::Json => {
            let value = parley_scenario::json::run_value(&analysis, &point)
                .map_err(|e| Failure::input(format!("error: cannot encode JSON: {e}")))?;
            json(&value)?
        }
        OutputFormat::Csv if args.rounds => rounds_csv(&analysis)?,
        OutputFormat::Csv => {
            csv::run(&analysis).map_err(|e| Failure::input(format!("error: {e}")))?
        }
        OutputFormat::Table => {
            let mut text = String::new();
            let label = args.variant.label();
            if !label.is_empty() {
                text.push_str(&label);
                text.push('\n');
            }
            text.push_str(&table::run::render(
                &analysis,
                scenario.meta.note.as_deref(),
                table_width(),
            ));
            text.push_str(&table::model_error::render(&point, table_width()));
            if args.rounds {
                let eum = args.eum.simulate(&scenario, &chosen);
                text.push_str(&table::rounds::render(
                    &analysis,
                    eum.as_ref(),
                    table_width(),
                ));
            }
            text
        }
    };
    emit(&text)
}

/// `run --rounds --format csv`: every iterative model's rounds, long format
/// (`model,round,issue,actor,value`; an empty actor is the model's outcome that round).
fn rounds_csv(a: &parley_core::Analysis) -> Result<String, Failure> {
    use parley_core::analysis::RoundPositions;
    let fail = |e: ::csv::Error| Failure::input(format!("error: cannot write CSV: {e}"));
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(["model", "round", "issue", "actor", "value"])
        .map_err(fail)?;
    let only_issue = a.issues.first().map(|i| i.id.as_str()).unwrap_or_default();
    for m in &a.models {
        let Some(rounds) = &m.rounds else { continue };
        for (k, r) in rounds.iter().enumerate() {
            let round = k.to_string();
            for (issue, v) in &r.forecast {
                w.write_record([m.model.as_str(), &round, issue, "", &v.to_string()])
                    .map_err(fail)?;
            }
            for (actor, p) in &r.positions {
                match p {
                    RoundPositions::One(v) => w
                        .write_record([m.model.as_str(), &round, only_issue, actor, &v.to_string()])
                        .map_err(fail)?,
                    RoundPositions::Many(by_issue) => {
                        for (issue, v) in by_issue {
                            w.write_record([
                                m.model.as_str(),
                                &round,
                                issue,
                                actor,
                                &v.to_string(),
                            ])
                            .map_err(fail)?;
                        }
                    }
                }
            }
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Failure::input(format!("error: cannot write CSV: {}", e.error())))?;
    String::from_utf8(bytes).map_err(|e| Failure::input(format!("error: {e}")))
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

fn sensitivity(args: &SensitivityArgs) -> Result<(), Failure> {
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

fn compare(args: &CompareArgs) -> Result<(), Failure> {
    let chosen = select_models(&args.model)?;
    let base = load(args.file.as_ref())?;
    let fail = |e: &dyn std::fmt::Display| Failure::input(format!("error: {e}"));
    let mut ids = args.what_if.clone();
    if ids.is_empty() && args.set.is_empty() {
        ids = base.what_ifs.iter().map(|w| w.id.clone()).collect();
    }
    let mut variants = Vec::with_capacity(ids.len() + args.set.len());
    for id in &ids {
        let s = base.with_what_if(id).map_err(|e| fail(&e))?;
        variants.push((id.clone(), analyse(&s, &chosen).map_err(|e| fail(&e))?));
    }
    for edit in &args.set {
        let s = parley_core::what_if::apply_edits(&base, edit, std::slice::from_ref(edit))
            .map_err(|e| fail(&e))?;
        variants.push((edit.clone(), analyse(&s, &chosen).map_err(|e| fail(&e))?));
    }
    if variants.is_empty() {
        return Err(Failure::input(
            "error: nothing to compare: the scenario defines no what-ifs; pass --set EDIT",
        ));
    }
    let base_analysis = analyse(&base, &chosen).map_err(|e| fail(&e))?;
    let text = match args.format {
        OutputFormat::Json => {
            let variants: Vec<serde_json::Value> = variants
                .iter()
                .map(|(name, a)| serde_json::json!({ "variant": name, "analysis": a }))
                .collect();
            json(&serde_json::json!({ "base": base_analysis, "variants": variants }))?
        }
        OutputFormat::Csv => csv::compare(&base_analysis, &variants)
            .map_err(|e| Failure::input(format!("error: {e}")))?,
        OutputFormat::Table => table::compare::render(&base_analysis, &variants, table_width()),
    };
    emit(&text)
}

fn monte_carlo(args: &McArgs) -> Result<(), Failure> {
    let chosen = args.eum.apply(select_models(&args.model)?);
    let scenario = args.variant.apply(load(args.file.as_ref())?)?;
    let seed = args.seed.or(scenario.meta.seed).unwrap_or(0);
    confirm::check_runs(args.runs)?;
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
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(args.runs as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let calibration = calibrate::for_scenario(&scenario, args.file.as_ref())?;
    let result = mc
        .run_calibrated(
            &scenario,
            &chosen,
            &args.condition,
            Some(&calibration),
            &|| bar.inc(1),
            &parley_core::cancel::Cancel::never(),
        )
        .map_err(|e| Failure::input(format!("error: {e}")))?;
    bar.finish_and_clear();
    let text = match args.format {
        OutputFormat::Json => json(&result)?,
        OutputFormat::Csv => csv::mc(&result),
        OutputFormat::Table => {
            let label = args.variant.label();
            let table = table::mc::render(&scenario.meta.name, &result, table_width());
            if label.is_empty() {
                table
            } else {
                format!("{label}\n{table}")
            }
        }
    };
    emit(&text)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    parley_scenario::json::pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| Failure::input(format!("error: cannot encode JSON: {e}")))
}

/// Writes to stdout; a closed pipe (`parley run | head`) is not an error worth a message.
fn emit(text: &str) -> Result<(), Failure> {
    emit_bytes(text.as_bytes())
}

/// [`emit`] for bytes.
fn emit_bytes(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::input(format!("error: cannot write output: {e}")))
        }
        _ => Ok(()),
    }
}

/// Terminal width when on a terminal; a fixed 120 when piped, so output is reproducible.
fn table_width() -> u16 {
    if std::io::stdout().is_terminal() {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(120)
    } else {
        120
    }
}

fn validate(files: &[PathBuf]) -> Result<(), Failure> {
    let mut report = String::new();
    let mut failed = false;
    for path in files {
        match input::scenario(path) {
            Ok(s) => report.push_str(&format!(
                "{}: ok ({}, {})\n",
                path.display(),
                count(s.actors.len(), "actor"),
                count(s.issues.len(), "issue")
            )),
            Err(f) => {
                failed = true;
                report.push_str(&f.message);
                if !f.message.ends_with('\n') {
                    report.push('\n');
                }
            }
        }
    }
    if failed {
        Err(Failure::input(report))
    } else {
        emit(&report)
    }
}

/// `validate --format json`: `{"files": [{"file", "ok", "actors", "issues"} or {"file", "ok":
/// false, "problems": [{"code", "message", "path", "line", "column"} or {"code": "sheet",
/// "message", "sheet", "row", "column"}]}]}` on stdout; exit code 1 when any file has a
/// problem.
fn validate_json(files: &[PathBuf]) -> Result<(), Failure> {
    use serde_json::{Value, json};
    let mut out = Vec::new();
    let mut failed = false;
    for path in files {
        let file = path.display().to_string();
        let entry = match input::scenario_detailed(path) {
            Ok(s) => json!({
                "file": file,
                "ok": true,
                "actors": s.actors.len(),
                "issues": s.issues.len(),
            }),
            Err(e) => {
                failed = true;
                let problems: Vec<Value> = match e {
                    input::InputError::Read(f) => vec![json!({
                        "code": "unreadable",
                        "message": f.message.trim_start_matches("error: ").trim_end(),
                    })],
                    input::InputError::Load(parley_scenario::LoadError::Io { source, .. }) => {
                        vec![json!({"code": "unreadable", "message": source.to_string()})]
                    }
                    input::InputError::Load(parley_scenario::LoadError::Invalid {
                        diagnostics,
                        ..
                    }) => diagnostics
                        .iter()
                        .map(|d| {
                            json!({
                                "code": d.code,
                                "message": d.message,
                                "path": d.path,
                                "line": d.line,
                                "column": d.column,
                            })
                        })
                        .collect(),
                    input::InputError::Sheet(parley_scenario::sheet::SheetError::Invalid {
                        problems,
                        ..
                    }) => problems
                        .iter()
                        .map(|p| {
                            json!({
                                "code": "sheet",
                                "message": p.message,
                                "sheet": p.place.sheet,
                                "row": p.place.row,
                                "column": p.place.column.map(parley_scenario::sheet::column_letters),
                                "header": p.place.header,
                            })
                        })
                        .collect(),
                    input::InputError::Sheet(other) => {
                        vec![json!({"code": "unreadable", "message": other.to_string()})]
                    }
                };
                json!({"file": file, "ok": false, "problems": problems})
            }
        };
        out.push(entry);
    }
    let text = json(&json!({ "files": out }))?;
    emit(&text)?;
    if failed {
        // The JSON says what; the exit code says that something is wrong.
        Err(Failure::input(""))
    } else {
        Ok(())
    }
}

fn import(
    from: Option<ImportFormat>,
    file: &std::path::Path,
    output: &output::OutputArgs,
    bdm: &eum::BdmArgs,
) -> Result<(), Failure> {
    let name = if input::is_stdin(file) {
        "<stdin>".to_owned()
    } else {
        file.display().to_string()
    };
    if bdm.given() && from.is_some_and(|f| f != ImportFormat::Bdm) {
        return Err(Failure::usage(
            "error: --issue and --scale apply to --from bdm",
        ));
    }
    output.check(&[file])?;
    let bytes = input::read_bytes(file)?;
    let xlsx = spreadsheet::is_xlsx_path(file) || spreadsheet::is_zip(&bytes);
    let (from, text) = match from {
        Some(ImportFormat::Xlsx) => (ImportFormat::Xlsx, String::new()),
        None if xlsx => (ImportFormat::Xlsx, String::new()),
        Some(f) => (f, input::decode(file, bytes.clone())?),
        None => {
            let text = input::decode(file, bytes.clone())?;
            let from = guess_import(file, &text, bdm.given()).ok_or_else(|| {
                Failure::usage(format!(
                    "error: cannot tell the format of {name}; give --from decide, bdm, json, \
                     ktab, xlsx or grid"
                ))
            })?;
            (from, text)
        }
    };
    let (format, what, notes) = match from {
        ImportFormat::Decide => (
            Format::Decide,
            "decide-exchange-model rows",
            "each actor's power becomes its capability; #P descriptions become issue notes; \
             #M bounds become the issue's scale (0-100 without them); nothing else is dropped",
        ),
        ImportFormat::Bdm => (
            Format::Bdm,
            "a BDM actor table",
            "one issue, named after the file unless --issue; each row's capability, position and \
             salience; the issue's note says how salience and the scale were read; nothing is dropped",
        ),
        ImportFormat::Json => (Format::Json, "Parley JSON", "nothing is dropped"),
        ImportFormat::Ktab => smp::import_format(&text),
        ImportFormat::Xlsx => (
            Format::Toml,
            "an xlsx workbook",
            "every sheet read (grid, issues, evidence, more); nothing is dropped",
        ),
        ImportFormat::Grid => (
            Format::Toml,
            "a CSV grid",
            "every section read (grid, issues, evidence, more); nothing is dropped",
        ),
    };
    let scenario = match from {
        ImportFormat::Bdm => {
            let options = bdm.options(&name).map_err(Failure::usage)?;
            parley_scenario::bdm::load(&name, &text, &options).map_err(load_failure)?
        }
        ImportFormat::Xlsx => spreadsheet::read_xlsx(&name, &bytes)?,
        ImportFormat::Grid => spreadsheet::read_grid(&name, &text)?,
        _ => parley_scenario::read_str(&name, &text, format).map_err(load_failure)?,
    };
    let toml = format!(
        "# Imported by `parley import --from {}` from {name} ({what}).\n# {notes}.\n\n{}",
        from.to_possible_value()
            .map_or("?".into(), |v| v.get_name().to_owned()),
        parley_scenario::write::to_toml(&scenario)
    );
    eprintln!(
        "imported {} and {} from {name}; {notes}",
        count(scenario.actors.len(), "actor"),
        count(scenario.issues.len(), "issue")
    );
    output.emit(toml.as_bytes(), &output::size(toml.len()), &[file])
}

/// The import format of `text` (read from `file`) when `--from` is not given: by content,
/// then JSON by extension. None for Parley TOML or anything unrecognised.
fn guess_import(file: &std::path::Path, text: &str, bdm_flags: bool) -> Option<ImportFormat> {
    if parley_scenario::sheet::grid::looks_like(text) {
        return Some(ImportFormat::Grid);
    }
    match Format::detect(file, text) {
        Format::Decide => Some(ImportFormat::Decide),
        Format::KtabCsv | Format::KtabXml => Some(ImportFormat::Ktab),
        Format::Bdm => Some(ImportFormat::Bdm),
        Format::Json => Some(ImportFormat::Json),
        Format::Toml if bdm_flags => Some(ImportFormat::Bdm),
        Format::Toml => None,
    }
}

fn list_models(format: OutputFormat) -> Result<(), Failure> {
    let infos: Vec<parley_core::ModelInfo> = models::listed().iter().map(|m| m.info()).collect();
    let text = match format {
        OutputFormat::Json => json(&infos)?,
        OutputFormat::Csv => {
            csv::models(&infos).map_err(|e| Failure::input(format!("error: {e}")))?
        }
        OutputFormat::Table => infos
            .iter()
            .map(|i| {
                format!(
                    "{:<12} {}\n{:<12} {}\n{:<12} source: {}\n",
                    i.id, i.name, "", i.summary, "", i.source
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
    };
    emit(&text)
}
