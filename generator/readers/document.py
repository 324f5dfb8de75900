"""What a reader gives: a document's snapshot and what it says of itself (and why it could not
be read)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import Capture


class ReadError(ValueError):
    """A document that cannot be read; the message says why."""


@dataclass(frozen=True, slots=True)
class Document:
    """What reading a document gives: the snapshot text and what it says of itself."""

    text: str  # canonical snapshot text, blocks separated by blank lines, ending in a newline
    title: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    published: dt.date | None = None
    url: str | None = None
    language: str | None = None
    kind: str = "article"  # the source's `type`
    notes: list[str] = field(default_factory=list)  # written into the source's notes
    warnings: list[str] = field(default_factory=list)  # printed: what to look at before use
    #: The snapshot file to store (its bytes and suffix): the canonical text as UTF-8, or the
    #: file as it came when the format is itself a snapshot's (a transcript).
    snapshot: bytes | None = None
    suffix: str = ".txt"
    #: The web archive the document was taken from, to keep beside it (SPEC §2 `capture`):
    #: what it says of the capture (its `file` named when stored), its bytes and suffix.
    capture: Capture | None = None
    archive: bytes | None = None
    archive_suffix: str = ".warc.gz"

    @property
    def stored(self) -> bytes:
        """The bytes of the snapshot file."""
        return self.snapshot if self.snapshot is not None else self.text.encode("utf-8")
