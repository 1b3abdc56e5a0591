//! `parley sensitivity`: tornado tables (one-at-a-time swings with variance shares, and Sobol
//! indices when they were estimated), and CSV.

use std::fmt::Write;

use comfy_table::Cell;
use parley_core::uncertainty::Sensitivity;
use parley_core::uncertainty::sobol::Index;

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
    if let Some(s) = &r.sobol {
        let _ = writeln!(
            out,
            "S, ST: Sobol first-order and total indices from {} base samples ({} runs of each model,\n\
             seed {}; Saltelli et al. 2010, Jansen 1999): the share of the forecast's variance the input\n\
             explains alone, and with its interactions. ST - S is interaction; 1 - sum of S, all of it.{}",
            s.samples,
            s.runs,
            s.seed,
            if s.resamples > 0 {
                format!(
                    "\n± half the width of the {:.0}% bootstrap interval ({} resamples).",
                    s.level * 100.0,
                    s.resamples
                )
            } else {
                String::new()
            }
        );
    }
    for f in &r.forecasts {
        let _ = writeln!(
            out,
            "\n{} on {} (point forecast {})",
            f.model,
            f.issue,
            num(f.base, 1)
        );
        let mut t = new_table(width);
        let mut header = vec!["Input", "At low", "At high", "Swing", "Share"];
        if r.sobol.is_some() {
            header.extend(["S", "ST"]);
        }
        t.set_header(header);
        for e in f.inputs.iter().take(top) {
            let mut row = vec![
                Cell::new(&e.input),
                right(num(e.at_low, 1)),
                right(num(e.at_high, 1)),
                right(num(e.swing, 2)),
                right(format!("{}%", num(e.variance_share * 100.0, 1))),
            ];
            if r.sobol.is_some() {
                let (s, st) = e
                    .sobol
                    .as_ref()
                    .map_or((String::new(), String::new()), cells);
                row.extend([right(s), right(st)]);
            }
            t.add_row(row);
        }
        let _ = writeln!(out, "{t}");
    }
    out
}

/// `S` and `ST` as percentages, each with half its interval's width when there is one.
fn cells(x: &Index) -> (String, String) {
    let cell = |v: f64, ci: Option<[f64; 2]>| match ci {
        Some([lo, hi]) => format!("{}% ±{}", num(v * 100.0, 1), num((hi - lo) * 50.0, 1)),
        None => format!("{}%", num(v * 100.0, 1)),
    };
    (cell(x.s, x.s_ci), cell(x.st, x.st_ci))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sobol_cells_with_and_without_intervals() {
        let x = Index {
            s: 0.3139,
            st: 0.5576,
            s_ci: Some([0.29, 0.34]),
            st_ci: Some([0.55, 0.57]),
        };
        assert_eq!(cells(&x), ("31.4% ±2.5".into(), "55.8% ±1.0".into()));
        let bare = Index {
            s: -0.012,
            st: -0.0004,
            s_ci: None,
            st_ci: None,
        };
        // A negative estimate shows as one (sampling error); a tiny one as 0.0, not -0.0.
        assert_eq!(cells(&bare), ("-1.2%".into(), "0.0%".into()));
    }
}
