//! `parley backtest`: the error table, like Thomson et al. (2006, ch. 10), and per-issue CSV.

use std::fmt::Write;

use comfy_table::Cell;
use parley_core::backtest::Backtest;

use super::right;
use super::table::new_table;
use super::{num, signed};

/// The error table.
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
        "{file}: {} issues with an outcome ({skipped} without, skipped); errors on the 0-100 scale; {:.2} s",
        r.cases,
        elapsed.as_secs_f64()
    );
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
    for row in &r.rows {
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
    let _ = writeln!(out, "{t}");
    let _ = writeln!(
        out,
        "Intervals: paired bootstrap over the issues both forecast (2,000 resamples). Negative = better than {}.",
        r.best_baseline
    );
    out
}

/// One line per issue: id, outcome, each predictor's forecast.
pub fn csv(r: &Backtest) -> String {
    let mut out = String::from("issue,outcome");
    for row in &r.rows {
        let _ = write!(out, ",\"{}\"", row.name);
    }
    out.push('\n');
    for (id, y, f) in &r.forecasts {
        let _ = write!(out, "{id},{y}");
        for v in f {
            let _ = write!(out, ",{}", v.map_or(String::new(), |x| x.to_string()));
        }
        out.push('\n');
    }
    out
}
