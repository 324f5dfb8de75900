"""The example site built for real with `mkdocs build --strict`, checked by parsing its HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import article, copy_example_site, mkdocs_build, page, resolve_link

from generator.check import Layout, check_site
from generator.link import link_site
from generator.outputs import search
from generator.ratings import DEFAULT_SCALE

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example_site(tmp_path_factory.mktemp("example"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    return root


@pytest.fixture(scope="module")
def checked(built: Path):  # type: ignore[no-untyped-def]
    return check_site(Layout.at(built))


def test_every_page_exists(built: Path, checked) -> None:  # type: ignore[no-untyped-def]
    site = built / "site"
    for url in ("claims/", "sources/", "claimants/", "ratings/", "corrections/"):
        assert (site / url / "index.html").is_file(), url
    for claim_id in checked.claims:
        assert (site / "claims" / claim_id / "index.html").is_file()
    for source_id in checked.sources:
        assert (site / "sources" / source_id / "index.html").is_file()
    for slug in ("jens-stoltenberg", "mao-ning", "kim-tong-myong", "kim-yo-jong"):
        assert (site / "claimants" / slug / "index.html").is_file()
    assert not list((built / "docs").glob("claims*")), "nothing is written into docs/"


def test_claim_page_marks_exactly_the_resolved_words(built: Path, checked) -> None:  # type: ignore[no-untyped-def]
    site = built / "site"
    for span in checked.spans:
        if span.fidelity == "unchecked":
            continue
        soup = article(page(site, f"claims/{span.claim}/"))
        item = soup.select_one(f"#q{span.quote}-s{span.span}")
        assert item is not None
        marks = [m.get_text() for m in item.select(".fc-excerpt mark")]
        text = checked.snapshots[span.source].canonical
        assert marks == [text[s:e] for s, e in span.ranges]
        badge = item.select_one(".fc-fidelity")
        assert badge is not None and badge.get_text() == span.fidelity.capitalize()


def test_source_page_marks_every_span_with_a_stable_anchor(built: Path, checked) -> None:  # type: ignore[no-untyped-def]
    site = built / "site"
    for source_id, snapshot in checked.snapshots.items():
        soup = article(page(site, f"sources/{source_id}/"))
        text_div = soup.select_one(".fc-text")
        assert text_div is not None
        assert text_div.get_text() == snapshot.canonical  # the whole text, nothing added or lost
        plain = soup.select_one("a.fc-plain-text")  # and a link to it as plain text
        assert plain is not None
        path, _ = resolve_link(site, f"sources/{source_id}/", str(plain["href"]))
        assert path.read_bytes() == snapshot.canonical.encode("utf-8")
        for span in [s for s in checked.spans if s.source == source_id]:
            anchor = f"span-{span.claim}-{span.quote}-{span.span}"
            assert soup.select_one(f"#{anchor}") is not None
            marked = "".join(
                m.get_text()
                for m in text_div.select("mark")
                if anchor in str(m.get("data-spans", "")).split()
            )
            assert marked == "".join(snapshot.canonical[s:e] for s, e in span.ranges)


def test_links_between_pages_resolve(built: Path) -> None:
    site = built / "site"
    checked_links = 0
    for html in site.rglob("index.html"):
        if html.parent.name == "embed":  # a claim's embeddable card (test_sharing)
            continue
        url = html.parent.relative_to(site).as_posix() + "/"
        url = "" if url == "./" else url
        soup = page(site, url)
        for a in article(soup).select("a[href]"):
            href = str(a["href"])
            if href.startswith(("http://", "https://", "mailto:")) or href.startswith("?"):
                continue
            target, fragment = resolve_link(site, url, href.split("?")[0])
            assert target.is_file(), f"{url}: {href}"
            if fragment:
                assert page(site, target.parent.relative_to(site).as_posix() + "/").select_one(
                    f"[id='{fragment}']"
                ), f"{url}: {href}"
            checked_links += 1
    assert checked_links > 200


def test_claim_page_content(built: Path) -> None:
    soup = article(page(built / "site", "claims/mao-ning-not-a-challenge/"))
    assert soup.select_one("h1").get_text() == (  # type: ignore[union-attr]
        "Mao Ning: China is a cooperation partner of all countries, not a challenge"
    )
    verdict = soup.select_one(".fc-verdict")
    assert verdict is not None and verdict.get_text() == "Accurate"
    line = soup.select_one(".fc-verdict-line")
    assert line is not None
    # Beside the badge: what the sources below do with the words, never the scale's fixed words.
    assert line.select_one(".fc-fidelity-summary").get_text() == (  # type: ignore[union-attr]
        "None of the 3 stored sources prints the words verbatim; 2 trim them, marking what they "
        "leave out; 1 alters them. 1 cited source is not stored here, so it was not checked."
    )
    assert "faithfully" not in line.get_text()
    spans = soup.select(".fc-span")
    assert [s.select_one(".fc-fidelity").get_text() for s in spans] == [  # type: ignore[union-attr]
        "Trimmed",
        "Altered",
        "Unchecked",
        "Trimmed",  # the same article, kept in a web archive, whose page later changed
    ]
    trimmed = spans[0].select_one(".fc-diff")
    assert trimmed is not None
    assert [d.get_text() for d in trimmed.select("del.fc-diff__elided")] == ["of all countries,"]
    altered = spans[1].select_one(".fc-diff")
    assert altered is not None
    assert [(d.get_text()) for d in altered.select("ins")] == ["companion", "nations,", "problem"]
    assert "Not checked" in spans[2].get_text()
    assert soup.select_one(".fc-provenance") is not None
    related = [a["href"] for a in soup.select("#related + .fc-related a")]
    assert len(related) == 2
    # then the claims most like it (found, not written), none of those named above nor itself
    suggested = [a["href"] for a in soup.select("#fact-checks + .fc-related--suggested a")]
    assert 0 < len(suggested) <= 5
    assert not set(suggested) & set(related)
    assert not any("mao-ning-not-a-challenge" in str(href) for href in suggested)
    assert soup.select_one("a[href$='corrections/']") and soup.select_one("a[href$='ratings/']")


def test_every_claim_page_says_what_its_badges_say(built: Path, checked) -> None:  # type: ignore[no-untyped-def]
    """The sentence by the verdict counts each stored source once, by its least faithful span,
    read here from the span badges of the same page."""
    words = {"Verbatim": "verbatim", "Trimmed": "trimmed", "Altered": "altered"}
    for claim_id in checked.claims:
        soup = article(page(built / "site", f"claims/{claim_id}/"))
        worst: dict[str, int] = {}
        for span in soup.select(".fc-span"):
            badge = span.select_one(".fc-fidelity").get_text()  # type: ignore[union-attr]
            source = span.select_one(".fc-span__source a").get("href")  # type: ignore[union-attr]
            if badge in words:
                rank = list(words).index(badge)
                worst[str(source)] = max(worst.get(str(source), 0), rank)
        sentence = soup.select_one(".fc-fidelity-summary").get_text()  # type: ignore[union-attr]
        verbatim = sum(rank == 0 for rank in worst.values())
        altered = sum(rank == 2 for rank in worst.values())
        if len(worst) == 1:
            assert sentence.startswith("The one stored source "), sentence
        elif not worst:  # an imported fact-check: its source is cited, not stored
            assert sentence.startswith("No source of these words is stored here"), sentence
        elif verbatim:
            assert sentence.startswith(f"{verbatim} of {len(worst)} stored sources "), sentence
        else:
            assert sentence.startswith(f"None of the {len(worst)} stored sources "), sentence
        assert (
            (f"{altered} alter" in sentence or len(worst) == 1)
            if altered
            else ("alter" not in sentence)
        ), sentence


def test_split_quote_shows_the_narration_between_ranges(built: Path) -> None:
    soup = article(page(built / "site", "claims/stoltenberg-hypothetical-situations/"))
    reworded = soup.select_one("#q0-s1")
    assert reworded is not None
    assert [g.get_text() for g in reworded.select(".fc-gap")] == [
        "\u201d the NATO chief stated, \u201c"
    ]
    assert len(reworded.select(".fc-excerpt mark")) == 2


def test_claims_index_filters_and_badges(built: Path, checked) -> None:  # type: ignore[no-untyped-def]
    soup = article(page(built / "site", "claims/"))
    rows = soup.select("tr.fc-row")
    assert len(rows) == len(checked.claims)
    values = {
        f["data-filter"]: [r["value"] for r in f.select("input") if r["value"]]
        for f in soup.select("fieldset[data-filter]")
    }
    labels = {v.key: v.label for v in DEFAULT_SCALE}
    shown = [
        labels[v.key]
        for v in DEFAULT_SCALE
        if any(c.verdict == v.key for c in checked.claims.values())
    ]
    assert values["verdict"] == shown and len(shown) > 2
    assert "Mao Ning" in values["claimant"] and len(values["tag"]) > 3
    for row in rows:  # each row names its facet values by their place in the filters
        named = {
            key: [values[key][int(i)] for i in row[f"data-{key}"].strip("|").split("|") if i]
            for key in values
        }
        badge = row.select_one(".fc-verdict")
        assert badge is not None and named["verdict"] == [badge.get_text()]
        assert named["claimant"] == [row.select("td")[1].get_text()]
        assert named["fidelity"] and set(named["fidelity"]) <= {
            "Verbatim",
            "Trimmed",
            "Altered",
            "Unchecked",
        }
    assert soup.select("style") == []  # the rules are a style sheet of their own, not in <body>
    sheet = soup.select_one('link[rel=stylesheet][href$="claims-filters.css"]')
    assert sheet is not None
    rules = resolve_link(built / "site", "claims/", str(sheet["href"]))[0].read_text("utf-8")
    misquoted = values["verdict"].index("Misquoted")
    assert f'.fc-row:not([data-verdict*="|{misquoted}|"])' in rules


def test_sources_index_has_fidelity_counts(built: Path) -> None:
    soup = article(page(built / "site", "sources/"))
    item = soup.select_one("li[data-source=reworded-copy]")
    assert item is not None
    counts = {
        c["class"][1].removeprefix("fc-count--"): int(c["data-count"])
        for c in item.select(".fc-count")
    }
    assert counts == {"verbatim": 1, "altered": 11}
    bar = {
        p["class"][1].removeprefix("fc-bar__part--"): p["style"]
        for p in item.select(".fc-bar__part")
    }
    assert bar == {"verbatim": "flex-grow: 1", "altered": "flex-grow: 11"}
    assert "12 quoted spans: 1 verbatim, 11 altered" in item.get_text()
    assert not soup.select("table")  # no eleven columns


def test_generated_pages_stay_out_of_the_navigation(built: Path) -> None:
    soup = page(built / "site", "claims/stoltenberg-china-challenge/")
    nav = [a.get_text(" ", strip=True) for a in soup.select("nav.md-nav--primary a[href]")]
    assert "Claims" in nav and "Sources" in nav
    assert not any("Stoltenberg" in text or "Reaches Out" in text for text in nav)
    listed = (built / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n")[1]
    entries = [line for line in listed.splitlines() if line.startswith("  - ")]
    assert len(nav) <= len(entries) + 1  # the nav of mkdocs.yml (and the site's name)


def test_search_records_hold_what_readers_search(checked) -> None:  # type: ignore[no-untyped-def]
    model = link_site(checked, DEFAULT_SCALE)
    found = list(search.records(model, lambda kind, key: f"{kind}s/{key}/"))
    claims = {r.url: r for r in found if r.meta["kind"] == "claim"}
    sources = {r.url: r for r in found if r.meta["kind"] == "source"}
    assert len(claims) == len(model.claims) and len(sources) == len(model.sources)
    assert list(claims) == [r.url for r in found[: len(claims)]]  # claims first
    for view in model.claims:
        record = claims[f"/claims/{view.id}/"]
        claim = view.claim
        for text in (claim.title, claim.claim, claim.claimant, claim.summary, *claim.tags):
            assert text in record.content
        if claim.claimant_role:
            assert claim.claimant_role in record.content
        for quote in view.quotes:
            assert quote.quote.text in record.content
            assert " ".join(quote.quote.text.split()) in record.meta["quotes"].split("\n")
        assert record.filters["verdict"] == (view.verdict.label,)
        assert record.filters["kind"] == ("claim",)
        assert record.sort["said"] == (claim.date.isoformat() if claim.date else "0000-00-00")
    chilly = claims["/claims/mao-ning-chilly-warfare/"]
    assert set(chilly.filters["fidelity"]) == {"Altered", "Unchecked"}
    assert chilly.filters["year"] == ("2023",)
    copy = sources["/sources/reworded-copy/"]
    assert "Chilly Warfare" in copy.content  # a passage a claim quotes from it
    view = model.by_source["reworded-copy"]
    assert view.snapshot is not None
    words = len(view.snapshot.canonical.split())
    assert words > search.SOURCE_WORDS  # the whole text is not in the index...
    passages = {span.quote.text for span in view.spans}
    bound = search.SOURCE_WORDS + sum(len(p.split()) for p in passages) + 60
    assert len(copy.content.split()) <= bound  # ...only its opening and the quoted passages


def test_home_page_shows_the_numbers(built: Path, checked) -> None:  # type: ignore[no-untyped-def]
    home = article(page(built / "site", ""))
    text = home.get_text()
    assert f"{len(checked.claims)} claims" in text
    assert "{{" not in text
    # counts by verdict, computed: every verdict that has claims, none written by hand
    counts = [
        f"{n} {v.label}"
        for v in DEFAULT_SCALE
        if (n := sum(c.verdict == v.key for c in checked.claims.values()))
    ]
    assert len(counts) > 2
    assert f"{', '.join(counts[:-1])} and {counts[-1]}" in " ".join(text.split())
    # the latest fact-checks as cards, newest check first, each with badge, claimant, link
    cards = home.select(".fc-cards .fc-card")
    assert 0 < len(cards) <= 6
    for card in cards:
        assert card.select_one(".fc-verdict") is not None
        assert card.select_one(".fc-card__claimant") is not None
        link = card.select_one("a")
        assert link is not None
        assert resolve_link(built / "site", "", str(link["href"]))[0].is_file()
    # prose that names the placeholder (the reference does) keeps it as written
    reference = article(page(built / "site", "reference/"))
    assert reference.select(".fc-cards") == [] and "{{ factcheck.latest }}" in reference.get_text()
    for target in ("methodology/", "corrections/", "about/", "data/claims.json", "feed.xml"):
        assert any(str(a["href"]).startswith(target) for a in home.select("a[href]")), target


def test_claim_pages_link_the_transparency_pages(built: Path) -> None:
    soup = article(page(built / "site", "claims/mao-ning-chilly-warfare/"))
    footer = soup.select_one("p.fc-meta")
    assert footer is not None
    names = [a.get_text() for a in footer.select("a")]
    assert {"Methodology", "Corrections policy", "About us, ownership and funding"} <= set(names)
    log = article(page(built / "site", "corrections/"))
    assert any(a["href"].endswith("corrections-policy/") for a in log.select("a[href]"))


def test_reworded_copy_shows_its_fidelity_record(built: Path) -> None:
    soup = article(page(built / "site", "sources/reworded-copy/"))
    record = soup.select_one("p.fc-shared")
    assert record is not None
    assert record.get_text() == (
        "This document shares 11 quotations with other stored sources. "
        "It prints 1 verbatim, 0 trimmed and 10 altered."
    )
    items = soup.select(".fc-shared-list li")
    assert len(items) == 11
    assert sum(li.select_one(".fc-fidelity").get_text() == "Altered" for li in items) == 10  # type: ignore[union-attr]
    index = article(page(built / "site", "sources/"))
    item = index.select_one("li[data-source=reworded-copy]")
    assert item is not None
    assert "Shared with other stored sources: 11 (1 verbatim, 10 altered)" in item.get_text()


def test_claim_page_provenance(built: Path) -> None:
    soup = article(page(built / "site", "claims/stoltenberg-china-challenge/"))
    timeline = [li.get_text(" ", strip=True) for li in soup.select(".fc-timeline li")]
    assert len(timeline) == 5 and all(t.startswith("date unknown") for t in timeline)
    assert timeline[2].endswith("Unchecked")  # the transcript NATO published is not stored
    facts = [li.get_text() for li in soup.select(".fc-provenance-facts li")]
    assert "Of 4 stored sources: 3 verbatim and 1 altered." in facts
    assert "&lt;" not in str(
        soup.select_one(".fc-provenance-facts")
    )  # titles isolated, not escaped
    assert soup.select(".fc-provenance-facts bdi[lang=en]")
    assert any(
        "declares it is a reworded version of As NATO Reaches Out to Asia, China and "
        "North Korea Warn It's Going Too Far" in f
        for f in facts
    )
    # The lineage, drawn at build time: no script, every title whole, relations that read in
    # the arrow's direction, the fidelity in words, a text equivalent.
    assert soup.select("script") == []
    for kind in ("wide", "narrow"):
        svg = soup.select_one(f"svg.fc-lineage--{kind}")
        assert svg is not None and svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.select_one(f"title#{title_id}") is not None
        desc = svg.select_one(f"desc#{desc_id}")
        assert desc is not None
        assert (
            "As NATO Reaches Out to Asia, China and North Korea Warn It's Going Too Far is "
            "reworded as As NATO Reaches Out to Asia, China and North Korea Warn It is Going "
            "Too Far." in desc.get_text().replace("\u2068", "").replace("\u2069", "")
        )
        boxes = svg.select("g.fc-lin-node")
        assert len(boxes) == 6
        text = [" ".join(t.get_text() for t in box.select("text")) for box in boxes]
        assert any(
            "Remarks by NATO Secretary General Jens Stoltenberg at the CHEY" in t for t in text
        )
        kinds = {c for box in boxes for c in box["class"] if c.startswith("fc-lin-node--")}
        assert kinds == {
            "fc-lin-node--unchecked",
            "fc-lin-node--not-quoted",
            "fc-lin-node--verbatim",
            "fc-lin-node--altered",
        }
        assert any(t.endswith("Altered") for t in text)
    wide = soup.select_one("svg.fc-lineage--wide")
    assert wide is not None
    # how each was made, in the box of the document made (never a label on an arrow)
    assert not wide.select("text.fc-lin-label")
    assert sorted(t.get_text() for t in wide.select("text.fc-lin-relation")) == [
        "a copy of 3",
        "a reworded version of 2",
        "an excerpt of 1",
        "citing 1",
    ]
    titles = wide.select("text.fc-lin-title")
    assert titles and all(t["lang"] == "en" and t["direction"] == "ltr" for t in titles)
    assert float(wide["width"]) <= 656  # three documents a row: inside a desktop's column
    assert not (built / "site/assets/factcheck/mermaid.min.js").exists()


def test_every_claim_has_the_date_of_its_check(checked) -> None:  # type: ignore[no-untyped-def]
    """published, else updated, else the newest date of its evidence, else the date said."""
    import dataclasses
    import datetime as dt

    model = link_site(checked, DEFAULT_SCALE)
    view = model.by_claim["mao-ning-chilly-warfare"]
    claim = view.claim
    assert claim.published is not None and view.checked_on == claim.published
    undated = dataclasses.replace(claim, published=None, updated=None)
    bare = dataclasses.replace(view, claim=undated)
    assert bare.checked_on == claim.date  # no source of the example carries a date
    span = view.quotes[0].spans[0]
    fetched = dataclasses.replace(span.source, retrieved=dt.date(2023, 2, 1))
    quote = dataclasses.replace(view.quotes[0], spans=(dataclasses.replace(span, source=fetched),))
    evidenced = dataclasses.replace(bare, quotes=(quote,))
    assert evidenced.checked_on == dt.date(2023, 2, 1)  # not older than the copy it used
    changed = dataclasses.replace(undated, updated=dt.date(2024, 5, 1))
    assert dataclasses.replace(bare, claim=changed).checked_on == dt.date(2024, 5, 1)
    nothing = dataclasses.replace(bare, quotes=())
    assert nothing.checked_on == claim.date
    none = dataclasses.replace(nothing, claim=dataclasses.replace(undated, date=None))
    assert none.checked_on == dt.date(1970, 1, 1)
    # the feed and the ClaimReview take it; a claim without `published` is in the feed
    from generator.outputs.publish import Publisher, claim_review, feed_xml

    feedless = dataclasses.replace(model, claims=(bare,))
    feed = feed_xml(feedless, lambda kind, key: f"/{kind}/{key}", "/", "Site", Publisher("P", None))
    assert "mao-ning-chilly-warfare" in feed and bare.checked_on.isoformat() in feed
    review = claim_review(bare, [0, 6], lambda kind, key: f"/{kind}/{key}", Publisher("P", None))
    assert review["datePublished"] == bare.checked_on.isoformat()


def test_pages_can_be_shared_and_the_feed_found(built: Path) -> None:
    site = built / "site"
    for url in ("", "claims/", "reference/", "sources/reworded-copy/", "search/"):
        head = page(site, url).head
        assert head is not None
        feed = head.select_one('link[rel=alternate][type="application/atom+xml"]')
        assert feed is not None, url
        assert resolve_link(site, url, str(feed["href"]))[0] == site / "feed.xml"
        assert head.select_one('meta[name="twitter:card"]') is not None, url
        assert len(head.select('meta[property="og:title"]')) == 1, url
    head = page(site, "claims/mao-ning-chilly-warfare/").head
    assert head is not None

    def meta(selector: str) -> str:
        tag = head.select_one(selector)
        assert tag is not None, selector
        return str(tag["content"])

    said = 'Mao Ning said NATO should "abandon the Chilly Warfare mentality".'
    assert meta('meta[name="description"]') == f"Misquoted: {said}"
    assert meta('meta[property="og:description"]') == f"Misquoted: {said}"
    assert meta('meta[property="og:type"]') == "article"
    assert meta('meta[property="og:title"]') == (
        'Did China urge NATO to abandon its "Chilly Warfare mentality"?'
    )
    canonical = "https://factcheck.example.org/claims/mao-ning-chilly-warfare/"
    assert meta('meta[property="og:url"]') == canonical
    link = head.select_one("link[rel=canonical]")
    assert link is not None and link["href"] == canonical
    assert len(head.select('script[type="application/ld+json"]')) == 1


def test_a_claim_pages_own_style_and_script_are_minified_within_20_kb(built: Path) -> None:
    """Issue 28: 20.9 KB of the generator's CSS and JS on a claim page, for a 20 KB budget;
    the site serves them minified (the repository keeps them readable)."""
    from generator.outputs.siteoutputs import ASSETS

    claim = page(built / "site", "claims/stoltenberg-china-challenge/")
    own = [
        tag.get("href") or tag.get("src")
        for tag in claim.select("link[rel=stylesheet], script[src]")
        if "assets/factcheck/" in str(tag.get("href") or tag.get("src"))
    ]
    assert sorted(str(o).rsplit("/", 1)[-1] for o in own) == ["factcheck.css", "factcheck.js"]
    served = [built / "site/assets/factcheck" / name for name in ("factcheck.css", "factcheck.js")]
    assert sum(p.stat().st_size for p in served) <= 20 * 1024
    for path in served:
        readable = (ASSETS / path.name).read_text(encoding="utf-8")
        assert path.stat().st_size < len(readable.encode()) and "\n  " in readable


def test_every_fidelity_has_its_colours_in_the_style_sheet() -> None:
    """The fidelity table (model.py) names each fidelity's colour token; the style sheet
    defines the colour and the tint of each, and a badge and a mark use them."""
    from generator.model import FIDELITY_TABLE
    from generator.outputs.siteoutputs import ASSETS

    css = (ASSETS / "factcheck.css").read_text(encoding="utf-8")
    for kind in FIDELITY_TABLE:
        assert f"--fc-{kind.colour}:" in css and f"--fc-tint-{kind.colour}:" in css, kind.name
        assert f".fc-fidelity--{kind.name} {{ background: var(--fc-{kind.colour}); }}" in css
        assert f"mark.fc-mark--{kind.name} " in css or kind.name == "verbatim"
