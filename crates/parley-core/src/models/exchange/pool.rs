//! The round's candidate exchanges, ranked by gain and indexed by actor and issue, so that a
//! realised exchange touches only the candidates it can change instead of the whole list.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use super::TIE;

/// A key that orders gains as numbers (total order on the bits; NaN is never stored).
fn key(gain: f64) -> i64 {
    let bits = gain.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

fn gain_of(key: i64) -> f64 {
    // The transform flips the low 63 bits of negative keys only, so it is its own inverse.
    f64::from_bits((key ^ (((key >> 63) as u64) >> 1) as i64) as u64)
}

/// Candidates still in play, highest gain first, then by creation.
#[derive(Debug, Default)]
pub(super) struct Ranking {
    set: BTreeSet<(Reverse<i64>, u32)>,
}

impl Ranking {
    /// Ranks candidate `id` at `gain`. A NaN gain is never ranked: decide's `max` skips it.
    pub(super) fn insert(&mut self, id: u32, gain: f64) {
        if !gain.is_nan() {
            self.set.insert((Reverse(key(gain)), id));
        }
    }

    /// Removes candidate `id`, ranked at `gain`.
    pub(super) fn remove(&mut self, id: u32, gain: f64) {
        if !gain.is_nan() {
            self.set.remove(&(Reverse(key(gain)), id));
        }
    }

    /// The exchange to realise next: among the gains within [`TIE`] of the highest, the one
    /// created first. `None` when nothing is ranked, and also when the highest gain is
    /// infinite (`inf - inf` is within no tolerance: the rule of the list scan this replaces).
    pub(super) fn best(&self) -> Option<u32> {
        let &(Reverse(top), _) = self.set.first()?;
        let best = gain_of(top);
        let mut chosen: Option<u32> = None;
        // `best - gain` grows as `gain` falls, so the first entry outside the tolerance ends it.
        for &(Reverse(k), id) in &self.set {
            if !(best - gain_of(k) <= TIE) {
                break;
            }
            if chosen.is_none_or(|c| id < c) {
                chosen = Some(id);
            }
        }
        chosen
    }
}

/// For each slot (an actor supplying an issue, or an actor demanding one), the candidates that
/// have a side in it, in compressed rows.
#[derive(Debug)]
pub(super) struct Index {
    start: Vec<usize>,
    ids: Vec<u32>,
}

impl Index {
    /// Indexes the candidates `entries()` lists in id order, each with the four slots of its
    /// two sides (all below `slots`). `entries` is called twice: to count, then to fill.
    pub(super) fn new<I>(slots: usize, entries: impl Fn() -> I) -> Self
    where
        I: Iterator<Item = [usize; 4]>,
    {
        let mut start = vec![0usize; slots + 1];
        for s in entries().flatten() {
            start[s + 1] += 1;
        }
        for s in 1..start.len() {
            start[s] += start[s - 1];
        }
        let mut fill = start.clone();
        let mut ids = vec![0u32; start[slots]];
        for (id, four) in (0u32..).zip(entries()) {
            for s in four {
                ids[fill[s]] = id;
                fill[s] += 1;
            }
        }
        Self { start, ids }
    }

    /// The candidates with a side in `slot`.
    pub(super) fn get(&self, slot: usize) -> &[u32] {
        &self.ids[self.start[slot]..self.start[slot + 1]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan the ranking replaces: highest gain (NaN skipped), ties within TIE to the
    /// lowest id.
    fn scan(gains: &[(u32, f64)]) -> Option<u32> {
        let best = gains
            .iter()
            .map(|g| g.1)
            .fold(f64::NEG_INFINITY, f64::max);
        gains
            .iter()
            .filter(|g| best - g.1 <= TIE)
            .min_by_key(|g| g.0)
            .map(|g| g.0)
    }

    #[test]
    fn picks_like_the_list_scan() {
        let cases: Vec<Vec<(u32, f64)>> = vec![
            vec![],
            vec![(0, f64::NAN)],
            vec![(0, 1.0), (1, 2.0), (2, 2.0)],
            vec![(3, 1.0), (1, 1.0 - 0.5e-12), (0, 1.0 - 2e-12)],
            vec![(0, f64::INFINITY), (1, 5.0)],
            vec![(0, 0.0), (1, f64::NAN), (2, 0.0)],
            vec![(5, 3.0), (2, 3.0 - 1e-12), (4, 3.0 - 1e-12 - 1e-15)],
        ];
        for gains in cases {
            let mut r = Ranking::default();
            for &(id, g) in &gains {
                r.insert(id, g);
            }
            assert_eq!(r.best(), scan(&gains), "{gains:?}");
            if let Some(id) = r.best() {
                let g = gains.iter().find(|x| x.0 == id).map(|x| x.1).unwrap();
                r.remove(id, g);
                let rest: Vec<_> = gains.iter().copied().filter(|x| x.0 != id).collect();
                assert_eq!(r.best(), scan(&rest), "{rest:?}");
            }
        }
    }

    #[test]
    fn index_lists_each_slot() {
        let entries = [[0, 1, 2, 3], [2, 4, 5, 0]];
        let index = Index::new(6, || entries.iter().copied());
        assert_eq!(index.get(0), &[0, 1]);
        assert_eq!(index.get(2), &[0, 1]);
        assert_eq!(index.get(4), &[1]);
        assert_eq!(index.get(3), &[0]);
    }
}
