//! The reader on articles the project wrote itself (tests/articles/*.txt), each coded by hand
//! in the matching .json file: the actors a reader must find, the relations (with flags), the
//! issues and the stances. Relations the reader is known to miss or to add are listed
//! separately in the same file, with a note, so the test also fails when the reader improves.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::Path;

use parley_news::report::Report;
use parley_news::{Date, Options, read};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct ExpRelation {
    sentence: usize,
    #[serde(rename = "type")]
    rtype: String,
    source: Vec<String>,
    target: Vec<String>,
    tense: Option<String>,
    confidence: Option<String>,
    negated: Option<bool>,
    question: Option<bool>,
    historical: Option<bool>,
    attribution: Option<String>,
    plover: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ExpStance {
    actor: String,
    issue: String,
    direction: String,
}

#[derive(Debug, Deserialize)]
struct Expected {
    date: Option<String>,
    actors: Vec<String>,
    relations: Vec<ExpRelation>,
    known_misses: Vec<ExpRelation>,
    known_extras: Vec<ExpRelation>,
    issues: Vec<String>,
    stances: Vec<ExpStance>,
}

type Key = (usize, String, BTreeSet<String>, BTreeSet<String>);

fn key(sentence: usize, rtype: &str, source: &[String], target: &[String]) -> Key {
    (
        sentence,
        rtype.to_owned(),
        source.iter().cloned().collect(),
        target.iter().cloned().collect(),
    )
}

fn exp_key(r: &ExpRelation) -> Key {
    key(r.sentence, &r.rtype, &r.source, &r.target)
}

fn load(name: &str) -> (Report, Expected) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/articles");
    let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
    let json = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
    let expected: Expected = serde_json::from_str(&json).unwrap();
    let options = Options {
        date: expected.date.as_deref().map(|d| Date::parse(d).unwrap()),
    };
    (read(&text, &options).unwrap(), expected)
}

fn json_str<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn check(name: &str) {
    let (report, exp) = load(name);
    let ids: BTreeSet<&str> = report.actors.iter().map(|a| a.id.as_str()).collect();
    for a in &exp.actors {
        assert!(
            ids.contains(a.as_str()),
            "{name}: actor {a} not found; found {ids:?}"
        );
    }
    let found: Vec<(Key, &parley_news::report::Relation)> = report
        .relations
        .iter()
        .map(|r| (key(r.sentence, r.rtype.as_str(), &r.source, &r.target), r))
        .collect();
    let found_keys: BTreeSet<&Key> = found.iter().map(|(k, _)| k).collect();
    let allowed: BTreeSet<Key> = exp
        .relations
        .iter()
        .chain(&exp.known_extras)
        .map(exp_key)
        .collect();
    for k in &found_keys {
        assert!(allowed.contains(*k), "{name}: unexpected relation {k:?}");
    }
    for miss in &exp.known_misses {
        assert!(
            !found_keys.contains(&exp_key(miss)),
            "{name}: known miss {:?} is now found: update the file",
            exp_key(miss)
        );
    }
    for e in exp.relations.iter().chain(&exp.known_extras) {
        let k = exp_key(e);
        let (_, r) = found
            .iter()
            .find(|(fk, _)| *fk == k)
            .unwrap_or_else(|| panic!("{name}: relation {k:?} not found"));
        let m = &r.modality;
        let what = format!("{name}: {k:?}");
        if let Some(t) = &e.tense {
            assert_eq!(&json_str(&m.tense), t, "{what} tense");
        }
        if let Some(c) = &e.confidence {
            assert_eq!(&json_str(&m.confidence), c, "{what} confidence");
        }
        if let Some(n) = e.negated {
            assert_eq!(m.negated, n, "{what} negated");
        }
        if let Some(q) = e.question {
            assert_eq!(m.question, q, "{what} question");
        }
        if let Some(h) = e.historical {
            assert_eq!(m.historical, h, "{what} historical");
        }
        if let Some(a) = &e.attribution {
            assert_eq!(&m.attribution.by, a, "{what} attribution");
        }
        if let Some(p) = &e.plover {
            assert_eq!(r.plover.as_str(), p, "{what} plover");
        }
    }
    let issues: BTreeSet<&str> = report.issues.iter().map(|i| i.id.as_str()).collect();
    let exp_issues: BTreeSet<&str> = exp.issues.iter().map(String::as_str).collect();
    assert_eq!(issues, exp_issues, "{name}: issues");
    let stances: BTreeSet<(String, String, String)> = report
        .stances
        .iter()
        .map(|s| (s.actor.clone(), s.issue.clone(), json_str(&s.direction)))
        .collect();
    let exp_stances: BTreeSet<(String, String, String)> = exp
        .stances
        .iter()
        .map(|s| (s.actor.clone(), s.issue.clone(), s.direction.clone()))
        .collect();
    assert_eq!(stances, exp_stances, "{name}: stances");
}

#[test]
fn wire_report() {
    check("wire_report");
}

#[test]
fn analysis_with_hedges() {
    check("analysis");
}

#[test]
fn quotations() {
    check("quotes");
}

#[test]
fn passive_voice() {
    check("passive");
}

#[test]
fn negation() {
    check("negation");
}

#[test]
fn questions() {
    check("questions");
}
