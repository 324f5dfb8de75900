"""The readers of documents (generator/readers/): one interface, the reader chosen by what the
bytes are, a Document out of each; and the loader reads a stored snapshot by the same rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from archives import warc
from pdfs import column, content, pdf

from generator.readers import READERS, Document, ReadError, read, reader_for, stored_text

PAGES = Path(__file__).parent / "pages"
VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello there.\n"


def test_each_format_is_read_by_its_own_reader() -> None:
    page = (PAGES / "news-article.html").read_bytes()
    made = pdf([content(column(72, 700, ["Words", "on", "a", "page"]))])
    assert [r.name for r in READERS] == ["web archive", "transcript", "PDF", "web page"]
    assert reader_for(warc([("https://a.example/", "text/html", page)]), "x.bin").name == (
        "web archive"  # by its bytes
    )
    assert reader_for(VTT.encode(), "talk.vtt").name == "transcript"
    assert reader_for(made, "report.bin").name == "PDF"  # by its bytes, not its name
    assert reader_for(page, "page.html").name == "web page"
    captions = read(VTT.encode(), "talk.vtt")
    assert (captions.text, captions.suffix, captions.stored) == (
        "Hello there.\n",
        ".vtt",
        VTT.encode(),
    )
    assert captions.kind == "transcript" and captions.title == "talk"
    document = read(made, "report.pdf")
    assert isinstance(document, Document) and document.suffix == ".txt"
    assert document.stored == document.text.encode() and "Words on a page" in document.text
    assert read(page, "page.html").kind == "article"


@pytest.mark.parametrize(
    ("data", "name", "said"),
    [
        (b"\xff\xfe not utf-8", "talk.vtt", "not UTF-8"),
        (b"WEBVTT\n\nno cue here\n", "talk.srt", "cannot be read"),
        (b"%PDF-1.4 truncated", "x.pdf", "cannot be read"),
    ],
)
def test_a_document_that_does_not_read_is_a_read_error(data: bytes, name: str, said: str) -> None:
    with pytest.raises(ReadError, match=said):
        read(data, name)


def test_the_loader_reads_a_stored_snapshot_by_the_same_rules() -> None:
    assert stored_text("Plain text.\n", ".txt") == ("Plain text.\n", None)
    text, transcript = stored_text(VTT, ".vtt")
    assert text == read(VTT.encode(), "t.vtt").text and transcript is not None
