#!/usr/bin/env python3
"""Write a generated N-actor x M-issue scenario for the scaling figures in docs/performance.md.

Every actor takes a stance on every issue. A fixed xorshift64* sequence (no `random` module, so
the file is the same on any Python) draws capabilities uniform in [1, 100], positions uniform on
0-100 and saliences in [0.1, 0.9]; each issue's status quo is at 5 + 10 j. The numbers are
printed exactly (repr), so the scenario is bit-for-bit the same every time.

Usage: python3 scripts/gen_scale.py ACTORS [ISSUES] [SEED] > scenario.toml
(defaults: 5 issues, seed 1)
"""

import sys

MASK = (1 << 64) - 1


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    actors = int(sys.argv[1])
    issues = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    if actors < 2 or issues < 1 or not 0 < seed <= MASK:
        sys.exit("need at least 2 actors, 1 issue and a seed in 1..2^64-1")
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
                  "scale = [0, 100]", f"status_quo = {10.0 * j + 5.0!r}", ""]
    for i in range(actors):
        c = 1.0 + 99.0 * uniform()
        lines += ["[[actor]]", f'id = "a{i}"', f'name = "a{i}"', f"capability = {c!r}", ""]
        for j in range(issues):
            x, s = 100.0 * uniform(), 0.1 + 0.8 * uniform()
            lines += [f"[actor.stance.i{j}]", f"position = {x!r}", f"salience = {s!r}", ""]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
