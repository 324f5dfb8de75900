"""Share cards (issue 31): a PNG of 1200 by 630 pixels per claim that carries the verdict
where a link is shared (Open Graph, Twitter), drawn at build time by Pillow.

What a card shows is a `Card`: the verdict's label and tone, the claim (as much as fits, cut
at a word), the claimant, the date and the site's name, laid out in the site's direction, each
text in its own. The text is shaped by Pillow's raqm engine (HarfBuzz and FriBiDi): Arabic
joined and right to left, Devanagari's conjuncts, CJK. The fonts ship with the package
(assets/fonts/, made from Noto by tests/make_card_fonts.py): one font for Latin, Greek,
Cyrillic, Arabic and Devanagari, so that a line mixing them is laid out in one call, and one
for Chinese, Japanese and Korean. A text no font covers, or that needs shaping where Pillow
cannot shape (no FriBiDi), is left out of the card, never drawn as boxes or unjoined letters,
and the build says so once.

A card is drawn in 8 bits: its colours are two ramps of one palette (white to ink for the body,
the verdict's colour to white for its band), so that the anti-aliased text is exact and the PNG
is a third of an RGB one and six times faster to write (2 ms against 12 here). What never
changes (the band, the verdict, the site's name) is drawn once per verdict; only the words are
drawn per card.

Cards are kept in the cache folder (cache.py), a file per card named by the digest of exactly
what it shows and what draws it (`Card.key`): a rebuild draws only the cards whose words
changed; the others are linked into the site (siteoutputs.place_cards). Missing cards are
drawn by forked workers on every core.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import json
import multiprocessing
import os
import shutil
import stat
import tempfile
import time
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from .. import cache
from ..ratings import TONES

if TYPE_CHECKING:
    from PIL import Image, ImageFont

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
WIDTH, HEIGHT = 1200, 630
#: Bumped whenever the drawing changes, so that no card drawn the old way is used again.
FORMAT = "factcheck-card 1"
#: A card larger than this is not taken from the cache (none is drawn larger: issue 31).
MAX_BYTES = 200_000
#: Below this many cards to draw, starting processes costs more than it saves.
MINIMUM = 40

MARGIN = 64
BAND = 150
INK = (0x20, 0x21, 0x24)
#: Values of the body's ramp (0 white … 127 ink) and the band's (128 the verdict's colour …
#: 255 white).
BODY, TEXT, MUTED, RULE, BAND_FILL, BAND_TEXT = 0, 127, 91, 24, 128, 255
ELLIPSIS = "\u2026"
#: Pixels a line leaves free, for the kerning between words its width does not count.
SLACK = 6

#: Where a line may break: after a word and its spaces, and between two CJK characters.
_TOKENS = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\u3000-\u303f\uff00-\uffef]\s*|[^\s\p{Han}\p{Hiragana}"
    r"\p{Katakana}\u3000-\u303f\uff00-\uffef]+\s*|\s+"
)
#: Scripts that need shaping or reordering to be read: without raqm they are left out.
_COMPLEX = regex.compile(
    r"[\p{Arabic}\p{Hebrew}\p{Syriac}\p{Thaana}\p{Devanagari}\p{Bengali}\p{Gurmukhi}"
    r"\p{Gujarati}\p{Oriya}\p{Tamil}\p{Telugu}\p{Kannada}\p{Malayalam}\p{Sinhala}\p{Thai}"
    r"\p{Lao}\p{Tibetan}\p{Myanmar}\p{Khmer}]"
)


@dataclass(frozen=True, slots=True)
class Card:
    """What one card shows, in the words it shows them, and how it lays them out."""

    verdict: str  # the verdict's label as the site shows it
    tone: str  # good, mid, bad or none (ratings.tone)
    claim: str
    claim_language: str
    claimant: str
    date: str  # as the site's language writes it, or ""
    site: str
    language: str  # the site's language tag
    rtl: bool  # the site's direction

    def key(self) -> str:
        """The name of the card's file: the digest of what it shows and what draws it."""
        shown = [getattr(self, name) for name in self.__slots__]
        digest = hashlib.sha256(_drawing_stamp().encode())
        digest.update(json.dumps(shown, ensure_ascii=False).encode())
        return digest.hexdigest()[:40]


@functools.lru_cache(maxsize=1)
def _drawing_stamp() -> str:
    """What draws the cards: this module, the fonts, Pillow and whether it can shape."""
    from PIL import __version__ as pillow

    digest = hashlib.sha256(FORMAT.encode())
    digest.update(Path(__file__).read_bytes())
    for font in sorted(FONTS.glob("*.woff")):
        digest.update(font.read_bytes())
    return f"{digest.hexdigest()} pillow {pillow} shaping {shaping()}"


