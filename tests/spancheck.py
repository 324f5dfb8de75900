"""An independent check of published spans, written from SPEC §4 for the tests alone.

It must not import the generator's resolver or its boundary code: it reads the snapshot bytes,
makes the canonical text itself, and judges each range with its own reading of the rules.

- Canonical text: UTF-8, leading BOM removed, CRLF and CR as LF, NFC.
- Whole characters: a range starts and ends between two extended grapheme clusters (UAX #29;
  the `regex` module's `\\X`, the maintained implementation the SPEC names).
- Whole words: where the range's first (last) character is a letter, digit or combining mark,
  the nearest visible character outside it is not a letter, digit, combining mark or joiner,
  unless one of the two is of a script written without spaces. "Visible" skips the format
  characters that folding drops (all of category Cf but the tag characters U+E0020-U+E007F),
  except the in-word ones (ZWJ, ZWNJ, word joiner, soft hyphen), which count as joiners
  (docs/reference.md).
"""

from __future__ import annotations

import io
import unicodedata
from functools import cache

import regex

JOINERS = frozenset("\u200c\u200d\u2060\u00ad")
NO_SPACE_SCRIPTS = ("Han", "Hiragana", "Katakana", "Thai", "Lao", "Khmer", "Myanmar")


def canonical(data: bytes) -> str:
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def transcript_text(data: bytes, suffix: str) -> str:
    """The canonical text of a timed transcript (SPEC §4), read with the parsers the SPEC
    allows: each cue's payload without tags, references decoded, lines joined by a space, a
    cue a line, a cue that only repeats the lines the cue before ended with adding only its
    new lines."""
    import html

    import srt
    import webvtt

    text = canonical(data)
    if suffix == ".vtt":
        payloads = [cue.raw_text.split("\n") for cue in webvtt.from_buffer(io.StringIO(text))]
    else:
        payloads = [s.content.split("\n") for s in srt.parse(text)]
    lines: list[str] = []
    previous: list[str] = []
    for payload in payloads:
        said = [
            " ".join(html.unescape(regex.sub(r"<[^>]*>", "", line)).split()) for line in payload
        ]
        said = [line for line in said if line]
        overlap = next(
            (k for k in range(min(len(said), len(previous)), 0, -1) if said[:k] == previous[-k:]),
            0,
        )
        new, previous = said[overlap:], said
        if new:
            lines.append(unicodedata.normalize("NFC", " ".join(new)))
    return "\n".join(lines) + "\n"


@cache
def _cluster_starts(text: str) -> frozenset[int]:
    starts = {0, len(text)}
    position = 0
    for cluster in regex.findall(r"\X", text, flags=regex.DOTALL):
        position += len(cluster)
        starts.add(position)
    return frozenset(starts)


def _wordlike(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNM"


def _no_spaces(char: str) -> bool:
    return any(regex.match(rf"\p{{scx={script}}}", char) for script in NO_SPACE_SCRIPTS)


def _transparent(char: str) -> bool:
    if "\U000e0020" <= char <= "\U000e007f":  # tag characters: folding keeps them
        return False
    return unicodedata.category(char) == "Cf" and char not in JOINERS and char != "\u200b"


def _visible(text: str, i: int, step: int) -> str | None:
    while 0 <= i < len(text) and _transparent(text[i]):
        i += step
    return text[i] if 0 <= i < len(text) else None


def _edge_ok(inner: str, outer: str | None) -> bool:
    if outer is None or not _wordlike(inner):
        return True
    if _no_spaces(inner) or _no_spaces(outer):
        return True
    return not (_wordlike(outer) or outer in JOINERS)


def cut(text: str, start: int, end: int) -> str | None:
    """What is wrong with the range `[start, end)` of canonical `text`, or None."""
    if not 0 <= start < end <= len(text):
        return f"[{start}, {end}) is not a range of a text of {len(text)} code points"
    starts = _cluster_starts(text)
    if start not in starts or end not in starts:
        return f"[{start}, {end}) cuts a character"
    first = _visible(text, start, 1)
    last = _visible(text, end - 1, -1)
    if first is None or last is None:
        return None
    if not _edge_ok(first, _visible(text, start - 1, -1)):
        return f"[{start}, {end}) starts inside a word"
    if not _edge_ok(last, _visible(text, end, 1)):
        return f"[{start}, {end}) ends inside a word"
    return None
