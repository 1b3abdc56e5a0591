//! `parley mc --scan PATH=FROM:TO:STEP`: one number set to each value in turn; per value the
//! point forecasts (exactly what `parley run --set "PATH = VALUE"` gives) and the Monte Carlo
//! odds of every condition, inputs only and with model error (exactly what `parley mc --set
//! "PATH = VALUE"` gives with the same seed).

use indexmap::IndexMap;
use parley_core::uncertainty::MonteCarlo;
use parley_core::uncertainty::montecarlo::McCondition;
use parley_core::variant::Scan;
use parley_core::{Model, Scenario, analyse};
use serde::Serialize;

use super::McArgs;
use crate::cli::progress::Progress;
use crate::cli::{Failure, OutputFormat, confirm, emit, json};
use crate::commands::calibrate;

/// The whole scan, as `--format json` prints it.
#[derive(Debug, Serialize)]
pub(crate) struct ScanResult {
    /// The number scanned, in edit syntax.
    path: String,
    /// Monte Carlo runs per value.
    runs: usize,
    /// The seed of every value's Monte Carlo (the same for all, so values differ by the
    /// number alone, up to the draws a fixed number no longer takes).
    seed: u64,
    /// One entry per value, ascending.
    steps: Vec<Step>,
}

/// One value of the scan.
#[derive(Debug, Serialize)]
struct Step {
    /// The value the number was set to.
    value: f64,
    /// Model id -> issue id -> point forecast (own scale), as `parley run` gives it.
    forecast: IndexMap<String, IndexMap<String, f64>>,
    /// Model id -> issue id -> Monte Carlo mean of the forecast over the input draws.
    mean: IndexMap<String, IndexMap<String, f64>>,
    /// Every condition's odds per model, inputs only and with model error.
    conditions: Vec<McCondition>,
}

/// Runs the scan on `scenario` (the variant of `--what-if`/`--set` already applied).
pub fn run(
    args: &McArgs,
    scenario: &Scenario,
    chosen: &[Box<dyn Model>],
    scan: &str,
    seed: u64,
) -> Result<(), Failure> {
    let job = Job {
        scan,
        runs: args.runs,
        conditions: &args.condition,
        seed,
        file: args.scenario.file(),
        confirm: args.confirm,
    };
    let result = compute(scenario, chosen, &job)?;
    let text = match args.format {
        OutputFormat::Json => json(&result)?,
        OutputFormat::Csv => csv(&result)?,
        OutputFormat::Table => table(&result),
    };
    emit(&text)
}

/// What to scan and how: the number and its values (`PATH=FROM:TO:STEP`), the Monte Carlo
/// runs per value, extra conditions beside the scenario's questions, the seed, the scenario's
/// file (for its error model) and whether a costly scan was confirmed.
pub(crate) struct Job<'a> {
    pub scan: &'a str,
    pub runs: usize,
    pub conditions: &'a [String],
    pub seed: u64,
    pub file: Option<&'a std::path::PathBuf>,
    pub confirm: confirm::ConfirmArgs,
}

