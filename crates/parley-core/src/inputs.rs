//! The flat numeric view of a validated scenario that every model runs on.
//!
//! Data are kept as a struct of arrays, issue-major (`[issue * n_actors + actor]`), on the
//! internal 0-100 scale, so per-issue loops read contiguous memory and Monte Carlo can refill
//! the same buffers run after run without allocating.

use crate::issue::Scale;
use crate::scenario::Scenario;
use crate::text::Shown;
use crate::validate::Problem;

/// Numbers a model needs, taken from a scenario's point values.
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    n_actors: usize,
    n_issues: usize,
    pub(crate) capability: Vec<f64>,
    pub(crate) risk: Vec<Option<f64>>,
    pub(crate) position: Vec<f64>,
    pub(crate) salience: Vec<f64>,
    involved: Vec<bool>,
    pub(crate) status_quo: Vec<Option<f64>>,
    scales: Vec<Scale>,
    linkages: Vec<Vec<usize>>,
    pub(crate) mediator: Option<MediatorInputs>,
    smp: crate::models::smp::SmpConfig,
    cancel: crate::cancel::Cancel,
    decisions: Vec<Option<crate::procedure::DecisionInputs>>,
}

/// The mediator, by index.
#[derive(Debug, Clone, PartialEq)]
pub struct MediatorInputs {
    /// The mediating actor.
    pub actor: usize,
    /// The issues it brokers.
    pub issues: Vec<usize>,
    /// The parties it brokers between.
    pub parties: Vec<usize>,
    /// How far its proposal leans toward its own position, in `[0, 1]`.
    pub bias: f64,
}

/// A scenario that failed validation cannot be turned into model inputs.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the scenario is invalid: {}", .0.iter().map(|p| format!("{}: {}", Shown(&p.path), Shown(&p.kind.to_string()))).collect::<Vec<_>>().join("; "))]
pub struct InvalidScenario(pub Vec<Problem>);

impl Inputs {
    /// Validates `s` and takes its point values.
    pub fn from_scenario(s: &Scenario) -> Result<Self, InvalidScenario> {
        let problems = s.validate();
        if !problems.is_empty() {
            return Err(InvalidScenario(problems));
        }
        Ok(Self::from_valid(s))
    }

    /// Builds inputs from a scenario known to be valid (ids resolve, numbers in range).
    fn from_valid(s: &Scenario) -> Self {
        let (n, m) = (s.actors.len(), s.issues.len());
        let mut inputs = Self {
            n_actors: n,
            n_issues: m,
            capability: s.actors.iter().map(|a| a.capability.value).collect(),
            risk: s
                .actors
                .iter()
                .map(|a| a.risk.as_ref().map(|r| r.value))
                .collect(),
            position: vec![0.0; n * m],
            salience: vec![0.0; n * m],
            involved: vec![false; n * m],
            status_quo: Vec::with_capacity(m),
            scales: s.issues.iter().map(|i| i.scale).collect(),
            linkages: Vec::new(),
            mediator: None,
            smp: crate::models::smp::SmpConfig::from_scenario(s),
            cancel: crate::cancel::Cancel::never(),
            decisions: s
                .issues
                .iter()
                .map(|i| {
                    i.decision
                        .as_ref()
                        .map(|d| crate::procedure::DecisionInputs {
                            rule: d.rule,
                            procedure: d.procedure,
                            agenda_setter: s.actor_index(&d.agenda_setter),
                            parliament: d.parliament.as_deref().and_then(|p| s.actor_index(p)),
                        })
                })
                .collect(),
        };
        for (j, issue) in s.issues.iter().enumerate() {
            let sq = issue.status_quo.as_ref();
            inputs
                .status_quo
                .push(sq.map(|e| issue.scale.to_internal(e.value)));
            for (i, actor) in s.actors.iter().enumerate() {
                if let Some(st) = actor.stances.get(&issue.id) {
                    let k = j * n + i;
                    inputs.position[k] = issue.scale.to_internal(st.position.value);
                    inputs.salience[k] = st.salience.value;
                    inputs.involved[k] = true;
                }
            }
        }
        let issue_idx = |id: &String| s.issue_index(id);
        inputs.linkages = s
            .linkages
            .iter()
            .map(|l| l.issues.iter().filter_map(issue_idx).collect())
            .collect();
        inputs.mediator = s.mediator.as_ref().and_then(|m| {
            let actor = s.actor_index(&m.actor)?;
            let issues: Vec<usize> = m.issues.iter().filter_map(issue_idx).collect();
            let parties = match &m.parties {
                Some(p) => p.iter().filter_map(|id| s.actor_index(id)).collect(),
                None => (0..n)
                    .filter(|&i| i != actor && issues.iter().any(|&j| inputs.involved[j * n + i]))
                    .collect(),
            };
            Some(MediatorInputs {
                actor,
                issues,
                parties,
                bias: m.bias.value,
            })
        });
        inputs
    }

