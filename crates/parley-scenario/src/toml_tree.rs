//! TOML source to [`Node`] tree, through the `toml` crate's spanned parser.

use toml::de::{DeTable, DeValue};

use crate::diagnostic::SyntaxError;
use crate::tree::{Entry, Node, Value};

/// Parses TOML; on failure returns every syntax error the parser recovered from.
pub fn parse(text: &str) -> Result<Node, Vec<SyntaxError>> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(errors
            .iter()
            .map(|e| SyntaxError {
                message: e.message().to_owned(),
                span: e.span().unwrap_or(0..0),
            })
            .collect());
    }
    let span = doc.span();
    Ok(table(doc.get_ref(), span))
}

fn table(t: &DeTable<'_>, span: std::ops::Range<usize>) -> Node {
    let entries = t
        .iter()
        .map(|(k, v)| Entry {
            key: k.get_ref().to_string(),
            key_span: k.span(),
            node: node(v.get_ref(), v.span()),
        })
        .collect();
    Node {
        value: Value::Table(entries),
        span,
    }
}

fn node(v: &DeValue<'_>, span: std::ops::Range<usize>) -> Node {
    let value = match v {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(x) => Value::Int(x),
            // Beyond i64: keep the magnitude as a float so range checks still report it.
            Err(_) => Value::Float(i.as_str().parse().unwrap_or(f64::INFINITY)),
        },
        DeValue::Float(f) => Value::Float(parse_float(f.as_str())),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Datetime(d.to_string()),
        DeValue::Array(a) => Value::Array(a.iter().map(|x| node(x.get_ref(), x.span())).collect()),
        DeValue::Table(t) => return table(t, span),
    };
    Node { value, span }
}

/// TOML floats, including `nan`, `+inf`, `-inf` and `_` digit separators.
fn parse_float(raw: &str) -> f64 {
    let cleaned: String = raw.chars().filter(|&c| c != '_').collect();
    cleaned.parse().unwrap_or(f64::NAN)
}
