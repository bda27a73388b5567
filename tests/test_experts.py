"""Who knows what: experts found by topic, and matched with a consultation's topics."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINIMAL

import engine
from engine.experts import Fit, experts_for_topics, find_experts

PLANNING = MINIMAL.replace("id: printer", "id: planning") + textwrap.dedent("""\
    experts:
      - id: demand_planning_lead
        name: Demand planning lead, Europe
        role: Demand planner
        contact: demand.planning@example.com, Teams "Demand planning"
        available: "Weekdays 08:00-17:00 CET; S&OP week: Tuesday only"
        covers: [forecast bias, demand sensing, S&OP]
      - id: buyer
        name: Purchasing desk
        role: Buyer
        covers: [minimum order quantities, supplier lead times]
      - id: controller
        name: Plant controller
        role: Controller for reserves and write-offs
        covers: [excess and obsolete reserve]
    """)
PRINTER = MINIMAL + textwrap.dedent("""\
    experts:
      - id: office_it
        name: Office IT support desk
        covers: [printers, forecasting the toner order]
    """)


@pytest.fixture
def rulebases(write_yaml: Callable[..., Path]) -> list[engine.Rulebase]:
    return [
        engine.load(write_yaml(PLANNING, "planning.yaml")),
        engine.load(write_yaml(PRINTER, "printer.yaml")),
    ]


def ids(matches: list[engine.experts.ExpertMatch]) -> list[tuple[str, Fit]]:
    return [(m.expert.id, m.fit) for m in matches]


def test_a_topic_they_cover_comes_before_words_found_elsewhere(
    rulebases: list[engine.Rulebase],
) -> None:
    assert ids(find_experts(rulebases, "Forecast BIAS")) == [("demand_planning_lead", Fit.TOPIC)]
    # "forecast" is in a covers entry of both rule bases; the stem matches "forecasting".
    assert ids(find_experts(rulebases, "forecast")) == [
        ("demand_planning_lead", Fit.COVERS),
        ("office_it", Fit.COVERS),
    ]
    # Words of the role and the name count too, after the topics.
    assert ids(find_experts(rulebases, "write-offs")) == [("controller", Fit.PROFILE)]
    assert ids(find_experts(rulebases, "s&op")) == [("demand_planning_lead", Fit.TOPIC)]
    assert find_experts(rulebases, "zebra") == []
    assert find_experts(rulebases, "&&") == []


def test_every_expert_without_a_topic_in_the_order_of_the_files(
    rulebases: list[engine.Rulebase],
) -> None:
    found = find_experts(rulebases)
    assert [(m.rulebase_id, m.expert.id) for m in found] == [
        ("planning", "demand_planning_lead"),
        ("planning", "buyer"),
        ("planning", "controller"),
        ("printer", "office_it"),
    ]
    assert {m.fit for m in found} == {Fit.ANY}


@pytest.mark.parametrize(
    ("topics", "expected"),
    [
        (["supplier lead time"], ["buyer"]),  # lead time(s): the stem matches
        (["S&OP"], ["demand_planning_lead"]),
        (["safety stock"], []),  # the "s" of S&OP is no stem of "safety"
        (["excess"], ["controller"]),  # a topic within a covers entry
        (["forecast bias in S&OP", "demand sensing"], ["demand_planning_lead"]),
        (["order quantities", "S&OP", "forecast bias"], ["demand_planning_lead", "buyer"]),
        ([], []),
    ],
)
def test_experts_for_the_topics_of_a_consultation(
    rulebases: list[engine.Rulebase], topics: list[str], expected: list[str]
) -> None:
    assert [e.id for e in experts_for_topics(rulebases[0].experts, topics)] == expected
