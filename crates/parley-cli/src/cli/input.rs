//! Every file the command line reads goes through here: a file given as input must be a
//! regular file, checked from its metadata before it is opened, so that a FIFO (which would
//! block for ever waiting for a writer), a directory or a device gets a clear error naming the
//! file instead. Text inputs must be UTF-8; a leading byte-order mark is dropped.

use std::fs::Metadata;
use std::path::Path;

use parley_core::Scenario;
use parley_scenario::Format;

use crate::cli::Failure;

/// What kind of file system object `meta` describes, for messages ("a directory").
pub(crate) fn kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_file() {
        return "a regular file";
    }
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    "not a regular file"
}

/// Checks that `path` is a regular file (following symbolic links), without opening it.
pub(crate) fn check(path: &Path) -> Result<(), Failure> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Failure::input(format!("error: cannot read {}: {e}", path.display())))?;
    if meta.is_file() {
        return Ok(());
    }
    Err(Failure::input(format!(
        "error: cannot read {}: it is {}; give a regular file (save a stream to a file first)",
        path.display(),
        kind(&meta)
    )))
}

/// The path that means standard input.
pub(crate) const STDIN: &str = "-";

/// The most standard input may hold: a scenario is kilobytes, so a stream beyond this is a
/// mistake (`yes | parley run -`), refused rather than read until memory runs out.
const MAX_STDIN: u64 = 64 << 20;

/// Whether `path` is `-`, standard input.
pub(crate) fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == STDIN
}

/// Standard input, up to [`MAX_STDIN`] bytes.
fn read_stdin() -> Result<Vec<u8>, Failure> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_STDIN + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::input(format!("error: cannot read standard input: {e}")))?;
    if bytes.len() as u64 > MAX_STDIN {
        return Err(Failure::input(format!(
            "error: standard input holds more than {} MiB; a scenario is far smaller: give a file",
            MAX_STDIN >> 20
        )));
    }
    Ok(bytes)
}

/// The bytes of the regular file `path`, or of standard input when `path` is `-`.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, Failure> {
    if is_stdin(path) {
        return read_stdin();
    }
    check(path)?;
    std::fs::read(path)
        .map_err(|e| Failure::input(format!("error: cannot read {}: {e}", path.display())))
}

/// The text of the regular file `path`: UTF-8, without a leading byte-order mark.
pub(crate) fn read_text(path: &Path) -> Result<String, Failure> {
    decode(path, read_bytes(path)?)
}

