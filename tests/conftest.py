from __future__ import annotations

import os
import tempfile
import textwrap
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from hypothesis import settings
from playwright.sync_api import Browser, sync_playwright
from sitebuild import CHROMIUM, CHROMIUM_ARGS, copy_example_site, mkdocs_build, serve

# CI must not fail on an example a run happened to draw and the next run would not: there,
# property tests draw the same examples every run. Elsewhere they explore anew each time.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_configure(config: pytest.Config) -> None:
    # The checks' cache files (generator/cache.py) of the tests' sites go to a folder of this
    # run, for every build the tests start too: never the user's own cache.
    os.environ["FACTCHECK_CACHE"] = tempfile.mkdtemp(prefix="factcheck-cache-")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test given Chromium is a browser test: `make test-fast` leaves those out."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected problems of tests/cases/*.yml from what the checker reports",
    )


SiteMaker = Callable[[Mapping[str, str | bytes]], Path]


@pytest.fixture
def make_site(tmp_path: Path) -> SiteMaker:
    """Write a small site: {relative path: text (dedented) or bytes}; returns its root."""

    def make(files: Mapping[str, str | bytes]) -> Path:
        root = tmp_path / "site"
        (root / "claims").mkdir(parents=True, exist_ok=True)
        (root / "sources").mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return root

    return make


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site, built and served on 127.0.0.1 for the tests in Chromium."""
    root = copy_example_site(tmp_path_factory.mktemp("served"))
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    with serve(root / "site") as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright (which downloads no browser here)."""
    assert Path(CHROMIUM).exists(), "make test installs Debian's chromium package"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
