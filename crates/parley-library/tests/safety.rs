//! The database loses nothing when a writer is killed mid-write or when two processes write
//! at once. Both tests run real separate processes: this test binary started again with only
//! the ignored `child_writer` test, which saves versions in a loop and reports each save on
//! standard output only after its transaction has committed.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use parley_library::{Library, Reference, SaveRequest, sha256_hex};

const ENV_DB: &str = "PARLEY_LIBRARY_TEST_DB";
const ENV_TAG: &str = "PARLEY_LIBRARY_TEST_WRITER";
const ENV_SAVES: &str = "PARLEY_LIBRARY_TEST_SAVES";
const SHARED: &str = "shared";

/// What a child writes for save `i`: the flagship (18 KB, so a transaction takes a while)
/// with a comment naming the writer and the save.
fn content(tag: &str, i: usize) -> Vec<u8> {
    format!(
        "{}# writer {tag} save {i}\n",
        common::repo_text("scenarios/grand-bargain-2025.toml")
    )
    .into_bytes()
}

/// The child: saves `ENV_SAVES` versions (0: until killed) to the shared scenario, printing
/// `saved TAG I VERSION` after each commit.
#[test]
#[ignore = "started by the other tests of this file as a separate process"]
fn child_writer() {
    let Ok(db) = std::env::var(ENV_DB) else {
        return;
    };
    let tag = std::env::var(ENV_TAG).unwrap();
    let saves: usize = std::env::var(ENV_SAVES).unwrap().parse().unwrap();
    let mut lib = Library::open(Path::new(&db)).unwrap();
    let mut i = 0;
    while saves == 0 || i < saves {
        let bytes = content(&tag, i);
        let saved = lib
            .save(&SaveRequest {
                name: SHARED,
                label: "shared.toml",
                content: &bytes,
                author: &tag,
                message: &format!("save {i}"),
                tags: &[],
            })
            .unwrap();
        println!("saved {tag} {i} {}", saved.version);
        i += 1;
    }
}

