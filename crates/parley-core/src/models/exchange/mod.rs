//! Stokman's exchange model: actors trade voting positions across pairs of issues.
//!
//! An actor that cares more about issue P than about Q gives ground on Q to a partner that
//! cares the other way round, and both gain (Stokman & Van Oosten 1994, "The exchange of voting
//! positions"; Stokman & Van den Bos 1992). Parley follows the equal-gain implementation of
//! `foarsitter/decide-exchange-model` (commit 51dee664) step for step, so that it reproduces
//! its exchanges and outcomes; `docs/models/exchange.md` lists every rule and the two places
//! where Parley is deterministic where decide is not.
//!
//! A round, on the internal 0-100 scale, with `W_ak = c_a s_ak` and `D_k = sum_a W_ak`:
//! 1. the outcome of each issue is the weighted mean `O_k = sum_a W_ak x_ak / D_k`;
//! 2. for every issue pair (P, Q), actors on opposite sides of both outcomes can trade; the one
//!    with the higher salience ratio `s_P / s_Q` demands P and supplies Q;
//! 3. equal gain: the supplier on P moves all the way to the demander's position, the partner
//!    moves on Q just enough that both gain the same (or the reverse when that would overshoot);
//!    moves never push an outcome past the demander's position;
//! 4. the exchange with the highest gain is realised, every remaining exchange that shares an
//!    actor-issue with it is recalculated or dropped, and so on until none is left;
//! 5. voting positions replace positions; their outcome is the round's forecast; the next round
//!    starts from `w y + (1 - w) x` with `w = 0.1 + 0.4 (1 - s)`.
//!
//! The random-rate variant is Parley's own (decide's is broken at that commit): the rate at
//! which outcome shifts on the two issues are traded is drawn uniformly between the two actors'
//! salience ratios, from a generator seeded by the scenario seed, the round and the exchange.

mod moves;
mod pool;

use std::sync::Arc;

use serde::Serialize;

use self::moves::{Moves, Stacks};
use self::pool::{Index, Ranking};
use crate::inputs::Inputs;
use crate::issue::INTERNAL_MAX;
use crate::model::{
    Detailed, Details, ForecastStatus, IssueForecast, Model, ModelError, ModelInfo, Outcome, Round,
    StopReason,
};

/// How the terms of an exchange are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeRate {
    /// Both partners gain the same (Stokman & Van Oosten 1994; decide's default).
    EqualGain,
    /// The rate is drawn uniformly between the partners' salience ratios (Parley's design).
    Random {
        /// Seed of the draws.
        seed: u64,
    },
}

/// The exchange model.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    /// Number of rounds (decide's default, 10).
    pub rounds: usize,
    /// How the terms of an exchange are set.
    pub rate: ExchangeRate,
    /// Restrict trades to pairs of these issues (a linkage); `None` allows every pair.
    pub issues: Option<Vec<usize>>,
}

impl Default for Exchange {
    fn default() -> Self {
        Self {
            rounds: 10,
            rate: ExchangeRate::EqualGain,
            issues: None,
        }
    }
}

/// One realised exchange.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trade {
    /// Position of the exchange in the round's list of candidates (creation order).
    pub creation: usize,
    /// The actor who demands issue `p` and supplies `q`.
    pub i: Side,
    /// The actor who supplies `p` and demands `q`.
    pub j: Side,
    /// The gain that ranked this exchange (both partners' gain under equal gain).
    pub gain: f64,
    /// Per actor: the change in its salience-weighted distance to the outcomes of the two issues
    /// (positive: the outcomes moved toward it); the two traders get the exchange's gain.
    pub externalities: Externalities,
}

/// One partner's side of a realised exchange (internal 0-100 scale).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// Actor index.
    pub actor: usize,
    /// The issue it gives ground on.
    pub supply: usize,
    /// The issue it gains on.
    pub demand: usize,
    /// Its position on the supply issue when the exchange was realised.
    pub start: f64,
    /// Its signed move on the supply issue.
    pub shift: f64,
    /// Its voting position on the supply issue.
    pub voting: f64,
    /// Its gain from the exchange.
    pub gain: f64,
}

/// The trades of one round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExchangeRound {
    /// Candidate exchanges created at the start of the round.
    pub candidates: usize,
    /// The realised exchanges, in order.
    pub trades: Vec<Trade>,
}

/// Moves below this (0-100 scale) are no move.
const MIN_MOVE: f64 = 1e-10;
/// Gains below this are no gain.
const MIN_GAIN: f64 = 1e-10;
/// Gains this close to the best count as tied; the earliest-created exchange wins.
const TIE: f64 = 1e-12;
/// An outcome this close to the demander's position counts as on it.
const EDGE: f64 = 1e-9;

impl Model for Exchange {
    fn info(&self) -> ModelInfo {
        ModelInfo {
            id: "exchange",
            name: "Exchange model (equal gain)",
            summary: "actors trade voting positions across issue pairs where their saliences differ; rounds of exchanges",
            source: "Stokman & Van Oosten (1994); Stokman & Van den Bos (1992); as implemented in decide-exchange-model",
            iterative: true,
        }
    }

    fn run(&self, inputs: &Inputs) -> Result<Outcome, ModelError> {
        Ok(self.run_detailed(inputs)?.outcome)
    }

    fn run_detailed(&self, inputs: &Inputs) -> Result<Detailed, ModelError> {
        let mut state = State::new(inputs, self);
        let mut rounds = vec![Round {
            positions: state.x.clone(),
            forecast: state.outcomes(),
        }];
        let mut log = Vec::with_capacity(self.rounds);
        for r in 0..self.rounds {
            inputs.cancel().check()?;
            let (round, voting) = state.play(r)?;
            rounds.push(Round {
                positions: voting,
                forecast: state.voting_outcome.clone(),
            });
            log.push(round);
        }
        let forecasts = forecasts(inputs, &state, rounds.last().map(|r| r.forecast.as_slice()));
        Ok(Detailed {
            outcome: Outcome {
                forecasts,
                rounds,
                stop: Some(StopReason::MaxRounds {
                    rounds: self.rounds,
                }),
            },
            details: Some(Details::Exchanges { rounds: log }),
        })
    }
}

