//! Votes, coalitions, victory probabilities and the probabilistic Condorcet election (PCE), as
//! KTAB's `kmodel` computes them (Wise et al., KTAB `Model::vote`, `Model::coalitions`,
//! `Model::vProb`, `Model::condPCE`, `Model::markovIncentivePCE`, `Model::markovUniformPCE`).
//!
//! Every sum and product runs in KTAB's order, so results agree with KTAB to the last bit.

use super::params::{PceModel, VictoryProbModel, VotingRule};

/// Floor of every coalition's strength in a PCE (KTAB `minC`).
const MIN_COALITION: f64 = 1e-8;

/// Options whose coalitions against one option are summed together (see
/// `Pce::coalitions_with`).
const PANEL: usize = 8;

/// The vote of an actor with weight `w` between two options it values `ua` and `ub`: positive
/// for the first. A zero weight (an actor with no salience, which KTAB refuses) gives 0.
#[inline]
pub(crate) fn vote(rule: VotingRule, w: f64, ua: f64, ub: f64) -> f64 {
    let du = ua - ub;
    let binary = || {
        let r = du / 1e-8;
        let r = if r > 1.0 { 1.0 } else { r };
        if r < -1.0 { -1.0 } else { r }
    };
    match rule {
        VotingRule::Binary => w * binary(),
        VotingRule::PropBin => w * ((1.0 - 0.2) * du + 0.2 * binary()),
        VotingRule::Proportional => w * du,
        VotingRule::PropCbc => w * ((1.0 - 0.5) * du + 0.5 * (du * du * du)),
        VotingRule::Cubic => w * (du * du * du),
        VotingRule::AsymProsp => {
            if du < 0.0 {
                w * du
            } else if du > 0.0 {
                (2.0 * w * du) / 3.0
            } else {
                0.0
            }
        }
    }
}

/// `$call` with `$v` bound to the vote function of `$rule`: one arm per rule, so the loop
/// inside `$call` is compiled with the rule's formula fixed (and vectorised) instead of
/// matching on the rule at every vote.
macro_rules! with_vote {
    ($rule:expr, |$v:ident| $call:expr) => {
        with_vote!(@rules $rule, $v, $call, Binary PropBin Proportional PropCbc Cubic AsymProsp)
    };
    (@rules $rule:expr, $v:ident, $call:expr, $($r:ident)*) => {{
        use $crate::models::smp::params::VotingRule as R;
        use $crate::models::smp::vote::vote as cast;
        match $rule {
            $(R::$r => {
                let $v = |w: f64, a: f64, b: f64| cast(R::$r, w, a, b);
                $call
            })*
        }
    }};
}
pub(crate) use with_vote;

/// The probabilities that each of two coalitions with strengths `s1`, `s2` wins.
pub(crate) fn victory(model: VictoryProbModel, s1: f64, s2: f64) -> (f64, f64) {
    let sqr = |x: f64| x * x;
    let qrtc = |x: f64| x * x * x * x;
    let (x1, x2) = match model {
        VictoryProbModel::Linear => (s1, s2),
        VictoryProbModel::Square => (sqr(s1), sqr(s2)),
        VictoryProbModel::Quartic => (qrtc(s1), qrtc(s2)),
        VictoryProbModel::Octic => (sqr(qrtc(s1)), sqr(qrtc(s2))),
        VictoryProbModel::Binary => {
            const THRESHOLD: f64 = 1.10;
            if s1 >= THRESHOLD * s2 {
                (1.0, 1e-6)
            } else if s2 >= THRESHOLD * s1 {
                (1e-6, 1.0)
            } else {
                let r12 = s1 / (s1 + s2);
                let p12 = (r12 * (THRESHOLD + 1.0) - 1.0) / (THRESHOLD - 1.0);
                (p12, 1.0 - p12)
            }
        }
    };
    let total = x1 + x2;
    if total > 0.0 && total.is_finite() {
        (x1 / total, x2 / total)
    } else {
        // Powers of extreme strengths over- or underflow: the stronger side wins.
        match s1.partial_cmp(&s2) {
            Some(std::cmp::Ordering::Greater) => (1.0, 0.0),
            Some(std::cmp::Ordering::Less) => (0.0, 1.0),
            _ => (0.5, 0.5),
        }
    }
}

/// Reusable buffers for PCEs, so the turn loop does not allocate.
#[derive(Debug, Default, Clone)]
pub(crate) struct Pce {
    /// Coalition strengths `C(i, j)`, option-major, `n_opt x n_opt`.
    coalition: Vec<f64>,
    /// Victory probabilities `P(i > j)`, same layout.
    victory: Vec<f64>,
    /// Scratch: the options in panels while coalitions are summed, then the Markov models'
    /// challenge probabilities.
    scratch: Vec<f64>,
    next: Vec<f64>,
    /// The result.
    prob: Vec<f64>,
}

