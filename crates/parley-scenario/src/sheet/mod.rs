//! Scenarios as spreadsheets: an xlsx workbook ([`xlsx`]) and a flat CSV grid ([`grid`]),
//! both holding the same sheets and both reading back to exactly the scenario written.
//!
//! The layout (documented in `docs/spreadsheets.md`):
//!
//! - **`grid`**: one row per actor, one group of columns per issue: `actor`, `name`,
//!   `capability`, then `ISSUE position` and `ISSUE salience` for every issue. Optional
//!   columns: `capability range`, `risk`, `risk range`, `ISSUE position range`, `ISSUE salience
//!   range`. A range cell reads `LOW..HIGH` (triangular), `LOW..HIGH uniform` or `LOW..HIGH
//!   normal sd=SD`. An actor with no stance on an issue leaves both cells empty.
//! - **`issues`**: `issue`, `name`, `low`, `high`, `scale min`, `scale max`, and optionally
//!   `status quo` and `status quo range`.
//! - **`evidence`**: `field`, `note`, `source`, `sentence`: the evidence of any grid or issue
//!   value, the field named like `actor.usa.stance.ukraine_aid.salience` or `issue.x.status_quo`.
//! - **`more`**: everything else (the `[scenario]` table, sources, context, linkages, mediator,
//!   questions, what-ifs, model settings, calibration) as Parley TOML, one line per row in
//!   the first column.
//!
//! In the CSV grid the `grid` sheet comes first and each other sheet follows after a row
//! holding only its name in brackets (`[issues]`, `[evidence]`, `[more]`); the `[more]`
//! section, TOML, runs to the end of the file.
//!
//! Every problem in a file read is located by sheet, row and column (a CSV grid's line and
//! column) and says what would be valid; the scenario's own checks (a position off its
//! scale, a question on an unknown issue) are located at the cell that holds the value.

pub mod grid;
pub mod xlsx;

use std::collections::HashMap;
use std::fmt;

use parley_core::{
    Actor, Distribution, Estimate, Evidence, Issue, Scale, Scenario, Spread, Stance,
};

use crate::diagnostic::closest_key;
use crate::reader;

/// The names of the sheets, in workbook order.
pub const SHEETS: [&str; 4] = ["grid", "issues", "evidence", "more"];

/// Columns of the `issues` sheet that must be present.
const ISSUE_COLUMNS: [&str; 6] = ["issue", "name", "low", "high", "scale min", "scale max"];
/// Optional columns of the `issues` sheet.
const ISSUE_OPTIONAL: [&str; 2] = ["status quo", "status quo range"];
/// Actor columns of the `grid` sheet that must be present.
const ACTOR_COLUMNS: [&str; 3] = ["actor", "name", "capability"];
/// Optional actor columns of the `grid` sheet.
const ACTOR_OPTIONAL: [&str; 3] = ["capability range", "risk", "risk range"];
/// Columns of the `evidence` sheet.
const EVIDENCE_COLUMNS: [&str; 4] = ["field", "note", "source", "sentence"];
/// What a range cell may hold.
const RANGE_FORMS: &str = "LOW..HIGH (triangular), LOW..HIGH uniform or LOW..HIGH normal sd=SD, \
                           e.g. 40..60";

/// One cell's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// A number cell.
    Number(f64),
    /// A text cell (every cell of a CSV grid).
    Text(String),
    /// Something else a spreadsheet can hold (a date, a boolean, an error value), described.
    Other(String),
    /// A formula (its text, without the `=`) stored with no computed value, as workbooks
    /// written by scripts or saved without recalculation hold them: Parley does not evaluate
    /// formulas, so such a cell has no value to read.
    Formula(String),
}

/// The problem of a cell holding an uncomputed formula `f`, where `what` was expected.
fn uncomputed(f: &str, what: &str) -> String {
    format!(
        "holds a formula (={f}) with no computed value; open and save the workbook in a \
         spreadsheet program so it stores the value, or type {what}"
    )
}

impl Cell {
    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            Cell::Number(_) | Cell::Other(_) | Cell::Formula(_) => false,
        }
    }

    /// The cell as written, for messages.
    fn shown(&self) -> String {
        match self {
            Cell::Empty => "an empty cell".into(),
            Cell::Number(x) => format!("the number {x}"),
            Cell::Text(t) => format!("\"{t}\""),
            Cell::Other(what) => what.clone(),
            Cell::Formula(f) => format!("a formula (={f}) with no computed value"),
        }
    }
}

/// One row: its number as a person sees it (the sheet row, or the CSV file's line) and its
/// cells from column A on.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The 1-based row number (xlsx) or line number (CSV).
    pub number: u32,
    /// Cells from the first column on.
    pub cells: Vec<Cell>,
}

/// One sheet (a section of a CSV grid).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Its name.
    pub name: String,
    /// Its rows, header first; rows with nothing in them may be left out.
    pub rows: Vec<Row>,
    /// Merged cell ranges (xlsx only), as (first row, first column, last row, last column),
    /// 0-based.
    pub merged: Vec<(u32, u32, u32, u32)>,
}

/// The container a [`Book`] came from, which decides how places are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// An xlsx workbook: sheet, cell (`D3`).
    Xlsx,
    /// A CSV grid: line and column number, and the section.
    Csv,
}

/// The sheets of a workbook or CSV grid, before they are read as a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    /// Where it came from.
    pub container: Container,
    /// The sheets in order.
    pub sheets: Vec<Sheet>,
}

/// Where a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// How to name the place.
    pub container: Container,
    /// The sheet (section) name.
    pub sheet: String,
    /// The row (xlsx) or line (CSV) number, 1-based; 0 for the sheet as a whole.
    pub row: u32,
    /// The 0-based column, when one cell is meant.
    pub column: Option<u32>,
    /// The column's header, when known.
    pub header: Option<String>,
}

