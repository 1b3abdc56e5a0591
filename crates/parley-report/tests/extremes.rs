//! Issue 14, numbers: every SVG chart of a scenario validation accepts, on the extreme-number
//! grid (`parley-core/tests/data/extreme_grid.rs`), renders without panic and without NaN or an
//! infinity in its text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::panic::{AssertUnwindSafe, catch_unwind};

use parley_core::bargain::bargain;
use parley_core::uncertainty::{MonteCarlo, sensitivity};
use parley_core::{Scenario, analyse, models};
use parley_report::chart;

include!("../../parley-core/tests/data/extreme_grid.rs");
use extreme_grid::{cases, non_finite_tokens};

/// Renders every chart of `s`; the SVG texts of those that render (a chart may decline with an
/// error, e.g. gains without a status quo, which is not a failure here).
fn every_chart(s: &Scenario) -> Vec<String> {
    let models = models::all();
    let a = analyse(s, &models).expect("valid");
    let b = bargain(s).expect("valid");
    let mc = MonteCarlo { runs: 6, seed: 5 }
        .run(s, &models, &[], &|| {})
        .expect("runs");
    let sens = sensitivity::measure(s, &models, 4, 5).expect("runs");
    let mut charts = vec![
        chart::forecasts(s, &a, None),
        chart::monte_carlo(&a, &mc, None),
        chart::sensitivity(&sens, None, None, 8),
        chart::gains(&a, Some(&b), None),
        chart::model_gains(&a),
    ];
    for model in ["eum", "exchange", "smp"] {
        charts.push(chart::rounds(&a, model, None));
    }
    charts
        .into_iter()
        .filter_map(Result::ok)
        .map(|c| c.to_svg())
        .collect()
}

#[test]
fn every_chart_of_every_accepted_grid_point_is_finite() {
    let mut failures = Vec::new();
    let (mut drawn, mut charts) = (0, 0);
    // One grid point in three: every scale and capability pattern still meets every
    // position, salience and extras pattern (their counts, 3 x 5 x 3, are not multiples of 3
    // apart from the extras, whose value cycles through the sample).
    for case in cases().iter().step_by(3) {
        if !case.scenario.validate().is_empty() {
            continue;
        }
        drawn += 1;
        match catch_unwind(AssertUnwindSafe(|| every_chart(&case.scenario))) {
            Ok(svgs) => {
                charts += svgs.len();
                let bad: usize = svgs.iter().map(|svg| non_finite_tokens(svg)).sum();
                if bad > 0 {
                    failures.push(format!("{}: {bad} non-finite numbers", case.label));
                }
            }
            Err(_) => failures.push(format!("{}: panicked", case.label)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {drawn}:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // 1,080 accepted points, one in three drawn.
    assert_eq!(drawn, 360);
    assert!(charts >= 5 * drawn, "{charts} charts");
}
