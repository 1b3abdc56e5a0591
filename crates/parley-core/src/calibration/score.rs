//! Proper scores for predictive distributions and intervals (Gneiting & Raftery 2007): the
//! continuous ranked probability score, the interval (Winkler 1972) score, and the randomised
//! probability integral transform (Czado, Gneiting & Held 2009) for PIT histograms.

/// CRPS of a discrete distribution given as `(value, weight)` atoms sorted by value (weights
/// summing to 1) at outcome `y`: `E|X - y| - E|X - X'| / 2`, exact, in O(n).
pub fn crps(atoms: impl Iterator<Item = (f64, f64)>, y: f64) -> f64 {
    // E|X - X'| = 2 sum_k w_k (x_k C_k - S_k), with C_k and S_k the weight and weighted sum of
    // the atoms before k (atoms sorted).
    let (mut to_y, mut pairs, mut c, mut s) = (0.0, 0.0, 0.0, 0.0);
    for (x, w) in atoms {
        to_y += w * (x - y).abs();
        pairs += w * (x * c - s);
        c += w;
        s += w * x;
    }
    to_y - pairs
}

/// Interval score of `[lo, hi]` at level `1 - a` for outcome `y`: the width plus `2 / a` times
/// the distance by which `y` falls outside.
pub fn interval_score(lo: f64, hi: f64, level: f64, y: f64) -> f64 {
    let a = 1.0 - level;
    let below = (lo - y).max(0.0);
    let above = (y - hi).max(0.0);
    (hi - lo) + 2.0 / a * (below + above)
}

/// Randomised PIT of outcome `y` under sorted atoms: `F(y-) + u (F(y) - F(y-))` with `u` in
/// `[0, 1)`; uniform on [0, 1] for a calibrated forecaster even with point masses (at the ends
/// of a clamped scale, for instance).
pub fn pit(atoms: impl Iterator<Item = (f64, f64)>, y: f64, u: f64) -> f64 {
    let (mut below, mut at) = (0.0, 0.0);
    for (x, w) in atoms {
        if x < y {
            below += w;
        } else if x == y {
            at += w;
        }
    }
    (below + u * at).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crps_of_a_point_mass_is_the_absolute_error() {
        assert_eq!(crps([(30.0, 1.0)].into_iter(), 50.0), 20.0);
    }

    #[test]
    fn crps_of_two_atoms_by_hand() {
        // Atoms 0 and 10, weight 1/2 each, y = 0: E|X - y| = 5; E|X - X'| = 2 * 1/4 * 10 = 5;
        // CRPS = 5 - 2.5 = 2.5. Direct integral: F = 1/2 on [0, 10), (1/2)^2 * 10 = 2.5.
        let atoms = [(0.0, 0.5), (10.0, 0.5)];
        assert!((crps(atoms.into_iter(), 0.0) - 2.5).abs() < 1e-12);
        // y = 5: E|X - y| = 5; CRPS = 2.5. Integral: (1/2)^2 * 5 + (1/2)^2 * 5 = 2.5.
        assert!((crps(atoms.into_iter(), 5.0) - 2.5).abs() < 1e-12);
    }

    #[test]
    fn interval_score_by_hand() {
        // [10, 30] at 80%: a = 0.2, 2/a = 10. Inside: width 20. y = 35: 20 + 10 * 5 = 70.
        assert_eq!(interval_score(10.0, 30.0, 0.8, 20.0), 20.0);
        assert!((interval_score(10.0, 30.0, 0.8, 35.0) - 70.0).abs() < 1e-9);
        assert!((interval_score(10.0, 30.0, 0.8, 8.0) - 40.0).abs() < 1e-9);
    }

    #[test]
    fn pit_by_hand() {
        // Atoms 0 (0.25), 50 (0.5), 100 (0.25). y = 50, u = 0.5: 0.25 + 0.25 = 0.5.
        let atoms = [(0.0, 0.25), (50.0, 0.5), (100.0, 0.25)];
        assert_eq!(pit(atoms.into_iter(), 50.0, 0.5), 0.5);
        assert_eq!(pit(atoms.into_iter(), 60.0, 0.3), 0.75);
        assert_eq!(pit(atoms.into_iter(), 0.0, 0.0), 0.0);
    }
}
