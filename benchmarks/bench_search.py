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
import functools
import http.server
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench_build import our_site
from bench_check import OUT, run_on_one_core
from playwright.sync_api import Page, sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
BEFORE = "528b087"  # main before issue 12: Material's search
VERDICTS = ("accurate", "mostly-accurate", "misleading", "misquoted", "false", "unverifiable")
TAGS = ("nato", "china", "economy", "health", "elections", "climate", "energy", "migration")


def varied_site(claims: int) -> Path:
    """The synthetic site, with verdicts, years and tags spread over its claims."""
    base = our_site(claims)
    root = OUT / f"search-{claims}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(base, root, ignore=shutil.ignore_patterns("site"))
    for n, path in enumerate(sorted((root / "claims").glob("*.yml"))):
        text = path.read_text(encoding="utf-8")
        tags = f"[{TAGS[n % len(TAGS)]}, {TAGS[(n * 7 + 3) % len(TAGS)]}]"
        text = text.replace("verdict: accurate\n", f"verdict: {VERDICTS[n % len(VERDICTS)]}\n")
        text = text.replace(
            "tags: [bench]\n", f"tags: {tags}\ndate: {2015 + n % 10}-0{1 + n % 9}-1{n % 10}\n"
        )
        path.write_text(text, encoding="utf-8")
    return root


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


def checkout(rev: str) -> Path:
    """The code of `rev` in a worktree of its own (with the vendored assets it may need)."""
    code = OUT / f"code-{rev}"
    if not code.exists():
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(code), rev], cwd=PROJECT, check=True
        )
    mermaid = "generator/assets/vendor/mermaid.min.js"
    if f"MERMAID := {mermaid}" in (code / "Makefile").read_text() and not (code / mermaid).exists():
        # code from before issue 13 served Mermaid, which its Makefile fetched with npm
        subprocess.run(["make", "-C", str(code), mermaid], check=True)
    return code


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


class Counter:
    """Bytes received by one page, split into search and everything."""

    def __init__(self, page: Page, base: str) -> None:
        self.search = 0
        self.total = 0
        self.files: list[tuple[int, str]] = []
        self.base = base
        page.on("requestfinished", self._count)

    def _count(self, request: Any) -> None:
        sizes = request.sizes()
        size = max(sizes["responseBodySize"], 0) + max(sizes["responseHeadersSize"], 0)
        self.total += size
        if "/pagefind/" in request.url:
            self.search += size
            self.files.append((size, request.url.replace(self.base, "/")))

    def reset(self) -> None:
        self.search = self.total = 0
        self.files = []


def wait_for_results(page: Page) -> None:
    page.wait_for_function(
        "() => /\\d+ claim/.test(document.querySelector('[data-fc-status]').textContent)",
        timeout=60_000,
    )
    page.wait_for_load_state("networkidle")


def measure_in_chromium(site: Path, quote_words: str) -> list[tuple[str, int, int, int]]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows: list[tuple[str, int, int, int]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])

        def visit(name: str, address: str, query: str | None, facet: str | None = None) -> None:
            context = browser.new_context()
            page = context.new_page()
            counter = Counter(page, base)
            page.goto(base + address)
            page.wait_for_load_state("networkidle")
            if query is not None:
                counter.reset()  # the query's own bytes: the page itself was loaded above
                if facet:
                    page.locator("[data-fc-facets] summary").click()
                    page.locator(f"input[type=checkbox][value={facet!r}]").check()
                page.locator("#fc-q").press_sequentially(query, delay=60)
                page.wait_for_timeout(400)
                wait_for_results(page)
                shown = page.locator(".fc-result").count()
            else:
                shown = 0
            rows.append((name, counter.search, counter.total, shown))
            context.close()

        visit("claim page, first visit", "claims/c00042/", None)
        visit("search page, before typing", "search/", None)
        visit("query: a claimant's name ('Person 42')", "search/", "Person 42")
        visit(f"query: words of a quote ('{quote_words}')", "search/", quote_words)
        visit("query: 'synthetic' with the facet Misquoted", "search/", "synthetic", "Misquoted")
        browser.close()
    server.shutdown()
    return rows


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
