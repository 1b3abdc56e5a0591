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

/// For each actor and issue, the candidates in which that actor trades on that issue
/// (supplying or demanding), in compressed rows.
#[derive(Debug)]
pub(super) struct Index {
    m: usize,
    start: Vec<usize>,
    ids: Vec<u32>,
}

impl Index {
    /// Indexes the candidates `entries()` lists in id order: per candidate, its two actors and
    /// its two issues. `entries` is called twice (to count, then to fill).
    pub(super) fn new<I>(n: usize, m: usize, entries: impl Fn() -> I) -> Self
    where
        I: Iterator<Item = ([usize; 2], [usize; 2])>,
    {
        let slot = |a: usize, k: usize| a * m + k;
        let mut start = vec![0usize; n * m + 1];
        for (actors, issues) in entries() {
            for a in actors {
                for k in issues {
                    start[slot(a, k) + 1] += 1;
                }
            }
        }
        for s in 1..start.len() {
            start[s] += start[s - 1];
        }
        let mut fill = start.clone();
        let mut ids = vec![0u32; start[n * m]];
        for (id, (actors, issues)) in (0u32..).zip(entries()) {
            for a in actors {
                for k in issues {
                    ids[fill[slot(a, k)]] = id;
                    fill[slot(a, k)] += 1;
                }
            }
        }
        Self { m, start, ids }
    }

    /// The candidates in which actor `a` trades on issue `k`.
    pub(super) fn get(&self, a: usize, k: usize) -> &[u32] {
        let s = a * self.m + k;
        &self.ids[self.start[s]..self.start[s + 1]]
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
    fn index_lists_each_actor_issue() {
        let entries = [([0, 1], [0, 1]), ([2, 1], [0, 2])];
        let index = Index::new(3, 3, || entries.iter().copied());
        assert_eq!(index.get(1, 0), &[0, 1]);
        assert_eq!(index.get(1, 2), &[1]);
        assert_eq!(index.get(0, 2), &[] as &[u32]);
        assert_eq!(index.get(2, 2), &[1]);
    }
}
