"""Can the tests on one question ever hold together? Sound, never guessing.

A DNF branch (see :mod:`engine._logic`) holds only when every literal in it is
TRUE. A question literal is TRUE only when the question has been answered and
the answer passes the test (or, negated, fails it), or, negated, when it is a
follow-up that is never asked; so all the literals on one question are decided
by that one answer, or by there being none. :func:`possible` asks whether some
valid answer makes them all TRUE, judging each candidate with the engine's own
:func:`~engine._passes.answer_passes`, and says "impossible" only when it has
covered every answer:

- yes/no and choice questions: every answer is tried;
- multiple choice: a choice both required and refused is a contradiction;
- numbers: every test's truth is constant between the numbers the tests and the
  question's ``min``/``max`` name, so trying those numbers, the midpoints
  between them and one number beyond each end covers every answer;
- text: only trivial contradictions (``is: a`` with ``is_not: a``, or
  ``contains: light`` with ``not: {contains: light}``); otherwise "possible".
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from engine._logic import Literal
from engine._passes import answer_passes
from engine.answers import normalise_text
from engine.model import Operator, Question, QuestionTest, QuestionType, Value

#: (test, negated): the test must pass, or (negated) must fail.
Test = tuple[QuestionTest, bool]


def question_tests(literals: Iterable[Literal]) -> dict[str, list[Test]]:
    """The branch's question literals, by question, each test once."""
    found: dict[str, list[Test]] = {}
    for literal in literals:
        atom = literal.atom
        if isinstance(atom, QuestionTest):
            tests = found.setdefault(atom.question, [])
            if not any(_same_test(atom, other) and literal.negated == n for other, n in tests):
                tests.append((atom, literal.negated))
    return found


def possible(question: Question, tests: Sequence[Test]) -> bool:
    """False only if no valid answer to ``question``, nor the lack of one, makes every
    test hold."""
    if question.ask_when is not None and all(
        _wants_no_answer(test, negated) if test.operator is Operator.ANSWERED else negated
        for test, negated in tests
    ):
        # A follow-up that is never asked has no answer: every test on it fails, so
        # every negated test holds (and `answered: no`).
        return True
    if any(_wants_no_answer(test, negated) for test, negated in tests):
        # Every other test needs an answer (even under `not`, see "I don't know").
        return all(_wants_no_answer(test, negated) for test, negated in tests)
    kind = question.type
    if kind is QuestionType.YES_NO:
        return _any_passes(question, tests, (True, False))
    if kind is QuestionType.CHOICE:
        return _any_passes(question, tests, tuple(c.id for c in question.choices))
    if kind is QuestionType.NUMBER:
        return _any_passes(question, tests, _number_samples(question, tests))
    if kind is QuestionType.MULTIPLE_CHOICE:
        return _choices_possible(tests)
    return _text_possible(question, tests)


def _wants_no_answer(test: QuestionTest, negated: bool) -> bool:
    """``answered: no``, or ``not`` of ``answered: yes``."""
    return test.operator is Operator.ANSWERED and (test.operand is True) is negated


def _any_passes(question: Question, tests: Sequence[Test], answers: Iterable[Value]) -> bool:
    return any(_holds(question, tests, answer) for answer in answers)


def _holds(question: Question, tests: Sequence[Test], answer: Value) -> bool:
    return all(
        answer_passes(question.type, test.operator, test.operand, answer) != negated
        for test, negated in tests
    )


def _number_samples(question: Question, tests: Sequence[Test]) -> list[float]:
    """One number from every stretch on which all the tests are constant."""
    low, high = question.minimum, question.maximum
    points = {float(p) for p in (low, high) if p is not None}
    for test, _ in tests:
        operands = test.operand if isinstance(test.operand, tuple) else (test.operand,)
        points |= {
            float(v) for v in operands if isinstance(v, int | float) and not isinstance(v, bool)
        }
    ordered = sorted(points)
    if not ordered:
        return [0.0]
    samples = [ordered[0] - 1, *ordered, ordered[-1] + 1]
    samples += [(a + b) / 2 for a, b in itertools.pairwise(ordered)]
    return [v for v in samples if (low is None or v >= low) and (high is None or v <= high)]


def _choices_possible(tests: Sequence[Test]) -> bool:
    required = {
        t.operand for t, negated in tests if t.operator is Operator.CONTAINS and not negated
    }
    refused = {t.operand for t, negated in tests if t.operator is Operator.CONTAINS and negated}
    return not required & refused


def _text_possible(question: Question, tests: Sequence[Test]) -> bool:
    pinned: set[str] | None = None  # the only answers some test allows, if any test pins one
    for test, negated in tests:
        allowed = _pins(test, negated)
        if allowed is not None:
            pinned = allowed if pinned is None else pinned & allowed
    if pinned is not None:
        return _any_passes(question, tests, sorted(pinned))
    needed = [_text(t.operand) for t, n in tests if t.operator is Operator.CONTAINS and not n]
    refused = [_text(t.operand) for t, n in tests if t.operator is Operator.CONTAINS and n]
    return not any(bad in good for bad in refused for good in [*needed, ""])


def _pins(test: QuestionTest, negated: bool) -> set[str] | None:
    """The answers a text test allows, when there are only finitely many."""
    if (test.operator is Operator.IS and not negated) or (
        test.operator is Operator.IS_NOT and negated
    ):
        return {_text(test.operand)}
    if test.operator is Operator.ONE_OF and not negated and isinstance(test.operand, tuple):
        return {_text(v) for v in test.operand}
    return None


def _text(value: object) -> str:
    return normalise_text(str(value))


def _same_test(left: QuestionTest, right: QuestionTest) -> bool:
    return (left.question, left.operator, left.operand) == (
        right.question,
        right.operator,
        right.operand,
    )
