//! Monte Carlo distributions: per issue, one row per model with the histogram of its forecast
//! over the runs, the 5-95% band, the median, and the point forecast of the plain run.

use parley_core::Analysis;
use parley_core::analysis::IssueView;
use parley_core::uncertainty::McResult;
use parley_core::uncertainty::montecarlo::Summary;

use super::layout::{self, Linear};
use super::style::{self, INK, MARGIN, MUTED, SMALL, WIDTH};
use super::{Chart, Kind, pick_issues};
use crate::error::ReportError;
use crate::svg::{Anchor, Svg, TextStyle};

const ROW_H: f64 = 36.0;
const LEFT: f64 = MARGIN + 84.0;
const RIGHT_TEXT: f64 = 196.0;

/// Forecast distributions over the Monte Carlo runs, per issue (`None`: every issue) and
/// model; `analysis` (the plain run of the same scenario) supplies the issues and the point
/// forecasts.
pub fn monte_carlo(
    analysis: &Analysis,
    mc: &McResult,
    issue: Option<&str>,
) -> Result<Chart, ReportError> {
    if mc.models.is_empty() {
        return Err(ReportError::Empty(
            "the Monte Carlo result has no model".into(),
        ));
    }
    let issues = pick_issues(&analysis.issues, issue)?;
    let title = match issues.as_slice() {
        [one] => format!("Monte Carlo: {}", one.name),
        _ => "Monte Carlo: forecast distributions".to_owned(),
    };
    // The picture a client keeps: it must say that its bands are the coding's ranges alone
    // (usability item 27), since with the models' measured error they are far wider.
    let with_error = mc.models.iter().any(|m| !m.with_model_error.is_empty());
    let scope = match (&mc.model_error, with_error) {
        (Some(p), true) => format!(
            "bars, thick line and median over the coding's ranges alone; thin line with end \
             ticks: the 5-95% band with each model's measured error added (error model: {}; \
             carrying it to another kind of negotiation is an assumption)",
            p.source
        ),
        _ => "inputs only: the coding's ranges (no error model for these models)".to_owned(),
    };
    let subtitle = format!(
        "{} (seed {}) over {}; {scope}. Bars: histogram of the forecast; thick line: 5-95% \
         band; white tick: median; diamond: the plain run's forecast.",
        crate::text::count(mc.runs, "run"),
        mc.seed,
        crate::text::count(mc.uncertain_inputs, "uncertain input")
    );
    let mut svg = Svg::new();
    let mut y = layout::header(&mut svg, WIDTH, &title, Some(&subtitle));
    for i in issues {
        y = panel(&mut svg, analysis, mc, i, y) + 14.0;
    }
    Ok(Chart::new(Kind::MonteCarlo, title, WIDTH, y, &svg.finish()))
}

fn panel(svg: &mut Svg, a: &Analysis, mc: &McResult, issue: &IssueView, top: f64) -> f64 {
    svg.group(&[("class", "panel"), ("data-issue", &issue.id)]);
    let mut y = layout::panel_heading(svg, MARGIN, top, &issue.name, &issue.id) + 2.0;
    let right = WIDTH - MARGIN - RIGHT_TEXT;
    let xs = Linear::new((issue.scale[0], issue.scale[1]), (LEFT, right));
    let ticks = layout::ticks(issue.scale[0], issue.scale[1], 10);
    let grid_top = y;
    for m in &mc.models {
        let Some(summary) = m.issues.get(&issue.id) else {
            continue;
        };
        let point = a
            .models
            .iter()
            .find(|r| r.model == m.model)
            .and_then(|r| r.forecast.get(&issue.id).copied());
        let bands = Bands {
            inputs: summary,
            with_error: m.with_model_error.get(&issue.id),
        };
        row(svg, &xs, y, &m.model, bands, point, issue);
        y += ROW_H;
    }
    layout::x_axis(svg, &xs, y + 2.0, &ticks, Some(grid_top));
    let end = layout::end_labels(
        svg,
        (LEFT, right),
        y + 22.0,
        (issue.scale[0], issue.scale[1]),
        (&issue.low, &issue.high),
    );
    svg.end();
    end
}

/// One model's distributions on one issue: over the inputs alone, and with its measured error
/// when the run had an error model for it.
struct Bands<'a> {
    inputs: &'a Summary,
    with_error: Option<&'a Summary>,
}

