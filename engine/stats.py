"""What recorded consultations say about a rule base: for the SME, as figures.

:func:`compute` counts; :class:`Stats` holds the figures, the flags for what
needs care, a JSON form and plain-text lines. Front-ends only render them.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from engine.feedback import Outcome
from engine.model import Rulebase
from engine.recording import ConsultationRecord, Resolution

#: A solution is flagged when it fixed the problem in fewer than this share of outcomes...
LOW_FIX_RATE = 0.5
#: ... given at least this many (fixed or not fixed).
MIN_OUTCOMES = 5
#: A question is flagged when skipped in more than this share of the times it was asked...
OFTEN_SKIPPED = 0.3
#: ... asked at least this many times.
MIN_ASKED = 5


@dataclass(frozen=True, slots=True)
class SolutionStats:
    id: str
    recommended: int
    fixed: int
    not_fixed: int
    did_not_try: int

    @property
    def fix_rate(self) -> float | None:
        """Fixed among fixed and not fixed; None without such outcomes."""
        tried = self.fixed + self.not_fixed
        return None if tried == 0 else self.fixed / tried


@dataclass(frozen=True, slots=True)
class QuestionStats:
    id: str
    #: Answered, skipped, or shown when the worker stopped.
    asked: int
    skipped: int
    #: Abandoned consultations that stopped at this question.
    quit_here: int

    @property
    def skip_rate(self) -> float | None:
        """Skipped among the times asked; None if never asked."""
        return None if self.asked == 0 else self.skipped / self.asked


@dataclass(frozen=True, slots=True)
class Flag:
    """Something that needs the SME's care."""

    kind: str  # low_fix_rate, often_skipped, most_quit
    subject: str
    message: str


