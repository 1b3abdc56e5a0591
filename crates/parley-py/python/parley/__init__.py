"""Parley from Python: forecast how multi-party negotiations end.

A thin layer over Parley's Rust library (the same code as the ``parley`` command line): every
result carries the command line's own JSON (``.to_json()`` is byte for byte what
``parley ... --format json`` prints) and offers it as plain Python objects (``.data``) and, when
pandas is installed, as DataFrames (``.to_pandas()``). ``parley.dask`` spreads Monte Carlo runs
and scenario sweeps over a Dask cluster with results identical to the local run.

Example::

    import parley
    s = parley.flagship()
    print(parley.run(s).to_pandas())          # forecasts: issues x models
    mc = parley.monte_carlo(s, runs=10_000)   # bands and probabilities
"""

from __future__ import annotations

import contextlib
import datetime
import json
import math
import numbers
import os
import stat
import sys
import time
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Union

from . import _native
from ._native import Scenario, ScenarioError

__all__ = [
    "Scenario",
    "ScenarioError",
    "Result",
    "RunResult",
    "McResult",
    "AdviseResult",
    "load",
    "validate",
    "flagship",
    "from_frames",
    "to_frames",
    "run",
    "monte_carlo",
    "sensitivity",
    "compare",
    "bargain",
    "advise",
    "report",
    "Report",
    "backtest",
    "extract",
    "extract_toml",
    "models",
    "estimate",
]

Source = Union[str, "os.PathLike[str]", Mapping[str, Any], Scenario]
# ``progress=``: off (False or None), a text bar on stderr (True), or a callable told
# ``(done, total)``.
Progress = Union[None, bool, Callable[[int, int], Any]]


class Result:
    """A result as the command line prints it with ``--format json``.

    ``.data`` is the parsed JSON (dicts and lists), ``.to_json()`` the exact text, and
    ``.to_pandas()`` a DataFrame view (pandas is imported only then).
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self.data: Any = json.loads(text)

    def to_json(self) -> str:
        """The JSON text, byte for byte the command line's (without its final newline)."""
        return self._text

    def to_dict(self) -> Any:
        """The parsed JSON."""
        return self.data

    def __getitem__(self, key: Any) -> Any:
        return self.data[key]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Result) and other._text == self._text

    def __repr__(self) -> str:
        return f"<parley.{type(self).__name__}: {len(self._text)} bytes of JSON>"

    def to_pandas(self) -> Any:
        """A flat DataFrame of the JSON (``pandas.json_normalize``)."""
        pd = _pandas()
        return pd.json_normalize(self.data)


class RunResult(Result):
    """The result of :func:`run`: every model's forecast, gains and rounds."""

    def forecasts(self) -> dict:
        """Model id -> issue id -> forecast (the issue's own scale)."""
        return {m["model"]: dict(m["forecast"]) for m in self.data["models"]}

    def to_pandas(self) -> Any:
        """Forecasts as a DataFrame: one row per issue, one column per model."""
        pd = _pandas()
        issues = [i["id"] for i in self.data["issues"]]
        cols = {m: [f.get(i, math.nan) for i in issues] for m, f in self.forecasts().items()}
        frame = pd.DataFrame(cols, index=pd.Index(issues, name="issue"))
        frame.columns.name = "model"
        return frame

    def gains(self) -> Any:
        """Gains against the status quo as a DataFrame: actors x models."""
        pd = _pandas()
        rows = {}
        for m in self.data["models"]:
            rows[m["model"]] = {a: g.get("total") if isinstance(g, dict) else g
                                for a, g in m.get("gains", {}).items()}
        return pd.DataFrame(rows)

    def rounds(self, model: str) -> tuple:
        """The round-by-round positions of an iterative model as a numpy array of shape
        (rounds, actors, issues), NaN where an actor is not involved, with the actor and issue
        ids: ``(array, actors, issues)``."""
        import numpy as np

        found = [m for m in self.data["models"] if m["model"] == model]
        if not found:
            raise KeyError(f"model '{model}' is not in this result")
        rounds = found[0].get("rounds")
        if not rounds:
            raise ValueError(f"model '{model}' has no rounds (it is not iterative)")
        actors = [a["id"] for a in self.data["actors"]]
        issues = [i["id"] for i in self.data["issues"]]
        out = np.full((len(rounds), len(actors), len(issues)), np.nan)
        for r, rnd in enumerate(rounds):
            for a, actor in enumerate(actors):
                pos = rnd["positions"].get(actor, {})
                for j, issue in enumerate(issues):
                    if issue in pos:
                        out[r, a, j] = pos[issue]
        return out, actors, issues


