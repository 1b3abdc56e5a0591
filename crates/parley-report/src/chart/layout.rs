//! Layout helpers shared by the charts: scales, ticks, axes, label stacking, headers, legends.

use crate::chart::style::{self, GRID, INK, MUTED, SMALL};
use crate::font::{text_width, wrap};
use crate::svg::{Anchor, Svg, TextStyle};

/// Maps a data interval onto a pixel interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Linear {
    /// Data start.
    pub d0: f64,
    /// Data end.
    pub d1: f64,
    /// Pixel start.
    pub r0: f64,
    /// Pixel end.
    pub r1: f64,
}

impl Linear {
    /// `[d0, d1]` onto `[r0, r1]`; a zero-width data interval is widened so nothing divides by 0.
    pub fn new((d0, d1): (f64, f64), (r0, r1): (f64, f64)) -> Self {
        let (d0, d1) = if (d1 - d0).abs() < 1e-12 {
            let w = widening(d0, d1);
            (d0 - w, d1 + w)
        } else {
            (d0, d1)
        };
        Self { d0, d1, r0, r1 }
    }

    /// The pixel position of `v`, clamped to the pixel interval.
    pub fn at(&self, v: f64) -> f64 {
        let t = ((v - self.d0) / (self.d1 - self.d0)).clamp(0.0, 1.0);
        self.r0 + t * (self.r1 - self.r0)
    }
}

/// Round-numbered ticks covering `[lo, hi]`, about `target` of them (1, 2, 2.5 or 5 x 10^k).
pub fn ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    // On a span so narrow that the step underflows (or so wide that the bounds lose their
    // integers), label the ends only: a step of 0 once asked for 2^63 ticks.
    let (first, last) = ((lo / step).ceil(), (hi / step + 1e-9).floor());
    if !(step > 0.0 && step.is_finite() && first.is_finite() && last.is_finite())
        || last - first > MAX_TICKS
    {
        return vec![lo, hi];
    }
    let (first, last) = (first as i64, last as i64);
    (first..=last).map(|k| k as f64 * step).collect()
}

/// More ticks than any axis asks for: a sign that the step lost its precision.
const MAX_TICKS: f64 = 1000.0;

/// `[lo, hi]` widened outward to round numbers (for axes that do not have a natural scale).
pub fn nice_range(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = if hi - lo < 1e-9 {
        let w = widening(lo, hi);
        (lo - w, hi + w)
    } else {
        (lo, hi)
    };
    let t = ticks(lo, hi, 5);
    let step = if t.len() >= 2 { t[1] - t[0] } else { hi - lo };
    if !(step > 0.0 && step.is_finite()) {
        return (lo, hi);
    }
    ((lo / step).floor() * step, (hi / step).ceil() * step)
}

/// How far to widen an empty interval at `a`..`b`: 1, or a billionth of its magnitude where
/// adding 1 would change nothing (values near 1e100 on the widest scales).
fn widening(a: f64, b: f64) -> f64 {
    let w = 1f64.max(a.abs().max(b.abs()) * 1e-9);
    if w.is_finite() { w } else { 1.0 }
}

/// A tick label without trailing noise: the fewest decimals (up to 8) that show `v` exactly
/// as a round tick, so ticks 0.005 apart read 0.005, 0.01, 0.015 (two decimals showed 0.01
/// three times); beyond that, scientific notation (the ticks of the narrowest scales).
pub fn tick_label(v: f64) -> String {
    for decimals in 0..=8 {
        let m = 10f64.powi(decimals);
        // The tolerance is in units of the last decimal shown, so float noise in `v` passes.
        if (v * m - (v * m).round()).abs() < 1e-6 {
            return style::num(v, decimals as usize);
        }
    }
    format!("{v:e}")
}

/// Assigns labels centred at `x` with `width` px to rows so that no two in a row overlap;
/// returns each label's row (0 nearest the line) in input order.
pub fn stack_rows(items: &[(f64, f64)], gap: f64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| items[a].0.total_cmp(&items[b].0));
    let mut row_end: Vec<f64> = Vec::new();
    let mut rows = vec![0; items.len()];
    for k in order {
        let (x, w) = items[k];
        let start = x - w / 2.0;
        let row = match row_end.iter().position(|&end| end + gap <= start) {
            Some(r) => r,
            None => {
                row_end.push(f64::NEG_INFINITY);
                row_end.len() - 1
            }
        };
        row_end[row] = x + w / 2.0;
        rows[k] = row;
    }
    rows
}

