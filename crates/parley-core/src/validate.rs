//! Semantic validation of a scenario: every rule a model relies on, each a distinct problem.
//!
//! Problems carry a *field path* in the scenario's own vocabulary
//! (`actor[2].stance.iran_nuclear.salience.value`), so file readers can map them back to a line
//! and column and editors to a cell. Structural problems (unknown keys, wrong types) belong to
//! the file readers; everything about values and references is checked here.

use std::collections::HashSet;
use std::fmt;

use crate::condition::Condition;
use crate::estimate::{Distribution, Estimate, Evidence};
use crate::scenario::Scenario;
use crate::text::{Shown, is_disguising};
use crate::what_if::Edit;

/// The largest magnitude of a scale's end (so of every position and status quo): the scale's
/// span, its square and the sums and squares of spans the models and Monte Carlo form stay
/// finite.
pub const MAX_SCALE_END: f64 = 1e100;

/// The smallest span `max - min` of a scale: narrower spans underflow when squared.
pub const MIN_SPAN: f64 = 1e-100;

/// The smallest span of a scale relative to the magnitude of its larger end: a scale must hold
/// thousands of distinct numbers (`1e-12` is about 4,500 times the float spacing), else
/// positions on it are rounded to a handful of values.
pub const MIN_RELATIVE_SPAN: f64 = 1e-12;

/// The largest capability: sums of capability x salience x position over hundreds of actors,
/// and products of two capabilities' shares, stay finite.
pub const MAX_CAPABILITY: f64 = 1e100;

/// The smallest capability: its products with saliences and with other capabilities do not
/// underflow to zero.
pub const MIN_CAPABILITY: f64 = 1e-100;

/// A number in messages: as written when short, else in scientific notation (`9e307`, not
/// 308 digits).
struct Short(f64);

impl fmt::Display for Short {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        if x == 0.0 || (1e-6..1e15).contains(&x.abs()) {
            write!(f, "{x}")
        } else {
            write!(f, "{x:e}")
        }
    }
}

/// The number an out-of-range message names: " 120" for a point value, ": the high end of its
/// range, 120," for a range end, so that the message never passes a range end off as the value.
struct ValueOrEnd(Option<&'static str>, f64);

impl fmt::Display for ValueOrEnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None => write!(f, " {}", Short(self.1)),
            Some(end) => write!(f, ": the {end} end of its range, {},", Short(self.1)),
        }
    }
}

/// One thing wrong with a scenario, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Field path, e.g. `actor[0].stance.tariff.position.value`.
    pub path: String,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// What is wrong with a value or reference. The message names the offending value and what
