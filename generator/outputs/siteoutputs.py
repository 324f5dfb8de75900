"""Every output of the site, for any engine.

From the linked model and a few settings of the site (its address and name, the publisher, the
URL style), `SiteOutputs` gives each page the site plan (plan.py) lists everything an engine
needs (title, whether search shows it, where to edit it, the ClaimReview for its head, its
body), every data file and asset with what it holds, and what the `{{ factcheck.* }}`
placeholders of the hand-written pages stand for. The MkDocs plugin hands these to MkDocs as
they are; `export` writes them as a plain project that MkDocs without the plugin, or Zensical,
builds.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..config import SiteConfig
from ..i18n import Language
from ..link import SiteModel, SourceView
from ..model import FIDELITIES, Capture, Source, Verdict
from ..ratings import label as verdict_label
from ..ratings import tone
from . import cards
from .bodies import cores, render_all
from .plan import (
    SEARCH_FOLDER,
    SITEMAPS_FOLDER,
    PageSpec,
    SitePlan,
    capture_key,
    file_path,
    src_uri,
)
from .problempages import ProblemReport
from .publish import (
    Publisher,
    claim_review,
    claims_csv,
    claims_data,
    feed_xml,
    json_ld,
    schema,
)
from .render import Renderer, RenderOptions
from .search import IndexJob, IndexStats, SearchRecord, records, write_index
from .sharing import oembed

ASSETS = Path(__file__).parent.parent / "assets"
#: Theme templates the site needs (the header with its search form), for MkDocs and the export.
THEME = Path(__file__).parent.parent / "theme"
#: Style sheet and script of the generated pages, as site paths.
STYLE = file_path("style")
SCRIPT = file_path("script")
#: The hand-written home page, where a build puts the sections it computes by default.
HOME = src_uri("home")
#: Placeholders that stand for a section computed from the data rather than a number.
SECTIONS = ("latest", "verdict_counts")
#: What Material's script finds when it looks for a sitemap beside the oEmbed documents.
EMPTY_SITEMAP = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)
_PLACEHOLDER = re.compile(r"\{\{\s*factcheck\.([a-z0-9_.-]+)\s*\}\}")


@dataclass(frozen=True, slots=True)
class SiteSettings:
    """What the outputs need to know of the site beyond its claims and sources."""

    site_name: str
    site_url: str | None
    publisher: Publisher
    scale: tuple[Verdict, ...]
    render: RenderOptions
    language: str = "en"
    #: The site's folder, where a capture's archive is read from when it is published.
    root: Path | None = None
    publish_captures: bool = False
    #: Whether claims get share cards and embeds (both need `site_url`: config.py).
    cards: bool = False
    embeds: bool = False
    #: Whether the build is of the whole site (not a preview of some claims): only then are
    #: the cards no claim shows any more removed from the cache.
    whole: bool = True


def site_settings(
    config: SiteConfig,
    template_dirs: tuple[Path, ...],
    hand_written: Iterable[str] = (),
    root: Path | None = None,
    *,
    whole: bool = True,
) -> SiteSettings:
    """The outputs' settings from the site's configuration, for every engine: the edit address
    defaults to GitHub's from `repo_url`, the publisher to the site's name and address;
    `hand_written` names the site's own Markdown pages (docs/), which generated pages link to."""
    edit_url = config.edit_url
    if edit_url is None and config.repo_url and "github.com" in config.repo_url:
        edit_url = config.repo_url.rstrip("/") + "/edit/main/{path}"
    catalogs = root / config.locale_dir if root is not None else None
    cards = config.social_cards if config.social_cards is not None else bool(config.site_url)
    embeds = config.embeds if config.embeds is not None else bool(config.site_url)
    render = RenderOptions(
        config.use_directory_urls,
        config.context,
        edit_url,
        template_dirs,
        frozenset(hand_written),
        Language(config.locale, catalogs),
        config.claims_per_page,
        config.search_recent,
        config.publish_captures,
        config.site_name,
        config.scale,
        share=bool(config.site_url),
        embeds=embeds,
    )
    publisher = Publisher(
        config.publisher or config.site_name, config.publisher_url or config.site_url or None
    )
    return SiteSettings(
        config.site_name,
        config.site_url,
        publisher,
        config.scale,
        render,
        config.language,
        root,
        config.publish_captures,
        cards=cards and bool(config.site_url),
        embeds=embeds and bool(config.site_url),
        whole=whole,
    )


