//! The scenario as the analyst coded it: actors, issues, linkages, mediator, what-ifs, and the
//! evidence behind every number.

use parley_core::{Estimate, Evidence};

use super::ReportData;
use super::page::{Cell, Page};
use crate::chart::style::num;
use crate::svg::escape;
use crate::text::{given, on_scale, significant};

/// `value (low-high)` for an estimate with a range, else the value.
pub fn estimate(e: &Estimate, decimals: usize) -> String {
    estimate_by(e, |x| num(x, decimals))
}

/// `value (low-high)` with each number written by `write` (the issue's scale for positions,
/// significant digits for capabilities).
fn estimate_by(e: &Estimate, write: impl Fn(f64) -> String) -> String {
    match &e.spread {
        Some(s) => format!("{} ({}–{})", write(e.value), write(s.low), write(s.high)),
        None => write(e.value),
    }
}

/// The evidence as HTML: the note, then where in which source it is.
pub fn evidence(e: &Evidence) -> String {
    let mut out = e.note.as_deref().map(escape).unwrap_or_default();
    let place = match (&e.source, e.sentence) {
        (Some(src), Some(s)) => Some(format!("{src}, sentence {s}")),
        (None, Some(s)) => Some(format!("sentence {s}")),
        (Some(src), None) => Some(src.clone()),
        (None, None) => None,
    };
    if let Some(p) = place {
        out.push_str(&format!(" <span class=\"ev\">[{}]</span>", escape(&p)));
    }
    out
}

/// Evidence of several numbers in one cell, each labelled.
fn evidence_list(items: &[(&str, &Evidence)]) -> String {
    items
        .iter()
        .filter(|(_, e)| !e.is_empty())
        .map(|(label, e)| format!("<strong>{}:</strong> {}", escape(label), evidence(e)))
        .collect::<Vec<_>>()
        .join("<br>")
}

fn name_and_id(name: &str, id: &str) -> String {
    format!("{}<br><code>{}</code>", escape(name), escape(id))
}

/// The scenario section.
pub fn section(p: &mut Page, d: &ReportData) {
    let s = d.scenario;
    p.raw("<section id=\"scenario\"><h2>The scenario</h2>");
    p.tag("h3", "Actors");
    let rows = s
        .actors
        .iter()
        .map(|a| {
            let view = d.analysis.actors.iter().find(|v| v.id == a.id);
            let out = view.map_or(String::new(), |v| {
                if v.not_involved.is_empty() {
                    "every issue".to_owned()
                } else {
                    format!("not in {}", v.not_involved.join(", "))
                }
            });
            vec![
                Cell::Html(name_and_id(&a.name, &a.id)),
                Cell::Num(estimate_by(&a.capability, |x| significant(x, 0))),
                Cell::Text(out),
                Cell::Html(evidence_list(&[
                    ("Capability", &a.capability.evidence),
                    ("Actor", &a.evidence),
                ])),
            ]
        })
        .collect();
    p.table(
        "actors",
        &["Actor", "Capability (range)", "Takes part in", "Evidence"],
        rows,
    );
    p.tag("h3", "Issues");
    let rows = s
        .issues
        .iter()
        .map(|i| {
            let scale = [i.scale.min, i.scale.max];
            let mut ev: Vec<(&str, &Evidence)> = Vec::new();
            if let Some(q) = &i.status_quo {
                ev.push(("Status quo", &q.evidence));
            }
            ev.push(("Issue", &i.evidence));
            vec![
                Cell::Html(name_and_id(&i.name, &i.id)),
                Cell::Html(format!(
                    "<strong>{}</strong> = {}<br><strong>{}</strong> = {}",
                    given(scale[0], scale),
                    escape(&i.low),
                    given(scale[1], scale),
                    escape(&i.high)
                )),
                Cell::Num(
                    i.status_quo
                        .as_ref()
                        .map_or("none".into(), |q| estimate_by(q, |x| on_scale(x, scale))),
                ),
                Cell::Html(evidence_list(&ev)),
            ]
        })
        .collect();
    p.table(
        "issues",
        &[
            "Issue",
            "Ends of the scale",
            "Status quo (range)",
            "Evidence",
        ],
        rows,
    );
    p.tag("h3", "Positions and saliences, with their evidence");
    p.tag(
        "p",
        "Position on the issue's scale and salience (0 = does not care, 1 = top priority), each \
         with the analyst's range. Open an issue to read the evidence for every number.",
    );
    for issue in &s.issues {
        let scale = [issue.scale.min, issue.scale.max];
        p.raw(&format!(
            "<details data-issue=\"{}\"><summary>",
            escape(&issue.id)
        ));
        p.text(&issue.name);
        p.raw("</summary>");
        let rows = s
            .actors
            .iter()
            .filter_map(|a| a.stances.get(&issue.id).map(|st| (a, st)))
            .map(|(a, st)| {
                vec![
                    Cell::Html(name_and_id(&a.name, &a.id)),
                    Cell::Num(estimate_by(&st.position, |x| on_scale(x, scale))),
                    Cell::Num(estimate(&st.salience, 2)),
                    Cell::Html(evidence_list(&[
                        ("Position", &st.position.evidence),
                        ("Salience", &st.salience.evidence),
                        ("Stance", &st.evidence),
                    ])),
                ]
            })
            .collect();
        p.table(
            "stances",
            &["Actor", "Position (range)", "Salience (range)", "Evidence"],
            rows,
        );
        p.raw("</details>");
    }
    extras(p, d);
    p.raw("</section>");
}

