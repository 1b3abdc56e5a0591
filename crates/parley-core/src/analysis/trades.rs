//! The exchange model's trades in the scenario's own terms: actor and issue ids, positions on
//! each issue's own scale, and per actor what it gained by trading and what others' trades did
//! to it.

use indexmap::IndexMap;
use serde::Serialize;

use crate::inputs::Inputs;
use crate::models::exchange::{ExchangeRound, Side, Trade};
use crate::scenario::Scenario;

/// All trades of a run and their effect per actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TradesView {
    /// Per round, the realised trades in order.
    pub rounds: Vec<Vec<TradeView>>,
    /// Per actor id: the sum over the run of its own gains as a trader and of the effects of
    /// other actors' trades on it (externalities; positive: outcomes moved toward it).
    pub totals: IndexMap<String, TradeTotals>,
}

/// One realised trade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TradeView {
    /// The partner demanding `i.demand` and supplying `i.supply`.
    pub i: SideView,
    /// The other partner.
    pub j: SideView,
    /// The gain that ranked the trade (equal for both partners under equal gain).
    pub gain: f64,
}

/// One partner's side, on the supply issue's own scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideView {
    /// Actor id.
    pub actor: String,
    /// Issue id it gives ground on.
    pub supply: String,
    /// Issue id it gains on.
    pub demand: String,
    /// Its position on the supply issue before the trade.
    pub from: f64,
    /// Its voting position after the trade.
    pub to: f64,
    /// Its gain (utility units: salience x shift of the outcome, 0-100 scale).
    pub gain: f64,
}

/// An actor's totals over a run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TradeTotals {
    /// Number of trades it took part in.
    pub trades: usize,
    /// Sum of its own gains from those trades.
    pub own_gain: f64,
    /// Sum of the effects of trades between others on it.
    pub externality: f64,
}

/// Presents the exchange model's log.
pub fn trades_view(s: &Scenario, inputs: &Inputs, log: &[ExchangeRound]) -> TradesView {
    let zero = TradeTotals {
        trades: 0,
        own_gain: 0.0,
        externality: 0.0,
    };
    // By actor index, not id: a thousand actors and tens of thousands of trades make a hash
    // lookup per actor and trade a tenth of the whole run.
    let mut by_actor = vec![zero; s.actors.len()];
    for trade in log.iter().flat_map(|r| &r.trades) {
        add_totals(trade, &mut by_actor);
    }
    let totals = s
        .actors
        .iter()
        .zip(by_actor)
        .map(|(a, t)| (a.id.clone(), t))
        .collect();
    let rounds = log
        .iter()
        .map(|r| r.trades.iter().map(|t| trade_view(s, inputs, t)).collect())
        .collect();
    TradesView { rounds, totals }
}

fn add_totals(trade: &Trade, totals: &mut [TradeTotals]) {
    let traders = [trade.i.actor, trade.j.actor];
    for (k, (t, effect)) in totals
        .iter_mut()
        .zip(trade.externalities.iter())
        .enumerate()
    {
        // The traders count their own gains below, not an externality of their own trade.
        if !traders.contains(&k) {
            t.externality += effect;
        }
    }
    for (k, own) in [(trade.i.actor, trade.i.gain), (trade.j.actor, trade.j.gain)] {
        if let Some(t) = totals.get_mut(k) {
            t.trades += 1;
            t.own_gain += own;
        }
    }
}

fn trade_view(s: &Scenario, inputs: &Inputs, t: &Trade) -> TradeView {
    let side = |x: &Side| {
        let scale = inputs.scale(x.supply);
        SideView {
            actor: s.actors[x.actor].id.clone(),
            supply: s.issues[x.supply].id.clone(),
            demand: s.issues[x.demand].id.clone(),
            from: scale.from_internal(x.start),
            to: scale.from_internal(x.voting),
            gain: x.gain,
        }
    };
    TradeView {
        i: side(&t.i),
        j: side(&t.j),
        gain: t.gain,
    }
}
