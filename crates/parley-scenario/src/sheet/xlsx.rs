//! The xlsx workbook: written with `rust_xlsxwriter`, read with `calamine`. Numbers are stored
//! as the shortest decimal that reads back to the same `f64`, so a workbook written and read
//! again gives exactly the scenario written (tested on the flagship and on KTAB cases).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use parley_core::Scenario;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::{Book, Cell, Container, Row, Sheet, SheetError, from_book, to_book};

/// The most one part of a workbook (a sheet, the shared strings) may decompress to. A
/// scenario workbook's parts are kilobytes; Excel's own limits (a million rows of 32,767
/// characters) are far beyond what a scenario needs, while a 1.5 MB file of deflated blanks
/// expanded to 1.5 GB in memory before this check (sweep3 item 25).
pub const MAX_PART_BYTES: u64 = 64 << 20;

/// The most all parts together may decompress to, and the most parts a workbook may have.
const MAX_TOTAL_BYTES: u64 = 256 << 20;
const MAX_PARTS: usize = 10_000;

/// Decompresses every part into nothing, counting, so a zip bomb is refused before calamine
/// holds any of it; the sizes the zip headers declare are not trusted.
fn check_parts(bytes: &[u8]) -> Result<(), String> {
    check_parts_within(bytes, MAX_PART_BYTES, MAX_TOTAL_BYTES)
}

fn check_parts_within(bytes: &[u8], max_part: u64, max_total: u64) -> Result<(), String> {
    use std::io::Read;
    let unreadable = |e: &dyn std::fmt::Display| {
        format!(
            "not a readable xlsx workbook ({e}); export one with `parley export FILE --format xlsx`"
        )
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    if zip.len() > MAX_PARTS {
        return Err(format!(
            "the workbook has {} parts, more than the {MAX_PARTS} a scenario workbook could need",
            zip.len()
        ));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|e| unreadable(&e))?;
        let name = part
            .name()
            .map_or_else(|_| format!("#{i}"), |n| n.chars().take(100).collect());
        let mut limited = part.take(max_part + 1);
        let size = std::io::copy(&mut limited, &mut std::io::sink()).map_err(|e| unreadable(&e))?;
        if size > max_part {
            return Err(format!(
                "part '{name}' of the workbook decompresses to more than {} MiB, the most \
                 Parley reads; a scenario workbook's parts are kilobytes (the file may be \
                 damaged or built to exhaust memory)",
                max_part >> 20
            ));
        }
        total += size;
        if total > max_total {
            return Err(format!(
                "the workbook decompresses to more than {} MiB, the most Parley reads",
                max_total >> 20
            ));
        }
    }
    Ok(())
}

/// The scenario as an xlsx workbook (the sheets of [`super`]), as bytes.
pub fn write(s: &Scenario) -> Result<Vec<u8>, SheetError> {
    write_book(&to_book(s, Container::Xlsx))
}

/// Most characters an Excel cell holds.
const MAX_CELL_CHARS: usize = 32_767;

/// The first cell of row `r` of `sheet` (the row's actor or issue id), for messages.
fn row_header(sheet: &super::Sheet, r: u32) -> String {
    let row = sheet.rows.get(r as usize);
    match row.and_then(|row| row.cells.first()) {
        Some(Cell::Text(t) | Cell::Other(t)) => t.chars().take(40).collect(),
        _ => String::new(),
    }
}

/// A cell too long for Excel, named by sheet, row, column header and the row's id.
fn too_long(sheet: &super::Sheet, id: String, c: usize, chars: usize) -> SheetError {
    let header = sheet
        .rows
        .first()
        .and_then(|h| h.cells.get(c))
        .map(|h| match h {
            Cell::Text(t) | Cell::Other(t) => t.clone(),
            _ => String::new(),
        })
        .unwrap_or_default();
    let of = if id.is_empty() {
        String::new()
    } else {
        format!(" of '{id}'")
    };
    SheetError::Write(format!(
        "the {header} cell{of} on sheet '{}' holds {chars} characters, more than Excel's \
         {MAX_CELL_CHARS} per cell; shorten it, or export as CSV (`--format csv`), which has no \
         limit",
        sheet.name
    ))
}

