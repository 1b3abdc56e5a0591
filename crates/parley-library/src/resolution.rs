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
use parley_core::condition::Condition;
use parley_core::text::Shown;
use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::value::Datetime;

use crate::forecast::TargetKind;

/// A problem in a resolution file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResolutionError {
    /// The file is not valid TOML or lacks a field.
    #[error("{file}:{line}:{column}: {message_shown}", message_shown = Shown(.message))]
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
    #[error("{file}:{line}:{column}: unknown issue '{id_shown}'; the scenario's issues are: {known}", id_shown = Shown(.id))]
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
        "{file}:{line}:{column}: unknown question '{id_shown}'; the scenario's questions are: {known}", id_shown = Shown(.id))]
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
        "{file}:{line}:{column}: issue '{issue_shown}': value {value} is off the issue's scale; valid: {min} to {max}", issue_shown = Shown(.issue))]
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
        "{file}:{line}:{column}: '{id_shown}' is resolved twice; give one entry per issue or question", id_shown = Shown(.id))]
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
    #[error("{file}:{line}:{column}: '{id_shown}' has no source; give at least one in `sources = [...]`", id_shown = Shown(.id))]
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
    #[error("{file}:{line}:{column}: '{id_shown}': date {date_shown} must be a plain date like 2025-12-31", id_shown = Shown(.id), date_shown = Shown(.date))]
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
        "{file}:{line}:{column}: '{id_shown}': {} {date_shown} is after {} {limit}; valid: a date on or \
         before {limit}",
        .late.field(),
        .late.limit(), id_shown = Shown(.id), date_shown = Shown(.date))]
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
    /// A required field of an entry is absent.
    #[error("{file}:{line}:{column}: {entry_shown}: missing '{field}'; {valid}", entry_shown = Shown(.entry))]
    Missing {
        /// The file.
        file: String,
        /// 1-based line (of the entry's id).
        line: usize,
        /// 1-based column in characters.
        column: usize,
        /// The entry, with its path: `question 'q9' (question[0])`.
        entry: String,
        /// The missing field.
        field: &'static str,
        /// What to write.
        valid: &'static str,
    },
    /// A field of the wrong type.
    #[error("{file}:{line}:{column}: {entry_shown}: {detail_shown}", entry_shown = Shown(.entry), detail_shown = Shown(.detail))]
    WrongType {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column in characters.
        column: usize,
        /// The entry, with the field's path: `question 'q9' (question[0].outcome)`.
        entry: String,
        /// What the field must be and what was found.
        detail: String,
    },
    /// An outcome for a question without a condition: Parley makes no yes/no forecast for
    /// it, so the outcome could never be scored.
    #[error(
        "{file}:{line}:{column}: question '{id_shown}' has no condition, so Parley makes no yes/no \
         forecast to score its outcome against; give the question a condition in the scenario, \
         or leave it out of the resolution (its issues are resolved by their values)", id_shown = Shown(.id))]
    NoCondition {
        /// The file.
        file: String,
        /// 1-based line (of the outcome).
        line: usize,
        /// 1-based column in characters.
        column: usize,
        /// The question.
        id: String,
    },
    /// A question's outcome that its own condition, evaluated on the issue values the same
    /// file records, contradicts: one of them is wrong, and scoring either would score the
    /// other against a falsehood.
    #[error(
        "{file}:{line}:{column}: question '{id_shown}': outcome = {outcome}, but its condition \
         '{condition_shown}' is {holds} on this file's issue values ({values_shown}); correct the outcome \
         or the issue values", id_shown = Shown(.id), condition_shown = Shown(.condition), values_shown = Shown(.values))]
    Contradiction {
        /// The file.
        file: String,
        /// 1-based line (of the outcome).
        line: usize,
        /// 1-based column in characters.
        column: usize,
        /// The question.
        id: String,
        /// The outcome recorded.
        outcome: bool,
        /// The question's condition, as the scenario writes it.
        condition: String,
        /// What the condition gives on the recorded issue values.
        holds: bool,
        /// The recorded values it read, `issue = value, ...`.
        values: String,
    },
    /// Several problems, each on its own line: a file is checked whole, so every problem is
    /// reported at once rather than one per run.
    #[error("{}", many(.0))]
    Many(Vec<ResolutionError>),
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

fn many(problems: &[ResolutionError]) -> String {
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    format!("{} problems:\n  {}", problems.len(), lines.join("\n  "))
}

impl ResolutionError {
    /// The problems this error holds: itself, or each of [`ResolutionError::Many`].
    pub fn problems(&self) -> Vec<&ResolutionError> {
        match self {
            ResolutionError::Many(all) => all.iter().collect(),
            one => vec![one],
        }
    }

