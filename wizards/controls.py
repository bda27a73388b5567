"""Text made safe for a terminal: control characters shown, never obeyed.

Rule bases, articles, answers and store records may hold control characters
(``\\x1b]52;c;...`` writes the clipboard, ``\\x1b]8;;`` hides a link, ``\\x1b[2J``
clears the screen). Everything Guide prints passes through :func:`visible`,
either in the wizard's console (:class:`SafeConsole`) or in the CLI's ``echo``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.segment import Segment

# C0 controls except tab and newline, DEL, and the C1 controls.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with each control character written out (``\\x1b``), tab and newline kept."""
    return _CONTROLS.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


class SafeConsole(Console):
    """A rich console that shows control characters in whatever it prints.

    Rich's own control codes (colours, links, cursor moves) are separate segments
    and pass; only the text of what is printed is changed.
    """

    def render(self, renderable: Any, options: Any = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or not _CONTROLS.search(segment.text):
                yield segment
            else:
                yield Segment(visible(segment.text), segment.style, segment.control)
