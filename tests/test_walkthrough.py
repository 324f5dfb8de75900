"""The walk-through in docs/authoring.md, run as written on a copy of the project: every `sh`
block is run, every `yaml` block that names a file is written, and it must end with the claim
page in the built site."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import PROJECT, copy_example_site
from test_serve import _free_port, _get, _wait_for

pytestmark = pytest.mark.slow

DOC = PROJECT / "docs" / "authoring.md"
BLOCK = re.compile(r"```(sh|yaml)\n(.*?)```", re.DOTALL)
#: The mistake the preview step describes, and what the browser then shows.
MISTAKE = "`verdict: acurate`"
SHOWN = re.compile(r"## 5\. Preview it.*?```text\n(.*?)```", re.DOTALL)


def test_the_walkthrough_works_as_written(tmp_path: Path) -> None:
    root = copy_example_site(tmp_path)
    (root / "tests").mkdir()
    shutil.copytree(PROJECT / "tests" / "pages", root / "tests" / "pages")
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "NO_MKDOCS_2_WARNING": "1"}
    steps = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    assert [kind for kind, _ in steps].count("sh") == 7
    for kind, body in steps:
        if kind == "yaml":
            first = body.splitlines()[0]
            assert first.startswith("# "), "a yaml block names its file on its first line"
            (root / first[2:].strip()).write_text(body, encoding="utf-8")
            continue
        for line in body.strip().splitlines():
            words = shlex.split(line)
            settings = {}
            while "=" in words[0]:  # VAR=value before the command, as a shell reads it
                name, _, value = words.pop(0).partition("=")
                settings[name] = value
            assert settings in ({}, {"NO_MKDOCS_2_WARNING": "1"}), line
            assert words[0] in ("python", "mkdocs"), line
            if words[1:4] == ["-m", "generator", "preview"]:
                _preview_as_written(root, words, env)
                continue
            command = (
                [sys.executable, *words[1:]]
                if words[0] == "python"
                else [sys.executable, "-m", "mkdocs", *words[1:]]
            )
            done = subprocess.run(
                command, cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False
            )
            assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
    page = root / "site/claims/stoltenberg-herald-challenge/index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    marks = [m.get_text() for m in soup.select(".fc-excerpt mark")]
    assert marks[0] == "China poses a challenge to our values, to our interests and to our security"
    assert "sha256:" in (root / "sources/herald-stoltenberg-seoul.yml").read_text()


def _preview_as_written(root: Path, words: list[str], env: dict[str, str]) -> None:
    """Run the preview as the step says (on a free port), make the mistake it describes, and
    find the problem page showing what the step shows; fix it, and find the claim again."""
    text = DOC.read_text(encoding="utf-8")
    assert MISTAKE in text
    expected = SHOWN.search(text)
    assert expected is not None
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, *words[1:], "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        said = server.stdout.readline()
        address = f"http://127.0.0.1:{port}/claims/stoltenberg-herald-challenge/"
        assert said.strip().endswith(f"at {address}"), said
        assert _wait_for(address, 'data-claim="stoltenberg-herald-challenge"'), "no claim page"
        claim = root / "claims/stoltenberg-herald-challenge.yml"
        written = claim.read_text(encoding="utf-8")
        claim.write_text(written.replace("verdict: accurate", "verdict: acurate"), "utf-8")
        assert _wait_for(address, "Problems in claims/stoltenberg-herald-challenge.yml")
        body = _get(address)
        assert body is not None
        printed = BeautifulSoup(body, "html.parser").select_one(".fc-problem__printed")
        assert printed is not None and printed.get_text() == expected.group(1).strip()
        claim.write_text(written, encoding="utf-8")
        assert _wait_for(address, 'data-claim="stoltenberg-herald-challenge"'), "not back"
    finally:
        server.terminate()
        server.wait(timeout=20)
        if server.stdout is not None:
            server.stdout.close()
