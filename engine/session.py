"""One worker's consultation: answers in; facts, recommendations and questions out.

A session is a value: it is fully determined by the rule base and the list of
events (answers and skips) so far. Undo and resume replay that list, so they
restore the state exactly. Sessions share the compiled rule base and keep only
their own working memory.

Beside the answers a session keeps the worker's context: how familiar they
said they are with the task (which chooses the form of steps and summaries
they read), the articles they opened and the time they spent per question.
It never changes what is concluded; ``back()`` keeps it and save/resume
restores it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from engine import certainty, strategy, worded
from engine._context import ContextError, WorkerContext, check_seconds, parse_proficiency
from engine._firings import FiringRecord
from engine._logic import Tri
from engine._persist import Event, Saved, load_saved, session_dict
from engine._status import Settled, StatusTracker
from engine.answers import expected_input, parse_answer, validate_answer
from engine.compiler import CompiledRulebase, InferenceRun, compiled
from engine.errors import AnswerError, RenderError, SessionError
from engine.explain import Explainer, HowConcluded, WhyAsked, WhyNot
from engine.feedback import (
    Feedback,
    Outcome,
    OutcomeError,
    Proficiency,
    clean_comment,
    parse_outcome,
)
from engine.helpful import MAX_LEADS, Lead, experts_in_reach, what_would_help
from engine.model import (
    Article,
    Choice,
    Expert,
    Question,
    QuestionType,
    Rulebase,
    Solution,
    SolutionState,
    Value,
)
from engine.outcome import Handover, handover, outcome_dict
from engine.render import ShownNumber, read_article, render_text
from engine.worded import Explanation

#: Certainties are compared with this tolerance against the confirm threshold.
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Prompt:
    """A question as the worker sees it: text and help rendered with the answers."""

    id: str
    type: QuestionType
    text: str
    help: str | None
    choices: tuple[Choice, ...]
    unit: str | None
    minimum: float | None
    maximum: float | None
    article: Article | None
    #: 1 for the first question of the consultation, and so on.
    number: int
    #: What an answer must be, in words ("a number from 1 to 500 units").
    expects: str


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A recommended solution; what lies behind it is worked out when asked for."""

    solution: Solution
    certainty: float
    state: SolutionState
    # A snapshot of the session at the time of the recommendation: later answers
    # never change what this recommendation says.
    _explainer: Explainer = field(repr=False, compare=False)

    @property
    def rules(self) -> tuple[str, ...]:
        """Ids of the rules that suggested it."""
        return self._explainer.support(self.solution.id)[0]

    @property
    def answers(self) -> Mapping[str, Value]:
        """The answers those rules used, directly or through derived facts, in file order."""
        return self._explainer.support(self.solution.id)[1]


@dataclass(frozen=True, slots=True)
class Progress:
    answered: int
    skipped: int
    #: At least this many more questions are needed for a recommendation to change.
    remaining_at_least: int
    #: At most this many more questions may still be asked.
    remaining_at_most: int

    @property
    def done(self) -> int:
        return self.answered + self.skipped

    @property
    def fraction(self) -> float:
        """A fair share done so far, for a progress bar (0 to 1)."""
        middle = (self.remaining_at_least + self.remaining_at_most) / 2
        total = self.done + middle
        return 1.0 if total == 0 else self.done / total


@dataclass(slots=True)
class _Reasoning:
    """What replaying the worker's events rebuilds: everything back and change replace
    at once. The rest of a session (outcomes, the worker's context, its id) is kept."""

    tracker: StatusTracker
    run: InferenceRun
    #: Every step the worker took, in order, including those set aside.
    events: list[Event]
    record: FiringRecord
    certainties: certainty.Certainties
    #: Positions in ``events`` of steps on follow-ups that no longer apply (their
    #: ``ask_when`` turned false after they were answered up front or out of order):
    #: they count for nothing, yet are kept so that back and resume stay exact.
    set_aside: frozenset[int] = frozenset()

    @classmethod
    def initial(cls, compiled_rulebase: CompiledRulebase) -> _Reasoning:
        return cls(
            tracker=compiled_rulebase.initial_status.clone(),
            run=InferenceRun(compiled_rulebase),
            events=[],
            record=FiringRecord(),
            certainties=certainty.compute(compiled_rulebase.index, {}),
        )


