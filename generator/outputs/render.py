"""Rendering: the linked site model to the HTML of every generated page, through Jinja templates.

Each page is a `PageSpec` of the site plan (plan.py: where it lives, its title) and is rendered
on demand. Templates live in
`generator/templates/factcheck/`; a site overrides any of them by putting a file of the same name
in `<theme custom_dir>/factcheck/`. Autoescaping is on: text from YAML and snapshots is text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import babel
import jinja2
import jinja2.bccache
from markupsafe import Markup, escape

from ..config import DEFAULTS
from ..fidelity import word_diff
from ..i18n import CLAUSES, ENGLISH, N_, PARTS, Language
from ..link import ClaimView, SiteModel, SpanView
from ..model import COMPARED, FIDELITIES, FIDELITY, Capture, DiffOp, Source, Verdict
from ..ratings import TONES, tone
from ..ratings import description as verdict_description
from ..ratings import label as verdict_label
from ..readers.captions import clock
from ..snapshots import Snapshot
from ..weburls import readable
from .archive import Archive, IndexPage
from .derive import derive
from .fragments import fragment_url
from .markdown import render_markdown
from .plan import OLDER_FOLDER, TRANSPARENCY, PageSpec, SitePlan, capture_key, src_uri
from .problempages import BrokenPage, ProblemReport
from .provenance import fidelity_sentence
from .search import (
    FACET_INLINE,
    FACETS,
    claim_facets,
    facet_files,
    facet_values,
    search_messages,
)
from .sharing import iframe, share_links


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How pages are rendered: URL style, context length, edit links, template folders (the
    options' defaults are config.py's, where each is declared)."""

    directory_urls: bool = True
    context: int = DEFAULTS.context  # code points of context either side of a quote
    edit_url: str | None = None  # template with {path}, e.g. https://host/org/repo/edit/main/{path}
    template_dirs: tuple[Path, ...] = ()
    #: The hand-written pages of the site (Markdown files), for links to them when present.
    hand_written: frozenset[str] = frozenset()
    #: The site's language: the words, dates and direction of every page.
    language: Language = ENGLISH
    #: The most claims a page of the claims index lists (archive.py).
    claims_per_page: int = DEFAULTS.claims_per_page
    #: How many of the newest claims and sources a first search covers (search.py).
    search_recent: int = DEFAULTS.search_recent
    #: Whether the web archives of captures are published (and linked from source pages).
    publish_captures: bool = DEFAULTS.publish_captures
    #: The site's name, and its rating scale (for the tone of a verdict: ratings.tone).
    site_name: str = ""
    scale: tuple[Verdict, ...] = ()
    #: Whether claim pages offer share links (they need the site's address) and the code that
    #: embeds the claim's card (sharing.py).
    share: bool = False
    embeds: bool = False


#: How a source page names a source's type.
SOURCE_TYPE_LABELS = {
    "article": N_("article"),
    "transcript": N_("transcript"),
    "statement": N_("statement"),
    "social": N_("social media post"),
    "video": N_("video"),
    "other": N_("other document"),
}
#: What a source is made from (`source`: a link to it), and what is made from it.
DERIVED_FROM = {
    "copy": N_("a copy of %(source)s"),
    "reworded": N_("a reworded version of %(source)s"),
    "excerpt": N_("an excerpt of %(source)s"),
    "cites": N_("cites %(source)s"),
    "translation": N_("a translation of %(source)s"),
}
DERIVATIVES = {
    "copy": N_("%(source)s is a copy of this"),
    "reworded": N_("%(source)s is a reworded version of this"),
    "excerpt": N_("%(source)s is an excerpt of this"),
    "cites": N_("%(source)s cites this"),
    "translation": N_("%(source)s is a translation of this"),
}
SEVERITIES = {"error": N_("error"), "warning": N_("warning")}


