"""Publishing: the data others reuse (claims.json, claims.csv, an Atom feed) and the
schema.org ClaimReview of each claim page. Plain data in, text out; the plugin writes it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..i18n import ENGLISH, Language
from ..link import ClaimView, QuoteView, SiteModel, SourceView, SpanView
from ..model import FIDELITIES, Capture, Source
from ..ratings import label as verdict_label
from ..snapshots import Snapshot

SCHEMA_PATH = Path(__file__).parent.parent / "schemas" / "claims.schema.json"
#: Code points of context kept as TextQuoteSelector prefix and suffix.
SELECTOR_CONTEXT = 32
ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True, slots=True)
class Publisher:
    """The organisation that publishes the fact-checks (ClaimReview author, feed author)."""

    name: str
    url: str | None = None


UrlOf = Callable[[str, str], str]  # (kind, key) -> absolute or site-relative URL


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


# -- claims.json ----------------------------------------------------------------------------


def claims_data(model: SiteModel, url_of: UrlOf) -> dict[str, Any]:
    """Every published claim with its quotes and resolved spans, and every source."""
    return {
        "$schema": "claims.schema.json",
        "claims": [_claim_data(view, model, url_of) for view in model.claims],
        "sources": [_source_data(view, url_of) for view in model.sources],
    }


def _claim_data(view: ClaimView, model: SiteModel, url_of: UrlOf) -> dict[str, Any]:
    claim = view.claim
    return {
        "id": claim.id,
        "url": url_of("claim", claim.id),
        "title": claim.title,
        "claim": claim.claim,
        "claimant": claim.claimant,
        "claimant_role": claim.claimant_role,
        "date": _iso(claim.date),
        "language": claim.language,
        "verdict": {
            "key": view.verdict.key,
            "label": view.verdict.label,
            "rating": view.verdict.rating,
        },
        "summary": claim.summary,
        "analysis": claim.analysis,
        "provenance": claim.provenance,
        "tags": list(claim.tags),
        "published": _iso(claim.published),
        "updated": _iso(claim.updated),
        "corrections": [{"date": c.date.isoformat(), "note": c.note} for c in claim.corrections],
        "related": [r.id for r in view.related],
        "quotes": [_quote_data(q, claim.language, model, url_of) for q in view.quotes],
        "imported_from": (
            {"url": claim.imported_from.url, "publisher": claim.imported_from.publisher}
            if claim.imported_from
            else None
        ),
    }


def _quote_data(quote: QuoteView, language: str, model: SiteModel, url_of: UrlOf) -> dict[str, Any]:
    """A quote: its words in the claim's language, the words as said when they were said in
    another language, and its spans (each in its source's language)."""
    data: dict[str, Any] = {"text": quote.quote.text, "language": language}
    original = quote.quote.original
    if original is not None:
        data["original"] = {"language": original.language, "text": original.text}
    data["spans"] = [_span_data(s, model, url_of) for s in quote.spans]
    return data


def _span_data(span: SpanView, model: SiteModel, url_of: UrlOf) -> dict[str, Any]:
    resolved = span.resolved
    data: dict[str, Any] = {
        "source": span.source.id,
        "language": span.source.language,
        "fidelity": resolved.fidelity,
        "ranges": [list(r) for r in resolved.ranges],
        "line": resolved.line,
        "column": resolved.column,
        "note": span.ref.note,
        "diff": [
            {"kind": op.kind, "quote": list(op.quote), "source": list(op.source)}
            for op in resolved.diff
        ],
        "targets": [],
    }
    snapshot = model.by_source[span.source.id].snapshot
    if snapshot is not None:
        text = snapshot.canonical
        data["exact"] = [text[s:e] for s, e in resolved.ranges]
        text_url = url_of("source-text", span.source.id)
        first, last = resolved.ranges[0][0], resolved.ranges[-1][1]
        pages = snapshot.pages(first, last)
        if pages is not None:
            data.update({"page": pages[0]} if pages[0] == pages[1] else {"pages": list(pages)})
        time = snapshot.time(first, last)
        if time is not None:
            data["time"] = {"start": time[0], "end": time[1]}
        data["targets"] = [
            _target(text, text_url, start, end, snapshot, span.source.url)
            for start, end in resolved.ranges
        ]
    if span.source.versions:  # SPEC §8: how each later version prints the words
        data["later"] = [
            {
                "retrieved": _iso(later.retrieved),
                "status": later.status,
                **({"exact": later.exact} if later.exact is not None else {}),
            }
            for later in span.later
        ]
    return data


#: What a FragmentSelector of a page of a PDF, or of a moment of a recording, conforms to.
PDF_FRAGMENTS = "http://tools.ietf.org/rfc/rfc8118"
MEDIA_FRAGMENTS = "http://www.w3.org/TR/media-frags/"


def _target(
    text: str, text_url: str, start: int, end: int, snapshot: Snapshot, url: str | None
) -> dict[str, Any]:
    """One W3C target: the range in the published plain text, and, for a paged snapshot or a
    timed transcript of a document with an address, the page or moment of the original."""
    target: dict[str, Any] = {
        "source": text_url,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": text[start:end],
                "prefix": text[max(0, start - SELECTOR_CONTEXT) : start],
                "suffix": text[end : end + SELECTOR_CONTEXT],
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }
    if url:
        pages, time = snapshot.pages(start, end), snapshot.time(start, end)
        if pages is not None:
            fragment = {"conformsTo": PDF_FRAGMENTS, "value": f"page={pages[0]}"}
        elif time is not None:
            fragment = {"conformsTo": MEDIA_FRAGMENTS, "value": f"t={time[0]:g},{time[1]:g}"}
        else:
            return target
        target["original"] = {"source": url, "selector": {"type": "FragmentSelector", **fragment}}
    return target


def _source_data(view: SourceView, url_of: UrlOf) -> dict[str, Any]:
    source = view.source
    return {
        "id": source.id,
        "url": url_of("source", source.id),
        "text_url": url_of("source-text", source.id) if view.snapshot else None,
        "title": source.title,
        "publisher": source.publisher,
        "authors": list(source.authors),
        "original_url": source.url,
        "archive_url": source.archive_url,
        "published": _iso(source.published),
        "retrieved": _iso(source.retrieved),
        "type": source.type,
        "language": source.language,
        "sha256": view.snapshot.sha256 if view.snapshot else None,
        "derived_from": [{"source": d.source, "relation": d.relation} for d in source.derived_from],
        "fidelity": dict(view.fidelity_counts),
        "capture": _capture_data(source.capture),
        "versions": [
            {
                "retrieved": _iso(version.retrieved),
                "sha256": version.sha256,
                "capture": _capture_data(version.capture),
            }
            for version in source.versions
        ],
    }


def _capture_data(capture: Capture | None) -> dict[str, str] | None:
    """A capture as claims.json names it: the archive's address, the captured address, when,
    and the payload's digest (the archive file is published only when the site says so)."""
    if capture is None:
        return None
    return {"url": capture.url, "time": capture.time, "digest": capture.digest}


def schema() -> dict[str, Any]:
    """The JSON Schema of claims.json."""
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data


# -- claims.csv -----------------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "url",
    "title",
    "claim",
    "claimant",
    "claimant_role",
    "date",
    "language",
    "verdict",
    "verdict_label",
    "rating",
    "published",
    "updated",
    "tags",
    "sources",
    "spans",
    *FIDELITIES,
)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet runs a cell that starts with = + - @ as a formula: keep it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def claims_csv(model: SiteModel, url_of: UrlOf) -> str:
    """One row per published claim, as CSV, spreadsheet-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for view in model.claims:
        claim = view.claim
        spans = [s for q in view.quotes for s in q.spans]
        counts = {f: sum(s.fidelity == f for s in spans) for f in FIDELITIES}
        row = [
            claim.id,
            url_of("claim", claim.id),
            claim.title,
            claim.claim,
            claim.claimant,
            claim.claimant_role,
            _iso(claim.date),
            claim.language,
            view.verdict.key,
            view.verdict.label,
            view.verdict.rating,
            _iso(claim.published),
            _iso(claim.updated),
            "; ".join(claim.tags),
            len(view.sources),
            len(spans),
            *(counts[f] for f in FIDELITIES),
        ]
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


# -- feed.xml -------------------------------------------------------------------------------


def _timestamp(value: dt.date) -> str:
    return f"{value.isoformat()}T00:00:00Z"


def feed_xml(
    model: SiteModel,
    url_of: UrlOf,
    site_url: str,
    site_name: str,
    publisher: Publisher,
    language: Language = ENGLISH,
) -> str:
    """An Atom feed of the fact-checks, newest change first, in the site's language."""
    _ = language.gettext
    ET.register_namespace("", ATOM)
    feed = ET.Element(
        f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": language.code}
    )

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    # Every claim: the last change, else the date of the check (ClaimView.checked_on).
    entries = [(view.claim.updated or view.checked_on, view) for view in model.claims]
    entries.sort(key=lambda item: (item[0], item[1].id), reverse=True)
    sub(feed, "id", site_url)
    about = _("fact-checks")
    sub(feed, "title", f"{site_name}: {about}")
    newest = entries[0][0] if entries else dt.date(1970, 1, 1)
    sub(feed, "updated", _timestamp(newest))
    sub(feed, "link", href=url_of("feed", ""), rel="self", type="application/atom+xml")
    sub(feed, "link", href=site_url, rel="alternate", type="text/html")
    author = sub(feed, "author")
    sub(author, "name", publisher.name)
    if publisher.url:
        sub(author, "uri", publisher.url)
    for changed, view in entries:
        claim = view.claim
        entry = sub(feed, "entry")
        url = url_of("claim", claim.id)
        sub(entry, "id", url)
        sub(entry, "title", claim.title)
        sub(entry, "link", href=url, rel="alternate", type="text/html")
        sub(entry, "updated", _timestamp(changed))
        sub(entry, "published", _timestamp(view.checked_on))
        verdict = _("%(verdict)s.") % {"verdict": verdict_label(view.verdict, language)}
        sub(entry, "summary", f"{verdict} {claim.claim} {claim.summary}".strip())
        for tag in claim.tags:
            sub(entry, "category", term=tag)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")


