//! `parley man`: the manual page (roff) on standard output.

use clap::CommandFactory;

use crate::Cli;
use crate::cli::{Failure, emit_bytes};

/// Runs `parley man`.
pub(crate) fn exec() -> Result<(), Failure> {
    let mut out = Vec::new();
    match clap_mangen::Man::new(Cli::command()).render(&mut out) {
        Ok(()) => emit_bytes(&out),
        Err(e) => Err(Failure::input(format!(
            "error: cannot render the manual page: {e}"
        ))),
    }
}
