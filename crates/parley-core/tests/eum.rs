//! The expected utility model (EUM) against its reference implementations, on hand-computed
//! cases, on degenerate inputs and on random scenarios.
//!
//! # Reference values
//!
//! The constants below are numbers (never code) copied at full double precision (Python
//! `repr`) from runs of the two reference implementations on Bueno de Mesquita's three
//! published inputs, read from `shared/data/bdm/` beside the repository (CR-only line endings):
//! `emission_standards_BDM1994_ExampleActors.csv` (EC car-emission standards, BDM 1994, 10
//! actors, positions in years 4-10), `china_1989_ChinaData.csv` (24 actors, positions 10-100)
//! and `HondurasCrisisData.csv` (5 actors, positions 0-1). Round 0 is the input.
//!
//! - `SCHOLZ_*`: `github.com/jmckib/bdm-scholz-expected-utility-model` at commit
//!   `55f63e9f2b9528119491d292efab8cfe7f91f78f`, file `bdm_scholz_model.py` (class
//!   `BDMScholzModel`), unmodified, under Python 2.7.18, Q = 1. Salience divided by 100 for
//!   emission and China, as is for Honduras (already 0-1); positions and capabilities raw.
//!   Produced by the research harness `run_scholz_port.py` (kept with the research notes, not in
//!   this repository), which builds the port's model with its own constructor, calls the port's
//!   `update_risk_aversions()` and `Actor.best_offer()`, applies the offers simultaneously as
//!   `update_positions()` does and records `median_position()` and `mean_position()`:
//!   `python2.7 run_scholz_port.py shared/data/bdm/<file> 20 --salience-div 100 --fast`
//!   (`--salience-div 1` for Honduras). `--fast` only memoises the all-triples denominator and
//!   the danger levels; it was checked bit-identical to the unmodified code path on emission
//!   (8 rounds), Honduras (20) and China (3), and the emission rounds 0-8 equal the stdout of
//!   the port's own `run_model` (printed with `%r`).
//! - `CONVERGENT_*`: `github.com/hamzagul07/schelling` at commit
//!   `e4faad65b4ff6ef618eb8090aeb71b1fbb44c46a`, `src/schelling/solver/*`, unmodified, Python
//!   3.12.1 with numpy and pydantic, with the replication configuration of its
//!   `tests/test_replication.py` (its `SolverConfig` defaults: dynamic range, q = 1, risk on,
//!   adversary security, conflict_resolves = False, epsilon 0.5, patience 2, 20 rounds),
//!   through `schelling.solver.model.run` via the research harness `run_schelling.py`:
//!   `python run_schelling.py shared/data/bdm/emission_standards_schelling_fixture.json`
//!   (the emission CSV gives the same numbers), `... china_1989_ChinaData.csv`,
//!   `... HondurasCrisisData.csv --sal-mult 100`; `*_NOSTOP_*` with `--nostop` (epsilon 0, so
//!   all 20 rounds are played).
//!
//! Parley must reproduce every value to 1e-9 on the issue's own scale (it does to about 1e-12;
//! the summation order differs from the references', and the closest any branch decision comes
//! to a tie on these inputs is 1.75e-6, so 1e-9 is safe). The published rounding of the scholz
//! trajectory, 8.83 and 7.42 in round 7 and 6, is a double rounding of 8.82459 and 7.41488.
//!
//! Run more random cases with `PROPTEST_CASES=10000 cargo test -p parley-core --test eum`.
#![allow(clippy::unwrap_used)]

use parley_core::model::StopReason;
use parley_core::models::eum::{
    Convergence, Eum, EumIssueRun, EumRun, EumVariant, Interaction, OfferChoice,
};
use parley_core::{Actor, ForecastStatus, Inputs, Issue, Model, Scenario};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Agreement with the references, on the issue's own scale.
const TOL: f64 = 1e-9;

// ---------------------------------------------------------------------------------------------
// Reference values (provenance above)
// ---------------------------------------------------------------------------------------------

include!("data/eum_references.rs");

/// scholz, emission: every actor's position (file order), rounds 0-8.
const SCHOLZ_EMISSION_POSITIONS: [[f64; 10]; 9] = [
    [4.0, 7.0, 4.0, 4.0, 10.0, 10.0, 10.0, 7.0, 4.0, 7.0],
    [
        4.0,
        8.415932315426764,
        7.0,
        4.0,
        10.0,
        10.0,
        10.0,
        4.0,
        4.0,
        7.0,
    ],
    [
        4.0,
        9.610859134120188,
        8.415932315426764,
        4.0,
        10.0,
        10.0,
        10.0,
        7.0,
        4.0,
        7.0,
    ],
    [
        4.0,
        9.961979590401311,
        9.610859134120188,
        4.0,
        10.0,
        10.0,
        10.0,
        8.415932315426764,
        4.0,
        7.0,
    ],
    [
        4.0,
        4.800881140632622,
        9.961979590401311,
        4.0,
        10.0,
        10.0,
        10.0,
        9.610859134120188,
        4.0,
        7.0,
    ],
    [
        4.0,
        5.524237694197356,
        4.800881140632622,
        4.0,
        10.0,
        10.0,
        10.0,
        9.961979590401311,
        4.0,
        7.0,
    ],
    [
        4.0,
        7.47204636191629,
        5.524237694197356,
        4.0,
        10.0,
        10.0,
        10.0,
        5.524237694197356,
        4.0,
        7.0,
    ],
    [
        4.0,
        8.824593855262423,
        7.47204636191629,
        4.0,
        10.0,
        10.0,
        10.0,
        7.47204636191629,
        4.0,
        7.0,
    ],
    [
        4.0,
        9.671129769802048,
        8.824593855262423,
        4.0,
        10.0,
        10.0,
        10.0,
        8.824593855262423,
        4.0,
        7.0,
    ],
];

/// scholz, emission: risk exponents of round 1 (file order).
const SCHOLZ_EMISSION_RISK_1: [f64; 10] = [
    1.4056527842180304,
    0.7541959272436861,
    0.5088637910269406,
    1.4056527842180304,
    1.0465238960570615,
    1.0465238960570615,
    1.9648982295073372,
    0.5000000000000001,
    1.9999999999999998,
    1.112124970858258,
];

/// convergent, emission: every actor's position (file order), rounds 0-3.
const CONVERGENT_EMISSION_POSITIONS: [[f64; 10]; 4] = [
    [4.0, 7.0, 4.0, 4.0, 10.0, 10.0, 10.0, 7.0, 4.0, 7.0],
    [
        4.0,
        7.0,
        4.0,
        4.0,
        10.0,
        10.0,
        10.0,
        7.0,
        4.096969398859013,
        9.529952167929912,
    ],
    [
        4.072039529221444,
        7.0,
        4.030374630473833,
        4.072039529221444,
        10.0,
        10.0,
        10.0,
        7.0,
        5.3097055514201426,
        9.529952167929912,
    ],
    [
        5.05723618325649,
        7.107796122245403,
        4.43040767783921,
        5.05723618325649,
        10.0,
        10.0,
        10.0,
        7.0,
        9.368502741306418,
        9.529952167929912,
    ],
];

