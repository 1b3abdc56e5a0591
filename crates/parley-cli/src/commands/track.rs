//! `parley seal`, `parley resolve` and `parley score`: the track record. Forecasts are sealed
//! in the library with a commitment, outcomes are recorded from a resolution file, and every
//! forecast is scored against them (see `parley_library::score`). A question's odds are sealed
//! and scored twice, with model error (the odds every other output leads with) and inputs
//! only, each labelled wherever it is shown.

use std::path::PathBuf;

use parley_core::Scenario;
use parley_core::calibration::Calibration;
use parley_library::forecast::TargetKind;
use parley_library::score::{ScoreCard, unsealed};
use parley_library::{ErrorModelChange, HashedErrorModel, NewErrorModel};
use parley_library::{Outcome, Reference, RunRecord, resolution};

use crate::cli::{Failure, OutputFormat, embedded, emit, json, select_models};
use crate::commands::library::{DbArgs, fail, key_of};

/// The library key of the embedded flagship.
pub(crate) use parley_library::report::FLAGSHIP_KEY;

/// Which scenario a track-record command is about.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct ScenarioArgs {
    /// Scenario file; default: the embedded flagship scenario (as `parley run` runs it).
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// A stored version instead of a file: NAME or NAME@VERSION.
    #[arg(long, value_name = "REF", conflicts_with = "scenario")]
    pub library: Option<String>,
    /// With --scenario: the key its forecasts and outcomes are filed under (a library name:
    /// ASCII letters, digits, '-', '_', '.'); default: the file's stem.
    #[arg(long, value_name = "NAME", requires = "scenario")]
    pub name: Option<String>,
}

/// A scenario with its bytes and the key its forecasts and outcomes are kept under.
pub(crate) struct Loaded {
    pub key: String,
    pub content: Vec<u8>,
    pub scenario: Scenario,
    pub version: Option<i64>,
    /// True for the embedded flagship.
    pub embedded: bool,
    /// The scenario file, whose folder a `[calibration] file` is relative to (none for a
    /// stored version or the flagship: then the working folder, as for `parley mc`).
    pub file: Option<PathBuf>,
}

impl ScenarioArgs {
    pub(crate) fn load(&self, db: &DbArgs) -> Result<Loaded, Failure> {
        if let Some(r) = &self.library {
            let r: Reference = r.parse().map_err(fail)?;
            let lib = db.open()?;
            let v = lib.get(&r).map_err(fail)?;
            let label = format!("{}@{}", v.name, v.info.number);
            let scenario =
                parley_library::store::parse(&label, &v.content, &v.info.format).map_err(fail)?;
            return Ok(Loaded {
                key: v.name,
                content: v.content,
                scenario,
                version: Some(v.info.number),
                embedded: false,
                file: None,
            });
        }
        match &self.scenario {
            Some(path) => {
                if let Some(name) = &self.name {
                    parley_library::store::check_name(name)
                        .map_err(|e| Failure::usage(format!("error: --name: {e}")))?;
                }
                let content = crate::cli::input::read_bytes(path)?;
                let scenario = crate::cli::input::scenario_from_bytes(path, content.clone())
                    .map_err(crate::cli::input::InputError::into_failure)?;
                Ok(Loaded {
                    key: self.name.clone().unwrap_or_else(|| key_of(path)),
                    content,
                    scenario,
                    version: None,
                    embedded: false,
                    file: Some(path.clone()),
                })
            }
            None => Ok(Loaded {
                key: FLAGSHIP_KEY.to_owned(),
                content: embedded::TEXT.as_bytes().to_vec(),
                scenario: crate::cli::load(None)?,
                version: None,
                embedded: true,
                file: None,
            }),
        }
    }
}

impl Loaded {
    /// Refuses a file's stem as the key forecasts or outcomes are filed under when it is not a
    /// library name (a space, a non-ASCII letter): the web workbench tracks a key by that rule
    /// and `parley library save` refuses it, so the record could be written but never shown
    /// or saved. `undone` says what was not done.
    fn check_key(&self, undone: Undone) -> Result<(), Failure> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        parley_library::store::check_name(&self.key).map_err(|e| {
            Failure::usage(format!(
                "error: {e}; the key forecasts and outcomes are filed under comes from the \
                 file name ({}), and the library and the web workbench take only such names; \
                 {}. Give --name NAME (and the same --name to `parley resolve` and `parley \
                 score`), or save it with `parley library save FILE --name NAME` and use \
                 --library NAME",
                file.display(),
                undone.text()
            ))
        })
    }

    /// The scenario's error model, exactly as `parley mc` reads it (a bad or unfitting file is
    /// a located error, never a silent forecast without model error). A stored version has no
    /// folder, so a relative `[calibration] file` would be read from wherever the command is
    /// run, and one version could be sealed with different error models under one record: it
    /// is refused, saying why and what to do. `undone` says what was not done.
    fn calibration(&self, undone: Undone) -> Result<Calibration, Failure> {
        if let (Some(version), Some(c)) = (self.version, &self.scenario.calibration)
            && std::path::Path::new(&c.file).is_relative()
        {
            return Err(Failure::input(format!(
                "error: {key}@{version} names its error model with a relative path, \
                 [calibration] file = \"{file}\"; a stored version has no folder to read it \
                 from, so it would be read from the current folder and the same version could \
                 be forecast with different error models under one record; {undone}. Give \
                 the error model's absolute path in the scenario and save it as a new version \
                 (`parley library save FILE --name {key}`), or give the scenario file itself \
                 with --scenario FILE (its [calibration] file is read from the file's folder)",
                key = self.key,
                file = c.file,
                undone = undone.text(),
            )));
        }
        crate::commands::calibrate::for_scenario(&self.scenario, self.file.as_ref())
    }
}

