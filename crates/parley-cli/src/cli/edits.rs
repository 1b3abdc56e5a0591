//! The variant arguments every analysis command takes: any number of `--what-if ID` and
//! `--set EDIT`, applied in that order (what-ifs in the order given, then the edits), in the
//! syntax of `parley_core::what_if` and `parley compare --set`. The rules (overlapping what-ifs
//! refused, a `--set` may override a what-if) are `parley_core::variant`'s.

use parley_core::Scenario;
use parley_core::what_if::{Edit, EditOp};

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
        check_sets(&self.set).map_err(|e| Failure::input(format!("error: {e}")))?;
        parley_core::variant::apply(
            &s,
            &self.what_if,
            &self.set,
            parley_core::what_if::EditSource::Given("--set".into()),
        )
        .map_err(|e| Failure::input(format!("error: {e}")))
    }

    /// Whether no what-if and no edit is given.
    pub fn is_empty(&self) -> bool {
        self.what_if.is_empty() && self.set.is_empty()
    }

    /// A short name for the variant (`compare`'s column): the what-ifs, then the edits, joined
    /// by ` + `; one what-if or one edit is its own name.
    pub fn name(&self) -> String {
        let parts: Vec<&str> = self
            .what_if
            .iter()
            .chain(&self.set)
            .map(String::as_str)
            .collect();
        parts.join(" + ")
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

/// Refuses two edits that each set (`=`) the same number: applied in order, the first would be
/// lost without a word. Relative edits (`*=`, `+=`, `-=`) compose and are let through; an
/// edit that does not parse is reported, with its text, when the variant is applied.
pub fn check_sets(sets: &[String]) -> Result<(), String> {
    let mut seen: Vec<(&str, parley_core::what_if::Target)> = Vec::new();
    for text in sets {
        let Ok(Edit::Change {
            target,
            op: EditOp::Set,
            ..
        }) = Edit::parse(text)
        else {
            continue;
        };
        if let Some((first, _)) = seen.iter().find(|(_, t)| *t == target) {
            return Err(format!(
                "--set \"{first}\" and --set \"{text}\" both set the same number; keep one \
                 (edits apply in order, so the first would be lost)"
            ));
        }
        seen.push((text, target));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_sets_of_one_number_are_refused_and_relative_edits_compose() {
        let sets = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let e = check_sets(&sets(&["usa.aid.salience = 0.3", "usa.aid.salience=0.5"])).unwrap_err();
        assert!(
            e.contains("\"usa.aid.salience = 0.3\"") && e.contains("both set"),
            "{e}"
        );
        assert!(check_sets(&sets(&["usa.aid.salience = 0.3", "usa.aid.salience *= 2"])).is_ok());
        assert!(check_sets(&sets(&["usa.aid.salience = 0.3", "rus.aid.salience = 0.3"])).is_ok());
        assert!(check_sets(&sets(&["usa.aid.position = 3", "usa.aid.salience = 0.3"])).is_ok());
    }
}
