"""Timing and memory measurements, independent of what is measured."""

from __future__ import annotations

import gc
import math
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

T = TypeVar("T")

#: One scripted answer: (question id, value).
Answer = tuple[str, Any]
Script = Sequence[Answer]


@dataclass(frozen=True, slots=True)
class Latency:
    """Per-step latency in milliseconds."""

    median_ms: float
    p95_ms: float
    samples: int

    @classmethod
    def of(cls, samples_ns: Sequence[int]) -> Latency:
        return cls(
            median_ms=statistics.median(samples_ns) / 1e6,
            p95_ms=p95(samples_ns) / 1e6,
            samples=len(samples_ns),
        )


def p95(samples: Sequence[int]) -> int:
    """The 95th percentile by the nearest-rank method, from the sorted samples."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def timed(work: Callable[[], T]) -> tuple[T, int]:
    """Run ``work`` once; its result and the nanoseconds it took."""
    start = time.perf_counter_ns()
    result = work()
    return result, time.perf_counter_ns() - start


class Stepper(Protocol):
    """What the latency measurements drive: a session that takes one answer per step."""

    def step(self, question_id: str, value: Any) -> set[str]:
        """Answer; run inference; return the recommended solution ids."""
        ...

    def recommended(self) -> set[str]:
        """The solutions recommended now (suggested and not ruled out)."""
        ...


@dataclass(frozen=True, slots=True)
class Replay:
    """Fresh sessions replaying one script: their creation and step times, and the outcome."""

    new_session_ns: list[int]
    step_ns: list[int]
    recommended: set[str]


def replay(new_session: Callable[[], Stepper], script: Script, repeats: int) -> Replay:
    """Replay ``script`` in ``repeats`` fresh sessions, timing creation and every step."""
    created: list[int] = []
    steps: list[int] = []
    recommended: set[str] = set()
    for _ in range(repeats):
        gc.collect()
        session, took = timed(new_session)
        created.append(took)
        for question_id, value in script:
            start = time.perf_counter_ns()
            recommended = session.step(question_id, value)
            steps.append(time.perf_counter_ns() - start)
    return Replay(created, steps, recommended)


def one_by_one(sessions: Sequence[Stepper], scripts: Sequence[Script]) -> list[int]:
    """Run each session's whole script, one session after another."""
    gc.collect()
    samples: list[int] = []
    for session, script in zip(sessions, scripts, strict=True):
        for question_id, value in script:
            start = time.perf_counter_ns()
            session.step(question_id, value)
            samples.append(time.perf_counter_ns() - start)
    return samples


def interleaved(sessions: Sequence[Stepper], scripts: Sequence[Script]) -> list[int]:
    """Advance the sessions round-robin, one step each, until every script is done."""
    gc.collect()
    samples: list[int] = []
    for turn in range(max(len(s) for s in scripts)):
        for session, script in zip(sessions, scripts, strict=True):
            if turn < len(script):
                question_id, value = script[turn]
                start = time.perf_counter_ns()
                session.step(question_id, value)
                samples.append(time.perf_counter_ns() - start)
    return samples


def memory_per_object(create: Callable[[], object], count: int, *, warm_up: bool = True) -> float:
    """Bytes each extra live object costs: ``count`` created (after a warm-up), kept alive.

    Pass ``warm_up=False`` when one has been created already (it is costly).
    """
    first = create() if warm_up else None
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        alive = [create() for _ in range(count)]
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    del alive, first
    return grown / count
