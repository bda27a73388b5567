"""The SQLite store for real, its settings, and the queue when it cannot be written."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import sqlite3
import threading
from pathlib import Path

import pytest

import engine
from engine.recording import ConsultationRecord, Resolution
from engine.store import (
    DATABASE_NAME,
    MIGRATIONS,
    Recorder,
    SqliteStore,
    StoreSettings,
    open_recorder,
    open_store,
    store_settings,
)

T0 = dt.datetime(2026, 3, 14, 9, 0, tzinfo=dt.UTC)


def a_record(number: int = 0, **changes: object) -> ConsultationRecord:
    found = ConsultationRecord(
        rulebase_id="printer",
        rulebase_version="1.0",
        started=T0 + dt.timedelta(hours=number),
        ended=T0 + dt.timedelta(hours=number, seconds=60),
        resolution=Resolution.SOLVED,
        answers=(),
        recommendations=(),
        outcomes=(),
    )
    return dataclasses.replace(found, **changes)  # type: ignore[arg-type]


def test_settings_come_from_the_environment(tmp_path: Path) -> None:
    assert store_settings({"GUIDE_DATA_DIR": "/d", "XDG_DATA_HOME": "/x"}).data_dir == Path("/d")
    assert store_settings({"XDG_DATA_HOME": "/x"}).data_dir == Path("/x/guide")
    assert store_settings({"HOME": "/h"}).data_dir == Path("/h/.local/share/guide")
    assert store_settings({}).enabled
    for off in ("0", "false", "No", " off "):
        assert not store_settings({"GUIDE_RECORD": off}).enabled
    settings = store_settings({"GUIDE_DATA_DIR": str(tmp_path)})
    store = open_store(settings)
    assert isinstance(store, SqliteStore)
    assert store.path == tmp_path / DATABASE_NAME


def test_store_urls(tmp_path: Path) -> None:
    def url(text: str) -> StoreSettings:
        return StoreSettings(tmp_path, text, enabled=True)

    store = open_store(url(f"sqlite://{tmp_path}/team.sqlite3"))
    assert isinstance(store, SqliteStore)
    assert store.path == tmp_path / "team.sqlite3"
    with pytest.raises(engine.StoreError, match="PostgreSQL stores are not yet supported"):
        open_recorder(url("postgresql://guide@db/guide"))
    with pytest.raises(engine.StoreError, match="give the database file's full path"):
        open_store(url("sqlite://relative.db"))
    with pytest.raises(engine.StoreError, match="not a store this Guide knows"):
        open_store(url("mysql://db"))


def test_a_new_file_is_created_migrated_written_and_read(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "deep" / "guide.sqlite3")
    assert store.records("printer") == []  # nothing created by reading
    assert not store.path.exists()
    first, second = a_record(0), a_record(30, rulebase_version="2.0")
    store.write(second)
    store.write(first)
    store.write(first)  # sent twice (from the queue): kept once
    assert store.schema_version() == len(MIGRATIONS)
    assert store.records("printer") == [first, second]
    assert store.records("other") == []
    assert store.records("printer", version="2.0") == [second]
    assert store.records("printer", since=T0 + dt.timedelta(hours=1)) == [second]
    assert store.records("printer", until=T0 + dt.timedelta(hours=1)) == [first]
    with contextlib.closing(sqlite3.connect(store.path)) as connection, connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_an_old_schema_is_migrated_step_by_step(tmp_path: Path) -> None:
    path = tmp_path / "guide.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        connection.execute("INSERT INTO schema_version VALUES (1)")
        for statement in MIGRATIONS[0]:
            connection.execute(statement)
    store = SqliteStore(path)
    assert store.schema_version() == 1
    store.write(a_record())
    assert store.schema_version() == len(MIGRATIONS)
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        indexes = connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        assert ("consultations_by_rulebase",) in indexes.fetchall()


def test_a_store_from_a_newer_guide_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "guide.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        connection.execute("INSERT INTO schema_version VALUES (99)")
    with pytest.raises(engine.StoreError, match="made by a newer Guide"):
        SqliteStore(path).write(a_record())


def test_a_corrupt_stored_record_is_an_error(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "guide.sqlite3")
    store.write(a_record())
    with contextlib.closing(sqlite3.connect(store.path)) as connection, connection:
        connection.execute("UPDATE consultations SET record = '{}'")
    with pytest.raises(engine.StoreError, match="a stored record is corrupt"):
        store.records("printer")


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "guide.sqlite3"
    errors: list[BaseException] = []

    def write(first: int) -> None:
        store = SqliteStore(path)  # each writer its own connections, as two processes would
        try:
            for number in range(first, first + 25):
                store.write(a_record(number))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(start,)) for start in (0, 100, 200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(SqliteStore(path).records("printer")) == 75


def test_a_store_that_cannot_be_written_queues_and_flushes_later(tmp_path: Path) -> None:
    data = tmp_path / "data"
    blocked = data / DATABASE_NAME
    blocked.mkdir(parents=True)  # a folder where the database file should be
    recorder = Recorder(SqliteStore(blocked), data)
    first, second = a_record(1), a_record(2)
    saved = recorder.save(first)
    assert saved.queued
    assert saved.problem is not None and "the store cannot be used" in saved.problem
    assert recorder.save(second).queued
    assert recorder.queued() == 2
    with (data / "queue.jsonl").open("a", encoding="utf-8") as queue:
        queue.write("not json\n")

    blocked.rmdir()  # the store is back
    third = a_record(3)
    saved = recorder.save(third)
    assert (saved.queued, saved.sent_from_queue) == (False, 2)
    assert recorder.queued() == 0
    assert SqliteStore(blocked).records("printer") == [first, second, third]
    assert (data / "rejected.jsonl").read_text(encoding="utf-8") == "not json\n"


def test_a_batch_left_from_a_failed_send_is_sent_next_time(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / DATABASE_NAME)
    recorder = Recorder(store, tmp_path)
    line = json.dumps(a_record(5).to_dict())
    (tmp_path / "sending-abc.jsonl").write_text(line + "\n\n", encoding="utf-8")
    assert recorder.flush() == 1
    assert [r.started for r in store.records("printer")] == [a_record(5).started]


def test_when_neither_store_nor_queue_can_be_written_the_error_says_so(tmp_path: Path) -> None:
    data = tmp_path / "not-a-folder"
    data.write_text("", encoding="utf-8")
    recorder = Recorder(SqliteStore(data / DATABASE_NAME), data)
    with pytest.raises(engine.StoreError, match="could not be queued") as caught:
        recorder.save(a_record())
    assert caught.value.hint == "check that the data directory can be written (GUIDE_DATA_DIR)"


def test_a_consultation_keeps_only_its_newest_record(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / DATABASE_NAME)
    stopped = a_record(0, id="c" * 32, resolution=Resolution.ABANDONED)
    finished = a_record(0, id="c" * 32, ended=stopped.ended + dt.timedelta(hours=2))
    store.write(stopped)
    store.write(finished)
    store.write(stopped)  # an older copy arriving late, e.g. from the queue
    [kept] = list(store.records("printer"))
    assert (kept.resolution, kept.ended) == (Resolution.SOLVED, finished.ended)
