//! The HTML report of the flagship scenario, parsed as HTML: every question answered, every
//! issue and every model's forecast present, the evidence shown, nothing loaded from outside.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use parley_core::{Scenario, analyse, models};
use parley_report::chart::style::contrast_on_white;
use parley_report::html::{ReportData, report};
use scraper::{Html, Selector};

fn flagship() -> Scenario {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/grand-bargain-2025.toml");
    parley_scenario::read_file(&path).unwrap()
}

/// A model's name by its id.
fn s_models(id: &str) -> String {
    models::all()
        .iter()
        .find(|m| m.info().id == id)
        .map(|m| m.info().name.to_owned())
        .unwrap()
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: scraper::ElementRef) -> String {
    e.text().collect::<String>()
}

/// The full report: analysis, bargain, Monte Carlo and sensitivity (few runs: the test checks
/// the report's structure, not the odds).
fn full(
    s: &Scenario,
) -> (
    String,
    parley_core::Analysis,
    parley_core::uncertainty::McResult,
) {
    let all = models::all();
    let a = analyse(s, &all).unwrap();
    let b = parley_core::bargain::bargain(s).unwrap();
    let mc = parley_core::uncertainty::MonteCarlo { runs: 80, seed: 3 }
        .run(s, &all, &[], &|| {})
        .unwrap();
    let sens = parley_core::uncertainty::sensitivity::measure(s, &all, 40, 3).unwrap();
    let html = report(&ReportData {
        scenario: s,
        analysis: &a,
        bargain: Some(&b),
        monte_carlo: Some(&mc),
        sensitivity: Some(&sens),
        backtest: None,
        generator: "parley test",
        track_record: None,
        variant: None,
    })
    .unwrap();
    (html, a, mc)
}

#[test]
fn every_question_is_answered_with_its_number_and_odds() {
    let s = flagship();
    let (html, _, mc) = full(&s);
    let doc = Html::parse_document(&html);
    assert!(!s.questions.is_empty());
    for (k, q) in s.questions.iter().enumerate() {
        let section = doc
            .select(&sel(&format!(
                "section.question[data-question=\"{}\"]",
                q.id
            )))
            .next()
            .unwrap_or_else(|| panic!("no answer section for {}", q.id));
        let heading = text(section.select(&sel("h3")).next().unwrap());
        assert!(heading.starts_with(&format!("Q{}", k + 1)), "{heading}");
        assert!(heading.contains(&q.text), "{heading}");
        let answers: Vec<String> = section.select(&sel("p.answer")).map(text).collect();
        assert!(!answers.is_empty(), "{}: no answer sentence", q.id);
        // The Monte Carlo odds are in the answer, as a percentage of the runs.
        let all = answers.join(" ");
        assert!(
            all.contains(&format!("{} draws", mc.runs)),
            "{}: {all}",
            q.id
        );
        assert!(all.contains('%'), "{}: {all}", q.id);
        // And in the brief at the top, linking to the full answer.
        let brief = doc
            .select(&sel(&format!(
                ".brief li[data-question=\"{}\"] a[href=\"#q-{}\"]",
                q.id, q.id
            )))
            .next();
        assert!(brief.is_some(), "{} missing from the brief", q.id);
    }
    // The condition's probabilities are the Monte Carlo's, per model, named.
    let q1 = &mc.conditions[0];
    let section = doc
        .select(&sel(&format!(
            "section.question[data-question=\"{}\"]",
            q1.source
        )))
        .next()
        .unwrap();
    let lead = text(section.select(&sel("p.answer")).next().unwrap());
    let model_name = |id: &str| {
        let name = &s_models(id);
        name.split(" (").next().unwrap().to_owned()
    };
    for (model, p) in &q1.probability {
        let shown = format!("{} {:.1}%", model_name(model), 100.0 * p);
        assert!(lead.contains(&shown), "{shown} not in: {lead}");
    }
}

