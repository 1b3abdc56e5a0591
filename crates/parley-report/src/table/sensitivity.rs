//! `parley sensitivity`: tornado tables (one-at-a-time swings with variance shares), and CSV.

use std::fmt::Write;

use comfy_table::Cell;
use parley_core::uncertainty::Sensitivity;

use super::new_table;
use super::right;
use crate::text::num;

/// The `top` inputs of every forecast.
pub fn render(name: &str, r: &Sensitivity, top: usize, width: u16) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{name}: what moves each forecast.\n\
         Swing: the forecast with one input at the low and at the high end of its range, the others at\n\
         their point values. Share: squared correlation over {} Monte Carlo runs (seed {}), a linear\n\
         estimate of the share of the forecast's variance the input explains.",
        r.runs, r.seed
    );
    for f in &r.forecasts {
        let _ = writeln!(
            out,
            "\n{} on {} (point forecast {})",
            f.model,
            f.issue,
            num(f.base, 1)
        );
        let mut t = new_table(width);
        t.set_header(vec!["Input", "At low", "At high", "Swing", "Share"]);
        for e in f.inputs.iter().take(top) {
            t.add_row(vec![
                Cell::new(&e.input),
                right(num(e.at_low, 1)),
                right(num(e.at_high, 1)),
                right(num(e.swing, 2)),
                right(format!("{}%", num(e.variance_share * 100.0, 1))),
            ]);
        }
        let _ = writeln!(out, "{t}");
    }
    out
}