# -- ClaimReview ----------------------------------------------------------------------------


def claim_review(
    view: ClaimView,
    scale_ratings: Sequence[int],
    url_of: UrlOf,
    publisher: Publisher,
    language: Language = ENGLISH,
    archived: Callable[[Source], str | None] = lambda source: None,
) -> dict[str, Any]:
    """schema.org ClaimReview for one claim page, as Google's fact-check documentation asks;
    `inLanguage` is the page's language, the rating's name is in it; an appearance's
    `archivedAt` is its published capture (`archived`), else its `archive_url`."""
    claim = view.claim
    organisation: dict[str, Any] = {"@type": "Organization", "name": publisher.name}
    if publisher.url:
        organisation["url"] = publisher.url
    claimant: dict[str, Any] = {"@type": "Person", "name": claim.claimant}
    if claim.claimant_role:
        claimant["jobTitle"] = claim.claimant_role
    appearances = _appearances(view, archived)
    item: dict[str, Any] = {"@type": "Claim", "author": claimant, "inLanguage": _said_in(view)}
    if claim.date:
        item["datePublished"] = claim.date.isoformat()
    if appearances:
        item["appearance"] = appearances
        item["firstAppearance"] = _first(appearances)
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url_of("claim", claim.id),
        "claimReviewed": claim.claim,
        "author": organisation,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": view.verdict.rating,
            "bestRating": max(scale_ratings),
            "worstRating": min(scale_ratings),
            "alternateName": verdict_label(view.verdict, language),
        },
        "itemReviewed": item,
        "inLanguage": language.code,
    }
    if claim.imported_from is not None:  # SPEC §3: the fact-check where it first appeared
        review["sameAs"] = claim.imported_from.url
    review["datePublished"] = view.checked_on.isoformat()
    if claim.updated:
        review["dateModified"] = claim.updated.isoformat()
    return review


