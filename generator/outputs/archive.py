"""The indexes of a large site, cut into pages a phone can load (issue 22): which claims, sources
or claimants each page lists. Where each page is, the site plan says (plan.py).

A site of up to `claims_per_page` claims (an option, config.py) has one claims index,
`/claims/`, listing them all. A larger one keeps `/claims/` for the newest `claims_per_page`
claims and a list of every page of the archive, and lists each claim once more on a page of the
year it was said: `/claims/year/2024/`, and when that year has more than `claims_per_page`
claims, its later parts `/claims/year/2024/2/`, `.../3/`. Parts are counted from the year's
first claim, so a part's address keeps its claims while the year grows at its end (a claim
dated earlier in the year moves the later parts by one). Claims with no date are on
`/claims/year/undated/`. Every page carries the filters of the claims it lists, which work
without JavaScript (claims.html).

A year page lives under `claims/year/`, not `claims/<year>/`: a claim's id may be `2024`.

The claimants index of a site with more than `CLAIMANTS_PER_CLAIMS` times as many claimants as a
page lists claims is cut by initial (`by_initial`): `/claimants/` lists the most fact-checked,
and `/claimants/initial/j/` every claimant whose address starts with `j` (an address keeps the
letters of every script: `/claimants/initial/м/`), in parts when there are more than a page's.
An initial is one character, so its page never meets a claimant's own (`/claimants/<name>/`).

The sources index is cut the same way, by the year a source was published: `/sources/` lists the
newest, and `/sources/year/2023/` a year's sources in the order of the index (by title). So is
the page of a claimant with more than `claims_per_page` claims: `/claimants/<name>/` lists the
newest, `/claimants/<name>/year/2024/` those of a year.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

#: A claimant's line is about a fifth of a claim's row: a page of the claimants index lists this
#: many times as many claimants as a page of the claims index lists claims.
CLAIMANTS_PER_CLAIMS = 5
UNDATED = "undated"


@dataclass(frozen=True, slots=True)
class IndexPage:
    """One page of an index: where it is and the claims (or sources) it lists."""

    src_uri: str
    year: str  # the year said (published, for sources), "undated", or "" for the landing page
    part: int  # 1 for a year's first page (and for the landing page)
    parts: int  # how many pages the year has
    items: tuple[Any, ...]  # the claims (or sources) it lists, in the index's order


@dataclass(frozen=True, slots=True)
class Archive:
    """The pages of an index: the landing page first, then the years, newest first."""

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
        if not page.year:  # the landing page
            return None, None
        same = [p for p in self.pages[1:] if p.year == page.year]
        at = page.part - 1
        return (same[at - 1] if at > 0 else None, same[at + 1] if at + 1 < len(same) else None)


#: Where each page of an index is: its Markdown file, from the group (a year, an initial) and
#: the part; the site plan (plan.py) says, as it says every address.
PartUri = Callable[[str, int], str]


def by_initial(
    items: Sequence[Any],
    size: int,
    *,
    initial: Callable[[Any], str],
    first: Sequence[Any],
    landing: str,
    part_uri: PartUri,
) -> Archive:
    """The index of `items` (in the index's order) cut by `initial` when there are more than
    `size`: the landing page lists the first `size` of `first`, each initial's pages its items,
    `size` a page. (`IndexPage.year` holds the initial.)"""
    if len(items) <= size:
        return Archive((IndexPage(landing, "", 1, 1, tuple(items)),))
    grouped: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        grouped[initial(item)].append(item)
    pages = [IndexPage(landing, "", 1, 1, tuple(first[:size]))]
    for letter in sorted(grouped):
        chunks = [grouped[letter][i : i + size] for i in range(0, len(grouped[letter]), size)]
        for part, chunk in enumerate(chunks, 1):
            pages.append(IndexPage(part_uri(letter, part), letter, part, len(chunks), tuple(chunk)))
    return Archive(tuple(pages))


def by_year(
    items: Sequence[Any],
    size: int,
    *,
    landing: str,
    part_uri: PartUri,
    date: Callable[[Any], dt.date | None] = lambda view: view.claim.date,
    newest: Sequence[Any] | None = None,
) -> Archive:
    """The index of `items` (claims, by default; in the index's order) cut into pages: the
    landing page lists the first `size` of `newest` (default: of `items`), each year's pages
    those of `date`'s year, counted from the year's first."""
    if len(items) <= size:
        return Archive((IndexPage(landing, "", 1, 1, tuple(items)),))
    order = {id(item): n for n, item in enumerate(items)}
    by_year: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        day = date(item)
        by_year[str(day.year) if day else UNDATED].append(item)
    first = (items if newest is None else newest)[:size]
    pages = [IndexPage(landing, "", 1, 1, tuple(first))]
    years = sorted((y for y in by_year if y != UNDATED), key=int, reverse=True)
    for year in [*years, *([UNDATED] if UNDATED in by_year else [])]:
        # Counted from the year's first; each page lists its items in the index's order.
        ordered = sorted(
            by_year[year], key=lambda item: (date(item) or dt.date.min, order[id(item)])
        )
        chunks = [ordered[i : i + size] for i in range(0, len(ordered), size)]
        for part, chunk in enumerate(chunks, 1):
            listed = tuple(sorted(chunk, key=lambda item: order[id(item)]))
            pages.append(IndexPage(part_uri(year, part), year, part, len(chunks), listed))
    return Archive(tuple(pages))
