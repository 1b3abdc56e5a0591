//! The library itself: a SQLite file holding scenarios with their version history, recorded
//! runs, sealed forecasts and resolutions.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use parley_core::Scenario;
use parley_scenario::Format;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use crate::schema::{self, CURRENT};
use crate::{LibraryError, sha256_hex};

/// How long a writer waits for another to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// An open library database.
#[derive(Debug)]
pub struct Library {
    conn: Connection,
    path: PathBuf,
}

/// A version to store.
#[derive(Debug, Clone)]
pub struct SaveRequest<'a> {
    /// The scenario's name in the library (see [`check_name`]).
    pub name: &'a str,
    /// Where the content came from, for messages (a file name).
    pub label: &'a str,
    /// The exact bytes to keep.
    pub content: &'a [u8],
    /// Who saves.
    pub author: &'a str,
    /// Why.
    pub message: &'a str,
    /// Tags to add to the scenario (kept across versions).
    pub tags: &'a [String],
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Saved {
    /// The scenario's name.
    pub name: String,
    /// The version number given to the content.
    pub version: i64,
    /// True when the content equals the newest version's: no new version was made.
    pub unchanged: bool,
}

/// One version's record, without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionInfo {
    /// Version number, 1 for the first save.
    pub number: i64,
    /// Who saved it.
    pub author: String,
    /// When, UTC, ISO 8601.
    pub created: String,
    /// Why.
    pub message: String,
    /// `toml` or `json`.
    pub format: String,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    /// Content size in bytes.
    pub bytes: i64,
}

/// One version with its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// The scenario's name.
    pub name: String,
    /// The record.
    pub info: VersionInfo,
    /// The exact bytes saved.
    #[serde(skip)]
    pub content: Vec<u8>,
}

/// One scenario in a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioSummary {
    /// Its name in the library.
    pub name: String,
    /// How many versions.
    pub versions: i64,
    /// The newest version's record.
    pub latest: VersionInfo,
    /// Its tags, sorted.
    pub tags: Vec<String>,
}

/// A filter on [`Library::list`]; every given field must match (the newest version's actors and
/// issues).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// An actor id the scenario has.
    pub actor: Option<String>,
    /// An issue id the scenario has.
    pub issue: Option<String>,
    /// A tag the scenario carries.
    pub tag: Option<String>,
}

/// A reference to one version: `NAME` (the newest) or `NAME@N`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The scenario's name.
    pub name: String,
    /// The version; `None`: the newest.
    pub version: Option<i64>,
}

impl std::str::FromStr for Reference {
    type Err = LibraryError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || LibraryError::BadReference {
            text: text.to_owned(),
        };
        let (name, version) = match text.rsplit_once('@') {
            Some((name, v)) => (name, Some(v.parse::<i64>().map_err(|_| bad())?)),
            None => (text, None),
        };
        check_name(name).map_err(|_| bad())?;
        if version.is_some_and(|v| v < 1) {
            return Err(bad());
        }
        Ok(Self {
            name: name.to_owned(),
            version,
        })
    }
}

/// A run to record: everything needed to show a past forecast exactly as it was.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunRecord {
    /// The scenario's key (library name).
    pub scenario: String,
    /// The library version run, when the scenario came from the library.
    pub version: Option<i64>,
    /// SHA-256 of the scenario bytes run.
    pub scenario_sha256: String,
    /// The Parley version that ran it.
    pub parley_version: String,
    /// Model ids, in order.
    pub models: Vec<String>,
    /// Seed of the Monte Carlo draws.
    pub seed: u64,
    /// Monte Carlo runs.
    pub runs: usize,
    /// The outputs as JSON (stored as given).
    pub outputs: serde_json::Value,
}

/// A recorded run as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunSummary {
    /// Run id.
    pub id: i64,
    /// The scenario's key.
    pub scenario: String,
    /// Library version, if any.
    pub version: Option<i64>,
    /// Parley version.
    pub parley_version: String,
    /// Model ids, comma-separated.
    pub models: String,
    /// Seed.
    pub seed: i64,
    /// Monte Carlo runs.
    pub runs: i64,
    /// When, UTC.
    pub created: String,
}

