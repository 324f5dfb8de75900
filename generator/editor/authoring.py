"""The editor's commands: find a quote in a source (`locate`), start a claim (`new`) and record a
snapshot's checksum once every span in it resolves (`pin`). Each returns text and an exit code;
the command line prints them."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..check import Layout, check_site
from ..fidelity import compare, span_fidelity, word_diff
from ..fields import ID_PATTERN, did_you_mean
from ..files import FileRefusal, read_file, write_atomic
from ..hints import closest_passage
from ..load import discover, load_source, read_source_snapshot, relative
from ..model import Located, Problem, SpanRef, Verdict
from ..readers.captions import clock
from ..report import problem_lines
from ..resolve import Resolution, find, needle, resolve
from ..snapshots import Snapshot
from ..yamlnodes import YamlError, parse_yaml


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an editor's command did: the text to print and the exit status."""

    text: str
    code: int  # 0 done, 1 not done (the text says why), 2 misused


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _open_source(layout: Layout, source_id: str) -> tuple[Snapshot | None, Outcome | None]:
    catalog = discover(layout.root, layout.claims_dir, layout.sources_dir)
    path = catalog.sources.get(source_id)
    if path is None:
        guess = did_you_mean(source_id, catalog.sources)
        hint = f"did you mean '{guess}'?" if guess else "ingest the page first, or check the id"
        return None, Outcome(f"error: there is no source '{source_id}'\n  hint: {hint}", 2)
    problems: list[Problem] = []
    source = load_source(layout.root, source_id, path, problems)
    if source is not None and source.snapshot is None:
        return None, Outcome(
            f"error: {relative(layout.root, path)} has no snapshot, so nothing can be located "
            "in it\n  hint: store its text and add snapshot: to the file",
            1,
        )
    snapshot = None
    if source is not None and source.snapshot is not None:
        snapshot = read_source_snapshot(layout, path, source, problems)
    if snapshot is None:
        return None, Outcome("\n".join(line for p in problems for line in problem_lines(p)), 1)
    return snapshot, None


def locate(layout: Layout, source_id: str, quote: str) -> Outcome:
    """Where a source prints a quote, how faithfully, and a span to paste into a claim."""
    snapshot, failed = _open_source(layout, source_id)
    if failed is not None:
        return failed
    assert snapshot is not None
    wanted = needle(quote)
    if not wanted:
        return Outcome("error: the quote is empty", 2)
    result = resolve(SpanRef(0, source_id, quote, Located("", {})), snapshot)
    if isinstance(result, Resolution):
        return Outcome(_found(snapshot, source_id, quote, result, None), 0)
    if result.code == "ambiguous" and find(snapshot, wanted).hits:
        return Outcome(_ambiguous(snapshot, source_id, quote, wanted), 0)
    if result.code != "not-found" or "closest passage" not in result.message:
        return Outcome(
            f"not found: {result.message}" + (f"\n  hint: {result.hint}" if result.hint else ""), 1
        )
    passage = closest_passage(wanted, snapshot)
    printed = (
        resolve(
            SpanRef(0, source_id, passage.printed, Located("", {}), start=passage.start), snapshot
        )
        if passage is not None
        else None
    )
    if passage is None or not isinstance(printed, Resolution):
        return Outcome(
            f"not found: {result.message}" + (f"\n  hint: {result.hint}" if result.hint else ""), 1
        )
    line = (
        f"not found as typed; the closest passage in {snapshot.path} is at "
        f"{passage.line}:{passage.column}"
    )
    return Outcome(line + "\n" + _found(snapshot, source_id, quote, printed, passage.start), 1)


def _found(
    snapshot: Snapshot, source_id: str, quote: str, found: Resolution, start: int | None
) -> str:
    text = snapshot.canonical
    parts = [text[s:e] for s, e in found.ranges]
    fidelity, diff = span_fidelity(quote, text, found.ranges)
    lines = [f"{where(snapshot, found.ranges[0][0], found.ranges[-1][1])}: {fidelity}"]
    if diff:
        lines.append(f"  differs: {word_diff(diff)}")
    exact = " … ".join(parts)
    span = _span_yaml(source_id, exact, None, None)
    # A printed passage that occurs more than once needs its context too.
    (first, last), more = found.ranges[0], found.ranges[1:]
    if not more and start is not None and len(find(snapshot, needle(exact)).hits) > 1:
        return "\n".join(lines) + "\n" + _unique_span(snapshot, source_id, exact, first, last)
    lines.append("paste into the claim's spans:")
    lines.append(span)
    return "\n".join(lines)


