//! Evaluation against the PLOVER gold-standard records (openeventdata/PLOVER,
//! `PLOVER_GSR_CAMEO.txt`, CC BY-SA 4.0; read at run time, not bundled).
//!
//! Each record is one sentence with gold source/target actors (a primary code such as `USA`,
//! `IGO`, and a sector) and one event type. For each record the reader codes the sentence
//! alone ([`crate::reader::code_sentence`]):
//! - **actors**: the set of primary codes of the sources and targets of its relations (or of
//!   every actor it names when it finds no relation), against the set of gold source and target
//!   codes. Precision and recall are micro-averaged over records (true positives summed).
//! - **event type**: the PLOVER type of the sentence's first trigger against the gold type;
//!   the gold's PLOVER 0.5b1 names are mapped to 0.8 (DEMAND -> REQUEST, DISAPPROVE -> ACCUSE,
//!   FIGHT -> ASSAULT, INVESTIGATE -> ACCUSE). A record with no trigger counts as wrong.
//!
//! The lexicons were developed looking at the odd-numbered records only (the "dev" half); the
//! even-numbered ones ("held-out") were not read while writing them. Both halves are reported.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use crate::date::Date;
use crate::error::NewsError;
use crate::lexicon::Plover;
use crate::reader::code_sentence;

/// One gold record.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldRecord {
    /// Record id (`PLOVER-GSR01-AGREE-0001`).
    pub id: String,
    /// The sentence.
    pub text: String,
    /// Gold event type (mapped to PLOVER 0.8).
    pub event: Plover,
    /// Gold primary actor codes of sources and targets.
    pub codes: BTreeSet<String>,
    /// Whether the record is in the held-out half (even record number).
    pub held_out: bool,
    /// The record's date.
    pub date: Date,
}

/// CAMEO-era codes the gold file still uses, mapped to ISO 3166 alpha-3.
fn normalise_code(code: &str) -> String {
    match code {
        "JAP" => "JPN".to_owned(),
        "ITL" => "ITA".to_owned(),
        other => other.to_owned(),
    }
}

fn codes_of(v: Option<&Value>, out: &mut BTreeSet<String>) {
    if let Some(Value::Array(list)) = v {
        for a in list {
            if let Some(code) = a.get("code").and_then(Value::as_str) {
                let code = code.trim();
                if !code.is_empty() {
                    out.insert(normalise_code(code));
                }
            }
        }
    }
}

/// Parses the gold-standard file (a JSON array of records; the DOCUMENT header is skipped).
pub fn parse_gold(json: &str) -> Result<Vec<GoldRecord>, NewsError> {
    let value: Value = serde_json::from_str(json).map_err(|e| NewsError::Plover {
        message: format!("not a JSON array of records: {e}"),
    })?;
    let Value::Array(records) = value else {
        return Err(NewsError::Plover {
            message: "expected a JSON array of records".into(),
        });
    };
    let mut out = Vec::new();
    for r in &records {
        let event = r.get("event").and_then(Value::as_str).unwrap_or("");
        if event == "DOCUMENT" {
            continue;
        }
        let id = r.get("id").and_then(Value::as_str).unwrap_or("").to_owned();
        let Some(event) = Plover::parse(event) else {
            return Err(NewsError::Plover {
                message: format!("record {id}: unknown event type '{event}'"),
            });
        };
        let text = r
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let mut codes = BTreeSet::new();
        codes_of(r.get("source"), &mut codes);
        codes_of(r.get("target"), &mut codes);
        let number: u32 = id
            .rsplit('-')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        let date = r
            .get("date")
            .and_then(Value::as_str)
            .and_then(|d| Date::parse(d).ok())
            .unwrap_or(Date {
                year: 2000,
                month: 1,
                day: 1,
            });
        out.push(GoldRecord {
            id,
            text,
            event,
            codes,
            held_out: number.is_multiple_of(2),
            date,
        });
    }
    if out.is_empty() {
        return Err(NewsError::Plover {
            message: "no coded records found".into(),
        });
    }
    Ok(out)
}

/// Scores over a set of records.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Records scored.
    pub records: usize,
    /// Actor codes found that are in the gold.
    pub actor_true_positives: usize,
    /// Actor codes found that are not.
    pub actor_false_positives: usize,
    /// Gold actor codes not found.
    pub actor_false_negatives: usize,
    /// tp / (tp + fp).
    pub actor_precision: f64,
    /// tp / (tp + fn).
    pub actor_recall: f64,
    /// Records whose first event type equals the gold type.
    pub events_correct: usize,
    /// Records where the reader found any event.
    pub events_found: usize,
    /// events_correct / records.
    pub event_accuracy: f64,
}

