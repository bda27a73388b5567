"""Conditions as experta fact patterns.

Working memory holds four kinds of fact, one per subject and value:
``Answer(question=..., value=...)``, ``Unanswered(question=...)``,
``Derived(name=..., holds=...)`` and ``SolutionFact(solution=..., state=...,
holds=...)``. Each literal of a rule's condition becomes one pattern on one of
them. A test on an answer is an experta predicate (``P``) made from the one
definition of what a test means, :func:`engine._passes.answer_passes`; a
negated test is its negation (``~P``) on the field, so it still requires the
answer to exist and a missing answer never satisfies ``not``.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from engine._logic import Literal
from engine._passes import AnswerTest
from engine.answers import normalise_text
from engine.compiler._experta import import_experta
from engine.model import FactTest, Operator, QuestionTest, QuestionType, Rulebase, Value

experta = import_experta()
#: experta is untyped; its base classes are named once here, as Any.
ExpertaFact: Any = experta.Fact


class Answer(ExpertaFact):  # type: ignore[misc]
    """A question's answer (text answers are stored normalised)."""


class Derived(ExpertaFact):  # type: ignore[misc]
    """A derived fact that holds, or that can no longer hold."""


class SolutionFact(ExpertaFact):  # type: ignore[misc]
    """A solution's state that holds, or that can no longer hold."""


class Unanswered(ExpertaFact):  # type: ignore[misc]
    """A question that will have no answer: skipped, or it can no longer be asked."""


#: The field that names each fact's subject: the key matching is indexed by.
SUBJECT_FIELD: dict[type, str] = {
    Answer: "question",
    Derived: "name",
    SolutionFact: "solution",
    Unanswered: "question",
}


def fact_value(question_type: QuestionType, value: Value) -> Value:
    """The value stored in working memory for an answer."""
    if question_type is QuestionType.TEXT and isinstance(value, str):
        return normalise_text(value)
    return value


def literal_key(literal: Literal) -> Hashable:
    """Equal keys mean equal patterns, so rules share them."""
    atom = literal.atom
    if isinstance(atom, QuestionTest):
        if atom.operator is Operator.ANSWERED:
            return ("answered", atom.question, _wants_answer(literal))
        return ("question", atom.question, atom.operator, atom.operand, literal.negated)
    if isinstance(atom, FactTest):
        return ("fact", atom.fact, literal.negated)
    return ("solution", atom.solution, atom.state, literal.negated)


def pattern_for(literal: Literal, rulebase: Rulebase) -> Any:
    """The experta pattern (a Fact with field constraints) for one literal."""
    atom = literal.atom
    if isinstance(atom, QuestionTest):
        if atom.operator is Operator.ANSWERED:
            # Any answer at all; or the fact that there will be none.
            if _wants_answer(literal):
                return Answer(question=atom.question)
            return Unanswered(question=atom.question)
        question = rulebase.question_by_id[atom.question]
        constraint = _constraint(atom, question.type)
        if literal.negated:
            constraint = ~constraint
        return Answer(question=atom.question, value=constraint)
    if isinstance(atom, FactTest):
        return Derived(name=atom.fact, holds=not literal.negated)
    return SolutionFact(solution=atom.solution, state=atom.state.value, holds=not literal.negated)


def _wants_answer(literal: Literal) -> bool:
    """``answered: yes``, or ``not`` of ``answered: no``."""
    atom = literal.atom
    assert isinstance(atom, QuestionTest)
    return (atom.operand is True) is not literal.negated


def _constraint(atom: QuestionTest, question_type: QuestionType) -> Any:
    """experta's field constraint for a test: a predicate on the answer made from
    :func:`engine._passes.answer_passes`, so a test means the same to experta as to
    the status tracker and the static checks."""
    return experta.P(AnswerTest(question_type, atom.operator, atom.operand))


def passes(constraint: Any, value: Any) -> bool:
    """Evaluate one of experta's field constraints against a value.

    experta's own FeatureCheck caches every check in a process-wide table that
    never shrinks; evaluating the constraint objects directly avoids that leak.
    """
    if isinstance(constraint, experta.L):
        return _equal(constraint.value, value)
    if isinstance(constraint, experta.P):
        try:
            return bool(constraint.match(value))
        except TypeError:
            return False
    if isinstance(constraint, experta.W):
        return True
    fieldconstraint = experta.fieldconstraint
    if isinstance(constraint, fieldconstraint.NOTFC):
        return not passes(constraint[0], value)
    if isinstance(constraint, fieldconstraint.ANDFC):
        return all(passes(part, value) for part in constraint)
    if isinstance(constraint, fieldconstraint.ORFC):
        return any(passes(part, value) for part in constraint)
    return _equal(constraint, value)


def _equal(expected: Any, actual: Any) -> bool:
    # yes/no values never equal numbers, although Python says True == 1.
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    return bool(expected == actual)
