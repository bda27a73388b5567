"""Static analysis of a rule base, beyond what the loader refuses: ``guide check``.

The loader (:mod:`engine.loader`) refuses what cannot run. The checks here find
what runs but is dead, redundant or going stale: solutions never suggested,
questions never asked, rules that can never fire, duplicate rules, articles
past review. Each check is a small function with a stable code (G3xx), a
severity, and a docstring that is its documentation (``guide explain CODE``).
Warnings never stop :func:`engine.load`.
"""

from __future__ import annotations

import datetime as dt
import os
from importlib import resources

from engine import loader
from engine.codes import CODES, doc_path
from engine.errors import Diagnostic, Severity, Span, UnknownCodeError, sort_diagnostics
from engine.lint._context import Context
from engine.lint._registry import Finding, LintRule, page
from engine.lint._rules import BY_CODE, RULES
from engine.model import Rulebase

__all__ = ["RULES", "Finding", "LintRule", "check", "check_text", "explain_code", "lint"]


def lint(rulebase: Rulebase, today: dt.date | None = None) -> list[Diagnostic]:
    """Every finding of the static analysis in a loaded rule base, sorted by position.

    ``today`` is the date that articles' ``review_by`` is compared with
    (default: today's date).
    """
    context = Context(rulebase, dt.date.today() if today is None else today)
    return sort_diagnostics(d for rule in RULES for d in rule.run(context))


def check(
    path: str | os.PathLike[str],
    *,
    today: dt.date | None = None,
    max_bytes: int = loader.DEFAULT_MAX_BYTES,
) -> list[Diagnostic]:
    """Every problem in the rule base at ``path``: the loader's and, when it
    loads, the static analysis's (:func:`lint`); sorted by position; never raises."""
    rulebase, diagnostics = loader.analyse(path, max_bytes=max_bytes)
    return _with_lint(rulebase, diagnostics, os.fspath(path), today)


def check_text(
    text: str, path: str = "<text>", *, today: dt.date | None = None
) -> list[Diagnostic]:
    """:func:`check` for a rule base given as text; ``path`` names it in messages."""
    rulebase, diagnostics = loader.analyse_text(text, path)
    return _with_lint(rulebase, diagnostics, path, today)


def explain_code(code: str) -> str:
    """The documentation of a diagnostic code, as Markdown text.

    The whole page: what it means, a wrong and a right example. G3xx pages are
    their checks' docstrings; the loader's pages ship in engine/diagnostic_pages.

    Raises:
        UnknownCodeError: there is no such code (also a ``KeyError``).
    """
    if not isinstance(code, str) or code.strip().upper() not in (BY_CODE.keys() | CODES.keys()):
        raise UnknownCodeError(f"there is no diagnostic code {str(code)[:20]!r}")
    code = code.strip().upper()
    if code in BY_CODE:
        return page(BY_CODE[code])
    info = CODES[code]
    shipped = resources.files("engine") / "diagnostic_pages" / f"{code}.md"
    if shipped.is_file():
        return shipped.read_text(encoding="utf-8")
    where = f"The full page, in Guide's source: {doc_path(code)}"
    return f"# {code}: {info.title}\n\n{info.summary}\n\n{where}\n"


def _with_lint(
    rulebase: Rulebase | None, diagnostics: list[Diagnostic], label: str, today: dt.date | None
) -> list[Diagnostic]:
    if rulebase is None:
        return diagnostics
    try:
        found = lint(rulebase, today)
    except Exception as exc:  # a bug of ours must not crash the caller (as in the loader)
        detail = f"{type(exc).__name__}: {exc}"[:200]
        found = [
            Diagnostic(
                Span(label, 1, 1),
                Severity.ERROR,
                "G901",
                f"Guide failed while checking this file ({detail})",
                "please report this to the Guide developers with the rule base attached",
            )
        ]
    return sort_diagnostics([*diagnostics, *found])