/// `parley seal`.
#[derive(Debug, clap::Args)]
pub(crate) struct SealArgs {
    #[command(flatten)]
    pub source: ScenarioArgs,
    /// Monte Carlo runs behind each distribution and probability.
    #[arg(long, default_value_t = 1000, value_parser = crate::cli::confirm::positive_runs)]
    pub runs: usize,
    /// Seed (default: the scenario's seed, else 0).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Models (repeat or comma-separate); `all` runs every model.
    #[arg(long, short, value_delimiter = ',', default_value = "all")]
    pub model: Vec<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Accept that this seal's error model differs from the one earlier seals under the key
    /// were drawn from (a deliberate recalibration): the change is recorded in the key's
    /// history, later seals are checked against the new error model, and `parley score` scores
    /// the odds with model error of each error model apart, never pooled.
    #[arg(long)]
    pub new_error_model: bool,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub confirm: crate::cli::confirm::ConfirmArgs,
}

/// `parley resolve`.
#[derive(Debug, clap::Args)]
pub(crate) struct ResolveArgs {
    /// The resolution file (TOML; see docs/library.md).
    pub file: PathBuf,
    #[command(flatten)]
    pub source: ScenarioArgs,
    #[command(flatten)]
    pub db: DbArgs,
}

/// `parley score`.
#[derive(Debug, clap::Args)]
pub(crate) struct ScoreArgs {
    /// A resolution file; default: the outcomes recorded with `parley resolve`, else (for the
    /// embedded flagship) its shipped resolution, scenarios/grand-bargain-2025.resolution.toml.
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub source: ScenarioArgs,
    /// Monte Carlo runs behind the distributions (CRPS) and probabilities (Brier) of the
    /// forecasts made now.
    #[arg(long, default_value_t = 1000, value_parser = crate::cli::confirm::positive_runs)]
    pub runs: usize,
    /// Seed of the forecasts made now (default: the scenario's seed, else 0), as `parley mc
    /// --seed`, so their odds can be matched to an `mc` run.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Models (repeat or comma-separate); `all` runs every model.
    #[arg(long, short, value_delimiter = ',', default_value = "all")]
    pub model: Vec<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub confirm: crate::cli::confirm::ConfirmArgs,
}

/// The forecasts of `loaded`, with what they were made with.
struct Forecasts {
    predictions: Vec<parley_library::Prediction>,
    seed: u64,
    /// The models' ids.
    ids: Vec<String>,
}

/// The forecasts of `loaded` under `chosen`, with `hashed`, the scenario's error model (see
/// [`Loaded::calibration`]) hashed once for its caller and the seals alike.
fn forecasts(
    loaded: &Loaded,
    chosen: &[Box<dyn parley_core::Model>],
    hashed: &HashedErrorModel<'_>,
    runs: usize,
    seed: Option<u64>,
    confirm: crate::cli::confirm::ConfirmArgs,
) -> Result<Forecasts, Failure> {
    crate::cli::confirm::check_runs(runs)?;
    let steps = parley_library::progress_steps(runs, Some(hashed.calibration()));
    crate::cli::confirm::confirm_work(
        &loaded.scenario,
        chosen,
        parley_core::cost::evaluations::analysis_and_runs(steps),
        confirm,
    )?;
    let ids = chosen.iter().map(|m| m.info().id.to_owned()).collect();
    let seed = seed.or(loaded.scenario.meta.seed).unwrap_or(0);
    let bar = crate::cli::progress::Progress::new(
        steps,
        "forecasting with Monte Carlo runs (inputs only, then with model error)",
    );
    let predictions = parley_library::forecast_hashed(
        &loaded.key,
        &loaded.scenario,
        &loaded.content,
        chosen,
        runs,
        seed,
        Some(hashed),
        &|| bar.tick(),
    )
    .map_err(fail)?;
    bar.finish();
    Ok(Forecasts {
        predictions,
        seed,
        ids,
    })
}

/// A probability as a percentage, or `-` when absent.
fn pct(p: Option<f64>) -> String {
    p.map_or("-".into(), |p| format!("{:.1}%", p * 100.0))
}

/// What the two odds are, for every output that shows them.
const ODDS_LEGEND: &str = "with model error, each Monte Carlo run's forecasts carry a draw of \
    the model's measured error (the odds `parley mc`, `bargain` and `report` lead with); inputs \
    only, the analyst's input ranges alone";