/// Checks a scenario name: 1-100 characters of ASCII letters, digits, `-`, `_`, `.`, not
/// starting with `.` or `-`. A seal key or a resolution's scenario must pass it too, so that
/// whatever is sealed can be tracked on the web and saved in the library under that name.
pub fn check_name(name: &str) -> Result<(), LibraryError> {
    let ok = !name.is_empty()
        && name.len() <= 100
        && !name.starts_with(['.', '-'])
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(LibraryError::BadName {
            name: name.to_owned(),
        })
    }
}

/// The storage format of a file name: `json` by extension, else `toml`.
pub fn format_of(label: &str) -> &'static str {
    match Format::from_path(Path::new(label)) {
        Format::Json => "json",
        _ => "toml",
    }
}

/// Reads stored or offered content as a scenario.
pub fn parse(label: &str, content: &[u8], format: &str) -> Result<Scenario, LibraryError> {
    let text = std::str::from_utf8(content).map_err(|e| LibraryError::InvalidScenario {
        file: label.to_owned(),
        detail: format!("not UTF-8 text: {e}"),
    })?;
    let fmt = if format == "json" {
        Format::Json
    } else {
        Format::Toml
    };
    parley_scenario::read_str(label, text, fmt).map_err(|e| {
        let detail = match &e {
            parley_scenario::LoadError::Invalid { diagnostics, .. } => diagnostics
                .iter()
                .take(3)
                .map(|d| format!("line {}: {}", d.line, d.message))
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        };
        LibraryError::InvalidScenario {
            file: label.to_owned(),
            detail,
        }
    })
}

/// Stores the actor and issue ids of version `id` for search.
pub(crate) fn insert_terms(
    conn: &Connection,
    id: i64,
    scenario: &Scenario,
) -> Result<(), LibraryError> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO version_term (version_id, kind, term) VALUES (?1, ?2, ?3)",
    )?;
    for a in &scenario.actors {
        stmt.execute(params![id, "actor", a.id])?;
    }
    for i in &scenario.issues {
        stmt.execute(params![id, "issue", i.id])?;
    }
    Ok(())
}

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/// Brings an open connection to the state every operation expects: a schema this build
/// knows, WAL journal, full sync, foreign keys on, the schema upgraded to `target`.
/// Idempotent, so [`Library::open_at_schema`] may retry it when another connection holds a lock.
fn prepare(conn: &mut Connection, path: &Path, target: i64) -> Result<(), LibraryError> {
    let open_err = |source| LibraryError::Open {
        path: path.to_path_buf(),
        source,
    };
    // Refuse a newer schema before anything (even the journal mode) is written.
    let found = schema::version(conn)?;
    if found > CURRENT {
        return Err(LibraryError::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported: CURRENT,
        });
    }
    // WAL: readers never block the writer, and a killed writer's partial transaction is
    // discarded at the next open. FULL sync: a committed save survives a power cut. The mode
    // is kept in the file, so a database already in WAL needs no write lock for it.
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .map_err(open_err)?;
    if !mode.eq_ignore_ascii_case("wal") {
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
    }
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(open_err)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(open_err)?;
    schema::migrate_to(conn, target)
}

