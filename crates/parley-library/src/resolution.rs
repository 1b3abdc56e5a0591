//! Resolution files: what happened to each issue and question of a scenario.
//!
//! ```toml
//! [resolution]
//! scenario = "grand-bargain-2025"   # the scenario's key (library name, file stem)
//! as_of = 2025-12-31                # what the file knows up to
//!
//! [[issue]]
//! id = "iran_nuclear"
//! value = 5                         # on the issue's own scale
//! date = 2025-12-31                 # when the value was observed
//! judgment = true                   # the number is an analyst's reading of events
//! sources = ["https://...", "..."]
//! note = "why this value"
//!
//! [[question]]
//! id = "iran_wants_deal"
//! outcome = false                   # yes/no
//! date = 2025-12-31
//! judgment = true
//! sources = ["..."]
//! ```
//!
//! Checked against the scenario before anything is stored: every id must exist, every value
//! must lie on its issue's scale, every entry needs a source; each problem names the file,
//! line, column and what would be valid.

use parley_core::Scenario;
use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::value::Datetime;

use crate::forecast::TargetKind;

/// A problem in a resolution file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResolutionError {
    /// The file is not valid TOML or lacks a field.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// 1-based line (1 when unknown).
        line: usize,
        /// 1-based column in characters (1 when unknown).
        column: usize,
        /// What the reader said.
        message: String,
    },
    /// An issue id the scenario does not have.
    #[error("{file}:{line}:{column}: unknown issue '{id}'; the scenario's issues are: {known}")]
    UnknownIssue {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column in characters.
        column: usize,
        /// The id given.
        id: String,
        /// Valid ids.
        known: String,
    },
    /// A question id the scenario does not have.
    #[error(
        "{file}:{line}:{column}: unknown question '{id}'; the scenario's questions are: {known}"
    )]
    UnknownQuestion {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column in characters.
        column: usize,
        /// The id given.
        id: String,
        /// Valid ids.
        known: String,
    },
    /// A value outside its issue's scale.
    #[error(
        "{file}:{line}:{column}: issue '{issue}': value {value} is off the issue's scale; valid: {min} to {max}"
    )]
    OffScale {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column in characters.
        column: usize,
        /// The issue.
        issue: String,
        /// The value given.
        value: f64,
        /// Scale minimum.
        min: f64,
        /// Scale maximum.
        max: f64,
    },
    /// The same id resolved twice.
    #[error(
        "{file}:{line}:{column}: '{id}' is resolved twice; give one entry per issue or question"
    )]
    Duplicate {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column in characters.
        column: usize,
        /// The id.
        id: String,
    },
    /// An entry without a source.
    #[error("{file}:{line}:{column}: '{id}' has no source; give at least one in `sources = [...]`")]
    NoSource {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column in characters.
        column: usize,
        /// The id.
        id: String,
    },
    /// A date that is not a plain date.
    #[error("{file}:{line}:{column}: '{id}': date {date} must be a plain date like 2025-12-31")]
    BadDate {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column in characters.
        column: usize,
        /// The id.
        id: String,
        /// The date given.
        date: String,
    },
    /// A date after the file's `as_of` or after today: an outcome nobody could have observed
    /// yet would let later forecasts count as made before the event.
    #[error(
        "{file}:{line}:{column}: '{id}': {} {date} is after {} {limit}; valid: a date on or \
         before {limit}",
        .late.field(),
        .late.limit()
    )]
    TooLate {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column in characters.
        column: usize,
        /// The id (or `resolution` for its `as_of`).
        id: String,
        /// The date given.
        date: String,
        /// Which date was after which limit.
        late: Late,
        /// The latest valid date, `YYYY-MM-DD`.
        limit: String,
    },
    /// The file resolves another scenario.
    #[error("{file}: resolves scenario '{named}', not '{expected}'")]
    OtherScenario {
        /// The file.
        file: String,
        /// The scenario the file names.
        named: String,
        /// The scenario it was checked against.
        expected: String,
    },
}

