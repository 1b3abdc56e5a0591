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
    // An empty stream is a scenario with nothing in it: located problems, not a hang.
    let o = parley_with_stdin(&["run", "-"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("missing key"), "{}", stderr(&o));
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
