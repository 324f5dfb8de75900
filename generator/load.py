"""Loading: find claim and source files, read them into the typed model, report what is wrong.

Nothing is resolved here and nothing is linked beyond what a single file can tell (its id, its
fields). Every problem is collected; a file that cannot be read at all yields no object.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Memo, digest
from .fields import ID_PATTERN, Fields, did_you_mean
from .files import DEFAULT_LIMITS, MAX_YAML_BYTES, FileRefusal, Limits, read_file
from .model import (
    Capture,
    Claim,
    Correction,
    Derivation,
    ImportedFrom,
    Original,
    Pos,
    Problem,
    Quote,
    Source,
    SpanRef,
    Version,
)
from .snapshots import Snapshot, SnapshotError, read_snapshot, snapshot_path
from .yamlnodes import YamlError, YNode, parse_yaml

YAML_SUFFIXES = (".yml", ".yaml")
SOURCE_TYPES = ("article", "transcript", "statement", "social", "video", "other")
RELATIONS = ("copy", "reworded", "excerpt", "cites", "translation")
#: A BCP 47 language tag as the formats accept one (`en`, `pt-BR`, `zh-Hans`).
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")

# Each field with an example line, shown in hints. The order is the order docs list them in.
SOURCE_FIELDS = {
    "title": 'title: "As NATO Reaches Out to Asia, China and North Korea Warn It\'s Going Too Far"',
    "publisher": "publisher: Newsweek",
    "author": "author: [Jane Doe, John Roe]",
    "url": "url: https://www.example.com/article",
    "archive_url": "archive_url: https://web.archive.org/web/2023/https://www.example.com/article",
    "published": "published: 2023-01-30",
    "retrieved": "retrieved: 2023-02-01",
    "type": "type: article",
    "language": "language: en",
    "snapshot": "snapshot: my-source.txt",
    "sha256": "sha256: <64 hex digits, as `check` prints them>",
    "derived_from": "derived_from: [{source: newsweek-report, relation: reworded}]",
    "notes": "notes: What the editors know about this document.",
    "capture": "capture: {file: my-source.warc.gz, url: https://www.example.com/article, "
    "time: 2023-02-01T10:00:00Z, digest: 'sha256:…'}",
    "versions": "versions: [{snapshot: my-source.v2.txt, retrieved: 2023-03-01}]",
}
CAPTURE_FIELDS = {
    "file": "file: my-source.warc.gz",
    "url": "url: https://www.example.com/article",
    "time": "time: 2023-02-01T10:00:00Z",
    "digest": "digest: sha256:0a1b…",
}
VERSION_FIELDS = {
    "snapshot": "- snapshot: my-source.v2.txt",
    "retrieved": "retrieved: 2023-03-01",
    "capture": "capture: {file: my-source.v2.warc.gz, url: …, time: …, digest: …}",
    "sha256": "sha256: <64 hex digits>",
}
#: The suffixes of a capture's archive file (SPEC §2).
ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".wacz")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?")
DERIVATION_FIELDS = {
    "source": "- source: newsweek-report",
    "relation": "relation: reworded",
}
CLAIM_FIELDS = {
    "title": 'title: "Stoltenberg: China poses a challenge to NATO\'s values"',
    "claim": "claim: Jens Stoltenberg said China poses a challenge to NATO's values.",
    "claimant": "claimant: Jens Stoltenberg",
    "claimant_role": "claimant_role: NATO Secretary General",
    "date": "date: 2023-01-30",
    "verdict": "verdict: accurate",
    "summary": "summary: The words appear verbatim in the transcript.",
    "analysis": "analysis: The longer explanation, in Markdown.",
    "quotes": "quotes: [{text: ..., spans: [{source: citing-article}]}]",
    "provenance": "provenance: Where the words first appeared and how they travelled.",
    "tags": "tags: [nato, china]",
    "language": "language: en",
    "published": "published: 2023-02-01",
    "updated": "updated: 2023-02-03",
    "corrections": "corrections: [{date: 2023-02-03, note: Fixed the date of the speech.}]",
    "related": "related: [other-claim-id]",
    "imported_from": "imported_from: {url: https://factcheck.example/x, publisher: The Desk}",
}
IMPORTED_FIELDS = {
    "url": "url: https://factcheck.example/2023/x",
    "publisher": "publisher: The Fact Desk",
}
QUOTE_FIELDS = {
    "text": "- text: China poses a challenge to our values",
    "original": "original: {language: ko, text: the words as said}",
    "spans": "spans: [{source: citing-article}]",
}
SPAN_FIELDS = {
    "source": "- source: citing-article",
    "exact": "exact: China poses a problem to our values",
    "prefix": 'prefix: "the alliance believes"',
    "suffix": 'suffix: "As such"',
    "start": "start: 1843",
    "note": "note: Machine-reworded copy.",
}
ORIGINAL_FIELDS = {
    "language": "language: ko",
    "text": "text: the words in the language they were said in",
}
CORRECTION_FIELDS = {
    "date": "- date: 2023-02-03",
    "note": "note: Corrected the date of the speech.",
}


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a site keeps its files."""

    root: Path
    claims_dir: Path
    sources_dir: Path
    limits: Limits = DEFAULT_LIMITS
    #: The site's language: the language of a claim or source that names none (SPEC §10).
    language: str = "en"

    @classmethod
    def at(
        cls,
        root: Path,
        claims: str = "claims",
        sources: str = "sources",
        limits: Limits = DEFAULT_LIMITS,
        language: str = "en",
    ) -> Layout:
        """The layout of the site at `root`, with its folders, file size limits and language."""
        root = root.resolve()
        return cls(root, root / claims, root / sources, limits, language)


