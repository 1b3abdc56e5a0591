//! Forecasts on each issue's line: the actors' positions above it (dot area by capability x
//! salience), the status quo, and every model's forecast below it, with the meanings of the
//! line's two ends.

use parley_core::analysis::IssueView;
use parley_core::{Analysis, Scenario};

use super::layout::{self, Linear};
use super::style::{self, LABEL, MARGIN, MUTED, SMALL, STATUS_QUO, WIDTH};
use super::{Chart, Kind, pick_issues};
use crate::error::ReportError;
use crate::font::text_width;
use crate::svg::{Anchor, Svg, TextStyle};

const ROW: f64 = 15.0;
const PAD: f64 = 44.0;

/// Every model's forecast against the status quo and the actors' positions, per issue
/// (`None`: every issue, stacked). Positions, saliences and evidence come from `scenario`,
/// forecasts from `analysis` (made from that scenario).
pub fn forecasts(
    scenario: &Scenario,
    analysis: &Analysis,
    issue: Option<&str>,
) -> Result<Chart, ReportError> {
    let issues = pick_issues(&analysis.issues, issue)?;
    if analysis.models.is_empty() {
        return Err(ReportError::Empty("no model ran".into()));
    }
    let mut svg = Svg::new();
    let title = match issues.as_slice() {
        [one] => format!("Forecasts: {}", one.name),
        _ => "Forecasts of every model on each issue".to_owned(),
    };
    let mut y = layout::header(
        &mut svg,
        WIDTH,
        &title,
        Some(
            "Dots: actors' positions (area ~ capability x salience). Dashed line: status quo. \
             Triangles: each model's forecast.",
        ),
    );
    for i in issues {
        y = panel(&mut svg, scenario, analysis, i, y) + 14.0;
    }
    Ok(Chart::new(Kind::Forecasts, title, WIDTH, y, &svg.finish()))
}

fn panel(svg: &mut Svg, s: &Scenario, a: &Analysis, issue: &IssueView, top: f64) -> f64 {
    // Values with the decimals the issue's scale needs (4 on [0, 0.05]; scientific on a
    // scale too narrow for fixed decimals).
    let d = |x: f64| crate::text::on_scale(x, issue.scale);
    svg.group(&[("class", "panel"), ("data-issue", &issue.id)]);
    let y = layout::panel_heading(svg, MARGIN, top, &issue.name, &issue.id);
    let scale = Linear::new(
        (issue.scale[0], issue.scale[1]),
        (MARGIN + PAD, WIDTH - MARGIN - PAD),
    );
    let actors = actor_marks(s, issue, &scale);
    let actor_rows = layout::stack_rows(
        &actors.iter().map(|m| (m.x, m.label_w)).collect::<Vec<_>>(),
        6.0,
    );
    let n_actor_rows = actor_rows.iter().max().map_or(0, |r| r + 1);
    let line_y = y + n_actor_rows as f64 * ROW + 18.0;

    let models: Vec<(&parley_core::analysis::ModelRun, f64)> = a
        .models
        .iter()
        .filter_map(|m| m.forecast.get(&issue.id).map(|v| (m, *v)))
        .collect();
    let mut below: Vec<(f64, String)> = models
        .iter()
        .map(|(m, v)| (scale.at(*v), format!("{} {}", m.model, d(*v))))
        .collect();
    let sq_label = issue
        .status_quo
        .map(|q| (scale.at(q), format!("status quo {}", d(q))));
    if let Some(l) = &sq_label {
        below.push(l.clone());
    }
    let below_rows = layout::stack_rows(
        &below
            .iter()
            .map(|(x, t)| (*x, text_width(t, LABEL, false)))
            .collect::<Vec<_>>(),
        6.0,
    );
    let n_below = below_rows.iter().max().map_or(0, |r| r + 1);
    // Tick labels sit just under the line; the forecasts' triangles below them.
    let tri_y = line_y + 22.0;
    let models_y = tri_y + 16.0;
    let bottom = models_y + n_below as f64 * ROW + 4.0;

    let ticks = layout::ticks(issue.scale[0], issue.scale[1], 10);
    layout::x_axis(svg, &scale, line_y, &ticks, None);

    if let (Some(q), Some((x, _))) = (issue.status_quo, &sq_label) {
        svg.group(&[("class", "status-quo"), ("data-issue", &issue.id)]);
        svg.dashed((*x, line_y - 12.0), (*x, tri_y + 12.0), STATUS_QUO, 1.5);
        svg.element(
            "rect",
            &[
                ("x", crate::svg::n(x - 4.0)),
                ("y", crate::svg::n(y)),
                ("width", "8".into()),
                ("height", crate::svg::n(bottom - y)),
                ("fill", "transparent".into()),
            ],
            Some(&format!("Status quo: {}", d(q))),
        );
        svg.end();
    }

    for (m, row) in actors.iter().zip(&actor_rows) {
        let label_y = line_y - 14.0 - *row as f64 * ROW;
        svg.group(&[
            ("class", "series actor"),
            ("data-actor", &m.id),
            ("data-issue", &issue.id),
        ]);
        if *row > 0 {
            svg.line((m.x, label_y + 3.0), (m.x, line_y - m.r), style::GRID, 1.0);
        }
        svg.circle((m.x, line_y), m.r, m.colour, Some(&m.title));
        svg.text(
            m.x,
            label_y,
            &m.id,
            TextStyle::new(SMALL).anchor(Anchor::Middle),
        );
        svg.end();
    }

    for (k, (m, v)) in models.iter().enumerate() {
        let (x, label) = &below[k];
        let row = below_rows[k];
        let colour = style::model_colour(&m.model);
        let label_y = models_y + 12.0 + row as f64 * ROW;
        let title = format!(
            "{} ({}): {}{}",
            m.name,
            m.model,
            d(*v),
            status_note(m, &issue.id)
        );
        svg.group(&[
            ("class", "series model"),
            ("data-model", &m.model),
            ("data-issue", &issue.id),
        ]);
        if row > 0 {
            svg.line((*x, tri_y + 13.0), (*x, label_y - 10.0), style::GRID, 1.0);
        }
        svg.polygon(
            &[
                (*x, tri_y),
                (x + 6.0, tri_y + 11.0),
                (x - 6.0, tri_y + 11.0),
            ],
            colour,
            Some(&title),
        );
        svg.text(
            *x,
            label_y,
            label,
            TextStyle::new(LABEL).anchor(Anchor::Middle).fill(colour),
        );
        svg.end();
    }
    if let Some((x, label)) = &sq_label {
        let row = below_rows[below.len() - 1];
        svg.text(
            *x,
            models_y + 12.0 + row as f64 * ROW,
            label,
            TextStyle::new(LABEL).anchor(Anchor::Middle).fill(MUTED),
        );
    }
    let end = layout::end_labels(
        svg,
        (MARGIN, WIDTH - MARGIN),
        bottom,
        (issue.scale[0], issue.scale[1]),
        (&issue.low, &issue.high),
    );
    svg.end();
    end
}

