"""Sessions saved as plain JSON: a versioned list of what the worker did.

Saving the events rather than the engine's state keeps the file small,
readable and safe: resuming validates every field, then replays the events
through the same checks a live answer goes through.

Version 2 adds ``outcomes``: what the worker said about the solutions they
tried. Version 3 adds the worker's context: ``proficiency``,
``articles_opened`` and ``seconds`` (see :mod:`engine._context`). Version 4
adds to each outcome ``after``: the steps after which it was given, so that
resume can check the solution was recommended then (outcomes outlive back and
change, so the steps of the session itself cannot tell). Files of versions 1
and 2 are still read, with no outcomes or an empty context.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine._context import WorkerContext, context_from_dict
from engine.errors import SessionError
from engine.events import Event
from engine.feedback import Feedback, feedback_from_dict
from engine.model import Rulebase

SESSION_FORMAT = "guide-session"
SESSION_VERSION = 4
#: Versions this Guide reads; older ones are upgraded as they are read.
READABLE_VERSIONS = (1, 2, 3, 4)
#: A consultation id: 32 hex digits (a UUID without dashes).
_CONSULTATION_ID = re.compile(r"[0-9a-f]{32}")
#: A session with more events than this is not one a person produced.
MAX_EVENTS = 10_000


@dataclass(frozen=True, slots=True)
class Saved:
    """What a saved session holds: the worker's steps, their outcomes and their context."""

    events: list[Event]
    outcomes: list[Feedback]
    #: The consultation's id (None in version 1 files, which had none).
    consultation: str | None = None
    #: Empty in files before version 3.
    context: WorkerContext = field(default_factory=WorkerContext)
    #: The digest of the rule base file the session was saved with, if the file says.
    digest: str | None = None
    #: Per outcome's solution, the steps after which it was given (version 4 files;
    #: None for older ones, which did not keep them).
    outcome_steps: dict[str, list[Event]] | None = None


def session_dict(
    rulebase: Rulebase,
    events: list[Event],
    outcomes: list[Feedback],
    consultation: str,
    context: WorkerContext,
    *,
    outcome_steps: Mapping[str, Sequence[Event]],
) -> dict[str, Any]:
    return {
        "format": SESSION_FORMAT,
        "version": SESSION_VERSION,
        "consultation": consultation,
        "rulebase": {"id": rulebase.id, "version": rulebase.version, "digest": rulebase.digest},
        "events": [_event_dict(event) for event in events],
        "outcomes": [
            {
                **feedback.to_dict(),
                "after": [_event_dict(e) for e in outcome_steps.get(feedback.solution, ())],
            }
            for feedback in outcomes
        ],
        **context.to_dict(),
    }


def _event_dict(event: Event) -> dict[str, Any]:
    if event.skipped:
        return {"skip": event.question}
    value = list(event.value) if isinstance(event.value, tuple) else event.value
    return {"answer": event.question, "value": value}


def load_events(rulebase: Rulebase, data: Mapping[str, Any]) -> list[Event]:
    """The events of saved session data, after checking its shape and origin.

    Raises:
        SessionError: see :func:`load_saved`.
    """
    return load_saved(rulebase, data).events


