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
//! middleware here: a body limit (413), a body read timeout (408), a request timeout (503)
//! that cancels the request's computation, a run-count cap and a cost estimate per request and
//! per job (`parley_core::cost`), a bounded number of jobs (Monte Carlo, sensitivity) that
//! `DELETE /api/jobs/{id}` cancels, JSON-only POSTs (415), no CORS headers, a `Host` check
//! against DNS rebinding (loopback names and `--allow-host`), a token beyond loopback, every
//! error in the API's JSON shape, and security headers on every response.

pub mod answer;
pub mod api;
mod assets;
mod calibration;
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
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use parley_core::Cancel;
use tokio::sync::Semaphore;
use tower_http::set_header::SetResponseHeaderLayer;

pub use error::ApiError;
pub use limits::{Access, Limits};

/// Shared state of the server: its limits, who may use it, its compute slots, its jobs and its
/// shutdown token.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    limits: Limits,
    access: Access,
    slots: Arc<Semaphore>,
    jobs: jobs::Jobs,
    /// The thread pool background jobs run on, built at the first job (see
    /// [`AppState::job_pool`]).
    job_pool: std::sync::OnceLock<Option<Arc<rayon::ThreadPool>>>,
    /// The library database given (`--db`); `None`: `$PARLEY_DB`, else the platform's data
    /// folder, looked up when the library is first used.
    library: Option<std::path::PathBuf>,
    /// Cancelled when the server stops: every computation's token is a child of it.
    shutdown: Cancel,
}

/// Cancels its token when dropped: a request future dropped by the timeout (or by a client
/// that went away) cancels the computation it started, which then frees its compute slot.
struct CancelOnDrop(Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

impl AppState {
    /// A fresh state with these limits, answering loopback host names only, without a token.
    pub fn new(limits: Limits) -> Self {
        Self::with_access(limits, Access::default())
    }

    /// A fresh state with these limits and access rules; the library database by the usual
    /// rule ([`parley_library::db_path`]).
    pub fn with_access(limits: Limits, access: Access) -> Self {
        Self::with_library(limits, access, None)
    }

    /// A fresh state with these limits, access rules and library database (`None`: by the
    /// usual rule, [`parley_library::db_path`]).
    pub fn with_library(
        limits: Limits,
        access: Access,
        library: Option<std::path::PathBuf>,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                limits,
                access,
                slots: Arc::new(Semaphore::new(limits.compute_slots.max(1))),
                jobs: jobs::Jobs::new(limits.max_running_jobs.max(1), limits.max_kept_jobs),
                job_pool: std::sync::OnceLock::new(),
                library,
                shutdown: Cancel::new(),
            }),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// Who may use the server.
    pub fn access(&self) -> &Access {
        &self.inner.access
    }

    /// The Monte Carlo and sensitivity jobs.
    pub fn jobs(&self) -> &jobs::Jobs {
        &self.inner.jobs
    }

    /// The library database's path: the one given, else `$PARLEY_DB`, else the platform's
    /// data folder (as `parley library`).
    pub fn library_path(&self) -> Result<std::path::PathBuf, ApiError> {
        parley_library::db_path(self.inner.library.as_deref())
            .map_err(|e| ApiError::LibraryUnavailable(e.to_string()))
    }

    /// The thread pool Monte Carlo and sensitivity jobs run on: their own, one thread per core
    /// (threads named `parley-job-N`), apart from rayon's global pool that synchronous
    /// requests use ([`AppState::compute`]). A job's parallel loops then queue on this pool
    /// only, so a long job cannot hold up an interactive run behind its tasks; the operating
    /// system shares the cores between both. Results do not depend on the pool: the core's
    /// results are identical on any number of threads. `None` only if the operating system
    /// refused to start threads; jobs then run on the global pool.
    pub fn job_pool(&self) -> Option<&rayon::ThreadPool> {
        self.inner
            .job_pool
            .get_or_init(|| {
                rayon::ThreadPoolBuilder::new()
                    .thread_name(|i| format!("parley-job-{i}"))
                    .build()
                    .ok()
                    .map(Arc::new)
            })
            .as_deref()
    }

    /// The server's shutdown token: cancelling it cancels every computation and job.
    pub fn shutdown(&self) -> &Cancel {
        &self.inner.shutdown
    }

    /// Runs a computation on the blocking pool once a compute slot is free, handing it a
    /// cancellation token. The token is cancelled when the request's time is up, when the
    /// request is dropped (timed out, client gone) and when the server stops; the models poll
    /// it between rounds, so abandoned work ends at once and frees its slot. A panic becomes
    /// an internal error, never a crash.
    pub async fn compute<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Cancel) -> Result<T, ApiError> + Send + 'static,
    {
        let limit = self.limits().timeout;
        let deadline = Instant::now().checked_add(limit);
        let cancel = self.inner.shutdown.child(deadline);
        let _guard = CancelOnDrop(cancel.clone());
        let permit = Arc::clone(&self.inner.slots)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::Internal("the compute slots are closed".into()))?;
        tokio::task::spawn_blocking(move || {
            let _slot = permit;
            if cancel.is_cancelled() {
                return Err(cancelled(deadline, limit));
            }
            let result = f(&cancel);
            // Whatever failed once the token was cancelled failed because of it.
            if result.is_err() && cancel.is_cancelled() {
                return Err(cancelled(deadline, limit));
            }
            result
        })
        .await
        .map_err(|e| ApiError::Internal(format!("a computation failed: {e}")))?
    }
}

