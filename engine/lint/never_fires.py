"""Conditions that can never hold: dead rules, impossible tests, follow-ups never asked.

All three are proven, never guessed (see ``_dead`` and ``_satisfy``): a rule
reported here cannot fire whatever the worker answers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from engine._logic import TooComplexError, to_dnf
from engine.errors import Severity
from engine.lint._context import Context
from engine.lint._dead import Obstacle, impossible_text
from engine.lint._registry import Finding, lint_rule
from engine.lint._satisfy import possible
from engine.model import QuestionTest, QuestionType

#: At most this many alternatives are described in one message.
_SHOWN = 3

_HINTS = {
    "test": "correct the test so that some answer in the question's range passes it",
    "conflict": "these tests exclude each other: correct one, or use `any` if either will do",
    "fact": "make sure a rule that can fire concludes the fact, or remove the test",
    "solution": "make sure a rule that can fire suggests or rules out the solution, "
    "or remove the test",
}


@lint_rule("G310", Severity.ERROR)
def rule_never_fires(context: Context) -> Iterator[Finding]:
    """No answers can ever make the rule's condition hold, so the rule never
    fires: the conclusion the author wrote it for is never drawn. Guide proves
    this before saying it, from one of these reasons, in every alternative of
    the condition (each branch of an `any`):

    - tests on one question that no single answer passes together
      (`more_than: 10` and `less_than: 5`; `is: a` and `is_not: a`);
    - a test that no answer in the question's range passes
      (see [G311](G311.md));
    - follow-ups it needs answered whose `ask_when` exclude each other, or
      a follow-up whose `ask_when` can never hold (see [G312](G312.md)): a
      follow-up that is not asked has no answer, so tests on it fail;
    - a fact that no rule concludes, or whose concluding rules can never fire
      themselves (see [G306](G306.md));
    - a solution state that no rule can bring about (`is: suggested` for a
      solution that nothing suggests).

    Values that are not among a question's choices are already refused when
    the rule base is loaded ([G207](G207.md)).

    ## Wrong

    ```yaml
    - id: large_difference
      when:
        - question: difference
          more_than: 10
        - question: difference
          less_than: 5
      then: {suggest: recount, certainty: 0.8}
    ```

    ## Right

    ```yaml
    - id: large_difference
      when:
        any:
          - question: difference
            more_than: 10
          - question: difference
            less_than: 5
      then: {suggest: recount, certainty: 0.8}
    ```
    """
    rules = context.index.rules
    for position, obstacles in sorted(context.dead.rules.items()):
        rule = rules[position]
        yield Finding(
            rule.span,
            f"rule `{rule.id}` can never fire: {_reasons(obstacles)}",
            _HINTS[obstacles[0].kind],
        )


@lint_rule("G311", Severity.ERROR)
def test_no_answer_passes(context: Context) -> Iterator[Finding]:
    """A test that no valid answer to its question passes: most often a number
    outside the question's `min`..`max`. The test is certainly a mistake:
    it never holds (and under `not` always holds once the question is
    answered). When it is all that a rule needs, the rule can never fire
    either ([G310](G310.md)).

    ## Wrong

    ```yaml
    questions:
      - id: difference
        text: How many units is the difference?
        type: number
        min: 1
        max: 100
    rules:
      - id: huge_difference
        when: {question: difference, more_than: 500}
        then: {suggest: full_stock_take, certainty: 0.7}
    ```

    ## Right

    ```yaml
    - id: huge_difference
      when: {question: difference, more_than: 50}
      then: {suggest: full_stock_take, certainty: 0.7}
    ```
    """
    seen: set[int] = set()
    questions = context.rulebase.question_by_id
    for atom in context.atoms():
        if not isinstance(atom, QuestionTest) or id(atom) in seen:
            continue
        seen.add(id(atom))
        question = questions[atom.question]
        if not possible(question, [(atom, False)]):
            hint = (
                f"answers to `{question.id}` lie in its `min`..`max`: correct the number, "
                "or the range"
                if question.type is QuestionType.NUMBER
                else "correct the test so that some answer passes it"
            )
            yield Finding(atom.span, impossible_text(question, atom, False), hint)


@lint_rule("G312", Severity.ERROR)
def followup_never_asked(context: Context) -> Iterator[Finding]:
    """A follow-up question is asked only when its `ask_when` holds. When that
    condition can never hold (for the reasons listed under
    [G310](G310.md)), Guide never asks the question, and every rule that needs
    its answer waits for nothing.

    ## Wrong

    ```yaml
    - id: delivery_posted
      text: Has the delivery been received in the system?
      type: yes_no
      ask_when:
        - question: recent_delivery
          is: yes
        - question: recent_delivery
          is: no
    ```

    ## Right

    ```yaml
    - id: delivery_posted
      text: Has the delivery been received in the system?
      type: yes_no
      ask_when:
        question: recent_delivery
        is: yes
    ```
    """
    dead, rulebase = context.dead, context.rulebase
    for question in rulebase.questions:
        if question.ask_when is None:
            continue
        try:
            branches = to_dnf(question.ask_when)
        except TooComplexError:
            continue  # too big to prove anything about; Guide still runs it
        obstacles = [dead.obstacle(rulebase, branch) for branch in branches]
        if all(obstacles):
            yield Finding(
                question.span,
                f"question `{question.id}` is never asked: its `ask_when` can never hold "
                f"({_reasons([o for o in obstacles if o is not None])})",
                "correct the `ask_when`, or remove it to ask the question whenever it matters",
            )


def _reasons(obstacles: Sequence[Obstacle]) -> str:
    if len(obstacles) == 1:
        return obstacles[0].text
    shown = "; ".join(f"{n}. {o.text}" for n, o in enumerate(obstacles[:_SHOWN], 1))
    more = f"; and {len(obstacles) - _SHOWN} more" if len(obstacles) > _SHOWN else ""
    return f"none of its {len(obstacles)} alternatives can hold: {shown}{more}"
