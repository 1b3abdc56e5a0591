//! The scenario's questions answered in sentences, each with its numbers and, when a Monte
//! Carlo run is given, their uncertainty.
//!
//! The facts come from the core: each model's forecast and whether the question's condition
//! holds on it ([`parley_core::analysis::QuestionView`]), the mediator's proposal, the
//! exchange model's trades within the linkage and the bilateral deals
//! ([`parley_core::bargain`]), the Monte Carlo probabilities of the condition and of the deal
//! ([`parley_core::uncertainty::McResult`]) and the sensitivity shares. This module only puts
//! them into words.

use indexmap::IndexMap;
use parley_core::analysis::{QuestionView, RoundPositions, RoundView};
use parley_core::condition::Condition;
use parley_core::uncertainty::sensitivity::{ForecastSensitivity, Sensitivity};

use super::ReportData;
use super::page::{Cell, Page};
use super::words::{Names, and_list};
use crate::chart::style::{num, signed};
use crate::svg::escape;
use crate::text::{Shown, count, issue_value, issue_values};

/// The answers section, a question after another.
pub fn section(p: &mut Page, d: &ReportData) -> Result<(), crate::ReportError> {
    p.raw("<section id=\"answers\"><h2>Answers to the scenario's questions</h2>");
    if d.analysis.questions.is_empty() {
        p.tag("p", "The scenario asks no questions ([[question]]).");
        p.raw("</section>");
        return Ok(());
    }
    let odds = d
        .monte_carlo
        .map_or("No Monte Carlo run: point values only.".to_owned(), |r| {
            format!(
                "Point values of the coding first; then the odds over its ranges ({} Monte \
                 Carlo runs, seed {}).",
                thousands(r.runs),
                r.seed
            )
        });
    p.tag("p", &odds);
    let mut shown = Shown::default();
    for (k, q) in d.analysis.questions.iter().enumerate() {
        question(p, d, k + 1, q, &mut shown)?;
    }
    p.raw("</section>");
    Ok(())
}

