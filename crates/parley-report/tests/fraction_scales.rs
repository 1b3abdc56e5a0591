//! Sweep 7 finding 1: the HTML report's texts (Bottom line, answers, the scenario section) print
//! numbers on an issue's scale with that scale's decimals, and capabilities with significant
//! digits, on scales in fractions (a tariff rate 0-0.05), in degrees (1.5-3) and tiny ones
//! (1e-100..2e-100). The scenarios are sweep 7's /tmp/sweep7/frac.toml, fracq.toml, temp.toml
//! and the tiny issue of ext.toml.
#![allow(clippy::unwrap_used)]

use parley_core::{Scenario, analyse, models};
use parley_report::html::{ReportData, report};

/// A tariff rate on [0, 0.05], status quo 0.025; x (capability 0.3, 0.25..0.35) at 0.012
/// (0.01..0.02), y (capability 0.7) at 0.045, both with salience 0.5.
const FRAC: &str = include_str!("data/fraction-scale.toml");

/// FRAC with a question whose condition is `r >= 0.03`.
fn fracq() -> String {
    format!(
        "{FRAC}\n[[question]]\nid = \"q\"\ntext = \"Will the tariff exceed 3 percent?\"\n\
         condition = \"r >= 0.03\"\nissues = [\"r\"]\nactors = [\"x\", \"y\"]\n"
    )
}

/// A warming limit on [1.5, 3], status quo 2.7; aosis (capability 0.4) at 1.5 (1.5..1.6),
/// opec (capability 2.5) at 2.85 (2.6..3.0).
const TEMP: &str = r#"
[scenario]
name = "warming target"
[[issue]]
id = "t"
name = "Warming limit (deg C)"
low = "1.5 degrees"
high = "3 degrees"
scale = [1.5, 3.0]
status_quo = 2.7
[[actor]]
id = "aosis"
name = "Small islands"
capability = 0.4
[actor.stance.t]
position = { value = 1.5, low = 1.5, high = 1.6 }
salience = 1
[[actor]]
id = "opec"
name = "Oil producers"
capability = 2.5
[actor.stance.t]
position = { value = 2.85, low = 2.6, high = 3.0 }
salience = 0.8
"#;

/// An issue on [1e-100, 2e-100], status quo 1.5e-100; a (capability 1e-100) at 1e-100 and b
/// (capability 0.04) at 1.2e-100.
const TINY: &str = include_str!("data/tiny-scale.toml");

fn scenario(toml: &str) -> Scenario {
    parley_scenario::read_str("test.toml", toml, parley_scenario::Format::Toml).unwrap()
}

/// The HTML report of `s` under the models `ids` (every model when empty), no Monte Carlo.
fn html(s: &Scenario, ids: &[&str]) -> String {
    let chosen: Vec<_> = models::all()
        .into_iter()
        .filter(|m| ids.is_empty() || ids.contains(&m.info().id))
        .collect();
    let a = analyse(s, &chosen).unwrap();
    report(&ReportData {
        scenario: s,
        analysis: &a,
        bargain: None,
        monte_carlo: None,
        sensitivity: None,
        backtest: None,
        generator: "parley test",
        track_record: None,
        variant: None,
    })
    .unwrap()
}

/// Compromise is the weighted mean: (0.3 x 0.5 x 0.012 + 0.7 x 0.5 x 0.045) / (0.3 x 0.5 +
/// 0.7 x 0.5) = 0.01755 / 0.5 = 0.0351; the status quo 0.025 stands under nbs unless it moves.
/// Any two forecasts 0.005 apart are 10% of the 0-0.05 scale: far from "agree", and the
/// spread is printed with the scale's 4 decimals.
#[test]
fn the_bottom_line_judges_agreement_in_percent_of_the_scale() {
    let s = scenario(FRAC);
    let chosen = models::all();
    let a = analyse(&s, &chosen).unwrap();
    let xs: Vec<f64> = a.models.iter().map(|m| m.forecast["r"]).collect();
    let compromise = a.models.iter().find(|m| m.model == "compromise").unwrap();
    assert!((compromise.forecast["r"] - 0.0351).abs() < 1e-12);
    let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    assert!(hi - lo > 0.005, "the models should differ: {xs:?}");
    let page = html(&s, &[]);
    assert!(!page.contains("agree on every issue"), "{page}");
    let expected = format!(
        "up to {:.4} points apart (on tariff rate on its 0-0.05 scale)",
        hi - lo
    );
    assert!(page.contains(&expected), "{expected}\n{page}");
}

