//! Error model files: the measured error of each forecasting model, written by
//! `parley calibrate` and named by a scenario's `[calibration] file = ...`.
//!
//! Format (`docs/calibration.md`), JSON:
//!
//! ```json
//! {
//!   "format": "parley-error-model",
//!   "version": 1,
//!   "source": "what the cases were",
//!   "units": "percent-of-scale",
//!   "models": {
//!     "compromise": { "rule": { "kind": "spread", "c": 5 }, "negotiations": 137,
//!                     "scores": [-2.1, ...], "weights": [0.5, ...] }
//!   }
//! }
//! ```
//!
//! `units` is `percent-of-scale` (residuals on each issue's scale normalised to 0-100; fits
//! every issue) or `absolute` with `"scale": [min, max]` (residuals in that scale's units;
//! fits only issues on exactly that scale). Every problem is located by line and column.

use std::path::Path;

use indexmap::IndexMap;
use parley_core::calibration::{Calibration, ErrorModel, Provenance, ScaleRule};
use parley_core::text::shown;
use parley_core::{Scale, Scenario};

use crate::diagnostic::{Diagnostic, LineIndex, LoadError};
use crate::tree::{Entry, Node, Value};

/// The `format` value of an error model file.
pub const FORMAT: &str = "parley-error-model";

/// The version this Parley reads and writes.
pub const VERSION: i64 = 1;

/// The built-in error model: DEU III, written by
/// `parley calibrate ../shared/data/deu/deu3.csv -o crates/parley-scenario/data/error-model-deu3.json`.
pub const BUILTIN: &str = include_str!("../data/error-model-deu3.json");

/// A problem in an error model file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CalibrationProblem {
    /// Not JSON at all: a scenario, a backtest CSV or another file named by mistake.
    #[error(
        "this is not an error model file: an error model file is the JSON written by `parley calibrate` (it starts with '{{'); a scenario or the backtest CSV goes to `parley calibrate`, not to [calibration] file"
    )]
    NotJson,
    /// Not well-formed JSON.
    #[error("syntax error: {0}")]
    Syntax(String),
    /// `format` is not [`FORMAT`].
    #[error("'format' is {found:?}; an error model file has \"{FORMAT}\"")]
    Format {
        /// What the file says.
        found: String,
    },
    /// A version this Parley does not read.
    #[error(
        "error model file version {found}; this Parley reads version {VERSION} (write it anew with `parley calibrate`)"
    )]
    Version {
        /// The version found.
        found: String,
    },
    /// A required key is absent.
    #[error("missing key '{key}' in {table}")]
    Missing {
        /// The key.
        key: &'static str,
        /// Where.
        table: String,
    },
    /// A key the format does not define.
    #[error("unknown key '{key}' in {table}; valid keys: {valid}")]
    Unknown {
        /// The key.
        key: String,
        /// Where.
        table: String,
        /// Valid keys.
        valid: &'static str,
    },
    /// A value of the wrong type or out of range.
    #[error("{what} must be {expected}")]
    Bad {
        /// What the value is.
        what: String,
        /// What would be valid.
        expected: &'static str,
    },
    /// The numbers do not make an error model.
    #[error("model '{model}': {reason}")]
    Model {
        /// Model id.
        model: String,
        /// Why.
        reason: String,
    },
    /// An error model for an id no Parley model has: no run would ever use it.
    #[error("no Parley model has the id '{model}'; {suggestion}valid model ids: {valid}")]
    UnknownModel {
        /// The id as written.
        model: String,
        /// "did you mean 'x'? " when a model id is close to the one written, else empty.
        suggestion: String,
        /// Every model id Parley has.
        valid: String,
    },
    /// An absolute-units file on a scenario issue of another scale.
    #[error(
        "the error model is in the units of the scale [{min}, {max}], but issue '{issue}' is on [{issue_min}, {issue_max}]; use a percent-of-scale file or recode the issue"
    )]
    ScaleMismatch {
        /// The file's scale.
        min: f64,
        /// The file's scale.
        max: f64,
        /// The issue.
        issue: String,
        /// The issue's scale.
        issue_min: f64,
        /// The issue's scale.
        issue_max: f64,
    },
}

