"""How fast the stores take records from many workers at once, and give them back.

For each store (SQLite in a temporary folder; PostgreSQL when a URL is given
with ``--postgresql`` or ``GUIDE_TEST_POSTGRESQL``, in a fresh schema that is
dropped afterwards), starts W writer processes that each write N records the
way the wizard does (a new store object and connection per consultation), all
starting together on an empty store. Prints per-write latency (median and
95th percentile), the total throughput, and how long reading every record
back for ``guide stats`` takes. Run by hand:

    python benchmarks/bench_store.py
    python benchmarks/bench_store.py --writers 1,10,50 --records 40
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.feedback import Feedback, Outcome
from engine.model import SolutionState
from engine.recording import (
    ConsultationRecord,
    RecordedAnswer,
    RecordedRecommendation,
    Resolution,
)
from engine.store import StoreSettings, open_store

T0 = dt.datetime(2026, 3, 14, 9, 0, tzinfo=dt.UTC)


def a_record(writer: int, number: int) -> ConsultationRecord:
    """A record the size of a real stock-count consultation (7 answers, 3 recommendations)."""
    started = T0 + dt.timedelta(minutes=writer * 10_000 + number)
    return ConsultationRecord(
        rulebase_id="stock_count",
        rulebase_version="2.0",
        started=started,
        ended=started + dt.timedelta(seconds=95),
        resolution=Resolution.SOLVED,
        answers=tuple(
            RecordedAnswer(f"question_{q}", f"choice_{q}", skipped=False, seconds=12.5)
            for q in range(7)
        ),
        recommendations=tuple(
            RecordedRecommendation(f"solution_{s}", 0.84 - s / 10, SolutionState.SUGGESTED)
            for s in range(3)
        ),
        outcomes=(Feedback("solution_0", Outcome.FIXED, "the count was right after all"),),
    )


def _writer(url: str, writer: int, records: int, start: object, out: object) -> None:
    start.wait()  # type: ignore[attr-defined]
    latencies = []
    for number in range(records):
        began = time.perf_counter()
        open_store(StoreSettings(Path("/nonexistent"), url, enabled=True)).write(
            a_record(writer, number)
        )
        latencies.append(time.perf_counter() - began)
    out.put(latencies)  # type: ignore[attr-defined]


def measure(url: str, writers: int, records: int) -> tuple[list[float], float, float, int]:
    """Latencies of every write, wall time of all writes, read time, records read."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(writers + 1)
    out = context.Queue()
    processes = [
        context.Process(target=_writer, args=(url, w, records, start, out)) for w in range(writers)
    ]
    for process in processes:
        process.start()
    start.wait()
    began = time.perf_counter()
    latencies = [latency for _ in processes for latency in out.get()]
    wall = time.perf_counter() - began
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"a writer failed (exit {process.exitcode})")
    store = open_store(StoreSettings(Path("/nonexistent"), url, enabled=True))
    began = time.perf_counter()
    found = store.records("stock_count")
    read = time.perf_counter() - began
    return latencies, wall, read, len(found)


@contextlib.contextmanager
def fresh_sqlite() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite://{folder}/guide.sqlite3"


@contextlib.contextmanager
def fresh_postgresql(url: str) -> Iterator[str]:
    """A URL whose search_path is a new schema, dropped afterwards."""
    import psycopg  # noqa: PLC0415  # only with a PostgreSQL URL; the SQLite run needs none

    schema = f"guide_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", default="1,10,50", help="writer processes, comma-separated")
    parser.add_argument("--records", type=int, default=40, help="records per writer")
    parser.add_argument("--postgresql", default=os.environ.get("GUIDE_TEST_POSTGRESQL"))
    args = parser.parse_args(argv)
    backends: list[tuple[str, Callable[[], contextlib.AbstractContextManager[str]]]] = [
        ("sqlite", fresh_sqlite)
    ]
    if args.postgresql:
        backends.append(("postgresql", lambda: fresh_postgresql(args.postgresql)))
    else:
        print("(no PostgreSQL URL: --postgresql or GUIDE_TEST_POSTGRESQL; SQLite only)")
    print(
        f"{'store':<11} {'writers':>7} {'records':>8} {'write median':>13} {'p95':>9}"
        f" {'records/s':>10} {'read all':>9}"
    )
    for name, fresh in backends:
        for writers in (int(w) for w in args.writers.split(",")):
            with fresh() as url:
                latencies, wall, read, found = measure(url, writers, args.records)
            expected = writers * args.records
            if found != expected:
                raise SystemExit(f"{name}: wrote {expected} records, read back {found}")
            ordered = sorted(latencies)
            p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
            print(
                f"{name:<11} {writers:>7} {expected:>8} "
                f"{statistics.median(latencies) * 1000:>10.1f} ms {p95 * 1000:>6.1f} ms"
                f" {expected / wall:>10.0f} {read * 1000:>6.0f} ms"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
