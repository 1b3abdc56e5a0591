//! Bueno de Mesquita's actor table, the input of the expected utility model's public
//! implementations (`dmasad/BDM_DecisionModel_Replication`, `jmckib/bdm-scholz-expected-utility-model`):
//! one issue, a header row, then one row per actor.
//!
//! ```text
//! Actor,Capability,Position,Salience
//! Netherlands,0.08,4,80
//! ```
//!
//! - **Header.** Four columns in any order, named (case-insensitive) `Actor` / `Stakeholder` /
//!   `Name` / `Player` / `Party`, `Capability` / `Resources` / `Power` / `Influence` / `Clout`,
//!   `Position`, and `Salience` / `Importance`. Fields are separated by commas (`;` or tabs
//!   when the header has no comma) and may be double-quoted (`"Korea, Republic of"`). Lines
//!   end with LF, CRLF or a bare CR (the shipped BDM files are old Mac text); blank lines and
//!   trailing empty fields are ignored.
//! - **One issue per file.** Its id comes from the file name's stem (or the caller's choice);
//!   the scenario is named after the stem as well.
//! - **Salience** is read on 0-1 or on 0-100: if any salience in the file exceeds 1, the whole
//!   column is taken as 0-100 and divided by 100 (a 0-100 file whose values are all 0 or 1 is
//!   therefore read as 0-1; give such a file one value above 1 or convert it first). A column
//!   with fewer values above 1 than values in (0, 1] is refused at each value above 1: see
//!   `check_salience_scale`.
//! - **Positions** stay on the file's own scale, which becomes the issue's scale: from the
//!   lowest to the highest position in the file (years 4-10 in the EC emission case), unless
//!   the caller gives one. Parley maps that scale to its internal 0-100, as for decide's
//!   `#M` bounds. When every actor holds one position the scale is 0-100 if that position lies
//!   in it, else stretched from 0 or to 100 to include it.
//! - **Actor ids** are the names as written, trimmed, with dots (reserved for what-if paths)
//!   replaced by `_`; the name keeps the original spelling.
//!
//! Every bad row is reported with its line and column: a missing field, a number that does not
//! parse, NaN or infinity, a capability of zero or less, a salience outside 0-1 (or 0-100), an
//! empty actor name, an actor listed twice; and an empty file or a header without the four
//! columns.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use parley_core::validate::RangedField;
use parley_core::{Actor, Issue, ProblemKind, Scale, Scenario, Stance};

use crate::diagnostic::FormatProblem;
use crate::reader::{Found, NO_FIELD as ROW, Reader};
use crate::{Diagnostic, LineIndex, LoadError};

/// The issue's id when the caller names none and the file has no usable name.
pub const DEFAULT_ISSUE: &str = "issue";

/// The scenario's name when the file has no usable name.
pub const DEFAULT_NAME: &str = "bdm scenario";

/// The header's names for each column, lower case.
const ACTOR: &[&str] = &["actor", "stakeholder", "name", "player", "party"];
const CAPABILITY: &[&str] = &["capability", "resources", "power", "influence", "clout"];
const POSITION: &[&str] = &["position"];
const SALIENCE: &[&str] = &["salience", "importance"];

/// The columns, in words, for error messages.
const LAYOUT: &str = "Actor, Capability, Position, Salience (or Stakeholder, Resources, ...)";

/// How to read a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The issue's id (and name).
    pub issue: String,
    /// The scenario's name.
    pub name: String,
    /// The issue's scale; `None`: from the lowest to the highest position in the file.
    pub scale: Option<Scale>,
    /// The salience column's scale as the caller states it; `None`: read from the column (on
    /// 0-100 when any value exceeds 1, refused when the column mixes the two).
    pub salience_scale: Option<SalienceScale>,
}

/// The scale a BDM salience column is written on, when the caller says so: a column that
/// mixes values above 1 with mostly smaller ones cannot be read without it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SalienceScale {
    /// 0-1: read as written; a value above 1 is an error at its cell.
    Unit,
    /// 0-100: every value divided by 100; a value above 100 is an error at its cell.
    Percent,
}