class McResult(Result):
    """The result of :func:`monte_carlo`: forecast bands and condition probabilities."""

    def to_pandas(self) -> Any:
        """One row per model and issue: mean, sd, median, p5, p95, min, max."""
        pd = _pandas()
        rows = []
        for m in self.data["models"]:
            for issue, s in m["issues"].items():
                row = {"model": m["model"], "issue": issue}
                row.update({k: v for k, v in s.items() if k != "histogram"})
                rows.append(row)
        return pd.DataFrame(rows).set_index(["model", "issue"])

    def probabilities(self, kind: Optional[str] = None) -> Any:
        """Each condition's probability per model as a DataFrame, one row per condition,
        indexed by ``(condition, source)`` (``source``: the question's id, or ``"command
        line"`` for one passed in ``conditions``).

        Two kinds of odds, as ``parley mc`` prints them: ``"with_model_error"`` (each run's
        forecasts also carry a draw of the model's measured error on real cases; the odds to
        quote, which the command line shows first) and ``"inputs_only"`` (only the
        scenario's ranges vary: how much the forecast moves with the inputs, often 0 or 1).

        ``kind=None`` (the default) gives both, as columns ``(kind, model)``, with model error
        first: ``mc.probabilities()["with_model_error"]`` is a conditions x models frame.
        ``kind="with_model_error"`` or ``kind="inputs_only"`` gives that one kind alone,
        indexed by the condition only and with one column per model (``"inputs_only"`` is
        what this method returned before both kinds were offered). A model without a
        measured error has NaN with model error.
        """
        pd = _pandas()
        kinds = {"with_model_error": "with_model_error", "inputs_only": "probability"}
        if kind is not None and kind not in kinds:
            raise ValueError(
                f"unknown kind {kind!r}; valid: 'with_model_error', 'inputs_only', or None for both"
            )
        conditions = self.data["conditions"]
        models = [m["model"] for m in self.data["models"]]
        if kind is not None:
            key = kinds[kind]
            frame = pd.DataFrame(
                [[(c.get(key) or {}).get(m, math.nan) for m in models] for c in conditions],
                index=pd.Index([c["condition"] for c in conditions], name="condition"),
                columns=pd.Index(models, name="model"),
            )
            return frame
        columns = pd.MultiIndex.from_tuples(
            [(k, m) for k in kinds for m in models], names=["kind", "model"]
        )
        rows = [
            [(c.get(kinds[k]) or {}).get(m, math.nan) for k in kinds for m in models]
            for c in conditions
        ]
        index = pd.MultiIndex.from_tuples(
            [(c["condition"], c.get("source")) for c in conditions], names=["condition", "source"]
        )
        return pd.DataFrame(rows, index=index, columns=columns)


def _joined(items: Any, sep: str = ", ") -> Any:
    """A list of names as one string, so that a frame's cell can be compared and filtered
    (``None`` stays ``None``)."""
    if items is None:
        return None
    if isinstance(items, str):
        return items
    return sep.join(str(i) for i in items)


def _scalars(record: Mapping, skip: Sequence[str] = ()) -> dict:
    """The fields of ``record`` as frame cells: a scalar as it is, a list of scalars joined
    (edits with ``"; "``, since an edit may hold a comma; others with ``", "``), a mapping of
    scalars as ``"key.subkey"`` columns. A list or mapping of records has no one cell to go
    in and is left out (it stays in ``.data``), so that a field the JSON gains later never
    puts a nested object in a cell."""
    row: dict = {}
    for key, value in record.items():
        if key in skip:
            continue
        if isinstance(value, Mapping):
            if all(not isinstance(v, (Mapping, list)) for v in value.values()):
                for sub, v in value.items():
                    row[f"{key}.{sub}"] = v
        elif isinstance(value, list):
            if all(not isinstance(v, (Mapping, list)) for v in value):
                row[key] = _joined(value, "; " if key == "edits" else ", ")
        else:
            row[key] = value
    return row


def _ranked(pd: Any, rows: list) -> Any:
    """``rows`` as a frame indexed by rank from 1, the plain columns before the per-item
    ones (``"<what>.<item>"``): a column only some rows have would otherwise land among the
    per-model ones."""
    frame = pd.DataFrame(rows)
    frame.index = pd.RangeIndex(1, len(rows) + 1, name="rank")
    plain = [c for c in frame.columns if "." not in c]
    return frame[plain + [c for c in frame.columns if "." in c]]


def _per_model(row: dict, prefix: str, values: Optional[Mapping], models: Sequence[str]) -> None:
    """Adds ``prefix.model`` columns to ``row``, NaN for a model ``values`` lacks."""
    values = values or {}
    for m in models:
        row[f"{prefix}.{m}"] = values.get(m, math.nan)


