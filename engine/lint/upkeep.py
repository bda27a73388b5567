"""Keeping knowledge current and readable: review dates, owners, steps, reasons.

Rules have no owner of their own in format 1: the rule base's `metadata.owners`
(at least one is required) own every rule, so only articles are checked for
an owner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from engine.errors import Severity
from engine.lint._context import Context
from engine.lint._registry import Finding, lint_rule

#: An article whose review is due within this many days is reported (G321).
REVIEW_NOTICE = dt.timedelta(days=30)


@lint_rule("G320", Severity.ERROR)
def article_past_review(context: Context) -> Iterator[Finding]:
    """An article's `review_by` date has passed: its owner promised to check it
    by then, and workers may be reading advice that is out of date. `guide
    check` fails until the owner reviews it and moves the date on (which
    makes this an error that appears with time, by design: put `guide check`
    in a scheduled job). Dates are compared with today's date; the library
    function `engine.authoring.lint(rulebase, today=...)` takes another.

    ## Wrong

    ```yaml
    - id: clearing_jams
      title: Clearing paper jams
      file: articles/clearing_jams.md
      owner: Sam Okafor
      review_by: 2020-06-30
    ```

    ## Right

    ```yaml
    - id: clearing_jams
      title: Clearing paper jams
      file: articles/clearing_jams.md
      owner: Sam Okafor
      review_by: 2027-06-30
    ```
    """
    for article in context.rulebase.articles:
        if article.review_by is not None and article.review_by < context.today:
            days = (context.today - article.review_by).days
            yield Finding(
                article.span,
                f"article `{article.id}` was due for review on {article.review_by.isoformat()} "
                f"({days} day{'s' * (days != 1)} ago)",
                f"{_who(article.owner)} should check the article and move `review_by` on",
            )


@lint_rule("G321", Severity.WARNING)
def article_review_due(context: Context) -> Iterator[Finding]:
    """An article's `review_by` date is today or within the next 30 days: a
    reminder, before it becomes [G320](G320.md).

    ## Wrong

    ```yaml
    - id: clearing_jams
      title: Clearing paper jams
      url: https://example.com/kb/jams
      owner: Sam Okafor
      review_by: 2026-03-20  # checked on 2026-03-14
    ```

    ## Right

    ```yaml
    - id: clearing_jams
      title: Clearing paper jams
      url: https://example.com/kb/jams
      owner: Sam Okafor
      review_by: 2027-03-20  # reviewed, and the date moved on
    ```
    """
    for article in context.rulebase.articles:
        due = article.review_by
        if due is not None and context.today <= due <= context.today + REVIEW_NOTICE:
            days = (due - context.today).days
            when = "today" if days == 0 else f"in {days} day{'s' * (days != 1)}"
            yield Finding(
                article.span,
                f"article `{article.id}` is due for review {when} ({due.isoformat()})",
                f"{_who(article.owner)} should check the article soon and move `review_by` on",
            )


@lint_rule("G322", Severity.WARNING)
def article_without_owner(context: Context) -> Iterator[Finding]:
    """An article without an `owner`: nobody is answerable for keeping it
    true, and a worker who finds it wrong does not know whom to tell.

    ## Wrong

    ```yaml
    - id: clearing_jams
      title: Clearing paper jams
      url: https://example.com/kb/jams
    ```

    ## Right

    ```yaml
    - id: clearing_jams
      title: Clearing paper jams
      url: https://example.com/kb/jams
      owner: Sam Okafor
      review_by: 2027-06-30
    ```
    """
    for article in context.rulebase.articles:
        if not article.owner:
            yield Finding(
                article.span,
                f"article `{article.id}` has no owner",
                "add `owner:` with the name of the person who keeps it current",
            )


@lint_rule("G323", Severity.WARNING)
def solution_without_steps(context: Context) -> Iterator[Finding]:
    """A solution with no `steps` tells the worker what to do but not how;
    at the moment of need, the steps are what they came for.

    ## Wrong

    ```yaml
    - id: plug_in_cable
      title: Plug the power cable in firmly
    ```

    ## Right

    ```yaml
    - id: plug_in_cable
      title: Plug the power cable in firmly
      steps:
        - Switch the printer off at the button.
        - Push the cable in at the back of the printer and at the wall.
        - Switch the printer on and wait for the green light.
    ```
    """
    for solution in context.rulebase.solutions:
        if not solution.steps:
            yield Finding(
                solution.span,
                f"solution `{solution.id}` has no steps",
                "add `steps:`, a list of what the worker should do, in order",
            )


@lint_rule("G324", Severity.WARNING)
def rule_without_because(context: Context) -> Iterator[Finding]:
    """A rule without `because`: the worker who asks "how was this concluded?"
    sees the rule's id instead of a reason, and the next author cannot tell
    why the rule is there.

    ## Wrong

    ```yaml
    - id: no_power
      when: {question: power_light, is: no}
      then: {suggest: plug_in_cable, certainty: 0.9}
    ```

    ## Right

    ```yaml
    - id: no_power
      when: {question: power_light, is: no}
      then: {suggest: plug_in_cable, certainty: 0.9}
      because: A dark power light almost always means the cable is loose.
    ```
    """
    for rule in context.rulebase.rules:
        if not rule.because.strip():
            yield Finding(
                rule.span,
                f"rule `{rule.id}` does not say why (`because`)",
                "add `because:` with the reason, in the words the worker will read",
            )


def _who(owner: str | None) -> str:
    return owner if owner else "its owner"
