"""Answers given up front: ``--answers FILE.yaml`` and ``--set question=value``.

Values are text, as a person would type them, and are parsed by the engine for
their question (``engine.answers.parse_answer``); the wizard adds only where they came
from to the engine's message. ``null`` in the file, or ``?`` after ``--set``,
means "I don't know".
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import engine
import engine.answers
import engine.inputs
from wizards.errors import WizardError

#: ``--set question=?`` is "I don't know", like ``s`` at the prompt.
UNKNOWN = "?"


@dataclass(frozen=True, slots=True)
class Given:
    """One answer given up front, and where it was written."""

    question: str
    #: The text to parse, or None for "I don't know".
    text: str | None
    source: str


def read_answers_file(path: Path) -> list[Given]:
    """The answers in a YAML file: a mapping of question id to value.

    Read within the engine's limits (``engine.inputs.read_answers_file``): a regular
    file of at most ``engine.inputs.MAX_ANSWERS_BYTES``, YAML without aliases or tags.

    Raises:
        WizardError: the file cannot be read, is not YAML, or is not a mapping.
    """
    try:
        data = engine.inputs.read_answers_file(path)
    except engine.InputError as error:
        raise WizardError(str(error), error.hint) from None
    return [
        Given(key, None if value is None else _as_text(value), str(path))
        for key, value in data.items()
    ]


def parse_set_options(values: Sequence[str]) -> list[Given]:
    """The ``--set question=value`` options, in the order given.

    Raises:
        WizardError: an option has no ``=`` or no question id.
    """
    found = []
    for item in values:
        question, equals, text = item.partition("=")
        if not equals or not question.strip():
            raise WizardError(
                f"--set {item}: expected question=value", hint="for example --set pack_size=6"
            )
        text = text.strip()
        found.append(Given(question.strip(), None if text == UNKNOWN else text, f"--set {item}"))
    return found


def apply_answers(session: engine.Session, given: Sequence[Given]) -> None:
    """Answer (or skip) each question, in the rule base's order, so follow-ups apply.

    A later value for the same question (``--set`` after the file) wins.
    Questions the session already has an answer for (after ``--resume``) are
    answered again only if the value differs, which is an error.

    Raises:
        WizardError: an unknown question, or a value the question does not accept.
    """
    rulebase = session.rulebase
    latest = {item.question: item for item in given}
    for item in latest.values():
        if item.question not in rulebase.question_by_id:
            close = difflib.get_close_matches(item.question, list(rulebase.question_by_id), n=1)
            hint = (
                f"did you mean `{close[0]}`?"
                if close
                else "see the questions with `guide run " + rulebase.id + "`"
            )
            raise WizardError(
                f"{item.source}: there is no question `{item.question}` in `{rulebase.id}`", hint
            )
    for question in rulebase.questions:
        wanted = latest.get(question.id)
        if wanted is None or _already_given(session, wanted):
            continue
        try:
            if wanted.text is None:
                session.skip(question.id)
            else:
                session.answer(question.id, wanted.text)
        except engine.AnswerError as error:
            raise WizardError(f"{wanted.source}: {error}", error.hint) from None


def _already_given(session: engine.Session, item: Given) -> bool:
    if item.text is None:
        return item.question in session.skipped
    if item.question not in session.answers:
        return False
    question = session.rulebase.question_by_id[item.question]
    try:
        value = engine.answers.parse_answer(question, item.text)
    except engine.AnswerError:
        return False
    return bool(session.answers[item.question] == value)


def _as_text(value: object) -> str:
    """A YAML value as the text a person would type for it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_as_text(item) for item in value) if value else "none"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
