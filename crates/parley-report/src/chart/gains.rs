//! Per-actor utility gains against the status quo, as horizontal bars around zero: from a
//! linkage (the grand bargain), or under each model on all issues.
//!
//! Gains use the core's common yardstick ([`parley_core::utility`]): salience x (distance from
//! the status quo - distance from the outcome) / 100, summed over the issues concerned.

use indexmap::IndexMap;
use parley_core::Analysis;
use parley_core::bargain::Bargain;

use super::layout::{self, Linear, Swatch};
use super::style::{self, INK, MARGIN, MUTED, SMALL, WIDTH};
use super::{Chart, Kind};
use crate::error::{ReportError, list};
use crate::font::{text_width, truncate};
use crate::svg::{Anchor, Svg, TextStyle};

const BAR: f64 = 9.0;
/// Size of a bar's value label: 10 px, the smallest chart text readable on a phone (issue 19).
const VALUE: f64 = 10.0;
const RIGHT: f64 = MARGIN + 56.0;

/// A named set of per-actor gains drawn as one series.
struct Series {
    id: String,
    label: String,
    colour: String,
    gains: IndexMap<String, Option<f64>>,
}

/// Each actor's gain from a linkage over the status quo on its issues: from the exchange
/// model's trades within the linkage (when `bargain` is given) and from the joint deal (joint
/// NBS); `linkage: None` draws every linkage.
pub fn gains(
    analysis: &Analysis,
    bargain: Option<&Bargain>,
    linkage: Option<&str>,
) -> Result<Chart, ReportError> {
    if let Some(id) = linkage
        && !analysis.linkages.iter().any(|l| l.id == id)
    {
        return Err(ReportError::UnknownLinkage {
            linkage: id.to_owned(),
            known: list(analysis.linkages.iter().map(|l| l.id.as_str())),
        });
    }
    let chosen: Vec<_> = analysis
        .linkages
        .iter()
        .filter(|l| linkage.is_none_or(|id| l.id == id))
        .collect();
    if chosen.is_empty() {
        return Err(ReportError::Empty(
            "the scenario links no issues ([[linkage]])".into(),
        ));
    }
    let title = match chosen.as_slice() {
        [one] => format!("Who gains from '{}'", one.name),
        _ => "Who gains from each linkage".to_owned(),
    };
    let subtitle = "Utility gain over the status quo on the linked issues (salience x distance \
                    moved toward the actor / 100, summed). + gains, - loses.";
    let mut svg = Svg::new();
    let mut y = layout::header(&mut svg, WIDTH, &title, Some(subtitle));
    for l in chosen {
        let mut series = Vec::new();
        if let Some(t) = bargain.and_then(|b| b.linkages.iter().find(|x| x.id == l.id)) {
            series.push(Series {
                id: "trades".into(),
                label: "trades within the linkage (exchange model)".into(),
                colour: style::model_colour("exchange").into(),
                gains: t.gains.clone(),
            });
        }
        series.push(Series {
            id: "joint-nbs".into(),
            label: "joint deal (joint Nash bargaining solution)".into(),
            colour: style::model_colour("nbs").into(),
            gains: l.gains.clone(),
        });
        let heading = format!(
            "{}: {}",
            l.name,
            if l.agreement {
                "a joint deal beats the status quo for every party"
            } else {
                "no joint deal beats the status quo for every party"
            }
        );
        y = panel(&mut svg, analysis, &series, &l.id, &heading, y) + 12.0;
    }
    Ok(Chart::new(Kind::Gains, title, WIDTH, y, &svg.finish()))
}

/// Each actor's total gain over the status quo under each model (all issues).
pub fn model_gains(analysis: &Analysis) -> Result<Chart, ReportError> {
    if analysis.models.is_empty() {
        return Err(ReportError::Empty("no model ran".into()));
    }
    let series: Vec<Series> = analysis
        .models
        .iter()
        .map(|m| Series {
            id: m.model.clone(),
            label: m.model.clone(),
            colour: style::model_colour(&m.model).into(),
            gains: m
                .gains
                .iter()
                .map(|(actor, g)| (actor.clone(), g.total))
                .collect(),
        })
        .collect();
    let title = "Who gains under each model".to_owned();
    let subtitle = "Utility gain over the status quo, summed over the issues each actor takes \
                    part in (salience x distance moved toward the actor / 100). + gains, - loses.";
    let mut svg = Svg::new();
    let y = layout::header(&mut svg, WIDTH, &title, Some(subtitle));
    let y = panel(&mut svg, analysis, &series, "models", "", y);
    Ok(Chart::new(
        Kind::ModelGains,
        title,
        WIDTH,
        y + 8.0,
        &svg.finish(),
    ))
}