fn forecasts(inputs: &Inputs, state: &State, last: Option<&[f64]>) -> Vec<IssueForecast> {
    (0..inputs.n_issues())
        .map(|k| {
            if state.weight_sum[k] > 0.0 {
                IssueForecast {
                    value: last.map_or(0.0, |f| f[k]),
                    status: ForecastStatus::Settled,
                }
            } else {
                crate::model::no_salience_forecast(inputs, k)
            }
        })
        .collect()
}

/// One side of a candidate exchange while the round is being played.
#[derive(Debug, Clone)]
///
/// Kept small (indices as `u32`, nothing stored that the round-start positions give): there
/// are over a million candidates at 1,000 actors, and realising an exchange visits thousands of
/// them in no order a cache can follow.
struct Role {
    actor: u32,
    sup: u16,
    dem: u16,
    /// Current position on the supply issue (follows earlier realised moves in the round).
    sup_x: f64,
    /// Planned moves, for decide's rule that an actor never moves both ways in a round.
    /// The newest is the side's current move (decide's `moved`).
    moves: Moves,
    y: f64,
    eu: f64,
    nbs0: f64,
    nbs1: f64,
}

impl Role {
    fn actor(&self) -> usize {
        self.actor as usize
    }

    fn sup(&self) -> usize {
        self.sup as usize
    }

    fn dem(&self) -> usize {
        self.dem as usize
    }

    /// The side's signed move on its supply issue, as last calculated.
    fn shift(&self) -> f64 {
        self.moves.last().unwrap_or(0.0)
    }
}

/// A candidate exchange; issue P is `j.sup`, issue Q is `i.sup`.
#[derive(Debug, Clone)]
struct Candidate {
    i: Role,
    j: Role,
    gain: f64,
    /// Creation order among all the round's candidates, the invalid ones included.
    id: u32,
    valid: bool,
    /// Positions of other actors this exchange has learned of: (issue, actor, position).
    updates: Span,
}

/// Where a candidate's learned positions lie in the round's [`Store`].
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    at: u32,
    len: u32,
    cap: u32,
}

/// The learned positions of all the round's candidates, each candidate's in one block in the
/// order learned (the order decide sums them in); a full block moves to the end at twice its
/// size. One store for the round instead of a vector per candidate: millions of small
/// allocations freed and made anew every round cost more than the arithmetic at 1,000 actors.
#[derive(Debug, Default)]
struct Store {
    entries: Vec<Learned>,
    /// The entries below the tops of the candidates' move stacks.
    stacks: Stacks,
}

impl Store {
    fn get(&self, s: Span) -> &[Learned] {
        self.entries
            .get(s.at as usize..(s.at + s.len) as usize)
            .unwrap_or(&[])
    }

    /// Records `y`'s new supply position in the block `span`; an existing entry keeps the value
    /// closer to `y`'s round-start position `start` (decide's rule).
    fn learn(&mut self, span: &mut Span, issue: u16, y: &Role, start: f64) {
        let range = span.at as usize..(span.at + span.len) as usize;
        if let Some((_, _, st)) = self
            .entries
            .get_mut(range.clone())
            .and_then(|b| b.iter_mut().find(|(k, a, _)| *k == issue && *a == y.actor))
        {
            *st = if start <= *st {
                st.min(y.y)
            } else {
                st.max(y.y)
            };
            return;
        }
        if span.len == span.cap {
            let cap = span.cap.saturating_mul(2).max(2);
            let at = self.entries.len();
            self.entries.extend_from_within(range);
            self.entries.resize(at + cap as usize, (0, 0, 0.0));
            // A round's store holds a few entries per candidate, far below u32::MAX.
            span.at = u32::try_from(at).unwrap_or(u32::MAX);
            span.cap = cap;
        }
        if let Some(slot) = self.entries.get_mut((span.at + span.len) as usize) {
            *slot = (issue, y.actor, y.y);
            span.len += 1;
        }
    }
}

/// A position an exchange has learned of: (issue, actor, position).
type Learned = (u16, u32, f64);

/// The model's state across rounds.
struct State<'a> {
    inputs: &'a Inputs,
    n: usize,
    m: usize,
    /// Positions, issue-major, internal scale.
    x: Vec<f64>,
    /// Whether each actor takes part in each issue's exchanges (stance with salience > 0).
    present: Vec<bool>,
    /// `D_k`.
    weight_sum: Vec<f64>,
    /// `sum_a W_ak x_ak` over the round-start positions, per issue.
    base_sum: Vec<f64>,
    allowed: Vec<bool>,
    rate: ExchangeRate,
    /// The round being played (the random rate's draws depend on it).
    round: usize,
    voting_outcome: Vec<f64>,
    /// The candidates of the round being played (kept between rounds for their allocation).
    list: Vec<Candidate>,
    /// What they learned (kept likewise).
    store: Store,
    /// Recalculations in the last round played (a measure of the work, for the scaling test).
    recalcs: usize,
    /// The realisation's bookkeeping (kept likewise).
    work: Work,
}

/// What realising a round's exchanges keeps per candidate, allocated once for the run: these
/// are as long as the candidate list, and fresh memory every round costs page faults.
#[derive(Debug, Default)]
struct Work {
    index: Index,
    ranking: Ranking,
    alive: Vec<bool>,
    stamp: Vec<u32>,
}

impl<'a> State<'a> {
    fn new(inputs: &'a Inputs, model: &Exchange) -> Self {
        let (n, m) = (inputs.n_actors(), inputs.n_issues());
        let mut x = Vec::with_capacity(n * m);
        let mut present = Vec::with_capacity(n * m);
        let mut weight_sum = vec![0.0; m];
        for (k, total) in weight_sum.iter_mut().enumerate() {
            x.extend_from_slice(inputs.positions(k));
            for a in 0..n {
                let s = inputs.saliences(k)[a];
                let here = inputs.involved(k)[a] && s > 0.0;
                present.push(here);
                if here {
                    *total += s * inputs.capabilities()[a];
                }
            }
        }
        let allowed = (0..m)
            .map(|k| model.issues.as_ref().is_none_or(|set| set.contains(&k)))
            .collect();
        Self {
            inputs,
            n,
            m,
            x,
            present,
            weight_sum,
            base_sum: vec![0.0; m],
            allowed,
            rate: model.rate,
            round: 0,
            voting_outcome: Vec::new(),
            recalcs: 0,
            list: Vec::new(),
            store: Store::default(),
            work: Work::default(),
        }
    }

