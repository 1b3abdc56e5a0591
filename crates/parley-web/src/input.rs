//! What every endpoint reads: a JSON body, a scenario (a JSON document in the file format, TOML
//! text, or the embedded flagship), a list of models and a run count within the limits.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use parley_core::{Model, Scenario, models};
use parley_scenario::{Diagnostic, Format, LoadError};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::ApiError;

/// The embedded flagship scenario (the page opens on it): its display name and text, one
/// definition for every Parley program.
pub use parley_library::report::{FLAGSHIP_NAME, FLAGSHIP_TOML};

/// A request body parsed as JSON into `T`; an empty body counts as `{}`.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        // Requiring the JSON media type, empty bodies included, makes a cross-site form post
        // need a CORS preflight, which this server never grants; checked before reading.
        if !is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = read_body(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return parse(b"{}").map(JsonBody);
        }
        parse(&bytes).map(JsonBody)
    }
}

/// The media type of an xlsx workbook.
pub const XLSX_MEDIA_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A request body of an xlsx workbook's bytes, sent as `XLSX_MEDIA_TYPE` or
/// `application/octet-stream`, under the same size limit, body timeout and refusal of
/// compressed bodies as a JSON body.
#[derive(Debug)]
pub struct XlsxBody(pub Bytes);

impl FromRequest<AppState> for XlsxBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        // Neither type is one a cross-site form can send without a CORS preflight, which this
        // server never grants: the same protection the JSON-only rule gives the other POSTs.
        if !is_media_type(
            req.headers(),
            &[XLSX_MEDIA_TYPE, "application/octet-stream"],
        ) {
            return Err(ApiError::UnsupportedMediaTypeFor {
                expected: "an xlsx workbook's bytes with 'Content-Type: \
                           application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' \
                           (or application/octet-stream)",
            });
        }
        let bytes = read_body(req, state).await?;
        if bytes.is_empty() {
            return Err(ApiError::BadRequest(
                "the body is empty: send the xlsx workbook's bytes".into(),
            ));
        }
        Ok(XlsxBody(bytes))
    }
}

/// The body's bytes, refused when compressed, over the size limit or late.
async fn read_body(req: Request, state: &AppState) -> Result<Bytes, ApiError> {
    if let Some(encoding) = compressed(req.headers()) {
        return Err(ApiError::UnsupportedEncoding(encoding));
    }
    let limit = state.limits().body_timeout;
    let read = tokio::time::timeout(limit, Bytes::from_request(req, state))
        .await
        .map_err(|_| ApiError::BodyTimeout(limit.as_secs()))?;
    read.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(state.limits().body_bytes),
        // A body that could not be read is not a malformed one, whatever it was to hold.
        _ => ApiError::BadRequest(format!("cannot read the body: {}", e.body_text())),
    })
}

/// The `Content-Encoding` of a body other than `identity`, as sent.
fn compressed(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_ENCODING)?;
    let text = String::from_utf8_lossy(value.as_bytes()).trim().to_owned();
    (!text.eq_ignore_ascii_case("identity") && !text.is_empty()).then_some(text)
}

fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // serde would describe a non-object body in terms of the request's Rust type ("expected
    // struct RunRequest with 9 elements"); say what the client must send instead.
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|&b| b != b'{') {
        let found = match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(v) => json_kind(&v),
            Err(_) => "text that is not JSON",
        };
        return Err(ApiError::BadJson(format!(
            "invalid request: the body must be a JSON object ({{ ... }}, or empty for the \
             defaults), found {found}"
        )));
    }
    serde_json::from_slice(bytes).map_err(|e| ApiError::BadJson(format!("invalid request: {e}")))
}

/// The kind of a JSON value, as an error message names it.
fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    is_media_type(headers, &["application/json"])
}

/// Whether the body's `Content-Type` is one of `types` (parameters aside).
fn is_media_type(headers: &HeaderMap, types: &[&str]) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| types.iter().any(|t| mime.trim().eq_ignore_ascii_case(t)))
}

/// Where a request's scenario comes from: `scenario` (a JSON document with the structure of a
/// scenario file), `toml` (the text of a TOML file), or neither (the embedded flagship).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Source {
    /// The scenario as a JSON document in the file format.
    pub scenario: Option<serde_json::Value>,
    /// The scenario as TOML text.
    pub toml: Option<String>,
}

/// One problem with a scenario, as the page shows it next to the offending cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemView {
    /// Stable code (`docs/errors.md`).
    pub code: String,
    /// What is wrong and what would be valid.
    pub message: String,
    /// Field path (`actor[0].stance.iran_nuclear.salience.value`), where one applies.
    pub path: Option<String>,
    /// 1-based line in the TOML text (only for `toml` sources).
    pub line: Option<usize>,
    /// 1-based column in the TOML text (only for `toml` sources).
    pub column: Option<usize>,
}

