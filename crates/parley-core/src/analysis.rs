//! Running models on a scenario and presenting their results in the scenario's own terms.
//!
//! An [`Analysis`] is what every output (table, JSON, CSV, report, web page) is made from:
//! forecasts on each issue's own scale keyed by issue id, gains keyed by actor id, rounds, and
//! the scenario's questions answered model by model. Its serde form is Parley's documented
//! JSON output (`docs/json-output.md`).

use indexmap::IndexMap;
use serde::Serialize;

use crate::condition::Condition;
use crate::inputs::{Inputs, InvalidScenario};
use crate::model::{ForecastStatus, Model, Outcome, StopReason};
use crate::scenario::Scenario;
use crate::utility;

/// Results of one or more models on one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// The scenario's name.
    pub scenario: String,
    /// The scenario's date, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The issues, in scenario order.
    pub issues: Vec<IssueView>,
    /// The actors, in scenario order.
    pub actors: Vec<ActorView>,
    /// One entry per model that ran.
    pub models: Vec<ModelRun>,
    /// Models that could not run on this scenario, with the reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
    /// The scenario's questions with each model's answer.
    pub questions: Vec<QuestionView>,
}

/// An issue as outputs show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueView {
    /// Issue id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Meaning of the low end.
    pub low: String,
    /// Meaning of the high end.
    pub high: String,
    /// `[min, max]` of the issue's own scale.
    pub scale: [f64; 2],
    /// Status quo on the issue's scale, if known.
    pub status_quo: Option<f64>,
}

/// An actor as outputs show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorView {
    /// Actor id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Capability (point value).
    pub capability: f64,
    /// Issue ids the actor has a stance on.
    pub involved: Vec<String>,
    /// Issue ids the actor has no stance on (salience 0, stated explicitly).
    pub not_involved: Vec<String>,
}

/// One model's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelRun {
    /// Model id.
    pub model: String,
    /// Model name.
    pub name: String,
    /// Published source.
    pub source: String,
    /// Forecast per issue id, on the issue's own scale.
    pub forecast: IndexMap<String, f64>,
    /// Per issue id, how the forecast came about.
    pub status: IndexMap<String, StatusView>,
    /// Per actor id, gains against the status quo (see [`crate::utility`]).
    pub gains: IndexMap<String, ActorGains>,
    /// Positions per round, first element the starting state (iterative models only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounds: Option<Vec<RoundView>>,
    /// Why the rounds stopped (iterative models only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop: Option<StopReason>,
}

/// [`ForecastStatus`] with actor ids instead of indices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum StatusView {
    /// The model's ordinary result.
    Settled,
    /// No outcome all actors weakly prefer to the status quo; the forecast is the status quo.
    NoAgreementZone {
        /// Actors who lose from any rise.
        blocking_rise: Vec<String>,
        /// Actors who lose from any fall.
        blocking_fall: Vec<String>,
    },
    /// No involved actor gives the issue weight; fallback forecast.
    NoSalience,
}

/// An actor's gains under one model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorGains {
    /// Sum over issues with a status quo; `None` when no gain is defined.
    pub total: Option<f64>,
    /// Per issue id where defined.
    pub by_issue: IndexMap<String, f64>,
}

/// Positions after one round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundView {
    /// Per actor id: a number (one-issue scenarios) or a map issue id -> number, own scales.
    pub positions: IndexMap<String, RoundPositions>,
}

/// An actor's positions in one round.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RoundPositions {
    /// The only issue's position.
    One(f64),
    /// Position per issue id (issues the actor is involved in).
    Many(IndexMap<String, f64>),
}

/// A model that could not run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    /// Model id.
    pub model: String,
    /// Why.
    pub reason: String,
}

/// A scenario question with each model's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionView {
    /// Question id.
    pub id: String,
    /// The question.
    pub text: String,
    /// Issue ids it is about.
    pub issues: Vec<String>,
    /// Its condition, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// Linkage id it is about, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linkage: Option<String>,
    /// One answer per model run.
    pub answers: Vec<Answer>,
}

/// One model's answer to a question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// Model id.
    pub model: String,
    /// Forecasts on the question's issues.
    pub forecast: IndexMap<String, f64>,
    /// Whether the question's condition holds on this model's forecast.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holds: Option<bool>,
    /// Total gains of the actors the question compares.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub gains: IndexMap<String, Option<f64>>,
}

/// Validates `scenario`, runs every model in `models` on it, and presents the results.
pub fn analyse(
    scenario: &Scenario,
    models: &[Box<dyn Model>],
) -> Result<Analysis, InvalidScenario> {
    let inputs = Inputs::from_scenario(scenario)?;
    let mut runs = Vec::with_capacity(models.len());
    let mut skipped = Vec::new();
    for model in models {
        let info = model.info();
        match model.run(&inputs) {
            Ok(outcome) => runs.push(model_run(scenario, &inputs, info, &outcome)),
            Err(e) => skipped.push(Skipped {
                model: info.id.to_owned(),
                reason: e.to_string(),
            }),
        }
    }
    let questions = scenario
        .questions
        .iter()
        .map(|q| question_view(scenario, q, &runs))
        .collect();
    Ok(Analysis {
        scenario: scenario.meta.name.clone(),
        date: scenario.meta.date.clone(),
        issues: scenario.issues.iter().map(issue_view).collect(),
        actors: scenario
            .actors
            .iter()
            .map(|a| actor_view(scenario, a))
            .collect(),
        models: runs,
        skipped,
        questions,
    })
}

