"""The one-claim preview: `python -m generator preview claims/x.yml` serves the site built from
that claim alone, and rebuilds it whenever the claim, a source it quotes or a snapshot changes.

It is `mkdocs serve` with the plugin told (through the environment variable `PREVIEW_ENV`) to
check only what the paths select, as `check PATH` does: the claim, the sources it quotes, and
pages and indexes holding only them. A site of 10,000 claims rebuilds in well under a second
instead of minutes, and the server watches a handful of files instead of polling them all.
Problems show in the browser at the claim's address (problempages.py).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..config import SiteConfig, find_config
from ..load import Layout, discover
from ..outputs.plan import url_of
from ..selection import select

#: The environment variable naming the files a preview covers, separated by os.pathsep.
PREVIEW_ENV = "FACTCHECK_PREVIEW"
DEFAULT_ADDRESS = "127.0.0.1:8000"


class Watcher:
    """Looks at a preview's few files ten times a second; when one changes (or appears, or
    goes), it writes a file into a folder of its own, which the server watches.

    MkDocs' server polls what it watches, and watchdog watches a file by polling its whole
    folder: the claim and its sources made five pollers of folders of 10,000 and 2,000 files,
    which took a third of the core the rebuild needed. Stat calls on a handful of files cost
    nothing, and the server then polls one empty folder.
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="factcheck-preview-"))
        self.interval = interval
        self._stamps: dict[str, tuple[int, ...] | None] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="factcheck-preview", daemon=True)
        self._thread.start()

    def follow(self, paths: Iterable[str]) -> None:
        """Watch `paths` from now on. A file watched already keeps what was last seen of it,
        so that a save during a rebuild still brings the next one."""
        with self._lock:
            self._stamps = {p: self._stamps.get(p, _stamp(p)) for p in sorted(set(paths))}

    @property
    def paths(self) -> tuple[str, ...]:
        """The files watched."""
        with self._lock:
            return tuple(self._stamps)

    def close(self) -> None:
        """Stop watching and remove the folder."""
        self._stop.set()
        self._thread.join(timeout=5)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            with self._lock:
                changed = False
                for path, seen in self._stamps.items():
                    now = _stamp(path)
                    if now != seen:
                        self._stamps[path] = now
                        changed = True
            if changed:
                with contextlib.suppress(OSError):  # the folder is ours; nothing else writes it
                    (self.folder / "changed").write_text(str(time.time_ns()), encoding="utf-8")


def _stamp(path: str) -> tuple[int, ...] | None:
    """What changes when a file is saved, replaced or removed."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, info.st_dev)


def preview_paths(value: str) -> tuple[Path, ...]:
    """The files a preview covers, from the value of `PREVIEW_ENV` (none: the whole site)."""
    return tuple(Path(p) for p in value.split(os.pathsep) if p)


@dataclass(frozen=True, slots=True)
class PreviewPlan:
    """How to start a preview: the command, its environment, and the address to open."""

    argv: tuple[str, ...]
    env: dict[str, str]
    url: str
    shown: str  # what is previewed, in words


def installed_engine() -> str:
    """The engine that serves a preview: ProperDocs where it is installed (the maintained fork,
    which `[materialx]` brings), else MkDocs."""
    return "properdocs" if importlib.util.find_spec("properdocs") is not None else "mkdocs"


def plan_preview(
    layout: Layout, config: SiteConfig, paths: Sequence[Path], address: str = DEFAULT_ADDRESS
) -> PreviewPlan:
    """The preview of `paths` (claim or source files); `SelectionError` names a path that is
    not a claim or source file of the site."""
    selection = select(layout, discover(layout.root, layout.claims_dir, layout.sources_dir), paths)
    mount = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    base = f"http://{address}{mount}"
    if len(selection.claims) == 1 and not selection.sources:
        url = base + url_of("claim", selection.claims[0], directory_urls=config.use_directory_urls)
    elif len(selection.sources) == 1 and not selection.claims:
        shown_source = next(iter(selection.sources))
        url = base + url_of("source", shown_source, directory_urls=config.use_directory_urls)
    else:
        url = base + url_of("claims", directory_urls=config.use_directory_urls)
    env = {
        **os.environ,
        PREVIEW_ENV: os.pathsep.join(str(p.resolve()) for p in paths),
        "NO_MKDOCS_2_WARNING": "1",  # Material's end-of-life banner, on every rebuild
    }
    argv = (
        sys.executable,
        "-m",
        installed_engine(),
        "serve",
        "--dev-addr",
        address,
        "--config-file",
        str(find_config(layout.root)),
    )
    shown = ", ".join(str(p) for p in paths)
    return PreviewPlan(argv, env, url, shown)
