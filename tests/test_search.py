"""Search, as a reader uses it: the example site built with its Pagefind index, served, and
searched in real headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, Request
from sitebuild import (
    PROJECT,
    SITE_URL,
    as_deployed,
    copy_example_site,
    mkdocs_build,
    serve,
    with_options,
)

#: Tags enough for the tag facet to be a file of its own (search.py's FACET_INLINE).
MANY_TAGS = [f"topic-{n:02d}" for n in range(12)]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example_site(tmp_path_factory.mktemp("search"))
    claim = root / "claims/stoltenberg-nato-agenda.yml"
    text = claim.read_text(encoding="utf-8")
    tags = "tags: [nato, china, stoltenberg, rewording]"
    assert tags in text
    claim.write_text(text.replace(tags, tags[:-1] + ", " + ", ".join(MANY_TAGS) + "]"), "utf-8")
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    return root / "site"


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with serve(site) as address:
        yield address


class Reader:
    """One reader's tab: every request and every script error it saw."""

    def __init__(self, browser: Browser, served: str, *, javascript: bool = True) -> None:
        self.context = browser.new_context(java_script_enabled=javascript)
        self.page: Page = self.context.new_page()
        as_deployed(self.page, served)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.pending: set[Request] = set()  # requests under way
        self.page.on("request", self._started)
        self.page.on("requestfinished", self._ended)
        self.page.on("requestfailed", self._ended)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.served = served

    def search(self, address: str) -> list[dict[str, str]]:
        """Open the search page at `address` and wait for its results, as shown."""
        self.page.goto(self.served + address)
        self.page.wait_for_function(
            "() => /\\d+ claim/.test(document.querySelector('[data-fc-status]').textContent)",
            timeout=15_000,
        )
        return self.shown()

    def shown(self) -> list[dict[str, str]]:
        return list(
            self.page.evaluate(
                """() => [...document.querySelectorAll('.fc-result')].map(li => ({
                    href: li.querySelector('a').getAttribute('href'),
                    title: li.querySelector('a').textContent,
                    verdict: (li.querySelector('.fc-verdict') || {}).textContent || '',
                    meta: li.querySelector('.fc-result__meta').textContent,
                    marks: [...li.querySelectorAll('mark')].map(m => m.textContent).join('|'),
                    section: li.closest('[data-fc-results]').dataset.fcResults,
                }))"""
            )
        )

    def _started(self, request: Request) -> None:
        self.requests.append(request.url)
        self.pending.add(request)

    def _ended(self, request: Request) -> None:
        self.pending.discard(request)

    def close(self) -> None:
        """Close the tab once nothing is loading: Pagefind starts a web worker after the first
        results, and closing while its script arrives made Chromium report the cut script as
        a page error ("Unexpected end of input", once in a CI run)."""
        deadline = time.monotonic() + 10
        while self.pending and time.monotonic() < deadline:
            self.page.wait_for_timeout(50)
        self.context.close()


@pytest.fixture
def reader(browser: Browser, served: str) -> Iterator[Reader]:
    tab = Reader(browser, served)
    yield tab
    tab.close()
    assert tab.errors == []
    # nothing from another site: no CDN, no font, no analytics (the site's own address,
    # which Material's script asks for a sitemap, is answered by the served site: as_deployed)
    outside = [u for u in tab.requests if not u.startswith((served, SITE_URL))]
    assert outside == []


def test_the_header_field_opens_the_search_and_a_quote_word_finds_its_claim_first(
    reader: Reader,
) -> None:
    page = reader.page
    page.goto(reader.served + "claims/stoltenberg-china-challenge/")
    assert not any("pagefind" in url for url in reader.requests)  # nothing loaded before typing
    page.locator("#fc-header-q").fill("indomitable")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=indomitable")
    page.wait_for_function(
        "() => /claim/.test(document.querySelector('[data-fc-status]').textContent)"
    )
    shown = reader.shown()
    assert shown[0]["section"] == "claim"
    assert shown[0]["href"].endswith("claims/kim-yo-jong-burnt-into-pieces/")
    assert shown[0]["marks"] == "indomitable"  # the word, marked in the quote
    assert shown[0]["verdict"] and "Kim Yo-jong" in shown[0]["meta"]
    # the source printing the same word comes after every claim
    sections = [item["section"] for item in shown]
    assert "source" in sections and sections == sorted(sections)  # "claim" < "source"
    status = page.locator("[role=status]").inner_text()
    assert status.startswith("1 claim and ") and "indomitable" in status
    page.wait_for_load_state("networkidle")
    # searched on the page: Pagefind's web worker is 41 KB of a first search's 300 KB budget
    assert not any(url.endswith("pagefind-worker.js") for url in reader.requests)


