//! `parley merge` (issue 18, the expert panel): three codings of the flagship that differ on
//! one number merge to its median (or mean), a range covering all three, and a note naming
//! who said what; codings of different negotiations are refused with both files named.
#![allow(clippy::unwrap_used)]

mod common;

use common::{parley, scratch_path, stderr, stdout};

const SUITE: &str = "panel";

/// The flagship as a CSV grid, with `--set` edits, written to a scratch file named `coder`.
fn coding(coder: &str, set: &[&str]) -> String {
    let path = scratch_path(SUITE, &format!("{coder}.csv"));
    let _ = std::fs::remove_file(&path);
    let p = path.display().to_string();
    let mut args = vec!["export", "--format", "csv", "-o", &p];
    for s in set {
        args.extend(["--set", s]);
    }
    let o = parley(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    p
}

/// The `salience = ...` line of the first actor's (usa's) ukraine_aid stance.
fn usa_aid_salience(toml: &str) -> String {
    let at = toml.find("[actor.stance.ukraine_aid]").unwrap();
    toml[at..]
        .lines()
        .find(|l| l.starts_with("salience = "))
        .unwrap()
        .to_owned()
}

#[test]
fn three_coders_merge_to_the_median_a_covering_range_and_who_said_what() {
    // The flagship codes usa's salience on ukraine_aid 0.5 in 0.35..0.7; bob says 0.6 and
    // carol 0.3 (points). Median of {0.5, 0.6, 0.3} = 0.5; range: lowest low 0.3 (carol),
    // highest high 0.7 (alice's range).
    let alice = coding("alice", &[]);
    let bob = coding("bob", &["usa.ukraine_aid.salience = 0.6"]);
    let carol = coding("carol", &["usa.ukraine_aid.salience = 0.3"]);
    let o = parley(&["merge", &alice, &bob, &carol]);
    assert!(o.status.success(), "{}", stderr(&o));
    let panel = stdout(&o);
    let line = usa_aid_salience(&panel);
    assert!(
        line.starts_with(
            "salience = { value = 0.5, low = 0.3, high = 0.7, note = \"panel median of 3: \
             alice 0.5 (0.35..0.7); bob 0.6; carol 0.3. all: "
        ),
        "{line}"
    );
    // A number all three coded alike stays a point or keeps its shared range.
    assert!(
        panel.contains("note = \"panel median of 3: all 25 (10..45). all: "),
        "{panel}"
    );
    assert!(stderr(&o).contains("merged 3 codings (alice, bob, carol) by the median"));

    // --mean: (0.5 + 0.6 + 0.3) / 3, summed in coder order as the code does.
    let o = parley(&["merge", &alice, &bob, &carol, "--mean"]);
    let line = usa_aid_salience(&stdout(&o));
    let mean = (0.5_f64 + 0.6 + 0.3) / 3.0;
    assert!(
        line.starts_with(&format!(
            "salience = {{ value = {mean:?}, low = 0.3, high = 0.7"
        )),
        "{line}"
    );

    // The panel runs, and is written atomically with -o like every output.
    let out = scratch_path(SUITE, "panel.toml");
    let _ = std::fs::remove_file(&out);
    let o = parley(&["merge", &alice, &bob, &carol, "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = parley(&["run", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn coders_who_disagree_on_issues_scales_or_actors_are_refused_with_both_files_named() {
    let alice = coding("alice2", &[]);
    // A different negotiation: KTAB's dummy scenario (other issues, other actors).
    let other = common::repo_file("../shared/data/ktab/dummyData_3Dim.csv");
    let o = parley(&["merge", &alice, &other]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("the codings do not share one structure"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{alice} vs {other}: issue 'iran_nuclear' is in {alice} only"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{alice} vs {other}: issue 'Pstn1' is in {other} only"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("actor 'usa' is in {alice} only")),
        "{err}"
    );

    // The same issues on another scale.
    let text = std::fs::read_to_string(&alice).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("ukraine_aid,"))
        .unwrap();
    let rescaled = line.replace(",0,100,", ",0,200,");
    assert_ne!(line, rescaled);
    let bob = scratch_path(SUITE, "bob2.csv");
    std::fs::write(&bob, text.replace(line, &rescaled)).unwrap();
    let bob = bob.display().to_string();
    let o = parley(&["merge", &alice, &bob]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!(
            "issue 'ukraine_aid' has scale [0, 100] in {alice} but [0, 200] in {bob}"
        )),
        "{}",
        stderr(&o)
    );
    // One file is no panel: a usage error.
    let o = parley(&["merge", &alice]);
    assert_eq!(o.status.code(), Some(2));
}