/// Refuses to file `loaded` under its key when forecasts already sealed under that key were
/// made from other inputs: the track record would pool two different scenarios without a
/// word. Different inputs are accepted only when all of them are stored versions of the
/// library scenario of that name (revisions of one scenario, sealed with `--library`), which is
/// the record over time the score table shows run by run. `doing` names the refused action.
fn check_same_inputs(
    lib: &parley_library::Library,
    loaded: &Loaded,
    doing: &str,
) -> Result<(), Failure> {
    let sha = parley_library::sha256_hex(&loaded.content);
    let mut others: Vec<(String, i64)> = Vec::new();
    for s in lib.sealed(&loaded.key).map_err(fail)? {
        let h = &s.prediction.inputs_sha256;
        if *h != sha && !others.iter().any(|(o, _)| o == h) {
            others.push((h.clone(), s.run));
        }
    }
    if others.is_empty() {
        return Ok(());
    }
    // An unknown name is not an error here: it only means no stored versions.
    let versions: Vec<String> = lib
        .history(&loaded.key)
        .map(|h| h.into_iter().map(|v| v.sha256).collect())
        .unwrap_or_default();
    if versions.contains(&sha) && others.iter().all(|(h, _)| versions.contains(h)) {
        return Ok(());
    }
    let earlier: Vec<String> = others
        .iter()
        .map(|(h, run)| format!("sha256 {} (run {run})", short(h)))
        .collect();
    Err(Failure::input(format!(
        "error: forecasts sealed under '{key}' were made from other inputs ({earlier}) than \
         this scenario (sha256 {this}); {doing} would pool different scenarios in one track \
         record, so nothing was written. File it separately: give the file another name, or \
         save it with `parley library save FILE --name NEW` and use `--library NEW`. If it is \
         a revision of the same scenario, save every version with `parley library save` and \
         use `--library {key}`",
        key = loaded.key,
        earlier = earlier.join(", "),
        this = short(&sha),
    )))
}

/// The first 12 hex digits of a SHA-256, as messages and tables show it.
fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// Refuses to seal odds with model error under `key` when forecasts of the same model already
/// sealed there (since its last recorded change of error model) were drawn from another error
/// model than `hashed`, this seal's. The inputs check cannot see it: a library version's bytes
/// are the same whichever error model its `[calibration]` reaches, and the record would show
/// the change as odds that moved. With `accept` (`--new-error-model`) the change is not
/// refused: the changes to record with the seal are returned, one per model that changed
/// (from the error model of its latest earlier seal).
fn check_same_error_model(
    lib: &parley_library::Library,
    key: &str,
    hashed: &HashedErrorModel<'_>,
    accept: bool,
) -> Result<Vec<NewErrorModel>, Failure> {
    let clashes = lib.error_model_clashes(key, hashed).map_err(fail)?;
    if clashes.is_empty() {
        return Ok(Vec::new());
    }
    let origin = &hashed.calibration().provenance.origin;
    if accept {
        let mut changes: Vec<(i64, NewErrorModel)> = Vec::new();
        for c in clashes {
            let change = NewErrorModel {
                model: c.model.clone(),
                previous_sha256: c.sealed_sha256,
                sha256: c.sha256,
                origin: origin.clone(),
            };
            match changes.iter_mut().find(|(_, n)| n.model == c.model) {
                Some((last, n)) if c.last_run > *last => (*last, *n) = (c.last_run, change),
                Some(_) => {}
                None => changes.push((c.last_run, change)),
            }
        }
        return Ok(changes.into_iter().map(|(_, n)| n).collect());
    }
    let listed: Vec<String> = clashes
        .iter()
        .map(|c| {
            format!(
                "{}: sha256 {} sealed in run {}, sha256 {} now",
                c.model,
                short(&c.sealed_sha256),
                c.run,
                c.sha256
                    .as_deref()
                    .map_or("none (no error model for it)", short)
            )
        })
        .collect();
    Err(Failure::input(format!(
        "error: odds with model error sealed under '{key}' were drawn from another error model \
         than this seal's ({}; this seal's error model: {origin}); sealing it would show odds \
         from different error models in one track record as if the odds had moved, so \
         nothing was sealed. Seal with the error model the earlier runs used (the scenario's \
         [calibration] file, else the built-in one), or file these forecasts separately: \
         `--scenario FILE --name NEW`, or `parley library save FILE --name NEW` and \
         `--library NEW`. If you recalibrated on purpose, seal with --new-error-model: the \
         change is recorded in the history of '{key}' and `parley score` scores the odds with \
         model error of each error model apart",
        listed.join("; "),
    )))
}

