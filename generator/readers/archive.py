"""Web archives as documents (SPEC §2 `capture`): a WARC file (ISO 28500, `.warc` or
`.warc.gz`, as Browsertrix, ArchiveWeb.page, wget and perma.cc write them) or a WACZ (1.1.1: a
zip of WARCs whose `datapackage.json` lists each file's sha256, as ArchiveWeb.page and
Browsertrix export), read record by record by warcio (Webrecorder's).

A WACZ is checked against its `datapackage.json` before any byte of it is trusted: a file whose
hash differs, or one missing, is refused. The page taken is the response for the address asked
for, or, without one, the only page (a WACZ's page list, or the only web page or PDF a WARC
answers with); its payload is read by the web page or PDF reader, as a saved file would be, so
that the snapshot is the same text. What the capture says is kept: the address, the time
(WARC-Date) and the payload's digest (WARC-Payload-Digest as the archive states it, else the
sha256 of the payload). A revisit record with no payload, a response that is neither a web page
nor a PDF, a truncated or malformed archive: each is a `ReadError`, and nothing is stored.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from ..model import Capture
from ..weburls import media_type
from .document import Document, ReadError
from .payload import read_payload

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

#: What an archive's file name may end with; the snapshot's archive keeps its suffix.
SUFFIXES = (".warc.gz", ".warc", ".wacz")
_HTML = ("text/html", "application/xhtml+xml")
_PDF = ("application/pdf",)


@dataclass(frozen=True, slots=True)
class Response:
    """One response an archive holds: the address, when, the HTTP status and type, the
    payload's digest, and its body (transfer and content encodings undone); `revisit` when the
    record only refers to an earlier capture."""

    url: str
    time: str
    status: int
    content_type: str
    charset: str | None
    digest: str
    body: bytes
    revisit: bool = False


def is_archive(data: bytes, filename: str) -> bool:
    """Whether `data` is a WARC (plain or gzipped) or a WACZ."""
    if data.startswith(b"WARC/"):
        return True
    if data.startswith(b"\x1f\x8b"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data[:65536])) as stream:
                return stream.read(5) == b"WARC/"
        except (OSError, EOFError, zlib.error):
            return False
    return data.startswith(b"PK\x03\x04") and filename.lower().endswith(".wacz")


def suffix_of(data: bytes) -> str:
    """The suffix an archive is stored with: `.wacz`, `.warc.gz` or `.warc`."""
    if data.startswith(b"PK"):
        return ".wacz"
    return ".warc.gz" if data.startswith(b"\x1f\x8b") else ".warc"


def read_archive(data: bytes, filename: str, url: str | None = None) -> Document:
    """The page `url` (or the only page) of the archive `data`, read as a saved page or PDF
    is, with its capture (its `file` is left for the caller to name) and the archive to keep."""
    pages: list[str] = []
    if data.startswith(b"PK"):
        warcs, pages = _wacz(data)
    else:
        warcs = [data]
    responses = [r for warc in warcs for r in _responses(warc)]
    chosen = _choose(responses, pages, url)
    if chosen.revisit or not chosen.body:
        raise ReadError(
            f"the archive's record of {chosen.url} is a revisit with no payload: it refers to "
            "an earlier capture that this archive does not hold"
        )
    if chosen.status >= 300:
        raise ReadError(f"the archive's response for {chosen.url} is HTTP {chosen.status}")
    if chosen.content_type not in (*_HTML, *_PDF):
        raise ReadError(
            f"the archive's response for {chosen.url} is {chosen.content_type or 'of no type'}, "
            "not a web page or a PDF"
        )
    document = read_payload(chosen.body, chosen.url, chosen.content_type, chosen.charset)
    capture = Capture("", chosen.url, chosen.time, chosen.digest)
    note = f"taken from the web archive {filename}: {chosen.url} as captured {chosen.time}"
    return replace(
        document,
        url=chosen.url,
        capture=capture,
        archive=data,
        archive_suffix=suffix_of(data),
        notes=[*document.notes, note],
    )


def _wacz(data: bytes) -> tuple[list[bytes], list[str]]:
    """The WARC files of a WACZ and its pages, once every file checks out against
    `datapackage.json`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            try:
                described = json.loads(package.read("datapackage.json"))
            except KeyError:
                raise ReadError("the WACZ has no datapackage.json: it is not a WACZ") from None
            resources = described.get("resources") if isinstance(described, dict) else None
            if not isinstance(resources, list) or not resources:
                raise ReadError("the WACZ's datapackage.json lists no files")
            files: dict[str, bytes] = {}
            for resource in resources:
                path = str(resource.get("path", "")) if isinstance(resource, dict) else ""
                stated = str(resource.get("hash", "")) if isinstance(resource, dict) else ""
                try:
                    content = package.read(path)
                except KeyError:
                    raise ReadError(f"the WACZ lists {path!r}, which it does not hold") from None
                algorithm, _, expected = stated.partition(":")
                if algorithm not in ("sha256", "md5") or not expected:
                    raise ReadError(f"the WACZ gives {path!r} no sha256 to check it by")
                actual = hashlib.new(algorithm, content).hexdigest()
                if actual != expected.lower():
                    raise ReadError(
                        f"{path} in the WACZ does not match its datapackage.json "
                        f"({algorithm} {actual[:12]}…, stated {expected[:12]}…): it was changed "
                        "after the archive was made"
                    )
                files[path] = content
    except zipfile.BadZipFile as error:
        raise ReadError(f"the WACZ is not a readable zip file ({error})") from None
    warcs = [content for path, content in sorted(files.items()) if ".warc" in path]
    if not warcs:
        raise ReadError("the WACZ holds no WARC file")
    pages: list[str] = []
    for path, content in files.items():
        if path.endswith("pages.jsonl"):
            for line in content.decode("utf-8", "replace").splitlines():
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if isinstance(entry, dict) and isinstance(entry.get("url"), str):
                    pages.append(entry["url"])
    return warcs, pages


