"""Timed transcripts as snapshots (SPEC §2, §4): a WebVTT file (read by webvtt-py) or a SubRip
file (read by srt) becomes canonical text, one cue per line, each line remembering its time.

A cue's payload loses its markup tags (`<v Speaker>`, `<i>`, `<00:00:01.000>`) and has its
character references decoded; its lines are joined by one space. A cue that only repeats lines
the previous cue ended with (rolling captions, as platforms write them) contributes only its
new lines, and a cue with nothing new contributes nothing. The same file always gives the same
text.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

from ..text import canonical_str

#: The snapshot suffixes read as timed transcripts.
TRANSCRIPT_SUFFIXES = (".vtt", ".srt")
_TAG = re.compile(r"<[^>]*>")
#: At most this many lines of a cue may repeat the end of the previous one (rolling captions
#: repeat one or two).
ROLLING = 3


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue's line in the canonical text (`start` to `end`, code points) and its time."""

    start: int
    end: int
    begins: float  # seconds
    ends: float


class TranscriptError(ValueError):
    """A transcript that cannot be read; the message says where and why."""


@dataclass(frozen=True, slots=True)
class Transcript:
    """A transcript's canonical text and its cues, in file order."""

    text: str
    cues: tuple[Cue, ...]

    def time_of(self, start: int, end: int) -> tuple[float, float] | None:
        """When the text from `start` to `end` is said: from the start of its first cue to the
        end of its last (SPEC §2)."""
        if not self.cues or end <= start:
            return None
        starts = [cue.start for cue in self.cues]
        first = max(0, bisect.bisect_right(starts, start) - 1)
        last = max(0, bisect.bisect_right(starts, end - 1) - 1)
        return self.cues[first].begins, self.cues[last].ends


def _payload(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        text = " ".join(html.unescape(_TAG.sub("", line)).split())
        if text:
            out.append(text)
    return out


def _vtt(text: str) -> list[tuple[float, float, list[str]]]:
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    try:
        captions = webvtt.from_string(text).captions
    except (MalformedFileError, MalformedCaptionError, ValueError, IndexError) as error:
        raise TranscriptError(f"not a WebVTT file: {error}") from None
    return [
        (c.start_time.in_milliseconds() / 1000, c.end_time.in_milliseconds() / 1000, c.lines)
        for c in captions
    ]


def _srt(text: str) -> list[tuple[float, float, list[str]]]:
    import srt  # type: ignore[import-untyped]

    try:
        subtitles = list(srt.parse(text))
    except (srt.SRTParseError, ValueError) as error:
        raise TranscriptError(f"not a SubRip file: {error}") from None
    return [
        (s.start.total_seconds(), s.end.total_seconds(), s.content.split("\n")) for s in subtitles
    ]


def read_transcript(text: str, suffix: str) -> Transcript:
    """The canonical text and cues of the WebVTT (`.vtt`) or SubRip (`.srt`) file `text`."""
    raw = _vtt(text) if suffix == ".vtt" else _srt(text)
    lines: list[str] = []
    cues: list[Cue] = []
    previous: list[str] = []
    offset = 0
    for number, (begins, ends, payload) in enumerate(raw, start=1):
        if ends < begins:
            raise TranscriptError(f"cue {number} ends ({ends:g} s) before it starts ({begins:g} s)")
        said = _payload(payload)
        most = min(len(said), len(previous), ROLLING)  # bounded: a huge cue is not quadratic
        overlap = next((k for k in range(most, 0, -1) if said[:k] == previous[-k:]), 0)
        new, previous = said[overlap:], said
        if not new:
            continue
        line = canonical_str(" ".join(new)).replace("\n", " ")
        cues.append(Cue(offset, offset + len(line), begins, ends))
        lines.append(line)
        offset += len(line) + 1
    if not cues:
        raise TranscriptError("it has no cue with any text")
    return Transcript("\n".join(lines) + "\n", tuple(cues))


def clock(seconds: float) -> str:
    """A time as a reader reads it: 12:34, or 1:02:03 past an hour."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
