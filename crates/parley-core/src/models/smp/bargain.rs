//! Bargains: the positions a challenger and its target would adopt, what each bargain is worth
//! to every actor, and the order of the bargains open to an actor (KTAB
//! `SMPActor::interpolateBrgn`, `interpBrgnSnPm`, `interpBrgnS2PMax`, the bargain lambdas of
//! `SMPState::doBCN` and `SMPState::updateBestBrgnPositions`).

use super::params::InterVecBrgn;
use super::risk::{distance, utility};

/// A proposed move of two actors: the initiator `init` adopts `pos_init`, the receiver `rcvr`
/// adopts `pos_rcvr` (KTAB's bargains are two points, not one, differing by up to 0.01 on the
/// 0-100 scale). A status-quo bargain has `init == rcvr` and no positions.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bargain {
    /// The challenger.
    pub init: usize,
    /// Its target.
    pub rcvr: usize,
    /// The challenger's new position, KTAB's [0, 1] scale.
    pub pos_init: Vec<f64>,
    /// The target's new position.
    pub pos_rcvr: Vec<f64>,
}

/// `x` rounded to 4 decimals as KTAB does: `(int)(0.5 + x * 10000) / 10000`, truncating.
fn round4(x: f64) -> f64 {
    // Coordinates are in [0, 1], so the integer fits; `as` saturates on anything else.
    f64::from((0.5 + x * 10000.0) as i32) / 10000.0
}

/// `x^e` by the platform's `pow`, as KTAB calls it: `pow(x, 2.0)` is not always `x * x` in
/// the last bit, and LLVM would turn a literal exponent into a multiplication. Hiding the
/// exponent keeps the library call.
fn pow(x: f64, e: f64) -> f64 {
    x.powf(std::hint::black_box(e))
}

/// The bargain between `i` (position `ti`, saliences `si`) and `j`, with `pi` and `pj` the
/// weights of their claims (i's estimate of its victory probability and its complement).
pub(crate) fn interpolate(
    rule: InterVecBrgn,
    (i, ti, si): (usize, &[f64], &[f64]),
    (j, tj, sj): (usize, &[f64], &[f64]),
    pi: f64,
    pj: f64,
) -> Bargain {
    let m = ti.len();
    let mut pos_init = Vec::with_capacity(m);
    let mut pos_rcvr = Vec::with_capacity(m);
    for k in 0..m {
        let (bik, bjk) = match rule {
            InterVecBrgn::S1P1 => weighted(1.0, ti[k], si[k], pi, tj[k], sj[k], pj),
            InterVecBrgn::S2P2 => weighted(2.0, ti[k], si[k], pi, tj[k], sj[k], pj),
            InterVecBrgn::S2PMax => concede(ti[k], si[k], pi, tj[k], sj[k], pj),
        };
        // KTAB's receiver view feeds a gain in as a probability (see `BargainModel`); with the
        // s1p1 or s2pmax weights that can land a coordinate off [0, 1], which KTAB does not
        // check. Parley keeps it on the scale; coordinates on it are unchanged.
        pos_init.push(bik.clamp(0.0, 1.0));
        pos_rcvr.push(bjk.clamp(0.0, 1.0));
    }
    Bargain {
        init: i,
        rcvr: j,
        pos_init,
        pos_rcvr,
    }
}

/// Weights `s^e p^e` on each side; 1e-6 goes to the side whose new coordinate is computed.
fn weighted(e: f64, tik: f64, sik: f64, pi: f64, tjk: f64, sjk: f64, pj: f64) -> (f64, f64) {
    const MIN_W: f64 = 1e-6;
    let wik = pow(sik, e) * pow(pi, e);
    let wjk = pow(sjk, e) * pow(pj, e);
    let bik = round4(((wik + MIN_W) * tik + wjk * tjk) / (wik + MIN_W + wjk));
    let bjk = round4((wik * tik + (MIN_W + wjk) * tjk) / (wik + MIN_W + wjk));
    (bik, bjk)
}

