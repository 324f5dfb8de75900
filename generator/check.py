"""The check pipeline: discover → select → load → link → resolve, each stage in its own module
returning its values and its problems.

`check_site` reads everything it needs and returns an immutable `CheckResult`; it never prints
and never raises for bad input. The command line and the MkDocs plugin are both edges over it.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import model
from .addresses import spelling_problems
from .cache import Store
from .files import forget_folders
from .load import CLAIM_MEMO, Layout, discover, load_claims, load_sources, relative
from .model import Claim, Problem, ResolvedSpan, Source, Verdict, Version
from .ratings import DEFAULT_SCALE
from .resolve import Failure
from .selection import SelectionError, select
from .similar import possibly_checked, similar_claims
from .snapshots import Snapshot
from .verify import (
    SPAN_MEMO,
    SpanOutcome,
    unknown_derivations,
    unknown_related_claims,
    verify_claim,
)

__all__ = ["CheckResult", "Layout", "SelectionError", "check_site"]

#: What checks learn, kept for the next (in this process and in the cache file: cache.py).
MEMOS = Store(
    {"claims": CLAIM_MEMO, "spans": SPAN_MEMO},
    types=[
        *(t for t in vars(model).values() if dataclasses.is_dataclass(t) and isinstance(t, type)),
        Failure,
        SpanOutcome,
    ],
)


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
    #: The file (relative to the site) of each checked claim and of each source it needed.
    claim_files: Mapping[str, str] = field(default_factory=dict)
    #: For every claim of the site, the claims most like it with their scores (similar.py),
    #: when the check compared them.
    similar: Mapping[str, list[tuple[str, float]]] = field(default_factory=dict)
    source_files: Mapping[str, str] = field(default_factory=dict)
    #: Each source's later versions (SPEC §2) that could be read, with their snapshots.
    later: Mapping[str, tuple[tuple[Version, Snapshot], ...]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        """The problems of severity error."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems of severity warning."""
        return [p for p in self.problems if p.severity == "warning"]


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
    similarity: float | None = None,
) -> CheckResult:
    """Check the whole site, or only the claims in `only` (files or folders) and what they need.

    A source file in `only` selects that source and every claim that quotes it. With
    `similarity`, every claim of the site is compared with the others (`similar`) and each
    checked claim that scores that much with another is warned of (`possibly-checked`; a
    negative score: compared, never warned).
    """
    with _without_cycle_collection():
        return _check_site(layout, only, scale, similarity)


def _check_site(
    layout: Layout,
    only: Sequence[Path],
    scale: Sequence[Verdict],
    similarity: float | None = None,
) -> CheckResult:
    forget_folders()  # under `mkdocs serve` a folder may have become a link since last time
    MEMOS.begin(layout.root)
    catalog = discover(layout.root, layout.claims_dir, layout.sources_dir)
    verdicts = [v.key for v in scale]
    selection = select(layout, catalog, only)
    # load
    loaded = load_claims(layout, catalog, selection.claims, verdicts)
    claims = dict(loaded.claims)
    claim_problems = dict(loaded.problems)
    if selection.sources and not selection.whole:  # and the claims that quote a chosen source
        others = load_claims(
            layout, catalog, (c for c in catalog.claims if c not in loaded.problems), verdicts
        )
        for claim_id, claim in others.claims.items():
            if any(span.source in selection.sources for q in claim.quotes for span in q.spans):
                claims[claim_id] = claim
                claim_problems[claim_id] = others.problems[claim_id]
    quoted = {span.source for c in claims.values() for q in c.quotes for span in q.spans}
    needed = set(catalog.sources) if selection.whole else selection.sources | quoted
    loaded_sources = load_sources(layout, catalog, needed)
    problems = [p for p in catalog.problems if selection.keeps(p.path, layout, claims)]
    problems += [p for found in claim_problems.values() for p in found]
    problems += loaded_sources.problems
    broken = {c for c, found in claim_problems.items() if c not in claims or _has_error(found)}
    # cross-check the sources' references; a source with a wrong one is not used
    failed_sources = set(loaded_sources.failed)
    for source in loaded_sources.sources.values():
        linked = unknown_derivations(source, catalog)
        problems += linked
        if _has_error(linked):
            failed_sources.add(source.id)
    # verify every span, and cross-check every claim's references
    spans: list[ResolvedSpan] = []
    for claim in claims.values():
        checked = verify_claim(
            claim, catalog, loaded_sources.sources, loaded_sources.snapshots, failed_sources
        )
        linked = unknown_related_claims(claim, catalog)
        problems += [*linked, *checked.problems]
        spans += checked.spans
        if checked.broken or _has_error(linked):
            broken.add(claim.id)
    problems += spelling_problems(c for c in claims.values() if c.id not in broken)
    neighbours: Mapping[str, list[tuple[str, float]]] = {}
    if similarity is not None:  # every claim of the site compared, the checked ones warned of
        every = claims
        if not selection.whole:
            every = {**load_claims(layout, catalog, catalog.claims, verdicts).claims, **claims}
        neighbours = similar_claims(layout.root, every)
        if similarity >= 0:
            problems += possibly_checked(every, claims, neighbours, similarity)
    problems.sort(key=Problem.sort_key)
    if len(claim_problems) == len(catalog.claims):  # a part would leave the rest out
        MEMOS.keep(layout.root)
    return CheckResult(
        claims=claims,
        sources=loaded_sources.sources,
        snapshots=loaded_sources.snapshots,
        later=loaded_sources.later,
        spans=tuple(spans),
        problems=tuple(problems),
        broken_claims=frozenset(broken),
        broken_sources=frozenset(failed_sources),
        claim_files={c: relative(layout.root, catalog.claims[c]) for c in claim_problems},
        similar=neighbours,
        source_files={
            s: relative(layout.root, catalog.sources[s]) for s in needed if s in catalog.sources
        },
    )


def _has_error(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
