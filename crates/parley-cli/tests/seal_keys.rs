//! Sweep 5 items 6 and 15: what a seal is filed under. A library version's relative
//! `[calibration] file` is refused (it would be read from wherever `seal` runs); a seal under a
//! key whose earlier odds with model error came from another error model is refused, naming
//! both hashes; a file stem the library would refuse as a name is refused as a seal key, with
//! `--name` to give one.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{scratch_path, stderr, stdout};

const SUITE: &str = "seal-keys";

/// A scenario with one question, so its seal carries odds with model error.
const SCENARIO: &str = r#"[scenario]
name = "Three"

[[issue]]
id = "a"
name = "A"
low = "lo"
high = "hi"
status_quo = 30

[[actor]]
id = "x"
name = "X"
capability = 2
[actor.stance.a]
position = { value = 10, low = 0, high = 30 }
salience = 0.5

[[actor]]
id = "y"
name = "Y"
capability = 3
[actor.stance.a]
position = 90
salience = 0.4

[[question]]
id = "q"
text = "a above 40?"
condition = "a > 40"
"#;

/// An error model for compromise alone whose residuals are `scores`.
fn error_model(scores: &str) -> String {
    format!(
        r#"{{
  "format": "parley-error-model",
  "version": 1,
  "source": "test cases",
  "units": "percent-of-scale",
  "models": {{
    "compromise": {{ "rule": {{ "kind": "constant" }}, "negotiations": 2,
                     "scores": [{scores}], "weights": [1, 1, 2] }}
  }}
}}
"#
    )
}