pub(super) fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (k, c) in s.chars().enumerate() {
        if k > 0 && (s.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub(super) fn pct(x: f64) -> String {
    format!("{}%", num(100.0 * x, 1))
}

/// Writes one question's answer; returns its lead sentence.
fn question(
    p: &mut Page,
    d: &ReportData,
    number: usize,
    q: &QuestionView,
    shown: &mut Shown,
) -> Result<String, crate::ReportError> {
    p.raw(&format!(
        "<section class=\"question\" id=\"q-{}\" data-question=\"{}\"><h3><span class=\"qnum\">Q{number}</span>",
        escape(&q.id),
        escape(&q.id)
    ));
    p.text(&q.text);
    p.raw("</h3>");
    let mut leads: Vec<String> = Vec::new();
    if let Some(c) = &q.condition {
        leads.push(condition(p, d, q, c));
    }
    let actors = q.actors.join(",");
    let issues = q.issues.join(",");
    let link = q.linkage.clone().unwrap_or_default();
    if q.actors.len() >= 2 {
        match shown.before(format!("gains {actors} {link}"), number) {
            None => leads.push(gains(p, d, q)),
            Some(n) => refer(
                p,
                &format!("The gains of {} are in Q{n} above.", q.actors.join(" and ")),
                n,
                d,
            ),
        }
    }
    let mut odds = None;
    if let Some(l) = &q.linkage {
        odds = deal_odds(p, d, q, l);
    }
    if let Some(l) = &q.linkage {
        match shown.before(format!("linkage {actors} {l}"), number) {
            None => linkage(p, d, q, l, shown, number)?,
            Some(n) => refer(
                p,
                &format!("The trades and bilateral deals within '{l}' are in Q{n} above."),
                n,
                d,
            ),
        }
    }
    if !q.actors.is_empty() {
        match shown.before(format!("movement {actors} {issues}"), number) {
            None => movement(p, d, q),
            Some(n) => refer(
                p,
                &format!("How their positions move over the rounds is in Q{n} above."),
                n,
                d,
            ),
        }
    }
    // The inputs behind a set of issues once, at the last question about exactly those issues.
    let asked_again = d.analysis.questions[number..]
        .iter()
        .any(|later| later.issues == q.issues);
    if !asked_again {
        drivers(p, d, q);
    }
    if let Some(note) = d
        .scenario
        .questions
        .iter()
        .find(|x| x.id == q.id)
        .and_then(|x| x.evidence.note.as_deref())
    {
        p.raw("<p class=\"how\"><strong>How the scenario reads this question:</strong> ");
        p.text(note);
        p.raw("</p>");
    }
    p.raw("</section>");
    // The first finding, and the deal's odds when they are not it.
    let mut lead = leads.into_iter().next();
    if let Some(o) = odds {
        lead = Some(match lead {
            Some(l) => format!("{l} {o}"),
            None => o,
        });
    }
    Ok(lead.unwrap_or_else(|| {
        "The scenario gives this question no condition, actors or linkage to answer it with."
            .to_owned()
    }))
}

/// A pointer to an earlier question's block.
fn refer(p: &mut Page, text: &str, n: usize, d: &ReportData) {
    let id = d
        .analysis
        .questions
        .get(n - 1)
        .map_or(String::new(), |q| q.id.clone());
    p.raw(&format!(
        "<p class=\"how\"><a href=\"#q-{}\">{}</a></p>",
        escape(&id),
        escape(text)
    ));
}

/// How often the question's first two actors alone have a deal on the linkage over the Monte
/// Carlo draws, as the answer's lead.
fn deal_odds(p: &mut Page, d: &ReportData, q: &QuestionView, linkage: &str) -> Option<String> {
    let r = d.monte_carlo?;
    let names = Names::new(d.scenario, d.analysis);
    let deal = r
        .deals
        .iter()
        .find(|x| x.question == q.id && x.linkage == linkage)?;
    let how_often = if deal.probability >= 1.0 {
        "in <strong>every one</strong> of them (100%): no draw within the coding's ranges \
         breaks it"
            .to_owned()
    } else if deal.probability <= 0.0 {
        "in <strong>none</strong> of them (0%): no draw within the coding's ranges makes one"
            .to_owned()
    } else {
        format!("in <strong>{}</strong> of them", pct(deal.probability))
    };
    let lead = format!(
        "Over {} draws of the coding's ranges, <strong>{}</strong> and <strong>{}</strong> \
         alone have a deal on the {} that leaves both better off than the status quo {how_often}.",
        thousands(r.runs),
        escape(&names.actor(&deal.a)),
        escape(&names.actor(&deal.b)),
        escape(&names.linkage(linkage))
    );
    p.raw(&format!("<p class=\"answer\">{lead}</p>"));
    Some(lead)
}

/// The question's issues' values as "iran_nuclear 58.3, iran_sanctions 50.4", each with the
/// decimals its scale needs.
fn values(d: &ReportData, map: &IndexMap<String, f64>) -> String {
    issue_values(d.analysis, map)
}

/// The 5-95% band of `model`'s forecast of `issue`, if the Monte Carlo has it.
fn band(d: &ReportData, model: &str, issue: &str) -> Option<String> {
    let s = d
        .monte_carlo?
        .models
        .iter()
        .find(|m| m.model == model)?
        .issues
        .get(issue)?;
    Some(format!(
        "{}–{}",
        issue_value(d.analysis, issue, s.p5),
        issue_value(d.analysis, issue, s.p95)
    ))
}

fn condition(p: &mut Page, d: &ReportData, q: &QuestionView, c: &str) -> String {
    let names = Names::new(d.scenario, d.analysis);
    let holding: Vec<String> = q
        .answers
        .iter()
        .filter(|a| a.holds == Some(true))
        .map(|a| a.model.clone())
        .collect();
    let holding_names: Vec<String> = holding.iter().map(|m| names.model_distinct(m)).collect();
    let judged = q.answers.iter().filter(|a| a.holds.is_some()).count();
    let words = names
        .condition(c)
        .map_or_else(|| format!("<code>{}</code>", escape(c)), |w| escape(&w));
    let mc = d.monte_carlo.and_then(|r| {
        r.conditions
            .iter()
            .find(|x| x.source == q.id)
            .map(|x| (r.runs, x))
    });
    let mut lead = format!(
        "At the coding's point values <strong>{} of {}</strong> {} {words}{}.",
        holding.len(),
        count(judged, "model"),
        if judged == 1 { "forecasts" } else { "forecast" },
        if holding.is_empty() {
            String::new()
        } else {
            format!(": {}", escape(&and_list(&holding_names)))
        }
    );
    if let Some((runs, x)) = mc {
        let odds = |p: &IndexMap<String, f64>| -> String {
            let parts: Vec<String> = p
                .iter()
                .map(|(m, v)| {
                    format!(
                        "{} <strong>{}</strong>",
                        escape(&names.model_distinct(m)),
                        pct(*v)
                    )
                })
                .collect();
            and_list(&parts)
        };
        if x.with_model_error.is_empty() {
            lead.push_str(&format!(
                " Over {} draws of the coding's ranges it holds with probability {}.",
                thousands(runs),
                odds(&x.probability)
            ));
        } else {
            lead.push_str(&format!(
                " Counting both the coding's ranges and each model's measured error on real \
                 decisions, over {} draws it holds with probability {}; over the coding's \
                 ranges alone (inputs only) the odds are {}.",
                thousands(runs),
                odds(&x.with_model_error),
                odds(&x.probability)
            ));
        }
    }
    p.raw(&format!("<p class=\"answer\">{lead}</p>"));
    let parsed = Condition::parse(c).ok();
    let holds_on = |vals: &IndexMap<String, f64>| {
        parsed.as_ref().and_then(|x| {
            x.holds_with(|i| {
                let scale = d.analysis.issues.iter().find(|v| v.id == i)?.scale;
                Some((*vals.get(i)?, scale))
            })
        })
    };
    let mut rows: Vec<Vec<Cell>> = q
        .answers
        .iter()
        .map(|a| {
            let bands: Vec<String> = a
                .forecast
                .keys()
                .filter_map(|i| band(d, &a.model, i).map(|b| format!("{i} {b}")))
                .collect();
            let prob = mc
                .and_then(|(_, x)| x.probability.get(&a.model))
                .map_or("–".into(), |v| pct(*v));
            let with_error = mc
                .and_then(|(_, x)| x.with_model_error.get(&a.model))
                .map_or("–".into(), |v| pct(*v));
            vec![
                Cell::Text(format!("{} (no mediation)", a.model)),
                Cell::Text(values(d, &a.forecast)),
                Cell::Text(yes_no(a.holds)),
                Cell::Text(if bands.is_empty() {
                    "–".into()
                } else {
                    bands.join(", ")
                }),
                Cell::Num(with_error),
                Cell::Num(prob),
            ]
        })
        .collect();
    if let Some(m) = &d.analysis.mediation {
        rows.push(vec![
            Cell::Text(format!("{}'s mediation proposal", m.mediator)),
            Cell::Text(values(d, &m.proposal)),
            Cell::Text(yes_no(holds_on(&m.proposal))),
            Cell::Text("–".into()),
            Cell::Num("–".into()),
            Cell::Num("–".into()),
        ]);
    }
    if let Some(b) = d.bargain {
        for l in &b.linkages {
            rows.push(vec![
                Cell::Text(format!("trading within '{}' (exchange model)", l.id)),
                Cell::Text(values(d, &l.outcome)),
                Cell::Text(yes_no(holds_on(&l.outcome))),
                Cell::Text("–".into()),
                Cell::Num("–".into()),
                Cell::Num("–".into()),
            ]);
        }
    }
    p.table(
        "answer-table",
        &[
            "View",
            "Forecast",
            "Condition holds",
            "5–95% band over the draws (inputs only)",
            "Probability with model error",
            "Probability, inputs only",
        ],
        rows,
    );
    if let Some(m) = &d.analysis.mediation {
        let with = holds_on(&m.proposal);
        let sentence = format!(
            "With {}'s mediation the proposal ({}) {} the condition; without it, {} of {judged} \
             models' forecasts do.",
            m.mediator,
            values(d, &m.proposal),
            match with {
                Some(true) => "meets",
                Some(false) => "does not meet",
                None => "cannot be checked against",
            },
            holding.len()
        );
        let zone: Vec<String> = m
            .versus
            .iter()
            .filter(|v| v.deal_zone)
            .map(|v| v.model.clone())
            .collect();
        p.tag(
            "p",
            &format!(
                "{sentence} Every party ({}) prefers the proposal to the forecast of: {}.",
                m.parties.join(", "),
                and_list(&zone)
            ),
        );
    }
    lead
}

fn yes_no(h: Option<bool>) -> String {
    match h {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => "–".into(),
    }
}

/// Gains of the question's actors under every view: each model on all issues, then the
/// question's linkage (or every linkage): the exchange model's trades and the joint deal.
pub(super) fn gain_views(d: &ReportData, q: &QuestionView) -> Vec<(String, Vec<Option<f64>>)> {
    let pick = |gains: &IndexMap<String, Option<f64>>| -> Vec<Option<f64>> {
        q.actors
            .iter()
            .map(|a| gains.get(a).copied().flatten())
            .collect()
    };
    let mut views: Vec<(String, Vec<Option<f64>>)> = q
        .answers
        .iter()
        .map(|a| (format!("{} (all issues)", a.model), pick(&a.gains)))
        .collect();
    let wanted = |id: &str| q.linkage.as_deref().is_none_or(|l| l == id);
    if let Some(b) = d.bargain {
        for l in b.linkages.iter().filter(|l| wanted(&l.id)) {
            views.push((
                format!("trading within '{}' (exchange model)", l.id),
                pick(&l.gains),
            ));
        }
    }
    for l in d.analysis.linkages.iter().filter(|l| wanted(&l.id)) {
        views.push((
            format!("joint deal on '{}' (joint NBS)", l.id),
            pick(&l.gains),
        ));
    }
    views
}

fn gain_cell(g: Option<f64>) -> Cell {
    match g {
        Some(v) => {
            let class = if v > 0.0005 {
                "pos"
            } else if v < -0.0005 {
                "neg"
            } else {
                ""
            };
            Cell::Html(format!(
                "<span class=\"num {class}\">{}</span>",
                escape(&signed(v, 3))
            ))
        }
        None => Cell::Num("–".into()),
    }
}

/// The question's actors' gains under every view; returns the lead sentence.
fn gains(p: &mut Page, d: &ReportData, q: &QuestionView) -> String {
    let views = gain_views(d, q);
    let names = Names::new(d.scenario, d.analysis);
    let counts: Vec<String> = q
        .actors
        .iter()
        .enumerate()
        .map(|(k, actor)| {
            let known = views.iter().filter(|(_, g)| g[k].is_some()).count();
            let gaining = views
                .iter()
                .filter(|(_, g)| g[k].is_some_and(|v| v > 0.0))
                .count();
            format!(
                "<strong>{}</strong> under {gaining} of {known}",
                escape(&names.actor(actor))
            )
        })
        .collect();
    let counts = format!("Gain over the status quo: {} views.", and_list(&counts));
    let mut lead = counts.clone();
    let mut detail = String::new();
    if q.actors.len() == 2 && q.linkage.is_some() {
        let (x, y) = (names.actor(&q.actors[0]), names.actor(&q.actors[1]));
        let (mut x_more, mut y_more) = (Vec::new(), Vec::new());
        for (view, g) in &views {
            match parley_core::analysis::verdict::compare_gains(g[0], g[1]) {
                Some(std::cmp::Ordering::Greater) => x_more.push(view.clone()),
                Some(std::cmp::Ordering::Less) => y_more.push(view.clone()),
                _ => {}
            }
        }
        lead = format!(
            "<strong>{}</strong> gains more than <strong>{}</strong> under <strong>{} of {} \
             views</strong>; {} gains more under {}.",
            escape(&x),
            escape(&y),
            x_more.len(),
            views.len(),
            escape(&y),
            y_more.len()
        );
        detail = format!(
            "{} ahead: {}. {} ahead: {}. {counts}",
            escape(&x),
            escape(&and_list(&x_more)),
            escape(&y),
            escape(&and_list(&y_more))
        );
    }
    p.raw(&format!("<p class=\"answer\">{lead}</p>"));
    if !detail.is_empty() {
        p.raw(&format!("<p>{detail}</p>"));
    }
    let mut header: Vec<&str> = vec!["Gain over the status quo under"];
    header.extend(q.actors.iter().map(String::as_str));
    let rows = views
        .iter()
        .map(|(view, g)| {
            let mut row = vec![Cell::Text(view.clone())];
            row.extend(g.iter().map(|v| gain_cell(*v)));
            row
        })
        .collect();
    p.table("gains-table", &header, rows);
    p.tag_class(
        "p",
        "how",
        "Gains are in utility units: salience x distance the outcome moved toward the actor / \
         100, summed over the issues (+ gains, - loses). The Monte Carlo gives odds for \
         conditions and deals, not ranges for gains.",
    );
    lead
}

fn linkage(
    p: &mut Page,
    d: &ReportData,
    q: &QuestionView,
    id: &str,
    shown: &mut Shown,
    number: usize,
) -> Result<(), crate::ReportError> {
    let Some(l) = d
        .bargain
        .and_then(|b| b.linkages.iter().find(|l| l.id == id))
    else {
        return Ok(());
    };
    let total: usize = l.trades.rounds.iter().map(Vec::len).sum();
    let mut sentences = vec![format!(
        "Within '{}' the exchange model finds {total} mutually profitable trades over {} rounds.",
        escape(&l.id),
        l.trades.rounds.len()
    )];
    for (k, x) in q.actors.iter().enumerate() {
        for y in &q.actors[k + 1..] {
            let between = l
                .trades
                .rounds
                .iter()
                .flatten()
                .filter(|t| {
                    (&t.i.actor == x && &t.j.actor == y) || (&t.i.actor == y && &t.j.actor == x)
                })
                .count();
            let pair = l
                .pairs
                .iter()
                .find(|pd| (&pd.a == x && &pd.b == y) || (&pd.a == y && &pd.b == x));
            let deal = match pair {
                Some(pd) if pd.deal => format!(
                    "alone, they have a bilateral deal that pays both ({}; gains {} {}, {} {})",
                    values(d, &pd.outcome),
                    pd.a,
                    pd.gain_a.map_or("–".into(), |g| signed(g, 3)),
                    pd.b,
                    pd.gain_b.map_or("–".into(), |g| signed(g, 3))
                ),
                Some(_) => "alone, no deal leaves both better off than the status quo".into(),
                None => "they do not both have a stake in these issues".into(),
            };
            sentences.push(escape(&format!(
                "{x} and {y} make {between} direct trades; {deal}."
            )));
        }
    }
    p.raw(&format!("<p>{}</p>", sentences.join(" ")));
    // Everyone with a stake, not only the question's actors.
    if shown
        .before(format!("linkage-gains {id}"), number)
        .is_none()
    {
        let mut all: Vec<(String, f64)> = l
            .gains
            .iter()
            .filter_map(|(a, g)| g.map(|g| (a.clone(), g)))
            .collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1));
        let list: Vec<String> = all
            .iter()
            .map(|(a, g)| format!("{a} {}", signed(*g, 3)))
            .collect();
        p.tag(
            "p",
            &format!(
                "Everyone with a stake, from those trades (gain over the status quo on the linked \
                 issues): {}.",
                list.join(", ")
            ),
        );
        p.figure(
            &crate::chart::gains(d.analysis, d.bargain, Some(id)),
            "Each actor's gain from trading within the linkage and from the joint deal.",
        );
    }
    Ok(())
}

