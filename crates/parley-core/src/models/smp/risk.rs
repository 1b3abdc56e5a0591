//! Distances, utilities and inferred risk attitudes (KTAB `SMPModel::bvDiff`,
//! `SMPModel::bsUtil`, `SMPState::setAllAUtil`, `Model::bigRfromProb`, `Model::estNRA`).
//!
//! Risk is inferred, not given: an actor whose position would win a risk-neutral election
//! often has little to lose and is taken as risk-accepting, one whose position rarely wins as
//! risk-averse.

use super::params::{BigRAdjust, BigRRange};
use super::vote::{Pce, PceRules};

/// The salience-weighted distance from reference `a` to position `b`, with the reference
/// actor's saliences `s`: `sqrt(sum (s_k (a_k - b_k))^2 / sum s_k^2)`. An actor without
/// salience (which KTAB refuses) is indifferent: distance 0.
pub(crate) fn distance(a: &[f64], b: &[f64], s: &[f64]) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for k in 0..s.len() {
        let ds = (a[k] - b[k]) * s[k];
        num += ds * ds;
        den += s[k] * s[k];
    }
    if den > 0.0 { (num / den).sqrt() } else { 0.0 }
}

/// Utility of a position at distance `d` for risk attitude `r`: `(1 - d)(1 + d r)`; beyond 1
/// (round-off only) `(1 - d)(1 + r)`.
pub(crate) fn utility(d: f64, r: f64) -> f64 {
    if d <= 1.0 {
        (1.0 - d) * (1.0 + d * r)
    } else {
        (1.0 - d) * (1.0 + r)
    }
}

/// Actor `h`'s estimate of actor `i`'s risk attitude.
pub(crate) fn estimate(adjust: BigRAdjust, rh: f64, ri: f64) -> f64 {
    match adjust {
        BigRAdjust::Full => ri,
        BigRAdjust::TwoThirds => (rh + (2.0 * ri)) / 3.0,
        BigRAdjust::Half => (rh + ri) / 2.0,
        BigRAdjust::OneThird => ((2.0 * rh) + ri) / 3.0,
        BigRAdjust::None => rh,
    }
}

/// A spread of probabilities below this share of the largest is rounding noise, not a ranking.
const NEGLIGIBLE_SPREAD: f64 = 1e-10;

/// Risk attitudes from the probabilities of the actors' positions in a risk-neutral PCE: the
/// most probable gets the top of the range, the least probable the bottom. When every
/// probability is equal, up to rounding, everyone is risk-neutral.
pub(crate) fn from_probabilities(p: &[f64], range: BigRRange, out: &mut Vec<f64>) {
    let (mut lo, mut hi) = (1.0_f64, 0.0_f64);
    for &pi in p {
        lo = if pi < lo { pi } else { lo };
        hi = if pi > hi { pi } else { hi };
    }
    out.clear();
    // Equal probabilities (KTAB divides by zero there) or ones that differ only by rounding, as
    // a Markov PCE leaves them when nobody cares about anything: the formula below would turn
    // that rounding noise into attitudes anywhere in or beyond the range.
    if hi - lo <= NEGLIGIBLE_SPREAD * hi {
        out.resize(p.len(), 0.0);
        return;
    }
    let (bottom, top) = match range {
        BigRRange::Min => (0.0, 1.0),
        BigRRange::Mid => (-0.5, 1.0),
        BigRRange::Max => (-1.0, 1.0),
    };
    out.extend(p.iter().map(|&pi| {
        let r = match range {
            BigRRange::Min => (pi - lo) / (hi - lo),
            BigRRange::Mid => (3.0 * pi - (hi + 2.0 * lo)) / (2.0 * (hi - lo)),
            BigRRange::Max => (2.0 * pi - (hi + lo)) / (hi - lo),
        };
        // KTAB's own runs land an ulp or so beyond an end, kept for bit-exactness; a small
        // spread magnifies the rounding further, and that is cut back to the range.
        if r > top + RANGE_SLACK {
            top
        } else if r < bottom - RANGE_SLACK {
            bottom
        } else {
            r
        }
    }));
}

/// How far beyond its range's ends an attitude may land by rounding and be kept as computed.
const RANGE_SLACK: f64 = 1e-12;

