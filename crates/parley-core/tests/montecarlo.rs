//! Monte Carlo: determinism across thread counts, point ranges reproduce the plain run,
//! conditions true by construction, and bands that narrow with the ranges.
#![allow(clippy::unwrap_used)]

use parley_core::estimate::{Distribution, Estimate, Spread};
use parley_core::models;
use parley_core::uncertainty::MonteCarlo;
use parley_core::{Actor, Inputs, Issue, Linkage, Question, Scenario};

fn ranged(value: f64, half: f64) -> Estimate {
    Estimate {
        value,
        spread: Some(Spread {
            low: value - half,
            high: value + half,
            distribution: Distribution::Triangular,
        }),
        evidence: Default::default(),
    }
}

/// Two issues, three actors; every position has a range of +-`half`.
fn scenario(half: f64) -> Scenario {
    let mut s = Scenario::named("mc");
    s.issues.push(Issue::new("p").with_status_quo(50.0));
    s.issues.push(Issue::new("q").with_status_quo(50.0));
    let specs = [
        ("a", 3.0, [(80.0, 0.8), (20.0, 0.3)]),
        ("b", 2.0, [(20.0, 0.4), (70.0, 0.9)]),
        ("c", 1.0, [(45.0, 0.5), (45.0, 0.5)]),
    ];
    for (id, c, stances) in specs {
        let mut a = Actor::new(id, c);
        for (issue, (x, sal)) in ["p", "q"].iter().zip(stances) {
            a = a.with_stance(*issue, x, sal);
            if half > 0.0 {
                a.stances[*issue].position = ranged(x, half);
            }
        }
        s.actors.push(a);
    }
    s.linkages.push(Linkage {
        id: "pq".into(),
        name: "PQ".into(),
        issues: vec!["p".into(), "q".into()],
        evidence: Default::default(),
    });
    s.questions.push(Question {
        id: "any".into(),
        text: "Anything?".into(),
        issues: vec!["p".into()],
        condition: Some("p >= 10".into()),
        actors: vec!["a".into(), "b".into()],
        linkage: Some("pq".into()),
        evidence: Default::default(),
    });
    s
}

fn run(s: &Scenario, runs: usize, threads: usize) -> parley_core::uncertainty::McResult {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let mc = MonteCarlo { runs, seed: 42 };
    pool.install(|| {
        mc.run(s, &models::all(), &["q < 50".into()], &|| {})
            .unwrap()
    })
}

#[test]
fn the_same_seed_gives_identical_results_on_1_2_and_4_threads() {
    let s = scenario(10.0);
    let one = run(&s, 300, 1);
    assert_eq!(one, run(&s, 300, 2));
    assert_eq!(one, run(&s, 300, 4));
}

#[test]
fn point_ranges_reproduce_the_plain_run_exactly() {
    let s = scenario(0.0);
    let result = run(&s, 50, 2);
    assert_eq!(result.uncertain_inputs, 0);
    let inputs = Inputs::from_scenario(&s).unwrap();
    for (model, mc) in models::all().iter().zip(&result.models) {
        let plain = model.run(&inputs).unwrap();
        for (j, issue) in s.issues.iter().enumerate() {
            let sm = &mc.issues[&issue.id];
            // Both on the issue's own scale, as every output reports them.
            let reported = inputs.scale(j).from_internal(plain.forecasts[j].value);
            assert_eq!((sm.min, sm.max), (reported, reported), "{}", mc.model);
        }
    }
}

/// "p >= 10": no position on p can be below 10 (the lowest is 20 with a range of +-10), and
/// every model forecasts within the range of the positions taken, so the condition holds in
/// every run. (A comparison true whatever the forecast, such as "p >= 0" at the scale's end,
/// is refused by validation.)
#[test]
fn a_condition_true_by_construction_has_probability_one() {
    let result = run(&scenario(10.0), 200, 2);
    let c = result
        .conditions
        .iter()
        .find(|c| c.source == "any")
        .unwrap();
    assert!(c.probability.values().all(|&p| p == 1.0), "{c:?}");
    assert!(result.conditions.iter().any(|c| c.source == "command line"));
    assert_eq!(result.deals.len(), 1);
    assert!((0.0..=1.0).contains(&result.deals[0].probability));
}

