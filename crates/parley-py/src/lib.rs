//! # parley-py
//!
//! The native half of Parley's Python package (`parley._native`), built by maturin. It is thin
//! on purpose: every function loads or takes a scenario, calls the same library functions as
//! the `parley` command line (`parley-core`, `parley-scenario`, `parley-news`,
//! `parley-report`, `parley-library`) and hands back the command line's own JSON (or, for the report, HTML) text, so a result from Python is byte for byte the one
//! `parley ... --format json` prints. Conversions to Python objects (dicts, pandas, numpy)
//! happen in the pure-Python half (`python/parley/`), at the edge.
//!
//! Errors cross as exceptions: a scenario with problems raises `ScenarioError` carrying every
//! problem (code, line, column, path, message) as the CLI lists them; other bad input raises
//! `ValueError`, a wrong Python type `TypeError`. Long computations release the GIL and run on
//! a worker thread while the calling thread watches for Ctrl-C (`KeyboardInterrupt`), which
//! cancels the run, and calls a `progress(done, total)` callable when one is given.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use parley_core::cancel::Cancel;
use parley_core::uncertainty::{McPartial, MonteCarlo};
use parley_core::{Model, Scenario, models};
use parley_scenario::{Format, LoadError};
use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

create_exception!(
    _native,
    ScenarioError,
    PyValueError,
    "A scenario with problems; `.problems` lists each (code, line, column, path, message)."
);

/// The embedded flagship scenario's file name, as the CLI names it.
const FLAGSHIP_NAME: &str = "grand-bargain-2025.toml";
/// The embedded flagship scenario, the same file the `parley` binary embeds.
const FLAGSHIP_TEXT: &str = include_str!("../../../scenarios/grand-bargain-2025.toml");

/// What a pickled scenario holds: its TOML, its folder and the file it was read from.
type Pickled = (String, Option<PathBuf>, Option<PathBuf>, Applied);

/// The what-ifs and the edits applied to a scenario, each in the order applied.
type Applied = (Vec<String>, Vec<String>);

/// A validated scenario, the folder its file was in (an error model file named by the
/// scenario's `[calibration]` is read relative to it) and that file itself, so that nothing
/// written from Python replaces it (`Report.save`).
#[pyclass(name = "Scenario", module = "parley._native", frozen)]
#[derive(Clone)]
pub struct PyScenario {
    inner: Scenario,
    /// The scenario as read, before any what-if or edit. A derived scenario carries no
    /// what-ifs (`parley_core::what_if::apply_edits`), so what-ifs are looked up here and
    /// every variant is rebuilt from it, as the CLI builds `--what-if a --what-if b --set e`.
    root: Scenario,
    base: Option<PathBuf>,
    source: Option<PathBuf>,
    /// The what-ifs and edits applied since the scenario was read, so that what is computed
    /// from a variant says so (its JSON's `variant`, the report's notice).
    what_ifs: Vec<String>,
    edits: Vec<String>,
}

/// A list-of-strings argument named `name` as a list (empty when left out or `None`). One
/// `str` is a list of one, never split into its characters (as iterating a `str` would); any
/// other iterable gives its items, each of which must be a `str`.
fn strings(name: &str, arg: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(arg) = arg.filter(|a| !a.is_none()) else {
        return Ok(Vec::new());
    };
    let kind = |obj: &Bound<'_, PyAny>| {
        obj.get_type()
            .name()
            .map_or_else(|_| "?".to_owned(), |n| n.to_string())
    };
    if let Ok(one) = arg.cast::<PyString>() {
        return Ok(vec![one.to_str()?.to_owned()]);
    }
    let not_a_list = || {
        PyTypeError::new_err(format!(
            "{name} must be a str or a list of str, not {}",
            kind(arg)
        ))
    };
    if arg.is_instance_of::<PyBytes>() || arg.is_instance_of::<PyDict>() {
        return Err(not_a_list());
    }
    let items = arg.try_iter().map_err(|_| not_a_list())?;
    let mut out = Vec::new();
    for (k, item) in items.enumerate() {
        let item = item?;
        let text = item.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!("{name}[{k}] must be a str, not {}", kind(&item)))
        })?;
        out.push(text.to_str()?.to_owned());
    }
    Ok(out)
}

#[pymethods]
impl PyScenario {
    /// The scenario's name.
    #[getter]
    fn name(&self) -> String {
        self.inner.meta.name.clone()
    }

    /// The scenario's seed, if it sets one.
    #[getter]
    fn seed(&self) -> Option<u64> {
        self.inner.meta.seed
    }

    /// Issue rows: `(id, name, min, max, status quo or None)`.
    fn issue_rows(&self) -> Vec<(String, String, f64, f64, Option<f64>)> {
        self.inner
            .issues
            .iter()
            .map(|i| {
                (
                    i.id.clone(),
                    i.name.clone(),
                    i.scale.min,
                    i.scale.max,
                    i.status_quo.as_ref().map(|e| e.value),
                )
            })
            .collect()
    }

    /// Actor rows: `(id, name, capability)` (point values).
    fn actor_rows(&self) -> Vec<(String, String, f64)> {
        self.inner
            .actors
            .iter()
            .map(|a| (a.id.clone(), a.name.clone(), a.capability.value))
            .collect()
    }

    /// Stance rows: `(actor, issue, position, salience)` (point values), in actor order.
    fn stance_rows(&self) -> Vec<(String, String, f64, f64)> {
        let mut out = Vec::new();
        for a in &self.inner.actors {
            for (issue, st) in &a.stances {
                out.push((
                    a.id.clone(),
                    issue.clone(),
                    st.position.value,
                    st.salience.value,
                ));
            }
        }
        out
    }

    /// The file the scenario was read from (an absolute path), kept through what-ifs and
    /// edits; `None` for a scenario from text, a dict, DataFrames or the embedded flagship.
    #[getter]
    fn source(&self) -> Option<PathBuf> {
        self.source.clone()
    }

    /// The what-ifs applied to this scenario since it was read (`with_what_if`), in order.
    #[getter]
    fn applied_what_ifs(&self) -> Vec<String> {
        self.what_ifs.clone()
    }

    /// The edits applied to this scenario since it was read (`with_edits`), in order.
    #[getter]
    fn applied_edits(&self) -> Vec<String> {
        self.edits.clone()
    }

    /// The ids of the what-ifs the scenario defines; for a variant, those of the scenario it
    /// was made from (any not yet applied can still be, with `with_what_if`).
    fn what_if_ids(&self) -> Vec<String> {
        self.root.what_ifs.iter().map(|w| w.id.clone()).collect()
    }

