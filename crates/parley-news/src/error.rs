//! Errors of the news reader.

use parley_core::text::Shown;
use thiserror::Error;

/// Why an article could not be read.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum NewsError {
    /// The bytes are not valid UTF-8.
    #[error(
        "the article is not valid UTF-8 (first bad byte at offset {offset}); convert it first, e.g. `iconv -f latin1 -t utf-8`"
    )]
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The bytes are UTF-16 (they start with its byte-order mark), as Excel's "Unicode text"
    /// and Windows editors write.
    #[error(
        "the article is UTF-16 (it starts with a UTF-16 byte-order mark); convert it to UTF-8 first, e.g. `iconv -f {encoding} -t utf-8`"
    )]
    Utf16 {
        /// `utf-16le` or `utf-16be`, for iconv.
        encoding: &'static str,
    },
    /// The article is larger than the reader accepts.
    #[error(
        "the article is {size} bytes, more than the news reader's limit of {limit} bytes ({} MiB); split it into articles (a directory of .txt files or a .jsonl batch)",
        .limit / (1024 * 1024)
    )]
    TooLarge {
        /// Size of the input in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// A date given for the article is not an ISO date.
    #[error("'{text_shown}' is not a calendar date; write it as YYYY-MM-DD (e.g. 2025-03-04)", text_shown = Shown(.text))]
    BadDate {
        /// The text that was given.
        text: String,
    },
    /// A bundled data file is malformed (a bug in the build, not in the input).
    #[error("bundled data file {file}, line {line}: {message}")]
    Lexicon {
        /// Data file name.
        file: &'static str,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A PLOVER gold-standard file could not be used.
    #[error("PLOVER file: {message}")]
    Plover {
        /// What is wrong.
        message: String,
    },
    /// An evaluation file (`tests/eval/*.txt`) could not be used.
    #[error("evaluation file, line {line}: {message}")]
    Eval {
        /// 1-based line number.
        line: usize,
        /// What is wrong and what would be valid.
        message: String,
    },
}
