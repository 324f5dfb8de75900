"""Derived data: what the pages show beyond the linked model (link.py): the excerpt around every
span, the marked segments of every stored text, the provenance of every claim. Each is computed
once, when a page first asks for it, in the process that renders that page: the forked workers
of bodies.py each derive only what their own pages show. Rendering only formats them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from ..i18n import ENGLISH, Language
from ..link import SiteModel, SourceView, SpanView
from ..readers.captions import clock
from ..snapshots import Snapshot
from .excerpts import Piece, Segment, excerpt, marked_segments
from .provenance import QuoteProvenance, claim_provenance

V = TypeVar("V")
K = TypeVar("K")


class Lazy(Mapping[str, V]):
    """A mapping of known keys whose values are computed on first use, and kept."""

    def __init__(self, sources: Mapping[str, K], compute: Callable[[K], V]) -> None:
        self._sources = sources
        self._compute = compute
        self._values: dict[str, V] = {}

    def __getitem__(self, key: str) -> V:
        found = self._values.get(key)
        if found is None:
            found = self._values[key] = self._compute(self._sources[key])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


@dataclass(frozen=True, slots=True)
class Derived:
    """Excerpts by span anchor, segments by source id, provenance by claim id."""

    excerpts: Mapping[str, tuple[Piece, ...]]
    segments: Mapping[str, tuple[Segment, ...]]
    provenance: Mapping[str, tuple[QuoteProvenance, ...]]


def derive(model: SiteModel, context: int, language: Language = ENGLISH) -> Derived:
    """Everything the pages of `model` show beyond the model itself; `context` is how many
    code points of source text an excerpt keeps on either side of a quote."""
    sources = {view.id: view.source for view in model.sources}
    quoted: dict[str, tuple[SpanView, Snapshot]] = {}
    for claim in model.claims:
        for quote in claim.quotes:
            for span in quote.spans:
                snapshot = model.by_source[span.source.id].snapshot
                if snapshot is not None and span.resolved.ranges:
                    quoted[span.anchor] = (span, snapshot)

    def pieces(found: tuple[SpanView, Snapshot]) -> tuple[Piece, ...]:
        span, snapshot = found
        return tuple(excerpt(snapshot.canonical, span.resolved.ranges, context))

    def segments(view: SourceView) -> tuple[Segment, ...]:
        snapshot = view.snapshot
        assert snapshot is not None
        return tuple(
            marked_segments(
                snapshot.canonical,
                view.spans,
                {c.start: clock(c.begins) for c in snapshot.transcript.cues}
                if snapshot.transcript
                else None,
                {
                    at + 1: language.gettext("page %(page)s") % {"page": language.number(number)}
                    for number, at in enumerate(snapshot.page_breaks, 2)
                },
            )
        )

    return Derived(
        Lazy(quoted, pieces),
        Lazy({view.id: view for view in model.sources if view.snapshot is not None}, segments),
        Lazy(
            {view.id: view for view in model.claims},
            lambda view: tuple(claim_provenance(view, sources, language)),
        ),
    )
