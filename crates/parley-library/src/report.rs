//! The track-record section of a report: the scenario's forecasts made now, scored against a
//! resolution file. `parley report`, the web workbench's `POST /api/report` and Python's
//! `parley.report` all build it here, so one scenario and one resolution give one section
//! wherever the report is made.
//!
//! The forecasts are made after the outcomes, so the section is hindsight, never a sealed
//! record (`parley seal` makes one), and it says so.

use parley_core::calibration::Calibration;
use parley_core::{Model, Scenario};
use parley_report::html::{TrackModel, TrackOutcome, TrackRecord};

use crate::LibraryError;
use crate::forecast::{TargetKind, forecast_calibrated};
use crate::resolution::{Resolution, ResolutionError};
use crate::score::{Scales, ScoreCard, Scored, score, unsealed};

/// The library key of the embedded flagship scenario (what its shipped resolution names).
pub const FLAGSHIP_KEY: &str = "grand-bargain-2025";

/// The flagship scenario's file name, as messages name it.
pub const FLAGSHIP_NAME: &str = "grand-bargain-2025.toml";

/// The text of `scenarios/grand-bargain-2025.toml`, the flagship every Parley program embeds.
pub const FLAGSHIP_TOML: &str = include_str!("../../../scenarios/grand-bargain-2025.toml");

/// The flagship's shipped resolution as a report names its source.
pub const FLAGSHIP_RESOLUTION_FILE: &str = "scenarios/grand-bargain-2025.resolution.toml";

/// The text of `scenarios/grand-bargain-2025.resolution.toml`: what happened in 2025.
pub const FLAGSHIP_RESOLUTION: &str =
    include_str!("../../../scenarios/grand-bargain-2025.resolution.toml");

/// What a report's forecasts are made from and with.
pub struct Forecasting<'a> {
    /// The scenario's key (library name), which error messages name.
    pub key: &'a str,
    /// The scenario, as the report runs it.
    pub scenario: &'a Scenario,
    /// The bytes it was read from (the forecasts record their hash).
    pub content: &'a [u8],
    /// The models; `parley report` runs every model.
    pub models: &'a [Box<dyn Model>],
    /// Monte Carlo runs behind the distributions (CRPS) and odds (Brier).
    pub runs: usize,
    /// Seed of the draws: the scenario's, else 0, as the report's own Monte Carlo.
    pub seed: u64,
    /// The scenario's error model, behind the odds with model error.
    pub calibration: Option<&'a Calibration>,
}

/// The track record of `forecasting`'s scenario against `resolution`, whose file is named
/// `source` in the section; `on_run` is called after each Monte Carlo run
/// ([`crate::progress_steps`] times), for a progress indicator.
pub fn track_record(
    forecasting: &Forecasting<'_>,
    resolution: &Resolution,
    source: &str,
    on_run: &(dyn Fn() + Sync),
) -> Result<TrackRecord, LibraryError> {
    let f = forecasting;
    let predictions = forecast_calibrated(
        f.key,
        f.scenario,
        f.content,
        f.models,
        f.runs,
        f.seed,
        f.calibration,
        on_run,
    )?;
    let card = score(
        &unsealed(predictions),
        &resolution.outcomes,
        &Scales::of(f.scenario),
    );
    Ok(from_card(&card, resolution, source, f.runs))
}

/// The section for `card`, the forecasts made now with `runs` runs scored against
/// `resolution` (named `source`). Outcomes no forecast reached are left out.
pub fn from_card(
    card: &ScoreCard,
    resolution: &Resolution,
    source: &str,
    runs: usize,
) -> TrackRecord {
    let models = card
        .models
        .iter()
        .map(|m| TrackModel {
            model: m.model.clone(),
            mean_abs_error: m.mean_abs_error,
            mean_crps: m.mean_crps,
            mean_brier_with_model_error: m.mean_brier_with_model_error,
            mean_brier_inputs_only: m.mean_brier,
            counted: m.counted,
        })
        .collect();
    let outcomes = resolution
        .outcomes
        .iter()
        .filter_map(|o| {
            let rows: Vec<String> = card
                .rows
                .iter()
                .filter(|row| row.target == o.target)
                .map(forecast_line)
                .collect();
            (!rows.is_empty()).then(|| TrackOutcome {
                target: o.target.clone(),
                outcome: match o.kind {
                    TargetKind::Issue => parley_report::text::num(o.value, 0),
                    TargetKind::Question => if o.value >= 0.5 { "yes" } else { "no" }.to_owned(),
                },
                judgment: o.judgment,
                forecasts: rows.join("; "),
                sources: o.sources.clone(),
            })
        })
        .collect();
    TrackRecord {
        source: format!("{source} (as of {})", resolution.as_of),
        note: format!(
            "These forecasts are made now, with {runs} Monte Carlo runs, after the outcomes: \
             hindsight, not a sealed record (parley seal makes one)."
        ),
        models,
        outcomes,
    }
}

