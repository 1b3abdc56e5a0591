//! Progress with an ETA (issue 18): on stderr only, off in pipes unless forced with
//! `--progress always`, and what a command prints on stdout is byte for byte the same with it.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;

#[test]
fn forced_progress_shows_an_eta_on_stderr_and_leaves_stdout_unchanged() {
    let deu = repo_file("../shared/data/deu/deu3.csv");
    let commands: [&[&str]; 8] = [
        &[
            "mc",
            "--runs",
            "200",
            "--model",
            "compromise",
            "--format",
            "json",
        ],
        &[
            "mc",
            "--runs",
            "50",
            "--model",
            "compromise",
            "--scan",
            "usa.ukraine_aid.salience=0:1:0.5",
        ],
        &["sensitivity", "--runs", "50", "--model", "compromise"],
        &["bargain", "--runs", "50", "--model", "compromise"],
        &["report", "--runs", "20", "--model", "compromise"],
        &[
            "plot",
            "--chart",
            "mc",
            "--runs",
            "50",
            "--model",
            "compromise",
        ],
        &["backtest", "deu3", &deu, "--format", "csv"],
        &[
            "advise",
            "--actor",
            "irn_gov",
            "--goal",
            "iran_nuclear >= 60",
            "--runs",
            "40",
            "--model",
            "compromise",
        ],
    ];
    for args in commands {
        // Piped (as here) with no flag: no progress at all.
        let quiet = parley(args);
        assert!(quiet.status.success(), "{args:?}: {}", stderr(&quiet));
        assert!(
            !stderr(&quiet).contains("ETA"),
            "{args:?} shows progress in a pipe: {}",
            stderr(&quiet)
        );
        let mut forced = vec!["--progress", "always"];
        forced.extend(args);
        let shown = parley(&forced);
        assert!(shown.status.success(), "{forced:?}: {}", stderr(&shown));
        assert_eq!(
            shown.stdout, quiet.stdout,
            "{args:?}: stdout differs with progress"
        );
        let err = stderr(&shown);
        // The last line drawn is the finished count, with its ETA field.
        let last = err
            .lines()
            .rev()
            .find(|l| l.contains("ETA"))
            .unwrap_or_else(|| panic!("{args:?}: no progress line on stderr: {err}"));
        let (done, total) = last
            .rsplit_once(": ")
            .and_then(|(_, rest)| rest.split_once(' '))
            .and_then(|(count, _)| count.split_once('/'))
            .unwrap_or_else(|| panic!("{args:?}: no N/M count in {last:?}"));
        assert_eq!(
            done, total,
            "{args:?}: the last line is not the end: {last}"
        );
        assert!(last.contains("(100%)"), "{args:?}: {last}");
    }
    // `run`: by model, with no ETA (a rate measured on one model says nothing of the next).
    let quiet = parley(&["run", "--format", "json"]);
    let shown = parley(&["--progress", "always", "run", "--format", "json"]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    assert_eq!(
        shown.stdout, quiet.stdout,
        "run: stdout differs with progress"
    );
    let err = stderr(&shown);
    assert!(err.contains("exchange is model 4 of 5"), "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(last.contains(": 5/5, ") && last.contains("so far"), "{err}");
    assert!(!stderr(&quiet).contains("model 1 of"), "{}", stderr(&quiet));
    // `compare`: by variant and model, the base last; every variant is built first, so a bad
    // edit fails before any model runs (no progress line at all).
    let args = [
        "compare",
        "--what-if",
        "us_aid_salience_half",
        "-m",
        "compromise,nbs",
        "--format",
        "json",
    ];
    let quiet = parley(&args);
    let mut forced = vec!["--progress", "always"];
    forced.extend(args);
    let shown = parley(&forced);
    assert!(shown.status.success(), "{}", stderr(&shown));
    assert_eq!(
        shown.stdout, quiet.stdout,
        "compare: stdout differs with progress"
    );
    let err = stderr(&shown);
    assert!(
        err.contains("compare, variant 1 of 1 ('us_aid_salience_half'): nbs is model 2 of 2"),
        "{err}"
    );
    assert!(
        err.contains("compare, the base: compromise is model 1 of 2"),
        "{err}"
    );
    let last = err.lines().last().unwrap_or_default();
    assert!(last.contains(": 4/4, ") && last.contains("so far"), "{err}");
    let bad = parley(&[
        "--progress",
        "always",
        "compare",
        "--variant",
        "us_stops_aid",
        "--variant",
        "typo: --set usa.ukraine_aid.salince=0.3",
    ]);
    // A bad --set edit is a usage error (exit 2) since the sweep's item 20.
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    assert!(!stderr(&bad).contains("is model"), "{}", stderr(&bad));
    // --progress never: nothing.
    let none = parley(&[
        "--progress",
        "never",
        "mc",
        "--runs",
        "50",
        "-m",
        "compromise",
    ]);
    assert!(none.status.success(), "{}", stderr(&none));
    assert!(!stderr(&none).contains("ETA"), "{}", stderr(&none));
}
