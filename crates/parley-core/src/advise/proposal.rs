//! The best proposal: the package that maximises the advised actor's utility while every other
//! party weakly prefers it to what each model forecasts without a deal (the deal zone).
//!
//! With costs `C_i(x) = sum_j s_ij |x_j - x_ij|` (internal scale; utility is `-C_i / 100`), the
//! problem is: minimise `C_a(x)` subject to `C_i(x) <= C_i(f_m)` for every party `i` and every
//! model `m` considered (`f_m` the model's forecast). Every `C` is convex, so the feasible set
//! is convex. On one issue each constraint is an interval around the party's position and the
//! answer is exact: the advised actor's position clamped into their intersection. On several
//! issues the search starts from the best feasible point among a grid (at most
//! [`GRID_POINTS`] points) and the natural candidates (each model's forecast, the status quo,
//! the actor's own position, the mediator's proposal), then improves it by exact coordinate
//! steps (each issue moved to the best value the others allow) until nothing moves. Coordinate
//! steps can stall on a corner of a non-smooth problem, so on several issues the result is
//! feasible by construction but may fall short of the optimum by up to about one grid step.

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Serialize;

use super::levers::NO_EFFECT;
use super::{AdviseError, Context, Evaluation};
use crate::calibration::{Calibration, ErrorModel, Features};
use crate::inputs::Inputs;
use crate::issue::INTERNAL_MAX;
use crate::uncertainty::MonteCarlo;
use crate::uncertainty::montecarlo::error_uniforms;
use crate::uncertainty::rng::Stream;
use crate::uncertainty::sample::Sampler;

/// Most grid points tried on a multi-issue set.
pub const GRID_POINTS: usize = 50_000;

/// Slack on costs (internal points x salience) for "weakly prefers": the mediation layer's
/// 1e-9 on utilities, times 100.
const TOLERANCE: f64 = 1e-7;

/// Width (internal points) below which an inverted interval is a rounding artefact.
const ROUNDING: f64 = 1e-9;

/// Where a set of issues comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SetKind {
    /// The issues the advised actor brokers as the scenario's mediator.
    Mediation,
    /// A linkage of the scenario.
    Linkage,
    /// One issue.
    Issue,
}

/// The best proposals on one set of issues.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposalSet {
    /// Where the set comes from.
    pub kind: SetKind,
    /// The linkage or issue id, or `mediation`.
    pub label: String,
    /// The issue ids.
    pub issues: Vec<String>,
    /// The parties whose acceptance is required (ids).
    pub parties: Vec<String>,
    /// The package every party weakly prefers to every model's forecast without a deal, best
    /// for the advised actor; `None` when no package satisfies every party under every model
    /// at once. Its gains may be zero: then the advised actor can do no better than no deal.
    pub robust: Option<Package>,
    /// Per model, the best package the parties accept against that model's forecast alone
    /// (one always exists: the forecast itself).
    pub per_model: Vec<ModelPackage>,
    /// Models under which no accepted package gains the advised actor anything over the
    /// forecast without a deal.
    pub none_under: Vec<String>,
    /// When there is no robust package: the parties without any one of whom a robust package
    /// would exist (ids), i.e. whose acceptance alone blocks one. Empty when a robust package
    /// exists, or when no single party's removal makes one exist.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blockers: Vec<String>,
    /// For a mediation set, the scenario's own mediator proposal, appraised the same way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario_proposal: Option<Package>,
    /// How often the robust package is accepted over Monte Carlo draws of the inputs (best
    /// set only, with Monte Carlo).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Acceptance>,
}

/// A package under one model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelPackage {
    /// Model id.
    pub model: String,
    /// The best accepted package (`None` only if the model's own forecast is off the scale's
    /// grid, which validation rules out).
    pub package: Option<Package>,
}

/// A package of outcomes on the set's issues.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Package {
    /// Issue id -> outcome, own scale.
    pub position: IndexMap<String, f64>,
    /// Model id -> the advised actor's utility gain over the model's forecast without a deal.
    pub gain: IndexMap<String, f64>,
    /// The smallest of those gains.
    pub worst_gain: f64,
    /// Their mean.
    pub mean_gain: f64,
    /// Models under which every party weakly prefers the package to the forecast.
    pub accepted_under: Vec<String>,
    /// Party id -> its smallest utility gain over the models' forecasts (what the package
    /// gives or costs it, never netted with the advised actor's gain).
    pub party_gain: IndexMap<String, f64>,
}