/// Column letters as a spreadsheet shows them: 0 is A, 26 is AA.
pub fn column_letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.container {
            Container::Xlsx => {
                write!(f, "sheet '{}'", self.sheet)?;
                match (self.row, self.column) {
                    (0, _) => {}
                    (r, Some(c)) => write!(f, ", cell {}{r}", column_letters(c))?,
                    (r, None) => write!(f, ", row {r}")?,
                }
            }
            Container::Csv => {
                if self.row > 0 {
                    write!(f, "line {}", self.row)?;
                    if let Some(c) = self.column {
                        write!(f, ", column {}", c + 1)?;
                    }
                    write!(f, " ([{}] section)", self.sheet)?;
                } else {
                    write!(f, "[{}] section", self.sheet)?;
                }
            }
        }
        if let Some(h) = &self.header {
            write!(f, " (column '{h}')")?;
        }
        Ok(())
    }
}

/// One located problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    /// Where.
    pub place: Place,
    /// What is wrong and what would be valid.
    pub message: String,
}

impl fmt::Display for CellProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// Why a spreadsheet could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    /// The bytes are not a workbook (or a CSV file), so no sheet could be read.
    #[error("{file}: {reason}")]
    Unreadable {
        /// The file.
        file: String,
        /// Why.
        reason: String,
    },
    /// The sheets were read, and these problems found in them.
    #[error("{file}: {} problem{}:\n{}", problems.len(), if problems.len() == 1 { "" } else { "s" },
        problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// The file.
        file: String,
        /// Every problem, in sheet order.
        problems: Vec<CellProblem>,
    },
    /// The workbook could not be written (a cell longer than a spreadsheet allows, ...).
    #[error("cannot write the workbook: {0}")]
    Write(String),
}

/// A number as the sheets write it: Rust's shortest form that reads back to the same bits.
fn num(x: f64) -> String {
    format!("{x}")
}

/// A range cell's text for `spread`.
fn range_text(sp: &Spread) -> String {
    let base = format!("{}..{}", num(sp.low), num(sp.high));
    match sp.distribution {
        Distribution::Triangular => base,
        Distribution::Uniform => format!("{base} uniform"),
        Distribution::Normal { sd } => format!("{base} normal sd={}", num(sd)),
    }
}

/// Builds the sheets of `s` (see the module documentation).
pub fn to_book(s: &Scenario, container: Container) -> Book {
    let text = |t: &str| Cell::Text(t.to_owned());
    let any = |f: &dyn Fn(&Actor) -> bool| s.actors.iter().any(f);
    // grid
    let cap_range = any(&|a| a.capability.spread.is_some());
    let risk = any(&|a| a.risk.is_some());
    let risk_range = any(&|a| a.risk.as_ref().is_some_and(|r| r.spread.is_some()));
    let mut header = vec![text("actor"), text("name"), text("capability")];
    if cap_range {
        header.push(text("capability range"));
    }
    if risk {
        header.push(text("risk"));
    }
    if risk_range {
        header.push(text("risk range"));
    }
    // Per issue: has any stance a position range, a salience range.
    let ranges: Vec<(bool, bool)> = s
        .issues
        .iter()
        .map(|i| {
            let st = || s.actors.iter().filter_map(|a| a.stances.get(&i.id));
            (
                st().any(|t| t.position.spread.is_some()),
                st().any(|t| t.salience.spread.is_some()),
            )
        })
        .collect();
    for (issue, (pr, sr)) in s.issues.iter().zip(&ranges) {
        header.push(text(&format!("{} position", issue.id)));
        if *pr {
            header.push(text(&format!("{} position range", issue.id)));
        }
        header.push(text(&format!("{} salience", issue.id)));
        if *sr {
            header.push(text(&format!("{} salience range", issue.id)));
        }
    }
    let estimate_cells = |e: Option<&Estimate>, with_range: bool, out: &mut Vec<Cell>| {
        out.push(e.map_or(Cell::Empty, |e| Cell::Number(e.value)));
        if with_range {
            out.push(
                e.and_then(|e| e.spread.as_ref())
                    .map_or(Cell::Empty, |sp| Cell::Text(range_text(sp))),
            );
        }
    };
    let mut grid = vec![header];
    for a in &s.actors {
        let mut row = vec![text(&a.id), text(&a.name)];
        estimate_cells(Some(&a.capability), cap_range, &mut row);
        if risk {
            estimate_cells(a.risk.as_ref(), risk_range, &mut row);
        }
        for (issue, (pr, sr)) in s.issues.iter().zip(&ranges) {
            let st = a.stances.get(&issue.id);
            estimate_cells(st.map(|t| &t.position), *pr, &mut row);
            estimate_cells(st.map(|t| &t.salience), *sr, &mut row);
        }
        grid.push(row);
    }
    // issues
    let sq = s.issues.iter().any(|i| i.status_quo.is_some());
    let sq_range = s
        .issues
        .iter()
        .any(|i| i.status_quo.as_ref().is_some_and(|e| e.spread.is_some()));
    let mut header: Vec<Cell> = ISSUE_COLUMNS.iter().map(|c| text(c)).collect();
    if sq {
        header.push(text("status quo"));
    }
    if sq_range {
        header.push(text("status quo range"));
    }
    let mut issues = vec![header];
    for i in &s.issues {
        let mut row = vec![
            text(&i.id),
            text(&i.name),
            text(&i.low),
            text(&i.high),
            Cell::Number(i.scale.min),
            Cell::Number(i.scale.max),
        ];
        if sq {
            estimate_cells(i.status_quo.as_ref(), sq_range, &mut row);
        }
        issues.push(row);
    }
    // evidence
    let mut evidence = vec![EVIDENCE_COLUMNS.iter().map(|c| text(c)).collect::<Vec<_>>()];
    let mut ev = |field: String, e: &Evidence| {
        if e.is_empty() {
            return;
        }
        evidence.push(vec![
            Cell::Text(field),
            e.note.as_deref().map_or(Cell::Empty, text),
            e.source.as_deref().map_or(Cell::Empty, text),
            e.sentence
                .map_or(Cell::Empty, |n| Cell::Number(f64::from(n))),
        ]);
    };
    for i in &s.issues {
        ev(format!("issue.{}", i.id), &i.evidence);
        if let Some(sq) = &i.status_quo {
            ev(format!("issue.{}.status_quo", i.id), &sq.evidence);
        }
    }
    for a in &s.actors {
        ev(format!("actor.{}", a.id), &a.evidence);
        ev(format!("actor.{}.capability", a.id), &a.capability.evidence);
        if let Some(r) = &a.risk {
            ev(format!("actor.{}.risk", a.id), &r.evidence);
        }
        for (issue, st) in &a.stances {
            ev(format!("actor.{}.stance.{issue}", a.id), &st.evidence);
            let pos = format!("actor.{}.stance.{issue}.position", a.id);
            ev(pos, &st.position.evidence);
            let sal = format!("actor.{}.stance.{issue}.salience", a.id);
            ev(sal, &st.salience.evidence);
        }
    }
    // more: the rest as TOML.
    let mut rest = s.clone();
    rest.issues.clear();
    rest.actors.clear();
    let toml = crate::write::to_toml(&rest);
    let mut more = vec![vec![text("toml")]];
    for line in toml.lines() {
        more.push(if line.is_empty() {
            Vec::new()
        } else {
            vec![text(line)]
        });
    }
    let sheet = |name: &str, rows: Vec<Vec<Cell>>| Sheet {
        name: name.to_owned(),
        rows: rows
            .into_iter()
            .enumerate()
            .map(|(k, cells)| Row {
                number: k as u32 + 1,
                cells,
            })
            .collect(),
        merged: Vec::new(),
    };
    Book {
        container,
        sheets: vec![
            sheet("grid", grid),
            sheet("issues", issues),
            sheet("evidence", evidence),
            sheet("more", more),
        ],
    }
}