@functools.lru_cache(maxsize=1)
def shaping() -> bool:
    """Whether Pillow lays text out with raqm and FriBiDi (its wheels load FriBiDi from the
    system: Debian's libfribidi0); without them Arabic would be drawn unjoined, left to right."""
    from PIL import features

    return bool(features.check_feature("raqm") and features.check_feature("fribidi"))


@functools.lru_cache(maxsize=1)
def _coverage() -> dict[str, frozenset[int]]:
    ranges = json.loads((FONTS / "coverage.json").read_text(encoding="utf-8"))
    return {
        name: frozenset(p for start, end in spans for p in range(start, end + 1))
        for name, spans in ranges.items()
    }


def font_for(text: str) -> str | None:
    """The font file that draws every character of `text` (the main one first), or None."""
    wanted = {ord(c) for c in text if not c.isspace() and unicodedata.category(c)[0] != "C"}
    for name, covered in _coverage().items():
        if "Bold" not in name and wanted <= covered:
            return name
    return None


@functools.lru_cache(maxsize=4096)
def left_out(text: str) -> str | None:
    """Why `text` cannot be drawn on a card (no font covers it, or it needs shaping Pillow
    cannot do here), or None."""
    if not text:
        return None
    if font_for(text) is None:
        missing = sorted(
            {
                unicodedata.name(c, f"U+{ord(c):04X}")
                for c in text
                if not c.isspace()
                and not any(ord(c) in covered for covered in _coverage().values())
            }
        )
        return "no font covers " + ", ".join(missing[:3]) + (" …" if len(missing) > 3 else "")
    if not shaping() and _COMPLEX.search(text):
        return "Pillow cannot shape it here (install FriBiDi: Debian's libfribidi0)"
    return None


@functools.lru_cache(maxsize=32)
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    engine = ImageFont.Layout.RAQM if shaping() else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(FONTS / name), size, layout_engine=engine)


def _bold(name: str) -> str:
    bold = name.replace("-Regular", "-Bold")
    return bold if (FONTS / bold).is_file() else name


def _layout(direction: str, lang: str) -> tuple[str | None, str | None]:
    """The direction and language to lay a text out in, for raqm; Pillow's basic layout takes
    neither (it then draws only what needs no shaping: `left_out`)."""
    return (direction, lang or None) if shaping() else (None, None)


def _direction(text: str, default: bool) -> str:
    """`rtl` when the text's first strong character is right to left (as `dir="auto"`)."""
    for c in text:
        kind = unicodedata.bidirectional(c)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "rtl" if default else "ltr"


def _tokens(text: str) -> list[str]:
    """Where a line may break: after each word (with the spaces after it) and between two
    CJK characters."""
    return [t for t in _TOKENS.findall(" ".join(text.split())) if t]


def _lines(
    text: str, font: ImageFont.FreeTypeFont, width: int, most: int, direction: str, lang: str
) -> list[str]:
    """`text` broken into at most `most` lines no wider than `width`; the last cut after a
    whole word and ended with an ellipsis when the text does not fit."""

    def length(words: str) -> float:
        way, tongue = _layout(direction, lang)
        return float(font.getlength(words, direction=way, language=tongue))

    widths = _widths(font, direction, lang)

    def measured(token: str) -> float:  # a word's width, measured once a process
        found = widths.get(token)
        if found is None:
            found = widths[token] = length(token)
        return found

    lines: list[str] = []
    current, used = "", 0.0
    tokens = _tokens(text)
    i = 0
    while i < len(tokens):
        # A line is as wide as its words and the spaces between them (shaping joins no
        # letters across a space); `SLACK` leaves room for kerning between two words.
        token = tokens[i]
        word = token.rstrip()
        if used + measured(word) <= width - SLACK:
            current += token
            used += measured(word) + (measured(token[len(word) :]) if token != word else 0)
            i += 1
            continue
        if not current:  # one word wider than the line: cut it between characters
            pieces = regex.findall(r"\X", token)
            cut = 1
            while cut < len(pieces) and length("".join(pieces[: cut + 1])) <= width - SLACK:
                cut += 1
            current = "".join(pieces[:cut])
            tokens[i] = "".join(pieces[cut:])
            if not tokens[i].strip():
                i += 1
        lines.append(current.rstrip())
        current, used = "", 0.0
        if len(lines) == most:
            break
    if current.strip() and len(lines) < most:
        lines.append(current.rstrip())
        i = len(tokens)
    if any(t.strip() for t in tokens[i:]) and lines:  # cut short: end with an ellipsis
        words = _tokens(lines[-1])
        while words and length("".join(words).rstrip() + ELLIPSIS) > width - SLACK:
            words.pop()
        lines[-1] = "".join(words).rstrip().rstrip(",;:") + ELLIPSIS
    return lines