fn issue_view(i: &crate::issue::Issue) -> IssueView {
    IssueView {
        id: i.id.clone(),
        name: i.name.clone(),
        low: i.low.clone(),
        high: i.high.clone(),
        scale: [i.scale.min, i.scale.max],
        status_quo: i.status_quo.as_ref().map(|e| e.value),
    }
}

fn actor_view(s: &Scenario, a: &crate::actor::Actor) -> ActorView {
    let (involved, not_involved): (Vec<_>, Vec<_>) = s
        .issues
        .iter()
        .map(|i| i.id.clone())
        .partition(|id| a.stances.contains_key(id));
    ActorView {
        id: a.id.clone(),
        name: a.name.clone(),
        capability: a.capability.value,
        involved,
        not_involved,
    }
}

fn model_run(
    s: &Scenario,
    inputs: &Inputs,
    info: crate::model::ModelInfo,
    outcome: &Outcome,
) -> ModelRun {
    let actor_ids = |idx: &[usize]| idx.iter().map(|&i| s.actors[i].id.clone()).collect();
    let mut forecast = IndexMap::new();
    let mut status = IndexMap::new();
    for (j, (issue, f)) in s.issues.iter().zip(&outcome.forecasts).enumerate() {
        forecast.insert(issue.id.clone(), inputs.scale(j).from_internal(f.value));
        let view = match &f.status {
            ForecastStatus::Settled => StatusView::Settled,
            ForecastStatus::NoSalience => StatusView::NoSalience,
            ForecastStatus::NoAgreementZone {
                blocking_rise,
                blocking_fall,
            } => StatusView::NoAgreementZone {
                blocking_rise: actor_ids(blocking_rise),
                blocking_fall: actor_ids(blocking_fall),
            },
        };
        status.insert(issue.id.clone(), view);
    }
    let g = utility::gains(inputs, &outcome.forecasts);
    let gains = s
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let by_issue = s
                .issues
                .iter()
                .zip(&g.by_issue[i])
                .filter_map(|(issue, v)| v.map(|v| (issue.id.clone(), v)))
                .collect();
            (
                a.id.clone(),
                ActorGains {
                    total: g.total[i],
                    by_issue,
                },
            )
        })
        .collect();
    let rounds = (!outcome.rounds.is_empty()).then(|| {
        outcome
            .rounds
            .iter()
            .map(|r| round_view(s, inputs, &r.positions))
            .collect()
    });
    ModelRun {
        model: info.id.to_owned(),
        name: info.name.to_owned(),
        source: info.source.to_owned(),
        forecast,
        status,
        gains,
        rounds,
        stop: outcome.stop,
    }
}

fn round_view(s: &Scenario, inputs: &Inputs, positions: &[f64]) -> RoundView {
    let n = inputs.n_actors();
    let one_issue = s.issues.len() == 1;
    let positions = s
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let own = |j: usize| inputs.scale(j).from_internal(positions[j * n + i]);
            let value = if one_issue {
                RoundPositions::One(own(0))
            } else {
                let map = s
                    .issues
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| inputs.involved(j)[i])
                    .map(|(j, issue)| (issue.id.clone(), own(j)))
                    .collect();
                RoundPositions::Many(map)
            };
            (a.id.clone(), value)
        })
        .collect();
    RoundView { positions }
}

fn question_view(s: &Scenario, q: &crate::scenario::Question, runs: &[ModelRun]) -> QuestionView {
    // Validation has parsed and resolved the condition already.
    let condition = q
        .condition
        .as_deref()
        .and_then(|c| Condition::parse(c).ok()?.resolve(&s.issues).ok());
    let answers = runs
        .iter()
        .map(|run| {
            let own_scale: Vec<f64> = run.forecast.values().copied().collect();
            Answer {
                model: run.model.clone(),
                forecast: q
                    .issues
                    .iter()
                    .filter_map(|id| run.forecast.get(id).map(|v| (id.clone(), *v)))
                    .collect(),
                holds: condition.as_ref().map(|c| c.holds(&own_scale)),
                gains: q
                    .actors
                    .iter()
                    .map(|a| (a.clone(), run.gains.get(a).and_then(|g| g.total)))
                    .collect(),
            }
        })
        .collect();
    QuestionView {
        id: q.id.clone(),
        text: q.text.clone(),
        issues: q.issues.clone(),
        condition: q.condition.clone(),
        linkage: q.linkage.clone(),
        answers,
    }
}
