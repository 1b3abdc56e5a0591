//! A saved scenario comes back byte for byte, at every version, through `get`, `export` and
//! `restore`; history, diff, search and bad references behave.
#![allow(clippy::unwrap_used)]

mod common;

use parley_library::store::Filter;
use parley_library::{Library, LibraryError, Reference, SaveRequest};

fn save(lib: &mut Library, name: &str, label: &str, content: &[u8], msg: &str) -> i64 {
    let saved = lib
        .save(&SaveRequest {
            name,
            label,
            content,
            author: "tester",
            message: msg,
            tags: &[],
        })
        .unwrap();
    assert!(!saved.unchanged);
    saved.version
}

#[test]
fn every_version_restores_byte_identical() {
    let dir = common::scratch("roundtrip");
    let mut lib = Library::open(&dir.join("lib.sqlite")).unwrap();
    let base = common::repo_text("scenarios/grand-bargain-2025.toml");
    // Variants a text-normalising store would break: CRLF line ends, a byte-order mark,
    // trailing spaces, no final newline, non-ASCII text in a comment.
    let variants: Vec<Vec<u8>> = vec![
        base.clone().into_bytes(),
        base.replace('\n', "\r\n").into_bytes(),
        format!("\u{feff}{base}").into_bytes(),
        base.replace("seed = 20250304", "seed = 20250304   ")
            .into_bytes(),
        base.trim_end().to_owned().into_bytes(),
        format!("# Überarbeitet – 2025\n{base}").into_bytes(),
    ];
    for (i, v) in variants.iter().enumerate() {
        let n = save(
            &mut lib,
            "flagship",
            "flagship.toml",
            v,
            &format!("variant {i}"),
        );
        assert_eq!(n, i as i64 + 1);
    }
    for (i, v) in variants.iter().enumerate() {
        let r: Reference = format!("flagship@{}", i + 1).parse().unwrap();
        assert_eq!(&lib.get(&r).unwrap().content, v, "get, version {}", i + 1);
        let out = dir.join(format!("export-{i}.toml"));
        lib.export(&r, &out).unwrap();
        assert_eq!(
            &std::fs::read(&out).unwrap(),
            v,
            "export, version {}",
            i + 1
        );
    }
    // Restoring version 2 makes version 7 with version 2's exact bytes.
    let restored = lib
        .restore(&"flagship@2".parse().unwrap(), "tester", None)
        .unwrap();
    assert_eq!(restored.version, 7);
    let latest = lib.get(&"flagship".parse().unwrap()).unwrap();
    assert_eq!(latest.content, variants[1]);
    assert_eq!(latest.info.message, "restore of version 2");
    // Reopening the file changes nothing.
    drop(lib);
    let lib = Library::open(&dir.join("lib.sqlite")).unwrap();
    for (i, v) in variants.iter().enumerate() {
        let r: Reference = format!("flagship@{}", i + 1).parse().unwrap();
        assert_eq!(&lib.get(&r).unwrap().content, v);
    }
    assert_eq!(lib.history("flagship").unwrap().len(), 7);
}

#[test]
fn json_scenarios_round_trip_too() {
    let dir = common::scratch("roundtrip-json");
    let mut lib = Library::open(&dir.join("lib.sqlite")).unwrap();
    let json = br#"{"scenario": {"name": "J"}, "issue": [{"id": "x", "name": "X", "low": "none", "high": "all"}],
        "actor": [{"id": "a", "name": "A", "capability": 1, "stance": {"x": {"position": 10, "salience": 1}}},
                  {"id": "b", "name": "B", "capability": 2, "stance": {"x": {"position": 90, "salience": 1}}}]}"#;
    save(&mut lib, "j", "j.json", json, "");
    let v = lib.get(&"j@1".parse().unwrap()).unwrap();
    assert_eq!(v.content, json.to_vec());
    assert_eq!(v.info.format, "json");
}

