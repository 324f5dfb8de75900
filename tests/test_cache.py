"""The checks' cache (generator/cache.py): a check that takes claims and spans from the cache
file finds exactly what a check without it finds, after any change to any file; a damaged,
foreign or stale cache file is ignored; the cache file is off when asked."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SiteMaker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitebuild import article, mkdocs_build, page
from test_plugin import GOOD_CLAIM, PLAIN_SOURCE, TEXT, good_site

from generator import cache
from generator.check import MEMOS, CheckResult, Layout, check_site
from generator.load import CLAIM_MEMO
from generator.verify import SPAN_MEMO

OTHER_CLAIM = GOOD_CLAIM.replace("title: Good", "title: Other").replace(
    "a challenge to our values", "a challenge"
)


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of the test's own, and a process that has read no cache file yet."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENVIRONMENT, str(folder))
    MEMOS.forget()
    yield folder
    MEMOS.forget()


def _site(make_site: SiteMaker) -> Path:
    return make_site(
        {
            "sources/s.yml": PLAIN_SOURCE,
            "sources/s.txt": TEXT,
            "claims/good.yml": GOOD_CLAIM,
            "claims/other.yml": OTHER_CLAIM,
        }
    )


def _fresh_check(layout: Layout, monkeypatch: pytest.MonkeyPatch) -> CheckResult:
    """What a new process with no cache at all finds (the memos of this one set aside)."""
    with monkeypatch.context() as scoped:
        scoped.setenv(cache.ENVIRONMENT, "off")
        MEMOS.forget()
        found = check_site(layout)
    MEMOS.forget()  # the next check is a new process's: it reads the cache file
    return found


def _outcome(result: CheckResult) -> tuple[object, ...]:
    return (
        result.claims,
        result.sources,
        result.spans,
        result.problems,
        result.broken_claims,
        result.broken_sources,
    )


def test_a_new_process_takes_every_claim_and_span_from_the_cache_file(
    make_site: SiteMaker, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    layout = Layout.at(_site(make_site))
    first = check_site(layout)
    (written,) = cache_folder.iterdir()
    assert written == cache.site_file(layout.root)
    MEMOS.forget()
    again = check_site(layout)
    assert (CLAIM_MEMO.hits, CLAIM_MEMO.misses) == (2, 0)
    assert (SPAN_MEMO.hits, SPAN_MEMO.misses) == (2, 0)
    assert _outcome(again) == _outcome(first) == _outcome(_fresh_check(layout, monkeypatch))


def test_a_changed_claim_alone_is_read_again_and_a_changed_snapshot_resolves_its_spans_again(
    make_site: SiteMaker, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(make_site)
    layout = Layout.at(root)
    check_site(layout)
    MEMOS.forget()
    (root / "claims/other.yml").write_text(
        OTHER_CLAIM.replace("title: Other", "title: Changed"), encoding="utf-8"
    )
    changed = check_site(layout)
    assert (CLAIM_MEMO.hits, CLAIM_MEMO.misses) == (1, 1)
    assert SPAN_MEMO.misses == 0  # the span is the same span
    assert changed.claims["other"].title == "Changed"
    assert _outcome(changed) == _outcome(_fresh_check(layout, monkeypatch))
    # The stored text changes under a verbatim span: it is resolved again, never taken as it was.
    (root / "sources/s.txt").write_text(TEXT.replace("challenge", "problem"), encoding="utf-8")
    altered = check_site(layout)
    assert SPAN_MEMO.misses == 2
    assert {p.code for p in altered.problems} == {"not-found"}
    assert _outcome(altered) == _outcome(_fresh_check(layout, monkeypatch))


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"factcheck-cache 1\n",
        b"factcheck-cache 1\nnot the stamp\n\x80\x05garbage",
        b"\x80\x05\x95garbage that is no pickle",
    ],
    ids=["empty", "no-stamp", "other-stamp", "no-format"],
)
def test_a_damaged_or_foreign_cache_file_is_ignored_and_replaced(
    make_site: SiteMaker, cache_folder: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    layout = Layout.at(_site(make_site))
    expected = _outcome(_fresh_check(layout, monkeypatch))
    path = cache.site_file(layout.root)
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(damage)
    assert _outcome(check_site(layout)) == expected
    assert CLAIM_MEMO.hits == SPAN_MEMO.hits == 0
    assert path.read_bytes().startswith(cache.FORMAT + cache.stamp())


def test_a_cache_file_cut_short_after_its_stamp_is_ignored(
    make_site: SiteMaker, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    layout = Layout.at(_site(make_site))
    expected = _outcome(check_site(layout))
    path = cache.site_file(layout.root)
    assert path is not None
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) - 40])
    MEMOS.forget()
    assert _outcome(check_site(layout)) == expected
    assert CLAIM_MEMO.hits == 0


def test_a_cache_file_others_may_write_is_not_read(
    make_site: SiteMaker, cache_folder: Path
) -> None:
    """A pickle runs code when read: one that another user could have written is ignored."""
    layout = Layout.at(_site(make_site))
    check_site(layout)
    path = cache.site_file(layout.root)
    assert path is not None and path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o622)
    MEMOS.forget()
    check_site(layout)
    assert CLAIM_MEMO.hits == SPAN_MEMO.hits == 0
    path.chmod(0o600)
    MEMOS.forget()
    check_site(layout)
    assert CLAIM_MEMO.hits == 2


def test_a_cache_file_of_other_code_is_not_used(
    make_site: SiteMaker, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stamp covers the generator's code: a file written by another version is ignored."""
    layout = Layout.at(_site(make_site))
    check_site(layout)
    MEMOS.forget()
    monkeypatch.setattr(cache, "_STAMP", b"0" * 64 + b"\n")
    check_site(layout)
    assert CLAIM_MEMO.hits == SPAN_MEMO.hits == 0
    assert cache.stamp() != b"0" * 64 + b"\n"


