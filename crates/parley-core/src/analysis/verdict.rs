//! A question's answer in one line: how the models split on it.
//!
//! The per-model answers of [`QuestionView`] are the evidence; a reader still has to count
//! them to learn whether the models agree. A [`Verdict`] does the counting, and nothing more:
//! it is a tally of point forecasts, not a probability (the odds with the models' measured
//! error, and over the coding's input ranges, come from `calibration::point` and
//! `uncertainty::montecarlo`).

use indexmap::IndexMap;
use serde::Serialize;

use super::{Answer, LinkageView, QuestionView};

/// How the models split on one question.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Verdict {
    /// For a question with a condition: the models under whose forecast it holds and those
    /// under whose forecast it does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<Split>,
    /// For a question without a condition comparing two or more actors: per actor, the models
    /// under whose forecast it gains the most of them (an actor no model favours is absent).
    /// Models with a tie at the top, or with a gain that cannot be computed, are in
    /// `undecided`. A question with a condition is answered by it; its actors' gains are
    /// context, not a contest, and are not tallied.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub gains_most: IndexMap<String, Vec<String>>,
    /// Models that name no single actor gaining the most (a tie, or a gain without a status
    /// quo).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub undecided: Vec<String>,
    /// For a question on a linkage: the models whose issue-by-issue forecast every compared
    /// actor who is a party to the linkage (every party, when none of them is) likes less than
    /// the linkage's joint bargain: the linked deal pays them all against those models.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linkage_pays: Option<Split>,
}

/// Models on either side of a yes/no reading.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Split {
    /// Models under which the answer is yes.
    pub yes: Vec<String>,
    /// Models under which it is no.
    pub no: Vec<String>,
}

/// The verdict on `q`, given the analysis's linkage views (`linkages`).
pub fn verdict(q: &QuestionView, linkages: &[LinkageView]) -> Verdict {
    let (gains_most, undecided) = gains_most(q);
    Verdict {
        condition: condition_split(&q.answers),
        gains_most,
        undecided,
        linkage_pays: q
            .linkage
            .as_deref()
            .and_then(|id| linkages.iter().find(|l| l.id == id))
            .map(|l| linkage_split(l, &q.actors)),
    }
}

/// None when no model's answer has a condition.
fn condition_split(answers: &[Answer]) -> Option<Split> {
    let mut split = Split::default();
    let mut any = false;
    for a in answers {
        if let Some(h) = a.holds {
            any = true;
            let side = if h { &mut split.yes } else { &mut split.no };
            side.push(a.model.clone());
        }
    }
    any.then_some(split)
}

/// Per actor the models it tops, and the models with no single top; empty unless the question
/// compares at least two actors and has no condition.
fn gains_most(q: &QuestionView) -> (IndexMap<String, Vec<String>>, Vec<String>) {
    let mut most: IndexMap<String, Vec<String>> = IndexMap::new();
    let mut undecided = Vec::new();
    if q.actors.len() < 2 || q.condition.is_some() {
        return (most, undecided);
    }
    for a in &q.answers {
        match top(&a.gains) {
            Some(actor) => most
                .entry(actor.to_owned())
                .or_default()
                .push(a.model.clone()),
            None => undecided.push(a.model.clone()),
        }
    }
    (most, undecided)
}

/// The one actor with the largest gain; None on a tie or when any gain is missing (an actor
/// without a status quo on its issues cannot be ranked, and leaving it out would crown
/// another by default).
fn top(gains: &IndexMap<String, Option<f64>>) -> Option<&str> {
    let mut best: Option<(&str, f64)> = None;
    let mut tied = false;
    for (actor, gain) in gains {
        let g = (*gain)?;
        match best {
            Some((_, b)) if g == b => tied = true,
            Some((_, b)) if g < b => {}
            _ => {
                best = Some((actor, g));
                tied = false;
            }
        }
    }
    if tied { None } else { best.map(|(a, _)| a) }
}

/// Per model: does every compared party do strictly better with the joint bargain?
fn linkage_split(l: &LinkageView, actors: &[String]) -> Split {
    let mut split = Split::default();
    for v in &l.versus {
        let compared: Vec<f64> = actors
            .iter()
            .filter_map(|a| v.difference.get(a).copied())
            .collect();
        let diffs: Vec<f64> = if compared.is_empty() {
            v.difference.values().copied().collect()
        } else {
            compared
        };
        let pays = !diffs.is_empty() && diffs.iter().all(|d| *d > 0.0);
        let side = if pays { &mut split.yes } else { &mut split.no };
        side.push(v.model.clone());
    }
    split
}

#[cfg(test)]
mod tests {
    use super::super::Versus;
    use super::*;

    fn answer(model: &str, holds: Option<bool>, gains: &[(&str, Option<f64>)]) -> Answer {
        Answer {
            model: model.to_owned(),
            forecast: IndexMap::new(),
            holds,
            gains: gains.iter().map(|(a, g)| ((*a).to_owned(), *g)).collect(),
        }
    }