/// The error of a computation stopped by its token: a timeout when its time was up (the
/// computation may notice before the request's own timer fires, and the client must see the
/// same answer either way), otherwise a cancellation.
fn cancelled(deadline: Option<Instant>, limit: std::time::Duration) -> ApiError {
    if deadline.is_some_and(|d| Instant::now() >= d) {
        return ApiError::Timeout(limit.as_secs());
    }
    ApiError::Cancelled(
        "the computation was cancelled (time was up or the server is stopping)".into(),
    )
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
        .layer(middleware::from_fn(json_errors))
        .layer(middleware::from_fn_with_state(state.clone(), timeout))
        .layer(middleware::from_fn_with_state(state.clone(), check_access))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; \
             object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        ))
        // Outermost, so every answer (page, assets, API, errors) is gzipped for a client that
        // asks: a first run's JSON with charts is about 350 KB, under 50 KB gzipped.
        .layer(tower_http::compression::CompressionLayer::new().gzip(true))
        .with_state(state)
}

async fn not_found(req: Request) -> ApiError {
    ApiError::NotFound(format!("no route {} {}", req.method(), req.uri().path()))
}

/// Every route's path (`*` for one path parameter) and the methods it answers, as
/// [`router`] defines them (a test sends every method to every row). A 405's `Allow` header
/// comes from here when the router leaves it empty, as axum does under a nested router with a
/// fallback; RFC 9110 requires it.
pub const ROUTES: &[(&str, &str)] = &[
    ("/", "GET, HEAD"),
    ("/assets/*", "GET, HEAD"),
    ("/api/openapi.json", "GET, HEAD"),
    ("/api/models", "GET, HEAD"),
    ("/api/scenario/flagship", "GET, HEAD"),
    ("/api/scenario/parse", "POST"),
    ("/api/scenario/toml", "POST"),
    ("/api/scenario/xlsx", "POST"),
    ("/api/extract", "POST"),
    ("/api/validate", "POST"),
    ("/api/run", "POST"),
    ("/api/compare", "POST"),
    ("/api/mc", "POST"),
    ("/api/mc/jobs", "POST"),
    ("/api/mc/jobs/*", "GET, HEAD"),
    ("/api/sensitivity", "POST"),
    ("/api/sensitivity/jobs", "POST"),
    ("/api/sensitivity/jobs/*", "GET, HEAD"),
    ("/api/jobs/*", "DELETE"),
    ("/api/bargain", "POST"),
    ("/api/advise", "POST"),
    ("/api/report", "POST"),
    ("/api/library", "GET, HEAD"),
    ("/api/library/*", "GET, HEAD, POST"),
    ("/api/library/*/versions/*", "GET, HEAD"),
    ("/api/library/*/diff", "GET, HEAD"),
    ("/api/library/*/track", "GET, HEAD"),
];

