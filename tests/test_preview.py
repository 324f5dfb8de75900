"""The editor's loop in a real browser: `python -m generator preview claims/x.yml`, break the
claim, see its problems at its address, fix it, see the claim, without touching the browser."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SiteMaker
from playwright.sync_api import Browser
from sitebuild import MKDOCS_YML, PROJECT, mkdocs_build, run_generator, serve
from test_plugin import GOOD_CLAIM, PLAIN_SOURCE, TEXT
from test_serve import _free_port, _get, _wait_for

OTHER = GOOD_CLAIM.replace("title: Good", "title: Other")
SITE = {
    "mkdocs.yml": MKDOCS_YML,
    "docs/index.md": "# Home\n\n{{ factcheck.claims }} claims.\n",
    "sources/s.yml": PLAIN_SOURCE,
    "sources/s.txt": TEXT,
    "claims/good.yml": GOOD_CLAIM,
    "claims/other.yml": OTHER,
}


@contextlib.contextmanager
def previewing(root: Path, *paths: str) -> Iterator[tuple[str, Path]]:
    """`python -m generator preview PATHS` on `root`: its address and its log, stopped after."""
    port = _free_port()
    log_path = root.parent / "preview.log"
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator",
                "preview",
                *paths,
                "--dev-addr",
                f"127.0.0.1:{port}",
            ],
            cwd=root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield f"http://127.0.0.1:{port}", log_path
        finally:
            server.terminate()
            server.wait(timeout=20)


def _save(path: Path, text: str) -> None:
    """Save as an editor does; the new modification time must differ from the last one."""
    time.sleep(0.05)
    path.write_text(text.lstrip("\n"), encoding="utf-8")


def test_breaking_and_fixing_a_claim_while_previewing(
    make_site: SiteMaker, browser: Browser
) -> None:
    root = make_site(SITE)
    claim = root / "claims/good.yml"
    with previewing(root, "claims/good.yml") as (address, log):
        url = f"{address}/claims/good/"
        assert _wait_for(url, 'data-claim="good"'), log.read_text()
        tab = browser.new_page()
        tab.goto(url)
        assert tab.locator("h1").inner_text() == "Good"
        # Break it: the open page turns into the list of problems by itself.
        _save(claim, GOOD_CLAIM.replace("verdict: accurate", "verdict: acurate"))
        tab.wait_for_selector("h1[data-problems='claim:good']", timeout=30_000)
        printed = tab.locator(".fc-problem__printed").first.inner_text()
        assert printed.startswith("claims/good.yml:4:10: error: unknown-verdict:"), printed
        assert "hint: did you mean 'accurate'?" in printed
        here = tab.locator(".fc-problem__line--here").first.inner_text()
        assert here.endswith("verdict: acurate")
        # A change in the source's snapshot rebuilds too (the quote no longer there).
        _save(claim, GOOD_CLAIM)
        tab.wait_for_selector("h1#claim-title", timeout=30_000)
        _save(root / "sources/s.txt", TEXT.replace("challenge", "problem"))
        tab.wait_for_selector("h1[data-problems='claim:good']", timeout=30_000)
        assert "not-found" in tab.locator(".fc-problem__printed").first.inner_text()
        # Fix it: the claim is back, with no problem listed anywhere.
        _save(root / "sources/s.txt", TEXT)
        tab.wait_for_selector("h1#claim-title", timeout=30_000)
        assert tab.locator("h1").inner_text() == "Good"
        assert tab.locator(".fc-problems").count() == 0
        tab.goto(f"{address}/claims/")
        assert tab.locator("[data-broken]").count() == 0
        assert tab.locator(".fc-row").count() == 1  # the preview holds this claim only
        tab.close()
        assert "Traceback" not in log.read_text()


def test_serve_shows_problem_pages_and_the_index_marks_broken_claims(
    make_site: SiteMaker,
) -> None:
    """Plain `mkdocs serve` (the whole site) shows problem pages too: they are a preview's."""
    from test_serve import _serving

    root = make_site(SITE)
    (root / "claims/broken.yml").write_text(OTHER.replace("verdict: accurate", "verdict: no"))
    with _serving(root) as (address, _, log):
        assert _wait_for(f"{address}/claims/broken/", "Problems in claims/broken.yml"), (
            log.read_text()
        )
        index = _get(f"{address}/claims/")
        assert index is not None and 'data-broken="claim:broken"' in index
        assert index.count('class="fc-row"') == 2  # the whole site: good and other


def test_preview_refuses_what_is_not_a_claim_of_the_site(make_site: SiteMaker) -> None:
    root = make_site(SITE)
    missing = run_generator(root, "preview", "claims/nope.yml")
    assert missing.returncode == 2
    assert missing.stderr.strip() == "error: claims/nope.yml: no such file"
    (root / "notes.yml").write_text("x: 1\n")
    other = run_generator(root, "preview", "notes.yml")
    assert other.returncode == 2 and "not a claim or source file" in other.stderr


@pytest.mark.parametrize("width", [320, 1280])
def test_problem_pages_fit_a_phone_and_pass_axe(
    make_site: SiteMaker, browser: Browser, width: int
) -> None:
    """The problem page and the claims index's list: no sideways scrolling of the page (a long
    line scrolls inside its block) and nothing serious for axe-core."""
    from test_problem_pages import ALWAYS, BROKEN
    from test_reader_pages import serious_of_ours

    long_line = BROKEN.replace("claim: c", "claim: " + "word " * 80)
    root = make_site({**SITE, "mkdocs.yml": ALWAYS, "claims/broken.yml": long_line})
    assert mkdocs_build(root, strict=False).returncode == 0
    with serve(root / "site") as address:
        for url in ("claims/broken/", "claims/"):
            context = browser.new_context(viewport={"width": width, "height": 800})
            tab = context.new_page()
            tab.goto(address + url)
            try:
                assert tab.evaluate("document.documentElement.scrollWidth") <= width, url
                assert serious_of_ours(tab) == [], url
            finally:
                context.close()
