"""Guide's command line, by responsibility; `cli.py` is its entry point.

Importing the command modules registers their commands on the app.
"""

from guide_cli import (  # noqa: F401 -- importing registers the commands
    authoring,
    experts,
    knowledge,
    store,
    working,
)
from guide_cli._app import (
    EXIT_FINDING,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_UNREADABLE,
    app,
    main,
)

__all__ = [
    "EXIT_FINDING",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_UNREADABLE",
    "app",
    "main",
]
