"""Python's cycle collector, paused while a rule base is built.

Loading or compiling a large rule base makes millions of small objects that hold
no cycles and all stay alive; as they are made, the collector walks them again
and again and frees nothing (a third or more of the time at 10,000 rules).
Reference counting still frees whatever is dropped, and the collector runs
again as soon as the work is done.

Resumed as it is, the collector would then walk every one of those objects in
its youngest generation, and again in the middle one, before they reach the
oldest. ``gc.freeze()`` followed at once by ``gc.unfreeze()`` moves every object
straight into the oldest generation instead, without walking them: nothing is
kept out of collection for good, so a rule base that is dropped later is still
collected, at the next full collection.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block; leave it as it was afterwards.

    An application that switched it off itself finds it still off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
