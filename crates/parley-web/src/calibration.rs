//! The error model a request's forecasts carry, as the CLI's: the built-in DEU III one, or an
//! error model file sent in the request. The server never reads a file a scenario names.

use parley_core::Scenario;
use parley_core::calibration::Calibration;
use parley_scenario::LoadError;
use serde_json::Value;

use crate::error::ApiError;

/// The error model for `scenario`: `sent` (the contents of an error model file: its JSON
/// object, or its text as a string, as `resolution` is sent) when given, else the built-in
/// one. A scenario naming `[calibration] file` without sending it is refused rather than
/// silently given the built-in one.
pub(crate) fn for_request(
    scenario: &Scenario,
    sent: Option<&Value>,
) -> Result<Calibration, ApiError> {
    let read = match (sent, &scenario.calibration) {
        (Some(v), _) => {
            let text = sent_text(v)?;
            parley_scenario::calibration::read_str("calibration (request)", &text)
        }
        (None, Some(c)) => {
            return Err(ApiError::Unprocessable(format!(
                "the scenario names an error model file ([calibration] file = \"{}\"), and the \
                 server reads no files: send that file's contents as the request's \
                 `calibration` field, or remove [calibration] to use the built-in DEU III one",
                c.file
            )));
        }
        (None, None) => parley_scenario::calibration::builtin(),
    }
    .map_err(refusal)?;
    read.check_fits(scenario).map_err(refusal)?;
    Ok(read.calibration)
}

/// The error model file's text: a string as sent (its lines and columns are the file's), an
/// object pretty-printed (errors then point into that printing).
fn sent_text(v: &Value) -> Result<String, ApiError> {
    match v {
        Value::String(text) => Ok(text.clone()),
        _ => serde_json::to_string_pretty(v)
            .map_err(|e| ApiError::BadJson(format!("calibration: {e}"))),
    }
}

/// Every problem of an error model file, each with its code, line and column in the sent
/// JSON (as sent when a string, pretty-printed as the server read it when an object), in one
/// message.
fn refusal(e: LoadError) -> ApiError {
    match e {
        LoadError::Invalid { file, diagnostics } => ApiError::Unprocessable(
            diagnostics
                .iter()
                .map(|d| format!("{file}:{}:{}: {} ({})", d.line, d.column, d.message, d.code))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        other => ApiError::Unprocessable(other.to_string()),
    }
}