/// The reading state: problems so far, and where each scenario field was read from.
struct Read {
    container: Container,
    problems: Vec<CellProblem>,
    places: HashMap<String, Place>,
}

/// A sheet's header: column index by name.
struct Header {
    sheet: String,
    names: Vec<String>,
}

impl Header {
    fn col(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }
}

impl Read {
    fn place(&self, sheet: &str, row: u32, column: Option<u32>, header: Option<&str>) -> Place {
        Place {
            container: self.container,
            sheet: sheet.to_owned(),
            row,
            column,
            header: header.map(str::to_owned),
        }
    }

    fn problem(&mut self, place: Place, message: impl Into<String>) {
        // Messages quote cells as the sheet wrote them.
        let message = message.into();
        self.problems.push(CellProblem {
            place,
            message: parley_core::text::shown(&message).into_owned(),
        });
    }

    /// Reports merged cells (a merged header hides every column but its first).
    fn merged(&mut self, sheet: &Sheet) {
        for &(r0, c0, r1, c1) in &sheet.merged {
            let range = format!(
                "{}{}:{}{}",
                column_letters(c0),
                r0 + 1,
                column_letters(c1),
                r1 + 1
            );
            let message = if r0 == 0 {
                format!(
                    "header cells {range} are merged; every column needs its own header cell \
                     (e.g. 'ukraine_aid position' and 'ukraine_aid salience' side by side): \
                     unmerge them and name each column"
                )
            } else {
                format!(
                    "cells {range} are merged; a merged cell holds one value for several \
                     fields: unmerge them and fill each cell"
                )
            };
            let p = self.place(&sheet.name, r0 + 1, Some(c0), None);
            self.problem(p, message);
        }
    }

    /// The header of `sheet`: its first row, every cell a distinct name.
    fn header(&mut self, sheet: &Sheet) -> Option<Header> {
        let Some(first) = sheet.rows.first() else {
            let p = self.place(&sheet.name, 0, None, None);
            self.problem(p, "the sheet is empty; its first row must name the columns");
            return None;
        };
        let mut names = Vec::new();
        for (c, cell) in first.cells.iter().enumerate() {
            let name = match cell {
                Cell::Text(t) => t.trim().to_owned(),
                Cell::Empty => String::new(),
                other => {
                    let p = self.place(&sheet.name, first.number, Some(c as u32), None);
                    self.problem(
                        p,
                        format!(
                            "a header cell holds {}; write the column's name",
                            other.shown()
                        ),
                    );
                    String::new()
                }
            };
            if !name.is_empty() && names.contains(&name) {
                let p = self.place(&sheet.name, first.number, Some(c as u32), None);
                self.problem(p, format!("column '{name}' appears twice; keep one"));
            }
            names.push(name);
        }
        self.headless_cells(sheet, &names);
        Some(Header {
            sheet: sheet.name.clone(),
            names,
        })
    }

