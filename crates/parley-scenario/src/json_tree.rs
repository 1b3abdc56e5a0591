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
        Err(e) => Err(vec![SyntaxError {
            message: e.kind().to_string(),
            span: e.range().start..e.range().end,
        }]),
        Ok(result) => match result.value {
            Some(v) => Ok(node(&v)),
            None => Err(vec![SyntaxError {
                message: "the file holds no JSON value".into(),
                span: 0..0,
            }]),
        },
    }
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
        _ => Value::Float(raw.parse().unwrap_or(f64::NAN)),
    }
}
