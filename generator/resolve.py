"""Resolving a span to exact, verified ranges of a snapshot (SPEC §4).

Order: the `start` hint; every occurrence of `exact`, narrowed by `prefix`/`suffix` and then by
nearness to `start`; an elided `exact` as ordered segments; otherwise `not-found` with the
closest passage as a hint. Everything is matched in folded text and reported in canonical
offsets. A fuzzy match only ever becomes a hint.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from .fidelity import word_diff
from .hints import closest_passage
from .model import SpanRef
from .snapshots import Snapshot
from .text import ELISION, canonical_str, fold

#: At most this many code points may lie between two segments of an elided quote.
MAX_ELISION_GAP = 400
_SHOWN_OCCURRENCES = 5

Chain = tuple[tuple[int, int], ...]  # folded [start, end) of each segment


@dataclass(frozen=True, slots=True)
class Resolution:
    ranges: tuple[tuple[int, int], ...]
    how: str  # start | unique | context | nearest-start


@dataclass(frozen=True, slots=True)
class Failure:
    code: str
    message: str
    hint: str | None = None


def needle(text: str) -> str:
    """The folded form of quoted words, as they are searched for."""
    return fold(canonical_str(text)).strip()


def occurrences(haystack: str, word: str) -> list[int]:
    """Every start of `word` in `haystack`, overlapping ones included."""
    hits: list[int] = []
    find = haystack.find
    i = find(word)
    while i != -1:
        hits.append(i)
        i = find(word, i + 1)
    return hits


def resolve(span: SpanRef, snapshot: Snapshot) -> Resolution | Failure:
    wanted = needle(span.exact)
    if not wanted:
        return Failure("bad-value", "the quoted words are empty after folding")
    text = snapshot.text
    if span.start is not None and 0 <= span.start <= len(text.canonical):
        at = text.to_folded(span.start)
        if text.folded[at : at + 1] == " ":  # a hint on the white space before the words
            at += 1
        if text.folded.startswith(wanted, at):
            return _resolution(snapshot, ((at, at + len(wanted)),), "start")
    hits = occurrences(text.folded, wanted)
    if hits:
        return _choose([((h, h + len(wanted)),) for h in hits], span, snapshot, wanted)
    segments = [part.strip() for part in ELISION.split(wanted)]
    segments = [part for part in segments if part]
    if segments and segments != [wanted]:
        return _resolve_elided(segments, span, snapshot)
    return _not_found(span, snapshot, wanted)


def _resolution(snapshot: Snapshot, chain: Chain, how: str) -> Resolution:
    return Resolution(tuple(snapshot.text.to_canonical(s, e) for s, e in chain), how)


def _resolve_elided(segments: list[str], span: SpanRef, snapshot: Snapshot) -> Resolution | Failure:
    text = snapshot.text
    hits = [occurrences(text.folded, part) for part in segments]
    for part, found in zip(segments, hits, strict=True):
        if not found:
            return _not_found(span, snapshot, part, elided_part=True)
    chains: list[Chain] = []
    too_far: tuple[str, str, int] | None = None
    for first in hits[0]:
        chain = [(first, first + len(segments[0]))]
        for part, found in zip(segments[1:], hits[1:], strict=True):
            previous_end = chain[-1][1]
            i = bisect_left(found, previous_end)
            if i == len(found):
                break
            nxt = found[i]
            gap = text.to_canonical_start(nxt) - text.to_canonical_end(previous_end)
            if gap > MAX_ELISION_GAP:
                prev_part = segments[len(chain) - 1]
                if too_far is None or gap < too_far[2]:
                    too_far = (prev_part, part, gap)
                break
            chain.append((nxt, nxt + len(part)))
        if len(chain) == len(segments):
            chains.append(tuple(chain))
    if chains:
        if span.start is not None:
            at = text.to_folded(span.start)
            starting = [c for c in chains if c[0][0] == at]
            if len(starting) == 1:
                return _resolution(snapshot, starting[0], "start")
        return _choose(chains, span, snapshot, segments[0])
    if too_far is not None:
        before, after, gap = too_far
        return Failure(
            "elision-gap",
            f"{gap} code points lie between {_short(before)} and {_short(after)} in "
            f"{snapshot.path}; an elision may skip at most {MAX_ELISION_GAP}",
            "split the quote into two quotes, or check that the parts are quoted in the "
            "order the source prints them",
        )
    return Failure(
        "not-found",
        f"the parts of this elided quote are in {snapshot.path}, but not in this order",
        "write the parts in the order the source prints them",
    )


def _context_matches(chain: Chain, span: SpanRef, folded: str) -> bool:
    if span.prefix is not None:
        prefix = needle(span.prefix)
        if prefix:
            begin = chain[0][0]
            if not folded[max(0, begin - len(prefix) - 1) : begin].rstrip().endswith(prefix):
                return False
    if span.suffix is not None:
        suffix = needle(span.suffix)
        if suffix:
            end = chain[-1][1]
            if not folded[end : end + len(suffix) + 1].lstrip().startswith(suffix):
                return False
    return True


def _choose(
    chains: Sequence[Chain], span: SpanRef, snapshot: Snapshot, wanted: str
) -> Resolution | Failure:
    how = "unique"
    if span.prefix or span.suffix:
        fitting = [c for c in chains if _context_matches(c, span, snapshot.text.folded)]
        if not fitting:
            return Failure(
                "not-found",
                f"{_short(wanted)} occurs {_times(len(chains))} in {snapshot.path} "
                f"({_where(chains, snapshot)}), but never with the given prefix/suffix",
                "copy prefix: and suffix: from the snapshot exactly, or remove them",
            )
        if len(chains) > 1:
            how = "context"
        chains = fitting
    if len(chains) == 1:
        return _resolution(snapshot, chains[0], how)
    if span.start is not None:
        distance = sorted(
            (abs(snapshot.text.to_canonical_start(c[0][0]) - span.start), i)
            for i, c in enumerate(chains)
        )
        if distance[0][0] != distance[1][0]:
            return _resolution(snapshot, chains[distance[0][1]], "nearest-start")
    return Failure(
        "ambiguous",
        f"{_short(wanted)} occurs {_times(len(chains))} in {snapshot.path}: "
        f"at {_where(chains, snapshot)}",
        _ambiguity_hint(chains, snapshot),
    )


def _where(chains: Sequence[Chain], snapshot: Snapshot) -> str:
    places = []
    for chain in chains[:_SHOWN_OCCURRENCES]:
        line, column = snapshot.line_column(snapshot.text.to_canonical_start(chain[0][0]))
        places.append(f"{line}:{column}")
    more = len(chains) - _SHOWN_OCCURRENCES
    return ", ".join(places) + (f" and {more} more" if more > 0 else "")


def _ambiguity_hint(chains: Sequence[Chain], snapshot: Snapshot) -> str:
    text = snapshot.text
    options = []
    for chain in chains[:_SHOWN_OCCURRENCES]:
        start = text.to_canonical_start(chain[0][0])
        line, column = snapshot.line_column(start)
        before = " ".join(text.canonical[max(0, start - 60) : start].split()[-4:])
        options.append(f"{line}:{column} prefix: {json.dumps(before, ensure_ascii=False)}")
    return (
        "add prefix: (the words just before) or suffix: (just after) to say which one, "
        "or start: with its offset; " + "; ".join(options)
    )


def _not_found(
    span: SpanRef, snapshot: Snapshot, wanted: str, *, elided_part: bool = False
) -> Failure:
    what = f"the part {_short(wanted)} of this quote" if elided_part else _short(wanted)
    passage = closest_passage(wanted, snapshot)
    if passage is None:
        return Failure(
            "not-found",
            f"{what} is not in {snapshot.path}, and nothing there is close",
            f"copy the words from {snapshot.path} into exact:, or check the span's source",
        )
    return Failure(
        "not-found",
        f"{what} is not in {snapshot.path}; the closest passage is at "
        f"{passage.line}:{passage.column}: {word_diff(passage.diff)}",
        "set exact: to the words the source really prints: exact: "
        + json.dumps(passage.printed, ensure_ascii=False),
    )


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return json.dumps(text, ensure_ascii=False)


def _times(n: int) -> str:
    return "twice" if n == 2 else f"{n} times"