    /// Reports the first filled cell of each column the header does not name (under an empty
    /// header cell, or past the header's last cell): no column reads it, so it would be lost.
    fn headless_cells(&mut self, sheet: &Sheet, names: &[String]) {
        let mut reported: Vec<usize> = Vec::new();
        for row in sheet.rows.iter().skip(1) {
            for (c, cell) in row.cells.iter().enumerate() {
                let named = names.get(c).is_some_and(|n| !n.is_empty());
                if named || cell.is_empty() || reported.contains(&c) {
                    continue;
                }
                reported.push(c);
                let p = self.place(&sheet.name, row.number, Some(c as u32), None);
                self.problem(
                    p,
                    format!(
                        "{} is in a column with no header, so no column reads it; name the \
                         column in the first row or clear the cell",
                        cell.shown()
                    ),
                );
            }
        }
    }

    /// Reports each of `required` the header lacks.
    fn require(&mut self, h: &Header, row: u32, required: &[&str], all: &str) -> bool {
        let mut ok = true;
        for r in required {
            if h.col(r).is_none() {
                ok = false;
                let p = self.place(&h.sheet, row, None, None);
                self.problem(p, format!("no '{r}' column; the header needs {all}"));
            }
        }
        ok
    }

    fn cell_place(&self, h: &Header, row: &Row, col: usize) -> Place {
        let header = h
            .names
            .get(col)
            .filter(|n| !n.is_empty())
            .map(String::as_str);
        self.place(&h.sheet, row.number, Some(col as u32), header)
    }

    /// The text in column `col` (a number cell as the number written), or None when empty.
    fn text(&mut self, h: &Header, row: &Row, col: usize) -> Option<String> {
        match row.cells.get(col).unwrap_or(&Cell::Empty) {
            Cell::Empty => None,
            Cell::Text(t) => Some(t.clone()),
            Cell::Number(x) => Some(num(*x)),
            Cell::Other(what) => {
                let p = self.cell_place(h, row, col);
                self.problem(p, format!("holds {what}; write text"));
                None
            }
            Cell::Formula(f) => {
                let p = self.cell_place(h, row, col);
                self.problem(p, uncomputed(f, "the text"));
                None
            }
        }
    }

    /// A required text cell: reported when missing or empty.
    fn required_text(&mut self, h: &Header, row: &Row, col: usize, what: &str) -> String {
        // An uncomputed formula is reported by `text` as such, not also as empty.
        let formula = matches!(row.cells.get(col), Some(Cell::Formula(_)));
        match self.text(h, row, col) {
            Some(t) if !t.trim().is_empty() => t,
            _ if formula => String::new(),
            _ => {
                let p = self.cell_place(h, row, col);
                self.problem(p, format!("is empty; write {what}"));
                String::new()
            }
        }
    }

    /// A number cell (or text that reads as a number), None when empty.
    fn number(&mut self, h: &Header, row: &Row, col: usize, valid: &str) -> Option<f64> {
        let cell = row.cells.get(col).unwrap_or(&Cell::Empty);
        let bad = match cell {
            Cell::Empty => return None,
            Cell::Number(x) => return Some(*x),
            Cell::Text(t) if t.trim().is_empty() => return None,
            Cell::Text(t) => match t.trim().parse::<f64>() {
                Ok(x) if x.is_finite() => return Some(x),
                _ => cell.shown(),
            },
            Cell::Other(what) => what.clone(),
            Cell::Formula(f) => {
                let p = self.cell_place(h, row, col);
                self.problem(p, uncomputed(f, "the number"));
                return Some(f64::NAN);
            }
        };
        let p = self.cell_place(h, row, col);
        self.problem(p, format!("{bad} is not a number; write {valid}"));
        Some(f64::NAN)
    }

    /// A range cell: `LOW..HIGH`, with ` uniform` or ` normal sd=SD` after it.
    fn range(&mut self, h: &Header, row: &Row, col: Option<usize>) -> Option<Spread> {
        let col = col?;
        let cell = row.cells.get(col).unwrap_or(&Cell::Empty);
        let t = match cell {
            Cell::Empty => return None,
            Cell::Text(t) if t.trim().is_empty() => return None,
            Cell::Text(t) => t.trim().to_owned(),
            Cell::Formula(f) => {
                let p = self.cell_place(h, row, col);
                self.problem(p, uncomputed(f, "the range"));
                return None;
            }
            other => {
                let p = self.cell_place(h, row, col);
                self.problem(
                    p,
                    format!("{} is not a range; write {RANGE_FORMS}", other.shown()),
                );
                return None;
            }
        };
        match parse_range(&t) {
            Ok(sp) => Some(sp),
            Err(why) => {
                let p = self.cell_place(h, row, col);
                self.problem(
                    p,
                    format!("\"{t}\" is not a range ({why}); write {RANGE_FORMS}"),
                );
                None
            }
        }
    }

    fn mark(&mut self, path: String, place: Place) {
        self.places.insert(path, place);
    }
}

/// Reads a range cell's text.
fn parse_range(t: &str) -> Result<Spread, String> {
    // Blanks around the `..` ("5 .. 90", as people type it) are not a second word.
    let joined = match t.split_once("..") {
        Some((lo, hi)) => format!("{}..{}", lo.trim_end(), hi.trim_start()),
        None => t.to_owned(),
    };
    let mut words = joined.split_whitespace();
    let bounds = words.next().unwrap_or_default();
    let Some((lo, hi)) = bounds.split_once("..") else {
        return Err("no '..' between the bounds".into());
    };
    let read = |s: &str, which: &str| match s.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!("the {which} bound '{s}' is not a number")),
    };
    let (low, high) = (read(lo, "low")?, read(hi, "high")?);
    let rest: Vec<&str> = words.collect();
    let distribution = match rest.as_slice() {
        [] | ["triangular"] => Distribution::Triangular,
        ["uniform"] => Distribution::Uniform,
        ["normal", sd] => {
            let sd = sd
                .strip_prefix("sd=")
                .ok_or_else(|| format!("'{sd}' should read sd=NUMBER"))?;
            Distribution::Normal {
                sd: read(sd, "sd")?,
            }
        }
        ["normal"] => return Err("a normal range needs sd=NUMBER".into()),
        other => {
            return Err(format!(
                "'{}' is not a distribution (triangular, uniform, normal sd=SD)",
                other.join(" ")
            ));
        }
    };
    Ok(Spread {
        low,
        high,
        distribution,
    })
}

