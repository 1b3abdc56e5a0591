//! Terminal tables (comfy-table): what a person reads in the terminal, one module per command.
//!
//! Every renderer takes the table `width` in columns as a parameter: measuring the terminal
//! (and colour, progress bars) is the caller's business, so the same results always render to
//! the same text at the same width.
//!
//! - [`run`]: the summary of `parley run` (forecasts, gains, trades, linkages, mediation,
//!   questions); [`rounds`] adds the round-by-round tables, [`eum`] the expected utility
//!   model's moves and pair classifications.
//! - [`bargain`]: the grand-bargain report (questions answered, linkages, mediation).
//! - [`mc`], [`sensitivity`], [`compare`], [`backtest`]: the tables of those commands.

pub mod backtest;
pub mod bargain;
pub mod compare;
pub mod eum;
pub mod mc;
pub mod model_error;
pub mod rounds;
pub mod run;
pub mod sensitivity;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

/// A table in Parley's house style, `width` columns wide.
pub fn new_table(width: u16) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width);
    t
}

/// A right-aligned table cell, for numbers.
pub fn right(text: String) -> Cell {
    Cell::new(text).set_alignment(CellAlignment::Right)
}
