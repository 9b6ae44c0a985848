"""Folders and files that only their owner can read (POSIX: folders 0700, files 0600).

The data folder, the database file (SQLite gives its -wal and -shm files the database file's
mode), the log and the documents Mobility Desk writes (the teacher brief is confidential,
letters name a pupil and guardians) are created with these modes, never first world-readable
and tightened afterwards. On Windows the modes mean nothing: the user's profile folders already
carry an access list that lets only the user (and administrators) in.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
_POSIX = os.name == "posix"
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def private_folder(path: Path) -> Path:
    """Make ``path`` and any missing parents 0700; an existing folder is left as it is."""
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            continue  # made by someone else meanwhile: not ours to change
        if _POSIX:
            folder.chmod(FOLDER_MODE)  # mkdir's mode passes through the umask
    return path


def tighten(path: Path, mode: int = FILE_MODE) -> None:
    """Make an existing file or folder of ours readable by its owner only (POSIX)."""
    if _POSIX and path.exists():
        with contextlib.suppress(OSError):  # a read-only file system: nothing to tighten
            path.chmod(mode)


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty with mode 0600 (its folder 0700 when missing); False if it exists."""
    private_folder(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, FILE_MODE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def open_private(path: Path, flags: int) -> int:
    """``os.open`` with mode 0600, also for a file that existed before (it is about to be
    overwritten or appended with private data)."""
    fd = os.open(path, flags | os.O_CREAT | _BINARY, FILE_MODE)
    if _POSIX:
        # Someone else's file we may write to: its owner chose its mode.
        with contextlib.suppress(OSError):
            os.fchmod(fd, FILE_MODE)
    return fd


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (replacing it) so that only the owner can read it."""
    fd = open_private(path, os.O_WRONLY | os.O_TRUNC)
    with os.fdopen(fd, "wb") as file:
        file.write(data)
