"""How faithfully a source reproduces a quote (SPEC §5), and the word diff that shows it.

The words a source attributes to the claimant (its ranges, joined) are compared with the quote's
canonical text, word by word, on folded words. An elision mark the source prints, in any style,
is a token of its own, whether it stands inside a range or alone in the gap between two ranges;
quote words that stand against nothing but elision marks were *marked* omissions (`trimmed`).
Punctuation at the ends of the span, of each range and beside an elision mark does not count,
nor does the case of the first word (after any leading elision marks).

Words are aligned on their folded form without edge punctuation, then each aligned pair is
compared with its punctuation: a comma that moved where a range ends is ignored, one changed
inside a range is an alteration shown as one replaced word.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from rapidfuzz.distance import Indel

from .model import DiffKind, DiffOp, Fidelity
from .text import ELISION, fold

#: Stands for an elision mark in the comparison keys.
ELIDED = "\x00..."
_PUNCTUATION = string.punctuation
# Elision marks as a source may print them, before folding: … [...] [ … ] (...) (…) . . . ....
_DOTS = r"(?:\u2026|(?:\.\s?){2,}\.)"
_MARK = rf"\[\s?{_DOTS}\s?\]|\(\s?{_DOTS}\s?\)|\u2026|(?:\.\s?){{2,}}\."
_TOKEN = re.compile(rf"{_MARK}|(?:(?!{_MARK})\S)+")
_LONE_MARK = re.compile(rf"\s*(?:{_MARK})\s*")
_RANK: dict[Fidelity, int] = {"verbatim": 0, "trimmed": 1, "altered": 2, "unchecked": 3}


def _key(word: str) -> str:
    # Most words are plain ASCII, which folding leaves alone but for the backtick.
    return word if word.isascii() and "`" not in word else fold(word)


def tokens(text: str) -> list[str]:
    """Words as printed (canonical form), each elision mark a token of its own.

    Words made only of invisible characters are dropped: folding would erase them anyway.
    """
    return [word for word, _ in _tokens(text)]


def _tokens(text: str) -> list[tuple[str, str]]:
    """(printed word, folded key) pairs; an elision mark's key is `ELIDED`."""
    out: list[tuple[str, str]] = []
    # Every mark has an ellipsis or two dots (`..`, `. .`); without one, words are split by
    # white space alone, several times faster than the tokenising expression.
    maybe_marks = "\u2026" in text or ".." in text or ". ." in text
    for word in _TOKEN.findall(text) if maybe_marks else text.split():
        key = _key(word)
        if key:
            out.append((word, ELIDED if ELISION.fullmatch(key) else key))
    return out


@dataclass(slots=True)
class _Words:
    """One side of the comparison: printed words, the keys they are compared by, and which
    of their edges are free (the end of a range: punctuation there does not count)."""

    words: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    free_left: list[bool] = field(default_factory=list)
    free_right: list[bool] = field(default_factory=list)

    def add(self, pairs: list[tuple[str, str]]) -> None:
        """Append the words of one stretch of text whose two ends are free."""
        first = len(self.keys)
        for word, key in pairs:
            self.words.append(word)
            self.keys.append(key)
            self.free_left.append(False)
            self.free_right.append(False)
        self._trim(first)

    def add_mark(self, word: str) -> None:
        self.words.append(word)
        self.keys.append(ELIDED)
        self.free_left.append(False)
        self.free_right.append(False)

    def _trim(self, first: int) -> None:
        """Punctuation at the ends of `[first:]` does not count: punctuation-only words there
        are dropped (elision marks stay), and the outer edges of the end words are free."""
        i = first
        while i < len(self.keys):
            key = self.keys[i]
            if key == ELIDED:
                i += 1
            elif key.strip(_PUNCTUATION):
                self.free_left[i] = True
                break
            else:
                self._drop(i)
        i = len(self.keys) - 1
        while i >= first:
            key = self.keys[i]
            if key == ELIDED:
                i -= 1
            elif key.strip(_PUNCTUATION):
                self.free_right[i] = True
                break
            else:
                self._drop(i)
                i -= 1

    def _drop(self, i: int) -> None:
        del self.words[i], self.keys[i], self.free_left[i], self.free_right[i]

    def free_beside_marks(self) -> None:
        """An elision mark is a joint, like the end of a range: punctuation beside it does not
        count (`values, … to` and `values … to` say the same)."""
        for i, key in enumerate(self.keys):
            if key == ELIDED:
                if i > 0:
                    self.free_right[i - 1] = True
                if i + 1 < len(self.keys):
                    self.free_left[i + 1] = True

    def ignore_first_case(self) -> None:
        """The case of the first word (after any leading elision marks) does not count."""
        for i, key in enumerate(self.keys):
            if key != ELIDED:
                bare = key.lstrip(_PUNCTUATION)
                cut = len(key) - len(bare)
                self.keys[i] = key[:cut] + bare[:1].lower() + bare[1:]
                return

    def bare(self) -> list[str]:
        """Keys without edge punctuation: what words are aligned by."""
        return [key.strip(_PUNCTUATION) or key for key in self.keys]