@dataclass(slots=True)
class Catalog:
    """Every claim and source file by id, found without reading them."""

    claims: dict[str, Path] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: "claim" and/or "source" when one of their folders could not be read: what it holds is
    #: unknown, so an id missing from the catalog may be there and is not called unknown.
    unreadable: set[str] = field(default_factory=set)

    def complete(self, what: str) -> bool:
        """Whether every folder of claims (`what="claim"`) or of sources could be read."""
        return what not in self.unreadable


def relative(root: Path, path: Path) -> str:
    """`path` relative to the site root, with / separators (string work: pathlib is slow)."""
    full, base = str(path), str(root)
    if full.startswith(base) and full[len(base) : len(base) + 1] in ("/", os.sep):
        return full[len(base) + 1 :].replace(os.sep, "/")
    return path.as_posix()


def discover(root: Path, claims_dir: Path, sources_dir: Path) -> Catalog:
    """Every claim and source file by id, found without reading them; bad names and
    unreadable folders are problems of the catalog."""
    catalog = Catalog()
    _discover_into(root, claims_dir, catalog, catalog.claims, "claim")
    _discover_into(root, sources_dir, catalog, catalog.sources, "source")
    return catalog


def _yaml_files(root: Path, folder: Path, catalog: Catalog, what: str) -> Iterable[Path]:
    found: list[str] = []

    def unreadable(error: OSError) -> None:
        # A folder that exists but cannot be listed hides files: say so, once, where it is.
        if isinstance(error, FileNotFoundError) and error.filename == str(folder):
            return  # no such folder: a site without sources/ yet
        shown = relative(root, Path(error.filename or folder))
        catalog.unreadable.add(what)
        catalog.problems.append(
            Problem(
                shown,
                1,
                1,
                "error",
                "unreadable",
                f"the folder {shown}/ cannot be read ({error.strerror}): its {what}s are unknown",
                "check the folder's permissions (it needs read and execute)",
            )
        )

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found.extend(os.path.join(dirpath, f) for f in filenames if f.endswith(YAML_SUFFIXES))
    return [Path(p) for p in sorted(found)]


