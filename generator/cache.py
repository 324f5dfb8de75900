"""What a check learnt, kept for the next one (issue 22): claims read and spans resolved.

Two memos, each keyed by everything that decides its outcome, so that an entry is right for
any check that looks it up:

- `CLAIM_MEMO`: a claim file read into a `Claim` and its problems, by the sha256 of the file's
  bytes, its id and path, the rating scale's keys, the size limit and the site's language;
- `SPAN_MEMO` (verify.py): a span's place and fidelity, by the snapshot's path and the sha256
  of its text, the quote's words and the span's exact, prefix, suffix and start.

A memo lives as long as the process (`mkdocs serve` checks the whole site on every save) and,
between processes, in a file per site in the cache folder: `$FACTCHECK_CACHE`, else
`$XDG_CACHE_HOME/factcheck`, else `~/.cache/factcheck`; `FACTCHECK_CACHE=off` turns the file
off. The file is deleted safely at any time. It is used only when its stamp matches: the format,
the Python, the versions of the libraries the outcomes depend on, and the text of every module
of the generator; any other file is ignored, never partly trusted. It is outside the site on
purpose: it holds pickles, and a pickle from a file anyone could commit to the site's
repository would run their code.

A changed claim is read again and its changed spans resolved again; nothing else is. What a
check cannot take from the cache: listing the folders, reading every file's bytes (the keys),
and reading each snapshot (its sha256 is a key).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import logging
import operator
import os
import pickle
import stat
import sys
import unicodedata
from collections.abc import Callable, Hashable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any, Generic, TypeVar

from .files import write_atomic

log = logging.getLogger("mkdocs.plugins.factcheck")

#: The folder of the cache files, or `off`.
ENVIRONMENT = "FACTCHECK_CACHE"
#: Bumped whenever what a cache file holds changes shape.
FORMAT = b"factcheck-cache 1\n"
#: Libraries whose behaviour decides a claim read or a span resolved (and its hints).
LIBRARIES = ("pyyaml", "regex", "rapidfuzz", "babel")
#: A cache file larger than this is not read (a site of 10,000 claims writes 12.7 MB).
MAX_BYTES = 1 << 30

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Outcomes by key, for the last two checks: what the last one did not use is forgotten
    when the next begins, so the memory stays that of one site."""

    def __init__(self) -> None:
        self._now: dict[K, V] = {}
        self._before: dict[K, V] = {}
        self.hits = 0
        self.misses = 0

    def begin(self) -> None:
        """A new check."""
        self._before, self._now = self._now, {}
        self.hits = self.misses = 0

    def get(self, key: K) -> V | None:
        """The outcome for `key`, if a check since the last but one (or the cache file) had it."""
        found = self._now.get(key)
        if found is None:
            found = self._before.pop(key, None)
            if found is None:
                self.misses += 1
                return None
            self._now[key] = found
        self.hits += 1
        return found

    def put(self, key: K, found: V) -> None:
        """Remember an outcome."""
        self._now[key] = found

    def seed(self, entries: dict[K, V]) -> None:
        """Outcomes from a cache file, for this check to take."""
        for key, found in entries.items():
            self._before.setdefault(key, found)

    def clear(self) -> None:
        """Forget every outcome."""
        self._now, self._before = {}, {}
        self.hits = self.misses = 0

    def used(self) -> dict[K, V]:
        """What this check looked up or learnt."""
        return self._now


def stamp() -> bytes:
    """What must be the same for a cache file to be used: see the module's docstring."""
    digest = hashlib.sha256(FORMAT)
    digest.update(f"{sys.version}\n{unicodedata.unidata_version}\n".encode())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name} {version}\n".encode())
    package = Path(__file__).resolve().parent
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(module.read_bytes()).digest())
    return digest.hexdigest().encode("ascii") + b"\n"


_STAMP: bytes | None = None


def _stamp() -> bytes:
    global _STAMP
    if _STAMP is None:
        _STAMP = stamp()
    return _STAMP


