//! Bueno de Mesquita's expected utility model (EUM): rounds of challenges and offers, one issue
//! at a time, forecasting the median voter position.
//!
//! Sources: Bueno de Mesquita (1994), "Political forecasting: an expected utility method", in
//! Bueno de Mesquita & Stokman (eds.), *European Community Decision Making*; Bueno de Mesquita
//! (1997), "A decision making model: its structure and form", *International Interactions* 23;
//! Bueno de Mesquita (2002), *Predicting Politics*; and the specification and replication of
//! Scholz, Calbert & Smith (2011), "Unravelling Bueno De Mesquita's group decision model",
//! *Journal of Theoretical Politics* 23(4):510-531.
//!
//! On one issue, actor `i` has position `x_i`, capability `c_i` and salience `s_i` in `(0, 1]`;
//! `L` is the range of positions and `w_i = c_i s_i` its vote weight. A round:
//!
//! 1. The **median voter** position `mu` (the `w`-weighted median, which beats every other
//!    position in pairwise votes) is the round's forecast; the weighted mean is reported beside.
//! 2. **Win probability** of `i` against `j`: the vote of the actors closer to `i`,
//!    `sum_k w_k (|x_k - x_j| - |x_k - x_i|)`, over a normalising total.
//! 3. **Utilities** with risk exponent `r` and `d = |x_i - x_j| / L`:
//!    `U_s = 2 - 4 (1/2 - d/2)^r` (success), `U_f = 2 - 4 (1/2 + d/2)^r` (failure),
//!    `U_sq = 2 - 4 (1/2)^r` (status quo), and with `d_bw = (|x_i - mu| + |x_i - x_j|) / L`,
//!    `U_b = 2 - 4 (1/2 - d_bw/4)^r`, `U_w = 2 - 4 (1/2 + d_bw/4)^r` (things get better or worse
//!    without a challenge).
//! 4. **Expected utility** of `i` challenging `j`:
//!    `E(U_ij) = s_j [P U_s + (1 - P) U_f] + (1 - s_j) U_s - Q U_sq - (1 - Q)[T U_b + (1 - T) U_w]`,
//!    `T = 1` iff `|x_i - mu| < |x_i - x_j|`.
//! 5. **Risk**: a first pass with `r = 1` gives each actor's exposure `Sec_i`, the sum of the
//!    others' expected utilities of challenging it; `R_i = (2 Sec_i - max Sec - min Sec) /
//!    (max Sec - min Sec)` and `r_i = (1 - R_i/3) / (1 + R_i/3)`, in `[0.5, 2]`; a second pass
//!    uses these exponents.
//! 6. **Offers**: for each pair, the signs of the two expected utilities place it in an octant:
//!    both positive a conflict, opposite signs a compromise (the side with the upper hand gets
//!    part of the way, `|E_loser / E_winner|` of the distance) or a capitulation (all of it),
//!    both negative a stalemate. Each actor accepts at most one offer ([`OfferChoice`]), all
//!    moves happen at once, and the next round starts.
//!
//! Implementations disagree on a dozen points the publications leave open. Parley offers two
//! documented variants ([`EumVariant`]): **scholz** keeps the quirks of Scholz's own code as the
//! faithful Python port `jmckib/bdm-scholz-expected-utility-model` (commit 55f63e9f) runs it,
//! and reproduces its medians and means on the EC car-emissions case to about 1e-12; **convergent**
//! (the default) follows `hamzagul07/schelling` (commit e4faad65), with the full no-challenge
//! term and a stopping rule, and settles that case at 9.53. Each choice, with what each
//! reference does, is listed in `docs/models/eum.md`.
//!
//! Further choices of Parley's own, in both variants:
//! - EUM is a one-issue model: each issue is played on its own, with the actors that take part
//!   in it with positive salience; the others keep their positions and have no vote.
//! - Capabilities only enter through ratios; they are divided by the issue's largest so that
//!   sums cannot overflow.
//! - Two actors at the same position have nothing to dispute: their expected utilities are 0
//!   (the references agree at `Q = 1`; at `Q != 1` schelling would give such pairs a non-zero
//!   value and zero-length "moves").
//! - Equal security levels (all within a relative 1e-12) give every actor `R = 0`, `r = 1`
//!   (schelling's rule; the scholz port divides by zero there).
//! - On an exact median tie (the cumulative weight reaching exactly half at a position) the
//!   lower position is taken and the round is flagged ([`EumRoundRecord::median_tie`]).
//! - An expected utility within 1e-12 of zero counts as zero (no gain, no move): a
//!   compromising actor's expected utility shrinks geometrically towards zero as it closes in,
//!   so an exact test would let rounding decide the round in which it turns to another offer.
//! - Sums run over the actors sorted by position and offers are ranked on their content, so
//!   the convergent variant with the most-enforceable or least-move rule does not depend on
//!   the order of the actors in the file; Scholz's offer rule breaks its remaining ties by file
//!   order, as the port does.
//! - An actor's risk attitude, when the analyst gives one (`actor.risk`, `R` in `[-1, 1]`),
//!   replaces the one step 5 derives from its exposure, through the same `r = (1 - R/3) /
//!   (1 + R/3)`; actors without one keep the derived attitude. Neither reference reads an
//!   attitude from its input, but Bueno de Mesquita (1994) defines `R` as the actor's attitude
//!   and derives it from exposure only for want of a measurement.
//!
//! Cost per round: `O(n^2)` time after an `O(n log n)` sort, and `O(n^2)` memory, for `n`
//! actors on the issue, instead of the port's `O(n^5)` offer pass and `O(n^6)` risk pass. The
//! votes behind all win probabilities come from per-position prefix sums over the actors sorted
//! by position: a pair's supporters are the voters on its side of the midpoint, which a
//! two-pointer sweep finds. The scholz variant's all-triples normaliser comes from one sorted
//! merge per voter.

use std::cmp::Ordering;

use serde::Serialize;

use crate::inputs::Inputs;
use crate::model::{
    ForecastStatus, IssueForecast, Model, ModelError, ModelInfo, Outcome, Round, StopReason,
    no_salience_forecast,
};
use crate::pairs::{PairClasses, PairClassifier, PairTally};

/// Relative tolerance under which security levels count as all equal, and a cumulative vote
/// weight as exactly half the total (a median tie): far above rounding noise, far below any
/// difference in the reference cases (security spreads of 6.1 and more).
const REL_TIE: f64 = 1e-12;

/// An expected utility within this of zero counts as zero: neither side expects to gain, as
/// both references treat an exact zero. A compromising actor's expected utility of challenging
/// the proposer shrinks geometrically from round to round as it closes in (the distance left
/// shrinks), so with an exact test rounding would decide the round in which it crosses zero
/// and the actor turns to another offer; the band makes that round well defined. The
/// references' smallest margin on their three cases is 1.75e-6.
const ZERO_EU: f64 = 1e-12;

/// Which implementation's rules the model follows; `docs/models/eum.md` lists them side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EumVariant {
    /// Scholz's own code as the jmckib port runs it: the range fixed at the start, the win
    /// probability's denominator summed over all actor triples and each voter's distances raised
    /// to its risk exponent, every actor judging both sides of a pair with its own exponent, no
    /// `U_b`/`U_w` term (only `- Q U_sq`), the lower side of a conflict moving all the way, no
    /// capitulation (a typo in the code), and no stopping rule.
    Scholz,
    /// schelling's rules: the range recomputed every round, the per-pair win probability with
    /// linear votes, each challenger's own exponent, the full no-challenge term, no move in a
    /// conflict, compromise or capitulation ("compel") for the side without the upper hand, one
    /// decision per pair, and a stopping rule on the median.
    #[default]
    Convergent,
}

/// Which of the offers an actor receives in a round it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferChoice {
    /// Scholz's code: any conflict offer before any compromise before any capitulation; among
    /// conflicts (and capitulations) the least move; among compromises the lowest EU-weighted
    /// position `(|E_mover| x_mover + |E_proposer| x_proposer) / (|E_mover| + |E_proposer|)`
    /// (a position, not a distance: it depends on which end of the scale is low). Remaining
    /// ties go to the proposer first in file order, as in the port, so results can depend on
    /// the order of the actors in the file.
    ScholzPriority,
    /// schelling's rule: the most enforceable offer (the highest expected utility of the
    /// proposer), then the least move, then the lower target, then the proposer first in file
    /// order.
    MostEnforceable,
    /// The least move, then the most enforceable, then the lower target, then file order: the
    /// actor concedes as little as it can.
    LeastMove,
}

