"""What a person types becomes an answer, or a clear message: the same for every front-end."""

from __future__ import annotations

import pytest

from engine import AnswerError
from engine.answers import answer_text, expected_input, parse_answer, validate_answer
from engine.errors import Span
from engine.model import Choice, Question, QuestionType

SPAN = Span("t.yaml", 1, 1)
CHOICES = (Choice("case", "A full case", SPAN), Choice("each", "Single units", SPAN))


def question(kind: QuestionType, **extra: object) -> Question:
    return Question("q", "Question?", kind, SPAN, 0, **extra)  # type: ignore[arg-type]


CHOICE = question(QuestionType.CHOICE, choices=CHOICES)
MULTIPLE = question(QuestionType.MULTIPLE_CHOICE, choices=CHOICES)
NUMBER = question(QuestionType.NUMBER, unit="units", minimum=1, maximum=500)


@pytest.mark.parametrize(
    ("q", "typed", "value"),
    [
        (question(QuestionType.YES_NO), " Yes ", True),
        (question(QuestionType.YES_NO), "n", False),
        (CHOICE, "2", "each"),
        (CHOICE, "CASE", "case"),
        (CHOICE, "a full case", "case"),
        (MULTIPLE, "2, 1", ("case", "each")),
        (MULTIPLE, "each", ("each",)),
        (MULTIPLE, "none", ()),
        (NUMBER, "120 units", 120),
        (NUMBER, "2.5", 2.5),
        (question(QuestionType.NUMBER), "-4", -4),
        (question(QuestionType.TEXT), "  torn label  ", "torn label"),
    ],
)
def test_typed_answers(q: Question, typed: str, value: object) -> None:
    assert parse_answer(q, typed) == value


@pytest.mark.parametrize(
    ("q", "typed", "message", "hint"),
    [
        (question(QuestionType.YES_NO), "maybe", "expects yes or no, not `maybe`", "answer y or n"),
        (CHOICE, "3", "has no choice number 3", "choose a number from 1 to 2"),
        (CHOICE, "cas", "has no choice `cas`", "did you mean `case`?"),
        (CHOICE, "pallet", "has no choice `pallet`", "choose one of: case, each"),
        (MULTIPLE, "", "needs at least one choice, or `none`", None),
        (MULTIPLE, "1 1", "lists the same choice twice", None),
        (
            NUMBER,
            "lots",
            "expects a number, not `lots`",
            "type a number from 1 to 500 units, digits only",
        ),
        (NUMBER, "0", "expects a number from 1 to 500 units, not 0", None),
        (NUMBER, "nan", "expects a finite number", None),
        (question(QuestionType.NUMBER, minimum=0), "-1", "a number of at least 0, not -1", None),
        (question(QuestionType.NUMBER, maximum=9), "10", "a number of at most 9, not 10", None),
        (question(QuestionType.TEXT), "   ", "needs some text", "or skip it if you do not know"),
        (question(QuestionType.TEXT), "x" * 2001, "takes at most 2000 characters", None),
        (NUMBER, "9" * 400, "expects a number from 1 to 500 units, not a number of 400 digits",
         None),
        (NUMBER, "9" * 5000, f"expects a number from 1 to 500 units, not `{'9' * 40}…`", None),
        (NUMBER, "1e400", "expects a number from 1 to 500 units, not `1e400`", None),
        (
            question(QuestionType.NUMBER),
            "1" + "0" * 16,
            "takes numbers up to 1,000,000,000,000,000 either side of zero;"
            " a number of 17 digits is out of range",
            "type a number, digits only",
        ),
        (
            question(QuestionType.NUMBER, minimum=0),
            "1e300",
            "takes numbers up to 1,000,000,000,000,000 either side of zero; 1e+300 is out of range",
            "type a number of at least 0, digits only",
        ),
        (CHOICE, "9" * 5000, f"has no choice number {'9' * 40}…", "choose a number from 1 to 2"),
        (CHOICE, "²", "has no choice `²`", "choose one of: case, each"),
        (question(QuestionType.TEXT), "fo\udcffo", "got bytes that are not UTF-8 text",
         "type the answer again"),
    ],
)  # fmt: skip
def test_refused_answers_say_why_and_how_to_fix(
    q: Question, typed: str, message: str, hint: str | None
) -> None:
    with pytest.raises(AnswerError) as raised:
        parse_answer(q, typed)
    assert message in str(raised.value)
    assert raised.value.hint == hint
    assert raised.value.question_id == "q"


@pytest.mark.parametrize(
    ("q", "value", "message"),
    [
        (question(QuestionType.YES_NO), 1, "expects yes or no, not the number 1"),
        (CHOICE, ["case"], "expects one of its choices, not a list"),
        (MULTIPLE, "case", "expects a list of its choices, not the text `case`"),
        (NUMBER, None, "expects a number, not nothing"),
        (question(QuestionType.TEXT), {"a": 1}, "expects text, not a section"),
        (question(QuestionType.TEXT), object(), "expects text, not a value of another kind"),
        pytest.param(
            NUMBER,
            10**400,
            "expects a number from 1 to 500 units, not a number of 401 digits",
            id="huge",
        ),
        pytest.param(
            question(QuestionType.NUMBER),
            -(10**5000),
            "a number of over 3,900 digits is out of",
            id="past-the-digit-limit",
        ),
        pytest.param(
            CHOICE,
            10**400,
            "expects one of its choices, not a number of 401 digits",
            id="huge-for-a-choice",
        ),
    ],
)
def test_values_of_the_wrong_kind_are_named_in_the_authors_words(
    q: Question, value: object, message: str
) -> None:
    with pytest.raises(AnswerError, match=message):
        validate_answer(q, value)


