"""Properties of sessions on random rule bases, driven by random workers.

An independent oracle recomputes, from scratch and without any indexing, the
three-valued status of every rule, fact and solution from the answers alone;
the engine's incremental tracker and experta's firings must agree with it.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import engine
import engine.inputs
from engine import strategy
from engine._logic import Tri, evaluate, to_dnf, tri_any
from engine._passes import answer_passes
from engine.certainty import combine
from engine.model import (
    AnyOf,
    AskMode,
    Atom,
    ComputedTest,
    Conclude,
    FactTest,
    NothingTest,
    Operator,
    QuestionOrder,
    QuestionTest,
    QuestionType,
    Rulebase,
    RuleOut,
    SolutionState,
    Suggest,
)
from engine.session import Session
from engine.strategy import LEADING
from tests.strategies import answers_for, rulebases


class Oracle:
    """Kleene fixpoint by brute force: re-evaluate everything until nothing changes."""

    def __init__(self, rulebase: Rulebase, session: Session) -> None:
        self.rb = rulebase
        self.answers = session.answers
        self.skipped = session.skipped
        self.applicable = {q.id: Tri.OPEN for q in rulebase.questions}
        self.facts = {f.id: Tri.OPEN for f in rulebase.facts}
        self.rules = [Tri.OPEN for _ in rulebase.rules]
        self.solutions = {
            (s.id, st_): Tri.OPEN for s in rulebase.solutions for st_ in SolutionState
        }
        self.confirmed: set[str] = set()
        self.fact_cf: dict[str, float] = {}
        self.solution_cf: dict[str, float] = {}
        self.fallbacks = {i for i, r in enumerate(rulebase.rules) if "NothingTest" in repr(r.when)}
        self.nothing = dict.fromkeys(("suggested", "confirmed"), Tri.OPEN)
        self.plain_confirmed: set[str] = set()
        for _ in range(4 * (len(rulebase.rules) + len(rulebase.questions)) + 4):
            before = (
                dict(self.applicable),
                dict(self.facts),
                list(self.rules),
                dict(self.solutions),
                dict(self.nothing),
            )
            self._round()
            self._certainties()
            if before == (self.applicable, self.facts, self.rules, self.solutions, self.nothing):
                break

    def computed(self, computed_id: str) -> float | Tri:
        """A computed value from the answers alone: its number, or OPEN / UNDETERMINED."""
        formula = self.rb.computed_by_id[computed_id].formula
        inputs: dict[str, float | Tri] = {}
        for name in formula.names:
            if name.id in self.rb.computed_by_id:
                inputs[name.id] = self.computed(name.id)
            elif name.id in self.answers:
                inputs[name.id] = float(self.answers[name.id])  # type: ignore[arg-type]
            elif name.id in self.skipped or self.applicable[name.id] in (
                Tri.FALSE,
                Tri.UNDETERMINED,
            ):
                inputs[name.id] = Tri.UNDETERMINED
            else:
                inputs[name.id] = Tri.OPEN
        if Tri.UNDETERMINED in inputs.values():
            return Tri.UNDETERMINED
        if Tri.OPEN in inputs.values():
            return Tri.OPEN
        value = formula.evaluate(inputs)  # type: ignore[arg-type]
        return Tri.UNDETERMINED if value is None else value

    def atom(self, atom: Atom) -> Tri:
        if isinstance(atom, QuestionTest):
            question = self.rb.question_by_id[atom.question]
            if atom.operator is Operator.ANSWERED:
                if atom.question in self.answers:
                    answered = True
                elif atom.question in self.skipped or self.applicable[atom.question] in (
                    Tri.FALSE,
                    Tri.UNDETERMINED,
                ):
                    answered = False
                else:
                    return Tri.OPEN
                return Tri.TRUE if answered is atom.operand else Tri.FALSE
            if atom.question in self.answers:
                passed = answer_passes(
                    question.type, atom.operator, atom.operand, self.answers[atom.question]
                )
                return Tri.TRUE if passed else Tri.FALSE
            if atom.question in self.skipped:
                return Tri.UNDETERMINED
            # A follow-up that does not apply has no answer to pass a test; one whose
            # ask_when is unknown might have applied.
            applicable = self.applicable[atom.question]
            if applicable in (Tri.TRUE, Tri.OPEN):
                return Tri.OPEN
            return Tri.FALSE if applicable is Tri.FALSE else Tri.UNDETERMINED
        if isinstance(atom, FactTest):
            return self.facts[atom.fact]
        if isinstance(atom, ComputedTest):
            value = self.computed(atom.computed)
            if atom.operator is Operator.ANSWERED:
                if value is Tri.OPEN:
                    return Tri.OPEN
                return Tri.TRUE if (value is not Tri.UNDETERMINED) is atom.operand else Tri.FALSE
            if isinstance(value, Tri):
                return value
            passed = answer_passes(QuestionType.NUMBER, atom.operator, atom.operand, value)
            return Tri.TRUE if passed else Tri.FALSE
        if isinstance(atom, NothingTest):
            return self.nothing[atom.state.value]
        return self.solutions[(atom.solution, atom.state)]

    def _nothing(self, state: str) -> Tri:
        """From ordinary rules only: is no solution recommended in ``state``?"""
        waiting = False
        for s in self.rb.solutions:
            suggesters = [
                i
                for i, r in enumerate(self.rb.rules)
                if i not in self.fallbacks
                and any(isinstance(a, Suggest) and a.solution == s.id for a in r.then)
            ]
            if not suggesters:
                continue
            ruled_out = self.solutions[(s.id, SolutionState.RULED_OUT)]
            if ruled_out is Tri.TRUE:
                continue
            if state == "suggested":
                there = tri_any(self.rules[i] for i in suggesters)
            elif s.id in self.plain_confirmed:
                there = Tri.TRUE
            elif any(self._may_rise(i, through_facts=True) for i in suggesters):
                there = Tri.OPEN
            else:
                there = Tri.FALSE
            if there is Tri.TRUE and ruled_out is not Tri.OPEN:
                return Tri.FALSE
            waiting |= there in (Tri.TRUE, Tri.OPEN)
        return Tri.OPEN if waiting else Tri.TRUE

    def _round(self) -> None:
        rb = self.rb
        for q in rb.questions:
            self.applicable[q.id] = (
                Tri.TRUE if q.ask_when is None else evaluate(q.ask_when, self.atom)
            )
        self.nothing = {state: self._nothing(state) for state in self.nothing}
        self.rules = [evaluate(r.when, self.atom) for r in rb.rules]
        for f in rb.facts:
            self.facts[f.id] = tri_any(
                self.rules[i]
                for i, r in enumerate(rb.rules)
                if any(isinstance(a, Conclude) and a.fact == f.id for a in r.then)
            )
        for s in rb.solutions:
            suggesters = [
                i
                for i, r in enumerate(rb.rules)
                if any(isinstance(a, Suggest) and a.solution == s.id for a in r.then)
            ]
            self.solutions[(s.id, SolutionState.SUGGESTED)] = tri_any(
                self.rules[i] for i in suggesters
            )
            self.solutions[(s.id, SolutionState.RULED_OUT)] = tri_any(
                self.rules[i]
                for i, r in enumerate(rb.rules)
                if any(isinstance(a, RuleOut) and a.solution == s.id for a in r.then)
            )
            if s.id in self.confirmed:
                confirmed = Tri.TRUE
            elif any(self._may_rise(i) for i in suggesters):
                confirmed = Tri.OPEN
            else:
                confirmed = Tri.FALSE
            self.solutions[(s.id, SolutionState.CONFIRMED)] = confirmed

    def _premises(self, position: int) -> list[float]:
        """Best matching alternative; within it, the weakest fact (answers are certain).
        A rule written with `each:` has one premise per part that matched."""
        when = self.rb.rules[position].when
        parts = when.conditions if isinstance(when, AnyOf) and when.each else (when,)
        found = []
        for part in parts:
            matching = [
                min(
                    (
                        self.fact_cf.get(lit.atom.fact, 0.0)
                        for lit in branch
                        if isinstance(lit.atom, FactTest) and not lit.negated
                    ),
                    default=1.0,
                )
                for branch in to_dnf(part)
                if all(
                    (self.atom(lit.atom) is Tri.FALSE)
                    if lit.negated
                    else (self.atom(lit.atom) is Tri.TRUE)
                    for lit in branch
                )
            ]
            if matching:
                found.append(max(matching))
        return found

    def _may_rise(self, position: int, *, through_facts: bool = False) -> bool:
        """Can the rule still add certainty: open; or holding, with a part of `each`
        still open, or (``through_facts``, as `nothing: confirmed` looks) a fact in its
        condition that can still grow more certain?"""
        status = self.rules[position]
        if status is Tri.OPEN:
            return True
        if status is not Tri.TRUE:
            return False
        rule = self.rb.rules[position]
        when = rule.when
        if (
            isinstance(when, AnyOf)
            and when.each
            and any(evaluate(part, self.atom) is Tri.OPEN for part in when.conditions)
        ):
            return True
        if not through_facts:
            return False
        used = {
            lit.atom.fact
            for branch in to_dnf(when)
            for lit in branch
            if isinstance(lit.atom, FactTest) and not lit.negated
        }
        used = {fact for fact in used if self.fact_cf.get(fact, 0.0) < 1.0}  # certain: no rise
        return any(
            self._may_rise(i, through_facts=True)
            for i, other in enumerate(self.rb.rules)
            for a in other.then
            if isinstance(a, Conclude) and a.fact in used
        )

    def _certainties(self) -> None:
        fired = [i for i, status in enumerate(self.rules) if status is Tri.TRUE]
        for _ in range(len(self.rb.facts) + 1):  # facts are layered: settle bottom-up
            self.fact_cf = {
                f.id: combine(
                    a.certainty * p
                    for i in fired
                    for p in self._premises(i)
                    for a in self.rb.rules[i].then
                    if isinstance(a, Conclude) and a.fact == f.id
                )
                for f in self.rb.facts
            }
        self.solution_cf = {
            s.id: combine(
                a.certainty * p
                for i in fired
                for p in self._premises(i)
                for a in self.rb.rules[i].then
                if isinstance(a, Suggest) and a.solution == s.id
            )
            for s in self.rb.solutions
        }
        threshold = self.rb.settings.confirm_threshold - 1e-9
        self.confirmed |= {s for s, cf in self.solution_cf.items() if cf >= threshold}
        for s in self.rb.solutions:
            plain = combine(
                a.certainty * p
                for i in fired
                if i not in self.fallbacks
                for p in self._premises(i)
                for a in self.rb.rules[i].then
                if isinstance(a, Suggest) and a.solution == s.id
            )
            if plain >= threshold:
                self.plain_confirmed.add(s.id)


def snapshot(session: Session) -> tuple[Any, ...]:
    prompt = session.next_question()
    saved = session.to_dict()
    del saved["consultation"]  # which consultation it is, not what it holds
    return (
        json.dumps(saved, sort_keys=True),
        [
            (r.solution.id, round(r.certainty, 9), r.state, r.rules)
            for r in session.recommendations()
        ],
        sorted(session.facts().items()),
        [s.id for s in session.ruled_out()],
        None if prompt is None else (prompt.id, prompt.text),
    )


#: The worker's context a random worker sets: proficiency, and time per question.
LEVELS = st.sampled_from([None, *engine.Proficiency])
SECONDS = st.floats(min_value=0, max_value=3600, allow_nan=False, allow_infinity=False)


def drive(
    rulebase: Rulebase, data: st.DataObject, *, check_each_step: bool
) -> tuple[Session, list[str]]:
    session = engine.start(rulebase)
    session.set_proficiency(data.draw(LEVELS, label="proficiency"))
    asked: list[str] = []
    while (prompt := session.next_question()) is not None:
        assert prompt.id not in asked, "a question was asked twice"
        assert len(asked) < len(rulebase.questions), "the session did not terminate"
        if check_each_step:
            check_needed(rulebase, session, prompt.id)
        asked.append(prompt.id)
        value = data.draw(answers_for(rulebase.question_by_id[prompt.id]), label=prompt.id)
        # Time is part of the context: back undoes the answer, never the time spent.
        session.add_seconds(prompt.id, data.draw(SECONDS, label=f"seconds on {prompt.id}"))
        before = snapshot(session)
        if value is None:
            session.skip(prompt.id)
        else:
            session.answer(prompt.id, value)
        if check_each_step:
            after = snapshot(session)
            session.back()
            assert snapshot(session) == before, "back did not restore the state exactly"
            if value is None:
                session.skip(prompt.id)
            else:
                session.answer(prompt.id, value)
            assert snapshot(session) == after
            check_against_oracle(rulebase, session)
    return session, asked


def uses(rulebase: Rulebase, computed_id: str, name: str) -> bool:
    """Does the computed value's formula use ``name``, directly or through other values?"""
    formula = rulebase.computed_by_id[computed_id].formula
    return any(
        n.id == name or (n.id in rulebase.computed_by_id and uses(rulebase, n.id, name))
        for n in formula.names
    )