/// Runs every value of the scan: point forecasts and Monte Carlo odds per value.
pub(crate) fn compute(
    scenario: &Scenario,
    chosen: &[Box<dyn Model>],
    job: &Job,
) -> Result<ScanResult, Failure> {
    let seed = job.seed;
    let scan = Scan::parse(job.scan).map_err(|e| Failure::usage(format!("error: {e}")))?;
    let variants = scan
        .values
        .iter()
        .map(|&v| {
            parley_core::what_if::apply_edits(
                scenario,
                parley_core::what_if::EditSource::Given("--scan".into()),
                &[scan.edit(v)],
            )
            .map_err(|e| Failure::input(format!("error: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let total = job.runs.saturating_mul(variants.len());
    let ids = chosen.iter().map(|m| m.info().id);
    confirm::confirm(
        parley_core::cost::for_scenario(scenario, ids, total),
        job.confirm,
    )?;
    let calibration = calibrate::for_scenario(scenario, job.file)?;
    let bar = Progress::new(total, "Monte Carlo runs over the scan");
    let mc = MonteCarlo {
        runs: job.runs,
        seed,
    };
    let mut steps = Vec::with_capacity(variants.len());
    for (variant, &value) in variants.iter().zip(&scan.values) {
        let fail = |e: &dyn std::fmt::Display| {
            Failure::input(format!("error: {} = {value}: {e}", scan.path))
        };
        let analysis = analyse(variant, chosen).map_err(|e| fail(&e))?;
        let result = mc
            .run_calibrated(
                variant,
                chosen,
                job.conditions,
                Some(&calibration),
                &|| bar.tick(),
                &parley_core::cancel::Cancel::never(),
            )
            .map_err(|e| fail(&e))?;
        steps.push(Step {
            value,
            forecast: analysis
                .models
                .iter()
                .map(|m| (m.model.clone(), m.forecast.clone()))
                .collect(),
            mean: result
                .models
                .iter()
                .map(|m| {
                    let means = m.issues.iter().map(|(id, s)| (id.clone(), s.mean));
                    (m.model.clone(), means.collect())
                })
                .collect(),
            conditions: result.conditions,
        });
    }
    bar.finish();
    let result = ScanResult {
        path: scan.path,
        runs: job.runs,
        seed,
        steps,
    };
    Ok(result)
}

/// Long format, one line per value and number: `value,kind,id,model,...`; `kind` is
/// `forecast` (point and Monte Carlo mean) or `condition` (odds inputs only and with model
/// error, empty where the model has no error model).
fn csv(r: &ScanResult) -> Result<String, Failure> {
    let fail = |e: &dyn std::fmt::Display| Failure::input(format!("error: cannot write CSV: {e}"));
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut row = |rec: [&str; 8]| w.write_record(rec).map_err(|e| fail(&e));
    row([
        "value",
        "kind",
        "id",
        "model",
        "point",
        "mc_mean",
        "probability_inputs_only",
        "probability_with_model_error",
    ])?;
    let opt = |x: Option<&f64>| x.map(f64::to_string).unwrap_or_default();
    for s in &r.steps {
        let value = s.value.to_string();
        for (model, issues) in &s.forecast {
            for (issue, point) in issues {
                let mean = opt(s.mean.get(model).and_then(|m| m.get(issue)));
                row([
                    &value,
                    "forecast",
                    issue,
                    model,
                    &point.to_string(),
                    &mean,
                    "",
                    "",
                ])?;
            }
        }
        for c in &s.conditions {
            for (model, p) in &c.probability {
                let with = opt(c.with_model_error.get(model));
                row([
                    &value,
                    "condition",
                    &c.source,
                    model,
                    "",
                    "",
                    &p.to_string(),
                    &with,
                ])?;
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| fail(e.error()))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}

/// One block per condition (rows: values; columns: models; cells: odds with model error, and
/// inputs only in brackets), then one per issue with the point forecasts.
fn table(r: &ScanResult) -> String {
    let mut out = format!(
        "Scan of {} ({} values; {} Monte Carlo runs each, seed {})\n",
        r.path,
        r.steps.len(),
        r.runs,
        r.seed
    );
    let Some(first) = r.steps.first() else {
        return out;
    };
    let models: Vec<&String> = first.forecast.keys().collect();
    let header = |title: &str| {
        let mut h = format!("\n{title}\n{:>12}", r.path.rsplit('.').next().unwrap_or(""));
        for m in &models {
            h.push_str(&format!(" {m:>18}"));
        }
        h.push('\n');
        h
    };
    for (k, c) in first.conditions.iter().enumerate() {
        out.push_str(&header(&format!(
            "P({}) [{}]: with model error (inputs only)",
            c.condition, c.source
        )));
        for s in &r.steps {
            out.push_str(&format!("{:>12}", s.value));
            let c = &s.conditions[k];
            for m in &models {
                let p = c.probability.get(*m).copied();
                let w = c.with_model_error.get(*m).copied();
                let cell = match (w, p) {
                    (Some(w), Some(p)) => format!("{:.1}% ({:.1}%)", 100.0 * w, 100.0 * p),
                    (None, Some(p)) => format!("({:.1}%)", 100.0 * p),
                    _ => "-".into(),
                };
                out.push_str(&format!(" {cell:>18}"));
            }
            out.push('\n');
        }
    }
    for issue in first
        .forecast
        .values()
        .next()
        .into_iter()
        .flat_map(|i| i.keys())
    {
        out.push_str(&header(&format!("Point forecast: {issue}")));
        for s in &r.steps {
            out.push_str(&format!("{:>12}", s.value));
            for m in &models {
                let v = s.forecast.get(*m).and_then(|f| f.get(issue));
                let cell = v.map_or_else(|| "-".into(), |v| parley_report::text::num(*v, 1));
                out.push_str(&format!(" {cell:>18}"));
            }
            out.push('\n');
        }
    }
    out
}

/// The scan as a chart (`parley plot --chart scan`): a panel per condition (odds with model
/// error, solid; inputs only, dashed) and per issue (point forecasts), a line per model.
pub(crate) fn chart(r: &ScanResult, scenario: &Scenario) -> Result<parley_report::Chart, Failure> {
    let values: Vec<f64> = r.steps.iter().map(|s| s.value).collect();
    let Some(first) = r.steps.first() else {
        return Err(Failure::input("error: the scan has no values"));
    };
    let models: Vec<&String> = first.forecast.keys().collect();
    let pct = |x: Option<&f64>| x.map(|p| 100.0 * p);
    let mut panels = Vec::new();
    for (k, c) in first.conditions.iter().enumerate() {
        let title = scenario
            .questions
            .iter()
            .find(|q| q.id == c.source)
            .map_or_else(|| c.condition.clone(), |q| q.text.clone());
        let series = |with_error: bool| {
            models
                .iter()
                .filter(|m| !with_error || c.with_model_error.contains_key(m.as_str()))
                .map(|m| {
                    let points = r
                        .steps
                        .iter()
                        .map(|s| {
                            let c = s.conditions.get(k)?;
                            let with = c.with_model_error.get(m.as_str());
                            match (with_error, with) {
                                (true, w) => pct(w),
                                (false, _) => pct(c.probability.get(m.as_str())),
                            }
                        })
                        .collect();
                    ((*m).clone(), points)
                })
                .collect::<Vec<_>>()
        };
        let with_error = series(true);
        let inputs_only = series(false);
        // Solid: with model error where the model has an error model; a model without one
        // is drawn solid from its inputs-only odds.
        let lines = models
            .iter()
            .filter_map(|m| {
                with_error
                    .iter()
                    .chain(&inputs_only)
                    .find(|(id, _)| id == *m)
                    .cloned()
            })
            .collect();
        let dashed = inputs_only
            .iter()
            .filter(|(id, _)| with_error.iter().any(|(w, _)| w == id))
            .cloned()
            .collect();
        panels.push(parley_report::chart::ScanPanel {
            title,
            id: c.source.clone(),
            range: (0.0, 100.0),
            unit: "%".into(),
            lines,
            dashed,
        });
    }
    for issue in &scenario.issues {
        let lines = models
            .iter()
            .map(|m| {
                let points = r
                    .steps
                    .iter()
                    .map(|s| s.forecast.get(m.as_str())?.get(&issue.id).copied())
                    .collect();
                ((*m).clone(), points)
            })
            .collect();
        panels.push(parley_report::chart::ScanPanel {
            title: issue.name.clone(),
            id: issue.id.clone(),
            range: (issue.scale.min, issue.scale.max),
            unit: String::new(),
            lines,
            dashed: Vec::new(),
        });
    }
    let subtitle = format!(
        "{} values; per value, each question's odds over {} Monte Carlo runs (seed {}): solid \
         with model error (the error model measured on EU legislation 1996-2016), dashed from \
         the inputs' ranges only; then each issue's point forecast.",
        values.len(),
        r.runs,
        r.seed
    );
    parley_report::chart::scan(&r.path, &values, &subtitle, &panels)
        .map_err(|e| Failure::input(format!("error: {e}")))
}