/// The rules of a PCE.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PceRules {
    /// The voting rule.
    pub vote: VotingRule,
    /// The victory-probability model.
    pub victory: VictoryProbModel,
    /// The PCE model.
    pub pce: PceModel,
}

impl Pce {
    /// KTAB's `scalarPCE`: `n_opt` options voted on by actors with `weights`; `util` holds each
    /// option's utility to every voter, option-major (`util[o * n_voters + k]`). Returns the
    /// probability of each option.
    pub(crate) fn run(&mut self, rules: PceRules, weights: &[f64], util: &[f64]) -> &[f64] {
        let n_act = weights.len();
        let n_opt = util.len().checked_div(n_act).unwrap_or(0);
        self.coalitions(rules.vote, weights, util, n_opt);
        self.victory_matrix(rules.victory, n_opt);
        match rules.pce {
            PceModel::Conditional => self.conditional(n_opt),
            PceModel::MarkovUniform => self.markov_uniform(n_opt),
            PceModel::MarkovIncentive => self.markov_incentive(n_opt),
        }
        &self.prob
    }

    /// `C(i, j)` for the lower triangle and its mirror; the vote is always taken as the
    /// utility of the later option minus that of the earlier one, as in KTAB. The votes of a
    /// pair are computed first (vectorizable, the rule fixed per loop), then summed in voter
    /// order.
    fn coalitions(&mut self, rule: VotingRule, weights: &[f64], util: &[f64], n_opt: usize) {
        with_vote!(rule, |v| self.coalitions_with(weights, util, n_opt, v));
    }

    /// The coalitions of eight pairs `(i, j)`, `j` in one panel, advance together voter by
    /// voter: each pair's two sums still add its votes in voter order, starting from the
    /// floor, so every `C(i, j)` is the number KTAB computes; what changes is that eight
    /// pairs' independent additions fill the adder's pipeline (and vector lanes) where one
    /// pair's chain of additions waited on itself.
    #[inline(always)]
    fn coalitions_with(
        &mut self,
        weights: &[f64],
        util: &[f64],
        n_opt: usize,
        vote: impl Fn(f64, f64, f64) -> f64,
    ) {
        let n_act = weights.len();
        self.coalition.clear();
        self.coalition.resize(n_opt * n_opt, 0.0);
        // Panel layout: options in groups of PANEL, voter-major within a group
        // (`panel[(g * n_act + k) * PANEL + l]` is option `g * PANEL + l`'s utility to voter
        // `k`), so a group's utilities to one voter are adjacent. Padding options are 0 and
        // their coalitions are never stored.
        let groups = n_opt.div_ceil(PANEL);
        let mut panel = std::mem::take(&mut self.scratch);
        panel.clear();
        panel.resize(groups * n_act * PANEL, 0.0);
        for o in 0..n_opt {
            let (g, l) = (o / PANEL, o % PANEL);
            for (k, &u) in util[o * n_act..(o + 1) * n_act].iter().enumerate() {
                panel[(g * n_act + k) * PANEL + l] = u;
            }
        }
        for i in 0..n_opt {
            let ui = &util[i * n_act..(i + 1) * n_act];
            for g in 0..groups {
                let j0 = g * PANEL;
                if j0 >= i {
                    break;
                }
                let block = &panel[g * n_act * PANEL..(g + 1) * n_act * PANEL];
                let mut cij = [MIN_COALITION; PANEL];
                let mut cji = [MIN_COALITION; PANEL];
                for ((&w, &a), uj) in weights.iter().zip(ui).zip(block.chunks_exact(PANEL)) {
                    for l in 0..PANEL {
                        let v = vote(w, a, uj[l]);
                        // KTAB adds only positive votes to one side and negative ones to the
                        // other; adding 0 instead leaves a positive sum unchanged to the bit,
                        // and without branches the signs of the votes cannot be mispredicted.
                        cij[l] += if v > 0.0 { v } else { 0.0 };
                        cji[l] -= if v < 0.0 { v } else { 0.0 };
                    }
                }
                for l in 0..PANEL.min(i - j0) {
                    let j = j0 + l;
                    self.coalition[i * n_opt + j] = cij[l];
                    self.coalition[j * n_opt + i] = cji[l];
                }
            }
            self.coalition[i * n_opt + i] = MIN_COALITION;
        }
        self.scratch = panel;
    }

