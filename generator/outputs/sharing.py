"""Fact-checks that travel (issue 31): share links with no tracker, the code that embeds a
claim's card on another site, and its oEmbed document.

A share link is a plain address of the network's own "share" page with the claim's address and
title in it: nothing of the network's is loaded until a reader follows one (no script, no
image, no request), and the system's share sheet is offered where the browser has one
(factcheck.js, `navigator.share`). The embed is an iframe of `/claims/<id>/embed/`, a page of
its own with no script; oEmbed (https://oembed.com/, version 1.0, type `rich`) describes it
for the publishing systems that look for a `json+oembed` link in a page's head.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote, urlencode

#: Width and height of the embed's iframe, in CSS pixels: it reads from 300 pixels wide.
EMBED_WIDTH, EMBED_HEIGHT = 560, 340


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """(network, address) of each network's own share page, with the page's address and
    title; e-mail last. (Mastodon has no share page of its own, only third parties' choosers
    of an instance: the system's share sheet reaches it.)"""
    both = f"{title} {url}"
    return [
        ("Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": both})),
        ("X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        (
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        ),
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": both})),
        ("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
        ("Reddit", "https://www.reddit.com/submit?" + urlencode({"url": url, "title": title})),
        ("E-mail", f"mailto:?subject={quote(title)}&body={quote(both)}"),
    ]


def iframe(embed_url: str, title: str) -> str:
    """The HTML that embeds a claim's card: an iframe as wide as its column up to
    `EMBED_WIDTH`, lazily loaded, with a title for screen readers."""
    return (
        f'<iframe src="{html.escape(embed_url)}" title="{html.escape(title)}" '
        f'width="{EMBED_WIDTH}" height="{EMBED_HEIGHT}" loading="lazy" '
        f'style="border:0;max-width:100%"></iframe>'
    )


def oembed(
    *,
    embed_url: str,
    title: str,
    site_name: str,
    site_url: str,
    card_url: str | None,
) -> dict[str, Any]:
    """The oEmbed document (1.0, `rich`) of a claim's embed: every address absolute."""
    document: dict[str, Any] = {
        "version": "1.0",
        "type": "rich",
        "title": title,
        "provider_name": site_name,
        "provider_url": site_url,
        "html": iframe(embed_url, f"{site_name}: {title}"),  # as the claim page gives it
        "width": EMBED_WIDTH,
        "height": EMBED_HEIGHT,
    }
    if card_url:
        document.update(thumbnail_url=card_url, thumbnail_width=1200, thumbnail_height=630)
    return document
