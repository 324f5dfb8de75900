"""ClaimReview records as newsrooms and aggregators publish them, read into `Review`s (issue 32;
SPEC §8 `import`).

Four shapes are read: JSON-LD inside saved HTML pages (`<script type="application/ld+json">`,
an object, a list or an `@graph`), a ClaimReview object or list in a `.json` file, a schema.org
DataFeed (`dataFeedElement`, each element a ClaimReview or a DataFeedItem whose `item` holds
some, as Data Commons publishes its feed), and the Google Fact Check Tools API's
`claims:search` response (`claims[].claimReview[]`, whose claim is the record's own `text`).
A record that cannot be used (no claim reviewed, no address) is reported with its file and its
number among the file's records, and the others are read.

Every text is taken as the record gives it, but control characters (C0 and C1, U+009D in two
real Vishvas News titles) are removed and spaces collapsed: they are no part of any words, and
a page must not carry them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..load import LANGUAGE_TAG

#: How deep a JSON document is walked for records (a hostile file nests deeper).
DEPTH = 40
_SCRIPT = re.compile(
    rb"<script\b[^>]{0,500}?\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]{0,500}>",
    re.IGNORECASE,
)
_TYPES = {"claimreview", "schema:claimreview"}


@dataclass(frozen=True, slots=True)
class Review:
    """One fact-check as a ClaimReview record gives it."""

    url: str
    publisher: str
    claim: str
    claimant: str
    title: str
    rating: str  # the record's own label for its rating
    rating_value: float | None = None  # where the rating stands between worst (0) and best (1)
    language: str | None = None
    claim_date: dt.date | None = None
    published: dt.date | None = None
    appearance: str | None = None  # where the claim appeared, when the record says
    appearance_title: str | None = None
    body: str | None = None  # the record's short ruling (reviewBody, description)


@dataclass(frozen=True, slots=True)
class Unusable:
    """A record that could not be used, and why."""

    number: int  # 1-based, among the records of its file
    reason: str


def clean(value: object) -> str:
    """Text from a record: a string (or a number) with control characters removed and white
    space collapsed; anything else is no text."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    text = str(value)
    text = "".join(
        " " if c in "\t\n\r\f\v" else c
        for c in text
        if unicodedata.category(c) != "Cc" or c in "\t\n\r\f\v"
    )
    return " ".join(text.split())


def read_records(data: bytes, name: str) -> Iterator[Review | Unusable]:
    """The reviews of one file (an HTML page, or JSON), in order; `ValueError` when the file is
    neither (its message says why)."""
    for number, record in enumerate(_records(data, name), start=1):
        yield _review(record, number)


def _records(data: bytes, name: str) -> Iterator[dict[str, Any]]:
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if name.lower().endswith((".html", ".htm")) or stripped[:1] == b"<":
        lower = data.lower()
        for match in _SCRIPT.finditer(data):
            end = lower.find(b"</script", match.end())
            if end < 0:
                return  # nothing after an unclosed script is a record (and no quadratic scan)
            raw = data[match.end() : end].strip()
            raw = re.sub(rb"^\s*(<!--|<!\[CDATA\[)|(-->|\]\]>)\s*$", b"", raw)
            try:
                value = json.loads(raw.decode("utf-8", "replace"))
            except (ValueError, RecursionError):
                continue  # a page's broken JSON-LD is no record; the others are read
            yield from _walk(value, 0)
        return
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ValueError(f"it is not UTF-8 (byte {error.start})") from None
    except ValueError as error:
        raise ValueError(f"it is not JSON ({error})") from None
    except RecursionError:
        raise ValueError("it nests too deeply to be read") from None
    if isinstance(value, dict) and isinstance(value.get("claims"), list):
        yield from _api(value["claims"])
        return
    yield from _walk(value, 0)


def _is_review(value: dict[str, Any]) -> bool:
    kinds = value.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(
        isinstance(k, str) and k.lower().rsplit("/", 1)[-1] in _TYPES | {"claimreview"}
        for k in kinds
    )


