"""Linking, second half: what the pages show, derived once from the linked model before any
page is rendered, into frozen values: the excerpt around every span, the marked segments of
every stored text, the provenance of every claim. Rendering only formats them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..i18n import ENGLISH, Language
from ..site import SiteModel
from ..transcripts import clock
from .provenance import QuoteProvenance, claim_provenance
from .textviews import Piece, Segment, excerpt, marked_segments


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
    excerpts: dict[str, tuple[Piece, ...]] = {}
    for claim in model.claims:
        for quote in claim.quotes:
            for span in quote.spans:
                snapshot = model.by_source[span.source.id].snapshot
                if snapshot is not None and span.resolved.ranges:
                    pieces = excerpt(snapshot.canonical, span.resolved.ranges, context)
                    excerpts[span.anchor] = tuple(pieces)
    segments = {
        view.id: tuple(
            marked_segments(
                view.snapshot.canonical,
                view.spans,
                {c.start: clock(c.begins) for c in view.snapshot.transcript.cues}
                if view.snapshot.transcript
                else None,
                {
                    at + 1: language.gettext("page %(page)s") % {"page": language.number(number)}
                    for number, at in enumerate(view.snapshot.page_breaks, 2)
                },
            )
        )
        for view in model.sources
        if view.snapshot is not None
    }
    provenance = {
        view.id: tuple(claim_provenance(view, sources, language)) for view in model.claims
    }
    return Derived(
        MappingProxyType(excerpts), MappingProxyType(segments), MappingProxyType(provenance)
    )
