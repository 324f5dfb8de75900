"""PDFs written by hand for the tests: every byte known, nothing downloaded.

`pdf()` makes a PDF whose pages show lines of text at given positions in Helvetica (with the
`fi` and `fl` ligature glyphs at codes 128 and 129, as a typesetter uses them), or nothing.
"""

from __future__ import annotations

Line = tuple[float, float, str]  # x, y (from the bottom of a 612 x 792 page), text


def _string(text: str) -> bytes:
    raw = b"".join(
        {"\ufb01": b"\x80", "\ufb02": b"\x81"}.get(c) or c.encode("cp1252") for c in text
    )
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def content(lines: list[Line], size: float = 11) -> bytes:
    """A page's content stream showing `lines`."""
    out = [b"BT", f"/F1 {size:g} Tf".encode()]
    for x, y, text in lines:
        out.append(f"1 0 0 1 {x:g} {y:g} Tm ".encode() + _string(text) + b" Tj")
    out.append(b"ET")
    return b"\n".join(out)


def pdf(pages: list[bytes], *, title: str | None = None, author: str | None = None) -> bytes:
    """A PDF of the given content streams, one a page, with its document information."""
    objects: list[bytes] = []
    font = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
        b"/BaseEncoding /WinAnsiEncoding /Differences [128 /fi /fl] >> >>"
    )
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")  # 1
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())  # 2
    objects.append(font)  # 3
    for i, stream in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font "
            f"<< /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    info = []
    if title:
        info.append(b"/Title " + _string(title))
    if author:
        info.append(b"/Author " + _string(author))
    info.append(b"/CreationDate (D:20230130120000Z)")
    objects.append(b"<< " + b" ".join(info) + b" >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def column(x: float, top: float, lines: list[str], leading: float = 14) -> list[Line]:
    """`lines` one under the other from (x, top)."""
    return [(x, top - i * leading, text) for i, text in enumerate(lines)]
