//! The command line's side of KTAB's spatial model: `--smp KEY=VALUE` settings and the KTAB
//! import.

use parley_core::Scenario;
use parley_core::models::smp::SmpParams;
use parley_scenario::Format;

use crate::cli::Failure;

/// Applies `--smp KEY=VALUE` settings over the scenario's `[models.smp]`.
pub(crate) fn apply(scenario: &mut Scenario, settings: &[String]) -> Result<(), Failure> {
    if settings.is_empty() {
        return Ok(());
    }
    if settings.iter().any(|s| s == "help") {
        return Err(Failure::help(help()));
    }
    let smp = scenario.models.smp.get_or_insert_with(Default::default);
    for setting in settings {
        let Some((key, value)) = setting.split_once('=') else {
            return Err(Failure::usage(format!(
                "error: --smp takes KEY=VALUE, found '{setting}'\n{}",
                help()
            )));
        };
        let (key, value) = (key.trim(), value.trim());
        if key == "seed" {
            smp.seed = Some(value.parse().map_err(|_| {
                Failure::usage(format!(
                    "error: --smp seed={value}: the seed must be an integer from 0 to 18446744073709551615"
                ))
            })?);
            continue;
        }
        smp.params
            .set(key, value)
            .map_err(|e| Failure::usage(format!("error: --smp {setting}: {e}")))?;
    }
    // Checked here, not left to validation, which would blame the scenario's
    // models.smp.min_turns for what the command line set.
    let (min, max) = (smp.params.min_turns, smp.params.max_turns);
    if min > max {
        return Err(Failure::usage(format!(
            "error: --smp: min_turns {min} is above max_turns {max} (with the scenario's \
             [models.smp] under the --smp settings), so the cap would end the run before the \
             minimum; give min_turns <= max_turns"
        )));
    }
    Ok(())
}

fn help() -> String {
    let mut out = String::from("KTAB spatial model settings (--smp KEY=VALUE):\n");
    let defaults = SmpParams::default();
    for key in SmpParams::keys() {
        out.push_str(&format!(
            "  {key:<20} {} (default {})\n",
            SmpParams::valid_values(key).unwrap_or_default(),
            defaults.get(key).unwrap_or_default()
        ));
    }
    out.push_str("  seed                 an integer (default: [models.smp] seed, the scenario's seed, or KTAB's)\n");
    out
}

/// The format of a KTAB file, with what the import says about it.
pub(crate) fn import_format(text: &str) -> (Format, &'static str, &'static str) {
    if parley_scenario::ktab::xml::looks_like(text) {
        (
            Format::KtabXml,
            "KTAB XML scenario",
            "each dimension becomes an issue on 0-100 and saliences are divided by 100; KTAB \
             names become actor ids and descriptions notes; model parameters, seed and ideal \
             adjustments go to [models.smp]",
        )
    } else {
        (
            Format::KtabCsv,
            "KTAB CSV scenario",
            "each dimension becomes an issue on 0-100 and saliences are divided by 100; KTAB \
             names become actor ids and descriptions notes; the salience column names are \
             dropped",
        )
    }
}
