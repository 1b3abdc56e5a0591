//! The track record: the scenario's forecasts scored against what happened (`parley score`).
//! A question's odds are scored twice, with model error (the odds the report leads with) and
//! inputs only, side by side in the table and beside each question's outcome: a reader sees
//! which number each score grades.

use super::page::{Cell, Page};
use super::{ReportData, TrackRecord};
use crate::text::num;

fn opt(v: Option<f64>, digits: usize) -> Cell {
    Cell::Num(v.map_or_else(|| "–".to_owned(), |v| num(v, digits)))
}

/// The section, when the report has a track record.
pub fn section(p: &mut Page, d: &ReportData) {
    let Some(t) = d.track_record else {
        return;
    };
    section_for(p, t);
}

fn section_for(p: &mut Page, t: &TrackRecord) {
    p.raw("<section id=\"track-record\"><h2>Track record</h2>");
    p.tag(
        "p",
        &format!(
            "The forecasts above scored against what happened, from {}. {} Lower is better: \
             absolute error of the point forecast and CRPS of its inputs-only Monte Carlo \
             distribution (without the model's measured error), averaged in percent of each \
             issue's scale so that issues on different scales weigh alike, Brier score of each question's probability, once for its odds \
             with model error (the odds this report leads with) and once for its inputs-only \
             odds. A forecast counts in the \
             track record only when it was sealed on a day before its outcome's date.",
            t.source, t.note
        ),
    );
    let rows = t
        .models
        .iter()
        .map(|m| {
            vec![
                Cell::Text(m.model.clone()),
                opt(m.mean_abs_error, 1),
                opt(m.mean_crps, 1),
                opt(m.mean_brier_with_model_error, 3),
                opt(m.mean_brier_inputs_only, 3),
                Cell::Num(m.counted.to_string()),
            ]
        })
        .collect();
    p.table(
        "track",
        &[
            "model",
            "mean abs error (% of scale)",
            "mean CRPS, inputs only (% of scale)",
            "mean Brier (with model error)",
            "mean Brier (inputs only)",
            "sealed on a day before the outcome",
        ],
        rows,
    );
    let rows = t
        .outcomes
        .iter()
        .map(|o| {
            vec![
                Cell::Text(o.target.clone()),
                Cell::Text(if o.judgment {
                    format!("{} (judgment)", o.outcome)
                } else {
                    o.outcome.clone()
                }),
                Cell::Text(o.forecasts.clone()),
                Cell::Text(o.sources.join(" ")),
            ]
        })
        .collect();
    p.table(
        "track",
        &["target", "outcome", "forecasts by model", "sources"],
        rows,
    );
    p.raw("</section>");
}
