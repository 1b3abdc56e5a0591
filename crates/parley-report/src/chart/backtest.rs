//! Backtest error distributions: for each model and baseline, the absolute errors of its
//! forecasts against the real outcomes as a box plot (quartiles, median, 5th-95th percentile
//! whiskers) with the mean absolute error marked.

use parley_core::backtest::Backtest;

use super::layout::{self, Linear, Swatch};
use super::style::{self, INK, MARGIN, MUTED, SMALL, WIDTH};
use super::{Chart, Kind};
use crate::error::ReportError;
use crate::font::{text_width, truncate};
use crate::svg::{Anchor, Svg, TextStyle};

const ROW_H: f64 = 26.0;
const RIGHT_TEXT: f64 = 130.0;
const BASELINE: &str = "#8a8a8a";
const MODEL: &str = "#1F4E9A";

/// The `q`-quantile of sorted values, interpolating linearly between order statistics.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => 0.0,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// The absolute errors of predictor `k`, sorted.
fn errors(b: &Backtest, k: usize) -> Vec<f64> {
    let mut e: Vec<f64> = b
        .forecasts
        .iter()
        .filter_map(|(_, y, f)| f.get(k).copied().flatten().map(|x| (x - y).abs()))
        .collect();
    e.sort_by(f64::total_cmp);
    e
}

/// Box plots of each predictor's absolute errors, on the scale of the cases (DEU: 0-100).
pub fn backtest(b: &Backtest) -> Result<Chart, ReportError> {
    if b.rows.is_empty() || b.forecasts.is_empty() {
        return Err(ReportError::Empty(
            "the backtest has no cases or predictors".into(),
        ));
    }
    let all: Vec<Vec<f64>> = (0..b.rows.len()).map(|k| errors(b, k)).collect();
    let max = all
        .iter()
        .filter_map(|e| e.last().copied())
        .fold(0.0_f64, f64::max);
    let title = format!("Backtest: absolute errors over {} cases", b.cases);
    let subtitle = format!(
        "Box: middle half of the errors, line: median, whiskers: 5th-95th percentile, dot: mean \
         absolute error (MAE). Best baseline: {}.",
        b.best_baseline
    );
    let mut svg = Svg::new();
    let mut y = layout::header(&mut svg, WIDTH, &title, Some(&subtitle));
    y = layout::legend(
        &mut svg,
        MARGIN,
        y,
        WIDTH - MARGIN,
        &[
            ("model".into(), MODEL.into(), Swatch::Square),
            ("baseline".into(), BASELINE.into(), Swatch::Square),
            ("mean absolute error".into(), INK.into(), Swatch::Dot),
        ],
    ) + 8.0;
    let label_w = b
        .rows
        .iter()
        .map(|r| text_width(&r.name, SMALL, false))
        .fold(60.0_f64, f64::max)
        .min(300.0);
    let left = MARGIN + label_w + 10.0;
    let right = WIDTH - MARGIN - RIGHT_TEXT;
    let (_, d1) = layout::nice_range(0.0, max.max(1.0));
    let xs = Linear::new((0.0, d1), (left, right));
    let grid_top = y;
    for (row, e) in b.rows.iter().zip(&all) {
        let mid = y + ROW_H / 2.0;
        let colour = if row.baseline { BASELINE } else { MODEL };
        svg.group(&[("class", "series predictor"), ("data-predictor", &row.name)]);
        svg.text(
            left - 8.0,
            mid + 4.0,
            &truncate(&row.name, SMALL, label_w),
            TextStyle::new(SMALL).anchor(Anchor::End),
        );
        if e.is_empty() {
            svg.text(
                left,
                mid + 4.0,
                "no forecasts",
                TextStyle::new(SMALL).fill(MUTED),
            );
            svg.end();
            y += ROW_H;
            continue;
        }
        let [p5, q1, med, q3, p95] = [0.05, 0.25, 0.5, 0.75, 0.95].map(|q| quantile(e, q));
        svg.title(&format!(
            "{}: n {}, MAE {}, median {}, quartiles {}-{}, 5th-95th percentile {}-{}",
            row.name,
            row.n,
            style::num(row.mae, 2),
            style::num(med, 1),
            style::num(q1, 1),
            style::num(q3, 1),
            style::num(p5, 1),
            style::num(p95, 1)
        ));
        svg.line((xs.at(p5), mid), (xs.at(p95), mid), colour, 1.5);
        for w in [p5, p95] {
            svg.line((xs.at(w), mid - 5.0), (xs.at(w), mid + 5.0), colour, 1.5);
        }
        svg.rect(
            xs.at(q1),
            mid - 8.0,
            (xs.at(q3) - xs.at(q1)).max(1.0),
            16.0,
            &style::tint(colour, 0.55),
            None,
        );
        svg.line(
            (xs.at(med), mid - 8.0),
            (xs.at(med), mid + 8.0),
            colour,
            2.5,
        );
        svg.circle((xs.at(row.mae), mid), 4.0, INK, None);
        svg.text(
            right + 10.0,
            mid + 4.0,
            &format!("MAE {} (n {})", style::num(row.mae, 1), row.n),
            TextStyle::new(SMALL).fill(MUTED),
        );
        svg.end();
        y += ROW_H;
    }
    layout::x_axis(
        &mut svg,
        &xs,
        y + 2.0,
        &layout::ticks(0.0, d1, 10),
        Some(grid_top),
    );
    svg.text(
        right,
        y + 30.0,
        "absolute error (scale points)",
        TextStyle::new(SMALL).anchor(Anchor::End).fill(MUTED),
    );
    Ok(Chart::new(
        Kind::Backtest,
        title,
        WIDTH,
        y + 40.0,
        &svg.finish(),
    ))
}

#[cfg(test)]
mod tests {
    use super::quantile;

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        // Hand computation: 5 values, q = 0.25 -> position 1.0 -> 2; q = 0.1 -> position 0.4.
        let v = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert_eq!(quantile(&v, 0.25), 2.0);
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert!((quantile(&v, 0.1) - 1.4).abs() < 1e-12);
        assert_eq!(quantile(&v, 1.0), 10.0);
        assert_eq!(quantile(&[], 0.5), 0.0);
    }
}
