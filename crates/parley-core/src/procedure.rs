//! How an issue is decided: the voting rule among the deciding body and who holds formal
//! powers (agenda setter, co-legislator with a veto). Only the procedural and reference-point
//! models use it; a scenario without it runs every other model unchanged.
//!
//! The vocabulary is the EU's (Council under unanimity or qualified majority, the Commission
//! proposing, the Parliament co-deciding under codecision), as in Tsebelis & Garrett (2000) and
//! Thomson et al. (2006, chs. 4-6), but any body with a proposer and a veto player fits.

use serde::Serialize;

/// The voting rule of the deciding body (the Council).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VotingRule {
    /// Every member must agree.
    Unanimity,
    /// Members weighing at least a threshold share must agree (the threshold is a model
    /// parameter).
    QualifiedMajority,
}

/// The legislative procedure: who besides the deciding body can veto.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// The Parliament gives an opinion only (EU consultation).
    Consultation,
    /// The Parliament must also agree (EU codecision, now the ordinary legislative procedure).
    Codecision,
}

/// How one issue is decided, as the analyst (or an importer) gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The deciding body's rule.
    pub rule: VotingRule,
    /// The procedure.
    pub procedure: Procedure,
    /// Id of the actor that proposes (the Commission); not a member of the deciding body.
    pub agenda_setter: String,
    /// Id of the co-legislator (the Parliament); not a member of the deciding body. Under
    /// codecision it can veto; under consultation it is ignored.
    pub parliament: Option<String>,
}

/// [`Decision`] with actors resolved to indices (in [`crate::Inputs`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionInputs {
    /// The deciding body's rule.
    pub rule: VotingRule,
    /// The procedure.
    pub procedure: Procedure,
    /// The agenda setter's index, if it is an actor of the scenario.
    pub agenda_setter: Option<usize>,
    /// The co-legislator's index, if given and an actor of the scenario.
    pub parliament: Option<usize>,
}
