"""The plugin on small sites built in tmp_path: hostile input stays text, strictness, options."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import SiteMaker
from sitebuild import MKDOCS_YML, article, mkdocs_build, page, run_generator

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SOURCE = f"""
title: 'Source {EVIL}'
publisher: '<b onclick="alert(1)">Pub</b>'
url: https://example.org/a?b=<x>&c="y"
snapshot: s.txt
notes: |
  Notes <script>alert(1)</script> [click](javascript:alert(1))
  <iframe src="https://evil.example"></iframe> <a href="https://ok.example" onmouseover="x()">ok</a>
"""
TEXT = (
    "He said \u201cChina poses a challenge to our values\u201d and <script>alert(2)</script> too.\n"
)
CLAIM = f"""
title: 'Claim {EVIL}'
claim: 'Said {EVIL}'
claimant: '</td><script>alert(3)</script>'
claimant_role: '" onmouseover="alert(4)'
verdict: accurate
summary: |
  Summary <script>alert(5)</script> <img src=x onerror="alert(6)"> [x](javascript:alert(7))
analysis: '<svg onload=alert(8)></svg>**bold**'
provenance: '<style>body{{display:none}}</style>Provenance'
tags: ['"><script>alert(9)</script>', "a|b", 'x" onfocus="alert(10)']
corrections:
  - date: 2023-02-01
    note: '<script>alert(11)</script>fixed'
quotes:
  - text: China poses a challenge to our values
    spans:
      - source: s
        note: '<a href="javascript:alert(12)">n</a>'
"""
MARKER_SCRIPTS = ("alert(", "javascript:")


def hostile_site(make_site: SiteMaker) -> Path:
    return make_site(
        {
            "mkdocs.yml": MKDOCS_YML,
            "docs/index.md": "# Home\n\n{{ factcheck.claims }} claims.\n",
            "sources/s.yml": SOURCE,
            "sources/s.txt": TEXT,
            "claims/c.yml": CLAIM,
        }
    )


def test_hostile_input_stays_text(make_site: SiteMaker) -> None:
    root = hostile_site(make_site)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    for url in (
        "claims/c/",
        "sources/s/",
        "claims/",
        "sources/",
        "claimants/",
        "corrections/",
        "claimants/td-script-alert-3-script/",
    ):
        soup = page(site, url)
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":  # data, and it stays data
                assert json.loads(script.get_text())["@type"] == "ClaimReview"
                continue
            assert not any(m in script.get_text() for m in MARKER_SCRIPTS), (url, script)
        main = article(soup)
        for tag in main.find_all(True):
            for name, value in tag.attrs.items():
                assert not name.startswith("on"), (url, tag)
                text = " ".join(value) if isinstance(value, list) else str(value)
                assert not text.strip().lower().startswith("javascript:"), (url, tag)
        # The only SVG is the lineage the generator draws, made of its own few elements; the
        # hostile titles inside it are text.
        drawn = {"svg", "title", "desc", "defs", "marker", "path", "g", "rect", "text"}
        for svg in main.find_all("svg"):
            assert "fc-lineage" in svg["class"], url
            assert {t.name for t in svg.find_all(True)} | {"svg"} <= drawn, url
            svg.decompose()
        assert not main.find_all(
            ["iframe", "svg", "img", "style"] if url != "claims/" else ["iframe", "svg", "img"]
        ), url
    claim = article(page(site, "claims/c/"))
    assert claim.select_one("h1").get_text() == f"Claim {EVIL}"  # type: ignore[union-attr]
    assert claim.select_one(".fc-analysis strong").get_text() == "bold"  # type: ignore[union-attr]
    source = article(page(site, "sources/s/"))
    assert "<script>alert(2)</script>" in source.select_one(".fc-text").get_text()  # type: ignore[union-attr]
    assert source.select_one("h1").get_text() == f"Source {EVIL}"  # type: ignore[union-attr]


def test_claims_index_style_holds_no_user_text(make_site: SiteMaker) -> None:
    root = hostile_site(make_site)
    assert mkdocs_build(root).returncode == 0
    assert article(page(root / "site", "claims/")).select_one("style") is None
    css = (root / "site/assets/factcheck/claims-filters.css").read_text(encoding="utf-8")
    assert "<" not in css and "(3)" not in css
    values = re.findall(r'data-[a-z]+\*?="([^"]*)"', css)
    assert values and all(re.fullmatch(r"[a-z0-9|-]+", v) for v in values)


BROKEN_CLAIM = """
title: Broken
claim: c
claimant: X
verdict: accurate
summary: s
quotes:
  - text: words that are not there at all
    spans:
      - source: s
