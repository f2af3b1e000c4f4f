"""The hidden temporary files a download writes before renaming them: made, and cleaned up.

A file being downloaded lives in the output folder as ``.sectra-download-<16 hex digits>.part``
until it is complete. Its writer holds an exclusive lock on it (``flock``) for as long as the
file is open, so any process can tell a live download's file from one left behind by a process
that was killed (``SIGKILL``, a power cut): the kernel drops the lock when its holder dies.

:func:`remove_stale_temporary_files` deletes a file only when every one of these holds:

- its name is exactly our pattern (not merely a ``.part`` file);
- it is a regular file, not a symbolic link or anything else, and it belongs to this user;
- it has not been written for :data:`STALE_AFTER_SECONDS` (which also covers the instant
  between a writer creating the file and locking it);
- nobody holds its lock, so no download (in this process or another) is writing it.

Anything it cannot be sure of is left alone: on a file system without locks nothing is deleted.
Where ``flock`` does not exist (Windows), a file that is open cannot be deleted, so a live
download's file survives the attempt.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import sys
import time
from pathlib import Path

__all__ = [
    "STALE_AFTER_SECONDS",
    "create_temporary_file",
    "is_temporary_file_name",
    "remove_stale_temporary_files",
]

STALE_AFTER_SECONDS = 60.0
"""A temporary file unwritten for this long, and unlocked, was left by a download that died."""

_PREFIX = ".sectra-download-"
_SUFFIX = ".part"
_NAME = re.compile(r"\.sectra-download-[0-9a-f]{16}\.part")
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_INSPECT_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def create_temporary_file(folder: Path) -> tuple[int, Path]:
    """Create a new, empty, hidden temporary file in ``folder``, locked for as long as its
    descriptor is open (where the file system supports locks); return the descriptor
    (write-only) and the path.

    Raises:
        OSError: the file cannot be created.
    """
    for _ in range(100):
        path = folder / f"{_PREFIX}{secrets.token_hex(8)}{_SUFFIX}"
        try:
            descriptor = os.open(path, _CREATE_FLAGS, 0o666)
        except FileExistsError:
            continue
        with contextlib.suppress(OSError):  # no locks on this file system: nothing is deleted
            _lock(descriptor)
        return descriptor, path
    raise FileExistsError("no free temporary file name in the output folder")


def is_temporary_file_name(name: str) -> bool:
    """Whether ``name`` is the name of one of our temporary files."""
    return _NAME.fullmatch(name) is not None


def remove_stale_temporary_files(folder: Path) -> list[Path]:
    """Delete the temporary files that downloads which died left in ``folder`` (see the module
    documentation for what counts as one); return the paths deleted. Never raises."""
    try:
        with os.scandir(folder) as entries:
            candidates = [
                Path(entry.path) for entry in entries if is_temporary_file_name(entry.name)
            ]
    except OSError:
        return []
    now = time.time()
    return [path for path in candidates if _remove_if_stale(path, now)]


def _remove_if_stale(path: Path, now: float) -> bool:
    try:
        seen = os.lstat(path)
        if not _is_abandoned_candidate(seen, now):
            return False
        descriptor = os.open(path, _INSPECT_FLAGS)
    except OSError:
        return False
    try:
        opened = os.fstat(descriptor)
        if (opened.st_dev, opened.st_ino) != (seen.st_dev, seen.st_ino):
            return False
        _lock(descriptor)
        os.unlink(path)
    except OSError:
        return False
    finally:
        os.close(descriptor)
    return True


def _is_abandoned_candidate(status: os.stat_result, now: float) -> bool:
    """A regular file of this user's, unwritten for :data:`STALE_AFTER_SECONDS`."""
    if not stat.S_ISREG(status.st_mode):
        return False
    if hasattr(os, "geteuid") and status.st_uid != os.geteuid():
        return False
    return now - status.st_mtime >= STALE_AFTER_SECONDS


if sys.platform == "win32":

    def _lock(descriptor: int) -> None:
        """Windows has no ``flock``; an open file cannot be deleted there anyway."""

else:
    import fcntl

    def _lock(descriptor: int) -> None:
        """Take the file's exclusive lock without waiting.

        Raises:
            BlockingIOError: another open file (a live download) holds it.
            OSError: the file system does not support locks.
        """
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
