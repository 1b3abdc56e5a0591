//! Charts of the flagship scenario: valid SVG with the expected series, hover titles, errors
//! that name what is valid, and a PNG of the right size with its text drawn.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use parley_core::backtest::{Baseline, Case, Predictor};
use parley_core::{Actor, Analysis, Issue, Scenario, analyse, models};
use parley_report::{ReportError, chart};
use resvg::tiny_skia::Pixmap;

fn flagship() -> (Scenario, Analysis) {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/grand-bargain-2025.toml");
    let s = parley_scenario::read_file(&path).unwrap();
    let a = analyse(&s, &models::all()).unwrap();
    (s, a)
}

/// Parses the SVG as XML and returns the `<g>` elements whose class list has `series`.
fn series(svg: &str) -> Vec<(Vec<(String, String)>, bool)> {
    let doc = roxmltree::Document::parse(svg).expect("the chart is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("class"), Some("parley-chart"));
    root.descendants()
        .filter(|n| n.has_tag_name("g"))
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split(' ').any(|x| x == "series"))
        })
        .map(|n| {
            let attrs = n
                .attributes()
                .map(|a| (a.name().to_owned(), a.value().to_owned()))
                .collect();
            let titled = n.descendants().any(|d| d.has_tag_name("title"));
            (attrs, titled)
        })
        .collect()
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn forecasts_have_one_series_per_involved_actor_and_per_model_on_each_issue() {
    let (s, a) = flagship();
    let chart = chart::forecasts(&s, &a, None).unwrap();
    let found = series(chart.svg());
    let actors: usize = s.actors.iter().map(|x| x.stances.len()).sum();
    let forecasts = a.models.len() * a.issues.len();
    assert_eq!(found.len(), actors + forecasts);
    assert!(
        found.iter().all(|(_, titled)| *titled),
        "every series has a hover title"
    );
    for issue in &a.issues {
        let on_issue = found
            .iter()
            .filter(|(x, _)| attr(x, "data-issue") == Some(&issue.id))
            .count();
        let involved = s
            .actors
            .iter()
            .filter(|x| x.stances.contains_key(&issue.id))
            .count();
        assert_eq!(on_issue, involved + a.models.len(), "{}", issue.id);
    }
    // The issue's end labels are drawn.
    assert!(
        chart
            .svg()
            .contains("Enrichment fully dismantled, intrusive inspection")
    );
    assert!(
        chart
            .svg()
            .contains("No limits: Iran free to approach weapons capability")
    );
}

#[test]
fn rounds_have_one_line_per_involved_actor_and_the_outcome() {
    let (s, a) = flagship();
    for model in a.models.iter().filter(|m| m.rounds.is_some()) {
        let chart = chart::rounds(&a, &model.model, Some("iran_sanctions")).unwrap();
        let found = series(chart.svg());
        let involved = s
            .actors
            .iter()
            .filter(|x| x.stances.contains_key("iran_sanctions"))
            .count();
        let actors = found
            .iter()
            .filter(|(x, _)| attr(x, "data-actor").is_some())
            .count();
        assert_eq!(actors, involved, "{}", model.model);
        assert_eq!(found.len(), involved + 1, "plus the outcome line");
        // One dot per round per actor, each with its own title.
        let doc = roxmltree::Document::parse(chart.svg()).unwrap();
        let dots = doc
            .descendants()
            .filter(|n| n.has_tag_name("circle"))
            .count();
        assert_eq!(dots, involved * model.rounds.as_ref().unwrap().len());
        // Every dot names its round: 0, 1, ... in each actor's series.
        let n = model.rounds.as_ref().unwrap().len();
        for g in doc
            .descendants()
            .filter(|g| g.has_tag_name("g") && g.attribute("data-actor").is_some())
        {
            let rounds: Vec<usize> = g
                .children()
                .filter(|c| c.has_tag_name("circle"))
                .map(|c| c.attribute("data-round").unwrap().parse().unwrap())
                .collect();
            assert_eq!(rounds, (0..n).collect::<Vec<_>>(), "{}", model.model);
        }
    }
}

#[test]
fn a_round_without_an_actors_position_keeps_the_other_dots_on_their_rounds() {
    let (_, mut a) = flagship();
    let run = a.models.iter_mut().find(|m| m.model == "smp").unwrap();
    let rounds = run.rounds.as_mut().unwrap();
    assert!(rounds.len() >= 3, "SMP runs several turns on the flagship");
    // The first actor drops out of round 1's record.
    let actor = rounds[1].positions.keys().next().unwrap().clone();
    rounds[1].positions.shift_remove(&actor);
    let n = rounds.len();
    let chart = chart::rounds(&a, "smp", Some("iran_sanctions")).unwrap();
    let doc = roxmltree::Document::parse(chart.svg()).unwrap();
    let g = doc
        .descendants()
        .find(|g| g.has_tag_name("g") && g.attribute("data-actor") == Some(actor.as_str()))
        .unwrap();
    let marked: Vec<usize> = g
        .children()
        .filter(|c| c.has_tag_name("circle"))
        .map(|c| c.attribute("data-round").unwrap().parse().unwrap())
        .collect();
    let expected: Vec<usize> = (0..n).filter(|&r| r != 1).collect();
    assert_eq!(marked, expected);
}

