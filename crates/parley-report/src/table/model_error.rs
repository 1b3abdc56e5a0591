//! Forecasts with the models' measured error: each model's 80% interval at the coding's point
//! values, and each question's odds with model error next to the point answer.

use std::fmt::Write;

use comfy_table::Cell;
use parley_core::Analysis;
use parley_core::calibration::point::{DRAWS, PointError};

use super::{new_table, right};
use crate::text::{issue_value, num};

/// One sentence under the point forecasts: how wide the models' measured errors make their
/// intervals on this scenario (the median width of every model's interval, in percent of the
/// issue's scale), so that a reader does not weigh a difference of a few points between two
/// forecasts (usability item 7). None when no model has an error model.
pub fn point_caveat(a: &Analysis, pe: &PointError) -> Option<String> {
    let mut widths: Vec<f64> = pe
        .intervals
        .values()
        .flat_map(|by_issue| by_issue.iter())
        .filter_map(|(issue, [lo, hi])| {
            let view = a.issues.iter().find(|i| &i.id == issue)?;
            let span = (view.scale[1] - view.scale[0]).abs();
            (span > 0.0).then(|| (hi - lo).abs() / span * 100.0)
        })
        .collect();
    if widths.is_empty() {
        return None;
    }
    let median = median(&mut widths)?;
    Some(format!(
        "These are point forecasts. Each model's measured error on real decisions makes its \
         {}% interval (under 'With model error' below) {} points wide on this scenario (the \
         median, in points of each issue's scale out of 100): differences between forecasts \
         smaller than that are not meaningful.\n",
        num(pe.level * 100.0, 0),
        num(median, 0)
    ))
}

/// The median of `values` (the mean of the two middle ones for an even count, so that two
/// intervals give the width between them, not the wider one); None when there are none.
fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

/// The block `parley run` prints after the forecasts (of analysis `a`, whose issues' scales set
/// the decimals).
pub fn render(a: &Analysis, pe: &PointError, width: u16) -> String {
    let mut out = String::new();
    let level = num(pe.level * 100.0, 0);
    let _ = writeln!(
        out,
        "\nWith model error: {level}% intervals around each forecast (model error only, at the coding's point values; `parley mc` adds the input ranges)"
    );
    let Some(first) = pe.intervals.values().next() else {
        let _ = writeln!(out, "(no model here has an error model)");
        return out;
    };
    let mut t = new_table(width);
    let mut header = vec![Cell::new("Issue")];
    header.extend(pe.intervals.keys().map(Cell::new));
    t.set_header(header);
    for issue in first.keys() {
        let mut row = vec![Cell::new(issue)];
        for by_issue in pe.intervals.values() {
            let text = by_issue.get(issue).map_or("-".into(), |[lo, hi]| {
                format!(
                    "{}-{}",
                    issue_value(a, issue, *lo),
                    issue_value(a, issue, *hi)
                )
            });
            row.push(right(text));
        }
        t.add_row(row);
    }
    let _ = writeln!(out, "{t}");
    for (question, odds) in &pe.odds {
        let p: Vec<String> = odds
            .iter()
            .map(|(m, p)| format!("{m} {}%", num(p * 100.0, 1)))
            .collect();
        let _ = writeln!(
            out,
            "- {question}: odds with model error at point values ({DRAWS} draws): {}",
            p.join(", ")
        );
    }
    out.push_str(&provenance(pe, "shown without intervals"));
    out
}

/// The lines that close every table quoting the models' measured error: which models have
/// none (`without`: what the table does for them) and where the error model comes from.
pub(crate) fn provenance(pe: &PointError, without: &str) -> String {
    let mut out = String::new();
    if !pe.without_model_error.is_empty() {
        let _ = writeln!(
            out,
            "No error model for {}: {without}.",
            pe.without_model_error.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "Model error: {} ({}). Carrying it to a negotiation of another kind is an assumption.",
        pe.model_error.source, pe.model_error.origin
    );
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use parley_core::calibration::Provenance;

    #[test]
    fn median_of_an_even_count_is_the_mean_of_the_two_middle_values() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        // By hand: the middle two of 1, 2, 4, 10 are 2 and 4 -> 3.
        assert_eq!(median(&mut [10.0, 1.0, 4.0, 2.0]), Some(3.0));
    }

    /// Sweep 5 item 8: with two intervals, 61.4 and 100 points wide on a 0-100 issue, the
    /// caveat gave the wider one (100); the median is (61.4 + 100) / 2 = 80.7 -> "81".
    #[test]
    fn caveat_gives_the_median_width_of_two_intervals() {
        let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../scenarios/toy-tariff.toml");
        let s = parley_scenario::read_file(&path).unwrap();
        let a = parley_core::analyse(&s, &parley_core::models::all()).unwrap();
        let mut intervals = indexmap::IndexMap::new();
        for (model, interval) in [("compromise", [5.3, 66.7]), ("nbs", [0.0, 100.0])] {
            let mut by_issue = indexmap::IndexMap::new();
            by_issue.insert("tariff".to_owned(), interval);
            intervals.insert(model.to_owned(), by_issue);
        }
        let pe = PointError {
            model_error: Provenance {
                source: "test".into(),
                origin: "test".into(),
            },
            level: 0.8,
            intervals,
            odds: indexmap::IndexMap::new(),
            without_model_error: Vec::new(),
        };
        let text = point_caveat(&a, &pe).unwrap();
        assert!(text.contains(" 81 points wide"), "{text}");
    }
}