/// `parley seal`: forecast every issue and question, record the run and seal each forecast.
pub(crate) fn seal(args: &SealArgs) -> Result<(), Failure> {
    let loaded = args.source.load(&args.db)?;
    loaded.check_key(Undone::Sealed)?;
    let calibration = loaded.calibration(Undone::Sealed)?;
    let chosen = select_models(&args.model)?;
    let chosen_ids: Vec<&str> = chosen.iter().map(|m| m.info().id).collect();
    let hashed = HashedErrorModel::of(&calibration, &chosen_ids).map_err(fail)?;
    let mut changes = Vec::new();
    if let Some(lib) = args.db.open_existing()? {
        check_same_inputs(&lib, &loaded, "sealing it")?;
        changes = check_same_error_model(&lib, &loaded.key, &hashed, args.new_error_model)?;
    }
    let Forecasts {
        predictions,
        seed,
        ids,
    } = forecasts(
        &loaded,
        &chosen,
        &hashed,
        args.runs,
        args.seed,
        args.confirm,
    )?;
    let outputs: Vec<serde_json::Value> = predictions
        .iter()
        .map(|p| {
            serde_json::json!({
                "target": p.target, "kind": p.kind, "model": p.model,
                "point": p.point, "probability": p.probability,
                "probability_with_model_error": p.probability_with_model_error,
                "holds": p.holds,
            })
        })
        .collect();
    let run = RunRecord {
        scenario: loaded.key.clone(),
        version: loaded.version,
        scenario_sha256: parley_library::sha256_hex(&loaded.content),
        parley_version: env!("CARGO_PKG_VERSION").to_owned(),
        models: ids,
        seed,
        runs: args.runs,
        outputs: serde_json::Value::Array(outputs),
    };
    let mut lib = args.db.open()?;
    let (run_id, commitments) = lib
        .seal_with_changes(&run, &predictions, &changes)
        .map_err(fail)?;
    if args.format == OutputFormat::Json {
        let rows: Vec<serde_json::Value> = predictions
            .iter()
            .zip(&commitments)
            .map(|(p, c)| {
                serde_json::json!({
                    "target": p.target, "kind": p.kind, "model": p.model, "point": p.point,
                    "probability_with_model_error": p.probability_with_model_error,
                    "probability_inputs_only": p.probability,
                    "commitment": c,
                })
            })
            .collect();
        return emit(&json(&serde_json::json!({
            "run": run_id,
            "seed": seed,
            "runs": args.runs,
            "model_error": calibration.provenance,
            "error_model_sha256": hashed
                .hashes()
                .map(|(id, h)| (id.to_owned(), serde_json::json!(h)))
                .collect::<serde_json::Map<String, serde_json::Value>>(),
            "error_model_changes": changes,
            "sealed": rows,
        }))?);
    }
    if args.format == OutputFormat::Csv {
        // A question's `value` is its inputs-only probability (the column Parley wrote before
        // it sealed both); the odds with model error come last, so readers of the earlier
        // columns by position are unchanged.
        let mut rows = vec![csv_row(&[
            "run",
            "target",
            "model",
            "value",
            "commitment",
            "value_with_model_error",
        ])];
        for (p, c) in predictions.iter().zip(&commitments) {
            let value = match p.kind {
                TargetKind::Issue => p.point,
                TargetKind::Question => p.probability,
            };
            rows.push(csv_row(&[
                &run_id.to_string(),
                &p.target,
                &p.model,
                &value.map_or(String::new(), |v| v.to_string()),
                c,
                &p.probability_with_model_error
                    .map_or(String::new(), |v| v.to_string()),
            ]));
        }
        return emit(&rows.concat());
    }
    let mut t = format!(
        "sealed {} forecast(s) of {} as run {run_id} in {} (seed {seed}, {} Monte Carlo runs)\n",
        predictions.len(),
        loaded.key,
        lib.path().display(),
        args.runs
    );
    t.push_str(&format!(
        "  {:<20} {:<12} {:>8} {:>19} {:>14}  commitment\n",
        "target", "model", "point", "P with model error", "P inputs only"
    ));
    for (p, c) in predictions.iter().zip(&commitments) {
        let (point, with_error, inputs_only) = match p.kind {
            TargetKind::Issue => (
                p.point
                    .map_or("-".into(), |v| parley_report::text::num(v, 1)),
                String::new(),
                String::new(),
            ),
            TargetKind::Question => (
                String::new(),
                pct(p.probability_with_model_error),
                pct(p.probability),
            ),
        };
        t.push_str(&format!(
            "  {:<20} {:<12} {point:>8} {with_error:>19} {inputs_only:>14}  sha256 {c}\n",
            p.target, p.model
        ));
    }
    t.push_str(&format!(
        "  (a question's two odds: {ODDS_LEGEND}; both are sealed"
    ));
    if predictions
        .iter()
        .any(|p| p.kind == TargetKind::Question && p.probability_with_model_error.is_none())
    {
        t.push_str(
            "; \"-\" with model error: the error model has none for that model, or the model \
             failed on a draw, where `parley mc` gives no odds either",
        );
    }
    t.push_str(")\n");
    t.push_str(&format!("  {}\n", calibration.caveat()));
    let sealed_hashes: Vec<String> = hashed
        .hashes()
        .filter_map(|(id, h)| h.map(|h| format!("{id} {}", short(h))))
        .collect();
    if !sealed_hashes.is_empty() {
        t.push_str(&format!(
            "  Error model sha256 per model: {} (sealed with the odds; a later seal under {} \
             must use the same error model)\n",
            sealed_hashes.join(", "),
            loaded.key
        ));
    }
    t.push_str(&changes_text(
        &changes,
        &loaded.key,
        run_id,
        args.new_error_model,
    ));
    emit(&t)
}

/// What `parley seal` says of the changes of error model it recorded with run `run_id` under
/// `key` (none: only when `--new-error-model` was given for nothing to change).
fn changes_text(changes: &[NewErrorModel], key: &str, run_id: i64, asked: bool) -> String {
    if changes.is_empty() {
        return if asked {
            format!(
                "  --new-error-model: every model's error model is the one its earlier seals \
                 under {key} used (or none was sealed), so no change was recorded\n"
            )
        } else {
            String::new()
        };
    }
    let listed: Vec<String> = changes
        .iter()
        .map(|c| {
            format!(
                "{} sha256 {} -> {}",
                c.model,
                short(&c.previous_sha256),
                c.sha256.as_deref().map_or("none", short)
            )
        })
        .collect();
    format!(
        "  Error model changed (--new-error-model), recorded in the history of {key} from run \
         {run_id} on: {}; `parley score` scores odds with model error of each error model \
         apart\n",
        listed.join(", ")
    )
}

/// What a command that reads a resolution file leaves undone when the file is refused; the
/// error says it, and only `resolve` records anything.
#[derive(Clone, Copy)]
enum Undone {
    /// `parley seal`.
    Sealed,
    /// `parley resolve`.
    Recorded,
    /// `parley score`.
    Scored,
    /// `parley report`.
    Report,
}

impl Undone {
    fn text(self) -> &'static str {
        match self {
            Undone::Recorded => "nothing was recorded",
            Undone::Sealed => "nothing was sealed",
            Undone::Scored => "nothing was scored",
            Undone::Report => "no report was written",
        }
    }
}

