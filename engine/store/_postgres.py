"""The team store: one PostgreSQL database that many workers' Guides write to at once.

The schema belongs to the project, as in the SQLite store: ``guide_schema_version``
holds how many of the ordered :data:`MIGRATIONS` have run, and a connection that
finds the schema behind brings it up to date in one transaction, holding a
transaction-level advisory lock so that two Guides never migrate at once. The
tables are prefixed ``guide_`` because a team database is often shared with
other applications; a ``search_path`` in the URL puts them in a schema of their own.

Each record is written in its own transaction. A server that is down, full or
refuses the login raises :class:`StoreError`, and the recorder queues the record.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import conninfo

from engine.recording import ConsultationRecord
from engine.store._base import (
    RecordRefused,
    Refused,
    Store,
    StoredRecords,
    StoreError,
    parse_records,
    record_filters,
    storable,
)

#: The schema, one step per version; steps are only ever appended. The record is
#: ``json``, not ``jsonb``: it is kept as written, and ``jsonb`` refuses ``\\u0000``,
#: which a worker's comment may carry.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE guide_consultations (
            id text PRIMARY KEY,
            rulebase_id text NOT NULL,
            rulebase_version text NOT NULL,
            started timestamptz NOT NULL,
            ended timestamptz NOT NULL,
            resolution text NOT NULL,
            record json NOT NULL
        )""",
        "CREATE INDEX guide_consultations_by_rulebase"
        " ON guide_consultations (rulebase_id, started)",
    ),
)

#: Taken (per transaction) by whoever migrates; any constant unique to Guide will do.
_MIGRATION_LOCK = 0x6775_6964_6500  # "guide"
#: Seconds to wait for the server before the record goes to the queue; a
#: ``connect_timeout`` in the URL wins.
CONNECT_TIMEOUT = 5

_UPSERT = (
    # One row per consultation: a newer record (the same consultation resumed and
    # finished) replaces an older one, never the reverse.
    "INSERT INTO guide_consultations"
    " (id, rulebase_id, rulebase_version, started, ended, resolution, record)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s)"
    " ON CONFLICT (id) DO UPDATE SET"
    " rulebase_version = excluded.rulebase_version, started = excluded.started,"
    " ended = excluded.ended, resolution = excluded.resolution, record = excluded.record"
    " WHERE excluded.ended >= guide_consultations.ended"
)


class PostgresStore(Store):
    """Records in a PostgreSQL database given by a connection URL.

    Raises:
        StoreError: the URL is not a connection string psycopg understands.
    """

    kind = "PostgreSQL"

    def __init__(self, url: str) -> None:
        _check_credentials(url)
        try:
            options = conninfo.conninfo_to_dict(url)
        except psycopg.Error as error:
            raise StoreError(
                # The parser's words quote the URL, password and all: only its kind is said.
                f"GUIDE_STORE is not a PostgreSQL connection URL ({_parse_problem(error)})",
                hint="for example GUIDE_STORE=postgresql://guide@db.example.com/guide",
            ) from None
        self.url = url
        meant = options.get("password")
        #: Texts never shown, longest first: the password as meant and as written.
        self._secrets = sorted(
            {
                text
                for text in (None if meant is None else str(meant), _userinfo_password(url))
                if text
            },
            key=len,
            reverse=True,
        )
        self.location = _without_password(options)
        self._options: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT, **options}

    def current_schema(self) -> int:
        return len(MIGRATIONS)

    def write(self, record: ConsultationRecord) -> None:
        self.write_all([record])

    def write_all(
        self, records: Iterable[ConsultationRecord], *, refused: Refused | None = None
    ) -> int:
        written = 0
        with self._connection() as connection:
            self._migrate(connection)
            for record in records:
                problem: RecordRefused | None = None
                try:
                    row = _row(record, self.location)
                    with connection.transaction():
                        connection.execute(_UPSERT, row)
                except (psycopg.DataError, psycopg.IntegrityError, UnicodeEncodeError) as error:
                    # This record only (e.g. a NUL in a text column): the others still go.
                    problem = RecordRefused(
                        f"{self.location}: the record cannot be stored ({self._shown(error)})"
                    )
                except RecordRefused as error:
                    problem = error
                if problem is not None:
                    if refused is None:
                        raise problem from None
                    refused(record, problem)
                else:
                    written += 1
        return written

    def read(
        self,
        rulebase_id: str,
        *,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        version: str | None = None,
    ) -> StoredRecords:
        clauses, values = record_filters(since, until, version, moment=lambda time: time)
        query = (
            "SELECT record::text FROM guide_consultations WHERE rulebase_id = ?" + clauses
        ).replace("?", "%s")
        with self._connection() as connection:
            # Reading creates nothing: an empty database has no records yet.
            if self._version(connection) == 0:
                return StoredRecords([])
            self._migrate(connection)
            rows = connection.execute(query + " ORDER BY started, id", [rulebase_id, *values])
            texts = [row[0] for row in rows.fetchall()]
        return parse_records(texts)

    def schema_version(self) -> int:
        """How many migrations the database has had (0 for a new one).

        Raises:
            StoreError: the database cannot be reached.
        """
        with self._connection() as connection:
            return self._version(connection)

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        try:
            # autocommit: every transaction is begun explicitly with transaction().
            with psycopg.connect(**self._options, autocommit=True) as connection:
                yield connection
        except psycopg.Error as error:
            raise StoreError(
                f"{self.location}: the store cannot be used ({self._shown(error)})",
                hint="check GUIDE_STORE, that the server is running, and the user's rights",
            ) from None

    def _shown(self, error: BaseException) -> str:
        """The driver's first line, with the password (if it quotes it) blotted out."""
        text = _first_line(error)
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def _version(self, connection: psycopg.Connection[Any]) -> int:
        # The catalog is read with a query, not to_regclass(): a query sees what was
        # committed before it began, while to_regclass() may answer from a cache
        # that a Guide waiting for the migration lock has not refreshed.
        exists = connection.execute(
            "SELECT 1 FROM pg_catalog.pg_tables"
            " WHERE schemaname = current_schema() AND tablename = 'guide_schema_version'"
        ).fetchone()
        if exists is None:
            return 0
        row = connection.execute("SELECT version FROM guide_schema_version").fetchone()
        return 0 if row is None else int(row[0])

    def _migrate(self, connection: psycopg.Connection[Any]) -> None:
        if self._version(connection) == len(MIGRATIONS):
            return
        with connection.transaction():
            # One migrator at a time; the others wait here, then find it done.
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            current = self._version(connection)
            if current > len(MIGRATIONS):
                raise StoreError(
                    f"{self.location}: the store was made by a newer Guide (schema {current})",
                    hint="upgrade Guide",
                )
            connection.execute(
                "CREATE TABLE IF NOT EXISTS guide_schema_version (version integer NOT NULL)"
            )
            for step in MIGRATIONS[current:]:
                for statement in step:
                    connection.execute(statement)
            connection.execute("DELETE FROM guide_schema_version")
            connection.execute("INSERT INTO guide_schema_version VALUES (%s)", (len(MIGRATIONS),))