def _said_in(view: ClaimView) -> str:
    """The language the claim was made in: its quotes' original, when they all have one in
    one language, else the claim's own."""
    originals = {q.quote.original.language for q in view.quotes if q.quote.original}
    if len(originals) == 1 and all(q.quote.original for q in view.quotes):
        return originals.pop()
    return view.claim.language


def _appearances(view: ClaimView, archived: Callable[[Source], str | None]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for quote in view.quotes:
        for span in quote.spans:
            source = span.source
            if not source.url or source.id in seen:
                continue
            work: dict[str, Any] = {
                "@type": "CreativeWork",
                "url": source.url,
                "name": source.title,
            }
            if source.publisher:
                work["publisher"] = {"@type": "Organization", "name": source.publisher}
            if source.published:
                work["datePublished"] = source.published.isoformat()
            archive = archived(source) or source.archive_url
            if archive:
                work["archivedAt"] = archive
            seen[source.id] = work
    return list(seen.values())


def _first(appearances: list[dict[str, Any]]) -> dict[str, Any]:
    dated = [a for a in appearances if "datePublished" in a]
    return min(dated, key=lambda a: str(a["datePublished"])) if dated else appearances[0]


def json_ld(data: Mapping[str, Any]) -> str:
    """JSON for a <script> element: nothing in it can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
