//! `parley compare`: the base scenario against what-if variants, every model side by side.

use parley_core::calibration::point::{PointError, point_error};
use parley_core::{Analysis, Scenario, analyse_observed};
use parley_report::{csv, table};

use crate::cli::edits::VariantArgs;
use crate::cli::progress::Progress;
use crate::cli::{Failure, OutputFormat, ScenarioArgs, emit, json, table_width};
use crate::commands::calibrate;

/// Arguments of `parley compare`.
#[derive(Debug, clap::Args)]
pub(crate) struct CompareArgs {
    /// The scenario; its `--what-if` and `--set` make one variant of their own, compared with
    /// the base like every `--variant`.
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// A variant of any number of what-ifs and edits, applied in order like the same flags of
    /// `run`: 'NAME: --what-if ID --set EDIT ...' (the name and its colon may be left out), or
    /// a what-if's ID alone. Repeat for more variants.
    #[arg(long = "variant", value_name = "SPEC", allow_hyphen_values = true)]
    variants: Vec<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    #[command(flatten)]
    confirm: crate::cli::confirm::ConfirmArgs,
}

/// One variant to compare: its name and what makes it.
#[derive(Debug, Clone, PartialEq)]
struct Variant {
    name: String,
    edits: VariantArgs,
}

/// Reads one `--variant` SPEC: a what-if's ID alone, or `[NAME:] (--what-if ID | --set
/// EDIT)...`, each value running to
/// the next flag (so an edit may hold spaces, `usa.ukraine_aid.salience = 0.3`); a value may
/// be quoted. `--what-if=ID` and `--set=EDIT` work too.
fn parse_variant(spec: &str) -> Result<Variant, String> {
    let example =
        "e.g. --variant 'aid cut: --what-if us_stops_aid --set usa.ukraine_aid.salience=0.3'";
    let text = spec.trim();
    if !text.is_empty() && !text.contains(':') && !text.starts_with("--") {
        // A bare id: that what-if alone.
        return Ok(Variant {
            name: text.to_owned(),
            edits: VariantArgs {
                what_if: vec![text.to_owned()],
                set: Vec::new(),
            },
        });
    }
    let (name, body) = if text.starts_with("--") {
        (None, text)
    } else {
        match text.split_once(':') {
            Some((name, body)) if !name.trim().is_empty() => (Some(name.trim()), body.trim()),
            _ => {
                return Err(format!(
                    "'{spec}' is not a variant: write 'NAME: --what-if ID --set EDIT ...', {example}"
                ));
            }
        }
    };
    let mut edits = VariantArgs::default();
    // (flag, the value's text so far)
    let mut current: Option<(&str, String)> = None;
    let finish = |current: Option<(&str, String)>, edits: &mut VariantArgs| {
        let Some((flag, value)) = current else {
            return Ok(());
        };
        let value = unquote(value.trim());
        if value.is_empty() {
            return Err(format!("{flag} has no value in '{spec}'; {example}"));
        }
        match flag {
            "--what-if" => edits.what_if.push(value.to_owned()),
            _ => edits.set.push(value.to_owned()),
        }
        Ok(())
    };
    for word in body.split_whitespace() {
        let (flag, rest) = match word.split_once('=') {
            Some((f, rest)) if f == "--what-if" || f == "--set" => (Some(f), rest),
            _ if word == "--what-if" || word == "--set" => (Some(word), ""),
            _ => (None, word),
        };
        match (flag, &mut current) {
            (Some(flag), _) => {
                finish(current.take(), &mut edits)?;
                current = Some((flag, rest.to_owned()));
            }
            (None, _) if word.starts_with("--") => {
                return Err(format!(
                    "unknown flag '{word}' in '{spec}': a variant takes --what-if ID and --set \
                     EDIT; {example}"
                ));
            }
            (None, Some((_, value))) => {
                if !value.is_empty() {
                    value.push(' ');
                }
                value.push_str(rest);
            }
            (None, None) => {
                return Err(format!(
                    "'{word}' in '{spec}' comes before any --what-if or --set; {example}"
                ));
            }
        }
    }
    finish(current, &mut edits)?;
    if edits.is_empty() {
        return Err(format!(
            "variant '{spec}' has no --what-if and no --set; {example}"
        ));
    }
    let name = name.map_or_else(|| edits.name(), str::to_owned);
    Ok(Variant { name, edits })
}

