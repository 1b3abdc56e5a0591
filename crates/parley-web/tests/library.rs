//! The library API (`/api/library...`) through the router on a temporary database: save, list,
//! history, load a version byte for byte, diff, and the refusals (bad name, unknown scenario or
//! version, invalid scenario, a database from a newer Parley), none of which writes anything.
#![allow(clippy::unwrap_used)]

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{Reply, flagship_doc, flagship_toml, post_request};
use http_body_util::BodyExt;
use parley_web::{Access, AppState, Limits, router};
use serde_json::{Value, json};
use tower::ServiceExt;

struct Server {
    app: axum::Router,
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
}

impl Server {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("sub").join("library.sqlite");
        let state = AppState::with_library(Limits::default(), Access::default(), Some(db.clone()));
        Self {
            app: router(state),
            _dir: dir,
            db,
        }
    }

    async fn send(&self, req: Request<Body>) -> Reply {
        let response = self.app.clone().oneshot(req).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            bytes: bytes.to_vec(),
        }
    }

    async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    async fn post(&self, path: &str, body: &Value) -> Reply {
        self.send(post_request(path, body.to_string())).await
    }
}

#[tokio::test]
async fn save_list_load_and_diff_round_trip() {
    let s = Server::new();
    let empty = s.get("/api/library").await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.text());
    assert_eq!(empty.json()["scenarios"], json!([]));
    assert_eq!(empty.json()["db"], json!(s.db.display().to_string()));

    // Version 1: the flagship's TOML, kept byte for byte.
    let first = s
        .post(
            "/api/library/gb",
            &json!({ "toml": flagship_toml(), "author": "ana", "message": "as coded" }),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    assert_eq!(
        first.json(),
        json!({ "name": "gb", "version": 1, "unchanged": false })
    );
    // The same text again makes no version.
    let again = s
        .post("/api/library/gb", &json!({ "toml": flagship_toml() }))
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["unchanged"], json!(true));

    // Version 2: the editor's document with one salience changed.
    let mut doc = flagship_doc();
    let before = doc["actor"][0]["stance"]["iran_nuclear"]["salience"]["value"].clone();
    doc["actor"][0]["stance"]["iran_nuclear"]["salience"]["value"] = json!(0.2);
    doc["actor"][0]["stance"]["iran_nuclear"]["salience"]["low"] = json!(0.0);
    let second = s
        .post(
            "/api/library/gb",
            &json!({ "scenario": doc, "message": "salience" }),
        )
        .await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.text());
    assert_eq!(second.json()["version"], json!(2));

    let list = s.get("/api/library").await.json();
    assert_eq!(list["scenarios"][0]["name"], json!("gb"));
    assert_eq!(list["scenarios"][0]["versions"], json!(2));
    assert_eq!(list["scenarios"][0]["latest"]["message"], json!("salience"));
    let by_actor = s.get("/api/library?actor=usa").await.json();
    assert_eq!(by_actor["scenarios"].as_array().unwrap().len(), 1);
    let none = s.get("/api/library?actor=nobody").await.json();
    assert_eq!(none["scenarios"], json!([]));

    let history = s.get("/api/library/gb").await.json();
    let versions = history["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["author"], json!("ana"));
    assert_eq!(versions[0]["message"], json!("as coded"));
    assert_eq!(versions[1]["author"], json!("web"));
    assert_eq!(versions[1]["format"], json!("json"));

    // Version 1 comes back byte-identical, and as the editor's document.
    let v1 = s.get("/api/library/gb/versions/1").await.json();
    assert_eq!(v1["content"], json!(flagship_toml()));
    assert_eq!(v1["scenario"], flagship_doc());
    let latest = s.get("/api/library/gb/versions/latest").await.json();
    assert_eq!(latest["version"]["number"], json!(2));
    assert_eq!(latest["scenario"], doc);

    let diff = s.get("/api/library/gb/diff?from=1&to=2").await;
    assert_eq!(diff.status, StatusCode::OK, "{}", diff.text());
    let changes = diff.json()["changes"].as_array().unwrap().clone();
    assert_eq!(changes.len(), 2, "{changes:?}");
    let value = changes
        .iter()
        .find(|c| {
            c["path"]
                .as_str()
                .unwrap()
                .ends_with("iran_nuclear.salience.value")
        })
        .unwrap_or_else(|| panic!("{changes:?}"));
    assert_eq!(value["before"], json!(before.to_string()));
    assert_eq!(value["after"], json!("0.2"));
    let same = s.get("/api/library/gb/diff?from=2").await.json();
    assert_eq!(same["changes"], json!([]));
}

