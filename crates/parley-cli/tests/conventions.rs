//! Command-line conventions (issue 18, item 5): a scenario from standard input (`-`), shell
//! completions and the manual page.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use common::*;

/// Runs `parley` with `input` on its standard input.
fn parley_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Written from another thread so a large input cannot deadlock against a full stdout pipe.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

#[test]
fn a_scenario_can_come_from_standard_input() {
    let path = repo_file("scenarios/toy-tariff.toml");
    let text = std::fs::read(&path).unwrap();
    for cmd in [
        vec!["run", "--format", "json"],
        vec!["mc", "--runs", "50", "--format", "json"],
        vec!["validate"],
    ] {
        let mut from_file = cmd.clone();
        from_file.push(&path);
        let mut from_stdin = cmd.clone();
        from_stdin.push("-");
        let a = parley(&from_file);
        let b = parley_with_stdin(&from_stdin, &text);
        assert!(b.status.success(), "{cmd:?}: {}", stderr(&b));
        if cmd[0] == "validate" {
            assert!(stdout(&b).starts_with("-: ok"), "{}", stdout(&b));
        } else {
            assert_eq!(stdout(&a), stdout(&b), "{cmd:?}");
        }
    }
    // Problems are located in <stdin>, JSON is told by its opening brace.
    let o = parley_with_stdin(&["run", "-"], b"[scenario]\nname = 3\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--> <stdin>:2:"), "{}", stderr(&o));
    let o = parley_with_stdin(&["run", "-"], b"{\"scenario\": ");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("<stdin>:1:"), "{}", stderr(&o));
    // An empty stream is a file with nothing in it: one located problem, not a hang.
    let o = parley_with_stdin(&["run", "-"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("error[empty-file]") && stderr(&o).contains("<stdin>:1:1"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_article_can_come_from_standard_input() {
    // `parley extract -` reads the article from stdin and finds what it finds in the file.
    let path = repo_file("examples/article.txt");
    let text = std::fs::read(&path).unwrap();
    let a = parley(&["extract", &path, "--format", "json"]);
    let b = parley_with_stdin(&["extract", "-", "--format", "json"], &text);
    assert!(a.status.success(), "{}", stderr(&a));
    assert!(b.status.success(), "{}", stderr(&b));
    assert_eq!(stdout(&a), stdout(&b));
    // Binary on stdin: a clear message, exit 1, no panic.
    let o = parley_with_stdin(&["extract", "-"], &[0xff, 0xfe, 0x00, 0x01, 0x02]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("error:"), "{}", stderr(&o));
}

#[test]
fn completions_and_the_manual_page() {
    let o = parley(&["completions", "bash"]);
    assert!(o.status.success());
    let bash = stdout(&o);
    assert!(bash.contains("_parley()"), "{bash}");
    for sub in ["run", "mc", "advise", "completions"] {
        assert!(bash.contains(sub), "{sub}");
    }
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let o = parley(&["completions", shell]);
        assert!(o.status.success() && !o.stdout.is_empty(), "{shell}");
    }
    let o = parley(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    let o = parley(&["man"]);
    assert!(o.status.success());
    let man = stdout(&o);
    assert!(man.contains(".TH parley 1"), "{man}");
    assert!(
        man.contains(".SH SUBCOMMANDS") && man.contains("parley\\-mc"),
        "{man}"
    );
}

/// The records of a CSV text, header first.
fn records(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let o = parley(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

#[test]
fn bargain_compare_and_models_print_csv_that_agrees_with_their_json() {
    // bargain: every condition's odds, inputs only and with model error, as in the JSON.
    let j = json_of(&["bargain", "--runs", "40", "--format", "json"]);
    let rows = records(&stdout(&parley(&[
        "bargain", "--runs", "40", "--format", "csv",
    ])));
    assert_eq!(
        rows[0],
        ["record", "id", "model", "a", "b", "issue", "value"]
    );
    let mut checked = 0;
    for c in j["monte_carlo"]["conditions"].as_array().unwrap() {
        for (kind, key) in [
            ("odds", "probability"),
            ("odds_with_model_error", "with_model_error"),
        ] {
            for (model, p) in c[key].as_object().unwrap() {
                let row = rows
                    .iter()
                    .find(|r| r[0] == kind && r[1] == c["source"] && r[2] == *model)
                    .unwrap_or_else(|| panic!("{kind} {model}"));
                assert_eq!(row[6].parse::<f64>().unwrap(), p.as_f64().unwrap());
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "{checked}");
    let deals = j["bargain"]["linkages"][0]["pairs"].as_array().unwrap();
    let csv_deals = rows
        .iter()
        .filter(|r| r[0] == "deal" && r[1] == j["bargain"]["linkages"][0]["id"])
        .count();
    assert_eq!(csv_deals, deals.len());

    // compare: each variant's forecast and its change from the base.
    let j = json_of(&["compare", "--what-if", "us_stops_aid", "--format", "json"]);
    let rows = records(&stdout(&parley(&[
        "compare",
        "--what-if",
        "us_stops_aid",
        "--format",
        "csv",
    ])));
    assert_eq!(rows[0], ["variant", "model", "issue", "forecast", "change"]);
    let variant = &j["variants"][0]["analysis"]["models"];
    for (m, run) in variant.as_array().unwrap().iter().enumerate() {
        let model = run["model"].as_str().unwrap();
        for (issue, v) in run["forecast"].as_object().unwrap() {
            let row = rows
                .iter()
                .find(|r| r[0] == "us_stops_aid" && r[1] == model && r[2] == *issue)
                .unwrap();
            let base = j["base"]["models"][m]["forecast"][issue].as_f64().unwrap();
            assert_eq!(row[3].parse::<f64>().unwrap(), v.as_f64().unwrap());
            assert_eq!(row[4].parse::<f64>().unwrap(), v.as_f64().unwrap() - base);
        }
    }

    // models: one row per model with its source.
    let j = json_of(&["models", "--format", "json"]);
    let rows = records(&stdout(&parley(&["models", "--format", "csv"])));
    assert_eq!(rows[0], ["id", "name", "summary", "source"]);
    assert_eq!(rows.len() - 1, j.as_array().unwrap().len());
    for (row, m) in rows[1..].iter().zip(j.as_array().unwrap()) {
        assert_eq!(row[0], m["id"].as_str().unwrap());
        assert_eq!(row[3], m["source"].as_str().unwrap());
    }
}
