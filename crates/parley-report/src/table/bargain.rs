//! `parley bargain`: the grand-bargain report in plain terms: trades within each linkage, who
//! gains and who loses, bilateral deals, the mediator's proposal, and the scenario's questions
//! answered in sentences with the numbers behind them.

use std::cmp::Ordering;
use std::fmt::Write;

use comfy_table::Cell;
use indexmap::IndexMap;
use parley_core::Analysis;
use parley_core::analysis::verdict::compare_gains;
use parley_core::bargain::{Bargain, DealTerm, LinkedTrades, PairDeal};
use parley_core::condition::Condition;
use parley_core::uncertainty::McResult;

use super::new_table;
use super::right;
use crate::text::{Shown, issue_value, issue_values, num, signed};

/// Gains of the compared actors under one view: (actor id, gain).
type Gains = Vec<(String, Option<f64>)>;
/// A named view (a model, a linkage's trades or joint deal) and its gains.
type View = (String, Gains);

/// The whole report.
pub fn render(
    a: &Analysis,
    b: &Bargain,
    odds: Option<&McResult>,
    caveat: Option<&str>,
    width: u16,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: the grand bargain", a.scenario);
    if let Some(c) = caveat {
        let _ = writeln!(out, "Note: {c}");
    }
    // What the variant's edits did beyond their numbers (a mediation that lapsed).
    out.push_str(&crate::text::note_lines(&a.notes, None));
    for l in &b.linkages {
        linkage(&mut out, a, l, width);
    }
    if b.linkages.is_empty() {
        let _ = writeln!(
            out,
            "\nThe scenario links no issues ([[linkage]]): there is no cross-issue trade to show."
        );
    }
    if a.mediation.is_some() {
        let _ = writeln!(out, "\nMediation");
        out.push_str(&super::run::mediation_section(a, width));
    }
    answers(&mut out, a, b, odds);
    out
}

fn linkage(out: &mut String, a: &Analysis, l: &LinkedTrades, width: u16) {
    let _ = writeln!(out, "\n== {} [{}]: {}", l.name, l.id, l.issues.join(", "));
    let total: usize = l.trades.rounds.iter().map(Vec::len).sum();
    let _ = writeln!(
        out,
        "Exchange model, trades only across these issues: {total} trades in {} rounds; outcome {}.",
        l.trades.rounds.len(),
        issue_values(a, &l.outcome)
    );
    let mut pairs: IndexMap<(String, String), (usize, f64)> = IndexMap::new();
    for t in l.trades.rounds.iter().flatten() {
        let key = ordered(&t.i.actor, &t.j.actor);
        let e = pairs.entry(key).or_insert((0, 0.0));
        e.0 += 1;
        e.1 += t.gain / 100.0;
    }
    let list: Vec<String> = pairs
        .iter()
        .map(|((x, y), (n, g))| format!("{x}-{y} {n} ({})", signed(*g, 4)))
        .collect();
    if !list.is_empty() {
        let _ = writeln!(
            out,
            "Trading pairs (trades, summed gain per partner): {}.",
            list.join(", ")
        );
    }
    let mut t = new_table(width);
    t.set_header(vec![
        "Actor",
        "Gain vs status quo",
        "Own trade gains",
        "Effect of others' trades",
    ]);
    for (actor, gain) in &l.gains {
        let totals = l.trades.totals.get(actor);
        t.add_row(vec![
            Cell::new(actor),
            right(gain.map_or("-".into(), |g| signed(g, 3))),
            right(totals.map_or("-".into(), |x| signed(x.own_gain / 100.0, 3))),
            right(totals.map_or("-".into(), |x| signed(x.externality / 100.0, 3))),
        ]);
    }
    let _ = writeln!(out, "{t}");
    deals_table(out, a, l, width);
}

/// How many bilateral deals the text shows; `--format json` has every pair.
const DEALS_SHOWN: usize = 10;

