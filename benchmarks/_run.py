"""One size, three implementations: every measurement, and the agreement check."""

from __future__ import annotations

import gc
import multiprocessing
import statistics
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from _generate import Shape, generate
from _implementations import Experta, Guide, Implementation, Naive
from _load import Source, prepare, warm_imports
from _measure import (
    Answer,
    Latency,
    Stepper,
    interleaved,
    memory_per_object,
    one_by_one,
    replay,
    timed,
)

SCRIPT_LENGTH = 30
INTERLEAVED_SESSIONS = 20
SCRIPT_SEED = 7


@dataclass(frozen=True, slots=True)
class Plan:
    """How much of each measurement an implementation gets at one size."""

    #: Fresh sessions replaying the scripted session (each also times its creation).
    step_repeats: int
    #: Extra fresh sessions, for the new-session median only.
    extra_new_sessions: int
    #: Live sessions created under tracemalloc (0: not measured).
    memory_sessions: int
    #: Rounds of 20 sessions one by one, then 20 interleaved (0: not measured).
    interleave_rounds: int
    note: str = ""


def plan_for(key: str, size: int) -> Plan:
    """Stock experta builds a Rete network per session (~16 s at 10,000 rules): less of it."""
    if key != "E":
        rounds = 1 if key == "N" and size >= 10000 else 3
        return Plan(
            step_repeats=5, extra_new_sessions=25, memory_sessions=50, interleave_rounds=rounds
        )
    if size <= 100:
        return Plan(step_repeats=3, extra_new_sessions=7, memory_sessions=20, interleave_rounds=1)
    if size <= 1000:
        return Plan(step_repeats=2, extra_new_sessions=3, memory_sessions=5, interleave_rounds=1)
    return Plan(
        step_repeats=1,
        extra_new_sessions=0,
        memory_sessions=3,
        interleave_rounds=0,
        note="E at this size: one session for the step figures, 3 live sessions for memory, "
        "no 20-session interleaving (40 instances would take ~11 minutes and ~3 GB)",
    )


@dataclass(slots=True)
class Figures:
    key: str
    load_s: float
    new_session_ms: float
    new_session_samples: int
    step: Latency
    memory_kb: float | None
    memory_sessions: int
    interleave_ratio: float | None
    #: Recommended solutions after the scripted session (script 0).
    recommended: set[str]
    #: Recommended solutions after each of the 20 scripts (when interleaving ran).
    per_script: list[set[str]] = field(default_factory=list)
    #: Guide only: median ms of each part of a step (answer, recommendations, next question).
    parts: dict[str, float] = field(default_factory=dict)
    note: str = ""


@dataclass(slots=True)
class SizeResult:
    size: int
    shape: Shape
    script_lengths: list[int]
    figures: dict[str, Figures]


def run_size(
    size: int,
    workdir: Path,
    *,
    use_loader: bool,
    keys: tuple[str, ...] = ("G", "E", "N"),
    progress: Callable[[str], None] = print,
) -> SizeResult:
    """Every measurement at one size; each implementation in a fresh process.

    A fresh process each, because what one leaves behind slows the next: stock
    experta keeps process-wide caches (and one engine, through an lru_cache),
    and the naive loop's steps took twice as long after it in one process.
    """
    source = prepare(generate(size), workdir, use_loader=use_loader)
    guide = Guide(source)
    guide.build()
    # Guide picks the questions; every implementation answers the same ones.
    scripts = guide.scripts(INTERLEAVED_SESSIONS, SCRIPT_LENGTH, SCRIPT_SEED)
    del guide
    figures: dict[str, Figures] = {}
    spawn = multiprocessing.get_context("spawn")
    for key in keys:
        progress(f"  {size:,} rules: measuring {key} in a fresh process ...")
        with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
            figures[key] = pool.submit(measure_one, key, size, source, scripts).result()
    return SizeResult(size, Shape.for_rules(size), [len(s) for s in scripts], figures)


def measure_one(key: str, size: int, source: Source, scripts: list[list[Answer]]) -> Figures:
    """Build one implementation (timed: load + compile) and measure it."""
    implementations: dict[str, Callable[[], Implementation]] = {
        "G": lambda: Guide(source),
        "E": lambda: Experta(source.spec),
        "N": lambda: Naive(source.spec),
    }
    implementation = implementations[key]()
    warm_imports(source)  # first imports are not part of load + compile
    load_s = timed(implementation.build)[1] / 1e9
    return measure(implementation, plan_for(key, size), scripts, load_s)


def measure(
    implementation: Implementation, plan: Plan, scripts: list[list[Answer]], load_s: float
) -> Figures:
    new_session: Callable[[], Stepper] = implementation.new_session
    if plan.step_repeats > 1:
        replay(new_session, scripts[0], 1)  # warm-up, not counted
    result = replay(new_session, scripts[0], plan.step_repeats)
    created = result.new_session_ns + [
        timed(new_session)[1] for _ in range(plan.extra_new_sessions)
    ]
    figures = Figures(
        key=implementation.key,
        load_s=load_s,
        new_session_ms=statistics.median(created) / 1e6,
        new_session_samples=len(created),
        step=Latency.of(result.step_ns),
        memory_kb=None,
        memory_sessions=plan.memory_sessions,
        interleave_ratio=None,
        recommended=result.recommended,
        note=plan.note,
    )
    if plan.interleave_rounds:
        figures.interleave_ratio, figures.per_script = _interleave_ratio(
            new_session, scripts, plan.interleave_rounds
        )
    if isinstance(implementation, Guide):
        figures.parts = implementation.step_parts(scripts[0], plan.step_repeats)
    if plan.memory_sessions:
        warm_up = implementation.key != "E"  # building E made an instance already
        figures.memory_kb = (
            memory_per_object(new_session, plan.memory_sessions, warm_up=warm_up) / 1000
        )
    gc.collect()
    return figures


def _interleave_ratio(
    new_session: Callable[[], Stepper], scripts: list[list[Answer]], rounds: int
) -> tuple[float, list[set[str]]]:
    """Median step with the sessions interleaved, over the median one session at a time.

    Each round runs both on fresh sessions, alternating which goes first, so that
    drift (caches, the collector, the machine) falls on both sides.
    """
    alone: list[int] = []
    together: list[int] = []
    outcomes: list[list[set[str]]] = []
    for number in range(rounds):
        order = (False, True) if number % 2 == 0 else (True, False)
        for mixed in order:
            sessions = [new_session() for _ in scripts]
            run = interleaved if mixed else one_by_one
            (together if mixed else alone).extend(run(sessions, scripts))
            outcomes.append([s.recommended() for s in sessions])
            del sessions
    if any(outcome != outcomes[0] for outcome in outcomes):
        raise AssertionError("the same scripts gave different outcomes when interleaved")
    return statistics.median(together) / statistics.median(alone), outcomes[0]