impl SalienceScale {
    /// What each salience is divided by.
    fn divisor(self) -> f64 {
        match self {
            SalienceScale::Unit => 1.0,
            SalienceScale::Percent => 100.0,
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Self {
            issue: DEFAULT_ISSUE.into(),
            name: DEFAULT_NAME.into(),
            scale: None,
            salience_scale: None,
        }
    }
}

impl Options {
    /// Issue id and scenario name from the file's stem (`china_1989_ChinaData.csv` gives
    /// `china_1989_ChinaData`), dots replaced by `_`.
    pub fn for_file(file: &str) -> Self {
        let stem = Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .map(|s| s.trim().replace('.', "_"))
            .filter(|s| !s.is_empty());
        match stem {
            Some(stem) => Self {
                issue: stem.clone(),
                name: stem,
                scale: None,
                salience_scale: None,
            },
            None => Self::default(),
        }
    }
}

/// One field of a line, unquoted and trimmed, with its byte span in the file.
#[derive(Debug, Clone)]
struct Field<'a> {
    text: Cow<'a, str>,
    span: Range<usize>,
}

/// The column of each role in the header.
#[derive(Debug, Clone, Copy)]
struct Columns {
    actor: usize,
    capability: usize,
    position: usize,
    salience: usize,
    count: usize,
}

/// True when the first non-blank line is a BDM header (the four columns, nothing else).
pub fn looks_like(text: &str) -> bool {
    let text = normalise_line_ends(text);
    let Some((line, offset)) = lines(&text).next() else {
        return false;
    };
    let fields = split(line, offset, separator(line));
    header_columns(&fields).is_ok()
}

/// `text` with every bare CR turned into LF, so that line numbers count CR-only lines; CRLF is
/// kept. Byte offsets do not change.
pub fn normalise_line_ends(text: &str) -> Cow<'_, str> {
    let bare_cr = text
        .match_indices('\r')
        .any(|(i, _)| text.as_bytes().get(i + 1) != Some(&b'\n'));
    if !bare_cr {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c == '\r' && bytes.get(i + 1) != Some(&b'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Reads and validates a table; `file` names it in diagnostics.
pub fn load(file: &str, text: &str, options: &Options) -> Result<Scenario, LoadError> {
    parse_and_check(crate::strip_bom(text), options).map_err(|diagnostics| LoadError::Invalid {
        file: file.to_owned(),
        diagnostics,
    })
}

/// Reads and validates a table; on failure returns every problem, in file order, located on
/// the lines as LF, CRLF or CR end them.
pub fn parse_and_check(text: &str, options: &Options) -> Result<Scenario, Vec<Diagnostic>> {
    let text = normalise_line_ends(text);
    let (scenario, reader) = read_normalised(&text, options);
    crate::check(&LineIndex::new(&text), scenario, &reader)
}

/// The non-blank lines of normalised text, each without its line end, with its byte offset.
fn lines(text: &str) -> impl Iterator<Item = (&str, usize)> {
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |raw| {
        let at = offset;
        offset += raw.len();
        let mut line = raw.trim_end_matches(['\n', '\r']);
        let mut at = at;
        if at == 0 && line.starts_with('\u{feff}') {
            line = &line[3..];
            at = 3;
        }
        (!line.trim().is_empty()).then_some((line, at))
    })
}

/// The header's separator: a comma, else `;`, else a tab.
fn separator(header: &str) -> char {
    if header.contains(',') {
        ','
    } else if header.contains(';') {
        ';'
    } else {
        '\t'
    }
}

/// Splits a line into fields, unquoting `"..."` (with `""` for a quote) and trimming; trailing
/// empty fields are dropped.
fn split(line: &str, offset: usize, sep: char) -> Vec<Field<'_>> {
    let mut out = Vec::new();
    let mut rest = 0;
    loop {
        let lead = line[rest..].len() - line[rest..].trim_start().len();
        let start = rest + lead;
        let (field, next) = if line[start..].starts_with('"') {
            quoted(line, offset, start, sep)
        } else {
            let end = line[start..].find(sep).map_or(line.len(), |e| start + e);
            let text = line[start..end].trim_end();
            // A blank field is shown where it begins, not at the next separator.
            let from = if text.is_empty() { rest } else { start };
            let span = offset + from..offset + start + text.len();
            let next = (end < line.len()).then(|| end + sep.len_utf8());
            (
                Field {
                    text: Cow::Borrowed(text),
                    span,
                },
                next,
            )
        };
        out.push(field);
        match next {
            Some(n) => rest = n,
            None => break,
        }
    }
    while out.last().is_some_and(|f| f.text.is_empty()) && out.len() > 1 {
        out.pop();
    }
    out
}

