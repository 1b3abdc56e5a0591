"""Type stubs of Parley's native module (Rust, PyO3). Every function returning ``str`` returns
the command line's JSON text for the same call."""

from os import PathLike
from pathlib import Path
from typing import Any, Callable, Optional, Sequence, Union

# Called as progress(done, total) while a long computation runs, and once at its end.
Progress = Optional[Callable[[int, int], Any]]

class ScenarioError(ValueError):
    """A scenario with problems; each of ``problems`` has code, line, column, path, message
    and file."""

    problems: list[dict]

class Scenario:
    """A validated scenario."""

    @property
    def name(self) -> str: ...
    @property
    def seed(self) -> Optional[int]: ...
    @property
    def source(self) -> Optional[Path]: ...
    @property
    def applied_what_ifs(self) -> list[str]: ...
    @property
    def applied_edits(self) -> list[str]: ...
    def issue_rows(self) -> list[tuple[str, str, float, float, Optional[float]]]: ...
    def actor_rows(self) -> list[tuple[str, str, float]]: ...
    def stance_rows(self) -> list[tuple[str, str, float, float]]: ...
    def what_if_ids(self) -> list[str]: ...
    def to_toml(self) -> str: ...
    def with_what_if(self, id: str) -> Scenario: ...
    def with_edits(self, edits: Union[str, Sequence[str]]) -> Scenario: ...

def load_text(
    text: str, format: str = "toml", name: str = "<string>", located: bool = True
) -> Scenario: ...
def check_runs(runs: int) -> None: ...
def load_path(path: str | PathLike[str]) -> Scenario: ...
def flagship() -> Scenario: ...
def run(scenario: Scenario, models: Optional[Sequence[str]] = None) -> str: ...
def monte_carlo(
    scenario: Scenario,
    runs: int = 1000,
    seed: Optional[int] = None,
    models: Optional[Sequence[str]] = None,
    conditions: Union[None, str, Sequence[str]] = None,
    progress: Progress = None,
) -> str: ...
def monte_carlo_part(
    scenario: Scenario,
    runs: int,
    start: int,
    end: int,
    seed: Optional[int] = None,
    models: Optional[Sequence[str]] = None,
    conditions: Union[None, str, Sequence[str]] = None,
) -> bytes: ...
def monte_carlo_merge(
    scenario: Scenario,
    runs: int,
    parts: Sequence[bytes],
    seed: Optional[int] = None,
    models: Optional[Sequence[str]] = None,
    conditions: Union[None, str, Sequence[str]] = None,
) -> str: ...
def sensitivity(
    scenario: Scenario,
    runs: int = 1000,
    seed: Optional[int] = None,
    models: Optional[Sequence[str]] = None,
    progress: Progress = None,
    sobol: Optional[int] = None,
    sobol_resamples: int = 200,
) -> str: ...
def compare(
    scenario: Scenario,
    what_ifs: Union[None, str, Sequence[str]] = None,
    edits: Union[None, str, Sequence[str]] = None,
    models: Optional[Sequence[str]] = None,
    variants: Optional[Sequence[tuple[Optional[str], Sequence[str], Sequence[str]]]] = None,
) -> str: ...
def bargain(scenario: Scenario, runs: int = 1000, progress: Progress = None) -> str: ...
def advise(
    scenario: Scenario,
    actor: str,
    goal: Optional[str] = None,
    runs: int = 1000,
    seed: Optional[int] = None,
    budget: Optional[float] = None,
    top: int = 10,
    models: Optional[Sequence[str]] = None,
    progress: Progress = None,
) -> str: ...
def report(
    scenario: Scenario,
    runs: int = 1000,
    progress: Progress = None,
    resolution: Optional[tuple[str, str, str]] = None,
) -> str: ...
def backtest(path: str | PathLike[str], capability: str = "gdp", seed: int = 0) -> str: ...
def extract(text: str, date: Optional[str] = None) -> str: ...
def extract_toml(text: str, source: str = "article", date: Optional[str] = None) -> str: ...
def model_list() -> str: ...
def estimate(
    scenario: Scenario,
    function: str = "monte_carlo",
    runs: int = 1000,
    models: Optional[Sequence[str]] = None,
    sobol: Optional[int] = None,
) -> tuple[int, float, str, str]: ...