def _discover_into(
    root: Path, folder: Path, catalog: Catalog, into: dict[str, Path], what: str
) -> None:
    problems = catalog.problems
    for path in _yaml_files(root, folder, catalog, what):
        name = path.stem
        if name == "index":
            problems.append(
                Problem(
                    relative(root, path),
                    1,
                    1,
                    "error",
                    "bad-id",
                    f"'index' cannot be a {what} id: /{folder.name}/index/ is the page listing "
                    f"every {what}",
                    f"rename the file, e.g. to {what}-index{path.suffix}",
                )
            )
            continue
        if not ID_PATTERN.fullmatch(name):
            suggestion = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")[:80] or "my-id"
            problems.append(
                Problem(
                    relative(root, path),
                    1,
                    1,
                    "error",
                    "bad-id",
                    f"'{name}' is not a valid {what} id: ids are lowercase letters, digits and "
                    "'-', at most 80 characters, starting with a letter or digit",
                    f"rename the file to {suggestion}{path.suffix}",
                )
            )
            continue
        if name in into:
            problems.append(
                Problem(
                    relative(root, path),
                    1,
                    1,
                    "error",
                    "duplicate-id",
                    f"the {what} id '{name}' is already used by {relative(root, into[name])}",
                    "ids are file names and must be unique across folders: rename one file",
                )
            )
            continue
        into[name] = path


def read_bytes(
    root: Path, path: Path, problems: list[Problem], limit: int = MAX_YAML_BYTES
) -> bytes | None:
    """The bytes of a file of the site; None, with the problem recorded, unless it is a
    regular file inside the site (links resolved) of at most `limit` bytes."""
    rel = relative(root, path)
    try:
        return read_file(path, inside=root, limit=limit, shown=rel)
    except FileRefusal as refusal:
        problems.append(Problem(rel, 1, 1, "error", refusal.code, refusal.message, refusal.hint))
        return None


def read_yaml(
    root: Path,
    path: Path,
    problems: list[Problem],
    limit: int = MAX_YAML_BYTES,
    data: bytes | None = None,
) -> YNode | None:
    """Parse one YAML file (whose bytes are `data`, when already read); problems are recorded
    and None returned if it cannot be read. See `read_bytes` for the files read."""
    rel = relative(root, path)
    if data is None:
        data = read_bytes(root, path, problems, limit)
        if data is None:
            return None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        problems.append(
            Problem(
                rel,
                1,
                1,
                "error",
                "yaml-syntax",
                f"not UTF-8: {error.reason} at byte {error.start}",
                "save the file as UTF-8",
            )
        )
        return None
    try:
        node = parse_yaml(text)
    except YamlError as error:
        problems.append(
            Problem(
                rel,
                error.pos.line,
                error.pos.column,
                "error",
                error.code,
                error.message,
                error.hint,
            )
        )
        return None
    if node.kind != "map":
        what = "empty" if node.kind == "null" else "not a mapping of fields"
        problems.append(
            Problem(
                rel,
                node.pos.line,
                node.pos.column,
                "error",
                "bad-value",
                f"the file is {what}",
                "write one field per line, e.g. title: ...",
            )
        )
        return None
    return node


def load_source(
    root: Path,
    source_id: str,
    path: Path,
    problems: list[Problem],
    limit: int = MAX_YAML_BYTES,
    language: str = "en",
) -> Source | None:
    """Read one source file into a `Source` (None when its required fields are missing);
    `language` is the site's, the source's when it names none."""
    node = read_yaml(root, path, problems, limit)
    if node is None:
        return None
    return source_from_node(node, source_id, relative(root, path), problems, language)


