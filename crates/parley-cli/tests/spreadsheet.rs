//! `parley export` and `parley import` for spreadsheets (issue 18): the flagship and a KTAB
//! case go to xlsx and to a CSV grid and come back to a scenario whose forecasts and TOML
//! equal the original's; the format is known by extension or content; bad sheets are errors
//! with the cell named (exit 1), a missing format a usage error (exit 2).
#![allow(clippy::unwrap_used)]

mod common;

use common::{parley, repo_file, scratch_path, stderr, stdout};

const SUITE: &str = "spreadsheet";

fn path(name: &str) -> String {
    let p = scratch_path(SUITE, name);
    let _ = std::fs::remove_file(&p);
    p.display().to_string()
}

/// `import`'s TOML without its two comment lines (which name the file it came from).
fn body(toml: &str) -> String {
    toml.lines()
        .skip_while(|l| l.starts_with('#') || l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn export_then_import_gives_back_the_same_scenario_and_forecast() {
    for source in [
        repo_file("scenarios/grand-bargain-2025.toml"),
        repo_file("../shared/data/ktab/dummyData_3Dim.csv"),
    ] {
        // The reference: the KTAB case as `import` writes it; the flagship's TOML back from
        // xlsx must equal the one back from CSV (and both must run as the source does).
        let o = parley(&["import", &source]);
        let mut reference = o.status.success().then(|| stdout(&o));
        for ext in ["xlsx", "csv"] {
            let sheet = path(&format!("out.{ext}"));
            let o = parley(&["export", &source, "--format", ext, "-o", &sheet]);
            assert!(o.status.success(), "{}", stderr(&o));
            let back = path(&format!("back-{ext}.toml"));
            let o = parley(&["import", &sheet, "-o", &back]);
            assert!(o.status.success(), "{}", stderr(&o));
            let back_text = std::fs::read_to_string(&back).unwrap();
            match &reference {
                Some(r) => assert_eq!(body(&back_text), body(r), "{source} via {ext}"),
                None => reference = Some(back_text),
            }
            let run_source = stdout(&parley(&["run", &source, "--format", "json"]));
            let run_sheet = stdout(&parley(&["run", &sheet, "--format", "json"]));
            let run_back = stdout(&parley(&["run", &back, "--format", "json"]));
            assert!(run_source.len() > 100, "{run_source}");
            // The scenario's name is the same, so the whole JSON output is.
            assert_eq!(run_sheet, run_source, "run on the {ext} of {source}");
            assert_eq!(
                run_back, run_source,
                "run on the TOML back from {ext} of {source}"
            );
        }
    }
}

#[test]
fn the_format_comes_from_the_flag_or_the_extension_else_a_usage_error() {
    let o = parley(&["export"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("give --format xlsx or --format csv"),
        "{}",
        stderr(&o)
    );
    let csv = parley(&["export", "--format", "csv"]);
    assert!(csv.status.success());
    assert!(stdout(&csv).starts_with("actor,name,capability,"));
    let unknown = path("plain.txt");
    std::fs::write(&unknown, "just some text\n").unwrap();
    let o = parley(&["import", &unknown]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot tell the format"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_bad_grid_cell_is_named_with_its_line_and_column() {
    let grid = stdout(&parley(&["export", "--format", "csv"]));
    let mut lines: Vec<String> = grid.lines().map(str::to_owned).collect();
    // Line 2 is the first actor; its 5th field is the first issue's position.
    let mut fields: Vec<String> = lines[1].split(',').map(str::to_owned).collect();
    assert_eq!(
        lines[0].split(',').nth(4),
        Some("iran_nuclear position"),
        "{}",
        lines[0]
    );
    fields[4] = "seventy".into();
    lines[1] = fields.join(",");
    let bad = path("bad.csv");
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let o = parley(&["import", &bad]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(
            "line 2, column 5 ([grid] section) (column 'iran_nuclear position'): \"seventy\" is \
             not a number; write a number on the issue's scale [0, 100]"
        ),
        "{err}"
    );
    let o = parley(&["run", &bad]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("\"seventy\" is not a number"));
}
