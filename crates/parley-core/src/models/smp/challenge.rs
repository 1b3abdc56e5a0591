//! Challenges: one actor's estimate of who wins if `i` challenges `j`, with every third party
//! joining the side it expects to serve it better, and what the challenge is worth (KTAB
//! `SMPState::probEduChlg`, `Actor::vProbLittle`, `Actor::thirdPartyVoteSU`,
//! `SMPState::bestChallenge`).

use super::params::{ThirdPartyCommit, VotingRule};
use super::vote::{vote, with_vote};

/// Floor of a contest's coalition strengths (KTAB `minCltn`).
const MIN_STRENGTH: f64 = 1e-10;

/// A challenge counts only when its expected gain exceeds this (KTAB `minSigEDU`).
pub(crate) const MIN_GAIN: f64 = 1e-5;

/// What a contest's evaluation needs besides the utilities.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Contest<'a> {
    /// Voting rule.
    pub rule: VotingRule,
    /// Third parties' commitment.
    pub commit: ThirdPartyCommit,
    /// Each actor's weight in a contest: total salience x capability.
    pub weight: &'a [f64],
    /// Each actor's total salience `S_i`.
    pub sal_sum: &'a [f64],
}

/// What a contest between `i` and `j` reads of one perspective's utilities: every actor's
/// utility of `i`'s position (`ci[x]`, column `i` of the perspective's column-major matrix), of
/// `j`'s (`cj[x]`) and of its own (`diag[x]`). Only these two columns of the `n x n` matrix are
/// ever read, so a caller computes only the columns it needs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Utilities<'a> {
    /// Each actor's utility of `i`'s position.
    pub ci: &'a [f64],
    /// Each actor's utility of `j`'s position.
    pub cj: &'a [f64],
    /// Each actor's utility of its own position.
    pub diag: &'a [f64],
}

/// Perspective `h`'s estimate (`u` holds `h`'s utilities of `i`'s and `j`'s positions) of the probability that `i` beats
/// `j`, and of the change in utility for `k` if `i` challenges `j`, compared with the status
/// quo. `votes` is scratch space.
pub(crate) fn evaluate(
    c: Contest<'_>,
    u: Utilities<'_>,
    votes: &mut Vec<f64>,
    k: usize,
    i: usize,
    j: usize,
) -> (f64, f64) {
    let (uii, uij, uji, ujj) = (u.ci[i], u.cj[i], u.ci[j], u.cj[j]);
    let eu_sq = u.ci[k] + u.cj[k];
    let u_win = u.ci[k] + u.ci[k];
    let u_lose = u.cj[k] + u.cj[k];
    let sj = c.sal_sum[j];

    let (mut chij, mut chji) = (MIN_STRENGTH, MIN_STRENGTH);
    for v in [
        vote(c.rule, c.weight[i], uii, uij),
        vote(c.rule, c.weight[j], uji, ujj),
    ] {
        if v > 0.0 {
            chij += v;
        }
        if v < 0.0 {
            chji -= v;
        }
    }
    // Every third party's vote depends only on the principals' strengths, so all are computed
    // first (a loop the compiler can vectorize), then added in KTAB's order.
    let third = ThirdParties {
        ai: chij,
        aj: chji,
        weight: c.weight,
        ui: u.ci,
        uj: u.cj,
        un: u.diag,
        commit: c.commit,
    };
    votes.clear();
    with_vote!(c.rule, |v| third.fill(votes, v));
    // The principals are not third parties; adding 0 (and 0 for a vote of the other sign)
    // leaves the positive sums unchanged to the bit and needs no branches.
    votes[i] = 0.0;
    votes[j] = 0.0;
    for &vn in votes.iter() {
        chij += if vn > 0.0 { vn } else { 0.0 };
        chji -= if vn < 0.0 { vn } else { 0.0 };
    }
    let phij = chij / (chij + chji);
    let phji = chji / (chij + chji);
    let eu_contest = phij * u_win + phji * u_lose;
    let eu_challenge = (1.0 - sj) * u_win + sj * eu_contest;
    (phij, eu_challenge - eu_sq)
}

/// How many targets of one challenger [`evaluate_targets`] evaluates together.
pub(crate) const TARGETS: usize = 4;

