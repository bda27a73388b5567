"""Certainty factors, combined as MYCIN did.

A rule contributes ``rule certainty x premise certainty``; the premise's
certainty is the minimum over the facts its matching alternative used (answers
are certain), and the best alternative counts when several matched. A rule
written with `each:` contributes once for each of its parts that matched (the
best alternative within the part), as independent evidence.
Contributions to the same conclusion combine as ``a + b(1 - a)``, which is
``1 - (1 - c1)(1 - c2)...``: order does not matter. Format 1 has only positive
certainties; ``rule_out`` is the evidence against.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from engine._index import RulebaseIndex


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


def compute(index: RulebaseIndex, alternatives: Mapping[int, Sequence[int]]) -> Certainties:
    """Certainties of every concluded fact and suggested solution.

    ``alternatives`` maps each fired rule to the alternatives of its condition that matched.
    """
    facts: dict[str, float] = {}
    premises: dict[int, float] = {}

    def premise(position: int) -> float:
        if position not in premises:
            by_alternative = index.premise_facts[position]
            premises[position] = max(
                min((facts.get(fact, 0.0) for fact in by_alternative[alternative]), default=1.0)
                for alternative in alternatives[position]
            )
        return premises[position]

    def part_premises(position: int) -> list[float]:
        """Per part of `each` that matched: its best alternative's premise."""
        groups = index.each_groups[position]
        assert groups is not None
        by_alternative = index.premise_facts[position]
        best: dict[int, float] = {}
        for alternative in alternatives[position]:
            value = min((facts.get(f, 0.0) for f in by_alternative[alternative]), default=1.0)
            part = groups[alternative]
            best[part] = max(best.get(part, 0.0), value)
        return list(best.values())

    def combined(subject: tuple[str, str], positions: tuple[int, ...]) -> float | None:
        contributions: list[float] = []
        for p in positions:
            if p not in alternatives:
                continue
            strength = index.strengths[p][subject]
            if index.each_groups[p] is None:
                contributions.append(strength * premise(p))
            else:
                contributions += [strength * value for value in part_premises(p)]
        return combine(contributions) if contributions else None

    touched = {target for p in alternatives for target in index.rule_targets(p)}
    concluded = sorted((t[1] for t in touched if t[0] == "fact"), key=index.fact_rank.__getitem__)
    # Facts in dependency order, so a premise is final before it is used.
    for fact_id in concluded:
        value = combined(("fact", fact_id), index.concluders.get(fact_id, ()))
        if value is not None:
            facts[fact_id] = value
    solutions: dict[str, float] = {}
    for solution_id in sorted(t[1] for t in touched if t[0] == "solution"):
        value = combined(("solution", solution_id), index.suggesters.get(solution_id, ()))
        if value is not None:
            solutions[solution_id] = value
    for position in alternatives:
        premise(position)
    return Certainties(facts=facts, solutions=solutions, premises=premises)
