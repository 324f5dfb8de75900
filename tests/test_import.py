"""`import`: a newsroom's ClaimReview records as claim files (issue 32; SPEC §3
`imported_from`, §8 `import`, §9).

Every shape a newsroom or an aggregator publishes (JSON-LD in saved pages, an object or a list,
a DataFeed, the Fact Check Tools API's response), what real records bring (one person spelled
several ways, control characters, ratings the scale lacks, a rating key YAML reads as a
boolean), files an editor changed kept, re-imports byte for byte, and a site of imported claims
alone checked and built `--strict` with its original links and related fact-checks.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SiteMaker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitebuild import MKDOCS_YML, article, mkdocs_build, page, run_generator

from generator.editor.claimreview import Review, Unusable, read_records

HOME = """# Fact-checks

{{ factcheck.claims }} claims, {{ factcheck.sources }} sources: {{ factcheck.verdict_counts }}.
Of {{ factcheck.spans }} spans, {{ factcheck.fidelity.verbatim }} verbatim,
{{ factcheck.fidelity.trimmed }} trimmed and {{ factcheck.fidelity.altered }} altered.
"""


def review(n: int, **changes: Any) -> dict[str, Any]:
    """A ClaimReview as newsrooms publish it."""
    record: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://checks.example.net/2024/05/check-{n}",
        "headline": f"Did the minister say the budget grew {n} percent?",
        "datePublished": "2024-05-02",
        "inLanguage": "en",
        "author": {"@type": "Organization", "name": "Example Checks"},
        "claimReviewed": f"The minister said the health budget grew by {n} percent this year.",
        "reviewBody": "The budget grew by less than that.",
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 2,
            "worstRating": 1,
            "bestRating": 5,
            "alternateName": "Mostly false",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Ana Minister"},
            "datePublished": "2024-04-30",
            "appearance": {
                "@type": "CreativeWork",
                "url": f"https://news.example.org/interview-{n}",
                "headline": "An interview",
            },
        },
    }
    record.update(changes)
    return record


def html_page(*records: dict[str, Any]) -> str:
    scripts = "".join(
        f'<script type="application/ld+json">{json.dumps(r)}</script>' for r in records
    )
    broken = '<script type="application/ld+json">{"@type": "ClaimReview", </script>'
    return f"<!doctype html><html><head>{broken}{scripts}</head><body>A check</body></html>"


def api_response(*records: dict[str, Any]) -> dict[str, Any]:
    """The Fact Check Tools API's claims:search response for `records`."""
    return {
        "claims": [
            {
                "text": r["claimReviewed"],
                "claimant": r["itemReviewed"]["author"]["name"],
                "claimDate": r["itemReviewed"]["datePublished"] + "T00:00:00Z",
                "claimReview": [
                    {
                        "publisher": {"name": r["author"]["name"], "site": "checks.example.net"},
                        "url": r["url"],
                        "title": r["headline"],
                        "reviewDate": r["datePublished"] + "T00:00:00Z",
                        "textualRating": r["reviewRating"]["alternateName"],
                        "languageCode": "en",
                    }
                ],
            }
            for r in records
        ],
        "nextPageToken": "x",
    }


def site_of(make_site: SiteMaker, *extra: tuple[str, str]) -> Path:
    return make_site({"mkdocs.yml": MKDOCS_YML, "docs/index.md": HOME, **dict(extra)})


def claims_of(root: Path) -> dict[str, dict[str, Any]]:
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((root / "claims").glob("*.yml"))
    }


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "site" not in p.relative_to(root).parts[:1]
    }


