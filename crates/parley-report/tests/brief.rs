//! The report's brief (Bottom line, What matters most) on small scenarios written here, each
//! made to show one way the brief could mislead.
#![allow(clippy::unwrap_used)]

use parley_core::{Scenario, analyse, models};
use parley_report::html::{ReportData, report};

/// Two issues of the sweep 5 tests: `a` (status quo 30) and `b` (60) on 0-100; x's position
/// on a is uncertain (0..30); the question's condition names `a` and it has no `issues` list.
const S3: &str = r#"
[scenario]
name = "Three"

[[issue]]
id = "a"
name = "A"
low = "lo"
high = "hi"
status_quo = 30

[[issue]]
id = "b"
name = "B"
low = "lo"
high = "hi"
status_quo = 60

[[actor]]
id = "x"
name = "X"
capability = 2
[actor.stance.a]
position = { value = 10, low = 0, high = 30 }
salience = 0.5
[actor.stance.b]
position = 80
salience = 1.0

[[actor]]
id = "y"
name = "Y"
capability = 3
[actor.stance.a]
position = 90
salience = 0.4
[actor.stance.b]
position = 20
salience = 0.2

[[actor]]
id = "z"
name = "Z"
capability = 1
[actor.stance.a]
position = 50
salience = 1.0

[[question]]
id = "q"
text = "a above 40?"
condition = "a > 40"
"#;

fn scenario(toml: &str) -> Scenario {
    parley_scenario::read_str("test.toml", toml, parley_scenario::Format::Toml).unwrap()
}

/// The HTML report of `s` under the models `ids`, with `runs` Monte Carlo and sensitivity
/// draws (none when 0).
fn html(s: &Scenario, ids: &[&str], runs: usize) -> String {
    let chosen: Vec<_> = models::all()
        .into_iter()
        .filter(|m| ids.contains(&m.info().id))
        .collect();
    let a = analyse(s, &chosen).unwrap();
    let mc = (runs > 0).then(|| {
        parley_core::uncertainty::MonteCarlo { runs, seed: 3 }
            .run(s, &chosen, &[], &|| {})
            .unwrap()
    });
    let sens = (runs > 0)
        .then(|| parley_core::uncertainty::sensitivity::measure(s, &chosen, runs, 3).unwrap());
    report(&ReportData {
        scenario: s,
        analysis: &a,
        bargain: None,
        monte_carlo: mc.as_ref(),
        sensitivity: sens.as_ref(),
        backtest: None,
        generator: "parley test",
        track_record: None,
        variant: None,
    })
    .unwrap()
}

/// Sweep 5 item 9: a question with a condition and no `issues` list is about the issues its
/// condition names; x's uncertain position on a moves the forecast of a, so the brief names it
/// instead of "no uncertain input moves these forecasts".
#[test]
fn a_questions_drivers_include_the_issues_its_condition_names() {
    let page = html(&scenario(S3), &["compromise"], 200);
    assert!(
        !page.contains("no uncertain input moves these forecasts"),
        "{page}"
    );
    assert!(page.contains("What matters most: <strong>X"), "{page}");
}

/// Two issues on different scales: `rate` on 0-10 (x at 1, y at 9) and `a` on 0-100 (x at 45,
/// y at 55); `rate_range` and `a_range` give x's ranges on them.
fn scaled(rate_range: &str, a_range: &str) -> String {
    format!(
        r#"
[scenario]
name = "Scaled"

[[issue]]
id = "rate"
name = "Rate"
low = "lo"
high = "hi"
scale = [0, 10]
status_quo = 5

[[issue]]
id = "a"
name = "A"
low = "l"
high = "h"
status_quo = 50

[[actor]]
id = "x"
name = "X"
capability = 1
[actor.stance.rate]
position = {rate_range}
salience = 0.5
[actor.stance.a]
position = {a_range}
salience = 0.5

[[actor]]
id = "y"
name = "Y"
capability = 1
[actor.stance.rate]
position = 9
salience = 0.5
[actor.stance.a]
position = 55
salience = 0.5

[[question]]
id = "q"
text = "rate at least 5?"
condition = "rate >= 5 and a >= 48"
"#
    )
}

