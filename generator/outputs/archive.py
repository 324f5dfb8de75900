"""The claims index of a large site, cut into pages a phone can load (issue 22).

A site of up to `PAGE_SIZE` claims has one claims index, `/claims/`, listing them all. A larger
one keeps `/claims/` for the newest `PAGE_SIZE` claims and a list of every page of the archive,
and lists each claim once more on a page of the year it was said: `/claims/year/2024/`, and when
that year has more than `PAGE_SIZE` claims, its later parts `/claims/year/2024/2/`, `.../3/`.
Parts are counted from the year's first claim, so a part's address keeps its claims while the
year grows at its end (a claim dated earlier in the year moves the later parts by one). Claims
with no date are on `/claims/year/undated/`. Every page carries the filters of the claims it
lists, which work without JavaScript (claims.html).

A year page lives under `claims/year/`, not `claims/<year>/`: a claim's id may be `2024`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..site import ClaimView

#: The most claims one page of the claims index lists: a row is about 700 bytes of HTML, so that
#: with its filters a page stays under 300 KB.
PAGE_SIZE = 200
#: Where the year pages live, as a folder of the claims' pages.
FOLDER = "claims/year"
LANDING = "claims/index.md"
UNDATED = "undated"


@dataclass(frozen=True, slots=True)
class IndexPage:
    """One page of the claims index: the claims it lists, newest first, and where it is."""

    src_uri: str
    year: str  # the year said, "undated", or "" for /claims/
    part: int  # 1 for a year's first page (and for /claims/)
    parts: int  # how many pages the year has
    claims: tuple[ClaimView, ...]


@dataclass(frozen=True, slots=True)
class Archive:
    """The pages of the claims index: `/claims/` first, then the years, newest first."""

    pages: tuple[IndexPage, ...]

    @property
    def paged(self) -> bool:
        """Whether the site is large enough to have year pages."""
        return len(self.pages) > 1

    def years(self) -> list[tuple[str, list[IndexPage]]]:
        """Each year with its pages, newest year first, "undated" last."""
        grouped: dict[str, list[IndexPage]] = defaultdict(list)
        for page in self.pages[1:]:
            grouped[page.year].append(page)
        return list(grouped.items())

    def neighbours(self, page: IndexPage) -> tuple[IndexPage | None, IndexPage | None]:
        """The pages of the same year before and after `page` (earlier and later claims)."""
        same = [p for p in self.pages[1:] if p.year == page.year]
        at = same.index(page) if page in same else -1
        if at < 0:
            return None, None
        return (same[at - 1] if at > 0 else None, same[at + 1] if at + 1 < len(same) else None)


def part_uri(year: str, part: int) -> str:
    """The Markdown file standing for a year's page."""
    return f"{FOLDER}/{year}/index.md" if part == 1 else f"{FOLDER}/{year}/{part}.md"


def plan(claims: Sequence[ClaimView], size: int = PAGE_SIZE) -> Archive:
    """The claims index of `claims` (the site's order: newest first), cut into pages."""
    if len(claims) <= size:
        return Archive((IndexPage(LANDING, "", 1, 1, tuple(claims)),))
    order = {view.id: n for n, view in enumerate(claims)}
    by_year: dict[str, list[ClaimView]] = defaultdict(list)
    for view in claims:
        date = view.claim.date
        by_year[str(date.year) if date else UNDATED].append(view)
    pages = [IndexPage(LANDING, "", 1, 1, tuple(claims[:size]))]
    years = sorted((y for y in by_year if y != UNDATED), key=int, reverse=True)
    for year in [*years, *([UNDATED] if UNDATED in by_year else [])]:
        # Counted from the year's first claim said; each page lists its claims in the site's order.
        said = sorted(by_year[year], key=lambda v: (v.claim.date is None, v.claim.date, v.id))
        chunks = [said[i : i + size] for i in range(0, len(said), size)]
        for part, chunk in enumerate(chunks, 1):
            listed = tuple(sorted(chunk, key=lambda v: order[v.id]))
            pages.append(IndexPage(part_uri(year, part), year, part, len(chunks), listed))
    return Archive(tuple(pages))
