//! `parley mc --format csv` against `--format json` of the same run (sweep 7 finding 3): the
//! odds with model error and the model-error bands are in the CSV, deal rows name their
//! question, and the rows an older reader knows come first, in their old order.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use serde_json::Value;

/// The CSV rows as (record, model, issue, stat, value); fields unquoted (the flagship's ids
/// and conditions hold no quote or comma inside a field).
fn rows(csv: &str) -> Vec<[String; 5]> {
    csv.lines()
        .skip(1)
        .map(|line| {
            let mut fields = Vec::new();
            let mut rest = line;
            while !rest.is_empty() || fields.len() < 5 {
                let (field, tail) = if let Some(quoted) = rest.strip_prefix('"') {
                    let end = quoted.find('"').unwrap();
                    (
                        &quoted[..end],
                        quoted[end + 1..].strip_prefix(',').unwrap_or(""),
                    )
                } else {
                    rest.split_once(',').unwrap_or((rest, ""))
                };
                fields.push(field.to_owned());
                rest = tail;
            }
            fields.try_into().unwrap()
        })
        .collect()
}

fn run(format: &str) -> String {
    let o = parley(&["mc", "--runs", "40", "--format", format]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn the_csv_carries_the_odds_and_bands_with_model_error_and_names_each_deals_question() {
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    let csv = run("csv");
    assert!(csv.starts_with("record,model,issue,stat,value\n"));
    let rows = rows(&csv);
    let value = |record: &str, model: &str, issue: &str, stat: &str| -> f64 {
        let hits: Vec<&[String; 5]> = rows
            .iter()
            .filter(|r| r[0] == record && r[1] == model && r[2] == issue && r[3] == stat)
            .collect();
        assert_eq!(hits.len(), 1, "{record},{model},{issue},{stat}\n{csv}");
        hits[0][4].parse().unwrap()
    };
    let mut with_error = 0;
    for c in json["conditions"].as_array().unwrap() {
        let condition = c["condition"].as_str().unwrap();
        for (stat, key) in [
            ("probability", "probability"),
            ("with_model_error", "with_model_error"),
        ] {
            for (model, p) in c[key].as_object().unwrap() {
                // The CSV writes the shortest text that reads back to the same f64.
                assert_eq!(
                    value("condition", model, condition, stat),
                    p.as_f64().unwrap()
                );
                with_error += usize::from(stat == "with_model_error");
            }
        }
    }
    assert!(with_error > 0, "the flagship has odds with model error");
    for m in json["models"].as_array().unwrap() {
        let model = m["model"].as_str().unwrap();
        for (record, key) in [
            ("forecast", "issues"),
            ("forecast_with_model_error", "with_model_error"),
        ] {
            for (issue, s) in m[key].as_object().unwrap() {
                for stat in ["mean", "sd", "median", "p5", "p95", "min", "max"] {
                    assert_eq!(
                        value(record, model, issue, stat),
                        s[stat].as_f64().unwrap(),
                        "{record} {model} {issue} {stat}"
                    );
                }
            }
        }
    }
    // The flagship's two questions on grand_bargain: two deal rows, told apart by question.
    let deals: Vec<&[String; 5]> = rows.iter().filter(|r| r[0] == "deal").collect();
    let expected: Vec<String> = json["deals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}: {}-{} on {}",
                d["question"].as_str().unwrap(),
                d["a"].as_str().unwrap(),
                d["b"].as_str().unwrap(),
                d["linkage"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(expected.len(), 2);
    assert_ne!(expected[0], expected[1]);
    assert_eq!(
        deals.iter().map(|r| r[2].clone()).collect::<Vec<_>>(),
        expected
    );
    // Every row of the new kinds comes after every row an older reader knows.
    let new = |r: &[String; 5]| r[0] == "forecast_with_model_error" || r[3] == "with_model_error";
    let first_new = rows.iter().position(new).unwrap();
    assert!(rows[first_new..].iter().all(new), "{csv}");
}
