"""Recordings and paged documents as sources (SPEC §2, §4, §8): a WebVTT or SubRip transcript
becomes canonical text a cue a line, each span knows its time; a plain text with form feeds has
pages; claims.json and the claim page say where, and link the original's page or moment."""

from __future__ import annotations

import json
import time

import pytest
from conftest import SiteMaker
from hypothesis import given
from hypothesis import strategies as st
from sitebuild import MKDOCS_YML, article, mkdocs_build, page

from generator.check import Layout, check_site
from generator.outputs.render import moment_url
from generator.readers.captions import TranscriptError, clock, read_transcript
from generator.snapshots import Snapshot

VTT = """WEBVTT

00:12:30.000 --> 00:12:34.500
<v Minister>We will not raise taxes &amp; we
will not cut pensions.</v>

00:12:34.500 --> 00:12:38.000
will not cut pensions.
<i>That is</i> our promise.

00:12:38.000 --> 00:12:39.000
That is our promise.
"""
SRT = """1
00:00:01,000 --> 00:00:03,250
<i>Bonjour</i> à tous

2
00:00:03,500 --> 00:00:05,000
merci d&#39;être là
"""


def test_a_webvtt_transcript_is_a_cue_a_line_with_rolling_captions_once() -> None:
    transcript = read_transcript(VTT, ".vtt")
    assert transcript.text == (
        "We will not raise taxes & we will not cut pensions.\nThat is our promise.\n"
    )
    assert [(c.begins, c.ends) for c in transcript.cues] == [(750.0, 754.5), (754.5, 758.0)]
    start = transcript.text.index("our promise")
    assert transcript.time_of(start, start + 11) == (754.5, 758.0)
    assert transcript.time_of(0, transcript.text.index("That") + 4) == (750.0, 758.0)
    assert clock(754.5) == "12:34" and clock(3725) == "1:02:05"


def test_a_subrip_transcript_decodes_tags_and_entities() -> None:
    transcript = read_transcript(SRT, ".srt")
    assert transcript.text == "Bonjour à tous\nmerci d'être là\n"
    assert transcript.cues[1].begins == 3.5


@pytest.mark.parametrize(
    ("text", "suffix", "said"),
    [
        ("not captions at all", ".vtt", "not a WebVTT file"),
        ("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nbackwards\n", ".vtt", r"ends \(1 s\) before"),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<b></b>\n", ".vtt", "no cue with any text"),
        ("1\nnot a time\nhello\n", ".srt", "SubRip"),
    ],
)
def test_a_broken_transcript_says_why(text: str, suffix: str, said: str) -> None:
    with pytest.raises(TranscriptError, match=said):
        read_transcript(text, suffix)


def test_a_huge_transcript_is_read_in_linear_time() -> None:
    """Rolling captions are looked for in a cue's first lines only: two cues of 20,000 lines
    each would take minutes if every overlap were tried."""
    lines = "\n".join(f"line {i}" for i in range(20_000))
    cue = f"00:00:01.000 --> 00:00:02.000\n{lines}\n\n"
    started = time.perf_counter()
    transcript = read_transcript("WEBVTT\n\n" + cue + cue.replace("01.000", "02.000", 1), ".vtt")
    assert time.perf_counter() - started < 20
    assert len(transcript.cues) == 2


@given(
    st.lists(
        st.sampled_from(["uno", "dos tres", "<b>cuatro</b>", "&amp;", ""]), min_size=1, max_size=12
    )
)
def test_every_offset_maps_to_its_own_cue(lines: list[str]) -> None:
    body = "".join(
        f"00:00:{i:02d}.000 --> 00:00:{i:02d}.500\ncue{i} {line}\n\n"
        for i, line in enumerate(lines)
    )
    transcript = read_transcript("WEBVTT\n\n" + body, ".vtt")
    for i, cue in enumerate(transcript.cues):
        assert transcript.text[cue.start : cue.end].split()[0] == f"cue{i}"
        for offset in range(cue.start, cue.end):
            assert transcript.time_of(offset, offset + 1) == (float(i), i + 0.5)


