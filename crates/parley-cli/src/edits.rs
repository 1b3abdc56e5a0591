//! `--set EDIT` for the commands that run models: ad-hoc what-if edits applied on top of the
//! scenario (after `--what-if`), in the syntax of `parley_core::what_if` and
//! `parley compare --set`.

use parley_core::Scenario;

use crate::Failure;

/// The shared `--set` argument group (flattened into `run`, `mc` and `advise`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SetArgs {
    /// Change a number before running, e.g. "usa.ukraine_aid.salience = 0.3" (repeat; applied
    /// in order, after --what-if). Same syntax as `compare --set` and the levers of `advise`.
    #[arg(long = "set", value_name = "EDIT")]
    pub set: Vec<String>,
}

impl SetArgs {
    /// `s` with the edits applied and validated; `s` unchanged when there are none.
    pub fn apply(&self, s: Scenario) -> Result<Scenario, Failure> {
        if self.set.is_empty() {
            return Ok(s);
        }
        parley_core::what_if::apply_edits(&s, "--set", &self.set)
            .map_err(|e| Failure::input(format!("error: {e}")))
    }
}
