//! Scenario files: the flagship to start from, TOML or JSON text to the editor's document and
//! back, and validation (`parley validate`).

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use parley_scenario::{Format, LoadError};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::answer::Json;
use crate::convert::toml_to_json;
use crate::error::ApiError;
use crate::input::{FLAGSHIP_NAME, FLAGSHIP_TOML, JsonBody, ProblemView, Source, XlsxBody};

/// `GET /api/scenario/flagship`: the embedded flagship as TOML text and as the editor's
/// document.
pub async fn flagship() -> Result<Json<Value>, ApiError> {
    let doc = toml_to_json(FLAGSHIP_TOML)
        .ok_or_else(|| ApiError::Internal("the embedded flagship is not TOML".into()))?;
    Ok(Json(
        json!({ "name": FLAGSHIP_NAME, "toml": FLAGSHIP_TOML, "scenario": doc }),
    ))
}

/// Body of `POST /api/scenario/parse`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParseRequest {
    /// The file's text.
    text: String,
    /// `toml` (default) or `json`.
    #[serde(default)]
    format: Option<String>,
}

/// `POST /api/scenario/parse`: a file's text (an upload) to the editor's document, with every
/// problem located by line and column. The document is there whenever the text is well-formed,
/// even if its values are not valid, so the editor can show the problems in place.
pub async fn parse(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<ParseRequest>,
) -> Result<Json<Value>, ApiError> {
    let format = match req.format.as_deref().unwrap_or("toml") {
        "toml" => Format::Toml,
        "json" => Format::Json,
        other => {
            return Err(ApiError::BadRequest(format!(
                "unknown format '{other}'; valid: toml, json"
            )));
        }
    };
    state
        .compute(move |_| {
            let doc = match format {
                Format::Json => serde_json::from_str::<Value>(&req.text).ok(),
                _ => toml_to_json(&req.text),
            };
            let problems: Vec<ProblemView> =
                match parley_scenario::read_str("upload", &req.text, format) {
                    Ok(_) => Vec::new(),
                    Err(LoadError::Invalid { diagnostics, .. }) => diagnostics
                        .iter()
                        .map(|d| ProblemView::from_diagnostic(d, true))
                        .collect(),
                    Err(e) => return Err(ApiError::Internal(e.to_string())),
                };
            // Where each field stands in a TOML file, so the page can keep pointing at lines
            // of the file after edits; a JSON file has no such map.
            let places = match format {
                Format::Toml => Some(crate::locations::toml_places(&req.text)),
                _ => None,
            };
            // Seeds the page could not hold exactly, located in the file.
            let mut problems = problems;
            if let Some(doc) = &doc {
                for mut p in crate::input::big_seeds(doc) {
                    let place = places
                        .as_ref()
                        .and_then(|m| p.path.as_ref().and_then(|path| m.get(path)));
                    if let Some(place) = place {
                        p.line = Some(place.line);
                        p.column = Some(place.column);
                    }
                    problems.push(p);
                }
            }
            Ok(Json(json!({
                "scenario": doc,
                "valid": problems.is_empty(),
                "problems": problems,
                "places": places,
            })))
        })
        .await
}

/// The name a workbook sent to `POST /api/scenario/xlsx` goes by in messages (and, when it
/// has no `more` sheet, the scenario's name).
const WORKBOOK_NAME: &str = "workbook.xlsx";

/// `POST /api/scenario/xlsx`: an xlsx workbook's bytes (as `parley import`) to the editor's
/// document and the scenario's TOML text. A workbook that is not one is a 400; one whose
/// sheets have problems a 422 with every problem located by sheet and cell.
pub async fn from_xlsx(
    State(state): State<AppState>,
    XlsxBody(bytes): XlsxBody,
) -> Result<Json<Value>, ApiError> {
    state
        .compute(move |_| {
            let scenario =
                parley_scenario::sheet::xlsx::read(WORKBOOK_NAME, &bytes).map_err(sheet_error)?;
            let text = parley_scenario::write::to_toml(&scenario);
            let doc = toml_to_json(&text).ok_or_else(|| {
                ApiError::Internal("the scenario written as TOML does not read back".into())
            })?;
            Ok(Json(json!({ "scenario": doc, "toml": text })))
        })
        .await
}

/// A workbook's refusal as the API's error: unreadable bytes name the body; problems in the
/// sheets are listed, each with its sheet and cell at the start of its message.
fn sheet_error(e: parley_scenario::sheet::SheetError) -> ApiError {
    use parley_scenario::sheet::SheetError;
    match e {
        SheetError::Unreadable { reason, .. } => {
            ApiError::BadRequest(format!("the body is not a scenario workbook: {reason}"))
        }
        SheetError::Invalid { problems, .. } => ApiError::InvalidScenario {
            problems: problems
                .iter()
                .map(|p| ProblemView {
                    code: "sheet".into(),
                    message: p.to_string(),
                    path: None,
                    line: None,
                    column: None,
                })
                .collect(),
        },
        SheetError::Write(m) => ApiError::Internal(m),
    }
}

/// Body of `POST /api/validate` and `POST /api/scenario/toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioRequest {
    scenario: Option<Value>,
    toml: Option<String>,
}

impl ScenarioRequest {
    fn source(self) -> Source {
        Source {
            scenario: self.scenario,
            toml: self.toml,
        }
    }
}

/// `POST /api/validate`: every problem of a scenario with its code, message and field path
/// (`parley validate`). Always 200: an invalid scenario is an answer here, not an error.
pub async fn validate(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<ScenarioRequest>,
) -> Result<Json<Value>, ApiError> {
    state
        .compute(move |_| {
            Ok(Json(match req.source().read() {
                Ok(s) => json!({
                    "valid": true,
                    "actors": s.actors.len(),
                    "issues": s.issues.len(),
                    "problems": [],
                }),
                Err(problems) => json!({ "valid": false, "problems": problems }),
            }))
        })
        .await
}

/// `POST /api/scenario/toml`: a valid scenario written as a TOML file (for download).
pub async fn to_toml(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<ScenarioRequest>,
) -> Result<Response, ApiError> {
    let scenario = state.compute(move |_| req.source().load()).await?;
    let file = format!("{}.toml", file_stem(&scenario.meta.name));
    let text = parley_scenario::write::to_toml(&scenario);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/toml; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        text,
    )
        .into_response())
}

/// A file name from a scenario's name: lower-case letters, digits and dashes.
pub(crate) fn file_stem(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "scenario".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn file_stems_are_safe_names() {
        assert_eq!(
            file_stem("Grand bargain 2025: a Russia-brokered deal"),
            "grand-bargain-2025-a-russia-brokered-deal"
        );
        assert_eq!(file_stem("../../etc\"\r\npasswd"), "etc-passwd");
        assert_eq!(file_stem("Ωμέγα"), "scenario");
    }
}
