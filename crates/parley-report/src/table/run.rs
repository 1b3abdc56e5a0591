//! The terminal summary: what a person reads first.
//!
//! Per issue, each model's forecast next to the status quo and the issue's end labels; per
//! actor, each model's utility gain; then the scenario's questions answered model by model.

use std::fmt::Write;

use comfy_table::{Cell, CellAlignment, Table};
use parley_core::Analysis;
use parley_core::analysis::{ModelRun, StatusView};
use parley_core::calibration::point::PointError;

use super::new_table;
use crate::text::{count, issue_value, issue_values, num, on_scale, signed, significant};

/// Renders the full summary, `width` columns wide (terminal width, or a fixed width when
/// piped, so output is stable).
pub fn render(a: &Analysis, caveat: Option<&str>, width: u16) -> String {
    render_with(a, caveat, "", None, width)
}

/// As [`render`], with `after_forecasts` (whole lines) printed right under the forecasts table,
/// where a reader weighs the numbers: the caller's notes on what the forecasts can bear; and
/// with `point`, the models' measured error at the point values, whose odds each question's
/// one-line verdict quotes.
pub fn render_with(
    a: &Analysis,
    caveat: Option<&str>,
    after_forecasts: &str,
    point: Option<&PointError>,
    width: u16,
) -> String {
    let mut out = String::new();
    let date = a
        .date
        .as_deref()
        .map(|d| format!(" ({d})"))
        .unwrap_or_default();
    let models: Vec<&str> = a.models.iter().map(|m| m.model.as_str()).collect();
    let _ = writeln!(out, "{}{date}", a.scenario);
    let _ = writeln!(
        out,
        "{}, {}; models: {}",
        count(a.actors.len(), "actor"),
        count(a.issues.len(), "issue"),
        models.join(", ")
    );
    if let Some(c) = caveat {
        let _ = writeln!(out, "Note: {c}");
    }
    let _ = writeln!(out, "\nForecasts (each issue on its own scale)");
    let _ = writeln!(out, "{}", forecasts(a, width));
    let notes = status_notes(a);
    if !notes.is_empty() {
        let _ = writeln!(out, "{notes}");
    }
    out.push_str(after_forecasts);
    let _ = writeln!(
        out,
        "\nWho gains (utility change against the status quo; + gains, - loses)"
    );
    let _ = writeln!(out, "{}", gains(a, width));
    let _ = writeln!(
        out,
        "Gain per issue = salience x (distance from status quo - distance from forecast) / 100, the\n\
         distances in percent of the issue's scale; totals sum the issues an actor takes part in\n\
         (salience above 0; 'Not involved in' lists the others). '-' in a model's column = takes\n\
         part in no issue with a status quo. Most possible = the total if every such issue ended\n\
         at the actor's own position: the yardstick for its gains (+0.3 is most of 0.35, little\n\
         of 2.7)."
    );
    for m in &a.models {
        if let Some(t) = &m.trades {
            out.push_str(&trades(a, t, width));
        }
    }
    if !a.linkages.is_empty() {
        let _ = writeln!(
            out,
            "\nLinked issues bargained jointly (joint Nash bargaining solution)"
        );
        out.push_str(&linkages(a, width));
    }
    if let Some(m) = &a.mediation {
        let _ = writeln!(out, "\nMediation");
        out.push_str(&mediation(a, m, width));
    }
    for s in &a.skipped {
        let _ = writeln!(out, "\nSkipped {}: {}", s.model, s.reason);
    }
    if !a.questions.is_empty() {
        let _ = writeln!(out, "\nQuestions");
        out.push_str(&questions(a, point));
    }
    out
}

/// "Name\nid", or just the id when the name repeats it.
fn name_and_id(name: &str, id: &str) -> String {
    if name == id {
        id.to_owned()
    } else {
        format!("{name}\n{id}")
    }
}

