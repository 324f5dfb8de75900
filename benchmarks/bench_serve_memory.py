"""Resident memory of `mkdocs serve` across ten rebuilds (issue 11; not a test).

A build that freezes the checked site out of the cycle collector's sight and never unfreezes it
pins every rebuild's objects: the server grows by a whole site per save. This serves the
synthetic site of `bench_build.py`, edits one claim ten times, waits for each rebuild, and
reads the server's resident memory (VmRSS) after each one.

    python benchmarks/bench_serve_memory.py [--claims 1000] [--rebuilds 10] [--code DIR]

`--code DIR` serves with the `generator` package of another checkout (for a before/after).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from common import our_site

PROJECT = Path(__file__).resolve().parent.parent


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _wait_for_builds(log: Path, count: int, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if log.read_text().count("Documentation built") >= count:
            return
        time.sleep(0.2)
    raise TimeoutError(log.read_text()[-2000:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--rebuilds", type=int, default=10)
    parser.add_argument("--code", type=Path, default=PROJECT)
    args = parser.parse_args()
    root = our_site(args.claims)
    log_path = root / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(args.code.resolve())}
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{_port()}"],
            cwd=root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for_builds(log_path, 1)
            sizes = [_rss_mib(server.pid)]
            claim = next((root / "claims").glob("*.yml"))
            text = claim.read_text()
            for n in range(1, args.rebuilds + 1):
                claim.write_text(text.replace("title: ", f"title: Edit {n} ", 1))
                _wait_for_builds(log_path, n + 1)
                time.sleep(0.5)  # the rebuild's last objects are released
                sizes.append(_rss_mib(server.pid))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"mkdocs serve, {args.claims} claims, code from {args.code}:")
    print("  resident memory after the first build and each rebuild (MiB): ")
    print("  " + ", ".join(f"{s:.0f}" for s in sizes))
    print(f"  growth over {args.rebuilds} rebuilds: {sizes[-1] - sizes[0]:+.0f} MiB")


if __name__ == "__main__":
    main()
