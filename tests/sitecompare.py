"""Comparing two builds of one site, page by page, parsed: the same addresses, titles,
headings, marked words, quotes, fidelity badges and sentences, links and ClaimReview, and the
same data files byte for byte (the export's and the engines' tests)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

#: Files each engine makes for its own theme and search; not the site's content.
ENGINE_FILES = ("assets/javascripts/", "assets/stylesheets/", "search/", "search.json", "sitemap")


def files(site: Path) -> set[str]:
    return {
        _named(p.relative_to(site).as_posix())
        for p in site.rglob("*")
        if p.is_file() and not p.relative_to(site).as_posix().startswith(ENGINE_FILES)
    }


#: Pagefind writes its filter chunks in a hash map's order, so their names (hashes of their
#: bytes) and the entry files naming them differ from one run to the next, even for the same
#: records; the words' index chunks and the results' fragments do not.
VARYING = re.compile(
    r"^(pagefind/filter/en_)[0-9a-f]+(\.pf_filter)$|^(pagefind/pagefind\.en_)[0-9a-f]+"
)


def _named(path: str) -> str:
    return VARYING.sub(lambda m: "".join(g for g in m.groups() if g) + "*", path)


def same_bytes(rel: str) -> bool:
    return "*" not in rel and rel != "pagefind/pagefind-entry.json"


def content(page: Path, *, drop_permalinks: bool = False) -> dict[str, Any]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None, page
    if drop_permalinks:  # Zensical adds a ¶ link to every Markdown heading
        for link in article.select("a.headerlink"):
            link.decompose()

    def texts(selector: str) -> list[str]:
        return [e.get_text() for e in article.select(selector)]

    return {
        "h1": texts("h1"),
        "marks": texts("mark"),
        "quotes": texts("blockquote"),
        "fidelity": texts(".fc-fidelity"),
        "sentence": texts(".fc-fidelity-summary"),
        "verdict": texts(".fc-verdict"),
        # (Zensical numbers the lines of code blocks with links of its own: not content)
        "links": [
            a.get("href")
            for a in article.select("a[href]")
            if not str(a.get("href")).startswith("#__codelineno")
        ],
        "json_ld": [
            json.loads(s.string or "") for s in soup.select('script[type="application/ld+json"]')
        ],
    }


def assert_same_site(built: Path, expected: Path) -> None:
    """`built` has the files of `expected`, and the same content, title and bytes: every page
    compared parsed, every other file (data, plain texts, assets, search index) byte for byte."""
    assert files(built) == files(expected)
    pages = sorted(f for f in files(expected) if f.endswith(".html"))
    assert len(pages) > 25
    for rel in pages:
        assert content(built / rel) == content(expected / rel), rel
        title = BeautifulSoup((built / rel).read_text("utf-8"), "html.parser").title
        wanted = BeautifulSoup((expected / rel).read_text("utf-8"), "html.parser").title
        assert title is not None and wanted is not None
        assert title.get_text() == wanted.get_text(), rel
    for rel in filter(same_bytes, files(expected) - set(pages)):
        assert (built / rel).read_bytes() == (expected / rel).read_bytes(), rel