/// When an iterative run counts as settled.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Convergence {
    /// The end-of-round median must move by less than this (internal 0-100 scale, so 0.5 is
    /// half a percent of the issue's scale) ...
    pub epsilon: f64,
    /// ... in each of this many consecutive rounds (at least 1). The starting median does not
    /// count, so a run lasts at least `patience + 1` rounds.
    pub patience: usize,
}

/// Bueno de Mesquita's expected utility model. [`Eum::default`] is the convergent variant;
/// [`Eum::scholz`] reproduces Scholz's code.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Eum {
    /// The rules followed (see [`EumVariant`]).
    pub variant: EumVariant,
    /// Probability `Q` that the target of a challenge does nothing, in `[0, 1]` (1 in Scholz's
    /// replication and by default). In the scholz variant only the `- Q U_sq` term uses it, as
    /// in the port: its results at `Q != 1` are the port's, not the paper's.
    pub q: f64,
    /// Round cap (20 for the convergent variant, 8 for scholz, the length of Scholz's Table 2).
    pub max_rounds: usize,
    /// Which offer an actor accepts.
    pub offer_choice: OfferChoice,
    /// The stopping rule; `None` plays all `max_rounds` rounds (the scholz port has no rule).
    pub convergence: Option<Convergence>,
}

impl Default for Eum {
    fn default() -> Self {
        Self::convergent()
    }
}

impl Eum {
    /// The convergent variant with schelling's settings: `Q = 1`, the most enforceable offer,
    /// stop when the median moves less than 0.5 (internal scale) in 2 consecutive rounds, at
    /// most 20 rounds.
    pub fn convergent() -> Self {
        Self {
            variant: EumVariant::Convergent,
            q: 1.0,
            max_rounds: 20,
            offer_choice: OfferChoice::MostEnforceable,
            convergence: Some(Convergence {
                epsilon: 0.5,
                patience: 2,
            }),
        }
    }

    /// The scholz variant as the port runs it: `Q = 1`, Scholz's offer priority, 8 rounds and
    /// no stopping rule.
    pub fn scholz() -> Self {
        Self {
            variant: EumVariant::Scholz,
            q: 1.0,
            max_rounds: 8,
            offer_choice: OfferChoice::ScholzPriority,
            convergence: None,
        }
    }

    /// Runs the model and returns everything it computes: per issue and round the median, the
    /// weighted mean, the positions, the risk exponents and the moves; and the classification
    /// of every actor pair at the start and at the end. Positions are on the internal 0-100
    /// scale. The pair lists are `O(n^2)` per issue; [`Model::run`] skips them.
    pub fn simulate(&self, inputs: &Inputs) -> Result<EumRun, ModelError> {
        self.play(inputs, PairsOut::Lists)
    }

    fn check(&self) -> Result<(), ModelError> {
        let bad = |reason: String| {
            Err(ModelError::Unsupported {
                model: "eum",
                reason,
            })
        };
        if !(0.0..=1.0).contains(&self.q) {
            return bad(format!("Q must be in [0, 1], not {}", self.q));
        }
        if let Some(c) = self.convergence {
            if !(c.epsilon >= 0.0 && c.epsilon.is_finite()) {
                return bad(format!(
                    "the convergence epsilon must be a finite number >= 0, not {}",
                    c.epsilon
                ));
            }
            if c.patience == 0 {
                return bad("the convergence patience must be at least 1 round".into());
            }
        }
        Ok(())
    }

    fn play(&self, inputs: &Inputs, mut pairs: PairsOut<'_>) -> Result<EumRun, ModelError> {
        self.check()?;
        let mut issues: Vec<EumIssueRun> = Vec::with_capacity(inputs.n_issues());
        for j in 0..inputs.n_issues() {
            issues.push(self.play_issue(inputs, j, &mut pairs));
            // An issue cut short by cancellation is never returned.
            inputs.cancel().check()?;
        }
        let outcome = assemble(inputs, &issues);
        Ok(EumRun {
            variant: self.variant,
            outcome,
            issues,
        })
    }

    fn play_issue(&self, inputs: &Inputs, j: usize, pairs: &mut PairsOut<'_>) -> EumIssueRun {
        let players = Players::new(inputs, j);
        if players.actors.is_empty() {
            return EumIssueRun {
                issue: j,
                actors: Vec::new(),
                rounds: Vec::new(),
                stop: None,
                forecast: no_salience_forecast(inputs, j),
                initial_pairs: Vec::new(),
                final_pairs: Vec::new(),
            };
        }
        let mut x: Vec<f64> = players
            .actors
            .iter()
            .map(|&i| inputs.positions(j)[i] + 0.0)
            .collect();
        let mut game = Game {
            variant: self.variant,
            q: self.q,
            range0: spread(&x),
            players,
            work: Work::default(),
        };
        let mut rounds = vec![game.record(&x, game.range(&x), Vec::new(), Vec::new())];
        let initial_pairs = match pairs {
            PairsOut::Lists => game.classify(&x),
            PairsOut::None | PairsOut::Tally(_) => Vec::new(),
        };
        let mut stop = StopReason::MaxRounds {
            rounds: self.max_rounds,
        };
        // For a tally: the classes of the state the last round played evaluated.
        let mut last_classes: Option<Classes> = matches!(pairs, PairsOut::Tally(_)).then(Vec::new);
        let mut fixed = false;
        for t in 1..=self.max_rounds {
            if inputs.cancel().is_cancelled() {
                // `play` sees the token too and discards this issue's run.
                break;
            }
            let record = if fixed {
                // Rounds depend on the positions alone (risk is recomputed from scratch each
                // round), so a round that moved no one repeats itself exactly.
                rounds[t - 1].clone()
            } else {
                let range = game.range(&x);
                let (moves, risk) = game.play_round(&x, self.offer_choice, last_classes.as_mut());
                let mut next = x.clone();
                for m in &moves {
                    next[m.local] = m.record.to;
                }
                fixed = next == x;
                x = next;
                let moves = moves.into_iter().map(|m| m.record).collect();
                game.record(&x, range, risk, moves)
            };
            rounds.push(record);
            if let Some(c) = self.convergence
                && settled(&rounds, c)
            {
                stop = StopReason::Converged { rounds: t };
                break;
            }
        }
        let final_pairs = match pairs {
            PairsOut::Lists => game.classify(&x),
            PairsOut::Tally(tally) => {
                match last_classes {
                    // The last round played started from this very state and moved no one:
                    // its judgments are the final ones, no need to evaluate the state again.
                    Some(classes) if fixed => {
                        let actors = &game.players.actors;
                        for (a, b, class) in classes {
                            tally.record(j, actors[a], actors[b], class.index());
                        }
                    }
                    _ => game.tally(&x, j, tally),
                }
                Vec::new()
            }
            PairsOut::None => Vec::new(),
        };
        let value = rounds.last().map_or(0.0, |r| r.median);
        EumIssueRun {
            issue: j,
            actors: game.players.actors,
            rounds,
            stop: Some(stop),
            forecast: IssueForecast {
                value,
                status: ForecastStatus::Settled,
            },
            initial_pairs,
            final_pairs,
        }
    }
}

impl Model for Eum {
    fn info(&self) -> ModelInfo {
        ModelInfo {
            id: "eum",
            name: match self.variant {
                EumVariant::Convergent => "Expected utility model (Bueno de Mesquita)",
                EumVariant::Scholz => {
                    "Expected utility model (Bueno de Mesquita), Scholz's variant"
                }
            },
            summary: "rounds of challenges and offers between actors weighing expected utilities; forecasts the median voter position, per issue",
            source: "Bueno de Mesquita (1994, 1997, 2002); Scholz, Calbert & Smith (2011)",
            iterative: true,
        }
    }

    fn run(&self, inputs: &Inputs) -> Result<Outcome, ModelError> {
        Ok(self.play(inputs, PairsOut::None)?.outcome)
    }

    /// The rounds of every issue; without the pair lists, which cost two more `O(n^2)`
    /// evaluations and sorts per issue (at 1,000 actors most of a `parley run`) and which no
    /// caller of the generic trait reads: [`Eum::simulate`] gives them.
    fn run_detailed(&self, inputs: &Inputs) -> Result<crate::model::Detailed, ModelError> {
        let r = self.play(inputs, PairsOut::None)?;
        Ok(crate::model::Detailed {
            outcome: r.outcome,
            details: Some(crate::model::Details::Eum { issues: r.issues }),
        })
    }

