//! # parley-scenario
//!
//! Reads Parley scenario files (TOML, or JSON with the same structure) into
//! [`parley_core::Scenario`]. Every problem, structural (unknown key, wrong type, missing key)
//! or semantic (a position off its scale, a salience above 1, an unknown issue id), comes back
//! as a [`Diagnostic`] with file line and column, the offending value and what would be valid,
//! all of them at once rather than only the first. The format is documented in
//! `docs/scenario-format.md`.

pub mod bdm;
pub mod calibration;
pub mod decide;
pub mod deu;
pub mod diagnostic;
pub mod json;
mod json_tree;
pub mod ktab;
pub mod merge;
pub mod reader;
pub mod sheet;
mod toml_tree;
pub mod tree;
pub mod write;

use std::path::Path;

pub use diagnostic::{Diagnostic, FormatProblem, LineIndex, LoadError};
use parley_core::Scenario;
use parley_core::text::shown;

/// The two file syntaxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML, Parley's own.
    Toml,
    /// JSON with the same structure.
    Json,
    /// The decide-exchange-model input format (`#A`, `#P`, `#M`, `#D` rows).
    Decide,
    /// KTAB's CSV scenario format.
    KtabCsv,
    /// KTAB's XML scenario format.
    KtabXml,
    /// Bueno de Mesquita's actor table (`Actor,Capability,Position,Salience`), one issue.
    Bdm,
}

impl Format {
    /// JSON for `.json` files, TOML otherwise.
    pub fn from_path(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Toml,
        }
    }

    /// The format of `text` read from `path`: decide's row format when the first meaningful
    /// line is a decide row (`#A`, `'#A'`, `#P`, `#/`, ...), a BDM table when it is a BDM
    /// header, else by extension.
    pub fn detect(path: &Path, text: &str) -> Self {
        if decide::looks_like(text) {
            Format::Decide
        } else if ktab::xml::looks_like(text) {
            Format::KtabXml
        } else if ktab::csv::looks_like(text) {
            Format::KtabCsv
        } else if bdm::looks_like(text) {
            Format::Bdm
        } else {
            Format::from_path(path)
        }
    }
}

/// Reads and validates a scenario file.
pub fn read_file(path: &Path) -> Result<Scenario, LoadError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: name.clone(),
        source,
    })?;
    let text = strip_bom(&text);
    read_str(&name, text, Format::detect(path, text))
}

/// `text` without a leading UTF-8 byte-order mark (which some Windows editors write). It is
/// not part of the content: TOML and JSON parsers would reject it as a stray character, and
/// lines and columns are counted as an editor shows them, without it.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Reads and validates scenario text; `file` names it in diagnostics (and a BDM table's
/// issue and scenario, by its stem). A leading byte-order mark is ignored.
pub fn read_str(file: &str, text: &str, format: Format) -> Result<Scenario, LoadError> {
    let text = strip_bom(text);
    if format == Format::Bdm {
        return bdm::load(file, text, &bdm::Options::for_file(file));
    }
    let diagnostics = match parse_and_check(text, format) {
        Ok(mut scenario) => {
            // Table formats may not name the scenario: use the file's name.
            let unnamed = match format {
                Format::Decide => scenario.meta.name == decide::DEFAULT_NAME,
                Format::KtabCsv | Format::KtabXml => scenario.meta.name == ktab::DEFAULT_NAME,
                Format::Toml | Format::Json | Format::Bdm => false,
            };
            if unnamed {
                let stem = Path::new(file).file_stem().and_then(|s| s.to_str());
                if let Some(stem) = stem.filter(|s| !s.trim().is_empty()) {
                    scenario.meta.name = stem.to_owned();
                }
            }
            return Ok(scenario);
        }
        Err(d) => d,
    };
    Err(LoadError::Invalid {
        file: file.to_owned(),
        diagnostics,
    })
}

/// Parses, reads and validates; on failure returns every problem, in file order.
pub fn parse_and_check(text: &str, format: Format) -> Result<Scenario, Vec<Diagnostic>> {
    let lines = LineIndex::new(text);
    if text.trim().is_empty() && format != Format::Bdm {
        // One problem, not the missing [scenario], [[issue]] and [[actor]] of an empty TOML
        // document (advice for one format, whatever the file was meant to be).
        let message = "the file is empty; a scenario needs a name, at least one issue and one \
                       actor (docs/scenario-format.md; `parley import` reads KTAB, decide, BDM \
                       and spreadsheet files)";
        return Err(vec![locate(
            &lines,
            "empty-file",
            message.into(),
            None,
            0..0,
        )]);
    }
    let parsed = match format {
        Format::Toml => toml_tree::parse(text),
        Format::Json => json_tree::parse(text),
        Format::Decide => {
            let (scenario, reader) = decide::read(text);
            return check(&lines, scenario, &reader);
        }
        Format::KtabCsv => {
            let (scenario, reader) = ktab::csv::read(text);
            return check(&lines, scenario, &reader);
        }
        Format::KtabXml => {
            let (scenario, reader) = ktab::xml::read(text);
            return check(&lines, scenario, &reader);
        }
        Format::Bdm => return bdm::parse_and_check(text, &bdm::Options::default()),
    };
    let root = parsed.map_err(|errors| {
        errors
            .into_iter()
            .map(|e| {
                let p = FormatProblem::Syntax(e.message);
                locate(&lines, p.code(), p.to_string(), None, e.span)
            })
            .collect::<Vec<_>>()
    })?;
    let (scenario, reader) = reader::read(&root);
    check(&lines, scenario, &reader)
}

