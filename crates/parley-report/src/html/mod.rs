//! The self-contained HTML report: one file with inline CSS and inline SVG charts, no external
//! fonts, scripts or styles, readable on screen and printed.
//!
//! Order: the scenario (actors, issues, the evidence behind every number), the scenario's
//! questions answered in sentences with their numbers and Monte Carlo uncertainty, the
//! model-by-model detail with charts, then the method notes and the caveat that the numbers
//! are an analyst's judgments.

mod answers;
mod brief;
mod compute;
mod detail;
mod page;
mod scenario;
mod track;
mod words;

pub use compute::{ComputeError, Computed, compute, compute_cancellable, compute_with, steps};

use parley_core::backtest::Backtest;
use parley_core::bargain::Bargain;
use parley_core::uncertainty::{McResult, Sensitivity};
use parley_core::{Analysis, Scenario};

use crate::error::ReportError;
use crate::text::num;
use page::Page;

/// Everything the report is made from. `analysis` must come from `scenario`; the optional parts
/// add their sections (and the answers' uncertainty) when present.
#[derive(Debug, Clone, Copy)]
pub struct ReportData<'a> {
    /// The scenario as the analyst wrote it (evidence, ranges, questions' notes).
    pub scenario: &'a Scenario,
    /// Every model's results on it.
    pub analysis: &'a Analysis,
    /// The grand-bargain view of its linkages.
    pub bargain: Option<&'a Bargain>,
    /// Monte Carlo over its ranges.
    pub monte_carlo: Option<&'a McResult>,
    /// Sensitivity of each forecast to each uncertain input.
    pub sensitivity: Option<&'a Sensitivity>,
    /// A backtest to show alongside (optional; not scenario-specific).
    pub backtest: Option<&'a Backtest>,
    /// What made the report, e.g. "parley 0.1.0" (shown in the footer).
    pub generator: &'a str,
    /// The forecasts scored against what happened (optional).
    pub track_record: Option<&'a TrackRecord>,
    /// What was changed from the analyst's coding before the run, when anything was (the
    /// CLI's `What-if: a + b; set: ...`): the brief then says at its head that its numbers are
    /// a variant's.
    pub variant: Option<&'a str>,
}

impl<'a> ReportData<'a> {
    /// The report of `scenario` from what [`compute`] gave for it, made by `generator`,
    /// without a backtest or a track record (set those fields to add their sections).
    pub fn computed(scenario: &'a Scenario, computed: &'a Computed, generator: &'a str) -> Self {
        ReportData {
            scenario,
            analysis: &computed.analysis,
            bargain: Some(&computed.bargain),
            monte_carlo: computed.monte_carlo.as_ref(),
            sensitivity: computed.sensitivity.as_ref(),
            backtest: None,
            generator,
            track_record: None,
            variant: None,
        }
    }
}

/// The scenario's forecasts scored against what happened, as the report shows them. Built by
/// the caller from `parley_library`'s score card, so this crate needs no database.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackRecord {
    /// Where the outcomes come from, e.g. a resolution file and its date.
    pub source: String,
    /// Whether the scores count (forecasts sealed before the outcomes) or are hindsight.
    pub note: String,
    /// One row per model.
    pub models: Vec<TrackModel>,
    /// One row per resolved issue or question.
    pub outcomes: Vec<TrackOutcome>,
}

/// One model's mean scores.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackModel {
    /// Model id.
    pub model: String,
    /// Mean absolute error over the issues.
    pub mean_abs_error: Option<f64>,
    /// Mean CRPS over the issues.
    pub mean_crps: Option<f64>,
    /// Mean Brier score of the questions' odds with model error (the odds the report leads
    /// with), over the questions that have them.
    pub mean_brier_with_model_error: Option<f64>,
    /// Mean Brier score of the questions' inputs-only odds.
    pub mean_brier_inputs_only: Option<f64>,
    /// Forecasts that count (sealed on a day before their outcome's date).
    pub counted: usize,
}

/// One resolved issue or question.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackOutcome {
    /// Issue or question id.
    pub target: String,
    /// The outcome as text ("25", "no").
    pub outcome: String,
    /// Whether the outcome is an analyst's judgment.
    pub judgment: bool,
    /// Each model's forecast and score, as one line of text.
    pub forecasts: String,
    /// Public sources.
    pub sources: Vec<String>,
}

