"""Resolving a span to exact, verified ranges of a snapshot (SPEC §4).

Order: the `start` hint; every occurrence of `exact`, narrowed by `prefix`/`suffix` and then by
nearness to `start`; an elided `exact` as ordered segments; otherwise `not-found`, saying where
the words were seen inside longer words, or giving the closest passage as a hint. Everything is
matched in folded text and reported in canonical offsets, and every match, of `exact`, of a
segment, of `prefix` or `suffix`, must start and end on whole words and whole characters
(boundaries.py). A fuzzy match only ever becomes a hint.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from .boundaries import Cut
from .fidelity import word_diff
from .hints import closest_passage
from .model import SpanRef
from .snapshots import Snapshot
from .text import ELISION, canonical_str, fold

#: At most this many code points may lie between two segments of an elided quote.
MAX_ELISION_GAP = 400
_SHOWN_OCCURRENCES = 5
#: A suggested `exact:` longer than this is not offered (the "word" would be a whole text).
_LONGEST_SUGGESTION = 300

#: One occurrence: folded start and end, then canonical start and end.
Hit = tuple[int, int, int, int]
Chain = tuple[Hit, ...]  # one hit per segment of an elided quote


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a span resolved: canonical ranges, and how (start, unique, context, nearest)."""

    ranges: tuple[tuple[int, int], ...]
    how: str  # start | unique | context | nearest-start


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a span did not resolve: a problem code, a message and a hint."""

    code: str
    message: str
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class Found:
    """The occurrences of folded words in a snapshot: whole ones, and folded starts of those
    that cut a word or a character (kept only to say so)."""

    hits: list[Hit]
    inside: list[tuple[int, Cut]]


def needle(text: str) -> str:
    """The folded form of quoted words, as they are searched for."""
    return fold(canonical_str(text)).strip()


def occurrences(haystack: str, word: str) -> list[int]:
    """Every start of `word` in `haystack`, overlapping ones included, whole or not."""
    hits: list[int] = []
    find = haystack.find
    i = find(word)
    while i != -1:
        hits.append(i)
        i = find(word, i + 1)
    return hits


def find(snapshot: Snapshot, wanted: str) -> Found:
    """Every occurrence of the folded words `wanted` that starts and ends on a boundary."""
    bounds = snapshot.bounds
    size = len(wanted)
    hits: list[Hit] = []
    inside: list[tuple[int, Cut]] = []
    for start in occurrences(snapshot.text.folded, wanted):
        placed = bounds.place(start, start + size)
        if isinstance(placed, tuple):
            hits.append((start, start + size, *placed))
        else:
            inside.append((start, placed))
    return Found(hits, inside)


def _hint_at(snapshot: Snapshot, start: int) -> int:
    """The folded offset a `start:` hint names (a hint on the space before the words counts)."""
    at = snapshot.text.to_folded(start)
    return at + 1 if snapshot.text.folded[at : at + 1] == " " else at


def resolve(span: SpanRef, snapshot: Snapshot) -> Resolution | Failure:
    """Resolve a span in a snapshot (SPEC §4): verified whole-word ranges, or why not."""
    wanted = needle(span.exact)
    if not wanted:
        return Failure("bad-value", "the quoted words are empty after folding")
    text = snapshot.text
    if span.start is not None and 0 <= span.start <= len(text.canonical):
        at = _hint_at(snapshot, span.start)
        if text.folded.startswith(wanted, at):
            placed = snapshot.bounds.place(at, at + len(wanted))
            if isinstance(placed, tuple):
                return Resolution((placed,), "start")
    found = find(snapshot, wanted)
    segments = [part.strip() for part in ELISION.split(wanted)]
    segments = [part for part in segments if part]
    elided = bool(segments) and segments != [wanted]
    if found.hits:
        chosen = _choose([(hit,) for hit in found.hits], span, snapshot, wanted)
        if isinstance(chosen, Resolution) or chosen.code == "ambiguous" or not elided:
            return chosen
        # The editor's `…` also matched a `...` the source prints, but not with the given
        # prefix/suffix: the words may still be there with the source's own mark between.
        parts = _resolve_elided(segments, span, snapshot)
        return parts if isinstance(parts, Resolution) else chosen
    if elided:
        return _resolve_elided(segments, span, snapshot)
    if found.inside:
        return _inside_words(wanted, found, snapshot)
    return _not_found(span, snapshot, wanted)


def _resolution(chain: Chain, how: str) -> Resolution:
    return Resolution(tuple((hit[2], hit[3]) for hit in chain), how)


def _resolve_elided(segments: list[str], span: SpanRef, snapshot: Snapshot) -> Resolution | Failure:
    hits: list[list[Hit]] = []
    for part in segments:
        found = find(snapshot, part)
        if not found.hits:
            if found.inside:
                return _inside_words(part, found, snapshot, elided_part=True)
            return _not_found(span, snapshot, part, elided_part=True)
        hits.append(found.hits)
    chains, too_far = _chains(segments, hits)
    if chains:
        if span.start is not None:
            at = _hint_at(snapshot, span.start)
            starting = [c for c in chains if c[0][0] == at]
            if len(starting) == 1:
                return _resolution(starting[0], "start")
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


def _chains(
    segments: list[str], hits: list[list[Hit]]
) -> tuple[list[Chain], tuple[str, str, int] | None]:
    """The places of an elided quote: a hit of each segment, in order, each at most
    `MAX_ELISION_GAP` after the one before; and the shortest gap too far, when one was."""
    chains: list[Chain] = []
    too_far: tuple[str, str, int] | None = None
    for first in hits[0]:
        chain = [first]
        for part, found_hits in zip(segments[1:], hits[1:], strict=True):
            previous = chain[-1]
            i = bisect_left(found_hits, (previous[1],))
            if i == len(found_hits):
                break
            nxt = found_hits[i]
            gap = nxt[2] - previous[3]
            if gap > MAX_ELISION_GAP:
                prev_part = segments[len(chain) - 1]
                if too_far is None or gap < too_far[2]:
                    too_far = (prev_part, part, gap)
                break
            chain.append(nxt)
        if len(chain) == len(segments):
            chains.append(tuple(chain))
    return chains, too_far


def placements(span: SpanRef, snapshot: Snapshot) -> list[tuple[tuple[tuple[int, int], ...], bool]]:
    """Every place the span's words are in `snapshot`, on whole words and whole characters
    (each as its canonical ranges; an elided quote's parts in order), and whether the span's
    prefix and suffix are there too: how a later version of a source is compared with the
    words quoted from it (compare.py)."""
    wanted = needle(span.exact)
    if not wanted:
        return []
    chains: list[Chain] = [(hit,) for hit in find(snapshot, wanted).hits]
    segments = [part.strip() for part in ELISION.split(wanted) if part.strip()]
    if not chains and segments and segments != [wanted]:
        hits = [find(snapshot, part).hits for part in segments]
        if all(hits):
            chains = _chains(segments, hits)[0]
    return [
        (tuple((hit[2], hit[3]) for hit in chain), _context_matches(chain, span, snapshot))
        for chain in chains
    ]


def _prefix_fits(chain: Chain, prefix: str, snapshot: Snapshot) -> bool:
    """`prefix` ends right before the chain (one space between them or none). Its far end may
    cut a word or a character: a W3C TextQuoteSelector's context counts code points, and the
    occurrence itself is already on whole words."""
    folded = snapshot.text.folded
    end = chain[0][0]
    if folded[end - 1 : end] == " ":
        end -= 1
    return end - len(prefix) >= 0 and folded.startswith(prefix, end - len(prefix))


def _suffix_fits(chain: Chain, suffix: str, snapshot: Snapshot) -> bool:
    """`suffix` starts right after the chain (one space between them or none), and may end
    anywhere, as `_prefix_fits`."""
    folded = snapshot.text.folded
    start = chain[-1][1]
    if folded[start : start + 1] == " ":
        start += 1
    return folded.startswith(suffix, start)


def _context_matches(chain: Chain, span: SpanRef, snapshot: Snapshot) -> bool:
    if span.prefix is not None:
        prefix = needle(span.prefix)
        if prefix and not _prefix_fits(chain, prefix, snapshot):
            return False
    if span.suffix is not None:
        suffix = needle(span.suffix)
        if suffix and not _suffix_fits(chain, suffix, snapshot):
            return False
    return True


def _choose(
    chains: Sequence[Chain], span: SpanRef, snapshot: Snapshot, wanted: str
) -> Resolution | Failure:
    how = "unique"
    if span.prefix or span.suffix:
        fitting = [c for c in chains if _context_matches(c, span, snapshot)]
        if not fitting:
            return Failure(
                "not-found",
                f"{_short(wanted)} occurs {_times(len(chains))} in {snapshot.path} "
                f"({_where(chains, snapshot)}), but never with the given prefix/suffix",
                "copy prefix: (the text right before the words) and suffix: (right after) "
                "from the snapshot, or remove them",
            )
        if len(chains) > 1:
            how = "context"
        chains = fitting
    if len(chains) == 1:
        return _resolution(chains[0], how)
    if span.start is not None:
        distance = sorted((abs(c[0][2] - span.start), i) for i, c in enumerate(chains))
        if distance[0][0] != distance[1][0]:
            return _resolution(chains[distance[0][1]], "nearest-start")
    return Failure(
        "ambiguous",
        f"{_short(wanted)} occurs {_times(len(chains))} in {snapshot.path}: "
        f"at {_where(chains, snapshot)}",
        _ambiguity_hint(chains, snapshot),
    )


def _where(chains: Sequence[Chain], snapshot: Snapshot) -> str:
    places = []
    for chain in chains[:_SHOWN_OCCURRENCES]:
        line, column = snapshot.line_column(chain[0][2])
        places.append(f"{line}:{column}")
    more = len(chains) - _SHOWN_OCCURRENCES
    return ", ".join(places) + (f" and {more} more" if more > 0 else "")


def _ambiguity_hint(chains: Sequence[Chain], snapshot: Snapshot) -> str:
    canonical = snapshot.canonical
    options = []
    for chain in chains[:_SHOWN_OCCURRENCES]:
        start = chain[0][2]
        line, column = snapshot.line_column(start)
        window = max(0, start - 200)
        words = canonical[window:start].split()[1 if window else 0 :]  # no cut first word
        before = " ".join(words[-4:])
        options.append(f"{line}:{column} prefix: {json.dumps(before, ensure_ascii=False)}")
    return (
        "add prefix: (the words just before) or suffix: (just after) to say which one, "
        "or start: with its offset; " + "; ".join(options)
    )


def _inside_words(
    wanted: str, found: Found, snapshot: Snapshot, *, elided_part: bool = False
) -> Failure:
    """`not-found` for words that occur only inside longer words or characters."""
    what = f"the part {_short(wanted)} of this quote" if elided_part else _short(wanted)
    cuts = {cut for _, cut in found.inside}
    inside = (
        "a longer word"
        if cuts == {"word"}
        else "a longer character (with its combining marks, modifiers or joiners)"
        if cuts == {"character"}
        else "longer words or characters"
    )
    places = []
    suggestion = None
    for start, _ in found.inside[:_SHOWN_OCCURRENCES]:
        c_start, c_end = snapshot.text.to_canonical(start, start + len(wanted))
        w_start, w_end = snapshot.bounds.widen(c_start, c_end)
        line, column = snapshot.line_column(w_start)
        printed = snapshot.canonical[w_start:w_end]
        places.append(f"{line}:{column} {_short(printed)}")
        if suggestion is None and len(printed) <= _LONGEST_SUGGESTION:
            suggestion = printed
    more = len(found.inside) - _SHOWN_OCCURRENCES
    hint = "quote whole words and whole characters, as the source prints them"
    if suggestion is not None:
        hint += ": exact: " + json.dumps(suggestion, ensure_ascii=False)
    return Failure(
        "not-found",
        f"{what} is not in {snapshot.path} as whole words: it occurs only inside {inside}, at "
        + ", ".join(places)
        + (f" and {more} more" if more > 0 else ""),
        hint,
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
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"
