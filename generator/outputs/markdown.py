"""The Markdown fields of claims and sources (summary, analysis, notes…) as HTML: rendered by
Python-Markdown, then sanitised by nh3, the one sanitiser every such field goes through."""

from __future__ import annotations

import html
import re

import markdown as markdown_lib
import nh3
from markupsafe import Markup

# No "smarty": the editors' quotes and dashes are shown as they typed them.
_MARKDOWN = markdown_lib.Markdown(extensions=["sane_lists"], output_format="html")
#: Text with none of Markdown's syntax renders to paragraphs of escaped text, which is what the
#: Markdown library would produce, a hundred times faster (most summaries and notes are plain).
_MARKUP_CHARS = re.compile(
    r"[\\`*_\[\]<>&#!|~\t]|  \n|^ {0,3}([-+=]|\d+[.)]) ?|^ {4}", re.MULTILINE
)
#: What survives in a Markdown field: nh3's default tags (no script, style, iframe, form or
#: event-handler attributes) less images (the site must not fetch anything from elsewhere), and
#: only web and mail links.
_TAGS = nh3.ALLOWED_TAGS - {"img", "map", "area"}
_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str | None) -> Markup:
    """A Markdown field as HTML that is safe to put in a page."""
    if not text:
        return Markup("")
    if _MARKUP_CHARS.search(text) is None:
        paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", text.strip())]
        return Markup("\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p))
    _MARKDOWN.reset()
    converted = _MARKDOWN.convert(text)
    return Markup(
        nh3.clean(converted, tags=_TAGS, url_schemes=_URL_SCHEMES, link_rel="noopener nofollow")
    )
