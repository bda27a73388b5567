"""What recorded consultations say about a rule base: for the SME, as figures.

:func:`compute` counts; :class:`Stats` holds the figures, the flags for what
needs care, what workers said, the trends per week or month and per version,
and the funnel of where consultations stop, with a JSON form and plain-text
lines. Everything is named as the rule base words it (titles, question texts),
ids kept beside the words for tools. Front-ends only render them.
"""

from __future__ import annotations

import datetime as dt
import statistics
import textwrap
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from engine._stats_flags import (
    LOW_FIX_RATE,
    MIN_ASKED,
    MIN_FIRED_RULES_KNOWN,
    MIN_OUTCOMES,
    OFTEN_SKIPPED,
    Flag,
    Names,
    flags_for,
    never_fired,
    past_review,
)
from engine._stats_text import (
    COMMENTS_SHOWN,
    QUESTION_WORDS_AT,
    SAID_ABOUT_SOLUTION,
    SAID_TO_QUESTION,
    SOLUTION_WORDS_AT,
    TEXT_WIDTH,
    comment_lines,
    duration,
    percent,
    row,
    slice_lines,
)
from engine._trends import Every, FunnelStep, Slice, funnel, periods, versions
from engine.feedback import Outcome
from engine.model import Article, Question, QuestionType, Rulebase, Solution
from engine.recording import REDACTED, ConsultationRecord, Resolution

__all__ = [
    "COMMENTS_SHOWN",
    "LOW_FIX_RATE",
    "MIN_ASKED",
    "MIN_FIRED_RULES_KNOWN",
    "MIN_OUTCOMES",
    "OFTEN_SKIPPED",
    "TEXT_WIDTH",
    "ArticleStats",
    "Comment",
    "Every",
    "Flag",
    "FunnelStep",
    "QuestionStats",
    "RuleStats",
    "Slice",
    "SolutionStats",
    "Stats",
    "compute",
    "duration",
    "percent",
    "period",
]


@dataclass(frozen=True, slots=True)
class Comment:
    """What a worker typed, as recorded: a comment with an outcome, or the answer
    to a free-text question that the rule base lets records keep."""

    #: The day the consultation ended (UTC).
    day: dt.date
    text: str
    #: The consultation's id, to find its record.
    consultation: str
    #: For a solution: the outcome said with the comment; None for a question.
    outcome: Outcome | None = None

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"date": self.day.isoformat(), "text": self.text}
        if self.outcome is not None:
            found["outcome"] = self.outcome.value
        found["consultation"] = self.consultation
        return found

    @property
    def outcome_words(self) -> str:
        """ "not fixed"; empty for a question's answer."""
        return "" if self.outcome is None else self.outcome.value.replace("_", " ")

    def words(self) -> str:
        """'2026-03-05, not fixed: "..."', on one line."""
        said = f", {self.outcome_words}" if self.outcome_words else ""
        return f'{self.day.isoformat()}{said}: "{" ".join(self.text.split())}"'