/// would be valid.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProblemKind {
    /// The scenario declares no actors.
    #[error("the scenario has no actors; add at least one [[actor]] table")]
    NoActors,
    /// The scenario declares no issues.
    #[error("the scenario has no issues; add at least one [[issue]] table")]
    NoIssues,
    /// No actor takes part in any issue.
    #[error("no actor has a stance on any issue; add [actor.stance.ISSUE] tables")]
    NoStances,
    /// An issue no actor takes part in.
    #[error(
        "no actor has a stance on issue '{issue}'; add [actor.stance.{issue}] to at least one actor or drop the issue"
    )]
    IssueWithoutActors {
        /// The issue's id.
        issue: String,
    },
    /// Two entries of one kind share an id.
    #[error("duplicate {kind} id '{}' (first used by {kind} number {first}); ids must be unique", Shown(.id))]
    DuplicateId {
        /// "actor", "issue", ...
        kind: &'static str,
        /// The repeated id.
        id: String,
        /// 1-based index of the first entry with this id.
        first: usize,
    },
    /// An id listed twice in one list of references (`issues = ["a", "a"]`).
    #[error("{kind} '{id}' is listed twice (first as entry {first}); list each {kind} once")]
    RepeatedReference {
        /// "actor" or "issue".
        kind: &'static str,
        /// The repeated id.
        id: String,
        /// 1-based position of its first entry in the list.
        first: usize,
    },
    /// A `sentence` without `source` in a scenario with several sources.
    #[error(
        "sentence {sentence} names no source, and the scenario has several ({known}); add \
         source = \"ID\" (it may be left out only when there is exactly one source)"
    )]
    SentenceWithoutSource {
        /// The sentence number.
        sentence: u32,
        /// The declared source ids.
        known: String,
    },
    /// An id that is empty, padded with spaces, or holds a dot, a control character or a
    /// character that can disguise text (a bidi override, a zero-width space).
    #[error(
        "invalid id '{}': ids must be non-empty, without leading or trailing spaces, dots, \
         control characters or invisible formatting characters (bidi overrides and marks, \
         zero-width spaces); snake_case such as 'iran_nuclear' is the house style",
        Shown(.id)
    )]
    InvalidId {
        /// The offending id.
        id: String,
    },
    /// A one-line text (a name, a scale end's label) holding a control character: a tab, a
    /// line break or an invisible byte would break every table and chart that shows it.
    #[error(
        "{field} holds a control character ({shown}); names are one line of visible text: \
         remove it (descriptions and notes may hold line breaks)"
    )]
    ControlCharacter {
        /// The field's name, e.g. "name of actor 'north'".
        field: String,
        /// The text with its control characters escaped.
        shown: String,
    },
    /// A name, label or id longer than any real one: it would be repeated in every table,
    /// chart and report (a 1.2 MB actor name made a 70 MB report).
    #[error(
        "{field} is {chars} characters long; names, labels and ids are at most {MAX_NAME_CHARS} \
         characters (put longer text in a description or note)"
    )]
    TooLong {
        /// The field's name, e.g. "the name of actor 'north'".
        field: String,
        /// Its length in characters.
        chars: usize,
    },
    /// A required text is empty.
    #[error("{field} must not be empty")]
    EmptyText {
        /// The field's name.
        field: &'static str,
    },
    /// NaN or infinity where a number is needed.
    #[error("{what} is {value}; a finite number is required")]
    NotFinite {
        /// What the number is.
        what: String,
        /// The value as written.
        value: f64,
    },
    /// A number outside its valid range.
    #[error("{what}{} is outside {valid}{hint}", ValueOrEnd(*.end, *.value))]
    OutOfRange {
        /// Which kind of number.
        field: RangedField,
        /// What the number is ("position of usa on iran_nuclear").
        what: String,
        /// The offending value.
        value: f64,
        /// Which end of the estimate's range is off (`"low"` or `"high"`), or `None` when it
        /// is the point value: a `--set x.a.position *= 4` that pushes the range's high end
        /// off the scale must not report that end as the position.
        end: Option<&'static str>,
        /// The valid range, in words ("the issue's scale [0, 100]").
        valid: String,
        /// An optional suggestion, starting with "; ".
        hint: String,
    },
    /// Capability zero or negative.
    #[error("capability of '{actor}' is {}; it must be greater than 0", Short(*.value))]
    CapabilityNotPositive {
        /// The actor's id.
        actor: String,
        /// The offending value.
        value: f64,
    },
    /// `low > high` in an estimate's range.
    #[error(
        "range of {what} has low {} > high {}; write low <= value <= high",
        Short(*.low), Short(*.high)
    )]
    RangeInverted {
        /// What the number is.
        what: String,
        /// The range's low end.
        low: f64,
        /// The range's high end.
        high: f64,
    },
    /// The point value lies outside its own range.
    #[error(
        "{what} is {} but its range is [{}, {}]; the value must lie in its range",
        Short(*.value), Short(*.low), Short(*.high)
    )]
    ValueOutsideRange {
        /// What the number is.
        what: String,
        /// The point value.
        value: f64,
        /// The range's low end.
        low: f64,
        /// The range's high end.
        high: f64,
    },
    /// A normal distribution without a positive standard deviation.
    #[error(
        "{what} uses dist = \"normal\" with sd = {}; sd must be a positive number",
        Short(*.sd)
    )]
    BadStandardDeviation {
        /// What the number is.
        what: String,
        /// The offending standard deviation.
        sd: f64,
    },
    /// An issue scale with `min >= max`.
    #[error(
        "scale [{}, {}] of issue '{issue}' is empty; write [min, max] with min < max",
        Short(*.min), Short(*.max)
    )]
    BadScale {
        /// The issue's id.
        issue: String,
        /// Scale minimum.
        min: f64,
        /// Scale maximum.
        max: f64,
    },
    /// An issue scale with an end beyond [`MAX_SCALE_END`] in magnitude.
    #[error(
        "scale [{}, {}] of issue '{issue}' reaches beyond +-1e100; scale ends must lie within \
         [-1e100, 1e100] (rescale the issue, e.g. to thousands or millions)",
        Short(*.min), Short(*.max)
    )]
    ScaleTooWide {
        /// The issue's id.
        issue: String,
        /// Scale minimum.
        min: f64,
        /// Scale maximum.
        max: f64,
    },
    /// An issue scale narrower than [`MIN_SPAN`] or than [`MIN_RELATIVE_SPAN`] times its
    /// larger end's magnitude.
    #[error(
        "scale [{}, {}] of issue '{issue}' spans only {}; the span max - min must be at least \
         {} here (at least 1e-100, and at least 1e-12 of the larger end's magnitude): rescale \
         the issue",
        Short(*.min), Short(*.max), Short(*.max - *.min), Short(*.needed)
    )]
    ScaleTooNarrow {
        /// The issue's id.
        issue: String,
        /// Scale minimum.
        min: f64,
        /// Scale maximum.
        max: f64,
        /// The smallest span this scale's ends allow.
        needed: f64,
    },
    /// A capability above [`MAX_CAPABILITY`] or below [`MIN_CAPABILITY`] (but positive).
    #[error(
        "capability of '{actor}' is {}; capabilities must lie in [1e-100, 1e100] (only their \
         ratios matter: divide or multiply them all by one factor)",
        Short(*.value)
    )]
    CapabilityOutOfRange {
        /// The actor's id.
        actor: String,
        /// The offending value.
        value: f64,
    },
    /// A reference to an issue id that is not declared.
    #[error("unknown issue '{}'; declared issues: {known}", Shown(.id))]
    UnknownIssue {
        /// The reference.
        id: String,
        /// The declared ids, comma-separated.
        known: String,
    },
    /// A reference to an actor id that is not declared.
    #[error("unknown actor '{}'; declared actors: {known}", Shown(.id))]
    UnknownActor {
        /// The reference.
        id: String,
        /// The declared ids, comma-separated.
        known: String,
    },
    /// A reference to a linkage id that is not declared.
    #[error("unknown linkage '{}'; declared linkages: {known}", Shown(.id))]
    UnknownLinkage {
        /// The reference.
        id: String,
        /// The declared ids, comma-separated (or "none").
        known: String,
    },
    /// Evidence pointing to a source the scenario does not declare.
    #[error("unknown source '{}'; declared in [scenario.sources]: {known}", Shown(.id))]
    UnknownSource {
        /// The reference.
        id: String,
        /// The declared source ids.
        known: String,
    },
    /// A linkage with fewer than two distinct issues.
    #[error("linkage '{id}' links {count} distinct issue(s); a linkage needs at least two")]
    LinkageTooSmall {
        /// The linkage's id.
        id: String,
        /// How many distinct issues it names.
        count: usize,
    },
    /// A mediator that is also listed among the parties it brokers between.
    #[error("mediator '{actor}' is also listed among its parties; a broker cannot broker itself")]
    MediatorIsParty {
        /// The mediator's id.
        actor: String,
    },
    /// A mediator that brokers no issue.
    #[error("the mediator brokers no issue; list at least one issue id in `issues`")]
    MediatorWithoutIssues,
    /// A mediator with no party to broker between: `parties = []`, or (without `parties`) no
    /// other actor takes part in the issues it brokers.
    #[error(
        "mediator '{actor}' brokers between no party: {why}; list the parties in `parties`, \
         or broker an issue other actors take part in"
    )]
    MediatorWithoutParties {
        /// The mediator's id.
        actor: String,
        /// Why there is none, in words.
        why: String,
    },
    /// A mediator with a single party: the "bargain" it would improve on is that party's own
    /// position, and every model reported a "deal zone" that ignored the other actors.
    #[error(
        "mediator '{actor}' brokers for one party only ('{party}'): {why}; a bargain needs two, \
         so list at least two parties in `parties`, or broker an issue two other actors take \
         part in (a what-if that removes the other party can `remove mediator` too)"
    )]
    MediatorOneParty {
        /// The mediator's id.
        actor: String,
        /// The lone party.
        party: String,
        /// Where the party comes from, in words.
        why: String,
    },
    /// A party of the mediator that has no stance on any issue the mediator brokers, so it
    /// would have no stake in the bargain.
    #[error(
        "party '{actor}' of the mediator takes part in none of the brokered issues ({issues}); \
         give it a stance on one of them or remove it from `parties`"
    )]
    PartyNotInvolved {
        /// The party.
        actor: String,
        /// The brokered issues, comma-separated.
        issues: String,
    },
    /// A condition that does not parse or names unknown issues.
    #[error("condition \"{text}\": {reason}")]
    BadCondition {
        /// The condition as written.
        text: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A what-if edit that does not parse or names unknown actors, issues or fields.
    #[error("edit \"{text}\": {reason}")]
    BadEdit {
        /// The edit as written.
        text: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Two edits of one what-if that each set (`=`) the same number: the first would be lost.
    #[error(
        "edits \"{first}\" and \"{second}\" both set the same number; keep one (edits apply \
         in order, so the first would be lost)"
    )]
    RepeatedEdit {
        /// The earlier edit.
        first: String,
        /// The later edit, setting the same number.
        second: String,
    },
    /// A what-if with no edits: applying it would change nothing.
    #[error("what-if '{id}' has no edits; give at least one edit, or drop the what-if")]
    EmptyWhatIf {
        /// The what-if's id.
        id: String,
    },
    /// An actor's accommodation rates (the spatial model's) summing to more than 1.
    #[error(
        "the accommodation rates of '{actor}' sum to {sum} (its own rate is 1 unless given); \
         they must sum to at most 1"
    )]
    AccommodationSum {
        /// The actor.
        actor: String,
        /// The sum.
        sum: f64,
    },
    /// The SMP's `min_turns` above its `max_turns`: the cap ends the run first, so the
    /// minimum would be ignored without a word.
    #[error(
        "SMP min_turns {min} is above max_turns {max}: the run stops at max_turns, so min_turns \
         would never apply; write min_turns <= max_turns"
    )]
    TurnsInverted {
        /// `min_turns`.
        min: usize,
        /// `max_turns`.
        max: usize,
    },
}

