"""The local queue: records appended whole or not at all, and read line by line,
so that no bad line (cut, not UTF-8, not a record) holds the others back."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

import engine
import engine.store
from engine.recording import RecordedAnswer, record_from_dict
from engine.store import DATABASE_NAME, Recorder, SqliteStore
from tests.test_store import a_record

NO_SPACE = OSError(errno.ENOSPC, "No space left on device")


def down(data: Path) -> Recorder:
    """A recorder whose SQLite store cannot be written: a folder is where the file goes."""
    blocked = data / DATABASE_NAME
    blocked.mkdir(parents=True, exist_ok=True)
    return Recorder(SqliteStore(blocked), data)


def up(data: Path) -> Recorder:
    (data / DATABASE_NAME).rmdir()
    return Recorder(SqliteStore(data / DATABASE_NAME), data)


def line_of(number: int, **changes: object) -> bytes:
    return json.dumps(a_record(number, **changes).to_dict(), ensure_ascii=False).encode()


@pytest.mark.parametrize("disk", ["writes half, then refuses", "writes half and says so"])
def test_a_full_disk_keeps_no_half_record_in_the_queue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, disk: str
) -> None:
    recorder = down(tmp_path)
    first = a_record(1)
    assert recorder.save(first).queued
    real_write = os.write
    calls = []

    def full_disk(fd: int, data: bytes) -> int:
        calls.append(len(data))
        if len(calls) > 1:
            raise NO_SPACE
        written = real_write(fd, bytes(data[: len(data) // 2]))
        if disk == "writes half, then refuses":
            raise NO_SPACE
        return written  # a short count; the next write is refused

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(engine.store.StoreError, match=r"could not be queued .*No space left"):
        recorder.save(a_record(2))
    monkeypatch.undo()
    # The queue is as it was: the first record, whole, and nothing of the second.
    kept, end = (tmp_path / "queue.jsonl").read_bytes().split(b"\n")
    assert (record_from_dict(json.loads(kept)), end) == (first, b"")
    assert recorder.queued() == 1
    back = up(tmp_path)
    assert back.save(a_record(3)).sent_from_queue == 1
    assert back.rejected() == 0


def test_a_short_write_is_finished_by_the_next_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = down(tmp_path)
    real_write = os.write

    def slow_disk(fd: int, data: bytes) -> int:
        return real_write(fd, bytes(data[:7]))  # never more than 7 bytes at a time

    monkeypatch.setattr(os, "write", slow_disk)
    record = a_record(1)
    assert recorder.save(record).queued
    monkeypatch.undo()
    back = up(tmp_path)
    assert back.flush() == 1
    assert back.store.records("printer") == [record]


def test_bad_queue_lines_are_set_aside_and_the_others_sent(tmp_path: Path) -> None:
    recorder = down(tmp_path)
    first = a_record(1, outcomes=(engine.Feedback("recount", engine.Outcome.FIXED, "é"),))
    last = a_record(6)
    cut = json.dumps(first.to_dict(), ensure_ascii=False).encode()
    cut = cut[: cut.index("é".encode()) + 1]  # a UTF-8 character cut in two
    assert cut.decode("utf-8", errors="replace").endswith("\N{REPLACEMENT CHARACTER}")
    bad = [
        cut,
        b"not json",
        b"[" * 100_000 + b"]" * 100_000,  # nested too deeply for a parser
        b'{"version": ' + b"9" * 5_000 + b"}",  # a number too long to read
        line_of(4).replace(b'"solved"', b'"done"'),  # not a record
        line_of(5, answers=(RecordedAnswer("q", None, True, 1.0),)).replace(
            b'"seconds": 1.0',
            b'"seconds": 1' + b"0" * 400,  # too large for a time
        ),
        json.dumps({**a_record(5).to_dict(), "ended": "2026-03-14T09:00:00"}).encode(),
        json.dumps({**a_record(5).to_dict(), "id": "x\n  - name: more"}).encode(),
    ]
    good = [json.dumps(r.to_dict(), ensure_ascii=False).encode() for r in (first, last)]
    lines = [good[0], *bad, good[1]]
    (tmp_path / "queue.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    assert recorder.queued() == len(lines)

    back = up(tmp_path)
    assert back.flush() == 2
    assert back.store.records("printer") == [first, last]
    assert back.queued() == 0
    assert (tmp_path / "rejected.jsonl").read_bytes() == b"\n".join(bad) + b"\n"
    assert back.rejected() == len(bad)


def test_a_line_cut_by_a_crash_stays_apart_from_the_next_record(tmp_path: Path) -> None:
    recorder = down(tmp_path)
    cut = line_of(1)[:40]
    (tmp_path / "queue.jsonl").write_bytes(cut)  # no newline: the writer was killed
    record = a_record(2)
    assert recorder.save(record).queued
    back = up(tmp_path)
    assert back.flush() == 1
    assert back.store.records("printer") == [record]
    assert (tmp_path / "rejected.jsonl").read_bytes() == cut + b"\n"


def test_a_batch_that_fails_part_way_sets_its_bad_lines_aside_once(tmp_path: Path) -> None:
    recorder = down(tmp_path)
    (tmp_path / "queue.jsonl").write_bytes(b"not json\n" + line_of(1) + b"\n")
    with pytest.raises(engine.store.StoreError):
        recorder.flush()  # the store is still down
    with pytest.raises(engine.store.StoreError):
        recorder.flush()
    back = up(tmp_path)
    assert back.flush() == 1
    assert (tmp_path / "rejected.jsonl").read_bytes() == b"not json\n"


def test_a_bad_queue_line_never_stops_a_consultation_from_ending(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.test_wizard_feedback import guide_run, stored

    monkeypatch.chdir(data_dir)
    cut = "é".encode()[:1]
    (data_dir / "queue.jsonl").write_bytes(b'{"id": "' + cut + b"\n" + b"[" * 50_000 + b"\n")
    code, _, err = guide_run(monkeypatch, capsys)
    assert (code, err) == (0, "")
    assert len(stored(data_dir)) == 1
    assert Recorder(SqliteStore(data_dir / DATABASE_NAME), data_dir).rejected() == 2
    assert not (data_dir / "queue.jsonl").exists()


def test_a_full_disk_while_sending_the_queue_never_stops_the_consultation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = down(tmp_path)
    (tmp_path / "queue.jsonl").write_bytes(b"not json\n" + line_of(1) + b"\n")
    back = up(tmp_path)

    def full_disk(fd: int, data: bytes) -> int:
        raise NO_SPACE

    monkeypatch.setattr(os, "write", full_disk)
    saved = back.save(a_record(2))  # the record is stored; the queue waits
    assert (saved.queued, saved.sent_from_queue) == (False, 0)
    with pytest.raises(engine.store.StoreError, match=r"the queue cannot be sent .*No space left"):
        back.flush()
    monkeypatch.undo()
    assert (back.queued(), back.rejected()) == (2, 0)  # as it was
    assert back.flush() == 1
    assert [p.name for p in tmp_path.glob("*.tmp")] == []
    assert (back.queued(), recorder.rejected()) == (0, 1)
