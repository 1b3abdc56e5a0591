//! The expected utility model on the command line: which variant runs (`--eum-variant`), its
//! full run for `--rounds`, and the options of `parley import --from bdm` (`--issue-id`,
//! `--issue-scale`, `--salience-scale`).

use clap::ValueEnum;
use parley_core::models::Eum;
use parley_core::models::eum::EumRun;
use parley_core::{Inputs, Model, Scale, Scenario};
use parley_scenario::bdm;

/// The expected utility model's variants, as `--eum-variant` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VariantArg {
    /// Scholz's own code (Scholz, Calbert & Smith 2011): 8 rounds, no stopping rule.
    Scholz,
    /// schelling's rules: stops when the median settles (at most 20 rounds).
    Convergent,
}

/// `--eum-variant`, for the commands that run models.
#[derive(Debug, Clone, clap::Args)]
pub struct EumArgs {
    /// Rules of the expected utility model (eum): convergent (stops when the median settles;
    /// the default) or scholz (Scholz's code, 8 rounds). Refused when eum does not run.
    // An Option, not a default, so that a variant given for a model that does not run is seen
    // and refused rather than ignored.
    #[arg(long = "eum-variant", value_enum)]
    pub variant: Option<VariantArg>,
}

impl EumArgs {
    /// The model with the chosen variant's settings.
    pub fn model(&self) -> Eum {
        match self.variant.unwrap_or(VariantArg::Convergent) {
            VariantArg::Scholz => Eum::scholz(),
            VariantArg::Convergent => Eum::convergent(),
        }
    }

    /// `models` with the expected utility model, where chosen, set to the chosen variant.
    pub fn apply(&self, models: Vec<Box<dyn Model>>) -> Vec<Box<dyn Model>> {
        models
            .into_iter()
            .map(|m| -> Box<dyn Model> {
                if m.info().id == "eum" {
                    Box::new(self.model())
                } else {
                    m
                }
            })
            .collect()
    }

    /// The chosen variant's full run (moves, pair classifications), when the model is among
    /// `models` and runs on the scenario.
    pub fn simulate(&self, scenario: &Scenario, models: &[Box<dyn Model>]) -> Option<EumRun> {
        if !models.iter().any(|m| m.info().id == "eum") {
            return None;
        }
        let inputs = Inputs::from_scenario(scenario).ok()?;
        self.model().simulate(&inputs).ok()
    }
}

/// `parley import --from bdm` options.
#[derive(Debug, Clone, clap::Args)]
pub struct BdmArgs {
    /// BDM tables: the issue's id (default: the file name without its extension).
    #[arg(long = "issue-id", value_name = "ID")]
    pub issue: Option<String>,
    /// BDM tables: the issue's scale, e.g. 0,100 (default: from the lowest to the highest
    /// position in the file).
    #[arg(
        long = "issue-scale",
        value_name = "MIN,MAX",
        value_delimiter = ',',
        allow_hyphen_values = true
    )]
    pub scale: Option<Vec<f64>>,
    /// BDM tables: the salience column's scale, 1 (0-1, read as written) or 100 (0-100,
    /// divided by 100); default: 0-100 when any salience exceeds 1. Needed for a column that
    /// mixes the two (mixed-salience-scale).
    #[arg(long = "salience-scale", value_name = "1|100", value_parser = ["1", "100"])]
    pub salience_scale: Option<String>,
}

impl BdmArgs {
    /// Whether `--issue-id` or `--issue-scale` was given (`--salience-scale`:
    /// [`BdmArgs::salience`]).
    pub fn given(&self) -> bool {
        self.issue.is_some() || self.scale.is_some()
    }

    /// `--salience-scale` as the reader takes it (clap has already refused anything but 1
    /// and 100).
    pub fn salience(&self) -> Option<bdm::SalienceScale> {
        self.salience_scale.as_deref().map(|v| {
            if v == "1" {
                bdm::SalienceScale::Unit
            } else {
                bdm::SalienceScale::Percent
            }
        })
    }

    /// The reading options for `file`, `--salience-scale` included, or why the flags are
    /// unusable.
    pub fn options(&self, file: &str) -> Result<bdm::Options, String> {
        let mut options = bdm::Options::for_file(file);
        options.salience_scale = self.salience();
        if let Some(id) = &self.issue {
            options.issue = id.clone();
        }
        if let Some(v) = &self.scale {
            match v.as_slice() {
                &[min, max] if min.is_finite() && max.is_finite() && min < max => {
                    options.scale = Some(Scale { min, max });
                }
                _ => {
                    return Err(format!(
                        "error: --issue-scale takes MIN,MAX with MIN < MAX (e.g. 0,100); got {v:?}"
                    ));
                }
            }
        }
        Ok(options)
    }
}
