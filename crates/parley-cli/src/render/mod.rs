//! Turning an [`parley_core::Analysis`] into what a person or a program reads.

pub mod backtest;
pub mod bargain;
pub mod compare;
pub mod csv;
pub mod eum;
pub mod mc;
pub mod rounds;
pub mod sensitivity;
pub mod table;

/// Formats a number for people: up to `decimals` places, no trailing noise.
pub fn num(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    // "-0.0" reads as a loss; show zero as zero.
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        format!("{:.decimals$}", 0.0)
    } else {
        s
    }
}

/// A signed number for gains: `+0.12`, `-0.05`, `0.00`.
pub fn signed(x: f64, decimals: usize) -> String {
    let s = num(x, decimals);
    if x > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{s}")
    } else {
        s
    }
}

/// "1 issue", "4 issues".
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// A right-aligned table cell, for numbers.
pub fn right(text: String) -> comfy_table::Cell {
    comfy_table::Cell::new(text).set_alignment(comfy_table::CellAlignment::Right)
}