/// A double-quoted field starting at `start` of a line at `offset`, and where the next field
/// starts.
fn quoted(line: &str, offset: usize, start: usize, sep: char) -> (Field<'_>, Option<usize>) {
    let mut text = String::new();
    let mut chars = line[start + 1..].char_indices().peekable();
    let mut close = line.len();
    while let Some((i, c)) = chars.next() {
        if c == '"' {
            if chars.peek().is_some_and(|&(_, d)| d == '"') {
                text.push('"');
                chars.next();
                continue;
            }
            close = start + 1 + i + 1;
            break;
        }
        text.push(c);
    }
    let next = line[close..].find(sep).map(|e| close + e + sep.len_utf8());
    let trimmed = text.trim().to_owned();
    let field = Field {
        text: Cow::Owned(trimmed),
        span: offset + start..offset + close,
    };
    (field, next)
}

/// The column of each role, or the problem with the header.
fn header_columns(fields: &[Field<'_>]) -> Result<Columns, (Range<usize>, FormatProblem)> {
    let mut found: [Option<usize>; 4] = [None; 4];
    for (k, f) in fields.iter().enumerate() {
        let name = f.text.trim().to_ascii_lowercase();
        let role = [ACTOR, CAPABILITY, POSITION, SALIENCE]
            .iter()
            .position(|names| names.contains(&name.as_str()));
        match role {
            Some(r) if found[r].is_none() => found[r] = Some(k),
            _ => {
                let problem = FormatProblem::UnknownColumn {
                    column: f.text.to_string(),
                    valid: LAYOUT,
                };
                return Err((f.span.clone(), problem));
            }
        }
    }
    let roles = ["Actor", "Capability", "Position", "Salience"];
    let start = fields.first().map_or(0, |f| f.span.start);
    let all = start..fields.last().map_or(start, |f| f.span.end);
    match found {
        [
            Some(actor),
            Some(capability),
            Some(position),
            Some(salience),
        ] => Ok(Columns {
            actor,
            capability,
            position,
            salience,
            count: fields.len(),
        }),
        _ => {
            let missing = found
                .iter()
                .zip(roles)
                .find(|(f, _)| f.is_none())
                .map_or("Actor", |(_, r)| r);
            let problem = FormatProblem::MissingColumn {
                column: missing,
                layout: LAYOUT,
            };
            Err((all, problem))
        }
    }
}

/// One actor row as read, before the salience scale is known.
struct Row<'a> {
    id: String,
    name: String,
    capability: f64,
    position: f64,
    salience: f64,
    fields: Vec<Field<'a>>,
}

/// Reads table text into a one-issue scenario, reporting problems with their spans (byte
/// offsets into `text`).
pub fn read(text: &str, options: &Options) -> (Scenario, Reader) {
    read_normalised(&normalise_line_ends(text), options)
}

