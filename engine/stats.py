"""What recorded consultations say about a rule base: for the SME, as figures.

:func:`compute` counts; :class:`Stats` holds the figures, the flags for what
needs care, a JSON form and plain-text lines. Front-ends only render them.
"""

from __future__ import annotations

import datetime as dt
import statistics
import textwrap
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from engine.feedback import Outcome
from engine.model import Article, Question, Rulebase, Solution
from engine.recording import ConsultationRecord, Resolution

__all__ = [
    "LOW_FIX_RATE",
    "ArticleStats",
    "Flag",
    "QuestionStats",
    "RuleStats",
    "SolutionStats",
    "Stats",
    "compute",
    "duration",
    "percent",
    "period",
]

#: A solution is flagged when it fixed the problem in fewer than this share of outcomes...
LOW_FIX_RATE = 0.5
#: ... given at least this many (fixed or not fixed).
MIN_OUTCOMES = 5
#: A question is flagged when skipped in more than this share of the times it was asked...
OFTEN_SKIPPED = 0.3
#: ... asked at least this many times.
MIN_ASKED = 5
#: Rules that never fired are flagged only over at least this many consultations
#: whose record says which rules fired. Fewer would flag rules for a case that
#: is merely uncommon: a rule that fires in one consultation of ten goes unseen
#: in 20 consultations about once in eight, and in 10 about once in three.
MIN_FIRED_RULES_KNOWN = 20
#: Width of the text lines that list rules that never fired.
TEXT_WIDTH = 100


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
class ArticleStats:
    id: str
    #: Consultations that showed it: linked from a recommended solution,
    #: attached to a question asked, or opened by the worker.
    shown: int
    #: Consultations in which the worker opened it.
    opened: int

    @property
    def open_rate(self) -> float | None:
        """Opened among the consultations that showed it; None if never shown."""
        return None if self.shown == 0 else self.opened / self.shown


@dataclass(frozen=True, slots=True)
class RuleStats:
    id: str
    #: Consultations that fired it, among those whose record says which rules fired.
    fired: int