def test_a_claimant_s_name_and_a_tag_find_their_claims(reader: Reader) -> None:
    shown = reader.search("search/?q=Kim+Yo-jong")
    claims = [item for item in shown if item["section"] == "claim"]
    assert {c["href"].split("/")[-2] for c in claims[:2]} == {
        "kim-yo-jong-burnt-into-pieces",
        "kim-yo-jong-red-line",
    }
    assert all("Kim Yo-jong" in c["meta"] for c in claims[:2])
    shown = reader.search("search/?q=ukraine")
    claims = [item["href"].split("/")[-2] for item in shown if item["section"] == "claim"]
    tagged = {
        p.stem
        for p in (PROJECT / "claims").glob("*.yml")
        if "ukraine" in p.read_text(encoding="utf-8")
    }
    assert tagged and set(claims[: len(tagged)]) == tagged


def test_a_verdict_facet_narrows_the_results_and_the_address_keeps_it(reader: Reader) -> None:
    everything = reader.search("search/?q=NATO")
    claims = [item for item in everything if item["section"] == "claim"]
    assert len({c["verdict"] for c in claims}) > 1
    page = reader.page
    page.locator("[data-fc-facets] summary").click()
    page.get_by_role("checkbox", name="Misquoted").check()
    page.wait_for_url("**verdict=Misquoted**")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.fc-result .fc-verdict')]"
        ".every(b => b.textContent === 'Misquoted')"
    )
    narrowed = reader.shown()
    assert 0 < len(narrowed) < len(claims)
    assert {item["verdict"] for item in narrowed} == {"Misquoted"}
    assert all(item["section"] == "claim" for item in narrowed)  # sources have no verdict
    shared = page.url

    # the same address, opened again (as a shared link): the query, the facet and the results
    again = Reader(page.context.browser, reader.served)  # type: ignore[arg-type]
    try:
        restored = again.search(shared.removeprefix(reader.served))
        assert again.page.locator("#fc-q").input_value() == "NATO"
        assert again.page.get_by_role("checkbox", name="Misquoted").is_checked()
        assert restored == narrowed
    finally:
        again.close()
    assert again.errors == []