    fn victory_matrix(&mut self, model: VictoryProbModel, n_opt: usize) {
        self.victory.clear();
        self.victory.resize(n_opt * n_opt, 0.0);
        for i in 0..n_opt {
            for j in 0..i {
                let (pij, pji) = victory(
                    model,
                    self.coalition[i * n_opt + j],
                    self.coalition[j * n_opt + i],
                );
                self.victory[i * n_opt + j] = pij;
                self.victory[j * n_opt + i] = pji;
            }
            self.victory[i * n_opt + i] = 0.5;
        }
    }

    /// `p_i` proportional to `prod_j P(i > j)` (the diagonal 0.5 included).
    fn conditional(&mut self, n_opt: usize) {
        self.prob.clear();
        for i in 0..n_opt {
            let mut pi = 1.0;
            for j in 0..n_opt {
                pi *= self.victory[i * n_opt + j];
            }
            self.prob.push(pi);
        }
        let total: f64 = self.prob.iter().fold(0.0, |s, &p| s + p);
        if total > 0.0 && total.is_finite() {
            for p in &mut self.prob {
                *p /= total;
            }
        } else {
            self.conditional_in_logs(n_opt);
        }
    }

    /// The same distribution computed from logarithms, for the many-option case where every
    /// product underflows (KTAB, with at most 250 actors, never meets it).
    fn conditional_in_logs(&mut self, n_opt: usize) {
        for i in 0..n_opt {
            self.prob[i] = (0..n_opt).map(|j| self.victory[i * n_opt + j].ln()).sum();
        }
        let top = self.prob.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !top.is_finite() {
            self.prob.iter_mut().for_each(|p| *p = 1.0 / n_opt as f64);
            return;
        }
        self.prob.iter_mut().for_each(|p| *p = (*p - top).exp());
        let total: f64 = self.prob.iter().sum();
        self.prob.iter_mut().for_each(|p| *p /= total);
    }

    /// Markov chain with challenges uniformly likely: iterate
    /// `q_i = sum_j P(i > j) (p_i + p_j) / n` with damping until the change is at most 1e-6.
    fn markov_uniform(&mut self, n_opt: usize) {
        self.uniform_start(n_opt);
        let nf = n_opt as f64;
        for _ in 0..MARKOV_MAX_ITER {
            let mut change = 0.0;
            for i in 0..n_opt {
                let mut pi = 0.0;
                for j in 0..n_opt {
                    pi += self.victory[i * n_opt + j] * (self.prob[i] + self.prob[j]);
                }
                let qi = pi / nf;
                self.next[i] = qi;
                let c = (qi - self.prob[i]).abs();
                change = if c > change { c } else { change };
            }
            self.damp();
            if change <= 1e-6 {
                break;
            }
        }
    }

    /// Markov chain with challenges in proportion to the incentive `C(i, j) P(i > j)`,
    /// iterated with damping until the change is at most 1e-8.
    fn markov_incentive(&mut self, n_opt: usize) {
        // Challenge probabilities Q(i, j) = I(i, j) / sum_k I(k, j), kept in `scratch`.
        let incentive = |s: &Self, i: usize, j: usize| {
            let v = s.coalition[i * n_opt + j] * s.victory[i * n_opt + j];
            if i == j { v + 1e-10 } else { v }
        };
        let mut chlg = std::mem::take(&mut self.scratch);
        chlg.clear();
        chlg.resize(n_opt * n_opt, 0.0);
        for j in 0..n_opt {
            let mut sum = 0.0;
            for k in 0..n_opt {
                sum += incentive(self, k, j);
            }
            for i in 0..n_opt {
                chlg[i * n_opt + j] = incentive(self, i, j) / sum;
            }
        }
        self.uniform_start(n_opt);
        for _ in 0..MARKOV_MAX_ITER {
            let mut change = 0.0;
            for i in 0..n_opt {
                let mut qi = 0.0;
                for j in 0..n_opt {
                    // ct(i, j) = p_i Q(j, i); ct(j, i) = p_j Q(i, j)
                    let cij = self.prob[i] * chlg[j * n_opt + i];
                    let cji = self.prob[j] * chlg[i * n_opt + j];
                    qi += self.victory[i * n_opt + j] * (cij + cji);
                }
                self.next[i] = qi;
                let c = (qi - self.prob[i]).abs();
                change = if c > change { c } else { change };
            }
            self.damp();
            if change <= 1e-8 {
                break;
            }
        }
        self.scratch = chlg;
    }

    fn uniform_start(&mut self, n_opt: usize) {
        let start = 1.0 / n_opt as f64;
        self.prob.clear();
        self.prob.resize(n_opt, start);
        self.next.clear();
        self.next.resize(n_opt, 0.0);
    }