/// The sheets of `book` as an xlsx workbook (header rows bold, frozen). Merged ranges of the
/// book are not written.
pub fn write_book(book: &Book) -> Result<Vec<u8>, SheetError> {
    let err = |e: rust_xlsxwriter::XlsxError| SheetError::Write(e.to_string());
    let mut wb = Workbook::new();
    // The writer stamps docProps/core.xml with the time of writing unless told otherwise, so
    // the same scenario would give different bytes every second. A fixed creation time (also
    // written as the modification time) keeps exports byte-identical; a scenario holds no
    // date of its own that could stand in.
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(err)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    for sheet in &book.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name).map_err(err)?;
        let mut widths: Vec<usize> = Vec::new();
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = u32::try_from(r)
                .map_err(|_| SheetError::Write(format!("more than {} rows", u32::MAX)))?;
            for (c, cell) in row.cells.iter().enumerate() {
                let c16 = u16::try_from(c)
                    .map_err(|_| SheetError::Write(format!("more than {} columns", u16::MAX)))?;
                let shown = match cell {
                    Cell::Empty => continue,
                    Cell::Number(x) => {
                        ws.write_number(r, c16, *x).map_err(err)?;
                        format!("{x}").len()
                    }
                    Cell::Formula(f) => {
                        ws.write_string(r, c16, format!("={f}")).map_err(err)?;
                        f.chars().count() + 1
                    }
                    Cell::Text(t) | Cell::Other(t) => {
                        let chars = t.chars().count();
                        if chars > MAX_CELL_CHARS {
                            return Err(too_long(sheet, row_header(sheet, r), c, chars));
                        }
                        if r == 0 {
                            ws.write_string_with_format(r, c16, t, &bold).map_err(err)?;
                        } else {
                            ws.write_string(r, c16, t).map_err(err)?;
                        }
                        t.chars().count()
                    }
                };
                if widths.len() <= c {
                    widths.resize(c + 1, 0);
                }
                widths[c] = widths[c].max(shown);
            }
        }
        if sheet.name != "more" {
            for (c, w) in widths.iter().enumerate() {
                let c16 = u16::try_from(c).unwrap_or(u16::MAX);
                ws.set_column_width(c16, (*w).clamp(6, 60) as f64 + 1.0)
                    .map_err(err)?;
            }
            ws.set_freeze_panes(1, 0).map_err(err)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}

/// Reads the workbook `bytes` (named `file` in errors) into its sheets.
pub fn read_book(file: &str, bytes: &[u8]) -> Result<Book, SheetError> {
    let unreadable = |reason: String| SheetError::Unreadable {
        file: file.to_owned(),
        reason,
    };
    check_parts(bytes).map_err(&unreadable)?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        unreadable(format!(
            "not a readable xlsx workbook ({e}); export one with `parley export FILE --format xlsx`"
        ))
    })?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| unreadable(format!("sheet '{name}' cannot be read: {e}")))?;
        let merged = wb
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| {
                unreadable(format!(
                    "the merged cells of sheet '{name}' cannot be read: {e}"
                ))
            })?
            .iter()
            .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
            .collect();
        let formulas = wb.worksheet_formula(&name).map_err(|e| {
            unreadable(format!(
                "the formulas of sheet '{name}' cannot be read: {e}"
            ))
        })?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut rows = Vec::new();
        for (k, cells) in range.rows().enumerate() {
            let mut out: Vec<Cell> = vec![Cell::Empty; c0 as usize];
            out.extend(cells.iter().map(cell));
            while out.last() == Some(&Cell::Empty) {
                out.pop();
            }
            rows.push(Row {
                number: r0 + k as u32 + 1,
                cells: out,
            });
        }
        // Rows above the used range (the header row left empty) count as empty rows.
        if r0 > 0 {
            let mut padded: Vec<Row> = (0..r0)
                .map(|r| Row {
                    number: r + 1,
                    cells: Vec::new(),
                })
                .collect();
            padded.append(&mut rows);
            rows = padded;
        }
        mark_uncomputed(&mut rows, &range, &formulas);
        sheets.push(Sheet { name, rows, merged });
    }
    Ok(Book {
        container: Container::Xlsx,
        sheets,
    })
}

