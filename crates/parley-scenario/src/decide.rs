//! The input format of `foarsitter/decide-exchange-model` (Stokman's exchange model), so users
//! can bring their decide files as they are.
//!
//! One row per line, fields separated by tabs (or `;`), optionally wrapped in single quotes:
//!
//! | row | fields | meaning |
//! |---|---|---|
//! | `#A` | id, [name], [description] | an actor (the name, when given, is its name; the description a note) |
//! | `#P` | id, [name], [description] | an issue ("proposal"; the name its name, the description a note) |
//! | `#M` | issue, value | a bound of the issue's scale; two rows give min and max (none: 0-100) |
//! | `#D` | actor, issue, position, salience, power | an actor's stance on an issue |
//! | `#O` | name | the scenario's name |
//! | `#/` | anything | a comment |
//!
//! Power is per actor-issue in decide; Parley's capability is per actor, so an actor's rows
//! must agree on it (every shipped decide file does). Ids are kept as written, trimmed. A
//! filled field past a row's layout, and a second `#A` or `#P` row for one id, are errors:
//! nothing in the file is dropped without a word.

use std::collections::HashMap;
use std::ops::Range;

use indexmap::IndexMap;
use parley_core::{Actor, Estimate, Evidence, Issue, ProblemKind, Scale, Scenario, Stance};

use crate::diagnostic::FormatProblem;
use crate::reader::{Found, Reader};

use crate::reader::NO_FIELD as ROW;

const ROW_KINDS: &str =
    "#A (actor), #P (issue), #M (issue bound), #D (actor-issue data), #O (name), #/ (comment)";

/// The scenario's name when the file has no `#O` row (readers that know the file name use it
/// instead).
pub const DEFAULT_NAME: &str = "decide scenario";

/// One field of a row, unquoted and trimmed, with its byte span in the file.
#[derive(Debug, Clone)]
struct Field<'a> {
    text: &'a str,
    span: Range<usize>,
}

/// True when the first meaningful line is a decide row.
pub fn looks_like(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|l| {
            let l = l.trim_start_matches('\'');
            ["#A", "#P", "#M", "#D", "#O", "#/"]
                .iter()
                .any(|k| l.starts_with(k))
        })
}

/// Splits a line into fields (tab- or `;`-separated), tracking each field's span.
fn fields(line: &str, offset: usize) -> Vec<Field<'_>> {
    let sep = if line.contains('\t') { '\t' } else { ';' };
    let mut out = Vec::new();
    let mut start = 0;
    for piece in line.split(sep) {
        let lead = piece.len() - piece.trim_start().len();
        let mut text = piece.trim();
        let mut from = start + lead;
        if text.len() >= 2 && text.starts_with('\'') && text.ends_with('\'') {
            text = &text[1..text.len() - 1];
            from += 1;
        }
        let trimmed = text.trim();
        from += text.len() - text.trim_start().len();
        out.push(Field {
            text: trimmed,
            span: offset + from..offset + from + trimmed.len(),
        });
        start += piece.len() + sep.len_utf8();
    }
    out
}

/// What the reader has gathered before building the scenario.
#[derive(Default)]
struct Rows<'a> {
    name: Option<String>,
    /// Per actor id: its id field, name and description (when given).
    actors: IndexMap<&'a str, (Field<'a>, Option<String>, Option<String>)>,
    /// Per issue id: its id field, name and description (when given).
    issues: IndexMap<&'a str, (Field<'a>, Option<String>, Option<String>)>,
    bounds: HashMap<&'a str, Vec<(f64, Range<usize>)>>,
    data: Vec<Vec<Field<'a>>>,
}

/// Reads decide rows into a scenario, reporting problems with their exact spans.
pub fn read(text: &str) -> (Scenario, Reader) {
    let mut r = Reader::default();
    let mut rows = Rows::default();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if !content.trim().is_empty() {
            collect(&mut r, &mut rows, fields(content, offset));
        }
        offset += line.len();
    }
    let scenario = build(&mut r, rows);
    (scenario, r)
}

fn report(r: &mut Reader, span: Range<usize>, path: impl Into<String>, problem: FormatProblem) {
    r.found.push(Found {
        span,
        path: path.into(),
        problem,
    });
}

