"""Search at 10,000 claims and 1,000 sources, counted in Chromium (issue 12; not a test).

It writes the synthetic site of `bench_build.py` with varied verdicts, dates and tags, and:

1. builds it with `mkdocs build` as a fresh process on one core, now (Pagefind) and with the
   code of `--before` (default: the last commit before Pagefind) and Material's search plugin,
   alternating, `--runs` times each; prints the best and the median of each, and the size of
   each build's search files and the index time the plugin logs;
2. serves the Pagefind build on 127.0.0.1 and opens it in Debian's Chromium, each time in a
   fresh browser context (nothing cached): a claim page, the empty search page, and three
   typical queries on the search page (a claimant's name, words of a quote, and a word with a
   verdict facet); for each it counts the bytes transferred for search (Pagefind's script,
   WebAssembly, metadata, index, filter and fragment chunks) and for the page as a whole.

    python benchmarks/bench_search.py [--claims 10000] [--runs 3] [--before REV]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

from common import OUT, checkout, measure_in_chromium, run_on_one_core, varied_site

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
BEFORE = "528b087"  # main before issue 12: Material's search


def build(root: Path, pythonpath: str | None = None) -> tuple[float, str]:
    env = {"NO_MKDOCS_2_WARNING": "1"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    started = time.perf_counter()
    done = run_on_one_core(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", "site"], root, **env
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build of {root} failed:\n{done.stderr[-3000:]}")
    return seconds, done.stderr


def before_site(root: Path, rev: str) -> tuple[Path, Path]:
    """The same site for the code of `rev`, with Material's search plugin, and that code."""
    code = checkout(rev)
    old = OUT / f"search-before-{root.name}"
    shutil.rmtree(old, ignore_errors=True)
    shutil.copytree(root, old, ignore=shutil.ignore_patterns("site"))
    config = (old / "mkdocs.yml").read_text(encoding="utf-8")
    (old / "mkdocs.yml").write_text(
        config.replace("plugins:\n", "plugins:\n  - search\n"), encoding="utf-8"
    )
    return old, code


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", default=BEFORE)
    parser.add_argument("--now", help="the code to measure (default: this working tree)")
    parser.add_argument("--chromium-only", action="store_true", help="measure the last build")
    args = parser.parse_args()
    if args.chromium_only:
        chromium(OUT / f"search-{args.claims}")
        return
    root = varied_site(args.claims)
    old, code = before_site(root, args.before)
    now_times: list[float] = []
    old_times: list[float] = []
    index_times: list[str] = []
    for _ in range(args.runs):  # alternate, so that a slow spell hits both
        seconds, log = build(root, str(checkout(args.now)) if args.now else None)
        now_times.append(seconds)
        index_times += re.findall(r"search index of .*", log)
        old_times.append(build(old, str(code))[0])
    print(f"site: {args.claims} claims, {len(list((root / 'sources').glob('*.yml')))} sources")
    print(
        f"build with Pagefind:        best {min(now_times):.1f} s, median "
        f"{statistics.median(now_times):.1f} s ({', '.join(f'{t:.1f}' for t in now_times)})"
    )
    print(
        f"build with Material search: best {min(old_times):.1f} s, median "
        f"{statistics.median(old_times):.1f} s ({', '.join(f'{t:.1f}' for t in old_times)})"
    )
    for line in index_times:
        print(f"  plugin: {line}")
    print(f"Pagefind files: {size_mb(root / 'site/pagefind'):.1f} MB on disk")
    print(f"Material's search index: {size_mb(old / 'site/search'):.1f} MB on disk")
    chromium(root)


def chromium(root: Path) -> None:
    quote = (root / "claims/c00042.yml").read_text(encoding="utf-8")
    words = " ".join(re.search(r'text: "([^"]+)"', quote).group(1).split()[3:6])  # type: ignore[union-attr]
    print("\nIn Chromium, a fresh context each (bytes received, headers included):")
    print(f"{'what':58} {'search':>10} {'whole page':>11} {'results':>8}")
    for name, search_bytes, total, shown in measure_in_chromium(root / "site", words):
        print(
            f"{name:58} {search_bytes / 1024:8.1f} KB {total / 1024:8.1f} KB {shown:8}", flush=True
        )


if __name__ == "__main__":
    main()