fn read_resolution(
    path: &std::path::Path,
    loaded: &Loaded,
    undone: Undone,
) -> Result<parley_library::Resolution, Failure> {
    let text = crate::cli::input::read_text(path)?;
    parse_resolution(&path.display().to_string(), &text, loaded, undone)
}

fn parse_resolution(
    name: &str,
    text: &str,
    loaded: &Loaded,
    undone: Undone,
) -> Result<parley_library::Resolution, Failure> {
    checked_resolution(name, text, &loaded.scenario, Some(&loaded.key), undone)
}

/// The resolution text `text` (named `name`) checked against `scenario` as of today. With
/// `key`, a file that resolves another scenario is told so first (checked against this one,
/// its ids would only be reported unknown); without, any key is taken, as for the flagship's
/// shipped resolution scored on a copy of the flagship, where nothing is recorded. An error
/// says what `undone` was not done.
fn checked_resolution(
    name: &str,
    text: &str,
    scenario: &Scenario,
    key: Option<&str>,
    undone: Undone,
) -> Result<parley_library::Resolution, Failure> {
    let today = crate::cli::today_utc();
    let parsed = match key {
        Some(key) => resolution::parse_for(name, text, scenario, key, &today),
        None => resolution::parse_on(name, text, scenario, &today),
    };
    parsed.map_err(|e| {
        let hint = match e {
            parley_library::ResolutionError::OtherScenario { .. } => {
                " (pass the scenario with --scenario or --library)"
            }
            _ => "",
        };
        Failure::input(format!("error: {e}; {}{hint}", undone.text()))
    })
}

/// `parley resolve`: check a resolution file against the scenario and record its outcomes;
/// then score the scenario's sealed forecasts, if any.
pub(crate) fn resolve(args: &ResolveArgs) -> Result<(), Failure> {
    let loaded = args.source.load(&args.db)?;
    loaded.check_key(Undone::Recorded)?;
    let r = read_resolution(&args.file, &loaded, Undone::Recorded)?;
    if let Some(lib) = args.db.open_existing()? {
        check_same_inputs(&lib, &loaded, "scoring its outcomes against them")?;
    }
    let mut lib = args.db.open()?;
    let n = lib.resolve(&r).map_err(fail)?;
    let mut t = format!(
        "recorded {n} outcome(s) of {} (as of {}) in {}\n",
        r.scenario,
        r.as_of,
        lib.path().display()
    );
    let sealed = lib.sealed_entries(&loaded.key).map_err(fail)?;
    if sealed.is_empty() {
        t.push_str(&format!(
            "no sealed forecasts of {} yet; `parley score` scores its current forecasts (as \
             hindsight)\n",
            loaded.key
        ));
    } else {
        let scales = parley_library::score::Scales::of(&loaded.scenario);
        let card = parley_library::score::score(&sealed, &r.outcomes, &scales);
        t.push_str(&render(&card, &r.outcomes, "sealed forecasts"));
        let changes = lib.error_model_changes(&loaded.key).map_err(fail)?;
        t.push_str(&history_text(&changes, &loaded.key));
    }
    emit(&t)
}

/// `parley score`: score the forecasts Parley makes now (hindsight) and every sealed one.
pub(crate) fn score(args: &ScoreArgs) -> Result<(), Failure> {
    let loaded = args.source.load(&args.db)?;
    let lib = args.db.open_existing()?;
    let outcomes: Vec<Outcome> = match &args.file {
        Some(path) => read_resolution(path, &loaded, Undone::Scored)?.outcomes,
        None => {
            let stored = match &lib {
                Some(l) => l.outcomes(&loaded.key).map_err(fail)?,
                None => Vec::new(),
            };
            if !stored.is_empty() {
                stored
            } else if loaded.embedded {
                parse_resolution(
                    embedded::RESOLUTION_NAME,
                    embedded::RESOLUTION,
                    &loaded,
                    Undone::Scored,
                )?
                .outcomes
            } else {
                return Err(Failure::input(format!(
                    "error: no outcomes of {} recorded; give a resolution file or record one \
                     with `parley resolve FILE`",
                    loaded.key
                )));
            }
        }
    };
    let chosen = select_models(&args.model)?;
    let calibration = loaded.calibration(Undone::Scored)?;
    let ids: Vec<&str> = chosen.iter().map(|m| m.info().id).collect();
    let hashed = HashedErrorModel::of(&calibration, &ids).map_err(fail)?;
    let made = forecasts(
        &loaded,
        &chosen,
        &hashed,
        args.runs,
        args.seed,
        args.confirm,
    )?;
    let now = unsealed(made.predictions);
    let scales = parley_library::score::Scales::of(&loaded.scenario);
    let now_card = parley_library::score::score(&now, &outcomes, &scales);
    let sealed = match &lib {
        Some(l) => l.sealed_entries(&loaded.key).map_err(fail)?,
        None => Vec::new(),
    };
    let sealed_card = parley_library::score::score(&sealed, &outcomes, &scales);
    let changes = match &lib {
        Some(l) => l.error_model_changes(&loaded.key).map_err(fail)?,
        None => Vec::new(),
    };
    if args.format == OutputFormat::Json {
        return emit(&json(&serde_json::json!({
            "scenario": loaded.key,
            "seed": made.seed,
            "outcomes": outcomes,
            "model_error": calibration.provenance,
            "now": now_card,
            "sealed": sealed_card,
            "error_model_changes": changes,
        }))?);
    }
    if args.format == OutputFormat::Csv {
        // One row per forecast scored: the forecasts made now, then the sealed ones. A
        // question's `forecast` and `brier` are its inputs-only odds' (the columns Parley wrote
        // before it sealed both); those with model error come last, so readers of the earlier
        // columns by position are unchanged; so does the SHA-256 of the error model they were
        // drawn from, which tells apart odds from before and after a change of error model.
        // An empty cell is a value not recorded.
        let mut rows = vec![csv_row(&[
            "set",
            "target",
            "model",
            "forecast",
            "outcome",
            "abs_error",
            "crps",
            "brier",
            "sealed_at",
            "counts",
            "forecast_with_model_error",
            "brier_with_model_error",
            "error_model_sha256",
        ])];
        let opt = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
        for (set, card) in [("now", &now_card), ("sealed", &sealed_card)] {
            for r in &card.rows {
                rows.push(csv_row(&[
                    set,
                    &r.target,
                    &r.model,
                    &opt(r.forecast),
                    &r.outcome.to_string(),
                    &opt(r.abs_error),
                    &opt(r.crps),
                    &opt(r.brier),
                    r.sealed_at.as_deref().unwrap_or_default(),
                    if r.counts { "true" } else { "false" },
                    &opt(r.forecast_with_model_error),
                    &opt(r.brier_with_model_error),
                    r.error_model_sha256.as_deref().unwrap_or_default(),
                ]));
            }
        }
        return emit(&rows.concat());
    }
    let mut t = format!(
        "Track record of {}: {} outcome(s); * marks an outcome that is a judgment\n\n",
        loaded.key,
        outcomes.len()
    );
    t.push_str(&render(
        &now_card,
        &outcomes,
        &format!(
            "forecasts made now ({} Monte Carlo runs, seed {}): hindsight, not sealed before \
             the outcomes",
            args.runs, made.seed
        ),
    ));
    if !sealed.is_empty() {
        t.push('\n');
        t.push_str(&render(&sealed_card, &outcomes, "sealed forecasts"));
        t.push_str(&history_text(&changes, &loaded.key));
    }
    t.push_str(&format!("\n{}\n", calibration.caveat()));
    emit(&t)
}

