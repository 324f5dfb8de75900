"""Ingesting a saved web page: its article text as a snapshot, and what the page says of itself.

Decoding is honest: a byte order mark, else the charset the page declares, checked against the
bytes; when the bytes do not decode as declared, or the declaration is single-byte while the
bytes are UTF-8 (the usual lie), or nothing is declared and the bytes are not UTF-8,
charset-normalizer detects the encoding, and the output and the source's notes say which
encoding was used and why. Bytes that decode under nothing are refused: no replacement
character is ever stored.

Extraction is deterministic (the same page always gives the same text): the article (`<article>`,
else `<main>`, else `<body>`) without scripts, styles, navigation, page headers and footers,
asides, forms, dialogs, cookie banners, hidden elements, comments or CDATA sections (text a
browser does not show); headings, paragraphs, list items and block quotes each become a block,
and blocks are separated by blank lines, so two words are never joined across a block boundary.
Control characters, which a browser does not show either, are left out.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import regex
from bs4 import BeautifulSoup
from bs4.element import NavigableString, PreformattedString, Tag

from ..check import Layout
from ..fields import ID_PATTERN
from ..files import FileRefusal, place, read_file, stage
from ..load import discover, relative, source_from_node
from ..model import Problem
from ..snapshots import text_sha256
from ..text import canonical_str
from ..urls import url_problem
from ..yamlnodes import YamlError, parse_yaml
from .authoring import Outcome

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
# Control characters a browser does not show (the <br> marker is added after this is applied).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
#: What a metadata field never keeps: control characters, surrogates and noncharacters (a
#: `<title>` holding `&#xFFFE;` made a YAML file that YAML refuses).
_FIELD_CONTROLS = regex.compile(r"[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]+")


class IngestError(ValueError):
    """A page that cannot be ingested; the message says why."""

    pass


@dataclass(frozen=True, slots=True)
class Decoded:
    """A page's text, the encoding it was read with, and why, when not as it declares."""

    text: str
    encoding: str
    why: str | None  # said when the page's own declaration was not simply followed


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _declared(data: bytes) -> str | None:
    """The charset the page declares in its first 4 KB (meta charset, http-equiv, XML)."""
    match = _DECLARED.search(data[:4096])
    if match is None:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_page(data: bytes) -> Decoded:
    """The page's text and how it was decoded; `IngestError` if no encoding fits the bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], encoding)
            if text is not None:
                return Decoded(text, encoding, None)
            return _detected(
                data,
                f"it starts with a {encoding} byte order mark, but its bytes are not {encoding}",
            )
    declared = _declared(data)
    codec = _codec(declared) if declared else None
    utf8 = _strict(data, "utf-8")
    if declared and codec is None:
        why = f"it declares the unknown charset '{declared}'"
    elif codec is not None:
        text = _strict(data, codec)
        single_byte = codecs.lookup(codec).name not in ("utf-8", "utf-16", "utf-32")
        if text is not None and not (single_byte and utf8 is not None and not data.isascii()):
            return Decoded(text, codec, None)
        if text is not None:  # the bytes are UTF-8: the single-byte declaration is the lie
            assert utf8 is not None
            return Decoded(utf8, "utf-8", f"it declares {declared}, but its bytes are UTF-8")
        why = f"it declares {declared}, but its bytes are not {declared}"
    else:
        if utf8 is not None:
            return Decoded(utf8, "utf-8", None)
        why = "it declares no charset and its bytes are not UTF-8"
    if utf8 is not None:
        return Decoded(utf8, "utf-8", why + "; its bytes are UTF-8")
    return _detected(data, why)


def _detected(data: bytes, why: str) -> Decoded:
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError(
            f"cannot tell how the page is encoded: {why}, and no encoding fits all its bytes"
        )
    text = _strict(data, best.encoding)
    if text is None:  # pragma: no cover - the detector only offers encodings that decode
        raise IngestError(f"cannot decode the page as {best.encoding}: {why}")
    return Decoded(text, best.encoding, f"{why}; detected {best.encoding}")


@dataclass(frozen=True, slots=True)
class Page:
    """What ingesting a page gives: the snapshot text and what the page says of itself."""

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

    def walk(self, root: Tag) -> None:
        """Collect the blocks under `root`, depth first, with a stack of its own: a page nested
        ten thousand levels deep is read like any other."""
        stack: list[tuple[str, Tag | str | None, str]] = [("children", root, "")]
        while stack:
            kind, item, marker = stack.pop()
            if kind == "flush":
                self.flush()
            elif kind == "text":
                assert isinstance(item, str)
                self.line.append(item)
            else:
                assert isinstance(item, Tag)
                stack.extend(reversed(self._steps(item, marker)))

    @staticmethod
    def _steps(node: Tag, marker: str) -> list[tuple[str, Tag | str | None, str]]:
        """What reading `node`'s children takes, in order."""
        flush: tuple[str, Tag | str | None, str] = ("flush", None, "")
        steps: list[tuple[str, Tag | str | None, str]] = []
        for child in node.children:
            if isinstance(child, PreformattedString):  # comments, CDATA, declarations
                continue
            if isinstance(child, NavigableString):
                steps.append(("text", _CONTROLS.sub("", str(child)), ""))
                continue
            if not isinstance(child, Tag) or _is_chrome(child):
                continue
            if child.name == "br":
                steps.append(("text", _BR, ""))
            elif child.name in ("header", "footer") and not child.find(re.compile(r"^h[1-6]$")):
                continue  # bylines, share bars and page chrome; a header with a heading stays
            elif child.name in _BLOCKS:
                steps.append(flush)
                if child.name == "ol":
                    number = 1
                    for item in child.children:
                        if isinstance(item, Tag) and item.name == "li" and not _is_chrome(item):
                            steps += [flush, ("text", f"{number}. ", ""), ("children", item, "")]
                            steps.append(flush)
                            number += 1
                elif child.name == "ul":
                    steps.append(("children", child, "- "))
                else:
                    if child.name == "li":
                        steps.append(("text", marker, ""))
                    steps.append(("children", child, ""))
                steps.append(flush)
            else:
                steps.append(("children", child, marker))
        return steps


