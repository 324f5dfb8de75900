"""Linking: from a checked site to the immutable, fully linked model that pages are rendered from.

Every claim that checked out is joined to its verdict, its claimant and, span by span, to the
source and the resolved ranges; every source to the spans quoted from it and to the documents it
derives from or that derive from it. Rendering reads only this model.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .addresses import claimant_address, spellings
from .check import CheckResult
from .compare import Later, compare
from .model import (
    FIDELITIES,
    Capture,
    Claim,
    Correction,
    Fidelity,
    Quote,
    ResolvedSpan,
    Source,
    SpanRef,
    Verdict,
)
from .snapshots import Snapshot

#: The date of a fact-check of which no date at all is known (see `ClaimView.checked_on`).
UNKNOWN_DATE = dt.date(1970, 1, 1)


def span_anchor(claim: str, quote: int, span: int) -> str:
    """The stable id of a span's first mark on its source page."""
    return f"span-{claim}-{quote}-{span}"


@dataclass(frozen=True, slots=True)
class SpanView:
    """A published span with its claim, quote, source and resolution."""

    claim: Claim
    quote: Quote
    ref: SpanRef
    source: Source
    resolved: ResolvedSpan  # fidelity `unchecked` (and no ranges) for a cited-only source
    #: How each later version of the source prints the words, oldest first (compare.py).
    later: tuple[Later, ...] = ()

    @property
    def anchor(self) -> str:
        """The id of the span's first mark on its source page."""
        return span_anchor(self.claim.id, self.quote.index, self.ref.index)

    @property
    def fidelity(self) -> Fidelity:
        """How faithfully the source prints the quote here."""
        return self.resolved.fidelity


@dataclass(frozen=True, slots=True)
class QuoteView:
    """A quote with its published spans."""

    quote: Quote
    spans: tuple[SpanView, ...]


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A published claim, linked to its verdict, claimant page, quotes and related claims."""

    claim: Claim
    verdict: Verdict
    claimant_slug: str
    quotes: tuple[QuoteView, ...]
    related: tuple[Claim, ...]
    #: Fact-checks like this one (similar.py), then the same claimant's: suggested, not named.
    fact_checks: tuple[Claim, ...] = ()

    @property
    def id(self) -> str:
        """The claim's id."""
        return self.claim.id

    @property
    def checked_on(self) -> dt.date:
        """The date of the fact-check, for the feed, the ClaimReview and search: `published`,
        else `updated`; else the newest date its evidence carries (a source's `retrieved`,
        else `published`: the check cannot be older than the copy it was made from); else the
        date the claim was made; else 1 January 1970, which says that no date is known."""
        claim = self.claim
        if claim.published or claim.updated:
            return claim.published or claim.updated  # type: ignore[return-value]
        evidence = [s.retrieved or s.published for s in self.sources]
        known = [d for d in evidence if d is not None]
        return max(known) if known else claim.date or UNKNOWN_DATE

    @property
    def sources(self) -> tuple[Source, ...]:
        """The sources the claim's spans are in, each once, in order."""
        seen: dict[str, Source] = {}
        for quote in self.quotes:
            for span in quote.spans:
                seen.setdefault(span.source.id, span.source)
        return tuple(seen.values())


@dataclass(frozen=True, slots=True)
class SourceView:
    """A published source, linked to its snapshot, spans and derivations."""

    source: Source
    snapshot: Snapshot | None
    spans: tuple[SpanView, ...]  # every published span quoted from this source
    derived_from: tuple[tuple[str, Source | None], ...]  # (relation, source) this one comes from
    derivatives: tuple[tuple[str, Source], ...]  # (relation, source) that come from this one
    #: Spans of quotes that another stored source prints too: the fidelity record compares them.
    shared: tuple[SpanView, ...] = ()
    #: The snapshots of the source's later versions, in the order of `source.versions`.
    later: tuple[Snapshot, ...] = ()

    @property
    def captures(self) -> tuple[Capture, ...]:
        """The source's capture and its versions' captures, oldest first."""
        found = (self.source.capture, *(v.capture for v in self.source.versions))
        return tuple(c for c in found if c is not None)

    @property
    def id(self) -> str:
        """The source's id."""
        return self.source.id

    @property
    def shared_counts(self) -> Mapping[str, int]:
        """Spans per fidelity among quotations another stored source prints too."""
        counts = Counter(span.fidelity for span in self.shared)
        return {f: counts.get(f, 0) for f in FIDELITIES}

    @property
    def fidelity_counts(self) -> Mapping[str, int]:
        """Spans per fidelity of every quotation from this source."""
        counts = Counter(span.fidelity for span in self.spans)
        return {f: counts.get(f, 0) for f in FIDELITIES}


