//! Every earlier schema upgrades to the current one with its data intact; a database from a
//! newer schema is refused and left byte for byte as it was.
#![allow(clippy::unwrap_used)]

mod common;

use parley_library::schema::CURRENT;
use parley_library::store::Filter;
use parley_library::{Library, LibraryError, Reference, sha256_hex};
use rusqlite::params;

/// Writes, with plain SQL as a Parley of that schema would have, one scenario version (all
/// schemas), its search terms and one run (schema 2 on), one sealed forecast (schema 3 on) and
/// one accepted change of error model (schema 4 on).
fn populate(lib: &Library, schema: i64, content: &[u8]) {
    let c = lib.connection();
    c.execute(
        "INSERT INTO scenario (name, created) VALUES ('old', '2025-01-01T00:00:00Z')",
        [],
    )
    .unwrap();
    c.execute(
        "INSERT INTO version (scenario_id, number, author, created, message, format, content,
         sha256) VALUES (1, 1, 'ann', '2025-01-01T00:00:00Z', 'first', 'toml', ?1, ?2)",
        params![content, sha256_hex(content)],
    )
    .unwrap();
    if schema >= 2 {
        // A schema-2 Parley stored the search terms with each version.
        for (kind, term) in [("actor", "north"), ("actor", "south"), ("issue", "tariff")] {
            c.execute(
                "INSERT INTO version_term (version_id, kind, term) VALUES (1, ?1, ?2)",
                params![kind, term],
            )
            .unwrap();
        }
        c.execute(
            "INSERT INTO run (version_id, scenario, scenario_sha256, parley_version, models, seed,
             runs, created, outputs) VALUES (1, 'old', ?1, '0.0.9', 'nbs', 7, 10,
             '2025-01-02T00:00:00Z', '{\"x\":1}')",
            params![sha256_hex(content)],
        )
        .unwrap();
    }
    if schema >= 3 {
        c.execute(
            "INSERT INTO forecast (run_id, scenario, target, kind, model, payload, commitment,
             sealed_at) VALUES (1, 'old', 'tariff', 'issue', 'nbs', '{}', ?1,
             '2025-01-02T00:00:00Z')",
            params![sha256_hex(b"{}")],
        )
        .unwrap();
    }
    if schema >= 4 {
        c.execute(
            "INSERT INTO error_model_change (run_id, scenario, model, previous_sha256, sha256,
             origin, recorded_at) VALUES (1, 'old', 'nbs', 'aa', 'bb', 'cal.json',
             '2025-01-02T00:00:00Z')",
            [],
        )
        .unwrap();
    }
}

#[test]
fn every_earlier_schema_upgrades_with_its_data() {
    let content = common::toy("from an old Parley");
    for schema in 1..CURRENT {
        let dir = common::scratch(&format!("migrate-{schema}"));
        let path = dir.join("lib.sqlite");
        {
            let lib = Library::open_at_schema(&path, schema).unwrap();
            assert_eq!(lib.schema_version().unwrap(), schema);
            populate(&lib, schema, &content);
        }
        let lib = Library::open(&path).unwrap();
        assert_eq!(lib.schema_version().unwrap(), CURRENT, "from {schema}");
        // The version's bytes are intact.
        let v = lib.get(&"old@1".parse::<Reference>().unwrap()).unwrap();
        assert_eq!(v.content, content, "from {schema}");
        assert_eq!(v.info.author, "ann");
        // Schema 2's upgrade read the stored scenario for search terms.
        let by_actor = Filter {
            actor: Some("south".into()),
            ..Filter::default()
        };
        assert_eq!(lib.list(&by_actor).unwrap().len(), 1, "from {schema}");
        // Runs written under schema 2 are still listed; a database that had none has none.
        let runs = lib.list_runs(10).unwrap();
        assert_eq!(runs.len(), usize::from(schema >= 2), "from {schema}");
        // The upgraded database takes new writes of every kind.
        let mut lib = lib;
        let saved = lib
            .save(&parley_library::SaveRequest {
                name: "old",
                label: "old.toml",
                content: &common::toy("new"),
                author: "bo",
                message: "after upgrade",
                tags: &["t".to_owned()],
            })
            .unwrap();
        assert_eq!(saved.version, 2);
        let integrity: String = lib
            .connection()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok");
    }
}

#[test]
fn the_current_schema_opens_unchanged() {
    let dir = common::scratch("migrate-current");
    let path = dir.join("lib.sqlite");
    {
        let lib = Library::open(&path).unwrap();
        populate(&lib, CURRENT, &common::toy("current"));
    }
    let lib = Library::open(&path).unwrap();
    assert_eq!(lib.schema_version().unwrap(), CURRENT);
    assert_eq!(lib.list_runs(10).unwrap().len(), 1);
}

#[test]
fn a_newer_schema_is_refused_and_nothing_is_written() {
    let dir = common::scratch("migrate-newer");
    let path = dir.join("lib.sqlite");
    {
        let lib = Library::open(&path).unwrap();
        populate(&lib, CURRENT, &common::toy("newer"));
        // Leave WAL mode so the whole database is in the one file compared below.
        lib.connection()
            .pragma_update(None, "journal_mode", "DELETE")
            .unwrap();
        lib.connection()
            .pragma_update(None, "user_version", CURRENT + 1)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Library::open(&path).unwrap_err();
    match &err {
        LibraryError::NewerSchema {
            found, supported, ..
        } => {
            assert_eq!(*found, CURRENT + 1);
            assert_eq!(*supported, CURRENT);
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.contains(&format!("newer than the {CURRENT} this Parley knows")),
        "{text}"
    );
    assert!(text.contains("nothing was written"), "{text}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is untouched"
    );
    assert!(
        !dir.join("lib.sqlite-wal").exists(),
        "no write-ahead log was started"
    );
}
