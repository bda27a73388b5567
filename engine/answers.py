"""Checking answers, and reading them from what a person typed.

Every front-end gets the same rules: the terminal wizard, a web form and an
embedding app all call :func:`parse_answer` or :func:`validate_answer`.
"""

from __future__ import annotations

import difflib
import math
import re

from engine.errors import AnswerError
from engine.model import Question, QuestionType, Value

__all__ = [
    "answer_text",
    "expected_input",
    "parse_answer",
    "validate_answer",
]

MAX_TEXT_LENGTH = 2000
#: The largest size of a number answer, either sign: far past any count or measure a
#: worker types, and still exact as a float, in JSON and in every store.
MAX_NUMBER = 10**15
_YES = frozenset({"y", "yes", "true"})
_NO = frozenset({"n", "no", "false"})


def normalise_text(value: str) -> str:
    """Text answers compare without regard to case or surrounding spaces."""
    return " ".join(value.split()).casefold()


def validate_answer(question: Question, value: object) -> Value:
    """The answer in its canonical form.

    Raises:
        AnswerError: the value does not fit the question.
    """
    kind = question.type
    if kind is QuestionType.YES_NO:
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            return _parse_yes_no(question, value)
        raise _error(question, f"expects yes or no, not {_describe(value)}")
    if kind is QuestionType.CHOICE:
        if not isinstance(value, str):
            raise _error(question, f"expects one of its choices, not {_describe(value)}")
        return _choice_id(question, value)
    if kind is QuestionType.MULTIPLE_CHOICE:
        if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
            raise _error(question, f"expects a list of its choices, not {_describe(value)}")
        if not all(isinstance(item, str) for item in value):
            raise _error(question, "expects a list of its choices, each an id or a choice's text")
        chosen = [_choice_id(question, item) for item in value]
        if len(set(chosen)) != len(chosen):
            raise _error(question, "lists the same choice twice")
        order = {choice.id: position for position, choice in enumerate(question.choices)}
        return tuple(sorted(chosen, key=order.__getitem__))
    if kind is QuestionType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _error(question, f"expects a number, not {_describe(value)}")
        return _in_range(question, _whole_if_asked(question, value, _number_text(value)))
    if not isinstance(value, str):
        raise _error(question, f"expects text, not {_describe(value)}")
    _require_unicode(question, value)
    return _text(question, value)


def parse_answer(question: Question, typed: str) -> Value:
    """Read an answer from text typed by a person.

    Choices may be given by number (1 = first) or by id; several choices are
    separated by commas or spaces, and ``none`` selects nothing.

    Raises:
        AnswerError: the text is not a valid answer, with a hint saying what is.
    """
    if not isinstance(typed, str):  # a typed value after all: check it as one
        return validate_answer(question, typed)
    text = typed.strip()
    _require_unicode(question, text)
    kind = question.type
    if kind is QuestionType.YES_NO:
        return _parse_yes_no(question, text)
    if kind is QuestionType.CHOICE:
        return _by_number(question, text)
    if kind is QuestionType.MULTIPLE_CHOICE:
        if text.casefold() in {"none", "-"}:
            return ()
        parts = [part for part in re.split(r"[,\s]+", text) if part]
        if not parts:
            raise _error(question, "needs at least one choice, or `none`")
        return validate_answer(question, [_by_number(question, part) for part in parts])
    if kind is QuestionType.NUMBER:
        return _in_range(question, _parse_number(question, text))
    return _text(question, text)


def _parse_yes_no(question: Question, text: str) -> bool:
    word = text.strip().casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise _error(question, f"expects yes or no, not `{text}`", hint="answer y or n")


def _by_number(question: Question, text: str) -> str:
    """The choice's id for a position ("2"), else for an id or a text (:func:`_choice_id`)."""
    if text.isascii() and text.isdigit():
        count = len(question.choices)
        number = int(text) if len(text) <= len(str(count)) else None
        if number is not None and 1 <= number <= count:
            return question.choices[number - 1].id
        raise _error(
            question,
            f"has no choice number {_shortened(text)}",
            hint=f"choose a number from 1 to {count}",
        )
    return _choice_id(question, text)


def _choice_id(question: Question, value: str) -> str:
    """The id of the choice ``value`` names: an id exactly, else an id or a text
    ignoring case. An id is never read as another choice's text; a value that
    names two choices is refused rather than guessed."""
    wanted = value.strip()
    for choice in question.choices:
        if choice.id == wanted:
            return choice.id
    folded = normalise_text(wanted)
    by_id = [c.id for c in question.choices if c.id.casefold() == folded]
    by_text = [c.id for c in question.choices if normalise_text(c.text) == folded]
    named = list(dict.fromkeys(by_id + by_text))
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise _error(
            question,
            f"has several choices that `{wanted}` could mean: " + ", ".join(named),
            hint="type the choice's number or its id",
            worker_problem=f"has several choices that `{wanted}` could mean: "
            + _numbered(question, named),
            worker_hint="type the choice's number",
        )
    ids = [choice.id for choice in question.choices]
    close = difflib.get_close_matches(wanted, ids, n=1)
    hint = f"did you mean `{close[0]}`?" if close else "choose one of: " + ", ".join(ids)
    count = len(question.choices)
    raise _error(
        question,
        f"has no choice `{wanted}`",
        hint=hint,
        worker_hint=f"did you mean {_numbered(question, close)}?"
        if close
        else f"type a number from 1 to {count}",
    )


