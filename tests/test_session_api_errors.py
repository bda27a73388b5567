"""The library's promise: a wrong call raises one of Guide's own errors, nothing else.

docs/embedding.md promises that every exception the engine raises is a
``GuideError``; these properties call the public API with arbitrary values
(huge integers, NaN, bytes, lists, sections, real ids) and hold it to that.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import engine
import engine.answers
import engine.authoring
import engine.diff
import engine.recording
import engine.testing
from engine.model import QuestionType, Rulebase
from tests.strategies import rulebases

#: Values a careless caller (or a decoded request body) may pass for any argument.
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**400, -(10**400), 2**1024, 0, -1]),
    st.floats(),
    st.sampled_from([math.nan, math.inf, -math.inf, 1e308, 5e-05]),
    st.text(max_size=20),
    st.binary(max_size=10),
)
ANYTHING = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.tuples(inner)
    ),
    max_leaves=8,
)

#: Every public Session method that takes arguments, and how many it takes.
SESSION_METHODS: dict[str, int] = {
    "answer": 2,
    "skip": 1,
    "record_outcome": 2,
    "set_proficiency": 1,
    "open_article": 1,
    "add_seconds": 2,
    "prompt": 1,
    "state_of": 1,
    "steps": 1,
    "summary": 1,
    "article_text": 1,
    "handover": 1,
    "explain_why": 1,
    "explain_how": 1,
    "explain_why_not": 1,
}
#: And those that take none: they must work in any state the others leave.
SESSION_QUERIES = (
    "outcomes",
    "back",
    "next_question",
    "fired_rules",
    "facts",
    "recommendations",
    "ruled_out",
    "unanswered",
    "outcome",
    "progress",
    "to_dict",
)


@cache
def stock_count() -> Rulebase:
    return engine.load(engine.resolve("stock_count"))


def ids_of(rulebase: Rulebase) -> list[str]:
    return [
        *(q.id for q in rulebase.questions),
        *(s.id for s in rulebase.solutions),
        *(a.id for a in rulebase.articles),
        "no_such_id",
    ]


def arguments(rulebase: Rulebase) -> st.SearchStrategy[Any]:
    """Arbitrary values, and the rule base's real ids and answers, which reach deeper."""
    real = st.sampled_from(ids_of(rulebase))
    return st.one_of(ANYTHING, real, real, st.lists(real, max_size=3), st.just("1"))


def only_guide_errors(call: Callable[[], object]) -> None:
    try:
        call()
    except engine.GuideError as error:
        assert str(error), "a Guide error without a message"


@pytest.mark.parametrize("shipped", [True, False])
@given(data=st.data())
def test_session_methods_raise_only_guide_errors(shipped: bool, data: st.DataObject) -> None:
    rulebase = stock_count() if shipped else data.draw(rulebases(), label="rulebase")
    session = engine.start(rulebase)
    values = arguments(rulebase)
    for _ in range(data.draw(st.integers(1, 12), label="calls")):
        name = data.draw(st.sampled_from([*SESSION_METHODS, *SESSION_QUERIES]), label="method")
        args = [data.draw(values, label=f"{name} arg") for _ in range(SESSION_METHODS.get(name, 0))]
        only_guide_errors(lambda: getattr(session, name)(*args))  # noqa: B023 (called at once)


@given(data=st.data())
def test_public_functions_raise_only_guide_errors(data: st.DataObject) -> None:
    rulebase = stock_count()
    question = data.draw(st.sampled_from(rulebase.questions), label="question")
    value = data.draw(arguments(rulebase), label="value")
    other = data.draw(arguments(rulebase), label="other")
    calls: list[Callable[[], object]] = [
        lambda: engine.answers.parse_answer(question, value),
        lambda: engine.answers.validate_answer(question, value),
        lambda: engine.answers.answer_text(question, value),
        lambda: engine.start(rulebase, value),
        lambda: engine.resume(rulebase, value),
        lambda: engine.resume(rulebase, {**engine.start(rulebase).to_dict(), "events": value}),
        lambda: engine.testing.scenario_from_session(rulebase, value, other),
        lambda: engine.diff.diff(rulebase, rulebase, [(str(other), value)], scenarios=False),
        lambda: engine.recording.record_from_dict(value),
        lambda: engine.authoring.explain_code(value),
    ]
    for call in calls:
        only_guide_errors(call)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda s: s.answer(["x"], 1), engine.AnswerError),
        (lambda s: s.skip({"x": 1}), engine.AnswerError),
        (lambda s: s.answer("pack_size", 10**400), engine.AnswerError),
        (lambda s: s.steps("no_such_solution"), engine.ContextError),
        (lambda s: s.summary("no_such_solution"), engine.ContextError),
        (lambda s: s.explain_how("no_such_solution"), engine.ContextError),
        (lambda s: s.explain_why_not(["x"]), engine.ContextError),
        (lambda s: s.article_text("no_such_article"), engine.ContextError),
        (lambda s: s.state_of("no_such_solution"), engine.ContextError),
        (lambda s: s.record_outcome(["x"], "fixed"), engine.OutcomeError),
    ],
)
def test_wrong_calls_named_in_the_issue(
    call: Callable[[engine.Session], object], error: type[engine.GuideError]
) -> None:
    with pytest.raises(error) as raised:
        call(engine.start(stock_count()))
    assert "`" in str(raised.value) or "there is no" in str(raised.value)


def test_a_multiple_choice_answer_of_numbers_is_an_answer_error() -> None:
    rulebase = stock_count()
    question = next(q for q in rulebase.questions if q.type is QuestionType.MULTIPLE_CHOICE)
    session = engine.start(rulebase)
    with pytest.raises(engine.AnswerError, match="expects a list of its choices"):
        engine.answers.validate_answer(question, [1])
    with pytest.raises(engine.AnswerError):
        session.answer(question.id, [1])