class AdviseResult(Result):
    """The result of :func:`advise`: the levers, the best proposals and the coalitions.

    ``to_pandas()`` (same as ``levers()``) gives the levers, one row per lever;
    ``effects()`` the same levers one row per lever and model; ``coalitions()``,
    ``proposals()`` and ``baseline()`` the other parts. Per-model values are columns named
    ``"<what>.<model>"`` (``effect.eum``); lists of names are joined into one string; a
    list of records (a field with no one cell to go in) is left out of the frames.
    ``.data["advice"]`` holds everything, as ``parley advise --format json``.
    """

    def _advice(self) -> dict:
        return self.data["advice"]

    def _models(self) -> list:
        return list(self._advice().get("models") or [])

    def to_pandas(self) -> Any:
        """The levers, as :meth:`levers`. (Before, this was the whole JSON flattened into one
        row of nested lists; ``pandas.json_normalize(result.data)`` still gives that.)"""
        return self.levers()

    def levers(self) -> Any:
        """One row per lever, best first (index ``rank``, from 1): the ``edit`` (as
        ``with_edits`` takes it), its ``actor``, ``issue``, ``field``, ``from`` and ``to``,
        ``own`` (the advised actor's own stance), ``concession``, ``mean_effect`` and
        ``worst_effect`` over the models, ``effect.<model>`` (the improvement in the advice's
        ``measure``: with a goal, the drop in its shortfall in points of the 0-100 scale;
        without, the advised actor's utility gain), and, where the Monte Carlo ran
        for a goal, the goal's odds with model error before and after the lever
        (``odds_before.<model>``, ``odds_after.<model>``) and the inputs-only odds
        (``odds_before_inputs_only.<model>``, ``odds_after_inputs_only.<model>``)."""
        pd = _pandas()
        advice = self._advice()
        models = self._models()
        before = advice.get("baseline_odds")
        rows = []
        for lever in advice.get("levers") or []:
            row = _scalars(lever, skip=("effects", "odds"))
            effects = {e["model"]: e.get("effect", math.nan) for e in lever.get("effects") or []}
            _per_model(row, "effect", effects, models)
            after = lever.get("odds")
            if before is not None or after is not None:
                _per_model(row, "odds_before", (before or {}).get("with_model_error"), models)
                _per_model(row, "odds_after", (after or {}).get("with_model_error"), models)
                _per_model(row, "odds_before_inputs_only", (before or {}).get("probability"), models)
                _per_model(row, "odds_after_inputs_only", (after or {}).get("probability"), models)
            rows.append(row)
        return _ranked(pd, rows)

    def effects(self) -> Any:
        """The levers one row per lever and model (index ``(rank, model)``): the ``edit``,
        the goal's shortfall ``before`` and ``after`` the lever, its ``effect`` and
        ``benefit``, whether the goal holds before and after (``holds_before``,
        ``holds_after``) and the forecast after it (``forecast.<issue>``)."""
        pd = _pandas()
        rows = []
        index = []
        for rank, lever in enumerate(self._advice().get("levers") or [], start=1):
            for e in lever.get("effects") or []:
                row = {"edit": lever.get("edit")}
                row.update(_scalars(e, skip=("model", "forecast")))
                for issue, value in (e.get("forecast") or {}).items():
                    row[f"forecast.{issue}"] = value
                rows.append(row)
                index.append((rank, e["model"]))
        return pd.DataFrame(rows, index=pd.MultiIndex.from_tuples(index or [], names=["rank", "model"]))

    def coalitions(self) -> Any:
        """One row per coalition, best first (index ``rank``): the ``partners`` and the
        ``edits`` that align them (joined with ``", "`` and ``"; "``), the ``ask`` of them,
        ``mean_effect``, ``worst_effect`` and ``effect.<model>``; where given, the smp
        model's agreement before and after (``smp.before``, ``smp.after``)."""
        pd = _pandas()
        models = self._models()
        rows = []
        for c in self._advice().get("coalitions") or []:
            row = _scalars(c, skip=("effects",))
            effects = {e["model"]: e.get("effect", math.nan) for e in c.get("effects") or []}
            _per_model(row, "effect", effects, models)
            rows.append(row)
        return _ranked(pd, rows)

    def proposals(self) -> Any:
        """One row per proposal, best first (index ``rank``): its ``kind``, ``label``,
        ``issues`` and ``parties`` (joined), the robust package's positions
        (``position.<issue>``), ``worst_gain`` and ``mean_gain`` for the advised actor,
        the models it is ``accepted_under`` (joined), its ``gain.<model>``; these are NaN
        (or ``None``) where no one package is accepted under every model (``robust`` is null
        in the JSON; each model's own package is in ``.data``); the models under which no
        package is found (``none_under``, joined), and where the Monte
        Carlo ran the share of runs in which every party accepts it, with model error
        (``accepted_by_all``) and inputs only (``accepted_by_all_inputs_only``), and per model
        (``acceptance.<model>``, ``acceptance_inputs_only.<model>``). ``per_model`` packages
        stay in ``.data``."""
        pd = _pandas()
        models = self._models()
        rows = []
        for p in self._advice().get("proposals") or []:
            row = {
                "kind": p.get("kind"),
                "label": p.get("label"),
                "issues": _joined(p.get("issues")),
                "parties": _joined(p.get("parties")),
            }
            robust = p.get("robust") or {}
            for issue, value in (robust.get("position") or {}).items():
                row[f"position.{issue}"] = value
            row["worst_gain"] = robust.get("worst_gain", math.nan)
            row["mean_gain"] = robust.get("mean_gain", math.nan)
            row["accepted_under"] = _joined(robust.get("accepted_under"))
            row["none_under"] = _joined(p.get("none_under"))
            _per_model(row, "gain", robust.get("gain"), models)
            acceptance = p.get("acceptance")
            if acceptance is not None:
                row["accepted_by_all"] = acceptance.get("under_all_with_model_error", math.nan)
                row["accepted_by_all_inputs_only"] = acceptance.get("under_all", math.nan)
                _per_model(row, "acceptance", acceptance.get("with_model_error"), models)
                _per_model(row, "acceptance_inputs_only", acceptance.get("share"), models)
            rows.append(row)
        return _ranked(pd, rows)

    def baseline(self) -> Any:
        """One row per model: the point forecast before any lever (``forecast.<issue>``),
        whether the goal ``holds``, its ``shortfall``, the advised actor's ``utility`` and,
        where the Monte Carlo ran for a goal, the goal's odds with model error (``odds``) and
        inputs only (``odds_inputs_only``)."""
        pd = _pandas()
        advice = self._advice()
        odds = advice.get("baseline_odds")
        rows = []
        for b in advice.get("baseline") or []:
            row = _scalars(b, skip=("model", "forecast"))
            for issue, value in (b.get("forecast") or {}).items():
                row[f"forecast.{issue}"] = value
            if odds is not None:
                row["odds"] = (odds.get("with_model_error") or {}).get(b["model"], math.nan)
                row["odds_inputs_only"] = (odds.get("probability") or {}).get(b["model"], math.nan)
            rows.append(row)
        return pd.DataFrame(rows, index=pd.Index([b["model"] for b in advice.get("baseline") or []],
                                                 name="model"))


