"""How well `ingest` reads web pages (issue 21; a benchmark, not a test): the article text on the
181 pages of the public article-extraction benchmark (github.com/scrapinghub/article-extraction-
benchmark), scored with the benchmark's own formula, beside trafilatura run as is; and the
publication date on a labelled set of pages, beside trafilatura's.

Nothing is fetched. The text benchmark is read from `../shared/data/article-extraction-benchmark/`
(or `--pages DIR`): `html/<id>.html.gz` and `ground-truth.json`. The scoring below is the
formula of the benchmark's `evaluate.py` (MIT licence), unchanged: precision and recall over
four-word shingles of `\\w+` tokens, each page's counts normalised so that long pages weigh no
more than short ones, averaged over pages, F1 from the averages.

The date set (`--dates DIR`, skipped when absent) is the MediaCloud 2020 sample of htmldate's
evaluation (github.com/adbar/htmldate, `tests/eval_mediacloud_2020.json` and `tests/test_set/`):
200 news pages from 2020 in some twenty languages, each labelled with its publication date by
htmldate's authors. Make it from a copy of that repository:

    git --git-dir <htmldate>/.git archive HEAD tests/test_set tests/eval_mediacloud_2020.json \\
        | tar -x -C DIR

A date counts as right only when it is the labelled day; pages whose label is empty are counted
apart (a date found there is wrong).

    python benchmarks/bench_ingest.py [--pages DIR] [--dates DIR] [--show N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import regex

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from generator.readers import ReadError  # noqa: E402
from generator.readers.webpage import extract  # noqa: E402

DEFAULT_PAGES = PROJECT.parent / "shared/data/article-extraction-benchmark"
DEFAULT_DATES = PROJECT.parent / "shared/data/htmldate-eval"

# -- the benchmark's formula (evaluate.py) -------------------------------------------------------

_TOKEN = regex.compile(r"\w+", regex.UNICODE | regex.MULTILINE | regex.IGNORECASE | regex.DOTALL)


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def shingle_matching(true: str, pred: str) -> tuple[float, float, float]:
    true_counts, pred_counts = _shingles(true), _shingles(pred)
    tp = fp = fn = 0.0
    for key in set(true_counts) | set(pred_counts):
        t, p = true_counts.get(key, 0), pred_counts.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total > 0 else (tp, fp, fn)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def scores(truth: dict[str, str], predicted: dict[str, str]) -> dict[str, object]:
    counts = {key: shingle_matching(truth[key], predicted.get(key, "")) for key in truth}
    precision = statistics.mean(_precision(*c) for c in counts.values() if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in counts.values() if c[0] + c[2] > 0)

    def f1(c: tuple[float, float, float]) -> float:
        p, r = _precision(*c), _recall(*c)
        return 2 * p * r / (p + r) if p + r else 0.0

    return {
        "f1": 2 * precision * recall / (precision + recall),
        "precision": precision,
        "recall": recall,
        "page_f1": {key: f1(c) for key, c in counts.items()},
    }


# -- the extractors --------------------------------------------------------------------------------


def ours(data: bytes) -> tuple[str, str | None, list[str]]:
    try:
        page = extract(data)
    except ReadError:
        return "", None, []
    return page.text, page.published.isoformat() if page.published else None, page.warnings


def trafilatura_as_is(data: bytes) -> tuple[str, str | None, list[str]]:
    import trafilatura

    document = trafilatura.bare_extraction(data, with_metadata=True)
    if document is None:
        return "", None, []
    return document.text or "", document.date, []


EXTRACTORS: dict[str, Callable[[bytes], tuple[str, str | None, list[str]]]] = {
    "ingest": ours,
    "trafilatura": trafilatura_as_is,
}


def bench_text(pages: Path, show: int) -> None:
    truth_file = json.loads((pages / "ground-truth.json").read_text(encoding="utf-8"))
    truth = {key: value.get("articleBody", "") for key, value in truth_file.items()}
    results: dict[str, dict[str, object]] = {}
    warned: dict[str, list[str]] = {}
    print(f"article text, {len(truth)} pages of {pages}")
    print(f"{'':<13} {'F1':>6} {'precision':>10} {'recall':>7} {'below 0.5':>10} {'seconds':>8}")
    for name, run in EXTRACTORS.items():
        started = time.perf_counter()
        predicted: dict[str, str] = {}
        for key in truth:
            data = gzip.decompress((pages / "html" / f"{key}.html.gz").read_bytes())
            predicted[key], _, warnings = run(data)
            if warnings:
                warned[key] = warnings
        elapsed = time.perf_counter() - started
        result = scores(truth, predicted)
        results[name] = result
        page_f1 = result["page_f1"]
        assert isinstance(page_f1, dict)
        low = sorted(key for key, value in page_f1.items() if value < 0.5)
        print(
            f"{name:<13} {result['f1']:>6.3f} {result['precision']:>10.3f} "
            f"{result['recall']:>7.3f} {len(low):>10} {elapsed:>8.1f}"
        )
    ours_f1, theirs_f1 = results["ingest"]["page_f1"], results["trafilatura"]["page_f1"]
    assert isinstance(ours_f1, dict) and isinstance(theirs_f1, dict)
    lost = [k for k in truth if ours_f1[k] < 0.5 <= theirs_f1[k]]
    print(f"pages below 0.5 that trafilatura gets right: {len(lost)} {[k[:8] for k in lost]}")
    low_warned = sum(1 for k in warned if ours_f1[k] < 0.8)
    print(
        f"ingest warned on {len(warned)} pages ({low_warned} of them scoring below 0.8; "
        f"{sum(1 for k in truth if ours_f1[k] < 0.8)} pages score below 0.8 in all)"
    )
    worst = sorted(truth, key=lambda k: ours_f1[k])[:show]
    for key in worst:
        print(
            f"  {key[:8]} F1 {ours_f1[key]:.3f} (trafilatura {theirs_f1[key]:.3f})"
            f" {'warned' if key in warned else ''}"
        )


def bench_dates(dates: Path) -> None:
    labels = json.loads((dates / "tests/eval_mediacloud_2020.json").read_text(encoding="utf-8"))
    print(f"\npublication dates, {len(labels)} pages of the MediaCloud 2020 sample ({dates})")
    for name, run in EXTRACTORS.items():
        right = wrong = missed = 0
        unlabelled_found = unlabelled = 0
        for entry in labels.values():
            data = (dates / "tests/test_set" / entry["file"]).read_bytes()
            _, found, _ = run(data)
            if not isinstance(entry.get("date"), str) or not entry["date"]:
                unlabelled += 1
                unlabelled_found += found is not None
            elif found is None:
                missed += 1
            elif found[:10] == entry["date"]:
                right += 1
            else:
                wrong += 1
        labelled = right + wrong + missed
        print(
            f"{name:<13} right {right}/{labelled} ({100 * right / labelled:.1f} %), "
            f"wrong {wrong}, none {missed}; on {unlabelled} pages without a date, one was "
            f"given {unlabelled_found} times"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--dates", type=Path, default=DEFAULT_DATES)
    parser.add_argument("--show", type=int, default=5, help="the worst pages to list")
    args = parser.parse_args()
    if not (args.pages / "ground-truth.json").is_file():
        sys.exit(f"no benchmark at {args.pages}: give --pages DIR (see this script's docstring)")
    bench_text(args.pages, args.show)
    if (args.dates / "tests/eval_mediacloud_2020.json").is_file():
        bench_dates(args.dates)
    else:
        print(f"\n(no date set at {args.dates}: give --dates DIR; see this script's docstring)")


if __name__ == "__main__":
    main()