fn forecasts(a: &Analysis, width: u16) -> Table {
    let mut t = new_table(width);
    let mut header = vec![
        Cell::new("Issue"),
        Cell::new("Low end (min) .. high end (max)"),
        Cell::new("Status quo"),
    ];
    header.extend(a.models.iter().map(|m| Cell::new(&m.model)));
    t.set_header(header);
    for issue in &a.issues {
        let value = |x: f64| on_scale(x, issue.scale);
        let ends = format!(
            "{} ({}) .. {} ({})",
            issue.low,
            value(issue.scale[0]),
            issue.high,
            value(issue.scale[1])
        );
        let sq = issue.status_quo.map_or("-".into(), value);
        let mut row = vec![
            Cell::new(name_and_id(&issue.name, &issue.id)),
            Cell::new(ends),
            Cell::new(sq).set_alignment(CellAlignment::Right),
        ];
        for m in &a.models {
            row.push(forecast_cell(m, &issue.id, issue.scale));
        }
        t.add_row(row);
    }
    t
}

fn forecast_cell(m: &ModelRun, issue: &str, scale: [f64; 2]) -> Cell {
    let value = m
        .forecast
        .get(issue)
        .map_or("-".into(), |v| on_scale(*v, scale));
    let text = match m.status.get(issue) {
        Some(StatusView::NoAgreementZone { .. }) => format!("{value} *"),
        Some(StatusView::NoSalience) => format!("{value} †"),
        Some(StatusView::Fallback { .. }) => format!("{value} ‡"),
        Some(StatusView::Bystanders { .. }) => format!("{value} §"),
        _ => value,
    };
    Cell::new(text).set_alignment(CellAlignment::Right)
}

fn status_notes(a: &Analysis) -> String {
    let mut out = String::new();
    for m in &a.models {
        for (issue, s) in &m.status {
            match s {
                StatusView::NoAgreementZone {
                    blocking_rise,
                    blocking_fall,
                } => {
                    let _ = writeln!(
                        out,
                        "* {} on {issue}: no agreement zone, the status quo stands ({}).",
                        m.model,
                        blocked(blocking_rise, blocking_fall)
                    );
                }
                StatusView::NoSalience => {
                    let _ = writeln!(
                        out,
                        "† {} on {issue}: no actor takes part (every stance on it has salience \
                         0); fallback forecast.",
                        m.model
                    );
                }
                StatusView::Fallback { missing } => {
                    let _ = writeln!(
                        out,
                        "‡ warning: {} on {issue}: {missing}; it gives the capability x salience \
                         weighted mean instead.",
                        m.model
                    );
                }
                StatusView::Bystanders { actors } => {
                    let one = actors.len() == 1;
                    let (verb, their, they, them) = if one {
                        ("takes", "its", "it", "it")
                    } else {
                        ("take", "their", "they", "them")
                    };
                    let _ = writeln!(
                        out,
                        "§ {} on {issue}: {} {verb} part in no issue, yet the spatial model keeps \
                         {their} coordinates as options the others bargain toward (KTAB refuses \
                         such actors), so {they} can move this forecast; remove {them} from the \
                         file if {they} should not (docs/models/smp.md).",
                        m.model,
                        actors.join(", "),
                    );
                }
                StatusView::Settled => {}
            }
        }
    }
    // The status quo is the most consequential optional number: without it nbs bargains from
    // another point and no gain is counted there (usability item 34); nbs is named only when it
    // runs.
    let nbs = a.models.iter().any(|m| m.model == "nbs");
    for issue in a.issues.iter().filter(|i| i.status_quo.is_none()) {
        let _ = if nbs {
            writeln!(
                out,
                "No status quo on {}: nbs bargains from each actor's point of least agreement \
                 instead, and gains on it are not counted in 'Who gains'.",
                issue.id
            )
        } else {
            writeln!(
                out,
                "No status quo on {}: gains on it are not counted in 'Who gains'.",
                issue.id
            )
        };
    }
    out
}

/// Who blocks each move away from the status quo; a direction nobody blocks is left out, as
/// at an end of the scale, where there is no such move.
pub(crate) fn blocked(rise: &[String], fall: &[String]) -> String {
    match (rise.is_empty(), fall.is_empty()) {
        (false, false) => format!(
            "a rise is blocked by {}; a fall by {}",
            blockers(rise),
            blockers(fall)
        ),
        (false, true) => format!("a rise is blocked by {}", blockers(rise)),
        (true, false) => format!("a fall is blocked by {}", blockers(fall)),
        (true, true) => "no move is blocked".to_owned(),
    }
}

/// Most blockers a footnote names one by one.
const NAMED_BLOCKERS: usize = 12;

