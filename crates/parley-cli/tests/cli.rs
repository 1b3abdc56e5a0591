//! End-to-end tests of the `parley` binary: exit codes, outputs, and the JSON contract.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;

use common::*;

fn temp_file(name: &str, text: &str) -> PathBuf {
    scratch_file("cli-test", name, text)
}

#[test]
fn run_without_arguments_prints_the_flagship_forecast() {
    let o = parley(&["run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Grand bargain 2025"), "{out}");
    for needle in [
        "iran_nuclear",
        "iran_sanctions",
        "ukraine_aid",
        "ukraine_ceasefire",
        "compromise",
        "nbs",
    ] {
        assert!(out.contains(needle), "missing {needle} in\n{out}");
    }
    assert!(out.contains("Does Iran want another deal?"), "{out}");
}

#[test]
fn table_output_is_stable() {
    let o = parley(&["run"]);
    assert!(o.status.success());
    insta::assert_snapshot!("flagship_table", stdout(&o));
}

#[test]
fn json_output_meets_the_contract_for_every_model_and_issue() {
    let o = parley(&["run", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert!(v["scenario"].is_string());
    let issues: Vec<&str> = v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        issues,
        [
            "iran_nuclear",
            "iran_sanctions",
            "ukraine_aid",
            "ukraine_ceasefire"
        ]
    );
    let models = v["models"].as_array().unwrap();
    let names: Vec<&str> = models
        .iter()
        .map(|m| m["model"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["compromise", "nbs", "eum", "exchange", "smp"]);
    for m in models {
        for id in &issues {
            let f = m["forecast"][id].as_f64().unwrap_or(f64::NAN);
            assert!((0.0..=100.0).contains(&f), "{} {id}: {f}", m["model"]);
        }
    }
}

#[test]
fn json_output_has_linkages_and_the_mediators_proposal() {
    let o = parley(&["run", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let linkages = v["linkages"].as_array().unwrap();
    let ids: Vec<&str> = linkages.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["iran_deal", "grand_bargain"]);
    for l in linkages {
        assert!(l["joint_nbs"].as_object().unwrap().len() >= 2, "{l}");
        assert_eq!(
            l["versus"].as_array().unwrap().len(),
            5,
            "one comparison per model"
        );
    }
    let m = &v["mediation"];
    assert_eq!(m["mediator"], "rus");
    assert_eq!(
        m["parties"],
        serde_json::json!(["usa", "irn_leader", "irn_gov"])
    );
    for issue in ["iran_nuclear", "iran_sanctions"] {
        let p = m["proposal"][issue].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&p), "{issue}: {p}");
    }
    assert!(m["versus"][0]["deal_zone"].is_boolean());
}

#[test]
fn the_exchange_model_reports_rounds_and_trades() {
    let o = parley(&["run", "--model", "exchange", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let m = &v["models"][0];
    assert_eq!(m["model"], "exchange");
    assert_eq!(
        m["rounds"].as_array().unwrap().len(),
        11,
        "start + 10 rounds"
    );
    assert_eq!(m["stop"]["kind"], "max_rounds");
    let first = m["trades"]["rounds"][0].as_array().unwrap();
    assert!(
        !first.is_empty(),
        "the flagship has profitable trades in round 1"
    );
    for t in first {
        assert_ne!(
            t["i"]["supply"], t["j"]["supply"],
            "partners give ground on different issues"
        );
        assert!(t["gain"].as_f64().unwrap() > 0.0);
    }
    let text = stdout(&parley(&["run", "--model", "exchange", "--rounds"]));
    assert!(
        text.contains("Rounds of exchange: stopped at the cap of 10 rounds"),
        "{text}"
    );
}

#[test]
fn model_selection_and_csv() {
    let o = parley(&["run", "--model", "nbs", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("record,model,issue,actor,value,status\n"),
        "{out}"
    );
    assert!(out.contains("forecast,nbs,iran_nuclear,,"), "{out}");
    assert!(!out.contains(",compromise,"), "{out}");
}

#[test]
fn unknown_model_is_a_usage_error() {
    let o = parley(&["run", "--model", "oracle"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown model 'oracle'"),
        "{}",
        stderr(&o)
    );
}

/// Sweep item 12: options of models that do not run, and Monte Carlo runs nothing would show,
/// were accepted and silently ignored (exit 0).
#[test]
fn options_nothing_would_use_are_usage_errors() {
    let o = parley(&["run", "--model", "nbs", "--smp", "max_turns=5"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "--smp sets KTAB's spatial model (smp), which does not run here (--model nbs)"
        ),
        "{}",
        stderr(&o)
    );
    let o = parley(&[
        "mc",
        "--model",
        "nbs,smp",
        "--eum-variant",
        "scholz",
        "--runs",
        "5",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--eum-variant sets the expected utility model (eum)"),
        "{}",
        stderr(&o)
    );
    for cmd in ["compare", "sensitivity"] {
        let o = parley(&[cmd, "--model", "compromise", "--smp", "max_turns=5"]);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", stderr(&o));
    }
    // With the model chosen the options apply as before.
    let o = parley(&[
        "run",
        "--model",
        "eum,smp",
        "--smp",
        "max_turns=5",
        "--eum-variant",
        "scholz",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // `bargain --runs` on a scenario without questions: the table would show no odds.
    let toy = temp_file(
        "no-questions.toml",
        "[scenario]\nname = \"Toy\"\n[[issue]]\nid = \"t\"\nname = \"T\"\nlow = \"a\"\nhigh = \"b\"\n\
         [[actor]]\nid = \"n\"\nname = \"N\"\ncapability = 40\n[actor.stance.t]\nposition = \
         { value = 10, low = 5, high = 20 }\nsalience = 0.8\n[[actor]]\nid = \"s\"\nname = \"S\"\n\
         capability = 60\n[actor.stance.t]\nposition = 80\nsalience = 0.5\n",
    );
    let toy = toy.to_str().unwrap();
    let o = parley(&["bargain", toy, "--runs", "7"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no [[question]]"), "{}", stderr(&o));
    for ok in [
        &["bargain", toy][..],
        &["bargain", toy, "--runs", "0"],
        &["bargain", toy, "--runs", "7", "-f", "json"],
    ] {
        let o = parley(ok);
        assert!(o.status.success(), "{ok:?}: {}", stderr(&o));
    }
}

#[test]
fn what_if_changes_the_forecast_and_unknown_what_if_is_bad_input() {
    let base = parley(&["run", "--format", "json"]);
    let edited = parley(&["run", "--format", "json", "--what-if", "us_stops_aid"]);
    assert!(edited.status.success(), "{}", stderr(&edited));
    let a: serde_json::Value = serde_json::from_slice(&base.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&edited.stdout).unwrap();
    let aid = |v: &serde_json::Value| v["models"][0]["forecast"]["ukraine_aid"].as_f64().unwrap();
    assert!(
        aid(&b) < aid(&a),
        "cutting the US position must lower the compromise forecast"
    );
    let o = parley(&["run", "--what-if", "nope"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("unknown what-if 'nope'"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn validate_accepts_the_flagship_and_lists_every_problem_of_a_bad_file() {
    let flagship = repo_file("scenarios/grand-bargain-2025.toml");
    let toy = repo_file("scenarios/toy-tariff.toml");
    let o = parley(&["validate", &flagship, &toy]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("ok (8 actors, 4 issues)"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("toy-tariff.toml: ok (2 actors, 1 issue)"),
        "{}",
        stdout(&o)
    );

    let bad = temp_file(
        "two-problems.toml",
        "[scenario]\nname = \"t\"\n\n[[issue]]\nid = \"x\"\nname = \"X\"\nlow = \"l\"\nhigh = \"h\"\n\n\
         [[actor]]\nid = \"a\"\nname = \"A\"\ncapability = 0\n[actor.stance.x]\nposition = 50\nsalience = 2\n",
    );
    let o = parley(&["validate", &bad.display().to_string()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error[capability-not-positive]"), "{err}");
    assert!(err.contains("two-problems.toml:13:14"), "{err}");
    assert!(err.contains("error[salience-out-of-range]"), "{err}");
    assert!(err.contains("two-problems.toml:16:12"), "{err}");
    assert!(err.contains("2 problems found"), "{err}");
    let _ = std::fs::remove_dir_all(bad.parent().unwrap());
}

#[test]
fn missing_file_is_bad_input_not_a_panic() {
    let o = parley(&["run", "/nonexistent/scenario.toml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cannot read /nonexistent/scenario.toml"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn models_lists_each_model_with_its_source() {
    let o = parley(&["models"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(
        out.contains("compromise") && out.contains("Achen (2006)"),
        "{out}"
    );
    assert!(out.contains("nbs") && out.contains("Nash (1950)"), "{out}");
}

#[test]
fn readme_tour_shows_the_real_output() {
    let readme = std::fs::read_to_string(repo_file("README.md")).unwrap();
    let start = "```text\n$ parley run\n";
    let at = readme
        .find(start)
        .expect("README has the `$ parley run` block")
        + start.len();
    let block = &readme[at..at + readme[at..].find("\n```").expect("block closes")];
    let o = parley(&["run"]);
    assert_eq!(
        block.trim_end(),
        stdout(&o).trim_end(),
        "README's tour is stale: paste the output of `parley run` again"
    );
}

#[test]
fn flagship_bargain_point_values() {
    let o = parley(&["bargain", "--runs", "0"]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!("flagship_bargain", stdout(&o));
}

#[test]
fn bargain_answers_every_question_of_the_flagship() {
    let o = parley(&["bargain"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "Does Iran want another deal?",
        "Who benefits from a grand bargain, Russia or the US?",
        "Is the linkage real and stable?",
        "== Grand bargain: Ukraine for Iran [grand_bargain]",
        "Bilateral deals",
        "Verdict: rus gains more under",
        "Mediation",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
    // who_benefits and linkage_stable name the same actors and linkage: the later answer
    // points back instead of repeating the gains, moves and trades.
    let (_, later) = out.split_once("Is the linkage real and stable?").unwrap();
    assert!(
        !later.contains("Verdict:") && !later.contains("direct trades"),
        "{later}"
    );
    assert_eq!(
        later
            .matches("as under \"Who benefits from a grand bargain, Russia or the US?\" above.")
            .count(),
        3,
        "{later}"
    );
    assert!(
        later.contains("Odds that rus and usa alone have a deal"),
        "{later}"
    );
    assert_eq!(
        out.matches("rus and usa: 8 direct trades").count(),
        1,
        "{out}"
    );
    let o = parley(&["bargain", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let linked = v["bargain"]["linkages"].as_array().unwrap();
    assert_eq!(linked.len(), 2);
    let pairs = linked[1]["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 28, "8 actors with a stake: 28 pairs");
    // Usability item 32: the text states each shown deal's terms, as the JSON has them.
    let best = pairs
        .iter()
        .filter(|p| p["deal"] == true)
        .max_by(|x, y| {
            let g = |p: &serde_json::Value| p["joint_gain"].as_f64().unwrap();
            g(x).total_cmp(&g(y))
        })
        .unwrap();
    let row = out
        .lines()
        .find(|l| {
            l.contains(&format!(
                "│ {}-{} ",
                best["a"].as_str().unwrap(),
                best["b"].as_str().unwrap()
            ))
        })
        .unwrap_or_else(|| panic!("no row for {best} in\n{out}"));
    for t in best["terms"].as_array().unwrap() {
        // Each issue's cell opens with where the deal lands (its words may wrap below).
        let at = format!("┆ {:.1} ", t["outcome"].as_f64().unwrap());
        assert!(row.contains(&at), "{at} not in {row}");
    }
    assert!(
        row.contains(&format!("{:+.3}", best["joint_gain"].as_f64().unwrap())),
        "{row}"
    );
}

#[test]
fn extract_drafts_from_the_seed_article() {
    let article = repo_file("../shared/articles/000_a443e80bef327c66.txt");
    let o = parley(&["extract", &article, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ids: Vec<&str> = v["actors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    for id in ["USA", "RUS", "IRN", "ISR", "UKR", "HAMAS"] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let o = parley(&["extract", &article, "--format", "toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("# TODO analyst"), "{}", stdout(&o));
}

#[test]
fn monte_carlo_is_reproducible_and_reports_the_flagship_questions() {
    let args = ["mc", "--runs", "200", "--seed", "9", "--format", "json"];
    let a = parley(&args);
    assert!(a.status.success(), "{}", stderr(&a));
    let b = parley(&args);
    assert_eq!(a.stdout, b.stdout, "same seed, same output");
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["runs"], 200);
    assert!(v["uncertain_inputs"].as_u64().unwrap() > 0);
    let deal = &v["conditions"][0];
    assert_eq!(deal["source"], "iran_wants_deal");
    for p in deal["probability"].as_object().unwrap().values() {
        assert!((0.0..=1.0).contains(&p.as_f64().unwrap()));
    }
    assert_eq!(v["deals"][0]["linkage"], "grand_bargain");
    let csv = stdout(&parley(&[
        "mc",
        "--runs",
        "20",
        "--format",
        "csv",
        "--condition",
        "ukraine_aid < 50",
    ]));
    assert!(csv.starts_with("record,model,issue,stat,value\n"), "{csv}");
    assert!(
        csv.contains("condition,exchange,\"ukraine_aid < 50\",probability,"),
        "{csv}"
    );
    let bad = parley(&["mc", "--runs", "5", "--condition", "nowhere > 3"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("unknown issue 'nowhere'"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn compare_shows_what_ifs_and_ad_hoc_edits_side_by_side() {
    // One variant per --variant (--what-if and --set on their own make one variant together,
    // as on every analysis command).
    let o = parley(&[
        "compare",
        "--variant",
        "us_stops_aid",
        "--variant",
        "--set usa.ukraine_aid.salience=0.1",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let aid = |a: &serde_json::Value| a["models"][0]["forecast"]["ukraine_aid"].as_f64().unwrap();
    let base = aid(&v["base"]);
    assert_eq!(v["variants"][0]["variant"], "us_stops_aid");
    assert_eq!(v["variants"][1]["variant"], "usa.ukraine_aid.salience=0.1");
    assert!(
        aid(&v["variants"][0]["analysis"]) < base,
        "the US stopping aid lowers the compromise"
    );
    assert!(
        aid(&v["variants"][1]["analysis"]) > base,
        "the US caring less about aid raises it"
    );
    let table = stdout(&parley(&["compare", "--model", "nbs"]));
    assert!(
        table.contains("no_russian_mediation") && table.contains("israel_excluded"),
        "{table}"
    );
    let bad = parley(&["compare", "--set", "usa.ukraine_aid.salience=3"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("salience"), "{}", stderr(&bad));
}

#[test]
fn sensitivity_ranks_inputs_for_every_forecast() {
    let o = parley(&[
        "sensitivity",
        "--runs",
        "100",
        "--model",
        "compromise",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let forecasts = v["forecasts"].as_array().unwrap();
    assert_eq!(forecasts.len(), 4, "one per issue of the one model");
    for f in forecasts {
        let inputs = f["inputs"].as_array().unwrap();
        let swings: Vec<f64> = inputs
            .iter()
            .map(|e| e["swing"].as_f64().unwrap())
            .collect();
        assert!(swings.windows(2).all(|w| w[0] >= w[1]), "sorted by swing");
        assert!(swings[0] > 0.0);
        for e in inputs {
            let share = e["variance_share"].as_f64().unwrap();
            assert!((0.0..=1.0 + 1e-12).contains(&share), "{e}");
        }
    }
    let csv = stdout(&parley(&[
        "sensitivity",
        "--runs",
        "10",
        "--model",
        "nbs",
        "--format",
        "csv",
    ]));
    assert!(
        csv.starts_with("model,issue,input,at_low,at_high,swing,variance_share\n"),
        "{csv}"
    );
}

#[test]
fn sensitivity_with_sobol_adds_indices_beside_the_shares() {
    // 64 base samples (the fewest accepted) x (59 uncertain inputs + 2) = 3904 runs of the
    // one model.
    let args = |format: &str| {
        parley(&[
            "sensitivity",
            "--runs",
            "20",
            "--model",
            "compromise",
            "--sobol",
            "64",
            "--sobol-resamples",
            "40",
            "--format",
            format,
        ])
    };
    let o = args("json");
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["sobol"]["samples"], 64);
    assert!(v["sobol"]["clamped"].is_u64(), "{}", v["sobol"]);
    assert_eq!(v["sobol"]["resamples"], 40);
    assert_eq!(v["sobol"]["level"], 0.95);
    let k = v["forecasts"][0]["inputs"].as_array().unwrap().len();
    assert_eq!(v["sobol"]["runs"], 64 * (k + 2));
    for f in v["forecasts"].as_array().unwrap() {
        assert!(
            f["sobol"]["variance"].as_f64().unwrap() > 0.0,
            "{}",
            f["issue"]
        );
        for e in f["inputs"].as_array().unwrap() {
            let x = &e["sobol"];
            // Shares of variance, clamped to [0, 1] (sweep item 6).
            for key in ["s", "st"] {
                assert!((0.0..=1.0).contains(&x[key].as_f64().unwrap()), "{e}");
            }
            assert!(
                (0.0..=1.0).contains(&e["variance_share"].as_f64().unwrap()),
                "{e}"
            );
            let [lo, hi] = [0, 1].map(|i| x["st_ci"][i].as_f64().unwrap());
            assert!(
                lo <= x["st"].as_f64().unwrap() && x["st"].as_f64().unwrap() <= hi,
                "{e}"
            );
        }
    }
    // Same seed, same numbers.
    assert_eq!(args("json").stdout, o.stdout);
    let csv = stdout(&args("csv"));
    assert!(
        csv.starts_with(
            "model,issue,input,at_low,at_high,swing,variance_share,sobol_s,sobol_st,\
             sobol_s_low,sobol_s_high,sobol_st_low,sobol_st_high\n"
        ),
        "{csv}"
    );
    assert!(
        csv.lines().skip(1).all(|l| l.split(',').count() == 13),
        "{csv}"
    );
    let table = stdout(&args("table"));
    assert!(table.contains("┆ S ") && table.contains("┆ ST "), "{table}");
    assert!(table.contains("3904 runs of each model"), "{table}");
    // Without --sobol the outputs have no trace of it.
    let plain = stdout(&parley(&[
        "sensitivity",
        "--runs",
        "20",
        "--model",
        "compromise",
        "--format",
        "json",
    ]));
    assert!(!plain.contains("sobol"), "{plain}");
    // Sweep item 6: `--sobol 2` reported S = -0.209 in [-0.209, 2.0]; below 64 is refused.
    for n in ["1", "63"] {
        let o = parley(&["sensitivity", "--model", "compromise", "--sobol", n]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("--sobol {n} is too few base samples"))
                && stderr(&o).contains("at least 64"),
            "{}",
            stderr(&o)
        );
    }
}

/// Sweep items 19 and 20: bad flag values are usage errors (exit 2, docs/errors.md), and a
/// count that must be at least 2 says so (it said "at least 1" and exited 1).
#[test]
fn bad_flag_values_exit_2_and_say_what_is_valid() {
    for (args, want) in [
        (&["sensitivity", "--runs", "1"][..], "at least 2"),
        (&["report", "--runs", "1"], "at least 2"),
        (
            &["plot", "--chart", "sensitivity", "--runs", "1"],
            "at least 2",
        ),
        (&["run", "--set", ""], "not an edit"),
        (
            &["run", "--set", "usa.ukraine_aid.salience = 3"],
            "salience",
        ),
        (
            &["advise", "--actor", "nobody", "--runs", "0"],
            "unknown actor 'nobody'",
        ),
        (
            &["advise", "--actor", "usa", "--budget", "0", "--runs", "0"],
            "budget 0 is not in (0, 1]",
        ),
        (
            &["mc", "--runs", "5", "--condition", "ukraine_aid >= 500"],
            "off the scale",
        ),
    ] {
        let o = parley(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
    // A bad file stays exit 1.
    let bad = temp_file("bad-what-if.toml", "[scenario]\nname = \"x\"\n");
    let o = parley(&["run", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn backtest_scores_baselines_and_models_on_deu3() {
    let data = repo_file("../shared/data/deu/deu3.csv");
    let o = parley(&["backtest", "deu3", &data, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["cases"], 353);
    assert_eq!(v["negotiations"], 137);
    assert_eq!(v["single_issue_cases"], 29);
    let rows = v["rows"].as_array().unwrap();
    let row = |name: &str| rows.iter().find(|r| r["name"] == name).unwrap();
    let mae = |name: &str| row(name)["mae"].as_f64().unwrap();
    // The independently measured reference (shared/data/README.md): midpoint 28.0, GDP x
    // salience weighted mean 23.2.
    assert!((mae("midpoint") - 28.0).abs() < 0.05);
    assert!((mae("capability x salience weighted mean") - 23.2).abs() < 0.05);
    assert_eq!(v["best_baseline"], "capability x salience weighted mean");
    // Every model of `models::all()` is a row, the exchange model per proposal included.
    for name in ["compromise", "eum", "exchange (per proposal)", "smp"] {
        assert_eq!(row(name)["n"], 353, "{name}");
    }
    let halves = v["halves"].as_array().unwrap();
    let cases: Vec<u64> = halves
        .iter()
        .map(|h| h["cases"].as_u64().unwrap())
        .collect();
    assert_eq!(cases, [180, 173]);
    let csv = stdout(&parley(&["backtest", "deu3", &data, "--format", "csv"]));
    assert_eq!(csv.lines().count(), 354, "header + one line per issue");
    assert!(csv.starts_with("issue,proposal,half,outcome,"), "{csv}");
    assert!(csv.contains("\nd00032i1,d00032,A,"), "{csv}");
}

#[test]
fn backtest_capabilities_change_the_weighted_rows_only() {
    let data = repo_file("../shared/data/deu/deu3.csv");
    let mae = |capability: &str, name: &str| {
        let o = parley(&[
            "backtest",
            "deu3",
            &data,
            "--capability",
            capability,
            "-f",
            "json",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let rows = v["rows"].as_array().unwrap();
        rows.iter().find(|r| r["name"] == name).unwrap()["mae"]
            .as_f64()
            .unwrap()
    };
    let weighted = "capability x salience weighted mean";
    let by: Vec<f64> = ["gdp", "equal", "population", "votes"]
        .iter()
        .map(|c| mae(c, weighted))
        .collect();
    // With equal capabilities it is the salience-weighted mean (reference 23.7).
    assert!((by[1] - 23.68).abs() < 0.01, "{by:?}");
    assert!(by.windows(2).all(|w| w[0] != w[1]), "{by:?}");
    assert_eq!(mae("votes", "midpoint"), mae("gdp", "midpoint"));
}

#[test]
fn backtest_reports_a_bad_file_with_its_line() {
    let dir = std::env::temp_dir().join(format!("parley-deu-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.csv");
    let text = "isnr\tprnr\tcounvte\tpde\tsde\tout\n\t\t\t1\t\t\nd1i1\td00001\tQMV\t50\t80\t140\n";
    std::fs::write(&path, text).unwrap();
    let o = parley(&["backtest", "deu3", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("line 3, column 'out': '140' is not a number in [0, 100]"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn experimental_models_are_listed_and_warn_when_a_scenario_lacks_their_features() {
    let out = stdout(&parley(&["models"]));
    for id in ["smp_half_a", "procedural", "reference_point"] {
        assert!(out.contains(id), "{out}");
    }
    // The flagship scenario has no decision rule or procedure: the procedural model says so
    // for each issue and gives the weighted mean, as the compromise model does.
    let o = parley(&["run", "--model", "procedural"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains(
            "‡ warning: procedural on iran_nuclear: no decision rule and procedure (so far only \
             the DEU III importer gives them); it gives the capability x salience weighted mean \
             instead."
        ),
        "{text}"
    );
    let json = |model: &str| {
        let o = parley(&["run", "--model", model, "-f", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    let (p, c) = (json("procedural"), json("compromise"));
    assert_eq!(p["models"][0]["status"]["iran_nuclear"]["kind"], "fallback");
    assert_eq!(
        p["models"][0]["forecast"]["iran_nuclear"],
        c["models"][0]["forecast"]["iran_nuclear"]
    );
}

#[test]
fn backtest_candidates_are_chosen_on_half_a_and_summarised() {
    let data = repo_file("../shared/data/deu/deu3.csv");
    let o = parley(&["backtest", "deu3", &data, "--candidates"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("Accuracy candidates (issue 15): each chosen on half A; CV = 5-fold"),
        "{text}"
    );
    for family in [
        "procedural (chosen on half A)",
        "reference point (chosen on half A)",
        "eum/smp variant (chosen on half A)",
        "stacking (fitted on half A)",
    ] {
        assert!(text.contains(&format!("- {family}")), "{family}: {text}");
    }
    assert_eq!(text.matches("<- selected on half A").count(), 1, "{text}");
}

/// An actor with no stance leaves every other model alone but stays an option in the spatial
/// model, whose forecast then says so (sweep2 item 4): `§` in the table with a note naming the
/// actor, `bystanders` in the JSON.
#[test]
fn a_bystander_that_moves_the_spatial_model_is_named() {
    let base = "[scenario]\nname = \"Toy\"\n\n[[issue]]\nid = \"tariff\"\nname = \"Tariff\"\n\
        low = \"none\"\nhigh = \"max\"\nstatus_quo = 20\n\n\
        [[actor]]\nid = \"north\"\nname = \"North\"\ncapability = 40\n\
        [actor.stance.tariff]\nposition = 10\nsalience = 0.8\n\n\
        [[actor]]\nid = \"south\"\nname = \"South\"\ncapability = 60\n\
        [actor.stance.tariff]\nposition = 80\nsalience = 0.5\n";
    let with = format!("{base}\n[[actor]]\nid = \"ghost\"\nname = \"Ghost\"\ncapability = 99\n");
    let (plain, ghost) = (
        temp_file("bystander-none.toml", base),
        temp_file("bystander-ghost.toml", &with),
    );
    let json = |file: &PathBuf| {
        let o = parley(&["run", file.to_str().unwrap(), "-m", "smp", "-f", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    let status = |doc: &serde_json::Value| doc["models"][0]["status"]["tariff"].clone();
    assert_eq!(status(&json(&plain))["kind"], "settled");
    assert_eq!(
        status(&json(&ghost)),
        serde_json::json!({ "kind": "bystanders", "actors": ["ghost"] })
    );
    let o = parley(&["run", ghost.to_str().unwrap(), "-m", "smp"]);
    let text = stdout(&o);
    assert!(text.contains(" § "), "{text}");
    assert!(
        text.contains("§ smp on tariff: ghost takes part in no issue"),
        "{text}"
    );
}

/// A scenario without a single range (every draft from `parley extract` starts so) gets one
/// sentence saying why `sensitivity` has nothing to show and what to add, not a table per model
/// and issue of nothing; `mc` says it above its table.
#[test]
fn no_ranges_is_said_once_with_what_to_add() {
    let toml = "[scenario]\nname = \"Flat\"\n\n[[issue]]\nid = \"t\"\nname = \"T\"\n\
        low = \"none\"\nhigh = \"max\"\nstatus_quo = 20\n\n\
        [[actor]]\nid = \"a\"\nname = \"A\"\ncapability = 40\n\
        [actor.stance.t]\nposition = 10\nsalience = 0.8\n\n\
        [[actor]]\nid = \"b\"\nname = \"B\"\ncapability = 60\n\
        [actor.stance.t]\nposition = 80\nsalience = 0.5\n";
    let flat = temp_file("flat.toml", toml);
    let o = parley(&["sensitivity", flat.to_str().unwrap(), "--runs", "10"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("Flat: no number has a range (low, high)"),
        "{text}"
    );
    assert!(!text.contains("point forecast"), "{text}");
    let o = parley(&["mc", flat.to_str().unwrap(), "--runs", "10"]);
    assert!(
        stdout(&o).starts_with("Flat: no number has a range"),
        "{}",
        stdout(&o)
    );
    let o = parley(&["sensitivity", "--runs", "10"]);
    assert!(!stdout(&o).contains("no number has a range"));
}

/// A `--condition` a question already asks (or given twice) is listed once, under the
/// question's id (usability item 9: two identical lines, two JSON entries).
#[test]
fn a_condition_asked_twice_is_listed_once() {
    let deal = "iran_nuclear >= 40 and iran_sanctions >= 40";
    let o = parley(&[
        "mc",
        "--runs",
        "20",
        "-m",
        "compromise",
        "--condition",
        deal,
        "--condition",
        "ukraine_aid < 30",
        "--condition",
        "ukraine_aid<30",
        "-f",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let sources: Vec<&str> = v["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["iran_wants_deal", "command line"]);
}

/// When a model's odds with its measured error are far from its inputs-only odds (on the
/// flagship, compromise: about 99% against about 50%), the table says what such odds mean
/// (usability item 33).
#[test]
fn far_apart_odds_are_explained() {
    let o = parley(&["mc", "--runs", "100", "-m", "compromise"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("Odds with model error blend each forecast with how far its model missed"),
        "{text}"
    );
    assert!(text.contains("(e.g. compromise: "), "{text}");
}

/// Without --author the login name is used from $USER, else $LOGNAME; with neither, the
/// version is recorded as 'unknown' and the command says so (usability item 20).
#[test]
fn an_unknown_author_is_said() {
    let db = std::env::temp_dir().join(format!("parley-author-{}.sqlite", std::process::id()));
    let _ = std::fs::remove_file(&db);
    let save = |env: &[(&str, &str)], message: &str| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_parley"));
        c.env_remove("USER")
            .env_remove("LOGNAME")
            .env_remove("USERNAME");
        for (k, v) in env {
            c.env(k, v);
        }
        let toml = format!(
            "[scenario]\nname = \"A\"\n\n[[issue]]\nid = \"t\"\nname = \"T\"\nlow = \"l\"\n\
             high = \"h\"\n\n[[actor]]\nid = \"a\"\nname = \"A\"\ncapability = 1\n\
             [actor.stance.t]\nposition = 10\nsalience = 0.5\n# {message}\n"
        );
        let file = temp_file("author.toml", &toml);
        c.args([
            "library",
            "save",
            file.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ])
        .output()
        .unwrap()
    };
    let o = save(&[("LOGNAME", "logname-user")], "one");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("no --author"));
    let o = save(&[], "two");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("recorded as 'unknown'"),
        "{}",
        stderr(&o)
    );
    let shown = parley(&["library", "show", "author", "--db", db.to_str().unwrap()]);
    let text = stdout(&shown);
    assert!(
        text.contains("logname-user") && text.contains("unknown"),
        "{text}"
    );
}