/// The kinds of number with a bounded range, so each gets its own problem code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangedField {
    /// An actor's position: within the issue's scale.
    Position,
    /// An actor's salience: `[0, 1]`.
    Salience,
    /// An actor's risk attitude: `[-1, 1]`.
    Risk,
    /// An issue's status quo: within its scale.
    StatusQuo,
    /// The mediator's bias: `[0, 1]`.
    Bias,
    /// An accommodation rate of the spatial model: `[0, 1]`.
    Accommodation,
}

impl ProblemKind {
    /// A stable, distinct code per kind of problem, for documentation and tooling.
    pub fn code(&self) -> &'static str {
        match self {
            ProblemKind::NoActors => "no-actors",
            ProblemKind::NoIssues => "no-issues",
            ProblemKind::NoStances => "no-stances",
            ProblemKind::IssueWithoutActors { .. } => "issue-without-actors",
            ProblemKind::DuplicateId { .. } => "duplicate-id",
            ProblemKind::InvalidId { .. } => "invalid-id",
            ProblemKind::EmptyText { .. } => "empty-text",
            ProblemKind::ControlCharacter { .. } => "control-character",
            ProblemKind::TooLong { .. } => "text-too-long",
            ProblemKind::NotFinite { .. } => "not-finite",
            ProblemKind::OutOfRange { field, .. } => match field {
                RangedField::Position => "position-out-of-scale",
                RangedField::Salience => "salience-out-of-range",
                RangedField::Risk => "risk-out-of-range",
                RangedField::StatusQuo => "status-quo-out-of-scale",
                RangedField::Bias => "bias-out-of-range",
                RangedField::Accommodation => "accommodation-out-of-range",
            },
            ProblemKind::CapabilityNotPositive { .. } => "capability-not-positive",
            ProblemKind::RangeInverted { .. } => "range-inverted",
            ProblemKind::ValueOutsideRange { .. } => "value-outside-range",
            ProblemKind::BadStandardDeviation { .. } => "bad-sd",
            ProblemKind::BadScale { .. } => "bad-scale",
            ProblemKind::ScaleTooWide { .. } => "scale-too-wide",
            ProblemKind::ScaleTooNarrow { .. } => "scale-too-narrow",
            ProblemKind::CapabilityOutOfRange { .. } => "capability-out-of-range",
            ProblemKind::UnknownIssue { .. } => "unknown-issue",
            ProblemKind::UnknownActor { .. } => "unknown-actor",
            ProblemKind::UnknownLinkage { .. } => "unknown-linkage",
            ProblemKind::UnknownSource { .. } => "unknown-source",
            ProblemKind::SentenceWithoutSource { .. } => "sentence-without-source",
            ProblemKind::LinkageTooSmall { .. } => "linkage-too-small",
            ProblemKind::MediatorIsParty { .. } => "mediator-is-party",
            ProblemKind::MediatorWithoutIssues => "mediator-without-issues",
            ProblemKind::MediatorWithoutParties { .. } => "mediator-without-parties",
            ProblemKind::MediatorOneParty { .. } => "mediator-one-party",
            ProblemKind::PartyNotInvolved { .. } => "party-not-involved",
            ProblemKind::BadCondition { .. } => "bad-condition",
            ProblemKind::BadEdit { .. } => "bad-edit",
            ProblemKind::RepeatedReference { .. } => "repeated-reference",
            ProblemKind::RepeatedEdit { .. } => "repeated-edit",
            ProblemKind::EmptyWhatIf { .. } => "empty-what-if",
            ProblemKind::AccommodationSum { .. } => "accommodation-sum",
            ProblemKind::TurnsInverted { .. } => "smp-turns-inverted",
        }
    }
}

