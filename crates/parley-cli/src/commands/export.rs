//! `parley export` (a scenario as an xlsx workbook or a CSV grid) and the spreadsheet side of
//! `parley import` and of every command that reads a scenario: an `.xlsx` file (or any input
//! that is a zip archive) is read as a workbook, a CSV whose header starts `actor,` and has
//! `ISSUE position` columns as a CSV grid. The layout is `parley_scenario::sheet`'s, documented
//! in `docs/spreadsheets.md`.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use parley_core::Scenario;
use parley_scenario::sheet::{SheetError, grid, xlsx};

use crate::cli::{Failure, edits, output};

const EXAMPLES: &str = "\
Examples:
  parley export scenarios/grand-bargain-2025.toml -o gb.xlsx     format by extension
  parley export my.toml --format csv > my-grid.csv
  parley export --what-if us_stops_aid -o variant.xlsx            the flagship with a what-if
  parley import gb.xlsx -o back.toml                               and back (exactly)";

/// `parley export`'s arguments.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct ExportArgs {
    /// Scenario file (`-`: standard input); default: the embedded flagship scenario.
    pub file: Option<PathBuf>,
    /// The spreadsheet format; default: by the -o file's extension (.xlsx, .csv).
    #[arg(long, short, value_enum)]
    pub format: Option<SheetFormat>,
    #[command(flatten)]
    pub variant: edits::VariantArgs,
    #[command(flatten)]
    pub output: output::OutputArgs,
}

/// The spreadsheet formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SheetFormat {
    /// An xlsx workbook: sheets grid, issues, evidence, more.
    Xlsx,
    /// A flat CSV grid: actors x issues, then [issues], [evidence] and [more] sections.
    Csv,
}

/// True when `path` names an xlsx file.
pub(crate) fn is_xlsx_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// True when `bytes` start like a zip archive (an xlsx workbook is one).
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// A spreadsheet error for a person (exit code 1).
pub(crate) fn failure(e: &SheetError) -> Failure {
    Failure::input(format!("error: {e}"))
}

/// Reads an xlsx workbook as a scenario.
pub(crate) fn read_xlsx(name: &str, bytes: &[u8]) -> Result<Scenario, Failure> {
    xlsx::read(name, bytes).map_err(|e| failure(&e))
}

/// Reads a CSV grid as a scenario.
pub(crate) fn read_grid(name: &str, text: &str) -> Result<Scenario, Failure> {
    grid::read(name, text).map_err(|e| failure(&e))
}

/// `parley export`.
pub(crate) fn exec(args: &ExportArgs) -> Result<(), Failure> {
    let format = match (args.format, &args.output.output) {
        (Some(f), _) => f,
        (None, Some(out)) if is_xlsx_path(out) => SheetFormat::Xlsx,
        (None, Some(out))
            if out
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("csv")) =>
        {
            SheetFormat::Csv
        }
        _ => {
            return Err(Failure::usage(
                "error: give --format xlsx or --format csv (or -o FILE ending in .xlsx or .csv)",
            ));
        }
    };
    if format == SheetFormat::Xlsx
        && args.output.output.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        return Err(Failure::usage(
            "error: an xlsx workbook is binary; write it with -o FILE.xlsx or redirect standard \
             output to a file",
        ));
    }
    let inputs: Vec<&Path> = args.file.iter().map(PathBuf::as_path).collect();
    args.output.check(&inputs)?;
    let scenario = args.variant.apply(crate::cli::load(args.file.as_ref())?)?;
    let (bytes, what) = match format {
        SheetFormat::Xlsx => {
            let b = xlsx::write(&scenario).map_err(|e| failure(&e))?;
            let n = b.len();
            (b, format!("xlsx workbook, {}", output::size(n)))
        }
        SheetFormat::Csv => {
            let t = grid::write(&scenario).map_err(|e| failure(&e))?;
            let n = t.len();
            (t.into_bytes(), format!("CSV grid, {}", output::size(n)))
        }
    };
    eprintln!(
        "exported {} and {} of {}",
        parley_report::text::count(scenario.actors.len(), "actor"),
        parley_report::text::count(scenario.issues.len(), "issue"),
        scenario.meta.name
    );
    args.output.emit(&bytes, &what, &inputs)
}
