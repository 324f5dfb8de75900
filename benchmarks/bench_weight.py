"""Weight of a claim page's first visit, counted in Chromium (issue 13; not a test).

It builds the example site, serves it on 127.0.0.1 (uncompressed, as Python's `http.server`
sends files) and opens each claim page in a fresh browser context (nothing cached), counting
every byte received, headers included, and among them the generator's own style sheet and
script. Targets: at most 400 KB a first visit, at most 20 KB of the generator's CSS and JS.

    python benchmarks/bench_weight.py
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def build() -> Path:
    root = Path(tempfile.mkdtemp(prefix="bench-weight-"))
    shutil.copy(PROJECT / "mkdocs.yml", root)
    for folder in ("docs", "claims", "sources"):
        shutil.copytree(PROJECT / folder, root / folder)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=root,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        check=True,
    )
    return root / "site"


def main() -> None:
    site = build()
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None  # type: ignore[method-assign]
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    claims = sorted(p.parent.name for p in (site / "claims").glob("*/index.html"))
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for claim in claims:
            context = browser.new_context()
            page = context.new_page()
            total = ours = 0
            parts: dict[str, int] = {}

            def count(request: Any, parts: dict[str, int] = parts) -> None:
                nonlocal total, ours
                sizes = request.sizes()
                size = max(sizes["responseBodySize"], 0) + max(sizes["responseHeadersSize"], 0)
                total += size
                name = request.url.replace(base, "/")
                parts[name] = parts.get(name, 0) + size
                if "/assets/factcheck/" in request.url:
                    ours += size

            page.on("requestfinished", count)
            page.goto(f"{base}claims/{claim}/")
            page.wait_for_load_state("networkidle")
            rows.append((claim, total, ours, parts))
            context.close()
        browser.close()
    server.shutdown()
    print(f"{'claim page, first visit':52} {'total':>10} {'ours (CSS+JS)':>14}")
    for claim, total, ours, _ in rows:
        print(f"{claim:52} {total / 1024:8.1f} KB {ours / 1024:11.1f} KB")
    heaviest = max(rows, key=lambda row: row[1])
    print(f"\nheaviest: {heaviest[0]}; its parts:")
    for name, size in sorted(heaviest[3].items(), key=lambda item: -item[1]):
        print(f"  {size / 1024:8.1f} KB {name}")
    shutil.rmtree(site.parent)


if __name__ == "__main__":
    main()
