//! `parley calibrate`: error models from resolved forecasts, and loading the error model a
//! scenario uses (its `[calibration] file`, else the built-in DEU III one).
//!
//! The procedure is the one pre-registered in `docs/backtest.md`: per model, the scale rule is
//! chosen on half A by ten-fold cross-validation over negotiations, then fitted on every case.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use parley_core::Scenario;
use parley_core::backtest::{Half, Predictor, calibration_cases};
use parley_core::calibration::fit::{
    COMFORTABLE_NEGOTIATIONS_PER_HALF, CalCase, MIN_NEGOTIATIONS_PER_HALF, choose_and_fit,
    choose_and_fit_among, negotiations_per_half,
};
use parley_core::calibration::{Calibration, ErrorModel, Features};

use crate::cli::{Failure, load_failure};
use crate::commands::backtest::CapabilityArg;

/// Arguments of `parley calibrate`.
#[derive(Debug, clap::Args)]
pub(crate) struct CalibrateArgs {
    /// Resolved forecasts: the DEU III data file (e.g. ../shared/data/deu/deu3.csv), or a CSV
    /// with the columns issue, proposal, half (A or B), outcome and one column per model id
    /// (forecasts on a 0-100 scale). `parley backtest --format csv` writes these columns and
    /// more: keep its model columns, each renamed to its model's id (`parley models`).
    path: PathBuf,
    /// Write the error model file here instead of printing it.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
    /// Seed of the randomised PIT (it does not change the error models).
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

/// Writes (or prints) the error model file.
pub(crate) fn exec(args: &CalibrateArgs) -> Result<(), Failure> {
    let name = args.path.display().to_string();
    let output = crate::cli::output::OutputArgs {
        output: args.output.clone(),
        force: args.force,
    };
    // An output that would be refused is refused before the backtest runs.
    output.check(&[&args.path])?;
    let text = crate::cli::input::read_text(&args.path)?;
    let (source, models) = match csv_columns(&name, &text)? {
        Some(columns) => from_csv(&name, &text, &columns, args.seed)?,
        None => from_deu(&args.path, &text, args.seed)?,
    };
    let json = parley_scenario::calibration::to_json(&source, &models);
    let what = format!(
        "{} error model(s), {}",
        models.len(),
        crate::cli::output::size(json.len())
    );
    output.emit(json.as_bytes(), &what, &[&args.path])
}

/// The columns of a backtest CSV, found by name in any order: issue, proposal, half, outcome,
/// then the model columns (0-based, in file order). `None`: the file is not comma-separated
/// (DEU III is tab-separated).
struct CsvColumns {
    fixed: [usize; 4],
    models: Vec<usize>,
}

const CSV_FIXED: [&str; 4] = ["issue", "proposal", "half", "outcome"];

/// Tells a backtest CSV (a comma-separated header) from DEU III (tab-separated) and finds its
/// columns by their names.
fn csv_columns(name: &str, text: &str) -> Result<Option<CsvColumns>, Failure> {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    if first.contains('\t') || !first.contains(',') {
        return Ok(None);
    }
    let header: Vec<String> = first
        .split(',')
        .map(|h| h.trim().trim_matches('"').to_owned())
        .collect();
    let mut fixed = [0; 4];
    for (k, want) in CSV_FIXED.iter().enumerate() {
        fixed[k] = header.iter().position(|h| h == want).ok_or_else(|| {
            Failure::input(format!(
                "error: {name}:1: no column '{want}': a backtest CSV's header names the columns \
                 issue, proposal, half, outcome (in any order) and one column per model id; \
                 DEU III data is tab-separated"
            ))
        })?;
    }
    let models = (0..header.len()).filter(|c| !fixed.contains(c)).collect();
    Ok(Some(CsvColumns { fixed, models }))
}

/// Refuses a model whose calibration set has fewer than [`MIN_NEGOTIATIONS_PER_HALF`]
/// negotiations in a half (its reason), and warns below [`COMFORTABLE_NEGOTIATIONS_PER_HALF`].
fn check_size(name: &str, id: &str, cases: &[CalCase]) -> Result<(), String> {
    let who = format!("model '{id}'");
    let warning = set_size(&who, cases.len(), negotiations_per_half(cases))?;
    if let Some(w) = warning {
        eprintln!("warning: {name}: {w}");
    }
    Ok(())
}

/// How a calibration set of `cases` cases in `[a, b]` negotiations per half stands, for
/// `parley calibrate` and `parley backtest` alike: `Err(why)` below
/// [`MIN_NEGOTIATIONS_PER_HALF`] in a half, `Ok(Some(warning))` below
/// [`COMFORTABLE_NEGOTIATIONS_PER_HALF`], `Ok(None)` from there on. `who` names the set
/// ("model 'eum'").
pub(crate) fn set_size(
    who: &str,
    cases: usize,
    [a, b]: [usize; 2],
) -> Result<Option<String>, String> {
    let counts =
        format!("{who} has {cases} case(s) in {a} negotiation(s) in half A and {b} in half B");
    if a.min(b) < MIN_NEGOTIATIONS_PER_HALF {
        return Err(format!(
            "{counts}; an error model needs at least {MIN_NEGOTIATIONS_PER_HALF} negotiations \
             in each half (below that its 90% interval is the whole scale and the rule's \
             ten-fold choice on half A has empty folds; docs/calibration.md)"
        ));
    }
    Ok((a.min(b) < COMFORTABLE_NEGOTIATIONS_PER_HALF).then(|| {
        format!(
            "{counts}; below {COMFORTABLE_NEGOTIATIONS_PER_HALF} per half the half-B check of \
             its 90% interval says nothing (docs/calibration.md)"
        )
    }))
}

/// Every Parley model's error model from the DEU III backtest.
fn from_deu(
    path: &Path,
    text: &str,
    seed: u64,
) -> Result<(String, IndexMap<String, ErrorModel>), Failure> {
    let (bt, skipped) =
        crate::commands::backtest::score_text(path, text, CapabilityArg::Gdp, seed, &[])?;
    let mut models = IndexMap::new();
    let mut too_few = None;
    for (k, p) in crate::commands::backtest::predictors().iter().enumerate() {
        let Predictor::Model(name, model) = p else {
            continue;
        };
        let cases = calibration_cases(&bt.forecasts, &bt.groups, &bt.features, k);
        match check_size(&path.display().to_string(), model.info().id, &cases) {
            Ok(()) => {}
            Err(reason) => {
                too_few.get_or_insert(reason);
                continue;
            }
        }
        if let Some((_, m)) = choose_and_fit(name, &cases, seed) {
            models.insert(model.info().id.to_owned(), m);
        }
    }
    // The file name only: a full path would make the same data give different files on
    // different machines (and the built-in file is checked against this output).
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let counted = format!(
        "{} issue(s) with an outcome in {} proposal(s), {skipped} without an outcome skipped",
        bt.cases, bt.negotiations
    );
    if models.is_empty() || too_few.is_some() {
        let which = match models.is_empty() {
            true => "no model could be calibrated".to_owned(),
            false => format!("only {} model(s) could be calibrated", models.len()),
        };
        return Err(Failure::input(format!(
            "error: {}: {which} from {counted}: {} (the full DEU III file has 353 issues in 137 \
             proposals); nothing was written",
            path.display(),
            too_few.unwrap_or_else(|| "each error model needs resolved forecasts in both \
                                       halves (A and B)"
                .to_owned())
        )));
    }
    let source = format!(
        "{file} (DEU III format, Arregui & Perarnaud 2021): {counted}; GDP capabilities; \
         residuals on each issue's 0-100 scale"
    );
    Ok((source, models))
}

/// Error models from a CSV of resolved forecasts (no features: the scale rule can only be
/// constant in effect, and the file says so).
fn from_csv(
    name: &str,
    text: &str,
    columns: &CsvColumns,
    seed: u64,
) -> Result<(String, IndexMap<String, ErrorModel>), Failure> {
    let fail = |line: usize, what: String| Failure::input(format!("error: {name}:{line}: {what}"));
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = ::csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| fail(1, e.to_string()))?
        .iter()
        .map(str::to_owned)
        .collect();
    let [c_issue, c_proposal, c_half, c_outcome] = columns.fixed;
    let models: Vec<String> = columns.models.iter().map(|&c| header[c].clone()).collect();
    if models.is_empty() {
        return Err(fail(
            1,
            "no model columns besides issue,proposal,half,outcome".into(),
        ));
    }
    // One error model per id: a second column of the same model would replace the first's.
    for (k, id) in models.iter().enumerate() {
        if let Some(first) = models[..k].iter().position(|m| m == id) {
            return Err(fail(
                1,
                format!(
                    "model '{id}' has two columns (columns {} and {}); keep one",
                    columns.models[first] + 1,
                    columns.models[k] + 1
                ),
            ));
        }
    }
    // An error model under an id no model has would be written, then refused by every run
    // that reads the file: refused here, where the column can still be renamed or dropped.
    let known = parley_scenario::calibration::model_ids();
    if let Some((k, id)) = models
        .iter()
        .enumerate()
        .find(|(_, id)| !known.contains(&id.as_str()))
    {
        if let Some(p) = crate::commands::backtest::predictors()
            .iter()
            .find(|p| p.name() == *id)
        {
            let what = match p {
                Predictor::Model(_, m) => format!(
                    "the forecasts of model '{}' under the name `parley backtest --format \
                     csv` gives them; rename the column to '{}'",
                    m.info().id,
                    m.info().id
                ),
                Predictor::ModelWithoutStatusQuo(_, m) => format!(
                    "model '{}' run as if no status quo were known (the built-in error models \
                     use the run with it); drop the column, or rename it to '{}' if it is the \
                     one you mean",
                    m.info().id,
                    m.info().id
                ),
                Predictor::Baseline(_) => "a baseline of `parley backtest --format csv`, not a \
                                           model; drop the column"
                    .to_owned(),
            };
            return Err(fail(
                1,
                format!(
                    "column {} '{id}' is {what} (calibrate reads one column per model id, \
                     after issue,proposal,half,outcome)",
                    columns.models[k] + 1
                ),
            ));
        }
        return Err(fail(
            1,
            format!(
                "column {} '{id}' names no Parley model; valid model ids: {} (rename the \
                 column to the id of the model whose forecasts it holds, or drop it)",
                columns.models[k] + 1,
                known.join(", ")
            ),
        ));
    }
    let mut cases: Vec<Vec<CalCase>> = vec![Vec::new(); models.len()];
    let mut clusters: IndexMap<String, usize> = IndexMap::new();
    let mut seen: std::collections::HashMap<(String, String), usize> = Default::default();
    let mut halves: std::collections::HashMap<String, (Half, usize)> = Default::default();
    for (row, record) in reader.records().enumerate() {
        let line = row + 2;
        let record = record.map_err(|e| fail(line, e.to_string()))?;
        let number = |col: usize| -> Result<Option<f64>, Failure> {
            let cell = record.get(col).unwrap_or("").trim();
            if cell.is_empty() {
                return Ok(None);
            }
            match cell.parse::<f64>() {
                Ok(v) if (0.0..=100.0).contains(&v) => Ok(Some(v)),
                _ => Err(fail(
                    line,
                    format!(
                        "column '{}': {cell:?} is not a number in [0, 100]",
                        header[col]
                    ),
                )),
            }
        };
        let proposal = record.get(c_proposal).unwrap_or("").to_owned();
        // An empty id would make every such row one case (or one negotiation) in silence.
        let issue = record.get(c_issue).unwrap_or("").to_owned();
        for (column, id) in [("issue", &issue), ("proposal", &proposal)] {
            if id.trim().is_empty() {
                return Err(fail(
                    line,
                    format!("column '{column}' is empty: every case needs its {column} id"),
                ));
            }
        }
        let half = match record.get(c_half).unwrap_or("") {
            "A" => Half::A,
            "B" => Half::B,
            other => {
                return Err(fail(
                    line,
                    format!("column 'half': {other:?} is not A or B"),
                ));
            }
        };
        let Some(outcome) = number(c_outcome)? else {
            return Err(fail(line, "column 'outcome' is empty".into()));
        };
        // A case twice would count twice in its negotiation's weight and change the rule
        // chosen; a negotiation in both halves would be on both sides of the split.
        if let Some(first) = seen.insert((issue.clone(), proposal.clone()), line) {
            return Err(fail(
                line,
                format!(
                    "issue '{issue}' of proposal '{proposal}' is already on line {first}; each \
                     case once"
                ),
            ));
        }
        match halves.get(&proposal) {
            Some(&(h, first)) if h != half => {
                return Err(fail(
                    line,
                    format!(
                        "proposal '{proposal}' is in half {} here and in half {} on line \
                         {first}; a proposal's cases are all in one half (the split is by \
                         proposal)",
                        half.label(),
                        h.label()
                    ),
                ));
            }
            Some(_) => {}
            None => {
                halves.insert(proposal.clone(), (half, line));
            }
        }
        let next = clusters.len();
        let cluster = *clusters.entry(proposal).or_insert(next);
        for (k, model_cases) in cases.iter_mut().enumerate() {
            if let Some(forecast) = number(columns.models[k])? {
                model_cases.push(CalCase {
                    forecast,
                    outcome,
                    features: Features {
                        spread: 0.0,
                        status_quo: None,
                    },
                    cluster,
                    half,
                });
            }
        }
    }
    let mut out = IndexMap::new();
    for (id, model_cases) in models.iter().zip(&cases) {
        check_size(name, id, model_cases).map_err(|reason| {
            Failure::input(format!("error: {name}: {reason}; nothing was written"))
        })?;
        // Without features only the constant rule means what it says (fit.rs).
        let constant = [parley_core::calibration::ScaleRule::Constant];
        let (_, m) = choose_and_fit_among(id, model_cases, seed, &constant).ok_or_else(|| {
            fail(
                1,
                format!("model '{id}': needs forecasts in both halves (A and B)"),
            )
        })?;
        out.insert(id.to_string(), m);
    }
    let source = format!(
        "{name}: {} cases in {} negotiations; forecasts and outcomes on a 0-100 scale, no \
         features, so the constant scale rule",
        cases.iter().map(Vec::len).max().unwrap_or(0),
        clusters.len()
    );
    Ok((source, out))
}

/// The error models a scenario's forecasts carry: its `[calibration] file` (relative to the
/// scenario file), checked against its issues' scales; else the built-in DEU III file.
pub(crate) fn for_scenario(s: &Scenario, file: Option<&PathBuf>) -> Result<Calibration, Failure> {
    let base = file.and_then(|f| f.parent());
    parley_scenario::calibration::for_scenario(s, base).map_err(load_failure)
}
