"""The generated pages' bodies rendered on every core (issue 22).

A page body is a pure function of the linked model (render.Renderer), so the bodies of a large
site are rendered by forked worker processes, which share the model with the build that made it
(copy on write: nothing is pickled on the way in), and sent back as text. Where a fork is not to
be had (not Linux or macOS, one core, a small site), nothing is done here and every body is
rendered when the engine asks for it, as before.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence

from .render import Renderer

#: Below this many pages, starting processes costs more than it saves.
MINIMUM = 400
#: Pages a worker renders before it sends them back: small enough to balance, large enough that
#: sending costs little.
CHUNK = 100

_renderer: Renderer | None = None  # the build's renderer, inherited by the forked workers


def _render(uris: Sequence[str]) -> list[tuple[str, str]]:
    assert _renderer is not None
    return [(uri, _renderer.render(uri)) for uri in uris]


#: How many processes render (1: none besides the build's own); default one a core.
ENVIRONMENT = "FACTCHECK_PROCESSES"


def cores() -> int:
    """How many processes render: $FACTCHECK_PROCESSES, else the cores this process may use."""
    wanted = os.environ.get(ENVIRONMENT, "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def render_all(
    renderer: Renderer, uris: Sequence[str], processes: int | None = None
) -> dict[str, str]:
    """The bodies of the pages `uris`, rendered by `processes` forked workers (default: one a
    core); empty when the pages are better rendered one by one, in this process."""
    global _renderer
    processes = processes or cores()
    if processes < 2 or len(uris) < MINIMUM:
        return {}
    if "fork" not in multiprocessing.get_all_start_methods():
        return {}
    chunks = [uris[i : i + CHUNK] for i in range(0, len(uris), CHUNK)]
    _renderer = renderer
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(processes) as pool:
            bodies: dict[str, str] = {}
            for part in pool.imap_unordered(_render, chunks):
                bodies.update(part)
            return bodies
    finally:
        _renderer = None
