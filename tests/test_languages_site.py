# ruff: noqa: RUF001 - text in Cyrillic and other scripts, on purpose
"""The example site built in Arabic and in Hindi (SPEC §10), read as a reader would: every page
type in the site's language with no English word of the generator left (the test lists what
the English catalog would have written), laid out in the site's direction, text from claims
and sources marked with its own language, and in Chromium at 390 and 1280 px nothing scrolling
sideways and nothing serious for axe-core."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from layout import broken_words, lineage_problems
from playwright.sync_api import Browser, Page
from sitebuild import copy_example_site, mkdocs_build, page, serve
from test_reader_pages import PAGES, serious_of_ours

from generator.i18n import LOCALE_DIR

PLACEHOLDER = re.compile(r"%\(\w+\)s")
#: Words the pages print in any language: the tool's own names.
NAMES = {"SHA-256", "JavaScript", "mkdocs build --strict"}


def _english_phrases() -> set[str]:
    """Every piece of text the English catalog writes, cut at its placeholders: a piece of two
    words or more, or a single word of six letters or more, is English only the generator
    writes (shorter single words, such as "Tag" or "Date", could be a claim's own)."""
    with (LOCALE_DIR / "messages.pot").open("rb") as stream:
        catalog = read_po(stream)
    phrases: set[str] = set()
    for message in catalog:
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            for piece in PLACEHOLDER.split(text):
                piece = piece.strip(" .,:;“”()")
                if piece in NAMES:
                    continue
                if len(piece.split()) >= 2 or (piece.isalpha() and len(piece) >= 6):
                    phrases.add(piece)
    return phrases


ENGLISH = _english_phrases()


def _build(tmp_path: Path, language: str) -> Path:
    root = copy_example_site(tmp_path)
    os.environ["SITE_LANGUAGE"] = language
    try:
        built = mkdocs_build(root)
    finally:
        del os.environ["SITE_LANGUAGE"]
    assert built.returncode == 0, built.stderr
    return root / "site"


@pytest.fixture(scope="module", params=["ar", "hi"])
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    language = str(request.param)
    return language, _build(tmp_path_factory.mktemp(f"site-{language}"), language)


def _generator_text(soup: BeautifulSoup, language: str) -> str:
    """The article's text that the generator wrote: without text of another language (claims'
    and sources' own words carry their lang), code, and the site's own hand-written pages."""
    article = soup.select_one("article")
    assert article is not None
    for element in article.select("[lang]"):
        if not str(element["lang"]).startswith(language):
            element.decompose()
    for element in article.select("code, pre, svg, bdi"):  # bdi: a value from the content
        element.decompose()
    return " ".join(article.get_text(" ").split())


GENERATED = [p for p in PAGES if p and not p.startswith("search/?")] + ["search/"]


@pytest.mark.slow
@pytest.mark.parametrize("address", GENERATED)
def test_no_english_word_of_the_generator_is_left(built: tuple[str, Path], address: str) -> None:
    language, site = built
    soup = page(site, address)
    html, body = soup.select_one("html"), soup.select_one("body")
    assert html is not None and html.get("lang") == language
    assert body is not None and body.get("dir") == ("rtl" if language == "ar" else "ltr")
    text = _generator_text(soup, language)
    left = sorted(phrase for phrase in ENGLISH if phrase in text)
    assert left == [], (address, left)
    assert len(text) > 20


#: Text of the data inside plain text (an SVG's title and description): first-strong isolates.
_ISOLATED = re.compile("\u2068[^\u2069]*\u2069")
#: A comma or semicolon between two digits belongs to a number, not to a sentence.
_IN_NUMBER = re.compile(r"(?<=\d)[,;](?=\d)")


@pytest.mark.slow
@pytest.mark.parametrize("built", ["ar"], indirect=True)
def test_arabic_sentences_hold_no_ascii_comma_or_semicolon(built: tuple[str, Path]) -> None:
    """Every sentence and list the generator composes takes its punctuation from the catalog
    (Arabic writes "،" and "؛"); the data inside is isolated and marked with its language, so
    what is left of a page once the data is taken out is the site's own words."""
    language, site = built
    generated = ("claims", "sources", "claimants", "ratings", "corrections", "search")
    pages = [p for p in site.glob("**/index.html") if p.relative_to(site).parts[0] in generated]
    assert len(pages) > 30
    found = []
    for path in sorted(pages):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article")
        assert article is not None
        for element in article.select("[lang]"):
            if not str(element["lang"]).startswith(language):
                element.decompose()
        # code, values isolated in a sentence, and the editors' notes on a source (their own
        # words, in whatever language they wrote them)
        for element in article.select("code, pre, bdi, .fc-notes, .md-content__button"):
            element.decompose()
        text = _IN_NUMBER.sub("", _ISOLATED.sub("", article.get_text(" ")))
        for match in re.finditer(r"[,;]", text):
            where = " ".join(text[max(0, match.start() - 30) : match.end() + 30].split())
            found.append((str(path.relative_to(site)), where))
    assert found == []


@pytest.mark.slow
def test_text_from_claims_and_sources_keeps_its_language(built: tuple[str, Path]) -> None:
    _, site = built
    claim = page(site, "claims/stoltenberg-china-challenge/")
    title = claim.select_one("h1#claim-title")
    assert title is not None and title["lang"] == "en" and title["dir"] == "auto"
    for excerpt in claim.select(".fc-excerpt"):
        assert excerpt["lang"] == "en" and excerpt["dir"] == "auto"
    for quote in claim.select("blockquote.fc-quote"):
        assert quote.get("lang") == "en"
    source = page(site, "sources/reworded-copy/")
    assert source.select_one(".fc-text[lang=en][dir=auto]") is not None
    translated = page(site, "claims/kim-yo-jong-red-line/")
    original = translated.select_one("blockquote.fc-quote--original")
    assert original is not None and original["lang"] == "ko"
    assert "붉은 선" in original.get_text()


@pytest.mark.slow
def test_the_lineage_reads_in_the_sites_direction(built: tuple[str, Path]) -> None:
    """Right to left, the first document is drawn on the right, the site's words read right
    to left and a source's words in their own direction (English titles left to right, their
    punctuation where their words put it), marked with their language."""
    language, site = built
    claim = page(site, "claims/stoltenberg-china-challenge/")
    wide = claim.select_one("svg.fc-lineage--wide")
    assert wide is not None
    first, second = (float(r["x"]) for r in wide.select("g.fc-lin-node rect")[:2])
    assert (first > second) if language == "ar" else (first < second)
    site_direction = "rtl" if language == "ar" else "ltr"
    for text in wide.select("g.fc-lin-node text"):
        if text.has_attr("lang"):
            assert (text["lang"], text["direction"]) == ("en", "ltr")
            assert text["text-anchor"] == ("end" if language == "ar" else "start")
        else:
            assert text["direction"] == site_direction
    desc = wide.select_one("desc")
    assert desc is not None and "\u2068As NATO Reaches Out" in desc.get_text()


@pytest.fixture(scope="module")
def served_ar(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(_build(tmp_path_factory.mktemp("served-ar"), "ar")) as address:
        yield address


@pytest.fixture(scope="module")
def served_hi(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(_build(tmp_path_factory.mktemp("served-hi"), "hi")) as address:
        yield address


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("address", PAGES)
@pytest.mark.parametrize("language", ["ar", "hi"])
def test_every_page_reads_in_chromium(
    browser: Browser,
    request: pytest.FixtureRequest,
    language: str,
    address: str,
    width: int,
) -> None:
    base = request.getfixturevalue(f"served_{language}")
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    tab.goto(base + address)
    tab.wait_for_load_state("networkidle")
    assert tab.evaluate("getComputedStyle(document.querySelector('article')).direction") == (
        "rtl" if language == "ar" else "ltr"
    )
    overflow = tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, (language, address, width, overflow)
    assert serious_of_ours(tab) == [], (language, address, width)
    assert broken_words(tab) == [], (language, address, width)
    if address.startswith("claims/stoltenberg"):
        assert lineage_problems(tab) == [], (language, width)
    if language == "ar" and address.startswith("claims/stoltenberg"):
        # the generator's blocks start on the right, like Material's: the facts' labels, the
        # list of spans, the timeline and the provenance facts (each item's first words)
        for selector in (
            ".fc-facts dt",
            ".fc-spans > li .fc-fidelity",
            ".fc-timeline > li",
            ".fc-provenance-facts > li",
        ):
            gaps = tab.evaluate(
                """(selector) => { const e = document.querySelector(selector);
                     const range = document.createRange(); range.selectNodeContents(e);
                     const rects = [...range.getClientRects()].filter(r => r.width > 0);
                     const top = Math.min(...rects.map(r => r.top));
                     const line = rects.filter(r => r.top < top + 2);
                     const right = Math.max(...line.map(r => r.right));
                     const left = Math.min(...line.map(r => r.left));
                     const a = document.querySelector('article').getBoundingClientRect();
                     return [a.right - right, left - a.left]; }""",
                selector,
            )
            assert gaps[0] <= 40, (selector, gaps)  # at the right, a list's indent at most
    context.close()


# -- search in every script -------------------------------------------------------------------

SCRIPTS = {  # language: (title, quote, a word a reader searches for)
    "ar": ("الوزير يتحدث عن الاقتصاد", "الاقتصاد الوطني قوي ومستقر", "الاقتصاد"),
    "hi": ("मंत्री ने अर्थव्यवस्था पर कहा", "देश की अर्थव्यवस्था मजबूत है", "अर्थव्यवस्था"),
    "ru": ("Министр об экономике страны", "экономика страны сильна", "экономика"),
    "zh": ("部长谈国家经济", "国家经济很强", "经济"),
}
OTHER = {  # decoys on other topics: the searched word is in none of them
    "ar": ("الوزير يتحدث عن الطقس", "الطقس اليوم جميل"),
    "hi": ("मंत्री ने मौसम पर कहा", "आज मौसम अच्छा है"),
    "ru": ("Министр о погоде", "погода сегодня хорошая"),
    "zh": ("部长谈天气", "今天天气很好"),
}


@pytest.fixture(scope="module")
def served_scripts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site in English whose claims and sources are in Arabic, Hindi, Russian and Chinese."""
    from sitebuild import MKDOCS_YML

    root = tmp_path_factory.mktemp("scripts")
    (root / "claims").mkdir()
    (root / "sources").mkdir()
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    for language, rows in (("", SCRIPTS), ("-other", OTHER)):
        for code, (title, quote, *_) in rows.items():
            name = f"{code}{language}"
            (root / "sources" / f"{name}.yml").write_text(
                f"title: {title}\nlanguage: {code}\nsnapshot: {name}.txt\n", encoding="utf-8"
            )
            (root / "sources" / f"{name}.txt").write_text(f"{quote}\n", encoding="utf-8")
            (root / "claims" / f"{name}.yml").write_text(
                f"title: {title}\nclaim: {quote}\nclaimant: X {name}\nlanguage: {code}\n"
                f"verdict: accurate\nsummary: {quote}\nquotes:\n  - text: {quote}\n"
                f"    spans:\n      - source: {name}\n",
                encoding="utf-8",
            )
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    with serve(root / "site") as address:
        yield address


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_a_word_in_any_script_finds_its_claim_first(
    browser: Browser, served_scripts: str, language: str
) -> None:
    word = SCRIPTS[language][2]
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(served_scripts + "search/?q=" + word)
    tab.wait_for_function(
        "() => /\\d+ claim/.test(document.querySelector('[data-fc-status]').textContent)",
        timeout=15_000,
    )
    hrefs = tab.evaluate(
        "() => [...document.querySelectorAll('[data-fc-results=claim] .fc-result a')]"
        ".map(a => a.getAttribute('href'))"
    )
    assert hrefs and hrefs[0].endswith(f"claims/{language}/"), (language, hrefs)
    assert not any(h.endswith(f"claims/{language}-other/") for h in hrefs)
    context.close()


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "fr", "es", "pt", "de"])
def test_the_example_builds_in_every_shipped_language(tmp_path: Path, language: str) -> None:
    """(Arabic and Hindi are read page by page above.)"""
    from generator.i18n import Language

    site = _build(tmp_path, language)
    claim = page(site, "claims/stoltenberg-china-challenge/")
    heading = claim.select_one("h2#quotes")
    words = Language(language)
    assert heading is not None and heading.get_text() == words.gettext(
        "The words, source by source"
    )
    text = _generator_text(claim, language)
    if language != "en":
        assert "The words, source by source" not in text and "Verbatim" not in text
    said = claim.select_one(".fc-facts time")
    assert said is not None and said.get_text() == words.date(
        dt.date.fromisoformat(str(said["datetime"]))
    )


def _results_read_in_their_own_direction(tab: Page, expected: str) -> list[Any]:
    """What is wrong with the search results on the page: a title, quote or name not marked
    with its language and isolated, laid out in another direction than `expected` (its last
    character not at the end of its line: an English title's closing quote mark jumped to the
    left on an Arabic page), or a separator with nothing on one side of it."""
    return list(
        tab.evaluate(
            """(expected) => {
              const out = [];
              const results = [...document.querySelectorAll('.fc-result')];
              if (!results.length) return ['no results'];
              const range = document.createRange();
              for (const result of results) {
                const own = [...result.querySelectorAll(
                  '.fc-result__title a, .fc-result__quote, .fc-result__claimant')];
                for (const e of own) {
                  if (!e.lang || e.dir !== 'auto') out.push(['not marked', e.textContent]);
                  const named = e.classList.contains('fc-result__claimant');  // "X ar": Latin
                  if (!named && getComputedStyle(e).direction !== expected)
                    out.push(['direction', e.textContent]);
                }
                const link = result.querySelector('.fc-result__title a');
                const text = link.firstChild;
                range.setStart(text, text.length - 1); range.setEnd(text, text.length);
                const last = range.getBoundingClientRect();
                range.selectNodeContents(link);
                const line = [...range.getClientRects()]
                  .filter(r => Math.abs(r.top - last.top) < 2);
                const end = expected === 'ltr'
                  ? Math.max(...line.map(r => r.right)) - last.right
                  : last.left - Math.min(...line.map(r => r.left));
                if (end > 1) out.push(['last character not at the end', link.textContent, end]);
                const meta = result.querySelector('.fc-result__meta').textContent.trim();
                if (meta.startsWith('·') || meta.endsWith('·') || meta.includes('·  ·'))
                  out.push(['dangling separator', meta]);
                for (const part of result.querySelectorAll('.fc-result__meta > *'))
                  if (part.tagName !== 'BDI') out.push(['not isolated', part.outerHTML]);
              }
              return out;
            }""",
            expected,
        )
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_search_results_of_english_data_on_an_arabic_page(
    browser: Browser, served_ar: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    tab.goto(served_ar + "search/?q=NATO")
    tab.wait_for_function(
        "() => document.querySelectorAll('[data-fc-results=source] .fc-result').length > 0",
        timeout=15_000,
    )
    tab.wait_for_load_state("networkidle")
    assert _results_read_in_their_own_direction(tab, "ltr") == []
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_search_results_of_arabic_data_on_an_english_page(
    browser: Browser, served_scripts: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    tab.goto(served_scripts + "search/?q=" + SCRIPTS["ar"][2])
    tab.wait_for_function(
        "() => document.querySelectorAll('[data-fc-results=source] .fc-result').length > 0",
        timeout=15_000,
    )
    tab.wait_for_load_state("networkidle")
    assert _results_read_in_their_own_direction(tab, "rtl") == []
    context.close()
