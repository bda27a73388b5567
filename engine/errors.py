"""Diagnostics and the engine's own exception types.

Every problem an author or a worker can cause reaches them as one of the
exceptions below, carrying a location and a message in their words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    """How serious a diagnostic is: errors stop a rule base from loading."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Where something was written: a file and a 1-based line and column."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a rule base, at one place."""

    span: Span
    severity: Severity
    code: str
    message: str
    hint: str | None = None

    def headline(self) -> str:
        """The parsable first line: ``path:line:col: severity CODE message``."""
        return f"{self.span}: {self.severity.value} {self.code} {self.message}"

    def render(self, source: str | None = None, *, lines: Sequence[str] | None = None) -> str:
        """The headline, the source line with a caret under the problem, and the hint.

        The source line comes from ``source`` (the file's text) or, already
        split, from ``lines``: a caller rendering many diagnostics of one file
        splits it once (``source.splitlines()``), not once per diagnostic.
        """
        source_lines = source.splitlines() if source is not None else lines
        shown = [self.headline()]
        if source_lines is not None and 1 <= self.span.line <= len(source_lines):
            text, caret = _excerpt(source_lines[self.span.line - 1], self.span.column)
            shown.append(f"    {text}")
            shown.append("    " + " " * caret + "^")
        if self.hint:
            shown.append(f"  hint: {self.hint}")
        # What an installed Guide has; the same page is docs/diagnostics/CODE.md in a clone.
        shown.append(f"  see: guide explain {self.code}")
        return "\n".join(shown)


#: Source lines longer than this are shown as a window around the column.
_EXCERPT_WIDTH = 100


def _excerpt(text: str, column: int) -> tuple[str, int]:
    """The part of a source line worth showing, and the caret's offset in it.

    Tabs are shown as one space each, so the caret stays under the column;
    only the window is touched, as one line may be the whole file.
    """
    caret = max(column - 1, 0)
    if len(text) <= _EXCERPT_WIDTH:
        return text.expandtabs(1), caret
    start = max(0, min(caret - _EXCERPT_WIDTH // 2, len(text) - _EXCERPT_WIDTH))
    window = text[start : start + _EXCERPT_WIDTH].expandtabs(1)
    prefix = "..." if start > 0 else ""
    suffix = "..." if start + _EXCERPT_WIDTH < len(text) else ""
    return prefix + window + suffix, caret - start + len(prefix)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics in file order, then by code, with exact duplicates dropped."""
    unique = {(d.span, d.code, d.message): d for d in diagnostics}
    return sorted(unique.values(), key=lambda d: (d.span, d.code, d.message))


class GuideError(Exception):
    """Base class of every exception the engine raises on purpose."""


class RulebaseError(GuideError):
    """A rule base could not be loaded; ``diagnostics`` holds every problem found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(sort_diagnostics(diagnostics))
        super().__init__("\n".join(d.headline() for d in self.diagnostics))

    @property
    def unreadable(self) -> bool:
        """True when the file itself could not be read (not a problem in its content)."""
        return any(d.code in UNREADABLE_CODES for d in self.diagnostics)


# Codes that mean "the input could not be read at all"; the CLI maps them to exit 2.
UNREADABLE_CODES = frozenset({"G001", "G002", "G003", "G004", "G005"})


class UnknownRulebaseError(GuideError, LookupError):
    """A name that is neither a rule base file nor a shipped rule base (``invetory``)."""

    def __init__(self, name: str, hint: str) -> None:
        self.name = name
        self.hint = hint
        super().__init__(f"there is no rule base called `{name}`")


class AnswerError(GuideError, ValueError):
    """An answer was refused: unknown question, wrong kind of value, out of range.

    The message and ``hint`` name the question and its choices by id, for the
    developer; :meth:`in_words` says the same to the worker at the question,
    with choices by number.
    """

    def __init__(
        self,
        question_id: str,
        message: str,
        hint: str | None = None,
        *,
        problem: str | None = None,
        worker_hint: str | None = None,
    ) -> None:
        self.question_id = question_id
        self.hint = hint
        #: What is wrong, without the question's id ("has no choice number 9").
        self.problem = problem
        #: The hint in the worker's words, when it differs from ``hint``.
        self.worker_hint = worker_hint
        super().__init__(message)

    def in_words(self) -> tuple[str, str | None]:
        """(what is wrong, what to do) for the worker looking at the question."""
        text = str(self) if self.problem is None else f"this question {self.problem}"
        return text, self.worker_hint if self.worker_hint is not None else self.hint


class SessionError(GuideError):
    """Saved session data is corrupt, from another rule base, or cannot be replayed."""


class InputError(GuideError):
    """A file a person handed Guide (a saved session, an answers file) cannot be used.

    ``path`` names the file; the message (which starts with it) says why, in
    plain words, and ``hint`` what to do instead, when there is something to say.
    """

    def __init__(
        self, path: str, problem: str, hint: str | None = None, *, span: Span | None = None
    ) -> None:
        self.path = path
        self.problem = problem
        self.hint = hint
        #: Where in the file, when the problem is at one place.
        self.span = span
        super().__init__(f"{path if span is None else span}: {problem}")


class UnknownCodeError(GuideError, KeyError):
    """``explain_code`` was given a text that is not a diagnostic code (also a ``KeyError``)."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else ""


class RenderError(GuideError):
    """A template written in a rule base failed to render."""