/// convergent, emission: risk exponents of round 1 (file order).
const CONVERGENT_EMISSION_RISK_1: [f64; 10] = [
    1.1171814836347258,
    1.0044068668451893,
    0.5000000000000001,
    1.1171814836347258,
    1.0175816191043199,
    1.0175816191043199,
    2.000000000000001,
    0.6482639175844046,
    1.4537115593223335,
    1.5568747785786858,
];

/// scholz, emission, rounds 1-8: who moved, how, and whose offer it took (the port's offers
/// file from the same run). Only Belgium, Luxembourg and Ireland ever move; in round 4 Belgium
/// takes the Netherlands' compromise because its EU-weighted position is the lowest.
const SCHOLZ_EMISSION_MOVES: [(usize, &str, Interaction, &str); 24] = [
    (1, "Belgium", Interaction::Compromise, "France"),
    (1, "Luxembourg", Interaction::Conflict, "Belgium"),
    (1, "Ireland", Interaction::Conflict, "Luxembourg"),
    (2, "Belgium", Interaction::Compromise, "France"),
    (2, "Luxembourg", Interaction::Conflict, "Belgium"),
    (2, "Ireland", Interaction::Conflict, "Luxembourg"),
    (3, "Belgium", Interaction::Compromise, "France"),
    (3, "Luxembourg", Interaction::Conflict, "Belgium"),
    (3, "Ireland", Interaction::Conflict, "Luxembourg"),
    (4, "Belgium", Interaction::Compromise, "Netherlands"),
    (4, "Luxembourg", Interaction::Conflict, "Belgium"),
    (4, "Ireland", Interaction::Conflict, "Luxembourg"),
    (5, "Belgium", Interaction::Compromise, "France"),
    (5, "Luxembourg", Interaction::Conflict, "Belgium"),
    (5, "Ireland", Interaction::Conflict, "Luxembourg"),
    (6, "Belgium", Interaction::Compromise, "France"),
    (6, "Luxembourg", Interaction::Conflict, "Belgium"),
    (6, "Ireland", Interaction::Conflict, "Belgium"),
    (7, "Belgium", Interaction::Compromise, "France"),
    (7, "Luxembourg", Interaction::Conflict, "Belgium"),
    (7, "Ireland", Interaction::Conflict, "Belgium"),
    (8, "Belgium", Interaction::Compromise, "France"),
    (8, "Luxembourg", Interaction::Conflict, "Belgium"),
    (8, "Ireland", Interaction::Conflict, "Belgium"),
];

/// convergent, emission: the movers of rounds 1-3 (schelling's offers file): in round 1 Greece
/// compromises towards the 10-year bloc (7 -> 9.53, the new median) and Denmark edges up.
const CONVERGENT_EMISSION_MOVERS: [(usize, &[&str]); 3] = [
    (1, &["Denmark", "Greece"]),
    (2, &["Netherlands", "Luxembourg", "Germany", "Denmark"]),
    (
        3,
        &["Netherlands", "Belgium", "Luxembourg", "Germany", "Denmark"],
    ),
];

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// One of Bueno de Mesquita's input tables: a header, then `name,capability,position,salience`
/// rows. The files end lines with a bare CR (old Mac), so any of CR and LF ends a line.
/// Salience is divided by `salience_divisor` (100 where the file codes it 0-100); the single
/// issue gets the scale `scale`. `mirror` reflects every position within the scale.
fn bdm(
    file: &str,
    salience_divisor: f64,
    scale: (f64, f64),
    mirror: bool,
) -> (Inputs, Vec<String>) {
    let path = format!(
        "{}/../../../shared/data/bdm/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (shared/ must lie beside the repository)"));
    let mut s = Scenario::named(file);
    s.issues.push(Issue::new("x").with_scale(scale.0, scale.1));
    let mut names = Vec::new();
    for line in text
        .split(['\r', '\n'])
        .skip(1)
        .filter(|l| !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        assert_eq!(f.len(), 4, "{file}: {line:?}");
        let num = |k: usize| f[k].parse::<f64>().unwrap();
        let position = if mirror {
            scale.0 + scale.1 - num(2)
        } else {
            num(2)
        };
        s.actors
            .push(Actor::new(format!("a{}", names.len()), num(1)).with_stance(
                "x",
                position,
                num(3) / salience_divisor,
            ));
        names.push(f[0].to_owned());
    }
    (Inputs::from_scenario(&s).unwrap(), names)
}

fn emission() -> (Inputs, Vec<String>) {
    bdm(
        "emission_standards_BDM1994_ExampleActors.csv",
        100.0,
        (4.0, 10.0),
        false,
    )
}

fn china() -> Inputs {
    bdm("china_1989_ChinaData.csv", 100.0, (0.0, 100.0), false).0
}

fn honduras() -> Inputs {
    bdm("HondurasCrisisData.csv", 1.0, (0.0, 1.0), false).0
}

/// One issue on 0-100 with actors `(capability, position, salience)`.
fn one_issue(actors: &[(f64, f64, f64)]) -> Inputs {
    let mut s = Scenario::named("t");
    s.issues.push(Issue::new("x"));
    for (k, &(c, x, sal)) in actors.iter().enumerate() {
        s.actors
            .push(Actor::new(format!("a{k}"), c).with_stance("x", x, sal));
    }
    Inputs::from_scenario(&s).unwrap()
}

/// `rounds` rounds without a stopping rule.
fn rounds(model: Eum, rounds: usize) -> Eum {
    Eum {
        max_rounds: rounds,
        convergence: None,
        ..model
    }
}

fn issue(run: &EumRun) -> &EumIssueRun {
    &run.issues[0]
}

/// Medians and means per round on the issue's own scale.
fn trajectory(inputs: &Inputs, run: &EumRun) -> (Vec<f64>, Vec<f64>) {
    let scale = inputs.scale(0);
    let r = &issue(run).rounds;
    (
        r.iter().map(|r| scale.from_internal(r.median)).collect(),
        r.iter().map(|r| scale.from_internal(r.mean)).collect(),
    )
}

fn assert_all_close(what: &str, got: &[f64], want: &[f64], tol: f64) {
    assert_eq!(got.len(), want.len(), "{what}: {got:?}");
    for (t, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= tol,
            "{what}[{t}]: {g} vs {w} (off by {:e})",
            g - w
        );
    }
}

/// Checks a run against a reference trajectory of medians and means.
fn assert_trajectory(what: &str, inputs: &Inputs, run: &EumRun, median: &[f64], mean: &[f64]) {
    let (m, a) = trajectory(inputs, run);
    assert_all_close(&format!("{what} median"), &m, median, TOL);
    assert_all_close(&format!("{what} mean"), &a, mean, TOL);
}

// ---------------------------------------------------------------------------------------------
// The references
// ---------------------------------------------------------------------------------------------