/// [`read`] on text whose line ends are LF or CRLF.
fn read_normalised(text: &str, options: &Options) -> (Scenario, Reader) {
    let mut r = Reader::default();
    let mut s = Scenario::named(options.name.clone());
    let mut lines = lines(text);
    let Some((header, offset)) = lines.next() else {
        report(&mut r, 0..text.len(), "", FormatProblem::EmptyTable(LAYOUT));
        return (s, r);
    };
    let sep = separator(header);
    let columns = match header_columns(&split(header, offset, sep)) {
        Ok(c) => c,
        Err((span, problem)) => {
            // Without the columns no row can be read: nothing else to judge.
            report(&mut r, span, "", problem);
            return (s, r);
        }
    };
    let mut rows: Vec<Row<'_>> = Vec::new();
    let mut refused_rows = 0usize;
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let index = LineIndex::new(text);
    for (line, offset) in lines {
        let fields = split(line, offset, sep);
        let Some(row) = read_row(&mut r, fields, columns, line, offset) else {
            refused_rows += 1;
            continue;
        };
        let lineno = index.locate(offset).0;
        if let Some(&first) = first_line.get(&row.id) {
            let problem = FormatProblem::DuplicateActor {
                actor: row.name.clone(),
                first_line: first,
            };
            report(&mut r, row.fields[columns.actor].span.clone(), ROW, problem);
            continue;
        }
        first_line.insert(row.id.clone(), lineno);
        rows.push(row);
    }
    if rows.is_empty() && refused_rows > 0 {
        // Each refused row has its own error; "no usable row" would only repeat them.
        r.explained.push("actor".into());
    } else if rows.is_empty() {
        // Reported at "actor" so that the core's "no actors" is not said twice.
        let span = offset..offset + header.len();
        report(&mut r, span, "actor", FormatProblem::NoRows(LAYOUT));
    }
    // A scale the caller states settles the question the column cannot.
    let divisor = match options.salience_scale {
        Some(given) => given.divisor(),
        None => {
            check_salience_scale(&mut r, &rows, columns);
            salience_divisor(&rows)
        }
    };
    let scale = options.scale.unwrap_or_else(|| file_scale(&rows));
    if options.scale.is_none() {
        // A scale too narrow is the file's doing: point at the highest position.
        let top = rows.iter().max_by(|a, b| a.position.total_cmp(&b.position));
        if let Some(row) = top {
            let span = row.fields[columns.position].span.clone();
            r.spans.insert("issue[0].scale".into(), span);
        }
    }
    let mut issue = Issue::new(options.issue.clone()).with_scale(scale.min, scale.max);
    issue.low = "low end".into();
    issue.high = "high end".into();
    issue.evidence.note = Some(format!(
        "Imported from a BDM actor table: salience read on {}{}; the scale {}.",
        if divisor == 100.0 {
            "0-100 and divided by 100"
        } else {
            "0-1"
        },
        if options.salience_scale.is_some() {
            " (as --salience-scale says)"
        } else {
            ""
        },
        if options.scale.is_some() {
            "given on import".to_owned()
        } else if !rows.is_empty() && rows.iter().all(|row| row.position == rows[0].position) {
            // `file_scale`'s fallback: one position is no range to read a scale from.
            format!(
                "is [{}, {}]: every actor holds one position, so the file gives no range (0-100, \
                 stretched to include that position; give the scale with --issue-scale)",
                scale.min, scale.max
            )
        } else {
            "runs from the lowest to the highest position in the file".to_owned()
        }
    ));
    s.issues.push(issue);
    r.spans
        .insert("issue[0].id".into(), offset..offset + header.len());
    for (i, row) in rows.into_iter().enumerate() {
        add_actor(&mut r, &mut s, i, row, columns, divisor, &options.issue);
    }
    (s, r)
}

fn report(r: &mut Reader, span: Range<usize>, path: impl Into<String>, problem: FormatProblem) {
    r.found.push(Found {
        span,
        path: path.into(),
        problem,
    });
}

