"""Canonical text and folding: every offset counts code points of the canonical text."""

from __future__ import annotations

import unicodedata

import pytest

from generator.text import FoldedText, LineIndex, SnapshotEncodingError, canonical_text, fold


def folded_range_text(text: FoldedText, needle: str) -> str:
    """The canonical text of the first folded occurrence of `needle`."""
    at = text.folded.index(fold(needle))
    start, end = text.to_canonical(at, at + len(fold(needle)))
    return text.canonical[start:end]


@pytest.mark.parametrize(
    ("printed", "typed"),
    [
        ("\u201cChina poses a challenge\u201d", '"China poses a challenge"'),
        ("NATO\u2019s agenda", "NATO's agenda"),
        ("\u2018new Cold War\u2019", "'new Cold War'"),
        ("crisis\u2026 It will", "crisis... It will"),
        ("Asia\u2013Pacific \u2014 region", "Asia-Pacific - region"),
        ("Jens\u00a0Stoltenberg", "Jens Stoltenberg"),
        ("Jens\u2009\u2009 Stoltenberg", "Jens Stoltenberg"),
        ("line\none", "line one"),
        ("tab\tbed", "tab bed"),
        ("recog\u00adnize", "recognize"),
        ("zero\u200bwidth", "zerowidth"),
        ("a \u200b b", "a b"),
        ("\u00abguillemets\u00bb", '"guillemets"'),
    ],
)
def test_fold_makes_typography_plain(printed: str, typed: str) -> None:
    assert fold(printed) == fold(typed)
    text = FoldedText.of(printed)
    assert text.folded == fold(printed)
    assert folded_range_text(text, typed) == printed


def test_fold_keeps_case_and_other_letters() -> None:
    assert fold("China") != fold("china")
    assert fold("Ünïcödé ✓") == "Ünïcödé ✓"


def test_canonical_text_removes_bom_and_unifies_line_breaks() -> None:
    assert canonical_text(b"\xef\xbb\xbfone\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


def test_canonical_text_is_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Caf\u00e9 cr\u00e8me")
    assert len(nfd) == 12
    text = canonical_text(nfd.encode())
    assert text == "Caf\u00e9 cr\u00e8me"
    assert len(text) == 10


def test_canonical_text_reports_the_first_bad_byte() -> None:
    with pytest.raises(SnapshotEncodingError) as raised:
        canonical_text("abc\u00e9".encode() + b"\xff more")
    assert raised.value.offset == 5


def test_offsets_are_code_points_not_utf16_units() -> None:
    # The emoji is one code point in Python but two UTF-16 units in JavaScript.
    text = FoldedText.of("\U0001f600\U0001f600 said: \u201cChina poses a challenge\u201d")
    at = text.folded.index("China")
    assert text.to_canonical(at, at + 5) == (10, 15)  # not (12, 17) as in UTF-16
    assert text.canonical[10:15] == "China"


def test_map_through_every_length_change() -> None:
    canonical = "a\u2026 b\u00ad\u200bc \n\n d\u00a0\u00a0e\u200b"
    text = FoldedText.of(canonical)
    assert text.folded == "a... bc d e"
    # every folded character maps into the canonical text and back
    for i in range(len(text.folded) + 1):
        c = text.to_canonical_start(i) if i < len(text.folded) else len(canonical)
        assert 0 <= c <= len(canonical)
        assert text.to_folded(c) <= i or c == len(canonical)
    assert folded_range_text(text, "bc") == "b\u00ad\u200bc"
    assert folded_range_text(text, "c d") == "c \n\n d"
    assert folded_range_text(text, "a...") == "a\u2026"
    assert folded_range_text(text, "d e") == "d\u00a0\u00a0e"


def test_to_folded_inverts_to_canonical_start() -> None:
    text = FoldedText.of("x  \u2026 y\u00adz")
    for folded_at, char in enumerate(text.folded):
        canonical_at = text.to_canonical_start(folded_at)
        if char.isalpha():
            assert text.to_folded(canonical_at) == folded_at


def test_line_index() -> None:
    lines = LineIndex("ab\ncd\n\nef")
    assert lines.line_column(0) == (1, 1)
    assert lines.line_column(4) == (2, 2)
    assert lines.line_column(6) == (3, 1)
    assert lines.line_column(7) == (4, 1)
    assert lines.offset(4, 2) == 8
