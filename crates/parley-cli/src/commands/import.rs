//! `parley import`: another tool's scenario file or a spreadsheet as Parley's TOML.

use std::path::PathBuf;

use clap::ValueEnum;
use parley_report::text::count;
use parley_scenario::Format;

use crate::cli::{Failure, eum, input, load_failure, output, smp};
use crate::commands::export as spreadsheet;

/// Arguments of `parley import`.
#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// The source format; default: xlsx by extension, else told by content (a CSV grid,
    /// decide rows, KTAB CSV or XML, a BDM table), else JSON by extension.
    #[arg(long, value_enum)]
    from: Option<ImportFormat>,
    /// The file to convert.
    file: PathBuf,
    #[command(flatten)]
    output: output::OutputArgs,
    #[command(flatten)]
    bdm: eum::BdmArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ImportFormat {
    /// decide-exchange-model rows (#A, #P, #M, #D).
    Decide,
    /// Bueno de Mesquita's actor table (Actor,Capability,Position,Salience), one issue.
    Bdm,
    /// Parley's own JSON.
    Json,
    /// KTAB's SMP scenarios (CSV or XML, told apart by content).
    Ktab,
    /// An xlsx workbook as `parley export` writes it (sheets grid, issues, evidence, more).
    Xlsx,
    /// A CSV grid as `parley export --format csv` writes it (actors x issues, then sections).
    Grid,
}

/// Examples of `parley import`.
pub(crate) const EXAMPLES: &str = "\
Examples:
  parley import gb.xlsx -o back.toml              a workbook from `parley export`
  parley import grid.csv -o back.toml             a CSV grid (format told by content)
  parley import dummyData_3Dim.csv                a KTAB CSV scenario, printed
  parley import --from bdm --issue-id tax table.csv  a BDM actor table
  parley import --salience-scale 1 table.csv      a BDM table whose saliences are on 0-1";

/// Runs `parley import`.
pub(crate) fn exec(args: &ImportArgs) -> Result<(), Failure> {
    import(args.from, &args.file, &args.output, &args.bdm)
}

fn import(
    from: Option<ImportFormat>,
    file: &std::path::Path,
    output: &output::OutputArgs,
    bdm: &eum::BdmArgs,
) -> Result<(), Failure> {
    let salience = bdm.salience();
    let bdm_flags = bdm.given() || salience.is_some();
    let name = if input::is_stdin(file) {
        "<stdin>".to_owned()
    } else {
        file.display().to_string()
    };
    if bdm.given() && from.is_some_and(|f| f != ImportFormat::Bdm) {
        return Err(Failure::usage(
            "error: --issue-id and --issue-scale apply to --from bdm",
        ));
    }
    output.check(&[file])?;
    let bytes = input::read_bytes(file)?;
    let xlsx = spreadsheet::is_xlsx_path(file) || spreadsheet::is_zip(&bytes);
    let (from, text) = match from {
        Some(ImportFormat::Xlsx) => (ImportFormat::Xlsx, String::new()),
        None if xlsx => (ImportFormat::Xlsx, String::new()),
        Some(f) => (f, input::decode(file, bytes.clone())?),
        None => {
            let text = input::decode(file, bytes.clone())?;
            // Without this, the BDM flags made a Parley file read as a BDM table, refused
            // for an "unknown or repeated column '[scenario]'".
            if bdm_flags && is_parley_toml(&text) {
                return Err(Failure::usage(format!(
                    "error: --issue-id, --issue-scale and --salience-scale are for BDM actor \
                     tables (--from bdm), \
                     and {name} is a Parley TOML scenario, which needs no import (run, validate \
                     and export read it as it is)"
                )));
            }
            let from = guess_import(file, &text, bdm_flags).ok_or_else(|| {
                Failure::usage(format!(
                    "error: cannot tell the format of {name}; give --from decide, bdm, json, \
                     ktab, xlsx or grid"
                ))
            })?;
            (from, text)
        }
    };
    // Checked on the format found, not only a --from: an xlsx or grid has no BDM column.
    if salience.is_some() && from != ImportFormat::Bdm {
        return Err(Failure::usage(
            "error: --salience-scale applies to BDM actor tables (--from bdm)",
        ));
    }
    let (format, what, notes) = match from {
        ImportFormat::Decide => (
            Format::Decide,
            "decide-exchange-model rows",
            "each actor's power becomes its capability; #A and #P names become names and \
             their descriptions notes; #M bounds become the issue's scale (0-100 without \
             them); nothing else is dropped",
        ),
        ImportFormat::Bdm => (
            Format::Bdm,
            "a BDM actor table",
            "one issue, named after the file unless --issue-id; each row's capability, position and \
             salience; the issue's note says how salience and the scale were read; nothing is dropped",
        ),
        ImportFormat::Json => (Format::Json, "Parley JSON", "nothing is dropped"),
        ImportFormat::Ktab => smp::import_format(&text),
        ImportFormat::Xlsx => (
            Format::Toml,
            "an xlsx workbook",
            "every sheet read (grid, issues, evidence, more); nothing is dropped",
        ),
        ImportFormat::Grid => (
            Format::Toml,
            "a CSV grid",
            "every section read (grid, issues, evidence, more); nothing is dropped",
        ),
    };
    let scenario = match from {
        ImportFormat::Bdm => {
            let options = bdm.options(&name).map_err(Failure::usage)?;
            parley_scenario::bdm::load(&name, &text, &options).map_err(load_failure)?
        }
        ImportFormat::Xlsx => spreadsheet::read_xlsx(&name, &bytes)?,
        ImportFormat::Grid => spreadsheet::read_grid(&name, &text)?,
        _ => parley_scenario::read_str(&name, &text, format).map_err(load_failure)?,
    };
    let toml = format!(
        "# Imported by `parley import --from {}` from {name} ({what}).\n# {notes}.\n\n{}",
        from.to_possible_value()
            .map_or("?".into(), |v| v.get_name().to_owned()),
        parley_scenario::write::to_toml(&scenario)
    );
    eprintln!(
        "imported {} and {} from {name}; {notes}",
        count(scenario.actors.len(), "actor"),
        count(scenario.issues.len(), "issue")
    );
    output.emit(toml.as_bytes(), &output::size(toml.len()), &[file])
}

/// Whether `text` is a Parley TOML scenario: a `[scenario]` table header on a line of its own.
fn is_parley_toml(text: &str) -> bool {
    text.lines().any(|l| l.trim() == "[scenario]")
}

/// The import format of `text` (read from `file`) when `--from` is not given: by content,
/// then JSON by extension. None for Parley TOML or anything unrecognised.
fn guess_import(file: &std::path::Path, text: &str, bdm_flags: bool) -> Option<ImportFormat> {
    if parley_scenario::sheet::grid::looks_like(text) {
        return Some(ImportFormat::Grid);
    }
    match Format::detect(file, text) {
        Format::Decide => Some(ImportFormat::Decide),
        Format::KtabCsv | Format::KtabXml => Some(ImportFormat::Ktab),
        Format::Bdm => Some(ImportFormat::Bdm),
        Format::Json => Some(ImportFormat::Json),
        Format::Toml if bdm_flags => Some(ImportFormat::Bdm),
        Format::Toml => None,
    }
}