/// The bilateral deals as terms (usability item 32: a list of gains said who gains, not what
/// the deal is): per pair, where the deal lands on each issue and who gives how much ground
/// there, then each actor's gain, sorted by joint gain.
fn deals_table(out: &mut String, a: &Analysis, l: &LinkedTrades, width: u16) {
    let mut deals: Vec<&PairDeal> = l.pairs.iter().filter(|p| p.deal).collect();
    // Stable: equal joint gains keep the pairs' scenario order; pairs without gains last.
    deals.sort_by(|x, y| match (x.joint_gain, y.joint_gain) {
        (Some(p), Some(q)) => q.total_cmp(&p),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let shown = deals.len().min(DEALS_SHOWN);
    let _ = writeln!(
        out,
        "Bilateral deals (two actors alone, joint NBS over these issues, both better off than the status quo): {} of {} pairs{}",
        deals.len(),
        l.pairs.len(),
        if deals.is_empty() {
            ".".to_owned()
        } else if shown < deals.len() {
            format!(
                "; the {shown} with the largest joint gain (all in --format json), where each \
                 lands and who gives ground from its position:"
            )
        } else {
            ", largest joint gain first, where each lands and who gives ground from its position:"
                .to_owned()
        }
    );
    if deals.is_empty() {
        return;
    }
    let mut t = new_table(width);
    let mut header = vec!["Pair (1st-2nd)".to_owned()];
    for issue in &l.issues {
        let sq = l.pairs[0]
            .terms
            .iter()
            .find(|t| &t.issue == issue)
            .and_then(|t| t.status_quo);
        header.push(match sq {
            Some(q) => format!("{issue}\n(status quo {})", issue_value(a, issue, q)),
            None => issue.clone(),
        });
    }
    header.extend(["Gain 1st".into(), "Gain 2nd".into(), "Joint".into()]);
    t.set_header(header);
    let g = |v: Option<f64>| right(v.map_or("-".into(), |v| signed(v, 3)));
    for p in deals.iter().take(shown) {
        let mut row = vec![Cell::new(format!("{}-{}", p.a, p.b))];
        for issue in &l.issues {
            let cell = p
                .terms
                .iter()
                .find(|t| &t.issue == issue)
                .map_or("-".to_owned(), |t| term_words(a, p, t));
            row.push(Cell::new(cell));
        }
        row.extend([g(p.gain_a), g(p.gain_b), g(p.joint_gain)]);
        t.add_row(row);
    }
    let _ = writeln!(out, "{t}");
}

/// "70.0 (gives: rus 25.0)": where a deal lands on one issue and who gives ground, in points
/// of the issue's scale; a concession that rounds to 0 is none, and where no one gives ground
/// the cell says whose position the deal keeps.
fn term_words(a: &Analysis, p: &PairDeal, t: &DealTerm) -> String {
    let value = |x: f64| issue_value(a, &t.issue, x);
    let zero = value(0.0);
    let mut gives = Vec::new();
    let mut keeps = Vec::new();
    for (who, c) in [(&p.a, t.concession_a), (&p.b, t.concession_b)] {
        match c.map(value) {
            Some(c) if c != zero => gives.push(format!("{who} {c}")),
            Some(_) => keeps.push(who.as_str()),
            None => {}
        }
    }
    let at = value(t.outcome);
    match (gives.is_empty(), keeps.as_slice()) {
        (false, _) => format!("{at} (gives: {})", gives.join(", ")),
        (true, [one]) => format!("{at} ({one}'s position)"),
        (true, [_, _]) => format!("{at} (both positions)"),
        (true, _) => at,
    }
}

fn ordered(x: &str, y: &str) -> (String, String) {
    if x <= y {
        (x.to_owned(), y.to_owned())
    } else {
        (y.to_owned(), x.to_owned())
    }
}

/// Whether `condition` holds on `values` (issues of `a`), when every issue it names has a
/// value.
fn holds(a: &Analysis, condition: &str, values: &IndexMap<String, f64>) -> Option<bool> {
    Condition::parse(condition)
        .ok()?
        .holds_with(|issue| Some((*values.get(issue)?, scale_of(a, issue)?)))
}

/// The own scale of issue `id` of `a`.
fn scale_of(a: &Analysis, id: &str) -> Option<[f64; 2]> {
    a.issues.iter().find(|i| i.id == id).map(|i| i.scale)
}

fn yes_no(h: bool) -> &'static str {
    if h { "yes" } else { "no" }
}

fn answers(out: &mut String, a: &Analysis, b: &Bargain, odds: Option<&McResult>) {
    if a.questions.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nAnswers: point values of the coding first, then odds over its ranges ({})",
        odds.map_or("no Monte Carlo: --runs 0".to_owned(), |r| format!(
            "{} Monte Carlo runs, seed {}",
            r.runs, r.seed
        ))
    );
    if let Some(r) = odds {
        let _ = writeln!(out, "{}", super::mc::sampling_error(r.runs));
    }
    // Two questions about the same actors (and linkage, and issues) get the same blocks; the
    // later one points back to the earlier, as the HTML report does.
    let mut shown = Shown::default();
    for (k, q) in a.questions.iter().enumerate() {
        let _ = writeln!(out, "\n{}", q.text);
        if let Some(c) = &q.condition {
            condition_answer(out, a, b, q, c);
        }
        let actors = q.actors.join(",");
        let link = q.linkage.as_deref().unwrap_or_default();
        if !q.actors.is_empty() {
            let issues = q.issues.join(",");
            match shown.before(format!("movement {actors} {issues}"), k) {
                None => movement_answer(out, a, q),
                Some(n) => refer(out, a, n, "How their positions move over the rounds"),
            }
            match shown.before(format!("gains {actors} {link}"), k) {
                None => gains_answer(out, a, b, q),
                Some(n) => refer(out, a, n, "Their gains over the status quo"),
            }
        }
        if let Some(r) = odds {
            odds_answer(out, r, &q.id);
        }
        if let Some(l) = q
            .linkage
            .as_ref()
            .and_then(|id| b.linkages.iter().find(|x| &x.id == id))
        {
            match shown.before(format!("linkage {actors} {link}"), k) {
                None => linkage_answer(out, a, l, &q.actors),
                Some(n) => refer(
                    out,
                    a,
                    n,
                    &format!("The trades and bilateral deals within '{}'", l.id),
                ),
            }
        }
    }
}

