"""Whether an answer passes a test on it: the one definition.

The status tracker decides with it which rules can still fire, the compiler
builds experta's field constraints from it (see
:mod:`engine.compiler._patterns`), and the static checks ask it which answers
a test allows; so a test means the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from engine.answers import normalise_text
from engine.model import Operator, QuestionType, Value


class _NotAsked:
    """The answer of a follow-up that can no longer be asked: there is none."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_ASKED"


#: Stands for the missing answer of a follow-up that can no longer be asked: every test
#: on it fails, so its negation holds (see docs/rulebase-format.md, "I don't know").
NOT_ASKED = _NotAsked()


@dataclass(frozen=True, slots=True)
class AnswerTest:
    """One test on a question's answer, as a function of the answer."""

    question_type: QuestionType
    operator: Operator
    operand: object

    def __call__(self, answer: Value | _NotAsked) -> bool:
        if isinstance(answer, _NotAsked):
            return False
        return answer_passes(self.question_type, self.operator, self.operand, answer)


def is_answer(value: object) -> bool:
    """A real answer, not the stand-in of a follow-up that was never asked."""
    return not isinstance(value, _NotAsked)


def answer_passes(
    question_type: QuestionType, operator: Operator, operand: object, answer: Value
) -> bool:
    """Does ``answer`` pass the test? (Mirrors the experta patterns, in plain Python.)

    ``answered`` is decided by whether there is an answer at all: any answer passes
    ``answered: yes`` and fails ``answered: no``.
    """
    if operator is Operator.ANSWERED:
        return operand is True
    if question_type is QuestionType.TEXT and isinstance(answer, str):
        answer = normalise_text(answer)
        if isinstance(operand, tuple):
            operand = tuple(normalise_text(str(v)) for v in operand)
        elif operand is not None:
            operand = normalise_text(str(operand))
    if operator is Operator.IS:
        return _same(answer, operand)
    if operator is Operator.IS_NOT:
        return not _same(answer, operand)
    if operator is Operator.ONE_OF:
        return isinstance(operand, tuple) and any(_same(answer, v) for v in operand)
    if operator is Operator.CONTAINS:
        return isinstance(answer, tuple | str) and str(operand) in answer
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        return False
    if operator is Operator.BETWEEN:
        low, high = cast(tuple[float, float], operand)
        return bool(low <= answer <= high)
    limit = float(cast(float, operand))
    comparisons = {
        Operator.LESS_THAN: answer < limit,
        Operator.AT_MOST: answer <= limit,
        Operator.MORE_THAN: answer > limit,
        Operator.AT_LEAST: answer >= limit,
    }
    return comparisons[operator]


def _same(left: object, right: object) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    return left == right
