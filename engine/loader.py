"""Loading a rule base: the file, its YAML, its shape and its meaning, into the model.

The pipeline is ``_yaml`` (text to positioned nodes) -> ``_shape`` (nodes to
records) -> ``_semantics`` (references, cycles, files, templates, scenarios).
Every problem found on the way is collected; nothing but
:class:`~engine.errors.RulebaseError` ever leaves :func:`load`.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

from engine import _semantics, _yaml
from engine._gc import collector_paused
from engine._shape import shape
from engine.errors import Diagnostic, RulebaseError, Severity, Span, sort_diagnostics
from engine.model import Rulebase

DEFAULT_MAX_BYTES = 4 * 1024 * 1024

_Outcome = tuple[Rulebase | None, list[Diagnostic]]


def load(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Rulebase:
    """Load and validate the rule base at ``path``.

    Raises:
        RulebaseError: the file cannot be read or has errors; it carries every
            problem found, sorted by position.
    """
    label = os.fspath(path)
    return _raise_or_return(_guard(label, lambda: _from_file(label, max_bytes)))


def check(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Diagnostic]:
    """Every problem in the rule base at ``path``, sorted by position; never raises."""
    label = os.fspath(path)
    return sort_diagnostics(_guard(label, lambda: _from_file(label, max_bytes))[1])


def analyse(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Rulebase | None, list[Diagnostic]]:
    """The rule base (None if it has errors) and every problem found; never raises."""
    label = os.fspath(path)
    rulebase, diagnostics = _guard(label, lambda: _from_file(label, max_bytes))
    return rulebase, sort_diagnostics(diagnostics)


def analyse_text(text: str, path: str = "<text>") -> tuple[Rulebase | None, list[Diagnostic]]:
    """:func:`analyse` for a rule base given as text."""
    rulebase, diagnostics = _guard(path, lambda: _from_text(text, path))
    return rulebase, sort_diagnostics(diagnostics)


def load_text(text: str, path: str = "<text>") -> Rulebase:
    """Load a rule base from text; ``path`` names it in messages and anchors article files.

    Raises:
        RulebaseError: the text has errors; it carries every problem found.
    """
    return _raise_or_return(_guard(path, lambda: _from_text(text, path)))


def check_text(text: str, path: str = "<text>") -> list[Diagnostic]:
    """Every problem in a rule base given as text, sorted by position; never raises."""
    return sort_diagnostics(_guard(path, lambda: _from_text(text, path))[1])


def _raise_or_return(outcome: _Outcome) -> Rulebase:
    rulebase, diagnostics = outcome
    if rulebase is None or any(d.severity is Severity.ERROR for d in diagnostics):
        raise RulebaseError(diagnostics)
    return rulebase


def _guard(label: str, work: Callable[[], _Outcome]) -> _Outcome:
    """The boundary: an unexpected failure becomes a G901 diagnostic, never a traceback."""
    try:
        with collector_paused():
            return work()
    except Exception as exc:  # a bug of ours must not crash the caller
        detail = f"{type(exc).__name__}: {exc}"[:200]
        diagnostic = Diagnostic(
            Span(label, 1, 1),
            Severity.ERROR,
            "G901",
            f"Guide failed while loading this file ({detail})",
            "please report this to the Guide developers with the rule base attached",
        )
        return None, [diagnostic]


# --- the file ---------------------------------------------------------------------------


def _from_file(label: str, max_bytes: int) -> _Outcome:
    data = _read_bytes(label, max_bytes)
    if isinstance(data, Diagnostic):
        return None, [data]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        shown = data.decode("utf-8", "replace")
        return None, _clamp([_not_utf8(label, data, exc)], shown)
    return _from_text(text, label, data)


def _read_bytes(label: str, max_bytes: int) -> bytes | Diagnostic:
    def unreadable(message: str, hint: str) -> Diagnostic:
        return Diagnostic(Span(label, 1, 1), Severity.ERROR, "G001", message, hint)

    try:
        info = Path(label).stat()
        if stat.S_ISDIR(info.st_mode):
            return unreadable(
                "this is a folder, not a rule base file",
                "give the path of the .yaml file inside it",
            )
        if not stat.S_ISREG(info.st_mode):
            return unreadable("this is not a regular file", "save the rule base as a file first")
        if info.st_size > max_bytes:
            return _too_large(label, info.st_size, max_bytes)
        with Path(label).open("rb") as stream:
            data = stream.read(max_bytes + 1)  # never more: the file may have grown
    except FileNotFoundError:
        return unreadable("the file does not exist", "check the path and the file name")
    except PermissionError:
        return unreadable("permission denied", "ask for read access to the file")
    except OSError as exc:
        return unreadable(f"the file cannot be read ({exc.strerror})", "check the path")
    if len(data) > max_bytes:
        return _too_large(label, len(data), max_bytes)
    return data


def _too_large(label: str, size: int, limit: int) -> Diagnostic:
    return Diagnostic(
        Span(label, 1, 1),
        Severity.ERROR,
        "G002",
        f"the file is {_size(size)}; a rule base may be at most {_size(limit)}",
        "split it into several rule bases, or move long texts into article files",
    )


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MiB"
    if count >= 1024:
        return f"{count / 1024:.1f} KiB"
    return f"{count} bytes"


def _not_utf8(label: str, data: bytes, exc: UnicodeDecodeError) -> Diagnostic:
    prefix = data[: exc.start].decode("utf-8", "replace")
    nul = data.find(b"\0", 0, exc.start)
    if nul >= 0:  # a binary file: name the NUL, it comes first
        prefix = data[:nul].decode("utf-8", "replace")
        what = "a NUL byte; this looks like a binary file"
    else:
        what = f"the byte 0x{data[exc.start]:02X}, which is not UTF-8 text"
    line, column = _yaml.position(prefix + "x", len(prefix))
    return Diagnostic(
        Span(label, line, column),
        Severity.ERROR,
        "G003",
        f"the file contains {what}",
        "save the file as UTF-8 text (most editors offer it under Save as > Encoding)",
    )


# --- the text ---------------------------------------------------------------------------


def _from_text(text: str, label: str, data: bytes | None = None) -> _Outcome:
    if data is None:
        data = text.encode("utf-8", "surrogatepass")
        if len(data) > DEFAULT_MAX_BYTES:
            return None, [_too_large(label, len(data), DEFAULT_MAX_BYTES)]
    text = text.removeprefix("\ufeff")  # a byte-order mark is not content
    rulebase, diagnostics = _pipeline(text, label, hashlib.sha256(data).hexdigest())
    return rulebase, _clamp(diagnostics, text)


def _pipeline(text: str, label: str, digest: str) -> _Outcome:
    bad = _yaml.check_characters(label, text)
    if bad is not None:
        return None, [bad]
    root, diagnostics = _yaml.read(label, text)
    if root is None or any(d.code in _yaml.STOP_CODES for d in diagnostics):
        return None, diagnostics
    base_dir = Path(label).absolute().parent
    draft, found = shape(root, label, base_dir)
    diagnostics += found
    if draft is None:
        return None, diagnostics
    diagnostics += _semantics.check(draft)
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return None, diagnostics
    return draft.to_rulebase(digest), diagnostics


def _clamp(diagnostics: list[Diagnostic], text: str) -> list[Diagnostic]:
    """Keep every position inside the file (a parser may point just past the end)."""
    lines = text.splitlines() or [""]
    clamped = []
    for d in diagnostics:
        line = min(max(d.span.line, 1), len(lines))
        column = min(max(d.span.column, 1), len(lines[line - 1]) + 1)
        span = Span(d.span.path, line, column)
        clamped.append(
            d if span == d.span else Diagnostic(span, d.severity, d.code, d.message, d.hint)
        )
    return clamped
