"""Goal-driven question order (``settings.order: goal_driven``).

Guide works on the most promising rule that may still fire and whose firing
matters (see :mod:`engine.strategy`): the one that could add the most
certainty to its solution, ``certainty x (1 - the solution's certainty so
far)`` (a ``rule_out`` could take away all its solution has), ties by the
rule's priority, then the file's order. It asks the question of that rule's
first open test. A test on a fact leads to the rules that conclude the fact
(priority, then file order), a test on a solution's state to the rules for that
solution, a computed value to the numbers it uses, and a follow-up not yet
known to apply to the tests that decide it: MYCIN's backward chaining, and the
way the CLIPS animal example tries one hypothesis at a time. When no such rule
leads to a question that can be asked now, the priority order decides, so the
questions asked are the same set as under ``order: priority``.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine._index import RulebaseIndex, Subject
from engine._logic import Tri, open_atoms
from engine.model import (
    Atom,
    ComputedTest,
    FactTest,
    NothingTest,
    Question,
    QuestionTest,
    SolutionState,
    SolutionTest,
)

if TYPE_CHECKING:
    from engine.strategy import NeedFinder  # which imports this module

#: One link of a pursuit: a rule (by position) and its open test that leads on.
Link = tuple[int, Atom]


@dataclass(frozen=True, slots=True)
class Pursuit:
    """Why goal-driven order asks a question: the rule Guide is trying first, then
    each rule whose conclusion the one before it needs, down to the question."""

    links: tuple[Link, ...]
    question: Question


@dataclass(frozen=True, slots=True)
class _Stream:
    """The rules for one solution that suggest it (or rule it out), strongest first,
    then by priority and file order: (certainty, -priority, position)."""

    solution: str
    suggests: bool
    entries: tuple[tuple[float, int, int], ...]


class _Identity:
    """An index, hashed by identity (its tables are dicts), to cache what is static."""

    __slots__ = ("index",)

    def __init__(self, index: RulebaseIndex) -> None:
        self.index = index

    def __hash__(self) -> int:
        return id(self.index)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Identity) and other.index is self.index


@functools.lru_cache(maxsize=16)
def _streams(key: _Identity) -> tuple[_Stream, ...]:
    index = key.index
    streams = []
    for by_solution, suggests in ((index.suggesters, True), (index.excluders, False)):
        for solution_id, positions in by_solution.items():
            subject: Subject = ("solution", solution_id)
            entries = sorted(
                (
                    index.strengths[p][subject] if suggests else 1.0,
                    -index.rules[p].priority,
                    p,
                )
                for p in positions
            )
            entries.sort(key=lambda entry: -entry[0])  # stable: priority, then file order
            streams.append(_Stream(solution_id, suggests, tuple(entries)))
    return tuple(streams)


def _weight(finder: NeedFinder, stream: _Stream) -> float:
    """What the solution's certainty makes of its rules' certainty: a suggestion can add
    ``1 - certainty so far`` of it, a rule_out take away all the solution has."""
    solutions = finder.certainties.solutions
    if not stream.suggests:
        return solutions.get(stream.solution, 0.0)
    status = finder.tracker.solution_status
    if status[(stream.solution, SolutionState.RULED_OUT)] is Tri.TRUE:
        return 0.0
    return 1.0 - solutions.get(stream.solution, 0.0)


def goals(finder: NeedFinder) -> Iterator[int]:
    """Rules for solutions that may still fire and matter, most promising first: by the
    certainty they could add (or take away), then priority, then file order. A rule
    for several solutions comes at its best."""
    status = finder.tracker.rule_status
    streams = _streams(_Identity(finder.index))
    heap: list[tuple[float, int, int, int, int]] = []
    weights = [_weight(finder, stream) for stream in streams]
    for number, stream in enumerate(streams):
        certainty, priority, position = stream.entries[0]
        heap.append((-certainty * weights[number], priority, position, number, 0))
    heapq.heapify(heap)
    seen: set[int] = set()
    while heap:
        _, _, position, number, at = heapq.heappop(heap)
        entries = streams[number].entries
        if at + 1 < len(entries):
            certainty, priority, following = entries[at + 1]
            heapq.heappush(
                heap, (-certainty * weights[number], priority, following, number, at + 1)
            )
        if position in seen or status[position] is not Tri.OPEN:
            continue
        seen.add(position)
        if finder.rule_useful(position):
            yield position


def pursue(finder: NeedFinder, target: str | None = None) -> Pursuit | None:
    """The question goal-driven order asks now (None: no rule for a solution leads to
    one that can be asked now). With ``target``, the most promising pursuit that
    leads to that question instead, to explain why it is asked."""
    chaser = _Chaser(finder, target)
    for position in goals(finder):
        found = chaser.rule(position, ())
        if found is not None:
            return found
    return None


class _Chaser:
    """Follows a rule's open tests down to a question that can be asked now."""

    def __init__(self, finder: NeedFinder, target: str | None) -> None:
        self.finder = finder
        self.tracker = finder.tracker
        self.index = finder.index
        self.target = target
        self.visited: set[int] = set()
        self.decided: set[str] = set()  # follow-ups and computed values already followed

    def rule(self, position: int, links: tuple[Link, ...]) -> Pursuit | None:
        self.visited.add(position)
        for atom in open_atoms(self.index.rules[position].when, self.tracker.atom_value):
            found = self.atom(atom, (*links, (position, atom)))
            if found is not None:
                return found
        return None

    def atom(self, atom: Atom, links: tuple[Link, ...]) -> Pursuit | None:
        if isinstance(atom, QuestionTest):
            return self.question(atom.question, links)
        if isinstance(atom, ComputedTest):
            return self.computed(atom.computed, links)
        if isinstance(atom, FactTest):
            return self.rules(self.index.concluders.get(atom.fact, ()), links)
        if isinstance(atom, SolutionTest):
            by_state = (
                self.index.excluders
                if atom.state is SolutionState.RULED_OUT
                else self.index.suggesters
            )
            return self.rules(by_state.get(atom.solution, ()), links)
        assert isinstance(atom, NothingTest)
        return None  # it waits on every solution: the priority order settles it

    def rules(self, positions: tuple[int, ...], links: tuple[Link, ...]) -> Pursuit | None:
        rules, status = self.index.rules, self.tracker.rule_status
        for position in sorted(positions, key=lambda p: (-rules[p].priority, p)):
            if status[position] is Tri.OPEN and position not in self.visited:
                found = self.rule(position, links)
                if found is not None:
                    return found
        return None

    def computed(self, computed_id: str, links: tuple[Link, ...]) -> Pursuit | None:
        if computed_id in self.decided:
            return None
        self.decided.add(computed_id)
        for name in self.index.rulebase.computed_by_id[computed_id].formula.names:
            if name.id in self.index.rulebase.computed_by_id:
                found = self.computed(name.id, links)
            else:
                found = self.question(name.id, links)
            if found is not None:
                return found
        return None

    def question(self, question_id: str, links: tuple[Link, ...]) -> Pursuit | None:
        tracker = self.tracker
        if question_id in tracker.answers or question_id in tracker.skipped:
            return None
        question = self.index.rulebase.question_by_id[question_id]
        applicable = tracker.applicable[question_id]
        if applicable is Tri.TRUE:
            wanted = self.target is None or question_id == self.target
            if wanted and self.finder.question_needed(question):
                return Pursuit(links, question)
            return None
        # A follow-up not known to apply yet: first what decides it.
        if applicable is not Tri.OPEN or question.ask_when is None or question_id in self.decided:
            return None
        self.decided.add(question_id)
        for atom in open_atoms(question.ask_when, tracker.atom_value):
            found = self.atom(atom, links)
            if found is not None:
                return found
        return None
