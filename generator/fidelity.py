"""How faithfully a source reproduces a quote (SPEC §5), and the word diff that shows it.

The words a source attributes to the claimant (its ranges, joined) are compared with the quote's
canonical text, word by word, on folded words. An elision mark the source prints is a token of
its own; quote words that stand against nothing but elision marks were *marked* omissions.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

from rapidfuzz.distance import Indel

from .model import DiffKind, DiffOp, Fidelity
from .text import ELISION, fold

#: Stands for an elision mark in the comparison keys.
ELIDED = "\x00..."
_END_PUNCTUATION = string.punctuation + " "
# Elision marks as a source may print them, before folding: … [...] [ … ] . . . ....
_MARK = r"\[\s?(?:\u2026|(?:\.\s?){2,}\.)\s?\]|\u2026|(?:\.\s?){2,}\."
_TOKEN = re.compile(rf"{_MARK}|(?:(?!{_MARK})\S)+")


def tokens(text: str) -> list[str]:
    """Words as printed (canonical form), each elision mark a token of its own.

    Words made only of invisible characters are dropped: folding would erase them anyway.
    """
    return _words_and_keys(text, trim=False)[0]


def _words_and_keys(text: str, *, trim: bool = True) -> tuple[list[str], list[str]]:
    """The printed words and, parallel to them, the folded keys they are compared by.

    With `trim`, punctuation at the ends of the quote and the case of its first letter do not
    count: punctuation-only tokens at the ends are dropped and the end keys are normalised.
    """
    words: list[str] = []
    keys: list[str] = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        key = fold(word)
        if key:
            words.append(word)
            keys.append(ELIDED if ELISION.fullmatch(key) else key)
    if not trim:
        return words, keys
    while keys and keys[0] != ELIDED and not keys[0].strip(_END_PUNCTUATION):
        del words[0], keys[0]
    while keys and keys[-1] != ELIDED and not keys[-1].strip(_END_PUNCTUATION):
        del words[-1], keys[-1]
    if keys and keys[0] != ELIDED:
        first = keys[0].lstrip(_END_PUNCTUATION)
        keys[0] = first[:1].lower() + first[1:]
    if keys and keys[-1] != ELIDED:
        keys[-1] = keys[-1].rstrip(_END_PUNCTUATION)
    return words, keys


def compare(
    quote_text: str, source_parts: Sequence[str], gaps: Sequence[str] = ()
) -> tuple[Fidelity, tuple[DiffOp, ...]]:
    """Fidelity of the source's words (`source_parts`: the text of each range) to the quote,
    and the word diff (empty when verbatim).

    `gaps` are the texts between consecutive ranges. A gap is usually the source's narration
    ("… the NATO chief stated, …") and is left out. But an editor may also elide words that the
    source does print; a gap whose words the quote has at that place counts as quoted, so that
    the editor's cut is not blamed on the source.
    """
    if fold(quote_text).strip() == fold(" ".join(source_parts)).strip():
        return "verbatim", ()  # the common case, decided without tokenising
    quote_words, quote_keys = _words_and_keys(quote_text)
    best: tuple[int, Fidelity, tuple[DiffOp, ...]] | None = None
    included = [False] * len(gaps)
    for i in range(len(gaps) + 1):  # greedy: try each gap in turn, keep it when it helps
        if i > 0:
            included[i - 1] = True
        pieces: list[str] = []
        for j, part in enumerate(source_parts):
            pieces.append(part)
            if j < len(gaps) and included[j]:
                pieces.append(gaps[j])
        source_words, source_keys = _words_and_keys(" ".join(pieces))
        if source_keys == quote_keys:
            return "verbatim", ()
        fidelity, diff = _classify(quote_words, source_words, quote_keys, source_keys)
        cost = sum(len(op.quote) + len(op.source) for op in diff if op.kind != "equal")
        if best is None or cost < best[0]:
            best = (cost, fidelity, diff)
        elif i > 0:
            included[i - 1] = False
    assert best is not None
    return best[1], best[2]


def _classify(
    quote_words: list[str], source_words: list[str], quote_keys: list[str], source_keys: list[str]
) -> tuple[Fidelity, tuple[DiffOp, ...]]:
    ops: list[DiffOp] = []
    altered = trimmed = False
    pending_q: list[str] = []
    pending_s: list[str] = []
    pending_s_keys: list[str] = []

    def flush() -> None:
        nonlocal altered, trimmed
        if not pending_q and not pending_s:
            return
        marks_only = bool(pending_s_keys) and all(k == ELIDED for k in pending_s_keys)
        if marks_only and pending_q:
            ops.append(DiffOp("elided", tuple(pending_q), tuple(pending_s)))
            trimmed = True
        elif marks_only:  # an elision mark with nothing left out: shown, but changes nothing
            ops.append(DiffOp("equal", (), tuple(pending_s)))
        else:
            kind: DiffKind = (
                "replace" if pending_q and pending_s else "delete" if pending_q else "insert"
            )
            ops.append(DiffOp(kind, tuple(pending_q), tuple(pending_s)))
            altered = True
        pending_q.clear()
        pending_s.clear()
        pending_s_keys.clear()

    for op in Indel.opcodes(quote_keys, source_keys):
        if op.tag == "equal":
            flush()
            ops.append(
                DiffOp(
                    "equal",
                    tuple(quote_words[op.src_start : op.src_end]),
                    tuple(source_words[op.dest_start : op.dest_end]),
                )
            )
            continue
        pending_q.extend(quote_words[op.src_start : op.src_end])
        pending_s.extend(source_words[op.dest_start : op.dest_end])
        pending_s_keys.extend(source_keys[op.dest_start : op.dest_end])
    flush()
    fidelity: Fidelity = "altered" if altered else "trimmed" if trimmed else "verbatim"
    return fidelity, tuple(ops)


def word_diff(ops: Sequence[DiffOp]) -> str:
    """The diff as one line of text, git's word-diff style: `[-quote words-]{+source words+}`."""
    out: list[str] = []
    for op in ops:
        if op.kind == "equal":
            out.append(" ".join(op.source or op.quote))
            continue
        if op.quote:
            out.append("[-" + " ".join(op.quote) + "-]")
        if op.source:
            out.append("{+" + " ".join(op.source) + "+}")
    return " ".join(part for part in out if part)
