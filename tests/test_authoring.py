"""The editor's commands on real files: ingest, locate, new, pin, and CI annotations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitebuild import MKDOCS_YML, PROJECT, copy_example_site, run_generator

PAGES = Path(__file__).parent / "pages"


def run(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run_generator(root, *args, env=env)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_example_site(tmp_path)


# -- ingest -------------------------------------------------------------------------------------


def test_ingest_news_article(site: Path) -> None:
    result = run(site, "ingest", str(PAGES / "news-article.html"), "--id", "herald")
    assert result.returncode == 0, result.stderr
    text = (site / "sources/herald.txt").read_text(encoding="utf-8")
    assert text == (
        "Stoltenberg: China poses a challenge to NATO\n\n"
        "NATO\u2019s Secretary General spoke in Seoul on Monday.\n\n"
        "\u201cChina poses a challenge to our values, to our interests and to our security,\u201d "
        "Stoltenberg said, adding that the alliance does not regard China as an adversary.\n\n"
        "We don't regard China as an adversary.\n\n"
        "Split\n\ncells\n\n"
        "- First point\n\n- Second point\n\n1. One\n\n2. Two\n"
    )
    meta = yaml.safe_load((site / "sources/herald.yml").read_text(encoding="utf-8"))
    assert meta["title"] == "Stoltenberg: China poses a challenge to NATO"
    assert meta["publisher"] == "The Example Herald"
    assert meta["author"] == "Jane Reporter"
    assert str(meta["published"]) == "2023-01-30"
    assert meta["url"] == "https://herald.example/world/stoltenberg-seoul"
    assert meta["language"] == "en-GB"
    assert len(meta["sha256"]) == 64
    assert run(site, "check", "sources/herald.yml").returncode == 0


def test_ingest_drops_chrome_and_keeps_blocks_apart(site: Path) -> None:
    assert (
        run(
            site,
            "ingest",
            str(PAGES / "blog-with-comments.html"),
            "--id",
            "blog",
            "--url",
            "https://blog.example/summit",
        ).returncode
        == 0
    )
    text = (site / "sources/blog.txt").read_text(encoding="utf-8")
    assert text == (
        "Notes from the summit\n\n"
        'Mao Ning said China is "a cooperation partner of all countries, not a challenge".\n'
        "The ministry repeated it the next day.\n\n"
        "Some text\u2014with entities & a dash.\n"
    )
    meta = yaml.safe_load((site / "sources/blog.yml").read_text(encoding="utf-8"))
    assert meta["url"] == "https://blog.example/summit" and meta["author"] == "A. Blogger"
    assert "publisher" not in meta and "published" not in meta


@pytest.mark.slow
def test_ingest_is_deterministic_and_refuses_to_overwrite(site: Path) -> None:
    page = str(PAGES / "news-article.html")
    assert run(site, "ingest", page, "--id", "herald").returncode == 0
    first = (site / "sources/herald.txt").read_bytes()
    (site / "sources/herald.yml").write_text("title: edited by hand\n", encoding="utf-8")
    again = run(site, "ingest", page, "--id", "herald")
    assert again.returncode == 1 and "already exist" in again.stderr
    assert (site / "sources/herald.yml").read_text() == "title: edited by hand\n"
    assert run(site, "ingest", page, "--id", "herald", "--force").returncode == 0
    assert (site / "sources/herald.txt").read_bytes() == first
    assert "edited by hand" not in (site / "sources/herald.yml").read_text()


@pytest.mark.parametrize(
    ("page", "code", "message"),
    [
        ("not-html.txt", 1, "not an HTML page"),
        ("only-chrome.html", 1, "no article text"),
        ("missing.html", 2, "does not exist"),
    ],
)
def test_ingest_failures(site: Path, page: str, code: int, message: str) -> None:
    result = run(site, "ingest", str(PAGES / page), "--id", "x")
    assert result.returncode == code and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "sources/x.txt").exists()


def test_ingest_rejects_bad_id_and_url(site: Path) -> None:
    page = str(PAGES / "news-article.html")
    assert run(site, "ingest", page, "--id", "Bad_Id").returncode == 2
    assert run(site, "ingest", page, "--id", "ok", "--url", "ftp://x").returncode == 2


# -- locate -------------------------------------------------------------------------------------


def _paste(site: Path, claim_id: str, quote: str, span_yaml: str) -> None:
    (site / f"claims/{claim_id}.yml").write_text(
        f"title: T\nclaim: C\nclaimant: X\nverdict: accurate\nsummary: S\nquotes:\n"
        f"  - text: {quote}\n    spans:\n{span_yaml}\n",
        encoding="utf-8",
    )


def _spans(output: str) -> list[str]:
    blocks, current = [], []
    for line in output.splitlines():
        if line.startswith("      - source:"):
            if current:
                blocks.append("\n".join(current))
            current = [line]
        elif line.startswith("        ") and current:
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def test_locate_verbatim_and_the_span_checks_out(site: Path) -> None:
    quote = "China poses a challenge to our values, to our interests and to our security"
    result = run(site, "locate", "citing-article", quote)
    assert result.returncode == 0
    assert result.stdout.startswith("sources/citing-article.txt:7:155: verbatim")
    (span,) = _spans(result.stdout)
    _paste(site, "pasted", quote, span)
    assert run(site, "check", "claims/pasted.yml").returncode == 0


def test_locate_ambiguous_prints_a_unique_span_for_each(site: Path) -> None:
    result = run(site, "locate", "citing-article", "sinister intention")
    assert result.returncode == 0
    assert "occurs 2 times" in result.stdout
    spans = _spans(result.stdout)
    assert len(spans) == 2 and all("prefix:" in s or "suffix:" in s for s in spans)
    for i, span in enumerate(spans):
        _paste(site, f"pasted-{i}", "sinister intention", span)
    check = run(site, "check", "--json", "claims/pasted-0.yml", "claims/pasted-1.yml")
    assert check.returncode == 0, check.stdout
    import json

    starts = {tuple(r["ranges"][0]) for r in json.loads(check.stdout)["resolved"]}
    assert len(starts) == 2


def test_locate_not_found_shows_the_closest_passage_and_its_diff(site: Path) -> None:
    quote = "China poses a challenge to our values, to our interests and to our security"
    result = run(site, "locate", "reworded-copy", quote)
    assert result.returncode == 1
    assert "not found as typed" in result.stdout
    assert "sources/reworded-copy.txt:7:322: altered" in result.stdout
    assert "[-challenge-] {+problem+}" in result.stdout
    (span,) = _spans(result.stdout)
    assert 'exact: "China poses a problem to our values, to our pursuits and to our safety"' in span
    _paste(site, "pasted", quote, span)
    assert run(site, "check", "claims/pasted.yml").returncode == 0


def test_locate_finds_whole_words_only_and_says_where_it_saw_the_rest(site: Path) -> None:
    # "China poses a challenge to our" occurs whole; its tail "hina poses" only inside "China".
    result = run(site, "locate", "citing-article", "hina poses a challenge to our values")
    assert result.returncode == 1
    assert "as whole words: it occurs only inside a longer word, at 7:155" in result.stdout
    assert 'exact: \\"China poses a challenge to our values' in result.stdout.replace('"', '\\"')


def test_locate_a_quote_with_an_elision(site: Path) -> None:
    quote = "China poses a challenge to our values … to our security"
    result = run(site, "locate", "citing-article", quote)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("sources/citing-article.txt:7:155: verbatim")
    (span,) = _spans(result.stdout)
    _paste(site, "pasted", quote, span)
    assert run(site, "check", "claims/pasted.yml").returncode == 0


def test_locate_failures(site: Path) -> None:
    missing = run(site, "locate", "no-such-source", "words")
    assert missing.returncode == 2 and "there is no source" in missing.stderr
    cited = run(site, "locate", "newsweek-report", "China poses a challenge")
    assert cited.returncode == 1 and "no snapshot" in cited.stdout
    nothing = run(site, "locate", "citing-article", "quantum chromodynamics of weather systems")
    assert nothing.returncode == 1 and "nothing there is close" in nothing.stdout


# -- new ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_new_writes_a_template_and_never_overwrites(site: Path) -> None:
    result = run(site, "new", "my-claim")
    assert result.returncode == 0
    path = site / "claims/my-claim.yml"
    template = path.read_text(encoding="utf-8")
    data = yaml.safe_load(template)
    assert data["verdict"] == "TODO" and "TODO" in data["title"]
    assert "# claimant_role:" in template
    # Every value the template fills in is refused until replaced, each at its line.
    filled = {
        'title: "TODO: the claim as a headline"': "title: NATO and China",
        'claim: "TODO: the statement being checked, in one sentence"': "claim: He said it.",
        'claimant: "TODO: who made the claim or is quoted"': "claimant: Mao Ning",
        "verdict: TODO ": "verdict: accurate ",
        "  TODO: the ruling in two or three sentences (Markdown).": "  It checks out.",
        'text: "TODO: the words as the claimant said them"': (
            'text: "call for high vigilance among regional countries"'
        ),
        "source: TODO-source-id": "source: citing-article",
    }
    for done, (placeholder, value) in enumerate(filled.items()):
        check = run(site, "check", "claims/my-claim.yml")
        assert check.returncode == 1, placeholder
        assert check.stdout.count("placeholder") >= len(filled) - done, check.stdout
        line = template.splitlines().index(
            next(x for x in template.splitlines() if placeholder in x)
        )
        # (a block scalar's value is placed at its `|`, on the line before its text)
        assert any(f"claims/my-claim.yml:{n}:" in check.stdout for n in (line + 1, line)), (
            placeholder
        )
        template = template.replace(placeholder, value)
        path.write_text(template, encoding="utf-8")
    check = run(site, "check", "claims/my-claim.yml")
    assert check.returncode == 0, check.stdout
    path.write_text("title: mine\n", encoding="utf-8")
    again = run(site, "new", "my-claim")
    assert again.returncode == 1 and "already exists" in again.stdout
    assert path.read_text() == "title: mine\n"
    assert run(site, "new", "Not An Id").returncode == 2
    reserved = run(site, "new", "index")
    assert reserved.returncode == 2 and "'index' is reserved" in reserved.stderr


# -- pin ----------------------------------------------------------------------------------------

PIN_SOURCE = (
    "# A hand-written source file: comments, order and quoting must survive pin.\r\n"
    "title: 'The wire story'   # as printed\r\n"
    'snapshot: "wire.txt"\r\n'
    'sha256: "0000000000000000000000000000000000000000000000000000000000000000"  # old\r\n'
    "notes: |\r\n"
    "  Kept as written.\r\n"
)


def test_pin_changes_only_the_sha256_line(site: Path) -> None:
    (site / "sources/wire.txt").write_text("He said China poses a challenge.\n", encoding="utf-8")
    (site / "sources/wire.yml").write_bytes(PIN_SOURCE.encode())
    _paste(site, "wire-claim", "China poses a challenge", "      - source: wire")
    result = run(site, "pin", "wire")
    assert result.returncode == 0, result.stdout
    from generator.snapshots import text_sha256

    sha = text_sha256("He said China poses a challenge.\n")
    expected = PIN_SOURCE.replace("0" * 64, sha).encode()
    assert (site / "sources/wire.yml").read_bytes() == expected
    assert f"pinned sha256 {sha}" in result.stdout
    assert run(site, "check").returncode == 0
    assert "already" in run(site, "pin", "wire").stdout


def test_pin_refuses_while_a_span_does_not_resolve(site: Path) -> None:
    (site / "sources/wire.txt").write_text("He said China is a partner.\n", encoding="utf-8")
    (site / "sources/wire.yml").write_bytes(PIN_SOURCE.encode())
    _paste(site, "wire-claim", "China poses a challenge", "      - source: wire")
    result = run(site, "pin", "wire")
    assert result.returncode == 1
    assert "not pinned" in result.stdout and "not-found" in result.stdout
    assert (site / "sources/wire.yml").read_bytes() == PIN_SOURCE.encode()


def test_pin_is_not_blocked_by_a_claims_problem_in_another_source(site: Path) -> None:
    (site / "sources/wire.txt").write_text("He said China poses a challenge.\n", encoding="utf-8")
    (site / "sources/wire.yml").write_bytes(PIN_SOURCE.encode())
    _paste(
        site,
        "wire-claim",
        "China poses a challenge",
        "      - source: wire\n      - source: citing-article\n        exact: not printed there",
    )
    assert run(site, "check").returncode == 1  # the citing-article span is broken ...
    result = run(site, "pin", "wire")
    assert result.returncode == 0, result.stdout  # ... but every span in wire resolves
    assert "pinned sha256" in result.stdout


def test_pin_adds_a_missing_sha256_and_skips_cited_sources(site: Path) -> None:
    (site / "sources/wire.txt").write_text("Words.\n", encoding="utf-8")
    (site / "sources/wire.yml").write_text("title: Wire\nsnapshot: wire.txt", encoding="utf-8")
    assert run(site, "pin", "wire", "newsweek-report").returncode == 0
    written = (site / "sources/wire.yml").read_text(encoding="utf-8")
    assert written.startswith("title: Wire\nsnapshot: wire.txt\nsha256: ")
    assert run(site, "pin", "nope").returncode == 2


# -- CI annotations -----------------------------------------------------------------------------


@pytest.mark.slow
def test_github_actions_annotations(site: Path, tmp_path: Path) -> None:
    _paste(site, "broken", "words that are not there at all", "      - source: citing-article")
    plain = run(site, "check")
    assert "::error" not in plain.stdout
    annotated = run(site, "check", env={"GITHUB_ACTIONS": "true"})
    assert annotated.returncode == 1
    lines = [line for line in annotated.stdout.splitlines() if line.startswith("::error ")]
    assert lines == [
        "::error file=claims/broken.yml,line=9,col=9,title=not-found::not-found: "
        '"words that are not there at all" is not in sources/citing-article.txt, and '
        "nothing there is close%0Ahint: copy the words from sources/citing-article.txt into "
        "exact%3A, or check the span's source".replace("exact%3A", "exact:")
    ]
    (site / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    env = {
        **os.environ,
        "GITHUB_ACTIONS": "true",
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": str(PROJECT),
    }
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 1
    assert "::error file=claims/broken.yml,line=9,col=9,title=not-found::" in build.stdout


def test_workflow_checks_builds_and_publishes() -> None:
    workflow = yaml.safe_load((PROJECT / ".github/workflows/site.yml").read_text())
    steps = [s.get("run") or s.get("uses") for s in workflow["jobs"]["build"]["steps"]]
    assert steps.index("make check") < steps.index("make site")
    assert any(str(s).startswith("actions/upload-pages-artifact") for s in steps)
    deploy = [s.get("uses") for s in workflow["jobs"]["deploy"]["steps"]]
    assert any(str(s).startswith("actions/deploy-pages") for s in deploy)
    # every test runs too, on Debian as .ci/run does, and nothing is published without them
    tests = [s.get("run") for s in workflow["jobs"]["test"]["steps"]]
    assert "make test" in tests and "bookworm" in workflow["jobs"]["test"]["container"]
    assert set(workflow["jobs"]["deploy"]["needs"]) == {"build", "test"}
    # the generator's cache is kept between runs, before the site is built (issue 31), and
    # nothing sets up a Node.js the build does not use
    cached = [
        s for s in workflow["jobs"]["build"]["steps"] if "actions/cache" in str(s.get("uses"))
    ]
    assert cached and cached[0]["with"]["path"] == "~/.cache/factcheck"
    assert workflow["jobs"]["build"]["steps"].index(cached[0]) < steps.index("make site")
    assert not any("setup-node" in str(s) for s in steps)


def test_ingest_page_without_article_element(site: Path) -> None:
    result = run(site, "ingest", str(PAGES / "cookie-banner-and-nav.html"), "--id", "presse")
    assert result.returncode == 0, result.stderr
    text = (site / "sources/presse.txt").read_text(encoding="utf-8")
    assert text == (
        "Erklärung des Sprechers\n\n"
        "Der Sprecher sagte: \u201eWir sind ein Partner, keine Herausforderung.\u201c\n\n"
        "Zelle eins\n\nZelle zwei\n\n"
        "Zweiter Absatz mit fettem Text.\n"
    )
    meta = yaml.safe_load((site / "sources/presse.yml").read_text(encoding="utf-8"))
    assert meta["publisher"] == "Ministerium" and meta["language"] == "de"
    assert "published" not in meta and "url" not in meta  # not a real date; not an http URL
    notes = yaml.safe_load((site / "sources/presse.yml").read_text())["notes"]
    assert "the page's publication date" in notes
    assert "address was left out: it does not start with http" in result.stdout
