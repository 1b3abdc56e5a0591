//! Cost estimates before a run: how much work a request asks for, from the number of actors and
//! issues, the models and the number of evaluations, so a server can refuse (and a CLI can ask
//! for confirmation) before anything runs.
//!
//! The estimate counts *work units*, roughly the inner-loop steps of each model, from the cost
//! each model's opening doc gives, with its round cap:
//!
//! | model | units per evaluation, `n` actors, `m` issues |
//! |---|---|
//! | compromise | `n m` |
//! | nbs | `200 n m` (bisection steps per issue) |
//! | eum | `rounds m n^2` (`O(n^2)` per round and issue; 20 rounds) |
//! | exchange | `rounds C (1 + log2(1 + C))`, `C = n(n-1)/2 m(m-1)` candidate exchanges kept in a ranked pool (10 rounds) |
//! | smp | `turns n^2 (n + m)` (`max_turns`, 100 unless the scenario says) |
//!
//! An evaluation is one run of every model: 1 for `run`, `runs` for Monte Carlo,
//! `2 k + runs` for sensitivity with `k` uncertain inputs. The estimate is an upper bound
//! in spirit (models that converge early stop sooner), in `f64` so no size overflows.
//! [`TimeClass`] turns units into an order of magnitude of time at [`UNITS_PER_SECOND`], a
//! rough rate of a release build on one core; a debug build is about ten times slower.

use serde::Serialize;

use crate::scenario::Scenario;

/// Most Monte Carlo runs one command or request may ask for, whatever the other limits: each
/// run keeps its forecasts until the summary (about 190 bytes per run on the flagship), so
/// this bounds memory to a few hundred MB.
pub const MAX_RUNS: usize = 1_000_000;

/// Work units per second assumed by [`TimeClass`] (a release build, one core).
pub const UNITS_PER_SECOND: f64 = 1e8;

/// How the cost of one model grows; from a model id with [`ModelCost::of`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelCost {
    /// Weighted mean: linear.
    Compromise,
    /// Nash bargaining: bisection per issue.
    Nbs,
    /// Expected utility model, with its round cap.
    Eum {
        /// Most rounds.
        rounds: usize,
    },
    /// Exchange model, with its number of rounds.
    Exchange {
        /// Rounds.
        rounds: usize,
    },
    /// KTAB's spatial model, with its turn cap.
    Smp {
        /// Most turns.
        turns: usize,
    },
}

impl ModelCost {
    /// The cost class of the model with id `id` on scenario `s` (its `[models.smp]` turn cap);
    /// `None` for an id Parley does not have.
    pub fn of(id: &str, s: &Scenario) -> Option<Self> {
        Some(match id {
            "compromise" => ModelCost::Compromise,
            "nbs" => ModelCost::Nbs,
            "eum" => ModelCost::Eum { rounds: 20 },
            "exchange" => ModelCost::Exchange { rounds: 10 },
            "smp" => ModelCost::Smp {
                turns: s
                    .models
                    .smp
                    .as_ref()
                    .map_or(crate::models::smp::SmpParams::default().max_turns, |c| {
                        c.params.max_turns
                    }),
            },
            _ => return None,
        })
    }

    /// Work units of one evaluation on `n` actors and `m` issues.
    pub fn units(self, n: usize, m: usize) -> f64 {
        let (n, m) = (n as f64, m as f64);
        match self {
            ModelCost::Compromise => n * m,
            ModelCost::Nbs => 200.0 * n * m,
            ModelCost::Eum { rounds } => rounds as f64 * m * n * n,
            ModelCost::Exchange { rounds } => {
                // Each round builds every candidate and ranks it in a heap; a realised
                // exchange re-ranks only the candidates that share an actor-issue with it.
                let candidates = n * (n - 1.0).max(0.0) / 2.0 * m * (m - 1.0).max(0.0);
                rounds as f64 * candidates * (1.0 + (1.0 + candidates).log2())
            }
            ModelCost::Smp { turns } => turns as f64 * n * n * (n + m),
        }
    }
}

