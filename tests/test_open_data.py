"""Open data and structured data of a built site: ClaimReview (read with extruct, as aggregators
do), claims.json against its JSON Schema, the Atom feed (read with feedparser), claims.csv."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import extruct
import feedparser
import jsonschema
import pytest
import yaml
from conftest import SiteMaker
from sitebuild import EXAMPLE_CLAIMS, MKDOCS_YML, copy_example_site, mkdocs_build, page
from spancheck import canonical, transcript_text

EVIL = "</script><script>alert(1)</script><!--"
SOURCE = """
title: The Daily report
publisher: The Daily
url: https://daily.example/report
archive_url: https://archive.example/daily-report
published: 2023-01-31
snapshot: s.txt
"""
EARLIER = """
title: The wire story
publisher: Wire
url: https://wire.example/story
published: 2023-01-30
snapshot: t.txt
"""
TEXT = "He said \u201cChina poses a challenge to our values\u201d in Seoul.\n"
CLAIM = f"""
title: 'Stoltenberg on China {EVIL}'
claim: 'Stoltenberg said China poses a challenge to our values. {EVIL}'
claimant: Jens Stoltenberg
claimant_role: NATO Secretary General
date: 2023-01-30
verdict: accurate
summary: It is in both sources.
tags: ['=HYPERLINK("http://evil.example")', nato]
published: 2023-02-01
updated: 2023-02-03
corrections:
  - date: 2023-02-03
    note: Added the wire story.
quotes:
  - text: China poses a challenge to our values
    spans:
      - source: s
      - source: t
"""
CONFIG = MKDOCS_YML.replace(
    "  - factcheck\n",
    """  - factcheck:
      publisher: Example Fact Check
      publisher_url: https://factcheck.example/
