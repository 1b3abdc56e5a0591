//! Running models on a scenario and presenting their results in the scenario's own terms.
//!
//! An [`Analysis`] is what every output (table, JSON, CSV, report, web page) is made from:
//! forecasts on each issue's own scale keyed by issue id, gains keyed by actor id, rounds, and
//! the scenario's questions answered model by model. Its serde form is Parley's documented
//! JSON output (`docs/json-output.md`).

mod trades;
pub mod verdict;

use indexmap::IndexMap;
use serde::Serialize;

pub use trades::{SideView, TradeTotals, TradeView, TradesView, trades_view};
pub use verdict::{Split, Verdict};

use crate::condition::Condition;
use crate::inputs::{Inputs, InvalidScenario};
use crate::model::{ForecastStatus, Model, Outcome, StopReason};
use crate::scenario::Scenario;
use crate::{linkage, mediation, utility};

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
    /// Each linkage evaluated jointly (joint NBS), against each model's issue-by-issue result.
    pub linkages: Vec<LinkageView>,
    /// The mediator's proposal and how the parties value it, if the scenario has a mediator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mediation: Option<MediationView>,
    /// What the what-ifs or edits behind this scenario did beyond its numbers, e.g. a
    /// mediation that lapsed ([`crate::scenario::Note`]); shown by every output.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<crate::scenario::Note>,
    /// The scenario's questions with each model's answer.
    pub questions: Vec<QuestionView>,
}

/// A linkage evaluated jointly.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkageView {
    /// Linkage id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Joint NBS per linked issue id, own scales.
    pub joint_nbs: IndexMap<String, f64>,
    /// Whether some outcome beats the status quo for every party.
    pub agreement: bool,
    /// Per actor with a stake: gain of the joint NBS against the status quo on the linked
    /// issues (`None` where a linked issue has no status quo).
    pub gains: IndexMap<String, Option<f64>>,
    /// Per model: per actor, joint-NBS utility minus the utility of the model's forecast on
    /// the linked issues (positive: the actor does better with the linked deal).
    pub versus: Vec<Versus>,
}

/// Per-actor utility differences against one model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Versus {
    /// Model id.
    pub model: String,
    /// Actor id -> difference.
    pub difference: IndexMap<String, f64>,
}

/// The mediator's proposal and its appraisal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediationView {
    /// Mediator id.
    pub mediator: String,
    /// Party ids.
    pub parties: Vec<String>,
    /// Bias used.
    pub bias: f64,
    /// The parties' joint NBS per brokered issue id, own scales.
    pub bargain: IndexMap<String, f64>,
    /// Whether the bargain beats the status quo for every party.
    pub bargain_agreement: bool,
    /// The proposal per brokered issue id, own scales.
    pub proposal: IndexMap<String, f64>,
    /// Per party: the proposal's gain over the status quo (`None` without a status quo).
    pub gain_over_status_quo: IndexMap<String, Option<f64>>,
    /// Per model: each party's gain from the proposal over that model's forecast, and
    /// whether all parties prefer the proposal (a deal zone).
    pub versus: Vec<MediationVersus>,
}

/// The proposal against one model's forecast without mediation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediationVersus {
    /// Model id.
    pub model: String,
    /// Party id -> gain of the proposal over the forecast.
    pub gain_over_forecast: IndexMap<String, f64>,
    /// Every party weakly prefers the proposal.
    pub deal_zone: bool,
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
    /// Issue ids the actor takes part in: a stance with a salience above 0.
    pub involved: Vec<String>,
    /// Issue ids the actor takes no part in (no stance, or a stance with salience 0), stated
    /// explicitly.
    pub not_involved: Vec<String>,
    /// Its largest possible total gain (every issue with a status quo at its position), the
    /// yardstick of its gains; `None` where no gain is defined.
    pub most_possible_gain: Option<f64>,
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
    /// The exchange model's trades.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trades: Option<TradesView>,
    /// The spatial model's risk attitudes, probabilities, challenges and choices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smp: Option<crate::models::smp::view::SmpView>,
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
    /// The model lacks a feature it needs (named) and gives the weighted mean instead.
    Fallback {
        /// What is missing.
        missing: String,
    },
    /// The model's own result, which actors taking part in no issue helped decide (the
    /// spatial model bargains toward their coordinates).
    Bystanders {
        /// Their ids.
        actors: Vec<String>,
    },
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
    /// The model's outcome per issue id in this state, own scales.
    pub forecast: IndexMap<String, f64>,
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
    /// Ids of the actors whose gains it compares.
    pub actors: Vec<String>,
    /// One answer per model run.
    pub answers: Vec<Answer>,
    /// How the models split on it: a tally of the answers, not a probability.
    pub verdict: Verdict,
}

/// One model's answer to a question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// Model id.
    pub model: String,
    /// Forecasts on the question's issues (or, when it names none, on those its condition
    /// names).
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
    analyse_observed(scenario, models, &mut |_| {})
}

