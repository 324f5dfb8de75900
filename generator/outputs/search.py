"""Search: what a reader can find, as Pagefind records built from the linked model, and the
index that Pagefind's own binary writes from them.

Only claims and sources are records: index and claimant pages would only repeat what claim
pages say. A claim record holds its title, the claim, the claimant and role, every quote, the
summary and the tags, with the facets (`FACETS`) as Pagefind filters and two sort keys. A source
record holds its metadata, every passage a published claim quotes from it, and the first
`SOURCE_WORDS` words of its text: enough to find a source by what it is about, without putting
whole articles into the index that every search downloads parts of.

The index is written by the `pagefind` binary of the `pagefind_bin` package, spoken to over
its documented service protocol (base64 JSON messages, each ended by a comma). The package's
asyncio client waits 0.1 s before reading each answer, which made 2,000 records take 202 s
here; this client writes the records from a thread while it reads the answers, so 11,000 take
about a second.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import regex

from ..config import DEFAULTS
from ..i18n import ENGLISH, N_, Language
from ..link import ClaimView, SiteModel, SourceView
from ..model import FIDELITIES, FIDELITY, Fidelity
from ..ratings import label as verdict_label
from .plan import OLDER_FOLDER, SEARCH_FOLDER, file_path

#: The facets of a claim, in the order pages show them: (key, heading). The search page and the
#: claims index offer the same ones.
FACETS: tuple[tuple[str, str], ...] = (
    ("verdict", N_("Verdict")),
    ("fidelity", N_("Fidelity")),
    ("claimant", N_("Claimant")),
    ("tag", N_("Tag")),
    ("source", N_("Source")),
    ("year", N_("Year said")),
)
#: The most values of a facet the search page writes into itself; a longer list (claimants,
#: sources) is a file of its own, `assets/factcheck/facets/<facet>.json`, loaded when a reader
#: opens the filters.
FACET_INLINE = 12
#: How many words of a source's own text its record holds, besides every quoted passage.
SOURCE_WORDS = 300
#: How many of the newest claims and sources a first search covers: the option `search_recent`
#: (config.py). Pagefind's metadata file, which every search loads first, holds about ten bytes
#: for each record of its index, so an index of every record of an archive of 50,000 claims
#: cost a first search 808 KB. The older records are a second index, searched when the reader
#: asks, or when the newest have no match.
RECENT = DEFAULTS.search_recent
#: Files of Pagefind's bundle that this site does not use (its own UIs): not published.
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
UNDATED = "0000-00-00"  # sorts last, newest first


def claim_facets(view: ClaimView, language: Language = ENGLISH) -> dict[str, tuple[str, ...]]:
    """The facet values of a claim: its verdict, the fidelity of each span (a claim has a
    verbatim span, a trimmed one...), its claimant, tags, quoted sources, and the year said;
    verdicts and fidelities named in the site's language."""
    _ = language.gettext
    claim = view.claim
    spans = [span for quote in view.quotes for span in quote.spans]
    present: set[Fidelity] = {span.resolved.fidelity for span in spans}
    sources = dict.fromkeys(span.source.title for span in spans)
    return {
        "verdict": (verdict_label(view.verdict, language),),
        "fidelity": tuple(_(FIDELITY[f].label) for f in FIDELITIES if f in present),
        "claimant": (claim.claimant,),
        "tag": claim.tags,
        "source": tuple(sources),
        "year": (str(claim.date.year),) if claim.date else (),
    }


def facet_values(
    model: SiteModel, language: Language = ENGLISH, claims: Sequence[ClaimView] | None = None
) -> dict[str, tuple[tuple[str, int], ...]]:
    """Every value of every facet with its number of claims (of `claims`, default all): verdicts
    and fidelities in the scale's order, years newest first, the rest alphabetically."""
    counts: dict[str, Counter[str]] = {key: Counter() for key, _ in FACETS}
    for view in model.claims if claims is None else claims:
        for key, found in claim_facets(view, language).items():
            counts[key].update(found)
    order: dict[str, Sequence[str]] = {
        "verdict": [verdict_label(v, language) for v in model.scale],
        "fidelity": [language.gettext(FIDELITY[f].label) for f in FIDELITIES],
        "year": sorted(counts["year"], reverse=True),
    }
    values: dict[str, tuple[tuple[str, int], ...]] = {}
    for key, _ in FACETS:
        keys = order.get(key) or sorted(counts[key], key=lambda v: (v.casefold(), v))
        values[key] = tuple((v, counts[key][v]) for v in keys if counts[key][v])
    return values


