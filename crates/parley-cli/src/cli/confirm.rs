//! Costly commands ask first: the core's cost estimate (`parley_core::cost`) before a run,
//! a confirmation above minutes of work (`--yes` skips it; without a terminal to ask on, the
//! command refuses), and the Monte Carlo run cap.

use std::io::{BufRead, IsTerminal, Write};

use parley_core::cost::{Cost, MAX_RUNS, TimeClass};

use crate::cli::Failure;

/// `--yes`, shared by the commands that can be costly.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct ConfirmArgs {
    /// Run even when the cost estimate is minutes of work or more, without asking.
    #[arg(long)]
    pub yes: bool,
}

/// Parses `--runs` where it must be at least 2: a variance share (a squared correlation over
/// the runs) needs two (a clap value parser, so `--runs 1` is a usage error, exit code 2).
pub fn variance_runs(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n < 2 => Err(format!(
            "must be at least 2 ({n} run{} would give no variance to share out)",
            if n == 1 { "" } else { "s" }
        )),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// Parses `--runs` where it must be at least 1 (a clap value parser, so `--runs 0` is a
/// usage error, exit code 2, like `--runs abc`).
pub fn positive_runs(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1 (0 runs would give no distribution)".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// Refuses more runs than [`MAX_RUNS`].
pub fn check_runs(runs: usize) -> Result<(), Failure> {
    if runs > MAX_RUNS {
        return Err(Failure::usage(format!(
            "error: --runs {runs} is over the maximum of {MAX_RUNS} (each run's forecasts are \
             kept until the summary); split the work over seeds"
        )));
    }
    Ok(())
}

/// [`confirm`] for `evaluations` evaluations of `models` on `s` (the counts of
/// `parley_core::cost::evaluations`, which the web API's refusals use too).
pub fn confirm_work(
    s: &parley_core::Scenario,
    models: &[Box<dyn parley_core::Model>],
    evaluations: usize,
    args: ConfirmArgs,
) -> Result<(), Failure> {
    let ids = models.iter().map(|m| m.info().id);
    confirm(parley_core::cost::for_scenario(s, ids, evaluations), args)
}

/// Goes ahead below minutes of work, or with `--yes`; otherwise asks on the terminal, and
/// refuses when there is none to ask on.
pub fn confirm(cost: Cost, args: ConfirmArgs) -> Result<(), Failure> {
    if cost.class < TimeClass::Minutes || args.yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(Failure::usage(format!(
            "error: this is estimated at {cost}; pass --yes to run it anyway, or ask for fewer \
             runs, models or actors"
        )));
    }
    eprint!("This is estimated at {cost}. Run it? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    if matches!(line.trim(), "y" | "Y" | "yes") {
        Ok(())
    } else {
        Err(Failure::usage("error: not run"))
    }
}