/// A pointer to the block that question `n` (an index into the analysis's questions) showed.
fn refer(out: &mut String, a: &Analysis, n: usize, what: &str) {
    let earlier = a.questions.get(n).map_or("", |q| q.text.as_str());
    let _ = writeln!(out, "  {what}: as under \"{earlier}\" above.");
}

fn condition_answer(
    out: &mut String,
    a: &Analysis,
    b: &Bargain,
    q: &parley_core::analysis::QuestionView,
    c: &str,
) {
    let _ = writeln!(out, "  Condition: {c}.");
    for ans in &q.answers {
        if let Some(h) = ans.holds {
            let _ = writeln!(
                out,
                "  - {}: {} ({}).",
                ans.model,
                yes_no(h),
                issue_values(a, &ans.forecast)
            );
        }
    }
    if let Some(m) = &a.mediation
        && let Some(h) = holds(a, c, &m.proposal)
    {
        let _ = writeln!(
            out,
            "  - with {}'s mediation (its proposal): {} ({}).",
            m.mediator,
            yes_no(h),
            issue_values(a, &m.proposal)
        );
    }
    for l in &b.linkages {
        if let Some(h) = holds(a, c, &l.outcome) {
            let _ = writeln!(
                out,
                "  - trading within '{}' (exchange model): {} ({}).",
                l.id,
                yes_no(h),
                issue_values(a, &l.outcome)
            );
        }
    }
}

