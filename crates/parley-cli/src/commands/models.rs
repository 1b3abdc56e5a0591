//! `parley models`: the models with a one-line description and their source.

use parley_core::models;
use parley_report::csv;

use crate::cli::{Failure, OutputFormat, emit, json};

/// Arguments of `parley models`.
#[derive(Debug, clap::Args)]
pub(crate) struct ModelsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
}

/// Runs `parley models`.
pub(crate) fn exec(args: &ModelsArgs) -> Result<(), Failure> {
    list_models(args.format)
}

fn list_models(format: OutputFormat) -> Result<(), Failure> {
    let infos: Vec<parley_core::ModelInfo> = models::listed().iter().map(|m| m.info()).collect();
    let text = match format {
        OutputFormat::Json => json(&infos)?,
        OutputFormat::Csv => {
            csv::models(&infos).map_err(|e| Failure::input(format!("error: {e}")))?
        }
        OutputFormat::Table => infos
            .iter()
            .map(|i| {
                format!(
                    "{:<12} {}\n{:<12} {}\n{:<12} source: {}\n",
                    i.id, i.name, "", i.summary, "", i.source
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
    };
    emit(&text)
}