def _same(quote: _Words, q: int, source: _Words, s: int) -> bool:
    """Two aligned words are the same where neither's punctuation counts."""
    a, b = quote.keys[q], source.keys[s]
    if a == b:
        return True
    if quote.free_left[q] or source.free_left[s]:
        a, b = a.lstrip(_PUNCTUATION), b.lstrip(_PUNCTUATION)
    if quote.free_right[q] or source.free_right[s]:
        a, b = a.rstrip(_PUNCTUATION), b.rstrip(_PUNCTUATION)
    return a == b


def _quote_words(text: str) -> _Words:
    words = _Words()
    words.add(_tokens(text))
    words.free_beside_marks()
    words.ignore_first_case()
    return words


def _source_words(parts: Sequence[str], gaps: Sequence[str], included: Sequence[bool]) -> _Words:
    """The source's words: each range (and any gap taken in with it) is one stretch with free
    ends; a gap that is only an elision mark is that mark."""
    words = _Words()
    stretch: list[tuple[str, str]] = []
    for j, part in enumerate(parts):
        stretch.extend(_tokens(part))
        if j == len(parts) - 1:
            break
        gap = gaps[j] if j < len(gaps) else ""  # not given: the source's own narration
        if j < len(included) and included[j]:
            stretch.extend(_tokens(gap))
            continue
        words.add(stretch)
        stretch = []
        if _LONE_MARK.fullmatch(gap):
            words.add_mark(gap.strip())
    words.add(stretch)
    words.free_beside_marks()
    words.ignore_first_case()
    return words


def span_fidelity(
    quote_text: str, text: str, ranges: Sequence[tuple[int, int]]
) -> tuple[Fidelity, tuple[DiffOp, ...]]:
    """Fidelity of the words at `ranges` of `text` to the quote: the ranges are what the source
    attributes to the claimant, the text between them is what `compare` weighs as gaps."""
    gaps = [text[a[1] : b[0]] for a, b in pairwise(ranges)]
    return compare(quote_text, [text[s:e] for s, e in ranges], gaps)


def compare(
    quote_text: str, source_parts: Sequence[str], gaps: Sequence[str] = ()
) -> tuple[Fidelity, tuple[DiffOp, ...]]:
    """Fidelity of the source's words (`source_parts`: the text of each range) to the quote,
    and the word diff (empty when verbatim).

    `gaps` are the texts between consecutive ranges. A gap that is only an elision mark is the
    source marking an omission. Any other gap is usually the source's narration ("… the NATO
    chief stated, …") and is left out; but an editor may also elide words that the source does
    print, so a gap whose words the quote has at that place counts as quoted, so that the
    editor's cut is not blamed on the source.
    """
    if fold(quote_text).strip() == fold(" ".join(source_parts)).strip():
        return "verbatim", ()  # the common case, decided without tokenising
    quote = _quote_words(quote_text)
    best: tuple[int, int, Fidelity, tuple[DiffOp, ...]] | None = None
    included = [False] * len(gaps)
    narration = [j for j, gap in enumerate(gaps) if not _LONE_MARK.fullmatch(gap)]
    for step in range(len(narration) + 1):  # greedy: try each gap in turn, keep it if it helps
        if step > 0:
            included[narration[step - 1]] = True
        source = _source_words(source_parts, gaps, included)
        fidelity, diff = _classify(quote, source)
        if fidelity == "verbatim":
            return "verbatim", ()
        cost = sum(len(op.quote) + len(op.source) for op in diff if op.kind not in _FREE)
        score = (_RANK[fidelity], cost)
        if best is None or score < best[:2]:
            best = (*score, fidelity, diff)
        elif step > 0:
            included[narration[step - 1]] = False
    assert best is not None
    return best[2], best[3]