def check_needed(rulebase: Rulebase, session: Session, question_id: str) -> None:
    """Some rule that can still fire, or an open follow-up, mentions the question."""
    oracle = Oracle(rulebase, session)
    # A question is mentioned by name, or through a computed value that uses it.
    names = {f"'{question_id}'"} | {
        f"'{c.id}'" for c in rulebase.computed if uses(rulebase, c.id, question_id)
    }
    # Live: open, or written with `each:` and holding, with a part still open.
    mentioned_by_live_rule = any(
        oracle._may_rise(i) and any(name in repr(rule.when) for name in names)
        for i, rule in enumerate(rulebase.rules)
    )
    decides_followup = any(
        q.ask_when is not None
        and oracle.applicable[q.id] is Tri.OPEN
        and f"'{question_id}'" in repr(q.ask_when)
        for q in rulebase.questions
    )
    assert mentioned_by_live_rule or decides_followup, (
        f"{question_id} is asked but no live rule needs it"
    )


def check_against_oracle(rulebase: Rulebase, session: Session) -> None:
    oracle = Oracle(rulebase, session)
    tracker = session._state.tracker  # the white-box part: the tracker must match the oracle
    assert tracker.rule_status == oracle.rules
    assert tracker.fact_status == oracle.facts
    fired = set(session.fired_rules())
    assert fired == {
        r.id for r, status in zip(rulebase.rules, oracle.rules, strict=True) if status is Tri.TRUE
    }
    assert set(session.facts()) == {f for f, v in oracle.facts.items() if v is Tri.TRUE}
    recommended = {r.solution.id for r in session.recommendations()}
    assert recommended == {
        s.id
        for s in rulebase.solutions
        if oracle.solutions[(s.id, SolutionState.SUGGESTED)] is Tri.TRUE
        and oracle.solutions[(s.id, SolutionState.RULED_OUT)] is not Tri.TRUE
    }
    for rec in session.recommendations():
        assert abs(rec.certainty - oracle.solution_cf[rec.solution.id]) < 1e-9
        assert (rec.state is SolutionState.CONFIRMED) == (rec.solution.id in oracle.confirmed)
        assert set(rec.rules) <= fired
        how = session.explain_how(rec.solution.id)
        assert {s.rule for s in how.supports} <= fired


