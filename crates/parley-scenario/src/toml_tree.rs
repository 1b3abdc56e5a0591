//! TOML source to [`Node`] tree, through the `toml` crate's spanned parser.

use toml::de::{DeTable, DeValue};

use crate::diagnostic::SyntaxError;
use crate::tree::{Entry, Node, Value};

/// Parses TOML; on failure returns every syntax error the parser recovered from.
pub fn parse(text: &str) -> Result<Node, Vec<SyntaxError>> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let mut out: Vec<SyntaxError> = miscased_headers(text).collect();
        out.extend(errors.iter().map(|e| SyntaxError {
            message: e.message().to_owned(),
            span: e.span().unwrap_or(0..0),
        }));
        return Err(out);
    }
    let span = doc.span();
    Ok(table(doc.get_ref(), span))
}

/// Table headers whose name is a top-level key in the wrong case (`[[Actor]]`): TOML keys are
/// case-sensitive, so such a header starts a table of its own and the file's later
/// `[actor.stance...]` headers then clash with `[[actor]]` ones, which the parser reports
/// only as duplicate keys far from the cause. Said first, at the header.
fn miscased_headers(text: &str) -> impl Iterator<Item = SyntaxError> + '_ {
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let lead = line.len() - trimmed.len();
        let brackets = trimmed.len() - trimmed.trim_start_matches('[').len();
        if !(1..=2).contains(&brackets) {
            return None;
        }
        let name_from = lead + brackets;
        let name: String = line[name_from..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let wanted = crate::reader::keys::ROOT
            .iter()
            .find(|k| k.eq_ignore_ascii_case(&name) && **k != name)?;
        let open = "[".repeat(brackets);
        let close = "]".repeat(brackets);
        Some(SyntaxError {
            message: format!(
                "table {open}{name}{close}: keys are case-sensitive, so this starts a table named \
                 '{name}', not {open}{wanted}{close} (the errors after it may follow from this); \
                 write {open}{wanted}{close}"
            ),
            span: start + name_from..start + name_from + name.len(),
        })
    })
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
            // Beyond i64: kept as written; number fields still read its magnitude.
            Err(_) => Value::BigInt(i.as_str().replace('_', "")),
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