impl ProblemView {
    /// The view of a located diagnostic; `located` keeps line and column.
    pub fn from_diagnostic(d: &Diagnostic, located: bool) -> Self {
        Self {
            code: d.code.to_owned(),
            message: d.message.clone(),
            path: d.path.clone(),
            line: located.then_some(d.line),
            column: located.then_some(d.column),
        }
    }
}

impl Source {
    /// Reads and validates the scenario, or returns every problem.
    pub fn load(&self) -> Result<Scenario, ApiError> {
        match self.read() {
            Ok(s) => Ok(s),
            Err(problems) => Err(ApiError::InvalidScenario { problems }),
        }
    }

    /// Like [`Source::load`], with the problems as data instead of an error.
    pub fn read(&self) -> Result<Scenario, Vec<ProblemView>> {
        let (name, text, format) = match (&self.scenario, &self.toml) {
            (Some(_), Some(_)) => {
                return Err(vec![ProblemView {
                    code: "two-sources".into(),
                    message: "give either 'scenario' (JSON) or 'toml', not both".into(),
                    path: None,
                    line: None,
                    column: None,
                }]);
            }
            (Some(doc), None) => {
                let big = big_seeds(doc);
                if !big.is_empty() {
                    return Err(big);
                }
                ("scenario (JSON)", doc.to_string(), Format::Json)
            }
            (None, Some(text)) => ("scenario.toml", text.clone(), Format::Toml),
            (None, None) => (FLAGSHIP_NAME, FLAGSHIP_TOML.to_owned(), Format::Toml),
        };
        let located = format == Format::Toml;
        parley_scenario::read_str(name, &text, format).map_err(|e| match e {
            LoadError::Invalid { diagnostics, .. } => diagnostics
                .iter()
                .map(|d| ProblemView::from_diagnostic(d, located))
                .collect(),
            LoadError::Io { .. } => vec![ProblemView {
                code: "io".into(),
                message: e.to_string(),
                path: None,
                line: None,
                column: None,
            }],
        })
    }
}

/// The models named in a request's `models` (absent or `["all"]`: every model), in the order
/// asked, without repeats; as the CLI's `--model`. An empty list is refused: read as "every
/// model" it would run what the client explicitly left out.
pub fn select_models(names: Option<&[String]>) -> Result<Vec<Box<dyn Model>>, ApiError> {
    let Some(names) = names else {
        return Ok(models::all());
    };
    if names.is_empty() {
        return Err(ApiError::BadRequest(format!(
            "`models` is an empty list; omit the field to run every model, or name at least \
             one of: {}, all",
            known_models()
        )));
    }
    if names.iter().any(|n| n == "all") {
        return Ok(models::all());
    }
    let mut chosen: Vec<Box<dyn Model>> = Vec::new();
    for name in names {
        let model = models::by_id(name).ok_or_else(|| ApiError::UnknownModel {
            name: name.clone(),
            known: known_models(),
        })?;
        if !chosen.iter().any(|m| m.info().id == model.info().id) {
            chosen.push(model);
        }
    }
    Ok(chosen)
}

/// The ids a request's `models` may name (besides `all`), comma-separated.
fn known_models() -> String {
    models::all()
        .iter()
        .map(|m| m.info().id)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The expected utility model's variants, as `--eum-variant` names them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EumVariant {
    /// Stops when the median settles (at most 20 rounds): the default, as in the CLI.
    #[default]
    Convergent,
    /// Scholz's own code (Scholz, Calbert & Smith 2011): 8 rounds, no stopping rule.
    Scholz,
}

impl EumVariant {
    /// `models` with the expected utility model set to `variant` when one is given; a variant
    /// given without the expected utility model among `models` is refused, as the CLI refuses
    /// `--eum-variant` when `eum` does not run, rather than looking applied.
    pub fn choose(
        variant: Option<EumVariant>,
        models: Vec<Box<dyn Model>>,
    ) -> Result<Vec<Box<dyn Model>>, ApiError> {
        let Some(variant) = variant else {
            return Ok(models);
        };
        if !models.iter().any(|m| m.info().id == "eum") {
            return Err(ApiError::BadRequest(
                "`eum_variant` is given but the expected utility model does not run; add \
                 \"eum\" to `models` or leave `eum_variant` out"
                    .into(),
            ));
        }
        Ok(variant.apply(models))
    }