def facet_files(
    values: Mapping[str, Sequence[tuple[str, int]]],
) -> Iterator[tuple[str, bytes]]:
    """The files of the facets too long for the search page: `[[value, count], ...]` each."""
    for key, pairs in values.items():
        if len(pairs) > FACET_INLINE:
            data = json.dumps([list(pair) for pair in pairs], ensure_ascii=False)
            yield file_path("facet", key), data.encode()


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One search result as Pagefind stores it: `url` from the site root (with a leading /),
    the text searched, what a result shows (`meta`), its facets and its sort keys."""

    url: str
    content: str
    meta: Mapping[str, str]
    filters: Mapping[str, tuple[str, ...]]
    sort: Mapping[str, str]


def records(
    model: SiteModel, url_of: Callable[[str, str], str], language: Language = ENGLISH
) -> Iterator[SearchRecord]:
    """A record for every published claim, then for every source; `url_of(kind, key)` gives
    a page's address from the site root. What a result shows is in the site's language."""
    for view in model.claims:
        yield _claim_record(view, "/" + url_of("claim", view.id), language)
    for source in model.sources:
        yield _source_record(source, "/" + url_of("source", source.id), language)


#: Scripts written without spaces between words, which Pagefind's binary (the build without
#: its dictionaries) would index as one word per run: each character is indexed as a word, and
#: the search page splits a query the same way (the classic unigram index of CJK search).
_UNSPACED = regex.compile(r"([\p{Han}\p{Hiragana}\p{Katakana}])")


def searchable(text: str) -> str:
    """`text` as it is indexed: every character of Han, Hiragana and Katakana a word."""
    return _UNSPACED.sub(r" \1 ", text) if _UNSPACED.search(text) else text


def _claim_record(view: ClaimView, url: str, language: Language) -> SearchRecord:
    claim = view.claim
    quotes = [quote.quote.text for quote in view.quotes]
    role = f", {claim.claimant_role}" if claim.claimant_role else ""
    content = searchable(
        "\n".join(
            [
                claim.title,
                claim.claim,
                f"{claim.claimant}{role}",
                *quotes,
                claim.summary,
                *claim.tags,
            ]
        )
    )
    said = claim.date.isoformat() if claim.date else ""
    published = view.checked_on
    meta = {
        "title": claim.title,
        "lang": claim.language,  # of the title, claimant and quotes a result shows
        "kind": "claim",
        "verdict": verdict_label(view.verdict, language),
        "verdict_key": view.verdict.key,
        "claimant": claim.claimant,
        "date": said,
        "date_label": language.date(claim.date) if claim.date else "",
        "published": published.isoformat(),  # to merge two indexes' results by date
        # Quotes one per line (a quote is one paragraph of text: no line breaks of its own).
        "quotes": "\n".join(" ".join(q.split()) for q in quotes),
    }
    filters = {"kind": ("claim",), **claim_facets(view, language)}
    sort = {
        "said": said or UNDATED,
        "published": published.isoformat(),
    }
    return SearchRecord(url, content, meta, filters, sort)


def _source_record(view: SourceView, url: str, language: Language) -> SearchRecord:
    source = view.source
    passages = dict.fromkeys(span.quote.text for span in view.spans)
    opening = ""
    if view.snapshot is not None:
        opening = " ".join(view.snapshot.canonical.split(maxsplit=SOURCE_WORDS)[:SOURCE_WORDS])
    content = searchable(
        "\n".join([source.title, source.publisher or "", *source.authors, *passages, opening])
    )
    meta = {
        "title": source.title,
        "lang": source.language,
        "kind": "source",
        "publisher": source.publisher or "",
        "date": source.published.isoformat() if source.published else "",
        "date_label": language.date(source.published) if source.published else "",
    }
    sort = {"published": source.published.isoformat() if source.published else UNDATED}
    return SearchRecord(url, content, meta, {"kind": ("source",)}, sort)


def search_messages(language: Language) -> str:
    """What the search page's script writes, in the site's language, as JSON for an attribute:
    its statuses, and the counts of results in every plural category of the language (the
    script picks one with the browser's `Intl.PluralRules`)."""
    _, ngettext = language.gettext, language.ngettext
    examples = language.plural_examples()
    counts = {
        kind: {category: ngettext(singular, plural, n) for category, n in examples.items()}
        for kind, singular, plural in (
            ("claims", "%(num)s claim", "%(num)s claims"),
            ("sources", "%(num)s source", "%(num)s sources"),
        )
    }
    return json.dumps(
        {
            "searching": _("Searching…"),
            "filtered": _("Type words to search within these filters."),
            "failed": _("The search index could not be loaded."),
            "both": _("%(claims)s and %(sources)s for “%(query)s”."),
            "claimsOnly": _("%(claims)s for “%(query)s”."),
            "counts": counts,
        },
        ensure_ascii=False,
    )


def newest(record: SearchRecord) -> str:
    """The date a record is filed by when the index is split: a claim's date said, a source's
    date published (ISO dates; `UNDATED` sorts last)."""
    return record.sort.get("said") or record.sort.get("published") or UNDATED


def split(
    found: Sequence[SearchRecord], recent: int
) -> tuple[list[SearchRecord], list[SearchRecord]]:
    """The newest `recent` records (by `newest`, then by address) and the others."""
    ordered = sorted(found, key=lambda record: record.url)
    ordered.sort(key=newest, reverse=True)
    return ordered[:recent], ordered[recent:]


class SearchIndexError(Exception):
    """Pagefind could not write the index; the message says why."""


@dataclass(frozen=True, slots=True)
class IndexStats:
    """What writing the index did: records, files and bytes written."""

    records: int
    files: int
    bytes: int


#: How long Pagefind may take to exit once its input is closed, in seconds.
EXIT_WAIT = 30.0
#: Files every Pagefind bundle holds; an index without them is not published.
_ESSENTIAL = ("pagefind.js", "pagefind-entry.json")


def write_index(
    found: Iterable[SearchRecord],
    folder: Path,
    language: str,
    *,
    recent: int = RECENT,
    executable: Path | None = None,
    exit_wait: float = EXIT_WAIT,
) -> IndexStats:
    """Write the Pagefind index of `found` into `folder`, replaced whole or not at all.

    Pagefind hands the index's files over its service protocol (`GetFiles`), each whole in one
    message; this writes and syncs them into a folder beside `folder` and renames it into
    place, once Pagefind has ended on its own with status 0 within `exit_wait` seconds. A
    binary that fails, answers with something else, dies on the way, or does not end is a
    `SearchIndexError`, and the last index stays. (Pagefind's own `WriteFiles` was not used:
    its service exits as soon as its input closes, whatever it is still writing, and once left
    a `pagefind.js` cut at 32 KB.) Every record is indexed as `language`, so that one index
    serves the whole site. With more than `recent` records, `folder` holds the index of the
    newest `recent` and `folder/older/` that of the others (`split`)."""
    if executable is None:
        try:
            import pagefind_bin  # type: ignore[import-untyped]  # the binary, from PyPI
        except ImportError:  # pragma: no cover - a dependency of the package
            raise SearchIndexError("the pagefind_bin package is not installed") from None
        executable = Path(pagefind_bin.get_executable())
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    try:
        records = list(found)
        index = work / "index"
        total = 0
        newer, older = split(records, recent)
        for part, place in ((newer, index), (older, index / OLDER_FOLDER)):
            if not part and place != index:
                continue
            files = _run_service(executable, part, language, exit_wait)
            for name, content in files.items():
                if name.rsplit("/", 1)[-1] in _UNUSED:
                    continue
                target = place / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "wb") as stream:
                    stream.write(content)
                    stream.flush()
                    os.fsync(stream.fileno())
                total += len(content)
        count = sum(1 for p in index.rglob("*") if p.is_file())
        for here, _, _ in os.walk(index):
            _sync_folder(Path(here))
        if folder.exists():
            os.replace(folder, work / "old")
        try:
            os.replace(index, folder)
        except OSError:
            if (work / "old").exists():
                os.replace(work / "old", folder)
            raise
        _sync_folder(folder.parent)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return IndexStats(len(records), count, total)