    fn question(actors: &[&str], linkage: Option<&str>, answers: Vec<Answer>) -> QuestionView {
        QuestionView {
            id: "q".into(),
            text: "?".into(),
            issues: vec![],
            condition: None,
            linkage: linkage.map(str::to_owned),
            actors: actors.iter().map(|a| (*a).to_owned()).collect(),
            answers,
            verdict: Verdict::default(),
        }
    }

    #[test]
    fn the_condition_is_tallied_model_by_model() {
        let q = question(
            &[],
            None,
            vec![
                answer("a", Some(true), &[]),
                answer("b", Some(false), &[]),
                answer("c", Some(true), &[]),
            ],
        );
        let v = verdict(&q, &[]);
        let split = v.condition.expect("a condition");
        assert_eq!(split.yes, ["a", "c"]);
        assert_eq!(split.no, ["b"]);
        assert!(v.gains_most.is_empty() && v.linkage_pays.is_none());
    }

    #[test]
    fn without_a_condition_there_is_no_split() {
        let q = question(&[], None, vec![answer("a", None, &[])]);
        assert_eq!(verdict(&q, &[]).condition, None);
    }

    #[test]
    fn the_largest_gain_wins_and_ties_or_gaps_decide_nothing() {
        let q = question(
            &["rus", "usa"],
            None,
            vec![
                answer("a", None, &[("rus", Some(0.3)), ("usa", Some(0.2))]),
                answer("b", None, &[("rus", Some(-0.4)), ("usa", Some(-0.1))]),
                answer("c", None, &[("rus", Some(0.1)), ("usa", Some(0.1))]),
                answer("d", None, &[("rus", None), ("usa", Some(0.5))]),
                answer("e", None, &[("rus", Some(0.5)), ("usa", Some(0.1))]),
            ],
        );
        let v = verdict(&q, &[]);
        assert_eq!(v.gains_most["rus"], ["a", "e"]);
        // b: -0.1 > -0.4, the smaller loss is the larger gain.
        assert_eq!(v.gains_most["usa"], ["b"]);
        assert_eq!(v.undecided, ["c", "d"]);
    }

    #[test]
    fn a_tie_below_a_later_leader_is_no_tie() {
        let mut gains = IndexMap::new();
        gains.insert("x".to_owned(), Some(0.1));
        gains.insert("y".to_owned(), Some(0.1));
        gains.insert("z".to_owned(), Some(0.2));
        assert_eq!(top(&gains), Some("z"));
    }

    #[test]
    fn a_condition_answers_its_question_and_the_gains_are_not_tallied() {
        let mut q = question(
            &["irn_leader", "irn_gov"],
            None,
            vec![answer(
                "a",
                Some(true),
                &[("irn_leader", Some(0.1)), ("irn_gov", Some(0.4))],
            )],
        );
        q.condition = Some("iran_nuclear >= 40".into());
        let v = verdict(&q, &[]);
        assert!(v.gains_most.is_empty() && v.undecided.is_empty());
        assert_eq!(v.condition.expect("a condition").yes, ["a"]);
    }

    #[test]
    fn one_actor_is_not_a_comparison() {
        let q = question(
            &["rus"],
            None,
            vec![answer("a", None, &[("rus", Some(0.3))])],
        );
        let v = verdict(&q, &[]);
        assert!(v.gains_most.is_empty() && v.undecided.is_empty());
    }

    fn versus(model: &str, d: &[(&str, f64)]) -> Versus {
        Versus {
            model: model.to_owned(),
            difference: d.iter().map(|(a, x)| ((*a).to_owned(), *x)).collect(),
        }
    }

    #[test]
    fn the_linkage_pays_when_every_compared_party_prefers_it() {
        let l = LinkageView {
            id: "gb".into(),
            name: "Grand bargain".into(),
            joint_nbs: IndexMap::new(),
            agreement: true,
            gains: IndexMap::new(),
            versus: vec![
                versus("a", &[("rus", 0.1), ("usa", 0.2), ("ukr", -0.5)]),
                versus("b", &[("rus", 0.1), ("usa", -0.01), ("ukr", 0.5)]),
                versus("c", &[("rus", 0.0), ("usa", 0.3), ("ukr", 0.5)]),
            ],
        };
        let q = question(&["rus", "usa"], Some("gb"), vec![]);
        let split = verdict(&q, std::slice::from_ref(&l))
            .linkage_pays
            .expect("a linkage");
        // ukr is not compared, so its loss under a does not count; a zero difference is no gain.
        assert_eq!(split.yes, ["a"]);
        assert_eq!(split.no, ["b", "c"]);
        // Compared actors who are not parties: every party counts.
        let q = question(&["chn"], Some("gb"), vec![]);
        let split = verdict(&q, &[l]).linkage_pays.expect("a linkage");
        assert!(split.yes.is_empty());
        assert_eq!(split.no, ["a", "b", "c"]);
    }
}