class _Bar:
    """``progress=True``: a one-line bar on standard error (``sys.stderr`` as it is when
    called, so a notebook shows it under the cell), redrawn at most twice a second with the
    elapsed time and an estimate of the time left, and ended by a newline when the work is
    done."""

    def __init__(self, what: str, unit: str) -> None:
        self.what = what
        self.unit = unit
        self.start = time.monotonic()
        self.drawn = -math.inf
        self.finished = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        last = total > 0 and done >= total
        if self.finished or (not last and now - self.drawn < 0.5):
            return
        self.drawn = now
        elapsed = now - self.start
        line = f"parley {self.what}: {done:,}/{total:,} {self.unit}"
        if total > 0:
            line += f" ({100 * done // total}%)"
        line += f", {elapsed:.0f} s"
        if not last and done > 0 and total > done:
            line += f", about {elapsed / done * (total - done):.0f} s left"
        stream = sys.stderr
        if stream is None:
            return
        stream.write("\r" + line + ("\n" if last else ""))
        stream.flush()
        self.finished = last


    def close(self) -> None:
        """Ends a line left open by work that stopped early (an error, Ctrl-C), so that the
        traceback starts on a line of its own."""
        if self.drawn > -math.inf and not self.finished and sys.stderr is not None:
            sys.stderr.write("\n")
            sys.stderr.flush()
        self.finished = True


@contextlib.contextmanager
def _progress(progress: Progress, what: str, unit: str) -> Any:
    """The callable to give the native function for ``progress=`` (None for none), over
    the call."""
    if progress is None or progress is False:
        yield None
    elif progress is True:
        bar = _Bar(what, unit)
        try:
            yield bar
        finally:
            bar.close()
    elif callable(progress):
        yield progress
    else:
        raise TypeError(
            f"progress must be True, False, None or a callable taking (done, total), not "
            f"{type(progress).__name__}"
        )


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("to_pandas() needs pandas: pip install 'parley[pandas]'") from e
    return pd


def load(source: Source, format: Optional[str] = None) -> Scenario:
    """Reads and validates a scenario from a file path, TOML or JSON text, or a dict with
    the scenario file's structure. Raises :class:`ScenarioError` listing every problem
    (``.problems``: code, line, column, path, message), like ``parley validate``."""
    if isinstance(source, Scenario):
        return source
    if isinstance(source, Mapping):
        return _native.load_text(_dict_json(source), "json", "<dict>", located=False)
    if isinstance(source, os.PathLike):
        return _native.load_path(os.fspath(source))
    if isinstance(source, str):
        if "\n" not in source and "=" not in source and not source.lstrip().startswith("{"):
            if not os.path.exists(source):
                raise FileNotFoundError(f"no scenario file {source!r} (and it is not TOML or JSON text)")
            return _native.load_path(source)
        if format is None:
            format = "json" if source.lstrip().startswith("{") else "toml"
        return _native.load_text(source, format, "<string>")
    raise TypeError(
        f"parley.load takes a path, TOML or JSON text, a dict or a Scenario, not {type(source).__name__}"
    )


