//! The scenario arguments every analysis command takes, as one flattened group: the scenario
//! file (or `-`, or the embedded flagship), the variant (`--what-if`, `--set`), `--seed`,
//! `--model` and the model options (`--eum-variant`, `--smp`). A flag added here reaches
//! `run`, `mc`, `sensitivity`, `compare`, `bargain`, `report`, `plot` and `advise` at once;
//! `tests/cli_layout.rs` fails when an analysis command does not flatten this group.

use std::path::PathBuf;

use parley_core::{Model, Scenario};

use crate::cli::{Failure, edits, eum, load, select_models, smp};

/// The shared scenario arguments (see the module's documentation).
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ScenarioArgs {
    /// Scenario file (any format `validate` reads: TOML, JSON, decide, KTAB, BDM, xlsx, CSV
    /// grid; `-`: standard input); default: the embedded flagship scenario.
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub variant: edits::VariantArgs,
    /// Seed of everything drawn at random (Monte Carlo draws, the point forecasts' error
    /// draws, stochastic models), in place of the scenario's `seed`; default: the scenario's
    /// seed, else 0. Same seed, same results, any thread count.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Models to run (repeat or comma-separate); `all` runs every model.
    #[arg(long, short, value_delimiter = ',', default_value = "all")]
    pub model: Vec<String>,
    #[command(flatten)]
    pub eum: eum::EumArgs,
    /// Set a parameter of KTAB's spatial model, over the scenario's [models.smp] (repeat), e.g.
    /// `--smp state_transitions=stochastic --smp seed=7`; `--smp help` lists them.
    #[arg(long, value_name = "KEY=VALUE")]
    pub smp: Vec<String>,
}

impl ScenarioArgs {
    /// The file given, if any.
    pub fn file(&self) -> Option<&PathBuf> {
        self.file.as_ref()
    }

    /// The base scenario: the file (or the flagship) with `--seed` as its seed and the
    /// `--smp` settings, before the variant.
    pub fn base(&self) -> Result<Scenario, Failure> {
        let mut s = load(self.file())?;
        if let Some(seed) = self.seed {
            s.meta.seed = Some(seed);
        }
        smp::apply(&mut s, &self.smp)?;
        Ok(s)
    }

    /// The scenario to analyse: [`Self::base`] with the what-ifs and edits applied.
    pub fn scenario(&self) -> Result<Scenario, Failure> {
        self.variant.apply(self.base()?)
    }

    /// The models chosen with `--model`, with the model options applied. An option of a model
    /// that does not run (`--model nbs --smp ...`) is a usage error, not silently ignored.
    pub fn models(&self) -> Result<Vec<Box<dyn Model>>, Failure> {
        let chosen = select_models(&self.model)?;
        let runs = |id: &str| chosen.iter().any(|m| m.info().id == id);
        let refuse = |flag: &str, model: &str, what: &str| {
            let ids: Vec<&str> = chosen.iter().map(|m| m.info().id).collect();
            Failure::usage(format!(
                "error: {flag} sets {what} ({model}), which does not run here (--model {}); \
                 add {model} to --model, or drop {flag}",
                ids.join(",")
            ))
        };
        if !self.smp.is_empty() && !runs("smp") {
            return Err(refuse("--smp", "smp", "KTAB's spatial model"));
        }
        if self.eum.variant.is_some() && !runs("eum") {
            return Err(refuse("--eum-variant", "eum", "the expected utility model"));
        }
        Ok(self.eum.apply(chosen))
    }

    /// Whether every model runs (`--model all`, the default).
    pub fn all_models(&self) -> bool {
        self.model.iter().any(|m| m == "all")
    }

    /// The seed: `--seed`, else the scenario's, else 0.
    pub fn seed(&self, scenario: &Scenario) -> u64 {
        self.seed.or(scenario.meta.seed).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use clap::{Args, CommandFactory};

    use super::ScenarioArgs;

    /// The subcommands that do not analyse a scenario, each with why; every other subcommand
    /// must flatten [`ScenarioArgs`]. Adding a command means adding it here on purpose or
    /// flattening the group.
    const NOT_ANALYSES: &[(&str, &str)] = &[
        ("validate", "checks files, runs no model"),
        ("import", "converts a file"),
        (
            "export",
            "writes the scenario (takes --what-if/--set only: no model runs)",
        ),
        ("merge", "combines codings"),
        ("extract", "reads news articles"),
        ("backtest", "scores models on a dataset, not a scenario"),
        ("calibrate", "fits error models on a dataset"),
        ("serve", "the workbench takes its settings per request"),
        ("library", "stores scenario versions"),
        (
            "seal",
            "forecasts a saved version as it is: a variant was not saved",
        ),
        ("resolve", "records outcomes"),
        ("score", "scores sealed forecasts"),
        ("completions", "prints completions"),
        ("man", "prints the manual"),
        ("models", "lists the models"),
        ("help", "clap's help"),
    ];

    /// Each argument of the group: id, long flag, short flag, positional.
    fn shape(a: &clap::Arg) -> (String, Option<String>, Option<char>, bool) {
        (
            a.get_id().to_string(),
            a.get_long().map(str::to_owned),
            a.get_short(),
            a.is_positional(),
        )
    }

    #[test]
    fn every_analysis_command_takes_the_shared_scenario_arguments() {
        let group = ScenarioArgs::augment_args(clap::Command::new("group"));
        let shared: Vec<_> = group.get_arguments().map(shape).collect();
        for flag in ["what-if", "set", "seed", "model", "eum-variant", "smp"] {
            assert!(
                shared.iter().any(|s| s.1.as_deref() == Some(flag)),
                "--{flag} is in the group"
            );
        }
        let cli = crate::Cli::command();
        let mut analyses = Vec::new();
        for sub in cli.get_subcommands() {
            let name = sub.get_name();
            if NOT_ANALYSES.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let args: Vec<_> = sub.get_arguments().map(shape).collect();
            for s in &shared {
                assert!(
                    args.contains(s),
                    "`parley {name}` lacks the shared argument {s:?}: flatten ScenarioArgs \
                     into it, or list it in NOT_ANALYSES with a reason"
                );
            }
            analyses.push(name.to_owned());
        }
        analyses.sort();
        assert_eq!(
            analyses,
            [
                "advise",
                "bargain",
                "compare",
                "mc",
                "plot",
                "report",
                "run",
                "sensitivity"
            ],
            "the analysis commands"
        );
        // Every listed exception still exists (a renamed command is not silently skipped).
        for (name, _) in NOT_ANALYSES {
            assert!(
                *name == "help" || cli.find_subcommand(name).is_some(),
                "{name} is no subcommand"
            );
        }
    }
}