@dataclass(frozen=True, slots=True)
class Stats:
    rulebase_id: str
    since: dt.date | None
    until: dt.date | None
    version: str | None
    consultations: int
    solved: int
    escalated: int
    abandoned: int
    #: Median length of solved consultations, in seconds.
    median_seconds_to_resolution: float | None
    solutions: tuple[SolutionStats, ...]
    questions: tuple[QuestionStats, ...]
    flags: tuple[Flag, ...]

    def rate(self, count: int) -> float | None:
        return None if self.consultations == 0 else count / self.consultations

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe; rates are fractions from 0 to 1, rounded to 4 places."""
        return {
            "rulebase": self.rulebase_id,
            "since": None if self.since is None else self.since.isoformat(),
            "until": None if self.until is None else self.until.isoformat(),
            "version": self.version,
            "consultations": self.consultations,
            "solved": self.solved,
            "escalated": self.escalated,
            "abandoned": self.abandoned,
            "resolution_rate": _round(self.rate(self.solved)),
            "escalation_rate": _round(self.rate(self.escalated)),
            "abandonment_rate": _round(self.rate(self.abandoned)),
            "median_seconds_to_resolution": _round(self.median_seconds_to_resolution),
            "solutions": [
                {
                    "id": s.id,
                    "recommended": s.recommended,
                    "fixed": s.fixed,
                    "not_fixed": s.not_fixed,
                    "did_not_try": s.did_not_try,
                    "fix_rate": _round(s.fix_rate),
                }
                for s in self.solutions
            ],
            "questions": [
                {"id": q.id, "asked": q.asked, "skipped": q.skipped, "quit_here": q.quit_here}
                for q in self.questions
            ],
            "flags": [
                {"kind": f.kind, "subject": f.subject, "message": f.message} for f in self.flags
            ],
        }

    def scope(self) -> str:
        """Which consultations: "inventory (all versions), the start to today"."""
        versions = "all versions" if self.version is None else f"version {self.version}"
        period = f"{_day(self.since, 'the start')} to {_day(self.until, 'today')}"
        return f"{self.rulebase_id} ({versions}), {period}"

    def lines(self) -> list[str]:
        """The figures as plain text."""
        found = [f"Consultations of {self.scope()}: {self.consultations}"]
        if self.consultations == 0:
            return [*found, "Nothing recorded yet."]
        for name, count in (
            ("solved", self.solved),
            ("escalated", self.escalated),
            ("abandoned", self.abandoned),
        ):
            found.append(f"  {name:<10}{count:>6}  {percent(self.rate(count))}")
        found.append(f"Median time to resolution: {duration(self.median_seconds_to_resolution)}")
        width = max([len(s.id) for s in self.solutions] + [len(q.id) for q in self.questions] + [8])
        found += ["", f"{'Solution':<{width}}  recommended  fixed  not fixed  didn't try  fix rate"]
        for s in self.solutions:
            found.append(
                f"{s.id:<{width}}  {s.recommended:>11}  {s.fixed:>5}  {s.not_fixed:>9}"
                f"  {s.did_not_try:>10}  {percent(s.fix_rate):>8}"
            )
        found += ["", f"{'Question':<{width}}  asked  skipped  quit here"]
        for q in self.questions:
            found.append(f"{q.id:<{width}}  {q.asked:>5}  {q.skipped:>7}  {q.quit_here:>9}")
        found += ["", "Needs care:" if self.flags else "Nothing flagged."]
        found += [f"  - {flag.message}" for flag in self.flags]
        return found


def compute(
    records: Iterable[ConsultationRecord],
    rulebase_id: str,
    *,
    rulebase: Rulebase | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    version: str | None = None,
) -> Stats:
    """The figures for one rule base's records, between two dates (both included, UTC).

    ``rulebase``, when given, orders solutions and questions as its file does.
    """
    start, end = period(since, until)
    chosen = [
        r
        for r in records
        if r.rulebase_id == rulebase_id
        and (version is None or r.rulebase_version == version)
        and (start is None or r.started >= start)
        and (end is None or r.started < end)
    ]
    ends = Counter(r.resolution for r in chosen)
    solved_seconds = [r.seconds for r in chosen if r.resolution is Resolution.SOLVED]
    solutions = _solutions(chosen, rulebase)
    questions = _questions(chosen, rulebase)
    return Stats(
        rulebase_id=rulebase_id,
        since=since,
        until=until,
        version=version,
        consultations=len(chosen),
        solved=ends[Resolution.SOLVED],
        escalated=ends[Resolution.ESCALATED],
        abandoned=ends[Resolution.ABANDONED],
        median_seconds_to_resolution=statistics.median(solved_seconds) if solved_seconds else None,
        solutions=solutions,
        questions=questions,
        flags=_flags(solutions, questions, ends[Resolution.ABANDONED]),
    )


def period(
    since: dt.date | None, until: dt.date | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """From the start of ``since`` to the end of ``until``, in UTC."""
    start = None if since is None else dt.datetime.combine(since, dt.time(), dt.UTC)
    end = (
        None
        if until is None
        else dt.datetime.combine(until, dt.time(), dt.UTC) + dt.timedelta(days=1)
    )
    return start, end


def _order(rulebase: Rulebase | None, ids: Iterable[str], kind: str) -> list[str]:
    written: list[str] = []
    if rulebase is not None:
        parts = rulebase.solutions if kind == "solution" else rulebase.questions
        written = [part.id for part in parts]
    position = {name: number for number, name in enumerate(written)}
    return sorted(set(ids), key=lambda name: (position.get(name, len(position)), name))


def _solutions(
    records: list[ConsultationRecord], rulebase: Rulebase | None
) -> tuple[SolutionStats, ...]:
    recommended = Counter(r.solution for record in records for r in record.recommendations)
    said = Counter((f.solution, f.outcome) for record in records for f in record.outcomes)
    ids = [*recommended, *(solution for solution, _ in said)]
    return tuple(
        SolutionStats(
            name,
            recommended[name],
            said[(name, Outcome.FIXED)],
            said[(name, Outcome.NOT_FIXED)],
            said[(name, Outcome.DID_NOT_TRY)],
        )
        for name in _order(rulebase, ids, "solution")
    )


def _questions(
    records: list[ConsultationRecord], rulebase: Rulebase | None
) -> tuple[QuestionStats, ...]:
    asked = Counter(a.question for record in records for a in record.answers)
    skipped = Counter(a.question for record in records for a in record.answers if a.skipped)
    quit_here = Counter(r.quit_at for r in records if r.quit_at is not None)
    asked.update(quit_here)
    return tuple(
        QuestionStats(name, asked[name], skipped[name], quit_here[name])
        for name in _order(rulebase, asked, "question")
    )


def _flags(
    solutions: tuple[SolutionStats, ...], questions: tuple[QuestionStats, ...], abandoned: int
) -> tuple[Flag, ...]:
    flags = []
    for s in solutions:
        tried = s.fixed + s.not_fixed
        if s.fix_rate is not None and tried >= MIN_OUTCOMES and s.fix_rate < LOW_FIX_RATE:
            flags.append(
                Flag(
                    "low_fix_rate",
                    s.id,
                    f"solution `{s.id}` fixed the problem in {s.fixed} of {tried} outcomes "
                    f"({percent(s.fix_rate)}): check its steps and the rules that suggest it",
                )
            )
    for q in questions:
        if q.asked >= MIN_ASKED and q.skipped / q.asked > OFTEN_SKIPPED:
            flags.append(
                Flag(
                    "often_skipped",
                    q.id,
                    f'question `{q.id}` was answered "I don\'t know" {q.skipped} of {q.asked} '
                    f"times ({percent(q.skipped / q.asked)}): can a worker answer it as worded?",
                )
            )
    most = max((q.quit_here for q in questions), default=0)
    for q in questions:
        if most and q.quit_here == most:
            flags.append(
                Flag(
                    "most_quit",
                    q.id,
                    f"workers quit most at question `{q.id}` ({q.quit_here} of {abandoned} "
                    "abandoned consultations)",
                )
            )
    return tuple(flags)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def percent(value: float | None) -> str:
    """A rate as a whole percentage, "-" when there is none."""
    return "-" if value is None else f"{value:.0%}"


def _day(day: dt.date | None, otherwise: str) -> str:
    return otherwise if day is None else day.isoformat()


def duration(seconds: float | None) -> str:
    """Seconds as "4 min 5 s", "-" when there are none."""
    if seconds is None:
        return "-"
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"
