"""What a reader downloads, against the budgets of issue 28 (a benchmark, not a test).

Two sites are built with this checkout: the synthetic archive of `make bench-scale` (10,000
claims by default) and, when `--politifact DIR` names it, one made of the 19,250 real PolitiFact
rulings of CLEF CheckThat! 2022 task 2B (real titles, claims, speakers and dates; each claim
quotes its own words from a cited-only source for the medium it was said in). Then, in Chromium
with an empty cache, every byte the server sends is counted on the server's side (so that the
search's web worker and WebAssembly are counted like the rest, headers included):

- the generator's own style sheet and script on a claim page (budget 20 KB);
- a first search from a claim page: the claim page is opened, then a word is typed in the
  header's search field and sent; everything until the network is quiet (budget 300 KB), for a
  word of one claim only, a claimant's name, and a common word;
- the largest page of each index: claims, sources, claimants (budget 300 KB each).

    python benchmarks/bench_budgets.py [--claims 10000] [--politifact DIR]

The PolitiFact rulings are in a public copy of the lab's data (SimBa's repository, for one):
fetch it (`fetch github:harel-coffee/CLEFCheckThat2bSimBa-auto`), then
`git -C <its git folder> archive HEAD subtask_2b/data/politifact-vclaims | tar x -C /tmp/pf`
and pass `--politifact /tmp/pf/subtask_2b/data/politifact-vclaims`. The data stays out of the
repository.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from common import OUT, POLITIFACT_RULINGS, measured, politifact_said, scaled_site
from playwright.sync_api import Page, sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def politifact_site(folder: Path) -> Path:
    """A site of every PolitiFact ruling in `folder` (vclaim-pol-*.json)."""
    root = OUT / "budget-politifact"
    shutil.rmtree(root, ignore_errors=True)
    (root / "claims").mkdir(parents=True)
    (root / "sources").mkdir()
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# PolitiFact\n", encoding="utf-8")
    scale = "".join(
        f"        - {{key: {key}, label: {_quoted(label)}, rating: {rating}}}\n"
        for key, (label, rating) in POLITIFACT_RULINGS.items()
    )
    (root / "mkdocs.yml").write_text(
        "site_name: Rulings\nsite_url: https://bench.example.org/\n"
        "theme:\n  name: material\n  font: false\n"
        f"plugins:\n  - factcheck:\n      scale:\n{scale}"
        "nav:\n  - Home: index.md\n  - Claims: claims/index.md\n  - Sources: sources/index.md\n"
        "  - Claimants: claimants/index.md\n",
        encoding="utf-8",
    )
    media: dict[str, str] = {}
    for path in sorted(folder.glob("vclaim-pol-*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        date, medium = politifact_said(record)
        source = media.setdefault(medium, f"medium-{len(media)}")
        claim = " ".join(record["vclaim"].split()) or record["title"]
        ruling = record["text"].split("Our ruling")[-1].split()
        lines = [
            f"title: {_quoted(record['title'] or claim)}",
            f"claim: {_quoted(claim)}",
            f"claimant: {_quoted(record['speaker'] or 'Unknown')}",
            f"verdict: {record['truth_label']}",
            f"summary: {_quoted(' '.join(ruling[:60]))}",
            *([f"date: {date}"] if date else []),
            "quotes:",
            f"  - text: {_quoted(claim)}",
            f"    spans:\n      - source: {source}",
        ]
        name = path.stem.removeprefix("vclaim-pol-")
        (root / "claims" / f"pf-{name}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for medium, source in media.items():
        (root / "sources" / f"{source}.yml").write_text(
            f"title: {_quoted(medium[:1].upper() + medium[1:])}\n", encoding="utf-8"
        )
    return root


def build(root: Path) -> float:
    shutil.rmtree(root / "site", ignore_errors=True)
    seconds, _peak, done = measured([sys.executable, "-m", "mkdocs", "build", "-q"], root)
    if done.returncode != 0:
        raise SystemExit(f"build of {root} failed:\n{done.stderr[-3000:]}")
    return seconds


class _Counted(http.server.SimpleHTTPRequestHandler):
    """Every byte sent, headers included, tallied by the server: workers are counted too."""

    sent: dict[str, int]

    def setup(self) -> None:
        super().setup()
        write = self.wfile.write

        def counted(data: Any) -> int:
            self.sent[self.path] = self.sent.get(self.path, 0) + len(data)
            return write(data)

        self.wfile.write = counted  # type: ignore[method-assign]

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(site: Path) -> Iterator[tuple[str, dict[str, int]]]:
    sent: dict[str, int] = {}
    handler = functools.partial(type("Handler", (_Counted,), {"sent": sent}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", sent
    finally:
        server.shutdown()


def _quiet(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(700)
    page.wait_for_load_state("networkidle")


def first_search(site: Path, claim: str, queries: dict[str, str]) -> dict[str, Any]:
    """Bytes of the claim page's own assets, and of a first search from it for each query."""
    out: dict[str, Any] = {}
    with serving(site) as (base, sent), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, query in queries.items():
            context = browser.new_context()
            page = context.new_page()
            page.goto(base + claim)
            _quiet(page)
            own = sum(size for path, size in sent.items() if "/assets/factcheck/" in path)
            out["generator's CSS and JS on a claim page"] = own
            sent.clear()
            page.locator("#fc-header-q").fill(query)
            page.locator("#fc-header-q").press("Enter")
            page.wait_for_function(
                "() => /\\d/.test(document.querySelector('[data-fc-status]')?.textContent || '')",
                timeout=60_000,
            )
            _quiet(page)
            out[f"first search: {name} ({query!r})"] = sum(sent.values())
            out[f"  of which {name}: files"] = sorted(
                ((size, path) for path, size in sent.items()), reverse=True
            )[:6]
            sent.clear()
            context.close()
        browser.close()
    return out