/// The methods [`ROUTES`] lists for `path`, if a route has that shape.
fn allowed_methods(path: &str) -> Option<&'static str> {
    let fits = |pattern: &str| {
        let (mut p, mut q) = (pattern.split('/'), path.split('/'));
        loop {
            match (p.next(), q.next()) {
                (None, None) => return true,
                (Some("*"), Some(s)) if !s.is_empty() => {}
                (Some(a), Some(b)) if a == b => {}
                _ => return false,
            }
        }
    };
    ROUTES.iter().find(|(p, _)| fits(p)).map(|&(_, m)| m)
}

/// Puts the router's own refusals (405 for a known path with another method, 400 for a URL
/// whose path parameters cannot be read, ...) into the API's error shape; answers that are
/// already JSON, and successful ones, pass unchanged.
async fn json_errors(req: Request, next: Next) -> Response {
    let method = req.method().to_string();
    let path: String = req.uri().path().chars().take(200).collect();
    let response = next.run(req).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    if status == StatusCode::METHOD_NOT_ALLOWED {
        let allow = response
            .headers()
            .get(header::ALLOW)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
            .or_else(|| allowed_methods(&path))
            .unwrap_or("")
            .to_owned();
        return ApiError::MethodNotAllowed {
            method,
            path,
            allow,
        }
        .into_response();
    }
    // The router's own messages are short texts; read at most a few KB of them.
    let text = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let message = if text.trim().is_empty() {
        format!(
            "{} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("error")
        )
    } else {
        text.trim().to_owned()
    };
    ApiError::Rejected {
        status: status.as_u16(),
        message,
    }
    .into_response()
}

/// Cuts a request off after the limit; the answer says so in the API's error shape. Dropping
/// the request's future cancels its computation (see [`AppState::compute`]).
async fn timeout(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limit = state.limits().timeout;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout(limit.as_secs()).into_response(),
    }
}

/// Refuses `Host` names other than loopback ones and those allowed (a page on another site
/// could otherwise reach the server by rebinding its own name to its address), and API
/// requests without the token when one is set.
async fn check_access(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let access = state.access();
    if let Some(host) = req.headers().get(header::HOST) {
        let host = host.to_str().unwrap_or("");
        if !is_allowed_host(host, &access.allowed_hosts) {
            return ApiError::ForeignHost(host.chars().take(100).collect()).into_response();
        }
    }
    if let Some(token) = &access.token
        && req.uri().path().starts_with("/api/")
        && !carries_token(req.headers(), token)
    {
        return ApiError::Unauthorized.into_response();
    }
    next.run(req).await
}

/// Whether the request sends `token` as `Authorization: Bearer TOKEN` or `X-Parley-Token`,
/// compared in time independent of where the first difference is.
fn carries_token(headers: &axum::http::HeaderMap, token: &str) -> bool {
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .or_else(|| headers.get("x-parley-token").and_then(|v| v.to_str().ok()));
    sent.is_some_and(|sent| {
        sent.len() == token.len()
            && sent
                .bytes()
                .zip(token.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    })
}

/// The host name of a `Host` header, without its port or IPv6 brackets; None unless the
/// header is `host[:port]` with a numeric port of 1-65535. Splitting at a colon alone let
/// `127.0.0.1:80@evil.com` or `localhost:abc` pass as loopback (sweep3 item 29).
fn host_name(host: &str) -> Option<&str> {
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let (name, after) = rest.split_once(']')?;
        match after {
            "" => (name, None),
            _ => (name, Some(after.strip_prefix(':')?)),
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    let port_ok = port.is_none_or(|p| {
        !p.is_empty()
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u16>().is_ok_and(|n| n > 0)
    });
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'_'))
        && (host.starts_with('[') || !name.contains(':'));
    (port_ok && name_ok).then_some(name)
}

/// True for `localhost`, `127.x.y.z` and `[::1]`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    host_name(host).is_some_and(|name| {
        name.eq_ignore_ascii_case("localhost")
            || name
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    })
}

