//! How a question's odds moved across sealed runs (and the scenario versions they ran),
//! against what happened: the data behind the page's track chart.

use indexmap::IndexMap;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::LibraryError;
use crate::forecast::TargetKind;
use crate::score::counts;
use crate::store::Library;

/// One model's probability for a question in one sealed run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OddsPoint {
    /// The recorded run the forecast was sealed in.
    pub run: i64,
    /// The library version the run was made from, when it came from the library.
    pub version: Option<i64>,
    /// When it was sealed, UTC.
    pub sealed_at: String,
    /// Model id.
    pub model: String,
    /// The share of draws in which the question's condition held, over the input draws alone.
    pub probability: f64,
    /// The share with model error, as sealed; `None` for forecasts sealed before Parley
    /// recorded it and for a model without an error model.
    pub probability_with_model_error: Option<f64>,
    /// SHA-256 of the error model the odds with model error were drawn from, when recorded:
    /// odds from different error models (after `parley seal --new-error-model`) are told apart.
    pub error_model_sha256: Option<String>,
    /// True if sealed on a day before the outcome's date (it counts in the track record);
    /// false for hindsight and while the question is unresolved.
    pub counts: bool,
}

/// A question's odds across sealed runs, with its outcome once resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionTrack {
    /// Question id.
    pub question: String,
    /// What happened: `Some(true)` if the condition came true; `None` while unresolved.
    pub outcome: Option<bool>,
    /// The outcome's date.
    pub resolved_on: Option<String>,
    /// Whether the outcome is a judgment.
    pub judgment: bool,
    /// The sealed probabilities, in run order (then model order as sealed).
    pub points: Vec<OddsPoint>,
}

impl Library {
    /// Every question of scenario `key` with a sealed forecast: its odds per run and model,
    /// and its outcome if resolved. Forecasts whose payload no longer matches the commitment
    /// are left out, as in scoring.
    pub fn question_tracks(&self, key: &str) -> Result<Vec<QuestionTrack>, LibraryError> {
        let outcomes = self.outcomes(key)?;
        let mut version_of = self.connection().prepare_cached(
            "SELECT v.number FROM run r LEFT JOIN version v ON v.id = r.version_id
             WHERE r.id = ?1",
        )?;
        let mut tracks: IndexMap<String, QuestionTrack> = IndexMap::new();
        for sealed in self.sealed(key)? {
            let p = &sealed.prediction;
            let (true, TargetKind::Question, Some(probability)) =
                (sealed.verified, p.kind, p.probability)
            else {
                continue;
            };
            let outcome = outcomes
                .iter()
                .find(|o| o.kind == TargetKind::Question && o.target == p.target);
            let version: Option<i64> = version_of
                .query_row(params![sealed.run], |r| r.get(0))
                .optional()?
                .flatten();
            let track = tracks
                .entry(p.target.clone())
                .or_insert_with(|| QuestionTrack {
                    question: p.target.clone(),
                    outcome: outcome.map(|o| o.value >= 0.5),
                    resolved_on: outcome.map(|o| o.date.clone()),
                    judgment: outcome.is_some_and(|o| o.judgment),
                    points: Vec::new(),
                });
            track.points.push(OddsPoint {
                run: sealed.run,
                version,
                counts: outcome.is_some_and(|o| counts(Some(&sealed.sealed_at), &o.date)),
                sealed_at: sealed.sealed_at,
                model: p.model.clone(),
                probability,
                probability_with_model_error: p.probability_with_model_error,
                error_model_sha256: p
                    .probability_with_model_error
                    .and(p.error_model_sha256.clone()),
            });
        }
        Ok(tracks.into_values().collect())
    }
}