/// The blockers, or, beyond [`NAMED_BLOCKERS`], their number and the first three: with
/// thousands of actors the list would fill screens (sweep 7: 490 KB of footnote at 5,000
/// actors), and the JSON has every one.
fn blockers(ids: &[String]) -> String {
    if ids.len() <= NAMED_BLOCKERS {
        return ids.join(", ");
    }
    format!(
        "{} actors, e.g. {} (the JSON lists all)",
        ids.len(),
        ids[..3].join(", ")
    )
}

fn gains(a: &Analysis, width: u16) -> Table {
    let mut t = new_table(width);
    let mut header = vec![
        Cell::new("Actor"),
        Cell::new("Capability"),
        Cell::new("Not involved in"),
        Cell::new("Most possible"),
    ];
    header.extend(a.models.iter().map(|m| Cell::new(&m.model)));
    t.set_header(header);
    for actor in &a.actors {
        let not_involved = if actor.not_involved.is_empty() {
            "none".to_owned()
        } else {
            actor.not_involved.join(", ")
        };
        let mut row = vec![
            Cell::new(name_and_id(&actor.name, &actor.id)),
            Cell::new(significant(actor.capability, 1)).set_alignment(CellAlignment::Right),
            Cell::new(not_involved),
            Cell::new(
                actor
                    .most_possible_gain
                    .map_or("-".into(), |g| signed(g, 3)),
            )
            .set_alignment(CellAlignment::Right),
        ];
        for m in &a.models {
            let total = m.gains.get(&actor.id).and_then(|g| g.total);
            let text = total.map_or("-".into(), |g| signed(g, 3));
            row.push(Cell::new(text).set_alignment(CellAlignment::Right));
        }
        t.add_row(row);
    }
    t
}

/// Trades listed from the first round: enough to see who deals with whom.
const TRADES_SHOWN: usize = 12;

fn trades(a: &Analysis, t: &parley_core::analysis::TradesView, width: u16) -> String {
    let mut out = String::new();
    let total: usize = t.rounds.iter().map(Vec::len).sum();
    let _ = writeln!(
        out,
        "\nExchanges (exchange model): {total} trades over {} rounds. Round 1:",
        t.rounds.len()
    );
    let mut table = new_table(width);
    table.set_header(vec![
        "Actor",
        "gives on",
        "from -> to",
        "Partner",
        "gives on",
        "from -> to",
        "Gain",
    ]);
    let first = t.rounds.first().map_or(&[][..], Vec::as_slice);
    for tr in first.iter().take(TRADES_SHOWN) {
        let side = |x: &parley_core::analysis::SideView| {
            (
                x.actor.clone(),
                x.supply.clone(),
                format!(
                    "{} -> {}",
                    issue_value(a, &x.supply, x.from),
                    issue_value(a, &x.supply, x.to)
                ),
            )
        };
        let (ia, is, im) = side(&tr.i);
        let (ja, js, jm) = side(&tr.j);
        table.add_row(vec![
            Cell::new(ia),
            Cell::new(is),
            Cell::new(im),
            Cell::new(ja),
            Cell::new(js),
            Cell::new(jm),
            Cell::new(num(tr.gain / 100.0, 4)).set_alignment(CellAlignment::Right),
        ]);
    }
    let _ = writeln!(out, "{table}");
    if first.len() > TRADES_SHOWN {
        let _ = writeln!(
            out,
            "({} more in round 1; every trade of every round: --format json)",
            first.len() - TRADES_SHOWN
        );
    }
    let mut totals = new_table(width);
    totals.set_header(vec![
        "Actor",
        "Trades",
        "Own gain",
        "Effect of others' trades",
    ]);
    for actor in &a.actors {
        if let Some(x) = t.totals.get(&actor.id) {
            totals.add_row(vec![
                Cell::new(&actor.id),
                Cell::new(x.trades).set_alignment(CellAlignment::Right),
                Cell::new(signed(x.own_gain / 100.0, 3)).set_alignment(CellAlignment::Right),
                Cell::new(signed(x.externality / 100.0, 3)).set_alignment(CellAlignment::Right),
            ]);
        }
    }
    let _ = writeln!(
        out,
        "Over all rounds, in the utility units of 'Who gains' (salience x outcome shift / 100; decide's\n\
         externality: how far others' trades moved the outcomes toward (+) or away from (-) the actor,\n\
         each trade measured from the round's starting positions):\n{totals}"
    );
    let _ = writeln!(
        out,
        "These are decide's per-trade accounts, not a breakdown of the exchange model's total in\n\
         'Who gains': the two columns do not add up to it."
    );
    out
}

