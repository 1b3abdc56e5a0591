//! Scoring forecasts against what happened.
//!
//! - **Absolute error** of an issue's point forecast: `|forecast - outcome|`, on the issue's
//!   own scale; averaged over issues in percent of each issue's scale ([`Scales`]), so an
//!   issue on a wide scale (a rate from 1,000 to 3,000) does not outweigh one on 0-100.
//! - **CRPS** (continuous ranked probability score; Gneiting & Raftery 2007, eq. 21) of an
//!   issue's Monte Carlo distribution: `E|X - y| - E|X - X'| / 2` with `X, X'` independent
//!   draws of the forecast and `y` the outcome. For the empirical distribution of sorted
//!   draws `x_1 <= ... <= x_n`, `E|X - X'| = (2 / n^2) * sum_i (2i - n - 1) x_i`, exact in
//!   `O(n log n)`. Same unit as the absolute error; a single draw gives the absolute error.
//! - **Brier score** of a question's probability `p`: `(p - o)^2`, `o` 1 if the question
//!   resolved yes, else 0; once for the odds with model error (the odds every other output
//!   leads with) and once for the inputs-only odds. A forecast sealed before Parley recorded the
//!   odds with model error has no Brier score for them: it is absent (`None`), never 0, and the
//!   means with model error are over the forecasts that have one. Odds drawn from different
//!   error models (after `parley seal --new-error-model`) are never pooled: each model's
//!   Brier with model error is given per error model ([`ModelScore::error_models`]).
//!
//! Lower is better for all three. A forecast counts in the track record only if it was
//! sealed on a day before its outcome's date; everything else (forecasts made now, or sealed
//! too late) is scored as hindsight and kept apart. When a sealed forecast does not count,
//! [`ScoreCard::not_in_record`] says how many and why.

use indexmap::IndexMap;
use serde::Serialize;

use crate::forecast::{Prediction, TargetKind};
use crate::resolution::Outcome;

/// `|forecast - outcome|`.
pub fn absolute_error(forecast: f64, outcome: f64) -> f64 {
    (forecast - outcome).abs()
}

/// `(p - o)^2`, `o` 1 for yes and 0 for no.
pub fn brier(probability: f64, yes: bool) -> f64 {
    let o = if yes { 1.0 } else { 0.0 };
    (probability - o).powi(2)
}

/// CRPS of the empirical distribution of `samples` at outcome `y`; `None` with no samples.
pub fn crps(samples: &[f64], y: f64) -> Option<f64> {
    if samples.is_empty() {
        return None;
    }
    let mut x = samples.to_vec();
    x.sort_by(f64::total_cmp);
    let n = x.len() as f64;
    let to_outcome = x.iter().map(|v| (v - y).abs()).sum::<f64>() / n;
    let spread = x
        .iter()
        .enumerate()
        .map(|(i, v)| (2.0 * (i as f64 + 1.0) - n - 1.0) * v)
        .sum::<f64>()
        * 2.0
        / (n * n);
    Some(to_outcome - spread / 2.0)
}

/// The width of each issue's scale (`max - min`), so that means over issues are taken in
/// percent of each issue's scale: an absolute error of 500 on a 1,000-3,000 scale is 25, one
/// of 10 on 0-100 is 10. An issue without a known width is left out of the means (its rows
/// keep their own-scale errors).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scales(IndexMap<String, f64>);

impl Scales {
    /// The scales of `scenario`'s issues.
    pub fn of(scenario: &parley_core::Scenario) -> Self {
        Self(
            scenario
                .issues
                .iter()
                .map(|i| (i.id.clone(), i.scale.max - i.scale.min))
                .filter(|(_, w)| w.is_finite() && *w > 0.0)
                .collect(),
        )
    }

    /// Given widths, by issue id (an analysis without a scenario at hand, tests).
    pub fn from_widths(widths: impl IntoIterator<Item = (String, f64)>) -> Self {
        Self(widths.into_iter().collect())
    }

