//! Issue 18's conventions: the global `--color` (alias `--colour`), `validate --format json`,
//! `--runs 0` as a usage error, and a question on actors and a linkage but no issues printing
//! no empty forecast.
#![allow(clippy::unwrap_used)]

mod common;

use common::{parley, repo_file, scratch_file, stderr, stdout};

const SUITE: &str = "conventions18";

#[test]
fn color_is_global_with_a_colour_alias() {
    let bad = repo_file("examples/bad.toml");
    let on = parley(&["validate", &bad, "--color", "always"]);
    assert!(stderr(&on).contains("\u{1b}["), "always: escape codes");
    let alias = parley(&["--colour", "always", "validate", &bad]);
    assert_eq!(stderr(&alias), stderr(&on));
    let off = parley(&["validate", &bad, "--color", "never"]);
    assert!(!stderr(&off).contains('\u{1b}'));
    let o = parley(&["--color", "sometimes", "models"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn validate_json_lists_each_files_problems_with_line_and_column() {
    let bad = repo_file("examples/bad.toml");
    let good = repo_file("examples/my.toml");
    let o = parley(&["validate", &good, &bad, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files[0]["ok"], true);
    assert_eq!(files[0]["actors"], 2);
    assert_eq!(files[1]["ok"], false);
    let first = &files[1]["problems"][0];
    assert_eq!(first["code"], "unknown-key");
    assert_eq!(first["path"], "scenario.colour");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(files[1]["problems"].as_array().unwrap().len(), 9);
    // A spreadsheet's problems carry sheet, row and column.
    let o = parley(&[
        "validate",
        &repo_file("examples/bad.csv"),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let p = &v["files"][0]["problems"][0];
    assert_eq!(
        (p["code"].as_str(), p["sheet"].as_str()),
        (Some("sheet"), Some("grid"))
    );
    assert_eq!(
        (p["row"].as_u64(), p["column"].as_str()),
        (Some(2), Some("E"))
    );
}

#[test]
fn runs_zero_is_a_usage_error_where_runs_must_be_positive() {
    for cmd in [
        vec!["mc", "--runs", "0"],
        vec!["sensitivity", "--runs", "0"],
        vec!["plot", "--chart", "mc", "--runs", "0", "-o", "x.svg"],
        vec!["mc", "--runs", "abc"],
    ] {
        let o = parley(&cmd);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}: {}", stderr(&o));
    }
}

#[test]
fn a_question_without_issues_prints_no_empty_forecast() {
    let toml = r#"[scenario]
name = "q"
[[issue]]
id = "x"
name = "X"
low = "a"
high = "b"
[[issue]]
id = "y"
name = "Y"
low = "a"
high = "b"
[[actor]]
id = "a"
name = "A"
capability = 1
stance.x = { position = 20, salience = 0.5 }
stance.y = { position = 20, salience = 0.5 }
[[actor]]
id = "b"
name = "B"
capability = 1
stance.x = { position = 80, salience = 0.5 }
stance.y = { position = 70, salience = 0.5 }
[[linkage]]
id = "l"
name = "L"
issues = ["x", "y"]
[[question]]
id = "q1"
text = "Do a and b trade?"
issues = []
actors = ["a", "b"]
linkage = "l"
"#;
    let f = scratch_file(SUITE, "q.toml", toml);
    let o = parley(&["run", f.to_str().unwrap(), "--model", "compromise"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains(": ;"), "{out}");
    assert!(out.contains("  compromise: gains: a "), "{out}");
}

#[test]
fn run_rounds_csv_keeps_the_rounds_and_ends_at_the_forecast() {
    let my = repo_file("examples/my.toml");
    let o = parley(&[
        "run",
        &my,
        "--rounds",
        "--format",
        "csv",
        "--model",
        "eum,exchange",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("model,round,issue,actor,value"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let plain = stdout(&parley(&[
        "run",
        &my,
        "--format",
        "csv",
        "--model",
        "eum,exchange",
    ]));
    for model in ["eum", "exchange"] {
        let outcomes: Vec<&Vec<&str>> = rows
            .iter()
            .filter(|r| r[0] == model && r[3].is_empty())
            .collect();
        assert!(outcomes.len() >= 2, "{model}: rounds 0.. {text}");
        assert_eq!(outcomes[0][1], "0");
        // Both actors' positions are there in round 0.
        assert!(
            rows.iter()
                .any(|r| r[0] == model && r[1] == "0" && r[3] == "north")
        );
        // The last round's outcome is the model's forecast.
        let last = outcomes.last().unwrap();
        let want = format!("forecast,{model},tariff,,{},", last[4]);
        assert!(plain.contains(&want), "{want} not in {plain}");
    }
}

#[test]
fn score_and_seal_format_csv_print_csv() {
    let o = parley(&["score", "--format", "csv", "--runs", "50"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "set,target,model,forecast,outcome,abs_error,crps,brier,sealed_at,counts,\
             forecast_with_model_error,brier_with_model_error,error_model_sha256"
        )
    );
    let mut issues = 0;
    let mut with_error = 0;
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        assert_eq!(f.len(), 13, "{l}");
        // A question's Brier scores, by definition (p - o)^2, for both of its odds.
        let question = f[5].is_empty() && f[6].is_empty();
        for (at_p, at_b) in [(3, 7), (10, 11)] {
            if let (true, Ok(p), Ok(o), Ok(b)) = (
                question,
                f[at_p].parse::<f64>(),
                f[4].parse::<f64>(),
                f[at_b].parse::<f64>(),
            ) {
                assert!((b - (p - o) * (p - o)).abs() < 1e-12, "{l}");
                with_error += usize::from(at_p == 10);
            }
        }
        if let (Ok(fc), Ok(out), Ok(err)) = (
            f[3].parse::<f64>(),
            f[4].parse::<f64>(),
            f[5].parse::<f64>(),
        ) {
            // abs error = |forecast - outcome|, by definition.
            assert!((err - (fc - out).abs()).abs() < 1e-9, "{l}");
            issues += 1;
        }
    }
    assert!(issues >= 4, "{text}");
    assert!(with_error >= 1, "no odds with model error: {text}");
    let db = common::scratch_path(SUITE, "seal.db");
    let _ = std::fs::remove_file(&db);
    let o = parley(&[
        "seal",
        "--runs",
        "20",
        "--format",
        "csv",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("run,target,model,value,commitment,value_with_model_error\n"),
        "{text}"
    );
    assert!(
        text.lines().skip(1).all(|l| l.split(',').count() == 6),
        "{text}"
    );
    // The questions carry their odds with model error; the issues have none.
    assert!(
        text.lines()
            .skip(1)
            .any(|l| l.contains("iran_wants_deal") && !l.ends_with(',')),
        "{text}"
    );
}
