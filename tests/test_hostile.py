"""Hostile and unlucky inputs: no command crashes, hangs, reads outside the site, loses what an
editor wrote, or prints a raw control character.

The data cases live in tests/hostile/ (see its README); the odd files (FIFOs, links, devices,
unreadable folders, a full disk, a process killed mid-write) are made here. Every command runs
as its own process, so that a crash shows as a signal and a hang as a timeout.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sitebuild import MKDOCS_YML, PROJECT, mkdocs_build, run_generator
from test_golden import BASE

from generator.check import Layout
from generator.editor import ingest
from generator.model import PROBLEM_CODES
from generator.readers import Document
from generator.readers.webpage import extract

HOSTILE = Path(__file__).parent / "hostile"
PAGES = Path(__file__).parent / "pages"
_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# A form feed is HTML's white space (it ends a page of a paged snapshot): not a control here.
_HTML_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _content(value: Any) -> bytes:
    if isinstance(value, dict) and "latin1" in value:
        return str(value["latin1"]).encode("latin-1")
    if isinstance(value, dict):
        text = value.get("before", "") + value["repeat"] * value["times"] + value.get("after", "")
        return str(text).encode("utf-8")
    return str(value).encode("utf-8")


def write_hostile(case: Path, root: Path) -> list[str]:
    """Write the case's site into `root`; the problem codes it must produce."""
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    files: dict[str, Any] = {**BASE, **spec["files"]}
    for name, value in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_content(value))
    return list(spec["expect"])