    /// `value` (an error on `issue`'s own scale) in percent of that scale.
    fn percent(&self, issue: &str, value: f64) -> Option<f64> {
        self.0.get(issue).map(|w| value / w * 100.0)
    }
}

/// A forecast to score, with when it was sealed (`None`: made now, not sealed).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The forecast.
    pub prediction: Prediction,
    /// When it was sealed, ISO 8601 UTC.
    pub sealed_at: Option<String>,
    /// The commitment, if sealed.
    pub commitment: Option<String>,
    /// The recorded run it was sealed in, if sealed.
    pub run: Option<i64>,
}

/// Forecasts made now as entries of a track record that were never sealed (hindsight: scored
/// beside the sealed ones, never counted with them).
pub fn unsealed(predictions: Vec<Prediction>) -> Vec<Entry> {
    predictions
        .into_iter()
        .map(|prediction| Entry {
            prediction,
            sealed_at: None,
            commitment: None,
            run: None,
        })
        .collect()
}

/// One forecast scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    /// Model id.
    pub model: String,
    /// Issue or question id.
    pub target: String,
    /// Issue or question.
    pub kind: TargetKind,
    /// The forecast: point value (issue) or probability over the input draws alone (question).
    pub forecast: Option<f64>,
    /// Question: the probability with model error, when the forecast has one.
    pub forecast_with_model_error: Option<f64>,
    /// The outcome: value (issue) or 1/0 (question).
    pub outcome: f64,
    /// Issue: absolute error of the point forecast.
    pub abs_error: Option<f64>,
    /// Issue: CRPS of the Monte Carlo distribution.
    pub crps: Option<f64>,
    /// Question: Brier score of the inputs-only probability.
    pub brier: Option<f64>,
    /// Question: Brier score of the probability with model error; `None` (absent, not 0) when
    /// the forecast has none.
    pub brier_with_model_error: Option<f64>,
    /// Question: SHA-256 of the error model its odds with model error were drawn from, when
    /// the forecast records it.
    pub error_model_sha256: Option<String>,
    /// When sealed, if it was.
    pub sealed_at: Option<String>,
    /// The commitment, if sealed.
    pub commitment: Option<String>,
    /// The recorded run it was sealed in, if sealed.
    pub run: Option<i64>,
    /// True if sealed on a day before the outcome's date: it counts in the track record.
    pub counts: bool,
    /// Whether the outcome is a judgment.
    pub judgment: bool,
}

/// One model's scores, averaged over the targets it forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelScore {
    /// Model id.
    pub model: String,
    /// Issue forecasts scored: one per issue per sealed run (or one per issue for the
    /// forecasts made now), so not the number of distinct issues.
    pub issues: usize,
    /// Mean absolute error over the issues, in percent of each issue's scale ([`Scales`]).
    pub mean_abs_error: Option<f64>,
    /// Mean CRPS over the issues, in percent of each issue's scale; of the inputs-only
    /// distribution (the Monte Carlo draws of the inputs, without the model's measured error).
    pub mean_crps: Option<f64>,
    /// Question forecasts scored, counted as `issues` is.
    pub questions: usize,
    /// Mean Brier score of the inputs-only odds over the questions.
    pub mean_brier: Option<f64>,
    /// Question forecasts with odds with model error (fewer than `questions` when some were
    /// sealed before Parley recorded them, none for a model without an error model).
    pub questions_with_model_error: usize,
    /// Mean Brier score of the odds with model error over those forecasts; `None` when none
    /// has them, and when they were drawn from more than one error model: scores of odds from
    /// different error models are never pooled, see `error_models`.
    pub mean_brier_with_model_error: Option<f64>,
    /// The odds with model error scored per error model they were drawn from, in order of
    /// first appearance: one entry when all come from one error model, more after a change of
    /// error model (`parley seal --new-error-model`).
    pub error_models: Vec<ErrorModelScore>,
    /// How many of its scores count in the track record (sealed on a day before their
    /// outcome's date).
    pub counted: usize,
}

