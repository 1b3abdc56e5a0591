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
    let base = crate::cli::load(args.file.as_ref())?;
    let defined = base.what_ifs.len();
    let mut scenario = args.variant.apply(base)?;
    if !args.variant.is_empty() {
        // A workbook is passed around: it must say it is a variant, not pass for the base.
        let label = args.variant.label();
        mark_variant(&mut scenario, &label);
        eprintln!("{}", variant_note(&label, defined));
    }
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
    if let Some(lost) = lost_comments(args.file.as_deref()) {
        eprintln!("{lost}");
    }
    args.output.emit(&bytes, &what, &inputs)
}

/// Names the variant in the exported scenario's own note, where it travels with the workbook.
fn mark_variant(scenario: &mut parley_core::Scenario, label: &str) {
    let line = format!("Variant of '{}': {label}.", scenario.meta.name);
    scenario.meta.note = Some(match scenario.meta.note.take() {
        Some(note) if !note.trim().is_empty() => format!("{line} {note}"),
        _ => line,
    });
}

/// What an exported variant keeps and loses, said on standard error.
fn variant_note(label: &str, defined: usize) -> String {
    let mut note = format!(
        "note: this is a variant ({label}): the file holds the edited numbers as its base, and \
         its note says so"
    );
    if defined > 0 {
        note.push_str(&format!(
            "; the scenario's {} {} not exported (they were written for the unedited numbers)",
            parley_report::text::count(defined, "what-if"),
            if defined == 1 { "is" } else { "are" }
        ));
    }
    note
}

/// What a spreadsheet cannot carry of a TOML file: its comments (evidence, the news reader's
/// quoted sentences, the analyst's reasons). Said at export, since `import` never sees them.
fn lost_comments(file: Option<&Path>) -> Option<String> {
    let (name, text) = match file {
        None => (
            "the embedded flagship".to_owned(),
            crate::cli::embedded::TEXT.to_owned(),
        ),
        Some(p) if p.as_os_str() == "-" => return None,
        Some(p) => (p.display().to_string(), std::fs::read_to_string(p).ok()?),
    };
    let n = comment_lines(&text);
    (n > 0).then(|| {
        format!(
            "note: {} of {name} {} not carried into the spreadsheet (a workbook has no \
             comments); put what must travel with it in `note` fields, which are kept",
            parley_report::text::count(n, "comment line"),
            if n == 1 { "is" } else { "are" }
        )
    })
}

/// Lines of TOML text that hold a comment: a `#` outside a quoted string. Multi-line strings
/// are followed across lines; an unterminated quote ends at its line, as TOML's own strings do.
fn comment_lines(text: &str) -> usize {
    let mut count = 0;
    let mut multi: Option<&str> = None;
    for line in text.lines() {
        let mut rest = line;
        loop {
            if let Some(close) = multi {
                match rest.find(close) {
                    Some(k) => {
                        rest = &rest[k + close.len()..];
                        multi = None;
                    }
                    None => break,
                }
            }
            let Some(k) = rest.find(['#', '"', '\'']) else {
                break;
            };
            let tail = &rest[k..];
            if tail.starts_with('#') {
                count += 1;
                break;
            }
            let quote = if tail.starts_with("\"\"\"") {
                "\"\"\""
            } else if tail.starts_with("'''") {
                "'''"
            } else {
                &tail[..1]
            };
            let body = &tail[quote.len()..];
            if quote.len() == 3 {
                multi = Some(quote);
                rest = body;
                continue;
            }
            match closing(body, quote == "\"") {
                Some(end) => rest = &body[end + 1..],
                None => break,
            }
        }
    }
    count
}

/// The byte index of the quote closing a one-line string, skipping escapes in basic strings.
fn closing(body: &str, basic: bool) -> Option<usize> {
    let quote = if basic { '"' } else { '\'' };
    let mut escaped = false;
    for (k, c) in body.char_indices() {
        if escaped {
            escaped = false;
        } else if basic && c == '\\' {
            escaped = true;
        } else if c == quote {
            return Some(k);
        }
    }
    None
}

#[cfg(test)]
mod comment_tests {
    use super::comment_lines;

    /// Whole-line and trailing comments count once per line; a `#` inside any kind of string
    /// does not, including a multi-line string across lines and an escaped quote.
    #[test]
    fn comments_are_counted_outside_strings_only() {
        let text = "# a comment\n\
            name = \"No #1 here\" # but one here\n\
            x = 'lit # eral'\n\
            y = \"esc \\\" # still inside\"\n\
            note = \"\"\"\n\
            # inside a multi-line string\n\
            \"\"\" # after it\n\
            z = 3\n";
        assert_eq!(comment_lines(text), 3);
        assert_eq!(comment_lines("a = 1\nb = \"#\"\n"), 0);
    }
}
