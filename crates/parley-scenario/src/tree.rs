//! A small syntax tree with byte spans, shared by the TOML and JSON readers.
//!
//! Both formats are parsed into the same [`Node`] tree first, so one [`crate::reader`] walks
//! them and every problem can point at the exact bytes it concerns.

use std::ops::Range;

/// A value and where it stands in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Byte range in the source.
    pub span: Range<usize>,
}

/// A table entry: key, the key's span, and the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Byte range of the key.
    pub key_span: Range<usize>,
    /// The value.
    pub node: Node,
}

/// The kinds of value both formats share.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A table (TOML) or object (JSON), entries in source order.
    Table(Vec<Entry>),
    /// An array.
    Array(Vec<Node>),
    /// A string.
    Str(String),
    /// An integer, kept apart from floats so integer-only fields can insist on one.
    Int(i64),
    /// An integer beyond `i64`, as written: number fields read it as a float, integer fields
    /// refuse it quoting what the file says (not a rounded float).
    BigInt(String),
    /// A float (including `nan`/`inf` as TOML allows them; validation rejects those).
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A TOML date or date-time, as written.
    Datetime(String),
    /// JSON `null`.
    Null,
}

impl Value {
    /// The type's name in error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Table(_) => "a table",
            Value::Array(_) => "an array",
            Value::Str(_) => "a string",
            Value::Int(_) | Value::BigInt(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Bool(_) => "a boolean",
            Value::Datetime(_) => "a date",
            Value::Null => "null",
        }
    }
}