/// A fresh folder of this suite.
fn folder(name: &str) -> PathBuf {
    let dir = scratch_path(SUITE, name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `parley` in `dir` with `args` and the database `db`.
/// The first error model's scores, and those of a recalibration that replaces it.
const FIRST_SCORES: &str = "-1.5, 0.25, 2.0";
const RECALIBRATED: &str = "-16.5, -14.75, -13.0";

/// A fresh folder with its library path, `cal.json` (the first error model) and `s.toml`
/// naming it by a relative path.
fn calibrated(name: &str) -> (PathBuf, PathBuf) {
    let dir = folder(name);
    let db = dir.join("lib.sqlite");
    std::fs::write(dir.join("cal.json"), error_model(FIRST_SCORES)).unwrap();
    std::fs::write(
        dir.join("s.toml"),
        format!("{SCENARIO}\n[calibration]\nfile = \"cal.json\"\n"),
    )
    .unwrap();
    (dir, db)
}

fn in_dir(dir: &Path, db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parley"))
        .current_dir(dir)
        .args(args)
        .arg("--db")
        .arg(db)
        .env("NO_COLOR", "1")
        .env("USER", "tester")
        .output()
        .unwrap()
}

#[test]
fn a_library_version_with_a_relative_error_model_path_is_refused_and_an_absolute_one_seals() {
    let (dir, db) = calibrated("relative");
    let o = in_dir(&dir, &db, &["library", "save", "s.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = in_dir(&dir, &db, &["seal", "--library", "s", "--runs", "20"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let e = stderr(&o);
    assert!(
        e.contains("s@1 names its error model with a relative path")
            && e.contains("file = \"cal.json\"")
            && e.contains("nothing was sealed")
            && e.contains("absolute path")
            && e.contains("--scenario FILE"),
        "{e}"
    );
    // Nothing was written: no run recorded.
    let lib = parley_library::Library::open(&db).unwrap();
    assert!(lib.sealed("s").unwrap().is_empty());
    // The file itself seals (its path is relative to the file's folder) ...
    let o = in_dir(&dir, &db, &["seal", "--scenario", "s.toml", "--runs", "20"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // ... and so does a version naming the error model by its absolute path.
    let absolute = dir.join("cal.json");
    std::fs::write(
        dir.join("abs.toml"),
        format!(
            "{SCENARIO}\n[calibration]\nfile = \"{}\"\n",
            absolute.display()
        ),
    )
    .unwrap();
    let o = in_dir(&dir, &db, &["library", "save", "abs.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = in_dir(
        &dir,
        &db,
        &[
            "seal",
            "--library",
            "abs",
            "--runs",
            "20",
            "-m",
            "compromise",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_seal_with_another_error_model_under_the_same_key_is_refused_naming_both_hashes() {
    let (dir, db) = calibrated("other-model");
    let seal = [
        "seal",
        "--scenario",
        "s.toml",
        "--runs",
        "20",
        "-m",
        "compromise",
    ];
    let o = in_dir(&dir, &db, &seal);
    assert!(o.status.success(), "{}", stderr(&o));
    let first = stdout(&o);
    // The output names the hash the payload commits to.
    let lib = parley_library::Library::open(&db).unwrap();
    let sealed = lib.sealed("s").unwrap();
    let old = sealed
        .iter()
        .find_map(|s| s.prediction.error_model_sha256.clone())
        .unwrap();
    assert!(
        first.contains(&format!(
            "Error model sha256 per model: compromise {}",
            &old[..12]
        )),
        "{first}"
    );
    // The same inputs again with the same error model: accepted.
    let o = in_dir(&dir, &db, &seal);
    assert!(o.status.success(), "{}", stderr(&o));
    // The same bytes, but the error model the scenario names now has other residuals.
    std::fs::write(dir.join("cal.json"), error_model(RECALIBRATED)).unwrap();
    let o = in_dir(&dir, &db, &seal);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let e = stderr(&o);
    let json = in_dir(
        &dir,
        &db,
        &[
            "seal",
            "--scenario",
            "s.toml",
            "--runs",
            "20",
            "-m",
            "compromise",
            "--format",
            "json",
            "--name",
            "s2",
        ],
    );
    assert!(json.status.success(), "{}", stderr(&json));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let new = v["error_model_sha256"]["compromise"].as_str().unwrap();
    assert_ne!(new, old);
    assert!(
        e.contains(&format!(
            "compromise: sha256 {} sealed in run 1, sha256 {} now",
            &old[..12],
            &new[..12]
        )) && e.contains("nothing was sealed")
            && e.contains("--name NEW"),
        "{e}"
    );
    // Two runs under s, none added by the refused seal.
    let runs: std::collections::BTreeSet<i64> =
        lib.sealed("s").unwrap().iter().map(|s| s.run).collect();
    assert_eq!(runs.len(), 2);
}

#[test]
fn a_stem_the_library_refuses_is_refused_as_a_seal_key_and_name_gives_one() {
    let dir = folder("stems");
    let db = dir.join("lib.sqlite");
    for stem in ["a b", "été"] {
        let file = format!("{stem}.toml");
        std::fs::write(dir.join(&file), SCENARIO).unwrap();
        let o = in_dir(
            &dir,
            &db,
            &[
                "seal",
                "--scenario",
                &file,
                "--runs",
                "5",
                "-m",
                "compromise",
            ],
        );
        assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
        let e = stderr(&o);
        assert!(
            e.contains(&format!("bad scenario name '{stem}'"))
                && e.contains("ASCII letters")
                && e.contains(&format!("comes from the file name ({file})"))
                && e.contains("nothing was sealed")
                && e.contains("Give --name NAME"),
            "{e}"
        );
        // The library refuses the same name, in the same words.
        let o = in_dir(&dir, &db, &["library", "save", &file]);
        assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
        assert!(
            stderr(&o).contains("use 1-100 ASCII letters"),
            "{}",
            stderr(&o)
        );
    }
    // Nothing was sealed under either stem.
    let lib = parley_library::Library::open(&db).unwrap();
    assert!(lib.sealed("a b").unwrap().is_empty() && lib.sealed("été").unwrap().is_empty());
    // --name files the forecasts under a name the web can track; resolve takes the same.
    let o = in_dir(
        &dir,
        &db,
        &[
            "seal",
            "--scenario",
            "a b.toml",
            "--name",
            "a_b",
            "--runs",
            "5",
            "-m",
            "compromise",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("of a_b as run 1"), "{}", stdout(&o));
    std::fs::write(
        dir.join("res.toml"),
        "[resolution]\nscenario = \"a_b\"\nas_of = 2020-01-01\n\n[[issue]]\nid = \"a\"\ndate = 2020-01-01\nvalue = \
         45\nsources = [\"memo\"]\n",
    )
    .unwrap();
    let o = in_dir(
        &dir,
        &db,
        &["resolve", "res.toml", "--scenario", "a b.toml"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("nothing was recorded"),
        "{}",
        stderr(&o)
    );
    let o = in_dir(
        &dir,
        &db,
        &[
            "resolve",
            "res.toml",
            "--scenario",
            "a b.toml",
            "--name",
            "a_b",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // A bad --name is the command line's.
    let o = in_dir(
        &dir,
        &db,
        &["seal", "--scenario", "a b.toml", "--name", "a b"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("error: --name: bad scenario name 'a b'"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn new_error_model_records_a_deliberate_change_and_score_keeps_the_error_models_apart() {
    let (dir, db) = calibrated("new-error-model");
    let seal = |extra: &[&str]| {
        let mut args = vec![
            "seal",
            "--scenario",
            "s.toml",
            "--runs",
            "20",
            "-m",
            "compromise",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        in_dir(&dir, &db, &args)
    };
    let o = seal(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let old = v["error_model_sha256"]["compromise"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(v["error_model_changes"], serde_json::json!([]));

    // Recalibrated: refused without the flag, and the refusal names the way forward.
    std::fs::write(dir.join("cal.json"), error_model(RECALIBRATED)).unwrap();
    let o = seal(&[]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let e = stderr(&o);
    assert!(
        e.contains(&format!(
            "compromise: sha256 {} sealed in run 1",
            &old[..12]
        )) && e.contains("--new-error-model"),
        "{e}"
    );
    // Accepted with it; the change is recorded with this run, from the old hash to the new.
    let o = seal(&["--new-error-model"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let new = v["error_model_sha256"]["compromise"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(new, old);
    let run = v["run"].as_i64().unwrap();
    assert_eq!(run, 2);
    assert_eq!(v["error_model_changes"][0]["previous_sha256"], old.as_str());
    assert_eq!(v["error_model_changes"][0]["sha256"], new.as_str());
    let lib = parley_library::Library::open(&db).unwrap();
    let changes = lib.error_model_changes("s").unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].run, changes[0].change.model.as_str()),
        (2, "compromise")
    );
    // From then on the new error model is the one a seal must use: the same again seals
    // without the flag, and the old one is refused.
    let o = seal(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::write(dir.join("cal.json"), error_model(FIRST_SCORES)).unwrap();
    let o = seal(&[]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains(&format!(
            "compromise: sha256 {} sealed in run 2",
            &new[..12]
        )),
        "{}",
        stderr(&o)
    );

    // Score: the odds with model error of each error model are scored apart, never pooled.
    std::fs::write(
        dir.join("r.toml"),
        "[resolution]\nscenario = \"s\"\nas_of = 2025-12-31\n\n[[question]]\nid = \"q\"\n\
         outcome = false\ndate = 2025-12-31\nsources = [\"https://example.org\"]\n",
    )
    .unwrap();
    let score = |format: &str| {
        in_dir(
            &dir,
            &db,
            &[
                "score",
                "r.toml",
                "--scenario",
                "s.toml",
                "--runs",
                "20",
                "-m",
                "compromise",
                "--format",
                format,
            ],
        )
    };
    let o = score("json");
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let m = &v["sealed"]["models"][0];
    assert!(m["mean_brier_with_model_error"].is_null(), "{m}");
    let groups = m["error_models"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{m}");
    // Each group's Brier score by hand: the outcome is no, so (p - 0)^2 of each sealed p.
    let sealed = lib.sealed("s").unwrap();
    for (g, hash, runs) in [(&groups[0], &old, vec![1]), (&groups[1], &new, vec![2, 3])] {
        assert_eq!(g["error_model_sha256"], hash.as_str());
        assert_eq!(g["runs"], serde_json::json!(runs));
        let ps: Vec<f64> = sealed
            .iter()
            .filter(|s| runs.contains(&s.run) && s.prediction.target == "q")
            .filter_map(|s| s.prediction.probability_with_model_error)
            .collect();
        assert_eq!(g["questions"].as_u64().unwrap() as usize, ps.len());
        let by_hand = ps.iter().map(|p| p * p).sum::<f64>() / ps.len() as f64;
        let got = g["mean_brier_with_model_error"].as_f64().unwrap();
        assert!((got - by_hand).abs() < 1e-12, "{got} vs {by_hand}");
    }
    assert_eq!(v["error_model_changes"][0]["run"], 2);
    let o = score("table");
    assert!(o.status.success(), "{}", stderr(&o));
    let t = stdout(&o);
    assert!(t.contains("per error model"), "{t}");
    assert!(
        t.contains(&format!("sha256 {} (run 1)", &old[..12]))
            && t.contains(&format!("sha256 {} (runs 2, 3)", &new[..12])),
        "{t}"
    );
    assert!(
        t.contains(&format!(
            "compromise   sha256 {} -> {} (cal.json)",
            &old[..12],
            &new[..12]
        )),
        "{t}"
    );
}
