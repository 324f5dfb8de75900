"""The last-resort net at each command's edge: an unexpected exception becomes one line.

Every kind of bad input is handled where it arises, as a Problem with a code. This is for what
was not foreseen: instead of a traceback, one line says that it is an internal error, what was
being done, and where the full traceback was saved, and the command exits with its own status.
"""

from __future__ import annotations

import os
import tempfile
import traceback

from .terminal import printable

#: Exit status of an internal error (BSD's EX_SOFTWARE), distinct from 1 (problems found) and
#: 2 (the command was misused).
INTERNAL_ERROR = 70


def save_traceback(error: BaseException) -> str:
    """Write the traceback to a new file in the system's temporary folder; its path."""
    fd, path = tempfile.mkstemp(prefix="factcheck-internal-error-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("".join(traceback.format_exception(error)))
    return path


def internal_error_line(doing: str, error: BaseException) -> str:
    """`internal error while DOING: Type: message (full traceback in PATH)`, one safe line."""
    try:
        where = f"the full traceback is in {save_traceback(error)}"
    except OSError as failure:
        where = f"the traceback could not be saved: {failure.strerror}"
    message = printable(str(error))
    if len(message) > 200:
        message = message[:199] + "…"
    return (
        f"internal error while {doing}: {type(error).__name__}: {message} ({where}); "
        "please report it with that file"
    )