    fn pair_classifier(&self) -> Option<&dyn PairClassifier> {
        Some(self)
    }
}

impl PairClassifier for Eum {
    /// The final classification of [`EumIssueRun::final_pairs`], in [`Interaction::CLASSES`]
    /// order; the scholz variant's pairs are judged by each side.
    fn pair_classes(&self) -> PairClasses {
        PairClasses {
            names: &Interaction::NAMES,
            per_judge: self.variant == EumVariant::Scholz,
        }
    }

    fn run_tallied(&self, inputs: &Inputs, tally: &mut PairTally) -> Result<Outcome, ModelError> {
        Ok(self.play(inputs, PairsOut::Tally(tally))?.outcome)
    }
}

/// Judgments of one state: (first, second, class), local indices.
type Classes = Vec<(usize, usize, Interaction)>;

/// What a run keeps of the pair classifications.
enum PairsOut<'a> {
    /// Nothing: a plain run.
    None,
    /// Every pair at the start and at the end ([`Eum::simulate`]).
    Lists,
    /// The final classes, counted into a tally (Monte Carlo).
    Tally(&'a mut PairTally),
}

/// Everything one EUM run computes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EumRun {
    /// The variant that ran.
    pub variant: EumVariant,
    /// The common model outcome (the same as [`Model::run`] gives).
    pub outcome: Outcome,
    /// Per issue, in scenario order.
    pub issues: Vec<EumIssueRun>,
}

/// One issue's run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EumIssueRun {
    /// Issue index.
    pub issue: usize,
    /// The actors playing (involved with positive salience), by index, in file order; the
    /// per-actor vectors below follow this order.
    pub actors: Vec<usize>,
    /// The starting state, then one record per round played; empty when no one plays.
    pub rounds: Vec<EumRoundRecord>,
    /// Why the rounds stopped; `None` when no one plays.
    pub stop: Option<StopReason>,
    /// The forecast: the last median (or the no-salience fallback).
    pub forecast: IssueForecast,
    /// Every pair's classification in the starting state (empty from [`Model::run`]).
    pub initial_pairs: Vec<EumPair>,
    /// Every pair's classification in the final state: what the actors would do next
    /// (empty from [`Model::run`]).
    pub final_pairs: Vec<EumPair>,
}

/// The state after one round (or the starting state).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EumRoundRecord {
    /// Positions of the playing actors, internal scale.
    pub positions: Vec<f64>,
    /// The median voter position, the forecast.
    pub median: f64,
    /// Whether the cumulative weight reached exactly half at the median, so that the median
    /// and the next position up tie in a pairwise vote; Parley takes the lower one (the scholz
    /// port's choice there depends on hash order).
    pub median_tie: bool,
    /// The capability x salience weighted mean of the positions.
    pub mean: f64,
    /// The range `L` the round's utilities used (for the starting state: the range the first
    /// round will use).
    pub range: f64,
    /// Risk exponents the round's offers used, per playing actor (empty for the start).
    pub risk: Vec<f64>,
    /// The moves made in this round (empty for the start).
    pub moves: Vec<EumMove>,
}

/// An accepted offer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EumMove {
    /// The actor who moves (actor index).
    pub actor: usize,
    /// Its position before, internal scale.
    pub from: f64,
    /// Its position after.
    pub to: f64,
    /// The actor whose offer it accepted.
    pub proposer: usize,
    /// Conflict (lost: moved all the way), compromise or capitulation.
    pub kind: Interaction,
    /// The mover's expected utility of challenging the proposer.
    pub eu_mover: f64,
    /// The proposer's expected utility of challenging the mover (its enforceability).
    pub eu_proposer: f64,
}

/// What two actors expect from each other, by the signs of their expected utilities of
/// challenging each other (Bueno de Mesquita's octants).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Interaction {
    /// They hold the same position: nothing to dispute.
    Aligned,
    /// Both expect to gain by challenging.
    Conflict,
    /// One expects to gain, the other to lose, and the winner's gain outweighs the loser's
    /// loss: the loser concedes part of the way.
    Compromise,
    /// One expects to gain, the other to lose more than that: the loser gives in completely.
    /// (The scholz variant classifies pairs so but, like the port, never moves on it.)
    Capitulation,
    /// Neither expects to gain (both negative, or one within 1e-12 of zero): the status quo
    /// holds.
    Stalemate,
}

/// The classification of one actor pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EumPair {
    /// Whose judgment this is. In the scholz variant every actor judges both sides of its pairs
    /// with its own risk exponent, so each pair appears twice, once per viewer (`first`); in
    /// the convergent variant each side's expected utility uses its own exponent and each pair
    /// appears once, with no viewer.
    pub viewer: Option<usize>,
    /// One actor (index).
    pub first: usize,
    /// The other actor (index).
    pub second: usize,
    /// Expected utility of `first` challenging `second`.
    pub eu_first: f64,
    /// Expected utility of `second` challenging `first`.
    pub eu_second: f64,
    /// The octant.
    pub interaction: Interaction,
}

impl Interaction {
    /// Every class, in the order Monte Carlo counts them: the ones that move actors first.
    pub const CLASSES: [Interaction; 5] = [
        Interaction::Conflict,
        Interaction::Compromise,
        Interaction::Capitulation,
        Interaction::Stalemate,
        Interaction::Aligned,
    ];

    /// Their names, in the same order (as in JSON).
    pub const NAMES: [&'static str; 5] = [
        "conflict",
        "compromise",
        "capitulation",
        "stalemate",
        "aligned",
    ];

    /// The class's name (as in JSON).
    pub fn name(self) -> &'static str {
        Self::NAMES[self.index()]
    }

    /// The class's place in [`Interaction::CLASSES`].
    pub fn index(self) -> usize {
        match self {
            Interaction::Conflict => 0,
            Interaction::Compromise => 1,
            Interaction::Capitulation => 2,
            Interaction::Stalemate => 3,
            Interaction::Aligned => 4,
        }
    }
}

impl EumPair {
    /// Whether `actor` (one of the pair) expects to gain by challenging the other (an expected
    /// utility above 1e-12).
    pub fn challenges(&self, actor: usize) -> bool {
        if actor == self.first {
            gains(self.eu_first)
        } else if actor == self.second {
            gains(self.eu_second)
        } else {
            false
        }
    }

