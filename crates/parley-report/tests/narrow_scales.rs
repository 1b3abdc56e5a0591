//! Tables of an issue on a narrow scale (an interest rate on [0, 0.05]): every number keeps
//! enough decimals to tell the actors' positions apart, instead of rounding the whole scale to
//! "0.0".
#![allow(clippy::unwrap_used)]

use parley_core::uncertainty::MonteCarlo;
use parley_core::{Actor, Issue, Scenario, analyse, models};
use parley_report::table;

/// Two actors at 0.01 and 0.04 on [0, 0.05], with capabilities 1 and 3: the compromise
/// (capability x salience weighted mean, equal saliences) is (0.01 + 3 x 0.04) / 4 = 0.0325.
fn rate() -> Scenario {
    let mut s = Scenario::named("rate");
    s.issues.push(Issue::new("rate").with_scale(0.0, 0.05));
    s.actors
        .push(Actor::new("a", 1.0).with_stance("rate", 0.01, 0.5));
    s.actors
        .push(Actor::new("b", 3.0).with_stance("rate", 0.04, 0.5));
    s
}

#[test]
fn monte_carlo_bands_on_a_narrow_scale_are_not_rounded_to_zero() {
    let s = rate();
    let chosen = models::all();
    let mc = MonteCarlo { runs: 5, seed: 1 }
        .run(&s, &chosen, &[], &|| {})
        .unwrap();
    let text = table::mc::render(&s, &mc, 200);
    let row = text
        .lines()
        .find(|l| l.contains("compromise") && l.contains("rate"))
        .unwrap();
    // No input has a range, so every band of the compromise model is its point value.
    assert!(row.contains("0.0325"), "{row}\n{text}");
}

#[test]
fn the_forecast_table_on_a_narrow_scale_shows_the_positions_apart() {
    let s = rate();
    let a = analyse(&s, &models::all()).unwrap();
    let text = table::run::render(&a, None, 200);
    assert!(text.contains("0.0325"), "{text}");
    assert!(text.contains("0.0500"), "the scale's high end: {text}");
}

#[test]
fn a_variant_on_a_narrow_scale_shows_its_change() {
    // 'a' moves from 0.01 to 0.02: the compromise moves from 0.0325 to
    // (0.02 + 3 x 0.04) / 4 = 0.035, a change of +0.0025 (which one decimal showed as none).
    let s = rate();
    let mut v = s.clone();
    v.actors[0].stances[0].position.value = 0.02;
    let chosen = models::all();
    let base = analyse(&s, &chosen).unwrap();
    let variant = analyse(&v, &chosen).unwrap();
    let text = table::compare::render(&base, &[("moved".into(), variant)], &[], 200);
    let row = text
        .lines()
        .find(|l| l.contains("compromise") && l.contains("rate"))
        .unwrap();
    assert!(row.contains("0.0325"), "{row}");
    assert!(row.contains("0.0350 (+0.0025)"), "{row}");
}

#[test]
fn sensitivity_on_a_narrow_scale_keeps_its_decimals() {
    // b's position ranges over [0.03, 0.05]: the compromise at the ends is
    // (0.01 + 3 x 0.03) / 4 = 0.025 and (0.01 + 3 x 0.05) / 4 = 0.04, a swing of 0.015.
    let mut s = rate();
    s.actors[1].stances[0].position.spread = Some(parley_core::Spread {
        low: 0.03,
        high: 0.05,
        distribution: parley_core::Distribution::Uniform,
    });
    let chosen = models::all();
    let r = parley_core::uncertainty::sensitivity::measure(&s, &chosen, 8, 1).unwrap();
    let text = table::sensitivity::render(&s, &r, 5, 200);
    let block = text.split("compromise on rate").nth(1).unwrap();
    assert!(block.contains("(point forecast 0.0325)"), "{block}");
    let row = block
        .lines()
        .find(|l| l.contains("b.rate.position"))
        .unwrap();
    assert!(row.contains("0.0250") && row.contains("0.0400"), "{row}");
    assert!(row.contains("0.01500"), "the swing, one place more: {row}");
}