/// Puts [`Cell::Formula`] where a cell holds a formula but no value. calamine reads such a
/// cell (written by a script, or saved without recalculation) as empty, so a stance typed as
/// formulas vanished without a word (sweep 5 item 2). `rows` are indexed from sheet row 1.
fn mark_uncomputed(
    rows: &mut Vec<Row>,
    values: &calamine::Range<Data>,
    formulas: &calamine::Range<String>,
) {
    let Some((fr0, fc0)) = formulas.start() else {
        return;
    };
    for (r, c, f) in formulas.used_cells() {
        let (r, c) = (fr0 + r as u32, fc0 + c as u32);
        let valued = values
            .get_value((r, c))
            .is_some_and(|d| !matches!(d, Data::Empty));
        if f.trim().is_empty() || valued {
            continue;
        }
        while rows.len() <= r as usize {
            let number = rows.len() as u32 + 1;
            rows.push(Row {
                number,
                cells: Vec::new(),
            });
        }
        let cells = &mut rows[r as usize].cells;
        if cells.len() <= c as usize {
            cells.resize(c as usize + 1, Cell::Empty);
        }
        cells[c as usize] = Cell::Formula(f.trim_start_matches('=').to_owned());
    }
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Float(x) => Cell::Number(*x),
        // Whole numbers some writers store as integers; every i64 a scenario can hold
        // converts exactly.
        Data::Int(i) => Cell::Number(*i as f64),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Other(format!("the boolean {}", if *b { "TRUE" } else { "FALSE" })),
        Data::DateTime(d) => Cell::Other(format!("a date ({})", d.as_f64())),
        Data::DateTimeIso(s) => Cell::Other(format!("a date ({s})")),
        Data::DurationIso(s) => Cell::Other(format!("a duration ({s})")),
        Data::Error(e) => Cell::Other(format!("the error value {e}")),
    }
}

