//! KTAB's spatial model of politics (SMP): actors in a multi-dimensional space of issues
//! challenge each other, bargain, and move turn by turn, until positions settle.
//!
//! Source: the Spatial Model of Politics in KAPSARC's Toolkit for Behavioral Analysis (KTAB),
//! Wise, Lester, Efird et al. (KAPSARC, 2015-2017), C++ source in the public mirror
//! `lsyaseen/KTAB` (commit 3b5b063, MIT licence); the model is described in Wise, Lester & Efird,
//! "An introduction to the KAPSARC Toolkit for Behavioral Analysis (KTAB) using one-dimensional
//! spatial models" (KAPSARC, 2015) and applied in Abdollahian, Efird, Lester & Wise (KAPSARC,
//! 2016). Parley reproduces KTAB's `smpc` with its deterministic defaults to the last bit (same
//! floating-point operations in the same order); `docs/models/smp.md` says how that was
//! checked and `docs/research/ktab-smp.md` describes every rule.
//!
//! Every issue of a scenario is one dimension of the space; positions are taken to `[0, 1]`
//! (internal 0-100 divided by 100, as KTAB divides its file values) and saliences are used as
//! they are (KTAB's file value / 100). A turn:
//!
//! 1. **Risk**: the distance from `i`'s ideal to `j`'s position is
//!    `d_ij = sqrt(sum_k (s_ik (ideal_ik - x_jk))^2 / sum_k s_ik^2)` and utility
//!    `u(d; R) = (1 - d)(1 + d R)`. A probabilistic Condorcet election (PCE) over the actors'
//!    positions with risk-neutral utilities gives each position a probability; the most probable
//!    gets risk attitude `R = 1`, the least `-1/2` (range `Mid`), and actor `h` estimates `i`'s as
//!    `(2 R_h + R_i) / 3` (`OneThird`) (module `risk`).
//! 2. **Challenges**: each actor `i` estimates, for every `j`, the probability that it beats `j`
//!    with every third party voting for the side it expects to gain from, and its expected gain
//!    `EU = (1 - S_j) EU_victory + S_j EU_contest - EU_status_quo`; it challenges the `j` with
//!    the largest gain above 1e-5 (module `challenge`).
//! 3. **Bargains**: the two move toward each other, per dimension in proportion to
//!    `s^2 P^2` of each side, rounded to 4 decimals (module `bargain`).
//! 4. **Choice**: each actor holds an election (a PCE weighted by capability) among its status
//!    quo and the bargains it is part of, valued by every actor's average utility over the
//!    resulting state, and takes the most probable (or draws one) (module `turn`).
//! 5. **Stop** when a turn moves the actors by less than 2% of the first turn's movement (after
//!    at least 2 turns, at most 100).
//!
//! The forecast is the most probable position of the final state: the winner of a PCE over its
//! distinct positions, each actor valuing them with its own risk estimate (KTAB prints these
//! probabilities but gives no point forecast).
//!
//! Where Parley differs from KTAB, only in cases KTAB cannot run:
//! - KTAB aborts when every utility is unaffected by risk (all-dichotomous issues: every position
//!   at 0 or 100) or when all positions tie in the risk election; Parley then takes every actor
//!   as risk-neutral and carries on.
//! - KTAB aborts on an actor whose saliences are all zero, or on a zero capability in a vote;
//!   Parley gives such an actor no weight and no preferences (distance 0, zero votes).
//! - KTAB needs 3 to 250 actors; Parley runs 1 or more.
//! - KTAB needs each actor's saliences to sum to at most 1 (100 in its files); Parley scales an
//!   actor's saliences down to sum to 1 where they sum to more, since its scenarios give each
//!   issue a salience of its own.
//! - An actor without a stance on an issue has salience 0 there; its coordinate starts at the
//!   issue's status quo or, without one, at the capability-weighted mean of the positions taken.
//! - `BigRAdjust = full` makes KTAB abort on a sanity check; Parley runs it.
//! - KTAB's order of the bargains open to an actor depends on thread timing (it changes ties and
//!   the last bits of the PCE, and makes the `ASymProsp` voting rule unrepeatable); Parley fixes
//!   it: the status quo, then bargains by initiator from the highest index down.
//! - In stochastic mode KTAB's threads share one generator; Parley draws from KTAB's generator
//!   (MT19937-64 with KTAB's scramble) once per actor in actor order, so a seed repeats on any
//!   number of threads.
//!
//! Cost per turn: `O(n^2 (n + m))` time for `n` actors and `m` dimensions, `O(n^2)` memory.

