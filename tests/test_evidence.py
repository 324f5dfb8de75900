"""Evidence that stands on its own (issue 30): web archives as sources, pages fetched with the
record of the exchange (from servers these tests start on 127.0.0.1), text-fragment links to the
words in the original, and `recheck`, which reports a quoted passage that changed or went and
never re-attaches a span to other words. Every failure writes nothing."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import html
import http.server
import io
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
import yaml
from archives import DATE, wacz, warc
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfs import column, content, pdf
from playwright.sync_api import Browser
from sitebuild import (
    PROJECT,
    article,
    copy_example_site,
    mkdocs_build,
    page,
    run_generator,
    serve,
    with_options,
)
from warcio.archiveiterator import ArchiveIterator

from generator import cli
from generator.editor.ingest import choose_id
from generator.editor.recheck import add_version
from generator.outputs.fragments import directive, encode, fragment_url
from generator.readers import ReadError, read

URL = "https://news.example/2023/nato-asia"
TITLE = "NATO chief warns of China in Seoul"
WORDS = "China is not our adversary but it poses challenges"


def html_page(body: str, *, title: str = TITLE, charset: str = "utf-8") -> bytes:
    return (
        f"<!doctype html><html><head><meta charset={charset}><title>{title}</title>"
        '<meta property="og:site_name" content="The Example Herald">'
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode(charset)


ARTICLE = html_page(
    "<p>Jens Stoltenberg spoke in Seoul on Monday about the alliance and its partners.</p>"
    f"<p>He said: &ldquo;{WORDS} to our values.&rdquo; Then he left for Tokyo.</p>"
    "<p>The minister answered that the region needed calm and dialogue above all.</p>"
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "site").mkdir()
    return copy_example_site(tmp_path / "site")


def _run(site: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """The command run in this process (faster than a new one); its status and output."""
    status = cli.main(["--root", str(site), *args])
    out = capsys.readouterr()
    return status, out.out + out.err


def _files(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes()
        for p in sorted((site / "sources").rglob("*"))
        if p.is_file()
    }


def _file(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _source(site: Path, source_id: str) -> dict[str, object]:
    loaded = yaml.safe_load((site / "sources" / f"{source_id}.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


# --- web archives -------------------------------------------------------------------------


def test_a_wacz_gives_the_text_the_saved_page_gives_and_keeps_its_capture(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = wacz(warc([(URL, "text/html; charset=utf-8", ARTICLE)]), [URL])
    status, out = _run(site, capsys, "ingest", _file(tmp_path, "c.wacz", archive), "--id", "w")
    assert status == 0, out
    status, out = _run(site, capsys, "ingest", _file(tmp_path, "c.html", ARTICLE), "--id", "h")
    assert status == 0, out
    sources = site / "sources"
    assert (sources / "w.txt").read_bytes() == (sources / "h.txt").read_bytes()
    assert (sources / "w.wacz").read_bytes() == archive  # kept as it was
    described = _source(site, "w")
    capture = described["capture"]
    assert isinstance(capture, dict)
    assert capture["file"] == "w.wacz" and capture["url"] == URL and capture["time"] == DATE
    assert capture["digest"] == _records(warc([(URL, "text/html", ARTICLE)]))[0][3]
    assert described["retrieved"] == dt.date(2023, 1, 31)  # the day of the capture
    assert described["url"] == URL
    assert run_generator(site, "check").returncode == 0


@pytest.mark.parametrize(("zipped", "suffix"), [(True, ".warc.gz"), (False, ".warc")])
def test_a_warc_is_kept_with_its_own_suffix(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], zipped: bool, suffix: str
) -> None:
    data = warc([(URL, "text/html", ARTICLE)], gzip=zipped)
    status, out = _run(site, capsys, "ingest", _file(tmp_path, "x" + suffix, data), "--id", "a")
    assert status == 0, out
    assert (site / "sources" / f"a{suffix}").read_bytes() == data
    assert WORDS in (site / "sources/a.txt").read_text(encoding="utf-8")


def test_an_archive_of_several_pages_needs_url_and_lists_them(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = "https://news.example/other"
    data = warc([(URL, "text/html", ARTICLE), (other, "text/html", html_page("<p>Other.</p>"))])
    path = _file(tmp_path, "two.warc.gz", data)
    before = _files(site)
    status, out = _run(site, capsys, "ingest", path, "--id", "two")
    assert status == 1 and URL in out and other in out and "--url" in out
    assert _files(site) == before
    status, out = _run(site, capsys, "ingest", path, "--id", "two", "--url", URL)
    assert status == 0, out
    assert WORDS in (site / "sources/two.txt").read_text(encoding="utf-8")


def _refused(data: bytes, name: str) -> str:
    with pytest.raises(ReadError) as refused:
        read(data, name)
    message = str(refused.value)
    assert "\n" not in message and message
    return message


def test_hostile_archives_are_refused_in_one_line(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = warc([(URL, "text/html", ARTICLE)])
    cases = {
        "tampered.wacz": wacz(good, [URL], tamper=True),
        "truncated.warc.gz": good[: len(good) // 2],
        "revisit.warc.gz": warc([(URL, "text/html", b"")], revisit=True),
        "image.warc.gz": warc([(URL, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64))]),
        "error.warc.gz": warc([(URL, "text/html", ARTICLE)], status="404 Not Found"),
        "garbage.warc": b"WARC/1.0\r\nthis is not a record\r\n\r\n",
        "empty.wacz": wacz(b"", []),
    }
    said = {name: _refused(data, name) for name, data in cases.items()}
    assert "datapackage" in said["tampered.wacz"] or "hash" in said["tampered.wacz"]
    assert "revisit" in said["revisit.warc.gz"]
    before = _files(site)
    for name, data in cases.items():
        status, out = _run(site, capsys, "ingest", _file(tmp_path, name, data), "--id", "bad")
        assert status == 1, (name, out)
        assert "Traceback" not in out
    assert _files(site) == before  # nothing written, not even an archive


def test_a_pdf_inside_an_archive_goes_through_the_pdf_path(tmp_path: Path) -> None:
    report = pdf([content(column(72, 700, ["The annual report says", "the office opened."]))])
    document = read(warc([(URL + ".pdf", "application/pdf", report)]), "r.warc.gz")
    assert document.text == read(report, "r.pdf").text
    assert document.kind == read(report, "r.pdf").kind
    assert document.capture is not None and document.capture.url == URL + ".pdf"


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["x.warc", "x.warc.gz", "x.wacz"]))
def test_any_bytes_named_as_an_archive_read_or_are_refused(data: bytes, name: str) -> None:
    try:
        read(data, name)
    except ReadError as error:
        assert "\n" not in str(error)


@pytest.mark.parametrize("zipped", [True, False])
def test_an_archive_cut_anywhere_reads_whole_or_is_refused(zipped: bool) -> None:
    """Every cut of an archive, byte by byte: the whole page or a refusal, never half a page
    (warcio hands over what the bytes hold; before, 1,533 of 2,013 cuts of a plain WARC gave
    half a page as the page)."""
    last = b"<p>The very last paragraph of the article.</p>"
    data = warc(
        [(URL, "text/html", ARTICLE.replace(b"</article>", last + b"</article>"))], gzip=zipped
    )
    for cut in range(len(data) - 1):
        try:
            document = read(data[:cut], "cut.warc")
        except ReadError as error:
            assert "\n" not in str(error)
            continue
        assert "The very last paragraph" in document.text, cut


def test_a_capture_the_archive_says_was_truncated_is_refused() -> None:
    data = warc([(URL, "text/html", ARTICLE)], truncated="length")
    assert "cut short" in _refused(data, "t.warc.gz")
    short = warc([(URL, "text/html", ARTICLE)], declared=len(ARTICLE) + 100)
    assert "cut short" in _refused(short, "s.warc.gz")


# --- fetching -----------------------------------------------------------------------------

Route = Callable[[http.server.BaseHTTPRequestHandler], None]


def _answer(status: int, body: bytes, content_type: str = "text/html", **headers: str) -> Route:
    def route(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.end_headers()
        handler.wfile.write(body)

    return route


@contextmanager
def server(routes: dict[str, Route]) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 answering `routes` (path: how), 404 elsewhere."""
    stop = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            route = routes.get(self.path)
            if route is None:
                _answer(404, b"<p>not here</p>")(self)
            elif route is _SILENT:
                stop.wait(20)  # never answers (until the test ends)
            else:
                route(self)

        def log_message(self, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client that hangs up on purpose (a body over the limit) is no error here

    httpd = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        stop.set()
        httpd.shutdown()
        httpd.server_close()


def _SILENT(handler: http.server.BaseHTTPRequestHandler) -> None:
    raise AssertionError("never called")


def _records(data: bytes) -> list[tuple[str, str, bytes, str]]:
    """Each record of a WARC: its type, address, payload and payload digest."""
    return [
        (
            r.rec_type,
            r.rec_headers.get_header("WARC-Target-URI") or "",
            r.content_stream().read(),
            r.rec_headers.get_header("WARC-Payload-Digest") or "",
        )
        for r in ArchiveIterator(io.BytesIO(data))
    ]


def _cut_short(handler: http.server.BaseHTTPRequestHandler) -> None:
    """A response that announces more bytes than it sends, then hangs up."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(len(ARTICLE)))
    handler.end_headers()
    handler.wfile.write(ARTICLE[: len(ARTICLE) // 2])
    handler.close_connection = True


def test_a_fetched_page_is_stored_with_the_record_of_the_exchange(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    routes = {
        "/article": _answer(200, ARTICLE, "text/html; charset=utf-8"),
        "/old": _answer(301, b"", Location="/moved"),
        "/moved": _answer(302, b"", Location="/article"),
    }
    with server(routes) as address:
        status, out = _run(site, capsys, "ingest", address + "/old")
    assert status == 0, out
    chosen = "nato-chief-warns-of-china-in-seoul"  # made from the title
    assert f"id: {chosen}" in out
    described = _source(site, chosen)
    assert described["url"] == address + "/article"  # the final address
    assert address + "/old" in str(described["notes"])  # and the one asked for
    capture = described["capture"]
    assert isinstance(capture, dict) and capture["file"] == f"{chosen}.warc.gz"
    records = _records((site / "sources" / capture["file"]).read_bytes())
    assert [kind for kind, *_ in records] == ["warcinfo"] + ["request", "response"] * 3
    _, target, body, digest = records[-1]  # every hop, the page last
    assert target == address + "/article" and body == ARTICLE
    assert capture["digest"] == digest
    assert WORDS in (site / "sources" / f"{chosen}.txt").read_text(encoding="utf-8")
    assert run_generator(site, "check").returncode == 0
    with server(routes) as address:  # the same page again: another id, never the same
        status, out = _run(site, capsys, "ingest", address + "/article")
    assert status == 0 and f"id: {chosen}-2" in out


def test_the_servers_charset_and_encoding_are_honoured(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin = html_page(
        "<p>Le ministre a parlé d\u2019une «&nbsp;crise&nbsp;» à Séoul.</p>",
        title="Séoul",
        charset="windows-1252",
    )
    latin = latin.replace(b"charset=windows-1252", b"charset=utf-8")  # the page lies
    zipped = gzip.compress(html_page("<p>Compressed words arrive whole.</p>", title="Zip"))
    routes = {
        "/fr": _answer(200, latin, "text/html; charset=windows-1252"),
        "/zip": _answer(200, zipped, "text/html; charset=utf-8", Content_Encoding="gzip"),
    }
    with server(routes) as address:
        assert _run(site, capsys, "ingest", address + "/fr", "--id", "fr")[0] == 0
        assert _run(site, capsys, "ingest", address + "/zip", "--id", "zip")[0] == 0
    assert "parlé d\u2019une « crise » à Séoul" in (site / "sources/fr.txt").read_text("utf-8")
    assert "Compressed words arrive whole." in (site / "sources/zip.txt").read_text("utf-8")
    *_, body, digest = _records((site / "sources/zip.warc.gz").read_bytes())[-1]
    assert body == gzip.decompress(zipped)  # warcio undoes the encoding the WARC keeps:
    assert digest == "sha1:" + base64.b32encode(hashlib.sha1(zipped).digest()).decode()


def test_a_pdf_is_known_by_its_type(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = pdf([content(column(72, 700, ["The annual report says", "the office opened."]))])
    with server({"/report": _answer(200, report, "application/pdf")}) as address:
        status, out = _run(site, capsys, "ingest", address + "/report", "--id", "report")
    assert status == 0, out
    assert (site / "sources/report.txt").read_text("utf-8") == read(report, "r.pdf").text


def test_failures_are_one_line_and_write_nothing(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_options(site, "max_snapshot_bytes: 100000")
    routes: dict[str, Route] = {
        "/silent": _SILENT,
        "/huge": _answer(200, b"<p>" + b"word " * 40_000 + b"</p>"),
        "/loop": _answer(302, b"", Location="/loop"),
        "/ftp": _answer(302, b"", Location="ftp://127.0.0.1/file"),
        "/broken": _answer(200, b"not gzip at all", Content_Encoding="gzip"),
        "/picture": _answer(200, b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
        "/error": _answer(500, b"<p>oops</p>"),
        "/short": _cut_short,
    }
    before = _files(site)
    said: dict[str, str] = {}
    with server(routes) as address:
        for path in [*routes, "/missing"]:
            started = time.monotonic()
            status, out = _run(site, capsys, "ingest", address + path, "--timeout", "1")
            assert time.monotonic() - started < 10, path
            assert status == 1 and out.startswith("error: ") and "Traceback" not in out, path
            said[path] = out
    assert _files(site) == before
    assert "did not answer within 1 s" in said["/silent"]
    assert "100,000 bytes" in said["/huge"]
    assert "redirects more than" in said["/loop"]
    assert "not http or https" in said["/ftp"]
    assert "404" in said["/missing"] and "500" in said["/error"]
    assert "cut short" in said["/short"]
    closed = "http://127.0.0.1:9/x"  # nothing listens on the discard port
    status, out = _run(site, capsys, "ingest", closed, "--id", "closed")
    assert status == 1 and "cannot be fetched" in out and _files(site) == before


def test_ids_are_made_readable_and_never_taken() -> None:
    taken = {"nato-warns-china": Path("x")}
    assert choose_id("NATO warns China!", "", {}) == "nato-warns-china"
    assert choose_id("NATO warns China!", "", taken) == "nato-warns-china-2"
    assert choose_id("Путин: «Нет»", "", {}) == "putin-net"
    assert choose_id(None, "https://a.example/news/kim-speech.html", {}) == "kim-speech"
    assert choose_id(None, "https://a.example/", {}) == "a-example"
    assert choose_id("Index", "", {}) == "index-source"
    long = choose_id("word " * 40, "", {})
    assert len(long) <= 60 and not long.endswith("-") and long.startswith("word-word")


# --- text fragments -----------------------------------------------------------------------


def test_fragment_parts_encode_the_directive_syntax() -> None:
    assert encode("A-B, C & D") == "A%2DB%2C%20C%20%26%20D"
    text = "He said China poses challenges. Later: China poses challenges, again."
    start = text.index("China", 20)
    made = directive(text, start, start + len("China poses challenges"))
    assert made == "text=poses%20challenges.%20Later%3A-,China%20poses%20challenges,-%2C%20again."
    once = "One two three four five six seven eight nine ten eleven twelve."
    assert (
        directive(once, 0, len(once) - 1)
        == "text=One%20two%20three%20four,nine%20ten%20eleven%20twelve"
    )


def test_fragment_urls_keep_a_page_and_drop_an_old_fragment() -> None:
    text = "a b c\fquoted words here"
    at = text.index("quoted")
    url = fragment_url("https://x.example/r.pdf#top", text, [(at, at + 12)], 2)
    assert url == "https://x.example/r.pdf#page=2:~:text=quoted%20words"
    two = fragment_url("https://x.example/a", "one two three four", [(0, 3), (8, 13)])
    assert two == "https://x.example/a#:~:text=one&text=three"


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=60), st.text(max_size=20), st.text(max_size=20))
def test_a_directive_names_the_words_and_nothing_else(words: str, before: str, after: str) -> None:
    """Whatever the words and their neighbours: the directive is `text=` and one or two
    components (with at most a prefix and a suffix), each of which decodes to whole words of
    the span taken in order from its first line (the start) or its last (the end); no `-`,
    `,` or `&` of the words is left bare to be read as syntax."""
    text = before + words + after
    made = directive(text, len(before), len(before) + len(words))
    lines = [line.split() for line in words.split("\n") if line.split()]
    if not lines:
        assert made == ""
        return
    assert made.startswith("text=") and "&" not in made
    parts = made[len("text=") :].split(",")
    if parts[0].endswith("-"):
        parts = parts[1:]  # the prefix
    if parts[-1].startswith("-"):
        parts = parts[:-1]  # the suffix
    decoded = [unquote(part) for part in parts]
    assert all("-" not in part or "%2D" in raw for part, raw in zip(decoded, parts, strict=True))
    assert 1 <= len(decoded) <= 2
    first, last = lines[0], lines[-1]
    assert decoded[0].split() == first[: len(decoded[0].split())]
    if len(decoded) == 2:
        assert decoded[1].split() == last[-len(decoded[1].split()) :]
    else:
        assert len(lines) == 1 and decoded[0].split() == first


# --- recheck ------------------------------------------------------------------------------

CLAIM = f"""\
title: "Stoltenberg on China"
claim: NATO's Secretary General said China is not an adversary.
claimant: Jens Stoltenberg
date: 2023-01-30
verdict: accurate
summary: The words appear verbatim in the article.
quotes:
  - text: {WORDS}
    spans:
      - source: herald
        exact: {WORDS}
related: [stoltenberg-not-an-adversary]
"""


def _quoted_site(site: Path, capsys: pytest.CaptureFixture[str], address: str) -> None:
    """The example site with a source fetched from `address` and a claim quoting it."""
    status, out = _run(site, capsys, "ingest", address + "/article", "--id", "herald")
    assert status == 0, out
    (site / "claims/stoltenberg-herald.yml").write_text(CLAIM, encoding="utf-8")


def _edited(old: str, new: str) -> bytes:
    return ARTICLE.replace(old.encode(), new.encode())


@pytest.mark.parametrize(
    ("page_now", "status", "exact"),
    [
        (ARTICLE, "unchanged", None),
        (
            _edited(
                "Jens Stoltenberg spoke", "A correction was added.</p><p>Jens Stoltenberg spoke"
            ),
            "unchanged",
            None,
        ),
        (_edited(f"He said: &ldquo;{WORDS}", f"Earlier. &ldquo;{WORDS}"), "moved", None),
        (
            _edited("poses challenges", "is a partner"),
            "changed",
            "China is not our adversary but it is a partner",
        ),
        (_edited(f"He said: &ldquo;{WORDS} to our values.&rdquo;", ""), "gone", None),
    ],
)
def test_recheck_reports_what_the_page_prints_now(
    site: Path, capsys: pytest.CaptureFixture[str], page_now: bytes, status: str, exact: str | None
) -> None:
    routes = {"/article": _answer(200, ARTICLE, "text/html; charset=utf-8")}
    with server(routes) as address:
        _quoted_site(site, capsys, address)
        routes["/article"] = _answer(200, page_now, "text/html; charset=utf-8")
        code, out = _run(site, capsys, "recheck", "herald", "--json")
    assert code == (0 if status in ("unchanged", "moved") else 1), out
    data = json.loads(out)
    assert data["compared"] == [
        {"claim": "stoltenberg-herald", "quote": 0, "span": 0, "source": "herald", "status": status}
        | ({"exact": exact} if exact else {})
    ]
    assert data["written"] == []
    assert not list((site / "sources").glob("herald.v*"))  # without --write, nothing kept


def test_recheck_write_keeps_the_new_text_as_a_version_and_the_span_where_it_was(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    routes = {"/article": _answer(200, ARTICLE, "text/html; charset=utf-8")}
    with server(routes) as address:
        _quoted_site(site, capsys, address)
        yml = site / "sources/herald.yml"
        yml.write_text("# the editor's comment\n" + yml.read_text("utf-8"), encoding="utf-8")
        assert run_generator(site, "pin", "herald").returncode == 0
        pinned = yml.read_text("utf-8")
        snapshot = (site / "sources/herald.txt").read_bytes()
        routes["/article"] = _answer(200, _edited("poses challenges", "is a partner"))
        code, out = _run(site, capsys, "recheck", "herald", "--write")
        assert code == 1 and "changed: stoltenberg-herald" in out, out
        again, out = _run(site, capsys, "recheck", "herald", "--write")  # nothing new
    assert again == 1 and "is the same as the latest version" in out
    assert not (site / "sources/herald.v3.txt").exists()
    assert (site / "sources/herald.txt").read_bytes() == snapshot  # never touched
    now = yml.read_text("utf-8")
    assert now.startswith(pinned)  # every line kept; the entry added at the end
    versions = _source(site, "herald")["versions"]
    assert isinstance(versions, list) and len(versions) == 1
    entry = versions[0]
    assert entry["snapshot"] == "herald.v2.txt"
    assert entry["capture"]["file"] == "herald.v2.warc.gz"
    text = (site / "sources/herald.v2.txt").read_text("utf-8")
    assert "it is a partner" in text
    assert entry["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert run_generator(site, "check").returncode == 0
    claims = json.loads(run_generator(site, "check", "--json").stdout)
    assert claims["problems"] == []
    built = mkdocs_build(site)
    assert built.returncode == 0, built.stderr
    soup = article(page(site / "site", "claims/stoltenberg-herald/"))
    later = soup.select_one(".fc-later")
    assert later is not None and later["data-status"] == "changed"
    assert "partner" in later.select_one("ins").get_text()
    mark = soup.select_one(".fc-excerpt .fc-mark")
    assert mark is not None and mark.get_text() == WORDS  # the span as quoted, not re-attached
    data = json.loads((site / "site/data/claims.json").read_text("utf-8"))
    span = next(c for c in data["claims"] if c["id"] == "stoltenberg-herald")["quotes"][0]["spans"][
        0
    ]
    assert span["later"][0]["status"] == "changed"
    assert span["later"][0]["exact"] == "China is not our adversary but it is a partner"


def test_recheck_of_a_capture_file_and_its_refusals(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with server({"/article": _answer(200, ARTICLE)}) as address:
        _quoted_site(site, capsys, address)
    later = wacz(
        warc([(address + "/article", "text/html", _edited("China is", "Beijing is"))]),
        [address + "/article"],
    )
    path = _file(tmp_path, "later.wacz", later)
    code, out = _run(site, capsys, "recheck", "herald", "--capture", path, "--write")
    assert code == 1, out
    assert (site / "sources/herald.v2.wacz").read_bytes() == later  # the record kept too
    assert _source(site, "herald")["versions"][0]["capture"]["file"] == "herald.v2.wacz"
    assert _run(site, capsys, "recheck", "nobody")[0] == 2
    assert _run(site, capsys, "recheck", "--capture", path)[0] == 2  # which source?
    before = _files(site)
    code, out = _run(site, capsys, "recheck", "herald")  # the server is gone
    assert code == 1 and "error: herald: " in out and "cannot be fetched" in out
    assert _files(site) == before


def test_a_version_entry_is_added_and_every_line_kept() -> None:
    entry = {"snapshot": "a.v2.txt", "retrieved": "2026-12-05", "sha256": "ab"}
    plain = "title: A\n# keep me\nsnapshot: a.txt\n"
    assert add_version(plain, entry) == plain + (
        'versions:\n  - {snapshot: "a.v2.txt", retrieved: "2026-12-05", sha256: "ab"}\n'
    )
    listed = "title: A\nversions:\n    - {snapshot: a.v1.txt}  # first\nnotes: x\n"
    added = add_version(listed, entry)
    assert added.splitlines()[:3] == listed.splitlines()[:3]
    assert added.splitlines()[3].startswith('    - {snapshot: "a.v2.txt"')
    assert added.splitlines()[4] == "notes: x"
    assert yaml.safe_load(added)["versions"][1]["snapshot"] == "a.v2.txt"
    with pytest.raises(ValueError, match="block list"):
        add_version("title: A\nversions: [{snapshot: a.v1.txt}]\n", entry)
    assert add_version("title: A", entry).startswith("title: A\nversions:\n")


# --- the example, as a reader sees it -----------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example_site(tmp_path_factory.mktemp("example"))
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    return root / "site"


def test_the_example_shows_a_capture_a_later_version_and_the_original(example: Path) -> None:
    claim = article(page(example, "claims/mao-ning-not-a-challenge/"))
    spans = claim.select("#q0-s3")
    assert spans, "the example quotes its archived source"
    span = spans[0]
    original = span.select_one("a.fc-original")
    assert original is not None
    assert original["href"].startswith(
        "https://example.org/news/china-and-north-korea-warn-nato#:~:text="
    )
    later = span.select_one(".fc-later")
    assert later is not None and later["data-status"] == "changed"
    assert "5 December 2026" in later.get_text()
    source = article(page(example, "sources/citing-article-archive/"))
    facts = source.select_one("dl.fc-facts").get_text(" ")
    assert "31 January 2023, 09:30 UTC" in facts and "sha1:" in facts
    assert "Later version" in facts
    assert not (example / "captures").exists()  # not published by default
    v2 = source.select_one('a[href$="citing-article-archive.v2.txt"]')
    assert v2 is not None
    assert (example / "sources/citing-article-archive.v2.txt").read_bytes() == (
        PROJECT / "sources/citing-article-archive.v2.txt"
    ).read_bytes()
    data = json.loads((example / "data/claims.json").read_text("utf-8"))
    schema = json.loads((example / "data/claims.schema.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    archived = next(s for s in data["sources"] if s["id"] == "citing-article-archive")
    assert archived["capture"]["time"] == "2023-01-31T09:30:00Z"
    assert archived["versions"][0]["retrieved"] == "2026-12-05"


def test_published_captures_are_named_in_claimreview(tmp_path: Path) -> None:
    root = copy_example_site(tmp_path)
    with_options(root, "publish_captures: true")
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    published = root / "site/captures/citing-article-archive/citing-article-archive.wacz"
    assert published.read_bytes() == (root / "sources/citing-article-archive.wacz").read_bytes()
    soup = page(root / "site", "claims/mao-ning-not-a-challenge/")
    review = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    archived = [a.get("archivedAt") for a in review["itemReviewed"]["appearance"]]
    assert any(
        str(a).endswith("/captures/citing-article-archive/citing-article-archive.wacz")
        for a in archived
    )


# --- text fragments in Chromium -----------------------------------------------------------

FILLER = "<div style='height: 2400px'></div>"
BLOCKS = [
    "Kim Yo-jong said the rates, taxes & fees would rise. First.",
    "Later she said again: Kim Yo-jong said the rates, taxes & fees would rise. Second.",
    "The spokesperson ended the first paragraph here",
    "and began the second one, which the quote runs into.",
    "A long sentence of many words that a reader would quote whole, from its first word to"
    " its very last word, in one paragraph.",
    "قال المتحدث إن الصين شريك للتعاون وليست تحدياً لأحد.",
]


def test_a_text_fragment_takes_chromium_to_the_words(browser: Browser, tmp_path: Path) -> None:
    """Each span's link, made from the text ingest stores, opens the page at those words (the
    second of two occurrences, words over two paragraphs, a long quote, Arabic) in Chromium."""
    body = "".join(f"{FILLER}<p id='b{i}'>{html.escape(b)}</p>" for i, b in enumerate(BLOCKS))
    saved = html_page(body + FILLER, title="Fragments")
    (tmp_path / "page.html").write_bytes(saved)
    text = read(saved, "page.html").text
    spans = {
        "b1": ("Kim Yo-jong said the rates, taxes & fees would rise", 1),
        "b2": ("ended the first paragraph here\n\nand began", 0),
        "b4": ("many words that a reader would quote whole, from its first word to its very", 0),
        "b5": ("الصين شريك للتعاون", 0),
    }
    with serve(tmp_path) as address:
        for element, (words, skip) in spans.items():
            start = text.index(words)
            for _ in range(skip):
                start = text.index(words, start + 1)
            url = fragment_url(address + "page.html", text, [(start, start + len(words))])
            tab = browser.new_page()
            try:
                tab.goto(url)
                tab.wait_for_timeout(300)
                top = tab.evaluate(
                    "id => document.getElementById(id).getBoundingClientRect().top", element
                )
                height = tab.evaluate("() => innerHeight")
                assert 0 <= top < height, (element, url, top)
            finally:
                tab.close()