def moment_url(url: str, start: float, end: float) -> str:
    """The address of a moment of a recording: YouTube's own `t=` for its videos (it ignores
    Media Fragments), a Media Fragment (`#t=754,761`) for any other address."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    if host in ("youtube.com", "youtu.be"):
        query = [p for p in parts.query.split("&") if p and not p.startswith("t=")]
        query.append(f"t={int(start)}s")
        return urlunsplit(parts._replace(query="&".join(query), fragment=""))
    return urlunsplit(parts._replace(fragment=f"t={start:g},{end:g}"))


def language_name(code: str, language: Language) -> str:
    """The name of the language `code` in the site's language (`fr` on an English page:
    French), or the code itself when CLDR does not know it."""
    try:
        name = babel.Locale.parse(code.replace("-", "_")).get_display_name(language.locale)
    except (ValueError, babel.UnknownLocaleError):
        return code
    return name or code


def _e(value: object) -> str:
    return str(escape(value))


#: A word a line may break inside: after a hyphen, a slash, a dash (UAX #14).
_BREAKS_INSIDE = re.compile(r"\w[-/\u2010-\u2014]\w")


#: Where an address may break: after a slash (not between the two of `//`), before a dot.
_ADDRESS_BREAKS = re.compile(r"(?<=/)(?!/)|(?=\.)")


class Snippets:
    """Small pieces of HTML every page uses many times, in the site's language; every argument
    is escaped.

    (Jinja macros did the same at twenty times the cost, which showed in the build benchmark.)
    """

    def __init__(self, language: Language) -> None:
        self.language = language
        _ = language.gettext
        self._labels: dict[str, str] = {f: _(FIDELITY[f].label) for f in FIDELITIES}
        self._meanings: dict[str, str] = {f: _(FIDELITY[f].meaning) for f in FIDELITIES}
        self._badges: dict[str, Markup] = {
            f: Markup(
                f'<span class="fc-fidelity fc-fidelity--{f}" title="{_e(self._meanings[f])}">'
                f"{_e(self._labels[f])}</span>"
            )
            for f in FIDELITIES
        }
        marked = _e(_("marked words"))
        items = "".join(
            f'<div><dt>{self._badges[f]} <mark class="fc-mark fc-mark--{f}">'
            f"{marked}</mark></dt><dd>{_e(self._meanings[f])}</dd></div>"
            for f in FIDELITIES
        )
        summary = _e(_("What the fidelity labels mean"))
        self._legend = Markup(
            f'<details class="fc-legend"><summary>{summary}'
            f'</summary><dl class="fc-legend__list">{items}</dl></details>'
        )
        self._elided = _("left out by the source, which marks the omission")
        self._parts = escape(_(PARTS))
        self._clauses = escape(_(CLAUSES))

    def address(self, url: str) -> Markup:
        """A link to `url` that reads as the address (readable letters, left to right), which
        a narrow screen may break after a slash or before a dot, never inside a word."""
        parts = _ADDRESS_BREAKS.split(readable(url))
        return Markup('<a href="{}" rel="noopener" dir="ltr">{}</a>').format(
            url, Markup("<wbr>").join(parts)
        )

    def parts(self, items: Iterable[object]) -> Markup:
        """The parts of one statement (a title, its publisher, its date), each escaped unless
        it is markup, joined as the site's language separates them ("A, B"; in Arabic
        "A، B"); empty parts are left out."""
        return self._joined(items, self._parts, "item")

    def clauses(self, items: Iterable[object]) -> Markup:
        """Clauses, or items of a list of data, joined by the language's semicolon."""
        return self._joined(items, self._clauses, "clause")

    @staticmethod
    def _joined(items: Iterable[object], template: Markup, first: str) -> Markup:
        out: Markup | None = None
        for item in items:
            if not item:
                continue
            shown = item if isinstance(item, Markup) else escape(item)
            out = shown if out is None else template % {first: out, "next": shown}
        return out if out is not None else Markup("")

    def link(self, href: str, content: object, css: str = "") -> Markup:
        """`content` (escaped unless it is markup) linked to `href`."""
        shown = content if isinstance(content, Markup) else escape(content)
        kind = f' class="{_e(css)}"' if css else ""
        return Markup(f'<a{kind} href="{_e(href)}">{shown}</a>')

    def counted(
        self, counts: Mapping[str, int], fidelities: Sequence[str], plain: bool = False
    ) -> Markup:
        """`3 verbatim, 1 altered`: the spans of each fidelity that has some, as parts of one
        statement (each in a `fc-count` element unless `plain`)."""
        shown = []
        for f in fidelities:
            if not counts.get(f):
                continue
            said = f"{_e(self.language.number(counts[f]))} {_e(self._labels[f].lower())}"
            shown.append(
                Markup(said)
                if plain
                else Markup(
                    f'<span class="fc-count fc-count--{f}" data-count="{counts[f]}">{said}</span>'
                )
            )
        return self.parts(shown)

    def badge_counts(self, counts: Mapping[str, int]) -> Markup:
        """Each fidelity that has spans, as its badge and their number."""
        return self.parts(
            Markup(f"{self._badges[f]} {_e(self.language.number(counts[f]))}")
            for f in FIDELITIES
            if counts.get(f)
        )

    def isolated(self, items: Iterable[tuple[str, str]]) -> Markup:
        """Items of data, (text, language), each isolated with its language, as a list."""
        return self.clauses(self.bdi(text, code) for text, code in items)

    def lang(self, code: str) -> Markup:
        """` lang="…" dir="auto"` for an element holding text from a claim or source: it keeps
        its own language, and its direction is its own (an English quote on an Arabic page)."""
        return Markup(f' lang="{_e(code)}" dir="auto"')

    def bdi(self, text: str, code: str) -> Markup:
        """Text from a claim or source inside a sentence of the page, isolated with its
        language (a Hebrew title in an English list)."""
        return Markup(f'<bdi lang="{_e(code)}">{_e(text)}</bdi>')

    def name(self, text: str, code: str) -> Markup:
        """A person's or organisation's name, isolated with its language, each of its words
        kept whole on one line ("Kazemi-Qomi" broke after its hyphen in a narrow column); the
        text is the name as written, only grouped."""
        words = [
            f'<span class="fc-nowrap">{_e(word)}</span>'
            if len(word) <= 30 and _BREAKS_INSIDE.search(word)  # a longer one breaks if it must
            else _e(word)
            for word in text.split(" ")
        ]
        return Markup(f'<bdi class="fc-name" lang="{_e(code)}">{" ".join(words)}</bdi>')

    def verdict_badge(self, verdict: Verdict) -> Markup:
        # No description as a tooltip: the scale's words stay on the rating-scale page, where
        # they cannot stand beside a page whose sources say otherwise.
        """The verdict's label as a badge."""
        label = verdict_label(verdict, self.language)
        tag = "span" if verdict.from_catalog else "bdi"  # a site's own words: isolated
        return Markup(
            f'<{tag} class="fc-verdict fc-verdict--{_e(verdict.key)}">{_e(label)}</{tag}>'
        )

    def verdict_label(self, verdict: Verdict) -> str:
        """The verdict's label: the default scale's translated, a site's own as written."""
        return verdict_label(verdict, self.language)

    def verdict_description(self, verdict: Verdict) -> Markup:
        """The verdict's description (see `verdict_label`), isolated when it is the site's
        own words, whose language the page cannot know."""
        text = verdict_description(verdict, self.language)
        return Markup(_e(text)) if verdict.from_catalog else Markup(f"<bdi>{_e(text)}</bdi>")

    def fidelity_legend(self) -> Markup:
        """What each fidelity means, with its badge and how its marked words look."""
        return self._legend

    def fidelity_badge(self, fidelity: str) -> Markup:
        """A fidelity as a badge, its meaning as the title."""
        return self._badges[fidelity]

    def fidelity_label(self, fidelity: str) -> str:
        """A fidelity's name in the site's language."""
        return self._labels[fidelity]

    def fidelity_meaning(self, fidelity: str) -> str:
        """What a fidelity means, in the site's language."""
        return self._meanings[fidelity]

    def fidelity_counts(
        self,
        counts: Mapping[str, int],
        fidelities: Sequence[str] = COMPARED,
    ) -> str:
        """`3 verbatim, 1 trimmed and 0 altered`, as the site's language lists them."""
        return self.language.list(
            [f"{self.language.number(counts[f])} {self._labels[f].lower()}" for f in fidelities]
        )

    def date(self, value: dt.date | None) -> Markup:
        """A date as a <time> element, or nothing."""
        if value is None:
            return Markup("")
        return Markup(
            f'<time datetime="{value.isoformat()}">{_e(self.language.date(value))}</time>'
        )

    def moment(self, value: str) -> Markup:
        """A capture's time (ISO 8601) as a <time> element: its date as the language writes
        it and the time of day in UTC; a time that is not ISO 8601 as it is written (in no
        <time>, whose `datetime` it would not be)."""
        try:
            when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return Markup(f"<bdi>{_e(value)}</bdi>")
        if when.tzinfo is not None:
            when = when.astimezone(dt.UTC)
        shown = self.parts(
            [self.language.date(when.date()), f"{when:%H:%M}" + (" UTC" if when.tzinfo else "")]
        )
        return Markup(f'<time datetime="{_e(value)}">{_e(shown)}</time>')

    @staticmethod
    def sha(value: str | None) -> Markup:
        """A SHA-256 checksum as the source page shows it."""
        if not value:
            return Markup("")
        return Markup(
            f'<span class="fc-nowrap">SHA-256</span> <code class="fc-sha">{_e(value)}</code>'
        )

    def number(self, value: int) -> str:
        """A number as the site's language writes it."""
        return self.language.number(value)

    def diff(self, ops: Sequence[DiffOp], code: str) -> Markup:
        """A word diff as HTML: left-out words struck through, the source's words inserted;
        its words are the quote's and the source's, in the language `code`."""
        parts: list[str] = []
        for op in ops:
            quote, source = _e(" ".join(op.quote)), _e(" ".join(op.source))
            if op.kind == "equal":
                parts.append(source or quote)
            elif op.kind == "elided":
                parts.append(
                    f'<del class="fc-diff__elided" title="{_e(self._elided)}">{quote}</del> '
                    f'<ins class="fc-diff__mark">{source}</ins>'
                )
            else:
                pair = [
                    f"<{tag}>{words}</{tag}>"
                    for tag, words in (("del", quote), ("ins", source))
                    if words
                ]
                parts.append(" ".join(pair))
        return Markup(f'<span class="fc-diff"{self.lang(code)}>{" ".join(parts)}</span>')

    def whereabouts(self, span: SpanView, snapshot: Snapshot | None) -> Markup:
        """`page 4` or `at 12:34-12:41` for a span of a paged snapshot or a timed transcript,
        linked to that page or moment of the original when it has an address."""
        if snapshot is None or not span.resolved.ranges:
            return Markup("")
        _ = self.language.gettext
        first, last = span.resolved.ranges[0][0], span.resolved.ranges[-1][1]
        pages, time = snapshot.pages(first, last), snapshot.time(first, last)
        url = span.source.url
        if pages is not None:
            said = (
                _("page %(page)s") % {"page": self.language.number(pages[0])}
                if pages[0] == pages[1]
                else _("pages %(first)s\u2013%(last)s")
                % {"first": self.language.number(pages[0]), "last": self.language.number(pages[1])}
            )
            href = f"{url.split('#')[0]}#page={pages[0]}" if url else None
        elif time is not None:
            said = _("at %(start)s\u2013%(end)s") % {"start": clock(time[0]), "end": clock(time[1])}
            href = moment_url(url, time[0], time[1]) if url else None
        else:
            return Markup("")
        if href:
            return Markup(
                f'<a class="fc-span__moment" href="{_e(href)}" rel="noopener">{_e(said)}</a>'
            )
        return Markup(f'<span class="fc-span__moment">{_e(said)}</span>')

    def original(self, span: SpanView, snapshot: Snapshot | None) -> str:
        """Where the span's words are in the original: its address with a text fragment that
        names them (fragments.py), on their page for a paged document; a recording's plain
        address (its moment is linked by `whereabouts`)."""
        url = span.source.url or ""
        if snapshot is None or not span.resolved.ranges or not url.startswith(("http:", "https:")):
            return url
        first, last = span.resolved.ranges[0][0], span.resolved.ranges[-1][1]
        if snapshot.time(first, last) is not None:
            return url
        pages = snapshot.pages(first, last)
        return fragment_url(url, snapshot.canonical, span.resolved.ranges, pages and pages[0])

    def capture(
        self, source_id: str, capture: Capture, link: Callable[..., str], published: bool
    ) -> Markup:
        """What a capture says: when, from which address, the payload's digest, and the
        archive itself when the site publishes it."""
        _ = self.language.gettext
        when = self.moment(capture.time)
        address = Markup(
            f'<a href="{_e(capture.url)}" rel="noopener"><bdi dir="ltr">{_e(capture.url)}</bdi></a>'
        )
        parts: list[object] = [
            escape(_("captured %(time)s from %(address)s")) % {"time": when, "address": address},
            escape(_("payload digest %(digest)s"))
            % {"digest": Markup(f'<code class="fc-sha">{_e(capture.digest)}</code>')},
        ]
        if published:
            parts.append(
                self.link(link("capture", capture_key(source_id, capture)), _("web archive"))
            )
        return self.parts(parts)

    def later(self, span: SpanView) -> Markup:
        """How each later version of the source prints the words (compare.py), oldest first:
        the date it was retrieved, and the same words, moved, what it reads now with the diff,
        or gone."""
        if not span.later:
            return Markup("")
        _ = self.language.gettext
        said = {
            "unchanged": _("the same words, in the same place"),
            "moved": _("the same words, elsewhere in the document"),
            "changed": _("the passage now reads otherwise:"),
            "gone": _("the words are gone from the document"),
        }
        items = []
        for later in span.later:
            when = (
                _("As retrieved on %(date)s:") % {"date": self.language.date(later.retrieved)}
                if later.retrieved
                else _("In a later version:")
            )
            item = (
                f'<li class="fc-later fc-later--{later.status}" data-status="{later.status}">'
                f"{_e(when)} {_e(said[later.status])}"
            )
            if later.status == "changed":
                item += f" {self.diff(later.diff, span.source.language)}"
            items.append(item + "</li>")
        heading = _e(_("Compared with later versions of this source"))
        return Markup(
            f'<div class="fc-span__later"><p class="fc-later__heading">{heading}</p>'
            f'<ul class="fc-later__list">{"".join(items)}</ul></div>'
        )

    def source_line(self, source: Source, link: Callable[..., str]) -> Markup:
        """A source's title linked to its page, with its publisher and date."""
        title = self.bdi(source.title, source.language)
        return self.parts(
            [
                Markup(f'<a href="{_e(link("source", source.id))}">{title}</a>'),
                self.bdi(source.publisher, source.language) if source.publisher else None,
                self.date(source.published),
            ]
        )


