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
import sys
from pathlib import Path

from common import CLAIM, run, varied_site

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


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
