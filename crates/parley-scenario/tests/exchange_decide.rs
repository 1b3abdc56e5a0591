//! The exchange model against decide-exchange-model on its three shipped inputs.
//!
//! Reference data (see `tests/data/decide/README.md`): decide @ 51dee664, equal gain, 10
//! rounds, made deterministic by two documented rules (ties to the earliest-created exchange;
//! an outcome within 1e-9 of the demander's position counts as on it). Parley implements those
//! rules, so every round's outcome and every realised exchange must match.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::PathBuf;

use parley_core::model::Details;
use parley_core::models::Exchange;
use parley_core::{Inputs, Model, Scenario};
use parley_scenario::read_file;

const INPUTS: [(&str, &str); 3] = [
    ("sample_data", "sample_data.txt"),
    ("copenhagen", "copenhagen.csv"),
    ("cop21", "cop21.csv"),
];

fn scenario(file: &str) -> Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/decide")
        .join(file);
    read_file(&path).unwrap()
}

fn reference(name: &str) -> Vec<Vec<String>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/decide")
        .join(name);
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

#[test]
fn every_rounds_outcome_matches_decide() {
    let rows = reference("canonical_outcomes.csv");
    assert_eq!(rows.len(), 10 * (6 + 7 + 13));
    for (name, file) in INPUTS {
        let s = scenario(file);
        let inputs = Inputs::from_scenario(&s).unwrap();
        let out = Exchange::default().run(&inputs).unwrap();
        assert_eq!(out.rounds.len(), 11, "the start and 10 rounds");
        for row in rows.iter().filter(|r| r[0] == name) {
            let round: usize = row[1].parse().unwrap();
            let j = s.issue_index(&row[2]).unwrap();
            let preference: f64 = row[3].parse().unwrap();
            let voting: f64 = row[4].parse().unwrap();
            // Round r starts from the positions after round r - 1's moves (rounds[r - 1] holds
            // voting positions; the preference outcome is recomputed from the next start).
            let ours = out.rounds[round].forecast[j];
            assert!(
                (ours - voting).abs() < 1e-9,
                "{name} round {round} {}: voting outcome {ours} vs decide {voting}",
                row[2]
            );
            if round == 1 {
                let start = out.rounds[0].forecast[j];
                assert!(
                    (start - preference).abs() < 1e-9,
                    "{name} {}: {start} vs {preference}",
                    row[2]
                );
            }
        }
    }
}

#[test]
fn every_realised_exchange_matches_decide() {
    let rows = reference("canonical_exchanges.csv");
    let mut compared = 0;
    for (name, file) in INPUTS {
        let s = scenario(file);
        let inputs = Inputs::from_scenario(&s).unwrap();
        let detailed = Exchange::default().run_detailed(&inputs).unwrap();
        let Some(Details::Exchanges { rounds }) = detailed.details else {
            panic!("the exchange model reports its trades");
        };
        let mut expected: HashMap<usize, Vec<&Vec<String>>> = HashMap::new();
        for row in rows.iter().filter(|r| r[0] == name) {
            expected
                .entry(row[1].parse().unwrap())
                .or_default()
                .push(row);
        }
        for (r, round) in rounds.iter().enumerate() {
            let want = &expected[&(r + 1)];
            assert_eq!(
                round.trades.len(),
                want.len(),
                "{name} round {}: number of exchanges",
                r + 1
            );
            for (t, (trade, row)) in round.trades.iter().zip(want).enumerate() {
                let actor = |i: usize| s.actors[i].id.as_str();
                let issue = |k: usize| s.issues[k].id.as_str();
                let ctx = format!("{name} round {} exchange {t}", r + 1);
                assert_eq!(trade.creation.to_string(), row[3], "{ctx}: creation index");
                assert_eq!(
                    (actor(trade.i.actor), issue(trade.i.supply)),
                    (row[4].as_str(), row[5].as_str()),
                    "{ctx}"
                );
                assert_eq!(
                    (actor(trade.j.actor), issue(trade.j.supply)),
                    (row[7].as_str(), row[8].as_str()),
                    "{ctx}"
                );
                for (ours, theirs) in [
                    (trade.i.voting, &row[6]),
                    (trade.j.voting, &row[9]),
                    (trade.gain, &row[10]),
                ] {
                    let theirs: f64 = theirs.parse().unwrap();
                    assert!(
                        (ours - theirs).abs() < 1e-9,
                        "{ctx}: {ours} vs decide {theirs}"
                    );
                }
                compared += 1;
            }
        }
    }
    assert_eq!(compared, rows.len());
}
