"""The three implementations behind one small interface.

Each has ``build()`` (what "load + compile" times), ``new_session()`` and, on
its sessions, ``step(question_id, value)`` returning the recommended solution
ids. Guide's step also asks for the next question, as a front-end would.
"""

from __future__ import annotations

import random
import statistics
from dataclasses import dataclass, field
from typing import Any

import _impl_experta
import _impl_naive
from _generate import Spec, answer_for
from _load import Source, load
from _measure import Answer, Stepper, timed

from engine.compiler import compiled
from engine.model import Rulebase
from engine.session import Session, start


class GuideSession:
    def __init__(self, session: Session) -> None:
        self.session = session

    def step(self, question_id: str, value: Any) -> set[str]:
        self.session.answer(question_id, value)
        recommended = {r.solution.id for r in self.session.recommendations()}
        self.session.next_question()
        return recommended

    def recommended(self) -> set[str]:
        return {r.solution.id for r in self.session.recommendations()}


@dataclass(slots=True)
class Guide:
    """(G) Guide: load (or build the model), compile, ``engine.session.start`` per session."""

    source: Source
    key: str = "G"
    rulebase: Rulebase | None = field(default=None, init=False)

    def build(self) -> None:
        rulebase = load(self.source)
        compiled(rulebase)  # what start() does on first use, cached
        self.rulebase = rulebase

    def new_session(self) -> GuideSession:
        assert self.rulebase is not None, "build() first"
        return GuideSession(start(self.rulebase))

    def step_parts(self, script: list[Answer], repeats: int) -> dict[str, float]:
        """Median milliseconds of each part of a step, replaying ``script``."""
        parts: dict[str, list[int]] = {"answer": [], "recommendations": [], "next_question": []}
        for _ in range(repeats):
            session = self.new_session().session
            for question_id, value in script:
                _, took = timed(lambda: session.answer(question_id, value))  # noqa: B023
                parts["answer"].append(took)
                parts["recommendations"].append(timed(session.recommendations)[1])
                parts["next_question"].append(timed(session.next_question)[1])
        return {name: statistics.median(ns) / 1e6 for name, ns in parts.items()}

    def scripts(self, count: int, length: int, seed: int) -> list[list[Answer]]:
        """Answer sequences: whatever Guide asks next, answered with seeded values."""
        questions = {q["id"]: q for q in self.source.spec["questions"]}
        found = []
        for number in range(count):
            rng = random.Random(f"{seed}:{number}")
            session = self.new_session().session
            script: list[Answer] = []
            while len(script) < length and (prompt := session.next_question()) is not None:
                value = answer_for(questions[prompt.id], rng)
                session.answer(prompt.id, value)
                script.append((prompt.id, value))
            found.append(script)
        return found


@dataclass(slots=True)
class Experta:
    """(E) Stock experta: one KnowledgeEngine subclass, one instance (and network) per session."""

    spec: Spec
    key: str = "E"
    engine_class: type[Any] | None = field(default=None, init=False)

    def build(self) -> None:
        # Stock experta builds its Rete network per instance: the first one is part of the cost.
        self.engine_class = _impl_experta.build(self.spec)
        self.new_session()

    def new_session(self) -> _impl_experta.ExpertaSession:
        assert self.engine_class is not None, "build() first"
        return _impl_experta.ExpertaSession(self.engine_class)


@dataclass(slots=True)
class Naive:
    """(N) The naive fixpoint loop over every rule."""

    spec: Spec
    key: str = "N"
    rulebase: _impl_naive.NaiveRuleBase | None = field(default=None, init=False)

    def build(self) -> None:
        self.rulebase = _impl_naive.build(self.spec)

    def new_session(self) -> _impl_naive.NaiveSession:
        assert self.rulebase is not None, "build() first"
        return _impl_naive.NaiveSession(self.rulebase)


Implementation = Guide | Experta | Naive

__all__ = ["Experta", "Guide", "GuideSession", "Implementation", "Naive", "Stepper"]
