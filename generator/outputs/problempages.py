"""Problem pages: while an editor previews, the address of a claim (or source) that does not
check out shows what is wrong with it instead of "404 - Not found".

Each problem is listed exactly as `check` prints it (file, line, column, code, message, hint),
with the lines of the file around it and a caret under the column. The published site never has
these pages: `mkdocs build` leaves broken claims out, and `--strict` fails on any problem.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..check import CheckResult, Layout
from ..files import FileRefusal, read_file
from ..model import Problem
from ..report import problem_lines
from ..terminal import printable

#: Lines of the file shown before and after the one a problem is on.
AROUND = 2
# What YAML (and so every line number of a problem) counts as a line break.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
#: Code points of a line shown (snapshot paragraphs can be one long line).
LINE_WIDTH = 160


@dataclass(frozen=True, slots=True)
class Excerpt:
    """Numbered lines of a file around a problem; `line` is the problem's, `caret` the number
    of code points before its column in the text shown."""

    lines: tuple[tuple[int, str], ...]
    line: int
    caret: int


@dataclass(frozen=True, slots=True)
class ShownProblem:
    """A problem as `check` prints it, and where it is in its file (when the file reads)."""

    problem: Problem
    printed: tuple[str, ...]
    excerpt: Excerpt | None


@dataclass(frozen=True, slots=True)
class BrokenPage:
    """The page standing in for a claim or source that did not check out."""

    kind: str  # "claim" or "source"
    id: str
    path: str  # its file, relative to the site
    title: str | None  # when the file could be read that far
    problems: tuple[ShownProblem, ...]  # its own, then those of the sources it quotes

    @property
    def errors(self) -> int:
        """How many of its problems are errors."""
        return sum(p.problem.severity == "error" for p in self.problems)


@dataclass(frozen=True, slots=True)
class ProblemReport:
    """Every page about something broken, and the problems of files that have no page."""

    claims: tuple[BrokenPage, ...]
    sources: tuple[BrokenPage, ...]
    other: tuple[ShownProblem, ...]

    def __bool__(self) -> bool:
        return bool(self.claims or self.sources or self.other)


def problem_report(result: CheckResult, layout: Layout) -> ProblemReport:
    """The problem pages of a check: one per broken claim and per broken source."""
    by_path: dict[str, list[Problem]] = defaultdict(list)
    for problem in result.problems:
        by_path[problem.path].append(problem)
    shown: dict[str, tuple[ShownProblem, ...]] = {}
    for at, found in by_path.items():
        lines = _file_lines(layout, at)  # each file read once, however many problems it has
        shown[at] = tuple(
            ShownProblem(p, tuple(problem_lines(p)), excerpt(p, lines)) for p in found
        )
    claims = []
    for claim_id in sorted(result.broken_claims):
        path = result.claim_files.get(claim_id)
        if path is None:
            continue
        claim = result.claims.get(claim_id)
        quoted = dict.fromkeys(s.source for q in claim.quotes for s in q.spans) if claim else {}
        paths = [path, *(result.source_files[s] for s in quoted if s in result.source_files)]
        claims.append(
            BrokenPage(
                "claim",
                claim_id,
                path,
                claim.title if claim else None,
                tuple(p for at in dict.fromkeys(paths) for p in shown.get(at, ())),
            )
        )
    sources = []
    for source_id in sorted(result.broken_sources):
        path = result.source_files[source_id]
        source = result.sources.get(source_id)
        sources.append(
            BrokenPage(
                "source", source_id, path, source.title if source else None, shown.get(path, ())
            )
        )
    with_page = {p.path for p in [*claims, *sources]}
    other = tuple(p for path, found in shown.items() if path not in with_page for p in found)
    return ProblemReport(tuple(claims), tuple(sources), other)


def _file_lines(layout: Layout, path: str) -> Sequence[str] | None:
    """The lines of a site file, read through the safe reader (None when it is refused)."""
    try:
        data = read_file(
            layout.root / path, inside=layout.root, limit=layout.limits.yaml, shown=path
        )
    except (FileRefusal, OSError):
        return None
    return _LINE_BREAK.split(data.decode("utf-8", errors="replace").removeprefix("\ufeff"))


def excerpt(problem: Problem, lines: Sequence[str] | None) -> Excerpt | None:
    """The numbered `lines` of the problem's file around it (None without lines, or when the
    problem's line is not among them)."""
    if not lines or not 1 <= problem.line <= len(lines):
        return None
    first = max(1, problem.line - AROUND)
    last = min(len(lines), problem.line + AROUND)
    column = max(1, problem.column) - 1
    start = 0 if column < LINE_WIDTH else column - LINE_WIDTH // 2  # keep the column in view
    numbered = tuple((n, _cut(lines[n - 1], start)) for n in range(first, last + 1))
    # Control and direction characters are shown escaped, as the terminal shows them: the
    # caret counts what is shown before the column.
    before = lines[problem.line - 1][start:column]
    return Excerpt(numbered, problem.line, len(printable(before)) + (1 if start else 0))


def _cut(line: str, start: int) -> str:
    shown = printable(line[start : start + LINE_WIDTH])
    if start:
        shown = "…" + shown
    return shown + "…" if len(line) > start + LINE_WIDTH else shown
