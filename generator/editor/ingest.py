"""`ingest`: a saved document stored as a source, its snapshot and its YAML file together.

A web page (`readers/webpage.py`) becomes the text of its article; a PDF (`readers/pdf.py`) its
text with a form feed between pages; a WebVTT or SubRip transcript is stored as it is, once it
reads. The YAML file says what the document says of itself, and what ingest noticed, for the
editor to check.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from anyascii import anyascii

from ..check import Layout
from ..fields import ID_PATTERN
from ..files import FileRefusal, place, read_file, stage
from ..i18n import ENGLISH
from ..load import LANGUAGE_TAG, discover, relative, source_from_node
from ..model import Capture, Problem
from ..readers import Document, ReadError, read
from ..readers.payload import read_payload
from ..readers.webpage import clean_field, sentences
from ..snapshots import text_sha256
from ..terminal import printable
from ..weburls import url_problem
from ..yamlnodes import YamlError, parse_yaml
from .authoring import Outcome
from .fetch import TIMEOUT, FetchError, fetch

_KINDS = {"article": "web page", "other": "PDF", "transcript": "transcript"}


def source_yaml(
    page: Document,
    source_id: str,
    snapshot: str,
    sha256: str,
    *,
    url: str | None = None,
    retrieved: dt.date | None = None,
    capture: Capture | None = None,
    fetched: bool = False,
) -> str:
    """The source file for an ingested page, with what the page said of itself, and the
    capture it was taken from (a web archive, or the exchange of a fetch)."""

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    retrieved = retrieved or dt.date.today()
    how = f"a web archive's {_KINDS[page.kind]}" if capture else f"a saved {_KINDS[page.kind]}"
    if fetched:
        how = f"the {_KINDS[page.kind]} as its server sent it"
    lines = [
        f"# Ingested from {how} on {retrieved.isoformat()}; check every field.",
        f"title: {q(page.title or source_id)}",
    ]
    if page.publisher:
        lines.append(f"publisher: {q(page.publisher)}")
    if len(page.authors) == 1:
        lines.append(f"author: {q(page.authors[0])}")
    elif page.authors:
        lines.append("author: [" + ", ".join(q(a) for a in page.authors) + "]")
    if url or page.url:
        lines.append(f"url: {q(url or page.url or '')}")
    if page.published:
        lines.append(f"published: {page.published.isoformat()}")
    lines.append(f"retrieved: {retrieved.isoformat()}")
    lines.append(f"type: {page.kind}")
    if page.language and LANGUAGE_TAG.fullmatch(page.language):
        lines.append(f"language: {page.language}")
    lines.append(f"snapshot: {snapshot}")
    lines.append(f"sha256: {sha256}")
    if capture is not None:
        lines.append(
            f"capture: {{file: {q(capture.file)}, url: {q(capture.url)}, "
            f"time: {q(capture.time)}, digest: {q(capture.digest)}}}"
        )
    if page.notes:
        told = " ".join(f"{clean_field(note)}." for note in page.notes)
        lines.append(f"notes: {q('When this document was ingested: ' + told)}")
    return "\n".join(lines) + "\n"


# -- the command ------------------------------------------------------------------------------


def _write_files(
    stored: list[tuple[Path, bytes]],
    yaml_path: Path,
    described: bytes,
    pending: Path,
    *,
    force: bool,
    resumed: bool,
) -> None:
    """The snapshot (and the archive it came from) and its YAML file together, or nothing a
    check would see (SPEC §9).

    Every file is written and synced first, under a name of its own that the next run reuses:
    the YAML as `pending`, the others as `.<name>.ingest`. Then the others are renamed into
    place, and the YAML last, so that the source exists for `check` only once its files do.
    Killed before the YAML's rename, the files stand without a YAML file (not a source:
    nothing loads them) and `pending` says they are ingest's own, so running ingest again
    replaces them without `--force` (`resumed`). On any error, what was staged is removed."""
    staged: list[Path] = []
    try:
        staged.append(stage(yaml_path, described, name=pending.name))
        for path, data in stored:
            staged.append(stage(path, data, name=f".{path.name}.ingest"))
        for path, _ in stored:
            place(staged[1], path, replace=force or resumed)
            staged.pop(1)
        place(staged[0], yaml_path, replace=force)
        staged.pop()
    finally:
        for path in staged:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _loads(layout: Layout, described: str, source_id: str) -> str | None:
    """Why the source file `described` would not load without a problem, or None."""
    path = layout.sources_dir / f"{source_id}.yml"
    try:
        node = parse_yaml(described)
    except YamlError as error:
        return f"{error.code} at {error.pos.line}:{error.pos.column}: {error.message}"
    problems: list[Problem] = []
    source_from_node(node, source_id, relative(layout.root, path), problems)
    return f"{problems[0].code}: {problems[0].message}" if problems else None


def is_address(target: str) -> bool:
    """Whether `ingest`'s argument names a page on the web rather than a file."""
    return target.lower().startswith(("http://", "https://"))