#[test]
fn one_shot_models_and_unknown_ids_are_clear_errors() {
    let (s, a) = flagship();
    let e = chart::rounds(&a, "compromise", None).unwrap_err();
    assert!(matches!(e, ReportError::Empty(_)));
    assert!(e.to_string().contains("eum"), "{e}");
    let e = chart::forecasts(&s, &a, Some("iran")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown issue 'iran'; the results have: iran_nuclear, iran_sanctions, ukraine_aid, ukraine_ceasefire"
    );
    let e = chart::rounds(&a, "smpx", None).unwrap_err();
    assert!(matches!(e, ReportError::UnknownModel { .. }));
    let e = chart::gains(&a, None, Some("nope")).unwrap_err();
    assert!(e.to_string().contains("iran_deal, grand_bargain"), "{e}");
}

#[test]
fn monte_carlo_and_sensitivity_charts_have_their_series() {
    let (s, a) = flagship();
    let all = models::all();
    let mc = parley_core::uncertainty::MonteCarlo { runs: 60, seed: 7 }
        .run(&s, &all, &[], &|| {})
        .unwrap();
    let found = series(chart::monte_carlo(&a, &mc, None).unwrap().svg());
    assert_eq!(found.len(), mc.models.len() * a.issues.len());

    // Without an error model there is no error band, and the subtitle says inputs only.
    let plain = chart::monte_carlo(&a, &mc, None).unwrap();
    assert!(!plain.svg().contains("class=\"model-error\""));
    assert!(plain.svg().contains("(no error model for these models)"));

    let sens = parley_core::uncertainty::sensitivity::measure(&s, &all, 40, 7).unwrap();
    let chart = chart::sensitivity(&sens, Some("eum"), Some("iran_nuclear"), 3).unwrap();
    let found = series(chart.svg());
    let f = sens
        .forecasts
        .iter()
        .find(|f| f.model == "eum" && f.issue == "iran_nuclear")
        .unwrap();
    assert_eq!(found.len(), f.inputs.len().min(3));
    let inputs: Vec<&str> = found
        .iter()
        .filter_map(|(x, _)| attr(x, "data-input"))
        .collect();
    let expected: Vec<&str> = f.inputs.iter().take(3).map(|i| i.input.as_str()).collect();
    assert_eq!(inputs, expected, "largest swing first");
    // Every model's panels when no model is named.
    let all_panels = chart::sensitivity(&sens, None, Some("ukraine_aid"), 2).unwrap();
    let doc = roxmltree::Document::parse(all_panels.svg()).unwrap();
    let panels = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("panel"))
        .count();
    assert_eq!(panels, a.models.len());
}

#[test]
fn gains_show_each_actor_with_a_stake_once_per_view() {
    let (s, a) = flagship();
    let b = parley_core::bargain::bargain(&s).unwrap();
    let chart = chart::gains(&a, Some(&b), Some("grand_bargain")).unwrap();
    let found = series(chart.svg());
    let trades = b.linkages[1].gains.values().filter(|g| g.is_some()).count();
    let joint = a.linkages[1].gains.values().filter(|g| g.is_some()).count();
    assert_eq!(found.len(), trades + joint);
    // Ukraine loses from the trades within the grand bargain: its bar is there, labelled.
    assert!(
        found
            .iter()
            .any(|(x, _)| attr(x, "data-actor") == Some("ukr"))
    );
    let by_model = series(chart::model_gains(&a).unwrap().svg());
    let defined: usize = a
        .models
        .iter()
        .map(|m| m.gains.values().filter(|g| g.total.is_some()).count())
        .sum();
    assert_eq!(by_model.len(), defined);
}

