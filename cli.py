"""Guide's command line (`guide`): the commands live in guide_cli, by responsibility.

Exit codes: 0 ok; 1 a finding; 2 bad usage or unreadable input; 3 an internal
error (traceback only with ``--debug``); 130 interrupted. See docs/cli.md.
"""

import sys

from guide_cli import (
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

if __name__ == "__main__":
    sys.exit(main())
