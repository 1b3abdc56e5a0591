//! The interface every collective-decision model implements.
//!
//! A model takes validated [`Inputs`] and yields an [`Outcome`]: a forecast per issue and, for
//! iterative models, the rounds (positions of every actor on every issue, the starting state
//! first) and why they stopped. Everything is on the internal 0-100 scale; the
//! [`crate::analysis`] layer converts to each issue's own scale and adds utilities, so models
//! stay small and comparable.

use serde::Serialize;

use crate::inputs::Inputs;

/// What a model is and where it comes from; shown by `parley models`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ModelInfo {
    /// Identifier used on the command line and in outputs (`compromise`, `nbs`, ...).
    pub id: &'static str,
    /// Full name.
    pub name: &'static str,
    /// One line on what it computes.
    pub summary: &'static str,
    /// The published source (author, year).
    pub source: &'static str,
    /// Whether it proceeds in rounds.
    pub iterative: bool,
}

/// A collective-decision model.
pub trait Model: Send + Sync {
    /// Identity and provenance.
    fn info(&self) -> ModelInfo;

    /// Runs the model on `inputs`.
    fn run(&self, inputs: &Inputs) -> Result<Outcome, ModelError>;

    /// Runs the model and returns, beside the outcome, what only this model can tell (the
    /// exchange model's trades, for instance). Models without such details keep the default.
    fn run_detailed(&self, inputs: &Inputs) -> Result<Detailed, ModelError> {
        Ok(Detailed {
            outcome: self.run(inputs)?,
            details: None,
        })
    }

    /// The model as a [`crate::pairs::PairClassifier`], when its runs end with each pair of
    /// actors in a class (Monte Carlo then reports how often each pair ends in each one).
    fn pair_classifier(&self) -> Option<&dyn crate::pairs::PairClassifier> {
        None
    }
}

/// An outcome with its model-specific details.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Detailed {
    /// The common part every model gives.
    pub outcome: Outcome,
    /// What is particular to this model.
    pub details: Option<Details>,
}

/// Model-specific results.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum Details {
    /// The exchange model's realised trades, round by round.
    Exchanges {
        /// One entry per round, in order.
        rounds: Vec<crate::models::exchange::ExchangeRound>,
    },
    /// The expected utility model's per-issue rounds (medians, means, risk, moves); the pair
    /// classification lists are left empty here (`Eum::simulate` gives them).
    Eum {
        /// One entry per issue, in scenario order.
        issues: Vec<crate::models::eum::EumIssueRun>,
    },
    /// KTAB's spatial model: per state the risk attitudes and the probabilities of the
    /// distinct positions, per turn each actor's challenge and chosen bargain.
    Smp {
        /// The parameters used.
        params: crate::models::smp::SmpParams,
        /// One entry per state, the starting state first.
        states: Vec<crate::models::smp::SmpState>,
        /// One entry per turn.
        turns: Vec<crate::models::smp::SmpTurn>,
    },
}

/// What a model says happens.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// One forecast per issue, in scenario order, internal 0-100 scale.
    pub forecasts: Vec<IssueForecast>,
    /// For iterative models, positions per round; the first element is the starting state.
    pub rounds: Vec<Round>,
    /// For iterative models, why the rounds stopped.
    pub stop: Option<StopReason>,
}

/// The forecast on one issue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueForecast {
    /// The forecast outcome, internal 0-100 scale.
    pub value: f64,
    /// How the model reached it.
    pub status: ForecastStatus,
}

/// How a forecast came about, when it is not a plain model result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ForecastStatus {
    /// The model's ordinary result.
    Settled,
    /// No outcome is weakly preferred to the disagreement point by every actor; the forecast is
    /// the disagreement point (the status quo).
    NoAgreementZone {
        /// Actors (by index) who lose from any rise above the status quo.
        blocking_rise: Vec<usize>,
        /// Actors (by index) who lose from any fall below the status quo.
        blocking_fall: Vec<usize>,
    },
    /// No involved actor gives the issue any weight; the forecast falls back to the status quo,
    /// or, without one, to the capability-weighted mean of the involved actors' positions.
    NoSalience,
    /// The model needs something the scenario does not give for this issue (a decision rule,
    /// a reversion point, an agenda setter...); the forecast is the capability x salience
    /// weighted mean instead.
    Fallback {
        /// What is missing, in words (e.g. "no reversion point (status quo)").
        missing: String,
    },
    /// The model's own result, which actors taking part in no issue helped decide: the
    /// spatial model keeps their coordinates as options the others can bargain toward and
    /// that can win an election (KTAB refuses such actors; `docs/models/smp.md`), so leaving
    /// them out of the scenario can move the forecast.
    Bystanders {
        /// The actors (by index) with no salience on any issue.
        actors: Vec<usize>,
    },
}

/// The state after one round of an iterative model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Round {
    /// Positions of every actor on every issue, issue-major like [`Inputs`], internal scale.
    pub positions: Vec<f64>,
    /// The model's outcome on each issue in this state, internal scale (e.g. the weighted
    /// mean of the voting positions in the exchange model, the median voter in EUM).
    pub forecast: Vec<f64>,
}

/// Why an iterative model stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum StopReason {
    /// The stopping rule held after this many rounds.
    Converged {
        /// Rounds played.
        rounds: usize,
    },
    /// The round cap was reached.
    MaxRounds {
        /// Rounds played.
        rounds: usize,
    },
}

impl std::fmt::Display for StopReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StopReason::Converged { rounds } => write!(f, "converged after {rounds} rounds"),
            StopReason::MaxRounds { rounds } => write!(f, "stopped at the cap of {rounds} rounds"),
        }
    }
}

/// A model could not run on these inputs.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    /// The model needs something the scenario does not give.
    #[error("{model} cannot run on this scenario: {reason}")]
    Unsupported {
        /// The model's id.
        model: &'static str,
        /// What is missing.
        reason: String,
    },
    /// The run was cancelled (its [`crate::Cancel`] token, carried in the inputs, was
    /// cancelled or its deadline passed); no result is given.
    #[error("the run was cancelled")]
    Cancelled,
}

impl From<crate::cancel::Cancelled> for ModelError {
    fn from(_: crate::cancel::Cancelled) -> Self {
        ModelError::Cancelled
    }
}

/// The fallback forecast for an issue no involved actor cares about (see
/// [`ForecastStatus::NoSalience`]).
pub(crate) fn no_salience_forecast(inputs: &Inputs, j: usize) -> IssueForecast {
    let value = inputs.status_quo(j).unwrap_or_else(|| {
        let (mut num, mut den) = (0.0, 0.0);
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        let involved = inputs.involved(j);
        for (i, (&x, &c)) in inputs
            .positions(j)
            .iter()
            .zip(inputs.capabilities())
            .enumerate()
        {
            if involved[i] {
                num += c * x;
                den += c;
                (lo, hi) = (lo.min(x), hi.max(x));
            }
        }
        // Validation guarantees an involved actor with positive capability on every issue;
        // rounding can leave the mean a hair outside the positions, so clamp it back.
        if den > 0.0 {
            (num / den).clamp(lo, hi)
        } else {
            50.0
        }
    });
    IssueForecast {
        value,
        status: ForecastStatus::NoSalience,
    }
}
