"""JSON-lines files that several processes append to: whole lines or nothing.

A line is appended under an exclusive lock on the file (POSIX; elsewhere the
single append is relied on), written in full however many writes it takes,
and fsynced; when the disk fills part way, the file is cut back to where it
was, so a half line is never kept. A line cut by a crash (no newline at the
end of the file) is ended before the next one, so it stays a line of its own.

Reading goes byte by byte line: a line that is not UTF-8 is the reader's to
set aside, never a reason to stop reading the lines after it.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no fcntl; appends stay single writes
    fcntl = None  # type: ignore[assignment]

#: The longest line read as a whole; a longer one is not a record Guide wrote.
MAX_LINE_BYTES = 16 * 1024 * 1024


@contextlib.contextmanager
def locked(path: Path, *, create: bool) -> Iterator[int | None]:
    """An open descriptor of ``path`` under an exclusive lock, or None when there is
    no such file (or it was renamed or deleted while the lock was awaited)."""
    flags = os.O_RDWR | os.O_APPEND | (os.O_CREAT if create else 0)
    while True:
        try:
            fd = os.open(path, flags, 0o600)
        except FileNotFoundError:
            if create:
                raise
            yield None
            return
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            if _still_at(fd, path):
                yield fd
                return
        finally:
            os.close(fd)  # closing releases the lock
        if not create:
            yield None
            return


def _still_at(fd: int, path: Path) -> bool:
    """Whether the open file is still the one at ``path`` (not renamed away meanwhile)."""
    try:
        there = path.stat()
    except FileNotFoundError:
        return False
    here = os.fstat(fd)
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def append_line(path: Path, line: bytes) -> None:
    """Append ``line`` (without its newline) to the file, whole or not at all.

    Raises:
        OSError: the file cannot be written; it is as it was before.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(path, create=True) as fd:
        assert fd is not None  # created if missing
        start = os.lseek(fd, 0, os.SEEK_END)
        data = line + b"\n"
        if start:
            os.lseek(fd, start - 1, os.SEEK_SET)
            if os.read(fd, 1) != b"\n":
                data = b"\n" + data  # a line cut by a crash stays a line of its own
        try:
            _write_all(fd, data)
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, start)
                os.fsync(fd)
            raise


def write_new(path: Path, data: bytes) -> None:
    """Write a new file (``path`` must not exist) in full, and fsync it.

    Raises:
        OSError: it cannot be written (what was written of it stays, to be deleted).
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        # A full disk may take part of a write and refuse the rest.
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[written:]
    os.fsync(fd)


def read_lines(file: BinaryIO) -> Iterator[bytes | None]:
    """Each line of the file, without its newline; None for a line longer than
    :data:`MAX_LINE_BYTES` (skipped, never held whole in memory). Blank lines
    are passed over."""
    while True:
        line = file.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = file.readline(MAX_LINE_BYTES)
            yield None
            continue
        if line.strip():
            yield line.rstrip(b"\r\n")


def count_lines(path: Path) -> int:
    """How many lines that are not blank the file holds (0 when there is none)."""
    try:
        with path.open("rb") as file:
            return sum(1 for _ in read_lines(file))
    except FileNotFoundError:
        return 0
