"""Explanations in the worker's words (engine.worded), beside the data API's ids."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import engine
from engine.worded import Explanation
from tests.test_strategy import ANIMALS


@pytest.fixture(scope="module")
def stock_count() -> engine.Rulebase:
    return engine.load(engine.resolve("stock_count"))


def delivery_partly_posted(rulebase: engine.Rulebase) -> engine.Session:
    session = rulebase.start()
    for question, answer in [
        ("discrepancy_direction", "system_lower"),
        ("count_timing", "all_posted"),
        ("item_measure", "units"),
        ("pack_size", 1),
        ("recent_activity", ("delivery",)),
        ("receipt_posted", "partly_posted"),
        ("receipt_message", "none"),
    ]:
        session.answer(question, answer)
    return session


def test_why_leads_with_one_sentence_in_words(stock_count: engine.Rulebase) -> None:
    session = stock_count.start()
    why = session.why_in_words("discrepancy_direction")
    assert isinstance(why, Explanation)
    assert why.sentence.startswith("28 rules need your answer: it could lead to “")
    assert "\n" not in why.sentence and "`" not in why.sentence
    # The details name the question by its text and each rule by its `because`.
    assert why.details[0] == (
        "“Does the system show more or fewer units than you counted?” is asked because:"
    )
    assert all("`" not in line and "[rule" not in line for line in why.details)
    assert why.lines() == [why.sentence, *why.details]


def test_how_uses_titles_answers_reasons_and_percentages(stock_count: engine.Rulebase) -> None:
    session = delivery_partly_posted(stock_count)
    how = session.how_in_words("correct_receipt")
    title = "“Correct the receipt to match what arrived”"
    assert how.sentence == f"{title} is confirmed (certainty 90%)."
    text = "\n".join(how.details)
    assert "Suggested because:" in text
    assert "(90%)" in text and "0.90" not in text
    assert (
        "because “Compare the signed delivery note with the receipt in the system. "
        "What do you find?” was answered “Only part of it is received" in text
    )
    assert "`" not in text


def test_the_data_api_keeps_its_ids(stock_count: engine.Rulebase) -> None:
    session = delivery_partly_posted(stock_count)
    lines = session.explain_how("correct_receipt").lines()
    assert lines[0] == "`correct_receipt` is confirmed (certainty 0.90)."
    assert any(line.startswith("- rule `") for line in lines)
    assert "because `receipt_posted` was answered partly_posted" in "\n".join(lines)


def test_ids_for_the_author_follow_the_words(stock_count: engine.Rulebase) -> None:
    session = delivery_partly_posted(stock_count)
    text = "\n".join(session.how_in_words("correct_receipt", ids=True).lines())
    assert "[solution correct_receipt]" in text
    assert "[rule " in text and "[question receipt_posted]" in text
    assert "(90%)" in text  # still percentages


def test_why_not_in_words(stock_count: engine.Rulebase) -> None:
    session = delivery_partly_posted(stock_count)
    why_not = session.why_not_in_words("correct_picking_error")
    assert why_not.sentence == (
        "Nothing that would suggest “Correct the picking error and the orders it affected” "
        "applies to your answers."
    )
    text = "\n".join(why_not.details)
    assert "This does not apply." in text
    assert "but it was answered “A supplier delivery of this item was received”" in text
    assert "`" not in text


def test_a_question_no_longer_needed(stock_count: engine.Rulebase) -> None:
    session = delivery_partly_posted(stock_count)
    why = session.why_in_words("discrepancy_direction")
    assert why.sentence.startswith("Your answer is not needed any more")


def test_unknown_ids_raise_the_data_apis_errors(stock_count: engine.Rulebase) -> None:
    session = stock_count.start()
    with pytest.raises(engine.AnswerError):
        session.why_in_words("no_such_question")
    with pytest.raises(engine.ContextError):
        session.how_in_words("no_such_solution")
    with pytest.raises(engine.ContextError):
        session.why_not_in_words("no_such_solution")


def test_goal_driven_why_in_words(load_yaml: Callable[[str], engine.Rulebase]) -> None:
    session = load_yaml(ANIMALS.format(order="goal_driven", penguin=0.9)).start()
    why = session.why_in_words("has_hair")
    assert why.sentence == "1 rule needs your answer: it helps work out what to recommend."
    assert why.details[0].startswith("I am checking a rule that would suggest “")
    assert why.details[-1] == "So I need to know “Has hair?”."
    assert all("`" not in line for line in why.details)
