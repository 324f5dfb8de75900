"""A saved web page as a snapshot: its article's text, and what the page says of itself.

Decoding is honest: a byte order mark, else the charset the page declares, checked against the
bytes. A page whose bytes are UTF-8 but for a few stray bytes (a Latin-1 fragment pasted into a
UTF-8 template) is read as UTF-8 with those bytes read as Windows-1252, and the notes say how
many; a page whose declaration does not fit its bytes at all is detected by charset-normalizer,
and the notes say so. Bytes that decode under nothing are refused: no replacement character is
ever stored.

Extraction is trafilatura's (the best-scoring maintained extractor on the article-extraction
benchmark, `make bench-ingest`), with its metadata (htmldate for the date, JSON-LD, Open Graph),
wrapped in what this project guarantees itself: text a browser does not show (`hidden`,
`aria-hidden`, inline `display:none` and `visibility:hidden`, `<template>`, scripts, form
controls, dialogs, navigation) is removed before trafilatura sees the page, readers' comments
are never taken, each paragraph, heading, list item and table cell is a block of its own
(blocks separated by blank lines, a `<br>` a line break), and control characters are left out.
What extraction may get wrong is said, not hidden: `Document.warnings` names a text that holds
neither the page's headline nor its lede, or is far shorter than what the page shows.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import charset_normalizer
import lxml.etree
import lxml.html
import regex
from bs4 import BeautifulSoup
from bs4.element import (
    CData,
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    PageElement,
    ProcessingInstruction,
    Tag,
)

from ..text import canonical_str
from ..weburls import url_problem
from .document import Document, ReadError

#: Elements a reader never sees as the article's text.
_INVISIBLE = (
    "script",
    "style",
    "noscript",
    "template",
    "button",
    "select",
    "input",
    "textarea",
    "option",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "dialog",
    "nav",
    "menu",
    "audio",
    "video",
    "map",
)
_CHROME_ROLES = (
    "navigation",
    "dialog",
    "alertdialog",
    "search",
    "menu",
    "menubar",
    "contentinfo",
)
_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)
_CONTROLS = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
#: What a metadata field never keeps: control characters, surrogates and noncharacters (a
#: `<title>` holding `&#xFFFE;` made a YAML file that YAML refuses).
_FIELD_CONTROLS = regex.compile(r"[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]+")
#: Words, and each character of the scripts written without spaces between words.
#: What an XML document cannot hold (lxml refuses it in a tree): surrogates, noncharacters.
_XML_UNSAFE = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_WORDS = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]|"
    r"[^\W\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]+"
)

# trafilatura logs what it tries; ingest says what it found.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


# -- decoding -----------------------------------------------------------------------------------


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
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
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


def _stray_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    byte = error.object[error.start : error.start + 1]
    return byte.decode("cp1252", errors="ignore") or byte.decode("latin-1"), error.start + 1


codecs.register_error("factcheck-stray-cp1252", _stray_as_cp1252)


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """`data` read as UTF-8 with each stray byte read as Windows-1252, and how many there were;
    None unless the bytes are UTF-8 but for a few (at most one in ten of the non-ASCII
    characters): a page in another encoding is not UTF-8 with strays."""
    stray = len(data.decode("utf-8", errors="replace")) - len(data.decode("utf-8", errors="ignore"))
    if stray == 0:
        return None
    sequences = len(_UTF8_SEQUENCE.findall(data))
    if sequences < 1 or stray * 10 > sequences + stray:
        return None
    return data.decode("utf-8", errors="factcheck-stray-cp1252"), stray


def decode_page(data: bytes, charset: str | None = None) -> Decoded:
    """The page's text and how it was decoded; `ReadError` if no encoding fits the bytes.
    `charset` is what the server said (its Content-Type), which a page's own declaration does
    not override (HTML's encoding sniffing)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], encoding)
            if text is not None:
                return Decoded(text, encoding, None)
            return _detected(
                data,
                f"it starts with a {encoding} byte order mark, but its bytes are not {encoding}",
            )
    declared = charset or _declared(data)
    codec = _codec(declared) if declared else None
    utf8 = _strict(data, "utf-8")
    mostly = None if utf8 is not None else _mostly_utf8(data)
    if declared and codec is None:
        why = f"it declares the unknown charset '{declared}'"
    elif codec is not None:
        text = _strict(data, codec)
        unicode = codec in ("utf-8", "utf-16", "utf-32")
        if text is not None and (unicode or utf8 is None or data.isascii()) and mostly is None:
            return Decoded(text, codec, None)
        if utf8 is not None and not unicode:  # the single-byte declaration is the lie
            return Decoded(utf8, "utf-8", f"it declares {declared}, but its bytes are UTF-8")
        why = (
            f"it declares {declared}"
            if mostly is not None
            else f"it declares {declared}, but its bytes are not {declared}"
        )
    else:
        if utf8 is not None:
            return Decoded(utf8, "utf-8", None)
        why = (
            "it declares no charset"
            if mostly
            else "it declares no charset and its bytes are not UTF-8"
        )
    if utf8 is not None:
        return Decoded(utf8, "utf-8", why + "; its bytes are UTF-8")
    if mostly is not None:
        text, stray = mostly
        return Decoded(
            text,
            "utf-8",
            f"{why}; its bytes are UTF-8 but for {stray} stray byte{'s' * (stray != 1)}, "
            "read as Windows-1252",
        )
    return _detected(data, why)


def _detected(data: bytes, why: str) -> Decoded:
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ReadError(
            f"cannot tell how the page is encoded: {why}, and no encoding fits all its bytes"
        )
    text = _strict(data, best.encoding)
    if text is None:  # pragma: no cover - the detector only offers encodings that decode
        raise ReadError(f"cannot decode the page as {best.encoding}: {why}")
    return Decoded(text, best.encoding, f"{why}; detected {best.encoding}")


# -- what a page says of itself -------------------------------------------------------------------


def clean_field(value: str | None) -> str | None:
    """Metadata as one line of text: control characters and runs of white space as one space."""
    if value is None:
        return None
    return " ".join(_FIELD_CONTROLS.sub(" ", value).split()) or None


def _meta(tree: lxml.html.HtmlElement, *names: str) -> str | None:
    for name in names:
        for key in ("property", "name", "itemprop"):
            for tag in tree.iterfind(f".//meta[@{key}]"):
                if tag.get(key) == name and (tag.get("content") or "").strip():
                    return clean_field(tag.get("content"))
    return None


def _page_url(tree: lxml.html.HtmlElement, notes: list[str]) -> str | None:
    url = _meta(tree, "og:url")
    for link in tree.iterfind(".//link[@rel]"):
        if link.get("rel", "").strip().lower() == "canonical" and (link.get("href") or "").strip():
            url = link.get("href", "").strip()
            break
    problem = url_problem(url) if url else None
    if problem is not None:
        notes.append(f"the page's own address was left out: it {problem}")
        return None
    return url


_DATE_FIELDS = ("article:published_time", "datePublished", "date", "dc.date", "DC.date.issued")


def _published(
    htmldate: Any, html: str, url: str | None, declared: str | None, notes: list[str]
) -> dt.date | None:
    """The date the page says it was published, by htmldate: its markup first (meta, JSON-LD,
    `itemprop`, `<time>`), then, when that finds nothing, its text, but never a bare year
    (htmldate gives January 1 for one) nor a date where the page declares one that does not
    exist (htmldate would give another day of that month)."""
    if declared and regex.match(r"\d{4}-\d{2}-\d{2}", declared):
        try:
            dt.date.fromisoformat(declared[:10])
        except ValueError:
            notes.append(f"the page's publication date '{declared}' is not a real date; left out")
            return None
    found = htmldate.find_date(html, url=url, original_date=True, extensive_search=False)
    if found is None:
        found = htmldate.find_date(html, url=url, original_date=True, extensive_search=True)
        if found is not None and found.endswith("-01-01"):
            return None
    return dt.date.fromisoformat(found) if found else None


def _authors(
    tree: lxml.html.HtmlElement, found: str | None, publisher: str | None
) -> tuple[str, ...]:
    """The page's authors as it writes them in its `author` meta tags, else as trafilatura found
    them (`A; B`: JSON-LD, bylines); never an address nor the publisher's name."""
    names = [
        tag.get("content", "")
        for tag in tree.iterfind(".//meta[@content]")
        if (tag.get("name") or tag.get("property") or "").lower() in ("author", "article:author")
    ]
    authors: list[str] = []
    for part in names or (found or "").split(";"):
        name = clean_field(part)
        if not name or name.startswith(("http:", "https:")) or name in authors:
            continue
        if publisher and name.casefold() == publisher.casefold():
            continue  # a site's name given as its author
        authors.append(name)
    return tuple(authors)


# -- the article's text ---------------------------------------------------------------------------

_BR = "\x00"  # stands for a line break until a block is flushed
_SPACES = regex.compile(r"[ \t\n\r\f]+")
#: trafilatura's elements that make a block of their own.
_BLOCK = {"p", "head", "item", "quote", "cell", "code", "list", "table", "row", "div", "body"}


def _hide_invisible(tree: lxml.html.HtmlElement) -> None:
    """Remove, in place, what a browser does not show and what is never the article."""
    doomed = []
    for element in tree.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            doomed.append(element)
            continue
        attributes = element.attrib
        if (
            element.tag in _INVISIBLE
            or "hidden" in attributes
            or attributes.get("aria-hidden", "").strip().lower() == "true"
            or attributes.get("role", "").strip().lower() in _CHROME_ROLES
            or _HIDDEN_STYLE.search(attributes.get("style", ""))
        ):
            doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is None:
            continue
        # Keep the text that follows the element (its tail): it is the parent's, not its own.
        previous = element.getprevious()
        if element.tail:
            if previous is not None:
                previous.tail = (previous.tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent.remove(element)


def _blocks(body: lxml.etree._Element) -> list[str]:
    """The blocks of trafilatura's output tree, in order, read with a stack of its own."""
    blocks: list[str] = []
    line: list[str] = []

    def flush() -> None:
        text = "".join(line)
        parts = [_SPACES.sub(" ", part).strip(" ") for part in text.split(_BR)]
        block = "\n".join(part for part in parts if part)
        if block:
            blocks.append(block)
        line.clear()

    stack: list[tuple[str, lxml.etree._Element | str]] = [("open", body)]
    while stack:
        step, item = stack.pop()
        if step == "text":
            assert isinstance(item, str)
            line.append(item)
        elif step == "flush":
            flush()
        else:
            assert not isinstance(item, str)
            tag = item.tag if isinstance(item.tag, str) else ""
            steps: list[tuple[str, lxml.etree._Element | str]] = []
            if tag == "lb":
                steps.append(("text", _BR))
            elif tag in _BLOCK:
                steps.append(("flush", ""))
                if tag == "item":
                    steps.append(("text", _marker(item)))
            if item.text and tag != "graphic":
                steps.append(("text", item.text))
            steps += [("open", child) for child in item]
            if tag in _BLOCK:
                steps.append(("flush", ""))
            if item.tail and item is not body:
                steps.append(("text", item.tail))
            stack.extend(reversed(steps))
    flush()
    return blocks


def _marker(item: lxml.etree._Element) -> str:
    parent = item.getparent()
    if parent is None or parent.get("rend") not in ("ol",):
        return "- "
    return f"{[c for c in parent if c.tag == 'item'].index(item) + 1}. "


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORDS.findall(text)]


def _share(text_words: set[str], phrase: str | None) -> float | None:
    """How much of `phrase`'s vocabulary the text uses (None: no phrase to look for). A headline
    or a lede is often left out of the article's text, or reworded; a text about the same story
    still uses most of its words, another story's teaser does not."""
    words = set(_words(phrase or ""))
    if len(words) < 3:
        return None
    return len(words & text_words) / len(words)


def _visible_words(tree: lxml.html.HtmlElement) -> int:
    body = tree.find(".//body")
    return len(_WORDS.findall(" ".join((body if body is not None else tree).itertext())))


def _check(text: str, headline: str | None, lede: str | None, visible: int) -> list[str]:
    """What an editor should look at before quoting the text."""
    warnings: list[str] = []
    words = _words(text)
    shares = [x for x in (_share(set(words), headline), _share(set(words), lede)) if x is not None]
    if shares and max(shares) < 0.5:
        warnings.append(
            "the text holds neither the page's headline nor its lede: it may be another part of "
            "the page (a teaser, a comment, a box of related stories); compare it with the page"
        )
    if visible >= 300 and len(words) * 8 < visible:
        warnings.append(
            f"the text has {len(words)} words, the page shows {visible}: the article may be cut "
            "or the wrong part of the page; compare it with the page"
        )
    return warnings


#: As deep as a browser nests elements (Chromium's parser: 512); deeper ones are put in the
#: deepest, as it does, so that their text is kept and nothing recurses without bound.
MAX_DEPTH = 512
_NAME = regex.compile(r"[A-Za-z_][\w.-]*")
_HEAD = {"title", "meta", "link", "base", "style", "script", "noscript", "template"}


def _parse(html: str) -> lxml.html.HtmlElement:
    """The page as an lxml tree (what trafilatura reads), built from Python's own HTML parser:
    libxml2's drops what is nested deeper than 256 elements and puts an `<article>` that
    follows a `<meta>` into `<head>`, so a browser would show text that it loses."""
    soup = BeautifulSoup(html, "html.parser")
    if soup.find() is None:
        raise ReadError("this is not an HTML page: no elements found")
    root = lxml.html.Element("html")
    first = soup.find("html")
    if isinstance(first, Tag) and isinstance(first.get("lang"), str):
        root.set("lang", str(first["lang"]))
    head, body = lxml.etree.SubElement(root, "head"), lxml.etree.SubElement(root, "body")
    stack: list[tuple[PageElement, lxml.etree._Element, int]] = [
        (child, body, 1) for child in reversed(list(soup.children))
    ]
    while stack:
        node, parent, depth = stack.pop()
        if isinstance(node, (Comment, Doctype, Declaration, CData, ProcessingInstruction)):
            continue
        if isinstance(node, NavigableString):
            text = _XML_UNSAFE.sub(" ", str(node))
            last = parent[-1] if len(parent) else None
            if last is not None:
                last.tail = (last.tail or "") + text
            else:
                parent.text = (parent.text or "") + text
            continue
        if not isinstance(node, Tag):
            continue
        if node.name in ("html", "body", "head"):
            target, below = parent, depth
        else:
            home = head if node.name in _HEAD and parent is body and not len(body) else parent
            name = node.name if _NAME.fullmatch(node.name) else "span"
            target = lxml.etree.SubElement(home, name)
            for key, value in node.attrs.items():
                if _NAME.fullmatch(key) and ":" not in key:
                    joined = " ".join(value) if isinstance(value, list) else str(value)
                    with contextlib.suppress(ValueError):  # a value XML cannot hold
                        target.set(key, _XML_UNSAFE.sub("", joined))
            below = depth + 1
            if below > MAX_DEPTH:
                target, below = parent, depth
        stack.extend((child, target, below) for child in reversed(list(node.children)))
    return root


def extract(html: bytes | str, *, url: str | None = None, charset: str | None = None) -> Document:
    """The article text and metadata of a saved page; `ReadError` if there is no text.

    Bytes are decoded with `decode_page`, and how is said in the page's notes when the page's
    own declaration was not simply followed."""
    import htmldate
    import trafilatura

    notes: list[str] = []
    if isinstance(html, bytes):
        decoded = decode_page(html, charset)
        html = decoded.text
        if decoded.why:
            notes.append(f"read as {decoded.encoding}: {decoded.why}")
    html = _CONTROLS.sub("", html)
    tree = _parse(html)
    language = (tree.get("lang") or "").strip() or None
    site_name = _meta(tree, "og:site_name", "application-name")
    page_url = _page_url(tree, notes)
    lede = _meta(tree, "og:description", "description", "twitter:description")
    declared = _meta(tree, *_DATE_FIELDS)
    try:
        # What the page says of itself is read from all of it (JSON-LD is in scripts); the
        # date by htmldate from the page's own markup (its best score on the date benchmark).
        metadata = trafilatura.extract_metadata(copy.deepcopy(tree), default_url=url or page_url)
        date = _published(htmldate, html, url or page_url, declared, notes)
        _hide_invisible(tree)
        visible = _visible_words(tree)
        document = trafilatura.bare_extraction(
            tree, url=url or page_url, include_comments=False, include_tables=True
        )
    except (ValueError, TypeError, RecursionError, lxml.etree.LxmlError) as error:
        raise ReadError(f"the page could not be read: {type(error).__name__}") from error
    body = getattr(document, "body", None)
    blocks = _blocks(body) if body is not None else []
    text = canonical_str("\n\n".join(blocks))
    if not text.strip():
        raise ReadError(
            "no article text found in the page (only navigation, scripts or hidden elements)"
        )
    if "\ufffd" in text:
        replaced = text.count("\ufffd")
        notes.append(
            f"the text holds {replaced} replacement character{'s' * (replaced != 1)} (U+FFFD), "
            "where the page itself has invalid characters (as a browser shows it)"
        )
    title = clean_field(metadata.title)
    publisher = site_name or clean_field(metadata.sitename)
    if publisher and " " not in publisher and "." in publisher:
        publisher = None  # an address (trafilatura's last resort), not a name the page gives
    return Document(
        text=text + "\n",
        title=title,
        publisher=publisher,
        authors=_authors(tree, metadata.author, publisher),
        published=date,
        url=page_url,
        language=language,
        notes=notes,
        warnings=_check(text, title, lede, visible),
    )


def sentences(text: str) -> Iterator[str]:
    """The text's sentences, roughly (for showing the first and the last)."""
    for block in text.split("\n"):
        for part in regex.split(r"(?<=[.!?\u3002\uff01\uff1f\u061f\u0964])\s+", block.strip()):
            if part:
                yield part
