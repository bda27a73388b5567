"""What needs the SME's care, found in the figures of :mod:`engine.stats`, said in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine._stats_text import percent
from engine.model import Rulebase
from engine.recording import ConsultationRecord

if TYPE_CHECKING:
    from engine.stats import QuestionStats, RuleStats, SolutionStats

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


@dataclass(frozen=True, slots=True)
class Flag:
    """Something that needs the SME's care."""

    # low_fix_rate, often_skipped, most_quit, never_fired, past_review_recommended
    kind: str
    subject: str
    message: str


@dataclass(frozen=True, slots=True)
class Names:
    """What a person calls a solution, question or article: its title or text when
    the rule base is known, else its id."""

    rulebase: Rulebase | None

    def solution(self, name: str) -> str:
        found = None if self.rulebase is None else self.rulebase.solution_by_id.get(name)
        return name if found is None else found.title

    def question(self, name: str) -> str:
        found = None if self.rulebase is None else self.rulebase.question_by_id.get(name)
        return name if found is None else found.text

    def article(self, name: str) -> str:
        found = None if self.rulebase is None else self.rulebase.article_by_id.get(name)
        return name if found is None else found.title


def never_fired(rules: tuple[RuleStats, ...], known: int) -> tuple[Flag, ...]:
    if known < MIN_FIRED_RULES_KNOWN:
        return ()
    return tuple(
        Flag(
            "never_fired",
            r.id,
            f"Rule {r.id} never fired in the {known} consultations that recorded "
            "which rules fired: can its conditions be met, or is it no longer needed?",
        )
        for r in rules
        if r.fired == 0
    )


def past_review(
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
            f"{article.owner} should check it and move its review date (review_by) on"
            if article.owner
            else "it has no owner: check it, move its review date (review_by) on and give it "
            "an owner"
        )
        flags.append(
            Flag(
                "past_review_recommended",
                article.id,
                f'Article "{article.title}" was due for review on {due.isoformat()} '
                f"({days} day{'s' * (days != 1)} ago) and was shown in {len(after)} "
                f"consultation{'s' * (len(after) != 1)} since (opened in {opened}): {who}.",
            )
        )
    return tuple(flags)


def flags_for(
    solutions: tuple[SolutionStats, ...],
    questions: tuple[QuestionStats, ...],
    abandoned: int,
    names: Names,
) -> tuple[Flag, ...]:
    flags = []
    for s in solutions:
        tried = s.fixed + s.not_fixed
        if s.fix_rate is not None and tried >= MIN_OUTCOMES and s.fix_rate < LOW_FIX_RATE:
            flags.append(
                Flag(
                    "low_fix_rate",
                    s.id,
                    f'Solution "{names.solution(s.id)}" fixed the problem in {s.fixed} of the '
                    f"{tried} times workers tried it ({percent(s.fix_rate)}): check its steps "
                    "and the rules that suggest it.",
                )
            )
    for q in questions:
        if q.asked >= MIN_ASKED and q.skipped / q.asked > OFTEN_SKIPPED:
            flags.append(
                Flag(
                    "often_skipped",
                    q.id,
                    f'Workers answered "I don\'t know" {q.skipped} of the {q.asked} times they '
                    f'were asked "{names.question(q.id)}" ({percent(q.skipped / q.asked)}): '
                    "can a worker answer it as worded?",
                )
            )
    most = max((q.quit_here for q in questions), default=0)
    for q in questions:
        if most and q.quit_here == most:
            flags.append(
                Flag(
                    "most_quit",
                    q.id,
                    f'Workers stopped most often at "{names.question(q.id)}" ({q.quit_here} '
                    f"of {abandoned} abandoned consultations): is it hard to answer, or is "
                    "something missing before it?",
                )
            )
    return tuple(flags)