impl CalibrationProblem {
    /// A stable code (see `docs/errors.md`).
    pub fn code(&self) -> &'static str {
        match self {
            CalibrationProblem::NotJson => "calibration-not-json",
            CalibrationProblem::Syntax(_) => "calibration-syntax",
            CalibrationProblem::Format { .. } => "calibration-format",
            CalibrationProblem::Version { .. } => "calibration-version",
            CalibrationProblem::Missing { .. } => "calibration-missing-key",
            CalibrationProblem::Unknown { .. } => "calibration-unknown-key",
            CalibrationProblem::Bad { .. } => "calibration-bad-value",
            CalibrationProblem::Model { .. } => "calibration-bad-model",
            CalibrationProblem::UnknownModel { .. } => "calibration-unknown-model",
            CalibrationProblem::ScaleMismatch { .. } => "calibration-scale-mismatch",
        }
    }
}

/// An error model file read: the error models on the percent-of-scale basis Parley uses, and,
/// for an absolute-units file, the one scale it fits.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationFile {
    /// The error models.
    pub calibration: Calibration,
    /// The scale of an absolute-units file, and where the file says it.
    fitted_scale: Option<(Scale, std::ops::Range<usize>)>,
    /// The file's name and text's line index data, for locating a scale mismatch.
    file: String,
    text: String,
}

impl CalibrationFile {
    /// Checks that the file fits every issue of `s`: a located error naming the first issue
    /// on another scale, for an absolute-units file.
    pub fn check_fits(&self, s: &Scenario) -> Result<(), LoadError> {
        let Some((scale, span)) = &self.fitted_scale else {
            return Ok(());
        };
        let Some(issue) = s.issues.iter().find(|i| i.scale != *scale) else {
            return Ok(());
        };
        let problem = CalibrationProblem::ScaleMismatch {
            min: scale.min,
            max: scale.max,
            issue: issue.id.clone(),
            issue_min: issue.scale.min,
            issue_max: issue.scale.max,
        };
        let lines = LineIndex::new(&self.text);
        Err(LoadError::Invalid {
            file: self.file.clone(),
            diagnostics: vec![diagnostic(&lines, &problem, Some("scale"), span.clone())],
        })
    }
}

/// The built-in error model (DEU III).
pub fn builtin() -> Result<CalibrationFile, LoadError> {
    read_str("built-in", BUILTIN)
}

/// The error model a run of `s` uses: the file its `[calibration]` names (relative to
/// `base`, the scenario file's folder; the working folder when `None`), else the built-in one;
/// checked to fit the scenario's scales. The command line and the Python package both use it.
pub fn for_scenario(s: &Scenario, base: Option<&Path>) -> Result<Calibration, LoadError> {
    let read = match &s.calibration {
        // A file that cannot be read says which setting named it: the path alone, resolved
        // against the scenario's folder, does not tell an analyst where to look.
        Some(c) => read_file(&base.unwrap_or(Path::new("")).join(&c.file)).map_err(|e| match e {
            LoadError::Io { path, source } => LoadError::Io {
                path: format!(
                    "{path} (the error model the scenario's [calibration] file = \"{}\" names)",
                    c.file
                ),
                source,
            },
            other => other,
        }),
        None => builtin(),
    }?;
    read.check_fits(s)?;
    Ok(read.calibration)
}