/// `text` without one pair of matching quotes around it.
fn unquote(text: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(q).and_then(|t| t.strip_suffix(q)) {
            return inner;
        }
    }
    text
}

/// The variants to compare: the command line's `--what-if`/`--set` (one variant), then each
/// `--variant`; with none of them, each of the scenario's what-ifs alone.
fn variants(args: &CompareArgs, base: &Scenario) -> Result<Vec<Variant>, Failure> {
    let mut out = Vec::new();
    if !args.scenario.variant.is_empty() {
        out.push(Variant {
            name: args.scenario.variant.name(),
            edits: args.scenario.variant.clone(),
        });
    }
    for (k, spec) in args.variants.iter().enumerate() {
        let v = parse_variant(spec)
            .map_err(|e| Failure::usage(format!("error: --variant {}: {e}", k + 1)))?;
        out.push(v);
    }
    if out.is_empty() {
        out = base
            .what_ifs
            .iter()
            .map(|w| Variant {
                name: w.id.clone(),
                edits: VariantArgs {
                    what_if: vec![w.id.clone()],
                    set: Vec::new(),
                },
            })
            .collect();
    }
    for (k, v) in out.iter().enumerate() {
        // The first column is the base scenario's, headed "Base": a variant of that name
        // would read as the base itself.
        if v.name.eq_ignore_ascii_case("base") {
            return Err(Failure::usage(format!(
                "error: a variant is named '{}', the name of the base scenario's column; give \
                 it another NAME (--variant 'NAME: ...')",
                v.name
            )));
        }
        if out[..k].iter().any(|o| o.name == v.name) {
            return Err(Failure::usage(format!(
                "error: two variants are named '{}'; give each --variant its own NAME:",
                v.name
            )));
        }
    }
    Ok(out)
}

/// Runs `parley compare`.
pub(crate) fn exec(args: &CompareArgs) -> Result<(), Failure> {
    let chosen = args.scenario.models()?;
    let base = args.scenario.base()?;
    let fail = |e: &dyn std::fmt::Display| Failure::input(format!("error: {e}"));
    let list = variants(args, &base)?;
    if list.is_empty() {
        return Err(Failure::input(
            "error: nothing to compare: the scenario defines no what-ifs; pass --what-if, --set \
             or --variant",
        ));
    }
    let from_flags = !args.scenario.variant.is_empty();
    // Every variant is built before any model runs, so a bad edit in the last one is told at
    // once, not after minutes of analysing the others.
    let mut scenarios = Vec::with_capacity(list.len());
    for (k, v) in list.iter().enumerate() {
        let place = match (from_flags, k) {
            (true, 0) => "the --what-if/--set variant".to_owned(),
            _ if args.variants.is_empty() => format!("what-if '{}'", v.name),
            _ => format!(
                "--variant {} ('{}')",
                k + 1 - usize::from(from_flags),
                v.name
            ),
        };
        let s = v
            .edits
            .apply(base.clone())
            // The variant's own exit code: 2 for its --set edits, 1 for the file's what-ifs.
            .map_err(|f| {
                let why = strip_error(&f.message);
                // A what-if's own error names it already ("what-if 'gone' leaves ...").
                let message = if why.starts_with(&place) {
                    format!("error: {why}")
                } else {
                    format!("error: {place}: {why}")
                };
                Failure {
                    message,
                    code: f.code,
                }
            })?;
        scenarios.push((v.name.clone(), s));
    }
    // The base and every variant, each one evaluation of every model (sweep3 item 15).
    crate::cli::confirm::confirm_work(&base, &chosen, scenarios.len() + 1, args.confirm)?;
    let progress = Progress::stages((scenarios.len() + 1) * chosen.len(), "compare");
    let mut started = false;
    let mut analyse_one = |label: &str, s: &Scenario| {
        analyse_observed(s, &chosen, &mut |start| {
            if started {
                progress.tick();
            }
            started = true;
            progress.say(&format!(
                "compare, {label}: {} is model {} of {}",
                start.model,
                start.index + 1,
                start.of
            ));
        })
        .map_err(|e| fail(&e))
    };
    let mut variants = Vec::with_capacity(scenarios.len());
    for (k, (name, s)) in scenarios.iter().enumerate() {
        let label = format!("variant {} of {} ('{name}')", k + 1, scenarios.len());
        variants.push((name.clone(), analyse_one(&label, s)?));
    }
    let base_analysis = analyse_one("the base", &base)?;
    if !chosen.is_empty() {
        progress.tick();
    }
    progress.finish();
    let text = match args.format {
        OutputFormat::Json => {
            let points = model_error(args, &base, &base_analysis, &scenarios, &variants)?;
            let variants: Vec<serde_json::Value> = variants
                .iter()
                .zip(&points[1..])
                .map(|((name, a), p)| {
                    serde_json::json!({ "variant": name, "analysis": a, "model_error": p })
                })
                .collect();
            json(&serde_json::json!({
                "base": base_analysis,
                "base_model_error": points[0],
                "variants": variants
            }))?
        }
        OutputFormat::Csv => csv::compare(&base_analysis, &variants)
            .map_err(|e| Failure::input(format!("error: {e}")))?,
        OutputFormat::Table => {
            let points = model_error(args, &base, &base_analysis, &scenarios, &variants)?;
            let mut text =
                table::compare::render(&base_analysis, &variants, &points, table_width());
            text.push_str(&variant_notes(&scenarios));
            text
        }
    };
    emit(&text)
}

