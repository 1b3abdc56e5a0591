//! The scenario: the analyst's whole description of one negotiation at one moment.
//!
//! A [`Scenario`] is a document: it keeps ids, labels, ranges and evidence exactly as the
//! analyst wrote them. Models never read it directly; they run on [`crate::Inputs`], the flat
//! numeric view built from a scenario that passed [`Scenario::validate`].

use indexmap::IndexMap;
use serde::Serialize;

use crate::actor::{Actor, Stance};
use crate::estimate::{Estimate, Evidence};
use crate::issue::Issue;
use crate::validate::{self, Problem};

/// One negotiation: issues, actors with their stances, and the analyst's extras.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Name, date, sources and other facts about the scenario itself.
    pub meta: Meta,
    /// The issues under negotiation, in file order.
    pub issues: Vec<Issue>,
    /// The actors, in file order.
    pub actors: Vec<Actor>,
    /// Parties the evidence mentions who do not negotiate these issues.
    pub context: Vec<ContextParty>,
    /// Groups of issues that may be traded against each other.
    pub linkages: Vec<Linkage>,
    /// An actor brokering some issues, if any.
    pub mediator: Option<Mediator>,
    /// The questions the scenario is meant to answer.
    pub questions: Vec<Question>,
    /// Named interventions that can be applied on top of the scenario.
    pub what_ifs: Vec<WhatIf>,
    /// Settings of individual models (`[models.*]` in a file).
    #[serde(skip_serializing_if = "ModelSettings::is_empty")]
    pub models: ModelSettings,
    /// The error model file to use instead of the built-in one (`[calibration]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calibration: Option<CalibrationSource>,
    /// What applying what-ifs or edits did beyond the numbers they name (a mediation that
    /// lapsed), for every result computed on this scenario to carry; empty for a scenario as
    /// read from a file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

/// Something applying edits did that its reader should know and that no number shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Stable code, e.g. `mediation-lapsed`.
    pub code: String,
    /// What happened and what it means for the results, in a sentence.
    pub text: String,
}

/// Where a scenario's model error comes from (`[calibration] file = ...`): an error model
/// file written by `parley calibrate`, relative to the scenario file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationSource {
    /// The file, as written.
    pub file: String,
    /// Why this file (free text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Settings of individual models; a model without settings runs with its defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ModelSettings {
    /// KTAB's spatial model of politics (`[models.smp]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smp: Option<crate::models::smp::SmpSettings>,
}

impl ModelSettings {
    /// True when no model has settings.
    pub fn is_empty(&self) -> bool {
        self.smp.is_none()
    }
}

/// Facts about the scenario itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Meta {
    /// Short name shown in every output.
    pub name: String,
    /// Longer description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The moment the scenario describes (ISO 8601 date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Default seed for Monte Carlo runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Sources the evidence points into: id and file name or URL.
    pub sources: IndexMap<String, String>,
    /// Analyst's note on the whole scenario.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A party that appears in the evidence but does not negotiate the scenario's issues.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContextParty {
    /// Name as the evidence gives it.
    pub name: String,
    /// Why it matters and why it is not modelled.
    #[serde(skip_serializing_if = "Evidence::is_empty")]
    pub evidence: Evidence,
}

/// A named group of issues that may be traded against each other (a "grand bargain").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Linkage {
    /// Identifier.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Ids of the linked issues (at least two).
    pub issues: Vec<String>,
    /// Analyst's note.
    #[serde(skip_serializing_if = "Evidence::is_empty")]
    pub evidence: Evidence,
}

/// An actor brokering a set of issues between parties.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mediator {
    /// Id of the mediating actor.
    pub actor: String,
    /// Ids of the issues it brokers.
    pub issues: Vec<String>,
    /// Ids of the parties it brokers between; `None` means every actor involved in those issues
    /// except the mediator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parties: Option<Vec<String>>,
    /// How far its proposal leans toward its own position, in `[0, 1]`.
    pub bias: Estimate,
    /// Analyst's note.
    #[serde(skip_serializing_if = "Evidence::is_empty")]
    pub evidence: Evidence,
}

/// A question the scenario is meant to answer, held as data so every output can show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    /// Identifier.
    pub id: String,
    /// The question as a reader would ask it.
    pub text: String,
    /// Ids of the issues it is about.
    pub issues: Vec<String>,
    /// A condition on forecasts that answers it, e.g. `"iran_nuclear >= 40"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// Ids of actors whose gains it compares.
    pub actors: Vec<String>,
    /// Id of the linkage it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linkage: Option<String>,
    /// Analyst's note on how to read the answer.
    #[serde(skip_serializing_if = "Evidence::is_empty")]
    pub evidence: Evidence,
}

/// A named intervention: edits applied on top of the base scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIf {
    /// Identifier.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Edits in Parley's edit syntax (see [`crate::what_if::Edit`]).
    pub edits: Vec<String>,
    /// Analyst's note.
    #[serde(skip_serializing_if = "Evidence::is_empty")]
    pub evidence: Evidence,
}

impl Scenario {
    /// An empty scenario with only a name; fill its fields, then [`Scenario::validate`].
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            meta: Meta {
                name: name.into(),
                ..Meta::default()
            },
            issues: Vec::new(),
            actors: Vec::new(),
            context: Vec::new(),
            linkages: Vec::new(),
            mediator: None,
            questions: Vec::new(),
            what_ifs: Vec::new(),
            models: ModelSettings::default(),
            calibration: None,
            notes: Vec::new(),
        }
    }

    /// Index of the issue with this id.
    pub fn issue_index(&self, id: &str) -> Option<usize> {
        self.issues.iter().position(|i| i.id == id)
    }

    /// Index of the actor with this id.
    pub fn actor_index(&self, id: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.id == id)
    }

    /// The stance of actor `actor` (index) on issue `issue` (id), if it is involved.
    pub fn stance(&self, actor: usize, issue: &str) -> Option<&Stance> {
        self.actors.get(actor).and_then(|a| a.stances.get(issue))
    }

    /// Every problem that makes this scenario unusable, in document order; empty when valid.
    pub fn validate(&self) -> Vec<Problem> {
        validate::check(self)
    }
}
