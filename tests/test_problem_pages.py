"""Problem pages: a broken claim's address lists its problems as `check` prints them, with the
file's lines around each, while previewing; a published build never has them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import SiteMaker
from hypothesis import given
from hypothesis import strategies as st
from sitebuild import MKDOCS_YML, article, mkdocs_build, page, run_generator
from test_plugin import GOOD_CLAIM, PLAIN_SOURCE, TEXT

from generator.check import Layout, check_site
from generator.model import Problem
from generator.outputs.problempages import LINE_WIDTH, excerpt, problem_report

BROKEN = GOOD_CLAIM.replace("title: Good", "title: Broken").replace(
    "verdict: accurate", "verdict: acurate"
)
ALWAYS = MKDOCS_YML.replace("  - factcheck\n", "  - factcheck:\n      problem_pages: always\n")


def _site(make_site: SiteMaker, yml: str = ALWAYS, **claims: str) -> Path:
    files = {
        "mkdocs.yml": yml,
        "docs/index.md": "# Home\n",
        "sources/s.yml": PLAIN_SOURCE,
        "sources/s.txt": TEXT,
        "claims/good.yml": GOOD_CLAIM,
    }
    files.update({f"claims/{name}.yml": text for name, text in claims.items()})
    return make_site(files)


def test_the_problem_page_lists_each_problem_as_check_prints_it_with_the_lines_around(
    make_site: SiteMaker,
) -> None:
    root = _site(make_site, broken=BROKEN)
    checked = run_generator(root, "check")
    assert checked.returncode == 1
    printed = [line for line in checked.stdout.splitlines() if line.startswith(("claims/", "  "))]
    assert printed and printed[0].startswith("claims/broken.yml:4:10: error: unknown-verdict")
    built = mkdocs_build(root, strict=False)
    assert built.returncode == 0, built.stderr
    body = article(page(root / "site", "claims/broken/"))
    assert body.h1 is not None and body.h1.get_text() == "Problems in claims/broken.yml"
    shown = [line for pre in body.select(".fc-problem__printed") for line in pre.text.split("\n")]
    assert shown == printed  # exactly what check prints, hint line included
    lines = body.select_one(".fc-problem__lines")
    assert lines is not None
    numbered = [s.get_text() for s in lines.select(".fc-problem__line")]
    assert numbered == [
        "    2 claim: c",
        "    3 claimant: X",
        "    4 verdict: acurate",
        "    5 summary: s",
        "    6 quotes:",
    ]
    here = lines.select_one(".fc-problem__line--here")
    assert here is not None and here.get_text().endswith("verdict: acurate")
    caret = lines.select_one(".fc-problem__caret")
    assert caret is not None and caret.get_text() == " " * (6 + 9) + "^"  # under column 10
    head = page(root / "site", "claims/broken/").select_one('meta[name="robots"]')
    assert head is not None and head["content"] == "noindex"
    # The claims index says what is not published, linked to its page.
    index = article(page(root / "site", "claims/"))
    listed = index.select("[data-broken]")
    assert [li["data-broken"] for li in listed] == ["claim:broken"]
    link = listed[0].a
    assert link is not None and link["href"] == "broken/"
    assert "unknown-verdict" in listed[0].get_text()
    # Nothing of it is published as a claim: not in the open data, not in the search records.
    assert "broken" not in (root / "site/data/claims.json").read_text()


@pytest.mark.slow
def test_a_published_build_has_no_problem_page_and_strict_fails(make_site: SiteMaker) -> None:
    root = _site(make_site, MKDOCS_YML, broken=BROKEN)
    built = mkdocs_build(root, strict=False)
    assert built.returncode == 0, built.stderr
    assert "unknown-verdict" in built.stderr
    assert not (root / "site/claims/broken").exists()
    assert article(page(root / "site", "claims/")).select("[data-broken]") == []
    assert mkdocs_build(root).returncode == 1  # --strict
    always = _site(make_site, ALWAYS, broken=BROKEN)
    strict = mkdocs_build(always)
    assert strict.returncode == 1, "problem pages must not let a strict build pass"


def test_problem_pages_option_is_checked(make_site: SiteMaker) -> None:
    yml = ALWAYS.replace("problem_pages: always", "problem_pages: sometimes")
    root = _site(make_site, yml)
    built = mkdocs_build(root, strict=False)
    assert built.returncode == 1
    assert "bad-value: 'problem_pages' must be one of serve, always, never, not 'sometimes'" in (
        built.stderr
    )
    assert "Traceback" not in built.stderr


def test_a_claim_broken_by_its_source_shows_the_source_problem(make_site: SiteMaker) -> None:
    root = _site(make_site)
    (root / "sources/s.txt").unlink()
    assert mkdocs_build(root, strict=False).returncode == 0
    body = article(page(root / "site", "claims/good/"))
    printed = body.select_one(".fc-problem__printed")
    assert printed is not None
    assert printed.text.startswith("sources/s.yml:2:11: error: snapshot-missing")
    source = article(page(root / "site", "sources/s/"))
    assert source.h1 is not None and source.h1.get_text() == "Problems in sources/s.yml"
    index = article(page(root / "site", "claims/"))
    assert [li["data-broken"] for li in index.select("[data-broken]")] == [
        "claim:good",
        "source:s",
    ]


def test_hostile_lines_are_escaped_and_files_that_cannot_be_read_have_no_excerpt(
    make_site: SiteMaker,
) -> None:
    evil = BROKEN.replace("claim: c", "claim: '<script>alert(1)</script>\u202eevil'")
    evil = evil.replace("verdict: acurate", "verdict: '\u202eacurate'")
    escape = BROKEN.replace("claim: c", "claim: '\x1b[2J'")  # not YAML: yaml-syntax at 1:1
    deep = "title: " + "[" * 100_000
    root = _site(make_site, evil=evil, escape=escape, deep=deep)
    os.mkfifo(root / "claims/pipe.yml")
    outside = root.parent / "outside.yml"
    outside.write_text(BROKEN, encoding="utf-8")
    (root / "claims/link.yml").symlink_to(outside)
    (root / "claims/latin.yml").write_bytes(BROKEN.lstrip("\n").encode() + b"note: caf\xe9\n")
    built = mkdocs_build(root, strict=False)
    assert built.returncode == 0, built.stderr
    site = root / "site"
    body = article(page(site, "claims/evil/"))
    assert body.find("script") is None
    text = body.get_text()
    assert "\u202e" not in text and "\\u202eevil" in text
    escaped = article(page(site, "claims/escape/")).get_text()
    assert "\x1b" not in escaped and "claim: '\\x1b[2J'" in escaped
    caret = body.select_one(".fc-problem__caret")
    here = body.select_one(".fc-problem__line--here")
    assert caret is not None and here is not None
    # the caret stands under the column as shown: after the escaped direction mark
    shown_line = here.get_text()
    assert shown_line[len(caret.get_text()) - 1 :].startswith("'\\u202eacurate'")
    deep_lines = article(page(site, "claims/deep/")).select(".fc-problem__line")
    assert deep_lines and len(deep_lines[0].get_text()) <= 6 + LINE_WIDTH + 2  # cut, not 100k
    pipe = article(page(site, "claims/pipe/"))
    assert "not-a-file" in pipe.get_text()
    assert pipe.select(".fc-problem__lines") == []
    link = article(page(site, "claims/link/"))  # a link out of the site is never read
    assert "file-outside" in link.get_text() and link.select(".fc-problem__lines") == []
    assert "acurate" not in link.get_text()
    latin = article(page(site, "claims/latin/")).get_text()  # not UTF-8: said, not a traceback
    assert "yaml-syntax" in latin and "not UTF-8" in latin


@given(
    text=st.text(st.characters(codec="utf-8"), max_size=400),
    line=st.integers(-2, 12),
    column=st.integers(-2, 500),
)
def test_any_file_and_position_give_an_excerpt_or_none(text: str, line: int, column: int) -> None:
    problem = Problem("f.yml", line, column, "error", "bad-value", "m")
    found = excerpt(problem, text.split("\n"))
    if found is None:
        return
    assert found.line == line
    numbers = [n for n, _ in found.lines]
    assert line in numbers and numbers == list(range(numbers[0], numbers[-1] + 1))
    shown = dict(found.lines)[line]
    assert 0 <= found.caret <= len(shown)
    assert all(len(t) <= LINE_WIDTH + 2 for _, t in found.lines)
    assert not any(ch in t for _, t in found.lines for ch in "\x1b\r\u202e\x00")


def test_the_report_of_a_whole_site_check(make_site: SiteMaker) -> None:
    root = _site(make_site, broken=BROKEN)
    (root / "claims/Bad Name.yml").write_text(GOOD_CLAIM)
    result = check_site(Layout.at(root))
    report = problem_report(result, Layout.at(root))
    assert [p.id for p in report.claims] == ["broken"]
    assert report.claims[0].errors == 1 and report.claims[0].title == "Broken"
    assert [p.problem.code for p in report.other] == ["bad-id"]
    assert report.sources == ()


def test_spans_resolved_by_an_earlier_check_follow_every_change_of_their_files(
    make_site: SiteMaker,
) -> None:
    """The memo of resolved spans (what spares `mkdocs serve` re-resolving a whole site) is
    keyed by content: an unchanged site resolves nothing again; a changed snapshot or quote is
    resolved anew; a span moved in its file is reported at its new line."""
    from generator.verify import SPAN_MEMO

    root = _site(make_site, other=GOOD_CLAIM.replace("title: Good", "title: Other"))
    layout = Layout.at(root)
    first = check_site(layout)
    again = check_site(layout)
    assert SPAN_MEMO.hits == len(again.spans) == 2
    assert again.spans == first.spans
    (root / "sources/s.txt").write_text(TEXT.replace("challenge", "problem"), encoding="utf-8")
    changed = check_site(layout)
    assert SPAN_MEMO.hits == 1  # the second claim's identical span, resolved in this check
    assert [p.code for p in changed.problems] == ["not-found", "not-found"]
    moved = GOOD_CLAIM.lstrip("\n").replace("quotes:", "tags: [a]\nquotes:")
    (root / "claims/good.yml").write_text(moved, encoding="utf-8")
    again = check_site(layout)
    lines = {p.path: p.line for p in again.problems}
    assert lines == {"claims/good.yml": 10, "claims/other.yml": 9}  # one line lower
    (root / "sources/s.txt").write_text(TEXT, encoding="utf-8")
    fixed = check_site(layout)
    assert fixed.problems == () and fixed.spans == first.spans