/// A diagnostic at `span`.
fn locate(
    lines: &LineIndex<'_>,
    code: &'static str,
    message: String,
    path: Option<String>,
    span: std::ops::Range<usize>,
) -> Diagnostic {
    let (line, column, line_text) = lines.locate(span.start);
    // Messages and paths quote ids and keys as the file wrote them.
    Diagnostic {
        code,
        message: shown(&message).into_owned(),
        path: path.map(|p| shown(&p).into_owned()),
        span,
        line,
        column,
        line_text,
    }
}

/// Structural problems found by a reader plus the core's semantic ones, located; or the
/// scenario when there are none.
pub(crate) fn check(
    lines: &LineIndex<'_>,
    scenario: Scenario,
    reader: &reader::Reader,
) -> Result<Scenario, Vec<Diagnostic>> {
    let mut out: Vec<Diagnostic> = reader
        .found
        .iter()
        .map(|f| {
            let field = !f.path.is_empty() && f.path != reader::NO_FIELD;
            let path = field.then(|| f.path.clone());
            locate(
                lines,
                f.problem.code(),
                f.problem.to_string(),
                path,
                f.span.clone(),
            )
        })
        .collect();
    let reported: Vec<&str> = reader
        .found
        .iter()
        .map(|f| f.path.as_str())
        .chain(reader.explained.iter().map(String::as_str))
        .collect();
    // A root that is not a table leaves nothing to judge.
    let root_unreadable = reported.iter().any(|r| r.is_empty());
    let semantic = if root_unreadable {
        Vec::new()
    } else {
        scenario.validate()
    };
    for p in semantic {
        // A field already reported as missing or mistyped holds a placeholder, and a field
        // with a structural problem inside is not judged as a whole: skip such echoes.
        if reported
            .iter()
            .any(|r| covers(r, &p.path) || covers(&p.path, r))
        {
            continue;
        }
        let span = span_of(&reader.spans, &p.path);
        let message = match lines.slice(&span).and_then(beyond_f64) {
            Some(note) => match &p.kind {
                parley_core::validate::ProblemKind::NotFinite { what, .. } => {
                    format!("{what} is {note}; a finite number is required")
                }
                kind => format!("{kind} ({note})"),
            },
            None => p.kind.to_string(),
        };
        out.push(locate(lines, p.kind.code(), message, Some(p.path), span));
    }
    if out.is_empty() {
        return Ok(scenario);
    }
    out.sort_by_key(|d| d.span.start);
    Err(out)
}

/// What a number literal beyond f64 became, said with the text as written: `1e400` is read as
/// infinity and `1e-400` as 0, and a message quoting "inf" or "0" names a number the user
/// never wrote (sweep3 item 19). None for any other text.
fn beyond_f64(written: &str) -> Option<String> {
    let t = written.trim();
    let digits = t.replace('_', "");
    let numeric = digits.chars().any(|c| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'));
    if !numeric {
        return None;
    }
    let x: f64 = digits.parse().ok()?;
    let mantissa = digits.split(['e', 'E']).next().unwrap_or("");
    if x.is_infinite() {
        Some(format!(
            "{t}, beyond the largest number Parley can hold (about 1.8e308)"
        ))
    } else if x == 0.0 && mantissa.chars().any(|c| matches!(c, '1'..='9')) {
        Some(format!(
            "{t} is below the smallest number Parley can hold, about 2.2e-308, and was read as 0"
        ))
    } else {
        None
    }
}

/// True when `path` is `prefix` or lies inside it.
fn covers(prefix: &str, path: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// The span of `path`, or of its nearest ancestor that was read.
fn span_of(
    spans: &std::collections::HashMap<String, std::ops::Range<usize>>,
    path: &str,
) -> std::ops::Range<usize> {
    let mut p = path;
    loop {
        if let Some(span) = spans.get(p) {
            return span.clone();
        }
        match p.rfind(['.', '[']) {
            Some(cut) => p = &p[..cut],
            None => return 0..0,
        }
    }
}
