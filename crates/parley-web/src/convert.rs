//! TOML text to the same document as JSON, so the page edits one structure whichever file the
//! analyst loaded. Purely syntactic: a scenario with wrong values still converts, and the page
//! shows its problems next to the cells.

use serde_json::{Map, Number, Value};
use toml::de::{DeTable, DeValue};

/// The JSON form of a TOML document, or `None` when the text is not well-formed TOML.
///
/// Dates become strings (`"2025-03-04"`), as the JSON scenario format writes them; floats that
/// JSON cannot hold (`nan`, `inf`) become strings as written, so validation reports them.
pub fn toml_to_json(text: &str) -> Option<Value> {
    let doc = DeTable::parse(text).ok()?;
    Some(table(doc.get_ref()))
}

fn table(t: &DeTable<'_>) -> Value {
    let map: Map<String, Value> = t
        .iter()
        .map(|(k, v)| (k.get_ref().to_string(), value(v.get_ref())))
        .collect();
    Value::Object(map)
}

fn value(v: &DeValue<'_>) -> Value {
    match v {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(x) => Value::Number(x.into()),
            Err(_) => Value::String(i.as_str().to_owned()),
        },
        DeValue::Float(f) => {
            let raw = f.as_str();
            let cleaned: String = raw.chars().filter(|&c| c != '_').collect();
            cleaned
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map_or_else(|| Value::String(raw.to_owned()), Value::Number)
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(a) => Value::Array(a.iter().map(|x| value(x.get_ref())).collect()),
        DeValue::Table(t) => table(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::FLAGSHIP_TOML;

    #[test]
    fn the_flagship_reads_the_same_from_its_json_form() {
        let doc = toml_to_json(FLAGSHIP_TOML);
        let json = doc.map(|d| d.to_string()).unwrap_or_default();
        let from_json = parley_scenario::read_str("f.json", &json, parley_scenario::Format::Json);
        let from_toml =
            parley_scenario::read_str("f.toml", FLAGSHIP_TOML, parley_scenario::Format::Toml);
        assert!(from_toml.is_ok());
        assert_eq!(from_json.ok(), from_toml.ok());
    }

    #[test]
    fn scalars_keep_their_types() {
        let doc = toml_to_json(
            "a = 1\nb = 0.5\nc = 2025-03-04\nd = \"x\"\ne = [1, 2]\nf = nan\ng = 1_000\n",
        );
        assert_eq!(
            doc,
            Some(serde_json::json!({
                "a": 1, "b": 0.5, "c": "2025-03-04", "d": "x", "e": [1, 2], "f": "nan", "g": 1000
            }))
        );
    }

    #[test]
    fn broken_toml_has_no_json_form() {
        assert_eq!(toml_to_json("a = "), None);
    }
}