/// Runs every check; see [`Scenario::validate`].
pub(crate) fn check(s: &Scenario) -> Vec<Problem> {
    let mut out = Vec::new();
    check_meta(s, &mut out);
    check_one_line_texts(s, &mut out);
    check_issues(s, &mut out);
    check_actors(s, &mut out);
    check_linkages(s, &mut out);
    check_mediator(s, &mut out);
    check_questions(s, &mut out);
    check_what_ifs(s, &mut out);
    check_sources(s, &mut out);
    crate::models::smp::validate(s, &mut out);
    out
}

fn push(out: &mut Vec<Problem>, path: impl Into<String>, kind: ProblemKind) {
    out.push(Problem {
        path: path.into(),
        kind,
    });
}

fn check_meta(s: &Scenario, out: &mut Vec<Problem>) {
    if s.meta.name.trim().is_empty() {
        push(
            out,
            "scenario.name",
            ProblemKind::EmptyText {
                field: "scenario name",
            },
        );
    }
}

/// The longest name, scale-end label or id accepted, in characters. The longest in the shipped
/// scenarios and reference data is under 120; 1,000 leaves room for a full official title.
pub const MAX_NAME_CHARS: usize = 1_000;

/// Names and scale-end labels are shown in table cells and chart labels: one line each, of
/// a bounded length.
fn check_one_line_texts(s: &Scenario, out: &mut Vec<Problem>) {
    for (path, field, text) in one_line_texts(s) {
        let chars = text.chars().count();
        if chars > MAX_NAME_CHARS {
            push(out, path, ProblemKind::TooLong { field, chars });
        } else if text.chars().any(char::is_control) {
            let shown = Shown(text).to_string();
            push(out, path, ProblemKind::ControlCharacter { field, shown });
        }
    }
}

/// Every one-line text of a scenario (its name, each issue's name and scale-end labels, each
/// actor's name) with its field path and its name in words ("the low end's label of issue
/// 'x'"), in document order: what the checks here and the warnings judge.
pub(crate) fn one_line_texts(s: &Scenario) -> Vec<(String, String, &str)> {
    let mut out = vec![(
        "scenario.name".to_owned(),
        "the scenario's name".to_owned(),
        s.meta.name.as_str(),
    )];
    for (k, i) in s.issues.iter().enumerate() {
        let of = format!("of issue '{}'", i.id);
        out.push((
            format!("issue[{k}].name"),
            format!("the name {of}"),
            &i.name,
        ));
        out.push((
            format!("issue[{k}].low"),
            format!("the low end's label {of}"),
            &i.low,
        ));
        out.push((
            format!("issue[{k}].high"),
            format!("the high end's label {of}"),
            &i.high,
        ));
    }
    for (k, a) in s.actors.iter().enumerate() {
        out.push((
            format!("actor[{k}].name"),
            format!("the name of actor '{}'", a.id),
            &a.name,
        ));
    }
    out
}

/// Ids are kept as written, so that imported files (KTAB, decide) keep names such as
/// "EU (incl Norway)"; dots are reserved for what-if paths (`actor.issue.salience`).
fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.trim() == id
        && !id
            .chars()
            .any(|c| c.is_control() || is_disguising(c) || c == '.')
}

/// Checks ids of one kind of entry for validity and uniqueness.
fn check_ids<'a>(kind: &'static str, ids: impl Iterator<Item = &'a str>, out: &mut Vec<Problem>) {
    // id -> 0-based index of its first use
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, id) in ids.enumerate() {
        let path = || format!("{kind}[{i}].id");
        let chars = id.chars().count();
        if chars > MAX_NAME_CHARS {
            let field = format!("the id of {kind} {}", i + 1);
            push(out, path(), ProblemKind::TooLong { field, chars });
        } else if !is_valid_id(id) {
            push(out, path(), ProblemKind::InvalidId { id: id.to_owned() });
        }
        if let Some(&first) = seen.get(id) {
            let kind_problem = ProblemKind::DuplicateId {
                kind,
                id: id.to_owned(),
                first: first + 1,
            };
            push(out, path(), kind_problem);
        } else {
            seen.insert(id, i);
        }
    }
}

/// The valid range of a number, for [`check_estimate`].
struct Valid {
    min: f64,
    max: f64,
    /// Whether `min` itself is excluded (capability > 0).
    min_open: bool,
    /// Words for the range, e.g. "the scale [0, 100] of issue 'x'".
    words: String,
}

impl Valid {
    fn contains(&self, x: f64) -> bool {
        let above_min = if self.min_open {
            x > self.min
        } else {
            x >= self.min
        };
        above_min && x <= self.max
    }
}

