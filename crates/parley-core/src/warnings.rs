//! Warnings: a scenario every model can run that is still not a model of a negotiation. An
//! issue on which one actor takes part is "forecast" at that actor's position by every
//! model; an actor that takes part in nothing is ignored by every model but smp, which keeps
//! its coordinates as options (so the warning says so rather than "affects nothing"); a name
//! still reading "TODO" is a draft's placeholder. None of these stops a run (a deliberate one-actor issue
//! is legal), so they are warnings beside [`crate::validate`]'s errors, never instead of them.

use crate::Scenario;

/// One warning: where, and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// Field path, e.g. `issue[4]` or `actor[2]`.
    pub path: String,
    /// What looks unfinished.
    pub kind: WarningKind,
}

/// What looks unfinished. Messages say what the consequence is and what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WarningKind {
    /// An issue on which fewer than two actors take part (salience above 0).
    #[error(
        "issue '{issue}' has {} taking part{}: every model's forecast is {}; add the \
         stances of the other parties, or remove the issue",
        match .actors.len() { 0 => "no actor".to_owned(), 1 => "one actor".to_owned(), n => format!("{n} actors") },
        match .actors.first() { Some(a) => format!(" ('{a}')"), None => String::new() },
        if .actors.is_empty() { "the status quo or the scale's middle" } else { "that actor's position" }
    )]
    LoneIssue {
        /// The issue's id.
        issue: String,
        /// The ids of the actors taking part (at most one).
        actors: Vec<String>,
    },
    /// An actor with no salience above 0 on any issue.
    #[error(
        "actor '{actor}' takes part in no issue (no stance with a salience above 0): every \
         model but smp ignores it, while the spatial model (smp) keeps its coordinates as \
         options the others bargain toward, so it can move smp's forecasts \
         (docs/models/smp.md); add its stances, or remove it from the file"
    )]
    IdleActor {
        /// The actor's id.
        actor: String,
    },
    /// A name or label still holding a draft's placeholder.
    #[error("{field} still reads {text:?}: a draft's placeholder to replace")]
    Placeholder {
        /// The field, e.g. "the high end's label of issue 'production'".
        field: String,
        /// The text (cut to 80 characters).
        text: String,
    },
    /// A question that names nothing to answer it with.
    #[error(
        "question '{question}' names no issue, condition, actor or linkage: no model can \
         answer it; give it a condition (e.g. \"issue >= 50\"), issues, actors to compare or a \
         linkage"
    )]
    EmptyQuestion {
        /// The question's id.
        question: String,
    },
}

impl WarningKind {
    /// Stable code, e.g. `lone-issue`.
    pub fn code(&self) -> &'static str {
        match self {
            WarningKind::LoneIssue { .. } => "lone-issue",
            WarningKind::IdleActor { .. } => "idle-actor",
            WarningKind::Placeholder { .. } => "placeholder",
            WarningKind::EmptyQuestion { .. } => "empty-question",
        }
    }
}

/// The words `parley extract` leaves in names and labels for the analyst to replace.
const PLACEHOLDERS: [&str; 3] = ["TODO", "analyst to name it", "(analyst"];

/// The warnings of a scenario, in document order: issues, then actors, then questions, then
/// texts.
pub fn warnings(s: &Scenario) -> Vec<Warning> {
    let mut out = Vec::new();
    for (k, issue) in s.issues.iter().enumerate() {
        let actors: Vec<String> = s
            .actors
            .iter()
            .filter(|a| a.takes_part(&issue.id))
            .map(|a| a.id.clone())
            .take(2)
            .collect();
        if actors.len() < 2 {
            out.push(Warning {
                path: format!("issue[{k}]"),
                kind: WarningKind::LoneIssue {
                    issue: issue.id.clone(),
                    actors,
                },
            });
        }
    }
    for (k, actor) in s.actors.iter().enumerate() {
        if !actor.stances.values().any(crate::Stance::counts) {
            out.push(Warning {
                path: format!("actor[{k}]"),
                kind: WarningKind::IdleActor {
                    actor: actor.id.clone(),
                },
            });
        }
    }
    for (k, q) in s.questions.iter().enumerate() {
        if q.issues.is_empty()
            && q.condition.is_none()
            && q.actors.is_empty()
            && q.linkage.is_none()
        {
            out.push(Warning {
                path: format!("question[{k}]"),
                kind: WarningKind::EmptyQuestion {
                    question: q.id.clone(),
                },
            });
        }
    }
    placeholders(s, &mut out);
    out
}