/// Reads an error model file.
pub fn read_file(path: &Path) -> Result<CalibrationFile, LoadError> {
    let name = path.display().to_string();
    let io = |source| LoadError::Io {
        path: name.clone(),
        source,
    };
    // A device or a pipe (`/dev/zero`, a FIFO) would be read forever: only a regular file of
    // a size an error model can have is opened.
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(io(std::io::Error::other(
            "it is not a regular file (a device, pipe or folder); give the error model file \
             written by `parley calibrate`",
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(io(std::io::Error::other(format!(
            "it is {} bytes, more than an error model file can be ({MAX_FILE_BYTES} at most); \
             give the file written by `parley calibrate`",
            meta.len()
        ))));
    }
    let text = std::fs::read_to_string(path).map_err(io)?;
    read_str(&name, &text)
}

/// The largest error model file read: the built-in one is a few hundred KB (a residual per
/// case and model); 64 MiB leaves room for a large track record and bounds a wrong path.
const MAX_FILE_BYTES: u64 = 64 << 20;

/// Reads error model text; `file` names it in diagnostics and as the models' origin.
pub fn read_str(file: &str, text: &str) -> Result<CalibrationFile, LoadError> {
    let lines = LineIndex::new(text);
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let offset = text.len() - body.len();
    let fail = |diagnostics: Vec<Diagnostic>| LoadError::Invalid {
        file: file.to_owned(),
        diagnostics,
    };
    let first = body.len() - body.trim_start().len();
    if !body[first..].starts_with('{') {
        let width = body[first..].chars().next().map_or(0, char::len_utf8);
        let span = first + offset..first + offset + width;
        return Err(fail(vec![diagnostic(
            &lines,
            &CalibrationProblem::NotJson,
            None,
            span,
        )]));
    }
    let root = crate::json_tree::parse(body).map_err(|errors| {
        fail(
            errors
                .into_iter()
                .map(|e| {
                    let span = e.span.start + offset..e.span.end + offset;
                    diagnostic(&lines, &CalibrationProblem::Syntax(e.message), None, span)
                })
                .collect(),
        )
    })?;
    let mut r = Walk {
        lines: &lines,
        offset,
        found: Vec::new(),
    };
    let read = r.root(&root);
    if !r.found.is_empty() {
        return Err(fail(r.found));
    }
    let Some((source, models, fitted_scale)) = read else {
        return Err(fail(r.found));
    };
    Ok(CalibrationFile {
        calibration: Calibration {
            provenance: Provenance {
                source,
                origin: file.to_owned(),
            },
            models,
        },
        fitted_scale: fitted_scale.map(|(s, span)| (s, span.start + offset..span.end + offset)),
        file: file.to_owned(),
        text: text.to_owned(),
    })
}

fn diagnostic(
    lines: &LineIndex<'_>,
    problem: &CalibrationProblem,
    path: Option<&str>,
    span: std::ops::Range<usize>,
) -> Diagnostic {
    let (line, column, line_text) = lines.locate(span.start);
    Diagnostic {
        code: problem.code(),
        message: shown(&problem.to_string()).into_owned(),
        path: path.map(|p| shown(p).into_owned()),
        span,
        line,
        column,
        line_text,
    }
}

/// Every model id an error model may be for: the models Parley runs, experimental ones
/// included (they run when asked for by id).
pub fn model_ids() -> Vec<&'static str> {
    parley_core::models::listed()
        .iter()
        .map(|m| m.info().id)
        .collect()
}

const ROOT_KEYS: &str = "format, version, source, units, scale, models";
const MODEL_KEYS: &str = "rule, negotiations, scores, weights";
const RULE_KEYS: &str = "kind, c";

type Read = (
    String,
    IndexMap<String, ErrorModel>,
    Option<(Scale, std::ops::Range<usize>)>,
);

struct Walk<'a> {
    lines: &'a LineIndex<'a>,
    offset: usize,
    found: Vec<Diagnostic>,
}

