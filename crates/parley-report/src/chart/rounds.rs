//! Positions by round: one line per involved actor and the model's outcome in each round, per
//! issue, for a model with rounds (EUM, the exchange model, SMP).

use parley_core::Analysis;
use parley_core::analysis::{IssueView, ModelRun, RoundPositions, RoundView};

use super::layout::{self, Linear};
use super::style::{self, INK, MARGIN, MUTED, SMALL, WIDTH};
use super::{Chart, Kind, pick_issues};
use crate::error::{ReportError, list};
use crate::font::truncate;
use crate::svg::{Svg, TextStyle};

const PLOT_H: f64 = 200.0;
const LEFT: f64 = MARGIN + 34.0;
const LABELS: f64 = 120.0;

/// Positions by round per actor on each issue (`None`: every issue, stacked) under `model`,
/// which must have rounds.
pub fn rounds(analysis: &Analysis, model: &str, issue: Option<&str>) -> Result<Chart, ReportError> {
    let run = analysis
        .models
        .iter()
        .find(|m| m.model == model)
        .ok_or_else(|| ReportError::UnknownModel {
            model: model.to_owned(),
            known: list(analysis.models.iter().map(|m| m.model.as_str())),
        })?;
    let Some(rounds) = run.rounds.as_ref().filter(|r| !r.is_empty()) else {
        let with: Vec<&str> = analysis
            .models
            .iter()
            .filter(|m| m.rounds.is_some())
            .map(|m| m.model.as_str())
            .collect();
        return Err(ReportError::Empty(format!(
            "{model} is one-shot, it has no rounds; models with rounds here: {}",
            list(with)
        )));
    };
    let issues = pick_issues(&analysis.issues, issue)?;
    let title = match issues.as_slice() {
        [one] => format!("{}: positions by round, {}", run.name, one.name),
        _ => format!("{}: positions by round", run.name),
    };
    let stop = run.stop.map(|s| format!("; {s}")).unwrap_or_default();
    let subtitle = format!(
        "Round 0 is the starting state{stop}. Thick dashed line: the model's outcome in each round."
    );
    let mut svg = Svg::new();
    let mut y = layout::header(&mut svg, WIDTH, &title, Some(&subtitle));
    for i in issues {
        y = panel(&mut svg, analysis, run, rounds, i, y) + 16.0;
    }
    Ok(Chart::new(Kind::Rounds, title, WIDTH, y, &svg.finish()))
}

fn position(round: &RoundView, actor: &str, issue: &str) -> Option<f64> {
    match round.positions.get(actor)? {
        RoundPositions::One(v) => Some(*v),
        RoundPositions::Many(map) => map.get(issue).copied(),
    }
}

