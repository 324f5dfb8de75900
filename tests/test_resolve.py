"""Resolving spans: each branch of SPEC §4, at the start, middle and end of a text."""

from __future__ import annotations

import pytest

from generator.model import Located, SpanRef
from generator.resolve import MAX_ELISION_GAP, Failure, Resolution, resolve
from generator.snapshots import Snapshot

TEXT = (
    "Stoltenberg said that \u201cChina poses a challenge to our values\u201d.\n"
    "Mao Ning replied: \u2018China is a cooperation partner\u2026 not a challenge\u2019.\n"
    "Later he said \u201cnot a challenge\u201d again, and the ministry said not a challenge"
)


def span(exact: str, **fields: object) -> SpanRef:
    return SpanRef(index=0, source="s", exact=exact, where=Located("claims/c.yml", {}), **fields)  # type: ignore[arg-type]


def snapshot(text: str = TEXT) -> Snapshot:
    return Snapshot.from_text("sources/s.txt", text)


def words(result: Resolution | Failure, text: str = TEXT) -> list[str]:
    assert isinstance(result, Resolution), result
    return [text[s:e] for s, e in result.ranges]


def test_unique_occurrence() -> None:
    result = resolve(span("China poses a challenge"), snapshot())
    assert words(result) == ["China poses a challenge"]
    assert isinstance(result, Resolution) and result.how == "unique"


def test_match_at_the_very_start_and_end() -> None:
    assert words(resolve(span("Stoltenberg said"), snapshot())) == ["Stoltenberg said"]
    end = resolve(span("the ministry said not a challenge"), snapshot())
    assert words(end) == ["the ministry said not a challenge"]
    assert isinstance(end, Resolution) and end.ranges[0][1] == len(TEXT)


def test_folding_makes_typed_quotes_match_printed_ones() -> None:
    result = resolve(span("'China is a cooperation partner... not a challenge'"), snapshot())
    assert words(result) == ["\u2018China is a cooperation partner\u2026 not a challenge\u2019"]


def test_start_hint_wins_when_it_matches() -> None:
    start = TEXT.index("not a challenge\u201d")
    result = resolve(span("not a challenge", start=start), snapshot())
    assert isinstance(result, Resolution)
    assert result.how == "start" and result.ranges == ((start, start + 15),)


def test_ambiguous_lists_every_occurrence() -> None:
    result = resolve(span("not a challenge"), snapshot())
    assert isinstance(result, Failure) and result.code == "ambiguous"
    assert "3 times" in result.message
    assert "at 2:52, 3:16, 3:62" in result.message
    assert result.hint is not None and "prefix:" in result.hint


def test_prefix_and_suffix_choose_the_occurrence() -> None:
    by_prefix = resolve(span("not a challenge", prefix="the ministry said"), snapshot())
    assert isinstance(by_prefix, Resolution) and by_prefix.how == "context"
    assert by_prefix.ranges[0][1] == len(TEXT)
    by_suffix = resolve(span("not a challenge", suffix="\u201d again"), snapshot())
    assert isinstance(by_suffix, Resolution)
    assert TEXT[by_suffix.ranges[0][1] :].startswith("\u201d again")


def test_prefix_that_never_matches_is_an_error_not_a_guess() -> None:
    result = resolve(span("China poses a challenge", prefix="Mao Ning said"), snapshot())
    assert isinstance(result, Failure) and result.code == "not-found"
    assert "never with the given prefix" in result.message


def test_stale_start_falls_back_to_the_nearest_occurrence() -> None:
    near_second = TEXT.index("not a challenge\u201d") + 3
    result = resolve(span("not a challenge", start=near_second), snapshot())
    assert isinstance(result, Resolution) and result.how == "nearest-start"
    assert result.ranges[0][0] == near_second - 3


def test_elision_resolves_to_ordered_ranges() -> None:
    text = "\u201cI will be careful,\u201d the chief stated, \u201cbut the message is clear.\u201d"
    result = resolve(span("I will be careful, ... but the message is clear"), snapshot(text))
    assert words(result, text) == ["I will be careful,", "but the message is clear"]


@pytest.mark.parametrize("mark", ["…", "...", ". . .", "[…]", "[...]"])
def test_every_elision_mark_splits(mark: str) -> None:
    text = "alpha beta gamma delta epsilon"
    result = resolve(span(f"alpha beta {mark} delta epsilon"), snapshot(text))
    assert words(result, text) == ["alpha beta", "delta epsilon"]


def test_elision_gap_over_the_limit() -> None:
    text = "first words " + "x" * (MAX_ELISION_GAP + 1) + " last words"
    result = resolve(span("first words … last words"), snapshot(text))
    assert isinstance(result, Failure) and result.code == "elision-gap"
    ok = "first words " + "x" * (MAX_ELISION_GAP - 2) + " last words"
    assert words(resolve(span("first words … last words"), snapshot(ok)), ok) == [
        "first words",
        "last words",
    ]


def test_elision_parts_out_of_order() -> None:
    result = resolve(span("last words … first words"), snapshot("first words and last words"))
    assert isinstance(result, Failure) and result.code == "not-found"


def test_not_found_offers_the_closest_passage_as_a_hint_only() -> None:
    result = resolve(span("China poses a problem to our values"), snapshot())
    assert isinstance(result, Failure) and result.code == "not-found"
    assert "1:24" in result.message
    assert "[-problem-] {+challenge+}" in result.message
    assert result.hint is not None
    assert result.hint.endswith('exact: "China poses a challenge to our values"')


def test_short_quotes_get_no_fuzzy_hint() -> None:
    result = resolve(span("a problem"), snapshot())
    assert isinstance(result, Failure) and result.code == "not-found"
    assert "closest" not in result.message


def test_nothing_close() -> None:
    result = resolve(span("Quantum chromodynamics explains the weather"), snapshot())
    assert isinstance(result, Failure) and "nothing there is close" in result.message


def test_nfd_quote_matches_nfc_snapshot() -> None:
    text = "Le caf\u00e9 est fort."
    assert words(resolve(span("cafe\u0301 est"), snapshot(text)), text) == ["caf\u00e9 est"]


def test_crlf_snapshot_counts_offsets_after_unifying_line_breaks() -> None:
    snap = snapshot("one\r\ntwo\r\nthree words here")
    result = resolve(span("three words"), snap)
    assert isinstance(result, Resolution) and result.ranges == ((8, 19),)
    assert snap.line_column(8) == (3, 1)
