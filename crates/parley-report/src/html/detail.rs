//! The model-by-model detail: forecasts with their bands, rounds, gains, linkages, mediation,
//! Monte Carlo and sensitivity, each with its chart.

use parley_core::analysis::StatusView;

use super::ReportData;
use super::page::{Cell, Page};
use crate::chart::{self, style::num, style::signed};
use crate::error::ReportError;
use crate::svg::escape;
use crate::text::{issue_values, on_scale};

/// The detail section.
pub fn section(p: &mut Page, d: &ReportData) -> Result<(), ReportError> {
    let a = d.analysis;
    p.raw("<section id=\"models\"><h2>Model by model</h2>");
    p.tag("h3", "Forecasts");
    forecast_table(p, d);
    p.raw(
        "<p class=\"how\"><a href=\"#forecast\">The forecasts chart</a> is at the start of \
         the report.</p>",
    );
    for m in &a.models {
        p.raw(&format!(
            "<div class=\"model-head\"><h3 id=\"model-{}\">",
            escape(&m.model)
        ));
        p.text(&m.name);
        p.raw(&format!(" · <code>{}</code></h3>", escape(&m.model)));
        p.raw("<p class=\"how\">Source: ");
        p.text(&m.source);
        if let Some(stop) = m.stop {
            p.text(&format!(". Rounds: {stop}"));
        }
        p.raw(".</p>");
        for (issue, status) in &m.status {
            if let Some(text) = status_text(status) {
                p.tag("p", &format!("{issue}: {text}"));
            }
        }
        p.raw("</div>");
        if m.rounds.is_some() {
            p.figure(
                &chart::rounds(a, &m.model, None),
                &format!(
                    "{}: each involved actor's position in every round, and the model's \
                     outcome (dashed).",
                    m.model
                ),
            );
        }
        if let Some(t) = &m.trades {
            let total: usize = t.rounds.iter().map(Vec::len).sum();
            p.tag(
                "p",
                &format!(
                    "{total} trades over {} rounds; per actor, trades made and own gain (decide's \
                     units / 100):",
                    t.rounds.len()
                ),
            );
            let rows = t
                .totals
                .iter()
                .map(|(actor, x)| {
                    vec![
                        Cell::Text(actor.clone()),
                        Cell::Num(x.trades.to_string()),
                        Cell::Num(signed(x.own_gain / 100.0, 3)),
                        Cell::Num(signed(x.externality / 100.0, 3)),
                    ]
                })
                .collect();
            p.table(
                "trades",
                &["Actor", "Trades", "Own gain", "Effect of others' trades"],
                rows,
            );
        }
    }
    p.tag("h3", "Who gains under each model");
    p.figure(
        &chart::model_gains(a),
        "Total utility gain over the status quo per actor and model (the method notes define it).",
    );
    if !a.linkages.is_empty() {
        p.tag("h3", "Linkages: the grand bargain");
        p.figure(
            &chart::gains(a, d.bargain, None),
            "Each actor's gain from trading within the linkage (exchange model restricted to the \
             linked issues) and from the joint deal (joint Nash bargaining solution).",
        );
        for l in &a.linkages {
            p.tag(
                "p",
                &format!(
                    "{}: joint deal at {}{}.",
                    l.name,
                    issue_values(a, &l.joint_nbs),
                    if l.agreement {
                        " (every party gains over the status quo)"
                    } else {
                        " (no outcome beats the status quo for every party: the status quo)"
                    }
                ),
            );
        }
    }
    mediation(p, d);
    if let Some(r) = d.monte_carlo {
        p.tag("h3", "Monte Carlo");
        p.figure(
            &chart::monte_carlo(a, r, None),
            "Distribution of each model's forecast over the draws of the coding's ranges.",
        );
    }
    if let Some(s) = d.sensitivity {
        p.tag("h3", "Sensitivity: what moves each forecast");
        for m in &a.models {
            if !s.forecasts.iter().any(|f| f.model == m.model) {
                continue;
            }
            p.raw(&format!(
                "<details data-model=\"{}\"><summary>",
                escape(&m.model)
            ));
            p.text(&format!(
                "{}: the five inputs that move each forecast most",
                m.model
            ));
            p.raw("</summary>");
            p.figure(
                &chart::sensitivity(s, Some(&m.model), None, 5),
                "Forecast with each input at the low (blue) and high (red) end of its range.",
            );
            p.raw("</details>");
        }
    }
    if let Some(b) = d.backtest {
        p.tag("h3", "Backtest");
        p.figure(
            &chart::backtest(b),
            "Absolute errors of each model and baseline against real outcomes.",
        );
    }
    p.raw("</section>");
    Ok(())
}