/// The report as one HTML document.
///
/// Order: the brief (title block, bottom line, each question answered in plain words with its
/// odds and the inputs that matter most) on the first page; the caveat and the forecasts chart;
/// the full answers; the scenario with its evidence; the model-by-model detail; the track
/// record; the method notes.
pub fn report(d: &ReportData) -> Result<String, ReportError> {
    let mut p = Page::new(&d.analysis.scenario);
    brief::section(&mut p, d);
    p.raw("<section class=\"lead\" id=\"forecast\">");
    variant_notice(&mut p, d);
    run_notes(&mut p, d);
    caveat(&mut p, d);
    p.tag_class("h2", "plain", "What the models forecast");
    p.figure(
        &crate::chart::forecasts(d.scenario, d.analysis, None),
        "Each issue's line with its two ends: actors' positions above (dot area ~ capability x \
         salience), the status quo dashed, each model's forecast below; the forecasts table \
         with Monte Carlo bands is under Model by model.",
    );
    p.raw("</section>");
    contents(&mut p, d);
    answers::section(&mut p, d)?;
    scenario::section(&mut p, d);
    detail::section(&mut p, d)?;
    track::section(&mut p, d);
    method(&mut p, d);
    Ok(p.finish(d.generator))
}

/// The changes made to the analyst's coding before the run, first and plainly: every number
/// below is the variant's, and the scenario section shows the changed values.
fn variant_notice(p: &mut Page, d: &ReportData) {
    let Some(variant) = d.variant.filter(|v| !v.is_empty()) else {
        return;
    };
    p.raw(
        "<aside class=\"caveat\"><strong>This brief is of a variant, not of the coding as \
           written.</strong> ",
    );
    p.text(&format!(
        "Applied before every run: {variant}. Every forecast, odds figure and value below \
         (the scenario section's included) is the variant's; the file itself is unchanged."
    ));
    p.raw("</aside>");
}

/// What applying the variant did beyond the changed numbers (a mediation that lapsed because
/// it was left with fewer than two parties), as the run's JSON `notes` and the terminal's
/// "Note:" lines say it.
fn run_notes(p: &mut Page, d: &ReportData) {
    for note in &d.analysis.notes {
        p.raw("<aside class=\"caveat\"><strong>Note.</strong> ");
        p.text(&note.text);
        p.raw("</aside>");
    }
}

/// The "numbers are judgments" box, with the scenario's own note.
fn caveat(p: &mut Page, d: &ReportData) {
    p.raw("<aside class=\"caveat\"><strong>The numbers are judgments, not data.</strong> ");
    p.text(
        "Every capability, position, salience and status quo below is an analyst's coding, \
         with a plausible range and the evidence behind it. The models turn those judgments \
         into consistent consequences; they do not measure anything. Read the forecasts as \
         \"if the coding is right, then\", and the Monte Carlo odds as how much the answers \
         depend on the coding's uncertainty.",
    );
    if let Some(note) = &d.scenario.meta.note {
        p.raw(" <em>");
        p.text(note);
        p.raw("</em>");
    }
    if let Some(r) = d.monte_carlo {
        model_error_caveat(p, r);
    }
    p.raw("</aside>");
}

/// Where the model error comes from, and how much of the uncertainty it is.
fn model_error_caveat(p: &mut Page, r: &McResult) {
    let Some(source) = &r.model_error else {
        return;
    };
    p.raw(" ");
    p.text(&format!(
        "Odds \"with model error\" also draw each model's error as measured on real outcomes: \
         {} ({}). Carrying it to a negotiation of another kind is an assumption.",
        source.source, source.origin
    ));
    let range = |f: fn(&parley_core::uncertainty::decompose::Shares) -> f64| {
        let xs: Vec<f64> = r
            .variance
            .issues
            .values()
            .filter_map(|v| v.shares.as_ref().map(f))
            .collect();
        let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (lo, hi) = (num(lo * 100.0, 0), num(hi * 100.0, 0));
        (!xs.is_empty()).then(|| {
            if lo == hi {
                format!("{lo}%")
            } else {
                format!("{lo}–{hi}%")
            }
        })
    };
    if let (Some(e), Some(m), Some(i)) = (
        range(|s| s.model_error),
        range(|s| s.model_choice),
        range(|s| s.input_ranges),
    ) {
        p.text(&format!(
            " Of each forecast's variance, the models' measured error accounts for {e} across \
             the issues, the choice among the models for {m} (the spread of their predictive \
             means: each forecast with its model's measured bias, so models that forecast \
             alike can still differ), and the coding's ranges for {i} (input ranges \
             outermost, model error innermost; parley mc gives the table)."
        ));
    }
}