fn position(r: &RoundView, actor: &str, issue: &str) -> Option<f64> {
    match r.positions.get(actor)? {
        RoundPositions::One(v) => Some(*v),
        RoundPositions::Many(m) => m.get(issue).copied(),
    }
}

/// How the question's actors' positions move over each iterative model's rounds.
fn movement(p: &mut Page, d: &ReportData, q: &QuestionView) {
    let mut items = Vec::new();
    for m in &d.analysis.models {
        let Some(rounds) = &m.rounds else { continue };
        let (Some(first), Some(last)) = (rounds.first(), rounds.last()) else {
            continue;
        };
        let mut moved = Vec::new();
        let mut still = Vec::new();
        for actor in &q.actors {
            for issue in &q.issues {
                if let (Some(a), Some(b)) =
                    (position(first, actor, issue), position(last, actor, issue))
                {
                    // "Moved" is relative to the scale: 0.05 on 0-100, as before.
                    let span = d
                        .analysis
                        .issues
                        .iter()
                        .find(|i| &i.id == issue)
                        .map_or(100.0, |i| i.scale[1] - i.scale[0]);
                    if (b - a).abs() >= 0.0005 * span {
                        moved.push(format!(
                            "{actor} on {issue} {} → {}",
                            issue_value(d.analysis, issue, a),
                            issue_value(d.analysis, issue, b)
                        ));
                    } else {
                        still.push(format!("{actor} on {issue}"));
                    }
                }
            }
        }
        if moved.is_empty() && still.is_empty() {
            continue;
        }
        let mut text = format!(
            "<strong>{}</strong> ({} rounds): ",
            m.model,
            rounds.len() - 1
        );
        text.push_str(&escape(&if moved.is_empty() {
            "no position moves".to_owned()
        } else {
            format!("moves {}", moved.join("; "))
        }));
        if !still.is_empty() && !moved.is_empty() {
            text.push_str(&escape(&format!("; unchanged: {}", still.join(", "))));
        }
        items.push(text);
    }
    if items.is_empty() {
        return;
    }
    p.raw("<p>Do their positions move? Start → after the last round, voting positions:</p><ul>");
    for it in items {
        p.raw(&format!("<li>{it}</li>"));
    }
    p.raw("</ul>");
}

