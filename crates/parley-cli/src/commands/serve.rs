//! `parley serve`: the web workbench on a local port (see `docs/web.md`).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use crate::cli::Failure;

/// Arguments of `parley serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on; the default serves this machine only. Any other address makes
    /// the workbench reachable from the network: it then asks for a token (`--token`, or one
    /// generated and printed) and answers only the host names given with `--allow-host`.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// A host name (or address) requests may name in their `Host` header besides loopback
    /// ones; repeat for more. Needed to reach a server bound beyond loopback.
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_host: Vec<String>,
    /// The token API requests must send (`Authorization: Bearer TOKEN`); beyond loopback one is
    /// generated when not given.
    #[arg(long)]
    token: Option<String>,
    /// Port (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Most Monte Carlo runs one request may ask for.
    #[arg(long, default_value_t = parley_web::Limits::default().max_runs)]
    max_runs: usize,
    /// Seconds a request may take before it is answered with 503.
    #[arg(long, default_value_t = parley_web::Limits::default().timeout.as_secs())]
    timeout: u64,
    /// The library the page saves to and loads from (as `parley library --db`).
    #[command(flatten)]
    db: crate::commands::library::DbArgs,
}

/// Serves until Ctrl-C.
pub fn exec(args: &ServeArgs) -> Result<(), Failure> {
    if args.timeout == 0 {
        return Err(Failure::usage("error: --timeout must be at least 1 second"));
    }
    // 0 would refuse every Monte Carlo request, the page's defaults included; over the cap
    // was silently lowered to it.
    if !(1..=parley_core::cost::MAX_RUNS).contains(&args.max_runs) {
        return Err(Failure::usage(format!(
            "error: --max-runs is {}; it must be 1 to {}",
            args.max_runs,
            parley_core::cost::MAX_RUNS
        )));
    }
    let loopback = args.bind.is_loopback();
    let limits = parley_web::Limits {
        max_runs: args.max_runs,
        timeout: Duration::from_secs(args.timeout),
        ..parley_web::Limits::default()
    };
    let mut allowed_hosts = args.allow_host.clone();
    if !loopback && !args.bind.is_unspecified() {
        allowed_hosts.push(args.bind.to_string());
    }
    let token = match &args.token {
        Some(t) if t.is_empty() => return Err(Failure::usage("error: --token must not be empty")),
        Some(t) => Some(t.clone()),
        None if !loopback => Some(generate_token()?),
        None => None,
    };
    let access = parley_web::Access {
        allowed_hosts: allowed_hosts.clone(),
        token: token.clone(),
    };
    let addr = SocketAddr::new(args.bind, args.port);
    parley_web::serve_with_library(addr, limits, access, args.db.db.clone(), |bound| {
        let query = token.as_ref().map(|t| format!("?token={t}")).unwrap_or_default();
        eprintln!("Parley workbench on http://{bound}/{query} (API: http://{bound}/api/openapi.json); Ctrl-C stops it.");
        if !loopback {
            eprintln!(
                "warning: listening on {}, reachable from other machines. API requests must send \
                 'Authorization: Bearer TOKEN' (the page takes it from its address); Host names \
                 answered besides loopback: {}.",
                args.bind,
                if allowed_hosts.is_empty() {
                    "none (add --allow-host NAME)".to_owned()
                } else {
                    allowed_hosts.join(", ")
                }
            );
        }
    })
    .map_err(|e| Failure::input(format!("error: cannot serve on {addr}: {e}")))
}

/// A random token of 32 hex digits, from the operating system's random source.
fn generate_token() -> Result<String, Failure> {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| {
            Failure::input(format!(
                "error: cannot generate a token ({e}); give one with --token"
            ))
        })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
