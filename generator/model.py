"""The typed model every stage shares: what was loaded, what was resolved, what went wrong.

Loading fills `Source`, `Claim`, `Quote` and `SpanRef` from YAML; resolving turns each `SpanRef`
into a `ResolvedSpan`; every stage reports `Problem` values instead of raising.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from .i18n import N_

Severity = Literal["error", "warning"]
Fidelity = Literal["verbatim", "trimmed", "altered", "translated", "unchecked"]


@dataclass(frozen=True, slots=True)
class FidelityKind:
    """What a fidelity (SPEC §5) is, for every output: its name, how pages name it and say what
    it means (catalog messages), how far the source's words stand from the words as said
    (`severity`: a source or quote showing several shows its worst), whether the words were
    compared word by word, and the token of its colour in the style sheet (`--fc-<colour>`,
    `--fc-tint-<colour>`)."""

    name: Fidelity
    label: str
    meaning: str
    severity: int
    compared: bool
    colour: str


#: Every fidelity, in the order pages list them; the one table every output reads.
FIDELITY_TABLE: tuple[FidelityKind, ...] = (
    FidelityKind(
        "verbatim", N_("Verbatim"), N_("the source prints the same words"), 1, True, "verbatim"
    ),
    FidelityKind(
        "trimmed",
        N_("Trimmed"),
        N_("the source leaves words out and marks each omission with an ellipsis"),
        3,
        True,
        "trimmed",
    ),
    FidelityKind(
        "altered",
        N_("Altered"),
        N_("the source adds, drops or replaces words without marking it"),
        4,
        True,
        "altered",
    ),
    FidelityKind(
        "translated",
        N_("Translated"),
        N_(
            "the source prints the words in another language: located exactly, not compared "
            "word by word"
        ),
        2,
        False,
        "translated",
    ),
    FidelityKind(
        "unchecked",
        N_("Unchecked"),
        N_("no copy of this source is stored, so the words could not be checked"),
        0,
        False,
        "unchecked",
    ),
)
#: The fidelities, in the order pages list them.
FIDELITIES: tuple[Fidelity, ...] = tuple(kind.name for kind in FIDELITY_TABLE)
#: Each fidelity's row of the table.
FIDELITY: Mapping[str, FidelityKind] = {kind.name: kind for kind in FIDELITY_TABLE}
#: The fidelities of words compared word by word with the quote (verbatim, trimmed, altered).
COMPARED: tuple[Fidelity, ...] = tuple(kind.name for kind in FIDELITY_TABLE if kind.compared)
#: The fidelities of a stored text, least faithful first ("verbatim" is said of a source only
#: when it prints every quote so).
WORST_FIRST: tuple[Fidelity, ...] = tuple(
    kind.name
    for kind in sorted(FIDELITY_TABLE, key=lambda kind: -kind.severity)
    if kind.name != "unchecked"
)
DiffKind = Literal["equal", "replace", "delete", "insert", "elided"]

#: Every problem code, with the one-line meaning the docs print (SPEC §7).
PROBLEM_CODES: Mapping[str, str] = {
    "yaml-syntax": "the file is not valid YAML (or not UTF-8, or nests or repeats too much)",
    "duplicate-key": "a key appears twice in one mapping; YAML would silently keep the last",
    "unknown-field": "a field the format does not have (often a typo)",
    "missing-field": "a required field is absent or empty",
    "placeholder": "a value still holds the TODO text that `new` writes for an editor to replace",
    "bad-value": "a value of the wrong type or form (date, URL, list, number, enum)",
    "bad-id": "a file name that is not a valid id",
    "duplicate-id": "two files give the same id",
    "unknown-source": "a span or derived_from names a source that does not exist",
    "unknown-claim": "related names a claim that does not exist",
    "unknown-verdict": "a verdict outside the rating scale",
    "claimant-spelling": "a claimant spelled two ways that give one address (a warning)",
    "possibly-checked": "a claim looks like another one it does not name in `related` (a warning)",
    "no-snapshot": "a span gives start, prefix or suffix in a source that has no snapshot to check",
    "snapshot-missing": "the snapshot file does not exist",
    "snapshot-outside": "the snapshot path leaves sources/ (.., absolute path, or symlink)",
    "snapshot-format": "a timed transcript (.vtt, .srt) that cannot be read as one",
    "snapshot-encoding": "the snapshot is not valid UTF-8",
    "snapshot-changed": "the snapshot's text no longer matches its recorded sha256",
    "ambiguous": "the quoted words occur more than once and nothing tells which is meant",
    "not-found": "the quoted words do not occur in the snapshot",
    "elision-gap": "more than 400 code points lie between two parts of an elided quote",
    "file-outside": "a claim or source file is a link to a file outside the site",
    "not-a-file": "a claim, source or snapshot path is a folder, device, FIFO or socket",
    "too-large": "a file is larger than the configured limit",
    "unreadable": "a file or folder exists but cannot be read (permissions, broken link)",
}


@dataclass(frozen=True, slots=True)
class Pos:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong, where it is (path relative to the site, line, column), its code from
    `PROBLEM_CODES`, a message, and a hint when there is a fix to suggest."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str | None = None

    def __post_init__(self) -> None:
        assert self.code in PROBLEM_CODES, self.code

    def sort_key(self) -> tuple[str, int, int, str]:
        """Problems are reported by file, then position, then code."""
        return (self.path, self.line, self.column, self.code)


@dataclass(frozen=True, slots=True)
class Located:
    """Where each field of a loaded object was written; `""` is the object itself."""

    path: str
    positions: Mapping[str, Pos]

    def at(self, name: str = "") -> Pos:
        """Where the field `name` was written (the object itself when it was not)."""
        return self.positions.get(name) or self.positions.get("") or Pos(1, 1)


@dataclass(frozen=True, slots=True)
class Derivation:
    """How a source was made from another: `source` id and `relation` (SPEC §2)."""

    source: str
    relation: str


@dataclass(frozen=True, slots=True)
class Capture:
    """The web archive a snapshot was extracted from (SPEC §2): the archive `file` (a .warc,
    .warc.gz or .wacz beside the YAML file, as written there), the captured `url`, its `time`
    (ISO 8601, from WARC-Date) and the response payload's `digest` (`sha256:…`, or as the
    archive states it)."""

    file: str
    url: str
    time: str
    digest: str
    where: Located | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Version:
    """A later version of a source's document (SPEC §2): its own snapshot, when it was
    retrieved, its capture, and the checksum of its text. Spans never resolve in it: each is
    compared with it (`later`)."""

    snapshot: str
    retrieved: dt.date | None = None
    capture: Capture | None = None
    sha256: str | None = None
    where: Located | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Source:
    """A source document as its YAML file describes it (SPEC §2)."""

    id: str
    title: str
    where: Located
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    archive_url: str | None = None
    published: dt.date | None = None
    retrieved: dt.date | None = None
    type: str = "article"
    language: str = "en"
    snapshot: str | None = None  # path relative to the site root, checked to lie in sources/
    sha256: str | None = None
    derived_from: tuple[Derivation, ...] = ()
    notes: str | None = None
    capture: Capture | None = None
    versions: tuple[Version, ...] = ()

    @property
    def cited_only(self) -> bool:
        """Whether the source has no stored text, so that no span in it can be checked."""
        return self.snapshot is None


@dataclass(frozen=True, slots=True)
class SpanRef:
    """A span as the editor wrote it: which source, and how to find the words there."""

    index: int
    source: str
    exact: str
    where: Located
    prefix: str | None = None
    suffix: str | None = None
    start: int | None = None
    note: str | None = None
    #: Whether the editor wrote `exact`; if not, it is the words the span is compared with.
    exact_given: bool = True


@dataclass(frozen=True, slots=True)
class Original:
    """The words of a quote in the language the claimant said them in (SPEC §3)."""

    language: str
    text: str


@dataclass(frozen=True, slots=True)
class Quote:
    """One quote of a claim: the canonical wording, in the claim's language, the words as said
    when they were said in another language, and the spans where sources print it."""

    index: int
    text: str
    spans: tuple[SpanRef, ...]
    where: Located
    original: Original | None = None


@dataclass(frozen=True, slots=True)
class Correction:
    """A dated correction of a claim's fact-check."""

    date: dt.date
    note: str


