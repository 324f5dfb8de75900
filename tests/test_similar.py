"""Was this checked before? `similar`, `new`'s closest claims, `check`'s `possibly-checked` and
the related fact-checks of claim pages (issue 32; SPEC §8 `similar`; generator/similar.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex
from conftest import SiteMaker
from hypothesis import given, settings
from hypothesis import strategies as st
from sitebuild import MKDOCS_YML, copy_example_site, run_generator

from generator import similar
from generator.similar import Entry, Index, index_for, tokens

CLAIM = """\
title: {title}
claim: {claim}
claimant: {claimant}
date: {date}
verdict: accurate
summary: Checked.
quotes:
  - text: {claim}
    spans:
      - source: s
"""


def claim_file(
    claim: str, claimant: str = "Ana Minister", date: str = "2024-01-01", **more: str
) -> str:
    text = CLAIM.format(title=claim[:60], claim=claim, claimant=claimant, date=date)
    return text + "".join(f"{k}: {v}\n" for k, v in more.items())


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example_site(tmp_path)


def test_similar_ranks_the_claims_that_check_the_same_claim_first(example: Path) -> None:
    said = "NATO's Secretary General says the alliance does not see China as an adversary"
    done = run_generator(example, "similar", "--json", "--top", "4", said)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert [set(f) for f in found] == [{"claim", "score"}] * 4
    scores = [f["score"] for f in found]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1.2 for s in scores)
    assert {f["claim"] for f in found[:2]} == {
        "stoltenberg-not-an-adversary",
        "factdesk-example-nato-secretary-general-jens-stoltenberg-said-nato-does-7c6d48",
    }
    plain = run_generator(example, "similar", "--top", "1", said)
    assert plain.stdout.startswith(f"{scores[0]:.2f}  claims/") and "(accurate)" in plain.stdout
    # the claimant's bonus ranks that person's claims first
    who = run_generator(
        example, "similar", "--json", "--claimant", "Mao Ning", "China is not a challenge"
    )
    assert json.loads(who.stdout)[0]["claim"].startswith(("mao-ning", "factdesk-example-selon"))


def test_any_language_the_site_holds(example: Path) -> None:
    said = "Mao Ning a dit que la Chine est un partenaire de coopération, pas un défi"
    done = run_generator(example, "similar", "--json", "--language", "fr", "--top", "1", said)
    assert json.loads(done.stdout)[0]["claim"] == (
        "factdesk-example-selon-mao-ning-porte-parole-de-la-diplomatie-2a5b0e"
    )


def test_tokens_follow_each_script_and_language() -> None:
    assert tokens("The partners are cooperating", "en") == ["partner", "cooper"]
    assert tokens("Les partenaires coopèrent", "fr")[0] == "partenair"
    assert tokens("北约秘书长", "zh") == ["北约", "约秘", "秘书", "书长"]  # pairs, as search
    assert tokens("الصين شريك تعاون", "ar")  # Arabic words kept (and stemmed)
    assert tokens("a 5 % b", "en") == []  # nothing of one character, no stop word


def test_the_index_is_kept_and_only_a_changed_claim_is_embedded_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTCHECK_CACHE", str(tmp_path / "cache"))
    entries = [
        Entry(f"c{n}", f"claim {n} about budgets and {w}", "X", "en")
        for n, w in enumerate(["taxes", "schools", "roads"])
    ]
    first = index_for(tmp_path, entries, neighbours=3)
    embedded: list[int] = []
    real = similar.embed

    def counted(texts: list[str]):  # type: ignore[no-untyped-def]
        embedded.append(len(texts))
        return real(texts)

    monkeypatch.setattr(similar, "embed", counted)
    again = index_for(tmp_path, entries, neighbours=3)
    assert embedded == [] and again.neighbours(3) == first.neighbours(3)  # read, not made
    changed = [*entries[:2], Entry("c2", "claim 2 about budgets and hospitals", "X", "en")]
    index_for(tmp_path, changed, neighbours=3)
    assert embedded == [1]  # the one claim whose words changed
    cache = next((tmp_path / "cache").rglob("*.pickle"))
    cache.write_bytes(cache.read_bytes()[:100])  # a broken cache file is no index, no failure
    assert index_for(tmp_path, changed).ids == ["c0", "c1", "c2"]


def test_a_query_reads_the_kept_index_without_reading_a_claim(
    example: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Reading 20,000 claims takes longer than the query: once the files are as they were,
    the index and what to show are read from the cache alone."""
    from generator import load
    from generator.cli import main

    monkeypatch.setenv("FACTCHECK_CACHE", str(tmp_path / "cache"))
    said = ["--root", str(example), "similar", "Kim Yo Jong warned of a red line"]
    assert main(said) == 0
    first = capsys.readouterr().out

    def unread(*args: object, **kwargs: object) -> None:
        raise AssertionError("a claim was read")

    monkeypatch.setattr(load, "load_claims", unread)
    assert main(said) == 0
    assert capsys.readouterr().out == first
    claim = example / "claims/kim-yo-jong-red-line.yml"
    claim.write_text(claim.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert main(said) == 70  # a file changed: the claims are read again (here, refused)
    assert "AssertionError: a claim was read" in capsys.readouterr().err


def test_check_warns_of_a_claim_that_looks_checked_before(make_site: SiteMaker) -> None:
    older = "The minister said the health budget grew by ten percent this year."
    newer = "The health budget grew by ten percent this year, the minister said."
    files = {
        "sources/s.yml": "title: S\n",
        "claims/older.yml": claim_file(older, date="2024-01-01"),
        "claims/newer.yml": claim_file(newer, date="2024-06-01"),
        "claims/other.yml": claim_file("Rain fell on Tuesday in the capital.", "Someone"),
    }
    root = make_site({"mkdocs.yml": MKDOCS_YML, **files})
    done = run_generator(root, "check")
    assert done.returncode == 0  # a warning
    warned = [line for line in done.stdout.splitlines() if "possibly-checked" in line]
    assert len(warned) == 1 and warned[0].startswith("claims/newer.yml:2:8: warning:")
    assert "looks like claims/older.yml" in warned[0] and "score 0." in warned[0]
    assert "hint: if it is the same claim, name it: related: [older]" in done.stdout
    assert run_generator(root, "check", "--strict").returncode == 1
    data = json.loads(run_generator(root, "check", "--json").stdout)
    assert [p["code"] for p in data["problems"]] == ["possibly-checked"]
    # naming it answers the question
    (root / "claims/newer.yml").write_text(
        claim_file(newer, date="2024-06-01", related="[older]"), encoding="utf-8"
    )
    assert "possibly-checked" not in run_generator(root, "check").stdout
    (root / "claims/newer.yml").write_text(claim_file(newer, date="2024-06-01"), "utf-8")
    for threshold, warns in (("off", False), ("0.99", False), ("0.3", True)):
        (root / "mkdocs.yml").write_text(
            MKDOCS_YML.replace(
                "  - factcheck\n", f"  - factcheck:\n      possibly_checked: {threshold}\n"
            ),
            encoding="utf-8",
        )
        assert ("possibly-checked" in run_generator(root, "check").stdout) == warns, threshold
    (root / "mkdocs.yml").write_text(
        MKDOCS_YML.replace("  - factcheck\n", "  - factcheck:\n      possibly_checked: often\n"),
        encoding="utf-8",
    )
    bad = run_generator(root, "check")
    assert bad.returncode == 2  # the configuration is refused before anything is checked
    assert "'possibly_checked' must be a score from 0 to 1, or off, not 'often'" in bad.stderr


def test_new_names_the_closest_claims(example: Path) -> None:
    done = run_generator(
        example,
        "new",
        "stoltenberg-adversary-again",
        "--claim",
        "Stoltenberg said NATO does not regard China as an adversary",
    )
    assert done.returncode == 0, done.stderr
    assert "was it checked before? the closest claims here:" in done.stdout
    assert "claims/stoltenberg-not-an-adversary.yml" in done.stdout
    written = (example / "claims/stoltenberg-adversary-again.yml").read_text(encoding="utf-8")
    assert "Stoltenberg said NATO does not regard China as an adversary" in written


def test_an_empty_or_single_claim_site(make_site: SiteMaker) -> None:
    root = make_site({"mkdocs.yml": MKDOCS_YML})
    done = run_generator(root, "similar", "--json", "anything")
    assert done.returncode == 0 and json.loads(done.stdout) == []
    assert run_generator(root, "similar", "--top", "0", "x").returncode == 2
    assert Index([]).search("x") == []


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(max_size=200),
    language=st.sampled_from(["en", "fr", "ar", "hi", "zh", "ru", "xx", "", "EN-gb", "\x00"]),
)
def test_any_text_in_any_language_is_searched_without_failing(text: str, language: str) -> None:
    words = tokens(text, language)
    assert all(
        len(w) > 1 or regex.fullmatch(r"[\p{Han}\p{Hiragana}\p{Katakana}]", w) for w in words
    )
    found = SMALL.search(text, language=language, claimant=text, top=2)
    assert len(found) <= 2 and all(0 <= score <= 1.21 for _, score in found)


SMALL = Index(
    [
        Entry("a", "The budget grew by ten percent", "Ana", "en"),
        Entry("b", "الميزانية نمت بنسبة عشرة في المئة", "Ana", "ar"),
        Entry("c", "预算增长了百分之十", "Li", "zh"),
    ]
)
