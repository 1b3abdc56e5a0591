//! Jobs: long Monte Carlo and sensitivity runs started by one request and polled by others, so
//! the page can show progress. The number running at once and the number kept are bounded (one
//! table for both kinds); results are deterministic by seed, as the core guarantees.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use indexmap::IndexMap;
use serde::Serialize;

use crate::error::ApiError;

/// The state of one job.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Still running.
    Running,
    /// Finished with a result.
    Done,
    /// Failed.
    Failed,
    /// Cancelled by `DELETE /api/jobs/{id}` (or the server stopping).
    Cancelled,
}

/// What a job computes; a job is polled under its own kind's path only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A Monte Carlo run (`/api/mc/jobs`).
    MonteCarlo,
    /// A sensitivity analysis (`/api/sensitivity/jobs`).
    Sensitivity,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::MonteCarlo => "Monte Carlo",
            Kind::Sensitivity => "sensitivity",
        }
    }
}

/// One job: its progress and, once finished, its outcome.
#[derive(Debug)]
pub struct Job {
    kind: Kind,
    total: usize,
    done: AtomicUsize,
    /// `done` when the job was cancelled: what its status reports from then on.
    done_at_cancel: OnceLock<usize>,
    outcome: Mutex<Option<Result<serde_json::Value, ApiError>>>,
    cancel: parley_core::Cancel,
}