#[test]
fn bands_narrow_as_the_ranges_shrink() {
    let width = |half: f64| {
        let r = run(&scenario(half), 400, 2);
        let s = &r.models[0].issues["p"];
        s.p95 - s.p5
    };
    let (wide, narrow) = (width(15.0), width(3.0));
    assert!(
        narrow < wide && narrow > 0.0,
        "narrow {narrow}, wide {wide}"
    );
}

#[test]
fn sensitivity_of_a_weighted_mean_by_hand() {
    // a (c 1, s 1) at 50 with range [40, 60], b (c 1, s 1) at 0: the compromise is x_a / 2, so
    // the tornado bar runs from 20 to 30 (swing 10) and a's position explains all the variance.
    let mut s = Scenario::named("sens");
    s.issues.push(Issue::new("p"));
    let mut a = Actor::new("a", 1.0).with_stance("p", 50.0, 1.0);
    a.stances["p"].position = ranged(50.0, 10.0);
    s.actors.push(a);
    s.actors
        .push(Actor::new("b", 1.0).with_stance("p", 0.0, 1.0));
    let models: Vec<Box<dyn parley_core::Model>> = vec![Box::new(models::Compromise)];
    let r = parley_core::uncertainty::sensitivity::measure(&s, &models, 200, 1).unwrap();
    let f = &r.forecasts[0];
    assert_eq!(
        (f.model.as_str(), f.issue.as_str(), f.base),
        ("compromise", "p", 25.0)
    );
    let e = &f.inputs[0];
    assert_eq!(e.input, "a.p.position");
    assert!(
        (e.at_low - 20.0).abs() < 1e-12 && (e.at_high - 30.0).abs() < 1e-12,
        "{e:?}"
    );
    assert!((e.swing - 10.0).abs() < 1e-12);
    assert!((e.variance_share - 1.0).abs() < 1e-9, "{e:?}");
}

#[test]
fn sensitivity_with_progress_is_identical_on_1_2_and_4_threads_and_counts_every_step() {
    use parley_core::uncertainty::sensitivity;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let s = scenario(10.0);
    let runs = 150;
    // Six uncertain inputs (three actors' positions on two issues; capabilities and saliences
    // are point values), each one step, plus one step per Monte Carlo run.
    assert_eq!(sensitivity::steps(&s, runs), 6 + runs);
    let plain = sensitivity::measure(&s, &models::all(), runs, 9).unwrap();
    for threads in [1, 2, 4] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let ticks = AtomicUsize::new(0);
        let with = pool.install(|| {
            sensitivity::measure_with_progress(&s, &models::all(), runs, 9, &|| {
                ticks.fetch_add(1, Ordering::Relaxed);
            })
            .unwrap()
        });
        assert_eq!(ticks.load(Ordering::Relaxed), 6 + runs, "{threads} threads");
        // PartialEq on f64 fields: bit-identical up to the sign of zero, and no NaN here.
        assert_eq!(with, plain, "{threads} threads");
        let bits =
            |r: &sensitivity::Sensitivity| -> Vec<u64> {
                r.forecasts
                    .iter()
                    .flat_map(|f| {
                        std::iter::once(f.base.to_bits()).chain(f.inputs.iter().flat_map(|e| {
                            [e.at_low, e.at_high, e.variance_share].map(f64::to_bits)
                        }))
                    })
                    .collect()
            };
        assert_eq!(bits(&with), bits(&plain), "{threads} threads");
    }
}

/// An error model for every model: scores -20, 0, 20 (equal weights), constant rule.
fn calibration() -> parley_core::calibration::Calibration {
    use parley_core::calibration::{Calibration, ErrorModel, Provenance, ScaleRule};
    let m = ErrorModel::new(ScaleRule::Constant, &[-20.0, 0.0, 20.0], &[1.0; 3], 3).unwrap();
    Calibration {
        provenance: Provenance {
            source: "test".into(),
            origin: "test".into(),
        },
        models: models::all()
            .iter()
            .map(|x| (x.info().id.to_owned(), m.clone()))
            .collect(),
    }
}