def _walk(value: Any, depth: int) -> Iterator[dict[str, Any]]:
    """Every ClaimReview in a JSON-LD value: an object, a list, an `@graph`, a DataFeed's
    elements and their items."""
    if depth > DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1)
    elif isinstance(value, dict):
        if _is_review(value):
            yield value
            return
        for key in (
            "@graph",
            "dataFeedElement",
            "item",
            "itemListElement",
            "mainEntity",
            "hasPart",
        ):
            if key in value:
                yield from _walk(value[key], depth + 1)


def _api(claims: list[Any]) -> Iterator[dict[str, Any]]:
    """The Fact Check Tools API's claims, each review as a ClaimReview would say it."""
    for claim in claims:
        if not isinstance(claim, dict):
            yield {}
            continue
        reviews = claim.get("claimReview")
        for review in reviews if isinstance(reviews, list) and reviews else [{}]:
            review = review if isinstance(review, dict) else {}
            given = review.get("publisher")
            publisher: dict[str, Any] = given if isinstance(given, dict) else {}
            yield {
                "@type": "ClaimReview",
                "url": review.get("url"),
                "claimReviewed": claim.get("text"),
                "headline": review.get("title"),
                "datePublished": review.get("reviewDate"),
                "inLanguage": review.get("languageCode"),
                "author": {"name": publisher.get("name"), "url": publisher.get("site")},
                "reviewRating": {"alternateName": review.get("textualRating")},
                "itemReviewed": {
                    "author": {"name": claim.get("claimant")},
                    "datePublished": claim.get("claimDate"),
                },
            }


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _name(value: Any) -> str:
    value = _first(value)
    if isinstance(value, dict):
        return (
            clean(value.get("name"))
            or clean(value.get("headline"))
            or clean(value.get("alternateName"))
        )
    return clean(value)


def _date(value: Any) -> dt.date | None:
    text = clean(_first(value))
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _number(value: Any) -> float | None:
    try:
        return float(clean(value)) if clean(value) else None
    except ValueError:
        return None


def _address(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    text = clean(value)
    parts = urlsplit(text)
    return text if parts.scheme in ("http", "https") and parts.netloc else None


def _review(record: dict[str, Any], number: int) -> Review | Unusable:
    claim = clean(record.get("claimReviewed"))
    url = _address(record.get("url")) or _address(record.get("@id"))
    if not claim:
        return Unusable(number, "it has no claimReviewed: the claim it checks")
    if not url:
        return Unusable(number, "it has no url (http or https): where the fact-check is")
    item = _first(record.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    author = _first(record.get("author"))
    publisher = _name(author) or _name(record.get("publisher")) or urlsplit(url).netloc
    rating = _first(record.get("reviewRating"))
    rating = rating if isinstance(rating, dict) else {}
    label = clean(rating.get("alternateName")) or clean(rating.get("name"))
    value, best, worst = (
        _number(rating.get(k)) for k in ("ratingValue", "bestRating", "worstRating")
    )
    place = None
    if value is not None and best is not None and worst is not None and best != worst:
        place = min(1.0, max(0.0, (value - worst) / (best - worst)))
    if not label and value is not None:
        label = clean(rating.get("ratingValue"))
    if not label:
        return Unusable(number, "its reviewRating gives no rating (alternateName)")
    appearance = item.get("appearance") or item.get("firstAppearance")
    first = _first(appearance)
    language = clean(record.get("inLanguage")) or None
    if isinstance(record.get("inLanguage"), dict):
        language = clean(record["inLanguage"].get("alternateName")) or None
    return Review(
        url=url,
        publisher=publisher,
        claim=claim,
        claimant=_name(item.get("author")) or _name(record.get("claimant")) or "",
        title=clean(record.get("headline")) or clean(record.get("name")) or "",
        rating=label,
        rating_value=place,
        language=language if language and LANGUAGE_TAG.fullmatch(language) else None,
        claim_date=_date(item.get("datePublished")),
        published=_date(record.get("datePublished")),
        appearance=_address(first),
        appearance_title=_name(first) if isinstance(first, dict) else None,
        body=clean(record.get("reviewBody")) or clean(record.get("description")) or None,
    )