#[test]
fn scholz_reproduces_the_port_on_the_emission_case() {
    let (inputs, names) = emission();
    let scale = inputs.scale(0);
    // Scholz's Table 2 has 8 rounds, the variant's default.
    let run = Eum::scholz().simulate(&inputs).unwrap();
    assert_trajectory(
        "emission, 8 rounds",
        &inputs,
        &run,
        &SCHOLZ_EMISSION_MEDIAN[..9],
        &SCHOLZ_EMISSION_MEAN[..9],
    );
    assert_eq!(run.outcome.stop, Some(StopReason::MaxRounds { rounds: 8 }));
    let f = run.outcome.forecasts[0].value;
    assert!((scale.from_internal(f) - 9.671129769802048).abs() < TOL);
    // Every actor's position in every round, and round 1's risk exponents.
    for (t, want) in SCHOLZ_EMISSION_POSITIONS.iter().enumerate() {
        let got: Vec<f64> = issue(&run).rounds[t]
            .positions
            .iter()
            .map(|&x| scale.from_internal(x))
            .collect();
        assert_all_close(&format!("positions, round {t}"), &got, want, TOL);
    }
    assert_all_close(
        "risk, round 1",
        &issue(&run).rounds[1].risk,
        &SCHOLZ_EMISSION_RISK_1,
        TOL,
    );
    // Who moved, how, on whose offer.
    let mut moves = Vec::new();
    for (t, r) in issue(&run).rounds.iter().enumerate().skip(1) {
        for m in &r.moves {
            moves.push((
                t,
                names[m.actor].as_str(),
                m.kind,
                names[m.proposer].as_str(),
            ));
        }
    }
    assert_eq!(moves, SCHOLZ_EMISSION_MOVES);
}

#[test]
fn scholz_keeps_following_the_port_for_twenty_rounds() {
    // The port never settles: the emission case cycles, China's mean alternates from round 6,
    // Honduras alternates between 0.5 and 0.123 from round 1.
    let model = rounds(Eum::scholz(), 20);
    let (emission, _) = emission();
    let run = model.simulate(&emission).unwrap();
    assert_trajectory(
        "emission",
        &emission,
        &run,
        &SCHOLZ_EMISSION_MEDIAN,
        &SCHOLZ_EMISSION_MEAN,
    );
    let china = china();
    let run = model.simulate(&china).unwrap();
    assert_trajectory(
        "china",
        &china,
        &run,
        &SCHOLZ_CHINA_MEDIAN,
        &SCHOLZ_CHINA_MEAN,
    );
    let honduras = honduras();
    let run = model.simulate(&honduras).unwrap();
    assert_trajectory(
        "honduras",
        &honduras,
        &run,
        &SCHOLZ_HONDURAS_MEDIAN,
        &SCHOLZ_HONDURAS_MEAN,
    );
    // Honduras, round 1: the United States compromises towards Honduras.
    let m = &issue(&run).rounds[1].moves;
    assert_eq!(m.len(), 1);
    assert_eq!(
        (m[0].actor, m[0].proposer, m[0].kind),
        (3, 1, Interaction::Compromise)
    );
}

#[test]
fn convergent_settles_the_emission_case_at_9_53_after_3_rounds() {
    let (inputs, names) = emission();
    let scale = inputs.scale(0);
    let run = Eum::default().simulate(&inputs).unwrap();
    assert_eq!(run.variant, EumVariant::Convergent);
    assert_eq!(issue(&run).stop, Some(StopReason::Converged { rounds: 3 }));
    assert_eq!(run.outcome.stop, Some(StopReason::Converged { rounds: 3 }));
    let f = scale.from_internal(run.outcome.forecasts[0].value);
    assert!((f - 9.529952167929912).abs() < TOL, "{f}");
    assert_trajectory(
        "emission",
        &inputs,
        &run,
        &CONVERGENT_EMISSION_MEDIAN,
        &CONVERGENT_EMISSION_MEAN,
    );
    for (t, want) in CONVERGENT_EMISSION_POSITIONS.iter().enumerate() {
        let got: Vec<f64> = issue(&run).rounds[t]
            .positions
            .iter()
            .map(|&x| scale.from_internal(x))
            .collect();
        assert_all_close(&format!("positions, round {t}"), &got, want, TOL);
    }
    assert_all_close(
        "risk, round 1",
        &issue(&run).rounds[1].risk,
        &CONVERGENT_EMISSION_RISK_1,
        TOL,
    );
    for (t, movers) in CONVERGENT_EMISSION_MOVERS {
        let got: Vec<&str> = issue(&run).rounds[t]
            .moves
            .iter()
            .map(|m| names[m.actor].as_str())
            .collect();
        assert_eq!(got, movers, "round {t}");
    }
    // The common outcome carries the same rounds: the start and 3 rounds, medians as forecasts.
    assert_eq!(run.outcome.rounds.len(), 4);
    for (r, rec) in run.outcome.rounds.iter().zip(&issue(&run).rounds) {
        assert_eq!(r.forecast, vec![rec.median]);
        assert_eq!(r.positions, rec.positions);
    }
    // Model::run gives the same outcome without the pair lists.
    assert_eq!(Eum::default().run(&inputs).unwrap(), run.outcome);
}

#[test]
fn convergent_reproduces_schelling_on_china_and_honduras() {
    let china = china();
    let run = Eum::default().simulate(&china).unwrap();
    assert_eq!(issue(&run).stop, Some(StopReason::Converged { rounds: 3 }));
    assert_trajectory(
        "china",
        &china,
        &run,
        &CONVERGENT_CHINA_MEDIAN,
        &CONVERGENT_CHINA_MEAN,
    );
    // Honduras: nobody receives an offer, the median stays at 0.5.
    let honduras = honduras();
    let run = Eum::default().simulate(&honduras).unwrap();
    assert_eq!(issue(&run).stop, Some(StopReason::Converged { rounds: 3 }));
    assert!(issue(&run).rounds.iter().all(|r| r.moves.is_empty()));
    assert_trajectory(
        "honduras",
        &honduras,
        &run,
        &CONVERGENT_HONDURAS_MEDIAN,
        &CONVERGENT_HONDURAS_MEAN,
    );
}

#[test]
fn convergent_without_its_stopping_rule_follows_schelling_for_twenty_rounds() {
    // With epsilon 0 no round counts as settled: the emission median goes to 10 from round 4,
    // so the 9.53 forecast is the stopping rule's.
    let model = Eum {
        convergence: Some(Convergence {
            epsilon: 0.0,
            patience: 2,
        }),
        ..Eum::default()
    };
    let cases = [
        (
            "emission",
            emission().0,
            &CONVERGENT_EMISSION_NOSTOP_MEDIAN,
            &CONVERGENT_EMISSION_NOSTOP_MEAN,
        ),
        (
            "china",
            china(),
            &CONVERGENT_CHINA_NOSTOP_MEDIAN,
            &CONVERGENT_CHINA_NOSTOP_MEAN,
        ),
        (
            "honduras",
            honduras(),
            &CONVERGENT_HONDURAS_NOSTOP_MEDIAN,
            &CONVERGENT_HONDURAS_NOSTOP_MEAN,
        ),
    ];
    for (name, inputs, median, mean) in cases {
        let run = model.simulate(&inputs).unwrap();
        assert_eq!(
            issue(&run).stop,
            Some(StopReason::MaxRounds { rounds: 20 }),
            "{name}"
        );
        assert_trajectory(name, &inputs, &run, median, mean);
    }
}

