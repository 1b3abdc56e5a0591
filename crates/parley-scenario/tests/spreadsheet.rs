//! Spreadsheets (issue 18): the flagship and imported KTAB cases go to an xlsx workbook and
//! to a CSV grid and read back to exactly the same scenario (every field compared, and the
//! TOML written from both byte for byte); bad sheets get located errors.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use parley_core::Scenario;
use parley_scenario::sheet::{Book, Cell, Container, SheetError, grid, to_book, xlsx};
use parley_scenario::{read_file, write::to_toml};

fn flagship() -> Scenario {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/grand-bargain-2025.toml");
    read_file(&path).unwrap()
}

fn ktab(name: &str) -> Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ktab")
        .join(name);
    read_file(&path).unwrap()
}

fn assert_same(what: &str, a: &Scenario, b: &Scenario) {
    // IndexMap equality ignores order; the TOML shows it.
    assert_eq!(to_toml(a), to_toml(b), "{what}: TOML differs");
    assert_eq!(a, b, "{what}: scenario differs");
}

fn through_xlsx(s: &Scenario) -> Scenario {
    let bytes = xlsx::write(s).unwrap();
    match xlsx::read("back.xlsx", &bytes) {
        Ok(back) => back,
        Err(e) => panic!("{e}"),
    }
}

fn through_grid(s: &Scenario) -> Scenario {
    let text = grid::write(s).unwrap();
    assert!(grid::looks_like(&text), "{text}");
    match grid::read("back.csv", &text) {
        Ok(back) => back,
        Err(e) => panic!("{e}\n{text}"),
    }
}

#[test]
fn the_flagship_round_trips_exactly_through_xlsx_and_the_csv_grid() {
    let s = flagship();
    // The flagship exercises what the sheets must carry.
    assert!(s.mediator.is_some() && !s.questions.is_empty() && !s.what_ifs.is_empty());
    assert!(!s.linkages.is_empty());
    assert!(
        s.actors
            .iter()
            .any(|a| a.stances.values().any(|t| t.position.spread.is_some()))
    );
    assert!(s.actors.iter().any(|a| {
        !a.evidence.is_empty()
            || a.stances
                .values()
                .any(|t| !t.evidence.is_empty() || !t.salience.evidence.is_empty())
    }));
    assert_same("xlsx", &s, &through_xlsx(&s));
    assert_same("csv grid", &s, &through_grid(&s));
}

#[test]
fn imported_ktab_cases_round_trip_exactly() {
    for name in [
        "dummyData_3Dim.csv",
        "smpExample_fixed.xml",
        "SOE-Policy.csv",
    ] {
        let s = ktab(name);
        assert_same(&format!("{name} xlsx"), &s, &through_xlsx(&s));
        assert_same(&format!("{name} csv grid"), &s, &through_grid(&s));
    }
}

#[test]
fn every_kind_of_range_and_unusual_numbers_round_trip() {
    let mut s = flagship();
    let a = &mut s.actors[0];
    a.capability.value = 0.1 + 0.2; // 0.30000000000000004: 17 significant digits
    a.capability.spread = Some(parley_core::Spread {
        low: 1e-7,
        high: 123_456.789_012_345_67,
        distribution: parley_core::Distribution::Normal { sd: 1.0 / 3.0 },
    });
    a.risk = Some(parley_core::Estimate {
        value: -0.5,
        spread: Some(parley_core::Spread {
            low: -1.0,
            high: 0.0,
            distribution: parley_core::Distribution::Uniform,
        }),
        evidence: parley_core::Evidence {
            note: Some("a note, with \"quotes\", commas\nand a new line".into()),
            source: None,
            sentence: Some(3),
        },
    });
    a.name = "=SUM(A1) [issues]".into();
    assert_same("xlsx", &s, &through_xlsx(&s));
    assert_same("csv grid", &s, &through_grid(&s));
}

fn problems(e: SheetError) -> Vec<String> {
    match e {
        SheetError::Invalid { problems, .. } => problems.iter().map(|p| p.to_string()).collect(),
        other => panic!("want located problems, got {other}"),
    }
}

