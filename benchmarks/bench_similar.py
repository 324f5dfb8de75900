"""Was this checked before? `similar` on CLEF CheckThat! 2022 task 2B (issue 32; a benchmark,
not a test).

Task 2B pairs sentences said in US political debates and speeches with the PolitiFact rulings
(19,250 "verified claims") that check them; the official measure is MAP@5. This script indexes
every ruling as `import` would make it a claim (the claim, the ruling's title, the start of its
text as the summary, the speaker as claimant) with the product's own `generator.similar`, asks
each sentence, and prints MAP@1, MAP@5 and MRR on train + dev (where the weights were chosen)
and on test (reported, never tuned on), for:

- the product (`similar`): words + meaning; and with the speaker as `--claimant` on test (the
  lab's test transcripts name who said each sentence; the train and dev ones are not in the
  public copy, so the claimant's bonus could not be tuned, and was set by judgment);
- what each part gives alone (words only, meaning only);
- plain BM25 (bm25s, English stop words, Snowball stems) over each ruling's claim and title, the
  baseline the issue names;

then the time to build the index of 19,250 claims, to load it from the cache, and a query.

The data is public and stays out of the repository. A copy of the lab's data is in the SimBa
team's repository (copied on GitHub as harel-coffee/CLEFCheckThat2bSimBa-auto):

    git clone https://github.com/harel-coffee/CLEFCheckThat2bSimBa-auto ct2b
    make bench-similar CT2B=ct2b/subtask_2b/data

    python benchmarks/bench_similar.py --data DIR   # DIR holds politifact-vclaims/ and
                                                     # original_speech_data/
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from common import OUT

from generator import similar

#: The best official MAP@5 of 2022's task 2B in English that the issue found (SimBa), and the
#: issue's figure for plain BM25 over claim and title.
LEADERBOARD = {"SimBa (best official run, test)": 0.4721, "BM25 claim + title (issue)": 0.38}

Ranked = dict[str, list[str]]
Relevant = dict[str, set[str]]


def _queries(path: Path) -> dict[str, str]:
    rows = (line.rstrip("\n").split("\t", 1) for line in path.open(encoding="utf-8"))
    return {row[0]: row[1] for row in rows if len(row) == 2}


def _relevant(path: Path) -> Relevant:
    found: Relevant = {}
    for line in path.open(encoding="utf-8"):
        query, _, claim, _ = line.rstrip("\n").split("\t")
        found.setdefault(query, set()).add(claim)
    return found


def _speakers(folder: Path) -> dict[str, str]:
    """Who said each test sentence: `2019_nov_21_235` → the speaker of line 235 of that
    day's transcript."""
    said: dict[str, str] = {}
    for path in folder.glob("*.tsv"):
        day = "_".join(path.name.split("_")[:3])
        for line in path.open(encoding="utf-8"):
            row = line.rstrip("\n").split("\t")
            if len(row) >= 3 and row[0].isdigit():
                said[f"{day}_{int(row[0])}"] = row[1]
    return said


def map_at(ranked: Ranked, relevant: Relevant, k: int) -> float:
    """Mean average precision at k, as the lab's scorer computes it."""
    total = 0.0
    for query, claims in ranked.items():
        hits, score = 0, 0.0
        for place, claim in enumerate(claims[:k], 1):
            if claim in relevant[query]:
                hits += 1
                score += hits / place
        total += score / min(len(relevant[query]), k)
    return total / len(ranked)


def mrr(ranked: Ranked, relevant: Relevant) -> float:
    total = 0.0
    for query, claims in ranked.items():
        total += next((1 / p for p, c in enumerate(claims, 1) if c in relevant[query]), 0.0)
    return total / len(ranked)


def measures(ranked: Ranked, relevant: Relevant) -> str:
    return (
        f"MAP@1 {map_at(ranked, relevant, 1):.3f}  MAP@5 {map_at(ranked, relevant, 5):.3f}  "
        f"MRR {mrr(ranked, relevant):.3f}"
    )


