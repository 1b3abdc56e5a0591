//! The JSON documents Parley prints, built in one place so that the command line
//! (`parley run --format json`) and the Python package (`parley.run(...).to_json()`) give the
//! same bytes. The contract is documented in `docs/json-output.md`.

use parley_core::Analysis;
use parley_core::calibration::point::PointError;
use serde::Serialize;

/// `value` as pretty-printed JSON (two-space indent, keys in declaration order), without a
/// final newline.
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(value)
}

/// The document of `parley run --format json`: the analysis with its `model_error` (the point
/// forecasts' measured error) added as the last key.
pub fn run_value(
    analysis: &Analysis,
    point: &PointError,
) -> Result<serde_json::Value, serde_json::Error> {
    let mut value = serde_json::to_value(analysis)?;
    if let serde_json::Value::Object(map) = &mut value {
        map.insert("model_error".into(), serde_json::to_value(point)?);
    }
    Ok(value)
}