#[test]
fn scholz_depends_on_which_end_of_the_scale_is_low() {
    // The compromise choice takes the lowest EU-weighted *position*, so mirroring the scale
    // changes the run (the notes' check on the port: rounds 1-3 mirror, then 9.9996, 10, 10).
    // The convergent variant gives the mirror image.
    let (mirrored, _) = bdm(
        "emission_standards_BDM1994_ExampleActors.csv",
        100.0,
        (4.0, 10.0),
        true,
    );
    let back = |v: Vec<f64>| v.into_iter().map(|m| 14.0 - m).collect::<Vec<_>>();
    let run = Eum::scholz().simulate(&mirrored).unwrap();
    let medians = back(trajectory(&mirrored, &run).0);
    assert_all_close(
        "rounds 0-3",
        &medians[..4],
        &SCHOLZ_EMISSION_MEDIAN[..4],
        TOL,
    );
    assert!((medians[4] - 9.9996).abs() < 1e-4, "{medians:?}");
    assert!((medians[6] - 10.0).abs() < TOL, "{medians:?}");
    let run = Eum::default().simulate(&mirrored).unwrap();
    let medians = back(trajectory(&mirrored, &run).0);
    assert_all_close("convergent", &medians, &CONVERGENT_EMISSION_MEDIAN, TOL);
}

// ---------------------------------------------------------------------------------------------
// Hand-computed cases
// ---------------------------------------------------------------------------------------------

/// `U_s`, `U_f`, `U_sq` at normalised distance `d` and exponent `r`.
fn utilities(d: f64, r: f64) -> (f64, f64, f64) {
    (
        2.0 - 4.0 * (0.5 - 0.5 * d).powf(r),
        2.0 - 4.0 * (0.5 + 0.5 * d).powf(r),
        2.0 - 4.0 * 0.5f64.powf(r),
    )
}

#[test]
fn convergent_two_actors_hand_computed() {
    // A at 0 (capability 1, salience 1), B at 100 (capability 1, salience 0.5); L = 100, d = 1.
    // Vote weights c s / max c: A 1, B 0.5 (total 1.5). Median: A alone holds more than half,
    // so 0; mean (0 * 1 + 100 * 0.5) / 1.5 = 100/3.
    // Win probability: A's supporters (A: |0 - 100| - |0 - 0| = 100, weight 1) against B's
    // (B: 100, weight 0.5): P(A over B) = 100 / 150 = 2/3, P(B over A) = 1/3.
    // First pass, r = 1: U_s = 2, U_f = -2, U_sq = 0.
    //   E(A -> B) = s_B [P U_s + (1 - P) U_f] + (1 - s_B) U_s = 0.5 (4/3 - 2/3) + 0.5 * 2 = 4/3
    //   E(B -> A) = 1 * (2/3 - 4/3) = -2/3
    // Security (the other's EU of challenging you): Sec_A = -2/3, Sec_B = 4/3; spread 2;
    // R_A = (-4/3 - 4/3 + 2/3) / 2 = -1 -> r_A = (1 + 1/3) / (1 - 1/3) = 2; R_B = 1 -> r_B = 1/2.
    // Second pass: A with r = 2 (U_sq = 1): E(A -> B) = 1/3 + 1 - 1 = 1/3;
    //   B with r = 1/2 (U_sq = 2 - 2 sqrt 2): E(B -> A) = -2/3 - (2 - 2 sqrt 2) = 2 sqrt 2 - 8/3.
    // Both positive: a conflict; the convergent variant moves no one in a conflict.
    let inputs = one_issue(&[(1.0, 0.0, 1.0), (1.0, 100.0, 0.5)]);
    let run = Eum::default().simulate(&inputs).unwrap();
    let r = issue(&run);
    assert_eq!((r.rounds[0].median, r.rounds[0].median_tie), (0.0, false));
    assert!((r.rounds[0].mean - 100.0 / 3.0).abs() < 1e-12);
    assert_all_close("risk", &r.rounds[1].risk, &[2.0, 0.5], 1e-12);
    let p = &r.initial_pairs[0];
    assert_eq!((p.viewer, p.first, p.second), (None, 0, 1));
    assert!((p.eu_first - 1.0 / 3.0).abs() < 1e-12, "{p:?}");
    assert!(
        (p.eu_second - (2.0 * 2f64.sqrt() - 8.0 / 3.0)).abs() < 1e-12,
        "{p:?}"
    );
    assert_eq!(p.interaction, Interaction::Conflict);
    assert_eq!(p.upper_hand(), Some(0));
    assert!(p.challenges(0) && p.challenges(1));
    assert!(r.rounds.iter().all(|r| r.moves.is_empty()));
    assert_eq!(run.outcome.forecasts[0].value, 0.0);
    assert_eq!(r.stop, Some(StopReason::Converged { rounds: 3 }));
}

#[test]
fn an_analysts_risk_attitude_replaces_the_derived_one() {
    // The two actors of `convergent_two_actors_hand_computed`, where the model derives
    // r_A = 2 (R_A = -1) and r_B = 1/2 (R_B = 1), and E(A -> B) = 1/3, E(B -> A) = 2 sqrt 2 - 8/3:
    // a conflict. Now the analyst codes B as risk-averse, R_B = -1: r_B = (1 + 1/3) / (1 - 1/3)
    // = 2, and A keeps its derived r_A = 2.
    // B's expected utility of challenging A with r = 2 (d = 1, P(B over A) = 1/3, s_A = 1):
    //   U_s = 2 - 4 (0)^2 = 2, U_f = 2 - 4 (1)^2 = -2, U_sq = 2 - 4 (1/2)^2 = 1;
    //   E(B -> A) = 1 * (1/3 * 2 + 2/3 * (-2)) - 1 = -2/3 - 1 = -5/3.
    // A's is unchanged, 1/3: opposite signs, so no longer a conflict.
    let mut s = Scenario::named("t");
    s.issues.push(Issue::new("x"));
    s.actors
        .push(Actor::new("a0", 1.0).with_stance("x", 0.0, 1.0));
    let mut b = Actor::new("a1", 1.0).with_stance("x", 100.0, 0.5);
    b.risk = Some(parley_core::Estimate::point(-1.0));
    s.actors.push(b);
    let run = Eum::default()
        .simulate(&Inputs::from_scenario(&s).unwrap())
        .unwrap();
    let r = issue(&run);
    assert_all_close("risk", &r.rounds[1].risk, &[2.0, 2.0], 1e-12);
    let p = &r.initial_pairs[0];
    assert!((p.eu_first - 1.0 / 3.0).abs() < 1e-12, "{p:?}");
    assert!((p.eu_second + 5.0 / 3.0).abs() < 1e-12, "{p:?}");
    assert_ne!(p.interaction, Interaction::Conflict);
    // Risk-acceptant A (R_A = 1, r_A = (1 - 1/3) / (1 + 1/3) = 1/2) with B left to the model
    // (derived r_B = 1/2): U_sq(1/2) = 2 - 2 sqrt 2, so
    //   E(A -> B) = 0.5 (2/3 * 2 + 1/3 * (-2)) + 0.5 * 2 - (2 - 2 sqrt 2) = 2 sqrt 2 - 2/3.
    s.actors[1].risk = None;
    s.actors[0].risk = Some(parley_core::Estimate::point(1.0));
    let run = Eum::default()
        .simulate(&Inputs::from_scenario(&s).unwrap())
        .unwrap();
    let r = issue(&run);
    assert_all_close("risk", &r.rounds[1].risk, &[0.5, 0.5], 1e-12);
    let p = &r.initial_pairs[0];
    let want = 2.0 * 2f64.sqrt() - 2.0 / 3.0;
    assert!((p.eu_first - want).abs() < 1e-12, "{p:?}");
}