    /// The scenario as Parley TOML.
    fn to_toml(&self) -> String {
        parley_scenario::write::to_toml(&self.inner)
    }

    /// The scenario with the what-if `id` applied, after any applied before. As the CLI's
    /// `--what-if a --what-if b --set e`: the what-ifs apply in order, then every edit, whatever
    /// order `with_what_if` and `with_edits` were called in.
    fn with_what_if(&self, id: &str) -> PyResult<Self> {
        let mut what_ifs = self.what_ifs.clone();
        what_ifs.push(id.to_owned());
        self.variant(what_ifs, self.edits.clone())
    }

    /// The scenario with edits applied, each as `--set` takes it (`"usa.ukraine_aid.salience=0.3"`);
    /// one edit may be given as a plain string. As `--set`, edits apply after every what-if
    /// and after the edits given before.
    fn with_edits(&self, edits: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut all = self.edits.clone();
        all.extend(strings("edits", Some(edits))?);
        self.variant(self.what_ifs.clone(), all)
    }

    /// Two scenarios are equal when every field is.
    fn __eq__(&self, other: &Self) -> bool {
        self.inner == other.inner
    }

    /// Pickling (how Dask ships a scenario to its workers): the scenario as Parley TOML and its
    /// folder. Refused when the TOML would not read back as exactly this scenario, so a worker
    /// never runs a different one.
    fn __reduce__(&self, py: Python<'_>) -> PyResult<(Py<PyAny>, Pickled)> {
        // The scenario as read, with the what-ifs and edits to apply again: a variant's own
        // TOML has no what-ifs, and more may be applied to the copy.
        let toml = parley_scenario::write::to_toml(&self.root);
        let back = parley_scenario::read_str(&self.root.meta.name, &toml, Format::Toml)
            .map_err(|e| load_error(py, e, true))?;
        if back != self.root {
            return Err(PyValueError::new_err(
                "this scenario does not survive a round trip through TOML, so it cannot be \
                 sent to another process exactly",
            ));
        }
        let rebuild = py.import("parley._native")?.getattr("_from_toml")?.unbind();
        let applied = (self.what_ifs.clone(), self.edits.clone());
        Ok((
            rebuild,
            (toml, self.base.clone(), self.source.clone(), applied),
        ))
    }

    fn __repr__(&self) -> String {
        format!(
            "<parley.Scenario {:?}: {} actors, {} issues>",
            self.inner.meta.name,
            self.inner.actors.len(),
            self.inner.issues.len()
        )
    }
}

impl PyScenario {
    /// A scenario as read, with nothing applied.
    fn read(inner: Scenario, base: Option<PathBuf>, source: Option<PathBuf>) -> Self {
        Self {
            root: inner.clone(),
            inner,
            base,
            source,
            what_ifs: Vec::new(),
            edits: Vec::new(),
        }
    }

    /// The scenario as read with `what_ifs` (in order) and then `edits` applied, as the CLI's
    /// `--what-if` and `--set` (`parley_core::variant::apply`): the same folder and source
    /// file.
    fn variant(&self, what_ifs: Vec<String>, edits: Vec<String>) -> PyResult<Self> {
        let inner = parley_core::variant::apply(
            &self.root,
            &what_ifs,
            &edits,
            parley_core::what_if::EditSource::Argument("edits".into()),
        )
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(Self {
            inner,
            root: self.root.clone(),
            base: self.base.clone(),
            source: self.source.clone(),
            what_ifs,
            edits,
        })
    }

    /// `document` with a leading `"variant"` when what-ifs or edits were applied, as the
    /// CLI's JSON has with `--what-if` and `--set`.
    fn labelled<'a, T: serde::Serialize>(
        &'a self,
        document: &'a T,
    ) -> parley_scenario::json::WithVariant<'a, T> {
        parley_scenario::json::with_variant(&self.what_ifs, &self.edits, document)
    }

    /// The one-line label of the what-ifs and edits applied (`What-if: a + b; set: e`), as
    /// the CLI prints it; empty when none was.
    fn variant_label(&self) -> String {
        let mut parts = Vec::new();
        if !self.what_ifs.is_empty() {
            parts.push(format!("What-if: {}", self.what_ifs.join(" + ")));
        }
        if !self.edits.is_empty() {
            parts.push(format!("set: {}", self.edits.join("; ")));
        }
        parts.join("; ")
    }
}

/// Refuses more Monte Carlo runs than the command line and the web API allow
/// (`parley_core::cost::MAX_RUNS`): each run's forecasts are kept until the summary.
fn capped(runs: usize) -> PyResult<()> {
    let max = parley_core::cost::MAX_RUNS;
    if runs > max {
        return Err(PyValueError::new_err(format!(
            "runs {runs} is over the maximum of {max} (each run's forecasts are kept until the \
             summary); split the work over seeds"
        )));
    }
    Ok(())
}

/// Refuses `runs` over the Monte Carlo cap, as `monte_carlo` does, for `parley.dask` to check
/// before it hands any chunk to a worker.
#[pyfunction]
fn check_runs(runs: usize) -> PyResult<()> {
    capped(runs)
}

/// A load error as a Python exception: `ScenarioError` with `.problems` for an invalid
/// scenario, `OSError` for a file that cannot be read. Without `located`, each problem's line
/// and column are `None` and left out of the message.
fn load_error(py: Python<'_>, err: LoadError, located: bool) -> PyErr {
    match err {
        LoadError::Io { path, source } => {
            pyo3::exceptions::PyOSError::new_err(format!("cannot read {path}: {source}"))
        }
        LoadError::Invalid { file, diagnostics } => {
            let mut lines = Vec::with_capacity(diagnostics.len() + 1);
            let problems = PyList::empty(py);
            for d in &diagnostics {
                let place = located.then_some((d.line, d.column));
                lines.push(match place {
                    Some((line, column)) => {
                        format!("{file}:{line}:{column}: error[{}]: {}", d.code, d.message)
                    }
                    None => format!("{file}: error[{}]: {}", d.code, d.message),
                });
                let item = PyDict::new(py);
                let filled = item
                    .set_item("code", d.code)
                    .and_then(|()| item.set_item("line", place.map(|p| p.0)))
                    .and_then(|()| item.set_item("column", place.map(|p| p.1)))
                    .and_then(|()| item.set_item("path", d.path.clone()))
                    .and_then(|()| item.set_item("message", d.message.clone()))
                    .and_then(|()| item.set_item("file", file.clone()))
                    .and_then(|()| problems.append(item));
                if let Err(e) = filled {
                    return e;
                }
            }
            lines.push(format!("{file}: {} problem(s) found", diagnostics.len()));
            let err = ScenarioError::new_err(lines.join("\n"));
            if let Err(e) = err.value(py).setattr("problems", problems) {
                return e;
            }
            err
        }
    }
}

