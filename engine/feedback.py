"""What the worker said about a recommendation: fixed, not fixed, not tried, or
(in an advisory rule base) chosen.

Outcomes are the raw material of the feedback loop: they are kept in the
session (and in its saved file) and end up in the consultation record, from
which ``guide stats`` tells an SME which solutions work.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from engine.errors import GuideError, SessionError

#: A comment longer than this is not feedback a person typed at a prompt.
MAX_COMMENT = 2_000


class Outcome(StrEnum):
    """What happened when the worker tried a recommended solution."""

    FIXED = "fixed"
    NOT_FIXED = "not_fixed"
    DID_NOT_TRY = "did_not_try"
    #: An advisory rule base (``settings.advisory``): the worker will use this advice.
    CHOSEN = "chosen"


class Proficiency(StrEnum):
    """How familiar the worker said they are with the task."""

    NOVICE = "novice"
    INTERMEDIATE = "intermediate"
    EXPERT = "expert"


class OutcomeError(GuideError, ValueError):
    """An outcome was refused: unknown solution, one not recommended, or a bad value."""

    def __init__(self, solution_id: str, message: str, hint: str | None = None) -> None:
        self.solution_id = solution_id
        self.hint = hint
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Feedback:
    """The worker's outcome for one solution, with an optional comment."""

    solution: str
    outcome: Outcome
    comment: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"solution": self.solution, "outcome": self.outcome.value, "comment": self.comment}


def parse_outcome(solution_id: str, outcome: object) -> Outcome:
    """An :class:`Outcome`, or its value as text (``"fixed"``, ``"not_fixed"``, ...).

    Raises:
        OutcomeError: anything else.
    """
    if isinstance(outcome, Outcome):
        return outcome
    if isinstance(outcome, str):
        try:
            return Outcome(outcome.strip().casefold())
        except ValueError:
            pass
    raise OutcomeError(
        solution_id,
        f"{outcome!r} is not an outcome",
        hint="use " + ", ".join(o.value for o in Outcome),
    )


def clean_comment(solution_id: str, comment: object) -> str | None:
    """The comment stripped; None when empty.

    Raises:
        OutcomeError: not text, or longer than :data:`MAX_COMMENT` characters.
    """
    if comment is None:
        return None
    if not isinstance(comment, str):
        raise OutcomeError(solution_id, "a comment must be text")
    text = comment.strip()
    if len(text) > MAX_COMMENT:
        raise OutcomeError(
            solution_id,
            f"a comment has at most {MAX_COMMENT} characters, this one has {len(text)}",
            hint="shorten it",
        )
    return text or None


def feedback_from_dict(number: int, raw: object) -> Feedback:
    """One saved outcome, checked field by field.

    Raises:
        SessionError: the entry is not a saved outcome.
    """
    if isinstance(raw, Mapping) and set(raw) <= {"solution", "outcome", "comment"}:
        solution = raw.get("solution")
        if isinstance(solution, str):
            try:
                return Feedback(
                    solution,
                    parse_outcome(solution, raw.get("outcome")),
                    clean_comment(solution, raw.get("comment")),
                )
            except OutcomeError as error:
                raise SessionError(f"saved outcome {number}: {error}") from None
    raise SessionError(f"saved outcome {number} is not a solution and an outcome")
