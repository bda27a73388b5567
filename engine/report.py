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


def text_report(path: Path, diagnostics: Iterable[Diagnostic]) -> str:
    """Every diagnostic with its source line and hint, then a one-line summary."""
    found = list(diagnostics)
    if not found:
        return f"{path}: ok"
    source = source_text(path)
    lines = [d.render(source) for d in found]
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
