"""A quoted span against a later version of its source (compare.py; SPEC §8 `later`): the words
are never re-attached elsewhere; what changed is reported as unchanged, moved, changed or gone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.compare import compare
from generator.snapshots import Snapshot

BEFORE = "Intro words here. China poses a challenge to our values and security. More follows.\n"
WORDS = "China poses a challenge to our values and security"


def _compare(later: str) -> tuple[str, str | None]:
    quoted = Snapshot.from_text("q.txt", BEFORE)
    start = BEFORE.index(WORDS)
    found = compare(quoted, ((start, start + len(WORDS)),), Snapshot.from_text("l.txt", later))
    return found.status, found.exact


def test_the_same_page_is_unchanged_even_with_a_paragraph_added_before() -> None:
    assert _compare(BEFORE) == ("unchanged", None)
    assert _compare("A new first paragraph.\n\n" + BEFORE) == ("unchanged", None)


def test_the_words_elsewhere_are_moved() -> None:
    assert _compare(f"Other text. Then: {WORDS}! Then the end.\n")[0] == "moved"


def test_a_softened_quote_is_changed_with_what_it_reads_now() -> None:
    later = BEFORE.replace("a challenge", "a problem").replace("security", "safety")
    assert _compare(later) == ("changed", "China poses a problem to our values and safety")


def test_a_removed_passage_is_gone() -> None:
    assert _compare(BEFORE.replace(WORDS + ". ", ""))[0] == "gone"
    assert _compare("Nothing at all in common.\n")[0] == "gone"


def test_words_inside_a_longer_word_are_not_the_words() -> None:
    later = BEFORE.replace("security", "securityx")
    assert _compare(later)[0] == "changed"  # never moved to a place that cuts a word


WORD = st.text(alphabet="abcdefghij", min_size=1, max_size=6)
TEXT = st.lists(WORD, min_size=0, max_size=30).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(TEXT, TEXT)
def test_words_that_survive_once_are_unchanged_or_moved(before: str, after: str) -> None:
    """Whenever the quoted words are in the new text once and only once (on whole words), the
    status is unchanged or moved: never changed, never gone."""
    later = f"{before} {WORDS} {after}".strip() + "\n"
    assert later.count(WORDS) == 1
    assert _compare(later)[0] in ("unchanged", "moved")
