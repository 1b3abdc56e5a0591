//! The decide-exchange-model input format: the shipped inputs read, the compromise model
//! reproduces decide's starting outcomes, and the broken file gets located errors.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use parley_core::models::Compromise;
use parley_core::{Inputs, Model};
use parley_scenario::{Format, LoadError, read_file};

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/decide")
        .join(rel)
}

/// Per file, issue -> decide's "NBS0" (the outcome before any exchange, on 0-100), from
/// `expected/api_run_seed0_nbs_round1_final.txt`: decide-exchange-model @ 51dee664 run through
/// its Python API on each input (equal gain, 10 rounds, seed 0), printed to 2 decimals.
fn decide_starting_outcomes() -> Vec<(String, Vec<(String, f64)>)> {
    let text =
        std::fs::read_to_string(shared("expected/api_run_seed0_nbs_round1_final.txt")).unwrap();
    let mut out: Vec<(String, Vec<(String, f64)>)> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("file=") {
            let file = rest.split_whitespace().next().unwrap().to_owned();
            out.push((file, Vec::new()));
        } else if let Some((head, tail)) = line.split_once("NBS0=") {
            // "  Newtreaty [0 - 100]          NBS0=  61.58  round1= ..."
            let issue = head.trim().split(" [").next().unwrap().to_owned();
            let value: f64 = tail.split_whitespace().next().unwrap().parse().unwrap();
            out.last_mut().unwrap().1.push((issue, value));
        }
    }
    out
}

#[test]
fn the_compromise_model_reproduces_decides_starting_outcomes() {
    let expected = decide_starting_outcomes();
    assert_eq!(
        expected.len(),
        3,
        "three decide inputs in the reference file"
    );
    let mut compared = 0;
    for (file, issues) in expected {
        let scenario = read_file(&shared(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let inputs = Inputs::from_scenario(&scenario).unwrap();
        let outcome = Compromise.run(&inputs).unwrap();
        for (issue, value) in issues {
            let j = scenario
                .issue_index(&issue)
                .unwrap_or_else(|| panic!("{file}: {issue}"));
            // Parley works on the same internal 0-100 scale decide reports on.
            let ours = outcome.forecasts[j].value;
            assert!(
                (ours - value).abs() <= 0.005 + 1e-9,
                "{file} {issue}: {ours} vs decide {value}"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 6 + 7 + 13);
}

#[test]
fn the_shipped_inputs_read_with_actors_issues_and_scales() {
    let s = read_file(&shared("sample_data.txt")).unwrap();
    assert_eq!((s.actors.len(), s.issues.len()), (10, 6));
    let toll = &s.issues[s.issue_index("tol-hoogte").unwrap()];
    assert_eq!((toll.scale.min, toll.scale.max), (0.5, 7.0));
    let s = read_file(&shared("cop21.csv")).unwrap();
    assert_eq!((s.actors.len(), s.issues.len()), (15, 13));
    let s = read_file(&shared("copenhagen.csv")).unwrap();
    // Ids are kept as written.
    assert!(s.actor_index("EU (incl Norway)").is_some());
}

#[test]
fn the_broken_copenhagen_file_gets_located_errors() {
    let Err(LoadError::Invalid { diagnostics, .. }) =
        read_file(&shared("copenhagen_with_errors.csv"))
    else {
        panic!("copenhagen_with_errors.csv must be rejected");
    };
    let got: Vec<(&str, usize, usize)> = diagnostics
        .iter()
        .map(|d| (d.code, d.line, d.column))
        .collect();
    // Line 86: "#D\tRussia\tControl\t160\t0.1\t0.013" (position 160 on a 0-100 issue);
    // line 87: "#D\tChina India\tControl\t75\t0.75\t-0.247" (negative power).
    assert_eq!(
        got,
        [
            ("position-out-of-scale", 86, 19),
            ("capability-not-positive", 87, 32)
        ],
        "{diagnostics:#?}"
    );
    assert!(diagnostics[0].message.contains("160"));
    assert!(diagnostics[1].message.contains("-0.247"));
}

#[test]
fn format_detection_and_row_errors() {
    let text = "#A\tx\tx\n#P\ti\ti\n#D\tx\ti\tabc\t0.5\t1\n#Q\tnope\n#D\ty\ti\t1\t0.5\t1\n";
    let Err(d) = parley_scenario::parse_and_check(text, Format::Decide) else {
        panic!("must be rejected");
    };
    let got: Vec<(&str, usize)> = d.iter().map(|d| (d.code, d.line)).collect();
    assert_eq!(
        got,
        [("not-a-number", 3), ("unknown-row", 4), ("undeclared", 5)],
        "{d:#?}"
    );
}

#[test]
fn names_descriptions_extra_fields_and_repeated_rows_are_read_or_refused_not_dropped() {
    // The import said "nothing else is dropped" while it dropped #A names and descriptions,
    // #P names, a field past a row's layout, and a second #A or #P row for the same id.
    let text = "#A\tusa\tUnited States\tThe US government\n#A\trus\tRussia\t\n\
                #P\taid\tUkraine aid\tMilitary aid to Ukraine\n\
                #D\tusa\taid\t80\t0.9\t50\n#D\trus\taid\t0\t0.9\t30\n";
    let s = parley_scenario::parse_and_check(text, Format::Decide).unwrap();
    assert_eq!(s.actors[0].name, "United States");
    assert_eq!(
        s.actors[0].evidence.note.as_deref(),
        Some("The US government")
    );
    assert_eq!(s.actors[1].name, "Russia");
    assert_eq!(s.actors[1].evidence.note, None);
    assert_eq!(s.issues[0].name, "Ukraine aid");
    assert_eq!(
        s.issues[0].evidence.note.as_deref(),
        Some("Military aid to Ukraine")
    );

    // The extra field is at column 22: after "#D", "usa", "aid", "80", "0.9", "50" and six tabs.
    let text = "#A\tusa\tusa\n#A\trus\trus\n#P\taid\taid\n\
                #D\tusa\taid\t80\t0.9\t50\textra\n#D\trus\taid\t0\t0.9\t30\n\
                #A\tusa\tUSA again\n#P\taid\taid\n";
    let Err(d) = parley_scenario::parse_and_check(text, Format::Decide) else {
        panic!("must be rejected");
    };
    let got: Vec<(&str, usize, usize)> = d.iter().map(|d| (d.code, d.line, d.column)).collect();
    assert_eq!(
        got,
        [
            ("extra-field", 4, 22),
            ("duplicate-id", 6, 4),
            ("duplicate-id", 7, 4)
        ],
        "{d:#?}"
    );
    assert!(d[0].message.contains("extra"), "{}", d[0].message);
    assert!(d[1].message.contains("usa"), "{}", d[1].message);
    // Empty trailing fields (a tab at the end of a row) are no data and stay fine.
    let text = "#A\tusa\tusa\t\t\n#A\trus\trus\n#P\taid\taid\n#D\tusa\taid\t80\t0.9\t50\t\n#D\trus\taid\t0\t0.9\t30\n";
    assert!(parley_scenario::parse_and_check(text, Format::Decide).is_ok());
}
