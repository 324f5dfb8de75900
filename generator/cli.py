"""The command line: `python -m generator COMMAND`.

check [--json] [--strict] [PATH...]   check claims against their sources (SPEC §7-8)
ingest FILE|URL [--id ID] [--url URL]  store a document, an archive or a fetched page as a source
locate SOURCE "QUOTE"                 find a quote in a source; print a span to paste
new CLAIM-ID                          write a commented claim template
preview CLAIM.yml                     serve one claim, rebuilt on every save (problems shown)
pin [SOURCE...]                       record sha256 once every span in the source resolves
recheck [SOURCE...] [--write] [--json] compare quoted spans with what the sources print now
import PATH... [--force]              write claims from ClaimReview records (pages, JSON, feeds)
similar [--json] [--top N] TEXT       the claims most likely to check the same claim as TEXT
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .check import Layout, SelectionError, check_site
from .config import SiteConfig, SiteConfigError, read_site_config
from .engines.preview import DEFAULT_ADDRESS, plan_preview
from .guard import INTERNAL_ERROR, internal_error_line
from .report import annotation, as_json, dumps, problem_lines, summary
from .terminal import printable

if TYPE_CHECKING:
    from .editor import authoring
    from .similar import Index, Shown


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Fact-check microsite generator: checks claims against source snapshots.",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="the site folder holding mkdocs.yml, claims/ and sources/ (default: here)",
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
        "--strict", action="store_true", help="exit 1 on warnings too, as mkdocs build --strict"
    )
    ingest = commands.add_parser(
        "ingest",
        help="store a saved web page's article text as a source",
        description="Extract the article text of a saved web page into sources/ID.txt and "
        "write sources/ID.yml with what the page says of itself.",
    )
    ingest.add_argument(
        "document",
        metavar="FILE|URL",
        help="a saved web page, PDF, captions (.vtt, .srt), a web archive (.warc, .warc.gz, "
        ".wacz), or the http(s) address of a page to fetch",
    )
    ingest.add_argument(
        "--id", help="the new source's id (its file name); default: made from its title"
    )
    ingest.add_argument(
        "--url",
        help="where the page was published, if it does not say; in a web archive, the page to take",
    )
    ingest.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="seconds to wait for a server to connect and between two reads (default 30)",
    )
    ingest.add_argument("--force", action="store_true", help="replace an existing source")
    locate_cmd = commands.add_parser(
        "locate",
        help="find a quote in a source and print a span to paste into a claim",
        description="Find the words in a source's snapshot (exactly, folded, or the closest "
        "passage), print where, how faithfully, and a ready-to-paste YAML span.",
    )
    locate_cmd.add_argument("source", metavar="SOURCE", help="a source id")
    locate_cmd.add_argument("quote", metavar="QUOTE", help="the words, as the claimant said them")
    new = commands.add_parser(
        "new",
        help="write a commented claim template",
        description="Write claims/CLAIM-ID.yml; never overwrites.",
    )
    new.add_argument("claim_id", metavar="CLAIM-ID", help="the new claim's id (its file name)")
    new.add_argument(
        "--claim",
        metavar="TEXT",
        help="the claim, written into the template and looked for among the claims checked",
    )
    importing = commands.add_parser(
        "import",
        help="write claims from ClaimReview records (HTML pages, JSON, DataFeeds, the API's)",
        description="Read ClaimReview records (JSON-LD in saved HTML pages, a ClaimReview object "
        "or list, a schema.org DataFeed, a Fact Check Tools API claims:search response) and "
        "write a claim file for each, with imported_from; ratings the scale lacks are added to "
        "the scale file. The same records always give the same files; a file an editor changed "
        "is never replaced without --force.",
    )
    importing.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    importing.add_argument(
        "--force", action="store_true", help="replace imported files an editor has changed"
    )
    alike = commands.add_parser(
        "similar",
        help="the claims most likely to check the same claim as a text",
        description="Rank the site's claims by how likely each checks the same claim as TEXT "
        "(a sentence said in a debate, a post), with a score from 0 to 1 (a little more for a "
        "claim of the claimant named).",
    )
    alike.add_argument("text", metavar="TEXT", help="the words to look for")
    alike.add_argument("--json", action="store_true", help="print an array of {claim, score}")
    alike.add_argument("--top", type=int, default=5, metavar="N", help="how many (default 5)")
    alike.add_argument("--claimant", metavar="NAME", help="who said it, when known")
    alike.add_argument(
        "--language", metavar="TAG", help="the text's language (default: the site's)"
    )
    export = commands.add_parser(
        "export",
        help="write the site as a plain MkDocs project that builds without the plugin",
        description="Check the site and write it into DIR as a plain MkDocs + Material project "
        "(hand-written docs, every generated page, data files, assets, a theme override and an "
        "mkdocs.yml without the factcheck plugin): `mkdocs build` or `zensical build` there "
        "builds the same site. Exit 1 when a claim had to be left out.",
    )
    export.add_argument("dest", type=Path, metavar="DIR", help="a new or empty folder")
    export.add_argument(
        "--force", action="store_true", help="replace DIR if an earlier export wrote it"
    )
    preview = commands.add_parser(
        "preview",
        help="serve one claim's pages, rebuilt on every save, with its problems in the browser",
        description="Serve the site built from the given claims alone (their pages, the "
        "sources they quote, indexes of them) at http://ADDRESS/, as mkdocs serve does, and "
        "rebuild it whenever one of those files is saved. A claim that does not check out "
        "shows its problems at its address. Stop with Ctrl-C.",
    )
    preview.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="claim files (a source file previews that source and every claim quoting it)",
    )
    preview.add_argument(
        "--dev-addr",
        default=DEFAULT_ADDRESS,
        metavar="ADDRESS",
        help=f"where to serve (default: {DEFAULT_ADDRESS})",
    )
    pin_cmd = commands.add_parser(
        "pin",
        help="record each source's sha256 once every span in it resolves",
        description="Write or refresh sha256 in source files, changing that one line only, "
        "and only for sources whose every quoted span resolves.",
    )
    pin_cmd.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help="source ids (default: every source with a snapshot)",
    )
    recheck_cmd = commands.add_parser(
        "recheck",
        help="compare every quoted span with the text its source prints now",
        description="Fetch each source's url again (or read --capture for one source), and "
        "report each span quoted from it as unchanged, moved, changed or gone; exit 1 when "
        "one changed or went. --write keeps a text that differs as a new version.",
    )
    recheck_cmd.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help="source ids (default: every source with a url and a snapshot)",
    )
    recheck_cmd.add_argument(
        "--write",
        action="store_true",
        help="keep a text that differs as a new version (a file and an entry of versions:)",
    )
    recheck_cmd.add_argument(
        "--capture",
        type=Path,
        metavar="FILE",
        help="compare with this file (a saved page, PDF or web archive) instead of fetching",
    )
    recheck_cmd.add_argument("--json", action="store_true", help="print one JSON object")
    recheck_cmd.add_argument(
        "--timeout", type=float, default=30.0, help="seconds to wait for a server (default 30)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit status: 0 done, 1 problems found or not done, 2 misused,
    70 an internal error (one line, the traceback saved to a file), 130 interrupted."""
    args = _parser().parse_args(argv)
    # A one-shot command makes hundreds of thousands of small objects and no garbage cycles
    # worth collecting: the cycle collector's passes would cost about a fifth of a large check.
    # It is paused for the command and restored after, for whoever called main().
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(args)
    except KeyboardInterrupt:
        _say("interrupted; no file was left half-written", sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): nothing more to say
        sys.stderr.close()
        return 1
    except Exception as error:  # the last resort: every known kind is handled where it arises
        _say(internal_error_line(f"running '{args.command}'", error), sys.stderr)
        return INTERNAL_ERROR
    finally:
        if collecting:
            gc.enable()


