"""Which question to ask next.

A question is *needed* when its answer could still change a recommendation:
a rule that can still fire tests it on a part of its condition that is still
open, and that rule suggests or rules out a solution that is still in play, or
concludes a fact that such a rule needs; or it decides whether a needed
follow-up applies; or it is a number that a computed value needed so uses.
Among needed questions that can be asked now, the highest priority comes
first, then the order in the file. Nothing is asked twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine._index import RulebaseIndex, Subject, subject_of
from engine._logic import Tri, open_atoms
from engine._status import StatusTracker
from engine.model import Conclude, Question, RuleOut, SolutionState, Suggest


@dataclass(slots=True)
class NeedFinder:
    """Answers "is this worth finding out?" for one state; memoised, cycle-safe."""

    tracker: StatusTracker
    _rule: dict[int, bool] = field(default_factory=dict)
    _subject: dict[Subject, bool] = field(default_factory=dict)

    @property
    def index(self) -> RulebaseIndex:
        return self.tracker.index

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
            if self.rule_useful(position) and subject in self._open_subjects_of_rule(position):
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

    def _open_subjects_of_rule(self, position: int) -> set[Subject]:
        when = self.index.rules[position].when
        return {subject_of(atom) for atom in open_atoms(when, self.tracker.atom_value)}

    def rule_useful(self, position: int) -> bool:
        """Could this rule, if it fired, change a recommendation?"""
        found = self._rule.get(position)
        if found is not None:
            return found
        self._rule[position] = False
        result = self.tracker.rule_status[position] is Tri.OPEN and any(
            self._action_matters(action) for action in self.index.rules[position].then
        )
        self._rule[position] = result
        return result

    def _action_matters(self, action: Conclude | Suggest | RuleOut) -> bool:
        status = self.tracker.solution_status
        if isinstance(action, Conclude):
            return self.subject_needed(("fact", action.fact))
        if status[(action.solution, SolutionState.RULED_OUT)] is Tri.TRUE:
            return False
        if isinstance(action, Suggest):
            return True
        # Ruling out matters only for a solution that is, or may become, suggested.
        return status[(action.solution, SolutionState.SUGGESTED)] in (Tri.TRUE, Tri.OPEN)


def stop_early(tracker: StatusTracker) -> bool:
    """The rule base says to stop once a solution is confirmed, and one is."""
    rulebase = tracker.index.rulebase
    if not rulebase.settings.stop_when_confirmed:
        return False
    return any(
        tracker.solution_status[(s, SolutionState.RULED_OUT)] is not Tri.TRUE
        for s in tracker.confirmed
    )


def next_question(tracker: StatusTracker) -> Question | None:
    """The question to ask now, or None when nothing more is worth asking."""
    if stop_early(tracker):
        return None
    finder = NeedFinder(tracker)
    for question in tracker.index.question_order:
        if tracker.applicable[question.id] is Tri.TRUE and finder.question_needed(question):
            return question
    return None


def needed_questions(tracker: StatusTracker) -> list[Question]:
    """Every question that may still be asked (follow-ups not yet applicable included)."""
    if stop_early(tracker):
        return []
    finder = NeedFinder(tracker)
    return [q for q in tracker.index.question_order if finder.question_needed(q)]
