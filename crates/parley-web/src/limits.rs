//! The server's limits: how much a request may send, how long it may take, how much work it may
//! ask for. Every one is a constructor argument so tests can tighten them.

use std::time::Duration;

/// Limits applied to every request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body accepted, in bytes; larger bodies get 413.
    pub body_bytes: usize,
    /// Longest a request may take, waiting for a compute slot included; then 503.
    pub timeout: Duration,
    /// Most Monte Carlo runs one request may ask for (mc, mc jobs, sensitivity, bargain).
    pub max_runs: usize,
    /// Computations running at once for synchronous requests; further ones wait for a slot.
    pub compute_slots: usize,
    /// Jobs (Monte Carlo and sensitivity together) running at once; a further start gets 429.
    pub max_running_jobs: usize,
    /// Finished jobs kept for polling; the oldest finished is dropped beyond this.
    pub max_kept_jobs: usize,
    /// Longest a connection may take to send a request's headers; then it is closed (guards
    /// against clients that trickle bytes to hold connections open).
    pub header_timeout: Duration,
    /// Connections open at once; a further one is closed at once.
    pub max_connections: usize,
    /// Accept only loopback host names in the `Host` header (guards a loopback server against
    /// DNS rebinding); off when the server is bound to another address on purpose.
    pub loopback_hosts_only: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            body_bytes: 1024 * 1024,
            timeout: Duration::from_secs(60),
            max_runs: 20_000,
            compute_slots: 4,
            max_running_jobs: 2,
            max_kept_jobs: 32,
            header_timeout: Duration::from_secs(10),
            max_connections: 256,
            loopback_hosts_only: true,
        }
    }
}