/// One model's Brier score of its odds with model error drawn from one error model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorModelScore {
    /// SHA-256 of the error model; `None` for odds sealed before Parley recorded it.
    pub error_model_sha256: Option<String>,
    /// Question forecasts with odds with model error from it.
    pub questions: usize,
    /// Their mean Brier score.
    pub mean_brier_with_model_error: f64,
    /// The sealed runs they come from, ascending (empty for forecasts made now).
    pub runs: Vec<i64>,
}

impl ModelScore {
    /// Whether its odds with model error come from more than one error model, so that their
    /// scores are kept apart in `error_models` rather than pooled.
    pub fn error_model_changed(&self) -> bool {
        self.error_models.len() > 1
    }
}

/// One model's scores within one sealed run: the track record over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunScore {
    /// The run.
    pub run: i64,
    /// When its first forecast was sealed.
    pub sealed_at: String,
    /// Model id.
    pub model: String,
    /// Mean absolute error over the issues, in percent of each issue's scale.
    pub mean_abs_error: Option<f64>,
    /// Mean CRPS (inputs only) over the issues, in percent of each issue's scale.
    pub mean_crps: Option<f64>,
    /// Mean Brier score of the inputs-only odds over the questions.
    pub mean_brier: Option<f64>,
    /// Mean Brier score of the odds with model error, over the questions that have them.
    pub mean_brier_with_model_error: Option<f64>,
    /// Question id -> the inputs-only probability this run gave it (how the odds moved).
    pub odds: IndexMap<String, f64>,
    /// Question id -> the probability with model error this run gave it, where sealed.
    pub odds_with_model_error: IndexMap<String, f64>,
    /// SHA-256 of the error model this run's odds with model error were drawn from, when
    /// recorded.
    pub error_model_sha256: Option<String>,
}

/// Every forecast scored, and a summary per model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreCard {
    /// Per forecast, in the order given.
    pub rows: Vec<Scored>,
    /// Per model, in order of first appearance.
    pub models: Vec<ModelScore>,
    /// Per sealed run and model, in run order: the scores over time.
    pub by_run: Vec<RunScore>,
    /// Targets with an outcome but no forecast (e.g. questions without a condition).
    pub unscored: Vec<String>,
    /// When some sealed forecasts do not count in the track record: how many, which days they
    /// were sealed on and which dates their outcomes have. `None` when every sealed forecast
    /// counts or none was sealed.
    pub not_in_record: Option<NotInRecord>,
}

/// Sealed forecasts that do not count in the track record: each was sealed on or after its
/// outcome's date. A forecast sealed the same day as its outcome's date is hindsight by the
/// rule, which the time of day would not show (a seal at 06:42 looks earlier than an outcome
/// recorded at 06:43), so outputs say it in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotInRecord {
    /// Sealed forecasts scored that do not count.
    pub forecasts: usize,
    /// Sealed forecasts scored in all, counting or not.
    pub sealed: usize,
    /// The days (UTC) those that do not count were sealed on, distinct, ascending.
    pub sealed_on: Vec<String>,
    /// The dates of their outcomes, distinct, ascending.
    pub outcome_dates: Vec<String>,
}