#[test]
fn every_issue_and_every_models_forecast_is_in_the_report() {
    let s = flagship();
    let (html, a, _) = full(&s);
    let doc = Html::parse_document(&html);
    let table = doc.select(&sel("table.forecasts")).next().unwrap();
    let header: Vec<String> = table.select(&sel("thead th")).map(text).collect();
    for m in &a.models {
        assert!(
            header.contains(&m.model),
            "{} not a column: {header:?}",
            m.model
        );
    }
    let rows: Vec<scraper::ElementRef> = table.select(&sel("tbody tr")).collect();
    assert_eq!(rows.len(), a.issues.len());
    for (issue, row) in a.issues.iter().zip(&rows) {
        let cells: Vec<scraper::ElementRef> = row.select(&sel("td")).collect();
        assert!(text(cells[0]).contains(&issue.id));
        for m in &a.models {
            let col = header.iter().position(|h| h == &m.model).unwrap();
            let shown = text(cells[col].select(&sel("span.num")).next().unwrap());
            let value = format!("{:.1}", m.forecast[&issue.id]);
            assert!(
                shown.trim_end_matches(" *") == value,
                "{} on {}: {shown} vs {value}",
                m.model,
                issue.id
            );
        }
        // Each issue has its panel in the forecasts chart, and its evidence table.
        let panel = format!("svg g.panel[data-issue=\"{}\"]", issue.id);
        assert!(doc.select(&sel(&panel)).next().is_some(), "{panel}");
        let details = format!("details[data-issue=\"{}\"] table.stances", issue.id);
        assert!(doc.select(&sel(&details)).next().is_some(), "{details}");
    }
    // Every model has its own part, iterative ones with their rounds chart.
    for m in &a.models {
        let h = doc.select(&sel(&format!("h3#model-{}", m.model))).next();
        assert!(h.is_some(), "no section for {}", m.model);
        if m.rounds.is_some() {
            let rounds = format!(
                "svg[data-chart=\"rounds\"] g.panel[data-model=\"{}\"]",
                m.model
            );
            assert_eq!(
                doc.select(&sel(&rounds)).count(),
                a.issues.len(),
                "{rounds}"
            );
        }
    }
}

#[test]
fn evidence_and_the_caveat_are_shown() {
    let s = flagship();
    let (html, _, _) = full(&s);
    let doc = Html::parse_document(&html);
    let caveat = text(doc.select(&sel(".caveat")).next().unwrap());
    assert!(caveat.contains("judgments, not data"), "{caveat}");
    let method = text(doc.select(&sel("#method")).next().unwrap());
    assert!(method.contains("The numbers are judgments"), "{method}");
    let actors = text(doc.select(&sel("table.actors")).next().unwrap());
    for a in &s.actors {
        assert!(actors.contains(&a.name), "{}", a.name);
        if let Some(note) = &a.capability.evidence.note {
            assert!(
                actors.contains(note.as_str()),
                "capability note of {}",
                a.id
            );
        }
    }
    // Every stance's position note is in its issue's evidence table.
    for issue in &s.issues {
        let t = text(
            doc.select(&sel(&format!("details[data-issue=\"{}\"]", issue.id)))
                .next()
                .unwrap(),
        );
        for a in &s.actors {
            if let Some(note) = a
                .stances
                .get(&issue.id)
                .and_then(|st| st.position.evidence.note.as_ref())
            {
                assert!(t.contains(note.as_str()), "{} on {}", a.id, issue.id);
            }
        }
    }
}

#[test]
fn the_report_is_self_contained() {
    let s = flagship();
    let (html, a, _) = full(&s);
    let doc = Html::parse_document(&html);
    assert_eq!(
        doc.select(&sel("link")).count(),
        0,
        "no linked stylesheets or fonts"
    );
    assert_eq!(doc.select(&sel("script[src]")).count(), 0);
    assert_eq!(doc.select(&sel("img")).count(), 0, "charts are inline SVG");
    let style = doc.select(&sel("style")).map(text).collect::<String>();
    assert!(!style.contains("@import") && !style.contains("url("));
    assert!(style.contains("@media print"));
    // The only URL is the SVG namespace, which names and loads nothing.
    let without_ns = html.replace("http://www.w3.org/2000/svg", "");
    assert!(!without_ns.contains("http://") && !without_ns.contains("https://"));
    // Inline charts: forecasts, rounds per iterative model, gains, Monte Carlo, sensitivity.
    let iterative = a.models.iter().filter(|m| m.rounds.is_some()).count();
    let charts = doc.select(&sel("svg.parley-chart")).count();
    assert!(charts >= 4 + iterative + a.models.len(), "{charts} charts");
}

#[test]
fn without_monte_carlo_the_report_says_so_and_still_answers() {
    let s = flagship();
    let a = analyse(&s, &models::all()).unwrap();
    let html = report(&ReportData {
        scenario: &s,
        analysis: &a,
        bargain: None,
        monte_carlo: None,
        sensitivity: None,
        backtest: None,
        generator: "parley test",
        track_record: None,
        variant: None,
    })
    .unwrap();
    let doc = Html::parse_document(&html);
    assert_eq!(
        doc.select(&sel("section.question")).count(),
        s.questions.len()
    );
    assert!(text(doc.select(&sel("#answers")).next().unwrap()).contains("No Monte Carlo"));
    assert_eq!(doc.select(&sel("svg[data-chart=\"mc\"]")).count(), 0);
}

