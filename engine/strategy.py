"""Which question to ask next.

A question is *needed* while its answer can still change what the worker is
shown. A rule that can still fire tests it on a part of its condition that is
still open (or it decides whether a needed follow-up applies, or it is a number
that a needed computed value uses), and that rule's firing would matter:

- it suggests a solution that no rule suggests yet, or rules out one that is,
  or may become, suggested: the solution's state changes;
- it suggests a solution that may still reach ``confirm_threshold``: it could
  be confirmed;
- it suggests a solution that could still overtake one of the first
  :data:`LEADING` recommendations: their order changes;
- it concludes a fact that such a rule needs, or raises the certainty of a
  concluded fact that such a rule (fired or not) uses in its premise.

That is ``settings.ask: while_it_matters``, the default. Under ``ask:
exhaustive`` any rise in a recommendation's certainty matters, as in the
consultations of MYCIN and CLIPS: every live rule for a solution that is not
ruled out keeps its questions worth asking.

Among needed questions that can be asked now, ``order: priority`` (the default)
takes the highest question priority, then the order in the file; ``order:
goal_driven`` asks what the most promising rule needs first (see
:mod:`engine._goals`). Nothing is asked twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from engine._goals import pursue
from engine._index import RulebaseIndex, Subject, subject_of
from engine._logic import Tri, evaluate, open_atoms
from engine._status import StatusTracker
from engine.certainty import Certainties, combine
from engine.model import (
    AnyOf,
    AskMode,
    Conclude,
    FactTest,
    Question,
    QuestionOrder,
    RuleOut,
    SolutionState,
    Suggest,
)

#: How many of the first recommendations count as *leading*: under ``ask:
#: while_it_matters`` a question stays worth asking while its answer could change
#: their order. Three is what a worker reads at a glance and tries in turn.
LEADING = 3

#: The values a literal may still hold with, plain and negated.
_POSSIBLE = (Tri.TRUE, Tri.OPEN)
_POSSIBLE_IF_NEGATED = (Tri.FALSE, Tri.OPEN)

#: Certainties closer than this count as equal (as the session's ranking rounds them).
_EPSILON = 1e-9


class Effect(Enum):
    """What more evidence for a solution would change for the worker."""

    SUGGEST = "suggest"  # it would be recommended
    CONFIRM = "confirm"  # it could reach the confirm threshold
    REORDER = "reorder"  # it could overtake one of the leading recommendations
    CERTAINTY = "certainty"  # only its certainty (counts under ask: exhaustive)
    SETTLE = "settle"  # a fallback waits to know whether it can be confirmed


@dataclass(slots=True)
class NeedFinder:
    """Answers "is this worth finding out?" for one state; memoised, cycle-safe."""

    tracker: StatusTracker
    certainties: Certainties
    _rule: dict[int, bool] = field(default_factory=dict)
    _subject: dict[Subject, bool] = field(default_factory=dict)
    _fact_rise: dict[str, bool] = field(default_factory=dict)
    _solution_rise: dict[str, Effect | None] = field(default_factory=dict)
    _ranking: list[str] | None = None

    @property
    def index(self) -> RulebaseIndex:
        return self.tracker.index

    @property
    def exhaustive(self) -> bool:
        return self.index.rulebase.settings.ask is AskMode.EXHAUSTIVE

    def question_needed(self, question: Question) -> bool:
        tracker = self.tracker
        if question.id in tracker.answers or question.id in tracker.skipped:
            return False
        if tracker.applicable[question.id] not in (Tri.TRUE, Tri.OPEN):
            return False
        return self.subject_needed(("question", question.id))

    def subject_needed(self, subject: Subject) -> bool:
        found = self._subject.get(subject)
        if found is not None:
            return found
        self._subject[subject] = False  # a cycle through this subject proves nothing
        result = self._users_need(subject)
        self._subject[subject] = result
        return result

    def _users_need(self, subject: Subject) -> bool:
        if subject[0] == "fact" and self.tracker.fact_status[subject[1]] is not Tri.OPEN:
            return False
        # A number feeds the computed values whose formula uses it.
        for computed_id in self.index.computed_users.get(subject, ()):
            if self.subject_needed(("computed", computed_id)):
                return True
        for position in self.index.rules_by_subject.get(subject, ()):
            if self.rule_useful(position) and subject in self.open_subjects(position):
                return True
        for question_id in self.index.followups_by_subject.get(subject, ()):
            followup = self.index.rulebase.question_by_id[question_id]
            if (
                self.tracker.applicable[question_id] is Tri.OPEN
                and self.question_needed(followup)
                and followup.ask_when is not None
                and subject
                in {subject_of(a) for a in open_atoms(followup.ask_when, self.tracker.atom_value)}
            ):
                return True
        return False

    def open_subjects(self, position: int) -> set[Subject]:
        when = self.index.rules[position].when
        atom_value = self.tracker.atom_value
        if self.index.each_groups[position] is not None:
            # Each open part of `each` may still add evidence, even once the rule holds.
            assert isinstance(when, AnyOf)
            return {subject_of(a) for part in when.conditions for a in open_atoms(part, atom_value)}
        return {subject_of(atom) for atom in open_atoms(when, atom_value)}

    def rule_useful(self, position: int) -> bool:
        """Could this rule, if it fired, change what the worker is shown?"""
        found = self._rule.get(position)
        if found is not None:
            return found
        self._rule[position] = False
        tracker = self.tracker
        live = tracker.rule_status[position] is Tri.OPEN or (
            self.index.each_groups[position] is not None and tracker.may_add_evidence(position)
        )
        result = live and any(
            self.action_matters(action) for action in self.index.rules[position].then
        )
        self._rule[position] = result
        return result

    def action_matters(self, action: Conclude | Suggest | RuleOut) -> bool:
        if isinstance(action, Conclude):
            concluded = self.tracker.fact_status[action.fact]
            if concluded is Tri.OPEN and self.subject_needed(("fact", action.fact)):
                return True
            return concluded in (Tri.TRUE, Tri.OPEN) and self.fact_rise_matters(action.fact)
        if isinstance(action, Suggest):
            changes = self.solution_rise_matters(action.solution)
        else:
            # Ruling out matters for a solution that is, or may become, suggested.
            status = self.tracker.solution_status
            changes = status[(action.solution, SolutionState.RULED_OUT)] is not Tri.TRUE and (
                status[(action.solution, SolutionState.SUGGESTED)] in (Tri.TRUE, Tri.OPEN)
            )
        # Else it may still matter: a rule that matters waits on the solution's state.
        return changes or self.subject_needed(("solution", action.solution))

    # --- certainty that could still rise ------------------------------------------

    def fact_rise_matters(self, fact_id: str) -> bool:
        """Would more certainty in this fact matter? Only through a rule that has fired
        or may fire with the fact in its premise, for a conclusion whose rise matters."""
        found = self._fact_rise.get(fact_id)
        if found is not None:
            return found
        self._fact_rise[fact_id] = False  # cycle guard
        result = self.certainties.facts.get(fact_id, 0.0) < 1.0 - _EPSILON and any(
            self._premise_rise_matters(position, fact_id)
            for position in self.index.rules_by_subject.get(("fact", fact_id), ())
        )
        self._fact_rise[fact_id] = result
        return result

    def _premise_rise_matters(self, position: int, fact_id: str) -> bool:
        if self.tracker.rule_status[position] not in (Tri.TRUE, Tri.OPEN):
            return False
        if not self._in_live_premise(position, fact_id):
            return False
        for action in self.index.rules[position].then:
            if isinstance(action, Conclude):
                if self.fact_rise_matters(action.fact):
                    return True
            elif isinstance(action, Suggest) and self.solution_rise_matters(action.solution):
                return True
        return False

    def _in_live_premise(self, position: int, fact_id: str) -> bool:
        """Is the fact in an alternative of the rule that has matched or still may?"""
        if not any(fact_id in facts for facts in self.index.premise_facts[position]):
            return False  # the rule only tests that the fact cannot be concluded
        atom_value = self.tracker.atom_value
        for branch in self.index.branches[position]:
            if not any(
                not lit.negated and isinstance(lit.atom, FactTest) and lit.atom.fact == fact_id
                for lit in branch
            ):
                continue
            if all(
                atom_value(lit.atom) in _POSSIBLE_IF_NEGATED
                if lit.negated
                else atom_value(lit.atom) in _POSSIBLE
                for lit in branch
            ):
                return True
        return False

    def solution_rise_matters(self, solution_id: str) -> bool:
        """Would more evidence for this solution change what the worker is shown?"""
        return self.rise_effect(solution_id) is not None

    def rise_effect(self, solution_id: str) -> Effect | None:
        """What more evidence for the solution would change for the worker, if anything."""
        if solution_id not in self._solution_rise:
            self._solution_rise[solution_id] = self._rise_effect(solution_id)
        return self._solution_rise[solution_id]

    def _rise_effect(self, solution_id: str) -> Effect | None:
        tracker = self.tracker
        if tracker.solution_status[(solution_id, SolutionState.RULED_OUT)] is Tri.TRUE:
            return None
        current = self.certainties.solutions.get(solution_id)
        if current is None:
            return Effect.SUGGEST
        if current >= 1.0 - _EPSILON:
            return None
        reachable = self._reachable(solution_id)
        threshold = self.index.rulebase.settings.confirm_threshold - _EPSILON
        if solution_id not in tracker.confirmed and reachable >= threshold:
            return Effect.CONFIRM
        if self._could_overtake_a_leader(solution_id, reachable):
            return Effect.REORDER
        if self.exhaustive:
            return Effect.CERTAINTY
        if self._fallback_waits_on(solution_id):
            return Effect.SETTLE
        return None

    def _reachable(self, solution_id: str) -> float:
        """The most certainty the solution can reach: every rule for it that has fired
        or may fire, at its full strength (premises can rise as facts do)."""
        status = self.tracker.rule_status
        subject: Subject = ("solution", solution_id)
        return combine(
            self.index.strengths[p][subject]
            for p in self.index.suggesters.get(solution_id, ())
            if status[p] in (Tri.TRUE, Tri.OPEN)
            for _ in range(self._parts_that_may_hold(p))
        )

    def _parts_that_may_hold(self, position: int) -> int:
        """How many times the rule may count: once, or once per part of `each` that
        holds or may still hold."""
        when = self.index.rules[position].when
        if self.index.each_groups[position] is None or not isinstance(when, AnyOf):
            return 1
        values = (evaluate(part, self.tracker.atom_value) for part in when.conditions)
        return sum(value in (Tri.TRUE, Tri.OPEN) for value in values)

    def _fallback_waits_on(self, solution_id: str) -> bool:
        """``nothing: confirmed`` waits until no ordinary rule can still confirm this
        solution: while a fallback needs that, the rules for it must settle."""
        tracker = self.tracker
        return (
            tracker.nothing.get(SolutionState.CONFIRMED.value) is Tri.OPEN
            and solution_id in self.index.plain_suggesters
            and solution_id not in tracker.plain_confirmed
            and self.subject_needed(("nothing", SolutionState.CONFIRMED.value))
        )

    def _could_overtake_a_leader(self, solution_id: str, reachable: float) -> bool:
        """Could the solution, rising to ``reachable``, pass one of the recommendations
        ranked above it among the first LEADING (in its own group: confirmed ones,
        or suggested ones)?"""
        ranking = self.ranking()
        rank = ranking.index(solution_id)
        confirmed = self.tracker.confirmed
        group = solution_id in confirmed
        for above in ranking[: min(rank, LEADING)]:
            if (above in confirmed) is group and (
                self.certainties.solutions[above] < reachable + _EPSILON
            ):
                return True
        return False

    def ranking(self) -> list[str]:
        """The recommendations' order as the worker sees it (Session.recommendations)."""
        if self._ranking is None:
            tracker, solutions = self.tracker, self.certainties.solutions
            order = self.index.solution_order
            shown = sorted(
                (
                    s
                    for s in solutions
                    if tracker.solution_status[(s, SolutionState.RULED_OUT)] is not Tri.TRUE
                ),
                key=order.__getitem__,
            )
            shown.sort(key=lambda s: (s not in tracker.confirmed, -round(solutions[s], 9)))
            self._ranking = shown
        return self._ranking


def stop_early(tracker: StatusTracker) -> bool:
    """The rule base says to stop once a solution is confirmed, and one is."""
    rulebase = tracker.index.rulebase
    if not rulebase.settings.stop_when_confirmed:
        return False
    return any(
        tracker.solution_status[(s, SolutionState.RULED_OUT)] is not Tri.TRUE
        for s in tracker.confirmed
    )


def next_question(tracker: StatusTracker, certainties: Certainties) -> Question | None:
    """The question to ask now, or None when nothing more is worth asking."""
    if stop_early(tracker):
        return None
    finder = NeedFinder(tracker, certainties)
    if tracker.index.rulebase.settings.order is QuestionOrder.GOAL_DRIVEN:
        pursuit = pursue(finder)
        if pursuit is not None:
            return pursuit.question
    for question in tracker.index.question_order:
        if tracker.applicable[question.id] is Tri.TRUE and finder.question_needed(question):
            return question
    return None


def needed_questions(tracker: StatusTracker, certainties: Certainties) -> list[Question]:
    """Every question that may still be asked (follow-ups not yet applicable included)."""
    if stop_early(tracker):
        return []
    finder = NeedFinder(tracker, certainties)
    return [q for q in tracker.index.question_order if finder.question_needed(q)]
