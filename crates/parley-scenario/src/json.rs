//! The JSON documents Parley prints, built in one place so that the command line
//! (`parley run --format json`) and the Python package (`parley.run(...).to_json()`) give the
//! same bytes. The contract is documented in `docs/json-output.md`.

use std::io;

use parley_core::Analysis;
use parley_core::calibration::point::PointError;
use serde::Serialize;
use serde_json::ser::Formatter;

/// `value` as pretty-printed JSON (two-space indent, keys in declaration order), without a
/// final newline; negative zero is written `0.0` (see [`PositiveZero`]).
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut out = Vec::with_capacity(128);
    to_writer_pretty(&mut out, value)?;
    String::from_utf8(out).map_err(serde::ser::Error::custom)
}

/// [`pretty`] written to `writer` as it is made (a large document need not be one string
/// first).
pub fn to_writer_pretty<W: io::Write, T: Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> Result<(), serde_json::Error> {
    let formatter = PositiveZero(serde_json::ser::PrettyFormatter::new());
    value.serialize(&mut serde_json::Serializer::with_formatter(
        writer, formatter,
    ))
}

/// A command's JSON document with the variant it was computed on: a leading
/// `"variant": { "what_ifs", "set" }` (the what-ifs in the order applied, then the edits) when
/// any was applied, then the document's own fields; the document alone otherwise. So a saved
/// file of a variant never passes for the coding as written. The document must serialise as
/// an object.
#[derive(Debug, Serialize)]
pub struct WithVariant<'a, T> {
    /// The what-ifs and edits applied, when any were.
    #[serde(skip_serializing_if = "Option::is_none")]
    variant: Option<Applied<'a>>,
    /// The document's own fields, after `variant`.
    #[serde(flatten)]
    document: &'a T,
}

/// The what-ifs and then the edits of a variant.
#[derive(Debug, Serialize)]
struct Applied<'a> {
    what_ifs: &'a [String],
    set: &'a [String],
}

/// `document` labelled with the variant of `what_ifs` and `set` (see [`WithVariant`]).
pub fn with_variant<'a, T: Serialize>(
    what_ifs: &'a [String],
    set: &'a [String],
    document: &'a T,
) -> WithVariant<'a, T> {
    let applied = !(what_ifs.is_empty() && set.is_empty());
    WithVariant {
        variant: applied.then_some(Applied { what_ifs, set }),
        document,
    }
}

/// `value` as compact JSON (no whitespace), negative zero written `0.0`: the web API's
/// answers and `parley extract`'s JSON lines.
pub fn compact<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut out = Vec::with_capacity(128);
    let formatter = PositiveZero(serde_json::ser::CompactFormatter);
    value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut out, formatter,
    ))?;
    String::from_utf8(out).map_err(serde::ser::Error::custom)
}

/// serde_json's formatter `F`, except that negative zero is written as positive zero. A
/// forecast, gain or change of `-0.0` (an input written `-0`, a product with a negative
/// factor) is the same number as `0.0`, but the sign reads as a loss and differs between
/// outputs that compare equal; every other number is written exactly as `F` writes it.
///
/// Only the structural methods are passed on besides the floats: they are the only ones
/// serde_json's pretty formatter overrides, and the compact formatter overrides none.
struct PositiveZero<F>(F);

impl<F: Formatter> Formatter for PositiveZero<F> {
    fn write_f32<W: ?Sized + io::Write>(&mut self, w: &mut W, value: f32) -> io::Result<()> {
        // `-0.0 == 0.0`: both are written as the positive one; nothing else is touched.
        self.0.write_f32(w, if value == 0.0 { 0.0 } else { value })
    }

    fn write_f64<W: ?Sized + io::Write>(&mut self, w: &mut W, value: f64) -> io::Result<()> {
        self.0.write_f64(w, if value == 0.0 { 0.0 } else { value })
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
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

    #[test]
    fn negative_zero_is_written_as_zero_and_every_other_number_as_serde_json_writes_it() {
        let value = serde_json::json!({
            "zero": -0.0,
            "list": [-0.0, 0.0, -1e-300, 5e-324, -5e-324, -2.5, 1.0, 0.1, 1e21, -7],
            "nested": { "small": [-0.0, -0.25], "text": "-0.0" },
            "none": null,
        });
        let written = pretty(&value).expect("JSON");
        assert!(
            !written.contains("-0.0,") && !written.contains("-0.0\n"),
            "{written}"
        );
        assert!(written.contains("\"zero\": 0.0,"), "{written}");
        // The same document with positive zeros: serde_json's own bytes, so no non-zero number
        // (the smallest subnormals included) and no layout changed.
        let positive = serde_json::json!({
            "zero": 0.0,
            "list": [0.0, 0.0, -1e-300, 5e-324, -5e-324, -2.5, 1.0, 0.1, 1e21, -7],
            "nested": { "small": [0.0, -0.25], "text": "-0.0" },
            "none": null,
        });
        let reference = serde_json::to_string_pretty(&positive).expect("JSON");
        assert_eq!(written, reference);
        let compact_reference = serde_json::to_string(&positive).expect("JSON");
        assert_eq!(compact(&value).expect("JSON"), compact_reference);
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
