//! KTAB's scenario files (KAPSARC Toolkit for Behavioral Analysis, Wise et al.; the `smpc`
//! readers `SMPModel::csvRead` and `SMPModel::xmlRead`), so KTAB users can run their files as
//! they are.
//!
//! Both formats give each actor a capability and, per dimension, a position and a salience on
//! 0-100. Each dimension becomes an issue on the scale `[0, 100]`; positions are kept as written
//! and saliences divided by 100 (as KTAB divides both), so Parley's spatial model sees KTAB's
//! numbers bit for bit. An actor's KTAB name becomes its id and name, its description a note.
//! The XML format's model parameters, seed and ideal adjustments become `[models.smp]`.
//!
//! Where KTAB is stricter than it needs to be, Parley accepts: the XML elements the schema
//! calls optional (`IdealAdjustment`, `Dimensions`, `ModelParameters` or any of its entries),
//! fewer than 3 actors, and saliences summing to more than 100 (the spatial model scales them).

pub mod csv;
pub mod xml;

use std::ops::Range;

use parley_core::models::smp::SmpSettings;
use parley_core::{Actor, Evidence, Issue, ProblemKind, Scenario, Stance};

use crate::diagnostic::FormatProblem;
use crate::reader::{Found, NO_FIELD, Reader};

/// A piece of text from the file with its byte span.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    /// The text, trimmed.
    pub text: String,
    /// Where it is.
    pub span: Range<usize>,
}

/// A number read from the file: `None` when it was missing or unreadable (already reported).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Number {
    pub value: Option<f64>,
    pub span: Range<usize>,
}

/// One actor as the file gives it.
#[derive(Debug, Clone)]
pub(crate) struct RawActor {
    pub name: Cell,
    pub description: Option<String>,
    pub capability: Number,
    /// Per dimension: position and salience on 0-100.
    pub stances: Vec<(Number, Number)>,
    /// Span of the whole actor (row or element).
    pub span: Range<usize>,
}

/// A KTAB scenario before it becomes a Parley one.
#[derive(Debug, Clone, Default)]
pub(crate) struct Raw {
    pub name: Option<String>,
    pub description: Option<String>,
    pub dimensions: Vec<Cell>,
    pub actors: Vec<RawActor>,
    pub settings: Option<SmpSettings>,
    /// Spans of the settings' fields, by path (`models.smp.accommodation[0].actor`, ...).
    pub setting_spans: Vec<(String, Range<usize>)>,
}

/// The scenario's name when the file gives none (readers that know the file name use it).
pub const DEFAULT_NAME: &str = "KTAB scenario";

pub(crate) fn report(
    r: &mut Reader,
    span: Range<usize>,
    path: impl Into<String>,
    problem: FormatProblem,
) {
    r.found.push(Found {
        span,
        path: path.into(),
        problem,
    });
}

/// Reports a value outside KTAB's 0-100 range in the file's own units.
fn check_percent(
    r: &mut Reader,
    n: &Number,
    path: &str,
    field: parley_core::validate::RangedField,
    what: String,
) {
    if let Some(v) = n.value
        && !(0.0..=100.0).contains(&v)
    {
        let kind = ProblemKind::OutOfRange {
            field,
            what,
            value: v,
            end: None,
            valid: "[0, 100]".into(),
            hint: String::new(),
        };
        report(r, n.span.clone(), path, FormatProblem::Invalid(kind));
    }
}

/// Builds the Parley scenario, recording the span of every field for located diagnostics.
pub(crate) fn build(r: &mut Reader, raw: Raw) -> Scenario {
    use parley_core::validate::RangedField;
    let name = raw
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(DEFAULT_NAME);
    let mut s = Scenario::named(name);
    s.meta.description = raw
        .description
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty());
    for (j, d) in raw.dimensions.iter().enumerate() {
        r.spans.insert(format!("issue[{j}].id"), d.span.clone());
        let mut issue = Issue::new(d.text.clone());
        // KTAB does not label the ends of its 0-100 dimensions.
        issue.low = "0".into();
        issue.high = "100".into();
        s.issues.push(issue);
    }
    for (i, a) in raw.actors.iter().enumerate() {
        r.spans.insert(format!("actor[{i}]"), a.span.clone());
        r.spans
            .insert(format!("actor[{i}].id"), a.name.span.clone());
        r.spans.insert(
            format!("actor[{i}].capability.value"),
            a.capability.span.clone(),
        );
        let mut actor = Actor::new(a.name.text.clone(), a.capability.value.unwrap_or(f64::NAN));
        actor.evidence = Evidence {
            note: a.description.clone().filter(|d| !d.trim().is_empty()),
            ..Evidence::default()
        };
        if a.capability.value.is_none() {
            // Already reported; a placeholder keeps the semantic checks quiet about it.
            actor.capability = parley_core::Estimate::point(1.0);
            r.spans.remove(&format!("actor[{i}].capability.value"));
        }
        for (d, (pos, sal)) in raw.dimensions.iter().zip(&a.stances) {
            let base = format!("actor[{i}].stance.{}", d.text);
            r.spans.insert(base.clone(), pos.span.start..sal.span.end);
            r.spans
                .insert(format!("{base}.position.value"), pos.span.clone());
            r.spans
                .insert(format!("{base}.salience.value"), sal.span.clone());
            let on = |w: &str| format!("{w} of '{}' on '{}'", a.name.text, d.text);
            check_percent(
                r,
                pos,
                &format!("{base}.position"),
                RangedField::Position,
                on("position"),
            );
            check_percent(
                r,
                sal,
                &format!("{base}.salience"),
                RangedField::Salience,
                on("salience (a percentage in KTAB files)"),
            );
            // A missing number was reported where it is; NaN keeps the stance and is skipped
            // by the semantic checks as already covered.
            let position = pos.value.unwrap_or(f64::NAN);
            let salience = sal.value.map_or(f64::NAN, |v| v / 100.0);
            actor
                .stances
                .insert(d.text.clone(), Stance::new(position, salience));
        }
        s.actors.push(actor);
    }
    for (path, span) in raw.setting_spans {
        r.spans.insert(path, span);
    }
    s.models.smp = raw.settings;
    s
}

/// Reports that `what` is empty at `span`, saying what to write.
pub(crate) fn empty(
    r: &mut Reader,
    span: Range<usize>,
    path: &str,
    what: String,
    valid: &'static str,
) {
    report(r, span, path, FormatProblem::EmptyValue { what, valid });
}

/// Parses a number as KTAB's readers do (leading and trailing blanks allowed), reporting it
/// at `path` when it is missing or not a number.
pub(crate) fn number(
    r: &mut Reader,
    cell: &Cell,
    path: &str,
    what: String,
    valid: &'static str,
) -> Number {
    let value = if cell.text.is_empty() {
        empty(r, cell.span.clone(), path, what, valid);
        None
    } else {
        match cell.text.parse::<f64>() {
            Ok(v) => Some(v),
            Err(_) => {
                let problem = FormatProblem::NotANumber {
                    what,
                    text: cell.text.clone(),
                };
                report(r, cell.span.clone(), path, problem);
                None
            }
        }
    };
    Number {
        value,
        span: cell.span.clone(),
    }
}

/// The path of a problem tied to a place in the file but to no scenario field.
pub(crate) const ROW: &str = NO_FIELD;
