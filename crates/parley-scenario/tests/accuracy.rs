//! Issue 15 on the real DEU III file: the accuracy candidates' rows exist on the full sample
//! and both halves, every choice is made on half A only (changing every half-B outcome changes
//! no choice), and the importer gives each issue its decision rule and procedure.
#![allow(clippy::unwrap_used)]

use parley_core::accuracy::{Family, FamilyKind, preregistered};
use parley_core::backtest::{Baseline, Half, Predictor, backtest_with_families};
use parley_core::models::Nbs;
use parley_core::procedure::{Procedure, VotingRule};
use parley_scenario::deu::{Capability, read};

fn real_file() -> String {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/deu/deu3.csv");
    std::fs::read_to_string(path).unwrap()
}

/// The baselines and the NBS without the reversion point (the stacking's cheap bases; the
/// slow models are left out so that the test runs fast in a debug build).
fn predictors() -> Vec<Predictor> {
    vec![
        Predictor::Baseline(Baseline::Midpoint),
        Predictor::Baseline(Baseline::CapabilitySalienceWeightedMean),
        Predictor::ModelWithoutStatusQuo(
            "nbs, reversion point ignored (least agreement)".into(),
            Box::new(Nbs::default()),
        ),
    ]
}

/// The procedural, reference-point and stacking families (the EUM/SMP variants left out for
/// speed; the stacking's references to families 0 and 1 stay valid).
fn families() -> Vec<Family> {
    preregistered()
        .into_iter()
        .filter(|f| !f.name.starts_with("eum/smp"))
        .collect()
}

#[test]
fn the_importer_gives_rule_and_procedure() {
    let deu = read(&real_file(), Capability::Gdp).unwrap();
    let decisions: Vec<_> = deu
        .negotiations
        .iter()
        .flat_map(|g| g.scenario.issues.iter().map(|i| i.decision.clone()))
        .collect();
    // Every row codes both (counts in the file: COD/QMV 188, COD/Unan 28, CNS/QMV 99
    // incl. QMV(10), CNS/Unan 49), among them the rows without an outcome.
    assert!(decisions.iter().all(Option::is_some));
    let count = |p: Procedure, r: VotingRule| {
        decisions
            .iter()
            .flatten()
            .filter(|d| d.procedure == p && d.rule == r)
            .count()
    };
    assert_eq!(
        count(Procedure::Codecision, VotingRule::QualifiedMajority),
        188
    );
    assert_eq!(count(Procedure::Codecision, VotingRule::Unanimity), 28);
    assert_eq!(
        count(Procedure::Consultation, VotingRule::QualifiedMajority),
        99
    );
    assert_eq!(count(Procedure::Consultation, VotingRule::Unanimity), 49);
    let d = decisions[0].as_ref().unwrap();
    assert_eq!(
        (d.agenda_setter.as_str(), d.parliament.as_deref()),
        ("com", Some("ep"))
    );
}

#[test]
fn candidate_rows_exist_and_every_choice_is_made_on_half_a() {
    let deu = read(&real_file(), Capability::Gdp).unwrap();
    let r = backtest_with_families(&deu.negotiations, &predictors(), &families(), 0);
    let acc = r.accuracy.as_ref().unwrap();
    assert_eq!(acc.families.len(), 3);
    assert_eq!(acc.reference, "capability x salience weighted mean");
    for f in &acc.families {
        assert!(r.rows.iter().any(|row| row.name == f.name), "{}", f.name);
        for h in &r.halves {
            let row = h.rows.iter().find(|row| row.name == f.name).unwrap();
            assert!(row.n > 0 && row.mae.is_finite());
            assert!(row.versus_best_baseline.is_some());
        }
        // The cross-validation scores half-A cases only: 180 of them.
        assert_eq!(f.cv_cases, 180, "{f:?}");
    }
    // Every half-B outcome moved to the other end of the scale: no choice may change.
    let mut flipped = deu.negotiations.clone();
    for (k, g) in flipped.iter_mut().enumerate() {
        if Half::of(k) == Half::B {
            for a in g.actual.iter_mut().flatten() {
                a.outcome = 100.0 - a.outcome;
            }
        }
    }
    let s = backtest_with_families(&flipped, &predictors(), &families(), 0);
    let t = s.accuracy.as_ref().unwrap();
    assert_eq!(t, acc);
    // ... while the half-B rows do change.
    let b = |x: &parley_core::backtest::Backtest| x.halves[1].rows[1].mae;
    assert_ne!(b(&r), b(&s));
}

#[test]
fn stacking_without_its_bases_is_reported_not_a_panic() {
    // Only the midpoint: the stacking's named rows are absent, so it stacks the two families.
    let deu = read(&real_file(), Capability::Gdp).unwrap();
    let only = vec![Predictor::Baseline(Baseline::Midpoint)];
    let r = backtest_with_families(&deu.negotiations, &only, &families(), 0);
    let acc = r.accuracy.unwrap();
    assert!(
        acc.families[2].chosen.contains("cell 1"),
        "{}",
        acc.families[2].chosen
    );
    assert!(matches!(
        preregistered()[3].kind,
        FamilyKind::Stacking(ref b) if b.len() == 7
    ));
}

/// The shipped experimental models carry exactly the settings their families choose on half
/// A. Half B's outcomes are blanked, so its proposals are not even run: the choice cannot
/// depend on them.
#[test]
fn shipped_models_carry_the_settings_chosen_on_half_a() {
    use parley_core::models::{Procedural, ReferencePoint, SmpHalfA};
    let mut deu = read(&real_file(), Capability::Gdp).unwrap();
    for (k, g) in deu.negotiations.iter_mut().enumerate() {
        if Half::of(k) == Half::B {
            g.actual.iter_mut().for_each(|a| *a = None);
        }
    }
    let families: Vec<Family> = preregistered().into_iter().take(3).collect();
    let only = vec![Predictor::Baseline(
        Baseline::CapabilitySalienceWeightedMean,
    )];
    let r = backtest_with_families(&deu.negotiations, &only, &families, 0);
    let acc = r.accuracy.unwrap();
    let chosen: Vec<&str> = acc.families.iter().map(|f| f.chosen.as_str()).collect();
    let p = Procedural::default().params;
    let q = ReferencePoint::default().params;
    let s = SmpHalfA::params();
    assert_eq!(
        chosen,
        [
            format!(
                "procedural t={} codecision={:?} lambda={}",
                p.threshold, p.codecision, p.lambda
            ),
            format!("reference point beta={} weight={:?}", q.beta, q.weight),
            format!("smp voting={} victory={}", s.voting_rule, s.victory_prob),
        ]
    );
    // The EUM/SMP family has the lowest cross-validated MAE of these three on half A.
    assert_eq!(acc.selected, Some(2));
}

#[test]
fn choices_do_not_depend_on_the_thread_count() {
    let deu = read(&real_file(), Capability::Gdp).unwrap();
    let run = |threads| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| backtest_with_families(&deu.negotiations, &predictors(), &families(), 5))
    };
    assert_eq!(run(1), run(2));
}