/// The syntax named by `format` (`toml`, `json`, `decide`, `ktab-csv`, `ktab-xml`, `bdm`).
fn format_named(format: &str) -> PyResult<Format> {
    Ok(match format {
        "toml" => Format::Toml,
        "json" => Format::Json,
        "decide" => Format::Decide,
        "ktab-csv" => Format::KtabCsv,
        "ktab-xml" => Format::KtabXml,
        "bdm" => Format::Bdm,
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown format '{other}'; valid: toml, json, decide, ktab-csv, ktab-xml, bdm"
            )));
        }
    })
}

/// Reads and validates scenario text; `name` names it in problems.
///
/// `located = False` (for text Python made from a dict) leaves out the line and column of
/// each problem: they are places in text the caller never saw; the key path names the place.
#[pyfunction]
#[pyo3(signature = (text, format = "toml", name = "<string>", located = true))]
fn load_text(
    py: Python<'_>,
    text: &str,
    format: &str,
    name: &str,
    located: bool,
) -> PyResult<PyScenario> {
    let format = format_named(format)?;
    let text = parley_scenario::strip_bom(text);
    let inner =
        parley_scenario::read_str(name, text, format).map_err(|e| load_error(py, e, located))?;
    Ok(PyScenario::read(inner, None, None))
}

/// Reads and validates a scenario file, its format told by extension and content as the CLI
/// does.
#[pyfunction]
fn load_path(py: Python<'_>, path: PathBuf) -> PyResult<PyScenario> {
    let inner = parley_scenario::read_file(&path).map_err(|e| load_error(py, e, true))?;
    let base = path.parent().map(Path::to_path_buf);
    // Absolute now, so that a later change of working directory does not make it name
    // another file.
    let source = Some(std::path::absolute(&path).unwrap_or(path));
    Ok(PyScenario::read(inner, base, source))
}

/// A scenario from [`PyScenario::__reduce__`]'s state.
#[pyfunction]
#[pyo3(signature = (toml, base, source = None, applied = None))]
fn _from_toml(
    py: Python<'_>,
    toml: &str,
    base: Option<PathBuf>,
    source: Option<PathBuf>,
    applied: Option<Applied>,
) -> PyResult<PyScenario> {
    let root = parley_scenario::read_str("pickled", toml, Format::Toml)
        .map_err(|e| load_error(py, e, true))?;
    let (what_ifs, edits) = applied.unwrap_or_default();
    PyScenario::read(root, base, source).variant(what_ifs, edits)
}

/// The embedded flagship scenario (`scenarios/grand-bargain-2025.toml`).
#[pyfunction]
fn flagship(py: Python<'_>) -> PyResult<PyScenario> {
    let inner = parley_scenario::read_str(FLAGSHIP_NAME, FLAGSHIP_TEXT, Format::Toml)
        .map_err(|e| load_error(py, e, true))?;
    Ok(PyScenario::read(inner, None, None))
}

/// The models named (`None` or `all`: every model), as the CLI's `--model` picks them. An
/// empty list is refused, as by the web API: read as every model it would run what the
/// caller explicitly left out.
fn select_models(names: Option<Vec<String>>) -> PyResult<Vec<Box<dyn Model>>> {
    let Some(names) = names else {
        return Ok(models::all());
    };
    let known = || {
        let ids: Vec<&str> = models::listed().iter().map(|m| m.info().id).collect();
        ids.join(", ")
    };
    if names.is_empty() {
        return Err(PyValueError::new_err(format!(
            "models is empty; leave it out (None) to run every model, or name at least one \
             of: {}, all",
            known()
        )));
    }
    if names.iter().any(|n| n == "all") {
        return Ok(models::all());
    }
    let mut chosen: Vec<Box<dyn Model>> = Vec::new();
    for name in &names {
        let model = models::by_id(name).ok_or_else(|| {
            PyValueError::new_err(format!(
                "unknown model '{name}'; available: {}, all",
                known()
            ))
        })?;
        if !chosen.iter().any(|m| m.info().id == model.info().id) {
            chosen.push(model);
        }
    }
    Ok(chosen)
}

/// Runs `work` on a worker thread with the GIL released; the calling thread checks for
/// signals every 50 ms, and a pending one (Ctrl-C) cancels `work` through its [`Cancel`] and
/// is raised once the worker has stopped.
fn interruptible<T: Send>(
    py: Python<'_>,
    work: impl FnOnce(&Cancel) -> PyResult<T> + Send,
) -> PyResult<T> {
    interruptible_with(py, None, &Steps::new(0), |cancel, _| work(cancel))
}

/// Steps done and planned, counted by a computation's worker threads and read by the thread
/// that reports progress. Only counters: what is computed never reads them, so a result does
/// not depend on whether or how progress is shown.
struct Steps {
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Steps {
    /// No step done of `total`.
    fn new(total: usize) -> Self {
        Self {
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(total),
        }
    }

    /// One step done (called from any worker thread).
    fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// `more` steps planned (for a computation whose size is known only as it goes).
    fn plan(&self, more: usize) {
        self.total.fetch_add(more, Ordering::Relaxed);
    }

    /// `(done, total)`, the total never below what is done.
    fn read(&self) -> (usize, usize) {
        let done = self.done.load(Ordering::Relaxed);
        (done, self.total.load(Ordering::Relaxed).max(done))
    }
}

/// As [`interruptible`], and where `progress` is given it is called with the GIL as
/// `progress(done, total)` from the calling thread every 50 ms while `work` runs (when the
/// count moved) and once at the end with the final count; `work` counts its steps in `steps`.
/// An exception raised by `progress` cancels `work` and is raised in its place.
fn interruptible_with<T: Send>(
    py: Python<'_>,
    progress: Option<&Bound<'_, PyAny>>,
    steps: &Steps,
    work: impl FnOnce(&Cancel, &Steps) -> PyResult<T> + Send,
) -> PyResult<T> {
    let cancel = Cancel::new();
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel();
        // Behind a mutex so that the GIL-free closures below may borrow it.
        let rx = std::sync::Mutex::new(rx);
        let wait = |timeout: Option<Duration>| match rx.lock() {
            Ok(rx) => match timeout {
                Some(t) => rx.recv_timeout(t),
                None => rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
            },
            Err(_) => Err(mpsc::RecvTimeoutError::Disconnected),
        };
        let worker_cancel = cancel.clone();
        scope.spawn(move || {
            let _ = tx.send(work(&worker_cancel, steps));
        });
        let mut told = None;
        let mut tell = |force: bool| -> PyResult<()> {
            let Some(progress) = progress else {
                return Ok(());
            };
            let now = steps.read();
            if force || told != Some(now) {
                told = Some(now);
                progress.call1(now)?;
            }
            Ok(())
        };
        loop {
            let got = py.detach(|| wait(Some(Duration::from_millis(50))));
            match got {
                Ok(result) => {
                    if result.is_ok() {
                        tell(true)?;
                    }
                    return result;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(PyRuntimeError::new_err(
                        "parley: the computation stopped without a result",
                    ));
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if let Err(stop) = py.check_signals().and_then(|()| tell(false)) {
                        cancel.cancel();
                        // The worker stops at its next check; the scope waits for it.
                        let _ = py.detach(|| wait(None));
                        return Err(stop);
                    }
                }
            }
        }
    })
}