fn placeholders(s: &Scenario, out: &mut Vec<Warning>) {
    for (path, field, text) in crate::validate::one_line_texts(s) {
        if PLACEHOLDERS.iter().any(|p| text.contains(p)) {
            out.push(Warning {
                path,
                kind: WarningKind::Placeholder {
                    field,
                    text: text.chars().take(80).collect(),
                },
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Actor, Issue, Stance};

    fn scenario() -> Scenario {
        let mut s = Scenario::named("Toy");
        s.issues.push(Issue::new("tariff"));
        s.issues.push(Issue::new("quota"));
        let mut north = Actor::new("north", 40.0);
        north
            .stances
            .insert("tariff".into(), Stance::new(10.0, 0.8));
        north.stances.insert("quota".into(), Stance::new(30.0, 0.5));
        let mut south = Actor::new("south", 60.0);
        south
            .stances
            .insert("tariff".into(), Stance::new(70.0, 0.5));
        // A stance of salience 0 is no part in the issue.
        south.stances.insert("quota".into(), Stance::new(90.0, 0.0));
        s.actors.push(north);
        s.actors.push(south);
        let mut east = Actor::new("east", 10.0);
        east.name = "East (analyst to name it)".into();
        s.actors.push(east);
        s
    }

    #[test]
    fn lone_issues_idle_actors_and_placeholders_are_warned_of() {
        let w = warnings(&scenario());
        let codes: Vec<(&str, &str)> = w.iter().map(|w| (w.kind.code(), w.path.as_str())).collect();
        assert_eq!(
            codes,
            vec![
                ("lone-issue", "issue[1]"),
                ("idle-actor", "actor[2]"),
                ("placeholder", "actor[2].name"),
            ]
        );
        assert_eq!(
            w[0].kind.to_string(),
            "issue 'quota' has one actor taking part ('north'): every model's forecast is that \
             actor's position; add the stances of the other parties, or remove the issue"
        );
    }

    /// An actor taking part in nothing still moves smp (sweep 5 item 11: 15.9 points on a toy
    /// scenario), so the warning must not say it affects no forecast; it says what the smp
    /// footnote of `run` says.
    #[test]
    fn an_idle_actor_is_said_to_still_move_smp() {
        let w = warnings(&scenario());
        let idle = w
            .iter()
            .find(|w| w.kind.code() == "idle-actor")
            .map(|w| w.kind.to_string())
            .unwrap_or_default();
        assert!(!idle.contains("affects no forecast"), "{idle}");
        assert!(
            idle.contains("keeps its coordinates as options the others bargain toward"),
            "{idle}"
        );
        assert!(
            idle.starts_with("actor 'east' takes part in no issue"),
            "{idle}"
        );
    }

    #[test]
    fn a_question_with_nothing_to_answer_it_is_warned_of() {
        let mut s = scenario();
        s.actors.pop();
        s.actors[1]
            .stances
            .insert("quota".into(), Stance::new(90.0, 0.4));
        let mut q = crate::scenario::Question {
            id: "empty".into(),
            text: "Will it?".into(),
            issues: vec![],
            condition: None,
            actors: vec![],
            linkage: None,
            evidence: Default::default(),
        };
        s.questions.push(q.clone());
        q.id = "some".into();
        q.actors = vec!["north".into()];
        s.questions.push(q);
        let w = warnings(&s);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(
            (w[0].kind.code(), w[0].path.as_str()),
            ("empty-question", "question[0]")
        );
    }

    #[test]
    fn a_finished_scenario_has_none() {
        let mut s = scenario();
        s.actors.pop();
        s.actors[1]
            .stances
            .insert("quota".into(), Stance::new(90.0, 0.4));
        assert!(warnings(&s).is_empty(), "{:?}", warnings(&s));
    }
}