def test_a_long_facet_is_loaded_when_the_filters_open_and_from_a_shared_link(
    reader: Reader,
) -> None:
    page = reader.page
    page.goto(reader.served + "search/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in reader.requests if "/facets/" in url]  # not before it is wanted
    assert page.locator("fieldset[data-facet=tag] input").count() == 0
    page.locator("[data-fc-facets] summary").click()
    page.get_by_role("checkbox", name="topic-07").check()  # waits for the list to arrive
    assert [url for url in reader.requests if url.endswith("/facets/tag.json")]
    tags = page.evaluate("() => fetch('../assets/factcheck/facets/tag.json').then(r => r.json())")
    boxes = page.locator("fieldset[data-facet=tag] input")
    assert boxes.evaluate_all("all => all.map(b => b.value)") == [v for v, _ in tags]
    assert set(MANY_TAGS) <= {v for v, _ in tags}
    # a shared address with a value of the long facet: loaded first, then searched
    again = Reader(page.context.browser, reader.served)  # type: ignore[arg-type]
    try:
        shown = again.search("search/?q=NATO&tag=topic-07")
        assert again.page.get_by_role("checkbox", name="topic-07").is_checked()
        assert [item["href"].rstrip("/").rsplit("/", 1)[-1] for item in shown] == [
            "stoltenberg-nato-agenda"
        ]
    finally:
        again.close()
    assert again.errors == []


def test_sorting_by_date_said_within_a_facet(reader: Reader) -> None:
    shown = reader.search("search/?q=NATO&claimant=Mao+Ning&sort=said")
    assert shown and all("Mao Ning" in item["meta"] for item in shown)
    assert reader.page.locator("#fc-sort").input_value() == "said"
    dates = [item["meta"].rsplit("·", 1)[-1].strip() for item in shown]
    assert all(dates)
    # a facet without words lists nothing here (that would fetch the whole index): it says so
    reader.page.locator("#fc-q").fill("")
    reader.page.locator("#fc-q").press("Enter")
    reader.page.wait_for_function(
        "() => document.querySelector('[data-fc-status]').textContent.startsWith('Type words')"
    )
    assert reader.page.locator(".fc-result").count() == 0


def test_without_javascript_the_header_field_leads_to_the_claims_index(
    browser: Browser, served: str
) -> None:
    tab = Reader(browser, served, javascript=False)
    try:
        tab.page.goto(served)
        tab.page.locator("#fc-header-q").fill("NATO")
        tab.page.keyboard.press("Enter")
        tab.page.wait_for_url("**/claims/?q=NATO")
        assert tab.page.locator("tr.fc-row").count() > 0
        # and the search page says where to go
        tab.page.goto(served + "search/")
        note = tab.page.locator(".fc-note").first
        assert "claims index" in (note.text_content() or "")
    finally:
        tab.close()


def test_the_index_holds_claims_and_sources_only_and_material_s_index_is_gone(
    site: Path,
) -> None:
    assert not (site / "search" / "search_index.json").exists()
    assert (site / "pagefind" / "pagefind.js").is_file()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"]
    pages = entry["languages"]["en"]["page_count"]
    claims = len(list((PROJECT / "claims").glob("*.yml")))
    sources = len(list((PROJECT / "sources").glob("*.yml")))
    assert pages == claims + sources
    # the facets of the search page and of the claims index are the same ones
    search = BeautifulSoup((site / "search/index.html").read_text("utf-8"), "html.parser")
    index = BeautifulSoup((site / "claims/index.html").read_text("utf-8"), "html.parser")
    facets = [f["data-facet"] for f in search.select("fieldset[data-facet]")]
    filters = [f["data-filter"] for f in index.select("fieldset[data-filter]")]
    assert facets == filters == ["verdict", "fidelity", "claimant", "tag", "source", "year"]
    for key in facets:
        offered = [b["value"] for b in search.select(f"fieldset[data-facet={key}] input")]
        lazy = search.select_one(f"fieldset[data-facet={key}][data-fc-values]")
        if lazy is not None:  # a long facet: its values are a file of their own
            assert offered == []
            values = (site / "search" / lazy["data-fc-values"]).resolve().read_text("utf-8")
            offered = [value for value, _ in json.loads(values)]
        listed = [
            r["value"] for r in index.select(f"fieldset[data-filter={key}] input") if r["value"]
        ]
        assert offered == listed, key


EVIL_TITLE = '<img src=x onerror="window.pwned=1">Zebrafinch & <b>co</b>'


def test_hostile_text_in_a_claim_reaches_results_as_text(browser: Browser, tmp_path: Path) -> None:
    root = copy_example_site(tmp_path)
    claim = (root / "claims/mao-ning-no-threat.yml").read_text(encoding="utf-8")
    title = claim.splitlines()[0]
    assert title.startswith("title: ")
    claim = claim.replace(title, f"title: {json.dumps(EVIL_TITLE)}").replace(
        "claimant: Mao Ning", 'claimant: "<script>window.pwned=2</script>Mao Ning"'
    )
    (root / "claims/mao-ning-no-threat.yml").write_text(claim, encoding="utf-8")
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    with serve(root / "site") as address:
        tab = Reader(browser, address)
        try:
            shown = tab.search("search/?q=zebrafinch")
            assert shown[0]["title"] == EVIL_TITLE  # the very characters, shown as text
            assert "<script>window.pwned=2</script>Mao Ning" in shown[0]["meta"]
            assert tab.page.evaluate("window.pwned") is None
            hidden = ".fc-results img, .fc-results script, .fc-results b"
            assert tab.page.locator(hidden).count() == 0
        finally:
            tab.close()
    assert tab.errors == []


# -- a large archive: the index split in two (search.py, `search_recent`) ----------------------

RECENT = 6
#: A word only the oldest claim's summary holds (written there by `split_site`).
RARE = "zygomorphic"


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example_site(tmp_path_factory.mktemp("split"))
    _, older = _split_records()
    oldest = (
        root / "claims" / (_claim_id([u for u in older if u.startswith("/claims/")][-1]) + ".yml")
    )
    text = oldest.read_text(encoding="utf-8")
    head, body = text.split("summary: |\n", 1)
    indent = body[: len(body) - len(body.lstrip(" "))]
    oldest.write_text(f"{head}summary: |\n{indent}{RARE.title()}.\n{body}", encoding="utf-8")
    with_options(root, f"search_recent: {RECENT}")
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    return root / "site"


@pytest.fixture(scope="module")
def split_served(split_site: Path) -> Iterator[str]:
    with serve(split_site) as address:
        yield address


@pytest.fixture
def split_reader(browser: Browser, split_served: str) -> Iterator[Reader]:
    tab = Reader(browser, split_served)
    yield tab
    tab.close()
    assert tab.errors == []
    assert [url for url in tab.requests if not url.startswith(split_served)] == []


def _split_records() -> tuple[list[str], list[str]]:
    """The addresses of the newest records and of the others, as the build files them."""
    from generator.check import Layout, check_site
    from generator.link import link_site
    from generator.outputs.plan import SitePlan
    from generator.outputs.search import records, split
    from generator.ratings import DEFAULT_SCALE

    model = link_site(check_site(Layout.at(PROJECT)), DEFAULT_SCALE)
    newer, older = split(list(records(model, SitePlan(model).url)), RECENT)
    return [r.url for r in newer], [r.url for r in older]


def test_a_large_archive_has_an_index_of_its_newest_records_and_one_of_the_others(
    split_site: Path,
) -> None:
    def pages(bundle: Path) -> int:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return int(entry["languages"]["en"]["page_count"])

    newer, older = _split_records()
    assert pages(split_site / "pagefind") == len(newer) == RECENT
    assert pages(split_site / "pagefind/older") == len(older) > 0
    search = BeautifulSoup((split_site / "search/index.html").read_text("utf-8"), "html.parser")
    scope = search.select_one("[data-fc-scope]")
    assert scope is not None and scope["data-fc-older"] == "../pagefind/older/"
    total = len(newer) + len(older)
    assert f"newest {RECENT} of the {total} claims and sources" in scope.get_text()


def test_a_first_search_covers_the_newest_and_the_reader_widens_it_to_all(
    split_reader: Reader,
) -> None:
    shown = split_reader.search("search/?q=NATO")
    assert not any("/pagefind/older/" in url for url in split_reader.requests)
    scope = split_reader.page.locator("[data-fc-scope]")
    assert scope.is_visible()
    newer, _ = _split_records()
    assert {item["href"].split("/")[-2] for item in shown} <= {u.split("/")[-2] for u in newer}
    before = split_reader.page.locator("[data-fc-status]").text_content()
    scope.locator("button").click()
    split_reader.page.wait_for_function(
        "before => document.querySelector('[data-fc-status]').textContent !== before"
        " && !/…/.test(document.querySelector('[data-fc-status]').textContent)",
        arg=before,
    )
    assert any("/pagefind/older/" in url for url in split_reader.requests)
    assert not scope.is_visible()
    for more in split_reader.page.locator("[data-fc-more]").all():
        while more.is_visible():
            more.click()
            split_reader.page.wait_for_timeout(200)
    wide = split_reader.shown()
    assert len(wide) > len(shown)
    assert {item["href"] for item in shown} <= {item["href"] for item in wide}


def test_sorted_by_date_the_two_indexes_results_are_one_list_newest_first(
    split_reader: Reader,
) -> None:
    split_reader.search("search/?q=NATO&sort=said")
    split_reader.page.locator("[data-fc-widen]").click()
    split_reader.page.wait_for_function(
        "() => document.querySelector('[data-fc-scope]').hidden"
        " && /\\d+ claim/.test(document.querySelector('[data-fc-status]').textContent)"
    )
    more = split_reader.page.locator("[data-fc-results=claim] [data-fc-more]")
    while more.is_visible():
        more.click()
        split_reader.page.wait_for_timeout(200)
    dates = split_reader.page.evaluate(
        "() => [...document.querySelectorAll('[data-fc-results=claim] .fc-result')]"
        ".map(li => (li.querySelector('time') || {}).dateTime || '')"
    )
    assert len(dates) > RECENT // 2
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates[: len(dated)] == dated  # undated claims last


def _claim_id(url: str) -> str:
    return url.rstrip("/").split("/")[-1]


def test_a_search_the_newest_records_cannot_answer_searches_them_all(
    split_reader: Reader,
) -> None:
    _, older = _split_records()
    oldest = _claim_id([u for u in older if u.startswith("/claims/")][-1])
    shown = split_reader.search(f"search/?q={RARE}")
    assert [_claim_id(item["href"]) for item in shown] == [oldest]
    assert any("/pagefind/older/" in url for url in split_reader.requests)
    assert not split_reader.page.locator("[data-fc-scope]").is_visible()