def _run(args: argparse.Namespace) -> int:
    root: Path = args.root
    try:
        config = read_site_config(root)
    except SiteConfigError as error:
        _say(f"error: {error}", sys.stderr)
        return 2
    layout = Layout.at(root, config.claims_dir, config.sources_dir, config.limits, config.locale)
    if args.command == "ingest":
        return _ingest(args, layout)
    if not layout.claims_dir.is_dir() and not layout.sources_dir.is_dir():
        _say(
            f"error: {layout.root} has no {config.claims_dir}/ or {config.sources_dir}/ "
            "folder\n  hint: run this in the site folder, or give --root",
            sys.stderr,
        )
        return 2
    if args.command == "check":
        return _check(args, layout, config)
    if args.command == "preview":
        return _preview(args, layout, config)
    # The editor's commands are imported when used: `check` stays quick to start.
    from .editor import authoring

    if args.command == "locate":
        return _print(authoring.locate(layout, args.source, args.quote))
    if args.command == "new":
        made = authoring.new_claim(layout, args.claim_id, config.scale, args.claim)
        code = _print(made)
        if made.code == 0:
            query = args.claim or args.claim_id.replace("-", " ")
            _say(_closest(layout, config, query, exclude=args.claim_id))
        return code
    if args.command == "import":
        from .editor.imports import import_reviews

        return _print(
            import_reviews(
                layout,
                args.paths,
                config.scale,
                root / config.scale_file,
                force=args.force,
                site_language=config.locale,
            )
        )
    if args.command == "similar":
        return _similar(args, layout, config)
    if args.command == "pin":
        return _print(authoring.pin(layout, args.sources, config.scale))
    if args.command == "recheck":
        from .editor.recheck import recheck

        outcome = recheck(
            layout,
            args.sources,
            config.scale,
            write=args.write,
            capture=args.capture,
            as_json=args.json,
            timeout=args.timeout,
        )
        _say(outcome.text, sys.stderr if outcome.code == 2 else sys.stdout)
        return outcome.code
    if args.command == "export":
        from .engines.export import export_site

        outcome = export_site(layout, config, args.dest, force=args.force)
        _say(outcome.text, sys.stderr if outcome.code == 2 else sys.stdout)
        return outcome.code
    raise AssertionError(args.command)  # pragma: no cover - argparse enforces the choices


