//! Issue 14, numbers, end to end: the binary on the extreme cases either refuses the file
//! (exit 1, the problem's code at file:line:column) or runs it to finite numbers (exit 0). On
//! the commit before, the wide scale panicked (exit 101) in run, mc, bargain, sensitivity,
//! compare and report, the narrow one in plot, and huge capabilities passed with wrong numbers.
#![allow(clippy::unwrap_used)]

mod common;

use common::{parley, scratch_file, stderr, stdout};

const SUITE: &str = "extremes";

/// A two-actor scenario: `scale`, the actors' positions and their capabilities as TOML text.
fn scenario(scale: &str, positions: [&str; 2], capability: &str) -> String {
    format!(
        "[scenario]\nname = \"extreme\"\n\n[[issue]]\nid = \"x\"\nname = \"x\"\nlow = \"l\"\n\
         high = \"h\"\nscale = {scale}\n\n\
         [[actor]]\nid = \"a\"\nname = \"a\"\ncapability = {capability}\n\
         [actor.stance.x]\nposition = {}\nsalience = 0.5\n\n\
         [[actor]]\nid = \"b\"\nname = \"b\"\ncapability = {capability}\n\
         [actor.stance.x]\nposition = {}\nsalience = 0.5\n",
        positions[0], positions[1]
    )
}

/// Runs `args` + the file and checks exit 1 with `code` at `line` of `file`.
fn refused(args: &[&str], file: &str, code: &str, line: usize) {
    let mut all = args.to_vec();
    all.push(file);
    let o = parley(&all);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{all:?}: {err}");
    assert!(err.contains(&format!("error[{code}]")), "{all:?}: {err}");
    assert!(err.contains(&format!("{file}:{line}:")), "{all:?}: {err}");
}

#[test]
fn a_scale_wider_than_a_float_span_is_refused_by_every_command() {
    let text = scenario("[-9e307, 9e307]", ["-9e307", "9e307"], "1");
    let path = scratch_file(SUITE, "wide.toml", &text);
    let file = path.to_str().unwrap();
    // `scale = ...` is line 9.
    for args in [
        &["validate"][..],
        &["run"],
        &["mc", "--runs", "10"],
        &["bargain"],
        &["sensitivity"],
        &["compare"],
        &["report"],
        &["plot", "--chart", "forecasts"],
    ] {
        refused(args, file, "scale-too-wide", 9);
    }
}

#[test]
fn a_scale_of_a_few_subnormals_is_refused() {
    let text = scenario("[0, 2e-323]", ["0", "2e-323"], "1");
    let path = scratch_file(SUITE, "narrow.toml", &text);
    let file = path.to_str().unwrap();
    for args in [
        &["validate"][..],
        &["plot", "--chart", "forecasts"],
        &["report"],
    ] {
        refused(args, file, "scale-too-narrow", 9);
    }
}

#[test]
fn huge_capabilities_are_refused_at_the_capability() {
    let text = scenario("[0, 100]", ["10", "90"], "1.7e308");
    let path = scratch_file(SUITE, "cap.toml", &text);
    // The first actor's capability is on line 14.
    refused(
        &["run"],
        path.to_str().unwrap(),
        "capability-out-of-range",
        14,
    );
}

#[test]
fn a_bdm_table_with_positions_of_1e308_is_not_imported() {
    let table = "Actor,Capability,Position,Salience\nA,1,-1e308,50\nB,2,1e308,60\nC,1,0,70\n";
    let path = scratch_file(SUITE, "huge.csv", table);
    refused(
        &["import", "--from", "bdm"],
        path.to_str().unwrap(),
        "position-out-of-scale",
        2,
    );
}

#[test]
fn at_the_limits_every_model_gives_finite_forecasts_on_the_scale() {
    // Equal weights at the two ends of [-1e100, 1e100]: the compromise is the middle, 0.
    let text = scenario("[-1e100, 1e100]", ["-1e100", "1e100"], "1e100");
    let path = scratch_file(SUITE, "limits.toml", &text);
    let o = parley(&["run", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let models = json["models"].as_array().unwrap();
    assert_eq!(models.len(), 5);
    for m in models {
        let v = m["forecast"]["x"].as_f64();
        assert!(
            v.is_some_and(|v| (-1e100..=1e100).contains(&v)),
            "{}: {:?}",
            m["model"],
            m["forecast"]
        );
    }
    assert_eq!(models[0]["forecast"]["x"].as_f64(), Some(0.0));
    let o = parley(&["plot", "--chart", "forecasts", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = stdout(&o);
    assert!(!svg.contains("NaN") && !svg.contains(">inf<"), "{svg}");
}

#[test]
fn negative_zero_is_written_as_zero_in_json_and_csv() {
    // A status quo written `-0.0` (TOML reads it as negative zero) is echoed in the outputs;
    // it was written "-0.0" in JSON and "-0" in CSV.
    let text = scenario("[-1, 1]", ["-0.5", "0.5"], "1")
        .replace("scale = [-1, 1]\n", "scale = [-1, 1]\nstatus_quo = -0.0\n");
    let path = scratch_file(SUITE, "negative-zero.toml", &text);
    let file = path.to_str().unwrap();
    // serde_json writes an exact zero "-0.0" and nothing else so (-0.05 has more digits).
    let json_negative_zero = |out: &str| {
        out.match_indices("-0.0")
            .any(|(at, _)| !out[at + 4..].starts_with(|c: char| c.is_ascii_digit()))
    };
    for (args, issues) in [
        (&["run"][..], "/issues"),
        (&["bargain"], "/analysis/issues"),
        (&["compare", "--set", "a.x.salience = 0.4"], "/base/issues"),
    ] {
        let mut all = args.to_vec();
        all.extend(["--format", "json", file]);
        let o = parley(&all);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(!json_negative_zero(&out), "{args:?}:\n{out}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let sq = v.pointer(&format!("{issues}/0/status_quo"));
        assert_eq!(
            sq.and_then(serde_json::Value::as_f64).map(f64::to_bits),
            Some(0.0_f64.to_bits()),
            "{args:?}"
        );
    }
    let o = parley(&["run", "--format", "csv", file]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("status_quo,,x,,0,\n"), "{out}");
    assert!(!out.contains(",-0,") && !out.contains(",-0\n"), "{out}");
    // The table: the status quo shown with the scale's two decimals, unsigned.
    let o = parley(&["run", file]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains("-0.00 "), "{out}");
}