def load_saved(rulebase: Rulebase, data: Mapping[str, Any]) -> Saved:
    """The events, outcomes and context of saved session data, after checking its shape
    and origin.

    Raises:
        SessionError: the data is not a Guide session, has another version, belongs
            to another rule base or rule base version, or a field is corrupt.
    """
    if not isinstance(data, Mapping):
        raise SessionError("this is not a saved Guide session (expected a JSON object)")
    if data.get("format") != SESSION_FORMAT:
        raise SessionError("this is not a saved Guide session (no `format: guide-session`)")
    version = data.get("version")
    if type(version) is not int or version not in READABLE_VERSIONS:
        raise SessionError(
            f"saved session version {version!r} is not supported "
            f"(this Guide reads versions {READABLE_VERSIONS[0]} to {SESSION_VERSION})"
        )
    origin = data.get("rulebase")
    if not isinstance(origin, Mapping):
        raise SessionError("saved session does not say which rule base it belongs to")
    if origin.get("id") != rulebase.id:
        raise SessionError(
            f"saved session belongs to rule base {origin.get('id')!r}, not {rulebase.id!r}"
        )
    if origin.get("version") != rulebase.version:
        raise SessionError(
            f"saved session was made with version {origin.get('version')!r} of "
            f"{rulebase.id!r}; this is version {rulebase.version!r}"
        )
    raw_events = data.get("events")
    if not isinstance(raw_events, list):
        raise SessionError("saved session has no list of events")
    if len(raw_events) > MAX_EVENTS:
        raise SessionError(f"saved session has more than {MAX_EVENTS} events")
    events = [_event(number, raw) for number, raw in enumerate(raw_events, start=1)]
    digest = origin.get("digest")
    digest = digest if isinstance(digest, str) else None
    if version < 2:
        return Saved(events, [], digest=digest)
    consultation = data.get("consultation")
    if not (isinstance(consultation, str) and _CONSULTATION_ID.fullmatch(consultation)):
        raise SessionError("saved session has no valid consultation id")
    raw_outcomes = data.get("outcomes", [])
    outcomes = _outcomes(rulebase, raw_outcomes)
    if version < 3:
        return Saved(events, outcomes, consultation, digest=digest)
    context = context_from_dict(rulebase, data)
    steps = _outcome_steps(raw_outcomes, outcomes) if version >= 4 else None
    return Saved(events, outcomes, consultation, context, digest, steps)


def _outcomes(rulebase: Rulebase, raw: object) -> list[Feedback]:
    if not isinstance(raw, list):
        raise SessionError("saved session's `outcomes` is not a list")
    # One outcome per solution: a second one replaces the first when given.
    if len(raw) > len(rulebase.solutions):
        raise SessionError(f"saved session has more outcomes than {rulebase.id!r} has solutions")
    found = [feedback_from_dict(number, _without_steps(item)) for number, item in enumerate(raw, 1)]
    seen: set[str] = set()
    for number, feedback in enumerate(found, start=1):
        if feedback.solution not in rulebase.solution_by_id:
            raise SessionError(
                f"saved outcome {number} names solution `{feedback.solution}`, "
                f"which {rulebase.id!r} does not have"
            )
        if feedback.solution in seen:
            raise SessionError(f"saved outcome {number} is a second one for `{feedback.solution}`")
        seen.add(feedback.solution)
    return found


def _without_steps(raw: object) -> object:
    if isinstance(raw, Mapping) and "after" in raw:
        return {key: value for key, value in raw.items() if key != "after"}
    return raw


def _outcome_steps(raw: list[Any], outcomes: list[Feedback]) -> dict[str, list[Event]]:
    found: dict[str, list[Event]] = {}
    for number, (item, feedback) in enumerate(zip(raw, outcomes, strict=True), start=1):
        steps = item.get("after")
        if not isinstance(steps, list):
            raise SessionError(
                f"saved outcome {number} does not say after which steps it was given"
            )
        if len(steps) > MAX_EVENTS:
            raise SessionError(f"saved outcome {number} has more than {MAX_EVENTS} steps")
        found[feedback.solution] = [
            _event(f"{step} of outcome {number}", event) for step, event in enumerate(steps, 1)
        ]
    return found


def _event(number: int | str, raw: object) -> Event:
    if isinstance(raw, Mapping):
        if set(raw) == {"skip"} and isinstance(raw["skip"], str):
            return Event(raw["skip"], None, skipped=True)
        if set(raw) == {"answer", "value"} and isinstance(raw["answer"], str):
            value = raw["value"]
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return Event(raw["answer"], tuple(value))
            if isinstance(value, bool | int | float | str):
                return Event(raw["answer"], value)
    raise SessionError(f"saved step {number} is not an answer or a skip")
