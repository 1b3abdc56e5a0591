//! Charts of Parley's results, as SVG (the one description of a chart) and PNG (that SVG
//! rasterised with the embedded font).
//!
//! Each function takes the core's result values (the same ones the JSON output serialises)
//! and returns a [`Chart`]. Issue-level charts take `issue: Option<&str>`: one issue's panel,
//! or `None` for a panel per issue, stacked.
//!
//! | function | what it shows | input |
//! |---|---|---|
//! | [`rounds`] | positions by round per actor, and the model's outcome, per issue | [`Analysis`] (EUM, exchange, SMP: any model with rounds) |
//! | [`forecasts`] | every model's forecast against the status quo and the actors' positions on each issue's line, with the issue's end labels | [`Scenario`], [`Analysis`] |
//! | [`monte_carlo`] | per issue and model: histogram, 5-95% band, median, and the point forecast | [`Analysis`], [`McResult`] |
//! | [`sensitivity`] | tornado: the inputs that move one forecast most, low and high end | [`Sensitivity`] |
//! | [`gains`] | per-actor utility gains from a linkage (grand bargain): the exchange model's trades within it and the joint deal | [`Analysis`], [`Bargain`] |
//! | [`model_gains`] | per-actor utility gains against the status quo under each model | [`Analysis`] |
//! | [`backtest`] | absolute error distributions per model and baseline | [`Backtest`] |
//! | [`pit`] | calibration: PIT histograms of real outcomes per model (half B) | [`Backtest`] |
//!
//! Hooks for interactive pages: the root `<svg>` has `class="parley-chart"` and
//! `data-chart="<kind>"`; each panel is a `<g class="panel">` with `data-issue` (and
//! `data-model` where it is one model's); each series is a `<g class="series">` with
//! `data-actor`, `data-model`, `data-input` or `data-predictor`; every mark has a `<title>`
//! (shown on hover) stating its numbers.
//!
//! [`Analysis`]: parley_core::Analysis
//! [`Scenario`]: parley_core::Scenario
//! [`McResult`]: parley_core::uncertainty::McResult
//! [`Sensitivity`]: parley_core::uncertainty::Sensitivity
//! [`Bargain`]: parley_core::bargain::Bargain
//! [`Backtest`]: parley_core::backtest::Backtest

mod backtest;
mod forecasts;
mod gains;
pub(crate) mod layout;
mod mc;
mod pit;
mod png;
mod rounds;
mod scan;
mod sensitivity;
pub mod style;

pub use backtest::backtest;
pub use forecasts::forecasts;
pub use gains::{gains, model_gains};
pub use mc::monte_carlo;
pub use pit::pit;
pub use rounds::rounds;
pub use scan::{ScanPanel, scan};
pub use sensitivity::sensitivity;

use crate::error::ReportError;

/// What a chart shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Positions by round ([`rounds`]).
    Rounds,
    /// Forecasts on each issue's line ([`forecasts`]).
    Forecasts,
    /// Monte Carlo distributions ([`monte_carlo`]).
    MonteCarlo,
    /// Sensitivity tornado ([`sensitivity`]).
    Sensitivity,
    /// Gains from a linkage ([`gains`]).
    Gains,
    /// Gains under each model ([`model_gains`]).
    ModelGains,
    /// Backtest error distributions ([`backtest`]).
    Backtest,
    /// Calibration PIT histograms ([`pit`]).
    Pit,
    /// A parameter scan ([`scan`]).
    Scan,
}

impl Kind {
    /// The name used in `data-chart` and file names.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Rounds => "rounds",
            Kind::Forecasts => "forecasts",
            Kind::MonteCarlo => "mc",
            Kind::Sensitivity => "sensitivity",
            Kind::Gains => "gains",
            Kind::ModelGains => "model-gains",
            Kind::Backtest => "backtest",
            Kind::Pit => "pit",
            Kind::Scan => "scan",
        }
    }
}

/// A finished chart: an SVG document of known size.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    kind: Kind,
    title: String,
    width: f64,
    height: f64,
    /// The body inside the document, kept so a note can be added below it.
    body: String,
    svg: String,
}

impl Chart {
    /// Wraps a chart body written by one of the chart functions.
    pub(crate) fn new(kind: Kind, title: String, width: f64, height: f64, body: &str) -> Self {
        let height = height.ceil();
        let svg = crate::svg::document(
            width,
            height,
            &[
                ("class", "parley-chart"),
                ("data-chart", kind.name()),
                ("role", "img"),
                ("aria-label", &title),
            ],
            body,
        );
        Self {
            kind,
            title,
            width,
            height,
            body: body.to_owned(),
            svg,
        }
    }

    /// The chart with `note` written below it in the muted small type of subtitles, wrapped to
    /// the chart's width (the CLI's "What-if: ...; set: ..." line, so a saved chart of a
    /// variant never passes for the coding as written). An empty note changes nothing.
    #[must_use]
    pub fn with_note(self, note: &str) -> Self {
        if note.is_empty() {
            return self;
        }
        let mut svg = crate::svg::Svg::new();
        let x = style::MARGIN;
        let mut y = self.height + style::SMALL;
        for line in crate::font::wrap(note, style::SMALL, self.width - 2.0 * x) {
            svg.text(
                x,
                y,
                &line,
                crate::svg::TextStyle::new(style::SMALL).fill(style::MUTED),
            );
            y += style::SMALL + 4.0;
        }
        let body = self.body + &svg.finish();
        Self::new(
            self.kind,
            self.title,
            self.width,
            y + style::MARGIN / 2.0,
            &body,
        )
    }

    /// What the chart shows.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Its title (also the SVG's `aria-label`).
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Width in px.
    pub fn width(&self) -> f64 {
        self.width
    }

    /// Height in px.
    pub fn height(&self) -> f64 {
        self.height
    }

    /// The SVG document, borrowed. It has no XML prolog, so it is also valid inline in HTML.
    pub fn svg(&self) -> &str {
        &self.svg
    }

    /// The SVG document.
    pub fn to_svg(&self) -> String {
        self.svg.clone()
    }

    /// The chart as a PNG of `width` x `height` px, drawn with the embedded font.
    pub fn to_png(&self) -> Result<Vec<u8>, ReportError> {
        png::render(&self.svg, 1.0)
    }

    /// The chart as a PNG scaled by `scale` (2.0 for sharp text on high-density screens).
    pub fn to_png_scaled(&self, scale: f32) -> Result<Vec<u8>, ReportError> {
        png::render(&self.svg, scale)
    }
}

/// The issues a chart covers: one by id, or all of them.
pub(crate) fn pick_issues<'a>(
    all: &'a [parley_core::analysis::IssueView],
    issue: Option<&str>,
) -> Result<Vec<&'a parley_core::analysis::IssueView>, ReportError> {
    match issue {
        None => Ok(all.iter().collect()),
        Some(id) => all
            .iter()
            .find(|i| i.id == id)
            .map(|i| vec![i])
            .ok_or_else(|| ReportError::UnknownIssue {
                issue: id.to_owned(),
                known: crate::error::list(all.iter().map(|i| i.id.as_str())),
            }),
    }
}
