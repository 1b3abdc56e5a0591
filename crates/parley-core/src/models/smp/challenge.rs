//! Challenges: one actor's estimate of who wins if `i` challenges `j`, with every third party
//! joining the side it expects to serve it better, and what the challenge is worth (KTAB
//! `SMPState::probEduChlg`, `Actor::vProbLittle`, `Actor::thirdPartyVoteSU`,
//! `SMPState::bestChallenge`).

use super::params::{ThirdPartyCommit, VotingRule};
use super::vote::vote;

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

/// One perspective's utilities, stored by column so that a contest reads every third party's
/// utilities of `i`'s and `j`'s positions from contiguous memory: `col[y * n + x]` is the
/// utility to `x` of `y`'s position; `diag[x]` its utility of its own.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Utilities<'a> {
    /// Column-major `n x n` utilities.
    pub col: &'a [f64],
    /// The diagonal.
    pub diag: &'a [f64],
}

impl Utilities<'_> {
    fn at(&self, x: usize, y: usize) -> f64 {
        self.col[y * self.diag.len() + x]
    }
}

/// Perspective `h`'s estimate (`u` holds `h`'s utilities) of the probability that `i` beats
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
    let n = c.weight.len();
    let (uii, uij, uji, ujj) = (u.at(i, i), u.at(i, j), u.at(j, i), u.at(j, j));
    let eu_sq = u.at(k, i) + u.at(k, j);
    let u_win = u.at(k, i) + u.at(k, i);
    let u_lose = u.at(k, j) + u.at(k, j);
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
        ui: &u.col[i * n..(i + 1) * n],
        uj: &u.col[j * n..(j + 1) * n],
        un: u.diag,
        commit: c.commit,
    };
    votes.clear();
    match c.rule {
        VotingRule::Binary => third.fill(votes, |w, a, b| vote(VotingRule::Binary, w, a, b)),
        VotingRule::PropBin => third.fill(votes, |w, a, b| vote(VotingRule::PropBin, w, a, b)),
        VotingRule::Proportional => {
            third.fill(votes, |w, a, b| vote(VotingRule::Proportional, w, a, b));
        }
        VotingRule::PropCbc => third.fill(votes, |w, a, b| vote(VotingRule::PropCbc, w, a, b)),
        VotingRule::Cubic => third.fill(votes, |w, a, b| vote(VotingRule::Cubic, w, a, b)),
        VotingRule::AsymProsp => {
            third.fill(votes, |w, a, b| vote(VotingRule::AsymProsp, w, a, b));
        }
    }
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
        let (own_a, own_b, own_c, own_d) = match self.commit {
            ThirdPartyCommit::FullCommit => (false, false, false, false),
            ThirdPartyCommit::SemiCommit => (true, false, false, true),
            ThirdPartyCommit::NoCommit => (true, true, true, true),
        };
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
        // Column-major: column 0 is (1.0, 0.5), column 1 (0.6, 1.0).
        let col = [1.0, 0.5, 0.6, 1.0];
        let u = Utilities {
            col: &col,
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

    #[test]
    fn a_target_needs_a_gain_and_the_first_of_equals_stays() {
        assert!(beats(0.2, -1.0));
        assert!(!beats(0.2, 0.2));
        assert!(!beats(1e-5, -1.0));
    }
}
