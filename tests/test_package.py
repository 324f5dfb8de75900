"""The package alone gives a working plugin: a wheel built from a clean copy of the project
(only the files git tracks), unpacked and put first on the path, builds the example site with
everything it serves (style, script, the header's search form, the search index)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sitebuild import PROJECT, copy_example_site, page

pytestmark = pytest.mark.slow


def test_a_wheel_from_a_clean_checkout_is_a_working_plugin(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, tracked):
        source = PROJECT / name.decode()
        if source.is_file():
            (clean / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clean / name.decode())
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"),
            *("--no-build-isolation", "--disable-pip-version-check"),
            *("--wheel-dir", str(wheels), str(clean)),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("*.whl")
    installed = tmp_path / "installed"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(installed)
    for needed in (
        "generator/assets/factcheck.css",
        "generator/assets/factcheck.js",
        "generator/theme/partials/header.html",
        "generator/theme/partials/fc-search-form.html",
        "generator/templates/factcheck/search.html",
        "generator/schemas/claims.schema.json",
        "generator/locale/fr.po",
        "generator/locale/ar.po",
    ):
        assert needed in names, needed
    assert not any("mermaid" in n for n in names)

    (tmp_path / "site").mkdir()
    site = copy_example_site(tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": str(installed), "NO_MKDOCS_2_WARNING": "1"}
    which = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert which.stdout.startswith(str(installed)), which.stdout  # the wheel's, not the checkout
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    out = site / "site"
    assert (out / "pagefind" / "pagefind.js").is_file()
    assert (out / "assets/factcheck/factcheck.css").is_file()
    claim = page(out, "claims/stoltenberg-china-challenge/")
    assert claim.select_one("form.fc-header-search") is not None
    assert claim.select_one("svg.fc-lineage--wide") is not None
