//! Docs that cannot drift (issue 18):
//!
//! - Every shell example in README.md and docs/*.md marked `<!-- checked -->` (or
//!   `<!-- checked: exit N -->`) just above its fenced block is run, in a fresh copy of
//!   `examples/`, and its output (stdout, then stderr) compared with the block. In a block,
//!   `$ parley ...` lines are commands and the lines after them their expected output; a line
//!   `...` stands for any number of lines and `[..]` for any text within a line. Timings
//!   (`0.42 s`, `12 ms`) are masked on both sides.
//! - The exit-code table of docs/errors.md is run row by row, and every subcommand exits 0
//!   on `--help` (showing examples) and 2 on an unknown flag.
//! - Every file a checked example or the exit-code table names is in `examples/`.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh copy of `examples/` to run in (commands may write files).
fn sandbox(tag: &str) -> PathBuf {
    let dir = common::scratch_path("docs", tag);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(root().join("examples")).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
        }
    }
    dir
}

/// Splits a command line into words: whitespace-separated, with '...' and "..." quoting.
/// Pipes, redirections and substitutions are refused (a checked example runs one command).
fn words(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, c) if c.is_whitespace() => {
                if started {
                    out.push(std::mem::take(&mut cur));
                    started = false;
                }
            }
            (None, '|' | '>' | '<' | '$' | '`' | ';' | '&') => {
                return Err(format!(
                    "'{c}' in a checked command: run one parley command"
                ));
            }
            (None, c) => {
                cur.push(c);
                started = true;
            }
        }
    }
    if quote.is_some() {
        return Err("unclosed quote".into());
    }
    if started {
        out.push(cur);
    }
    Ok(out)
}

