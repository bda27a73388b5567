"""A rich console that shows control characters instead of obeying them.

What counts as a control character, and how it is shown, is
:func:`wizards.visible.visible` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.segment import Segment

from wizards.visible import CONTROLS, visible

__all__ = ["SafeConsole", "visible"]


class SafeConsole(Console):
    """A rich console that shows control characters in whatever it prints.

    Rich's own control codes (colours, links, cursor moves) are separate segments
    and pass; only the text of what is printed is changed.
    """

    def render(self, renderable: Any, options: Any = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or not CONTROLS.search(segment.text):
                yield segment
            else:
                yield Segment(visible(segment.text), segment.style, segment.control)
