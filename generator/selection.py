"""Selecting: which claims and sources a check of some paths covers (`check claims/x.yml`).

A claim file selects that claim; a source file selects the source and, once loaded, every claim
that quotes it; a folder selects every claim and source file inside it. Nothing is read here but
the catalog's paths.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from .load import Catalog, Layout, relative


class SelectionError(ValueError):
    """A path given to check that is neither a claim nor a source file of this site."""


@dataclass(frozen=True, slots=True)
class Selection:
    """The claims and sources a check covers; `whole` when no path narrowed it."""

    claims: tuple[str, ...]
    sources: frozenset[str]
    whole: bool

    def keeps(self, path: str, layout: Layout, claims: Collection[str]) -> bool:
        """Whether a problem of the file at `path` (relative to the site) belongs to the check:
        always for a whole-site check, else when it is a selected claim or source file."""
        if self.whole:
            return True
        stem = Path(path).stem
        full = (layout.root / path).resolve()
        if layout.claims_dir in full.parents:
            return stem in claims
        return stem in self.sources


def select(layout: Layout, catalog: Catalog, only: Sequence[Path]) -> Selection:
    """The selection of the paths in `only` (every claim and source when it is empty);
    `SelectionError` names a path that is not part of the site."""
    if not only:
        return Selection(tuple(catalog.claims), frozenset(catalog.sources), whole=True)
    # Catalog paths are built on the resolved root; resolve only what was given, not 10,000 files.
    claim_by_path = {path: cid for cid, path in catalog.claims.items()}
    source_by_path = {path: sid for sid, path in catalog.sources.items()}
    claim_ids: dict[str, None] = {}  # ordered, without repeats
    source_ids: set[str] = set()
    for given in only:
        path = given.resolve()
        if path.is_dir():
            inside = [cid for p, cid in claim_by_path.items() if path in p.parents]
            inside_sources = {sid for p, sid in source_by_path.items() if path in p.parents}
            if not inside and not inside_sources:
                raise SelectionError(f"{given}: no claim or source files in this folder")
            claim_ids.update(dict.fromkeys(inside))
            source_ids |= inside_sources
        elif path in claim_by_path:
            claim_ids[claim_by_path[path]] = None
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
    return Selection(tuple(claim_ids), frozenset(source_ids), whole=False)
