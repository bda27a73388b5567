"""Who knows what: experts matched with topics, by the words of their profiles.

Two uses, one way of comparing words. :func:`find_experts` answers a worker's
"who knows about forecast bias?" across rule bases (``guide experts``).
:func:`experts_for_topics` picks, when an escalation has no solution that names
an expert, those whose ``covers`` match the consultation's topics (the tags of
its articles).

Words are compared as ``guide search`` reads them: case and accents aside. A word
matches the same word, or, when the shorter of the two has at least
:data:`MIN_STEM` letters, a word that starts with it: ``order`` and ``orders``,
``forecast`` and ``forecasting``; but ``s`` (from "S&OP") does not match "safety".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from engine.model import Expert, Rulebase
from engine.search import words

__all__ = ["ExpertMatch", "Fit", "experts_for_topics", "find_experts"]

#: The shortest word that also matches the longer words starting with it.
MIN_STEM = 4


class Fit(IntEnum):
    """How an expert fits a topic; lower ranks first."""

    #: A `covers` entry is the topic (case and accents aside).
    TOPIC = 0
    #: Every word of the topic is in one `covers` entry.
    COVERS = 1
    #: Every word of the topic is somewhere in the name, role or topics.
    PROFILE = 2
    #: No topic was asked about: every expert.
    ANY = 3


@dataclass(frozen=True, slots=True)
class ExpertMatch:
    """An expert of a rule base who fits the topic asked about."""

    rulebase_id: str
    #: The rule base's file, to start its consultation.
    rulebase_path: Path
    expert: Expert
    fit: Fit


def find_experts(rulebases: Iterable[Rulebase], topic: str | None = None) -> list[ExpertMatch]:
    """The experts who know about ``topic``, best fit first; every expert without one.

    Ties keep the order of the rule bases given, then of their files. A topic
    without words finds nobody.
    """
    query = None if topic is None else words(topic)
    found: list[tuple[Fit, int, int, ExpertMatch]] = []
    for number, rulebase in enumerate(rulebases):
        for position, expert in enumerate(rulebase.experts):
            fit = Fit.ANY if query is None else _fit(expert, query)
            if fit is not None:
                match = ExpertMatch(rulebase.id, rulebase.path, expert, fit)
                found.append((fit, number, position, match))
    found.sort(key=lambda entry: entry[:3])
    return [match for *_, match in found]


def experts_for_topics(experts: Sequence[Expert], topics: Iterable[str]) -> tuple[Expert, ...]:
    """The experts with a `covers` entry that matches one of ``topics``: a topic and
    an entry match when every word of one matches a word of the other. The expert
    who matches the most topics comes first; ties keep the file's order."""
    wanted = [topic for topic in dict.fromkeys(tuple(words(t)) for t in topics) if topic]
    scored = []
    for position, expert in enumerate(experts):
        covers = [tuple(words(c)) for c in expert.covers]
        score = sum(1 for topic in wanted if any(_related(topic, c) for c in covers if c))
        if score:
            scored.append((-score, position, expert))
    return tuple(expert for *_, expert in sorted(scored, key=lambda entry: entry[:2]))


def _fit(expert: Expert, query: list[str]) -> Fit | None:
    if not query:
        return None
    covers = [words(c) for c in expert.covers]
    if any(c == query for c in covers):
        return Fit.TOPIC
    if any(_all_in(query, c) for c in covers):
        return Fit.COVERS
    profile = [*words(expert.name), *words(expert.role or ""), *(w for c in covers for w in c)]
    return Fit.PROFILE if _all_in(query, profile) else None


def _related(one: Sequence[str], other: Sequence[str]) -> bool:
    return _all_in(one, other) or _all_in(other, one)


def _all_in(these: Iterable[str], those: Sequence[str]) -> bool:
    return all(any(_same_word(a, b) for b in those) for a in these)


def _same_word(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= MIN_STEM and long.startswith(short))
