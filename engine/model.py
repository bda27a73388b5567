"""The typed, frozen model of a rule base.

The loader builds these records from YAML; nothing else creates them from
user input. Every record carries the :class:`~engine.errors.Span` where it was
written so that later checks and explanations can point back at the source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeAlias

from engine.errors import Span
from engine.feedback import Proficiency
from engine.formula import Formula

if TYPE_CHECKING:
    from collections.abc import Mapping

    from engine.session import Session

#: An answer's value: yes/no -> bool, number -> int | float, choice and text -> str,
#: multiple choice -> tuple of choice ids.
Value: TypeAlias = bool | int | float | str | tuple[str, ...]

FORMAT_VERSION = 1


class QuestionType(Enum):
    YES_NO = "yes_no"
    CHOICE = "choice"
    MULTIPLE_CHOICE = "multiple_choice"
    NUMBER = "number"
    TEXT = "text"


class Operator(Enum):
    """How a condition compares an answer with what the rule expects."""

    IS = "is"
    IS_NOT = "is_not"
    LESS_THAN = "less_than"
    AT_MOST = "at_most"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    BETWEEN = "between"
    ONE_OF = "one_of"
    CONTAINS = "contains"
    #: ``answered: yes`` holds once the question is answered; ``answered: no`` once the
    #: worker said "I don't know" or the question can no longer be asked.
    ANSWERED = "answered"


class ArticleKind(Enum):
    """What an entry of ``articles:`` is to the worker: something to read, a course
    to take, a checklist to follow, or a calculator to use."""

    ARTICLE = "article"
    COURSE = "course"
    CHECKLIST = "checklist"
    CALCULATOR = "calculator"

    @property
    def label(self) -> str:
        """The kind as the worker reads it before the title: ``Course``."""
        return self.value.capitalize()


class SolutionState(Enum):
    """What the evidence says about a solution."""

    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"
    RULED_OUT = "ruled_out"


@dataclass(frozen=True, slots=True)
class Owner:
    name: str
    role: str
    span: Span
    contact: str | None = None


@dataclass(frozen=True, slots=True)
class Metadata:
    id: str
    title: str
    version: str
    span: Span
    description: str = ""
    language: str = "en"
    owners: tuple[Owner, ...] = ()


class AskMode(Enum):
    """Which questions are worth asking (``settings.ask``)."""

    #: While the answer can still change a solution's state or the order of the
    #: leading recommendations.
    WHILE_IT_MATTERS = "while_it_matters"
    #: Also while it can still change any recommendation's certainty.
    EXHAUSTIVE = "exhaustive"


class QuestionOrder(Enum):
    """In which order the questions worth asking come (``settings.order``)."""

    #: Highest question priority first, then the order in the file.
    PRIORITY = "priority"
    #: The questions of the most promising rule first, as backward chaining does.
    GOAL_DRIVEN = "goal_driven"


@dataclass(frozen=True, slots=True)
class Settings:
    #: Certainty at or above which a suggested solution counts as confirmed.
    confirm_threshold: float = 0.8
    #: Stop asking as soon as a solution is confirmed.
    stop_when_confirmed: bool = False
    #: Keep the text of free-text answers in consultation records (else "(redacted)").
    record_free_text: bool = False
    #: Which questions are worth asking.
    ask: AskMode = AskMode.WHILE_IT_MATTERS
    #: In which order they are asked.
    order: QuestionOrder = QuestionOrder.PRIORITY
    #: The recommendations are advice to choose from (a testing strategy, a course
    #: of action), not fixes for a fault: the worker says which they will use.
    advisory: bool = False


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    text: str
    span: Span


# --- conditions -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuestionTest:
    """A test on a question's answer, e.g. ``question: stock_count, at_least: 3``.

    ``operand`` is a single value, a ``(low, high)`` pair for BETWEEN, or a tuple
    of values for ONE_OF.
    """

    question: str
    operator: Operator
    operand: Value | tuple[Value, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class ComputedTest:
    """A test on a computed value, e.g. ``computed: doh_gap, more_than: 10``; the
    operators and operands are those of a number question."""

    computed: str
    operator: Operator
    operand: Value | tuple[Value, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class NothingTest:
    """``nothing: suggested`` (or ``confirmed``): holds once no solution that ordinary
    rules suggest is recommended in that state, and none can still be. A rule with it
    is a fallback rule."""

    state: SolutionState
    span: Span


@dataclass(frozen=True, slots=True)
class FactTest:
    """Holds when the derived fact has been concluded."""

    fact: str
    span: Span


@dataclass(frozen=True, slots=True)
class SolutionTest:
    """Holds when the evidence puts the solution in ``state``."""

    solution: str
    state: SolutionState
    span: Span


@dataclass(frozen=True, slots=True)
class AllOf:
    conditions: tuple[Condition, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class AnyOf:
    conditions: tuple[Condition, ...]
    span: Span
    #: Written `each:` (only as a rule's whole condition): every part that holds adds
    #: its own evidence, instead of the best one only.
    each: bool = False


@dataclass(frozen=True, slots=True)
class Not:
    condition: Condition
    span: Span


Atom: TypeAlias = QuestionTest | ComputedTest | FactTest | SolutionTest | NothingTest
Condition: TypeAlias = Atom | AllOf | AnyOf | Not

# --- actions ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Conclude:
    fact: str
    span: Span
    certainty: float = 1.0


@dataclass(frozen=True, slots=True)
class Suggest:
    solution: str
    certainty: float
    span: Span


@dataclass(frozen=True, slots=True)
class RuleOut:
    solution: str
    span: Span


Action: TypeAlias = Conclude | Suggest | RuleOut

# --- top-level records ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    type: QuestionType
    span: Span
    order: int
    help: str | None = None
    choices: tuple[Choice, ...] = ()
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    priority: int = 0
    ask_when: Condition | None = None
    article: str | None = None
    #: Never keep this question's answer in consultation records.
    redact: bool = False

    def choice(self, choice_id: str) -> Choice | None:
        """The choice with this id, or None."""
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True, slots=True)
class Computed:
    """A number computed from number answers (and other computed values) by a formula."""

    id: str
    text: str
    formula: Formula
    span: Span
    order: int
    unit: str | None = None
    #: Digits after the decimal point when the value is shown in a text.
    decimals: int = 1

    def shown(self, value: float) -> str:
        """The value as a worker reads it: rounded, without trailing zeros."""
        text = f"{value:,.{self.decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text == "-0" else text


@dataclass(frozen=True, slots=True)
class DerivedFact:
    id: str
    span: Span
    description: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    when: Condition
    then: tuple[Action, ...]
    span: Span
    order: int
    because: str = ""
    priority: int = 0


def fitting(text: str, novice: str | None, expert: str | None, level: Proficiency | None) -> str:
    """The form of a text for a worker's proficiency: novice or expert form, else ``text``."""
    if level is Proficiency.NOVICE and novice is not None:
        return novice
    if level is Proficiency.EXPERT and expert is not None:
        return expert
    return text


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a solution: ``text`` for everyone, with optional forms by proficiency.

    ``novice`` is fuller detail for a worker new to the task, ``expert`` a short
    form for one who knows it; a worker of another level (or of none) reads ``text``.
    All three are Jinja2 templates.
    """

    text: str
    span: Span
    novice: str | None = None
    expert: str | None = None

    def for_level(self, proficiency: Proficiency | None) -> str:
        """The form of the step for this proficiency (``text`` when it has none)."""
        return fitting(self.text, self.novice, self.expert, proficiency)


@dataclass(frozen=True, slots=True)
class Solution:
    id: str
    title: str
    span: Span
    summary: str = ""
    steps: tuple[Step, ...] = ()
    articles: tuple[str, ...] = ()
    #: The id of the expert to call (not a proficiency: see ``summary_expert``).
    expert: str | None = None
    #: The summary's fuller form for novices, and short form for experts (plain text).
    summary_novice: str | None = None
    summary_expert: str | None = None

    def summary_for(self, proficiency: Proficiency | None) -> str:
        """The form of the summary for this proficiency (``summary`` when it has none)."""
        return fitting(self.summary, self.summary_novice, self.summary_expert, proficiency)


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    title: str
    span: Span
    url: str | None = None
    #: The Markdown file, resolved against the rule base's folder.
    file: Path | None = None
    tags: tuple[str, ...] = ()
    owner: str | None = None
    review_by: dt.date | None = None
    kind: ArticleKind = ArticleKind.ARTICLE
    #: The public sources it rests on, as the author wrote them (title, author, year).
    sources: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        """The title with the kind before it, as every front-end shows it:
        ``Course: Safety stock in practice``."""
        return f"{self.kind.label}: {self.title}"


@dataclass(frozen=True, slots=True)
class Expert:
    id: str
    name: str
    span: Span
    contact: str | None = None
    #: The topics they know.
    covers: tuple[str, ...] = ()
    #: Their role, as the organisation names it.
    role: str | None = None
    #: When and how they are best reached.
    available: str | None = None


@dataclass(frozen=True, slots=True)
class Scenario:
    """A test an SME writes: answers given, and what must (not) come out."""

    name: str
    span: Span
    answers: Mapping[str, Value] = field(default_factory=lambda: MappingProxyType({}))
    skipped: tuple[str, ...] = ()
    expect_top: str | None = None
    expect_includes: tuple[str, ...] = ()
    expect_excludes: tuple[str, ...] = ()
    expect_not_asked: tuple[str, ...] = ()


def _index(items: tuple[Any, ...]) -> Mapping[str, Any]:
    return MappingProxyType({item.id: item for item in items})


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class Rulebase:
    """A loaded, validated rule base. Compare by identity; it is never mutated.

    ``start()`` and ``resume()`` compile it onto experta once (on first use)
    and give sessions that share the compiled engine.
    """

    metadata: Metadata
    path: Path
    #: SHA-256 of the source text, recorded in saved sessions.
    digest: str
    settings: Settings = Settings()
    questions: tuple[Question, ...] = ()
    computed: tuple[Computed, ...] = ()
    facts: tuple[DerivedFact, ...] = ()
    rules: tuple[Rule, ...] = ()
    solutions: tuple[Solution, ...] = ()
    articles: tuple[Article, ...] = ()
    experts: tuple[Expert, ...] = ()
    tests: tuple[Scenario, ...] = ()
    question_by_id: Mapping[str, Question] = field(init=False, repr=False)
    computed_by_id: Mapping[str, Computed] = field(init=False, repr=False)
    fact_by_id: Mapping[str, DerivedFact] = field(init=False, repr=False)
    rule_by_id: Mapping[str, Rule] = field(init=False, repr=False)
    solution_by_id: Mapping[str, Solution] = field(init=False, repr=False)
    article_by_id: Mapping[str, Article] = field(init=False, repr=False)
    expert_by_id: Mapping[str, Expert] = field(init=False, repr=False)
    #: The compiled form, kept here by ``engine.compiler.compiled()`` so that it lives
    #: and dies with the rule base (a cache keyed by the rule base would keep every
    #: rule base a long-running server ever loaded).
    compiled_form: object | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        # Frozen: the lookup tables are derived once, here.
        object.__setattr__(self, "question_by_id", _index(self.questions))
        object.__setattr__(self, "computed_by_id", _index(self.computed))
        object.__setattr__(self, "fact_by_id", _index(self.facts))
        object.__setattr__(self, "rule_by_id", _index(self.rules))
        object.__setattr__(self, "solution_by_id", _index(self.solutions))
        object.__setattr__(self, "article_by_id", _index(self.articles))
        object.__setattr__(self, "expert_by_id", _index(self.experts))

    @property
    def id(self) -> str:
        return self.metadata.id

    @property
    def version(self) -> str:
        return self.metadata.version

    def start(self, answers: Mapping[str, Value] | None = None) -> Session:
        """Begin a consultation, optionally with answers given up front.

        Raises:
            AnswerError: an up-front answer is invalid.
        """
        from engine.session import Session  # noqa: PLC0415 -- model must not import the engine at load

        return Session.start(self, answers)

    def resume(self, data: Mapping[str, Any]) -> Session:
        """Continue a consultation saved with :meth:`Session.to_dict`.

        Raises:
            SessionError: the data is corrupt or belongs to another rule base or version.
        """
        from engine.session import Session  # noqa: PLC0415 -- see start()

        return Session.resume(self, data)