impl NotInRecord {
    /// One sentence saying how many do not count, why, and when a forecast does.
    pub fn sentence(&self) -> String {
        let days = |d: &[String]| match d {
            [] => String::new(),
            [one] => one.clone(),
            [a, b] => format!("{a} and {b}"),
            [a, b, c] => format!("{a}, {b} and {c}"),
            [first, .., last] => format!("{first} to {last} ({} days)", d.len()),
        };
        let one = self.forecasts == 1;
        let lead = match (self.forecasts == self.sealed, one) {
            (true, true) => {
                "the one sealed forecast does not count in the track record: it was".to_owned()
            }
            (true, false) => format!(
                "none of the {} sealed forecasts counts in the track record: all were",
                self.forecasts
            ),
            (false, true) => format!(
                "1 of the {} sealed forecasts does not count in the track record: it was",
                self.sealed
            ),
            (false, false) => format!(
                "{} of the {} sealed forecasts do not count in the track record: they were",
                self.forecasts, self.sealed
            ),
        };
        let why = if self.sealed_on.len() == 1 && self.sealed_on == self.outcome_dates {
            let the = if one {
                "its outcome's date"
            } else {
                "the outcomes' date"
            };
            format!("sealed on {}, {the}", self.sealed_on[0])
        } else {
            format!(
                "sealed on or after {} outcome's date (sealed on {}; {} dated {})",
                if one { "its" } else { "their" },
                days(&self.sealed_on),
                if self.outcome_dates.len() == 1 {
                    "outcome"
                } else {
                    "outcomes"
                },
                days(&self.outcome_dates)
            )
        };
        format!("{lead} {why}; a forecast counts when sealed on a day before its outcome's date")
    }
}

pub(crate) fn counts(sealed_at: Option<&str>, outcome_date: &str) -> bool {
    // ISO dates compare as strings; sealed strictly before the outcome's day.
    sealed_at.is_some_and(|s| s.get(..10).is_some_and(|day| day < outcome_date))
}

