"""Templates written by SMEs, rendered in Jinja2's sandbox.

Question text, help, solution steps and articles may show earlier answers
(``{{ answers.stock_count }}``). They may not run code: the sandbox refuses
attribute tricks, and the operators that can build huge values are bounded.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from engine.errors import RenderError
from engine.model import Article, Value

#: Largest string or list a template may build with ``*`` or ``**``.
MAX_BUILT_SIZE = 100_000
MAX_ARTICLE_BYTES = 1024 * 1024


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, int | float) and abs(right) > 100:
                raise SecurityError("exponent too large")
            return operator.pow(left, right)
        if isinstance(left, str | list | tuple) or isinstance(right, str | list | tuple):
            count = right if isinstance(left, str | list | tuple) else left
            size = len(left) if isinstance(left, str | list | tuple) else len(right)
            if isinstance(count, int) and count * size > MAX_BUILT_SIZE:
                raise SecurityError("value too large")
        return operator.mul(left, right)


_environment = _BoundedSandbox(
    undefined=jinja2.ChainableUndefined, autoescape=False, keep_trailing_newline=True
)


@functools.lru_cache(maxsize=4096)
def _template(source: str) -> jinja2.Template:
    return _environment.from_string(source)


def _shown(value: Value) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(value)
    return value


def render_text(source: str, answers: Mapping[str, Value]) -> str:
    """Render one template with the answers given so far.

    Unanswered questions render as empty text; yes/no answers as yes or no.

    Raises:
        RenderError: the template failed (the loader already checked its syntax).
    """
    if "{" not in source:
        return source
    try:
        return _template(source).render(answers={k: _shown(v) for k, v in answers.items()})
    except (jinja2.TemplateError, SecurityError, ArithmeticError, TypeError, ValueError) as error:
        raise RenderError(f"template could not be rendered: {error}") from None


def read_article(article: Article, answers: Mapping[str, Value]) -> str | None:
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
    return render_text(text, answers)
