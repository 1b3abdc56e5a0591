//! The round's candidate exchanges, ranked by gain and indexed by actor and issue, so that a
//! realised exchange touches only the candidates it can change instead of the whole list.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

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

/// Candidates still in play, highest gain first, then by creation: a binary heap whose stale
/// entries (a candidate removed or re-ranked since) are skipped when they reach the top.
#[derive(Debug, Default)]
pub(super) struct Ranking {
    heap: BinaryHeap<(i64, Reverse<u32>, u32)>,
    /// Per candidate: the version its live entry carries, or `None` once it is out of play.
    version: Vec<Option<u32>>,
    live: usize,
}

impl Ranking {
    /// Empties the ranking and makes room for `n` candidates, keeping its allocations: a
    /// round's ranking is as large as its list, and fresh memory every round costs page faults.
    pub(super) fn reset(&mut self, n: usize) {
        self.heap.clear();
        self.heap.reserve(n);
        self.version.clear();
        self.version.resize(n, None);
        self.live = 0;
    }

    /// Empties the ranking and ranks candidates `0, 1, ...` at `gains`, as [`Ranking::insert`]
    /// one by one would, but heapified at once (linear time) instead of sifted in one by one.
    pub(super) fn fill(&mut self, gains: impl ExactSizeIterator<Item = f64>) {
        let n = gains.len();
        self.reset(n);
        let mut entries = std::mem::take(&mut self.heap).into_vec();
        for (id, gain) in (0u32..).zip(gains) {
            // A NaN gain is never ranked, as in `insert`.
            if !gain.is_nan() {
                self.version[id as usize] = Some(0);
                self.live += 1;
                entries.push((key(gain), Reverse(id), 0));
            }
        }
        self.heap = BinaryHeap::from(entries);
    }

    /// Ranks candidate `id` at `gain`, replacing any earlier rank. A NaN gain is never ranked:
    /// decide's `max` skips it.
    pub(super) fn insert(&mut self, id: u32, gain: f64) {
        let at = id as usize;
        if self.version.len() <= at {
            self.version.resize(at + 1, None);
        }
        let v = match self.version[at] {
            Some(v) => v.wrapping_add(1),
            None => {
                self.live += 1;
                0
            }
        };
        if gain.is_nan() {
            self.version[at] = None;
            self.live -= 1;
            return;
        }
        self.version[at] = Some(v);
        self.heap.push((key(gain), Reverse(id), v));
        // Stale entries pile up as candidates are re-ranked: rebuild when they outnumber the rest.
        if self.heap.len() > 2 * self.live + 1024 {
            let version = &self.version;
            self.heap
                .retain(|&(_, Reverse(id), v)| version[id as usize] == Some(v));
        }
    }

    /// Takes candidate `id` out of play.
    pub(super) fn remove(&mut self, id: u32) {
        if let Some(slot) = self.version.get_mut(id as usize)
            && slot.take().is_some()
        {
            self.live -= 1;
        }
    }

    /// Reads candidate `id`'s entry in the version table, to bring it into cache early.
    pub(super) fn touch(&self, id: u32) -> u32 {
        self.version
            .get(id as usize)
            .copied()
            .flatten()
            .unwrap_or(0)
    }

    fn is_live(&self, entry: &(i64, Reverse<u32>, u32)) -> bool {
        self.version[entry.1.0 as usize] == Some(entry.2)
    }

    /// The exchange to realise next: among the gains within [`TIE`] of the highest, the one
    /// created first. `None` when nothing is ranked, and also when the highest gain is
    /// infinite (`inf - inf` is within no tolerance: the rule of the list scan this replaces).
    pub(super) fn best(&mut self) -> Option<u32> {
        while let Some(top) = self.heap.peek() {
            if self.is_live(top) {
                break;
            }
            self.heap.pop();
        }
        let &(top, _, _) = self.heap.peek()?;
        let best = gain_of(top);
        // `best - gain` grows as `gain` falls, so the first entry outside the tolerance ends it.
        let mut tied = Vec::new();
        while let Some(&entry) = self.heap.peek() {
            // Written so that a NaN gap also ends the tie.
            let within = best - gain_of(entry.0) <= TIE;
            if self.is_live(&entry) && !within {
                break;
            }
            self.heap.pop();
            if self.is_live(&entry) {
                tied.push(entry);
            }
        }
        let chosen = tied.iter().map(|e| e.1.0).min();
        self.heap.extend(tied);
        chosen
    }
}

/// For each slot (an actor supplying an issue, or an actor demanding one), the candidates that
/// have a side in it, in compressed rows.
#[derive(Debug, Default)]
pub(super) struct Index {
    start: Vec<usize>,
    ids: Vec<u32>,
}

impl Index {
    /// Indexes the candidates `entries()` lists in id order, each with the four slots of its
    /// two sides (all below `slots`). `entries` is called twice: to count, then to fill.
    #[cfg(test)]
    pub(super) fn new<I>(slots: usize, entries: impl Fn() -> I) -> Self
    where
        I: Iterator<Item = [usize; 4]>,
    {
        let mut index = Self::default();
        index.rebuild(slots, entries);
        index
    }

    /// [`Index::new`] into this index's allocations (the round's largest after the list).
    pub(super) fn rebuild<I>(&mut self, slots: usize, entries: impl Fn() -> I)
    where
        I: Iterator<Item = [usize; 4]>,
    {
        let start = &mut self.start;
        start.clear();
        start.resize(slots + 1, 0);
        for s in entries().flatten() {
            start[s + 1] += 1;
        }
        for s in 1..start.len() {
            start[s] += start[s - 1];
        }
        // Each slot's next free place; `start` is restored from it after the fill.
        self.ids.clear();
        self.ids.resize(start[slots], 0);
        for (id, four) in (0u32..).zip(entries()) {
            for s in four {
                self.ids[start[s]] = id;
                start[s] += 1;
            }
        }
        // Slot s now starts where slot s - 1 ended.
        for s in (1..start.len()).rev() {
            start[s] = start[s - 1];
        }
        start[0] = 0;
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
        let best = gains.iter().map(|g| g.1).fold(f64::NEG_INFINITY, f64::max);
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
                r.remove(id);
                let rest: Vec<_> = gains.iter().copied().filter(|x| x.0 != id).collect();
                assert_eq!(r.best(), scan(&rest), "{rest:?}");
            }
        }
    }

    #[test]
    fn fill_ranks_like_inserts() {
        let gains = [1.0, f64::NAN, 3.0, 3.0 - 1e-13, -2.0, 3.0];
        let (mut filled, mut inserted) = (Ranking::default(), Ranking::default());
        filled.fill(gains.iter().copied());
        inserted.reset(gains.len());
        for (id, &g) in (0u32..).zip(&gains) {
            inserted.insert(id, g);
        }
        // Both give the same sequence of picks, down to the empty ranking.
        loop {
            let (a, b) = (filled.best(), inserted.best());
            assert_eq!(a, b);
            let Some(id) = a else { break };
            filled.remove(id);
            inserted.remove(id);
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
