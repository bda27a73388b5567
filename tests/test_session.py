"""The Session API as a worker's front-end and an embedding app use it."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
import threading
from pathlib import Path

import pytest

import engine
from engine import AnswerError, SessionError, SolutionState

HEADER = """\
format: 1
metadata:
  id: stock
  title: Stock does not match
  version: "1.0"
  owners:
    - name: Dana Ruiz
      role: Inventory control lead
"""

STOCK = (
    HEADER
    + """\
settings:
  confirm_threshold: 0.8
questions:
  - id: direction
    text: Does the system show more or fewer units than the shelf?
    type: choice
    priority: 10
    choices:
      - id: system_higher
        text: The system shows more
      - id: system_lower
        text: The system shows fewer
  - id: delivery
    text: Was there a delivery in the last 7 days?
    type: yes_no
  - id: posted
    text: Was that delivery received in the system?
    type: yes_no
    ask_when:
      question: delivery
      is: yes
  - id: difference
    text: How many units is the difference ({{ answers.direction }})?
    type: number
    unit: units
    min: 1
    max: 10000
  - id: scans
    text: Were all picks scanned?
    type: yes_no
  - id: note
    text: Describe the location.
    type: text
facts:
  - id: receiving_problem
  - id: process_ok
rules:
  - id: unposted_delivery
    when:
      - question: direction
        is: system_lower
      - question: posted
        is: no
    then:
      - conclude: receiving_problem
      - suggest: post_receipt
        certainty: 0.9
      - rule_out: shrinkage
    because: Goods arrived but were never received in the system.
  - id: large_unposted
    when:
      - fact: receiving_problem
      - question: difference
        more_than: 10
    then:
      - suggest: call_receiving
        certainty: 0.6
    because: A large receiving gap needs the receiving lead.
  - id: large_gap_alone
    when:
      question: difference
      at_least: 50
    then:
      - suggest: call_receiving
        certainty: 0.6
    because: Very large gaps are usually receiving errors.
  - id: scans_fine
    when:
      all:
        - question: scans
          is: yes
        - not:
            fact: receiving_problem
    then:
      - conclude: process_ok
        certainty: 0.7
    because: Picks were scanned and receiving is not the cause.
  - id: shrinkage_left
    when:
      - fact: process_ok
      - question: direction
        is: system_higher
    then:
      - suggest: shrinkage
        certainty: 0.5
    because: With the process causes ruled out, loss remains.
  - id: damaged_note
    when:
      question: note
      contains: damaged
    then:
      - suggest: write_off
        certainty: 0.9
    because: Damaged stock must be written off.
solutions:
  - id: post_receipt
    title: Receive the delivery in the system
    steps:
      - Find the delivery note.
      - Post the receipt for {{ answers.difference }} units.
  - id: call_receiving
    title: Call the receiving lead
  - id: shrinkage
    title: Report suspected shrinkage
  - id: write_off
    title: Write off damaged stock
