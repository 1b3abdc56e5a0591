//! A state of the model and what is measured on it: how far it moved, which positions count as
//! the same, how ideals follow positions (KTAB `SMPModel::stateDist`, `State::setUENdx`,
//! `State::posProb`, `SMPState::newIdeals`).

/// Positions closer than this (Euclidean, [0, 1] scale) are one position (KTAB `posTol`).
pub(crate) const POSITION_TOLERANCE: f64 = 1e-3;

/// Where every actor stands and what it wants, KTAB's [0, 1] scale, actor-major
/// (`pos[i * m + k]`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct State {
    /// Current positions.
    pub pos: Vec<f64>,
    /// Ideal points: equal to the positions unless ideals lag (a non-identity accommodation).
    pub ideal: Vec<f64>,
}

/// Euclidean norm of `a - b`, summed in index order as KTAB's `norm`.
pub(crate) fn norm_diff(a: &[f64], b: &[f64]) -> f64 {
    let mut s = 0.0;
    for (x, y) in a.iter().zip(b) {
        let d = x - y;
        s += d * d;
    }
    s.sqrt()
}

/// Total movement between two states: the sum over actors of the distance each moved.
pub(crate) fn movement(a: &State, b: &State, m: usize) -> f64 {
    let mut sum = 0.0;
    for (x, y) in a.pos.chunks(m).zip(b.pos.chunks(m)) {
        sum += norm_diff(x, y);
    }
    sum
}

/// The distinct positions of a state: the actors that represent them, in actor order. An
/// actor joins the first representative within [`POSITION_TOLERANCE`] (not transitive, as in
/// KTAB).
pub(crate) fn representatives(pos: &[f64], m: usize) -> Vec<usize> {
    let mut reps: Vec<usize> = Vec::new();
    for (i, x) in pos.chunks(m).enumerate() {
        let same = reps
            .iter()
            .any(|&r| norm_diff(x, &pos[r * m..(r + 1) * m]) < POSITION_TOLERANCE);
        if !same {
            reps.push(i);
        }
    }
    reps
}

/// The representative index whose probability KTAB prints for actor `i`: the last one within
/// tolerance of `i`'s position.
pub(crate) fn group_of(pos: &[f64], m: usize, reps: &[usize], i: usize) -> usize {
    let x = &pos[i * m..(i + 1) * m];
    let mut g = 0;
    for (u, &r) in reps.iter().enumerate() {
        if norm_diff(x, &pos[r * m..(r + 1) * m]) < POSITION_TOLERANCE {
            g = u;
        }
    }
    g
}

/// New ideals after a move: `ideal_i = sum_j A(i, j) x_j + (1 - min(1, sum_j A(i, j))) ideal_i`,
/// with `A` the accommodation matrix (`None`: the identity, ideals equal positions).
pub(crate) fn follow(pos: &[f64], old_ideal: &[f64], m: usize, acc: Option<&[f64]>) -> Vec<f64> {
    let Some(a) = acc else {
        return pos.to_vec();
    };
    let n = pos.len().checked_div(m).unwrap_or(0);
    let mut ideal = vec![0.0; n * m];
    for i in 0..n {
        let row = &a[i * n..(i + 1) * n];
        let new = &mut ideal[i * m..(i + 1) * m];
        let mut si = 0.0;
        for (j, &aij) in row.iter().enumerate() {
            si += aij;
            for (v, &p) in new.iter_mut().zip(&pos[j * m..(j + 1) * m]) {
                *v += aij * p;
            }
        }
        let lag = 1.0 - if si > 1.0 { 1.0 } else { si };
        for (v, &old) in new.iter_mut().zip(&old_ideal[i * m..(i + 1) * m]) {
            *v += lag * old;
        }
    }
    ideal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearby_positions_share_a_representative() {
        // Two dims: actors 0 and 2 within 1e-3, actor 1 apart.
        let pos = [0.1, 0.2, 0.5, 0.5, 0.1005, 0.2];
        let reps = representatives(&pos, 2);
        assert_eq!(reps, [0, 1]);
        assert_eq!(group_of(&pos, 2, &reps, 2), 0);
    }

    #[test]
    fn ideals_lag_by_what_the_accommodation_leaves() {
        // Actor 0 moves its ideal 70% toward its new position; actor 1 30% toward actor 0's.
        let pos = [1.0, 0.0];
        let old = [0.0, 1.0];
        let acc = [0.7, 0.0, 0.3, 0.0];
        let ideal = follow(&pos, &old, 1, Some(&acc));
        assert!((ideal[0] - 0.7).abs() < 1e-15);
        assert!((ideal[1] - (0.3 + 0.7)).abs() < 1e-15);
        assert_eq!(follow(&pos, &old, 1, None), pos);
    }

    #[test]
    fn movement_sums_each_actors_distance() {
        let a = State {
            pos: vec![0.0, 0.0, 1.0, 1.0],
            ideal: vec![],
        };
        let b = State {
            pos: vec![0.3, 0.4, 1.0, 1.0],
            ideal: vec![],
        };
        assert!((movement(&a, &b, 2) - 0.5).abs() < 1e-15);
    }
}
