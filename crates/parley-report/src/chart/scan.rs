//! A parameter scan (`parley plot --chart scan`): one number of the scenario set to each value
//! in turn; per panel one line per model across the values, for a question's odds or an
//! issue's point forecast.

use super::layout::{self, Linear, Swatch};
use super::style::{self, INK, MARGIN, MUTED, SMALL, WIDTH};
use super::{Chart, Kind};
use crate::error::ReportError;
use crate::svg::{Anchor, Svg, TextStyle};

const PLOT_H: f64 = 170.0;
const LEFT: f64 = MARGIN + 56.0;
const RIGHT_TEXT: f64 = 110.0;

/// One panel of a scan chart: lines over the scanned values.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanPanel {
    /// Heading, e.g. a question's condition in words or an issue's name.
    pub title: String,
    /// Muted id after the heading (a question or issue id).
    pub id: String,
    /// The vertical axis's range, e.g. `(0.0, 100.0)` for odds in percent.
    pub range: (f64, f64),
    /// Text after each y tick label (e.g. `%`), empty for none.
    pub unit: String,
    /// One line per model: its id, and its value at each scanned value (`None`: the model
    /// gave none there); solid.
    pub lines: Vec<(String, Vec<Option<f64>>)>,
    /// A second, dashed line per model (e.g. odds from the inputs alone); may be empty.
    pub dashed: Vec<(String, Vec<Option<f64>>)>,
}

/// The scan chart: `path` is the number scanned (edit syntax), `values` its values in order,
/// `subtitle` says what the lines are and how they were computed.
pub fn scan(
    path: &str,
    values: &[f64],
    subtitle: &str,
    panels: &[ScanPanel],
) -> Result<Chart, ReportError> {
    let (Some(&lo), Some(&hi)) = (values.first(), values.last()) else {
        return Err(ReportError::Empty("the scan has no values".into()));
    };
    if panels.is_empty() {
        return Err(ReportError::Empty("the scan has nothing to draw".into()));
    }
    let title = format!("Scan of {path}");
    let mut svg = Svg::new();
    let mut y = layout::header(&mut svg, WIDTH, &title, Some(subtitle));
    let right = WIDTH - MARGIN - RIGHT_TEXT;
    let (x0, x1) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 0.5, lo + 0.5)
    };
    let xs = Linear::new((x0, x1), (LEFT, right));
    let xticks: Vec<f64> = if values.len() <= 11 {
        values.to_vec()
    } else {
        layout::ticks(x0, x1, 10)
    };
    let models: Vec<&String> = panels[0].lines.iter().map(|(m, _)| m).collect();
    let items: Vec<(String, String, Swatch)> = models
        .iter()
        .map(|m| {
            (
                (*m).clone(),
                style::model_colour(m).to_owned(),
                Swatch::Square,
            )
        })
        .collect();
    y = layout::legend(&mut svg, MARGIN, y, WIDTH - MARGIN, &items);
    for p in panels {
        y = panel(&mut svg, &xs, &xticks, values, p, path, y + 8.0) + 10.0;
    }
    Ok(Chart::new(Kind::Scan, title, WIDTH, y, &svg.finish()))
}

