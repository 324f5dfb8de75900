"""The export builds the same site without the plugin: with plain MkDocs (strict) and with
Zensical. Compared with the plugin's build, page by page, parsed: the same addresses, the same
titles, headings, marked words, quotes, fidelity badges and sentences, the same ClaimReview, and
the same data files byte for byte. Where Zensical differs by design, the difference is named."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from sitebuild import copy_example_site, mkdocs_build, run_generator
from sitecompare import assert_same_site, content, files, same_bytes

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = copy_example_site(tmp_path_factory.mktemp("export"))
    # A repository, so that every page has an edit button: a generated page's edits its YAML file.
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8") + "repo_url: https://github.com/example/checks\n", "utf-8"
    )
    plugin = mkdocs_build(root)
    assert plugin.returncode == 0, plugin.stderr
    exported = run_generator(root, "export", "out")
    assert exported.returncode == 0, exported.stdout + exported.stderr
    out = root / "out"
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == []  # no factcheck (nothing of ours runs), no Material search
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
        cwd=out,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert plain.returncode == 0, plain.stderr
    zensical_root = root / "zensical"
    shutil.copytree(out, zensical_root, ignore=shutil.ignore_patterns("site"))
    zensical = subprocess.run(
        [sys.executable, "-m", "zensical", "build"],
        cwd=zensical_root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert zensical.returncode == 0, zensical.stdout + zensical.stderr
    return {"plugin": root / "site", "mkdocs": out / "site", "zensical": zensical_root / "site"}


def test_generated_pages_are_edited_in_their_yaml_files(builds: dict[str, Path]) -> None:
    for engine, site in builds.items():
        page = BeautifulSoup(
            (site / "claims/stoltenberg-china-challenge/index.html").read_text("utf-8"),
            "html.parser",
        )
        edit = page.select_one('article a[rel="edit"]')
        assert edit is not None, engine
        assert edit["href"] == (
            "https://github.com/example/checks/edit/main/claims/stoltenberg-china-challenge.yml"
        ), engine


def test_plain_mkdocs_builds_the_export_into_the_same_site(builds: dict[str, Path]) -> None:
    assert_same_site(builds["mkdocs"], builds["plugin"])


def test_zensical_builds_the_export_into_the_same_content(builds: dict[str, Path]) -> None:
    plugin, zensical = builds["plugin"], builds["zensical"]
    # Zensical writes no MkDocs-style 404 page of its own name and keeps the same addresses.
    pages = sorted(f for f in files(plugin) if f.endswith(".html"))
    assert set(pages) <= files(zensical) | {"404.html"}
    claim_pages = [p for p in pages if p.startswith(("claims/", "sources/", "claimants/"))]
    assert len(claim_pages) > 20
    for rel in pages:
        if rel == "404.html":
            continue
        hand_written = not rel.startswith(("claims/", "sources/", "claimants/", "ratings/"))
        hand_written = hand_written and not rel.startswith("corrections/")
        ours = content(zensical / rel, drop_permalinks=hand_written)
        assert ours == content(plugin / rel, drop_permalinks=hand_written), rel
    for rel in filter(same_bytes, files(plugin) - set(pages)):
        assert (zensical / rel).read_bytes() == (plugin / rel).read_bytes(), rel


def test_export_refuses_a_folder_it_did_not_write_and_replaces_its_own(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    root = copy_example_site(tmp_path / "site")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine", encoding="utf-8")
    for force in ((), ("--force",)):
        refused = run_generator(root, "export", str(tmp_path / "mine"), *force)
        assert refused.returncode == 2, refused.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "mine"
    first = run_generator(root, "export", str(tmp_path / "out"))
    assert first.returncode == 0, first.stderr
    again = run_generator(root, "export", str(tmp_path / "out"))
    assert again.returncode == 2 and "is not empty" in again.stderr
    forced = run_generator(root, "export", str(tmp_path / "out"), "--force")
    assert forced.returncode == 0, forced.stderr
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp folder
    assert leftovers == []


def test_export_reads_hand_written_docs_as_safely_as_claims(tmp_path: Path) -> None:
    """A docs file that links out of the site is left out (not copied into the export), a FIFO
    neither hangs nor is copied, Markdown that is not UTF-8 is copied as it is; all with a
    warning, none with a traceback. A killed export leaves no half-written DIR."""
    (tmp_path / "site").mkdir()
    root = copy_example_site(tmp_path / "site")
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n", encoding="utf-8")
    (root / "docs/leak.md").symlink_to(secret)
    os.mkfifo(root / "docs/pipe.md")
    (root / "docs/loop").symlink_to("..")  # a folder link back up: neither followed nor a hang
    (root / "docs/latin.md").write_bytes("# Caf\xe9 {{ factcheck.claims }}\n".encode("latin-1"))
    result = run_generator(root, "export", "out")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    out = root / "out/docs"
    assert not (out / "leak.md").exists() and not (out / "pipe.md").exists()
    assert not (out / "loop").exists()
    assert "docs/leak.md is a link to" in result.stdout and "outside" in result.stdout
    assert "docs/pipe.md is not a regular file" in result.stdout
    assert (out / "latin.md").read_bytes() == (root / "docs/latin.md").read_bytes()
    assert "docs/latin.md is not UTF-8" in result.stdout
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, pathlib, signal, sys\n"
            "def die(*a, **k): os.kill(os.getpid(), signal.SIGKILL)\n"
            "pathlib.Path.write_bytes = die\n"  # the first data file, once every page is written
            "from generator.cli import main\n"
            "sys.exit(main(['export', 'again']))\n",
        ],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert killed.returncode == -9
    assert not (root / "again").exists()  # only a hidden temporary folder beside it


def test_zensical_builds_the_export_of_a_claimant_with_hundreds_of_claims(tmp_path: Path) -> None:
    """Zensical's own search indexes every page it is not told to leave out, with a limit of
    16,384 words a field: a claimant's page of a few hundred claims passed it and stopped the
    build (issue 23). The export leaves every generated page to Pagefind's index."""
    root = copy_example_site(tmp_path)
    claim = (root / "claims/stoltenberg-nato-agenda.yml").read_text(encoding="utf-8")
    for n in range(300):
        (root / f"claims/petrov-{n:03d}.yml").write_text(
            claim.replace("Stoltenberg: China", f"Petrov ({n}): China")
            .replace("claimant: Jens Stoltenberg", "claimant: Tamsin Petrov")
            .replace("related: [stoltenberg-china-challenge]\n", ""),
            encoding="utf-8",
        )
    exported = run_generator(root, "export", "out")
    assert exported.returncode == 0, exported.stdout + exported.stderr
    page = (root / "out/docs/claimants/tamsin-petrov/index.md").read_text(encoding="utf-8")
    front = yaml.safe_load(page.split("---\n", 2)[1])
    assert front["search"] == {"exclude": True}
    built = subprocess.run(
        [sys.executable, "-m", "zensical", "build"],
        cwd=root / "out",
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    site = root / "out/site"
    home = site / "claimants/tamsin-petrov/index.html"
    assert home.is_file()
    # More than claims_per_page (200): the newest on their page, every claim on a year's page.
    years = sorted((site / "claimants/tamsin-petrov/year").rglob("index.html"))
    assert years
    for pages, count in (([home], 200), (years, 300)):
        rows = [
            a["href"].rstrip("/").rsplit("/", 1)[-1]
            for path in pages
            for a in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select(
                ".fc-claim-list a[href*='petrov-']"
            )
        ]
        assert len(set(rows)) == len(rows) == count
    # Zensical's index holds hand-written pages only; the site's search is Pagefind's
    items = json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]
    generated = ("claims/", "sources/", "claimants/", "search/", "ratings/", "corrections/")
    assert items and not [i["location"] for i in items if i["location"].startswith(generated)]
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] >= 300
