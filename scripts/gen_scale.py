#!/usr/bin/env python3
"""Write a generated N-actor x M-issue scenario for the scaling figures in docs/performance.md.

Every actor takes a stance on every issue. A fixed xorshift64* sequence (no `random` module, so
the file is the same on any Python) draws capabilities uniform in [1, 100], positions uniform on
0-100 and saliences in [0.1, 0.9]; each issue's status quo is at 5 + 10 j. The numbers are
printed exactly (repr), so the scenario is bit-for-bit the same every time.

Usage: python3 scripts/gen_scale.py ACTORS [ISSUES] [SEED] > scenario.toml
(defaults: 5 issues, seed 1)

       python3 scripts/gen_scale.py --table [PARLEY] [MODELS] [SIZES]
writes the N x 5 scenarios to a temporary folder, times one whole `PARLEY run FILE --model M
--format json` process per model and size (user and system CPU seconds and peak resident memory,
from the kernel's accounting of the finished child), and prints the growth table of
docs/performance.md with each model's exponent from the smallest to the largest size
(defaults: target/release/parley; compromise,nbs,eum,exchange,smp; 100,300,1000).
"""

import math
import os
import subprocess
import sys
import tempfile

MASK = (1 << 64) - 1


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    if sys.argv[1] == "--table":
        table(sys.argv[2:])
        return
    actors = int(sys.argv[1])
    issues = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    if actors < 2 or issues < 1 or not 0 < seed <= MASK:
        sys.exit("need at least 2 actors, 1 issue and a seed in 1..2^64-1")
    print(scenario(actors, issues, seed))


def scenario(actors, issues, seed):
    """The scenario's TOML text."""
    state = seed * 0x2545_F491_4F6C_DD1D & MASK or 1

    def uniform():
        nonlocal state
        state ^= (state << 13) & MASK
        state ^= state >> 7
        state ^= (state << 17) & MASK
        return (state >> 11) / float(1 << 53)

    lines = ["[scenario]", f'name = "generated {actors}x{issues}"', ""]
    for j in range(issues):
        lines += ["[[issue]]", f'id = "i{j}"', f'name = "i{j}"', 'low = "low"', 'high = "high"',
                  "scale = [0, 100]", f"status_quo = {10.0 * (j % 10) + 5.0!r}", ""]
    for i in range(actors):
        c = 1.0 + 99.0 * uniform()
        lines += ["[[actor]]", f'id = "a{i}"', f'name = "a{i}"', f"capability = {c!r}", ""]
        for j in range(issues):
            x, s = 100.0 * uniform(), 0.1 + 0.8 * uniform()
            lines += [f"[actor.stance.i{j}]", f"position = {x!r}", f"salience = {s!r}", ""]
    return "\n".join(lines)


def timed(argv):
    """Runs argv with its output discarded; (user s, system s, peak KB) of the finished child."""
    with open(os.devnull, "wb") as null:
        child = subprocess.Popen(argv, stdout=null)
        _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        sys.exit(f"{' '.join(argv)} failed ({status})")
    return usage.ru_utime, usage.ru_stime, usage.ru_maxrss


def table(args):
    parley = args[0] if args else "target/release/parley"
    models = (args[1] if len(args) > 1 else "compromise,nbs,eum,exchange,smp").split(",")
    sizes = [int(n) for n in (args[2] if len(args) > 2 else "100,300,1000").split(",")]
    cells = ["{} actors: CPU s (user + sys), kernel share, peak MB".format(n) for n in sizes]
    print("| model | " + " | ".join(cells) + " | growth |")
    print("|---" * (len(sizes) + 2) + "|")
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for n in sizes:
            path = os.path.join(folder, f"s{n}.toml")
            with open(path, "w") as f:
                f.write(scenario(n, 5, 1) + "\n")
            files.append(path)
        for model in models:
            row, cpu = [], []
            for path in files:
                user, system, peak = timed([parley, "run", path, "--model", model, "--format", "json"])
                total = user + system
                cpu.append(total)
                share = 100.0 * system / total if total > 0 else 0.0
                row.append(f"{total:.2f} s, {share:.1f}%, {peak / 1024:.0f} MB")
            # From the first size timed above the 10 ms resolution of the accounting.
            growth = "-"
            first = next((i for i, t in enumerate(cpu) if t >= 0.05), None)
            if first is not None and first < len(sizes) - 1:
                a, b = sizes[first], sizes[-1]
                growth = f"n^{math.log(cpu[-1] / cpu[first]) / math.log(b / a):.1f} ({a} -> {b})"
            print(f"| {model} | " + " | ".join(row) + f" | {growth} |", flush=True)


if __name__ == "__main__":
    main()
