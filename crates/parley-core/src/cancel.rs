//! Cooperative cancellation: a cheap token that long computations poll between steps.
//!
//! A [`Cancel`] is carried in [`crate::Inputs`] (see [`crate::Inputs::set_cancel`]); the
//! iterative models poll it once per round (EUM), per realised trade (exchange) and per turn
//! (SMP), Monte Carlo and sensitivity once per run. A cancelled computation returns an error
//! ([`crate::ModelError::Cancelled`]), never a partial result, so cancellation cannot change a
//! result that completes: a run either finishes exactly as it would have without the token, or
//! yields nothing.
//!
//! The default token, [`Cancel::never`], holds no allocation and is never cancelled, so callers
//! that do not cancel pay one branch per poll.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// A cancellation token: cancelled by [`Cancel::cancel`] from any thread, or once its
/// deadline has passed. Clones share the same state.
#[derive(Debug, Clone, Default)]
pub struct Cancel {
    shared: Option<Arc<Shared>>,
}

#[derive(Debug)]
struct Shared {
    flag: AtomicBool,
    deadline: Option<Instant>,
    /// A token whose cancellation cancels this one too.
    parent: Option<Arc<Shared>>,
}

/// The error a cancelled computation returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the computation was cancelled")]
pub struct Cancelled;

impl Cancel {
    /// A token that is never cancelled (the default; no allocation).
    pub fn never() -> Self {
        Self { shared: None }
    }

    /// A token that is cancelled only by [`Cancel::cancel`].
    pub fn new() -> Self {
        Self::with(None)
    }

    /// A token that is cancelled by [`Cancel::cancel`] or once `deadline` has passed.
    pub fn with_deadline(deadline: Instant) -> Self {
        Self::with(Some(deadline))
    }

    /// A new token, cancelled by its own [`Cancel::cancel`], by `deadline` if given, or when
    /// this one is cancelled (cancelling the child leaves this one alone): a server's
    /// shutdown token and each request's own.
    pub fn child(&self, deadline: Option<Instant>) -> Self {
        Self {
            shared: Some(Arc::new(Shared {
                flag: AtomicBool::new(false),
                deadline,
                parent: self.shared.clone(),
            })),
        }
    }

    fn with(deadline: Option<Instant>) -> Self {
        Self::never().child(deadline)
    }

    /// Cancels the token and every clone of it; a no-op on [`Cancel::never`].
    pub fn cancel(&self) {
        if let Some(s) = &self.shared {
            s.flag.store(true, Ordering::Relaxed);
        }
    }

    /// Whether the token was cancelled or its deadline has passed.
    pub fn is_cancelled(&self) -> bool {
        let mut next = self.shared.as_deref();
        while let Some(s) = next {
            if s.flag.load(Ordering::Relaxed) || s.deadline.is_some_and(|d| Instant::now() >= d) {
                return true;
            }
            next = s.parent.as_deref();
        }
        false
    }

    /// `Err(Cancelled)` once the token is cancelled: for `?` between steps.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }
}

/// Tokens compare equal when they are the same token (clones of one another) or both
/// [`Cancel::never`], so inputs that differ only in their token's identity differ.
impl PartialEq for Cancel {
    fn eq(&self, other: &Self) -> bool {
        match (&self.shared, &other.shared) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn never_is_never_cancelled() {
        let c = Cancel::never();
        c.cancel();
        assert!(!c.is_cancelled());
        assert_eq!(c.check(), Ok(()));
        assert_eq!(Cancel::default(), Cancel::never());
    }

    #[test]
    fn clones_share_the_flag() {
        let c = Cancel::new();
        let d = c.clone();
        assert!(!d.is_cancelled());
        c.cancel();
        assert!(d.is_cancelled());
        assert_eq!(d.check(), Err(Cancelled));
        assert_eq!(c, d);
        assert_ne!(c, Cancel::new());
    }

    #[test]
    fn a_child_follows_its_parent_not_the_reverse() {
        let parent = Cancel::new();
        let child = parent.child(None);
        child.cancel();
        assert!(!parent.is_cancelled());
        let other = parent.child(None);
        assert!(!other.is_cancelled());
        parent.cancel();
        assert!(other.is_cancelled());
        assert!(Cancel::never().child(Some(Instant::now())).is_cancelled());
    }

    #[test]
    fn a_passed_deadline_cancels() {
        let past = Instant::now();
        assert!(Cancel::with_deadline(past).is_cancelled());
        let later = Instant::now() + Duration::from_secs(3600);
        assert!(!Cancel::with_deadline(later).is_cancelled());
    }
}