@dataclass(frozen=True, slots=True)
class PageOutput:
    """One generated page. `title` is HTML-escaped text, as themes print it unescaped."""

    src_uri: str  # the Markdown file it stands for, e.g. claims/<id>.md
    title: str
    in_nav: bool  # only the index pages; the nav of 10,000 claim pages would be quadratic
    searchable: bool
    edit_url: str | None


class SiteOutputs:
    """The pages, files and placeholder values of one build of the site."""

    def __init__(
        self, model: SiteModel, settings: SiteSettings, problems: ProblemReport | None = None
    ) -> None:
        self.model = model
        self.settings = settings
        options = settings.render
        #: Every page and address of this build.
        self.plan = SitePlan(
            model,
            language=options.language,
            claims_per_page=options.claims_per_page,
            directory_urls=options.directory_urls,
            site_url=settings.site_url,
            broken=[*problems.claims, *problems.sources] if problems else [],
        )
        self.renderer = Renderer(model, options, problems, self.plan)
        self._numbers = site_numbers(model)
        self._cards: cards.Drawn | None = None

    def absolute(self, kind: str, key: str = "") -> str:
        """The absolute address of a page or file (site-root relative without a site_url)."""
        return self.plan.absolute(kind, key)

    # -- pages --------------------------------------------------------------------------------

    def pages(self) -> Iterator[PageOutput]:
        """Every generated page, in a stable order."""
        for spec in self.plan.pages.values():
            yield self.page(spec)

    def page(self, spec: PageSpec) -> PageOutput:
        """The page that `spec` describes."""
        path = self._yaml_path(spec)
        return PageOutput(
            src_uri=spec.src_uri,
            title=html.escape(spec.title, quote=False),
            in_nav=spec.in_nav,
            searchable=spec.searchable,
            edit_url=self.renderer.edit_url(path) if path else None,
        )

    def description(self, src_uri: str) -> str | None:
        """What a generated page is about, in a sentence for search engines and link previews
        (a claim: the claim and its verdict), as plain text."""
        spec = self.plan.pages.get(src_uri)
        if spec is None:
            return None
        _ = self.settings.render.language.gettext
        if spec.template == "claim.html":
            view = self.model.by_claim[spec.key]
            return _("%(verdict)s: %(claim)s") % {
                "verdict": verdict_label(view.verdict, self.settings.render.language),
                "claim": view.claim.claim,
            }
        if spec.template == "source.html":
            source = self.model.by_source[spec.key].source
            if source.publisher:
                return _(
                    "A stored source (%(publisher)s), with every span the fact-checks quote "
                    "from it marked."
                ) % {"publisher": source.publisher}
            return _("A stored source, with every span the fact-checks quote from it marked.")
        if spec.template == "claimant.html":
            name = self.plan.claimant(spec.key).name
            return _("Fact-checked claims by %(name)s.") % {"name": name}
        return None

    def head(self, src_uri: str) -> str:
        """The head tags of a generated page, escaped: Open Graph, Twitter card, and the
        ClaimReview of a claim page."""
        spec = self.plan.pages[src_uri]
        description = self.description(src_uri) or ""
        claim = spec.template == "claim.html"
        url = self.absolute_page(src_uri)
        tags = [
            f'<meta property="og:type" content="{"article" if claim else "website"}">',
            f'<meta property="og:site_name" content="{_attr(self.settings.site_name)}">',
            f'<meta property="og:title" content="{_attr(spec.title)}">',
        ]
        if description:
            tags.append(f'<meta property="og:description" content="{_attr(description)}">')
        if self.settings.site_url:
            tags.append(f'<meta property="og:url" content="{_attr(url)}">')
        if claim and self.settings.cards:
            alt = _attr(description)
            tags += [
                f'<meta property="og:image" content="{_attr(self.absolute("card", spec.key))}">',
                '<meta property="og:image:type" content="image/png">',
                f'<meta property="og:image:width" content="{cards.WIDTH}">',
                f'<meta property="og:image:height" content="{cards.HEIGHT}">',
                f'<meta property="og:image:alt" content="{alt}">',
                '<meta name="twitter:card" content="summary_large_image">',
                f'<meta name="twitter:image:alt" content="{alt}">',
            ]
        else:
            tags.append('<meta name="twitter:card" content="summary">')
        if claim and self.settings.embeds:
            tags.append(
                '<link rel="alternate" type="application/json+oembed" '
                f'href="{_attr(self.absolute("oembed", spec.key))}" '
                f'title="{_attr(spec.title)}">'
            )
        if spec.template == "problems.html":  # a preview's page: never in a search engine
            tags.append('<meta name="robots" content="noindex">')
        review = self.json_ld(src_uri)
        if review is not None:
            tags.append(f'<script type="application/ld+json">\n{review}\n</script>')
        return "\n".join(tags)

    def absolute_page(self, src_uri: str) -> str:
        """The absolute address of the page of `src_uri`."""
        return self.plan.absolute_page(src_uri)

    def json_ld(self, src_uri: str) -> str | None:
        """The ClaimReview of a claim page, as the text of a <script> in its head."""
        spec = self.plan.pages.get(src_uri)
        if spec is None or spec.template != "claim.html":
            return None
        review = claim_review(
            self.model.by_claim[spec.key],
            [v.rating for v in self.settings.scale],
            self.absolute,
            self.settings.publisher,
            self.settings.render.language,
            self.capture_url,
        )
        return json_ld(review)

    def page_at(self, src_uri: str) -> PageOutput | None:
        """The generated page of the Markdown file `src_uri`, or None for a hand-written one."""
        spec = self.plan.pages.get(src_uri)
        return self.page(spec) if spec is not None else None

    def body(self, src_uri: str) -> str:
        """The HTML of a generated page's content."""
        return self.renderer.render(src_uri)

    def bodies(self) -> dict[str, str]:
        """Every generated page's content, rendered on every core, when the site is large enough
        for that to pay (bodies.py); else empty, and `body` renders each when asked."""
        return render_all(self.renderer, list(self.plan.pages))

    def _yaml_path(self, spec: PageSpec) -> str | None:
        if spec.template == "claim.html":
            return self.model.by_claim[spec.key].claim.where.path
        if spec.template == "source.html":
            return self.model.by_source[spec.key].source.where.path
        if spec.template == "problems.html":
            return self.renderer.broken[spec.src_uri].path
        return None

    def collisions(self, hand_written: Iterable[str]) -> list[str]:
        """What in the site's own docs (`hand_written`, paths under docs/) a build would hide or
        replace: a file at a generated page's address, or where the sitemap's shards go."""
        found = []
        if self.settings.site_url:  # with a site_url, the shards replace what is there
            found += [
                f"docs/{uri} would be replaced by the sitemap's shards, which the build writes "
                f"into {SITEMAPS_FOLDER}/; move it"
                for uri in hand_written
                if uri.startswith(f"{SITEMAPS_FOLDER}/")
            ]
        generated = set(self.plan.pages)
        found += [
            f"docs/{uri} would hide the generated page at the same address; rename or remove it"
            for uri in hand_written
            if uri in generated
        ]
        return found

    # -- files --------------------------------------------------------------------------------

    def files(self, *, cards: bool = True) -> Iterator[tuple[str, bytes | Path]]:
        """Every file besides the pages, as (site path, content or the file to copy); without
        `cards`, the share cards are left for `place_cards`."""
        yield STYLE, minified(ASSETS / "factcheck.css")
        yield SCRIPT, minified(ASSETS / "factcheck.js")
        yield file_path("search-script"), minified(ASSETS / "search.js")
        yield file_path("filters"), self.renderer.render_file("claims-filters.css").encode()
        yield from self.renderer.facet_files()
        data = claims_data(self.model, self.absolute)
        # compact: only then does Python's C encoder run
        yield (
            file_path("claims-data"),
            json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(),
        )
        yield file_path("claims-schema"), json.dumps(schema(), indent=2).encode()
        yield file_path("claims-csv"), claims_csv(self.model, self.absolute).encode()
        publisher = self.settings.publisher
        feed = feed_xml(
            self.model,
            self.absolute,
            self.absolute("home"),
            self.settings.site_name,
            publisher,
            self.settings.render.language,
        )
        yield file_path("feed"), feed.encode()
        if self.settings.cards and cards:
            for claim_id, path in self.cards().files.items():
                yield file_path("card", claim_id), path
        if self.settings.embeds:
            yield file_path("oembed-sitemap"), EMPTY_SITEMAP
            for claim in self.model.claims:
                yield file_path("embed", claim.id), self.renderer.render_embed(claim.id).encode()
                yield file_path("oembed", claim.id), json.dumps(self._oembed(claim.id)).encode()
        for view in self.model.sources:  # UTF-8, byte for byte (SPEC §8)
            if view.snapshot is not None:
                yield file_path("source-text", view.id), view.snapshot.canonical.encode("utf-8")
            for n, later in enumerate(view.later, start=2):
                yield file_path("version-text", f"{view.id}.v{n}"), later.canonical.encode("utf-8")
            if self.settings.publish_captures and self.settings.root is not None:
                for capture in view.captures:
                    yield (
                        file_path("capture", capture_key(view.id, capture)),
                        self._archive(view, capture),
                    )

    def card(self, claim_id: str) -> cards.Card:
        """What the share card of a claim shows."""
        view = self.model.by_claim[claim_id]
        language = self.settings.render.language
        claim = view.claim
        return cards.Card(
            verdict=verdict_label(view.verdict, language),
            tone=tone(view.verdict, self.settings.scale),
            claim=claim.claim,
            claim_language=claim.language or self.settings.language,
            claimant=claim.claimant,
            date=language.date(claim.date) if claim.date else "",
            site=self.settings.site_name,
            language=language.tag,
            rtl=language.rtl,
        )

    def cards(self) -> cards.Drawn:
        """Every claim's share card as a file, drawn where the cache has none (cards.py); the
        first call draws, the others answer what it did."""
        if self._cards is None:
            folder = cards.card_folder(self.settings.root or Path.cwd())
            self._cards = cards.ensure(
                {view.id: self.card(view.id) for view in self.model.claims},
                folder,
                processes=cores(),
                prune=self.settings.whole,
            )
        return self._cards

    def place_cards(self, site_dir: Path) -> None:
        """Put every share card into the built site at `site_dir`: linked to its file in the
        cache where the file system allows (a card is never changed in place: a new one is a
        new file), else copied. An engine's own copying of ten thousand files cost a warm build
        more than the cards themselves (issue 31)."""
        if not self.settings.cards:
            return
        for claim_id, path in self.cards().files.items():
            target = site_dir / file_path("card", claim_id)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copyfile(path, target)

    def card_report(self) -> list[str]:
        """What a build says of its share cards: how many, drawn or kept; and, once, what the
        cards leave out (a text no font here draws), with the claims it is in."""
        if self._cards is None:
            return []
        drawn = self._cards
        lines = [
            f"factcheck: {len(drawn.files)} share cards, {drawn.drawn} drawn and "
            f"{len(drawn.files) - drawn.drawn} kept from the cache ({drawn.seconds:.1f} s)"
        ]
        if drawn.omitted:
            reasons = sorted({why for found in drawn.omitted.values() for why in found})
            claims = sorted(drawn.omitted)
            lines.append(
                f"factcheck: share cards leave out {'; '.join(reasons[:3])}"
                + (f" (and {len(reasons) - 3} more)" if len(reasons) > 3 else "")
                + f", on the cards of {len(claims)} claim(s): {', '.join(claims[:5])}"
                + (" …" if len(claims) > 5 else "")
            )
        return lines

    def _oembed(self, claim_id: str) -> dict[str, object]:
        view = self.model.by_claim[claim_id]
        return oembed(
            embed_url=self.absolute("embed", claim_id),
            title=view.claim.title,
            site_name=self.settings.site_name,
            site_url=self.absolute("home"),
            card_url=self.absolute("card", claim_id) if self.settings.cards else None,
        )

    def _archive(self, view: SourceView, capture: Capture) -> Path:
        """The file of a capture's archive (checked to be inside sources/ by the load)."""
        assert self.settings.root is not None
        return (self.settings.root / view.source.where.path).parent / capture.file

    def capture_url(self, source: Source) -> str | None:
        """The absolute address of the archive a source's snapshot was taken from, when the
        site publishes it."""
        if not self.settings.publish_captures or source.capture is None:
            return None
        return self.absolute("capture", capture_key(source.id, source.capture))

    # -- search -------------------------------------------------------------------------------

    def search_records(self) -> Iterator[SearchRecord]:
        """What the search index holds: a record per claim, then per source."""
        return records(self.model, self.plan.url, self.settings.render.language)

    def write_search_index(self, site_dir: Path) -> IndexStats:
        """Write the search index into the built site (or the docs of an export), replacing
        the one there; `SearchIndexError` says why it could not."""
        return write_index(
            self.search_records(),
            site_dir / SEARCH_FOLDER,
            self.settings.language,
            recent=self.settings.render.search_recent,
        )

    def start_search_index(self, site_dir: Path) -> IndexJob:
        """Start writing the search index in the background (search.IndexJob)."""
        return IndexJob(
            self.search_records(),
            site_dir,
            self.settings.language,
            self.settings.render.search_recent,
        )

    # -- hand-written pages -------------------------------------------------------------------

    def fill(self, markdown: str, warn: Callable[[str], None], src_uri: str = HOME) -> str:
        """`markdown` (the hand-written page `src_uri`) with each `{{ factcheck.NAME }}`
        replaced by its number, or by a section computed from the data (`latest`: the newest
        fact-checks as cards, on a line of its own; `verdict_counts`: how many claims have each
        verdict); an unknown name is left as written, and `warn` is told."""

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in SECTIONS:
                # `latest` is a block: only on a line of its own (so that prose can name it)
                line_start = markdown.rfind("\n", 0, match.start()) + 1
                line_end = markdown.find("\n", match.end())
                line = markdown[line_start : line_end if line_end != -1 else len(markdown)]
                if name == "latest" and line.strip() != match.group(0):
                    return match.group(0)
                return self.section(name, src_uri)
            if name not in self._numbers:
                known = ", ".join(sorted([*self._numbers, *SECTIONS]))
                warn(f"unknown placeholder {{{{ factcheck.{name} }}}}; known: {known}")
                return match.group(0)
            return str(self._numbers[name])

        return _PLACEHOLDER.sub(value, markdown)

    def section(self, name: str, src_uri: str) -> str:
        """A section computed from the data, as HTML, for the hand-written page `src_uri`."""
        if name == "verdict_counts":
            language = self.settings.render.language
            counts = [
                f"{language.number(self.model.verdict_counts[v.key])} "
                + (label if v.from_catalog else f"<bdi>{label}</bdi>")  # a site's own: isolated
                for v in self.settings.scale
                if self.model.verdict_counts[v.key]
                for label in [html.escape(verdict_label(v, language))]
            ]
            if not counts:
                return html.escape(language.gettext("no claims yet"))
            return language.list(counts)
        return self.renderer.render_section(f"{name}.html", src_uri).strip()