/// A loopback name, or one of `allowed` (without regard to case), with or without a port.
fn is_allowed_host(host: &str, allowed: &[String]) -> bool {
    is_loopback_host(host)
        || host_name(host).is_some_and(|name| allowed.iter().any(|a| a.eq_ignore_ascii_case(name)))
}

/// Binds `addr` and serves the application until Ctrl-C; `ready` is called with the bound
/// address (port 0 picks a free port) once the server accepts connections. On Ctrl-C every
/// running computation and job is cancelled and the process gets a few seconds to let them
/// stop before the runtime is shut down.
pub fn serve(
    addr: SocketAddr,
    limits: Limits,
    access: Access,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    serve_with_library(addr, limits, access, None, ready)
}

/// [`serve`] with the library database at `library` (`parley serve --db PATH`; `None`: by the
/// usual rule, [`parley_library::db_path`]).
pub fn serve_with_library(
    addr: SocketAddr,
    limits: Limits,
    access: Access,
    library: Option<std::path::PathBuf>,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        ready(listener.local_addr()?);
        serve_app(listener, AppState::with_library(limits, access, library)).await
    });
    // Cancelled computations stop within a round; do not wait for anything longer.
    runtime.shutdown_timeout(std::time::Duration::from_secs(5));
    result
}

/// Serves the application on an already bound listener until Ctrl-C, loopback names only and
/// no token ([`serve_app`] takes any state).
pub async fn serve_on(listener: tokio::net::TcpListener, limits: Limits) -> std::io::Result<()> {
    serve_app(listener, AppState::new(limits)).await
}

/// Serves the application with `state` on an already bound listener until Ctrl-C, then
/// cancels every computation and job (the state's [`AppState::shutdown`] token) and returns.
///
/// Its own accept loop rather than `axum::serve`, for two limits that one lacks: a connection
/// must send its request headers within [`Limits::header_timeout`], and at most
/// [`Limits::max_connections`] connections are open at once.
pub async fn serve_app(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let stop = async {
        // Without a signal handler the server simply runs until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    serve_until(listener, state, stop).await
}

/// [`serve_app`], stopping when `stop` completes instead of on Ctrl-C (for tests and
/// embedders): every computation and job is cancelled, then it returns.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    state: AppState,
    stop: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let limits = *state.limits();
    let shutdown = state.shutdown().clone();
    let app = router(state);
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
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
            () = &mut stop => {
                shutdown.cancel();
                return Ok(());
            }
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
        assert!(is_allowed_host(
            "Parley.example:8080",
            &["parley.example".into()]
        ));
        assert!(!is_allowed_host(
            "other.example",
            &["parley.example".into()]
        ));
        assert!(!is_allowed_host(":8080", &[String::new()]));
        for bad in [
            "example.com",
            "evil.localhost.example:80",
            "10.0.0.1:8080",
            "",
            "[::2]",
            // Anything after the colon but a port (sweep3 item 29).
            "127.0.0.1:80@evil.com",
            "127.0.0.1:evil.com",
            "localhost:1/../evil",
            "localhost:abc",
            "localhost:",
            "localhost:0",
            "localhost:65536",
            "[::1]evil",
            "[::1]:x",
            "::1",
        ] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
        assert!(is_loopback_host("localhost:65535"));
        assert!(!is_allowed_host(
            "parley.example:80@evil.com",
            &["parley.example".into()]
        ));
    }

    #[test]
    fn tokens_are_read_from_either_header() {
        let with = |name: &str, v: &str| {
            let mut h = axum::http::HeaderMap::new();
            if let (Ok(n), Ok(v)) = (
                axum::http::HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(v),
            ) {
                h.insert(n, v);
            }
            carries_token(&h, "s3cret")
        };
        assert!(with("authorization", "Bearer s3cret"));
        assert!(with("x-parley-token", "s3cret"));
        assert!(!with("authorization", "Bearer s3cre"));
        assert!(!with("authorization", "s3cret"));
        assert!(!with("x-parley-token", "S3cret"));
        assert!(!with("accept", "s3cret"));
    }
}
