"""What would help: the questions whose answers could take a consultation further.

When a consultation ends with nothing confirmed, the worker should hear which
question, if they can find out its answer, could change that ("if you can check
whether the delivery was posted, Guide can confirm a fix"), and which expert
belongs to the solutions still in reach, rather than a dead end and every expert
in the file.

The search is by trial, not by inference: for each question the worker skipped,
and each question still worth asking, Guide replays the consultation with each
answer that the rule base's tests can tell apart, and keeps the answers that
would suggest or confirm a solution that is not suggested or confirmed now.
Replays are a few milliseconds each and the answers tried per question are few,
so this is meant for the end of a consultation, not for every step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine._index import atoms_of
from engine._logic import Tri
from engine.errors import AnswerError
from engine.events import Event
from engine.experts import experts_for_topics
from engine.model import (
    Expert,
    Operator,
    Question,
    QuestionTest,
    QuestionType,
    Rulebase,
    Solution,
    SolutionState,
    Value,
)

if TYPE_CHECKING:
    from engine.session import Session

__all__ = [
    "Lead",
    "Reach",
]

#: Questions looked at, at most: the skipped ones first, then those still worth asking.
MAX_QUESTIONS = 40
#: Answers tried per question, at most.
MAX_ANSWERS = 24
#: Leads worth showing a worker, at most.
MAX_LEADS = 3
#: A text answer unlike the ones the rules look for (most tests then fail).
_NOT_ANY_TEXT = "none of these"


@dataclass(frozen=True, slots=True)
class Reach:
    """A solution an answer would take to a better state, and its certainty then."""

    solution: Solution
    state: SolutionState
    certainty: float
    #: The answer that does it (the first one tried, in the question's order).
    answer: Value


@dataclass(frozen=True, slots=True)
class Lead:
    """A question whose answer could take the consultation further."""

    question: Question
    #: The question as the worker reads it (its text rendered with the answers).
    text: str
    #: The worker said "I don't know" to it (else it has not been asked yet).
    skipped: bool
    #: What its answers could do, best first: confirmations, then by certainty.
    reaches: tuple[Reach, ...]

    @property
    def could_confirm(self) -> bool:
        return any(r.state is SolutionState.CONFIRMED for r in self.reaches)

    def sentence(self) -> str:
        """The lead in the worker's words, for every front-end alike."""
        said = " You said you don't know." if self.skipped else ""
        could = " or ".join(
            f"{'confirm' if r.state is SolutionState.CONFIRMED else 'suggest'} “{r.solution.title}”"
            for r in self.reaches[:2]
        )
        return f"{self.text}{said} Its answer could {could}."


def what_would_help(session: Session, limit: int = MAX_LEADS) -> list[Lead]:
    """The questions that could change the outcome most, best first (at most ``limit``).

    A lead that could confirm a solution comes before one that could only
    suggest one; then the higher certainty; then the question's order in the file.
    """
    now = _standing(session)
    candidates = _skipped(session)[:MAX_QUESTIONS]
    skipped_ids = {q.id for q in candidates}
    candidates += [q for q in session.unanswered() if q.id not in skipped_ids]
    leads = []
    for question in candidates[:MAX_QUESTIONS]:
        reaches = _reaches(session, question, now)
        if reaches:
            text = session.prompt(question.id).text
            leads.append(Lead(question, text, question.id in skipped_ids, reaches))
    order = {q.id: n for n, q in enumerate(session.rulebase.questions)}
    leads.sort(key=lambda lead: (not lead.could_confirm, -_best(lead), order[lead.question.id]))
    return leads[: max(limit, 0)]


def experts_in_reach(session: Session, leads: Iterable[Lead] = ()) -> tuple[Expert, ...]:
    """The experts of the solutions recommended now, else of those the leads could
    reach, else those whose `covers` match the consultation's topics; empty when
    none of these gives one (the caller may then offer every expert)."""
    rulebase = session.rulebase
    leads = tuple(leads)
    recommended = [r.solution for r in session.recommendations()]
    reached = [reach.solution for lead in leads for reach in lead.reaches]
    solutions = recommended or reached
    # In the solutions' order: the expert of the leading solution comes first.
    by_id = {e.id: e for e in rulebase.experts}
    ids = dict.fromkeys(s.expert for s in solutions if s.expert is not None)
    named = tuple(by_id[i] for i in ids if i in by_id)
    return named or experts_for_topics(rulebase.experts, consultation_topics(session, reached))


def consultation_topics(session: Session, reached: Iterable[Solution] = ()) -> list[str]:
    """What the consultation is about: the tags of the articles of the solutions still
    in play (recommended, within reach of a lead, or still possible), then of the
    questions asked (answered or not known), each once, in that order."""
    rulebase = session.rulebase
    tracker = session._state.tracker  # the engine's own view of what is still possible
    status = tracker.solution_status
    possible = [
        s
        for s in rulebase.solutions
        if status[(s.id, SolutionState.RULED_OUT)] is not Tri.TRUE
        and status[(s.id, SolutionState.SUGGESTED)] is Tri.OPEN
    ]
    solutions = [*(r.solution for r in session.recommendations()), *reached, *possible]
    articles = [a for s in solutions for a in s.articles]
    asked = (rulebase.question_by_id[e.question] for e in session.history)
    articles += [q.article for q in asked if q.article is not None]
    found = rulebase.article_by_id
    return list(dict.fromkeys(t for a in dict.fromkeys(articles) for t in found[a].tags))


