"""What the site's language costs a build (issue 20; not a test): `mkdocs build` of the example
site and of the synthetic site of `bench_check.py` at 1,000 claims, with this checkout's
generator and with the one of an earlier commit (`--before`, default: the last commit before
the catalogs), in English and, for this checkout, in Arabic.

Each build is a fresh process pinned to one core; builds of the two generators alternate, so
that both see the same machine in the same minutes, and the best of `--runs` is compared as a
ratio (single runs vary by 15 % on this shared machine).

    python benchmarks/bench_languages.py [--claims 1000] [--runs 3] [--before REV]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PROJECT, our_site, run_on_one_core


def _example(tree: Path, into: Path) -> Path:
    """The example site as the checkout `tree` has it (its claims name their language now)."""
    root = into / f"example-{tree.name}"
    for name in ("docs", "claims", "sources"):
        shutil.copytree(tree / name, root / name)
    shutil.copy(tree / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _build(root: Path, generator: Path, language: str) -> float:
    started = time.perf_counter()
    done = run_on_one_core(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", "site"],
        root,
        NO_MKDOCS_2_WARNING="1",
        PYTHONPATH=str(generator),
        SITE_LANGUAGE=language,
    )
    if done.returncode != 0:
        raise SystemExit(f"build of {root} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", default="4ce8918")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        before = Path(scratch) / "before"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "--quiet", str(before), args.before],
            cwd=PROJECT,
            check=True,
        )
        try:
            synthetic = our_site(args.claims)
            sites = {
                "example": (_example(before, Path(scratch)), _example(PROJECT, Path(scratch))),
                f"synthetic, {args.claims} claims": (synthetic, synthetic),
            }
            for name, (old, new) in sites.items():
                times: dict[str, list[float]] = {"before": [], "now": []}
                for _ in range(args.runs):
                    times["before"].append(_build(old, before, "en"))
                    times["now"].append(_build(new, PROJECT, "en"))
                    if old is not new:  # the example reads SITE_LANGUAGE; the synthetic site not
                        times.setdefault("now, in Arabic", []).append(_build(new, PROJECT, "ar"))
                best = {k: min(v) for k, v in times.items()}
                ratios = ", ".join(
                    f"{k} {best[k]:.2f} s (ratio {best[k] / best['before']:.3f})"
                    for k in best
                    if k != "before"
                )
                runs = "; ".join(f"{k}: {[round(t, 2) for t in v]}" for k, v in times.items())
                print(f"{name}: before {best['before']:.2f} s, {ratios}; runs {runs}")
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(before)], cwd=PROJECT, check=False
            )


if __name__ == "__main__":
    main()
