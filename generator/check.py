"""The pipeline: discover → load → link → resolve, collecting every problem on the way.

`check_site` reads everything it needs and returns an immutable `CheckResult`; it never prints
and never raises for bad input. The command line and the MkDocs plugin are both edges over it.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .files import DEFAULT_LIMITS, Limits, forget_folders
from .load import Catalog, discover, load_claim, load_source, relative
from .model import Claim, Problem, ResolvedSpan, Source, Verdict
from .scale import DEFAULT_SCALE
from .snapshots import Snapshot, SnapshotError, read_snapshot, snapshot_path
from .verify import link_claim, unknown_reference, verify_claim


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a site keeps its files."""

    root: Path
    claims_dir: Path
    sources_dir: Path
    limits: Limits = DEFAULT_LIMITS

    @classmethod
    def at(
        cls,
        root: Path,
        claims: str = "claims",
        sources: str = "sources",
        limits: Limits = DEFAULT_LIMITS,
    ) -> Layout:
        """The layout of the site at `root`, with its folders and file size limits."""
        root = root.resolve()
        return cls(root, root / claims, root / sources, limits)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Everything a check found: the loaded claims and sources, the snapshots, the resolved
    spans, every problem, and which claims and sources cannot be published."""

    claims: Mapping[str, Claim]
    sources: Mapping[str, Source]
    snapshots: Mapping[str, Snapshot]
    spans: tuple[ResolvedSpan, ...]
    problems: tuple[Problem, ...]
    broken_claims: frozenset[str]  # ids of claims with an error of their own or in a source
    broken_sources: frozenset[str]  # ids of sources whose file or snapshot has an error

    @property
    def errors(self) -> list[Problem]:
        """The problems of severity error."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems of severity warning."""
        return [p for p in self.problems if p.severity == "warning"]


class SelectionError(ValueError):
    """A path given to check that is neither a claim nor a source file of this site."""


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector: loading creates hundreds of thousands of small objects and
    no cycles, and the collector's repeated passes over them cost a quarter of a large check."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_site(
    layout: Layout,
    only: Sequence[Path] = (),
    scale: Sequence[Verdict] = DEFAULT_SCALE,
) -> CheckResult:
    """Check the whole site, or only the claims in `only` (files or folders) and what they need.

    A source file in `only` selects that source and every claim that quotes it.
    """
    with _without_cycle_collection():
        return _check_site(layout, only, scale)


def _check_site(layout: Layout, only: Sequence[Path], scale: Sequence[Verdict]) -> CheckResult:
    forget_folders()  # under `mkdocs serve` a folder may have become a link since last time
    catalog = discover(layout.root, layout.claims_dir, layout.sources_dir)
    problems = list(catalog.problems)
    verdicts = [v.key for v in scale]
    claim_ids, source_ids = _select(layout, catalog, only)
    claims, claim_problems = _load_claims(layout, catalog, claim_ids, verdicts)
    if only and source_ids:  # keep the claims that quote a selected source, too
        extra = [c for c in catalog.claims if c not in claim_ids]
        more, more_problems = _load_claims(layout, catalog, extra, verdicts)
        for claim_id, claim in more.items():
            if any(span.source in source_ids for q in claim.quotes for span in q.spans):
                claims[claim_id] = claim
                claim_problems[claim_id] = more_problems[claim_id]
    if only:
        problems = [p for p in problems if _selected(p.path, layout, claims, source_ids)]
    for claim_problems_of_one in claim_problems.values():
        problems.extend(claim_problems_of_one)
    needed = (
        set(catalog.sources)
        if not only
        else source_ids
        | {span.source for c in claims.values() for q in c.quotes for span in q.spans}
    )
    sources, snapshots, failed_sources = _load_sources(layout, catalog, needed, problems)
    broken = {
        cid for cid, found in claim_problems.items() if any(p.severity == "error" for p in found)
    }
    broken |= {c for c in claim_ids if c not in claims}
    spans: list[ResolvedSpan] = []
    for claim in claims.values():
        checked = verify_claim(claim, catalog, sources, snapshots, failed_sources)
        linked = link_claim(claim, catalog)
        problems += [*linked, *checked.problems]
        spans += checked.spans
        if checked.broken or any(p.severity == "error" for p in linked):
            broken.add(claim.id)
    problems.sort(key=Problem.sort_key)
    return CheckResult(
        claims=claims,
        sources=sources,
        snapshots=snapshots,
        spans=tuple(spans),
        problems=tuple(problems),
        broken_claims=frozenset(broken),
        broken_sources=frozenset(failed_sources),
    )


