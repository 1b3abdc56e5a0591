"""Scenarios from and to pandas DataFrames: positions and saliences as actors x issues tables.

Every cell is checked before anything reaches Parley, and a bad one raises ``ValueError``
(``TypeError`` for a wrong kind of argument) naming the table, the actor and the issue. A cell
that is NaN in both positions and saliences means the actor does not take part in that issue;
NaN in only one of the two is an error.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Optional

from . import _native
from ._native import Scenario


def _is_frame(x: Any) -> bool:
    return hasattr(x, "index") and hasattr(x, "columns") and hasattr(x, "loc")


def _number(table: str, row: Any, col: Any, value: Any) -> Optional[float]:
    """The cell as a float; None when it is missing (NaN or None); ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(
            f"{table}[{row!r}, {col!r}] = {value!r} is not a number "
            f"({type(value).__name__})"
        )
    v = float(value)
    if math.isnan(v):
        return None
    if math.isinf(v):
        raise ValueError(f"{table}[{row!r}, {col!r}] is infinite")
    return v


def _no_duplicates(labels: Any, what: str, where: str) -> None:
    """Refuses a label that appears twice (as Parley ids: after ``str``), which pandas would
    otherwise answer with a whole Series where one number is expected."""
    seen = set()
    for label in labels:
        key = str(label)
        if key in seen:
            raise ValueError(f"{what} {key!r} appears twice in {where}")
        seen.add(key)


