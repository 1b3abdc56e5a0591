//! The library's safety with the real server in its own process: saves sent over HTTP while the
//! process is killed with SIGKILL leave a database that passes `PRAGMA integrity_check` and
//! holds every save the server acknowledged, byte for byte; and two clients saving to the same
//! scenario at once both get their versions, none lost.
//!
//! The server process is this test binary itself, run with `--ignored --exact child_server`
//! (the helper below), so the test needs no other binary and kills a real server: a process
//! with its own runtime, sockets and SQLite connection.
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use parley_library::{Library, Reference, sha256_hex};
use serde_json::{Value, json};

const DB_ENV: &str = "PARLEY_TEST_CHILD_DB";
const ADDR_ENV: &str = "PARLEY_TEST_CHILD_ADDR";

/// Not a test: the server process the tests below start and kill. It serves the library at
/// `$PARLEY_TEST_CHILD_DB` on a free loopback port, writes the address to
/// `$PARLEY_TEST_CHILD_ADDR`, and runs until killed.
#[test]
#[ignore = "helper: the server process the other tests start (and kill)"]
fn child_server() {
    let (Some(db), Some(addr_file)) = (std::env::var_os(DB_ENV), std::env::var_os(ADDR_ENV)) else {
        panic!("child_server is run by the other tests, with {DB_ENV} and {ADDR_ENV} set");
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let tmp = PathBuf::from(&addr_file).with_extension("tmp");
        std::fs::write(&tmp, addr.to_string()).unwrap();
        std::fs::rename(&tmp, &addr_file).unwrap();
        let state = parley_web::AppState::with_library(
            parley_web::Limits::default(),
            parley_web::Access::default(),
            Some(PathBuf::from(db)),
        );
        parley_web::serve_until(listener, state, std::future::pending())
            .await
            .unwrap();
    });
}

/// The server process; killed (SIGKILL) when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(db: &Path, dir: &Path, round: usize) -> Self {
        let addr_file = dir.join(format!("addr-{round}"));
        let child = Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", "child_server", "--test-threads=1"])
            .env(DB_ENV, db)
            .env(ADDR_ENV, &addr_file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        let addr = loop {
            if let Ok(text) = std::fs::read_to_string(&addr_file) {
                break text.parse().unwrap();
            }
            assert!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(Duration::from_millis(20));
        };
        Self { child, addr }
    }

    /// SIGKILL, and wait for the process to be gone.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One HTTP/1.1 request; the status and body, or `None` if the connection failed (the server
/// was killed).
fn request(addr: SocketAddr, method: &str, path: &str, body: &str) -> Option<(u16, Value)> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(60))).ok()?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).ok()?;
    s.write_all(body.as_bytes()).ok()?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).ok()?;
    let text = String::from_utf8_lossy(&out);
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, serde_json::from_str(body).ok()?))
}

/// A distinct, valid scenario text: the flagship with a comment naming who saved it.
fn content(writer: usize, i: usize) -> String {
    format!(
        "{}\n# writer {writer}, save {i}\n",
        parley_web::input::FLAGSHIP_TOML
    )
}

/// An acknowledged save: scenario, version, SHA-256 of the bytes sent.
type Ack = (String, i64, String);

/// Saves `text` as `name`; the acknowledged version, or `None` when no 201 came back.
fn save(addr: SocketAddr, name: &str, text: &str) -> Option<i64> {
    let body = json!({ "toml": text, "author": "test", "message": "save" }).to_string();
    let (status, reply) = request(addr, "POST", &format!("/api/library/{name}"), &body)?;
    (status == 201).then(|| reply["version"].as_i64()).flatten()
}

/// Every acknowledged save is stored with exactly the bytes sent, versions run 1..=n without
/// holes, and the database passes SQLite's integrity check.
fn check(db: &Path, acks: &[Ack]) {
    let lib = Library::open(db).unwrap();
    let integrity: String = lib
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    for (name, version, sha) in acks {
        let v = lib
            .get(&Reference {
                name: name.clone(),
                version: Some(*version),
            })
            .unwrap_or_else(|e| panic!("acknowledged {name}@{version} is missing: {e}"));
        assert_eq!(&sha256_hex(&v.content), sha, "{name}@{version}");
    }
    let mut names: Vec<&String> = acks.iter().map(|a| &a.0).collect();
    names.dedup();
    for name in names {
        let numbers: Vec<i64> = lib
            .history(name)
            .unwrap()
            .iter()
            .map(|v| v.number)
            .collect();
        let expected: Vec<i64> = (1..=numbers.len() as i64).collect();
        assert_eq!(numbers, expected, "{name}");
    }
}

#[test]
fn a_server_killed_mid_write_keeps_every_acknowledged_save() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite");
    let acks: Arc<Mutex<Vec<Ack>>> = Arc::default();
    for round in 0..3 {
        let mut server = Server::start(&db, dir.path(), round);
        let addr = server.addr;
        let before = acks.lock().unwrap().len();
        // Four clients save as fast as they can, two to each of two scenarios.
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let acks = Arc::clone(&acks);
                std::thread::spawn(move || {
                    let name = format!("killed-{}", w % 2);
                    let mut sent = 0;
                    for i in 0.. {
                        let text = content(w + 4 * round, i);
                        let Some(version) = save(addr, &name, &text) else {
                            break;
                        };
                        sent += 1;
                        acks.lock().unwrap().push((
                            name.clone(),
                            version,
                            sha256_hex(text.as_bytes()),
                        ));
                    }
                    sent
                })
            })
            .collect();
        // Kill while the clients are still saving: saves are in flight at that moment.
        let deadline = Instant::now() + Duration::from_secs(120);
        while acks.lock().unwrap().len() < before + 20 {
            assert!(
                Instant::now() < deadline,
                "the server acknowledged too few saves"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        server.kill();
        let saved: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
        assert!(saved >= 20);
        eprintln!(
            "round {round}: {saved} saves acknowledged before SIGKILL; each client's next save failed"
        );
        check(&db, &acks.lock().unwrap());
    }
    let acks = acks.lock().unwrap();
    assert!(acks.len() >= 60, "{}", acks.len());
}

#[test]
fn two_clients_saving_to_one_scenario_lose_neither_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite");
    let server = Server::start(&db, dir.path(), 0);
    let addr = server.addr;
    let per_client = 25;
    let clients: Vec<_> = (0..2)
        .map(|c| {
            std::thread::spawn(move || {
                (0..per_client)
                    .map(|i| {
                        let text = content(c, i);
                        let version = save(addr, "shared", &text)
                            .unwrap_or_else(|| panic!("client {c} save {i} was not saved"));
                        ("shared".to_owned(), version, sha256_hex(text.as_bytes()))
                    })
                    .collect::<Vec<Ack>>()
            })
        })
        .collect();
    let acks: Vec<Ack> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    // Every save got its own version, and the history holds all of them.
    let mut versions: Vec<i64> = acks.iter().map(|a| a.1).collect();
    versions.sort_unstable();
    assert_eq!(versions, (1..=2 * per_client as i64).collect::<Vec<_>>());
    let (status, history) = request(addr, "GET", "/api/library/shared", "").unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        history["versions"].as_array().unwrap().len(),
        2 * per_client
    );
    drop(server);
    check(&db, &acks);
}
