"""Building real sites in a temporary folder, and reading their pages back."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parent.parent
#: How many claims the example site has (its files in claims/).
EXAMPLE_CLAIMS = len(list((PROJECT / "claims").glob("*.yml")))

MKDOCS_YML = """
site_name: Test site
site_url: https://example.org/
theme:
  name: material
  font: false
plugins:
  - factcheck
nav:
  - Home: index.md
  - Claims: claims/index.md
  - Sources: sources/index.md
  - Claimants: claimants/index.md
  - Rating scale: ratings.md
  - Corrections: corrections.md
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
"""


def copy_example_site(into: Path) -> Path:
    """The project's own example site (mkdocs.yml, docs, claims, sources) in a new folder."""
    for name in ("mkdocs.yml",):
        shutil.copy(PROJECT / name, into / name)
    for folder in ("docs", "claims", "sources"):
        shutil.copytree(PROJECT / folder, into / folder)
    return into


def with_options(root: Path, *options: str) -> None:
    """Give the factcheck plugin of the example site copied to `root` more options (lines
    such as `claims_per_page: 4`)."""
    config = root / "mkdocs.yml"
    anchor = "      context: 160\n"
    text = config.read_text(encoding="utf-8")
    assert anchor in text
    added = "".join(f"      {option}\n" for option in options)
    config.write_text(text.replace(anchor, anchor + added), encoding="utf-8")


def run_generator(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` in the folder `root`, as an editor runs it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(PROJECT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def mkdocs_build(root: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(PROJECT)}
    args = [sys.executable, "-m", "mkdocs", "build", "--site-dir", "site"]
    if strict:
        args.append("--strict")
    return subprocess.run(
        args, cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def page(site: Path, url: str) -> BeautifulSoup:
    """The parsed page at a site-relative URL such as `claims/x/`."""
    path = site / unquote(url)
    if url.endswith("/") or not url:
        path = path / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(soup: BeautifulSoup) -> BeautifulSoup:
    """The page's main content (Material's `article` element)."""
    found = soup.select_one("article.md-content__inner")
    assert found is not None
    return found  # type: ignore[return-value]


def resolve_link(site: Path, from_url: str, href: str) -> tuple[Path, str]:
    """The file a relative link points at, and its fragment."""
    parts = urlsplit(href)
    base = from_url if from_url.endswith("/") or not from_url else from_url.rsplit("/", 1)[0] + "/"
    target = os.path.normpath(os.path.join(base, unquote(parts.path))) if parts.path else from_url
    path = site / target
    if href.endswith("/") or parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, parts.fragment


#: Debian's Chromium, which `make test` installs; Playwright drives it and downloads no browser.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """A built site served on 127.0.0.1 while the block runs; yields its address."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


#: The example site's own address (its mkdocs.yml's `site_url`).
SITE_URL = "https://factcheck.example.org/"


def as_deployed(page: Any, served: str, site_url: str = SITE_URL) -> None:
    """Answer what a page asks of the site's own address (`site_url`) from the site served at
    `served`, as if it were deployed there: Material's script asks for the `sitemap.xml` beside
    every `<link rel="alternate">`, the oEmbed document's absolute address too."""

    def answer(route: Any) -> None:
        local = served + route.request.url.removeprefix(site_url)
        route.fulfill(response=route.fetch(url=local))

    page.route(f"{site_url}**", answer)