/// One CSV line, fields quoted where CSV needs it.
fn csv_row(fields: &[&str]) -> String {
    let quoted: Vec<String> = fields
        .iter()
        .map(|f| {
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                (*f).to_owned()
            }
        })
        .collect();
    format!("{}\n", quoted.join(","))
}

fn num(v: Option<f64>, digits: usize) -> String {
    v.map_or("-".to_owned(), |v| format!("{v:.digits$}"))
}

/// Said of sealed odds with model error that are absent: never a number in their place.
const NOT_RECORDED: &str = "not recorded";

/// A mean Brier score with model error: `not recorded` when none of the `sealed` forecasts has
/// odds with model error, `-` when none of the forecasts made now has, and the count behind it
/// when only some do (a mean over fewer forecasts than the inputs-only one).
fn brier_with_error(mean: Option<f64>, with: usize, of: usize, sealed: bool) -> String {
    match mean {
        None if sealed && of > 0 => NOT_RECORDED.to_owned(),
        None => "-".to_owned(),
        Some(m) if with < of => format!("{m:.3} ({with} of {of})"),
        Some(m) => format!("{m:.3}"),
    }
}

/// Said in the summary of a model whose odds with model error come from more than one error
/// model: their scores are given per error model, never pooled.
const PER_ERROR_MODEL: &str = "per error model";

/// One line per model whose odds with model error come from more than one error model: the
/// Brier score of each error model's odds, with the runs sealed with it.
fn per_error_model(card: &ScoreCard) -> String {
    let mut t = String::new();
    for m in card.models.iter().filter(|m| m.error_model_changed()) {
        let parts: Vec<String> =
            m.error_models
                .iter()
                .map(|e| {
                    let runs: Vec<String> = e.runs.iter().map(i64::to_string).collect();
                    format!(
                        "{} ({} {}): {:.3} over {} forecast(s)",
                        e.error_model_sha256.as_deref().map_or(
                            "not recorded".to_owned(),
                            |h| format!("sha256 {}", short(h))
                        ),
                        if runs.len() == 1 { "run" } else { "runs" },
                        runs.join(", "),
                        e.mean_brier_with_model_error,
                        e.questions
                    )
                })
                .collect();
        t.push_str(&format!(
            "  (\"{PER_ERROR_MODEL}\": {}'s odds with model error were drawn from {} error models, \
             scored apart and never pooled; Brier with model error by error model: {})\n",
            m.model,
            m.error_models.len(),
            parts.join("; ")
        ));
    }
    t
}

/// The changes of error model recorded under `key` (`parley seal --new-error-model`), one
/// line each; nothing when there are none.
fn history_text(changes: &[ErrorModelChange], key: &str) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let mut t =
        format!("  changes of error model recorded under {key} (seal --new-error-model):\n");
    for c in changes {
        t.push_str(&format!(
            "    from run {:<5} {}  {:<12} sha256 {} -> {} ({})\n",
            c.run,
            c.recorded_at,
            c.change.model,
            short(&c.change.previous_sha256),
            c.change.sha256.as_deref().map_or("none", short),
            c.change.origin
        ));
    }
    t
}

