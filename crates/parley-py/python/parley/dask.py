"""Monte Carlo runs and scenario sweeps on a Dask cluster (``pip install 'parley[dask]'``).

The runs of a Monte Carlo are split into chunks by run index; each chunk runs on a worker
(Parley's own threads inside it) and comes back as bytes holding every run's forecasts; the
client merges them in run order. Every run draws from its own random stream of the seed and its
index, so the merged result is byte for byte the one :func:`parley.monte_carlo` gives on one
machine, whatever the number of workers or the chunk size.

A remote cluster is the same code with another address::

    from distributed import Client
    client = Client("tcp://scheduler.example:8786")
    parley.dask.monte_carlo(parley.flagship(), 1_000_000, client=client)
"""

from __future__ import annotations

from typing import Any, Iterable, Optional, Sequence, Union

from . import McResult, RunResult, Scenario, _models, _native, _scenario, _strings


def _client(client: Any) -> Any:
    if client is not None:
        return client
    try:
        from distributed import get_client
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("parley.dask needs dask.distributed: pip install 'parley[dask]'") from e
    return get_client()


def chunks(runs: int, chunk_size: int) -> list:
    """The run ranges ``(start, end)`` of ``runs`` runs in chunks of ``chunk_size``."""
    if not isinstance(runs, int) or isinstance(runs, bool) or runs < 1:
        raise ValueError(f"runs must be a positive integer, not {runs!r}")
    if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive integer, not {chunk_size!r}")
    return [(s, min(s + chunk_size, runs)) for s in range(0, runs, chunk_size)]


def _check_runs(runs: Any, least: int) -> None:
    """Refuses a run count before any task is submitted: a count the workers would refuse
    would otherwise fail once per chunk, each worker logging its own traceback."""
    if not isinstance(runs, int) or isinstance(runs, bool) or runs < least:
        wanted = "a positive integer" if least > 0 else "0 or more"
        raise ValueError(f"runs must be {wanted}, not {runs!r}")
    _native.check_runs(runs)


def _part(scenario: Scenario, runs: int, start: int, end: int, seed: Optional[int],
          models: Optional[list], conditions: Optional[list]) -> bytes:
    return _native.monte_carlo_part(scenario, runs, start, end, seed, models, conditions)


def _chunk_size(c: Any, runs: int, chunk_size: Optional[int]) -> int:
    if chunk_size is not None:
        return chunk_size
    threads = max(1, sum(c.nthreads().values()))
    return max(1000, -(-runs // (4 * threads)))


def _submit_parts(c: Any, s: Scenario, runs: int, chunk_size: int, seed: Optional[int],
                  ms: Optional[list], conds: Optional[list]) -> list:
    """One task per chunk of run indices: the scattered scenario (keep it until the parts are
    gathered) and the futures, in run order."""
    scattered = c.scatter(s, broadcast=True, hash=False)
    return [scattered] + [
        c.submit(_part, scattered, runs, a, b, seed, ms, conds, pure=False)
        for a, b in chunks(runs, chunk_size)
    ]


def monte_carlo(
    scenario: Any,
    runs: int,
    client: Any = None,
    chunk_size: Optional[int] = None,
    seed: Optional[int] = None,
    models: Union[None, str, Sequence[str]] = None,
    conditions: Union[None, str, Sequence[str]] = None,
) -> McResult:
    """:func:`parley.monte_carlo` on a Dask cluster (``client``: a ``distributed.Client``;
    default: the current one). ``chunk_size`` (default: runs spread over four chunks per worker
    thread, at least 1,000 runs each) sets how many runs each task computes; it changes the
    speed, never the result."""
    _check_runs(runs, 1)
    s = _scenario(scenario)
    c = _client(client)
    ms = _models(models)
    conds = _strings("conditions", conditions)
    futures = _submit_parts(c, s, runs, _chunk_size(c, runs, chunk_size), seed, ms, conds)
    parts = c.gather(futures[1:])
    return McResult(_native.monte_carlo_merge(s, runs, list(parts), seed, ms, conds))


def _run_one(scenario: Scenario, models: Optional[list]) -> str:
    return _native.run(scenario, models)


def sweep(
    scenarios: Union[Any, Iterable[Any]],
    what_ifs: Union[None, str, Sequence[str]] = None,
    runs: int = 0,
    client: Any = None,
    seed: Optional[int] = None,
    models: Union[None, str, Sequence[str]] = None,
    conditions: Union[None, str, Sequence[str]] = None,
    chunk_size: Optional[int] = None,
) -> dict:
    """Runs many scenarios (or one scenario's what-ifs) on the cluster, one task each.

    ``scenarios``: a scenario (with ``what_ifs``: the base and each named what-if; ``what_ifs
    = ["*"]``: all it defines), or a dict ``{label: scenario}``, or a list (labelled by
    position). With ``runs`` = 0 each scenario is one task of :func:`parley.run`; above 0 each
    scenario's Monte Carlo is split into chunks by run index as in :func:`monte_carlo`, every
    chunk of every scenario submitted at once. Returns ``{label: result}``, each equal to the
    local call's result."""
    c = _client(client)
    if isinstance(scenarios, dict):
        items = [(str(k), _scenario(v)) for k, v in scenarios.items()]
    elif isinstance(scenarios, (list, tuple)):
        items = [(str(k), _scenario(v)) for k, v in enumerate(scenarios)]
    else:
        base = _scenario(scenarios)
        items = [("base", base)]
        ids = _strings("what_ifs", what_ifs) or []
        if ids == ["*"]:
            # On a variant, the what-ifs it does not already have.
            ids = [w for w in base.what_if_ids() if w not in base.applied_what_ifs]
        items += [(w, base.with_what_if(w)) for w in ids]
    if what_ifs and (isinstance(scenarios, (dict, list, tuple))):
        raise ValueError("what_ifs applies to one scenario; give a dict of scenarios instead")
    ms = _models(models)
    conds = _strings("conditions", conditions)
    _check_runs(runs, 0)
    if runs == 0:
        texts = c.gather([c.submit(_run_one, s, ms, pure=False) for _, s in items])
        return {label: RunResult(t) for (label, _), t in zip(items, texts)}
    size = _chunk_size(c, runs * len(items), chunk_size)
    pending = [_submit_parts(c, s, runs, min(size, runs), seed, ms, conds) for _, s in items]
    out = {}
    for (label, s), futures in zip(items, pending):
        parts = c.gather(futures[1:])
        out[label] = McResult(_native.monte_carlo_merge(s, runs, list(parts), seed, ms, conds))
    return out
