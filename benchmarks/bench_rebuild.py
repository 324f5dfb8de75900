"""A rebuild after one changed claim, at 10,000 claims (issue 22, item 3; a benchmark, not a test).

On the site of bench_scale.py, one claim's title is changed before each timed run, and

1. `mkdocs build` (what `make site` and CI run) and `python -m generator check` are timed as
   fresh processes, with the cache file of the checks (generator/cache.py) and without it
   (`FACTCHECK_CACHE=off`), alternately; the cache is warmed by one build before the runs;
2. `mkdocs serve` is timed on the same saves (the rebuild times it logs) with this checkout and
   with the code before the cache (`--before`), which kept resolved spans in memory only.

    python benchmarks/bench_rebuild.py [--claims 10000] [--runs 2] [--serve-saves 2]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
from pathlib import Path

from common import CLAIM, OUT, checkout, measured, run, scaled_site

BEFORE = "e23e166"  # main before the cache file and the memo of claims read


def retitle(root: Path, title: str) -> None:
    claim = root / "claims" / f"{CLAIM}.yml"
    text = claim.read_text(encoding="utf-8")
    claim.write_text(
        re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M), encoding="utf-8"
    )


def timed(root: Path, command: list[str], cache: str) -> float:
    seconds, _, done = measured(command, root, FACTCHECK_CACHE=cache)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--serve-saves", type=int, default=2, help="0: skip mkdocs serve")
    parser.add_argument("--before", default=BEFORE)
    parser.add_argument("--serve-only", action="store_true", help="skip the builds and checks")
    args = parser.parse_args()
    root = scaled_site(args.claims, "rebuild")
    folder = OUT / "rebuild-cache"
    shutil.rmtree(folder, ignore_errors=True)
    if not args.serve_only:
        builds(root, folder, args.runs)
    if args.serve_saves:
        serve(root, folder, args.serve_saves, args.before)


def builds(root: Path, folder: Path, runs: int) -> None:
    """Build and check after one changed claim, with the cache file and without, alternately."""
    build = [sys.executable, "-m", "mkdocs", "build", "-q"]
    check = [sys.executable, "-m", "generator", "check"]
    print(f"site: {root.name}; warming the cache with one build", flush=True)
    first = timed(root, build, str(folder))
    print(f"first build, writing the cache file: {first:.1f} s", flush=True)
    times: dict[str, list[float]] = {}
    for n in range(runs):
        for label, cache in (("cache", str(folder)), ("off", "off")):
            for what, command in (("build", build), ("check", check)):
                retitle(root, f"Changed {n} {label} {what}")
                seconds = timed(root, command, cache)
                times.setdefault(f"{what} {label}", []).append(seconds)
                print(f"  run {n + 1}: {what}, cache {label}: {seconds:.1f} s", flush=True)
    print(f"\nafter one changed claim, best of {runs} (cache file / none / ratio):")
    for what in ("build", "check"):
        on, off = min(times[f"{what} cache"]), min(times[f"{what} off"])
        print(f"  {what}: {on:.1f} s / {off:.1f} s / {on / off:.2f}")
    size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    print(f"  cache file: {size:.1f} MB")


def serve(root: Path, folder: Path, saves: int, rev: str) -> None:
    """`mkdocs serve`'s rebuilds after a save, with this checkout and with the code of `rev`."""
    command = [sys.executable, "-m", "mkdocs", "serve"]
    before = checkout(rev)
    os.environ["FACTCHECK_CACHE"] = str(folder)  # the servers inherit it
    logged: dict[str, list[float]] = {}
    for label, code in (("now", None), ("before", before)):
        kwargs = {"code": code} if code else {}
        built = run(f"serve-{label}", root, command, saves, 900, 900, **kwargs)
        logged[label] = built[1:]  # the first is the server's first build
    now, old = statistics.median(logged["now"]), statistics.median(logged["before"])
    print(f"mkdocs serve rebuild after a save, median: {now:.1f} s now, {old:.1f} s before")


if __name__ == "__main__":
    main()