@given(rulebases(), st.data())
def test_sessions_agree_with_the_oracle_step_by_step(
    rulebase: Rulebase, data: st.DataObject
) -> None:
    drive(rulebase, data, check_each_step=True)


@given(rulebases(), st.data())
def test_resume_and_replay_are_the_identity(rulebase: Rulebase, data: st.DataObject) -> None:
    session, _ = drive(rulebase, data, check_each_step=False)
    saved = json.loads(json.dumps(session.to_dict()))
    resumed = engine.resume(rulebase, saved)
    assert snapshot(resumed) == snapshot(session)
    assert resumed.consultation_id == session.consultation_id
    again = engine.start(rulebase)
    again.set_proficiency(session.proficiency)  # the context is not replayed: it is given
    for question_id, seconds in session.seconds.items():
        again.add_seconds(question_id, seconds)
    for event in session.history:
        again.apply(event)
    assert snapshot(again) == snapshot(session)


@given(rulebases(), st.data())
def test_a_change_is_a_session_replayed_with_the_changed_step(
    rulebase: Rulebase, data: st.DataObject
) -> None:
    session, asked = drive(rulebase, data, check_each_step=False)
    if not asked:
        return
    history = list(session.history)
    position = data.draw(st.integers(0, len(history) - 1), label="changed step")
    question = rulebase.question_by_id[history[position].question]
    value = data.draw(answers_for(question), label="new answer")
    new = engine.Event(question.id, value, skipped=value is None)
    before = snapshot(session)
    try:
        dropped = session.change(new)
    except engine.AnswerError:
        assert snapshot(session) == before, "a refused change altered the session"
        return
    kept = [e for e in history[position + 1 :] if e not in dropped]
    assert set(dropped) <= set(history[position + 1 :])
    # The same session, step for step, as replaying the steps that were kept.
    again = engine.start(rulebase)
    for event in [*history[:position], session.history[position], *kept]:
        again.apply(event)
    assert list(session.history) == list(again.history)
    assert snapshot(session)[1:] == snapshot(again)[1:]  # all but the worker's context
    # Changing a step to itself changes nothing.
    same = session.history[position]
    assert session.change(same) == ()
    assert list(session.history) == list(again.history)


