"""Which consultations a new version of a rule base would answer differently.

Recorded sessions and the old version's scenarios are replayed against both
versions, and every consultation whose recommendation changes is reported:
the top solution, the set recommended, or which are confirmed. Saved sessions
are pinned to one rule base version (``engine.resume`` refuses another), so
their events are replayed one by one instead; an answer the new version no
longer accepts (the question was removed, or does not apply) is left out and
reported as a change. A session the old version itself cannot replay is not
compared at all: it is reported as one that cannot be replayed, never counted
as unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine._persist import load_events
from engine.errors import AnswerError, SessionError
from engine.events import Event
from engine.model import Rulebase, Scenario, SolutionState
from engine.session import Session, start
from engine.testing import play

__all__ = [
    "Change",
    "ReplayOutcome",
    "diff",
]


@dataclass(frozen=True, slots=True)
class ReplayOutcome:
    """What one consultation recommends under one version of the rule base."""

    top: str | None
    recommended: tuple[str, ...]
    confirmed: tuple[str, ...]
    #: Answers that could not be replayed, in words ("question `x` removed").
    dropped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Change:
    """A consultation whose recommendation differs between the two versions."""

    #: ``scenario `NAME``` or the saved session's label (its file name).
    consultation: str
    before: ReplayOutcome
    after: ReplayOutcome
    #: False for a saved session the old version cannot replay: it was not compared.
    replayable: bool = True

    def lines(self) -> list[str]:
        """What changed, one line each: ``top: a -> b`` and so on."""
        before, after = self.before, self.after
        if not self.replayable:
            return [f"cannot be replayed: {note}" for note in before.dropped]
        found = [f"now: {note}" for note in after.dropped if note not in before.dropped]
        found += [f"no longer: {note}" for note in before.dropped if note not in after.dropped]
        if before.top != after.top:
            found.append(f"top: {_one(before.top)} -> {_one(after.top)}")
        if before.recommended != after.recommended:
            found.append(f"recommended: {_all(before.recommended)} -> {_all(after.recommended)}")
        if before.confirmed != after.confirmed:
            found.append(f"confirmed: {_all(before.confirmed)} -> {_all(after.confirmed)}")
        return found


def _one(solution: str | None) -> str:
    return "nothing" if solution is None else solution


def _all(solutions: tuple[str, ...]) -> str:
    return ", ".join(solutions) if solutions else "nothing"


def diff(
    old: Rulebase,
    new: Rulebase,
    sessions: Sequence[tuple[str, Mapping[str, Any]]] = (),
    *,
    scenarios: bool = True,
) -> list[Change]:
    """The consultations that change: old's scenarios (if ``scenarios``), then the sessions.

    ``sessions`` are (label, saved-session data) pairs, as ``Session.to_dict``
    writes them; they must belong to the old (or new) rule base's id, of any version.
    A session the old version cannot replay (an answer it refuses) comes back as a
    :class:`Change` whose ``replayable`` is False.

    Raises:
        SessionError: a session is corrupt or belongs to another rule base.
    """
    played: list[tuple[str, ReplayOutcome, ReplayOutcome]] = []
    if scenarios:
        for scenario in old.tests:
            label = f"scenario `{scenario.name}`"
            played.append((label, play_scenario(old, scenario), play_scenario(new, scenario)))
    unreplayable: list[Change] = []
    for label, data in sessions:
        events = session_events(old, new, data, label)
        before = replay(old, events)
        if before.dropped:
            unreplayable.append(Change(label, before, replay(new, events), replayable=False))
        else:
            played.append((label, before, replay(new, events)))
    changes = [
        Change(label, before, after)
        for label, before, after in played
        if _key(before) != _key(after) or after.dropped != before.dropped
    ]
    return changes + unreplayable


def _key(outcome: ReplayOutcome) -> tuple[object, ...]:
    return (outcome.top, outcome.recommended, outcome.confirmed)


def session_events(
    old: Rulebase, new: Rulebase, data: Mapping[str, Any], label: str = "session"
) -> list[Event]:
    """The events of saved session data from either rule base, of any version.

    Raises:
        SessionError: the data is corrupt or belongs to another rule base.
    """
    if not isinstance(data, Mapping):
        raise SessionError(f"{label}: this is not a saved Guide session (expected a JSON object)")
    origin = data.get("rulebase")
    same = isinstance(origin, Mapping) and origin.get("id") == new.id != old.id
    owner = new if same else old
    # Checked like any saved session, except that any version of the rule base will do.
    pinned = dict(data)
    if isinstance(origin, Mapping) and origin.get("id") == owner.id:
        pinned["rulebase"] = {**origin, "version": owner.version}
    try:
        return load_events(owner, pinned)
    except SessionError as error:
        raise SessionError(f"{label}: {error}") from None


def replay(rulebase: Rulebase, events: Sequence[Event]) -> ReplayOutcome:
    """Apply recorded answers and skips in order, leaving out those no longer possible."""
    session = start(rulebase)
    dropped = []
    for event in events:
        if event.question not in rulebase.question_by_id:
            dropped.append(f"question `{event.question}` removed")
            continue
        try:
            if event.skipped:
                session.skip(event.question)
            else:
                session.answer(event.question, event.value)
        except AnswerError as error:
            dropped.append(f"`{event.question}` not asked: {error}")
    return _outcome(session, dropped)


def play_scenario(rulebase: Rulebase, scenario: Scenario) -> ReplayOutcome:
    """Play a scenario as ``guide test`` does, stopping at a question it does not foresee."""
    played = play(rulebase, scenario)
    dropped: list[str] = []
    if played.stop is not None and played.stop.refused is not None:
        dropped.append(f"`{played.stop.question}` not asked: {played.stop.refused}")
    elif played.stop is not None:
        dropped.append(f"`{played.stop.question}` is asked, but the scenario does not answer it")
    session = played.session
    for question_id in scenario.answers:
        if question_id not in rulebase.question_by_id:
            dropped.append(f"question `{question_id}` removed")
    return _outcome(session, dropped)


def _outcome(session: Session, dropped: list[str]) -> ReplayOutcome:
    recommendations = session.recommendations()
    return ReplayOutcome(
        top=recommendations[0].solution.id if recommendations else None,
        recommended=tuple(sorted(r.solution.id for r in recommendations)),
        confirmed=tuple(
            sorted(r.solution.id for r in recommendations if r.state is SolutionState.CONFIRMED)
        ),
        dropped=tuple(dropped),
    )
