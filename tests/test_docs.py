"""Docs cannot drift: every error code, command and option is in docs/reference.md."""

from __future__ import annotations

import re
from pathlib import Path

from generator.cli import _parser
from generator.model import PROBLEM_CODES

REFERENCE = (Path(__file__).resolve().parent.parent / "docs" / "reference.md").read_text(
    encoding="utf-8"
)


def test_every_error_code_is_documented() -> None:
    section = REFERENCE.split("## Error codes", 1)[1].split("\n## ", 1)[0]
    table = set(re.findall(r"^\| `([a-z][a-z-]+)` \|", section, flags=re.MULTILINE))
    assert table >= set(PROBLEM_CODES)
    assert table - set(PROBLEM_CODES) == set()  # and nothing that no longer exists


def test_every_command_and_option_is_documented() -> None:
    parser = _parser()
    for action in parser._actions:
        for flag in action.option_strings:
            if flag not in ("-h", "--help"):
                assert f"`{flag}" in REFERENCE, flag
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name, sub in commands.items():
        assert f"python -m generator {name}" in REFERENCE
        for action in sub._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert f"`{flag}" in REFERENCE, flag


def test_every_plugin_option_is_documented() -> None:
    from generator.plugin import FactcheckConfig

    for name, _ in FactcheckConfig._schema:
        assert f"| `{name}` |" in REFERENCE, name
