//! `parley library`, `seal`, `resolve` and `score` end to end, each against its own database
//! given with --db or PARLEY_DB.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{repo_file, scratch_file, scratch_path, stderr, stdout};

/// Runs `parley` with `args` and the database `db` in PARLEY_DB.
fn with_env(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("PARLEY_DB", db)
        .env("USER", "tester")
        .output()
        .unwrap()
}

/// How many rows `table` has in the database at `db`.
fn rows(db: &Path, table: &str) -> i64 {
    let lib = parley_library::Library::open(db).unwrap();
    lib.connection()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn save_list_export_round_trip_with_db() {
    let db = scratch_path("library-cli", "save.sqlite");
    let db_s = db.display().to_string();
    let flagship = repo_file("scenarios/grand-bargain-2025.toml");
    let o = common::parley(&[
        "library", "save", &flagship, "--db", &db_s, "-m", "coded", "--author", "tester",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("saved grand-bargain-2025@1 ("),
        "{}",
        stdout(&o)
    );
    let o = common::parley(&["library", "list", "--db", &db_s]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("grand-bargain-2025"), "{}", stdout(&o));
    assert!(stdout(&o).contains("1 scenario(s)"), "{}", stdout(&o));
    let out = scratch_path("library-cli", "exported.toml");
    let _ = std::fs::remove_file(&out);
    let o = common::parley(&[
        "library",
        "export",
        "grand-bargain-2025",
        "-o",
        &out.display().to_string(),
        "--db",
        &db_s,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(&flagship).unwrap()
    );
    // The environment variable names the same database.
    let o = with_env(&db, &["library", "show", "grand-bargain-2025"]);
    assert!(stdout(&o).contains("1 version(s)"), "{}", stdout(&o));
    assert!(stdout(&o).contains("tester"), "{}", stdout(&o));
}

/// A name the library refuses is a usage error (exit 2) that says where it came from: the
/// file's name, which the analyst did not give as a name, or `--name`. Nothing is saved.
#[test]
fn a_bad_name_says_whether_it_came_from_the_file_or_from_name() {
    let db = scratch_path("library-cli", "badname.sqlite");
    let db_s = db.display().to_string();
    let text = std::fs::read_to_string(repo_file("scenarios/toy-tariff.toml")).unwrap();
    let odd = scratch_file("library-cli", "my scen (v2).toml", &text);
    let save = |name: Option<&str>| {
        let mut args = vec!["library", "save", odd.to_str().unwrap(), "--db", &db_s];
        args.extend(name.map(|n| ["--name", n]).into_iter().flatten());
        common::parley(&args)
    };
    let o = save(None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the name comes from the file name")
            && stderr(&o).contains("give --name NAME"),
        "{}",
        stderr(&o)
    );
    let o = save(Some("a@b"));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--name: bad scenario name 'a@b'"),
        "{}",
        stderr(&o)
    );
    let o = save(Some("toy-v2"));
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn score_with_no_file_scores_the_embedded_flagship_per_model() {
    let db = scratch_path("library-cli", "score-none.sqlite");
    let o = with_env(&db, &["score", "--runs", "50"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("Track record of grand-bargain-2025: 5 outcome(s)"),
        "{text}"
    );
    for model in ["compromise", "nbs", "eum", "exchange", "smp"] {
        assert!(
            text.lines().any(|l| l.trim_start().starts_with(model)),
            "{model} in {text}"
        );
    }
    assert!(text.contains("iran_wants_deal = no"), "{text}");
    // Scoring reads; it does not create a database.
    assert!(!db.exists());
}

#[test]
fn score_json_matches_the_run_forecasts() {
    // The score's point forecasts are `parley run`'s, for the same embedded scenario.
    let db = scratch_path("library-cli", "score-json.sqlite");
    let o = with_env(
        &db,
        &["score", "--runs", "20", "--format", "json", "-m", "nbs"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let run = common::parley(&["run", "--format", "json", "-m", "nbs"]);
    let r: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let run_nuclear = r["models"][0]["forecast"]["iran_nuclear"].as_f64().unwrap();
    let row = v["now"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["target"] == "iran_nuclear")
        .unwrap();
    assert_eq!(row["forecast"].as_f64().unwrap(), run_nuclear);
    // abs error against the shipped outcome (25): |forecast - 25|.
    let outcome = row["outcome"].as_f64().unwrap();
    assert_eq!(outcome, 25.0);
    assert!((row["abs_error"].as_f64().unwrap() - (run_nuclear - 25.0).abs()).abs() < 1e-12);
}

#[test]
fn seal_then_resolve_prints_per_model_scores_of_the_sealed_forecasts() {
    let db = scratch_path("library-cli", "seal.sqlite");
    let o = with_env(&db, &["seal", "--runs", "30"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // 5 models x (4 issues + 1 question).
    assert!(stdout(&o).starts_with("sealed 25 forecast(s) of grand-bargain-2025 as run 1"));
    assert_eq!(rows(&db, "forecast"), 25);
    let res = repo_file("scenarios/grand-bargain-2025.resolution.toml");
    let o = with_env(&db, &["resolve", &res]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("recorded 5 outcome(s) of grand-bargain-2025"),
        "{text}"
    );
    assert!(text.contains("Scores of the sealed forecasts"), "{text}");
    assert!(text.contains("(hindsight)"), "sealed after 2025: {text}");
    // The record over time: one line per sealed run and model, with the question's odds.
    let over_time: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("run 1 "))
        .collect();
    assert_eq!(over_time.len(), 5, "{text}");
    assert!(
        over_time.iter().all(|l| l.contains("P(iran_wants_deal) ")),
        "{text}"
    );
    // `parley score` now also shows the sealed forecasts.
    let o = with_env(&db, &["score", "--runs", "10"]);
    assert!(stdout(&o).contains("Scores of the sealed forecasts"));
    let o = with_env(&db, &["library", "runs"]);
    assert!(stdout(&o).contains("run 1 "), "{}", stdout(&o));
}

#[test]
fn bad_resolutions_are_clear_errors_and_write_nothing() {
    let db = scratch_path("library-cli", "bad.sqlite");
    let shipped =
        std::fs::read_to_string(repo_file("scenarios/grand-bargain-2025.resolution.toml")).unwrap();
    let off = common::scratch_file(
        "library-cli",
        "off.toml",
        &shipped.replacen("value = 25", "value = 125", 1),
    )
    .display()
    .to_string();
    let o = with_env(&db, &["resolve", &off]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("off.toml:"), "{e}");
    assert!(
        e.contains("issue 'iran_nuclear': value 125 is off the issue's scale; valid: 0 to 100"),
        "{e}"
    );
    assert!(e.contains("nothing was recorded"), "{e}");
    let unknown = common::scratch_file(
        "library-cli",
        "unknown.toml",
        &shipped.replace("id = \"iran_wants_deal\"", "id = \"iran_deal\""),
    )
    .display()
    .to_string();
    let o = with_env(&db, &["resolve", &unknown]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "unknown question 'iran_deal'; the scenario's questions are: iran_wants_deal, \
             who_benefits, linkage_stable"
        ),
        "{}",
        stderr(&o)
    );
    // Neither attempt created the database, let alone a row in it.
    assert!(!db.exists());
    // With a database present, a bad file still writes no row.
    let good = repo_file("scenarios/grand-bargain-2025.resolution.toml");
    assert!(with_env(&db, &["resolve", &good]).status.success());
    let before = rows(&db, "resolution");
    assert_eq!(before, 5);
    assert_eq!(with_env(&db, &["resolve", &off]).status.code(), Some(1));
    let lib = parley_library::Library::open(&db).unwrap();
    let nuclear: f64 = lib
        .connection()
        .query_row(
            "SELECT value FROM resolution WHERE target = 'iran_nuclear'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(nuclear, 25.0, "the recorded value was not replaced");
}

#[test]
fn a_newer_database_is_refused_with_a_clear_error() {
    let db = scratch_path("library-cli", "newer.sqlite");
    {
        let lib = parley_library::Library::open(&db).unwrap();
        lib.connection()
            .pragma_update(None, "user_version", parley_library::schema::CURRENT + 1)
            .unwrap();
    }
    let toy = repo_file("scenarios/toy-tariff.toml");
    let o = with_env(&db, &["library", "save", &toy]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains(&format!(
            "the library database has schema version {}, newer than the {}",
            parley_library::schema::CURRENT + 1,
            parley_library::schema::CURRENT
        )),
        "{e}"
    );
    let lib_rows = {
        // Reading with rusqlite directly: the scenario table is still empty.
        let c = rusqlite::Connection::open(&db).unwrap();
        c.query_row("SELECT count(*) FROM scenario", [], |r| r.get::<_, i64>(0))
            .unwrap()
    };
    assert_eq!(lib_rows, 0);
}

#[test]
fn the_report_shows_the_flagship_scores_and_no_track_record_without_outcomes() {
    let out = scratch_path("library-cli", "report.html");
    let o = common::parley(&[
        "report",
        "--runs",
        "20",
        "-o",
        &out.display().to_string(),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap();
    let section = html
        .split("<section id=\"track-record\">")
        .nth(1)
        .expect("a track-record section");
    assert!(section.contains("grand-bargain-2025.resolution.toml (as of 2025-12-31)"));
    for model in ["compromise", "nbs", "eum", "exchange", "smp"] {
        assert!(
            section.contains(&format!("<tr><td>{model}</td>")),
            "{model}"
        );
    }
    // NBS's mean absolute error over the four issues, as in docs/flagship.md:
    // (|26.0 - 25| + |5 - 0| + |50 - 20| + |30 - 30|) / 4 = 36 / 4 = 9.0.
    assert!(
        section.contains("<tr><td>nbs</td><td class=\"num\">9.0</td>"),
        "{section}"
    );
    assert!(section.contains("25 (judgment)"));
    // Both odds of the question, each with its Brier score; the table scores the odds with
    // model error, the ones the report leads with.
    assert!(
        section.contains("mean Brier (with model error)"),
        "{section}"
    );
    assert!(
        section.contains("with model error (Brier ") && section.contains("inputs only (Brier "),
        "{section}"
    );
    assert!(section.contains("mean Brier (inputs only)"), "{section}");
    // The flagship has one question (the deal, resolved "no"), so a model's mean Brier scores
    // are that question's: the table's two cells are the two beside its outcome, and each is
    // (p - 0)^2 of the odds printed with it (to the rounding of a percentage to 0.1).
    let nbs = section
        .split("nbs P(yes) ")
        .nth(1)
        .and_then(|s| s.split(';').next())
        .and_then(|s| s.split("</td>").next())
        .unwrap_or_else(|| panic!("{section}"));
    // "X% with model error (Brier b1), Y% inputs only (Brier b2)"
    let numbers: Vec<f64> = nbs
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|t| !t.is_empty() && t.chars().any(|c| c.is_ascii_digit()))
        .map(|t| t.parse().unwrap())
        .collect();
    let [with_error, brier_with_error, inputs_only, brier_inputs_only] = numbers[..] else {
        panic!("{nbs}");
    };
    for (pct, brier) in [
        (with_error, brier_with_error),
        (inputs_only, brier_inputs_only),
    ] {
        let p = pct / 100.0;
        // p is rounded to 0.0005 at most, so p^2 moves by at most 2 * 0.0005 + 0.0005^2, and
        // the printed Brier by 0.0005 more.
        assert!((brier - p * p).abs() <= 0.0016, "{nbs}");
    }
    let cells = format!(
        "<tr><td>nbs</td><td class=\"num\">9.0</td><td class=\"num\">{}</td>\
         <td class=\"num\">{brier_with_error:.3}</td><td class=\"num\">{brier_inputs_only:.3}</td>",
        section
            .split("<tr><td>nbs</td><td class=\"num\">9.0</td><td class=\"num\">")
            .nth(1)
            .and_then(|s| s.split("</td>").next())
            .unwrap_or_else(|| panic!("{section}"))
    );
    assert!(section.contains(&cells), "{cells}\n{section}");
    let toy = repo_file("scenarios/toy-tariff.toml");
    let out2 = scratch_path("library-cli", "report-toy.html");
    let o = common::parley(&[
        "report",
        &toy,
        "--runs",
        "0",
        "-o",
        &out2.display().to_string(),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !std::fs::read_to_string(&out2)
            .unwrap()
            .contains("track-record")
    );
}

#[test]
fn seal_shows_its_monte_carlo_progress_with_an_eta_when_forced() {
    // Issue 18: progress with an ETA on every command that can take over a second; `seal`
    // counts its Monte Carlo runs. Off in a pipe unless forced; never on stdout.
    let db = scratch_path("library-cli", "seal-progress.sqlite");
    let o = with_env(&db, &["--progress", "always", "seal", "--runs", "40"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let last = err
        .lines()
        .rev()
        .find(|l| l.contains("ETA"))
        .unwrap_or_else(|| {
            panic!("no progress line on stderr: {err}");
        });
    // 40 runs over the input draws, then 40 with model error.
    assert!(last.contains("80/80 (100%)"), "{last}");
    assert!(!stdout(&o).contains("ETA"), "{}", stdout(&o));
    let piped = with_env(
        &scratch_path("library-cli", "seal-piped.sqlite"),
        &["seal", "--runs", "40"],
    );
    assert!(piped.status.success(), "{}", stderr(&piped));
    assert!(!stderr(&piped).contains("ETA"), "{}", stderr(&piped));
}

/// Runs `parley` with `args`, the database `db` and `input` on standard input.
fn with_stdin(db: &Path, args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("PARLEY_DB", db)
        .env("USER", "tester")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A command refused before it reads its input ("library save -" without --name) closes
    // the pipe: a broken pipe here is that refusal, which the caller's assertions check.
    if let Err(e) = child.stdin.take().unwrap().write_all(input) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

#[test]
fn seal_and_save_read_a_scenario_from_standard_input() {
    // Issue 18: `-` for every input. Standard input can be read once: before the fix `seal
    // --scenario -` read it twice and sealed an empty scenario's errors.
    let toy = std::fs::read(repo_file("scenarios/toy-tariff.toml")).unwrap();
    let db = scratch_path("library-cli", "stdin.sqlite");
    let o = with_stdin(&db, &["seal", "--scenario", "-", "--runs", "10"], &toy);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("sealed "), "{}", stdout(&o));
    // Saving needs a name when there is no file name to take it from.
    let o = with_stdin(&db, &["library", "save", "-"], &toy);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--name"), "{}", stderr(&o));
    let o = with_stdin(&db, &["library", "save", "-", "--name", "toy"], &toy);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("saved toy@1"), "{}", stdout(&o));
}

#[test]
fn outcomes_dated_in_the_future_are_refused() {
    let db = scratch_path("library-cli", "future.sqlite");
    let shipped =
        std::fs::read_to_string(repo_file("scenarios/grand-bargain-2025.resolution.toml")).unwrap();
    // Year 2999 is after any date this test runs on; the file's as_of moves with it, so the
    // only fault is the future.
    let future = common::scratch_file(
        "library-cli",
        "future.toml",
        &shipped.replace("2025-12-31", "2999-12-31"),
    )
    .display()
    .to_string();
    let o = with_env(&db, &["resolve", &future]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let e = stderr(&o);
    assert!(e.contains("future.toml:"), "{e}");
    assert!(
        e.contains("'resolution': as_of 2999-12-31 is after today"),
        "{e}"
    );
    // An outcome after the file's own as_of (the sweep's r8.toml) is refused too.
    let after = common::scratch_file(
        "library-cli",
        "after.toml",
        &shipped.replacen("as_of = 2025-12-31", "as_of = 2025-06-30", 1),
    )
    .display()
    .to_string();
    let o = with_env(&db, &["resolve", &after]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("is after as_of 2025-06-30; valid: a date on or before 2025-06-30"),
        "{}",
        stderr(&o)
    );
    assert!(!db.exists());
}

/// A one-issue scenario; `south` and `cap` vary it so two files differ in their inputs.
fn toy(south: u32, cap: u32) -> String {
    format!(
        "[scenario]\nname = \"Toy\"\nseed = 7\n\n[[issue]]\nid = \"tariff\"\nname = \"Tariff\"\n\
         low = \"none\"\nhigh = \"max\"\nstatus_quo = 20\n\n[[actor]]\nid = \"north\"\n\
         name = \"North\"\ncapability = 40\n[actor.stance.tariff]\nposition = 10\n\
         salience = 0.8\n\n[[actor]]\nid = \"south\"\nname = \"South\"\ncapability = {cap}\n\
         [actor.stance.tariff]\nposition = {south}\nsalience = 0.5\n"
    )
}

#[test]
fn different_scenarios_are_not_pooled_under_one_key() {
    let db = scratch_path("library-cli", "pooled.sqlite");
    let a = common::scratch_file("library-cli", "toy.toml", &toy(80, 60));
    let other_dir = scratch_path("library-cli", "other");
    std::fs::create_dir_all(&other_dir).unwrap();
    let b = other_dir.join("toy.toml");
    std::fs::write(&b, toy(100, 600)).unwrap();
    let (a, b) = (a.display().to_string(), b.display().to_string());
    let seal = |file: &str| {
        with_env(
            &db,
            &[
                "seal",
                "--scenario",
                file,
                "--runs",
                "5",
                "--model",
                "compromise",
            ],
        )
    };
    let o = seal(&a);
    assert!(o.status.success(), "{}", stderr(&o));
    // The same key, other inputs: refused, with the way to file it separately.
    let o = seal(&b);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let e = stderr(&o);
    assert!(
        e.contains("forecasts sealed under 'toy' were made from other inputs"),
        "{e}"
    );
    assert!(e.contains("--name NEW"), "{e}");
    assert_eq!(rows(&db, "forecast"), 1, "nothing was sealed");
    // Resolving with the other file would score the first file's forecasts: refused too.
    let res = common::scratch_file(
        "library-cli",
        "toy-res.toml",
        "[resolution]\nscenario = \"toy\"\nas_of = 2025-01-01\n[[issue]]\nid = \"tariff\"\n\
         value = 30\ndate = 2025-01-01\nsources = [\"x\"]\n",
    )
    .display()
    .to_string();
    let o = with_env(&db, &["resolve", &res, "--scenario", &b]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert_eq!(rows(&db, "resolution"), 0);
    // The same file again is fine, and its score table counts forecasts, not issues: one
    // issue sealed twice is two issue forecasts.
    assert!(seal(&a).status.success());
    let o = with_env(&db, &["resolve", &res, "--scenario", &a]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("issue forecasts"), "{out}");
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("compromise") && l.contains("  2 "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(!line.contains("sealed"), "{line}");
}

#[test]
fn revisions_saved_in_the_library_share_one_record() {
    let db = scratch_path("library-cli", "revisions.sqlite");
    let v1 = common::scratch_file("library-cli", "rev.toml", &toy(80, 60))
        .display()
        .to_string();
    let seal = || {
        with_env(
            &db,
            &[
                "seal",
                "--library",
                "rev",
                "--runs",
                "5",
                "--model",
                "compromise",
            ],
        )
    };
    assert!(
        with_env(&db, &["library", "save", &v1, "-m", "v1"])
            .status
            .success()
    );
    assert!(seal().status.success());
    std::fs::write(&v1, toy(90, 60)).unwrap();
    assert!(
        with_env(&db, &["library", "save", &v1, "-m", "v2"])
            .status
            .success()
    );
    let o = seal();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(rows(&db, "forecast"), 2);
}

#[test]
fn an_unchanged_save_applies_neither_tags_nor_message_and_says_so() {
    let db = scratch_path("library-cli", "tags.sqlite");
    let file = common::scratch_file("library-cli", "tagged.toml", &toy(80, 60))
        .display()
        .to_string();
    assert!(
        with_env(&db, &["library", "save", &file, "-m", "first"])
            .status
            .success()
    );
    let o = with_env(
        &db,
        &["library", "save", &file, "--tag", "foo", "-m", "tag it"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("nothing saved"), "{out}");
    assert!(
        out.contains("not applied either: --tag foo and -m"),
        "{out}"
    );
    assert_eq!(
        rows(&db, "tag"),
        0,
        "no tag was added by a save that saved nothing"
    );
    // An empty tag is refused before anything is written.
    std::fs::write(&file, toy(81, 60)).unwrap();
    let o = with_env(
        &db,
        &["library", "save", &file, "--tag", "foo", "--tag", ""],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("empty tag (tag 2 of 2)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(rows(&db, "version"), 1);
    // A changed file takes both; the list shows the tags under a "tags" header.
    let o = with_env(&db, &["library", "save", &file, "--tag", "foo", "-m", "v2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = with_env(&db, &["library", "list"]);
    let out = stdout(&o);
    let header: Vec<&str> = out.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        ["name", "versions", "last", "saved", "by", "tags", "message"]
    );
    let row: Vec<&str> = out.lines().nth(1).unwrap().split_whitespace().collect();
    assert_eq!(row[0], "tagged");
    assert_eq!(row[row.len() - 2..], ["foo", "v2"]);
}

#[test]
fn list_and_show_escape_control_characters_of_author_message_and_tags() {
    let db = scratch_path("library-cli", "escapes.sqlite");
    let file = common::scratch_file("library-cli", "esc.toml", &toy(80, 60))
        .display()
        .to_string();
    let o = with_env(
        &db,
        &[
            "library",
            "save",
            &file,
            "--author",
            "\u{1b}]0;pwned\u{7}",
            "-m",
            "one\ntwo",
            "--tag",
            "\u{1b}[31mred",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // PARLEY_DB names the database; list and show both print author and message.
    let lists: [&[&str]; 2] = [&["library", "list"], &["library", "show", "esc"]];
    for args in lists {
        let out = stdout(&with_env(&db, args));
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
        assert!(out.contains("\\u{1b}]0;pwned\\u{7}"), "{out}");
        assert!(out.contains("one\\ntwo"), "{out}");
    }
    let out = stdout(&with_env(&db, &["library", "list"]));
    assert!(out.contains("\\u{1b}[31mred"), "{out}");
}

#[test]
fn saving_a_workbook_says_to_convert_it_first() {
    let db = scratch_path("library-cli", "xlsx.sqlite");
    let toml = common::scratch_file("library-cli", "wb.toml", &toy(80, 60));
    let xlsx = scratch_path("library-cli", "wb.xlsx");
    let _ = std::fs::remove_file(&xlsx);
    let o = with_env(
        &db,
        &[
            "export",
            toml.to_str().unwrap(),
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = with_env(&db, &["library", "save", xlsx.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let e = stderr(&o);
    assert!(
        e.contains("a workbook; the library stores scenarios as TOML or JSON"),
        "{e}"
    );
    assert!(e.contains("-o wb.toml"), "{e}");
    assert!(!e.contains("UTF-8"), "{e}");
    assert!(!db.exists());
}