class Session:
    """A consultation of one rule base. Create with ``Rulebase.start()``."""

    def __init__(self, compiled_rulebase: CompiledRulebase) -> None:
        self._compiled = compiled_rulebase
        self._state = _Reasoning.initial(compiled_rulebase)
        self._outcomes: list[Feedback] = []
        # The steps after which each outcome was given: saved, so that resume can check
        # the solution was recommended then (back and change keep outcomes, not steps).
        self._outcome_steps: dict[str, tuple[Event, ...]] = {}
        # The worker's proficiency, reading and time: kept by back(), never replayed.
        self._context = WorkerContext()
        # Identifies the consultation across stop and resume (records use it);
        # it is metadata: questions, facts and recommendations never depend on it.
        self._consultation_id = uuid.uuid4().hex
        # Set by resume: the rule base file differed from the one the session was saved with.
        self._rulebase_changed = False
        self._settle(list(compiled_rulebase.initial_settled))

    # --- creation -----------------------------------------------------------

    @classmethod
    def start(cls, rulebase: Rulebase, answers: Mapping[str, Value] | None = None) -> Session:
        """Begin a consultation; up-front answers are applied in the file's order.

        Raises:
            AnswerError: an up-front answer is invalid or names an unknown question.
        """
        if answers is not None and not isinstance(answers, Mapping):
            raise AnswerError(
                "",
                "up-front answers must be a section of question id: answer",
                hint='for example {"pack_size": 6}',
            )
        session = cls(compiled(rulebase))
        given = dict(answers or {})
        for question_id in given:
            session._question(question_id)
        for question in rulebase.questions:
            if question.id in given:
                session.answer(question.id, given[question.id])
        return session

    @classmethod
    def resume(cls, rulebase: Rulebase, data: Mapping[str, Any]) -> Session:
        """Replay a session saved with :meth:`to_dict`.

        Raises:
            SessionError: the data is corrupt, or from another rule base or version.
        """
        saved = load_saved(rulebase, data)
        session = cls._replay(rulebase, saved.events)
        session._outcomes = list(saved.outcomes)
        session._outcome_steps = _steps_of_outcomes(rulebase, saved)
        session._context = saved.context
        session._rulebase_changed = saved.digest is not None and saved.digest != rulebase.digest
        if saved.consultation is not None:
            session._consultation_id = saved.consultation
        return session

    @classmethod
    def _replay(cls, rulebase: Rulebase, events: list[Event]) -> Session:
        session = cls(compiled(rulebase))
        for number, event in enumerate(events, start=1):
            try:
                session.apply(event)  # through the public checks: saved files are untrusted
            except AnswerError as error:
                raise SessionError(f"saved step {number} cannot be replayed: {error}") from None
        return session

    # --- what the worker does -------------------------------------------------

    def answer(self, question_id: str, value: object) -> None:
        """Answer a question (a typed value, or text as a person typed it).

        Raises:
            AnswerError: unknown question, already answered, not applicable, or a
                value that does not fit the question.
        """
        question = self._askable(question_id)
        checked = (
            parse_answer(question, value)
            if isinstance(value, str) and question.type is not QuestionType.TEXT
            else validate_answer(question, value)
        )
        self._apply(Event(question_id, checked))

    def apply(self, event: Event) -> None:
        """Apply one of the worker's steps: ``Event(question, value)`` answers,
        ``Event(question, None, skipped=True)`` says "I don't know". Resume, back and
        change all replay a session's steps through this one method.

        Raises:
            AnswerError: not an Event, or the step is refused as :meth:`answer` or
                :meth:`skip` would refuse it (the session is then unchanged).
        """
        if not isinstance(event, Event):
            raise AnswerError(
                "", f"expects an Event, not {type(event).__name__}", hint="engine.Event(...)"
            )
        if event.skipped:
            self.skip(event.question)
        else:
            self.answer(event.question, event.value)

    def change(self, event: Event) -> tuple[Event, ...]:
        """Replace the worker's earlier step on ``event.question`` with ``event``.

        The steps after it are applied again, in their order, while their question is
        still worth asking and their answer still fits; the others are returned, so a
        front-end can say which answers no longer apply. Outcomes and the worker's
        context are kept, as by :meth:`back`.

        Raises:
            AnswerError: the question has no earlier step, or ``event`` is refused; the
                session is then unchanged.
        """
        if not isinstance(event, Event):
            self.apply(event)  # refuses it, with the same message
        events = self._state.events
        position = next((n for n, e in enumerate(events) if e.question == event.question), None)
        if position is None:
            self._question(event.question)
            raise AnswerError(
                event.question,
                f"question `{event.question}` has not been answered yet, so it cannot be changed",
                hint="answer it instead",
            )
        trial = Session._replay(self.rulebase, events[:position])
        trial.apply(event)
        dropped = []
        for later in events[position + 1 :]:
            needed = {
                q.id
                for q in strategy.needed_questions(trial._state.tracker, trial._state.certainties)
            }
            if later.question in needed:
                with contextlib.suppress(AnswerError):  # e.g. a choice no longer offered
                    trial.apply(later)
                    continue
            dropped.append(later)
        self._state = trial._state
        return tuple(dropped)

    def skip(self, question_id: str) -> None:
        """ "I don't know": every test on this question becomes undetermined.

        Raises:
            AnswerError: unknown question, already answered, or not applicable.
        """
        self._askable(question_id)
        self._apply(Event(question_id, None, skipped=True))

    def record_outcome(
        self, solution_id: str, outcome: Outcome | str, comment: str | None = None
    ) -> Feedback:
        """Record what happened when the worker tried a recommended solution.

        A second outcome for the same solution replaces the first (the worker
        changed their mind); outcomes survive :meth:`back` and save/resume.

        Raises:
            OutcomeError: unknown solution, one that is not recommended now, an
                unknown outcome, or a comment that is not text or too long.
        """
        if not isinstance(solution_id, str) or solution_id not in self.rulebase.solution_by_id:
            raise OutcomeError(str(solution_id), f"there is no solution {_named(solution_id)}")
        recommended = [r.solution.id for r in self.recommendations()]
        if solution_id not in recommended:
            raise OutcomeError(
                solution_id,
                f"solution `{solution_id}` is not recommended, so it cannot have an outcome",
                hint="recommended now: " + (", ".join(recommended) or "none"),
            )
        feedback = Feedback(
            solution_id,
            parse_outcome(solution_id, outcome),
            clean_comment(solution_id, comment),
        )
        self._outcomes = [f for f in self._outcomes if f.solution != solution_id]
        self._outcomes.append(feedback)
        self._outcome_steps[solution_id] = tuple(self._state.events)
        return feedback

    def outcomes(self) -> tuple[Feedback, ...]:
        """The worker's outcomes, in the order they were (last) given."""
        return tuple(self._outcomes)

    def back(self) -> str | None:
        """Undo the last answer or skip exactly; return its question id (None if none).

        Outcomes and the worker's context (proficiency, articles opened, time
        spent) are kept: back undoes an answer, not what the worker did besides.
        """
        events = self._state.events
        if not events:
            return None
        self._state = Session._replay(self.rulebase, events[:-1])._state
        return events[-1].question

    # --- the worker's context -------------------------------------------------------

    @property
    def proficiency(self) -> Proficiency | None:
        """How familiar the worker said they are with the task; None if not said."""
        return self._context.proficiency

    def set_proficiency(self, level: Proficiency | str | None) -> None:
        """Say how familiar the worker is with the task (None: not said).

        Steps and summaries then come in the form written for that level.

        Raises:
            ContextError: not one of novice, intermediate, expert (or their Proficiency).
        """
        self._context.proficiency = parse_proficiency(level)

    def open_article(self, article_id: str) -> str | None:
        """An article's Markdown rendered with the answers, recorded as opened.

        Like :meth:`article_text` (None if the article is only a link), and the
        article counts as opened: :attr:`articles_opened` lists it, once, in the
        order of first opening.

        Raises:
            ContextError: no such article.
            RenderError: the article could not be read or rendered (then it is not
                recorded as opened).
        """
        if not isinstance(article_id, str) or article_id not in self.rulebase.article_by_id:
            raise ContextError(f"there is no article {_named(article_id)}")
        text = self.article_text(article_id)
        if article_id not in self._context.articles_opened:
            self._context.articles_opened.append(article_id)
        return text

    @property
    def articles_opened(self) -> tuple[str, ...]:
        """The articles opened with :meth:`open_article`, in the order first opened."""
        return tuple(self._context.articles_opened)

    def add_seconds(self, question_id: str, seconds: float) -> None:
        """Add time the worker spent on a question; it accumulates per question.

        The session knows no clock: the front-end measures the time.

        Raises:
            ContextError: no such question, or not a finite number of seconds >= 0.
        """
        if not isinstance(question_id, str) or question_id not in self.rulebase.question_by_id:
            raise ContextError(f"there is no question {_named(question_id)}")
        total = self._context.seconds.get(question_id, 0.0) + check_seconds(seconds)
        self._context.seconds[question_id] = check_seconds(total)

    @property
    def seconds(self) -> dict[str, float]:
        """Seconds spent on each question so far, by question id (also before a resume)."""
        return dict(self._context.seconds)

    # --- what the worker sees ---------------------------------------------------

    @property
    def rulebase(self) -> Rulebase:
        return self._compiled.rulebase

    @property
    def rulebase_changed(self) -> bool:
        """True when resumed from a session saved with another text of this rule base.

        The id and version are the same (resume refuses others) and every saved
        answer still applied, but the file's digest differs: rules, texts or
        steps may have changed since the session was saved, so a front-end
        should say so. False for a new session and for files that hold no digest.
        """
        return self._rulebase_changed

    @property
    def consultation_id(self) -> str:
        """This consultation's id: the same after back, save and resume."""
        return self._consultation_id

    @property
    def answers(self) -> dict[str, Value]:
        return dict(self._state.tracker.answers)

    @property
    def skipped(self) -> frozenset[str]:
        return frozenset(self._state.tracker.skipped)

    @property
    def history(self) -> tuple[Event, ...]:
        """The worker's answers and skips that count, in the order given."""
        return self._steps_that_count()

    def next_question(self) -> Prompt | None:
        """The question worth asking now, or None when nothing more can change the outcome."""
        question = strategy.next_question(self._state.tracker, self._state.certainties)
        return None if question is None else self.prompt(question.id)

    @property
    def finished(self) -> bool:
        return strategy.next_question(self._state.tracker, self._state.certainties) is None

    def prompt(self, question_id: str) -> Prompt:
        """Any question as it would be shown now.

        Raises:
            AnswerError: no such question.
        """
        question = self._question(question_id)
        answers, computed = self._state.tracker.answers, self._computed_for_templates()
        article = (
            None if question.article is None else self.rulebase.article_by_id[question.article]
        )
        return Prompt(
            id=question.id,
            type=question.type,
            text=_rendered_or_written(question.text, answers, computed),
            help=None
            if question.help is None
            else _rendered_or_written(question.help, answers, computed),
            choices=question.choices,
            unit=question.unit,
            minimum=question.minimum,
            maximum=question.maximum,
            article=article,
            number=len(self._steps_that_count()) + 1,
            expects=expected_input(question),
        )

    def fired_rules(self) -> tuple[str, ...]:
        """Ids of the rules that have fired, in firing order (each once)."""
        rules = self._compiled.index.rules
        return tuple(dict.fromkeys(rules[position].id for position, _ in self._state.record.order))

    def facts(self) -> dict[str, float]:
        """Derived facts concluded so far, with their certainty."""
        return dict(self._state.certainties.facts)

    def state_of(self, solution_id: str) -> SolutionState | None:
        """The solution's state now: ruled out, confirmed, suggested, or None."""
        self._solution(solution_id)
        status = self._state.tracker.solution_status
        if status[(solution_id, SolutionState.RULED_OUT)] is Tri.TRUE:
            return SolutionState.RULED_OUT
        if solution_id in self._state.tracker.confirmed:
            return SolutionState.CONFIRMED
        if solution_id in self._state.certainties.solutions:
            return SolutionState.SUGGESTED
        return None

    def recommendations(self) -> list[Recommendation]:
        """Solutions with evidence for them and not ruled out, best first.

        Ranked by state (confirmed first), then certainty, then the file's order.
        """
        explainer = self._explainer()
        found = []
        # Only solutions with evidence can be recommended; the file's order breaks ties.
        by_id = self.rulebase.solution_by_id
        for solution in sorted(
            (by_id[s] for s in self._state.certainties.solutions), key=self._solution_order
        ):
            state = self.state_of(solution.id)
            if state in (SolutionState.CONFIRMED, SolutionState.SUGGESTED):
                certainty_ = self._state.certainties.solutions[solution.id]
                found.append(Recommendation(solution, certainty_, state, explainer))
        found.sort(key=lambda r: (r.state is not SolutionState.CONFIRMED, -round(r.certainty, 9)))
        return found

    def _solution_order(self, solution: Solution) -> int:
        return self._compiled.index.solution_order[solution.id]

    def ruled_out(self) -> list[Solution]:
        return [
            s for s in self.rulebase.solutions if self.state_of(s.id) is SolutionState.RULED_OUT
        ]

    def steps(self, solution_id: str) -> list[str]:
        """The solution's steps in the form for the proficiency, rendered with the answers.

        A novice reads a step's novice form and an expert its expert form, where the
        rule base gives one; everyone else, and a worker whose form is missing, reads
        its standard text.

        Raises:
            ContextError: no such solution.
            RenderError: a step's template failed.
        """
        solution = self._solution(solution_id)
        level, answers = self._context.proficiency, self._state.tracker.answers
        computed = self._computed_for_templates()
        return [
            render_text(
                step.for_level(level), answers, f"step {n} of solution `{solution.id}`", computed
            )
            for n, step in enumerate(solution.steps, start=1)
        ]

    def _computed_for_templates(self) -> dict[str, ShownNumber]:
        by_id = self.rulebase.computed_by_id
        return {
            cid: ShownNumber(value, by_id[cid].shown(value))
            for cid, value in self._state.tracker.computed.items()
        }

    def computed_values(self) -> dict[str, str]:
        """The computed values known so far, as the worker reads them (rounded to each
        value's ``decimals``), by id; a value that cannot be computed is left out."""
        by_id = self.rulebase.computed_by_id
        return {cid: by_id[cid].shown(value) for cid, value in self._state.tracker.computed.items()}

    def summary(self, solution_id: str) -> str:
        """The solution's summary in the form for the worker's proficiency (see :meth:`steps`).

        Raises:
            ContextError: no such solution.
        """
        return self._solution(solution_id).summary_for(self._context.proficiency)

    def article_text(self, article_id: str) -> str | None:
        """An article's Markdown rendered with the answers (None if it is only a link).

        Raises:
            ContextError: no such article.
            RenderError: the article could not be read or rendered.
        """
        if not isinstance(article_id, str) or article_id not in self.rulebase.article_by_id:
            raise ContextError(f"there is no article {_named(article_id)}")
        article = self.rulebase.article_by_id[article_id]
        return read_article(article, self._state.tracker.answers, self._computed_for_templates())

    def unanswered(self) -> list[Question]:
        """Questions that could still change the outcome (follow-ups not yet applicable too)."""
        return strategy.needed_questions(self._state.tracker, self._state.certainties)

    def what_would_help(self, limit: int = 3) -> list[Lead]:
        """The skipped or unasked questions whose answers could change the outcome most:
        each with the solutions it could suggest or confirm, best first.

        Meant for the end of a consultation (it replays the session once per answer
        it tries): a front-end says "if you can find out X, Guide can go further"
        instead of a dead end.
        """
        return what_would_help(self, limit)

    def experts_in_reach(self) -> tuple[Expert, ...]:
        """Who to call: the experts of the recommended solutions, else of the solutions
        :meth:`what_would_help` could reach, else those whose `covers` match the
        consultation's topics (the tags of the articles of the solutions still in play
        and of the questions asked); empty if none of these gives one."""
        return experts_in_reach(self, what_would_help(self, limit=MAX_LEADS))

    def handover(self, now: dt.datetime | None = None) -> Handover:
        """A summary for the human expert: answers, unknowns, what was recommended and why.

        Raises:
            ContextError: ``now`` is not a date and time with a time zone.
        """
        if now is not None and (not isinstance(now, dt.datetime) or now.utcoffset() is None):
            raise ContextError(
                "the handover's time must be a date and time with a time zone",
                hint="pass datetime.now(datetime.UTC), or None for now",
            )
        return handover(self, now)

    def outcome(self) -> dict[str, Any]:
        """A JSON-safe record of the consultation's state, for machines."""
        return outcome_dict(self)

    def progress(self) -> Progress:
        needed = strategy.needed_questions(self._state.tracker, self._state.certainties)
        return Progress(
            answered=len(self._state.tracker.answers),
            skipped=len(self._state.tracker.skipped),
            remaining_at_least=self._explainer().fewest_questions_to_change() if needed else 0,
            remaining_at_most=len(needed),
        )

    # --- explanations -------------------------------------------------------------

    def explain_why(self, question_id: str) -> WhyAsked:
        """Why this question is (or would be) asked: the rules that need it.

        Raises:
            AnswerError: no such question.
        """
        return self._explainer().why_asked(self._question(question_id))

    def explain_how(self, solution_id: str) -> HowConcluded:
        """How the solution's state was reached: the rules and answers behind it.

        Raises:
            ContextError: no such solution.
        """
        return self._explainer().how(self._solution(solution_id), self.state_of(solution_id))

    def explain_why_not(self, solution_id: str) -> WhyNot:
        """Why the solution is not recommended (or not confirmed): what failed.

        Raises:
            ContextError: no such solution.
        """
        return self._explainer().why_not(self._solution(solution_id), self.state_of(solution_id))

    def why_in_words(self, question_id: str, *, ids: bool = False) -> Explanation:
        """:meth:`explain_why` in the worker's words: one sentence, then the details
        (question texts, answers, the rules' `because`, percentages). ``ids`` adds
        each rule's and question's id, for an SME.

        Raises:
            AnswerError: no such question.
        """
        return worded.why_asked(self, question_id, ids=ids)

    def how_in_words(self, solution_id: str, *, ids: bool = False) -> Explanation:
        """:meth:`explain_how` in the worker's words (see :meth:`why_in_words`).

        Raises:
            ContextError: no such solution.
        """
        return worded.how_concluded(self, solution_id, ids=ids)

    def why_not_in_words(self, solution_id: str, *, ids: bool = False) -> Explanation:
        """:meth:`explain_why_not` in the worker's words (see :meth:`why_in_words`).

        Raises:
            ContextError: no such solution.
        """
        return worded.why_not(self, solution_id, ids=ids)

    # --- saving ---------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe, versioned record of this session; see ``Rulebase.resume``."""
        return session_dict(
            self.rulebase,
            self._state.events,
            self._outcomes,
            self._consultation_id,
            self._context,
            outcome_steps=self._outcome_steps,
        )

    # --- internals --------------------------------------------------------------------

    def _explainer(self) -> Explainer:
        return Explainer(
            self._state.tracker, self._state.record.snapshot(), self._state.certainties
        )

    def _question(self, question_id: object) -> Question:
        question = (
            self.rulebase.question_by_id.get(question_id) if isinstance(question_id, str) else None
        )
        if question is None:
            raise AnswerError(str(question_id), f"there is no question {_named(question_id)}")
        return question

    def _solution(self, solution_id: object) -> Solution:
        solution = (
            self.rulebase.solution_by_id.get(solution_id) if isinstance(solution_id, str) else None
        )
        if solution is None:
            raise ContextError(f"there is no solution {_named(solution_id)}")
        return solution

    def _askable(self, question_id: str) -> Question:
        question = self._question(question_id)
        tracker = self._state.tracker
        if question_id in tracker.answers or question_id in tracker.skipped:
            raise AnswerError(
                question_id,
                f"question `{question_id}` has already been answered",
                hint="go back to change an answer",
            )
        if tracker.applicable[question_id] not in (Tri.TRUE, Tri.OPEN):
            raise AnswerError(
                question_id, f"question `{question_id}` does not apply, given the answers so far"
            )
        return question

    def _apply(self, event: Event) -> None:
        self._apply_step(event)
        if self._no_longer_apply():
            self._state = Session._counting(self._compiled, self._state.events)

    def _steps_that_count(self) -> tuple[Event, ...]:
        state = self._state
        return tuple(e for n, e in enumerate(state.events) if n not in state.set_aside)

    def _no_longer_apply(self) -> set[int]:
        """Steps that count, on follow-ups whose ``ask_when`` is now false."""
        state = self._state
        applicable = state.tracker.applicable
        return {
            n
            for n, e in enumerate(state.events)
            if n not in state.set_aside and applicable[e.question] is Tri.FALSE
        }

    @staticmethod
    def _counting(compiled_rulebase: CompiledRulebase, events: list[Event]) -> _Reasoning:
        """The reasoning of ``events`` with the steps on follow-ups that do not apply
        set aside, as if they had never been given (a follow-up that does not apply
        has no answer, whenever it was given). Setting one aside may make another
        follow-up not apply, so this repeats until nothing more is set aside."""
        set_aside: set[int] = set()
        while True:
            trial = Session(compiled_rulebase)
            for position, event in enumerate(events):
                if position in set_aside:
                    continue
                try:
                    trial._askable(event.question)
                except AnswerError:  # its question stopped applying earlier in this replay
                    set_aside.add(position)
                    continue
                trial._apply_step(event)
            trial._state.events = list(events)
            trial._state.set_aside = frozenset(set_aside)
            newly = trial._no_longer_apply()
            if not newly:
                return trial._state
            set_aside |= newly

    def _apply_step(self, event: Event) -> None:
        tracker = self._state.tracker
        if event.skipped:
            tracker.skipped.add(event.question)
            self._state.run.declare_unanswered(event.question)
        else:
            assert event.value is not None
            tracker.answers[event.question] = event.value
            self._state.run.declare_answer(event.question, event.value)
        self._state.events.append(event)
        self._settle(tracker.update([("question", event.question)]))

    def _settle(self, settled: list[Settled]) -> None:
        """Run experta and the status tracker in turn until neither has news."""
        index = self._compiled.index
        threshold = self.rulebase.settings.confirm_threshold - _EPSILON
        while True:
            for item in settled:
                self._declare_settled(item)
            firings = self._state.run.run()
            if not firings:
                return
            self._state.record.add(firings)
            changed = self._state.tracker.mark_fired(firings)
            self._state.certainties = certainty.compute(index, self._state.record.alternatives)
            self._state.tracker.fact_certainty = self._state.certainties.facts
            newly_confirmed = sorted(
                s
                for s, value in self._state.certainties.solutions.items()
                if value >= threshold and s not in self._state.tracker.confirmed
            )
            changed += self._state.tracker.set_confirmed(newly_confirmed)
            for solution_id in newly_confirmed:
                self._state.run.declare_solution_state(
                    solution_id, SolutionState.CONFIRMED, holds=True
                )
            if SolutionState.CONFIRMED in index.nothing_states:
                self._state.tracker.set_plain_confirmed(self._plain_confirmed(threshold))
            settled = self._state.tracker.refresh(changed)

    def _plain_confirmed(self, threshold: float) -> list[str]:
        """Solutions that ordinary rules alone confirm: what ``nothing: confirmed`` sees,
        so that a fallback's own suggestion never takes back the fallback."""
        index = self._compiled.index
        fired = self._state.record.alternatives
        plain = {p: a for p, a in fired.items() if p not in index.fallbacks}
        solutions = certainty.compute(index, plain).solutions
        return [s for s, value in solutions.items() if value >= threshold]

    def _declare_settled(self, item: Settled) -> None:
        kind, subject_id = item.subject
        if kind == "question":
            if item.does_not_apply:
                self._state.run.declare_not_asked(subject_id)
            else:
                self._state.run.declare_unanswered(subject_id)
        elif kind == "computed":
            self._state.run.declare_computed(subject_id, item.value)
        elif kind == "nothing":
            self._state.run.declare_nothing(subject_id, holds=item.holds)
        elif kind == "fact":
            self._state.run.declare_fact(subject_id, holds=False)
        elif item.state is not None:
            self._state.run.declare_solution_state(subject_id, item.state, holds=False)