fn linkages(a: &Analysis, width: u16) -> String {
    let mut out = String::new();
    for l in &a.linkages {
        let outcome = issue_values(a, &l.joint_nbs);
        let without_status_quo: Vec<&str> = l
            .joint_nbs
            .keys()
            .filter(|id| {
                a.issues
                    .iter()
                    .any(|i| &i.id == *id && i.status_quo.is_none())
            })
            .map(String::as_str)
            .collect();
        let verdict = if !without_status_quo.is_empty() {
            format!(
                "no status quo on {}: bargained from each party's point of least agreement, so \
                 gains over the status quo are not defined",
                without_status_quo.join(", ")
            )
        } else if l.agreement {
            "every party gains over the status quo".to_owned()
        } else {
            "no agreement zone: the status quo stands".to_owned()
        };
        let _ = writeln!(out, "- {} [{}]: {} ({verdict})", l.name, l.id, outcome);
        let mut t = new_table(width);
        let mut header = vec![Cell::new("Actor"), Cell::new("Gain vs status quo")];
        header.extend(
            l.versus
                .iter()
                .map(|v| Cell::new(format!("vs {}", v.model))),
        );
        t.set_header(header);
        for (actor, gain) in &l.gains {
            let mut row = vec![
                Cell::new(actor),
                Cell::new(gain.map_or("-".into(), |g| signed(g, 3)))
                    .set_alignment(CellAlignment::Right),
            ];
            for v in &l.versus {
                let d = v
                    .difference
                    .get(actor)
                    .map_or("-".into(), |d| signed(*d, 3));
                row.push(Cell::new(d).set_alignment(CellAlignment::Right));
            }
            t.add_row(row);
        }
        let _ = writeln!(out, "{t}");
    }
    let _ = writeln!(
        out,
        "'vs MODEL' = utility of the joint deal minus utility of that model's issue-by-issue forecast\n\
         on the linked issues (+: the actor does better with the linked deal)."
    );
    out
}

/// The mediation section, when the analysis has a mediator.
pub fn mediation_section(a: &Analysis, width: u16) -> String {
    a.mediation
        .as_ref()
        .map_or_else(String::new, |m| mediation(a, m, width))
}

fn mediation(a: &Analysis, m: &parley_core::analysis::MediationView, width: u16) -> String {
    let mut out = String::new();
    let show = |map: &indexmap::IndexMap<String, f64>| -> String { issue_values(a, map) };
    let name = a
        .actors
        .iter()
        .find(|x| x.id == m.mediator)
        .map_or(m.mediator.as_str(), |x| x.name.as_str());
    let _ = writeln!(
        out,
        "{name} brokers between {}. The parties' own bargain: {}{}.",
        m.parties.join(", "),
        show(&m.bargain),
        if m.bargain_agreement {
            ""
        } else {
            " (no agreement zone)"
        }
    );
    let _ = writeln!(
        out,
        "Its proposal, leaning {}% toward its own position: {}.",
        num(m.bias * 100.0, 0),
        show(&m.proposal)
    );
    let mut t = new_table(width);
    let mut header = vec![Cell::new("Party"), Cell::new("Gain vs status quo")];
    header.extend(
        m.versus
            .iter()
            .map(|v| Cell::new(format!("vs {}", v.model))),
    );
    t.set_header(header);
    for (party, gain) in &m.gain_over_status_quo {
        let mut row = vec![
            Cell::new(party),
            Cell::new(gain.map_or("-".into(), |g| signed(g, 3)))
                .set_alignment(CellAlignment::Right),
        ];
        for v in &m.versus {
            let g = v
                .gain_over_forecast
                .get(party)
                .map_or("-".into(), |g| signed(*g, 3));
            row.push(Cell::new(g).set_alignment(CellAlignment::Right));
        }
        t.add_row(row);
    }
    let _ = writeln!(out, "{t}");
    for v in &m.versus {
        let verdict = if v.deal_zone {
            deal_zone(v)
        } else {
            refusers(v)
        };
        let _ = writeln!(out, "Against {}: {verdict}.", v.model);
    }
    out
}