#[test]
fn saving_the_same_bytes_makes_no_version_and_invalid_content_is_refused() {
    let dir = common::scratch("unchanged");
    let mut lib = Library::open(&dir.join("lib.sqlite")).unwrap();
    let toy = common::toy("a");
    save(&mut lib, "toy", "toy.toml", &toy, "first");
    let again = lib
        .save(&SaveRequest {
            name: "toy",
            label: "toy.toml",
            content: &toy,
            author: "t",
            message: "again",
            tags: &[],
        })
        .unwrap();
    assert!(again.unchanged);
    assert_eq!(again.version, 1);
    let bad = lib.save(&SaveRequest {
        name: "toy",
        label: "toy.toml",
        content: b"[scenario]\nname = 3\n",
        author: "t",
        message: "broken",
        tags: &[],
    });
    assert!(
        matches!(bad, Err(LibraryError::InvalidScenario { .. })),
        "{bad:?}"
    );
    assert_eq!(lib.history("toy").unwrap().len(), 1, "nothing was saved");
}

#[test]
fn diff_names_each_changed_field() {
    let dir = common::scratch("diff");
    let mut lib = Library::open(&dir.join("lib.sqlite")).unwrap();
    let a = common::repo_text("scenarios/toy-tariff.toml");
    // Change one salience and the status quo; reformatting alone would not show.
    let b = a
        .replace("salience = 0.5", "salience = 0.25")
        .replace("status_quo = 20 ", "status_quo = 30 ");
    assert_ne!(a, b);
    save(&mut lib, "toy", "toy.toml", a.as_bytes(), "");
    save(&mut lib, "toy", "toy.toml", b.as_bytes(), "");
    let va = lib.get(&"toy@1".parse().unwrap()).unwrap();
    let vb = lib.get(&"toy@2".parse().unwrap()).unwrap();
    let changes = parley_library::diff_versions(&va, &vb).unwrap();
    let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
    assert!(
        paths.contains(&"issue[tariff].status_quo.value"),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"actor[south].stance.tariff.salience.value"),
        "{paths:?}"
    );
    assert_eq!(changes.len(), 2, "{changes:?}");
    let sal = changes
        .iter()
        .find(|c| c.path.ends_with("salience.value"))
        .unwrap();
    assert_eq!(sal.before.as_deref(), Some("0.5"));
    assert_eq!(sal.after.as_deref(), Some("0.25"));
    assert!(parley_library::diff_versions(&va, &va).unwrap().is_empty());
}

#[test]
fn search_by_actor_issue_and_tag() {
    let dir = common::scratch("search");
    let mut lib = Library::open(&dir.join("lib.sqlite")).unwrap();
    let flagship = common::repo_text("scenarios/grand-bargain-2025.toml");
    lib.save(&SaveRequest {
        name: "gb",
        label: "gb.toml",
        content: flagship.as_bytes(),
        author: "t",
        message: "",
        tags: &["iran".to_owned()],
    })
    .unwrap();
    save(&mut lib, "toy", "toy.toml", &common::toy("x"), "");
    let names =
        |f: Filter| -> Vec<String> { lib.list(&f).unwrap().into_iter().map(|s| s.name).collect() };
    assert_eq!(names(Filter::default()), ["gb", "toy"]);
    let by_actor = Filter {
        actor: Some("north".into()),
        ..Filter::default()
    };
    assert_eq!(names(by_actor), ["toy"]);
    let by_issue = Filter {
        issue: Some("ukraine_aid".into()),
        ..Filter::default()
    };
    assert_eq!(names(by_issue), ["gb"]);
    let by_tag = Filter {
        tag: Some("iran".into()),
        ..Filter::default()
    };
    assert_eq!(names(by_tag), ["gb"]);
    let none = Filter {
        actor: Some("nobody".into()),
        ..Filter::default()
    };
    assert!(names(none).is_empty());
}

#[test]
fn bad_references_and_unknown_versions_are_clear_errors() {
    let dir = common::scratch("refs");
    let mut lib = Library::open(&dir.join("lib.sqlite")).unwrap();
    save(&mut lib, "toy", "toy.toml", &common::toy("r"), "");
    for bad in ["", "toy@", "toy@0", "toy@x", "../etc", "-x"] {
        assert!(
            matches!(
                bad.parse::<Reference>(),
                Err(LibraryError::BadReference { .. })
            ),
            "{bad}"
        );
    }
    let e = lib.get(&"toy@5".parse().unwrap()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "scenario 'toy' has no version 5; it has versions 1 to 1"
    );
    let e = lib.get(&"nope".parse().unwrap()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "no scenario named 'nope' in the library; stored: toy"
    );
}
