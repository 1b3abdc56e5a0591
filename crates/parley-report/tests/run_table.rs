//! The text `parley run` prints, on small scenarios written here.
#![allow(clippy::unwrap_used)]

use parley_core::{Scenario, analyse, models};
use parley_report::table::run::render;

/// One issue `rate` on a [1000, 3000] scale; `status_quo` is its status quo line (or none).
fn rate(status_quo: &str) -> Scenario {
    let toml = format!(
        r#"
[scenario]
name = "Rate"

[[issue]]
id = "rate"
name = "Rate"
low = "lo"
high = "hi"
scale = [1000, 3000]
{status_quo}

[[actor]]
id = "x"
name = "X"
capability = 1
[actor.stance.rate]
position = 1200
salience = 0.5

[[actor]]
id = "y"
name = "Y"
capability = 1
[actor.stance.rate]
position = 2800
salience = 0.5
"#
    );
    parley_scenario::read_str("rate.toml", &toml, parley_scenario::Format::Toml).unwrap()
}

fn text(s: &Scenario, ids: &[&str]) -> String {
    let chosen: Vec<_> = models::all()
        .into_iter()
        .filter(|m| ids.contains(&m.info().id))
        .collect();
    render(&analyse(s, &chosen).unwrap(), None, 120)
}

/// Sweep 5 item 12: compromise forecasts 2000; x's gain is 0.5 x (15 - 40) / 100 = -0.125 with
/// the distances in percent of the 2000-wide scale (300 and 800 points), not 0.5 x (300 - 800)
/// / 100 = -2.5 in the issue's own points: the footer says which.
#[test]
fn the_gain_formula_says_its_distances_are_in_percent_of_the_scale() {
    let out = text(&rate("status_quo = 1500"), &["compromise"]);
    assert!(out.contains("-0.125"), "{out}");
    assert!(
        out.contains("distances in percent of the issue's scale"),
        "{out}"
    );
}

/// Sweep 5 item 16: without a status quo, the note names nbs's fallback only when nbs runs.
#[test]
fn the_missing_status_quo_note_names_nbs_only_when_it_runs() {
    let s = rate("");
    let without = text(&s, &["compromise"]);
    assert!(
        without.contains("No status quo on rate: gains on it are not counted in 'Who gains'."),
        "{without}"
    );
    assert!(!without.contains("nbs bargains"), "{without}");
    let with = text(&s, &["compromise", "nbs"]);
    assert!(
        with.contains("No status quo on rate: nbs bargains from each actor's point of least"),
        "{with}"
    );
}

/// Sweep 7 finding 7: an issue on [1e-100, 2e-100] printed its ends, status quo and forecasts
/// as 0.000000000000, and the Capability column 1e-100 as 0.0 and 0.04 as 0.0. Compromise:
/// (1e-100 x 1 x 1e-100 + 0.04 x 0.5 x 1.2e-100) / (1e-100 + 0.02) = 1.2e-100 to 4 digits.
#[test]
fn tiny_scales_and_small_capabilities_are_not_printed_as_zeros() {
    let out = text(&tiny(), &["compromise"]);
    assert!(!out.contains("0.000000000000"), "{out}");
    for cell in [
        "l (1.000e-100) .. h (2.000e-100)",
        " 1.500e-100 ",
        " 1.200e-100 ",
        " 1e-100 ",
        " 0.04 ",
    ] {
        assert!(out.contains(cell), "{cell}\n{out}");
    }
}

/// Sweep 7 finding 7 on an issue on [1e-100, 2e-100] (status quo 1.5e-100): a at 1e-100
/// (capability 1e-100), b at 1.2e-100 (capability 0.04).
const TINY: &str = include_str!("data/tiny-scale.toml");

fn tiny() -> Scenario {
    parley_scenario::read_str("tiny.toml", TINY, parley_scenario::Format::Toml).unwrap()
}

/// `parley mc`'s table on the tiny scale: no input has a range, so every band is the point
/// forecast, 1.2e-100 under compromise (see above), written 1.200e-100, not 0.000000000000.
#[test]
fn the_monte_carlo_table_writes_tiny_scales_in_scientific_notation() {
    let s = tiny();
    let chosen: Vec<_> = models::all()
        .into_iter()
        .filter(|m| m.info().id == "compromise")
        .collect();
    let r = parley_core::uncertainty::MonteCarlo { runs: 4, seed: 1 }
        .run(&s, &chosen, &[], &|| {})
        .unwrap();
    let out = parley_report::table::mc::render(&s, &r, 120);
    assert!(!out.contains("0.000000000000"), "{out}");
    assert!(out.contains(" 1.200e-100 "), "{out}");
    // The Monte Carlo chart's labels too.
    let a = analyse(&s, &chosen).unwrap();
    let svg = parley_report::chart::monte_carlo(&a, &r, None)
        .unwrap()
        .to_svg();
    assert!(!svg.contains("0.000000000000"), "{svg}");
    assert!(svg.contains("plain run: 1.200e-100"), "{svg}");
}
