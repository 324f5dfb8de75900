"""`import`: a newsroom's existing fact-checks, from ClaimReview records, as claim files (issue
32; SPEC §3 `imported_from`, §8 `import`, §9).

Each review becomes `claims/<id>.yml`: the claim, the claimant, the dates, the language, the
verdict, a quote whose words are the claim, and `imported_from: {url, publisher}`. The quote
cites a cited-only source (a source file without a snapshot: its words cannot be checked, and
the page says so) for where the claim appeared when the record says, else for the fact-check
itself. A rating the site's scale does not have is added to the scale file the site reads
(`scale_file`, `ratings.yml`), with the record's own label and a rating from its value, and the
output lists each addition for the editor to check.

The same record always gives the same id (the publisher, the claim's first words and a digest of
the fact-check's address) and the same bytes, so a re-import writes nothing. Each file it writes
carries the digest of its own text in its first line: a file whose text no longer matches it was
changed by an editor, and is never replaced without `--force`. Every file is checked to load
without a problem before anything is written, written whole (renamed into place) and the
folders synced once at the end: 19,250 records in seconds, not an fsync each.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from anyascii import anyascii

from .. import ratings
from ..addresses import claimant_address
from ..check import Layout
from ..config import scale_steps
from ..files import FileRefusal, is_within, read_file
from ..i18n import Language
from ..load import discover, load_claim, load_claims, relative, source_from_node
from ..model import Problem, Verdict
from ..terminal import printable
from ..yamlnodes import YamlError, parse_yaml
from .authoring import Outcome
from .claimreview import Review, Unusable, read_records

#: The first line of a file import wrote: the digest of the rest, which an edit changes.
HEADER = (
    "# Imported by `python -m generator import`; edit freely: a re-import leaves an edited "
    "file alone ({digest})\n"
)
_HEADER = re.compile(r"^# Imported by `python -m generator import`.*\((sha256:[0-9a-f]{16})\)\n")
SUFFIXES = (".json", ".jsonld", ".html", ".htm")
_ID_WORDS = 8
#: Ratings that say how true a claim is, in the words fact-checkers use most, placed between
#: false (0) and true (1); a rating with a value of its own is placed by that value.
PLACES = {
    "true": 1.0,
    "correct": 1.0,
    "accurate": 1.0,
    "mostly true": 0.8,
    "mostly-true": 0.8,
    "half true": 0.5,
    "half-true": 0.5,
    "mixture": 0.5,
    "mixed": 0.5,
    "partly false": 0.35,
    "partly-false": 0.35,
    "misleading": 0.35,
    "missing context": 0.4,
    "barely true": 0.3,
    "barely-true": 0.3,
    "mostly false": 0.2,
    "mostly-false": 0.2,
    "false": 0.0,
    "pants on fire": 0.0,
    "pants-fire": 0.0,
    "pants on fire!": 0.0,
    "fake": 0.0,
    "incorrect": 0.0,
    "faux": 0.0,
    "falso": 0.0,
    "falsch": 0.0,
}


@dataclass
class _Plan:
    """What an import would write: file -> text, in order; and what it says."""

    files: dict[Path, str] = field(default_factory=dict)
    added: list[Verdict] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    unusable: int = 0


def _slug(text: str, words: int = _ID_WORDS) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", " ", anyascii(text).lower()).split()[:words])


def _digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _publisher_slug(review: Review) -> str:
    host = urlsplit(review.url).hostname or ""
    parts = [p for p in host.split(".")[:-1] if p not in ("www", "m", "amp")]
    return _slug(" ".join(parts[-2:]), 2) or "review"


def claim_id(review: Review) -> str:
    """The id of a review's claim: its publisher, the claim's first words and a digest of the
    fact-check's address (two reviews of the same words by one newsroom stay apart)."""
    tail = hashlib.sha256(review.url.encode("utf-8")).hexdigest()[:6]
    words = _slug(review.claim)[: 80 - 2 - len(tail) - len(_publisher_slug(review))].rstrip("-")
    return "-".join(p for p in (_publisher_slug(review), words, tail) if p)


def source_id(url: str) -> str:
    """The id of a cited-only source: its address's host and path, and a digest of it."""
    parts = urlsplit(url)
    tail = hashlib.sha256(url.encode("utf-8")).hexdigest()[:6]
    host = (parts.hostname or "").removeprefix("www.")
    words = _slug(f"{host} {parts.path}", 10)[: 80 - 1 - len(tail)].rstrip("-")
    return f"{words}-{tail}" if words else f"source-{tail}"