    fn s(&self, a: usize, k: usize) -> f64 {
        self.inputs.saliences(k)[a]
    }

    fn c(&self, a: usize) -> f64 {
        self.inputs.capabilities()[a]
    }

    fn here(&self, a: usize, k: usize) -> bool {
        self.present[k * self.n + a]
    }

    /// The weighted mean of the current positions on every issue, as reported: rounding can
    /// put a mean of positions at 100 a hair above 100, so it is kept on the scale.
    fn outcomes(&self) -> Vec<f64> {
        (0..self.m)
            .map(|k| {
                if self.weight_sum[k] <= 0.0 {
                    return 0.0;
                }
                (self.weighted_sum(k) / self.weight_sum[k]).clamp(0.0, INTERNAL_MAX)
            })
            .collect()
    }

    /// `sum_a W_ak x_ak` over the current positions.
    fn weighted_sum(&self, k: usize) -> f64 {
        (0..self.n)
            .filter(|&a| self.here(a, k))
            .map(|a| self.x[k * self.n + a] * self.weight(a, k))
            .sum()
    }

    /// Plays one round; returns its trades and the voting positions.
    fn play(&mut self, round: usize) -> Result<(ExchangeRound, Vec<f64>), ModelError> {
        self.round = round;
        self.base_sum = (0..self.m).map(|k| self.weighted_sum(k)).collect();
        let outcome = self.outcomes();
        // The round's workspace is the previous round's, emptied: the largest allocation of a
        // run is made once, not once per round.
        let mut list = std::mem::take(&mut self.list);
        list.clear();
        // The candidates' stacks and learned positions go with them.
        let mut store = std::mem::take(&mut self.store);
        store.entries.clear();
        store.stacks.clear();
        let (candidates, invalid) = self.candidates(&mut list, &mut store, &outcome)?;
        let realised = self.realise(&mut list, &mut store, invalid)?;
        self.store = store;
        let realised: Vec<(usize, &Candidate)> = realised
            .iter()
            .map(|&id| (id as usize, &list[id as usize]))
            .collect();
        // What the round's externalities are computed from, shared by all its trades.
        let start = Arc::new(RoundStart {
            n: self.n,
            x: self.x.clone(),
            sal: (0..self.m)
                .flat_map(|k| self.inputs.saliences(k).iter().copied())
                .collect(),
            present: self.present.clone(),
        });
        let trades = realised
            .iter()
            .map(|&(_, e)| self.trade(e, &start))
            .collect();
        for (_, e) in &realised {
            for r in [&e.i, &e.j] {
                self.x[r.sup() * self.n + r.actor()] = r.y;
            }
        }
        self.voting_outcome = self.outcomes();
        let voting = self.x.clone();
        for (_, e) in &realised {
            for r in [&e.i, &e.j] {
                let s = self.s(r.actor(), r.sup());
                let x0 = start.x[r.sup() * self.n + r.actor()];
                let (w, y) = ((1.0 - s) * 0.4, r.y);
                // decide's arithmetic order: (1 - s) 0.4 y + 0.1 y + (1 - (1 - s) 0.4 - 0.1) x0.
                self.x[r.sup() * self.n + r.actor()] = w * y + 0.1 * y + (1.0 - w - 0.1) * x0;
            }
        }
        self.list = list;
        Ok((ExchangeRound { candidates, trades }, voting))
    }

    /// Realises the round's exchanges in decide's order: repeatedly the best candidate (see
    /// [`Ranking::best`]), after which every candidate that shares an actor-issue with it is
    /// recalculated and dropped if no longer valid. Returns the realised candidates' positions in
    /// the list (creation order, so the lowest of tied gains is the earliest created).
    ///
    /// decide rescans and rebuilds its whole list after each realised exchange; only the
    /// candidates in which one of the two traders trades on one of the two issues can change,
    /// so those are found through an index and re-ranked, the rest stay where they are.
    ///
    /// `invalid` says whether the list holds invalid candidates (see [`State::candidates`]).
    fn realise(
        &mut self,
        list: &mut [Candidate],
        store: &mut Store,
        invalid: bool,
    ) -> Result<Vec<u32>, ModelError> {
        // Slots: actor `a` supplying issue `k` (even) or demanding it (odd).
        let slot = |a: usize, k: usize, demand: bool| 2 * (a * self.m + k) + usize::from(demand);
        let mut work = std::mem::take(&mut self.work);
        let Work {
            index,
            ranking,
            alive,
            stamp,
        } = &mut work;
        index.rebuild(2 * self.n * self.m, || {
            list.iter().map(|e| {
                [
                    slot(e.i.actor(), e.i.sup(), false),
                    slot(e.i.actor(), e.i.dem(), true),
                    slot(e.j.actor(), e.j.sup(), false),
                    slot(e.j.actor(), e.j.dem(), true),
                ]
            })
        });
        ranking.fill(list.iter().map(|e| e.gain));
        self.recalcs = 0;
        alive.clear();
        alive.resize(list.len(), true);
        // The last realisation that recalculated each candidate (one candidate can be listed
        // under several of the realised exchange's actor-issues).
        stamp.clear();
        stamp.resize(list.len(), u32::MAX);
        let mut realised: Vec<u32> = Vec::new();
        let mut todo: Vec<u32> = Vec::new();
        while let Some(id) = ranking.best() {
            let at = id as usize;
            ranking.remove(id);
            alive[at] = false;
            if !list[at].valid {
                continue;
            }
            // Hundreds of actors make a round long enough to be worth stopping inside.
            self.inputs.cancel().check()?;
            if realised.is_empty() && invalid {
                // decide drops the invalid candidates at the first realised exchange; from
                // then on every candidate left is valid. (Only the rare infinite gains are
                // kept invalid, so usually there is nothing to drop and no list to scan.)
                for (other, e) in (0u32..).zip(list.iter()) {
                    if alive[other as usize] && !e.valid {
                        ranking.remove(other);
                        alive[other as usize] = false;
                    }
                }
            }
            let best = list[at].clone();
            let turn = u32::try_from(realised.len()).unwrap_or(u32::MAX - 1);
            // `recalc` changes a candidate with a side that supplies what a trader of `best`
            // supplies, or demands what it demands: the candidates in these four slots.
            for at_slot in [
                slot(best.i.actor(), best.i.sup(), false),
                slot(best.j.actor(), best.j.sup(), false),
                slot(best.i.actor(), best.i.dem(), true),
                slot(best.j.actor(), best.j.dem(), true),
            ] {
                for &other in index.get(at_slot) {
                    let o = other as usize;
                    if alive[o] && stamp[o] != turn {
                        stamp[o] = turn;
                        todo.push(other);
                    }
                }
            }
            // The candidates lie all over a list of hundreds of megabytes: read a word of each
            // first, in a loop of independent loads that the processor overlaps, so that the
            // recalculations below find them in cache instead of waiting on memory one by one.
            let mut touch = 0u32;
            for &other in &todo {
                let e = &list[other as usize];
                touch ^= e.i.actor ^ e.j.actor ^ e.id;
                touch ^= store.get(e.updates).first().map_or(0, |u| u.1);
                touch ^= (e.i.moves.touch(&store.stacks) ^ e.j.moves.touch(&store.stacks)) as u32;
                touch ^= ranking.touch(other);
            }
            std::hint::black_box(touch);
            for &other in &todo {
                let o = other as usize;
                self.recalcs += 1;
                let e = &mut list[o];
                let old = e.gain;
                self.recalc(store, e, &best);
                if !e.valid {
                    ranking.remove(other);
                    alive[o] = false;
                } else if old.to_bits() != e.gain.to_bits() {
                    ranking.insert(other, e.gain);
                }
            }
            todo.clear();
            realised.push(id);
        }
        self.work = work;
        Ok(realised)
    }