/// An order of magnitude of time, at [`UNITS_PER_SECOND`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeClass {
    /// Under a second.
    Instant,
    /// Under a minute.
    Seconds,
    /// Under an hour.
    Minutes,
    /// Under a day.
    Hours,
    /// Under a year.
    Days,
    /// A year or more: work that will not finish in any useful time.
    Years,
}

impl TimeClass {
    /// The class of `units` of work.
    pub fn of(units: f64) -> Self {
        let seconds = units / UNITS_PER_SECOND;
        if seconds < 1.0 {
            TimeClass::Instant
        } else if seconds < 60.0 {
            TimeClass::Seconds
        } else if seconds < 3600.0 {
            TimeClass::Minutes
        } else if seconds < 86_400.0 {
            TimeClass::Hours
        } else if seconds < 365.0 * 86_400.0 {
            TimeClass::Days
        } else {
            TimeClass::Years
        }
    }

    /// A phrase for messages: "under a second", "seconds", ...
    pub fn describe(self) -> &'static str {
        match self {
            TimeClass::Instant => "under a second",
            TimeClass::Seconds => "seconds",
            TimeClass::Minutes => "minutes",
            TimeClass::Hours => "hours",
            TimeClass::Days => "days",
            TimeClass::Years => "years",
        }
    }
}

/// The estimated cost of a computation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Cost {
    /// Work units in all.
    pub units: f64,
    /// Its order of magnitude of time.
    pub class: TimeClass,
}

impl std::fmt::Display for Cost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:.1e} work units ({})",
            self.units,
            self.class.describe()
        )
    }
}

/// The cost of `evaluations` evaluations of `models` on `n` actors and `m` issues.
pub fn estimate(n: usize, m: usize, models: &[ModelCost], evaluations: usize) -> Cost {
    let per: f64 = models.iter().map(|c| c.units(n, m)).sum();
    let units = per * evaluations as f64;
    Cost {
        units,
        class: TimeClass::of(units),
    }
}

/// How many times each command evaluates every chosen model, for its cost estimate: one
/// place, so the CLI's confirmation and the web API's refusal estimate the same work.
pub mod evaluations {
    use crate::scenario::Scenario;

    /// `parley report` / `POST /api/report`: one analysis, the Monte Carlo, and the
    /// sensitivity's ends and runs.
    pub fn report(s: &Scenario, runs: usize) -> usize {
        1usize
            .saturating_add(runs)
            .saturating_add(crate::uncertainty::sensitivity::steps(s, runs).saturating_mul(2))
    }

    /// [`report`] with a *Track record* section when `scored`: its forecasts draw the inputs
    /// and then the draws with model error, two more sets of `runs`
    /// (`parley_library::progress_steps` with the error model a report always has).
    pub fn report_scored(s: &Scenario, runs: usize, scored: bool) -> usize {
        let track = if scored { runs.saturating_mul(2) } else { 0 };
        report(s, runs).saturating_add(track)
    }

    /// `parley advise`: the search re-runs every model about 5 x actors x issues times, plus
    /// the Monte Carlo runs of the goal and the proposal (4 + 1 sets of `runs`).
    pub fn advise(s: &Scenario, runs: usize) -> usize {
        5usize
            .saturating_mul(s.actors.len())
            .saturating_mul(s.issues.len())
            .saturating_add(runs.saturating_mul(5))
    }

    /// `parley bargain`, `parley seal`, `plot --chart mc`: one analysis and `runs` Monte Carlo
    /// runs.
    pub fn analysis_and_runs(runs: usize) -> usize {
        runs.saturating_add(1)
    }

    /// `plot --chart sensitivity`: the sensitivity's ends and runs.
    pub fn sensitivity(s: &Scenario, runs: usize) -> usize {
        crate::uncertainty::sensitivity::steps(s, runs)
    }
}

