//! Monte Carlo results for people (bands and probabilities) and for notebooks (long CSV).

use std::fmt::Write;

use comfy_table::{Cell, CellAlignment};
use parley_core::uncertainty::McResult;

use super::num;
use super::table::new_table;

/// Bands per model and issue, then condition and deal probabilities.
pub fn table(name: &str, r: &McResult, width: u16) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{name}: Monte Carlo, {} runs, seed {}, {} uncertain inputs drawn from their ranges",
        r.runs, r.seed, r.uncertain_inputs
    );
    let mut t = new_table(width);
    t.set_header(vec![
        "Model", "Issue", "Mean", "Median", "5%", "95%", "Min", "Max",
    ]);
    for m in &r.models {
        for (issue, s) in &m.issues {
            let mut row = vec![Cell::new(&m.model), Cell::new(issue)];
            for v in [s.mean, s.median, s.p5, s.p95, s.min, s.max] {
                row.push(Cell::new(num(v, 1)).set_alignment(CellAlignment::Right));
            }
            t.add_row(row);
        }
    }
    let _ = writeln!(out, "{t}");
    if !r.conditions.is_empty() {
        let _ = writeln!(out, "Probability that each condition holds:");
        for c in &r.conditions {
            let p: Vec<String> = c
                .probability
                .iter()
                .map(|(m, p)| format!("{m} {}%", num(p * 100.0, 1)))
                .collect();
            let _ = writeln!(out, "- {} ({}): {}", c.condition, c.source, p.join(", "));
        }
    }
    if !r.deals.is_empty() {
        let _ = writeln!(
            out,
            "Share of runs in which two actors alone have a deal on a linkage (joint NBS beats the status quo for both):"
        );
        for d in &r.deals {
            let _ = writeln!(
                out,
                "- {}-{} on {} ({}): {}%",
                d.a,
                d.b,
                d.linkage,
                d.question,
                num(d.probability * 100.0, 1)
            );
        }
    }
    out
}

/// Long format: `record,model,issue,stat,value` (record `forecast`, `condition`, `deal`).
pub fn csv(r: &McResult) -> String {
    let mut out = String::from("record,model,issue,stat,value\n");
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    for m in &r.models {
        for (issue, s) in &m.issues {
            for (stat, v) in [
                ("mean", s.mean),
                ("sd", s.sd),
                ("median", s.median),
                ("p5", s.p5),
                ("p95", s.p95),
                ("min", s.min),
                ("max", s.max),
            ] {
                let _ = writeln!(out, "forecast,{},{},{stat},{v}", m.model, quote(issue));
            }
        }
    }
    for c in &r.conditions {
        for (model, p) in &c.probability {
            let _ = writeln!(
                out,
                "condition,{model},{},probability,{p}",
                quote(&c.condition)
            );
        }
    }
    for d in &r.deals {
        let _ = writeln!(
            out,
            "deal,,{},probability,{}",
            quote(&format!("{}-{} on {}", d.a, d.b, d.linkage)),
            d.probability
        );
    }
    out
}
