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
/// forecasts' measured error) added as the last key, written directly rather than built as a
/// `serde_json::Value` tree first (the tests compare the two to the byte). At 1,000 actors
/// that tree is hundreds of megabytes of small allocations (nearly a quarter of the page faults
/// of `parley run --model exchange`).
pub fn run_document<'a>(analysis: &'a Analysis, point: &'a PointError) -> impl Serialize + 'a {
    RunDocument {
        analysis,
        model_error: point,
    }
}

/// See [`run_document`]: the analysis's keys in declaration order, then `model_error`.
#[derive(Serialize)]
struct RunDocument<'a> {
    #[serde(flatten)]
    analysis: &'a Analysis,
    model_error: &'a PointError,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference form of [`run_document`]: the same document built through
    /// `serde_json::Value`.
    fn run_value(
        analysis: &Analysis,
        point: &PointError,
    ) -> Result<serde_json::Value, serde_json::Error> {
        let mut value = serde_json::to_value(analysis)?;
        if let serde_json::Value::Object(map) = &mut value {
            map.insert("model_error".into(), serde_json::to_value(point)?);
        }
        Ok(value)
    }

    /// The written document is byte for byte the one built through `serde_json::Value`, on the
    /// flagship scenario with every model (rounds, trades, questions, linkages, mediation).
    #[test]
    fn run_document_writes_what_run_value_builds() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scenarios/grand-bargain-2025.toml"
        );
        let s = crate::read_file(std::path::Path::new(path)).expect("the flagship reads");
        let calibration = crate::calibration::for_scenario(&s, None).expect("built-in calibration");
        let analysis =
            parley_core::analyse(&s, &parley_core::models::all()).expect("the flagship runs");
        let point = parley_core::calibration::point::point_error(
            &s,
            &analysis,
            &calibration,
            s.meta.seed.unwrap_or(0),
        )
        .expect("model error");
        let built = pretty(&run_value(&analysis, &point).expect("value")).expect("JSON");
        let written = pretty(&run_document(&analysis, &point)).expect("JSON");
        assert!(built.len() > 10_000, "{}", built.len());
        assert!(built == written, "the two documents differ");
    }
}