def ingest(
    layout: Layout,
    target: str | Path,
    source_id: str | None,
    url: str | None,
    *,
    force: bool,
    timeout: float = TIMEOUT,
) -> Outcome:
    """Store a document as a source: a saved file (a web page, a PDF, captions, a web
    archive), or the page at an address, fetched with the record of the exchange. Its
    snapshot, the archive it came from and its YAML file are written together, never
    half-written, never over another source's files without `force`; without `source_id`, one
    is made from the document's title or address."""
    if source_id is not None and (not ID_PATTERN.fullmatch(source_id) or source_id == "index"):
        return Outcome(
            f"error: '{source_id}' is not a valid source id\n  hint: lowercase letters, digits "
            "and '-', at most 80 (not 'index'), e.g. newsweek-nato-asia",
            2,
        )
    if url is not None and url_problem(url) is not None:
        return Outcome(f"error: --url must be an http or https address: it {url_problem(url)}", 2)
    fetched = is_address(str(target))
    if fetched:
        try:
            got = fetch(str(target), timeout=timeout, limit=layout.limits.snapshot)
            page = read_payload(got.body, got.url, got.content_type, got.charset)
        except (FetchError, ReadError) as error:
            return Outcome(f"error: {printable(str(error))}; nothing was written", 1)
        notes = [*page.notes]
        if got.url != got.asked:
            notes.append(f"asked for {got.asked}, redirected to {got.url}")
        page = replace(
            page,
            url=got.url,
            capture=Capture("", got.url, got.time, got.digest),
            archive=got.warc,
            archive_suffix=".warc.gz",
            notes=notes,
        )
        shown = str(target)
    else:
        path = Path(target)
        shown = str(path)
        try:
            data = read_file(
                path, inside=Path(os.sep), limit=layout.limits.snapshot, shown=str(path)
            )
        except FileRefusal as refusal:
            return Outcome(f"error: {refusal.message}", 2)
        try:
            page = read(data, path.name, url)
        except ReadError as error:
            return Outcome(f"error: {printable(shown)}: {error}; nothing was written", 1)
    found = discover(layout.root, layout.claims_dir, layout.sources_dir).sources
    chosen = source_id is None
    if source_id is None:
        source_id = choose_id(page.title, page.url or url or shown, found)
    snapshot = page.stored
    text_path = layout.sources_dir / f"{source_id}{page.suffix}"
    yaml_path = layout.sources_dir / f"{source_id}.yml"
    archive_path = (
        layout.sources_dir / f"{source_id}{page.archive_suffix}" if page.archive else None
    )
    capture = (
        replace(page.capture, file=archive_path.name)
        if page.capture is not None and archive_path is not None
        else None
    )
    taken = found.get(source_id)
    if taken is not None and taken != yaml_path:
        return Outcome(
            f"error: the source id '{source_id}' is taken by {relative(layout.root, taken)}; "
            "nothing was written\n  hint: choose another --id (--force only replaces "
            f"{relative(layout.root, yaml_path)})",
            1,
        )
    stored = [(text_path, snapshot)]
    if archive_path is not None and page.archive is not None:
        stored.append((archive_path, page.archive))
    # While this file is there, the files beside it are an interrupted ingest's, not the
    # editor's: the YAML waits in it until they are in place (see `_write_files`).
    pending = layout.sources_dir / f".{source_id}.yml.ingest"
    placed = [path for path, _ in stored if os.path.lexists(path)]
    resumed = taken is None and not os.path.lexists(yaml_path) and bool(placed)
    resumed = resumed and (
        os.path.lexists(pending) or (text_path.is_file() and text_path.read_bytes() == snapshot)
    )
    existing = [p for p in (text_path, archive_path, yaml_path) if p and os.path.lexists(p)]
    if existing and not force and not resumed:
        names = ENGLISH.list([relative(layout.root, p) for p in existing])
        return Outcome(
            f"error: {names} already exist{'s' if len(existing) == 1 else ''}; nothing was "
            "written\n  hint: choose another --id, or add --force to replace them",
            1,
        )
    retrieved = _captured_on(capture) if capture is not None and not fetched else None
    described = source_yaml(
        page,
        source_id,
        text_path.name,
        text_sha256(page.text),
        url=url,
        retrieved=retrieved,
        capture=capture,
        fetched=fetched,
    )
    problem = _loads(layout, described, source_id)
    if problem is not None:  # a bug of ours: never write what check would refuse
        return Outcome(f"error: the source file ingest made does not load: {problem}", 70)
    try:
        layout.sources_dir.mkdir(parents=True, exist_ok=True)
        _write_files(
            stored,
            yaml_path,
            described.encode("utf-8"),
            pending,
            force=force,
            resumed=resumed,
        )
    except FileExistsError as error:
        return Outcome(f"error: {error.filename} appeared meanwhile; it was not replaced", 1)
    except OSError as error:
        return Outcome(
            f"error: could not write {relative(layout.root, Path(error.filename or text_path))}:"
            f" {error.strerror}; what was already there is unchanged",
            1,
        )
    done = ", completing an interrupted ingest" if resumed else ""
    written = ENGLISH.list(
        [*(relative(layout.root, p) for p, _ in stored), relative(layout.root, yaml_path)]
    )
    lines = [f"wrote {written}{done}"]
    if chosen:
        lines.append(f"  id: {source_id} (made from the document's title or address)")
    lines += _summary(page)
    if capture is not None:
        lines.append(f"  captured: {printable(capture.url)} at {capture.time}")
    lines += [f"  note: {printable(note)}" for note in page.notes]
    lines += [f"warning: {printable(warning)}" for warning in page.warnings]
    lines.append(f'next: python -m generator locate {source_id} "the words you are checking"')
    return Outcome("\n".join(lines), 0)


