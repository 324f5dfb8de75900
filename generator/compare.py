"""A quoted span against a later version of its source (SPEC §2 `versions`, §8 `later`).

A span always resolves in the snapshot it quotes: the words stay proven where they were quoted.
A later version is compared with them, never substituted, and what changed is reported:

- `unchanged`: the same words, with the same context (the text right before and after them,
  as a W3C TextQuoteSelector would select them), are in the later text;
- `moved`: the same words are there, but elsewhere (another context);
- `changed`: the words are not there, but the passage is: its context is (the same words
  before and after, close together), or, failing that, a passage like the quote (a fuzzy
  match, as the closest-passage hint finds one); `exact` gives what it reads now, and the
  word diff shows the change. A `changed` is a report for a reader and an editor, never a
  span: nothing is re-attached to other words;
- `gone`: neither the words nor the passage is there.

Words are compared as everything is (folded, whole words, whole characters: resolve.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from .fidelity import compare as compare_words
from .hints import closest_passage
from .model import DiffOp, Located, SpanRef
from .resolve import find, needle, placements
from .snapshots import Snapshot

Status = Literal["unchanged", "moved", "changed", "gone"]
#: Code points of context kept either side of the words, as claims.json's selectors keep.
CONTEXT = 32
#: Words of context looked for either side of a passage that changed.
ANCHOR_WORDS = 6
_NOWHERE = Located("", {})


@dataclass(frozen=True, slots=True)
class Later:
    """How a later version of a source prints a quoted span: its status, and for a change,
    what it reads now (`exact`), where (canonical ranges of the later text), and the diff from
    the words quoted."""

    retrieved: dt.date | None
    status: Status
    exact: str | None = None
    ranges: tuple[tuple[int, int], ...] = ()
    diff: tuple[DiffOp, ...] = ()


def compare(
    quoted: Snapshot,
    ranges: tuple[tuple[int, int], ...],
    later: Snapshot,
    retrieved: dt.date | None = None,
) -> Later:
    """How `later` prints the words at `ranges` of `quoted`."""
    text = quoted.canonical
    start, end = ranges[0][0], ranges[-1][1]
    words = " … ".join(text[a:b] for a, b in ranges)
    span = SpanRef(
        0,
        "",
        words,
        _NOWHERE,
        prefix=text[max(0, start - CONTEXT) : start] or None,
        suffix=text[end : end + CONTEXT] or None,
    )
    places = placements(span, later)
    for place, in_context in places:
        if in_context:
            return Later(retrieved, "unchanged", ranges=place)
    if places:
        return Later(retrieved, "moved", ranges=places[0][0])
    passage = _between_anchors(text, start, end, later) or _closest(words, later)
    if passage is None or not later.canonical[passage[0] : passage[1]].strip():
        return Later(retrieved, "gone")
    now = later.canonical[passage[0] : passage[1]]
    _fidelity, diff = compare_words(words, [now])
    return Later(retrieved, "changed", exact=now, ranges=(passage,), diff=tuple(diff))


def _between_anchors(text: str, start: int, end: int, later: Snapshot) -> tuple[int, int] | None:
    """The passage of `later` between the words that stood right before and right after the
    quoted ones (up to `ANCHOR_WORDS` each, both found once, close together)."""
    before = text[:start].split()[-ANCHOR_WORDS:]
    after = text[end:].split()[:ANCHOR_WORDS]
    if not before and not after:
        return None
    size = len(later.canonical)
    opens = _places(later, " ".join(before)) if before else [(0, 0)]
    closes = _places(later, " ".join(after)) if after else [(size, size)]
    limit = 3 * (end - start) + 400
    fits = [
        (o_end, c_start)
        for _o_start, o_end in opens
        for c_start, _c_end in closes
        if o_end <= c_start <= o_end + limit
    ]
    if len(fits) != 1:
        return None
    a, b = fits[0]
    while a < b and later.canonical[a].isspace():
        a += 1
    while b > a and later.canonical[b - 1].isspace():
        b -= 1
    return a, b


def _places(later: Snapshot, words: str) -> list[tuple[int, int]]:
    wanted = needle(words)
    return [(hit[2], hit[3]) for hit in find(later, wanted).hits] if wanted else []


def _closest(words: str, later: Snapshot) -> tuple[int, int] | None:
    """The passage of `later` most like the quoted words (rapidfuzz; None below its floor)."""
    found = closest_passage(needle(words), later)
    return (found.start, found.end) if found is not None else None
