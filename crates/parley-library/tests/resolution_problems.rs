//! A resolution file is checked whole: every problem is reported at once, with the entry's
//! field path and in Parley's words (sweep3 item 22 needed seven edit-and-rerun rounds, each
//! showing one problem, some in serde's wording).
#![allow(clippy::unwrap_used)]

mod common;

use parley_library::resolution::{self, ResolutionError};

fn flagship() -> parley_core::Scenario {
    let text = common::repo_text("scenarios/grand-bargain-2025.toml");
    parley_scenario::read_str("gb.toml", &text, parley_scenario::Format::Toml).unwrap()
}

/// Five problems in four entries, each on its own line below.
const BAD: &str = r#"[resolution]
scenario = "gb"
as_of = 2025-12-31

[[issue]]
id = "iran_nuclear"
value = 150
date = 2025-12-31
sources = ["a report"]

[[issue]]
id = "nope"
value = 5
date = 2025-12-31

[[question]]
id = "iran_wants_deal"
outcome = "maybe"
sources = ["another report"]
"#;

#[test]
fn every_problem_of_a_resolution_file_is_reported_at_once() {
    let e = resolution::parse("r.toml", BAD, &flagship()).unwrap_err();
    let problems: Vec<String> = e.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        vec![
            "r.toml:7:9: issue 'iran_nuclear': value 150 is off the issue's scale; valid: 0 to 100",
            "r.toml:12:6: 'nope' has no source; give at least one in `sources = [...]`",
            "r.toml:12:6: unknown issue 'nope'; the scenario's issues are: iran_nuclear, \
             iran_sanctions, ukraine_aid, ukraine_ceasefire",
            "r.toml:18:11: question 'iran_wants_deal' (question[0].outcome): outcome must be \
             true or false, found the text \"maybe\"",
            "r.toml:17:6: question 'iran_wants_deal' (question[0]): missing 'date'; give the \
             date the outcome was observed, like 2025-12-31",
        ]
    );
    assert!(
        e.to_string().starts_with("5 problems:\n  r.toml:7:9:"),
        "{e}"
    );
}

#[test]
fn one_problem_is_itself_and_a_wrong_value_type_is_named() {
    let text = BAD
        .replace("value = 150", "value = \"high\"")
        .replace("id = \"nope\"", "id = \"iran_sanctions\"")
        .replace(
            "value = 5\ndate = 2025-12-31\n",
            "value = 5\ndate = 2025-12-31\nsources = [\"x\"]\n",
        )
        .replace("outcome = \"maybe\"", "outcome = true\ndate = 2025-06-01");
    let e = resolution::parse("r.toml", &text, &flagship()).unwrap_err();
    assert!(
        matches!(&e, ResolutionError::WrongType { line: 7, .. }),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "r.toml:7:9: issue 'iran_nuclear' (issue[0].value): value must be a number on the \
         issue's scale, found the text \"high\""
    );
}
