"""The verify stage: every span of a claim resolved in its source's snapshot (resolve.py, SPEC §4),
with its fidelity (SPEC §5). It returns values: the resolved spans, the problems, and whether
every span could be checked at all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from .cache import Memo
from .fidelity import span_fidelity
from .fields import did_you_mean
from .load import Catalog
from .model import (
    Claim,
    DiffOp,
    Fidelity,
    Pos,
    Problem,
    Quote,
    ResolvedSpan,
    Source,
    SpanRef,
)
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


def unknown_related_claims(claim: Claim, catalog: Catalog) -> list[Problem]:
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


def unknown_derivations(source: Source, catalog: Catalog) -> list[Problem]:
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
            resolved = _verify_span(claim, quote, span, snapshots[span.source], source.language)
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


@dataclass(frozen=True, slots=True)
class SpanOutcome:
    """Where a span's words are and how faithful they are: all that its text decides."""

    ranges: tuple[tuple[int, int], ...]
    how: str
    fidelity: Fidelity
    diff: tuple[DiffOp, ...]
    line: int
    column: int


_Key = tuple[str, str, str | None, str, str | None, str | None, int | None]

#: Spans resolved by earlier checks (of this process, or kept in the cache file: cache.py), by
#: everything that decides the outcome: the snapshot's path and the sha256 of its text, the
#: quote's words, and the span's exact, prefix, suffix and start. Nothing else goes in, so an
#: entry is the outcome for any claim that writes the same span; where the claim wrote it is
#: added after. `mkdocs serve` checks the whole site on every save; this spares it resolving
#: the spans that did not change (2.8 s of a 10,000-claim check here).
SPAN_MEMO: Memo[_Key, SpanOutcome | Failure] = Memo()


def same_language(a: str, b: str) -> bool:
    """Whether two BCP 47 tags name one language: equal, or one a narrowing of the other
    (`pt` and `pt-BR`; not `zh-Hans` and `zh-Hant`)."""
    a, b = a.lower(), b.lower()
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


def compared_words(claim: Claim, quote: Quote, source_language: str) -> str | None:
    """The words a span in a source of `source_language` is compared with (SPEC §5): the
    quote's original when the source is in the original's language, else its text when the
    source is in the claim's language, else none: the span is `translated`."""
    if quote.original is not None and same_language(source_language, quote.original.language):
        return quote.original.text
    if same_language(source_language, claim.language):
        return quote.text
    return None


def _verify_span(
    claim: Claim, quote: Quote, span: SpanRef, snapshot: Snapshot, source_language: str
) -> ResolvedSpan | Problem:
    words = compared_words(claim, quote, source_language)
    if not span.exact_given:
        if words is None:
            pos = span.where.at("source")
            original = f" and its original in {quote.original.language}" if quote.original else ""
            return Problem(
                claim.where.path,
                pos.line,
                pos.column,
                "error",
                "missing-field",
                f"{span.source} is in {source_language}, the quote in {claim.language}"
                f"{original}: this span needs 'exact', the words as the source prints them",
                "add exact: with the words in the source's language, as it prints them",
            )
        span = dataclasses.replace(span, exact=words)
    key = (
        snapshot.path,
        snapshot.sha256,
        words,
        span.exact,
        span.prefix,
        span.suffix,
        span.start,
    )
    found = SPAN_MEMO.get(key)
    if found is None:
        found = _resolve(words, span, snapshot)
        SPAN_MEMO.put(key, found)
    if isinstance(found, Failure):
        pos = span.where.at("exact")
        return Problem(
            claim.where.path,
            pos.line,
            pos.column,
            "error",
            found.code,
            found.message,
            found.hint,
        )
    return ResolvedSpan(
        claim=claim.id,
        quote=quote.index,
        span=span.index,
        source=span.source,
        fidelity=found.fidelity,
        ranges=found.ranges,
        line=found.line,
        column=found.column,
        how=found.how,
        diff=found.diff,
    )


def _resolve(words: str | None, span: SpanRef, snapshot: Snapshot) -> SpanOutcome | Failure:
    """Resolve `span`; its fidelity against `words`, or `translated` when there are none to
    compare with (located exactly, not compared word by word)."""
    result = resolve(span, snapshot)
    if isinstance(result, Failure):
        return result
    ranges = result.ranges
    if words is None:
        line, column = snapshot.line_column(ranges[0][0])
        return SpanOutcome(ranges, result.how, "translated", (), line, column)
    fidelity, diff = span_fidelity(words, snapshot.canonical, ranges)
    line, column = snapshot.line_column(ranges[0][0])
    return SpanOutcome(
        ranges, result.how, fidelity, diff if fidelity != "verbatim" else (), line, column
    )
