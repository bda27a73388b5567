"""What would help: no dead end where one answer the worker skipped could go further."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import HEADER

import cli
from engine.helpful import consultation_topics
from engine.loader import load_text
from engine.model import Rulebase, SolutionState
from engine.session import start

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
    session = start(printer)
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
    session = start(printer)
    session.answer("power_light", False)
    session.skip("cable_checked")
    before = session.to_dict()
    session.what_would_help()
    session.experts_in_reach()
    assert session.to_dict() == before


def test_the_experts_are_those_of_the_solutions_in_reach(printer: Rulebase) -> None:
    session = start(printer)
    session.answer("power_light", False)
    session.skip("cable_checked")
    assert [e.id for e in session.experts_in_reach()] == ["office_it", "facilities"]
    handover = session.handover()
    assert [e.id for e in handover.experts] == ["office_it", "facilities"]
    assert [lead.question.id for lead in handover.leads] == ["cable_checked"]


def test_a_confirmed_consultation_has_no_leads(printer: Rulebase) -> None:
    session = start(printer, {"power_light": False, "cable_checked": False})
    assert session.handover().leads == ()
    assert [e.id for e in session.handover().experts] == ["office_it"]


def test_nothing_in_reach_offers_every_expert(printer: Rulebase) -> None:
    session = start(printer, {"power_light": True, "paper_count": 200})
    assert session.what_would_help() == []
    assert session.experts_in_reach() == ()
    assert len(session.handover().experts) == 3


def test_a_number_question_is_tried_on_both_sides_of_its_tests(printer: Rulebase) -> None:
    session = start(printer, {"power_light": True})
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


#: No solution names an expert: the consultation's topics (its articles' tags) choose.
TOPICS = HEADER + textwrap.dedent("""\
    questions:
      - id: power_light
        text: Is the power light on?
        type: yes_no
        article: power_faults
      - id: paper_count
        text: How many sheets are in the tray?
        type: number
        min: 0
        max: 500
        article: paper_handling
    rules:
      - id: no_power
        when: {question: power_light, is: no}
        then: {suggest: check_socket, certainty: 0.5}
        because: No light usually means no power.
      - id: empty_tray
        when: [{question: power_light, is: yes}, {question: paper_count, at_most: 5}]
        then: {suggest: load_paper, certainty: 0.95}
        because: Almost no paper is left.
    solutions:
      - id: check_socket
        title: Have the socket checked
        articles: [socket_safety]
      - id: load_paper
        title: Load paper
    articles:
      - id: power_faults
        title: Power faults
        url: https://example.com/power
        tags: [Power supply]
      - id: socket_safety
        title: Sockets and fuses
        url: https://example.com/sockets
        tags: [socket, fuses]
      - id: paper_handling
        title: Paper that feeds
        url: https://example.com/paper
        tags: [paper trays]
    experts:
      - id: office_it
        name: Office IT support desk
        covers: [printers, networks]
      - id: vendor
        name: The printer's vendor
        covers: [paper tray, toner]
      - id: facilities
        name: Facilities help desk
        covers: [sockets, power supplies, fuse boxes]
    """)


@pytest.fixture(scope="module")
def topics() -> Rulebase:
    return load_text(TOPICS)


def test_without_a_named_expert_the_experts_who_know_the_topics_are_offered(
    topics: Rulebase,
) -> None:
    session = start(topics, {"power_light": False})
    [recommendation] = session.recommendations()
    assert recommendation.solution.expert is None
    # socket, fuses (the solution's article), power supply (the question's article)
    assert consultation_topics(session) == ["socket", "fuses", "Power supply"]
    assert [e.id for e in session.experts_in_reach()] == ["facilities"]
    assert [e.id for e in session.handover().experts] == ["facilities"]


def test_a_question_asked_gives_its_article_topics_even_when_not_known(topics: Rulebase) -> None:
    session = start(topics, {"power_light": True})
    session.skip("paper_count")
    # The lead could reach load_paper, which names no expert and links no article.
    assert [lead.question.id for lead in session.what_would_help()] == ["paper_count"]
    assert [e.id for e in session.handover().experts] == ["vendor"]


def test_the_expert_who_knows_most_of_the_topics_comes_first() -> None:
    rulebase = load_text(TOPICS.replace("covers: [printers, networks]", "covers: [power supply]"))
    session = start(rulebase, {"power_light": False})
    assert [e.id for e in session.handover().experts] == ["facilities", "office_it"]


def test_no_topic_matches_so_every_expert_is_offered() -> None:
    unmatched = TOPICS.replace("tags: [paper trays]", "tags: [feeding]")
    rulebase = load_text(unmatched.replace("tags: [Power supply]", "tags: [lights]"))
    session = start(rulebase, {"power_light": True, "paper_count": 200})
    assert session.recommendations() == []
    assert session.experts_in_reach() == ()
    assert [e.id for e in session.handover().experts] == ["office_it", "vendor", "facilities"]
