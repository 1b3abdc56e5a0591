//! `parley serve`: the web workbench on a local port (see `docs/web.md`).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use crate::Failure;

/// Arguments of `parley serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on; the default serves this machine only. Any other address makes
    /// the workbench reachable from the network, without authentication.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// Port (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Most Monte Carlo runs one request may ask for.
    #[arg(long, default_value_t = parley_web::Limits::default().max_runs)]
    max_runs: usize,
    /// Seconds a request may take before it is answered with 503.
    #[arg(long, default_value_t = parley_web::Limits::default().timeout.as_secs())]
    timeout: u64,
}

/// Serves until Ctrl-C.
pub fn run(args: &ServeArgs) -> Result<(), Failure> {
    if args.timeout == 0 {
        return Err(Failure::usage("error: --timeout must be at least 1 second"));
    }
    let loopback = args.bind.is_loopback();
    let limits = parley_web::Limits {
        max_runs: args.max_runs,
        timeout: Duration::from_secs(args.timeout),
        loopback_hosts_only: loopback,
        ..parley_web::Limits::default()
    };
    let addr = SocketAddr::new(args.bind, args.port);
    parley_web::serve(addr, limits, |bound| {
        eprintln!("Parley workbench on http://{bound}/ (API: http://{bound}/api/openapi.json); Ctrl-C stops it.");
        if !loopback {
            eprintln!(
                "warning: listening on {}, reachable from other machines; the workbench has no authentication.",
                args.bind
            );
        }
    })
    .map_err(|e| Failure::input(format!("error: cannot serve on {addr}: {e}")))
}