def variant(rulebase: Rulebase, ask: AskMode, order: QuestionOrder) -> Rulebase:
    return replace(rulebase, settings=replace(rulebase.settings, ask=ask, order=order))


def replayed(rulebase: Rulebase, events: list[engine.Event]) -> Session:
    session = engine.start(rulebase)
    for event in events:
        session.apply(event)  # answering needs no "worth asking": every mode can replay
    return session


def needed_ids(session: Session) -> set[str]:
    return {q.id for q in session.unanswered()}


@given(rulebases(), st.data())
def test_exhaustive_asks_more_and_goal_driven_order_asks_the_same_set(
    rulebase: Rulebase, data: st.DataObject
) -> None:
    session, _ = drive(rulebase, data, check_each_step=False)
    history = list(session.history)
    for step in range(len(history) + 1):
        events = history[:step]
        by_mode = {
            (ask, order): replayed(variant(rulebase, ask, order), events)
            for ask in AskMode
            for order in QuestionOrder
        }
        for order in QuestionOrder:
            matters = needed_ids(by_mode[(AskMode.WHILE_IT_MATTERS, order)])
            assert matters <= needed_ids(by_mode[(AskMode.EXHAUSTIVE, order)])
        for ask in AskMode:
            by_priority = by_mode[(ask, QuestionOrder.PRIORITY)]
            goal_driven = by_mode[(ask, QuestionOrder.GOAL_DRIVEN)]
            # The same questions are worth asking; only which comes first differs.
            assert needed_ids(goal_driven) == needed_ids(by_priority)
            prompt = goal_driven.next_question()
            assert (prompt is None) == (by_priority.next_question() is None)
            if prompt is not None:
                assert prompt.id in needed_ids(goal_driven)
                assert goal_driven.explain_why(prompt.id).reasons


