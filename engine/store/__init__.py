"""Where consultation records are kept: an abstract store and its back ends.

The default is SQLite in the user's data directory, with no setup. A store
that cannot be written never breaks a consultation: :class:`Recorder` puts
the record in a local queue and sends it with the next successful write.

Settings come from the environment (the caller passes it, so the engine
reads nothing on its own):

- ``GUIDE_DATA_DIR``: the data directory; else ``$XDG_DATA_HOME/guide``,
  else ``~/.local/share/guide``.
- ``GUIDE_STORE``: unset for ``guide.sqlite3`` in the data directory,
  ``sqlite:///path/to/file``, or ``postgresql://user@host/database`` (any
  libpq connection URL) for a team's shared PostgreSQL database. The records
  that cannot be sent wait in the queue in the data directory either way.
- ``GUIDE_RECORD``: ``0`` (or ``false``, ``no``, ``off``) switches recording off.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from engine.store._base import RecordRefused, Store, StoredRecords, StoreError
from engine.store._queue import Recorder, Saved
from engine.store._sqlite import MIGRATIONS, SqliteStore

__all__ = [
    "DATABASE_NAME",
    "MIGRATIONS",
    "RecordRefused",
    "Recorder",
    "Saved",
    "SqliteStore",
    "Store",
    "StoreError",
    "StoreSettings",
    "StoredRecords",
    "open_recorder",
    "open_store",
    "store_settings",
]

DATABASE_NAME = "guide.sqlite3"
_OFF = frozenset({"0", "false", "no", "off"})
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")


@dataclass(frozen=True, slots=True)
class StoreSettings:
    """Where records go, and whether they are kept at all."""

    data_dir: Path
    #: ``GUIDE_STORE`` as given; None for the default SQLite file.
    url: str | None
    enabled: bool


def store_settings(env: Mapping[str, str]) -> StoreSettings:
    """The store's settings from environment variables (see the module's docstring)."""
    if env.get("GUIDE_DATA_DIR"):
        data_dir = Path(env["GUIDE_DATA_DIR"])
    elif env.get("XDG_DATA_HOME"):
        data_dir = Path(env["XDG_DATA_HOME"]) / "guide"
    else:
        home = Path(env["HOME"]) if env.get("HOME") else Path.home()
        data_dir = home / ".local" / "share" / "guide"
    enabled = env.get("GUIDE_RECORD", "1").strip().casefold() not in _OFF
    return StoreSettings(data_dir, env.get("GUIDE_STORE") or None, enabled)


def open_store(settings: StoreSettings) -> Store:
    """The store the settings name; nothing is opened or written yet.

    Raises:
        StoreError: the URL names a kind of store this Guide cannot use.
    """
    url = settings.url
    if url is None:
        return SqliteStore(settings.data_dir / DATABASE_NAME)
    scheme, separator, rest = url.partition("://")
    if not separator or not _SCHEME.fullmatch(scheme):
        raise StoreError(
            # Never repeated: without its scheme, a URL's start may be its password.
            "GUIDE_STORE is not a store URL (it does not start with a name and `://`)",
            hint="unset it, or use sqlite:///PATH or postgresql://USER@HOST/DATABASE",
        )
    if scheme == "sqlite" and rest.startswith("/") and len(rest) > 1:
        return SqliteStore(Path(rest))
    if scheme == "sqlite":
        raise StoreError(
            f"GUIDE_STORE={url}: give the database file's full path",
            hint="for example GUIDE_STORE=sqlite:///home/me/guide.sqlite3",
        )
    if scheme in {"postgresql", "postgres"}:
        return _postgres_store(url)
    raise StoreError(
        # Only the scheme is repeated: the rest of a URL may hold a password.
        f"GUIDE_STORE: `{scheme}://` is not a store this Guide knows",
        hint="unset it, or use sqlite:///PATH or postgresql://USER@HOST/DATABASE",
    )


def _postgres_store(url: str) -> Store:
    """The PostgreSQL store, whose driver is an optional part of Guide."""
    try:
        # Imported here: psycopg is installed with the `postgresql` extra only,
        # and a worker on the SQLite store should not need it.
        from engine.store._postgres import PostgresStore  # noqa: PLC0415
    except ImportError:
        raise StoreError(
            "GUIDE_STORE names a PostgreSQL store, but its driver (psycopg) is not installed",
            hint="install Guide with its `postgresql` extra: pip install '.[postgresql]'"
            " in Guide's folder, or pip install 'psycopg[binary]'",
        ) from None
    return PostgresStore(url)


def open_recorder(settings: StoreSettings) -> Recorder:
    """A recorder for the configured store, queueing in the data directory.

    Raises:
        StoreError: see :func:`open_store`.
    """
    return Recorder(open_store(settings), settings.data_dir)