def _plain(value: Any, path: str, within: set, found: list) -> Any:
    """``value`` as JSON-ready Python (dicts, lists, str, int, float, bool, None), each
    problem added to ``found`` as ``(code, path, message)``.

    A date or time (what ``tomllib`` gives for ``date = 2025-03-04``) becomes its ISO text, as
    the TOML file has it; any integer or real number type (numpy's, ``Decimal``, ``Fraction``)
    becomes ``int`` or ``float``. ``within`` holds the ids of the dicts and lists on the way
    here, so that one holding itself is told instead of recursing until Python gives up.
    """
    where = path or "the dict"
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            found.append(("not-finite", path, f"{where} is {number!r}; give a finite number"))
        return number
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (Mapping, list, tuple)):
        if id(value) in within:
            found.append(("cycle", path, f"{where} refers back to a dict or list that holds it; "
                          "a scenario is a tree"))
            return None
        within.add(id(value))
        try:
            if isinstance(value, Mapping):
                out = {}
                for k, v in value.items():
                    if not isinstance(k, str):
                        found.append(("wrong-type", path, f"{where} has the key {k!r} "
                                      f"({type(k).__name__}); keys must be str"))
                        continue
                    out[k] = _plain(v, f"{path}.{k}" if path else k, within, found)
                return out
            return [_plain(v, f"{path}[{k}]", within, found) for k, v in enumerate(value)]
        finally:
            within.discard(id(value))
    found.append(("wrong-type", path, f"{where} is a {type(value).__name__}; give a str, a "
                  "number, a bool, a date, a list or a dict"))
    return None


def _dict_json(doc: Mapping) -> str:
    """A scenario dict as JSON text, or :class:`ScenarioError` naming, by key path, every
    value JSON cannot hold as the file would (NaN or an infinity, a set, an object, a dict
    holding itself).

    NaN is pandas' and numpy's missing value, so it is the likeliest way for a number to be
    missing from a dict built in Python; left to ``json`` these would fail with a
    ``TypeError`` or a syntax error at a column of text the caller never wrote.
    """
    found: list = []
    try:
        plain = _plain(doc, "", set(), found)
    except RecursionError:
        found = [("too-deep", "", "the dict is nested too deeply to be a scenario")]
    if not found:
        return json.dumps(plain, allow_nan=False)
    problems = [
        {"code": code, "line": None, "column": None, "path": path, "message": message,
         "file": "<dict>"}
        for code, path, message in found
    ]
    lines = [f"<dict>: error[{p['code']}]: {p['message']}" for p in problems]
    lines.append(f"<dict>: {len(problems)} problem(s) found")
    err = ScenarioError("\n".join(lines))
    err.problems = problems
    raise err


def validate(source: Source, format: Optional[str] = None) -> Scenario:
    """Like :func:`load`: returns the scenario when it has no problem, else raises
    :class:`ScenarioError` with every problem."""
    return load(source, format)


def flagship() -> Scenario:
    """The embedded flagship scenario, ``scenarios/grand-bargain-2025.toml``."""
    return _native.flagship()


def _models(models: Union[None, str, Sequence[str]]) -> Optional[list]:
    if models is None:
        return None
    if isinstance(models, str):
        return [m.strip() for m in models.split(",") if m.strip()]
    return list(models)


def _strings(name: str, value: Union[None, str, Sequence[str]]) -> Optional[list]:
    """A list-of-strings argument as a list, or None when left out or empty. One ``str`` is a
    one-item list: iterating it would split it into characters (``conditions="x >= 50"``
    read as the conditions ``"x"``, ``" "``, ...)."""
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, (bytes, Mapping)) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a str or a list of str, not {type(value).__name__}")
    items = list(value)
    for k, item in enumerate(items):
        if not isinstance(item, str):
            raise TypeError(f"{name}[{k}] must be a str, not {type(item).__name__}")
    return items or None


def _scenario(s: Source) -> Scenario:
    return s if isinstance(s, Scenario) else load(s)


def run(scenario: Source, models: Union[None, str, Sequence[str]] = None) -> RunResult:
    """Runs the models (default: all) on the scenario, as ``parley run --format json``."""
    return RunResult(_native.run(_scenario(scenario), _models(models)))


