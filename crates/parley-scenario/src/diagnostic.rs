//! Problems found while reading a scenario file, located by line and column.

use std::ops::Range;

/// A syntax error reported by the TOML or JSON parser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The parser's message.
    pub message: String,
    /// Where, in bytes.
    pub span: Range<usize>,
}

/// The valid key closest to `key` by edit distance, when it is close enough to be a likely
/// misspelling: at most one edit for keys of up to four letters, two beyond, or the same
/// letters in another case. `None` when nothing is that close.
pub fn closest_key<'v>(key: &str, valid: &[&'v str]) -> Option<&'v str> {
    let allowed = if key.chars().count() <= 4 { 1 } else { 2 };
    let lower = key.to_lowercase();
    valid
        .iter()
        .map(|v| (edit_distance(&lower, &v.to_lowercase()), *v))
        .filter(|(d, _)| *d <= allowed)
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v)
}

/// Levenshtein distance between `a` and `b`, in characters (insert, delete, substitute).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// A structural problem in a file: something the format layer sees before any value is judged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FormatProblem {
    /// The file is not well-formed TOML or JSON.
    #[error("syntax error: {0}")]
    Syntax(String),
    /// A key the format does not define.
    #[error("unknown key '{key}' in {table}; {suggestion}valid keys: {valid}")]
    UnknownKey {
        /// The key as written.
        key: String,
        /// The table it is in.
        table: String,
        /// "did you mean 'x'? " when a valid key is close to the one written, else empty.
        suggestion: String,
        /// The keys that table accepts.
        valid: String,
    },
    /// The same key twice in one table (JSON; TOML's parser rejects it as a syntax error).
    #[error("duplicate key '{key}' in {table}")]
    DuplicateKey {
        /// The key.
        key: String,
        /// The table.
        table: String,
    },
    /// A required key is absent.
    #[error("missing key '{key}' in {table}{hint}")]
    MissingKey {
        /// The key.
        key: &'static str,
        /// The table.
        table: String,
        /// Extra help, starting with "; " or empty.
        hint: &'static str,
    },
    /// A `"TODO"` placeholder (as `parley extract` drafts them) where a value belongs: a
    /// number still to fill, not a mistake of type.
    #[error("{what} is still to fill: replace \"TODO\" with {expected}")]
    Todo {
        /// What the value is.
        what: String,
        /// What belongs there, in words.
        expected: &'static str,
    },
    /// A value of the wrong type.
    #[error("{what} must be {expected}, found {found}{written}")]
    WrongType {
        /// What the value is.
        what: String,
        /// The expected type, in words.
        expected: &'static str,
        /// The type found.
        found: &'static str,
        /// The value as written, with a leading space (empty for tables and arrays).
        written: String,
    },
    /// A date that is not an ISO 8601 calendar date.
    #[error("date '{0}' is not an ISO date; write YYYY-MM-DD")]
    BadDate(String),
    /// An integer outside its range (negative seed, sentence 0).
    #[error("{what} is {value}; it must be {valid}")]
    BadInteger {
        /// What the integer is.
        what: String,
        /// The value as written.
        value: String,
        /// The valid range, in words.
        valid: &'static str,
    },
    /// A range with only one end.
    #[error("the range of {0} needs both 'low' and 'high'")]
    HalfRange(String),
    /// A distribution given without a range to sample in.
    #[error("{0} names a distribution but no range; add 'low' and 'high'")]
    DistributionWithoutRange(String),
    /// `dist = "normal"` without `sd`, or `sd` with another distribution.
    #[error("{0}: 'sd' goes with dist = \"normal\", and dist = \"normal\" needs 'sd'")]
    SdMismatch(String),
    /// An unknown distribution name.
    #[error("unknown distribution '{name}' for {what}; valid: triangular, uniform, normal")]
    UnknownDistribution {
        /// The name as written.
        name: String,
        /// What the number is.
        what: String,
    },
    /// A `scale` that is not two numbers.
    #[error("scale must be [min, max], two numbers; found {0} element(s)")]
    ScaleShape(usize),
    /// A row of an imported table format that is not of a known kind.
    #[error("unknown row type '{0}'; valid: {1}")]
    UnknownRow(String, &'static str),
    /// A row with too few fields.
    #[error("{row} row needs {expected} fields ({layout}); found {found}")]
    FieldCount {
        /// The row type.
        row: String,
        /// How many fields it needs.
        expected: usize,
        /// How many it has.
        found: usize,
        /// The fields, in order.
        layout: &'static str,
    },
    /// A row with a filled field past the last one its layout reads (decide rows).
    #[error("{row} row has a field past its layout ({layout}): '{text}'; remove it")]
    ExtraField {
        /// The row type.
        row: String,
        /// The fields, in order.
        layout: &'static str,
        /// The first extra field's text.
        text: String,
    },
    /// A field that should hold a number.
    #[error("{what} must be a number, found '{text}'")]
    NotANumber {
        /// What the field is.
        what: String,
        /// The text found.
        text: String,
    },
    /// A reference to a name not declared in the file.
    #[error("{kind} '{name}' is not declared in a {row} row; declared: {known}")]
    Undeclared {
        /// "actor" or "issue".
        kind: &'static str,
        /// The name used.
        name: String,
        /// The row type that declares such names.
        row: &'static str,
        /// The declared names.
        known: String,
    },
    /// An actor whose power differs between issues (Parley's capability is per actor).
    #[error(
        "power of '{actor}' is {value} here but {first} on its first issue; Parley's capability \
         is per actor, so give one power for all of an actor's rows"
    )]
    PowerVaries {
        /// The actor.
        actor: String,
        /// The power on its first row.
        first: f64,
        /// The power in this row.
        value: f64,
    },
    /// An issue with other than two bounds.
    #[error(
        "issue '{issue}' has {count} #M bound row(s); give exactly two (minimum and maximum) or none for 0-100"
    )]
    BoundCount {
        /// The issue.
        issue: String,
        /// How many bound rows it has.
        count: usize,
    },
    /// A field or element that holds no text where a value is needed.
    #[error("{what} is empty; write {valid}")]
    EmptyValue {
        /// What the value is.
        what: String,
        /// What would be valid.
        valid: &'static str,
    },
    /// A count declared in the file that the file's content does not match.
    #[error("{what} is {declared} but the file has {found} {unit}")]
    CountMismatch {
        /// What declares the count.
        what: String,
        /// The declared count.
        declared: usize,
        /// The count found.
        found: usize,
        /// What was counted.
        unit: &'static str,
    },
    /// A value that must be one of a fixed set of names.
    #[error("'{value}' is not a valid {what}; valid: {valid}")]
    BadChoice {
        /// What the value is.
        what: String,
        /// The value as written.
        value: String,
        /// The valid names.
        valid: String,
    },
    /// A value problem found while reading (the core's own kinds, with the exact location).
    #[error("{0}")]
    Invalid(parley_core::ProblemKind),
    /// A table file with nothing in it (BDM tables).
    #[error("the file is empty; a table needs a header ({0}) and one row per actor")]
    EmptyTable(&'static str),
    /// A header with no data rows, or none that could be read (BDM tables).
    #[error("no usable actor row below the header; give one row per actor: {0}")]
    NoRows(&'static str),
    /// A header column the table format does not know (BDM tables).
    #[error("unknown or repeated column '{column}'; the columns are {valid}")]
    UnknownColumn {
        /// The column's name as written.
        column: String,
        /// The columns the format has.
        valid: &'static str,
    },
    /// A column the table needs is not in the header (BDM tables).
    #[error("the header has no {column} column; the columns are {layout}")]
    MissingColumn {
        /// The missing column's role.
        column: &'static str,
        /// The columns the format has.
        layout: &'static str,
    },
    /// A BDM salience above 1 in a column whose saliences are mostly at or below 1: the
    /// column cannot be told to be on 0-1 (with a typo) or on 0-100 (with tiny saliences),
    /// and the two readings give different forecasts.
    #[error(
        "salience {value} of '{actor}' is above 1, but {at_most_one} of the column's {count} \
         saliences are at or below 1: read on 0-100 (the rule when any salience exceeds 1) \
         every salience would be divided by 100 ({example}), read on 0-1 this one is out of \
         range; write the whole column on one scale, 0-1 (e.g. {value} as {as_fraction}) or \
         0-100 (e.g. {example_value} as {example_percent}), or say which it is with `parley \
         import --salience-scale 1` (or 100)"
    )]
    MixedSalienceScale {
        /// The actor whose salience is above 1.
        actor: String,
        /// Its salience as written.
        value: f64,
        /// `value` / 100, what it would be if it were meant in percent.
        as_fraction: f64,
        /// How many saliences are at or below 1.
        at_most_one: usize,
        /// How many saliences the column has.
        count: usize,
        /// One salience at or below 1, and what the 0-100 reading would make of it.
        example: String,
        /// That salience as written, and times 100.
        example_value: f64,
        /// `example_value` times 100.
        example_percent: f64,
    },
    /// An actor on two rows (BDM tables).
    #[error("actor '{actor}' is listed twice (first on line {first_line}); give one row per actor")]
    DuplicateActor {
        /// The actor's name.
        actor: String,
        /// The line of its first row.
        first_line: usize,
    },
}

