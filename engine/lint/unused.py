"""Parts of a rule base that nothing reaches: solutions, questions, articles, experts."""

from __future__ import annotations

from collections.abc import Iterator

from engine.errors import Severity
from engine.lint._context import Context
from engine.lint._registry import Finding, lint_rule
from engine.model import SolutionState


@lint_rule("G301", Severity.WARNING)
def solution_never_suggested(context: Context) -> Iterator[Finding]:
    """A solution that no rule suggests, or whose suggesting rules can never fire
    (see [G310](G310.md)), is never recommended: the worker never sees it. A
    solution that is only ever ruled out is never recommended either.

    ## Wrong

    ```yaml
    rules:
      - id: cable_loose
        when: {question: power_light, is: no}
        then: {rule_out: replace_printer}
    solutions:
      - id: replace_printer
        title: Replace the printer
    ```

    ## Right

    ```yaml
    rules:
      - id: cable_loose
        when: {question: power_light, is: no}
        then: {suggest: plug_in_cable, certainty: 0.9}
    solutions:
      - id: plug_in_cable
        title: Plug the power cable in firmly
    ```
    """
    dead_states = context.dead.states
    for solution in context.rulebase.solutions:
        if (solution.id, SolutionState.SUGGESTED) not in dead_states:
            continue
        if context.index.suggesters.get(solution.id):
            reason = "every rule that suggests it can never fire"
            hint = "correct the rules that suggest it (each is reported as G310)"
        else:
            reason = "no rule suggests it"
            hint = f"add a rule with `suggest: {solution.id}`, or remove the solution"
        yield Finding(
            solution.span, f"solution `{solution.id}` is never recommended: {reason}", hint
        )


@lint_rule("G302", Severity.WARNING)
def question_never_used(context: Context) -> Iterator[Finding]:
    """Guide asks only the questions that can change a recommendation. A
    question that no rule's `when` and no follow-up's `ask_when` tests can
    change nothing, so it is never asked (using its answer in a template does
    not count: it would always be empty).

    ## Wrong

    ```yaml
    questions:
      - id: printer_model
        text: Which printer model is it?
        type: text
    rules: []  # no rule tests printer_model
    ```

    ## Right

    ```yaml
    rules:
      - id: old_model
        when: {question: printer_model, contains: laserjet 4}
        then: {suggest: call_technician, certainty: 0.6}
    ```
    """
    for question in context.rulebase.questions:
        if question.id not in context.tested_questions:
            yield Finding(
                question.span,
                f"question `{question.id}` is never asked: no rule or follow-up tests it",
                f"test it in a rule (`question: {question.id}`), or remove the question",
            )


@lint_rule("G303", Severity.WARNING)
def article_never_referenced(context: Context) -> Iterator[Finding]:
    """An article that no question (`article:`) and no solution (`articles:`)
    links to is never offered to the worker; it is work to keep current for
    nothing.

    ## Wrong

    ```yaml
    articles:
      - id: clearing_jams
        title: Clearing paper jams
        url: https://example.com/kb/jams
    solutions:
      - id: clear_jam
        title: Clear the paper jam
    ```

    ## Right

    ```yaml
    solutions:
      - id: clear_jam
        title: Clear the paper jam
        articles: [clearing_jams]
    ```
    """
    for article in context.rulebase.articles:
        if article.id not in context.referenced_articles:
            yield Finding(
                article.span,
                f"article `{article.id}` is never offered: no question or solution links to it",
                f"add `articles: [{article.id}]` to a solution, or `article: {article.id}` "
                "to a question",
            )


@lint_rule("G304", Severity.WARNING)
def expert_never_referenced(context: Context) -> Iterator[Finding]:
    """An expert that no solution names (`expert:`) is never offered to the
    worker, not even when nothing is confirmed.

    ## Wrong

    ```yaml
    experts:
      - id: office_it
        name: Office IT help desk
    solutions:
      - id: call_technician
        title: Call a technician
    ```

    ## Right

    ```yaml
    solutions:
      - id: call_technician
        title: Call a technician
        expert: office_it
    ```
    """
    for expert in context.rulebase.experts:
        if expert.id not in context.referenced_experts:
            yield Finding(
                expert.span,
                f"expert `{expert.id}` is never offered: no solution names them",
                f"add `expert: {expert.id}` to the solutions they can help with, "
                "or remove the expert",
            )