/// One actor: every model forecasts its position 0.03, so the models agree; on a scale other
/// than 0-100 the precision is said in percent of the scale, not in points.
#[test]
fn agreement_off_a_0_100_scale_is_stated_in_percent_of_the_scale() {
    let one = FRAC.split("[[actor]]\nid = \"y\"").next().unwrap().replace(
        "position = { value = 0.012, low = 0.01, high = 0.02 }",
        "position = 0.03",
    );
    let page = html(&scenario(&one), &["compromise", "eum"]);
    assert!(
        page.contains(
            "Their forecasts agree on every issue (to 0.1% of each issue's scale): different"
        ),
        "{page}"
    );
}

#[test]
fn the_scenario_section_prints_scale_values_and_capabilities_readably() {
    let page = html(&scenario(FRAC), &["compromise"]);
    for cell in [
        // Capabilities, three significant digits: 0.3 (0.25-0.35), 0.7.
        "<td class=\"num\">0.3 (0.25–0.35)</td>",
        "<td class=\"num\">0.7</td>",
        // The ends as given, the status quo and positions with the scale's 4 decimals.
        "<strong>0</strong> = zero<br><strong>0.05</strong> = five percent",
        "<td class=\"num\">0.0250</td>",
        "<td class=\"num\">0.0120 (0.0100–0.0200)</td>",
        "<td class=\"num\">0.0450</td>",
    ] {
        assert!(page.contains(cell), "{cell}\n{page}");
    }
    let page = html(&scenario(TEMP), &["compromise"]);
    for cell in [
        "<td class=\"num\">0.4</td>",
        "<td class=\"num\">2.5</td>",
        "<strong>1.5</strong> = 1.5 degrees<br><strong>3</strong> = 3 degrees",
        "<td class=\"num\">2.70</td>",
        "<td class=\"num\">2.85 (2.60–3.00)</td>",
        "<td class=\"num\">1.50 (1.50–1.60)</td>",
    ] {
        assert!(page.contains(cell), "{cell}\n{page}");
    }
}

#[test]
fn a_conditions_threshold_and_scale_read_as_given() {
    let page = html(&scenario(&fracq()), &[]);
    assert!(
        page.contains("tariff rate at least 0.03 (on its 0-0.05 scale)"),
        "{page}"
    );
    assert!(!page.contains("at least 0.0 "), "{page}");
}

/// Compromise on the tiny scale: (1e-100 x 1 x 1e-100 + 0.04 x 0.5 x 1.2e-100) / (1e-100 +
/// 0.02) = 1.2e-100 to 3 digits; the ends 1e-100 and 2e-100.
#[test]
fn a_tiny_scale_is_not_printed_as_zeros() {
    let page = html(&scenario(TINY), &["compromise"]);
    for text in [
        "<strong>1e-100</strong> = l<br><strong>2e-100</strong> = h",
        "<td class=\"num\">1.500e-100</td>",
        "<td class=\"num\">1e-100</td>",
        "<td class=\"num\">1.000e-100</td>",
        "<td class=\"num\">1.200e-100</td>",
    ] {
        assert!(page.contains(text), "{text}\n{page}");
    }
    assert!(!page.contains("on its 0-0 scale"), "{page}");
}
