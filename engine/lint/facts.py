"""Derived facts that are concluded but never used, or used but never concluded."""

from __future__ import annotations

from collections.abc import Iterator

from engine.errors import Severity
from engine.lint._context import Context
from engine.lint._registry import Finding, lint_rule


@lint_rule("G305", Severity.WARNING)
def fact_never_tested(context: Context) -> Iterator[Finding]:
    """A derived fact exists to be tested: by a rule (`fact: ID` in its `when`)
    or by a follow-up's `ask_when`. A fact nothing tests changes no
    recommendation; the rules that conclude it do work for nothing, and an
    author reading them expects an effect that is not there.

    ## Wrong

    ```yaml
    facts:
      - id: no_power
    rules:
      - id: dark_light
        when: {question: power_light, is: no}
        then: {conclude: no_power}
    ```

    ## Right

    ```yaml
    rules:
      - id: dark_light
        when: {question: power_light, is: no}
        then: {conclude: no_power}
      - id: cable
        when: {fact: no_power}
        then: {suggest: plug_in_cable, certainty: 0.9}
    ```
    """
    concluded = context.index.concluders
    for fact in context.rulebase.facts:
        if fact.id in context.tested_facts:
            continue
        what = "is concluded, but" if concluded.get(fact.id) else "is never concluded, and"
        yield Finding(
            fact.span,
            f"fact `{fact.id}` {what} no rule or follow-up tests it",
            f"test it in a rule (`fact: {fact.id}`), or remove the fact "
            "and the rules that only conclude it",
        )


@lint_rule("G306", Severity.WARNING)
def fact_never_concluded(context: Context) -> Iterator[Finding]:
    """A fact holds only once a rule concludes it. A fact that rules test but
    no rule concludes never holds: every rule that needs it can never fire
    (each is reported as [G310](G310.md)), and `not: {fact: ID}` always holds.

    ## Wrong

    ```yaml
    facts:
      - id: no_power
    rules:
      - id: cable
        when: {fact: no_power}
        then: {suggest: plug_in_cable, certainty: 0.9}
    ```

    ## Right

    ```yaml
    rules:
      - id: dark_light
        when: {question: power_light, is: no}
        then: {conclude: no_power}
      - id: cable
        when: {fact: no_power}
        then: {suggest: plug_in_cable, certainty: 0.9}
    ```
    """
    concluded = context.index.concluders
    for fact in context.rulebase.facts:
        if fact.id in context.tested_facts and not concluded.get(fact.id):
            yield Finding(
                fact.span,
                f"fact `{fact.id}` is tested, but no rule concludes it",
                f"add a rule with `conclude: {fact.id}`, or correct the tests that name it",
            )