mod bargain;
mod challenge;
pub mod params;
mod risk;
mod rng;
mod state;
mod turn;
pub mod view;
mod vote;

use serde::Serialize;

use crate::inputs::Inputs;
use crate::model::{
    Detailed, Details, IssueForecast, Model, ModelError, ModelInfo, Outcome, Round, StopReason,
    no_salience_forecast,
};
use crate::scenario::Scenario;
use crate::validate::{Problem, ProblemKind, RangedField};

pub use params::{
    BargainModel, BigRAdjust, BigRRange, InterVecBrgn, KTAB_DEFAULT_SEED, ParamError, PceModel,
    SmpParams, StateTransitions, ThirdPartyCommit, VictoryProbModel, VotingRule,
};

/// The SMP settings a scenario carries (`[models.smp]` in a file).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SmpSettings {
    /// The model parameters.
    pub params: SmpParams,
    /// Seed of the stochastic transitions (KTAB's `prngSeed`); without one the scenario's seed,
    /// else KTAB's default seed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// How actors' ideals follow positions (KTAB's `<IdealAdjustment>`); empty: ideals are the
    /// positions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accommodation: Vec<IdealAdjustment>,
}

/// One entry of the accommodation matrix: after each turn, `actor`'s ideal moves by `rate`
/// toward `reference`'s new position. Entries not given are 1 on the diagonal (an actor's ideal
/// is its position) and 0 elsewhere; an actor's rates must sum to at most 1, the rest keeps its
/// old ideal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdealAdjustment {
    /// Id of the actor whose ideal moves.
    pub actor: String,
    /// Id of the actor whose position it moves toward.
    pub reference: String,
    /// The rate, in `[0, 1]`.
    pub rate: f64,
}

/// What a run uses, resolved from a scenario: parameters, seed and accommodation by index.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SmpConfig {
    params: SmpParams,
    seed: u64,
    accommodation: Option<Vec<f64>>,
}

impl SmpConfig {
    /// Resolves a valid scenario's settings.
    pub(crate) fn from_scenario(s: &Scenario) -> Self {
        let settings = s.models.smp.clone().unwrap_or_default();
        let n = s.actors.len();
        let accommodation = (!settings.accommodation.is_empty()).then(|| {
            let mut a = vec![0.0; n * n];
            for i in 0..n {
                a[i * n + i] = 1.0;
            }
            for e in &settings.accommodation {
                if let (Some(i), Some(j)) = (s.actor_index(&e.actor), s.actor_index(&e.reference)) {
                    a[i * n + j] = e.rate;
                }
            }
            a
        });
        Self {
            params: settings.params,
            seed: settings
                .seed
                .or(s.meta.seed)
                .unwrap_or(params::KTAB_DEFAULT_SEED),
            accommodation,
        }
    }
}

impl Default for SmpConfig {
    fn default() -> Self {
        Self {
            params: SmpParams::default(),
            seed: params::KTAB_DEFAULT_SEED,
            accommodation: None,
        }
    }
}

