//! Parley's scenario library: scenarios with their full version history, recorded runs,
//! sealed forecasts, resolutions and scores, in one SQLite file.
//!
//! # Why SQLite through `rusqlite` with the `bundled` feature
//! - **No system library needed:** `bundled` compiles SQLite's own C source into the binary,
//!   so `parley` works on a machine without `libsqlite3`, and every build runs the same
//!   SQLite version (WAL, `user_version`, `ON CONFLICT ... DO UPDATE` all present).
//! - **Synchronous:** the CLI is synchronous and the web server runs model work on blocking
//!   threads; an async driver (sqlx) would bring a runtime and a pool for a file that one
//!   person writes a few times a minute.
//! - **Small:** `rusqlite` is a thin, well-kept wrapper (prepared statements, transactions,
//!   typed rows) with few dependencies and no macros that need a database at compile time.
//!
//! # Safety of the data
//! Every write is one transaction (`BEGIN IMMEDIATE`), so a killed process leaves either the
//! whole write or none of it; the database runs in WAL mode with `synchronous = FULL`, and
//! waits up to 30 s for another writer instead of failing, so two processes saving at once
//! both succeed. Files written outside the database (exports) are written atomically
//! ([`atomic::write`]). See `docs/library.md`.
//!
//! # Modules
//! - [`store`]: open/migrate, save, list, show, diff inputs, restore, export, runs.
//! - [`schema`]: the versioned schema and its migrations.
//! - [`diff`]: field-by-field differences between two versions.
//! - [`forecast`]: predictions and their commitments.
//! - [`ledger`]: sealing forecasts and storing resolutions.
//! - [`resolution`]: resolution files, checked against the scenario.
//! - [`score`]: absolute error, CRPS, Brier (of a question's odds with model error and inputs
//!   only).
//! - [`track`]: a question's odds across sealed runs and versions, against its outcome.
//! - [`report`]: the track-record section of a report, the same wherever the report is made.

pub mod atomic;
pub mod diff;
pub mod error;
pub mod forecast;
pub mod ledger;
pub mod report;
pub mod resolution;
pub mod schema;
pub mod score;
pub mod store;
pub mod track;

pub use error::LibraryError;
pub use forecast::{
    HashedErrorModel, Prediction, TargetKind, forecast, forecast_calibrated, forecast_hashed,
    forecast_with_progress, progress_steps,
};
pub use ledger::{ErrorModelChange, ErrorModelClash, NewErrorModel};
pub use resolution::{Outcome, Resolution, ResolutionError};
pub use store::{Filter, Library, Reference, RunRecord, SaveRequest, Saved};

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The environment variable that names the library database when no `--db` is given.
pub const DB_ENV: &str = "PARLEY_DB";

/// Where the library database is, by the rule every Parley program follows: `given` (`--db`),
/// else `$PARLEY_DB` when set and not empty, else `library.sqlite` in the platform's data
/// folder (`~/.local/share/parley` on Linux, `~/Library/Application Support/parley` on macOS,
/// `%APPDATA%\parley\data` on Windows). Nothing is created here; [`Library::open`] creates
/// the file and its folder on first use.
pub fn db_path(given: Option<&Path>) -> Result<PathBuf, LibraryError> {
    let data_dir = || directories::ProjectDirs::from("", "", "parley").map(|d| d.data_dir().into());
    db_path_from(given, std::env::var_os(DB_ENV), data_dir)
}

/// [`db_path`] with the environment variable's value and the data folder given (for tests).
fn db_path_from(
    given: Option<&Path>,
    env: Option<OsString>,
    data_dir: impl FnOnce() -> Option<PathBuf>,
) -> Result<PathBuf, LibraryError> {
    if let Some(p) = given {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = env.filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    data_dir()
        .map(|d| d.join("library.sqlite"))
        .ok_or(LibraryError::NoDataFolder)
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The changes between two versions of a stored scenario, field by field.
pub fn diff_versions(
    a: &store::Version,
    b: &store::Version,
) -> Result<Vec<diff::Change>, LibraryError> {
    let sa = store::parse(
        &format!("{}@{}", a.name, a.info.number),
        &a.content,
        &a.info.format,
    )?;
    let sb = store::parse(
        &format!("{}@{}", b.name, b.info.number),
        &b.content,
        &b.info.format,
    )?;
    Ok(diff::diff(
        &serde_json::to_value(&sa)?,
        &serde_json::to_value(&sb)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_db_path_is_the_flag_then_the_variable_then_the_data_folder() {
        let data = || Some(PathBuf::from("/data/parley"));
        let flag = Path::new("/x/flag.sqlite");
        let env = || Some(OsString::from("/x/env.sqlite"));
        assert_eq!(
            db_path_from(Some(flag), env(), data).ok(),
            Some(flag.into())
        );
        assert_eq!(
            db_path_from(None, env(), data).ok(),
            Some(PathBuf::from("/x/env.sqlite"))
        );
        assert_eq!(
            db_path_from(None, Some(OsString::new()), data).ok(),
            Some(PathBuf::from("/data/parley/library.sqlite"))
        );
        assert_eq!(
            db_path_from(None, None, data).ok(),
            Some(PathBuf::from("/data/parley/library.sqlite"))
        );
        let none = db_path_from(None, None, || None);
        assert!(matches!(none, Err(LibraryError::NoDataFolder)));
        let message = none.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message.contains("--db PATH") && message.contains(DB_ENV),
            "{message}"
        );
    }

    #[test]
    fn sha256_of_abc_is_the_fips_example() {
        // FIPS 180-2, appendix B.1: SHA-256("abc").
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