def test_multiple_choice_is_kept_in_the_questions_order() -> None:
    assert validate_answer(MULTIPLE, {"each", "case"}) == ("case", "each")


@pytest.mark.parametrize(
    ("q", "value", "words"),
    [
        (CHOICE, "each", "Single units"),
        (MULTIPLE, ("case", "each"), "A full case; Single units"),
        (MULTIPLE, (), "none of these"),
        (NUMBER, 12, "12 units"),
        (question(QuestionType.NUMBER), 2.5, "2.5"),
        (question(QuestionType.YES_NO), False, "no"),
        (question(QuestionType.TEXT), "torn label", "torn label"),
        (CHOICE, None, "I don't know"),
    ],
)
def test_answers_read_in_the_workers_words(q: Question, value: object, words: str) -> None:
    assert answer_text(q, value) == words  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("q", "words"),
    [
        (question(QuestionType.YES_NO), "yes or no"),
        (CHOICE, "one of the choices"),
        (MULTIPLE, "the choices that apply, or none"),
        (NUMBER, "a number from 1 to 500 units"),
        (question(QuestionType.NUMBER), "a number"),
        (question(QuestionType.TEXT), "text of up to 2000 characters"),
    ],
)
def test_what_an_answer_must_be(q: Question, words: str) -> None:
    assert expected_input(q) == words


# A choice whose text is another choice's id (issue 17): `jam` reads "Paper".
CROSSED = question(
    QuestionType.CHOICE,
    choices=(Choice("jam", "Paper", SPAN), Choice("paper", "Load paper", SPAN)),
)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("2", "paper"), ("paper", "paper"), ("1", "jam"), ("jam", "jam"), ("load PAPER", "paper")],
)
def test_a_number_or_an_id_is_never_read_as_another_choices_text(typed: str, value: str) -> None:
    assert parse_answer(CROSSED, typed) == value
    multiple = question(QuestionType.MULTIPLE_CHOICE, choices=CROSSED.choices)
    if " " not in typed:  # several choices are separated by spaces
        assert parse_answer(multiple, typed) == (value,)


def test_a_saved_id_resumes_as_itself() -> None:
    assert validate_answer(CROSSED, "paper") == "paper"


def test_a_text_that_names_two_choices_is_refused_not_guessed() -> None:
    with pytest.raises(AnswerError, match="several choices that `Paper` could mean: paper, jam"):
        parse_answer(CROSSED, "Paper")


PACK = question(QuestionType.NUMBER, unit="units per case", minimum=1, maximum=10000, integer=True)
DAYS = question(QuestionType.NUMBER, unit="days", minimum=0, maximum=3650)
SHARE = question(QuestionType.NUMBER, unit="%", minimum=0, maximum=100)


@pytest.mark.parametrize(
    ("q", "typed", "value"),
    [
        (PACK, "12", 12),
        (PACK, "12 units per case", 12),
        (PACK, "12 units", 12),  # any beginning of the unit
        (PACK, "12 Units Per", 12),
        (PACK, "12u", 12),
        (PACK, "12 pcs", 12),  # a common short form of `units`
        (PACK, "12 each", 12),
        (PACK, "1,200 units", 1200),
        (PACK, "12.0", 12),  # a whole number written with a point
        (DAYS, "30 d", 30),
        (DAYS, "30 day", 30),
        (DAYS, "12.5 days", 12.5),
        (SHARE, "95%", 95),
        (SHARE, "95 percent", 95),
        (SHARE, "2.5 pct", 2.5),
    ],
)
def test_a_number_may_be_followed_by_its_unit_shortened(
    q: Question, typed: str, value: object
) -> None:
    found = parse_answer(q, typed)
    assert found == value and type(found) is type(value)


@pytest.mark.parametrize(
    ("q", "typed", "message"),
    [
        (PACK, "12 cases", "expects a number, not `12 cases`"),  # another unit: not guessed
        (PACK, "12 d", "expects a number, not `12 d`"),  # a short form of another unit
        (DAYS, "30 pcs", "expects a number, not `30 pcs`"),
        (question(QuestionType.NUMBER), "12 units", "expects a number, not `12 units`"),
        (PACK, "12.5", "expects a whole number, not `12.5`"),
        (PACK, "12.5 units", "expects a whole number, not `12.5 units`"),
        (PACK, "-inf", "expects a finite number"),
    ],
)
def test_a_unit_that_is_not_the_questions_or_a_fraction_of_a_whole_is_refused(
    q: Question, typed: str, message: str
) -> None:
    with pytest.raises(AnswerError) as raised:
        parse_answer(q, typed)
    assert message in str(raised.value)


def test_a_whole_number_question_says_so_everywhere() -> None:
    assert expected_input(PACK) == "a whole number from 1 to 10000 units per case"
    with pytest.raises(AnswerError) as raised:
        parse_answer(PACK, "2.5")
    assert raised.value.hint == "type a whole number from 1 to 10000 units per case, digits only"
    assert validate_answer(PACK, 12.0) == 12  # a typed value too
    with pytest.raises(AnswerError, match=r"expects a whole number, not `2\.5`"):
        validate_answer(PACK, 2.5)