#[test]
fn q_replaces_the_status_quo_by_better_or_worse_as_the_equation_says() {
    // The same pair with Q = 0: not challenging is worth T U_b + (1 - T) U_w instead of U_sq.
    // A sits on the median (|x_A - mu| = 0 < |x_A - x_B| = 100): T = 1, d_bw = (0 + 100)/100 = 1,
    // U_b = 2 - 4 (1/2 - 1/4)^r. B: |x_B - mu| = 100 is not < 100: T = 0, d_bw = 2,
    // U_w = 2 - 4 (1/2 + 1/2)^r = -2 for every r.
    // First pass (r = 1): E(A -> B) = 4/3 - U_b = 4/3 - 1 = 1/3; E(B -> A) = -2/3 + 2 = 4/3.
    // Sec_A = 4/3, Sec_B = 1/3: now A is the exposed one: r_A = 1/2, r_B = 2.
    // Second pass: E(A -> B) = 1/3 + 1 - (2 - 4 (1/4)^(1/2)) = 4/3; E(B -> A) = -2/3 + 2 = 4/3:
    // a conflict with equal stakes, so no one has the upper hand.
    let inputs = one_issue(&[(1.0, 0.0, 1.0), (1.0, 100.0, 0.5)]);
    let run = Eum {
        q: 0.0,
        ..Eum::default()
    }
    .simulate(&inputs)
    .unwrap();
    let r = issue(&run);
    assert_all_close("risk", &r.rounds[1].risk, &[0.5, 2.0], 1e-12);
    let p = &r.initial_pairs[0];
    assert!((p.eu_first - 4.0 / 3.0).abs() < 1e-12, "{p:?}");
    assert!((p.eu_second - 4.0 / 3.0).abs() < 1e-12, "{p:?}");
    assert_eq!(
        (p.interaction, p.upper_hand()),
        (Interaction::Conflict, None)
    );
    // Q is a probability.
    assert!(
        Eum {
            q: 1.5,
            ..Eum::default()
        }
        .run(&inputs)
        .is_err()
    );
    assert!(
        Eum {
            q: f64::NAN,
            ..Eum::default()
        }
        .run(&inputs)
        .is_err()
    );
}

#[test]
fn convergent_three_actors_hand_computed() {
    // A at 0 (c 2, s 1), B at 50 (c 1, s 1), C at 100 (c 1, s 0.5); L = 100.
    // Weights c s / max c: A 1, B 0.5, C 0.25 (total 1.75): the median is A's 0, the mean
    // (25 + 25) / 1.75.
    // Win probabilities (linear votes, supporters / all who care):
    //   A vs B: A votes 50 for A; B (50 * 0.5) and C (50 * 0.25) for B: P(A over B) = 50/87.5 = 4/7
    //   A vs C: A 100 for A, C 25 for C, B at the midpoint indifferent: P(A over C) = 0.8
    //   B vs C: A (50) and B (25) for B, C (12.5) for C: P(B over C) = 75/87.5 = 6/7
    // First pass, r = 1, where E(i -> j) = 2 d [1 - 2 s_j (1 - P(i over j))]:
    //   E(A->B) = 1/7, E(B->A) = -1/7, E(A->C) = 1.6, E(C->A) = -1.2, E(B->C) = 6/7,
    //   E(C->B) = -5/7.
    // Sec_A = -1/7 - 1.2 = -47/35, Sec_B = 1/7 - 5/7 = -20/35, Sec_C = 1.6 + 6/7 = 86/35;
    // R = -1, -79/133, 1 -> r = 2, 478/320, 1/2.
    let inputs = one_issue(&[(2.0, 0.0, 1.0), (1.0, 50.0, 1.0), (1.0, 100.0, 0.5)]);
    let run = Eum::default().simulate(&inputs).unwrap();
    let r = issue(&run);
    assert_eq!(r.rounds[0].median, 0.0);
    assert!((r.rounds[0].mean - 50.0 / 1.75).abs() < 1e-12);
    let (ra, rb, rc) = (2.0, 478.0 / 320.0, 0.5);
    assert_all_close("risk", &r.rounds[1].risk, &[ra, rb, rc], 1e-12);
    // Second pass, each challenger with its own exponent:
    let eu = |d: f64, r: f64, s_target: f64, p: f64| {
        let (us, uf, usq) = utilities(d, r);
        s_target * (p * us + (1.0 - p) * uf) + (1.0 - s_target) * us - usq
    };
    let e_ab = eu(0.5, ra, 1.0, 4.0 / 7.0); // = 4/7 * 1.75 - 3/7 * 0.25 - 1 = -3/28
    let e_ba = eu(0.5, rb, 1.0, 3.0 / 7.0);
    let e_ac = eu(1.0, ra, 0.5, 0.8); // = 0.5 (1.6 - 0.4) + 1 - 1 = 0.6
    let e_ca = eu(1.0, rc, 1.0, 0.2); // = -1.2 - (2 - 2 sqrt 2)
    let e_bc = eu(0.5, rb, 0.5, 6.0 / 7.0);
    let e_cb = eu(0.5, rc, 1.0, 1.0 / 7.0);
    assert!((e_ab + 3.0 / 28.0).abs() < 1e-12 && (e_ac - 0.6).abs() < 1e-12);
    assert!((e_ca - (2.0 * 2f64.sqrt() - 3.2)).abs() < 1e-12);
    let want = [
        (0, 1, e_ab, e_ba, Interaction::Stalemate),
        (0, 2, e_ac, e_ca, Interaction::Compromise),
        (1, 2, e_bc, e_cb, Interaction::Compromise),
    ];
    for (p, (a, b, ea, eb, kind)) in r.initial_pairs.iter().zip(want) {
        assert_eq!((p.first, p.second, p.interaction), (a, b, kind));
        assert!(
            (p.eu_first - ea).abs() < 1e-12 && (p.eu_second - eb).abs() < 1e-12,
            "{p:?}"
        );
    }
    // C gets two compromise offers: A's (enforceability 0.6, C goes |E(C->A) / E(A->C)| of the
    // way to 0) and B's (enforceability E(B->C) ~ 0.77, |E(C->B) / E(B->C)| of the way to 50).
    let from_a = 100.0 - 100.0 * (e_ca / e_ac).abs();
    let from_b = 100.0 - 50.0 * (e_cb / e_bc).abs();
    assert!(e_bc > e_ac && 100.0 - from_b < 100.0 - from_a);
    let first_move = |choice| {
        let run = Eum {
            offer_choice: choice,
            ..Eum::default()
        }
        .simulate(&inputs)
        .unwrap();
        let m = &issue(&run).rounds[1].moves;
        assert_eq!(m.len(), 1, "only C moves: {m:?}");
        (m[0].actor, m[0].proposer, m[0].to)
    };
    // The most enforceable offer is B's, and so is the least move.
    let (c, b, to) = first_move(OfferChoice::MostEnforceable);
    assert_eq!((c, b), (2, 1));
    assert!((to - from_b).abs() < 1e-9, "{to} vs {from_b}");
    assert_eq!(first_move(OfferChoice::LeastMove).1, 1);
    // Scholz's priority takes the lowest EU-weighted position: A's offer weighs 100 and 0 by
    // |E(C->A)| and 0.6 (about 38), B's 100 and 50 by |E(C->B)| and E(B->C) (about 68).
    let key_a = (e_ca.abs() * 100.0) / (e_ca.abs() + e_ac);
    let key_b = (e_cb.abs() * 100.0 + e_bc * 50.0) / (e_cb.abs() + e_bc);
    assert!(key_a < key_b);
    let (c, a, to) = first_move(OfferChoice::ScholzPriority);
    assert_eq!((c, a), (2, 0));
    assert!((to - from_a).abs() < 1e-9, "{to} vs {from_a}");
}