fn run_with_error(s: &Scenario, threads: usize) -> parley_core::uncertainty::McResult {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let cal = calibration();
    let mut s = s.clone();
    s.questions[0].condition = Some("p >= 60".into());
    pool.install(|| {
        MonteCarlo {
            runs: 300,
            seed: 11,
        }
        .run_calibrated(
            &s,
            &models::all(),
            &[],
            Some(&cal),
            &|| {},
            &parley_core::cancel::Cancel::never(),
        )
    })
    .unwrap()
}

#[test]
fn model_error_odds_are_the_same_on_one_and_two_threads_and_leave_inputs_only_alone() {
    let s = scenario(10.0);
    let (one, two) = (run_with_error(&s, 1), run_with_error(&s, 2));
    assert_eq!(one, two);
    let c = &one.conditions[0];
    assert_eq!(c.with_model_error.len(), c.probability.len());
    // Inputs-only odds are those of a run without any error model.
    let mut plain_s = s.clone();
    plain_s.questions[0].condition = Some("p >= 60".into());
    let plain = MonteCarlo {
        runs: 300,
        seed: 11,
    }
    .run(&plain_s, &models::all(), &[], &|| {})
    .unwrap();
    assert_eq!(plain.conditions[0].probability, c.probability);
    // With scores -20/0/20 the compromise forecast moves by 20 points in two thirds of runs, so
    // its odds differ from the inputs-only ones unless every run sits far from 60.
    let m = &one.models[0];
    assert!(m.with_model_error["p"].sd > m.issues["p"].sd);
}

#[test]
fn variance_split_sums_to_one_and_its_error_share_matches_the_error_model() {
    let s = scenario(10.0);
    let r = run_with_error(&s, 2);
    let split = &r.variance;
    assert_eq!(
        split.nesting,
        ["input ranges", "model choice", "model error"]
    );
    assert!(split.without_model_error.is_empty());
    let p = split.issues["p"];
    let sh = p.shares.unwrap();
    assert!((sh.input_ranges + sh.model_choice + sh.model_error - 1.0).abs() < 1e-12);
    // Scores -20, 0, 20 with equal weights and scale 1: away from the scale's ends each
    // forecast's error variance is (400 + 0 + 400) / 3 = 266.7 (less where a draw clamps at
    // 0 or 100), so V_err <= 266.7 and the error share is V_err / sd^2.
    let v_err = sh.model_error * p.sd * p.sd;
    assert!(
        v_err > 0.0 && v_err <= 800.0 / 3.0 + 1e-9,
        "V_err = {v_err}"
    );
    // Without calibration the error share is 0 and every model is listed as without error.
    let plain = MonteCarlo {
        runs: 300,
        seed: 11,
    }
    .run(&s, &models::all(), &[], &|| {})
    .unwrap();
    let q = plain.variance.issues["p"];
    assert_eq!(q.shares.map(|x| x.model_error), Some(0.0));
    assert_eq!(
        plain.variance.without_model_error.len(),
        models::all().len()
    );
}

