//! Calibration of the error models: for each model, the histogram of the probability integral
//! transform (PIT) of the real outcomes under its predictive distribution, on half B of the
//! pre-registered split with the error model fitted on half A. A calibrated model's PIT is
//! uniform (every bar at the dashed line); a U shape means intervals too narrow, a hump too
//! wide, a slope a biased forecast (Gneiting, Balabdaoui & Raftery 2007).

use parley_core::backtest::Backtest;
use parley_core::calibration::fit::Assessment;

use super::layout;
use super::style::{self, INK, MARGIN, MUTED, SMALL, WIDTH};
use super::{Chart, Kind};
use crate::error::ReportError;
use crate::font::{text_width, truncate};
use crate::svg::{Anchor, Svg, TextStyle};

const ROW_H: f64 = 64.0;
const BAR_H: f64 = 48.0;
const RIGHT_TEXT: f64 = 210.0;
const BAR: &str = "#1F4E9A";

/// PIT histograms per model (half B, error model fitted on half A).
pub fn pit(b: &Backtest) -> Result<Chart, ReportError> {
    if b.calibration.is_empty() {
        return Err(ReportError::Empty(
            "the backtest has no calibrated predictors".into(),
        ));
    }
    let title =
        "Calibration: PIT of real outcomes, half B (error model fitted on half A)".to_owned();
    let subtitle = "Each bar: share of outcomes in that tenth of the model's predictive \
                    distribution; dashed: a perfectly calibrated model (10% each). U shape: \
                    intervals too narrow; hump: too wide; slope: bias.";
    let mut svg = Svg::new();
    let mut y = layout::header(&mut svg, WIDTH, &title, Some(subtitle)) + 8.0;
    let label_w = b
        .calibration
        .iter()
        .map(|r| text_width(&r.name, SMALL, false))
        .fold(60.0_f64, f64::max)
        .min(260.0);
    let left = MARGIN + label_w + 10.0;
    let right = WIDTH - MARGIN - RIGHT_TEXT;
    // Shares up to 30% fit every row; a taller bar is clipped at the top and says so.
    let top_share = 0.3;
    for row in &b.calibration {
        let a = &row.half_b;
        svg.group(&[("class", "series predictor"), ("data-predictor", &row.name)]);
        svg.text(
            left - 8.0,
            y + BAR_H / 2.0 + 4.0,
            &truncate(&row.name, SMALL, label_w),
            TextStyle::new(SMALL).anchor(Anchor::End),
        );
        bars(&mut svg, a, (left, right), y, top_share);
        svg.text(
            right + 10.0,
            y + BAR_H / 2.0 - 4.0,
            &format!(
                "80% coverage {} (width {})",
                style::num(a.coverage[1], 2),
                style::num(a.width[1], 1)
            ),
            TextStyle::new(SMALL).fill(MUTED),
        );
        svg.text(
            right + 10.0,
            y + BAR_H / 2.0 + 12.0,
            &format!("CRPS {} (n {})", style::num(a.crps, 2), a.n),
            TextStyle::new(SMALL).fill(MUTED),
        );
        svg.end();
        y += ROW_H;
    }
    svg.text(
        right,
        y + 8.0,
        "PIT: 0 (outcome far below the forecast) .. 1 (far above)",
        TextStyle::new(SMALL).anchor(Anchor::End).fill(MUTED),
    );
    Ok(Chart::new(Kind::Pit, title, WIDTH, y + 20.0, &svg.finish()))
}

/// One row's ten bars between `x` ends, their base at `y + BAR_H`.
fn bars(svg: &mut Svg, a: &Assessment, (x0, x1): (f64, f64), y: f64, top: f64) {
    let n = a.pit.iter().sum::<usize>().max(1) as f64;
    let bins = a.pit.len() as f64;
    let w = (x1 - x0) / bins;
    let base = y + BAR_H;
    let h = |share: f64| (share / top).min(1.0) * BAR_H;
    for (k, &count) in a.pit.iter().enumerate() {
        let share = count as f64 / n;
        let x = x0 + k as f64 * w;
        let tip = format!(
            "PIT {}-{}: {} of {} outcomes ({}%){}",
            style::num(k as f64 / bins, 1),
            style::num((k + 1) as f64 / bins, 1),
            count,
            n,
            style::num(share * 100.0, 1),
            if share > top { ", bar clipped" } else { "" }
        );
        svg.rect(x + 1.0, base - h(share), w - 2.0, h(share), BAR, Some(&tip));
    }
    svg.dashed(
        (x0, base - h(1.0 / bins)),
        (x1, base - h(1.0 / bins)),
        INK,
        1.0,
    );
    svg.line((x0, base), (x1, base), MUTED, 1.0);
}
