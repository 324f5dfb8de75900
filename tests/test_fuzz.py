"""Property-based fuzzing of everything that reads what a user wrote: the YAML layer, the claim
and source loader, the resolver, ingest's extraction and pin's rewriting. No exception escapes
but the documented ones; every problem has a known code, a line and a column; every text that
is written loads again.

`python tests/fuzz_long.py --minutes 10` runs the same properties with many more examples.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from spancheck import cut

from generator.editor.authoring import PinError, _check_pinned, _with_sha
from generator.load import load_claim, load_source
from generator.model import PROBLEM_CODES, Located, Problem, SpanRef
from generator.readers import ReadError
from generator.readers.webpage import extract
from generator.resolve import Failure, Resolution, resolve
from generator.snapshots import Snapshot
from generator.yamlnodes import YamlError, parse_yaml

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    deadline=None,
)

# YAML-ish text: the syntax characters, indentation, keys of the formats, odd characters.
YAML_PIECES = [
    *("\n", "  ", "- ", ": ", "[", "]", "{", "}", ",", "#", "&a ", "*a", "!!str ", "|", ">"),
    *('"', "'", "\\x07", "\\e", "\\u202e", "\t", "\r", "\r\n", "\ufeff", "\x85", "\u2028"),
    *("title", "claim", "claimant", "verdict", "summary", "quotes", "text", "spans", "source"),
    *("exact", "start", "prefix", "suffix", "url", "date", "tags", "snapshot", "sha256"),
    *("accurate", "s", "2023-01-30", "2023-02-30", "99999999999999999999999", "-1", "0"),
    *("http://[::1", "https://example.org/a b", "null", "~", "yes", "no", "é", "\U0001f44d"),
]
YAML_TEXT = st.lists(st.sampled_from(YAML_PIECES), max_size=80).map("".join)
ROOT = Path("/nonexistent-site")


def _assert_problems(problems: list[Problem]) -> None:
    for problem in problems:
        assert problem.code in PROBLEM_CODES
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message


@FUZZ
@given(YAML_TEXT)
def test_the_yaml_layer_raises_only_yaml_errors_with_positions(text: str) -> None:
    try:
        node = parse_yaml(text)
    except YamlError as error:
        assert error.code in PROBLEM_CODES
        assert error.pos.line >= 1 and error.pos.column >= 1
    else:
        assert node.kind in ("map", "seq", "str", "int", "null")


@FUZZ
@given(YAML_TEXT)
def test_loading_any_claim_or_source_gives_problems_not_exceptions(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "claims").mkdir()
    path = root / "claims" / "c.yml"
    path.write_text(text, encoding="utf-8", newline="")
    problems: list[Problem] = []
    load_claim(root, "c", path, problems, ["accurate"])
    load_source(root, "c", path, problems)
    _assert_problems(problems)


SNAPSHOT_PIECES = [
    *"ab AB 15 20 .,'\"-\n",
    *("China", "poses", "a", "challenge", "\u2026", "[...]", "(\u2026)", "\u201c", "\u201d"),
    *("\u00ad", "\u200d", "\u202e", "\x1b[2J", "\U0001f44d\U0001f3fd", "q\u0307", "\u4e2d"),
    *("\ufb01", "\uff11", "\u0915\u094d\u0937"),
]
SNAPSHOT_TEXT = st.lists(st.sampled_from(SNAPSHOT_PIECES), max_size=60).map("".join)
QUOTE_TEXT = st.lists(st.sampled_from([*SNAPSHOT_PIECES, " ", " \u2026 "]), max_size=12).map(
    "".join
)


@FUZZ
@given(
    SNAPSHOT_TEXT,
    QUOTE_TEXT,
    st.none() | QUOTE_TEXT,
    st.none() | QUOTE_TEXT,
    st.none() | st.integers(-5, 400),
)
def test_the_resolver_never_raises_and_only_returns_whole_ranges(
    raw: str, exact: str, prefix: str | None, suffix: str | None, start: int | None
) -> None:
    snapshot = Snapshot.from_text("sources/s.txt", raw)
    span = SpanRef(0, "s", exact, Located("claims/c.yml", {}), prefix, suffix, start)
    result = resolve(span, snapshot)
    if isinstance(result, Resolution):
        assert result.ranges
        previous_end = 0
        for s, e in result.ranges:
            assert previous_end <= s < e <= len(snapshot.canonical)
            assert cut(snapshot.canonical, s, e) is None
            previous_end = e
    else:
        assert isinstance(result, Failure)
        assert result.code in PROBLEM_CODES and result.message


HTML_PIECES = [
    *("<p>", "</p>", "<div>", "</div>", "<article>", "</article>", "<br>", "<li>", "<ol>"),
    *("<script>x()</script>", "<style>p{}</style>", "<!-- hidden -->", "<![CDATA[hidden]]>"),
    *("<div hidden>", '<span style="display:none">', "</span>", "<template>t</template>"),
    *("<title>T\x07itle</title>", '<meta charset="windows-1252">', '<meta charset="nope">'),
    *('<link rel="canonical" href="http://[::1">', '<meta property="og:url" content="a b">'),
    *("words ", "China poses a challenge ", "\x1b[31m", "\x00", "&amp;", "&#0;", "&#x1b;"),
]
HTML_TEXT = st.lists(st.sampled_from(HTML_PIECES), max_size=40).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "windows-1252", "utf-16", "latin-1", "shift_jis"])


@FUZZ
@given(HTML_TEXT, ENCODINGS, st.binary(max_size=20))
def test_ingest_extracts_clean_text_or_refuses(html: str, encoding: str, noise: bytes) -> None:
    data = html.encode(encoding, errors="replace") + noise
    try:
        page = extract(data)
    except ReadError:
        return
    assert page.text.endswith("\n")
    if "\ufffd" in page.text:  # never silently: the page had it, and the notes say so
        assert any("U+FFFD" in note for note in page.notes)
    for hidden in ("x()", "p{}", "hidden", "\x1b", "\x00"):
        assert hidden not in page.text
    for value in (page.title, page.publisher, *page.authors):
        assert value is None or (value.isprintable() and value == value.strip())


SHA = "0123456789abcdef" * 4
PIN_PIECES = [
    *("title: t", "sha256:", "sha256: x", 'sha256: "x"', "sha256: 'x'", "sha256: |\n  x"),
    *("sha256: >-\n  x\n", "sha256:\n  x", "  # comment", "notes: n", "\n", "\r\n", "\r"),
    *("\ufeff", "snapshot: s.txt", "tags: [a, b]"),
]
PIN_TEXT = st.lists(st.sampled_from(PIN_PIECES), max_size=12).map("".join)


@FUZZ
@given(PIN_TEXT)
def test_pin_changes_only_the_value_or_refuses(text: str) -> None:
    try:
        before = parse_yaml(text.removeprefix("\ufeff"))
    except YamlError:
        before = None
    assume(before is not None and before.kind == "map")
    try:
        new = _with_sha(text, SHA)
        _check_pinned(new, SHA, text)
    except PinError:
        return
    after = parse_yaml(new.removeprefix("\ufeff"))
    assert after.value["sha256"].text() == SHA
    # every other character is where it was: the texts differ in one stretch only
    head = 0
    while head < min(len(text), len(new)) and text[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(text), len(new)) - head and text[-1 - tail] == new[-1 - tail]:
        tail += 1
    assert SHA in new[head : len(new) - tail] or "sha256" not in before.value
