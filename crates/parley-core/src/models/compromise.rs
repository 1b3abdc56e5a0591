//! The compromise model: the capability- and salience-weighted mean of positions.
//!
//! `x*_j = sum_i c_i s_ij x_ij / sum_i c_i s_ij` (van den Bos 1991; Achen 2006, "Evaluating
//! political decision-making models", in Thomson, Stokman, Achen & Koenig (eds.), *The European
//! Union Decides*). With quadratic utilities it is the outcome that minimises the weighted sum
//! of squared losses, and on real EU legislation it is the strongest simple baseline (DEU III:
//! mean absolute error 23.2 with GDP capabilities).

use crate::inputs::Inputs;
use crate::model::{
    ForecastStatus, IssueForecast, Model, ModelError, ModelInfo, Outcome, no_salience_forecast,
};

/// The weighted-mean ("compromise") model.
#[derive(Debug, Clone, Copy, Default)]
pub struct Compromise;

impl Model for Compromise {
    fn info(&self) -> ModelInfo {
        ModelInfo {
            id: "compromise",
            name: "Compromise model (weighted mean)",
            summary: "capability x salience weighted mean of the actors' positions, per issue",
            source: "van den Bos (1991); Achen (2006)",
            iterative: false,
        }
    }

    fn run(&self, inputs: &Inputs) -> Result<Outcome, ModelError> {
        let forecasts = (0..inputs.n_issues())
            .map(|j| weighted_mean(inputs, j))
            .collect();
        Ok(Outcome {
            forecasts,
            rounds: Vec::new(),
            stop: None,
        })
    }
}

/// The weighted mean on issue `j`, or the documented fallback when no one cares about it.
pub(crate) fn weighted_mean(inputs: &Inputs, j: usize) -> IssueForecast {
    let (mut num, mut den) = (0.0, 0.0);
    let positions = inputs.positions(j);
    let saliences = inputs.saliences(j);
    for ((&x, &s), &c) in positions.iter().zip(saliences).zip(inputs.capabilities()) {
        let w = c * s;
        num += w * x;
        den += w;
    }
    if den > 0.0 {
        // Rounding can leave the quotient a hair outside the positions' hull; clamp it back.
        let (lo, hi) = weighted_hull(positions, saliences);
        IssueForecast {
            value: (num / den).clamp(lo, hi),
            status: ForecastStatus::Settled,
        }
    } else {
        no_salience_forecast(inputs, j)
    }
}

/// Smallest and largest position among actors with positive salience.
fn weighted_hull(positions: &[f64], saliences: &[f64]) -> (f64, f64) {
    positions
        .iter()
        .zip(saliences)
        .filter(|&(_, &s)| s > 0.0)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (&x, _)| {
            (lo.min(x), hi.max(x))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Actor;
    use crate::issue::Issue;
    use crate::scenario::Scenario;

    fn run(s: &Scenario) -> Vec<f64> {
        let inputs = Inputs::from_scenario(s).unwrap();
        let out = Compromise.run(&inputs).unwrap();
        out.forecasts.iter().map(|f| f.value).collect()
    }

    #[test]
    fn hand_computed_three_actors() {
        // Weights c*s: A 10*0.5 = 5, B 20*0.25 = 5, C 30*1 = 30 (total 40).
        // Forecast = (5*0 + 5*40 + 30*80) / 40 = (0 + 200 + 2400) / 40 = 65.
        let mut s = Scenario::named("t");
        s.issues.push(Issue::new("x"));
        s.actors
            .push(Actor::new("a", 10.0).with_stance("x", 0.0, 0.5));
        s.actors
            .push(Actor::new("b", 20.0).with_stance("x", 40.0, 0.25));
        s.actors
            .push(Actor::new("c", 30.0).with_stance("x", 80.0, 1.0));
        assert_eq!(run(&s), vec![65.0]);
    }

    #[test]
    fn reports_on_the_issue_scale_internally_normalised() {
        // Scale [4, 10] years: positions 4 and 10 with equal weight -> internal 0 and 100,
        // mean 50 internal = 7 years.
        let mut s = Scenario::named("t");
        s.issues.push(Issue::new("years").with_scale(4.0, 10.0));
        s.actors
            .push(Actor::new("a", 1.0).with_stance("years", 4.0, 1.0));
        s.actors
            .push(Actor::new("b", 1.0).with_stance("years", 10.0, 1.0));
        let inputs = Inputs::from_scenario(&s).unwrap();
        let f = Compromise.run(&inputs).unwrap().forecasts[0].value;
        assert_eq!(f, 50.0);
        assert_eq!(inputs.scale(0).from_internal(f), 7.0);
    }

    #[test]
    fn no_salience_falls_back_to_status_quo() {
        let mut s = Scenario::named("t");
        s.issues.push(Issue::new("x").with_status_quo(30.0));
        s.actors
            .push(Actor::new("a", 1.0).with_stance("x", 90.0, 0.0));
        let inputs = Inputs::from_scenario(&s).unwrap();
        let f = &Compromise.run(&inputs).unwrap().forecasts[0];
        assert_eq!((f.value, &f.status), (30.0, &ForecastStatus::NoSalience));
    }
}
