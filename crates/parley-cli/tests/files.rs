//! Files and inputs (issue 14): no command loses a file, blocks on an input, or accepts an
//! input it cannot use. Every `-o` goes through one writer that never replaces an input of
//! the same command, keeps an existing file unless `--force`, and writes atomically (a
//! write that fails half way, here under a file size limit, leaves the previous file or no
//! file, never a truncated one). Inputs must be regular files: a FIFO, a directory or a
//! device is refused by name without being opened. A byte-order mark is accepted. A DEU file
//! with nothing to score or shifted columns, and an impossible `--date`, are errors.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{parley, repo_file, scratch_file, scratch_path, stderr};

const SUITE: &str = "files";

/// A small valid scenario (JSON has no dates or comments to worry about).
const JSON: &str = r#"{"scenario": {"name": "Toy"},
 "issue": [{"id": "tariff", "name": "Import tariff", "low": "None", "high": "High", "status_quo": 20}],
 "actor": [
  {"id": "north", "name": "North", "capability": 60, "stance": {"tariff": {"position": 10, "salience": 0.8}}},
  {"id": "south", "name": "South", "capability": 40, "stance": {"tariff": {"position": 70, "salience": 0.5}}}
 ]}
"#;

fn toy(name: &str) -> PathBuf {
    let text = std::fs::read_to_string(repo_file("scenarios/toy-tariff.toml")).unwrap();
    scratch_file(SUITE, name, &text)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Temporary files the writer may have left in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".parley-") && n.ends_with(".tmp"))
        .collect()
}

/// A BDM table large enough that its TOML import is several kilobytes.
fn bdm_table(name: &str) -> PathBuf {
    let mut text = String::from("Actor,Capability,Position,Salience\n");
    for k in 0..200 {
        text.push_str(&format!(
            "Actor number {k},{},{},{}\n",
            10 + k % 50,
            k % 100,
            50 + k % 40
        ));
    }
    scratch_file(SUITE, name, &text)
}