# Control characters have no place in HTML (a parser reports each one); a snapshot may hold
# some. Pages show them as Unicode's Control Pictures (ESC as ␛), C1 controls as ␦; the plain
# text at /sources/<id>.txt keeps the characters themselves. A form feed is HTML's white space
# and ends a page of a paged snapshot: it stays, and the source page marks the page that follows.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\u2426"


def visible_controls(value: object) -> object:
    """Jinja's `finalize`: every value a template writes, with control characters pictured
    (markup stays markup: no control character is part of HTML's syntax)."""
    if isinstance(value, str) and _CONTROLS.search(value):
        pictured = _CONTROLS.sub(_picture, value)
        return Markup(pictured) if isinstance(value, Markup) else pictured
    return value


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process. `mkdocs serve` makes new Jinja
    environments for every rebuild, and compiling the theme's and our templates anew took
    0.7 s of a one-claim preview's rebuild of about 1.5 s (profiled). Jinja checks each
    template's source against the checksum stored with its code, so an edited template is
    compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Give the bucket the code compiled earlier, if any."""
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep the code just compiled."""
        self._code[bucket.key] = bucket.bytecode_to_string()


#: One cache for every Jinja environment of the process: ours and the theme's (plugin.on_env).
TEMPLATE_CACHE = MemoryBytecodeCache()


