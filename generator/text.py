"""Canonical text and folding (SPEC §4).

The *canonical* text of a snapshot is what every offset counts in: UTF-8 decoded, BOM removed,
line breaks as `\\n`, Unicode NFC. Matching compares a *folded* form of both sides: quotes and
dashes made plain, `…` spelled `...`, white space runs collapsed, invisible format characters
(Unicode category Cf) dropped, Latin ligatures and full-width forms spelled with plain letters.
`FoldedText` keeps the map from folded offsets back to canonical ones, so nothing reported ever
counts in folded text.

Folding is two passes, both in C: one character class for every one-to-one replacement (most of
the work, and offsets do not move), then one regular expression for the few replacements that
change length. The map stores only those few regions, so a 5 MB text folds in milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import regex

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a\u0060\u00b4\uff07"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\uff02"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
#: Dropped by folding: the format characters (category Cf): soft hyphen, zero-width space,
#: joiners, bidirectional controls, BOM… Taken from the `regex` module's tables, so that folding
#: and the grapheme rules (boundaries.py) follow one version of Unicode. The tag characters
#: (U+E0020-U+E007F) are kept: they spell which flag an emoji tag sequence shows, and dropping
#: them would fold Scotland's flag and England's into the same black flag.
INVISIBLE: Final = "".join(
    regex.findall(r"[^\P{Cf}\U000E0020-\U000E007F]", "".join(map(chr, range(0x30000))))
    + regex.findall(r"[^\P{Cf}\U000E0020-\U000E007F]", "".join(map(chr, range(0xE0000, 0xE1000))))
)
#: Latin ligatures (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ): folded to the letters they join, so they change length.
LIGATURES: Final = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
#: Full-width forms of ASCII's letters, digits and signs (U+FF01-U+FF5E), folded one to one.
_FULL_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_SPACES = "".join(
    chr(c) for c in range(0x3001) if chr(c).isspace() and chr(c) != " "
)  # tab, newline, NBSP, en/em/thin spaces, ideographic space, line/paragraph separators…

_ONE_TO_ONE: Final[dict[str, str]] = {
    **_FULL_WIDTH,
    **dict.fromkeys(_SINGLE_QUOTES, "'"),
    **dict.fromkeys(_DOUBLE_QUOTES, '"'),
    **dict.fromkeys(_DASHES, "-"),
    **dict.fromkeys(_SPACES, " "),
}


def _char_class(chars: Iterable[str]) -> str:
    """A regular-expression class of `chars` written as ranges: `re` tests a short list of
    ranges several times faster than a long list of characters."""
    codes = sorted(set(map(ord, chars)))
    parts: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        first, last = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        parts.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return "".join(parts)


def _length_changing(invisible: str) -> re.Pattern[str]:
    drop = _char_class(invisible)
    return re.compile(f"[ {drop}]{{2,}}|[{drop}]|\u2026|[{_char_class(LIGATURES)}]")


# Testing characters beyond the BMP slows every match down by half, and almost no text has
# any: such texts (told by one scan) get the pattern that knows them.
_LENGTH_CHANGING = _length_changing("".join(c for c in INVISIBLE if c <= "\uffff"))
_LENGTH_CHANGING_ASTRAL = _length_changing(INVISIBLE)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SPACE_RUNS = re.compile(" {2,}")


# One-to-one replacements are rare in running text (a newline, a curly quote): finding them
# with one character class and swapping each is eight times faster than `str.translate` with
# a table (which looks every character up), and gives the same string.
_REPLACED = re.compile(f"[{_char_class(_ONE_TO_ONE)}]")


def _swap(match: re.Match[str]) -> str:
    return _ONE_TO_ONE[match.group()]


def _one_to_one(text: str) -> str:
    return _REPLACED.sub(_swap, text)


def _length_changes(text: str) -> re.Pattern[str]:
    return _LENGTH_CHANGING_ASTRAL if _ASTRAL.search(text) else _LENGTH_CHANGING


#: An elision mark after folding: `...`, `. . .`, `[...]`, `[ ... ]`, `(...)` (and `…`, `[…]`,
#: `(…)` before it).
ELISION = re.compile(r"\[ ?(?:\. ?){3,}\]|\( ?(?:\. ?){3,}\)|(?:\. ?){2,}\.")


class SnapshotEncodingError(ValueError):
    """A snapshot that is not UTF-8, with the offset of the first bad byte."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(f"byte {offset}: {reason}")
        self.offset = offset
        self.reason = reason