/// Files one row into `rows`.
fn collect<'a>(r: &mut Reader, rows: &mut Rows<'a>, f: Vec<Field<'a>>) {
    let kind = f[0].text;
    let need = |r: &mut Reader, n: usize, layout: &'static str| {
        let ok = f.len() >= n;
        if !ok {
            let problem = FormatProblem::FieldCount {
                row: kind.to_owned(),
                expected: n,
                found: f.len(),
                layout,
            };
            report(r, f[0].span.start..f[f.len() - 1].span.end, ROW, problem);
        }
        ok
    };
    // A filled field past the `most` a row kind reads would be lost: report the first.
    let extra = |r: &mut Reader, most: usize, layout: &'static str| {
        if let Some(x) = f.iter().skip(most).find(|x| !x.text.is_empty()) {
            let problem = FormatProblem::ExtraField {
                row: kind.to_owned(),
                layout,
                text: x.text.to_owned(),
            };
            report(r, x.span.clone(), ROW, problem);
        }
    };
    let text_at = |k: usize| {
        f.get(k)
            .map(|x| x.text.to_owned())
            .filter(|t| !t.is_empty())
    };
    match kind {
        "#/" => {}
        "#O" => {
            if need(r, 2, "#O, name") {
                extra(r, 2, "#O, name");
                rows.name = Some(f[1].text.to_owned());
            }
        }
        "#A" | "#P" => {
            let (layout, what, entries) = if kind == "#A" {
                ("#A, id, name, description", "actor", &mut rows.actors)
            } else {
                ("#P, id, name, description", "issue", &mut rows.issues)
            };
            if need(r, 2, layout) {
                extra(r, 4, layout);
                if let Some(first) = entries.get_index_of(f[1].text) {
                    let problem = FormatProblem::Invalid(ProblemKind::DuplicateId {
                        kind: what,
                        id: f[1].text.to_owned(),
                        first: first + 1,
                    });
                    report(r, f[1].span.clone(), ROW, problem);
                } else {
                    entries.insert(f[1].text, (f[1].clone(), text_at(2), text_at(3)));
                }
            }
        }
        "#M" => {
            if need(r, 3, "#M, issue, value") {
                extra(r, 3, "#M, issue, value");
            }
            if f.len() >= 3
                && let Some(v) = number(r, &f[2], &format!("bound of issue '{}'", f[1].text))
            {
                rows.bounds
                    .entry(f[1].text)
                    .or_default()
                    .push((v, f[2].span.clone()));
            }
        }
        "#D" => {
            let layout = "#D, actor, issue, position, salience, power";
            if need(r, 6, layout) {
                extra(r, 6, layout);
                rows.data.push(f);
            }
        }
        other => {
            let problem = FormatProblem::UnknownRow(other.to_owned(), ROW_KINDS);
            report(r, f[0].span.clone(), ROW, problem);
        }
    }
}

fn number(r: &mut Reader, f: &Field<'_>, what: &str) -> Option<f64> {
    number_at(r, f, what, ROW)
}

/// Parses a number, reporting a problem at `path` when it is not one.
fn number_at(r: &mut Reader, f: &Field<'_>, what: &str, path: &str) -> Option<f64> {
    match f.text.parse::<f64>() {
        Ok(v) => Some(v),
        Err(_) => {
            let problem = FormatProblem::NotANumber {
                what: what.to_owned(),
                text: f.text.to_owned(),
            };
            report(r, f.span.clone(), path, problem);
            None
        }
    }
}

fn build(r: &mut Reader, rows: Rows<'_>) -> Scenario {
    let mut s = Scenario::named(rows.name.clone().unwrap_or_else(|| DEFAULT_NAME.into()));
    for (j, (id, (field, name, description))) in rows.issues.iter().enumerate() {
        r.spans.insert(format!("issue[{j}].id"), field.span.clone());
        let mut issue = Issue::new(*id);
        if let Some(name) = name {
            issue.name = name.clone();
        }
        issue.scale = scale(r, id, rows.bounds.get(id).map(Vec::as_slice), j);
        // decide files do not label the ends of their scales.
        issue.low = "low end".into();
        issue.high = "high end".into();
        issue.evidence = Evidence {
            note: description.clone(),
            ..Evidence::default()
        };
        s.issues.push(issue);
    }
    for (i, (id, (field, name, description))) in rows.actors.iter().enumerate() {
        r.spans.insert(format!("actor[{i}].id"), field.span.clone());
        let mut actor = Actor::new(*id, f64::NAN);
        if let Some(name) = name {
            actor.name = name.clone();
        }
        actor.evidence.note = description.clone();
        s.actors.push(actor);
    }
    for row in &rows.data {
        stance(r, &mut s, &rows, row);
    }
    for (i, actor) in s.actors.iter_mut().enumerate() {
        if actor.capability.value.is_nan() {
            // No #D row gave it a power: it takes part in nothing. Capability 1 is a neutral
            // placeholder; the actor has no stance, so it influences nothing.
            actor.capability = Estimate::point(1.0);
            r.spans.remove(&format!("actor[{i}].capability.value"));
        }
    }
    s
}

