"""The site plan: every page and file a build writes, where it is and what it is, decided here
and nowhere else.

The address scheme is a function of a kind and a key alone (`src_uri`, `file_path`, `url_of`):
a claim's page stands for the Markdown file `claims/<id>.md` and lives at `/claims/<id>/`, its
source's text at `/sources/<id>.txt`, the open data at `/data/claims.json`… The preview, which
knows no model yet, asks the scheme alone. `SitePlan` is the scheme applied to one linked model:
every generated page with its Markdown file, address, title, template, the key of what it is
about and whether search and the navigation show it, and how the indexes are cut into pages
(archive.py). Render, publish, search, the sitemap's shards, the export, the preview and the
plugin read it; a test fails on an address written anywhere else.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Protocol
from urllib.parse import quote

from ..config import DEFAULTS
from ..i18n import ENGLISH, N_, Language
from ..link import ClaimantView, SiteModel, SourceView
from ..model import Capture
from .archive import (
    CLAIMANTS_PER_CLAIMS,
    UNDATED,
    Archive,
    IndexPage,
    by_initial,
    by_year,
)

#: Each kind of generated page: the Markdown file it stands for, from its key.
PAGES: Mapping[str, str] = {
    "claim": "claims/{key}.md",
    "source": "sources/{key}.md",
    "claimant": "claimants/{key}.md",
    "claims": "claims/index.md",
    "sources": "sources/index.md",
    "claimants": "claimants/index.md",
    "ratings": "ratings.md",
    "corrections": "corrections.md",
    "search": "search.md",
    "home": "index.md",
}
#: Each kind of file the site publishes besides its pages: its path in the built site.
FILES: Mapping[str, str] = {
    "asset": "assets/factcheck/{key}",
    "style": "assets/factcheck/factcheck.css",
    "script": "assets/factcheck/factcheck.js",
    "search-script": "assets/factcheck/search.js",
    "filters": "assets/factcheck/claims-filters.css",
    "facet": "assets/factcheck/facets/{key}.json",
    "source-text": "sources/{key}.txt",
    "version-text": "sources/{key}.txt",  # key: <id>.v<n>, the n-th version (a dot: no id's)
    "capture": "captures/{key}",  # key: <id>/<the archive's file name>
    "card": "claims/{key}/card.png",
    "embed": "claims/{key}/embed/index.html",
    # Material's script fetches `sitemap.xml` beside the address of every `<link
    # rel="alternate">` of a page, the oEmbed document's too: in a folder of their own, the
    # oEmbed documents have one (empty) to answer it, the same file for every claim page.
    "oembed": "oembed/{key}.json",
    "oembed-sitemap": "oembed/sitemap.xml",
    "claims-data": "data/claims.json",
    "claims-schema": "data/claims.schema.json",
    "claims-csv": "data/claims.csv",
    "feed": "feed.xml",
    "pagefind": "pagefind/",
}
#: The folder of the search index in the built site, and inside it the index of older records.
SEARCH_FOLDER = "pagefind"
OLDER_FOLDER = "older"
#: The folder of the sitemap's shards (sitemaps.py).
SITEMAPS_FOLDER = "sitemaps"
#: The pages of an index cut by year (`/claims/year/2024/`) or by initial
#: (`/claimants/initial/j/`): under their index's folder, never beside a claim or a claimant of
#: the same name (an id may be `2024`; an initial is one character, no claimant's address).
YEAR, INITIAL = "year", "initial"
#: Pages a fact-checking site publishes about itself (the IFCN's code of principles asks for
#: them), by these conventional file names: generated pages link to each one the site has.
TRANSPARENCY = (
    ("methodology.md", N_("Methodology")),
    ("corrections-policy.md", N_("Corrections policy")),
    ("about.md", N_("About us, ownership and funding")),
)
#: Generated pages a navigation must not list (an export's `not_in_nav`), as gitignore patterns.
OUT_OF_NAV = (
    *(f"/{folder}/*/index.md\n/{folder}/*.md\n" for folder in ("claims", "sources", "claimants")),
    f"/claims/{YEAR}/\n/sources/{YEAR}/\n/claimants/{INITIAL}/\n/claimants/*/{YEAR}/\n",
)


def src_uri(kind: str, key: str = "") -> str:
    """The Markdown file a generated page of `kind` stands for (`claim`, `claims/<key>.md`)."""
    return PAGES[kind].format(key=key)


def file_path(kind: str, key: str = "") -> str:
    """Where a published file of `kind` is in the built site (`source-text`,
    `sources/<key>.txt`)."""
    return FILES[kind].format(key=key)


def capture_key(source_id: str, capture: Capture) -> str:
    """The key of a capture's archive among the published files (`captures/<id>/<name>`)."""
    return f"{source_id}/{PurePosixPath(capture.file).name}"


