"""Both stores for real (SQLite, and PostgreSQL when a server is given), their
settings, and the queue when a store cannot be written.

The PostgreSQL tests need a server: ``GUIDE_TEST_POSTGRESQL`` is a connection
URL of a database the tests may create schemas in (``.ci/run`` starts one).
Without it they are skipped, except under CI, where they fail.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

import engine
import engine.store
from engine.feedback import Feedback, Outcome
from engine.recording import ConsultationRecord, Resolution
from engine.store import (
    DATABASE_NAME,
    MIGRATIONS,
    Recorder,
    SqliteStore,
    Store,
    StoreSettings,
    open_recorder,
    open_store,
    store_settings,
)

T0 = dt.datetime(2026, 3, 14, 9, 0, tzinfo=dt.UTC)
POSTGRESQL_URL = os.environ.get("GUIDE_TEST_POSTGRESQL")


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


@dataclasses.dataclass(frozen=True)
class Backend:
    """One empty store of a kind, and ways to reach under it."""

    name: str
    #: The store's GUIDE_STORE value.
    url: str
    #: Runs SQL on the store's database directly (to corrupt or age it).
    execute: Callable[[str], None]
    #: The table records are kept in.
    table: str
    #: The table holding the schema version.
    version_table: str

    def store(self) -> Store:
        """A new store object on the same database, as another process would open."""
        return open_store(StoreSettings(Path("/nonexistent"), self.url, enabled=True))


@pytest.fixture
def postgresql_url() -> str:
    if POSTGRESQL_URL:
        return POSTGRESQL_URL
    if os.environ.get("CI"):
        pytest.fail("CI must test the PostgreSQL store: set GUIDE_TEST_POSTGRESQL (see .ci/run)")
    pytest.skip("set GUIDE_TEST_POSTGRESQL=postgresql://... to test the PostgreSQL store")


@contextlib.contextmanager
def postgresql_schema(url: str) -> Iterator[str]:
    """A fresh schema in the test database; yields a URL whose search_path is it."""
    import psycopg

    schema = f"guide_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "sqlite":
        path = tmp_path / "deep" / DATABASE_NAME

        def on_file(sql: str) -> None:
            with contextlib.closing(sqlite3.connect(path)) as connection, connection:
                connection.execute(sql)

        yield Backend("sqlite", f"sqlite://{path}", on_file, "consultations", "schema_version")
        return
    import psycopg

    with postgresql_schema(request.getfixturevalue("postgresql_url")) as url:

        def on_server(sql: str) -> None:
            with psycopg.connect(url, autocommit=True) as connection:
                connection.execute(sql)

        yield Backend("postgresql", url, on_server, "guide_consultations", "guide_schema_version")


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
    recorder = open_recorder(
        url("postgresql://guide:s3cret@db.example.com:6543/team?sslmode=require")
    )
    assert recorder.store.location == "postgresql://guide@db.example.com:6543/team"
    assert "s3cret" not in recorder.store.location
    with pytest.raises(engine.store.StoreError, match="not a PostgreSQL connection URL"):
        open_store(url("postgresql://db/guide?nosuchoption=1"))
    with pytest.raises(engine.store.StoreError, match="give the database file's full path"):
        open_store(url("sqlite://relative.db"))
    with pytest.raises(engine.store.StoreError, match="not a store this Guide knows") as caught:
        open_store(url("mysql://root:s3cret@db"))
    assert "s3cret" not in str(caught.value)


def test_a_team_store_without_its_driver_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.delitem(sys.modules, "engine.store._postgres", raising=False)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    settings = StoreSettings(tmp_path, "postgresql://guide@db/guide", enabled=True)
    with pytest.raises(
        engine.store.StoreError, match=r"its driver \(psycopg\) is not installed"
    ) as caught:
        open_store(settings)
    assert caught.value.hint is not None and "'.[postgresql]'" in caught.value.hint


def test_a_new_store_is_created_migrated_written_and_read(backend: Backend) -> None:
    store = backend.store()
    assert store.records("printer") == []  # reading creates nothing
    assert store.schema_version() == 0
    first, second = a_record(0), a_record(30, rulebase_version="2.0")
    store.write(second)
    store.write(first)
    store.write(first)  # sent twice (from the queue): kept once
    assert store.schema_version() > 0
    again = backend.store()
    assert again.records("printer") == [first, second]
    assert again.records("other") == []
    assert again.records("printer", version="2.0") == [second]
    assert again.records("printer", since=T0 + dt.timedelta(hours=1)) == [second]
    assert again.records("printer", until=T0 + dt.timedelta(hours=1)) == [first]


def test_a_record_comes_back_exactly_whatever_the_worker_typed(backend: Backend) -> None:
    record = a_record(
        recommendations=(),
        outcomes=(Feedback("recount", Outcome.NOT_FIXED, "NUL \x00, quote ' \" ; -- é 日本 🙂"),),
        started=dt.datetime(2026, 3, 14, 4, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    )
    store = backend.store()
    store.write(record)
    [back] = store.records("printer")
    assert back == record
    assert back.started.utcoffset() == dt.timedelta(hours=-5)  # the worker's offset is kept


def test_a_store_from_a_newer_guide_is_refused(backend: Backend) -> None:
    backend.store().write(a_record())
    backend.execute(f"UPDATE {backend.version_table} SET version = 99")
    with pytest.raises(
        engine.store.StoreError, match=r"made by a newer Guide \(schema 99\)"
    ) as caught:
        backend.store().write(a_record(1))
    assert caught.value.hint == "upgrade Guide"
    with pytest.raises(engine.store.StoreError, match="made by a newer Guide"):
        backend.store().records("printer")


def test_a_corrupt_stored_record_is_an_error(backend: Backend) -> None:
    store = backend.store()
    store.write(a_record())
    backend.execute(f"UPDATE {backend.table} SET record = '{{}}'")
    with pytest.raises(engine.store.StoreError, match="a stored record is corrupt"):
        store.records("printer")


def test_concurrent_writers_lose_nothing(backend: Backend) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def write(first: int) -> None:
        store = backend.store()  # each writer its own connections, as processes would
        try:
            barrier.wait()  # all four meet an empty store: they race to create it
            for number in range(first, first + 25):
                store.write(a_record(number))
            store.write(a_record(0, id="same"))  # and all write the same consultation
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(start,)) for start in (0, 100, 200, 300)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(backend.store().records("printer")) == 101


def test_a_consultation_keeps_only_its_newest_record(backend: Backend) -> None:
    store = backend.store()
    stopped = a_record(0, id="c" * 32, resolution=Resolution.ABANDONED)
    finished = a_record(0, id="c" * 32, ended=stopped.ended + dt.timedelta(hours=2))
    store.write(stopped)
    store.write(finished)
    store.write(stopped)  # an older copy arriving late, e.g. from the queue
    [kept] = list(store.records("printer"))
    assert (kept.resolution, kept.ended) == (Resolution.SOLVED, finished.ended)


def test_queued_records_are_sent_to_the_store_when_it_is_back(
    backend: Backend, tmp_path: Path
) -> None:
    data = tmp_path / "queue-here"
    down = Recorder(_unreachable(backend, tmp_path), data)
    waiting = [a_record(number) for number in range(3)]
    for record in waiting:
        saved = down.save(record)
        assert saved.queued
        assert saved.problem is not None and "the store cannot be used" in saved.problem
    assert down.queued() == 3

    up = Recorder(backend.store(), data)
    last = a_record(3)
    saved = up.save(last)
    assert (saved.queued, saved.sent_from_queue) == (False, 3)
    assert up.queued() == 0
    assert backend.store().records("printer") == [*waiting, last]


def _unreachable(backend: Backend, tmp_path: Path) -> Store:
    """The same kind of store, where it cannot be reached."""
    return open_store(StoreSettings(tmp_path, _unreachable_url(backend, tmp_path), enabled=True))


def _unreachable_url(backend: Backend, tmp_path: Path) -> str:
    if backend.name == "sqlite":
        blocked = tmp_path / "blocked"
        blocked.mkdir(exist_ok=True)  # a folder where the database file should be
        return f"sqlite://{blocked}"
    # Port 1 on this machine: nothing listens, the connection is refused at once.
    return "postgresql://guide@127.0.0.1:1/guide"


def test_the_sqlite_file_is_in_wal_mode_so_readers_do_not_block_writers(
    tmp_path: Path,
) -> None:
    store = SqliteStore(tmp_path / "deep" / DATABASE_NAME)
    store.write(a_record())
    assert store.schema_version() == len(MIGRATIONS)
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
    with pytest.raises(engine.store.StoreError, match="could not be queued") as caught:
        recorder.save(a_record())
    assert caught.value.hint == "check that the data directory can be written (GUIDE_DATA_DIR)"


def test_workers_record_through_guide_run_and_the_sme_counts_with_guide_stats(
    backend: Backend,
    tmp_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.test_wizard_feedback import guide_run

    monkeypatch.chdir(data_dir)
    # The store is down: the consultation goes on, its record waits in the queue.
    monkeypatch.setenv("GUIDE_STORE", _unreachable_url(backend, tmp_path))
    code, out, _ = guide_run(monkeypatch, capsys)
    assert code == 0
    assert "waits in" in " ".join(out.split())
    # The store is back: the next consultation sends both.
    monkeypatch.setenv("GUIDE_STORE", backend.url)
    assert guide_run(monkeypatch, capsys)[0] == 0
    assert not (data_dir / "queue.jsonl").exists()

    import cli

    assert cli.main(["stats", "stock_count", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["consultations"], figures["solved"]) == (2, 2)


def guide_store(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    import cli

    code = cli.main(["store", *args])
    out, err = capsys.readouterr()
    assert err == ""
    return code, " ".join(out.split())


def test_guide_store_says_where_records_go_and_sends_the_queue(
    backend: Backend,
    tmp_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("GUIDE_STORE", backend.url)
    location = backend.store().location
    assert guide_store(capsys) == (
        0,
        f"Records go to: {location} ({backend.store().kind}) The store can be reached; "
        "it is created with the first record. Nothing waits in the queue.",
    )
    # Two consultations ended while the store was down.
    down = Recorder(_unreachable(backend, tmp_path), data_dir)
    for number in range(2):
        assert down.save(a_record(number)).queued
    monkeypatch.setenv("GUIDE_STORE", _unreachable_url(backend, tmp_path))
    code, out = guide_store(capsys, "--flush")
    assert code == 1
    assert "Cannot be used now: " in out
    assert out.endswith(f"2 records wait in {data_dir / 'queue.jsonl'}")

    monkeypatch.setenv("GUIDE_STORE", backend.url)
    code, out = guide_store(capsys)
    assert code == 1
    assert out.endswith(
        f"2 records wait in {data_dir / 'queue.jsonl'}; `guide store --flush` sends them now"
    )
    code, out = guide_store(capsys, "--flush")
    assert code == 0
    assert out.endswith("Sent 2 queued records to the store. Nothing waits in the queue.")
    assert len(backend.store().records("printer")) == 2
    schema = backend.store().current_schema()
    assert guide_store(capsys)[1].endswith(
        f"The store can be reached (schema {schema}). Nothing waits in the queue."
    )


def test_guide_store_refuses_a_store_it_cannot_use(
    backend: Backend, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    backend.store().write(a_record())
    backend.execute(f"UPDATE {backend.version_table} SET version = 99")
    monkeypatch.setenv("GUIDE_STORE", backend.url)
    code, out = guide_store(capsys)
    assert code == 1
    assert "The store was made by a newer Guide (schema 99, this Guide " in out

    import cli

    monkeypatch.setenv("GUIDE_STORE", "mysql://db")
    assert cli.main(["store"]) == 2
    assert capsys.readouterr().err.startswith("guide: GUIDE_STORE: `mysql://` is not a store")


# --- one bad record never holds the others back (issue 17) ---------------------------


def test_a_record_the_store_refuses_is_set_aside_and_the_others_are_sent(
    backend: Backend,
    tmp_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A version with a NUL: PostgreSQL text cannot hold it, so it could never be sent.
    bad = a_record(1, rulebase_version="1\x00")
    # Queued as an earlier Guide did, which loaded such rule bases.
    first, last = a_record(0), a_record(2)
    lines = [json.dumps(record.to_dict()) for record in (first, bad, last)]
    (data_dir / "queue.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("GUIDE_STORE", backend.url)
    code, out = guide_store(capsys, "--flush")
    assert "Sent 2 queued records to the store. Nothing waits in the queue." in out
    assert out.endswith(
        f"1 line was set aside in {data_dir / 'rejected.jsonl'}: not records, "
        "or records the store refused; a person can look at them there"
    )
    assert code == 0
    assert backend.store().records("printer") == [first, last]

    up = Recorder(backend.store(), data_dir)
    with pytest.raises(engine.store.StoreError, match="the record cannot be stored") as caught:
        up.save(dataclasses.replace(bad, id="b" * 32))
    assert str(data_dir / "rejected.jsonl") in str(caught.value)
    assert up.rejected() == 2
    refused: list[ConsultationRecord] = []
    assert (
        backend.store().write_all(
            [a_record(3), bad, a_record(4)], refused=lambda record, _: refused.append(record)
        )
        == 2
    )
    assert refused == [bad]


def test_a_naive_time_is_refused_on_write_and_never_reaches_the_store(backend: Backend) -> None:
    naive = a_record(0, started=dt.datetime(2026, 3, 14, 9, 0))
    with pytest.raises(engine.store.StoreError, match="time without a time zone"):
        backend.store().write(naive)
    assert backend.store().records("printer") == []


def test_unreadable_stored_records_are_skipped_and_counted(backend: Backend) -> None:
    store = backend.store()
    for number in range(5):
        store.write(a_record(number, id=f"r{number}"))
    good = json.dumps(a_record(0).to_dict())
    rows = {
        "r1": "{}",
        "r2": good.replace("+00:00", ""),  # a time without a time zone
        "r3": good.replace('"id": "', '"id": "x\\n  - name: injected'),
        "r4": '{"version": ' + "9" * 5000 + "}",  # a number too long to read
    }
    for name, text in rows.items():
        backend.execute(f"UPDATE {backend.table} SET record = '{text}' WHERE id = '{name}'")
    found = backend.store().read("printer")
    assert [r.id for r in found.records] == ["r0"]
    assert found.unreadable == 4
    with pytest.raises(engine.store.StoreError, match="a stored record is corrupt"):
        store.records("printer")


def test_a_deeply_nested_or_undecodable_stored_record_is_skipped(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / DATABASE_NAME)
    for number in range(4):
        store.write(a_record(number, id=f"r{number}"))
    with contextlib.closing(sqlite3.connect(store.path)) as connection, connection:
        deep = "[" * 100_000 + "]" * 100_000
        connection.execute("UPDATE consultations SET record = ? WHERE id = 'r1'", (deep,))
        connection.execute(
            "UPDATE consultations SET record = CAST(X'7B22C3' AS TEXT) WHERE id = 'r2'"
        )  # a UTF-8 character cut in two
        connection.execute("UPDATE consultations SET record = 42 WHERE id = 'r3'")
    found = store.read("printer")
    assert ([r.id for r in found.records], found.unreadable) == (["r0"], 3)


def test_a_damaged_sqlite_file_gets_a_hint_that_is_true(tmp_path: Path) -> None:
    path = tmp_path / DATABASE_NAME
    path.write_bytes(b"this is not a database " * 100)
    with pytest.raises(engine.store.StoreError, match="file is not a database") as caught:
        SqliteStore(path).records("printer")
    assert caught.value.hint == (
        f"the file is damaged, or is not a Guide store: move {path} aside (rename it) "
        "and Guide starts a new store there with the next record"
    )


def test_guide_stats_on_a_damaged_store_says_where_it_is_and_what_to_do(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import cli

    (data_dir / DATABASE_NAME).write_bytes(b"\0" * 4096)
    assert cli.main(["stats", "stock_count"]) == 2
    err = capsys.readouterr().err
    assert f"move {data_dir / DATABASE_NAME} aside" in err
    assert "can be written" not in err


# --- no message ever shows a password (issue 17) ---------------------------------------

PASSWORDS = ["50%off!", "p@ss", "pa:ss", "pa/ss", "p?s#s", "%:@/x"]


def _postgres_urls(password: str) -> list[str]:
    """GUIDE_STORE values holding the password, written as people write them:
    raw and percent-encoded, with each kind of mistake that makes an error."""
    urls = []
    for written in (password, quote(password, safe="")):
        urls += [
            f"postgresql://guide:{written}@/guide?host=/nonexistent",  # no server there
            f"postgresql://guide:{written}@127.0.0.1/guide?nosuchoption=1",
            f"postgresql://guide:{written}@127.0.0.1:notaport/guide",
            f"postgres://guide:{written}@127.0.0.1/guide?connect_timeout=-",
            f"guide:{written}@127.0.0.1/guide",  # no scheme
            f"mysql://guide:{written}@db/guide",
        ]
    return urls


def _secrets(password: str) -> set[str]:
    return {password, quote(password, safe="")}


@pytest.mark.parametrize("password", PASSWORDS)
def test_no_store_error_shows_a_password(password: str, tmp_path: Path) -> None:
    for url in _postgres_urls(password):
        shown = []
        try:
            store = open_store(StoreSettings(tmp_path, url, enabled=True))
            shown.append(store.location)
            store.write(a_record())
        except engine.store.StoreError as error:
            shown += [str(error), error.hint or ""]
        for text in shown:
            for secret in _secrets(password):
                assert secret not in text, (url, text)


@pytest.mark.parametrize("password", PASSWORDS)
def test_no_command_shows_a_password(
    password: str,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import cli

    for url in _postgres_urls(password)[:2]:
        monkeypatch.setenv("GUIDE_STORE", url)
        for command in (["store", "--flush"], ["stats", "stock_count"]):
            assert cli.main(command) in (1, 2)
            for text in capsys.readouterr():
                for secret in _secrets(password):
                    assert secret not in text, (url, text)


def test_a_password_the_server_refuses_is_not_shown(postgresql_url: str) -> None:
    import psycopg

    info = psycopg.conninfo.conninfo_to_dict(postgresql_url)
    password = "Wr%ng:p@ss/word"
    url = (
        f"postgresql://{info['user']}:{quote(password, safe='')}@{info.get('host', '127.0.0.1')}"
        f":{info.get('port', 5432)}/{info['dbname']}"
    )
    with pytest.raises(engine.store.StoreError, match="password authentication failed") as caught:
        open_store(StoreSettings(Path("/nonexistent"), url, enabled=True)).write(a_record())
    assert password not in str(caught.value)
    assert quote(password, safe="") not in str(caught.value)


def test_a_record_postgresql_itself_refuses_holds_back_no_other(
    postgresql_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engine.store._postgres as postgres

    # As if Guide's own check let a NUL through: the server's refusal is this record's only.
    monkeypatch.setattr(postgres, "storable", lambda record, _: json.dumps(record.to_dict()))
    bad = a_record(1, rulebase_version="1\x00")
    with postgresql_schema(postgresql_url) as url:
        store = open_store(StoreSettings(Path("/nonexistent"), url, enabled=True))
        refused: list[str] = []
        first, last = a_record(0), a_record(2)
        written = store.write_all(
            [first, bad, last], refused=lambda _, why: refused.append(str(why))
        )
        assert written == 2
        assert len(refused) == 1 and "cannot contain NUL" in refused[0]
        with pytest.raises(engine.store.StoreError, match="cannot contain NUL"):
            store.write(bad)
        monkeypatch.undo()
        assert store.records("printer") == [first, last]