/// Reads `book` as a scenario; `file` names it in errors (and names the scenario when the
/// book has no `more` sheet).
pub fn from_book(file: &str, book: &Book) -> Result<Scenario, SheetError> {
    let mut r = Read {
        container: book.container,
        problems: Vec::new(),
        places: HashMap::new(),
    };
    let find = |name: &str| book.sheets.iter().find(|s| s.name == name);
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    for s in &book.sheets {
        if !SHEETS.contains(&s.name.as_str()) {
            let hint = closest_key(&s.name, &SHEETS)
                .map(|k| format!("did you mean '{k}'? "))
                .unwrap_or_default();
            let p = r.place(&s.name, 0, None, None);
            r.problem(
                p,
                format!(
                    "unknown sheet; {hint}the sheets are grid, issues (both required), \
                     evidence and more"
                ),
            );
        }
        r.merged(s);
    }
    let (Some(grid), Some(issue_sheet)) = (find("grid"), find("issues")) else {
        let missing: Vec<&str> = ["grid", "issues"]
            .into_iter()
            .filter(|n| find(n).is_none())
            .collect();
        return Err(SheetError::Unreadable {
            file: file.to_owned(),
            reason: format!(
                "no {} sheet (found: {}); a scenario workbook has the sheets grid and issues, \
                 and optionally evidence and more (see docs/spreadsheets.md)",
                missing.join(" or "),
                if names.is_empty() {
                    "none".into()
                } else {
                    names.join(", ")
                }
            ),
        });
    };
    let mut issues = read_issues(&mut r, issue_sheet);
    let mut actors = read_grid(&mut r, grid, &issues);
    if let Some(sheet) = find("evidence") {
        read_evidence(&mut r, sheet, &mut issues, &mut actors);
    }
    let (mut scenario, spans, more) = match find("more") {
        Some(sheet) => read_more(&mut r, sheet),
        None => {
            let stem = std::path::Path::new(file)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("scenario");
            (Scenario::named(stem), HashMap::new(), None)
        }
    };
    scenario.issues = issues;
    scenario.actors = actors;
    if r.problems.is_empty() {
        for p in scenario.validate() {
            let place = locate(&r.places, &spans, more.as_ref(), &p.path)
                .unwrap_or_else(|| r.place("grid", 0, None, None));
            r.problem(place, format!("{} ({})", p.kind, p.path));
        }
    }
    if r.problems.is_empty() {
        Ok(scenario)
    } else {
        Err(SheetError::Invalid {
            file: file.to_owned(),
            problems: r.problems,
        })
    }
}

/// The place of the scenario field `path`, or of its nearest ancestor that was read.
fn locate(
    places: &HashMap<String, Place>,
    spans: &HashMap<String, std::ops::Range<usize>>,
    more: Option<&MoreText>,
    path: &str,
) -> Option<Place> {
    let mut p = path;
    loop {
        if let Some(place) = places.get(p) {
            return Some(place.clone());
        }
        if let (Some(span), Some(m)) = (spans.get(p), more) {
            return Some(m.place(span.start));
        }
        p = &p[..p.rfind(['.', '['])?];
    }
}

fn is_blank(row: &Row) -> bool {
    row.cells.iter().all(Cell::is_empty)
}

fn read_issues(r: &mut Read, sheet: &Sheet) -> Vec<Issue> {
    let Some(h) = r.header(sheet) else {
        return Vec::new();
    };
    let first = sheet.rows[0].number;
    let all = "issue, name, low, high, scale min, scale max (status quo and status quo range \
               optional)";
    let mut known: Vec<&str> = ISSUE_COLUMNS.to_vec();
    known.extend(ISSUE_OPTIONAL);
    unknown_columns(r, &h, first, &known, all);
    if !r.require(&h, first, &ISSUE_COLUMNS, all) {
        return Vec::new();
    }
    let col = |n: &str| h.col(n).unwrap_or(usize::MAX);
    let mut out = Vec::new();
    for row in sheet.rows.iter().skip(1).filter(|row| !is_blank(row)) {
        let j = out.len();
        let id = r.required_text(&h, row, col("issue"), "the issue's id, e.g. ukraine_aid");
        let mut issue = Issue::new(id);
        issue.name = r.text(&h, row, col("name")).unwrap_or_default();
        issue.low = r.text(&h, row, col("low")).unwrap_or_default();
        issue.high = r.text(&h, row, col("high")).unwrap_or_default();
        let min = r.number(&h, row, col("scale min"), "the scale's low end, e.g. 0");
        let max = r.number(&h, row, col("scale max"), "the scale's high end, e.g. 100");
        for (name, v) in [("scale min", min), ("scale max", max)] {
            if v.is_none() {
                let p = r.cell_place(&h, row, col(name));
                r.problem(
                    p,
                    "is empty; write a number (the scale is 0 to 100 by default)",
                );
            }
        }
        issue.scale = Scale {
            min: min.unwrap_or(f64::NAN),
            max: max.unwrap_or(f64::NAN),
        };
        let sq_place = r.cell_place(&h, row, col("scale min"));
        r.mark(format!("issue[{j}].scale"), sq_place);
        if let Some(c) = h.col("status quo") {
            let valid = "a number on the issue's scale, or nothing";
            let range = r.range(&h, row, h.col("status quo range"));
            match r.number(&h, row, c, valid) {
                Some(value) => {
                    issue.status_quo = Some(Estimate {
                        value,
                        spread: range,
                        evidence: Evidence::default(),
                    });
                }
                None if range.is_some() => {
                    let p = r.cell_place(&h, row, c);
                    r.problem(
                        p,
                        "is empty but the status quo has a range; write its value",
                    );
                }
                None => {}
            }
            let p = r.cell_place(&h, row, c);
            r.mark(format!("issue[{j}].status_quo"), p);
        }
        if let Some(c) = h.col("status quo range") {
            let p = r.cell_place(&h, row, c);
            r.mark(format!("issue[{j}].status_quo.low"), p.clone());
            r.mark(format!("issue[{j}].status_quo.high"), p.clone());
            r.mark(format!("issue[{j}].status_quo.sd"), p);
        }
        let p = r.cell_place(&h, row, col("issue"));
        r.mark(format!("issue[{j}]"), p);
        out.push(issue);
    }
    out
}