/// `bytes` read from `path` as UTF-8 text without a leading byte-order mark.
pub(crate) fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Failure> {
    // Excel's "Unicode text" and Windows editors write UTF-16 with a byte-order mark; Latin-1
    // advice would turn such a file into garbage.
    let utf16 = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some("utf-16le"),
        Some([0xFE, 0xFF]) => Some("utf-16be"),
        _ => None,
    };
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let (what, from) = match utf16 {
            Some(enc) => ("UTF-16 (it starts with a UTF-16 byte-order mark)".to_owned(), enc),
            None => (
                format!(
                    "not UTF-8 (first bad byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
                "latin1",
            ),
        };
        Failure::input(format!(
            "error: cannot read {}: {what}; convert it to UTF-8 first, e.g. `iconv -f {from} -t utf-8`",
            path.display(),
        ))
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// Reads and validates the scenario file `path` in whatever format it is (by content, else
/// by extension).
pub(crate) fn scenario(path: &Path) -> Result<Scenario, Failure> {
    scenario_detailed(path).map_err(InputError::into_failure)
}

impl InputError {
    /// The error as the command line reports it.
    pub(crate) fn into_failure(self) -> Failure {
        match self {
            InputError::Read(f) => f,
            InputError::Load(l) => crate::cli::load_failure(l),
            InputError::Sheet(s) => crate::commands::export::failure(&s),
        }
    }
}

/// Why a scenario could not be read, kept structured for `validate --format json`.
#[derive(Debug)]
pub(crate) enum InputError {
    /// The file could not be read (missing, a directory, not UTF-8, ...).
    Read(Failure),
    /// A scenario file with located diagnostics.
    Load(parley_scenario::LoadError),
    /// A spreadsheet with located problems.
    Sheet(parley_scenario::sheet::SheetError),
}

/// [`scenario`] with the error kept structured.
pub(crate) fn scenario_detailed(path: &Path) -> Result<Scenario, InputError> {
    let bytes = read_bytes(path).map_err(InputError::Read)?;
    scenario_from_bytes(path, bytes)
}

/// The scenario in `bytes`, already read from `path` (`-`: standard input, which can be read
/// only once, so a command that also keeps the bytes reads them first and parses them here).
pub(crate) fn scenario_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Scenario, InputError> {
    let name = if is_stdin(path) {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    };
    if crate::commands::export::is_xlsx_path(path) || crate::commands::export::is_zip(&bytes) {
        return parley_scenario::sheet::xlsx::read(&name, &bytes).map_err(InputError::Sheet);
    }
    let text = decode(path, bytes).map_err(InputError::Read)?;
    if parley_scenario::sheet::grid::looks_like(&text) {
        return parley_scenario::sheet::grid::read(&name, &text).map_err(InputError::Sheet);
    }
    if is_stdin(path) {
        // No extension to go by: JSON when the text is a JSON object, else by content as for
        // files (decide, KTAB, BDM), else TOML.
        let format = if text.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::detect(Path::new("stdin.toml"), &text)
        };
        return parley_scenario::read_str("<stdin>", &text, format).map_err(InputError::Load);
    }
    let format = Format::detect(path, &text);
    if format == Format::Toml && is_csv_path(path) {
        return unrecognised_csv(&name, &text);
    }
    parley_scenario::read_str(&name, &text, format).map_err(InputError::Load)
}

/// Whether `path` is named as a CSV file (`.csv`, `.tsv`).
fn is_csv_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("tsv"))
}

/// A `.csv` file that none of the CSV layouts recognised. Read as TOML it would only give
/// syntax errors on every line; instead, a table whose first column is `Actor` is read as the
/// BDM table it was most likely meant to be (whose reader names the column that does not
/// fit), and anything else gets the list of layouts Parley reads.
fn unrecognised_csv(name: &str, text: &str) -> Result<Scenario, InputError> {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let head = first
        .split([',', ';', '\t'])
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches('"');
    if head.eq_ignore_ascii_case("actor") {
        return parley_scenario::read_str(name, text, Format::Bdm).map_err(InputError::Load);
    }
    let shown: String = first.chars().take(80).collect();
    Err(InputError::Read(Failure::input(format!(
        "error: {name}: not a CSV layout Parley reads (its first line is '{shown}'); valid: \
         a BDM table (header Actor,Capability,Position,Salience), KTAB's CSV (a line with the \
         scenario's name and actor and dimension counts, then Actor,Description,...), decide's \
         rows (#A, #P, #M, #D) or Parley's own grid (parley export --format csv: header \
         actor,capability,ISSUE position,...); `parley import FILE --from FORMAT` says what \
         does not fit a given layout"
    ))))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn directories_and_missing_files_are_named() {
        let dir = std::env::temp_dir();
        let f = read_text(&dir).err().unwrap();
        assert!(f.message.contains("a directory"), "{}", f.message);
        assert_eq!(f.code, 1);
        let f = read_text(Path::new("/no/such/file.toml")).err().unwrap();
        assert!(f.message.contains("/no/such/file.toml"), "{}", f.message);
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let path = std::env::temp_dir().join(format!("parley-input-bom-{}", std::process::id()));
        std::fs::write(&path, "\u{feff}{}").unwrap();
        assert_eq!(read_text(&path).unwrap(), "{}");
        let _ = std::fs::remove_file(&path);
    }
}
