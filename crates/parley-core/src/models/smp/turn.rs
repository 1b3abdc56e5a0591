//! One turn of the model and the run loop (KTAB `SMPState::setAllAUtil`, `SMPState::doBCN`,
//! `SMPState::updateBestBrgnPositions`, `Model::run`, `smpStopFn`, `SMPModel::showVPHistory`).
//!
//! Every actor's challenges, every bargain's value and every actor's election are independent
//! of each other and run in parallel; results are gathered in actor order, and the stochastic
//! draws are taken afterwards in actor order, so threads never change a result.

use rayon::prelude::*;

use super::bargain::{self, Bargain, Voter};
use super::challenge::{self, Contest, Utilities};
use super::params::{BargainModel, SmpParams, StateTransitions};
use super::risk;
use super::rng::KtabRng;
use super::state::{self, State};
use super::vote::{Pce, PceRules};

/// The fixed data of a run on KTAB's scale.
#[derive(Debug, Clone)]
pub(crate) struct Setup {
    /// Actors.
    pub n: usize,
    /// Dimensions.
    pub m: usize,
    /// Capabilities.
    pub cap: Vec<f64>,
    /// Saliences, actor-major, each actor's summing to at most 1.
    pub sal: Vec<f64>,
    /// Each actor's total salience.
    pub sal_sum: Vec<f64>,
    /// Each actor's weight in challenges: total salience x capability.
    pub weight: Vec<f64>,
    /// Accommodation matrix, row-major; `None` is the identity.
    pub accommodation: Option<Vec<f64>>,
    /// Model parameters.
    pub params: SmpParams,
    /// Seed of the stochastic transitions.
    pub seed: u64,
}

/// What a state implies before anyone moves: distances, risk attitudes, each actor's own
/// utilities.
#[derive(Debug, Clone, Default)]
pub(crate) struct Assessment {
    /// `vdiff[i * n + j]`: distance from i's ideal to j's position.
    pub vdiff: Vec<f64>,
    /// The same, transposed: `vdiff_t[j * n + i]`.
    pub vdiff_t: Vec<f64>,
    /// Inferred risk attitude per actor.
    pub risk: Vec<f64>,
    /// `own[a * n + q]`: a's utility of q's position by a's estimate of its own risk.
    pub own: Vec<f64>,
}

/// An actor's best challenge in a turn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Target {
    /// The actor challenged.
    pub target: usize,
    /// The challenger's estimate of its victory probability.
    pub prob: f64,
    /// The challenger's expected gain.
    pub gain: f64,
}

/// An actor's choice in a turn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Choice {
    /// Initiator of the chosen bargain (the actor itself for its status quo).
    pub init: usize,
    /// Receiver of the chosen bargain.
    pub rcvr: usize,
    /// Its probability in the actor's election.
    pub prob: f64,
    /// How many bargains were open to the actor (its status quo included).
    pub options: usize,
}

/// What happened in one turn.
#[derive(Debug, Clone)]
pub(crate) struct TurnRecord {
    /// Per actor, its best challenge, if any.
    pub targets: Vec<Option<Target>>,
    /// Per actor, the bargain it took.
    pub choices: Vec<Choice>,
}

/// The distinct positions of a state and their probabilities (KTAB's "prob" history).
#[derive(Debug, Clone)]
pub(crate) struct Election {
    /// Actors representing the distinct positions.
    pub reps: Vec<usize>,
    /// Probability of each distinct position.
    pub prob: Vec<f64>,
    /// Per actor, the probability KTAB prints for it.
    pub actor_prob: Vec<f64>,
    /// Index into `reps` of the most probable position (the first on a tie).
    pub most_probable: usize,
}

/// A whole run.
#[derive(Debug, Clone)]
pub(crate) struct Trajectory {
    /// The states, the starting one first.
    pub states: Vec<State>,
    /// Risk attitudes per state.
    pub risk: Vec<Vec<f64>>,
    /// The election over distinct positions per state.
    pub elections: Vec<Election>,
    /// One record per turn.
    pub turns: Vec<TurnRecord>,
    /// The stop ratio after each turn.
    pub ratios: Vec<f64>,
    /// Whether the stopping rule (rather than the cap) ended the run.
    pub converged: bool,
}

