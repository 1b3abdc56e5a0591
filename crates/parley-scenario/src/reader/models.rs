//! `[models.*]`: settings of individual models. So far only `[models.smp]`, KTAB's spatial
//! model: its nine parameters (KTAB's or Parley's value names), the run length, a seed and
//! `[[models.smp.accommodation]]` entries.

use parley_core::ModelSettings;
use parley_core::models::smp::{IdealAdjustment, SmpParams, SmpSettings};

use super::Reader;
use crate::diagnostic::FormatProblem;
use crate::tree::{Node, Value};

const MODELS: &[&str] = &["smp"];
const ACCOMMODATION: &[&str] = &["actor", "reference", "rate"];

/// Reads the `[models]` table.
pub(super) fn read(r: &mut Reader, node: &Node) -> ModelSettings {
    let mut settings = ModelSettings::default();
    let Some(f) = r.fields(node, "models", "[models]", MODELS) else {
        return settings;
    };
    if let Some(smp) = f.get("smp") {
        settings.smp = Some(read_smp(r, smp));
    }
    settings
}

fn smp_keys() -> Vec<&'static str> {
    let mut keys = SmpParams::keys();
    keys.extend(["seed", "accommodation"]);
    keys
}

fn read_smp(r: &mut Reader, node: &Node) -> SmpSettings {
    let mut s = SmpSettings::default();
    let keys = smp_keys();
    let Some(f) = r.fields(node, "models.smp", "[models.smp]", &keys) else {
        return s;
    };
    for e in f.entries {
        let path = format!("models.smp.{}", e.key);
        let n = &e.node;
        r.mark(&path, &n.span);
        match e.key.as_str() {
            "seed" => s.seed = seed(r, n, &path),
            "accommodation" => s.accommodation = accommodation(r, n),
            key if keys.contains(&key) => param(r, &mut s.params, key, n, &path),
            _ => {} // reported as an unknown key by `fields`
        }
    }
    s
}

/// A parameter: a name for a choice, an integer for turns, a number for the ratio.
fn param(r: &mut Reader, params: &mut SmpParams, key: &str, n: &Node, path: &str) {
    let numeric = matches!(key, "min_turns" | "max_turns" | "stop_ratio");
    let text = match &n.value {
        Value::Str(v) if !numeric => v.clone(),
        Value::Int(i) if numeric => i.to_string(),
        Value::BigInt(t) if numeric => t.clone(),
        Value::Float(x) if key == "stop_ratio" => x.to_string(),
        _ => {
            let expected = match key {
                "min_turns" | "max_turns" => "an integer",
                "stop_ratio" => "a number",
                _ => "a string",
            };
            r.wrong_type(n, path, &format!("'{key}' in [models.smp]"), expected);
            return;
        }
    };
    if params.set(key, &text).is_err() {
        let problem = FormatProblem::BadChoice {
            what: format!("'{key}' in [models.smp]"),
            value: text,
            valid: SmpParams::valid_values(key).unwrap_or_default(),
        };
        r.report(n.span.clone(), path, problem);
    }
}

/// A seed: an integer, or a string of digits for seeds above TOML's largest integer.
fn seed(r: &mut Reader, n: &Node, path: &str) -> Option<u64> {
    let parsed = match &n.value {
        Value::Int(i) => u64::try_from(*i).ok(),
        Value::Str(t) => t.trim().parse::<u64>().ok(),
        _ => {
            r.wrong_type(n, path, "'seed' in [models.smp]", "an integer");
            return None;
        }
    };
    if parsed.is_none() {
        let problem = FormatProblem::BadInteger {
            what: "'seed' in [models.smp]".into(),
            value: match &n.value {
                Value::Int(i) => i.to_string(),
                Value::Str(t) => t.clone(),
                _ => String::new(),
            },
            valid: "an integer from 0 to 18446744073709551615 (as a string above 2^63 - 1)",
        };
        r.report(n.span.clone(), path, problem);
    }
    parsed
}

fn accommodation(r: &mut Reader, n: &Node) -> Vec<IdealAdjustment> {
    let path = "models.smp.accommodation";
    let Value::Array(items) = &n.value else {
        let what = "'accommodation' in [models.smp]";
        r.wrong_type(
            n,
            path,
            what,
            "an array of tables ([[models.smp.accommodation]])",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let p = format!("{path}[{k}]");
        let label = format!("[[models.smp.accommodation]] {}", k + 1);
        let Some(f) = r.fields(item, &p, &label, ACCOMMODATION) else {
            continue;
        };
        let actor = r.required_string(&f, "actor");
        let reference = r.required_string(&f, "reference");
        let rate = match f.get("rate") {
            Some(node) => r.number(node, &format!("{p}.rate"), &format!("'rate' in {label}")),
            None => {
                r.missing(
                    &f,
                    "rate",
                    "; the share of the reference's position, in [0, 1]",
                );
                None
            }
        };
        out.push(IdealAdjustment {
            actor,
            reference,
            rate: rate.unwrap_or(f64::NAN),
        });
    }
    out
}
