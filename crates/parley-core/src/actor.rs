//! Actors: the parties to a negotiation, their clout and their stances on issues.

use indexmap::IndexMap;
use serde::Serialize;

use crate::estimate::{Estimate, Evidence};

/// A party to the negotiation: a state, leader, faction or firm.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Actor {
    /// Identifier used in files, edits and outputs.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Clout: the resources the actor can bring to bear, on any positive scale.
    pub capability: Estimate,
    /// Risk attitude in `[-1, 1]` (-1 averse, 1 acceptant), where the analyst sets one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<Estimate>,
    /// Stances keyed by issue id, in file order. An issue without a stance is one the actor is
    /// not involved in (salience 0).
    pub stances: IndexMap<String, Stance>,
    /// Analyst's note on the actor.
    #[serde(skip_serializing_if = "Evidence::is_empty")]
    pub evidence: Evidence,
}

impl Actor {
    /// An actor with a point capability and no stances yet.
    pub fn new(id: impl Into<String>, capability: f64) -> Self {
        let id = id.into();
        Self {
            name: id.clone(),
            id,
            capability: Estimate::point(capability),
            risk: None,
            stances: IndexMap::new(),
            evidence: Evidence::default(),
        }
    }

    /// Whether the actor takes part in `issue`: a stance with a salience above 0. The one
    /// definition behind "involved" in every output ([`crate::inputs::Inputs::takes_part`] is
    /// the same test on the flattened inputs).
    pub fn takes_part(&self, issue: &str) -> bool {
        self.stances.get(issue).is_some_and(Stance::counts)
    }

    /// Adds (or replaces) a stance on `issue`, builder style.
    pub fn with_stance(mut self, issue: impl Into<String>, position: f64, salience: f64) -> Self {
        self.stances
            .insert(issue.into(), Stance::new(position, salience));
        self
    }
}

/// An actor's stance on one issue: what it wants and how much it cares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stance {
    /// The outcome the actor advocates, on the issue's own scale.
    pub position: Estimate,
    /// How much the issue matters to the actor, in `[0, 1]`.
    pub salience: Estimate,
    /// Analyst's note on the stance as a whole.
    #[serde(skip_serializing_if = "Evidence::is_empty")]
    pub evidence: Evidence,
}

impl Stance {
    /// Whether the stance makes its actor take part in the issue: a salience above 0.
    pub fn counts(&self) -> bool {
        self.salience.value > 0.0
    }

    /// A stance from bare point values.
    pub fn new(position: f64, salience: f64) -> Self {
        Self {
            position: Estimate::point(position),
            salience: Estimate::point(salience),
            evidence: Evidence::default(),
        }
    }
}
