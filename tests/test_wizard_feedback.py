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
from engine.store import DATABASE_NAME, SqliteStore
from tests.test_feedback import TWO
from tests.test_wizard_terminal import NOW, Script, delivery_partly_posted, shown, stock_count
from wizards.screens import Screen, make_console
from wizards.stats_html import render_stats_html
from wizards.terminal import Ending, Wizard

FIXTURE = Path(__file__).parent / "fixtures" / "everything.yaml"


def ticking() -> dt.datetime:
    """A clock that moves 10 seconds each time it is read."""
    return NOW + dt.timedelta(seconds=10 * next(_TICKS))


_TICKS = itertools.count()


def recording_wizard(
    script: Script, tmp_path: Path, session: engine.Session, **options: object
) -> tuple[Wizard, io.StringIO, list[engine.ConsultationRecord]]:
    out = io.StringIO()
    kept: list[engine.ConsultationRecord] = []
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
    assert record.resolution is engine.Resolution.SOLVED
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
    session = load_yaml(TWO).start({"power_light": False, "model": "X", "badge": 1})
    titles = [r.solution.title for r in session.recommendations()]
    assert titles == ["Plug the power cable in firmly", "Try another socket"]
    lines = ["n"] * len(titles)
    w, out, kept = recording_wizard(Script(*lines, "q"), tmp_path, session)
    assert w.run() is Ending.NOT_CONFIRMED
    text = shown(out)
    assert f"Did 2. “{titles[1]}” fix the problem?" in text
    assert "The fix did not work: an expert can take it from here." in text
    (record,) = kept
    assert record.resolution is engine.Resolution.ESCALATED
    assert [f.outcome for f in record.outcomes] == [engine.Outcome.NOT_FIXED] * len(titles)


def test_did_not_try_and_asking_for_the_expert(tmp_path: Path) -> None:
    w, out, kept = recording_wizard(Script("d", "e", "q"), tmp_path, delivery_partly_posted())
    w.run()
    assert "Noted: you did not try" in shown(out)
    (record,) = kept
    assert record.expert_requested
    assert record.resolution is engine.Resolution.ESCALATED


def test_no_dead_end_when_nothing_is_recommended(tmp_path: Path) -> None:
    # The printer fixture recommends nothing when every question is skipped
    # (stock_count always ends with "finish the checks you could not answer").
    session = engine.load(FIXTURE).start()
    while (prompt := session.next_question()) is not None:
        session.skip(prompt.id)
    w, out, kept = recording_wizard(Script("y", "n", "f 1", "1", "y"), tmp_path, session)
    assert w.run() is Ending.CONFIRMED
    text = shown(out)
    dead_end = text[: text.index("Changing answer 1")]
    assert "No solution fits these answers." in dead_end
    # No question about a fix that was never recommended...
    assert "y/n/d" not in dead_end and "h N how" not in dead_end
    assert "fix the problem?" not in dead_end and "The fix did not work" not in dead_end
    assert dead_end.count("Not accepted: nothing was recommended") == 2
    # ... but the skipped questions that could change it, numbered, and the one expert.
    assert "  1. What does the printer's display show? You said you don't know." in dead_end
    assert "Found it out? Type f 1 or f 2 to answer that question now." in dead_end
    assert "f N find out · a N read article · e expert" in dead_end
    assert dead_end.count("Office IT support desk") == 1
    # f 1: the question again; the answer leads to a confirmed fix.
    assert "Did 1. “Clear the paper jam” fix the problem?" in text
    (record,) = kept
    assert record.resolution is engine.Resolution.SOLVED


def test_stopping_records_an_abandoned_consultation_with_timing(tmp_path: Path) -> None:
    w, _, kept = recording_wizard(Script("2", "s", "q"), tmp_path, stock_count().start())
    w.now = ticking
    assert w.run() is Ending.STOPPED
    (record,) = kept
    assert record.resolution is engine.Resolution.ABANDONED
    assert record.quit_at is not None
    assert [(a.skipped, a.seconds) for a in record.answers] == [(False, 10.0), (True, 10.0)]


def test_proficiency_is_asked_only_when_wanted(tmp_path: Path) -> None:
    w, out, kept = recording_wizard(
        Script("guru", "1", "q"), tmp_path, stock_count().start(), ask_proficiency=True
    )
    w.run()
    assert "How familiar are you with this task?" in shown(out)
    assert "Not accepted: `guru` is not one of the answers" in shown(out)
    assert kept[0].proficiency is engine.Proficiency.NOVICE
    w, out, kept = recording_wizard(
        Script("", "q"), tmp_path, stock_count().start(), ask_proficiency=True
    )
    w.run()
    assert kept[0].proficiency is None
    w, out, kept = recording_wizard(Script("q"), tmp_path, stock_count().start())
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


