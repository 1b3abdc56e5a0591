//! The database schema and its migrations.
//!
//! The schema version is SQLite's `user_version`. [`MIGRATIONS`] holds one step per version:
//! step `k` (0-based) upgrades a database at version `k` to `k + 1`. Opening a database applies
//! the missing steps, each in its own `BEGIN IMMEDIATE` transaction together with the new
//! `user_version`, so a process killed mid-upgrade leaves the database at the last whole
//! version, and two processes opening an old database at once upgrade it once. A database
//! whose version is above [`CURRENT`] is refused before anything is written.
//!
//! History:
//! 1. scenarios and their versions (author, time, message, exact bytes, SHA-256).
//! 2. tags; the actors and issues of each version (search); recorded runs. The upgrade fills
//!    the search terms of versions saved under schema 1 by reading each stored scenario.
//! 3. sealed forecasts (payload and commitment) and resolutions.
//! 4. changes of error model a key's seals went through (`parley seal --new-error-model`).

use rusqlite::{Connection, TransactionBehavior};

use crate::LibraryError;

/// The newest schema version this build knows.
pub const CURRENT: i64 = 4;

/// Schema 1: scenarios and versions.
const V1: &str = "
CREATE TABLE scenario (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL
);
CREATE TABLE version (
    id          INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL REFERENCES scenario(id),
    number      INTEGER NOT NULL,
    author      TEXT NOT NULL,
    created     TEXT NOT NULL,
    message     TEXT NOT NULL,
    format      TEXT NOT NULL CHECK (format IN ('toml', 'json')),
    content     BLOB NOT NULL,
    sha256      TEXT NOT NULL,
    UNIQUE (scenario_id, number)
);
";

/// Schema 2: tags, search terms, runs.
const V2: &str = "
CREATE TABLE tag (
    scenario_id INTEGER NOT NULL REFERENCES scenario(id),
    tag         TEXT NOT NULL,
    PRIMARY KEY (scenario_id, tag)
);
CREATE TABLE version_term (
    version_id INTEGER NOT NULL REFERENCES version(id),
    kind       TEXT NOT NULL CHECK (kind IN ('actor', 'issue')),
    term       TEXT NOT NULL,
    PRIMARY KEY (version_id, kind, term)
);
CREATE INDEX version_term_by_term ON version_term(kind, term);
CREATE TABLE run (
    id              INTEGER PRIMARY KEY,
    version_id      INTEGER REFERENCES version(id),
    scenario        TEXT NOT NULL,
    scenario_sha256 TEXT NOT NULL,
    parley_version  TEXT NOT NULL,
    models          TEXT NOT NULL,
    seed            INTEGER NOT NULL,
    runs            INTEGER NOT NULL,
    created         TEXT NOT NULL,
    outputs         TEXT NOT NULL
);
CREATE INDEX run_by_created ON run(created);
";

/// Schema 3: sealed forecasts and resolutions.
const V3: &str = "
CREATE TABLE forecast (
    id         INTEGER PRIMARY KEY,
    run_id     INTEGER NOT NULL REFERENCES run(id),
    scenario   TEXT NOT NULL,
    target     TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('issue', 'question')),
    model      TEXT NOT NULL,
    payload    TEXT NOT NULL,
    commitment TEXT NOT NULL,
    sealed_at  TEXT NOT NULL
);
CREATE INDEX forecast_by_target ON forecast(scenario, target);
CREATE TABLE resolution (
    id          INTEGER PRIMARY KEY,
    scenario    TEXT NOT NULL,
    target      TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('issue', 'question')),
    value       REAL NOT NULL,
    resolved_on TEXT NOT NULL,
    sources     TEXT NOT NULL,
    judgment    INTEGER NOT NULL,
    note        TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (scenario, target)
);
";

/// Schema 4: the changes of error model an analyst accepted under a key. `run_id` is the
/// first run sealed with the new error model; `sha256` is NULL when the new error model has
/// none for the model.
const V4: &str = "
CREATE TABLE error_model_change (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES run(id),
    scenario        TEXT NOT NULL,
    model           TEXT NOT NULL,
    previous_sha256 TEXT NOT NULL,
    sha256          TEXT,
    origin          TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
);
CREATE INDEX error_model_change_by_scenario ON error_model_change(scenario, model);
";

/// A migration's data step, run inside the step's transaction.
pub type Fill = fn(&Connection) -> Result<(), LibraryError>;

/// One migration step: SQL, then an optional Rust step in the same transaction.
pub struct Migration {
    /// The SQL that creates or alters tables.
    pub sql: &'static str,
    /// Data work that SQL alone cannot do (reading stored scenarios), run after `sql`.
    pub fill: Option<Fill>,
}

/// Every step, in order: `MIGRATIONS[k]` takes a database from version `k` to `k + 1`.
pub const MIGRATIONS: [Migration; CURRENT as usize] = [
    Migration {
        sql: V1,
        fill: None,
    },
    Migration {
        sql: V2,
        fill: Some(fill_terms),
    },
    Migration {
        sql: V3,
        fill: None,
    },
    Migration {
        sql: V4,
        fill: None,
    },
];

/// The schema version of `conn` (0 for a new, empty database).
pub fn version(conn: &Connection) -> Result<i64, LibraryError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies the steps from the database's version up to `target` (at most [`CURRENT`]).
/// Callers check for a newer schema first; this re-checks inside each transaction, so a
/// concurrent upgrader's work is never repeated.
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), LibraryError> {
    let target = target.min(CURRENT);
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let at = version(&tx)?;
        if at >= target {
            tx.commit()?;
            return Ok(());
        }
        let step = usize::try_from(at)
            .ok()
            .and_then(|k| MIGRATIONS.get(k))
            .ok_or(LibraryError::Sql(rusqlite::Error::InvalidQuery))?;
        tx.execute_batch(step.sql)?;
        if let Some(fill) = step.fill {
            fill(&tx)?;
        }
        tx.pragma_update(None, "user_version", at + 1)?;
        tx.commit()?;
    }
}

/// Schema 2's data step: the actors and issues of every stored version, for search.
fn fill_terms(conn: &Connection) -> Result<(), LibraryError> {
    let mut stmt = conn.prepare("SELECT id, format, content FROM version")?;
    let rows: Vec<(i64, String, Vec<u8>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (id, format, content) in rows {
        // A version was validated when saved; one that no longer reads gets no terms rather
        // than blocking the upgrade of the whole library.
        if let Ok(scenario) = crate::store::parse(&format!("version {id}"), &content, &format) {
            crate::store::insert_terms(conn, id, &scenario)?;
        }
    }
    Ok(())
}