fn scale(r: &mut Reader, issue: &str, bounds: Option<&[(f64, Range<usize>)]>, j: usize) -> Scale {
    match bounds {
        None => Scale::default(),
        Some([(a, sa), (b, sb)]) => {
            r.spans
                .insert(format!("issue[{j}].scale"), sa.start..sb.end);
            Scale {
                min: a.min(*b),
                max: a.max(*b),
            }
        }
        Some(other) => {
            let span = other.first().map_or(0..0, |(_, s)| s.clone());
            let problem = FormatProblem::BoundCount {
                issue: issue.to_owned(),
                count: other.len(),
            };
            report(r, span, format!("issue[{j}].scale"), problem);
            Scale::default()
        }
    }
}

/// Applies one `#D` row.
fn stance(r: &mut Reader, s: &mut Scenario, rows: &Rows<'_>, row: &[Field<'_>]) {
    let (actor, issue) = (&row[1], &row[2]);
    let Some(i) = rows.actors.get_index_of(actor.text) else {
        undeclared(r, "actor", actor, "#A", rows.actors.keys());
        return;
    };
    if !rows.issues.contains_key(issue.text) {
        undeclared(r, "issue", issue, "#P", rows.issues.keys());
        return;
    }
    let what = |w: &str| format!("{w} of '{}' on '{}'", actor.text, issue.text);
    let base = format!("actor[{i}].stance.{}", issue.text);
    r.spans
        .insert(base.clone(), row[0].span.start..row[row.len() - 1].span.end);
    r.spans
        .insert(format!("{base}.position.value"), row[3].span.clone());
    r.spans
        .insert(format!("{base}.salience.value"), row[4].span.clone());
    // An unreadable number is reported at its field and kept as NaN, so the stance still
    // counts (no "no stances" echo) and the NaN itself is not reported twice.
    let position = number_at(r, &row[3], &what("position"), &format!("{base}.position"));
    let salience = number_at(r, &row[4], &what("salience"), &format!("{base}.salience"));
    if let Some(power) = number(r, &row[5], &what("power")) {
        apply_power(r, s, i, power, &row[5]);
    }
    let stance = Stance::new(position.unwrap_or(f64::NAN), salience.unwrap_or(f64::NAN));
    if s.actors[i]
        .stances
        .insert(issue.text.to_owned(), stance)
        .is_some()
    {
        let problem = FormatProblem::DuplicateKey {
            key: issue.text.to_owned(),
            table: format!("#D rows of '{}'", actor.text),
        };
        report(r, issue.span.clone(), ROW, problem);
    }
}

/// Checks a row's power and makes it the actor's capability (the first positive one).
fn apply_power(r: &mut Reader, s: &mut Scenario, i: usize, power: f64, field: &Field<'_>) {
    let actor = &mut s.actors[i];
    if !(power.is_finite() && power > 0.0) {
        let kind = ProblemKind::CapabilityNotPositive {
            actor: actor.id.clone(),
            value: power,
        };
        report(r, field.span.clone(), ROW, FormatProblem::Invalid(kind));
        return;
    }
    let first = actor.capability.value;
    if first.is_nan() {
        actor.capability = Estimate::point(power);
        r.spans
            .insert(format!("actor[{i}].capability.value"), field.span.clone());
    } else if first != power {
        let problem = FormatProblem::PowerVaries {
            actor: actor.id.clone(),
            first,
            value: power,
        };
        report(r, field.span.clone(), ROW, problem);
    }
}

fn undeclared<'a>(
    r: &mut Reader,
    kind: &'static str,
    f: &Field<'_>,
    row: &'static str,
    known: impl Iterator<Item = &'a &'a str>,
) {
    let known: Vec<&str> = known.copied().collect();
    let problem = FormatProblem::Undeclared {
        kind,
        name: f.text.to_owned(),
        row,
        known: known.join(", "),
    };
    report(r, f.span.clone(), ROW, problem);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_unquoted_trimmed_and_located() {
        let line = "'#D'\t'USA'\t'Newtreaty'\t10.0\t0.9\t0.26";
        let f = fields(line, 100);
        let texts: Vec<&str> = f.iter().map(|x| x.text).collect();
        assert_eq!(texts, ["#D", "USA", "Newtreaty", "10.0", "0.9", "0.26"]);
        assert_eq!(&line[f[1].span.start - 100..f[1].span.end - 100], "USA");
        assert_eq!(&line[f[3].span.start - 100..f[3].span.end - 100], "10.0");
    }

    #[test]
    fn detects_decide_rows() {
        assert!(looks_like("\n'#A'\t'x'\t'x'\t''\n"));
        assert!(looks_like("#/\tcomment\n#A\tx\tx\n"));
        assert!(!looks_like("[scenario]\nname = \"x\"\n"));
    }
}
