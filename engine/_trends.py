"""Figures over time and across versions, and where consultations stop: for :mod:`engine.stats`.

An SME who changes a rule base wants to see whether the change helped: the
same headline figures (resolution rate, escalations, time to resolution) per
week or month, and per version of the rule base. The funnel says, step by
step (the first question asked, the second, ...), how many consultations got
there, how many stopped there and how many ended there with a result.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from engine.recording import ConsultationRecord, Resolution


class Every(StrEnum):
    """How trends are cut."""

    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class Slice:
    """The headline figures of some of the consultations: a week, a month or a version."""

    #: "2026-03", "week of 2026-03-02", or the version.
    label: str
    consultations: int
    solved: int
    escalated: int
    abandoned: int
    #: Median length of the solved ones, in seconds.
    median_seconds_to_resolution: float | None
    #: The first day of the week or month; None for a version.
    start: dt.date | None = None

    def rate(self, count: int) -> float | None:
        return None if self.consultations == 0 else count / self.consultations

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"label": self.label}
        if self.start is not None:
            found["start"] = self.start.isoformat()
        median = self.median_seconds_to_resolution
        return found | {
            "consultations": self.consultations,
            "solved": self.solved,
            "escalated": self.escalated,
            "abandoned": self.abandoned,
            "resolution_rate": _round(self.rate(self.solved)),
            "escalation_rate": _round(self.rate(self.escalated)),
            "median_seconds_to_resolution": _round(median),
        }


@dataclass(frozen=True, slots=True)
class FunnelStep:
    """The n-th question on a worker's screen, over all consultations."""

    #: 1 for the first question asked.
    position: int
    #: Consultations that got this far (a question was on screen at this step).
    reached: int
    #: Abandoned consultations that stopped at this step.
    stopped: int
    #: Consultations that ended with a result (solved or escalated) after this step.
    ended: int
    #: The questions asked at this step, as (id, words, how many times), most asked first.
    questions: tuple[tuple[str, str, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "reached": self.reached,
            "stopped": self.stopped,
            "ended": self.ended,
            "questions": [
                {"id": name, "text": words, "count": count} for name, words, count in self.questions
            ],
        }


def figures(label: str, records: list[ConsultationRecord], start: dt.date | None = None) -> Slice:
    ends = Counter(r.resolution for r in records)
    solved = [r.seconds for r in records if r.resolution is Resolution.SOLVED]
    return Slice(
        label,
        len(records),
        ends[Resolution.SOLVED],
        ends[Resolution.ESCALATED],
        ends[Resolution.ABANDONED],
        statistics.median(solved) if solved else None,
        start,
    )


def periods(records: list[ConsultationRecord], every: Every) -> tuple[Slice, ...]:
    """One slice per week or month from the first consultation's to the last's, empty
    ones included (a gap is something to see); days are UTC."""
    if not records:
        return ()
    first_of = _first_day_of_week if every is Every.WEEK else _first_day_of_month
    by_start: dict[dt.date, list[ConsultationRecord]] = {}
    for record in records:
        by_start.setdefault(first_of(record.started.astimezone(dt.UTC).date()), []).append(record)
    day, last = min(by_start), max(by_start)
    found = []
    while day <= last:
        label = f"week of {day.isoformat()}" if every is Every.WEEK else f"{day:%Y-%m}"
        found.append(figures(label, by_start.get(day, []), day))
        day = day + dt.timedelta(days=7) if every is Every.WEEK else _next_month(day)
    return tuple(found)


def versions(records: list[ConsultationRecord]) -> tuple[Slice, ...]:
    """One slice per version of the rule base, in the order each was first used."""
    by_version: dict[str, list[ConsultationRecord]] = {}
    for record in sorted(records, key=lambda r: (r.started, r.id)):
        by_version.setdefault(record.rulebase_version, []).append(record)
    return tuple(figures(name, chosen) for name, chosen in by_version.items())


def funnel(
    records: Iterable[ConsultationRecord], words: Callable[[str], str]
) -> tuple[FunnelStep, ...]:
    """Step by step, where consultations went on, stopped, or ended with a result."""
    reached: Counter[int] = Counter()
    stopped: Counter[int] = Counter()
    ended: Counter[int] = Counter()
    asked: dict[int, Counter[str]] = {}
    for record in records:
        screens = [a.question for a in record.answers]
        if record.quit_at is not None:
            screens.append(record.quit_at)
        for position, name in enumerate(screens, start=1):
            reached[position] += 1
            asked.setdefault(position, Counter())[name] += 1
        if not screens:
            continue
        if record.resolution is Resolution.ABANDONED:
            stopped[len(screens)] += 1
        else:
            ended[len(screens)] += 1
    return tuple(
        FunnelStep(
            position,
            reached[position],
            stopped[position],
            ended[position],
            tuple(
                (name, words(name), count)
                # Most asked first; ties in id order, so the same records give the same steps.
                for name, count in sorted(asked[position].items(), key=lambda i: (-i[1], i[0]))
            ),
        )
        for position in sorted(reached)
    )


def _first_day_of_week(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _first_day_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