#[test]
fn scholz_two_actors_each_judge_with_their_own_exponent() {
    // A at 0 (c 1, s 1), B at 100 (c 1, s 0.5); L = 100 fixed; weights 1 and 0.5.
    // Scholz's win probability divides by the sum over ALL (voter, a, b) triples of
    // |w_k (g_k(b) - g_k(a))|, g = (distance / L)^(voter's r): voter A sees 0 and 1, two
    // ordered pairs, 2 * 1; voter B 2 * 0.5; total 3. P(A over B) = A's vote 1 / 3 = 1/3,
    // P(B over A) = 0.5 / 3 = 1/6 (they do not sum to 1: the port's quirk).
    // Risk pass (r = 1): Sec_A = E(B -> A) = 2 [1 - 2 * 1 * (1 - 1/6)] = -4/3;
    // Sec_B = E(A -> B) = 2 [1 - 2 * 0.5 * (1 - 1/3)] = 2/3 -> r_A = 2, r_B = 1/2.
    // Offer pass: distances are 0 or 1, so the voters' exponents change nothing in the votes.
    // A judges both directions with r = 2 (U_s 2, U_f -2, U_sq 1):
    //   E_A(A -> B) = 0.5 (2/3 - 4/3) + 0.5 * 2 - 1 = -1/3; E_A(B -> A) = (1/3 - 5/3) - 1 = -7/3
    //   both negative: a stalemate in A's eyes;
    // B with r = 1/2 (U_sq = 2 - 2 sqrt 2):
    //   E_B(B -> A) = -4/3 - (2 - 2 sqrt 2) = 2 sqrt 2 - 10/3 < 0,
    //   E_B(A -> B) = -1/3 + 1 - (2 - 2 sqrt 2) = 2 sqrt 2 - 4/3 > 0 and larger:
    //   B compromises, moving |E_B(B -> A) / E_B(A -> B)| of the way to A.
    let inputs = one_issue(&[(1.0, 0.0, 1.0), (1.0, 100.0, 0.5)]);
    let run = Eum::scholz().simulate(&inputs).unwrap();
    let r = issue(&run);
    assert_all_close("risk", &r.rounds[1].risk, &[2.0, 0.5], 1e-12);
    let sqrt2 = 2f64.sqrt();
    let (b_vs_a, a_vs_b) = (2.0 * sqrt2 - 10.0 / 3.0, 2.0 * sqrt2 - 4.0 / 3.0);
    assert_eq!(r.initial_pairs.len(), 2, "one view per viewer");
    let (va, vb) = (&r.initial_pairs[0], &r.initial_pairs[1]);
    assert_eq!(
        (va.viewer, va.first, va.interaction),
        (Some(0), 0, Interaction::Stalemate)
    );
    assert!((va.eu_first + 1.0 / 3.0).abs() < 1e-12 && (va.eu_second + 7.0 / 3.0).abs() < 1e-12);
    assert_eq!(
        (vb.viewer, vb.first, vb.interaction),
        (Some(1), 1, Interaction::Compromise)
    );
    assert!((vb.eu_first - b_vs_a).abs() < 1e-12 && (vb.eu_second - a_vs_b).abs() < 1e-12);
    assert_eq!(vb.upper_hand(), Some(0));
    let m = &r.rounds[1].moves;
    assert_eq!((m.len(), m[0].actor, m[0].proposer), (1, 1, 0));
    let want = 100.0 - 100.0 * (b_vs_a / a_vs_b).abs();
    assert!((m[0].to - want).abs() < 1e-9, "{} vs {want}", m[0].to);
    // The scholz variant's Q only scales U_sq: at Q = 0 A's view becomes
    // 0.5 (2/3 - 4/3) + 1 = 2/3 and 1/3 - 5/3 = -4/3.
    let run = Eum {
        q: 0.0,
        ..Eum::scholz()
    }
    .simulate(&inputs)
    .unwrap();
    let va = &issue(&run).initial_pairs[0];
    assert!((va.eu_first - 2.0 / 3.0).abs() < 1e-12 && (va.eu_second + 4.0 / 3.0).abs() < 1e-12);
}

// ---------------------------------------------------------------------------------------------
// Degenerate inputs
// ---------------------------------------------------------------------------------------------

/// Every number in a run is finite.
fn assert_finite(run: &EumRun) {
    for r in &run.issues {
        for rec in &r.rounds {
            let nums = rec
                .positions
                .iter()
                .chain(&rec.risk)
                .chain([&rec.median, &rec.mean]);
            assert!(nums.copied().all(f64::is_finite), "{rec:?}");
            assert!(
                rec.risk
                    .iter()
                    .all(|r| (0.5 - 1e-12..=2.0 + 1e-12).contains(r))
            );
        }
        for p in r.initial_pairs.iter().chain(&r.final_pairs) {
            assert!(p.eu_first.is_finite() && p.eu_second.is_finite(), "{p:?}");
        }
    }
    assert!(run.outcome.forecasts.iter().all(|f| f.value.is_finite()));
}

#[test]
fn one_actor() {
    let inputs = one_issue(&[(5.0, 37.0, 0.8)]);
    for model in [Eum::default(), Eum::scholz()] {
        let run = model.simulate(&inputs).unwrap();
        assert_finite(&run);
        assert_eq!(run.outcome.forecasts[0].value, 37.0);
        assert!(issue(&run).initial_pairs.is_empty());
        assert!(issue(&run).rounds.iter().all(|r| r.moves.is_empty()));
    }
    let run = Eum::default().run(&inputs).unwrap();
    assert_eq!(run.stop, Some(StopReason::Converged { rounds: 3 }));
}

#[test]
fn everyone_at_one_position() {
    // Range 0: no distance to normalise, nothing to dispute, no risk spread.
    let inputs = one_issue(&[(1.0, 40.0, 0.5), (3.0, 40.0, 1.0), (2.0, 40.0, 0.2)]);
    for model in [Eum::default(), Eum::scholz()] {
        let run = model.simulate(&inputs).unwrap();
        assert_finite(&run);
        let r = issue(&run);
        assert_eq!(run.outcome.forecasts[0].value, 40.0);
        assert_eq!(r.rounds[1].risk, vec![1.0; 3]);
        assert!(
            r.final_pairs
                .iter()
                .all(|p| p.interaction == Interaction::Aligned)
        );
        let views = if model.variant == EumVariant::Scholz {
            6
        } else {
            3
        };
        assert_eq!(r.final_pairs.len(), views);
    }
}

#[test]
fn equal_security_levels_give_everyone_r_1() {
    // A symmetric pair has equal security levels: max Sec == min Sec, where the scholz port
    // divides by zero. Parley sets R = 0, r = 1 for all (schelling's rule).
    let inputs = one_issue(&[(2.0, 20.0, 0.6), (2.0, 80.0, 0.6)]);
    for model in [Eum::default(), Eum::scholz()] {
        let run = model.simulate(&inputs).unwrap();
        assert_finite(&run);
        assert_eq!(
            issue(&run).rounds[1].risk,
            vec![1.0, 1.0],
            "{:?}",
            model.variant
        );
    }
}

