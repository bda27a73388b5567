"""The interface every store implements, and its one exception."""

from __future__ import annotations

import datetime as dt
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from engine.errors import GuideError
from engine.recording import ConsultationRecord, RecordError, record_from_dict


class StoreError(GuideError):
    """A store cannot be used: misconfigured, unreachable, locked, full or corrupt."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.hint = hint
        super().__init__(message)


class RecordRefused(StoreError):
    """The store refuses this one record (it holds what the store cannot keep, such
    as a NUL in a text column); the store can still take other records."""


#: Told of each record a store refuses in :meth:`Store.write_all`, and why.
Refused = Callable[[ConsultationRecord, RecordRefused], None]


@dataclass(frozen=True, slots=True)
class StoredRecords:
    """What :meth:`Store.read` found."""

    #: The records read, oldest first.
    records: list[ConsultationRecord]
    #: Stored records that could not be read, skipped.
    unreadable: int = 0
    #: Why the first of them could not be read.
    problem: str | None = None


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
            RecordRefused: the store cannot keep this record; it can keep others.
            StoreError: the store cannot be written now.
        """

    def write_all(
        self, records: Iterable[ConsultationRecord], *, refused: Refused | None = None
    ) -> int:
        """Keep each record, one transaction each; return how many were written.

        A record the store refuses is passed to ``refused`` and the others are
        still written; without ``refused``, it stops the writing (RecordRefused).
        A back end whose connections are costly overrides this to use one.

        Raises:
            StoreError: the store failed part way; the records before it are kept.
        """
        written = 0
        for record in records:
            try:
                self.write(record)
            except RecordRefused as error:
                if refused is None:
                    raise
                refused(record, error)
            else:
                written += 1
        return written

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
            StoreError: the store cannot be read, or a stored record is corrupt
                (:meth:`read` skips and counts such records instead).
        """
        found = self.read(rulebase_id, since=since, until=until, version=version)
        if found.unreadable:
            raise StoreError(
                f"{self.location}: a stored record is corrupt ({found.problem})",
                hint="`guide stats` skips and counts such records",
            )
        return found.records

    @abstractmethod
    def read(
        self,
        rulebase_id: str,
        *,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        version: str | None = None,
    ) -> StoredRecords:
        """Like :meth:`records`, but a stored record that cannot be read (corrupt,
        or written by something other than Guide) is skipped and counted.

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


def parse_records(texts: Iterable[object]) -> StoredRecords:
    """Stored records (JSON text, or its UTF-8 bytes) read back; those that are
    not records, skipped."""
    records, unreadable, problem = [], 0, None
    for text in texts:
        try:
            data = text.decode("utf-8") if isinstance(text, bytes) else text
            if not isinstance(data, str):
                raise TypeError(f"expected text, found {type(data).__name__}")
            records.append(record_from_dict(json.loads(data)))
        except (RecordError, ValueError, TypeError, RecursionError) as error:
            # ValueError: not UTF-8, not JSON, or a number too long to read;
            # RecursionError: nested too deeply.
            unreadable += 1
            problem = problem or _why(error)
    return StoredRecords(records, unreadable, problem)


def storable(record: ConsultationRecord, location: str) -> str:
    """The record as JSON text, once it is known to read back as it is.

    Raises:
        RecordRefused: it would not read back (e.g. a time without a time zone,
            an id the loader refuses), so no store keeps it.
    """
    try:
        data = json.dumps(record.to_dict(), ensure_ascii=False, sort_keys=True)
        data.encode("utf-8")  # a lone surrogate cannot be kept as text
        record_from_dict(json.loads(data))
    except (RecordError, ValueError, TypeError, OverflowError, RecursionError) as error:
        raise RecordRefused(f"{location}: the record cannot be stored ({_why(error)})") from None
    return data


def _why(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error) if str(error) else type(error).__name__