@dataclass(frozen=True, slots=True)
class ClaimantView:
    """A claimant, their roles and their claims."""

    name: str
    slug: str
    #: Each role once, with the language of the claim that names it: (role, BCP 47 tag).
    roles: tuple[tuple[str, str], ...]
    claims: tuple[ClaimView, ...]
    #: Other spellings of the name, with the same address, each with its claim's language.
    also_written: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class CorrectionEntry:
    """One correction, with the claim it belongs to, for the corrections log."""

    claim: ClaimView
    correction: Correction


@dataclass(frozen=True, slots=True)
class SiteModel:
    """The linked, immutable model every page is rendered from."""

    scale: tuple[Verdict, ...]
    claims: tuple[ClaimView, ...]  # newest first (by published, then date), then by id
    sources: tuple[SourceView, ...]  # by title
    claimants: tuple[ClaimantView, ...]  # by name
    corrections: tuple[CorrectionEntry, ...]  # newest first
    verdict_counts: Mapping[str, int]  # claims per verdict key, every key of the scale
    tags: tuple[str, ...]  # every tag, sorted
    by_claim: Mapping[str, ClaimView] = field(repr=False)
    by_source: Mapping[str, SourceView] = field(repr=False)


#: A claim page suggests at most `RELATED_SIMILAR` similar claims scoring `RELATED_SCORE`,
#: then the same claimant's, `RELATED_SHOWN` in all.
RELATED_SIMILAR, RELATED_SHOWN, RELATED_SCORE = 3, 5, 0.35


def _fact_checks(
    view: ClaimView,
    related: tuple[Claim, ...],
    similar: Iterable[tuple[str, float]],
    views: Mapping[str, ClaimView],
    by_claimant: Mapping[str, Sequence[Claim]],
) -> tuple[Claim, ...]:
    """The fact-checks a claim page suggests besides the ones its editors named."""
    shown = {view.claim.id, *(c.id for c in related)}
    found: list[Claim] = []
    for other, score in similar:
        if len(found) == RELATED_SIMILAR or score < RELATED_SCORE:
            break
        if other in views and other not in shown:
            found.append(views[other].claim)
            shown.add(other)
    same = [c for c in by_claimant.get(view.claimant_slug, ()) if c.id not in shown]
    return (*found, *same[: RELATED_SHOWN - len(found)])


def link_site(result: CheckResult, scale: Sequence[Verdict]) -> SiteModel:
    """Join everything that checked out; broken claims (the plugin names them) are left out."""
    verdicts = {v.key: v for v in scale}
    resolved = {(s.claim, s.quote, s.span): s for s in result.spans}
    published = [c for cid, c in result.claims.items() if cid not in result.broken_claims]
    slugs = {c.claimant: claimant_address(c.claimant) for c in published}
    views: dict[str, ClaimView] = {}
    for claim in published:
        quotes = tuple(
            QuoteView(
                quote,
                tuple(
                    SpanView(
                        claim,
                        quote,
                        ref,
                        result.sources[ref.source],
                        resolved[(claim.id, quote.index, ref.index)],
                        _later(result, ref.source, resolved[(claim.id, quote.index, ref.index)]),
                    )
                    for ref in quote.spans
                ),
            )
            for quote in claim.quotes
        )
        views[claim.id] = ClaimView(
            claim, verdicts[claim.verdict], slugs[claim.claimant], quotes, ()
        )
    by_claimant: dict[str, list[Claim]] = {}
    for view in sorted(views.values(), key=_newest_first):
        by_claimant.setdefault(view.claimant_slug, []).append(view.claim)
    for claim_id, view in views.items():  # related claims, once every view exists
        related = tuple(views[r].claim for r in view.claim.related if r in views)
        views[claim_id] = ClaimView(
            view.claim,
            view.verdict,
            view.claimant_slug,
            view.quotes,
            related,
            _fact_checks(view, related, result.similar.get(claim_id, ()), views, by_claimant),
        )
    ordered = tuple(sorted(views.values(), key=_newest_first))
    sources = _source_views(result, ordered)
    return SiteModel(
        scale=tuple(scale),
        claims=ordered,
        sources=sources,
        claimants=_claimants(ordered),
        corrections=tuple(
            sorted(
                (CorrectionEntry(c, k) for c in ordered for k in c.claim.corrections),
                key=lambda e: (e.correction.date, e.claim.id),
                reverse=True,
            )
        ),
        verdict_counts={v.key: sum(c.verdict.key == v.key for c in ordered) for v in scale},
        tags=tuple(sorted({t for c in ordered for t in c.claim.tags})),
        by_claim={c.id: c for c in ordered},
        by_source={s.id: s for s in sources},
    )