    /// Every candidate exchange of the round that can be realised, in decide's creation order;
    /// returns how many were created and whether any invalid one was kept.
    ///
    /// decide lists the invalid ones too, and drops them when the first exchange is realised:
    /// until then they can only be picked and skipped, so they are not kept. The one exception
    /// is kept: an infinite gain, which ends the round in decide's scan (see [`Ranking::best`]).
    fn candidates(
        &self,
        list: &mut Vec<Candidate>,
        store: &mut Store,
        outcome: &[f64],
    ) -> Result<(usize, bool), ModelError> {
        let left = |a: usize, k: usize| self.x[k * self.n + a] <= outcome[k];
        let mut pairs = Vec::new();
        let mut total = 0usize;
        for p in 0..self.m {
            for q in p + 1..self.m {
                if !(self.allowed[p] && self.allowed[q]) {
                    continue;
                }
                let mut groups: [Vec<usize>; 4] = Default::default();
                for a in (0..self.n).filter(|&a| self.here(a, p) && self.here(a, q)) {
                    let code = usize::from(left(a, p)) + 2 * usize::from(left(a, q));
                    groups[code].push(a);
                }
                total += groups[0].len() * groups[3].len() + groups[1].len() * groups[2].len();
                pairs.push((p, q, groups));
            }
        }
        if u16::try_from(self.m).is_err() || u32::try_from(self.n).is_err() {
            return Err(ModelError::Unsupported {
                model: "exchange",
                reason: format!(
                    "{} issues and {} actors; at most {} issues and {} actors are supported",
                    self.m,
                    self.n,
                    u16::MAX,
                    u32::MAX
                ),
            });
        }
        if u32::try_from(total).is_err() {
            return Err(ModelError::Unsupported {
                model: "exchange",
                reason: format!(
                    "{total} candidate exchanges in one round; at most {} are supported",
                    u32::MAX
                ),
            });
        }
        // Sized once for every candidate: the list is the round's largest allocation, and the
        // part the valid ones do not fill is never touched.
        list.reserve(total);
        let mut created = 0u32;
        let mut invalid = false;
        for (p, q, groups) in pairs {
            // An issue pair of a thousand actors is hundreds of thousands of candidates: worth
            // stopping between pairs when the run is cancelled or out of time.
            self.inputs.cancel().check()?;
            // Right-right with left-left first, then left-right with right-left.
            for (g1, g2) in [(0, 3), (1, 2)] {
                for &i in &groups[g1] {
                    for &j in &groups[g2] {
                        let mut e = self.create(i, j, p, q);
                        e.id = created;
                        created += 1;
                        self.calculate(store, &mut e);
                        if e.valid || e.gain == f64::INFINITY {
                            invalid |= !e.valid;
                            list.push(e);
                        }
                    }
                }
            }
        }
        Ok((created as usize, invalid))
    }

    fn create(&self, i: usize, j: usize, p: usize, q: usize) -> Candidate {
        let ratio = |a: usize| self.s(a, p) / self.s(a, q);
        // The higher ratio s_P / s_Q demands P; on a tie the first-loop actor does.
        let (di, dj) = if ratio(i) < ratio(j) { (j, i) } else { (i, j) };
        // Indices fit: `candidates` refuses more actors or issues than these types hold.
        let role = |a: usize, sup: usize, dem: usize| Role {
            actor: u32::try_from(a).unwrap_or(u32::MAX),
            sup: u16::try_from(sup).unwrap_or(u16::MAX),
            dem: u16::try_from(dem).unwrap_or(u16::MAX),
            sup_x: self.x[sup * self.n + a],
            moves: Moves::default(),
            y: 0.0,
            eu: 0.0,
            nbs0: 0.0,
            nbs1: 0.0,
        };
        Candidate {
            i: role(di, q, p),
            j: role(dj, p, q),
            gain: 0.0,
            id: 0,
            valid: false,
            updates: Span::default(),
        }
    }

