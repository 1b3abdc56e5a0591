//! `parley validate`: check scenario files and list every problem.

use std::path::PathBuf;

use clap::ValueEnum;
use parley_report::text::count;

use crate::cli::{Failure, emit, input, json};

/// Arguments of `parley validate`.
#[derive(Debug, clap::Args)]
pub(crate) struct ValidateArgs {
    /// Scenario files (any format `run` reads: TOML, JSON, decide, KTAB, BDM, xlsx, CSV
    /// grid; `-`: standard input).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Output format: table (every problem rendered, on stderr when there are any) or
    /// json (one object per file on stdout, for editors and CI; see docs/json-output.md).
    #[arg(long, short, value_enum, default_value_t = ValidateFormat::Table)]
    format: ValidateFormat,
}

/// Examples of `parley validate`.
pub(crate) const EXAMPLES: &str = "\
Examples:
  parley validate my.toml                     every problem at once, with line and column
  parley validate a.toml b.xlsx grid.csv      several files, any format
  parley validate my.toml --format json       for editors and CI (exit code 1 on problems)";

/// `validate`'s output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ValidateFormat {
    /// Rendered diagnostics.
    Table,
    /// One JSON object per file.
    Json,
}

/// Runs `parley validate`.
pub(crate) fn exec(args: &ValidateArgs) -> Result<(), Failure> {
    match args.format {
        ValidateFormat::Table => validate(&args.files),
        ValidateFormat::Json => validate_json(&args.files),
    }
}

fn validate(files: &[PathBuf]) -> Result<(), Failure> {
    let mut report = String::new();
    let mut failed = false;
    for path in files {
        match input::scenario(path) {
            Ok(s) => {
                let warnings = parley_core::warnings::warnings(&s);
                let noted = match warnings.len() {
                    0 => String::new(),
                    n => format!(", {}", count(n, "warning")),
                };
                report.push_str(&format!(
                    "{}: ok ({}, {}){noted}\n",
                    path.display(),
                    count(s.actors.len(), "actor"),
                    count(s.issues.len(), "issue")
                ));
                for w in &warnings {
                    report.push_str(&format!(
                        "  warning[{}]: {}\n    = field: {}\n",
                        w.kind.code(),
                        w.kind,
                        w.path
                    ));
                }
            }
            Err(f) => {
                failed = true;
                report.push_str(&f.message);
                if !f.message.ends_with('\n') {
                    report.push('\n');
                }
            }
        }
    }
    if failed {
        Err(Failure::input(report))
    } else {
        emit(&report)
    }
}

/// `validate --format json`: `{"files": [{"file", "ok", "actors", "issues"} or {"file", "ok":
/// false, "problems": [{"code", "message", "path", "line", "column"} or {"code": "sheet",
/// "message", "sheet", "row", "column"}]}]}` on stdout; exit code 1 when any file has a
/// problem.
fn validate_json(files: &[PathBuf]) -> Result<(), Failure> {
    use serde_json::{Value, json};
    let mut out = Vec::new();
    let mut failed = false;
    for path in files {
        let file = path.display().to_string();
        let entry = match input::scenario_detailed(path) {
            Ok(s) => {
                let warnings: Vec<Value> = parley_core::warnings::warnings(&s)
                    .iter()
                    .map(|w| json!({"code": w.kind.code(), "message": w.kind.to_string(), "path": w.path}))
                    .collect();
                json!({
                    "file": file,
                    "ok": true,
                    "actors": s.actors.len(),
                    "issues": s.issues.len(),
                    "warnings": warnings,
                })
            }
            Err(e) => {
                failed = true;
                let problems: Vec<Value> = match e {
                    input::InputError::Read(f) => vec![json!({
                        "code": "unreadable",
                        "message": f.message.trim_start_matches("error: ").trim_end(),
                    })],
                    input::InputError::Load(parley_scenario::LoadError::Io { source, .. }) => {
                        vec![json!({"code": "unreadable", "message": source.to_string()})]
                    }
                    input::InputError::Load(parley_scenario::LoadError::Invalid {
                        diagnostics,
                        ..
                    }) => diagnostics
                        .iter()
                        .map(|d| {
                            json!({
                                "code": d.code,
                                "message": d.message,
                                "path": d.path,
                                "line": d.line,
                                "column": d.column,
                            })
                        })
                        .collect(),
                    input::InputError::Sheet(parley_scenario::sheet::SheetError::Invalid {
                        problems,
                        ..
                    }) => problems
                        .iter()
                        .map(|p| {
                            json!({
                                "code": "sheet",
                                "message": p.message,
                                "sheet": p.place.sheet,
                                "row": p.place.row,
                                "column": p.place.column.map(parley_scenario::sheet::column_letters),
                                "header": p.place.header,
                            })
                        })
                        .collect(),
                    input::InputError::Sheet(other) => {
                        vec![json!({"code": "unreadable", "message": other.to_string()})]
                    }
                };
                json!({"file": file, "ok": false, "problems": problems})
            }
        };
        out.push(entry);
    }
    let text = json(&json!({ "files": out }))?;
    emit(&text)?;
    if failed {
        // The JSON says what; the exit code says that something is wrong.
        Err(Failure::input(""))
    } else {
        Ok(())
    }
}
