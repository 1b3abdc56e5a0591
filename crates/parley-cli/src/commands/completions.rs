//! `parley completions SHELL`: shell completions on standard output.

use clap::CommandFactory;

use crate::Cli;
use crate::cli::{Failure, emit_bytes};

/// Arguments of `parley completions`.
#[derive(Debug, clap::Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Runs `parley completions`.
pub(crate) fn exec(args: &CompletionsArgs) -> Result<(), Failure> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "parley", &mut out);
    emit_bytes(&out)
}
