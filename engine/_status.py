"""Where each rule, fact, solution state and follow-up stands in one session.

experta decides what fires; this tracker decides what is still possible, in
three-valued logic (see engine._logic). Both are needed: a fact *fails* only
when every rule that could conclude it has failed, which is not something a
pattern matcher can see, and the question strategy asks only what can still
change a rule. After each change only the rules that mention a changed
subject are re-evaluated.

Propagation always ends: every status starts OPEN, Kleene's connectives are
monotone in how much is known, and answers, firings and confirmations only
ever add knowledge. So a status can only move from OPEN to a settled value,
once, and the work list empties after a bounded number of changes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from engine._index import RulebaseIndex, Subject
from engine._logic import Tri, evaluate, tri_any
from engine._passes import answer_passes
from engine.model import (
    AnyOf,
    Atom,
    ComputedTest,
    FactTest,
    NothingTest,
    Operator,
    QuestionTest,
    QuestionType,
    SolutionState,
    Value,
)

SolutionKey = tuple[str, SolutionState]


@dataclass(frozen=True, slots=True)
class Settled:
    """What has just been settled, to tell experta: a fact or solution state that
    became FALSE, a follow-up that can no longer be asked (its answer is unknown), a
    computed value (its ``value``, or None when it cannot be computed), or whether
    ``nothing:`` holds (``holds``)."""

    subject: Subject
    state: SolutionState | None = None
    value: float | None = None
    holds: bool = False
    #: For a follow-up that can no longer be asked: its `ask_when` failed (rather than
    #: being unknown), so it has no answer at all.
    does_not_apply: bool = False


@dataclass(slots=True)
class StatusTracker:
    index: RulebaseIndex
    answers: dict[str, Value] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    rule_status: list[Tri] = field(default_factory=list)
    fact_status: dict[str, Tri] = field(default_factory=dict)
    solution_status: dict[SolutionKey, Tri] = field(default_factory=dict)
    applicable: dict[str, Tri] = field(default_factory=dict)
    fired: set[int] = field(default_factory=set)
    #: For rules written with `each:`: (rule position, part) of each part that fired.
    fired_parts: set[tuple[int, int]] = field(default_factory=set)
    confirmed: set[str] = field(default_factory=set)
    #: Computed values known so far, and those that cannot be computed.
    computed: dict[str, float] = field(default_factory=dict)
    uncomputable: set[str] = field(default_factory=set)
    #: Whether ``nothing: suggested`` / ``nothing: confirmed`` holds, by state name.
    nothing: dict[str, Tri] = field(default_factory=dict)
    #: Solutions that ordinary rules alone confirm (what ``nothing: confirmed`` watches).
    plain_confirmed: set[str] = field(default_factory=set)
    #: Tests on answers already decided, by the test's identity (see _passes).
    _passed: dict[int, bool] = field(default_factory=dict)
    #: The certainty of each concluded fact, as the session last worked it out: a fact
    #: that is certain can grow no more, which spares looking at what concludes it.
    fact_certainty: dict[str, float] = field(default_factory=dict)
    #: Something ``nothing:`` watches has changed since it was last worked out.
    _nothing_stale: bool = True

    @classmethod
    def initial(cls, index: RulebaseIndex) -> tuple[StatusTracker, list[Settled]]:
        """The state before any answer (computed once per rule base, then cloned),
        and the facts and solution states that have failed already."""
        rulebase = index.rulebase
        tracker = cls(index=index, rule_status=[Tri.OPEN] * len(index.rules))
        tracker.fact_status = {f.id: Tri.OPEN for f in rulebase.facts}
        tracker.solution_status = {
            (s.id, state): Tri.OPEN for s in rulebase.solutions for state in SolutionState
        }
        tracker.applicable = {
            q.id: Tri.TRUE if q.ask_when is None else Tri.OPEN for q in rulebase.questions
        }
        tracker.nothing = {state.value: Tri.OPEN for state in index.nothing_states}
        subjects: list[Subject] = [("question", q.id) for q in rulebase.questions]
        subjects += [("computed", c.id) for c in rulebase.computed]
        subjects += [("fact", f.id) for f in rulebase.facts]
        subjects += [("solution", s.id) for s in rulebase.solutions]
        settled = tracker.update(subjects, reevaluate_all=True)
        return tracker, settled

    def clone(self) -> StatusTracker:
        return StatusTracker(
            index=self.index,
            answers=dict(self.answers),
            skipped=set(self.skipped),
            rule_status=list(self.rule_status),
            fact_status=dict(self.fact_status),
            solution_status=dict(self.solution_status),
            applicable=dict(self.applicable),
            fired=set(self.fired),
            fired_parts=set(self.fired_parts),
            confirmed=set(self.confirmed),
            computed=dict(self.computed),
            uncomputable=set(self.uncomputable),
            nothing=dict(self.nothing),
            plain_confirmed=set(self.plain_confirmed),
            fact_certainty=dict(self.fact_certainty),
            _passed=dict(self._passed),
            _nothing_stale=self._nothing_stale,
        )

    # --- values -------------------------------------------------------------

    def atom_value(self, atom: Atom) -> Tri:
        if isinstance(atom, QuestionTest):
            return self.question_atom_value(atom)
        if isinstance(atom, FactTest):
            return self.fact_status[atom.fact]
        if isinstance(atom, ComputedTest):
            return self.computed_atom_value(atom)
        if isinstance(atom, NothingTest):
            return self.nothing[atom.state.value]
        return self.solution_status[(atom.solution, atom.state)]

    def computed_atom_value(self, atom: ComputedTest) -> Tri:
        """Like a test on a number answer: open until the value is known or cannot be."""
        computed_id = atom.computed
        if computed_id in self.computed:
            if atom.operator is Operator.ANSWERED:
                return Tri.TRUE if atom.operand is True else Tri.FALSE
            passed = answer_passes(
                QuestionType.NUMBER, atom.operator, atom.operand, self.computed[computed_id]
            )
            return Tri.TRUE if passed else Tri.FALSE
        if computed_id in self.uncomputable:
            if atom.operator is Operator.ANSWERED:
                return Tri.FALSE if atom.operand is True else Tri.TRUE
            return Tri.UNDETERMINED
        return Tri.OPEN

    def question_atom_value(self, atom: QuestionTest) -> Tri:
        question_id = atom.question
        if atom.operator is Operator.ANSWERED:
            return self._answered_value(question_id, wanted=atom.operand is True)
        if question_id in self.answers:
            return Tri.TRUE if self._passes(atom, self.answers[question_id]) else Tri.FALSE
        if question_id in self.skipped:
            return Tri.UNDETERMINED  # "I don't know": the answer exists, unknown
        applicable = self.applicable[question_id]
        if applicable in (Tri.TRUE, Tri.OPEN):
            return Tri.OPEN
        # A follow-up that does not apply has no answer, and no answer passes a test:
        # the test fails (and `not` of it holds), so rules settle. One whose `ask_when`
        # is unknown (a question it tests was skipped) might have applied: unknown.
        return Tri.FALSE if applicable is Tri.FALSE else Tri.UNDETERMINED

    def _answered_value(self, question_id: str, *, wanted: bool) -> Tri:
        """``answered: yes`` (wanted) or ``answered: no``: settled once the question is
        answered, skipped, or can no longer be asked; open while it may still be."""
        if question_id in self.answers:
            answered = True
        elif question_id in self.skipped or self.applicable[question_id] in (
            Tri.FALSE,
            Tri.UNDETERMINED,
        ):
            answered = False
        else:
            return Tri.OPEN
        return Tri.TRUE if answered is wanted else Tri.FALSE

    def _passes(self, atom: QuestionTest, answer: Value) -> bool:
        # An answer never changes once given, so each test is decided once per session.
        key = id(atom)
        passed = self._passed.get(key)
        if passed is None:
            question = self.index.rulebase.question_by_id[atom.question]
            passed = answer_passes(question.type, atom.operator, atom.operand, answer)
            self._passed[key] = passed
        return passed

    def rule_value(self, position: int) -> Tri:
        return evaluate(self.index.rules[position].when, self.atom_value)

    # --- propagation ----------------------------------------------------------

    def update(self, changed: Iterable[Subject], *, reevaluate_all: bool = False) -> list[Settled]:
        """Re-evaluate what depends on ``changed``; return what has newly failed."""
        index = self.index
        queue = deque(changed)
        queued = set(queue)
        settled: list[Settled] = []
        if reevaluate_all:
            self._reevaluate_rules(range(len(index.rules)), queue, queued, settled)
            # Facts and solutions that no rule changed still need their first value
            # (one that no rule can conclude has failed from the start).
            for subject in list(queue):
                if subject[0] in ("fact", "solution") and self._refresh_target(subject, settled):
                    _enqueue(subject, queue, queued)
        if reevaluate_all:
            for computed in index.rulebase.computed:
                self._reevaluate_computed(computed.id, queue, queued, settled)
        while True:
            while queue:
                subject = queue.popleft()
                queued.discard(subject)
                for computed_id in index.computed_users.get(subject, ()):
                    self._reevaluate_computed(computed_id, queue, queued, settled)
                for question_id in index.followups_by_subject.get(subject, ()):
                    self._reevaluate_followup(question_id, queue, queued, settled)
                self._reevaluate_rules(
                    index.rules_by_subject.get(subject, ()), queue, queued, settled
                )
            # Even with nothing queued: a firing alone can settle `nothing:`.
            self._reevaluate_nothing(queue, queued, settled)
            if not queue:
                return settled

    # --- computed values ------------------------------------------------------

    def _reevaluate_computed(
        self,
        computed_id: str,
        queue: deque[Subject],
        queued: set[Subject],
        settled: list[Settled],
    ) -> None:
        if computed_id in self.computed or computed_id in self.uncomputable:
            return  # settled once, for good: answers never change within a session
        formula = self.index.rulebase.computed_by_id[computed_id].formula
        inputs = {name.id: self._number_of(name.id) for name in formula.names}
        numbers = {name: value for name, value in inputs.items() if not isinstance(value, Tri)}
        result: float | None = None
        if Tri.UNDETERMINED not in inputs.values():
            if len(numbers) < len(inputs):
                return  # wait: an input may still come
            result = formula.evaluate(numbers)
        if result is None:
            self.uncomputable.add(computed_id)
        else:
            self.computed[computed_id] = result
        subject: Subject = ("computed", computed_id)
        settled.append(Settled(subject, value=result))
        _enqueue(subject, queue, queued)

    def _number_of(self, name: str) -> float | Tri:
        """A formula's input: its number; UNDETERMINED when it will have none; OPEN
        while it may still come."""
        if name in self.index.rulebase.computed_by_id:
            if name in self.computed:
                return self.computed[name]
            return Tri.UNDETERMINED if name in self.uncomputable else Tri.OPEN
        if name in self.answers:
            answer = self.answers[name]
            if isinstance(answer, bool) or not isinstance(answer, int | float):
                return Tri.UNDETERMINED
            return float(answer)
        if name in self.skipped or self.applicable[name] in (Tri.FALSE, Tri.UNDETERMINED):
            return Tri.UNDETERMINED
        return Tri.OPEN

    # --- fallbacks ------------------------------------------------------------

    def _reevaluate_nothing(
        self, queue: deque[Subject], queued: set[Subject], settled: list[Settled]
    ) -> None:
        if not self._nothing_stale:
            return
        self._nothing_stale = False
        for state_name, old in self.nothing.items():
            if old is not Tri.OPEN:
                continue  # settled for good
            value = self._nothing_value(SolutionState(state_name))
            if value is not Tri.OPEN:
                self.nothing[state_name] = value
                subject: Subject = ("nothing", state_name)
                settled.append(Settled(subject, holds=value is Tri.TRUE))
                _enqueue(subject, queue, queued)

    def _nothing_value(self, state: SolutionState) -> Tri:
        """``nothing: STATE`` from ordinary rules only: FALSE once one of their solutions
        is recommended in that state, TRUE once none is and none can still be."""
        waiting = False
        for solution_id, positions in self.index.plain_suggesters.items():
            ruled_out = self.solution_status[(solution_id, SolutionState.RULED_OUT)]
            if ruled_out is Tri.TRUE:
                continue
            if state is SolutionState.SUGGESTED:
                there = tri_any(self.rule_status[p] for p in positions)
            elif solution_id in self.plain_confirmed:
                there = Tri.TRUE
            elif any(self.may_add_evidence(p, through_facts=True) for p in positions):
                there = Tri.OPEN
            else:
                there = Tri.FALSE
            if there is Tri.TRUE and ruled_out is not Tri.OPEN:
                return Tri.FALSE
            waiting |= there in (Tri.TRUE, Tri.OPEN)
        return Tri.OPEN if waiting else Tri.TRUE

    def set_plain_confirmed(self, solution_ids: Iterable[str]) -> None:
        """Record solutions that ordinary rules alone confirm (for ``nothing: confirmed``)."""
        for solution_id in solution_ids:
            if solution_id not in self.plain_confirmed:
                self.plain_confirmed.add(solution_id)
                self._nothing_stale = True

    def _reevaluate_followup(
        self,
        question_id: str,
        queue: deque[Subject],
        queued: set[Subject],
        settled: list[Settled],
    ) -> None:
        ask_when = self.index.rulebase.question_by_id[question_id].ask_when
        assert ask_when is not None  # the index lists only questions with ask_when
        value = evaluate(ask_when, self.atom_value)
        if value is not self.applicable[question_id]:
            self.applicable[question_id] = value
            subject: Subject = ("question", question_id)
            _enqueue(subject, queue, queued)
            unanswered = question_id not in self.skipped and question_id not in self.answers
            if value in (Tri.FALSE, Tri.UNDETERMINED) and unanswered:
                settled.append(Settled(subject, does_not_apply=value is Tri.FALSE))

    def _reevaluate_rules(
        self,
        positions: Iterable[int],
        queue: deque[Subject],
        queued: set[Subject],
        settled: list[Settled],
    ) -> None:
        for position in positions:
            value = self.rule_value(position)
            if value is self.rule_status[position]:
                if self.index.each_groups[position] is not None:
                    # A part of `each` may have settled: what the rule may still add
                    # to its solutions' certainty has changed.
                    self._nothing_stale = True
                    for target in self.index.rule_targets(position):
                        if self._refresh_target(target, settled):
                            _enqueue(target, queue, queued)
                continue
            self.rule_status[position] = value
            self._nothing_stale = True
            for target in self.index.rule_targets(position):
                if self._refresh_target(target, settled):
                    _enqueue(target, queue, queued)

    def _refresh_target(self, target: Subject, settled: list[Settled]) -> bool:
        kind, target_id = target
        changed = False
        if kind == "fact":
            value = self._status_of(self.index.concluders.get(target_id, ()))
            if value is not self.fact_status[target_id]:
                self.fact_status[target_id] = value
                changed = True
                if value is Tri.FALSE:
                    settled.append(Settled(target))
            return changed
        for state in SolutionState:
            value = self.solution_value(target_id, state)
            key = (target_id, state)
            if value is not self.solution_status[key]:
                self.solution_status[key] = value
                changed = True
                if value is Tri.FALSE:
                    settled.append(Settled(target, state))
        return changed

    def _status_of(self, positions: Iterable[int]) -> Tri:
        return tri_any(self.rule_status[p] for p in positions)

    def solution_value(self, solution_id: str, state: SolutionState) -> Tri:
        index = self.index
        if state is SolutionState.RULED_OUT:
            return self._status_of(index.excluders.get(solution_id, ()))
        suggesters = index.suggesters.get(solution_id, ())
        if state is SolutionState.SUGGESTED:
            return self._status_of(suggesters)
        if solution_id in self.confirmed:
            return Tri.TRUE
        # Certainty can still rise while a suggesting rule is open or about to fire.
        if any(self.may_add_evidence(position) for position in suggesters):
            return Tri.OPEN
        return Tri.FALSE

    def may_add_evidence(self, position: int, *, through_facts: bool = False) -> bool:
        """Can the rule still add certainty: it is open, or holds and has not fired, or
        (written with `each:`) a part of it is open or holds and has not fired; or, with
        ``through_facts``, a fact in its premise can still grow more certain?"""
        status = self.rule_status[position]
        if status is Tri.OPEN:
            return True
        if status is not Tri.TRUE:
            return False
        if position not in self.fired:
            return True
        # A fired rule adds more as a fact in its premise grows more certain. Only
        # `nothing: confirmed` looks that far (it settles once, for good); a solution's
        # own confirmed state does not yet (see the closing note of issue 11).
        premise = self.index.premise_facts[position]
        if through_facts and any(self._fact_may_rise(f) for facts in premise for f in facts):
            return True
        if self.index.each_groups[position] is None:
            return False
        when = self.index.rules[position].when
        assert isinstance(when, AnyOf)
        for part, child in enumerate(when.conditions):
            value = evaluate(child, self.atom_value)
            if value is Tri.OPEN or (
                value is Tri.TRUE and (position, part) not in self.fired_parts
            ):
                return True
        return False

    def set_confirmed(self, solution_ids: Iterable[str]) -> list[Subject]:
        """Record newly confirmed solutions; return the subjects that changed."""
        changed = []
        for solution_id in solution_ids:
            if solution_id not in self.confirmed:
                self.confirmed.add(solution_id)
                changed.append(("solution", solution_id))
        return changed

    def _fact_may_rise(self, fact_id: str) -> bool:
        """Can the fact still grow more certain (a rule concluding it may add more)?
        Facts do not depend on themselves, so this ends."""
        if self.fact_certainty.get(fact_id, 0.0) >= 1.0:
            return False
        return any(
            self.may_add_evidence(p, through_facts=True)
            for p in self.index.concluders.get(fact_id, ())
        )

    def mark_fired(self, firings: Iterable[tuple[int, int]]) -> list[Subject]:
        """Record firings (rule position, alternative); the solutions they suggest may
        now be settled."""
        changed: list[Subject] = []
        for position, alternative in firings:
            self.fired.add(position)
            groups = self.index.each_groups[position]
            if groups is not None:
                self.fired_parts.add((position, groups[alternative]))
            self._nothing_stale = True
            for target in self.index.rule_targets(position):
                if target[0] == "solution" and target not in changed:
                    changed.append(target)
        return changed

    def refresh(self, subjects: Iterable[Subject]) -> list[Settled]:
        """Recompute targets directly (after firings or confirmations), then propagate."""
        settled: list[Settled] = []
        changed = [s for s in subjects if self._refresh_target(s, settled)]
        return settled + self.update(changed)


def _enqueue(subject: Subject, queue: deque[Subject], queued: set[Subject]) -> None:
    if subject not in queued:
        queued.add(subject)
        queue.append(subject)