/// The robust package over Monte Carlo draws of the inputs (positions, saliences,
/// capabilities, status quos, bias: what `parley mc` draws), and, with a calibration, also
/// against each model's forecast plus a draw of its measured error (the no-deal outcome the
/// parties compare the package with is then as uncertain as the models' track record says).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Acceptance {
    /// Runs.
    pub runs: usize,
    /// Seed (run `r` draws the same inputs as `parley mc` run `r`).
    pub seed: u64,
    /// Model id -> share of runs in which every party weakly prefers the package to that
    /// model's forecast in that run.
    pub share: IndexMap<String, f64>,
    /// Share of runs in which that holds under every model at once.
    pub under_all: f64,
    /// Model id -> the advised actor's mean utility gain over that model's forecast.
    pub mean_gain: IndexMap<String, f64>,
    /// Model id -> share of runs in which every party weakly prefers the package to that
    /// model's forecast plus a draw of its measured error (the same draws as `parley mc` run
    /// `r`); models with an error model only, empty without a calibration.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub with_model_error: IndexMap<String, f64>,
    /// Share of runs in which that holds under every model with an error model at once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub under_all_with_model_error: Option<f64>,
}

/// One set of issues with its parties, by index.
struct IssueSet {
    kind: SetKind,
    label: String,
    issues: Vec<usize>,
    parties: Vec<usize>,
}

fn sets(ctx: &Context) -> Vec<IssueSet> {
    let s = ctx.scenario;
    let inputs = &ctx.inputs;
    let a = ctx.actor;
    let n = inputs.n_actors();
    let mut out = Vec::new();
    if let Some(m) = inputs.mediator().filter(|m| m.actor == a) {
        out.push(IssueSet {
            kind: SetKind::Mediation,
            label: "mediation".into(),
            issues: m.issues.clone(),
            parties: m.parties.iter().copied().filter(|&i| i != a).collect(),
        });
    }
    let others = |issues: &[usize]| -> Vec<usize> {
        (0..n)
            .filter(|&i| i != a && issues.iter().any(|&j| inputs.involved(j)[i]))
            .collect()
    };
    for (l, linkage) in inputs.linkages().iter().enumerate() {
        let issues: Vec<usize> = linkage
            .iter()
            .copied()
            .filter(|&j| inputs.involved(j)[a])
            .collect();
        if issues.len() >= 2 {
            out.push(IssueSet {
                kind: SetKind::Linkage,
                label: s.linkages[l].id.clone(),
                parties: others(&issues),
                issues,
            });
        }
    }
    for j in 0..inputs.n_issues() {
        if inputs.involved(j)[a] {
            out.push(IssueSet {
                kind: SetKind::Issue,
                label: s.issues[j].id.clone(),
                issues: vec![j],
                parties: others(&[j]),
            });
        }
    }
    out
}

/// The deal-zone constraints of one problem: per (party, model) the most cost allowed.
struct Problem<'a> {
    inputs: &'a Inputs,
    issues: &'a [usize],
    actor: usize,
    /// (party, cost bound).
    bounds: Vec<(usize, f64)>,
}

