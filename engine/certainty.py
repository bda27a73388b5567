"""Certainty factors, combined as MYCIN did.

A rule contributes ``rule certainty x premise certainty``; the premise's
certainty is the minimum over the facts its matching alternative used (answers
are certain), and the best alternative counts when several matched.
Contributions to the same conclusion combine as ``a + b(1 - a)``, which is
``1 - (1 - c1)(1 - c2)...``: order does not matter. Format 1 has only positive
certainties; ``rule_out`` is the evidence against.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from engine._index import RulebaseIndex
from engine.model import Conclude, FactTest, Suggest

#: (rule position, alternative that matched), as recorded by the inference run.
Firing = tuple[int, int]


def combine(certainties: Iterable[float]) -> float:
    """MYCIN's combination of independent positive evidence."""
    remaining_doubt = 1.0
    for certainty in certainties:
        remaining_doubt *= 1.0 - certainty
    return 1.0 - remaining_doubt


@dataclass(frozen=True, slots=True)
class Certainties:
    facts: dict[str, float]
    solutions: dict[str, float]
    #: Each fired rule's premise certainty.
    premises: dict[int, float]


def compute(index: RulebaseIndex, firings: Iterable[Firing]) -> Certainties:
    """Certainties of every concluded fact and suggested solution."""
    alternatives: dict[int, list[int]] = {}
    for position, alternative in firings:
        alternatives.setdefault(position, []).append(alternative)
    facts: dict[str, float] = {}
    premises: dict[int, float] = {}

    def premise(position: int) -> float:
        if position not in premises:
            premises[position] = max(
                min(
                    (
                        facts.get(lit.atom.fact, 0.0)
                        for lit in index.branches[position][alternative]
                        if isinstance(lit.atom, FactTest) and not lit.negated
                    ),
                    default=1.0,
                )
                for alternative in alternatives[position]
            )
        return premises[position]

    concluded = {t[1] for p in alternatives for t in index.rule_targets(p) if t[0] == "fact"}
    # Facts in dependency order, so a premise is final before it is used.
    for fact_id in sorted(concluded, key=index.fact_rank.__getitem__):
        contributions = [
            action.certainty * premise(position)
            for position in index.concluders.get(fact_id, ())
            if position in alternatives
            for action in index.rules[position].then
            if isinstance(action, Conclude) and action.fact == fact_id
        ]
        if contributions:
            facts[fact_id] = combine(contributions)
    solutions: dict[str, float] = {}
    suggested = {t[1] for p in alternatives for t in index.rule_targets(p) if t[0] == "solution"}
    for solution_id in sorted(suggested):
        contributions = [
            action.certainty * premise(position)
            for position in index.suggesters.get(solution_id, ())
            if position in alternatives
            for action in index.rules[position].then
            if isinstance(action, Suggest) and action.solution == solution_id
        ]
        if contributions:
            solutions[solution_id] = combine(contributions)
    for position in alternatives:
        premise(position)
    return Certainties(facts=facts, solutions=solutions, premises=premises)
