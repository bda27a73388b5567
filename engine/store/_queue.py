"""Records that could not be stored wait in a local queue, and are sent later.

The queue is a JSON-lines file in the data directory, one record per line,
each appended whole or not at all (see :mod:`engine.store._lines`). Sending
renames it first, under its lock (so records queued meanwhile go to a fresh
file and are never lost), writes each record (the store keeps a record sent
twice once), then deletes the renamed file.

Nothing in the queue can hold the rest back: a line that is not a record (not
UTF-8, not JSON, too deep or too large, not a consultation record) and a record
the store refuses (e.g. text PostgreSQL cannot hold) are moved to
``rejected.jsonl`` beside it, for a person to look at, and the others are sent.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from engine.recording import ConsultationRecord, RecordError, record_from_dict
from engine.store._base import RecordRefused, Store, StoreError
from engine.store._lines import (
    MAX_LINE_BYTES,
    append_line,
    count_lines,
    locked,
    read_lines,
    write_new,
)

QUEUE_NAME = "queue.jsonl"
REJECTED_NAME = "rejected.jsonl"
_SENDING = "sending-*.jsonl"


@dataclass(frozen=True, slots=True)
class Saved:
    """What became of a record."""

    #: True when it waits in the queue; False when the store has it.
    queued: bool
    #: Queued records sent along with it.
    sent_from_queue: int = 0
    #: Why the store could not take it, when queued.
    problem: str | None = None


class Recorder:
    """Writes records to a store, through the queue when the store fails."""

    def __init__(self, store: Store, data_dir: Path) -> None:
        self.store = store
        self.data_dir = data_dir
        self.queue_path = data_dir / QUEUE_NAME
        self.rejected_path = data_dir / REJECTED_NAME

    def save(self, record: ConsultationRecord) -> Saved:
        """Store the record, or queue it; then send what was queued before.

        Raises:
            StoreError: neither the store nor the queue can take the record, or
                the store refuses this record (it is then kept in ``rejected.jsonl``).
        """
        try:
            self.store.write(record)
        except RecordRefused as error:
            self._reject_record(record, error)
            raise StoreError(
                f"{error}; the record is kept in {self.rejected_path}",
                hint="`guide store` counts the records kept there; a person can look at them",
            ) from None
        except StoreError as error:
            self._append(record, error)
            return Saved(queued=True, problem=str(error))
        try:
            return Saved(queued=False, sent_from_queue=self.flush())
        except StoreError:
            return Saved(queued=False)

    def flush(self) -> int:
        """Send every queued record to the store; return how many were sent.

        Lines that are not records, and records the store refuses, are moved to
        ``rejected.jsonl`` (see :meth:`rejected`); they never hold the others back.

        Raises:
            StoreError: the store failed part way; what was not sent stays queued.
        """
        try:
            self._take_queue()
            sent = 0
            for batch in sorted(self.data_dir.glob(_SENDING)):
                with locked(batch, create=False) as fd:
                    if fd is None:
                        continue  # another process has sent it
                    records = self._read_batch(batch)
                    sent += self.store.write_all(records, refused=self._reject_record)
                    batch.unlink(missing_ok=True)
        except OSError as error:
            # The consultation that sends the queue must still end cleanly.
            raise StoreError(
                f"{self.data_dir}: the queue cannot be sent ({error.strerror or error})",
                hint="check that the data directory can be written and the disk is not full",
            ) from None
        return sent

    def queued(self) -> int:
        """How many records wait in the queue."""
        files = [self.queue_path, *self.data_dir.glob(_SENDING)]
        return sum(count_lines(path) for path in files)

    def rejected(self) -> int:
        """How many lines were set aside in ``rejected.jsonl``: lines of the queue
        that were not records, and records the store refused."""
        return count_lines(self.rejected_path)

    def _take_queue(self) -> None:
        """Rename the queue for sending, under its lock: no append is cut in two."""
        with locked(self.queue_path, create=False) as fd:
            if fd is not None:
                self.queue_path.replace(self.data_dir / f"sending-{uuid.uuid4().hex}.jsonl")

    def _read_batch(self, batch: Path) -> list[ConsultationRecord]:
        """The batch's records; its other lines are moved to ``rejected.jsonl``."""
        records, bad = [], []
        with batch.open("rb") as file:
            for line in read_lines(file):
                record = None if line is None else _parse(line)
                if record is not None:
                    records.append(record)
                elif line is None:
                    note = {"dropped": f"a queued line of more than {MAX_LINE_BYTES} bytes"}
                    bad.append(json.dumps(note).encode("ascii"))
                else:
                    bad.append(line)
        if bad:
            # The batch is rewritten without them, so that sent again after a failure
            # it does not set them aside twice; written first, as a full disk then
            # leaves everything as it was.
            kept = b"".join(_line(r) + b"\n" for r in records)
            temporary = batch.with_name(f"{batch.name}.{uuid.uuid4().hex}.tmp")
            try:
                write_new(temporary, kept)
                for line in bad:
                    self._set_aside(line)
                temporary.replace(batch)
            finally:
                temporary.unlink(missing_ok=True)
        return records

    def _reject_record(self, record: ConsultationRecord, _why: StoreError) -> None:
        self._set_aside(_line(record))

    def _set_aside(self, line: bytes) -> None:
        try:
            append_line(self.rejected_path, line)
        except OSError as error:
            raise StoreError(
                f"{self.rejected_path}: cannot be written ({error.strerror or error})",
                hint="check that the data directory can be written and the disk is not full",
            ) from None

    def _append(self, record: ConsultationRecord, cause: StoreError) -> None:
        try:
            append_line(self.queue_path, _line(record))
        except OSError as error:
            raise StoreError(
                f"{cause}; the record could not be queued in {self.queue_path} either "
                f"({error.strerror or error})",
                hint="check that the data directory can be written (GUIDE_DATA_DIR)",
            ) from None


def _line(record: ConsultationRecord) -> bytes:
    # ASCII: any text a record holds (even a lone surrogate) is written as an escape.
    return json.dumps(record.to_dict(), sort_keys=True).encode("ascii")


def _parse(line: bytes) -> ConsultationRecord | None:
    """The record a queue line holds; None when it holds none."""
    try:
        return record_from_dict(json.loads(line.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, RecursionError, RecordError):
        # Not UTF-8; not JSON or a number too large (ValueError); nested too deeply.
        return None