/// Checks a scenario's SMP settings: `min_turns <= max_turns`, known actors, rates in `[0, 1]`,
/// rows summing to at most 1.
pub(crate) fn validate(s: &Scenario, out: &mut Vec<Problem>) {
    let Some(settings) = &s.models.smp else {
        return;
    };
    let (min, max) = (settings.params.min_turns, settings.params.max_turns);
    if min > max {
        out.push(Problem {
            path: "models.smp.min_turns".into(),
            kind: ProblemKind::TurnsInverted { min, max },
        });
    }
    let known = || {
        s.actors
            .iter()
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let n = s.actors.len();
    // The matrix as KTAB builds it: the identity, each entry overwriting.
    let mut matrix = vec![0.0; n * n];
    for i in 0..n {
        matrix[i * n + i] = 1.0;
    }
    let mut last_entry: Vec<Option<usize>> = vec![None; n];
    for (e_idx, e) in settings.accommodation.iter().enumerate() {
        let path = |f: &str| format!("models.smp.accommodation[{e_idx}].{f}");
        let i = s.actor_index(&e.actor);
        let j = s.actor_index(&e.reference);
        for (field, id, idx) in [("actor", &e.actor, i), ("reference", &e.reference, j)] {
            if idx.is_none() {
                let kind = ProblemKind::UnknownActor {
                    id: id.clone(),
                    known: known(),
                };
                out.push(Problem {
                    path: path(field),
                    kind,
                });
            }
        }
        if !(0.0..=1.0).contains(&e.rate) {
            let kind = ProblemKind::OutOfRange {
                field: RangedField::Accommodation,
                what: format!(
                    "accommodation rate of '{}' toward '{}'",
                    e.actor, e.reference
                ),
                value: e.rate,
                end: None,
                valid: "[0, 1]".into(),
                hint: String::new(),
            };
            out.push(Problem {
                path: path("rate"),
                kind,
            });
        }
        if let (Some(i), Some(j)) = (i, j) {
            matrix[i * n + j] = e.rate;
            last_entry[i] = Some(e_idx);
        }
    }
    for (i, entry) in last_entry.iter().enumerate() {
        let Some(e_idx) = *entry else { continue };
        let sum: f64 = matrix[i * n..(i + 1) * n].iter().sum();
        if sum > 1.0 + 1e-10 {
            out.push(Problem {
                path: format!("models.smp.accommodation[{e_idx}].rate"),
                kind: ProblemKind::AccommodationSum {
                    actor: s.actors[i].id.clone(),
                    sum,
                },
            });
        }
    }
}

/// KTAB's spatial model of politics. [`Smp::default`] runs each scenario with its own
/// `[models.smp]` settings, or KTAB's defaults without them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Smp {
    /// Parameters that override the scenario's.
    pub params: Option<SmpParams>,
}

impl Smp {
    /// The model with fixed parameters, whatever the scenario says.
    pub fn with_params(params: SmpParams) -> Self {
        Self {
            params: Some(params),
        }
    }