#[test]
fn parts_in_any_split_and_order_merge_to_the_whole_run_bit_for_bit() {
    use parley_core::uncertainty::McPartial;
    let mut s = scenario(10.0);
    s.questions[0].condition = Some("p >= 60".into());
    let cal = calibration();
    let ms = models::all();
    let never = parley_core::cancel::Cancel::never();
    let mc = MonteCarlo { runs: 97, seed: 5 };
    for cal in [None, Some(&cal)] {
        let whole = mc
            .run_calibrated(&s, &ms, &["q < 50".into()], cal, &|| {}, &never)
            .unwrap();
        for bounds in [vec![0, 97], vec![0, 1, 50, 97], vec![0, 30, 31, 60, 97]] {
            let mut parts: Vec<McPartial> = bounds
                .windows(2)
                .map(|w| {
                    let part = mc
                        .run_range(&s, &ms, &["q < 50".into()], cal, w[0]..w[1], &never)
                        .unwrap();
                    // Through bytes, as between processes.
                    McPartial::from_bytes(&part.to_bytes()).unwrap()
                })
                .collect();
            parts.reverse();
            let merged = mc.merge(&s, &ms, &["q < 50".into()], cal, parts).unwrap();
            assert_eq!(merged, whole, "split at {bounds:?}");
            assert_eq!(
                serde_json::to_string(&merged).unwrap(),
                serde_json::to_string(&whole).unwrap()
            );
        }
    }
    // A gap, an overlap, a range outside the runs and bad bytes are refused by name.
    let part = |a: usize, b: usize| mc.run_range(&s, &ms, &[], None, a..b, &never).unwrap();
    let gap = mc.merge(&s, &ms, &[], None, vec![part(0, 10), part(11, 97)]);
    assert!(gap.unwrap_err().to_string().contains("a gap at run 10"));
    let overlap = mc.merge(&s, &ms, &[], None, vec![part(0, 10), part(9, 97)]);
    assert!(
        overlap
            .unwrap_err()
            .to_string()
            .contains("an overlap at run 9")
    );
    let short = mc.merge(&s, &ms, &[], None, vec![part(0, 10)]);
    assert!(short.unwrap_err().to_string().contains("0..10, not 0..97"));
    assert!(mc.run_range(&s, &ms, &[], None, 90..98, &never).is_err());
    let mixed = mc.merge(&s, &ms, &[], Some(&cal), vec![part(0, 97)]);
    assert!(mixed.unwrap_err().to_string().contains("other models"));
    let bytes = part(0, 3).to_bytes();
    assert!(McPartial::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    assert!(McPartial::from_bytes(b"nonsense").is_err());
}

/// Without any range, Monte Carlo evaluates the models once and draws only each run's model
/// error. A zero-width range (low = high = the value) makes every run draw, and so run the
/// models, on the very same numbers: the two must agree bit for bit, pair shares, odds,
/// deals, errors and variance split included, whole or in parts, and count every run.
#[test]
fn without_ranges_one_evaluation_gives_the_per_run_results_bit_for_bit() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let mut fixed = scenario(0.0);
    fixed.questions[0].condition = Some("p >= 60".into());
    let mut drawn = fixed.clone();
    let position = &mut drawn.actors[0].stances["p"].position;
    position.spread = Some(Spread {
        low: position.value,
        high: position.value,
        distribution: Distribution::Triangular,
    });
    let cal = calibration();
    let ms = models::all();
    let never = parley_core::cancel::Cancel::never();
    let extra = ["q < 50".to_owned()];
    for (runs, seed) in [(1, 0), (64, 9)] {
        let mc = MonteCarlo { runs, seed };
        for cal in [None, Some(&cal)] {
            let counted = AtomicUsize::new(0);
            let count = || {
                counted.fetch_add(1, Ordering::Relaxed);
            };
            let once = mc
                .run_calibrated(&fixed, &ms, &extra, cal, &count, &never)
                .unwrap();
            assert_eq!(counted.load(Ordering::Relaxed), runs, "progress per run");
            let mut each = mc
                .run_calibrated(&drawn, &ms, &extra, cal, &|| {}, &never)
                .unwrap();
            assert_eq!((once.uncertain_inputs, each.uncertain_inputs), (0, 1));
            each.uncertain_inputs = 0;
            assert!(!once.pairs.is_empty() && !once.deals.is_empty());
            assert_eq!(
                serde_json::to_string(&once).unwrap(),
                serde_json::to_string(&each).unwrap(),
                "runs {runs}, calibrated {}",
                cal.is_some()
            );
            assert_eq!(once, each);
            if cal.is_some() && runs > 1 {
                // The model error still differs from run to run.
                assert!(once.models[0].with_model_error["p"].sd > 0.0);
            }
            if runs > 1 {
                let parts = [0..1, 1..40, 40..runs]
                    .into_iter()
                    .map(|r| mc.run_range(&fixed, &ms, &extra, cal, r, &never).unwrap())
                    .collect();
                let merged = mc.merge(&fixed, &ms, &extra, cal, parts).unwrap();
                assert_eq!(merged, once);
            }
        }
    }
}
