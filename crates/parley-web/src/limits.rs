//! The server's limits: how much a request may send, how long it may take, how much work it may
//! ask for. Every one is a constructor argument so tests can tighten them.

use std::time::Duration;

/// Limits applied to every request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Largest request body accepted, in bytes; larger bodies get 413.
    pub body_bytes: usize,
    /// Longest a request may take, waiting for a compute slot included; then 503.
    pub timeout: Duration,
    /// Most Monte Carlo runs one request may ask for (mc, mc jobs, sensitivity, bargain).
    pub max_runs: usize,
    /// Most work one synchronous request may ask for, in the core's estimated work units
    /// (`parley_core::cost`); a costlier request is refused before it runs (422 `too-costly`).
    pub max_request_units: f64,
    /// Most work one job (Monte Carlo or sensitivity) may ask for, in work units.
    pub max_job_units: f64,
    /// Computations running at once for synchronous requests; further ones wait for a slot.
    pub compute_slots: usize,
    /// Jobs (Monte Carlo and sensitivity together) running at once; a further start gets 429.
    pub max_running_jobs: usize,
    /// Finished jobs kept for polling; the oldest finished is dropped beyond this.
    pub max_kept_jobs: usize,
    /// Longest a connection may take to send a request's headers; then it is closed (guards
    /// against clients that trickle bytes to hold connections open).
    pub header_timeout: Duration,
    /// Longest a request may take to send its body once its headers are in; then it is
    /// answered 408 and the connection closed (guards against clients that trickle a body to
    /// hold connections and compute slots).
    pub body_timeout: Duration,
    /// Connections open at once; a further one is closed at once.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            body_bytes: 1024 * 1024,
            timeout: Duration::from_secs(60),
            max_runs: 20_000,
            // About a minute of a release build at the core's assumed rate; the flagship's
            // 1,000 runs of every model are some 5e8.
            max_request_units: 6e9,
            // About half an hour: the flagship's 20,000 runs of every model are some 1e10.
            max_job_units: 2e11,
            compute_slots: 4,
            max_running_jobs: 2,
            max_kept_jobs: 32,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            max_connections: 256,
        }
    }
}

/// Who may use the server: the `Host` names it answers besides loopback ones, and the token
/// API requests must carry when it is reachable beyond this machine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Access {
    /// Host names (without port) accepted in the `Host` header besides `localhost`,
    /// `127.x.x.x` and `[::1]`, compared without regard to case (`--allow-host`). The check is
    /// always on: it keeps a web page elsewhere from reaching the server by rebinding its own
    /// name to the server's address.
    pub allowed_hosts: Vec<String>,
    /// A secret every `/api/` request must send, as `Authorization: Bearer TOKEN` or
    /// `X-Parley-Token: TOKEN` (`--token`; required beyond loopback). The page takes it from
    /// its address (`/?token=TOKEN`). `None`: no token asked for.
    pub token: Option<String>,
}