@dataclass(frozen=True, slots=True)
class SolutionStats:
    id: str
    recommended: int
    fixed: int
    not_fixed: int
    did_not_try: int
    #: Advisory rule bases: consultations in which the worker chose it.
    chosen: int = 0
    #: The solution's title; its id when the rule base was not given or no longer has it.
    title: str = ""
    #: Workers' comments said with an outcome for it, newest first.
    comments: tuple[Comment, ...] = ()

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
    #: The question's text as written; its id when the rule base was not given or no
    #: longer has it.
    text: str = ""
    #: Workers' answers to it when it is a free-text question whose answers records may
    #: keep (never a redacted one), newest first.
    comments: tuple[Comment, ...] = ()

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
    #: The article's title; its id when the rule base was not given or no longer has it.
    title: str = ""

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
class Stats:
    rulebase_id: str
    since: dt.date | None
    until: dt.date | None
    version: str | None
    consultations: int
    solved: int
    escalated: int
    abandoned: int
    #: Median length of solved consultations (or with advice taken), in seconds.
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
    #: Advisory rule bases: consultations in which the worker chose advice to use.
    advice_taken: int = 0
    #: Consultations finished with nothing tried, or no advice chosen.
    unresolved: int = 0
    #: How :attr:`periods` are cut.
    every: Every = Every.MONTH
    #: The headline figures per week or month, from the first consultation's to the last's.
    periods: tuple[Slice, ...] = ()
    #: The headline figures per version of the rule base, in the order first used.
    versions: tuple[Slice, ...] = ()
    #: Where consultations went on, stopped or ended, question by question.
    funnel: tuple[FunnelStep, ...] = ()

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
                    "title": s.title or s.id,
                    "recommended": s.recommended,
                    "fixed": s.fixed,
                    "not_fixed": s.not_fixed,
                    "did_not_try": s.did_not_try,
                    "chosen": s.chosen,
                    "fix_rate": _round(s.fix_rate),
                    "comments": [c.to_dict() for c in s.comments],
                }
                for s in self.solutions
            ],
            "questions": [
                {
                    "id": q.id,
                    "text": q.text or q.id,
                    "asked": q.asked,
                    "skipped": q.skipped,
                    "quit_here": q.quit_here,
                    "comments": [c.to_dict() for c in q.comments],
                }
                for q in self.questions
            ],
            "articles": [
                {
                    "id": a.id,
                    "title": a.title or a.id,
                    "shown": a.shown,
                    "opened": a.opened,
                    "open_rate": _round(a.open_rate),
                }
                for a in self.articles
            ],
            "fired_rules_known": self.fired_rules_known,
            "rules": [{"id": r.id, "fired": r.fired} for r in self.rules],
            "today": None if self.today is None else self.today.isoformat(),
            "flags": [
                {"kind": f.kind, "subject": f.subject, "message": f.message} for f in self.flags
            ],
            "unreadable": self.unreadable,
            # Added later: at the end, so the shape is extended, never reordered.
            "advice_taken": self.advice_taken,
            "advice_taken_rate": _round(self.rate(self.advice_taken)),
            "unresolved": self.unresolved,
            "trends": {"every": self.every.value, "periods": [p.to_dict() for p in self.periods]},
            "versions": [v.to_dict() for v in self.versions],
            "funnel": [step.to_dict() for step in self.funnel],
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
        # What needs care comes first: it is what the SME acts on.
        care = self.care()
        found += ["", "Needs care:" if care else "Nothing needs care."]
        for flag in care:
            found += textwrap.wrap(
                flag.message,
                TEXT_WIDTH,
                initial_indent="  - ",
                subsequent_indent="    ",
                break_long_words=False,
                break_on_hyphens=False,
            )
        notes = self.notes()
        found += ["", *notes, ""] if notes else [""]
        ends = [("solved", self.solved)]
        if self.advice_taken:  # advisory rule bases: advice taken, rather than solved
            ends.append(("advice taken", self.advice_taken))
        ends += [("escalated", self.escalated), ("abandoned", self.abandoned)]
        if self.unresolved:
            ends.append(("unresolved", self.unresolved))
        width = max(len(name) for name, _ in ends) + 1
        for name, count in ends:
            count_width = max(6, 16 - width)
            found.append(f"  {name:<{width}}{count:>{count_width}}  {percent(self.rate(count))}")
        found.append(f"Median time to resolution: {duration(self.median_seconds_to_resolution)}")
        found += ["", f"By {self.every.value}:"]
        found += slice_lines(self.every.value, self.periods)
        found += ["", "By version of the rule base:"]
        found += slice_lines("version", self.versions)
        # Figures first and the words last, so a long question text wraps under itself.
        advice = any(s.chosen for s in self.solutions)
        found += [
            "",
            "recommended  fixed  not fixed  didn't try  fix rate  "
            + ("chosen  " if advice else "")
            + "solution",
        ]
        for s in self.solutions:
            found += row(
                f"{s.recommended:>11}  {s.fixed:>5}  {s.not_fixed:>9}  {s.did_not_try:>10}"
                f"  {percent(s.fix_rate):>8}  " + (f"{s.chosen:>6}  " if advice else ""),
                s.title or s.id,
            )
            found += comment_lines(s.comments, SOLUTION_WORDS_AT, SAID_ABOUT_SOLUTION)
        found += ["", "asked  skipped  quit here  question"]
        for q in self.questions:
            found += row(f"{q.asked:>5}  {q.skipped:>7}  {q.quit_here:>9}  ", q.text or q.id)
            found += comment_lines(q.comments, QUESTION_WORDS_AT, SAID_TO_QUESTION)
        if self.articles:
            found += ["", "shown  opened  article"]
            for a in self.articles:
                found += row(f"{a.shown:>5}  {a.opened:>6}  ", a.title or a.id)
        found += ["", "Where consultations stop, question by question:"]
        found += ["step  reached  stopped  ended  asked at this step"]
        for step in self.funnel:
            found += row(
                f"{step.position:>4}  {step.reached:>7}  {step.stopped:>7}  {step.ended:>5}  ",
                "; ".join(f"{words} ({count})" for _, words, count in step.questions),
                hang=2,
            )
        return found

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
        rules = ", ".join(f.subject for f in never)
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
    every: Every | str = Every.MONTH,
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
    :meth:`engine.store.Store.read`), to be said with the figures. ``every``
    (``"week"`` or ``"month"``) cuts the trends.

    Raises:
        ValueError: ``every`` is neither week nor month.
    """
    every = Every(every)
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
    # Advice taken is what an advisory rule base's consultations resolve to.
    resolved = (Resolution.SOLVED, Resolution.ADVICE_TAKEN)
    solved_seconds = [r.seconds for r in chosen if r.resolution in resolved]
    names = Names(rulebase)
    solutions = _solutions(chosen, rulebase, names)
    questions = _questions(chosen, rulebase, names)
    # The articles each consultation showed, worked out once for both uses below.
    shown = [_shown(record, rulebase) for record in chosen]
    articles = _articles(chosen, shown, rulebase, names)
    known = [r.fired_rules for r in chosen if r.fired_rules is not None]
    fired = Counter(name for rules in known for name in set(rules))
    rules = () if rulebase is None else tuple(RuleStats(r.id, fired[r.id]) for r in rulebase.rules)
    flags = flags_for(solutions, questions, ends[Resolution.ABANDONED], names)
    flags += never_fired(rules, len(known))
    if rulebase is not None and today is not None:
        flags += past_review(chosen, shown, rulebase, today)
    return Stats(
        rulebase_id=rulebase_id,
        since=since,
        until=until,
        version=version,
        consultations=len(chosen),
        solved=ends[Resolution.SOLVED],
        escalated=ends[Resolution.ESCALATED],
        abandoned=ends[Resolution.ABANDONED],
        advice_taken=ends[Resolution.ADVICE_TAKEN],
        unresolved=ends[Resolution.UNRESOLVED],
        median_seconds_to_resolution=statistics.median(solved_seconds) if solved_seconds else None,
        solutions=solutions,
        questions=questions,
        flags=flags,
        articles=articles,
        fired_rules_known=len(known),
        rules=rules,
        today=today,
        unreadable=unreadable,
        every=every,
        periods=periods(chosen, every),
        versions=versions(chosen),
        funnel=funnel(chosen, names.question),
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


def _newest_first(records: list[ConsultationRecord]) -> list[ConsultationRecord]:
    return sorted(records, key=lambda r: (r.ended, r.id), reverse=True)


def _solutions(
    records: list[ConsultationRecord], rulebase: Rulebase | None, names: Names
) -> tuple[SolutionStats, ...]:
    recommended = Counter(r.solution for record in records for r in record.recommendations)
    said = Counter((f.solution, f.outcome) for record in records for f in record.outcomes)
    comments: dict[str, list[Comment]] = {}
    for record in _newest_first(records):
        for f in record.outcomes:
            # A comment some app recorded as redacted stays unsaid.
            if f.comment and f.comment != REDACTED:
                comments.setdefault(f.solution, []).append(
                    Comment(_ended_on(record), f.comment, record.id, f.outcome)
                )
    ids = [*recommended, *(solution for solution, _ in said)]
    return tuple(
        SolutionStats(
            name,
            recommended[name],
            said[(name, Outcome.FIXED)],
            said[(name, Outcome.NOT_FIXED)],
            said[(name, Outcome.DID_NOT_TRY)],
            said[(name, Outcome.CHOSEN)],
            names.solution(name),
            tuple(comments.get(name, ())),
        )
        for name in _order(rulebase, ids, "solution")
    )


def _questions(
    records: list[ConsultationRecord], rulebase: Rulebase | None, names: Names
) -> tuple[QuestionStats, ...]:
    asked = Counter(a.question for record in records for a in record.answers)
    skipped = Counter(a.question for record in records for a in record.answers if a.skipped)
    quit_here = Counter(r.quit_at for r in records if r.quit_at is not None)
    asked.update(quit_here)
    typed: dict[str, list[Comment]] = {}
    for record in _newest_first(records):
        for a in record.answers:
            if isinstance(a.value, str) and _may_show(rulebase, a.question, a.value):
                typed.setdefault(a.question, []).append(
                    Comment(_ended_on(record), a.value, record.id)
                )
    return tuple(
        QuestionStats(
            name,
            asked[name],
            skipped[name],
            quit_here[name],
            names.question(name),
            tuple(typed.get(name, ())),
        )
        for name in _order(rulebase, asked, "question")
    )


def _articles(
    records: list[ConsultationRecord],
    shown_in: list[set[str]],
    rulebase: Rulebase | None,
    names: Names,
) -> tuple[ArticleStats, ...]:
    shown: Counter[str] = Counter()
    opened: Counter[str] = Counter()
    for record, seen in zip(records, shown_in, strict=True):
        opened.update(set(record.articles_opened))
        shown.update(seen)
    return tuple(
        ArticleStats(name, shown[name], opened[name], names.article(name))
        for name in _order(rulebase, shown, "article")
    )


def _ended_on(record: ConsultationRecord) -> dt.date:
    return record.ended.astimezone(dt.UTC).date()


def _may_show(rulebase: Rulebase | None, question_id: str, value: str) -> bool:
    """Whether a recorded answer is a worker's words that may be shown: a free-text
    answer, not redacted, to a question the rule base (as it is now) still lets
    records keep. A record kept before ``redact: true`` was added, or before
    ``record_free_text`` was switched off, is not shown either."""
    if rulebase is None or value == REDACTED or not value.strip():
        return False
    question = rulebase.question_by_id.get(question_id)
    return (
        question is not None
        and question.type is QuestionType.TEXT
        and not question.redact
        and rulebase.settings.record_free_text
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


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _day(day: dt.date | None, otherwise: str) -> str:
    return otherwise if day is None else day.isoformat()
