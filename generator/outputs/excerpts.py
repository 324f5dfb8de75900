"""Pieces of source text for pages: the excerpt around a span, and a whole stored text with
every span marked. Plain data out; templates do the HTML."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..link import SpanView


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text in an excerpt: `context` around the quote, a `mark`ed range of the quote,
    or a `gap` of the source's own words between two ranges."""

    kind: str
    text: str


def _word_start(text: str, at: int, floor: int) -> int:
    """Move `at` forward to the start of a word, unless that leaves nothing."""
    if at <= floor:
        return floor
    i = at
    while i < len(text) and not text[i - 1].isspace():
        i += 1
    return i if i < len(text) else at


def _word_end(text: str, at: int, ceiling: int) -> int:
    if at >= ceiling:
        return ceiling
    i = at
    while i > 0 and not text[i].isspace():
        i -= 1
    return i if i > 0 else at


def excerpt(text: str, ranges: Sequence[tuple[int, int]], context: int) -> list[Piece]:
    """The ranges in their context: up to `context` code points either side, cut at words."""
    first, last = ranges[0][0], ranges[-1][1]
    begin = _word_start(text, max(0, first - context), 0) if first > context else 0
    end = _word_end(text, min(len(text), last + context), len(text))
    pieces: list[Piece] = []
    if begin > 0:
        pieces.append(Piece("context", "\u2026 "))
    pieces.append(Piece("context", text[begin:first]))
    for i, (start, stop) in enumerate(ranges):
        if i:
            pieces.append(Piece("gap", text[ranges[i - 1][1] : start]))
        pieces.append(Piece("mark", text[start:stop]))
    pieces.append(Piece("context", text[last:end]))
    if end < len(text):
        pieces.append(Piece("context", " \u2026"))
    return [p for p in pieces if p.text]


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of a source's text covered by the same spans (none: plain text)."""

    text: str
    spans: tuple[SpanView, ...] = ()
    anchors: tuple[str, ...] = ()  # ids of spans whose first range starts here
    time: str | None = None  # a timed transcript's cue starts here, at this time
    page: str | None = None  # a page of a paged snapshot starts here ("page 2")


def marked_segments(
    text: str,
    spans: Sequence[SpanView],
    times: Mapping[int, str] | None = None,
    pages: Mapping[int, str] | None = None,
) -> list[Segment]:
    """Cut the text at every range boundary, so overlapping spans can all be marked, at every
    cue of a timed transcript (`times`: the offsets where cues start, with their time) and at
    every page of a paged one (`pages`: where pages after the first start, with their name)."""
    times = times or {}
    pages = pages or {}
    cuts = {0, len(text), *times, *pages}
    for span in spans:
        for start, end in span.resolved.ranges:
            cuts.update((start, end))
    points = sorted(cuts)
    starts: dict[int, list[str]] = {}
    for span in spans:
        if span.resolved.ranges:
            starts.setdefault(span.resolved.ranges[0][0], []).append(span.anchor)
    covering: list[tuple[int, int, SpanView]] = [
        (start, end, span) for span in spans for start, end in span.resolved.ranges
    ]
    covering.sort(key=lambda item: item[0])
    segments: list[Segment] = []
    active: list[tuple[int, int, SpanView]] = []
    next_range = 0
    for a, b in pairwise(points):
        while next_range < len(covering) and covering[next_range][0] <= a:
            active.append(covering[next_range])
            next_range += 1
        active = [item for item in active if item[1] > a]
        here_by_anchor = {item[2].anchor: item[2] for item in active if item[0] <= a < item[1]}
        here = tuple(here_by_anchor.values())
        anchors = tuple(starts.get(a, ())) if here else ()
        segments.append(Segment(text[a:b], here, anchors, times.get(a), pages.get(a)))
    return segments
