"""Every generated page type as a reader sees it, in real Chromium at a phone's width and a
desktop's: nothing scrolls sideways, no word is broken, the lineage is there without
JavaScript, and axe-core (shipped by axe-playwright-python) finds no serious or critical
problem that the generator's templates or style sheet cause. Material's own findings are listed
in `MATERIAL` (docs/reference.md says why they are out of scope)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from layout import broken_words, lineage_problems
from playwright.sync_api import Browser, Page
from sitebuild import copy_example_site, mkdocs_build, serve

PAGES = (
    "",  # home, with the latest fact-checks
    "claims/",
    "claims/stoltenberg-china-challenge/",
    "sources/",
    "sources/reworded-copy/",
    # an imported fact-check: its related fact-checks, its original; a cited source's address
    "claims/factdesk-example-selon-mao-ning-porte-parole-de-la-diplomatie-2a5b0e/",
    "sources/factdesk-example-org-fr-2023-02-mao-ning-partenaire-2a5b0e/",
    "claimants/",
    "claimants/mao-ning/",
    "ratings/",
    "corrections/",
    "search/?q=nato",
)
#: axe-core findings caused by Material for MkDocs itself, not by the generator: its footer's
#: "Made with Material for MkDocs" line is lighter than AA contrast.
MATERIAL = {("color-contrast", ".md-copyright")}


def serious_of_ours(page: Page) -> list[tuple[str, Any, str]]:
    """What axe-core finds serious or critical on the page, but for Material's own findings."""
    found: Any = Axe().run(page).response["violations"]
    return [
        (v["id"], node["target"], v["help"])
        for v in found
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
        if (v["id"], node["target"][0]) not in MATERIAL
    ]


def _open(browser: Browser, url: str, width: int, javascript: bool = True) -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize("address", PAGES)
def test_pages_fit_and_break_no_word(
    browser: Browser, served: str, address: str, width: int
) -> None:
    page = _open(browser, served + address, width)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= width, address
        assert broken_words(page) == [], address
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("address", PAGES)
def test_axe_finds_nothing_serious_of_ours(
    browser: Browser, served: str, address: str, width: int
) -> None:
    page = _open(browser, served + address, width)
    try:
        assert serious_of_ours(page) == [], address
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_lineage_fits_and_no_text_of_it_overlaps(
    browser: Browser, served: str, width: int
) -> None:
    """At 1280 px the richest lineage of the example (six documents, three generations) was
    938 px wide in a 688 px column: the sixth was hidden until the reader scrolled."""
    page = _open(browser, served + "claims/stoltenberg-china-challenge/", width)
    try:
        assert lineage_problems(page) == []
    finally:
        page.context.close()


def test_the_lineage_and_indexes_work_without_javascript(browser: Browser, served: str) -> None:
    page = _open(browser, served + "claims/stoltenberg-china-challenge/", 390, javascript=False)
    try:
        assert page.locator("svg.fc-lineage--narrow").is_visible()
    finally:
        page.context.close()
    page = _open(browser, served + "claims/", 390, javascript=False)
    try:
        rows = page.locator("tr.fc-row")
        everything = sum(1 for i in range(rows.count()) if rows.nth(i).is_visible())
        page.locator("fieldset[data-filter=verdict] label", has_text="Misquoted").click()
        shown = sum(1 for i in range(rows.count()) if rows.nth(i).is_visible())
        assert 0 < shown < everything
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_filter_that_matches_nothing_says_so(browser: Browser, served: str, width: int) -> None:
    page = _open(browser, served + "claims/", width)
    try:
        empty = page.locator("[data-fc-empty]")
        assert not empty.is_visible()
        page.locator(".fc-index-search").fill("zzzz no such words")
        rows = page.locator("tr.fc-row")
        assert not any(rows.nth(i).is_visible() for i in range(rows.count()))  # on phones too
        assert empty.is_visible() and "No claim matches" in empty.inner_text()
        page.locator(".fc-index-search").fill("")
        assert not empty.is_visible()
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_an_address_naming_a_value_no_claim_has_lists_none_and_says_so(
    browser: Browser, served: str, width: int
) -> None:
    """A tag link or a verdict of the rating scale with no claim used to leave the filter on
    "All": every claim listed as though it matched."""
    page = _open(browser, served + "claims/?verdict=Accurate&tag=no-such-tag", width)
    try:
        rows = page.locator("tr.fc-row")
        assert rows.count() > 0
        assert not any(rows.nth(i).is_visible() for i in range(rows.count()))
        empty = page.locator("[data-fc-empty]")
        assert empty.is_visible() and empty.inner_text() == "No claim has “no-such-tag”."
        page.locator("fieldset[data-filter=tag] label", has_text="All").click()
        page.wait_for_function("() => !document.querySelector('.fc-index--absent')")
        visible = [rows.nth(i) for i in range(rows.count()) if rows.nth(i).is_visible()]
        assert visible and all("Accurate" in row.inner_text() for row in visible)
        assert not empty.is_visible()
        page.locator(".fc-index-search").fill("zzzz no such words")
        assert empty.is_visible() and "No claim matches" in empty.inner_text()
    finally:
        page.context.close()


