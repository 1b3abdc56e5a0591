//! The variant arguments every analysis command takes: any number of `--what-if ID` and
//! `--set EDIT`, applied in that order (what-ifs in the order given, then the edits), in the
//! syntax of `parley_core::what_if` and `parley compare --set`. The rules (overlapping what-ifs
//! refused, a `--set` may override a what-if, two `=` edits of one number refused) are
//! `parley_core::variant`'s and `parley_core::what_if`'s, shared with the web API.

use parley_core::Scenario;
use parley_core::variant::VariantError;
use parley_core::what_if::{EditSource, WhatIfError};

use crate::cli::Failure;

/// The shared variant argument group, flattened into `run`, `mc`, `sensitivity`, `bargain`,
/// `report`, `plot` and `advise`, so a new variant flag reaches all of them at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args)]
pub struct VariantArgs {
    /// Apply a what-if defined in the scenario (repeat to combine; two what-ifs that change
    /// the same number are refused).
    #[arg(long = "what-if", value_name = "ID")]
    pub what_if: Vec<String>,
    /// Change a number before running, e.g. "usa.ukraine_aid.salience = 0.3" (repeat; applied
    /// in order, after every --what-if). Same syntax as `compare --set` and the levers of
    /// `advise`.
    #[arg(long = "set", value_name = "EDIT")]
    pub set: Vec<String>,
}

impl VariantArgs {
    /// `s` with the what-ifs and edits applied and validated; `s` unchanged when there are none.
    pub fn apply(&self, s: Scenario) -> Result<Scenario, Failure> {
        if self.what_if.is_empty() && self.set.is_empty() {
            return Ok(s);
        }
        if let Some((_, id)) = self
            .what_if
            .iter()
            .enumerate()
            .find(|(k, id)| self.what_if[..*k].contains(id))
        {
            return Err(Failure::input(format!(
                "error: --what-if {id} is given twice; each what-if applies once"
            )));
        }
        parley_core::variant::apply(
            &s,
            &self.what_if,
            &self.set,
            parley_core::what_if::EditSource::Given("--set".into()),
        )
        .map_err(|e| {
            let message = format!("error: {e}");
            if from_the_command_line(&e) {
                Failure::usage(message)
            } else {
                Failure::input(message)
            }
        })
    }

    /// Whether no what-if and no edit is given.
    pub fn is_empty(&self) -> bool {
        self.what_if.is_empty() && self.set.is_empty()
    }

    /// A short name for the variant (`compare`'s column): the what-ifs, then the edits, joined
    /// by ` + `; one what-if or one edit is its own name.
    pub fn name(&self) -> String {
        parley_core::variant::name(&self.what_if, &self.set)
    }

    /// `document` with a leading `"variant"` naming the what-ifs and edits applied, when any
    /// were (`parley_scenario::json::with_variant`).
    pub fn labelled<'a, T: serde::Serialize>(
        &'a self,
        document: &'a T,
    ) -> parley_scenario::json::WithVariant<'a, T> {
        parley_scenario::json::with_variant(&self.what_if, &self.set, document)
    }

    /// A one-line description for table output (`What-if: a + b; set: ...`), empty when
    /// nothing is applied.
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if !self.what_if.is_empty() {
            parts.push(format!("What-if: {}", self.what_if.join(" + ")));
        }
        if !self.set.is_empty() {
            parts.push(format!("set: {}", self.set.join("; ")));
        }
        parts.join("; ")
    }
}

/// Whether the variant failed on a `--set` edit, a value of the command line's own: a usage
/// error, exit code 2. A what-if of the file that fails, an id the file does not define, or two
/// of the file's what-ifs that cannot go together are problems of the input, exit code 1
/// (docs/errors.md).
fn from_the_command_line(e: &VariantError) -> bool {
    match e {
        VariantError::Overlap { .. } | VariantError::Repeated(_) => false,
        VariantError::WhatIf(w) => match w {
            WhatIfError::Edit { from, .. }
            | WhatIfError::RepeatedSet { from, .. }
            | WhatIfError::Invalid { from, .. } => matches!(from, EditSource::Given(_)),
            WhatIfError::Unknown { .. } => false,
        },
    }
}