def _index(layout: Layout, config: SiteConfig) -> tuple[Index, dict[str, Shown]]:
    """The similarity index of the site's claims (kept in the cache: similar.py), and what
    to show of each."""
    from .load import discover, load_claims
    from .similar import search_index

    catalog = discover(layout.root, layout.claims_dir, layout.sources_dir)
    verdicts = [v.key for v in config.scale]
    return search_index(
        layout.root,
        catalog.claims,
        lambda: load_claims(layout, catalog, catalog.claims, verdicts).claims,
    )


def _similar(args: argparse.Namespace, layout: Layout, config: SiteConfig) -> int:
    if args.top < 1:
        _say("error: --top must be 1 or more", sys.stderr)
        return 2
    index, shown = _index(layout, config)
    found = index.search(
        args.text, language=args.language or config.locale, claimant=args.claimant, top=args.top
    )
    if args.json:
        print(json.dumps([{"claim": c, "score": s} for c, s in found], ensure_ascii=False))
        return 0
    if not found:
        _say("no claim to compare with")
    for claim_id, score in found:
        path, title, verdict = shown[claim_id]
        _say(f"{score:.2f}  {path}  {title}  ({verdict})")
    return 0


def _closest(layout: Layout, config: SiteConfig, text: str, exclude: str) -> str:
    """What `new` says of the claims checked already that look like the new one."""
    index, shown = _index(layout, config)
    found = [
        (c, s)
        for c, s in index.search(text, language=config.locale, top=3, exclude=exclude)
        if s >= 0.3
    ]
    if not found:
        return "no claim checked here looks like it"
    lines = ["was it checked before? the closest claims here:"]
    lines += [f"  {s:.2f}  {shown[c][0]}  {shown[c][1]}" for c, s in found]
    return "\n".join(lines)


def _say(text: str, stream: TextIO | None = None) -> None:
    """Print lines the command wrote, with control characters from the files escaped."""
    print(printable(text, lines=True), file=stream or sys.stdout)


def _print(outcome: authoring.Outcome) -> int:
    _say(outcome.text, sys.stderr if outcome.code == 2 else sys.stdout)
    return outcome.code


def _check(args: argparse.Namespace, layout: Layout, config: SiteConfig) -> int:
    try:
        threshold = config.possibly_checked
        result = check_site(
            layout,
            only=args.paths,
            scale=config.scale,
            similarity=threshold if threshold >= 0 else None,
        )
    except SelectionError as error:
        _say(f"error: {error}", sys.stderr)
        return 2
    checked = len(result.claims) + len(result.broken_claims - set(result.claims))
    if args.json:
        print(dumps(as_json(result, checked)))  # JSON escapes every control character
    else:
        for problem in result.problems:
            print("\n".join(problem_lines(problem)))
        _say(summary(result, checked), sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":  # annotations on the changed lines of a PR
        for problem in result.problems:
            print(annotation(problem), file=sys.stderr if args.json else sys.stdout)
    failed = bool(result.errors) or (args.strict and bool(result.warnings))
    return 1 if failed else 0


def _preview(args: argparse.Namespace, layout: Layout, config: SiteConfig) -> int:
    try:
        plan = plan_preview(layout, config, args.paths, args.dev_addr)
    except SelectionError as error:
        _say(f"error: {error}", sys.stderr)
        return 2
    _say(f"Previewing {plan.shown} at {plan.url}")
    _say("  rebuilt on every save of it, its sources or their snapshots; Ctrl-C stops")
    sys.stdout.flush()
    os.execve(plan.argv[0], list(plan.argv), plan.env)  # mkdocs serve, in this process's place


def _ingest(args: argparse.Namespace, layout: Layout) -> int:
    from .editor.ingest import ingest  # BeautifulSoup and charset-normalizer: only when ingesting

    outcome = ingest(
        layout, args.document, args.id, args.url, force=args.force, timeout=args.timeout
    )
    _say(outcome.text, sys.stderr if outcome.code else sys.stdout)
    return outcome.code