fn extras(p: &mut Page, d: &ReportData) {
    let s = d.scenario;
    if !s.linkages.is_empty() || s.mediator.is_some() {
        p.tag("h3", "Linkages and mediator");
        p.raw("<ul>");
        for l in &s.linkages {
            p.raw(&format!(
                "<li><strong>{}</strong> (<code>{}</code>): {}. {}</li>",
                escape(&l.name),
                escape(&l.id),
                escape(&l.issues.join(", ")),
                evidence(&l.evidence)
            ));
        }
        if let Some(m) = &s.mediator {
            let parties = m
                .parties
                .as_ref()
                .map_or("every involved actor".into(), |v| v.join(", "));
            p.raw(&format!(
                "<li><strong>Mediator</strong>: <code>{}</code> on {}, between {}; bias toward \
                 its own position {}. {} {}</li>",
                escape(&m.actor),
                escape(&m.issues.join(", ")),
                escape(&parties),
                escape(&estimate(&m.bias, 2)),
                evidence(&m.evidence),
                evidence(&m.bias.evidence)
            ));
        }
        p.raw("</ul>");
    }
    if !s.context.is_empty() {
        p.tag("h3", "Context: parties recorded but not modelled");
        p.raw("<ul>");
        for c in &s.context {
            p.raw(&format!(
                "<li><strong>{}</strong>: {}</li>",
                escape(&c.name),
                evidence(&c.evidence)
            ));
        }
        p.raw("</ul>");
    }
    if !s.what_ifs.is_empty() {
        p.tag("h3", "What-ifs defined in the scenario");
        p.raw("<ul>");
        for w in &s.what_ifs {
            p.raw(&format!(
                "<li><strong>{}</strong> (<code>{}</code>): <code>{}</code>. {}</li>",
                escape(&w.name),
                escape(&w.id),
                escape(&w.edits.join("; ")),
                evidence(&w.evidence)
            ));
        }
        p.raw("</ul>");
    }
    if !s.meta.sources.is_empty() {
        p.tag("h3", "Sources");
        p.raw("<ul>");
        for (id, src) in &s.meta.sources {
            p.raw(&format!(
                "<li><code>{}</code>: {}</li>",
                escape(id),
                escape(src)
            ));
        }
        p.raw("</ul>");
    }
}