def source_from_node(
    node: YNode, source_id: str, shown: str, problems: list[Problem], language: str = "en"
) -> Source | None:
    """The `Source` a parsed source file describes (`shown`: its path, for problems)."""
    f = Fields(node, shown, problems, SOURCE_FIELDS, "a source")
    title = f.text("title", required=True)
    derived: list[Derivation] = []
    for item in f.items("derived_from"):
        d = f.sub(item, DERIVATION_FIELDS, "a derivation")
        if d is None:
            continue
        target = d.text("source", required=True)
        relation = d.choice("relation", RELATIONS, None, required=True)
        if target is not None and relation is not None:
            derived.append(Derivation(target.strip(), relation))
    capture = _capture(f, "capture")
    versions: list[Version] = []
    for item in f.items("versions"):
        v = f.sub(item, VERSION_FIELDS, "a version")
        if v is None:
            continue
        snapshot = v.text("snapshot", required=True)
        if snapshot is not None:
            versions.append(
                Version(
                    snapshot,
                    v.date("retrieved"),
                    _capture(v, "capture"),
                    (v.pattern("sha256", _SHA256, "64 hexadecimal digits") or "").lower() or None,
                    v.located(),
                )
            )
    source = Source(
        id=source_id,
        title=title or "",
        where=f.located(),
        publisher=f.text("publisher"),
        authors=f.text_items("author", single_ok=True),
        url=f.url("url"),
        archive_url=f.url("archive_url"),
        published=f.date("published"),
        retrieved=f.date("retrieved"),
        type=f.choice("type", SOURCE_TYPES, "article") or "article",
        language=f.pattern("language", LANGUAGE_TAG, "a BCP 47 language tag such as en or pt-BR")
        or language,
        snapshot=f.text("snapshot"),
        sha256=(f.pattern("sha256", _SHA256, "64 hexadecimal digits") or "").lower() or None,
        derived_from=tuple(derived),
        notes=f.text("notes"),
        capture=capture,
        versions=tuple(versions),
    )
    return source if title is not None else None


def _capture(f: Fields, name: str) -> Capture | None:
    """The `capture:` mapping of a source or a version (SPEC §2), or None."""
    value = f.values.get(name)
    if value is None or value.kind == "null":
        return None
    c = f.sub(value, CAPTURE_FIELDS, "a capture")
    if c is None:
        return None
    file = c.text("file", required=True)
    url = c.url("url")
    if url is None and "url" not in c.values:
        c.text("url", required=True)  # reported: missing
    time = c.pattern("time", _TIME, "a time written as ISO 8601, e.g. 2023-02-01T10:00:00Z")
    if time is None and "time" not in c.values:
        c.text("time", required=True)
    digest = c.text("digest", required=True)
    if file is not None and not file.lower().endswith(ARCHIVE_SUFFIXES):
        c.report(
            "bad-value",
            c.pos("file"),
            f"the capture '{file}' is not a .warc, .warc.gz or .wacz file",
            "a capture is the web archive the snapshot was taken from",
        )
        return None
    if file is None or url is None or time is None or digest is None:
        return None
    return Capture(file, url, time, digest.strip(), c.located())