def monte_carlo(
    scenario: Source,
    runs: int = 1000,
    seed: Optional[int] = None,
    models: Union[None, str, Sequence[str]] = None,
    conditions: Union[None, str, Sequence[str]] = None,
    progress: Progress = False,
) -> McResult:
    """``runs`` draws of the scenario's ranges, as ``parley mc --format json`` (seed: the
    scenario's, else 0; same seed, same result on any number of threads or Dask workers).
    ``conditions``: a list of conditions such as ``"iran_nuclear >= 50"`` (one may be given as
    a plain string). ``progress``: False (the default) shows nothing; True draws a one-line bar with the time left
    on standard error; a callable is called as ``progress(runs done, runs)`` about every 50 ms
    while the work runs and once at the end (an exception it raises stops the work). The
    result is the same with or without it."""
    s, ms, conds = _scenario(scenario), _models(models), _strings("conditions", conditions)
    with _progress(progress, "monte_carlo", "runs") as tell:
        return McResult(_native.monte_carlo(s, runs, seed, ms, conds, tell))


def sensitivity(scenario: Source, runs: int = 1000, seed: Optional[int] = None,
                models: Union[None, str, Sequence[str]] = None,
                progress: Progress = False, sobol: Optional[int] = None,
                sobol_resamples: int = 200) -> Result:
    """Which inputs move each forecast most, as ``parley sensitivity --format json``.
    ``sobol=N`` adds Sobol first-order and total indices from ``N`` base samples (at least
    64; it costs N x (k + 2) runs of every model, k the uncertain inputs), with 95% intervals
    from ``sobol_resamples`` bootstrap resamples, as ``--sobol N --sobol-resamples B``: the
    indices docs/uncertainty.md recommends for non-linear models. Ctrl-C during the Sobol
    part takes effect once it is done.
    ``progress``: False (the default) shows nothing; True draws a one-line bar with the time left
    on standard error; a callable is called as ``progress(steps done, steps)`` about every 50 ms
    while the work runs and once at the end (an exception it raises stops the work). The
    result is the same with or without it. A step is one uncertain
    input's two ends, one run or one Sobol base sample."""
    s, ms = _scenario(scenario), _models(models)
    with _progress(progress, "sensitivity", "steps") as tell:
        return Result(_native.sensitivity(s, runs, seed, ms, tell, sobol, sobol_resamples))


def _variant(k: int, spec: Any) -> tuple:
    """One entry of ``compare``'s ``variants`` as ``(name or None, what-ifs, edits)``."""
    if isinstance(spec, str):
        return (spec, [spec], [])
    if not isinstance(spec, Mapping):
        raise TypeError(
            f"variants[{k}] must be a what-if id (str) or a dict with \"what_ifs\", \"edits\" "
            f"and optionally \"name\", not {type(spec).__name__}"
        )
    unknown = [str(key) for key in spec if key not in ("name", "what_ifs", "edits")]
    if unknown:
        raise ValueError(
            f"variants[{k}] has unknown keys {unknown}; valid: name, what_ifs, edits"
        )
    name = spec.get("name")
    if name is not None and not isinstance(name, str):
        raise TypeError(f"variants[{k}][\"name\"] must be a str, not {type(name).__name__}")
    return (
        name,
        _strings(f"variants[{k}][\"what_ifs\"]", spec.get("what_ifs")) or [],
        _strings(f"variants[{k}][\"edits\"]", spec.get("edits")) or [],
    )


def compare(scenario: Source, what_ifs: Union[None, str, Sequence[str]] = None,
            edits: Union[None, str, Sequence[str]] = None,
            models: Union[None, str, Sequence[str]] = None,
            variants: Optional[Sequence[Union[str, Mapping[str, Any]]]] = None) -> Result:
    """The base against what-if variants, as ``parley compare --format json``.

    ``what_ifs`` and ``edits`` together make ONE variant (the what-ifs in order, then the
    edits), named by them joined with `` + ``, as ``--what-if`` and ``--set`` do; a what-if
    given twice, or two what-ifs that change one number, are refused. Each entry of
    ``variants`` is one more variant, as ``--variant``: a what-if id alone, or a dict
    ``{"name": ..., "what_ifs": [...], "edits": [...]}`` (the name may be left out). With
    none of them, each what-if of the scenario is a variant of its own."""
    specs = None
    if variants is not None:
        if isinstance(variants, (str, Mapping)):
            variants = [variants]
        specs = [_variant(k, v) for k, v in enumerate(variants)] or None
    return Result(_native.compare(_scenario(scenario), _strings("what_ifs", what_ifs),
                                  _strings("edits", edits), _models(models), specs))


def bargain(scenario: Source, runs: int = 1000, progress: Progress = False) -> Result:
    """Trades within linkages, deals, mediation and answers, as ``parley bargain --format json``.
    ``progress``: False (the default) shows nothing; True draws a one-line bar with the time left
    on standard error; a callable is called as ``progress(runs done, runs)`` about every 50 ms
    while the work runs and once at the end (an exception it raises stops the work). The
    result is the same with or without it."""
    s = _scenario(scenario)
    with _progress(progress, "bargain", "runs") as tell:
        return Result(_native.bargain(s, runs, tell))