/// A computation error as a Python `ValueError`. (A cancelled run never gets here:
/// [`interruptible`] raises the pending signal itself.)
fn failed(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// The JSON of `parley run --format json`: every model's forecast, gains, rounds, linkages,
/// mediation, answers and the point forecasts' model error.
#[pyfunction]
#[pyo3(signature = (scenario, models = None))]
fn run(py: Python<'_>, scenario: &PyScenario, models: Option<Vec<String>>) -> PyResult<String> {
    let chosen = select_models(models)?;
    let s = &scenario.inner;
    let calibration = parley_scenario::calibration::for_scenario(s, scenario.base.as_deref())
        .map_err(|e| load_error(py, e, true))?;
    interruptible(py, |cancel| {
        let analysis = parley_core::analyse_cancellable(s, &chosen, cancel).map_err(failed)?;
        let seed = s.meta.seed.unwrap_or(0);
        let point = parley_core::calibration::point::point_error(s, &analysis, &calibration, seed)
            .map_err(failed)?;
        let document = parley_scenario::json::run_document(&analysis, &point);
        parley_scenario::json::pretty(&scenario.labelled(&document)).map_err(failed)
    })
}

/// Everything a Monte Carlo call names, resolved once.
struct McCall {
    mc: MonteCarlo,
    models: Vec<Box<dyn Model>>,
    calibration: parley_core::calibration::Calibration,
}

fn mc_call(
    py: Python<'_>,
    scenario: &PyScenario,
    runs: usize,
    seed: Option<u64>,
    models: Option<Vec<String>>,
) -> PyResult<McCall> {
    if runs == 0 {
        return Err(PyValueError::new_err("runs must be at least 1"));
    }
    capped(runs)?;
    let s = &scenario.inner;
    let calibration = parley_scenario::calibration::for_scenario(s, scenario.base.as_deref())
        .map_err(|e| load_error(py, e, true))?;
    Ok(McCall {
        mc: MonteCarlo {
            runs,
            seed: seed.or(s.meta.seed).unwrap_or(0),
        },
        models: select_models(models)?,
        calibration,
    })
}

/// The JSON of `parley mc --format json`: `runs` draws of the scenario's ranges (seed: the
/// scenario's, else 0), with the built-in or the scenario's error model. `progress`, when
/// given, is called as `progress(runs done, runs)` while it works (see [`interruptible_with`]).
#[pyfunction]
#[pyo3(signature = (scenario, runs = 1000, seed = None, models = None, conditions = None, progress = None))]
#[allow(clippy::too_many_arguments)]
fn monte_carlo(
    py: Python<'_>,
    scenario: &PyScenario,
    runs: usize,
    seed: Option<u64>,
    models: Option<Vec<String>>,
    conditions: Option<&Bound<'_, PyAny>>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let call = mc_call(py, scenario, runs, seed, models)?;
    let conditions = strings("conditions", conditions)?;
    interruptible_with(py, progress, &Steps::new(runs), |cancel, steps| {
        let result = call
            .mc
            .run_calibrated(
                &scenario.inner,
                &call.models,
                &conditions,
                Some(&call.calibration),
                &|| steps.tick(),
                cancel,
            )
            .map_err(failed)?;
        parley_scenario::json::pretty(&scenario.labelled(&result)).map_err(failed)
    })
}

/// Runs `start..end` of a `runs`-run Monte Carlo (arguments as [`monte_carlo`]) and returns
/// the part as bytes, for [`monte_carlo_merge`] (possibly in another process).
#[pyfunction]
#[pyo3(signature = (scenario, runs, start, end, seed = None, models = None, conditions = None))]
#[allow(clippy::too_many_arguments)]
fn monte_carlo_part<'py>(
    py: Python<'py>,
    scenario: &PyScenario,
    runs: usize,
    start: usize,
    end: usize,
    seed: Option<u64>,
    models: Option<Vec<String>>,
    conditions: Option<&Bound<'_, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let call = mc_call(py, scenario, runs, seed, models)?;
    let conditions = strings("conditions", conditions)?;
    let bytes = interruptible(py, |cancel| {
        let part = call
            .mc
            .run_range(
                &scenario.inner,
                &call.models,
                &conditions,
                Some(&call.calibration),
                start..end,
                cancel,
            )
            .map_err(failed)?;
        Ok(part.to_bytes())
    })?;
    Ok(PyBytes::new(py, &bytes))
}

/// Merges the parts from [`monte_carlo_part`] (in any order; they must cover `0..runs` once)
/// into the JSON [`monte_carlo`] gives for the same arguments, byte for byte.
#[pyfunction]
#[pyo3(signature = (scenario, runs, parts, seed = None, models = None, conditions = None))]
fn monte_carlo_merge(
    py: Python<'_>,
    scenario: &PyScenario,
    runs: usize,
    parts: Vec<Vec<u8>>,
    seed: Option<u64>,
    models: Option<Vec<String>>,
    conditions: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let call = mc_call(py, scenario, runs, seed, models)?;
    let conditions = strings("conditions", conditions)?;
    py.detach(|| {
        let parts = parts
            .iter()
            .map(|b| McPartial::from_bytes(b))
            .collect::<Result<Vec<_>, _>>()
            .map_err(failed)?;
        let result = call
            .mc
            .merge(
                &scenario.inner,
                &call.models,
                &conditions,
                Some(&call.calibration),
                parts,
            )
            .map_err(failed)?;
        parley_scenario::json::pretty(&scenario.labelled(&result)).map_err(failed)
    })
}