/// One model's forecast of one target and its score, as the section lists it.
fn forecast_line(row: &Scored) -> String {
    match row.kind {
        TargetKind::Issue => format!(
            "{} {} (error {})",
            row.model,
            num(row.forecast, 1),
            num(row.abs_error, 1)
        ),
        TargetKind::Question => format!(
            "{} P(yes) {} with model error (Brier {}), {} inputs only (Brier {})",
            row.model,
            pct(row.forecast_with_model_error),
            num(row.brier_with_model_error, 3),
            pct(row.forecast),
            num(row.brier, 3)
        ),
    }
}

/// `v` with `digits` decimals, or `-` when absent.
fn num(v: Option<f64>, digits: usize) -> String {
    v.map_or("-".to_owned(), |v| format!("{v:.digits$}"))
}

/// A probability as a percentage with one decimal, or `-` when absent.
fn pct(p: Option<f64>) -> String {
    p.map_or("-".into(), |p| format!("{:.1}%", p * 100.0))
}

/// Whether `scenario` is the flagship as shipped, field for field (however it was sent: its
/// TOML, the same document as JSON, or the embedded copy).
pub fn is_flagship(scenario: &Scenario) -> bool {
    parley_scenario::read_str(FLAGSHIP_NAME, FLAGSHIP_TOML, parley_scenario::Format::Toml)
        .is_ok_and(|flagship| flagship == *scenario)
}