def where(snapshot: Snapshot, start: int, end: int) -> str:
    """Where the text from `start` to `end` is, as an editor looks for it: the line and column
    of a text file, with its page when it has pages; the time of a transcript (whose lines are
    not the file's)."""
    time = snapshot.time(start, end)
    if time is not None:
        return f"{snapshot.path} at {clock(time[0])}\u2013{clock(time[1])}"
    line, column = snapshot.line_column(start)
    pages = snapshot.pages(start, end)
    if pages is None:
        return f"{snapshot.path}:{line}:{column}"
    first, last = pages
    return f"{snapshot.path}:{line}:{column} (page {first}{'' if first == last else f'-{last}'})"


def _span_yaml(source_id: str, exact: str, prefix: str | None, suffix: str | None) -> str:
    lines = [f"      - source: {source_id}", f"        exact: {_q(exact)}"]
    if prefix:
        lines.append(f"        prefix: {_q(prefix)}")
    if suffix:
        lines.append(f"        suffix: {_q(suffix)}")
    return "\n".join(lines)


def _unique_span(snapshot: Snapshot, source_id: str, exact: str, start: int, end: int) -> str:
    """The shortest prefix (or suffix) of whole words that makes the occurrence `[start, end)`
    unique, checked by resolving it."""
    text = snapshot.canonical
    window = max(0, start - 200)
    before = text[window:start].split()[1 if window else 0 :]  # no cut word at either end
    after = text[end : end + 200].split()
    if end + 200 < len(text):
        after = after[:-1]
    for n in range(1, 9):
        for prefix, suffix in ((" ".join(before[-n:]), None), (None, " ".join(after[:n]))):
            if not (prefix or suffix):
                continue
            span = SpanRef(0, source_id, exact, Located("", {}), prefix=prefix, suffix=suffix)
            got = resolve(span, snapshot)
            if isinstance(got, Resolution) and got.ranges[0][0] == start:
                return _span_yaml(source_id, exact, prefix, suffix)
    return _span_yaml(source_id, exact, None, None) + f"\n        start: {start}"


def _ambiguous(snapshot: Snapshot, source_id: str, quote: str, wanted: str) -> str:
    hits = find(snapshot, wanted).hits
    lines = [f"{_q(quote)} occurs {len(hits)} times in {snapshot.path}; one span for each:"]
    for _, _, start, end in hits[:10]:
        printed = snapshot.canonical[start:end]
        fidelity, _ = compare(quote, [printed])
        lines.append(f"{where(snapshot, start, end)}: {fidelity}")
        lines.append(_unique_span(snapshot, source_id, printed, start, end))
    if len(hits) > 10:
        lines.append(f"… and {len(hits) - 10} more")
    return "\n".join(lines)


# -- new --------------------------------------------------------------------------------------

CLAIM_TEMPLATE = """\
# A claim: one statement by one person, checked against stored sources.
# Replace every TODO, then run: python -m generator check {path}
title: "TODO: the claim as a headline"
claim: "TODO: the statement being checked, in one sentence"
claimant: "TODO: who made the claim or is quoted"
# claimant_role: "e.g. NATO Secretary General"
# date: 2023-01-30             # when the claim was made
verdict: TODO                 # one of: {verdicts}
summary: |
  TODO: the ruling in two or three sentences (Markdown).
# analysis: |
#   The longer explanation (Markdown).
quotes:
  - text: "TODO: the words as the claimant said them"
    spans:
      # `python -m generator locate SOURCE "the words"` prints a span to paste here.
      - source: TODO-source-id
        # exact: the words as this source prints them, when they differ from text
# provenance: |
#   Where the words first appeared and how they travelled (Markdown).
# tags: [topic]
# published: 2026-01-31        # when this fact-check was published
# related: [other-claim-id]
"""


