//! The spatial model's details in a scenario's own terms (actor ids instead of indices), for
//! the analysis layer and the JSON output.

use indexmap::IndexMap;
use serde::Serialize;

use super::{SmpParams, SmpState, SmpTurn};
use crate::scenario::Scenario;

/// What only the spatial model tells, by actor id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmpView {
    /// The parameters the run used.
    pub params: SmpParams,
    /// One entry per state, the starting state first.
    pub states: Vec<SmpStateView>,
    /// One entry per turn.
    pub turns: Vec<SmpTurnView>,
}

/// One state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmpStateView {
    /// Each actor's inferred risk attitude.
    pub risk: IndexMap<String, f64>,
    /// Each actor's probability of its position winning (KTAB's "prob" history; actors at the
    /// same position share one).
    pub probability: IndexMap<String, f64>,
    /// The actor whose position is the most probable, the state's forecast.
    pub most_probable: String,
    /// The turn's movement relative to the first turn's; none for the start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_ratio: Option<f64>,
}

/// One turn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmpTurnView {
    /// The actors that challenged someone, with whom.
    pub challenges: IndexMap<String, SmpChallengeView>,
    /// Each actor's chosen bargain.
    pub choices: IndexMap<String, SmpChoiceView>,
}

/// A challenge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmpChallengeView {
    /// The target's id.
    pub target: String,
    /// The challenger's estimate of its probability of winning.
    pub probability: f64,
    /// Its expected gain in utility.
    pub gain: f64,
}

/// A chosen bargain (the actor's own id twice for its status quo).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmpChoiceView {
    /// The bargain's initiator.
    pub initiator: String,
    /// Its receiver.
    pub receiver: String,
    /// Its probability in the actor's election.
    pub probability: f64,
    /// How many bargains the actor chose among, its status quo included.
    pub options: usize,
}

/// The view of a run's details.
pub fn view(s: &Scenario, params: SmpParams, states: &[SmpState], turns: &[SmpTurn]) -> SmpView {
    let id = |i: usize| s.actors.get(i).map_or_else(String::new, |a| a.id.clone());
    let by_actor = |v: &[f64]| -> IndexMap<String, f64> {
        v.iter().enumerate().map(|(i, &x)| (id(i), x)).collect()
    };
    SmpView {
        params,
        states: states
            .iter()
            .map(|st| SmpStateView {
                risk: by_actor(&st.risk),
                probability: by_actor(&st.actor_probabilities),
                most_probable: id(st.most_probable),
                stop_ratio: st.stop_ratio,
            })
            .collect(),
        turns: turns
            .iter()
            .map(|t| SmpTurnView {
                challenges: t
                    .challenges
                    .iter()
                    .enumerate()
                    .filter_map(|(i, c)| {
                        let c = c.as_ref()?;
                        Some((
                            id(i),
                            SmpChallengeView {
                                target: id(c.target),
                                probability: c.probability,
                                gain: c.gain,
                            },
                        ))
                    })
                    .collect(),
                choices: t
                    .choices
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        (
                            id(i),
                            SmpChoiceView {
                                initiator: id(c.initiator),
                                receiver: id(c.receiver),
                                probability: c.probability,
                                options: c.options,
                            },
                        )
                    })
                    .collect(),
            })
            .collect(),
    }
}
