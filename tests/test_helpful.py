"""What would help: no dead end where one answer the worker skipped could go further."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import HEADER

import cli
from engine.loader import load_text
from engine.model import Rulebase, SolutionState

#: Two faults, each with its own expert; the cable check is the key question.
PRINTER = HEADER + textwrap.dedent("""\
    settings:
      confirm_threshold: 0.8
    questions:
      - id: power_light
        text: Is the power light on?
        type: yes_no
      - id: cable_checked
        text: Is the power cable pushed in at both ends?
        type: yes_no
      - id: paper_count
        text: How many sheets are in the tray?
        type: number
        min: 0
        max: 500
    rules:
      - id: loose_cable
        when: [{question: power_light, is: no}, {question: cable_checked, is: no}]
        then: {suggest: plug_in_cable, certainty: 0.92}
        because: A loose cable is the most common reason for no power.
      - id: cable_in_no_power
        when: [{question: power_light, is: no}, {question: cable_checked, is: yes}]
        then: {suggest: call_electrician, certainty: 0.5}
        because: The cable is in, yet there is no power.
      - id: empty_tray
        when: [{question: power_light, is: yes}, {question: paper_count, at_most: 5}]
        then: {suggest: load_paper, certainty: 0.95}
        because: Almost no paper is left.
    solutions:
      - id: plug_in_cable
        title: Plug the power cable in firmly
        expert: office_it
      - id: call_electrician
        title: Have the socket checked
        expert: facilities
      - id: load_paper
        title: Load paper
        expert: office_it
    experts:
      - id: office_it
        name: Office IT support desk
      - id: facilities
        name: Facilities help desk
      - id: printing_vendor
        name: The printer's vendor
    """)


@pytest.fixture(scope="module")
def printer() -> Rulebase:
    return load_text(PRINTER)


def test_a_skipped_key_question_is_offered_instead_of_a_dead_end(printer: Rulebase) -> None:
    session = printer.start()
    session.answer("power_light", False)
    session.skip("cable_checked")
    assert session.next_question() is None
    assert session.recommendations() == []
    [lead] = session.what_would_help()
    assert (lead.question.id, lead.skipped, lead.could_confirm) == ("cable_checked", True, True)
    assert [(r.solution.id, r.state, r.answer) for r in lead.reaches] == [
        ("plug_in_cable", SolutionState.CONFIRMED, False),
        ("call_electrician", SolutionState.SUGGESTED, True),
    ]
    assert lead.sentence() == (
        "Is the power cable pushed in at both ends? You said you don't know. Its answer "
        "could confirm “Plug the power cable in firmly” or suggest “Have the socket checked”."
    )


def test_looking_ahead_changes_nothing(printer: Rulebase) -> None:
    session = printer.start()
    session.answer("power_light", False)
    session.skip("cable_checked")
    before = session.to_dict()
    session.what_would_help()
    session.experts_in_reach()
    assert session.to_dict() == before


def test_the_experts_are_those_of_the_solutions_in_reach(printer: Rulebase) -> None:
    session = printer.start()
    session.answer("power_light", False)
    session.skip("cable_checked")
    assert [e.id for e in session.experts_in_reach()] == ["office_it", "facilities"]
    handover = session.handover()
    assert [e.id for e in handover.experts] == ["office_it", "facilities"]
    assert [lead.question.id for lead in handover.leads] == ["cable_checked"]


def test_a_confirmed_consultation_has_no_leads(printer: Rulebase) -> None:
    session = printer.start({"power_light": False, "cable_checked": False})
    assert session.handover().leads == ()
    assert [e.id for e in session.handover().experts] == ["office_it"]


def test_nothing_in_reach_offers_every_expert(printer: Rulebase) -> None:
    session = printer.start({"power_light": True, "paper_count": 200})
    assert session.what_would_help() == []
    assert session.experts_in_reach() == ()
    assert len(session.handover().experts) == 3


def test_a_number_question_is_tried_on_both_sides_of_its_tests(printer: Rulebase) -> None:
    session = printer.start({"power_light": True})
    session.skip("paper_count")
    [lead] = session.what_would_help()
    [reach] = lead.reaches
    assert (reach.solution.id, reach.state) == ("load_paper", SolutionState.CONFIRMED)
    assert reach.answer is not None and reach.answer <= 5  # type: ignore[operator]


def test_the_wizard_says_what_would_help(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "printer.yaml"
    path.write_text(PRINTER, encoding="utf-8")
    code = cli.main(
        ["run", str(path), "--no-input", "--set", "power_light=no", "--set", "cable_checked=?"]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "Guide can go further if you can find out:" in out
    assert "Is the power cable pushed in at both ends? You said you don't know." in " ".join(
        out.split()
    )
    assert "The printer's vendor" not in out
