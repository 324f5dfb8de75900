"""What share cards cost a build (issue 31; a benchmark, not a test).

On the site of bench_scale.py (10,000 claims, a `site_url`), `mkdocs build` runs as a fresh
process on every core, three ways, alternately, each run after one claim's words changed:

- without cards (`social_cards: false`);
- cold: with cards, none in the cache (the cache's cards folder removed, the check's own
  cache file kept, as for the other two);
- warm: with cards, the cache holding the last run's (one card to draw: the changed claim's).

Targets: cold at most 2 times the build without cards, warm at most 1.1 times; each card at
most 200 KB.

    python benchmarks/bench_cards.py [--claims 10000] [--runs 2]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
from pathlib import Path

from common import OUT, measured, scaled_site

CHANGED = "c00146"


def change(root: Path, n: int) -> None:
    """A new wording of one claim, so that its card (and only it) must be drawn again."""
    path = root / "claims" / f"{CHANGED}.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"(?m)^claim: (Run \d+, )?", f"claim: Run {n}, ", text, count=1), encoding="utf-8"
    )


def build(root: Path, config: str, cache: Path) -> tuple[float, float, str]:
    seconds, peak, done = measured(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config],
        root,
        FACTCHECK_CACHE=str(cache),
    )
    if done.returncode != 0:
        raise SystemExit(f"the build failed:\n{done.stderr[-3000:]}")
    return seconds, peak, done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    root = scaled_site(args.claims, "cards")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "without.yml").write_text(
        config.replace("  - factcheck\n", "  - factcheck:\n      social_cards: false\n"),
        encoding="utf-8",
    )
    cache = OUT / "cards-cache"
    shutil.rmtree(cache, ignore_errors=True)
    build(root, "mkdocs.yml", cache)  # the check's cache, and the cards, warmed once
    times: dict[str, list[float]] = {"without": [], "cold": [], "warm": []}
    peaks: dict[str, list[float]] = {"without": [], "cold": [], "warm": []}
    n = 0
    for run in range(args.runs):
        for kind in ("without", "cold", "warm"):
            n += 1
            change(root, n)
            if kind == "cold":
                shutil.rmtree(cache / "cards", ignore_errors=True)
            seconds, peak, _ = build(
                root, "without.yml" if kind == "without" else "mkdocs.yml", cache
            )
            times[kind].append(seconds)
            peaks[kind].append(peak)
            print(f"run {run + 1} {kind}: {seconds:.1f} s, peak {peak:.0f} MB", flush=True)
    cards = sorted((root / "site/claims").glob("*/card.png"))
    sizes = [p.stat().st_size for p in cards]
    best = {kind: min(values) for kind, values in times.items()}
    print()
    print(f"{args.claims:,} claims, {args.runs} runs each, best run:")
    for kind in times:
        ratio = best[kind] / best["without"]
        print(
            f"  {kind:8} {best[kind]:6.1f} s  ratio {ratio:.2f}  "
            f"(runs: {', '.join(f'{t:.1f}' for t in times[kind])}; peak {max(peaks[kind]):.0f} MB)"
        )
    side = {
        kind: statistics.median(a / b for a, b in zip(times[kind], times["without"], strict=True))
        for kind in ("cold", "warm")
    }
    print(f"  ratios of runs made side by side: cold {side['cold']:.2f}, warm {side['warm']:.2f}")
    print(
        f"  cards: {len(cards):,}, largest {max(sizes) / 1000:.1f} KB, "
        f"mean {statistics.mean(sizes) / 1000:.1f} KB, all {sum(sizes) / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
