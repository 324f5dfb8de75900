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
from pathlib import Path

from ..check import Layout
from ..fields import ID_PATTERN
from ..files import FileRefusal, place, read_file, stage
from ..load import discover, relative, source_from_node
from ..model import Problem
from ..readers import Document, ReadError, read
from ..readers.webpage import clean_field, sentences
from ..snapshots import text_sha256
from ..terminal import printable
from ..weburls import url_problem
from ..yamlnodes import YamlError, parse_yaml
from .authoring import Outcome

_KINDS = {"article": "web page", "other": "PDF", "transcript": "transcript"}


def source_yaml(
    page: Document,
    source_id: str,
    snapshot: str,
    sha256: str,
    *,
    url: str | None = None,
    retrieved: dt.date | None = None,
) -> str:
    """The source file for an ingested page, with what the page said of itself."""

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    retrieved = retrieved or dt.date.today()
    lines = [
        f"# Ingested from a saved {_KINDS[page.kind]} on {retrieved.isoformat()}; check every "
        "field.",
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
    if page.language and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", page.language):
        lines.append(f"language: {page.language}")
    lines.append(f"snapshot: {snapshot}")
    lines.append(f"sha256: {sha256}")
    if page.notes:
        told = " ".join(f"{clean_field(note)}." for note in page.notes)
        lines.append(f"notes: {q('When this document was ingested: ' + told)}")
    return "\n".join(lines) + "\n"


# -- the command ------------------------------------------------------------------------------


def _write_pair(
    text_path: Path,
    snapshot: bytes,
    yaml_path: Path,
    described: bytes,
    pending: Path,
    *,
    force: bool,
    resumed: bool,
) -> None:
    """The snapshot and its YAML file together, or nothing a check would see (SPEC §9).

    Both are written and synced first, under names of their own that the next run reuses: the
    YAML as `pending`, the snapshot as `.<name>.ingest`. Then the snapshot is renamed into
    place, and the YAML last, so that the source exists for `check` only once its snapshot does.
    Killed between the two renames, the snapshot stands without a YAML file (not a source:
    nothing loads it) and `pending` says it is ingest's own, so running ingest again replaces
    it without `--force` (`resumed`). On any error, what was staged is removed."""
    staged: list[Path] = []
    try:
        staged.append(stage(yaml_path, described, name=pending.name))
        staged.append(stage(text_path, snapshot, name=f".{text_path.name}.ingest"))
        place(staged[1], text_path, replace=force or resumed)
        staged.pop()
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


def ingest(
    layout: Layout, page_path: Path, source_id: str, url: str | None, *, force: bool
) -> Outcome:
    """Store a saved page as `sources/<source_id>.txt` and `.yml`, never half-written, never
    over another source's files without `force`."""
    if not ID_PATTERN.fullmatch(source_id) or source_id == "index":
        return Outcome(
            f"error: '{source_id}' is not a valid source id\n  hint: lowercase letters, digits "
            "and '-', at most 80 (not 'index'), e.g. newsweek-nato-asia",
            2,
        )
    if url is not None and url_problem(url) is not None:
        return Outcome(f"error: --url must be an http or https address: it {url_problem(url)}", 2)
    try:
        data = read_file(
            page_path, inside=Path(os.sep), limit=layout.limits.snapshot, shown=str(page_path)
        )
    except FileRefusal as refusal:
        return Outcome(f"error: {refusal.message}", 2)
    try:
        page = read(data, page_path.name, url)
    except ReadError as error:
        return Outcome(f"error: {printable(str(page_path))}: {error}", 1)
    snapshot = page.stored
    text_path = layout.sources_dir / f"{source_id}{page.suffix}"
    yaml_path = layout.sources_dir / f"{source_id}.yml"
    taken = discover(layout.root, layout.claims_dir, layout.sources_dir).sources.get(source_id)
    if taken is not None and taken != yaml_path:
        return Outcome(
            f"error: the source id '{source_id}' is taken by {relative(layout.root, taken)}; "
            "nothing was written\n  hint: choose another --id (--force only replaces "
            f"{relative(layout.root, yaml_path)})",
            1,
        )
    # While this file is there, the snapshot beside it is an interrupted ingest's, not the
    # editor's: the YAML waits in it until the snapshot is in place (see `_write_pair`).
    pending = layout.sources_dir / f".{source_id}.yml.ingest"
    resumed = taken is None and not os.path.lexists(yaml_path) and os.path.lexists(text_path)
    resumed = resumed and (
        os.path.lexists(pending) or (text_path.is_file() and text_path.read_bytes() == snapshot)
    )
    existing = [p for p in (text_path, yaml_path) if os.path.lexists(p)]
    if existing and not force and not resumed:
        names = " and ".join(relative(layout.root, p) for p in existing)
        return Outcome(
            f"error: {names} already exist{'s' if len(existing) == 1 else ''}; nothing was "
            "written\n  hint: choose another --id, or add --force to replace them",
            1,
        )
    described = source_yaml(page, source_id, text_path.name, text_sha256(page.text), url=url)
    problem = _loads(layout, described, source_id)
    if problem is not None:  # a bug of ours: never write what check would refuse
        return Outcome(f"error: the source file ingest made does not load: {problem}", 70)
    try:
        layout.sources_dir.mkdir(parents=True, exist_ok=True)
        _write_pair(
            text_path,
            snapshot,
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
    lines = [
        f"wrote {relative(layout.root, text_path)} and {relative(layout.root, yaml_path)}{done}",
        *_summary(page),
    ]
    lines += [f"  note: {printable(note)}" for note in page.notes]
    lines += [f"warning: {printable(warning)}" for warning in page.warnings]
    lines.append(f'next: python -m generator locate {source_id} "the words you are checking"')
    return Outcome("\n".join(lines), 0)


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
