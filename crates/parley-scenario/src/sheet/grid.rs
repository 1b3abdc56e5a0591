//! The flat CSV grid: the `grid` sheet first (one row per actor, a position and a salience
//! column per issue), then the other sheets as sections, each after a row holding only its
//! name in brackets (`[issues]`, `[evidence]`, `[more]`); the `[more]` section
//! (TOML) runs to the end of the file. Every cell is text; numbers are
//! written as the shortest decimal that reads back to the same `f64`, so the grid reads back
//! to exactly the scenario written.

use parley_core::Scenario;

use super::{Book, Cell, Container, Row, Sheet, SheetError, from_book, to_book};

/// The scenario as a CSV grid.
pub fn write(s: &Scenario) -> Result<String, SheetError> {
    write_book(&to_book(s, Container::Csv))
}

/// The sheets of `book` as CSV text: the first sheet, then each other one after its
/// `[name]` row.
pub fn write_book(book: &Book) -> Result<String, SheetError> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let err = |e: csv::Error| SheetError::Write(e.to_string());
    for (k, sheet) in book.sheets.iter().enumerate() {
        if k > 0 {
            w.write_record([format!("[{}]", sheet.name)]).map_err(err)?;
        }
        for row in &sheet.rows {
            let fields: Vec<String> = row
                .cells
                .iter()
                .map(|c| match c {
                    Cell::Empty => String::new(),
                    Cell::Number(x) => format!("{x}"),
                    Cell::Text(t) | Cell::Other(t) => guard(t),
                    Cell::Formula(f) => guard(&format!("={f}")),
                })
                .collect();
            if fields.is_empty() {
                // A blank TOML line: one empty field (written as "").
                w.write_record([""]).map_err(err)?;
            } else {
                w.write_record(&fields).map_err(err)?;
            }
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| SheetError::Write(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| SheetError::Write(e.to_string()))
}

/// First characters that make a spreadsheet read a CSV cell as a formula ("CSV injection").
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// A text cell as written: one that a spreadsheet would run as a formula (an actor named
/// `=HYPERLINK(...)`) gets a leading apostrophe, as OWASP recommends, and so does one that
/// already starts with an apostrophe before such a character, so that [`unguard`] gives back
/// exactly the text written.
fn guard(t: &str) -> String {
    let formula = t.starts_with(FORMULA_STARTS);
    let quoted = t
        .strip_prefix('\'')
        .is_some_and(|rest| rest.starts_with(FORMULA_STARTS) || rest.starts_with('\''));
    if formula || quoted {
        format!("'{t}")
    } else {
        t.to_owned()
    }
}

/// A cell as read: the apostrophe [`guard`] added is removed.
fn unguard(f: &str) -> &str {
    match f.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) || rest.starts_with('\'') => rest,
        _ => f,
    }
}

/// True when `text` starts like a CSV grid: a first cell `actor` and an `ISSUE position`
/// column (a BDM table's header, `Actor,Capability,Position,Salience`, has no such column).
pub fn looks_like(text: &str) -> bool {
    let text = crate::strip_bom(text);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let Some(Ok(first)) = r.records().next() else {
        return false;
    };
    first.get(0).is_some_and(|c| c.trim() == "actor")
        && first.iter().any(|c| c.trim().ends_with(" position"))
}

/// Reads CSV grid text into its sections.
pub fn read_book(file: &str, text: &str) -> Result<Book, SheetError> {
    let text = crate::strip_bom(text);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut sheets = vec![Sheet {
        name: "grid".into(),
        rows: Vec::new(),
        merged: Vec::new(),
    }];
    for record in r.records() {
        let record = record.map_err(|e| SheetError::Unreadable {
            file: file.to_owned(),
            reason: format!("not readable as CSV: {e}"),
        })?;
        let line = record
            .position()
            .map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
        // The more section (TOML, whose table headers look like section rows) runs to the
        // end of the file.
        let in_more = sheets.last().is_some_and(|s| s.name == "more");
        let cells: Vec<Cell> = record
            .iter()
            .map(|f| {
                if f.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(unguard(f).to_owned())
                }
            })
            .collect();
        let marker = match cells.as_slice() {
            [Cell::Text(t), rest @ ..] if !in_more && rest.iter().all(Cell::is_empty) => {
                t.trim().strip_prefix('[').and_then(|t| t.strip_suffix(']'))
            }
            _ => None,
        };
        match marker {
            Some(name) => sheets.push(Sheet {
                name: name.to_owned(),
                rows: Vec::new(),
                merged: Vec::new(),
            }),
            None => {
                if let Some(sheet) = sheets.last_mut() {
                    sheet.rows.push(Row {
                        number: line,
                        cells,
                    });
                }
            }
        }
    }
    Ok(Book {
        container: Container::Csv,
        sheets,
    })
}

/// Reads a CSV grid as a scenario; every problem is located by line and column.
pub fn read(file: &str, text: &str) -> Result<Scenario, SheetError> {
    let book = read_book(file, text)?;
    from_book(file, &book)
}

#[cfg(test)]
mod tests {
    use super::{guard, unguard};

    #[test]
    fn formula_cells_are_written_inert_and_read_back_exactly() {
        for (text, written) in [
            (
                "=HYPERLINK(\"http://x\",\"a\")",
                "'=HYPERLINK(\"http://x\",\"a\")",
            ),
            ("+1", "'+1"),
            ("-5", "'-5"),
            ("@sum", "'@sum"),
            ("\tx", "'\tx"),
            ("'=x", "''=x"),
            ("''x", "'''x"),
            ("'plain", "'plain"),
            ("'", "'"),
            ("North", "North"),
        ] {
            assert_eq!(guard(text), written, "{text:?}");
            assert_eq!(unguard(written), text, "{text:?}");
        }
    }
}
