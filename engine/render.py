"""Templates written by SMEs, rendered in Jinja2's sandbox.

Question text, help, solution steps and articles may show earlier answers
(``{{ answers.stock_count }}``). They may not run code: the sandbox refuses
attribute tricks, and everything that can build huge values or run long is
bounded (:mod:`engine._sandbox` has the limits).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn

import jinja2
from jinja2.exceptions import SecurityError

from engine._sandbox import BoundedSandbox, LimitError, budget
from engine.errors import RenderError
from engine.model import Article, Value

MAX_ARTICLE_BYTES = 1024 * 1024


class _Unknown(jinja2.ChainableUndefined):
    """An answer or computed value not known (yet): empty text, and a number filter's
    default (``| float(0)``, ``| int(0)``) stands in for it instead of failing."""

    __slots__ = ()

    def __float__(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("not known")

    def __int__(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("not known")


_environment = BoundedSandbox(undefined=_Unknown, autoescape=False, keep_trailing_newline=True)


@functools.lru_cache(maxsize=4096)
def _template(source: str) -> jinja2.Template:
    return _environment.from_string(source)


class ShownNumber(float):
    """A computed value in a template: compares and computes as its number, and shows
    as the worker reads it (rounded to the value's ``decimals``)."""

    text: str

    def __new__(cls, value: float, text: str) -> ShownNumber:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text

    def __format__(self, spec: str) -> str:
        return self.text if not spec else format(float(self), spec)


def _shown(value: Value) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(value)
    return value


def render_text(
    source: str,
    answers: Mapping[str, Value],
    where: str = "the template",
    computed: Mapping[str, ShownNumber] | None = None,
) -> str:
    """Render one template with the answers given so far (``answers.ID``) and the
    computed values known so far, as the worker reads them (``computed.ID``).

    Unanswered questions and unknown values render as empty text; yes/no answers
    as yes or no.
    ``where`` names the template in error messages ("step 2 of solution `x`").

    Raises:
        RenderError: the template failed, or passed one of the sandbox's limits
            (the loader already checked its syntax).
    """
    if "{" not in source:
        return source
    shown = {k: _shown(v) for k, v in answers.items()}
    try:
        with budget():
            template = _template(source)
            return "".join(template.generate(answers=shown, computed=dict(computed or {})))
    except LimitError as error:
        line = _template_line(error.__traceback__)
        raise RenderError(f"{where}{line} is too large to render: {error}") from None
    except RecursionError as error:
        line = _template_line(error.__traceback__)
        raise RenderError(
            f"{where}{line} could not be rendered: it calls itself without end "
            "(a macro that calls itself, or a loop too deeply nested)"
        ) from None
    except (jinja2.TemplateError, SecurityError, ArithmeticError, TypeError, ValueError) as error:
        line = _template_line(error.__traceback__)
        raise RenderError(f"{where}{line}: template could not be rendered: {error}") from None


def _template_line(trace: TracebackType | None) -> str:
    """ " (line N)" for the template line where rendering stopped, or "" if unknown.

    Jinja rewrites tracebacks so that frames of template code carry the
    template's own line numbers under the file name ``<template>``.
    """
    line = None
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return "" if line is None else f" (line {line})"


def read_article(
    article: Article,
    answers: Mapping[str, Value],
    computed: Mapping[str, ShownNumber] | None = None,
) -> str | None:
    """The article's Markdown, rendered; None when it has only a URL.

    Raises:
        RenderError: the file could not be read or rendered.
    """
    if article.file is None:
        return None
    path = Path(article.file)
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            raise RenderError(f"article `{article.id}` is larger than 1 MiB")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RenderError(f"article `{article.id}` could not be read: {error}") from None
    return render_text(text, answers, f"article `{article.id}`", computed)