def from_frames(
    positions: Any,
    saliences: Any,
    capabilities: Any,
    issues: Any = None,
    name: str = "From DataFrames",
    seed: Optional[int] = None,
) -> Scenario:
    """A scenario from pandas objects.

    - ``positions``, ``saliences``: DataFrames indexed by actor id, one column per issue id
      (positions on each issue's scale, saliences in 0..1).
    - ``capabilities``: a Series (or one-column DataFrame) indexed by actor id.
    - ``issues`` (optional): a DataFrame indexed by issue id with any of the columns ``name``,
      ``low``, ``high``, ``status_quo``, ``min``, ``max``.

    Raises ``ValueError`` naming the table and cell for a non-number, an infinity, a NaN in
    only one of positions and saliences, a missing column or row, a row of capabilities or of
    issues that positions lacks, an actor or issue that appears twice; and
    :class:`parley.ScenarioError` for what Parley's validation refuses (a salience above 1, a
    position off its scale), naming the actor and issue in each problem's path.
    """
    for label, table in (("positions", positions), ("saliences", saliences)):
        if not _is_frame(table):
            raise TypeError(f"{label} must be a pandas DataFrame (actors x issues), not {type(table).__name__}")
    if _is_frame(capabilities):
        if len(capabilities.columns) != 1:
            raise ValueError(
                f"capabilities must be a Series or a one-column DataFrame; it has columns {list(capabilities.columns)}"
            )
        capabilities = capabilities.iloc[:, 0]
    if not (hasattr(capabilities, "index") and hasattr(capabilities, "get")):
        raise TypeError(f"capabilities must be a pandas Series indexed by actor id, not {type(capabilities).__name__}")
    _no_duplicates(positions.index, "actor", "positions")
    _no_duplicates(saliences.index, "actor", "saliences")
    _no_duplicates(capabilities.index, "actor", "capabilities")
    _no_duplicates(positions.columns, "issue", "the columns of positions")
    _no_duplicates(saliences.columns, "issue", "the columns of saliences")
    issue_ids = [str(c) for c in positions.columns]
    for c in issue_ids:
        if c not in [str(x) for x in saliences.columns]:
            raise ValueError(f"saliences has no column {c!r} (positions has it)")
    for c in saliences.columns:
        if str(c) not in issue_ids:
            raise ValueError(f"positions has no column {str(c)!r} (saliences has it)")
    actor_ids = [str(a) for a in positions.index]
    sal_rows = [str(a) for a in saliences.index]
    cap_rows = [str(a) for a in capabilities.index]
    for a in actor_ids:
        if a not in sal_rows:
            raise ValueError(f"saliences has no row for actor {a!r} (positions has it)")
        if a not in cap_rows:
            raise ValueError(f"capabilities has no row for actor {a!r}")
    for a in sal_rows:
        if a not in actor_ids:
            raise ValueError(f"positions has no row for actor {a!r} (saliences has it)")
    for a in cap_rows:
        if a not in actor_ids:
            raise ValueError(
                f"capabilities has a row {a!r} that positions and saliences lack; add the "
                "actor's row to both (NaN where it takes no part), or drop it from capabilities"
            )
    issue_meta = {}
    if issues is not None:
        if not _is_frame(issues):
            raise TypeError(f"issues must be a pandas DataFrame indexed by issue id, not {type(issues).__name__}")
        known = {"name", "low", "high", "status_quo", "min", "max"}
        unknown = [str(c) for c in issues.columns if str(c) not in known]
        if unknown:
            raise ValueError(f"issues has unknown columns {unknown}; valid: {sorted(known)}")
        _no_duplicates(issues.index, "issue", "issues")
        for i in issues.index:
            if str(i) not in issue_ids:
                raise ValueError(
                    f"issues has a row {str(i)!r} that positions lacks (no column {str(i)!r}); "
                    "add the issue's column to positions and saliences, or drop its row"
                )
            issue_meta[str(i)] = {str(k): v for k, v in issues.loc[i].items()}
    out_issues = []
    for i in issue_ids:
        meta = issue_meta.get(i, {})
        item: dict = {
            "id": i,
            "name": str(meta.get("name") or i),
            "low": str(meta.get("low") or "low"),
            "high": str(meta.get("high") or "high"),
        }
        lo = _number("issues", i, "min", meta.get("min"))
        hi = _number("issues", i, "max", meta.get("max"))
        if (lo is None) != (hi is None):
            raise ValueError(f"issues[{i!r}]: give both min and max, or neither")
        if lo is not None:
            item["scale"] = [lo, hi]
        sq = _number("issues", i, "status_quo", meta.get("status_quo"))
        if sq is not None:
            item["status_quo"] = sq
        out_issues.append(item)
    pos_cols = {str(c): c for c in positions.columns}
    sal_cols = {str(c): c for c in saliences.columns}
    pos_rows = {str(a): a for a in positions.index}
    sal_index = {str(a): a for a in saliences.index}
    cap_index = {str(a): a for a in capabilities.index}
    out_actors = []
    for a in actor_ids:
        cap = _number("capabilities", a, "capability", capabilities[cap_index[a]])
        if cap is None:
            raise ValueError(f"capabilities[{a!r}] is missing (NaN)")
        stances = {}
        for i in issue_ids:
            p = _number("positions", a, i, positions.at[pos_rows[a], pos_cols[i]])
            s = _number("saliences", a, i, saliences.at[sal_index[a], sal_cols[i]])
            if p is None and s is None:
                continue
            if p is None or s is None:
                table = "positions" if p is None else "saliences"
                raise ValueError(
                    f"{table}[{a!r}, {i!r}] is NaN but the other table has a value; "
                    "leave both NaN when the actor does not take part in the issue"
                )
            stances[i] = {"position": p, "salience": s}
        out_actors.append({"id": a, "name": a, "capability": cap, "stance": stances})
    meta_table: dict = {"name": name}
    if seed is not None:
        meta_table["seed"] = int(seed)
    doc = {"scenario": meta_table, "issue": out_issues, "actor": out_actors}
    import json

    return _native.load_text(json.dumps(doc), "json", "<DataFrames>")


def to_frames(scenario: Scenario) -> dict:
    """The scenario's point values as pandas objects: ``positions`` and ``saliences``
    (actors x issues, NaN where an actor does not take part), ``capabilities`` (a Series) and
    ``issues`` (name, min, max, status_quo). ``from_frames(**to_frames(s))`` rebuilds the
    numbers (not the ranges, evidence, linkages or questions)."""
    import pandas as pd

    issues = scenario.issue_rows()
    actors = scenario.actor_rows()
    ids = [i[0] for i in issues]
    names = [a[0] for a in actors]
    pos = pd.DataFrame(float("nan"), index=pd.Index(names, name="actor"), columns=ids)
    sal = pos.copy()
    for actor, issue, p, s in scenario.stance_rows():
        pos.at[actor, issue] = p
        sal.at[actor, issue] = s
    caps = pd.Series([a[2] for a in actors], index=pd.Index(names, name="actor"), name="capability")
    table = pd.DataFrame(
        {
            "name": [i[1] for i in issues],
            "min": [i[2] for i in issues],
            "max": [i[3] for i in issues],
            "status_quo": [float("nan") if i[4] is None else i[4] for i in issues],
        },
        index=pd.Index(ids, name="issue"),
    )
    return {"positions": pos, "saliences": sal, "capabilities": caps, "issues": table}