/// Moves labels at heights `ys` apart so that consecutive ones are at least `gap` px apart,
/// keeping their order and staying within `[top, bottom]` where possible.
pub fn dodge(ys: &[f64], gap: f64, top: f64, bottom: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by(|&a, &b| ys[a].total_cmp(&ys[b]));
    let mut placed = vec![0.0; ys.len()];
    let mut last = f64::NEG_INFINITY;
    for &k in &order {
        let y = ys[k].max(last + gap).max(top);
        placed[k] = y;
        last = y;
    }
    // Pull back up if the stack ran past the bottom.
    let overflow = last - bottom;
    if overflow > 0.0 {
        let mut next = f64::INFINITY;
        for &k in order.iter().rev() {
            let y = (placed[k] - overflow).min(next - gap);
            placed[k] = y;
            next = y;
        }
    }
    placed
}

/// Writes a chart's title and an optional subtitle at the top; returns the y below them.
pub fn header(svg: &mut Svg, width: f64, title: &str, subtitle: Option<&str>) -> f64 {
    let x = style::MARGIN;
    let mut y = style::MARGIN + style::TITLE;
    for line in wrap(title, style::TITLE, width - 2.0 * x) {
        svg.text(x, y, &line, TextStyle::new(style::TITLE).bold());
        y += style::TITLE + 4.0;
    }
    if let Some(sub) = subtitle {
        for line in wrap(sub, SMALL, width - 2.0 * x) {
            svg.text(x, y, &line, TextStyle::new(SMALL).fill(MUTED));
            y += SMALL + 4.0;
        }
    }
    y + 4.0
}

/// A panel heading: bold name and a muted id after it; returns the y below it.
pub fn panel_heading(svg: &mut Svg, x: f64, y: f64, name: &str, id: &str) -> f64 {
    let base = y + style::HEADING;
    svg.text(x, base, name, TextStyle::new(style::HEADING).bold());
    let w = text_width(name, style::HEADING, true);
    if !id.is_empty() && id != name {
        svg.text(
            x + w + 6.0,
            base,
            &format!("[{id}]"),
            TextStyle::new(SMALL).fill(MUTED),
        );
    }
    base + 8.0
}

/// What a legend entry looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swatch {
    /// A filled square.
    Square,
    /// A dot.
    Dot,
}

/// A one-line legend (wrapping to more lines when needed); returns the y below it.
pub fn legend(
    svg: &mut Svg,
    x0: f64,
    y: f64,
    max_x: f64,
    items: &[(String, String, Swatch)],
) -> f64 {
    let mut x = x0;
    let mut y = y + 10.0;
    svg.group(&[("class", "legend")]);
    for (label, colour, swatch) in items {
        let w = 18.0 + text_width(label, SMALL, false) + 14.0;
        if x + w > max_x && x > x0 {
            x = x0;
            y += 16.0;
        }
        let mid = y - 4.0;
        match swatch {
            Swatch::Square => svg.rect(x, mid - 5.0, 10.0, 10.0, colour, None),
            Swatch::Dot => svg.circle((x + 5.0, mid), 4.5, colour, None),
        }
        svg.text(x + 18.0, y, label, TextStyle::new(SMALL));
        x += w;
    }
    svg.end();
    y + 8.0
}

/// A horizontal axis at `y` with ticks and tick labels below; light grid lines up to `grid_top`.
pub fn x_axis(svg: &mut Svg, scale: &Linear, y: f64, ticks: &[f64], grid_top: Option<f64>) {
    svg.group(&[("class", "axis")]);
    if let Some(top) = grid_top {
        for &t in ticks {
            let x = scale.at(t);
            svg.line((x, top), (x, y), GRID, 1.0);
        }
    }
    svg.line((scale.r0, y), (scale.r1, y), INK, 1.0);
    for &t in ticks {
        let x = scale.at(t);
        svg.line((x, y), (x, y + 4.0), INK, 1.0);
        svg.text(
            x,
            y + 15.0,
            &tick_label(t),
            TextStyle::new(SMALL).anchor(Anchor::Middle).fill(MUTED),
        );
    }
    svg.end();
}

