"""A reader's path through the built example site in real headless Chromium (Debian's package).

`make test` installs Chromium when it is missing; the test drives it with Playwright's Python
package and `executable_path`, so no browser is downloaded.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, sync_playwright
from sitebuild import CHROMIUM as CHROMIUM_PATH
from sitebuild import CHROMIUM_ARGS, EXAMPLE_CLAIMS, as_deployed

CHROMIUM, ARGS = CHROMIUM_PATH, CHROMIUM_ARGS
pytestmark = pytest.mark.browser


def test_reader_goes_from_home_to_a_claim_and_finds_it_by_search(served: str) -> None:
    assert Path(CHROMIUM).exists(), "make test installs Debian's chromium package"
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            as_deployed(page, served)

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
            assert rows.count() == EXAMPLE_CLAIMS
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
            # Pagefind starts a web worker after its first results: leaving while its script
            # arrives would be reported as a cut script, which is no fault of the page.
            page.wait_for_load_state("networkidle")
            result.first.click()
            page.wait_for_url("**/claims/mao-ning-chilly-warfare/**")
            assert "Chilly Warfare" in page.locator(".fc-excerpt mark").first.inner_text()
        finally:
            browser.close()
    assert errors == []


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_lineage_diagram_is_legible_without_javascript_at_any_width(
    served: str, width: int
) -> None:
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(
                viewport={"width": width, "height": 800}, java_script_enabled=False
            )
            page = context.new_page()
            page.on(
                "request", lambda r: None if r.url.startswith(served) else outside.append(r.url)
            )
            page.goto(served + "claims/stoltenberg-china-challenge/")
            shown = page.locator("svg.fc-lineage:visible")
            assert shown.count() == 1  # one drawing for the width: columns, or rows on a phone
            kind = "narrow" if width < 720 else "wide"
            assert "fc-lineage--" + kind in (shown.get_attribute("class") or "")
            box = shown.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
            # the smallest text stays legible: drawn at 12 px or more once scaled to fit
            smallest = page.evaluate(
                """() => { const svg = [...document.querySelectorAll('svg.fc-lineage')]
                    .find(s => s.getBoundingClientRect().width > 0);
                  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                  return Math.min(...[...svg.querySelectorAll('text')].map(
                    t => parseFloat(getComputedStyle(t).fontSize) * scale)); }"""
            )
            assert smallest >= 11, smallest
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        finally:
            browser.close()
    assert outside == []  # nothing fetched from elsewhere: no CDN