def part_uri(folder: str, cut: str, group: str, part: int) -> str:
    """The Markdown file of one page of an index cut by year or initial (`cut`): the first
    part of a group at `<folder>/<cut>/<group>/`, the others at `<folder>/<cut>/<group>/<n>/`."""
    base = f"{folder}/{cut}/{group}"
    return f"{base}/index.md" if part == 1 else f"{base}/{part}.md"


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL (relative to the site root) MkDocs gives a Markdown file."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/" if directory_urls else f"{stem}.html"


def url_of(kind: str, key: str = "", anchor: str = "", directory_urls: bool = True) -> str:
    """The site-root relative, percent-encoded address of a page (`kind` of `PAGES`, or `page`
    with a Markdown file as `key`) or a file (`kind` of `FILES`), with `anchor`."""
    if kind in FILES:
        url = quote(file_path(kind, key))
        if directory_urls and url.endswith("/index.html"):  # a folder's page: its folder
            url = url.removesuffix("index.html")
    else:
        page = key if kind == "page" else src_uri(kind, key)
        url = quote(page_url(page, directory_urls))  # a claimant's may be Unicode
    return f"{url}#{anchor}" if anchor else url


def exported_path(src_uri: str, directory_urls: bool = True) -> str:
    """Where a generated page's Markdown goes in an export: `claims/x.md` as
    `claims/x/index.md`, so that the file's folder is the page's address. MkDocs leaves links in
    raw HTML as written, while Zensical resolves them from the Markdown file's folder: from
    there, both read them alike."""
    if not directory_urls or src_uri == "index.md" or src_uri.endswith("/index.md"):
        return src_uri
    return src_uri.removesuffix(".md") + "/index.md"


@functools.lru_cache(maxsize=65536)
def relative_url(target: str, page: str) -> str:
    """`target` (site-root relative, may carry #fragment) as a link from the page at `page`."""
    path, hash_mark, fragment = target.partition("#")
    if not page or page.endswith("/"):
        base = page
    else:  # a file such as claims/x.html: links start from its folder
        base = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
    from_parts = [p for p in base.split("/") if p]
    to_parts = path.split("/")
    common = 0
    while (
        common < len(from_parts)
        and common < len(to_parts) - 1
        and from_parts[common] == to_parts[common]
    ):
        common += 1
    rel = "../" * (len(from_parts) - common) + "/".join(to_parts[common:])
    return (rel or "./") + hash_mark + fragment


@dataclass(frozen=True, slots=True)
class PageSpec:
    """A generated page: its Markdown file, title, template and what it is about."""

    src_uri: str  # the virtual Markdown file, e.g. claims/<id>.md
    title: str
    template: str
    key: str = ""  # the claim, source or claimant the page is about
    searchable: bool = True  # lists that only repeat what claim pages say are left out
    in_nav: bool = False  # the index pages; the nav of 10,000 claim pages would be quadratic


class Broken(Protocol):
    """A claim or source that does not check out, which a preview shows as its problems at its
    own address: its kind (`claim`, `source`), id and file (problempages.BrokenPage is one)."""

    @property
    def kind(self) -> str:
        """`claim` or `source`."""
        ...

    @property
    def id(self) -> str:
        """The claim's or source's id."""
        ...

    @property
    def path(self) -> str:
        """Its file, from the site root."""
        ...