impl Scores {
    fn add(&mut self, gold: &GoldRecord, codes: &BTreeSet<String>, event: Option<Plover>) {
        self.records += 1;
        let tp = codes.intersection(&gold.codes).count();
        self.actor_true_positives += tp;
        self.actor_false_positives += codes.len() - tp;
        self.actor_false_negatives += gold.codes.len() - tp;
        self.events_found += usize::from(event.is_some());
        self.events_correct += usize::from(event == Some(gold.event));
    }

    fn finish(&mut self) {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let tp = self.actor_true_positives;
        self.actor_precision = ratio(tp, tp + self.actor_false_positives);
        self.actor_recall = ratio(tp, tp + self.actor_false_negatives);
        self.event_accuracy = ratio(self.events_correct, self.records);
    }
}

/// One record's outcome, for inspection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Record id.
    pub id: String,
    /// Gold event type.
    pub gold_event: Plover,
    /// Predicted event type.
    pub event: Option<Plover>,
    /// Gold codes.
    pub gold_codes: Vec<String>,
    /// Predicted codes.
    pub codes: Vec<String>,
}

/// The evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Odd-numbered records (used while writing the lexicons).
    pub dev: Scores,
    /// Even-numbered records (not read while writing the lexicons).
    pub held_out: Scores,
    /// All records.
    pub all: Scores,
    /// Per record.
    pub outcomes: Vec<Outcome>,
}

/// Codes every record and scores the result.
pub fn evaluate(records: &[GoldRecord]) -> Result<Evaluation, NewsError> {
    let (mut dev, mut held, mut all) = (Scores::default(), Scores::default(), Scores::default());
    let mut outcomes = Vec::with_capacity(records.len());
    for g in records {
        let coding = code_sentence(&g.text, g.date)?;
        let codes: BTreeSet<String> = coding.codes.iter().cloned().collect();
        if g.held_out {
            held.add(g, &codes, coding.event);
        } else {
            dev.add(g, &codes, coding.event);
        }
        all.add(g, &codes, coding.event);
        outcomes.push(Outcome {
            id: g.id.clone(),
            gold_event: g.event,
            event: coding.event,
            gold_codes: g.codes.iter().cloned().collect(),
            codes: coding.codes,
        });
    }
    for s in [&mut dev, &mut held, &mut all] {
        s.finish();
    }
    Ok(Evaluation {
        dev,
        held_out: held,
        all,
        outcomes,
    })
}

/// A table of the scores.
pub fn render(e: &Evaluation) -> String {
    let mut out = String::from(
        "PLOVER gold-standard records: actor codes (micro-averaged) and event type (first event)\n\n\
         set        records  actor P  actor R  event acc  events found\n",
    );
    for (name, s) in [("dev", &e.dev), ("held-out", &e.held_out), ("all", &e.all)] {
        let _ = writeln!(
            out,
            "{name:<10} {:>7}  {:>7.3}  {:>7.3}  {:>9.3}  {:>12}",
            s.records, s.actor_precision, s.actor_recall, s.event_accuracy, s.events_found
        );
    }
    out.push_str(
        "\nBaseline to beat (quick lexicon baseline, spec): actor P 0.78, actor R 0.90, event 0.44.\n\
         dev = odd-numbered records, read while writing the lexicons; held-out = even-numbered.\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"[
      {"id": "X-DOCUMENT-0001", "event": "DOCUMENT"},
      {"id": "X-FIGHT-0001", "date": "2000-01-01", "event": "FIGHT",
       "source": [{"actorText": "Iran", "code": "IRN"}], "target": [{"actorText": "Iraq", "code": "IRQ", "sector": "MIL"}],
       "text": "Iran attacked Iraq."},
      {"id": "X-DEMAND-0002", "event": "DEMAND", "source": [{"code": "JAP"}], "target": "",
       "text": "Japan demanded an apology."}
    ]"#;

    #[test]
    fn parses_gold_and_maps_old_names() {
        let recs = parse_gold(SAMPLE).unwrap();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].event, Plover::Assault);
        assert!(!recs[0].held_out);
        assert_eq!(recs[1].event, Plover::Request);
        assert!(recs[1].codes.contains("JPN"));
        assert!(recs[1].held_out);
    }

    #[test]
    fn scores_count_sets() {
        let recs = parse_gold(SAMPLE).unwrap();
        let e = evaluate(&recs).unwrap();
        assert_eq!(e.all.records, 2);
        assert!(e.all.actor_true_positives >= 2, "{:?}", e.outcomes);
        assert!(e.all.events_correct >= 1, "{:?}", e.outcomes);
        assert!(parse_gold("{}").is_err());
        assert!(parse_gold("[]").is_err());
    }
}