/// The cost of `evaluations` evaluations of the models with ids `ids` on scenario `s`; ids
/// Parley does not have count as nothing (they are refused elsewhere).
pub fn for_scenario<'a>(
    s: &Scenario,
    ids: impl IntoIterator<Item = &'a str>,
    evaluations: usize,
) -> Cost {
    let models: Vec<ModelCost> = ids
        .into_iter()
        .filter_map(|id| ModelCost::of(id, s))
        .collect();
    estimate(s.actors.len(), s.issues.len(), &models, evaluations)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [ModelCost; 5] = [
        ModelCost::Compromise,
        ModelCost::Nbs,
        ModelCost::Eum { rounds: 20 },
        ModelCost::Exchange { rounds: 10 },
        ModelCost::Smp { turns: 100 },
    ];

    /// 1e19 units at 1e8 a second is about 3,000 years: not "days" (sweep3 item 4).
    #[test]
    fn work_beyond_a_year_is_called_years() {
        assert_eq!(TimeClass::of(1e19), TimeClass::Years);
        assert_eq!(
            TimeClass::of(UNITS_PER_SECOND * 86_400.0 * 364.0),
            TimeClass::Days
        );
        assert_eq!(
            TimeClass::of(UNITS_PER_SECOND * 86_400.0 * 366.0),
            TimeClass::Years
        );
    }

    #[test]
    fn a_200_actor_exchange_is_far_costlier_than_the_flagship() {
        let flagship = estimate(8, 6, &ALL, 1);
        let big = estimate(200, 10, &[ModelCost::Exchange { rounds: 10 }], 1);
        assert_eq!(flagship.class, TimeClass::Instant);
        // Measured: about 0.01 s for the flagship's five models, 1.2 s for this exchange.
        assert!(big.units > 1e2 * flagship.units);
    }

    /// The exchange estimate against whole-process CPU times of `parley run FILE --model
    /// exchange --format json` (release build, this project's 2-core machine, 2026-12-07) on
    /// `scripts/gen_scale.py N M` scenarios: 3 x 1,000 took 7.4 s, 1,000 x 5 7.6 s, 10 x 200
    /// 1.7 s, 200 x 10 1.2 s, 100 x 5 0.06 s. The estimate may be high, as a bound should, but
    /// within a factor of ten, and in the same order of magnitude of time where that is
    /// seconds (the old rescan formula said hours for 3 x 1,000 and refused ten runs).
    #[test]
    fn the_exchange_estimate_is_near_measured_times() {
        let exchange = [ModelCost::Exchange { rounds: 10 }];
        for (n, m, seconds) in [
            (3, 1000, 7.4),
            (1000, 5, 7.6),
            (10, 200, 1.7),
            (200, 10, 1.2),
            (100, 5, 0.06),
        ] {
            let est = estimate(n, m, &exchange, 1);
            let ratio = est.units / UNITS_PER_SECOND / seconds;
            assert!((0.5..10.0).contains(&ratio), "{n} x {m}: {ratio}");
            if seconds >= 1.0 {
                assert_eq!(est.class, TimeClass::Seconds, "{n} x {m}");
            }
        }
    }

    #[test]
    fn cost_grows_with_runs_and_never_overflows() {
        let one = estimate(8, 6, &ALL, 1);
        let many = estimate(8, 6, &ALL, 1000);
        assert_eq!(many.units, one.units * 1000.0);
        let absurd = estimate(usize::MAX, usize::MAX, &ALL, usize::MAX);
        assert_eq!(absurd.class, TimeClass::Years);
        assert!(estimate(0, 0, &ALL, 5).units == 0.0);
        assert_eq!(estimate(1, 1, &ALL, 1).class, TimeClass::Instant);
    }

    #[test]
    fn classes_are_ordered_by_time() {
        assert_eq!(TimeClass::of(0.0), TimeClass::Instant);
        assert_eq!(TimeClass::of(UNITS_PER_SECOND * 30.0), TimeClass::Seconds);
        assert_eq!(TimeClass::of(UNITS_PER_SECOND * 600.0), TimeClass::Minutes);
        assert_eq!(TimeClass::of(UNITS_PER_SECOND * 7200.0), TimeClass::Hours);
        assert_eq!(
            TimeClass::of(UNITS_PER_SECOND * 86_400.0 * 30.0),
            TimeClass::Days
        );
        assert_eq!(TimeClass::of(f64::INFINITY), TimeClass::Years);
    }
}
