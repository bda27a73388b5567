"""Plain-text layout for :mod:`engine.stats`: figures first, then words wrapped under them."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine._trends import Slice
    from engine.stats import Comment

#: Width of the text lines: longer words wrap, each row under its own first line.
TEXT_WIDTH = 100
#: Comments shown per solution or question in text and HTML (JSON has them all).
COMMENTS_SHOWN = 5

SAID_ABOUT_SOLUTION = "Workers said, newest first:"
SAID_TO_QUESTION = "Workers answered, newest first:"
#: Where the words start in the text tables of solutions and of questions.
SOLUTION_WORDS_AT = 53
QUESTION_WORDS_AT = 27


def slice_lines(kind: str, slices: tuple[Slice, ...]) -> list[str]:
    """The headline figures, one line per week, month or version."""
    width = max([len(s.label) for s in slices] + [len(kind)])
    found = [f"{kind:<{width}}  consultations  solved  escalated  median time to resolution"]
    for s in slices:
        found.append(
            f"{s.label:<{width}}  {s.consultations:>13}  {percent(s.rate(s.solved)):>6}"
            f"  {percent(s.rate(s.escalated)):>9}  {duration(s.median_seconds_to_resolution)}"
        )
    return found


def comment_lines(comments: tuple[Comment, ...], indent: int, heading: str) -> list[str]:
    """Comments under the row they concern, newest first; the rest counted."""
    if not comments:
        return []
    found = row(" " * indent, heading)
    for comment in comments[:COMMENTS_SHOWN]:
        found += row(" " * indent + "  ", comment.words(), hang=2)
    older = len(comments) - COMMENTS_SHOWN
    if older > 0:
        found += row(" " * indent + "  ", f"and {older} older (all are in --json)")
    return found


def row(figures: str, words: str, hang: int = 0) -> list[str]:
    """A table row of text: the figures, then the words wrapped under themselves
    (``hang`` columns further in after the first line)."""
    return textwrap.wrap(
        words,
        max(TEXT_WIDTH, len(figures) + 30),
        initial_indent=figures,
        subsequent_indent=" " * (len(figures) + hang),
        break_long_words=False,
        break_on_hyphens=False,
    ) or [figures.rstrip()]


def percent(value: float | None) -> str:
    """A rate as a whole percentage, "-" when there is none."""
    return "-" if value is None else f"{value:.0%}"


def duration(seconds: float | None) -> str:
    """Seconds as "4 min 5 s", "-" when there are none."""
    if seconds is None:
        return "-"
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"
