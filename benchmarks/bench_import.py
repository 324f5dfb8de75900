"""A newsroom's archive imported, and what comparing claims costs a build (issue 32; a
benchmark, not a test).

1. `import`: the 19,250 PolitiFact rulings of CLEF CheckThat! 2022 task 2B, written as the
   schema.org DataFeed of ClaimReview records a newsroom publishes (its address, headline, date,
   the claim, who said it and when, the Truth-O-Meter's label), imported into a new site with
   the default scale (so every ruling's label is added to `ratings.yml`), then imported again
   (nothing to write), then `check`ed. Target: the import in under a minute.
2. `similar TEXT` on that site, as an editor runs it: the first run builds the index and keeps
   it in the cache, the next ones read it. Target: at most a second a query once built.
3. A build of the 10,000-claim site of bench_scale.py, with and without its claims compared for
   their related fact-checks (without: `similar_claims` replaced by nothing, in the same
   process), alternately, each after one claim's words changed (the index of the others kept
   in the cache; the comparison itself is made again). Target: at most 10 % more.

The rulings are in a public copy of the lab's data (bench_similar.py says where):

    make bench-import PF=ct2b/subtask_2b/data/politifact-vclaims
    python benchmarks/bench_import.py --politifact DIR [--claims 10000] [--runs 2]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
from pathlib import Path

from common import (
    OUT,
    POLITIFACT_RULINGS,
    measured,
    month_number,
    politifact_said,
    scaled_site,
)

WITHOUT = (
    "import sys, runpy; import generator.check as c; "
    "c.similar_claims = lambda root, claims: {k: [] for k in claims}; "
    "sys.argv = ['mkdocs', 'build', '-q']; runpy.run_module('mkdocs', run_name='__main__')"
)


def feed(folder: Path) -> dict[str, object]:
    """The rulings as a DataFeed of ClaimReview records."""
    items = []
    for path in sorted(folder.glob("vclaim-pol-*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        url = record["url"]
        published = re.search(r"/(\d{4})/(\w{3})/(\d{2})/", url)
        said, _ = politifact_said(record)
        label, rating = POLITIFACT_RULINGS.get(record["truth_label"], (record["truth_label"], 3))
        item: dict[str, object] = {"@type": "Claim", "author": {"name": record.get("speaker")}}
        if said:
            item["datePublished"] = said
        review: dict[str, object] = {
            "@type": "ClaimReview",
            "url": "https://www.politifact.com" + url,
            "headline": record.get("title") or "",
            "claimReviewed": record["vclaim"],
            "author": {"@type": "Organization", "name": "PolitiFact"},
            "reviewRating": {
                "@type": "Rating",
                "alternateName": label,
                "ratingValue": rating,
                "worstRating": 1,
                "bestRating": 6,
            },
            "reviewBody": " ".join((record.get("text") or "").split("Our ruling")[-1].split()[:60]),
            "itemReviewed": item,
        }
        if published:
            year, month, day = published.groups()
            review["datePublished"] = f"{year}-{month_number(month):02d}-{day}"
        items.append({"@type": "DataFeedItem", "item": review})
    return {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": items}


def run(args: list[str], root: Path, cache: Path) -> tuple[float, float, str]:
    seconds, peak, done = measured(
        [sys.executable, *args], root, FACTCHECK_CACHE=str(cache), NO_MKDOCS_2_WARNING="1"
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"{args} failed:\n{done.stderr[-3000:]}")
    told = done.stderr.rstrip("\n").rsplit("\n", 1)[0] if done.stderr.strip() else ""
    return seconds, peak, done.stdout + told  # (the wrapper's last line is the peak)


def archive(folder: Path) -> None:
    root = OUT / "import-politifact"
    shutil.rmtree(root, ignore_errors=True)
    for name in ("claims", "sources", "docs"):
        (root / name).mkdir(parents=True)
    (root / "docs/index.md").write_text("# Rulings\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Rulings\ntheme:\n  name: material\nplugins:\n  - factcheck\n", "utf-8"
    )
    data = OUT / "politifact-feed.json"
    data.write_text(json.dumps(feed(folder), ensure_ascii=False), encoding="utf-8")
    print(f"the feed: {data.stat().st_size / 1e6:.1f} MB")
    cache = OUT / "import-cache"
    shutil.rmtree(cache, ignore_errors=True)
    cli = ["-m", "generator"]
    for what in ("first", "again"):
        seconds, peak, out = run([*cli, "import", str(data)], root, cache)
        said = [line for line in out.splitlines() if "fact-check(s) read" in line]
        print(f"import ({what}): {seconds:.1f} s, peak {peak:.0f} MB: {said}")
    seconds, peak, out = run([*cli, "check"], root, cache)
    print(f"check: {seconds:.1f} s, peak {peak:.0f} MB: {out.strip().splitlines()[-1]}")
    said = "Says the Democratic candidates support free health care for illegal immigrants."
    for what in ("index built", "index read", "index read"):
        seconds, peak, out = run([*cli, "similar", "--top", "3", said], root, cache)
        print(f"similar ({what}): {seconds:.2f} s, peak {peak:.0f} MB; best: {out.splitlines()[0]}")


def change(root: Path, n: int) -> None:
    path = root / "claims" / "c00146.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"(?m)^claim: (Run \d+, )?", f"claim: Run {n}, ", text, count=1), "utf-8"
    )


def overhead(claims: int, runs: int) -> None:
    root = scaled_site(claims, "similar")
    cache = OUT / "similar-build-cache"
    shutil.rmtree(cache, ignore_errors=True)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - factcheck\n" in config
    (root / "mkdocs.yml").write_text(
        config.replace("  - factcheck\n", "  - factcheck:\n      social_cards: false\n"), "utf-8"
    )
    run(["-m", "mkdocs", "build", "-q"], root, cache)  # the check's cache and the index, warmed
    times: dict[str, list[float]] = {"with": [], "without": []}
    n = 0
    for attempt in range(runs):
        for kind in ("with", "without"):
            n += 1
            change(root, n)
            args = ["-m", "mkdocs", "build", "-q"] if kind == "with" else ["-c", WITHOUT]
            seconds, peak, _ = run(args, root, cache)
            times[kind].append(seconds)
            print(f"run {attempt + 1} {kind} related fact-checks: {seconds:.1f} s, {peak:.0f} MB")
    ratio = statistics.median(times["with"]) / statistics.median(times["without"])
    print(f"build at {claims} claims with related fact-checks / without: {ratio:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--politifact", type=Path, help="the folder of vclaim-pol-*.json")
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    if args.politifact:
        archive(args.politifact)
    overhead(args.claims, args.runs)


if __name__ == "__main__":
    main()
