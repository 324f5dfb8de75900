"""Benchmark of `python -m generator check` on a synthetic site (not part of the test run).

Target (issue 2): 10,000 claims with 30,000 spans over 1,000 sources (about 5 MB of text) in
under 5 s on one core, memory under 1 GB; `check claims/one.yml` in under 0.5 s at that size.

The site is made of pairs of sources: an original of random words (with curly quotes, dashes
and paragraphs) and a copy in which every seventh word was replaced, like the example's
reworded copy. Each claim quotes a 12-word window of an original, and gives three spans: the
original (exact defaults to the quote), the copy (its own words, often altered) and the
original again with a `start` hint. Every run is pinned to one core.

    python benchmarks/bench_check.py [--claims 10000] [--sources 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

from common import generate, run_on_one_core

PROJECT = Path(__file__).resolve().parent.parent
OUT = PROJECT / "benchmarks" / "out"


def timed_check(root: Path, *paths: str) -> tuple[float, float, dict[str, object]]:
    """Wall seconds and peak resident memory (MiB) of one `check --json` run on one core."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = run_on_one_core([sys.executable, "-m", "generator", "check", "--json", *paths], root)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = json.loads(done.stdout)
    return seconds, max(peak, before) / 1024, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--sources", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = OUT / f"site-{args.claims}"
    started = time.perf_counter()
    size = generate(root, args.claims, args.sources)
    print(
        f"generated {args.claims} claims, {args.sources} sources, {size / 1e6:.1f} MB of text "
        f"in {time.perf_counter() - started:.1f} s"
    )
    full = [timed_check(root) for _ in range(args.runs)]
    one = [timed_check(root, "claims/c00001.yml") for _ in range(args.runs)]
    result = full[0][2]
    fidelities: dict[str, int] = {}
    for span in result["resolved"]:  # type: ignore[union-attr]
        fidelities[span["fidelity"]] = fidelities.get(span["fidelity"], 0) + 1
    print(
        f"check (whole site): {result['claims']} claims, {result['spans']} spans, "
        f"{len(result['problems'])} problems, fidelities {fidelities}"
    )  # type: ignore[arg-type]
    print(
        f"  wall time, one core: median {statistics.median(t for t, _, _ in full):.2f} s, "
        f"best {min(t for t, _, _ in full):.2f} s (target < 5 s)"
    )
    print(f"  peak memory: {max(m for _, m, _ in full):.0f} MiB (target < 1024 MiB)")
    print(
        f"check claims/c00001.yml: median {statistics.median(t for t, _, _ in one):.3f} s, "
        f"best {min(t for t, _, _ in one):.3f} s (target < 0.5 s)"
    )


if __name__ == "__main__":
    main()
