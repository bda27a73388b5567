"""The wizard asks whether the fix worked, times questions, and records the consultation."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

import cli
import engine
import engine.recording
from engine.store import DATABASE_NAME, SqliteStore
from tests.test_feedback import TWO
from tests.test_wizard_terminal import NOW, Script, delivery_partly_posted, shown, stock_count
from wizards.screens import Screen, make_console
from wizards.terminal import Ending, Wizard

FIXTURE = Path(__file__).parent / "fixtures" / "everything.yaml"


def ticking() -> dt.datetime:
    """A clock that moves 10 seconds each time it is read."""
    return NOW + dt.timedelta(seconds=10 * next(_TICKS))


_TICKS = itertools.count()


def recording_wizard(
    script: Script, tmp_path: Path, session: engine.Session, **options: object
) -> tuple[Wizard, io.StringIO, list[engine.recording.ConsultationRecord]]:
    out = io.StringIO()
    kept: list[engine.recording.ConsultationRecord] = []
    screen = Screen(make_console(plain=True, file=out, width=100), plain=True)
    found = Wizard(
        session, screen, script, tmp_path / "s.json", lambda: NOW, record=kept.append, **options
    )  # type: ignore[arg-type]
    return found, out, kept


def test_fixed_ends_the_consultation_solved(tmp_path: Path) -> None:
    w, out, kept = recording_wizard(
        Script("y the note was wrong"), tmp_path, delivery_partly_posted()
    )
    assert w.run() is Ending.CONFIRMED
    text = shown(out)
    assert "Did 1. “Correct the receipt to match what arrived” fix the problem?" in text
    assert "Good: “Correct the receipt to match what arrived” fixed the problem." in text
    (record,) = kept
    assert record.resolution is engine.recording.Resolution.SOLVED
    assert record.outcomes == (
        engine.Feedback("correct_receipt", engine.Outcome.FIXED, "the note was wrong"),
    )


def test_the_record_keeps_the_articles_the_worker_read(tmp_path: Path) -> None:
    session = delivery_partly_posted()
    [first] = session.recommendations()[0].solution.articles[:1]
    w, out, kept = recording_wizard(Script("a 1", "y"), tmp_path, session)
    assert w.run() is Ending.CONFIRMED
    assert session.rulebase.article_by_id[first].title in shown(out)
    (record,) = kept
    assert record.articles_opened == (first,)


def test_not_fixed_goes_to_the_next_recommendation_then_the_expert(
    tmp_path: Path, load_yaml: Callable[[str], engine.Rulebase]
) -> None:
    session = engine.start(load_yaml(TWO), {"power_light": False, "model": "X", "badge": 1})
    titles = [r.solution.title for r in session.recommendations()]
    assert titles == ["Plug the power cable in firmly", "Try another socket"]
    lines = ["n"] * len(titles)
    w, out, kept = recording_wizard(Script(*lines, "q"), tmp_path, session)
    assert w.run() is Ending.NOT_CONFIRMED
    text = shown(out)
    assert f"Did 2. “{titles[1]}” fix the problem?" in text
    assert "The fix did not work: an expert can take it from here." in text
    (record,) = kept
    assert record.resolution is engine.recording.Resolution.ESCALATED
    assert [f.outcome for f in record.outcomes] == [engine.Outcome.NOT_FIXED] * len(titles)


def test_did_not_try_and_asking_for_the_expert(tmp_path: Path) -> None:
    w, out, kept = recording_wizard(Script("d", "e", "q"), tmp_path, delivery_partly_posted())
    w.run()
    assert "Noted: you did not try" in shown(out)
    (record,) = kept
    assert record.expert_requested
    assert record.resolution is engine.recording.Resolution.ESCALATED


def test_feedback_without_a_recommendation(tmp_path: Path) -> None:
    # The printer fixture recommends nothing when every question is skipped
    # (stock_count always ends with "finish the checks you could not answer").
    session = engine.start(engine.load(FIXTURE))
    while (prompt := session.next_question()) is not None:
        session.skip(prompt.id)
    w, out, _ = recording_wizard(Script("y", "n", "q"), tmp_path, session)
    w.run()
    text = shown(out)
    assert "Not accepted: there is no recommendation to say that about" in text
    assert "The fix did not work: an expert can take it from here." in text


def test_stopping_records_an_abandoned_consultation_with_timing(tmp_path: Path) -> None:
    w, _, kept = recording_wizard(Script("2", "s", "q"), tmp_path, engine.start(stock_count()))
    w.now = ticking
    assert w.run() is Ending.STOPPED
    (record,) = kept
    assert record.resolution is engine.recording.Resolution.ABANDONED
    assert record.quit_at is not None
    assert [(a.skipped, a.seconds) for a in record.answers] == [(False, 10.0), (True, 10.0)]


def test_proficiency_is_asked_only_when_wanted(tmp_path: Path) -> None:
    w, out, kept = recording_wizard(
        Script("guru", "1", "q"), tmp_path, engine.start(stock_count()), ask_proficiency=True
    )
    w.run()
    assert "How familiar are you with this task?" in shown(out)
    assert "Not accepted: `guru` is not one of the answers" in shown(out)
    assert kept[0].proficiency is engine.Proficiency.NOVICE
    w, out, kept = recording_wizard(
        Script("", "q"), tmp_path, engine.start(stock_count()), ask_proficiency=True
    )
    w.run()
    assert kept[0].proficiency is None
    w, out, kept = recording_wizard(Script("q"), tmp_path, engine.start(stock_count()))
    w.run()
    assert "How familiar" not in shown(out)


# --- through the command line ---

ANSWERS = (
    "discrepancy_direction=system_lower",
    "count_timing=all_posted",
    "item_measure=units",
    "pack_size=1",
    "recent_activity=delivery",
    "receipt_posted=partly_posted",
    "receipt_message=none",
)


def guide_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("builtins.input", Script("y"))
    sets = [part for answer in ANSWERS for part in ("--set", answer)]
    code = cli.main(["run", "stock_count", *sets, *args])
    out, err = capsys.readouterr()
    return code, out, err


def stored(data_dir: Path) -> list[engine.recording.ConsultationRecord]:
    return SqliteStore(data_dir / DATABASE_NAME).records("stock_count")


def test_guide_run_records_by_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    monkeypatch.chdir(data_dir)
    code, out, _ = guide_run(monkeypatch, capsys)
    assert code == 0
    assert "fixed the problem" in out
    (record,) = stored(data_dir)
    assert record.resolution is engine.recording.Resolution.SOLVED


@pytest.mark.parametrize("switch", ["--no-record", "GUIDE_RECORD=0"])
def test_recording_can_be_switched_off(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    switch: str,
) -> None:
    monkeypatch.chdir(data_dir)
    args = [switch] if switch.startswith("--") else []
    if not args:
        monkeypatch.setenv("GUIDE_RECORD", "0")
    assert guide_run(monkeypatch, capsys, *args)[0] == 0
    assert not (data_dir / DATABASE_NAME).exists()


def test_a_store_that_cannot_be_written_never_breaks_the_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    monkeypatch.chdir(data_dir)
    (data_dir / DATABASE_NAME).mkdir()
    code, out, _ = guide_run(monkeypatch, capsys)
    assert code == 0
    assert "waits in" in " ".join(out.split())
    assert (data_dir / "queue.jsonl").is_file()


def test_a_team_store_url_that_is_not_one_stops_before_the_first_question(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    monkeypatch.chdir(data_dir)
    monkeypatch.setenv("GUIDE_STORE", "postgresql://guide@db/guide?nosuchoption=1")
    code, out, err = guide_run(monkeypatch, capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("guide: GUIDE_STORE is not a PostgreSQL connection URL (")
