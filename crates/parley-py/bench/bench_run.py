"""Times `parley.run(parley.flagship())` from Python, to compare with the Rust benchmark
`cargo bench -p parley-scenario --bench run_json` (the same work in Rust).

    python crates/parley-py/bench/bench_run.py

Prints the median and minimum over repeats of: the native call alone (JSON text back), and
the public `parley.run` (which also parses the JSON into Python objects).
"""

import statistics
import time

import parley
from parley import _native


def timeit(f, n=200, warmup=20):
    for _ in range(warmup):
        f()
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3, min(times) * 1e3


s = parley.flagship()
for label, f in (("native run (JSON text)", lambda: _native.run(s, None)),
                 ("parley.run (JSON parsed)", lambda: parley.run(s))):
    med, lo = timeit(f)
    print(f"{label:28s} median {med:.3f} ms  min {lo:.3f} ms")
