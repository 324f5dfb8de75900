"""The closest passage to words that were not found: a hint for the editor, never a result.

The passage starts and ends on whole words and whole characters, like every result."""

from __future__ import annotations

import string
from dataclasses import dataclass

from rapidfuzz import fuzz

from .fidelity import compare
from .model import DiffOp
from .snapshots import Snapshot

#: Quotes shorter than this are never fuzzy-matched (SPEC §4): too many passages look alike.
MIN_WORDS = 3
MIN_CHARS = 12
#: Below this similarity (0-100) no passage is offered.
MIN_SCORE = 60.0
_PUNCTUATION = frozenset(string.punctuation)


@dataclass(frozen=True, slots=True)
class Passage:
    """The passage of a snapshot most like words that were not found, with its diff."""

    start: int  # canonical offsets
    end: int
    printed: str
    line: int
    column: int
    score: float
    diff: tuple[DiffOp, ...]


def _best_words(wanted: str, folded: str, start: int, end: int) -> tuple[int, int]:
    """Drop or add whole words at either end while that makes the passage more like `wanted`
    (the alignment of a long quote can begin a word early or end a word late)."""

    def score(a: int, b: int) -> float:
        return float(fuzz.ratio(wanted, folded[a:b]))

    best = score(start, end)
    for _ in range(8):
        candidates = []
        first_space = folded.find(" ", start, end)
        if first_space != -1:
            candidates.append((first_space + 1, end))  # drop the first word
        last_space = folded.rfind(" ", start, end)
        if last_space != -1:
            candidates.append((start, last_space))  # drop the last word
        before = folded.rfind(" ", 0, max(0, start - 1))
        if start > 0:
            candidates.append((before + 1, end))  # take one more word before
        after = folded.find(" ", end + 1)
        if end < len(folded):
            candidates.append((start, after if after != -1 else len(folded)))  # one more after
        scored = [(score(a, b), a, b) for a, b in candidates if a < b]
        if not scored:
            break
        top = max(scored)
        if top[0] <= best:
            break
        best, start, end = top
    return start, end


def closest_passage(wanted: str, snapshot: Snapshot) -> Passage | None:
    """The passage of the snapshot most like `wanted` (folded words), widened to whole words."""
    if len(wanted.split()) < MIN_WORDS or len(wanted) < MIN_CHARS:
        return None
    folded = snapshot.text.folded
    found = fuzz.partial_ratio_alignment(wanted, folded, score_cutoff=MIN_SCORE)
    if found is None:
        return None
    text = snapshot.text
    # Whole words and whole characters around the alignment, then the best number of words.
    start, end = snapshot.bounds.widen(*text.to_canonical(found.dest_start, found.dest_end))
    start, end = _best_words(wanted, folded, text.to_folded(start), text.to_folded(end))
    # Punctuation the quote does not have at its ends (quotation marks, a full stop) is left out.
    if wanted[0] not in _PUNCTUATION:
        while start < end and folded[start] in _PUNCTUATION:
            start += 1
    if wanted[-1] not in _PUNCTUATION:
        while end > start and folded[end - 1] in _PUNCTUATION:
            end -= 1
    while start < end and folded[start] == " ":
        start += 1
    while end > start and folded[end - 1] == " ":
        end -= 1
    if start >= end:
        return None
    c_start, c_end = snapshot.bounds.widen(*text.to_canonical(start, end))
    printed = snapshot.canonical[c_start:c_end]
    line, column = snapshot.line_column(c_start)
    _, diff = compare(wanted, [printed])
    return Passage(c_start, c_end, printed, line, column, found.score, diff)