fn panel(
    svg: &mut Svg,
    a: &Analysis,
    run: &ModelRun,
    rounds: &[RoundView],
    issue: &IssueView,
    top: f64,
) -> f64 {
    svg.group(&[
        ("class", "panel"),
        ("data-issue", &issue.id),
        ("data-model", &run.model),
    ]);
    let y = layout::panel_heading(svg, MARGIN, top, &issue.name, &issue.id);
    let right = WIDTH - MARGIN - LABELS;
    // The high end's meaning above the plot, the low end's below the x axis.
    let high = format!("{} = {}", layout::tick_label(issue.scale[1]), issue.high);
    svg.text(
        LEFT,
        y + SMALL,
        &truncate(&high, SMALL, right - LEFT),
        TextStyle::new(SMALL).fill(MUTED),
    );
    let plot_top = y + SMALL + 10.0;
    let plot_bottom = plot_top + PLOT_H;
    let ys = Linear::new((issue.scale[0], issue.scale[1]), (plot_bottom, plot_top));
    let last = (rounds.len() - 1).max(1) as f64;
    let xs = Linear::new((0.0, last), (LEFT, right));
    layout::y_axis(
        svg,
        &ys,
        LEFT,
        &layout::ticks(issue.scale[0], issue.scale[1], 5),
        right,
    );
    let step = if rounds.len() > 16 { 5.0 } else { 1.0 };
    let xticks: Vec<f64> = layout::ticks(0.0, last, (last / step) as usize)
        .into_iter()
        .filter(|t| t.fract() == 0.0)
        .collect();
    layout::x_axis(svg, &xs, plot_bottom, &xticks, None);
    svg.text(
        right,
        plot_bottom + 28.0,
        "round",
        TextStyle::new(SMALL)
            .anchor(crate::svg::Anchor::End)
            .fill(MUTED),
    );
    let low = format!("{} = {}", layout::tick_label(issue.scale[0]), issue.low);
    svg.text(
        LEFT,
        plot_bottom + 28.0,
        &truncate(&low, SMALL, right - LEFT - 50.0),
        TextStyle::new(SMALL).fill(MUTED),
    );

    let mut ends: Vec<(f64, String, &'static str)> = Vec::new();
    for (k, actor) in a.actors.iter().enumerate() {
        if !actor.involved.contains(&issue.id) {
            continue;
        }
        let points: Vec<(usize, f64)> = rounds
            .iter()
            .enumerate()
            .filter_map(|(r, round)| position(round, &actor.id, &issue.id).map(|v| (r, v)))
            .collect();
        let Some(&(_, final_value)) = points.last() else {
            continue;
        };
        let colour = style::actor_colour(k);
        let text_colour = style::actor_text_colour(k);
        series(
            svg,
            &xs,
            &ys,
            &points,
            colour,
            &actor.id,
            &actor.name,
            issue,
            false,
        );
        ends.push((
            ys.at(final_value),
            format!("{} {}", actor.id, style::num(final_value, 1)),
            text_colour,
        ));
    }
    let outcome: Vec<(usize, f64)> = rounds
        .iter()
        .enumerate()
        .filter_map(|(r, round)| round.forecast.get(&issue.id).map(|v| (r, *v)))
        .collect();
    if let Some(&(_, v)) = outcome.last() {
        series(svg, &xs, &ys, &outcome, INK, "", "outcome", issue, true);
        ends.push((ys.at(v), format!("outcome {}", style::num(v, 1)), INK));
    }
    let placed = layout::dodge(
        &ends.iter().map(|e| e.0).collect::<Vec<_>>(),
        SMALL + 2.0,
        plot_top,
        plot_bottom + 6.0,
    );
    svg.group(&[("class", "end-labels")]);
    for ((_, label, colour), y) in ends.iter().zip(placed) {
        svg.text(
            right + 8.0,
            y + 4.0,
            label,
            TextStyle::new(SMALL).fill(colour),
        );
    }
    svg.end();
    svg.end();
    plot_bottom + 34.0
}

#[allow(clippy::too_many_arguments)]
fn series(
    svg: &mut Svg,
    xs: &Linear,
    ys: &Linear,
    points: &[(usize, f64)],
    colour: &str,
    actor: &str,
    name: &str,
    issue: &IssueView,
    outcome: bool,
) {
    let class = if outcome {
        "series outcome"
    } else {
        "series actor"
    };
    let mut attrs = vec![("class", class), ("data-issue", issue.id.as_str())];
    if !outcome {
        attrs.push(("data-actor", actor));
    }
    svg.group(&attrs);
    let (first, last) = (points[0].1, points[points.len() - 1].1);
    svg.title(&format!(
        "{name}{}: {} -> {} over {} rounds",
        if outcome { "" } else { " position" },
        style::num(first, 1),
        style::num(last, 1),
        points.len() - 1
    ));
    let xy: Vec<(f64, f64)> = points
        .iter()
        .map(|&(r, v)| (xs.at(r as f64), ys.at(v)))
        .collect();
    svg.polyline(&xy, colour, if outcome { 3.0 } else { 1.8 }, outcome);
    if !outcome {
        // Each mark names its round: an actor may lack a position in some rounds, so the
        // page steps through rounds by this attribute, never by the marks' order.
        for (&(r, v), &(x, y)) in points.iter().zip(&xy) {
            svg.element(
                "circle",
                &[
                    ("cx", crate::svg::n(x)),
                    ("cy", crate::svg::n(y)),
                    ("r", "2.6".to_owned()),
                    ("fill", colour.to_owned()),
                    ("stroke", "#ffffff".to_owned()),
                    ("stroke-width", "1".to_owned()),
                    ("data-round", r.to_string()),
                ],
                Some(&format!("{name}, round {r}: {}", style::num(v, 1))),
            );
        }
    }
    svg.end();
}