#[tokio::test]
async fn refusals_name_the_problem_and_write_nothing() {
    let s = Server::new();
    let ok = s
        .post("/api/library/gb", &json!({ "toml": flagship_toml() }))
        .await;
    assert_eq!(ok.status, StatusCode::CREATED);

    let bad_name = s
        .post("/api/library/.hidden", &json!({ "toml": flagship_toml() }))
        .await;
    assert_eq!(bad_name.status, StatusCode::BAD_REQUEST);
    assert!(
        bad_name.text().contains("bad scenario name"),
        "{}",
        bad_name.text()
    );

    let both = s
        .post(
            "/api/library/gb",
            &json!({ "toml": flagship_toml(), "scenario": flagship_doc() }),
        )
        .await;
    assert_eq!(both.status, StatusCode::BAD_REQUEST);
    let neither = s.post("/api/library/gb", &json!({})).await;
    assert_eq!(neither.status, StatusCode::BAD_REQUEST);

    let mut doc = flagship_doc();
    doc["actor"][0]["stance"]["iran_nuclear"]["salience"]["value"] = json!(1.5);
    let invalid = s.post("/api/library/gb", &json!({ "scenario": doc })).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid.code(), "invalid-scenario");
    assert!(
        invalid.json()["error"]["problems"][0]["path"]
            .as_str()
            .unwrap()
            .contains("salience"),
        "{}",
        invalid.text()
    );

    // An empty tag would be stored and listed as nothing (sweep item 16).
    let mut changed = flagship_doc();
    changed["actor"][0]["stance"]["iran_nuclear"]["salience"]["value"] = json!(0.6);
    let empty_tag = s
        .post(
            "/api/library/gb",
            &json!({ "scenario": changed, "tags": ["iran", " "] }),
        )
        .await;
    assert_eq!(
        empty_tag.status,
        StatusCode::BAD_REQUEST,
        "{}",
        empty_tag.text()
    );
    assert!(
        empty_tag.text().contains("empty tag (tag 2 of 2)"),
        "{}",
        empty_tag.text()
    );

    let unknown = s.get("/api/library/nope").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.text().contains("stored: gb"), "{}", unknown.text());
    let no_version = s.get("/api/library/gb/versions/7").await;
    assert_eq!(no_version.status, StatusCode::NOT_FOUND);
    assert!(
        no_version.text().contains("versions 1 to 1"),
        "{}",
        no_version.text()
    );
    let bad_version = s.get("/api/library/gb/versions/zero").await;
    assert_eq!(bad_version.status, StatusCode::BAD_REQUEST);
    let bad_diff = s.get("/api/library/gb/diff?from=0").await;
    assert_eq!(bad_diff.status, StatusCode::BAD_REQUEST);

    // Nothing above wrote a version.
    let history = s.get("/api/library/gb").await.json();
    assert_eq!(history["versions"].as_array().unwrap().len(), 1);
    assert_eq!(
        s.get("/api/library").await.json()["scenarios"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn a_database_from_a_newer_parley_is_refused_untouched() {
    let s = Server::new();
    {
        let lib = parley_library::Library::open(&s.db).unwrap();
        lib.connection()
            .pragma_update(None, "user_version", 999)
            .unwrap();
    }
    let before = std::fs::read(&s.db).unwrap();
    let r = s
        .post("/api/library/gb", &json!({ "toml": flagship_toml() }))
        .await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.text());
    assert_eq!(r.code(), "library-unavailable");
    assert!(r.text().contains("schema version 999"), "{}", r.text());
    let list = s.get("/api/library").await;
    assert_eq!(list.code(), "library-unavailable");
    assert_eq!(std::fs::read(&s.db).unwrap(), before);
}

#[tokio::test]
async fn with_a_token_the_library_answers_only_requests_that_send_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite");
    let access = Access {
        allowed_hosts: Vec::new(),
        token: Some("s3cret".into()),
    };
    let app = router(AppState::with_library(
        Limits::default(),
        access,
        Some(db.clone()),
    ));
    let body = json!({ "toml": flagship_toml() }).to_string();
    let without = app
        .clone()
        .oneshot(post_request("/api/library/gb", body.clone()))
        .await
        .unwrap();
    assert_eq!(without.status(), StatusCode::UNAUTHORIZED);
    let list = app
        .clone()
        .oneshot(Request::get("/api/library").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(list.status(), StatusCode::UNAUTHORIZED);
    // Refused before the database is touched: not even created.
    assert!(!db.exists());
    let mut with = post_request("/api/library/gb", body);
    with.headers_mut()
        .insert("authorization", "Bearer s3cret".parse().unwrap());
    let saved = app.oneshot(with).await.unwrap();
    assert_eq!(saved.status(), StatusCode::CREATED);
    assert!(db.exists());
}

/// Sweep2 item 18: the track of a name that is neither a stored scenario nor the key of any
/// sealed forecast answered 200 with no questions, as if it existed; a key sealed from a file
/// (not saved in the library) still has its track.
#[tokio::test]
async fn the_track_of_an_unknown_scenario_is_404_and_a_sealed_file_key_is_found() {
    let s = Server::new();
    let ok = s
        .post("/api/library/gb", &json!({ "toml": flagship_toml() }))
        .await;
    assert_eq!(ok.status, StatusCode::CREATED);
    let nope = s.get("/api/library/nope/track").await;
    assert_eq!(nope.status, StatusCode::NOT_FOUND, "{}", nope.text());
    assert_eq!(nope.code(), "not-found");
    assert!(
        nope.text().contains("no scenario named 'nope'") && nope.text().contains("stored: gb"),
        "{}",
        nope.text()
    );
    // Stored, nothing sealed: found, no questions.
    let stored = s.get("/api/library/gb/track").await;
    assert_eq!(stored.status, StatusCode::OK, "{}", stored.text());
    assert_eq!(stored.json()["questions"], json!([]));
    // Sealed under a file's stem, never saved: found, with its questions.
    let text = flagship_toml();
    let scenario =
        parley_scenario::read_str("stem.toml", text, parley_scenario::Format::Toml).unwrap();
    let chosen = vec![parley_core::models::by_id("compromise").unwrap()];
    let p = parley_library::forecast("stem", &scenario, text.as_bytes(), &chosen, 10, 1).unwrap();
    let record = parley_library::RunRecord {
        scenario: "stem".into(),
        version: None,
        scenario_sha256: parley_library::sha256_hex(text.as_bytes()),
        parley_version: "test".into(),
        models: vec!["compromise".into()],
        seed: 1,
        runs: 10,
        outputs: json!({}),
    };
    parley_library::Library::open(&s.db)
        .unwrap()
        .seal(&record, &p)
        .unwrap();
    let sealed = s.get("/api/library/stem/track").await;
    assert_eq!(sealed.status, StatusCode::OK, "{}", sealed.text());
    assert!(
        !sealed.json()["questions"].as_array().unwrap().is_empty(),
        "{}",
        sealed.text()
    );
}

/// Sweep2 item 18: query strings are read in the API's words. `diff` without `from` said
/// "Failed to deserialize query string: missing field `from`" (the framework's wording), and
/// an unknown or repeated parameter of `diff` or `list` was told the same way.
#[tokio::test]
async fn query_parameters_missing_unknown_or_repeated_are_named_in_the_apis_words() {
    let s = Server::new();
    let ok = s
        .post("/api/library/gb", &json!({ "toml": flagship_toml() }))
        .await;
    assert_eq!(ok.status, StatusCode::CREATED);
    for (path, says) in [
        (
            "/api/library/gb/diff",
            "GET /api/library/{name}/diff needs the query parameter 'from', the older version: \
             a number (1, 2, ...) or 'latest', e.g. ?from=1&to=latest",
        ),
        (
            "/api/library/gb/diff?to=1",
            "needs the query parameter 'from'",
        ),
        (
            "/api/library/gb/diff?from=1&since=2",
            "GET /api/library/{name}/diff has no query parameter 'since'; it takes: from (the \
             older version: a number or 'latest'; required), to (the newer version: a number \
             or 'latest', the default)",
        ),
        (
            "/api/library/gb/diff?from=1&from=latest",
            "the query parameter 'from' of GET /api/library/{name}/diff is given twice",
        ),
        (
            "/api/library?colour=red",
            "GET /api/library has no query parameter 'colour'; it takes: actor (an actor id), \
             issue (an issue id), tag (a tag)",
        ),
        (
            "/api/library?tag=a&tag=b",
            "the query parameter 'tag' of GET /api/library is given twice",
        ),
    ] {
        let r = s.get(path).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.text());
        assert_eq!(r.code(), "bad-request", "{path}");
        let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
        assert!(message.contains(says), "{path}: {message}");
        assert!(!message.contains("deserialize"), "{path}: {message}");
    }
    // What is allowed still works.
    let diff = s.get("/api/library/gb/diff?from=1&to=latest").await;
    assert_eq!(diff.status, StatusCode::OK, "{}", diff.text());
    let listed = s.get("/api/library?actor=usa&issue=iran_nuclear").await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text());
    assert_eq!(listed.json()["scenarios"].as_array().unwrap().len(), 1);
    let none = s.get("/api/library?tag=nothing").await;
    assert_eq!(none.json()["scenarios"], json!([]));
}
