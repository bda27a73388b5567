"""A lint rule: a stable code, a severity, a check, and its documentation.

Each check is a function of the :class:`~engine.lint._context.Context` that
yields :class:`Finding` records; its docstring is the documentation of its
code, the text of ``docs/diagnostics/CODE.md`` and of ``guide explain CODE``
(see :func:`page`). The code's title and one-line summary live in
:data:`engine.codes.CODES`, like every other code's.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from engine.codes import CODES
from engine.errors import Diagnostic, Severity, Span

if TYPE_CHECKING:
    from engine.lint._context import Context


class Finding(NamedTuple):
    """What a check found: where, what (in the author's words) and one concrete fix."""

    span: Span
    message: str
    hint: str


Check = Callable[["Context"], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class LintRule:
    code: str
    severity: Severity
    check: Check

    @property
    def title(self) -> str:
        return CODES[self.code].title

    @property
    def summary(self) -> str:
        return CODES[self.code].summary

    @property
    def doc(self) -> str:
        """The check's docstring: what the code means, why it matters, wrong and right."""
        return inspect.cleandoc(self.check.__doc__ or "")

    def run(self, context: Context) -> Iterator[Diagnostic]:
        for found in self.check(context):
            yield Diagnostic(found.span, self.severity, self.code, found.message, found.hint)


def lint_rule(code: str, severity: Severity) -> Callable[[Check], LintRule]:
    """Make a check function into the lint rule for ``code`` (which must be registered)."""
    if code not in CODES:
        raise ValueError(f"{code} is not in engine.codes.CODES")

    def make(check: Check) -> LintRule:
        return LintRule(code, severity, check)

    return make


def page(rule: LintRule) -> str:
    """The code's documentation page, as Markdown (``docs/diagnostics/CODE.md``)."""
    return (
        f"# {rule.code}: {rule.title}\n\n"
        f"Severity: **{rule.severity.value}**. Reported by `guide check`.\n\n"
        f"{rule.doc}\n"
    )
