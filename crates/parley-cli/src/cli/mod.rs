//! What the subcommands share: the failure type and its exit codes, output formats and
//! writing to stdout, loading a scenario (or the embedded flagship), choosing models, and the
//! argument groups flattened into several commands (variants, model options, `--yes`, `-o`).

pub(crate) mod confirm;
pub(crate) mod diagnostics;
pub(crate) mod edits;
pub(crate) mod embedded;
pub(crate) mod eum;
pub(crate) mod help;
pub(crate) mod input;
pub(crate) mod output;
pub(crate) mod progress;
pub(crate) mod scenario;
pub(crate) mod smp;

pub(crate) use scenario::ScenarioArgs;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::ValueEnum;
use parley_core::{Model, Scenario, models};
use parley_scenario::{Format, LoadError};

/// The output formats of the commands that print a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    Table,
    Json,
    Csv,
}

/// A failure to report on stderr, with its exit code (docs/errors.md).
#[derive(Debug)]
pub(crate) struct Failure {
    /// The message, rendered.
    pub message: String,
    /// The exit code.
    pub code: u8,
}

impl Failure {
    /// Bad input: exit code 1.
    pub fn input(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: 1,
        }
    }

    /// Help asked for in an option's value (`--smp help`): not a failure, but it ends the
    /// command before any work; printed on stdout, exit code 0.
    pub fn help(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: 0,
        }
    }

    /// Bad usage: exit code 2.
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: 2,
        }
    }
}

/// When to colour: the global `--color` (alias `--colour`), for the highlighted article
/// and the diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Colour {
    /// When writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The global `--color` choice, set once at start.
pub(crate) static COLOUR: std::sync::OnceLock<Colour> = std::sync::OnceLock::new();

/// Whether to colour output going to a stream that is (`terminal`) or is not a terminal.
pub(crate) fn colour_on(terminal: bool) -> bool {
    match COLOUR.get().copied().unwrap_or(Colour::Auto) {
        Colour::Always => true,
        Colour::Never => false,
        Colour::Auto => terminal && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// Whether to colour what goes to stderr.
pub(crate) fn colour_stderr() -> bool {
    colour_on(std::io::stderr().is_terminal())
}

/// Renders a load error for a person.
pub(crate) fn load_failure(err: LoadError) -> Failure {
    match err {
        LoadError::Io { .. } => Failure::input(format!("error: {err}")),
        LoadError::Invalid { file, diagnostics } => {
            let style = diagnostics::Style {
                colour: colour_stderr(),
            };
            Failure::input(diagnostics::render(&file, &diagnostics, style))
        }
    }
}

/// The scenario in `file` (`-`: standard input), or the embedded flagship without one.
pub(crate) fn load(file: Option<&PathBuf>) -> Result<Scenario, Failure> {
    match file {
        Some(path) => input::scenario(path),
        None => parley_scenario::read_str(embedded::NAME, embedded::TEXT, Format::Toml)
            .map_err(load_failure),
    }
}

/// The models named (`all`: every model), each once, in the order given.
pub(crate) fn select_models(names: &[String]) -> Result<Vec<Box<dyn Model>>, Failure> {
    if names.iter().any(|n| n == "all") {
        return Ok(models::all());
    }
    let mut chosen: Vec<Box<dyn Model>> = Vec::new();
    for name in names {
        let model = models::by_id(name).ok_or_else(|| {
            let known: Vec<&str> = models::listed().iter().map(|m| m.info().id).collect();
            Failure::usage(format!(
                "error: unknown model '{name}'; available: {}, all",
                known.join(", ")
            ))
        })?;
        if !chosen.iter().any(|m| m.info().id == model.info().id) {
            chosen.push(model);
        }
    }
    Ok(chosen)
}

/// `value` as pretty JSON with a final newline.
pub(crate) fn json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    parley_scenario::json::pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| Failure::input(format!("error: cannot encode JSON: {e}")))
}

/// `text` under the variant's one-line label (`VariantArgs::label`), or unchanged when none is
/// applied: a table or text of a variant says so on its first line.
pub(crate) fn with_label(label: &str, text: String) -> String {
    if label.is_empty() {
        text
    } else {
        format!("{label}\n{text}")
    }
}

/// One `Note: ...` line per note of the scenario (what its what-ifs or edits did beyond its
/// numbers, such as a mediation that lapsed); empty without notes. JSON outputs carry the
/// same notes as `notes`.
pub(crate) fn scenario_notes(s: &parley_core::Scenario) -> String {
    parley_report::text::note_lines(&s.notes, None)
}