def largest_pages(site: Path) -> dict[str, str]:
    out = {}
    for index in ("claims", "sources", "claimants"):
        folder = site / index
        pages = [folder / "index.html"]
        for parts in ("year", "initial"):  # the pages an index is cut into
            pages += (folder / parts).rglob("index.html") if (folder / parts).is_dir() else []
        largest = max(pages, key=lambda p: p.stat().st_size)
        out[f"largest {index} index page"] = (
            f"{largest.stat().st_size / 1024:,.1f} KB ({largest.parent.relative_to(site)}/, "
            f"{len(pages)} pages)"
        )
    return out


def report(name: str, site: Path, claim: str, queries: dict[str, str]) -> None:
    print(f"\n{name}")
    for key, value in {**first_search(site, claim, queries), **largest_pages(site)}.items():
        if isinstance(value, int):
            print(f"  {key:58} {value / 1024:8,.1f} KB")
        elif isinstance(value, list):
            print(f"  {key:58} " + ", ".join(f"{p} {s / 1024:.1f}" for s, p in value))
        else:
            print(f"  {key:58} {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--politifact", type=Path, help="a folder of vclaim-pol-*.json")
    parser.add_argument("--no-build", action="store_true", help="measure the last builds")
    args = parser.parse_args()
    synthetic = scaled_site(args.claims, "budget") if not args.no_build else None
    root = synthetic or OUT / f"scale-budget-{args.claims}"
    if synthetic:
        print(f"synthetic site built in {build(root):.1f} s", flush=True)
    quote = (root / "claims/c00042.yml").read_text(encoding="utf-8")
    rare = re.search(r'text: "([^"]+)"', quote).group(1).split()[4]  # type: ignore[union-attr]
    report(
        f"synthetic site, {args.claims:,} claims",
        root / "site",
        "claims/c00042/",
        {"a word of a quote": rare, "a claimant's name": "Person 42", "a common word": "bench"},
    )
    if args.politifact:
        real = politifact_site(args.politifact) if not args.no_build else OUT / "budget-politifact"
        if not args.no_build:
            print(f"\nPolitiFact site built in {build(real):.1f} s", flush=True)
        report(
            f"PolitiFact rulings, {len(list((real / 'claims').glob('*.yml'))):,} claims",
            real / "site",
            "claims/pf-00000/",
            {"a rare word": "VanValkenburg", "a claimant's name": "Biden", "a word": "tax"},
        )


if __name__ == "__main__":
    main()
