"""What a rule base's parts refer to, computed once and shared by every session.

Sessions only ever re-evaluate the rules that mention something that changed;
these tables say which those are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from engine._logic import Branch, to_dnf
from engine.model import (
    AllOf,
    AnyOf,
    Atom,
    ComputedTest,
    Conclude,
    Condition,
    FactTest,
    Not,
    NothingTest,
    Question,
    QuestionTest,
    Rule,
    Rulebase,
    RuleOut,
    SolutionState,
    Suggest,
)

#: What a condition can be about: ("question", id), ("computed", id), ("fact", id),
#: ("solution", id) or ("nothing", "suggested" | "confirmed").
Subject = tuple[str, str]


def subject_of(atom: Atom) -> Subject:
    if isinstance(atom, QuestionTest):
        return ("question", atom.question)
    if isinstance(atom, ComputedTest):
        return ("computed", atom.computed)
    if isinstance(atom, FactTest):
        return ("fact", atom.fact)
    if isinstance(atom, NothingTest):
        return ("nothing", atom.state.value)
    return ("solution", atom.solution)


def is_fallback(rule: Rule) -> bool:
    """Does the rule test ``nothing:``? (It then fires only when nothing else is recommended.)"""
    return any(isinstance(atom, NothingTest) for atom in atoms_of(rule.when))


def atoms_of(condition: Condition) -> list[Atom]:
    if isinstance(condition, AllOf | AnyOf):
        return [atom for child in condition.conditions for atom in atoms_of(child)]
    if isinstance(condition, Not):
        return atoms_of(condition.condition)
    return [condition]


def targets_of(rule: Rule) -> list[Subject]:
    """The subjects whose state this rule's actions change."""
    found: list[Subject] = []
    for action in rule.then:
        subject = (
            ("fact", action.fact) if isinstance(action, Conclude) else ("solution", action.solution)
        )
        if subject not in found:
            found.append(subject)
    return found


@dataclass(frozen=True, slots=True)
class RulebaseIndex:
    rulebase: Rulebase
    rules: tuple[Rule, ...]
    #: Each rule's condition in disjunctive normal form, by rule position.
    branches: tuple[tuple[Branch, ...], ...]
    rules_by_subject: dict[Subject, tuple[int, ...]]
    #: Questions whose ``ask_when`` mentions the subject.
    followups_by_subject: dict[Subject, tuple[str, ...]]
    concluders: dict[str, tuple[int, ...]]
    suggesters: dict[str, tuple[int, ...]]
    excluders: dict[str, tuple[int, ...]]
    #: Questions in the order worth asking them: priority first, then the file's order.
    question_order: tuple[Question, ...]
    #: Derived facts ordered so that every fact comes after the facts it depends on.
    fact_order: tuple[str, ...]
    #: Position of each fact in ``fact_order``.
    fact_rank: dict[str, int]
    #: Position of each solution in the file, for ranking ties.
    solution_order: dict[str, int]
    #: What each rule's actions change, by rule position.
    targets: tuple[tuple[Subject, ...], ...]
    #: Per rule: the certainty it gives each fact it concludes or solution it suggests.
    strengths: tuple[dict[Subject, float], ...]
    #: Per rule and alternative: the facts whose certainty bounds its premise.
    premise_facts: tuple[tuple[tuple[str, ...], ...], ...]
    #: The computed values whose formula names the subject (a question or a computed value).
    computed_users: dict[Subject, tuple[str, ...]]
    #: Positions of fallback rules (they test ``nothing:``).
    fallbacks: frozenset[int]
    #: The states ``nothing:`` is tested for; empty when the rule base has no fallback.
    nothing_states: tuple[SolutionState, ...]
    #: Ordinary rules that suggest a solution, by solution: what ``nothing:`` watches.
    plain_suggesters: dict[str, tuple[int, ...]]

    def rule_targets(self, rule_index: int) -> tuple[Subject, ...]:
        return self.targets[rule_index]