    /// Shift on Q per unit shift on P: equal gain's ratio, or the rate drawn for the exchange's
    /// pair of actors, issues and round (computed, not stored: millions of candidates).
    fn rate_qp(&self, e: &Candidate) -> f64 {
        let (p, q, di, dj) = (e.j.sup(), e.i.sup(), e.i.actor(), e.j.actor());
        match self.rate {
            ExchangeRate::EqualGain => {
                (self.s(dj, p) + self.s(di, p)) / (self.s(dj, q) + self.s(di, q))
            }
            ExchangeRate::Random { seed } => {
                // Between J's ratio (J gains nothing) and I's ratio (I gains nothing).
                let ratio = |a: usize| self.s(a, p) / self.s(a, q);
                let (lo, hi) = (ratio(dj), ratio(di));
                let u = unit_draw(seed, self.round, p, q, di, dj);
                lo + u * (hi - lo)
            }
        }
    }

    /// Whether the exchange ranks by the smaller partner's gain (random rate) rather than by
    /// I's (equal gain).
    fn random(&self) -> bool {
        matches!(self.rate, ExchangeRate::Random { .. })
    }

    /// Round-start position of `r` on its supply issue.
    fn start_x(&self, r: &Role) -> f64 {
        self.x[r.sup() * self.n + r.actor()]
    }

    /// Round-start position of `r` on its demand issue: the partner moves toward it.
    fn dem_x(&self, r: &Role) -> f64 {
        self.x[r.dem() * self.n + r.actor()]
    }

    /// The exchange's terms from its current state (decide's `calculate`).
    fn calculate(&self, store: &mut Store, e: &mut Candidate) {
        let (p, q) = (e.j.sup(), e.i.sup());
        let (ia, ja) = (e.i.actor(), e.j.actor());
        let (s_ip, s_iq, s_jp, s_jq) = (self.s(ia, p), self.s(ia, q), self.s(ja, p), self.s(ja, q));
        let (c_i, c_j) = (self.c(ia), self.c(ja));
        let (d_p, d_q) = (self.weight_sum[p], self.weight_sum[q]);
        let rate = self.rate_qp(e);
        let (x_ip, x_jp, x_iq, x_jq) = (self.dem_x(&e.i), e.j.sup_x, e.i.sup_x, self.dem_x(&e.j));
        let dist_j = (x_ip - x_jp).abs();
        let mut dp = dist_j * s_jp * c_j / d_p;
        let mut dq = dp * rate;
        let mut move_i = dq * d_q / (c_i * s_iq);
        let mut move_j = dist_j;
        let dist_i = (x_jq - x_iq).abs();
        let (mut full_i, mut full_j) = (false, true);
        if move_i > dist_i {
            dq = dist_i * s_iq * c_i / d_q;
            dp = dq / rate;
            move_i = dist_i;
            move_j = dp * d_p / (c_j * s_jp);
            (full_i, full_j) = (true, false);
        }
        if x_iq > x_jq {
            move_i = -move_i;
        }
        if x_jp > x_ip {
            move_j = -move_j;
        }
        e.i.moves.push(&mut store.stacks, move_i);
        e.j.moves.push(&mut store.stacks, move_j);
        // A full move lands exactly on the partner's position, not a rounding hair past it.
        e.i.y = if full_i { x_jq } else { x_iq + move_i };
        e.j.y = if full_j { x_ip } else { x_jp + move_j };
        e.i.eu = (dp * s_ip - dq * s_iq).abs();
        e.j.eu = (dq * s_jq - dp * s_jp).abs();
        // Equal gain: decide ranks by I's gain (J's is the same up to rounding). Random rate:
        // an exchange is as attractive as it is to the partner who gains less.
        e.gain = if self.random() {
            e.i.eu.min(e.j.eu)
        } else {
            e.i.eu
        };
        let stacks = &store.stacks;
        e.valid = move_ok(&e.i, stacks) && move_ok(&e.j, stacks) && e.gain >= MIN_GAIN;
        if !e.valid {
            return;
        }
        self.check_overshoot(store, e, rate, true);
        self.check_overshoot(store, e, rate, false);
        e.valid = move_ok(&e.i, stacks) && move_ok(&e.j, stacks);
    }

    /// decide's `check_nbs` for role I (`checked_is_i`) or J: caps the checked actor's move so
    /// that the outcome of its supply issue does not pass the partner's (demander's) position.
    fn check_overshoot(&self, store: &Store, e: &mut Candidate, rate: f64, checked_is_i: bool) {
        // Borrow the learned positions out of the exchange while its roles are mutated.
        let updates = store.get(e.updates);
        let (a, o) = if checked_is_i {
            (&mut e.i, &mut e.j)
        } else {
            (&mut e.j, &mut e.i)
        };
        let seen = self.adjusted(updates, a);
        a.nbs0 = seen.at(a.sup_x);
        a.nbs1 = seen.at(a.y);
        let target = self.dem_x(o);
        let snap = |d: f64| if d.abs() < EDGE { 0.0 } else { d };
        let (d0, d1) = (snap(target - a.nbs0), snap(target - a.nbs1));
        if (d0 >= 0.0 && d1 >= 0.0) || (d0 <= 0.0 && d1 <= 0.0) {
            return;
        }
        let delta = self.pos_delta(updates, a, target).abs();
        let (sa_sup, sa_dem) = (self.s(a.actor(), a.sup()), self.s(a.actor(), a.dem()));
        let (so_sup, so_dem) = (self.s(o.actor(), o.sup()), self.s(o.actor(), o.dem()));
        let r1 = delta * sa_sup * self.c(a.actor()) / self.weight_sum[a.sup()];
        // The shift on the other issue at the exchange's rate: Q per P is `rate`.
        let r2 = if checked_is_i { r1 / rate } else { r1 * rate };
        let mut move_o = r2 * self.weight_sum[o.sup()] / (self.c(o.actor()) * so_sup);
        let mut move_a = delta;
        if o.sup_x > self.dem_x(a) {
            move_o = -move_o;
        }
        if a.sup_x > target {
            move_a = -move_a;
        }
        o.moves.replace_last(move_o);
        a.moves.replace_last(move_a);
        o.y = o.sup_x + move_o;
        a.y = a.sup_x + move_a;
        // O gains r1 on its demand issue and gives r2 on its supply issue; A the reverse.
        let gain_o = (r2 * so_sup - r1 * so_dem).abs();
        let gain_a = (r2 * sa_dem - r1 * sa_sup).abs();
        // decide leaves the per-actor gains at their pre-cap values (display only); Parley
        // reports the gains of the exchange as capped.
        (o.eu, a.eu) = (gain_o, gain_a);
        a.nbs1 = seen.at(a.y);
        e.gain = if self.random() {
            gain_o.min(gain_a)
        } else {
            gain_o
        };
        e.valid = move_ok(&e.i, &store.stacks) && move_ok(&e.j, &store.stacks);
    }