/// Reads one row's fields, reporting what is wrong; `None` when the row cannot be used.
fn read_row<'a>(
    r: &mut Reader,
    fields: Vec<Field<'a>>,
    c: Columns,
    line: &str,
    offset: usize,
) -> Option<Row<'a>> {
    if fields.len() != c.count {
        let problem = FormatProblem::FieldCount {
            row: "an actor".into(),
            expected: c.count,
            found: fields.len(),
            layout: LAYOUT,
        };
        report(r, offset..offset + line.len(), ROW, problem);
        return None;
    }
    let name = fields[c.actor].text.trim().to_owned();
    let mut ok = true;
    if name.is_empty() {
        let problem = FormatProblem::Invalid(ProblemKind::EmptyText {
            field: "actor name",
        });
        report(r, fields[c.actor].span.clone(), ROW, problem);
        ok = false;
    }
    let label = if name.is_empty() { "?" } else { name.as_str() };
    let mut num = |k: usize, what: &str| number(r, &fields[k], &format!("{what} of '{label}'"));
    let capability = num(c.capability, "capability");
    let position = num(c.position, "position");
    let salience = num(c.salience, "salience");
    let (Some(capability), Some(position), Some(salience)) = (capability, position, salience)
    else {
        return None;
    };
    if capability <= 0.0 {
        let problem = FormatProblem::Invalid(ProblemKind::CapabilityNotPositive {
            actor: label.to_owned(),
            value: capability,
        });
        report(r, fields[c.capability].span.clone(), ROW, problem);
        ok = false;
    }
    if position.abs() > parley_core::validate::MAX_SCALE_END {
        // The file's positions make the issue's scale: one beyond the limit would make a
        // scale validation refuses, reported here at the row instead.
        let problem = FormatProblem::Invalid(ProblemKind::OutOfRange {
            field: RangedField::Position,
            what: format!("position of '{label}'"),
            value: position,
            end: None,
            valid: "[-1e100, 1e100] (scale ends are limited to +-1e100)".into(),
            hint: "; rescale the column, e.g. to thousands or millions".into(),
        });
        report(r, fields[c.position].span.clone(), ROW, problem);
        ok = false;
    }
    if salience < 0.0 {
        let problem = salience_problem(label, salience, "[0, 1], or [0, 100] for the whole column");
        report(r, fields[c.salience].span.clone(), ROW, problem);
        ok = false;
    }
    ok.then(|| Row {
        id: name.replace('.', "_"),
        name,
        capability,
        position,
        salience,
        fields,
    })
}

fn salience_problem(actor: &str, value: f64, valid: &str) -> FormatProblem {
    FormatProblem::Invalid(ProblemKind::OutOfRange {
        field: RangedField::Salience,
        what: format!("salience of '{actor}'"),
        value,
        end: None,
        valid: valid.to_owned(),
        hint: String::new(),
    })
}

/// Parses a finite number, reporting text that is not one and NaN or infinities.
fn number(r: &mut Reader, f: &Field<'_>, what: &str) -> Option<f64> {
    match f.text.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        Ok(v) => {
            let problem = FormatProblem::Invalid(ProblemKind::NotFinite {
                what: what.to_owned(),
                value: v,
            });
            report(r, f.span.clone(), ROW, problem);
            None
        }
        Err(_) => {
            let problem = FormatProblem::NotANumber {
                what: what.to_owned(),
                text: f.text.to_string(),
            };
            report(r, f.span.clone(), ROW, problem);
            None
        }
    }
}

