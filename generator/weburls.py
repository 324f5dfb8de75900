"""The one test of a web address, shared by the loader (`url`, `archive_url`) and `ingest`."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")


def url_problem(text: str) -> str | None:
    """Why `text` is not an absolute http(s) address (to follow "the address …"), or None.

    It must have the scheme http or https, a host (a name, an IPv4 address or a bracketed IPv6
    address), a port between 0 and 65535 if any, and no white space or control characters.
    """
    if _UNSAFE.search(text):
        return "contains white space or a control character (a space is written %20)"
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError as error:  # a malformed IPv6 literal, a bad port
        return f"is malformed ({error})"
    if parts.scheme not in ("http", "https"):
        return "does not start with http:// or https://"
    if not host:
        return "has no host name"
    if host.startswith("[") or ("[" in parts.netloc and ":" not in host):
        return "has a malformed host"
    return None


def readable(url: str) -> str:
    """An address as a reader reads it: percent-escapes of UTF-8 written as their letters
    (`https://fatabyyano.net/هذه-الصور…`, not `%d9%87%d8%b0…`), as a browser's address bar
    shows it; the address as written when that would show a control, format or space
    character (an escape that is not text must stay seen), or is not UTF-8."""
    from urllib.parse import unquote

    if "%" not in url:
        return url
    try:
        shown = unquote(url, errors="strict")
    except UnicodeDecodeError:
        return url
    if any(unicodedata.category(c)[0] in "CZ" for c in shown):
        return url
    return shown


def media_type(value: str | None) -> tuple[str, str | None]:
    """A Content-Type header's media type (lowercase) and its `charset`, when it names one."""
    main, *params = (value or "").split(";")
    charset = None
    for param in params:
        name, _, given = param.partition("=")
        if name.strip().lower() == "charset":
            charset = given.strip().strip("\"'") or None
    return main.strip().lower(), charset