    /// The cancellation token the models poll between rounds ([`crate::cancel`]); never
    /// cancelled unless set with [`Inputs::set_cancel`].
    pub fn cancel(&self) -> &crate::cancel::Cancel {
        &self.cancel
    }

    /// Makes runs on these inputs (and their clones) stop with
    /// [`crate::ModelError::Cancelled`] once `cancel` is cancelled.
    pub fn set_cancel(&mut self, cancel: crate::cancel::Cancel) {
        self.cancel = cancel;
    }

    /// Number of actors.
    pub fn n_actors(&self) -> usize {
        self.n_actors
    }

    /// Number of issues.
    pub fn n_issues(&self) -> usize {
        self.n_issues
    }

    /// Capabilities, one per actor.
    pub fn capabilities(&self) -> &[f64] {
        &self.capability
    }

    /// Risk attitudes set by the analyst, one per actor.
    pub fn risks(&self) -> &[Option<f64>] {
        &self.risk
    }

    /// Positions of all actors on issue `j`, internal 0-100 scale.
    pub fn positions(&self, j: usize) -> &[f64] {
        &self.position[j * self.n_actors..(j + 1) * self.n_actors]
    }

    /// Saliences of all actors on issue `j` (0 where not involved).
    pub fn saliences(&self, j: usize) -> &[f64] {
        &self.salience[j * self.n_actors..(j + 1) * self.n_actors]
    }

    /// Whether each actor has a stance on issue `j` (a position, whatever its salience). The
    /// models read positions where there is a stance; whether an actor takes part is
    /// [`Inputs::takes_part`].
    pub fn involved(&self, j: usize) -> &[bool] {
        &self.involved[j * self.n_actors..(j + 1) * self.n_actors]
    }

    /// Whether actor `i` takes part in issue `j`: a stance with a salience above 0. Every output
    /// that says who is involved, who gains and what an actor could gain uses this one
    /// definition, so that a stance with salience 0 is "not involved" everywhere.
    pub fn takes_part(&self, i: usize, j: usize) -> bool {
        let k = j * self.n_actors + i;
        self.involved[k] && self.salience[k] > 0.0
    }

    /// Status quo of issue `j` on the internal scale, if known.
    pub fn status_quo(&self, j: usize) -> Option<f64> {
        self.status_quo[j]
    }

    /// The issue's own scale, to convert results back.
    pub fn scale(&self, j: usize) -> Scale {
        self.scales[j]
    }

    /// Linked issue groups, by index.
    pub fn linkages(&self) -> &[Vec<usize>] {
        &self.linkages
    }

    /// The mediator, if any.
    pub fn mediator(&self) -> Option<&MediatorInputs> {
        self.mediator.as_ref()
    }

    /// How issue `j` is decided, where the scenario says.
    pub fn decision(&self, j: usize) -> Option<&crate::procedure::DecisionInputs> {
        self.decisions.get(j)?.as_ref()
    }

    /// The scenario's settings for KTAB's spatial model.
    pub(crate) fn smp_config(&self) -> &crate::models::smp::SmpConfig {
        &self.smp
    }
}