/// Checks an estimate: finiteness, the value and range ends within `valid`, the range's order,
/// and the distribution's parameters. `out_of_range` builds the problem for a value outside
/// `valid` so callers can give a field-specific message.
fn check_estimate(
    e: &Estimate,
    path: &str,
    what: &str,
    valid: &Valid,
    out_of_range: &dyn Fn(f64) -> ProblemKind,
    out: &mut Vec<Problem>,
) {
    let mut parts = vec![("value", e.value)];
    if let Some(sp) = &e.spread {
        parts.push(("low", sp.low));
        parts.push(("high", sp.high));
    }
    let mut all_finite = true;
    for (part, x) in &parts {
        let p = format!("{path}.{part}");
        if !x.is_finite() {
            all_finite = false;
            let kind = ProblemKind::NotFinite {
                what: what.to_owned(),
                value: *x,
            };
            push(out, p, kind);
        } else if !valid.contains(*x) {
            let mut kind = out_of_range(*x);
            if let ProblemKind::OutOfRange { end, .. } = &mut kind
                && *part != "value"
            {
                *end = Some(part);
            }
            push(out, p, kind);
        }
    }
    let Some(sp) = &e.spread else { return };
    if !all_finite {
        return;
    }
    if sp.low > sp.high {
        let kind = ProblemKind::RangeInverted {
            what: what.to_owned(),
            low: sp.low,
            high: sp.high,
        };
        push(out, format!("{path}.low"), kind);
    } else if e.value < sp.low || e.value > sp.high {
        let kind = ProblemKind::ValueOutsideRange {
            what: what.to_owned(),
            value: e.value,
            low: sp.low,
            high: sp.high,
        };
        push(out, format!("{path}.value"), kind);
    }
    if let Distribution::Normal { sd } = sp.distribution
        && !(sd.is_finite() && sd > 0.0)
    {
        let kind = ProblemKind::BadStandardDeviation {
            what: what.to_owned(),
            sd,
        };
        push(out, format!("{path}.sd"), kind);
    }
}

fn range_problem(field: RangedField, what: &str, valid: &Valid) -> impl Fn(f64) -> ProblemKind {
    let what = what.to_owned();
    let words = valid.words.clone();
    move |value| ProblemKind::OutOfRange {
        field,
        what: what.clone(),
        value,
        end: None,
        valid: words.clone(),
        hint: if field == RangedField::Salience {
            salience_hint(value)
        } else {
            String::new()
        },
    }
}

fn check_issues(s: &Scenario, out: &mut Vec<Problem>) {
    if s.issues.is_empty() {
        push(out, "issue", ProblemKind::NoIssues);
    }
    check_ids("issue", s.issues.iter().map(|i| i.id.as_str()), out);
    for (j, issue) in s.issues.iter().enumerate() {
        let scale = issue.scale;
        if !scale.is_valid() {
            let kind = ProblemKind::BadScale {
                issue: issue.id.clone(),
                min: scale.min,
                max: scale.max,
            };
            push(out, format!("issue[{j}].scale"), kind);
            continue;
        }
        if let Some(kind) = scale_bounds(issue) {
            push(out, format!("issue[{j}].scale"), kind);
            continue;
        }
        if let Some(sq) = &issue.status_quo {
            let what = format!("status quo of issue '{}'", issue.id);
            let valid = scale_range(issue);
            let make = range_problem(RangedField::StatusQuo, &what, &valid);
            let path = format!("issue[{j}].status_quo");
            check_estimate(sq, &path, &what, &valid, &make, out);
        }
    }
}

/// The problem with a valid (`min < max`, finite) scale outside the limits, if any.
fn scale_bounds(issue: &crate::issue::Issue) -> Option<ProblemKind> {
    let (min, max) = (issue.scale.min, issue.scale.max);
    let end = min.abs().max(max.abs());
    if end > MAX_SCALE_END {
        return Some(ProblemKind::ScaleTooWide {
            issue: issue.id.clone(),
            min,
            max,
        });
    }
    let needed = MIN_SPAN.max(MIN_RELATIVE_SPAN * end);
    (max - min < needed).then(|| ProblemKind::ScaleTooNarrow {
        issue: issue.id.clone(),
        min,
        max,
        needed,
    })
}

fn scale_range(issue: &crate::issue::Issue) -> Valid {
    Valid {
        min: issue.scale.min,
        max: issue.scale.max,
        min_open: false,
        words: format!(
            "the scale [{}, {}] of issue '{}'",
            issue.scale.min, issue.scale.max, issue.id
        ),
    }
}

fn known_ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<&str> = ids.collect();
    if all.is_empty() {
        "none".to_owned()
    } else {
        all.join(", ")
    }
}

fn unit_range(words: &str) -> Valid {
    Valid {
        min: 0.0,
        max: 1.0,
        min_open: false,
        words: words.to_owned(),
    }
}

fn check_actors(s: &Scenario, out: &mut Vec<Problem>) {
    if s.actors.is_empty() {
        push(out, "actor", ProblemKind::NoActors);
    }
    check_ids("actor", s.actors.iter().map(|a| a.id.as_str()), out);
    for (i, actor) in s.actors.iter().enumerate() {
        check_capability(i, actor, out);
        if let Some(risk) = &actor.risk {
            let what = format!("risk attitude of '{}'", actor.id);
            let valid = Valid {
                min: -1.0,
                max: 1.0,
                min_open: false,
                words: "[-1, 1] (-1 risk-averse, 1 risk-acceptant)".into(),
            };
            let make = range_problem(RangedField::Risk, &what, &valid);
            check_estimate(risk, &format!("actor[{i}].risk"), &what, &valid, &make, out);
        }
        check_stances(s, i, out);
    }
    let any_stance = s.actors.iter().any(|a| !a.stances.is_empty());
    if !s.actors.is_empty() && !s.issues.is_empty() && !any_stance {
        push(out, "actor", ProblemKind::NoStances);
        return;
    }
    for (j, issue) in s.issues.iter().enumerate() {
        if !s.actors.is_empty() && !s.actors.iter().any(|a| a.stances.contains_key(&issue.id)) {
            let kind = ProblemKind::IssueWithoutActors {
                issue: issue.id.clone(),
            };
            push(out, format!("issue[{j}].id"), kind);
        }
    }
}

