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