#[test]
fn a_later_question_refers_back_instead_of_repeating_a_block() {
    // In the flagship, who_benefits and linkage_stable both compare rus and usa on the grand
    // bargain: the gains table is shown once, and the later question links to the earlier one.
    let s = flagship();
    let (html, _, _) = full(&s);
    let doc = Html::parse_document(&html);
    let q = |id: &str| {
        doc.select(&sel(&format!("section.question[data-question=\"{id}\"]")))
            .next()
            .unwrap()
    };
    assert_eq!(
        q("who_benefits").select(&sel("table.gains-table")).count(),
        1
    );
    let later = q("linkage_stable");
    assert_eq!(later.select(&sel("table.gains-table")).count(), 0);
    assert!(
        later
            .select(&sel("a[href=\"#q-who_benefits\"]"))
            .next()
            .is_some()
    );
    // Its own finding, the deal's odds over the draws, is still stated, with the actors'
    // names.
    let lead = text(later.select(&sel("p.answer")).next().unwrap());
    let name = |id: &str| s.actors.iter().find(|a| a.id == id).unwrap().name.clone();
    assert!(
        lead.contains(&name("rus")) && lead.contains(&name("usa")) && lead.contains('%'),
        "{lead}"
    );
}

#[test]
fn a_one_issue_scenario_without_linkages_gets_a_full_report() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/toy-tariff.toml");
    let s = parley_scenario::read_file(&path).unwrap();
    let a = analyse(&s, &models::all()).unwrap();
    let html = report(&ReportData {
        scenario: &s,
        analysis: &a,
        bargain: None,
        monte_carlo: None,
        sensitivity: None,
        backtest: None,
        generator: "parley test",
        track_record: None,
        variant: None,
    })
    .unwrap();
    let doc = Html::parse_document(&html);
    let facts = text(doc.select(&sel(".facts")).next().unwrap());
    assert!(facts.contains("1 issue;"), "{facts}");
    assert_eq!(
        doc.select(&sel("section.question")).count(),
        s.questions.len()
    );
    assert_eq!(doc.select(&sel("svg[data-chart=\"gains\"]")).count(), 0);
    assert_eq!(
        doc.select(&sel("table.forecasts tbody tr")).count(),
        1,
        "one issue, one row"
    );
}

#[test]
fn the_brief_answers_in_words_with_names_and_both_odds() {
    let s = flagship();
    let (html, a, mc) = full(&s);
    let doc = Html::parse_document(&html);
    let brief = doc.select(&sel("section.brief")).next().unwrap();
    // It opens the report, with the title block.
    let first = doc.select(&sel("main > *")).next().unwrap();
    assert_eq!(first.value().attr("id"), Some("brief"));
    let title = text(brief.select(&sel(".title-block h1")).next().unwrap());
    assert_eq!(title, a.scenario);
    let facts = text(brief.select(&sel(".title-block .facts")).next().unwrap());
    assert!(facts.contains("parley test"), "{facts}");
    assert!(facts.contains(a.date.as_deref().unwrap()), "{facts}");
    let bottom = text(brief.select(&sel(".bottom-line")).next().unwrap());
    assert!(bottom.contains("Bottom line"), "{bottom}");
    let all = text(brief);
    // No ids: no actor, issue, linkage or question id appears in the brief's sentences.
    let answers: String = brief
        .select(&sel("li p"))
        .map(text)
        .collect::<Vec<_>>()
        .join(" ");
    for id in s
        .actors
        .iter()
        .map(|x| &x.id)
        .chain(s.issues.iter().map(|x| &x.id))
        .chain(s.linkages.iter().map(|x| &x.id))
    {
        let as_word = answers
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|w| w == id);
        assert!(!as_word, "id {id} in the brief: {answers}");
    }
    assert!(!answers.contains(">="), "{answers}");
    // The flagship's first condition in words (iran_nuclear >= 40 and iran_sanctions >= 40).
    assert!(
        answers.contains(
            "limits on Iran's nuclear programme at least 40 and sanctions relief for Iran at \
             least 40 (each on its 0-100 scale)"
        ),
        "{answers}"
    );
    // Its odds twice: the average over the models of the Monte Carlo's shares, over the
    // inputs alone and (when calibrated) with model error.
    let q1 = &mc.conditions[0];
    let mean = q1.probability.values().sum::<f64>() / q1.probability.len() as f64;
    assert!(
        answers.contains(&format!("inputs only), {:.1}%", 100.0 * mean)),
        "{answers}"
    );
    // Every question: an answer sentence and the inputs that matter most, in words.
    for q in &s.questions {
        let li = brief
            .select(&sel(&format!("li[data-question=\"{}\"]", q.id)))
            .next()
            .unwrap();
        assert!(li.select(&sel("p.brief-answer")).next().is_some());
        let drivers = text(li.select(&sel("p.brief-drivers")).next().unwrap());
        assert!(drivers.starts_with("What matters most: "), "{drivers}");
        assert!(
            drivers.contains("% of the variance") || drivers.contains("as for question"),
            "{drivers}"
        );
    }
    assert!(all.contains("Russia"), "{all}");
}