def shown(session: Session, *, certainties: bool) -> tuple[Any, ...]:
    """What the worker is shown: every recommendation's state (a ruled-out one is gone),
    the order of the leading ones (and, for the exhaustive mode, every certainty).
    Ruling out a solution that nothing suggests, or can, changes none of these."""
    recommendations = session.recommendations()
    return (
        sorted((r.solution.id, r.state.value) for r in recommendations),
        [r.solution.id for r in recommendations[:LEADING]],
        sorted((r.solution.id, round(r.certainty, 9)) for r in recommendations)
        if certainties
        else None,
    )


@given(rulebases(), st.data())
def test_a_question_left_unasked_could_not_change_what_the_worker_is_shown(
    rulebase: Rulebase, data: st.DataObject
) -> None:
    session, _ = drive(rulebase, data, check_each_step=False)
    if strategy.stop_early(session._state.tracker):
        return  # stopped on purpose (stop_when_confirmed), not because nothing matters
    exhaustive = rulebase.settings.ask is AskMode.EXHAUSTIVE
    before = shown(session, certainties=exhaustive)
    for question in rulebase.questions:
        if question.id in session.answers or question.id in session.skipped:
            continue
        if session._state.tracker.applicable[question.id] is not Tri.TRUE:
            continue
        value = data.draw(answers_for(question), label=f"late answer to {question.id}")
        late = replayed(rulebase, list(session.history))
        if value is None:
            late.skip(question.id)
        else:
            late.answer(question.id, value)
        assert shown(late, certainties=exhaustive) == before, f"{question.id} mattered"


@given(rulebases())
def test_certainty_combination_is_order_free(rulebase: Rulebase) -> None:
    values = [a.certainty for r in rulebase.rules for a in r.then if isinstance(a, Suggest)]
    assert abs(combine(values) - combine(reversed(values))) < 1e-12
    assert 0 <= combine(values) <= 1