/// Refuses a salience column that mixes values above 1 with a majority of positive values
/// at or below 1 (sweep 5 item 5: 0.8, 0.6, 1.5 was read on 0-100, dividing every salience by
/// 100 and moving EUM's forecast 40 points). A clean 0-100 column has few values at or below
/// 1, so the documented rule still reads it; a mixed one is more likely a 0-1 column with a
/// typo, and guessing either way changes the forecast, so each value above 1 is an error at
/// its cell that says what each reading would do.
fn check_salience_scale(r: &mut Reader, rows: &[Row<'_>], columns: Columns) {
    let above: Vec<&Row<'_>> = rows.iter().filter(|row| row.salience > 1.0).collect();
    let small: Vec<&Row<'_>> = rows
        .iter()
        .filter(|row| row.salience > 0.0 && row.salience <= 1.0)
        .collect();
    let Some(example) = small.first() else { return };
    if above.is_empty() || small.len() <= above.len() {
        return;
    }
    for row in above {
        let problem = FormatProblem::MixedSalienceScale {
            actor: row.name.clone(),
            value: row.salience,
            as_fraction: row.salience / 100.0,
            at_most_one: small.len(),
            count: rows.len(),
            example: format!(
                "the {} of '{}' would become {}",
                example.salience,
                example.name,
                example.salience / 100.0
            ),
            example_value: example.salience,
            example_percent: example.salience * 100.0,
        };
        report(r, row.fields[columns.salience].span.clone(), ROW, problem);
    }
}

/// 100 when any salience exceeds 1 (the column is on 0-100), else 1.
fn salience_divisor(rows: &[Row<'_>]) -> f64 {
    if rows.iter().any(|row| row.salience > 1.0) {
        100.0
    } else {
        1.0
    }
}

/// From the lowest to the highest position; see the module doc for a single position.
fn file_scale(rows: &[Row<'_>]) -> Scale {
    let (lo, hi) = rows
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), row| {
            (lo.min(row.position), hi.max(row.position))
        });
    if lo < hi {
        Scale { min: lo, max: hi }
    } else if lo.is_finite() {
        Scale {
            min: lo.min(0.0),
            max: lo.max(100.0),
        }
    } else {
        Scale::default()
    }
}

/// Adds actor `i`, remembering where each of its fields is for the core's checks.
fn add_actor(
    r: &mut Reader,
    s: &mut Scenario,
    i: usize,
    row: Row<'_>,
    c: Columns,
    divisor: f64,
    issue: &str,
) {
    let f = &row.fields;
    let base = format!("actor[{i}]");
    r.spans
        .insert(format!("{base}.id"), f[c.actor].span.clone());
    r.spans.insert(
        format!("{base}.capability.value"),
        f[c.capability].span.clone(),
    );
    let stance = format!("{base}.stance.{issue}");
    r.spans
        .insert(stance.clone(), f[0].span.start..f[f.len() - 1].span.end);
    r.spans.insert(
        format!("{stance}.position.value"),
        f[c.position].span.clone(),
    );
    let salience = row.salience / divisor;
    if salience > 1.0 {
        // Read from the column, only a 0-100 column gets here (a raw value above 100); a
        // column the caller says is on 0-1 gets here at any value above 1.
        let valid = if divisor == 100.0 {
            "[0, 100] (this column is on 0-100: some values exceed 1, or --salience-scale 100)"
        } else {
            "[0, 1] (this column is on 0-1, as --salience-scale 1 says)"
        };
        let problem = salience_problem(&row.name, row.salience, valid);
        report(
            r,
            f[c.salience].span.clone(),
            format!("{stance}.salience"),
            problem,
        );
    }
    let mut actor = Actor::new(row.id, row.capability);
    actor.name = row.name;
    actor
        .stances
        .insert(issue.to_owned(), Stance::new(row.position, salience));
    s.actors.push(actor);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        split(line, 0, ',')
            .iter()
            .map(|f| f.text.to_string())
            .collect()
    }

    #[test]
    fn fields_are_unquoted_trimmed_and_located() {
        assert_eq!(
            texts(" Korea , 1,2 ,3,,"),
            ["Korea", "1", "2", "3"],
            "trailing empty fields are dropped"
        );
        let line = "\"Korea, Republic of\",0.5,\"say \"\"hi\"\"\",3";
        assert_eq!(
            texts(line),
            ["Korea, Republic of", "0.5", "say \"hi\"", "3"]
        );
        let f = split(line, 10, ',');
        assert_eq!(&line[f[1].span.start - 10..f[1].span.end - 10], "0.5");
        assert_eq!(texts("a,,b"), ["a", "", "b"]);
    }

    #[test]
    fn bare_cr_becomes_lf_and_crlf_stays() {
        assert_eq!(normalise_line_ends("a\rb\r\nc\r"), "a\nb\r\nc\n");
        assert!(matches!(normalise_line_ends("a\r\nb\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn detects_the_header_variants_only() {
        assert!(looks_like("Actor,Capability,Position,Salience\rA,1,2,3"));
        assert!(looks_like(
            "\u{feff}Stakeholder;Resources;Position;Salience\n"
        ));
        assert!(looks_like("\n\nStakeholder;Resources;Position;Salience\n"));
        assert!(looks_like("position\tsalience\tpower\tname\n"));
        assert!(!looks_like("Actor,Capability,Position\n"));
        assert!(!looks_like(
            "Actor,Description,Influence,Policy Position,Policy Salience,\n"
        ));
        assert!(!looks_like("[scenario]\nname = \"x\"\n"));
        assert!(!looks_like(""));
    }

    #[test]
    fn a_mostly_0_1_salience_column_with_a_value_above_1_is_refused_at_that_cell() {
        // sweep 5 item 5 (bt1.csv): before, read on 0-100 with no word, every salience
        // divided by 100 (0.008, 0.006, 0.015).
        let text = "Actor,Capability,Position,Salience\nNorth,40,10,0.8\nSouth,30,70,0.6\nEast,20,50,1.5\n";
        let e = parse_and_check(text, &Options::default()).unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].code, "mixed-salience-scale");
        assert_eq!(e[0].line, 4);
        assert_eq!(&text[e[0].span.clone()], "1.5");
        let m = &e[0].message;
        assert!(m.contains("salience 1.5 of 'East' is above 1"), "{m}");
        assert!(
            m.contains("2 of the column's 3 saliences are at or below 1"),
            "{m}"
        );
        assert!(m.contains("the 0.8 of 'North' would become 0.008"), "{m}");
        assert!(m.contains("1.5 as 0.015") && m.contains("0.8 as 80"), "{m}");
        // A clean 0-100 column, even with a salience of 1 in it, keeps the documented rule.
        let s = parse_and_check(
            "Actor,Capability,Position,Salience\na,1,10,80\nb,1,70,60\nc,1,50,1\n",
            &Options::default(),
        )
        .unwrap();
        assert_eq!(s.actors[2].stances["issue"].salience.value, 0.01);
        assert_eq!(s.actors[0].stances["issue"].salience.value, 0.8);
        // Half and half is read on 0-100 as documented (a 0-100 column can hold 1 and 0.5).
        let s = parse_and_check(
            "Actor,Capability,Position,Salience\na,1,10,80\nb,1,70,0.5\n",
            &Options::default(),
        )
        .unwrap();
        assert_eq!(s.actors[1].stances["issue"].salience.value, 0.005);
    }

    /// The mixed column of sweep 5 item 5 (0.8, 0.6, 1.5) read as the caller says: on 0-1
    /// the 1.5 is out of range at its cell; on 0-100 every value is divided by 100 (0.8 ->
    /// 0.008, 1.5 -> 0.015). A clean 0-100 column of 0s and 1s, which the rule reads on 0-1,
    /// is read on 0-100 when the caller says so (1 -> 0.01).
    #[test]
    fn a_given_salience_scale_settles_a_mixed_column() {
        let text = "Actor,Capability,Position,Salience\nNorth,40,10,0.8\nSouth,30,70,0.6\nEast,20,50,1.5\n";
        let unit = Options {
            salience_scale: Some(SalienceScale::Unit),
            ..Options::default()
        };
        let e = parse_and_check(text, &unit).unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!((e[0].code, e[0].line), ("salience-out-of-range", 4));
        assert!(e[0].message.contains("as --salience-scale 1 says"), "{e:?}");
        let percent = Options {
            salience_scale: Some(SalienceScale::Percent),
            ..Options::default()
        };
        let s = parse_and_check(text, &percent).unwrap();
        let sal: Vec<f64> = s
            .actors
            .iter()
            .map(|a| a.stances["issue"].salience.value)
            .collect();
        assert_eq!(sal, [0.008, 0.006, 0.015]);
        let note = s.issues[0].evidence.note.clone().unwrap_or_default();
        assert!(
            note.contains("0-100 and divided by 100 (as --salience-scale says)"),
            "{note}"
        );
        let ones = "Actor,Capability,Position,Salience\na,1,10,1\nb,1,70,0\n";
        let s = parse_and_check(ones, &percent).unwrap();
        assert_eq!(s.actors[0].stances["issue"].salience.value, 0.01);
        let s = parse_and_check(ones, &unit).unwrap();
        assert_eq!(s.actors[0].stances["issue"].salience.value, 1.0);
        // Without the option the mixed column's message says how to give it.
        let e = parse_and_check(text, &Options::default()).unwrap_err();
        assert!(
            e[0].message.contains("--salience-scale 1` (or 100)"),
            "{e:?}"
        );
    }

    #[test]
    fn the_scale_is_the_files_range_of_positions() {
        let (s, r) = read(
            "Actor,Capability,Position,Salience\na,1,4,80\nb,1,10,20\n",
            &Options::default(),
        );
        assert!(r.found.is_empty());
        assert_eq!(
            s.issues[0].scale,
            Scale {
                min: 4.0,
                max: 10.0
            }
        );
        assert_eq!(s.actors[0].stances["issue"].salience.value, 0.8);
        let (s, _) = read(
            "Actor,Capability,Position,Salience\na,1,140,1\n",
            &Options::default(),
        );
        assert_eq!(
            s.issues[0].scale,
            Scale {
                min: 0.0,
                max: 140.0
            }
        );
    }
}