#[test]
fn actors_without_salience_or_stance_sit_the_issue_out() {
    // D has salience 0 on x and no stance on y; E is only on y. On x the run must equal the
    // one without D, and D's position must never change.
    let build = |with_d: bool| {
        let mut s = Scenario::named("t");
        s.issues.push(Issue::new("x"));
        s.issues.push(Issue::new("y").with_scale(-1.0, 1.0));
        s.actors.push(
            Actor::new("a", 3.0)
                .with_stance("x", 10.0, 0.9)
                .with_stance("y", -1.0, 0.4),
        );
        s.actors.push(
            Actor::new("b", 1.0)
                .with_stance("x", 55.0, 0.5)
                .with_stance("y", 0.5, 1.0),
        );
        s.actors
            .push(Actor::new("c", 2.0).with_stance("x", 90.0, 0.7));
        if with_d {
            s.actors
                .push(Actor::new("d", 50.0).with_stance("x", 70.0, 0.0));
        }
        s.actors
            .push(Actor::new("e", 1.0).with_stance("y", 1.0, 0.3));
        Inputs::from_scenario(&s).unwrap()
    };
    let (with, without) = (build(true), build(false));
    for model in [Eum::default(), Eum::scholz()] {
        let a = model.simulate(&with).unwrap();
        let b = model.simulate(&without).unwrap();
        assert_finite(&a);
        assert_eq!(a.outcome.forecasts, b.outcome.forecasts);
        assert_eq!(a.issues[0].actors, vec![0, 1, 2]);
        assert_eq!(a.issues[1].actors, vec![0, 1, 4]);
        let d = 3;
        assert!(a.outcome.rounds.iter().all(|r| r.positions[d] == 70.0));
    }
    // No one cares: the documented fallback, no rounds on that issue.
    let mut s = Scenario::named("t");
    s.issues.push(Issue::new("x").with_status_quo(30.0));
    s.actors
        .push(Actor::new("a", 1.0).with_stance("x", 90.0, 0.0));
    let inputs = Inputs::from_scenario(&s).unwrap();
    let run = Eum::default().simulate(&inputs).unwrap();
    assert_eq!(run.outcome.forecasts[0].value, 30.0);
    assert_eq!(run.outcome.forecasts[0].status, ForecastStatus::NoSalience);
    assert!(run.issues[0].rounds.is_empty() && run.issues[0].stop.is_none());
}

#[test]
fn issues_are_played_independently_and_settled_ones_stay_put() {
    // Issue x with Q = 0 keeps drifting for all 20 rounds (the three-actor case above); issue
    // y, a pair in conflict, settles after 3. The outcome holds y's final state from round 3 on.
    let mut s = Scenario::named("t");
    s.issues.push(Issue::new("x"));
    s.issues.push(Issue::new("y"));
    s.actors.push(
        Actor::new("a", 2.0)
            .with_stance("x", 0.0, 1.0)
            .with_stance("y", 0.0, 1.0),
    );
    s.actors
        .push(Actor::new("b", 1.0).with_stance("x", 50.0, 1.0));
    s.actors.push(
        Actor::new("c", 1.0)
            .with_stance("x", 100.0, 0.5)
            .with_stance("y", 100.0, 0.5),
    );
    let inputs = Inputs::from_scenario(&s).unwrap();
    let run = Eum {
        q: 0.0,
        ..Eum::default()
    }
    .simulate(&inputs)
    .unwrap();
    assert_finite(&run);
    assert_eq!(
        run.issues[0].stop,
        Some(StopReason::MaxRounds { rounds: 20 })
    );
    let Some(StopReason::Converged { rounds: settled }) = run.issues[1].stop else {
        panic!("{:?}", run.issues[1].stop);
    };
    assert!(settled < 20);
    assert_eq!(run.outcome.stop, Some(StopReason::MaxRounds { rounds: 20 }));
    assert_eq!(run.outcome.rounds.len(), 21);
    let n = inputs.n_actors();
    let last_y = &run.issues[1].rounds[settled];
    for round in &run.outcome.rounds[settled..] {
        assert_eq!(round.forecast[1], last_y.median);
        assert_eq!(round.positions[n], last_y.positions[0]);
        assert_eq!(round.positions[n + 2], last_y.positions[1]);
    }
    // Each issue alone gives the same as in company.
    let mut alone = s.clone();
    alone.issues.remove(0);
    for a in &mut alone.actors {
        a.stances.shift_remove("x");
    }
    let alone = Inputs::from_scenario(&alone).unwrap();
    let solo = Eum {
        q: 0.0,
        ..Eum::default()
    }
    .run(&alone)
    .unwrap();
    assert_eq!(solo.forecasts[0], run.outcome.forecasts[1]);
}

#[test]
fn zero_rounds_and_bad_parameters() {
    let inputs = one_issue(&[(2.0, 0.0, 1.0), (1.0, 50.0, 1.0), (1.0, 100.0, 0.5)]);
    let out = rounds(Eum::default(), 0).run(&inputs).unwrap();
    assert_eq!(
        (out.rounds.len(), out.stop),
        (1, Some(StopReason::MaxRounds { rounds: 0 }))
    );
    assert_eq!(out.forecasts[0].value, 0.0);
    let patience = Eum {
        convergence: Some(Convergence {
            epsilon: 0.5,
            patience: 0,
        }),
        ..Eum::default()
    };
    assert!(patience.run(&inputs).is_err());
    let epsilon = Eum {
        convergence: Some(Convergence {
            epsilon: f64::INFINITY,
            patience: 2,
        }),
        ..Eum::default()
    };
    assert!(epsilon.run(&inputs).is_err());
}

#[test]
fn registered_as_eum() {
    let model = parley_core::models::by_id("eum").unwrap();
    let info = model.info();
    assert!(info.iterative);
    assert!(info.source.contains("Scholz, Calbert & Smith (2011)"));
    let inputs = one_issue(&[(1.0, 0.0, 1.0), (1.0, 100.0, 0.5)]);
    assert_eq!(
        model.run(&inputs).unwrap(),
        Eum::default().run(&inputs).unwrap()
    );
}

// ---------------------------------------------------------------------------------------------
// Properties on random scenarios
// ---------------------------------------------------------------------------------------------

/// Per issue, an actor's `(position as a fraction of the scale, salience)`, or not involved.
type Stances = Vec<Option<(f64, f64)>>;

/// A generated scenario: issue scales, and per actor a capability and its stances.
#[derive(Debug, Clone)]
struct Spec {
    scales: Vec<(f64, f64)>,
    actors: Vec<(f64, Stances)>,
}

impl Spec {
    fn build(&self) -> Inputs {
        let mut s = Scenario::named("p");
        for (j, &(min, max)) in self.scales.iter().enumerate() {
            s.issues
                .push(Issue::new(format!("i{j}")).with_scale(min, max));
        }
        for (k, (c, stances)) in self.actors.iter().enumerate() {
            let mut a = Actor::new(format!("a{k}"), *c);
            for (j, st) in stances.iter().enumerate() {
                if let Some((t, sal)) = st {
                    let (min, max) = self.scales[j];
                    let x = (min + t * (max - min)).clamp(min, max);
                    a = a.with_stance(format!("i{j}"), x, *sal);
                }
            }
            s.actors.push(a);
        }
        Inputs::from_scenario(&s).unwrap()
    }
}

