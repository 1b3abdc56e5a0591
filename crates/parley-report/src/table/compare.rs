//! `parley compare`: the base scenario against what-if variants, model by model.

use std::fmt::Write;

use comfy_table::Cell;
use parley_core::Analysis;

use super::new_table;
use super::right;
use crate::text::{num, signed};

/// Forecasts side by side with their differences from the base, then gains.
pub fn render(base: &Analysis, variants: &[(String, Analysis)], width: u16) -> String {
    let mut out = String::new();
    let names: Vec<&str> = variants.iter().map(|(n, _)| n.as_str()).collect();
    let _ = writeln!(out, "{}: base against {}", base.scenario, names.join(", "));
    let _ = writeln!(
        out,
        "\nForecasts (own scales; change from the base in brackets)"
    );
    let mut t = new_table(width);
    let mut header = vec![Cell::new("Model"), Cell::new("Issue"), Cell::new("Base")];
    header.extend(names.iter().map(|n| Cell::new(*n)));
    t.set_header(header);
    for run in &base.models {
        for (issue, b) in &run.forecast {
            let mut row = vec![Cell::new(&run.model), Cell::new(issue), right(num(*b, 1))];
            for (_, v) in variants {
                let value = v
                    .models
                    .iter()
                    .find(|m| m.model == run.model)
                    .and_then(|m| m.forecast.get(issue));
                row.push(right(value.map_or("-".into(), |x| change(*x, *b))));
            }
            t.add_row(row);
        }
    }
    let _ = writeln!(out, "{t}");
    let _ = writeln!(
        out,
        "Gains against the status quo (utility units; change from the base in brackets)"
    );
    let mut g = new_table(width);
    let mut header = vec![Cell::new("Model"), Cell::new("Actor"), Cell::new("Base")];
    header.extend(names.iter().map(|n| Cell::new(*n)));
    g.set_header(header);
    for run in &base.models {
        for (actor, gains) in &run.gains {
            let Some(b) = gains.total else { continue };
            let mut row = vec![Cell::new(&run.model), Cell::new(actor), right(signed(b, 3))];
            for (_, v) in variants {
                let value = v
                    .models
                    .iter()
                    .find(|m| m.model == run.model)
                    .and_then(|m| m.gains.get(actor))
                    .and_then(|x| x.total);
                let text = value.map_or("- (left out)".into(), |x| {
                    format!("{} ({})", signed(x, 3), signed(x - b, 3))
                });
                row.push(right(text));
            }
            g.add_row(row);
        }
    }
    let _ = writeln!(out, "{g}");
    out
}

fn change(x: f64, base: f64) -> String {
    let d = x - base;
    if d.abs() < 0.05 {
        num(x, 1)
    } else {
        format!("{} ({})", num(x, 1), signed(d, 1))
    }
}