#[test]
fn the_backtest_chart_has_a_box_per_predictor() {
    // Two one-issue cases, hand-made: outcomes 30 and 80.
    let case = |id: &str, a: f64, b: f64, outcome: f64| {
        let mut s = Scenario::named(id);
        s.issues.push(Issue::new("x").with_status_quo(50.0));
        s.actors.push(Actor::new("a", 2.0).with_stance("x", a, 0.5));
        s.actors.push(Actor::new("b", 1.0).with_stance("x", b, 0.5));
        Case {
            id: id.into(),
            scenario: s,
            outcome,
        }
    };
    let cases = vec![case("one", 20.0, 50.0, 30.0), case("two", 90.0, 60.0, 80.0)];
    let predictors = vec![
        Predictor::Baseline(Baseline::Midpoint),
        Predictor::Baseline(Baseline::UnweightedMean),
        Predictor::Model("compromise".into(), Box::new(models::Compromise)),
    ];
    let result = parley_core::backtest::backtest(&cases, &predictors, 1);
    let chart = chart::backtest(&result).unwrap();
    let found = series(chart.svg());
    let names: Vec<&str> = found
        .iter()
        .filter_map(|(x, _)| attr(x, "data-predictor"))
        .collect();
    assert_eq!(names, vec!["midpoint", "unweighted mean", "compromise"]);
    // Midpoint errors: |50 - 30| = 20 and |50 - 80| = 30, so its MAE is 25.
    assert!(
        chart.svg().contains("midpoint: n 2, MAE 25.00"),
        "{}",
        chart.svg()
    );
}

#[test]
fn the_png_has_the_chart_size_and_its_text_is_drawn() {
    let (s, a) = flagship();
    let chart = chart::forecasts(&s, &a, Some("iran_nuclear")).unwrap();
    let png = chart.to_png().unwrap();
    let pixmap = Pixmap::decode_png(&png).unwrap();
    assert_eq!(pixmap.width(), 820);
    assert_eq!(f64::from(pixmap.height()), chart.height());
    let dark = |x0: u32, y0: u32, x1: u32, y1: u32| {
        let mut n = 0;
        for y in y0..y1 {
            for x in x0..x1 {
                let p = pixmap.pixel(x, y).unwrap();
                if u32::from(p.red()) + u32::from(p.green()) + u32::from(p.blue()) < 200 {
                    n += 1;
                }
            }
        }
        n
    };
    let total = dark(0, 0, pixmap.width(), pixmap.height());
    assert!(total > 2000, "not blank: {total} dark pixels");
    // The title "Forecasts: Limits on Iran's nuclear programme" is drawn at the top left in
    // bold 15 px: glyphs, not an empty band.
    let title = dark(16, 16, 300, 34);
    assert!(title > 300, "title text drawn: {title} dark pixels");
    // Twice the scale, twice the size.
    let big = Pixmap::decode_png(&chart.to_png_scaled(2.0).unwrap()).unwrap();
    assert_eq!(big.width(), 1640);
    assert!(chart.to_png_scaled(0.0).is_err());
}

#[test]
fn same_results_give_the_same_svg() {
    let (s, a) = flagship();
    let one = chart::forecasts(&s, &a, None).unwrap().to_svg();
    let two = chart::forecasts(&s, &a, None).unwrap().to_svg();
    assert_eq!(one, two);
}

/// With the built-in error model each model's row has a second, wider band: the 5-95% of the
/// outcome with the model's measured error, read from the run's `with_model_error` summary.
#[test]
fn the_monte_carlo_chart_shows_the_band_with_model_error_beside_the_inputs_band() {
    let (s, a) = flagship();
    let all = models::all();
    let calibration = parley_scenario::calibration::for_scenario(&s, None).unwrap();
    let mc = parley_core::uncertainty::MonteCarlo { runs: 60, seed: 7 }
        .run_calibrated(
            &s,
            &all,
            &[],
            Some(&calibration),
            &|| {},
            &parley_core::cancel::Cancel::never(),
        )
        .unwrap();
    let chart = chart::monte_carlo(&a, &mc, Some("iran_nuclear")).unwrap();
    let doc = roxmltree::Document::parse(chart.svg()).unwrap();
    let bands: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("model-error"))
        .collect();
    let with_error: Vec<&str> = mc
        .models
        .iter()
        .filter(|m| m.with_model_error.contains_key("iran_nuclear"))
        .map(|m| m.model.as_str())
        .collect();
    assert!(!with_error.is_empty());
    let drawn: Vec<&str> = bands
        .iter()
        .filter_map(|n| n.attribute("data-model"))
        .collect();
    assert_eq!(drawn, with_error);
    // Each band's hover text quotes that model's own 5-95% with model error.
    for node in &bands {
        let id = node.attribute("data-model").unwrap();
        let model = mc.models.iter().find(|m| m.model == id).unwrap();
        let e = &model.with_model_error["iran_nuclear"];
        let title: String = node
            .descendants()
            .filter(|n| n.has_tag_name("title"))
            .filter_map(|n| n.text())
            .collect();
        assert!(
            title.contains(&format!("5-95% {:.1}-{:.1}", e.p5, e.p95)),
            "{title}"
        );
    }
    assert!(chart.svg().contains("with model error:"));
}