def load_claim(
    root: Path,
    claim_id: str,
    path: Path,
    problems: list[Problem],
    verdicts: Collection[str],
    limit: int = MAX_YAML_BYTES,
    language: str = "en",
    data: bytes | None = None,
) -> Claim | None:
    """Read one claim file (whose bytes are `data`, when already read). The claim is returned
    when its required fields could be read, even if some other field was wrong; the caller
    decides what a problem in the file means."""
    node = read_yaml(root, path, problems, limit, data)
    if node is None:
        return None
    rel = relative(root, path)
    f = Fields(node, rel, problems, CLAIM_FIELDS, "a claim")
    required = {
        name: f.text(name, required=True)
        for name in ("title", "claim", "claimant", "verdict", "summary")
    }
    verdict = required["verdict"]
    if verdict is not None and verdict not in verdicts:
        guess = did_you_mean(verdict, verdicts)
        f.report(
            "unknown-verdict",
            f.pos("verdict"),
            f"'{verdict}' is not on the rating scale",
            (f"did you mean '{guess}'? " if guess else "")
            + "the verdicts are: "
            + ", ".join(verdicts),
        )
    quotes = tuple(_quotes(f))
    corrections: list[Correction] = []
    for item in f.items("corrections"):
        c = f.sub(item, CORRECTION_FIELDS, "a correction")
        if c is None:
            continue
        date, note = c.date("date", required=True), c.text("note", required=True)
        if date is not None and note is not None:
            corrections.append(Correction(date, note))
    if any(value is None for value in required.values()) or not quotes:
        return None
    return Claim(
        id=claim_id,
        title=required["title"] or "",
        claim=required["claim"] or "",
        claimant=required["claimant"] or "",
        verdict=verdict or "",
        summary=required["summary"] or "",
        quotes=quotes,
        where=f.located(),
        claimant_role=f.text("claimant_role"),
        date=f.date("date"),
        analysis=f.text("analysis"),
        provenance=f.text("provenance"),
        tags=f.text_items("tags"),
        published=f.date("published"),
        updated=f.date("updated"),
        corrections=tuple(corrections),
        related=tuple(r.strip() for r in f.text_items("related")),
        language=f.pattern("language", LANGUAGE_TAG, "a BCP 47 language tag such as en or pt-BR")
        or language,
        imported_from=_imported_from(f),
    )


def _imported_from(f: Fields) -> ImportedFrom | None:
    """Where an imported fact-check was first published (SPEC §3), or None."""
    value = f.values.get("imported_from")
    if value is None or value.kind == "null":
        return None
    i = f.sub(value, IMPORTED_FIELDS, "where the fact-check was first published")
    if i is None:
        return None
    url = i.url("url")
    if url is None and "url" not in i.values:
        i.text("url", required=True)  # reported: missing
    publisher = i.text("publisher", required=True)
    if url is None or publisher is None:
        return None
    return ImportedFrom(url, publisher)


def _quotes(f: Fields) -> Iterable[Quote]:
    for index, item in enumerate(f.items("quotes", required=True)):
        q = f.sub(item, QUOTE_FIELDS, "a quote")
        if q is None:
            continue
        text = q.text("text", required=True)
        original = _original(q)
        spans = tuple(_spans(q, text))
        if text is not None and spans:
            yield Quote(index, text, spans, q.located(), original)


def _original(q: Fields) -> Original | None:
    """A quote's `original: {language, text}`, when it has one."""
    node = q.values.get("original")
    if node is None:
        return None
    o = q.sub(node, ORIGINAL_FIELDS, "a quote's original")
    if o is None:
        return None
    text = o.text("text", required=True)
    if o.text("language", required=True) is None:
        return None
    language = o.pattern("language", LANGUAGE_TAG, "a BCP 47 language tag such as ko or zh-Hans")
    return Original(language, text) if language is not None and text is not None else None


def _spans(q: Fields, quote_text: str | None) -> Iterable[SpanRef]:
    for index, item in enumerate(q.items("spans", required=True)):
        s = q.sub(item, SPAN_FIELDS, "a span")
        if s is None:
            continue
        source = s.text("source", required=True)
        exact = s.text("exact")
        if exact is not None and not exact.strip():
            s.report(
                "bad-value",
                s.pos("exact"),
                "'exact' is empty",
                "remove exact: to use the quote's text, or give the words the source prints",
            )
            continue
        start = s.integer("start")
        prefix, suffix, note = s.text("prefix"), s.text("suffix"), s.text("note")
        if source is None or (exact is None and quote_text is None):
            continue
        yield SpanRef(
            index=index,
            source=source.strip(),
            exact=exact if exact is not None else quote_text or "",
            where=s.located(),
            prefix=prefix,
            suffix=suffix,
            start=start,
            note=note,
            exact_given=exact is not None,
        )