fn status_text(s: &StatusView) -> Option<String> {
    match s {
        StatusView::Settled => None,
        StatusView::NoAgreementZone {
            blocking_rise,
            blocking_fall,
        } => Some(format!(
            "no agreement zone, the status quo stands ({})",
            crate::table::run::blocked(blocking_rise, blocking_fall)
        )),
        // Taking part is a stance with salience above 0 (`Actor::takes_part`), so this is "no
        // actor takes part", never "an involved actor gives it no weight".
        StatusView::NoSalience => Some(
            "no actor takes part (every stance on the issue has salience 0), so the model has \
             nothing to weigh; the forecast falls back to the status quo, or, without one, to the \
             capability-weighted mean of the positions stated on it"
                .into(),
        ),
        StatusView::Fallback { missing } => Some(format!(
            "{missing}; the capability x salience weighted mean instead"
        )),
        StatusView::Bystanders { actors } => Some(format!(
            "{} {} part in no issue, but the spatial model bargains toward {} coordinates \
             (KTAB refuses such actors); without {} the forecast can differ",
            actors.join(", "),
            if actors.len() == 1 { "takes" } else { "take" },
            if actors.len() == 1 { "its" } else { "their" },
            if actors.len() == 1 { "it" } else { "them" },
        )),
    }
}

fn forecast_table(p: &mut Page, d: &ReportData) {
    let a = d.analysis;
    let mut header = vec!["Issue", "Status quo"];
    header.extend(a.models.iter().map(|m| m.model.as_str()));
    let rows = a
        .issues
        .iter()
        .map(|i| {
            let mut row = vec![
                Cell::Html(format!(
                    "{}<br><code>{}</code>",
                    escape(&i.name),
                    escape(&i.id)
                )),
                Cell::Num(i.status_quo.map_or("–".into(), |q| on_scale(q, i.scale))),
            ];
            for m in &a.models {
                let value = m
                    .forecast
                    .get(&i.id)
                    .map_or("–".into(), |v| on_scale(*v, i.scale));
                let mark = match m.status.get(&i.id) {
                    Some(StatusView::Settled) | None => "",
                    Some(_) => " *",
                };
                let band = d
                    .monte_carlo
                    .and_then(|r| r.models.iter().find(|x| x.model == m.model))
                    .and_then(|x| x.issues.get(&i.id))
                    .map_or(String::new(), |s| {
                        format!(
                            "<br><span class=\"ev\">{}–{}</span>",
                            on_scale(s.p5, i.scale),
                            on_scale(s.p95, i.scale)
                        )
                    });
                row.push(Cell::Html(format!(
                    "<span class=\"num\">{}{mark}</span>{band}",
                    escape(&value)
                )));
            }
            row
        })
        .collect();
    p.table("forecasts", &header, rows);
    let mut note = String::from(
        "On each issue's own scale. * = not the model's ordinary result (see the model's notes below).",
    );
    if d.monte_carlo.is_some() {
        note.push_str(
            " Below each forecast: its 5–95% band over the Monte Carlo draws of the coding's \
             ranges only; with each model's measured error the bands are far wider (`parley mc` \
             lists them).",
        );
    }
    p.tag_class("p", "how", &note);
}

fn mediation(p: &mut Page, d: &ReportData) {
    let Some(m) = &d.analysis.mediation else {
        return;
    };
    p.tag("h3", &format!("Mediation by {}", m.mediator));
    p.tag(
        "p",
        &format!(
            "The parties' joint bargain on the brokered issues is {} ({}); leaning {}% toward \
             {}'s own position gives the proposal {}.",
            issue_values(d.analysis, &m.bargain),
            if m.bargain_agreement {
                "every party gains over the status quo"
            } else {
                "not every party gains over the status quo"
            },
            num(100.0 * m.bias, 0),
            m.mediator,
            issue_values(d.analysis, &m.proposal)
        ),
    );
    let mut header = vec!["Party", "Gain over the status quo"];
    let models: Vec<String> = m.versus.iter().map(|v| format!("vs {}", v.model)).collect();
    header.extend(models.iter().map(String::as_str));
    let rows = m
        .parties
        .iter()
        .map(|party| {
            let mut row = vec![
                Cell::Text(party.clone()),
                Cell::Num(
                    m.gain_over_status_quo
                        .get(party)
                        .copied()
                        .flatten()
                        .map_or("–".into(), |g| signed(g, 3)),
                ),
            ];
            for v in &m.versus {
                row.push(Cell::Num(
                    v.gain_over_forecast
                        .get(party)
                        .map_or("–".into(), |g| signed(*g, 3)),
                ));
            }
            row
        })
        .collect();
    p.table("mediation", &header, rows);
    let zone: Vec<&str> = m
        .versus
        .iter()
        .filter(|v| v.deal_zone)
        .map(|v| v.model.as_str())
        .collect();
    p.tag(
        "p",
        &format!(
            "Every party prefers the proposal to the forecast of: {}.",
            if zone.is_empty() {
                "no model".to_owned()
            } else {
                zone.join(", ")
            }
        ),
    );
}
