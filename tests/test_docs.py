"""Docs cannot drift: every error code, command and option is in docs/reference.md."""

from __future__ import annotations

import ast
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


def test_every_plugin_option_is_documented_as_declared() -> None:
    """The options table of the reference lists exactly the options config.py declares, each
    with its declared default; the engine's options class is made from the same list."""
    from generator.config import OPTIONS
    from generator.engines.mkdocs import FactcheckConfig

    section = REFERENCE.split("### Plugin options", 1)[1].split("\n### ", 1)[0]
    table = re.findall(r"^\| `([a-z_]+)` \| ([^|]+) \| (.*) \|$", section, flags=re.MULTILINE)
    assert [name for name, _, _ in table] == [o.name for o in OPTIONS]
    for (_, default, meaning), declared in zip(table, OPTIONS, strict=True):
        assert meaning == declared.doc, declared.name  # the declaration's own line
        if isinstance(declared.default, bool):
            assert default.strip() == f"`{str(declared.default).lower()}`", declared.name
        elif isinstance(declared.default, int | str):
            assert default.strip() == f"`{declared.default}`", declared.name
    assert [name for name, _ in FactcheckConfig._schema] == [o.name for o in OPTIONS]


def _modules() -> list[tuple[Path, ast.Module]]:
    package = Path(__file__).resolve().parent.parent / "generator"
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(package.rglob("*.py"))]


def test_every_public_name_has_a_docstring() -> None:
    missing: list[str] = []

    def visit(path: Path, nodes: list[ast.stmt], prefix: str = "") -> None:
        for node in nodes:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                if node.name.startswith("_"):
                    continue
                if not ast.get_docstring(node):
                    missing.append(f"{path.name}:{node.lineno} {prefix}{node.name}")
                if isinstance(node, ast.ClassDef):
                    visit(path, node.body, f"{node.name}.")

    for path, module in _modules():
        if not ast.get_docstring(module):
            missing.append(f"{path.name}: the module")
        visit(path, module.body)
    assert missing == []


def test_only_the_engine_adapters_import_an_engine() -> None:
    """The core and the outputs work on plain data: an engine that drops MkDocs keeps all of
    them. (The plugin's classes come from the engine's modules at run time; only its types are
    imported, for the type checker.)"""
    importing = set()
    for path, module in _modules():
        for node in ast.walk(module):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            engines = ("mkdocs", "properdocs")
            if any(name.split(".")[0] in engines for name in names):
                importing.add(path.parent.name + "/" + path.name)
    assert importing == {"engines/plugin.py"}


def test_the_map_of_the_tests_names_every_module() -> None:
    """tests/README.md says where each module of the generator is tested."""
    tests_map = (Path(__file__).resolve().parent / "README.md").read_text(encoding="utf-8")
    package = Path(__file__).resolve().parent.parent / "generator"
    missing = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if path.name not in ("__init__.py", "__main__.py", "mkdocs.py", "properdocs.py")
        and path.parent.name != "readers"  # `readers/` is named as a whole
        and f"`{path.name}`" not in tests_map
        and f"`{path.parent.name}/{path.name}`" not in tests_map
    ]
    assert missing == []
