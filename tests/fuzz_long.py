"""A long fuzz run, outside CI: the properties of tests/test_fuzz.py with many more examples,
round after round with fresh random seeds, until the time is up. Every failure is printed with
the seed that reproduces it (`pytest tests/test_fuzz.py --hypothesis-seed=SEED`).

    python tests/fuzz_long.py --minutes 10 [--examples 2000]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--examples", type=int, default=2000)
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    env = {**os.environ, "FUZZ_EXAMPLES": str(args.examples)}
    env.pop("CI", None)  # the CI profile draws the same examples every run: not here
    rounds = failures = 0
    while time.monotonic() < deadline:
        seed = random.randrange(2**32)
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-x",
                f"--hypothesis-seed={seed}",
                str(HERE / "test_fuzz.py"),
            ],
            cwd=HERE.parent,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        rounds += 1
        if run.returncode != 0:
            failures += 1
            print(f"round {rounds}, seed {seed}: FAILED\n{run.stdout[-4000:]}", flush=True)
        else:
            print(f"round {rounds}, seed {seed}: {run.stdout.strip().splitlines()[-1]}", flush=True)
    examples = rounds * args.examples * 5
    print(f"{rounds} rounds, about {examples:,} examples, {failures} failed rounds")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