/// An uncertain input and the forecast it explains the most of.
pub(super) struct RankedInput {
    /// The input's what-if path.
    pub input: String,
    /// Its share of that forecast's variance.
    pub share: f64,
    /// The forecast's model.
    pub model: String,
    /// The forecast's issue.
    pub issue: String,
}

/// The `n` inputs ranked highest by `key(forecast, share)` over the forecasts of `issues`,
/// each with the forecast where its key is largest; ties by input path; inputs whose key is
/// not positive left out.
pub(super) fn ranked_inputs(
    s: &Sensitivity,
    issues: &[String],
    n: usize,
    key: impl Fn(&ForecastSensitivity, f64) -> f64,
) -> Vec<RankedInput> {
    let mut best: IndexMap<&str, (f64, RankedInput)> = IndexMap::new();
    for f in s.forecasts.iter().filter(|f| issues.contains(&f.issue)) {
        for i in &f.inputs {
            let k = key(f, i.variance_share);
            let e = best.entry(i.input.as_str()).or_insert_with(|| {
                let none = RankedInput {
                    input: i.input.clone(),
                    share: 0.0,
                    model: String::new(),
                    issue: String::new(),
                };
                (0.0, none)
            });
            if k > e.0 {
                e.0 = k;
                e.1.share = i.variance_share;
                e.1.model = f.model.clone();
                e.1.issue = f.issue.clone();
            }
        }
    }
    let mut ranked: Vec<(f64, RankedInput)> = best.into_values().collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.input.cmp(&b.1.input)));
    ranked
        .into_iter()
        .take(n)
        .filter(|(k, _)| *k > 0.0)
        .map(|(_, r)| r)
        .collect()
}

/// The uncertain inputs that explain most of the variance of the question's forecasts.
fn drivers(p: &mut Page, d: &ReportData, q: &QuestionView) {
    let Some(s) = d.sensitivity else { return };
    let names = Names::new(d.scenario, d.analysis);
    let top: Vec<String> = ranked_inputs(s, &q.issues, 3, |_, share| share)
        .iter()
        .map(|r| {
            format!(
                "{} ({} of the variance of the {}'s forecast of {})",
                escape(&names.input(&r.input)),
                pct(r.share),
                escape(&names.model_distinct(&r.model)),
                escape(&names.issue(&r.issue))
            )
        })
        .collect();
    if top.is_empty() {
        return;
    }
    p.raw(&format!(
        "<p>What decides it: the inputs that explain most of the variance of these issues' \
         forecasts are {}.</p>",
        and_list(&top)
    ));
}