def folder() -> Path | None:
    """The cache folder, or None when the cache file is off."""
    chosen = os.environ.get(ENVIRONMENT, "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "factcheck"


def site_file(root: Path) -> Path | None:
    """The cache file of the site at `root` (one a site: two sites never share one)."""
    where = folder()
    if where is None:
        return None
    name = hashlib.sha256(os.fsencode(Path(root).resolve())).hexdigest()[:24]
    return where / f"{name}.pickle"


def _reducer(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    names = [f.name for f in dataclasses.fields(cls)]
    values = operator.attrgetter(*names)
    if len(names) == 1:
        return lambda obj: (cls, (values(obj),))
    return lambda obj: (cls, values(obj))


class Store:
    """The memos of the checks of one process, and their cache files.

    `types` are the frozen dataclasses the memos hold: each is pickled as its constructor's
    arguments, which reads back seven times faster than the dataclass's own state (measured
    at 10,000 claims: 0.17 s for 30,000 spans), and runs the constructor's checks again.
    """

    def __init__(self, memos: dict[str, Memo[Any, Any]], types: Iterable[type] = ()) -> None:
        self.memos = memos
        self._table = {cls: _reducer(cls) for cls in types}
        self._read: set[Path] = set()  # the files this process has seeded the memos from
        self._kept: dict[Path, dict[str, int]] = {}  # how many entries each file holds

    def begin(self, root: Path) -> None:
        """A check of the site at `root` begins: each memo starts a round, seeded from the
        site's cache file the first time this process checks it."""
        for memo in self.memos.values():
            memo.begin()
        path = site_file(root)
        if path is None or path in self._read:
            return
        self._read.add(path)
        entries = _load(path)
        for name, memo in self.memos.items():
            memo.seed(entries.get(name, {}))
        self._kept[path] = {name: len(entries.get(name, {})) for name in self.memos}

    def keep(self, root: Path) -> None:
        """A whole check of the site at `root` ended: what it used goes to the cache file,
        unless the file holds exactly that already."""
        path = site_file(root)
        if path is None:
            return
        counts = {name: len(memo.used()) for name, memo in self.memos.items()}
        learnt = any(memo.misses for memo in self.memos.values())
        if not learnt and self._kept.get(path) == counts:
            return
        payload = {name: memo.used() for name, memo in self.memos.items()}
        try:
            stream = io.BytesIO()
            stream.write(FORMAT + _stamp())
            pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.dispatch_table = self._table
            pickler.dump(payload)
            data = stream.getvalue()
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_atomic(path, data, replace=True)
            os.chmod(path, 0o600)  # kept by every later replacement (write_atomic)
        except (OSError, pickle.PicklingError) as error:  # a cache is a help, never a failure
            log.debug("factcheck: cache file %s not written: %s", path, error)
            return
        self._kept[path] = counts

    def forget(self) -> None:
        """Forget which cache files were read (tests: as if the process were new)."""
        self._read.clear()
        self._kept.clear()
        for memo in self.memos.values():
            memo.clear()


def private(info: os.stat_result) -> bool:
    """Whether a file is this user's own and no one else may write it: only such a pickle is
    read (in a shared folder named by FACTCHECK_CACHE, another user's would run their code)."""
    uid = getattr(os, "getuid", None)
    owned = uid is None or info.st_uid == uid()
    return owned and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _load(path: Path) -> dict[str, dict[Any, Any]]:
    """The entries of a cache file; nothing if it is missing, a link, not a regular file, too
    large, writable by anyone but its owner, this user, of another stamp, or damaged."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        # Without blocking (a FIFO put there would wait for a writer) and never through a link.
        with os.fdopen(os.open(path, flags), "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
                return {}
            if not private(info):
                log.debug("factcheck: cache file %s ignored: others may write it", path)
                return {}
            head = stream.read(len(FORMAT) + len(_stamp()))
            if head != FORMAT + _stamp():
                return {}
            entries = pickle.loads(stream.read())
    except FileNotFoundError:
        return {}
    except Exception as error:
        log.debug("factcheck: cache file %s ignored: %s", path, error)
        return {}
    if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
        return {}
    return entries


def digest(data: bytes) -> bytes:
    """The key part that stands for a file's bytes."""
    return hashlib.sha256(data).digest()