/// The JSON of `parley sensitivity --format json` (tornado variance shares from `runs` runs),
/// with `sobol = N` that of `--sobol N --sobol-resamples B` (`sobol_resamples` = B);
/// `progress(steps done, steps)` as for [`monte_carlo`], a step being an uncertain input's two
/// ends, one run, or one Sobol base sample.
#[pyfunction]
#[pyo3(signature = (scenario, runs = 1000, seed = None, models = None, progress = None, sobol = None, sobol_resamples = parley_core::uncertainty::sobol::DEFAULT_RESAMPLES))]
#[allow(clippy::too_many_arguments)]
fn sensitivity(
    py: Python<'_>,
    scenario: &PyScenario,
    runs: usize,
    seed: Option<u64>,
    models: Option<Vec<String>>,
    progress: Option<&Bound<'_, PyAny>>,
    sobol: Option<usize>,
    sobol_resamples: usize,
) -> PyResult<String> {
    // Checked here, not left to the library, whose message names the command line's flag.
    if runs < 2 {
        return Err(PyValueError::new_err(format!(
            "runs must be at least 2; {runs} would give no variance to share out"
        )));
    }
    capped(runs)?;
    let chosen = select_models(models)?;
    let s = &scenario.inner;
    let seed = seed.or(s.meta.seed).unwrap_or(0);
    use parley_core::uncertainty::{sensitivity, sobol as sobol_indices};
    if let Some(samples) = sobol {
        sobol_checked(s, samples, sobol_resamples)?;
    }
    let total = sensitivity::steps(s, runs).saturating_add(sobol.unwrap_or(0));
    interruptible_with(py, progress, &Steps::new(total), |cancel, steps| {
        let mut result =
            sensitivity::measure_cancellable(s, &chosen, runs, seed, &|| steps.tick(), cancel)
                .map_err(failed)?;
        if let Some(samples) = sobol {
            let settings = parley_core::uncertainty::Sobol {
                samples,
                resamples: sobol_resamples,
                seed,
            };
            // Not cancellable inside (the library's Sobol takes no token): Ctrl-C is told
            // once the indices are done, and the result then dropped.
            let indices =
                sobol_indices::measure(s, &chosen, &settings, &|| steps.tick()).map_err(failed)?;
            result.add_sobol(&indices);
        }
        parley_scenario::json::pretty(&scenario.labelled(&result)).map_err(failed)
    })
}

/// Refuses a Sobol design the command line refuses, in this function's terms: fewer base
/// samples than it reports, more bootstrap resamples than it allows, or more runs than the
/// Monte Carlo cap (the runs' forecasts are held until the indices are computed).
fn sobol_checked(s: &Scenario, samples: usize, resamples: usize) -> PyResult<()> {
    use parley_core::uncertainty::sobol::MIN_REPORTED_SAMPLES;
    if samples < MIN_REPORTED_SAMPLES {
        return Err(PyValueError::new_err(format!(
            "sobol={samples} is too few base samples for the indices to mean anything; give at \
             least {MIN_REPORTED_SAMPLES} (their error falls as 1/sqrt(N): several hundred are \
             needed to rank close inputs)"
        )));
    }
    if !parley_core::uncertainty::sobol::resamples_allowed(resamples) {
        use parley_core::uncertainty::sobol::{MAX_RESAMPLES, MIN_RESAMPLES};
        return Err(PyValueError::new_err(format!(
            "sobol_resamples={resamples} cannot give a 95% interval (each 2.5% tail needs a \
             resample of its own); give 0 (no intervals) or {MIN_RESAMPLES} to {MAX_RESAMPLES}"
        )));
    }
    let inputs = parley_core::uncertainty::sample::Sampler::new(s).len();
    let runs = samples.saturating_mul(inputs.saturating_add(2));
    let max = parley_core::cost::MAX_RUNS;
    if runs > max {
        return Err(PyValueError::new_err(format!(
            "sobol={samples} needs {samples} x ({inputs} inputs + 2) = {runs} runs of every \
             model, over the maximum of {max}; give at most sobol={}",
            max / inputs.saturating_add(2)
        )));
    }
    Ok(())
}

/// One variant given to [`compare`] in `variants`: its name (`None`: made from its what-ifs
/// and edits), its what-ifs and its edits.
type VariantSpec = (Option<String>, Vec<String>, Vec<String>);

/// `scenario` with `what_ifs` and then `edits` applied, as one variant of `parley compare`
/// (`parley_core::variant::apply`). A scenario that is itself a variant keeps its own
/// what-ifs and edits: the new what-ifs follow its what-ifs, the new edits its edits.
fn variant_of(
    scenario: &PyScenario,
    what_ifs: &[String],
    edits: &[String],
) -> Result<Scenario, String> {
    let all_what_ifs = [scenario.what_ifs.as_slice(), what_ifs].concat();
    let all_edits = [scenario.edits.as_slice(), edits].concat();
    parley_core::variant::apply(
        &scenario.root,
        &all_what_ifs,
        &all_edits,
        parley_core::what_if::EditSource::Argument("edits".into()),
    )
    .map_err(|e| e.to_string())
}