    /// Runs the model and returns everything it computes.
    pub fn simulate(&self, inputs: &Inputs) -> Result<SmpRun, ModelError> {
        let config = inputs.smp_config();
        let params = self.params.unwrap_or(config.params);
        let setup = setup(inputs, params, config);
        let (n, m) = (setup.n, setup.m);
        let start = start_state(inputs, &setup);
        let t = setup.run(start, inputs.cancel())?;
        let scale = |x: f64| x * 100.0;
        let rounds: Vec<Round> = t
            .states
            .iter()
            .zip(&t.elections)
            .map(|(s, e)| Round {
                positions: (0..m)
                    .flat_map(|k| (0..n).map(move |i| (i, k)))
                    .map(|(i, k)| scale(s.pos[i * m + k]))
                    .collect(),
                forecast: {
                    let r = e.reps[e.most_probable];
                    (0..m).map(|k| scale(s.pos[r * m + k])).collect()
                },
            })
            .collect();
        let last = rounds
            .last()
            .map(|r| r.forecast.clone())
            .unwrap_or_default();
        let bystanders = bystanders(inputs);
        let forecasts = (0..m)
            .map(|k| {
                if inputs.saliences(k).iter().all(|&s| s <= 0.0) {
                    no_salience_forecast(inputs, k)
                } else {
                    IssueForecast {
                        value: last[k],
                        status: if bystanders.is_empty() {
                            crate::model::ForecastStatus::Settled
                        } else {
                            crate::model::ForecastStatus::Bystanders {
                                actors: bystanders.clone(),
                            }
                        },
                    }
                }
            })
            .collect();
        let turns = t.turns.len();
        let stop = if t.converged {
            StopReason::Converged { rounds: turns }
        } else {
            StopReason::MaxRounds { rounds: turns }
        };
        let states = t
            .elections
            .iter()
            .zip(&t.risk)
            .enumerate()
            .map(|(i, (e, r))| SmpState {
                risk: r.clone(),
                positions: e.reps.clone(),
                position_probabilities: e.prob.clone(),
                actor_probabilities: e.actor_prob.clone(),
                most_probable: e.reps[e.most_probable],
                stop_ratio: i.checked_sub(1).map(|k| t.ratios[k]),
            })
            .collect();
        let turns = t
            .turns
            .iter()
            .map(|r| SmpTurn {
                challenges: r
                    .targets
                    .iter()
                    .map(|x| {
                        x.map(|x| SmpChallenge {
                            target: x.target,
                            probability: x.prob,
                            gain: x.gain,
                        })
                    })
                    .collect(),
                choices: r
                    .choices
                    .iter()
                    .map(|c| SmpChoice {
                        initiator: c.init,
                        receiver: c.rcvr,
                        probability: c.prob,
                        options: c.options,
                    })
                    .collect(),
            })
            .collect();
        Ok(SmpRun {
            params,
            seed: setup.seed,
            outcome: Outcome {
                forecasts,
                rounds,
                stop: Some(stop),
            },
            states,
            turns,
        })
    }
}

/// The fixed data of a run on KTAB's scale.
fn setup(inputs: &Inputs, params: SmpParams, config: &SmpConfig) -> turn::Setup {
    let (n, m) = (inputs.n_actors(), inputs.n_issues());
    let mut sal = vec![0.0; n * m];
    for k in 0..m {
        for (i, &s) in inputs.saliences(k).iter().enumerate() {
            sal[i * m + k] = s;
        }
    }
    let mut sal_sum = Vec::with_capacity(n);
    for row in sal.chunks_mut(m) {
        let total = row.iter().fold(0.0, |s, &x| s + x);
        if total > 1.0 {
            row.iter_mut().for_each(|x| *x /= total);
            sal_sum.push(row.iter().fold(0.0, |s, &x| s + x));
        } else {
            sal_sum.push(total);
        }
    }
    let mut cap = inputs.capabilities().to_vec();
    // Votes are capability x utility differences summed over actors: capabilities near the top
    // of the f64 range would overflow them. KTAB caps capabilities at 1e8; far above that
    // Parley divides them by the largest. KTAB's floors are absolute (a coalition's strength
    // starts at 1e-10), so with tiny capabilities they would outweigh the votes and the answer
    // would depend on the capabilities' unit: below 1 Parley also divides by the largest, so
    // that only ratios matter there. From 1 to 1e200 (KTAB's inputs, the flagship, DEU III)
    // capabilities are used as given, as KTAB does; the floors are then at most 1e-10 of the
    // largest weight.
    let largest = cap.iter().copied().fold(0.0, f64::max);
    if largest > 1e200 || (largest > 0.0 && largest < 1.0) {
        cap.iter_mut().for_each(|c| *c /= largest);
    }
    let weight = sal_sum.iter().zip(&cap).map(|(s, c)| s * c).collect();
    turn::Setup {
        n,
        m,
        cap,
        sal,
        sal_sum,
        weight,
        accommodation: config.accommodation.clone(),
        params,
        seed: config.seed,
    }
}