fn contents(p: &mut Page, d: &ReportData) {
    p.raw("<nav class=\"toc\"><strong>Contents</strong><ol>");
    p.raw("<li><a href=\"#answers\">Answers to the scenario's questions</a><ol>");
    for (k, q) in d.analysis.questions.iter().enumerate() {
        p.raw(&format!("<li><a href=\"#q-{}\">", page::attr(&q.id)));
        p.text(&format!("Q{}. {}", k + 1, q.text));
        p.raw("</a></li>");
    }
    p.raw("</ol></li>");
    p.raw("<li><a href=\"#scenario\">The scenario and its evidence</a></li>");
    p.raw("<li><a href=\"#models\">Model by model</a></li>");
    if d.track_record.is_some() {
        p.raw("<li><a href=\"#track-record\">Track record</a></li>");
    }
    p.raw("<li><a href=\"#method\">Method notes</a></li></ol></nav>");
}

fn method(p: &mut Page, d: &ReportData) {
    p.raw("<section id=\"method\"><h2>Method notes</h2>");
    p.tag("h3", "Models");
    p.raw("<ul>");
    for m in &d.analysis.models {
        p.raw("<li><strong>");
        p.text(&m.name);
        p.raw("</strong> (<code>");
        p.text(&m.model);
        p.raw("</code>): ");
        p.text(&m.source);
        p.raw("</li>");
    }
    for s in &d.analysis.skipped {
        p.raw("<li>");
        p.text(&format!("{} did not run: {}", s.model, s.reason));
        p.raw("</li>");
    }
    p.raw("</ul>");
    p.tag("h3", "Gains");
    p.tag(
        "p",
        "Every gain uses one yardstick for every model: an actor's gain on an issue is its \
         salience x (distance of the status quo from its position - distance of the outcome \
         from its position) / 100, on the issue's 0-100 internal scale, so it lies between \
         -salience and +salience; totals add the issues the actor takes part in. Gains compare \
         outcomes for one actor; they are not comparable across actors as welfare.",
    );
    p.tag("h3", "Uncertainty");
    match d.monte_carlo {
        Some(r) => p.tag(
            "p",
            &format!(
                "Monte Carlo: {} runs with seed {}; {} with a range is drawn afresh in every run (triangular on its range with the point \
                 value as mode unless the scenario says otherwise), every model is rerun, and \
                 probabilities are shares of runs. The same seed gives the same numbers on any \
                 machine. Bands are the 5th to 95th percentile of a forecast over the runs.",
                r.runs,
                r.seed,
                if r.uncertain_inputs == 1 {
                    "the scenario's one number".to_owned()
                } else {
                    format!("each of the scenario's {} numbers", r.uncertain_inputs)
                }
            ),
        ),
        None => p.tag(
            "p",
            "No Monte Carlo was run for this report, so the answers carry no odds.",
        ),
    }
    if let Some(s) = d.sensitivity {
        p.tag(
            "p",
            &format!(
                "Sensitivity: each uncertain input set to the low and then the high end of its \
                 range with every other input at its point value (the swing), and the squared \
                 correlation between the input's draws and the forecast over {} Monte Carlo \
                 runs (seed {}), a first-order share of the forecast's variance that misses \
                 interactions.",
                s.runs, s.seed
            ),
        );
    }
    p.tag("h3", "Caveat");
    p.tag(
        "p",
        "The numbers are judgments: one analyst's coding of the sources listed above, not \
         measurements. The models are stylised accounts of bargaining, each with its own \
         assumptions; where they disagree, the disagreement is the finding. Nothing in this \
         report was tuned to make an answer come out.",
    );
    p.raw("</section>");
}
