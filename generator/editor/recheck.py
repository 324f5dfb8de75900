"""`recheck`: is each quoted passage still what the source prints? (SPEC §8, `recheck`)

Each source with an address is fetched again (or, for one source, read from a capture file the
editor names: a saved page, a PDF, a web archive), its text extracted as `ingest` does, and
every span quoted from it is compared with that text as a later version is (compare.py):
unchanged, moved, changed (with the word diff) or gone. The spans keep resolving in the
snapshot they quote; nothing is re-attached.

With `--write`, a text that differs from the latest version kept becomes a new version: its
text as `sources/<id>.v<n>.txt` (and its record: the exchange as `sources/<id>.v<n>.warc.gz`
when fetched, the web archive named with `--capture` as `sources/<id>.v<n>.wacz` or `.warc…`)
and an entry added at the end of the source's `versions:` (SPEC §9: recheck only adds a
version file and its entry; the quoted snapshot and its sha256 are never touched). The YAML
gains lines and loses none, and it is replaced whole, atomically, once the new version's files
are in place.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..check import CheckResult, Layout, check_site
from ..compare import Later, compare
from ..files import FileRefusal, read_file, write_atomic
from ..load import discover, relative, source_from_node
from ..model import Capture, Problem, Source, Verdict
from ..readers import ReadError, read
from ..readers.payload import read_payload
from ..snapshots import Snapshot, text_sha256
from ..terminal import printable
from ..yamlnodes import YamlError, parse_yaml
from .authoring import Outcome
from .fetch import TIMEOUT, FetchError, fetch


@dataclass(frozen=True, slots=True)
class Compared:
    """One span compared with the text a source prints now."""

    claim: str
    quote: int
    span: int
    source: str
    later: Later


def recheck(
    layout: Layout,
    source_ids: Sequence[str],
    scale: Sequence[Verdict],
    *,
    write: bool = False,
    capture: Path | None = None,
    as_json: bool = False,
    timeout: float = TIMEOUT,
) -> Outcome:
    """Compare every span of the named sources (default: every source with an address) with
    the text each prints now; exit 1 when a span changed or went or a source could not be
    read, 2 on a usage error."""
    catalog = discover(layout.root, layout.claims_dir, layout.sources_dir)
    unknown = [s for s in source_ids if s not in catalog.sources]
    if unknown:
        return Outcome("error: no such source: " + ", ".join(unknown), 2)
    if capture is not None and len(source_ids) != 1:
        return Outcome("error: --capture names the text of one source: name that source", 2)
    result = check_site(layout, scale=scale)
    wanted = list(source_ids) or sorted(
        sid for sid, source in result.sources.items() if source.url and source.snapshot
    )
    lines: list[str] = []
    compared: list[Compared] = []
    written: list[str] = []
    failed = False
    for source_id in wanted:
        source = result.sources.get(source_id)
        quoted = result.snapshots.get(source_id)
        if source is None or quoted is None:
            lines.append(f"{source_id}: no stored text to compare with; skipped")
            continue
        try:
            now = _now(source, capture, timeout)
        except (FetchError, ReadError, FileRefusal) as error:
            lines.append(f"error: {source_id}: {printable(str(error))}")
            failed = True
            continue
        later = Snapshot.from_text(f"{source_id} (now)", now.text)
        today = dt.date.today()
        found = [
            Compared(s.claim, s.quote, s.span, source_id, compare(quoted, s.ranges, later, today))
            for s in result.spans
            if s.source == source_id and s.ranges and s.claim in result.claims
        ]
        compared += found
        latest = _latest(result, source_id, quoted)
        differs = later.canonical != latest.canonical
        said = "differs from" if differs else "is the same as"
        lines.append(
            f"{source_id}: the text now {said} the latest version kept; "
            f"{len(found)} span(s) compared"
        )
        for item in found:
            lines.append(
                f"  {item.later.status}: {item.claim} quote {item.quote} span {item.span}"
                + (f": now {printable(item.later.exact or '')!r}" if item.later.exact else "")
            )
        if write and differs:
            try:
                written += _write_version(layout, catalog.sources[source_id], source, later, now)
            except (OSError, ValueError) as error:
                lines.append(f"error: {source_id}: nothing was written: {printable(str(error))}")
                failed = True
    broken = sorted({p.path for p in result.errors})
    if broken:  # their spans are not compared: say so, never let a silence read as "unchanged"
        lines.append(
            f"warning: {len(broken)} file(s) have errors and what they quote was not compared "
            f"(run check): {printable(', '.join(broken[:5]))}{', …' if len(broken) > 5 else ''}"
        )
    lost = [c for c in compared if c.later.status in ("changed", "gone")]
    code = 1 if lost or failed else 0
    if as_json:
        data = {
            "sources": len(wanted),
            "compared": [
                {
                    "claim": c.claim,
                    "quote": c.quote,
                    "span": c.span,
                    "source": c.source,
                    "status": c.later.status,
                    **({"exact": c.later.exact} if c.later.exact is not None else {}),
                }
                for c in compared
            ],
            "written": written,
            "not_compared": broken,
        }
        return Outcome(json.dumps(data, ensure_ascii=False, indent=2), code)
    lines += [f"wrote {path}" for path in written]
    lines.append(
        f"{len(lost)} of {len(compared)} quoted span(s) changed or gone"
        if compared
        else "no quoted span to compare"
    )
    return Outcome("\n".join(lines), code)


@dataclass(frozen=True, slots=True)
class _Now:
    """What a source prints now: its text, and the record of it to keep beside a new version
    (the exchange as a WARC when fetched, the web archive the editor named), with what that
    record says of the capture."""

    text: str
    archive: bytes | None = None
    suffix: str = ".warc.gz"
    capture: Capture | None = None


def _now(source: Source, capture: Path | None, timeout: float) -> _Now:
    if capture is not None:
        data = read_file(capture, inside=Path("/"), limit=200_000_000, shown=str(capture))
        document = read(data, capture.name, source.url)
        return _Now(document.text, document.archive, document.archive_suffix, document.capture)
    if not source.url:
        raise ReadError("it has no url: to compare it, name a capture with --capture")
    got = fetch(source.url, timeout=timeout)
    document = read_payload(got.body, got.url, got.content_type, got.charset)
    return _Now(document.text, got.warc, ".warc.gz", Capture("", got.url, got.time, got.digest))


def _latest(result: CheckResult, source_id: str, quoted: Snapshot) -> Snapshot:
    versions = result.later.get(source_id, ())
    return versions[-1][1] if versions else quoted


def _write_version(
    layout: Layout,
    yaml_path: Path,
    source: Source,
    text: Snapshot,
    now: _Now,
) -> list[str]:
    """Add the text as a new version: its files first, then its entry in the YAML."""
    folder = yaml_path.parent
    number = len(source.versions) + 2
    while any(
        (folder / f"{source.id}.v{number}{suffix}").exists() for suffix in (".txt", now.suffix)
    ):
        number += 1
    text_path = folder / f"{source.id}.v{number}.txt"
    archive = folder / f"{source.id}.v{number}{now.suffix}" if now.archive is not None else None
    captured = now.capture
    original = yaml_path.read_bytes()
    entry = {
        "snapshot": text_path.name,
        "retrieved": dt.date.today().isoformat(),
        "sha256": text_sha256(text.canonical),
    }
    if captured is not None and archive is not None:
        entry["capture"] = (
            f"{{file: {json.dumps(archive.name)}, url: {json.dumps(captured.url)}, "
            f"time: {json.dumps(captured.time)}, digest: {json.dumps(captured.digest)}}}"
        )
    updated = add_version(original.decode("utf-8"), entry)
    _check_loads(layout, yaml_path, source.id, updated)
    write_atomic(text_path, text.canonical.encode("utf-8"), replace=False)
    done = [relative(layout.root, text_path)]
    if archive is not None and now.archive is not None:
        write_atomic(archive, now.archive, replace=False)
        done.append(relative(layout.root, archive))
    write_atomic(yaml_path, updated.encode("utf-8"), replace=True)
    done.append(relative(layout.root, yaml_path))
    return done


def add_version(text: str, entry: dict[str, str]) -> str:
    """`text` (a source file) with `entry` added at the end of its `versions:` (a block list,
    made when there is none); every line of the file kept as it was."""
    item = "  - {" + ", ".join(f"{k}: {_value(v)}" for k, v in entry.items()) + "}\n"
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    versions = None
    if isinstance(node, yaml.MappingNode):
        versions = next((v for k, v in node.value if k.value == "versions"), None)
    body = text if text.endswith("\n") or not text else text + "\n"
    if versions is None or (isinstance(versions, yaml.ScalarNode) and not versions.value):
        if versions is not None:
            raise ValueError("the source file has an empty versions:; remove it or give a list")
        return body + "versions:\n" + item
    if not isinstance(versions, yaml.SequenceNode) or versions.flow_style:
        raise ValueError(
            "versions: is not a block list (one '- ' item a line); write it so, and recheck "
            "adds to it"
        )
    lines = body.splitlines(keepends=True)
    last = versions.value[-1] if versions.value else None
    end = versions.end_mark.line if last is None else last.end_mark.line
    if last is not None and last.end_mark.column > 0:
        end += 1  # the last item ends within its line
    dash = max(versions.value[0].start_mark.column - 2, 0) if versions.value else 2
    shown = " " * dash + item.lstrip()
    return "".join([*lines[:end], shown, *lines[end:]])


def _value(value: str) -> str:
    return value if value.startswith("{") else json.dumps(value, ensure_ascii=False)


def _check_loads(layout: Layout, yaml_path: Path, source_id: str, text: str) -> None:
    """Refuse to write a source file that would not load as it did, with the new version."""
    try:
        node = parse_yaml(text)
    except YamlError as error:
        raise ValueError(f"the updated file would not read: {error.message}") from None
    problems: list[Problem] = []
    source_from_node(node, source_id, relative(layout.root, yaml_path), problems)
    if problems:
        raise ValueError(f"the updated file would not load: {problems[0].message}")