@functools.lru_cache(maxsize=64)
def _widths(font: ImageFont.FreeTypeFont, direction: str, lang: str) -> dict[str, float]:
    """The widths of the words measured in one font, direction and language."""
    return {}


def _palette(tone: str) -> list[int]:
    colour = tuple(int(TONES.get(tone, TONES["none"])[i : i + 2], 16) for i in (1, 3, 5))
    palette: list[int] = []
    for i in range(128):  # white to ink
        t = i / 127
        palette += [round(255 + (c - 255) * t) for c in INK]
    for i in range(128):  # the verdict's colour to white
        t = i / 127
        palette += [round(c + (255 - c) * t) for c in colour]
    return palette


class _Writer:
    """Draws a card's text at a side of the card: its start in the site's direction."""

    def __init__(self, image: Image.Image, rtl: bool) -> None:
        from PIL import ImageDraw

        self.draw = ImageDraw.Draw(image)
        self.rtl = rtl

    def text(
        self, y: int, words: str, font: ImageFont.FreeTypeFont, fill: int, lang: str, x: int = 0
    ) -> None:
        direction = _direction(words, self.rtl)
        at = WIDTH - MARGIN - x if self.rtl else MARGIN + x
        self.draw.text(
            (at, y),
            words,
            font=font,
            fill=fill,
            anchor="rs" if self.rtl else "ls",
            direction=_layout(direction, lang)[0],
            language=_layout(direction, lang)[1],
        )