/// Reports header cells that name no known column.
fn unknown_columns(r: &mut Read, h: &Header, row: u32, known: &[&str], all: &str) {
    for (c, name) in h.names.iter().enumerate() {
        if name.is_empty() || known.contains(&name.as_str()) {
            continue;
        }
        let hint = closest_key(name, known)
            .map(|k| format!("did you mean '{k}'? "))
            .unwrap_or_default();
        let p = r.place(&h.sheet, row, Some(c as u32), None);
        r.problem(
            p,
            format!("unknown column '{name}'; {hint}the columns are {all}"),
        );
    }
}

/// What a grid column holds.
#[derive(Clone, Copy, PartialEq)]
enum StanceField {
    Position,
    PositionRange,
    Salience,
    SalienceRange,
}

fn read_grid(r: &mut Read, sheet: &Sheet, issues: &[Issue]) -> Vec<Actor> {
    let Some(h) = r.header(sheet) else {
        return Vec::new();
    };
    let first = sheet.rows[0].number;
    let all = "actor, name, capability (capability range, risk, risk range optional), then \
               'ISSUE position' and 'ISSUE salience' for each issue of the issues sheet \
               ('ISSUE position range', 'ISSUE salience range' optional)";
    // Stance columns by issue.
    let mut stance_cols: Vec<[Option<usize>; 4]> = vec![[None; 4]; issues.len()];
    let ids: Vec<&str> = issues.iter().map(|i| i.id.as_str()).collect();
    let mut fixed: Vec<&str> = ACTOR_COLUMNS.to_vec();
    fixed.extend(ACTOR_OPTIONAL);
    for (c, name) in h.names.iter().enumerate() {
        if name.is_empty() {
            // A filled cell under it was reported by `header`.
            continue;
        }
        if fixed.contains(&name.as_str()) {
            continue;
        }
        let field = [
            (" position range", StanceField::PositionRange),
            (" salience range", StanceField::SalienceRange),
            (" position", StanceField::Position),
            (" salience", StanceField::Salience),
        ]
        .into_iter()
        .find_map(|(suffix, f)| name.strip_suffix(suffix).map(|issue| (issue, f)));
        let p = r.place(&h.sheet, first, Some(c as u32), None);
        match field {
            Some((issue, f)) => match ids.iter().position(|i| *i == issue) {
                Some(j) => stance_cols[j][f as usize] = Some(c),
                None => {
                    let hint = closest_key(issue, &ids)
                        .map(|k| format!("did you mean '{k}'? "))
                        .unwrap_or_default();
                    r.problem(
                        p,
                        format!(
                            "'{issue}' is not an issue of the issues sheet; {hint}the issues \
                             are {}",
                            ids.join(", ")
                        ),
                    );
                }
            },
            None => {
                let mut known: Vec<String> = fixed.iter().map(|s| (*s).to_owned()).collect();
                for i in &ids {
                    known.push(format!("{i} position"));
                    known.push(format!("{i} salience"));
                }
                let known: Vec<&str> = known.iter().map(String::as_str).collect();
                let hint = closest_key(name, &known)
                    .map(|k| format!("did you mean '{k}'? "))
                    .unwrap_or_default();
                r.problem(
                    p,
                    format!("unknown column '{name}'; {hint}the columns are {all}"),
                );
            }
        }
    }
    let mut ok = r.require(&h, first, &ACTOR_COLUMNS, all);
    for (j, issue) in issues.iter().enumerate() {
        for (f, what) in [(0, "position"), (2, "salience")] {
            if stance_cols[j][f].is_none() {
                ok = false;
                let p = r.place(&h.sheet, first, None, None);
                r.problem(
                    p,
                    format!(
                        "no '{} {what}' column; every issue of the issues sheet needs a \
                         position and a salience column (empty cells: no stance)",
                        issue.id
                    ),
                );
            }
        }
    }
    if !ok {
        return Vec::new();
    }
    let col = |n: &str| h.col(n).unwrap_or(usize::MAX);
    let mut out: Vec<Actor> = Vec::new();
    for row in sheet.rows.iter().skip(1).filter(|row| !is_blank(row)) {
        let i = out.len();
        let id = r.required_text(&h, row, col("actor"), "the actor's id, e.g. usa");
        let capability = r.number(&h, row, col("capability"), "a number greater than 0");
        let cap_range = r.range(&h, row, h.col("capability range"));
        let mut actor = Actor::new(id, capability.unwrap_or(f64::NAN));
        actor.capability.spread = cap_range;
        if capability.is_none() {
            let p = r.cell_place(&h, row, col("capability"));
            r.problem(
                p,
                "is empty; write the actor's capability, a number greater than 0",
            );
        }
        actor.name = r.text(&h, row, col("name")).unwrap_or_default();
        let mark_estimate = |r: &mut Read, path: &str, value: usize, range: Option<usize>| {
            let p = r.cell_place(&h, row, value);
            r.mark(path.to_owned(), p.clone());
            r.mark(format!("{path}.value"), p);
            if let Some(c) = range {
                let p = r.cell_place(&h, row, c);
                for k in ["low", "high", "sd"] {
                    r.mark(format!("{path}.{k}"), p.clone());
                }
            }
        };
        mark_estimate(
            r,
            &format!("actor[{i}].capability"),
            col("capability"),
            h.col("capability range"),
        );
        if let Some(c) = h.col("risk") {
            let risk = r.number(&h, row, c, "a number from -1 to 1, or nothing");
            let range = r.range(&h, row, h.col("risk range"));
            if risk.is_none() && range.is_some() {
                let p = r.cell_place(&h, row, c);
                r.problem(p, "is empty but the risk has a range; write its value");
            }
            actor.risk = risk.map(|value| Estimate {
                value,
                spread: range,
                evidence: Evidence::default(),
            });
            mark_estimate(r, &format!("actor[{i}].risk"), c, h.col("risk range"));
        }
        for (j, issue) in issues.iter().enumerate() {
            let [pc, prc, sc, src] = stance_cols[j];
            let (Some(pc), Some(sc)) = (pc, sc) else {
                continue;
            };
            let valid = format!(
                "a number on the issue's scale [{}, {}]",
                num(issue.scale.min),
                num(issue.scale.max)
            );
            let position = r.number(&h, row, pc, &valid);
            let salience = r.number(&h, row, sc, "a number from 0 to 1 (80% is 0.8)");
            let prange = r.range(&h, row, prc);
            let srange = r.range(&h, row, src);
            let base = format!("actor[{i}].stance.{}", issue.id);
            match (position, salience) {
                (Some(p), Some(s)) => {
                    let mut st = Stance::new(p, s);
                    st.position.spread = prange;
                    st.salience.spread = srange;
                    actor.stances.insert(issue.id.clone(), st);
                }
                (None, None) => {
                    if prange.is_some() || srange.is_some() {
                        let p = r.cell_place(&h, row, pc);
                        r.problem(p, "is empty but a range is given; write the position and salience, or clear the range");
                    }
                }
                (None, Some(_)) => {
                    let p = r.cell_place(&h, row, pc);
                    r.problem(p, format!("is empty but the salience is given; write {valid}, or clear both for no stance"));
                }
                (Some(_), None) => {
                    let p = r.cell_place(&h, row, sc);
                    r.problem(p, "is empty but the position is given; write a number from 0 to 1, or clear both for no stance");
                }
            }
            let p = r.cell_place(&h, row, pc);
            r.mark(base.clone(), p);
            mark_estimate(r, &format!("{base}.position"), pc, prc);
            mark_estimate(r, &format!("{base}.salience"), sc, src);
        }
        let p = r.cell_place(&h, row, col("actor"));
        r.mark(format!("actor[{i}].id"), p.clone());
        r.mark(format!("actor[{i}]"), p);
        let p = r.cell_place(&h, row, col("name"));
        r.mark(format!("actor[{i}].name"), p);
        out.push(actor);
    }
    out
}

