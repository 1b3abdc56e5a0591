//! The server's own accept loop on a loopback socket: it answers, closes connections that do not
//! send their headers in time, and keeps no more connections open than allowed.
#![allow(clippy::unwrap_used)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use parley_web::{Limits, serve_on};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

async fn start(limits: Limits) -> SocketAddr {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve_on(listener, limits));
    addr
}

/// Reads until the server closes the connection; the bytes, and how long it took.
async fn read_to_close(s: &mut TcpStream, within: Duration) -> (Vec<u8>, Duration) {
    let started = Instant::now();
    let mut out = Vec::new();
    let read = tokio::time::timeout(within, s.read_to_end(&mut out)).await;
    assert!(
        read.is_ok(),
        "the server kept the connection open for {within:?}"
    );
    (out, started.elapsed())
}

async fn get(addr: SocketAddr, path: &str) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    s.write_all(request.as_bytes()).await.unwrap();
    let (bytes, _) = read_to_close(&mut s, Duration::from_secs(10)).await;
    String::from_utf8_lossy(&bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn it_answers_on_loopback() {
    let addr = start(Limits::default()).await;
    let answer = get(addr, "/api/models").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"exchange\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_trickles_its_headers_is_cut_off() {
    let limits = Limits {
        header_timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let addr = start(limits).await;
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /api/models HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    // The headers never end: the server closes the connection after the timeout, well before
    // the 10 s this test waits.
    let (bytes, took) = read_to_close(&mut s, Duration::from_secs(10)).await;
    assert!(took >= Duration::from_millis(250), "closed after {took:?}");
    assert!(!String::from_utf8_lossy(&bytes).contains("200 OK"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_limit_are_closed() {
    let limits = Limits {
        max_connections: 1,
        ..Limits::default()
    };
    let addr = start(limits).await;
    let first = TcpStream::connect(addr).await.unwrap();
    // Let the server accept the first connection before the second arrives.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut second = TcpStream::connect(addr).await.unwrap();
    let _ = second
        .write_all(b"GET /api/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await;
    let (bytes, _) = read_to_close(&mut second, Duration::from_secs(5)).await;
    assert!(bytes.is_empty(), "{}", String::from_utf8_lossy(&bytes));
    // Once the first closes, its slot is free again.
    drop(first);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let answer = get(addr, "/api/models").await;
        if answer.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the slot was not freed: {answer}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