def _standing(session: Session) -> dict[str, tuple[int, float]]:
    """Each recommended solution's rank of state (2 confirmed, 1 suggested) and certainty."""
    return {
        r.solution.id: (2 if r.state is SolutionState.CONFIRMED else 1, r.certainty)
        for r in session.recommendations()
    }


def _skipped(session: Session) -> list[Question]:
    by_id = session.rulebase.question_by_id
    return [by_id[e.question] for e in session.history if e.skipped]


def _reaches(
    session: Session, question: Question, now: dict[str, tuple[int, float]]
) -> tuple[Reach, ...]:
    found: dict[str, Reach] = {}
    for answer in answers_to_try(session.rulebase, question)[:MAX_ANSWERS]:
        trial = _with_answer(session, question.id, answer)
        if trial is None:
            continue
        for recommendation in trial.recommendations():
            solution = recommendation.solution
            rank = 2 if recommendation.state is SolutionState.CONFIRMED else 1
            if (rank, recommendation.certainty) <= now.get(solution.id, (0, 0.0)):
                continue
            if rank == 1 and solution.id in now:
                continue  # only more certain, not a new state: not worth a lead
            best = found.get(solution.id)
            if best is None or (rank, recommendation.certainty) > (
                _rank(best),
                best.certainty,
            ):
                found[solution.id] = Reach(
                    solution, recommendation.state, recommendation.certainty, answer
                )
    return tuple(sorted(found.values(), key=lambda r: (-_rank(r), -r.certainty)))


def _with_answer(session: Session, question_id: str, answer: Value) -> Session | None:
    """A copy of the consultation with ``answer`` in place of the worker's step on the
    question (or added); None if the answer cannot be given."""
    # The worker's steps only: outcomes and context change no recommendation. The
    # session's own class replays them: this module sits below engine.session.
    trial = type(session)._replay(session.rulebase, list(session.history))
    try:
        if any(event.question == question_id for event in session.history):
            trial.change(Event(question_id, answer))
        else:
            trial.answer(question_id, answer)
    except AnswerError:
        return None
    return trial


def answers_to_try(rulebase: Rulebase, question: Question) -> list[Value]:
    """One answer for each outcome the rule base's tests on ``question`` can tell apart."""
    kind = question.type
    if kind is QuestionType.YES_NO:
        return [True, False]
    if kind is QuestionType.CHOICE:
        return [c.id for c in question.choices]
    if kind is QuestionType.MULTIPLE_CHOICE:
        selections: list[Value] = [(c.id,) for c in question.choices]
        return [*selections, ()]
    tests = list(_tests_on(rulebase, question.id))
    if kind is QuestionType.NUMBER:
        numbers = _numbers(question, tests)
        if any(question.id in {n.id for n in c.formula.names} for c in rulebase.computed):
            # A formula stands between the answer and the tests: try the whole range.
            numbers = sorted(set(numbers) | set(_spread(question)))
        return list(numbers)
    texts: dict[str, None] = {}
    for test in tests:
        operands = test.operand if isinstance(test.operand, tuple) else (test.operand,)
        texts.update((str(v), None) for v in operands if not isinstance(v, bool))
    return [*texts, _NOT_ANY_TEXT]


def _tests_on(rulebase: Rulebase, question_id: str) -> Iterable[QuestionTest]:
    conditions = [r.when for r in rulebase.rules]
    conditions += [q.ask_when for q in rulebase.questions if q.ask_when is not None]
    for condition in conditions:
        for atom in atoms_of(condition):
            if (
                isinstance(atom, QuestionTest)
                and atom.question == question_id
                and atom.operator is not Operator.ANSWERED
            ):
                yield atom


def _numbers(question: Question, tests: list[QuestionTest]) -> list[float]:
    """A number on each side of, and at, every number the tests compare with."""
    points: set[float] = set()
    for test in tests:
        operands = test.operand if isinstance(test.operand, tuple) else (test.operand,)
        points |= {
            float(v) for v in operands if isinstance(v, int | float) and not isinstance(v, bool)
        }
    samples = sorted(points | {p - 1 for p in points} | {p + 1 for p in points} or {0.0})
    low, high = question.minimum, question.maximum
    return [v for v in samples if (low is None or v >= low) and (high is None or v <= high)]


#: How many numbers across its range a number that feeds a formula is tried with.
_SPREAD = 16


def _spread(question: Question) -> list[float]:
    """Numbers across the question's range (or -1000..1000 without one), ends included."""
    low = question.minimum if question.minimum is not None else min(-1000.0, question.maximum or 0)
    high = question.maximum if question.maximum is not None else max(1000.0, low)
    step = (high - low) / (_SPREAD - 1)
    digits = 0 if step >= 1 else 2  # whole numbers read better in "if you can check X"
    inside = [round(low + step * n, digits) for n in range(1, _SPREAD - 1)]
    return [low, *(v for v in inside if low < v < high), high]


def _rank(reach: Reach) -> int:
    return 2 if reach.state is SolutionState.CONFIRMED else 1


def _best(lead: Lead) -> float:
    return max(r.certainty for r in lead.reaches)