@functools.lru_cache(maxsize=64)
def _base(verdict: str, tone: str, site: str, language: str, rtl: bool) -> Image.Image:
    """What a card of this verdict on this site shows whatever its claim: the band with the
    verdict's label, the rule and the site's name."""
    from PIL import Image

    image = Image.new("L", (WIDTH, HEIGHT), BODY)
    writer = _Writer(image, rtl)
    writer.draw.rectangle((0, 0, WIDTH, BAND), fill=BAND_FILL)
    name = font_for(verdict) if left_out(verdict) is None else None
    if name is not None:
        for size in (68, 60, 52, 44):
            font = _font(_bold(name), size)
            direction = _direction(verdict, rtl)
            lines = _lines(verdict, font, WIDTH - 2 * MARGIN, 2, direction, language)
            if len(lines) == 1 and not lines[0].endswith(ELLIPSIS):
                writer.text(BAND // 2 + size // 3, lines[0], font, BAND_TEXT, language)
                break
        else:
            for n, line in enumerate(lines):
                writer.text(62 + n * 56, line, font, BAND_TEXT, language)
    writer.draw.rectangle((MARGIN, HEIGHT - 118, WIDTH - MARGIN, HEIGHT - 116), fill=RULE)
    site_font = font_for(site) if left_out(site) is None else None
    if site_font is not None:
        font = _font(site_font, 30)
        cut = _lines(site, font, WIDTH - 2 * MARGIN, 1, _direction(site, rtl), language)
        if cut:
            writer.text(HEIGHT - 36, cut[0], font, MUTED, language)
    return image


def omissions(card: Card) -> list[str]:
    """What the card leaves out, and why."""
    fields = (
        ("the verdict", card.verdict),
        ("the site's name", card.site),
        ("the claim", card.claim),
        ("the claimant and date", _byline(card)),
    )
    return [f"{name}: {why}" for name, text in fields if (why := left_out(text))]


SEPARATOR = "  \u00b7  "


def _byline(card: Card) -> str:
    return SEPARATOR.join(p for p in (card.claimant, card.date) if p)


def draw(card: Card) -> bytes:
    """The card as a PNG."""
    import io

    from PIL import Image

    image = _base(card.verdict, card.tone, card.site, card.language, card.rtl).copy()
    writer = _Writer(image, card.rtl)
    name = font_for(card.claim)
    if name is not None and left_out(card.claim) is None:
        size = 50 if len(card.claim) < 120 else 44
        font = _font(name, size)
        step = round(size * 1.38)
        room = (HEIGHT - 150 - BAND - 40) // step
        direction = _direction(card.claim, card.rtl)
        lines = _lines(card.claim, font, WIDTH - 2 * MARGIN, room, direction, card.claim_language)
        for n, line in enumerate(lines):
            writer.text(BAND + 40 + size + n * step, line, font, TEXT, card.claim_language)
    byline = _byline(card)
    name = font_for(byline)
    if byline and name is not None and left_out(byline) is None:
        # The date is kept whole; a name too long for the line is cut at a word.
        font = _font(_bold(name), 34)
        direction = _direction(byline, card.rtl)
        dated = _byline(replace(card, claimant=""))
        way = _layout(direction, "")[0]
        dated_width = font.getlength(SEPARATOR + dated, direction=way) if dated else 0
        space = WIDTH - 2 * MARGIN - dated_width
        named = _lines(card.claimant, font, int(space), 1, direction, "") if card.claimant else []
        shown = SEPARATOR.join([*named[:1], *([dated] if dated else [])])
        if shown:
            writer.text(HEIGHT - 76, shown, font, TEXT, card.language)
    paletted = Image.frombytes("P", image.size, image.tobytes())
    paletted.putpalette(_palette(card.tone))
    out = io.BytesIO()
    paletted.save(out, "PNG", compress_level=3)
    return out.getvalue()


# -- the cache of drawn cards ------------------------------------------------------------------


_TEMPORARY: list[Path] = []


def card_folder(root: Path) -> Path:
    """Where the cards of the site at `root` are kept: in the cache folder, a folder a site;
    with the cache off, a temporary folder removed when the process ends."""
    base = cache.folder()
    if base is None:
        if not _TEMPORARY:
            _TEMPORARY.append(Path(tempfile.mkdtemp(prefix="factcheck-cards-")))
            atexit.register(shutil.rmtree, _TEMPORARY[0], True)
        return _TEMPORARY[0]
    name = hashlib.sha256(os.fsencode(Path(root).resolve())).hexdigest()[:24]
    return base / "cards" / name


def _usable(path: Path) -> bool:
    """Whether a kept card may be published: this user's own regular file, no one else may
    write it, not a link, no larger than a card is, and a PNG."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES or not cache.private(info):
        return False
    with path.open("rb") as stream:
        return stream.read(8) == b"\x89PNG\r\n\x1a\n"


def _write(path: Path, data: bytes) -> None:
    """A card written whole or not at all (a cache file: renamed into place, not synced)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _draw_into(jobs: Sequence[tuple[str, Card]], folder: str) -> int:
    for key, card in jobs:
        _write(Path(folder) / f"{key}.png", draw(card))
    return len(jobs)


@dataclass(frozen=True, slots=True)
class Drawn:
    """The cards of a build: each card's file, how many were drawn (the rest were kept), and
    what the cards leave out, by claim."""

    files: Mapping[str, Path]
    drawn: int
    omitted: Mapping[str, tuple[str, ...]]
    seconds: float = 0.0


def ensure(
    cards: Mapping[str, Card], folder: Path, *, processes: int = 1, prune: bool = False
) -> Drawn:
    """Every card of `cards` (by claim id) as a file in `folder`: those kept there as they
    are, the others drawn (on `processes` forked workers when there are many); with `prune`,
    the cards no claim shows any more are removed."""
    started = time.perf_counter()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    keys = {claim: card.key() for claim, card in cards.items()}
    missing: dict[str, Card] = {}
    for claim, key in keys.items():
        if key not in missing and not _usable(folder / f"{key}.png"):
            missing[key] = cards[claim]
    jobs = list(missing.items())
    forked = "fork" in multiprocessing.get_all_start_methods()
    if processes > 1 and len(jobs) >= MINIMUM and forked:
        chunk = max(1, min(50, len(jobs) // (processes * 4)))
        parts = [jobs[i : i + chunk] for i in range(0, len(jobs), chunk)]
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            pool.starmap(_draw_into, [(part, str(folder)) for part in parts])
    elif jobs:
        _draw_into(jobs, str(folder))
    if prune:
        wanted = {f"{key}.png" for key in keys.values()}
        for path in folder.glob("*.png"):
            if path.name not in wanted:
                path.unlink(missing_ok=True)
    omitted = {claim: tuple(found) for claim, card in cards.items() if (found := omissions(card))}
    files = {c: folder / f"{k}.png" for c, k in keys.items()}
    return Drawn(files, len(jobs), omitted, time.perf_counter() - started)
