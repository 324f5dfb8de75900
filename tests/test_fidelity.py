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