def advise(scenario: Source, actor: str, goal: Optional[str] = None, runs: int = 1000,
           seed: Optional[int] = None, budget: Optional[float] = None, top: int = 10,
           models: Union[None, str, Sequence[str]] = None,
           progress: Progress = False) -> AdviseResult:
    """What ``actor`` should do: the levers that move the result most (toward ``goal``, a
    condition such as ``"iran_nuclear >= 60"``, when given), the best proposal every party
    accepts and the partners whose alignment helps, as ``parley advise --format json``.
    ``.to_pandas()`` gives the levers, one row per lever (see :class:`AdviseResult`).
    ``progress``: False (the default) shows nothing; True draws a one-line bar with the time left
    on standard error; a callable is called as ``progress(runs done, runs planned)`` about every 50 ms
    while the work runs and once at the end (an exception it raises stops the work). The
    result is the same with or without it. Only the Monte Carlo
    runs are counted, and their total grows as the search decides which levers need odds."""
    s, ms = _scenario(scenario), _models(models)
    with _progress(progress, "advise", "runs") as tell:
        return AdviseResult(_native.advise(s, actor, goal, runs, seed, budget, top, ms, tell))


def _same_file(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` name one existing file: by device and inode (so hard links and
    symbolic links count) or by resolved path, as the command line compares ``-o`` with its
    inputs."""
    try:
        if os.path.samefile(a, b):
            return True
    except OSError:
        return False
    return os.path.realpath(a) == os.path.realpath(b)


def _write_file(path: Union[str, "os.PathLike[str]"], text: str, overwrite: bool,
                inputs: Sequence[str]) -> None:
    """Writes ``text`` (UTF-8) to ``path`` under the rules of the command line's ``-o``.

    Never over one of ``inputs`` (the file a scenario was read from), even with
    ``overwrite=True``; never over an existing file without it; only regular files. The text
    goes to a new temporary file beside the target, is flushed to disk and renamed over it,
    so a failure or a killed process leaves the old file or the new one, never part of one.
    A symbolic link is followed (its target replaced, the link kept) and a replaced file keeps
    its permissions.
    """
    target = os.fspath(path)
    if not isinstance(target, str):
        target = os.fsdecode(target)
    if not target:
        raise ValueError("the path is empty; give a file name")
    for source in inputs:
        if _same_file(target, source):
            raise FileExistsError(
                f"refusing to write {target}: it is {source}, the scenario file this was made "
                "from; choose another path (overwrite=True does not lift this)"
            )
    try:
        old = os.stat(target)
    except FileNotFoundError:
        old = None
    if old is not None:
        if stat.S_ISDIR(old.st_mode):
            raise IsADirectoryError(f"cannot write {target}: it is a directory; give a file name")
        if not stat.S_ISREG(old.st_mode):
            raise ValueError(f"cannot write {target}: it is not a regular file")
        if not overwrite:
            raise FileExistsError(
                f"{target} exists; pass overwrite=True to replace it, or choose another path"
            )
        target = os.path.realpath(target)
    folder = os.path.dirname(os.path.abspath(target))
    name = os.path.basename(target)
    data = text.encode("utf-8")
    outcome = "nothing was written" if old is None else "the file is unchanged"
    tmp = None
    try:
        for n in range(1000):
            candidate = os.path.join(folder, f".{name}.parley-{os.getpid()}-{n}.tmp")
            try:
                fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                continue
            tmp = candidate
            break
        else:
            raise FileExistsError(f"no free temporary file name in {folder}")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if old is not None and hasattr(os, "fchmod"):
                os.fchmod(f.fileno(), stat.S_IMODE(old.st_mode))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except OSError as e:
        # Named by the file asked for, not the temporary one the error came from.
        why = e.strerror or str(e)
        raise type(e)(e.errno, f"cannot write {target}: {why}; {outcome}") from e
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.remove(tmp)
    # The rename is durable once the folder is; not every platform can sync one.
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


class Report:
    """The report an analyst sends a client, the HTML file of ``parley report``.

    ``.html`` is the whole file; ``.save(path)`` writes it (atomically: a killed process
    leaves the old file or the new one, never half of one; an existing file only with
    ``overwrite=True``; never the scenario file the report was made from); in a notebook the
    report shows in a frame of its own, so its styles do not mix with the notebook's.
    """

    def __init__(self, html: str, sources: Sequence[str] = ()) -> None:
        self.html = html
        # The files the report was made from, which save() never replaces.
        self.sources = tuple(sources)

    def save(self, path: Union[str, "os.PathLike[str]"], overwrite: bool = False) -> None:
        """Writes the HTML to ``path``, as ``parley report -o PATH`` does: an existing file
        raises ``FileExistsError`` unless ``overwrite=True``, and the scenario file the report
        was made from is never replaced (``FileExistsError`` even with ``overwrite=True``)."""
        _write_file(path, self.html, overwrite, self.sources)

    def _repr_html_(self) -> str:
        import html as _html

        return (
            '<iframe style="width:100%;height:640px;border:1px solid #ccc" '
            f'sandbox="allow-scripts" srcdoc="{_html.escape(self.html, quote=True)}"></iframe>'
        )

    def __repr__(self) -> str:
        return f"<parley.Report: {len(self.html)} characters of HTML>"


def report(scenario: Source, runs: int = 1000, progress: Progress = False,
           resolution: Union[None, str, "os.PathLike[str]"] = None) -> Report:
    """The report of ``parley report --runs RUNS``: the brief answering each question first,
    then every model, the grand bargain, the calibrated Monte Carlo and the sensitivity.
    ``resolution``: a resolution file (a path, or its TOML text) to score the forecasts
    against in a *Track record* section, as ``--resolution FILE``; left out, the flagship as
    shipped (``parley.flagship()``, or a scenario equal to it) is scored against its shipped
    resolution, as ``parley report`` scores the embedded flagship, and any other scenario gets
    no such section. A variant (what-ifs or edits applied) is not what was forecast: it gets
    none, and a ``resolution`` given for one raises ``ValueError``.
    ``progress``: False (the default) shows nothing; True draws a one-line bar with the time left
    on standard error; a callable is called as ``progress(steps done, steps)`` about every 50 ms
    while the work runs and once at the end (an exception it raises stops the work). The
    result is the same with or without it. The steps are the Monte
    Carlo runs, the sensitivity's steps and the track record's runs."""
    s = _scenario(scenario)
    sources = [os.fspath(s.source)] if s.source is not None else []
    given = _resolution(resolution)
    if given is not None and given[0] != _RESOLUTION_TEXT:
        sources.append(given[0])
    with _progress(progress, "report", "steps") as tell:
        return Report(_native.report(s, runs, tell, given), sources)


_RESOLUTION_TEXT = "<resolution text>"


def _resolution(resolution: Union[None, str, "os.PathLike[str]"]) -> Optional[tuple]:
    """``(name in messages, text, name in the report)`` of a resolution given as a path or as
    TOML text (a ``str`` with a newline or ``=`` in it), as :func:`load` tells a path from
    text."""
    if resolution is None:
        return None
    if isinstance(resolution, str) and ("\n" in resolution or "=" in resolution):
        return (_RESOLUTION_TEXT, resolution, "the resolution text given")
    if not isinstance(resolution, (str, os.PathLike)):
        raise TypeError(
            f"resolution must be a path or a resolution file's TOML text, not {type(resolution).__name__}"
        )
    path = os.fspath(resolution)
    if not os.path.exists(path):
        raise FileNotFoundError(f"no resolution file {path!r} (and it is not TOML text)")
    with open(path, encoding="utf-8") as f:
        return (path, f.read(), path)


def backtest(path: Union[str, "os.PathLike[str]"], capability: str = "gdp", seed: int = 0) -> Result:
    """Every model against real EU decisions (a DEU III file), as
    ``parley backtest deu3 PATH --format json``."""
    return Result(_native.backtest(os.fspath(path), capability, seed))


def extract(text: str, date: Optional[str] = None) -> Result:
    """Actors, relations, issues and stances read from an article, as
    ``parley extract --format json``."""
    return Result(_native.extract(text, date))


def extract_toml(text: str, source: str = "article", date: Optional[str] = None) -> str:
    """A draft scenario (Parley TOML) from an article, as ``parley extract --format toml``."""
    return _native.extract_toml(text, source, date)


def estimate(scenario: Source, function: str = "monte_carlo", runs: int = 1000,
             models: Union[None, str, Sequence[str]] = None, sobol: Optional[int] = None) -> dict:
    """The cost the command line estimates before running ``function`` (``"run"``,
    ``"monte_carlo"``, ``"sensitivity"``, ``"bargain"``, ``"advise"`` or ``"report"``) with
    ``runs`` runs: ``evaluations`` (runs of every model), ``work_units``, ``time_class``
    (``"instant"``, ``"seconds"``, ``"minutes"``, ``"hours"``, ``"days"``, ``"years"``:
    the order of magnitude on one core of a release build, at 1e8 units a second) and
    ``time`` (a phrase such as ``"under a second"``). Where the command line would ask
    before going on (``"minutes"`` or more), this is the place to check first. ``bargain``
    and ``report`` run every model whatever ``models`` says; ``sobol`` (for ``"sensitivity"``)
    adds the runs of that many Sobol base samples."""
    count, units, time_class, phrase = _native.estimate(_scenario(scenario), function, runs,
                                                        _models(models), sobol)
    return {"evaluations": count, "work_units": units, "time_class": time_class, "time": phrase}


def models() -> list:
    """The models, as ``parley models --format json``."""
    return json.loads(_native.model_list())


from ._frames import from_frames, to_frames  # noqa: E402  (needs the names above)
