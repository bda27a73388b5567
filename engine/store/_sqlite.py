"""The embedded store: one SQLite file, in WAL mode, safe for concurrent writers.

The schema belongs to the project: ``schema_version`` holds how many of the
ordered :data:`MIGRATIONS` have run, and each connection brings the file up
to date in one immediate transaction (so two processes never migrate twice).
Each record is written in its own transaction; a writer that finds the file
locked waits up to ``timeout`` seconds, then gives up with :class:`StoreError`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from engine.recording import ConsultationRecord
from engine.store._base import (
    Store,
    StoredRecords,
    StoreError,
    parse_records,
    record_filters,
    storable,
)

#: The schema, one step per version; steps are only ever appended.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE consultations (
            id TEXT PRIMARY KEY,
            rulebase_id TEXT NOT NULL,
            rulebase_version TEXT NOT NULL,
            started TEXT NOT NULL,
            ended TEXT NOT NULL,
            resolution TEXT NOT NULL,
            record TEXT NOT NULL
        )""",
    ),
    ("CREATE INDEX consultations_by_rulebase ON consultations (rulebase_id, started)",),
)

#: SQLite's answers for a file that is not a database, or a damaged one.
_DAMAGED = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})


class SqliteStore(Store):
    """Records in a SQLite file; the file and its folder are created on first write."""

    kind = "SQLite"

    def __init__(self, path: Path, *, timeout: float = 5.0) -> None:
        self.path = path
        self.location = str(path)
        self.timeout = timeout

    def current_schema(self) -> int:
        return len(MIGRATIONS)

    def write(self, record: ConsultationRecord) -> None:
        row = (
            record.id,
            record.rulebase_id,
            record.rulebase_version,
            _utc(record.started),
            _utc(record.ended),
            record.resolution.value,
            storable(record, self.location),
        )
        with self._connection(create=True) as connection:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(
                # One row per consultation: a newer record (the same consultation
                # resumed and finished) replaces an older one, never the reverse.
                "INSERT INTO consultations VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET"
                " rulebase_version = excluded.rulebase_version, started = excluded.started,"
                " ended = excluded.ended, resolution = excluded.resolution,"
                " record = excluded.record"
                " WHERE excluded.ended >= consultations.ended",
                row,
            )
            connection.execute("COMMIT")

    def read(
        self,
        rulebase_id: str,
        *,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        version: str | None = None,
    ) -> StoredRecords:
        if not self.path.exists():
            return StoredRecords([])
        clauses, values = record_filters(since, until, version, moment=_utc)
        query = "SELECT record FROM consultations WHERE rulebase_id = ?" + clauses
        with self._connection(create=False) as connection:
            # Bytes: a row that is not UTF-8 is one unreadable record, not a failed read.
            connection.text_factory = bytes
            rows = connection.execute(query + " ORDER BY started, id", [rulebase_id, *values])
            texts = [row[0] for row in rows.fetchall()]
        return parse_records(texts)

    def schema_version(self) -> int:
        """How many migrations the file has had (0 for a new or empty file).

        Raises:
            StoreError: the file cannot be read.
        """
        if not self.path.exists():
            return 0
        with self._connection(create=False, migrate=False) as connection:
            return _version(connection)

    @contextlib.contextmanager
    def _connection(self, *, create: bool, migrate: bool = True) -> Iterator[sqlite3.Connection]:
        connection = None
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: transactions are begun and committed explicitly.
            connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            connection.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            if create:
                _use_wal(connection, self.timeout)
            if migrate:
                _migrate(connection, self.path)
            yield connection
        except (sqlite3.Error, OSError) as error:
            if connection is not None and connection.in_transaction:
                connection.rollback()
            raise StoreError(
                f"{self.path}: the store cannot be used ({error})", hint=self._hint(error)
            ) from None
        finally:
            if connection is not None:
                connection.close()

    def _hint(self, error: sqlite3.Error | OSError) -> str:
        if getattr(error, "sqlite_errorname", None) in _DAMAGED:
            return (
                f"the file is damaged, or is not a Guide store: move {self.path} aside "
                "(rename it) and Guide starts a new store there with the next record"
            )
        return "check that the folder can be written and the disk is not full"


def _use_wal(connection: sqlite3.Connection, timeout: float) -> None:
    """Put the file in WAL mode, waiting for other connections that hold it.

    Switching the journal mode answers "database is locked" at once, without the
    busy timeout, when another connection is creating the same new file; so it is
    retried here until ``timeout``. Once in WAL mode, the file stays so.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.01)
        else:
            return


def _version(connection: sqlite3.Connection) -> int:
    exists = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if exists is None:
        return 0
    row = connection.execute("SELECT version FROM schema_version").fetchone()
    return 0 if row is None else int(row[0])


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    if _version(connection) == len(MIGRATIONS):
        return
    connection.execute("BEGIN IMMEDIATE")  # one migrator at a time; others wait, then see it done
    current = _version(connection)
    if current > len(MIGRATIONS):
        connection.rollback()
        raise StoreError(
            f"{path}: the store was made by a newer Guide (schema {current})",
            hint="upgrade Guide",
        )
    connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    for step in MIGRATIONS[current:]:
        for statement in step:
            connection.execute(statement)
    connection.execute("DELETE FROM schema_version")
    connection.execute("INSERT INTO schema_version VALUES (?)", (len(MIGRATIONS),))
    connection.execute("COMMIT")


def _utc(moment: dt.datetime) -> str:
    """A sortable text form: UTC, ISO 8601."""
    return moment.astimezone(dt.UTC).isoformat()
