"""Property: any substring of any text resolves to ranges whose text folds to what was asked."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.model import Located, SpanRef
from generator.resolve import Resolution, needle, resolve
from generator.snapshots import Snapshot
from generator.text import FoldedText, canonical_str, fold

# Text made of what real snapshots contain, weighted to the characters folding treats specially.
ALPHABET = st.sampled_from(
    [
        *"abcab AB.,'\"-\n",
        *("\u2019", "\u201c", "\u201d", "\u2014", "\u2013", "\u2026", "\u00a0", "\u2009", "\t"),
        *("\u00ad", "\u200b", "\u200d", "\ufeff", "\r", "\U0001f600", "e\u0301", "\u00e9"),
    ]
)
TEXTS = st.lists(ALPHABET, min_size=1, max_size=60).map("".join)


def _span(exact: str, start: int) -> SpanRef:
    return SpanRef(0, "s", exact, Located("claims/c.yml", {}), start=start)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.data())
def test_any_substring_resolves_to_text_that_folds_back(raw: str, data: st.DataObject) -> None:
    snapshot = Snapshot.from_text("sources/s.txt", raw)
    canonical = snapshot.canonical
    assume(canonical)
    start = data.draw(st.integers(0, len(canonical) - 1))
    end = data.draw(st.integers(start + 1, len(canonical)))
    substring = canonical[start:end]
    wanted = needle(substring)
    assume(wanted)
    result = resolve(_span(substring, start), snapshot)
    assert isinstance(result, Resolution), result
    found = "".join(canonical[s:e] for s, e in result.ranges)
    assert fold(canonical_str(found)).strip() == wanted


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


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.data())
def test_without_a_hint_a_substring_resolves_or_is_reported_ambiguous(
    raw: str, data: st.DataObject
) -> None:
    snapshot = Snapshot.from_text("sources/s.txt", raw)
    canonical = snapshot.canonical
    assume(canonical)
    start = data.draw(st.integers(0, len(canonical) - 1))
    end = data.draw(st.integers(start + 1, len(canonical)))
    wanted = needle(canonical[start:end])
    assume(wanted)
    result = resolve(SpanRef(0, "s", canonical[start:end], Located("c.yml", {})), snapshot)
    occurrences = sum(
        1 for i in range(len(snapshot.text.folded)) if snapshot.text.folded.startswith(wanted, i)
    )
    if occurrences == 1:
        assert isinstance(result, Resolution)
        found = "".join(canonical[s:e] for s, e in result.ranges)
        assert fold(canonical_str(found)).strip() == wanted
    else:
        assert not isinstance(result, Resolution)
        assert result.code == "ambiguous"
        assert f"{occurrences} times" in result.message or occurrences == 2