#: Diff steps that cost nothing when choosing how to read a span: a marked omission never
#: costs more than an unmarked one.
_FREE = frozenset({"equal", "elided"})


def _classify(quote: _Words, source: _Words) -> tuple[Fidelity, tuple[DiffOp, ...]]:
    ops: list[DiffOp] = []
    altered = trimmed = False
    pending_q: list[str] = []
    pending_q_keys: list[str] = []
    pending_s: list[str] = []
    pending_s_keys: list[str] = []

    def flush() -> None:
        nonlocal altered, trimmed
        if not pending_q and not pending_s:
            return
        marks_only = bool(pending_s_keys) and all(k == ELIDED for k in pending_s_keys)
        if pending_q_keys and all(k == ELIDED for k in pending_q_keys):
            # The quote's own text leaves words out here: nothing the source could alter.
            ops.append(DiffOp("equal", tuple(pending_q), tuple(pending_s)))
        elif marks_only and pending_q:
            ops.append(DiffOp("elided", tuple(pending_q), tuple(pending_s)))
            trimmed = True
        elif marks_only:  # an elision mark with nothing left out: shown, but changes nothing
            ops.append(DiffOp("equal", (), tuple(pending_s)))
        else:
            kind: DiffKind = (
                "replace" if pending_q and pending_s else "delete" if pending_q else "insert"
            )
            ops.append(DiffOp(kind, tuple(pending_q), tuple(pending_s)))
            altered = True
        pending_q.clear()
        pending_q_keys.clear()
        pending_s.clear()
        pending_s_keys.clear()

    def equal(q: int, s: int, n: int) -> None:
        if n:
            ops.append(
                DiffOp("equal", tuple(quote.words[q : q + n]), tuple(source.words[s : s + n]))
            )

    for op in Indel.opcodes(quote.bare(), source.bare()):
        if op.tag != "equal":
            pending_q.extend(quote.words[op.src_start : op.src_end])
            pending_q_keys.extend(quote.keys[op.src_start : op.src_end])
            pending_s.extend(source.words[op.dest_start : op.dest_end])
            pending_s_keys.extend(source.keys[op.dest_start : op.dest_end])
            continue
        run = 0  # words aligned here may still differ in their punctuation
        for k in range(op.src_end - op.src_start):
            q, s = op.src_start + k, op.dest_start + k
            if _same(quote, q, source, s):
                if run == 0:
                    flush()
                run += 1
                continue
            equal(q - run, s - run, run)
            run = 0
            pending_q.append(quote.words[q])
            pending_q_keys.append(quote.keys[q])
            pending_s.append(source.words[s])
            pending_s_keys.append(source.keys[s])
        equal(op.src_end - run, op.dest_end - run, run)
    flush()
    fidelity: Fidelity = "altered" if altered else "trimmed" if trimmed else "verbatim"
    return fidelity, tuple(ops)


def word_diff(ops: Sequence[DiffOp]) -> str:
    """The diff as one line of text, git's word-diff style: `[-quote words-]{+source words+}`."""
    out: list[str] = []
    for op in ops:
        if op.kind == "equal":
            out.append(" ".join(op.source or op.quote))
            continue
        if op.quote:
            out.append("[-" + " ".join(op.quote) + "-]")
        if op.source:
            out.append("{+" + " ".join(op.source) + "+}")
    return " ".join(part for part in out if part)