def _later(result: CheckResult, source_id: str, span: ResolvedSpan) -> tuple[Later, ...]:
    """How each later version of the span's source prints its words (SPEC §8, `later`)."""
    versions = result.later.get(source_id, ())
    quoted = result.snapshots.get(source_id)
    if not versions or quoted is None or not span.ranges:
        return ()
    return tuple(
        compare(quoted, span.ranges, snapshot, version.retrieved) for version, snapshot in versions
    )


def _newest_first(view: ClaimView) -> tuple[int, str]:
    date = view.claim.published or view.claim.date
    return (-(date.toordinal() if date else 0), view.id)


def _claimants(claims: Sequence[ClaimView]) -> tuple[ClaimantView, ...]:
    """A claimant per address: names spelled two ways that give one address share a page,
    titled with the spelling most claims use (see `addresses.spelling_problems`)."""
    grouped: dict[str, list[ClaimView]] = defaultdict(list)
    for view in claims:
        grouped[view.claimant_slug].append(view)
    titles = spellings(Counter(view.claim.claimant for view in claims).items())
    out = []
    for slug, views in grouped.items():
        name = titles[views[0].claim.claimant]
        roles = tuple(
            {
                v.claim.claimant_role: v.claim.language for v in views if v.claim.claimant_role
            }.items()
        )
        others = tuple(
            sorted(
                {
                    v.claim.claimant: v.claim.language for v in views if v.claim.claimant != name
                }.items()
            )
        )
        out.append(ClaimantView(name, slug, roles, tuple(views), others))
    return tuple(sorted(out, key=lambda c: (c.name.casefold(), c.slug)))


def _source_views(result: CheckResult, claims: Sequence[ClaimView]) -> tuple[SourceView, ...]:
    spans: dict[str, list[SpanView]] = defaultdict(list)
    stored_in: dict[tuple[str, int], set[str]] = defaultdict(set)  # quote -> stored sources
    for view in claims:
        for quote in view.quotes:
            for span in quote.spans:
                spans[span.source.id].append(span)
                if span.fidelity != "unchecked":
                    stored_in[(view.id, quote.quote.index)].add(span.source.id)
    derivatives: dict[str, list[tuple[str, Source]]] = defaultdict(list)
    for source in result.sources.values():
        for d in source.derived_from:
            derivatives[d.source].append((d.relation, source))
    views = [
        SourceView(
            source=source,
            snapshot=result.snapshots.get(source.id),
            spans=tuple(spans.get(source.id, ())),
            derived_from=tuple(
                (d.relation, result.sources.get(d.source)) for d in source.derived_from
            ),
            derivatives=tuple(derivatives.get(source.id, ())),
            shared=tuple(
                span
                for span in spans.get(source.id, ())
                if span.fidelity != "unchecked"
                and stored_in[(span.claim.id, span.quote.index)] - {source.id}
            ),
            later=tuple(snapshot for _version, snapshot in result.later.get(source.id, ())),
        )
        for source in result.sources.values()
        if source.id not in result.broken_sources
    ]
    return tuple(sorted(views, key=lambda v: (v.source.title.casefold(), v.id)))
