"""The interface every store implements, and its one exception."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterable

from engine.errors import GuideError
from engine.recording import ConsultationRecord


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
