"""Writing the search index: Pagefind's binary, spoken to over its service protocol. The index
replaces the one before it whole, or not at all; a failing binary is a clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pagefind_bin  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.outputs import search
from generator.outputs.search import SearchIndexError, SearchRecord


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


# A stand-in for Pagefind's binary that speaks its service protocol and then fails as told:
# it answers every request but exits slowly or with an error, or dies in the middle of
# sending the files, or names a file outside the index.
STAND_IN = """#!{python}
import base64, json, os, sys, time
FAULT = {fault!r}
def send(message_id, payload, cut=False):
    data = base64.b64encode(json.dumps({{"message_id": message_id, "payload": payload}}).encode())
    if cut:
        sys.stdout.buffer.write(data[: len(data) // 2]); sys.stdout.flush(); os._exit(0)
    sys.stdout.buffer.write(data + b","); sys.stdout.flush()
buffer = b""
while True:
    chunk = os.read(0, 65536)
    if not chunk:
        break
    buffer += chunk
    while b"," in buffer:
        raw, buffer = buffer.split(b",", 1)
        message = json.loads(base64.b64decode(raw))
        kind, number = message["payload"]["type"], message["message_id"]
        if kind == "NewIndex":
            send(number, {{"type": "NewIndex", "index_id": 0}})
        elif kind == "AddRecord":
            send(number, {{"type": "IndexedFile", "page_word_count": 1, "page_url": "/",
                          "page_meta": {{}}}})
        elif kind == "GetFiles":
            js = b"/* pagefind */" + b"x" * 45000
            entry = base64.b64encode(b"{{}}").decode()
            files = [{{"path": "pagefind.js", "content": base64.b64encode(js).decode()}},
                     {{"path": "pagefind-entry.json", "content": entry}}]
            if FAULT == "outside":
                files.append({{"path": "../../evil.js", "content": ""}})
            send(number, {{"type": "GetFiles", "files": files}}, cut=FAULT == "dies-writing")
if FAULT == "slow-exit":
    time.sleep(30)
sys.exit(4 if FAULT == "non-zero" else 0)
"""


def _stand_in(tmp_path: Path, fault: str) -> Path:
    import sys

    binary = tmp_path / f"pagefind-{fault}"
    binary.write_text(STAND_IN.format(python=sys.executable, fault=fault), encoding="utf-8")
    binary.chmod(0o755)
    return binary


def test_the_stand_in_itself_publishes_an_index(tmp_path: Path) -> None:
    folder = tmp_path / "site" / "pagefind"
    stats = search.write_index([_record(1)], folder, "en", executable=_stand_in(tmp_path, "none"))
    assert (folder / "pagefind.js").stat().st_size == 45014 and stats.files == 2


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fault", "said"),
    [
        ("slow-exit", "did not end within 1 s"),
        ("non-zero", "ended with status 4"),
        ("dies-writing", "stopped before it answered"),
        ("outside", "outside the index"),
    ],
)
def test_a_pagefind_that_fails_late_publishes_nothing(
    tmp_path: Path, fault: str, said: str
) -> None:
    """Whatever goes wrong after the records went in, the last good index stays as it was,
    byte for byte, and nothing is left beside it."""
    folder = tmp_path / "site" / "pagefind"
    search.write_index([_record(n) for n in range(5)], folder, "en")
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    with pytest.raises(SearchIndexError, match=said):
        search.write_index(
            [_record(2)], folder, "en", executable=_stand_in(tmp_path, fault), exit_wait=1
        )
    after = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in folder.parent.iterdir()] == ["pagefind"]
    assert not (tmp_path / "evil.js").exists()