#: A number as typed, then what follows it (a unit, perhaps).
_NUMBER_THEN = re.compile(r"\s*([-+]?(?:\d[\d,_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*)", re.S)
_NOT_FINITE = re.compile(r"[-+]?(?:inf|infinity|nan)")
#: Common short forms of a unit's first word, accepted after a number when the unit
#: starts with that word ("12 pcs" for "units per case"); each is read one way only.
UNIT_SHORT_FORMS: dict[str, frozenset[str]] = {
    "units": frozenset({"u", "pc", "pcs", "piece", "pieces", "ea", "each"}),
    "items": frozenset({"pc", "pcs", "piece", "pieces", "ea", "each"}),
    "days": frozenset({"d"}),
    "hours": frozenset({"h", "hr", "hrs"}),
    "minutes": frozenset({"min", "mins"}),
    "seconds": frozenset({"s", "sec", "secs"}),
    "weeks": frozenset({"w", "wk", "wks"}),
    "months": frozenset({"mo", "mos", "mth", "mths"}),
    "years": frozenset({"y", "yr", "yrs"}),
    "%": frozenset({"percent", "per cent", "pct"}),
}


def _parse_number(question: Question, text: str) -> int | float:
    """A number as a person types it: ``1,200``, ``12.5``, ``1e3``; the question's unit
    may follow, whole, shortened to any beginning of it (``12 units`` for "units per
    case"), or in a common short form (``12 pcs``, ``30 d``, ``95 percent``)."""
    found = _NUMBER_THEN.fullmatch(text)
    if found is None or not _is_unit(question, found.group(2)):
        if found is None and _NOT_FINITE.fullmatch(text.strip().casefold()):
            raise _error(question, "expects a finite number")
        raise _error(
            question, f"expects a number, not `{_shortened(text)}`", hint=_range_hint(question)
        )
    cleaned = found.group(1).replace(",", "").replace("_", "")
    value: int | float
    try:
        value = int(cleaned)
    except ValueError:
        value = _as_float(question, cleaned, text)
    return _whole_if_asked(question, value, text)


def _as_float(question: Question, cleaned: str, text: str) -> float:
    try:
        value = float(cleaned)
    except ValueError:
        raise _error(
            question, f"expects a number, not `{_shortened(text)}`", hint=_range_hint(question)
        ) from None
    if math.isinf(value):  # digits past a float's range
        raise _out_of_range(question, value, f"`{_shortened(text)}`")
    return value


def _is_unit(question: Question, typed: str) -> bool:
    """Whether ``typed`` (after the number) names the question's unit: nothing, the unit,
    any beginning of it, or a short form of its first word."""
    words = normalise_text(typed)
    if not words:
        return True
    if not question.unit:
        return False
    unit = normalise_text(question.unit)
    if unit.startswith(words):
        return True
    first = unit.split(" ", 1)[0]
    return words in UNIT_SHORT_FORMS.get(first, frozenset())


def _whole_if_asked(question: Question, value: int | float, typed: str) -> int | float:
    """A question that wants a whole number takes 12 or 12.0 (as 12), never 12.5."""
    if not question.integer or isinstance(value, int):
        return value
    if math.isfinite(value) and value.is_integer() and abs(value) <= MAX_NUMBER:
        return int(value)
    if not math.isfinite(value):
        return value  # refused by the range check, with its own message
    raise _error(
        question,
        f"expects a whole number, not `{_shortened(typed.strip())}`",
        hint=_range_hint(question),
    )