def _select(layout: Layout, catalog: Catalog, only: Sequence[Path]) -> tuple[list[str], set[str]]:
    if not only:
        return list(catalog.claims), set(catalog.sources)
    # Catalog paths are built on the resolved root; resolve only what was given, not 10,000 files.
    claim_by_path = {path: cid for cid, path in catalog.claims.items()}
    source_by_path = {path: sid for sid, path in catalog.sources.items()}
    claim_ids: list[str] = []
    source_ids: set[str] = set()
    for given in only:
        path = given.resolve()
        if path.is_dir():
            inside = [cid for p, cid in claim_by_path.items() if path in p.parents]
            inside_sources = {sid for p, sid in source_by_path.items() if path in p.parents}
            if not inside and not inside_sources:
                raise SelectionError(f"{given}: no claim or source files in this folder")
            claim_ids.extend(cid for cid in inside if cid not in claim_ids)
            source_ids |= inside_sources
        elif path in claim_by_path:
            if claim_by_path[path] not in claim_ids:
                claim_ids.append(claim_by_path[path])
        elif path in source_by_path:
            source_ids.add(source_by_path[path])
        elif not path.exists():
            raise SelectionError(f"{given}: no such file")
        else:
            raise SelectionError(
                f"{given}: not a claim or source file of this site (claims are "
                f"{relative(layout.root, layout.claims_dir)}/<id>.yml, sources "
                f"{relative(layout.root, layout.sources_dir)}/<id>.yml, with valid ids)"
            )
    return claim_ids, source_ids


def _selected(path: str, layout: Layout, claims: Mapping[str, Claim], sources: set[str]) -> bool:
    stem = Path(path).stem
    full = (layout.root / path).resolve()
    if layout.claims_dir in full.parents:
        return stem in claims
    return stem in sources


def _load_claims(
    layout: Layout, catalog: Catalog, ids: Iterable[str], verdicts: Collection[str]
) -> tuple[dict[str, Claim], dict[str, list[Problem]]]:
    claims: dict[str, Claim] = {}
    problems: dict[str, list[Problem]] = {}
    for claim_id in ids:
        found: list[Problem] = []
        claim = load_claim(
            layout.root, claim_id, catalog.claims[claim_id], found, verdicts, layout.limits.yaml
        )
        problems[claim_id] = found
        if claim is not None:
            claims[claim_id] = claim
    return claims, problems


def _load_sources(
    layout: Layout, catalog: Catalog, ids: Iterable[str], problems: list[Problem]
) -> tuple[dict[str, Source], dict[str, Snapshot], set[str]]:
    """Load sources and their snapshots; the third value names sources that cannot be used."""
    sources: dict[str, Source] = {}
    snapshots: dict[str, Snapshot] = {}
    failed: set[str] = set()
    for source_id in sorted(i for i in ids if i in catalog.sources):
        yaml_path = catalog.sources[source_id]
        before = len(problems)
        source = load_source(layout.root, source_id, yaml_path, problems, layout.limits.yaml)
        if source is None:
            failed.add(source_id)
            continue
        for derivation in source.derived_from:
            if derivation.source not in catalog.sources and catalog.complete("source"):
                problems.append(
                    unknown_reference(
                        source.where.path,
                        source.where.at("derived_from"),
                        "unknown-source",
                        derivation.source,
                        catalog.sources,
                        "source",
                    )
                )
        if source.snapshot is not None:
            snapshot = read_source_snapshot(layout, yaml_path, source, problems)
            if snapshot is not None:
                snapshots[source_id] = snapshot
                if source.sha256 is not None and source.sha256 != snapshot.sha256:
                    pos = source.where.at("sha256")
                    problems.append(
                        Problem(
                            source.where.path,
                            pos.line,
                            pos.column,
                            "error",
                            "snapshot-changed",
                            f"the text of {snapshot.path} changed since its sha256 was recorded",
                            "check that every quote still reads right, then set "
                            f"sha256: {snapshot.sha256}",
                        )
                    )
        if any(p.severity == "error" for p in problems[before:]):
            failed.add(source_id)
        sources[source_id] = source
    return sources, snapshots, failed


def read_source_snapshot(
    layout: Layout, yaml_path: Path, source: Source, problems: list[Problem]
) -> Snapshot | None:
    """A source's snapshot, or None with the problem (missing, outside, not UTF-8) recorded."""
    assert source.snapshot is not None
    pos = source.where.at("snapshot")
    try:
        path = snapshot_path(layout.root, layout.sources_dir, yaml_path, source.snapshot)
        return read_snapshot(layout.root, path, layout.sources_dir, layout.limits.snapshot)
    except SnapshotError as error:
        problems.append(
            Problem(
                source.where.path,
                pos.line,
                pos.column,
                "error",
                error.code,
                error.message,
                error.hint,
            )
        )
        return None