@dataclass(frozen=True, slots=True)
class LoadedClaims:
    """The claims that could be read, and the problems of every claim file tried, by id."""

    claims: Mapping[str, Claim]
    problems: Mapping[str, tuple[Problem, ...]]


def load_claims(
    layout: Layout, catalog: Catalog, ids: Iterable[str], verdicts: Collection[str]
) -> LoadedClaims:
    """Read the claim files `ids` of the catalog; a file whose bytes, name and place were read
    before (CLAIM_MEMO) is not parsed again."""
    claims: dict[str, Claim] = {}
    problems: dict[str, tuple[Problem, ...]] = {}
    scale = tuple(verdicts)
    limit, language = layout.limits.yaml, layout.language
    for claim_id in ids:
        found: list[Problem] = []
        path = catalog.claims[claim_id]
        data = read_bytes(layout.root, path, found, limit)
        if data is None:
            problems[claim_id] = tuple(found)
            continue
        key = (digest(data), claim_id, relative(layout.root, path), scale, limit, language)
        known = CLAIM_MEMO.get(key)
        if known is None:
            claim = load_claim(layout.root, claim_id, path, found, scale, limit, language, data)
            known = (claim, tuple(found))
            CLAIM_MEMO.put(key, known)
        claim, problems[claim_id] = known
        if claim is not None:
            claims[claim_id] = claim
    return LoadedClaims(claims, problems)


_ClaimKey = tuple[bytes, str, str, tuple[str, ...], int, str]

#: Claim files read by earlier checks (of this process, or kept in the cache file: cache.py),
#: by everything that decides what reading one gives: the sha256 of its bytes, its id (its
#: name), its path, the rating scale's keys, the size limit and the site's language.
CLAIM_MEMO: Memo[_ClaimKey, tuple[Claim | None, tuple[Problem, ...]]] = Memo()


@dataclass(frozen=True, slots=True)
class LoadedSources:
    """The sources that could be read, their snapshots, every problem found in their files,
    and `failed`: the ids of sources with an error (their spans cannot be checked)."""

    sources: Mapping[str, Source]
    snapshots: Mapping[str, Snapshot]
    problems: tuple[Problem, ...]
    failed: frozenset[str]
    #: Each source's later versions (SPEC §2) that could be read, with their snapshots.
    later: Mapping[str, tuple[tuple[Version, Snapshot], ...]] = field(default_factory=dict)


def load_sources(layout: Layout, catalog: Catalog, ids: Iterable[str]) -> LoadedSources:
    """Read the source files `ids` of the catalog with their snapshots, and compare each
    snapshot with the `sha256` recorded for it."""
    sources: dict[str, Source] = {}
    snapshots: dict[str, Snapshot] = {}
    later: dict[str, tuple[tuple[Version, Snapshot], ...]] = {}
    problems: list[Problem] = []
    failed: set[str] = set()
    for source_id in sorted(i for i in ids if i in catalog.sources):
        yaml_path = catalog.sources[source_id]
        found: list[Problem] = []
        source = load_source(
            layout.root, source_id, yaml_path, found, layout.limits.yaml, layout.language
        )
        if source is not None:
            sources[source_id] = source
            snapshot = read_source_snapshot(layout, yaml_path, source, found)
            if snapshot is not None:
                snapshots[source_id] = snapshot
                found += _changed(source, snapshot)
            later[source_id] = _versions(layout, yaml_path, source, found)
            for capture in _captures(source):
                found += _capture_problems(layout, yaml_path, source, capture)
        if source is None or any(p.severity == "error" for p in found):
            failed.add(source_id)
        problems += found
    return LoadedSources(sources, snapshots, tuple(problems), frozenset(failed), later)