fn check_capability(i: usize, actor: &crate::actor::Actor, out: &mut Vec<Problem>) {
    let what = format!("capability of '{}'", actor.id);
    let valid = Valid {
        min: MIN_CAPABILITY,
        max: MAX_CAPABILITY,
        min_open: false,
        words: "[1e-100, 1e100]".into(),
    };
    let id = actor.id.clone();
    let make = move |value: f64| {
        if value > 0.0 {
            ProblemKind::CapabilityOutOfRange {
                actor: id.clone(),
                value,
            }
        } else {
            ProblemKind::CapabilityNotPositive {
                actor: id.clone(),
                value,
            }
        }
    };
    let path = format!("actor[{i}].capability");
    check_estimate(&actor.capability, &path, &what, &valid, &make, out);
}

fn salience_hint(value: f64) -> String {
    if (2.0..=100.0).contains(&value) {
        format!(
            "; Parley uses 0-1 for salience (coded on 0-100? then write {})",
            value / 100.0
        )
    } else {
        String::new()
    }
}

fn check_stances(s: &Scenario, i: usize, out: &mut Vec<Problem>) {
    let actor = &s.actors[i];
    for (issue_id, stance) in &actor.stances {
        let base = format!("actor[{i}].stance.{issue_id}");
        let Some(j) = s.issue_index(issue_id) else {
            let kind = ProblemKind::UnknownIssue {
                id: issue_id.clone(),
                known: known_ids(s.issues.iter().map(|i| i.id.as_str())),
            };
            push(out, base, kind);
            continue;
        };
        let issue = &s.issues[j];
        // Most stances are fine: skip building messages and paths for them.
        let scale = issue.scale;
        if scale.is_valid()
            && scale_bounds(issue).is_none()
            && is_clean(&stance.position, scale.min, scale.max)
            && is_clean(&stance.salience, 0.0, 1.0)
        {
            continue;
        }
        if issue.scale.is_valid() {
            let what = format!("position of '{}' on '{}'", actor.id, issue_id);
            let valid = scale_range(issue);
            let make = range_problem(RangedField::Position, &what, &valid);
            let path = format!("{base}.position");
            check_estimate(&stance.position, &path, &what, &valid, &make, out);
        }
        let what = format!("salience of '{}' on '{}'", actor.id, issue_id);
        let valid = unit_range("[0, 1]");
        let make = range_problem(RangedField::Salience, &what, &valid);
        let path = format!("{base}.salience");
        check_estimate(&stance.salience, &path, &what, &valid, &make, out);
    }
}

/// True when `check_estimate` would find nothing wrong with `e` on the closed range
/// `[min, max]`; a cheap test that spares the message-building for valid numbers.
fn is_clean(e: &Estimate, min: f64, max: f64) -> bool {
    let inside = |x: f64| x.is_finite() && x >= min && x <= max;
    inside(e.value)
        && e.spread.as_ref().is_none_or(|sp| {
            inside(sp.low)
                && inside(sp.high)
                && sp.low <= e.value
                && e.value <= sp.high
                && match sp.distribution {
                    Distribution::Normal { sd } => sd.is_finite() && sd > 0.0,
                    _ => true,
                }
        })
}

/// Reports each id in `ids` that is not a declared issue.
fn check_issue_refs(s: &Scenario, ids: &[String], path: &str, out: &mut Vec<Problem>) {
    check_repeats("issue", ids, path, out);
    for (k, id) in ids.iter().enumerate() {
        if s.issue_index(id).is_none() {
            let kind = ProblemKind::UnknownIssue {
                id: id.clone(),
                known: known_ids(s.issues.iter().map(|i| i.id.as_str())),
            };
            push(out, format!("{path}[{k}]"), kind);
        }
    }
}

/// Reports each id listed a second time in the list at `path` (`linkage[0].issues`): a list of
/// references names each thing once, so a repeat is a slip that would otherwise pass unseen.
fn check_repeats(kind: &'static str, ids: &[String], path: &str, out: &mut Vec<Problem>) {
    for (k, id) in ids.iter().enumerate() {
        if let Some(first) = ids[..k].iter().position(|x| x == id) {
            let problem = ProblemKind::RepeatedReference {
                kind,
                id: id.clone(),
                first: first + 1,
            };
            push(out, format!("{path}[{k}]"), problem);
        }
    }
}

/// Reports each id in `ids` that is not a declared actor.
fn check_actor_refs(s: &Scenario, ids: &[String], path: &str, out: &mut Vec<Problem>) {
    check_repeats("actor", ids, path, out);
    for (k, id) in ids.iter().enumerate() {
        if s.actor_index(id).is_none() {
            push(out, format!("{path}[{k}]"), unknown_actor(s, id));
        }
    }
}

fn unknown_actor(s: &Scenario, id: &str) -> ProblemKind {
    ProblemKind::UnknownActor {
        id: id.to_owned(),
        known: known_ids(s.actors.iter().map(|a| a.id.as_str())),
    }
}

fn check_linkages(s: &Scenario, out: &mut Vec<Problem>) {
    check_ids("linkage", s.linkages.iter().map(|l| l.id.as_str()), out);
    for (k, linkage) in s.linkages.iter().enumerate() {
        let path = format!("linkage[{k}].issues");
        check_issue_refs(s, &linkage.issues, &path, out);
        let distinct: HashSet<&str> = linkage.issues.iter().map(String::as_str).collect();
        if distinct.len() < 2 {
            let kind = ProblemKind::LinkageTooSmall {
                id: linkage.id.clone(),
                count: distinct.len(),
            };
            push(out, path, kind);
        }
    }
}

