//! `parley compare`: the base scenario against what-if variants, model by model.

use std::fmt::Write;

use comfy_table::Cell;
use parley_core::Analysis;
use parley_core::calibration::point::PointError;

use super::new_table;
use super::right;
use crate::text::{num, scale_decimals, signed};

/// Forecasts side by side with their differences from the base, then gains, then each
/// question's answer; `points` (the base's model error at its point values, then each
/// variant's; empty for none) adds each answer's odds with model error.
pub fn render(
    base: &Analysis,
    variants: &[(String, Analysis)],
    points: &[PointError],
    width: u16,
) -> String {
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
    // Each issue's forecasts with the decimals its scale needs (4 on [0, 0.05]).
    let decimals = |issue: &str| {
        base.issues
            .iter()
            .find(|i| i.id == issue)
            .map_or(1, |i| scale_decimals(i.scale))
    };
    for run in &base.models {
        for (issue, b) in &run.forecast {
            let d = decimals(issue);
            let mut row = vec![Cell::new(&run.model), Cell::new(issue), right(num(*b, d))];
            for (_, v) in variants {
                let value = v
                    .models
                    .iter()
                    .find(|m| m.model == run.model)
                    .and_then(|m| m.forecast.get(issue));
                row.push(right(value.map_or("-".into(), |x| change(*x, *b, d))));
            }
            t.add_row(row);
        }
    }
    let _ = writeln!(out, "{t}");
    let _ = writeln!(
        out,
        "Gains against the status quo (utility units of `run`'s 'Who gains', distances in percent of \
         each issue's scale; change from the base in brackets)"
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
    out.push_str(&questions(base, variants, points, width));
    out
}

/// Whether each question's condition holds at the coding's point values, per model, in the
/// base and every variant, with a change from the base marked (usability item 12: the
/// analyst's question had to be re-read off the forecasts by hand).
fn questions(
    base: &Analysis,
    variants: &[(String, Analysis)],
    points: &[PointError],
    width: u16,
) -> String {
    let mut out = String::new();
    let asked: Vec<_> = base
        .questions
        .iter()
        .filter(|q| q.condition.is_some())
        .collect();
    if asked.is_empty() {
        return out;
    }
    let with_odds = !points.is_empty();
    let heading = if with_odds {
        "Questions: does the condition hold at the coding's point values, and its odds with each \
         model's measured error there (`parley mc --what-if` adds the input ranges)"
    } else {
        "Questions: does the condition hold at the coding's point values? (`parley mc --what-if` \
         gives each variant's odds)"
    };
    let _ = writeln!(out, "{heading}");
    // points[0] is the base's, points[k + 1] variant k's.
    let odds = |k: usize, q: &str, model: &str| -> String {
        points
            .get(k)
            .and_then(|p| p.odds.get(q)?.get(model))
            .map_or_else(String::new, |p| format!(" {}%", num(p * 100.0, 1)))
    };
    let holds = |a: &Analysis, q: &str, model: &str| -> Option<bool> {
        a.questions
            .iter()
            .find(|x| x.id == q)?
            .answers
            .iter()
            .find(|x| x.model == model)?
            .holds
    };
    let word = |h: Option<bool>| match h {
        Some(true) => "yes",
        Some(false) => "no",
        None => "-",
    };
    for q in asked {
        let _ = writeln!(
            out,
            "{} [{}]: {}",
            q.text,
            q.id,
            q.condition.as_deref().unwrap_or_default()
        );
        let mut t = new_table(width);
        let mut header = vec![Cell::new("Model"), Cell::new("Base")];
        header.extend(variants.iter().map(|(n, _)| Cell::new(n)));
        t.set_header(header);
        for answer in &q.answers {
            let b = answer.holds;
            let mut row = vec![
                Cell::new(&answer.model),
                Cell::new(format!("{}{}", word(b), odds(0, &q.id, &answer.model))),
            ];
            for (k, (_, v)) in variants.iter().enumerate() {
                let h = holds(v, &q.id, &answer.model);
                let text = if h == b {
                    word(h).to_owned()
                } else {
                    format!("{} (was {})", word(h), word(b))
                };
                row.push(Cell::new(format!(
                    "{text}{}",
                    odds(k + 1, &q.id, &answer.model)
                )));
            }
            t.add_row(row);
        }
        let _ = writeln!(out, "{t}");
    }
    if let Some(first) = points.first() {
        out.push_str(&super::model_error::provenance(
            first,
            "yes/no without odds",
        ));
    }
    out
}

/// `x`, and its change from `base` unless that rounds to nothing at `decimals` places.
fn change(x: f64, base: f64, decimals: usize) -> String {
    let d = x - base;
    let half_unit = 0.5 * 10f64.powi(-(decimals as i32));
    if d.abs() < half_unit {
        num(x, decimals)
    } else {
        format!("{} ({})", num(x, decimals), signed(d, decimals))
    }
}
