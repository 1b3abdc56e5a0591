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
    /// Models with a tie at the top are in `tied`, models under which a compared actor's gain
    /// cannot be computed in `unrankable`. A question with a condition is answered by it; its
    /// actors' gains are context, not a contest, and are not tallied.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub gains_most: IndexMap<String, Vec<String>>,
    /// Models under which two or more actors share the largest gain (equal up to
    /// [`GAIN_TIE`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tied: Vec<String>,
    /// Models under which some compared actor's gain cannot be computed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unrankable: Vec<String>,
    /// The compared actors whose gain cannot be computed under some model (no status quo on
    /// the issues they take part in): why the `unrankable` models rank no one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unranked: Vec<String>,
    /// For a question on a linkage: the models whose issue-by-issue forecast every compared
    /// actor who is a party to the linkage (every party, when none of them is) likes less than
    /// the linkage's joint bargain: the linked deal pays them all against those models.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linkage_pays: Option<Split>,
    /// With `linkage_pays`: the parties it was tallied over (the compared actors who are
    /// parties to the linkage, or every party when none is).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub linkage_parties: Vec<String>,
}

/// Two gains closer than this (relative to the larger, or absolutely below 1) are a tie: the
/// same gain reached by sums in another order differs in its last bits (0.30000000000000004
/// against 0.3), which must not crown a winner.
pub const GAIN_TIE: f64 = 1e-9;

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
    let Tally {
        most: gains_most,
        tied,
        unrankable,
    } = gains_most(q);
    let unranked = if unrankable.is_empty() {
        Vec::new()
    } else {
        q.actors
            .iter()
            .filter(|a| {
                q.answers
                    .iter()
                    .any(|ans| matches!(ans.gains.get(*a), Some(None)))
            })
            .cloned()
            .collect()
    };
    let linkage = q
        .linkage
        .as_deref()
        .and_then(|id| linkages.iter().find(|l| l.id == id))
        .map(|l| linkage_split(l, &q.actors))
        // A linkage in which no one has a stake has nothing to tally.
        .filter(|(_, parties)| !parties.is_empty());
    let (linkage_pays, linkage_parties) = match linkage {
        Some((split, parties)) => (Some(split), parties),
        None => (None, Vec::new()),
    };
    Verdict {
        condition: condition_split(&q.answers),
        gains_most,
        tied,
        unrankable,
        unranked,
        linkage_pays,
        linkage_parties,
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

/// How the models rank the compared actors' gains.
#[derive(Default)]
struct Tally {
    most: IndexMap<String, Vec<String>>,
    tied: Vec<String>,
    unrankable: Vec<String>,
}

/// Per actor the models it tops, the tied models and the unrankable ones; empty unless the
/// question compares at least two actors and has no condition.
fn gains_most(q: &QuestionView) -> Tally {
    let mut t = Tally::default();
    if q.actors.len() < 2 || q.condition.is_some() {
        return t;
    }
    for a in &q.answers {
        match top(&a.gains) {
            Top::One(actor) => t
                .most
                .entry(actor.to_owned())
                .or_default()
                .push(a.model.clone()),
            Top::Tie => t.tied.push(a.model.clone()),
            Top::Unknown => t.unrankable.push(a.model.clone()),
        }
    }
    t
}

/// The top of one model's gains.
#[derive(Debug, PartialEq)]
enum Top<'a> {
    /// One actor gains the most.
    One(&'a str),
    /// Two or more share the largest gain.
    Tie,
    /// A gain is missing: an actor without a status quo on its issues cannot be ranked, and
    /// leaving it out would crown another by default.
    Unknown,
}

fn top(gains: &IndexMap<String, Option<f64>>) -> Top<'_> {
    let mut best: Option<(&str, f64)> = None;
    let mut tied = false;
    for (actor, gain) in gains {
        let Some(g) = *gain else {
            return Top::Unknown;
        };
        match best {
            Some((_, b)) if same_gain(g, b) => tied = true,
            Some((_, b)) if g < b => {}
            _ => {
                best = Some((actor, g));
                tied = false;
            }
        }
    }
    match best {
        Some((a, _)) if !tied => Top::One(a),
        Some(_) => Top::Tie,
        None => Top::Unknown,
    }
}

/// Whether two gains are equal up to [`GAIN_TIE`].
pub fn same_gain(a: f64, b: f64) -> bool {
    (a - b).abs() <= GAIN_TIE * a.abs().max(b.abs()).max(1.0)
}

/// Which of two actors gains more (`Greater`: the first), equal up to [`GAIN_TIE`]; `None`
/// when either gain cannot be computed. Every tally of two actors' gains (`run`'s verdict,
/// `bargain`'s, the report's) compares with this.
pub fn compare_gains(x: Option<f64>, y: Option<f64>) -> Option<std::cmp::Ordering> {
    let (x, y) = (x?, y?);
    Some(if same_gain(x, y) {
        std::cmp::Ordering::Equal
    } else {
        x.total_cmp(&y)
    })
}

