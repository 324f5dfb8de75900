"""Benchmark of `mkdocs build` with the plugin against plain MkDocs + Material (not a test).

Targets (issue 3): our build takes at most 1.3 times the plain build at the same page count, and
time grows linearly (5,000 claims take at most 5.5 times 1,000).

For each size it generates the synthetic site of `bench_check.py` (claims, one source per ten
claims, claimants) and two plain sites with the same number of Markdown pages, the same theme,
search and navigation (generated pages kept out of it in all three): one whose pages carry the
same visible text as ours, and one of shorter pages (a claim file's or a source's text). Each
build runs as a fresh process pinned to one core.

Builds of the two sites alternate, and the best of `--runs` is taken for each: on this shared
machine single runs vary by 15 %.

    python benchmarks/bench_build.py [--sizes 1000 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from bs4 import BeautifulSoup
from common import NAV, OUT, THEME, measured, our_site, run_on_one_core


def plain_site(ours: Path, pages: int, *, same_text: bool) -> Path:
    """As many plain Markdown pages as our build makes.

    With `same_text`, each page carries the visible text of one of our generated pages (title,
    paragraphs, the quoted words and their context), so both builds handle the same text; else
    a page holds a claim file's or a source's text, which is about a quarter as much.
    """
    root = OUT / f"build-plain-{'same' if same_text else 'short'}-{ours.name.rsplit('-', 1)[1]}"
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
    bodies = _same_text(ours) if same_text else _short_text(ours)
    for i in range(pages - 6):
        body = bodies[i % len(bodies)]
        (docs / "pages" / f"p{i:05d}.md").write_text(f"# Page {i}\n\n{body}\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(f"site_name: Bench\n{THEME}{NAV}not_in_nav: |\n  /pages/\n")
    return root


def _same_text(ours: Path) -> list[str]:
    bodies = []
    for html in sorted((ours / "site").glob("*/*/index.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        content = soup.select_one("article.md-content__inner")
        if content is None or html.parent.parent.name not in ("claims", "sources", "claimants"):
            continue
        blocks = [b.get_text(" ", strip=True) for b in content.find_all(["p", "li", "dd", "h2"])]
        bodies.append("\n\n".join(b.replace("*", "").replace("_", "") for b in blocks if b))
    return bodies


def _short_text(ours: Path) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ours / "sources").glob("*.txt"))]
    claims = [
        p.read_text(encoding="utf-8").replace("\n", "\n\n")
        for p in sorted((ours / "claims").glob("*.yml"))
    ]
    return texts + claims


ALL_CORES = False  # --all-cores: every build may use every core (ours renders on all of them)


def build(root: Path) -> tuple[float, int]:
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", "site"]
    started = time.perf_counter()
    if ALL_CORES:
        seconds, _, done = measured(command, root)
    else:
        done = run_on_one_core(command, root, NO_MKDOCS_2_WARNING="1")
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build of {root} failed:\n{done.stderr}")
    return seconds, sum(1 for _ in (root / "site").rglob("*.html"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--all-cores", action="store_true", help="builds not pinned to one core")
    args = parser.parse_args()
    global ALL_CORES
    ALL_CORES = args.all_cores
    ours_times: dict[int, float] = {}
    for size in args.sizes:
        ours = our_site(size)
        ours_runs = [build(ours)[0]]
        pages = sum(1 for _ in (ours / "site").rglob("*.html"))
        plains = {
            kind: plain_site(ours, pages - 1, same_text=kind == "same text")  # + 404.html
            for kind in ("same text", "short pages")
        }
        plain_runs: dict[str, list[float]] = {kind: [] for kind in plains}
        for run in range(args.runs):  # alternate, so that a slow spell hits every site
            if run:
                ours_runs.append(build(ours)[0])
            for kind, root in plains.items():
                plain_runs[kind].append(build(root)[0])
        ours_times[size] = min(ours_runs)
        print(
            f"{size} claims, {pages} pages: ours {min(ours_runs):.1f} s "
            f"(runs {', '.join(f'{t:.1f}' for t in ours_runs)})"
        )
        for kind, runs in plain_runs.items():
            print(
                f"  plain, {kind}: {min(runs):.1f} s (runs {', '.join(f'{t:.1f}' for t in runs)})"
                f" -> ratio {min(ours_runs) / min(runs):.2f} (target <= 1.3)"
            )
    if len(ours_times) >= 2:
        small, large = min(ours_times), max(ours_times)
        print(
            f"growth {small} -> {large} claims: {ours_times[large] / ours_times[small]:.2f} x "
            f"(target <= {1.1 * large / small:.1f} x)"
        )


if __name__ == "__main__":
    main()
