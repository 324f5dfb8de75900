"""W3C selectors round-trip (SPEC §4, §8): every TextQuoteSelector the site publishes in
/data/claims.json, written back into a claim as a span (`exact`, `prefix`, `suffix`), resolves
to the very range its TextPositionSelector names; and a prefix or suffix cut anywhere (the far
end inside a word or a character, as other annotation tools cut them) still picks its occurrence.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sitebuild import PROJECT, copy_example_site
from test_properties import TEXTS

from generator.check import check_site
from generator.config import DEFAULT_SCALE
from generator.link import link_site
from generator.load import Layout
from generator.model import Located, SpanRef
from generator.outputs.publish import SELECTOR_CONTEXT, claims_data
from generator.resolve import Resolution, resolve
from generator.snapshots import Snapshot

sys.path.insert(0, str(PROJECT / "benchmarks"))
from bench_check import generate  # the synthetic site of `make bench`

# A fixture site whose snapshots repeat the same words in many places, in several scripts, with
# combining marks and emoji right where a 32-code-point context is cut.
REPEATS = (
    "Er sagte: „Das ist nicht wahr.“ Sie sagte: „Das ist nicht wahr.“\n"
    "قال الوزير: هذا غير صحيح. وقالت: هذا غير صحيح.\n"
    "उन्होंने कहा यह सच नहीं है। फिर कहा यह सच नहीं है।\n"
    "Café ö 👍🏽 not true. Café ö 👍 not true.\n"
)
WORDS = ("Das ist nicht wahr", "هذا غير صحيح", "यह सच नहीं है", "not true")


def _published_selectors(
    root: Path,
) -> tuple[list[tuple[str, dict[str, Any], dict[str, Any]]], Layout]:
    """(source id, TextQuoteSelector, TextPositionSelector) of every target claims.json has."""
    layout = Layout.at(root)
    result = check_site(layout)
    assert not result.broken_claims, [p.render() for p in result.problems][:5]
    data = claims_data(link_site(result, DEFAULT_SCALE), lambda kind, key="": f"{kind}/{key}")
    found = []
    for claim in data["claims"]:
        for quote in claim["quotes"]:
            for span in quote["spans"]:
                for target in span["targets"]:
                    quote_sel, position = target["selector"][:2]
                    found.append((span["source"], quote_sel, position))
    return found, layout


def _round_trip(root: Path) -> int:
    selectors, layout = _published_selectors(root)
    result = check_site(layout)
    wrong = []
    for source, quote_sel, position in selectors:
        snapshot = result.snapshots[source]
        span = SpanRef(
            0,
            source,
            quote_sel["exact"],
            Located("claims/x.yml", {}),
            quote_sel["prefix"],
            quote_sel["suffix"],
        )
        got = resolve(span, snapshot)
        want = ((position["start"], position["end"]),)
        if not (isinstance(got, Resolution) and got.ranges == want):
            wrong.append((source, quote_sel, got))
    assert not wrong, wrong[:3]
    return len(selectors)


def test_the_example_sites_selectors_round_trip(tmp_path: Path) -> None:
    assert _round_trip(copy_example_site(tmp_path)) >= 20


def test_a_synthetic_sites_selectors_round_trip(tmp_path: Path) -> None:
    generate(tmp_path / "synthetic", 300, 20)
    assert _round_trip(tmp_path / "synthetic") >= 900


def test_repeated_words_in_many_scripts_round_trip(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "claims").mkdir(parents=True)
    (root / "sources").mkdir()
    (root / "sources" / "r.txt").write_text(REPEATS, encoding="utf-8")
    (root / "sources" / "r.yml").write_text("title: R\nsnapshot: r.txt\n", encoding="utf-8")
    for n, words in enumerate(WORDS):
        starts = [i for i in range(len(REPEATS)) if REPEATS.startswith(words, i)]
        for k, start in enumerate(starts):
            (root / "claims" / f"c{n}-{k}.yml").write_text(
                f"title: T\nclaim: C\nclaimant: P\nverdict: accurate\nsummary: S\nquotes:\n"
                f"  - text: {json.dumps(words, ensure_ascii=False)}\n"
                f"    spans:\n      - source: r\n        start: {start}\n",
                encoding="utf-8",
            )
    assert _round_trip(root) == 8


def test_a_prefix_cut_inside_a_word_was_refused_before() -> None:
    """The case of the issue: 288 of 29,890 synthetic spans were refused for this."""
    text = "alpha beta gamma delta. epsilon beta gamma zeta."
    snapshot = Snapshot.from_text("sources/s.txt", text)
    span = SpanRef(0, "s", "beta gamma", Located("claims/c.yml", {}), "psilon ", "ze")
    got = resolve(span, snapshot)
    assert isinstance(got, Resolution) and got.ranges == ((32, 42),)


def test_a_context_that_is_not_there_is_still_an_error() -> None:
    snapshot = Snapshot.from_text("sources/s.txt", "one two three. four two three.")
    wrong = SpanRef(0, "s", "two three", Located("claims/c.yml", {}), "fiv", None)
    got = resolve(wrong, snapshot)
    assert not isinstance(got, Resolution) and got.code == "not-found"
    # a prefix must end right before the words, not somewhere earlier
    early = SpanRef(0, "s", "two three", Located("claims/c.yml", {}), "fou", None)
    assert not isinstance(resolve(early, snapshot), Resolution)


@settings(max_examples=300)
@given(TEXTS, st.data())
def test_any_cut_of_the_context_picks_the_same_occurrence(raw: str, data: st.DataObject) -> None:
    snapshot = Snapshot.from_text("sources/s.txt", raw)
    text = snapshot.canonical
    assume(text.strip())
    # an occurrence the resolver accepts on its own (with start: as the hint)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    plain = resolve(SpanRef(0, "s", text[start:end], Located("c", {}), start=start), snapshot)
    assume(isinstance(plain, Resolution) and plain.ranges == ((start, end),))
    before = data.draw(st.integers(0, SELECTOR_CONTEXT))
    after = data.draw(st.integers(0, SELECTOR_CONTEXT))
    prefix = text[max(0, start - before) : start]
    suffix = text[end : end + after]
    span = SpanRef(0, "s", text[start:end], Located("c", {}), prefix or None, suffix or None)
    got = resolve(span, snapshot)
    # the true occurrence always fits its own context; another one may fit it too, and then
    # (with no start: to choose by) the span is ambiguous, never resolved elsewhere
    if isinstance(got, Resolution):
        assert got.ranges == ((start, end),)
    else:
        assert got.code == "ambiguous", (got, prefix, suffix)


@pytest.mark.parametrize("words", WORDS)
def test_every_occurrence_of_repeated_words_is_told_apart_by_its_context(words: str) -> None:
    snapshot = Snapshot.from_text("sources/r.txt", REPEATS)
    text = snapshot.canonical
    starts = [i for i in range(len(text)) if text.startswith(words, i)]
    assert len(starts) == 2
    for start in starts:
        end = start + len(words)
        span = SpanRef(
            0,
            "r",
            words,
            Located("c", {}),
            text[max(0, start - SELECTOR_CONTEXT) : start],
            text[end : end + SELECTOR_CONTEXT],
        )
        got = resolve(span, snapshot)
        assert isinstance(got, Resolution) and got.ranges == ((start, end),)
