"""Replacing a file whole: the old bytes or the new ones, never half of either.

Sessions after every answer and rule bases gaining a scenario are written the
same way: a temporary file with a unique name beside the target, synced to the
disk, renamed over the target, then the folder synced so that the rename lasts.
A kill or a power cut at any moment leaves the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

__all__ = ["replace_file"]


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` as the whole of ``path``, atomically.

    A new file is readable by its owner only; an existing one keeps its mode.
    The temporary name is unique, so concurrent writers never share one, and it
    is removed if anything (a signal too) stops the write.

    Raises:
        OSError: the folder cannot take the file, or the disk is full.
    """
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".guide-tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            shutil.copymode(path, temporary)
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the system allows syncing a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename is still atomic
    finally:
        os.close(descriptor)