@pytest.mark.parametrize("shape", ["html", "list", "object", "graph", "datafeed", "api"])
def test_every_shape_gives_its_claims(make_site: SiteMaker, tmp_path: Path, shape: str) -> None:
    records = [review(1), review(2)]
    given_as = {
        "html": ("check.html", html_page(*records)),
        "list": ("checks.json", json.dumps(records)),
        "object": ("check.json", json.dumps(records[0])),
        "graph": ("checks.jsonld", json.dumps({"@graph": records})),
        "datafeed": (
            "feed.json",
            json.dumps(
                {
                    "@type": "DataFeed",
                    "dataFeedElement": [
                        {"@type": "DataFeedItem", "item": [records[0]]},
                        records[1],  # an element may be the review itself
                    ],
                }
            ),
        ),
        "api": ("search.json", json.dumps(api_response(*records))),
    }
    name, text = given_as[shape]
    (tmp_path / name).write_text(text, encoding="utf-8")
    root = site_of(make_site)
    done = run_generator(root, "import", str(tmp_path / name))
    assert done.returncode == 0, done.stdout + done.stderr
    claims = claims_of(root)
    assert len(claims) == (1 if shape == "object" else 2)
    first = next(c for c in claims.values() if "1 percent" in c["claim"])
    assert first["claimant"] == "Ana Minister"
    assert first["date"].isoformat() == "2024-04-30"
    assert first["imported_from"] == {
        "url": "https://checks.example.net/2024/05/check-1",
        "publisher": "Example Checks",
    }
    assert first["quotes"][0]["text"] == first["claim"]
    source = first["quotes"][0]["spans"][0]["source"]
    cited = yaml.safe_load((root / "sources" / f"{source}.yml").read_text(encoding="utf-8"))
    expected = (
        "https://checks.example.net/2024/05/check-1"
        if shape == "api"
        else ("https://news.example.org/interview-1")
    )
    assert cited["url"] == expected and "snapshot" not in cited  # cited only: where it was said
    assert run_generator(root, "check", "--strict").returncode == 0


def test_an_archive_of_imported_claims_alone_builds_with_its_links(
    make_site: SiteMaker, tmp_path: Path
) -> None:
    """The numbers of a hand-written home page count 0 where there is nothing to count (no
    stored span at all), ratings the scale lacks are added, and each page links the original
    and its related fact-checks."""
    records = [review(n) for n in range(1, 5)]
    records.append(review(9, reviewRating={"alternateName": "True"}, claimReviewed="Rain fell."))
    (tmp_path / "feed.json").write_text(json.dumps(records), encoding="utf-8")
    root = site_of(make_site)
    done = run_generator(root, "import", str(tmp_path / "feed.json"))
    assert done.returncode == 0, done.stdout
    assert "added to ratings.yml: mostly-false (Mostly false), rating 2" in done.stdout
    scale = yaml.safe_load((root / "ratings.yml").read_text(encoding="utf-8"))
    assert [s["key"] for s in scale] == ["mostly-false", "true"]  # "true" a string, not a boolean
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    home = " ".join(article(page(root / "site", "")).get_text().split())
    assert "5 claims" in home and "0 verbatim, 0 trimmed and 0 altered" in home
    claim_id = next(k for k, c in claims_of(root).items() if "1 percent" in c["claim"])
    soup = article(page(root / "site", f"claims/{claim_id}/"))
    original = soup.select_one(".fc-imported a")
    assert original is not None and original["href"] == "https://checks.example.net/2024/05/check-1"
    assert "Example Checks" in soup.select_one(".fc-imported").get_text()  # type: ignore[union-attr]
    related = [a["href"] for a in soup.select("#fact-checks + ul a")]
    assert 1 <= len(related) <= 5 and not any(claim_id in str(h) for h in related)
    scale_page = " ".join(article(page(root / "site", "ratings/")).get_text().split())
    assert "Mostly false" in scale_page and "True" in scale_page
    reviews = [
        json.loads(s.get_text())
        for s in page(root / "site", f"claims/{claim_id}/").select(
            'script[type="application/ld+json"]'
        )
    ]
    assert any(r.get("sameAs") == "https://checks.example.net/2024/05/check-1" for r in reviews)