/// Whether `e` is SQLite's "another connection holds the lock" (`SQLITE_BUSY` or
/// `SQLITE_LOCKED`), which a later attempt may not meet.
fn is_busy(e: &LibraryError) -> bool {
    let source = match e {
        LibraryError::Open { source, .. } | LibraryError::Sql(source) => source,
        _ => return false,
    };
    matches!(
        source.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

impl Library {
    /// Opens (creating when missing, with its folder) the library at `path` and brings its
    /// schema up to [`CURRENT`]. A database from a newer schema is refused untouched.
    pub fn open(path: &Path) -> Result<Self, LibraryError> {
        Self::open_at_schema(path, CURRENT)
    }

    /// [`Library::open`], upgrading only up to schema `target` (for tests of the migrations:
    /// build a database as an older Parley would have).
    pub fn open_at_schema(path: &Path, target: i64) -> Result<Self, LibraryError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| LibraryError::Write {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let open_err = |source| LibraryError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open_err)?;
        // The busy timeout first, so that every later step waits for other connections.
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        // SQLite does not always wait, busy timeout or not: where waiting could deadlock it
        // answers SQLITE_BUSY at once, and switching a new file to WAL while another
        // connection creates it is such a case, so two `library save` on a fresh database
        // could fail with "database is locked" (sweep2 item 10). Every step of the
        // preparation is idempotent, so the whole of it is retried until the busy timeout.
        let deadline = Instant::now() + BUSY_TIMEOUT;
        let mut pause = Duration::from_millis(2);
        loop {
            match prepare(&mut conn, path, target) {
                Err(e) if is_busy(&e) && Instant::now() + pause < deadline => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(100));
                }
                // A file that is not a database fails here, not at open: name the file.
                Err(LibraryError::Sql(source)) => return Err(open_err(source)),
                other => break other?,
            }
        }
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64, LibraryError> {
        schema::version(&self.conn)
    }

    /// The underlying connection, for checks (`PRAGMA integrity_check`) and tests.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Saves `req.content` as the next version of `req.name` (created on first save). The
    /// content must read as a scenario; it is stored byte for byte. Content equal to the
    /// newest version's makes no new version and changes nothing: its tags are not added
    /// either, since the message cannot be stored without a version and a save half applied
    /// would be a surprise. An empty or blank tag is refused. One transaction: all or nothing.
    pub fn save(&mut self, req: &SaveRequest<'_>) -> Result<Saved, LibraryError> {
        check_name(req.name)?;
        if let Some(k) = req.tags.iter().position(|t| t.trim().is_empty()) {
            return Err(LibraryError::EmptyTag {
                position: k + 1,
                count: req.tags.len(),
            });
        }
        let format = format_of(req.label);
        let scenario = parse(req.label, req.content, format)?;
        let sha = sha256_hex(req.content);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            &format!("INSERT OR IGNORE INTO scenario (name, created) VALUES (?1, {NOW})"),
            params![req.name],
        )?;
        let scenario_id: i64 = tx.query_row(
            "SELECT id FROM scenario WHERE name = ?1",
            params![req.name],
            |r| r.get(0),
        )?;
        let latest: Option<(i64, String)> = tx
            .query_row(
                "SELECT number, sha256 FROM version WHERE scenario_id = ?1
                 ORDER BY number DESC LIMIT 1",
                params![scenario_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((number, latest_sha)) = &latest
            && *latest_sha == sha
        {
            tx.commit()?;
            return Ok(Saved {
                name: req.name.to_owned(),
                version: *number,
                unchanged: true,
            });
        }
        for tag in req.tags {
            tx.execute(
                "INSERT OR IGNORE INTO tag (scenario_id, tag) VALUES (?1, ?2)",
                params![scenario_id, tag],
            )?;
        }
        let number = latest.map_or(1, |(n, _)| n + 1);
        tx.execute(
            &format!(
                "INSERT INTO version (scenario_id, number, author, created, message, format,
                 content, sha256) VALUES (?1, ?2, ?3, {NOW}, ?4, ?5, ?6, ?7)"
            ),
            params![
                scenario_id,
                number,
                req.author,
                req.message,
                format,
                req.content,
                sha
            ],
        )?;
        let version_id = tx.last_insert_rowid();
        insert_terms(&tx, version_id, &scenario)?;
        tx.commit()?;
        Ok(Saved {
            name: req.name.to_owned(),
            version: number,
            unchanged: false,
        })
    }

    fn known_names(&self) -> Result<String, LibraryError> {
        let mut stmt = self
            .conn
            .prepare("SELECT name FROM scenario ORDER BY name")?;
        let names: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        })
    }

    fn scenario_id(&self, name: &str) -> Result<i64, LibraryError> {
        let id = self
            .conn
            .query_row(
                "SELECT id FROM scenario WHERE name = ?1",
                params![name],
                |r| r.get(0),
            )
            .optional()?;
        match id {
            Some(id) => Ok(id),
            None => Err(LibraryError::UnknownScenario {
                name: name.to_owned(),
                known: self.known_names()?,
            }),
        }
    }

    /// Every version of `name`, oldest first.
    pub fn history(&self, name: &str) -> Result<Vec<VersionInfo>, LibraryError> {
        let id = self.scenario_id(name)?;
        let mut stmt = self.conn.prepare(
            "SELECT number, author, created, message, format, sha256, length(content)
             FROM version WHERE scenario_id = ?1 ORDER BY number",
        )?;
        let rows = stmt
            .query_map(params![id], version_info)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The version `reference` points at, with its exact bytes.
    pub fn get(&self, reference: &Reference) -> Result<Version, LibraryError> {
        let id = self.scenario_id(&reference.name)?;
        let latest: i64 = self.conn.query_row(
            "SELECT max(number) FROM version WHERE scenario_id = ?1",
            params![id],
            |r| r.get(0),
        )?;
        let number = reference.version.unwrap_or(latest);
        let row = self
            .conn
            .query_row(
                "SELECT number, author, created, message, format, sha256, length(content),
                 content FROM version WHERE scenario_id = ?1 AND number = ?2",
                params![id, number],
                |r| Ok((version_info(r)?, r.get::<_, Vec<u8>>(7)?)),
            )
            .optional()?;
        match row {
            Some((info, content)) => Ok(Version {
                name: reference.name.clone(),
                info,
                content,
            }),
            None => Err(LibraryError::UnknownVersion {
                name: reference.name.clone(),
                version: number,
                latest,
            }),
        }
    }

    /// The stored scenarios matching `filter`, by name.
    pub fn list(&self, filter: &Filter) -> Result<Vec<ScenarioSummary>, LibraryError> {
        let mut stmt = self.conn.prepare(
            "SELECT s.id, s.name, count(v.id), max(v.number) FROM scenario s
             JOIN version v ON v.scenario_id = s.id GROUP BY s.id ORDER BY s.name",
        )?;
        let rows: Vec<(i64, String, i64, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, name, versions, latest) in rows {
            let (version_id, info): (i64, VersionInfo) = self.conn.query_row(
                "SELECT number, author, created, message, format, sha256, length(content), id
                 FROM version WHERE scenario_id = ?1 AND number = ?2",
                params![id, latest],
                |r| Ok((r.get(7)?, version_info(r)?)),
            )?;
            let has = |kind: &str, term: &Option<String>| -> Result<bool, LibraryError> {
                let Some(term) = term else { return Ok(true) };
                Ok(self
                    .conn
                    .query_row(
                        "SELECT 1 FROM version_term WHERE version_id = ?1 AND kind = ?2
                         AND term = ?3",
                        params![version_id, kind, term],
                        |_| Ok(()),
                    )
                    .optional()?
                    .is_some())
            };
            let mut tag_stmt = self
                .conn
                .prepare_cached("SELECT tag FROM tag WHERE scenario_id = ?1 ORDER BY tag")?;
            let tags: Vec<String> = tag_stmt
                .query_map(params![id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let tag_ok = filter.tag.as_ref().is_none_or(|t| tags.contains(t));
            if tag_ok && has("actor", &filter.actor)? && has("issue", &filter.issue)? {
                out.push(ScenarioSummary {
                    name,
                    versions,
                    latest: info,
                    tags,
                });
            }
        }
        Ok(out)
    }

    /// Makes version `reference` the newest again, as a new version with the same bytes (the
    /// history keeps every version, so a restore can itself be undone).
    pub fn restore(
        &mut self,
        reference: &Reference,
        author: &str,
        message: Option<&str>,
    ) -> Result<Saved, LibraryError> {
        let old = self.get(reference)?;
        let label = format!("{}.{}", old.name, old.info.format);
        let default = format!("restore of version {}", old.info.number);
        self.save(&SaveRequest {
            name: &old.name,
            label: &label,
            content: &old.content,
            author,
            message: message.unwrap_or(&default),
            tags: &[],
        })
    }

    /// Writes the bytes of version `reference` to `out`, atomically (a temporary file in the
    /// same folder, synced, then renamed over `out`).
    pub fn export(&self, reference: &Reference, out: &Path) -> Result<Version, LibraryError> {
        let version = self.get(reference)?;
        crate::atomic::write(out, &version.content)?;
        Ok(version)
    }

    /// Records a run; returns its id.
    pub fn record_run(&mut self, run: &RunRecord) -> Result<i64, LibraryError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = insert_run(&tx, run)?;
        tx.commit()?;
        Ok(id)
    }

    /// The most recent `limit` runs, newest first.
    pub fn list_runs(&self, limit: usize) -> Result<Vec<RunSummary>, LibraryError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, r.scenario, v.number, r.parley_version, r.models, r.seed, r.runs,
             r.created FROM run r LEFT JOIN version v ON v.id = r.version_id
             ORDER BY r.id DESC LIMIT ?1",
        )?;
        let rows = stmt
            .query_map(params![limit], |r| {
                Ok(RunSummary {
                    id: r.get(0)?,
                    scenario: r.get(1)?,
                    version: r.get(2)?,
                    parley_version: r.get(3)?,
                    models: r.get(4)?,
                    seed: r.get(5)?,
                    runs: r.get(6)?,
                    created: r.get(7)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// A recorded run's outputs, exactly as stored.
    pub fn run_outputs(&self, id: i64) -> Result<serde_json::Value, LibraryError> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT outputs FROM run WHERE id = ?1", params![id], |r| {
                r.get(0)
            })
            .optional()?;
        let text = text.ok_or(LibraryError::UnknownRun { id })?;
        Ok(serde_json::from_str(&text)?)
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

/// Inserts a run inside the caller's transaction.
pub(crate) fn insert_run(conn: &Connection, run: &RunRecord) -> Result<i64, LibraryError> {
    let version_id: Option<i64> = match run.version {
        Some(n) => conn
            .query_row(
                "SELECT v.id FROM version v JOIN scenario s ON s.id = v.scenario_id
                 WHERE s.name = ?1 AND v.number = ?2",
                params![run.scenario, n],
                |r| r.get(0),
            )
            .optional()?,
        None => None,
    };
    let seed = i64::from_ne_bytes(run.seed.to_ne_bytes());
    let runs = i64::try_from(run.runs).unwrap_or(i64::MAX);
    conn.execute(
        &format!(
            "INSERT INTO run (version_id, scenario, scenario_sha256, parley_version, models, seed,
             runs, created, outputs) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, {NOW}, ?8)"
        ),
        params![
            version_id,
            run.scenario,
            run.scenario_sha256,
            run.parley_version,
            run.models.join(","),
            seed,
            runs,
            serde_json::to_string(&run.outputs)?
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

fn version_info(r: &rusqlite::Row<'_>) -> rusqlite::Result<VersionInfo> {
    Ok(VersionInfo {
        number: r.get(0)?,
        author: r.get(1)?,
        created: r.get(2)?,
        message: r.get(3)?,
        format: r.get(4)?,
        sha256: r.get(5)?,
        bytes: r.get(6)?,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_name_is_ascii_and_the_message_says_so() {
        for good in ["s3", "grand-bargain-2025", "a_b", "v1.2", "A"] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        // A space, a non-ASCII letter, a leading dot or dash, nothing, 101 characters.
        let long = "a".repeat(101);
        for bad in ["a b", "été", ".hidden", "-x", "", long.as_str()] {
            let e = check_name(bad).unwrap_err().to_string();
            assert_eq!(
                e,
                format!(
                    "bad scenario name '{bad}': use 1-100 ASCII letters, digits, '-', '_' or \
                     '.', not starting with '.' or '-'"
                )
            );
        }
    }
}
