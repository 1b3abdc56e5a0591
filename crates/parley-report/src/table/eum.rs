//! The expected utility model's rounds for people: per issue, who made whom an offer in each
//! round, of which kind, and how far the receiver moved; then how every pair of actors stands
//! at the end (Bueno de Mesquita's conflict, compromise, capitulation, stalemate).

use std::fmt::Write;

use comfy_table::Cell;
use parley_core::Analysis;
use parley_core::Scale;
use parley_core::models::eum::{EumIssueRun, EumPair, EumRun, Interaction};

use super::new_table;
use super::right;
use crate::text::{count, num, signed};

/// Issue `j`'s moves round by round and its final pair classification.
pub fn issue(out: &mut String, a: &Analysis, run: &EumRun, j: usize, width: u16) {
    let Some(r) = run.issues.iter().find(|r| r.issue == j) else {
        return;
    };
    if r.rounds.is_empty() {
        let _ = writeln!(
            out,
            "No actor gives this issue any weight: no one plays it."
        );
        return;
    }
    let scale = Scale {
        min: a.issues[j].scale[0],
        max: a.issues[j].scale[1],
    };
    moves(out, a, r, scale, width);
    pairs(out, a, &r.final_pairs, width);
}

fn name(a: &Analysis, i: usize) -> &str {
    a.actors.get(i).map_or("?", |x| x.id.as_str())
}

fn moves(out: &mut String, a: &Analysis, r: &EumIssueRun, scale: Scale, width: u16) {
    let stop = r.stop.map(|s| format!(" ({s})")).unwrap_or_default();
    let _ = writeln!(
        out,
        "Moves{stop}. Each round every actor accepts at most one offer,\n\
         the challenger's; E(U) is each side's expected utility of challenging the other."
    );
    let mut t = new_table(width);
    t.set_header(vec![
        "Round",
        "Challenger",
        "Gives way",
        "Interaction",
        "From",
        "To",
        "E(U) challenger",
        "E(U) gives way",
    ]);
    let mut quiet: Option<(usize, usize)> = None;
    let still = |t: &mut comfy_table::Table, q: Option<(usize, usize)>| {
        if let Some((from, to)) = q {
            let rounds = if from == to {
                from.to_string()
            } else {
                format!("{from}-{to}")
            };
            t.add_row(vec![
                Cell::new(rounds),
                Cell::new("-"),
                Cell::new("no one moves"),
            ]);
        }
    };
    for (k, round) in r.rounds.iter().enumerate().skip(1) {
        if round.moves.is_empty() {
            // Consecutive rounds without a move share one row.
            quiet = Some(quiet.map_or((k, k), |(from, _)| (from, k)));
            continue;
        }
        still(&mut t, quiet.take());
        for m in &round.moves {
            t.add_row(vec![
                Cell::new(k),
                Cell::new(name(a, m.proposer)),
                Cell::new(name(a, m.actor)),
                Cell::new(m.kind.name()),
                right(num(scale.from_internal(m.from), 2)),
                right(num(scale.from_internal(m.to), 2)),
                right(signed(m.eu_proposer, 3)),
                right(signed(m.eu_mover, 3)),
            ]);
        }
    }
    still(&mut t, quiet);
    let _ = writeln!(out, "{t}");
}

fn pairs(out: &mut String, a: &Analysis, pairs: &[EumPair], width: u16) {
    let per_viewer = pairs.iter().any(|p| p.viewer.is_some());
    let tally: Vec<String> = Interaction::CLASSES
        .iter()
        .map(|&c| {
            let n = pairs.iter().filter(|p| p.interaction == c).count();
            format!("{n} {}", c.name())
        })
        .collect();
    let (what, judged) = if per_viewer {
        (
            "judgment",
            "\nScholz's variant: each actor judges its pairs with its own risk exponent (one row \
             per actor\nand pair), and like Scholz's code it classifies capitulations but never \
             acts on them.",
        )
    } else {
        ("pair", "")
    };
    let _ = writeln!(
        out,
        "At the end, {}: {}.\nAligned pairs (same position) are not listed.{judged}",
        count(pairs.len(), what),
        tally.join(", ")
    );
    let mut listed: Vec<&EumPair> = pairs
        .iter()
        .filter(|p| p.interaction != Interaction::Aligned)
        .collect();
    if listed.is_empty() {
        return;
    }
    // The classes that move actors first (a stable sort keeps the pair order within each).
    listed.sort_by_key(|p| p.interaction.index());
    let mut t = new_table(width);
    // A judging actor is always the pair's first.
    let actor = if per_viewer {
        "Actor (judging)"
    } else {
        "Actor"
    };
    t.set_header(vec![
        actor,
        "Other",
        "Interaction",
        "Upper hand",
        "E(U) actor",
        "E(U) other",
    ]);
    for p in listed {
        t.add_row(vec![
            Cell::new(name(a, p.first)),
            Cell::new(name(a, p.second)),
            Cell::new(p.interaction.name()),
            Cell::new(p.upper_hand().map_or("-", |i| name(a, i))),
            right(signed(p.eu_first, 3)),
            right(signed(p.eu_second, 3)),
        ]);
    }
    let _ = writeln!(out, "{t}");
}