fn spawn(db: &Path, tag: &str, saves: usize) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["child_writer", "--exact", "--ignored", "--nocapture"])
        .args(["--test-threads", "1"])
        .env(ENV_DB, db)
        .env(ENV_TAG, tag)
        .env(ENV_SAVES, saves.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Parses a `saved TAG I VERSION` line (the test harness may print `test child_writer ... `
/// before the first one on the same line).
fn ack(line: &str) -> Option<(String, usize, i64)> {
    let at = line.find("saved ")?;
    let mut w = line.get(at + "saved ".len()..)?.split(' ');
    Some((
        w.next()?.to_owned(),
        w.next()?.parse().ok()?,
        w.next()?.parse().ok()?,
    ))
}

/// Checks the database at `db` and returns (version number -> content) of the shared scenario:
/// SQLite's integrity check passes, numbers run 1..=n without a gap, every stored SHA-256
/// matches its content.
fn check(db: &Path) -> HashMap<i64, Vec<u8>> {
    let lib = Library::open(db).unwrap();
    let integrity: String = lib
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let history = lib.history(SHARED).unwrap();
    let mut out = HashMap::new();
    for (k, info) in history.iter().enumerate() {
        assert_eq!(info.number, k as i64 + 1, "versions without gaps");
        let v = lib
            .get(&Reference {
                name: SHARED.into(),
                version: Some(info.number),
            })
            .unwrap();
        assert_eq!(sha256_hex(&v.content), info.sha256, "stored hash matches");
        out.insert(info.number, v.content);
    }
    out
}

#[test]
fn a_writer_killed_mid_write_loses_no_committed_save() {
    let dir = common::scratch("kill");
    let db = dir.join("lib.sqlite");
    let mut acked: Vec<(String, usize, i64)> = Vec::new();
    // Three rounds, each killing a writer after a different number of acknowledged saves;
    // the writer is saving continuously, so the kill lands inside or between transactions.
    for (round, after) in [7usize, 13, 20].into_iter().enumerate() {
        let tag = format!("k{round}");
        let mut child = spawn(&db, &tag, 0);
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut seen = 0;
        while seen < after {
            let line = lines.next().unwrap().unwrap();
            if let Some(a) = ack(&line) {
                acked.push(a);
                seen += 1;
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let stored = check(&db);
        // Every acknowledged save is there, with its exact bytes.
        for (tag, i, version) in &acked {
            assert_eq!(
                stored.get(version),
                Some(&content(tag, *i)),
                "acknowledged save {tag} {i} as version {version}"
            );
        }
        // Anything beyond the acknowledged saves is a whole save that committed just before
        // the kill (its acknowledgement was not read), never a partial one.
        for (number, bytes) in &stored {
            let text = String::from_utf8_lossy(bytes);
            let last = text.lines().last().unwrap_or_default();
            let mut w = last
                .strip_prefix("# writer ")
                .unwrap_or_default()
                .split(" save ");
            let (tag, i) = (w.next().unwrap_or_default(), w.next().unwrap_or_default());
            let i: usize = i.parse().unwrap_or(usize::MAX);
            assert_eq!(bytes, &content(tag, i), "version {number} is a whole save");
        }
    }
}

#[test]
fn two_writers_at_once_lose_nothing() {
    let dir = common::scratch("two");
    let db = dir.join("lib.sqlite");
    // Create the database first so both children only write.
    drop(Library::open(&db).unwrap());
    let per = 40;
    let children = [spawn(&db, "A", per), spawn(&db, "B", per)];
    let mut acked = Vec::new();
    for mut child in children {
        let out = BufReader::new(child.stdout.take().unwrap());
        acked.extend(out.lines().map_while(Result::ok).filter_map(|l| ack(&l)));
        assert!(child.wait().unwrap().success());
    }
    assert_eq!(acked.len(), 2 * per);
    let stored = check(&db);
    assert_eq!(
        stored.len(),
        2 * per,
        "every save of both writers is a version"
    );
    for (tag, i, version) in &acked {
        assert_eq!(stored.get(version), Some(&content(tag, *i)));
    }
    // No version number was handed to both writers.
    let mut versions: Vec<i64> = acked.iter().map(|a| a.2).collect();
    versions.sort_unstable();
    versions.dedup();
    assert_eq!(versions.len(), 2 * per, "no version number given twice");
}

/// Sweep2 item 10: several writers opening a database that does not exist yet. Before, the
/// busy timeout did not cover creating the file's schema and switching it to WAL, so one
/// of them now and then failed at once with "database is locked".
#[test]
fn writers_opening_a_fresh_database_at_once_all_save() {
    let dir = common::scratch("fresh-threads");
    let (rounds, writers) = (100, 8);
    for round in 0..rounds {
        let db = dir.join(format!("round{round}.sqlite"));
        let start = std::sync::Barrier::new(writers);
        let results: Vec<Result<i64, String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..writers)
                .map(|w| {
                    let (db, start) = (&db, &start);
                    scope.spawn(move || {
                        start.wait();
                        let tag = format!("t{w}");
                        let bytes = content(&tag, round);
                        let mut lib = Library::open(db).map_err(|e| e.to_string())?;
                        lib.save(&SaveRequest {
                            name: SHARED,
                            label: "shared.toml",
                            content: &bytes,
                            author: &tag,
                            message: "fresh",
                            tags: &[],
                        })
                        .map(|s| s.version)
                        .map_err(|e| e.to_string())
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut versions = Vec::new();
        for (w, r) in results.into_iter().enumerate() {
            match r {
                Ok(v) => versions.push(v),
                Err(e) => panic!("round {round}, writer {w}: {e}"),
            }
        }
        versions.sort_unstable();
        let expected: Vec<i64> = (1..=writers as i64).collect();
        assert_eq!(versions, expected, "round {round}");
        assert_eq!(check(&db).len(), writers, "round {round}");
    }
}

/// As [`writers_opening_a_fresh_database_at_once_all_save`], with separate processes, as two
/// `parley library save` commands would be.
#[test]
fn processes_opening_a_fresh_database_at_once_all_save() {
    let dir = common::scratch("fresh-processes");
    let (rounds, writers) = (30, 8);
    for round in 0..rounds {
        let db = dir.join(format!("round{round}.sqlite"));
        let children: Vec<Child> = (0..writers)
            .map(|w| spawn(&db, &format!("p{w}"), 1))
            .collect();
        let mut acked = Vec::new();
        for (w, mut child) in children.into_iter().enumerate() {
            let out = BufReader::new(child.stdout.take().unwrap());
            acked.extend(out.lines().map_while(Result::ok).filter_map(|l| ack(&l)));
            assert!(
                child.wait().unwrap().success(),
                "round {round}: writer p{w} failed"
            );
        }
        assert_eq!(acked.len(), writers, "round {round}");
        assert_eq!(check(&db).len(), writers, "round {round}");
    }
}

/// A file that is not a database is named in the error (sweep 4 item 13, sweep 5 item 17):
/// SQLite opens any file and fails only at the first statement, which named no file.
#[test]
fn a_file_that_is_not_a_database_is_named() {
    let dir = std::env::temp_dir().join(format!("parley-notdb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("notes.sqlite");
    std::fs::write(&path, "these are notes, not a database\n".repeat(200)).unwrap();
    let Err(err) = Library::open(&path) else {
        panic!("a text file opened as a library");
    };
    let message = err.to_string();
    assert!(
        message.starts_with(&format!(
            "cannot open the library database {}",
            path.display()
        )),
        "{message}"
    );
    // Nothing was written to it.
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "these are notes, not a database\n".repeat(200)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
