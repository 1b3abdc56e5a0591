#!/usr/bin/env python3
"""Whole process against whole process: Parley against KTAB's smpc and decide-exchange-model.

    python3 scripts/bench_whole_process.py [-n RUNS] CASE...

CASE is one of
  decide-loop          decide's API on cop21: read it, 10 rounds of its model loop, no files
  decide-cli           decide's own CLI on cop21, 10 rounds, equal gain (writes its CSVs, charts
                       and SQLite database into a temporary directory, removed afterwards)
  ktab-stock:INPUT     smpc --logmin on ../shared/data/ktab/INPUT.csv, KTAB built as shipped
  ktab-O2:INPUT        the same with smpc built with -O2
                       (INPUT: SOE-Policy, SOE-Competitive, dummyData_6Dim, dummyData-a040,
                       dummyData-a080)
  eum-scholz           jmckib/bdm-scholz-expected-utility-model's own command line on its
                       ExampleActors.csv (the EC emission case), 8 rounds
each against `parley run FILE --model exchange|smp|eum --format json` on the same case
(for eum-scholz: ../shared/data/bdm/emission_standards_BDM1994_ExampleActors.csv, the same
data with salience on 0-100, with `--eum-variant scholz`).

The tools come from environment variables; nothing is built here:
  PARLEY      the parley binary (default target/release/parley)
  SMPC_STOCK  smpc built as KTAB ships it (Debug, no optimisation)
  SMPC_O2     smpc built with -O2
  DECIDE_PY   Python of a venv with decide's pinned dependencies
  DECIDE_SRC  decide-exchange-model's source directory (the one holding the `decide` package)
  PY2         a Python 2.7 interpreter (the Scholz port is Python 2)
  BDM_PORT    the port's bdm_scholz_model.py (its ExampleActors.csv beside it)
docs/research/ktab-smp-timings.md and docs/research/decide-exchange-model.md say how to build
them.

Each case runs one warm-up pair (not counted), then RUNS pairs (default 5), alternating: the other
tool, then Parley. Every process is timed from outside: the kernel's user and system time and
peak resident set of the finished process (os.wait4, microsecond resolution; the largest single
process of those it waited for) and its wall time (monotonic clock). Printed per command: CPU
(user + system), wall and peak as min / median / max, then the ratio other / Parley taken pair by
pair, min / median / max: pairing keeps the ratio fair when a shared machine's speed drifts.
A peak cannot read below this script's own resident set (about 15 MB): Linux carries the high-water
mark of the forked Python process across exec, so a peak at that floor means "at most that".
Outputs are thrown away; docs/performance.md says how they were checked. Not part of CI.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = (ROOT / ".." / "shared" / "data").resolve()
KTAB_INPUTS = ("SOE-Policy", "SOE-Competitive", "dummyData_6Dim", "dummyData-a040", "dummyData-a080")


def env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if not value:
        sys.exit(f"{name} is not set (see the top of {__file__})")
    return value


def timed(argv: list[str], cwd: str | None = None) -> tuple[float, float, float]:
    """Run argv once; return (CPU seconds, wall seconds, peak MB) of the finished process."""
    start = time.monotonic()
    proc = subprocess.Popen(
        argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        print(f"  note: exit status {proc.returncode} from {argv[0]}", file=sys.stderr)
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


class Smpc:
    """One `smpc --logmin` run in a fresh directory: smpc reads ./smpc-logger.conf and writes its
    log and SQLite database there; the directory is removed after the timed process ends."""

    def __init__(self, smpc: str, input_csv: Path, work: str):
        self.smpc, self.input, self.work = smpc, input_csv, work

    def __call__(self) -> tuple[float, float, float]:
        run_dir = tempfile.mkdtemp(dir=self.work)
        shutil.copy(Path(self.smpc).parent / "smpc-logger.conf", run_dir)
        argv = [self.smpc, "--logmin", "--csv", str(self.input), "--connstr", "Driver=QSQLITE;Database=test"]
        try:
            return timed(argv, cwd=run_dir)
        finally:
            shutil.rmtree(run_dir)


class DecideCli:
    """decide's CLI with a fresh output directory, removed after the timed process ends."""

    def __init__(self, argv: list[str], work: str):
        self.argv, self.work = argv, work

    def __call__(self) -> tuple[float, float, float]:
        out = tempfile.mkdtemp(dir=self.work)
        try:
            return timed(self.argv + ["--output-dir", out])
        finally:
            shutil.rmtree(out)


def commands(case: str, work: str):
    parley = env("PARLEY", str(ROOT / "target" / "release" / "parley"))
    if case in ("decide-loop", "decide-cli"):
        os.environ["DECIDE_SRC"] = env("DECIDE_SRC")
        python = env("DECIDE_PY")
        helper = str(ROOT / "scripts" / "decide_whole_process.py")
        cop21 = str(DATA / "decide" / "cop21.csv")
        ours = [parley, "run", cop21, "--model", "exchange", "--format", "json"]
        if case == "decide-loop":
            loop = [python, helper, "loop", cop21, "10"]
            return (lambda: timed(loop)), (lambda: timed(ours))
        cli = [python, helper, "cli", "--input-file", cop21, "--model", "equal", "--iterations", "10"]
        return DecideCli(cli, work), (lambda: timed(ours))
    if case == "eum-scholz":
        port = Path(env("BDM_PORT"))
        theirs = [env("PY2"), str(port), str(port.parent / "ExampleActors.csv"), "8"]
        emission = DATA / "bdm" / "emission_standards_BDM1994_ExampleActors.csv"
        ours = [parley, "run", str(emission), "--model", "eum", "--eum-variant", "scholz", "--format", "json"]
        return (lambda: timed(theirs)), (lambda: timed(ours))
    build, _, name = case.partition(":")
    if build not in ("ktab-stock", "ktab-O2") or name not in KTAB_INPUTS:
        sys.exit(f"unknown case {case!r}; see the top of {__file__}")
    smpc = env("SMPC_STOCK" if build == "ktab-stock" else "SMPC_O2")
    csv = DATA / "ktab" / f"{name}.csv"
    ours = [parley, "run", str(csv), "--model", "smp", "--format", "json"]
    return Smpc(smpc, csv, work), (lambda: timed(ours))


def mmm(values: list[float], fmt: str) -> str:
    return " / ".join(fmt % v for v in (min(values), statistics.median(values), max(values)))


def main() -> int:
    args = sys.argv[1:]
    runs = 5
    if args[:1] == ["-n"]:
        if len(args) < 2 or not args[1].isdigit() or not 1 <= int(args[1]) <= 100:
            sys.exit("-n RUNS: a whole number from 1 to 100")
        runs, args = int(args[1]), args[2:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        for case in args:
            other, ours = commands(case, work)
            other()  # warm-up pair, not counted
            ours()
            a, b = [], []
            for _ in range(runs):
                a.append(other())
                b.append(ours())
            load = open("/proc/loadavg").read().split()[:3]
            stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
            print(f"== {case}: {runs} pairs, {stamp}, load average {' '.join(load)}")
            print("   min / median / max")
            for label, rows in (("other ", a), ("parley", b)):
                print(
                    f"  {label} CPU s {mmm([r[0] for r in rows], '%.4f')}   wall s "
                    f"{mmm([r[1] for r in rows], '%.4f')}   peak MB {mmm([r[2] for r in rows], '%.1f')}"
                )
            for i, what in ((0, "CPU "), (1, "wall")):
                ratios = [x[i] / y[i] for x, y in zip(a, b) if y[i] > 0]
                print(f"  other / parley, {what}: {mmm(ratios, '%.1f')} ({len(ratios)} pairs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