/// A vertical axis at `x` with ticks and labels on its left; grid lines across to `grid_right`.
pub fn y_axis(svg: &mut Svg, scale: &Linear, x: f64, ticks: &[f64], grid_right: f64) {
    svg.group(&[("class", "axis")]);
    for &t in ticks {
        let y = scale.at(t);
        svg.line((x, y), (grid_right, y), GRID, 1.0);
        svg.line((x - 4.0, y), (x, y), INK, 1.0);
        svg.text(
            x - 7.0,
            y + 4.0,
            &tick_label(t),
            TextStyle::new(SMALL).anchor(Anchor::End).fill(MUTED),
        );
    }
    svg.line((x, scale.r0), (x, scale.r1), INK, 1.0);
    svg.end();
}

/// The meanings of an issue's two ends under a horizontal scale from `left` to `right`:
/// the low end's text at the left, the high end's at the right, each wrapped to under half the
/// width; returns the y below them.
pub fn end_labels(
    svg: &mut Svg,
    (left, right): (f64, f64),
    y: f64,
    (min, max): (f64, f64),
    (low, high): (&str, &str),
) -> f64 {
    let half = (right - left) / 2.0 - 12.0;
    let low_lines = wrap(&format!("{} = {low}", tick_label(min)), SMALL, half);
    let high_lines = wrap(&format!("{high} = {}", tick_label(max)), SMALL, half);
    let leading = SMALL + 3.0;
    let style = TextStyle::new(SMALL).fill(MUTED);
    svg.group(&[("class", "ends")]);
    svg.lines(left, y + SMALL, &low_lines, leading, style);
    svg.lines(
        right,
        y + SMALL,
        &high_lines,
        leading,
        style.anchor(Anchor::End),
    );
    svg.end();
    y + leading * low_lines.len().max(high_lines.len()) as f64 + 4.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_ranges_near_1e100_are_widened() {
        // -1e100 + 1 == -1e100: widening by 1 left the range empty and the tick step 0 (NaN
        // labels in the sensitivity chart). Widened by a billionth, 1e91, instead.
        let (lo, hi) = nice_range(-1e100, -1e100);
        assert!(lo < -1e100 && hi > -1e100 && lo.is_finite() && hi.is_finite());
        let s = Linear::new((1e100, 1e100), (0.0, 10.0));
        assert_eq!(s.at(1e100), 5.0);
    }

    #[test]
    fn ticks_on_a_scale_of_a_few_subnormals_are_its_ends() {
        // Issue 14: on [0, 2e-323] the step 10^-324 underflowed to 0 and the tick count to
        // 2^63 ("capacity overflow").
        assert_eq!(ticks(0.0, 2e-323, 10), vec![0.0, 2e-323]);
        // At the narrowest accepted scale, [0, 1e-100], the ticks are 0, 1e-101, ..., 1e-100.
        let t = ticks(0.0, 1e-100, 10);
        assert_eq!(t.len(), 11);
        assert!(t.iter().all(|x| x.is_finite()));
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(
            ticks(0.0, 100.0, 5),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(ticks(0.0, 10.0, 10).len(), 11);
        let t = ticks(-0.37, 0.52, 5);
        assert!(
            t.first().copied().unwrap_or(1.0) >= -0.37 && t.last().copied().unwrap_or(-1.0) <= 0.52
        );
        assert!(t.contains(&0.0));
    }

    #[test]
    fn nice_ranges_contain_the_data() {
        let (lo, hi) = nice_range(-0.364, 0.914);
        assert!(lo <= -0.364 && hi >= 0.914);
        assert!(nice_range(3.0, 3.0).0 < 3.0);
    }

    #[test]
    fn stacked_labels_never_overlap_in_a_row() {
        // Three labels 40 px wide at 10, 30 and 100: the first two collide, the third is free.
        let rows = stack_rows(&[(10.0, 40.0), (30.0, 40.0), (100.0, 40.0)], 4.0);
        assert_eq!(rows, vec![0, 1, 0]);
    }

    #[test]
    fn dodged_labels_keep_order_and_gap() {
        let ys = dodge(&[50.0, 51.0, 52.0, 200.0], 12.0, 0.0, 300.0);
        assert_eq!(ys, vec![50.0, 62.0, 74.0, 200.0]);
        // Against the bottom: pulled back up.
        let ys = dodge(&[98.0, 99.0], 12.0, 0.0, 100.0);
        assert_eq!(ys, vec![88.0, 100.0]);
    }

    #[test]
    fn scales_clamp_and_survive_zero_width() {
        let s = Linear::new((0.0, 100.0), (10.0, 110.0));
        assert_eq!(s.at(50.0), 60.0);
        assert_eq!(s.at(150.0), 110.0);
        let z = Linear::new((5.0, 5.0), (0.0, 10.0));
        assert_eq!(z.at(5.0), 5.0);
    }
}
