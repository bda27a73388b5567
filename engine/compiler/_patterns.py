"""Conditions as experta fact patterns.

Working memory holds five kinds of fact, one per subject and value:
``Answer(question=..., value=...)`` (a computed value is an answer under its own
id), ``Unanswered(question=...)``, ``Derived(name=..., holds=...)``,
``SolutionFact(solution=..., state=..., holds=...)`` and ``Nothing(state=...,
holds=...)`` for fallbacks. Each literal of a rule's condition becomes one pattern on one of
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
from engine.model import (
    ComputedTest,
    FactTest,
    NothingTest,
    Operator,
    QuestionTest,
    QuestionType,
    Rulebase,
    Value,
)

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
    """A question that will have no answer: skipped, or it can no longer be asked
    (or a computed value that cannot be computed)."""


class Nothing(ExpertaFact):  # type: ignore[misc]
    """Whether ``nothing: STATE`` holds: no ordinary rule's solution is recommended so."""


#: The field that names each fact's subject: the key matching is indexed by.
SUBJECT_FIELD: dict[type, str] = {
    Answer: "question",
    Derived: "name",
    SolutionFact: "solution",
    Unanswered: "question",
    Nothing: "state",
}


def fact_value(question_type: QuestionType, value: Value) -> Value:
    """The value stored in working memory for an answer."""
    if question_type is QuestionType.TEXT and isinstance(value, str):
        return normalise_text(value)
    return value


def literal_key(literal: Literal) -> Hashable:
    """Equal keys mean equal patterns, so rules share them."""
    atom = literal.atom
    if isinstance(atom, QuestionTest | ComputedTest):
        subject = atom.question if isinstance(atom, QuestionTest) else atom.computed
        if atom.operator is Operator.ANSWERED:
            return ("answered", subject, _wants_answer(literal))
        return ("question", subject, atom.operator, atom.operand, literal.negated)
    if isinstance(atom, FactTest):
        return ("fact", atom.fact, literal.negated)
    if isinstance(atom, NothingTest):
        return ("nothing", atom.state, literal.negated)
    return ("solution", atom.solution, atom.state, literal.negated)


def pattern_for(literal: Literal, rulebase: Rulebase) -> Any:
    """The experta pattern (a Fact with field constraints) for one literal."""
    atom = literal.atom
    if isinstance(atom, QuestionTest | ComputedTest):
        if isinstance(atom, QuestionTest):
            subject, subject_type = atom.question, rulebase.question_by_id[atom.question].type
        else:
            subject, subject_type = atom.computed, QuestionType.NUMBER
        if atom.operator is Operator.ANSWERED:
            # Any answer at all; or the fact that there will be none.
            if _wants_answer(literal):
                return Answer(question=subject)
            return Unanswered(question=subject)
        constraint = experta.P(AnswerTest(subject_type, atom.operator, atom.operand))
        if literal.negated:
            constraint = ~constraint
        return Answer(question=subject, value=constraint)
    if isinstance(atom, FactTest):
        return Derived(name=atom.fact, holds=not literal.negated)
    if isinstance(atom, NothingTest):
        return Nothing(state=atom.state.value, holds=not literal.negated)
    return SolutionFact(solution=atom.solution, state=atom.state.value, holds=not literal.negated)


def _wants_answer(literal: Literal) -> bool:
    """``answered: yes``, or ``not`` of ``answered: no``."""
    atom = literal.atom
    assert isinstance(atom, QuestionTest | ComputedTest)
    return (atom.operand is True) is not literal.negated


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
