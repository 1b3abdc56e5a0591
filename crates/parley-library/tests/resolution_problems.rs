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

/// Sweep 4 item 10: a question's outcome is checked against its own condition on the issue
/// values the same file records, and a question without a condition takes no outcome.
#[test]
fn a_question_outcome_must_agree_with_its_condition_and_needs_one() {
    let head = "[resolution]\nscenario = \"gb\"\nas_of = 2025-12-31\n";
    let issue = |id: &str, value: f64| {
        format!(
            "\n[[issue]]\nid = \"{id}\"\nvalue = {value}\ndate = 2025-12-31\nsources = [\"s\"]\n"
        )
    };
    let question = |id: &str, outcome: bool| {
        format!(
            "\n[[question]]\nid = \"{id}\"\noutcome = {outcome}\ndate = 2025-12-31\nsources = [\"s\"]\n"
        )
    };
    // The flagship's condition: "iran_nuclear >= 40 and iran_sanctions >= 40".
    // 20 >= 40 is false, so the condition is false and `outcome = true` contradicts it.
    let text = format!(
        "{head}{}{}{}",
        issue("iran_nuclear", 20.0),
        issue("iran_sanctions", 45.0),
        question("iran_wants_deal", true)
    );
    let e = resolution::parse("r.toml", &text, &flagship()).unwrap_err();
    assert!(
        matches!(
            &e,
            ResolutionError::Contradiction {
                holds: false,
                outcome: true,
                line: 19,
                column: 11,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "r.toml:19:11: question 'iran_wants_deal': outcome = true, but its condition \
         'iran_nuclear >= 40 and iran_sanctions >= 40' is false on this file's issue values \
         (iran_nuclear = 20, iran_sanctions = 45); correct the outcome or the issue values"
    );
    // The same values with the outcome the condition gives are accepted.
    let agreeing = text.replace("outcome = true", "outcome = false");
    assert!(resolution::parse("r.toml", &agreeing, &flagship()).is_ok());
    // Exactly at the threshold (40 >= 40 and 45 >= 40) the condition holds.
    let at = text.replace("value = 20", "value = 40");
    assert!(resolution::parse("r.toml", &at, &flagship()).is_ok());
    // With one of its issues unrecorded the condition is not evaluated: the outcome stands.
    let partial = format!(
        "{head}{}{}",
        issue("iran_nuclear", 20.0),
        question("iran_wants_deal", true)
    );
    assert!(resolution::parse("r.toml", &partial, &flagship()).is_ok());
    // `who_benefits` compares gains and has no condition: no outcome to score.
    let no_condition = format!("{head}{}", question("who_benefits", true));
    let e = resolution::parse("r.toml", &no_condition, &flagship()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "r.toml:7:11: question 'who_benefits' has no condition, so Parley makes no yes/no \
         forecast to score its outcome against; give the question a condition in the \
         scenario, or leave it out of the resolution (its issues are resolved by their values)"
    );
}
