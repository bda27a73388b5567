"""What the checks share: the rule base, its index, what refers to what, what is dead.

Everything is computed at most once per lint run, and only if a check asks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cached_property

from engine._index import RulebaseIndex, atoms_of, build_index
from engine.lint._dead import DeadParts, find_dead
from engine.model import Atom, ComputedTest, FactTest, QuestionTest, Rulebase


class Context:
    def __init__(self, rulebase: Rulebase, today: dt.date) -> None:
        self.rulebase = rulebase
        self.today = today

    @cached_property
    def index(self) -> RulebaseIndex:
        return build_index(self.rulebase)

    @cached_property
    def dead(self) -> DeadParts:
        return find_dead(self.index)

    def atoms(self) -> Iterator[Atom]:
        """Every test in every rule's `when` and every question's `ask_when`."""
        for rule in self.rulebase.rules:
            yield from atoms_of(rule.when)
        for question in self.rulebase.questions:
            if question.ask_when is not None:
                yield from atoms_of(question.ask_when)

    @cached_property
    def tested_questions(self) -> frozenset[str]:
        """Questions a condition tests, directly or through a computed value it tests."""
        found = {a.question for a in self.atoms() if isinstance(a, QuestionTest)}
        pending = [a.computed for a in self.atoms() if isinstance(a, ComputedTest)]
        by_id, seen = self.rulebase.computed_by_id, set(pending)
        while pending:
            computed = by_id.get(pending.pop())
            for name in () if computed is None else computed.formula.names:
                if name.id not in by_id:
                    found.add(name.id)
                elif name.id not in seen:
                    seen.add(name.id)
                    pending.append(name.id)
        return frozenset(found)

    @cached_property
    def tested_facts(self) -> frozenset[str]:
        return frozenset(a.fact for a in self.atoms() if isinstance(a, FactTest))

    @cached_property
    def referenced_articles(self) -> frozenset[str]:
        rulebase = self.rulebase
        from_questions = {q.article for q in rulebase.questions if q.article is not None}
        return frozenset(from_questions | {a for s in rulebase.solutions for a in s.articles})

    @cached_property
    def referenced_experts(self) -> frozenset[str]:
        return frozenset(s.expert for s in self.rulebase.solutions if s.expert is not None)
