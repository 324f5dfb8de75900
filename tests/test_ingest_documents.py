"""Ingest of what is not a web page (issue 21): a PDF becomes its text page by page (columns read
in order, words hyphenated at line ends joined, ligatures as letters, a form feed between pages);
a WebVTT or SubRip transcript is stored as it is. Both go on through locate, a claim, the claim
page and claims.json; hostile files give a clear refusal and write nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import lxml.html
import pytest
import yaml
from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfs import column, content, pdf
from PIL import Image
from sitebuild import article, copy_example_site, mkdocs_build, page, run_generator

from generator.readers import ReadError
from generator.readers import pdf as pdf_module
from generator.readers.pdf import extract_pdf

REPORT = pdf(
    [
        content(
            column(
                72,
                700,
                [
                    "The minister said the of\ufb01ce",
                    "would open a well-known",
                    "investi-",
                    "gation into the",
                    "well-",
                    "known case.",
                ],
            )
            + column(
                330,
                700,
                ["The second column tells", "the rest of the story,", "after the \ufb01rst."],
            )
        ),
        b"",
        content(column(72, 700, ["Page three holds the", "conclusion of the report."])),
    ],
    title="Annual Report 2023",
    author="Ministry of Examples",
)
STORED = (
    "The minister said the office would open a well-known investigation into the well-known "
    "case.\n\nThe second column tells the rest of the story, after the first.\n\f\n\f"
    "Page three holds the conclusion of the report.\n"
)
VTT = (
    "WEBVTT\n\n00:12:30.000 --> 00:12:34.500\n<v Minister>We will not raise taxes &amp; we\n"
    "will not cut pensions.</v>\n\n00:12:34.500 --> 00:12:38.000\nwill not cut pensions.\n"
    "<i>That is</i> our promise.\n"
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "site").mkdir()
    return copy_example_site(tmp_path / "site")


def _file(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_a_pdf_is_stored_page_by_page_and_a_quote_found_on_its_page(
    site: Path, tmp_path: Path
) -> None:
    result = run_generator(site, "ingest", _file(tmp_path, "report.pdf", REPORT), "--id", "report")
    assert result.returncode == 0, result.stderr
    assert (site / "sources/report.txt").read_text("utf-8") == STORED
    assert "text: 34 words on 3 pages" in result.stdout
    assert "note: page 2 of the PDF has no text" in result.stdout
    meta = yaml.safe_load((site / "sources/report.yml").read_text("utf-8"))
    assert meta["title"] == "Annual Report 2023" and meta["author"] == "Ministry of Examples"
    assert meta["type"] == "other" and meta["snapshot"] == "report.txt"
    assert "the PDF says it was made on 2023-01-30" in meta["notes"]
    assert run_generator(site, "check", "sources/report.yml").returncode == 0
    found = run_generator(site, "locate", "report", "conclusion of the report")
    assert found.stdout.startswith("sources/report.txt:5:23 (page 3): verbatim"), found.stdout
    # the hyphen of a word the document writes with one is kept; the others' are not
    assert "investigation" in STORED and "well-known case" in STORED


@settings(max_examples=15, deadline=None)
@given(
    st.lists(
        st.lists(st.from_regex(r"[A-Za-z]{2,9}", fullmatch=True), min_size=0, max_size=6),
        min_size=1,
        max_size=4,
    )
)
def test_every_word_of_a_pdf_lands_on_its_own_page(pages: list[list[str]]) -> None:
    streams = [content(column(72, 700, words)) if words else b"" for words in pages]
    if not any(pages):
        with pytest.raises(ReadError, match="no text on any"):
            extract_pdf(pdf(streams), "x")
        return
    stored = extract_pdf(pdf(streams), "x").text.rstrip("\n").split("\f")
    assert len(stored) == len(pages)
    for words, text in zip(pages, stored, strict=True):
        assert text.split() == words


def _encrypted() -> bytes:
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="Secret words.")
    document.set_encryption(owner_password="owner", user_password="reader")
    return bytes(document.output())


def _scanned() -> bytes:
    document = FPDF()
    document.add_page()
    picture = io.BytesIO()
    Image.new("RGB", (40, 40), "grey").save(picture, format="PNG")
    document.image(picture, x=10, y=10, w=50)
    return bytes(document.output())


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (REPORT[: len(REPORT) // 2], "the PDF"),
        (b"%PDF-1.4\n" + b"\x00garbage\xff" * 200, "the PDF"),
        (_encrypted(), "the PDF is encrypted with a password"),
        (_scanned(), "no text on any of its 1 page (they are images: a scan); run OCR"),
        (pdf([b"", b""]), "no text on any of its 2 pages; run OCR"),
    ],
    ids=["truncated", "garbage", "encrypted", "scanned", "empty"],
)
def test_a_pdf_that_cannot_give_text_is_refused_with_why(
    site: Path, tmp_path: Path, data: bytes, said: str
) -> None:
    result = run_generator(site, "ingest", _file(tmp_path, "bad.pdf", data), "--id", "bad")
    assert result.returncode == 1 and said in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (site / "sources/bad.txt").exists() and not (site / "sources/bad.yml").exists()


def test_a_pdf_of_too_many_pages_is_refused_before_it_is_read_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf_module, "MAX_PAGES", 3)
    with pytest.raises(ReadError, match="more than 3 pages; split it first"):
        extract_pdf(pdf([content(column(72, 700, ["word"]))] * 5), "x")


def test_a_transcript_is_stored_as_it_is_and_a_quote_found_at_its_time(
    site: Path, tmp_path: Path
) -> None:
    captions = _file(tmp_path, "interview.vtt", VTT.encode())
    result = run_generator(
        site, "ingest", captions, "--id", "interview", "--url", "https://example.org/i.mp4"
    )
    assert result.returncode == 0, result.stderr
    assert (site / "sources/interview.vtt").read_bytes() == VTT.encode()
    meta = yaml.safe_load((site / "sources/interview.yml").read_text("utf-8"))
    assert meta["type"] == "transcript" and meta["snapshot"] == "interview.vtt"
    assert run_generator(site, "check", "sources/interview.yml").returncode == 0
    found = run_generator(site, "locate", "interview", "That is our promise")
    assert found.stdout.startswith("sources/interview.vtt at 12:34\u201312:38: verbatim")


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("a.vtt", b"NOT WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", "the transcript cannot be read"),
        ("b.srt", b"1\n00:00:01,000 --> 00:00:02,000\nCaf\xe9\n", "the transcript is not UTF-8"),
        ("c.vtt", b"WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nBackwards\n", "before it starts"),
        ("d.srt", b"1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n", "no cue with any text"),
    ],
)
def test_a_broken_transcript_is_refused_and_nothing_written(
    site: Path, tmp_path: Path, name: str, data: bytes, said: str
) -> None:
    result = run_generator(site, "ingest", _file(tmp_path, name, data), "--id", "bad")
    assert result.returncode == 1 and said in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not list((site / "sources").glob("bad.*"))


@pytest.mark.slow
def test_ingested_documents_go_on_to_the_claim_page_and_the_open_data(
    site: Path, tmp_path: Path
) -> None:
    report = _file(tmp_path, "report.pdf", REPORT)
    assert (
        run_generator(
            site, "ingest", report, "--id", "report", "--url", "https://example.org/r.pdf"
        ).returncode
        == 0
    )
    captions = _file(tmp_path, "interview.vtt", VTT.encode())
    assert (
        run_generator(
            site, "ingest", captions, "--id", "interview", "--url", "https://youtu.be/abc"
        ).returncode
        == 0
    )
    (site / "claims/promise.yml").write_text(
        "title: The minister's promise\nclaim: No new taxes\nclaimant: A Minister\n"
        "verdict: accurate\nsummary: Said on camera and printed in the report.\nquotes:\n"
        "  - text: That is our promise\n    spans:\n      - source: interview\n"
        "        exact: That is our promise\n"
        "  - text: conclusion of the report\n    spans:\n      - source: report\n"
        "        exact: conclusion of the report\n",
        encoding="utf-8",
    )
    build = mkdocs_build(site)
    assert build.returncode == 0, build.stderr
    claim = article(page(site / "site", "claims/promise/"))
    moments = {a.get_text(" ", strip=True): a["href"] for a in claim.select("a.fc-span__moment")}
    assert moments == {
        "at 12:34\u201312:38": "https://youtu.be/abc?t=754s",
        "page 3": "https://example.org/r.pdf#page=3",
    }
    data = json.loads((site / "site/data/claims.json").read_text("utf-8"))
    (record,) = [c for c in data["claims"] if c["id"] == "promise"]
    spans = [s for q in record["quotes"] for s in q["spans"]]
    assert spans[0]["time"] == {"start": 754.5, "end": 758.0}
    assert spans[1]["page"] == 3
    # the source page marks where each page starts, outside the text itself
    source = article(page(site / "site", "sources/report/"))
    marks = [m["data-page"] for m in source.select(".fc-text .fc-page-start")]
    assert marks == ["page 2", "page 3"]
    # (read with lxml: BeautifulSoup turns a string of white space alone, an empty page's
    # "\n\f" between two markers, into "\n")
    raw = (site / "site/sources/report/index.html").read_text("utf-8")
    (text,) = lxml.html.fromstring(raw).find_class("fc-text")
    assert text.text_content() == STORED


def test_the_example_pdf_ingests_to_its_committed_snapshot() -> None:
    """The example site's paged source is what ingest makes of its PDF, word for word the
    citing article it was set from (justified lines included: none is split and reordered)."""
    root = Path(__file__).resolve().parent.parent
    data = (root / "docs/documents/citing-article-print.pdf").read_bytes()
    stored = (root / "sources/citing-article-print.txt").read_text("utf-8")
    assert extract_pdf(data, "citing-article-print").text == stored
    assert stored.count("\f") == 3
    assert stored.split() == (root / "sources/citing-article.txt").read_text("utf-8").split()
