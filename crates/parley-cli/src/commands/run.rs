//! `parley run`: run models on a scenario and print the forecast.

use parley_core::model::Model;
use parley_core::{Analysis, Scenario, analyse_observed};
use parley_report::{csv, table};

use crate::cli::progress::Progress;
use crate::cli::{Failure, OutputFormat, ScenarioArgs, emit, emit_json, table_width};
use crate::commands::calibrate;

/// Examples of `parley run` (also the top-level help's).
pub(crate) const EXAMPLES: &str = "\
Examples:
  parley run                                  the embedded flagship scenario, all models
  parley run my.toml --model nbs --format json
  parley run --what-if us_stops_aid
  parley validate my.toml                     every problem at once, with line and column
  parley models                               the models and their sources";

/// Arguments of `parley run`.
#[derive(Debug, clap::Args)]
pub(crate) struct RunArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// Show round-by-round positions of iterative models. With --format csv: one long table
    /// `model,round,issue,actor,value` (round 0 is the start; an empty actor is the model's
    /// outcome that round) instead of the forecast records.
    #[arg(long)]
    rounds: bool,
    #[command(flatten)]
    confirm: crate::cli::confirm::ConfirmArgs,
}

/// Runs `parley run`.
pub(crate) fn exec(args: &RunArgs) -> Result<(), Failure> {
    let chosen = args.scenario.models()?;
    let scenario = args.scenario.scenario()?;
    // One evaluation of each model; a scenario of thousands of actors makes even that minutes
    // of work, asked before it starts as mc does (sweep3 item 23).
    crate::cli::confirm::confirm_work(&scenario, &chosen, 1, args.confirm)?;
    let analysis = analyse_with_progress(&scenario, &chosen)?;
    let calibration = calibrate::for_scenario(&scenario, args.scenario.file())?;
    let seed = args.scenario.seed(&scenario);
    let point =
        parley_core::calibration::point::point_error(&scenario, &analysis, &calibration, seed)
            .map_err(|e| Failure::input(format!("error: {e}")))?;
    let text = match args.format {
        OutputFormat::Json => {
            return emit_json(
                &args
                    .scenario
                    .variant
                    .labelled(&parley_scenario::json::run_document(&analysis, &point)),
            );
        }
        OutputFormat::Csv if args.rounds => rounds_csv(&analysis)?,
        OutputFormat::Csv => {
            csv::run(&analysis).map_err(|e| Failure::input(format!("error: {e}")))?
        }
        OutputFormat::Table => {
            let mut text = String::new();
            let label = args.scenario.variant.label();
            if !label.is_empty() {
                text.push_str(&label);
                text.push('\n');
            }
            let mut notes = crate::cli::scenario_notes(&scenario);
            notes.push_str(&lone_issue_notes(&scenario));
            if let Some(caveat) = table::model_error::point_caveat(&analysis, &point) {
                notes.push_str(&caveat);
            }
            text.push_str(&table::run::render_with(
                &analysis,
                scenario.meta.note.as_deref(),
                &notes,
                Some(&point),
                table_width(),
            ));
            text.push_str(&table::model_error::render(
                &analysis,
                &point,
                table_width(),
            ));
            if args.rounds {
                let eum = args.scenario.eum.simulate(&scenario, &chosen);
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

/// A note under the forecasts for each issue on which fewer than two actors take part: every
/// model's "forecast" there is that actor's position, which the table cannot show
/// (usability item 4: a draft's one-actor issues were printed as forecasts without remark).
fn lone_issue_notes(s: &Scenario) -> String {
    parley_core::warnings::warnings(s)
        .iter()
        .filter(|w| matches!(w.kind, parley_core::warnings::WarningKind::LoneIssue { .. }))
        .map(|w| format!("Note: {}.\n", w.kind))
        .collect()
}

/// The analysis, with progress by model (one model can take minutes on a scenario of hundreds
/// of actors). The line names the model running and the whole run's order of magnitude by
/// `parley_core::cost`, an upper bound (iterative models stop once they converge).
fn analyse_with_progress(
    scenario: &Scenario,
    models: &[Box<dyn Model>],
) -> Result<Analysis, Failure> {
    let ids = models.iter().map(|m| m.info().id);
    let estimate = parley_core::cost::for_scenario(scenario, ids, 1);
    let progress = Progress::stages(models.len(), "run");
    let analysis = analyse_observed(scenario, models, &mut |start| {
        if start.index > 0 {
            progress.tick();
        }
        progress.say(&format!(
            "run (at most {} by the cost estimate): {} is model {} of {}",
            estimate.class.describe(),
            start.model,
            start.index + 1,
            start.of
        ));
    })
    .map_err(|e| Failure::input(format!("error: {e}")))?;
    if !models.is_empty() {
        progress.tick();
    }
    progress.finish();
    Ok(analysis)
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
