"""Guide's command line (`guide`): the entry point; the commands live in guide_cli.

Exit codes: 0 ok; 1 a finding; 2 bad usage or unreadable input; 3 an internal
error (traceback only with ``--debug``); 130 interrupted. See docs/cli.md.
"""

import sys

from guide_cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
