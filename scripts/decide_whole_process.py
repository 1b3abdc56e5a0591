#!/usr/bin/env python3
"""Run decide-exchange-model as one whole process, for whole-process timings.

Used by scripts/bench_whole_process.sh; run it with the Python of a venv that has decide's
pinned dependencies, and DECIDE_SRC set to a checkout of decide-exchange-model (the directory
holding the `decide` package).

    decide_whole_process.py cli  ARGS...     decide's own CLI (decide.cli.app) with ARGS
    decide_whole_process.py loop FILE ROUNDS decide's API: read FILE, build the equal-gain model,
                                             run ROUNDS rounds of ModelLoop with no observer,
                                             print the outcome of every issue after the last
                                             round (0-100 internal scale), write no file

decide never seeds Python's `random` (it breaks exact ties with a coin flip). Both modes seed it
with 0 after importing decide (importing typer imports rich, which draws from `random` at import
time), so every timed run does the same work and `loop` prints decide's seed-0 run, whose final
outcomes are published in decide's expected/api_run_seed0_nbs_round1_final.txt.
"""

import os
import random
import sys


def main() -> int:
    src = os.environ.get("DECIDE_SRC")
    if not src:
        print("DECIDE_SRC must name decide-exchange-model's source directory", file=sys.stderr)
        return 2
    sys.path.insert(0, src)
    if len(sys.argv) < 2 or sys.argv[1] not in ("cli", "loop"):
        print(__doc__, file=sys.stderr)
        return 2
    mode = sys.argv[1]
    if mode == "cli":
        import decide.cli

        random.seed(0)
        sys.argv = ["decide-cli"] + sys.argv[2:]
        decide.cli.app()
        return 0

    if len(sys.argv) != 4:
        print("usage: decide_whole_process.py loop FILE ROUNDS", file=sys.stderr)
        return 2
    from pathlib import Path

    from decide.data.modelfactory import ModelFactory
    from decide.data.reader import InputDataFile
    from decide.model.equalgain import EqualGainModel
    from decide.model.observers.observer import Observable
    from decide.model.utils import ModelLoop

    random.seed(0)
    path = Path(sys.argv[2])
    rounds = int(sys.argv[3])
    data = InputDataFile.open(path)
    model = ModelFactory(data)(model_klass=EqualGainModel, randomized_value="0")
    handler = Observable(model_ref=model, output_directory=Path("."))
    loop = ModelLoop(model, handler, 0)
    for _ in range(rounds):
        loop.loop()
    for issue, outcome in model.nbs.items():
        print(f"{issue}\t{float(outcome):.6f}")
    print(f"ties\t{model.tie_count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