impl Problem<'_> {
    fn cost(&self, i: usize, x: &[f64]) -> f64 {
        cost(self.inputs, i, self.issues, x)
    }

    fn feasible(&self, x: &[f64]) -> bool {
        self.bounds
            .iter()
            .all(|&(i, b)| self.cost(i, x) <= b + TOLERANCE)
    }

    /// The values issue `k` of the set may take with the others fixed, or `None`.
    fn interval(&self, x: &[f64], k: usize) -> Option<(f64, f64)> {
        let j = self.issues[k];
        let (mut lo, mut hi) = (0.0_f64, INTERNAL_MAX);
        for &(i, b) in &self.bounds {
            let s = self.inputs.saliences(j)[i];
            let rest = self.cost(i, x) - s * (x[k] - self.inputs.positions(j)[i]).abs();
            // Bounds are exact, so a package found here meets them up to rounding; starting
            // points within the tolerance count as on the bound.
            let slack = b - rest;
            if slack < -TOLERANCE {
                return None;
            }
            if s <= 0.0 {
                continue;
            }
            let r = slack.max(0.0) / s;
            let p = self.inputs.positions(j)[i];
            lo = lo.max(p - r);
            hi = hi.min(p + r);
        }
        // A zone that is one point (parties on both sides of the forecast) can come out
        // inverted by rounding: take the point.
        if lo > hi && lo - hi <= ROUNDING {
            let mid = 0.5 * (lo + hi);
            return Some((mid, mid));
        }
        (lo <= hi).then_some((lo, hi))
    }

    /// The advised actor's most wanted value of issue `k` within `(lo, hi)`, or `fallback`
    /// when it does not care about the issue.
    fn best_in(&self, k: usize, (lo, hi): (f64, f64), fallback: f64) -> f64 {
        let j = self.issues[k];
        if self.inputs.saliences(j)[self.actor] > 0.0 {
            self.inputs.positions(j)[self.actor].clamp(lo, hi)
        } else {
            fallback.clamp(lo, hi)
        }
    }

    /// Solves the problem from the candidate starting points; `None` when none is feasible.
    fn solve(&self, starts: &[Vec<f64>]) -> Option<Vec<f64>> {
        if self.issues.len() == 1 {
            let start = starts.first()?;
            let range = self.interval(start, 0)?;
            return Some(vec![self.best_in(0, range, start[0])]);
        }
        let mut best: Option<(f64, Vec<f64>)> = None;
        let mut consider = |x: Vec<f64>| {
            if self.feasible(&x) {
                let c = self.cost(self.actor, &x);
                if best.as_ref().is_none_or(|(b, _)| c < *b) {
                    best = Some((c, x));
                }
            }
        };
        for x in starts {
            consider(x.clone());
        }
        for x in grid(self.issues.len()) {
            consider(x);
        }
        let (_, mut x) = best?;
        // Exact coordinate steps; each keeps the point feasible and never raises the cost.
        for _ in 0..100 {
            let before = x.clone();
            for k in 0..x.len() {
                if let Some(range) = self.interval(&x, k) {
                    x[k] = self.best_in(k, range, x[k]);
                }
            }
            if x == before {
                break;
            }
        }
        Some(x)
    }
}

/// The parties of `p` without whose bounds alone `p` would have a solution: each one's
/// acceptance blocks a package the others would all take (the one to persuade, or to leave
/// out of the deal).
fn blockers(p: &Problem<'_>, parties: &[usize], starts: &[Vec<f64>]) -> Vec<usize> {
    parties
        .iter()
        .copied()
        .filter(|&blocker| {
            let without = Problem {
                inputs: p.inputs,
                issues: p.issues,
                actor: p.actor,
                bounds: p
                    .bounds
                    .iter()
                    .copied()
                    .filter(|&(i, _)| i != blocker)
                    .collect(),
            };
            without.solve(starts).is_some()
        })
        .collect()
}

/// Sum over `issues` of actor `i`'s salience times its distance from `x` (internal scale).
fn cost(inputs: &Inputs, i: usize, issues: &[usize], x: &[f64]) -> f64 {
    issues
        .iter()
        .zip(x)
        .map(|(&j, &xj)| inputs.saliences(j)[i] * (xj - inputs.positions(j)[i]).abs())
        .sum()
}

/// An even grid over `[0, 100]^d` of at most [`GRID_POINTS`] points (none beyond 6 issues).
fn grid(d: usize) -> Vec<Vec<f64>> {
    if d == 0 || d > 6 {
        return Vec::new();
    }
    let mut per = 2usize;
    while (per + 1)
        .checked_pow(d as u32)
        .is_some_and(|n| n <= GRID_POINTS)
    {
        per += 1;
    }
    let step = INTERNAL_MAX / (per - 1) as f64;
    let total = per.pow(d as u32);
    (0..total)
        .map(|mut n| {
            (0..d)
                .map(|_| {
                    let v = (n % per) as f64 * step;
                    n /= per;
                    v
                })
                .collect()
        })
        .collect()
}