/// A deal zone in words: no party loses by the proposal, and who (if anyone) gains by it. A
/// zone where every gain is within the indifference margin is said to be one of indifference
/// (sweep 6 item C3: "every party prefers the proposal" was printed over a table of 0.000).
fn deal_zone(v: &parley_core::analysis::MediationVersus) -> String {
    let gainers: Vec<&str> = v
        .gain_over_forecast
        .iter()
        .filter(|(_, g)| **g > parley_core::mediation::INDIFFERENCE)
        .map(|(party, _)| party.as_str())
        .collect();
    if gainers.len() == v.gain_over_forecast.len() {
        "deal zone: every party prefers the proposal".to_owned()
    } else if gainers.is_empty() {
        "every party is indifferent between the proposal and this forecast (no party gains or \
         loses by it)"
            .to_owned()
    } else {
        format!(
            "deal zone: no party loses by the proposal, and {} {} by it",
            gainers.join(", "),
            if gainers.len() == 1 { "gains" } else { "gain" }
        )
    }
}

/// Who refuses a mediator's proposal against one model's forecast, with what each loses by
/// it (usability item 11: "some party prefers ..." made the reader scan the table's signs).
fn refusers(v: &parley_core::analysis::MediationVersus) -> String {
    let losers: Vec<String> = v
        .gain_over_forecast
        .iter()
        .filter(|(_, g)| **g < -parley_core::mediation::INDIFFERENCE)
        .map(|(party, g)| format!("{party} ({})", signed(*g, 3)))
        .collect();
    let verb = if losers.len() == 1 {
        "prefers"
    } else {
        "prefer"
    };
    format!(
        "no deal zone: {} {verb} the {} forecast without mediation",
        losers.join(", "),
        v.model
    )
}

fn questions(a: &Analysis, point: Option<&PointError>) -> String {
    let mut out = String::new();
    for q in &a.questions {
        let _ = writeln!(out, "- {} [{}]", q.text, q.id);
        if let Some(c) = &q.condition {
            let _ = writeln!(out, "  condition: {c}");
        }
        for ans in &q.answers {
            let forecast = issue_values(a, &ans.forecast);
            // A question on no issue (actors and a linkage only) has no forecast part.
            let mut line = format!("  {}: {}", ans.model, forecast);
            let sep = |l: &String| if l.ends_with(": ") { "" } else { "; " };
            if let Some(h) = ans.holds {
                let _ = write!(
                    line,
                    "{}condition {}",
                    sep(&line),
                    if h { "holds" } else { "does not hold" }
                );
            }
            if !ans.gains.is_empty() {
                let g: Vec<String> = ans
                    .gains
                    .iter()
                    .map(|(actor, v)| format!("{actor} {}", v.map_or("-".into(), |v| signed(v, 3))))
                    .collect();
                let _ = write!(line, "{}gains: {}", sep(&line), g.join(", "));
            }
            // A question naming nothing has nothing to show per model (validate warns of it).
            if !line.ends_with(": ") {
                let _ = writeln!(out, "{line}");
            }
        }
        if let Some(v) = crate::text::verdict(q, point.and_then(|p| p.odds.get(&q.id))) {
            let _ = writeln!(out, "  {v}");
        }
        if let Some(l) = &q.linkage {
            let _ = writeln!(
                out,
                "  (linkage '{l}': its joint bargain is above; `parley bargain` shows the trades within it, `parley mc` the odds over the coding's ranges)"
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn many_blockers_are_counted_not_listed() {
        let ids = |n: usize| (0..n).map(|k| format!("a{k}")).collect::<Vec<_>>();
        // Twelve are still named; the thirteenth turns the list into a count.
        assert_eq!(
            super::blocked(&ids(12), &[]),
            format!("a rise is blocked by {}", ids(12).join(", "))
        );
        assert_eq!(
            super::blocked(&ids(4721), &ids(2)),
            "a rise is blocked by 4721 actors, e.g. a0, a1, a2 (the JSON lists all); a fall by a0, a1"
        );
    }
}