/// Why [`compare`] has no variant when none is given: the scenario defines no what-ifs, or it
/// is a variant that already applies every one it defines (each alone would be the scenario
/// itself), which names them.
fn nothing_to_compare(scenario: &PyScenario) -> String {
    if scenario.root.what_ifs.is_empty() {
        return "nothing to compare: the scenario defines no what-ifs; pass what_ifs, edits or \
                variants"
            .to_owned();
    }
    let applied = scenario
        .what_ifs
        .iter()
        .map(|id| format!("'{id}'"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "nothing to compare: this scenario is a variant that already applies every what-if it \
         defines ({applied}, with with_what_if), so none is left to compare it with; pass \
         edits or variants to compare against this variant, or compare the scenario as read \
         (before with_what_if) with what_ifs or variants"
    )
}

/// The JSON of `parley compare --format json`: the base against each variant. `what_ifs` and
/// `edits` together make one variant (the what-ifs in order, then the edits), as the command
/// line's `--what-if` and `--set` do; each of `variants` (name, what-ifs, edits) is one more,
/// as `--variant`; with none of them, each what-if of the scenario alone.
#[pyfunction]
#[pyo3(signature = (scenario, what_ifs = None, edits = None, models = None, variants = None))]
fn compare(
    py: Python<'_>,
    scenario: &PyScenario,
    what_ifs: Option<&Bound<'_, PyAny>>,
    edits: Option<&Bound<'_, PyAny>>,
    models: Option<Vec<String>>,
    variants: Option<Vec<VariantSpec>>,
) -> PyResult<String> {
    let chosen = select_models(models)?;
    let base = &scenario.inner;
    let what_ifs = strings("what_ifs", what_ifs)?;
    let edits = strings("edits", edits)?;
    let given = variants.unwrap_or_default();
    // (name, scenario), every variant built before any model runs, so that a bad edit in the
    // last one is told at once.
    let mut list: Vec<(String, Scenario)> = Vec::new();
    if !what_ifs.is_empty() || !edits.is_empty() {
        let s = variant_of(scenario, &what_ifs, &edits).map_err(PyValueError::new_err)?;
        list.push((parley_core::variant::name(&what_ifs, &edits), s));
    }
    for (k, (name, ids, sets)) in given.iter().enumerate() {
        let place = |name: &str| format!("variants[{k}] ('{name}')");
        if ids.is_empty() && sets.is_empty() {
            return Err(PyValueError::new_err(format!(
                "variants[{k}] has no what-ifs and no edits; give a what-if id, or a dict with \
                 \"what_ifs\" and/or \"edits\""
            )));
        }
        let name = match name {
            Some(n) if n.trim().is_empty() => {
                return Err(PyValueError::new_err(format!(
                    "variants[{k}]: the name is empty; leave it out to name the variant by its \
                     what-ifs and edits"
                )));
            }
            Some(n) => n.clone(),
            None => parley_core::variant::name(ids, sets),
        };
        let s = variant_of(scenario, ids, sets)
            .map_err(|e| PyValueError::new_err(format!("{}: {e}", place(&name))))?;
        list.push((name, s));
    }
    if list.is_empty() {
        // Each what-if the scenario was read with, but those it already has applied.
        let unapplied = scenario.root.what_ifs.iter();
        for w in unapplied.filter(|w| !scenario.what_ifs.contains(&w.id)) {
            let s = variant_of(scenario, std::slice::from_ref(&w.id), &[])
                .map_err(PyValueError::new_err)?;
            list.push((w.id.clone(), s));
        }
    }
    if list.is_empty() {
        return Err(PyValueError::new_err(nothing_to_compare(scenario)));
    }
    for (k, (name, _)) in list.iter().enumerate() {
        if list[..k].iter().any(|(other, _)| other == name) {
            return Err(PyValueError::new_err(format!(
                "two variants are named '{name}'; give each entry of variants its own \"name\""
            )));
        }
    }
    // As `parley compare`: every variant's odds with model error drawn with the base's
    // calibration and seed, so a change between variants is the variant's, not the draws'.
    let calibration = parley_scenario::calibration::for_scenario(base, scenario.base.as_deref())
        .map_err(|e| load_error(py, e, true))?;
    let seed = base.meta.seed.unwrap_or(0);
    py.detach(|| {
        let point = |s: &Scenario, a: &parley_core::Analysis| {
            parley_core::calibration::point::point_error(s, a, &calibration, seed).map_err(failed)
        };
        let mut variants = Vec::with_capacity(list.len());
        for (name, s) in &list {
            let a = parley_core::analyse(s, &chosen).map_err(failed)?;
            let p = point(s, &a)?;
            variants.push(serde_json::json!({ "variant": name, "analysis": a, "model_error": p }));
        }
        let base_analysis = parley_core::analyse(base, &chosen).map_err(failed)?;
        let base_point = point(base, &base_analysis)?;
        parley_scenario::json::pretty(&serde_json::json!({
            "base": base_analysis,
            "base_model_error": base_point,
            "variants": variants
        }))
        .map_err(failed)
    })
}

/// The JSON of `parley bargain --format json`: the analysis, the linkage bargains, and the
/// Monte Carlo odds behind the answers (`runs` = 0: none); `progress(runs done, runs)` as for
/// [`monte_carlo`].
#[pyfunction]
#[pyo3(signature = (scenario, runs = 1000, progress = None))]
fn bargain(
    py: Python<'_>,
    scenario: &PyScenario,
    runs: usize,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    capped(runs)?;
    let s = &scenario.inner;
    let calibration = parley_scenario::calibration::for_scenario(s, scenario.base.as_deref())
        .map_err(|e| load_error(py, e, true))?;
    interruptible_with(py, progress, &Steps::new(runs), |cancel, steps| {
        let all = models::all();
        let analysis = parley_core::analyse_cancellable(s, &all, cancel).map_err(failed)?;
        let bargain = parley_core::bargain::bargain(s).map_err(failed)?;
        let odds = if runs == 0 {
            None
        } else {
            let mc = MonteCarlo {
                runs,
                seed: s.meta.seed.unwrap_or(0),
            };
            Some(
                mc.run_calibrated(s, &all, &[], Some(&calibration), &|| steps.tick(), cancel)
                    .map_err(failed)?,
            )
        };
        parley_scenario::json::pretty(&scenario.labelled(&serde_json::json!({
            "analysis": analysis,
            "bargain": bargain,
            "monte_carlo": odds,
        })))
        .map_err(failed)
    })
}

/// The JSON of `parley advise --format json`: the levers that move the result most for
/// `actor` (toward `goal` when given), the best proposal every party accepts, and the partners
/// whose alignment helps, with `runs` Monte Carlo runs behind the odds (0: point runs only;
/// seed: the scenario's, else 0). `progress(runs done, runs planned)` as for [`monte_carlo`],
/// counting only the Monte Carlo runs, whose total grows as the search decides what needs odds.
#[pyfunction]
#[pyo3(signature = (scenario, actor, goal = None, runs = 1000, seed = None, budget = None, top = 10, models = None, progress = None))]
#[allow(clippy::too_many_arguments)]
fn advise(
    py: Python<'_>,
    scenario: &PyScenario,
    actor: String,
    goal: Option<String>,
    runs: usize,
    seed: Option<u64>,
    budget: Option<f64>,
    top: usize,
    models: Option<Vec<String>>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    use parley_core::advise;
    capped(runs)?;
    let chosen = select_models(models)?;
    let s = &scenario.inner;
    let calibration = parley_scenario::calibration::for_scenario(s, scenario.base.as_deref())
        .map_err(|e| load_error(py, e, true))?;
    let settings = advise::Settings {
        goal,
        budget,
        top,
        monte_carlo: (runs > 0).then_some(MonteCarlo {
            runs,
            seed: seed.or(s.meta.seed).unwrap_or(0),
        }),
        ..advise::Settings::new(actor)
    };
    interruptible_with(py, progress, &Steps::new(0), |cancel, steps| {
        let tell = |p: advise::Progress| match p {
            advise::Progress::Planned(more) => steps.plan(more),
            advise::Progress::Run => steps.tick(),
        };
        let advice =
            advise::advise_with_progress(s, &chosen, &settings, Some(&calibration), cancel, &tell)
                .map_err(|e| match e {
                    // The library's message names the command line's `--actor`.
                    advise::AdviseError::UnknownActor { id, known } => PyValueError::new_err(
                        format!("unknown actor '{id}' (argument `actor`); actors: {known}"),
                    ),
                    other => failed(other),
                })?;
        parley_scenario::json::pretty(&scenario.labelled(&serde_json::json!({
            "scenario": s.meta.name,
            "advice": advice,
        })))
        .map_err(failed)
    })
}

/// The HTML of `parley report --runs RUNS`: the brief answering each question, every model,
/// the grand bargain, the calibrated Monte Carlo and the sensitivity (seed: the scenario's,
/// else 0; `runs` = 0: point values only); `progress(steps done, steps)` as for
/// [`monte_carlo`], over the Monte Carlo runs, the sensitivity's steps and the track record's
/// runs. `resolution`: `(name in messages, text, name in the section)` of a resolution file
/// to score the forecasts against in a *Track record* section, as `--resolution FILE`;
/// without it the flagship as shipped is scored against its shipped resolution, as
/// `parley report` scores the embedded one.
#[pyfunction]
#[pyo3(signature = (scenario, runs = 1000, progress = None, resolution = None))]
fn report(
    py: Python<'_>,
    scenario: &PyScenario,
    runs: usize,
    progress: Option<&Bound<'_, PyAny>>,
    resolution: Option<(String, String, String)>,
) -> PyResult<String> {
    use parley_report::html::{ReportData, compute_cancellable};
    // As `parley report --runs 1` is refused, in this function's own terms.
    if runs == 1 {
        return Err(PyValueError::new_err(
            "runs must be 0 (point values only) or at least 2: the sensitivity's variance \
             shares need two runs",
        ));
    }
    capped(runs)?;
    let s = &scenario.inner;
    let calibration = parley_scenario::calibration::for_scenario(s, scenario.base.as_deref())
        .map_err(|e| load_error(py, e, true))?;
    let scored = report_resolution(scenario, resolution.as_ref())?;
    let track_steps = scored.as_ref().map_or(0, |_| {
        parley_library::progress_steps(runs, Some(&calibration))
    });
    let total = parley_report::html::steps(s, runs).saturating_add(track_steps);
    interruptible_with(py, progress, &Steps::new(total), |cancel, steps| {
        let seed = s.meta.seed.unwrap_or(0);
        let all = models::all();
        let c = compute_cancellable(
            s,
            &all,
            Some(&calibration),
            runs,
            seed,
            &|| steps.tick(),
            cancel,
        )
        .map_err(failed)?;
        let record = match &scored {
            // Its forecasts run to the end once begun: not begun after a Ctrl-C.
            Some(_) if cancel.is_cancelled() => return Err(failed("the report was cancelled")),
            Some((r, source)) => {
                let content = parley_scenario::write::to_toml(s);
                let forecasting = parley_library::report::Forecasting {
                    key: &r.scenario,
                    scenario: s,
                    content: content.as_bytes(),
                    models: &all,
                    runs,
                    seed,
                    calibration: Some(&calibration),
                };
                let record =
                    parley_library::report::track_record(&forecasting, r, source, &|| steps.tick())
                        .map_err(failed)?;
                Some(record)
            }
            None => None,
        };
        let generator = format!("parley (Python) {}", env!("CARGO_PKG_VERSION"));
        let variant = scenario.variant_label();
        parley_report::html::report(&ReportData {
            variant: Some(&variant),
            track_record: record.as_ref(),
            ..ReportData::computed(s, &c, &generator)
        })
        .map_err(failed)
    })
}

/// The resolution [`report`] scores against, with the name its section gives the source:
/// `given` (name in messages, text, name in the section), else the shipped one for the
/// flagship as shipped. None for a variant, which is not what was forecast (as `parley report
/// --what-if` scores none); a resolution given for one is refused rather than left out
/// without a word.
fn report_resolution(
    scenario: &PyScenario,
    given: Option<&(String, String, String)>,
) -> PyResult<Option<(parley_library::Resolution, String)>> {
    if !scenario.what_ifs.is_empty() || !scenario.edits.is_empty() {
        return match given {
            Some(_) => Err(PyValueError::new_err(
                "resolution: this scenario is a variant (what-ifs or edits applied), not what \
                 was forecast, so its report scores no track record; pass the scenario as read",
            )),
            None => Ok(None),
        };
    }
    let found = parley_library::report::resolution_for(
        &scenario.inner,
        given.map(|(name, text, _)| (name.as_str(), parley_scenario::strip_bom(text))),
    )
    .map_err(|e| PyValueError::new_err(format!("resolution: {e}")))?;
    Ok(found.map(|(r, source)| match given {
        Some((_, _, shown)) => (r, shown.clone()),
        None => (r, source),
    }))
}

/// The JSON of `parley backtest deu3 PATH --format json` (capability: `gdp`, `equal`,
/// `population` or `votes`).
#[pyfunction]
#[pyo3(signature = (path, capability = "gdp", seed = 0))]
fn backtest(py: Python<'_>, path: PathBuf, capability: &str, seed: u64) -> PyResult<String> {
    use parley_scenario::deu::{self, Capability};
    let capability = match capability {
        "gdp" => Capability::Gdp,
        "equal" => Capability::Equal,
        "population" => Capability::Population,
        "votes" => Capability::Votes,
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown capability '{other}'; valid: gdp, equal, population, votes"
            )));
        }
    };
    let name = path.display().to_string();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| pyo3::exceptions::PyOSError::new_err(format!("cannot read {name}: {e}")))?;
    py.detach(|| {
        let data = deu::read(parley_scenario::strip_bom(&text), capability)
            .map_err(|e| PyValueError::new_err(format!("{name}: {e}")))?;
        let result = parley_core::backtest::backtest_with_families(
            &data.negotiations,
            &parley_core::backtest::standard_predictors(),
            &[],
            seed,
        );
        parley_scenario::json::pretty(&result).map_err(failed)
    })
}

