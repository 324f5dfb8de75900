"""Time of `python -m generator export` on the synthetic site (issue 11; not a test).

It writes the site of `bench_build.py` at the given size (10,000 claims, one source per ten)
and exports it as a fresh process pinned to one core, `--runs` times, into a new folder each
time; it prints the median and the best, the peak memory and the size of the export.

    python benchmarks/bench_export.py [--claims 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import time

from bench_build import our_site
from bench_check import OUT, run_on_one_core


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = our_site(args.claims)
    dest = OUT / f"export-{args.claims}"
    times = []
    for _ in range(args.runs):
        shutil.rmtree(dest, ignore_errors=True)
        start = time.perf_counter()
        run = run_on_one_core([sys.executable, "-m", "generator", "export", str(dest)], root)
        times.append(time.perf_counter() - start)
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    files = [p for p in dest.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files) / 1e6
    print(
        f"export of {args.claims} claims: median {statistics.median(times):.1f} s, best "
        f"{min(times):.1f} s; peak memory {peak:.0f} MiB; {len(files)} files, {size:.0f} MB"
    )


if __name__ == "__main__":
    main()
