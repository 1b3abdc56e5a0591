//! KTAB's CSV scenario format (`SMPModel::csvRead`):
//!
//! ```text
//! scenario name, description, number of actors, number of dimensions[, ignored...]
//! Actor, Description, Influence, <dim 1 name>, <salience 1 name>, ..., <dim m name>, <salience m name>
//! <name>, <description>, <capability>, <position 1>, <salience 1>, ..., <position m>, <salience m>
//! ...one row per actor
//! ```
//!
//! Fields are separated by commas; a field that starts with a double quote runs to the closing
//! quote, and `$$` stands for a comma (minicsv's conventions, as KTAB reads them). Trailing
//! fields are ignored. Texts are trimmed (KTAB keeps blanks after commas in names).

use std::ops::Range;

use parley_core::Scenario;

use super::{Cell, ROW, Raw, RawActor, number, report};
use crate::diagnostic::FormatProblem;
use crate::reader::Reader;

/// True when `text` looks like a KTAB CSV file: a first line whose third and fourth fields are
/// the counts of actors and dimensions, and a header with the dimension columns, or one that
/// starts with KTAB's `Actor` column (so that a file whose counts and header disagree is read
/// as KTAB and told so, rather than read as some other format).
pub fn looks_like(text: &str) -> bool {
    let mut lines = text
        .trim_start_matches('\u{feff}')
        .lines()
        .filter(|l| !l.trim().is_empty());
    let (Some(first), Some(header)) = (lines.next(), lines.next()) else {
        return false;
    };
    let f = fields(first, 0);
    let count = |k: usize| f.get(k).and_then(|c| c.text.parse::<usize>().ok());
    match (count(2), count(3)) {
        (Some(_), Some(dims)) if dims >= 1 => {
            let h = fields(header, 0);
            h.len() >= 3 + 2 * dims
                || h.first()
                    .is_some_and(|c| c.text.eq_ignore_ascii_case("actor"))
        }
        _ => false,
    }
}

/// Splits one line into fields with their byte spans (`offset` is the line's start in the
/// file). Texts are trimmed; quotes are removed; `$$` becomes a comma.
fn fields(line: &str, offset: usize) -> Vec<Cell> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let (raw, end, next) = if bytes.get(start) == Some(&b'"') {
            // Quoted: up to the closing quote, then skip to the next comma.
            let close = line[start + 1..]
                .find('"')
                .map_or(line.len(), |c| start + 1 + c);
            let after = line[close.min(line.len())..].find(',').map(|c| close + c);
            (&line[(start + 1).min(line.len())..close], close, after)
        } else {
            let comma = line[start..].find(',').map(|c| start + c);
            let end = comma.unwrap_or(line.len());
            (&line[start..end], end, comma)
        };
        let lead = raw.len() - raw.trim_start().len();
        let text = raw.trim();
        let from = offset + (end - raw.len()) + lead;
        out.push(Cell {
            text: text.replace("$$", ","),
            span: from..from + text.len(),
        });
        match next {
            Some(comma) => start = comma + 1,
            None => break,
        }
    }
    out
}

/// One non-blank line: its fields and its span.
struct Line {
    cells: Vec<Cell>,
    span: Range<usize>,
}

fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        // A byte-order mark opens some files; it is not part of the first field.
        let bom = if offset == 0 && content.starts_with('\u{feff}') {
            3
        } else {
            0
        };
        let content_trimmed = &content[bom..];
        if !content_trimmed.trim().is_empty() {
            out.push(Line {
                cells: fields(content_trimmed, offset + bom),
                span: offset + bom..offset + content.len(),
            });
        }
        offset += line.len();
    }
    out
}

/// The text of field `k`, or an empty cell at the end of the line.
fn cell(line: &Line, k: usize) -> Cell {
    line.cells.get(k).cloned().unwrap_or(Cell {
        text: String::new(),
        span: line.span.end..line.span.end,
    })
}

/// Reads a KTAB CSV file into a scenario, reporting problems with their exact spans.
pub fn read(text: &str) -> (Scenario, Reader) {
    let mut r = Reader::default();
    let raw = read_raw(&mut r, text);
    if raw.dimensions.is_empty() && !r.found.is_empty() {
        // The first line or the header was refused with its own error: the scenario's having
        // no issue and no actor follows from it, and the core's "add an [[issue]] table"
        // would be advice for another format.
        r.explained.extend(["issue".to_owned(), "actor".to_owned()]);
    }
    let s = super::build(&mut r, raw);
    (s, r)
}