/// The JSON of `parley extract --format json` for an article's text (`date`: YYYY-MM-DD).
#[pyfunction]
#[pyo3(signature = (text, date = None))]
fn extract(py: Python<'_>, text: &str, date: Option<&str>) -> PyResult<String> {
    let date = date
        .map(parley_news::Date::parse)
        .transpose()
        .map_err(|e| PyValueError::new_err(format!("date: {e}")))?;
    py.detach(|| {
        let report = read_article("extract", text, date)?;
        parley_scenario::json::pretty(&report).map_err(failed)
    })
}

/// The news reader's report of `text` for `function`. A text over the reader's limit is
/// refused here in Python's terms: the reader's own message points to the command line's
/// inputs (a directory of .txt files, a .jsonl batch), which Python does not take.
fn read_article(
    function: &str,
    text: &str,
    date: Option<parley_news::Date>,
) -> PyResult<parley_news::Report> {
    let limit = parley_news::MAX_BYTES;
    if text.len() > limit {
        return Err(PyValueError::new_err(format!(
            "text is {} bytes of UTF-8, more than the news reader's limit of {limit} bytes ({} \
             MiB); split it into articles and call parley.{function} on each",
            text.len(),
            limit / (1024 * 1024)
        )));
    }
    parley_news::read(text, &parley_news::reader::Options { date }).map_err(failed)
}