/// Every actor but the mediator with a stance on an issue it brokers: its parties when the
/// scenario does not list them.
fn implicit_parties<'s>(s: &'s Scenario, m: &crate::scenario::Mediator) -> Vec<&'s str> {
    s.actors
        .iter()
        .filter(|a| a.id != m.actor && m.issues.iter().any(|i| a.stances.contains_key(i)))
        .map(|a| a.id.as_str())
        .collect()
}

/// The parties the mediator brokers between, as validation counts them: `parties` as listed
/// (the mediator itself left out), else [`implicit_parties`]; `None` without a mediator.
pub(crate) fn mediator_parties(s: &Scenario) -> Option<Vec<&str>> {
    let m = s.mediator.as_ref()?;
    Some(match &m.parties {
        Some(listed) => listed
            .iter()
            .filter(|p| **p != m.actor)
            .map(String::as_str)
            .collect(),
        None => implicit_parties(s, m),
    })
}

fn check_mediator(s: &Scenario, out: &mut Vec<Problem>) {
    let Some(m) = &s.mediator else { return };
    if s.actor_index(&m.actor).is_none() {
        push(out, "mediator.actor", unknown_actor(s, &m.actor));
    }
    if m.issues.is_empty() {
        push(out, "mediator.issues", ProblemKind::MediatorWithoutIssues);
    }
    check_issue_refs(s, &m.issues, "mediator.issues", out);
    // Whether `id` has a stance on an issue the mediator brokers.
    let involved = |id: &str| {
        s.actors
            .iter()
            .find(|a| a.id == id)
            .is_some_and(|a| m.issues.iter().any(|i| a.stances.contains_key(i)))
    };
    let brokered = || m.issues.join(", ");
    match &m.parties {
        Some(parties) => {
            check_actor_refs(s, parties, "mediator.parties", out);
            if let Some(k) = parties.iter().position(|p| *p == m.actor) {
                let kind = ProblemKind::MediatorIsParty {
                    actor: m.actor.clone(),
                };
                push(out, format!("mediator.parties[{k}]"), kind);
            }
            if parties.is_empty() {
                let kind = ProblemKind::MediatorWithoutParties {
                    actor: m.actor.clone(),
                    why: "`parties` is empty".into(),
                };
                push(out, "mediator.parties", kind);
            }
            if let [party] = parties.as_slice()
                && *party != m.actor
            {
                let kind = ProblemKind::MediatorOneParty {
                    actor: m.actor.clone(),
                    party: party.clone(),
                    why: "`parties` lists one actor".into(),
                };
                push(out, "mediator.parties", kind);
            }
            for (k, p) in parties.iter().enumerate() {
                // Unknown ids and the mediator itself are reported above.
                if *p != m.actor && s.actor_index(p).is_some() && !involved(p) {
                    let kind = ProblemKind::PartyNotInvolved {
                        actor: p.clone(),
                        issues: brokered(),
                    };
                    push(out, format!("mediator.parties[{k}]"), kind);
                }
            }
        }
        None => {
            let known_issues = m.issues.iter().all(|i| s.issue_index(i).is_some());
            let parties = implicit_parties(s, m);
            if known_issues && !m.issues.is_empty() {
                match parties.as_slice() {
                    [] => {
                        let kind = ProblemKind::MediatorWithoutParties {
                            actor: m.actor.clone(),
                            why: format!("no other actor takes part in {}", brokered()),
                        };
                        push(out, "mediator.issues", kind);
                    }
                    [party] => {
                        let kind = ProblemKind::MediatorOneParty {
                            actor: m.actor.clone(),
                            party: (*party).to_owned(),
                            why: format!("no other actor takes part in {}", brokered()),
                        };
                        push(out, "mediator.issues", kind);
                    }
                    _ => {}
                }
            }
        }
    }
    let what = "mediator bias";
    let valid = unit_range("[0, 1] (0 honest broker, 1 proposes its own position)");
    let make = range_problem(RangedField::Bias, what, &valid);
    check_estimate(&m.bias, "mediator.bias", what, &valid, &make, out);
}

fn check_questions(s: &Scenario, out: &mut Vec<Problem>) {
    check_ids("question", s.questions.iter().map(|q| q.id.as_str()), out);
    for (k, q) in s.questions.iter().enumerate() {
        if q.text.trim().is_empty() {
            push(
                out,
                format!("question[{k}].text"),
                ProblemKind::EmptyText {
                    field: "question text",
                },
            );
        }
        check_issue_refs(s, &q.issues, &format!("question[{k}].issues"), out);
        check_actor_refs(s, &q.actors, &format!("question[{k}].actors"), out);
        if let Some(l) = &q.linkage
            && !s.linkages.iter().any(|x| &x.id == l)
        {
            let kind = ProblemKind::UnknownLinkage {
                id: l.clone(),
                known: known_ids(s.linkages.iter().map(|x| x.id.as_str())),
            };
            push(out, format!("question[{k}].linkage"), kind);
        }
        if let Some(text) = &q.condition {
            let resolved = Condition::parse(text).and_then(|c| {
                // A threshold on an issue whose scale is itself broken is not checked against
                // it: the scale's problem is reported already, and this would only repeat it.
                let on_broken_scale = c.clauses().iter().flatten().any(|cmp| {
                    s.issues
                        .iter()
                        .any(|i| i.id == cmp.issue && !i.scale.is_valid())
                });
                if on_broken_scale {
                    return Ok(());
                }
                c.resolve(&s.issues).map(|_| ())
            });
            if let Err(e) = resolved {
                let kind = ProblemKind::BadCondition {
                    text: text.clone(),
                    reason: e.to_string(),
                };
                push(out, format!("question[{k}].condition"), kind);
            }
        }
    }
}

