"""Text on its way to a terminal or a CI log: control characters spelled out, never obeyed.

A snapshot, a YAML value or a file name can hold escape sequences (`ESC [ 2 J` clears the
screen), carriage returns that overwrite a line, or bidirectional controls that make a line read
differently than it is. Everything the commands print passes through `printable`.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the bidirectional formatting characters (including the Arabic
# letter mark and the isolates), which reorder what a terminal shows.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, lines: bool = False) -> str:
    """`text` with every control character written as an escape (`\\x1b`, `\\u202e`).

    With `lines`, newlines are kept (the text is several lines the program wrote) and each line
    is escaped on its own; otherwise a newline is escaped too, and the text stays one line.
    """
    if lines:
        return "\n".join(_UNSAFE.sub(_escape, line) for line in text.split("\n"))
    return _UNSAFE.sub(_escape, text)