    /// The outcome of `r`'s supply issue seen by an exchange, before `r` is placed: round-start
    /// positions, then the positions it learned of; [`Adjusted::at`] places `r`. An overshoot
    /// check asks for the outcome at two or three positions of `r` with the same learned
    /// positions, so the sum over them is made once and finished with the same operations in
    /// the same order as when it was made per position.
    fn adjusted(&self, updates: &[Learned], r: &Role) -> Adjusted {
        let k = r.sup();
        if self.weight_sum[k] <= 0.0 {
            return Adjusted::default();
        }
        // The round's weighted sum, corrected for each overridden actor: O(updates), not O(n).
        // `r` ends at `pos` whatever it learned of itself, so its own entry is skipped.
        let mut sum = self.base_sum[k];
        for &(_, a, v) in updates
            .iter()
            .filter(|(issue, a, _)| *issue == r.sup && *a != r.actor)
        {
            let a = a as usize;
            sum += (v - self.x[k * self.n + a]) * self.weight(a, k);
        }
        Adjusted {
            sum,
            x: self.x[k * self.n + r.actor()],
            weight: self.weight(r.actor(), k),
            total: self.weight_sum[k],
        }
    }

    fn weight(&self, a: usize, k: usize) -> f64 {
        self.s(a, k) * self.c(a)
    }

    /// The move from `r`'s position that puts its supply issue's outcome at `target`, with the
    /// learned positions overriding `r`'s own (decide's `PosDelta`).
    fn pos_delta(&self, updates: &[Learned], r: &Role, target: f64) -> f64 {
        let k = r.sup();
        // Round-start sum with `r` at its current position, then the learned positions win,
        // even over `r` itself.
        let mut sum = self.base_sum[k]
            + (r.sup_x - self.x[k * self.n + r.actor()]) * self.weight(r.actor(), k);
        for &(_, a, v) in updates.iter().filter(|(issue, _, _)| *issue == r.sup) {
            let current = if a == r.actor {
                r.sup_x
            } else {
                self.x[k * self.n + a as usize]
            };
            sum += (v - current) * self.weight(a as usize, k);
        }
        (target * self.weight_sum[k] - sum) / self.weight(r.actor(), k)
    }

    /// decide's `recalculate`: what a remaining exchange `e` learns from the realised `best`.
    fn recalc(&self, store: &mut Store, e: &mut Candidate, best: &Candidate) {
        let mut flag_i = false;
        let mut flag_j = false;
        for (role, flag) in [(&mut e.i, &mut flag_i), (&mut e.j, &mut flag_j)] {
            for done in [&best.i, &best.j] {
                if !*flag && role.actor == done.actor && role.sup == done.sup {
                    role.sup_x = done.y;
                    *flag = true;
                }
            }
        }
        // decide appends the executed move to a flagged role and then pops the last entry of
        // both roles: net, one flagged role leaves the other one entry shorter.
        match (flag_i, flag_j) {
            (true, false) => {
                e.j.moves.pop(&mut store.stacks);
            }
            (false, true) => {
                e.i.moves.pop(&mut store.stacks);
            }
            _ => {}
        }
        let mut flagged = flag_i || flag_j;
        for (x, y) in [(&best.j, &best.i), (&best.i, &best.j)] {
            let involved = [&e.i, &e.j]
                .iter()
                .any(|r| r.actor == x.actor && r.dem == x.dem);
            if !involved {
                continue;
            }
            store.learn(&mut e.updates, x.dem, y, self.start_x(y));
            if !flagged {
                e.i.moves.pop(&mut store.stacks);
                e.j.moves.pop(&mut store.stacks);
                flagged = true;
            }
        }
        if flagged {
            self.calculate(store, e);
        }
    }

    /// The record of a realised exchange (candidate `id`); its externalities are computed from
    /// the round's start when read.
    fn trade(&self, e: &Candidate, start: &Arc<RoundStart>) -> Trade {
        let side = |r: &Role| Side {
            actor: r.actor(),
            supply: r.sup(),
            demand: r.dem(),
            start: r.sup_x,
            shift: r.shift(),
            voting: r.y,
            gain: r.eu,
        };
        Trade {
            creation: e.id as usize,
            i: side(&e.i),
            j: side(&e.j),
            gain: e.gain,
            externalities: Externalities {
                start: Arc::clone(start),
                traders: [e.i.actor(), e.j.actor()],
                p: e.j.sup(),
                q: e.i.sup(),
                gain: e.gain,
                nbs: [e.j.nbs0, e.j.nbs1, e.i.nbs0, e.i.nbs1],
            },
        }
    }
}

/// An issue's weighted sum as an exchange sees it, all but one actor placed (see
/// [`State::adjusted`]).
#[derive(Debug, Clone, Copy, Default)]
struct Adjusted {
    /// Round-start sum corrected for the learned positions; 0 with `total` 0 for an issue
    /// without weight.
    sum: f64,
    /// The remaining actor's round-start position.
    x: f64,
    /// Its weight `W_ak`.
    weight: f64,
    /// `D_k`.
    total: f64,
}

impl Adjusted {
    /// The outcome with the remaining actor at `pos` (0 for an issue without weight).
    fn at(&self, pos: f64) -> f64 {
        if self.total <= 0.0 {
            return 0.0;
        }
        (self.sum + (pos - self.x) * self.weight) / self.total
    }
}

