//! DEU III: the importer reproduces the independently measured baseline errors
//! (shared/data/README.md: midpoint 28.0, unweighted mean 23.7, salience-weighted mean 23.7,
//! GDP x salience weighted mean 23.2, Commission's position 37.7; MAE on 0-100 over 353 issues);
//! proposals group the issues; capabilities from population and Council votes.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;

use parley_core::Model;
use parley_core::backtest::{
    Baseline, Case, Half, Negotiation, Predictor, backtest, backtest_negotiations,
};
use parley_core::models::{Compromise, Eum, Exchange, Nbs};
use parley_scenario::deu::{Capability, Deu, DeuError, read};

fn real_file() -> String {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/deu/deu3.csv");
    std::fs::read_to_string(path).unwrap()
}

fn deu(capability: Capability) -> Deu {
    let deu = read(&real_file(), capability).unwrap();
    // 364 data rows, 11 without an outcome.
    assert_eq!((deu.issues.len(), deu.skipped), (353, 11));
    deu
}

fn cases(capability: Capability) -> Vec<Case> {
    deu(capability)
        .issues
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

/// `prnrnmc` (DEU's proposal number) of every issue, read straight from the file.
fn proposal_numbers() -> HashMap<String, usize> {
    let text = real_file();
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split('\t')
        .map(|h| h.trim_matches('"').to_owned())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (number, isnr) = (col("prnrnmc"), col("isnr"));
    lines
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').map(|x| x.trim_matches('"')).collect();
            (f[isnr].to_owned(), f[number].parse().unwrap())
        })
        .collect()
}

#[test]
fn proposals_group_the_issues_and_the_split_follows_deus_numbering() {
    let deu = deu(Capability::Gdp);
    assert_eq!(deu.negotiations.len(), 141);
    let scored = |g: &Negotiation| g.actual.iter().flatten().count();
    assert_eq!(deu.negotiations.iter().map(scored).sum::<usize>(), 353);
    assert_eq!(
        deu.negotiations.iter().filter(|g| scored(g) > 0).count(),
        137
    );
    let predictors = [Predictor::Baseline(Baseline::Midpoint)];
    let r = backtest_negotiations(&deu.negotiations, &predictors, 1);
    assert_eq!((r.cases, r.negotiations), (353, 137));
    // 30 one-issue proposals, one of them without an outcome.
    assert_eq!(r.single_issue_cases, 29);
    // The pre-registered split: odd-numbered proposals in half A.
    let numbers = proposal_numbers();
    for ((id, _, _), g) in r.forecasts.iter().zip(&r.groups) {
        let odd = numbers[id] % 2 == 1;
        assert_eq!(g.half == Half::A, odd, "{id}");
    }
    assert_eq!((r.halves[0].cases, r.halves[1].cases), (180, 173));
}

fn models() -> Vec<Predictor> {
    let model = |name: &str, m: Box<dyn Model>| Predictor::Model(name.into(), m);
    vec![
        model("compromise", Box::new(Compromise)),
        model("nbs", Box::<Nbs>::default()),
        model("eum", Box::<Eum>::default()),
        Predictor::ModelWithoutStatusQuo("nbs, no status quo".into(), Box::new(Nbs::default())),
    ]
}

#[test]
fn per_issue_models_forecast_the_same_per_proposal_as_per_issue() {
    let per_issue = backtest(&cases(Capability::Votes), &models(), 1);
    let per_proposal = backtest_negotiations(&deu(Capability::Votes).negotiations, &models(), 1);
    let by_id: HashMap<&str, &Vec<Option<f64>>> = per_issue
        .forecasts
        .iter()
        .map(|(id, _, f)| (id.as_str(), f))
        .collect();
    assert_eq!(per_proposal.forecasts.len(), 353);
    for (id, _, f) in &per_proposal.forecasts {
        for (a, b) in f.iter().zip(by_id[id.as_str()]) {
            assert!((a.unwrap() - b.unwrap()).abs() < 1e-9, "{id}: {a:?} {b:?}");
        }
    }
}

#[test]
fn the_exchange_model_trades_only_within_multi_issue_proposals() {
    let predictors = [
        Predictor::Baseline(Baseline::CapabilitySalienceWeightedMean),
        Predictor::Model("exchange".into(), Box::new(Exchange::default())),
    ];
    let r = backtest_negotiations(&deu(Capability::Gdp).negotiations, &predictors, 1);
    let mut moved = 0;
    for ((id, _, f), g) in r.forecasts.iter().zip(&r.groups) {
        let (mean, exchange) = (f[0].unwrap(), f[1].unwrap());
        if g.single_issue {
            // Nothing to trade: the starting point, the weighted mean.
            assert!((mean - exchange).abs() < 1e-9, "{id}: {mean} {exchange}");
        } else if (mean - exchange).abs() > 1e-6 {
            moved += 1;
        }
    }
    assert!(moved > 100, "trades moved {moved} of 324 issues");
}

