//! One module per subcommand (cargo's `src/bin/cargo/commands/` layout): each holds its clap
//! arguments struct and its handler `exec`. What several commands share lives in
//! [`crate::cli`]; `seal`, `resolve` and `score` share `track.rs` (one sealed-forecast ledger).

pub(crate) mod advise;
pub(crate) mod backtest;
pub(crate) mod bargain;
pub(crate) mod calibrate;
pub(crate) mod compare;
pub(crate) mod completions;
pub(crate) mod export;
pub(crate) mod extract;
pub(crate) mod import;
pub(crate) mod library;
pub(crate) mod man;
pub(crate) mod mc;
pub(crate) mod merge;
pub(crate) mod models;
pub(crate) mod plot;
pub(crate) mod report;
pub(crate) mod run;
pub(crate) mod sensitivity;
pub(crate) mod serve;
pub(crate) mod track;
pub(crate) mod validate;
