//! `parley backtest`: the error table, like Thomson et al. (2006, ch. 10), the two halves of
//! the pre-registered split, and per-issue CSV.

use std::fmt::Write;

use comfy_table::Cell;
use parley_core::backtest::{Backtest, Half, MIN_BOOTSTRAP_PROPOSALS, Row};

use super::new_table;
use super::right;
use crate::text::{count, num, signed};

/// The error table, then the same on each half of the split.
pub fn render(
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
    let _ = writeln!(
        out,
        "{}",
        rows_table(&r.rows, &r.best_baseline, r.negotiations, width)
    );
    let _ = writeln!(
        out,
        "Intervals: bootstrap over whole proposals (2,000 resamples). Negative = better than {}.{}",
        r.best_baseline,
        too_few(r.negotiations)
    );
    for h in &r.halves {
        let (label, parity) = match h.half {
            Half::A => ("A", "odd"),
            Half::B => ("B", "even"),
        };
        if h.cases == 0 {
            let _ = writeln!(
                out,
                "\nHalf {label} of the pre-registered split ({parity}-numbered proposals): no proposal with an outcome, nothing to score."
            );
            continue;
        }
        let _ = writeln!(
            out,
            "\nHalf {label} of the pre-registered split ({parity}-numbered proposals): {}, {}; compared with {} (best baseline on half A).{}",
            count(h.negotiations, "proposal"),
            count(h.cases, "issue"),
            h.reference,
            too_few(h.negotiations)
        );
        let _ = writeln!(
            out,
            "{}",
            rows_table(&h.rows, &h.reference, h.negotiations, width)
        );
    }
    out
}

/// Why a table's comparisons have no interval, when it has too few proposals for one.
fn too_few(proposals: usize) -> String {
    if proposals >= MIN_BOOTSTRAP_PROPOSALS {
        return String::new();
    }
    format!(
        " With {} no interval is given: a bootstrap needs at least {MIN_BOOTSTRAP_PROPOSALS}.",
        count(proposals, "proposal")
    )
}

/// The rows, each compared with the row named `reference`.
fn rows_table(rows: &[Row], reference: &str, proposals: usize, width: u16) -> comfy_table::Table {
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
        // A row without forecasts has no errors to show (its mean would be NaN).
        let known = |text: String| if row.n > 0 { text } else { "-".to_owned() };
        let pct = |x: f64| known(format!("{}%", num(x * 100.0, 0)));
        let versus = match row.versus_best_baseline {
            Some([d, lo, hi]) => {
                format!("{} [{}, {}]", signed(d, 2), signed(lo, 2), signed(hi, 2))
            }
            None if row.name == reference => "(best baseline)".to_owned(),
            None if proposals < MIN_BOOTSTRAP_PROPOSALS && row.n > 0 => {
                format!("n/a (< {MIN_BOOTSTRAP_PROPOSALS} proposals)")
            }
            None => "-".to_owned(),
        };
        let name = if row.baseline {
            format!("{} (baseline)", row.name)
        } else {
            row.name.clone()
        };
        t.add_row(vec![
            Cell::new(name),
            right(row.n.to_string()),
            right(known(num(row.mae, 2))),
            right(known(num(row.rmse, 2))),
            right(known(num(row.median_ae, 1))),
            right(pct(row.within[0])),
            right(pct(row.within[1])),
            right(pct(row.within[2])),
            right(versus),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use parley_core::backtest::{Baseline, Case, Predictor, backtest};
    use parley_core::{Actor, Issue, Scenario};

    #[test]
    fn a_row_without_forecasts_shows_dashes_not_nan() {
        let mut s = Scenario::named("one");
        s.issues.push(Issue::new("i"));
        s.actors
            .push(Actor::new("a", 1.0).with_stance("i", 20.0, 1.0));
        let cases = [Case {
            id: "one".into(),
            scenario: s,
            outcome: 30.0,
        }];
        let predictors = [
            Predictor::Baseline(Baseline::Midpoint),
            Predictor::Baseline(Baseline::Actor("nobody".into())),
        ];
        let r = backtest(&cases, &predictors, 0);
        let text = super::render("f", &r, 0, std::time::Duration::ZERO, 120);
        assert!(!text.contains("NaN"), "{text}");
        let row = text.lines().find(|l| l.contains("nobody")).unwrap();
        assert!(row.contains(" 0 ") && row.contains(" - "), "{row}");
        let best = text.lines().find(|l| l.contains("midpoint")).unwrap();
        assert!(best.contains("(best baseline)"), "{best}");
    }
}