def test_the_rating_scale_links_each_verdict_to_its_claims(browser: Browser, served: str) -> None:
    """They named the verdict's key (`?verdict=misquoted`) where the claims index filters by
    its label, and so listed every claim."""
    page = _open(browser, served + "ratings/", 1280)
    try:
        page.locator("dd", has_text="were changed").locator("a").click()
        page.wait_for_url("**/claims/?verdict=*")
        rows = page.locator("tr.fc-row")
        visible = [rows.nth(i) for i in range(rows.count()) if rows.nth(i).is_visible()]
        assert 0 < len(visible) < rows.count()
        verdicts = {row.locator(".fc-verdict").inner_text() for row in visible}
        assert len(verdicts) == 1
        checked = page.locator("fieldset[data-filter=verdict] input:checked")
        assert checked.get_attribute("value") == verdicts.pop()
    finally:
        page.context.close()


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site plus a claim quoted by ten sources, each one a copy, rewording or
    excerpt of the one before: a lineage ten generations deep, with long titles."""
    root = copy_example_site(tmp_path_factory.mktemp("many"))
    text = (root / "sources/citing-article.txt").read_text(encoding="utf-8")
    relations = ("copy", "reworded", "excerpt", "translation", "copy")
    spans = []
    for n in range(10):
        (root / f"sources/chain-{n}.txt").write_text(text, encoding="utf-8")
        derived = (
            f"derived_from:\n  - source: {'citing-article' if n == 0 else f'chain-{n - 1}'}\n"
            f"    relation: {relations[n % len(relations)]}\n"
        )
        (root / f"sources/chain-{n}.yml").write_text(
            f"title: A syndicated copy number {n} of the article, with an extraordinarily long "
            f"headline about military hardware and Internationalisation\n"
            f"publisher: Publisher {n}\nsnapshot: chain-{n}.txt\n{derived}",
            encoding="utf-8",
        )
        spans.append(f"      - source: chain-{n}\n")
    (root / "claims/many-sources.yml").write_text(
        "title: Kim Yo-jong on the indomitable fighting spirit, as ten sources print it\n"
        "claim: Kim Yo-jong spoke of the indomitable fighting spirit.\n"
        "claimant: Kim Yo-jong\nverdict: accurate\nsummary: Ten sources print the words.\n"
        "date: 2023-01-27\nquotes:\n  - text: the indomitable fighting spirit\n    spans:\n"
        "      - source: citing-article\n" + "".join(spans),
        encoding="utf-8",
    )
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    with serve(root / "site") as address:
        yield address


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_a_claim_with_many_sources_reads_at_any_width(
    browser: Browser, many: str, width: int
) -> None:
    page = _open(browser, many + "claims/many-sources/", width)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert broken_words(page) == []
        assert page.locator("svg.fc-lineage:visible g.fc-lin-node").count() == 11
        assert serious_of_ours(page) == []
    finally:
        page.context.close()
    sources = _open(browser, many + "sources/", width)
    try:
        assert sources.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        sources.context.close()
