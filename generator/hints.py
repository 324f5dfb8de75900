"""The closest passage to words that were not found: a hint for the editor, never a result."""

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
    start: int  # canonical offsets
    end: int
    printed: str
    line: int
    column: int
    score: float
    diff: tuple[DiffOp, ...]


def closest_passage(wanted: str, snapshot: Snapshot) -> Passage | None:
    """The passage of the snapshot most like `wanted` (folded words), widened to whole words."""
    if len(wanted.split()) < MIN_WORDS or len(wanted) < MIN_CHARS:
        return None
    folded = snapshot.text.folded
    found = fuzz.partial_ratio_alignment(wanted, folded, score_cutoff=MIN_SCORE)
    if found is None:
        return None
    start, end = found.dest_start, found.dest_end
    while start > 0 and not folded[start - 1].isspace():
        start -= 1
    while end < len(folded) and not folded[end].isspace():
        end += 1
    # Punctuation the quote does not have at its ends (quotation marks, a full stop) is left out.
    if wanted[0] not in _PUNCTUATION:
        while start < end and folded[start] in _PUNCTUATION:
            start += 1
    if wanted[-1] not in _PUNCTUATION:
        while end > start and folded[end - 1] in _PUNCTUATION:
            end -= 1
    c_start, c_end = snapshot.text.to_canonical(start, end)
    printed = snapshot.canonical[c_start:c_end]
    line, column = snapshot.line_column(c_start)
    _, diff = compare(wanted, [printed])
    return Passage(c_start, c_end, printed, line, column, found.score, diff)
