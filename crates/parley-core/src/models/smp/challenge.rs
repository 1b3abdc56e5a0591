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

/// Perspective `h`'s estimate (`u` is `h`'s utility matrix, `u[x * n + y]` the utility to `x`
/// of `y`'s position) of the probability that `i` beats `j`, and of the change in utility for
/// `k` if `i` challenges `j`, compared with the status quo.
pub(crate) fn evaluate(c: Contest<'_>, u: &[f64], k: usize, i: usize, j: usize) -> (f64, f64) {
    let n = c.weight.len();
    let at = |x: usize, y: usize| u[x * n + y];
    let (uii, uij, uji, ujj) = (at(i, i), at(i, j), at(j, i), at(j, j));
    let eu_sq = at(k, i) + at(k, j);
    let u_win = at(k, i) + at(k, i);
    let u_lose = at(k, j) + at(k, j);
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
    let (ai, aj) = (chij, chji);
    for t in (0..n).filter(|&t| t != i && t != j) {
        let wn = c.weight[t];
        let (uni, unj, unn) = (at(t, i), at(t, j), at(t, t));
        // The "little contest": the principals plus this third party alone.
        let v0 = vote(c.rule, wn, uni, unj);
        let cni = if v0 > 0.0 { ai + v0 } else { ai };
        let cnj = if v0 < 0.0 { aj - v0 } else { aj };
        let pin = cni / (cni + cnj);
        let pjn = 1.0 - pin;
        let vn = third_party_vote(c, wn, pin, pjn, uni, unj, unn);
        if vn > 0.0 {
            chij += vn;
        }
        if vn < 0.0 {
            chji -= vn;
        }
    }
    let phij = chij / (chij + chji);
    let phji = chji / (chij + chji);
    let eu_contest = phij * u_win + phji * u_lose;
    let eu_challenge = (1.0 - sj) * u_win + sj * eu_contest;
    (phij, eu_challenge - eu_sq)
}

/// A third party's vote between joining `i` and joining `j`: its expected utility for the
/// positions of `i`, `j` and itself after the contest, where the loser moves to the winner and
/// the commitment rule says whether the third party moves too.
fn third_party_vote(
    c: Contest<'_>,
    w: f64,
    pik: f64,
    pjk: f64,
    uki: f64,
    ukj: f64,
    ukk: f64,
) -> f64 {
    let (ik_beats_j, j_beats_ik, i_beats_jk, jk_beats_i) = match c.commit {
        ThirdPartyCommit::FullCommit => (
            uki + uki + uki,
            ukj + ukj + ukj,
            uki + uki + uki,
            ukj + ukj + ukj,
        ),
        ThirdPartyCommit::SemiCommit => (
            uki + uki + ukk,
            ukj + ukj + ukj,
            uki + uki + uki,
            ukj + ukj + ukk,
        ),
        ThirdPartyCommit::NoCommit => (
            uki + uki + ukk,
            ukj + ukj + ukk,
            uki + uki + ukk,
            ukj + ukj + ukk,
        ),
    };
    let join_i = (pik * ik_beats_j) + (pjk * j_beats_ik);
    let join_j = (pik * i_beats_jk) + (pjk * jk_beats_i);
    vote(c.rule, w, join_i, join_j)
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
        let u = [1.0, 0.6, 0.5, 1.0];
        let c = Contest {
            rule: VotingRule::Proportional,
            commit: ThirdPartyCommit::SemiCommit,
            weight: &[1.0, 2.0],
            sal_sum: &[1.0, 0.5],
        };
        let (p, gain) = evaluate(c, &u, 0, 0, 1);
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
