//! `parley serve` and the web API against the CLI: each API endpoint returns the same JSON as
//! the command it mirrors, and the served binary answers on loopback.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

fn cli_json(args: &[&str]) -> Value {
    let o = Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "parley {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

fn api(path: &str, body: Value) -> Value {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let app = parley_web::router(parley_web::AppState::new(parley_web::Limits::default()));
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let response = app.oneshot(req).await.unwrap();
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        serde_json::from_slice(&bytes).unwrap()
    })
}

#[test]
fn run_is_the_same_through_the_api() {
    assert_eq!(
        cli_json(&["run", "--format", "json"]),
        api("/api/run", json!({}))
    );
    assert_eq!(
        cli_json(&[
            "run",
            "--format",
            "json",
            "--model",
            "nbs,eum",
            "--what-if",
            "us_stops_aid"
        ]),
        api(
            "/api/run",
            json!({ "models": ["nbs", "eum"], "what_if": "us_stops_aid" })
        )
    );
}

#[test]
fn the_eum_variant_and_smp_are_the_same_through_the_api() {
    assert_eq!(
        cli_json(&[
            "run",
            "--format",
            "json",
            "--model",
            "eum,smp",
            "--eum-variant",
            "scholz"
        ]),
        api(
            "/api/run",
            json!({ "models": ["eum", "smp"], "eum_variant": "scholz" })
        )
    );
    assert_eq!(
        cli_json(&[
            "run",
            "--format",
            "json",
            "--model",
            "smp",
            "--smp",
            "voting_rule=binary",
            "--smp",
            "big_r_range=max"
        ]),
        api(
            "/api/run",
            json!({ "models": ["smp"], "smp": ["voting_rule=binary", "big_r_range=max"] })
        )
    );
    assert_eq!(
        cli_json(&[
            "mc",
            "--runs",
            "8",
            "--seed",
            "4",
            "--model",
            "eum,smp",
            "--eum-variant",
            "scholz",
            "--format",
            "json"
        ]),
        api(
            "/api/mc",
            json!({ "runs": 8, "seed": 4, "models": ["eum", "smp"], "eum_variant": "scholz" })
        )
    );
}

#[test]
fn mc_sensitivity_compare_and_bargain_are_the_same_through_the_api() {
    assert_eq!(
        cli_json(&[
            "mc",
            "--runs",
            "40",
            "--seed",
            "9",
            "--model",
            "compromise,nbs",
            "--condition",
            "ukraine_aid <= 40",
            "--format",
            "json"
        ]),
        api(
            "/api/mc",
            json!({ "runs": 40, "seed": 9, "models": ["compromise", "nbs"], "conditions": ["ukraine_aid <= 40"] })
        )
    );
    assert_eq!(
        cli_json(&[
            "sensitivity",
            "--runs",
            "30",
            "--seed",
            "1",
            "--model",
            "compromise",
            "--format",
            "json"
        ]),
        api(
            "/api/sensitivity",
            json!({ "runs": 30, "seed": 1, "models": ["compromise"] })
        )
    );
    assert_eq!(
        cli_json(&[
            "compare",
            "--model",
            "compromise",
            "--set",
            "rus.capability *= 2",
            "--format",
            "json"
        ]),
        api(
            "/api/compare",
            json!({ "models": ["compromise"], "set": ["rus.capability *= 2"] })
        )
    );
    assert_eq!(
        cli_json(&["bargain", "--runs", "20", "--format", "json"]),
        api("/api/bargain", json!({ "runs": 20 }))
    );
}

#[test]
fn validation_gives_the_cli_messages() {
    let text = parley_web::input::FLAGSHIP_TOML.replacen("value = 0.55", "value = 55", 1);
    let dir = std::env::temp_dir().join(format!("parley-serve-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.toml");
    std::fs::write(&file, &text).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(["validate", file.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let cli = String::from_utf8_lossy(&o.stderr).into_owned();
    let answer = api("/api/validate", json!({ "toml": text }));
    let problem = &answer["problems"][0];
    assert!(
        cli.contains(problem["message"].as_str().unwrap()),
        "{cli}\n{answer}"
    );
    assert!(cli.contains(&format!("error[{}]", problem["code"].as_str().unwrap())));
    assert!(
        cli.contains(&format!(":{}:{}", problem["line"], problem["column"])),
        "{cli}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// Kills the server it holds when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn http_get(addr: &str, path: &str, host: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn serve_listens_on_loopback_and_answers() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(["serve", "--port", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    let mut line = String::new();
    BufReader::new(stderr).read_line(&mut line).unwrap();
    // "Parley workbench on http://127.0.0.1:PORT/ ..."
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");
    let page = http_get(&addr, "/", &addr);
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("/assets/app.js"));
    let models = http_get(&addr, "/api/models", "localhost");
    assert!(
        models.starts_with("HTTP/1.1 200") && models.contains("\"compromise\""),
        "{models}"
    );
    let rebound = http_get(&addr, "/api/models", "attacker.example");
    assert!(rebound.starts_with("HTTP/1.1 421"), "{rebound}");
    drop(server);
}

/// Limits that would refuse every request, or that are over the cap, are refused at start
/// (sweep3 item 16: `--max-runs 0` started a server that refused the page's own defaults, and
/// `--max-runs 5000000` was silently lowered to 1,000,000).
#[test]
fn serve_rejects_limits_out_of_range() {
    for (flag, value, says) in [
        ("--timeout", "0", "at least 1 second"),
        ("--max-runs", "0", "must be 1 to 1000000"),
        ("--max-runs", "5000000", "must be 1 to 1000000"),
    ] {
        let child = Command::new(env!("CARGO_BIN_EXE_parley"))
            .args(["serve", "--port", "0", flag, value])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut server = Server(child);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let status = loop {
            if let Some(status) = server.0.try_wait().unwrap() {
                break status;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "parley serve {flag} {value} kept running"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        assert_eq!(status.code(), Some(2), "{flag} {value}");
        let mut err = String::new();
        std::io::Read::read_to_string(server.0.stderr.as_mut().unwrap(), &mut err).unwrap();
        assert!(err.contains(says), "{flag} {value}: {err}");
    }
}