/// The starting positions on KTAB's scale; ideals are the positions.
fn start_state(inputs: &Inputs, setup: &turn::Setup) -> state::State {
    let (n, m) = (setup.n, setup.m);
    let mut pos = vec![0.0; n * m];
    for k in 0..m {
        let involved = inputs.involved(k);
        let fill = inputs.status_quo(k).unwrap_or_else(|| {
            let (mut num, mut den) = (0.0, 0.0);
            for (i, (&x, &c)) in inputs
                .positions(k)
                .iter()
                .zip(inputs.capabilities())
                .enumerate()
            {
                if involved[i] {
                    num += c * x;
                    den += c;
                }
            }
            if den > 0.0 { num / den } else { 50.0 }
        });
        for (i, &x) in inputs.positions(k).iter().enumerate() {
            pos[i * m + k] = if involved[i] { x } else { fill } / 100.0;
        }
    }
    state::State {
        ideal: pos.clone(),
        pos,
    }
}

impl Model for Smp {
    fn info(&self) -> ModelInfo {
        ModelInfo {
            id: "smp",
            name: "Spatial model of politics (KTAB)",
            summary: "turns of challenges and bargains in the space of all issues at once; forecasts the most probable position",
            source: "Wise, Lester, Efird et al., KAPSARC Toolkit for Behavioral Analysis (2015-2017)",
            iterative: true,
        }
    }

    fn run(&self, inputs: &Inputs) -> Result<Outcome, ModelError> {
        Ok(self.simulate(inputs)?.outcome)
    }

    fn run_detailed(&self, inputs: &Inputs) -> Result<Detailed, ModelError> {
        let run = self.simulate(inputs)?;
        Ok(Detailed {
            outcome: run.outcome,
            details: Some(Details::Smp {
                params: run.params,
                states: run.states,
                turns: run.turns,
            }),
        })
    }
}

/// Everything one SMP run computes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmpRun {
    /// The parameters used.
    pub params: SmpParams,
    /// The seed of the stochastic transitions (unused in deterministic mode).
    pub seed: u64,
    /// The common outcome: positions per state (internal 0-100 scale), the most probable
    /// position of each state as its forecast, and the final one as the forecast.
    pub outcome: Outcome,
    /// One entry per state, the starting state first.
    pub states: Vec<SmpState>,
    /// One entry per turn.
    pub turns: Vec<SmpTurn>,
}

/// What the model says about one state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmpState {
    /// Each actor's inferred risk attitude.
    pub risk: Vec<f64>,
    /// The distinct positions, each by the first actor holding it (positions within 1e-3 of
    /// each other on the 0-1 scale count as one).
    pub positions: Vec<usize>,
    /// The probability of each distinct position in a PCE among them.
    pub position_probabilities: Vec<f64>,
    /// Per actor, the probability of its position as KTAB prints it.
    pub actor_probabilities: Vec<f64>,
    /// The actor whose position is the most probable.
    pub most_probable: usize,
    /// The turn's movement relative to the first turn's (the stopping rule's ratio); none for
    /// the starting state.
    pub stop_ratio: Option<f64>,
}

/// What happened in one turn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmpTurn {
    /// Per actor, its challenge (none when no target promised a gain).
    pub challenges: Vec<Option<SmpChallenge>>,
    /// Per actor, the bargain it took.
    pub choices: Vec<SmpChoice>,
}

/// An actor's best challenge.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SmpChallenge {
    /// The actor challenged.
    pub target: usize,
    /// The challenger's estimate of its probability of winning.
    pub probability: f64,
    /// Its expected gain in utility.
    pub gain: f64,
}

/// The bargain an actor took.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SmpChoice {
    /// The bargain's initiator (the actor itself for its status quo).
    pub initiator: usize,
    /// Its receiver.
    pub receiver: usize,
    /// Its probability in the actor's election.
    pub probability: f64,
    /// How many bargains were open to the actor, its status quo included.
    pub options: usize,
}

/// The actors with no salience on any issue. KTAB refuses them; Parley runs them as
/// indifferent actors whose coordinates stay options, so the forecast says it depends on them.
fn bystanders(inputs: &Inputs) -> Vec<usize> {
    (0..inputs.n_actors())
        .filter(|&i| (0..inputs.n_issues()).all(|k| inputs.saliences(k)[i] <= 0.0))
        .collect()
}
