"""`mkdocs serve` rebuilds the site when a claim changes (the plugin watches claims/, sources/)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SiteMaker
from sitebuild import MKDOCS_YML, PROJECT
from test_plugin import GOOD_CLAIM, PLAIN_SOURCE, TEXT

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def _wait_for(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _get(url)
        if body is not None and text in body:
            return True
        time.sleep(0.3)
    return False


@contextlib.contextmanager
def _serving(root: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    """`mkdocs serve` on `root`: its address, its process and its log, stopped after."""
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(PROJECT)}
    log_path = root.parent / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield f"http://127.0.0.1:{port}", server, log_path
        finally:
            server.terminate()
            server.wait(timeout=20)


SITE = {
    "mkdocs.yml": MKDOCS_YML,
    "docs/index.md": "# Home\n",
    "sources/s.yml": PLAIN_SOURCE,
    "sources/s.txt": TEXT,
    "claims/good.yml": GOOD_CLAIM,
}


def test_editing_a_claim_while_serving_rebuilds_its_page(make_site: SiteMaker) -> None:
    root: Path = make_site(SITE)
    with _serving(root) as (address, _, log):
        url = f"{address}/claims/good/"
        assert _wait_for(url, 'data-claim="good" lang="en" dir="auto">Good</h1>')
        claim = root / "claims/good.yml"
        claim.write_text(claim.read_text().replace("title: Good", "title: Edited"))
        assert _wait_for(url, ">Edited</h1>"), "not rebuilt after the edit:\n" + log.read_text()


def test_serve_survives_hostile_files_and_recovers_when_they_are_fixed(
    make_site: SiteMaker,
) -> None:
    """Deep nesting (a segfault in libyaml), a number of 200,000 digits (minutes in int()), a
    FIFO as a snapshot (a hang): the server reports them, keeps serving the rest, and brings a
    claim back as soon as its file is fixed."""
    root: Path = make_site(SITE)
    with _serving(root) as (address, server, log):
        good = f"{address}/claims/good/"
        assert _wait_for(good, ">Good</h1>")
        (root / "claims/deep.yml").write_text("title: " + "[" * 100_000)
        (root / "claims/huge.yml").write_text(
            GOOD_CLAIM.replace("title: Good", "title: Huge") + "start: " + "9" * 200_000 + "\n"
        )
        os.mkfifo(root / "sources/pipe.txt")
        (root / "sources/pipe.yml").write_text("title: Pipe\nsnapshot: pipe.txt\n")
        deadline = time.monotonic() + 60
        while "not-a-file" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.3)
        text = log.read_text()
        assert "yaml-syntax" in text and "not-a-file" in text, text
        assert "Traceback" not in text, text
        assert server.poll() is None, "the server died"
        assert _wait_for(good, ">Good</h1>", seconds=10)  # the rest is still served
        (root / "claims/huge.yml").write_text(GOOD_CLAIM.replace("title: Good", "title: Fixed"))
        assert _wait_for(f"{address}/claims/huge/", ">Fixed</h1>"), (
            "not back after the fix:\n" + log.read_text()
        )