/// Finds the best proposals on every issue set the advised actor takes part in.
pub(crate) fn search(
    ctx: &Context,
    base: &Evaluation,
    mc: Option<&MonteCarlo>,
    calibration: Option<&Calibration>,
) -> Result<Vec<ProposalSet>, AdviseError> {
    let forecasts: Vec<(String, &Vec<f64>)> = ctx
        .models
        .iter()
        .zip(&base.internal)
        .filter_map(|(m, x)| Some((m.info().id.to_owned(), x.as_ref()?)))
        .collect();
    let mut out = Vec::new();
    for set in sets(ctx) {
        ctx.cancel.check()?;
        out.push(solve_set(ctx, &set, &forecasts));
    }
    // Mediation first, then sets with a robust package by worst-case gain, then the rest.
    out.sort_by(|a, b| {
        let key = |p: &ProposalSet| {
            (
                p.kind != SetKind::Mediation,
                p.robust.is_none(),
                -p.robust.as_ref().map_or(0.0, |r| r.worst_gain),
            )
        };
        let (ka, kb) = (key(a), key(b));
        ka.0.cmp(&kb.0)
            .then(ka.1.cmp(&kb.1))
            .then(ka.2.total_cmp(&kb.2))
    });
    if let (Some(mc), Some(first)) = (mc, out.first_mut())
        && let Some(robust) = &first.robust
    {
        (ctx.progress)(super::Progress::Planned(mc.runs));
        first.acceptance = Some(acceptance(ctx, base, first, robust, mc, calibration)?);
    }
    Ok(out)
}

fn solve_set(ctx: &Context, set: &IssueSet, forecasts: &[(String, &Vec<f64>)]) -> ProposalSet {
    let inputs = &ctx.inputs;
    let s = ctx.scenario;
    let on_set = |x: &[f64]| -> Vec<f64> { set.issues.iter().map(|&j| x[j]).collect() };
    let mut starts: Vec<Vec<f64>> = forecasts.iter().map(|(_, f)| on_set(f)).collect();
    let a_pos: Vec<f64> = set
        .issues
        .iter()
        .zip(&starts[0])
        .map(|(&j, &f)| {
            if inputs.involved(j)[ctx.actor] {
                inputs.positions(j)[ctx.actor]
            } else {
                f
            }
        })
        .collect();
    starts.push(a_pos);
    if let Some(q) = set
        .issues
        .iter()
        .map(|&j| inputs.status_quo(j))
        .collect::<Option<Vec<f64>>>()
    {
        starts.push(q);
    }
    let scenario_proposal = (set.kind == SetKind::Mediation)
        .then(|| crate::mediation::propose(inputs))
        .flatten()
        .map(|p| p.proposal);
    if let Some(p) = &scenario_proposal {
        starts.push(p.clone());
    }
    let problem = |models: &[usize]| Problem {
        inputs,
        issues: &set.issues,
        actor: ctx.actor,
        bounds: set
            .parties
            .iter()
            .flat_map(|&i| {
                models
                    .iter()
                    .map(move |&m| (i, cost(inputs, i, &set.issues, &on_set(forecasts[m].1))))
            })
            .collect(),
    };
    let package = |x: &[f64]| self::package(ctx, set, forecasts, x);
    let all: Vec<usize> = (0..forecasts.len()).collect();
    let robust = problem(&all).solve(&starts).map(|x| package(&x));
    let blockers = if robust.is_some() {
        Vec::new()
    } else {
        blockers(&problem(&all), &set.parties, &starts)
            .into_iter()
            .map(|i| s.actors[i].id.clone())
            .collect()
    };
    let mut none_under = Vec::new();
    let per_model = forecasts
        .iter()
        .enumerate()
        .map(|(m, (id, _))| {
            let mut own_starts = vec![starts[m].clone()];
            own_starts.extend(starts.iter().cloned());
            let package = problem(&[m]).solve(&own_starts).map(|x| package(&x));
            let gains = package
                .as_ref()
                .and_then(|p| p.gain.get(id))
                .is_some_and(|&g| g > NO_EFFECT);
            if !gains {
                none_under.push(id.clone());
            }
            ModelPackage {
                model: id.clone(),
                package,
            }
        })
        .collect();
    ProposalSet {
        kind: set.kind,
        label: set.label.clone(),
        issues: set.issues.iter().map(|&j| s.issues[j].id.clone()).collect(),
        parties: set
            .parties
            .iter()
            .map(|&i| s.actors[i].id.clone())
            .collect(),
        robust,
        per_model,
        none_under,
        blockers,
        scenario_proposal: scenario_proposal.map(|x| package(&x)),
        acceptance: None,
    }
}

