//! Why a table, chart or report could not be made.

/// Why a chart or report could not be made. Every variant names what was asked for and what
/// would have been valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// An issue id that the results do not have.
    #[error("unknown issue '{issue}'; the results have: {known}")]
    UnknownIssue {
        /// The id asked for.
        issue: String,
        /// The ids there are, comma-separated.
        known: String,
    },
    /// A model id that the results do not have.
    #[error("no results for model '{model}'; the results have: {known}")]
    UnknownModel {
        /// The id asked for.
        model: String,
        /// The ids there are, comma-separated.
        known: String,
    },
    /// A linkage id that the results do not have.
    #[error("unknown linkage '{linkage}'; the scenario has: {known}")]
    UnknownLinkage {
        /// The id asked for.
        linkage: String,
        /// The ids there are, comma-separated (or "none").
        known: String,
    },
    /// There is nothing to draw (e.g. rounds of a one-shot model, a scenario without linkages).
    #[error("nothing to draw: {0}")]
    Empty(String),
    /// Writing CSV failed (the CSV writer's own error, as text).
    #[error("cannot write the CSV: {0}")]
    Csv(String),
    /// Rasterising the SVG failed.
    #[error("cannot render the PNG: {0}")]
    Png(String),
}

/// "a, b, c", or "none".
pub(crate) fn list<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let v: Vec<&str> = ids.into_iter().collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}
