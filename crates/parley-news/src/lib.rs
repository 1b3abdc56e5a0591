//! # parley-news
//!
//! Parley's news reader: it reads an English news or analysis article and drafts what a
//! negotiation scenario needs, every item tied to the sentence it came from.
//!
//! - [`read`] / [`read_bytes`]: the article to a [`Report`]: actors with aliases and codes,
//!   typed relations with evidence spans, hedges, attribution, tense, negation and question
//!   flags, issues and stances, and the sentences.
//! - [`draft::to_toml`]: a draft scenario in Parley's TOML format, every number a `"TODO"`
//!   placeholder that `parley validate` points at.
//! - [`view::render`]: the article with actors and relations highlighted for a terminal.
//! - [`plover`]: evaluation against the PLOVER gold-standard records.
//!
//! It is dictionary-based, like the KEDS/TABARI/PETRARCH coders: the gazetteer and lexicons
//! are the project's own data files (`data/*.tsv`), compiled into the binary. It skips what it
//! cannot support rather than guess: a relation needs a trigger phrase and at least one actor
//! in the same sentence; a stance needs a cue, an issue term and a holder in one clause.

pub mod batch;
pub mod clause;
pub mod date;
pub mod discover;
pub mod draft;
pub mod error;
pub mod eval;
pub mod issues;
pub mod lexicon;
pub mod markup;
pub mod np;
pub mod pattern;
pub mod plover;
pub mod reader;
pub mod relations;
pub mod report;
pub mod sentences;
pub mod token;
pub mod view;

pub use date::Date;
pub use error::NewsError;
pub use reader::{MAX_BYTES, Options, blank_controls, read, read_bytes};
pub use report::Report;
