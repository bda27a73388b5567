"""`each:`: every part of a rule's condition that holds adds its own evidence (issue 11, item 2)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from engine.errors import Diagnostic
from engine.model import Rulebase
from engine.session import resume, start
from tests.conftest import HEADER

WINE = (
    HEADER
    + """\
questions:
  - id: red_fits
    text: Would a red wine suit the dish?
    type: yes_no
  - id: white_fits
    text: Would a white wine suit the dish?
    type: yes_no
  - id: sauce
    text: Which sauce?
    type: choice
    choices:
      - {id: cream, text: Cream}
      - {id: tomato, text: Tomato}
rules:
  - id: gamay_by_colour
    when:
      each:
        - question: red_fits
          is: yes
        - question: white_fits
          is: yes
        - any:
            - question: sauce
              is: cream
            - question: sauce
              is: tomato
    then:
      suggest: gamay
      certainty: 0.5
    because: A light gamay qualifies through each colour and sauce that suits it.
  - id: riesling_by_colour
    when:
      any:
        - question: red_fits
          is: yes
        - question: white_fits
          is: yes
    then:
      suggest: riesling
      certainty: 0.5
    because: Riesling qualifies through the best colour only.
solutions:
  - id: gamay
    title: Serve a gamay
  - id: riesling
    title: Serve a riesling
"""
)


def test_each_part_that_holds_counts_once(load_yaml: Callable[[str], Rulebase]) -> None:
    session = start(load_yaml(WINE), {"red_fits": True, "white_fits": True, "sauce": "cream"})
    found = {r.solution.id: round(r.certainty, 4) for r in session.recommendations()}
    # Three parts at 0.5: 1 - 0.5^3. `any` counts its best branch only.
    assert found == {"gamay": 0.875, "riesling": 0.5}
    assert session.recommendations()[0].state.value == "confirmed"


def test_a_part_that_does_not_hold_adds_nothing(load_yaml: Callable[[str], Rulebase]) -> None:
    session = start(load_yaml(WINE), {"red_fits": True, "white_fits": False, "sauce": "cream"})
    assert {r.solution.id: r.certainty for r in session.recommendations()}["gamay"] == 0.75


def test_resume_restores_every_part(load_yaml: Callable[[str], Rulebase]) -> None:
    rulebase = load_yaml(WINE)
    session = start(rulebase, {"red_fits": True, "white_fits": True, "sauce": "tomato"})
    resumed = resume(rulebase, session.to_dict())
    assert [(r.solution.id, r.certainty) for r in resumed.recommendations()] == [
        (r.solution.id, r.certainty) for r in session.recommendations()
    ]


@pytest.mark.parametrize(
    "when",
    [
        "[{each: [{question: red_fits, is: yes}]}]",
        "{not: {each: [{question: red_fits, is: yes}]}}",
        "{any: [{each: [{question: red_fits, is: yes}]}]}",
    ],
)
def test_each_is_only_for_a_rule_s_whole_condition(
    check_yaml: Callable[[str], list[Diagnostic]], when: str
) -> None:
    rule = (
        f"  - id: extra\n    when: {when}\n"
        "    then: {suggest: gamay, certainty: 0.1}\n    because: Extra.\n"
    )
    text = WINE.replace("solutions:\n", rule + "solutions:\n")
    messages = [d.message for d in check_yaml(text) if d.code == "G108"]
    assert messages == ["`each` is only for the whole `when` of a rule"]


def test_a_part_that_could_confirm_is_still_asked(load_yaml: Callable[[str], Rulebase]) -> None:
    session = start(load_yaml(WINE), {"red_fits": True})
    # gamay holds at 0.5; white_fits could add 0.25 and confirm it, so it is asked.
    assert session.next_question().id == "white_fits"  # type: ignore[union-attr]