/// One challenger's batch of contests, as perspective `k` sees them: `i` challenging each of
/// the targets `js` (at most [`TARGETS`]), with the utilities they read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Challenges<'a> {
    /// Each actor's utility of `i`'s position (column `i` of `k`'s matrix).
    pub ci: &'a [f64],
    /// Each actor's utility of its own position.
    pub diag: &'a [f64],
    /// The targets' columns interleaved: `cj[x * TARGETS + l]` is actor `x`'s utility of
    /// `js[l]`'s position; lanes past `js.len()` are computed from whatever they hold and not
    /// reported.
    pub cj: &'a [f64],
    /// Whose estimate it is.
    pub k: usize,
    /// The challenger.
    pub i: usize,
    /// The targets, in the order their results are reported.
    pub js: &'a [usize],
}

/// [`evaluate`] for each of `b`'s contests, into `out`, to the bit. Each contest's strengths
/// still add the third parties' votes in actor order; the contests advance together, so their
/// additions fill the adder's pipeline where one contest's chain waited on itself, and the
/// votes are not stored between computing and adding them.
pub(crate) fn evaluate_targets(c: Contest<'_>, b: Challenges<'_>, out: &mut Vec<(f64, f64)>) {
    if b.js.is_empty() {
        out.clear();
        return;
    }
    with_vote!(c.rule, |v| contests(c, b, out, v));
}

#[inline(always)]
fn contests(
    c: Contest<'_>,
    b: Challenges<'_>,
    out: &mut Vec<(f64, f64)>,
    vote: impl Fn(f64, f64, f64) -> f64,
) {
    const T: usize = TARGETS;
    let Challenges {
        ci,
        diag,
        cj,
        k,
        i,
        js,
    } = b;
    let n = c.weight.len();
    let lanes = js.len().min(T);
    // Lanes past the targets repeat the last one.
    let j_of = |l: usize| js[l.min(lanes - 1)];
    let mut chij = [MIN_STRENGTH; T];
    let mut chji = [MIN_STRENGTH; T];
    for l in 0..T {
        let j = j_of(l);
        let (uii, uij, uji, ujj) = (ci[i], cj[i * T + l], ci[j], cj[j * T + l]);
        for v in [vote(c.weight[i], uii, uij), vote(c.weight[j], uji, ujj)] {
            if v > 0.0 {
                chij[l] += v;
            }
            if v < 0.0 {
                chji[l] -= v;
            }
        }
    }
    let (ai, aj) = (chij, chji);
    let third = Thirds {
        ai,
        aj,
        weight: c.weight,
        ci,
        cj,
        diag,
        own: keeps_own(c.commit),
        vote,
    };
    // The principals are not third parties: each contest skips `i` and its own target.
    // Between those actors every contest adds every vote (adding 0 for a vote of the other
    // sign leaves a positive sum unchanged to the bit).
    let mut cuts = [usize::MAX; T + 1];
    cuts[0] = i;
    for l in 0..T {
        cuts[l + 1] = j_of(l);
    }
    cuts.sort_unstable();
    let mut votes = [0.0; T];
    let mut from = 0;
    let mut last = usize::MAX;
    for &cut in &cuts {
        if cut == last || cut >= n {
            continue;
        }
        last = cut;
        for t in from..cut {
            third.votes(t, &mut votes);
            for l in 0..T {
                let v = votes[l];
                chij[l] += if v > 0.0 { v } else { 0.0 };
                chji[l] -= if v < 0.0 { v } else { 0.0 };
            }
        }
        third.votes(cut, &mut votes);
        for l in 0..T {
            if cut != i && cut != j_of(l) {
                let v = votes[l];
                chij[l] += if v > 0.0 { v } else { 0.0 };
                chji[l] -= if v < 0.0 { v } else { 0.0 };
            }
        }
        from = cut + 1;
    }
    for t in from.min(n)..n {
        third.votes(t, &mut votes);
        for l in 0..T {
            let v = votes[l];
            chij[l] += if v > 0.0 { v } else { 0.0 };
            chji[l] -= if v < 0.0 { v } else { 0.0 };
        }
    }
    out.clear();
    for l in 0..lanes {
        let j = js[l];
        let eu_sq = ci[k] + cj[k * T + l];
        let u_win = ci[k] + ci[k];
        let u_lose = cj[k * T + l] + cj[k * T + l];
        let sj = c.sal_sum[j];
        let phij = chij[l] / (chij[l] + chji[l]);
        let phji = chji[l] / (chij[l] + chji[l]);
        let eu_contest = phij * u_win + phji * u_lose;
        let eu_challenge = (1.0 - sj) * u_win + sj * eu_contest;
        out.push((phij, eu_challenge - eu_sq));
    }
}

