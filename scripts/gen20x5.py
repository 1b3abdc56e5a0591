#!/usr/bin/env python3
"""Write the Monte Carlo benchmark's generated 20-actor x 5-issue scenario as a scenario file.

`crates/parley-scenario/benches/montecarlo.rs` (`generated()`) builds it in code; this writes the
same numbers (the same xorshift sequence, the same floating-point operations, printed exactly)
so that `parley mc gen20x5.toml ...` can be timed as a whole process (docs/performance.md).

Usage: python3 scripts/gen20x5.py > gen20x5.toml
"""

MASK = (1 << 64) - 1
state = 0x2545_F491_4F6C_DD1D


def uniform():
    """The benchmark's xorshift step and its 53-bit uniform in [0, 1)."""
    global state
    state ^= (state << 13) & MASK
    state ^= state >> 7
    state ^= (state << 17) & MASK
    return (state >> 11) / float(1 << 53)


def ranged(value, low, high):
    return f"{{ value = {value!r}, low = {low!r}, high = {high!r} }}"


lines = ["[scenario]", 'name = "generated 20x5"', ""]
for j in range(5):
    lines += ["[[issue]]", f'id = "i{j}"', f'name = "i{j}"', 'low = "low"', 'high = "high"',
              "scale = [0, 100]", f"status_quo = {10.0 * j + 5.0!r}", ""]
for i in range(20):
    c = 1.0 + 99.0 * uniform()
    lines += ["[[actor]]", f'id = "a{i}"', f'name = "a{i}"',
              f"capability = {ranged(c, c * 0.8, c * 1.2)}", ""]
    for j in range(5):
        x, s = 100.0 * uniform(), 0.1 + 0.8 * uniform()
        lines += [f"[actor.stance.i{j}]",
                  f"position = {ranged(x, max(x - 10.0, 0.0), min(x + 10.0, 100.0))}",
                  f"salience = {ranged(s, s - 0.1, s + 0.1)}", ""]
print("\n".join(lines))
