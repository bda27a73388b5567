"""Guide's command line (`guide`): the entry point; the commands live in guide_cli.

Exit codes: 0 ok; 1 a finding; 2 bad usage or unreadable input; 3 an internal
error (traceback only with ``--debug``); 130 interrupted. See docs/cli.md.
"""

import os
import signal
import sys
from types import FrameType


def _interrupted_early(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C while the modules load: nothing has started, so say so and leave."""
    os.write(2, b"interrupted\n")
    os._exit(130)


# Before the imports below, which take most of a second: Ctrl-C during them would
# otherwise show a traceback. guide_cli's main() puts the usual handler back.
signal.signal(signal.SIGINT, _interrupted_early)

from guide_cli import main  # noqa: E402 (after the handler above, on purpose)

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