class IndexJob:
    """`write_index` under way in a thread of its own, while the engine renders the pages: the
    index is made from the model alone, and Pagefind runs as a process of its own, on another
    core. It writes into a folder beside the site (the engine may clean the site's folder
    first); `finish` moves it into place, `cancel` throws it away. Either waits for the job."""

    def __init__(
        self,
        found: Iterable[SearchRecord],
        site_dir: Path,
        language: str,
        recent: int = RECENT,
    ) -> None:
        self.site_dir = site_dir
        parent = site_dir.resolve().parent
        parent.mkdir(parents=True, exist_ok=True)
        self._staging = Path(
            tempfile.mkdtemp(dir=parent, prefix=f".{site_dir.name}-{SEARCH_FOLDER}.")
        )
        self._stats: IndexStats | None = None
        self._error: BaseException | None = None
        records = list(found)  # in this thread: the model is not read from two at once

        def run() -> None:
            try:
                self._stats = write_index(
                    records, self._staging / SEARCH_FOLDER, language, recent=recent
                )
            except BaseException as error:  # handed to `finish`
                self._error = error

        self._thread = threading.Thread(target=run, name="factcheck-pagefind", daemon=True)
        self._thread.start()

    def finish(self) -> IndexStats:
        """Wait for the index and put it at `site_dir/pagefind`, replacing the one there."""
        self._thread.join()
        try:
            if self._error is not None:
                raise self._error
            assert self._stats is not None
            self.site_dir.mkdir(parents=True, exist_ok=True)
            target = self.site_dir / SEARCH_FOLDER
            if target.exists():
                os.replace(target, self._staging / "old")
            os.replace(self._staging / SEARCH_FOLDER, target)
            _sync_folder(self.site_dir)
            return self._stats
        finally:
            shutil.rmtree(self._staging, ignore_errors=True)

    def cancel(self) -> None:
        """Wait for the job and throw its index away."""
        self._thread.join()
        shutil.rmtree(self._staging, ignore_errors=True)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _run_service(
    executable: Path, found: list[SearchRecord], language: str, exit_wait: float
) -> dict[str, bytes]:
    """The index's files, by path inside the bundle, from Pagefind's service."""
    with (
        tempfile.TemporaryFile() as errors,
        subprocess.Popen(
            [str(executable), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
        ) as process,
    ):
        assert process.stdin is not None and process.stdout is not None

        def failure(why: object) -> SearchIndexError:
            errors.seek(0)
            said = errors.read().decode("utf-8", "replace").strip()
            detail = f": {said}" if said else ""
            return SearchIndexError(f"pagefind failed: {why}{detail}")

        try:
            files = _converse(process.stdin, process.stdout, found, language)
        except (OSError, ValueError, KeyError, TypeError) as error:
            process.kill()
            process.wait()
            # What is left in the pipe's buffer has nowhere to go: drop it, or closing the
            # pipe on the way out raises BrokenPipeError instead of this error.
            with contextlib.suppress(OSError):
                process.stdin.close()
            raise failure(error) from None
        # The service ends at the end of its input.
        with contextlib.suppress(BrokenPipeError):
            process.stdin.close()
        try:
            status = process.wait(timeout=exit_wait)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise failure(f"it did not end within {exit_wait:g} s of its last answer") from None
        if status != 0:
            raise failure(f"it ended with status {status}")
        return files


def _converse(
    send: IO[bytes], receive: IO[bytes], found: list[SearchRecord], language: str
) -> dict[str, bytes]:
    def message(message_id: int, payload: Mapping[str, Any]) -> bytes:
        text = json.dumps({"message_id": message_id, "payload": payload}, ensure_ascii=False)
        return base64.b64encode(text.encode("utf-8")) + b","

    buffer = bytearray()

    def answer(expected: str) -> dict[str, Any]:
        end = buffer.find(b",")
        while end == -1:
            chunk = os.read(receive.fileno(), 1 << 16)
            if not chunk:
                raise ValueError("pagefind stopped before it answered")
            buffer.extend(chunk)
            end = buffer.find(b",")
        raw = bytes(buffer[:end])
        del buffer[: end + 1]
        payload: dict[str, Any] = json.loads(base64.b64decode(raw))["payload"]
        if payload.get("type") != expected:
            raise ValueError(payload.get("message") or f"unexpected answer {payload.get('type')}")
        return payload

    send.write(message(0, {"type": "NewIndex", "config": {"force_language": language}}))
    send.flush()
    index_id = answer("NewIndex")["index_id"]

    def write_records() -> None:
        try:
            for number, record in enumerate(found, start=1):
                payload = {
                    "type": "AddRecord",
                    "index_id": index_id,
                    "url": record.url,
                    "content": record.content,
                    "language": language,
                    "meta": dict(record.meta),
                    "filters": {k: list(v) for k, v in record.filters.items() if v},
                    "sort": dict(record.sort),
                }
                send.write(message(number, payload))
            send.flush()
        except OSError:
            pass  # the reader reports that pagefind stopped

    writer = threading.Thread(target=write_records, daemon=True)
    writer.start()
    for _ in found:
        answer("IndexedFile")
    writer.join()
    send.write(message(len(found) + 1, {"type": "GetFiles", "index_id": index_id}))
    send.flush()
    return _bundle(answer("GetFiles")["files"])


def _bundle(files: list[dict[str, Any]]) -> dict[str, bytes]:
    """The files of a `GetFiles` answer, by path; `ValueError` for a path that would leave
    the index's folder, content that is not base64, or a bundle without its essential files."""
    bundle: dict[str, bytes] = {}
    for file in files:
        path = str(file["path"]).replace("\\", "/")
        parts = path.split("/")
        if not path or path.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise ValueError(f"it named a file outside the index: {path!r}")
        bundle[path] = base64.b64decode(file["content"], validate=True)
    missing = [name for name in _ESSENTIAL if name not in bundle]
    if missing:
        raise ValueError(f"its index lacks {', '.join(missing)}")
    return bundle
