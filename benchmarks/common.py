"""What the benchmarks share: the synthetic sites they build, how a command is timed and its
memory measured, another commit's code to compare with, and the readers' measurements in
Chromium (a search, a preview's save). Each benchmark is a script of its own that imports from
here; none imports another.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
OUT = PROJECT / "benchmarks" / "out"
CHROMIUM = "/usr/bin/chromium"

#: PolitiFact's Truth-O-Meter and Flip-O-Meter (the CheckThat! rulings' `truth_label`): each
#: ruling's label and its rating, higher is better.
POLITIFACT_RULINGS = {
    "true": ("True", 6),
    "mostly-true": ("Mostly True", 5),
    "half-true": ("Half True", 4),
    "barely-true": ("Mostly False", 3),
    "false": ("False", 2),
    "pants-fire": ("Pants on Fire", 1),
    "no-flip": ("No Flip", 3),
    "half-flip": ("Half Flip", 2),
    "full-flop": ("Full Flop", 1),
}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def politifact_said(record: dict[str, Any]) -> tuple[str | None, str]:
    """When and where a ruling's claim was said, from PolitiFact's "stated on October 22, 2019
    in a campaign mailer:": the date (YYYY-MM-DD) or None, and the medium."""
    said = re.match(r"stated on (\w+) (\d+), (\d{4}) in (.*?)[.:]*$", record["date"].strip())
    if not said:
        return None, "an unknown place"
    month, day, year, medium = said.groups()
    return f"{year}-{month_number(month):02d}-{int(day):02d}", medium


def month_number(name: str) -> int:
    """1 to 12 for a month's English name or its first three letters (January when unknown)."""
    short = name[:3].lower()
    return _MONTHS.index(short) + 1 if short in _MONTHS else 1


def _vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choices(letters, k=rng.randint(2, 10))) for _ in range(size)]


def _paragraphs(rng: random.Random, words: list[str], n_words: int) -> list[list[str]]:
    out: list[list[str]] = []
    left = n_words
    while left > 0:
        size = min(left, rng.randint(40, 120))
        paragraph = rng.choices(words, k=size)
        if rng.random() < 0.5:  # a quotation in curly quotes, and a dash
            i = rng.randrange(size)
            paragraph[i] = "\u201c" + paragraph[i]
            paragraph[min(size - 1, i + 8)] += "\u201d"
            paragraph[rng.randrange(size)] += " \u2014"
        out.append(paragraph)
        left -= size
    return out


