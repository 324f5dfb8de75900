"""Addresses made from names (SPEC §10): readable in every script, and permanent.

A claimant's page lives at `/claimants/<address>/`, and the address is a function of the name
alone, so that adding or removing other claimants never moves a page and never breaks a link
to it. Letters of the Latin script are transliterated to ASCII by `anyascii` (`José Pérez`,
`jose-perez`; `Łukasz`, `lukasz`), as newsrooms write such addresses; letters and digits of
every other script stay as they are (`владимир-путин`, `محمد-بن-سلمان`, `नरेंद्र-मोदी`), lowercased
where the script has case, with their combining marks, so that a reader of that script can
read the address; anything else separates words. Browsers show such an address as typed, and
every link carries it percent-encoded.

Two names that differ only in case, accents or punctuation have one address: one person
spelled two ways. `spelling_problems` warns about it, and the claimant's page lists both
spellings. An address taken by an index page, or one too long for a file name, gets a short
hash of the whole readable form, and a name with no letter or digit one of the name itself:
still functions of the name.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

import regex
from anyascii import anyascii

from .model import Claim, Problem

#: Addresses under /claimants/ that generated pages other than a claimant's own use.
RESERVED = frozenset({"index"})
#: An address longer than this (in UTF-8 bytes) is cut and given a hash: a file name holds 255.
MAX_BYTES = 120

_CLUSTER = regex.compile(r"\X")
_LATIN = regex.compile(r"\p{Script=Latin}")
_WORD_CHAR = regex.compile(r"[\p{L}\p{N}\p{M}]")
_NOT_ASCII_WORD = re.compile(r"[^a-z0-9]+")
_DASHES = re.compile(r"-{2,}")


def _hash(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]


def readable(name: str) -> str:
    """The name as words joined by `-`: Latin letters in ASCII, every other script as itself."""
    out: list[str] = []
    for cluster in _CLUSTER.findall(unicodedata.normalize("NFKC", name)):
        if _LATIN.match(cluster):
            out.append(_NOT_ASCII_WORD.sub("-", anyascii(cluster).lower()))
        elif _WORD_CHAR.match(cluster):
            out.append("".join(_WORD_CHAR.findall(cluster)).lower())
        else:
            out.append("-")
    return _DASHES.sub("-", "".join(out)).strip("-")


def claimant_address(name: str) -> str:
    """The address of the page of the claimant `name`, from the name alone."""
    slug = readable(name)
    if not slug:
        return f"claimant-{_hash(name)}"
    if len(slug.encode("utf-8")) > MAX_BYTES:
        clusters = _CLUSTER.findall(slug)
        cut: list[str] = []
        size = 0
        for cluster in clusters:
            size += len(cluster.encode("utf-8"))
            if size > MAX_BYTES - 9:
                break
            cut.append(cluster)
        return "".join(cut).rstrip("-") + f"-{_hash(slug)}"
    if slug in RESERVED:
        return f"{slug}-{_hash(slug)}"
    return slug


def spellings(names: Iterable[tuple[str, int]]) -> dict[str, str]:
    """For each name, the spelling its page is titled with: of the names that share its
    address, the one most claims use (then the first in code-point order). `names` are
    (name, number of claims) pairs."""
    by_address: dict[str, list[tuple[int, str]]] = {}
    for name, count in names:
        by_address.setdefault(claimant_address(name), []).append((-count, name))
    chosen: dict[str, str] = {}
    for group in by_address.values():
        main = min(group)[1]
        for _, name in group:
            chosen[name] = main
    return chosen


def spelling_problems(claims: Iterable[Claim]) -> list[Problem]:
    """A warning on every claim whose claimant is spelled otherwise than the same claimant
    elsewhere (the names give one address): they share one page, which one spelling titles."""
    claims = sorted(claims, key=lambda c: c.where.path)
    counts = Counter(c.claimant for c in claims)
    main = spellings(counts.items())
    first: dict[str, Claim] = {}
    for claim in claims:
        first.setdefault(claim.claimant, claim)
    problems = []
    for claim in claims:
        spelled = main[claim.claimant]
        if spelled == claim.claimant:
            continue
        other = first[spelled]
        pos = claim.where.at("claimant")
        problems.append(
            Problem(
                claim.where.path,
                pos.line,
                pos.column,
                "warning",
                "claimant-spelling",
                f"the claimant {json.dumps(claim.claimant, ensure_ascii=False)} is spelled "
                f"{json.dumps(spelled, ensure_ascii=False)} in {other.where.path}:"
                f"{other.where.at('claimant').line}; both have the address "
                f"/claimants/{claimant_address(spelled)}/, one page",
                f"write the name as in {other.where.path}, or tell the people apart by more "
                "than case, accents or punctuation",
            )
        )
    return problems
