"""The engines after Material's end of life: ProperDocs + MaterialX (in `.venv-materialx`, which
`make test` installs) build the example into the same site as MkDocs + Material, from their
command line and as a library; every command finds the configuration file as ProperDocs does;
a preview runs on the installed engine; a second search plugin is warned about; a package
installed without a theme says which extra to add."""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

import pytest
from sitebuild import PROJECT, copy_example_site, mkdocs_build, run_generator
from sitecompare import assert_same_site

from generator.engines import plugin as plugin_module
from generator.engines.mkdocs import FactcheckPlugin
from generator.engines.preview import installed_engine

pytestmark = pytest.mark.slow

MX_PYTHON = PROJECT / ".venv-materialx" / "bin" / "python"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _materialx_site(root: Path) -> Path:
    """The example with `properdocs.yml` naming MaterialX's theme, as `make site-materialx`."""
    mkdocs_yml = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  name: material\n" in mkdocs_yml
    config = root / "properdocs.yml"
    config.write_text(mkdocs_yml.replace("\n  name: material\n", "\n  name: materialx\n"), "utf-8")
    (root / "mkdocs.yml").unlink()
    return config


def _mx(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    assert MX_PYTHON.exists(), "make test installs .venv-materialx (ProperDocs + MaterialX)"
    return subprocess.run(
        [str(MX_PYTHON), *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    material = copy_example_site(tmp_path_factory.mktemp("material"))
    built = mkdocs_build(material)
    assert built.returncode == 0, built.stderr
    materialx = copy_example_site(tmp_path_factory.mktemp("materialx"))
    _materialx_site(materialx)
    cli = _mx(["-m", "properdocs", "build", "--strict", "--site-dir", "site"], materialx)
    assert cli.returncode == 0, cli.stderr
    assert "WARNING" not in cli.stderr, cli.stderr
    library = _mx(
        [
            "-c",
            "import sys\n"
            "from properdocs.config import load_config\n"
            "from properdocs.commands.build import build\n"
            "config = load_config('properdocs.yml', site_dir='library-site', strict=True)\n"
            "config.plugins.on_startup(command='build', dirty=False)\n"
            "build(config)\n"
            "assert 'mkdocs' not in sys.modules, 'imported MkDocs under ProperDocs'\n",
        ],
        materialx,
    )
    assert library.returncode == 0, library.stderr
    return {
        "material": material / "site",
        "materialx": materialx / "site",
        "library": materialx / "library-site",
    }


@pytest.mark.parametrize("engine", ["materialx", "library"])
def test_properdocs_with_materialx_builds_the_same_site(
    builds: dict[str, Path], engine: str
) -> None:
    assert_same_site(builds[engine], builds["material"])
    # MaterialX's own Pagefind search is not run: the site's search page is the generator's
    assert not (builds[engine] / "search" / "pagefind").exists()


def test_every_command_reads_properdocs_yml_first(tmp_path: Path) -> None:
    root = copy_example_site(tmp_path)
    config = _materialx_site(root)
    config.write_text(
        config.read_text("utf-8").replace("      context: 160\n", "      context: -1\n"), "utf-8"
    )
    (root / "mkdocs.yml").write_text("site_name: Stale\nplugins: [factcheck]\n", "utf-8")
    checked = run_generator(root, "check")
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert "properdocs.yml:" in checked.stderr and "context" in checked.stderr
    exported = run_generator(root, "export", "out")
    assert exported.returncode == 2 and "properdocs.yml:" in exported.stderr


def test_a_preview_runs_on_the_installed_engine() -> None:
    assert installed_engine() == "mkdocs"  # this environment: MkDocs + Material
    said = _mx(
        ["-c", "from generator.engines.preview import installed_engine; print(installed_engine())"],
        PROJECT,
    )
    assert said.stdout.strip() == "properdocs", said.stderr


def test_materialx_search_is_warned_about(tmp_path: Path) -> None:
    root = copy_example_site(tmp_path)
    config = _materialx_site(root)
    config.write_text(
        config.read_text("utf-8").replace("plugins:\n", "plugins:\n  - materialx/search\n"),
        "utf-8",
    )
    built = _mx(["-m", "properdocs", "build", "--site-dir", "site"], root)
    assert built.returncode == 0, built.stderr
    assert "the materialx/search plugin would also write a search index" in built.stderr
    assert "remove '- materialx/search' from the plugins in properdocs.yml" in built.stderr


def test_a_package_without_a_theme_says_which_extra_to_add(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(plugin_module, "installed_themes", lambda: {"mkdocs", "readthedocs"})
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.factcheck"):
        FactcheckPlugin()
    (record,) = caplog.records
    assert "factcheck-generator[material]" in record.getMessage()
    assert "factcheck-generator[materialx]" in record.getMessage()
    caplog.clear()
    monkeypatch.setattr(plugin_module, "installed_themes", lambda: {"materialx", "mkdocs"})
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.factcheck"):
        FactcheckPlugin()
    assert caplog.records == []
