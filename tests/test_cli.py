"""The real `python -m generator check` command, on the example site and on small fixture sites."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import SiteMaker
from sitebuild import run_generator

PROJECT = Path(__file__).resolve().parent.parent

SOURCE = """
title: A source
snapshot: s.txt
"""
TEXT = "Stoltenberg said that \u201cChina poses a challenge to our values\u201d.\n"
CLAIM = """
title: A claim
claim: Stoltenberg said China poses a challenge.
claimant: Jens Stoltenberg
verdict: accurate
summary: It is in the source.
quotes:
  - text: China poses a challenge to our values
    spans:
      - source: s
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_generator(cwd, *args)


def test_example_site_checks_out() -> None:
    result = run("check", "--json", cwd=PROJECT)
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["problems"] == []
    assert data["claims"] >= 10
    fidelities = {span["fidelity"] for span in data["resolved"]}
    assert fidelities == {"verbatim", "trimmed", "altered", "unchecked"}
    multi = [s for s in data["resolved"] if len(s["ranges"]) > 1]
    assert multi and all(s["source"] == "reworded-copy" for s in multi)


def test_example_site_challenge_became_problem() -> None:
    data = json.loads(
        run("check", "--json", "claims/stoltenberg-china-challenge.yml", cwd=PROJECT).stdout
    )
    by_source = {s["source"]: s for s in data["resolved"]}
    text = (PROJECT / "sources/reworded-copy.txt").read_text(encoding="utf-8")
    start, end = by_source["reworded-copy"]["ranges"][0]
    assert (
        text[start:end] == "China poses a problem to our values, to our pursuits and to our safety"
    )
    assert by_source["reworded-copy"]["fidelity"] == "altered"
    assert by_source["citing-article"]["fidelity"] == "verbatim"
    assert by_source["nato-chey-remarks"]["fidelity"] == "unchecked"
    assert data["claims"] == 1


def test_json_matches_spec_section_8(make_site: SiteMaker) -> None:
    root = make_site({"sources/s.yml": SOURCE, "sources/s.txt": TEXT, "claims/c.yml": CLAIM})
    result = run("check", "--json", cwd=root)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert set(data) == {"claims", "sources", "spans", "problems", "resolved"}
    assert (data["claims"], data["sources"], data["spans"]) == (1, 1, 1)
    assert data["resolved"] == [
        {
            "claim": "c",
            "quote": 0,
            "span": 0,
            "source": "s",
            "fidelity": "verbatim",
            "ranges": [[23, 60]],
            "line": 1,
            "column": 24,
        }
    ]


def test_every_problem_of_a_broken_site_in_one_run(make_site: SiteMaker) -> None:
    root = make_site(
        {
            "sources/s.yml": SOURCE,
            "sources/s.txt": TEXT,
            "claims/c.yml": CLAIM.replace("verdict: accurate", "verdict: acurate"),
            "claims/d.yml": CLAIM.replace(
                "- source: s", "- source: s\n        exact: a problem to our values"
            ),
            "claims/e.yml": CLAIM + "colour: red\n",
        }
    )
    result = run("check", cwd=root)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if not line.startswith("  hint:")]
    assert [line.split(": ")[0] + ": " + line.split(": ")[2] for line in lines] == [
        "claims/c.yml:4:10: unknown-verdict",
        "claims/d.yml:2:8: possibly-checked",  # three copies of one claim: d and e, the newer
        "claims/d.yml:10:16: not-found",
        "claims/e.yml:2:8: possibly-checked",
        "claims/e.yml:10:1: unknown-field",
    ]
    assert result.stdout.count("  hint: ") == 5
    assert "3 errors, 2 warnings" in result.stderr


def test_json_reports_problems_with_lines(make_site: SiteMaker) -> None:
    root = make_site(
        {
            "sources/s.yml": SOURCE,
            "sources/s.txt": TEXT,
            "claims/c.yml": CLAIM.replace("source: s", "source: t"),
        }
    )
    result = run("check", "--json", cwd=root)
    assert result.returncode == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem == {
        "path": "claims/c.yml",
        "line": 9,
        "column": 17,
        "severity": "error",
        "code": "unknown-source",
        "message": "there is no source 't'",
        "hint": "add sources/t.yml, or use the id of an existing source (its file name)",
    }


def test_paths_check_only_those_claims(make_site: SiteMaker) -> None:
    root = make_site(
        {
            "sources/s.yml": SOURCE,
            "sources/s.txt": TEXT,
            "claims/good.yml": CLAIM,
            "claims/bad.yml": CLAIM.replace("text: China poses a challenge", "text: China is a"),
        }
    )
    assert run("check", "claims/good.yml", cwd=root).returncode == 0
    assert run("check", "claims/bad.yml", cwd=root).returncode == 1
    assert run("check", cwd=root).returncode == 1
    # a source path checks that source and every claim quoting it
    by_source = run("check", "--json", "sources/s.yml", cwd=root)
    assert by_source.returncode == 1
    assert json.loads(by_source.stdout)["claims"] == 2


def test_bad_paths_and_folders_are_usage_errors(make_site: SiteMaker, tmp_path: Path) -> None:
    root = make_site({"sources/s.yml": SOURCE, "sources/s.txt": TEXT, "claims/c.yml": CLAIM})
    missing = run("check", "claims/nope.yml", cwd=root)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    outside = run("check", cwd=empty)
    assert outside.returncode == 2 and "no claims/ or sources/" in outside.stderr
    assert "Traceback" not in missing.stderr + outside.stderr


def test_hostile_input_never_gives_a_traceback(make_site: SiteMaker) -> None:
    root = make_site(
        {
            "sources/s.yml": b"title: \xff\xfe broken",
            "sources/t.yml": "- just\n- a list\n",
            "sources/u.yml": "",
            "claims/c.yml": "{{{{",
            "claims/d.yml": "title: [unclosed",
            "claims/e.yml": "&a [*a]",
        }
    )
    result = run("check", cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    codes = sorted(
        line.split(": ")[2] for line in result.stdout.splitlines() if not line.startswith("  ")
    )
    assert codes == [
        "bad-value",
        "bad-value",
        "yaml-syntax",
        "yaml-syntax",
        "yaml-syntax",
        "yaml-syntax",
    ]


def test_symlinked_snapshot_outside_sources_is_refused(
    make_site: SiteMaker, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("China poses a challenge to our values", encoding="utf-8")
    root = make_site({"sources/s.yml": SOURCE, "claims/c.yml": CLAIM})
    (root / "sources/s.txt").symlink_to(secret)
    result = run("check", cwd=root)
    assert result.returncode == 1
    assert "sources/s.yml:2:11: error: snapshot-outside:" in result.stdout


def test_main_leaves_the_cycle_collector_as_it_found_it(tmp_path: Path) -> None:
    import gc

    from generator.cli import main

    (tmp_path / "claims").mkdir()
    assert gc.isenabled()
    assert main(["--root", str(tmp_path), "check", "--json"]) == 0
    assert gc.isenabled()