fn one_containing(ps: &[String], needle: &str) -> String {
    let found: Vec<&String> = ps.iter().filter(|p| p.contains(needle)).collect();
    assert_eq!(
        found.len(),
        1,
        "want one problem with {needle:?}, got {ps:#?}"
    );
    found[0].clone()
}

fn book(s: &Scenario, c: Container) -> Book {
    to_book(s, c)
}

fn set(book: &mut Book, sheet: &str, row: usize, col: usize, cell: Cell) {
    let sh = book.sheets.iter_mut().find(|x| x.name == sheet).unwrap();
    let cells = &mut sh.rows[row].cells;
    if cells.len() <= col {
        cells.resize(col + 1, Cell::Empty);
    }
    cells[col] = cell;
}

/// The 0-based column of `header` in the first row of `sheet`.
fn column(book: &Book, sheet: &str, header: &str) -> usize {
    let sh = book.sheets.iter().find(|x| x.name == sheet).unwrap();
    sh.rows[0]
        .cells
        .iter()
        .position(|c| *c == Cell::Text(header.into()))
        .unwrap()
}

#[test]
fn a_merged_header_in_xlsx_is_located_with_what_to_do() {
    // A workbook as a person might make it: the name merged over its two columns.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("grid").unwrap();
    let fmt = rust_xlsxwriter::Format::new();
    for (c, h) in ["actor", "name", "capability"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.merge_range(0, 3, 0, 4, "tariff", &fmt).unwrap();
    for (c, v) in ["usa", "United States"].iter().enumerate() {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    for (c, v) in [1.0, 60.0, 0.8].iter().enumerate() {
        ws.write_number(1, 2 + c as u16, *v).unwrap();
    }
    let is = wb.add_worksheet();
    is.set_name("issues").unwrap();
    for (c, h) in ["issue", "name", "low", "high", "scale min", "scale max"]
        .iter()
        .enumerate()
    {
        is.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["tariff", "Tariff", "none", "full"].iter().enumerate() {
        is.write_string(1, c as u16, *v).unwrap();
    }
    is.write_number(1, 4, 0.0).unwrap();
    is.write_number(1, 5, 100.0).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let ps = problems(xlsx::read("merged.xlsx", &bytes).unwrap_err());
    let p = one_containing(&ps, "merged");
    assert!(p.starts_with("sheet 'grid', cell D1:"), "{p}");
    assert!(p.contains("header cells D1:E1 are merged"), "{p}");
    assert!(
        p.contains("'tariff position'") || p.contains("unmerge"),
        "{p}"
    );
}

#[test]
fn a_missing_column_is_named_with_the_header_it_needs() {
    let s = flagship();
    let mut b = book(&s, Container::Xlsx);
    let col = column(&b, "grid", "ukraine_aid salience");
    set(
        &mut b,
        "grid",
        0,
        col,
        Cell::Text("ukraine_aid salinece".into()),
    );
    let bytes = xlsx::write_book(&b).unwrap();
    let ps = problems(xlsx::read("f.xlsx", &bytes).unwrap_err());
    let unknown = one_containing(&ps, "unknown column 'ukraine_aid salinece'");
    assert!(
        unknown.contains("did you mean 'ukraine_aid salience'?"),
        "{unknown}"
    );
    let missing = one_containing(&ps, "no 'ukraine_aid salience' column");
    assert!(missing.starts_with("sheet 'grid', row 1:"), "{missing}");

    // The CSV grid: the column dropped altogether.
    let mut b = book(&s, Container::Csv);
    let grid_sheet = b.sheets.iter_mut().find(|x| x.name == "grid").unwrap();
    for row in &mut grid_sheet.rows {
        row.cells.remove(col);
    }
    let text = grid::write_book(&b).unwrap();
    let ps = problems(grid::read("f.csv", &text).unwrap_err());
    let missing = one_containing(&ps, "no 'ukraine_aid salience' column");
    assert!(missing.starts_with("line 1 ([grid] section):"), "{missing}");
}

#[test]
fn a_position_that_is_not_a_number_is_located_at_its_cell() {
    let s = flagship();
    let mut b = book(&s, Container::Xlsx);
    let col = column(&b, "grid", "iran_nuclear position");
    set(&mut b, "grid", 2, col, Cell::Text("high".into()));
    let bytes = xlsx::write_book(&b).unwrap();
    let ps = problems(xlsx::read("f.xlsx", &bytes).unwrap_err());
    let letter = parley_scenario::sheet::column_letters(col as u32);
    let p = one_containing(&ps, "\"high\" is not a number");
    assert_eq!(
        p,
        format!(
            "sheet 'grid', cell {letter}3 (column 'iran_nuclear position'): \"high\" is not a \
             number; write a number on the issue's scale [0, 100]"
        )
    );
    // In the CSV grid, the same cell is line 3, column col + 1.
    let mut b = book(&s, Container::Csv);
    set(&mut b, "grid", 2, col, Cell::Text("high".into()));
    let text = grid::write_book(&b).unwrap();
    let ps = problems(grid::read("f.csv", &text).unwrap_err());
    let p = one_containing(&ps, "\"high\" is not a number");
    assert!(
        p.starts_with(&format!("line 3, column {} ([grid] section)", col + 1)),
        "{p}"
    );
}

#[test]
fn the_scenarios_own_checks_point_at_the_cell_holding_the_value() {
    let s = flagship();
    let mut b = book(&s, Container::Xlsx);
    let col = column(&b, "grid", "ukraine_aid salience");
    set(&mut b, "grid", 1, col, Cell::Number(80.0));
    let bytes = xlsx::write_book(&b).unwrap();
    let ps = problems(xlsx::read("f.xlsx", &bytes).unwrap_err());
    let letter = parley_scenario::sheet::column_letters(col as u32);
    let p = one_containing(&ps, "is outside [0, 1]");
    assert!(
        p.starts_with(&format!(
            "sheet 'grid', cell {letter}2 (column 'ukraine_aid salience')"
        )),
        "{p}"
    );
    // A question on an unknown issue, in the more sheet, is located at its TOML line's row.
    let mut b = book(&s, Container::Xlsx);
    let more = b.sheets.iter_mut().find(|x| x.name == "more").unwrap();
    let row = more
        .rows
        .iter_mut()
        .find(|r| matches!(r.cells.first(), Some(Cell::Text(t)) if t.starts_with("issues = [")))
        .unwrap();
    let number = row.number;
    row.cells[0] = Cell::Text("issues = [\"ukraine_aidd\"]".into());
    let bytes = xlsx::write_book(&b).unwrap();
    let ps = problems(xlsx::read("f.xlsx", &bytes).unwrap_err());
    let p = one_containing(&ps, "ukraine_aidd");
    assert!(
        p.starts_with(&format!("sheet 'more', cell A{number}")),
        "{p}"
    );
}

#[test]
fn bad_ranges_evidence_fields_and_sheets_are_reported() {
    let s = flagship();
    let mut b = book(&s, Container::Csv);
    let col = column(&b, "grid", "capability range");
    set(&mut b, "grid", 1, col, Cell::Text("1..2 lognormal".into()));
    let ev = b.sheets.iter_mut().find(|x| x.name == "evidence").unwrap();
    ev.rows.push(parley_scenario::sheet::Row {
        number: 0,
        cells: vec![
            Cell::Text("actor.nobody.capability".into()),
            Cell::Text("x".into()),
        ],
    });
    let text = grid::write_book(&b).unwrap();
    let ps = problems(grid::read("f.csv", &text).unwrap_err());
    let p = one_containing(&ps, "lognormal");
    assert!(
        p.contains("not a distribution (triangular, uniform, normal sd=SD)"),
        "{p}"
    );
    one_containing(&ps, "'actor.nobody.capability' names no value");

    let not_xlsx = xlsx::read("f.xlsx", b"actor,name\n").unwrap_err();
    assert!(
        matches!(not_xlsx, SheetError::Unreadable { .. }),
        "{not_xlsx}"
    );
    let mut b = book(&s, Container::Xlsx);
    b.sheets.retain(|x| x.name != "issues");
    let bytes = xlsx::write_book(&b).unwrap();
    let e = xlsx::read("f.xlsx", &bytes).unwrap_err().to_string();
    assert!(
        e.contains("no issues sheet (found: grid, evidence, more)"),
        "{e}"
    );
}

#[test]
fn a_more_sheet_without_its_header_is_reported_not_read_short() {
    let s = flagship();
    let mut b = book(&s, Container::Xlsx);
    let more = b.sheets.iter_mut().find(|x| x.name == "more").unwrap();
    more.rows.remove(0);
    let bytes = xlsx::write_book(&b).unwrap();
    let ps = problems(xlsx::read("f.xlsx", &bytes).unwrap_err());
    let p = one_containing(&ps, "header, 'toml'");
    assert!(p.starts_with("sheet 'more', cell A1"), "{p}");
}

#[test]
fn a_cell_in_a_column_without_a_header_is_reported_not_dropped() {
    // A value typed one column past the header (or under an empty header cell) would
    // otherwise be read by no column at all: the import said "nothing is dropped" and lost it.
    let s = flagship();
    for sheet in ["grid", "issues"] {
        let width = book(&s, Container::Csv)
            .sheets
            .iter()
            .find(|x| x.name == sheet)
            .unwrap()
            .rows[0]
            .cells
            .len();
        let mut b = book(&s, Container::Csv);
        set(&mut b, sheet, 1, width, Cell::Text("42".into()));
        let text = grid::write_book(&b).unwrap();
        let ps = problems(grid::read("f.csv", &text).unwrap_err());
        let p = one_containing(&ps, "no header");
        // The section's first data row: line 2 of the grid, the line after [issues]'s header.
        assert!(
            p.starts_with("line ")
                && p.contains(&format!(", column {} ([{sheet}] section)", width + 1)),
            "{p}"
        );
        if sheet == "grid" {
            assert!(p.starts_with("line 2,"), "{p}");
        }
        assert!(p.contains("\"42\""), "{p}");

        // Under an empty header cell inside the header's width, in a workbook.
        let mut b = book(&s, Container::Xlsx);
        set(&mut b, sheet, 0, width + 1, Cell::Text("note".into()));
        set(&mut b, sheet, 1, width, Cell::Number(7.0));
        let bytes = xlsx::write_book(&b).unwrap();
        let ps = problems(xlsx::read("f.xlsx", &bytes).unwrap_err());
        let letter = parley_scenario::sheet::column_letters(width as u32);
        let p = one_containing(&ps, "no header");
        assert!(
            p.starts_with(&format!("sheet '{sheet}', cell {letter}2")),
            "{p}"
        );
    }
}

#[test]
fn the_same_scenario_gives_the_same_workbook_bytes() {
    let s = flagship();
    let a = xlsx::write(&s).unwrap();
    // The creation time is fixed, not the time of writing: two writes a second apart would
    // otherwise differ in docProps/core.xml, so the test reads that part rather than waiting.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&a)).unwrap();
    let mut core = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core)
        .unwrap();
    assert!(
        core.contains(
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z</dcterms:created>"
        ),
        "{core}"
    );
    assert!(
        core.contains(
            "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z</dcterms:modified>"
        ),
        "{core}"
    );
    assert_eq!(a, xlsx::write(&s).unwrap());
}

/// Excel holds at most 32,767 characters a cell: a longer text is named (sheet, column, the
/// row's actor) with the way out, not left to the writer's bare "String exceeds Excel's limit".
#[test]
fn a_text_too_long_for_excel_is_named() {
    let mut s = flagship();
    let id = s.actors[1].id.clone();
    // A note: names are limited to 1,000 characters by validation, notes are not.
    s.actors[1].evidence.note = Some("x".repeat(40_000));
    let err = xlsx::write(&s).unwrap_err().to_string();
    assert!(
        err.contains("40000 characters") && err.contains(&id) && err.contains("--format csv"),
        "{err}"
    );
    // The CSV grid has no such limit and keeps the text whole.
    let back = through_grid(&s);
    assert_eq!(
        back.actors[1].evidence.note.as_deref().map(str::len),
        Some(40_000)
    );
}
