"""An archive of tens of thousands of fact-checks (issue 22; a benchmark, not a test): what a
reader downloads and what a build costs, before and after, as ratios of runs made alternately.

The site is the synthetic one of `make bench` (bench_check.generate: a tenth as many sources as
claims, three spans a claim), with verdicts, tags and ten years of dates spread over its claims
(bench_search.varied_site) and a `site_url`, so that MkDocs writes a sitemap. Each build is a
fresh `mkdocs build` process; its wall time and peak resident memory are measured. Then, in
Chromium with an empty cache, served uncompressed by Python's http.server: a claim page's first
visit, and a first search (the search page, then a claimant's name typed).

    python benchmarks/bench_scale.py [--claims 10000] [--before REV] [--runs 1] [--no-chromium]

`--before` is the code to compare with (default: main before issue 22).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from common import checkout, measure_in_chromium, measured, scaled_site

PROJECT = Path(__file__).resolve().parent.parent
BEFORE = "daa87a3"  # main before issue 22


def build(root: Path, code: Path) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one `mkdocs build` of `root` by `code`."""
    shutil.rmtree(root / "site", ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "-q"]
    seconds, peak, done = measured(command, root, PYTHONPATH=str(code))
    if done.returncode != 0:
        raise SystemExit(f"build of {root} failed:\n{done.stderr[-3000:]}")
    return seconds, peak


def weights(site: Path) -> dict[str, str]:
    """The files that grow with the site, in KB."""
    index = [site / "claims/index.html", *(site / "claims/year").rglob("index.html")]
    largest = max(index, key=lambda p: p.stat().st_size)
    meta = sum(p.stat().st_size for p in (site / "pagefind").glob("pagefind*.pf_meta"))
    older = sum(p.stat().st_size for p in (site / "pagefind/older").glob("pagefind*.pf_meta"))

    def kb(path: Path) -> str:
        return f"{path.stat().st_size / 1024:,.1f} KB" if path.exists() else "none"

    return {
        "claims index pages": str(len([p for p in index if p.exists()])),
        "largest claims index page": f"{kb(largest)} ({largest.relative_to(site).parent}/)",
        "largest sources index page": kb(
            max(
                [site / "sources/index.html", *(site / "sources/year").rglob("index.html")],
                key=lambda p: p.stat().st_size if p.exists() else 0,
            )
        ),
        "claims-filters.css": kb(site / "assets/factcheck/claims-filters.css"),
        "search page": kb(site / "search/index.html"),
        "sitemap.xml (what Material fetches)": kb(site / "sitemap.xml"),
        "Pagefind's metadata (pf_meta)": f"{meta / 1024:,.1f} KB",
        "the same, of the older records": f"{older / 1024:,.1f} KB",
    }


def chromium(site: Path) -> dict[str, str]:
    """Bytes received (headers included): a claim page's first visit with an empty cache; a
    first search, as the search page's document and every byte the query then fetches (the
    theme's script and style sheet are the first visit's, cached by then)."""
    rows = {name: (search, total) for name, search, total, _ in measure_in_chromium(site, "x y z")}
    claim = rows["claim page, first visit"][1]
    query = rows["query: a claimant's name ('Person 42')"][1]
    document = (site / "search/index.html").stat().st_size
    return {
        "claim page, first visit": f"{claim / 1024:,.1f} KB",
        "search: the page's document": f"{document / 1024:,.1f} KB",
        "search: the query 'Person 42'": f"{query / 1024:,.1f} KB",
        "first search (document + query)": f"{(document + query) / 1024:,.1f} KB",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--before", default=BEFORE, help="the code to compare with ('' for none)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-chromium", action="store_true")
    args = parser.parse_args()
    sites = {"now": (scaled_site(args.claims, "now"), PROJECT)}
    if args.before:
        sites["before"] = (scaled_site(args.claims, "before"), checkout(args.before))
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in sites}
    for _ in range(args.runs):  # alternately, so that a slow spell hits both
        for name, (root, code) in sites.items():
            times[name].append(build(root, code))
            print(
                f"{name}: built in {times[name][-1][0]:.1f} s, peak {times[name][-1][1]:,.0f} MB",
                flush=True,
            )
    sources = len(list((sites["now"][0] / "sources").glob("*.yml")))
    print(f"\nsite: {args.claims:,} claims, {sources:,} sources")
    table: dict[str, dict[str, str]] = {}
    for name, (root, _) in sites.items():
        best = min(times[name])
        table[name] = {
            "build (best)": f"{best[0]:.1f} s",
            "peak memory": f"{max(m for _, m in times[name]):,.0f} MB",
            **weights(root / "site"),
            **({} if args.no_chromium else chromium(root / "site")),
        }
    names = list(table)
    print(f"{'':40}" + "".join(f"{n:>28}" for n in names))
    for key in table["now"]:
        print(f"{key:40}" + "".join(f"{table[n].get(key, ''):>28}" for n in names))
    if "before" in times:
        ratio = min(times["now"])[0] / min(times["before"])[0]
        print(f"\nbuild time, now / before: {ratio:.2f}")


if __name__ == "__main__":
    main()