#[test]
fn an_output_onto_its_own_input_is_refused_even_with_force() {
    let input = toy("own-input.toml");
    let before = std::fs::read(&input).unwrap();
    // The same file spelled differently still counts.
    let same = input.parent().unwrap().join(".").join("own-input.toml");
    for args in [
        vec!["report", s(&input), "--runs", "0", "-o", s(&input)],
        vec![
            "report",
            s(&input),
            "--runs",
            "0",
            "-o",
            s(&same),
            "--force",
        ],
    ] {
        let o = parley(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("refusing to write"), "{err}");
        assert!(err.contains("own-input.toml"), "{err}");
        assert_eq!(std::fs::read(&input).unwrap(), before, "{args:?}");
    }
    let table = bdm_table("own-input.csv");
    let before = std::fs::read(&table).unwrap();
    let o = parley(&[
        "import",
        "--from",
        "bdm",
        s(&table),
        "-o",
        s(&table),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read(&table).unwrap(), before);
    let article = scratch_file(SUITE, "own-article.txt", "Iran attacked Israel.\n");
    let o = parley(&[
        "extract",
        s(&article),
        "--format",
        "toml",
        "-o",
        s(&article),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&article).unwrap(),
        "Iran attacked Israel.\n"
    );
}

#[test]
fn an_existing_output_is_kept_unless_force() {
    let input = toy("keep-input.toml");
    let out = scratch_file(SUITE, "keep.html", "previous report");
    let o = parley(&["report", s(&input), "--runs", "0", "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("keep.html exists"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous report");
    let o = parley(&["report", s(&input), "--runs", "0", "-o", s(&out), "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );

    let svg = scratch_file(SUITE, "keep.svg", "previous chart");
    let o = parley(&["plot", s(&input), "--chart", "forecasts", "-o", s(&svg)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&svg).unwrap(), "previous chart");

    let table = bdm_table("keep.csv");
    let toml = scratch_file(SUITE, "keep-import.toml", "# mine");
    let o = parley(&["import", "--from", "bdm", s(&table), "-o", s(&toml)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&toml).unwrap(), "# mine");
    let o = parley(&[
        "import",
        "--from",
        "bdm",
        s(&table),
        "-o",
        s(&toml),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&toml)
            .unwrap()
            .contains("[[actor]]")
    );

    let article = scratch_file(SUITE, "keep-article.txt", "Iran attacked Israel.\n");
    let draft = scratch_file(SUITE, "keep-draft.toml", "# analyst's edits");
    let o = parley(&["extract", s(&article), "--format", "toml", "-o", s(&draft)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&draft).unwrap(),
        "# analyst's edits"
    );
    let fresh = scratch_path(SUITE, "fresh-draft.toml");
    let _ = std::fs::remove_file(&fresh);
    let o = parley(&["extract", s(&article), "--format", "toml", "-o", s(&fresh)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&fresh)
            .unwrap()
            .contains("[scenario]")
    );
    assert!(leftovers(fresh.parent().unwrap()).is_empty());
}

/// Runs `parley args` under a file size limit of a few hundred bytes with SIGXFSZ ignored, so
/// a write past it fails as a full disk would (EFBIG) instead of killing the process.
#[cfg(unix)]
fn parley_with_small_disk(args: &[&str]) -> std::process::Output {
    let mut line = String::from("trap '' XFSZ; ulimit -f 1; exec \"$0\"");
    for k in 1..=args.len() {
        line.push_str(&format!(" \"${{{k}}}\""));
    }
    Command::new("sh")
        .arg("-c")
        .arg(line)
        .arg(env!("CARGO_BIN_EXE_parley"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_full_disk_leaves_the_previous_file_or_none_never_a_truncated_one() {
    let table = bdm_table("disk.csv");
    // A new file: nothing is left behind (a truncated import could still validate as a
    // smaller scenario).
    let out = scratch_path(SUITE, "disk-new.toml");
    let _ = std::fs::remove_file(&out);
    let o = parley_with_small_disk(&["import", "--from", "bdm", s(&table), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("cannot write") && err.contains("disk-new.toml"),
        "{err}"
    );
    assert!(!out.exists(), "a partial import was left behind");
    // An existing file replaced with --force: the previous content survives the failure.
    let old = scratch_file(SUITE, "disk-old.html", "the previous report");
    let input = toy("disk-input.toml");
    let o = parley_with_small_disk(&["report", s(&input), "--runs", "0", "-o", s(&old), "--force"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("unchanged"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&old).unwrap(),
        "the previous report"
    );
    assert!(leftovers(old.parent().unwrap()).is_empty());
}

#[test]
fn a_directory_or_device_as_output_is_refused() {
    let input = toy("dev-input.toml");
    let dir = scratch_path(SUITE, "an-output-dir");
    std::fs::create_dir_all(&dir).unwrap();
    let o = parley(&["report", s(&input), "--runs", "0", "-o", s(&dir), "--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("a directory"), "{}", stderr(&o));
    #[cfg(unix)]
    {
        let json = scratch_file(SUITE, "dev-input.json", JSON);
        let o = parley(&[
            "import",
            "--from",
            "json",
            s(&json),
            "-o",
            "/dev/null",
            "--force",
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("a device"), "{}", stderr(&o));
    }
}

/// Runs `parley args`, killing it when it takes longer than `limit`; None when it had to.
fn parley_within(args: &[&str], limit: Duration) -> Option<std::process::Output> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            return Some(child.wait_with_output().unwrap());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

#[cfg(unix)]
#[test]
fn a_fifo_as_input_is_refused_without_blocking() {
    let fifo = scratch_path(SUITE, "input.fifo");
    let _ = std::fs::remove_file(&fifo);
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo");
    for args in [
        vec!["validate", s(&fifo)],
        vec!["run", s(&fifo)],
        vec!["import", "--from", "decide", s(&fifo)],
        vec!["extract", s(&fifo), "--format", "json"],
        vec!["backtest", "deu3", s(&fifo)],
    ] {
        let o = parley_within(&args, Duration::from_secs(20))
            .unwrap_or_else(|| panic!("{args:?} blocked on the FIFO"));
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("input.fifo") && err.contains("FIFO"), "{err}");
    }
}

#[test]
fn a_directory_or_device_as_input_is_named() {
    let dir = scratch_path(SUITE, "an-input-dir");
    std::fs::create_dir_all(&dir).unwrap();
    let o = parley(&["run", s(&dir)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("it is a directory"), "{}", stderr(&o));
    let o = parley(&["backtest", "deu3", s(&dir)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("it is a directory"), "{}", stderr(&o));
    #[cfg(unix)]
    for args in [vec!["validate", "/dev/null"], vec!["extract", "/dev/zero"]] {
        let o = parley_within(&args, Duration::from_secs(20))
            .unwrap_or_else(|| panic!("{args:?} did not finish"));
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains("a device"), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_byte_order_mark_is_accepted_in_json_and_toml() {
    let json = scratch_file(SUITE, "bom.json", &format!("\u{feff}{JSON}"));
    let o = parley(&["validate", s(&json)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let toml_text = std::fs::read_to_string(repo_file("scenarios/toy-tariff.toml")).unwrap();
    let toml = scratch_file(SUITE, "bom.toml", &format!("\u{feff}{toml_text}"));
    let o = parley(&["run", s(&toml), "--model", "nbs"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = parley(&["import", "--from", "json", s(&json)]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Problems after a BOM keep the columns an editor shows.
    let bad = scratch_file(SUITE, "bom-bad.json", "\u{feff}{\"scenario\": 1}");
    let o = parley(&["validate", s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bom-bad.json:1:14"), "{}", stderr(&o));
}

/// Sweep 4 item 11: a `.csv` no layout recognises is not read as TOML (a syntax error on every
/// line): a table headed `Actor` is read as the BDM table it was meant to be, whose reader
/// names the column that does not fit; anything else names the layouts Parley reads.
#[test]
fn an_unrecognised_csv_is_named_as_such_not_read_as_toml() {
    let extra = scratch_file(
        SUITE,
        "extra-column.csv",
        "Actor,Capability,Position,Salience,Extra\nNorth,40,10,80,zz\nSouth,30,70,60,yy\n",
    );
    let o = parley(&["validate", s(&extra)]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("unknown or repeated column 'Extra'"), "{err}");
    assert!(err.contains("extra-column.csv:1:36"), "{err}");
    assert!(!err.contains("syntax"), "{err}");
    let other = scratch_file(SUITE, "other.csv", "a,b,c\n1,2,3\n");
    for command in ["validate", "run"] {
        let o = parley(&[command, s(&other)]);
        assert_eq!(o.status.code(), Some(1), "{command}");
        let err = stderr(&o);
        assert!(
            err.contains("other.csv: not a CSV layout Parley reads (its first line is 'a,b,c')"),
            "{command}: {err}"
        );
        assert!(
            err.contains("a BDM table (header Actor,Capability,Position,Salience)"),
            "{err}"
        );
    }
}

/// Excel's "Unicode text" is UTF-16 with a byte-order mark: the advice names UTF-16, not
/// Latin-1 (which would turn the file into garbage); other bad bytes keep the Latin-1 advice.
#[test]
fn a_utf16_file_is_told_to_convert_from_utf16() {
    let path = scratch_path(SUITE, "utf16.toml");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "[scenario]\nname = \"x\"\n".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    std::fs::write(&path, bytes).unwrap();
    let o = parley(&["validate", s(&path)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("UTF-16") && stderr(&o).contains("iconv -f utf-16le -t utf-8"),
        "{}",
        stderr(&o)
    );
    let latin = scratch_path(SUITE, "latin1.toml");
    std::fs::write(&latin, b"[scenario]\nname = \"caf\xe9\"\n").unwrap();
    let o = parley(&["validate", s(&latin)]);
    assert!(stderr(&o).contains("iconv -f latin1"), "{}", stderr(&o));
}

/// A DEU III file in miniature: text column, ids, two actors, reversion point and outcome.
const DEU_HEADER: &str =
    "\"prnrnmc\"\t\"isnr\"\t\"prnr\"\t\"pcom\"\t\"pde\"\t\"scom\"\t\"sde\"\t\"rp\"\t\"out\"";
const DEU_GDP: &str = "\t\t\t\"4.1\"\t\"2.8\"\t\t\t\t";
const DEU_ROWS: &[&str] = &[
    "\"1\"\t\"d00001i1\"\t\"d00001\"\t\"100\"\t\"0\"\t\"80\"\t\"50\"\t\"0\"\t\"60\"",
    "\"2\"\t\"d00001i2\"\t\"d00001\"\t\"30\"\t\"70\"\t\"40\"\t\"90\"\t\"0\"\t\"50\"",
    "\"3\"\t\"d00002i1\"\t\"d00002\"\t\"0\"\t\"100\"\t\"60\"\t\"60\"\t\"0\"\t\"100\"",
];

fn deu_file(name: &str, rows: &[String]) -> PathBuf {
    let mut text = format!("{DEU_HEADER}\n{DEU_GDP}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    scratch_file(SUITE, name, &text)
}

#[test]
fn backtest_needs_rows_to_score_and_aligned_columns() {
    let rows: Vec<String> = DEU_ROWS.iter().map(|r| (*r).to_owned()).collect();
    let good = deu_file("deu-good.csv", &rows);
    let o = parley(&["backtest", "deu3", s(&good), "--format", "json"]);
    assert!(o.status.success(), "the miniature is valid: {}", stderr(&o));
    // The elapsed time is on stderr only: stdout is the same on every run (issue 18).
    let o = parley(&["backtest", "deu3", s(&good)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = common::stdout(&o);
    let first = out.lines().next().unwrap_or_default();
    assert!(first.ends_with("errors on the 0-100 scale"), "{first}");
    let err = stderr(&o);
    assert!(
        err.lines().any(|l| l.starts_with("backtest took ")),
        "{err}"
    );
    // One proposal per half is far below calibrate's minimum: said on stderr, stdout unmoved.
    assert!(
        err.contains("the backtest leaves their calibration out"),
        "{err}"
    );

    let header_only = deu_file("deu-header-only.csv", &[]);
    let o = parley(&["backtest", "deu3", s(&header_only)]);
    assert_eq!(o.status.code(), Some(1), "{}", common::stdout(&o));
    assert!(stderr(&o).contains("deu-header-only.csv"), "{}", stderr(&o));
    assert!(stderr(&o).contains("no data rows"), "{}", stderr(&o));

    // Every row lost its first field (cut -f2-): values land one column to the left.
    let shifted: Vec<String> = DEU_ROWS
        .iter()
        .map(|r| r.split_once('\t').unwrap().1.to_owned())
        .collect();
    let file = deu_file("deu-shifted.csv", &shifted);
    let o = parley(&["backtest", "deu3", s(&file)]);
    assert_eq!(o.status.code(), Some(1), "{}", common::stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("deu-shifted.csv") && err.contains("line 3"),
        "{err}"
    );
    assert!(err.contains("shifted"), "{err}");

    // Aligned rows, none with an outcome: nothing to score.
    let no_outcome: Vec<String> = DEU_ROWS
        .iter()
        .map(|r| format!("{}\t", r.rsplit_once('\t').unwrap().0))
        .collect();
    let file = deu_file("deu-no-outcome.csv", &no_outcome);
    let o = parley(&["backtest", "deu3", s(&file)]);
    assert_eq!(o.status.code(), Some(1), "{}", common::stdout(&o));
    assert!(stderr(&o).contains("nothing to score"), "{}", stderr(&o));
}

#[test]
fn extract_date_must_be_a_calendar_date() {
    let article = scratch_file(SUITE, "dated.txt", "Iran attacked Israel.\n");
    for bad in ["2025-02-30", "2025-02-29", "2025-04-31", "2025-13-01"] {
        let o = parley(&["extract", s(&article), "--date", bad, "--format", "json"]);
        assert_eq!(o.status.code(), Some(1), "{bad}");
        let err = stderr(&o);
        assert!(err.contains("--date") && err.contains(bad), "{err}");
    }
    let o = parley(&[
        "extract",
        s(&article),
        "--date",
        "2024-02-29",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_refused_output_is_refused_before_the_work() {
    let input = toy("early-input.toml");
    let out = scratch_file(SUITE, "early.html", "previous report");
    // Ten million Monte Carlo runs would take minutes: the refusal comes first.
    let args = ["report", s(&input), "--runs", "10000000", "-o", s(&out)];
    let o = parley_within(&args, Duration::from_secs(20)).expect("refused before the work");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous report");
}