/// Sweep 5 item 4: compromise puts rate at 5 and a at 50, eum rate at 1 and a at 45: 4 points
/// apart on rate (40% of its 0-10 scale) and 5 on a (5% of 0-100). The widest disagreement is
/// on rate, printed on its own scale with the decimals of every other value on it (two on a
/// span of 10, as the forecasts table's 5.00).
#[test]
fn the_widest_disagreement_is_compared_in_percent_of_each_scale() {
    let s = scenario(&scaled("1", "45"));
    let page = html(&s, &["compromise", "eum"], 0);
    assert!(
        page.contains("up to 4.00 points apart (on rate on its 0-10 scale)"),
        "{page}"
    );
}

/// Sweep 5 item 4: x's position on rate (0.5..1.5) swings rate by about 0.5 points (5% of its
/// 0-10 scale), x's position on a (44..46) swings a by about 1 point (1% of 0-100): the input on
/// rate matters more and comes first.
#[test]
fn drivers_are_ranked_in_percent_of_each_scale() {
    let s = scenario(&scaled(
        "{ value = 1, low = 0.5, high = 1.5 }",
        "{ value = 45, low = 44, high = 46 }",
    ));
    let page = html(&s, &["compromise"], 500);
    let at = page.find("What matters most: <strong>").unwrap();
    let first = &page[at..at + 60];
    assert!(first.contains("position on rate"), "{first}");
}

/// Sweep 5 item 17: a report of one model counts it as one ("The 1 models agree", "1 of 1
/// models forecast", "each of the scenario's 1 numbers" read wrong).
#[test]
fn a_report_of_one_model_counts_it_as_one() {
    let page = html(&scenario(S3), &["compromise"], 20);
    for wrong in [
        "1 models",
        "the 1 models",
        "of 1 models",
        "scenario&#39;s 1 numbers",
        "scenario's 1 numbers",
    ] {
        assert!(!page.contains(wrong), "{wrong}");
    }
    assert!(
        page.contains("the scenario's one number with a range")
            || page.contains("the scenario&#39;s one number with a range"),
        "{page}"
    );
}

/// Issue `b` has stances of x and y, both with salience 0: by the one definition of taking part
/// (a stance with salience above 0), nobody takes part, and every model falls back.
const NOBODY_WEIGHS_B: &str = r#"
[scenario]
name = "Nobody weighs b"

[[issue]]
id = "a"
name = "A"
low = "lo"
high = "hi"
status_quo = 30

[[issue]]
id = "b"
name = "B"
low = "lo"
high = "hi"
status_quo = 60

[[actor]]
id = "x"
name = "X"
capability = 2
[actor.stance.a]
position = 10
salience = 0.5
[actor.stance.b]
position = 80
salience = 0

[[actor]]
id = "y"
name = "Y"
capability = 3
[actor.stance.a]
position = 90
salience = 0.4
[actor.stance.b]
position = 20
salience = 0
"#;

/// The fallback for an issue nobody weighs is told in the words of taking part: "no actor takes
/// part", not "no involved actor gives the issue weight" (an involved actor is one that gives
/// it weight).
#[test]
fn an_issue_nobody_weighs_is_one_no_actor_takes_part_in() {
    let s = scenario(NOBODY_WEIGHS_B);
    assert!(s.actors.iter().all(|a| !a.takes_part("b")));
    let page = html(&s, &["compromise", "nbs"], 0);
    assert!(!page.contains("involved actor gives"), "{page}");
    assert!(
        page.contains(
            "b: no actor takes part (every stance on the issue has salience 0), so the model \
             has nothing to weigh; the forecast falls back to the status quo"
        ),
        "{page}"
    );
    assert!(
        page.contains("(no actor takes part, every salience 0: fallback)"),
        "{page}"
    );
}
