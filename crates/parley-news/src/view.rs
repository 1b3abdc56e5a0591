//! The human view: the article sentence by sentence with actors and relation triggers
//! highlighted (ANSI colour when asked for), each sentence followed by what was found in it.

use std::fmt::Write as _;

use crate::report::{Confidence, Report};

const ACTOR: &str = "\x1b[1;36m";
const TRIGGER: &str = "\x1b[1;33m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Actor,
    Trigger,
}

/// Renders the report for a person. With `colour`, actors are cyan and triggers yellow;
/// without, actors are written `[like this]` and triggers `{like this}`.
pub fn render(report: &Report, text: &str, colour: bool) -> String {
    let mut marks: Vec<([usize; 2], Mark)> = report
        .actors
        .iter()
        .flat_map(|a| a.spans.iter().map(|s| (*s, Mark::Actor)))
        .chain(
            report
                .relations
                .iter()
                .map(|r| (r.trigger_span, Mark::Trigger)),
        )
        .collect();
    marks.sort_by_key(|(s, m)| (s[0], std::cmp::Reverse(s[1]), *m == Mark::Trigger));
    // The reader read the text with its control characters blanked; show it the same way.
    let clean = crate::reader::blank_controls(text);
    let text = clean.as_ref();
    let mut out = String::new();
    for s in &report.sentences {
        let _ = write!(out, "s{:<3} ", s.n);
        out.push_str(&highlight(text, s.span, &marks, colour));
        out.push('\n');
        for r in report.relations.iter().filter(|r| r.sentence == s.n) {
            let mut flags = Vec::new();
            if r.modality.confidence != Confidence::Asserted {
                flags.push(
                    format!(
                        "{:?} ({})",
                        r.modality.confidence,
                        r.modality.hedges.join(", ")
                    )
                    .to_lowercase(),
                );
            }
            for (on, w) in [
                (r.modality.negated, "negated"),
                (r.modality.question, "question"),
                (r.modality.historical, "background"),
            ] {
                if on {
                    flags.push(w.to_owned());
                }
            }
            if r.modality.attribution.by != "author" {
                flags.push(format!("says {}", r.modality.attribution.by));
            }
            let line = format!(
                "      -> {} {} -> {} ({}){}",
                r.rtype.as_str(),
                or_dash(&r.source),
                or_dash(&r.target),
                r.plover.as_str(),
                if flags.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", flags.join("; "))
                }
            );
            push_dim(&mut out, &line, colour);
        }
        for st in report.stances.iter().filter(|x| x.sentence == s.n) {
            let line = format!(
                "      ~ {} on {}: toward {:?} ({})",
                st.actor, st.issue, st.direction, st.toward
            )
            .to_lowercase();
            push_dim(&mut out, &line, colour);
        }
    }
    summary(&mut out, report);
    out
}

fn or_dash(ids: &[String]) -> String {
    if ids.is_empty() {
        "?".to_owned()
    } else {
        ids.join(", ")
    }
}

fn push_dim(out: &mut String, line: &str, colour: bool) {
    if colour {
        let _ = writeln!(out, "{DIM}{line}{RESET}");
    } else {
        let _ = writeln!(out, "{line}");
    }
}

fn highlight(text: &str, span: [usize; 2], marks: &[([usize; 2], Mark)], colour: bool) -> String {
    let mut out = String::new();
    let mut pos = span[0];
    for (m, kind) in marks
        .iter()
        .filter(|(m, _)| m[0] >= span[0] && m[1] <= span[1])
    {
        if m[0] < pos {
            continue;
        }
        out.push_str(text.get(pos..m[0]).unwrap_or(""));
        let inner = text.get(m[0]..m[1]).unwrap_or("");
        match (colour, kind) {
            (true, Mark::Actor) => {
                let _ = write!(out, "{ACTOR}{inner}{RESET}");
            }
            (true, Mark::Trigger) => {
                let _ = write!(out, "{TRIGGER}{inner}{RESET}");
            }
            (false, Mark::Actor) => {
                let _ = write!(out, "[{inner}]");
            }
            (false, Mark::Trigger) => {
                let _ = write!(out, "{{{inner}}}");
            }
        }
        pos = m[1];
    }
    out.push_str(text.get(pos..span[1]).unwrap_or(""));
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn summary(out: &mut String, report: &Report) {
    out.push_str("\nActors\n");
    for a in &report.actors {
        let office = a.office.as_deref().map_or_else(String::new, |o| {
            let held = if a.in_office == Some(false) {
                ", not in office"
            } else {
                ""
            };
            format!(" - {o}{held}")
        });
        let _ = writeln!(
            out,
            "  {:<24} {:<12} {}{} (s{})",
            a.id,
            a.code,
            a.name,
            office,
            a.mentions
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", s")
        );
    }
    if !report.issues.is_empty() {
        out.push_str("\nIssues\n");
        for i in &report.issues {
            let _ = writeln!(
                out,
                "  {:<24} {} (s{}; actors: {})",
                i.id,
                i.name,
                i.sentences
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", s"),
                i.actors.join(", ")
            );
        }
    }
}
