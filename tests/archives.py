"""Web archives written for the tests and the example (warcio): a WARC of responses, and a
WACZ packaging one, with its `datapackage.json` hashes and page list."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DATE = "2023-01-31T09:30:00Z"


def warc(
    responses: list[tuple[str, str, bytes]],
    *,
    status: str = "200 OK",
    gzip: bool = True,
    revisit: bool = False,
    date: str = DATE,
    truncated: str | None = None,
    declared: int | None = None,
) -> bytes:
    """A WARC holding a response for each (url, content type, body); `truncated` gives its
    records a WARC-Truncated reason, `declared` an HTTP Content-Length of its own."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    for url, content_type, body in responses:
        headers = StatusAndHeaders(
            status,
            [("Content-Type", content_type), ("Content-Length", str(declared or len(body)))],
            protocol="HTTP/1.1",
        )
        if revisit:
            record = writer.create_revisit_record(
                url,
                digest="sha1:AAAA",
                refers_to_uri=url,
                refers_to_date=date,
                http_headers=headers,
            )
        else:
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=headers,
                warc_headers_dict={
                    "WARC-Date": date,
                    **({"WARC-Truncated": truncated} if truncated else {}),
                },
            )
        writer.write_record(record)
    return out.getvalue()


def wacz(archive: bytes, pages: list[str], *, tamper: bool = False) -> bytes:
    """A WACZ (1.1.1) of one WARC: `datapackage.json` with each file's sha256, and the pages."""
    files = {
        "archive/data.warc.gz": archive,
        "pages/pages.jsonl": (
            json.dumps({"format": "json-pages-1.0", "id": "pages"})
            + "\n"
            + "".join(json.dumps({"url": u, "ts": DATE}) + "\n" for u in pages)
        ).encode(),
    }
    package = {
        "profile": "data-package",
        "wacz_version": "1.1.1",
        "resources": [
            {
                "name": path.rsplit("/", 1)[-1],
                "path": path,
                "bytes": len(data),
                "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            }
            for path, data in files.items()
        ],
    }
    if tamper:
        files["archive/data.warc.gz"] = archive[:-10] + b"0123456789"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zipped:
        for path, data in files.items():
            zipped.writestr(path, data)
        zipped.writestr("datapackage.json", json.dumps(package))
    return out.getvalue()