impl Walk<'_> {
    fn report(&mut self, problem: CalibrationProblem, path: &str, span: &std::ops::Range<usize>) {
        let span = span.start + self.offset..span.end + self.offset;
        let path = (!path.is_empty()).then_some(path);
        self.found
            .push(diagnostic(self.lines, &problem, path, span));
    }

    fn table<'n>(
        &mut self,
        node: &'n Node,
        path: &str,
        valid: &'static str,
    ) -> Option<&'n [Entry]> {
        let Value::Table(entries) = &node.value else {
            self.bad(node, path, "a JSON object");
            return None;
        };
        let allowed: Vec<&str> = valid.split(", ").collect();
        for e in entries {
            if !allowed.contains(&e.key.as_str()) {
                let table = if path.is_empty() {
                    "the file".into()
                } else {
                    path.to_owned()
                };
                self.report(
                    CalibrationProblem::Unknown {
                        key: e.key.clone(),
                        table,
                        valid,
                    },
                    path,
                    &e.key_span,
                );
            }
        }
        Some(entries)
    }

    fn bad(&mut self, node: &Node, path: &str, expected: &'static str) {
        let what = if path.is_empty() {
            "the file".to_owned()
        } else {
            format!("'{path}'")
        };
        self.report(CalibrationProblem::Bad { what, expected }, path, &node.span);
    }

    fn get<'n>(
        &mut self,
        entries: &'n [Entry],
        key: &'static str,
        table: &str,
        at: &Node,
    ) -> Option<&'n Node> {
        let found = entries.iter().find(|e| e.key == key).map(|e| &e.node);
        if found.is_none() {
            let name = if table.is_empty() {
                "the file".into()
            } else {
                table.to_owned()
            };
            self.report(
                CalibrationProblem::Missing { key, table: name },
                table,
                &(at.span.start..at.span.start + 1),
            );
        }
        found
    }

    fn number(&mut self, node: &Node, path: &str) -> Option<f64> {
        match node.value {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) if f.is_finite() => Some(f),
            Value::BigInt(ref t) if t.parse::<f64>().is_ok_and(f64::is_finite) => t.parse().ok(),
            _ => {
                self.bad(node, path, "a finite number");
                None
            }
        }
    }

    fn numbers(&mut self, node: &Node, path: &str) -> Option<Vec<f64>> {
        let Value::Array(items) = &node.value else {
            self.bad(node, path, "an array of numbers");
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for (k, item) in items.iter().enumerate() {
            out.push(self.number(item, &format!("{path}[{k}]"))?);
        }
        Some(out)
    }

    fn root(&mut self, root: &Node) -> Option<Read> {
        let entries = self.table(root, "", ROOT_KEYS)?;
        let format = self.get(entries, "format", "", root)?;
        match &format.value {
            Value::Str(s) if s == FORMAT => {}
            Value::Str(s) => {
                let problem = CalibrationProblem::Format { found: s.clone() };
                self.report(problem, "format", &format.span);
                return None;
            }
            _ => {
                self.bad(format, "format", "the string \"parley-error-model\"");
                return None;
            }
        }
        let version = self.get(entries, "version", "", root)?;
        if version.value != Value::Int(VERSION) {
            let found = match &version.value {
                Value::Int(i) => i.to_string(),
                Value::Float(f) => f.to_string(),
                Value::Str(s) => format!("{s:?}"),
                other => other.type_name().to_owned(),
            };
            self.report(
                CalibrationProblem::Version { found },
                "version",
                &version.span,
            );
            return None;
        }
        let source = match self.get(entries, "source", "", root) {
            Some(Node {
                value: Value::Str(s),
                ..
            }) => s.clone(),
            Some(other) => {
                self.bad(other, "source", "a string saying what the cases were");
                String::new()
            }
            None => String::new(),
        };
        let units = self.get(entries, "units", "", root)?;
        let absolute = match &units.value {
            Value::Str(s) if s == "percent-of-scale" => false,
            Value::Str(s) if s == "absolute" => true,
            _ => {
                self.bad(units, "units", "\"percent-of-scale\" or \"absolute\"");
                return None;
            }
        };
        let scale_node = entries.iter().find(|e| e.key == "scale").map(|e| &e.node);
        let fitted = match (absolute, scale_node) {
            (true, Some(node)) => Some((self.scale(node)?, node.span.clone())),
            (true, None) => {
                self.get(entries, "scale", "", root);
                return None;
            }
            (false, Some(node)) => {
                self.bad(
                    node,
                    "scale",
                    "absent with percent-of-scale units (it is for absolute units)",
                );
                return None;
            }
            (false, None) => None,
        };
        let models_node = self.get(entries, "models", "", root)?;
        // Any model id is a key here, so no unknown-key check.
        let Value::Table(model_entries) = &models_node.value else {
            self.bad(
                models_node,
                "models",
                "a JSON object of model id -> error model",
            );
            return None;
        };
        if model_entries.is_empty() {
            self.bad(models_node, "models", "an object with at least one model");
            return None;
        }
        let known = model_ids();
        let mut models = IndexMap::new();
        for e in model_entries {
            let path = format!("models.{}", e.key);
            // An error model under an id no model has would be read and then never used:
            // refused, so a misspelt or foreign id does not leave that model without error.
            if !known.contains(&e.key.as_str()) {
                let suggestion = crate::diagnostic::closest_key(&e.key, &known)
                    .map_or(String::new(), |k| format!("did you mean '{k}'? "));
                let problem = CalibrationProblem::UnknownModel {
                    model: e.key.clone(),
                    suggestion,
                    valid: known.join(", "),
                };
                self.report(problem, &path, &e.key_span);
                continue;
            }
            if let Some(m) = self.model(&e.node, &path, &e.key, fitted.as_ref().map(|f| f.0)) {
                models.insert(e.key.clone(), m);
            }
        }
        Some((source, models, fitted))
    }

    fn scale(&mut self, node: &Node) -> Option<Scale> {
        let v = self.numbers(node, "scale")?;
        match v[..] {
            [min, max] if min < max => Some(Scale { min, max }),
            _ => {
                self.bad(node, "scale", "[min, max] with min < max");
                None
            }
        }
    }

    fn model(
        &mut self,
        node: &Node,
        path: &str,
        id: &str,
        absolute: Option<Scale>,
    ) -> Option<ErrorModel> {
        let entries = self.table(node, path, MODEL_KEYS)?;
        let rule_node = self.get(entries, "rule", path, node)?;
        let mut rule = self.rule(rule_node, &format!("{path}.rule"))?;
        let k_node = self.get(entries, "negotiations", path, node)?;
        let negotiations = match k_node.value {
            Value::Int(k) if k >= 1 => usize::try_from(k).ok()?,
            _ => {
                self.bad(
                    k_node,
                    &format!("{path}.negotiations"),
                    "a whole number of at least 1",
                );
                return None;
            }
        };
        let scores_node = self.get(entries, "scores", path, node)?;
        let mut scores = self.numbers(scores_node, &format!("{path}.scores"))?;
        let weights_node = self.get(entries, "weights", path, node)?;
        let weights = self.numbers(weights_node, &format!("{path}.weights"))?;
        if let Some(scale) = absolute {
            // Absolute units to points of the 0-100 scale: a constant rule's scores are
            // residuals; the other rules' floors are in units and their scores are ratios.
            let to_points = 100.0 / (scale.max - scale.min);
            match &mut rule {
                ScaleRule::Constant => scores.iter_mut().for_each(|z| *z *= to_points),
                ScaleRule::Spread { c } | ScaleRule::Distance { c } => *c *= to_points,
            }
        }
        match ErrorModel::new(rule, &scores, &weights, negotiations) {
            Ok(m) => Some(m),
            Err(e) => {
                let problem = CalibrationProblem::Model {
                    model: id.to_owned(),
                    reason: e.to_string(),
                };
                self.report(problem, path, &node.span);
                None
            }
        }
    }

    fn rule(&mut self, node: &Node, path: &str) -> Option<ScaleRule> {
        let entries = self.table(node, path, RULE_KEYS)?;
        let kind = self.get(entries, "kind", path, node)?;
        let floor = |w: &mut Self| -> Option<f64> {
            let c = w.get(entries, "c", path, node)?;
            let v = w.number(c, &format!("{path}.c"))?;
            if v > 0.0 {
                Some(v)
            } else {
                w.bad(c, &format!("{path}.c"), "a positive number of points");
                None
            }
        };
        match &kind.value {
            Value::Str(s) if s == "constant" => Some(ScaleRule::Constant),
            Value::Str(s) if s == "spread" => Some(ScaleRule::Spread { c: floor(self)? }),
            Value::Str(s) if s == "distance" => Some(ScaleRule::Distance { c: floor(self)? }),
            _ => {
                self.bad(
                    kind,
                    &format!("{path}.kind"),
                    "\"constant\", \"spread\" or \"distance\"",
                );
                None
            }
        }
    }
}

