"""A PDF as a snapshot: its text, page by page, with a form feed between pages (SPEC §2).

The text is pdfminer.six's (pure Python, maintained), read with its layout analysis, so that a
page in columns is read column by column and each text box is a block (blocks separated by
blank lines). What PDF typesetting does to words is undone where the document itself says how:
a word hyphenated at a line's end is joined, and keeps its hyphen only where the document writes
the same word with a hyphen elsewhere on one line (`well-known`); the Latin ligatures (`ﬁ`, `ﬂ`)
are written as their letters. A glyph the PDF gives no text for is stored as U+FFFD, which no
quote can match, and the notes say on which pages. A page without text (a scanned image) is an
empty page, said plainly; a PDF without any text, an encrypted one or a broken one is refused
with the reason.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator

from ..text import canonical_str
from .document import Document, ReadError
from .webpage import clean_field

#: More pages than this is not a document an editor quotes from; it is refused, not read for
#: an hour.
MAX_PAGES = 3000
#: How far apart (in character widths) two characters of one line may be: pdfminer's 2 splits
#: the widely spaced lines of justified text into pieces it then reorders; 3 keeps them whole
#: and still tells columns apart by their gutter.
CHAR_MARGIN = 3.0
_UNMAPPED = re.compile(r"\(cid:\d+\)")
_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)
_HYPHENATED = re.compile(r"(\w+)[-\u00ad\u2010]$")
_LOWER_START = re.compile(r"^([^\W\d_][\w]*)")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def is_pdf(data: bytes) -> bool:
    """Whether `data` is a PDF (its header may follow up to a kilobyte of other bytes)."""
    return b"%PDF-" in data[:1024]


def _pages(data: bytes) -> Iterator[tuple[list[list[str]], bool]]:
    """Each page's text boxes (each a list of lines) and whether it shows any image."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTFigure, LTImage, LTTextContainer, LTTextLine

    layout_params = LAParams(char_margin=CHAR_MARGIN)

    def images(item: object) -> bool:
        if isinstance(item, LTImage):
            return True
        return isinstance(item, LTFigure) and any(images(child) for child in item)

    for number, layout in enumerate(extract_pages(io.BytesIO(data), laparams=layout_params), 1):
        if number > MAX_PAGES:
            raise ReadError(f"the PDF has more than {MAX_PAGES} pages; split it first")
        boxes: list[list[str]] = []
        pictured = False
        for item in layout:
            if isinstance(item, LTTextContainer):
                lines = [
                    _CONTROLS.sub("", line.get_text()).strip()
                    for line in item
                    if isinstance(line, LTTextLine)
                ]
                if any(lines):
                    boxes.append([line for line in lines if line])
            pictured = pictured or images(item)
        yield boxes, pictured


def _join(lines: list[str], hyphenated: set[str]) -> str:
    """The lines of one text box as one paragraph, words hyphenated at line ends joined."""
    out = ""
    for line in lines:
        line = " ".join(line.split())
        if not out:
            out = line
            continue
        end, start = _HYPHENATED.search(out), _LOWER_START.match(line)
        if end and start and start.group(1)[0].islower():
            compound = f"{end.group(1)}-{start.group(1)}".casefold()
            out = out[:-1] + ("-" if compound in hyphenated else "") + line
        else:
            out = f"{out} {line}"
    return out


def extract_pdf(data: bytes, name: str) -> Document:
    """The text of the PDF `data` (from the file `name`), page by page; `ReadError` if it
    has no text or cannot be read."""
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pages = list(_pages(data))
        info = _info(data)
    except ReadError:
        raise
    except PDFPasswordIncorrect:
        raise ReadError(
            "the PDF is encrypted with a password; save a copy without one (print to PDF) and "
            "ingest that"
        ) from None
    except RecursionError:
        raise ReadError("the PDF cannot be read: its objects nest too deeply") from None
    except Exception as error:
        reason = " ".join(str(error).split())[:120]
        raise ReadError(
            f"the PDF cannot be read ({type(error).__name__}{': ' + reason if reason else ''})"
        ) from None
    if not pages:
        raise ReadError("the PDF has no pages")
    # Words the document writes with a hyphen inside one line: kept so where a line break
    # splits them too.
    hyphenated = {
        word.casefold()
        for boxes, _ in pages
        for box in boxes
        for line in box
        for word in re.findall(r"\w+-\w+", line)
    }
    texts: list[str] = []
    notes: list[str] = []
    empty, unmapped = [], []
    for number, (boxes, pictured) in enumerate(pages, 1):
        blocks = [_join(box, hyphenated).translate(_LIGATURES) for box in boxes]
        text = "\n\n".join(block for block in blocks if block)
        if _UNMAPPED.search(text):
            unmapped.append(number)
            text = _UNMAPPED.sub("\ufffd", text)
        if not text:
            empty.append((number, pictured))
        texts.append(canonical_str(text))
    if len(empty) == len(pages):
        scanned = any(pictured for _, pictured in empty)
        raise ReadError(
            f"the PDF has no text on any of its {len(pages)} page{'s' * (len(pages) != 1)}"
            + (" (they are images: a scan)" if scanned else "")
            + "; run OCR on it first (e.g. ocrmypdf) and ingest the result"
        )
    if empty:
        listed = ", ".join(
            f"{n}{' (an image: a scan?)' if pictured else ''}" for n, pictured in empty
        )
        notes.append(
            f"page{'s' * (len(empty) != 1)} {listed} of the PDF "
            f"{'have' if len(empty) != 1 else 'has'} no text"
        )
    if unmapped:
        notes.append(
            "the PDF gives no text for some characters on page"
            f"{'s' * (len(unmapped) != 1)} {', '.join(map(str, unmapped))}; they are stored as"
            " U+FFFD, and words holding them match no quote"
        )
    if info.get("created"):
        notes.append(f"the PDF says it was made on {info['created']}")
    first = next((t.split("\n\n", 1)[0] for t in texts if t), "")
    title = info.get("title") or (first if 0 < len(first) <= 150 else None) or name
    author = info.get("author")
    return Document(
        text="\n\f".join(texts) + "\n",
        title=clean_field(title),
        authors=(author,) if author else (),
        kind="other",
        notes=notes,
    )


def _info(data: bytes) -> dict[str, str]:
    """Title, author and creation date from the PDF's document information."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    found: dict[str, str] = {}
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    for info in document.info[:1]:
        for key, name in (("Title", "title"), ("Author", "author"), ("CreationDate", "created")):
            value = resolve1(info.get(key))
            if isinstance(value, bytes):
                value = decode_text(value)
            if isinstance(value, str) and (value := clean_field(value) or ""):
                found[name] = value
    if "created" in found:
        match = re.match(r"D:(\d{4})(\d{2})(\d{2})", found["created"])
        try:
            found["created"] = dt.date(*map(int, match.groups())).isoformat() if match else ""
        except ValueError:
            found["created"] = ""
    return found
