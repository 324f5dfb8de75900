"""Markdown fields: the plain-text fast path renders what the Markdown library would."""

from __future__ import annotations

import nh3
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.outputs.markdown import _MARKDOWN, _TAGS, _URL_SCHEMES, render_markdown


def _library(text: str) -> str:
    _MARKDOWN.reset()
    return nh3.clean(
        _MARKDOWN.convert(text), tags=_TAGS, url_schemes=_URL_SCHEMES, link_rel="noopener nofollow"
    )


def _squeeze(html: str) -> str:
    return (
        " ".join(html.replace("<p>", " <p>").replace("</p>", "</p> ").split())
        .replace(" </p>", "</p>")
        .replace("<p> ", "<p>")
    )


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab cd.,;:'\"\n\t-+=1)(?&<*_#\u2019é")), max_size=60))
def test_fast_path_matches_the_markdown_library(text: str) -> None:
    if text.strip():
        assert _squeeze(str(render_markdown(text))) == _squeeze(_library(text))


def test_markdown_is_rendered_and_sanitised() -> None:
    html = str(render_markdown("**bold** <script>x()</script> [a](javascript:x()) <img src=y>"))
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "javascript:" not in html and "<img" not in html