fn gains_answer(
    out: &mut String,
    a: &Analysis,
    b: &Bargain,
    q: &parley_core::analysis::QuestionView,
) {
    let _ = writeln!(
        out,
        "  Gains over the status quo (utility units; + gains, - loses):"
    );
    let views = gain_views(a, b, q);
    for (label, gains) in &views {
        let shown: Vec<String> = gains
            .iter()
            .map(|(actor, g)| format!("{actor} {}", g.map_or("-".into(), |g| signed(g, 3))))
            .collect();
        let _ = writeln!(out, "  - {label}: {}.", shown.join(", "));
    }
    if q.actors.len() == 2 {
        verdict(out, &q.actors, &views);
    }
}

/// The question's actors' gains under every view: each model on all issues, then, for the
/// question's linkage (or every linkage), the exchange model's trades and the joint deal.
fn gain_views(a: &Analysis, b: &Bargain, q: &parley_core::analysis::QuestionView) -> Vec<View> {
    let mut views: Vec<View> = q
        .answers
        .iter()
        .map(|ans| {
            let gains = ans.gains.iter().map(|(k, v)| (k.clone(), *v)).collect();
            (format!("{} (all issues)", ans.model), gains)
        })
        .collect();
    let wanted = |id: &str| q.linkage.as_deref().is_none_or(|l| l == id);
    let of = |gains: &IndexMap<String, Option<f64>>| -> Gains {
        q.actors
            .iter()
            .map(|x| (x.clone(), gains.get(x).copied().flatten()))
            .collect()
    };
    for l in b.linkages.iter().filter(|l| wanted(&l.id)) {
        let label = format!("trading within '{}' (exchange model, linked issues)", l.id);
        views.push((label, of(&l.gains)));
    }
    for l in a.linkages.iter().filter(|l| wanted(&l.id)) {
        views.push((
            format!("a joint deal on '{}' (joint NBS)", l.id),
            of(&l.gains),
        ));
    }
    views
}

/// How the question's actors' positions move over an iterative model's rounds.
fn movement_answer(out: &mut String, a: &Analysis, q: &parley_core::analysis::QuestionView) {
    use parley_core::analysis::RoundPositions;
    for m in &a.models {
        let Some(rounds) = &m.rounds else { continue };
        let (Some(first), Some(last)) = (rounds.first(), rounds.last()) else {
            continue;
        };
        let at = |r: &parley_core::analysis::RoundView, actor: &str, issue: &str| match r
            .positions
            .get(actor)?
        {
            RoundPositions::One(v) => Some(*v),
            RoundPositions::Many(map) => map.get(issue).copied(),
        };
        let mut moves = Vec::new();
        for actor in &q.actors {
            for issue in &q.issues {
                if let (Some(x0), Some(x1)) = (at(first, actor, issue), at(last, actor, issue)) {
                    moves.push(format!(
                        "{actor} on {issue} {} -> {}",
                        issue_value(a, issue, x0),
                        issue_value(a, issue, x1)
                    ));
                }
            }
        }
        if !moves.is_empty() {
            let _ = writeln!(
                out,
                "  Positions, start -> after the last round ({}, voting positions): {}.",
                m.model,
                moves.join("; ")
            );
        }
    }
}

/// The question's Monte Carlo odds: its condition per model, and deals between its actors.
fn odds_answer(out: &mut String, r: &McResult, question: &str) {
    for c in r.conditions.iter().filter(|c| c.source == question) {
        let p = super::mc::percents(&c.probability);
        if c.with_model_error.is_empty() {
            let _ = writeln!(out, "  Odds that the condition holds: {p}.");
        } else {
            let e = super::mc::percents(&c.with_model_error);
            let _ = writeln!(
                out,
                "  Odds that the condition holds, with model error: {e}; inputs only: {p}."
            );
        }
    }
    for d in r.deals.iter().filter(|d| d.question == question) {
        let _ = writeln!(
            out,
            "  Odds that {} and {} alone have a deal on '{}' (both better off than the status quo): {}%.",
            d.a,
            d.b,
            d.linkage,
            num(d.probability * 100.0, 1)
        );
    }
}

