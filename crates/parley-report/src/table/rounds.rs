//! Round-by-round positions of iterative models, issue by issue, as tables a person can
//! follow: one row per round, the model's outcome first, then each involved actor. The
//! expected utility model adds its moves and final pair classifications ([`super::eum`]).

use std::fmt::Write;

use comfy_table::{Cell, CellAlignment};
use parley_core::Analysis;
use parley_core::analysis::{ModelRun, RoundPositions, RoundView};
use parley_core::models::eum::{EumRun, EumVariant};

use super::new_table;
use crate::text::num;

/// Actor columns per table; wider tables are split so each stays readable.
const ACTORS_PER_TABLE: usize = 8;

/// All iterative models' rounds, or a note that there are none; `eum` is the expected utility
/// model's full run, when it ran.
pub fn render(a: &Analysis, eum: Option<&EumRun>, width: u16) -> String {
    let mut out = String::new();
    let one_shot: Vec<&str> = a
        .models
        .iter()
        .filter(|m| m.rounds.is_none())
        .map(|m| m.model.as_str())
        .collect();
    for m in a.models.iter().filter(|m| m.rounds.is_some()) {
        let eum = eum.filter(|_| m.model == "eum");
        model_rounds(&mut out, a, m, eum, width);
    }
    if !one_shot.is_empty() {
        let verb = if one_shot.len() == 1 { "is" } else { "are" };
        let _ = writeln!(
            out,
            "\nRounds: {} {verb} one-shot (no rounds to show).",
            one_shot.join(", ")
        );
    }
    out
}

fn model_rounds(out: &mut String, a: &Analysis, m: &ModelRun, eum: Option<&EumRun>, width: u16) {
    let Some(rounds) = &m.rounds else { return };
    let stop = m.stop.map(|s| format!(": {s}")).unwrap_or_default();
    let variant = match eum.map(|r| r.variant) {
        Some(EumVariant::Scholz) => " (scholz variant)",
        Some(EumVariant::Convergent) => " (convergent variant)",
        None => "",
    };
    let _ = writeln!(out, "\nRounds of {}{variant}{stop}", m.model);
    for (j, issue) in a.issues.iter().enumerate() {
        let actors: Vec<&str> = a
            .actors
            .iter()
            .filter(|x| x.involved.contains(&issue.id))
            .map(|x| x.id.as_str())
            .collect();
        let _ = writeln!(out, "{} [{}]", issue.name, issue.id);
        for chunk in actors.chunks(ACTORS_PER_TABLE) {
            let mut t = new_table(width);
            let mut header = vec![Cell::new("Round"), Cell::new("Outcome")];
            header.extend(chunk.iter().map(|id| Cell::new(*id)));
            t.set_header(header);
            for (r, round) in rounds.iter().enumerate() {
                t.add_row(row(r, round, &issue.id, chunk));
            }
            let _ = writeln!(out, "{t}");
        }
        if let Some(run) = eum {
            super::eum::issue(out, a, run, j, width);
        }
    }
}

fn row(r: usize, round: &RoundView, issue: &str, actors: &[&str]) -> Vec<Cell> {
    let label = if r == 0 {
        "start".to_owned()
    } else {
        r.to_string()
    };
    let right = |text: String| Cell::new(text).set_alignment(CellAlignment::Right);
    let mut cells = vec![
        Cell::new(label),
        right(round.forecast.get(issue).map_or("-".into(), |v| num(*v, 2))),
    ];
    for id in actors {
        let value = match round.positions.get(*id) {
            Some(RoundPositions::One(v)) => Some(*v),
            Some(RoundPositions::Many(map)) => map.get(issue).copied(),
            None => None,
        };
        cells.push(right(value.map_or("-".into(), |v| num(v, 2))));
    }
    cells
}
