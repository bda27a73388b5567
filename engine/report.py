"""Diagnostics rendered for people (text with source and caret) and for tools (JSON)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from engine.errors import Diagnostic, Severity

#: Source lines are shown only for files small enough to be rule bases.
_MAX_SOURCE_BYTES = 8 * 1024 * 1024


def source_text(path: Path) -> str | None:
    """The file's text for showing source lines, or None if it cannot be shown."""
    try:
        if not path.is_file() or path.stat().st_size > _MAX_SOURCE_BYTES:
            return None
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def text_report(
    path: Path,
    diagnostics: Iterable[Diagnostic],
    *,
    limit: int | None = None,
    how_to_see_all: str = "",
) -> str:
    """Every diagnostic with its source line and hint, then a one-line summary.

    With ``limit``, only the first ``limit`` diagnostics are shown in full,
    then one line says how many more there are (followed by
    ``how_to_see_all``, a tip in the caller's words); the summary still
    counts them all.
    """
    found = list(diagnostics)
    if not found:
        return f"{path}: ok"
    shown = found if limit is None else found[:limit]
    source = source_text(path)
    source_lines = None if source is None else source.splitlines()  # once, not per diagnostic
    lines = [d.render(lines=source_lines) for d in shown]
    if len(shown) < len(found):
        tip = f": {how_to_see_all}" if how_to_see_all else ""
        more = len(found) - len(shown)
        lines.append(f"{path}: {_count(more, 'more diagnostic')} not shown{tip}")
    errors = sum(d.severity is Severity.ERROR for d in found)
    warnings = len(found) - errors
    lines.append(f"{path}: {_count(errors, 'error')}, {_count(warnings, 'warning')}")
    return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def diagnostic_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    """A JSON-safe record of one diagnostic."""
    span = diagnostic.span
    return {
        "path": span.path,
        "line": span.line,
        "column": span.column,
        "severity": diagnostic.severity.value,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
    }
