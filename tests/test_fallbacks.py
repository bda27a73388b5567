"""Fallback rules: `nothing: suggested` / `nothing: confirmed`, written once."""

from __future__ import annotations

from collections.abc import Callable

from engine.errors import Diagnostic
from engine.model import Rulebase
from engine.session import resume, start
from tests.conftest import HEADER

CAR = (
    HEADER
    + """\
questions:
  - id: engine_cranks
    text: Does the engine crank?
    type: yes_no
  - id: battery_volts
    text: What does the battery read, in volts?
    type: number
    min: 0
    max: 20
  - id: fuel_gauge
    text: Does the fuel gauge show fuel?
    type: yes_no
rules:
  - id: flat_battery
    when:
      - question: engine_cranks
        is: no
      - question: battery_volts
        less_than: 12
    then:
      suggest: charge_battery
      certainty: 0.9
    because: A battery under 12 volts cannot turn the starter.
  - id: maybe_battery
    when:
      question: engine_cranks
      is: no
    then:
      suggest: charge_battery
      certainty: 0.3
    because: An engine that does not crank often has a weak battery.
  - id: empty_tank
    when:
      - question: engine_cranks
        is: yes
      - question: fuel_gauge
        is: no
    then:
      suggest: add_fuel
      certainty: 0.9
    because: An engine that cranks but has no fuel will not start.
  - id: battery_fine
    when:
      question: battery_volts
      at_least: 12.6
    then:
      rule_out: charge_battery
    because: A full battery reads 12.6 volts or more.
  - id: take_to_mechanic
    when:
      nothing: suggested
    then:
      suggest: see_mechanic
      certainty: 0.7
    because: Nothing this guide checks explains it; a mechanic can test further.
  - id: nothing_sure
    when:
      nothing: confirmed
    then:
      suggest: call_roadside
      certainty: 0.4
    because: No cause is certain yet; roadside help can check on the spot.
solutions:
  - id: charge_battery
    title: Charge or jump-start the battery
  - id: add_fuel
    title: Add fuel
  - id: see_mechanic
    title: Take the car to a mechanic
  - id: call_roadside
    title: Call roadside assistance
"""
)


def recommended(session: object) -> list[str]:
    return [r.solution.id for r in session.recommendations()]  # type: ignore[attr-defined]


def test_the_fallback_waits_until_nothing_else_can_be_suggested(
    load_yaml: Callable[[str], Rulebase],
) -> None:
    session = start(load_yaml(CAR))
    session.answer("engine_cranks", True)
    assert recommended(session) == []  # the fuel gauge may still explain it
    assert session.next_question().id == "fuel_gauge"  # type: ignore[union-attr]
    session.answer("fuel_gauge", True)
    assert recommended(session) == ["see_mechanic", "call_roadside"]
    assert session.next_question() is None


def test_the_fallback_does_not_fire_when_something_fits(
    load_yaml: Callable[[str], Rulebase],
) -> None:
    session = start(load_yaml(CAR), {"engine_cranks": True, "fuel_gauge": False})
    assert recommended(session) == ["add_fuel"]


def test_a_suggestion_that_is_ruled_out_leaves_room_for_the_fallback(
    load_yaml: Callable[[str], Rulebase],
) -> None:
    session = start(load_yaml(CAR), {"engine_cranks": False, "battery_volts": 12.8})
    assert recommended(session) == ["see_mechanic", "call_roadside"]


def test_nothing_confirmed_fires_beside_a_weak_suggestion(
    load_yaml: Callable[[str], Rulebase],
) -> None:
    session = start(load_yaml(CAR), {"engine_cranks": False})
    session.skip("battery_volts")
    assert recommended(session) == ["call_roadside", "charge_battery"]


def test_a_fallback_that_confirms_does_not_take_itself_back(
    load_yaml: Callable[[str], Rulebase],
) -> None:
    # The fallback adds 0.7 to a suggestion at 0.3: 0.79 is not confirmed, 0.86 is.
    text = CAR.replace(
        "suggest: call_roadside\n      certainty: 0.4",
        "suggest: charge_battery\n      certainty: 0.8",
    )
    session = start(load_yaml(text), {"engine_cranks": False})
    session.skip("battery_volts")
    [top] = session.recommendations()
    assert (top.solution.id, round(top.certainty, 2), top.state.value) == (
        "charge_battery",
        0.86,
        "confirmed",
    )
    assert "nothing_sure" in session.fired_rules()


