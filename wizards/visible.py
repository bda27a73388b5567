"""Text made safe for a terminal: control characters shown, never obeyed.

Rule bases, articles, answers and store records may hold control characters
(``\\x1b]52;c;...`` writes the clipboard, ``\\x1b]8;;`` hides a link, ``\\x1b[2J``
clears the screen). Everything Guide prints passes through :func:`visible`,
either in the wizard's console (:class:`wizards.controls.SafeConsole`) or in the
CLI's ``echo``. This module imports no terminal library, so that commands which
only print lines start without one.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 controls.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with each control character written out (``\\x1b``), tab and newline kept."""
    return CONTROLS.sub(lambda found: f"\\x{ord(found.group()):02x}", text)
