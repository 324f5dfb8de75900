"""Where a match may start and end: whole words and whole characters (SPEC §4).

A folded match is only an *occurrence* when its canonical range starts and ends

- on a boundary of extended grapheme clusters (UAX #29, as the `regex` module's `\\X` finds
  them): no range ever splits a letter from its combining marks, an emoji from its modifier or
  ZWJ sequence, a flag, or an Indic conjunct; and
- on a word boundary: when the range begins (ends) with a letter, digit or combining mark, the
  nearest visible character outside it must not be a letter, digit, combining mark or joiner,
  unless either of the two belongs to a script written without spaces (Han, Hiragana, Katakana,
  Thai, Lao, Khmer, Myanmar), where the character boundary alone applies.

Format characters that folding drops are transparent to the word rule (a bidi control before a
word does not glue it to anything), except the in-word ones: the zero-width joiner and
non-joiner, the word joiner and the soft hyphen, which count as joiners. The zero-width space
separates words.

Grapheme boundaries are decided by `\\X` itself. Scanning a whole snapshot with it costs about
0.2 µs a character, so it is only run where it can matter: before a character that no grapheme
rule can attach to what precedes it (anything outside `_MAY_CONTINUE`, after anything but a
Prepend), there is always a boundary. The prefilter is a superset taken from the rules GB3-GB13;
a property test checks it against a full `\\X` scan.
"""

from __future__ import annotations

from typing import Final, Literal

import regex

from .text import INVISIBLE, FoldedText

Cut = Literal["word", "character"]

_CLUSTER: Final = regex.compile(r"\X", regex.DOTALL)
# Characters that some grapheme rule may join to the character before them: Extend, ZWJ,
# SpacingMark (GB9, GB9a), Hangul jamo and syllables (GB6-GB8), Indic conjunct consonants
# (GB9c), pictographs after a ZWJ (GB11), regional indicators (GB12, GB13), LF after CR (GB3).
_MAY_CONTINUE: Final = regex.compile(
    r"[\p{Grapheme_Cluster_Break=Extend}\p{Grapheme_Cluster_Break=ZWJ}"
    r"\p{Grapheme_Cluster_Break=SpacingMark}\p{Grapheme_Cluster_Break=L}"
    r"\p{Grapheme_Cluster_Break=V}\p{Grapheme_Cluster_Break=T}\p{Grapheme_Cluster_Break=LV}"
    r"\p{Grapheme_Cluster_Break=LVT}\p{Grapheme_Cluster_Break=Regional_Indicator}"
    r"\p{Extended_Pictographic}\p{Indic_Conjunct_Break=Consonant}\n]"
)
_PREPEND: Final = regex.compile(r"\p{Grapheme_Cluster_Break=Prepend}")
#: Letters, digits and combining marks: what a word is made of.
_WORDLIKE: Final = regex.compile(r"[\p{L}\p{N}\p{M}]")
#: Invisible characters that sit inside words: they glue what is on either side.
JOINERS: Final = "\u200c\u200d\u2060\u00ad"
#: Scripts written without spaces between words: only the character boundary applies there.
_NO_SPACES: Final = regex.compile(
    r"[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}"
    r"\p{scx=Myanmar}]"
)
_DROPPED: Final = frozenset(INVISIBLE)

# One bit per property, computed once per distinct character.
_CONTINUES, _IS_PREPEND, _IS_WORDLIKE, _IS_JOINER, _NO_SPACE, _TRANSPARENT = (1, 2, 4, 8, 16, 32)
_FLAGS: dict[str, int] = {}

#: A cluster scan that would have to look further back than this uses a whole-text table.
_LOOK_BACK = 64


def _flags(char: str) -> int:
    flags = _FLAGS.get(char)
    if flags is None:
        flags = (
            (_CONTINUES if _MAY_CONTINUE.match(char) else 0)
            | (_IS_PREPEND if _PREPEND.match(char) else 0)
            | (_IS_WORDLIKE if _WORDLIKE.match(char) else 0)
            | (_IS_JOINER if char in JOINERS else 0)
            | (_NO_SPACE if _NO_SPACES.match(char) else 0)
            | (_TRANSPARENT if char in _DROPPED and char not in JOINERS + "\u200b" else 0)
        )
        _FLAGS[char] = flags
    return flags


def is_wordlike(char: str) -> bool:
    """A letter, digit or combining mark."""
    return bool(_flags(char) & _IS_WORDLIKE)


def graphemes(text: str) -> list[str]:
    """The extended grapheme clusters of `text`, in order."""
    return _CLUSTER.findall(text)