def build_index(rulebase: Rulebase) -> RulebaseIndex:
    """Analyse ``rulebase``.

    Raises:
        TooComplexError: a rule's condition has too many alternatives.
    """
    rules = rulebase.rules
    by_subject: dict[Subject, list[int]] = defaultdict(list)
    concluders: dict[str, list[int]] = defaultdict(list)
    suggesters: dict[str, list[int]] = defaultdict(list)
    excluders: dict[str, list[int]] = defaultdict(list)
    for position, rule in enumerate(rules):
        for atom in atoms_of(rule.when):
            subjects = by_subject[subject_of(atom)]
            if not subjects or subjects[-1] != position:
                subjects.append(position)
        for action in rule.then:
            if isinstance(action, Conclude):
                _append_once(concluders[action.fact], position)
            elif isinstance(action, Suggest):
                _append_once(suggesters[action.solution], position)
            elif isinstance(action, RuleOut):
                _append_once(excluders[action.solution], position)
    fact_order = _fact_order(rulebase, concluders)
    followups: dict[Subject, list[str]] = defaultdict(list)
    for question in rulebase.questions:
        if question.ask_when is not None:
            for atom in atoms_of(question.ask_when):
                _append_once(followups[subject_of(atom)], question.id)
    branches = tuple(to_dnf(rule.when) for rule in rules)
    computed_users: dict[Subject, list[str]] = defaultdict(list)
    for computed in rulebase.computed:
        for name in computed.formula.names:
            kind = "computed" if name.id in rulebase.computed_by_id else "question"
            _append_once(computed_users[(kind, name.id)], computed.id)
    fallbacks = frozenset(p for p, rule in enumerate(rules) if is_fallback(rule))
    nothing_states = tuple(
        state
        for state in (SolutionState.SUGGESTED, SolutionState.CONFIRMED)
        if ("nothing", state.value) in by_subject
    )
    return RulebaseIndex(
        rulebase=rulebase,
        rules=rules,
        branches=branches,
        rules_by_subject={k: tuple(v) for k, v in by_subject.items()},
        followups_by_subject={k: tuple(v) for k, v in followups.items()},
        concluders={k: tuple(v) for k, v in concluders.items()},
        suggesters={k: tuple(v) for k, v in suggesters.items()},
        excluders={k: tuple(v) for k, v in excluders.items()},
        question_order=tuple(sorted(rulebase.questions, key=lambda q: (-q.priority, q.order))),
        fact_order=fact_order,
        fact_rank={fact_id: rank for rank, fact_id in enumerate(fact_order)},
        solution_order={s.id: n for n, s in enumerate(rulebase.solutions)},
        targets=tuple(tuple(targets_of(rule)) for rule in rules),
        strengths=tuple(_strengths(rule) for rule in rules),
        premise_facts=tuple(
            tuple(
                tuple(
                    lit.atom.fact
                    for lit in branch
                    if isinstance(lit.atom, FactTest) and not lit.negated
                )
                for branch in alternatives
            )
            for alternatives in branches
        ),
        computed_users={k: tuple(v) for k, v in computed_users.items()},
        fallbacks=fallbacks,
        nothing_states=nothing_states,
        plain_suggesters={
            s: plain
            for s, positions in suggesters.items()
            if (plain := tuple(p for p in positions if p not in fallbacks))
        },
    )


def _strengths(rule: Rule) -> dict[Subject, float]:
    found: dict[Subject, float] = {}
    for action in rule.then:
        if isinstance(action, Conclude):
            found[("fact", action.fact)] = action.certainty
        elif isinstance(action, Suggest):
            found[("solution", action.solution)] = action.certainty
    return found


def _append_once(items: list[int] | list[str], item: int | str) -> None:
    # Items arrive grouped (every rule, every question, one after another), so
    # a repeat can only be the last item: looking further would be quadratic
    # when thousands of rules suggest one solution.
    if not items or items[-1] != item:
        items.append(item)  # type: ignore[arg-type]


def _fact_order(rulebase: Rulebase, concluders: dict[str, list[int]]) -> tuple[str, ...]:
    """Facts in dependency order (the loader has rejected cycles)."""
    depends: dict[str, set[str]] = {fact.id: set() for fact in rulebase.facts}
    for fact_id, positions in concluders.items():
        for position in positions:
            for atom in atoms_of(rulebase.rules[position].when):
                if isinstance(atom, FactTest) and atom.fact != fact_id:
                    depends.setdefault(fact_id, set()).add(atom.fact)
    ordered: list[str] = []
    placed: set[str] = set()
    visiting: set[str] = set()
    # Iterative depth-first order; a leftover cycle (not expected) is broken, not looped.
    for start in depends:
        stack: list[tuple[str, bool]] = [(start, False)]
        while stack:
            fact_id, expanded = stack.pop()
            if fact_id in placed or (not expanded and fact_id in visiting):
                continue
            if expanded:
                placed.add(fact_id)
                ordered.append(fact_id)
                continue
            visiting.add(fact_id)
            stack.append((fact_id, True))
            stack.extend(
                (dep, False) for dep in sorted(depends.get(fact_id, ())) if dep not in placed
            )
    return tuple(ordered)