@dataclass(frozen=True, slots=True)
class Flag:
    """Something that needs the SME's care."""

    # low_fix_rate, often_skipped, most_quit, never_fired, past_review_recommended
    kind: str
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
    #: Articles shown or opened, in the rule base's order.
    articles: tuple[ArticleStats, ...] = ()
    #: Consultations whose record says which rules fired (version 1 records do not).
    fired_rules_known: int = 0
    #: Every rule of the rule base, in its order, with how often it fired.
    rules: tuple[RuleStats, ...] = ()
    #: The day articles' review dates were compared with; None: not compared.
    today: dt.date | None = None
    #: Stored records that could not be read (corrupt), left out of every figure.
    unreadable: int = 0

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
            "articles": [
                {"id": a.id, "shown": a.shown, "opened": a.opened, "open_rate": _round(a.open_rate)}
                for a in self.articles
            ],
            "fired_rules_known": self.fired_rules_known,
            "rules": [{"id": r.id, "fired": r.fired} for r in self.rules],
            "today": None if self.today is None else self.today.isoformat(),
            "flags": [
                {"kind": f.kind, "subject": f.subject, "message": f.message} for f in self.flags
            ],
            "unreadable": self.unreadable,
        }

    def scope(self) -> str:
        """Which consultations: "stock_count (all versions), the start to today"."""
        versions = "all versions" if self.version is None else f"version {self.version}"
        period = f"{_day(self.since, 'the start')} to {_day(self.until, 'today')}"
        return f"{self.rulebase_id} ({versions}), {period}"

    def lines(self) -> list[str]:
        """The figures as plain text."""
        found = [f"Consultations of {self.scope()}: {self.consultations}"]
        unreadable = self.unreadable_note()
        if unreadable is not None:
            found.append(unreadable)
        if self.consultations == 0:
            return [*found, "Nothing recorded yet."]
        for name, count in (
            ("solved", self.solved),
            ("escalated", self.escalated),
            ("abandoned", self.abandoned),
        ):
            found.append(f"  {name:<10}{count:>6}  {percent(self.rate(count))}")
        found.append(f"Median time to resolution: {duration(self.median_seconds_to_resolution)}")
        ids = [s.id for s in self.solutions] + [q.id for q in self.questions]
        width = max([len(name) for name in ids] + [len(a.id) for a in self.articles] + [8])
        found += ["", f"{'Solution':<{width}}  recommended  fixed  not fixed  didn't try  fix rate"]
        for s in self.solutions:
            found.append(
                f"{s.id:<{width}}  {s.recommended:>11}  {s.fixed:>5}  {s.not_fixed:>9}"
                f"  {s.did_not_try:>10}  {percent(s.fix_rate):>8}"
            )
        found += ["", f"{'Question':<{width}}  asked  skipped  quit here"]
        for q in self.questions:
            found.append(f"{q.id:<{width}}  {q.asked:>5}  {q.skipped:>7}  {q.quit_here:>9}")
        if self.articles:
            found += ["", f"{'Article':<{width}}  shown  opened"]
            for a in self.articles:
                found.append(f"{a.id:<{width}}  {a.shown:>5}  {a.opened:>6}")
        care = self.care()
        found += ["", "Needs care:" if care else "Nothing flagged."]
        for flag in care:
            # Rules said together can be many: wrapped, with the rule ids kept whole.
            found += (
                textwrap.wrap(
                    flag.message,
                    TEXT_WIDTH,
                    initial_indent="  - ",
                    subsequent_indent="    ",
                    break_long_words=False,
                    break_on_hyphens=False,
                )
                if flag not in self.flags
                else [f"  - {flag.message}"]
            )
        notes = self.notes()
        return [*found, "", *notes] if notes else found

    def unreadable_note(self) -> str | None:
        """ "1 record could not be read ...", or None when every record was read."""
        if not self.unreadable:
            return None
        one = self.unreadable == 1
        return (
            f"{self.unreadable} record{'' if one else 's'} could not be read "
            f"(corrupt, or not written by Guide); {'it is' if one else 'they are'} not counted."
        )

    def care(self) -> list[Flag]:
        """The flags as a person reads them: rules that never fired said once, listed.

        :attr:`flags` keeps one flag per rule, for tools.
        """
        never = [f for f in self.flags if f.kind == "never_fired"]
        if len(never) < 2:
            return list(self.flags)
        rules = ", ".join(f"`{f.subject}`" for f in never)
        together = Flag(
            "never_fired",
            ", ".join(f.subject for f in never),
            f"{len(never)} rules never fired in the {self.fired_rules_known} consultations that "
            f"recorded which rules fired: {rules}. Can their conditions be met, "
            "or are they no longer needed?",
        )
        first = self.flags.index(never[0])
        rest = [f for f in self.flags if f.kind != "never_fired"]
        return [*rest[:first], together, *rest[first:]]

    def notes(self) -> list[str]:
        """What could not be told yet, and why (not a flag: nothing to fix)."""
        if not self.rules or self.fired_rules_known >= MIN_FIRED_RULES_KNOWN:
            return []
        return [
            f"Rules never fired: too few consultations to tell yet ({self.fired_rules_known} "
            f"recorded which rules fired; {MIN_FIRED_RULES_KNOWN} are needed)."
        ]