/// Which date of a resolution file is too late, and after what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Late {
    /// An outcome's `date` after the file's `as_of`.
    DateAfterAsOf,
    /// An outcome's `date` after today.
    DateAfterToday,
    /// The file's `as_of` after today.
    AsOfAfterToday,
}

impl Late {
    /// The field that is too late.
    pub fn field(self) -> &'static str {
        match self {
            Late::DateAfterAsOf | Late::DateAfterToday => "date",
            Late::AsOfAfterToday => "as_of",
        }
    }

    /// What it was compared with.
    pub fn limit(self) -> &'static str {
        match self {
            Late::DateAfterAsOf => "as_of",
            Late::DateAfterToday | Late::AsOfAfterToday => "today",
        }
    }
}

/// A checked resolution file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolution {
    /// The scenario's key.
    pub scenario: String,
    /// What the file knows up to, `YYYY-MM-DD`.
    pub as_of: String,
    /// The outcomes, issues first, in file order.
    pub outcomes: Vec<Outcome>,
}

/// What happened to one issue or question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Issue or question id.
    pub target: String,
    /// Issue or question.
    pub kind: TargetKind,
    /// Issue: the value on its scale; question: 1 (yes) or 0 (no).
    pub value: f64,
    /// When it was observed, `YYYY-MM-DD`; forecasts sealed before this date count.
    pub date: String,
    /// Public sources.
    pub sources: Vec<String>,
    /// Whether the value is an analyst's judgment rather than a reported fact.
    pub judgment: bool,
    /// Why this value.
    pub note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    resolution: RawMeta,
    #[serde(default)]
    issue: Vec<RawIssue>,
    #[serde(default)]
    question: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    scenario: String,
    as_of: Spanned<Datetime>,
    #[serde(default)]
    #[allow(dead_code)]
    author: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIssue {
    id: Spanned<String>,
    value: Spanned<f64>,
    date: Spanned<Datetime>,
    #[serde(default)]
    judgment: bool,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Spanned<String>,
    outcome: bool,
    date: Spanned<Datetime>,
    #[serde(default)]
    judgment: bool,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    note: String,
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let Some(before) = text.get(..offset) else {
        return (1, 1);
    };
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn plain_date(
    file: &str,
    text: &str,
    id: &str,
    d: &Spanned<Datetime>,
) -> Result<String, ResolutionError> {
    let dt = d.get_ref();
    match (&dt.date, &dt.time) {
        (Some(date), None) => Ok(date.to_string()),
        _ => Err(ResolutionError::BadDate {
            file: file.to_owned(),
            line: position(text, d.span().start).0,
            column: position(text, d.span().start).1,
            id: id.to_owned(),
            date: dt.to_string(),
        }),
    }
}

/// Reads resolution file `text` (named `file` in messages) and checks it against `scenario`.
///
/// Every outcome's date must be on or before the file's `as_of`. Dates are not compared with
/// today's date, which the library does not read; callers that record outcomes use
/// [`parse_on`].
pub fn parse(file: &str, text: &str, scenario: &Scenario) -> Result<Resolution, ResolutionError> {
    parse_checked(file, text, scenario, None)
}

/// As [`parse`], and also refuses an `as_of` or outcome date after `today` (`YYYY-MM-DD`,
/// read by the caller): the track record counts a forecast only when it was sealed before its
/// outcome's date, so an outcome dated in the future would let forecasts sealed today count
/// as made in advance.
pub fn parse_on(
    file: &str,
    text: &str,
    scenario: &Scenario,
    today: &str,
) -> Result<Resolution, ResolutionError> {
    parse_checked(file, text, scenario, Some(today))
}

/// Refuses `date` (of entry `id`, at byte `span_start`) when it is after `as_of` (an
/// outcome's date) or `today`. `YYYY-MM-DD` strings with four-digit years order as the dates
/// do.
fn not_later(
    file: &str,
    text: &str,
    id: &str,
    date: &str,
    span_start: usize,
    as_of: Option<&str>,
    today: Option<&str>,
) -> Result<(), ResolutionError> {
    let limits = [
        (Late::DateAfterAsOf, as_of),
        (
            if as_of.is_some() {
                Late::DateAfterToday
            } else {
                Late::AsOfAfterToday
            },
            today,
        ),
    ];
    for (late, limit) in limits {
        if let Some(limit) = limit
            && date > limit
        {
            let (line, column) = position(text, span_start);
            return Err(ResolutionError::TooLate {
                file: file.to_owned(),
                line,
                column,
                id: id.to_owned(),
                date: date.to_owned(),
                late,
                limit: limit.to_owned(),
            });
        }
    }
    Ok(())
}

fn parse_checked(
    file: &str,
    text: &str,
    scenario: &Scenario,
    today: Option<&str>,
) -> Result<Resolution, ResolutionError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| position(text, s.start));
        ResolutionError::Syntax {
            file: file.to_owned(),
            line,
            column,
            message: e.message().to_owned(),
        }
    })?;
    let as_of = plain_date(file, text, "resolution.as_of", &raw.resolution.as_of)?;
    not_later(
        file,
        text,
        "resolution",
        &as_of,
        raw.resolution.as_of.span().start,
        None,
        today,
    )?;
    let dated = |id: &str, d: &Spanned<Datetime>| -> Result<String, ResolutionError> {
        let date = plain_date(file, text, id, d)?;
        not_later(file, text, id, &date, d.span().start, Some(&as_of), today)?;
        Ok(date)
    };
    let mut outcomes = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut check_common = |id: &Spanned<String>, sources: &[String]| {
        let (line, column) = position(text, id.span().start);
        let name = id.get_ref().clone();
        if seen.contains(&name) {
            return Err(ResolutionError::Duplicate {
                file: file.to_owned(),
                line,
                column,
                id: name,
            });
        }
        if sources.iter().all(|s| s.trim().is_empty()) {
            return Err(ResolutionError::NoSource {
                file: file.to_owned(),
                line,
                column,
                id: name,
            });
        }
        seen.push(name);
        Ok((line, column))
    };
    for entry in &raw.issue {
        let (line, column) = check_common(&entry.id, &entry.sources)?;
        let id = entry.id.get_ref();
        let Some(issue) = scenario.issues.iter().find(|i| &i.id == id) else {
            let known: Vec<&str> = scenario.issues.iter().map(|i| i.id.as_str()).collect();
            return Err(ResolutionError::UnknownIssue {
                file: file.to_owned(),
                line,
                column,
                id: id.clone(),
                known: known.join(", "),
            });
        };
        let value = *entry.value.get_ref();
        let (lo, hi) = (
            issue.scale.min.min(issue.scale.max),
            issue.scale.min.max(issue.scale.max),
        );
        if !value.is_finite() || value < lo || value > hi {
            return Err(ResolutionError::OffScale {
                file: file.to_owned(),
                line: position(text, entry.value.span().start).0,
                column: position(text, entry.value.span().start).1,
                issue: id.clone(),
                value,
                min: issue.scale.min,
                max: issue.scale.max,
            });
        }
        outcomes.push(Outcome {
            target: id.clone(),
            kind: TargetKind::Issue,
            value,
            date: dated(id, &entry.date)?,
            sources: entry.sources.clone(),
            judgment: entry.judgment,
            note: entry.note.clone(),
        });
    }
    for entry in &raw.question {
        let (line, column) = check_common(&entry.id, &entry.sources)?;
        let id = entry.id.get_ref();
        if !scenario.questions.iter().any(|q| &q.id == id) {
            let known: Vec<&str> = scenario.questions.iter().map(|q| q.id.as_str()).collect();
            return Err(ResolutionError::UnknownQuestion {
                file: file.to_owned(),
                line,
                column,
                id: id.clone(),
                known: if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                },
            });
        }
        outcomes.push(Outcome {
            target: id.clone(),
            kind: TargetKind::Question,
            value: if entry.outcome { 1.0 } else { 0.0 },
            date: dated(id, &entry.date)?,
            sources: entry.sources.clone(),
            judgment: entry.judgment,
            note: entry.note.clone(),
        });
    }
    Ok(Resolution {
        scenario: raw.resolution.scenario,
        as_of,
        outcomes,
    })
}