    /// `models` with the expected utility model, where chosen, set to this variant.
    pub fn apply(self, models: Vec<Box<dyn Model>>) -> Vec<Box<dyn Model>> {
        models
            .into_iter()
            .map(|m| -> Box<dyn Model> {
                if m.info().id != "eum" {
                    return m;
                }
                match self {
                    EumVariant::Convergent => Box::new(models::Eum::convergent()),
                    EumVariant::Scholz => Box::new(models::Eum::scholz()),
                }
            })
            .collect()
    }
}

/// Refuses `smp` settings when KTAB's spatial model is not among `models`: settings nothing
/// reads would look applied (the CLI refuses `--smp` the same way).
pub fn check_smp_used(models: &[Box<dyn Model>], settings: &[String]) -> Result<(), ApiError> {
    if settings.is_empty() || models.iter().any(|m| m.info().id == "smp") {
        return Ok(());
    }
    Err(ApiError::BadRequest(
        "`smp` settings are given but KTAB's spatial model does not run; add \"smp\" to \
         `models` or leave `smp` out"
            .into(),
    ))
}

/// Applies `--smp KEY=VALUE` settings (KTAB's spatial model) over the scenario's `[models.smp]`,
/// as `parley run --smp` does.
pub fn apply_smp(scenario: &mut Scenario, settings: &[String]) -> Result<(), ApiError> {
    if settings.is_empty() {
        return Ok(());
    }
    let smp = scenario.models.smp.get_or_insert_with(Default::default);
    for setting in settings {
        let Some((key, value)) = setting.split_once('=') else {
            return Err(ApiError::BadRequest(format!(
                "smp setting '{setting}': write KEY=VALUE, e.g. voting_rule=binary (keys: {}, seed)",
                models::smp::SmpParams::keys().join(", ")
            )));
        };
        let (key, value) = (key.trim(), value.trim());
        if key == "seed" {
            smp.seed = Some(value.parse().map_err(|_| {
                ApiError::BadRequest(format!(
                    "smp setting '{setting}': the seed must be an integer from 0 to {}",
                    u64::MAX
                ))
            })?);
            continue;
        }
        smp.params
            .set(key, value)
            .map_err(|e| ApiError::BadRequest(format!("smp setting '{setting}': {e}")))?;
    }
    Ok(())
}

/// Checks a requested run count against the server's cap.
pub fn check_runs(runs: usize, max: usize) -> Result<usize, ApiError> {
    if runs > max {
        return Err(ApiError::OverLimit {
            what: "runs",
            asked: runs,
            max,
        });
    }
    Ok(runs)
}

/// The seed of a run: the request's, else the scenario's, else 0 (as the CLI).
pub fn seed(asked: Option<u64>, s: &Scenario) -> u64 {
    asked.or(s.meta.seed).unwrap_or(0)
}

/// The largest integer a JavaScript number (the page's) holds exactly: 2^53.
pub const MAX_EXACT_SEED: u64 = 1 << 53;

/// A seed in a request: a number up to 2^53, or a string of digits for any `u64` (JavaScript
/// numbers would round a larger one, and with it every Monte Carlo result).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum SeedField {
    /// A JSON number.
    Number(serde_json::Number),
    /// A string of digits.
    Text(String),
}

impl SeedField {
    /// The seed, or a message saying why not.
    pub fn value(field: Option<&SeedField>) -> Result<Option<u64>, ApiError> {
        match field {
            None => Ok(None),
            Some(SeedField::Text(t)) => t.trim().parse::<u64>().map(Some).map_err(|_| {
                ApiError::BadRequest(format!("seed \"{t}\" is not an integer from 0 to 2^64-1"))
            }),
            Some(SeedField::Number(n)) => match n.as_u64() {
                Some(v) if v <= MAX_EXACT_SEED => Ok(Some(v)),
                // Only a whole number too large for a page is helped by the string form.
                Some(_) => Err(ApiError::BadRequest(format!(
                    "seed {n} is above 2^53 = {MAX_EXACT_SEED}, the largest integer a JSON number \
                     keeps exactly in a web page; send it as a string (\"seed\": \"{n}\")"
                ))),
                None => Err(ApiError::BadRequest(format!(
                    "seed {n} is not a whole number from 0 to 2^64-1; give one such as 7 (above \
                     2^53 = {MAX_EXACT_SEED}, as a string of digits)"
                ))),
            },
        }
    }
}