/// Per model: does every tallied party do strictly better with the joint bargain? With the
/// parties tallied: the compared actors who are parties, or every party when none is.
fn linkage_split(l: &LinkageView, actors: &[String]) -> (Split, Vec<String>) {
    let compared: Vec<String> = actors
        .iter()
        .filter(|a| l.versus.iter().any(|v| v.difference.contains_key(*a)))
        .cloned()
        .collect();
    let parties: Vec<String> = if compared.is_empty() {
        l.versus
            .first()
            .map(|v| v.difference.keys().cloned().collect())
            .unwrap_or_default()
    } else {
        compared
    };
    let mut split = Split::default();
    for v in &l.versus {
        let diffs: Vec<f64> = parties
            .iter()
            .filter_map(|a| v.difference.get(a).copied())
            .collect();
        let pays = !diffs.is_empty() && diffs.iter().all(|d| *d > 0.0 && !same_gain(*d, 0.0));
        let side = if pays { &mut split.yes } else { &mut split.no };
        side.push(v.model.clone());
    }
    (split, parties)
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
        assert_eq!(v.tied, ["c"]);
        // d ranks no one because rus's gain cannot be computed there.
        assert_eq!(v.unrankable, ["d"]);
        assert_eq!(v.unranked, ["rus"]);
    }

    /// 0.1 + 0.2 is 0.30000000000000004 in binary floating point: the same gain as 0.3.
    #[test]
    fn gains_equal_up_to_round_off_are_a_tie() {
        let mut gains = IndexMap::new();
        gains.insert("x".to_owned(), Some(0.1 + 0.2));
        gains.insert("y".to_owned(), Some(0.3));
        assert_ne!(0.1 + 0.2, 0.3);
        assert_eq!(top(&gains), Top::Tie);
        gains.insert("y".to_owned(), Some(0.3 - 1e-6));
        assert_eq!(top(&gains), Top::One("x"));
    }

    #[test]
    fn a_tie_below_a_later_leader_is_no_tie() {
        let mut gains = IndexMap::new();
        gains.insert("x".to_owned(), Some(0.1));
        gains.insert("y".to_owned(), Some(0.1));
        gains.insert("z".to_owned(), Some(0.2));
        assert_eq!(top(&gains), Top::One("z"));
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
        assert!(v.gains_most.is_empty() && v.tied.is_empty() && v.unrankable.is_empty());
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
        assert!(v.gains_most.is_empty() && v.tied.is_empty() && v.unrankable.is_empty());
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
        let v = verdict(&q, std::slice::from_ref(&l));
        let split = v.linkage_pays.expect("a linkage");
        // ukr is not compared, so its loss under a does not count; a zero difference is no gain.
        assert_eq!(split.yes, ["a"]);
        assert_eq!(split.no, ["b", "c"]);
        assert_eq!(v.linkage_parties, ["rus", "usa"]);
        // A compared actor who is not a party is not tallied, and is not named as tallied.
        let q = question(&["rus", "chn"], Some("gb"), vec![]);
        assert_eq!(
            verdict(&q, std::slice::from_ref(&l)).linkage_parties,
            ["rus"]
        );
        // No compared actor is a party: every party counts.
        let q = question(&["chn"], Some("gb"), vec![]);
        let v = verdict(&q, &[l]);
        let split = v.linkage_pays.expect("a linkage");
        assert!(split.yes.is_empty());
        assert_eq!(split.no, ["a", "b", "c"]);
        assert_eq!(v.linkage_parties, ["rus", "usa", "ukr"]);
    }

    /// A joint bargain equal to a model's forecast differs from it by round-off only: no gain.
    /// A linkage without parties (no one has a stake) has nothing to tally.
    #[test]
    fn round_off_does_not_pay_and_a_linkage_without_parties_is_not_tallied() {
        let mut l = LinkageView {
            id: "gb".into(),
            name: "Grand bargain".into(),
            joint_nbs: IndexMap::new(),
            agreement: true,
            gains: IndexMap::new(),
            versus: vec![versus("a", &[("rus", 1e-17), ("usa", 0.2)])],
        };
        let q = question(&["rus", "usa"], Some("gb"), vec![]);
        let split = verdict(&q, std::slice::from_ref(&l)).linkage_pays.unwrap();
        assert_eq!(split.no, ["a"]);
        l.versus = vec![versus("a", &[])];
        let v = verdict(&q, &[l]);
        assert!(v.linkage_pays.is_none() && v.linkage_parties.is_empty());
    }
}
