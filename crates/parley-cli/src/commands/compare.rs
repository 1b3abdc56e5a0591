//! `parley compare`: the base scenario against what-if variants, every model side by side.

use std::path::PathBuf;

use parley_core::analyse;
use parley_report::{csv, table};

use crate::cli::{Failure, OutputFormat, emit, json, load, select_models, table_width};

/// Arguments of `parley compare`.
#[derive(Debug, clap::Args)]
pub(crate) struct CompareArgs {
    /// Scenario file (`-`: standard input); default: the embedded flagship scenario.
    file: Option<PathBuf>,
    /// What-ifs defined in the scenario (repeat); default: all of them.
    #[arg(long = "what-if", value_name = "ID")]
    what_if: Vec<String>,
    /// An ad-hoc edit as a variant of its own, e.g. "usa.ukraine_aid.salience=0.3" (repeat).
    #[arg(long, value_name = "EDIT")]
    set: Vec<String>,
    /// Models to run (repeat or comma-separate); `all` runs every model.
    #[arg(long, short, value_delimiter = ',', default_value = "all")]
    model: Vec<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
}

/// Runs `parley compare`.
pub(crate) fn exec(args: &CompareArgs) -> Result<(), Failure> {
    let chosen = select_models(&args.model)?;
    let base = load(args.file.as_ref())?;
    let fail = |e: &dyn std::fmt::Display| Failure::input(format!("error: {e}"));
    let mut ids = args.what_if.clone();
    if ids.is_empty() && args.set.is_empty() {
        ids = base.what_ifs.iter().map(|w| w.id.clone()).collect();
    }
    let mut variants = Vec::with_capacity(ids.len() + args.set.len());
    for id in &ids {
        let s = base.with_what_if(id).map_err(|e| fail(&e))?;
        variants.push((id.clone(), analyse(&s, &chosen).map_err(|e| fail(&e))?));
    }
    for edit in &args.set {
        let s = parley_core::what_if::apply_edits(&base, edit, std::slice::from_ref(edit))
            .map_err(|e| fail(&e))?;
        variants.push((edit.clone(), analyse(&s, &chosen).map_err(|e| fail(&e))?));
    }
    if variants.is_empty() {
        return Err(Failure::input(
            "error: nothing to compare: the scenario defines no what-ifs; pass --set EDIT",
        ));
    }
    let base_analysis = analyse(&base, &chosen).map_err(|e| fail(&e))?;
    let text = match args.format {
        OutputFormat::Json => {
            let variants: Vec<serde_json::Value> = variants
                .iter()
                .map(|(name, a)| serde_json::json!({ "variant": name, "analysis": a }))
                .collect();
            json(&serde_json::json!({ "base": base_analysis, "variants": variants }))?
        }
        OutputFormat::Csv => csv::compare(&base_analysis, &variants)
            .map_err(|e| Failure::input(format!("error: {e}")))?,
        OutputFormat::Table => table::compare::render(&base_analysis, &variants, table_width()),
    };
    emit(&text)
}
