"""A document as a server sent it (or an archive kept it): its body read by the PDF reader or
the web page reader, chosen by the Content-Type (a PDF's bytes say so too), with the charset
the server named."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from .document import Document


def read_payload(body: bytes, url: str, content_type: str, charset: str | None = None) -> Document:
    """The document in `body`, as the address `url` sent it with `content_type`."""
    from .pdf import extract_pdf, is_pdf
    from .webpage import extract

    if content_type == "application/pdf" or is_pdf(body):
        name = PurePosixPath(urlsplit(url).path).stem or "document"
        return extract_pdf(body, name)
    return extract(body, url=url, charset=charset)
