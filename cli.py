"""Guide's command line (`guide`): the entry point; the commands live in guide_cli.

Exit codes: 0 ok; 1 a finding; 2 bad usage or unreadable input; 3 an internal
error (traceback only with ``--debug``); 130 interrupted. See docs/cli.md.
"""

import os
import signal
import sys
import threading
from types import FrameType

__all__ = ["main"]


def _interrupted_early(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C while the modules load: nothing has started, so say so and leave."""
    os.write(2, b"interrupted\n")
    os._exit(130)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (the console script exits with it)."""
    # The commands are imported only now, under a handler, because their imports take
    # most of a second and Ctrl-C during them would otherwise show a traceback.
    # guide_cli's own main() takes Ctrl-C over once the command starts. Importing this
    # module changes no handler, so an app or a test that imports it keeps its own.
    in_main_thread = threading.current_thread() is threading.main_thread()
    before = signal.signal(signal.SIGINT, _interrupted_early) if in_main_thread else None
    try:
        from guide_cli import main as run_command  # noqa: PLC0415 (lazily, on purpose)

        return run_command(argv)
    finally:
        if before is not None:
            signal.signal(signal.SIGINT, before)


if __name__ == "__main__":
    sys.exit(main())