fn status_note(m: &parley_core::analysis::ModelRun, issue: &str) -> String {
    use parley_core::analysis::StatusView;
    match m.status.get(issue) {
        Some(StatusView::NoAgreementZone { .. }) => {
            " (no agreement zone: the status quo stands)".into()
        }
        Some(StatusView::NoSalience) => " (no actor takes part, every salience 0: fallback)".into(),
        Some(StatusView::Fallback { missing }) => format!(" ({missing}: weighted mean instead)"),
        Some(StatusView::Bystanders { actors }) => {
            format!(
                " (also bargains toward {}, who take part in no issue)",
                actors.join(", ")
            )
        }
        _ => String::new(),
    }
}

/// An actor's dot on an issue line.
struct ActorMark {
    id: String,
    x: f64,
    r: f64,
    label_w: f64,
    colour: &'static str,
    title: String,
}

fn actor_marks(s: &Scenario, issue: &IssueView, scale: &Linear) -> Vec<ActorMark> {
    let d = |x: f64| crate::text::on_scale(x, issue.scale);
    let weight = |cap: f64, sal: f64| (cap * sal).max(0.0);
    let stances: Vec<(usize, &parley_core::Actor, &parley_core::Stance)> = s
        .actors
        .iter()
        .enumerate()
        .filter_map(|(k, a)| a.stances.get(&issue.id).map(|st| (k, a, st)))
        .collect();
    let max_w = stances
        .iter()
        .map(|(_, a, st)| weight(a.capability.value, st.salience.value))
        .fold(0.0_f64, f64::max);
    stances
        .into_iter()
        .map(|(k, a, st)| {
            let w = weight(a.capability.value, st.salience.value);
            let share = if max_w > 0.0 { w / max_w } else { 0.0 };
            let mut title = format!(
                "{} ({}): position {}, salience {}, capability {}",
                a.name,
                a.id,
                d(st.position.value),
                style::num(st.salience.value, 2),
                crate::text::significant(a.capability.value, 0)
            );
            if let Some(note) = &st.position.evidence.note {
                title.push_str(&format!("\nPosition: {note}"));
            }
            if let Some(note) = &st.salience.evidence.note {
                title.push_str(&format!("\nSalience: {note}"));
            }
            ActorMark {
                id: a.id.clone(),
                x: scale.at(st.position.value),
                r: 3.0 + 6.0 * share.sqrt(),
                label_w: text_width(&a.id, SMALL, false),
                colour: style::actor_colour(k),
                title,
            }
        })
        .collect()
}