class SitePlan:
    """Every generated page of one build, and every address, from the linked model."""

    def __init__(
        self,
        model: SiteModel,
        *,
        language: Language = ENGLISH,
        claims_per_page: int = DEFAULTS.claims_per_page,
        directory_urls: bool = True,
        site_url: str | None = None,
        broken: Sequence[Broken] = (),
    ) -> None:
        self.model = model
        self.language = language
        self.directory_urls = directory_urls
        base = site_url or "/"
        self._base = base if base.endswith("/") else base + "/"
        #: The claims index: one page, or /claims/ and a page per year (archive.py).
        self.claims_index: Archive = by_year(
            model.claims,
            claims_per_page,
            landing=src_uri("claims"),
            part_uri=functools.partial(part_uri, "claims", YEAR),
        )
        #: The sources index: by the year a source was published, the newest first.
        self.sources_index: Archive = by_year(
            model.sources,
            claims_per_page,
            landing=src_uri("sources"),
            part_uri=functools.partial(part_uri, "sources", YEAR),
            date=lambda view: view.source.published,
            newest=sorted(model.sources, key=_newest_source),
        )
        #: Each claimant's page, cut like the claims index when they have many claims.
        self.claimant_indexes: dict[str, Archive] = {
            view.slug: by_year(
                view.claims,
                claims_per_page,
                landing=src_uri("claimant", view.slug),
                part_uri=functools.partial(part_uri, f"claimants/{view.slug}", YEAR),
            )
            for view in model.claimants
        }
        #: The claimants index: one page, or the most fact-checked and a page per initial.
        self.claimants_index: Archive = by_initial(
            model.claimants,
            claims_per_page * CLAIMANTS_PER_CLAIMS,
            initial=_initial,
            first=sorted(model.claimants, key=lambda c: (-len(c.claims), c.name.casefold())),
            landing=src_uri("claimants"),
            part_uri=functools.partial(part_uri, "claimants", INITIAL),
        )
        self._index_pages: dict[str, IndexPage] = {
            page.src_uri: page
            for archive in (self.claims_index, self.sources_index, self.claimants_index)
            for page in archive.pages
        }
        self._claimants = {view.slug: view for view in model.claimants}
        self._claimant_pages = {
            page.src_uri: (slug, page)
            for slug, archive in self.claimant_indexes.items()
            for page in archive.pages
        }
        #: The pages standing for claims and sources that do not check out, when shown.
        self.broken: dict[str, Broken] = {src_uri(b.kind, b.id): b for b in broken}
        self.pages: dict[str, PageSpec] = {spec.src_uri: spec for spec in self._specs()}

    # -- pages ----------------------------------------------------------------------------------

    def _specs(self) -> list[PageSpec]:
        _ = self.language.gettext
        specs = [
            PageSpec(src_uri("claims"), _("Claims"), "claims.html", searchable=False, in_nav=True),
            PageSpec(
                src_uri("sources"), _("Sources"), "sources.html", searchable=False, in_nav=True
            ),
            PageSpec(
                src_uri("claimants"),
                _("Claimants"),
                "claimants.html",
                searchable=False,
                in_nav=True,
            ),
            PageSpec(src_uri("ratings"), _("Rating scale"), "ratings.html", in_nav=True),
            PageSpec(src_uri("corrections"), _("Corrections"), "corrections.html", in_nav=True),
            PageSpec(src_uri("search"), _("Search"), "search.html", searchable=False),
        ]
        for archive, template, titles in (
            (
                self.claims_index,
                "claims.html",
                (_("Claims said in %(year)s"), _("Claims with no date")),
            ),
            (
                self.sources_index,
                "sources.html",
                (_("Sources published in %(year)s"), _("Sources with no date")),
            ),
        ):
            specs += [
                PageSpec(page.src_uri, self._part_title(page, *titles), template, searchable=False)
                for page in archive.pages[1:]
            ]
        specs += [
            PageSpec(
                page.src_uri,
                self._part_title(page, _("Claimants: %(initial)s"), "", initial=page.year.upper()),
                "claimants.html",
                searchable=False,
            )
            for page in self.claimants_index.pages[1:]
        ]
        specs += [
            PageSpec(src_uri("claim", c.id), c.claim.title, "claim.html", c.id)
            for c in self.model.claims
        ]
        specs += [
            PageSpec(src_uri("source", s.id), s.source.title, "source.html", s.id)
            for s in self.model.sources
        ]
        specs += [
            PageSpec(src_uri("claimant", c.slug), c.name, "claimant.html", c.slug)
            for c in self.model.claimants
        ]
        of_year = _("%(claimant)s: claims said in %(year)s")
        undated = _("%(claimant)s: claims with no date")
        specs += [
            PageSpec(
                page.src_uri,
                self._part_title(page, of_year, undated, claimant=c.name),
                "claimant.html",
                c.slug,
                searchable=False,
            )
            for c in self.model.claimants
            for page in self.claimant_indexes[c.slug].pages[1:]
        ]
        specs += [
            PageSpec(
                uri,
                _("Problems in %(path)s") % {"path": page.path},
                "problems.html",
                page.id,
                searchable=False,
            )
            for uri, page in self.broken.items()
        ]
        return specs

    def _part_title(self, page: IndexPage, of_year: str, undated: str, **names: str) -> str:
        """The title of a year's page of an index: `of_year` (with the year) or `undated`,
        each with `names` filled in."""
        _ = self.language.gettext
        if page.year == UNDATED and undated:
            title = undated % names if names else undated
        else:
            title = of_year % {"year": page.year, **names}
        if page.parts == 1:
            return title
        return _("%(title)s, part %(part)s of %(parts)s") % {
            "title": title,
            "part": self.language.number(page.part),
            "parts": self.language.number(page.parts),
        }

    def index_page(self, src_uri: str) -> IndexPage:
        """The page of an index (claims, sources, claimants) at `src_uri`."""
        return self._index_pages[src_uri]

    def claimant_page(self, src_uri: str) -> tuple[ClaimantView, IndexPage]:
        """The claimant a claimant's page (or one of its years) is about, and the page."""
        slug, page = self._claimant_pages[src_uri]
        return self._claimants[slug], page

    def claimant(self, slug: str) -> ClaimantView:
        """The claimant whose address is `slug`."""
        return self._claimants[slug]

    # -- addresses ------------------------------------------------------------------------------

    def url(self, kind: str, key: str = "", anchor: str = "") -> str:
        """The site-root relative address of a page or file (`url_of`) in this site."""
        return url_of(kind, key, anchor, self.directory_urls)

    def page_url(self, src_uri: str) -> str:
        """The site-root relative, percent-encoded address of the page of `src_uri`."""
        return quote(page_url(src_uri, self.directory_urls))

    def absolute(self, kind: str, key: str = "") -> str:
        """The absolute address of a page or file (site-root relative without a site_url)."""
        return self._base + self.url(kind, key)

    def absolute_page(self, src_uri: str) -> str:
        """The absolute address of the page of `src_uri`."""
        return self._base + self.page_url(src_uri)

    def linker(self, src_uri: str) -> Callable[..., str]:
        """`link(kind, key, anchor)` for templates: addresses relative to the page `src_uri`."""
        here = self.page_url(src_uri)

        def link(kind: str, key: str = "", anchor: str = "") -> str:
            return relative_url(self.url(kind, key, anchor), here)

        return link


def _initial(view: ClaimantView) -> str:
    """The first character of a claimant's address (`j` for /claimants/jens-stoltenberg/, `м`
    for /claimants/мария-захарова/): the page of the claimants index that lists them."""
    return view.slug[:1]


def _newest_source(view: SourceView) -> tuple[int, str]:
    published = view.source.published
    return (-(published.toordinal() if published else 0), view.id)
