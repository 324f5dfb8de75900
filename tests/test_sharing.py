"""Fact-checks that travel (issue 31): a share card per claim (its size, format, tags, the
shaping of Arabic, Devanagari and CJK on it, what it leaves out, and the cache that draws only
what changed), the embeddable card (its weight, no script, no sideways scrolling at 300 pixels
in Chromium) and its oEmbed document, and share links that load nothing of anyone else's."""

from __future__ import annotations

import io
import json
import os
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageDraw, ImageFont
from playwright.sync_api import Browser
from sitebuild import (
    EXAMPLE_CLAIMS,
    copy_example_site,
    mkdocs_build,
    page,
    run_generator,
    serve,
    with_options,
)

from generator.outputs import cards
from generator.outputs.cards import BAND, HEIGHT, MARGIN, TEXT, WIDTH, Card, draw, omissions

SITE = "https://factcheck.example.org/"
ARABIC = "قال المتحدث إن الصين شريك للتعاون وليست تحدياً"
HINDI = "प्रवक्ता ने कहा कि क्षेत्र में शांति और स्थिरता ज़रूरी है"
CHINESE = "中国外交部发言人表示中国是合作伙伴"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example_site(tmp_path_factory.mktemp("example"))
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    assert "share cards" in built.stderr
    return root


def _card(claim: str, claim_language: str = "en", *, rtl: bool = False, **given: str) -> Card:
    fields = {
        "verdict": "Accurate",
        "tone": "good",
        "claim": claim,
        "claim_language": claim_language,
        "claimant": "Mao Ning",
        "date": "30 January 2023",
        "site": "Fact-checks",
        "language": "en",
        "rtl": rtl,
        **given,
    }
    return Card(**fields)  # type: ignore[arg-type]


def _indices(png: bytes) -> Image.Image:
    """A card's pixels as the values it was drawn with (its palette's indices)."""
    image = Image.open(io.BytesIO(png))
    assert image.mode == "P"
    return Image.frombytes("L", image.size, image.tobytes())


def _first_line(card: Card, engine: ImageFont.Layout, font_file: str) -> Image.Image:
    """The card's first line of claim as it would be drawn by `engine` in `font_file`, alone
    on an empty card, at the place the card draws it."""
    size = 50 if len(card.claim) < 120 else 44
    font = ImageFont.truetype(str(cards.FONTS / font_file), size, layout_engine=engine)
    shaped = cards._font(font_file, size)
    direction = cards._direction(card.claim, card.rtl)
    line = cards._lines(card.claim, shaped, WIDTH - 2 * MARGIN, 1, direction, card.claim_language)
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    x = WIDTH - MARGIN if card.rtl else MARGIN
    ImageDraw.Draw(image).text(
        (x, BAND + 40 + size),
        line[0].removesuffix(cards.ELLIPSIS),
        font=font,
        fill=TEXT,
        anchor="rs" if card.rtl else "ls",
        **(
            {"direction": direction, "language": card.claim_language}
            if engine == ImageFont.Layout.RAQM
            else {}
        ),
    )
    return image