/// The side less likely to win concedes by the probability difference, weighted by the
/// squared saliences (no rounding).
fn concede(tik: f64, sik: f64, pi: f64, tjk: f64, sjk: f64, pj: f64) -> (f64, f64) {
    const MIN_W: f64 = 1e-6;
    let di = if pj > pi { pj - pi } else { 0.0 };
    let dj = if pi > pj { pi - pj } else { 0.0 };
    let (sik2, sjk2) = (sik * sik, sjk * sjk);
    let dik = (di * sjk2) / ((di * sjk2) + MIN_W + ((1.0 - di) * sik2));
    let djk = (dj * sik2) / ((dj * sik2) + MIN_W + ((1.0 - dj) * sjk2));
    (tik + dik * (tjk - tik), tjk + djk * (tik - tjk))
}

/// The capability x salience weighted average of two views of one bargain, with KTAB's
/// weights: `c_i S_i` for the initiator's view and `c_i S_j` (the initiator's capability
/// again, as in KTAB) for the receiver's.
pub(crate) fn compromise(a: &Bargain, b: &Bargain, wi: f64, wj: f64) -> Bargain {
    let mix = |x: &[f64], y: &[f64]| -> Vec<f64> {
        x.iter()
            .zip(y)
            .map(|(&p, &q)| (wi * p + wj * q) / (wi + wj))
            .collect()
    };
    Bargain {
        init: a.init,
        rcvr: a.rcvr,
        pos_init: mix(&a.pos_init, &b.pos_init),
        pos_rcvr: mix(&a.pos_rcvr, &b.pos_rcvr),
    }
}

/// What one voter needs to value bargains: its ideal, saliences, risk attitude and its own
/// utilities of every actor's current position.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Voter<'a> {
    /// Ideal point.
    pub ideal: &'a [f64],
    /// Saliences.
    pub sal: &'a [f64],
    /// Its risk attitude `R_a` (not its estimate of itself: KTAB's `posUtil` uses the former).
    pub risk: f64,
    /// `own[q]`: its utility of actor q's position, with its estimate of its own risk.
    pub own: &'a [f64],
}

/// How many bargains [`values`] values at once, each in its own accumulator: enough
/// independent sums to keep the adder busy instead of waiting on one sum's last addition.
const LANES: usize = 16;

/// The voter's value of every bargain, in order, into `out`: the same numbers as [`value`]
/// to the bit. Each bargain's sum still adds its two new positions' utilities and then the
/// other actors' current ones in actor order; what changes is that sixteen bargains' sums
/// advance together, one actor at a time. Between the actors that some bargain of the
/// block skips (its initiator and receiver), every sum adds the same utility, a loop the
/// compiler vectorises; at a skipped actor each sum adds it unless the bargain involves it.
pub(crate) fn values(v: Voter<'_>, bargains: &[Bargain], out: &mut Vec<f64>) {
    let n = v.own.len();
    let pos_util = |p: &[f64]| utility(distance(v.ideal, p, v.sal), v.risk);
    out.clear();
    let mut cuts: Vec<usize> = Vec::with_capacity(2 * LANES + 1);
    for block in bargains.chunks(LANES) {
        let mut acc = [0.0_f64; LANES];
        // Lanes past the block's end skip no one; their sums are never read.
        let mut skip = [(usize::MAX, usize::MAX); LANES];
        for ((a, s), b) in acc.iter_mut().zip(&mut skip).zip(block) {
            let mut total = 0.0;
            total += pos_util(&b.pos_init);
            total += pos_util(&b.pos_rcvr);
            *a = total;
            *s = (b.init, b.rcvr);
        }
        cuts.clear();
        cuts.extend(block.iter().flat_map(|b| [b.init, b.rcvr]));
        cuts.sort_unstable();
        cuts.dedup();
        let mut from = 0;
        for &c in cuts.iter().filter(|&&c| c < n) {
            for &u in &v.own[from..c] {
                for a in &mut acc {
                    *a += u;
                }
            }
            let u = v.own[c];
            for (a, &(init, rcvr)) in acc.iter_mut().zip(&skip) {
                if init != c && rcvr != c {
                    *a += u;
                }
            }
            from = c + 1;
        }
        for &u in &v.own[from.min(n)..] {
            for a in &mut acc {
                *a += u;
            }
        }
        out.extend(acc[..block.len()].iter().map(|&t| t / n as f64));
    }
}

