"""The house reads top-down (docs/reference.md, Layout of the generator): shared ground, then the
stages (load → verify → link), then the site plan and the outputs, then the engines and the
editor's commands, then the command line. Every import of the generator's own modules goes
down or stays on its floor, and none closes a cycle (function-level imports counted)."""

from __future__ import annotations

import ast

from sitebuild import PROJECT

#: Each module's floor, by name or by its package; a module not named is a test failure.
FLOORS = {
    "ground": (
        "text files terminal weburls i18n model yamlnodes fields boundaries addresses guard "
        "ratings fidelity snapshots readers readers.captions readers.document readers.pdf "
        "readers.webpage readers.archive readers.payload"
    ),
    "stages": "cache load selection hints resolve verify compare similar check link report config",
    "outputs": "outputs",
    "commands": "engines editor",
    "edge": "cli __main__",
}
ORDER = list(FLOORS)


def _floor(module: str) -> int:
    for level, names in enumerate(FLOORS.values()):
        for name in names.split():
            if module == name or module.startswith(name + "."):
                return level
    raise AssertionError(f"{module} has no floor: add it to FLOORS")


def _imports() -> dict[str, set[str]]:
    """Each module of the generator (without the `generator.` prefix) and those it imports."""
    package = PROJECT / "generator"
    graph: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.with_suffix("").relative_to(package).parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if not module:
            continue
        here = list(parts[:-1])
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = here[: len(here) - (node.level - 1)] + (node.module or "").split(".")
                target = ".".join(p for p in base if p)
                for alias in node.names:
                    sub = f"{target}.{alias.name}" if target else alias.name
                    is_module = (package / (sub.replace(".", "/") + ".py")).exists()
                    found.add(sub if is_module else target)
        graph[module] = {m for m in found if m and m != module}
    return graph


def test_every_import_goes_down_or_stays_on_its_floor() -> None:
    climbing = [
        f"{module} ({ORDER[_floor(module)]}) imports {other} ({ORDER[_floor(other)]})"
        for module, others in _imports().items()
        for other in others
        if _floor(other) > _floor(module)
    ]
    assert climbing == []


def test_no_import_closes_a_cycle() -> None:
    graph = _imports()
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        for other in sorted(graph.get(module, ())):
            if other in path:
                cycles.append(" -> ".join([*path[path.index(other) :], other]))
            elif other not in done:
                visit(other, [*path, other])
        done.add(module)

    done: set[str] = set()
    for module in sorted(graph):
        if module not in done:
            visit(module, [module])
    assert cycles == []