/// What the third parties' votes in [`TARGETS`] contests of one challenger need.
struct Thirds<'a, F> {
    /// The principals' strengths per contest: `i`'s side and the target's.
    ai: [f64; TARGETS],
    aj: [f64; TARGETS],
    weight: &'a [f64],
    ci: &'a [f64],
    /// The targets' columns, interleaved.
    cj: &'a [f64],
    diag: &'a [f64],
    /// Whether the third party keeps its own position in each of the four outcomes.
    own: [bool; 4],
    vote: F,
}

impl<F: Fn(f64, f64, f64) -> f64> Thirds<'_, F> {
    /// Third party `t`'s vote in each contest, as `ThirdParties::fill` computes it.
    #[inline(always)]
    fn votes(&self, t: usize, out: &mut [f64; TARGETS]) {
        const T: usize = TARGETS;
        let [own_a, own_b, own_c, own_d] = self.own;
        let (w, uni, unn) = (self.weight[t], self.ci[t], self.diag[t]);
        let cj = &self.cj[t * T..(t + 1) * T];
        for l in 0..T {
            let unj = cj[l];
            let v0 = (self.vote)(w, uni, unj);
            let cni = if v0 > 0.0 {
                self.ai[l] + v0
            } else {
                self.ai[l]
            };
            let cnj = if v0 < 0.0 {
                self.aj[l] - v0
            } else {
                self.aj[l]
            };
            let pin = cni / (cni + cnj);
            let pjn = 1.0 - pin;
            let a = uni + uni + if own_a { unn } else { uni };
            let b = unj + unj + if own_b { unn } else { unj };
            let cc = uni + uni + if own_c { unn } else { uni };
            let d = unj + unj + if own_d { unn } else { unj };
            let join_i = (pin * a) + (pjn * b);
            let join_j = (pin * cc) + (pjn * d);
            out[l] = (self.vote)(w, join_i, join_j);
        }
    }
}

/// An upper bound of the gain [`evaluate`] returns for `k` (here always the challenger) when
/// `k` values `i`'s position at `uki` and `j`'s at `ukj`, whatever the third parties' votes:
/// the gain is `(1 - S_j) 2 u_ki + S_j (P_ij 2 u_ki + P_ji 2 u_kj) - (u_ki + u_kj)` with both
/// probabilities in `[0, 1]` and summing to 1 up to rounding, so at most
/// `(1 - S_j) 2 u_ki + S_j max(2 u_ki, 2 u_kj, 0) - (u_ki + u_kj)`. The margin covers the
/// rounding of both computations (a few ulps of numbers below 10 in magnitude; `1e-12` times
/// their size is a thousand times that). A NaN input gives a NaN bound, which prunes nothing.
pub(crate) fn gain_bound(sj: f64, uki: f64, ukj: f64) -> f64 {
    let u_win = uki + uki;
    let u_lose = ukj + ukj;
    let eu_sq = uki + ukj;
    let top = u_win.max(u_lose).max(0.0);
    let bound = (1.0 - sj) * u_win + sj * top - eu_sq;
    let size = 1.0 + sj.abs() + (1.0 - sj).abs() + u_win.abs() + u_lose.abs() + eu_sq.abs();
    if u_win.is_nan() || u_lose.is_nan() || sj.is_nan() {
        return f64::NAN;
    }
    bound + 1e-12 * size
}

/// Whether a third party keeps its own position (rather than the winner's) in each outcome
/// of a little contest: {i, t} beats j; j beats {i, t}; i beats {j, t}; {j, t} beats i.
fn keeps_own(commit: ThirdPartyCommit) -> [bool; 4] {
    match commit {
        ThirdPartyCommit::FullCommit => [false, false, false, false],
        ThirdPartyCommit::SemiCommit => [true, false, false, true],
        ThirdPartyCommit::NoCommit => [true, true, true, true],
    }
}

