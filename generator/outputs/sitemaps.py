"""The sitemap of a site of any size, small where readers fetch it (issue 22).

MkDocs writes one `sitemap.xml` of every page. Material's script fetches `sitemap.xml` beside
every `<link rel=alternate>` of a page, and the feed's link is one, so every reader's first visit
downloaded the whole sitemap: 1.57 MB at 11,000 pages. And the sitemaps protocol caps a file at
50,000 addresses. After the build, the one file becomes a sitemap index (a few hundred bytes per
10,000 pages) naming shards of `SHARD` addresses each, `sitemaps/1.xml`, `sitemaps/2.xml`...:
search engines read them all; Material finds no page addresses in an index and keeps an empty
list (it uses it only to switch languages with `extra.alternate`, which a generated site lacks).
"""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ..files import write_atomic
from .plan import SITEMAPS_FOLDER

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: Addresses per shard (the protocol allows 50,000 and 50 MB uncompressed).
SHARD = 10_000
_SHARD_NAME = re.compile(r"[0-9]+\.xml")


@dataclass(frozen=True, slots=True)
class Sharded:
    """What `shard` wrote: how many addresses, in how many shards."""

    addresses: int
    shards: int


def shard(site_dir: Path, site_url: str | None, size: int = SHARD) -> Sharded | None:
    """Replace `site_dir/sitemap.xml` (and its `.gz`) by a sitemap index of shards of `size`
    addresses; None when there is no sitemap of pages to shard (a theme without one, or a site
    without `site_url`, whose sitemap MkDocs leaves empty)."""
    path = site_dir / "sitemap.xml"
    if not site_url or not path.is_file():
        return None
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError:
        return None
    if root.tag != f"{{{NS}}}urlset":
        return None
    entries = []
    for url in root.iter(f"{{{NS}}}url"):
        loc = (url.findtext(f"{{{NS}}}loc") or "").strip()
        if loc:
            entries.append((loc, (url.findtext(f"{{{NS}}}lastmod") or "").strip()))
    base = site_url.rstrip("/") + "/"
    folder = site_dir / SITEMAPS_FOLDER
    folder.mkdir(exist_ok=True)
    index = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{NS}">']
    shards = 0
    for shards, start in enumerate(range(0, max(len(entries), 1), size), 1):
        chunk = entries[start : start + size]
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{NS}">']
        for loc, lastmod in chunk:
            modified = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
            lines.append(f"<url><loc>{escape(loc)}</loc>{modified}</url>")
        lines.append("</urlset>\n")
        write_atomic(folder / f"{shards}.xml", "\n".join(lines).encode(), replace=True)
        newest = max((lastmod for _, lastmod in chunk), default="")
        modified = f"<lastmod>{escape(newest)}</lastmod>" if newest else ""
        index.append(
            f"<sitemap><loc>{escape(base)}{SITEMAPS_FOLDER}/{shards}.xml</loc>{modified}</sitemap>"
        )
    index.append("</sitemapindex>\n")
    for old in folder.iterdir():  # shards of an earlier, larger build (`mkdocs build --dirty`)
        if _SHARD_NAME.fullmatch(old.name) and int(old.name[:-4]) > shards:
            old.unlink()
    text = "\n".join(index).encode()
    write_atomic(path, text, replace=True)
    write_atomic(path.with_name("sitemap.xml.gz"), gzip.compress(text, mtime=0), replace=True)
    return Sharded(len(entries), shards)
