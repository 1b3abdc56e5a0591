//! Monte Carlo results for people (bands and probabilities) and for notebooks (long CSV).

/// Pairs shown per model and issue in the table (JSON and CSV list them all).
const TOP_PAIRS: usize = 5;

use std::fmt::Write;

use comfy_table::{Cell, CellAlignment};
use parley_core::Scenario;
use parley_core::uncertainty::McResult;
use parley_core::uncertainty::montecarlo::{ABSENT, McPair, McPairs};

use super::new_table;
use crate::text::{count, num, scenario_value};

/// Bands per model and issue of `s` (each on its issue's scale, with the decimals that scale
/// needs), then condition and deal probabilities.
pub fn render(s: &Scenario, r: &McResult, width: u16) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: Monte Carlo, {}, seed {}, {} drawn from their ranges",
        s.meta.name,
        count(r.runs, "run"),
        r.seed,
        count(r.uncertain_inputs, "uncertain input")
    );
    let value = |issue: &str, x: f64| scenario_value(s, issue, x);
    let mut t = new_table(width);
    t.set_header(vec![
        "Model", "Issue", "Mean", "Median", "5%", "95%", "Min", "Max",
    ]);
    for m in &r.models {
        for (issue, band) in &m.issues {
            let mut row = vec![Cell::new(&m.model), Cell::new(issue)];
            for v in [
                band.mean,
                band.median,
                band.p5,
                band.p95,
                band.min,
                band.max,
            ] {
                row.push(Cell::new(value(issue, v)).set_alignment(CellAlignment::Right));
            }
            t.add_row(row);
        }
    }
    let _ = writeln!(out, "{t}");
    if r.models.iter().any(|m| !m.with_model_error.is_empty()) {
        with_error_table(&mut out, r, &value, width);
    }
    if !r.conditions.is_empty() {
        let _ = writeln!(out, "Probability that each condition holds:");
        for c in &r.conditions {
            let p = percents(&c.probability);
            if c.with_model_error.is_empty() {
                let _ = writeln!(out, "- {} ({}): {}", c.condition, c.source, p);
            } else {
                let _ = writeln!(out, "- {} ({}):", c.condition, c.source);
                let e = percents(&c.with_model_error);
                let _ = writeln!(out, "    with model error: {e}");
                if let Some(pool) = pooled(&c.with_model_error) {
                    let _ = writeln!(out, "    {pool}");
                }
                let _ = writeln!(out, "    inputs only:      {p}");
            }
        }
        if let Some(line) = record_over_forecast(r) {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(out, "{}", sampling_error(r.runs));
    }
    if let Some(p) = &r.model_error {
        let _ = writeln!(
            out,
            "Model error: {} ({}). Carrying it to a negotiation of another kind is an assumption.",
            p.source, p.origin
        );
    }
    if !r.without_model_error.is_empty() {
        let _ = writeln!(
            out,
            "No error model for {}: their odds are inputs only.",
            r.without_model_error.join(", ")
        );
    }
    variance_table(&mut out, r, &value, width);
    if !r.deals.is_empty() {
        let _ = writeln!(
            out,
            "Share of runs in which two actors alone have a deal on a linkage (joint NBS beats the status quo for both):"
        );
        for d in &r.deals {
            let _ = writeln!(
                out,
                "- {}-{} on {} ({}): {}%",
                d.a,
                d.b,
                d.linkage,
                d.question,
                num(d.probability * 100.0, 1)
            );
        }
    }
    for p in &r.pairs {
        pairs_table(&mut out, p, width);
    }
    out
}

/// The Monte Carlo sampling error of a probability from `runs` runs: a share p of N runs has
/// standard error sqrt(p (1 - p) / N), largest at p = 50% (usability item 8: the same odds
/// read 19.4%, 20.6% and 21% in three commands with no word on how much of that is noise).
pub fn sampling_error(runs: usize) -> String {
    let se = 50.0 / (runs.max(1) as f64).sqrt();
    format!(
        "Sampling error: each probability is a share of {}, uncertain by at most \
         +-{} points (one standard error, sqrt(p(1-p)/runs), largest at 50%); differences \
         smaller than about twice that are noise, and more --runs shrink it.",
        count(runs, "run"),
        num(se, 1)
    )
}

