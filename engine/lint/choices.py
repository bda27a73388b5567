"""Choices a worker could pick by mistake: texts that read as other choices."""

from __future__ import annotations

from collections.abc import Iterator

from engine.answers import normalise_text
from engine.errors import Severity
from engine.lint._context import Context
from engine.lint._registry import Finding, lint_rule


@lint_rule("G332", Severity.WARNING)
def choice_text_collides(context: Context) -> Iterator[Finding]:
    """A choice's text is another choice's id or number, or two choices have the
    same text (ignoring case). A worker types a choice's number, id or text;
    Guide reads a number as a position and an id as that choice, so a worker
    who types the text "Paper" of choice `jam` gets told it could mean `paper`
    too, and one who types "2" gets the second choice even when another reads
    "2". Make every text distinct from the other choices' ids, numbers and texts.

    ## Wrong

    ```yaml
    choices:
      - id: jam
        text: Paper
      - id: paper
        text: Load paper
    ```

    ## Right

    ```yaml
    choices:
      - id: jam
        text: Paper is jammed
      - id: paper
        text: Load paper
    ```
    """
    for question in context.rulebase.questions:
        choices = question.choices
        for position, choice in enumerate(choices, start=1):
            text = normalise_text(choice.text)
            for other_position, other in enumerate(choices, start=1):
                if other is choice:
                    continue
                if text == other.id.casefold():
                    clash = f"the id of choice `{other.id}`"
                elif text == str(other_position):
                    clash = f"the number of choice `{other.id}`"
                elif text == normalise_text(other.text) and other_position < position:
                    clash = f"the text of choice `{other.id}`"
                else:
                    continue
                yield Finding(
                    choice.span,
                    f"choice `{choice.id}` of question `{question.id}` reads "
                    f"“{choice.text}”, which is {clash}",
                    "reword the text so that it cannot be read as another choice",
                )
                break
