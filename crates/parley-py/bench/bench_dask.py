"""Monte Carlo on Dask: identity with the local run and scaling with the number of workers.

    python crates/parley-py/bench/bench_dask.py identity   # 100,000 flagship draws, all models
    python crates/parley-py/bench/bench_dask.py scaling    # 1,000,000 draws, compromise+nbs+eum
    python crates/parley-py/bench/bench_dask.py alternate  # the same, 1 and 2 workers alternating
    python crates/parley-py/bench/bench_dask.py overhead   # what one more chunk costs

Each Dask worker is one process with one thread, and Parley's own threads are held to one
(RAYON_NUM_THREADS=1, set before anything starts), so "workers" is the parallelism. Figures go
to docs/performance.md ("Python package").
"""

import os
import sys
import time

os.environ["RAYON_NUM_THREADS"] = "1"

import parley  # noqa: E402
import parley.dask  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402


def cluster(n):
    c = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
    return c, Client(c)


def timed(f):
    t = time.perf_counter()
    out = f()
    return out, time.perf_counter() - t


def identity():
    s = parley.flagship()
    local, t_local = timed(lambda: parley.monte_carlo(s, runs=100_000).to_json())
    print(f"local, 1 thread: 100,000 draws, all models: {t_local:.1f} s")
    c, client = cluster(2)
    try:
        for chunk in (10_000, 33_333):
            got, t = timed(lambda: parley.dask.monte_carlo(s, 100_000, client=client, chunk_size=chunk).to_json())
            print(f"LocalCluster 2 workers, chunk {chunk}: {t:.1f} s, identical: {got == local} ({len(got)} bytes)")
            assert got == local
    finally:
        client.close()
        c.close()


def scaling():
    s = parley.flagship()
    models = "compromise,nbs,eum"
    runs = 1_000_000
    local, t_local = timed(lambda: parley.monte_carlo(s, runs=runs, models=models).to_json())
    print(f"local, 1 thread: {runs:,} draws: {t_local:.1f} s")
    for n in (1, 2):
        c, client = cluster(n)
        try:
            for chunk in (250_000, 50_000, 10_000):
                got, t = timed(lambda: parley.dask.monte_carlo(s, runs, client=client, chunk_size=chunk,
                                                               models=models).to_json())
                assert got == local
                print(f"{n} worker(s), chunk {chunk:,} ({-(-runs // chunk)} chunks): {t:.1f} s, identical")
        finally:
            client.close()
            c.close()
    # The merge alone (decode every chunk's bytes, summarise): the serial part.
    from parley import _native
    parts = [_native.monte_carlo_part(s, runs, a, min(a + 250_000, runs), None, models.split(","))
             for a in range(0, runs, 250_000)]
    _, t_merge = timed(lambda: _native.monte_carlo_merge(s, runs, parts, None, models.split(",")))
    print(f"merge of {runs:,} runs from {len(parts)} parts ({sum(map(len, parts)) / 1e6:.0f} MB): {t_merge:.1f} s")


def overhead():
    """Per-chunk overhead: the same 2,000 runs as 1 chunk and as 100 chunks of 20, on one
    worker; (t100 - t1) / 99 is what one more chunk costs (scheduling, pickling, setting up
    the run, shipping the part back, merging it)."""
    s = parley.flagship()
    models = "compromise,nbs,eum"
    c, client = cluster(1)
    try:
        parley.dask.monte_carlo(s, 2000, client=client, chunk_size=2000, models=models)  # warm up
        for _ in range(2):
            _, t1 = timed(lambda: parley.dask.monte_carlo(s, 2000, client=client, chunk_size=2000, models=models))
            _, t100 = timed(lambda: parley.dask.monte_carlo(s, 2000, client=client, chunk_size=20, models=models))
            print(f"2,000 runs: 1 chunk {t1 * 1e3:.0f} ms, 100 chunks {t100 * 1e3:.0f} ms: "
                  f"{(t100 - t1) / 99 * 1e3:.1f} ms per extra chunk")
    finally:
        client.close()
        c.close()


def alternate():
    """1,000,000 runs in chunks of 50,000 on 1 and 2 workers, alternating twice, with the load
    average before each (the machine is shared)."""
    s = parley.flagship()
    models = "compromise,nbs,eum"
    for rep in range(2):
        for n in (1, 2):
            c, client = cluster(n)
            try:
                load = os.getloadavg()[0]
                _, t = timed(lambda: parley.dask.monte_carlo(s, 1_000_000, client=client, chunk_size=50_000,
                                                             models=models))
                print(f"round {rep + 1}: {n} worker(s): {t:.1f} s (load average before: {load:.1f})")
            finally:
                client.close()
                c.close()


if __name__ == "__main__":  # worker processes import this module too
    {"identity": identity, "scaling": scaling, "overhead": overhead, "alternate": alternate}[sys.argv[1]]()
