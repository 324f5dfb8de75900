"""Writes the example site's web archive and the later page it is compared with: the stored
text of the citing article (`sources/citing-article.txt`) set as a web page and captured in a
WACZ, and the same page as it might read later, with one quoted passage softened. Both are made
for the example (its address is example.org's), from material it may store; the first is
ingested, the second kept as a later version by `recheck --write`:

    .venv/bin/python tests/make_example_archive.py /tmp/example
    python -m generator ingest /tmp/example/citing-article.wacz --id citing-article-archive
    python -m generator recheck citing-article-archive --capture /tmp/example/later.html --write
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

from archives import wacz, warc

PROJECT = Path(__file__).resolve().parent.parent
URL = "https://example.org/news/china-and-north-korea-warn-nato"
TITLE = "China and North Korea warn NATO as Stoltenberg tours Asia"
SOFTENED = (
    "'China is a cooperation partner… not a challenge'",
    "'China is a partner… not a rival'",
)


def page(text: str) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.splitlines() if p.strip())
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{html.escape(TITLE)}</title>"
        f'<meta property="og:site_name" content="Example News">'
        f'<meta property="article:published_time" content="2023-01-31">'
        f'<link rel="canonical" href="{URL}"></head>'
        f"<body><article><h1>{html.escape(TITLE)}</h1>\n{paragraphs}</article></body></html>"
    ).encode()


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    text = (PROJECT / "sources/citing-article.txt").read_text(encoding="utf-8")
    (out / "citing-article.wacz").write_bytes(
        wacz(warc([(URL, "text/html; charset=utf-8", page(text))]), [URL])
    )
    assert SOFTENED[0] in text
    (out / "later.html").write_bytes(page(text.replace(*SOFTENED)))


if __name__ == "__main__":
    main()
