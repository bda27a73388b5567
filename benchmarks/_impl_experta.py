"""(E) A plain experta engine doing the same inference, the way its manual shows.

One ``KnowledgeEngine`` subclass with one ``@Rule`` per rule, written as
ordinary patterns over facts: ``EAnswer(question=..., value=<constraint>)`` with
``L``, ``P``, ``~`` and ``|`` field constraints (comparisons as ``P`` predicates
that are False on a value of the wrong type, see ``_Predicate``),
``EDerived(name=...)`` for derived facts, ``ESuggested`` and ``ERuledOut`` for
the actions. The stock ``ReteMatcher`` builds its network in
every engine instance, so each session is one instance.

``not`` is pushed down to the answer's field (``value=~L(x)``): experta's own
``NOT(...)`` means "no such fact", which would fire on a missing answer.
"""

from __future__ import annotations

import operator as operator_
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from _generate import Spec

from engine.compiler._experta import import_experta

experta: Any = import_experta()
E = experta


class EAnswer(experta.Fact):  # type: ignore[misc]
    """A question's answer."""


class EDerived(experta.Fact):  # type: ignore[misc]
    """A derived fact that has been concluded."""


class ESuggested(experta.Fact):  # type: ignore[misc]
    """Evidence for a solution."""


class ERuledOut(experta.Fact):  # type: ignore[misc]
    """A solution that does not apply."""


def build(spec: Spec) -> type[Any]:
    """The KnowledgeEngine subclass for ``spec`` (its network is built per instance)."""
    namespace: dict[str, Any] = {}
    for rule in spec["rules"]:
        namespace[rule["id"]] = E.Rule(_element(rule["when"], negated=False))(
            _action(rule["id"], rule["then"])
        )
    return type(f"Experta_{spec['metadata']['id']}", (E.KnowledgeEngine,), namespace)


def _action(rule_id: str, then: list[dict[str, Any]]) -> Any:
    facts: list[Any] = []
    for action in then:
        if "conclude" in action:
            facts.append(EDerived(name=action["conclude"]))
        elif "suggest" in action:
            facts.append(ESuggested(solution=action["suggest"]))
        else:
            facts.append(ERuledOut(solution=action["rule_out"]))

    def fire(engine: Any) -> None:
        for fact in facts:
            engine.declare(fact.copy())

    fire.__name__ = fire.__qualname__ = rule_id
    return fire


def _element(condition: Any, *, negated: bool) -> Any:
    """A condition as an experta conditional element, with ``not`` pushed down."""
    if isinstance(condition, list):
        condition = {"all": condition}
    if "not" in condition:
        return _element(condition["not"], negated=not negated)
    if "all" in condition or "any" in condition:
        parts = [_element(c, negated=negated) for c in condition.get("all", condition.get("any"))]
        # De Morgan: under negation, all becomes any and any becomes all.
        conjunctive = ("all" in condition) != negated
        if len(parts) == 1:
            return parts[0]
        return E.AND(*parts) if conjunctive else E.OR(*parts)
    if "fact" in condition:
        if negated:
            raise ValueError("`not` on a derived fact is not generated (see _generate)")
        return EDerived(name=condition["fact"])
    constraint = _constraint(condition)
    return EAnswer(question=condition["question"], value=~constraint if negated else constraint)


def _constraint(test: dict[str, Any]) -> Any:
    (operator, operand), *_ = ((k, v) for k, v in test.items() if k != "question")
    if operator == "is":
        return E.L(operand)
    if operator == "is_not":
        return ~E.L(operand)
    if operator == "one_of":
        constraint = E.L(operand[0])
        for value in operand[1:]:
            constraint = constraint | E.L(value)
        return constraint
    return E.P(_Predicate(_PREDICATES[operator], operand))


_PREDICATES: dict[str, Callable[[Any, Any], bool]] = {
    "less_than": operator_.lt,
    "at_most": operator_.le,
    "more_than": operator_.gt,
    "at_least": operator_.ge,
    "between": lambda value, bounds: bounds[0] <= value <= bounds[1],
    # Text, or a multiple choice's tuple of ids: both are "in".
    "contains": lambda value, needle: needle in value,
}


@dataclass(frozen=True, slots=True, eq=False)
class _Predicate:
    """A predicate that is False, not an error, on a value of another type.

    experta's Rete shares alpha-network checks between patterns and does not
    promise to test ``question=`` before ``value=``, so ``value < 50`` can meet
    a yes/no or a text answer; experta's own ``LT``/``CONTAINS`` then raise.
    """

    test: Callable[[Any, Any], bool]
    operand: Any

    def __call__(self, value: Any) -> bool:
        try:
            return bool(self.test(value, self.operand))
        except TypeError:
            return False


class ExpertaSession:
    """One consultation: one engine instance, one answer declared per step."""

    def __init__(self, engine_class: type[Any]) -> None:
        self.engine = engine_class()
        self.engine.reset()

    def step(self, question_id: str, value: Any) -> set[str]:
        self.engine.declare(EAnswer(question=question_id, value=value))
        self.engine.run()
        return self.recommended()

    def recommended(self) -> set[str]:
        suggested: set[str] = set()
        ruled_out: set[str] = set()
        for fact in self.engine.facts.values():
            if isinstance(fact, ESuggested):
                suggested.add(fact["solution"])
            elif isinstance(fact, ERuledOut):
                ruled_out.add(fact["solution"])
        return suggested - ruled_out