fn package(ctx: &Context, set: &IssueSet, forecasts: &[(String, &Vec<f64>)], x: &[f64]) -> Package {
    let inputs = &ctx.inputs;
    let s = ctx.scenario;
    let on_set = |f: &[f64]| -> Vec<f64> { set.issues.iter().map(|&j| f[j]).collect() };
    let gain_of = |i: usize, f: &[f64]| {
        (cost(inputs, i, &set.issues, &on_set(f)) - cost(inputs, i, &set.issues, x)) / INTERNAL_MAX
    };
    let gain: IndexMap<String, f64> = forecasts
        .iter()
        .map(|(id, f)| (id.clone(), gain_of(ctx.actor, f)))
        .collect();
    let worst_gain = gain.values().copied().fold(f64::INFINITY, f64::min);
    let mean_gain = gain.values().sum::<f64>() / gain.len().max(1) as f64;
    let accepted_under = forecasts
        .iter()
        .filter(|(_, f)| {
            set.parties.iter().all(|&i| {
                cost(inputs, i, &set.issues, x)
                    <= cost(inputs, i, &set.issues, &on_set(f)) + TOLERANCE
            })
        })
        .map(|(id, _)| id.clone())
        .collect();
    let party_gain = set
        .parties
        .iter()
        .map(|&i| {
            let g = forecasts
                .iter()
                .map(|(_, f)| gain_of(i, f))
                .fold(f64::INFINITY, f64::min);
            (s.actors[i].id.clone(), g)
        })
        .collect();
    Package {
        position: set
            .issues
            .iter()
            .zip(x)
            .map(|(&j, &v)| (s.issues[j].id.clone(), inputs.scale(j).from_internal(v)))
            .collect(),
        gain,
        worst_gain,
        mean_gain,
        accepted_under,
        party_gain,
    }
}

/// Runs of one draw: per model, (accepted by every party, the advised actor's gain, accepted
/// against the forecast with a draw of model error where the model has an error model).
type DrawResult = Vec<(bool, f64, Option<bool>)>;

