"""The consultation record: what a finished or abandoned consultation leaves behind.

A record is plain data, built from a session when the consultation ends, and
is what a store keeps and ``guide stats`` counts. It holds no more than the
rule base allows: free-text answers are kept only when the rule base's
``settings.record_free_text`` is on, and a question marked ``redact: true``
is always recorded as ``(redacted)``.

Time is measured by the front-end (the session is a value and knows no
clocks) and passed in as seconds per question, and so are the articles the
worker opened (what is on a screen is the front-end's business).

Version 2 of the record adds the rules that fired and the articles opened;
version 3 has the same fields, and may hold the outcome ``chosen`` and the
resolutions ``advice_taken`` and ``unresolved``, which older versions of Guide
do not know (so they skip such a record rather than miscount it).
Version 1 records are still read: they did not keep which rules fired, so
their ``fired_rules`` is None (unknown, not "none fired"), and their
``articles_opened`` is empty.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from engine._fields import ID_PATTERN, MAX_ID_LENGTH, unsafe_character
from engine.errors import GuideError
from engine.feedback import Feedback, Outcome, Proficiency, feedback_from_dict
from engine.model import QuestionType, Rulebase, SolutionState

if TYPE_CHECKING:
    from engine.session import Session

#: What a redacted answer is recorded as.
REDACTED = "(redacted)"
RECORD_FORMAT = "guide-consultation"
RECORD_VERSION = 3
#: Every version :func:`record_from_dict` reads; it writes only :data:`RECORD_VERSION`.
READABLE_VERSIONS = (1, 2, 3)

#: A consultation's id: a record's key in a store and part of a draft's file name.
CONSULTATION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")

#: A recorded answer: JSON-safe (a list for multiple choice), None when skipped.
RecordedValue = bool | int | float | str | list[str] | None


class Resolution(StrEnum):
    """Where a consultation ended."""

    #: The worker said a solution fixed it, or a solution was confirmed.
    SOLVED = "solved"
    #: The worker asked for the expert, said "not fixed" and nothing fixed it, or
    #: the questions ran out with nothing confirmed.
    ESCALATED = "escalated"
    #: The worker stopped before the end of the questions.
    ABANDONED = "abandoned"
    #: An advisory rule base: the worker chose advice to use.
    ADVICE_TAKEN = "advice_taken"
    #: The questions were answered, but the worker tried none of the recommendations
    #: (said "did not try" and left), or chose none of the advice: nobody knows
    #: whether it helped.
    UNRESOLVED = "unresolved"


class RecordError(GuideError):
    """Stored or queued record data is not a consultation record."""


@dataclass(frozen=True, slots=True)
class RecordedAnswer:
    question: str
    #: The answer as recorded (possibly ``(redacted)``); None when skipped.
    value: RecordedValue
    skipped: bool
    #: Time the worker spent on the question, when the front-end measured it.
    seconds: float | None = None


@dataclass(frozen=True, slots=True)
class RecordedRecommendation:
    solution: str
    certainty: float
    state: SolutionState


@dataclass(frozen=True, slots=True)
class ConsultationRecord:
    """One consultation as kept in a store."""

    rulebase_id: str
    rulebase_version: str
    started: dt.datetime
    ended: dt.datetime
    resolution: Resolution
    answers: tuple[RecordedAnswer, ...]
    recommendations: tuple[RecordedRecommendation, ...]
    outcomes: tuple[Feedback, ...]
    #: The question being asked when the worker stopped (abandoned only).
    quit_at: str | None = None
    proficiency: Proficiency | None = None
    expert_requested: bool = False
    #: The consultation's id: a record sent twice (from the queue) is kept once,
    #: and a consultation stopped and later finished keeps only its newest record.
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    #: Ids of the rules that fired, in firing order; None when unknown (a
    #: version 1 record did not keep them), which is not "none fired".
    fired_rules: tuple[str, ...] | None = None
    #: Ids of the articles the worker opened, in the order first opened.
    articles_opened: tuple[str, ...] = ()

    @property
    def skipped(self) -> tuple[str, ...]:
        return tuple(a.question for a in self.answers if a.skipped)

    @property
    def seconds(self) -> float:
        """The consultation's length, from start to end."""
        return max((self.ended - self.started).total_seconds(), 0.0)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe and versioned; :func:`record_from_dict` reads it back."""
        return {
            "format": RECORD_FORMAT,
            "version": RECORD_VERSION,
            "id": self.id,
            "rulebase": {"id": self.rulebase_id, "version": self.rulebase_version},
            "started": self.started.isoformat(),
            "ended": self.ended.isoformat(),
            "resolution": self.resolution.value,
            "answers": [
                {
                    "question": a.question,
                    "value": a.value,
                    "skipped": a.skipped,
                    "seconds": a.seconds,
                }
                for a in self.answers
            ],
            "recommendations": [
                {"solution": r.solution, "certainty": r.certainty, "state": r.state.value}
                for r in self.recommendations
            ],
            "outcomes": [f.to_dict() for f in self.outcomes],
            "quit_at": self.quit_at,
            "proficiency": None if self.proficiency is None else self.proficiency.value,
            "expert_requested": self.expert_requested,
            "fired_rules": None if self.fired_rules is None else list(self.fired_rules),
            "articles_opened": list(self.articles_opened),
        }


def record_consultation(
    session: Session,
    *,
    started: dt.datetime,
    ended: dt.datetime,
    seconds: Mapping[str, float] | None = None,
    proficiency: Proficiency | str | None = None,
    expert_requested: bool = False,
    articles_opened: Sequence[str] | None = None,
) -> ConsultationRecord:
    """The record of a consultation that has ended (finished, escalated or stopped).

    ``started`` and ``ended`` are times with a time zone, e.g.
    ``datetime.now(datetime.UTC)``; a time without one (``datetime.now()``) is
    refused, since whose local time it was cannot be told later.

    The session carries the worker's context, and the record takes it from
    there unless given: ``seconds``, the time spent on each question by question
    id (:meth:`Session.add_seconds`); ``proficiency`` (:meth:`Session.set_proficiency`);
    ``articles_opened``, the articles the worker opened, each kept once in the
    order first opened (:meth:`Session.open_article`). ``expert_requested`` says
    the worker asked for the human expert. The rules that fired come from the session.

    Raises:
        RecordError: ``proficiency`` is not one of novice, intermediate, expert,
            ``articles_opened`` names an article the rule base does not have, or
            ``started`` or ``ended`` has no time zone.
    """
    for name, moment in (("started", started), ("ended", ended)):
        if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
            raise RecordError(
                f"`{name}` must be a time with a time zone, e.g. datetime.now(datetime.UTC);"
                f" found {moment!r}"
            )
    if proficiency is None:
        proficiency = session.proficiency
    if seconds is None:
        seconds = session.seconds
    if articles_opened is None:
        articles_opened = session.articles_opened
    try:
        level = None if proficiency is None else Proficiency(proficiency)
    except ValueError:
        words = ", ".join(p.value for p in Proficiency)
        raise RecordError(f"{proficiency!r} is not a proficiency (one of {words})") from None
    rulebase = session.rulebase
    opened = tuple(dict.fromkeys(articles_opened))
    unknown = [name for name in opened if name not in rulebase.article_by_id]
    if unknown:
        close = difflib.get_close_matches(unknown[0], list(rulebase.article_by_id), n=1)
        raise RecordError(
            f"{unknown[0]!r} is not an article of rule base {rulebase.id!r}"
            + (f" (did you mean {close[0]!r}?)" if close else "")
        )
    answers = session.answers
    timing = dict(seconds)
    recorded = tuple(
        RecordedAnswer(
            event.question,
            None if event.skipped else _kept(rulebase, event.question, answers[event.question]),
            event.skipped,
            timing.get(event.question),
        )
        for event in session.history
    )
    pending = session.next_question()
    recommendations = session.recommendations()
    resolution = resolve_ending(
        session.outcomes(),
        finished=pending is None,
        confirmed=any(r.state is SolutionState.CONFIRMED for r in recommendations),
        expert_requested=expert_requested,
        advisory=rulebase.settings.advisory,
    )
    return ConsultationRecord(
        id=session.consultation_id,
        rulebase_id=rulebase.id,
        rulebase_version=rulebase.version,
        started=started,
        ended=ended,
        resolution=resolution,
        answers=recorded,
        recommendations=tuple(
            RecordedRecommendation(r.solution.id, round(r.certainty, 4), r.state)
            for r in recommendations
        ),
        outcomes=session.outcomes(),
        quit_at=pending.id if resolution is Resolution.ABANDONED and pending else None,
        proficiency=level,
        expert_requested=expert_requested,
        fired_rules=session.fired_rules(),
        articles_opened=opened,
    )


def resolve_ending(
    outcomes: tuple[Feedback, ...],
    *,
    finished: bool,
    confirmed: bool,
    expert_requested: bool,
    advisory: bool = False,
) -> Resolution:
    """Where a consultation ended, from what the worker said first, then the session.

    A fix that worked is solved, and advice chosen is advice taken; asking for the
    expert or a fix that did not work is escalated; stopping before the end of the
    questions is abandoned. At the end, a worker who said only "did not try", or
    who chose none of an advisory rule base's advice when some was confirmed,
    leaves it unresolved; otherwise a confirmed solution is solved and no
    confirmed solution is escalated.
    """
    said = {f.outcome for f in outcomes}
    if Outcome.FIXED in said:
        return Resolution.SOLVED
    if Outcome.CHOSEN in said:
        return Resolution.ADVICE_TAKEN
    if expert_requested or Outcome.NOT_FIXED in said:
        return Resolution.ESCALATED
    if not finished:
        return Resolution.ABANDONED
    if Outcome.DID_NOT_TRY in said or (advisory and confirmed):
        return Resolution.UNRESOLVED
    return Resolution.SOLVED if confirmed else Resolution.ESCALATED


def _kept(rulebase: Rulebase, question_id: str, value: object) -> RecordedValue:
    question = rulebase.question_by_id[question_id]
    if question.redact:
        return REDACTED
    if question.type is QuestionType.TEXT and not rulebase.settings.record_free_text:
        return REDACTED
    if isinstance(value, tuple):
        return list(value)
    assert isinstance(value, bool | int | float | str)
    return value


def record_from_dict(data: object) -> ConsultationRecord:
    """A record written by :meth:`ConsultationRecord.to_dict`, checked.

    Raises:
        RecordError: the data is not a consultation record of a version this Guide reads.
    """
    try:
        return _record(data)
    except (
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        OverflowError,
        RecursionError,
        GuideError,
    ) as error:
        raise RecordError(f"not a consultation record: {error}") from None


def _record(data: Any) -> ConsultationRecord:
    version = data["version"]
    # bool is an int: `true` is not version 1.
    if (
        data["format"] != RECORD_FORMAT
        or type(version) is not int
        or version not in READABLE_VERSIONS
    ):
        raise ValueError(f"format {data['format']!r} version {version!r}")
    proficiency = data["proficiency"]
    # Version 1 did not keep the rules that fired (unknown) nor the articles opened.
    fired = None if version == 1 else data["fired_rules"]
    opened = [] if version == 1 else data["articles_opened"]
    return ConsultationRecord(
        id=_consultation_id(data["id"]),
        rulebase_id=_ident(data["rulebase"]["id"]),
        rulebase_version=_version(data["rulebase"]["version"]),
        started=_moment(data["started"]),
        ended=_moment(data["ended"]),
        resolution=Resolution(data["resolution"]),
        answers=tuple(
            RecordedAnswer(
                _ident(a["question"]),
                _value(a["value"]),
                bool(a["skipped"]),
                None if a["seconds"] is None else float(a["seconds"]),
            )
            for a in data["answers"]
        ),
        recommendations=tuple(
            RecordedRecommendation(
                _ident(r["solution"]), float(r["certainty"]), SolutionState(r["state"])
            )
            for r in data["recommendations"]
        ),
        outcomes=tuple(
            _checked_feedback(number, raw) for number, raw in enumerate(data["outcomes"], start=1)
        ),
        quit_at=None if data["quit_at"] is None else _ident(data["quit_at"]),
        proficiency=None if proficiency is None else Proficiency(proficiency),
        expert_requested=bool(data["expert_requested"]),
        fired_rules=None if fired is None else _idents(fired),
        articles_opened=_idents(opened),
    )


# Ids and the version go into file names, YAML drafts, text columns and messages:
# a stored record whose ids the loader would refuse is not a record Guide wrote.


def _ident(value: object) -> str:
    text = _text(value)
    if not (ID_PATTERN.fullmatch(text) and len(text) <= MAX_ID_LENGTH):
        raise ValueError(f"{text!r} is not an id")
    return text


def _idents(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, found {value!r}")
    return tuple(_ident(item) for item in value)


def _consultation_id(value: object) -> str:
    text = _text(value)
    if not CONSULTATION_ID.fullmatch(text):
        raise ValueError(f"{text!r} is not a consultation id")
    return text


def _version(value: object) -> str:
    text = _text(value)
    bad = unsafe_character(text)
    if bad is not None:
        raise ValueError(f"the rule base version {text!r} holds {bad}")
    return text


def _checked_feedback(number: int, raw: object) -> Feedback:
    feedback = feedback_from_dict(number, raw)
    _ident(feedback.solution)
    return feedback


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {value!r}")
    return value


def _moment(value: object) -> dt.datetime:
    moment = dt.datetime.fromisoformat(_text(value))
    if moment.tzinfo is None:
        raise ValueError(f"time without a time zone: {value!r}")
    return moment


def _value(value: object) -> RecordedValue:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [str(v) for v in value]
    raise TypeError(f"not an answer: {value!r}")