class Boundaries:
    """Boundary tests on one canonical text, with the folded form it is matched in.

    The only state is a memo of the whole-text cluster table, built the first time a long run
    of joining characters (a wall of emoji, a string of combining marks) makes it cheaper.
    """

    __slots__ = ("_table", "text")

    def __init__(self, text: FoldedText) -> None:
        self.text = text
        self._table: frozenset[int] | None = None

    def is_grapheme_boundary(self, p: int) -> bool:
        """Whether canonical offset `p` falls between two extended grapheme clusters."""
        canonical = self.text.canonical
        if p <= 0 or p >= len(canonical):
            return True
        if not _flags(canonical[p]) & _CONTINUES and not _flags(canonical[p - 1]) & _IS_PREPEND:
            return True
        q = p - 1  # back to a character that certainly starts a cluster
        while q > 0 and (
            _flags(canonical[q]) & _CONTINUES or _flags(canonical[q - 1]) & _IS_PREPEND
        ):
            q -= 1
            if p - q > _LOOK_BACK:
                return p in self._cluster_starts()
        pos = q
        while pos < p:
            match = _CLUSTER.match(canonical, pos)
            assert match is not None  # \X matches at least one character before the end
            pos = match.end()
        return pos == p

    def _cluster_starts(self) -> frozenset[int]:
        if self._table is None:
            starts = [m.start() for m in _CLUSTER.finditer(self.text.canonical)]
            self._table = frozenset(starts)
        return self._table

    def _visible_before(self, p: int) -> str | None:
        canonical = self.text.canonical
        p -= 1
        while p >= 0 and _flags(canonical[p]) & _TRANSPARENT:
            p -= 1
        return canonical[p] if p >= 0 else None

    def _visible_from(self, p: int) -> str | None:
        canonical = self.text.canonical
        while p < len(canonical) and _flags(canonical[p]) & _TRANSPARENT:
            p += 1
        return canonical[p] if p < len(canonical) else None

    def is_word_edge(self, inner: str, outer: str | None) -> bool:
        """Whether a range whose edge character is `inner` may end next to `outer`."""
        inner_flags = _flags(inner)
        if outer is None or not inner_flags & _IS_WORDLIKE:
            return True
        outer_flags = _flags(outer)
        if (inner_flags | outer_flags) & _NO_SPACE:
            return True
        return not outer_flags & (_IS_WORDLIKE | _IS_JOINER)

    def place(self, f_start: int, f_end: int) -> tuple[int, int] | Cut:
        """The canonical range of the folded match `[f_start, f_end)`, or why it is no
        occurrence: it cuts a `"character"` (a grapheme cluster, or a character that folding
        spelled with several letters, like `ﬁ`) or a `"word"`.

        Characters that folding drops and that belong to the cluster at an edge (the tag
        characters of a flag, a trailing joiner) are taken into the range.
        """
        text = self.text
        if not (text.is_clean(f_start) and text.is_clean(f_end)):
            return "character"
        start, end = text.to_canonical(f_start, f_end)
        if start >= end:
            return "character"
        canonical = text.canonical
        whole_start, whole_end = start, end
        boundary = self.is_grapheme_boundary
        end_ok = boundary(whole_end)
        while not end_ok and canonical[whole_end] in _DROPPED:
            whole_end += 1
            end_ok = boundary(whole_end)
        start_ok = boundary(whole_start)
        while not start_ok and canonical[whole_start - 1] in _DROPPED:
            whole_start -= 1
            start_ok = boundary(whole_start)
        if not (start_ok and end_ok):
            return "character"
        # The word rule looks at the matched characters themselves (folding maps a match's ends
        # to visible characters) and the nearest visible ones outside.
        if not self.is_word_edge(canonical[start], self._visible_before(start)):
            return "word"
        if not self.is_word_edge(canonical[end - 1], self._visible_from(end)):
            return "word"
        return whole_start, whole_end

    def widen(self, start: int, end: int) -> tuple[int, int]:
        """The smallest range around canonical `[start, end)` that starts and ends on a word
        and grapheme boundary, without transparent format characters at its ends (for hints
        that show a passage, never for a result)."""
        canonical = self.text.canonical
        while start > 0 and not self._may_start(start):
            start -= 1
        while end < len(canonical) and not self._may_end(end):
            end += 1
        while start < end and _flags(canonical[start]) & _TRANSPARENT:
            start += 1
        while end > start and _flags(canonical[end - 1]) & _TRANSPARENT:
            end -= 1
        return start, end

    def _may_start(self, p: int) -> bool:
        inner = self._shown_from(p)
        return self.is_grapheme_boundary(p) and (
            inner is None or self.is_word_edge(inner, self._visible_before(p))
        )

    def _may_end(self, p: int) -> bool:
        canonical = self.text.canonical
        q = p
        while q > 0 and canonical[q - 1] in _DROPPED:
            q -= 1
        return self.is_grapheme_boundary(p) and (
            q == 0 or self.is_word_edge(canonical[q - 1], self._visible_from(p))
        )

    def _shown_from(self, p: int) -> str | None:
        """The first character at or after `p` that folding keeps."""
        canonical = self.text.canonical
        while p < len(canonical) and canonical[p] in _DROPPED:
            p += 1
        return canonical[p] if p < len(canonical) else None