/// Capability of `actor` in the proposal `proposal`.
fn capability_in(deu: &Deu, proposal: &str, actor: &str) -> f64 {
    let g = deu.negotiations.iter().find(|g| g.id == proposal).unwrap();
    let a = g.scenario.actors.iter().find(|a| a.id == actor).unwrap();
    a.capability.value
}

#[test]
fn council_votes_and_population_on_the_real_file() {
    let votes = deu(Capability::Votes);
    // 2000, qualified majority, EU-15 weights (Article 148(2) EC).
    assert_eq!(capability_in(&votes, "d00032", "de"), 10.0);
    assert_eq!(capability_in(&votes, "d00032", "com"), 10.0);
    // 2003, but Poland coded: decided under the Nice weights.
    assert_eq!(capability_in(&votes, "n03318", "de"), 29.0);
    assert_eq!(capability_in(&votes, "n03318", "pl"), 27.0);
    // Unanimity: every state and both institutions 1.
    assert_eq!(capability_in(&votes, "n98087", "de"), 1.0);
    assert_eq!(capability_in(&votes, "n98087", "com"), 1.0);
    // 2014: the Lisbon double majority, population on 1 January 2016 (millions).
    assert_eq!(capability_in(&votes, "d140100", "de"), 82.175_684);
    let population = deu(Capability::Population);
    assert_eq!(capability_in(&population, "d00032", "de"), 82.437_995);
    assert_eq!(capability_in(&population, "d00032", "ep"), 82.437_995);
    assert_eq!(capability_in(&population, "d140100", "de"), 82.175_684);
}

/// A small file in the DEU layout: Commission at 100 (salience 50), Germany at 0 and
/// Luxembourg or Poland at 100 (salience 100).
const SMALL: &str = "\
\"prnrnmc\"\t\"prnr\"\t\"isnr\"\t\"counvte\"\t\"pcom\"\t\"pde\"\t\"plu\"\t\"ppl\"\t\"scom\"\t\"sde\"\t\"slu\"\t\"spl\"\t\"rp\"\t\"out\"
\t\t\t\t\"4.1\"\t\"4.1\"\t\"0.08\"\t\"0.75\"\t\t\t\t\t\t
1\td00001\td00001i1\tQMV\t100\t0\t100\t\t50\t100\t100\t\t\t40
2\td05001\td05001i1\tQMV\t100\t0\t100\t\t50\t100\t100\t\t\t40
3\td05002\td05002i1\tUnan\t100\t0\t100\t\t50\t100\t100\t\t\t40
4\td16001\td16001i1\tQMV\t100\t0\t\t100\t50\t100\t\t100\t\t40
5\tn99001\tn99001i1\tQMV\t100\t0\t\t100\t50\t100\t\t100\t\t40
";

/// The capability x salience weighted mean of the small file's issues.
fn weighted_means(capability: Capability) -> Vec<f64> {
    let deu = read(SMALL, capability).unwrap();
    let predictors = [Predictor::Baseline(
        Baseline::CapabilitySalienceWeightedMean,
    )];
    let r = backtest_negotiations(&deu.negotiations, &predictors, 1);
    r.forecasts.iter().map(|(_, _, f)| f[0].unwrap()).collect()
}

#[test]
fn hand_computed_weighted_means_under_council_votes() {
    let got = weighted_means(Capability::Votes);
    let mean = |c: [f64; 3], s: [f64; 3], x: [f64; 3]| {
        let w: Vec<f64> = c.iter().zip(s).map(|(c, s)| c * s).collect();
        w.iter().zip(x).map(|(w, x)| w * x).sum::<f64>() / w.iter().sum::<f64>()
    };
    let (s, x) = ([0.5, 1.0, 1.0], [100.0, 0.0, 100.0]);
    let (de16, pl16) = (82.175_684, 37.967_209);
    let want = [
        // 2000, EU-15 weights: com 10 (as Germany), de 10, lu 2:
        // (10 x 0.5 x 100 + 2 x 100) / (5 + 10 + 2) = 700 / 17.
        700.0 / 17.0,
        // 2005, Nice: com 29, de 29, lu 4: (1450 + 400) / (14.5 + 29 + 4) = 1850 / 47.5.
        1850.0 / 47.5,
        // Unanimity: all 1: (50 + 100) / 2.5 = 60.
        60.0,
        // 2016, Lisbon: population 2016 in millions, com as Germany.
        mean([de16, de16, pl16], s, x),
        // 1999, but Poland coded: Nice: com 29, de 29, pl 27: (1450 + 2700) / 70.5.
        4150.0 / 70.5,
    ];
    assert_eq!(want[3], (de16 * 50.0 + pl16 * 100.0) / (de16 * 1.5 + pl16));
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 1e-9, "{got:?} {want:?}");
    }
}