/// Per-model summary, then each target's forecasts against the outcome.
fn render(card: &ScoreCard, outcomes: &[Outcome], title: &str) -> String {
    let mut t = format!("Scores of the {title}\n");
    t.push_str(&format!(
        "  {:<12} {:>15} {:>9} {:>8} {:>18} {:>23} {:>18}  {}\n",
        "model",
        "issue forecasts",
        "abs err %",
        "CRPS %",
        "question forecasts",
        "Brier with model error",
        "Brier inputs only",
        "in record"
    ));
    for m in &card.models {
        let sealed = card
            .rows
            .iter()
            .any(|r| r.model == m.model && r.sealed_at.is_some());
        t.push_str(&format!(
            "  {:<12} {:>15} {:>9} {:>8} {:>18} {:>23} {:>18}  {}\n",
            m.model,
            m.issues,
            num(m.mean_abs_error, 1),
            num(m.mean_crps, 1),
            m.questions,
            if m.error_model_changed() {
                PER_ERROR_MODEL.to_owned()
            } else {
                brier_with_error(
                    m.mean_brier_with_model_error,
                    m.questions_with_model_error,
                    m.questions,
                    sealed,
                )
            },
            num(m.mean_brier, 3),
            m.counted
        ));
    }
    t.push_str(
        "  (means over the forecasts scored, one per target and sealed run; lower is better; \
         \"in record\": forecasts sealed on a day before their outcome's date)\n",
    );
    t.push_str(
        "  (abs err % and CRPS %: issue means in percent of each issue's scale, so issues on \
         different scales weigh alike; the rows below are on each issue's own scale. CRPS \
         scores the inputs-only Monte Carlo draws, without the model's measured error)\n",
    );
    t.push_str(&format!(
        "  (Brier with model error and Brier inputs only score a question's two odds: \
         {ODDS_LEGEND})\n"
    ));
    let missing = |sealed: bool| {
        card.rows.iter().any(|r| {
            r.kind == TargetKind::Question
                && r.brier_with_model_error.is_none()
                && r.sealed_at.is_some() == sealed
        })
    };
    if missing(true) {
        t.push_str(&format!(
            "  (\"{NOT_RECORDED}\" with model error: the seal holds no odds with model error, as \
             for forecasts sealed before Parley sealed them (or when the error model had none for \
             that model); such a forecast is scored on its inputs-only odds alone, and a mean \
             with model error \"(k of n)\" is over the k forecasts that have them)\n"
        ));
    }
    if missing(false) {
        t.push_str(
            "  (\"-\" with model error: the error model has none for that model, or the model \
             failed on a draw, where `parley mc` gives no odds either)\n",
        );
    }
    t.push_str(&per_error_model(card));
    if let Some(late) = &card.not_in_record {
        t.push_str(&format!("  {}\n", late.sentence()));
    }
    for o in outcomes {
        let rows: Vec<_> = card.rows.iter().filter(|r| r.target == o.target).collect();
        if rows.is_empty() {
            continue;
        }
        let outcome = match o.kind {
            TargetKind::Issue => parley_report::text::num(o.value, 0),
            TargetKind::Question => if o.value >= 0.5 { "yes" } else { "no" }.to_owned(),
        };
        t.push_str(&format!(
            "  {} = {}{} ({})\n",
            o.target,
            outcome,
            if o.judgment { "*" } else { "" },
            o.date
        ));
        for r in rows {
            let detail = match r.kind {
                TargetKind::Issue => format!(
                    "forecast {:>5}  abs err {:>5}  CRPS inputs only {:>5}",
                    num(r.forecast, 1),
                    num(r.abs_error, 1),
                    num(r.crps, 1)
                ),
                TargetKind::Question => {
                    let with_error = match (r.forecast_with_model_error, &r.sealed_at) {
                        (None, Some(_)) => format!("{NOT_RECORDED:<20}"),
                        (p, _) => format!(
                            "{:>6} (Brier {:>5})",
                            pct(p),
                            num(r.brier_with_model_error, 3)
                        ),
                    };
                    format!(
                        "P with model error {with_error}  P inputs only {:>6} (Brier {:>5})",
                        pct(r.forecast),
                        num(r.brier, 3)
                    )
                }
            };
            t.push_str(&format!(
                "    {:<12} {detail}{}\n",
                r.model,
                match &r.sealed_at {
                    Some(s) =>
                        format!("  sealed {s}{}", if r.counts { "" } else { " (hindsight)" }),
                    None => String::new(),
                }
            ));
        }
    }
    if !card.by_run.is_empty() {
        t.push_str(
            "  over time, one line per sealed run and model (how the scores and odds moved):\n",
        );
        for r in &card.by_run {
            let odds: Vec<String> = r
                .odds
                .iter()
                .map(|(q, p)| {
                    let with_error = r
                        .odds_with_model_error
                        .get(q)
                        .map_or(NOT_RECORDED.to_owned(), |p| pct(Some(*p)));
                    format!(
                        "P({q}) {with_error} with model error, {} inputs only",
                        pct(Some(*p))
                    )
                })
                .collect();
            // A sealed run's questions without odds with model error: not recorded, not 0.
            let brier_with_error = match r.mean_brier_with_model_error {
                None if !r.odds.is_empty() => NOT_RECORDED.to_owned(),
                b => num(b, 3),
            };
            // Which error model, where the model's odds come from more than one.
            let changed = card
                .models
                .iter()
                .any(|m| m.model == r.model && m.error_model_changed());
            let error_model = match (&r.error_model_sha256, changed) {
                (Some(h), true) => format!("  (error model sha256 {})", short(h)),
                (None, true) if !r.odds_with_model_error.is_empty() => {
                    "  (error model not recorded)".to_owned()
                }
                _ => String::new(),
            };
            t.push_str(&format!(
                "    run {:<5} {}  {:<12} abs err % {:>5}  CRPS % {:>5}  Brier with model error {:>5}, \
                 inputs only {:>5}  {}{error_model}\n",
                r.run,
                r.sealed_at,
                r.model,
                num(r.mean_abs_error, 1),
                num(r.mean_crps, 1),
                brier_with_error,
                num(r.mean_brier, 3),
                odds.join("  ")
            ));
        }
    }
    if !card.unscored.is_empty() {
        t.push_str(&format!(
            "  recorded but not scored (no forecast: a question without a condition): {}\n",
            card.unscored.join(", ")
        ));
    }
    t
}