def generate(root: Path, n_claims: int, n_sources: int, seed: int = 7) -> int:
    """Write the synthetic site; returns the number of bytes of snapshot text."""
    rng = random.Random(seed)
    words = _vocabulary(rng)
    if root.exists():
        shutil.rmtree(root)
    (root / "claims").mkdir(parents=True)
    (root / "sources").mkdir(parents=True)
    originals: list[tuple[str, list[str], list[str]]] = []  # id, original words, copy words
    total = 0
    for pair in range(n_sources // 2):
        flat = [w for p in _paragraphs(rng, words, 780) for w in (*p, "\n\n")]
        copy = [rng.choice(words) if w != "\n\n" and i % 7 == 3 else w for i, w in enumerate(flat)]
        for suffix, body in (("o", flat), ("c", copy)):
            text = " ".join(body).replace(" \n\n ", "\n\n")
            total += len(text.encode())
            (root / "sources" / f"s{pair:04d}{suffix}.txt").write_text(text, encoding="utf-8")
            (root / "sources" / f"s{pair:04d}{suffix}.yml").write_text(
                f'title: "Synthetic source {pair} ({suffix})"\npublisher: Bench\n'
                f"published: 2023-01-{1 + pair % 28:02d}\nsnapshot: s{pair:04d}{suffix}.txt\n"
                + (
                    f"derived_from:\n  - source: s{pair:04d}o\n    relation: reworded\n"
                    if suffix == "c"
                    else ""
                ),
                encoding="utf-8",
            )
        originals.append((f"s{pair:04d}", flat, copy))
    for n in range(n_claims):
        sid, flat, copy = originals[n % len(originals)]
        text = " ".join(flat).replace(" \n\n ", "\n\n")
        while True:
            i = rng.randrange(len(flat) - 12)
            window = flat[i : i + 12]
            if "\n\n" not in window:
                break
        quote = " ".join(window)
        start = text.find(quote)
        (root / "claims" / f"c{n:05d}.yml").write_text(
            f"title: Synthetic claim {n}\n"
            f"claim: Somebody said {n}.\n"
            f"claimant: Person {n % 300}\n"
            "verdict: accurate\n"
            "summary: A synthetic claim for the benchmark.\n"
            "tags: [bench]\n"
            "quotes:\n"
            f"  - text: {json.dumps(quote, ensure_ascii=False)}\n"
            "    spans:\n"
            f"      - source: {sid}o\n"
            f"      - source: {sid}c\n"
            f"        exact: {json.dumps(' '.join(copy[i : i + 12]), ensure_ascii=False)}\n"
            f"      - source: {sid}o\n"
            f"        start: {start}\n",
            encoding="utf-8",
        )
    return total


def run_on_one_core(args: list[str], root: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a command of this project as a fresh process pinned to one core."""
    return subprocess.run(
        args,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(PROJECT), **env},
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}),
    )


def measured(
    args: list[str], cwd: Path, **env: str
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall seconds and peak resident memory (MB) of one run of a command as a fresh process
    on every core (its peak, and its children's, measured by a small parent of its own)."""
    wrapper = (
        "import resource, subprocess, sys; "
        "done = subprocess.run(sys.argv[1:]); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
        "sys.exit(done.returncode)"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(PROJECT), "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    lines = done.stderr.strip().splitlines()
    peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
    return seconds, peak, done


THEME = """
theme:
  name: material
  font: false
plugins:
  - search
"""


NAV = """
nav:
  - Home: index.md
  - Claims: claims/index.md
  - Sources: sources/index.md
  - Claimants: claimants/index.md
  - Rating scale: ratings.md
  - Corrections: corrections.md
"""


def our_site(n_claims: int) -> Path:
    root = OUT / f"build-ours-{n_claims}"
    generate(root, n_claims, max(2, n_claims // 10))
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Home\n\n{{ factcheck.claims }} claims.\n")
    # Our site searches with its own Pagefind index; the plain sites with Material's search.
    (root / "mkdocs.yml").write_text(
        f"site_name: Bench\n{THEME.replace('  - search', '  - factcheck')}{NAV}"
    )
    return root


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


def scaled_site(claims: int, name: str) -> Path:
    base = varied_site(claims)
    root = OUT / f"scale-{name}-{claims}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(base, root, ignore=shutil.ignore_patterns("site"))
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace(
            "site_name: Bench\n", "site_name: Bench\nsite_url: https://bench.example.org/\n"
        ),
        encoding="utf-8",
    )
    return root


CLAIM = "c00146"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(
    root: Path, command: list[str], log: Path, code: Path = PROJECT
) -> subprocess.Popen[bytes]:
    """The server (of the generator at `code`), pinned to the first core; the browser and
    this script use the others."""
    first = min(os.sched_getaffinity(0))
    return subprocess.Popen(
        command,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1"},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        preexec_fn=lambda: os.sched_setaffinity(0, {first}),
    )


def wait_served(url: str, text: str, seconds: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8"):
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{url} did not show {text!r} within {seconds:.0f} s")


def saves(tab: Page, claim: Path, original: str, count: int, timeout: float) -> list[float]:
    """Save the claim `count` times (retitled, broken, fixed, ...) and time each reload."""
    times: list[float] = []
    for n in range(count):
        kind = ("title", "break", "fix")[n % 3]
        if kind == "break":
            text = original.replace("verdict: ", "verdict: x", 1)
            selector = f"h1[data-problems='claim:{CLAIM}']"
            expected = None
        else:
            expected = f"Edited {n}"
            text = re.sub(r"^title: .*$", f"title: {expected}", original, count=1, flags=re.M)
            selector = "h1#claim-title"
        time.sleep(0.6)  # a new modification time, and the poll of the last save is over
        started = time.perf_counter()
        claim.write_text(text, encoding="utf-8")
        if expected is None:
            tab.wait_for_selector(selector, timeout=timeout * 1000)
        else:
            tab.wait_for_function(
                "t => { const h = document.querySelector('h1#claim-title');"
                " return h !== null && h.textContent === t; }",
                arg=expected,
                timeout=timeout * 1000,
                polling=20,
            )
        times.append(time.perf_counter() - started)
        print(f"  save {n + 1} ({kind}): {times[-1]:.2f} s", flush=True)
    claim.write_text(original, encoding="utf-8")
    return times


def run(
    label: str,
    root: Path,
    command: list[str],
    count: int,
    ready: float,
    timeout: float,
    code: Path = PROJECT,
) -> list[float]:
    """Time `count` saves in the server `command` (of the generator at `code`); the rebuild
    times the server logged."""
    claim = root / "claims" / f"{CLAIM}.yml"
    original = claim.read_text(encoding="utf-8")
    log = OUT / f"preview-{label}.log"
    port = free_port()
    server = start(root, [*command, "--dev-addr", f"127.0.0.1:{port}"], log, code)
    try:
        url = f"http://127.0.0.1:{port}/claims/{CLAIM}/"
        startup = wait_served(url, f'data-claim="{CLAIM}"', ready)
        print(f"{label}: first page served {startup:.1f} s after starting", flush=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            tab = browser.new_page()
            tab.goto(url)
            times = saves(tab, claim, original, count, timeout)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
        claim.write_text(original, encoding="utf-8")
    built = [
        float(s) for s in re.findall(r"Documentation built in ([\d.]+) seconds", log.read_text())
    ]
    print(
        f"{label}: save to reloaded page, {len(times)} saves: "
        f"median {statistics.median(times):.2f} s, "
        f"best {min(times):.2f} s, worst {max(times):.2f} s; "
        f"builds logged: {', '.join(f'{b:.2f}' for b in built)} s",
        flush=True,
    )
    return built