/// From this many actors on, a turn's independent computations run on rayon's threads; below,
/// handing them out costs more than it saves (measured on the SOE inputs, 26-34 actors).
const PARALLEL_FROM: usize = 48;

/// Per-thread buffers.
#[derive(Debug, Default)]
struct Work {
    /// Scratch of the risk election.
    u: Vec<f64>,
    /// A perspective's estimates of every actor's risk attitude, every actor's utility of its
    /// own position, and of the two principals' positions (columns `i` and `j`).
    est: Vec<f64>,
    diag: Vec<f64>,
    ci: Vec<f64>,
    cj: Vec<f64>,
    /// A challenger's targets with the bounds of their gains, in the order visited.
    order: Vec<(f64, usize)>,
    /// The targets evaluated together, their columns interleaved (see
    /// `challenge::evaluate_targets`) and their probabilities and gains.
    batch: Vec<usize>,
    cjs: Vec<f64>,
    results: Vec<(f64, f64)>,
    votes: Vec<f64>,
    util: Vec<f64>,
    pce: Pce,
}

impl Setup {
    fn rules(&self) -> PceRules {
        PceRules {
            vote: self.params.voting_rule,
            victory: self.params.victory_prob,
            pce: self.params.pce,
        }
    }

    /// Distances, risk attitudes and own utilities of a state.
    pub(crate) fn assess(&self, s: &State) -> Assessment {
        let n = self.n;
        let mut a = Assessment::default();
        risk::distances(&s.ideal, &s.pos, &self.sal, self.m, &mut a.vdiff);
        a.vdiff_t = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                a.vdiff_t[j * n + i] = a.vdiff[i * n + j];
            }
        }
        let mut work = Work::default();
        risk::attitudes(
            &a.vdiff,
            &self.cap,
            self.rules(),
            self.params.big_r_range,
            &mut work.pce,
            &mut work.u,
            &mut a.risk,
        );
        a.own = Vec::with_capacity(n * n);
        for i in 0..n {
            let r = risk::estimate(self.params.big_r_adjust, a.risk[i], a.risk[i]);
            a.own.extend(
                a.vdiff[i * n..(i + 1) * n]
                    .iter()
                    .map(|&d| risk::utility(d, r)),
            );
        }
        a
    }

    /// Perspective `h`'s estimate of every actor's risk attitude (`est`) and every actor's
    /// utility of its own position with it (`diag`).
    fn perspective(&self, a: &Assessment, h: usize, est: &mut Vec<f64>, diag: &mut Vec<f64>) {
        let n = self.n;
        let adjust = self.params.big_r_adjust;
        est.clear();
        est.extend((0..n).map(|x| risk::estimate(adjust, a.risk[h], a.risk[x])));
        diag.clear();
        diag.extend((0..n).map(|x| risk::utility(a.vdiff_t[x * n + x], est[x])));
    }

    /// Column `j` of a perspective's utilities (every actor's utility of `j`'s position, with
    /// the perspective's risk estimates `est`), into `out`.
    fn column(&self, a: &Assessment, est: &[f64], j: usize, out: &mut Vec<f64>) {
        let n = self.n;
        out.clear();
        out.extend(
            a.vdiff_t[j * n..(j + 1) * n]
                .iter()
                .zip(est)
                .map(|(&d, &r)| risk::utility(d, r)),
        );
    }

    /// The columns of several targets, interleaved: `out[x * TARGETS + l]` is entry `x` of
    /// `targets[l]`'s column as [`Setup::column`] computes it; lanes past the targets are 0.
    fn columns(&self, a: &Assessment, est: &[f64], targets: &[usize], out: &mut Vec<f64>) {
        const T: usize = challenge::TARGETS;
        let n = self.n;
        out.clear();
        out.resize(n * T, 0.0);
        for (l, &j) in targets.iter().enumerate().take(T) {
            for (x, (&d, &r)) in a.vdiff_t[j * n..(j + 1) * n].iter().zip(est).enumerate() {
                out[x * T + l] = risk::utility(d, r);
            }
        }
    }

    fn contest(&self) -> Contest<'_> {
        Contest {
            rule: self.params.voting_rule,
            commit: self.params.third_party_commit,
            weight: &self.weight,
            sal_sum: &self.sal_sum,
        }
    }

    fn actor<'a>(&'a self, s: &'a State, i: usize) -> (usize, &'a [f64], &'a [f64]) {
        let m = self.m;
        (i, &s.pos[i * m..(i + 1) * m], &self.sal[i * m..(i + 1) * m])
    }

    /// Actor `i`'s best challenge and the bargains it puts on the table.
    fn challenge(
        &self,
        s: &State,
        a: &Assessment,
        i: usize,
        w: &mut Work,
    ) -> (Option<Target>, Vec<Bargain>) {
        let n = self.n;
        self.perspective(a, i, &mut w.est, &mut w.diag);
        self.column(a, &w.est, i, &mut w.ci);
        let contest = self.contest();
        // Only the best target is used (its gain, probability and bargain); every other
        // challenge's evaluation matters only by losing to it. A target whose gain cannot
        // exceed the best found so far, by a bound that needs no votes, is not evaluated:
        // targets are visited by decreasing bound and the visit stops at the first that
        // cannot win. Each evaluation is the same computation as before and the best is the
        // same (largest gain above MIN_GAIN, the lowest index on a tie), so the result is
        // bit-identical.
        w.order.clear();
        let (uii, ri) = (w.ci[i], w.est[i]);
        let mut prunable = true;
        for j in (0..n).filter(|&j| j != i) {
            // i's utility of j's position: entry i of column j, as `column` computes it.
            let uij = risk::utility(a.vdiff[i * n + j], ri);
            let bound = challenge::gain_bound(self.sal_sum[j], uii, uij);
            prunable &= !bound.is_nan();
            w.order.push((bound, j));
        }
        if prunable {
            w.order
                .sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        }
        let mut best: Option<Target> = None;
        let mut best_gain = -1.0;
        // Targets are evaluated in batches of the next few that can still win; a batch's
        // results are then taken in order under the same stopping rule, so a target the
        // one-by-one visit would not have reached is evaluated and ignored, nothing more.
        let stops = |bound: f64, best_gain: f64| {
            prunable && (bound <= challenge::MIN_GAIN || bound < best_gain)
        };
        let mut next = 0;
        'visit: while next < w.order.len() {
            w.batch.clear();
            w.batch.extend(
                w.order[next..]
                    .iter()
                    .take(challenge::TARGETS)
                    .take_while(|&&(bound, _)| !stops(bound, best_gain))
                    .map(|&(_, j)| j),
            );
            if w.batch.is_empty() {
                break;
            }
            self.columns(a, &w.est, &w.batch, &mut w.cjs);
            let batch = challenge::Challenges {
                ci: &w.ci,
                diag: &w.diag,
                cj: &w.cjs,
                k: i,
                i,
                js: &w.batch,
            };
            challenge::evaluate_targets(contest, batch, &mut w.results);
            for (k, &(prob, gain)) in w.results.iter().enumerate() {
                let (bound, j) = w.order[next + k];
                if stops(bound, best_gain) {
                    break 'visit;
                }
                let first_of_equals = best.is_some_and(|b| gain == best_gain && j < b.target);
                if challenge::beats(gain, best_gain) || first_of_equals {
                    best = Some(Target {
                        target: j,
                        prob,
                        gain,
                    });
                    best_gain = gain;
                }
            }
            next += w.batch.len();
        }
        let Some(t) = best else {
            return (None, Vec::new());
        };
        let j = t.target;
        let rule = self.params.inter_vec_brgn;
        let iij = bargain::interpolate(
            rule,
            self.actor(s, i),
            self.actor(s, j),
            t.prob,
            1.0 - t.prob,
        );
        let bargains = match self.params.bargain_model {
            BargainModel::InitOnlyInterp => vec![iij],
            BargainModel::InitRcvrInterp | BargainModel::PwCompInterp => {
                // KTAB feeds j's estimate of i's *gain* in as a probability here.
                self.perspective(a, j, &mut w.est, &mut w.diag);
                self.column(a, &w.est, i, &mut w.ci);
                self.column(a, &w.est, j, &mut w.cj);
                let u = Utilities {
                    ci: &w.ci,
                    cj: &w.cj,
                    diag: &w.diag,
                };
                let pji = challenge::evaluate(contest, u, &mut w.votes, i, i, j).1;
                let jij =
                    bargain::interpolate(rule, self.actor(s, i), self.actor(s, j), pji, 1.0 - pji);
                if self.params.bargain_model == BargainModel::InitRcvrInterp {
                    vec![iij, jij]
                } else {
                    let wi = self.cap[i] * self.sal_sum[i];
                    let wj = self.cap[i] * self.sal_sum[j];
                    vec![bargain::compromise(&iij, &jij, wi, wj)]
                }
            }
        };
        (Some(t), bargains)
    }

    fn voter<'a>(&'a self, s: &'a State, a: &'a Assessment, v: usize) -> Voter<'a> {
        let (n, m) = (self.n, self.m);
        Voter {
            ideal: &s.ideal[v * m..(v + 1) * m],
            sal: &self.sal[v * m..(v + 1) * m],
            risk: a.risk[v],
            own: &a.own[v * n..(v + 1) * n],
        }
    }

    /// `f(work, k)` for `k` in `0..count`, in order; on rayon's threads when the model is big
    /// enough to pay for them (the results are the same either way).
    fn map_actors<T: Send>(
        &self,
        count: usize,
        f: impl Fn(&mut Work, usize) -> T + Sync + Send,
    ) -> Vec<T> {
        if self.n >= PARALLEL_FROM {
            (0..count)
                .into_par_iter()
                .map_init(Work::default, f)
                .collect()
        } else {
            let mut w = Work::default();
            (0..count).map(|k| f(&mut w, k)).collect()
        }
    }

    /// Plays one turn from `s`.
    pub(crate) fn step(&self, s: &State, a: &Assessment, rng: &mut KtabRng) -> (State, TurnRecord) {
        let (n, m) = (self.n, self.m);
        let moves: Vec<(Option<Target>, Vec<Bargain>)> =
            self.map_actors(n, |w, i| self.challenge(s, a, i, w));
        let mut bargains: Vec<Bargain> = Vec::new();
        let mut targets = Vec::with_capacity(n);
        for (t, b) in moves {
            targets.push(t);
            bargains.extend(b);
        }
        // Every bargain's value to every voter, computed voter by voter and stored bargain by
        // bargain (`values[b * n + v]`); the status quo's is the same in every queue.
        let by_voter: Vec<Vec<f64>> = self.map_actors(n, |_, v| {
            let mut out = Vec::with_capacity(bargains.len());
            bargain::values(self.voter(s, a, v), &bargains, &mut out);
            out
        });
        let mut values = vec![0.0; bargains.len() * n];
        for (v, row) in by_voter.iter().enumerate() {
            for (b, &x) in row.iter().enumerate() {
                values[b * n + v] = x;
            }
        }
        let sq: Vec<f64> = (0..n)
            .map(|v| bargain::status_quo_value(self.voter(s, a, v)))
            .collect();
        let queues = queues(&bargains, n);
        let rules = self.rules();
        let probs: Vec<Vec<f64>> = self.map_actors(n, |w, k| {
            let queue = &queues[k];
            w.util.clear();
            for opt in queue {
                match opt {
                    None => w.util.extend_from_slice(&sq),
                    Some(b) => w.util.extend_from_slice(&values[b * n..(b + 1) * n]),
                }
            }
            w.pce.run(rules, &self.cap, &w.util).to_vec()
        });
        let mut next = vec![0.0; n * m];
        let mut choices = Vec::with_capacity(n);
        for (k, (queue, p)) in queues.iter().zip(&probs).enumerate() {
            let pick = match self.params.state_transitions {
                StateTransitions::Deterministic => most_probable(p),
                StateTransitions::Stochastic => rng.select(p),
            };
            let target = &mut next[k * m..(k + 1) * m];
            let (init, rcvr) = match queue[pick] {
                None => {
                    target.copy_from_slice(&s.pos[k * m..(k + 1) * m]);
                    (k, k)
                }
                Some(b) => {
                    let b = &bargains[b];
                    let pos = if b.init == k {
                        &b.pos_init
                    } else {
                        &b.pos_rcvr
                    };
                    target.copy_from_slice(pos);
                    (b.init, b.rcvr)
                }
            };
            choices.push(Choice {
                init,
                rcvr,
                prob: p[pick],
                options: queue.len(),
            });
        }
        let ideal = state::follow(&next, &s.ideal, m, self.accommodation.as_deref());
        let record = TurnRecord { targets, choices };
        (State { pos: next, ideal }, record)
    }

    /// The election over the distinct positions of a state, each actor valuing them with its
    /// own risk estimate.
    pub(crate) fn election(&self, s: &State, a: &Assessment) -> Election {
        let (n, m) = (self.n, self.m);
        let reps = state::representatives(&s.pos, m);
        let mut util = Vec::with_capacity(reps.len() * n);
        for &r in &reps {
            util.extend((0..n).map(|i| a.own[i * n + r]));
        }
        let mut pce = Pce::default();
        let prob = pce.run(self.rules(), &self.cap, &util).to_vec();
        let actor_prob = (0..n)
            .map(|i| prob[state::group_of(&s.pos, m, &reps, i)])
            .collect();
        Election {
            most_probable: most_probable(&prob),
            reps,
            prob,
            actor_prob,
        }
    }

    /// Plays turns from `start` until the stopping rule or the cap; `Err` once `cancel` is
    /// cancelled (polled before each turn).
    pub(crate) fn run(
        &self,
        start: State,
        cancel: &crate::cancel::Cancel,
    ) -> Result<Trajectory, crate::cancel::Cancelled> {
        let mut rng = KtabRng::new(self.seed);
        let mut assessment = self.assess(&start);
        let mut t = Trajectory {
            risk: vec![assessment.risk.clone()],
            elections: vec![self.election(&start, &assessment)],
            states: vec![start],
            turns: Vec::new(),
            ratios: Vec::new(),
            converged: false,
        };
        let p = &self.params;
        let mut first = 0.0;
        for iter in 1.. {
            cancel.check()?;
            let (next, record) = self.step(&t.states[iter - 1], &assessment, &mut rng);
            assessment = self.assess(&next);
            t.risk.push(assessment.risk.clone());
            t.elections.push(self.election(&next, &assessment));
            t.states.push(next);
            t.turns.push(record);
            if iter == 1 {
                first = state::movement(&t.states[0], &t.states[1], self.m) + 1e-4;
            }
            let moved = state::movement(&t.states[iter], &t.states[iter - 1], self.m);
            let ratio = moved / first;
            t.ratios.push(ratio);
            let quiet = ratio < p.stop_ratio;
            if p.max_turns <= iter || (p.min_turns <= iter && quiet) {
                t.converged = p.min_turns <= iter && quiet;
                break;
            }
        }
        Ok(t)
    }
}

/// The options open to each actor: its status quo (`None`) first, then the bargains it is
/// part of, by initiator from the highest index down. This is the order KTAB's threads
/// produced in its 2017 smpExample run; KTAB's own order varies from run to run.
fn queues(bargains: &[Bargain], n: usize) -> Vec<Vec<Option<usize>>> {
    let mut q: Vec<Vec<Option<usize>>> = (0..n).map(|_| vec![None]).collect();
    let mut order: Vec<usize> = (0..bargains.len()).collect();
    // Stable: bargains of one initiator keep the order in which they were made.
    order.sort_by_key(|&b| std::cmp::Reverse(bargains[b].init));
    for b in order {
        q[bargains[b].init].push(Some(b));
        q[bargains[b].rcvr].push(Some(b));
    }
    q
}

/// The index of the largest probability, the first on a tie (KTAB `ndxMaxAbs`).
pub(crate) fn most_probable(p: &[f64]) -> usize {
    let mut best = 0;
    let mut max = -1.0;
    for (i, &x) in p.iter().enumerate() {
        if max < x.abs() {
            best = i;
            max = x.abs();
        }
    }
    best
}
