"""Reading a source's text snapshot: where it may live, how it is decoded, whether it changed."""

from __future__ import annotations

import bisect
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .boundaries import Boundaries
from .files import MAX_SNAPSHOT_BYTES, FileRefusal, read_file
from .readers import stored_text
from .readers.captions import TRANSCRIPT_SUFFIXES, Transcript, TranscriptError
from .text import FoldedText, LineIndex, SnapshotEncodingError, canonical_str, canonical_text

SNAPSHOT_SUFFIXES = (".txt", ".md", *TRANSCRIPT_SUFFIXES)
#: Ends a page of a paged snapshot (pdftotext's convention, SPEC §2).
FORM_FEED = "\f"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A snapshot's canonical text, folded for matching, with its line index and its boundary
    tests (whole words, whole characters), all built when the snapshot is read."""

    path: str  # relative to the site root, POSIX separators
    text: FoldedText
    sha256: str
    lines: LineIndex = field(repr=False, compare=False)
    bounds: Boundaries = field(repr=False, compare=False)
    #: A timed transcript's cues (none for plain text), and where each page break is.
    transcript: Transcript | None = field(default=None, repr=False, compare=False)
    page_breaks: tuple[int, ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def of(cls, path: str, canonical: str, transcript: Transcript | None = None) -> Snapshot:
        """The snapshot at `path` (relative to the site) of an already canonical text."""
        text = FoldedText.of(canonical)
        breaks = (
            tuple(i for i, c in enumerate(canonical) if c == FORM_FEED)
            if FORM_FEED in canonical
            else ()
        )
        return cls(
            path,
            text,
            text_sha256(canonical),
            LineIndex(canonical),
            Boundaries(text),
            transcript,
            breaks,
        )

    def pages(self, start: int, end: int) -> tuple[int, int] | None:
        """The first and last page (from 1) of the text from `start` to `end`, when the
        snapshot has pages (SPEC §2: text after the n-th form feed is on page n + 1)."""
        if not self.page_breaks:
            return None
        first = bisect.bisect_left(self.page_breaks, start) + 1
        last = bisect.bisect_left(self.page_breaks, max(start, end - 1)) + 1
        return first, last

    def time(self, start: int, end: int) -> tuple[float, float] | None:
        """When a timed transcript says the text from `start` to `end`, in seconds."""
        return self.transcript.time_of(start, end) if self.transcript else None

    @classmethod
    def from_text(cls, path: str, text: str) -> Snapshot:
        """A snapshot of `text` (canonicalised), for tests and for text that is not a file."""
        return cls.of(path, canonical_str(text))

    @property
    def canonical(self) -> str:
        """The canonical text, in which every offset counts."""
        return self.text.canonical

    def line_column(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of a canonical offset."""
        return self.lines.line_column(offset)


def text_sha256(canonical: str) -> str:
    """The hex SHA-256 of a canonical text, as `sha256:` records it (SPEC §2)."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class SnapshotError(Exception):
    """A snapshot that cannot be used; `code` is the problem code."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


def snapshot_path(
    root: Path,
    sources_dir: Path,
    yaml_file: Path,
    name: str,
    suffixes: tuple[str, ...] = SNAPSHOT_SUFFIXES,
) -> Path:
    """Where `snapshot: name` in `yaml_file` points (or a capture's `file:`, of `suffixes`), or
    `SnapshotError` if it leaves sources/.

    The name is relative to the YAML file's folder, like a link; it must not be absolute, use
    `..`, or reach outside `sources/` through a symbolic link (which `read_snapshot` refuses).
    """
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise SnapshotError(
            "snapshot-outside",
            f"the snapshot path '{name}' is absolute",
            "give the file name relative to this YAML file, e.g. snapshot: my-source.txt",
        )
    if ".." in pure.parts:
        raise SnapshotError(
            "snapshot-outside",
            f"the snapshot path '{name}' leaves sources/ with '..'",
            "keep snapshots inside sources/ and name them relative to this YAML file",
        )
    if not pure.name.lower().endswith(suffixes) or (
        suffixes is SNAPSHOT_SUFFIXES and pure.suffix not in suffixes
    ):
        raise SnapshotError(
            "bad-value",
            f"the snapshot '{name}' is not a .txt, .md, .vtt or .srt file",
            "snapshots are plain text (.txt, .md) or timed transcripts (.vtt WebVTT, .srt SubRip)",
        )
    # Where a link inside sources/ leads is checked when the file is read (read_file).
    return yaml_file.parent / Path(*pure.parts)


def read_snapshot(
    root: Path, path: Path, sources_dir: Path, limit: int = MAX_SNAPSHOT_BYTES
) -> Snapshot:
    """Read and canonicalise a snapshot; `SnapshotError` says what is wrong with it."""
    relative = path.relative_to(root).as_posix()
    if not os.path.lexists(path):
        raise SnapshotError(
            "snapshot-missing",
            f"the snapshot {relative} does not exist",
            "add the text file, or remove 'snapshot:' to make this a cited-only source",
        )
    try:
        data = read_file(path, inside=sources_dir, limit=limit, shown=f"the snapshot {relative}")
    except FileRefusal as refusal:
        code = "snapshot-outside" if refusal.code == "file-outside" else refusal.code
        raise SnapshotError(code, refusal.message, refusal.hint) from None
    try:
        canonical = canonical_text(data)
    except SnapshotEncodingError as error:
        raise SnapshotError(
            "snapshot-encoding",
            f"the snapshot {relative} is not UTF-8: {error.reason} at byte {error.offset}",
            "save the snapshot as UTF-8 (e.g. iconv -f windows-1252 -t utf-8)",
        ) from None
    try:
        text, transcript = stored_text(canonical, path.suffix)
    except TranscriptError as error:
        raise SnapshotError(
            "snapshot-format",
            f"the transcript {relative} cannot be read: {error}",
            "save captions as WebVTT (.vtt) or SubRip (.srt), as platforms export them",
        ) from None
    return Snapshot.of(relative, text, transcript)
