"""The editor's loop at 10,000 claims and 1,000 sources, timed in Chromium (issue 14; not a test).

On the synthetic site of `bench_search.py` it starts a server pinned to one core (Chromium gets
the other), opens a claim's page, and saves the claim file again and again: each save changes
the title, or breaks the verdict, or fixes it. For each save it measures the time from the
file's write to the open page showing the new title or the problem page, which MkDocs' live
reload brings without touching the browser. It does so for

1. `python -m generator preview claims/<id>.yml` (target: at most 2 s), and
2. `mkdocs serve` of the whole site (what the preview replaces), for fewer saves,

and prints the startup time, each save's time, the median and the worst, and the rebuild times
the server logs ("Documentation built in ...").

    python benchmarks/bench_preview.py [--claims 10000] [--saves 12] [--serve-saves 2]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench_check import OUT
from bench_search import varied_site
from playwright.sync_api import Page, sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=12)
    parser.add_argument("--serve-saves", type=int, default=2, help="0: skip mkdocs serve")
    args = parser.parse_args()
    root = varied_site(args.claims)
    print(
        f"site: {args.claims} claims, "
        f"{len(list((root / 'sources').glob('*.yml')))} sources, "
        f"on {len(os.sched_getaffinity(0))} cores (the server pinned to one)",
        flush=True,
    )
    preview = [sys.executable, "-m", "generator", "preview", f"claims/{CLAIM}.yml"]
    run("preview", root, preview, args.saves, ready=120, timeout=60)
    if args.serve_saves:
        serve = [sys.executable, "-m", "mkdocs", "serve"]
        run("serve", root, serve, args.serve_saves, ready=900, timeout=900)


if __name__ == "__main__":
    main()
