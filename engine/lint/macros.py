"""Templates that can never finish: macros that call themselves whatever happens."""

from __future__ import annotations

from collections.abc import Iterator

from jinja2 import TemplateError, nodes
from jinja2.sandbox import SandboxedEnvironment

from engine.errors import Severity, Span
from engine.lint._context import Context
from engine.lint._registry import Finding, lint_rule
from engine.lint.characters import _read

_ENVIRONMENT = SandboxedEnvironment()
#: Nodes whose parts run only sometimes: a call below one of them may never happen.
_CONDITIONAL = (nodes.If, nodes.CondExpr, nodes.And, nodes.Or, nodes.For)


@lint_rule("G333", Severity.ERROR)
def macro_calls_itself(context: Context) -> Iterator[Finding]:
    """A macro in a template calls itself (or another macro that calls it back)
    every time it runs, outside any `{% if %}`: it can never finish. Rendering
    stops at Python's recursion limit with an error, so the worker never sees
    the step or the article. A macro may call itself inside an `{% if %}` that
    ends the recursion.

    ## Wrong

    ```yaml
    steps:
      - "{% macro count(n) %}{{ n }} {{ count(n - 1) }}{% endmacro %}{{ count(3) }}"
    ```

    ## Right

    ```yaml
    steps:
      - >-
        {% macro count(n) %}{{ n }} {% if n > 1 %}{{ count(n - 1) }}{% endif %}{% endmacro %}
        {{ count(3) }}
    ```
    """
    for source, span, where in _templates(context):
        for name, line in _endless_macros(source):
            yield Finding(
                span,
                f"{where}: macro `{name}` (line {line} of the template) calls itself "
                "every time it runs, so it never finishes",
                "call the macro again only inside an `{% if %}` that stops the repetition",
            )


def _templates(context: Context) -> Iterator[tuple[str, Span, str]]:
    for question in context.rulebase.questions:
        yield question.text, question.span, f"the text of question `{question.id}`"
        if question.help:
            yield question.help, question.span, f"the help of question `{question.id}`"
    for solution in context.rulebase.solutions:
        for number, step in enumerate(solution.steps, start=1):
            for form in (step.text, step.novice, step.expert):
                if form:
                    yield form, step.span, f"step {number} of solution `{solution.id}`"
    for article in context.rulebase.articles:
        text = None if article.file is None else _read(article.file)
        if text:
            yield text, article.span, f"the file of article `{article.id}`"


def _endless_macros(source: str) -> Iterator[tuple[str, int]]:
    """Each macro that always calls a macro that (in turn) always calls it back."""
    if "{%" not in source:
        return
    try:
        tree = _ENVIRONMENT.parse(source)
    except (TemplateError, RecursionError):
        return  # the loader reports it (G111)
    macros = {macro.name: macro for macro in tree.find_all(nodes.Macro)}
    always = {
        name: set(_always_called(macro.body)) & macros.keys() for name, macro in macros.items()
    }
    for name, macro in macros.items():
        if _reaches(always, name, name):
            yield name, macro.lineno


def _always_called(body: list[nodes.Node]) -> Iterator[str]:
    """Names of what a macro body calls on every run (not under a condition or a loop)."""
    pending: list[nodes.Node] = list(body)
    while pending:
        node = pending.pop()
        if isinstance(node, (*_CONDITIONAL, nodes.Macro)):
            continue
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
            yield node.node.name
        pending.extend(node.iter_child_nodes())


def _reaches(always: dict[str, set[str]], start: str, goal: str) -> bool:
    seen: set[str] = set()
    pending = list(always[start])
    while pending:
        name = pending.pop()
        if name == goal:
            return True
        if name not in seen:
            seen.add(name)
            pending.extend(always.get(name, ()))
    return False
