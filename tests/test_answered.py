"""`answered: yes|no`: rules that say what to do when the worker does not know."""

from __future__ import annotations

import textwrap

import pytest
from conftest import HEADER

import engine
from engine.errors import RulebaseError
from engine.lint import check_text
from engine.loader import load_text
from engine.model import Operator, QuestionTest, Rulebase

#: The cable check is a follow-up of the power light; not knowing it is evidence too.
PRINTER = HEADER + textwrap.dedent("""\
    questions:
      - id: power_light
        text: Is the power light on?
        type: yes_no
      - id: cable_checked
        text: Is the power cable pushed in at both ends?
        type: yes_no
        ask_when: {question: power_light, is: no}
    rules:
      - id: loose_cable
        when: [{question: power_light, is: no}, {question: cable_checked, is: no}]
        then: {suggest: plug_in_cable, certainty: 0.9}
        because: A loose cable is the most common reason for no power.
      - id: cable_unknown
        when: [{question: power_light, is: no}, {question: cable_checked, answered: no}]
        then: {suggest: plug_in_cable, certainty: 0.5}
        because: Nobody could check the cable, and a loose cable is the most common reason.
      - id: light_on_but_cable_unasked
        when:
          all:
            - {question: power_light, is: yes}
            - {question: cable_checked, answered: no}
        then: {suggest: call_technician, certainty: 0.4}
        because: The printer has power, so the cable is not the problem.
    solutions:
      - id: plug_in_cable
        title: Plug the power cable in firmly
      - id: call_technician
        title: Call the technician
    """)


@pytest.fixture(scope="module")
def printer() -> Rulebase:
    return load_text(PRINTER)


def certainties(session: engine.Session) -> dict[str, float]:
    return {r.solution.id: round(r.certainty, 6) for r in session.recommendations()}


def test_the_test_is_read_from_yes_or_no(printer: Rulebase) -> None:
    [_, _, cable_unknown] = printer.rules
    atoms = cable_unknown.when.conditions  # type: ignore[union-attr]
    assert atoms[1] == QuestionTest("cable_checked", Operator.ANSWERED, False, atoms[1].span)


def test_answered_needs_yes_or_no() -> None:
    text = PRINTER.replace("answered: no}", "answered: maybe}", 1)
    with pytest.raises(RulebaseError) as raised:
        load_text(text, "printer.yaml")
    [problem] = raised.value.diagnostics
    assert "`answered`" in problem.message
    assert "yes or no" in problem.message


def test_i_dont_know_holds_for_answered_no(printer: Rulebase) -> None:
    session = engine.start(printer)
    session.answer("power_light", False)
    assert session.next_question().id == "cable_checked"  # type: ignore[union-attr]
    session.skip("cable_checked")
    assert certainties(session) == {"plug_in_cable": 0.5}
    how = session.explain_how("plug_in_cable")
    assert [s.rule for s in how.supports] == ["cable_unknown"]


def test_an_answer_fails_answered_no(printer: Rulebase) -> None:
    session = engine.start(printer)
    session.answer("power_light", False)
    session.answer("cable_checked", True)
    assert certainties(session) == {}
    session.back()
    session.answer("cable_checked", False)
    assert certainties(session) == {"plug_in_cable": 0.9}


def test_a_follow_up_that_no_longer_applies_has_no_answer(printer: Rulebase) -> None:
    session = engine.start(printer)
    session.answer("power_light", True)  # the cable is never asked now
    assert session.next_question() is None
    assert certainties(session) == {"call_technician": 0.4}


def test_not_answered_no_is_answered_yes() -> None:
    text = PRINTER.replace(
        "{question: cable_checked, answered: no}]",
        "{not: {question: cable_checked, answered: no}}]",
        1,
    )
    session = engine.start(load_text(text))
    session.answer("power_light", False)
    session.answer("cable_checked", True)
    assert certainties(session) == {"plug_in_cable": 0.5}


def test_the_same_question_cannot_be_unanswered_and_answered() -> None:
    text = PRINTER.replace(
        "{question: cable_checked, answered: no}]",
        "{question: cable_checked, answered: no}, {question: cable_checked, is: yes}]",
        1,
    )
    found = {d.code: d.message for d in check_text(text, "printer.yaml")}
    assert "G310" in found
    assert "`cable_checked` has no answer" in found["G310"]


def test_answered_no_alone_is_a_test_that_can_hold(printer: Rulebase) -> None:
    codes = {d.code for d in check_text(PRINTER, "printer.yaml")}
    assert not codes & {"G310", "G311"}
