//! KTAB's spatial model (SMP) with the parameters chosen on half A of the DEU III backtest:
//! binary votes (`VotingRule::Binary`) and quartic victory probabilities
//! (`VictoryProbModel::Quartic`), the rest KTAB's defaults.
//!
//! Source of the model: Wise, Lester, Efird et al., KAPSARC Toolkit for Behavioral Analysis
//! (2015-2017), see [`crate::models::smp`]. The setting is the member of the pre-registered
//! "EUM and SMP parameter variants" family (issue 15, `docs/backtest.md`) chosen on half A;
//! that family had the lowest cross-validated MAE on half A of the four families, so it is the
//! selected forecaster. On half B it did **not** beat the capability x salience weighted mean
//! (+0.63 points, 95% interval [-1.76, +3.28]; RMSE 37.6 against 33.4): it is shipped as an
//! experimental model, not as an improvement. It runs on any scenario SMP runs on (it needs no
//! feature beyond positions, saliences and capabilities), and it ignores the scenario's own
//! `[models.smp]` parameters (its seed and accommodation still apply).

use crate::inputs::Inputs;
use crate::model::{Detailed, Model, ModelError, ModelInfo, Outcome};
use crate::models::smp::{Smp, SmpParams, VictoryProbModel, VotingRule};

/// SMP with the half-A parameters.
#[derive(Debug, Clone, Copy, Default)]
pub struct SmpHalfA;

impl SmpHalfA {
    /// The parameters chosen on half A.
    pub fn params() -> SmpParams {
        SmpParams {
            voting_rule: VotingRule::Binary,
            victory_prob: VictoryProbModel::Quartic,
            ..SmpParams::default()
        }
    }
}

impl Model for SmpHalfA {
    fn info(&self) -> ModelInfo {
        ModelInfo {
            id: "smp_half_a",
            name: "Spatial model of politics, DEU III half-A parameters (experimental)",
            summary: "KTAB's SMP with binary votes and quartic victory probabilities, chosen on \
                      half A of the DEU III backtest; not better than the weighted mean on half B",
            source: "Wise, Lester, Efird et al., KAPSARC Toolkit for Behavioral Analysis \
                     (2015-2017); parameters: Parley's DEU III backtest (issue 15)",
            iterative: true,
        }
    }

    fn run(&self, inputs: &Inputs) -> Result<Outcome, ModelError> {
        Smp::with_params(Self::params()).run(inputs)
    }

    fn run_detailed(&self, inputs: &Inputs) -> Result<Detailed, ModelError> {
        Smp::with_params(Self::params()).run_detailed(inputs)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::actor::Actor;
    use crate::issue::Issue;
    use crate::scenario::Scenario;

    #[test]
    fn it_is_smp_with_the_half_a_parameters() {
        let mut s = Scenario::named("t");
        s.issues.push(Issue::new("x"));
        for (k, (c, x)) in [(1.0, 10.0), (2.0, 60.0), (1.5, 90.0)]
            .into_iter()
            .enumerate()
        {
            s.actors
                .push(Actor::new(format!("a{k}"), c).with_stance("x", x, 0.8));
        }
        let inputs = Inputs::from_scenario(&s).unwrap();
        let ours = SmpHalfA.run(&inputs).unwrap();
        let direct = Smp::with_params(SmpHalfA::params()).run(&inputs).unwrap();
        assert_eq!(ours, direct);
        assert_eq!(SmpHalfA::params().voting_rule, VotingRule::Binary);
    }
}
