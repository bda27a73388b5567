"""The worker's context in a session: proficiency, articles opened, time per question.

None of it changes what the engine concludes: questions, facts and
recommendations depend on the answers alone. The proficiency chooses which
form of a step or summary the worker reads; the articles opened and the time
spent are what a consultation record reports. The context is kept through
``back()`` (which undoes an answer, not the worker's reading or time) and
saved with the session. Live calls are checked here and raise
:class:`ContextError`; saved values are checked by :func:`context_from_dict`
and raise :class:`~engine.errors.SessionError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.errors import GuideError, SessionError
from engine.feedback import Proficiency
from engine.model import Rulebase

#: The levels, as the worker and the saved file write them.
LEVELS = ", ".join(level.value for level in Proficiency)


class ContextError(GuideError, ValueError):
    """The worker's context was refused: an unknown proficiency, article or question,
    or a time that is not a finite number of seconds, at least 0."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.hint = hint
        super().__init__(message)


@dataclass(slots=True)
class WorkerContext:
    """What a session knows about the worker besides their answers."""

    proficiency: Proficiency | None = None
    #: Article ids in the order they were first opened, each once.
    articles_opened: list[str] = field(default_factory=list)
    #: Seconds spent on each question, by question id, in the order first timed.
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "proficiency": None if self.proficiency is None else self.proficiency.value,
            "articles_opened": list(self.articles_opened),
            "seconds": dict(self.seconds),
        }


def parse_proficiency(level: object) -> Proficiency | None:
    """A :class:`Proficiency`, its value as text (``"novice"``), or None for "not said".

    Raises:
        ContextError: anything else.
    """
    if level is None or isinstance(level, Proficiency):
        return level
    if isinstance(level, str):
        try:
            return Proficiency(level.strip().casefold())
        except ValueError:
            pass
    raise ContextError(f"{level!r} is not a proficiency", hint=f"use one of: {LEVELS}")


#: More seconds than anyone spends on one question (about 31 years): a value
#: beyond it is a mistake, and keeps totals finite so a session saves as JSON.
MAX_SECONDS = 1e9


def check_seconds(seconds: object) -> float:
    """A time in seconds: a finite number, at least 0, at most :data:`MAX_SECONDS`.

    Raises:
        ContextError: anything else.
    """
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise ContextError(f"{_shown(seconds)} is not a number of seconds")
    if not (0 <= seconds <= MAX_SECONDS):  # also false for NaN; no float() of a huge int
        raise ContextError(
            f"{_shown(seconds)} is not a time: seconds must be a finite number, "
            f"at least 0 and at most {MAX_SECONDS:.0e}"
        )
    return float(seconds)


def _shown(value: object) -> str:
    """A value in a message, cut short (a huge integer's repr may even be refused)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**20:
        return "a number this large"
    return repr(value)[:40]


def context_from_dict(rulebase: Rulebase, data: Mapping[str, Any]) -> WorkerContext:
    """The context saved in a session (version 3 and later), checked field by field.

    Missing fields are empty, as in a session that never set them.

    Raises:
        SessionError: a field is of the wrong kind, or names what the rule base does not have.
    """
    try:
        proficiency = parse_proficiency(data.get("proficiency"))
    except ContextError:
        raise SessionError(
            f"saved session's `proficiency` is {data.get('proficiency')!r}, "
            f"not one of {LEVELS} (or null)"
        ) from None
    return WorkerContext(
        proficiency, _articles(rulebase, data.get("articles_opened", [])), _seconds(rulebase, data)
    )


def _articles(rulebase: Rulebase, raw: object) -> list[str]:
    if not isinstance(raw, list):
        raise SessionError("saved session's `articles_opened` is not a list")
    found: list[str] = []
    for number, article in enumerate(raw, start=1):
        if not isinstance(article, str):
            raise SessionError(f"saved session's `articles_opened` item {number} is not an id")
        if article not in rulebase.article_by_id:
            raise SessionError(
                f"saved session's `articles_opened` names article `{article}`, "
                f"which {rulebase.id!r} does not have"
            )
        if article in found:
            raise SessionError(f"saved session's `articles_opened` names `{article}` twice")
        found.append(article)
    return found


def _seconds(rulebase: Rulebase, data: Mapping[str, Any]) -> dict[str, float]:
    raw = data.get("seconds", {})
    if not isinstance(raw, Mapping):
        raise SessionError("saved session's `seconds` is not a section of question: seconds")
    found: dict[str, float] = {}
    for question, value in raw.items():
        if question not in rulebase.question_by_id:
            raise SessionError(
                f"saved session's `seconds` names question `{question}`, "
                f"which {rulebase.id!r} does not have"
            )
        try:
            found[question] = check_seconds(value)
        except ContextError as error:
            raise SessionError(f"saved session's `seconds` for `{question}`: {error}") from None
    return found
