//! The sensitivity tornado: for one model's forecast of one issue, the inputs whose range moves
//! it most, each bar running from the forecast with the input at the low end of its range to
//! the forecast with it at the high end (every other input at its point value).

use parley_core::uncertainty::Sensitivity;
use parley_core::uncertainty::sensitivity::ForecastSensitivity;

use super::layout::{self, Linear};
use super::style::{self, INK, MARGIN, MUTED, SMALL, WIDTH};
use super::{Chart, Kind};
use crate::error::{ReportError, list};
use crate::font::{text_width, truncate};
use crate::svg::{Anchor, Svg, TextStyle};

const ROW_H: f64 = 20.0;
const RIGHT_TEXT: f64 = 150.0;
/// Bar colour with the input at the low end of its range.
pub const AT_LOW: &str = "#4C78A8";
/// Bar colour with the input at the high end.
pub const AT_HIGH: &str = "#E45756";

/// Tornado charts of the `top` inputs with the largest swing, for the forecasts of `model`
/// (`None`: every model) on `issue` (`None`: every issue), stacked.
pub fn sensitivity(
    s: &Sensitivity,
    model: Option<&str>,
    issue: Option<&str>,
    top: usize,
) -> Result<Chart, ReportError> {
    if let Some(m) = model
        && !s.forecasts.iter().any(|f| f.model == m)
    {
        let mut known: Vec<&str> = s.forecasts.iter().map(|f| f.model.as_str()).collect();
        known.dedup();
        return Err(ReportError::UnknownModel {
            model: m.to_owned(),
            known: list(known),
        });
    }
    if let Some(i) = issue
        && !s.forecasts.iter().any(|f| f.issue == i)
    {
        let mut known: Vec<&str> = Vec::new();
        for f in &s.forecasts {
            if !known.contains(&f.issue.as_str()) {
                known.push(&f.issue);
            }
        }
        return Err(ReportError::UnknownIssue {
            issue: i.to_owned(),
            known: list(known),
        });
    }
    let chosen: Vec<&ForecastSensitivity> = s
        .forecasts
        .iter()
        .filter(|f| model.is_none_or(|m| f.model == m) && issue.is_none_or(|i| f.issue == i))
        .collect();
    if chosen.is_empty() {
        return Err(ReportError::Empty("no forecast to show".into()));
    }
    let title = match chosen.as_slice() {
        [one] => format!("What moves {}'s forecast of {}", one.model, one.issue),
        _ => "What moves each forecast".to_owned(),
    };
    let subtitle = format!(
        "Each input set to the low (blue) and high (red) end of its range, all others at their \
         point values. Variance share: squared correlation over {} Monte Carlo runs (seed {}).",
        s.runs, s.seed
    );
    let mut svg = Svg::new();
    let mut y = layout::header(&mut svg, WIDTH, &title, Some(&subtitle));
    let shown: Vec<&ForecastSensitivity> = chosen;
    let label_w = shown
        .iter()
        .flat_map(|f| f.inputs.iter().take(top))
        .map(|i| text_width(&i.input, SMALL, false))
        .fold(60.0_f64, f64::max)
        .min(240.0);
    for f in shown {
        y = panel(&mut svg, f, top, label_w, y) + 12.0;
    }
    Ok(Chart::new(
        Kind::Sensitivity,
        title,
        WIDTH,
        y,
        &svg.finish(),
    ))
}

fn panel(svg: &mut Svg, f: &ForecastSensitivity, top: usize, label_w: f64, y0: f64) -> f64 {
    svg.group(&[
        ("class", "panel"),
        ("data-model", &f.model),
        ("data-issue", &f.issue),
    ]);
    let heading = format!("{} on {}", f.model, f.issue);
    let mut y = layout::panel_heading(svg, MARGIN, y0, &heading, "") + 14.0;
    let inputs: Vec<_> = f.inputs.iter().take(top).collect();
    if inputs.is_empty() || inputs.iter().all(|i| i.swing == 0.0) {
        svg.text(
            MARGIN,
            y + SMALL,
            &format!(
                "No uncertain input moves this forecast (it stays at {}).",
                style::num(f.base, 1)
            ),
            TextStyle::new(SMALL).fill(MUTED),
        );
        svg.end();
        return y + SMALL + 6.0;
    }
    let left = MARGIN + label_w + 10.0;
    let right = WIDTH - MARGIN - RIGHT_TEXT;
    let lo = inputs
        .iter()
        .map(|i| i.at_low.min(i.at_high))
        .fold(f.base, f64::min);
    let hi = inputs
        .iter()
        .map(|i| i.at_low.max(i.at_high))
        .fold(f.base, f64::max);
    let (d0, d1) = layout::nice_range(lo, hi);
    let xs = Linear::new((d0, d1), (left, right));
    let grid_top = y;
    let xb = xs.at(f.base);
    for input in &inputs {
        let mid = y + ROW_H / 2.0;
        svg.group(&[("class", "series input"), ("data-input", &input.input)]);
        svg.title(&format!(
            "{}: forecast {} at its low end, {} at its high end (swing {}; {}% of the variance)",
            input.input,
            style::num(input.at_low, 1),
            style::num(input.at_high, 1),
            style::num(input.swing, 1),
            style::num(100.0 * input.variance_share, 0)
        ));
        svg.text(
            left - 8.0,
            mid + 4.0,
            &truncate(&input.input, SMALL, label_w),
            TextStyle::new(SMALL).anchor(Anchor::End),
        );
        for (value, colour) in [(input.at_low, AT_LOW), (input.at_high, AT_HIGH)] {
            let x = xs.at(value);
            svg.rect(x.min(xb), mid - 6.0, (x - xb).abs(), 12.0, colour, None);
        }
        svg.text(
            right + 10.0,
            mid + 4.0,
            &format!(
                "swing {} · {}% of var.",
                style::num(input.swing, 1),
                style::num(100.0 * input.variance_share, 0)
            ),
            TextStyle::new(SMALL).fill(MUTED),
        );
        svg.end();
        y += ROW_H;
    }
    layout::x_axis(svg, &xs, y + 2.0, &layout::ticks(d0, d1, 8), Some(grid_top));
    svg.line((xb, grid_top - 2.0), (xb, y + 2.0), INK, 1.5);
    svg.text(
        xb,
        grid_top - 4.0,
        &format!("forecast {}", style::num(f.base, 1)),
        TextStyle::new(SMALL).anchor(Anchor::Middle),
    );
    svg.end();
    y + 22.0
}