/// The resolution a report of `scenario` is scored against, with the name the section gives
/// its source, for callers without a library key to check it by (the web workbench, Python):
/// `given` (a file's name in messages and the section, and its text), checked against
/// `scenario`; else the shipped resolution when `scenario` is the flagship as shipped; else
/// none. Nothing is recorded, so outcome dates are checked against the file's `as_of` but not
/// against today (see [`crate::resolution::parse`]).
pub fn resolution_for(
    scenario: &Scenario,
    given: Option<(&str, &str)>,
) -> Result<Option<(Resolution, String)>, ResolutionError> {
    match given {
        Some((name, text)) => {
            crate::resolution::parse(name, text, scenario).map(|r| Some((r, name.to_owned())))
        }
        None if is_flagship(scenario) => {
            crate::resolution::parse(FLAGSHIP_RESOLUTION_FILE, FLAGSHIP_RESOLUTION, scenario)
                .map(|r| Some((r, FLAGSHIP_RESOLUTION_FILE.to_owned())))
        }
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::Prediction;
    use crate::resolution::Outcome;

    fn prediction(target: &str, kind: TargetKind) -> Prediction {
        Prediction {
            scenario: "s".into(),
            target: target.into(),
            kind,
            model: "m".into(),
            inputs_sha256: String::new(),
            seed: 0,
            runs: 1,
            point: None,
            probability: None,
            probability_with_model_error: None,
            error_model_sha256: None,
            holds: None,
            samples: Vec::new(),
        }
    }

    fn outcome(target: &str, kind: TargetKind, value: f64, judgment: bool) -> Outcome {
        Outcome {
            target: target.into(),
            kind,
            value,
            date: "2025-12-31".into(),
            sources: vec![format!("https://example.org/{target}")],
            judgment,
            note: String::new(),
        }
    }

    /// An issue forecast 30 that came out 25, a question given 80% (inputs only) and 60%
    /// (with model error) that resolved yes, and an issue no forecast reached.
    fn hand_case() -> (ScoreCard, Resolution) {
        let issue = Prediction {
            point: Some(30.0),
            samples: vec![30.0],
            ..prediction("x", TargetKind::Issue)
        };
        let question = Prediction {
            probability: Some(0.8),
            probability_with_model_error: Some(0.6),
            ..prediction("q", TargetKind::Question)
        };
        let resolution = Resolution {
            scenario: "s".into(),
            as_of: "2025-12-31".into(),
            outcomes: vec![
                outcome("x", TargetKind::Issue, 25.0, true),
                outcome("unforecast", TargetKind::Issue, 50.0, false),
                outcome("q", TargetKind::Question, 1.0, false),
            ],
        };
        let scales = Scales::from_widths([("x".to_owned(), 100.0)]);
        let card = score(
            &unsealed(vec![issue, question]),
            &resolution.outcomes,
            &scales,
        );
        (card, resolution)
    }

    #[test]
    fn the_section_gives_each_model_s_scores_and_each_outcome_s_forecasts() {
        let (card, resolution) = hand_case();
        let t = from_card(&card, &resolution, "f.toml", 200);
        assert_eq!(t.source, "f.toml (as of 2025-12-31)");
        assert!(t.note.contains("with 200 Monte Carlo runs"), "{}", t.note);
        // By hand: |30 - 25| = 5; the CRPS of one draw is its absolute error; Brier
        // (1 - 0.6)^2 = 0.16 with model error and (1 - 0.8)^2 = 0.04 inputs only; nothing
        // sealed, so nothing counts.
        let close = |v: Option<f64>, want: f64| v.is_some_and(|v| (v - want).abs() < 1e-12);
        assert_eq!(t.models.len(), 1);
        let m = &t.models[0];
        assert_eq!(m.model, "m");
        assert!(close(m.mean_abs_error, 5.0), "{m:?}");
        assert!(close(m.mean_crps, 5.0), "{m:?}");
        assert!(close(m.mean_brier_with_model_error, 0.16), "{m:?}");
        assert!(close(m.mean_brier_inputs_only, 0.04), "{m:?}");
        assert_eq!(m.counted, 0);
        let targets: Vec<&str> = t.outcomes.iter().map(|o| o.target.as_str()).collect();
        assert_eq!(targets, ["x", "q"], "the unforecast outcome is left out");
        assert_eq!(t.outcomes[0].outcome, "25");
        assert!(t.outcomes[0].judgment);
        assert_eq!(t.outcomes[0].forecasts, "m 30.0 (error 5.0)");
        assert_eq!(t.outcomes[0].sources, ["https://example.org/x"]);
        assert_eq!(t.outcomes[1].outcome, "yes");
        assert_eq!(
            t.outcomes[1].forecasts,
            "m P(yes) 60.0% with model error (Brier 0.160), 80.0% inputs only (Brier 0.040)"
        );
    }

    #[test]
    fn absent_odds_read_as_a_dash_and_a_no_outcome_as_no() {
        let resolution = Resolution {
            scenario: "s".into(),
            as_of: "2025-12-31".into(),
            outcomes: vec![outcome("q", TargetKind::Question, 0.0, false)],
        };
        let question = Prediction {
            probability: Some(0.25),
            ..prediction("q", TargetKind::Question)
        };
        let card = score(
            &unsealed(vec![question]),
            &resolution.outcomes,
            &Scales::default(),
        );
        let t = from_card(&card, &resolution, "f.toml", 10);
        assert_eq!(t.outcomes[0].outcome, "no");
        // (0.25 - 0)^2 = 0.0625, printed to three decimals.
        assert_eq!(
            t.outcomes[0].forecasts,
            "m P(yes) - with model error (Brier -), 25.0% inputs only (Brier 0.062)"
        );
    }

    fn flagship() -> Scenario {
        parley_scenario::read_str(FLAGSHIP_NAME, FLAGSHIP_TOML, parley_scenario::Format::Toml)
            .expect("the flagship reads")
    }

    #[test]
    fn the_flagship_gets_its_shipped_resolution_and_an_edited_copy_none() {
        let s = flagship();
        let (r, source) = resolution_for(&s, None)
            .expect("the shipped resolution fits")
            .expect("the flagship has one");
        assert_eq!(source, FLAGSHIP_RESOLUTION_FILE);
        assert_eq!(r.scenario, FLAGSHIP_KEY);
        let mut edited = s.clone();
        edited.meta.name.push_str(" (edited)");
        assert!(!is_flagship(&edited));
        assert!(resolution_for(&edited, None).expect("no file").is_none());
        // A resolution given is used for any scenario it fits.
        let (given, source) = resolution_for(&edited, Some(("mine.toml", FLAGSHIP_RESOLUTION)))
            .expect("it fits")
            .expect("given");
        assert_eq!(source, "mine.toml");
        assert_eq!(given, r);
    }

    #[test]
    fn a_resolution_that_does_not_fit_the_scenario_is_refused_with_its_name() {
        let text = FLAGSHIP_RESOLUTION.replacen("id = \"iran_nuclear\"", "id = \"nowhere\"", 1);
        let err = resolution_for(&flagship(), Some(("mine.toml", &text)))
            .expect_err("an unknown issue is refused");
        assert!(err.to_string().contains("mine.toml"), "{err}");
        assert!(err.to_string().contains("nowhere"), "{err}");
    }

    #[test]
    fn the_flagship_s_record_scores_every_model_that_runs_on_every_outcome() {
        let s = flagship();
        let models = parley_core::models::all();
        let calibration = parley_scenario::calibration::for_scenario(&s, None).expect("built-in");
        let (r, source) = resolution_for(&s, None).expect("fits").expect("shipped");
        let f = Forecasting {
            key: FLAGSHIP_KEY,
            scenario: &s,
            content: FLAGSHIP_TOML.as_bytes(),
            models: &models,
            runs: 20,
            seed: s.meta.seed.unwrap_or(0),
            calibration: Some(&calibration),
        };
        let t = track_record(&f, &r, &source, &|| {}).expect("the flagship forecasts");
        assert!(!t.models.is_empty());
        assert!(
            t.models.iter().all(|m| m.counted == 0),
            "hindsight never counts"
        );
        assert!(!t.outcomes.is_empty());
        for o in &t.outcomes {
            for m in &t.models {
                assert!(
                    o.forecasts.contains(&m.model),
                    "{} lacks {}",
                    o.target,
                    m.model
                );
            }
        }
        // The same inputs give the same section (the draws are seeded).
        assert_eq!(t, track_record(&f, &r, &source, &|| {}).expect("again"));
    }
}
