"""Closing the terminal, ``kill`` and a shutdown stop a consultation as Ctrl-C does.

SIGHUP (the terminal or SSH connection closed), SIGTERM (``kill``, a shutdown)
and SIGQUIT raise KeyboardInterrupt, so the wizard saves the session and the
record is written, as for Ctrl-C. The first signal wins: later ones, Ctrl-C
included, are ignored while the answers are being saved.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

#: The signals that stop a consultation, by name (Windows has only some of them).
STOP_SIGNALS = ("SIGINT", "SIGHUP", "SIGTERM", "SIGQUIT")


@contextlib.contextmanager
def stop_like_ctrl_c() -> Iterator[None]:
    """Inside, every stop signal raises KeyboardInterrupt once (main thread only);
    the handlers before are put back on the way out."""
    numbers = [getattr(signal, name) for name in STOP_SIGNALS if hasattr(signal, name)]
    before = {number: signal.signal(number, _stop) for number in numbers}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _stop(signum: int, frame: FrameType | None) -> None:
    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, signal.SIG_IGN)
    raise KeyboardInterrupt