/// What a round's externalities are computed from: its start.
#[derive(Debug, PartialEq)]
struct RoundStart {
    n: usize,
    /// Round-start positions, issue-major.
    x: Vec<f64>,
    /// Saliences, issue-major.
    sal: Vec<f64>,
    /// Whether each actor takes part in each issue's exchanges, issue-major.
    present: Vec<bool>,
}

/// decide's externalities of a realised exchange: per actor, the salience-weighted change in
/// its distance to the two outcomes as the exchange saw them (positive: the outcomes moved
/// toward it); the two traders get the exchange's gain.
///
/// Computed when read, from the round's start that all of its trades share: stored, they
/// took one number per actor and trade (480 MB at 1,000 actors, 60,000 trades).
#[derive(Clone)]
pub struct Externalities {
    start: Arc<RoundStart>,
    traders: [usize; 2],
    p: usize,
    q: usize,
    gain: f64,
    /// `nbs0`, `nbs1` of J (issue P) and of I (issue Q).
    nbs: [f64; 4],
}

impl Externalities {
    /// Number of actors.
    pub fn len(&self) -> usize {
        self.start.n
    }

    /// Whether there are no actors.
    pub fn is_empty(&self) -> bool {
        self.start.n == 0
    }

    /// The externality on actor `k` (`None` past the last actor).
    pub fn get(&self, k: usize) -> Option<f64> {
        let n = self.start.n;
        if k >= n {
            return None;
        }
        let (p, q) = (self.p, self.q);
        let st = &self.start;
        Some(self.effect(
            k,
            [st.present[p * n + k], st.present[q * n + k]],
            [st.x[p * n + k], st.x[q * n + k]],
            [st.sal[p * n + k], st.sal[q * n + k]],
        ))
    }

    /// The externality on actor `k`, given its presence, round-start positions and saliences
    /// on issues P and Q.
    fn effect(&self, k: usize, present: [bool; 2], [xp, xq]: [f64; 2], [sp, sq]: [f64; 2]) -> f64 {
        if self.traders.contains(&k) {
            return self.gain;
        }
        if !(present[0] && present[1]) {
            return 0.0;
        }
        let [jp0, jp1, iq0, iq1] = self.nbs;
        sp * ((jp0 - xp).abs() - (jp1 - xp).abs()) + sq * ((iq0 - xq).abs() - (iq1 - xq).abs())
    }

    /// Every actor's externality, in actor order.
    ///
    /// Read row by row rather than through [`Externalities::get`]: the run's totals read every
    /// trade's externality on every actor (60 million at 1,000 actors).
    pub fn iter<'a>(&'a self) -> impl Iterator<Item = f64> + 'a {
        let (n, st) = (self.start.n, &*self.start);
        let row = |v: &'a [f64], k: usize| v.get(k * n..(k + 1) * n).unwrap_or(&[]);
        let present = |k: usize| st.present.get(k * n..(k + 1) * n).unwrap_or(&[]);
        let (hp, hq) = (present(self.p), present(self.q));
        let (xp, xq) = (row(&st.x, self.p), row(&st.x, self.q));
        let (sp, sq) = (row(&st.sal, self.p), row(&st.sal, self.q));
        // Every row is `n` long (the round's start has `n` actors per issue), so this is `0..n`.
        let len = [hp.len(), hq.len(), xp.len(), xq.len(), sp.len(), sq.len()]
            .into_iter()
            .fold(n, usize::min);
        (0..len).map(move |k| self.effect(k, [hp[k], hq[k]], [xp[k], xq[k]], [sp[k], sq[k]]))
    }

    /// Every actor's externality in a vector.
    pub fn to_vec(&self) -> Vec<f64> {
        self.iter().collect()
    }
}

