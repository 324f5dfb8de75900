"""Benchmark of `python -m generator check` on a synthetic site (not part of the test run).

Target (issue 2): 10,000 claims with 30,000 spans over 1,000 sources (about 5 MB of text) in
under 5 s on one core, memory under 1 GB; `check claims/one.yml` in under 0.5 s at that size.

The site is made of pairs of sources: an original of random words (with curly quotes, dashes
and paragraphs) and a copy in which every seventh word was replaced, like the example's
reworded copy. Each claim quotes a 12-word window of an original, and gives three spans: the
original (exact defaults to the quote), the copy (its own words, often altered) and the
original again with a `start` hint. Every run is pinned to one core.

    python benchmarks/bench_check.py [--claims 10000] [--sources 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
OUT = PROJECT / "benchmarks" / "out"


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


def timed_check(root: Path, *paths: str) -> tuple[float, float, dict[str, object]]:
    """Wall seconds and peak resident memory (MiB) of one `check --json` run on one core."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = run_on_one_core([sys.executable, "-m", "generator", "check", "--json", *paths], root)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = json.loads(done.stdout)
    return seconds, max(peak, before) / 1024, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--sources", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = OUT / f"site-{args.claims}"
    started = time.perf_counter()
    size = generate(root, args.claims, args.sources)
    print(
        f"generated {args.claims} claims, {args.sources} sources, {size / 1e6:.1f} MB of text "
        f"in {time.perf_counter() - started:.1f} s"
    )
    full = [timed_check(root) for _ in range(args.runs)]
    one = [timed_check(root, "claims/c00001.yml") for _ in range(args.runs)]
    result = full[0][2]
    fidelities: dict[str, int] = {}
    for span in result["resolved"]:  # type: ignore[union-attr]
        fidelities[span["fidelity"]] = fidelities.get(span["fidelity"], 0) + 1
    print(
        f"check (whole site): {result['claims']} claims, {result['spans']} spans, "
        f"{len(result['problems'])} problems, fidelities {fidelities}"
    )  # type: ignore[arg-type]
    print(
        f"  wall time, one core: median {statistics.median(t for t, _, _ in full):.2f} s, "
        f"best {min(t for t, _, _ in full):.2f} s (target < 5 s)"
    )
    print(f"  peak memory: {max(m for _, m, _ in full):.0f} MiB (target < 1024 MiB)")
    print(
        f"check claims/c00001.yml: median {statistics.median(t for t, _, _ in one):.3f} s, "
        f"best {min(t for t, _, _ in one):.3f} s (target < 0.5 s)"
    )


if __name__ == "__main__":
    main()
