//! Charts for the page, drawn by `parley-report` (the one rendering path shared with the CLI's
//! `parley plot` and the HTML report) and returned as SVG strings beside the JSON a request asks
//! for, when it sets `"charts": true`. A chart that cannot be drawn (say, rounds of a scenario
//! whose iterative models did not run) is listed under `unavailable` with the reason.

use parley_core::bargain::Bargain;
use parley_core::uncertainty::{McResult, Sensitivity};
use parley_core::{Analysis, Scenario};
use parley_report::{Chart, ReportError, chart};
use serde_json::{Map, Value};

/// Inputs the sensitivity chart shows per forecast, as `parley sensitivity` shows by default.
pub const SENSITIVITY_TOP: usize = 5;

/// Charts collected under their names, and the reasons for the missing ones.
#[derive(Debug, Default)]
pub struct Charts {
    drawn: Map<String, Value>,
    unavailable: Map<String, Value>,
}

impl Charts {
    fn put(&mut self, path: &[&str], chart: Result<Chart, ReportError>) {
        let (map, value) = match chart {
            Ok(c) => (&mut self.drawn, Value::String(c.to_svg())),
            Err(e) => (&mut self.unavailable, Value::String(e.to_string())),
        };
        insert(map, path, value);
    }

    /// `{ name: svg, ..., "unavailable": { name: reason } }`.
    pub fn into_value(self) -> Value {
        let mut out = self.drawn;
        if !self.unavailable.is_empty() {
            out.insert("unavailable".into(), Value::Object(self.unavailable));
        }
        Value::Object(out)
    }
}

fn insert(map: &mut Map<String, Value>, path: &[&str], value: Value) {
    match path {
        [] => {}
        [last] => {
            map.insert((*last).to_owned(), value);
        }
        [first, rest @ ..] => {
            let inner = map
                .entry((*first).to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = inner {
                insert(m, rest, value);
            }
        }
    }
}

/// A run's charts: `forecasts` (every issue's line), `model_gains`, and `rounds.<model>` for
/// each model with rounds.
pub fn for_run(scenario: &Scenario, analysis: &Analysis) -> Charts {
    let mut c = Charts::default();
    c.put(&["forecasts"], chart::forecasts(scenario, analysis, None));
    c.put(&["model_gains"], chart::model_gains(analysis));
    for run in analysis.models.iter().filter(|m| m.rounds.is_some()) {
        c.put(
            &["rounds", &run.model],
            chart::rounds(analysis, &run.model, None),
        );
    }
    c
}

/// A Monte Carlo run's chart, `mc`: bands and histograms beside the point forecasts.
pub fn for_mc(analysis: &Analysis, mc: &McResult) -> Charts {
    let mut c = Charts::default();
    c.put(&["mc"], chart::monte_carlo(analysis, mc, None));
    c
}

/// Tornado charts, one per model: `sensitivity.<model>`.
pub fn for_sensitivity(s: &Sensitivity) -> Charts {
    let mut c = Charts::default();
    let mut models: Vec<&str> = s.forecasts.iter().map(|f| f.model.as_str()).collect();
    models.dedup();
    for model in models {
        c.put(
            &["sensitivity", model],
            chart::sensitivity(s, Some(model), None, SENSITIVITY_TOP),
        );
    }
    c
}

/// The grand bargain's charts: `gains` from each linkage, and `mc` when there are odds.
pub fn for_bargain(analysis: &Analysis, bargain: &Bargain, mc: Option<&McResult>) -> Charts {
    let mut c = Charts::default();
    c.put(&["gains"], chart::gains(analysis, Some(bargain), None));
    if let Some(mc) = mc {
        c.put(&["mc"], chart::monte_carlo(analysis, mc, None));
    }
    c
}

/// One forecasts chart per variant of a comparison, under the variant's name, and `base`.
pub fn for_compare<'a>(
    base: (&Scenario, &Analysis),
    variants: impl IntoIterator<Item = (&'a str, &'a Scenario, &'a Analysis)>,
) -> Charts {
    let mut c = Charts::default();
    c.put(&["base"], chart::forecasts(base.0, base.1, None));
    for (name, s, a) in variants {
        c.put(&["variants", name], chart::forecasts(s, a, None));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_names_and_reasons_are_kept_apart() {
        let mut c = Charts::default();
        c.put(&["rounds", "eum"], Err(ReportError::Empty("x".into())));
        c.put(&["rounds", "exchange"], Err(ReportError::Empty("y".into())));
        let v = c.into_value();
        assert_eq!(v["unavailable"]["rounds"]["eum"], "nothing to draw: x");
        assert_eq!(v["unavailable"]["rounds"]["exchange"], "nothing to draw: y");
        assert!(v.get("rounds").is_none());
    }
}
