"""Benchmark of `mkdocs build` with the plugin against plain MkDocs + Material (not a test).

Targets (issue 3): our build takes at most 1.3 times the plain build at the same page count, and
time grows linearly (5,000 claims take at most 5.5 times 1,000).

For each size it generates the synthetic site of `bench_check.py` (claims, one source per ten
claims, claimants) and a plain site with the same number of Markdown pages carrying the same
text (a page per claim with its quote and summary, a page per source with the source's whole
text), with the same theme, search and navigation (generated pages kept out of it in both).
Each build runs as a fresh process pinned to one core.

    python benchmarks/bench_build.py [--sizes 1000 5000] [--runs 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench_check import OUT, PROJECT, generate

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
    (root / "mkdocs.yml").write_text(f"site_name: Bench\n{THEME}  - factcheck\n{NAV}")
    return root


def plain_site(ours: Path, pages: int) -> Path:
    """As many plain pages as our build makes, with the same text."""
    root = OUT / f"build-plain-{ours.name.rsplit('-', 1)[1]}"
    if root.exists():
        shutil.rmtree(root)
    docs = root / "docs"
    (docs / "pages").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n")
    for name in ("claims", "sources", "claimants"):
        (docs / name).mkdir()
        (docs / name / "index.md").write_text(f"# {name.title()}\n")
    (docs / "ratings.md").write_text("# Rating scale\n")
    (docs / "corrections.md").write_text("# Corrections\n")
    texts = [p.read_text(encoding="utf-8") for p in sorted((ours / "sources").glob("*.txt"))]
    claims = sorted((ours / "claims").glob("*.yml"))
    made = 6
    for i in range(pages - made):
        if i < len(texts):
            body = texts[i]
        else:
            body = claims[i % len(claims)].read_text(encoding="utf-8").replace("\n", "\n\n")
        (docs / "pages" / f"p{i:05d}.md").write_text(f"# Page {i}\n\n{body}\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(f"site_name: Bench\n{THEME}{NAV}not_in_nav: |\n  /pages/\n")
    return root


def build(root: Path) -> tuple[float, int]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(PROJECT)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", "site"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}),
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build of {root} failed:\n{done.stderr}")
    return seconds, sum(1 for _ in (root / "site").rglob("*.html"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    args = parser.parse_args()
    ours_times: dict[int, float] = {}
    for size in args.sizes:
        ours = our_site(size)
        ours_seconds, pages = build(ours)
        plain = plain_site(ours, pages - 1)  # plain sites also get a 404.html
        plain_seconds, plain_pages = build(plain)
        ours_times[size] = ours_seconds
        print(
            f"{size} claims: ours {ours_seconds:.1f} s for {pages} pages, plain "
            f"{plain_seconds:.1f} s for {plain_pages} pages: ratio "
            f"{ours_seconds / plain_seconds:.2f} (target <= 1.3)"
        )
    if len(ours_times) >= 2:
        small, large = min(ours_times), max(ours_times)
        print(
            f"growth {small} -> {large} claims: {ours_times[large] / ours_times[small]:.2f} x "
            f"(target <= {1.1 * large / small:.1f} x)"
        )


if __name__ == "__main__":
    main()