def compute(
    records: Iterable[ConsultationRecord],
    rulebase_id: str,
    *,
    rulebase: Rulebase | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    version: str | None = None,
    today: dt.date | None = None,
    unreadable: int = 0,
) -> Stats:
    """The figures for one rule base's records, between two dates (both included, UTC).

    ``rulebase``, when given, orders solutions, questions and articles as its
    file does, says which articles a consultation showed (those of the
    solutions it recommended and of the questions it asked, as the rule base
    links them now), and names the rules to look for in the records; without
    it, articles count only when opened, and rules are not counted. ``today``,
    when given, is the day articles' ``review_by`` dates are compared with
    (for the ``past_review_recommended`` flag); without it they are not.
    ``unreadable`` is how many stored records could not be read (see
    :meth:`engine.store.Store.read`), to be said with the figures.
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
    # The articles each consultation showed, worked out once for both uses below.
    shown = [_shown(record, rulebase) for record in chosen]
    articles = _articles(chosen, shown, rulebase)
    known = [r.fired_rules for r in chosen if r.fired_rules is not None]
    fired = Counter(name for rules in known for name in set(rules))
    rules = () if rulebase is None else tuple(RuleStats(r.id, fired[r.id]) for r in rulebase.rules)
    flags = _flags(solutions, questions, ends[Resolution.ABANDONED])
    flags += _never_fired(rules, len(known))
    if rulebase is not None and today is not None:
        flags += _past_review(chosen, shown, rulebase, today)
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
        flags=flags,
        articles=articles,
        fired_rules_known=len(known),
        rules=rules,
        today=today,
        unreadable=unreadable,
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
        parts: dict[str, tuple[Solution, ...] | tuple[Question, ...] | tuple[Article, ...]] = {
            "solution": rulebase.solutions,
            "question": rulebase.questions,
            "article": rulebase.articles,
        }
        written = [part.id for part in parts[kind]]
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


def _articles(
    records: list[ConsultationRecord], shown_in: list[set[str]], rulebase: Rulebase | None
) -> tuple[ArticleStats, ...]:
    shown: Counter[str] = Counter()
    opened: Counter[str] = Counter()
    for record, seen in zip(records, shown_in, strict=True):
        opened.update(set(record.articles_opened))
        shown.update(seen)
    return tuple(
        ArticleStats(name, shown[name], opened[name]) for name in _order(rulebase, shown, "article")
    )


def _shown(record: ConsultationRecord, rulebase: Rulebase | None) -> set[str]:
    """The articles a consultation put before the worker: opened, or linked from a
    recommended solution or a question asked (as the rule base links them now)."""
    seen = set(record.articles_opened)
    if rulebase is not None:
        for r in record.recommendations:
            solution = rulebase.solution_by_id.get(r.solution)
            seen.update(() if solution is None else solution.articles)
        asked = [a.question for a in record.answers]
        for name in [*asked, *([] if record.quit_at is None else [record.quit_at])]:
            question = rulebase.question_by_id.get(name)
            if question is not None and question.article is not None:
                seen.add(question.article)
    return seen


def _never_fired(rules: tuple[RuleStats, ...], known: int) -> tuple[Flag, ...]:
    if known < MIN_FIRED_RULES_KNOWN:
        return ()
    return tuple(
        Flag(
            "never_fired",
            r.id,
            f"rule `{r.id}` never fired in the {known} consultations that recorded "
            "which rules fired: can its conditions be met, or is it no longer needed?",
        )
        for r in rules
        if r.fired == 0
    )


def _past_review(
    records: list[ConsultationRecord],
    shown_in: list[set[str]],
    rulebase: Rulebase,
    today: dt.date,
) -> tuple[Flag, ...]:
    """Articles past their review date that workers were shown after that date."""
    flags = []
    for article in rulebase.articles:
        due = article.review_by
        if due is None or due >= today:
            continue
        # Only consultations after the due day: before it, the article was current.
        after = [
            r
            for r, seen in zip(records, shown_in, strict=True)
            if r.started.date() > due and article.id in seen
        ]
        if not after:
            continue
        opened = sum(article.id in r.articles_opened for r in after)
        days = (today - due).days
        who = (
            f"{article.owner} should check it and move `review_by` on"
            if article.owner
            else "it has no owner: check it, move `review_by` on and give it an `owner`"
        )
        flags.append(
            Flag(
                "past_review_recommended",
                article.id,
                f"article `{article.id}` was due for review on {due.isoformat()} "
                f"({days} day{'s' * (days != 1)} ago) and was shown in {len(after)} "
                f"consultation{'s' * (len(after) != 1)} since (opened in {opened}): {who}",
            )
        )
    return tuple(flags)


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