/// `vdiff[i * n + j]`: distance from actor i's ideal to actor j's position, i's saliences.
pub(crate) fn distances(ideal: &[f64], pos: &[f64], sal: &[f64], m: usize, out: &mut Vec<f64>) {
    let n = pos.len().checked_div(m).unwrap_or(0);
    out.clear();
    out.reserve(n * n);
    for i in 0..n {
        let (a, s) = (&ideal[i * m..(i + 1) * m], &sal[i * m..(i + 1) * m]);
        for j in 0..n {
            out.push(distance(a, &pos[j * m..(j + 1) * m], s));
        }
    }
}

/// The risk attitudes of a state: a PCE over all actors' positions (duplicates included),
/// voters weighted by capability, with risk-neutral utilities `1 - d`.
pub(crate) fn attitudes(
    vdiff: &[f64],
    cap: &[f64],
    rules: PceRules,
    range: BigRRange,
    pce: &mut Pce,
    scratch: &mut Vec<f64>,
    out: &mut Vec<f64>,
) {
    let n = cap.len();
    // Option-major: utility of actor o's position to voter k.
    scratch.clear();
    scratch.reserve(n * n);
    for o in 0..n {
        for k in 0..n {
            scratch.push(utility(vdiff[k * n + o], 0.0));
        }
    }
    let p = pce.run(rules, cap, scratch);
    from_probabilities(p, range, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_and_utility_by_hand() {
        // d = sqrt((0.5 * 0.2)^2 / (0.5^2 + 0)) = 0.2; u(0.2, R = 0.5) = 0.8 * 1.1 = 0.88.
        let d = distance(&[0.3, 0.9], &[0.1, 0.0], &[0.5, 0.0]);
        assert!((d - 0.2).abs() < 1e-15);
        assert!((utility(d, 0.5) - 0.88).abs() < 1e-15);
        assert_eq!(distance(&[0.3], &[0.1], &[0.0]), 0.0);
        assert_eq!(utility(0.0, -0.5), 1.0);
    }

    #[test]
    fn risk_ranges_span_their_ends() {
        let p = [0.1, 0.2, 0.7];
        let mut r = Vec::new();
        from_probabilities(&p, BigRRange::Mid, &mut r);
        assert!((r[0] + 0.5).abs() < 1e-15 && (r[2] - 1.0).abs() < 1e-15);
        from_probabilities(&p, BigRRange::Max, &mut r);
        assert!((r[0] + 1.0).abs() < 1e-15 && (r[2] - 1.0).abs() < 1e-15);
        from_probabilities(&p, BigRRange::Min, &mut r);
        assert!(r[0].abs() < 1e-15 && (r[2] - 1.0).abs() < 1e-15);
        from_probabilities(&[0.5, 0.5], BigRRange::Mid, &mut r);
        assert_eq!(r, [0.0, 0.0]);
    }

    #[test]
    fn probabilities_equal_but_for_rounding_mean_risk_neutral() {
        // Five options a Markov PCE leaves at 1/5 up to an ulp: (2p - (hi + lo)) / (hi - lo)
        // on that noise gave a risk of 2.0 under the Max range (found by proptest).
        let fifth = 0.2_f64;
        let p = [
            fifth,
            f64::from_bits(fifth.to_bits() + 1),
            fifth,
            fifth,
            fifth,
        ];
        let mut r = Vec::new();
        for range in [BigRRange::Min, BigRRange::Mid, BigRRange::Max] {
            from_probabilities(&p, range, &mut r);
            assert_eq!(r, [0.0; 5]);
        }
        // A real spread, however small against the rounding, still ranks.
        from_probabilities(&[0.2, 0.2 + 1e-6], BigRRange::Max, &mut r);
        assert!(
            (r[0] + 1.0).abs() < 1e-9 && (r[1] - 1.0).abs() < 1e-9,
            "{r:?}"
        );
    }

    #[test]
    fn estimates_weigh_own_and_true_attitudes() {
        assert_eq!(
            estimate(BigRAdjust::OneThird, 0.9, 0.3),
            ((2.0 * 0.9) + 0.3) / 3.0
        );
        assert_eq!(estimate(BigRAdjust::None, 0.9, 0.3), 0.9);
        assert_eq!(estimate(BigRAdjust::Full, 0.9, 0.3), 0.3);
    }
}