@given(st.lists(st.text(alphabet="ab \n", max_size=8), min_size=1, max_size=6), st.data())
def test_every_offset_is_on_the_page_after_as_many_form_feeds(
    pages: list[str], data: st.DataObject
) -> None:
    snapshot = Snapshot.from_text("sources/p.txt", "\f".join(pages) + "x")
    text = snapshot.canonical
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    found = snapshot.pages(start, end)
    if "\f" not in text:
        assert found is None
    else:
        assert found == (text[:start].count("\f") + 1, text[: end - 1].count("\f") + 1)


def test_a_moment_of_a_recording_has_an_address() -> None:
    assert moment_url("https://example.org/speech.mp4", 754.5, 758) == (
        "https://example.org/speech.mp4#t=754.5,758"
    )
    assert moment_url("https://www.youtube.com/watch?v=abc&t=10s", 754.5, 758) == (
        "https://www.youtube.com/watch?v=abc&t=754s"
    )
    assert moment_url("https://youtu.be/abc", 61, 62) == "https://youtu.be/abc?t=61s"


CLAIM = """
title: Two promises
claim: The minister promised not to raise taxes.
claimant: A minister
verdict: accurate
summary: In the recording and in the report.
quotes:
  - text: We will not raise taxes
    spans:
      - source: speech
  - text: our promise
    spans:
      - source: report
"""


def test_a_span_says_its_time_and_page_on_the_page_and_in_the_open_data(
    make_site: SiteMaker,
) -> None:
    root = make_site(
        {
            "mkdocs.yml": MKDOCS_YML,
            "docs/index.md": "# Home\n",
            "sources/speech.yml": (
                "title: The speech\ntype: video\nurl: https://example.org/speech.mp4\n"
                "snapshot: speech.vtt\n"
            ),
            "sources/speech.vtt": VTT,
            "sources/report.yml": (
                "title: The report\nurl: https://example.org/report.pdf\nsnapshot: report.txt\n"
            ),
            "sources/report.txt": "Page one.\fPage two: this is our promise.\n",
            "claims/c.yml": CLAIM,
        }
    )
    result = check_site(Layout.at(root))
    assert [p for p in result.problems if p.severity == "error"] == []
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    data = json.loads((root / "site/data/claims.json").read_text(encoding="utf-8"))
    speech, report = (q["spans"][0] for q in data["claims"][0]["quotes"])
    assert speech["time"] == {"start": 750.0, "end": 754.5} and "page" not in speech
    assert speech["targets"][0]["original"] == {
        "source": "https://example.org/speech.mp4",
        "selector": {
            "type": "FragmentSelector",
            "conformsTo": "http://www.w3.org/TR/media-frags/",
            "value": "t=750,754.5",
        },
    }
    assert report["page"] == 2 and "time" not in report
    assert report["targets"][0]["original"]["selector"]["value"] == "page=2"
    claim = article(page(root / "site", "claims/c/"))
    moments = {a.get_text(): a["href"] for a in claim.select("a.fc-span__moment")}
    assert moments == {
        "at 12:30\u201312:34": "https://example.org/speech.mp4#t=750,754.5",
        "page 2": "https://example.org/report.pdf#page=2",
    }
    plain = (root / "site/sources/speech.txt").read_text(encoding="utf-8")
    assert plain == read_transcript(VTT, ".vtt").text  # the canonical text, byte for byte
    # the source page shows each cue's time before it, outside the text itself
    text = article(page(root / "site", "sources/speech/")).select_one(".fc-text")
    assert text is not None
    assert [t["data-time"] for t in text.select(".fc-cue-time")] == ["12:30", "12:34"]
    assert text.get_text() == plain


def test_a_broken_transcript_is_a_problem_of_its_source(make_site: SiteMaker) -> None:
    root = make_site(
        {
            "sources/speech.yml": "title: The speech\nsnapshot: speech.vtt\n",
            "sources/speech.vtt": "WEBVTT\n\n00:00:09.000 --> 00:00:01.000\nbackwards\n",
            "claims/c.yml": CLAIM.replace(
                "  - text: our promise\n    spans:\n      - source: report\n", ""
            ),
        }
    )
    result = check_site(Layout.at(root))
    (problem,) = [p for p in result.problems if p.severity == "error"]
    assert problem.code == "snapshot-format" and "ends (1 s) before it starts" in problem.message
    assert "c" in result.broken_claims