/// What every third party's vote in one contest needs.
struct ThirdParties<'a> {
    /// The principals' strengths: `i`'s side and `j`'s.
    ai: f64,
    aj: f64,
    weight: &'a [f64],
    /// Each actor's utility of `i`'s position, of `j`'s, of its own.
    ui: &'a [f64],
    uj: &'a [f64],
    un: &'a [f64],
    commit: ThirdPartyCommit,
}

impl ThirdParties<'_> {
    /// Each actor's vote as a third party (the principals' entries are computed and ignored).
    /// In the "little contest" the principals face this third party alone; then it votes
    /// between joining `i` and joining `j` by its expected utility for the positions of `i`,
    /// `j` and itself after the contest, where the loser moves to the winner and the
    /// commitment rule says whether the third party moves too (KTAB `thirdPartyVoteSU`).
    #[inline(always)]
    fn fill(&self, out: &mut Vec<f64>, vote: impl Fn(f64, f64, f64) -> f64) {
        // The third term of each outcome's utility: the third party's own position when it
        // stays, the winner's when it moves.
        let [own_a, own_b, own_c, own_d] = keeps_own(self.commit);
        let (ai, aj) = (self.ai, self.aj);
        let n = self.weight.len();
        out.extend((0..n).map(|t| {
            let (w, uni, unj, unn) = (self.weight[t], self.ui[t], self.uj[t], self.un[t]);
            let v0 = vote(w, uni, unj);
            let cni = if v0 > 0.0 { ai + v0 } else { ai };
            let cnj = if v0 < 0.0 { aj - v0 } else { aj };
            let pin = cni / (cni + cnj);
            let pjn = 1.0 - pin;
            // {i, t} beats j; j beats {i, t}; i beats {j, t}; {j, t} beats i.
            let a = uni + uni + if own_a { unn } else { uni };
            let b = unj + unj + if own_b { unn } else { unj };
            let c = uni + uni + if own_c { unn } else { uni };
            let d = unj + unj + if own_d { unn } else { unj };
            let join_i = (pin * a) + (pjn * b);
            let join_j = (pin * c) + (pjn * d);
            vote(w, join_i, join_j)
        }));
    }
}

