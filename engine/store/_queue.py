"""Records that could not be stored wait in a local queue, and are sent later.

The queue is a JSON-lines file in the data directory, one record per line,
appended to in a single write. Sending renames it first (so records queued
meanwhile go to a fresh file and are never lost), writes each record (the
store keeps a record sent twice once), then deletes the renamed file. A line
that is not a record is moved to ``rejected.jsonl`` for a person to look at.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from engine.recording import ConsultationRecord, RecordError, record_from_dict
from engine.store._base import Store, StoreError

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

    def save(self, record: ConsultationRecord) -> Saved:
        """Store the record, or queue it; then send what was queued before.

        Raises:
            StoreError: neither the store nor the queue can take the record.
        """
        try:
            self.store.write(record)
        except StoreError as error:
            self._append(record, error)
            return Saved(queued=True, problem=str(error))
        with contextlib.suppress(StoreError):
            return Saved(queued=False, sent_from_queue=self.flush())
        return Saved(queued=False)

    def flush(self) -> int:
        """Send every queued record to the store; return how many were sent.

        Raises:
            StoreError: the store failed part way; what was not sent stays queued.
        """
        if self.queue_path.exists():
            with contextlib.suppress(FileNotFoundError):
                self.queue_path.replace(self.data_dir / f"sending-{uuid.uuid4().hex}.jsonl")
        sent = 0
        for batch in sorted(self.data_dir.glob(_SENDING)):
            try:
                lines = batch.read_text(encoding="utf-8").splitlines()
            except FileNotFoundError:
                continue  # another process is sending it
            records = [r for r in map(self._parse, lines) if r is not None]
            sent += self.store.write_all(records)
            batch.unlink(missing_ok=True)
        return sent

    def queued(self) -> int:
        """How many records wait in the queue."""
        files = [self.queue_path, *self.data_dir.glob(_SENDING)]
        return sum(len(f.read_text(encoding="utf-8").splitlines()) for f in files if f.is_file())

    def _parse(self, line: str) -> ConsultationRecord | None:
        if not line.strip():
            return None
        try:
            return record_from_dict(json.loads(line))
        except (json.JSONDecodeError, RecordError):
            self._write_line(self.data_dir / REJECTED_NAME, line)
            return None

    def _append(self, record: ConsultationRecord, cause: StoreError) -> None:
        line = json.dumps(record.to_dict(), ensure_ascii=False, sort_keys=True)
        try:
            self._write_line(self.queue_path, line)
        except OSError as error:
            raise StoreError(
                f"{cause}; the record could not be queued in {self.queue_path} either "
                f"({error.strerror or error})",
                hint="check that the data directory can be written (GUIDE_DATA_DIR)",
            ) from None

    def _write_line(self, path: Path, line: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # One write of one line to a file opened for appending: concurrent writers
        # never interleave within a line.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, (line + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