    /// `p = (p + q) / 2`, KTAB's damped (it says "Newton") update.
    fn damp(&mut self) {
        for (p, q) in self.prob.iter_mut().zip(&self.next) {
            *p = (*p + *q) / 2.0;
        }
    }
}

/// KTAB aborts a Markov PCE that has not settled after 1000 iterations ("10-30 is typical");
/// Parley keeps the last iterate.
const MARKOV_MAX_ITER: usize = 1000;

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: PceRules = PceRules {
        vote: VotingRule::Proportional,
        victory: VictoryProbModel::Linear,
        pce: PceModel::Conditional,
    };

    #[test]
    fn votes_follow_ktabs_formulas() {
        let du = 0.3 - 0.1;
        assert_eq!(vote(VotingRule::Proportional, 2.0, 0.3, 0.1), 2.0 * du);
        assert_eq!(vote(VotingRule::Binary, 2.0, 0.3, 0.1), 2.0);
        let tiny = 0.1 - (0.1 + 5e-9);
        assert_eq!(
            vote(VotingRule::Binary, 2.0, 0.1, 0.1 + 5e-9),
            2.0 * (tiny / 1e-8)
        );
        assert_eq!(vote(VotingRule::Cubic, 1.0, 0.3, 0.1), du * du * du);
        assert_eq!(
            vote(VotingRule::AsymProsp, 3.0, 0.3, 0.1),
            (2.0 * 3.0 * du) / 3.0
        );
        assert_eq!(vote(VotingRule::AsymProsp, 3.0, 0.1, 0.3), 3.0 * -du);
        assert_eq!(vote(VotingRule::PropCbc, 0.0, 0.3, 0.1), 0.0);
    }

    #[test]
    fn binary_victory_needs_a_ten_percent_edge() {
        let (p1, p2) = victory(VictoryProbModel::Binary, 1.1, 1.0);
        assert!((p1 - 1.0 / (1.0 + 1e-6)).abs() < 1e-15 && p2 < 1e-5);
        let (p1, _) = victory(VictoryProbModel::Binary, 1.0, 1.0);
        assert!((p1 - 0.5).abs() < 1e-12);
        let (p1, _) = victory(VictoryProbModel::Square, 2.0, 1.0);
        assert_eq!(p1, 4.0 / 5.0);
    }

    /// Two options, two voters: voter 0 (weight 2) prefers option 1 by 0.5, voter 1 (weight 1)
    /// prefers option 0 by 0.25. By hand: C(1,0) = 1e-8 + 1.0, C(0,1) = 1e-8 + 0.25,
    /// P(1 > 0) = C(1,0) / (C(1,0) + C(0,1)) = 0.8 (to 1e-8); the conditional PCE gives
    /// p_1 = 0.5 * 0.8 / (0.5 * 0.8 + 0.5 * 0.2) = 0.8.
    #[test]
    fn a_two_option_election_by_hand() {
        let mut pce = Pce::default();
        let util = [0.25, 0.75, 0.75, 0.5]; // option 0: (0.25, 0.75); option 1: (0.75, 0.5)
        let p = pce.run(RULES, &[2.0, 1.0], &util).to_vec();
        assert!((p[1] - 0.8).abs() < 1e-7, "{p:?}");
        assert!((p[0] + p[1] - 1.0).abs() < 1e-15);
        for pce_model in [PceModel::MarkovUniform, PceModel::MarkovIncentive] {
            let rules = PceRules {
                pce: pce_model,
                ..RULES
            };
            let p = pce.run(rules, &[2.0, 1.0], &util).to_vec();
            assert!(
                p[1] > p[0] && (p.iter().sum::<f64>() - 1.0).abs() < 1e-6,
                "{p:?}"
            );
        }
    }

    #[test]
    fn products_that_underflow_fall_back_to_logarithms() {
        // A 5-cycle in which every option crushes the next two and is crushed by the other
        // two: each product is 0.5 * 1e-400 = 0 in f64, and by symmetry p_i = 1/5.
        let n = 5;
        let mut pce = Pce {
            victory: vec![0.0; n * n],
            ..Pce::default()
        };
        for i in 0..n {
            for d in 1..n {
                let j = (i + d) % n;
                pce.victory[i * n + j] = if d <= 2 { 1.0 } else { 1e-200 };
            }
            pce.victory[i * n + i] = 0.5;
        }
        pce.conditional(n);
        for p in &pce.prob {
            assert!((p - 0.2).abs() < 1e-12, "{:?}", pce.prob);
        }
    }
}
