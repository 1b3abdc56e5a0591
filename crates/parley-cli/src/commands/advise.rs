//! `parley advise`: strategy advice for one actor (levers, best proposal, coalitions), as text
//! or JSON. The search itself is `parley_core::advise`.

use std::fmt::Write as _;

use parley_core::advise::{
    self, Advice, Coalition, Field, Lever, Measure, OddsFall, Package, ProposalSet,
};
use parley_core::uncertainty::MonteCarlo;
use parley_core::{Cancel, Scenario};

use crate::cli::progress::Progress;
use crate::cli::{Failure, ScenarioArgs, confirm, emit, json, with_label};
use crate::commands::calibrate;
use parley_report::text::percent as pct;

/// Output formats of `parley advise`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AdviseFormat {
    /// Plain text.
    Text,
    /// The advice as JSON.
    Json,
    /// One self-contained HTML page.
    Html,
}

/// `parley advise`.
#[derive(Debug, clap::Args)]
pub struct AdviseArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// The actor to advise (its id).
    #[arg(long, value_name = "ID")]
    actor: String,
    /// A condition the actor wants to hold, e.g. "iran_nuclear >= 60"; without one, advice
    /// serves the actor's own positions.
    #[arg(long)]
    goal: Option<String>,
    /// Monte Carlo runs behind the goal's odds and the proposal's acceptance (0: point runs
    /// only).
    #[arg(long, default_value_t = 1000)]
    runs: usize,
    /// Move every number by this share of its scale (salience: by this amount) either way,
    /// instead of to the ends of its range (the ranges' ends are then not tried); in (0, 1].
    #[arg(long)]
    budget: Option<f64>,
    /// Levers to show.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = AdviseFormat::Text)]
    format: AdviseFormat,
    #[command(flatten)]
    confirm: confirm::ConfirmArgs,
}

/// Runs `parley advise`.
pub fn exec(args: &AdviseArgs) -> Result<(), Failure> {
    let models = args.scenario.models()?;
    let scenario = args.scenario.scenario()?;
    confirm::check_runs(args.runs)?;
    confirm::confirm_work(
        &scenario,
        &models,
        parley_core::cost::evaluations::advise(&scenario, args.runs),
        args.confirm,
    )?;
    let seed = args.scenario.seed(&scenario);
    let settings = advise::Settings {
        goal: args.goal.clone(),
        budget: args.budget,
        top: args.top,
        monte_carlo: (args.runs > 0).then_some(MonteCarlo {
            runs: args.runs,
            seed,
        }),
        ..advise::Settings::new(args.actor.clone())
    };
    let calibration = calibrate::for_scenario(&scenario, args.scenario.file())?;
    // The lever search's size is not known in advance; the Monte Carlo runs that follow it
    // are counted (with an ETA) as the search plans them.
    let what = "advise: Monte Carlo runs for odds and acceptance";
    let bar = match settings.monte_carlo {
        Some(_) => Progress::planned(what),
        None => Progress::new(0, what),
    };
    let advice = advise::advise_with_progress(
        &scenario,
        &models,
        &settings,
        Some(&calibration),
        &Cancel::never(),
        &|step| match step {
            advise::Progress::Planned(n) => bar.plan(n),
            advise::Progress::Run => bar.tick(),
        },
    )
    .map_err(|e| {
        let mut message = match &e {
            // The core names no flag (the web and Python word it for their fields).
            advise::AdviseError::UnknownActor { id, known } => {
                format!("error: unknown actor '{id}' (--actor); actors: {known}")
            }
            _ => format!("error: {e}"),
        };
        // An actor the file has but the variant removed: say so, or the list looks wrong.
        if matches!(e, advise::AdviseError::UnknownActor { .. })
            && !args.scenario.variant.is_empty()
            && args
                .scenario
                .base()
                .is_ok_and(|base| base.actors.iter().any(|a| a.id == args.actor))
        {
            message.push_str(&format!(
                " ('{}' is in the scenario file, but the variant asked for (--what-if, \
                 --set) removes it)",
                args.actor
            ));
        }
        // A flag's own value (--actor, --goal, --budget, --top) is a usage error, exit 2.
        if matches!(
            e,
            advise::AdviseError::UnknownActor { .. }
                | advise::AdviseError::Goal { .. }
                | advise::AdviseError::GoalOffScale { .. }
                | advise::AdviseError::BadBudget(_)
                | advise::AdviseError::BadTop
        ) {
            Failure::usage(message)
        } else {
            Failure::input(message)
        }
    })?;
    bar.finish();
    let text = match args.format {
        AdviseFormat::Json => json(&args.scenario.variant.labelled(&serde_json::json!({
            "scenario": scenario.meta.name,
            "advice": advice,
        })))?,
        AdviseFormat::Text => {
            with_label(&args.scenario.variant.label(), render(&scenario, &advice))
        }
        AdviseFormat::Html => {
            parley_report::advise_html::render(&scenario, &advice, &args.scenario.variant.label())
        }
    };
    emit(&text)
}

