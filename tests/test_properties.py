"""Properties of resolving, against the independent reading of SPEC §4 in spancheck.py:

- a substring that starts and ends on whole words and whole characters resolves to exactly
  its range;
- a substring cut inside a word or a character never resolves there, and nothing ever resolves
  to a range that cuts one;
- whatever resolves is text that folds to the words asked for;
- the boundary prefilter agrees with a full scan of grapheme clusters.
"""

from __future__ import annotations

import regex
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from spancheck import cut

from generator.boundaries import Boundaries
from generator.hints import closest_passage
from generator.model import Located, SpanRef
from generator.resolve import Resolution, needle, resolve
from generator.snapshots import Snapshot
from generator.text import ELISION, INVISIBLE, FoldedText, canonical_str, fold

# Text made of what real snapshots contain, weighted to what folding and the boundary rules
# treat specially: numbers, combining marks, emoji with modifiers and joiners, flags, scripts
# written without spaces, an Indic virama, ligatures, full-width forms, invisible controls.
PIECES = [
    *"abcab AB 15 20 0.,'\"-%\n",
    *("\u2019", "\u201c", "\u201d", "\u2014", "\u2026", "\u00a0", "\t", "\r"),
    *("e\u0301", "q\u0307", "\u0301", "\u00e9"),
    *("\U0001f44d", "\U0001f3fd", "\u200d", "\U0001f468", "\U0001f1eb", "\U0001f1f7"),
    *("\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",),
    *("\u6771", "\u4eac", "\u0e01", "\u0e02", "\u0e31", "\u0915", "\u094d", "\u0937"),
    *("\ufb01", "\uff11", "\uff21", "[...]", "(\u2026)", ". . ."),
    *("\u202b", "\u200e", "\u00ad", "\u200b", "\u2060", "\u200c", "\ufeff"),
]
TEXTS = st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join)
_VISIBLE_EDGE = regex.compile(r"[^\s\p{Cf}]")


def _span(exact: str, start: int | None = None) -> SpanRef:
    return SpanRef(0, "s", exact, Located("claims/c.yml", {}), start=start)


def _range(data: st.DataObject, canonical: str) -> tuple[int, int]:
    start = data.draw(st.integers(0, len(canonical) - 1))
    end = data.draw(st.integers(start + 1, len(canonical)))
    return start, end


def _snapshot_and_range(raw: str, data: st.DataObject) -> tuple[Snapshot, str, int, int]:
    """A snapshot of `raw`, its canonical text, and a non-empty range of it."""
    snapshot = Snapshot.from_text("sources/s.txt", raw)
    assume(snapshot.canonical)
    return snapshot, snapshot.canonical, *_range(data, snapshot.canonical)


@settings(
    max_examples=600,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(TEXTS, st.data())
def test_a_whole_substring_resolves_to_exactly_its_range(raw: str, data: st.DataObject) -> None:
    snapshot, canonical, start, end = _snapshot_and_range(raw, data)
    # Words start and end with something visible (white space and invisible characters at the
    # ends of `exact` are not part of the words).
    assume(_VISIBLE_EDGE.match(canonical[start]) and _VISIBLE_EDGE.match(canonical[end - 1]))
    assume(cut(canonical, start, end) is None)
    result = resolve(_span(canonical[start:end], start), snapshot)
    assert isinstance(result, Resolution), result
    assert result.ranges == ((start, end),)


@settings(
    max_examples=600,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(TEXTS, st.data())
def test_a_cut_substring_never_resolves_there(raw: str, data: st.DataObject) -> None:
    snapshot, canonical, start, end = _snapshot_and_range(raw, data)
    assume(cut(canonical, start, end) is not None)
    assume(needle(canonical[start:end]))
    for span in (_span(canonical[start:end], start), _span(canonical[start:end])):
        result = resolve(span, snapshot)
        if isinstance(result, Resolution):
            assert (start, end) not in result.ranges
            for s, e in result.ranges:  # it may resolve elsewhere, on whole words
                assert cut(canonical, s, e) is None, (s, e)


@settings(
    max_examples=400,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(TEXTS, st.data())
def test_whatever_resolves_is_whole_and_folds_to_the_words(raw: str, data: st.DataObject) -> None:
    snapshot, canonical, start, end = _snapshot_and_range(raw, data)
    wanted = needle(canonical[start:end])
    assume(wanted)
    result = resolve(_span(canonical[start:end]), snapshot)
    if isinstance(result, Resolution):
        for s, e in result.ranges:
            assert cut(canonical, s, e) is None, (s, e)
        if not ELISION.search(wanted):  # an elided quote resolves to its segments
            ((s, e),) = result.ranges
            assert fold(canonical_str(canonical[s:e])).strip() == wanted
    else:
        assert result.code in ("ambiguous", "not-found", "elision-gap")


@settings(max_examples=300)
@given(TEXTS)
def test_folded_and_canonical_stay_in_step(raw: str) -> None:
    text = FoldedText.of(canonical_str(raw))
    assert text.folded == fold(text.canonical)
    for i in range(len(text.folded)):
        start = text.to_canonical_start(i)
        end = text.to_canonical_end(i + 1)
        assert 0 <= start < end <= len(text.canonical)
        # each folded character comes from the canonical characters it maps to
        assert text.folded[i] in fold(text.canonical[start:end]) or text.folded[i] == " "
    assert not set(INVISIBLE) & set(text.folded)


@settings(max_examples=300)
@given(TEXTS)
def test_the_grapheme_prefilter_agrees_with_a_full_scan(raw: str) -> None:
    canonical = canonical_str(raw)
    starts = {0, len(canonical)}
    position = 0
    for cluster in regex.findall(r"\X", canonical, flags=regex.DOTALL):
        position += len(cluster)
        starts.add(position)
    bounds = Boundaries(FoldedText.of(canonical))
    assert {p for p in range(len(canonical) + 1) if bounds.is_grapheme_boundary(p)} == starts


WORDY = st.lists(
    st.sampled_from(
        [*PIECES, "China ", "poses ", "a ", "challenge ", "\u4e2d\u56fd", "\u0915\u094d\u0937"]
    ),
    min_size=8,
    max_size=60,
).map("".join)


@settings(
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(WORDY, st.data())
def test_the_closest_passage_hint_is_whole_words_and_characters(
    raw: str, data: st.DataObject
) -> None:
    snapshot = Snapshot.from_text("sources/s.txt", raw)
    canonical = snapshot.canonical
    start, end = _range(data, canonical)
    wanted = needle(canonical[start:end] + " poses a challenge")
    passage = closest_passage(wanted, snapshot)
    if passage is not None:
        assert cut(canonical, passage.start, passage.end) is None, passage
        assert passage.printed == canonical[passage.start : passage.end]
        # no white space at its ends, unless it carries a combining mark (one character)
        assert passage.printed.strip()
        assert not passage.printed[-1].isspace()
        assert not passage.printed[0].isspace() or cut(canonical, passage.start + 1, passage.end)
