"""The cycle collector is paused while a rule base is loaded and compiled, then left as it was."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import engine
from engine.compiler import compiled

FIXTURE = Path(__file__).parent / "fixtures" / "everything.yaml"


class _Cycle:
    itself: _Cycle


def test_loading_and_compiling_leave_the_collector_on() -> None:
    assert gc.isenabled()
    rulebase = engine.load(FIXTURE)
    compiled(rulebase)
    assert gc.isenabled()


def test_an_application_that_turned_the_collector_off_finds_it_off() -> None:
    gc.disable()
    try:
        compiled(engine.load(FIXTURE))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_cycles_made_before_a_load_are_still_collected_after_it() -> None:
    cycle = _Cycle()
    cycle.itself = cycle
    alive = weakref.ref(cycle)
    del cycle
    engine.load(FIXTURE)  # moves every object to the oldest generation, none out of reach
    gc.collect()
    assert alive() is None
