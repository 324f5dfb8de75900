"""Writes the example site's PDF source, `docs/documents/citing-article-print.pdf`: the stored
text of the citing article (`sources/citing-article.txt`) set on A5 pages, so that the example
has a paged source made from material it may store. Run once; the PDF is committed, and
`test_example_pdf` checks that ingesting it gives the committed snapshot.

    .venv/bin/python tests/make_example_pdf.py [--font FONT.ttf]

The font defaults to Debian's DejaVu Sans (/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from fpdf import FPDF

PROJECT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--font", default="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    args = parser.parse_args()
    text = (PROJECT / "sources/citing-article.txt").read_text(encoding="utf-8")
    document = FPDF(format="A5")
    document.set_creation_date(dt.datetime(2023, 1, 31, tzinfo=dt.UTC))
    document.set_title("China and North Korea warn NATO as Stoltenberg tours Asia (print)")
    document.add_font("body", fname=args.font)
    document.set_font("body", size=10)
    document.set_margins(18, 18)
    document.add_page()
    for paragraph in text.strip().split("\n"):
        document.multi_cell(0, 5, paragraph)
        document.ln(3)
    out = PROJECT / "docs/documents/citing-article-print.pdf"
    out.write_bytes(bytes(document.output()))
    print(f"wrote {out.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