impl FormatProblem {
    /// An [`FormatProblem::UnknownKey`] for `key` in `table`, suggesting the closest valid key.
    pub fn unknown_key(key: &str, table: &str, valid: &[&str]) -> Self {
        let suggestion = closest_key(key, valid)
            .map(|v| format!("did you mean '{v}'? "))
            .unwrap_or_default();
        FormatProblem::UnknownKey {
            key: key.to_owned(),
            table: table.to_owned(),
            suggestion,
            valid: valid.join(", "),
        }
    }

    /// A stable, distinct code per kind of problem.
    pub fn code(&self) -> &'static str {
        match self {
            FormatProblem::Syntax(_) => "syntax",
            FormatProblem::UnknownKey { .. } => "unknown-key",
            FormatProblem::DuplicateKey { .. } => "duplicate-key",
            FormatProblem::MissingKey { .. } => "missing-key",
            FormatProblem::Todo { .. } => "todo",
            FormatProblem::WrongType { .. } => "wrong-type",
            FormatProblem::BadDate(_) => "bad-date",
            FormatProblem::BadInteger { .. } => "bad-integer",
            FormatProblem::HalfRange(_) => "half-range",
            FormatProblem::DistributionWithoutRange(_) => "distribution-without-range",
            FormatProblem::SdMismatch(_) => "sd-mismatch",
            FormatProblem::UnknownDistribution { .. } => "unknown-distribution",
            FormatProblem::ScaleShape(_) => "scale-shape",
            FormatProblem::UnknownRow(..) => "unknown-row",
            FormatProblem::FieldCount { .. } => "field-count",
            FormatProblem::ExtraField { .. } => "extra-field",
            FormatProblem::NotANumber { .. } => "not-a-number",
            FormatProblem::Undeclared { .. } => "undeclared",
            FormatProblem::PowerVaries { .. } => "power-varies",
            FormatProblem::BoundCount { .. } => "bound-count",
            FormatProblem::EmptyValue { .. } => "empty-value",
            FormatProblem::CountMismatch { .. } => "count-mismatch",
            FormatProblem::BadChoice { .. } => "bad-choice",
            FormatProblem::Invalid(kind) => kind.code(),
            FormatProblem::EmptyTable(_) => "empty-file",
            FormatProblem::NoRows(_) => "no-rows",
            FormatProblem::UnknownColumn { .. } => "unknown-column",
            FormatProblem::MissingColumn { .. } => "missing-column",
            FormatProblem::DuplicateActor { .. } => "duplicate-actor",
            FormatProblem::MixedSalienceScale { .. } => "mixed-salience-scale",
        }
    }
}

