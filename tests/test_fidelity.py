"""Fidelity (SPEC §5): verbatim, trimmed, altered, with the word diff kept."""

from __future__ import annotations

import pytest

from generator.fidelity import compare, tokens, word_diff
from generator.model import DiffOp

QUOTE = "China is a cooperation partner of all countries, not a challenge"


@pytest.mark.parametrize(
    "printed",
    [
        QUOTE,
        "china is a cooperation partner of all countries, not a challenge.",  # case at start, end
        "\u201cChina is a cooperation partner of all countries, not a challenge\u201d",
        "China  is a\u00a0cooperation partner of all countries, not a challenge",
    ],
)
def test_verbatim(printed: str) -> None:
    fidelity, diff = compare(QUOTE, [printed])
    assert fidelity == "verbatim"
    assert diff == ()


def test_case_inside_the_quote_counts() -> None:
    fidelity, _ = compare(
        QUOTE, ["China is a Cooperation partner of all countries, not a challenge"]
    )
    assert fidelity == "altered"


def test_trimmed_when_every_omission_is_marked() -> None:
    fidelity, diff = compare(QUOTE, ["China is a cooperation partner\u2026 not a challenge"])
    assert fidelity == "trimmed"
    assert DiffOp("elided", ("of", "all", "countries,"), ("\u2026",)) in diff
    assert word_diff(diff) == (
        "China is a cooperation partner [-of all countries,-] {+\u2026+} not a challenge"
    )


@pytest.mark.parametrize("mark", ["...", "[\u2026]", "[...]", ". . ."])
def test_trimmed_with_any_printed_mark(mark: str) -> None:
    fidelity, _ = compare(QUOTE, [f"China is a cooperation partner {mark} not a challenge"])
    assert fidelity == "trimmed"


def test_altered_when_words_are_replaced() -> None:
    fidelity, diff = compare(
        QUOTE, ["China is a cooperation companion of all nations, not a problem"]
    )
    assert fidelity == "altered"
    changed = [(op.quote, op.source) for op in diff if op.kind == "replace"]
    assert changed == [
        (("partner",), ("companion",)),
        (("countries,",), ("nations,",)),
        (("challenge",), ("problem",)),
    ]


def test_altered_when_words_are_dropped_without_a_mark() -> None:
    fidelity, diff = compare(QUOTE, ["China is a cooperation partner, not a challenge"])
    assert fidelity == "altered"
    assert any(op.kind in ("delete", "replace") for op in diff)


def test_altered_when_words_are_added() -> None:
    fidelity, diff = compare("not a challenge", ["not a big challenge"])
    assert fidelity == "altered"
    assert DiffOp("insert", (), ("big",)) in diff


def test_a_mark_that_hides_an_alteration_is_still_altered() -> None:
    fidelity, _ = compare(QUOTE, ["China is a cooperation companion\u2026 not a challenge"])
    assert fidelity == "altered"


def test_ranges_are_joined_and_narration_between_them_is_not_part_of_the_quote() -> None:
    quote = "I will be careful, but the message is clear."
    fidelity, _ = compare(quote, ["I will be careful,", "but the message is clear."])
    assert fidelity == "verbatim"


def test_tokens_split_marks_from_words() -> None:
    assert tokens("partner\u2026 not [...] a. . . b") == [
        "partner",
        "\u2026",
        "not",
        "[...]",
        "a",
        ". . .",
        "b",
    ]
    assert tokens("U.S.-led alliance") == ["U.S.-led", "alliance"]
    assert tokens("zero \u200b width") == ["zero", "width"]


def test_narration_between_ranges_is_left_out() -> None:
    quote = "I will be careful, but the message is clear."
    fidelity, _ = compare(
        quote, ["I will be careful,", "but the message is clear."], [" the chief stated, "]
    )
    assert fidelity == "verbatim"


def test_words_the_editor_elided_but_the_source_prints_are_not_blamed_on_the_source() -> None:
    quote = "to our values, to our interests and to our security"
    fidelity, _ = compare(quote, ["to our values,", "to our security"], [" to our interests and "])
    assert fidelity == "verbatim"
    # ...but a gap is never taken in when its words are not the quote's
    fidelity, _ = compare(quote, ["to our values,", "to our security"], [" said the chief, "])
    assert fidelity == "altered"


@pytest.mark.parametrize("mark", ["(...)", "(\u2026)", "( ... )", "[ \u2026 ]"])
def test_parenthesised_and_spaced_marks_are_marked_omissions(mark: str) -> None:
    fidelity, diff = compare(QUOTE, [f"China is a cooperation partner {mark} not a challenge"])
    assert fidelity == "trimmed"
    assert [op.kind for op in diff].count("elided") == 1


def test_a_leading_mark_is_an_omission_and_the_next_words_case_does_not_count() -> None:
    assert compare("We will win the war", ["[\u2026] We will win the war"]) == ("verbatim", ())
    fidelity, diff = compare("and we will win the war", ["[\u2026] We will win the war"])
    assert fidelity == "trimmed"
    assert diff[0] == DiffOp("elided", ("and",), ("[\u2026]",))
    # A trailing mark is an omission at the end.
    fidelity, diff = compare("we will win the war", ["we will win\u2026"])
    assert fidelity == "trimmed"
    assert diff[-1] == DiffOp("elided", ("the", "war"), ("\u2026",))


@pytest.mark.parametrize("gap", [" [...] ", " . . . ", " (\u2026) ", "\u2026", " [ \u2026 ] "])
def test_a_mark_alone_in_the_gap_between_ranges_is_the_sources_omission(gap: str) -> None:
    quote = "we will not stop and we will win"
    fidelity, diff = compare(quote, ["we will not stop", "we will win"], [gap])
    assert fidelity == "trimmed"
    assert DiffOp("elided", ("and",), (gap.strip(),)) in diff
    # the same gap with narration in it is the source's own words, and the omission unmarked
    fidelity, _ = compare(quote, ["we will not stop", "we will win"], [" she said, "])
    assert fidelity == "altered"


def test_punctuation_at_the_ends_of_each_range_does_not_count() -> None:
    quote = "China is a partner, not a challenge."
    assert compare(quote, ['"China is a partner,', 'not a challenge."'], [" she said, "]) == (
        "verbatim",
        (),
    )
    assert compare(quote, ["China is a partner", "not a challenge"], [" - she said - "]) == (
        "verbatim",
        (),
    )
    # ...but inside a range it does: one word shown as replaced
    fidelity, diff = compare(quote, ["China is a partner; not a challenge."])
    assert fidelity == "altered"
    assert DiffOp("replace", ("partner,",), ("partner;",)) in diff


def test_a_marked_omission_never_costs_more_than_an_unmarked_one() -> None:
    """Given the choice of reading a narration gap as quoted or not, the reading with the
    source's mark is never passed over for one that blames the source for a silent cut."""
    quote = "we will fight on the beaches and we will win"
    printed = ["we will fight \u2026", "and we will win"]
    fidelity, diff = compare(quote, printed, [" she said, "])
    assert fidelity == "trimmed"
    assert [op.kind for op in diff] == ["equal", "elided", "equal"]


def test_words_the_quote_itself_leaves_out_are_not_the_sources_doing() -> None:
    quote = "China poses a challenge to our values \u2026 to our security"
    printed = ["China poses a challenge to our values, to our interests and to our security"]
    assert compare(quote, printed) == ("verbatim", ())
    # ranges given without their gaps are read with the narration between them left out
    assert compare(quote, ["China poses a challenge to our values,", "to our security"])[0] == (
        "verbatim"
    )