fn check_what_ifs(s: &Scenario, out: &mut Vec<Problem>) {
    check_ids("what_if", s.what_ifs.iter().map(|w| w.id.as_str()), out);
    for (k, w) in s.what_ifs.iter().enumerate() {
        for (e, text) in w.edits.iter().enumerate() {
            let checked = Edit::parse(text).and_then(|edit| edit.check_targets(s));
            if let Err(err) = checked {
                let kind = ProblemKind::BadEdit {
                    text: text.clone(),
                    reason: err.to_string(),
                };
                push(out, format!("what_if[{k}].edits[{e}]"), kind);
            }
        }
        if w.edits.is_empty() {
            let kind = ProblemKind::EmptyWhatIf { id: w.id.clone() };
            push(out, format!("what_if[{k}].edits"), kind);
        }
        if let Some((first, second)) = crate::what_if::repeated_set(&w.edits) {
            let kind = ProblemKind::RepeatedEdit {
                first: w.edits[first].clone(),
                second: w.edits[second].clone(),
            };
            push(out, format!("what_if[{k}].edits[{second}]"), kind);
        }
    }
}

/// Reports evidence naming an undeclared source; the path is built only for a problem.
fn check_source(
    s: &Scenario,
    evidence: &Evidence,
    path: impl FnOnce() -> String,
    out: &mut Vec<Problem>,
) {
    let Some(id) = &evidence.source else {
        // A sentence without its source is read in the only source; with several it could be
        // in any of them.
        if let Some(sentence) = evidence.sentence
            && s.meta.sources.len() > 1
        {
            let kind = ProblemKind::SentenceWithoutSource {
                sentence,
                known: known_ids(s.meta.sources.keys().map(String::as_str)),
            };
            push(out, format!("{}.sentence", path()), kind);
        }
        return;
    };
    if s.meta.sources.contains_key(id) {
        return;
    }
    let kind = ProblemKind::UnknownSource {
        id: id.clone(),
        known: known_ids(s.meta.sources.keys().map(String::as_str)),
    };
    push(out, format!("{}.source", path()), kind);
}

/// Checks the evidence of every table and estimate in the scenario.
fn check_sources(s: &Scenario, out: &mut Vec<Problem>) {
    for (j, issue) in s.issues.iter().enumerate() {
        check_source(s, &issue.evidence, || format!("issue[{j}]"), out);
        if let Some(sq) = &issue.status_quo {
            check_source(s, &sq.evidence, || format!("issue[{j}].status_quo"), out);
        }
    }
    for (i, actor) in s.actors.iter().enumerate() {
        check_source(s, &actor.evidence, || format!("actor[{i}]"), out);
        check_source(
            s,
            &actor.capability.evidence,
            || format!("actor[{i}].capability"),
            out,
        );
        if let Some(r) = &actor.risk {
            check_source(s, &r.evidence, || format!("actor[{i}].risk"), out);
        }
        for (issue, st) in &actor.stances {
            let base = || format!("actor[{i}].stance.{issue}");
            check_source(s, &st.evidence, base, out);
            check_source(
                s,
                &st.position.evidence,
                || format!("{}.position", base()),
                out,
            );
            check_source(
                s,
                &st.salience.evidence,
                || format!("{}.salience", base()),
                out,
            );
        }
    }
    for (k, c) in s.context.iter().enumerate() {
        check_source(s, &c.evidence, || format!("context[{k}]"), out);
    }
    for (k, l) in s.linkages.iter().enumerate() {
        check_source(s, &l.evidence, || format!("linkage[{k}]"), out);
    }
    if let Some(m) = &s.mediator {
        check_source(s, &m.evidence, || "mediator".into(), out);
        check_source(s, &m.bias.evidence, || "mediator.bias".into(), out);
    }
    for (k, q) in s.questions.iter().enumerate() {
        check_source(s, &q.evidence, || format!("question[{k}]"), out);
    }
    for (k, w) in s.what_ifs.iter().enumerate() {
        check_source(s, &w.evidence, || format!("what_if[{k}]"), out);
    }
}

#[cfg(test)]
mod tests {
    use crate::actor::Actor;
    use crate::estimate::{Distribution, Spread};
    use crate::issue::Issue;
    use crate::scenario::Scenario;

    /// A position of 40 with the range 20..120 on a 0-100 scale: only the range's high end is
    /// off the scale. The message named 120 as the position (sweep 5 item 17); it must name the
    /// end, at the end's path.
    #[test]
    fn a_range_end_off_the_scale_is_named_as_that_end() {
        let mut s = Scenario::named("t");
        s.issues.push(Issue::new("a").with_status_quo(30.0));
        s.actors
            .push(Actor::new("x", 1.0).with_stance("a", 40.0, 0.5));
        s.actors
            .push(Actor::new("y", 1.0).with_stance("a", 60.0, 0.5));
        let stance = s.actors[0].stances.get_mut("a").unwrap();
        stance.position.spread = Some(Spread {
            low: 20.0,
            high: 120.0,
            distribution: Distribution::Triangular,
        });
        let problems = s.validate();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "actor[0].stance.a.position.high");
        assert_eq!(
            problems[0].kind.to_string(),
            "position of 'x' on 'a': the high end of its range, 120, is outside the scale [0, \
             100] of issue 'a'"
        );
        // The point value itself keeps the short form.
        s.actors[0].stances.get_mut("a").unwrap().position =
            crate::estimate::Estimate::point(140.0);
        let problems = s.validate();
        assert_eq!(
            problems[0].kind.to_string(),
            "position of 'x' on 'a' 140 is outside the scale [0, 100] of issue 'a'"
        );
    }
}