#[test]
fn hand_computed_weighted_means_under_population() {
    let got = weighted_means(Capability::Population);
    // 1 January 2006 before 2014 (de 82.437995, lu 0.469086, pl 38.157055; com as de), 2016
    // from 2014 (de 82.175684, pl 37.967209).
    let (de, lu, pl) = (82.437_995, 0.469_086, 38.157_055);
    let (de16, pl16) = (82.175_684, 37.967_209);
    let with_lu = (de * 50.0 + lu * 100.0) / (de * 1.5 + lu);
    let want = [
        with_lu,
        with_lu,
        with_lu,
        (de16 * 50.0 + pl16 * 100.0) / (de16 * 1.5 + pl16),
        (de * 50.0 + pl * 100.0) / (de * 1.5 + pl),
    ];
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 1e-9, "{got:?} {want:?}");
    }
}

#[test]
fn bad_rules_proposals_and_states_are_located() {
    let votes = |text: &str| read(text, Capability::Votes).unwrap_err();
    let bad_rule = SMALL.replace("\tUnan\t", "\tMajority\t");
    assert_eq!(
        votes(&bad_rule),
        DeuError::BadRule {
            line: 5,
            text: "Majority".into()
        }
    );
    let bad_id = SMALL.replace("d05001\td05001i1", "05001\t05001i1");
    assert_eq!(
        votes(&bad_id),
        DeuError::BadProposal {
            line: 4,
            text: "05001".into()
        }
    );
    let unknown = SMALL
        .replace("\"plu\"", "\"pxx\"")
        .replace("\"slu\"", "\"sxx\"");
    assert!(matches!(
        votes(&unknown),
        DeuError::UnknownState { line: 3, ref code, .. } if code == "xx"
    ));
    let no_rule = SMALL.replace("\"counvte\"", "\"vote\"");
    assert_eq!(votes(&no_rule), DeuError::MissingColumn("counvte"));
    // Without Council figures none of this is needed.
    assert!(read(&bad_id, Capability::Gdp).is_ok());
}

/// A repeated row, a missing GDP line, empty ids and GDP figures that are no positive number
/// are refused with their line (sweep6 B1-B3: each was read silently, the repeat scored twice,
/// the first row taken for the GDP line, a bad figure read as capability 1).
#[test]
fn repeats_a_missing_gdp_line_and_bad_gdp_figures_are_located() {
    let gdp = |text: &str| read(text, Capability::Gdp).unwrap_err();
    let line4 = SMALL.lines().nth(3).unwrap();
    let repeated = format!("{SMALL}{line4}\n");
    assert_eq!(
        gdp(&repeated),
        DeuError::Repeated {
            line: 8,
            first: 4,
            isnr: "d05001i1".into(),
            prnr: "d05001".into()
        }
    );
    // The same issue id under another proposal is another case.
    let other = format!("{SMALL}{}\n", line4.replace("\td05001\t", "\td05009\t"));
    assert_eq!(read(&other, Capability::Gdp).unwrap().issues.len(), 6);
    let no_gdp: String = SMALL
        .lines()
        .enumerate()
        .filter(|(k, _)| *k != 1)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let e = gdp(&no_gdp);
    assert_eq!(
        e,
        DeuError::NoGdpLine {
            prnr: "d00001".into(),
            isnr: "d00001i1".into()
        }
    );
    assert!(e.to_string().contains("empty 'prnr' and 'isnr'"), "{e}");
    // Refused under every capability: the first issue would be lost under any.
    assert!(matches!(
        read(&no_gdp, Capability::Equal),
        Err(DeuError::NoGdpLine { .. })
    ));
    let no_id = SMALL.replace("\td05002i1\t", "\t\t");
    assert_eq!(
        gdp(&no_id),
        DeuError::MissingId {
            line: 5,
            column: "isnr"
        }
    );
    // Luxembourg's GDP (0.08, line 2) replaced.
    let with_lu = |figure: &str| SMALL.replace("\"0.08\"", &format!("\"{figure}\""));
    assert_eq!(
        gdp(&with_lu("abc")),
        DeuError::GdpNotANumber {
            column: "plu".into(),
            text: "abc".into()
        }
    );
    for bad in ["-100", "0"] {
        assert_eq!(
            gdp(&with_lu(bad)),
            DeuError::BadCapability {
                column: "plu".into(),
                text: bad.into()
            }
        );
    }
    // Luxembourg has a position first on line 3.
    assert_eq!(
        gdp(&with_lu("")),
        DeuError::MissingGdp {
            column: "plu".into(),
            line: 3
        }
    );
    // Other capabilities do not read the figures.
    assert!(read(&with_lu("abc"), Capability::Equal).is_ok());
    // A blank figure for an actor without any position is never used.
    let unused = SMALL
        .replace("\"0.08\"", "\"\"")
        .replace("\t100\t\t50\t100\t100\t\t\t40", "\t\t\t50\t100\t\t\t\t40");
    let deu = read(&unused, Capability::Gdp).unwrap();
    assert!(
        deu.negotiations
            .iter()
            .all(|g| g.scenario.actors.iter().all(|a| a.id != "lu"))
    );
}