/// `base` is the evaluation of the scenario's own inputs, which a run without ranges reuses.
fn acceptance(
    ctx: &Context,
    base: &Evaluation,
    set: &ProposalSet,
    robust: &Package,
    mc: &MonteCarlo,
    calibration: Option<&Calibration>,
) -> Result<Acceptance, AdviseError> {
    let s = ctx.scenario;
    let issues: Vec<usize> = set
        .issues
        .iter()
        .filter_map(|id| s.issue_index(id))
        .collect();
    let parties: Vec<usize> = set
        .parties
        .iter()
        .filter_map(|id| s.actor_index(id))
        .collect();
    let x: Vec<f64> = issues
        .iter()
        .zip(robust.position.values())
        .map(|(&j, &v)| s.issues[j].scale.to_internal(v))
        .collect();
    let sampler = Sampler::new(s);
    let errors: Vec<Option<&ErrorModel>> = ctx
        .models
        .iter()
        .map(|m| calibration.and_then(|c| c.get(m.info().id)))
        .collect();
    let with_errors = errors.iter().any(Option::is_some);
    // Without ranges every run sees the scenario's own inputs, and the models are functions of
    // their inputs (as in `MonteCarlo::run_fixed`): the base evaluation serves every run, and
    // only the model error differs.
    let fixed = sampler.is_empty().then_some(base);
    let runs: Vec<DrawResult> = (0..mc.runs)
        .into_par_iter()
        .map_init(
            || ctx.inputs.clone(),
            |inputs, r| {
                let drawn;
                let eval = match &fixed {
                    Some(eval) => {
                        inputs
                            .cancel()
                            .check()
                            .map_err(|_| AdviseError::Cancelled)?;
                        eval
                    }
                    None => {
                        let mut rng = Stream::for_run(mc.seed, r as u64);
                        sampler.draw_into(inputs, &mut rng);
                        drawn = ctx.evaluate_inputs(inputs)?;
                        &drawn
                    }
                };
                (ctx.progress)(super::Progress::Run);
                // One uniform per issue of the scenario, as `parley mc` draws them for run r.
                // Uniforms and the set's features once per run, not once per model; none
                // without an error model.
                let (u, features): (Vec<f64>, Vec<Features>) = if with_errors {
                    (
                        error_uniforms(mc.seed, r, inputs.n_issues()).collect(),
                        issues.iter().map(|&j| Features::of(inputs, j)).collect(),
                    )
                } else {
                    (Vec::new(), Vec::new())
                };
                let accepts = |f: &[f64], inputs: &Inputs| {
                    parties.iter().all(|&i| {
                        cost(inputs, i, &issues, &x) <= cost(inputs, i, &issues, f) + TOLERANCE
                    })
                };
                Ok(eval
                    .internal
                    .iter()
                    .zip(&errors)
                    .map(|(f, e)| match f {
                        Some(f) => {
                            let on_set: Vec<f64> = issues.iter().map(|&j| f[j]).collect();
                            let ok = accepts(&on_set, inputs);
                            let gain = (cost(inputs, ctx.actor, &issues, &on_set)
                                - cost(inputs, ctx.actor, &issues, &x))
                                / INTERNAL_MAX;
                            let with_error = e.map(|e| {
                                let drawn: Vec<f64> = issues
                                    .iter()
                                    .zip(&features)
                                    .map(|(&j, x)| e.draw(f[j], x, u[j]))
                                    .collect();
                                accepts(&drawn, inputs)
                            });
                            (ok, gain, with_error)
                        }
                        None => (false, f64::NAN, e.map(|_| false)),
                    })
                    .collect())
            },
        )
        .collect::<Result<_, AdviseError>>()?;
    let n = runs.len().max(1) as f64;
    let mut share = IndexMap::new();
    let mut mean_gain = IndexMap::new();
    for (k, m) in ctx.models.iter().enumerate() {
        let id = m.info().id.to_owned();
        share.insert(
            id.clone(),
            runs.iter().filter(|r| r[k].0).count() as f64 / n,
        );
        // A model that could not run on a draw counts as not accepting and adds no gain.
        let gains: Vec<f64> = runs
            .iter()
            .map(|r| r[k].1)
            .filter(|g| g.is_finite())
            .collect();
        mean_gain.insert(id, gains.iter().sum::<f64>() / gains.len().max(1) as f64);
    }
    let under_all = runs.iter().filter(|r| r.iter().all(|m| m.0)).count() as f64 / n;
    let mut with_model_error = IndexMap::new();
    for (k, m) in ctx.models.iter().enumerate() {
        if errors[k].is_some() {
            let held = runs.iter().filter(|r| r[k].2 == Some(true)).count();
            with_model_error.insert(m.info().id.to_owned(), held as f64 / n);
        }
    }
    let under_all_with_model_error = (!with_model_error.is_empty()).then(|| {
        let all = |r: &&DrawResult| r.iter().all(|m| m.2 != Some(false));
        runs.iter().filter(all).count() as f64 / n
    });
    Ok(Acceptance {
        runs: mc.runs,
        seed: mc.seed,
        share,
        under_all,
        mean_gain,
        with_model_error,
        under_all_with_model_error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Actor;
    use crate::issue::Issue;
    use crate::scenario::Scenario;

    fn inputs(a: &[(f64, f64)], b: &[(f64, f64)]) -> Inputs {
        let mut s = Scenario::named("t");
        s.issues.push(Issue::new("p"));
        s.issues.push(Issue::new("q"));
        let mut x = Actor::new("a", 1.0);
        let mut y = Actor::new("b", 1.0);
        for (k, id) in ["p", "q"].iter().enumerate() {
            x = x.with_stance(*id, a[k].0, a[k].1);
            y = y.with_stance(*id, b[k].0, b[k].1);
        }
        s.actors.push(x);
        s.actors.push(y);
        Inputs::from_scenario(&s).unwrap()
    }

    #[test]
    fn one_issue_is_the_actor_position_clamped_into_the_zone() {
        // a at 80, b at 40 (salience 1); against a forecast of 30 b accepts |x - 40| <= 10,
        // [30, 50]: the best for a is 50.
        let inputs = inputs(&[(80.0, 1.0), (0.0, 0.0)], &[(40.0, 1.0), (0.0, 0.0)]);
        let issues = [0];
        let bound = cost(&inputs, 1, &issues, &[30.0]);
        let p = Problem {
            inputs: &inputs,
            issues: &issues,
            actor: 0,
            bounds: vec![(1, bound)],
        };
        let x = p.solve(&[vec![30.0]]).unwrap();
        assert!((x[0] - 50.0).abs() < 1e-6, "{x:?}");
    }

    #[test]
    fn two_issues_trade_to_the_hand_computed_optimum() {
        // b at (0, 100), saliences (1, 1), against a forecast of (50, 50): b accepts
        // x1 + (100 - x2) <= 100, i.e. x1 <= x2. a at (100, 50), saliences (1, 0.5), minimises
        // (100 - x1) + 0.5 |x2 - 50|; along x1 = x2 = t >= 50 that is 75 - 0.5 t, least at
        // t = 100: the package (100, 100), a's cost 25.
        let inputs = inputs(&[(100.0, 1.0), (50.0, 0.5)], &[(0.0, 1.0), (100.0, 1.0)]);
        let issues = [0, 1];
        let bound = cost(&inputs, 1, &issues, &[50.0, 50.0]);
        let p = Problem {
            inputs: &inputs,
            issues: &issues,
            actor: 0,
            bounds: vec![(1, bound)],
        };
        let x = p.solve(&[vec![50.0, 50.0]]).unwrap();
        assert!(p.feasible(&x));
        assert!((cost(&inputs, 0, &issues, &x) - 25.0).abs() < 1e-6, "{x:?}");
    }

    /// One issue; parties l at 0, m at 50 and r at 100 (salience 1), judged against two
    /// models forecasting 30 and 70. Each accepts x only if no farther than its nearer
    /// forecast: l needs x <= 30, r needs x >= 70, m needs 30 <= x <= 70. Together: nothing.
    /// Without l, x = 70 satisfies m and r; without r, x = 30 satisfies l and m; without m, l
    /// and r still conflict. So l and r block, m does not.
    #[test]
    fn the_parties_whose_acceptance_alone_blocks_a_package_are_found() {
        let mut s = Scenario::named("t");
        s.issues.push(Issue::new("p"));
        for (id, pos) in [("a", 50.0), ("l", 0.0), ("m", 50.0), ("r", 100.0)] {
            s.actors
                .push(Actor::new(id, 1.0).with_stance("p", pos, 1.0));
        }
        let inputs = Inputs::from_scenario(&s).unwrap();
        let issues = [0];
        let bounds = [1, 2, 3]
            .into_iter()
            .flat_map(|i| [30.0, 70.0].map(|f| (i, cost(&inputs, i, &issues, &[f]))))
            .collect();
        let p = Problem {
            inputs: &inputs,
            issues: &issues,
            actor: 0,
            bounds,
        };
        let starts = [vec![30.0], vec![70.0], vec![50.0]];
        assert_eq!(p.solve(&starts), None);
        assert_eq!(blockers(&p, &[1, 2, 3], &starts), vec![1, 3]);
    }

    #[test]
    fn no_feasible_start_means_no_package() {
        let inputs = inputs(&[(100.0, 1.0), (50.0, 0.5)], &[(0.0, 1.0), (100.0, 1.0)]);
        let issues = [0, 1];
        let p = Problem {
            inputs: &inputs,
            issues: &issues,
            actor: 0,
            // b accepts nothing: its cost can never be negative.
            bounds: vec![(1, -1.0)],
        };
        assert_eq!(p.solve(&[vec![50.0, 50.0]]), None);
    }
}
