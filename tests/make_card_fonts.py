"""Writes the fonts the share cards are drawn with (generator/assets/fonts/), from Debian's Noto
packages (SIL Open Font License 1.1, no reserved font name), so that a build never fetches a
font and draws every script the site's languages are written in:

- `CardSans-Regular.woff`, `CardSans-Bold.woff`: Noto Sans (Latin, Greek, Cyrillic), Noto Sans
  Arabic and Noto Sans Devanagari merged into one font each (fontTools), so that one line mixing
  scripts ("NATO" in an Arabic sentence) is laid out by one call of Pillow's raqm engine,
  which orders the directions (FriBiDi) and shapes each script (HarfBuzz);
- `CardSansCJK-Regular.woff`: Noto Sans CJK SC with the Han characters of GB 2312 and the first
  level of JIS X 0208, the kana, the 2,350 Hangul syllables of KS X 1001, and Latin, about
  11,000 characters (the whole font is 19 MB);
- `coverage.json`: the code points each covers, as ranges, which the cards read to choose a
  font for a text (or to leave it out when none covers it) without opening the fonts.

    apt-get download fonts-noto-core fonts-noto-cjk
    for d in fonts-noto-*.deb; do dpkg-deb -x "$d" noto; done
    .venv/bin/python tests/make_card_fonts.py noto generator/assets/fonts
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger, Options
from fontTools.ttLib import TTFont

LATIN = [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x2000, 0x2070), 0x20AC]


def _chars(codec: str, points: range) -> set[int]:
    found = set()
    for point in points:
        try:
            chr(point).encode(codec)
        except UnicodeEncodeError:
            continue
        found.add(point)
    return found


def _jis_level_one() -> set[int]:
    found = set()
    for high in range(0x88, 0x99):
        for low in range(0x40, 0xFD):
            try:
                found.add(ord(bytes([high, low]).decode("shift_jis")))
            except (UnicodeDecodeError, TypeError):
                continue
    return {p for p in found if 0x4E00 <= p < 0xA000}


def _options() -> subset.Options:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.hinting = False  # the cards are drawn large: hinting would only add bytes
    options.notdef_outline = True
    return options


def _renamed(font: TTFont, family: str, style: str) -> None:
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    names.setName(family, 1, 3, 1, 0x409)
    names.setName(style, 2, 3, 1, 0x409)
    names.setName(f"{family} {style}", 4, 3, 1, 0x409)
    names.setName(f"{family.replace(' ', '')}-{style}", 6, 3, 1, 0x409)
    names.setName(f"{family} {style}; made from Noto fonts", 3, 3, 1, 0x409)


def _ranges(points: set[int]) -> list[list[int]]:
    ranges: list[list[int]] = []
    for point in sorted(points):
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return ranges


def main() -> None:
    noto, out = Path(sys.argv[1]), Path(sys.argv[2])
    truetype = noto / "usr/share/fonts/truetype/noto"
    out.mkdir(parents=True, exist_ok=True)
    coverage: dict[str, list[list[int]]] = {}
    for style in ("Regular", "Bold"):
        parts = [
            truetype / f"NotoSans-{style}.ttf",
            truetype / f"NotoSansArabic-{style}.ttf",
            truetype / f"NotoSansDevanagari-{style}.ttf",
        ]
        merged = Merger(options=Options(drop_tables=["DSIG"])).merge([str(p) for p in parts])
        subsetter = subset.Subsetter(_options())
        subsetter.populate(unicodes=merged.getBestCmap().keys())
        subsetter.subset(merged)
        _renamed(merged, "Card Sans", style)
        merged.flavor = "woff"
        merged.save(out / f"CardSans-{style}.woff")
        coverage[f"CardSans-{style}.woff"] = _ranges(set(merged.getBestCmap()))
    han = range(0x4E00, 0xA000)
    wanted = (
        _chars("gb2312", han)
        | _jis_level_one()
        | _chars("iso2022_kr", range(0xAC00, 0xD7A4))
        | set(range(0x3000, 0x3100))
        | set(range(0xFF00, 0xFFF0))
        | set(LATIN)
    )
    cjk = TTFont(noto / "usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", fontNumber=2)
    subsetter = subset.Subsetter(_options())
    subsetter.populate(unicodes=wanted)
    subsetter.subset(cjk)
    _renamed(cjk, "Card Sans CJK", "Regular")
    cjk.flavor = "woff"
    cjk.save(out / "CardSansCJK-Regular.woff")
    coverage["CardSansCJK-Regular.woff"] = _ranges(set(cjk.getBestCmap()))
    (out / "coverage.json").write_text(json.dumps(coverage, separators=(",", ":")) + "\n")
    licence = noto / "usr/share/doc/fonts-noto-core/copyright"
    text = licence.read_text(encoding="utf-8")
    start = text.index("License: OFL-1.1\n PREAMBLE")
    end = text.find("\nLicense:", start + 1)
    ofl = text[start + len("License: OFL-1.1\n") : end if end != -1 else len(text)]
    (out / "OFL.txt").write_text(
        "The fonts in this folder are made from Google's Noto fonts (Noto Sans, Noto Sans "
        "Arabic, Noto Sans Devanagari, Noto Sans CJK SC),\nCopyright 2010-2020 Google Inc. and "
        "Google LLC, by tests/make_card_fonts.py (merged and subset with fontTools),\nunder the "
        "SIL Open Font License, Version 1.1:\n\n"
        + "\n".join("" if line == " ." else line[1:] for line in ofl.splitlines())
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