@pytest.mark.parametrize("kind", ["folder", "fifo", "link"])
def test_a_folder_fifo_or_link_in_place_of_the_cache_file_is_no_failure_and_no_hang(
    make_site: SiteMaker, cache_folder: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    layout = Layout.at(_site(make_site))
    expected = _outcome(_fresh_check(layout, monkeypatch))
    check_site(layout)  # a good cache file, for the link to point to
    path = cache.site_file(layout.root)
    assert path is not None
    good = path.with_suffix(".good")
    path.rename(good)
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(good)
    MEMOS.forget()
    assert _outcome(check_site(layout)) == expected  # would block forever on the FIFO
    assert CLAIM_MEMO.hits == SPAN_MEMO.hits == 0  # nothing read through the link either


def test_the_cache_file_is_off_when_asked(
    make_site: SiteMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.ENVIRONMENT, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    MEMOS.forget()
    check_site(Layout.at(_site(make_site)))
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()
    monkeypatch.delenv(cache.ENVIRONMENT)
    assert cache.folder() == tmp_path / "xdg" / "factcheck"


def test_a_check_of_part_of_the_site_keeps_the_cache_file_as_it_was(
    make_site: SiteMaker, cache_folder: Path
) -> None:
    root = _site(make_site)
    layout = Layout.at(root)
    check_site(layout)
    path = cache.site_file(layout.root)
    assert path is not None
    before = path.read_bytes()
    check_site(layout, only=[root / "claims/good.yml"])
    assert path.read_bytes() == before


# Edits an editor makes between two builds: (file, text before, text after).
EDITS = [
    ("claims/good.yml", "title: Good", "title: Better"),
    ("claims/good.yml", "verdict: accurate", "verdict: false"),
    ("claims/good.yml", "verdict: accurate", "verdict: acurate"),
    ("claims/good.yml", "- source: s", "- source: s\n        exact: China poses a problem"),
    ("claims/good.yml", "quotes:", "tags: [a]\nquotes:"),
    ("claims/other.yml", "a challenge", "a challenge to"),
    ("claims/other.yml", "a challenge", "China"),
    ("sources/s.txt", "challenge", "problem"),
    ("sources/s.txt", "He said", "He said China poses a challenge, and"),
    ("sources/s.txt", "values", "values values"),
    ("sources/s.yml", "title: S", "title: T\nlanguage: fr"),
    ("sources/s.yml", "snapshot: s.txt", "snapshot: gone.txt"),
]


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(EDITS), min_size=1, max_size=4))
def test_after_any_edits_a_cached_check_finds_what_a_fresh_check_finds(
    make_site: SiteMaker,
    cache_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    edits: list[tuple[str, str, str]],
) -> None:
    root = _site(make_site)
    layout = Layout.at(root)
    MEMOS.forget()
    check_site(layout)  # fills the cache file with the site before the edits
    for name, before, after in edits:
        path = root / name
        path.write_text(path.read_text(encoding="utf-8").replace(before, after), encoding="utf-8")
        MEMOS.forget()  # a new build process
        cached = check_site(layout)
        assert _outcome(cached) == _outcome(_fresh_check(layout, monkeypatch))
        served = check_site(layout)  # and `mkdocs serve`'s next rebuild, from memory
        assert _outcome(served) == _outcome(cached)


@pytest.mark.slow
def test_a_second_build_after_a_changed_snapshot_checks_the_text_as_it_is(
    make_site: SiteMaker, cache_folder: Path
) -> None:
    """End to end, through `mkdocs build` processes sharing the cache folder: a verbatim span
    whose stored text changed is checked against what the text has become, never taken from
    the cache as it was: the strict build fails."""
    root = good_site(make_site)
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    assert list(cache_folder.iterdir())  # the build wrote the cache file
    badge = article(page(root / "site", "claims/good/")).select_one(".fc-span .fc-fidelity")
    assert badge is not None and "fc-fidelity--verbatim" in badge["class"]
    (root / "sources/s.txt").write_text(TEXT.replace("challenge", "problem"), encoding="utf-8")
    built = mkdocs_build(root)
    assert built.returncode == 1
    assert "claims/good.yml:9:9: error: not-found:" in built.stderr
