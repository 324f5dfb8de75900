"""Ingesting a saved web page: its article text as a snapshot, and what the page says of itself.

Extraction is deterministic (the same page always gives the same text): the article (`<article>`,
else `<main>`, else `<body>`) without scripts, styles, navigation, page headers and footers,
asides, forms, dialogs, cookie banners or hidden elements; headings, paragraphs, list items and
block quotes each become a block, and blocks are separated by blank lines, so two words are never
joined across a block boundary.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from bs4.element import (
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    ProcessingInstruction,
    Tag,
)

from .text import canonical_str

#: Elements whose content never belongs to the article.
_DROP = {
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "dialog",
    "menu",
    "audio",
    "video",
    "map",
}
_DROP_ROLES = {
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "dialog",
    "alertdialog",
    "search",
    "menu",
    "menubar",
}
_CHROME = re.compile(
    r"(^|[-_ ])(cookie|consent|gdpr|newsletter|paywall|share|social|related|"
    r"comments?|advert|ads?|promo|subscribe)([-_ ]|$)",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BLOCKS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "figcaption",
    "dt",
    "dd",
    "td",
    "th",
    "caption",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "ul",
    "ol",
    "dl",
    "table",
    "tr",
    "tbody",
    "thead",
    "figure",
    "address",
    "details",
    "summary",
    "hr",
    "body",
}


_BR = "\x00"  # stands for <br> until a block is flushed
_SPACES = re.compile(r"[ \t\n\r\f]+")


class IngestError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Page:
    text: str  # canonical snapshot text, blocks separated by blank lines, ending in a newline
    title: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    published: dt.date | None = None
    url: str | None = None
    language: str | None = None
    notes: list[str] = field(default_factory=list)


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if isinstance(tag, Tag):
            content = tag.get("content")
            if isinstance(content, str) and content.strip():
                return " ".join(content.split())
    return None


def _is_chrome(tag: Tag) -> bool:
    if tag.name in _DROP:
        return True
    attrs = tag.attrs or {}
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if attrs.get("role") in _DROP_ROLES:
        return True
    style = attrs.get("style")
    if isinstance(style, str) and _HIDDEN_STYLE.search(style):
        return True
    names = " ".join([*(attrs.get("class") or []), str(attrs.get("id") or "")])
    return bool(names.strip()) and _CHROME.search(names) is not None


def _root(soup: BeautifulSoup) -> Tag:
    articles = [a for a in soup.find_all("article") if isinstance(a, Tag)]
    if articles:  # the article with the most text, if a page has several (teasers, comments)
        return max(articles, key=lambda a: len(a.get_text(" ", strip=True)))
    main = soup.find("main") or soup.find(True, attrs={"role": "main"})
    if isinstance(main, Tag):
        return main
    body = soup.find("body")
    return body if isinstance(body, Tag) else soup


class _Blocks:
    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.line: list[str] = []

    def flush(self) -> None:
        # Markup's own white space (including line breaks in the HTML source) is one space, as
        # a browser shows it; a <br> is a line break. No-break spaces are kept as printed.
        text = "".join(self.line)
        lines = [_SPACES.sub(" ", part).strip(" ") for part in text.split(_BR)]
        block = "\n".join(line for line in lines if line)
        if block:
            self.blocks.append(block)
        self.line = []

    def walk(self, node: Tag, list_marker: str = "") -> None:
        for child in node.children:
            if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                self.line.append(str(child))
                continue
            if not isinstance(child, Tag) or _is_chrome(child):
                continue
            if child.name == "br":
                self.line.append(_BR)
            elif child.name in ("header", "footer") and not child.find(re.compile(r"^h[1-6]$")):
                continue  # bylines, share bars and page chrome; a header with a heading stays
            elif child.name in _BLOCKS:
                self.flush()
                if child.name == "ol":
                    self._ordered(child)
                elif child.name == "ul":
                    self.walk(child, "- ")
                else:
                    if child.name == "li":
                        self.line.append(list_marker)
                    self.walk(child)
                self.flush()
            else:
                self.walk(child, list_marker)

    def _ordered(self, node: Tag) -> None:
        number = 1
        for child in node.children:
            if isinstance(child, Tag) and child.name == "li" and not _is_chrome(child):
                self.flush()
                self.line.append(f"{number}. ")
                self.walk(child)
                self.flush()
                number += 1


def extract(html: bytes | str) -> Page:
    """The article text and metadata of a saved page; `IngestError` if there is no text."""
    soup = BeautifulSoup(html, "html.parser")
    if soup.find() is None:
        raise IngestError("this is not an HTML page: no elements found")
    root = _root(soup)
    walker = _Blocks()
    walker.walk(root)
    walker.flush()
    text = canonical_str("\n\n".join(walker.blocks))
    if not text.strip():
        raise IngestError(
            "no article text found in the page (only navigation, scripts or hidden elements)"
        )
    title_tag = soup.find("title")
    title = _meta(soup, "og:title", "twitter:title") or (
        " ".join(title_tag.get_text().split()) if isinstance(title_tag, Tag) else None
    )
    authors = _authors(soup)
    published, notes = _published(soup)
    canonical = soup.find("link", attrs={"rel": "canonical"})
    url = _meta(soup, "og:url")
    if isinstance(canonical, Tag) and isinstance(canonical.get("href"), str):
        url = str(canonical["href"]).strip() or url
    if url and not re.match(r"https?://", url):
        notes.append(f"the page's own address '{url}' is not an http(s) URL and was left out")
        url = None
    html_tag = soup.find("html")
    language = html_tag.get("lang") if isinstance(html_tag, Tag) else None
    return Page(
        text=text + "\n",
        title=title or None,
        publisher=_meta(soup, "og:site_name", "application-name"),
        authors=authors,
        published=published,
        url=url,
        language=language.strip() if isinstance(language, str) and language.strip() else None,
        notes=notes,
    )


def _authors(soup: BeautifulSoup) -> tuple[str, ...]:
    found: list[str] = []
    for tag in soup.find_all("meta"):
        if not isinstance(tag, Tag):
            continue
        key = tag.get("name") or tag.get("property")
        content = tag.get("content")
        if key in ("author", "article:author") and isinstance(content, str) and content.strip():
            name = " ".join(content.split())
            if not name.startswith("http") and name not in found:
                found.append(name)
    return tuple(found)


def _published(soup: BeautifulSoup) -> tuple[dt.date | None, list[str]]:
    value = _meta(soup, "article:published_time", "datePublished", "date")
    if value is None:
        time_tag = soup.find("time", attrs={"datetime": True})
        value = str(time_tag["datetime"]) if isinstance(time_tag, Tag) else None
    if value is None:
        return None, []
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    try:
        return (dt.date(*(int(g) for g in match.groups())) if match else None), []
    except ValueError:
        return None, [f"the page's publication date '{value}' is not a real date; left out"]


def source_yaml(
    page: Page,
    source_id: str,
    snapshot: str,
    sha256: str,
    *,
    url: str | None = None,
    retrieved: dt.date | None = None,
) -> str:
    """The source file for an ingested page, with what the page said of itself."""

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    retrieved = retrieved or dt.date.today()
    lines = [
        f"# Ingested from a saved web page on {retrieved.isoformat()}; check every field.",
        f"title: {q(page.title or source_id)}",
    ]
    if page.publisher:
        lines.append(f"publisher: {q(page.publisher)}")
    if len(page.authors) == 1:
        lines.append(f"author: {q(page.authors[0])}")
    elif page.authors:
        lines.append("author: [" + ", ".join(q(a) for a in page.authors) + "]")
    if url or page.url:
        lines.append(f"url: {q(url or page.url or '')}")
    if page.published:
        lines.append(f"published: {page.published.isoformat()}")
    lines.append(f"retrieved: {retrieved.isoformat()}")
    lines.append("type: article")
    if page.language and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", page.language):
        lines.append(f"language: {page.language}")
    lines.append(f"snapshot: {snapshot}")
    lines.append(f"sha256: {sha256}")
    for note in page.notes:
        lines.append(f"# note: {note}")
    return "\n".join(lines) + "\n"
