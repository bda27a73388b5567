"""Session.apply and Session.change: one way to replay a step, and changing any answer."""

from __future__ import annotations

import pytest
from test_helpful import PRINTER

import engine
from engine.loader import load_text
from engine.model import Rulebase


@pytest.fixture(scope="module")
def printer() -> Rulebase:
    return load_text(PRINTER)


def steps(session: engine.Session) -> list[tuple[str, object]]:
    return [(e.question, "?" if e.skipped else e.value) for e in session.history]


def test_apply_answers_or_skips_as_the_event_says(printer: Rulebase) -> None:
    session = engine.start(printer)
    session.apply(engine.Event("power_light", False))
    session.apply(engine.Event("cable_checked", None, skipped=True))
    assert steps(session) == [("power_light", False), ("cable_checked", "?")]


def test_apply_refuses_what_is_not_an_event(printer: Rulebase) -> None:
    session = engine.start(printer)
    with pytest.raises(engine.AnswerError, match="expects an Event, not str"):
        session.apply("power_light=no")  # type: ignore[arg-type]


def test_a_skip_changed_into_an_answer_confirms_the_fix(printer: Rulebase) -> None:
    session = engine.start(printer)
    session.answer("power_light", False)
    session.skip("cable_checked")
    assert session.recommendations() == []
    assert session.change(engine.Event("cable_checked", False)) == ()
    assert [(r.solution.id, r.state.value) for r in session.recommendations()] == [
        ("plug_in_cable", "confirmed")
    ]


def test_later_answers_are_kept_while_still_asked_and_returned_when_not(
    printer: Rulebase,
) -> None:
    session = engine.start(printer)
    session.answer("power_light", False)
    session.answer("cable_checked", True)
    session.record_outcome("call_electrician", "not_fixed")
    # The light is on after all: the cable question is no longer asked.
    dropped = session.change(engine.Event("power_light", True))
    assert [(e.question, e.value) for e in dropped] == [("cable_checked", True)]
    assert steps(session) == [("power_light", True)]
    assert session.next_question().id == "paper_count"  # type: ignore[union-attr]
    assert [f.solution for f in session.outcomes()] == ["call_electrician"]  # kept, as by back
    # And back again: the cable is asked again, nothing is remembered for it.
    assert session.change(engine.Event("power_light", False)) == ()
    assert session.next_question().id == "cable_checked"  # type: ignore[union-attr]


def test_a_refused_change_leaves_the_session_as_it_was(printer: Rulebase) -> None:
    session = engine.start(printer)
    session.answer("power_light", False)
    before = session.to_dict()
    with pytest.raises(engine.AnswerError, match="has not been answered yet"):
        session.change(engine.Event("cable_checked", True))
    with pytest.raises(engine.AnswerError):
        session.change(engine.Event("power_light", "maybe"))
    with pytest.raises(engine.AnswerError, match="there is no question"):
        session.change(engine.Event("nothing_like_it", True))
    assert session.to_dict() == before