/// Problems for seeds in a scenario document (`scenario.seed`, `models.smp.seed`) that are
/// numbers above 2^53: a page holding the document would round them. A `[models.smp]` seed
/// may be a string of digits instead, which keeps every `u64`.
pub fn big_seeds(doc: &serde_json::Value) -> Vec<ProblemView> {
    let mut out = Vec::new();
    for (path, value) in [
        ("scenario.seed", doc.pointer("/scenario/seed")),
        ("models.smp.seed", doc.pointer("/models/smp/seed")),
    ] {
        let Some(serde_json::Value::Number(n)) = value else {
            continue;
        };
        let big = n.as_u64().map_or_else(
            || n.as_f64().is_some_and(|f| f > MAX_EXACT_SEED as f64),
            |v| v > MAX_EXACT_SEED,
        );
        if big {
            let hint = if path == "models.smp.seed" {
                format!("write it as a string (seed = \"{n}\")")
            } else {
                "use a smaller seed, or the CLI".to_owned()
            };
            out.push(ProblemView {
                code: "seed-too-large".into(),
                message: format!(
                    "{path} {n} is above 2^53 = {MAX_EXACT_SEED}, the largest integer the web \
                     page keeps exactly; opening and saving would change it, and with it every \
                     Monte Carlo result: {hint}"
                ),
                path: Some(path.into()),
                line: None,
                column: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_media_types_are_recognised() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::CONTENT_TYPE,
                v.parse().unwrap_or_else(|_| unreachable!()),
            );
            is_json(&h)
        };
        assert!(with("application/json"));
        assert!(with("application/json; charset=utf-8"));
        assert!(!with("application/problem+json"));
        assert!(!with("text/plain"));
        assert!(!with("application/x-www-form-urlencoded"));
        assert!(!is_json(&HeaderMap::new()));
    }

    #[test]
    fn no_source_is_the_flagship_and_two_sources_are_refused() {
        let s = Source::default().load();
        assert!(s.is_ok_and(|s| s.actors.len() == 8));
        let both = Source {
            scenario: Some(serde_json::json!({})),
            toml: Some(String::new()),
        };
        assert!(matches!(both.load(), Err(ApiError::InvalidScenario { .. })));
    }

    #[test]
    fn toml_problems_carry_line_and_path() {
        let text = FLAGSHIP_TOML.replacen("value = 0.55", "value = 55", 1);
        let src = Source {
            toml: Some(text),
            ..Source::default()
        };
        let problems = src.read().err().unwrap_or_default();
        let p = problems.iter().find(|p| p.code == "salience-out-of-range");
        assert!(p.is_some_and(|p| p.line.is_some()
            && p.path.as_deref() == Some("actor[0].stance.iran_nuclear.salience.value")));
    }

    #[test]
    fn unknown_models_name_the_known_ones() {
        let err = select_models(Some(&["smpp".into()])).err();
        assert!(err.is_some_and(|e| e.to_string().contains("compromise")));
        let two = select_models(Some(&["nbs".into(), "nbs".into()])).map(|m| m.len());
        assert_eq!(two, Ok(1));
    }

    #[test]
    fn an_empty_model_list_is_refused_and_an_absent_one_is_every_model() {
        // Before, `[]` ran every model: the opposite of what the list says.
        let err = select_models(Some(&[])).err();
        let message = err.as_ref().map(ToString::to_string).unwrap_or_default();
        assert!(matches!(err, Some(ApiError::BadRequest(_))), "{err:?}");
        assert!(message.contains("`models` is an empty list"), "{message}");
        assert!(message.contains("omit the field"), "{message}");
        assert!(
            message.contains("compromise, nbs, eum, exchange, smp"),
            "{message}"
        );
        let all = select_models(None).map(|m| m.len());
        assert_eq!(all, Ok(models::all().len()));
    }
}

/// A request's `what_if`: one what-if id (`"us_stops_aid"`) or a list of ids applied in order
/// (`["a", "b"]`), the same on every endpoint, as `--what-if` is one flag or several.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WhatIfs(pub Vec<String>);

impl<'de> Deserialize<'de> for WhatIfs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(OneOrList("a what-if id or a list of what-if ids"))
            .map(WhatIfs)
    }
}

/// A request's `set`: one edit (`"x.a.salience=0.1"`) or a list applied in order, read as
/// `what_if` is, so that the two fields take the same forms (`--set` is one flag or several).
pub fn edits<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_any(OneOrList(
        "an edit in the --set syntax or a list of them, e.g. \"x.a.salience=0.1\"",
    ))
}

/// Reads one string or a list of strings; the text says what the strings are.
struct OneOrList(&'static str);

impl<'de> serde::de::Visitor<'de> for OneOrList {
    type Value = Vec<String>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Vec<String>, E> {
        Ok(vec![v.to_owned()])
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<String>()? {
            items.push(item);
        }
        Ok(items)
    }
}
