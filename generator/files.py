"""Reading and writing the files of a site, safely.

Reading: a claim, source or snapshot file is read only when, once symbolic links are resolved, it
is a regular file inside the folder it belongs to and no larger than a limit; it is opened without
blocking, so a FIFO or a device never hangs a command. Each refusal is a `FileRefusal` with a
problem code and a hint.

Writing: every file the tools write goes through `write_atomic`: a temporary file in the same
folder, flushed and synced, then renamed into place (or linked, when an existing file must not
be replaced), so that an interruption leaves either the old file or the new one, never half.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: Default limits, in bytes; a site sets its own with the plugin options of the same names.
MAX_YAML_BYTES = 1_000_000
MAX_SNAPSHOT_BYTES = 50_000_000


@dataclass(frozen=True, slots=True)
class Limits:
    """How large a claim or source file (`yaml`) and a snapshot may be, in bytes."""

    yaml: int = MAX_YAML_BYTES
    snapshot: int = MAX_SNAPSHOT_BYTES


#: The limits of a site that sets none.
DEFAULT_LIMITS = Limits()


class FileRefusal(Exception):
    """A file that is not read: `code` is a problem code, `hint` says what to do."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


def is_within(path: str, folder: str) -> bool:
    """Whether the resolved `path` is `folder` or lies inside it (both already resolved)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


@functools.lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def forget_folders() -> None:
    """Drop the memo of resolved folders: each check starts from what is on disk now."""
    _real_folder.cache_clear()


def _resolved(path: Path) -> str:
    """Where `path` really is, links resolved. Resolving costs a system call per component of
    the path (1.3 s for 11,000 files at ten levels), so only the file itself is looked at each
    time; its folder comes from a memo that every check clears first."""
    try:
        info = os.lstat(path)
    except OSError:
        return os.path.realpath(path)
    if stat.S_ISLNK(info.st_mode):
        return os.path.realpath(path)
    name = os.fspath(path)
    folder, name = os.path.split(name if os.path.isabs(name) else os.path.abspath(name))
    return os.path.join(_real_folder(folder), name)


def read_file(path: Path, *, inside: Path, limit: int, shown: str) -> bytes:
    """The bytes of `path`, which must resolve to a regular file inside `inside` of at most
    `limit` bytes; `shown` is how messages name it. Raises `FileRefusal`."""
    real = _resolved(path)
    if not is_within(real, _real_folder(os.path.abspath(inside))):
        raise FileRefusal(
            "file-outside",
            f"{shown} is a link to {real}, outside {inside.name}/",
            "copy the file into the site instead of linking to it",
        )
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        broken = os.path.islink(path)
        raise FileRefusal(
            "unreadable",
            f"{shown} {'is a broken link' if broken else 'does not exist'}",
            "point the link at a file inside the site, or remove it" if broken else None,
        ) from None
    except OSError as error:
        raise FileRefusal(
            "unreadable",
            f"{shown} cannot be read: {error.strerror}",
            "check the file's permissions",
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefusal(
                "not-a-file",
                f"{shown} is not a regular file but a {_kind(info.st_mode)}",
                "claims, sources and snapshots are plain text files",
            )
        if info.st_size > limit:
            raise FileRefusal(*_too_large(shown, info.st_size, limit))
        chunks = []
        size = 0
        while size <= limit:  # one read nearly always; more if the file grew meanwhile
            chunk = os.read(fd, max(info.st_size, 1) + 1)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
    except OSError as error:
        raise FileRefusal(
            "unreadable",
            f"{shown} cannot be read: {error.strerror}",
            "check the file and the disk it is on",
        ) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise FileRefusal(*_too_large(shown, len(data), limit))
    return data


def _too_large(shown: str, size: int, limit: int) -> tuple[str, str, str]:
    return (
        "too-large",
        f"{shown} is {size:,} bytes, more than the limit of {limit:,}",
        "split it, or raise the limit in mkdocs.yml (max_yaml_bytes / max_snapshot_bytes "
        "in the factcheck plugin's options)",
    )


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def write_atomic(path: Path, data: bytes, *, replace: bool) -> None:
    """Write `data` to `path` whole or not at all: into a temporary file in the same folder,
    flushed and synced to disk, then renamed over `path` (`replace`) or linked to it, which
    fails with `FileExistsError` if `path` exists meanwhile. The temporary file never stays.
    A new file gets the mode any new file of the editor gets (0666 less the umask); a replaced
    file keeps its own."""
    temporary = stage(path, data)
    try:
        place(temporary, path, replace=replace)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def stage(path: Path, data: bytes, name: str | None = None) -> Path:
    """`data` written, synced and given the mode `path` will have, in a temporary file beside
    `path` (named `name` when given, else a fresh name); the first half of `write_atomic`."""
    folder = path.parent
    if name is None:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    else:
        temporary = str(folder / name)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as stream:
            os.fchmod(stream.fileno(), _mode_for(path))
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return Path(temporary)


def place(temporary: Path, path: Path, *, replace: bool) -> None:
    """Rename the staged `temporary` over `path` (`replace`), or link it there and remove it,
    which fails with `FileExistsError` if `path` exists; then sync the folder."""
    if replace:
        os.replace(temporary, path)
    else:
        os.link(temporary, path)
        os.unlink(temporary)
    _sync_folder(path.parent)


def _mode_for(path: Path) -> int:
    """The permission bits `path` keeps (an existing file) or gets (a new one)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read without changing it where the system says it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the system allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
