"""Answers given up front: the YAML file and --set, parsed by the engine per question."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from wizards.answers_file import Given, apply_answers, parse_set_options, read_answers_file
from wizards.errors import WizardError


def stock_count() -> engine.Rulebase:
    return engine.load(engine.resolve("stock_count"))


def test_yaml_values_become_the_text_a_person_would_type(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "pack_size: 6.0\nrecent_activity: [1, damage]\nwriteoff_recorded: no\n"
        "history_findings: []\nshelf_check: ~\nsystem_unit: CS\n",
        encoding="utf-8",
    )
    assert read_answers_file(path) == [
        Given("pack_size", "6", str(path)),
        Given("recent_activity", "1, damage", str(path)),
        Given("writeoff_recorded", "no", str(path)),
        Given("history_findings", "none", str(path)),
        Given("shelf_check", None, str(path)),
        Given("system_unit", "CS", str(path)),
    ]


def test_an_empty_answers_file_answers_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert read_answers_file(path) == []


def test_answers_are_applied_in_the_rulebase_order_so_follow_ups_apply() -> None:
    session = engine.start(stock_count())
    given = parse_set_options(
        ["writeoff_recorded=n", "recent_activity=damage", "discrepancy_direction=1"]
    )
    apply_answers(session, given)
    assert session.answers == {
        "discrepancy_direction": "system_higher",
        "recent_activity": ("damage",),
        "writeoff_recorded": False,
    }


def test_set_question_mark_is_dont_know_and_a_later_value_wins() -> None:
    session = engine.start(stock_count())
    apply_answers(session, parse_set_options(["pack_size=2", "pack_size=?"]))
    assert session.skipped == frozenset({"pack_size"})


def test_answers_already_in_a_resumed_session_may_be_repeated_but_not_changed() -> None:
    session = engine.start(stock_count(), {"discrepancy_direction": "system_lower"})
    session.skip("count_timing")
    apply_answers(session, parse_set_options(["discrepancy_direction=2", "count_timing=?"]))
    with pytest.raises(WizardError) as caught:
        apply_answers(session, parse_set_options(["discrepancy_direction=1"]))
    assert caught.value.message == (
        "--set discrepancy_direction=1: question `discrepancy_direction` has already been answered"
    )
    assert caught.value.hint == "go back to change an answer"


def test_unknown_question_without_a_close_match() -> None:
    with pytest.raises(WizardError) as caught:
        apply_answers(engine.start(stock_count()), [Given("colour", "red", "a.yaml")])
    assert caught.value.message == "a.yaml: there is no question `colour` in `stock_count`"
    assert caught.value.hint == "see the questions with `guide run stock_count`"


def test_unreadable_answers_file(tmp_path: Path) -> None:
    with pytest.raises(WizardError, match="cannot be read"):
        read_answers_file(tmp_path)
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\xff\xfe")
    with pytest.raises(WizardError, match="cannot be read"):
        read_answers_file(binary)


def test_set_needs_a_question() -> None:
    with pytest.raises(WizardError) as caught:
        parse_set_options(["=3"])
    assert caught.value.hint == "for example --set pack_size=6"
