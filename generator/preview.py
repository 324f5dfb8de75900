"""The one-claim preview: `python -m generator preview claims/x.yml` serves the site built from
that claim alone, and rebuilds it whenever the claim, a source it quotes or a snapshot changes.

It is `mkdocs serve` with the plugin told (through the environment variable `PREVIEW_ENV`) to
check only what the paths select, as `check PATH` does: the claim, the sources it quotes, and
pages and indexes holding only them. A site of 10,000 claims rebuilds in well under a second
instead of minutes, and the server watches a handful of files instead of polling them all.
Problems show in the browser at the claim's address (problempages.py).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .load import Layout, discover
from .selection import select
from .siteconfig import CONFIG_FILE, SiteConfig

#: The environment variable naming the files a preview covers, separated by os.pathsep.
PREVIEW_ENV = "FACTCHECK_PREVIEW"
DEFAULT_ADDRESS = "127.0.0.1:8000"


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


def plan_preview(
    layout: Layout, config: SiteConfig, paths: Sequence[Path], address: str = DEFAULT_ADDRESS
) -> PreviewPlan:
    """The preview of `paths` (claim or source files); `SelectionError` names a path that is
    not a claim or source file of the site."""
    from .render import page_url  # Jinja and the templates: only when previewing

    selection = select(layout, discover(layout.root, layout.claims_dir, layout.sources_dir), paths)
    mount = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    base = f"http://{address}{mount}"
    if len(selection.claims) == 1 and not selection.sources:
        url = base + page_url(f"claims/{selection.claims[0]}.md", config.use_directory_urls)
    elif len(selection.sources) == 1 and not selection.claims:
        url = base + page_url(
            f"sources/{next(iter(selection.sources))}.md", config.use_directory_urls
        )
    else:
        url = base + page_url("claims/index.md", config.use_directory_urls)
    env = {
        **os.environ,
        PREVIEW_ENV: os.pathsep.join(str(p.resolve()) for p in paths),
        "NO_MKDOCS_2_WARNING": "1",  # Material's end-of-life banner, on every rebuild
    }
    argv = (
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--dev-addr",
        address,
        "--config-file",
        str(layout.root / CONFIG_FILE),
    )
    shown = ", ".join(str(p) for p in paths)
    return PreviewPlan(argv, env, url, shown)
