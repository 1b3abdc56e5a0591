//! `parley backtest`: the error table, like Thomson et al. (2006, ch. 10), the two halves of
//! the pre-registered split, and per-issue CSV.

use std::fmt::Write;

use comfy_table::Cell;
use parley_core::backtest::{Backtest, Half, Row};

use super::right;
use super::table::new_table;
use super::{count, num, signed};

/// The error table, then the same on each half of the split.
pub fn table(
    file: &str,
    r: &Backtest,
    skipped: usize,
    elapsed: std::time::Duration,
    width: u16,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{file}: {} with an outcome ({skipped} without, skipped) in {}; errors on the 0-100 scale; {:.2} s",
        count(r.cases, "issue"),
        count(r.negotiations, "proposal"),
        elapsed.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "Every model runs once per proposal. {} in one-issue proposals: there the exchange model has nothing to trade and returns its starting point (the capability x salience weighted mean).",
        count(r.single_issue_cases, "issue")
    );
    let _ = writeln!(out, "{}", rows_table(&r.rows, width));
    let _ = writeln!(
        out,
        "Intervals: bootstrap over whole proposals (2,000 resamples). Negative = better than {}.",
        r.best_baseline
    );
    for h in &r.halves {
        let (label, parity) = match h.half {
            Half::A => ("A", "odd"),
            Half::B => ("B", "even"),
        };
        let _ = writeln!(
            out,
            "\nHalf {label} of the pre-registered split ({parity}-numbered proposals): {}, {}; compared with {} (best baseline on half A).",
            count(h.negotiations, "proposal"),
            count(h.cases, "issue"),
            h.reference
        );
        let _ = writeln!(out, "{}", rows_table(&h.rows, width));
    }
    out
}

fn rows_table(rows: &[Row], width: u16) -> comfy_table::Table {
    let mut t = new_table(width);
    t.set_header(vec![
        "Predictor",
        "n",
        "MAE",
        "RMSE",
        "Median AE",
        "<=5",
        "<=10",
        "<=20",
        "MAE vs best baseline [95% CI]",
    ]);
    for row in rows {
        let pct = |x: f64| format!("{}%", num(x * 100.0, 0));
        let versus = row
            .versus_best_baseline
            .map_or("(best baseline)".to_owned(), |[d, lo, hi]| {
                format!("{} [{}, {}]", signed(d, 2), signed(lo, 2), signed(hi, 2))
            });
        let name = if row.baseline {
            format!("{} (baseline)", row.name)
        } else {
            row.name.clone()
        };
        t.add_row(vec![
            Cell::new(name),
            right(row.n.to_string()),
            right(num(row.mae, 2)),
            right(num(row.rmse, 2)),
            right(num(row.median_ae, 1)),
            right(pct(row.within[0])),
            right(pct(row.within[1])),
            right(pct(row.within[2])),
            right(versus),
        ]);
    }
    t
}

/// One line per issue: id, proposal, half, outcome, each predictor's forecast.
pub fn csv(r: &Backtest) -> String {
    let mut out = String::from("issue,proposal,half,outcome");
    for row in &r.rows {
        let _ = write!(out, ",\"{}\"", row.name);
    }
    out.push('\n');
    for ((id, y, f), g) in r.forecasts.iter().zip(&r.groups) {
        let half = match g.half {
            Half::A => "A",
            Half::B => "B",
        };
        let _ = write!(out, "{id},{},{half},{y}", g.negotiation);
        for v in f {
            let _ = write!(out, ",{}", v.map_or(String::new(), |x| x.to_string()));
        }
        out.push('\n');
    }
    out
}