def _row(record: ConsultationRecord, location: str) -> tuple[object, ...]:
    data = storable(record, location)
    return (
        record.id,
        record.rulebase_id,
        record.rulebase_version,
        record.started,
        record.ended,
        record.resolution.value,
        data,
    )


#: Characters that cannot stand for themselves in a URL's user name or password.
_MUST_BE_ENCODED = re.compile(r"[@/?#\[\]]|%(?![0-9A-Fa-f]{2})")


def _userinfo(url: str) -> str | None:
    """All that may be the user name and password: from ``//`` to the last ``@``."""
    rest = url.partition("://")[2]
    return rest.rpartition("@")[0] if "@" in rest else None


def _userinfo_password(url: str) -> str | None:
    userinfo = _userinfo(url)
    if userinfo is None or ":" not in userinfo:
        return None
    return userinfo.partition(":")[2]


def _check_credentials(url: str) -> None:
    """Refuse a user name or password that a URL parser would cut in the wrong place,
    so that no part of it is taken for a host, a port, a database or an option
    and shown in a message.

    Raises:
        StoreError: it holds ``@ / ? # [ ]`` or a ``%`` not followed by two hex digits.
    """
    userinfo = _userinfo(url)
    if userinfo is not None and _MUST_BE_ENCODED.search(userinfo):
        raise StoreError(
            "GUIDE_STORE: the user name or password holds a character that must be "
            "percent-encoded in a URL",
            hint="write % as %25, @ as %40, / as %2F, ? as %3F, # as %23 (: may stay), "
            "e.g. the password a@b%c is written postgresql://USER:a%40b%25c@HOST/DATABASE",
        )


def _parse_problem(error: BaseException) -> str:
    """What kind of mistake the URL parser found, without its quote of the URL."""
    text = str(error)
    for words in ("invalid percent-encoded token", "invalid URI query parameter"):
        if words in text:
            return words
    if "missing" in text and "=" in text:
        return "an option without a value"
    return "it cannot be read as one"


def _without_password(options: dict[str, Any]) -> str:
    """The URL to show in messages: never the password."""
    user = f"{options['user']}@" if options.get("user") else ""
    host = options.get("host") or "localhost"
    port = f":{options['port']}" if options.get("port") else ""
    return f"postgresql://{user}{host}{port}/{options.get('dbname') or ''}"


def _first_line(error: BaseException) -> str:
    # psycopg's messages carry a DETAIL/HINT tail meant for DBAs; the first line says it.
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