/// The texts of an SVG's `<text>` elements.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            t.split_once('>')
                .and_then(|(_, rest)| rest.split_once("</text>"))
        })
        .map(|(text, _)| text.to_owned())
        .collect()
}

#[test]
fn charts_on_a_narrow_scale_label_values_and_ticks_apart() {
    // The forecast chart labelled every model "0.0" and its axis 0, 0.01, 0.01, 0.01, 0.02,
    // ... (ticks every 0.005 shown with two decimals); the Monte Carlo chart said "median 0.0,
    // 5-95%: 0.0-0.0".
    let s = rate();
    let chosen = models::all();
    let a = analyse(&s, &chosen).unwrap();
    let texts = svg_texts(
        &parley_report::chart::forecasts(&s, &a, None)
            .unwrap()
            .to_svg(),
    );
    assert!(texts.iter().any(|t| t == "compromise 0.0325"), "{texts:?}");
    let ticks: Vec<&String> = texts.iter().filter(|t| t.parse::<f64>().is_ok()).collect();
    assert!(ticks.len() >= 5, "{texts:?}");
    let mut distinct = ticks.clone();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        ticks.len(),
        "repeated tick labels: {ticks:?}"
    );
    assert!(texts.iter().any(|t| t == "0.005"), "{texts:?}");

    let mc = MonteCarlo { runs: 5, seed: 1 }
        .run(&s, &chosen, &[], &|| {})
        .unwrap();
    let svg = parley_report::chart::monte_carlo(&a, &mc, None)
        .unwrap()
        .to_svg();
    let texts = svg_texts(&svg);
    assert!(
        texts.iter().any(|t| t.contains("median 0.0325")),
        "{texts:?}"
    );
}

#[test]
fn the_bargain_report_on_narrow_scales_keeps_its_decimals() {
    // Two linked rates on [0, 0.05], the actors opposed on each with different saliences, so
    // the exchange model has something to trade. The outcome sentence must write each rate
    // with the four decimals its scale needs (one decimal wrote every value as "0.0").
    let mut s = Scenario::named("rates");
    for id in ["rate", "cap"] {
        s.issues.push(Issue::new(id).with_scale(0.0, 0.05));
    }
    s.actors.push(
        Actor::new("a", 1.0)
            .with_stance("rate", 0.01, 0.8)
            .with_stance("cap", 0.01, 0.2),
    );
    s.actors.push(
        Actor::new("b", 3.0)
            .with_stance("rate", 0.04, 0.2)
            .with_stance("cap", 0.04, 0.8),
    );
    s.linkages.push(parley_core::Linkage {
        id: "both".into(),
        name: "Both rates".into(),
        issues: vec!["rate".into(), "cap".into()],
        evidence: Default::default(),
    });
    let a = analyse(&s, &models::all()).unwrap();
    let b = parley_core::bargain::bargain(&s).unwrap();
    let text = table::bargain::render(&a, &b, None, None, 200);
    let line = text.lines().find(|l| l.contains("; outcome ")).unwrap();
    let outcome = line.split("; outcome ").nth(1).unwrap();
    for part in outcome.trim_end_matches('.').split(", ") {
        let (_, value) = part.split_once(' ').unwrap();
        assert_eq!(
            value.split_once('.').unwrap().1.len(),
            4,
            "{part} in {line}"
        );
    }
}

#[test]
fn the_html_report_on_a_narrow_scale_keeps_its_decimals() {
    use parley_report::html::{ReportData, compute, report};
    let s = rate();
    let c = compute(&s, None, 20, 1).unwrap();
    let html = report(&ReportData::computed(&s, &c, "parley test")).unwrap();
    // The compromise forecast, (0.01 + 3 x 0.04) / 4 = 0.0325, in the forecast table's cell
    // (the charts have their own labels).
    assert!(
        html.contains("<span class=\"num\">0.0325</span>"),
        "no 0.0325 in the forecast table"
    );
}