@dataclass(frozen=True, slots=True)
class ImportedFrom:
    """Where an imported fact-check was first published (SPEC §3 `imported_from`)."""

    url: str
    publisher: str


@dataclass(frozen=True, slots=True)
class Claim:
    """A claim as its YAML file states it (SPEC §3)."""

    id: str
    title: str
    claim: str
    claimant: str
    verdict: str
    summary: str
    quotes: tuple[Quote, ...]
    where: Located
    claimant_role: str | None = None
    date: dt.date | None = None
    analysis: str | None = None
    provenance: str | None = None
    tags: tuple[str, ...] = ()
    published: dt.date | None = None
    updated: dt.date | None = None
    corrections: tuple[Correction, ...] = ()
    related: tuple[str, ...] = ()
    #: BCP 47 tag of the claim's own text (title, claim, summary, quotes' text).
    language: str = "en"
    imported_from: ImportedFrom | None = None


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One step of a word diff from the quote's canonical words to the words a source prints.

    `elided`: quote words the source leaves out and marks with an elision (`…`).
    """

    kind: DiffKind
    quote: tuple[str, ...] = ()
    source: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ResolvedSpan:
    """A span checked against its snapshot: the verified ranges, the fidelity and the diff;
    `unchecked`, without ranges, for a source that has no snapshot."""

    claim: str
    quote: int
    span: int
    source: str
    fidelity: Fidelity
    ranges: tuple[tuple[int, int], ...] = ()  # [start, end) code points in the canonical text
    line: int | None = None  # of the first range, 1-based
    column: int | None = None
    how: str = ""  # start | unique | context | nearest-start | "" when unchecked
    diff: tuple[DiffOp, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Verdict:
    """One step of the rating scale (SPEC §6); `rating` is ClaimReview's ratingValue.

    `label` and `description` are a site's own words, shown as written, unless `from_catalog`:
    the default scale's words, which the generator writes and translates (`ratings.py`)."""

    key: str
    label: str
    description: str
    rating: int
    from_catalog: bool = False