/// Runs `parley ARGS` in `dir`: (exit code, stdout then stderr).
fn run(dir: &Path, args: &[String]) -> (Option<i32>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // The example's own folder holds its library: never the reader's.
        .env("PARLEY_DB", dir.join("library.sqlite"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let mut text = String::from_utf8_lossy(&o.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&o.stderr));
    (o.status.code(), text)
}

/// Replaces timings (`0.42 s`, `12 ms`, `1.5s`) by `<time>`.
fn mask(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let at_word_start = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        if at_word_start && chars[i].is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.') {
                j += 1;
            }
            let mut k = j;
            if k < chars.len() && chars[k] == ' ' {
                k += 1;
            }
            let unit: String = chars[k..].iter().take(2).collect();
            let unit_len = if unit.starts_with("ms") {
                2
            } else if unit.starts_with('s') {
                1
            } else {
                0
            };
            let end = k + unit_len;
            let word_ends = end >= chars.len() || !chars[end].is_ascii_alphanumeric();
            if unit_len > 0 && word_ends {
                out.push_str("<time>");
                i = end;
                continue;
            }
            out.extend(&chars[i..j]);
            i = j;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Whether `actual` matches the pattern line `want` (`[..]`: any text).
fn line_matches(want: &str, actual: &str) -> bool {
    let parts: Vec<&str> = want.split("[..]").collect();
    if parts.len() == 1 {
        return want == actual;
    }
    let mut rest = actual;
    for (k, p) in parts.iter().enumerate() {
        if k == 0 {
            match rest.strip_prefix(p) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if k == parts.len() - 1 {
            return rest.ends_with(p);
        } else {
            match rest.find(p) {
                Some(at) => rest = &rest[at + p.len()..],
                None => return false,
            }
        }
    }
    true
}

/// Whether the lines `actual` match the pattern lines `want` (`...`: any lines).
fn lines_match(want: &[String], actual: &[String]) -> bool {
    match want.split_first() {
        None => actual.iter().all(|l| l.trim().is_empty()),
        Some((w, rest)) if w == "..." => {
            (0..=actual.len()).any(|skip| lines_match(rest, &actual[skip..]))
        }
        Some((w, rest)) => actual
            .split_first()
            .is_some_and(|(a, arest)| line_matches(w, a) && lines_match(rest, arest)),
    }
}

/// One checked block: where it is, its expected exit code, its commands and outputs.
struct Block {
    place: String,
    exit: i32,
    steps: Vec<(String, Vec<String>)>,
}

fn checked_blocks() -> Vec<Block> {
    let mut files = vec![root().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let mut i = 0;
        while i < lines.len() {
            let l = lines[i].trim();
            let marker = l
                .strip_prefix("<!-- checked")
                .and_then(|r| r.strip_suffix("-->"))
                .map(str::trim);
            let Some(marker) = marker else {
                i += 1;
                continue;
            };
            let exit = marker
                .strip_prefix(": exit ")
                .map_or(0, |n| n.trim().parse().unwrap());
            let place = format!("{name}:{}", i + 1);
            assert!(
                lines.get(i + 1).is_some_and(|l| l.starts_with("```")),
                "{place}: a checked marker must be followed by a fenced block"
            );
            let mut steps: Vec<(String, Vec<String>)> = Vec::new();
            i += 2;
            while i < lines.len() && !lines[i].starts_with("```") {
                match lines[i].strip_prefix("$ ") {
                    Some(cmd) => steps.push((cmd.to_owned(), Vec::new())),
                    None => match steps.last_mut() {
                        Some((_, want)) => want.push(lines[i].to_owned()),
                        None => panic!("{place}: a checked block starts with '$ parley ...'"),
                    },
                }
                i += 1;
            }
            out.push(Block { place, exit, steps });
        }
    }
    out
}

#[test]
fn every_checked_example_in_the_docs_gives_the_output_shown() {
    let blocks = checked_blocks();
    assert!(
        blocks.len() >= 3,
        "checked examples found: {}",
        blocks.len()
    );
    let mut failures = Vec::new();
    for (n, b) in blocks.iter().enumerate() {
        let dir = sandbox(&format!("block-{n}"));
        for (k, (cmd, want)) in b.steps.iter().enumerate() {
            let args = match words(cmd) {
                Ok(w) if w.first().is_some_and(|w| w == "parley") => w[1..].to_vec(),
                Ok(_) => {
                    failures.push(format!("{}: '{cmd}' is not a parley command", b.place));
                    continue;
                }
                Err(e) => {
                    failures.push(format!("{}: {e}", b.place));
                    continue;
                }
            };
            let (code, text) = run(&dir, &args);
            let last = k == b.steps.len() - 1;
            let want_code = if last { b.exit } else { 0 };
            let actual: Vec<String> = text.lines().map(mask).collect();
            let want: Vec<String> = want.iter().map(|l| mask(l)).collect();
            if code != Some(want_code) || !lines_match(&want, &actual) {
                failures.push(format!(
                    "{}: `{cmd}` exited {code:?} (want {want_code}); output:\n{text}\n--- the block shows:\n{}",
                    b.place,
                    want.join("\n")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_exit_code_table_of_errors_md_holds() {
    let text = std::fs::read_to_string(root().join("docs/errors.md")).unwrap();
    let start = text
        .find("| command | exit code |")
        .expect("docs/errors.md has the exit-code table");
    let rows: Vec<(String, i32)> = text[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let cmd = cells[1].trim_matches('`').to_owned();
            (cmd, cells[2].parse().unwrap())
        })
        .collect();
    assert!(rows.len() >= 10, "{rows:?}");
    let dir = sandbox("exit-codes");
    let mut failures = Vec::new();
    for (cmd, want) in &rows {
        let w = words(cmd).unwrap();
        assert_eq!(w[0], "parley", "{cmd}");
        let (code, out) = run(&dir, &w[1..]);
        if code != Some(*want) {
            failures.push(format!(
                "`{cmd}`: exit {code:?}, the table says {want}\n{out}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The subcommands `parley --help` lists.
fn subcommands() -> Vec<String> {
    let (_, help) = run(&root(), &["--help".to_owned()]);
    let after = help.split("Commands:").nth(1).unwrap();
    let section = after.split("Options:").next().unwrap();
    section
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|c| c != "help")
        .collect()
}

#[test]
fn every_subcommand_shows_examples_and_exits_2_on_an_unknown_flag() {
    let subs = subcommands();
    assert!(subs.len() >= 20, "{subs:?}");
    for s in &subs {
        let (code, help) = run(&root(), &[s.clone(), "--help".into()]);
        assert_eq!(code, Some(0), "{s} --help");
        assert!(
            help.contains("Examples:\n  parley "),
            "`parley {s} --help` shows no examples"
        );
        let (code, out) = run(&root(), &[s.clone(), "--no-such-flag".into()]);
        assert_eq!(code, Some(2), "{s} --no-such-flag: {out}");
    }
    // The nested subcommands too: those of `parley library`, as its help lists them.
    let (_, help) = run(&root(), &["library".to_owned(), "--help".to_owned()]);
    let nested: Vec<String> = help
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("Options:")
        .next()
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|c| c != "help")
        .collect();
    assert!(nested.len() >= 7, "{nested:?}");
    for s in &nested {
        let args = ["library".to_owned(), s.clone(), "--help".to_owned()];
        let (code, help) = run(&root(), &args);
        assert_eq!(code, Some(0), "library {s} --help");
        assert!(
            help.contains("Examples:\n  parley library "),
            "`parley library {s} --help` shows no examples"
        );
    }
}

#[test]
fn the_pattern_matcher_masks_timings_and_honours_wildcards() {
    assert_eq!(
        mask("took 0.42 s; 12ms; 3 issues"),
        "took <time>; <time>; 3 issues"
    );
    assert!(line_matches("a [..] c", "a anything c"));
    assert!(!line_matches("a [..] c", "a anything d"));
    let want: Vec<String> = ["x", "...", "z"].map(String::from).to_vec();
    let got: Vec<String> = ["x", "1", "2", "z"].map(String::from).to_vec();
    assert!(lines_match(&want, &got));
    let bad: Vec<String> = ["x", "1", "y"].map(String::from).to_vec();
    assert!(!lines_match(&want, &bad));
    assert_eq!(
        words("parley run 'a b' \"c\"").unwrap(),
        ["parley", "run", "a b", "c"]
    );
    assert!(words("parley run | head").is_err());
}

/// Synopsis placeholders, not files: the reader writes their own.
const PLACEHOLDERS: [&str; 2] = ["RESOLUTION.toml", "my-backtest.csv"];

#[test]
fn every_input_file_the_docs_run_by_name_is_in_examples() {
    let exts = [
        ".toml", ".csv", ".xml", ".json", ".txt", ".jsonl", ".xlsx", ".tsv",
    ];
    let mut files = vec![root().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    let mut missing = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let mut in_block = false;
        let mut outputs: Vec<String> = Vec::new();
        let mut inputs: Vec<(String, usize)> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with("```") {
                in_block = !in_block;
                continue;
            }
            let l = line.trim();
            let l = l.strip_prefix("$ ").unwrap_or(l);
            if !in_block || !(l.starts_with("parley ") || l.starts_with("cat ")) {
                continue;
            }
            let cmd = l.split('#').next().unwrap_or_default();
            let mut prev = "";
            for w in cmd.split_whitespace() {
                let w = w.trim_matches(['"', '\'']);
                if exts.iter().any(|e| w.ends_with(e)) && !w.contains('/') {
                    if matches!(prev, "-o" | ">" | "--output") {
                        outputs.push(w.to_owned());
                    } else {
                        inputs.push((w.to_owned(), n + 1));
                    }
                }
                prev = w;
            }
        }
        for (input, n) in inputs {
            let shipped = root().join("examples").join(&input).is_file();
            if !shipped && !outputs.contains(&input) && !PLACEHOLDERS.contains(&input.as_str()) {
                missing.push(format!("{name}:{n}: {input}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "named by the docs, not in examples/: {missing:#?}"
    );
}