def test_a_reimport_changes_nothing_and_an_edited_file_is_kept(
    make_site: SiteMaker, tmp_path: Path
) -> None:
    (tmp_path / "feed.json").write_text(json.dumps([review(1), review(2)]), encoding="utf-8")
    root = site_of(make_site)
    assert run_generator(root, "import", str(tmp_path / "feed.json")).returncode == 0
    before = files_of(root)
    again = run_generator(root, "import", str(tmp_path / "feed.json"))
    assert again.returncode == 0 and "0 file(s) written" in again.stdout
    assert files_of(root) == before  # byte for byte
    edited = next((root / "claims").glob("*.yml"))
    text = edited.read_text(encoding="utf-8").replace("Ana Minister", "Ana Minister-Ruiz")
    edited.write_text(text, encoding="utf-8")
    kept = run_generator(root, "import", str(tmp_path / "feed.json"))
    assert kept.returncode == 1 and f"kept claims/{edited.name}" in kept.stdout
    assert edited.read_text(encoding="utf-8") == text
    forced = run_generator(root, "import", "--force", str(tmp_path / "feed.json"))
    assert forced.returncode == 0
    assert edited.read_bytes() == before[f"claims/{edited.name}"]
    # a claim file the editor wrote under the id import would choose is never replaced
    own = root / "claims" / edited.name
    own.write_text("# mine\n" + text, encoding="utf-8")
    assert run_generator(root, "import", str(tmp_path / "feed.json")).returncode == 1
    assert own.read_text(encoding="utf-8").startswith("# mine\n")


def test_records_it_cannot_use_are_reported_with_file_and_number(
    make_site: SiteMaker, tmp_path: Path
) -> None:
    records = [review(1), review(2, claimReviewed=""), review(3, url="ftp://x"), review(4)]
    records[3]["reviewRating"] = {"@type": "Rating"}
    (tmp_path / "a.json").write_text(json.dumps(records), encoding="utf-8")
    (tmp_path / "b.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "c.json").write_bytes(b'{"claimReviewed": "\xff"}')
    root = site_of(make_site)
    done = run_generator(root, "import", str(tmp_path))
    assert done.returncode == 1
    out = done.stdout
    assert "a.json: record 2: it has no claimReviewed" in out
    assert "a.json: record 3: it has no url" in out
    assert "a.json: record 4: its reviewRating gives no rating" in out
    assert "b.json: it is not JSON" in out and "c.json: it is not UTF-8 (byte " in out
    assert len(claims_of(root)) == 1  # the record that could be used
    assert "Traceback" not in done.stderr


def test_what_real_records_bring(make_site: SiteMaker, tmp_path: Path) -> None:
    """One person spelled several ways, control characters in a title (U+009D, as in two
    Vishvas News titles), a site whose own scale has `key: false` unquoted."""
    records = [
        review(1, headline="Fact check:\u009d a \u0007title"),
        review(2),
        review(3, reviewRating={"alternateName": "false"}),
    ]
    records[0]["itemReviewed"]["author"]["name"] = "Multiple Sources"
    records[1]["itemReviewed"]["author"]["name"] = "Multiple sources"
    records[2]["itemReviewed"]["author"]["name"] = "Multiple sources"
    (tmp_path / "feed.json").write_text(json.dumps(records), encoding="utf-8")
    config = MKDOCS_YML.replace(
        "  - factcheck\n",
        "  - factcheck:\n      scale:\n"
        "        - {key: true, label: Correct, rating: 2}\n"
        "        - {key: false, label: Wrong, rating: 0}\n",
    )
    root = make_site({"mkdocs.yml": config, "docs/index.md": HOME})
    done = run_generator(root, "import", str(tmp_path / "feed.json"))
    assert done.returncode == 0, done.stdout
    assert "claimant 'Multiple Sources' written 'Multiple sources', as most records do" in (
        done.stdout
    )
    claims = claims_of(root).values()
    assert {c["claimant"] for c in claims} == {"Multiple sources"}
    titles = {c["title"] for c in claims}
    assert "Fact check: a title" in titles
    assert {c["verdict"] for c in claims} == {False, "mostly-false"}  # YAML's reading of `false`
    assert run_generator(root, "check", "--strict").returncode == 0
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    for path in (root / "site/claims").rglob("index.html"):
        text = path.read_text(encoding="utf-8")
        assert "\u009d" not in text and "\u0007" not in text


def test_the_default_scale_is_matched_in_the_records_language(
    make_site: SiteMaker, tmp_path: Path
) -> None:
    record = review(1, inLanguage="fr", reviewRating={"alternateName": "Plutôt exact"})
    (tmp_path / "fr.json").write_text(json.dumps(record), encoding="utf-8")
    root = site_of(make_site)
    assert run_generator(root, "import", str(tmp_path / "fr.json")).returncode == 0
    (claim,) = claims_of(root).values()
    assert claim["verdict"] == "mostly-accurate" and claim["language"] == "fr"
    assert not (root / "ratings.yml").exists()


def test_the_example_imports_its_feed_as_committed(tmp_path: Path) -> None:
    """The example's own records (docs/documents/claimreview-feed.json) give exactly the files
    in the repository: a newcomer's first `import` changes nothing."""
    from sitebuild import copy_example_site

    root = copy_example_site(tmp_path)
    before = files_of(root)
    done = run_generator(root, "import", "docs/documents/claimreview-feed.json")
    assert done.returncode == 0 and "0 file(s) written, 6 unchanged" in done.stdout, done.stdout
    assert files_of(root) == before


# -- what a hostile or broken file gives ----------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "@type",
                    "url",
                    "claimReviewed",
                    "author",
                    "itemReviewed",
                    "reviewRating",
                    "alternateName",
                    "ratingValue",
                    "bestRating",
                    "worstRating",
                    "name",
                    "@graph",
                    "dataFeedElement",
                    "item",
                    "datePublished",
                    "inLanguage",
                    "appearance",
                    "claims",
                    "claimReview",
                    "text",
                    "textualRating",
                    "publisher",
                    "headline",
                ]
            ),
            inner | st.sampled_from(["ClaimReview", "https://a.example/x", "2024-02-30", "True"]),
            max_size=8,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=JSON, html=st.booleans())