/// The equal-weight mean of two or more models' odds with model error, said as what it is:
/// one number for a reader who must give one, whose own calibration is not measured (no model
/// beats a weighted mean out of sample, so none is weighted above the others; usability item 6).
fn pooled(with_error: &indexmap::IndexMap<String, f64>) -> Option<String> {
    if with_error.len() < 2 {
        return None;
    }
    let mean = with_error.values().sum::<f64>() / with_error.len() as f64;
    Some(format!(
        "pooled:           {}% (the mean of these {} models' odds, equal weights; its own \
         calibration is not measured)",
        num(mean * 100.0, 1),
        with_error.len()
    ))
}

/// "model 12.3%, ..." for a model -> probability map.
pub fn percents(p: &indexmap::IndexMap<String, f64>) -> String {
    p.iter()
        .map(|(m, p)| format!("{m} {}%", num(p * 100.0, 1)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The 5-95% bands with input ranges and model error, beside the inputs-only bands.
fn with_error_table(
    out: &mut String,
    r: &McResult,
    value: &dyn Fn(&str, f64) -> String,
    width: u16,
) {
    let _ = writeln!(
        out,
        "With model error (input draws plus a draw of each model's measured error per run):"
    );
    let mut t = new_table(width);
    t.set_header(vec![
        "Model",
        "Issue",
        "Median",
        "5%",
        "95%",
        "5-95% inputs only",
    ]);
    for m in &r.models {
        for (issue, s) in &m.with_model_error {
            let mut row = vec![Cell::new(&m.model), Cell::new(issue)];
            for v in [s.median, s.p5, s.p95] {
                row.push(Cell::new(value(issue, v)).set_alignment(CellAlignment::Right));
            }
            let inputs = m.issues.get(issue).map_or("-".into(), |x| {
                format!("{}-{}", value(issue, x.p5), value(issue, x.p95))
            });
            row.push(Cell::new(inputs).set_alignment(CellAlignment::Right));
            t.add_row(row);
        }
    }
    let _ = writeln!(out, "{t}");
}

/// How the models are pooled: "all 5 models weighted equally", or "one model" alone.
fn weighting(models: usize) -> String {
    if models == 1 {
        "one model".to_owned()
    } else {
        format!("all {models} models weighted equally")
    }
}

/// Per issue, the shares of its variance from input ranges, model choice and model error.
fn variance_table(out: &mut String, r: &McResult, value: &dyn Fn(&str, f64) -> String, width: u16) {
    let v = &r.variance;
    if v.issues.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "Where the uncertainty comes from (shares of each issue's variance over these runs, {}; \
         nested {}, so interactions go to the inner source):",
        weighting(v.models.len()),
        v.nesting.join(" > ")
    );
    let mut t = new_table(width);
    t.set_header(vec![
        "Issue",
        "SD",
        "Input ranges",
        "Model choice",
        "Model error",
    ]);
    for (issue, split) in &v.issues {
        let mut row = vec![
            Cell::new(issue),
            Cell::new(value(issue, split.sd)).set_alignment(CellAlignment::Right),
        ];
        match split.shares {
            Some(s) => {
                for x in [s.input_ranges, s.model_choice, s.model_error] {
                    row.push(
                        Cell::new(format!("{}%", num(x * 100.0, 1)))
                            .set_alignment(CellAlignment::Right),
                    );
                }
            }
            None => row.push(Cell::new("no variance")),
        }
        t.add_row(row);
    }
    let _ = writeln!(out, "{t}");
    let _ = writeln!(
        out,
        "Model choice is the spread of the models' predictive means: each forecast shifted by \
         its model's measured bias and held to the scale, so models that forecast alike can \
         still differ here, and forecasts far apart count for less where the errors are wide."
    );
    if !v.without_model_error.is_empty() {
        let _ = writeln!(
            out,
            "Counted without model error: {}.",
            v.without_model_error.join(", ")
        );
    }
}

/// Per issue, the pairs most often in the model's first class (conflict), with every class.
fn pairs_table(out: &mut String, p: &McPairs, width: u16) {
    let Some(first) = p.classes.first() else {
        return;
    };
    let absent = p
        .issues
        .values()
        .flatten()
        .any(|x| x.shares.get(ABSENT).is_some_and(|&v| v > 0.0));
    let shown: Vec<&String> = p
        .classes
        .iter()
        .filter(|c| absent || c.as_str() != ABSENT)
        .collect();
    let judged = if p.per_judge {
        " Each side judges a pair for itself here: the first actor is the judge."
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "Pairs most often in {first} at the end of a run ({}; share of runs, top {TOP_PAIRS} per issue; \
         JSON and CSV list every pair).{judged}",
        p.model
    );
    let mut t = new_table(width);
    let mut header = vec![Cell::new("Issue"), Cell::new("Pair")];
    header.extend(shown.iter().map(Cell::new));
    t.set_header(header);
    for (issue, pairs) in &p.issues {
        let mut ranked: Vec<&McPair> = pairs.iter().collect();
        let share = |x: &McPair| x.shares.get(first.as_str()).copied().unwrap_or(0.0);
        ranked.sort_by(|a, b| share(b).total_cmp(&share(a)));
        for x in ranked.into_iter().take(TOP_PAIRS) {
            let mut row = vec![Cell::new(issue), Cell::new(format!("{} - {}", x.a, x.b))];
            for c in &shown {
                let v = x.shares.get(c.as_str()).copied().unwrap_or(0.0);
                row.push(
                    Cell::new(format!("{}%", num(v * 100.0, 1)))
                        .set_alignment(CellAlignment::Right),
                );
            }
            t.add_row(row);
        }
    }
    let _ = writeln!(out, "{t}");
}

/// A sentence for the reader when a model's odds with its measured error differ from its
/// inputs-only odds by more than 30 points: such odds say more about how widely the model
/// missed real outcomes than about its forecast, and can reverse the models' order (usability
/// item 33: the deadlock model, forecasting the status quo, gave the highest "yes").
fn record_over_forecast(r: &McResult) -> Option<String> {
    let (gap, model, inputs, with) = r
        .conditions
        .iter()
        .flat_map(|c| {
            c.with_model_error.iter().filter_map(|(m, &w)| {
                let p = *c.probability.get(m)?;
                Some(((w - p).abs(), m.as_str(), p, w))
            })
        })
        .fold(None::<(f64, &str, f64, f64)>, |best, x| match best {
            Some(b) if b.0 >= x.0 => Some(b),
            _ => Some(x),
        })?;
    (gap > 0.3).then(|| {
        format!(
            "Odds with model error blend each forecast with how far its model missed real \
             outcomes: where a model missed widely, they say more about that record than about \
             its forecast (e.g. {model}: {}% inputs only, {}% with model error), so compare \
             models by their forecasts and read these odds as how sure any of them may be.",
            num(inputs * 100.0, 1),
            num(with * 100.0, 1)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pooled_odds_are_the_plain_mean_of_two_or_more_models() {
        let mut m = indexmap::IndexMap::new();
        m.insert("a".to_owned(), 0.2);
        assert_eq!(pooled(&m), None);
        m.insert("b".to_owned(), 0.5);
        m.insert("c".to_owned(), 0.8);
        // By hand: (0.2 + 0.5 + 0.8) / 3 = 0.5.
        assert!(
            pooled(&m)
                .unwrap()
                .starts_with("pooled:           50.0% (the mean of these 3")
        );
    }

    /// Sweep 5 item 17: one model is not "all 1 models weighted equally".
    #[test]
    fn one_model_is_not_weighted_among_all_1_models() {
        assert_eq!(weighting(1), "one model");
        assert_eq!(weighting(5), "all 5 models weighted equally");
    }

    #[test]
    fn sampling_error_is_the_binomial_standard_error_at_one_half() {
        // By hand: sqrt(0.5 * 0.5 / 1000) = 0.01581 -> 1.6 points; at 10,000 runs 0.5 points.
        assert!(
            sampling_error(1000).contains("+-1.6 points"),
            "{}",
            sampling_error(1000)
        );
        assert!(sampling_error(10_000).contains("+-0.5 points"));
    }
}
