"""Import experta without its side effects.

experta 1.9.4 pins ``frozendict==1.2``, whose class derives from
``collections.Mapping``; that alias was removed in Python 3.10. experta also
calls ``logging.basicConfig()`` on import, which would install a handler on the
host application's root logger. Both are contained here, for the duration of
the import only. See docs/experta.md for why this beats the alternatives.
"""

from __future__ import annotations

import collections
import collections.abc
import logging
import threading
from typing import Any

_lock = threading.Lock()


def import_experta() -> Any:
    """Import and return the ``experta`` package, leaving no trace behind.

    Typed as Any: experta has no type hints, and only the compiler touches it.
    """
    with _lock:
        added_alias = not hasattr(collections, "Mapping")
        if added_alias:
            collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]
        root = logging.getLogger()
        # basicConfig() does nothing when the root logger already has a handler.
        guard = logging.NullHandler()
        root.addHandler(guard)
        try:
            # The submodules Guide uses, so that none is first imported later, unguarded.
            import experta  # noqa: PLC0415 -- the import is what this function contains
            import experta.abstract  # noqa: PLC0415
            import experta.activation  # noqa: PLC0415
            import experta.fieldconstraint  # noqa: PLC0415
        finally:
            root.removeHandler(guard)
            if added_alias:
                del collections.Mapping  # type: ignore[attr-defined]
        # experta's watchers log every firing at INFO; keep them out of the
        # host's logs unless the host attaches a handler to "experta" itself.
        experta_logger = logging.getLogger("experta")
        experta_logger.propagate = False
        if not experta_logger.handlers:
            experta_logger.addHandler(logging.NullHandler())
        return experta
