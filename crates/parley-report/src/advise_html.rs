//! Strategy advice (`parley advise --format html`) as one self-contained HTML page: inline CSS,
//! no scripts; the goal and its odds, the levers with each model's effect, the best proposals
//! and the coalitions, then the limits.

use std::fmt::Write;

use parley_core::Scenario;
use parley_core::advise::{Advice, Measure, Package, ProposalSet};

use crate::svg::escape;
use crate::text::scenario_value;

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;\
padding:0 1rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1.5rem}\
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}\
td.n{text-align:right;font-variant-numeric:tabular-nums}code{background:#f4f4f4;padding:0 .2rem}\
.note{color:#555;font-size:.9rem}";

// Odds as `parley mc` and `parley bargain` print them (one decimal), so 0.5% never reads 0%.
use crate::text::percent as pct;

fn actor_name<'a>(s: &'a Scenario, id: &'a str) -> &'a str {
    s.actors
        .iter()
        .find(|a| a.id == id)
        .map_or(id, |a| a.name.as_str())
}

/// The advice as a complete HTML document.
pub fn render(s: &Scenario, a: &Advice, variant: &str) -> String {
    let mut h = String::new();
    let title = format!("Advice for {} — {}", actor_name(s, &a.actor), s.meta.name);
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>{STYLE}</style></head><body><h1>{}</h1>",
        escape(&title),
        escape(&title)
    );
    if !variant.is_empty() {
        let _ = write!(
            h,
            "<p class=\"note\"><strong>Advice on a variant, not on the coding as written.</strong> \
             Applied before every run: {}.</p>",
            escape(variant)
        );
    }
    let _ = write!(h, "<p>Models: {}.</p>", escape(&a.models.join(", ")));
    baseline(&mut h, a);
    levers(&mut h, s, a);
    proposals(&mut h, s, a);
    coalitions(&mut h, a);
    h.push_str(
        "<h2>Limits</h2><p class=\"note\">Advice is only as good as the forecasts behind it. On \
         the DEU III backtest's held-out half (docs/backtest.md) the models miss real outcomes by \
         25 to 36 points of a 0-100 scale on average; a lever worth a few points is inside that \
         error. Prefer levers that help under every model. Method and limits: docs/advise.md.\
         </p></body></html>\n",
    );
    h
}

fn baseline(h: &mut String, a: &Advice) {
    let _ = write!(h, "<h2>Without a move</h2>");
    if let Some(g) = &a.goal {
        let _ = write!(h, "<p>Goal: <code>{}</code></p>", escape(g));
    }
    h.push_str("<table><tr><th>model</th>");
    if a.goal.is_some() {
        h.push_str("<th>goal holds</th><th>shortfall</th>");
    }
    h.push_str("<th>utility of the advised actor</th></tr>");
    for b in &a.baseline {
        let _ = write!(h, "<tr><td>{}</td>", escape(&b.model));
        if a.goal.is_some() {
            let _ = write!(
                h,
                "<td>{}</td><td class=\"n\">{:.1}</td>",
                if b.holds == Some(true) { "yes" } else { "no" },
                b.shortfall.unwrap_or(0.0)
            );
        }
        let _ = write!(h, "<td class=\"n\">{:+.3}</td></tr>", b.utility);
    }
    h.push_str("</table>");
    if let Some(o) = &a.baseline_odds {
        let odds: Vec<String> = o
            .probability
            .iter()
            .map(|(m, p)| format!("{} {}", escape(m), pct(*p)))
            .collect();
        let _ = write!(
            h,
            "<p>Odds of the goal over {} Monte Carlo runs (seed {}, input ranges only): {}.</p>",
            o.runs,
            o.seed,
            odds.join(", ")
        );
    }
    if a.goal_reachable == Some(false) {
        h.push_str("<p><strong>No lever reaches this goal</strong> under any model.</p>");
    }
}

/// What `--budget` did to the search, for the text and the HTML alike: it replaces the ranges,
/// so a reader comparing with a run without it must know the range levers were not tried.
pub fn budget_moves(b: f64) -> String {
    format!(
        "every position by {}% of its issue's scale and every salience by {b}, either way; the \
         ranges' ends were not tried.",
        parley_core::advise::percent_of(b)
    )
}

fn levers(h: &mut String, s: &Scenario, a: &Advice) {
    let unit = match a.measure {
        Measure::GoalShortfall => "points closer to the goal",
        Measure::Utility => "utility gain",
    };
    let _ = write!(
        h,
        "<h2>Levers</h2><p class=\"note\">{} moves tried, each an exact re-run of every model; \
         effect = {unit}. Apply one with <code>--set</code>.</p>",
        a.evaluated
    );
    if let Some(b) = a.budget {
        let _ = write!(
            h,
            "<p class=\"note\">Moves by the budget: {}</p>",
            budget_moves(b)
        );
    }
    if !a.screened_with.is_empty() {
        let _ = write!(
            h,
            "<p class=\"note\">Screened with {} first; only the best were re-run under every \
             model.</p>",
            escape(&a.screened_with.join(", "))
        );
    }
    h.push_str("<table><tr><th>#</th><th>edit</th><th>in words</th>");
    for m in &a.models {
        let _ = write!(h, "<th>{}</th>", escape(m));
    }
    h.push_str("<th>mean</th><th>worst</th><th>odds after</th><th>asks / concedes</th></tr>");
    for (k, l) in a.levers.iter().enumerate() {
        let _ = write!(
            h,
            "<tr><td>{}</td><td><code>{}</code></td><td>{}'s {} on {}: {} to {}</td>",
            k + 1,
            escape(&l.edit),
            escape(actor_name(s, &l.actor)),
            l.field.name(),
            escape(&l.issue),
            l.from,
            l.to
        );
        for e in &l.effects {
            let _ = write!(h, "<td class=\"n\">{:+.3}</td>", e.effect);
        }
        let mut odds = l.odds.as_ref().map_or(String::new(), |o| {
            o.probability
                .iter()
                .map(|(m, p)| format!("{} {}", escape(m), pct(*p)))
                .collect::<Vec<_>>()
                .join(", ")
        });
        for f in &l.odds_fall {
            let _ = write!(
                odds,
                "<br><strong>lower under {}</strong>: {} &rarr; {} ({} noise of {:.1} points)",
                escape(&f.model),
                pct(f.before),
                pct(f.after),
                if f.beyond_noise { "beyond" } else { "within" },
                100.0 * f.noise
            );
        }
        let cost = match (l.ask, l.concession) {
            (Some(k), _) => format!("asks {k:.3}"),
            (_, Some(c)) => format!("concedes {c:.3}"),
            _ => String::new(),
        };
        let _ = write!(
            h,
            "<td class=\"n\">{:+.3}</td><td class=\"n\">{:+.3} ({})</td><td>{odds}</td><td>{cost}</td></tr>",
            l.mean_effect,
            l.worst_effect,
            escape(&l.worst_model)
        );
    }
    h.push_str("</table>");
}

fn package(s: &Scenario, p: &Package) -> String {
    let pos: Vec<String> = p
        .position
        .iter()
        .map(|(i, v)| format!("{} {}", escape(i), scenario_value(s, i, *v)))
        .collect();
    format!(
        "{} (gain worst {:+.3}, mean {:+.3})",
        pos.join(", "),
        p.worst_gain,
        p.mean_gain
    )
}

fn proposals(h: &mut String, s: &Scenario, a: &Advice) {
    h.push_str(
        "<h2>Best proposal</h2><p class=\"note\">Every other party must weakly prefer it to the \
         forecast without a deal.</p><table><tr><th>issues</th><th>parties</th>\
         <th>under every model</th><th>per model</th><th>no gain under</th></tr>",
    );
    for p in &a.proposals {
        proposal_row(h, s, p);
    }
    h.push_str("</table>");
}

fn proposal_row(h: &mut String, s: &Scenario, p: &ProposalSet) {
    let robust = p
        .robust
        .as_ref()
        .map_or("none found".into(), |r| package(s, r));
    let per: Vec<String> = p
        .per_model
        .iter()
        .filter(|m| !p.none_under.contains(&m.model))
        .filter_map(|m| {
            let pk = m.package.as_ref()?;
            Some(format!("{}: {}", escape(&m.model), package(s, pk)))
        })
        .collect();
    let robust = match &p.acceptance {
        Some(acc) => {
            let with_error = acc
                .under_all_with_model_error
                .map_or(String::new(), |w| format!("{} with model error, ", pct(w)));
            format!(
                "{robust}<br>accepted under all models in {with_error}{} inputs only \
                 ({} runs)",
                pct(acc.under_all),
                acc.runs
            )
        }
        None => robust,
    };
    let _ = write!(
        h,
        "<tr><td>{}</td><td>{}</td><td>{robust}</td><td>{}</td><td>{}</td></tr>",
        escape(&p.issues.join(", ")),
        escape(&p.parties.join(", ")),
        per.join("<br>"),
        escape(&p.none_under.join(", "))
    );
}

fn coalitions(h: &mut String, a: &Advice) {
    h.push_str(
        "<h2>Coalitions</h2><p>A partner asked more than its stake (its gain from the status \
         quo to its own positions) would be converted, not allied; conversions come after \
         every coalition.</p><table><tr><th>partners</th><th>mean effect</th><th>worst</th>\
         <th>asks (of the partner's stake)</th><th>EUM now</th><th>SMP: odds of the actor's position (now, aligned)</th>\
         <th>edits</th></tr>",
    );
    for c in &a.coalitions {
        let eum: Vec<String> = c
            .eum
            .iter()
            .map(|(i, k)| format!("{} {}", escape(i), escape(k)))
            .collect();
        let edits: Vec<String> = c
            .edits
            .iter()
            .map(|e| format!("<code>{}</code>", escape(e)))
            .collect();
        let smp = c.smp.map_or(String::new(), |o| {
            format!("{} &rarr; {}", pct(o.before), pct(o.after))
        });
        let asks: Vec<String> = c
            .asks
            .iter()
            .map(|k| {
                let stake = k
                    .stake
                    .map_or("stake unknown".to_owned(), |v| format!("stake {v:.3}"));
                format!("{} {:.3} ({stake})", escape(&k.partner), k.ask)
            })
            .collect();
        let label = if c.conversion {
            " <strong>(a conversion, not a coalition)</strong>"
        } else {
            ""
        };
        let _ = write!(
            h,
            "<tr><td>{}{label}</td><td class=\"n\">{:+.3}</td><td class=\"n\">{:+.3} ({})</td>\
             <td>{}</td><td>{}</td><td>{smp}</td><td>{}</td></tr>",
            escape(&c.partners.join(" + ")),
            c.mean_effect,
            c.worst_effect,
            escape(&c.worst_model),
            asks.join("; "),
            eum.join(", "),
            edits.join(" ")
        );
    }
    h.push_str("</table>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use parley_core::advise::{self, Settings};
    use parley_core::{Actor, Cancel, Issue};

    #[test]
    fn the_page_is_complete_and_escapes_names() {
        let mut s = Scenario::named("a <b> & c");
        s.issues.push(Issue::new("x").with_status_quo(0.0));
        s.actors
            .push(Actor::new("p", 1.0).with_stance("x", 80.0, 1.0));
        s.actors
            .push(Actor::new("q", 2.0).with_stance("x", 20.0, 0.5));
        let settings = Settings {
            budget: Some(0.2),
            ..Settings::new("p")
        };
        let a = advise::advise(
            &s,
            &parley_core::models::all(),
            &settings,
            None,
            &Cancel::never(),
        )
        .expect("advice");
        let html = render(&s, &a, "");
        assert!(!html.contains("Advice on a variant"));
        let variant = render(&s, &a, "set: q.x.position = <1>");
        assert!(variant.contains("Advice on a variant"));
        assert!(variant.contains("set: q.x.position = &lt;1&gt;"));
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.ends_with("</html>\n"));
        assert!(html.contains("a &lt;b&gt; &amp; c"));
        assert!(!html.contains("a <b>"));
        for l in &a.levers {
            assert!(html.contains(&escape(&l.edit)), "{}", l.edit);
        }
        // q (at 20, status quo 0, salience 0.5) taking p's 80 is asked 0.5 * 60 / 100 = 0.3,
        // more than its stake 0.5 * 20 / 100 = 0.1: a conversion, labelled so.
        let q = a.coalitions.iter().find(|c| c.partners == ["q"]);
        assert!(q.is_some_and(|c| c.conversion), "{:?}", a.coalitions);
        assert!(html.contains("q <strong>(a conversion, not a coalition)</strong>"));
        assert!(html.contains("q 0.300 (stake 0.100)"));
        // Every coalition's SMP odds are in its row.
        for c in &a.coalitions {
            let o = c.smp.expect("smp ran");
            let cell = format!("{:.1}% &rarr; {:.1}%", 100.0 * o.before, 100.0 * o.after);
            assert!(html.contains(&cell), "{cell}");
        }
    }
}