def _captured_on(capture: Capture) -> dt.date | None:
    """The day a web archive captured the page (its WARC-Date), as `retrieved:`."""
    try:
        return dt.date.fromisoformat(capture.time[:10])
    except ValueError:
        return None


#: Words that say nothing of a document, left out of an id made from its title.
_ID_SIZE = 60


def choose_id(title: str | None, address: str, taken: Mapping[str, Path]) -> str:
    """A readable source id for a document (SPEC §1: lowercase letters, digits and '-', at most
    80): from its title, else its address's last part, never one already taken (`-2`, `-3`…
    added) and never `index`."""
    words = re.sub(r"[^a-z0-9]+", "-", anyascii(title or "").lower()).strip("-")
    if not words:
        path = urlsplit(address).path if is_address(address) else address
        stem = PurePosixPath(path.rstrip("/")).stem or urlsplit(address).netloc
        words = re.sub(r"[^a-z0-9]+", "-", anyascii(stem).lower()).strip("-")
    base = words if len(words) <= _ID_SIZE else words[:_ID_SIZE].rsplit("-", 1)[0]
    base = base.strip("-") or "source"
    if base == "index":
        base = "index-source"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _summary(page: Document) -> list[str]:
    """What was stored, for the editor to compare with the document at a glance."""
    words = len(page.text.split())
    said = list(sentences(page.text.replace("\f", "\n")))

    def quoted(sentence: str) -> str:
        cut = sentence if len(sentence) <= 100 else sentence[:99] + "\u2026"
        return printable(f"\u201c{cut}\u201d")

    none = "(none found)"
    lines = [f"  title: {printable(page.title or none)}"]
    lines.append(f"  published: {page.published.isoformat() if page.published else none}")
    lines.append(f"  author: {printable('; '.join(page.authors)) if page.authors else none}")
    pages = page.text.count("\f") + 1
    lines.append(f"  text: {words} words" + (f" on {pages} pages" if pages > 1 else ""))
    if said:
        lines.append(f"  first: {quoted(said[0])}")
    if len(said) > 1:
        lines.append(f"  last: {quoted(said[-1])}")
    return lines