#[test]
fn every_chart_text_meets_wcag_aa_contrast() {
    // Every SVG text of the flagship's report, in its fill (the charts' ink when it has none),
    // against the white page; white text is drawn on a bar and is checked against no page.
    let (html, _, _) = full(&flagship());
    let doc = Html::parse_document(&html);
    let mut checked = 0;
    for t in doc.select(&sel("svg text")) {
        let fill = t.value().attr("fill").unwrap_or("#222222");
        if fill.eq_ignore_ascii_case("#ffffff") {
            continue;
        }
        let ratio = contrast_on_white(fill);
        assert!(
            ratio >= 4.5,
            "chart text '{}' in {fill}: {ratio:.2}:1 on white",
            text(t)
        );
        checked += 1;
    }
    assert!(checked > 500, "only {checked} chart texts found");
}

/// One actor: every model returns its position, so the bottom line says the forecasts agree
/// instead of "up to 0.0 points apart ... where they disagree"; a scenario without questions
/// gets no Monte Carlo preamble in its empty answers section.
#[test]
fn models_that_agree_are_said_to_agree() {
    let text = "[scenario]\nname = \"One\"\n[[issue]]\nid = \"t\"\nname = \"T\"\nlow = \"l\"\n\
                high = \"h\"\nstatus_quo = 20\n[[actor]]\nid = \"a\"\nname = \"A\"\n\
                capability = 10\n[actor.stance.t]\nposition = { value = 50, low = 40, high = 60 }\n\
                salience = 0.5\n";
    let s = parley_scenario::read_str("one.toml", text, parley_scenario::Format::Toml).unwrap();
    let (html, _, _) = full(&s);
    let start = html.find("Bottom line.").expect("a bottom line");
    let bottom = &html[start..start + html[start..].find("</p>").unwrap()];
    assert!(
        bottom.contains("Their forecasts agree on every issue"),
        "{bottom}"
    );
    assert!(!bottom.contains("points apart"), "{bottom}");
    assert!(
        !bottom.contains("the disagreement is the finding"),
        "{bottom}"
    );
    assert!(html.contains("The scenario asks no questions"));
    assert!(!html.contains("Point values of the coding first"));
}

#[test]
fn the_track_record_table_shows_both_mean_brier_scores() {
    let s = flagship();
    let all = models::all();
    let a = analyse(&s, &all).unwrap();
    let track = parley_report::html::TrackRecord {
        source: "r.toml (as of 2025-12-31)".into(),
        note: "Hindsight.".into(),
        models: vec![
            parley_report::html::TrackModel {
                model: "compromise".into(),
                mean_abs_error: Some(25.7),
                mean_crps: Some(24.5),
                mean_brier_with_model_error: Some(0.244),
                mean_brier_inputs_only: Some(0.998),
                counted: 0,
            },
            // No odds with model error: a dash, never a number in its place.
            parley_report::html::TrackModel {
                model: "nbs".into(),
                mean_abs_error: Some(9.0),
                mean_crps: Some(9.3),
                mean_brier_with_model_error: None,
                mean_brier_inputs_only: Some(0.0),
                counted: 0,
            },
        ],
        outcomes: Vec::new(),
    };
    let html = report(&ReportData {
        scenario: &s,
        analysis: &a,
        bargain: None,
        monte_carlo: None,
        sensitivity: None,
        backtest: None,
        generator: "parley test",
        track_record: Some(&track),
        variant: None,
    })
    .unwrap();
    let doc = Html::parse_document(&html);
    let table = doc
        .select(&sel("section#track-record table"))
        .next()
        .expect("the track record's table");
    let head: Vec<String> = table.select(&sel("th")).map(text).collect();
    assert_eq!(
        head,
        [
            "model",
            "mean abs error (% of scale)",
            "mean CRPS, inputs only (% of scale)",
            "mean Brier (with model error)",
            "mean Brier (inputs only)",
            "sealed on a day before the outcome"
        ]
    );
    let rows: Vec<Vec<String>> = table
        .select(&sel("tbody tr"))
        .map(|r| r.select(&sel("td")).map(text).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["compromise", "25.7", "24.5", "0.244", "0.998", "0"],
            ["nbs", "9.0", "9.3", "–", "0.000", "0"]
        ]
    );
}
