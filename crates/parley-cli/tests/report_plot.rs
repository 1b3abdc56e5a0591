//! End-to-end tests of `parley report` and `parley plot`: files written, formats by extension,
//! usage errors with exit code 2.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;

use common::*;

fn temp(name: &str) -> PathBuf {
    scratch_path("report-test", name)
}

#[test]
fn report_writes_one_html_file_with_every_question() {
    let out = temp("report.html");
    let o = parley(&["report", "--runs", "50", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for id in ["iran_wants_deal", "who_benefits", "linkage_stable"] {
        assert!(html.contains(&format!("data-question=\"{id}\"")), "{id}");
    }
    assert!(html.contains("50 draws"));
}

#[test]
fn a_brief_of_a_variant_says_so_at_its_head() {
    let out = temp("variant.html");
    let o = parley(&[
        "report",
        "--runs",
        "0",
        "--what-if",
        "us_stops_aid",
        "--set",
        "rus.capability *= 2",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap();
    let notice = html
        .find("This brief is of a variant")
        .expect("the variant notice");
    assert!(html[notice..].contains("What-if: us_stops_aid; set: rus.capability *= 2"));
    // First thing in the lead, before the forecasts it qualifies.
    assert!(notice < html.find("What the models forecast").unwrap());
    let plain = temp("plain.html");
    let o = parley(&["report", "--runs", "0", "-o", plain.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !std::fs::read_to_string(&plain)
            .unwrap()
            .contains("brief is of a variant")
    );
}

#[test]
fn plot_writes_svg_and_png_by_extension() {
    let svg = temp("f.svg");
    let o = parley(&[
        "plot",
        "--chart",
        "forecasts",
        "--issue",
        "ukraine_aid",
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("data-chart=\"forecasts\""));
    let png = temp("r.png");
    let o = parley(&[
        "plot",
        "--chart",
        "rounds",
        "--model",
        "exchange",
        "-o",
        png.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // Without -o: the SVG on stdout.
    let o = parley(&["plot", "--chart", "model-gains"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("data-chart=\"model-gains\""));
}

#[test]
fn plot_usage_errors_say_what_is_valid() {
    let o = parley(&["plot", "--chart", "forecasts", "-o", "x.jpg"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".svg or .png"), "{}", stderr(&o));
    let o = parley(&["plot", "--chart", "backtest"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--data"), "{}", stderr(&o));
    let o = parley(&["plot", "--chart", "rounds", "--model", "nbs"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("models with rounds here: eum, exchange"),
        "{}",
        stderr(&o)
    );
    // Sweep item 3: `--top 0` drew "No uncertain input moves this forecast" on a tornado
    // whose inputs do move it; refused as `sensitivity --top 0` is.
    let o = parley(&[
        "plot",
        "--chart",
        "sensitivity",
        "--top",
        "0",
        "--runs",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--top"), "{}", stderr(&o));
    // Sweep item 11: flags the chart does not use were accepted and ignored (exit 0).
    for (flags, flag, charts) in [
        (
            &["--data", "/nonexistent"][..],
            "--data",
            "--chart backtest, --chart pit",
        ),
        (&["--linkage", "nope"][..], "--linkage", "--chart gains"),
        (&["--top", "3"][..], "--top", "--chart sensitivity"),
        (
            &["--runs", "7"][..],
            "--runs",
            "--chart mc, --chart sensitivity, --chart scan",
        ),
        (
            &["--capability", "equal"][..],
            "--capability",
            "--chart backtest",
        ),
    ] {
        let mut args = vec!["plot", "--chart", "forecasts"];
        args.extend_from_slice(flags);
        let o = parley(&args);
        assert_eq!(o.status.code(), Some(2), "{flags:?}: {}", stderr(&o));
        let want = format!("{flag} goes with {charts}");
        assert!(stderr(&o).contains(&want), "{want}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("--chart forecasts does not use it"),
            "{}",
            stderr(&o)
        );
    }
    let o = parley(&["plot", "--chart", "forecasts", "--png-scale", "2"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("-o FILE.png"), "{}", stderr(&o));
    let o = parley(&["plot", "--chart", "forecasts", "--issue", "nope"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("iran_nuclear, iran_sanctions"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_backtest_chart_needs_only_the_data_file() {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/deu/deu3.csv");
    let out = temp("backtest.svg");
    let o = parley(&[
        "plot",
        "--chart",
        "backtest",
        "--data",
        data.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains("data-predictor=\"eum\""));
    assert!(svg.contains("data-predictor=\"capability x salience weighted mean\""));
}

#[test]
fn a_scan_is_drawn_with_a_panel_per_condition_and_per_issue() {
    // Issue 18: `--scan` as a chart. The flagship has one question with a condition
    // (iran_wants_deal) and four issues: five panels.
    let out = temp("scan.svg");
    let o = parley(&[
        "plot",
        "--chart",
        "scan",
        "--scan",
        "usa.ukraine_aid.salience=0:1:0.5",
        "--runs",
        "30",
        "--model",
        "compromise,smp",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains("data-chart=\"scan\""));
    assert!(svg.contains("Scan of usa.ukraine_aid.salience"));
    assert_eq!(svg.matches("class=\"panel\"").count(), 5, "{svg}");
    assert!(svg.contains("data-id=\"iran_wants_deal\""));
    // Two models: a solid line each per panel (3 values), plus a dashed inputs-only line per
    // model with an error model on the question's panel.
    assert!(svg.matches("<polyline").count() >= 10, "{svg}");
    // Usage errors: no --scan, or --scan with another chart.
    let o = parley(&["plot", "--chart", "scan"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--scan PATH=FROM:TO:STEP"),
        "{}",
        stderr(&o)
    );
    let o = parley(&[
        "plot",
        "--chart",
        "mc",
        "--scan",
        "usa.ukraine_aid.salience=0:1:0.5",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = parley(&[
        "plot",
        "--chart",
        "scan",
        "--scan",
        "usa.ukraine_aid.salience=low:1:0.5",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn a_refused_resolution_says_no_report_was_written_not_nothing_recorded() {
    let shipped =
        std::fs::read_to_string(repo_file("scenarios/grand-bargain-2025.resolution.toml")).unwrap();
    let bad = scratch_file(
        "report-test",
        "bad-resolution.toml",
        &shipped.replacen("value = 25", "value = 125", 1),
    );
    let out = temp("refused.html");
    let _ = std::fs::remove_file(&out);
    let o = parley(&[
        "report",
        &repo_file("scenarios/grand-bargain-2025.toml"),
        "--resolution",
        bad.to_str().unwrap(),
        "--runs",
        "20",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let e = stderr(&o);
    assert!(e.contains("value 125 is off the issue's scale"), "{e}");
    assert!(e.contains("no report was written"), "{e}");
    assert!(!e.contains("recorded"), "report records nothing: {e}");
    assert!(!out.exists());
}

/// A question comparing actors' gains, with no `issues` of its own, is moved by the inputs of
/// the issues its actors take part in; the brief names them instead of saying that nothing
/// moves it (usability item 15).
#[test]
fn an_actor_question_without_issues_names_what_moves_it() {
    let toml = "[scenario]\nname = \"Gains\"\nseed = 3\n\n[[issue]]\nid = \"t\"\nname = \"T\"\n\
        low = \"none\"\nhigh = \"max\"\nstatus_quo = 20\n\n\
        [[actor]]\nid = \"a\"\nname = \"Alpha\"\ncapability = 40\n\
        [actor.stance.t]\nposition = { value = 10, low = 0, high = 30 }\nsalience = 0.8\n\n\
        [[actor]]\nid = \"b\"\nname = \"Beta\"\ncapability = 60\n\
        [actor.stance.t]\nposition = 80\nsalience = 0.5\n\n\
        [[question]]\nid = \"who\"\ntext = \"Does Alpha lose more than Beta?\"\nactors = [\"a\", \"b\"]\n";
    let file = scratch_file("report_plot", "gains-question.toml", toml);
    let out = temp("gains-question.html");
    let _ = std::fs::remove_file(&out);
    let o = parley(&[
        "report",
        file.to_str().unwrap(),
        "--runs",
        "50",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains("no uncertain input moves these forecasts"));
    assert!(
        html.contains("What matters most: <strong>Alpha"),
        "no driver named"
    );
}

/// A three-actor scenario with one uncertain position and a question (sweep 5's s3s.toml).
const THREE: &str = r#"[scenario]
name = "Three"
seed = 3

[[issue]]
id = "a"
name = "A"
low = "lo"
high = "hi"
status_quo = 30

[[actor]]
id = "x"
name = "X"
capability = 2
[actor.stance.a]
position = { value = 10, low = 0, high = 30 }
salience = 0.5

[[actor]]
id = "y"
name = "Y"
capability = 3
[actor.stance.a]
position = 90
salience = 0.4

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

/// Sweep 5 item 1: the Track record scores the very forecasts the report shows. With `--seed`
/// its odds are those of the report's seed (`parley mc` with the same seed, not the file's
/// seed 3), and with `--model` only the models run are scored.
#[test]
fn the_track_record_scores_the_report_s_own_seed_and_models() {
    let scenario = scratch_file("report-test", "three.toml", THREE);
    let resolution = scratch_file(
        "report-test",
        "three.resolution.toml",
        "[resolution]\nscenario = \"three\"\nas_of = 2026-12-07\n\n[[issue]]\nid = \"a\"\n\
         value = 45\nsources = [\"memo\"]\ndate = 2026-12-07\n\n[[question]]\nid = \"q\"\n\
         outcome = true\nsources = [\"memo\"]\ndate = 2026-12-07\n",
    );
    let (s, r) = (scenario.to_str().unwrap(), resolution.to_str().unwrap());
    let out = temp("three.html");
    let o = parley(&[
        "report",
        s,
        "--runs",
        "200",
        "--seed",
        "5",
        "--model",
        "compromise,nbs",
        "--resolution",
        r,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap();
    let odds = |seed: &str| {
        let o = parley(&[
            "mc",
            s,
            "--runs",
            "200",
            "--seed",
            seed,
            "--model",
            "compromise,nbs",
            "--format",
            "json",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        json["conditions"][0]["with_model_error"]["compromise"]
            .as_f64()
            .unwrap()
    };
    let (at_5, at_3) = (odds("5"), odds("3"));
    assert_ne!(at_5, at_3, "the test needs seeds that give different odds");
    let track = &html[html.find("id=\"track-record\"").unwrap()..];
    let line = |p: f64| format!("P(yes) {:.1}% with model error", p * 100.0);
    assert!(
        track.contains(&line(at_5)),
        "{}",
        &track[..track.len().min(3000)]
    );
    assert!(!track.contains(&line(at_3)));
    // Only the models the report ran are scored.
    assert!(track.contains("<td>nbs</td>"));
    assert!(
        !track.contains("<td>eum</td>"),
        "{}",
        &track[..track.len().min(3000)]
    );
    // A resolution is refused for a variant, not ignored.
    let o = parley(&[
        "report",
        s,
        "--set",
        "z.a.salience = 0.5",
        "--resolution",
        r,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--resolution scores the scenario as forecast"));
}

/// The flagship as shipped, copied to a file of another name, gets its Track record against
/// the shipped resolution, as the embedded one does (and as the web workbench and Python do).
#[test]
fn the_flagship_read_from_a_file_of_any_name_gets_its_track_record() {
    let text = std::fs::read_to_string(repo_file("scenarios/grand-bargain-2025.toml")).unwrap();
    let copy = scratch_file("report-test", "my-copy.toml", &text);
    let out = temp("copy.html");
    let o = parley(&[
        "report",
        copy.to_str().unwrap(),
        "--runs",
        "20",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("id=\"track-record\""));
    assert!(html.contains("scenarios/grand-bargain-2025.resolution.toml"));
}