    /// One problem as itself, several as [`ResolutionError::Many`]; None for none.
    fn from_all(mut all: Vec<ResolutionError>) -> Option<ResolutionError> {
        match all.len() {
            0 => None,
            1 => all.pop(),
            _ => Some(ResolutionError::Many(all)),
        }
    }
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
    // Read as any value and checked afterwards, so a wrong type or a missing field is one
    // problem among all those of the file, in Parley's words, not serde's first complaint.
    value: Option<Spanned<toml::Value>>,
    date: Option<Spanned<toml::Value>>,
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
    outcome: Option<Spanned<toml::Value>>,
    date: Option<Spanned<toml::Value>>,
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
    dt: &Datetime,
    at: usize,
) -> Result<String, ResolutionError> {
    match (&dt.date, &dt.time) {
        (Some(date), None) => Ok(date.to_string()),
        _ => {
            let (line, column) = position(text, at);
            Err(ResolutionError::BadDate {
                file: file.to_owned(),
                line,
                column,
                id: id.to_owned(),
                date: dt.to_string(),
            })
        }
    }
}

/// A value as the user wrote it, for "found ...".
fn describe(v: &toml::Value) -> String {
    match v {
        toml::Value::String(t) => {
            let short: String = t.chars().take(40).collect();
            format!("the text {short:?}")
        }
        toml::Value::Integer(i) => format!("the number {i}"),
        toml::Value::Float(x) => format!("the number {x}"),
        toml::Value::Boolean(b) => format!("{b}"),
        toml::Value::Datetime(d) => format!("the date {d}"),
        toml::Value::Array(_) => "a list".to_owned(),
        toml::Value::Table(_) => "a table".to_owned(),
    }
}

/// One `[[issue]]` or `[[question]]` entry being checked: where it is, for its problems.
struct Entry<'a> {
    file: &'a str,
    text: &'a str,
    kind: &'static str,
    id: &'a Spanned<String>,
    path: String,
}

impl Entry<'_> {
    fn name(&self) -> String {
        self.id.get_ref().clone()
    }

    fn at(&self, offset: usize) -> (usize, usize) {
        position(self.text, offset)
    }

    fn missing(&self, field: &'static str, valid: &'static str) -> ResolutionError {
        let (line, column) = self.at(self.id.span().start);
        ResolutionError::Missing {
            file: self.file.to_owned(),
            line,
            column,
            entry: format!("{} '{}' ({})", self.kind, self.id.get_ref(), self.path),
            field,
            valid,
        }
    }

    fn wrong(
        &self,
        v: &Spanned<toml::Value>,
        field: &'static str,
        valid: &'static str,
    ) -> ResolutionError {
        let (line, column) = self.at(v.span().start);
        ResolutionError::WrongType {
            file: self.file.to_owned(),
            line,
            column,
            entry: format!(
                "{} '{}' ({}.{field})",
                self.kind,
                self.id.get_ref(),
                self.path
            ),
            detail: format!("{field} must be {valid}, found {}", describe(v.get_ref())),
        }
    }

    /// The entry's date, a plain date on or before `as_of` and `today`.
    fn date(
        &self,
        date: Option<&Spanned<toml::Value>>,
        as_of: Option<&str>,
        today: Option<&str>,
    ) -> Result<String, ResolutionError> {
        let Some(d) = date else {
            return Err(self.missing(
                "date",
                "give the date the outcome was observed, like 2025-12-31",
            ));
        };
        let toml::Value::Datetime(dt) = d.get_ref() else {
            return Err(self.wrong(d, "date", "a plain date like 2025-12-31"));
        };
        let id = self.name();
        let date = plain_date(self.file, self.text, &id, dt, d.span().start)?;
        not_later(
            self.file,
            self.text,
            &id,
            &date,
            d.span().start,
            as_of,
            today,
        )?;
        Ok(date)
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

/// As [`parse_on`], for the scenario filed under `key`: a file that names another scenario is
/// refused as such ([`ResolutionError::OtherScenario`]) before its entries are checked, since
/// checked against the wrong scenario its ids would only be reported unknown. The text is
/// parsed once; only a file that does not parse is read again, for the scenario it names.
pub fn parse_for(
    file: &str,
    text: &str,
    scenario: &Scenario,
    key: &str,
    today: &str,
) -> Result<Resolution, ResolutionError> {
    let other = |named: String| ResolutionError::OtherScenario {
        file: file.to_owned(),
        named,
        expected: key.to_owned(),
    };
    let raw = match raw_file(file, text) {
        Ok(raw) => raw,
        Err(e) => {
            return Err(match named_scenario(text) {
                Some(named) if named != key => other(named),
                _ => e,
            });
        }
    };
    if raw.resolution.scenario != key {
        return Err(other(raw.resolution.scenario));
    }
    check_raw(file, text, raw, scenario, Some(today))
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
    check_raw(file, text, raw_file(file, text)?, scenario, today)
}

/// The file's TOML read into its fields, or its syntax error, located.
fn raw_file(file: &str, text: &str) -> Result<RawFile, ResolutionError> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| position(text, s.start));
        ResolutionError::Syntax {
            file: file.to_owned(),
            line,
            column,
            message: e.message().to_owned(),
        }
    })
}