def _shortened(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


def _in_range(question: Question, value: int | float) -> int | float:
    if isinstance(value, float) and not math.isfinite(value):
        raise _error(question, "expects a finite number")
    low, high = question.minimum, question.maximum
    if (
        (low is not None and value < low)
        or (high is not None and value > high)
        or (abs(value) > MAX_NUMBER)
    ):
        raise _out_of_range(question, value, _number_text(value))
    return value


def _out_of_range(question: Question, value: int | float, shown: str) -> AnswerError:
    """A number past the question's range, or past what any answer may be."""
    low, high = question.minimum, question.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        return _error(question, f"expects {_range_text(question)}, not {shown}")
    return _error(
        question,
        f"takes numbers up to {MAX_NUMBER:,} either side of zero; {shown} is out of range",
        hint=_range_hint(question),
    )


def _number_text(value: int | float) -> str:
    """A number as short text; a huge whole number by its count of digits (never overflows)."""
    if isinstance(value, int) and abs(value) > MAX_NUMBER:
        # str() of a whole number past Python's digit limit raises: count only below it.
        if value.bit_length() > 13_000:
            return "a number of over 3,900 digits"
        return f"a number of {len(str(abs(value)))} digits"
    return f"{value:g}"


def _require_unicode(question: Question, text: str) -> None:
    """Refuse undecodable bytes (read as lone surrogates): they cannot be saved or shown."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise _error(
            question, "got bytes that are not UTF-8 text", hint="type the answer again"
        ) from None


def _text(question: Question, value: str) -> str:
    text = value.strip()
    if not text:
        raise _error(question, "needs some text", hint="or skip it if you do not know")
    if len(text) > MAX_TEXT_LENGTH:
        raise _error(question, f"takes at most {MAX_TEXT_LENGTH} characters")
    return text


def answer_text(question: Question, value: Value | None) -> str:
    """An answer in the worker's words: choice texts rather than ids, with the unit.

    ``None`` (a skipped question) reads "I don't know".

    Raises:
        AnswerError: the value is not an answer (not a yes/no, number, text or
            tuple of texts), or a number too large to show.
    """
    if value is None:
        return "I don't know"
    if isinstance(value, bool):
        return "yes" if value else "no"
    texts = {choice.id: choice.text for choice in question.choices}
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return "; ".join(texts.get(v, v) for v in value) if value else "none of these"
    if isinstance(value, str):
        return texts.get(value, value)
    if not isinstance(value, int | float) or (isinstance(value, int) and not _fits_a_float(value)):
        raise _error(question, f"cannot show {_describe(value)} as an answer")
    number = f"{value:g}" if isinstance(value, float) else str(value)
    if not question.unit:
        return number
    return f"{number} {singular_unit(question.unit) if value == 1 else question.unit}"


def singular_unit(unit: str) -> str:
    """The unit after the number 1: its first word in the singular ("1 unit per case",
    "1 day"), when that word is a plural Guide can read; else as written."""
    first, space, rest = unit.partition(" ")
    lowered = first.casefold()
    if lowered.endswith(("ches", "shes", "xes", "sses")):
        first = first[:-2]
    elif lowered.endswith("ies") and len(first) > 4:
        first = first[:-3] + "y"
    elif lowered.endswith("s") and not lowered.endswith(("ss", "us", "is")) and len(first) > 3:
        first = first[:-1]
    return first + space + rest


def expected_input(question: Question) -> str:
    """What an answer must be, in words: "yes or no", "a number from 1 to 500 units"."""
    kind = question.type
    if kind is QuestionType.YES_NO:
        return "yes or no"
    if kind is QuestionType.CHOICE:
        return "one of the choices"
    if kind is QuestionType.MULTIPLE_CHOICE:
        return "the choices that apply, or none"
    if kind is QuestionType.NUMBER:
        return _range_text(question)
    return f"text of up to {MAX_TEXT_LENGTH} characters"


def _range_text(question: Question) -> str:
    unit = f" {question.unit}" if question.unit else ""
    low, high = question.minimum, question.maximum
    number = "a whole number" if question.integer else "a number"
    if low is not None and high is not None:
        return f"{number} from {_bound(low)} to {_bound(high)}{unit}"
    if low is not None:
        return f"{number} of at least {_bound(low)}{unit}"
    if high is not None:
        return f"{number} of at most {_bound(high)}{unit}"
    return f"{number}{unit}"


def _bound(value: float) -> str:
    """A range's end as it is typed: 1000000 rather than 1e+06 (digits only, as the
    hint asks: no thousands separator)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _range_hint(question: Question) -> str:
    return f"type {_range_text(question)}, digits only"


def _fits_a_float(value: int) -> bool:
    try:
        float(value)
    except OverflowError:
        return False
    return True


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        shown = _number_text(value)
        return shown if shown.startswith("a number") else f"the number {shown}"
    if isinstance(value, str):
        return f"the text `{value[:40]}`"
    if isinstance(value, list | tuple | set | frozenset):
        return "a list"
    if isinstance(value, dict):
        return "a section"
    return "a value of another kind"


def _error(
    question: Question,
    problem: str,
    hint: str | None = None,
    *,
    worker_problem: str | None = None,
    worker_hint: str | None = None,
) -> AnswerError:
    return AnswerError(
        question.id,
        f"question `{question.id}` {problem}",
        hint=hint,
        problem=worker_problem or problem,
        worker_hint=worker_hint,
    )


def _numbered(question: Question, choice_ids: list[str]) -> str:
    """Choices as the worker sees them: 2. “Place, select or promote people”."""
    position = {choice.id: n for n, choice in enumerate(question.choices, start=1)}
    text = {choice.id: choice.text for choice in question.choices}
    return ", ".join(f"{position[c]}. “{text[c]}”" for c in choice_ids)