fn read_raw(r: &mut Reader, text: &str) -> Raw {
    let lines = lines(text);
    let mut raw = Raw::default();
    let Some(first) = lines.first() else {
        let problem = FormatProblem::FieldCount {
            row: "first".into(),
            expected: 4,
            found: 0,
            layout: "scenario name, description, number of actors, number of dimensions",
        };
        report(r, 0..0, ROW, problem);
        return raw;
    };
    raw.name = Some(cell(first, 0).text);
    raw.description = Some(cell(first, 1).text);
    let Some((n_actors, n_dims)) = counts(r, first) else {
        return raw;
    };
    let Some(header) = lines.get(1) else {
        report(r, first.span.clone(), ROW, header_problem(n_dims, 0));
        return raw;
    };
    if header.cells.len() < 3 + 2 * n_dims {
        report(
            r,
            header.span.clone(),
            ROW,
            header_problem(n_dims, header.cells.len()),
        );
        return raw;
    }
    raw.dimensions = (0..n_dims).map(|d| cell(header, 3 + 2 * d)).collect();
    for (d, dim) in raw.dimensions.iter().enumerate() {
        if dim.text.is_empty() {
            let what = format!(
                "the name of dimension {} (header field {})",
                d + 1,
                4 + 2 * d
            );
            super::empty(r, dim.span.clone(), ROW, what, "a name");
        }
    }
    let rows = &lines[2..];
    if rows.len() != n_actors {
        let problem = FormatProblem::CountMismatch {
            what: "the number of actors on the first line".into(),
            declared: n_actors,
            found: rows.len(),
            unit: "actor rows",
        };
        report(r, cell(first, 2).span, ROW, problem);
    }
    for (i, row) in rows.iter().enumerate() {
        if let Some(a) = actor(r, row, i, &raw.dimensions) {
            raw.actors.push(a);
        }
    }
    raw
}

fn header_problem(n_dims: usize, found: usize) -> FormatProblem {
    FormatProblem::FieldCount {
        row: "header".into(),
        expected: 3 + 2 * n_dims,
        found,
        layout: "Actor, Description, Power, then a position and a salience column per dimension",
    }
}

/// The counts of actors and dimensions on the first line.
fn counts(r: &mut Reader, first: &Line) -> Option<(usize, usize)> {
    let mut count = |k: usize, what: &str, min: usize| {
        let c = cell(first, k);
        match c.text.parse::<usize>() {
            Ok(v) if v >= min => Some(v),
            _ => {
                let problem = FormatProblem::BadInteger {
                    what: format!("{what} (field {} of the first line)", k + 1),
                    value: c.text.clone(),
                    valid: if min == 0 {
                        "an integer >= 0"
                    } else {
                        "an integer >= 1"
                    },
                };
                report(r, c.span, ROW, problem);
                None
            }
        }
    };
    let actors = count(2, "the number of actors", 1);
    let dims = count(3, "the number of dimensions", 1);
    Some((actors?, dims?))
}

fn actor(r: &mut Reader, row: &Line, i: usize, dims: &[Cell]) -> Option<RawActor> {
    let need = 3 + 2 * dims.len();
    if row.cells.len() < need {
        let problem = FormatProblem::FieldCount {
            row: format!("actor {}", i + 1),
            expected: need,
            found: row.cells.len(),
            layout: "name, description, capability, then position and salience per dimension",
        };
        report(r, row.span.clone(), ROW, problem);
        return None;
    }
    let name = cell(row, 0);
    if name.text.is_empty() {
        super::empty(
            r,
            name.span.clone(),
            ROW,
            format!("the name of actor {}", i + 1),
            "a name",
        );
    }
    let who = if name.text.is_empty() {
        format!("actor {}", i + 1)
    } else {
        format!("'{}'", name.text)
    };
    let capability = number(
        r,
        &cell(row, 2),
        &format!("actor[{i}].capability"),
        format!("capability of {who}"),
        "a number greater than 0",
    );
    let stances = dims
        .iter()
        .enumerate()
        .map(|(d, dim)| {
            let base = format!("actor[{i}].stance.{}", dim.text);
            let on = |w: &str| format!("{w} of {who} on '{}'", dim.text);
            let pos = number(
                r,
                &cell(row, 3 + 2 * d),
                &format!("{base}.position"),
                on("position"),
                "a number from 0 to 100",
            );
            let sal = number(
                r,
                &cell(row, 4 + 2 * d),
                &format!("{base}.salience"),
                on("salience"),
                "a number from 0 to 100",
            );
            (pos, sal)
        })
        .collect();
    Some(RawActor {
        description: Some(cell(row, 1).text),
        name,
        capability,
        stances,
        span: row.span.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_spans_and_drop_quotes() {
        let line = r#"DummyData_3Dim ,"Dummy scenario, a test",7,3,"#;
        let f = fields(line, 10);
        let texts: Vec<&str> = f.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            ["DummyData_3Dim", "Dummy scenario, a test", "7", "3", ""]
        );
        assert_eq!(&line[f[2].span.start - 10..f[2].span.end - 10], "7");
        let f = fields("a$$b,  12.5 ", 0);
        assert_eq!(f[0].text, "a,b");
        assert_eq!(f[1].text, "12.5");
        assert_eq!(f[1].span, 7..11);
    }

    #[test]
    fn detects_ktab_csv() {
        assert!(looks_like(
            "X,desc,3,1,\nActor,Desc,Power,P,S,\na,b,1,2,3\n"
        ));
        // Counts and header disagree (2 dimensions, one pair of columns): still KTAB, so its
        // reader says what the header lacks.
        assert!(looks_like(
            "S,desc,2,2,\nActor,Description,Influence,Pos,Sal,\nA,a,10,30,30,\n"
        ));
        assert!(!looks_like(
            "S,desc,2,2,\nName,Description,Influence,Pos,Sal,\n"
        ));
        assert!(!looks_like("#A\tx\n"));
        assert!(!looks_like("name,position\nx,1\n"));
    }
}
