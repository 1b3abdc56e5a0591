//! JSON source to [`Node`] tree, through `jsonc-parser`'s ranged AST in strict JSON mode.

use jsonc_parser::ast::{ObjectPropName, Value as JsonValue};
use jsonc_parser::{CollectOptions, ParseOptions};

use crate::diagnostic::SyntaxError;
use crate::tree::{Entry, Node, Value};

fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Parses strict JSON.
pub fn parse(text: &str) -> Result<Node, Vec<SyntaxError>> {
    let parsed = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &strict());
    match parsed {
        Err(e) => {
            let span = e.range().start..e.range().end;
            let message = match non_finite_at(text, span.start) {
                Some(hint) => format!("{}: {hint}", e.kind()),
                None => e.kind().to_string(),
            };
            Err(vec![SyntaxError { message, span }])
        }
        Ok(result) => match result.value {
            Some(v) => Ok(node(&v)),
            None => Err(vec![SyntaxError {
                message: "the file holds no JSON value".into(),
                span: 0..0,
            }]),
        },
    }
}

/// When the parser stopped at a non-finite number (`NaN`, `Infinity`, as some JSON writers put
/// them), what to say instead: JSON has no such numbers, so the value is lost, not misread.
/// Names the key it belongs to when one stands just before it.
fn non_finite_at(text: &str, at: usize) -> Option<String> {
    let rest = text.get(at..)?;
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.'))
        .collect();
    let bare = word.trim_start_matches(['-', '+']).to_ascii_lowercase();
    if !matches!(bare.as_str(), "nan" | "infinity" | "inf") {
        return None;
    }
    let key = text
        .get(..at)
        .and_then(|b| b.trim_end().strip_suffix(':'))
        .and_then(|b| b.trim_end().strip_suffix('"'))
        .and_then(|b| b.rfind('"').map(|q| &b[q + 1..]));
    let of = key.map_or_else(String::new, |k| format!(" for \"{k}\""));
    Some(format!(
        "`{word}`{of} is not a JSON number (JSON has no NaN or infinity); give a finite number"
    ))
}

fn node(v: &JsonValue<'_>) -> Node {
    let (value, r) = match v {
        JsonValue::StringLit(s) => (Value::Str(s.value.to_string()), s.range),
        JsonValue::NumberLit(n) => (number(n.value), n.range),
        JsonValue::BooleanLit(b) => (Value::Bool(b.value), b.range),
        JsonValue::NullKeyword(n) => (Value::Null, n.range),
        JsonValue::Array(a) => (Value::Array(a.elements.iter().map(node).collect()), a.range),
        JsonValue::Object(o) => {
            let entries = o
                .properties
                .iter()
                .map(|p| {
                    let (key, kr) = match &p.name {
                        ObjectPropName::String(s) => (s.value.to_string(), s.range),
                        ObjectPropName::Word(w) => (w.value.to_owned(), w.range),
                    };
                    Entry {
                        key,
                        key_span: kr.start..kr.end,
                        node: node(&p.value),
                    }
                })
                .collect();
            (Value::Table(entries), o.range)
        }
    };
    Node {
        value,
        span: r.start..r.end,
    }
}

fn number(raw: &str) -> Value {
    let is_integer = !raw.contains(['.', 'e', 'E']);
    match raw.parse::<i64>() {
        Ok(i) if is_integer => Value::Int(i),
        Err(_) if is_integer => Value::BigInt(raw.to_owned()),
        _ => Value::Float(raw.parse().unwrap_or(f64::NAN)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_non_finite_number_is_named_with_its_key() {
        let e = parse("{\"actors\": [{\"capability\": NaN}]}").unwrap_err();
        assert!(
            e[0].message
                .contains("`NaN` for \"capability\" is not a JSON number"),
            "{}",
            e[0].message
        );
        let e = parse("[1, -Infinity]").unwrap_err();
        assert!(
            e[0].message.contains("`-Infinity` is not a JSON number"),
            "{}",
            e[0].message
        );
        let e = parse("{\"a\": nonsense}").unwrap_err();
        assert!(!e[0].message.contains("JSON number"), "{}", e[0].message);
    }
}