/// One located problem, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Stable code, e.g. `salience-out-of-range` (see `docs/errors.md`).
    pub code: &'static str,
    /// What is wrong, naming the offending value and what would be valid.
    pub message: String,
    /// The field path in the scenario, where one applies (`actor[1].stance.x.salience.value`).
    pub path: Option<String>,
    /// Byte range in the file.
    pub span: Range<usize>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The text of that line, for rendering.
    pub line_text: String,
}

/// Why a scenario file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file was read but is not a valid scenario.
    #[error("{file}: {} problem(s) found", diagnostics.len())]
    Invalid {
        /// The file name as given.
        file: String,
        /// Every problem, in file order.
        diagnostics: Vec<Diagnostic>,
    },
}

/// Maps byte offsets to 1-based line and column numbers.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    /// 1-based line, 1-based column (characters) and the line's text at byte `offset`.
    pub fn locate(&self, offset: usize) -> (usize, usize, String) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |e| start + e);
        // Step back to a char boundary so slicing never panics on multi-byte text.
        let mut at = offset.min(end);
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        // A byte-order mark is invisible in editors: do not count it as a column.
        let bom = usize::from(line == 1 && self.text.starts_with('\u{feff}') && at > 0);
        let column = self.text[start..at].chars().count() + 1 - bom;
        let line_text = self.text[start..end]
            .trim_end_matches('\r')
            .trim_start_matches('\u{feff}')
            .to_owned();
        (line, column, line_text)
    }

    /// The text at `span`, when it lies on char boundaries within the text.
    pub fn slice(&self, span: &std::ops::Range<usize>) -> Option<&'a str> {
        self.text.get(span.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_character_edits() {
        // By hand: kitten -> sitten (substitute) -> sittin (substitute) -> sitting (insert).
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        // salince -> salience: one insertion.
        assert_eq!(edit_distance("salince", "salience"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn a_close_key_is_suggested_and_a_distant_one_is_not() {
        let valid = ["name", "position", "salience", "capability"];
        assert_eq!(closest_key("salince", &valid), Some("salience"));
        assert_eq!(closest_key("Postion", &valid), Some("position"));
        assert_eq!(closest_key("nmae", &valid), None); // a swap is two edits; "name" allows one
        assert_eq!(closest_key("colour", &valid), None);
        let p = FormatProblem::unknown_key("salince", "[[actors]]", &valid);
        assert_eq!(
            p.to_string(),
            "unknown key 'salince' in [[actors]]; did you mean 'salience'? \
             valid keys: name, position, salience, capability"
        );
        let p = FormatProblem::unknown_key("colour", "[scenario]", &["name", "seed"]);
        assert_eq!(
            p.to_string(),
            "unknown key 'colour' in [scenario]; valid keys: name, seed"
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let idx = LineIndex::new("\u{feff}ab = 1");
        // The BOM is 3 bytes; 'b' is byte 4, column 2.
        assert_eq!(idx.locate(4), (1, 2, "ab = 1".into()));
    }

    #[test]
    fn lines_and_columns_are_one_based_and_char_counted() {
        let idx = LineIndex::new("ab\nçd = 1\n");
        assert_eq!(idx.locate(0), (1, 1, "ab".into()));
        assert_eq!(idx.locate(3), (2, 1, "çd = 1".into()));
        // 'ç' is two bytes (3-4), 'd' is byte 5, the space byte 6 (column 3), '=' byte 7.
        assert_eq!(idx.locate(6).1, 3);
        assert_eq!(idx.locate(7).1, 4);
        assert_eq!(idx.locate(999).0, 3);
    }
}