/// Checks the fields `raw` read from `text` against `scenario` (and `today`, when given).
fn check_raw(
    file: &str,
    text: &str,
    raw: RawFile,
    scenario: &Scenario,
    today: Option<&str>,
) -> Result<Resolution, ResolutionError> {
    let mut found = Vec::new();
    let as_of_span = raw.resolution.as_of.span().start;
    // Outcome dates are judged against `as_of` and today; when `as_of` itself is wrong, its
    // problem is the one to report, not the same date's lateness again in every entry.
    let (as_of, today) = match plain_date(
        file,
        text,
        "resolution.as_of",
        raw.resolution.as_of.get_ref(),
        as_of_span,
    ) {
        Ok(d) => match not_later(file, text, "resolution", &d, as_of_span, None, today) {
            Ok(()) => (Some(d), today),
            Err(e) => {
                found.push(e);
                (Some(d), None)
            }
        },
        Err(e) => {
            found.push(e);
            (None, None)
        }
    };
    let mut outcomes = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (k, raw_issue) in raw.issue.iter().enumerate() {
        let entry = Entry {
            file,
            text,
            kind: "issue",
            id: &raw_issue.id,
            path: format!("issue[{k}]"),
        };
        let before = found.len();
        check_common(&entry, &raw_issue.sources, &mut seen, &mut found);
        let value = issue_value(&entry, raw_issue.value.as_ref(), scenario, &mut found);
        let date = entry
            .date(raw_issue.date.as_ref(), as_of.as_deref(), today)
            .map_err(|e| found.push(e))
            .ok();
        if let (Some(value), Some(date), true) = (value, date, found.len() == before) {
            outcomes.push(Outcome {
                target: entry.name(),
                kind: TargetKind::Issue,
                value,
                date,
                sources: raw_issue.sources.clone(),
                judgment: raw_issue.judgment,
                note: raw_issue.note.clone(),
            });
        }
    }
    for (k, raw_question) in raw.question.iter().enumerate() {
        let entry = Entry {
            file,
            text,
            kind: "question",
            id: &raw_question.id,
            path: format!("question[{k}]"),
        };
        let before = found.len();
        check_common(&entry, &raw_question.sources, &mut seen, &mut found);
        if !scenario
            .questions
            .iter()
            .any(|q| q.id == *entry.id.get_ref())
        {
            let known: Vec<&str> = scenario.questions.iter().map(|q| q.id.as_str()).collect();
            let (line, column) = entry.at(entry.id.span().start);
            found.push(ResolutionError::UnknownQuestion {
                file: file.to_owned(),
                line,
                column,
                id: entry.name(),
                known: if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                },
            });
        }
        let outcome = match &raw_question.outcome {
            None => {
                found.push(entry.missing("outcome", "write outcome = true (it happened) or false"));
                None
            }
            Some(v) => match v.get_ref() {
                toml::Value::Boolean(b) => Some(*b),
                _ => {
                    found.push(entry.wrong(v, "outcome", "true or false"));
                    None
                }
            },
        };
        if let (Some(o), Some(v)) = (outcome, &raw_question.outcome) {
            check_outcome(&entry, v.span().start, o, scenario, &outcomes, &mut found);
        }
        let date = entry
            .date(raw_question.date.as_ref(), as_of.as_deref(), today)
            .map_err(|e| found.push(e))
            .ok();
        if let (Some(outcome), Some(date), true) = (outcome, date, found.len() == before) {
            outcomes.push(Outcome {
                target: entry.name(),
                kind: TargetKind::Question,
                value: if outcome { 1.0 } else { 0.0 },
                date,
                sources: raw_question.sources.clone(),
                judgment: raw_question.judgment,
                note: raw_question.note.clone(),
            });
        }
    }
    if let Some(e) = ResolutionError::from_all(found) {
        return Err(e);
    }
    Ok(Resolution {
        scenario: raw.resolution.scenario,
        as_of: as_of.unwrap_or_default(),
        outcomes,
    })
}