fn panel(svg: &mut Svg, a: &Analysis, series: &[Series], id: &str, heading: &str, top: f64) -> f64 {
    svg.group(&[("class", "panel"), ("data-linkage", id)]);
    let mut y = if heading.is_empty() {
        top
    } else {
        layout::panel_heading(svg, MARGIN, top, heading, id)
    };
    let items: Vec<(String, String, Swatch)> = series
        .iter()
        .map(|s| (s.label.clone(), s.colour.clone(), Swatch::Square))
        .collect();
    y = layout::legend(svg, MARGIN, y, WIDTH - MARGIN, &items) + 6.0;
    // Actors with a gain in any series, in scenario order.
    let actors: Vec<&parley_core::analysis::ActorView> = a
        .actors
        .iter()
        .filter(|x| {
            series
                .iter()
                .any(|s| s.gains.get(&x.id).is_some_and(Option::is_some))
        })
        .collect();
    let label_w = actors
        .iter()
        .map(|x| text_width(&x.name, SMALL, false))
        .fold(40.0_f64, f64::max)
        .min(260.0);
    let left = MARGIN + label_w + 10.0;
    let right = WIDTH - RIGHT;
    let values = series
        .iter()
        .flat_map(|s| s.gains.values().flatten().copied());
    let (lo, hi) = values.fold((0.0_f64, 0.0_f64), |(l, h), v| (l.min(v), h.max(v)));
    let (d0, d1) = layout::nice_range(lo, hi);
    let xs = Linear::new((d0, d1), (left, right));
    let x0 = xs.at(0.0);
    let row_h = series.len() as f64 * (BAR + 2.0) + 8.0;
    let grid_top = y;
    for actor in &actors {
        svg.text(
            left - 8.0,
            y + row_h / 2.0 + 4.0,
            &truncate(&actor.name, SMALL, label_w),
            TextStyle::new(SMALL).anchor(Anchor::End),
        );
        for (k, s) in series.iter().enumerate() {
            let Some(Some(g)) = s.gains.get(&actor.id) else {
                continue;
            };
            let by = y + 4.0 + k as f64 * (BAR + 2.0);
            let x = xs.at(*g);
            svg.group(&[
                ("class", "series"),
                ("data-actor", &actor.id),
                ("data-series", &s.id),
            ]);
            svg.rect(
                x.min(x0),
                by,
                (x - x0).abs().max(0.5),
                BAR,
                &s.colour,
                Some(&format!(
                    "{} ({}), {}: {}",
                    actor.name,
                    actor.id,
                    s.label,
                    style::signed(*g, 3)
                )),
            );
            let (tx, anchor) = if *g >= 0.0 {
                (x.max(x0) + 4.0, Anchor::Start)
            } else {
                (x.min(x0) - 4.0, Anchor::End)
            };
            let label = style::signed(*g, 3);
            let room = text_width(&label, VALUE, false) + 6.0;
            if anchor == Anchor::End && tx - room < left {
                // No room before the actor names: inside the bar's far end, in white.
                svg.text(
                    x + 3.0,
                    by + BAR - 1.0,
                    &label,
                    TextStyle::new(VALUE).fill(style::PAPER),
                );
            } else {
                svg.text(
                    tx,
                    by + BAR - 1.0,
                    &label,
                    TextStyle::new(VALUE).anchor(anchor).fill(MUTED),
                );
            }
            svg.end();
        }
        y += row_h;
    }
    svg.line((x0, grid_top), (x0, y), INK, 1.0);
    layout::x_axis(svg, &xs, y + 2.0, &layout::ticks(d0, d1, 8), Some(grid_top));
    svg.end();
    y + 24.0
}