def _steps_of_outcomes(rulebase: Rulebase, saved: Saved) -> dict[str, tuple[Event, ...]]:
    """For each saved outcome, the steps after which its solution was recommended.

    Version 4 files say which steps; they are replayed and the solution must be
    recommended after them. Older files did not keep them: the solution must then
    have been recommended at some point of the session's own steps.

    Raises:
        SessionError: an outcome names a solution that was not recommended then.
    """
    found: dict[str, tuple[Event, ...]] = {}
    wanted = {feedback.solution for feedback in saved.outcomes}
    if saved.outcome_steps is None:
        replay = Session(compiled(rulebase))
        for step in range(len(saved.events) + 1):
            if step:
                replay.apply(saved.events[step - 1])  # the whole list replayed already
            for recommendation in replay.recommendations():
                found.setdefault(recommendation.solution.id, tuple(saved.events[:step]))
        steps = {solution: found[solution] for solution in wanted if solution in found}
    else:
        steps = {solution: tuple(saved.outcome_steps[solution]) for solution in wanted}
    for number, feedback in enumerate(saved.outcomes, start=1):
        after = steps.get(feedback.solution)
        try:
            then = None if after is None else Session._replay(rulebase, list(after))
        except SessionError as error:
            raise SessionError(f"saved outcome {number}: {error}") from None
        recommended = then is not None and any(
            r.solution.id == feedback.solution for r in then.recommendations()
        )
        if not recommended:
            raise SessionError(
                f"saved outcome {number} is for `{feedback.solution}`, which was not "
                "recommended when it was given: the file was changed by hand"
            )
    return steps


def _rendered_or_written(
    source: str, answers: Mapping[str, Value], computed: Mapping[str, ShownNumber]
) -> str:
    """A question's text or help with the answers; as written when the template fails
    for these answers (a limit, a division by zero), so that the worker can still
    answer and nothing is lost."""
    try:
        return render_text(source, answers, "the question", computed)
    except RenderError:
        return source


def _named(given: object) -> str:
    """An id as messages show it: `id`, or the value itself when it is not text."""
    return f"`{given}`" if isinstance(given, str) else repr(given)[:40]