def _assert_clean_output(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text, text[-2000:]
        assert "internal error" not in text, text[-2000:]
        found = _RAW_CONTROL.search(text)
        assert found is None, f"raw control character {found.group()!r} in: {text[-500:]!r}"


def _check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = run_generator(root, "check", *args)
    assert result.returncode in (0, 1), (result.returncode, result.stderr[-2000:])
    _assert_clean_output(result.stdout, result.stderr)
    return result


def _problems(root: Path) -> list[dict[str, Any]]:
    report = json.loads(_check(root, "--json").stdout)
    for problem in report["problems"]:
        assert problem["code"] in PROBLEM_CODES
        assert problem["line"] >= 1 and problem["column"] >= 1
    return list(report["problems"])


@pytest.mark.parametrize("case", sorted(HOSTILE.glob("*.yml")), ids=lambda p: p.stem)
def test_hostile_case(case: Path, tmp_path: Path) -> None:
    expected = write_hostile(case, tmp_path)
    _check(tmp_path)
    codes = {p["code"] for p in _problems(tmp_path)}
    assert set(expected) <= codes, codes
    for command in (("locate", "s", "China poses a challenge … our values"), ("pin",)):
        result = run_generator(tmp_path, *command)
        assert result.returncode in (0, 1, 2), (command, result.stderr[-2000:])
        _assert_clean_output(result.stdout, result.stderr)


def test_the_whole_corpus_builds_and_every_output_is_well_formed(tmp_path: Path) -> None:
    """All cases in one site (each case's files under its own names), built by MkDocs without
    --strict: the broken claims are left out, the rest is published, every output parses."""
    root = tmp_path / "site"
    for case in sorted(HOSTILE.glob("*.yml")):
        write_hostile(case, tmp_path / case.stem)
        for kind in ("claims", "sources"):
            for path in (tmp_path / case.stem / kind).iterdir():
                target = root / kind / f"{case.stem}-{path.name}"
                target.parent.mkdir(parents=True, exist_ok=True)
                text = path.read_bytes()
                # keep the references inside each case: sources are renamed with it
                for source in ("s", "t", "cited", "deep-source"):
                    text = text.replace(
                        f"source: {source}\n".encode(), f"source: {case.stem}-{source}\n".encode()
                    ).replace(
                        f"source: {source}\r".encode(), f"source: {case.stem}-{source}\r".encode()
                    )
                text = text.replace(b"snapshot: s.txt", f"snapshot: {case.stem}-s.txt".encode())
                text = text.replace(b"snapshot: t.txt", f"snapshot: {case.stem}-t.txt".encode())
                target.write_bytes(text)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    built = mkdocs_build(root, strict=False)
    assert built.returncode == 0, built.stderr[-3000:]
    _assert_clean_output(built.stdout, built.stderr)
    site = root / "site"
    ET.fromstring((site / "feed.xml").read_bytes())  # well-formed XML
    data = json.loads((site / "data/claims.json").read_text(encoding="utf-8"))
    assert data["claims"], "the valid claims are still published"
    for page in site.rglob("*.html"):  # bidi controls are valid HTML (and right-to-left text)
        assert _HTML_CONTROL.search(page.read_text(encoding="utf-8")) is None, page
    escapes = (site / "sources/terminal-escapes-in-snapshot-s/index.html").read_text("utf-8")
    assert "\u241b[2J" in escapes  # ESC shown as its Control Picture on the page...
    raw = (site / "sources/terminal-escapes-in-snapshot-s.txt").read_bytes()
    assert b"\x1b[2J" in raw  # ...and kept as it is in the published plain text


# -- odd files ------------------------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for name, value in BASE.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(value, encoding="utf-8")
    return tmp_path


def _python(args: list[str], cwd: Path, **options: Any) -> subprocess.CompletedProcess[str]:
    """`python ARGS` (with `prefix` before it, if given) in `cwd`, as its own process."""
    prefix = options.pop("prefix", [])
    return subprocess.run(
        [*prefix, sys.executable, *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        **options,
    )


def _codes(root: Path) -> set[str]:
    return {p["code"] for p in _problems(root)}


def test_links_to_files_outside_the_site_are_not_read(site: Path, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path_factory.mktemp("outside") / "secret.yml"
    outside.write_text("title: a secret\n", encoding="utf-8")
    (site / "claims/ok.yml").unlink()
    (site / "claims/ok.yml").symlink_to(outside)
    (site / "sources/leak.yml").symlink_to("/dev/zero")
    problems = _problems(site)
    assert {(p["path"], p["code"]) for p in problems} >= {
        ("claims/ok.yml", "file-outside"),
        ("sources/leak.yml", "file-outside"),
    }
    assert not any("secret" in p["message"] for p in problems if p["code"] != "file-outside")


def test_a_fifo_a_device_and_a_folder_are_refused_without_hanging(site: Path) -> None:
    (site / "sources/s.txt").unlink()
    os.mkfifo(site / "sources/s.txt")
    os.mkfifo(site / "claims/pipe.yml")
    (site / "sources/folder.txt").mkdir()
    (site / "sources/f.yml").write_text("title: F\nsnapshot: folder.txt\n", encoding="utf-8")
    problems = _problems(site)  # run_generator has a timeout: a hang fails the test
    codes = {(p["path"], p["code"]) for p in problems}
    assert ("sources/s.yml", "not-a-file") in codes
    assert ("claims/pipe.yml", "not-a-file") in codes
    assert ("sources/f.yml", "not-a-file") in codes


def test_files_over_the_limits_are_not_read(site: Path) -> None:
    (site / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - factcheck:\n      max_yaml_bytes: 2000\n"
        "      max_snapshot_bytes: 100\n",
        encoding="utf-8",
    )
    (site / "claims/big.yml").write_text("title: t\n" + "# padding\n" * 500, encoding="utf-8")
    problems = _problems(site)
    too_large = {p["path"] for p in problems if p["code"] == "too-large"}
    assert too_large == {"claims/big.yml", "sources/s.yml"}  # s.txt is 178 bytes


def _without_root_powers() -> list[str]:
    """A command prefix under which root obeys permission bits, as every other user does."""
    if os.geteuid() != 0:
        return []
    drop = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={drop}", f"--inh-caps={drop}", "--"]


def test_an_unreadable_sources_folder_is_reported_once_at_the_folder(site: Path) -> None:
    (site / "sources").chmod(0o000)
    try:
        result = _python(
            ["-m", "generator", "check", "--json"], site, prefix=_without_root_powers()
        )
    finally:
        (site / "sources").chmod(0o755)
    assert result.returncode == 1, result.stderr
    problems = json.loads(result.stdout)["problems"]
    assert [(p["path"], p["code"]) for p in problems] == [("sources", "unreadable")]


def _limited_writes(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process


def test_pin_on_a_full_disk_leaves_the_source_file_as_it_was(site: Path) -> None:
    source = site / "sources/s.yml"
    before = source.read_bytes()
    result = _python(
        ["-m", "generator", "pin", "s"],
        site,
        preexec_fn=lambda: _limited_writes(len(before) + 10),  # room for less than the new file
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "not pinned" in result.stdout and "the file is unchanged" in result.stdout
    assert source.read_bytes() == before
    assert sorted(p.name for p in (site / "sources").iterdir()) == ["cited.yml", "s.txt", "s.yml"]


STALE = "0" * 64  # a well-formed sha256 of some earlier text


@pytest.mark.parametrize(
    ("text", "pinned"),
    [
        ("title: A source\rsnapshot: s.txt\r", "title: A source\rsnapshot: s.txt\rsha256: {}\r"),
        (
            f"title: A source\r\nsnapshot: s.txt\r\nsha256:\r\n  {STALE}\r\n",
            "title: A source\r\nsnapshot: s.txt\r\nsha256:\r\n  {}\r\n",
        ),
        (
            f"\ufefftitle: A source\nsnapshot: s.txt\nsha256: |\n  {STALE}\nnotes: kept # here\n",
            "\ufefftitle: A source\nsnapshot: s.txt\nsha256: {}\nnotes: kept # here\n",
        ),
        (
            f"title: A source\nsnapshot: s.txt\nsha256: '{STALE}'   # pinned by hand\n",
            "title: A source\nsnapshot: s.txt\nsha256: '{}'   # pinned by hand\n",
        ),
    ],
    ids=["cr-only", "value-on-next-line", "block-scalar", "quoted-with-comment"],
)
def test_pin_changes_only_the_value_in_any_form(site: Path, text: str, pinned: str) -> None:
    source = site / "sources/s.yml"
    source.write_bytes(text.encode("utf-8"))
    result = run_generator(site, "pin", "s")
    assert result.returncode == 0, result.stdout + result.stderr
    sha = re.search(r"[0-9a-f]{64}", result.stdout)
    assert sha is not None
    assert source.read_bytes().decode("utf-8") == pinned.format(sha.group())
    assert run_generator(site, "check").returncode == 0  # it loads, and matches


_KILL_ON_FSYNC = """
import os, signal, sys
sys.argv = ["generator", *sys.argv[1:]]
calls = {{"n": 0}}
real_fsync = os.fsync
def fsync(fd):
    calls["n"] += 1
    if calls["n"] == {when}:
        os.kill(os.getpid(), signal.SIGKILL)  # killed with the data written, before the rename
    return real_fsync(fd)
os.fsync = fsync
from generator.cli import main
raise SystemExit(main())
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    "when",
    [1, 2, 3, 4],
    ids=["staging-yaml", "staging-snapshot", "after-the-snapshot-rename", "after-both"],
)
def test_ingest_killed_anywhere_writes_the_pair_or_nothing(site: Path, when: int) -> None:
    """Killed at each of its syncs, ingest leaves both files whole or no source at all, and
    nothing that blocks running it again, even for another page (SPEC §9)."""
    page = str(PAGES / "news-article.html")
    killed = _python(
        ["-c", _KILL_ON_FSYNC.format(when=when), "ingest", page, "--id", "herald"], site
    )
    assert killed.returncode == -signal.SIGKILL
    assert (site / "sources/herald.yml").exists() == (when == 4)
    assert (site / "sources/herald.txt").exists() == (when >= 3)
    assert run_generator(site, "check").returncode == 0  # what is there loads, or is no source
    other = str(PAGES / "blog-with-comments.html")
    again = run_generator(site, "ingest", other, "--id", "herald")
    if when == 4:  # the ingest was complete: replacing it takes --force
        assert again.returncode == 1 and "--force" in again.stderr
        return
    assert again.returncode == 0, again.stderr
    assert ("completing an interrupted ingest" in again.stdout) == (when == 3)
    assert run_generator(site, "check", "sources/herald.yml").returncode == 0
    stored = (site / "sources/herald.txt").read_text(encoding="utf-8")
    assert stored == extract(Path(other).read_bytes()).text  # the new page, not the old one
    assert [p.name for p in (site / "sources").iterdir() if p.name.startswith(".")] == []


@pytest.mark.slow
def test_files_the_tools_write_get_the_editors_permissions(site: Path) -> None:
    """A new file gets 0666 less the umask, as any file the editor makes; a replaced file keeps
    its own mode (the temporary file's 0600 leaked into both)."""
    page = str(PAGES / "news-article.html")
    for umask, mode in ((0o022, 0o644), (0o002, 0o664)):
        for name in ("herald.txt", "herald.yml"):
            (site / "sources" / name).unlink(missing_ok=True)
        made = _python(
            [
                "-c",
                f"import os, sys; os.umask({umask}); sys.argv[0] = 'generator'; "
                "from generator.cli import main; raise SystemExit(main())",
                "ingest",
                page,
                "--id",
                "herald",
            ],
            site,
        )
        assert made.returncode == 0, made.stderr
        for name in ("herald.txt", "herald.yml"):
            assert stat.S_IMODE((site / "sources" / name).stat().st_mode) == mode, name
    (site / "sources/herald.yml").chmod(0o640)
    again = run_generator(site, "ingest", page, "--id", "herald", "--force")
    assert again.returncode == 0, again.stderr
    assert stat.S_IMODE((site / "sources/herald.yml").stat().st_mode) == 0o640
    source = site / "sources/herald.yml"
    source.write_text(re.sub(r"sha256: \S+\n", "", source.read_text(encoding="utf-8")))
    source.chmod(0o604)
    pinned = run_generator(site, "pin", "herald")
    assert pinned.returncode == 0, pinned.stdout + pinned.stderr
    assert "sha256:" in source.read_text(encoding="utf-8")
    assert stat.S_IMODE(source.stat().st_mode) == 0o604


@pytest.mark.parametrize("taken", ["sources/sub/herald.yml", "sources/herald.yaml"])
def test_ingest_never_writes_a_second_source_with_a_taken_id(site: Path, taken: str) -> None:
    (site / taken).parent.mkdir(parents=True, exist_ok=True)
    (site / taken).write_text("title: Already here\n", encoding="utf-8")
    for force in ((), ("--force",)):
        result = run_generator(
            site, "ingest", str(PAGES / "news-article.html"), "--id", "herald", *force
        )
        assert result.returncode == 1 and f"taken by {taken}" in result.stderr
    assert not (site / "sources/herald.yml").exists()


def _page(tmp_path: Path, body: bytes, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_bytes(body)
    return path


@pytest.mark.slow
def test_ingest_says_how_it_decoded_a_page_whose_charset_lies(site: Path, tmp_path: Path) -> None:
    # UTF-8 bytes decode under windows-1252 too, as mojibake ("CafÃ©"): the usual lie
    lies = '<meta charset="windows-1252"><article><p>Caf\u00e9 cr\u00e8me</p></article>'
    result = run_generator(site, "ingest", str(_page(tmp_path, lies.encode())), "--id", "lies")
    assert result.returncode == 0, result.stderr
    assert "read as utf-8: it declares windows-1252, but its bytes are UTF-8" in result.stdout
    assert (site / "sources/lies.txt").read_text("utf-8") == "Caf\u00e9 cr\u00e8me\n"
    notes = yaml.safe_load((site / "sources/lies.yml").read_text("utf-8"))["notes"]
    assert "declares windows-1252, but its bytes are UTF-8" in notes
    # ...and some UTF-8 bytes do not decode under windows-1252 at all (0x9d in a curly quote)
    quoted = '<meta charset="windows-1252"><article><p>\u201cquoted\u201d</p></article>'
    result = run_generator(
        site, "ingest", str(_page(tmp_path, quoted.encode(), "q.html")), "--id", "quoted"
    )
    assert "it declares windows-1252, but its bytes are UTF-8" in result.stdout
    latin = (
        '<meta charset="utf-8"><article><p>Caf\u00e9 au lait, cr\u00e8me br\u00fbl\u00e9e et '
        "\u00e0 la fran\u00e7aise</p></article>"
    )
    result = run_generator(
        site, "ingest", str(_page(tmp_path, latin.encode("latin-1"), "l.html")), "--id", "latin"
    )
    assert result.returncode == 0, result.stderr
    assert "it declares utf-8, but its bytes are not utf-8; detected" in result.stdout
    text = (site / "sources/latin.txt").read_text("utf-8")
    assert "\ufffd" not in text and "cr\u00e8me br\u00fbl\u00e9e" in text
    # One stray Latin-1 byte in a UTF-8 page is read as what it is; the page stays UTF-8.
    stray = (
        '<meta charset="utf-8"><article><p>'
        "\u201cZa\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144\u201d, "
        "said the minister.</p><p>Price: 5 ".encode()
        + b"\xa3"
        + b" per unit.</p></article>"
    )
    result = run_generator(site, "ingest", str(_page(tmp_path, stray, "s.html")), "--id", "stray")
    assert result.returncode == 0, result.stderr
    assert "its bytes are UTF-8 but for 1 stray byte, read as Windows-1252" in result.stdout
    text = (site / "sources/stray.txt").read_text("utf-8")
    assert "\u201cZa\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144\u201d" in text
    assert "Price: 5 \u00a3 per unit." in text


def test_ingest_leaves_out_what_a_browser_does_not_show(site: Path, tmp_path: Path) -> None:
    page = (
        "<html><head><title>A\x07 title\x1b[31m</title></head><body><article>"
        "<p>Shown <![CDATA[never shown]]>words<!-- nor this --> and\x1b[2J more.</p>"
        "<div hidden>hidden</div><template>template</template></article></body></html>"
    )
    result = run_generator(site, "ingest", str(_page(tmp_path, page.encode())), "--id", "shown")
    assert result.returncode == 0, result.stderr
    assert (site / "sources/shown.txt").read_text("utf-8") == "Shown words and[2J more.\n"
    meta = yaml.safe_load((site / "sources/shown.yml").read_text("utf-8"))
    assert meta["title"] == "A title[31m"
    assert run_generator(site, "check", "sources/shown.yml").returncode == 0


@pytest.mark.slow
def test_ingest_of_a_page_nested_ten_thousand_deep(site: Path, tmp_path: Path) -> None:
    page = "<article>" + "<div>" * 10_000 + "<p>Deep words.</p>" + "</div>" * 10_000
    result = run_generator(site, "ingest", str(_page(tmp_path, page.encode())), "--id", "deep")
    assert result.returncode == 0, result.stderr
    assert (site / "sources/deep.txt").read_text("utf-8") == "Deep words.\n"


def test_ingest_refuses_a_bad_url_that_check_would_refuse(site: Path) -> None:
    page = str(PAGES / "news-article.html")
    for url in ("https://example.org/a b", "http://[::1/x", "ftp://example.org/"):
        result = run_generator(site, "ingest", page, "--id", "x", "--url", url)
        assert result.returncode == 2 and "--url must be an http or https address" in result.stderr
        _assert_clean_output(result.stdout, result.stderr)


def test_an_internal_error_is_one_line_with_the_traceback_saved(site: Path) -> None:
    boom = (
        "import sys, generator.check as c\n"
        "def fail(*a, **k): raise RuntimeError('unforeseen')\n"
        "c.discover = fail\n"
        "sys.argv = ['generator', 'check']\n"
        "from generator.cli import main\n"
        "raise SystemExit(main())\n"
    )
    result = _python(["-c", boom], site)
    assert result.returncode == 70
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("internal error while running 'check': RuntimeError: unforeseen")
    saved = Path(re.search(r"the full traceback is in (\S+)\)", line).group(1))  # type: ignore[union-attr]
    assert "RuntimeError: unforeseen" in saved.read_text(encoding="utf-8")
    saved.unlink()


def test_a_hostile_mkdocs_yml_is_an_error_not_a_crash(site: Path) -> None:
    (site / "mkdocs.yml").write_text("site_name: x\nextra: " + "[" * 50_000, encoding="utf-8")
    result = run_generator(site, "check")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: mkdocs.yml cannot be read: it nests too deeply"


def test_ingest_writes_what_check_reads_whatever_the_page_says_of_itself(
    site: Path, tmp_path: Path
) -> None:
    """A `<title>` holding `&#xFFFE;` or DEL made a YAML file that failed with yaml-syntax."""
    head = (
        "<title>Noncharacter &#xFFFE; and &#xFFFF; DEL \x7f &#x7f; C1 &#x9d; \x9d end</title>"
        '<meta name="author" content="A &#xFDD0; B \x00">'
        '<meta property="og:site_name" content="Site &#xD800; \U0001fffe">'
    )
    html = f"<html><head>{head}</head><body><article><p>Words here.</p></article></body></html>"
    page = _page(tmp_path, html.encode("utf-8", "surrogatepass"))
    result = run_generator(site, "ingest", str(page), "--id", "odd")
    assert result.returncode == 0, result.stderr
    checked = run_generator(site, "check", "sources/odd.yml")
    assert checked.returncode == 0, checked.stdout + checked.stderr


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text(), st.lists(st.text(), max_size=3), st.lists(st.text(), max_size=2))
def test_every_source_file_ingest_makes_loads(
    title: str, publisher: str, authors: list[str], notes: list[str]
) -> None:
    page = Document(
        "Words.\n",
        ingest.clean_field(title),
        ingest.clean_field(publisher),
        tuple(a for a in map(ingest.clean_field, authors) if a),
        notes=notes,
    )
    described = ingest.source_yaml(page, "x", "x.txt", "0" * 64)
    assert ingest._loads(Layout.at(Path("/nonexistent")), described, "x") is None, described