def test_any_json_gives_reviews_or_reasons_never_a_crash(value: Any, html: bool) -> None:
    text = json.dumps(value)
    data = (
        f'<html><script type="application/ld+json">{text}</script></html>' if html else text
    ).encode()
    for found in read_records(data, "x.html" if html else "x.json"):
        assert isinstance(found, Review | Unusable)
        if isinstance(found, Review):
            assert found.claim and found.url.startswith(("http://", "https://"))
            for field in (found.claim, found.claimant, found.title, found.rating, found.publisher):
                assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in field)


@pytest.mark.parametrize(
    "data",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'<script type="application/ld+json">' + b"[" * 100_000 + b"</script>",
        b"\xef\xbb\xbf" + json.dumps(review(1)).encode(),
        b"",
        b"<html>no records</html>",
    ],
    ids=["deep-json", "deep-json-ld", "bom", "empty", "no-records"],
)
def test_hostile_files_are_read_or_refused_whole(data: bytes) -> None:
    try:
        found = list(read_records(data, "f.json"))
    except ValueError as error:
        assert str(error)
    else:
        assert all(isinstance(f, Review | Unusable) for f in found)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://fatabyyano.net/%d9%87%d8%b0%d9%87/", "https://fatabyyano.net/هذه/"),
        ("https://x.org/a%20b", "https://x.org/a%20b"),  # a space stays seen
        ("https://x.org/%e2%80%ae", "https://x.org/%e2%80%ae"),  # so does a bidi control
        ("https://x.org/%ff", "https://x.org/%ff"),  # not UTF-8
        ("https://x.org/plain", "https://x.org/plain"),
    ],
)
def test_an_original_address_reads_as_a_browser_shows_it(url: str, shown: str) -> None:
    from generator.weburls import readable

    assert readable(url) == shown


