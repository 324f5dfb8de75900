"""Links that open the quoted words in the original (SPEC §8): a text fragment, as the WICG's
Scroll To Text Fragment draft defines it (`url#:~:text=[prefix-,]start[,end][,-suffix]`),
which Chrome and Edge (2020), Safari 16.1 and Firefox 131 follow: the browser scrolls to the
words and marks them.

The words are the span's own, from the stored text (a range each; an elided quote gives one
directive per range, joined by `&`). A long quote is named by its first and last words
(`start,end`), as Chrome's "Copy link to highlight" does, and so are words over several lines
(a browser matches a term within one block); context (`prefix-`, `-suffix`, a few whole words
of the same line) is added only when the words occur more than once in the stored text. Each
part is
percent-encoded, `-`, `,` and `&` included. A span on a page of a paged document keeps its page
before the directive (`#page=4:~:text=…`, RFC 8118); a recording's moment is linked elsewhere
(`#t=`), not by words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

#: A quote of more words than this is named by its first and last `EDGE_WORDS` words.
WHOLE_WORDS = 10
EDGE_WORDS = 4
#: Whole words of context added before and after words that occur more than once.
CONTEXT_WORDS = 3
_SPACE = re.compile(r"\s+")


def encode(part: str) -> str:
    """A part of a text directive, percent-encoded as the draft asks (`-`, `,`, `&` too)."""
    return quote(_SPACE.sub(" ", part.strip()), safe="").replace("-", "%2D")


def directive(text: str, start: int, end: int) -> str:
    """`text=…` for the words at `start`:`end` of `text` (the stored text they were found in).

    A browser matches a term within one block of the page (a paragraph, a heading, a list
    item): a `start` term, a prefix or a suffix that ran over a line of the stored text would
    match nothing, and the link would open the page at its top (as one with the suffix
    ". Second. bottom" did in Chromium). So words over several lines are named by `start,end`,
    the start's words from the first line and the end's from the last, and context never
    leaves the words' own line."""
    lines = [line.split() for line in text[start:end].split("\n")]
    lines = [words for words in lines if words]
    if not lines:
        return ""
    if len(lines) == 1 and len(lines[0]) <= WHOLE_WORDS:
        parts = [" ".join(lines[0])]
    else:
        parts = [" ".join(lines[0][:EDGE_WORDS]), " ".join(lines[-1][-EDGE_WORDS:])]
    body = ",".join(encode(part) for part in parts)
    if any(_repeated(text, part) for part in parts):
        before = text[:start].rsplit("\n", 1)[-1].split()[-CONTEXT_WORDS:]
        after = text[end:].split("\n", 1)[0].split()[:CONTEXT_WORDS]
        if before:
            body = f"{encode(' '.join(before))}-,{body}"
        if after:
            body = f"{body},-{encode(' '.join(after))}"
    return f"text={body}"


def _repeated(text: str, words: str) -> bool:
    flat = _SPACE.sub(" ", text)
    first = flat.find(words)
    return first != -1 and flat.find(words, first + 1) != -1


def fragment_url(
    url: str, text: str, ranges: Sequence[tuple[int, int]], page: int | None = None
) -> str:
    """`url` with a text fragment naming the words at `ranges` of the stored `text`, after the
    page of a paged document when there is one."""
    base = url.split("#", 1)[0]
    directives = "&".join(d for a, b in ranges if (d := directive(text, a, b)))
    if not directives:
        return base
    page_part = f"page={page}" if page is not None else ""
    return f"{base}#{page_part}:~:{directives}"