def _region(image: Image.Image, size: int = 50) -> Image.Image:
    top = BAND + 40 + size
    return image.crop((0, top - size, WIDTH, top + size // 3))


# -- the card ----------------------------------------------------------------------------------


def test_every_claim_page_has_its_card_and_tags(example: Path) -> None:
    site = example / "site"
    claims = sorted(p.stem for p in (example / "claims").glob("*.yml"))
    for claim_id in claims:
        head = page(site, f"claims/{claim_id}/").head
        assert head is not None
        meta = {m.get("property") or m.get("name"): m.get("content") for m in head.select("meta")}
        assert meta["og:image"] == f"{SITE}claims/{claim_id}/card.png"
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["og:image:alt"] == meta["og:description"]  # verdict and claim, in words
        data = (site / f"claims/{claim_id}/card.png").read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) <= 200_000
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (1200, 630) and image.format == "PNG"
        oembed = head.select_one('link[rel="alternate"][type="application/json+oembed"]')
        assert oembed is not None
        assert oembed["href"] == f"{SITE}oembed/{claim_id}.json"


def test_the_verdict_is_on_the_card_in_its_colour() -> None:
    png = draw(_card("The words."))
    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
    assert rgb.getpixel((WIDTH - 10, 10)) == (0x1B, 0x7F, 0x3B)  # the band: good's green
    band = _indices(png).crop((0, 0, WIDTH, BAND))
    assert band.getextrema()[1] == 255  # white letters on it
    bad = Image.open(io.BytesIO(draw(_card("The words.", verdict="False", tone="bad"))))
    assert bad.convert("RGB").getpixel((WIDTH - 10, 10)) == (0xB3, 0x26, 0x1E)


@pytest.mark.parametrize(
    ("text", "language", "rtl", "font_file"),
    [
        (ARABIC, "ar", True, "CardSans-Regular.woff"),
        (HINDI, "hi", False, "CardSans-Regular.woff"),
    ],
)
def test_arabic_and_devanagari_are_shaped_on_the_card(
    text: str, language: str, rtl: bool, font_file: str
) -> None:
    """The card's line is the shaped one (raqm: joined, right to left, conjuncts), pixel for
    pixel, and not the one drawn letter by letter (Pillow's basic layout)."""
    assert cards.shaping(), "make test installs FriBiDi (libfribidi0), which raqm loads"
    card = _card(text, language, rtl=rtl, language=language)
    drawn = _region(_indices(draw(card)))
    shaped = _region(_first_line(card, ImageFont.Layout.RAQM, font_file))
    unshaped = _region(_first_line(card, ImageFont.Layout.BASIC, font_file))
    assert ImageChops.difference(drawn, shaped).getbbox() is None
    assert ImageChops.difference(drawn, unshaped).getbbox() is not None
    if rtl:  # laid out from the right
        box = drawn.getbbox()
        assert box is not None and box[2] >= WIDTH - MARGIN - 8 and box[0] > MARGIN


def test_chinese_is_drawn_with_the_cjk_font_never_as_boxes() -> None:
    card = _card(CHINESE, "zh")
    assert cards.font_for(CHINESE) == "CardSansCJK-Regular.woff"
    drawn = _region(_indices(draw(card)))
    cjk = _region(_first_line(card, ImageFont.Layout.RAQM, "CardSansCJK-Regular.woff"))
    boxes = _region(_first_line(card, ImageFont.Layout.RAQM, "CardSans-Regular.woff"))
    assert ImageChops.difference(drawn, cjk).getbbox() is None
    assert ImageChops.difference(drawn, boxes).getbbox() is not None


def test_text_no_font_covers_is_left_out_and_said() -> None:
    thai = _card("นายกรัฐมนตรีกล่าวว่า เศรษฐกิจจะเติบโต", "th")
    assert omissions(thai) and "THAI CHARACTER" in omissions(thai)[0]
    assert _region(_indices(draw(thai))).getbbox() is None  # nothing drawn where it would be
    assert omissions(_card(ARABIC, "ar")) == []


def test_a_long_claim_is_cut_at_a_word_with_an_ellipsis() -> None:
    words = "alpha beta gamma delta epsilon " * 40
    font = cards._font("CardSans-Regular.woff", 44)
    lines = cards._lines(words, font, WIDTH - 2 * MARGIN, 4, "ltr", "en")
    assert len(lines) == 4 and lines[-1].endswith(cards.ELLIPSIS)
    assert all(
        set(line.removesuffix(cards.ELLIPSIS).split()) <= set(words.split()) for line in lines
    )
    assert all(font.getlength(line) <= WIDTH - 2 * MARGIN for line in lines)
    long_word = cards._lines("x" * 400, font, 300, 3, "ltr", "en")
    assert all(font.getlength(line) <= 300 for line in long_word)


def test_the_coverage_file_is_the_fonts_own() -> None:
    coverage = json.loads((cards.FONTS / "coverage.json").read_text())
    for name, ranges in coverage.items():
        points = {p for start, end in ranges for p in range(start, end + 1)}
        assert points == set(TTFont(cards.FONTS / name).getBestCmap()), name
    assert (cards.FONTS / "OFL.txt").read_text().count("SIL Open Font License") >= 1


# -- the cache ---------------------------------------------------------------------------------


def _drawn(stderr: str) -> tuple[int, int]:
    found = re.search(r"(\d+) share cards, (\d+) drawn", stderr)
    assert found, stderr
    return int(found.group(1)), int(found.group(2))


def test_a_rebuild_draws_only_the_cards_whose_words_changed(tmp_path: Path) -> None:
    root = copy_example_site(tmp_path)
    env_cache = tmp_path / "cache"
    os.environ["FACTCHECK_CACHE"], before = str(env_cache), os.environ["FACTCHECK_CACHE"]
    try:
        first = mkdocs_build(root)
        assert _drawn(first.stderr) == (EXAMPLE_CLAIMS, EXAMPLE_CLAIMS)
        cards_before = {p.parent.name: p.read_bytes() for p in root.glob("site/claims/*/card.png")}
        again = mkdocs_build(root)
        assert _drawn(again.stderr) == (EXAMPLE_CLAIMS, 0)  # nothing changed: nothing drawn
        claim = root / "claims/mao-ning-no-threat.yml"
        text = claim.read_text(encoding="utf-8")
        claim.write_text(text.replace("\nclaim: ", "\nclaim: Reportedly, ", 1), encoding="utf-8")
        changed = mkdocs_build(root)
        assert _drawn(changed.stderr) == (EXAMPLE_CLAIMS, 1)
        after = {p.parent.name: p.read_bytes() for p in root.glob("site/claims/*/card.png")}
        assert [k for k in after if after[k] != cards_before[k]] == ["mao-ning-no-threat"]
        kept = list((env_cache / "cards").glob("*/*.png"))
        assert len(kept) == EXAMPLE_CLAIMS  # the card no claim shows any more was removed
    finally:
        os.environ["FACTCHECK_CACHE"] = before


def test_a_card_in_the_cache_is_used_only_when_it_may_be(tmp_path: Path) -> None:
    card = _card("The words.")
    drawn = cards.ensure({"a": card}, tmp_path)
    path = drawn.files["a"]
    assert drawn.drawn == 1 and cards.ensure({"a": card}, tmp_path).drawn == 0
    path.write_bytes(b"not a png")
    assert cards.ensure({"a": card}, tmp_path).drawn == 1  # redrawn, never published
    os.chmod(path, 0o666)
    assert cards.ensure({"a": card}, tmp_path).drawn == 1  # others could have written it
    path.unlink()
    path.symlink_to("/etc/passwd")
    again = cards.ensure({"a": card}, tmp_path)
    assert again.drawn == 1 and not path.is_symlink()
    assert card.key() != _card("The words!").key()


# -- options -----------------------------------------------------------------------------------


def test_cards_and_embeds_can_be_turned_off_and_need_site_url(tmp_path: Path) -> None:
    root = copy_example_site(tmp_path)
    with_options(root, "social_cards: false", "embeds: false")
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    assert not list(root.glob("site/claims/*/card.png"))
    assert not list(root.glob("site/claims/*/embed/index.html"))
    head = page(root / "site", "claims/mao-ning-no-threat/").head
    assert head is not None and head.select_one('meta[property="og:image"]') is None
    assert head.select_one('meta[name="twitter:card"]')["content"] == "summary"
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("social_cards: false", "social_cards: true")
    config.write_text(re.sub(r"(?m)^site_url: .*\n", "", text), encoding="utf-8")
    refused = run_generator(root, "check")
    assert refused.returncode != 0
    assert "'social_cards' needs the site's address" in refused.stdout + refused.stderr


def test_the_export_carries_cards_and_embeds(example: Path, tmp_path: Path) -> None:
    result = run_generator(example, "export", str(tmp_path / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    docs = tmp_path / "out/docs/claims/mao-ning-no-threat"
    assert (docs / "card.png").read_bytes() == (
        example / "site/claims/mao-ning-no-threat/card.png"
    ).read_bytes()
    assert (docs / "embed/index.html").is_file()
    assert (tmp_path / "out/docs/oembed/mao-ning-no-threat.json").is_file()


# -- the embed and oEmbed ----------------------------------------------------------------------


def test_the_oembed_document_follows_the_spec(example: Path) -> None:
    assert (example / "site/oembed/sitemap.xml").is_file()  # what Material asks for there
    for path in sorted((example / "site/oembed").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["version"] == "1.0" and data["type"] == "rich"
        for name in ("html", "title", "provider_name"):
            assert isinstance(data[name], str) and data[name]
        assert isinstance(data["width"], int) and isinstance(data["height"], int)
        assert (
            ("thumbnail_url" in data) == ("thumbnail_width" in data) == ("thumbnail_height" in data)
        )
        for key in ("provider_url", "thumbnail_url"):
            assert data[key].startswith(SITE)
        src = re.search(r'<iframe src="([^"]+)"', data["html"])
        assert src and src.group(1) == f"{SITE}claims/{path.stem}/embed/"
        assert "<script" not in data["html"]


def test_the_embed_is_small_self_contained_and_has_no_script(example: Path) -> None:
    for path in sorted((example / "site/claims").glob("*/embed/index.html")):
        data = path.read_bytes()
        assert len(data) <= 10_000, path
        soup = page(example / "site", f"claims/{path.parent.parent.name}/embed/")
        assert soup.select("script") == [] and soup.select("img, link[rel=stylesheet]") == []
        assert soup.html["lang"] == "en" and soup.html["dir"] == "ltr"
        link = soup.select_one("a[href]")
        assert link["href"] == f"{SITE}claims/{path.parent.parent.name}/"
        assert link["target"] == "_blank"


def test_the_embed_reads_at_300_pixels_without_sideways_scrolling(
    example: Path, browser: Browser
) -> None:
    with serve(example / "site") as address:
        for width in (300, 560):
            tab = browser.new_page(viewport={"width": width, "height": 340})
            requests: list[str] = []
            tab.on("request", lambda r, seen=requests: seen.append(r.url))
            try:
                for claim in ("mao-ning-not-a-challenge", "kim-yo-jong-burnt-into-pieces"):
                    tab.goto(f"{address}claims/{claim}/embed/")
                    sideways = tab.evaluate(
                        "(e => e.scrollWidth > e.clientWidth)(document.documentElement)"
                    )
                    assert not sideways, (claim, width)
                    link = tab.locator("a").bounding_box()
                    assert link is not None and link["y"] + link["height"] <= 340, (claim, width)
            finally:
                tab.close()
            assert {urlsplit(u).netloc for u in requests} == {urlsplit(address).netloc}


def test_share_links_load_nothing_of_anyone_else(example: Path, browser: Browser) -> None:
    soup = page(example / "site", "claims/mao-ning-not-a-challenge/")
    links = [a["href"] for a in soup.select(".fc-share a")]
    assert len(links) >= 7 and all(h.startswith(("https://", "mailto:")) for h in links)
    quoted = "claims%2Fmao-ning-not-a-challenge%2F"
    assert all(quoted in h or "claims/mao-ning-not-a-challenge/" in h for h in links)
    code = soup.select_one("textarea.fc-embed__code")
    assert code is not None and code.get_text().startswith(f'<iframe src="{SITE}claims/')
    with serve(example / "site") as address:
        tab = browser.new_page()
        asked: list[str] = []
        tab.on("request", lambda r: asked.append(r.url))
        try:
            tab.goto(f"{address}claims/mao-ning-not-a-challenge/")
            tab.wait_for_load_state("networkidle")
            assert tab.locator(".fc-share a").first.is_visible()
        finally:
            tab.close()
    # Only the site itself: here, on 127.0.0.1, and the one file Material's script asks of the
    # site's own address (`site_url`) beside the oEmbed document, which the site has.
    elsewhere = [u for u in asked if urlsplit(u).netloc != urlsplit(address).netloc]
    assert elsewhere == [f"{SITE}oembed/sitemap.xml"]


def test_the_arabic_site_has_right_to_left_cards_and_embeds(tmp_path: Path) -> None:
    root = copy_example_site(tmp_path)
    os.environ["SITE_LANGUAGE"] = "ar"
    try:
        built = mkdocs_build(root)
    finally:
        del os.environ["SITE_LANGUAGE"]
    assert built.returncode == 0, built.stderr
    png = (root / "site/claims/mao-ning-not-a-challenge/card.png").read_bytes()
    band = _indices(png).crop((0, 0, WIDTH, BAND)).point(lambda v: 255 if v > 200 else 0)
    box = band.getbbox()  # the verdict's white letters: at the right
    assert box is not None and box[2] > WIDTH - MARGIN - 8 and box[0] > WIDTH // 2
    embed = page(root / "site", "claims/mao-ning-not-a-challenge/embed/")
    assert embed.html["dir"] == "rtl" and embed.html["lang"] == "ar"


def test_the_cards_colours_are_the_pages() -> None:
    """The tones the cards paint are the style sheet's verdict colours."""
    from generator.ratings import DEFAULT_SCALE, TONES, tone

    css = (cards.FONTS.parent / "factcheck.css").read_text(encoding="utf-8")
    for name, colour in TONES.items():
        assert f"--fc-{name}: {colour};" in css, name
    for verdict in DEFAULT_SCALE:
        rule = re.search(rf"[^\n]*\.fc-verdict--{verdict.key}[ ,{{][^\n]*", css)
        assert rule and f"var(--fc-{tone(verdict, DEFAULT_SCALE)})" in rule.group(0), verdict
    # A site's own scale: by where each verdict stands on it (ratings 6 down to 0 here).
    own = tuple(replace(v, from_catalog=False, key=f"k{v.rating}") for v in DEFAULT_SCALE)
    assert [tone(v, own) for v in own] == ["good", "good", "mid", "mid", "mid", "bad", "bad"]
