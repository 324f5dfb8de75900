"""Writing the search index: Pagefind's binary, spoken to over its service protocol. The index
replaces the one before it whole, or not at all; a failing binary is a clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pagefind_bin  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import search
from generator.search import SearchIndexError, SearchRecord


def _record(n: int, content: str = "", title: str = "") -> SearchRecord:
    return SearchRecord(
        url=f"/claims/c{n}/",
        content=content or f"claim number {n} about the alliance",
        meta={"title": title or f"Claim {n}", "kind": "claim"},
        filters={"kind": ("claim",), "verdict": ("Accurate" if n % 2 else "Misquoted",)},
        sort={"said": f"2023-01-{1 + n % 28:02d}"},
    )


def _pages(folder: Path) -> int:
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    return int(entry["languages"]["en"]["page_count"])


def test_the_index_is_written_whole_and_replaces_the_last_one(tmp_path: Path) -> None:
    folder = tmp_path / "site" / "pagefind"
    stats = search.write_index([_record(n) for n in range(50)], folder, "en")
    assert stats.records == 50 and _pages(folder) == 50
    assert (folder / "pagefind.js").is_file() and not (folder / "pagefind-ui.js").exists()
    assert stats.files == sum(1 for p in folder.rglob("*") if p.is_file())
    search.write_index([_record(n) for n in range(3)], folder, "en")
    assert _pages(folder) == 3
    assert sorted(p.name for p in folder.parent.iterdir()) == ["pagefind"]  # no leftovers


def test_a_failing_binary_is_an_error_and_the_last_index_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "pagefind"
    search.write_index([_record(1)], folder, "en")
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    for fake in ("#!/bin/sh\nexit 3\n", "#!/bin/sh\necho oops >&2\nprintf 'bm90IGpzb24=,'\n"):
        binary = tmp_path / "fake-pagefind"
        binary.write_text(fake, encoding="utf-8")
        binary.chmod(0o755)
        monkeypatch.setattr(pagefind_bin, "get_executable", lambda binary=binary: binary)
        with pytest.raises(SearchIndexError, match="pagefind failed"):
            search.write_index([_record(2)], folder, "en")
        assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=300), st.text(max_size=60)), min_size=1, max_size=8
    )
)
def test_any_text_a_claim_holds_is_indexed(tmp_path: Path, texts: list[tuple[str, str]]) -> None:
    """Control characters, markup, lone surrogates' neighbours, emoji: each record goes in."""
    records = [_record(n, content, title) for n, (content, title) in enumerate(texts)]
    stats = search.write_index(records, tmp_path / "pagefind", "en")
    assert stats.records == len(records)
