"""Time of `python -m generator export` on the synthetic site, and of the engines that build the
export (issues 11, 22 and 23; not a test).

It writes the site of `bench_build.py` at the given size (10,000 claims, one source per ten) and
exports it as a fresh process on every core, `--runs` times, into a new folder each time; it
prints the median and the best, the peak memory and the size of the export. Then it builds
that export once with plain MkDocs (+ Material, without the plugin) and once with Zensical, each
a fresh process, and prints the time and peak memory of each (one run each: on this machine a
build's time varies by up to a third from one run to the next).

    python benchmarks/bench_export.py [--claims 10000] [--runs 3] [--no-engines]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys

from common import OUT, measured, our_site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-engines", action="store_true", help="only the export")
    args = parser.parse_args()
    root = our_site(args.claims)
    dest = OUT / f"export-{args.claims}"
    times, peaks = [], []
    for _ in range(args.runs):
        shutil.rmtree(dest, ignore_errors=True)
        seconds, peak, run = measured(
            [sys.executable, "-m", "generator", "export", str(dest)], root
        )
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        times.append(seconds)
        peaks.append(peak)
    files = [p for p in dest.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files) / 1e6
    print(
        f"export of {args.claims} claims: median {statistics.median(times):.1f} s, best "
        f"{min(times):.1f} s; peak memory {max(peaks):.0f} MB; {len(files)} files, {size:.0f} MB",
        flush=True,
    )
    if args.no_engines:
        return
    engines = {
        "plain MkDocs + Material": [sys.executable, "-m", "mkdocs", "build", "-q"],
        "Zensical": [sys.executable, "-m", "zensical", "build"],
    }
    for name, command in engines.items():
        shutil.rmtree(dest / "site", ignore_errors=True)
        seconds, peak, run = measured(command, dest)
        status = "built" if run.returncode == 0 else f"FAILED ({run.returncode})"
        print(f"{name:<24} {status} in {seconds:.1f} s, peak memory {peak:,.0f} MB", flush=True)
        if run.returncode != 0:
            print((run.stdout + run.stderr)[-1500:])


if __name__ == "__main__":
    main()
