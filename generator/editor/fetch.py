"""Fetching a page the editor names, with the record of what the server sent (`ingest URL`,
`recheck`): the exchange is kept as a WARC (ISO 28500, written by warcio), so that a fetched
source carries the same evidence as an archived one (SPEC §2 `capture`).

Only http and https; redirects are followed (at most `MAX_REDIRECTS`, each to http or https)
and every hop is recorded; the address asked for and the final one are both kept. A timeout
bounds the connection and each read, and a deadline the whole exchange; a body larger than the
limit is refused. An HTTP error, a network failure, a redirect elsewhere than the web: a
`FetchError` with one line saying which, and nothing written. The body is read as the server
sent it (gzip or deflate undone), and its type and charset are the server's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import time
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from ..weburls import media_type, url_problem

if TYPE_CHECKING:
    import requests

#: Seconds to connect, and between two reads of the body; and the whole exchange at most.
TIMEOUT = 30.0
DEADLINE = 120.0
MAX_REDIRECTS = 10
USER_AGENT = "factcheck-generator (fetching a source an editor named)"


class FetchError(Exception):
    """A page that could not be fetched; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """What the server sent for the address asked for: the final address, the status, the
    type and charset, the body (content encoding undone), when, the payload's digest, and the
    exchange as a gzipped WARC."""

    asked: str
    url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    time: str
    digest: str
    warc: bytes


@dataclass(frozen=True, slots=True)
class _Hop:
    url: str
    request_line: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    headers: list[tuple[str, str]]
    payload: bytes  # as sent, transfer encoding undone
    when: str


def fetch(url: str, *, timeout: float = TIMEOUT, limit: int = 50_000_000) -> Fetched:
    """Fetch `url`; `FetchError` says why it could not be."""
    import requests

    problem = url_problem(url)
    if problem is not None:
        raise FetchError(f"{url} cannot be fetched: it {problem}")
    started = time.monotonic()
    hops: list[_Hop] = []
    current = url
    with requests.Session() as session:
        while True:
            hop, response = _get(session, current, timeout, limit, started)
            hops.append(hop)
            location = response.headers.get("Location")
            if hop.status in (301, 302, 303, 307, 308) and location:
                if len(hops) > MAX_REDIRECTS:
                    raise FetchError(f"{url} redirects more than {MAX_REDIRECTS} times")
                target = urljoin(current, location)
                if urlsplit(target).scheme not in ("http", "https"):
                    raise FetchError(f"{current} redirects to {target}, which is not http or https")
                current = target
                continue
            break
    last = hops[-1]
    if last.status >= 400:
        raise FetchError(f"{last.url} answered HTTP {last.status} {last.reason}".rstrip())
    if last.status >= 300:
        raise FetchError(f"{last.url} answered HTTP {last.status} without a place to go")
    headers = {k.lower(): v for k, v in last.headers}
    content_type, charset = media_type(headers.get("content-type", ""))
    body = _decoded(last.payload, headers.get("content-encoding", ""), limit)
    warc, digest = _warc(hops)
    digest = digest or "sha256:" + hashlib.sha256(last.payload).hexdigest()
    return Fetched(url, last.url, last.status, content_type, charset, body, last.when, digest, warc)


def _get(
    session: requests.Session, url: str, timeout: float, limit: int, started: float
) -> tuple[_Hop, requests.Response]:
    import requests
    import urllib3

    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.5",
        "Accept-Encoding": "gzip, deflate",
    }
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        response = session.get(
            url, headers=headers, stream=True, timeout=(timeout, timeout), allow_redirects=False
        )
        chunks: list[bytes] = []
        size = 0
        for chunk in response.raw.stream(65536, decode_content=False):
            size += len(chunk)
            if size > limit:
                response.close()
                raise FetchError(f"{url} sent more than {limit:,} bytes")
            if time.monotonic() - started > DEADLINE:
                response.close()
                raise FetchError(f"{url} took more than {DEADLINE:.0f} s to send its page")
            chunks.append(chunk)
    except (requests.exceptions.Timeout, urllib3.exceptions.TimeoutError):
        raise FetchError(f"{url} did not answer within {timeout:.0f} s") from None
    except urllib3.exceptions.ProtocolError as error:  # read from `raw`: urllib3's own errors
        reason = str(error.args[0] if error.args else error)
        raise FetchError(f"{url} sent its page cut short: {_short(reason)}") from None
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(f"{url} cannot be fetched: {_short(str(error))}") from None
    except requests.exceptions.RequestException as error:
        reason = str(error.args[0] if error.args else error)
        raise FetchError(f"{url} cannot be fetched: {_short(reason)}") from None
    prepared = response.request
    split = urlsplit(url)
    path = split.path or "/"
    if split.query:
        path += "?" + split.query
    request_headers = [("Host", split.netloc), *((k, str(v)) for k, v in prepared.headers.items())]
    raw_headers = [(k, v) for k, v in response.raw.headers.items()]
    hop = _Hop(
        url,
        f"GET {path} HTTP/1.1",
        request_headers,
        response.status_code,
        response.reason or "",
        raw_headers,
        b"".join(chunks),
        when,
    )
    return hop, response


def _short(reason: str) -> str:
    line = " ".join(reason.split())
    return line if len(line) <= 160 else line[:159] + "…"


def _decoded(payload: bytes, encoding: str, limit: int) -> bytes:
    """The body with its content encoding undone (gzip, deflate), no larger than `limit`."""
    coding = encoding.strip().lower()
    if coding in ("", "identity"):
        return payload
    if coding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"the page came encoded as {coding}, which cannot be read")
    wbits = 16 + zlib.MAX_WBITS if coding != "deflate" else zlib.MAX_WBITS
    try:
        inflater = zlib.decompressobj(wbits)
        body = inflater.decompress(payload, limit + 1)
    except zlib.error:
        try:  # some servers send raw deflate
            body = zlib.decompressobj(-zlib.MAX_WBITS).decompress(payload, limit + 1)
        except zlib.error as error:
            raise FetchError(f"the page's {coding} encoding is broken ({error})") from None
    if len(body) > limit:
        raise FetchError(f"the page is larger than {limit:,} bytes once decoded")
    return body


def _warc(hops: list[_Hop]) -> tuple[bytes, str]:
    """The exchange as a gzipped WARC: a warcinfo record, then each hop's request and response
    (its headers as sent, but Transfer-Encoding, which the payload no longer has); and the
    last response's payload digest, as the WARC states it."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(
        writer.create_warcinfo_record(
            "capture.warc.gz",
            {"software": "factcheck-generator ingest", "format": "WARC File Format 1.0"},
        )
    )
    for hop in hops:
        request = writer.create_warc_record(
            hop.url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=StatusAndHeaders(
                hop.request_line, hop.request_headers, is_http_request=True
            ),
            warc_headers_dict={"WARC-Date": hop.when},
        )
        kept = [(k, v) for k, v in hop.headers if k.lower() != "transfer-encoding"]
        response = writer.create_warc_record(
            hop.url,
            "response",
            payload=io.BytesIO(hop.payload),
            length=len(hop.payload),  # known: warcio would buffer it in a temporary file
            http_headers=StatusAndHeaders(
                f"{hop.status} {hop.reason}".strip(), kept, protocol="HTTP/1.1"
            ),
            warc_headers_dict={"WARC-Date": hop.when},
        )
        writer.write_record(request)
        writer.write_record(response)
        digest = str(response.rec_headers.get_header("WARC-Payload-Digest") or "")
    return out.getvalue(), digest