/// Writes error models as a version-1 file with percent-of-scale units. Numbers are written
/// in Rust's shortest round-trip form, so the same models give the same bytes.
pub fn to_json(source: &str, models: &IndexMap<String, ErrorModel>) -> String {
    let mut out = String::new();
    out.push_str("{\n");
    out.push_str(&format!("  \"format\": \"{FORMAT}\",\n"));
    out.push_str(&format!("  \"version\": {VERSION},\n"));
    out.push_str(&format!("  \"source\": {},\n", json_string(source)));
    out.push_str("  \"units\": \"percent-of-scale\",\n");
    out.push_str("  \"models\": {");
    for (k, (id, m)) in models.iter().enumerate() {
        out.push_str(if k == 0 { "\n" } else { ",\n" });
        let rule = match m.rule {
            ScaleRule::Constant => "{ \"kind\": \"constant\" }".to_owned(),
            ScaleRule::Spread { c } => format!("{{ \"kind\": \"spread\", \"c\": {c} }}"),
            ScaleRule::Distance { c } => format!("{{ \"kind\": \"distance\", \"c\": {c} }}"),
        };
        out.push_str(&format!("    {}: {{\n", json_string(id)));
        out.push_str(&format!("      \"rule\": {rule},\n"));
        out.push_str(&format!("      \"negotiations\": {},\n", m.negotiations));
        out.push_str(&format!(
            "      \"scores\": {},\n",
            json_numbers(m.scores())
        ));
        out.push_str(&format!(
            "      \"weights\": {}\n",
            json_numbers(m.weights())
        ));
        out.push_str("    }");
    }
    out.push_str("\n  }\n}\n");
    out
}

