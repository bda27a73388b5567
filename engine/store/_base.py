"""The interface every store implements, and its one exception."""

from __future__ import annotations

import datetime as dt
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable

from engine.errors import GuideError
from engine.recording import ConsultationRecord, RecordError, record_from_dict


class StoreError(GuideError):
    """A store cannot be used: misconfigured, unreachable, locked, full or corrupt."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.hint = hint
        super().__init__(message)


class Store(ABC):
    """Keeps consultation records; safe for several writers at once.

    A back end creates and migrates its own schema on first use, writes each
    record in one transaction, and keeps a record sent twice (same ``id``) once.
    """

    #: Where the store is, for messages (a path or a URL without credentials).
    location: str
    #: What kind of store it is, for people: "SQLite", "PostgreSQL".
    kind: str

    @abstractmethod
    def schema_version(self) -> int:
        """How many of this back end's migrations the store has had (0: none yet).

        Reading it creates nothing.

        Raises:
            StoreError: the store cannot be reached or read.
        """

    @abstractmethod
    def current_schema(self) -> int:
        """The schema version this Guide writes."""

    @abstractmethod
    def write(self, record: ConsultationRecord) -> None:
        """Keep one record, in one transaction.

        Raises:
            StoreError: the store cannot be written now.
        """

    def write_all(self, records: Iterable[ConsultationRecord]) -> int:
        """Keep each record, one transaction each; return how many were written.

        A back end whose connections are costly overrides this to use one.

        Raises:
            StoreError: the store failed part way; the records before it are kept.
        """
        written = 0
        for record in records:
            self.write(record)
            written += 1
        return written

    @abstractmethod
    def records(
        self,
        rulebase_id: str,
        *,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        version: str | None = None,
    ) -> list[ConsultationRecord]:
        """A rule base's records, oldest first: started at or after ``since`` and
        before ``until``, of one rule base ``version`` if given.

        Raises:
            StoreError: the store cannot be read.
        """


def record_filters(
    since: dt.datetime | None,
    until: dt.datetime | None,
    version: str | None,
    *,
    moment: Callable[[dt.datetime], object],
) -> tuple[str, list[object]]:
    """What a back end's ``records()`` query adds after ``WHERE rulebase_id = ?``:
    the conditions, with ``?`` placeholders, and their values (times through
    ``moment``, into the form the back end stores)."""
    clauses, values = "", []
    for clause, value in (
        (" AND started >= ?", None if since is None else moment(since)),
        (" AND started < ?", None if until is None else moment(until)),
        (" AND rulebase_version = ?", version),
    ):
        if value is not None:
            clauses += clause
            values.append(value)
    return clauses, values


def parse_records(texts: Iterable[str], location: str) -> list[ConsultationRecord]:
    """Stored records (JSON text) read back.

    Raises:
        StoreError: one of them is not a record.
    """
    try:
        return [record_from_dict(json.loads(text)) for text in texts]
    except (RecordError, json.JSONDecodeError) as error:
        raise StoreError(f"{location}: a stored record is corrupt ({error})") from None