/// Reads an xlsx workbook as a scenario; every problem is located by sheet and cell.
pub fn read(file: &str, bytes: &[u8]) -> Result<Scenario, SheetError> {
    let book = read_book(file, bytes)?;
    from_book(file, &book)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A zip of `parts` (name, bytes), deflated.
    fn zip_of(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            w.start_file(*name, deflated).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// The sweep's scenario: y's stance on b (20, salience 0.2) is in cells G3 and H3 of
    /// the grid, its capability (3) in C3.
    const THREE: &str = r#"
[scenario]
name = "Three"
[[issue]]
id = "a"
name = "A"
low = "lo"
high = "hi"
status_quo = 30
[[issue]]
id = "b"
name = "B"
low = "lo"
high = "hi"
status_quo = 60
[[actor]]
id = "x"
name = "X"
capability = 2
stance.a = { position = { value = 10, low = 0, high = 30 }, salience = 0.5 }
stance.b = { position = 80, salience = 1.0 }
[[actor]]
id = "y"
name = "Y"
capability = 3
stance.a = { position = 90, salience = 0.4 }
stance.b = { position = 20, salience = 0.2 }
[[actor]]
id = "z"
name = "Z"
capability = 1
stance.a = { position = 50, salience = 1.0 }
"#;

    /// The workbook `write` makes of [`THREE`], with each `(from, to)` of `edits` replaced in
    /// the grid sheet's XML.
    fn with_grid_edits(edits: &[(String, String)]) -> Vec<u8> {
        use std::io::Read;
        let s = crate::parse_and_check(THREE, crate::Format::Toml).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(write(&s).unwrap())).unwrap();
        let mut parts = Vec::new();
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).unwrap();
            let name = part.name().unwrap().into_owned();
            let mut data = Vec::new();
            part.read_to_end(&mut data).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                let mut xml = String::from_utf8(data).unwrap();
                for (from, to) in edits {
                    assert!(xml.contains(from), "{from} not in the grid sheet");
                    xml = xml.replace(from, to);
                }
                data = xml.into_bytes();
            }
            parts.push((name, data));
        }
        let parts: Vec<(&str, Vec<u8>)> =
            parts.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
        zip_of(&parts)
    }

    /// The workbook with each (cell, value, formula) of `cells` turned into that formula with
    /// no cached value, as openpyxl or xlsxwriter store them (the edit
    /// /tmp/sweep5/mkformula.py made to an exported file).
    fn with_formulas(cells: &[(&str, &str, &str)]) -> Vec<u8> {
        let edits: Vec<(String, String)> = cells
            .iter()
            .map(|(cell, value, f)| {
                (
                    format!(r#"<c r="{cell}"><v>{value}</v></c>"#),
                    format!(r#"<c r="{cell}"><f>{f}</f></c>"#),
                )
            })
            .collect();
        with_grid_edits(&edits)
    }

    #[test]
    fn a_formula_with_no_computed_value_is_a_located_problem_not_an_empty_cell() {
        // The unedited workbook reads back: y has its stance on b.
        let s = read("f.xlsx", &with_formulas(&[])).unwrap();
        assert_eq!(s.actors[1].stances.len(), 2);
        // Position and salience both formulas: before, y silently had no stance on b.
        let e = read(
            "f.xlsx",
            &with_formulas(&[("G3", "20", "10+10"), ("H3", "0.2", "0.1*2")]),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("2 problems"), "{e}");
        assert!(e.contains("cell G3"), "{e}");
        assert!(
            e.contains("holds a formula (=10+10) with no computed value; open and save the workbook in a spreadsheet program so it stores the value, or type the number"),
            "{e}"
        );
        assert!(e.contains("cell H3") && e.contains("(=0.1*2)"), "{e}");
        assert!(e.contains("sheet 'grid'"), "{e}");
        assert!(!e.contains("empty"), "{e}");
        // One of the two: before, "H3 ... is empty but the position is given".
        let e = read("f.xlsx", &with_formulas(&[("H3", "0.2", "0.1*2")]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("1 problem") && e.contains("cell H3"), "{e}");
        assert!(!e.contains("empty"), "{e}");
        // A capability: before, "cell C3 (column 'capability'): is empty".
        let e = read("f.xlsx", &with_formulas(&[("C3", "3", "1+2")]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("cell C3") && e.contains("(=1+2)"), "{e}");
        assert!(!e.contains("empty"), "{e}");
    }

    #[test]
    fn a_formula_with_its_computed_value_is_read_as_the_value() {
        // Excel and LibreOffice store the value next to the formula; that value is read.
        let bytes = with_grid_edits(&[(
            r#"<c r="G3"><v>20</v></c>"#.into(),
            r#"<c r="G3"><f>10+10</f><v>20</v></c>"#.into(),
        )]);
        let s = read("f.xlsx", &bytes).unwrap();
        let b = s.actors[1].stances.get("b").expect("y's stance on b");
        assert_eq!(b.position.value, 20.0);
    }

    /// The limits at 1 MiB a part and 3 MiB in all, so the test stays small: 2 MiB of blanks
    /// deflate to a few KB, the shape of sweep3 item 25's 1.5 GB shared strings.
    #[test]
    fn a_part_that_decompresses_beyond_the_limit_is_refused_by_name() {
        let blanks = vec![b' '; 2 << 20];
        let bomb = zip_of(&[("xl/sharedStrings.xml", blanks.clone())]);
        assert!(bomb.len() < 100_000, "{}", bomb.len());
        let e = check_parts_within(&bomb, 1 << 20, 3 << 20).unwrap_err();
        assert!(e.contains("part 'xl/sharedStrings.xml'"), "{e}");
        assert!(e.contains("more than 1 MiB"), "{e}");
        // Two parts each within the part limit but over the total together.
        let half = vec![b' '; 1 << 20];
        let parts: Vec<(&str, Vec<u8>)> = ["a", "b", "c", "d"]
            .into_iter()
            .map(|n| (n, half.clone()))
            .collect();
        let e = check_parts_within(&zip_of(&parts), 1 << 20, 3 << 20).unwrap_err();
        assert!(e.contains("more than 3 MiB"), "{e}");
        // A real workbook passes the real limits.
        let flagship = include_str!("../../../../scenarios/grand-bargain-2025.toml");
        let s = crate::parse_and_check(flagship, crate::Format::Toml).unwrap();
        assert!(check_parts(&write(&s).unwrap()).is_ok());
        assert!(check_parts(b"not a zip").is_err());
    }
}