fn panel(
    svg: &mut Svg,
    xs: &Linear,
    xticks: &[f64],
    values: &[f64],
    p: &ScanPanel,
    path: &str,
    top: f64,
) -> f64 {
    svg.group(&[("class", "panel"), ("data-id", &p.id)]);
    let y0 = layout::panel_heading(svg, MARGIN, top, &p.title, &p.id) + 6.0;
    let ys = Linear::new((p.range.0, p.range.1), (y0 + PLOT_H, y0));
    let yticks = layout::ticks(p.range.0, p.range.1, 5);
    layout::y_axis(svg, &ys, LEFT, &yticks, xs.r1);
    if !p.unit.is_empty() {
        // Left of the tick labels, level with the top one.
        svg.text(
            LEFT - 34.0,
            y0 + 4.0,
            &p.unit,
            TextStyle::new(SMALL).anchor(Anchor::End).fill(MUTED),
        );
    }
    layout::x_axis(svg, xs, y0 + PLOT_H, xticks, None);
    for (model, points) in &p.dashed {
        draw_line(
            svg,
            xs,
            &ys,
            values,
            points,
            style::model_colour(model),
            true,
        );
    }
    let mut ends = Vec::new();
    for (model, points) in &p.lines {
        let colour = style::model_colour(model);
        draw_line(svg, xs, &ys, values, points, colour, false);
        if let Some((k, v)) = points
            .iter()
            .enumerate()
            .rev()
            .find_map(|(k, v)| Some((k, (*v)?)))
        {
            ends.push((model.as_str(), values[k], v));
        }
    }
    // Model names at the lines' right ends, spread so they never overlap.
    let at: Vec<f64> = ends.iter().map(|(_, _, v)| ys.at(*v) + 4.0).collect();
    let placed = layout::dodge(&at, SMALL + 2.0, y0, y0 + PLOT_H + 8.0);
    for ((model, _, _), y) in ends.iter().zip(placed) {
        svg.text(xs.r1 + 8.0, y, model, TextStyle::new(SMALL).fill(INK));
    }
    let label = path.rsplit('.').next().unwrap_or(path);
    let below = y0 + PLOT_H + 32.0;
    svg.text(
        (xs.r0 + xs.r1) / 2.0,
        below,
        label,
        TextStyle::new(SMALL).anchor(Anchor::Middle).fill(MUTED),
    );
    svg.end();
    below + 4.0
}

fn draw_line(
    svg: &mut Svg,
    xs: &Linear,
    ys: &Linear,
    values: &[f64],
    points: &[Option<f64>],
    colour: &str,
    dashed: bool,
) {
    // A gap (a value the model gave nothing for) breaks the line.
    let mut run: Vec<(f64, f64)> = Vec::new();
    for (x, v) in values.iter().zip(points) {
        match v {
            Some(v) if v.is_finite() => run.push((xs.at(*x), ys.at(*v))),
            _ => flush(svg, &mut run, colour, dashed),
        }
    }
    flush(svg, &mut run, colour, dashed);
}

fn flush(svg: &mut Svg, run: &mut Vec<(f64, f64)>, colour: &str, dashed: bool) {
    match run.as_slice() {
        [] => {}
        [one] => svg.circle(*one, 3.0, colour, None),
        many => {
            let width = if dashed { 1.2 } else { 2.0 };
            svg.polyline(many, colour, width, dashed);
            if !dashed {
                for &p in many {
                    svg.circle(p, 2.5, colour, None);
                }
            }
        }
    }
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panel(lines: Vec<(String, Vec<Option<f64>>)>) -> ScanPanel {
        ScanPanel {
            title: "Iran gets a deal".into(),
            id: "iran_wants_deal".into(),
            range: (0.0, 100.0),
            unit: "%".into(),
            lines,
            dashed: Vec::new(),
        }
    }

    #[test]
    fn one_polyline_per_model_and_a_gap_breaks_it() {
        let values = [0.0, 0.5, 1.0];
        let p = panel(vec![
            (
                "compromise".into(),
                vec![Some(10.0), Some(20.0), Some(30.0)],
            ),
            ("smp".into(), vec![Some(40.0), None, Some(60.0)]),
        ]);
        let c = scan("usa.ukraine_aid.salience", &values, "odds", &[p]).unwrap();
        let svg = c.to_svg();
        // compromise: one polyline; smp: two lone points (circles), no polyline.
        assert_eq!(svg.matches("<polyline").count(), 1, "{svg}");
        assert!(svg.contains("data-chart=\"scan\""));
        assert!(svg.contains("Scan of usa.ukraine_aid.salience"));
        assert!(svg.contains(">smp<") && svg.contains(">compromise<"));
    }

    #[test]
    fn nothing_to_draw_is_an_error_not_an_empty_chart() {
        assert!(scan("a.b.c", &[], "", &[panel(Vec::new())]).is_err());
        assert!(scan("a.b.c", &[0.0, 1.0], "", &[]).is_err());
    }
}