""",
)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example_site(tmp_path_factory.mktemp("opendata"))
    assert mkdocs_build(root).returncode == 0
    return root / "site"


def _reviews(site: Path, url: str) -> list[dict[str, object]]:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    data = extruct.extract(html, base_url="https://example.org/" + url, syntaxes=["json-ld"])
    return [d for d in data["json-ld"] if d.get("@type") == "ClaimReview"]


def test_every_claim_page_has_one_claim_review(example: Path) -> None:
    claims = json.loads((example / "data/claims.json").read_text(encoding="utf-8"))["claims"]
    assert len(claims) == EXAMPLE_CLAIMS
    for claim in claims:
        url = f"claims/{claim['id']}/"
        (review,) = _reviews(example, url)
        assert review["@context"] == "https://schema.org"
        assert review["url"] == f"https://factcheck.example.org/{url}"
        assert review["claimReviewed"] == claim["claim"]
        assert review["author"] == {
            "@type": "Organization",
            "name": "Fact-check microsite",
            "url": "https://factcheck.example.org/",
        }
        rating = review["reviewRating"]
        assert rating == {
            "@type": "Rating",
            "ratingValue": claim["verdict"]["rating"],
            "bestRating": 6,
            "worstRating": 0,
            "alternateName": claim["verdict"]["label"],
        }
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"]["name"] == claim["claimant"]  # type: ignore[index]
        assert review["datePublished"] == claim["published"]
    # pages that are not claim pages carry none
    assert _reviews(example, "sources/reworded-copy/") == []


def test_claims_json_validates_against_its_schema(example: Path) -> None:
    schema = json.loads((example / "data/claims.schema.json").read_text(encoding="utf-8"))
    data = json.loads((example / "data/claims.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    spans = [s for c in data["claims"] for q in c["quotes"] for s in q["spans"]]
    # The selectors' target is the published plain text, byte for byte the canonical text of
    # the stored snapshot (made here from the repository's file, not by the generator).
    published: dict[str, str] = {}
    for source in data["sources"]:
        described = yaml.safe_load(
            (example.parent / "sources" / f"{source['id']}.yml").read_text(encoding="utf-8")
        )
        if source["text_url"] is None:
            assert "snapshot" not in described
            continue
        snapshot = example.parent / "sources" / described["snapshot"]
        assert source["text_url"] == f"https://factcheck.example.org/sources/{source['id']}.txt"
        served = (example / "sources" / f"{source['id']}.txt").read_bytes()
        expected = (
            transcript_text(snapshot.read_bytes(), snapshot.suffix)
            if snapshot.suffix in (".vtt", ".srt")
            else canonical(snapshot.read_bytes())
        )
        assert served == expected.encode("utf-8")
        published[source["text_url"]] = served.decode("utf-8")
    assert len(published) == 5
    for span in spans:
        for (start, end), target in zip(span["ranges"], span["targets"], strict=True):
            quote, position = target["selector"]
            text = published[target["source"]]
            assert quote["exact"] == text[start:end] == text[position["start"] : position["end"]]
            assert (position["start"], position["end"]) == (start, end)
            assert text[:start].endswith(quote["prefix"]) and len(quote["prefix"]) <= 32
            assert text[end:].startswith(quote["suffix"])
    split = [s for s in spans if len(s["ranges"]) == 2]
    assert split and len(split[0]["targets"]) == 2
    altered = next(s for s in spans if s["fidelity"] == "altered")
    assert any(op["kind"] == "replace" for op in altered["diff"])


def test_schema_rejects_what_it_should(example: Path) -> None:
    schema = json.loads((example / "data/claims.schema.json").read_text(encoding="utf-8"))
    data = json.loads((example / "data/claims.json").read_text(encoding="utf-8"))
    data["claims"][0]["quotes"][0]["spans"][0]["fidelity"] = "close enough"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_feed_parses_as_atom(example: Path) -> None:
    feed = feedparser.parse((example / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert len(feed.entries) == EXAMPLE_CLAIMS
    assert feed.entries[0].link.startswith("https://factcheck.example.org/claims/")
    updated = [e.updated for e in feed.entries]
    assert updated == sorted(updated, reverse=True)


def test_csv_has_a_row_per_claim(example: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((example / "data/claims.csv").read_text("utf-8"))))
    assert len(rows) == EXAMPLE_CLAIMS
    row = next(r for r in rows if r["id"] == "mao-ning-not-a-challenge")
    assert (row["verbatim"], row["trimmed"], row["altered"], row["unchecked"]) == (
        "0",
        "2",  # the citing article, and its capture in a web archive
        "1",
        "1",
    )


def test_appearances_archive_and_hostile_text(make_site: SiteMaker) -> None:
    root = make_site(
        {
            "mkdocs.yml": CONFIG,
            "docs/index.md": "# Home\n",
            "sources/s.yml": SOURCE,
            "sources/s.txt": TEXT,
            "sources/t.yml": EARLIER,
            "sources/t.txt": TEXT,
            "claims/c.yml": CLAIM,
        }
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    html = (site / "claims/c/index.html").read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    assert head.count('<script type="application/ld+json">') == 1
    scripts = page(site, "claims/c/").head.find_all("script")  # type: ignore[union-attr]
    for script in scripts:  # the hostile title and claim never break out of the JSON-LD
        if script.get("type") == "application/ld+json":
            assert json.loads(script.get_text())["claimReviewed"].endswith(EVIL)
        else:
            assert "alert" not in script.get_text()
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    json.loads(html[start : html.index("</script>", start)])
    (review,) = _reviews(site, "claims/c/")
    assert (
        review["claimReviewed"] == f"Stoltenberg said China poses a challenge to our values. {EVIL}"
    )
    assert review["author"] == {
        "@type": "Organization",
        "name": "Example Fact Check",
        "url": "https://factcheck.example/",
    }
    assert review["datePublished"] == "2023-02-01" and review["dateModified"] == "2023-02-03"
    item = review["itemReviewed"]
    assert item["author"] == {
        "@type": "Person",
        "name": "Jens Stoltenberg",  # type: ignore[index]
        "jobTitle": "NATO Secretary General",
    }
    assert item["datePublished"] == "2023-01-30"  # type: ignore[index]
    appearances = {a["url"]: a for a in item["appearance"]}  # type: ignore[index]
    assert appearances["https://daily.example/report"]["archivedAt"] == (
        "https://archive.example/daily-report"
    )
    assert item["firstAppearance"]["url"] == "https://wire.example/story"  # type: ignore[index]
    rows = list(csv.DictReader(io.StringIO((site / "data/claims.csv").read_text("utf-8"))))
    assert rows[0]["tags"] == '\'=HYPERLINK("http://evil.example"); nato'  # stays text
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo and feed.entries[0].title.startswith("Stoltenberg on China </script>")