impl Job {
    /// Counts one finished step (a run, or an input's two ends); called from the worker threads.
    /// Once the job is cancelled nothing more counts: the core still reports each step it then
    /// skips, and a cancelled job of 20,000 runs reported all 20,000 done (sweep2 item 19).
    pub fn tick(&self) {
        if !self.cancel.is_cancelled() {
            self.done.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The steps finished, as reported: frozen at the cancel for a cancelled job (a step that
    /// ends while the cancel is under way does not move it after the cancel's answer).
    fn done(&self) -> usize {
        self.done_at_cancel
            .get()
            .copied()
            .unwrap_or_else(|| self.done.load(Ordering::Relaxed))
            .min(self.total)
    }

    fn outcome(&self) -> MutexGuard<'_, Option<Result<serde_json::Value, ApiError>>> {
        // A poisoned lock only means a panic elsewhere while holding it; the data is a plain
        // value, still fine to read.
        self.outcome.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn is_running(&self) -> bool {
        self.outcome().is_none()
    }

    /// Records the job's outcome, unless it was cancelled first (then it stays cancelled).
    pub fn finish(&self, outcome: Result<serde_json::Value, ApiError>) {
        let mut o = self.outcome();
        if o.is_none() {
            *o = Some(outcome);
        }
    }

    /// The job's cancellation token, for its computation to poll.
    pub fn cancel(&self) -> &parley_core::Cancel {
        &self.cancel
    }
}

/// What a poll returns.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// Job id.
    pub id: String,
    /// Running, done or failed.
    pub state: State,
    /// Steps finished so far (Monte Carlo: runs; sensitivity: uncertain inputs, then runs).
    pub done: usize,
    /// Steps in all.
    pub total: usize,
    /// The result (as `POST /api/mc` or `POST /api/sensitivity`), once done.
    pub result: Option<serde_json::Value>,
    /// The error, if failed: `{ "code", "message" }`.
    pub error: Option<serde_json::Value>,
}

/// The server's jobs.
#[derive(Debug)]
pub struct Jobs {
    table: Mutex<Table>,
    max_running: usize,
    max_kept: usize,
}

#[derive(Debug, Default)]
struct Table {
    next: u64,
    jobs: IndexMap<u64, Arc<Job>>,
}

impl Jobs {
    /// An empty job table with these bounds.
    pub fn new(max_running: usize, max_kept: usize) -> Self {
        Self {
            table: Mutex::new(Table::default()),
            max_running,
            max_kept,
        }
    }

    fn table(&self) -> MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Registers a new job of `total` steps, or refuses when too many are running.
    /// `cancel` is the job's token (cancelled by [`Jobs::cancel`]).
    pub fn start(
        &self,
        kind: Kind,
        total: usize,
        cancel: parley_core::Cancel,
    ) -> Result<(String, Arc<Job>), ApiError> {
        let mut t = self.table();
        let running = t.jobs.values().filter(|j| j.is_running()).count();
        if running >= self.max_running {
            return Err(ApiError::Busy(format!(
                "{running} job(s) (Monte Carlo or sensitivity) are running, the most this server \
                 runs at once; poll them and start again when one is done"
            )));
        }
        // Forget the oldest finished jobs beyond the bound; running ones are always kept.
        while t.jobs.len() >= self.max_kept.max(self.max_running) {
            let Some(oldest) = t
                .jobs
                .iter()
                .find(|(_, j)| !j.is_running())
                .map(|(id, _)| *id)
            else {
                break;
            };
            t.jobs.shift_remove(&oldest);
        }
        t.next += 1;
        let id = t.next;
        let job = Arc::new(Job {
            kind,
            total,
            done: AtomicUsize::new(0),
            done_at_cancel: OnceLock::new(),
            outcome: Mutex::new(None),
            cancel,
        });
        t.jobs.insert(id, Arc::clone(&job));
        Ok((id.to_string(), job))
    }

    /// The status of job `id` of this kind.
    pub fn status(&self, kind: Kind, id: &str) -> Result<Status, ApiError> {
        let job = id
            .parse::<u64>()
            .ok()
            .and_then(|n| self.table().jobs.get(&n).cloned())
            .filter(|j| j.kind == kind)
            .ok_or_else(|| {
                ApiError::NotFound(format!(
                    "no {} job '{id}' (finished jobs are kept for a while, then forgotten)",
                    kind.describe()
                ))
            })?;
        let done = job.done();
        let outcome = job.outcome().clone();
        let (state, result, error) = match outcome {
            None => (State::Running, None, None),
            Some(Ok(v)) => (State::Done, Some(v), None),
            Some(Err(e @ ApiError::Cancelled(_))) => (
                State::Cancelled,
                None,
                Some(serde_json::json!({ "code": e.code(), "message": e.to_string() })),
            ),
            Some(Err(e)) => (
                State::Failed,
                None,
                Some(serde_json::json!({ "code": e.code(), "message": e.to_string() })),
            ),
        };
        Ok(Status {
            id: id.to_owned(),
            state,
            done,
            total: job.total,
            result,
            error,
        })
    }
}

impl Jobs {
    /// Cancels job `id` (of either kind): its token is cancelled, so its computation stops
    /// within a run, and it stops counting as running at once. A job that had ended keeps its
    /// outcome.
    pub fn cancel(&self, id: &str) -> Result<Status, ApiError> {
        let job = id
            .parse::<u64>()
            .ok()
            .and_then(|n| self.table().jobs.get(&n).cloned())
            .ok_or_else(|| {
                ApiError::NotFound(format!(
                    "no job '{id}' (finished jobs are kept for a while, then forgotten)"
                ))
            })?;
        job.cancel.cancel();
        // After the token, so no tick that starts later counts; a second DELETE keeps the first.
        let _ = job.done_at_cancel.set(job.done.load(Ordering::Relaxed));
        job.finish(Err(ApiError::Cancelled(
            "the job was cancelled (DELETE /api/jobs/{id})".into(),
        )));
        self.status(job.kind, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_jobs_are_bounded_and_finished_ones_forgotten_oldest_first() {
        let jobs = Jobs::new(2, 3);
        let a = jobs
            .start(Kind::MonteCarlo, 10, parley_core::Cancel::new())
            .ok();
        let b = jobs
            .start(Kind::Sensitivity, 10, parley_core::Cancel::new())
            .ok();
        assert!(matches!(
            jobs.start(Kind::MonteCarlo, 10, parley_core::Cancel::new()),
            Err(ApiError::Busy(_))
        ));
        let (a_id, a) = a.unwrap_or_else(|| unreachable!());
        a.tick();
        assert_eq!(
            jobs.status(Kind::MonteCarlo, &a_id)
                .map(|s| (s.state, s.done))
                .ok(),
            Some((State::Running, 1))
        );
        a.finish(Ok(serde_json::json!(1)));
        assert_eq!(
            jobs.status(Kind::MonteCarlo, &a_id).map(|s| s.state).ok(),
            Some(State::Done)
        );
        let (b_id, b) = b.unwrap_or_else(|| unreachable!());
        b.finish(Err(ApiError::Internal("x".into())));
        assert!(
            jobs.status(Kind::Sensitivity, &b_id)
                .is_ok_and(|s| s.error.is_some())
        );
        // Three kept at most: the third start drops the oldest finished job (a).
        let c = jobs.start(Kind::MonteCarlo, 1, parley_core::Cancel::new());
        assert!(c.is_ok());
        assert!(jobs.status(Kind::MonteCarlo, &a_id).is_ok());
        let d = jobs.start(Kind::MonteCarlo, 1, parley_core::Cancel::new());
        assert!(d.is_ok());
        assert!(matches!(
            jobs.status(Kind::MonteCarlo, &a_id),
            Err(ApiError::NotFound(_))
        ));
        assert!(matches!(
            jobs.status(Kind::MonteCarlo, "../1"),
            Err(ApiError::NotFound(_))
        ));
        // A running job is cancelled at once, its token too, and frees its place.
        let (d_id, d) = d.unwrap_or_else(|_| unreachable!());
        assert!(
            jobs.start(Kind::MonteCarlo, 1, parley_core::Cancel::new())
                .is_err()
        );
        let cancelled = jobs.cancel(&d_id).map(|s| s.state);
        assert_eq!(cancelled.ok(), Some(State::Cancelled));
        assert!(d.cancel().is_cancelled());
        d.finish(Ok(serde_json::json!(2)));
        assert_eq!(
            jobs.status(Kind::MonteCarlo, &d_id).map(|s| s.state).ok(),
            Some(State::Cancelled)
        );
        assert!(
            jobs.start(Kind::MonteCarlo, 1, parley_core::Cancel::new())
                .is_ok()
        );
        assert!(matches!(jobs.cancel("nope"), Err(ApiError::NotFound(_))));
        // A job is found under its own kind only.
        assert!(matches!(
            jobs.status(Kind::MonteCarlo, &b_id),
            Err(ApiError::NotFound(_))
        ));
    }

    #[test]
    fn a_cancelled_job_counts_only_the_steps_computed_before_the_cancel() {
        // Sweep2 item 19: after a cancel the core still calls the progress of every run it
        // skips; the job reported all of them done.
        let jobs = Jobs::new(2, 4);
        for kind in [Kind::MonteCarlo, Kind::Sensitivity] {
            let (id, job) = jobs
                .start(kind, 100, parley_core::Cancel::new())
                .unwrap_or_else(|_| unreachable!());
            (0..3).for_each(|_| job.tick());
            let at_cancel = jobs.cancel(&id).map(|s| (s.state, s.done)).ok();
            assert_eq!(at_cancel, Some((State::Cancelled, 3)));
            // The skipped steps, as the computation reports them after the cancel.
            (0..97).for_each(|_| job.tick());
            let later = jobs
                .status(kind, &id)
                .map(|s| (s.state, s.done, s.total))
                .ok();
            assert_eq!(later, Some((State::Cancelled, 3, 100)));
            // A second DELETE keeps the first count.
            assert_eq!(jobs.cancel(&id).map(|s| s.done).ok(), Some(3));
        }
        // A job that had finished keeps its outcome and its count when cancelled afterwards.
        let (id, job) = jobs
            .start(Kind::MonteCarlo, 2, parley_core::Cancel::new())
            .unwrap_or_else(|_| unreachable!());
        (0..2).for_each(|_| job.tick());
        job.finish(Ok(serde_json::json!(1)));
        let after = jobs.cancel(&id).map(|s| (s.state, s.done)).ok();
        assert_eq!(after, Some((State::Done, 2)));
    }
}
