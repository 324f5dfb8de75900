"""Every span the generator publishes, of the example site and of every golden fixture site,
judged by the independent reading of SPEC §4 in spancheck.py: no range cuts a word or a
character, and each range's `line`/`column` is where it starts.

The spans come from `python -m generator check --json` (the public report); the snapshots are
read and made canonical here, not by the generator.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from sitebuild import copy_example_site, run_generator
from spancheck import canonical, cut, transcript_text
from test_golden import cases, write_case


def _snapshot_text(root: Path, source_id: str) -> str:
    (yaml_file,) = [p for p in (root / "sources").rglob("*.y*ml") if p.stem == source_id]
    fields = yaml.load(yaml_file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    snapshot = yaml_file.parent / fields["snapshot"]
    if snapshot.suffix in (".vtt", ".srt"):
        return transcript_text(snapshot.read_bytes(), snapshot.suffix)
    return canonical(snapshot.read_bytes())


def _assert_whole(root: Path) -> int:
    """Check every resolved span of the site at `root`; returns how many ranges were seen."""
    report = json.loads(run_generator(root, "check", "--json").stdout)
    seen = 0
    for span in report["resolved"]:
        if span["fidelity"] == "unchecked":
            assert not span["ranges"]
            continue
        text = _snapshot_text(root, span["source"])
        for start, end in span["ranges"]:
            problem = cut(text, start, end)
            assert problem is None, f"{span['claim']}: {problem}: {text[start:end]!r}"
            seen += 1
        start = span["ranges"][0][0]
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        assert (span["line"], span["column"]) == (line, column)
    return seen


def test_every_span_of_the_example_site_is_whole(tmp_path: Path) -> None:
    root = copy_example_site(tmp_path)
    assert _assert_whole(root) >= 20


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.stem)
def test_every_span_of_a_fixture_site_is_whole(case: Path, tmp_path: Path) -> None:
    write_case(case, tmp_path)
    _assert_whole(tmp_path)