class Renderer:
    """Renders the generated pages from the linked model through the Jinja templates; what
    pages there are, and every address, is the site plan's (plan.py)."""

    def __init__(
        self,
        model: SiteModel,
        options: RenderOptions,
        problems: ProblemReport | None = None,
        plan: SitePlan | None = None,
    ) -> None:
        self.model = model
        #: The pages standing in for broken claims and sources, when the build shows them.
        broken = [*problems.claims, *problems.sources] if problems else []
        self.broken: dict[str, BrokenPage] = {src_uri(page.kind, page.id): page for page in broken}
        self.plan = plan or SitePlan(
            model,
            language=options.language,
            claims_per_page=options.claims_per_page,
            directory_urls=options.directory_urls,
            broken=broken,
        )
        self.pages = self.plan.pages
        #: What pages show, derived once before any page renders (derive.py).
        self.derived = derive(model, options.context, options.language)
        self.options = options
        loaders: list[jinja2.BaseLoader] = [
            jinja2.FileSystemLoader([str(d / "factcheck") for d in options.template_dirs]),
            jinja2.PackageLoader("generator", "templates/factcheck"),
        ]
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            extensions=["jinja2.ext.i18n"],
            autoescape=True,
            finalize=visible_controls,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=TEMPLATE_CACHE,
        )
        self.env.globals.update(
            markdown=render_markdown,
            fidelities=FIDELITIES,
            compared=COMPARED,
            word_diff=word_diff,
            model=model,
            problems=problems,
        )
        self.env.globals["transparency"] = [
            (uri, options.language.gettext(label))
            for uri, label in TRANSPARENCY
            if uri in options.hand_written
        ]
        language = options.language
        self.language = language
        self.env.install_gettext_translations(language.translations, newstyle=True)  # type: ignore[attr-defined]
        self.env.globals["m"] = Snippets(language)  # badges, dates, diffs: a page uses them often
        self.env.globals.update(
            language=language,
            fidelity_sentence=lambda view: fidelity_sentence(
                [s for q in view.quotes for s in q.spans], language
            ),
            source_types=SOURCE_TYPE_LABELS,
            language_name=lambda code: language_name(code, language),
            derived_from_phrases=DERIVED_FROM,
            derivative_phrases=DERIVATIVES,
            severities=SEVERITIES,
            search_messages=search_messages(language),
        )
        self._index_facet_cache: dict[str, dict[str, Any]] = {}

    def edit_url(self, path: str) -> str | None:
        """Where to edit the file at `path`, when the site says how."""
        return self.options.edit_url.format(path=path) if self.options.edit_url else None

    # -- rendering -----------------------------------------------------------------------------

    def render(self, src_uri: str) -> str:
        """The HTML body of the generated page `src_uri`."""
        spec = self.pages[src_uri]
        context: dict[str, Any] = {"link": self.plan.linker(src_uri), "page": spec}
        context.update(self._context(spec))
        return self.env.get_template(spec.template).render(context)

    def render_embed(self, claim_id: str) -> str:
        """The embeddable card of a claim (`/claims/<id>/embed/`), a page of its own."""
        view = self.model.by_claim[claim_id]
        return self.env.get_template("embed.html").render(
            view=view,
            verdict=verdict_label(view.verdict, self.language),
            colour=TONES[tone(view.verdict, self.options.scale)],
            claim_url=self.plan.absolute("claim", claim_id),
            site_name=self.options.site_name,
        )

    def _sharing(self, view: ClaimView) -> dict[str, Any] | None:
        """What a claim page offers for sharing it: the networks' share pages (with the
        claim's absolute address and title), and the code that embeds its card."""
        if not self.options.share:
            return None
        url = self.plan.absolute("claim", view.id)
        title = view.claim.title
        embed = (
            iframe(self.plan.absolute("embed", view.id), f"{self.options.site_name}: {title}")
            if self.options.embeds
            else None
        )
        return {"url": url, "title": title, "links": share_links(url, title), "iframe": embed}

    def render_section(self, template: str, src_uri: str) -> str:
        """A section of a hand-written page (its Markdown file `src_uri`) from a template."""
        return self.env.get_template(template).render({"link": self.plan.linker(src_uri)})

    def render_file(self, template: str) -> str:
        """A generated file that is not a page (the claims index's filter rules)."""
        return self.env.get_template(template).render(self._facets)

    @functools.cached_property
    def _facets(self) -> dict[str, Any]:
        """The facets of every claim, for the search page; and for the filter rules, how many
        values the longest filter of each facet has on a page of the claims index."""
        facets = self._facets_of(None)
        longest = {key: 0 for key, _ in FACETS}
        for page in self.plan.claims_index.pages:
            for key, values in self._index_facets(page.src_uri)["facet_values"].items():
                longest[key] = max(longest[key], len(values))
        return {**facets, "longest": longest, "facet_inline": FACET_INLINE}

    def facet_files(self) -> Iterator[tuple[str, bytes]]:
        """The search page's long facets, each a file of its own."""
        return facet_files(self._facets["facet_values"])

    def _index_facets(self, src_uri: str) -> dict[str, Any]:
        """The facets of the claims one page of the claims index lists (kept: the filter rules
        need every page's, and the page its own)."""
        found = self._index_facet_cache.get(src_uri)
        if found is None:
            found = self._facets_of(self.plan.index_page(src_uri).items)
            self._index_facet_cache[src_uri] = found
        return found

    def _facets_of(self, claims: Sequence[ClaimView] | None) -> dict[str, Any]:
        values = facet_values(self.model, self.language, claims)
        return {
            "facets": FACETS,
            "facet_values": values,
            "facet_index": {
                key: {value: i for i, (value, _) in enumerate(pairs)}
                for key, pairs in values.items()
            },
            "claim_facets": functools.partial(claim_facets, language=self.language),
        }

    def _context(self, spec: PageSpec) -> Mapping[str, Any]:
        if spec.template == "claim.html":
            claim = self.model.by_claim[spec.key]
            return {
                "view": claim,
                "excerpts": self.derived.excerpts,
                "edit": self.edit_url(claim.claim.where.path),
                "provenance": self.derived.provenance[claim.id],
                "sharing": self._sharing(claim),
            }
        if spec.template == "source.html":
            source = self.model.by_source[spec.key]
            return {
                "view": source,
                "segments": self.derived.segments.get(source.id, ()),
                "publish_captures": self.options.publish_captures,
                "edit": self.edit_url(source.source.where.path),
            }
        if spec.template == "claimant.html":
            claimant, index = self.plan.claimant_page(spec.src_uri)
            return {
                "view": claimant,
                **_index_context(self.plan.claimant_indexes[claimant.slug], index),
            }
        if spec.template == "problems.html":
            page = self.broken[spec.src_uri]
            return {"broken": page, "edit": self.edit_url(page.path)}
        if spec.template == "claims.html":
            return {
                **self._index_facets(spec.src_uri),
                **_index_context(self.plan.claims_index, self.plan.index_page(spec.src_uri)),
            }
        if spec.template == "claimants.html":
            index = self.plan.index_page(spec.src_uri)
            return _index_context(self.plan.claimants_index, index)
        if spec.template == "sources.html":
            return _index_context(self.plan.sources_index, self.plan.index_page(spec.src_uri))
        if spec.template == "search.html":
            total = len(self.model.claims) + len(self.model.sources)
            recent = self.options.search_recent
            older = f"{OLDER_FOLDER}/" if total > recent else None
            return {**self._facets, "scope": {"recent": recent, "total": total, "older": older}}
        return {}


def _index_context(archive: Archive, index: IndexPage) -> dict[str, Any]:
    """What the template of one page of a claims or sources index shows besides its rows."""
    earlier, later = archive.neighbours(index)
    return {"index": index, "archive": archive, "earlier": earlier, "later": later}
