"""Which rules can never fire, and which facts and solution states can never hold.

A rule fires exactly when one of its DNF branches has every literal TRUE (see
:mod:`engine._logic`). A branch is *dead* when this module can prove that never
happens, for one of these reasons (an :class:`Obstacle`):

- a test that no valid answer passes (or, under ``not``, that every answer passes);
- tests on one question that no single answer passes together (see ``_satisfy``);
- a fact that can never be concluded: a fact holds only once a rule concluding
  it has fired, so a fact that no rule concludes, or whose concluding rules are
  all dead, never holds;
- a solution state that can never be reached: "suggested" and "confirmed" need
  a suggesting rule to fire, "ruled out" a ruling-out rule;
- a fact or solution state required both to hold and not to hold.

Deadness spreads: a dead rule may leave a fact with no live rule, which kills
the rules that need the fact. The fixpoint is computed with a work list, each
rule being looked at again only when something it tests has died. Nothing here
depends on the order of answers or on follow-ups being asked, so a dead rule
cannot fire even when an app answers questions directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from engine._index import RulebaseIndex, Subject
from engine._logic import Branch, Literal
from engine.answers import expected_input
from engine.explain import describe
from engine.lint._satisfy import Test, possible, question_tests
from engine.model import (
    ComputedTest,
    FactTest,
    NothingTest,
    Question,
    QuestionTest,
    Rulebase,
    SolutionState,
    SolutionTest,
)

#: A solution state: (solution id, state).
State = tuple[str, SolutionState]


@dataclass(frozen=True, slots=True)
class Obstacle:
    """Why one alternative (DNF branch) of a condition can never hold."""

    #: "test" (one test no answer passes), "conflict", "fact" or "solution".
    kind: str
    text: str
    #: The test that no answer passes, for kind "test".
    test: QuestionTest | None = None


@dataclass(slots=True)
class DeadParts:
    """What can never happen in a rule base."""

    #: Dead rules by position, with one obstacle per branch.
    rules: dict[int, list[Obstacle]] = field(default_factory=dict)
    #: Facts that can never be concluded, with the reason in words.
    facts: dict[str, str] = field(default_factory=dict)
    #: Solution states that can never be reached, with the reason in words.
    states: dict[State, str] = field(default_factory=dict)

    def obstacle(self, rulebase: Rulebase, branch: Branch) -> Obstacle | None:
        """Why this branch can never hold, or None if it may."""
        return question_obstacle(rulebase, branch) or self.subject_obstacle(branch)

    def subject_obstacle(self, branch: Branch) -> Obstacle | None:
        positive = {_subject_key(lit) for lit in branch if not lit.negated}
        for literal in branch:
            atom, key = literal.atom, _subject_key(literal)
            if isinstance(atom, QuestionTest | ComputedTest):
                continue
            if literal.negated and key in positive:
                return Obstacle("conflict", f"it needs {_subject_words(atom)} both to hold and not")
            if literal.negated:
                continue
            if isinstance(atom, FactTest) and atom.fact in self.facts:
                return Obstacle("fact", f"it needs fact `{atom.fact}`, {self.facts[atom.fact]}")
            if isinstance(atom, SolutionTest) and (atom.solution, atom.state) in self.states:
                reason = self.states[(atom.solution, atom.state)]
                return Obstacle("solution", f"it needs {_subject_words(atom)}, {reason}")
        return None


def question_obstacle(rulebase: Rulebase, branch: Branch) -> Obstacle | None:
    """A test, or a set of tests on one question, that no answer passes."""
    for question_id, tests in question_tests(branch).items():
        question = rulebase.question_by_id[question_id]
        for test, negated in tests:
            if not possible(question, [(test, negated)]):
                return Obstacle("test", impossible_text(question, test, negated), test)
        if not possible(question, tests):
            return Obstacle("conflict", _conflict_text(tests))
    return None


def impossible_text(question: Question, test: QuestionTest, negated: bool) -> str:
    """A test that no answer passes, in words."""
    return f"the test {_words(test, negated)} never holds (answers are {expected_input(question)})"


def _conflict_text(tests: Sequence[Test]) -> str:
    words = [_words(test, negated) for test, negated in tests]
    listed = ", ".join(words[:-1]) + " and " + words[-1]
    return f"{listed} cannot {'both' if len(words) == 2 else 'all'} hold"


def _words(test: QuestionTest, negated: bool) -> str:
    return describe(test, negated=negated)


def _subject_words(atom: FactTest | SolutionTest | NothingTest) -> str:
    if isinstance(atom, FactTest):
        return f"fact `{atom.fact}`"
    if isinstance(atom, NothingTest):
        return f"`nothing: {atom.state.value}`"
    return f"solution `{atom.solution}` to be {atom.state.value.replace('_', ' ')}"


def _subject_key(literal: Literal) -> tuple[str, ...]:
    atom = literal.atom
    if isinstance(atom, FactTest):
        return ("fact", atom.fact)
    if isinstance(atom, SolutionTest):
        return ("solution", atom.solution, atom.state.value)
    if isinstance(atom, NothingTest):
        return ("nothing", atom.state.value)
    return ("question",)


def find_dead(index: RulebaseIndex) -> DeadParts:
    """Every rule, fact and solution state that provably can never fire or hold."""
    rulebase = index.rulebase
    dead = DeadParts()
    for fact in rulebase.facts:
        if not index.concluders.get(fact.id):
            dead.facts[fact.id] = "which no rule concludes"
    for solution in rulebase.solutions:
        if not index.suggesters.get(solution.id):
            for state in (SolutionState.SUGGESTED, SolutionState.CONFIRMED):
                dead.states[(solution.id, state)] = "which no rule suggests"
        if not index.excluders.get(solution.id):
            dead.states[(solution.id, SolutionState.RULED_OUT)] = "which no rule rules out"
    fixed = [
        [question_obstacle(rulebase, branch) for branch in branches] for branches in index.branches
    ]
    work = list(range(len(index.rules)))[::-1]
    while work:
        position = work.pop()
        if position in dead.rules:
            continue
        obstacles = [
            found or dead.subject_obstacle(branch)
            for found, branch in zip(fixed[position], index.branches[position], strict=True)
        ]
        if all(obstacles):
            dead.rules[position] = [o for o in obstacles if o is not None]
            for subject in _newly_dead(index, dead, position):
                work.extend(index.rules_by_subject.get(subject, ()))
    return dead


def _newly_dead(index: RulebaseIndex, dead: DeadParts, position: int) -> list[Subject]:
    """The targets of a rule that has just died, if no live rule is left for them."""
    died: list[Subject] = []
    for kind, name in index.rule_targets(position):
        if kind == "fact":
            if name not in dead.facts and _all_dead(index.concluders.get(name, ()), dead):
                dead.facts[name] = "and every rule that concludes it can never fire"
                died.append((kind, name))
            continue
        for states, rules in (
            ((SolutionState.SUGGESTED, SolutionState.CONFIRMED), index.suggesters.get(name, ())),
            ((SolutionState.RULED_OUT,), index.excluders.get(name, ())),
        ):
            if rules and (name, states[0]) not in dead.states and _all_dead(rules, dead):
                for state in states:
                    verb = "rules it out" if state is SolutionState.RULED_OUT else "suggests it"
                    dead.states[(name, state)] = f"and every rule that {verb} can never fire"
                died.append((kind, name))
    return died


def _all_dead(positions: Sequence[int], dead: DeadParts) -> bool:
    return all(p in dead.rules for p in positions)