/// [`NotInRecord`] for `rows`, when some were sealed and not all count.
fn not_in_record(rows: &[Scored], outcomes: &[Outcome]) -> Option<NotInRecord> {
    let sealed = rows.iter().filter(|r| r.sealed_at.is_some()).count();
    let late: Vec<&Scored> = rows
        .iter()
        .filter(|r| r.sealed_at.is_some() && !r.counts)
        .collect();
    if late.is_empty() {
        return None;
    }
    let mut sealed_on: Vec<String> = late
        .iter()
        .filter_map(|r| r.sealed_at.as_deref().and_then(|s| s.get(..10)))
        .map(str::to_owned)
        .collect();
    sealed_on.sort();
    sealed_on.dedup();
    let mut outcome_dates: Vec<String> = late
        .iter()
        .filter_map(|r| {
            outcomes
                .iter()
                .find(|o| o.target == r.target && o.kind == r.kind)
                .map(|o| o.date.clone())
        })
        .collect();
    outcome_dates.sort();
    outcome_dates.dedup();
    Some(NotInRecord {
        forecasts: late.len(),
        sealed,
        sealed_on,
        outcome_dates,
    })
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// The mean of an issue score over `rows`, each in percent of its issue's scale.
fn mean_percent(
    rows: &[&Scored],
    value: impl Fn(&Scored) -> Option<f64>,
    scales: &Scales,
) -> Option<f64> {
    mean(
        rows.iter()
            .filter_map(|r| value(r).and_then(|v| scales.percent(&r.target, v))),
    )
}

/// The Brier scores with model error of one model's `rows`, per error model they were drawn
/// from (see [`ModelScore::error_models`]).
fn by_error_model(rows: &[&Scored]) -> Vec<ErrorModelScore> {
    let mut groups: IndexMap<Option<&str>, (Vec<f64>, Vec<i64>)> = IndexMap::new();
    for r in rows {
        let Some(b) = r.brier_with_model_error else {
            continue;
        };
        let (briers, runs) = groups.entry(r.error_model_sha256.as_deref()).or_default();
        briers.push(b);
        if let Some(run) = r.run
            && !runs.contains(&run)
        {
            runs.push(run);
        }
    }
    groups
        .into_iter()
        .filter_map(|(hash, (briers, mut runs))| {
            runs.sort_unstable();
            Some(ErrorModelScore {
                error_model_sha256: hash.map(str::to_owned),
                questions: briers.len(),
                mean_brier_with_model_error: mean(briers.into_iter())?,
                runs,
            })
        })
        .collect()
}

/// Scores `entries` against `outcomes` (matched by target id and kind); issue means in
/// percent of each issue's scale in `scales`.
pub fn score(entries: &[Entry], outcomes: &[Outcome], scales: &Scales) -> ScoreCard {
    let mut rows = Vec::new();
    for e in entries {
        let p = &e.prediction;
        let Some(o) = outcomes
            .iter()
            .find(|o| o.target == p.target && o.kind == p.kind)
        else {
            continue;
        };
        let yes = o.value >= 0.5;
        let (forecast, abs_error, crps_v, brier_v) = match p.kind {
            TargetKind::Issue => (
                p.point,
                p.point.map(|f| absolute_error(f, o.value)),
                crps(&p.samples, o.value),
                None,
            ),
            TargetKind::Question => (
                p.probability,
                None,
                None,
                p.probability.map(|q| brier(q, yes)),
            ),
        };
        let with_error = match p.kind {
            TargetKind::Issue => None,
            TargetKind::Question => p.probability_with_model_error,
        };
        rows.push(Scored {
            model: p.model.clone(),
            target: p.target.clone(),
            kind: p.kind,
            forecast,
            forecast_with_model_error: with_error,
            outcome: o.value,
            abs_error,
            crps: crps_v,
            brier: brier_v,
            brier_with_model_error: with_error.map(|q| brier(q, yes)),
            error_model_sha256: with_error.and(p.error_model_sha256.clone()),
            sealed_at: e.sealed_at.clone(),
            commitment: e.commitment.clone(),
            run: e.run,
            counts: counts(e.sealed_at.as_deref(), &o.date),
            judgment: o.judgment,
        });
    }
    let mut by_model: IndexMap<&str, Vec<&Scored>> = IndexMap::new();
    for r in &rows {
        by_model.entry(r.model.as_str()).or_default().push(r);
    }
    let models = by_model
        .into_iter()
        .map(|(model, rs)| {
            let error_models = by_error_model(&rs);
            ModelScore {
                model: model.to_owned(),
                issues: rs.iter().filter(|r| r.kind == TargetKind::Issue).count(),
                mean_abs_error: mean_percent(&rs, |r| r.abs_error, scales),
                mean_crps: mean_percent(&rs, |r| r.crps, scales),
                questions: rs.iter().filter(|r| r.kind == TargetKind::Question).count(),
                mean_brier: mean(rs.iter().filter_map(|r| r.brier)),
                questions_with_model_error: rs
                    .iter()
                    .filter(|r| r.brier_with_model_error.is_some())
                    .count(),
                mean_brier_with_model_error: match error_models.as_slice() {
                    [one] => Some(one.mean_brier_with_model_error),
                    _ => None,
                },
                counted: rs.iter().filter(|r| r.counts).count(),
                error_models,
            }
        })
        .collect();
    let mut groups: IndexMap<(i64, &str), Vec<&Scored>> = IndexMap::new();
    for r in &rows {
        if let Some(run) = r.run {
            groups.entry((run, r.model.as_str())).or_default().push(r);
        }
    }
    groups.sort_by(|a, _, b, _| a.0.cmp(&b.0));
    let by_run = groups
        .into_iter()
        .map(|((run, model), rs)| RunScore {
            run,
            sealed_at: rs
                .iter()
                .filter_map(|r| r.sealed_at.clone())
                .min()
                .unwrap_or_default(),
            model: model.to_owned(),
            mean_abs_error: mean_percent(&rs, |r| r.abs_error, scales),
            mean_crps: mean_percent(&rs, |r| r.crps, scales),
            mean_brier: mean(rs.iter().filter_map(|r| r.brier)),
            mean_brier_with_model_error: mean(rs.iter().filter_map(|r| r.brier_with_model_error)),
            odds: rs
                .iter()
                .filter(|r| r.kind == TargetKind::Question)
                .filter_map(|r| r.forecast.map(|p| (r.target.clone(), p)))
                .collect(),
            odds_with_model_error: rs
                .iter()
                .filter(|r| r.kind == TargetKind::Question)
                .filter_map(|r| r.forecast_with_model_error.map(|p| (r.target.clone(), p)))
                .collect(),
            error_model_sha256: rs.iter().find_map(|r| r.error_model_sha256.clone()),
        })
        .collect();
    let unscored = outcomes
        .iter()
        .filter(|o| !rows.iter().any(|r| r.target == o.target))
        .map(|o| o.target.clone())
        .collect();
    let not_in_record = not_in_record(&rows, outcomes);
    ScoreCard {
        rows,
        models,
        by_run,
        unscored,
        not_in_record,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crps_of_two_draws_by_hand() {
        // Draws {0, 10}, outcome 4: E|X - y| = (4 + 6) / 2 = 5; the four ordered pairs
        // (0,0), (0,10), (10,0), (10,10) give E|X - X'| = (0 + 10 + 10 + 0) / 4 = 5;
        // CRPS = 5 - 5 / 2 = 2.5.
        let c = crps(&[10.0, 0.0], 4.0).expect("draws");
        assert!((c - 2.5).abs() < 1e-12, "{c}");
    }

    #[test]
    fn crps_of_three_draws_by_hand() {
        // Draws {20, 30, 70}, outcome 30: E|X - y| = (10 + 0 + 40) / 3 = 50/3.
        // Pairwise |differences| over the 9 ordered pairs: 0, 10, 50, 10, 0, 40, 50, 40, 0
        // sum 200, so E|X - X'| = 200 / 9; CRPS = 50/3 - 100/9 = 150/9 - 100/9 = 50/9.
        let c = crps(&[70.0, 20.0, 30.0], 30.0).expect("draws");
        assert!((c - 50.0 / 9.0).abs() < 1e-12, "{c}");
    }

    #[test]
    fn crps_of_one_draw_is_the_absolute_error_and_none_without_draws() {
        assert_eq!(crps(&[42.0], 40.0), Some(2.0));
        assert_eq!(crps(&[], 40.0), None);
    }

    #[test]
    fn brier_by_hand() {
        // p = 0.7: yes -> (0.7 - 1)^2 = 0.09; no -> 0.49.
        assert!((brier(0.7, true) - 0.09).abs() < 1e-12);
        assert!((brier(0.7, false) - 0.49).abs() < 1e-12);
    }

    fn entry(model: &str, run: i64, point: f64) -> Entry {
        Entry {
            prediction: Prediction {
                scenario: "s".into(),
                target: "x".into(),
                kind: TargetKind::Issue,
                model: model.into(),
                inputs_sha256: String::new(),
                seed: 0,
                runs: 0,
                point: Some(point),
                probability: None,
                probability_with_model_error: None,
                error_model_sha256: None,
                holds: None,
                samples: Vec::new(),
            },
            sealed_at: Some(format!("2025-0{run}-01T00:00:00.000Z")),
            commitment: None,
            run: Some(run),
        }
    }

    #[test]
    fn scores_by_run_show_the_record_over_time() {
        let outcome = Outcome {
            target: "x".into(),
            kind: TargetKind::Issue,
            value: 50.0,
            date: "2025-12-31".into(),
            sources: vec!["s".into()],
            judgment: false,
            note: String::new(),
        };
        // Model m sealed 40 in run 2 and 70 in run 1 (listed out of order): errors 10 and 20,
        // so the model's mean is 15 and run 1 comes first with 20.
        let card = score(
            &[entry("m", 2, 40.0), entry("m", 1, 70.0)],
            &[outcome],
            &x_scale(100.0),
        );
        assert_eq!(card.models[0].mean_abs_error, Some(15.0));
        assert_eq!(card.by_run.len(), 2);
        assert_eq!(card.by_run[0].run, 1);
        assert_eq!(card.by_run[0].mean_abs_error, Some(20.0));
        assert_eq!(card.by_run[1].mean_abs_error, Some(10.0));
        assert_eq!(card.by_run[0].sealed_at, "2025-01-01T00:00:00.000Z");
    }

    /// Question `x` forecast by model `m` in `run` with odds with model error `p` drawn from
    /// the error model hashed `hash`.
    fn question(run: i64, p: f64, hash: &str) -> Entry {
        let mut e = entry("m", run, 0.0);
        let q = &mut e.prediction;
        q.kind = TargetKind::Question;
        (q.point, q.probability) = (None, Some(0.5));
        q.probability_with_model_error = Some(p);
        q.error_model_sha256 = Some(hash.into());
        e
    }

    #[test]
    fn odds_from_two_error_models_are_scored_apart_never_pooled() {
        let no = Outcome {
            kind: TargetKind::Question,
            value: 0.0,
            ..outcome_on("2025-12-31")
        };
        // Run 1 under error model a with p = 0.6, runs 2 and 3 under b with 0.2 and 0.4;
        // the outcome is no, so Brier (p - 0)^2: a 0.36; b (0.04 + 0.16) / 2 = 0.10.
        let entries = [
            question(1, 0.6, "a"),
            question(2, 0.2, "b"),
            question(3, 0.4, "b"),
        ];
        let card = score(&entries, std::slice::from_ref(&no), &x_scale(100.0));
        let m = &card.models[0];
        assert!(m.error_model_changed());
        assert_eq!(m.mean_brier_with_model_error, None);
        assert_eq!(m.questions_with_model_error, 3);
        let got: Vec<(Option<&str>, usize, Vec<i64>)> = m
            .error_models
            .iter()
            .map(|e| (e.error_model_sha256.as_deref(), e.questions, e.runs.clone()))
            .collect();
        assert_eq!(got, [(Some("a"), 1, vec![1]), (Some("b"), 2, vec![2, 3])]);
        assert!((m.error_models[0].mean_brier_with_model_error - 0.36).abs() < 1e-12);
        assert!((m.error_models[1].mean_brier_with_model_error - 0.10).abs() < 1e-12);
        // The inputs-only odds do not depend on the error model: pooled, (0.5)^2 each.
        assert_eq!(m.mean_brier, Some(0.25));
        assert_eq!(card.by_run[2].error_model_sha256.as_deref(), Some("b"));
        // One error model: its mean is the model's, as before.
        let card = score(&entries[1..], &[no], &x_scale(100.0));
        let m = &card.models[0];
        assert!(!m.error_model_changed());
        assert!((m.mean_brier_with_model_error.unwrap() - 0.10).abs() < 1e-12);
    }

    /// Issue `x` on a scale `width` wide.
    fn x_scale(width: f64) -> Scales {
        Scales([("x".to_owned(), width)].into_iter().collect())
    }

    #[test]
    fn issue_means_are_in_percent_of_each_issue_s_scale() {
        // Issue x on a scale 2,000 wide (a rate from 1,000 to 3,000), issue y on 0-100.
        let mut on_y = entry("m", 1, 50.0);
        on_y.prediction.target = "y".into();
        let outcome = |target: &str, value: f64| Outcome {
            target: target.into(),
            value,
            ..outcome_on("2025-12-31")
        };
        let scales = Scales(
            [("x".to_owned(), 2000.0), ("y".to_owned(), 100.0)]
                .into_iter()
                .collect(),
        );
        let card = score(
            &[entry("m", 1, 2000.0), on_y],
            &[outcome("x", 2500.0), outcome("y", 60.0)],
            &scales,
        );
        // Errors 500 on x (25% of its scale) and 10 on y (10%): the mean is (25 + 10) / 2 =
        // 17.5, not (500 + 10) / 2 = 255 in mixed units; the rows keep their own scales.
        assert_eq!(card.models[0].mean_abs_error, Some(17.5));
        assert_eq!(card.by_run[0].mean_abs_error, Some(17.5));
        let abs: Vec<Option<f64>> = card.rows.iter().map(|r| r.abs_error).collect();
        assert_eq!(abs, [Some(500.0), Some(10.0)]);
        // An issue whose scale is not known is left out of the mean, not mixed in.
        let partial = Scales([("y".to_owned(), 100.0)].into_iter().collect());
        let card = score(
            &[entry("m", 1, 2000.0), {
                let mut e = entry("m", 1, 50.0);
                e.prediction.target = "y".into();
                e
            }],
            &[outcome("x", 2500.0), outcome("y", 60.0)],
            &partial,
        );
        assert_eq!(card.models[0].mean_abs_error, Some(10.0));
    }

    fn outcome_on(date: &str) -> Outcome {
        Outcome {
            target: "x".into(),
            kind: TargetKind::Issue,
            value: 50.0,
            date: date.into(),
            sources: vec!["s".into()],
            judgment: false,
            note: String::new(),
        }
    }

    fn sealed_at(run: i64, at: &str) -> Entry {
        Entry {
            sealed_at: Some(at.into()),
            ..entry("m", run, 40.0)
        }
    }

    #[test]
    fn a_seal_on_the_outcome_s_date_is_named_as_hindsight() {
        // Sealed at 06:42 on the day the outcome is dated: earlier in time, not on an earlier
        // day, so it does not count, and the card says why in words.
        let card = score(
            &[
                sealed_at(1, "2026-12-07T06:42:00.000Z"),
                sealed_at(2, "2026-12-07T06:50:00.000Z"),
            ],
            &[outcome_on("2026-12-07")],
            &x_scale(100.0),
        );
        let none = card.not_in_record.expect("none counts");
        assert_eq!((none.forecasts, none.sealed), (2, 2));
        assert_eq!(
            none.sentence(),
            "none of the 2 sealed forecasts counts in the track record: all were sealed on \
             2026-12-07, the outcomes' date; a forecast counts when sealed on a day before its \
             outcome's date"
        );
        // Sealed on later days than the outcome's: both dates are named.
        let late = score(
            &[sealed_at(1, "2026-01-02T00:00:00.000Z")],
            &[outcome_on("2025-12-31")],
            &x_scale(100.0),
        );
        assert_eq!(
            late.not_in_record.map(|n| n.sentence()).as_deref(),
            Some(
                "the one sealed forecast does not count in the track record: it was sealed on \
                 or after its outcome's date (sealed on 2026-01-02; outcome dated 2025-12-31); \
                 a forecast counts when sealed on a day before its outcome's date"
            )
        );
        // One sealed the day before counts; the one sealed on the day is still named.
        let in_time = score(
            &[
                sealed_at(1, "2026-12-06T23:59:00.000Z"),
                sealed_at(2, "2026-12-07T06:42:00.000Z"),
            ],
            &[outcome_on("2026-12-07")],
            &x_scale(100.0),
        );
        assert_eq!(
            in_time.not_in_record.map(|n| n.sentence()).as_deref(),
            Some(
                "1 of the 2 sealed forecasts does not count in the track record: it was sealed \
                 on 2026-12-07, its outcome's date; a forecast counts when sealed on a day \
                 before its outcome's date"
            )
        );
        // All counting: nothing to explain. Unsealed ones are not asked.
        let all_in_time = score(
            &[
                sealed_at(1, "2026-12-05T10:00:00.000Z"),
                sealed_at(2, "2026-12-06T23:59:00.000Z"),
            ],
            &[outcome_on("2026-12-07")],
            &x_scale(100.0),
        );
        assert_eq!(all_in_time.not_in_record, None);
        let now = Entry {
            sealed_at: None,
            run: None,
            ..entry("m", 1, 40.0)
        };
        assert_eq!(
            score(&[now], &[outcome_on("2026-12-07")], &x_scale(100.0)).not_in_record,
            None
        );
    }

    #[test]
    fn only_forecasts_sealed_before_the_outcome_count() {
        assert!(counts(Some("2025-03-04T10:00:00.000Z"), "2025-06-13"));
        assert!(!counts(Some("2025-06-13T00:00:00.000Z"), "2025-06-13"));
        assert!(!counts(None, "2025-06-13"));
    }
}