def minified(path: Path) -> bytes:
    """The style sheet or script at `path` as the site serves it: minified (rcssmin, rjsmin),
    so that a claim page's own CSS and JS stay within 20 KB; readable in the repository."""
    return _minified(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _minified(path: Path, _mtime: int) -> bytes:
    import rcssmin
    import rjsmin

    text = path.read_text(encoding="utf-8")
    small: str = rcssmin.cssmin(text) if path.suffix == ".css" else rjsmin.jsmin(text)
    return small.encode("utf-8")


def site_numbers(model: SiteModel) -> dict[str, int]:
    """What a hand-written page can show as {{ factcheck.NAME }}."""
    numbers = {
        "claims": len(model.claims),
        "sources": len(model.sources),
        "claimants": len(model.claimants),
        "spans": sum(len(s.spans) for s in model.sources),
        "corrections": len(model.corrections),
    }
    numbers.update({f"verdicts.{k}": n for k, n in model.verdict_counts.items()})
    # A number with nothing to count is 0: a site of imported claims has no span of a kind.
    numbers.update({f"verdicts.{v.key}": model.verdict_counts.get(v.key, 0) for v in model.scale})
    numbers.update({f"fidelity.{f}": 0 for f in FIDELITIES})
    for source in model.sources:
        for fidelity, n in source.fidelity_counts.items():
            numbers[f"fidelity.{fidelity}"] = numbers.get(f"fidelity.{fidelity}", 0) + n
    return numbers


def _attr(text: str) -> str:
    """`text` escaped for an attribute value."""
    return html.escape(text, quote=True)
