"""Golden cases: small sites in tests/cases/*.yml in, every problem and resolved span out.

Each case file maps site paths to file contents, on top of tests/cases/_base.yml; the problems the
checker reports are kept beside it in <case>.expected. After a deliberate change of messages, run
`pytest tests/test_golden.py --update-golden` and review the diff of the .expected files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.check import Layout, check_site
from generator.report import problem_lines

CASES = Path(__file__).parent / "cases"
BASE = yaml.safe_load((CASES / "_base.yml").read_text(encoding="utf-8"))


def write_case(case: Path, root: Path) -> None:
    """The site of a case: tests/cases/_base.yml with the case's files on top."""
    files = dict(BASE)
    files.update(yaml.safe_load(case.read_text(encoding="utf-8")))
    _write(root, files)


def _write(root: Path, files: dict[str, Any]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, dict):  # {latin1: "..."}: bytes that are not UTF-8
            path.write_bytes(content["latin1"].encode("latin-1"))
        else:
            path.write_text(content, encoding="utf-8")


def cases() -> list[Path]:
    return sorted(p for p in CASES.glob("*.yml") if not p.name.startswith("_"))


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.stem)
def test_golden(case: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    write_case(case, tmp_path)
    result = check_site(Layout.at(tmp_path))
    got = "".join(line + "\n" for p in result.problems for line in problem_lines(p))
    for span in result.spans:  # and every span that resolved, with the words it points at
        words = [result.snapshots[span.source].canonical[s:e] for s, e in span.ranges]
        got += (
            f"span {span.claim}/{span.quote}/{span.span} in {span.source}: {span.fidelity}"
            f" {[list(r) for r in span.ranges]} {span.how} {words}\n"
        )
    expected_file = case.with_suffix(".expected")
    if request.config.getoption("--update-golden"):
        expected_file.write_text(got, encoding="utf-8")
    assert expected_file.exists(), f"run pytest --update-golden to create {expected_file.name}"
    assert got == expected_file.read_text(encoding="utf-8")
