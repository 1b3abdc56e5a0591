//! # parley-core
//!
//! The domain of multi-party negotiation forecasting, and the models, with no I/O.
//!
//! - [`Scenario`]: the analyst's description of a negotiation: [`Issue`]s with labelled ends
//!   and an optional status quo, [`Actor`]s with a capability and per-issue [`Stance`]s
//!   (position, salience), plus linkages, a mediator, questions and what-ifs. Every number is an
//!   [`Estimate`] that can carry a range and evidence.
//! - [`Scenario::validate`]: every semantic rule, each a distinct [`ProblemKind`] at a field path.
//! - [`Inputs`]: the flat numeric view models run on.
//! - [`Model`]: the interface of every model; [`models`] holds them.
//! - [`analysis::analyse`]: runs models and presents results in the scenario's own terms.

pub mod accuracy;
pub mod actor;
pub mod advise;
pub mod analysis;
pub mod backtest;
pub mod bargain;
pub mod calibration;
pub mod cancel;
pub mod condition;
pub mod cost;
pub mod estimate;
pub mod inputs;
pub mod issue;
pub mod linkage;
pub mod mediation;
pub mod model;
pub mod models;
pub mod pairs;
pub mod procedure;
pub mod scenario;
pub mod text;
pub mod uncertainty;
pub mod utility;
pub mod validate;
pub mod variant;
pub mod warnings;
pub mod what_if;

pub use actor::{Actor, Stance};
pub use analysis::{AnalyseError, Analysis, analyse, analyse_cancellable, analyse_observed};
pub use cancel::{Cancel, Cancelled};
pub use estimate::{Distribution, Estimate, Evidence, Spread};
pub use inputs::{Inputs, InvalidScenario};
pub use issue::{Issue, Scale};
pub use model::{
    ForecastStatus, IssueForecast, Model, ModelError, ModelInfo, Outcome, Round, StopReason,
};
pub use scenario::{
    CalibrationSource, ContextParty, Linkage, Mediator, Meta, ModelSettings, Note, Question,
    Scenario, WhatIf,
};
pub use validate::{Problem, ProblemKind};