/// One line per note of each variant (a mediation its edits made lapse), naming the
/// variant, for under the table; JSON carries them in each variant's `analysis.notes`.
fn variant_notes(scenarios: &[(String, Scenario)]) -> String {
    scenarios
        .iter()
        .map(|(name, s)| parley_report::text::note_lines(&s.notes, Some(name)))
        .collect()
}

/// The models' measured error at the point values of the base (first) and of each variant,
/// all with the base's calibration and seed: the same error draws for every variant, so a
/// change in odds between two columns is the variant's, not the draws'.
fn model_error(
    args: &CompareArgs,
    base: &Scenario,
    base_analysis: &Analysis,
    scenarios: &[(String, Scenario)],
    variants: &[(String, Analysis)],
) -> Result<Vec<PointError>, Failure> {
    let calibration = calibrate::for_scenario(base, args.scenario.file())?;
    let seed = args.scenario.seed(base);
    std::iter::once((base, base_analysis))
        .chain(
            scenarios
                .iter()
                .map(|(_, s)| s)
                .zip(variants.iter().map(|(_, a)| a)),
        )
        .map(|(s, a)| {
            point_error(s, a, &calibration, seed).map_err(|e| Failure::input(format!("error: {e}")))
        })
        .collect()
}

/// A failure's message without its leading `error: `.
fn strip_error(message: &str) -> &str {
    message.strip_prefix("error: ").unwrap_or(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edits(what_if: &[&str], set: &[&str]) -> VariantArgs {
        VariantArgs {
            what_if: what_if.iter().map(|s| (*s).to_owned()).collect(),
            set: set.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn a_variant_spec_reads_like_the_flags_of_run() {
        let v = parse_variant(
            "aid cut: --what-if us_stops_aid --set usa.ukraine_aid.salience = 0.3 \
             --set=\"rus.capability *= 2\"",
        )
        .unwrap();
        assert_eq!(v.name, "aid cut");
        assert_eq!(
            v.edits,
            edits(
                &["us_stops_aid"],
                &["usa.ukraine_aid.salience = 0.3", "rus.capability *= 2"]
            )
        );
        // No name: the edits name it.
        let v = parse_variant("--set a.b.salience=0.1 --set 'c.d.position = 4'").unwrap();
        assert_eq!(v.name, "a.b.salience=0.1 + c.d.position = 4");
        assert_eq!(
            v.edits,
            edits(&[], &["a.b.salience=0.1", "c.d.position = 4"])
        );
    }

    #[test]
    fn a_bad_variant_spec_says_what_is_wrong() {
        for (spec, says) in [
            (": --set a=1", "is not a variant"),
            ("x: --what-if", "--what-if has no value"),
            ("x: --set a=1 --scan a=0:1:1", "unknown flag '--scan'"),
            (
                "x: us_stops_aid --set a=1",
                "comes before any --what-if or --set",
            ),
            ("x:", "has no --what-if and no --set"),
        ] {
            let e = parse_variant(spec).unwrap_err();
            assert!(e.contains(says), "{spec}: {e}");
        }
    }
}