/// The voter's average utility over all actors' positions in the state that follows if the
/// bargain is implemented and no one else moves (the reference form of [`values`]).
#[cfg(test)]
pub(crate) fn value(v: Voter<'_>, b: &Bargain) -> f64 {
    let n = v.own.len();
    let pos_util = |p: &[f64]| utility(distance(v.ideal, p, v.sal), v.risk);
    let mut total = 0.0;
    total += pos_util(&b.pos_init);
    total += pos_util(&b.pos_rcvr);
    for (q, &u) in v.own.iter().enumerate() {
        if q != b.init && q != b.rcvr {
            total += u;
        }
    }
    total / n as f64
}

/// The voter's value of the status quo.
pub(crate) fn status_quo_value(v: Voter<'_>) -> f64 {
    v.own.iter().fold(0.0, |s, &u| s + u) / v.own.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_truncates_after_adding_a_half() {
        assert_eq!(round4(0.123_449), 0.1234);
        assert_eq!(round4(0.123_45), 0.1235);
        assert_eq!(round4(0.0), 0.0);
    }

    /// Equal weights on both sides (same salience, probabilities 1/2): the bargain is the
    /// midpoint, up to the 1e-6 tilt and the rounding: w = 0.25 * 0.25 = 0.0625, so
    /// b_i = ((0.0625 + 1e-6) * 0.2 + 0.0625 * 0.6) / 0.125001 = 0.3999984 -> 0.4.
    #[test]
    fn equal_claims_meet_in_the_middle() {
        let b = interpolate(
            InterVecBrgn::S2P2,
            (0, &[0.2], &[0.5]),
            (1, &[0.6], &[0.5]),
            0.5,
            0.5,
        );
        assert_eq!((b.pos_init[0], b.pos_rcvr[0]), (0.4, 0.4));
        let b = interpolate(
            InterVecBrgn::S2PMax,
            (0, &[0.2], &[0.5]),
            (1, &[0.6], &[0.5]),
            0.8,
            0.2,
        );
        // i is likelier to win: it stays, j concedes 0.6 of the way (weighted).
        assert_eq!(b.pos_init[0], 0.2);
        let djk = (0.6 * 0.25) / ((0.6 * 0.25) + 1e-6 + (0.4 * 0.25));
        assert!((b.pos_rcvr[0] - (0.6 + djk * (0.2 - 0.6))).abs() < 1e-15);
    }

    proptest::proptest! {
        /// Sixteen sums advancing together give every bargain's value to the bit, whatever
        /// the number of actors (a partial last block), and whoever the bargains skip
        /// (repeated, adjacent, first and last actors).
        #[test]
        fn values_in_blocks_are_the_values_one_by_one(
            own in proptest::collection::vec(-0.5_f64..1.5, 2..70),
            pairs in proptest::collection::vec((0_usize..1000, 0_usize..1000, 0.0_f64..1.0, 0.0_f64..1.0), 0..40),
            risk in -1.0_f64..1.0,
        ) {
            let n = own.len();
            let bargains: Vec<Bargain> = pairs
                .iter()
                .map(|&(i, j, x, y)| Bargain {
                    init: i % n,
                    rcvr: j % n,
                    pos_init: vec![x, y],
                    pos_rcvr: vec![y, x],
                })
                .collect();
            let v = Voter { ideal: &[0.3, 0.7], sal: &[0.6, 0.2], risk, own: &own };
            let mut out = Vec::new();
            values(v, &bargains, &mut out);
            proptest::prop_assert_eq!(out.len(), bargains.len());
            for (b, &x) in bargains.iter().zip(&out) {
                proptest::prop_assert_eq!(x.to_bits(), value(v, b).to_bits());
            }
        }
    }
}