/// What `mc` and `sensitivity` say instead of tables of identical runs when no number of the
/// scenario has a range (every draft from `parley extract` starts so); `None` when one has.
pub(crate) fn no_ranges(s: &parley_core::Scenario) -> Option<String> {
    parley_core::uncertainty::sample::Sampler::new(s)
        .is_empty()
        .then(|| {
            format!(
                "{}: no number has a range (low, high), so the coding adds no uncertainty (only \
                 each model's measured error does) and no input can move a forecast. Give a \
                 range to the numbers you are unsure of, e.g. \
                 position = {{ value = 40, low = 30, high = 55 }} (docs/scenario-format.md), or \
                 try one change at a time with --set.\n",
                s.meta.name
            )
        })
}

/// [`json`] written to stdout as it is made, instead of as one string first: the document of
/// a 1,000-actor run is tens of megabytes, and a string grown to that size by doubling costs
/// more page faults than writing it. A closed pipe is not an error, as in [`emit`].
pub(crate) fn emit_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = parley_scenario::json::to_writer_pretty(&mut out, value);
    let closed = |kind: std::io::ErrorKind| kind == std::io::ErrorKind::BrokenPipe;
    match written {
        Err(e) if e.io_error_kind().is_some_and(closed) => return Ok(()),
        Err(e) if e.is_io() => {
            return Err(Failure::input(format!("error: cannot write output: {e}")));
        }
        Err(e) => return Err(Failure::input(format!("error: cannot encode JSON: {e}"))),
        Ok(()) => {}
    }
    match out.write_all(b"\n").and_then(|()| out.flush()) {
        Err(e) if !closed(e.kind()) => {
            Err(Failure::input(format!("error: cannot write output: {e}")))
        }
        _ => Ok(()),
    }
}

/// Writes to stdout; a closed pipe (`parley run | head`) is not an error worth a message.
/// Control characters other than newlines and tabs are written as `\u{1b}`: a scenario's
/// names are the analyst's text, and one holding a terminal escape sequence must not recolour
/// or retitle the reader's terminal. (JSON and TOML escape them already.)
pub(crate) fn emit(text: &str) -> Result<(), Failure> {
    emit_bytes(inert(text).as_bytes())
}

/// `text` with every control character but `\n` and `\t` written as a `\u{..}` escape.
fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(hostile) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hostile(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn hostile(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// [`emit`] for bytes.
pub(crate) fn emit_bytes(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::input(format!("error: cannot write output: {e}")))
        }
        _ => Ok(()),
    }
}

/// Terminal width when on a terminal; a fixed 120 when piped, so output is reproducible.
pub(crate) fn table_width() -> u16 {
    if std::io::stdout().is_terminal() {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(120)
    } else {
        120
    }
}

/// Today's date in UTC, `YYYY-MM-DD`, from the system clock: the one place the CLI reads the
/// date, so the libraries stay free of it. UTC matches the `sealed_at` times the library
/// stores. A clock before 1970 reads as 1970-01-01.
pub(crate) fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(i64::MAX / 2);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The proleptic Gregorian date `days` days after 1970-01-01, counted in 400-year eras of
/// 146 097 days with years starting on 1 March, so the leap day falls at the end of a year.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468; // days from 0000-03-01
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of era, 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // year of era
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of the March-based year
    let mp = (5 * doy + 2) / 153; // month, March = 0
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod date_tests {
    use super::civil_from_days;

    #[test]
    fn days_since_1970_become_dates() {
        // Hand counts: 1970-01-01 is day 0; 2000-03-01 is 30 years (7 leap days: 72, 76, 80,
        // 84, 88, 92, 96) plus Jan and Feb 2000 (31 + 29) = 10957 + 60 = 11017 days later.
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        // 2026-12-07: 56 years (14 leap days: 72..2024) = 20454 days to 2026-01-01, plus 340.
        assert_eq!(civil_from_days(20_454 + 340), (2026, 12, 7));
    }
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn terminal_escapes_in_text_output_are_made_inert() {
        assert_eq!(inert("North\tSouth\n"), "North\tSouth\n");
        assert_eq!(inert("Toy \u{1b}[31mred"), "Toy \\u{1b}[31mred");
        assert_eq!(inert("a\u{7}b\rc\u{9b}d"), "a\\u{7}b\\u{d}c\\u{9b}d");
    }
}
