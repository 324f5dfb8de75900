"""A reader's path through the built example site in real headless Chromium (Debian's package).

`make test` installs Chromium when it is missing; the test drives it with Playwright's Python
package and `executable_path`, so no browser is downloaded.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, sync_playwright
from sitebuild import copy_example_site, mkdocs_build

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_example_site(tmp_path_factory.mktemp("browser"))
    assert mkdocs_build(root).returncode == 0
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_reader_goes_from_home_to_a_claim_and_finds_it_by_search(served: str) -> None:
    assert Path(CHROMIUM).exists(), "make test installs Debian's chromium package"
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()

            def console(message: ConsoleMessage) -> None:
                if message.type == "error":
                    errors.append(message.text)

            page.on("console", console)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(served)
            assert "Fact-checks of quotations" in page.locator("h1").first.inner_text()

            page.locator("nav.md-nav--primary").get_by_role("link", name="Claims").click()
            page.wait_for_url("**/claims/")
            rows = page.locator("tr.fc-row")
            assert rows.count() == 13
            # the verdict filter hides the rows that do not match, and keeps it in the address
            page.locator("fieldset[data-filter=verdict] label", has_text="Misquoted").click()
            assert page.locator("tr.fc-row:visible").count() == 2
            assert "verdict=Misquoted" in page.url
            page.locator("label[for=fc-verdict--all]").click()

            page.get_by_role("link", name="Stoltenberg: China poses a challenge").first.click()
            page.wait_for_url("**/claims/stoltenberg-china-challenge/")
            marks = page.locator(".fc-excerpt mark")
            assert marks.first.is_visible()
            assert marks.nth(1).inner_text() == (
                "China poses a problem to our values, to our pursuits and to our safety"
            )

            page.locator("#fc-header-q").fill("Chilly Warfare")
            page.locator("#fc-header-q").press("Enter")
            page.wait_for_url("**/search/?q=Chilly+Warfare")
            result = page.locator(".fc-result a", has_text="Chilly Warfare")
            result.first.wait_for(timeout=15_000)
            result.first.click()
            page.wait_for_url("**/claims/mao-ning-chilly-warfare/**")
            assert "Chilly Warfare" in page.locator(".fc-excerpt mark").first.inner_text()
        finally:
            browser.close()
    assert errors == []


def test_lineage_diagram_renders_from_the_site_itself(served: str) -> None:
    errors: list[str] = []
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on(
                "request", lambda r: None if r.url.startswith(served) else outside.append(r.url)
            )
            page.goto(served + "claims/stoltenberg-china-challenge/")
            # Material draws the diagram into a closed shadow root: its box grows when drawn
            page.wait_for_function(
                "() => { const d = document.querySelector('div.mermaid');"
                " return d && d.getBoundingClientRect().height > 100 }",
                timeout=20_000,
            )
            # the same diagram source, drawn by the site's own Mermaid, names every node
            code = page.evaluate(
                "fetch(location.href).then(r => r.text()).then(html => new DOMParser()"
                ".parseFromString(html, 'text/html').querySelector('pre.mermaid code').textContent)"
            )
            svg = page.evaluate("code => mermaid.render('probe', code).then(r => r.svg)", code)
            for label in ("reworded", "cites", "verbatim", "altered", "unchecked"):
                assert label in svg, label
            assert "#ffd6d2" in svg  # altered nodes are drawn red
        finally:
            browser.close()
    assert errors == []
    assert outside == []  # nothing fetched from elsewhere: no CDN