def new_claim(
    layout: Layout, claim_id: str, scale: Sequence[Verdict], claim: str | None = None
) -> Outcome:
    """Write `claims/<claim_id>.yml`, a commented template (with `claim` in it, when given);
    never over an existing file."""
    if claim_id == "index":
        return Outcome(
            "error: 'index' is reserved: claims/index is the claims index's own page\n"
            "  hint: choose another id, e.g. stoltenberg-china-challenge",
            2,
        )
    if not ID_PATTERN.fullmatch(claim_id):
        return Outcome(
            f"error: '{claim_id}' is not a valid claim id\n  hint: lowercase letters, "
            "digits and '-', at most 80, e.g. stoltenberg-china-challenge",
            2,
        )
    catalog = discover(layout.root, layout.claims_dir, layout.sources_dir)
    existing = catalog.claims.get(claim_id) or layout.claims_dir / f"{claim_id}.yml"
    if existing.exists():
        return Outcome(
            f"error: {relative(layout.root, existing)} already exists; nothing "
            "was written\n  hint: choose another id, or edit that file",
            1,
        )
    path = layout.claims_dir / f"{claim_id}.yml"
    keys = [v.key for v in scale]
    text = CLAIM_TEMPLATE.format(path=relative(layout.root, path), verdicts=", ".join(keys))
    if claim and claim.strip():
        written = json.dumps(" ".join(claim.split()), ensure_ascii=False)  # YAML's too
        text = text.replace(
            'claim: "TODO: the statement being checked, in one sentence"', f"claim: {written}"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"), replace=False)  # never overwrites, even in a race
    except FileExistsError:
        return Outcome(f"error: {relative(layout.root, path)} appeared meanwhile; not replaced", 1)
    except OSError as error:
        return Outcome(
            f"error: could not write {relative(layout.root, path)}: {error.strerror}; nothing "
            "was written",
            1,
        )
    return Outcome(
        f"wrote {relative(layout.root, path)}: fill in the TODOs, then run "
        f"python -m generator check {relative(layout.root, path)}",
        0,
    )


# -- pin --------------------------------------------------------------------------------------


def pin(layout: Layout, source_ids: Sequence[str], scale: Sequence[Verdict]) -> Outcome:
    """Write each source's sha256, but only once every span quoted from it resolves."""
    catalog = discover(layout.root, layout.claims_dir, layout.sources_dir)
    unknown = [s for s in source_ids if s not in catalog.sources]
    if unknown:
        return Outcome("error: no such source: " + ", ".join(unknown), 2)
    wanted = list(source_ids) or sorted(catalog.sources)
    out: list[str] = []
    code = 0
    for source_id in wanted:
        message, ok = _pin_one(layout, source_id, catalog.sources[source_id], scale)
        out.append(message)
        code = code if ok else 1
    return Outcome("\n".join(out), code)


def _pin_one(
    layout: Layout, source_id: str, path: Path, scale: Sequence[Verdict]
) -> tuple[str, bool]:
    rel = relative(layout.root, path)
    result = check_site(layout, only=[path], scale=scale)
    source = result.sources.get(source_id)
    if source is None or source.snapshot is None:
        if source is not None:
            return f"{rel}: cited only (no snapshot), nothing to pin", True
        return _refusal(rel, [p for p in result.problems if p.path == rel])
    # What blocks: the source's own problems, and spans quoted from it that do not resolve.
    # A claim's problems elsewhere (another source, a typo in a tag) are not this source's.
    own = [p for p in result.problems if p.path == rel and p.code != "snapshot-changed"]
    resolved = {(s.claim, s.quote, s.span) for s in result.spans}
    failing = [
        (claim, quote.index, span)
        for claim in result.claims.values()
        for quote in claim.quotes
        for span in quote.spans
        if span.source == source_id and (claim.id, quote.index, span.index) not in resolved
    ]
    places = {
        (claim.where.path, pos.line, pos.column)
        for claim, _, span in failing
        for pos in (span.where.at("exact"), span.where.at("source"))
    }
    blocking = own + [p for p in result.problems if (p.path, p.line, p.column) in places]
    unresolved = [
        f"{claim.where.path}: quote {quote + 1}, span {span.index + 1}"
        for claim, quote, span in failing
    ]
    snapshot = result.snapshots.get(source_id)
    if blocking or unresolved or snapshot is None:
        return _refusal(rel, blocking, unresolved)
    if source.sha256 == snapshot.sha256:
        return f"{rel}: sha256 already {snapshot.sha256}", True
    try:
        _write_sha(layout, path, snapshot.sha256)
    except (PinError, FileRefusal) as error:
        return f"{rel}: not pinned: {error}; the file is unchanged", False
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        return f"{rel}: not pinned: could not write it ({reason}); the file is unchanged", False
    return f"{rel}: pinned sha256 {snapshot.sha256}", True


def _refusal(
    rel: str, problems: Sequence[Problem], unresolved: Sequence[str] = ()
) -> tuple[str, bool]:
    lines = [f"{rel}: not pinned, because not every span quoted from it checks out:"]
    lines += ["  " + line for p in problems for line in problem_lines(p)]
    lines += [f"  unresolved: {u}" for u in unresolved if not problems]
    return "\n".join(lines), False


class PinError(Exception):
    """The sha256 could not be written as asked; the file is unchanged."""


#: YAML's line breaks (libyaml counts each as one).
_LINE_BREAK = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")


def _with_sha(text: str, sha: str) -> str:
    """`text` with the value of `sha256:` set to `sha`, every other character kept: comments,
    order, quoting, BOM, line endings (LF, CRLF or CR). Raises `PinError` if it cannot be done
    exactly (the file changed since it was checked)."""
    try:
        node = yaml.compose(text, Loader=yaml.BaseLoader)  # pure Python: marks count characters
    except yaml.YAMLError as error:
        raise PinError(f"the file no longer reads as YAML: {str(error).splitlines()[0]}") from None
    if not isinstance(node, yaml.MappingNode):
        raise PinError("the file is no longer a mapping of fields")
    value = next((v for k, v in node.value if k.value == "sha256"), None)
    if value is None:  # a new last line, in the file's own line ending
        breaks = _LINE_BREAK.findall(text)
        newline = breaks[0] if breaks else "\n"
        ending = "" if not text or _LINE_BREAK.fullmatch(text[-1]) else newline
        return f"{text}{ending}sha256: {sha}{newline}"
    if not isinstance(value, yaml.ScalarNode):
        raise PinError("sha256 holds a list or a mapping, not a value")
    start, end = value.start_mark.index, value.end_mark.index
    style = value.style or ""
    if start == end:  # `sha256:` with nothing after it
        new = f" {sha}"
    elif style in ("|", ">"):  # a block scalar ends with its own line break: keep one
        written = text[start:end]
        breaks = _LINE_BREAK.findall(written)
        new = sha + (breaks[-1] if breaks else "")
    else:
        new = f"{style}{sha}{style}"  # plain, 'single' or "double" quotes, as written
    return text[:start] + new + text[end:]


def _check_pinned(text: str, sha: str, before: str) -> None:
    """The new text must load, with `sha` as sha256 and every other field as it was."""
    try:
        after_node = parse_yaml(text.removeprefix("\ufeff"))
        before_node = parse_yaml(before.removeprefix("\ufeff"))
    except YamlError as error:
        raise PinError(f"the result would not load: {error.message}") from None
    got = after_node.value.get("sha256") if after_node.kind == "map" else None
    if got is None or got.text() != sha:
        raise PinError("the result would not read back with the new sha256")
    others = {k: v.raw for k, v in after_node.value.items() if k != "sha256"}
    if others != {k: v.raw for k, v in before_node.value.items() if k != "sha256"}:
        raise PinError("the result would change another field")


def _write_sha(layout: Layout, path: Path, sha: str) -> None:
    """Change only the sha256 value; verify the result before writing it and after."""
    rel = relative(layout.root, path)
    data = read_file(path, inside=layout.root, limit=layout.limits.yaml, shown=rel)
    text = data.decode("utf-8")
    new = _with_sha(text, sha)
    _check_pinned(new, sha, text)
    write_atomic(path, new.encode("utf-8"), replace=True)
    written = read_file(path, inside=layout.root, limit=layout.limits.yaml, shown=rel)
    if written != new.encode("utf-8"):
        raise PinError("the file read back differs from what was written (changed meanwhile?)")