"""
)


def write(tmp_path: Path, text: str, name: str = "stock.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def stock(tmp_path: Path) -> engine.Rulebase:
    return engine.load(write(tmp_path, STOCK))


def consult(session: engine.Session, answers: dict[str, object]) -> list[str]:
    """Answer what is asked from ``answers`` (skip what is not there); return the ids asked."""
    asked = []
    while (prompt := session.next_question()) is not None:
        asked.append(prompt.id)
        if prompt.id in answers:
            session.answer(prompt.id, answers[prompt.id])
        else:
            session.skip(prompt.id)
    return asked


def top(session: engine.Session) -> list[tuple[str, float, str]]:
    return [
        (r.solution.id, round(r.certainty, 4), r.state.value) for r in session.recommendations()
    ]


def test_a_consultation_asks_only_what_matters_and_recommends(stock: engine.Rulebase) -> None:
    session = engine.start(stock)
    asked = consult(
        session, {"direction": "system_lower", "delivery": True, "posted": False, "difference": 20}
    )
    assert asked == ["direction", "delivery", "posted", "difference", "note"]
    assert top(session) == [
        ("post_receipt", 0.9, "confirmed"),
        ("call_receiving", 0.6, "suggested"),
    ]
    assert session.facts() == {"receiving_problem": 1.0}
    assert [s.id for s in session.ruled_out()] == ["shrinkage"]


def test_follow_up_is_not_asked_when_its_condition_fails(stock: engine.Rulebase) -> None:
    session = engine.start(stock)
    asked = consult(session, {"direction": "system_lower", "delivery": False, "difference": 5})
    assert "posted" not in asked
    with pytest.raises(AnswerError, match="does not apply"):
        session.answer("posted", False)


def test_higher_stock_skips_receiving_questions(stock: engine.Rulebase) -> None:
    session = engine.start(stock)
    asked = consult(session, {"direction": "system_higher", "scans": True, "difference": 3})
    assert "delivery" not in asked and "posted" not in asked
    assert top(session) == [("shrinkage", 0.35, "suggested")]


def test_certainties_combine_as_mycin(stock: engine.Rulebase) -> None:
    session = engine.start(
        stock,
        answers={"direction": "system_lower", "delivery": True, "posted": False, "difference": 60},
    )
    # Two rules at 0.6 each: 1 - 0.4 * 0.4 = 0.84, at or above the threshold 0.8.
    assert ("call_receiving", 0.84, "confirmed") in top(session)


def test_skipped_question_makes_not_undetermined(stock: engine.Rulebase) -> None:
    session = engine.start(stock)
    session.answer("direction", "system_higher")
    session.answer("scans", True)
    # receiving_problem can still be concluded only through `posted`; direction is
    # higher, so unposted_delivery has failed and `not receiving_problem` holds.
    assert session.facts() == {"process_ok": pytest.approx(0.7)}

    other = engine.start(stock)
    other.answer("direction", "system_lower")
    other.answer("delivery", True)
    other.skip("posted")
    other.answer("scans", True)
    # `posted` is unknown, so receiving_problem is undetermined, and so is its `not`.
    assert "process_ok" not in other.facts()
    why_not = other.explain_why_not("shrinkage")
    assert why_not.rules[0].status in {"undetermined", "failed"}


def test_back_restores_the_state_exactly(stock: engine.Rulebase) -> None:
    session = engine.start(stock)
    session.answer("direction", "system_lower")
    session.answer("delivery", True)
    before = (session.to_dict(), top(session), session.next_question())
    session.answer("posted", False)
    assert top(session) != before[1]
    assert session.back() == "posted"
    assert (session.to_dict(), top(session), session.next_question()) == before
    assert session.back() == "delivery"
    assert session.back() == "direction"
    assert session.back() is None


def test_save_and_resume_through_json(stock: engine.Rulebase) -> None:
    session = engine.start(stock)
    consult(session, {"direction": "system_lower", "delivery": True, "posted": False})
    data = json.loads(json.dumps(session.to_dict()))
    resumed = engine.resume(stock, data)
    assert top(resumed) == top(session)
    assert resumed.to_dict() == session.to_dict()
    assert resumed.skipped == session.skipped


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="other"), "not a saved Guide session"),
        (lambda d: d.update(version=99), "version 99 is not supported"),
        (lambda d: d["rulebase"].update(id="printer"), "belongs to rule base 'printer'"),
        (lambda d: d["rulebase"].update(version="0.9"), "made with version '0.9'"),
        (lambda d: d.update(events="answers"), "no list of events"),
        (lambda d: d["events"].append({"answer": "direction"}), "step 2 is not an answer"),
        (lambda d: d["events"].append({"answer": "nope", "value": 1}), "no question `nope`"),
        (
            lambda d: d["events"].append({"answer": "difference", "value": -4}),
            "cannot be replayed",
        ),
        (
            lambda d: d["events"].append({"answer": "direction", "value": "system_lower"}),
            "already been answered",
        ),
    ],
)
def test_corrupt_sessions_are_refused(stock: engine.Rulebase, change, message) -> None:  # type: ignore[no-untyped-def]
    session = engine.start(stock)
    session.answer("direction", "system_lower")
    data = session.to_dict()
    change(data)
    with pytest.raises(SessionError, match=message):
        engine.resume(stock, data)


def test_resume_refuses_what_is_not_a_mapping(stock: engine.Rulebase) -> None:
    with pytest.raises(SessionError, match="expected a JSON object"):
        engine.resume(stock, [1, 2])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        ("nope", 1, "there is no question `nope`"),
        ("direction", "sideways", "has no choice `sideways`"),
        ("direction", 3, "expects one of its choices"),
        ("delivery", "perhaps", "expects yes or no"),
        ("difference", 0, "expects a number from 1 to 10000 units, not 0"),
        ("difference", True, "expects a number, not yes"),
        ("difference", "lots", "expects a number, not `lots`"),
        ("note", "   ", "needs some text"),
    ],
)
def test_invalid_answers_are_explained(
    stock: engine.Rulebase, question: str, value: object, message: str
) -> None:
    session = engine.start(stock)
    with pytest.raises(AnswerError, match=message):
        session.answer(question, value)
    assert session.answers == {}


def test_typed_text_is_parsed_like_the_wizard_does(stock: engine.Rulebase) -> None:
    session = engine.start(stock)
    session.answer("direction", "2")  # by number
    session.answer("delivery", "Y")
    session.answer("difference", "1,200 units")
    assert session.answers == {"direction": "system_lower", "delivery": True, "difference": 1200}


def test_answering_twice_is_refused(stock: engine.Rulebase) -> None:
    session = engine.start(stock)
    session.answer("direction", "system_lower")
    with pytest.raises(AnswerError, match="already been answered"):
        session.answer("direction", "system_higher")


def test_text_tests_ignore_case_and_spaces(stock: engine.Rulebase) -> None:
    session = engine.start(stock, answers={"note": "  Boxes  DAMAGED by forklift "})
    assert ("write_off", 0.9, "confirmed") in top(session)


def test_templates_show_answers(stock: engine.Rulebase) -> None:
    session = engine.start(stock, answers={"direction": "system_lower", "difference": 12})
    assert session.prompt("difference").text.endswith("(system_lower)?")
    assert session.steps("post_receipt") == [
        "Find the delivery note.",
        "Post the receipt for 12 units.",
    ]


def test_explanations(stock: engine.Rulebase) -> None:
    session = engine.start(stock)
    why = session.explain_why("direction")
    assert {r.rule for r in why.reasons} == {"unposted_delivery", "shrinkage_left"}
    session.answer("direction", "system_lower")
    session.answer("delivery", True)
    session.answer("posted", False)
    session.answer("difference", 20)
    how = session.explain_how("call_receiving")
    assert [s.rule for s in how.supports] == ["large_unposted"]
    assert how.supports[0].evidence[0].text == "`receiving_problem` holds"
    assert how.supports[0].evidence[0].support[0].rule == "unposted_delivery"
    assert "rule `large_unposted` (0.60)" in "\n".join(how.lines())
    why_not = session.explain_why_not("shrinkage")
    assert why_not.state is SolutionState.RULED_OUT
    assert why_not.ruled_out_by[0].rule == "unposted_delivery"
    write_off = session.explain_why_not("write_off")
    assert write_off.rules[0].problems == ("needs `note` contains damaged: not asked yet",)
    assert session.explain_why("scans").reasons == ()


def test_progress_estimates_what_is_left(stock: engine.Rulebase) -> None:
    session = engine.start(stock)
    first = session.progress()
    assert (first.answered, first.remaining_at_least) == (0, 1)
    assert first.remaining_at_most == 6
    consult(session, {"direction": "system_higher", "scans": True, "difference": 3, "note": "ok"})
    last = session.progress()
    assert (last.answered, last.remaining_at_least, last.remaining_at_most) == (4, 0, 0)
    assert last.fraction == 1.0


def test_stop_when_confirmed(tmp_path: Path) -> None:
    text = STOCK.replace(
        "  confirm_threshold: 0.8\n", "  confirm_threshold: 0.8\n  stop_when_confirmed: true\n"
    )
    session = engine.start(engine.load(write(tmp_path, text)))
    asked = consult(session, {"direction": "system_lower", "delivery": True, "posted": False})
    assert asked == ["direction", "delivery", "posted"]
    assert session.finished


def test_sessions_share_one_compiled_engine(stock: engine.Rulebase) -> None:
    from engine.compiler import compiled

    first, second = engine.start(stock), engine.start(stock)
    assert compiled(stock) is compiled(stock)
    first.answer("direction", "system_lower")
    assert second.answers == {}


def test_sessions_in_threads_are_independent(stock: engine.Rulebase) -> None:
    scripts = [
        {"direction": "system_lower", "delivery": True, "posted": False, "difference": 60},
        {"direction": "system_higher", "scans": True, "difference": 3},
    ] * 8
    expected = []
    for script in scripts:
        session = engine.start(stock)
        consult(session, script)
        expected.append(top(session))
    results: list[object] = [None] * len(scripts)

    def work(number: int) -> None:
        for _ in range(5):
            session = engine.start(stock)
            consult(session, scripts[number])
            results[number] = top(session)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(scripts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == expected


def test_why_a_question_decides_a_follow_up(stock: engine.Rulebase) -> None:
    session = engine.start(stock)
    session.answer("direction", "system_lower")
    lines = session.explain_why("delivery").lines()
    assert lines == [
        "`delivery` is asked because:",
        "- a follow-up decides whether `posted` is asked",
    ]


def test_why_not_says_what_failed_in_the_workers_words(stock: engine.Rulebase) -> None:
    session = engine.start(stock)
    session.answer("direction", "system_lower")
    session.answer("delivery", True)
    session.skip("posted")
    check = session.explain_why_not("post_receipt").rules[0]
    assert (check.rule, check.status) == ("unposted_delivery", "undetermined")
    assert check.problems == ("needs `posted` is no, but it was skipped (I don't know)",)

    other = engine.start(stock, answers={"direction": "system_lower", "delivery": False})
    check = other.explain_why_not("post_receipt").rules[0]
    assert check.problems == ("needs `posted` is no, but that question does not apply",)


def test_why_not_for_suggested_and_confirmed(stock: engine.Rulebase) -> None:
    session = engine.start(
        stock,
        answers={"direction": "system_lower", "delivery": True, "posted": False, "difference": 20},
    )
    assert session.explain_why_not("call_receiving").summary == (
        "`call_receiving` is only suggested: its certainty 0.60 is below the threshold 0.80."
    )
    confirmed = session.explain_why_not("post_receipt")
    assert confirmed.summary == "`post_receipt` is recommended (confirmed, certainty 0.90)."
    assert confirmed.rules[0].status == "fired"


def test_handover_summarises_the_consultation_for_the_expert(tmp_path: Path) -> None:
    text = STOCK.replace(
        "solutions:\n  - id: post_receipt\n",
        "experts:\n  - id: receiving_lead\n    name: Receiving lead\n    contact: ext 2041\n"
        "solutions:\n  - id: post_receipt\n    expert: receiving_lead\n",
    )
    rulebase = engine.load(write(tmp_path, text))
    session = engine.start(rulebase)
    consult(session, {"direction": "system_lower", "delivery": True, "posted": False})
    now = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
    summary = session.handover(now)
    assert (summary.rulebase_id, summary.rulebase_version, summary.created) == ("stock", "1.0", now)
    assert [(a.id, a.answer) for a in summary.answered] == [
        ("direction", "The system shows fewer"),
        ("delivery", "yes"),
        ("posted", "no"),
    ]
    assert [(u.id, u.answer) for u in summary.unknown] == [("difference", None), ("note", None)]
    top_solution = summary.recommended[0]
    assert (top_solution.id, top_solution.state, summary.confirmed) == (
        "post_receipt",
        SolutionState.CONFIRMED,
        True,
    )
    assert top_solution.reasons == ("Goods arrived but were never received in the system.",)
    assert [e.id for e in summary.experts] == ["receiving_lead"]
    assert summary.ruled_out == ("shrinkage",)


def test_outcome_is_json_for_machines(stock: engine.Rulebase) -> None:
    session = engine.start(stock, answers={"direction": "system_lower"})
    outcome = json.loads(json.dumps(session.outcome()))
    assert outcome["finished"] is False
    assert outcome["next_question"] == "delivery"
    assert outcome["unanswered"] == ["delivery", "posted", "difference", "note"]
    assert outcome["rulebase"] == {"id": "stock", "version": "1.0"}
    consult(session, {"delivery": True, "posted": False})
    outcome = session.outcome()
    assert outcome["finished"] is True
    assert outcome["recommendations"][0]["solution"] == "post_receipt"
    assert outcome["recommendations"][0]["state"] == "confirmed"
    assert outcome["recommendations"][0]["explanation"][0].startswith("`post_receipt` is confirmed")


def test_a_consultation_keeps_its_id_through_back_save_and_resume(stock: engine.Rulebase) -> None:
    session = engine.start(stock)
    other = engine.start(stock)
    assert session.consultation_id != other.consultation_id
    session.answer("direction", "system_lower")
    session.back()
    session.answer("direction", "system_lower")
    data = json.loads(json.dumps(session.to_dict()))
    assert engine.resume(stock, data).consultation_id == session.consultation_id
    data["consultation"] = "../../etc"
    with pytest.raises(SessionError, match="no valid consultation id"):
        engine.resume(stock, data)
