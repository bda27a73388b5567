"""Check your answers (`c`) and change one (`c N`) in the terminal wizard."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from test_helpful import PRINTER
from test_wizard_terminal import NOW, Script

import engine
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
