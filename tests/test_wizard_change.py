"""Check your answers (`c`) and change one (`c N`) in the terminal wizard."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from test_helpful import PRINTER
from test_wizard_terminal import NOW, Script

import engine
import engine.recording
from engine.loader import load_text
from wizards.screens import Screen, make_console
from wizards.terminal import Ending, Wizard


@pytest.fixture(scope="module")
def printer() -> engine.Rulebase:
    return load_text(PRINTER)


def run(printer: engine.Rulebase, tmp_path: Path, *typed: str) -> tuple[Wizard, str, Ending]:
    out = io.StringIO()
    screen = Screen(make_console(plain=True, file=out, width=100), plain=True)
    wizard = Wizard(engine.start(printer), screen, Script(*typed), tmp_path / "s.json", lambda: NOW)
    ending = wizard.run()
    return wizard, " ".join(out.getvalue().split()), ending


def test_c_lists_the_answers_in_the_workers_words(printer: engine.Rulebase, tmp_path: Path) -> None:
    _, out, _ = run(printer, tmp_path, "n", "c", "q")
    assert "Your answers 1. Is the power light on? no Type c and a number" in out


def test_a_skip_changed_at_the_result_goes_on_to_the_confirmed_fix(
    printer: engine.Rulebase, tmp_path: Path
) -> None:
    # The dead end says the cable could go further; the worker checks it and says so.
    wizard, out, ending = run(printer, tmp_path, "n", "s", "c 2", "n", "y")
    assert "Guide can go further if you can find out:" in out
    assert "Changing answer 2 Is the power cable pushed in at both ends?" in out
    assert "Your answer: I don't know. Type the new one, or press Enter to keep it." in out
    assert [(e.question, e.value) for e in wizard.session.history] == [
        ("power_light", False),
        ("cable_checked", False),
    ]
    assert "Plug the power cable in firmly Confirmed" in out
    assert ending is Ending.CONFIRMED


def test_changing_an_early_answer_sets_aside_those_that_no_longer_apply(
    printer: engine.Rulebase, tmp_path: Path
) -> None:
    wizard, out, _ = run(printer, tmp_path, "n", "y", "c 1", "y", "q")
    assert (
        "These answers no longer apply, so they are set aside: "
        "- Is the power cable pushed in at both ends? (yes)"
    ) in out
    assert [(e.question, e.value) for e in wizard.session.history] == [("power_light", True)]
    # The light is on: Guide goes on to what is worth asking now.
    assert out.index("How many sheets are in the tray?") > out.index("set aside")


def test_enter_keeps_the_answer_and_a_bad_number_is_refused(
    printer: engine.Rulebase, tmp_path: Path
) -> None:
    wizard, out, _ = run(printer, tmp_path, "n", "c 1", "", "c 7", "q")
    assert "Kept." in out
    assert "Not accepted: there is no such answer Hint: type c and a number from 1 to 1" in out
    assert [(e.question, e.value) for e in wizard.session.history] == [("power_light", False)]


def test_a_text_answer_that_starts_with_change_is_an_answer(tmp_path: Path) -> None:
    text = PRINTER.replace(
        "  - id: paper_count\n",
        "  - id: note\n    text: Anything else?\n    type: text\n  - id: paper_count\n",
    ).replace(
        "  - id: empty_tray\n",
        "  - id: noted\n    when: {question: note, contains: toner}\n"
        "    then: {suggest: load_paper, certainty: 0.1}\n    because: Noted.\n"
        "  - id: empty_tray\n",
    )
    assert "id: note" in text and "id: noted" in text
    wizard, _, _ = run(load_text(text), tmp_path, "y", "change the toner", "q")
    assert wizard.session.answers.get("note") == "change the toner"


def stock_run(
    tmp_path: Path, *typed: str
) -> tuple[Wizard, str, Ending, list[engine.recording.ConsultationRecord]]:
    out = io.StringIO()
    screen = Screen(make_console(plain=True, file=out, width=100), plain=True)
    records: list[engine.recording.ConsultationRecord] = []
    rulebase = engine.load(engine.resolve("stock_count"))
    wizard = Wizard(
        engine.start(rulebase),
        screen,
        Script(*typed),
        tmp_path / "s.json",
        lambda: NOW,
        record=records.append,
        sessions_folder=tmp_path,
    )
    ending = wizard.run()
    return wizard, " ".join(out.getvalue().split()), ending, records


#: Five answers of stock_count: fewer, every unit, counted in units, 1 a pack, a delivery.
FIVE = ("2", "1", "1", "1", "delivery")


def test_later_answers_are_kept_for_the_worker_to_confirm_or_replace(tmp_path: Path) -> None:
    # Answer 1 is changed (the same direction first: nothing to check); answers 2 to 5
    # are shown one by one: Enter keeps the timing and the measure, 12 replaces the pack
    # size, Enter keeps the delivery.
    typed = ("c 1", "2", "c 1", "1", "", "", "12", "", "q")
    wizard, out, _, _ = stock_run(tmp_path, *FIVE, *typed)
    assert "Kept: that is the same answer." in out
    assert "4 later answers still apply: check each (Enter keeps it)." in out
    assert "Checking answer 3: still right? How is this item counted and sold?" in out
    assert "Checking answer 4: still right?" in out
    assert "Your answer: 1 unit per case. Press Enter to keep it, or type a new one." in out
    assert [(e.question, e.value) for e in wizard.session.history] == [
        ("discrepancy_direction", "system_higher"),
        ("count_timing", "all_posted"),
        ("item_measure", "units"),
        ("pack_size", 12),
        ("recent_activity", ("delivery",)),
    ]
    # Then on to what is worth asking now (12 a case: which unit the system shows).
    assert out.rindex("Question 6 (5 answered") > out.index("Checking answer 5")


def test_a_later_answer_that_no_longer_applies_is_named_not_asked(tmp_path: Path) -> None:
    # Counted by weight, not in units: the pack size no longer applies; the activity does.
    wizard, out, _, _ = stock_run(tmp_path, *FIVE, "c 3", "2", "", "q")
    assert (
        "These answers no longer apply, so they are set aside: "
        "- How many single units are in one case or pack of this item? (1 unit per case)"
    ) in out
    assert "1 later answer still applies: check each (Enter keeps it)." in out
    assert "Checking answer 4: still right? Which of these happened" in out
    assert "pack_size" not in [e.question for e in wizard.session.history]


def test_q_while_checking_a_later_answer_stops_and_keeps_everything(tmp_path: Path) -> None:
    wizard, out, ending, _ = stock_run(tmp_path, *FIVE, "c 2", "1", "q")
    assert ending is Ending.STOPPED
    assert len(wizard.session.history) == 5
    assert "Stopped. Your answers are saved in" in out


def test_start_again_asks_first_and_keeps_the_old_consultation(tmp_path: Path) -> None:
    wizard, out, ending, records = stock_run(tmp_path, "2", "1", "r", "n", "r", "y", "1", "q")
    assert "Start again from the first question? Type y to start again." in out
    assert "Carrying on." in out
    assert f"Starting again. The earlier answers are kept in {tmp_path / 's.json'}" in out
    assert ending is Ending.STOPPED
    # The new consultation: one answer, in a new file; the old one is still unfinished.
    assert [e.value for e in wizard.session.history] == ["system_higher"]
    assert wizard.save_path != tmp_path / "s.json"
    old = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert old["wizard"]["status"] == "unfinished" and len(old["events"]) == 2
    first, second = records
    assert first.resolution is engine.recording.Resolution.ABANDONED
    assert [a.question for a in first.answers] == ["discrepancy_direction", "count_timing"]
    assert second.id != first.id and len(second.answers) == 1


def test_start_again_at_the_result_records_the_old_one_as_left(tmp_path: Path) -> None:
    typed = (*FIVE, "3", "none", "r", "y", "q")
    wizard, out, _, records = stock_run(tmp_path, *typed)
    assert "Result" in out and "Starting again." in out
    assert records[0].resolution is engine.recording.Resolution.ABANDONED
    assert wizard.session.history == ()


def test_start_again_with_nothing_answered_says_so(tmp_path: Path) -> None:
    _, out, _, _ = stock_run(tmp_path, "r", "q")
    assert "Nothing is answered yet: this is already the start." in out


def test_question_help_lists_the_commands(tmp_path: Path) -> None:
    _, out, _, _ = stock_run(tmp_path, "?", "q")
    assert "At any question you can type:" in out
    assert "c N change answer N" in out
    assert "r start again from the first question (this consultation is kept)" in out


def test_commands_while_checking_are_not_taken_as_answers(tmp_path: Path) -> None:
    typed = ("c 1", "1", "b", "c 2", "r", "why", "", "", "", "", "q")
    wizard, out, _, _ = stock_run(tmp_path, *FIVE, *typed)
    assert out.count("Press Enter to keep this answer, or type a new one; q stops.") == 3
    assert "Not accepted" not in out  # why is explained, not refused as an answer
    assert [e.value for e in wizard.session.history][1] == "all_posted"