def canonical_text(data: bytes) -> str:
    """Decode a snapshot as SPEC §4 says; raises `SnapshotEncodingError` with the byte offset."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SnapshotEncodingError(error.start, error.reason) from None
    return canonical_str(text)


def canonical_str(text: str) -> str:
    """BOM removed, `\\r\\n` and `\\r` as `\\n`, NFC: the same treatment YAML strings get."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _replacement(run: str) -> str:
    if run == "\u2026":
        return "..."
    ligature = LIGATURES.get(run)
    if ligature is not None:
        return ligature
    return " " if " " in run else ""


def fold(text: str) -> str:
    """The folded form of a string (no offset map): for quotes, prefixes and suffixes."""
    translated = _one_to_one(text)
    if translated.isascii():  # no invisible characters, ellipses or ligatures: only spaces
        return _SPACE_RUNS.sub(" ", translated) if "  " in translated else translated
    return _length_changes(translated).sub(lambda m: _replacement(m.group()), translated)


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A canonical text, its folded form, and the regions where the two differ in length.

    Region *i* is folded `[f_start[i], f_end[i])`, which came from canonical
    `[c_start[i], c_end[i])`; between regions the two texts run in step.
    """

    canonical: str
    folded: str
    f_start: tuple[int, ...]
    f_end: tuple[int, ...]
    c_start: tuple[int, ...]
    c_end: tuple[int, ...]

    @classmethod
    def of(cls, canonical: str) -> FoldedText:
        """Fold a canonical text and record where lengths changed."""
        translated = _one_to_one(canonical)
        pieces: list[str] = []
        f_start: list[int] = []
        f_end: list[int] = []
        c_start: list[int] = []
        c_end: list[int] = []
        last = 0
        shift = 0  # folded offset minus canonical offset, so far
        for match in _length_changes(translated).finditer(translated):
            a, b = match.span()
            replacement = _replacement(match.group())
            pieces.append(translated[last:a])
            pieces.append(replacement)
            f_start.append(a + shift)
            f_end.append(a + shift + len(replacement))
            c_start.append(a)
            c_end.append(b)
            shift += len(replacement) - (b - a)
            last = b
        if not pieces:
            folded = translated
        else:
            pieces.append(translated[last:])
            folded = "".join(pieces)
        return cls(canonical, folded, tuple(f_start), tuple(f_end), tuple(c_start), tuple(c_end))

    def to_canonical_start(self, p: int) -> int:
        """Canonical offset of the folded character at `p`."""
        i = bisect_right(self.f_start, p) - 1
        if i < 0:
            return p
        if p < self.f_end[i]:
            return self.c_start[i]
        return self.c_end[i] + (p - self.f_end[i])

    def to_canonical_end(self, p: int) -> int:
        """Canonical (exclusive) end of a folded range that ends at `p`."""
        if p <= 0:
            return 0
        last = p - 1
        i = bisect_right(self.f_start, last) - 1
        if i < 0:
            return p
        if last < self.f_end[i]:
            return self.c_end[i]
        return self.c_end[i] + (last - self.f_end[i]) + 1

    def is_clean(self, p: int) -> bool:
        """Whether folded offset `p` falls between canonical characters, not inside the
        folded spelling of one (the `i` of a folded `ﬁ`, the second dot of a folded `…`)."""
        i = bisect_right(self.f_start, p) - 1
        return i < 0 or p <= self.f_start[i] or p >= self.f_end[i]

    def to_canonical(self, start: int, end: int) -> tuple[int, int]:
        """The canonical range of the folded range `[start, end)`."""
        return self.to_canonical_start(start), self.to_canonical_end(end)

    def to_folded(self, c: int) -> int:
        """Folded offset of the canonical offset `c` (the start of its region, inside one)."""
        i = bisect_right(self.c_start, c) - 1
        if i < 0:
            return c
        if c < self.c_end[i]:
            return self.f_start[i]
        return self.f_end[i] + (c - self.c_end[i])


class LineIndex:
    """1-based line and column (in code points) of canonical offsets."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts

    def line_column(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of `offset`."""
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based line and column."""
        return self._starts[line - 1] + column - 1
