//! What can go wrong in the library, as data: each variant names the file, field or record and
//! what would have been valid. Rendering for a person happens at the edge (the CLI).

use std::path::PathBuf;

use crate::resolution::ResolutionError;

/// A failure of a library operation. No operation that returns one has written anything: every
/// write runs in one transaction that is rolled back on error.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    /// The database file could not be opened or created.
    #[error("cannot open the library database {path}: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The database was written by a newer Parley (a schema this build does not know).
    #[error(
        "{path}: the library database has schema version {found}, newer than the {supported} this \
         Parley knows; nothing was written. Use a newer Parley, or another database with --db"
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// The schema version found in the file.
        found: i64,
        /// The newest schema version this build knows.
        supported: i64,
    },
    /// No path was given and the platform has no data folder to keep the library in.
    #[error(
        "no home folder to keep the library in; give --db PATH or set {}",
        crate::DB_ENV
    )]
    NoDataFolder,
    /// A database statement failed.
    #[error("library database error: {0}")]
    Sql(#[from] rusqlite::Error),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// Content offered to the library is not a valid scenario.
    #[error("{file}: not a valid scenario ({detail}); nothing was saved")]
    InvalidScenario {
        /// The file or label of the content.
        file: String,
        /// What the reader found.
        detail: String,
    },
    /// No scenario of that name is stored.
    #[error("no scenario named '{name}' in the library; stored: {known}")]
    UnknownScenario {
        /// The name asked for.
        name: String,
        /// The stored names, comma-separated (or "none").
        known: String,
    },
    /// The scenario exists but not at that version.
    #[error("scenario '{name}' has no version {version}; it has versions 1 to {latest}")]
    UnknownVersion {
        /// The scenario.
        name: String,
        /// The version asked for.
        version: i64,
        /// Its newest version.
        latest: i64,
    },
    /// No run with that id is stored.
    #[error("no run {id} in the library")]
    UnknownRun {
        /// The id asked for.
        id: i64,
    },
    /// A reference to a version could not be parsed.
    #[error("bad reference '{text}': expected NAME or NAME@VERSION, e.g. grand-bargain-2025@2")]
    BadReference {
        /// The reference as given.
        text: String,
    },
    /// A scenario name uses characters the library does not accept.
    #[error(
        "bad scenario name '{name}': use 1-100 ASCII letters, digits, '-', '_' or '.', not \
         starting with '.' or '-'"
    )]
    BadName {
        /// The name as given.
        name: String,
    },
    /// An empty (or blank) tag: it would be stored and listed as nothing.
    #[error("empty tag (tag {position} of {count}); a tag needs at least one visible character")]
    EmptyTag {
        /// 1-based position among the tags given.
        position: usize,
        /// How many tags were given.
        count: usize,
    },
    /// A resolution file is invalid.
    #[error(transparent)]
    Resolution(#[from] ResolutionError),
    /// The scenario could not be run to make forecasts.
    #[error("cannot forecast {scenario}: {detail}")]
    Forecast {
        /// The scenario's key.
        scenario: String,
        /// Why.
        detail: String,
    },
    /// A stored record could not be encoded or decoded.
    #[error("cannot encode or decode a stored record: {0}")]
    Json(#[from] serde_json::Error),
}
