from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from hypothesis import settings

# CI must not fail on an example a run happened to draw and the next run would not: there,
# property tests draw the same examples every run. Elsewhere they explore anew each time.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


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
