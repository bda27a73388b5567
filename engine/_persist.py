"""Sessions saved as plain JSON: a versioned list of what the worker did.

Saving the events rather than the engine's state keeps the file small,
readable and safe: resuming validates every field, then replays the events
through the same checks a live answer goes through.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.errors import SessionError
from engine.model import Rulebase, Value

SESSION_FORMAT = "guide-session"
SESSION_VERSION = 1
#: A session with more events than this is not one a person produced.
MAX_EVENTS = 10_000


@dataclass(frozen=True, slots=True)
class Event:
    """One thing the worker did: answered a question, or skipped it."""

    question: str
    value: Value | None
    skipped: bool = False


def session_dict(rulebase: Rulebase, events: list[Event]) -> dict[str, Any]:
    return {
        "format": SESSION_FORMAT,
        "version": SESSION_VERSION,
        "rulebase": {"id": rulebase.id, "version": rulebase.version, "digest": rulebase.digest},
        "events": [_event_dict(event) for event in events],
    }


def _event_dict(event: Event) -> dict[str, Any]:
    if event.skipped:
        return {"skip": event.question}
    value = list(event.value) if isinstance(event.value, tuple) else event.value
    return {"answer": event.question, "value": value}


def load_events(rulebase: Rulebase, data: Mapping[str, Any]) -> list[Event]:
    """The events of saved session data, after checking its shape and origin.

    Raises:
        SessionError: the data is not a Guide session, has another version, or
            belongs to another rule base or rule base version.
    """
    if not isinstance(data, Mapping):
        raise SessionError("this is not a saved Guide session (expected a JSON object)")
    if data.get("format") != SESSION_FORMAT:
        raise SessionError("this is not a saved Guide session (no `format: guide-session`)")
    if data.get("version") != SESSION_VERSION:
        raise SessionError(
            f"saved session version {data.get('version')!r} is not supported "
            f"(this Guide reads version {SESSION_VERSION})"
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
    return [_event(number, raw) for number, raw in enumerate(raw_events, start=1)]


def _event(number: int, raw: object) -> Event:
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
