"""Readers: a document as the site stores it, from the bytes it came in, each format behind one
interface (`Reader`), chosen by what the bytes are (`reader_for`): a web archive (`archive`),
a transcript's captions (`captions`), a PDF (`pdf`), a saved web page (`webpage`); a body a
server sent is read by type (`payload`). Each gives a `Document`: the
snapshot to store, its canonical text, and what the document says of itself. The editor's
`ingest` reads a document through them; the loader reads a stored snapshot's text through
`stored_text`, the same readers' rules for the formats a snapshot may have.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Protocol

from ..text import canonical_str
from .captions import TRANSCRIPT_SUFFIXES, Transcript, TranscriptError, read_transcript
from .document import Document, ReadError

__all__ = ["READERS", "Document", "ReadError", "Reader", "read", "reader_for", "stored_text"]


class Reader(Protocol):
    """One format of document: whether a file is one, and how to read it."""

    #: What the format is called in what the editor is told ("web page", "PDF").
    name: str

    def accepts(self, data: bytes, filename: str) -> bool:
        """Whether `data` (from a file of that name) is a document of this format."""
        ...

    def read(self, data: bytes, filename: str, url: str | None = None) -> Document:
        """The document in `data`; `ReadError` says why it cannot be read."""
        ...


class _Archive:
    """A web archive (WARC, WACZ): the page it captured, read as a saved page or PDF is, and
    the capture's record, kept beside the snapshot (archive.py)."""

    name = "web archive"

    def accepts(self, data: bytes, filename: str) -> bool:
        from .archive import is_archive

        return is_archive(data, filename)

    def read(self, data: bytes, filename: str, url: str | None = None) -> Document:
        from .archive import read_archive

        return read_archive(data, filename, url)


class _Captions:
    """A recording's captions, WebVTT or SubRip: stored as they are, once they read."""

    name = "transcript"

    def accepts(self, data: bytes, filename: str) -> bool:
        return any(filename.lower().endswith(s) for s in TRANSCRIPT_SUFFIXES)

    def read(self, data: bytes, filename: str, url: str | None = None) -> Document:
        suffix = next(s for s in TRANSCRIPT_SUFFIXES if filename.lower().endswith(s))
        try:
            text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError as error:
            raise ReadError(
                f"the transcript is not UTF-8 (byte {error.start}); save it as UTF-8"
            ) from None
        try:
            transcript = read_transcript(canonical_str(text), suffix)
        except TranscriptError as error:
            raise ReadError(f"the transcript cannot be read: {error}") from None
        title = PurePath(filename).stem
        return Document(
            transcript.text, title=title, kind="transcript", snapshot=data, suffix=suffix
        )


class _Pdf:
    """A PDF: its text, page by page, a form feed between pages."""

    name = "PDF"

    def accepts(self, data: bytes, filename: str) -> bool:
        from .pdf import is_pdf

        return is_pdf(data)

    def read(self, data: bytes, filename: str, url: str | None = None) -> Document:
        from .pdf import extract_pdf

        return extract_pdf(data, PurePath(filename).stem)


class _WebPage:
    """A saved web page: its article's text, and what the page says of itself."""

    name = "web page"

    def accepts(self, data: bytes, filename: str) -> bool:
        return True  # the last resort: a page whose encoding cannot be told is refused by read

    def read(self, data: bytes, filename: str, url: str | None = None) -> Document:
        from .webpage import extract

        return extract(data, url=url)


#: Every reader, in the order they are asked whether a file is theirs.
READERS: tuple[Reader, ...] = (_Archive(), _Captions(), _Pdf(), _WebPage())


def reader_for(data: bytes, filename: str) -> Reader:
    """The reader of the document `data` (from the file `filename`)."""
    return next(reader for reader in READERS if reader.accepts(data, filename))


def read(data: bytes, filename: str, url: str | None = None) -> Document:
    """The document in `data`, read by its reader; `ReadError` says why it cannot be."""
    return reader_for(data, filename).read(data, filename, url)


def stored_text(canonical: str, suffix: str) -> tuple[str, Transcript | None]:
    """The text a stored snapshot of `suffix` stands for, and its cues when it is a timed
    transcript: plain text as it is (SPEC §4); `TranscriptError` for captions that do not
    read."""
    if suffix in TRANSCRIPT_SUFFIXES:
        transcript = read_transcript(canonical, suffix)
        return transcript.text, transcript
    return canonical, None