fn read_evidence(r: &mut Read, sheet: &Sheet, issues: &mut [Issue], actors: &mut [Actor]) {
    let Some(h) = r.header(sheet) else {
        return;
    };
    let first = sheet.rows[0].number;
    let all = "field, note, source, sentence";
    unknown_columns(r, &h, first, &EVIDENCE_COLUMNS, all);
    if !r.require(&h, first, &EVIDENCE_COLUMNS[..1], all) {
        return;
    }
    let col = |n: &str| h.col(n).unwrap_or(usize::MAX);
    let forms = "issue.ID, issue.ID.status_quo, actor.ID, actor.ID.capability, actor.ID.risk, \
                 actor.ID.stance.ISSUE, actor.ID.stance.ISSUE.position or \
                 actor.ID.stance.ISSUE.salience";
    for row in sheet.rows.iter().skip(1).filter(|row| !is_blank(row)) {
        let field = r.required_text(&h, row, col("field"), &format!("the field, one of {forms}"));
        let mut e = Evidence {
            note: r.text(&h, row, col("note")),
            source: r.text(&h, row, col("source")),
            sentence: None,
        };
        if let Some(x) = r.number(&h, row, col("sentence"), "a sentence number (1, 2, ...)") {
            if x.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&x) {
                e.sentence = Some(x as u32);
            } else if !x.is_nan() {
                let p = r.cell_place(&h, row, col("sentence"));
                r.problem(p, format!("{x} is not a sentence number; write 1, 2, ..."));
            }
        }
        if field.is_empty() {
            continue;
        }
        let parts: Vec<&str> = field.split('.').collect();
        let found: Option<(String, &mut Evidence)> = match parts.as_slice() {
            ["issue", id, rest @ ..] => {
                let j = issues.iter().position(|i| i.id == *id);
                match (j, rest) {
                    (Some(j), []) => Some((format!("issue[{j}]"), &mut issues[j].evidence)),
                    (Some(j), ["status_quo"]) => issues[j]
                        .status_quo
                        .as_mut()
                        .map(|x| (format!("issue[{j}].status_quo"), &mut x.evidence)),
                    _ => None,
                }
            }
            ["actor", id, rest @ ..] => {
                let i = actors.iter().position(|a| a.id == *id);
                match (i, rest) {
                    (Some(i), []) => Some((format!("actor[{i}]"), &mut actors[i].evidence)),
                    (Some(i), ["capability"]) => Some((
                        format!("actor[{i}].capability"),
                        &mut actors[i].capability.evidence,
                    )),
                    (Some(i), ["risk"]) => actors[i]
                        .risk
                        .as_mut()
                        .map(|x| (format!("actor[{i}].risk"), &mut x.evidence)),
                    (Some(i), ["stance", issue, tail @ ..]) => {
                        let base = format!("actor[{i}].stance.{issue}");
                        match (actors[i].stances.get_mut(*issue), tail) {
                            (Some(st), []) => Some((base, &mut st.evidence)),
                            (Some(st), ["position"]) => {
                                Some((format!("{base}.position"), &mut st.position.evidence))
                            }
                            (Some(st), ["salience"]) => {
                                Some((format!("{base}.salience"), &mut st.salience.evidence))
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        match found {
            Some((path, target)) => {
                if !target.is_empty() {
                    let p = r.cell_place(&h, row, col("field"));
                    r.problem(
                        p,
                        format!("'{field}' has evidence on an earlier row; keep one row per field"),
                    );
                }
                *target = e;
                let p = r.cell_place(&h, row, col("source"));
                r.mark(format!("{path}.source"), p);
            }
            None => {
                let p = r.cell_place(&h, row, col("field"));
                r.problem(
                    p,
                    format!(
                        "'{field}' names no value of the grid or issues sheets (an unknown id, \
                         or a stance, risk or status quo that is not there); write one of {forms}"
                    ),
                );
            }
        }
    }
}

/// The `more` sheet's TOML text and the row of each of its lines.
struct MoreText {
    container: Container,
    sheet: String,
    /// (byte offset where the line starts, its row number).
    starts: Vec<(usize, u32)>,
}

impl MoreText {
    fn place(&self, offset: usize) -> Place {
        let k = self.starts.partition_point(|(s, _)| *s <= offset).max(1) - 1;
        Place {
            container: self.container,
            sheet: self.sheet.clone(),
            row: self.starts.get(k).map_or(0, |(_, n)| *n),
            column: Some(0),
            header: None,
        }
    }
}

fn read_more(
    r: &mut Read,
    sheet: &Sheet,
) -> (
    Scenario,
    HashMap<String, std::ops::Range<usize>>,
    Option<MoreText>,
) {
    let empty = (Scenario::named(""), HashMap::new(), None);
    let mut text = String::new();
    let mut more = MoreText {
        container: r.container,
        sheet: sheet.name.clone(),
        starts: Vec::new(),
    };
    // The first row is the header `toml`; without it the first TOML line would be taken for
    // a header and lost.
    match sheet.rows.first().and_then(|r| r.cells.first()) {
        Some(Cell::Text(t)) if t.trim() == "toml" => {}
        _ => {
            let row = sheet.rows.first().map_or(1, |r| r.number);
            let p = r.place(&sheet.name, row, Some(0), None);
            r.problem(
                p,
                "the first row of the more sheet is its header, 'toml'; insert a row above \
                 holding just that",
            );
            return empty;
        }
    }
    for row in sheet.rows.iter().skip(1) {
        for (c, cell) in row.cells.iter().enumerate().skip(1) {
            if !cell.is_empty() {
                let p = r.place(&sheet.name, row.number, Some(c as u32), None);
                r.problem(p, "the more sheet holds one TOML line per row, in the first column; move this into column A");
            }
        }
        more.starts.push((text.len(), row.number));
        match row.cells.first().unwrap_or(&Cell::Empty) {
            Cell::Empty => {}
            Cell::Text(t) => text.push_str(t),
            Cell::Number(x) => text.push_str(&num(*x)),
            Cell::Other(what) => {
                let p = r.place(&sheet.name, row.number, Some(0), None);
                r.problem(p, format!("holds {what}; write a line of TOML"));
            }
            Cell::Formula(f) => {
                let p = r.place(&sheet.name, row.number, Some(0), None);
                r.problem(p, uncomputed(f, "the line of TOML"));
            }
        }
        text.push('\n');
    }
    let root = match crate::toml_tree::parse(&text) {
        Ok(root) => root,
        Err(errors) => {
            for e in errors {
                r.problem(
                    more.place(e.span.start),
                    format!("TOML syntax: {}", e.message),
                );
            }
            return empty;
        }
    };
    let (scenario, found) = reader::read(&root);
    for f in &found.found {
        // Issues and actors are in the other sheets.
        if f.path == "issue" || f.path == "actor" {
            continue;
        }
        r.problem(more.place(f.span.start), f.problem.to_string());
    }
    for (key, what) in [("issue", "the issues sheet"), ("actor", "the grid sheet")] {
        if let Some(span) = found.spans.get(&format!("{key}[0]")) {
            r.problem(
                more.place(span.start),
                format!("[[{key}]] tables belong in {what}, not in more"),
            );
        }
    }
    (scenario, found.spans, Some(more))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blanks around `..` are how people type a range; the distribution still follows.
    #[test]
    fn a_range_may_have_blanks_around_its_dots() {
        for text in ["5..90", "5 ..90", "5.. 90", " 5 .. 90 "] {
            let sp = parse_range(text.trim()).unwrap();
            assert_eq!((sp.low, sp.high), (5.0, 90.0), "{text}");
            assert_eq!(sp.distribution, Distribution::Triangular, "{text}");
        }
        let sp = parse_range("-10 .. -2 normal sd=3").unwrap();
        assert_eq!((sp.low, sp.high), (-10.0, -2.0));
        assert_eq!(sp.distribution, Distribution::Normal { sd: 3.0 });
        assert!(parse_range("5 90").unwrap_err().contains("no '..'"));
    }
}