def test_resume_replays_fallbacks_exactly(load_yaml: Callable[[str], Rulebase]) -> None:
    rulebase = load_yaml(CAR)
    session = start(rulebase, {"engine_cranks": True, "fuel_gauge": True})
    resumed = resume(rulebase, session.to_dict())
    assert recommended(resumed) == recommended(session) == ["see_mechanic", "call_roadside"]


def test_explanations_say_why_the_fallback_fired(load_yaml: Callable[[str], Rulebase]) -> None:
    session = start(load_yaml(CAR), {"engine_cranks": True, "fuel_gauge": True})
    assert "no other solution is suggested" in str(session.explain_how("see_mechanic"))


def test_a_fallback_only_suggests(check_yaml: Callable[[str], list[Diagnostic]]) -> None:
    text = CAR.replace(
        "      suggest: see_mechanic\n      certainty: 0.7\n",
        "      - suggest: see_mechanic\n        certainty: 0.7\n      - rule_out: add_fuel\n",
    )
    [found] = [d for d in check_yaml(text) if d.code == "G214"]
    assert (
        found.message == "fallback rule `take_to_mechanic` rules out; a fallback rule only suggests"
    )


def test_an_ordinary_rule_cannot_wait_for_a_fallback(
    check_yaml: Callable[[str], list[Diagnostic]],
) -> None:
    text = CAR.replace(
        "  - id: battery_fine\n",
        "  - id: after_mechanic\n    when:\n      solution: see_mechanic\n      is: suggested\n"
        "    then:\n      suggest: add_fuel\n      certainty: 0.1\n    because: b\n"
        "  - id: battery_fine\n",
    )
    [found] = [d for d in check_yaml(text) if d.code == "G214"]
    assert found.message == (
        "rule `after_mechanic` tests solution `see_mechanic`, which only fallback rules suggest"
    )


def test_a_follow_up_cannot_wait_for_a_fallback(
    check_yaml: Callable[[str], list[Diagnostic]],
) -> None:
    text = CAR.replace(
        "    type: number\n    min: 0\n    max: 20\n",
        "    type: number\n    min: 0\n    max: 20\n    ask_when:\n      nothing: suggested\n",
    )
    [found] = [d for d in check_yaml(text) if d.code == "G214"]
    assert found.message == "the `ask_when` of question `battery_volts` tests `nothing:`"


def test_nothing_takes_only_suggested_or_confirmed(
    check_yaml: Callable[[str], list[Diagnostic]],
) -> None:
    text = CAR.replace("nothing: confirmed", "nothing: ruled_out")
    [found] = [d for d in check_yaml(text) if d.code == "G106"]
    assert found.message == "`nothing: ruled_out` is not a fallback"


def test_the_shipped_check_passes_a_rule_base_with_fallbacks(
    check_yaml: Callable[[str], list[Diagnostic]],
) -> None:
    assert [d.headline() for d in check_yaml(CAR) if d.severity.value == "error"] == []


def test_nothing_confirmed_settles_when_the_last_evidence_fires(
    load_yaml: Callable[[str], Rulebase],
) -> None:
    # Found by the property tests: the last firing alone settled `nothing: confirmed`.
    text = (
        HEADER
        + """\
questions:
  - {id: lights, text: Do the lights work?, type: yes_no}
  - {id: horn, text: Does the horn work?, type: yes_no}
facts:
  - id: weak_battery
rules:
  - id: battery_signs
    when:
      each:
        - {question: lights, answered: no}
        - {question: horn, answered: no}
    then: {conclude: weak_battery, certainty: 0.4}
    because: Each unchecked sign leaves the battery in doubt.
  - id: charge
    when: {fact: weak_battery}
    then: {suggest: charge_battery, certainty: 0.6}
    because: A weak battery needs charging.
  - id: unsure
    when: {nothing: confirmed}
    then: {suggest: call_roadside, certainty: 0.9}
    because: Nothing is certain.
solutions:
  - {id: charge_battery, title: Charge the battery, steps: [Charge it.]}
  - {id: call_roadside, title: Call roadside assistance, steps: [Call.]}
"""
    )
    session = start(load_yaml(text))
    session.skip("lights")
    session.skip("horn")
    assert recommended(session) == ["call_roadside", "charge_battery"]