def stored(data_dir: Path) -> list[engine.ConsultationRecord]:
    return SqliteStore(data_dir / DATABASE_NAME).records("stock_count")


def test_guide_run_records_by_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    monkeypatch.chdir(data_dir)
    code, out, _ = guide_run(monkeypatch, capsys)
    assert code == 0
    assert "fixed the problem" in out
    (record,) = stored(data_dir)
    assert record.resolution is engine.Resolution.SOLVED


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


# --- the feedback loop: did not try, and advisory rule bases ---------------------------


def two_recommendations(load_yaml: Callable[[str], engine.Rulebase]) -> engine.Session:
    return load_yaml(TWO).start({"power_light": False, "model": "X", "badge": 1})


def test_did_not_try_moves_on_to_the_next_recommendation(
    tmp_path: Path, load_yaml: Callable[[str], engine.Rulebase]
) -> None:
    session = two_recommendations(load_yaml)
    w, out, kept = recording_wizard(Script("d", "y"), tmp_path, session)
    assert w.run() is Ending.CONFIRMED
    text = shown(out)
    assert "Noted: you did not try “Plug the power cable in firmly”." in text
    assert "Did 2. “Try another socket” fix the problem?" in text
    (record,) = kept
    assert record.resolution is engine.Resolution.SOLVED
    assert [(f.solution, f.outcome) for f in record.outcomes] == [
        ("plug_in_cable", engine.Outcome.DID_NOT_TRY),
        ("try_socket", engine.Outcome.FIXED),
    ]


def test_did_not_try_then_done_is_unresolved_not_solved(
    tmp_path: Path, load_yaml: Callable[[str], engine.Rulebase]
) -> None:
    session = two_recommendations(load_yaml)
    w, out, kept = recording_wizard(Script("d", "d", "q"), tmp_path, session)
    w.run()
    assert "That was the last recommendation." in shown(out)
    (record,) = kept
    assert record.resolution is engine.Resolution.UNRESOLVED


def software_testing_discount_rule() -> engine.Session:
    rulebase = engine.load(engine.resolve("software_testing"))
    assert rulebase.settings.advisory
    return rulebase.start(
        {
            "change_type": "new_feature",
            "feature_kind": ["business_rules"],
            "risk_level": "moderate",
            "spec_quality": "clear",
            "requirement_text": "Members get 10% off orders of at least 50 EUR.",
            "condition_count": 3,
            "conditions_interact": "combine",
            "time_pressure": False,
            "defect_history": "nothing",
        }
    )


def test_an_advisory_rule_base_asks_which_advice_the_worker_will_use(tmp_path: Path) -> None:
    session = software_testing_discount_rule()
    titles = [r.solution.title for r in session.recommendations()]
    assert len(titles) == 3
    w, out, kept = recording_wizard(
        Script("y", "u 1 9", "u 1, 3: the table first"), tmp_path, session
    )
    assert w.run() is Ending.CONFIRMED
    text = shown(out)
    assert "fix the problem" not in text
    assert "Which of these will you use?" in text
    assert "u N… which you will use" in text
    assert "Not accepted: these recommendations are advice to choose from" in text
    assert "Hint: numbers from 1 to 3, e.g. u 1 2; or u none" in text
    assert f"Noted: you will use 1. “{titles[0]}” and 3. “{titles[2]}”." in text
    (record,) = kept
    assert record.resolution is engine.Resolution.ADVICE_TAKEN
    assert [(f.outcome, f.comment) for f in record.outcomes] == [
        (engine.Outcome.CHOSEN, "the table first"),
        (engine.Outcome.CHOSEN, "the table first"),
    ]
    figures = engine.compute_stats([record], "software_testing", rulebase=session.rulebase)
    assert (figures.advice_taken, figures.solved, figures.unresolved) == (1, 0, 0)
    assert [s.chosen for s in figures.solutions if s.chosen] == [1, 1]
    assert "  advice taken      1  100%" in figures.lines()
    assert figures.to_dict()["advice_taken"] == 1


def test_advice_not_chosen_is_unresolved(tmp_path: Path) -> None:
    w, out, kept = recording_wizard(
        Script("u none", "q"), tmp_path, software_testing_discount_rule()
    )
    w.run()
    assert "Noted: none of these." in shown(out)
    (record,) = kept
    assert record.resolution is engine.Resolution.UNRESOLVED
    assert record.outcomes == ()


def test_the_stats_page_counts_advice_taken(tmp_path: Path) -> None:
    w, _, kept = recording_wizard(Script("u 2"), tmp_path, software_testing_discount_rule())
    w.run()
    figures = engine.compute_stats(kept, "software_testing", rulebase=w.session.rulebase)
    page = render_stats_html(figures, "How should I test this?")
    assert '<th scope="row">advice taken</th><td class="n">1</td>' in page
    assert '<th scope="col">Chosen</th>' in page