fn row(
    svg: &mut Svg,
    xs: &Linear,
    top: f64,
    model: &str,
    bands: Bands<'_>,
    point: Option<f64>,
    issue: &IssueView,
) {
    let s = bands.inputs;
    let colour = style::model_colour(model);
    let mid = top + ROW_H / 2.0;
    // Values with the decimals the issue's scale needs (4 on [0, 0.05]).
    let v = |x: f64| crate::text::on_scale(x, issue.scale);
    svg.group(&[
        ("class", "series model"),
        ("data-model", model),
        ("data-issue", &issue.id),
    ]);
    svg.text(
        LEFT - 10.0,
        mid + 4.0,
        model,
        TextStyle::new(style::LABEL)
            .anchor(Anchor::End)
            .fill(colour),
    );
    let max = s.histogram.iter().copied().max().unwrap_or(0).max(1) as f64;
    let total: usize = s.histogram.iter().sum();
    let bins = s.histogram.len().max(1) as f64;
    let width = (issue.scale[1] - issue.scale[0]) / bins;
    let fill = style::tint(colour, 0.72);
    for (k, &count) in s.histogram.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let lo = issue.scale[0] + k as f64 * width;
        let hi = lo + width;
        let h = (ROW_H - 6.0) * count as f64 / max;
        let share = 100.0 * count as f64 / total.max(1) as f64;
        svg.rect(
            xs.at(lo) + 0.5,
            top + ROW_H - 3.0 - h,
            xs.at(hi) - xs.at(lo) - 1.0,
            h,
            &fill,
            Some(&format!(
                "{model}: {}% of runs between {} and {}",
                style::num(share, 1),
                layout::tick_label(lo),
                layout::tick_label(hi)
            )),
        );
    }
    if let Some(e) = bands.with_error {
        error_band(svg, xs, mid, model, colour, e, issue.scale);
    }
    let band = format!(
        "{model}: median {}, mean {}, 5-95% {}-{}, sd {} (the coding's ranges alone)",
        v(s.median),
        v(s.mean),
        v(s.p5),
        v(s.p95),
        v(s.sd)
    );
    svg.element(
        "line",
        &[
            ("x1", crate::svg::n(xs.at(s.p5))),
            ("y1", crate::svg::n(mid)),
            ("x2", crate::svg::n(xs.at(s.p95).max(xs.at(s.p5) + 1.0))),
            ("y2", crate::svg::n(mid)),
            ("stroke", colour.to_owned()),
            ("stroke-width", "5".to_owned()),
            ("stroke-linecap", "butt".to_owned()),
        ],
        Some(&band),
    );
    let xm = xs.at(s.median);
    svg.line((xm, mid - 5.0), (xm, mid + 5.0), "#ffffff", 2.0);
    if let Some(p) = point {
        let x = xs.at(p);
        svg.polygon(
            &[
                (x, mid - 6.0),
                (x + 5.0, mid),
                (x, mid + 6.0),
                (x - 5.0, mid),
            ],
            INK,
            Some(&format!("{model}, plain run: {}", v(p))),
        );
    }
    svg.text(
        WIDTH - MARGIN - RIGHT_TEXT + 12.0,
        mid + 4.0,
        &format!("median {}, 5-95%: {}-{}", v(s.median), v(s.p5), v(s.p95)),
        TextStyle::new(SMALL).fill(MUTED),
    );
    if let Some(e) = bands.with_error {
        svg.text(
            WIDTH - MARGIN - RIGHT_TEXT + 12.0,
            mid + 15.0,
            &format!("with model error: {}-{}", v(e.p5), v(e.p95)),
            TextStyle::new(SMALL).fill(MUTED),
        );
    }
    svg.end();
}

/// The 5-95% band with the model's measured error: a thin line with end ticks, drawn under
/// the inputs' thick band so both stay visible where they overlap.
fn error_band(
    svg: &mut Svg,
    xs: &Linear,
    mid: f64,
    model: &str,
    colour: &str,
    e: &Summary,
    scale: [f64; 2],
) {
    let (x1, x2) = (xs.at(e.p5), xs.at(e.p95).max(xs.at(e.p5) + 1.0));
    let title = format!(
        "{model} with its measured error: median {}, 5-95% {}-{}",
        crate::text::on_scale(e.median, scale),
        crate::text::on_scale(e.p5, scale),
        crate::text::on_scale(e.p95, scale)
    );
    svg.group(&[("class", "model-error"), ("data-model", model)]);
    svg.element(
        "line",
        &[
            ("x1", crate::svg::n(x1)),
            ("y1", crate::svg::n(mid)),
            ("x2", crate::svg::n(x2)),
            ("y2", crate::svg::n(mid)),
            ("stroke", colour.to_owned()),
            ("stroke-width", "1.5".to_owned()),
        ],
        Some(&title),
    );
    svg.line((x1, mid - 4.0), (x1, mid + 4.0), colour, 1.5);
    svg.line((x2, mid - 4.0), (x2, mid + 4.0), colour, 1.5);
    svg.end();
}
