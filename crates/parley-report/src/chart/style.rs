//! Colours, sizes and number formats shared by every chart.

/// Chart width in px (fits a printed A4 page at 96 dpi with margins scaled down).
pub const WIDTH: f64 = 820.0;
/// Outer margin in px.
pub const MARGIN: f64 = 16.0;
/// Chart title size.
pub const TITLE: f64 = 15.0;
/// Panel heading size.
pub const HEADING: f64 = 13.0;
/// Labels.
pub const LABEL: f64 = 12.0;
/// Tick labels, notes.
pub const SMALL: f64 = 10.5;

/// Text and axes.
pub const INK: &str = "#222222";
/// Secondary text.
pub const MUTED: &str = "#666666";
/// Grid lines.
pub const GRID: &str = "#e3e3e3";
/// The status quo.
pub const STATUS_QUO: &str = "#8a8a8a";
/// Background.
pub const PAPER: &str = "#ffffff";

/// Actor colours, by the actor's index in the scenario (Okabe-Ito's colour-blind-safe set
/// without its yellow, then darker extras for scenarios with many actors).
const ACTORS: [&str; 12] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8B5A2B", "#6E6E6E",
    "#1B7F79", "#9A8C00", "#2E3A87", "#B8336A",
];

/// The colour of the actor at `index` in the scenario.
pub fn actor_colour(index: usize) -> &'static str {
    ACTORS[index % ACTORS.len()]
}

/// The colour of a model, the same in every chart.
pub fn model_colour(model: &str) -> &'static str {
    match model {
        "compromise" => "#555555",
        "nbs" => "#1F4E9A",
        "eum" => "#A23B00",
        "exchange" => "#0B6E4F",
        "smp" => "#7A2E8C",
        _ => "#333333",
    }
}

/// A lighter tint of a `#rrggbb` colour (`amount` 0 = same, 1 = white), for fills.
pub fn tint(colour: &str, amount: f64) -> String {
    let hex = colour.trim_start_matches('#');
    let channel = |k: usize| {
        let v = hex
            .get(2 * k..2 * k + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0);
        let v = f64::from(v);
        (v + (255.0 - v) * amount.clamp(0.0, 1.0)).round() as u8
    };
    format!("#{:02x}{:02x}{:02x}", channel(0), channel(1), channel(2))
}

pub use crate::text::{num, signed};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tints_move_toward_white() {
        assert_eq!(tint("#000000", 0.5), "#808080");
        assert_eq!(tint("#0072B2", 0.0), "#0072b2");
        assert_eq!(tint("#0072B2", 1.0), "#ffffff");
    }
}