impl std::fmt::Debug for Externalities {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Externalities {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Serialize for Externalities {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// decide's `is_move_valid`: a real move, on the scale, and in the same direction as every
/// move the actor has planned on that issue this round.
fn move_ok(r: &Role, stacks: &Stacks) -> bool {
    let m = r.shift();
    // The checks that need no stack first, and then one pass over the stack instead of three:
    // this runs four times per calculation. The sum is the same left-to-right sum.
    if !(m.abs() <= INTERNAL_MAX && m.abs() > MIN_MOVE && (0.0..=INTERNAL_MAX).contains(&r.y)) {
        return false;
    }
    let (mut total, mut negative, mut positive) = (-0.0, true, true);
    for v in r.moves.iter(stacks) {
        total += v;
        negative &= v < 0.0;
        positive &= v > 0.0;
    }
    total <= INTERNAL_MAX && (negative || positive)
}

/// A uniform draw in [0, 1) that depends only on the seed, the round, the issue pair and the
/// two actors: the same for any evaluation order or thread count (SplitMix64 finaliser).
fn unit_draw(seed: u64, round: usize, p: usize, q: usize, i: usize, j: usize) -> f64 {
    let mut z = seed;
    for v in [round, p, q, i, j] {
        z = mix(z ^ (v as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    }
    (z >> 11) as f64 / (1u64 << 53) as f64
}

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Actor;
    use crate::issue::Issue;
    use crate::scenario::Scenario;

    /// A (capability 1): P at 100 (salience 0.8), Q at 0 (0.2); B: P at 0 (0.2), Q at 100 (0.8).
    fn two_by_two() -> Inputs {
        let mut s = Scenario::named("t");
        s.issues.push(Issue::new("p"));
        s.issues.push(Issue::new("q"));
        s.actors.push(
            Actor::new("a", 1.0)
                .with_stance("p", 100.0, 0.8)
                .with_stance("q", 0.0, 0.2),
        );
        s.actors.push(
            Actor::new("b", 1.0)
                .with_stance("p", 0.0, 0.2)
                .with_stance("q", 100.0, 0.8),
        );
        Inputs::from_scenario(&s).unwrap()
    }

    fn trades(model: &Exchange, inputs: &Inputs) -> Vec<ExchangeRound> {
        match model.run_detailed(inputs).unwrap().details {
            Some(Details::Exchanges { rounds }) => rounds,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn two_actors_two_issues_by_hand() {
        // Round 1. D_P = D_Q = 0.8 + 0.2 = 1. O_P = 0.8*100 + 0.2*0 = 80, O_Q = 0.2*0 + 0.8*100 = 80.
        // A is right of O_P and left of O_Q, B the reverse: they can trade. Ratios s_P/s_Q:
        // A 4, B 0.25, so A demands P and supplies Q.
        // B moves fully on P: dist 100, outcome shift dp = 100 * 0.2 * 1 / 1 = 20.
        // Equal-gain rate (0.2 + 0.8) / (0.8 + 0.2) = 1: dq = 20, A's move 20 * 1 / (1 * 0.2) = 100,
        // exactly A's distance to B on Q (no overshoot). Gains: A 0.8 * 20 - 0.2 * 20 = 12,
        // B 0.8 * 20 - 0.2 * 20 = 12. Both vote 100 on both issues: outcomes 100 and 100.
        // Next start: w = 0.1 + 0.4 * (1 - 0.2) = 0.42, x' = 0.42 * 100 + 0.58 * 0 = 42 (A on Q,
        // B on P). Round 2: O_P = 0.8 * 100 + 0.2 * 42 = 88.4 = O_Q; B moves 58 on P:
        // dp = 58 * 0.2 = 11.6 = dq; A's move 11.6 / 0.2 = 58; gain 0.8 * 11.6 - 0.2 * 11.6 = 6.96.
        let inputs = two_by_two();
        let model = Exchange {
            rounds: 2,
            ..Exchange::default()
        };
        let log = trades(&model, &inputs);
        let (r1, r2) = (&log[0].trades, &log[1].trades);
        assert_eq!((r1.len(), r2.len()), (1, 1));
        let t = &r1[0];
        assert_eq!((t.i.actor, t.i.supply, t.j.actor, t.j.supply), (0, 1, 1, 0));
        assert!(
            (t.gain - 12.0).abs() < 1e-9 && (t.j.gain - 12.0).abs() < 1e-9,
            "{t:?}"
        );
        assert_eq!((t.i.voting, t.j.voting), (100.0, 100.0));
        let t = &r2[0];
        assert!(
            (t.i.start - 42.0).abs() < 1e-9 && (t.j.start - 42.0).abs() < 1e-9,
            "{t:?}"
        );
        assert!((t.gain - 6.96).abs() < 1e-9, "{t:?}");
        let out = model.run(&inputs).unwrap();
        assert!((out.rounds[0].forecast[0] - 80.0).abs() < 1e-9);
        assert!((out.rounds[1].forecast[0] - 100.0).abs() < 1e-9);
        assert!((out.forecasts[1].value - 100.0).abs() < 1e-9);
    }

    /// `scripts/gen_scale.py`'s scenario: xorshift64* draws, every actor on every issue.
    fn generated(actors: usize, issues: usize) -> Inputs {
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut uniform = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut s = Scenario::named("generated");
        for j in 0..issues {
            s.issues.push(Issue::new(format!("i{j}")));
        }
        for i in 0..actors {
            let mut a = Actor::new(format!("a{i}"), 1.0 + 99.0 * uniform());
            for j in 0..issues {
                let (x, sal) = (100.0 * uniform(), 0.1 + 0.8 * uniform());
                a = a.with_stance(format!("i{j}"), x, sal);
            }
            s.actors.push(a);
        }
        Inputs::from_scenario(&s).unwrap()
    }

    /// Issue 22: a realised exchange recalculates the candidates it can change, not the whole
    /// list. decide (and this model before) revisited every remaining candidate after each
    /// realised exchange: `realised x candidates / 2` visits at least. Counting the visits, not
    /// timing them, so the test fails if the rescan comes back.
    #[test]
    fn a_realised_exchange_revisits_only_its_neighbours() {
        let inputs = generated(120, 5);
        let mut state = State::new(&inputs, &Exchange::default());
        let (round, _) = state.play(0).unwrap();
        let (candidates, realised) = (round.candidates, round.trades.len());
        assert!(
            candidates > 15_000 && realised > 500,
            "{candidates} {realised}"
        );
        let rescan = realised * candidates / 2;
        assert!(
            state.recalcs * 20 < rescan,
            "{} recalculations for {realised} exchanges among {candidates} candidates",
            state.recalcs
        );
    }

    #[test]
    fn identical_salience_ratios_do_not_trade() {
        let mut s = Scenario::named("t");
        s.issues.push(Issue::new("p"));
        s.issues.push(Issue::new("q"));
        s.actors.push(
            Actor::new("a", 1.0)
                .with_stance("p", 100.0, 0.5)
                .with_stance("q", 0.0, 0.5),
        );
        s.actors.push(
            Actor::new("b", 2.0)
                .with_stance("p", 0.0, 0.4)
                .with_stance("q", 100.0, 0.4),
        );
        let inputs = Inputs::from_scenario(&s).unwrap();
        let log = trades(&Exchange::default(), &inputs);
        assert!(log.iter().all(|r| r.trades.is_empty()), "{log:?}");
    }

    #[test]
    fn random_rate_is_seeded_and_keeps_both_partners_better_off() {
        let inputs = two_by_two();
        let model = |seed| Exchange {
            rate: ExchangeRate::Random { seed },
            ..Exchange::default()
        };
        let a = trades(&model(7), &inputs);
        assert_eq!(a, trades(&model(7), &inputs), "same seed, same trades");
        let t = &a[0].trades[0];
        assert!(t.i.gain >= 0.0 && t.j.gain >= 0.0 && t.gain > 0.0, "{t:?}");
        let b = trades(&model(8), &inputs);
        assert_ne!(
            a[0].trades[0].gain, b[0].trades[0].gain,
            "the rate is drawn"
        );
    }

    #[test]
    fn trades_can_be_restricted_to_a_linkage() {
        let inputs = two_by_two();
        let model = Exchange {
            issues: Some(vec![0]),
            ..Exchange::default()
        };
        assert!(trades(&model, &inputs).iter().all(|r| r.trades.is_empty()));
    }
}
