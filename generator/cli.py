"""The command line: `python -m generator check [--json] [PATHS...]`."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path

from .check import Layout, SelectionError, check_site
from .report import as_json, dumps, problem_lines, summary


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Fact-check microsite generator: checks claims against source snapshots.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="load and resolve every claim and source; exit 1 if anything is wrong",
        description="Load every claim and source, resolve every span against its snapshot and "
        "report each problem as path:line:column. Exit 0 when there is no error, 1 when there "
        "is.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="claim files or folders to check (with the sources they quote); a source file "
        "checks that source and every claim quoting it; default: the whole site",
    )
    check.add_argument("--json", action="store_true", help="print one JSON object (SPEC §8)")
    check.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="the site folder holding claims/ and sources/ (default: the current folder)",
    )
    check.add_argument(
        "--strict", action="store_true", help="exit 1 on warnings too, as mkdocs build --strict"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # A one-shot command makes hundreds of thousands of small objects and no garbage cycles
    # worth collecting: the cycle collector's passes would cost about a fifth of a large check.
    gc.disable()
    args = _parser().parse_args(argv)
    if args.command == "check":
        return _check(args)
    raise AssertionError(args.command)  # pragma: no cover - argparse enforces the choices


def _check(args: argparse.Namespace) -> int:
    root: Path = args.root
    if not (root / "claims").is_dir() and not (root / "sources").is_dir():
        print(f"error: {root.resolve()} has no claims/ or sources/ folder", file=sys.stderr)
        print("  hint: run this in the site folder, or give --root", file=sys.stderr)
        return 2
    try:
        result = check_site(Layout.at(root), only=args.paths)
    except SelectionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    checked = len(result.claims) + len(result.broken_claims - set(result.claims))
    if args.json:
        print(dumps(as_json(result, checked)))
    else:
        for problem in result.problems:
            print("\n".join(problem_lines(problem)))
        print(summary(result, checked), file=sys.stderr)
    failed = bool(result.errors) or (args.strict and bool(result.warnings))
    return 1 if failed else 0