fn json_numbers(v: &[f64]) -> String {
    let items: Vec<String> = v.iter().map(|x| format!("{x:?}")).collect();
    format!("[{}]", items.join(", "))
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn sample() -> String {
        let mut models = IndexMap::new();
        models.insert(
            "compromise".to_owned(),
            ErrorModel::new(
                ScaleRule::Spread { c: 5.0 },
                &[-1.5, 0.25, 2.0],
                &[1.0, 1.0, 2.0],
                2,
            )
            .unwrap(),
        );
        to_json("test cases", &models)
    }

    #[test]
    fn a_named_file_that_cannot_be_read_says_which_setting_named_it() {
        let text = include_str!("../../../scenarios/grand-bargain-2025.toml");
        let mut s = crate::read_str("grand-bargain-2025.toml", text, crate::Format::Toml).unwrap();
        s.calibration = Some(parley_core::CalibrationSource {
            file: "no-such-error-model.json".into(),
            note: None,
        });
        let dir = std::env::temp_dir().join("parley-calibration-missing");
        let err = for_scenario(&s, Some(&dir)).unwrap_err().to_string();
        assert!(
            err.contains("no-such-error-model.json (the error model the scenario's [calibration] file = \"no-such-error-model.json\" names)"),
            "{err}"
        );
    }

    #[test]
    fn a_written_file_reads_back_the_same() {
        let text = sample();
        let read = read_str("t.json", &text).unwrap();
        let m = read.calibration.get("compromise").unwrap();
        assert_eq!(m.scores(), [-1.5, 0.25, 2.0]);
        assert_eq!(m.weights(), [0.25, 0.25, 0.5]);
        assert_eq!(m.rule, ScaleRule::Spread { c: 5.0 });
        assert_eq!(to_json("test cases", &read.calibration.models), text);
        assert_eq!(read.calibration.provenance.origin, "t.json");
    }

    fn first_problem(text: &str) -> Diagnostic {
        match read_str("e.json", text) {
            Err(LoadError::Invalid { diagnostics, .. }) => diagnostics[0].clone(),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn another_version_is_refused_where_it_is_written() {
        let text = sample().replace("\"version\": 1", "\"version\": 2");
        let d = first_problem(&text);
        assert_eq!(d.code, "calibration-version");
        assert_eq!((d.line, d.column), (3, 14));
        assert!(d.message.contains("version 2"), "{}", d.message);
    }

    #[test]
    fn a_file_that_is_not_json_is_named_as_such() {
        // A scenario named by mistake: sweep3 item 14 had a bare "Unexpected token".
        let d = first_problem("\u{feff}\n  [scenario]\nname = \"x\"\n");
        assert_eq!(d.code, "calibration-not-json");
        assert_eq!((d.line, d.column), (2, 3));
        assert!(d.message.contains("parley calibrate"), "{}", d.message);
        let d = first_problem("case,model,forecast\n");
        assert_eq!((d.code, d.line, d.column), ("calibration-not-json", 1, 1));
        assert_eq!(first_problem("").code, "calibration-not-json");
        assert_eq!(first_problem("éé").code, "calibration-not-json");
    }

    #[test]
    fn malformed_files_are_located() {
        let d =
            first_problem("{\n  \"format\": \"parley-error-model\",\n  \"version\": 1,\n  oops\n}");
        assert_eq!(d.code, "calibration-syntax");
        assert_eq!(d.line, 4);
        let text = sample().replace("0.25, 2.0]", "0.25, \"x\"]");
        let d = first_problem(&text);
        assert_eq!(d.code, "calibration-bad-value");
        assert_eq!(d.path.as_deref(), Some("models.compromise.scores[2]"));
        // Lines: {, format, version, source, units, models, compromise, rule, negotiations,
        // scores (10).
        assert_eq!(d.line, 10);
        let d = first_problem(&sample().replace("\"weights\": [0.25", "\"weights\": [-1"));
        assert_eq!(d.code, "calibration-bad-model");
        let d = first_problem(
            &sample().replace("\"format\": \"parley-error-model\"", "\"format\": \"x\""),
        );
        assert_eq!((d.code, d.line), ("calibration-format", 2));
        let d = first_problem(&sample().replace("\"units\"", "\"unit\""));
        assert_eq!(d.code, "calibration-unknown-key");
    }

    #[test]
    fn an_absolute_file_fits_only_its_own_scale() {
        let text = sample().replace(
            "\"percent-of-scale\"",
            "\"absolute\",\n  \"scale\": [0, 10]",
        );
        let file = read_str("abs.json", &text).unwrap();
        // The floor 5 (units of a 0-10 scale) is 50 points.
        assert_eq!(
            file.calibration.get("compromise").unwrap().rule,
            ScaleRule::Spread { c: 50.0 }
        );
        let mut s = Scenario::named("t");
        s.issues
            .push(parley_core::Issue::new("x").with_scale(0.0, 10.0));
        assert!(file.check_fits(&s).is_ok());
        s.issues.push(parley_core::Issue::new("y"));
        match file.check_fits(&s) {
            Err(LoadError::Invalid { diagnostics, .. }) => {
                let d = &diagnostics[0];
                assert_eq!(d.code, "calibration-scale-mismatch");
                // "scale" follows "units" (line 5) on line 6.
                assert_eq!(d.line, 6);
                assert!(d.message.contains("issue 'y'"), "{}", d.message);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_error_model_for_an_id_no_model_has_is_refused_where_it_is_written() {
        // Before, "compromse" was read and then never used: the compromise model ran without
        // model error and nothing said why.
        let text = sample().replace("\"compromise\":", "\"compromse\":");
        let Err(LoadError::Invalid { file, diagnostics }) = read_str("mine.json", &text) else {
            panic!("an unknown model id was accepted");
        };
        assert_eq!(file, "mine.json");
        let d = &diagnostics[0];
        assert_eq!(d.code, "calibration-unknown-model");
        assert_eq!(d.path.as_deref(), Some("models.compromse"));
        // Lines: {, format, version, source, units, models, compromse (7); the key's quote
        // opens column 5.
        assert_eq!((d.line, d.column), (7, 5));
        assert!(d.message.contains("'compromse'"), "{}", d.message);
        assert!(
            d.message.contains("did you mean 'compromise'?"),
            "{}",
            d.message
        );
        assert!(
            d.message
                .contains("valid model ids: compromise, nbs, eum, exchange, smp, "),
            "{}",
            d.message
        );
        // An experimental model's id is valid: it runs when asked for.
        let text = sample().replace("\"compromise\":", "\"procedural\":");
        assert!(read_str("mine.json", &text).is_ok());
    }

    #[test]
    fn the_builtin_file_reads() {
        let b = builtin().unwrap();
        for id in ["compromise", "nbs", "eum", "exchange", "smp"] {
            assert!(b.calibration.get(id).is_some(), "{id}");
        }
    }
}
