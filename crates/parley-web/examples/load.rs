//! A bounded loopback load generator for `parley serve` (docs/reliability.md, "## Server"):
//! requests/s and latency percentiles of one endpoint at a given concurrency.
//!
//! ```sh
//! cargo run --release -p parley-web --example load -- ADDR PATH CONCURRENCY SECONDS
//! # e.g. 127.0.0.1:8080 /api/validate 8 10     (POST '{}'; GET for /api/models)
//! ```
//!
//! Only loopback addresses are accepted; each client opens one connection per request
//! (`Connection: close`), like the integration tests. Bounded: at most 120 s, 256 clients.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let addr: SocketAddr = args.get(1).expect("ADDR").parse().expect("an address");
    assert!(addr.ip().is_loopback(), "loopback addresses only");
    let path = args
        .get(2)
        .cloned()
        .unwrap_or_else(|| "/api/validate".into());
    let clients: usize = args.get(3).map_or(1, |c| c.parse().expect("CONCURRENCY"));
    let seconds: u64 = args.get(4).map_or(10, |s| s.parse().expect("SECONDS"));
    assert!((1..=256).contains(&clients) && (1..=120).contains(&seconds));
    let request = if path == "/api/models" {
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
    } else {
        format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
        )
    };
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let request = request.clone();
        tasks.push(tokio::spawn(async move {
            let (mut lat, mut errors) = (Vec::new(), 0usize);
            while Instant::now() < until {
                let t = Instant::now();
                let ok = async {
                    let mut s = TcpStream::connect(addr).await.ok()?;
                    s.write_all(request.as_bytes()).await.ok()?;
                    let mut out = Vec::new();
                    s.read_to_end(&mut out).await.ok()?;
                    Some(out.starts_with(b"HTTP/1.1 200"))
                }
                .await;
                if ok == Some(true) {
                    lat.push(t.elapsed());
                } else {
                    errors += 1;
                }
            }
            (lat, errors)
        }));
    }
    let (mut lat, mut errors) = (Vec::new(), 0);
    for t in tasks {
        let (l, e) = t.await.unwrap();
        lat.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    lat.sort();
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p).ceil() as usize).saturating_sub(1))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{path} c={clients}: {} ok, {errors} errors in {elapsed:.1} s: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms",
        lat.len(),
        lat.len() as f64 / elapsed,
        pct(0.5),
        pct(0.99)
    );
}