fn name<'a>(s: &'a Scenario, actor: &'a str) -> &'a str {
    s.actors
        .iter()
        .find(|a| a.id == actor)
        .map_or(actor, |a| a.name.as_str())
}

fn issue_name<'a>(s: &'a Scenario, issue: &'a str) -> &'a str {
    s.issues
        .iter()
        .find(|i| i.id == issue)
        .map_or(issue, |i| i.name.as_str())
}

/// A package's positions, each on its issue's scale as `parley run` prints it.
fn positions(s: &Scenario, p: &Package) -> String {
    p.position
        .iter()
        .map(|(i, v)| format!("{i} {}", parley_report::text::scenario_value(s, i, *v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The advice as plain text.
pub fn render(s: &Scenario, a: &Advice) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Advice for {} ({}) — {}",
        name(s, &a.actor),
        a.actor,
        s.meta.name
    );
    let _ = writeln!(out, "Models: {}", a.models.join(", "));
    for (m, why) in &a.skipped {
        let _ = writeln!(out, "  (skipped {m}: {why})");
    }
    goal_section(&mut out, a);
    levers_section(&mut out, s, a);
    proposals_section(&mut out, s, a);
    coalitions_section(&mut out, a);
    out.push_str(
        "\nAdvice is only as good as the forecasts behind it: see docs/advise.md (limits) and \
         docs/backtest.md.\n",
    );
    out
}

fn goal_section(out: &mut String, a: &Advice) {
    match &a.goal {
        Some(goal) => {
            let _ = writeln!(out, "Goal: {goal}");
            let holds: Vec<&str> = a
                .baseline
                .iter()
                .filter(|b| b.holds == Some(true))
                .map(|b| b.model.as_str())
                .collect();
            let _ = writeln!(
                out,
                "  Without a move it holds under {} of {} models{}.",
                holds.len(),
                a.baseline.len(),
                if holds.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", holds.join(", "))
                }
            );
            let short: Vec<String> = a
                .baseline
                .iter()
                .map(|b| format!("{} {:.1}", b.model, b.shortfall.unwrap_or(0.0)))
                .collect();
            let _ = writeln!(out, "  Shortfall (points of 0-100): {}", short.join(", "));
            if let Some(o) = &a.baseline_odds {
                let _ = writeln!(
                    out,
                    "  Odds over {} Monte Carlo runs (seed {}), input ranges only: {}",
                    o.runs,
                    o.seed,
                    odds_list(&o.probability)
                );
                if !o.with_model_error.is_empty() {
                    let _ = writeln!(
                        out,
                        "  ... with each model's measured error added: {}",
                        odds_list(&o.with_model_error)
                    );
                }
            }
            if a.goal_reachable == Some(false) {
                let _ = writeln!(
                    out,
                    "  No lever reaches this: no single move in the search makes the goal hold \
                     under any model."
                );
            }
        }
        None => {
            let _ = writeln!(
                out,
                "No goal: levers are ranked by {}'s utility gain (its own positions).",
                a.actor
            );
        }
    }
}

fn odds_list(m: &indexmap::IndexMap<String, f64>) -> String {
    m.iter()
        .map(|(k, v)| format!("{k} {}", pct(*v)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn lever_words(s: &Scenario, l: &Lever) -> String {
    let field = match l.field {
        Field::Position => "position",
        Field::Salience => "salience",
    };
    format!(
        "moving {}'s {} on {} from {} to {}",
        name(s, &l.actor),
        field,
        issue_name(s, &l.issue),
        l.from,
        l.to
    )
}

fn levers_section(out: &mut String, s: &Scenario, a: &Advice) {
    let unit = match a.measure {
        Measure::GoalShortfall => "points closer to the goal",
        Measure::Utility => "utility gain",
    };
    let _ = writeln!(
        out,
        "\nLevers ({} moves tried, each an exact re-run of every model; effect = {unit}):",
        a.evaluated
    );
    if let Some(b) = a.budget {
        let _ = writeln!(
            out,
            "  Moves by the budget (--budget {b}): {}",
            parley_report::advise_html::budget_moves(b)
        );
    }
    if !a.levers.is_empty() {
        let _ = writeln!(
            out,
            "  Ranked: first the levers that hurt under no model (worse under none at point \
             values{}), then the rest; each group by mean effect.",
            if a.baseline_odds.is_some() {
                ", odds falling under none beyond Monte Carlo noise"
            } else {
                ""
            }
        );
    }
    if !a.screened_with.is_empty() {
        let _ = writeln!(
            out,
            "  (too many to re-run every model on each: all were screened with {}; the best \
             were re-run under every model, so a move that matters only under the others can \
             be missed)",
            a.screened_with.join(", ")
        );
    }
    if a.levers.is_empty() && a.evaluated == 0 {
        let _ = writeln!(
            out,
            "  No move was tried: no number has a range to move within, or \
             every move is beyond the budget. Give ranges (low, high) to the numbers that may \
             move, or --budget F to move every position and salience by F of its scale \
             (docs/advise.md)."
        );
    } else if a.levers.is_empty() {
        let toward = match a.measure {
            Measure::GoalShortfall => "toward the goal",
            Measure::Utility => "to the actor's gain",
        };
        let _ = writeln!(out, "  No lever moves the result {toward}.");
    }
    for (k, l) in a.levers.iter().enumerate() {
        let _ = writeln!(out, "{:>3}. --set \"{}\"", k + 1, l.edit);
        let _ = writeln!(out, "     {}", lever_words(s, l));
        let per: Vec<String> = l
            .effects
            .iter()
            .map(|e| format!("{} {:+.3}", e.model, e.effect))
            .collect();
        let _ = writeln!(
            out,
            "     effect: mean {:+.3}, worst {:+.3} under {} ({})",
            l.mean_effect,
            l.worst_effect,
            l.worst_model,
            per.join(", ")
        );
        if !l.worse_under.is_empty() {
            let _ = writeln!(
                out,
                "     worse under {} at point values",
                l.worse_under.join(", ")
            );
        }
        let now: Vec<&str> = l
            .effects
            .iter()
            .filter(|e| e.holds_after == Some(true) && e.holds_before != Some(true))
            .map(|e| e.model.as_str())
            .collect();
        if !now.is_empty() {
            let _ = writeln!(out, "     the goal now holds under: {}", now.join(", "));
        }
        if let (Some(o), Some(b)) = (&l.odds, &a.baseline_odds) {
            let moves: Vec<String> = o
                .probability
                .iter()
                .map(|(m, p)| {
                    format!(
                        "{m} {} -> {}",
                        pct(b.probability.get(m).copied().unwrap_or(0.0)),
                        pct(*p)
                    )
                })
                .collect();
            let _ = writeln!(out, "     odds: {}", moves.join(", "));
        }
        if !l.odds_fall.is_empty() {
            let _ = writeln!(out, "     {}", odds_fall_words(&l.odds_fall));
        }
        let benefit: Vec<String> = l
            .effects
            .iter()
            .map(|e| format!("{} {:+.3}", e.model, e.benefit))
            .collect();
        let _ = writeln!(out, "     benefit to {}: {}", a.actor, benefit.join(", "));
        if let Some(c) = l.concession {
            let _ = writeln!(
                out,
                "     {} concedes: {c:.3} utility (stating {} instead of its ideal)",
                a.actor, l.to
            );
        }
        if let Some(k) = l.ask {
            let _ = writeln!(
                out,
                "     asks of {}: {k:.3} utility (its loss at its own position)",
                l.actor
            );
        }
    }
}

/// "raises the mean but lowers the odds under eum: 24.0% -> 17.0% (beyond noise, 3.6
/// points)": the flag usability item 13 asked for, with the noise that separates a real fall
/// from a different random stream.
fn odds_fall_words(falls: &[OddsFall]) -> String {
    let each: Vec<String> = falls
        .iter()
        .map(|f| {
            format!(
                "{}: {} -> {} ({} Monte Carlo noise of {:.1} points)",
                f.model,
                pct(f.before),
                pct(f.after),
                if f.beyond_noise { "beyond" } else { "within" },
                100.0 * f.noise
            )
        })
        .collect();
    format!(
        "raises the mean but lowers the odds under {}",
        each.join(", ")
    )
}

fn package_line(s: &Scenario, p: &Package) -> String {
    format!(
        "{}; gain worst {:+.3}, mean {:+.3}; accepted against: {}",
        positions(s, p),
        p.worst_gain,
        p.mean_gain,
        if p.accepted_under.is_empty() {
            "no model".into()
        } else {
            p.accepted_under.join(", ")
        }
    )
}

fn proposals_section(out: &mut String, s: &Scenario, a: &Advice) {
    let _ = writeln!(
        out,
        "\nBest proposal (every other party must prefer it to the forecast without a deal):"
    );
    if a.proposals.is_empty() {
        let _ = writeln!(out, "  {} takes part in no issue.", a.actor);
    }
    let shown = a.proposals.iter().take(3);
    for p in shown {
        proposal(out, s, a, p);
    }
    let rest = a.proposals.len().saturating_sub(3);
    if rest > 0 {
        let _ = writeln!(out, "  ({rest} more issue sets in --format json)");
    }
}

/// Who stands in the way of a package every party accepts, and what to try (usability item
/// 14: "no package found" left the analyst without a next step).
fn no_package_next_step(p: &ProposalSet) -> String {
    match p.blockers.as_slice() {
        [] => "no single party's refusal is the cause: the parties' demands conflict across the \
               models; the packages under each model alone (below) are the options, or judge \
               against one model with --model"
            .to_owned(),
        [one] => format!(
            "{one} blocks it: without {one}'s acceptance a package would satisfy the others under \
             every model; persuade {one} (see the levers above), or try a variant without it \
             (a --what-if or --set that lowers its salience)"
        ),
        many => format!(
            "each of {} blocks it alone: without any one of them a package would satisfy the \
             rest under every model; persuade one, or try a variant without it",
            many.join(", ")
        ),
    }
}

fn proposal(out: &mut String, s: &Scenario, a: &Advice, p: &ProposalSet) {
    let what = match p.kind {
        advise::proposal::SetKind::Mediation => "As mediator".to_owned(),
        advise::proposal::SetKind::Linkage => format!("Linkage {}", p.label),
        advise::proposal::SetKind::Issue => format!("Issue {}", issue_name(s, &p.label)),
    };
    let _ = writeln!(
        out,
        "  {what} ({}) with {}:",
        p.issues.join(", "),
        p.parties.join(", ")
    );
    match &p.robust {
        Some(r) if r.worst_gain <= advise::levers::NO_EFFECT => {
            let _ = writeln!(
                out,
                "    under every model at once: nothing beats the forecast without a deal for {} \
                 (best: {})",
                a.actor,
                package_line(s, r)
            );
        }
        Some(r) => {
            let _ = writeln!(out, "    under every model: {}", package_line(s, r));
            let parties: Vec<String> = r
                .party_gain
                .iter()
                .map(|(k, g)| format!("{k} {g:+.3}"))
                .collect();
            let _ = writeln!(out, "    parties' worst-case gain: {}", parties.join(", "));
        }
        None => {
            let _ = writeln!(
                out,
                "    no package found that satisfies every party under every model at once"
            );
            let _ = writeln!(out, "    {}", no_package_next_step(p));
        }
    }
    for m in &p.per_model {
        if let Some(pk) = &m.package
            && !p.none_under.contains(&m.model)
        {
            let g = pk.gain.get(&m.model).copied().unwrap_or(0.0);
            let _ = writeln!(
                out,
                "    under {} alone: {} (gain {g:+.4})",
                m.model,
                positions(s, pk)
            );
        }
    }
    if !p.none_under.is_empty() {
        let _ = writeln!(
            out,
            "    no package that all parties accept gains {} anything under: {}",
            a.actor,
            p.none_under.join(", ")
        );
    }
    if let Some(sp) = &p.scenario_proposal {
        let _ = writeln!(
            out,
            "    the scenario's mediator proposal: {}",
            package_line(s, sp)
        );
    }
    if let Some(acc) = &p.acceptance {
        if let Some(all) = acc.under_all_with_model_error {
            let _ = writeln!(
                out,
                "    over {} Monte Carlo runs with each model's measured error: accepted against {}; under all models {}",
                acc.runs,
                odds_list(&acc.with_model_error),
                pct(all)
            );
        }
        let _ = writeln!(
            out,
            "    over {} Monte Carlo runs (input ranges only): accepted against {}; under all models {}",
            acc.runs,
            odds_list(&acc.share),
            pct(acc.under_all)
        );
    }
}

fn coalitions_section(out: &mut String, a: &Advice) {
    let _ = writeln!(
        out,
        "\nCoalitions (partners taking {}'s positions on shared issues; a partner asked more than \
         its stake, its gain from the status quo to its own positions, would be converted, not \
         allied: conversions come after every coalition):",
        a.actor
    );
    if a.coalitions.is_empty() {
        let toward = if a.goal.is_some() {
            "toward the goal"
        } else {
            "in a way that raises its utility"
        };
        let _ = writeln!(out, "  No partner's alignment moves the result {toward}.");
    }
    for c in a.coalitions.iter().take(5) {
        let _ = writeln!(
            out,
            "  {}{}: effect mean {:+.3}, worst {:+.3} under {}; asks {:.3} utility of them",
            c.partners.join(" + "),
            if c.conversion {
                " (a conversion, not a coalition)"
            } else {
                ""
            },
            c.mean_effect,
            c.worst_effect,
            c.worst_model,
            c.ask
        );
        let _ = writeln!(out, "    {}", asks_words(a, c));
        if !c.eum.is_empty() {
            let cls: Vec<String> = c.eum.iter().map(|(i, k)| format!("{i} {k}")).collect();
            let _ = writeln!(out, "    EUM now: {}", cls.join(", "));
        }
        if let Some(smp) = &c.smp {
            let _ = writeln!(
                out,
                "    SMP: {}'s position wins the election among the starting positions with probability {} now, {} aligned",
                a.actor,
                pct(smp.before),
                pct(smp.after)
            );
        }
        let sets: Vec<String> = c.edits.iter().map(|e| format!("--set \"{e}\"")).collect();
        let _ = writeln!(out, "    {}", sets.join(" "));
    }
    let rest = &a.coalitions[a.coalitions.len().min(5)..];
    if !rest.is_empty() {
        let conversions = rest.iter().filter(|c| c.conversion).count();
        let _ = writeln!(
            out,
            "  ({} more in --format json{})",
            rest.len(),
            if conversions > 0 {
                format!(", {conversions} of them conversions")
            } else {
                String::new()
            }
        );
    }
}

/// Each partner's ask against its stake: "asks sau 0.760, more than its stake 0.000: it
/// prefers the status quo to pan's positions".
fn asks_words(a: &Advice, c: &Coalition) -> String {
    let each: Vec<String> = c
        .asks
        .iter()
        .map(|k| match k.stake {
            Some(stake) if k.conversion => format!(
                "{} {:.3}, more than its stake {stake:.3}: it prefers the status quo to {}'s \
                 positions",
                k.partner, k.ask, a.actor
            ),
            Some(stake) => format!("{} {:.3} of its stake {stake:.3}", k.partner, k.ask),
            None => format!(
                "{} {:.3} (stake unknown: a shared issue has no status quo)",
                k.partner, k.ask
            ),
        })
        .collect();
    format!("asks {}", each.join("; "))
}
