//! # parley-report
//!
//! Every rendering of a Parley analysis except the JSON: terminal tables, CSV, charts and the
//! self-contained HTML report, made from the core's result values (the same ones the JSON output serialises): [`parley_core::Analysis`], the Monte
//! Carlo [`parley_core::uncertainty::McResult`], [`parley_core::uncertainty::Sensitivity`],
//! [`parley_core::bargain::Bargain`] and [`parley_core::backtest::Backtest`].
//!
//! - [`table`]: the terminal tables (comfy-table), one module per command, each taking the
//!   table width as a parameter (measuring the terminal is the caller's business).
//! - [`csv`]: long-format CSV for programs, one function per command.
//! - [`text`]: numbers and counts written the same way in every output.
//! - [`chart`]: one function per chart, each returning a [`chart::Chart`] with
//!   [`chart::Chart::to_svg`] and [`chart::Chart::to_png`]. The SVG is the one description of
//!   a chart (the web page shows it as is; the PNG is it rasterised), and carries hooks for
//!   interactivity (`class`/`data-*` attributes, `<title>` on every mark).
//! - [`html::report`]: the self-contained HTML report (scenario and evidence, the scenario's
//!   questions answered with their numbers and Monte Carlo odds, model-by-model detail with the
//!   charts inline, method notes), from a [`html::ReportData`].
//! - [`font`]: the embedded DejaVu Sans (its licence is [`font::LICENCE`]); no system font is
//!   ever looked up, so charts look the same everywhere.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let scenario: parley_core::Scenario = todo!();
//! let analysis = parley_core::analyse(&scenario, &parley_core::models::all())?;
//! let chart = parley_report::chart::forecasts(&scenario, &analysis, Some("iran_nuclear"))?;
//! std::fs::write("forecasts.svg", chart.to_svg())?;
//! std::fs::write("forecasts.png", chart.to_png()?)?;
//! # Ok(()) }
//! ```

pub mod advise_html;
pub mod chart;
pub mod csv;
pub mod error;
pub mod font;
pub mod html;
pub mod svg;
pub mod table;
pub mod text;

pub use chart::{Chart, Kind};
pub use error::ReportError;