"""
GOOD_CLAIM = """
title: Good
claim: c
claimant: X
verdict: accurate
summary: s
quotes:
  - text: China poses a challenge to our values
    spans:
      - source: s
"""
PLAIN_SOURCE = "title: S\nsnapshot: s.txt\n"


def good_site(make_site: SiteMaker, **more: str) -> Path:
    """A site of one source and one claim that checks out, and the files `more`."""
    return make_site(
        {
            "mkdocs.yml": MKDOCS_YML,
            "docs/index.md": "# Home\n",
            "sources/s.yml": PLAIN_SOURCE,
            "sources/s.txt": TEXT,
            "claims/good.yml": GOOD_CLAIM,
            **more,
        }
    )


def broken_site(make_site: SiteMaker) -> Path:
    return good_site(make_site, **{"claims/broken.yml": BROKEN_CLAIM})


def test_strict_build_fails_on_a_span_that_does_not_check_out(make_site: SiteMaker) -> None:
    root = broken_site(make_site)
    result = mkdocs_build(root, strict=True)
    assert result.returncode == 1
    assert "claims/broken.yml:9:9: error: not-found:" in result.stderr
    assert "hint: " in result.stderr


def test_plain_build_skips_the_broken_claim_and_builds_the_rest(make_site: SiteMaker) -> None:
    root = broken_site(make_site)
    result = mkdocs_build(root, strict=False)
    assert result.returncode == 0, result.stderr
    assert "claims/broken.yml:9:9: error: not-found:" in result.stderr
    assert "left out of the site" in result.stderr and "broken" in result.stderr
    assert (root / "site/claims/good/index.html").is_file()
    assert not (root / "site/claims/broken").exists()
    rows = article(page(root / "site", "claims/")).select("tr.fc-row")
    assert len(rows) == 1


def test_broken_link_in_a_hand_written_page_fails_strict(make_site: SiteMaker) -> None:
    root = broken_site(make_site)
    (root / "claims/broken.yml").unlink()
    (root / "docs/index.md").write_text("# Home\n\n[gone](missing.md)\n", encoding="utf-8")
    result = mkdocs_build(root, strict=True)
    assert result.returncode == 1
    assert "missing.md" in result.stderr


@pytest.mark.slow
def test_configured_scale_and_unknown_verdict(make_site: SiteMaker) -> None:
    config = MKDOCS_YML.replace(
        "  - factcheck\n",
        """  - factcheck:
      context: 10
      scale:
        - {key: true, label: "True", description: It checks out., rating: 2}  # YAML: a bool
        - {key: untrue, label: Untrue, description: It does not., rating: 1}