def entries(folder: Path) -> list[similar.Entry]:
    """Each ruling as `import` makes it a claim, as the site's index sees one."""
    made = []
    for path in sorted(folder.glob("vclaim-pol-*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        claim = " ".join(record["vclaim"].split())
        title = record.get("title") or ""
        body = (record.get("text") or "")[: similar.BODY]
        words = " ".join((claim, claim, title, body))
        made.append(
            similar.Entry(path.stem, words, record.get("speaker") or "", "en", f"{claim} {title}")
        )
    return made


def ranked_by(
    index: similar.Index,
    queries: Mapping[str, str],
    relevant: Relevant,
    claimant: Callable[[str], str | None] = lambda _: None,
) -> tuple[Ranked, float]:
    asked = [q for q in relevant if q in queries]
    started = time.perf_counter()
    ranked = {
        q: [c for c, _ in index.search(queries[q], claimant=claimant(q), top=10)] for q in asked
    }
    return ranked, (time.perf_counter() - started) / max(1, len(asked))


def bm25_baseline(folder: Path, queries: Mapping[str, str], relevant: Relevant) -> Ranked:
    import bm25s
    import Stemmer

    ids, corpus = [], []
    for path in sorted(folder.glob("vclaim-pol-*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        ids.append(path.stem)
        corpus.append(f"{record['vclaim']} {record.get('title') or ''}")
    stemmer = Stemmer.Stemmer("english")
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize(corpus, stopwords="en", stemmer=stemmer, show_progress=False),
        show_progress=False,
    )
    asked = [q for q in relevant if q in queries]
    tokens = bm25s.tokenize(
        [queries[q] for q in asked], stopwords="en", stemmer=stemmer, show_progress=False
    )
    docs, _ = retriever.retrieve(tokens, k=10, show_progress=False, n_threads=1)
    return {q: [ids[d] for d in docs[n]] for n, q in enumerate(asked)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the lab's subtask_2b/data")
    args = parser.parse_args()
    data: Path = args.data
    vclaims = data / "politifact-vclaims"
    speech = data / "original_speech_data"
    if not vclaims.is_dir() or not speech.is_dir():
        raise SystemExit(f"{data} holds no politifact-vclaims/ and original_speech_data/")
    queries = _queries(speech / "training_data/CT2022-Task2B-EN-Train-Dev_Queries.tsv")
    queries.update(_queries(speech / "test_data/queries.tsv"))
    tuning = _relevant(speech / "training_data/CT2022-Task2B-EN-Train_QRELs.tsv")
    tuning.update(_relevant(speech / "training_data/CT2022-Task2B-EN-Dev_QRELs.tsv"))
    test = _relevant(speech / "test_data/task2b-test.tsv")
    speakers = _speakers(speech / "transcripts")
    print(
        f"{len(list(vclaims.glob('*.json')))} rulings; {len(tuning)} train + dev sentences, "
        f"{len(test)} test sentences ({sum(q in speakers for q in test)} with their speaker)"
    )

    made = entries(vclaims)
    started = time.perf_counter()
    index = similar.Index(made)
    index.bm25  # noqa: B018 (made when first searched: counted here)
    built = time.perf_counter() - started
    print(f"index of {len(made)} claims built in {built:.1f} s")

    rows: list[tuple[str, str, str]] = []
    weights = (similar.WORDS, similar.MEANING)
    for name, (words, meaning) in {
        "similar (words 0.6 + meaning 0.4)": weights,
        "words only": (1.0, 0.0),
        "meaning only": (0.0, 1.0),
    }.items():
        similar.WORDS, similar.MEANING = words, meaning
        tuned, _ = ranked_by(index, queries, tuning)
        tested, per_query = ranked_by(index, queries, test)
        rows.append((name, measures(tuned, tuning), measures(tested, test)))
        if (words, meaning) == weights:
            print(f"a query: {per_query * 1000:.1f} ms")
    similar.WORDS, similar.MEANING = weights
    with_speaker, _ = ranked_by(index, queries, test, lambda q: speakers.get(q))
    rows.insert(
        1, ("similar, with the speaker as claimant", "(no speakers)", measures(with_speaker, test))
    )
    rows.append(
        (
            "plain BM25, claim + title",
            measures(bm25_baseline(vclaims, queries, tuning), tuning),
            measures(bm25_baseline(vclaims, queries, test), test),
        )
    )
    width = max(len(r[0]) for r in rows)
    print(f"\n{'method':{width}}  {'train + dev':44}  test")
    for name, tuned_row, test_row in rows:
        print(f"{name:{width}}  {tuned_row:44}  {test_row}")
    print("\nbeside them, MAP@5 on test: " + "; ".join(f"{k} {v}" for k, v in LEADERBOARD.items()))

    cache = OUT / "similar-cache"
    shutil.rmtree(cache, ignore_errors=True)
    os.environ["FACTCHECK_CACHE"] = str(cache)
    root = OUT / "similar-site"
    root.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    similar.index_for(root, made, search=True)
    cold = time.perf_counter() - started
    loads = []
    for _ in range(3):
        started = time.perf_counter()
        similar.index_for(root, made, search=True).search("Democrats want free health care")
        loads.append(time.perf_counter() - started)
    print(
        f"\nthe index in the cache: built and saved in {cold:.1f} s; read back and a query "
        f"answered in {statistics.median(loads):.2f} s (median of 3)"
    )


if __name__ == "__main__":
    main()
