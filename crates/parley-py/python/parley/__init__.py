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

import json
import math
import os
from typing import Any, Mapping, Optional, Sequence, Union

from . import _native
from ._native import Scenario, ScenarioError

__all__ = [
    "Scenario",
    "ScenarioError",
    "Result",
    "RunResult",
    "McResult",
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
]

Source = Union[str, "os.PathLike[str]", Mapping[str, Any], Scenario]


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

    def probabilities(self) -> Any:
        """Each condition's probability per model as a DataFrame."""
        pd = _pandas()
        return pd.DataFrame(
            {c["condition"]: c["probability"] for c in self.data["conditions"]}
        ).T


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
        return _native.load_text(json.dumps(source), "json", "<dict>")
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
    conditions: Optional[Sequence[str]] = None,
) -> McResult:
    """``runs`` draws of the scenario's ranges, as ``parley mc --format json`` (seed: the
    scenario's, else 0; same seed, same result on any number of threads or Dask workers)."""
    return McResult(
        _native.monte_carlo(_scenario(scenario), runs, seed, _models(models),
                            list(conditions) if conditions else None)
    )


def sensitivity(scenario: Source, runs: int = 1000, seed: Optional[int] = None,
                models: Union[None, str, Sequence[str]] = None) -> Result:
    """Which inputs move each forecast most, as ``parley sensitivity --format json``."""
    return Result(_native.sensitivity(_scenario(scenario), runs, seed, _models(models)))


def compare(scenario: Source, what_ifs: Optional[Sequence[str]] = None,
            edits: Optional[Sequence[str]] = None,
            models: Union[None, str, Sequence[str]] = None) -> Result:
    """The base against what-if variants, as ``parley compare --format json``."""
    return Result(_native.compare(_scenario(scenario), list(what_ifs) if what_ifs else None,
                                  list(edits) if edits else None, _models(models)))


def bargain(scenario: Source, runs: int = 1000) -> Result:
    """Trades within linkages, deals, mediation and answers, as ``parley bargain --format json``."""
    return Result(_native.bargain(_scenario(scenario), runs))


def advise(scenario: Source, actor: str, goal: Optional[str] = None, runs: int = 1000,
           seed: Optional[int] = None, budget: Optional[float] = None, top: int = 10,
           models: Union[None, str, Sequence[str]] = None) -> Result:
    """What ``actor`` should do: the levers that move the result most (toward ``goal``, a
    condition such as ``"iran_nuclear >= 60"``, when given), the best proposal every party
    accepts and the partners whose alignment helps, as ``parley advise --format json``."""
    return Result(_native.advise(_scenario(scenario), actor, goal, runs, seed, budget, top,
                                 _models(models)))


class Report:
    """The report an analyst sends a client, the HTML file of ``parley report``.

    ``.html`` is the whole file; ``.save(path)`` writes it (atomically: a killed process
    leaves the old file or the new one, never half of one); in a notebook the report shows
    in a frame of its own, so its styles do not mix with the notebook's.
    """

    def __init__(self, html: str) -> None:
        self.html = html

    def save(self, path: Union[str, "os.PathLike[str]"]) -> None:
        target = os.fspath(path)
        folder = os.path.dirname(os.path.abspath(target))
        tmp = os.path.join(folder, f".{os.path.basename(target)}.{os.getpid()}.tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(self.html)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)

    def _repr_html_(self) -> str:
        import html as _html

        return (
            '<iframe style="width:100%;height:640px;border:1px solid #ccc" '
            f'sandbox="allow-scripts" srcdoc="{_html.escape(self.html, quote=True)}"></iframe>'
        )

    def __repr__(self) -> str:
        return f"<parley.Report: {len(self.html)} characters of HTML>"


def report(scenario: Source, runs: int = 1000) -> Report:
    """The report of ``parley report --runs RUNS``: the brief answering each question first,
    then every model, the grand bargain, the calibrated Monte Carlo and the sensitivity."""
    return Report(_native.report(_scenario(scenario), runs))


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


def models() -> list:
    """The models, as ``parley models --format json``."""
    return json.loads(_native.model_list())


from ._frames import from_frames, to_frames  # noqa: E402  (needs the names above)