def _changed(source: Source, snapshot: Snapshot) -> list[Problem]:
    if source.sha256 is None or source.sha256 == snapshot.sha256:
        return []
    pos = source.where.at("sha256")
    return [
        Problem(
            source.where.path,
            pos.line,
            pos.column,
            "error",
            "snapshot-changed",
            f"the text of {snapshot.path} changed since its sha256 was recorded",
            f"check that every quote still reads right, then set sha256: {snapshot.sha256}",
        )
    ]


def _versions(
    layout: Layout, yaml_path: Path, source: Source, problems: list[Problem]
) -> tuple[tuple[Version, Snapshot], ...]:
    """The snapshots of a source's later versions, each read and checked as the snapshot is
    (a version that cannot be read is a problem, and is left out)."""
    read: list[tuple[Version, Snapshot]] = []
    for version in source.versions:
        where = version.where or source.where
        pos = where.at("snapshot")
        try:
            path = snapshot_path(layout.root, layout.sources_dir, yaml_path, version.snapshot)
            snapshot = read_snapshot(layout.root, path, layout.sources_dir, layout.limits.snapshot)
        except SnapshotError as error:
            problems.append(_snapshot_problem(source, pos, error))
            continue
        if version.sha256 is not None and version.sha256 != snapshot.sha256:
            at = where.at("sha256")
            problems.append(
                Problem(
                    source.where.path,
                    at.line,
                    at.column,
                    "error",
                    "snapshot-changed",
                    f"the text of {snapshot.path} changed since its sha256 was recorded",
                    f"a later version is kept as it was retrieved: restore the file, or set "
                    f"sha256: {snapshot.sha256}",
                )
            )
        read.append((version, snapshot))
    return tuple(read)


def _captures(source: Source) -> list[Capture]:
    return [c for c in (source.capture, *(v.capture for v in source.versions)) if c is not None]


def _capture_problems(
    layout: Layout, yaml_path: Path, source: Source, capture: Capture
) -> list[Problem]:
    """Whether a capture's archive is where it says, inside sources/ and a file (it is not
    read: its digest is the archive's own word, shown to readers)."""
    at = (capture.where or source.where).at("file")

    def problem(code: str, message: str, hint: str) -> list[Problem]:
        return [Problem(source.where.path, at.line, at.column, "error", code, message, hint)]

    try:
        path = snapshot_path(
            layout.root, layout.sources_dir, yaml_path, capture.file, ARCHIVE_SUFFIXES
        )
    except SnapshotError as error:
        return problem(error.code, error.message, error.hint or "")
    shown = relative(layout.root, path)
    if not os.path.lexists(path):
        return problem(
            "snapshot-missing",
            f"the capture's archive {shown} does not exist",
            "keep the archive the snapshot was taken from beside it, or remove 'capture:'",
        )
    resolved = path.resolve()
    if layout.sources_dir.resolve() not in resolved.parents:
        return problem(
            "snapshot-outside",
            f"the capture's archive {shown} is a link to a file outside sources/",
            "copy the archive into sources/",
        )
    if not resolved.is_file():
        return problem(
            "not-a-file",
            f"the capture's archive {shown} is not a regular file",
            "a capture is a file",
        )
    return []


def read_source_snapshot(
    layout: Layout, yaml_path: Path, source: Source, problems: list[Problem]
) -> Snapshot | None:
    """A source's snapshot (None when it has none), or None with the problem (missing,
    outside, not UTF-8) added to `problems`."""
    if source.snapshot is None:
        return None
    pos = source.where.at("snapshot")
    try:
        path = snapshot_path(layout.root, layout.sources_dir, yaml_path, source.snapshot)
        return read_snapshot(layout.root, path, layout.sources_dir, layout.limits.snapshot)
    except SnapshotError as error:
        problems.append(_snapshot_problem(source, pos, error))
        return None


def _snapshot_problem(source: Source, pos: Pos, error: SnapshotError) -> Problem:
    """The error of a snapshot (or a later version's) that could not be read, at its line."""
    return Problem(
        source.where.path, pos.line, pos.column, "error", error.code, error.message, error.hint
    )