    /// The actor expected to prevail: in a conflict the one with the higher expected utility,
    /// in a compromise or capitulation the one expecting to gain; `None` otherwise.
    pub fn upper_hand(&self) -> Option<usize> {
        let (a, b) = (self.eu_first, self.eu_second);
        match self.interaction {
            Interaction::Conflict if a > b => Some(self.first),
            Interaction::Conflict if b > a => Some(self.second),
            Interaction::Compromise | Interaction::Capitulation if gains(a) => Some(self.first),
            Interaction::Compromise | Interaction::Capitulation => Some(self.second),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// One issue's game
// ---------------------------------------------------------------------------------------------

/// The actors playing one issue, in file order.
struct Players {
    /// Actor indices.
    actors: Vec<usize>,
    /// Saliences, in `(0, 1]`.
    s: Vec<f64>,
    /// Vote weights `c s / max c`.
    w: Vec<f64>,
    /// The analyst's risk attitudes `R` in `[-1, 1]`, where given; they replace the attitude
    /// the model would derive from the actor's exposure.
    risk: Vec<Option<f64>>,
}

impl Players {
    fn new(inputs: &Inputs, j: usize) -> Self {
        let (saliences, involved) = (inputs.saliences(j), inputs.involved(j));
        let actors: Vec<usize> = (0..inputs.n_actors())
            .filter(|&i| involved[i] && saliences[i] > 0.0)
            .collect();
        let c = inputs.capabilities();
        let c_max = actors.iter().fold(0.0_f64, |m, &i| m.max(c[i]));
        let s: Vec<f64> = actors.iter().map(|&i| saliences[i]).collect();
        let w = actors
            .iter()
            .zip(&s)
            .map(|(&i, &si)| if c_max > 0.0 { c[i] / c_max * si } else { si })
            .collect();
        let risk = actors.iter().map(|&i| inputs.risks()[i]).collect();
        Self { actors, s, w, risk }
    }
}

/// Buffers for one state, reused from round to round.
#[derive(Default)]
struct Work {
    /// Actors sorted by (position, weight, index).
    order: Vec<usize>,
    /// Their positions in that order.
    sx: Vec<f64>,
    /// Distinct positions, ascending.
    cand_x: Vec<f64>,
    /// How many actors hold each.
    cand_n: Vec<f64>,
    /// Each actor's distinct position (index into `cand_x`).
    cand_of: Vec<usize>,
    /// Vote table: row `t` (0..=n), column `c`: the sum over the first `t` sorted voters of
    /// `w_k g_k(c)`, `g_k(c) = (|x_k - cand_x[c]| / L)^e_k`.
    table: Vec<f64>,
    /// Security levels.
    sec: Vec<f64>,
    /// Risk exponents.
    r: Vec<f64>,
}

impl Work {
    /// Sorts the state `x` (weights `w`) into the buffers.
    fn prepare(&mut self, x: &[f64], w: &[f64]) {
        let n = x.len();
        self.order.clear();
        self.order.extend(0..n);
        // Positions carry no -0.0 (normalised on entry and on every move), so total_cmp
        // agrees with ==.
        self.order.sort_unstable_by(|&a, &b| {
            x[a].total_cmp(&x[b])
                .then(w[a].total_cmp(&w[b]))
                .then(a.cmp(&b))
        });
        self.sx.clear();
        self.sx.extend(self.order.iter().map(|&k| x[k]));
        self.cand_x.clear();
        self.cand_n.clear();
        self.cand_of.clear();
        self.cand_of.resize(n, 0);
        for (&k, &v) in self.order.iter().zip(&self.sx) {
            if self.cand_x.last() != Some(&v) {
                self.cand_x.push(v);
                self.cand_n.push(0.0);
            }
            let c = self.cand_x.len() - 1;
            self.cand_n[c] += 1.0;
            self.cand_of[k] = c;
        }
    }

    /// The lower weighted median of the prepared state and whether it is an exact tie.
    fn median(&self, w: &[f64]) -> (f64, bool) {
        let total: f64 = self.order.iter().map(|&k| w[k]).sum();
        let half = 0.5 * total;
        let tol = REL_TIE * total;
        let mut cum = 0.0;
        let n = self.sx.len();
        for (t, &k) in self.order.iter().enumerate() {
            cum += w[k];
            let group_ends = t + 1 == n || self.sx[t + 1] != self.sx[t];
            if group_ends && cum >= half - tol {
                return (self.sx[t], (cum - half).abs() <= tol && t + 1 < n);
            }
        }
        (self.sx.last().copied().unwrap_or(0.0), false)
    }

    /// The weighted mean of the prepared state, kept inside the positions' range.
    fn mean(&self, w: &[f64]) -> f64 {
        let (mut num, mut den) = (0.0, 0.0);
        for (&k, &x) in self.order.iter().zip(&self.sx) {
            num += w[k] * x;
            den += w[k];
        }
        let (lo, hi) = (self.sx[0], self.sx[self.sx.len() - 1]);
        if den > 0.0 {
            (num / den).clamp(lo, hi)
        } else {
            lo
        }
    }

    /// Fills the vote table for the prepared state with voter exponents `exps` (1 for all when
    /// `None`) and distances divided by `range`; returns, if `spread` is set, the scholz
    /// normaliser `sum_k w_k sum_(a, b) |g_k(a) - g_k(b)|` over all ordered pairs of actors.
    fn build_table(&mut self, w: &[f64], exps: Option<&[f64]>, range: f64, spread: bool) -> f64 {
        let (n, nc) = (self.sx.len(), self.cand_x.len());
        self.table.clear();
        self.table.resize((n + 1) * nc, 0.0);
        let inv = 1.0 / range;
        for (t, (&k, &xk)) in self.order.iter().zip(&self.sx).enumerate() {
            let (wk, e) = (w[k], exps.map_or(1.0, |r| r[k]));
            let row = &mut self.table[(t + 1) * nc..(t + 2) * nc];
            for (g, &c) in row.iter_mut().zip(&self.cand_x) {
                *g = wk * pow((xk - c).abs() * inv, e);
            }
        }
        let mut total = 0.0;
        if spread {
            for (t, &k) in self.order.iter().enumerate() {
                let row = &self.table[(t + 1) * nc..(t + 2) * nc];
                total += row_spread(row, &self.cand_n, self.cand_of[k]);
            }
        }
        for t in 0..n {
            let (done, rest) = self.table.split_at_mut((t + 1) * nc);
            let prev = &done[t * nc..];
            for (g, &p) in rest[..nc].iter_mut().zip(prev) {
                *g += p;
            }
        }
        total
    }

    /// Calls `f(i, j, support)` for every pair of actors (local indices) in canonical order,
    /// by position (`x_i <= x_j`; the order depends only on the positions and weights, not on
    /// the actors' order in the file). `support` is `None` for actors at the same position,
    /// else the summed net preference, from the vote table, of the voters closer to `x_i` and
    /// of those closer to `x_j`: the voters on each side of the midpoint. Voters exactly at the
    /// midpoint are indifferent and count for neither. The midpoint only grows as `j` moves
    /// right, so two pointers find it in `O(n)` per `i`.
    fn for_each_pair(&self, mut f: impl FnMut(usize, usize, Option<(f64, f64)>)) {
        let (n, nc) = (self.sx.len(), self.cand_x.len());
        let ps = |t: usize, c: usize| self.table[t * nc + c];
        for (p, (&i, &xi)) in self.order.iter().zip(&self.sx).enumerate() {
            let ci = self.cand_of[i];
            let (mut lo, mut hi) = (p, p);
            for (&j, &xj) in self.order[p + 1..].iter().zip(&self.sx[p + 1..]) {
                if xj == xi {
                    f(i, j, None);
                    continue;
                }
                let cj = self.cand_of[j];
                let mid = 0.5 * (xi + xj);
                while lo < n && self.sx[lo] < mid {
                    lo += 1;
                }
                hi = hi.max(lo);
                while hi < n && self.sx[hi] <= mid {
                    hi += 1;
                }
                let for_i = ps(lo, cj) - ps(lo, ci);
                let for_j = (ps(n, ci) - ps(hi, ci)) - (ps(n, cj) - ps(hi, cj));
                f(i, j, Some((for_i.max(0.0), for_j.max(0.0))));
            }
        }
    }
}

/// `sum over ordered pairs of actors |v(a) - v(b)|` for one voter's row of values by distinct
/// position (each counted as often as actors hold it). The values grow with the distance from
/// the voter's own position `home`, so merging the two sides outward visits them in ascending
/// order, and each value's differences with all smaller ones sum to `count * v - sum`.
fn row_spread(row: &[f64], mult: &[f64], home: usize) -> f64 {
    let (mut left, mut right) = (home + 1, home + 1);
    let (mut count, mut sum, mut acc) = (0.0, 0.0, 0.0);
    loop {
        let c = match (left > 0, right < row.len()) {
            (true, true) if row[left - 1] <= row[right] => {
                left -= 1;
                left
            }
            (true, false) => {
                left -= 1;
                left
            }
            (_, true) => {
                right += 1;
                right - 1
            }
            (false, false) => break,
        };
        let (v, m) = (row[c], mult[c]);
        acc += m * (count * v - sum);
        count += m;
        sum += m * v;
    }
    2.0 * acc
}

/// `base^e`, exact and cheap at `e = 1` (every first pass). Otherwise the platform's `pow`
/// in every build: with a literal base (`u_status_quo`'s `0.5^r`) an optimised build may turn
/// `pow` into `exp2`, which differs in the last bit, so a release build (the Python package)
/// and a debug build gave different variance shares (sweep 6 item A3). Hiding both operands
/// keeps the library call.
fn pow(base: f64, e: f64) -> f64 {
    if e == 1.0 {
        base
    } else {
        std::hint::black_box(base).powf(std::hint::black_box(e))
    }
}

/// Utility of a successful challenge over normalised distance `d`: `2 - 4 (1/2 - d/2)^r`.
fn u_success(d: f64, r: f64) -> f64 {
    2.0 - 4.0 * pow((0.5 - 0.5 * d).max(0.0), r)
}

/// Utility of a failed challenge: `2 - 4 (1/2 + d/2)^r`.
fn u_failure(d: f64, r: f64) -> f64 {
    2.0 - 4.0 * pow(0.5 + 0.5 * d, r)
}

/// Utility of the status quo: `2 - 4 (1/2)^r` (0 at `r = 1`).
fn u_status_quo(r: f64) -> f64 {
    2.0 - 4.0 * pow(0.5, r)
}

/// Utility of things getting better without a challenge: `2 - 4 (1/2 - d_bw/4)^r`.
fn u_better(d_bw: f64, r: f64) -> f64 {
    2.0 - 4.0 * pow((0.5 - 0.25 * d_bw).max(0.0), r)
}

/// Utility of things getting worse without a challenge: `2 - 4 (1/2 + d_bw/4)^r`.
fn u_worse(d_bw: f64, r: f64) -> f64 {
    2.0 - 4.0 * pow(0.5 + 0.25 * d_bw, r)
}

/// `E(U) = s_t [P U_s + (1 - P) U_f] + (1 - s_t) U_s - no_challenge`, with `s_t` the
/// target's salience (its chance of resisting) and `no_challenge` the value of not challenging.
fn challenge_eu(target_s: f64, p: f64, us: f64, uf: f64, no_challenge: f64) -> f64 {
    target_s * (p * us + (1.0 - p) * uf) + (1.0 - target_s) * us - no_challenge
}

/// The convergent variant's value of not challenging:
/// `Q U_sq + (1 - Q)[T U_b + (1 - T) U_w]`, `T = 1` iff the challenger is closer to the median
/// than to the target (`to_median < dist`, both unnormalised); `usq` is `U_sq` at `r`.
fn no_challenge(q: f64, r: f64, usq: f64, to_median: f64, dist: f64, range: f64) -> f64 {
    if q == 1.0 {
        // The (1 - Q) term vanishes; skipping it saves two powers per pair.
        return usq;
    }
    let d_bw = (to_median + dist) / range;
    let moved = if to_median < dist {
        u_better(d_bw, r)
    } else {
        u_worse(d_bw, r)
    };
    q * usq + (1.0 - q) * moved
}

/// `R_i = (2 Sec_i - max - min) / (max - min)`, `r_i = (1 - R_i/3) / (1 + R_i/3)`; all 1 when
/// the security levels are equal (within [`REL_TIE`]).
fn risk_exponents(sec: &[f64], r: &mut Vec<f64>) {
    let (lo, hi) = sec
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let spread = hi - lo;
    r.clear();
    if spread > REL_TIE * (1.0 + lo.abs().max(hi.abs())) {
        r.extend(
            sec.iter()
                .map(|&v| exponent_of((2.0 * v - hi - lo) / spread)),
        );
    } else {
        r.resize(sec.len(), 1.0);
    }
}

/// The exponent of risk attitude `R` in `[-1, 1]`: `r = (1 - R/3) / (1 + R/3)`, from 2
/// (risk-averse, `R = -1`) through 1 (neutral) to 0.5 (risk-acceptant, `R = 1`).
fn exponent_of(big_r: f64) -> f64 {
    let big_r = big_r.clamp(-1.0, 1.0);
    (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)
}

/// Replaces the derived exponent of every actor whose risk attitude the analyst gave.
/// Bueno de Mesquita (1994) measures `R` from the actor's exposure because the attitude is
/// rarely observed; where the analyst has coded it, the coded value is the better evidence.
fn analyst_risk(given: &[Option<f64>], r: &mut [f64]) {
    for (rk, g) in r.iter_mut().zip(given) {
        if let Some(big_r) = g {
            *rk = exponent_of(*big_r);
        }
    }
}

/// `num / den`, or `fallback` when the quotient is undefined (a zero or underflowed
/// denominator).
fn ratio(num: f64, den: f64, fallback: f64) -> f64 {
    let v = num / den;
    if den > 0.0 && v.is_finite() {
        v
    } else {
        fallback
    }
}

/// The range of a set of positions.
fn spread(x: &[f64]) -> f64 {
    let (lo, hi) = x
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    if hi > lo { hi - lo } else { 0.0 }
}

/// One judgment of a pair (local indices): `first`'s and `second`'s expected utilities of
/// challenging each other.
#[derive(Debug, Clone, Copy)]
struct View {
    viewer: Option<usize>,
    first: usize,
    second: usize,
    eu_first: f64,
    eu_second: f64,
    aligned: bool,
}

impl View {
    /// A pair with nothing to dispute (same position, or no one to vote between them).
    fn aligned(first: usize, second: usize) -> Self {
        Self {
            viewer: None,
            first,
            second,
            eu_first: 0.0,
            eu_second: 0.0,
            aligned: true,
        }
    }
}

/// An offer to `mover` (local indices).
#[derive(Debug, Clone, Copy)]
struct Offer {
    mover: usize,
    proposer: usize,
    kind: Interaction,
    target: f64,
    enforce: f64,
    eu_mover: f64,
    key: f64,
}

/// A move with the mover's local index.
struct LocalMove {
    local: usize,
    record: EumMove,
}

/// One issue being played: its rules, players and buffers.
struct Game {
    variant: EumVariant,
    q: f64,
    /// The starting range (the scholz variant's fixed `L`).
    range0: f64,
    players: Players,
    work: Work,
}

impl Game {
    /// The record of state `x`, reached by a round that used `range`, `risk` and `moves`.
    fn record(
        &mut self,
        x: &[f64],
        range: f64,
        risk: Vec<f64>,
        moves: Vec<EumMove>,
    ) -> EumRoundRecord {
        self.work.prepare(x, &self.players.w);
        let (median, median_tie) = self.work.median(&self.players.w);
        EumRoundRecord {
            positions: x.to_vec(),
            median,
            median_tie,
            mean: self.work.mean(&self.players.w),
            range,
            risk,
            moves,
        }
    }

    /// The range `L` a round played from `x` uses.
    fn range(&self, x: &[f64]) -> f64 {
        match self.variant {
            EumVariant::Scholz => self.range0,
            EumVariant::Convergent => spread(x),
        }
    }

    /// Plays one round from `x`: the accepted moves (in actor order) and the risk exponents;
    /// with `classes`, also every judgment's class in state `x` (local indices).
    fn play_round(
        &mut self,
        x: &[f64],
        choice: OfferChoice,
        mut classes: Option<&mut Classes>,
    ) -> (Vec<LocalMove>, Vec<f64>) {
        let n = x.len();
        let mut best: Vec<Option<Offer>> = vec![None; n];
        let variant = self.variant;
        if let Some(c) = classes.as_deref_mut() {
            c.clear();
        }
        self.evaluate(x, &mut |v| {
            if let Some(c) = classes.as_deref_mut() {
                c.push((v.first, v.second, interaction(variant, &v)));
            }
            if let Some(o) = offer(variant, &v, x) {
                let slot = &mut best[o.mover];
                if slot.is_none_or(|old| prefer(choice, x[o.mover], &o, &old)) {
                    *slot = Some(o);
                }
            }
        });
        let actors = &self.players.actors;
        let moves = best
            .into_iter()
            .flatten()
            .map(|o| LocalMove {
                local: o.mover,
                record: EumMove {
                    actor: actors[o.mover],
                    from: x[o.mover],
                    to: o.target + 0.0,
                    proposer: actors[o.proposer],
                    kind: o.kind,
                    eu_mover: o.eu_mover,
                    eu_proposer: o.enforce,
                },
            })
            .collect();
        (moves, self.work.r.clone())
    }

    /// Counts every pair's classification in state `x` of issue `j` into `tally`, without
    /// allocating.
    fn tally(&mut self, x: &[f64], j: usize, tally: &mut PairTally) {
        let variant = self.variant;
        // `evaluate` borrows the game mutably but never reads the actor list: lend it out.
        let actors = std::mem::take(&mut self.players.actors);
        self.evaluate(x, &mut |v| {
            let class = interaction(variant, &v).index();
            tally.record(j, actors[v.first], actors[v.second], class);
        });
        self.players.actors = actors;
    }

    /// Every pair's classification in state `x`.
    fn classify(&mut self, x: &[f64]) -> Vec<EumPair> {
        let mut pairs = Vec::new();
        let variant = self.variant;
        let actors = self.players.actors.clone();
        self.evaluate(x, &mut |v| {
            let (first, second) = (actors[v.first], actors[v.second]);
            pairs.push(EumPair {
                viewer: v.viewer.map(|_| first),
                first,
                second,
                eu_first: v.eu_first,
                eu_second: v.eu_second,
                interaction: interaction(variant, &v),
            });
        });
        pairs.sort_by_key(|p| (p.first.min(p.second), p.first.max(p.second), p.first));
        pairs
    }

    /// Computes the risk exponents (into `work.r`) and the second-pass expected utilities of
    /// state `x`, and hands every pair judgment to `visit`.
    fn evaluate(&mut self, x: &[f64], visit: &mut dyn FnMut(View)) {
        let n = x.len();
        self.work.prepare(x, &self.players.w);
        let range = self.range(x);
        if range <= 0.0 || n < 2 {
            // Everyone at one position (or alone): no pair has anything to dispute.
            self.work.r.clear();
            self.work.r.resize(n, 1.0);
            for i in 0..n {
                for j in i + 1..n {
                    self.emit_aligned(View::aligned(i, j), visit);
                }
            }
            return;
        }
        match self.variant {
            EumVariant::Scholz => self.evaluate_scholz(x, range, visit),
            EumVariant::Convergent => self.evaluate_convergent(x, range, visit),
        }
    }

    /// An aligned pair: one view per pair, or one per viewer in the scholz variant.
    fn emit_aligned(&self, v: View, visit: &mut dyn FnMut(View)) {
        match self.variant {
            EumVariant::Convergent => visit(v),
            EumVariant::Scholz => {
                visit(View {
                    viewer: Some(v.first),
                    ..v
                });
                visit(View {
                    viewer: Some(v.second),
                    first: v.second,
                    second: v.first,
                    ..v
                });
            }
        }
    }

    fn evaluate_scholz(&mut self, x: &[f64], range: f64, visit: &mut dyn FnMut(View)) {
        let (q, s, w) = (self.q, &self.players.s, &self.players.w);
        // Risk pass: every voter and judge at r = 1.
        let total = self.work.build_table(w, None, range, true);
        let mut sec = std::mem::take(&mut self.work.sec);
        sec.clear();
        sec.resize(x.len(), 0.0);
        let usq1 = u_status_quo(1.0);
        self.work.for_each_pair(|i, j, support| {
            let Some((for_i, for_j)) = support else {
                return;
            };
            let (p_ij, p_ji) = (ratio(for_i, total, 0.0), ratio(for_j, total, 0.0));
            let d = (x[j] - x[i]) / range;
            let (us, uf) = (u_success(d, 1.0), u_failure(d, 1.0));
            sec[j] += challenge_eu(s[j], p_ij, us, uf, q * usq1);
            sec[i] += challenge_eu(s[i], p_ji, us, uf, q * usq1);
        });
        let mut r = std::mem::take(&mut self.work.r);
        risk_exponents(&sec, &mut r);
        analyst_risk(&self.players.risk, &mut r);
        self.work.sec = sec;
        let usq: Vec<f64> = r.iter().map(|&rv| u_status_quo(rv)).collect();
        // Offer pass: voters' distances raised to their new exponents; each actor judges both
        // directions of its pairs with its own exponent.
        let total = self.work.build_table(w, Some(&r), range, true);
        self.work.for_each_pair(|i, j, support| {
            let Some((for_i, for_j)) = support else {
                self.emit_aligned(View::aligned(i, j), visit);
                return;
            };
            let (p_ij, p_ji) = (ratio(for_i, total, 0.0), ratio(for_j, total, 0.0));
            let d = (x[j] - x[i]) / range;
            for (me, other, p_me, p_other) in [(i, j, p_ij, p_ji), (j, i, p_ji, p_ij)] {
                let rv = r[me];
                let (us, uf) = (u_success(d, rv), u_failure(d, rv));
                let no = q * usq[me];
                visit(View {
                    viewer: Some(me),
                    first: me,
                    second: other,
                    eu_first: challenge_eu(s[other], p_me, us, uf, no),
                    eu_second: challenge_eu(s[me], p_other, us, uf, no),
                    aligned: false,
                });
            }
        });
        self.work.r = r;
    }

    fn evaluate_convergent(&mut self, x: &[f64], range: f64, visit: &mut dyn FnMut(View)) {
        let (q, s, w) = (self.q, &self.players.s, &self.players.w);
        let (mu, _) = self.work.median(w);
        self.work.build_table(w, None, range, false);
        let eu = |i: usize, j: usize, p: f64, r: f64, usq: f64| {
            let dist = (x[i] - x[j]).abs();
            let d = dist / range;
            let no = no_challenge(q, r, usq, (x[i] - mu).abs(), dist, range);
            challenge_eu(s[j], p, u_success(d, r), u_failure(d, r), no)
        };
        // Linear votes: P(i over j) = support for i / (support for i + support for j).
        let win = |(for_i, for_j): (f64, f64)| {
            let den = for_i + for_j;
            (ratio(for_i, den, 0.5), ratio(for_j, den, 0.5))
        };
        // First pass at r = 1: each actor's security is the sum of the others' expected
        // utilities of challenging it.
        let mut sec = std::mem::take(&mut self.work.sec);
        sec.clear();
        sec.resize(x.len(), 0.0);
        let usq1 = u_status_quo(1.0);
        self.work.for_each_pair(|i, j, support| {
            if let Some(support) = support {
                let (p_ij, p_ji) = win(support);
                sec[j] += eu(i, j, p_ij, 1.0, usq1);
                sec[i] += eu(j, i, p_ji, 1.0, usq1);
            }
        });
        let mut r = std::mem::take(&mut self.work.r);
        risk_exponents(&sec, &mut r);
        analyst_risk(&self.players.risk, &mut r);
        self.work.sec = sec;
        let usq: Vec<f64> = r.iter().map(|&rv| u_status_quo(rv)).collect();
        // Second pass: each challenger with its own exponent; one judgment per pair, listed
        // with the actor first in file order first.
        self.work.for_each_pair(|i, j, support| {
            let ((e_ij, e_ji), aligned) = match support {
                Some(support) => {
                    let (p_ij, p_ji) = win(support);
                    let e_ij = eu(i, j, p_ij, r[i], usq[i]);
                    ((e_ij, eu(j, i, p_ji, r[j], usq[j])), false)
                }
                None => ((0.0, 0.0), true),
            };
            let (first, second, eu_first, eu_second) = if i < j {
                (i, j, e_ij, e_ji)
            } else {
                (j, i, e_ji, e_ij)
            };
            visit(View {
                viewer: None,
                first,
                second,
                eu_first,
                eu_second,
                aligned,
            });
        });
        self.work.r = r;
    }
}

/// Whether an expected utility is a gain (beyond [`ZERO_EU`]).
fn gains(e: f64) -> bool {
    e > ZERO_EU
}

/// Whether an expected utility is a loss (beyond [`ZERO_EU`]).
fn loses(e: f64) -> bool {
    e < -ZERO_EU
}

/// The offer a judgment makes, if any.
fn offer(variant: EumVariant, v: &View, x: &[f64]) -> Option<Offer> {
    if v.aligned {
        return None;
    }
    let (a, b) = (v.eu_first, v.eu_second);
    let make = |mover: usize, proposer: usize, kind, target, enforce: f64, eu_mover: f64| {
        let (wm, wp) = (eu_mover.abs(), enforce.abs());
        Some(Offer {
            mover,
            proposer,
            kind,
            target,
            enforce,
            eu_mover,
            key: (wm * x[mover] + wp * x[proposer]) / (wm + wp),
        })
    };
    match variant {
        // The viewer `first` decides only its own move: it loses a conflict it is weaker in
        // (b > a > 0, strict), and concedes `|a / b|` of the way when the other has the upper
        // hand and the bigger stake (b > 0 > a, b > |a|). The port's capitulation test compares
        // b with |b| and never holds, so there is no capitulation.
        EumVariant::Scholz => {
            let (me, other) = (v.first, v.second);
            if b > a && gains(a) {
                make(me, other, Interaction::Conflict, x[other], b, a)
            } else if gains(b) && loses(a) && b > a.abs() {
                let target = x[me] + (x[other] - x[me]) * (a / b).abs();
                make(me, other, Interaction::Compromise, target, b, a)
            } else {
                None
            }
        }
        // One decision per pair: no move in a conflict or a stalemate; the side without the
        // upper hand compromises when the winner's stake is at least its own (>=), else it is
        // compelled all the way.
        EumVariant::Convergent => {
            let (winner, loser, e_win, e_lose) = if gains(a) && loses(b) {
                (v.first, v.second, a, b)
            } else if gains(b) && loses(a) {
                (v.second, v.first, b, a)
            } else {
                return None;
            };
            if e_win >= e_lose.abs() {
                let target = x[loser] + (x[winner] - x[loser]) * (e_lose / e_win).abs();
                make(
                    loser,
                    winner,
                    Interaction::Compromise,
                    target,
                    e_win,
                    e_lose,
                )
            } else {
                make(
                    loser,
                    winner,
                    Interaction::Capitulation,
                    x[winner],
                    e_win,
                    e_lose,
                )
            }
        }
    }
}

/// Whether offer `new` beats `old` for a mover at `at` under `choice`.
fn prefer(choice: OfferChoice, at: f64, new: &Offer, old: &Offer) -> bool {
    let dist = |o: &Offer| (o.target - at).abs();
    let rank = |k: Interaction| match k {
        Interaction::Conflict => 0,
        Interaction::Compromise => 1,
        _ => 2,
    };
    let ord = match choice {
        OfferChoice::ScholzPriority => rank(new.kind).cmp(&rank(old.kind)).then_with(|| match new
            .kind
        {
            Interaction::Compromise => new.key.total_cmp(&old.key),
            _ => dist(new).total_cmp(&dist(old)),
        }),
        OfferChoice::MostEnforceable => old
            .enforce
            .total_cmp(&new.enforce)
            .then_with(|| dist(new).total_cmp(&dist(old)))
            .then_with(|| new.target.total_cmp(&old.target)),
        OfferChoice::LeastMove => dist(new)
            .total_cmp(&dist(old))
            .then_with(|| old.enforce.total_cmp(&new.enforce))
            .then_with(|| new.target.total_cmp(&old.target)),
    };
    ord.then(new.proposer.cmp(&old.proposer)) == Ordering::Less
}

/// The octant of a judgment. Compromise needs the winner's stake to exceed the loser's
/// (strictly in scholz's test, at least equal in schelling's).
fn interaction(variant: EumVariant, v: &View) -> Interaction {
    let (a, b) = (v.eu_first, v.eu_second);
    if v.aligned {
        return Interaction::Aligned;
    }
    let (win, lose) = if gains(a) && gains(b) {
        return Interaction::Conflict;
    } else if gains(a) && loses(b) {
        (a, b.abs())
    } else if gains(b) && loses(a) {
        (b, a.abs())
    } else {
        return Interaction::Stalemate;
    };
    let compromise = match variant {
        EumVariant::Scholz => win > lose,
        EumVariant::Convergent => win >= lose,
    };
    if compromise {
        Interaction::Compromise
    } else {
        Interaction::Capitulation
    }
}

/// Whether the end-of-round medians (`rounds[1..]`; the start does not count) moved by less
/// than `epsilon` in each of the last `patience` rounds.
fn settled(rounds: &[EumRoundRecord], c: Convergence) -> bool {
    let medians = rounds.get(1..).unwrap_or_default();
    medians.len() > c.patience
        && medians[medians.len() - c.patience - 1..]
            .windows(2)
            .all(|p| (p[1].median - p[0].median).abs() < c.epsilon)
}

/// The common outcome from the issue runs: round `t` holds each issue's state after
/// `min(t, rounds played on it)` rounds, so issues that settle early keep their final state.
fn assemble(inputs: &Inputs, issues: &[EumIssueRun]) -> Outcome {
    let n = inputs.n_actors();
    let played = |r: &EumIssueRun| r.rounds.len().saturating_sub(1);
    let last = issues.iter().map(played).max().unwrap_or(0);
    let start: Vec<f64> = (0..inputs.n_issues())
        .flat_map(|j| inputs.positions(j).iter().copied())
        .collect();
    let rounds = (0..=last)
        .map(|t| {
            let mut positions = start.clone();
            let forecast = issues
                .iter()
                .map(|run| match run.rounds.get(t.min(played(run))) {
                    Some(rec) => {
                        for (&i, &x) in run.actors.iter().zip(&rec.positions) {
                            positions[run.issue * n + i] = x;
                        }
                        rec.median
                    }
                    None => run.forecast.value,
                })
                .collect();
            Round {
                positions,
                forecast,
            }
        })
        .collect();
    let stops: Vec<StopReason> = issues.iter().filter_map(|r| r.stop).collect();
    let stop = if stops
        .iter()
        .all(|s| matches!(s, StopReason::Converged { .. }))
    {
        StopReason::Converged { rounds: last }
    } else {
        StopReason::MaxRounds { rounds: last }
    };
    Outcome {
        forecasts: issues.iter().map(|r| r.forecast.clone()).collect(),
        rounds,
        stop: Some(stop),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utilities_hand_computed() {
        // d = 0.5: U_s = 2 - 4 (0.25)^r, U_f = 2 - 4 (0.75)^r.
        assert_eq!(u_success(0.5, 1.0), 1.0);
        assert_eq!(u_success(0.5, 2.0), 2.0 - 4.0 * 0.0625);
        assert_eq!(u_success(0.5, 0.5), 0.0);
        assert_eq!(u_failure(0.5, 1.0), -1.0);
        assert_eq!(u_failure(0.5, 2.0), 2.0 - 4.0 * 0.5625);
        // U_sq = 2 - 4 (1/2)^r: 0 at r = 1, 1 at r = 2, 2 - 2 sqrt 2 at r = 1/2.
        assert_eq!(u_status_quo(1.0), 0.0);
        assert_eq!(u_status_quo(2.0), 1.0);
        assert!((u_status_quo(0.5) - (2.0 - 2.0 * 2f64.sqrt())).abs() < 1e-15);
        // d_bw = 1: U_b = 2 - 4 (1/4)^r, U_w = 2 - 4 (3/4)^r; d_bw = 2: U_b = 2, U_w = -2.
        assert_eq!(u_better(1.0, 1.0), 1.0);
        assert_eq!(u_worse(1.0, 1.0), -1.0);
        assert_eq!(u_better(2.0, 0.5), 2.0);
        assert_eq!(u_worse(2.0, 0.5), -2.0);
        // The clamps keep a base past the end of the range at 0 instead of NaN.
        assert_eq!(u_success(1.5, 0.5), 2.0);
    }

    #[test]
    fn expected_utility_and_no_challenge_hand_computed() {
        // s_t = 0.5, P = 2/3, U_s = 2, U_f = -2, nothing for not challenging:
        // 0.5 (2/3 * 2 - 1/3 * 2) + 0.5 * 2 = 1/3 + 1 = 4/3.
        let e = challenge_eu(0.5, 2.0 / 3.0, 2.0, -2.0, 0.0);
        assert!((e - 4.0 / 3.0).abs() < 1e-15, "{e}");
        // Q = 1: just U_sq. Q = 0.25, r = 1 (U_sq = 0), challenger 10 from the median and 30
        // from the target on a range of 40: T = 1 (10 < 30), d_bw = 1, U_b = 1, so the value
        // is 0.25 * 0 + 0.75 * 1 = 0.75; 40 from the median instead: T = 0, d_bw = 70/40,
        // U_w = 2 - 4 (1/2 + 70/160) = -1.75, value 0.75 * -1.75.
        assert_eq!(no_challenge(1.0, 2.0, 1.0, 10.0, 30.0, 40.0), 1.0);
        assert_eq!(no_challenge(0.25, 1.0, 0.0, 10.0, 30.0, 40.0), 0.75);
        let v = no_challenge(0.25, 1.0, 0.0, 40.0, 30.0, 40.0);
        assert!((v - 0.75 * -1.75).abs() < 1e-15, "{v}");
    }

    #[test]
    fn risk_exponents_hand_computed() {
        // Sec = (-47, -20, 86) / 35: spread 133/35; R = -1, -79/133, 1;
        // r = (1 - R/3) / (1 + R/3) = 2, 478/320, 1/2.
        let mut r = Vec::new();
        risk_exponents(&[-47.0 / 35.0, -20.0 / 35.0, 86.0 / 35.0], &mut r);
        let want = [2.0, 478.0 / 320.0, 0.5];
        for (got, want) in r.iter().zip(want) {
            assert!((got - want).abs() < 1e-12, "{r:?}");
        }
        // Equal security levels, exactly or within rounding noise: R = 0, r = 1 for all (the
        // scholz port divides by zero here).
        risk_exponents(&[0.3, 0.3, 0.3], &mut r);
        assert_eq!(r, vec![1.0; 3]);
        risk_exponents(&[0.3, 0.3 + 1e-16, 0.3 - 1e-16], &mut r);
        assert_eq!(r, vec![1.0; 3]);
        risk_exponents(&[], &mut r);
        assert!(r.is_empty());
    }

    #[test]
    fn row_spread_counts_every_ordered_pair_of_actors() {
        // Distinct positions 10, 20, 40 held by 2, 1 and 1 actors; a voter at 20 values them
        // 1, 0, 2. Actors' values {1, 1, 0, 2}: unordered differences 0 + 1 + 1 + 1 + 1 + 2 = 6,
        // ordered 12.
        assert_eq!(row_spread(&[1.0, 0.0, 2.0], &[2.0, 1.0, 1.0], 1), 12.0);
        // A voter at the left end: values 0, 1, 3, one actor each: (1 + 3 + 2) * 2 = 12.
        assert_eq!(row_spread(&[0.0, 1.0, 3.0], &[1.0; 3], 0), 12.0);
        assert_eq!(row_spread(&[0.0], &[3.0], 0), 0.0);
    }

    /// Brute-force vote sums for a state, straight from the definitions: `support[i][j]` is
    /// the summed positive preference for `x_i` over `x_j`, and the total sums `|preference|`
    /// over all (voter, a, b) triples.
    fn brute(x: &[f64], w: &[f64], e: &[f64], range: f64) -> (Vec<Vec<f64>>, f64) {
        let g = |k: usize, a: usize| ((x[k] - x[a]).abs() / range).powf(e[k]);
        let pref = |k: usize, i: usize, j: usize| w[k] * (g(k, j) - g(k, i));
        let n = x.len();
        let support = (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| (0..n).map(|k| pref(k, i, j).max(0.0)).sum())
                    .collect()
            })
            .collect();
        let total = (0..n)
            .flat_map(|i| (0..n).flat_map(move |j| (0..n).map(move |k| pref(k, i, j).abs())))
            .sum();
        (support, total)
    }

    #[test]
    fn vote_table_matches_the_definitions() {
        // Co-located actors (two at 30), a voter exactly at a pair's midpoint (50 between 30
        // and 70), unequal weights and exponents: the prefix-sum and merge evaluation must
        // equal the O(n^3) sums of the definitions.
        let x = [30.0, 70.0, 50.0, 30.0, 0.0, 100.0, 85.5];
        let w = [0.3, 1.0, 0.25, 0.7, 0.05, 0.6, 0.9];
        let e = [1.0, 0.5, 2.0, 1.3, 0.7, 1.9, 1.0];
        let range = 100.0;
        let (support, total) = brute(&x, &w, &e, range);
        let mut work = Work::default();
        work.prepare(&x, &w);
        let fast_total = work.build_table(&w, Some(&e), range, true);
        assert!(
            (fast_total - total).abs() < 1e-12 * total,
            "{fast_total} vs {total}"
        );
        let mut seen = 0;
        work.for_each_pair(|i, j, sup| {
            seen += 1;
            match sup {
                None => assert_eq!(x[i], x[j]),
                Some((for_i, for_j)) => {
                    assert!(x[i] < x[j]);
                    assert!((for_i - support[i][j]).abs() < 1e-12, "{i} {j}");
                    assert!((for_j - support[j][i]).abs() < 1e-12, "{j} {i}");
                }
            }
        });
        assert_eq!(seen, 7 * 6 / 2);
    }

    #[test]
    fn median_is_the_lower_weighted_median_and_flags_exact_ties() {
        let mut work = Work::default();
        // Weights 1, 0.5, 0.25 at 0, 50, 100: total 1.75, the first position already holds
        // more than half.
        let (x, w) = ([50.0, 0.0, 100.0], [0.5, 1.0, 0.25]);
        work.prepare(&x, &w);
        assert_eq!(work.median(&w), (0.0, false));
        assert!((work.mean(&w) - 50.0 / 1.75).abs() < 1e-12);
        // Exactly half at 20 (0.25 + 0.25 of 1): 20 and 60 tie; the lower is taken, flagged.
        let (x, w) = ([60.0, 20.0, 20.0], [0.5, 0.25, 0.25]);
        work.prepare(&x, &w);
        assert_eq!(work.median(&w), (20.0, true));
        // Half reached at the last position is no tie: nothing lies above it.
        let (x, w) = ([10.0], [1.0]);
        work.prepare(&x, &w);
        assert_eq!(work.median(&w), (10.0, false));
    }

    #[test]
    fn offer_choice_rules_rank_as_documented() {
        let offer = |proposer, kind, target, enforce, key| Offer {
            mover: 0,
            proposer,
            kind,
            target,
            enforce,
            eu_mover: -0.1,
            key,
        };
        // Mover at 50. A: compromise to 60 (enforce 0.9, key 70); B: compromise to 45
        // (enforce 0.5, key 30); C: conflict loss to 80 (enforce 0.2).
        let a = offer(1, Interaction::Compromise, 60.0, 0.9, 70.0);
        let b = offer(2, Interaction::Compromise, 45.0, 0.5, 30.0);
        let c = offer(3, Interaction::Conflict, 80.0, 0.2, 0.0);
        let pick = |choice, offers: &[Offer]| {
            offers
                .iter()
                .copied()
                .reduce(|best, o| {
                    if prefer(choice, 50.0, &o, &best) {
                        o
                    } else {
                        best
                    }
                })
                .map(|o| o.proposer)
        };
        assert_eq!(pick(OfferChoice::ScholzPriority, &[a, b, c]), Some(3));
        assert_eq!(pick(OfferChoice::ScholzPriority, &[a, b]), Some(2));
        assert_eq!(pick(OfferChoice::MostEnforceable, &[a, b, c]), Some(1));
        assert_eq!(pick(OfferChoice::LeastMove, &[a, b, c]), Some(2));
        // A full tie goes to the proposer first in file order, whatever the visiting order.
        let a2 = Offer { proposer: 0, ..a };
        assert_eq!(pick(OfferChoice::MostEnforceable, &[a, a2]), Some(0));
        assert_eq!(pick(OfferChoice::MostEnforceable, &[a2, a]), Some(0));
    }

    #[test]
    fn octants() {
        let view = |a, b| View {
            viewer: None,
            first: 0,
            second: 1,
            eu_first: a,
            eu_second: b,
            aligned: false,
        };
        let c = EumVariant::Convergent;
        assert_eq!(interaction(c, &view(0.2, 0.1)), Interaction::Conflict);
        assert_eq!(interaction(c, &view(-0.2, -0.1)), Interaction::Stalemate);
        assert_eq!(interaction(c, &view(0.2, -0.1)), Interaction::Compromise);
        assert_eq!(interaction(c, &view(0.1, -0.2)), Interaction::Capitulation);
        assert_eq!(interaction(c, &view(-0.3, 0.2)), Interaction::Capitulation);
        assert_eq!(interaction(c, &view(0.0, 0.2)), Interaction::Stalemate);
        // An exact tie of stakes is a compromise for schelling (>=), a capitulation for the
        // scholz test (>).
        assert_eq!(interaction(c, &view(0.2, -0.2)), Interaction::Compromise);
        let s = EumVariant::Scholz;
        assert_eq!(interaction(s, &view(0.2, -0.2)), Interaction::Capitulation);
        // Convergent: compromise moves the loser |b/a| of the way; capitulation all of it.
        let x = [0.0, 100.0];
        let o = offer(c, &view(0.4, -0.1), &x).map(|o| (o.mover, o.target));
        assert_eq!(o, Some((1, 75.0)));
        let o = offer(c, &view(0.1, -0.4), &x).map(|o| (o.mover, o.target));
        assert_eq!(o, Some((1, 0.0)));
        assert!(offer(c, &view(0.4, 0.1), &x).is_none());
        // Scholz, from the viewer's side only: it loses a conflict it is weaker in, concedes
        // |a/b| when the other has the upper hand and the bigger stake, and never capitulates.
        let o = offer(s, &view(0.1, 0.4), &x).map(|o| (o.mover, o.target));
        assert_eq!(o, Some((0, 100.0)));
        let o = offer(s, &view(-0.1, 0.4), &x).map(|o| (o.mover, o.target));
        assert_eq!(o, Some((0, 25.0)));
        assert!(offer(s, &view(-0.4, 0.1), &x).is_none());
        assert!(offer(s, &view(0.4, 0.1), &x).is_none());
    }
}