/// A draft scenario in Parley TOML from an article's text, as `parley extract --format toml`;
/// `source` names the article in the draft.
#[pyfunction]
#[pyo3(signature = (text, source = "article", date = None))]
fn extract_toml(py: Python<'_>, text: &str, source: &str, date: Option<&str>) -> PyResult<String> {
    let date = date
        .map(parley_news::Date::parse)
        .transpose()
        .map_err(|e| PyValueError::new_err(format!("date: {e}")))?;
    py.detach(|| {
        let report = read_article("extract_toml", text, date)?;
        Ok(parley_news::draft::to_toml(&report, source))
    })
}

/// What [`estimate`] gives: evaluations of every chosen model, work units, the time class
/// (`instant`, `seconds`, `minutes`, `hours`, `days`, `years`) and its phrase.
type Estimate = (usize, f64, String, String);

/// The cost the command line estimates before it runs (and asks about past seconds of work)
/// for `function` (`run`, `monte_carlo`, `sensitivity`, `bargain`, `advise`, `report`) with
/// `runs` runs and `models` (`bargain` and `report` run every model whatever `models` says);
/// `sobol` base samples add their runs to `sensitivity`'s. Counts from `parley_core::cost`,
/// as the CLI's and the web API's.
#[pyfunction]
#[pyo3(signature = (scenario, function = "monte_carlo", runs = 1000, models = None, sobol = None))]
fn estimate(
    scenario: &PyScenario,
    function: &str,
    runs: usize,
    models: Option<Vec<String>>,
    sobol: Option<usize>,
) -> PyResult<Estimate> {
    use parley_core::cost::{self, evaluations};
    let s = &scenario.inner;
    let chosen = select_models(models)?;
    refused_as_called(s, function, runs, sobol)?;
    let every = models::all();
    let inputs = parley_core::uncertainty::sensitivity::steps(s, runs).saturating_sub(runs);
    let (count, used) = match function {
        "run" => (1, &chosen),
        "monte_carlo" => (runs, &chosen),
        "sensitivity" => {
            let sobol_runs = sobol.unwrap_or(0).saturating_mul(inputs.saturating_add(2));
            let ends = inputs.saturating_mul(2);
            (
                ends.saturating_add(runs).saturating_add(sobol_runs),
                &chosen,
            )
        }
        "bargain" => (evaluations::analysis_and_runs(runs), &every),
        "advise" => (evaluations::advise(s, runs), &chosen),
        // With the Track record `report` adds without a resolution given (the flagship as
        // shipped); a resolution passed to `report` adds the same runs.
        "report" => {
            let scored = report_resolution(scenario, None)?.is_some();
            (evaluations::report_scored(s, runs, scored), &every)
        }
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown function '{other}'; valid: run, monte_carlo, sensitivity, bargain, \
                 advise, report"
            )));
        }
    };
    let c = cost::for_scenario(s, used.iter().map(|m| m.info().id), count);
    let class = serde_json::to_value(c.class)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    Ok((count, c.units, class, c.class.describe().to_owned()))
}

/// The refusal `function` itself gives for `runs` runs and `sobol` base samples, so that an
/// estimate is never a time for a call that would not run.
fn refused_as_called(
    s: &Scenario,
    function: &str,
    runs: usize,
    sobol: Option<usize>,
) -> PyResult<()> {
    if function == "run" {
        return Ok(());
    }
    capped(runs)?;
    if function == "sensitivity"
        && let Some(samples) = sobol
    {
        let resamples = parley_core::uncertainty::sobol::DEFAULT_RESAMPLES;
        sobol_checked(s, samples, resamples)?;
    }
    Ok(())
}

/// The JSON of `parley models --format json`.
#[pyfunction]
fn model_list() -> PyResult<String> {
    let infos: Vec<parley_core::ModelInfo> = models::listed().iter().map(|m| m.info()).collect();
    parley_scenario::json::pretty(&infos).map_err(failed)
}

/// The module `parley._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ScenarioError", m.py().get_type::<ScenarioError>())?;
    m.add_class::<PyScenario>()?;
    m.add_function(wrap_pyfunction!(load_text, m)?)?;
    m.add_function(wrap_pyfunction!(check_runs, m)?)?;
    m.add_function(wrap_pyfunction!(load_path, m)?)?;
    m.add_function(wrap_pyfunction!(flagship, m)?)?;
    m.add_function(wrap_pyfunction!(_from_toml, m)?)?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(monte_carlo, m)?)?;
    m.add_function(wrap_pyfunction!(monte_carlo_part, m)?)?;
    m.add_function(wrap_pyfunction!(monte_carlo_merge, m)?)?;
    m.add_function(wrap_pyfunction!(sensitivity, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(bargain, m)?)?;
    m.add_function(wrap_pyfunction!(advise, m)?)?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
    m.add_function(wrap_pyfunction!(backtest, m)?)?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_toml, m)?)?;
    m.add_function(wrap_pyfunction!(model_list, m)?)?;
    m.add_function(wrap_pyfunction!(estimate, m)?)?;
    Ok(())
}