/// Fractions of the scale, often exactly an end or the middle so that actors share positions.
fn fraction() -> impl Strategy<Value = f64> {
    prop_oneof![1 => Just(0.0), 1 => Just(0.5), 1 => Just(1.0), 4 => 0.0f64..=1.0]
}

/// Saliences with exact zeros (sitting out) and ones.
fn salience() -> impl Strategy<Value = f64> {
    prop_oneof![1 => Just(0.0), 1 => Just(1.0), 4 => 0.01f64..=1.0]
}

/// 1-8 actors on 1-3 issues; the first actor takes part in every issue so validation passes.
fn spec() -> impl Strategy<Value = Spec> {
    spec_of(1)
}

/// As [`spec`], with at least `min_actors` actors.
fn spec_of(min_actors: usize) -> impl Strategy<Value = Spec> {
    let scales = prop::collection::vec(
        prop_oneof![
            Just((0.0, 100.0)),
            Just((0.0, 1.0)),
            Just((4.0, 10.0)),
            Just((-50.0, 50.0))
        ],
        1..=3,
    );
    (scales, min_actors..=8)
        .prop_flat_map(|(scales, n)| {
            let m = scales.len();
            let stance = prop::option::weighted(0.85, (fraction(), salience()));
            let actor = (0.01f64..1000.0, prop::collection::vec(stance, m));
            (Just(scales), prop::collection::vec(actor, n))
        })
        .prop_map(|(scales, mut actors)| {
            for st in &mut actors[0].1 {
                st.get_or_insert((0.5, 0.5));
            }
            Spec { scales, actors }
        })
}

/// A model with random parameters: either variant, any Q, any offer rule, a stop rule or not.
fn model() -> impl Strategy<Value = Eum> {
    let choice = prop_oneof![
        Just(OfferChoice::ScholzPriority),
        Just(OfferChoice::MostEnforceable),
        Just(OfferChoice::LeastMove),
    ];
    let variant = prop_oneof![Just(EumVariant::Scholz), Just(EumVariant::Convergent)];
    let q = prop_oneof![Just(1.0), Just(0.0), 0.0f64..=1.0];
    (variant, q, choice, 0usize..12, any::<bool>()).prop_map(
        |(variant, q, offer_choice, max_rounds, stop)| Eum {
            variant,
            q,
            max_rounds,
            offer_choice,
            convergence: stop.then_some(Convergence {
                epsilon: 0.5,
                patience: 2,
            }),
        },
    )
}

fn config() -> Config {
    Config {
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Forecasts and every round's positions stay within the range of the playing actors'
    /// starting positions (moves go to another actor's position or part of the way there),
    /// and nothing is NaN, whatever the parameters.
    #[test]
    fn stays_within_the_positions_range(spec in spec(), model in model()) {
        let inputs = spec.build();
        let run = model.simulate(&inputs).unwrap();
        assert_finite(&run);
        for r in &run.issues {
            let Some(start) = r.rounds.first() else { continue };
            let lo = start.positions.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = start.positions.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            for rec in &r.rounds {
                for &x in rec.positions.iter().chain([&rec.median, &rec.mean]) {
                    prop_assert!(lo <= x && x <= hi, "{x} outside [{lo}, {hi}]");
                }
            }
            let f = run.outcome.forecasts[r.issue].value;
            prop_assert!(lo <= f && f <= hi);
        }
    }

    /// The convergent variant does not depend on the order of the actors: sums run in position
    /// order and offers are ranked on their content, so a reversed or rotated file gives
    /// bit-identical forecasts and final positions. This holds for the offer rules that rank
    /// offers by content (most enforceable, least move). Scholz's rule ends in file order, as
    /// the port does: ties between equally distant conflict offers (an actor at 7 beaten alike
    /// by actors at 4 and 10) and between equal compromise keys (which happen when the mover
    /// sits within rounding of two proposers at one position) go to the proposer first in the
    /// file, so the scholz variant, and any variant with that rule, depends on the file order.
    #[test]
    fn convergent_is_order_invariant(
        spec in spec(),
        rotate in 0usize..8,
        model in model(),
        least_move in any::<bool>(),
    ) {
        let offer_choice = if least_move {
            OfferChoice::LeastMove
        } else {
            OfferChoice::MostEnforceable
        };
        let model = Eum { variant: EumVariant::Convergent, offer_choice, ..model };
        let n = spec.actors.len();
        let mut permuted = spec.clone();
        permuted.actors.reverse();
        permuted.actors.rotate_left(rotate % n);
        // Where actor k of the original sits in the permuted file.
        let at = |k: usize| ((n - 1 - k) + n - rotate % n) % n;
        let (a, b) = (spec.build(), permuted.build());
        let (ra, rb) = (model.run(&a).unwrap(), model.run(&b).unwrap());
        for (x, y) in ra.forecasts.iter().zip(&rb.forecasts) {
            prop_assert_eq!(&x.status, &y.status);
            if x.status == ForecastStatus::Settled {
                prop_assert_eq!(x.value, y.value);
            } else {
                // The shared no-salience fallback sums in file order: equal up to rounding.
                prop_assert!((x.value - y.value).abs() < 1e-9);
            }
        }
        prop_assert_eq!(ra.rounds.len(), rb.rounds.len());
        let (fa, fb) = (ra.rounds.last().unwrap(), rb.rounds.last().unwrap());
        for j in 0..spec.scales.len() {
            for k in 0..n {
                prop_assert_eq!(fa.positions[j * n + k], fb.positions[j * n + at(k)]);
            }
        }
    }

    /// Capabilities only matter relative to each other: scaling them all changes nothing
    /// (up to rounding, far below any decision margin on random inputs).
    #[test]
    fn capability_scale_does_not_matter(spec in spec(), k in 1e-3f64..1e3, model in model()) {
        let mut scaled = spec.clone();
        for a in &mut scaled.actors {
            a.0 *= k;
        }
        let (a, b) = (model.run(&spec.build()).unwrap(), model.run(&scaled.build()).unwrap());
        prop_assert_eq!(a.rounds.len(), b.rounds.len());
        for (x, y) in a.forecasts.iter().zip(&b.forecasts) {
            prop_assert!((x.value - y.value).abs() < 1e-7, "{} vs {}", x.value, y.value);
        }
    }

    /// An actor with salience 0 on an issue is as good as absent from it.
    #[test]
    fn salience_zero_is_absence(spec in spec_of(2), who in 1usize..8, model in model()) {
        let who = 1 + (who - 1) % (spec.actors.len() - 1);
        let mut silent = spec.clone();
        // Actor 0 plays every issue, so no issue falls back to the shared no-salience rule
        // (which averages the involved actors, so that there silence and absence differ).
        for (_, s) in silent.actors[0].1.iter_mut().flatten() {
            *s = s.max(0.5);
        }
        let mut absent = silent.clone();
        for (_, s) in silent.actors[who].1.iter_mut().flatten() {
            *s = 0.0;
        }
        absent.actors[who].1.iter_mut().for_each(|st| *st = None);
        let (a, b) = (model.run(&silent.build()).unwrap(), model.run(&absent.build()).unwrap());
        prop_assert_eq!(a.forecasts, b.forecasts);
    }
}
