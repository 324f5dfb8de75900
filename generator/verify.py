"""The resolve stage: every span of a claim verified against its source's snapshot (SPEC §4),
with its fidelity (SPEC §5). It returns values: the resolved spans, the problems, and whether
every span could be checked at all.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from .fidelity import span_fidelity
from .fields import did_you_mean
from .load import Catalog
from .model import Claim, Pos, Problem, Quote, ResolvedSpan, Source, SpanRef
from .resolve import Failure, resolve
from .snapshots import Snapshot


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    """What verifying one claim found: its resolved spans, its problems, and `checkable`,
    false when a span's source could not be used (its problems are reported at the source)."""

    spans: tuple[ResolvedSpan, ...]
    problems: tuple[Problem, ...]
    checkable: bool

    @property
    def broken(self) -> bool:
        """A claim is broken when it has an error of its own or cannot be checked."""
        return not self.checkable or any(p.severity == "error" for p in self.problems)


def unknown_reference(
    path: str, pos: Pos, code: str, name: str, known: Collection[str], what: str
) -> Problem:
    """`unknown-source` or `unknown-claim` for `name`, suggesting the closest known id."""
    guess = did_you_mean(name, known)
    return Problem(
        path,
        pos.line,
        pos.column,
        "error",
        code,
        f"there is no {what} '{name}'",
        f"did you mean '{guess}'?"
        if guess
        else f"add {what}s/{name}.yml, or use the id of an existing {what} (its file name)",
    )


def link_claim(claim: Claim, catalog: Catalog) -> list[Problem]:
    """The claim's references to other claims that do not exist."""
    if not catalog.complete("claim"):
        return []  # they may be in the folder that could not be read (reported there)
    return [
        unknown_reference(
            claim.where.path,
            claim.where.at("related"),
            "unknown-claim",
            related,
            catalog.claims,
            "claim",
        )
        for related in claim.related
        if related not in catalog.claims
    ]


def link_source(source: Source, catalog: Catalog) -> list[Problem]:
    """The source's `derived_from` entries that name no source of the site."""
    if not catalog.complete("source"):
        return []
    return [
        unknown_reference(
            source.where.path,
            source.where.at("derived_from"),
            "unknown-source",
            derivation.source,
            catalog.sources,
            "source",
        )
        for derivation in source.derived_from
        if derivation.source not in catalog.sources
    ]


def verify_claim(
    claim: Claim,
    catalog: Catalog,
    sources: Mapping[str, Source],
    snapshots: Mapping[str, Snapshot],
    failed_sources: Collection[str],
) -> ClaimCheck:
    """Resolve every span of a claim and measure its fidelity."""
    spans: list[ResolvedSpan] = []
    problems: list[Problem] = []
    checkable = True
    for quote in claim.quotes:
        for span in quote.spans:
            if span.source not in catalog.sources:
                if not catalog.complete("source"):
                    checkable = False  # it may be in the unreadable folder (reported there)
                    continue
                problems.append(
                    unknown_reference(
                        claim.where.path,
                        span.where.at("source"),
                        "unknown-source",
                        span.source,
                        catalog.sources,
                        "source",
                    )
                )
                continue
            source = sources.get(span.source)
            if span.source in failed_sources:
                # The source's own problems are reported once, at the source, and keep this
                # claim off the site; but a text that loaded (say, one that changed since it
                # was pinned) is still checked, so that every quote it broke is reported too.
                checkable = False
                if source is None or (not source.cited_only and span.source not in snapshots):
                    continue
            if source is None:
                checkable = False
                continue
            if source.cited_only:
                problems.extend(_cited_only(claim, span))
                spans.append(
                    ResolvedSpan(claim.id, quote.index, span.index, span.source, "unchecked")
                )
                continue
            resolved = _verify_span(claim, quote, span, snapshots[span.source])
            if isinstance(resolved, Problem):
                problems.append(resolved)
            else:
                spans.append(resolved)
    return ClaimCheck(tuple(spans), tuple(problems), checkable)


def _cited_only(claim: Claim, span: SpanRef) -> list[Problem]:
    given = [name for name in ("start", "prefix", "suffix") if getattr(span, name) is not None]
    if not given:
        return []
    pos = span.where.at(given[0])
    return [
        Problem(
            claim.where.path,
            pos.line,
            pos.column,
            "error",
            "no-snapshot",
            f"'{span.source}' has no snapshot, so {', '.join(given)} cannot be checked",
            f"add snapshot: to sources/{span.source}.yml, or remove {', '.join(given)}",
        )
    ]


def _verify_span(
    claim: Claim, quote: Quote, span: SpanRef, snapshot: Snapshot
) -> ResolvedSpan | Problem:
    result = resolve(span, snapshot)
    if isinstance(result, Failure):
        pos = span.where.at("exact")
        return Problem(
            claim.where.path,
            pos.line,
            pos.column,
            "error",
            result.code,
            result.message,
            result.hint,
        )
    ranges = result.ranges
    fidelity, diff = span_fidelity(quote.text, snapshot.canonical, ranges)
    line, column = snapshot.line_column(ranges[0][0])
    return ResolvedSpan(
        claim=claim.id,
        quote=quote.index,
        span=span.index,
        source=span.source,
        fidelity=fidelity,
        ranges=ranges,
        line=line,
        column=column,
        how=result.how,
        diff=diff if fidelity != "verbatim" else (),
    )
