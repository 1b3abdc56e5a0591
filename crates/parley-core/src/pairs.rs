//! How pairs of actors stand at the end of an iterative model's run, counted over many runs.
//!
//! Some models end a run with every pair of actors playing an issue in one of a few classes:
//! the expected utility model's conflict, compromise, capitulation, stalemate or aligned. Such
//! a model implements [`PairClassifier`] (and returns itself from
//! [`crate::Model::pair_classifier`]); Monte Carlo then counts, per issue and pair, the runs
//! in which the pair ended in each class ([`crate::uncertainty::montecarlo`]). The counts live
//! in one flat [`PairTally`] per worker, allocated once and added to run after run.

use crate::inputs::Inputs;
use crate::model::{ModelError, Outcome};

/// What a classifying model says about its classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairClasses {
    /// Class names in count order; outputs rank pairs by the first (EUM: `conflict`).
    pub names: &'static [&'static str],
    /// Whether each side judges a pair for itself (EUM's scholz variant): counts are then per
    /// ordered pair, (judging actor, other); otherwise per pair, the actor first in file order
    /// first.
    pub per_judge: bool,
}

/// Counts of final classes per issue and (ordered) actor pair, over runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairTally {
    n_actors: usize,
    n_classes: usize,
    /// `[issue][first][second][class]`, flat.
    counts: Vec<u64>,
}

impl PairTally {
    /// An empty tally for `n_issues` issues, `n_actors` actors and `n_classes` classes.
    pub fn new(n_issues: usize, n_actors: usize, n_classes: usize) -> Self {
        Self {
            n_actors,
            n_classes,
            counts: vec![0; n_issues * n_actors * n_actors * n_classes],
        }
    }

    fn at(&self, issue: usize, first: usize, second: usize) -> usize {
        ((issue * self.n_actors + first) * self.n_actors + second) * self.n_classes
    }

    /// Counts one run in which the pair (`first`, `second`) ended in `class` on `issue`.
    /// Indices outside the tally's dimensions are a model bug: they count nowhere.
    pub fn record(&mut self, issue: usize, first: usize, second: usize, class: usize) {
        if first < self.n_actors && second < self.n_actors && class < self.n_classes {
            let k = self.at(issue, first, second) + class;
            if let Some(c) = self.counts.get_mut(k) {
                *c += 1;
            }
        }
    }

    /// The runs in which the pair ended in each class, in class order.
    pub fn counts(&self, issue: usize, first: usize, second: usize) -> &[u64] {
        let k = self.at(issue, first, second);
        self.counts.get(k..k + self.n_classes).unwrap_or_default()
    }

    /// Whether `other` has this tally's dimensions.
    pub fn same_shape(&self, other: &PairTally) -> bool {
        self.n_actors == other.n_actors
            && self.n_classes == other.n_classes
            && self.counts.len() == other.counts.len()
    }

    /// The actor and class counts and the flat counts, for encoding.
    pub(crate) fn raw(&self) -> (usize, usize, &[u64]) {
        (self.n_actors, self.n_classes, &self.counts)
    }

    /// A tally from [`PairTally::raw`]'s parts; `None` when the counts do not fill whole
    /// issues.
    pub(crate) fn from_raw(n_actors: usize, n_classes: usize, counts: Vec<u64>) -> Option<Self> {
        let per_issue = n_actors.checked_mul(n_actors)?.checked_mul(n_classes)?;
        (per_issue == 0 || counts.len().is_multiple_of(per_issue)).then_some(Self {
            n_actors,
            n_classes,
            counts,
        })
    }

    /// Adds another worker's counts (of the same dimensions) to these.
    pub fn merge(&mut self, other: &PairTally) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    /// Every count times `runs`: the tally of `runs` runs that each ended as the one counted
    /// here (integer counts, so the same as merging that many copies).
    pub(crate) fn repeated(&self, runs: u64) -> Self {
        Self {
            n_actors: self.n_actors,
            n_classes: self.n_classes,
            counts: self.counts.iter().map(|c| c * runs).collect(),
        }
    }
}

/// A model that ends every run with each pair of actors playing an issue in one class.
pub trait PairClassifier: Sync {
    /// The classes and how pairs are keyed.
    fn pair_classes(&self) -> PairClasses;

    /// Runs the model exactly as [`crate::Model::run`] does and records, per issue, each
    /// playing pair's final class in `tally` (once per judging side with
    /// [`PairClasses::per_judge`]). Pairs that do not play an issue are not recorded.
    fn run_tallied(&self, inputs: &Inputs, tally: &mut PairTally) -> Result<Outcome, ModelError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_land_in_their_cells_and_merge_by_addition() {
        let mut a = PairTally::new(2, 3, 2);
        a.record(1, 0, 2, 1);
        a.record(1, 0, 2, 1);
        a.record(0, 2, 0, 0);
        a.record(0, 3, 0, 0); // out of range: ignored
        assert_eq!(a.counts(1, 0, 2), [0, 2]);
        assert_eq!(a.counts(0, 2, 0), [1, 0]);
        assert_eq!(a.counts(0, 0, 2), [0, 0]);
        let mut b = PairTally::new(2, 3, 2);
        b.record(1, 0, 2, 0);
        b.merge(&a);
        assert_eq!(b.counts(1, 0, 2), [1, 2]);
    }
}