def test_what_import_would_write_over_is_never_followed_or_replaced(
    make_site: SiteMaker, tmp_path: Path
) -> None:
    """A claim file that is a link out of the site, or a FIFO, where import would write: it is
    not read (nothing hangs), not replaced even with --force, and said; a ratings file out of
    the site is refused before anything is written."""
    (tmp_path / "feed.json").write_text(json.dumps([review(1), review(2)]), encoding="utf-8")
    root = site_of(make_site)
    assert run_generator(root, "import", str(tmp_path / "feed.json")).returncode == 0
    first, second = sorted((root / "claims").glob("*.yml"))
    outside = tmp_path / "outside.yml"
    outside.write_text("secret: kept\n", encoding="utf-8")
    first.unlink()
    first.symlink_to(outside)
    second.unlink()
    os.mkfifo(second)
    done = run_generator(root, "import", "--force", str(tmp_path / "feed.json"))
    assert done.returncode == 1, done.stdout
    assert f"kept claims/{first.name} is a link to" in done.stdout
    assert f"kept claims/{second.name}" in done.stdout and "never replaced" in done.stdout
    assert first.is_symlink() and outside.read_text(encoding="utf-8") == "secret: kept\n"
    assert stat.S_ISFIFO(os.lstat(second).st_mode)
    # ratings the scale lacks, to be written out of the site: refused, nothing written
    other = root
    (other / "mkdocs.yml").write_text(
        MKDOCS_YML.replace("  - factcheck\n", "  - factcheck:\n      scale_file: ../ratings.yml\n"),
        encoding="utf-8",
    )
    (tmp_path / "true.json").write_text(
        json.dumps(review(7, reviewRating={"alternateName": "Correct-ish"})), encoding="utf-8"
    )
    refused = run_generator(other, "import", str(tmp_path / "true.json"))
    assert refused.returncode == 1 and "is outside the site; nothing was written" in refused.stdout
    assert not (tmp_path / "ratings.yml").exists()
    assert not any("7" in p.name for p in (other / "claims").glob("*.yml"))


def test_markup_percent_and_braces_in_records_are_text(
    make_site: SiteMaker, tmp_path: Path
) -> None:
    words = "90% of {x} {{ y }} {% if %} <b>bold</b> & $1"
    record = review(
        1,
        headline=f"Title {words}",
        claimReviewed=f"The claim {words}",
        reviewBody=f"Body {words} *not emphasis* [link](javascript:alert(1))",
        reviewRating={"alternateName": f"Rating {words}"},
    )
    record["itemReviewed"]["author"]["name"] = f"Name {words}"
    record["author"]["name"] = f"Desk {words}"
    (tmp_path / "odd.json").write_text(json.dumps(record), encoding="utf-8")
    root = site_of(make_site)
    done = run_generator(root, "import", str(tmp_path / "odd.json"))
    assert done.returncode == 0, done.stdout
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    (claim_id,) = claims_of(root)
    html = (root / "site/claims" / claim_id / "index.html").read_text(encoding="utf-8")
    soup = article(page(root / "site", f"claims/{claim_id}/"))
    text = " ".join(soup.get_text(" ").split())
    for shown in (f"The claim {words}", f"Name {words}", f"Desk {words}", "*not emphasis*"):
        assert shown in text, shown
    assert "<b>bold</b>" not in html and "javascript:" not in str(soup.select("a[href]"))


def test_a_file_too_large_to_be_a_record_is_refused_whole(
    make_site: SiteMaker, tmp_path: Path
) -> None:
    root = site_of(make_site)
    (root / "mkdocs.yml").write_text(
        MKDOCS_YML.replace("  - factcheck\n", "  - factcheck:\n      max_snapshot_bytes: 1000\n"),
        encoding="utf-8",
    )
    (tmp_path / "big.json").write_text(json.dumps([review(n) for n in range(50)]), "utf-8")
    os.mkfifo(tmp_path / "pipe.json")
    done = run_generator(root, "import", str(tmp_path / "big.json"), str(tmp_path / "pipe.json"))
    assert done.returncode == 1
    assert "big.json" in done.stdout and "pipe.json" in done.stdout
    assert not list((root / "claims").glob("*.yml"))