def _responses(warc: bytes) -> Iterator[Response]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for record in ArchiveIterator(io.BytesIO(warc), check_digests=False):
            kind = record.rec_type
            if kind not in ("response", "revisit"):
                continue
            headers = record.http_headers
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            time = record.rec_headers.get_header("WARC-Date") or ""
            status = int((headers.get_statuscode() if headers else "0") or 0)
            content_type, charset = media_type(
                headers.get_header("Content-Type") if headers else ""
            )
            body = b"" if kind == "revisit" else _whole_body(record, url)
            digest = record.rec_headers.get_header("WARC-Payload-Digest") or (
                "sha256:" + hashlib.sha256(body).hexdigest()
            )
            yield Response(
                url, time, status, content_type, charset, digest, body, kind == "revisit"
            )
    # warcio parses what it is given as far as it can: on a record cut short or malformed it
    # fails in its own ways (an AttributeError on a header line missing, a KeyError, …), all
    # of which mean the same for the editor, and none of which may become a traceback.
    except (
        ArchiveLoadFailed,
        EOFError,
        zlib.error,
        OSError,
        ValueError,
        AttributeError,
        KeyError,
        IndexError,
        TypeError,
    ) as error:
        raise ReadError(
            f"the archive is truncated or malformed ({type(error).__name__}: {error})"
        ) from None


def _whole_body(record: ArcWarcRecord, url: str) -> bytes:
    """The payload of a response record, all of it: warcio hands over what the bytes hold,
    so a record cut short (the archive truncated, or the capture itself, as WARC-Truncated
    or a short HTTP body says) would be half a page stored as the page."""
    if record.rec_headers.get_header("WARC-Truncated"):
        reason = record.rec_headers.get_header("WARC-Truncated")
        raise ReadError(f"the archive says its response for {url} was cut short ({reason})")
    body: bytes = record.content_stream().read()
    record.raw_stream.read()  # what the content stream left (a chunked body's trailer)
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        raise ReadError(
            f"the archive is truncated: the record of {url} lacks {missing:,} of its bytes"
        )
    headers = record.http_headers
    declared = headers.get_header("Content-Length") if headers else None
    plain = headers is not None and not (
        headers.get_header("Content-Encoding") or headers.get_header("Transfer-Encoding")
    )
    if plain and declared and declared.strip().isdigit() and int(declared) > len(body):
        raise ReadError(
            f"the archive's response for {url} is cut short: {len(body):,} of the "
            f"{int(declared):,} bytes the server announced"
        )
    return body


def _same(a: str, b: str) -> bool:
    """Two addresses of one page: the same but for a fragment and a trailing slash."""

    def plain(url: str) -> str:
        parts = urlsplit(url.strip())
        return urlunsplit(parts._replace(fragment="", path=parts.path.rstrip("/") or "/"))

    return plain(a) == plain(b)


def _choose(responses: list[Response], pages: list[str], url: str | None) -> Response:
    if not responses:
        raise ReadError("the archive holds no response record")
    if url is not None:
        found = [r for r in responses if _same(r.url, url)]
        if not found:
            raise ReadError(f"the archive holds no response for {url}; {_listing(responses)}")
        return next((r for r in found if not r.revisit), found[0])
    documents = [r for r in responses if r.content_type in (*_HTML, *_PDF) and r.status < 300]
    candidates = list(dict.fromkeys(pages)) or list(dict.fromkeys(r.url for r in documents))
    if len(candidates) != 1:
        raise ReadError(
            f"the archive holds {len(candidates)} pages: name one with --url; "
            + _listing(documents or responses)
        )
    return next(
        (r for r in responses if _same(r.url, candidates[0]) and not r.revisit),
        next(r for r in responses if _same(r.url, candidates[0])),
    )


def _listing(responses: list[Response]) -> str:
    urls = list(dict.fromkeys(r.url for r in responses))
    shown = ", ".join(urls[:10]) + (f" and {len(urls) - 10} more" if len(urls) > 10 else "")
    return f"its pages: {shown}"