def test_oracle_module_is_importable_by_engine_users() -> None:
    # The public API exposes what the properties use.
    assert engine.Session is Session


# --- the acceptance property: any worker, any interruption, only Guide's errors -------

#: ``GUIDE_PROPERTY_EXAMPLES=10000`` runs the acceptance property that many times
#: (by hand, with --hypothesis-seed); otherwise the profile decides.
_EXAMPLES = os.environ.get("GUIDE_PROPERTY_EXAMPLES")
_SAVES = Path(tempfile.mkdtemp(prefix="guide-property-sessions-"))
#: Values a worker (or a front-end bug) may send instead of a valid answer.
WRONG = st.one_of(
    st.none(),
    st.integers(),
    st.sampled_from([10**400, -1, 11, 2.5, math.nan, math.inf, 5e-05]),
    st.text(max_size=8),
    st.lists(st.sampled_from(["a", "b", "z", 1]), max_size=3),
    st.binary(max_size=4),
)
ACTIONS = st.sampled_from(
    ["answer"] * 4
    + ["wrong", "skip", "back", "outcome", "proficiency", "seconds", "interrupt", "interrupt"]
)


def interrupt(session: Session, number: int) -> Session:
    """Save to a file as the wizard does, read it back as the CLI does, and resume."""
    path = _SAVES / f"session-{number}.json"
    path.write_text(json.dumps(session.to_dict(), indent=2), encoding="utf-8")
    resumed = engine.resume(session.rulebase, engine.inputs.read_session_file(path))
    path.unlink()
    return resumed


def restored_exactly(resumed: Session, session: Session) -> None:
    assert snapshot(resumed) == snapshot(session)
    assert resumed.to_dict() == session.to_dict()
    assert resumed.consultation_id == session.consultation_id
    assert resumed.outcomes() == session.outcomes()
    assert resumed.history == session.history
    assert not resumed.rulebase_changed


def act(session: Session, action: str, data: st.DataObject, step: int) -> Session:
    """One thing a random worker does; returns the session to carry on with."""
    rulebase = session.rulebase
    prompt = session.next_question()
    question_id = data.draw(
        st.sampled_from([q.id for q in rulebase.questions] + ([prompt.id] * 3 if prompt else [])),
        label="question",
    )
    if action == "answer" and prompt is not None:
        value = data.draw(answers_for(rulebase.question_by_id[prompt.id]), label=prompt.id)
        if value is None:
            session.skip(prompt.id)
        else:
            session.answer(prompt.id, value)
    elif action == "wrong":
        session.answer(question_id, data.draw(WRONG, label="wrong value"))
    elif action == "skip":
        session.skip(question_id)
    elif action == "back":
        session.back()
    elif action == "outcome":
        solution = data.draw(st.sampled_from([s.id for s in rulebase.solutions]), label="solution")
        outcome = data.draw(st.sampled_from([*engine.Outcome, "fixed", "maybe"]), label="outcome")
        session.record_outcome(solution, outcome, data.draw(st.none() | st.text(max_size=20)))
    elif action == "proficiency":
        session.set_proficiency(data.draw(LEVELS | WRONG, label="proficiency"))
    elif action == "seconds":
        session.add_seconds(question_id, data.draw(SECONDS | WRONG, label="seconds"))
    elif action == "interrupt":
        resumed = interrupt(session, step)
        restored_exactly(resumed, session)
        return resumed
    return session


def _acceptance_examples(test: Any) -> Any:
    return settings(max_examples=int(_EXAMPLES))(test) if _EXAMPLES else test


@_acceptance_examples
@given(rulebases(), st.data())
def test_any_worker_gets_only_guide_errors_and_resume_restores_exactly(
    rulebase: Rulebase, data: st.DataObject
) -> None:
    session = engine.start(rulebase)
    for step in range(data.draw(st.integers(1, 25), label="steps")):
        action = data.draw(ACTIONS, label="action")
        before = snapshot(session)
        try:
            session = act(session, action, data, step)
        except engine.GuideError as error:
            assert str(error)
            assert snapshot(session) == before, f"a refused {action} changed the session"
    restored_exactly(interrupt(session, -1), session)
