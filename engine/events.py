"""One step of the worker: an answer, or "I don't know".

A session is its list of events (``Session.history``): resume, back and change
replay them through ``Session.apply``, and a front-end that keeps the steps
itself can do the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.model import Value

__all__ = ["Event"]


@dataclass(frozen=True, slots=True)
class Event:
    """One thing the worker did: answered a question, or skipped it.

    ``Event(question, value)`` answers; ``Event(question, None, skipped=True)``
    says "I don't know".
    """

    question: str
    value: Value | None
    skipped: bool = False
