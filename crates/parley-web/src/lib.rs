//! # parley-web
//!
//! Parley's web workbench, served by `parley serve`: a JSON HTTP API under `/api/` that mirrors
//! the CLI (validate, run, mc, sensitivity, compare, bargain; same numbers as the CLI's JSON),
//! described by an OpenAPI document at `/api/openapi.json`, and a scenario editor page that uses
//! only that API. The page is plain HTML with small hand-written ES modules, embedded in the
//! binary.
//!
//! [`router`] builds the whole application so tests can drive it with `tower::ServiceExt::oneshot`
//! without sockets; [`serve`] binds and runs it. Hardening lives in [`limits`] and the
//! middleware here: a body limit (413), a request timeout (503), a run-count cap per request, a
//! bounded number of jobs (Monte Carlo, sensitivity), no CORS headers, a loopback-only `Host` check against DNS
//! rebinding, and security headers on every response.

pub mod api;
mod assets;
pub mod charts;
pub mod convert;
pub mod error;
pub mod input;
pub mod jobs;
pub mod limits;
pub mod locations;
pub mod openapi;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;
use tower_http::set_header::SetResponseHeaderLayer;

pub use error::ApiError;
pub use limits::Limits;

/// Shared state of the server: its limits, its compute slots and its jobs.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    limits: Limits,
    slots: Arc<Semaphore>,
    jobs: jobs::Jobs,
}

impl AppState {
    /// A fresh state with these limits.
    pub fn new(limits: Limits) -> Self {
        Self {
            inner: Arc::new(Inner {
                limits,
                slots: Arc::new(Semaphore::new(limits.compute_slots.max(1))),
                jobs: jobs::Jobs::new(limits.max_running_jobs.max(1), limits.max_kept_jobs),
            }),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// The Monte Carlo and sensitivity jobs.
    pub fn jobs(&self) -> &jobs::Jobs {
        &self.inner.jobs
    }

    /// Runs a computation on the blocking pool once a compute slot is free. The slot is held
    /// until the computation ends, even when the request times out first, so abandoned work
    /// still counts against the bound. A panic becomes an internal error, never a crash.
    pub async fn compute<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    {
        let permit = Arc::clone(&self.inner.slots)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::Internal("the compute slots are closed".into()))?;
        tokio::task::spawn_blocking(move || {
            let _slot = permit;
            f()
        })
        .await
        .map_err(|e| ApiError::Internal(format!("a computation failed: {e}")))?
    }
}

/// The whole application: the page, its assets and the API, with every limit applied.
pub fn router(state: AppState) -> Router {
    let limits = *state.limits();
    let header = |name: header::HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    Router::new()
        .merge(assets::routes())
        .nest("/api", api::routes())
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        .layer(middleware::from_fn_with_state(state.clone(), timeout))
        .layer(middleware::from_fn_with_state(state.clone(), check_host))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; \
             object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        ))
        .with_state(state)
}

async fn not_found(req: Request) -> ApiError {
    ApiError::NotFound(format!("no route {} {}", req.method(), req.uri().path()))
}

/// Cuts a request off after the limit; the answer says so in the API's error shape.
async fn timeout(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limit = state.limits().timeout;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout(limit.as_secs()).into_response(),
    }
}

/// Refuses `Host` names other than loopback ones when the server is on loopback: a page on
/// another site could otherwise reach it by rebinding its own name to 127.0.0.1.
async fn check_host(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if state.limits().loopback_hosts_only
        && let Some(host) = req.headers().get(header::HOST)
    {
        let host = host.to_str().unwrap_or("");
        if !is_loopback_host(host) {
            return ApiError::ForeignHost(host.chars().take(100).collect()).into_response();
        }
    }
    next.run(req).await
}

/// True for `localhost`, `127.x.y.z` and `[::1]`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Binds `addr` and serves the application until Ctrl-C; `ready` is called with the bound
/// address (port 0 picks a free port) once the server accepts connections.
pub fn serve(
    addr: SocketAddr,
    limits: Limits,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        ready(listener.local_addr()?);
        serve_on(listener, limits).await
    })
}

/// Serves the application on an already bound listener until Ctrl-C.
///
/// Its own accept loop rather than `axum::serve`, for two limits that one lacks: a connection
/// must send its request headers within [`Limits::header_timeout`], and at most
/// [`Limits::max_connections`] connections are open at once.
pub async fn serve_on(listener: tokio::net::TcpListener, limits: Limits) -> std::io::Result<()> {
    let app = router(AppState::new(limits));
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let stop = async {
        // Without a signal handler the server simply runs until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => return Ok(()),
        };
        let Ok(slot) = Arc::clone(&open).try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _slot = slot;
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            // A connection that fails (reset, timed out) concerns only its client.
            let _ = connection.await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_are_recognised() {
        for ok in [
            "localhost",
            "localhost:8080",
            "127.0.0.1",
            "127.0.0.1:1",
            "[::1]:8080",
            "[::1]",
            "LOCALHOST",
        ] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in [
            "example.com",
            "evil.localhost.example:80",
            "10.0.0.1:8080",
            "",
            "[::2]",
        ] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
    }
}