def _field(value: str | None) -> str | None:
    """Metadata as one line of text: control characters and runs of white space as one space."""
    if value is None:
        return None
    return " ".join(_FIELD_CONTROLS.sub(" ", value).split()) or None


def extract(html: bytes | str) -> Page:
    """The article text and metadata of a saved page; `IngestError` if there is no text.

    Bytes are decoded with `decode_page`, and how is said in the page's notes when the page's
    own declaration was not simply followed."""
    notes: list[str] = []
    if isinstance(html, bytes):
        decoded = decode_page(html)
        html = decoded.text
        if decoded.why:
            notes.append(f"read as {decoded.encoding}: {decoded.why}")
    soup = BeautifulSoup(html, "html.parser")
    if soup.find() is None:
        raise IngestError("this is not an HTML page: no elements found")
    root = _root(soup)
    walker = _Blocks()
    walker.walk(root)
    walker.flush()
    text = canonical_str("\n\n".join(walker.blocks))
    replaced = text.count("\ufffd")
    if replaced:
        notes.append(
            f"the text holds {replaced} replacement character{'s' * (replaced != 1)} (U+FFFD), "
            "where the page itself has invalid characters (as a browser shows it)"
        )
    if not text.strip():
        raise IngestError(
            "no article text found in the page (only navigation, scripts or hidden elements)"
        )
    title_tag = soup.find("title")
    title = _field(_meta(soup, "og:title", "twitter:title")) or (
        _field(title_tag.get_text()) if isinstance(title_tag, Tag) else None
    )
    authors = tuple(a for a in (_field(name) for name in _authors(soup)) if a)
    published, date_notes = _published(soup)
    notes += date_notes
    canonical = soup.find("link", attrs={"rel": "canonical"})
    url = _meta(soup, "og:url")
    if isinstance(canonical, Tag) and isinstance(canonical.get("href"), str):
        url = str(canonical["href"]).strip() or url
    if url and url_problem(url) is not None:
        notes.append(f"the page's own address was left out: it {url_problem(url)}")
        url = None
    html_tag = soup.find("html")
    language = html_tag.get("lang") if isinstance(html_tag, Tag) else None
    return Page(
        text=text + "\n",
        title=title or None,
        publisher=_field(_meta(soup, "og:site_name", "application-name")),
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
    if page.notes:
        told = " ".join(f"{_field(note)}." for note in page.notes)
        lines.append(f"notes: {q('When this page was ingested: ' + told)}")
    return "\n".join(lines) + "\n"


# -- the command ------------------------------------------------------------------------------


def _write_pair(
    text_path: Path,
    snapshot: bytes,
    yaml_path: Path,
    described: bytes,
    pending: Path,
    *,
    force: bool,
    resumed: bool,
) -> None:
    """The snapshot and its YAML file together, or nothing a check would see (SPEC §9).

    Both are written and synced first, under names of their own that the next run reuses: the
    YAML as `pending`, the snapshot as `.<name>.ingest`. Then the snapshot is renamed into
    place, and the YAML last, so that the source exists for `check` only once its snapshot does.
    Killed between the two renames, the snapshot stands without a YAML file (not a source:
    nothing loads it) and `pending` says it is ingest's own, so running ingest again replaces
    it without `--force` (`resumed`). On any error, what was staged is removed."""
    staged: list[Path] = []
    try:
        staged.append(stage(yaml_path, described, name=pending.name))
        staged.append(stage(text_path, snapshot, name=f".{text_path.name}.ingest"))
        place(staged[1], text_path, replace=force or resumed)
        staged.pop()
        place(staged[0], yaml_path, replace=force)
        staged.pop()
    finally:
        for path in staged:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _loads(layout: Layout, described: str, source_id: str) -> str | None:
    """Why the source file `described` would not load without a problem, or None."""
    path = layout.sources_dir / f"{source_id}.yml"
    try:
        node = parse_yaml(described)
    except YamlError as error:
        return f"{error.code} at {error.pos.line}:{error.pos.column}: {error.message}"
    problems: list[Problem] = []
    source_from_node(node, source_id, relative(layout.root, path), problems)
    return f"{problems[0].code}: {problems[0].message}" if problems else None


def ingest(
    layout: Layout, page_path: Path, source_id: str, url: str | None, *, force: bool
) -> Outcome:
    """Store a saved page as `sources/<source_id>.txt` and `.yml`, never half-written, never
    over another source's files without `force`."""
    if not ID_PATTERN.fullmatch(source_id) or source_id == "index":
        return Outcome(
            f"error: '{source_id}' is not a valid source id\n  hint: lowercase letters, digits "
            "and '-', at most 80 (not 'index'), e.g. newsweek-nato-asia",
            2,
        )
    if url is not None and url_problem(url) is not None:
        return Outcome(f"error: --url must be an http or https address: it {url_problem(url)}", 2)
    try:
        data = read_file(
            page_path, inside=Path(os.sep), limit=layout.limits.snapshot, shown=str(page_path)
        )
    except FileRefusal as refusal:
        return Outcome(f"error: {refusal.message}", 2)
    text_path = layout.sources_dir / f"{source_id}.txt"
    yaml_path = layout.sources_dir / f"{source_id}.yml"
    taken = discover(layout.root, layout.claims_dir, layout.sources_dir).sources.get(source_id)
    if taken is not None and taken != yaml_path:
        return Outcome(
            f"error: the source id '{source_id}' is taken by {relative(layout.root, taken)}; "
            "nothing was written\n  hint: choose another --id (--force only replaces "
            f"{relative(layout.root, yaml_path)})",
            1,
        )
    try:
        page = extract(data)
    except IngestError as error:
        return Outcome(f"error: {page_path}: {error}", 1)
    snapshot = page.text.encode("utf-8")
    # While this file is there, the snapshot beside it is an interrupted ingest's, not the
    # editor's: the YAML waits in it until the snapshot is in place (see `_write_pair`).
    pending = layout.sources_dir / f".{source_id}.yml.ingest"
    resumed = taken is None and not os.path.lexists(yaml_path) and os.path.lexists(text_path)
    resumed = resumed and (
        os.path.lexists(pending) or (text_path.is_file() and text_path.read_bytes() == snapshot)
    )
    existing = [p for p in (text_path, yaml_path) if os.path.lexists(p)]
    if existing and not force and not resumed:
        names = " and ".join(relative(layout.root, p) for p in existing)
        return Outcome(
            f"error: {names} already exist{'s' if len(existing) == 1 else ''}; nothing was "
            "written\n  hint: choose another --id, or add --force to replace them",
            1,
        )
    described = source_yaml(page, source_id, text_path.name, text_sha256(page.text), url=url)
    problem = _loads(layout, described, source_id)
    if problem is not None:  # a bug of ours: never write what check would refuse
        return Outcome(f"error: the source file ingest made does not load: {problem}", 70)
    try:
        layout.sources_dir.mkdir(parents=True, exist_ok=True)
        _write_pair(
            text_path,
            snapshot,
            yaml_path,
            described.encode("utf-8"),
            pending,
            force=force,
            resumed=resumed,
        )
    except FileExistsError as error:
        return Outcome(f"error: {error.filename} appeared meanwhile; it was not replaced", 1)
    except OSError as error:
        return Outcome(
            f"error: could not write {relative(layout.root, Path(error.filename or text_path))}:"
            f" {error.strerror}; what was already there is unchanged",
            1,
        )
    blocks = page.text.count("\n\n") + 1
    lines = [
        f"wrote {relative(layout.root, text_path)} ({len(page.text)} characters, {blocks} "
        f"blocks{', completing an interrupted ingest' if resumed else ''}) and "
        f"{relative(layout.root, yaml_path)}"
    ]
    lines += [f"  note: {note}" for note in page.notes]
    lines.append(f'next: python -m generator locate {source_id} "the words you are checking"')
    return Outcome("\n".join(lines), 0)