/// For two compared actors: under which views each gains more.
fn verdict(out: &mut String, actors: &[String], views: &[View]) {
    let (x, y) = (&actors[0], &actors[1]);
    let (mut x_more, mut y_more, mut tied) = (Vec::new(), Vec::new(), Vec::new());
    let mut ranked = 0;
    for (view, gains) in views {
        let get = |id: &String| gains.iter().find(|(k, _)| k == id).and_then(|(_, v)| *v);
        match compare_gains(get(x), get(y)) {
            Some(Ordering::Greater) => x_more.push(view.as_str()),
            Some(Ordering::Less) => y_more.push(view.as_str()),
            Some(Ordering::Equal) => tied.push(view.as_str()),
            None => continue,
        }
        ranked += 1;
    }
    if ranked == 0 {
        let _ = writeln!(
            out,
            "  Verdict: no view can rank {x} and {y}: a gain cannot be computed (no status quo \
             on the issues they take part in)."
        );
        return;
    }
    let list = |v: &[&str]| {
        if v.is_empty() {
            "none".to_owned()
        } else {
            v.join(", ")
        }
    };
    // A tie is a view too: leaving it out made "3 of 7 views ...; 3 ..." miss the seventh.
    let ties = if tied.is_empty() {
        String::new()
    } else {
        format!("; they tie under {} ({})", tied.len(), tied.join(", "))
    };
    let _ = writeln!(
        out,
        "  Verdict: {x} gains more under {} of {} views ({}); {y} under {} ({}){ties}.",
        x_more.len(),
        views.len(),
        list(&x_more),
        y_more.len(),
        list(&y_more)
    );
}

fn linkage_answer(out: &mut String, a: &Analysis, l: &LinkedTrades, actors: &[String]) {
    let total: usize = l.trades.rounds.iter().map(Vec::len).sum();
    let _ = writeln!(
        out,
        "  Within '{}': {total} mutually profitable trades over {} rounds.",
        l.id,
        l.trades.rounds.len()
    );
    for (k, x) in actors.iter().enumerate() {
        for y in &actors[k + 1..] {
            let between = l
                .trades
                .rounds
                .iter()
                .flatten()
                .filter(|t| ordered(&t.i.actor, &t.j.actor) == ordered(x, y))
                .count();
            let deal = l
                .pairs
                .iter()
                .find(|p| ordered(&p.a, &p.b) == ordered(x, y));
            let deal_text = match deal {
                Some(p) if p.deal => {
                    format!("a bilateral deal exists ({})", issue_values(a, &p.outcome))
                }
                Some(_) => {
                    "no bilateral deal leaves both better off than the status quo".to_owned()
                }
                None => "they do not both have a stake in these issues".to_owned(),
            };
            let _ = writeln!(out, "  {x} and {y}: {between} direct trades; {deal_text}.");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(name: &str, x: f64, y: f64) -> View {
        (
            name.to_owned(),
            vec![("x".to_owned(), Some(x)), ("y".to_owned(), Some(y))],
        )
    }

    /// Sweep 5 item 17: a view under which the two gain the same is named, so the counts add
    /// up to the views.
    #[test]
    fn the_verdict_names_the_views_that_tie() {
        let views = [
            view("compromise", 0.2, 0.1),
            view("eum", 0.0, 0.3),
            view("nbs", 0.0, 0.0),
        ];
        let mut out = String::new();
        verdict(&mut out, &["x".to_owned(), "y".to_owned()], &views);
        assert_eq!(
            out,
            "  Verdict: x gains more under 1 of 3 views (compromise); y under 1 (eum); they tie \
             under 1 (nbs).\n"
        );
    }
}