/// What the *Track record* of `parley report` scores against, as the report decides it from
/// the scenario it forecast ([`ScoredAgainst::decide`]).
pub(crate) enum ScoredAgainst<'a> {
    /// The resolution file given with `--resolution`.
    File(&'a std::path::Path),
    /// The embedded flagship's shipped resolution.
    Shipped,
    /// The flagship as shipped, read from a file of any name: scored against its shipped
    /// resolution, as the web workbench and Python do; nothing is recorded, so the
    /// resolution's scenario key need not be the file's.
    ShippedCopy,
}

impl<'a> ScoredAgainst<'a> {
    /// What a report of `scenario` (read from `file`; `None`: the embedded flagship) is scored
    /// against: `resolution` when given, else the shipped resolution for the flagship; `None`
    /// when there is nothing to score against.
    pub(crate) fn decide(
        resolution: Option<&'a PathBuf>,
        file: Option<&PathBuf>,
        scenario: &Scenario,
    ) -> Option<Self> {
        match (resolution, file) {
            (Some(path), _) => Some(ScoredAgainst::File(path)),
            (None, None) => Some(ScoredAgainst::Shipped),
            (None, Some(_)) if parley_library::report::is_flagship(scenario) => {
                Some(ScoredAgainst::ShippedCopy)
            }
            (None, Some(_)) => None,
        }
    }
}

/// The track-record section of `parley report`: the forecasts it shows (`reported`, of the
/// scenario read from `file`, `None` for the embedded flagship) scored against `against`.
pub(crate) fn for_report(
    file: Option<&PathBuf>,
    against: &ScoredAgainst<'_>,
    reported: &AsReported<'_>,
) -> Result<parley_report::html::TrackRecord, Failure> {
    // The bytes the inputs hash is over, and the key the forecasts are under.
    let (key, content) = match file {
        Some(path) => (key_of(path), crate::cli::input::read_bytes(path)?),
        None => (FLAGSHIP_KEY.to_owned(), embedded::TEXT.as_bytes().to_vec()),
    };
    let shipped = |key: Option<&str>| {
        checked_resolution(
            embedded::RESOLUTION_NAME,
            embedded::RESOLUTION,
            reported.scenario,
            key,
            Undone::Report,
        )
    };
    let (r, from) = match against {
        ScoredAgainst::File(path) => {
            let name = path.display().to_string();
            let text = crate::cli::input::read_text(path)?;
            let r =
                checked_resolution(&name, &text, reported.scenario, Some(&key), Undone::Report)?;
            (r, name)
        }
        ScoredAgainst::Shipped => (
            shipped(Some(&key))?,
            parley_library::report::FLAGSHIP_RESOLUTION_FILE.to_owned(),
        ),
        ScoredAgainst::ShippedCopy => (
            shipped(None)?,
            parley_library::report::FLAGSHIP_RESOLUTION_FILE.to_owned(),
        ),
    };
    let key = match against {
        ScoredAgainst::ShippedCopy => r.scenario.clone(),
        _ => key,
    };
    track_report(&key, &content, file, &r, &from, reported)
}

/// What a report forecast with (its scenario after `--seed` and `--smp`, its models with
/// their options, runs and seed), so that its *Track record* scores the very forecasts it
/// shows rather than a second set drawn with the scenario's own seed and every model.
pub(crate) struct AsReported<'a> {
    /// The scenario as the report ran it.
    pub scenario: &'a parley_core::Scenario,
    /// The models it ran.
    pub models: &'a [Box<dyn parley_core::Model>],
    /// Monte Carlo runs.
    pub runs: usize,
    /// The seed of its draws.
    pub seed: u64,
    /// The error model it read (`None` when it ran no Monte Carlo): read again only then.
    pub calibration: Option<&'a Calibration>,
}

/// The *Track record* of the reported forecasts (under `key`, of the scenario bytes `content`
/// read from `file`) against `r`, named `from`.
fn track_report(
    key: &str,
    content: &[u8],
    file: Option<&PathBuf>,
    r: &parley_library::Resolution,
    from: &str,
    reported: &AsReported<'_>,
) -> Result<parley_report::html::TrackRecord, Failure> {
    let runs = reported.runs;
    crate::cli::confirm::check_runs(runs)?;
    // `parley report` asked about its work (these runs among it) before it began.
    // The scenario's error model, exactly as `parley mc` reads it.
    let read;
    let calibration = match reported.calibration {
        Some(c) => c,
        None => {
            read = crate::commands::calibrate::for_scenario(reported.scenario, file)?;
            &read
        }
    };
    let bar = crate::cli::progress::Progress::new(
        parley_library::progress_steps(runs, Some(calibration)),
        "forecasting with Monte Carlo runs (inputs only, then with model error)",
    );
    let forecasting = parley_library::report::Forecasting {
        key,
        scenario: reported.scenario,
        content,
        models: reported.models,
        runs,
        seed: reported.seed,
        calibration: Some(calibration),
    };
    let record = parley_library::report::track_record(&forecasting, r, from, &|| bar.tick())
        .map_err(fail)?;
    bar.finish();
    Ok(record)
}