/// Whether a challenge worth `gain` beats the best so far (worth `best`; start from -1): it
/// must exceed [`MIN_GAIN`] and the best strictly, so the lowest target index wins a tie.
pub(crate) fn beats(gain: f64, best: f64) -> bool {
    MIN_GAIN < gain && best < gain
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two actors only (no third party), identity utilities on the diagonal: actor 0 values
    /// actor 1's position at 0.6 and actor 1 values actor 0's at 0.5. Capabilities x salience
    /// 1 and 2, S_1 = 0.5. By hand: i's vote = 1 * (1 - 0.6) = 0.4 for i; j's vote
    /// = 2 * (0.5 - 1) = -1.0, i.e. 1.0 for j; P(i wins) = (1e-10 + 0.4) / (2e-10 + 1.4);
    /// EU of challenging = 0.5 * 2 + 0.5 * (P * 2 + (1 - P) * 1.2), status quo 1.6.
    #[test]
    fn a_two_actor_contest_by_hand() {
        // Column 0 (utilities of actor 0's position) is (1.0, 0.5), column 1 (0.6, 1.0).
        let u = Utilities {
            ci: &[1.0, 0.5],
            cj: &[0.6, 1.0],
            diag: &[1.0, 1.0],
        };
        let c = Contest {
            rule: VotingRule::Proportional,
            commit: ThirdPartyCommit::SemiCommit,
            weight: &[1.0, 2.0],
            sal_sum: &[1.0, 0.5],
        };
        let (p, gain) = evaluate(c, u, &mut Vec::new(), 0, 0, 1);
        let expected_p = (1e-10 + 0.4) / (2e-10 + 1.4);
        assert!((p - expected_p).abs() < 1e-15);
        let eu = 0.5 * 2.0 + 0.5 * (expected_p * 2.0 + (1.0 - expected_p) * 1.2);
        assert!((gain - (eu - 1.6)).abs() < 1e-12, "{gain}");
    }

    /// Uniform numbers in [0, 1) from a fixed xorshift sequence (no `rand` in this crate).
    fn xorshift(mut state: u64) -> impl FnMut() -> f64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// The bound holds against the full evaluation on contests with every voting rule and
    /// commitment, from a fixed pseudo-random sequence of utilities, weights and saliences
    /// (including utilities slightly below 0 and saliences at 0 and 1).
    #[test]
    fn the_gain_bound_bounds_every_gain() {
        let mut uniform = xorshift(0x9E37_79B9_7F4A_7C15);
        let (rules, commits) = (VotingRule::ALL, ThirdPartyCommit::ALL);
        let n = 7;
        let mut votes = Vec::new();
        for case in 0..3000 {
            let mut col = |_| (0..n).map(|_| 1.1 * uniform() - 0.01).collect::<Vec<f64>>();
            let (ci, cj, diag) = (col(0), col(1), col(2));
            let weight: Vec<f64> = (0..n).map(|_| 100.0 * uniform()).collect();
            let sal_sum: Vec<f64> = (0..n)
                .map(|x| match (case + x) % 5 {
                    0 => 0.0,
                    1 => 1.0,
                    _ => uniform(),
                })
                .collect();
            let c = Contest {
                rule: rules[case % rules.len()],
                commit: commits[case % commits.len()],
                weight: &weight,
                sal_sum: &sal_sum,
            };
            let u = Utilities {
                ci: &ci,
                cj: &cj,
                diag: &diag,
            };
            let (i, j) = (case % n, (case / n + 1 + case % n) % n);
            if i == j {
                continue;
            }
            let gain = evaluate(c, u, &mut votes, i, i, j).1;
            let bound = gain_bound(sal_sum[j], ci[i], cj[i]);
            assert!(
                gain <= bound,
                "case {case}: gain {gain} above bound {bound}"
            );
        }
        assert!(gain_bound(0.5, f64::NAN, 0.3).is_nan());
    }

    /// Contests evaluated four at a time give [`evaluate`]'s numbers to the bit, for every
    /// voting rule and commitment, with partial batches, repeated targets and targets on
    /// either side of the challenger.
    #[test]
    fn contests_together_are_contests_one_by_one() {
        let mut uniform = xorshift(0x2545_F491_4F6C_DD1D);
        let (rules, commits) = (VotingRule::ALL, ThirdPartyCommit::ALL);
        let mut votes = Vec::new();
        let mut out = Vec::new();
        for case in 0..600 {
            let n = 2 + case % 11;
            let mut col = || (0..n).map(|_| 1.1 * uniform() - 0.01).collect::<Vec<f64>>();
            let (ci, diag) = (col(), col());
            let cols: Vec<Vec<f64>> = (0..n).map(|_| col()).collect();
            let weight: Vec<f64> = (0..n).map(|_| 100.0 * uniform()).collect();
            let sal_sum: Vec<f64> = (0..n).map(|_| uniform()).collect();
            let c = Contest {
                rule: rules[case % rules.len()],
                commit: commits[(case / rules.len()) % commits.len()],
                weight: &weight,
                sal_sum: &sal_sum,
            };
            let i = case % n;
            let count = 1 + case % TARGETS;
            let js: Vec<usize> = (0..count)
                .map(|l| (i + 1 + (l * 7 + case) % (n - 1)) % n)
                .collect();
            let mut cj = vec![0.0; n * TARGETS];
            for (l, &j) in js.iter().enumerate() {
                for x in 0..n {
                    cj[x * TARGETS + l] = cols[j][x];
                }
            }
            let batch = Challenges {
                ci: &ci,
                diag: &diag,
                cj: &cj,
                k: i,
                i,
                js: &js,
            };
            evaluate_targets(c, batch, &mut out);
            assert_eq!(out.len(), count);
            for (l, &j) in js.iter().enumerate() {
                let u = Utilities {
                    ci: &ci,
                    cj: &cols[j],
                    diag: &diag,
                };
                let (p, g) = evaluate(c, u, &mut votes, i, i, j);
                assert_eq!(
                    (out[l].0.to_bits(), out[l].1.to_bits()),
                    (p.to_bits(), g.to_bits()),
                    "case {case}, lane {l}"
                );
            }
        }
    }

    #[test]
    fn a_target_needs_a_gain_and_the_first_of_equals_stays() {
        assert!(beats(0.2, -1.0));
        assert!(!beats(0.2, 0.2));
        assert!(!beats(1e-5, -1.0));
    }
}
