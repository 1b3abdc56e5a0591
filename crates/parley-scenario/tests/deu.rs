//! DEU III: the importer reproduces the independently measured baseline errors
//! (shared/data/README.md: midpoint 28.0, unweighted mean 23.7, salience-weighted mean 23.7,
//! GDP x salience weighted mean 23.2, Commission's position 37.7; MAE on 0-100 over 353 issues).
#![allow(clippy::unwrap_used)]

use parley_core::backtest::{Baseline, Case, Predictor, backtest};
use parley_core::models::Compromise;
use parley_scenario::deu::{Capability, read};

fn cases(capability: Capability) -> Vec<Case> {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/deu/deu3.csv");
    let deu = read(&std::fs::read_to_string(path).unwrap(), capability).unwrap();
    // 364 data rows, 11 without an outcome.
    assert_eq!((deu.issues.len(), deu.skipped), (353, 11));
    deu.issues
        .into_iter()
        .map(|i| Case {
            id: i.id,
            scenario: i.scenario,
            outcome: i.outcome,
        })
        .collect()
}

#[test]
fn baselines_reproduce_the_reference_errors() {
    let predictors = vec![
        Predictor::Baseline(Baseline::Midpoint),
        Predictor::Baseline(Baseline::UnweightedMean),
        Predictor::Baseline(Baseline::SalienceWeightedMean),
        Predictor::Baseline(Baseline::Actor("com".into())),
    ];
    let r = backtest(&cases(Capability::Equal), &predictors, 1);
    let got: Vec<(usize, f64)> = r.rows.iter().map(|x| (x.n, x.mae)).collect();
    let want = [(353, 28.0), (353, 23.7), (353, 23.7), (348, 37.7)];
    for ((n, mae), (wn, wmae)) in got.iter().zip(want) {
        assert_eq!(*n, wn);
        assert!((mae - wmae).abs() < 0.05, "{got:?}");
    }
    assert_eq!(r.best_baseline, "salience-weighted mean");
}

#[test]
fn the_compromise_model_with_gdp_is_the_gdp_salience_weighted_mean() {
    let predictors = vec![
        Predictor::Baseline(Baseline::SalienceWeightedMean),
        Predictor::Model("compromise (GDP)".into(), Box::new(Compromise)),
    ];
    let r = backtest(&cases(Capability::Gdp), &predictors, 1);
    assert!((r.rows[1].mae - 23.2).abs() < 0.05, "{:?}", r.rows[1]);
    let [diff, lo, hi] = r.rows[1].versus_best_baseline.unwrap();
    assert!(lo <= diff && diff <= hi, "{diff} in [{lo}, {hi}]");
}
