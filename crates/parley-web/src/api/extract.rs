//! The news reader (`parley extract`): an article's text to the reader's report (actors,
//! relations, issues and stances, each tied to its sentence) and the draft scenario in TOML.

use axum::extract::State;
use parley_news::{Date, NewsError, Options, draft};
use serde::Deserialize;
use serde_json::Value;

use crate::AppState;
use crate::answer::Json;
use crate::error::ApiError;
use crate::input::JsonBody;

/// What the draft's header names as its source: the page has no file name for pasted text.
const SOURCE: &str = "an article pasted into the web workbench";

/// Body of `POST /api/extract`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractRequest {
    /// The article's text.
    #[serde(default)]
    text: String,
    /// The article's date (`YYYY-MM-DD`), as `--date`: offices resolve to their holders on
    /// that day.
    date: Option<String>,
}

/// `POST /api/extract`: the report of `parley extract --format json` with the draft of
/// `--format toml` added under `"toml"`.
pub async fn extract(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<ExtractRequest>,
) -> Result<Json<Value>, ApiError> {
    if req.text.trim().is_empty() {
        return Err(ApiError::BadRequest(
            "`text` is empty: paste the article's text (plain UTF-8 English prose)".into(),
        ));
    }
    let date = parse_date(req.date.as_deref())?;
    state
        .compute(move |_| {
            let report = parley_news::read(&req.text, &Options { date }).map_err(news_error)?;
            let toml = draft::to_toml(&report, SOURCE);
            let mut body = super::to_json(&report)?;
            if let Value::Object(map) = &mut body {
                map.insert("toml".into(), Value::String(toml));
            }
            Ok(Json(body))
        })
        .await
}

/// The request's `date`; an empty one counts as absent (the page's date field left blank).
fn parse_date(date: Option<&str>) -> Result<Option<Date>, ApiError> {
    match date.map(str::trim) {
        None | Some("") => Ok(None),
        Some(d) => Date::parse(d)
            .map(Some)
            .map_err(|e| ApiError::BadRequest(format!("`date`: {e}"))),
    }
}

/// The reader's refusals of the text as the request's errors; a broken bundled lexicon is
/// the server's fault.
fn news_error(e: NewsError) -> ApiError {
    match e {
        NewsError::Lexicon { .. } => ApiError::Internal(e.to_string()),
        other => ApiError::BadRequest(format!("`text`: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_and_blank_is_none() {
        assert_eq!(parse_date(None), Ok(None));
        assert_eq!(parse_date(Some("  ")), Ok(None));
        assert!(parse_date(Some("2025-03-04")).is_ok_and(|d| d.is_some()));
        let err = parse_date(Some("2025-02-30")).err().map(|e| e.to_string());
        assert!(err.is_some_and(|m| m.starts_with("`date`:") && m.contains("YYYY-MM-DD")));
    }
}