def _q(value: str) -> str:
    """A YAML scalar for any text: JSON's double-quoted string is YAML's too."""
    return json.dumps(value, ensure_ascii=False)


def _markdown(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>()#+!|])", r"\\\1", text)


def _with_header(body: str) -> str:
    return HEADER.format(digest=_digest(body)) + body


def _claim_text(review: Review, verdict: str, source: str) -> str:
    title = review.title or (review.claim if len(review.claim) <= 120 else review.claim[:119] + "…")
    said = f"{_markdown(review.publisher)} rated this claim *{_markdown(review.rating)}*"
    summary = f"{_markdown(review.body)}\n\n{said}." if review.body else f"{said}."
    lines = [
        f"title: {_q(title)}",
        f"claim: {_q(review.claim)}",
        f"claimant: {_q(review.claimant or 'Unknown')}",
    ]
    if review.claim_date:
        lines.append(f"date: {review.claim_date.isoformat()}")
    if review.language:  # even the site's own: a site may be built in another (SITE_LANGUAGE)
        lines.append(f"language: {review.language}")
    lines += [
        f"verdict: {verdict}",
        f"summary: {_q(summary)}",
        "quotes:",
        f"  - text: {_q(review.claim)}",
        "    spans:",
        f"      - source: {source}",
    ]
    if review.published:
        lines.append(f"published: {review.published.isoformat()}")
    lines.append(f"imported_from: {{url: {_q(review.url)}, publisher: {_q(review.publisher)}}}")
    return _with_header("\n".join(lines) + "\n")


def _source_text(review: Review) -> tuple[str, str]:
    """The cited-only source of a review's quote: where the claim appeared, else the fact-check."""
    if review.appearance:
        url = review.appearance
        host = urlsplit(url).hostname or url
        title = review.appearance_title or f"As it appeared on {host.removeprefix('www.')}"
        lines = [f"title: {_q(title)}", f"url: {_q(url)}"]
        if review.claimant:
            lines.append(f"author: [{_q(review.claimant)}]")
    else:
        url = review.url
        title = review.title or f"{review.publisher}'s fact-check"
        lines = [f"title: {_q(title)}", f"publisher: {_q(review.publisher)}", f"url: {_q(url)}"]
        if review.published:
            lines.append(f"published: {review.published.isoformat()}")
    titled = review.appearance_title if review.appearance else review.title
    if titled and review.language:  # the record's words: its language (not the words made here)
        lines.append(f"language: {review.language}")
    # (no notes: every page already says, in its reader's language, that no copy is stored)
    return source_id(url), _with_header("\n".join(lines) + "\n")


def _verdict(review: Review, scale: list[Verdict], plan: _Plan) -> str:
    """The scale's key for the review's rating: a verdict of that label or key (the default
    scale's labels in the record's language too: "Exact" is `accurate` in French), else one
    added."""
    wanted = review.rating.casefold()
    language = Language(review.language or "en")
    for verdict in scale:
        names = {verdict.label.casefold(), verdict.key}
        if verdict.from_catalog:
            names.add(ratings.label(verdict, language).casefold())
        if wanted in names:
            return verdict.key
    base = _slug(review.rating, 6) or "rated"
    key, n = base, 1
    while any(v.key == key for v in scale):
        n += 1
        key = f"{base}-{n}"
    values = [v.rating for v in scale] or [0, 6]
    low, high = min(values), max(values)
    place = review.rating_value
    if place is None:
        place = PLACES.get(wanted, PLACES.get(wanted.rstrip("!. ")))
    rating = round(low + (high - low) * (0.5 if place is None else place))
    added = Verdict(key, review.rating, f"{review.publisher}'s rating, as imported.", rating)
    scale.append(added)
    plan.added.append(added)
    return key


def _inputs(paths: Sequence[Path]) -> Iterable[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
            )
        else:
            yield path


def import_reviews(
    layout: Layout,
    paths: Sequence[Path],
    scale: Sequence[Verdict],
    scale_file: Path,
    *,
    force: bool = False,
    site_language: str = "en",
) -> Outcome:
    """Write a claim file (and its cited-only source) for each review the files at `paths`
    hold; exit 1 when a record or a file could not be used or an edited file was left."""
    plan = _Plan()
    steps = list(scale)
    claims: dict[str, tuple[str, Path]] = {}  # id -> (text, input)
    sources: dict[str, str] = {}
    found: list[tuple[Path, Review]] = []
    for path in _inputs(paths):
        shown = printable(str(path))
        try:
            data = read_file(path, inside=Path("/"), limit=layout.limits.snapshot, shown=shown)
            records = list(read_records(data, path.name))
        except (FileRefusal, ValueError) as error:
            plan.lines.append(f"error: {shown}: {printable(str(error))}")
            plan.unusable += 1
            continue
        if not records:
            plan.lines.append(f"{shown}: no ClaimReview record")
        for record in records:
            if isinstance(record, Unusable):
                plan.lines.append(f"error: {shown}: record {record.number}: {record.reason}")
                plan.unusable += 1
            else:
                found.append((path, record))
    spelled = _spellings(layout, scale, [r for _, r in found], plan)
    for path, record in found:
        record = replace(record, claimant=spelled.get(record.claimant, record.claimant))
        verdict = _verdict(record, steps, plan)
        sid, stext = _source_text(record)
        cid = claim_id(record)
        text = _claim_text(record, verdict, sid)
        if cid in claims and claims[cid][0] != text:
            plan.lines.append(
                f"error: {printable(str(path))}: the record of {printable(record.url)} is given "
                "twice, differently; the first is kept"
            )
            plan.unusable += 1
            continue
        claims[cid] = (text, path)
        sources.setdefault(sid, stext)
    keys = [v.key for v in steps]
    return _write(layout, claims, sources, plan, scale_file, keys, site_language, force=force)


def _spellings(
    layout: Layout, scale: Sequence[Verdict], reviews: Sequence[Review], plan: _Plan
) -> dict[str, str]:
    """One spelling for each claimant: names that give one address ("Multiple Sources",
    "Multiple sources"; "Kim Yo Jong", "Kim Yo-jong") are written as the site already spells
    the name, else as most of the records do; each change is said."""
    catalog = discover(layout.root, layout.claims_dir, layout.sources_dir)
    site = load_claims(layout, catalog, catalog.claims, [v.key for v in scale]).claims
    chosen: dict[str, str] = {}
    for claim in site.values():
        chosen.setdefault(claimant_address(claim.claimant), claim.claimant)
    counts = Counter(r.claimant for r in reviews if r.claimant)
    by_address: dict[str, list[str]] = {}
    for name in counts:  # in the order first seen
        by_address.setdefault(claimant_address(name), []).append(name)
    spelled: dict[str, str] = {}
    for address, names in by_address.items():
        best = chosen.get(address) or max(names, key=lambda n: counts[n])
        for name in names:
            if name != best:
                spelled[name] = best
                plan.lines.append(
                    f"claimant {printable(name)!r} written {printable(best)!r}, as "
                    + ("the site spells it" if address in chosen else "most records do")
                    + f" ({counts[name]} record(s))"
                )
    return spelled


def _existing(layout: Layout, path: Path) -> str | None:
    """The text of a file import may write, None when there is none; `FileRefusal` when there
    is one that is not a readable UTF-8 file inside the site (a link out of it, a FIFO, too
    large), which import never replaces."""
    if not os.path.lexists(path):
        return None
    shown = relative(layout.root, path)
    data = read_file(path, inside=layout.root, limit=layout.limits.yaml, shown=shown)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileRefusal("unreadable", f"{shown} is not UTF-8") from None


def _edited(text: str) -> bool:
    """Whether a file was changed since import wrote it (or was never import's)."""
    match = _HEADER.match(text)
    return match is None or _digest(text[match.end() :]) != match.group(1)


def _write(
    layout: Layout,
    claims: dict[str, tuple[str, Path]],
    sources: dict[str, str],
    plan: _Plan,
    scale_file: Path,
    verdicts: Sequence[str],
    locale: str,
    *,
    force: bool,
) -> Outcome:
    catalog = discover(layout.root, layout.claims_dir, layout.sources_dir)
    wanted: dict[Path, str] = {}
    kept = unchanged = 0
    for folder, found, known in (
        (layout.claims_dir, {k: v[0] for k, v in claims.items()}, catalog.claims),
        (layout.sources_dir, sources, catalog.sources),
    ):
        for item_id, text in found.items():
            path = known.get(item_id, folder / f"{item_id}.yml")
            try:
                before = _existing(layout, path)
            except FileRefusal as refusal:
                kept += 1
                plan.lines.append(f"kept {printable(refusal.message)}: it is never replaced")
                continue
            if before == text:
                unchanged += 1
                continue
            if before is not None and _edited(before) and not force:
                kept += 1
                plan.lines.append(
                    f"kept {relative(layout.root, path)}: changed since it was imported "
                    "(--force replaces it)"
                )
                continue
            wanted[path] = text
    if plan.added:
        root = os.path.realpath(layout.root)
        if not is_within(os.path.realpath(scale_file), root):
            return Outcome(
                f"error: scale_file {printable(str(scale_file))} is outside the site; nothing "
                "was written\n  hint: name a file inside the site, such as ratings.yml",
                1,
            )
        try:
            wanted[scale_file] = _scale_text(_existing(layout, scale_file), plan.added)
        except FileRefusal as refusal:
            return Outcome(f"error: {printable(refusal.message)}; nothing was written", 1)
        except ValueError as error:
            return Outcome(
                f"error: {relative(layout.root, scale_file)}: {error}; nothing was written\n"
                "  hint: write it as a list, one '- {key: …, label: …, rating: …}' a line",
                1,
            )
    problem = _check_loads(layout, wanted, scale_file, verdicts, locale)
    if problem:
        return Outcome(
            f"error: the file import made does not load: {problem}; nothing was written", 70
        )
    try:
        _write_all(wanted)
    except OSError as error:
        return Outcome(f"error: could not write: {error}; files renamed into place stay whole", 1)
    lines = plan.lines + [
        f"added to {relative(layout.root, scale_file)}: {v.key} ({printable(v.label)}), "
        f"rating {v.rating}"
        for v in plan.added
    ]
    written = len(wanted) - (1 if plan.added else 0)
    lines.append(
        f"{len(claims)} fact-check(s) read: {written} file(s) written, {unchanged} unchanged, "
        f"{kept} kept as edited, {plan.unusable} record(s) or file(s) not usable"
    )
    if plan.added:
        lines.append(
            "  hint: check the ratings added to the scale (labels, descriptions, ratings), "
            "or map them to your own verdicts"
        )
    return Outcome("\n".join(lines), 1 if plan.unusable or kept else 0)


def _scale_text(before: str | None, added: Sequence[Verdict]) -> str:
    """The scale file with `added` appended (block list items; every line before kept)."""
    items = "".join(
        f"- {{key: {_q(v.key)}, label: {_q(v.label)}, description: {_q(v.description)}, "
        f"rating: {v.rating}}}\n"
        for v in added
    )
    if before is None:
        return (
            "# Verdicts added to the rating scale by `python -m generator import`, after the "
            "scale of mkdocs.yml.\n# Edit them freely: labels, descriptions, ratings.\n" + items
        )
    node = yaml.compose(before, Loader=yaml.SafeLoader) if before.strip() else None
    if node is not None and (not isinstance(node, yaml.SequenceNode) or node.flow_style):
        raise ValueError("the scale file is not a block list of verdicts")
    return (before if before.endswith("\n") or not before else before + "\n") + items


def _check_loads(
    layout: Layout, wanted: dict[Path, str], scale_file: Path, verdicts: Sequence[str], locale: str
) -> str | None:
    """Why a file import is about to write would not load without a problem (a bug of
    import's own), or None: each claim with the scale it will have, each source, the scale
    file."""
    problems: list[Problem] = []
    for path, text in wanted.items():
        shown = relative(layout.root, path)
        try:
            node = parse_yaml(text)
        except YamlError as error:
            return f"{shown}:{error.pos.line}:{error.pos.column}: {error.code}: {error.message}"
        if path == scale_file:
            scale_steps(node, shown, locale, problems)
        elif path.parent == layout.sources_dir:
            source_from_node(node, path.stem, shown, problems)
        else:
            load_claim(layout.root, path.stem, path, problems, verdicts, data=text.encode("utf-8"))
        if problems:
            p = problems[0]
            return f"{p.path}:{p.line}:{p.column}: {p.code}: {p.message}"
    return None


def _write_all(files: dict[Path, str]) -> None:
    """Every file written whole: each into a temporary file beside it, all synced to disk at
    once, then each renamed into place, and the folders synced."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.import")
            temporary.unlink(missing_ok=True)  # a killed run's, of the same process id
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(temporary, flags, 0o644)
            staged.append((temporary, path))  # removed below, even if writing it fails
            with os.fdopen(fd, "wb") as stream:
                stream.write(text.encode("utf-8"))
        os.sync()
        for temporary, path in staged:
            os.replace(temporary, path)
        for folder in {path.parent for path in files}:
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