/// The scenario a resolution file's `[resolution] scenario` names, read without checking the
/// rest: so a file meant for another scenario can be told so before its ids are checked
/// against the wrong one. `None` when the text does not say (its full check will).
pub fn named_scenario(text: &str) -> Option<String> {
    let value: toml::Value = toml::from_str(text).ok()?;
    Some(
        value
            .get("resolution")?
            .get("scenario")?
            .as_str()?
            .to_owned(),
    )
}

/// A question's recorded `outcome` (at byte `at`) against the scenario: refused for a
/// question without a condition, and when its condition, evaluated on the issue values in
/// `issues` (those this file records), says otherwise. A condition naming an issue the file
/// does not record is not evaluated: the question's outcome is then the only record.
fn check_outcome(
    entry: &Entry<'_>,
    at: usize,
    outcome: bool,
    scenario: &Scenario,
    issues: &[Outcome],
    found: &mut Vec<ResolutionError>,
) {
    let Some(question) = scenario
        .questions
        .iter()
        .find(|q| q.id == *entry.id.get_ref())
    else {
        return; // reported as an unknown question
    };
    let (line, column) = entry.at(at);
    let Some(text) = &question.condition else {
        found.push(ResolutionError::NoCondition {
            file: entry.file.to_owned(),
            line,
            column,
            id: entry.name(),
        });
        return;
    };
    // The scenario was checked when it was read, so its condition parses.
    let Ok(condition) = Condition::parse(text) else {
        return;
    };
    let recorded = |id: &str| {
        let issue = scenario.issues.iter().find(|i| i.id == id)?;
        let o = issues
            .iter()
            .find(|o| o.kind == TargetKind::Issue && o.target == id)?;
        Some((o.value, [issue.scale.min, issue.scale.max]))
    };
    let Some(holds) = condition.holds_with(recorded) else {
        return;
    };
    if holds != outcome {
        let mut named: Vec<&str> = Vec::new();
        for c in condition.clauses().iter().flatten() {
            if !named.contains(&c.issue.as_str()) {
                named.push(&c.issue);
            }
        }
        let values: Vec<String> = named
            .iter()
            .filter_map(|id| recorded(id).map(|(v, _)| format!("{id} = {v}")))
            .collect();
        found.push(ResolutionError::Contradiction {
            file: entry.file.to_owned(),
            line,
            column,
            id: entry.name(),
            outcome,
            condition: text.clone(),
            holds,
            values: values.join(", "),
        });
    }
}

/// An entry's id seen before, or its sources empty.
fn check_common(
    entry: &Entry<'_>,
    sources: &[String],
    seen: &mut Vec<String>,
    found: &mut Vec<ResolutionError>,
) {
    let (line, column) = entry.at(entry.id.span().start);
    let name = entry.name();
    if seen.contains(&name) {
        found.push(ResolutionError::Duplicate {
            file: entry.file.to_owned(),
            line,
            column,
            id: name.clone(),
        });
    }
    if sources.iter().all(|s| s.trim().is_empty()) {
        found.push(ResolutionError::NoSource {
            file: entry.file.to_owned(),
            line,
            column,
            id: name.clone(),
        });
    }
    seen.push(name);
}

/// An issue entry's value: present, a number, on a scale of an issue the scenario has.
fn issue_value(
    entry: &Entry<'_>,
    value: Option<&Spanned<toml::Value>>,
    scenario: &Scenario,
    found: &mut Vec<ResolutionError>,
) -> Option<f64> {
    let id = entry.id.get_ref();
    let issue = scenario.issues.iter().find(|i| &i.id == id);
    if issue.is_none() {
        let known: Vec<&str> = scenario.issues.iter().map(|i| i.id.as_str()).collect();
        let (line, column) = entry.at(entry.id.span().start);
        found.push(ResolutionError::UnknownIssue {
            file: entry.file.to_owned(),
            line,
            column,
            id: id.clone(),
            known: known.join(", "),
        });
    }
    let Some(v) = value else {
        found.push(entry.missing("value", "give the value observed, on the issue's scale"));
        return None;
    };
    let x = match v.get_ref() {
        toml::Value::Float(x) => *x,
        toml::Value::Integer(i) => *i as f64,
        _ => {
            found.push(entry.wrong(v, "value", "a number on the issue's scale"));
            return None;
        }
    };
    let issue = issue?;
    let (lo, hi) = (
        issue.scale.min.min(issue.scale.max),
        issue.scale.min.max(issue.scale.max),
    );
    if !x.is_finite() || x < lo || x > hi {
        let (line, column) = entry.at(v.span().start);
        found.push(ResolutionError::OffScale {
            file: entry.file.to_owned(),
            line,
            column,
            issue: id.clone(),
            value: x,
            min: issue.scale.min,
            max: issue.scale.max,
        });
        return None;
    }
    Some(x)
}