""",
    )
    root = make_site(
        {
            "mkdocs.yml": config,
            "docs/index.md": "# Home\n",
            "sources/s.yml": PLAIN_SOURCE,
            "sources/s.txt": TEXT,
            "claims/good.yml": GOOD_CLAIM.replace("verdict: accurate", "verdict: true"),
            "claims/other.yml": GOOD_CLAIM,
        }
    )
    result = mkdocs_build(root, strict=True)
    assert result.returncode == 1
    assert (
        "claims/other.yml:4:10: error: unknown-verdict: 'accurate' is not on the rating scale"
        in result.stderr
    )
    (root / "claims/other.yml").unlink()
    assert mkdocs_build(root, strict=True).returncode == 0
    ratings = article(page(root / "site", "ratings/"))
    assert [
        dt.select_one(".fc-verdict").get_text() for dt in ratings.select("dl")[0].select("dt")
    ] == ["True", "Untrue"]  # type: ignore[union-attr]
    excerpt = article(page(root / "site", "claims/good/")).select_one(".fc-excerpt")
    assert excerpt is not None and len(excerpt.get_text()) < 70  # context: 10


def test_template_override_through_custom_dir(make_site: SiteMaker) -> None:
    config = MKDOCS_YML.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    root = make_site(
        {
            "mkdocs.yml": config,
            "docs/index.md": "# Home\n",
            "overrides/factcheck/claimants.html": (
                "<h1 id='x'>Our people</h1>{{ model.claimants|length }}"
            ),
            "sources/s.yml": PLAIN_SOURCE,
            "sources/s.txt": TEXT,
            "claims/good.yml": GOOD_CLAIM,
        }
    )
    assert mkdocs_build(root, strict=True).returncode == 0
    text = article(page(root / "site", "claimants/")).get_text()
    assert "Our people" in text and "1" in text


def test_source_line_links_the_source_with_its_publisher_and_date(make_site: SiteMaker) -> None:
    root = make_site(
        {
            "mkdocs.yml": MKDOCS_YML,
            "docs/index.md": "# Home\n",
            "sources/s.yml": PLAIN_SOURCE + "publisher: The <Daily>\npublished: 2023-01-30\n"
            "url: https://example.org/s\narchive_url: https://archive.example/s\n",
            "sources/s.txt": TEXT,
            "claims/good.yml": GOOD_CLAIM,
        }
    )
    assert mkdocs_build(root).returncode == 0
    line = article(page(root / "site", "claims/good/")).select_one(".fc-span__source")
    assert line is not None
    assert [a.get_text() for a in line.select("a")] == [
        "S",
        "original",
        "archived copy",
        "in the stored text",
    ]
    assert "The <Daily>" in line.get_text() and "30 January 2023" in line.get_text()
    assert line.select_one("time")["datetime"] == "2023-01-30"  # type: ignore[index]


def test_corrections_log_lists_every_correction_newest_first(make_site: SiteMaker) -> None:
    def corrected(title: str, *dates: str) -> str:
        items = "".join(f"  - date: {d}\n    note: Fixed on {d}.\n" for d in dates)
        return GOOD_CLAIM.replace("title: Good", f"title: {title}") + "corrections:\n" + items

    root = make_site(
        {
            "mkdocs.yml": MKDOCS_YML,
            "docs/index.md": "# Home\n",
            "sources/s.yml": PLAIN_SOURCE,
            "sources/s.txt": TEXT,
            "claims/a.yml": corrected("First", "2023-02-01", "2023-03-05"),
            "claims/b.yml": corrected("Second", "2023-02-20"),
        }
    )
    assert mkdocs_build(root).returncode == 0
    log = article(page(root / "site", "corrections/"))
    entries = [
        (li.select_one("time")["datetime"], li.select_one("a").get_text())  # type: ignore[index,union-attr]
        for li in log.select(".fc-corrections-log li")
    ]
    assert entries == [("2023-03-05", "First"), ("2023-02-20", "Second"), ("2023-02-01", "First")]
    claim = article(page(root / "site", "claims/a/"))
    assert [t["datetime"] for t in claim.select(".fc-corrections time")] == [  # type: ignore[index]
        "2023-02-01",
        "2023-03-05",
    ]


def test_no_build_leaves_objects_frozen_out_of_the_collector(make_site: SiteMaker) -> None:
    """The plugin freezes the checked site during a build (rendering is faster); under
    `mkdocs serve` every rebuild would pin the last one's objects if it were not unfrozen,
    after a failed build too."""
    import gc
    import os

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    root = good_site(make_site)
    here = Path.cwd()
    os.chdir(root)
    try:
        for strict in (False, False, True):
            config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
            config["strict"] = strict
            if strict:  # a failing build: a span that no longer checks out
                (root / "sources/s.txt").write_text("Other words entirely.\n")
                with pytest.raises(Abort):
                    build(config)
            else:
                build(config)
            assert gc.get_freeze_count() == 0
    finally:
        os.chdir(here)


def test_an_internal_error_in_the_plugin_is_one_line_not_a_traceback(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    import generator.engines.plugin as plugin_module

    root = make_site({"mkdocs.yml": MKDOCS_YML, "docs/index.md": "# Home\n"})

    def unforeseen(*args: object, **kwargs: object) -> None:
        raise RuntimeError("unforeseen")

    monkeypatch.setattr(plugin_module, "build_site", unforeseen)
    monkeypatch.chdir(root)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    with pytest.raises(Abort):
        build(config)
    (message,) = [r.getMessage() for r in caplog.records if "internal error" in r.getMessage()]
    assert message.startswith("internal error while building the fact-check pages: RuntimeError")
    assert "Traceback" not in caplog.text
    saved = Path(re.search(r"the full traceback is in (\S+)\)", message).group(1))  # type: ignore[union-attr]
    assert "unforeseen" in saved.read_text(encoding="utf-8")
    saved.unlink()


def test_one_validator_for_the_options_of_check_build_and_export(make_site: SiteMaker) -> None:
    """A scale key listed twice passed `check` and stopped `mkdocs build`: now every command
    reads the options through one module and says the same, with mkdocs.yml's line."""
    config = MKDOCS_YML.replace(
        "  - factcheck\n",
        "  - factcheck:\n"
        "      context: -3\n"
        "      claims_per_page: many\n"
        "      search_recent: 0\n"
        "      colour: blue\n"
        "      scale:\n"
        "        - {key: true, label: True, rating: 2}\n"
        "        - {key: true, label: Also true, rating: 1}\n",
    )
    root = make_site(
        {
            "mkdocs.yml": "env_value: !ENV [NOT_SET, x]\n" + config,  # a tag is no obstacle
            "docs/index.md": "# Home\n",
            "sources/s.yml": PLAIN_SOURCE,
            "sources/s.txt": TEXT,
            "claims/good.yml": GOOD_CLAIM,
        }
    )
    lines = (root / "mkdocs.yml").read_text().splitlines()
    at = {
        "context": next(i for i, line in enumerate(lines, 1) if "context:" in line),
        "per_page": next(i for i, line in enumerate(lines, 1) if "claims_per_page:" in line),
        "recent": next(i for i, line in enumerate(lines, 1) if "search_recent:" in line),
        "colour": next(i for i, line in enumerate(lines, 1) if "colour:" in line),
        "twice": next(i for i, line in enumerate(lines, 1) if "Also true" in line),
    }
    # In the words of a claim's problems: the options are read by the same machinery.
    expected = [
        f"mkdocs.yml:{at['context']}:16: error: bad-value: 'context' must be a whole number of "
        "at least 1, not '-3'\n  hint: for example: context: 160",
        f"mkdocs.yml:{at['per_page']}:24: error: bad-value: 'claims_per_page' must be a whole "
        "number of at least 1, not 'many'",
        f"mkdocs.yml:{at['recent']}:22: error: bad-value: 'search_recent' must be a whole "
        "number of at least 1, not '0'",
        f"mkdocs.yml:{at['colour']}:7: error: unknown-field: the factcheck plugin has no "
        "field 'colour'",
        f"mkdocs.yml:{at['twice']}:17: error: bad-value: the scale lists the key 'true' twice",
    ]
    checked = run_generator(root, "check")
    exported = run_generator(root, "export", "out")
    for result in (checked, exported):
        assert result.returncode == 2
        for line in expected:
            assert line in result.stderr, result.stderr
    # MkDocs stops on an unknown option (or top-level key) itself, before any plugin runs;
    # without those two lines, the build reports the other two exactly as check does.
    (root / "mkdocs.yml").write_text(
        "\n".join(line for line in lines if "colour" not in line and "env_value" not in line)
    )
    built = mkdocs_build(root)
    assert built.returncode != 0
    kept = (root / "mkdocs.yml").read_text().splitlines()
    context = next(i for i, line in enumerate(kept, 1) if "context:" in line)
    twice = next(i for i, line in enumerate(kept, 1) if "Also true" in line)
    assert expected[0].replace(f"yml:{at['context']}:", f"yml:{context}:") in built.stderr
    per_page = next(i for i, line in enumerate(kept, 1) if "claims_per_page:" in line)
    assert expected[1].replace(f"yml:{at['per_page']}:", f"yml:{per_page}:") in built.stderr
    assert expected[-1].replace(f"yml:{at['twice']}:", f"yml:{twice}:") in built.stderr