/// A model about to run in [`analyse_observed`]: the `index`-th (from 0) of `of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelStart<'a> {
    /// The model's id.
    pub model: &'a str,
    /// Its place in the run, from 0.
    pub index: usize,
    /// How many models run.
    pub of: usize,
}

/// [`analyse`], telling `observe` as each model starts (for progress on large scenarios,
/// where one model can take minutes); the analysis is the same.
pub fn analyse_observed(
    scenario: &Scenario,
    models: &[Box<dyn Model>],
    observe: &mut dyn FnMut(ModelStart<'_>),
) -> Result<Analysis, InvalidScenario> {
    let inputs = Inputs::from_scenario(scenario)?;
    Ok(analyse_inputs(scenario, models, &inputs, observe))
}

/// Why [`analyse_cancellable`] gave no analysis.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnalyseError {
    /// The scenario is invalid.
    #[error(transparent)]
    Invalid(#[from] InvalidScenario),
    /// The token was cancelled (or its deadline passed) before every model had finished.
    #[error("the analysis was cancelled")]
    Cancelled,
}

/// [`analyse`], stopping once `cancel` is cancelled: the iterative models poll it between
/// rounds. A cancelled analysis is an error, never a partial one; an analysis that completes
/// is identical to [`analyse`]'s.
pub fn analyse_cancellable(
    scenario: &Scenario,
    models: &[Box<dyn Model>],
    cancel: &crate::cancel::Cancel,
) -> Result<Analysis, AnalyseError> {
    cancel.check().map_err(|_| AnalyseError::Cancelled)?;
    let mut inputs = Inputs::from_scenario(scenario)?;
    inputs.set_cancel(cancel.clone());
    let analysis = analyse_inputs(scenario, models, &inputs, &mut |_| {});
    // A model stopped by the token would show as skipped: the whole analysis is void then.
    cancel.check().map_err(|_| AnalyseError::Cancelled)?;
    Ok(analysis)
}

fn analyse_inputs(
    scenario: &Scenario,
    models: &[Box<dyn Model>],
    inputs: &Inputs,
    observe: &mut dyn FnMut(ModelStart<'_>),
) -> Analysis {
    let mut runs = Vec::with_capacity(models.len());
    let mut internal: Vec<(String, Vec<f64>)> = Vec::with_capacity(models.len());
    let mut skipped = Vec::new();
    for (index, model) in models.iter().enumerate() {
        let info = model.info();
        observe(ModelStart {
            model: info.id,
            index,
            of: models.len(),
        });
        match model.run_detailed(inputs) {
            Ok(detailed) => {
                let outcome = &detailed.outcome;
                let values = outcome.forecasts.iter().map(|f| f.value).collect();
                internal.push((info.id.to_owned(), values));
                let mut run = model_run(scenario, inputs, info, outcome);
                if let Some(crate::model::Details::Exchanges { rounds }) = &detailed.details {
                    run.trades = Some(trades_view(scenario, inputs, rounds));
                }
                if let Some(crate::model::Details::Smp {
                    params,
                    states,
                    turns,
                }) = &detailed.details
                {
                    run.smp = Some(crate::models::smp::view::view(
                        scenario, *params, states, turns,
                    ));
                }
                runs.push(run);
            }
            Err(e) => skipped.push(Skipped {
                model: info.id.to_owned(),
                reason: e.to_string(),
            }),
        }
    }
    let linkages = linkage_views(scenario, inputs, &internal);
    let questions = scenario
        .questions
        .iter()
        .map(|q| {
            let mut view = question_view(scenario, q, &runs);
            view.verdict = verdict::verdict(&view, &linkages);
            view
        })
        .collect();
    Analysis {
        scenario: scenario.meta.name.clone(),
        date: scenario.meta.date.clone(),
        issues: scenario.issues.iter().map(issue_view).collect(),
        actors: scenario
            .actors
            .iter()
            .zip(crate::utility::most_possible(inputs))
            .map(|(a, most)| actor_view(scenario, a, most))
            .collect(),
        models: runs,
        skipped,
        linkages,
        mediation: mediation_view(scenario, inputs, &internal),
        notes: scenario.notes.clone(),
        questions,
    }
}

/// Issue id -> value on the issue's own scale, for internal values per listed issue.
fn on_own_scales(
    s: &Scenario,
    inputs: &Inputs,
    issues: &[usize],
    values: &[f64],
) -> IndexMap<String, f64> {
    issues
        .iter()
        .zip(values)
        .map(|(&j, &v)| (s.issues[j].id.clone(), inputs.scale(j).from_internal(v)))
        .collect()
}

fn linkage_views(s: &Scenario, inputs: &Inputs, runs: &[(String, Vec<f64>)]) -> Vec<LinkageView> {
    s.linkages
        .iter()
        .zip(inputs.linkages())
        .map(|(l, issues)| {
            let nbs = linkage::joint_nbs(inputs, issues, None);
            let utility = |i: usize, x: &[f64]| mediation::party_utility(inputs, i, issues, x);
            let status_quo: Option<Vec<f64>> =
                issues.iter().map(|&j| inputs.status_quo(j)).collect();
            let gains = nbs
                .parties
                .iter()
                .map(|&i| {
                    let gain = status_quo
                        .as_ref()
                        .map(|q| utility(i, &nbs.outcome) - utility(i, q));
                    (s.actors[i].id.clone(), gain)
                })
                .collect();
            let versus = runs
                .iter()
                .map(|(model, forecast)| {
                    let without: Vec<f64> = issues.iter().map(|&j| forecast[j]).collect();
                    let difference = nbs
                        .parties
                        .iter()
                        .map(|&i| {
                            (
                                s.actors[i].id.clone(),
                                utility(i, &nbs.outcome) - utility(i, &without),
                            )
                        })
                        .collect();
                    Versus {
                        model: model.clone(),
                        difference,
                    }
                })
                .collect();
            LinkageView {
                id: l.id.clone(),
                name: l.name.clone(),
                joint_nbs: on_own_scales(s, inputs, issues, &nbs.outcome),
                agreement: nbs.agreement,
                gains,
                versus,
            }
        })
        .collect()
}

fn mediation_view(
    s: &Scenario,
    inputs: &Inputs,
    runs: &[(String, Vec<f64>)],
) -> Option<MediationView> {
    let p = mediation::propose(inputs)?;
    let ids =
        |idx: &[usize]| -> Vec<String> { idx.iter().map(|&i| s.actors[i].id.clone()).collect() };
    let parties = ids(&p.parties);
    let appraisals: Vec<(String, mediation::Appraisal)> = runs
        .iter()
        .map(|(model, forecast)| (model.clone(), mediation::appraise(inputs, &p, forecast)))
        .collect();
    // The status-quo comparison does not depend on the model; take it from any appraisal.
    let over_sq = appraisals.first().map_or_else(
        || vec![None; parties.len()],
        |(_, a)| a.gain_over_status_quo.clone(),
    );
    let versus = appraisals
        .into_iter()
        .map(|(model, a)| MediationVersus {
            model,
            gain_over_forecast: parties.iter().cloned().zip(a.gain_over_forecast).collect(),
            deal_zone: a.deal_zone,
        })
        .collect();
    Some(MediationView {
        mediator: s.actors[p.mediator].id.clone(),
        bias: p.bias,
        bargain: on_own_scales(s, inputs, &p.issues, &p.bargain),
        bargain_agreement: p.bargain_agreement,
        proposal: on_own_scales(s, inputs, &p.issues, &p.proposal),
        gain_over_status_quo: parties.iter().cloned().zip(over_sq).collect(),
        parties,
        versus,
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

fn actor_view(s: &Scenario, a: &crate::actor::Actor, most_possible_gain: Option<f64>) -> ActorView {
    let (involved, not_involved): (Vec<_>, Vec<_>) = s
        .issues
        .iter()
        .map(|i| i.id.clone())
        .partition(|id| a.takes_part(id));
    ActorView {
        id: a.id.clone(),
        name: a.name.clone(),
        capability: a.capability.value,
        involved,
        not_involved,
        most_possible_gain,
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
            ForecastStatus::Bystanders { actors } => StatusView::Bystanders {
                actors: actor_ids(actors),
            },
            ForecastStatus::Fallback { missing } => StatusView::Fallback {
                missing: missing.clone(),
            },
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
            .map(|r| round_view(s, inputs, r))
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
        trades: None,
        smp: None,
    }
}

fn round_view(s: &Scenario, inputs: &Inputs, round: &crate::model::Round) -> RoundView {
    let positions = &round.positions;
    let forecast = s
        .issues
        .iter()
        .enumerate()
        .zip(&round.forecast)
        .map(|((j, issue), &v)| (issue.id.clone(), inputs.scale(j).from_internal(v)))
        .collect();
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
    RoundView {
        positions,
        forecast,
    }
}

fn question_view(s: &Scenario, q: &crate::scenario::Question, runs: &[ModelRun]) -> QuestionView {
    // Validation has parsed and resolved the condition already.
    let condition = q
        .condition
        .as_deref()
        .and_then(|c| Condition::parse(c).ok()?.resolve(&s.issues).ok());
    // A question that names no issue is about those of its condition: its answers show them.
    let shown: Vec<String> = if q.issues.is_empty() {
        condition.as_ref().map_or_else(Vec::new, |c| {
            c.issues().iter().map(|&j| s.issues[j].id.clone()).collect()
        })
    } else {
        q.issues.clone()
    };
    let answers = runs
        .iter()
        .map(|run| {
            let own_scale: Vec<f64> = run.forecast.values().copied().collect();
            Answer {
                model: run.model.clone(),
                forecast: shown
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
        actors: q.actors.clone(),
        answers,
        // Filled in by the caller, which has the linkage views.
        verdict: Verdict::default(),
    }
}
