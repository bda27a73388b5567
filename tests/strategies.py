"""Hypothesis strategies shared by the property tests: random rule bases and workers.

Rule bases are built directly as model records (the loader has its own
properties), small enough to explore many shapes: every question type,
follow-ups, facts chained in levels, all/any/not, solution-state tests,
computed values (with divisions that can meet zero) and fallback rules, under
both ``ask`` settings and both question orders.
Facts only test facts of lower levels, solutions only test solutions listed
earlier, and fallback rules suggest solutions of their own, so the generated
rule bases have no cycles, as the loader requires.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import strategies as st

from engine.errors import Span
from engine.formula import parse
from engine.model import (
    AllOf,
    AnyOf,
    AskMode,
    Choice,
    Computed,
    ComputedTest,
    Conclude,
    Condition,
    DerivedFact,
    FactTest,
    Metadata,
    Not,
    NothingTest,
    Operator,
    Owner,
    Question,
    QuestionOrder,
    QuestionTest,
    QuestionType,
    Rule,
    Rulebase,
    RuleOut,
    Settings,
    Solution,
    SolutionState,
    SolutionTest,
    Suggest,
)

SPAN = Span("generated.yaml", 1, 1)
CHOICES = ("a", "b", "c")
TEXTS = ("red", "blue", "Red ")


def _question(draw: st.DrawFn, position: int, earlier: list[Question]) -> Question:
    kind = draw(st.sampled_from(list(QuestionType)))
    choices = tuple(Choice(c, c.upper(), SPAN) for c in CHOICES[: draw(st.integers(2, 3))])
    ask_when = None
    if earlier and draw(st.booleans()) and draw(st.booleans()):
        ask_when = _question_test(draw, draw(st.sampled_from(earlier)))
    return Question(
        id=f"q{position}",
        text=f"Question {position}?",
        type=kind,
        span=SPAN,
        order=position,
        choices=choices if kind in (QuestionType.CHOICE, QuestionType.MULTIPLE_CHOICE) else (),
        minimum=0 if kind is QuestionType.NUMBER else None,
        maximum=10 if kind is QuestionType.NUMBER else None,
        priority=draw(st.integers(0, 2)),
        ask_when=ask_when,
    )


def _question_test(draw: st.DrawFn, question: Question) -> QuestionTest:
    kind = question.type
    ids = tuple(c.id for c in question.choices)
    if draw(st.integers(0, 5)) == 0:  # "was it answered?", on any type
        return QuestionTest(question.id, Operator.ANSWERED, draw(st.booleans()), SPAN)
    if kind is QuestionType.YES_NO:
        op = draw(st.sampled_from([Operator.IS, Operator.IS_NOT]))
        return QuestionTest(question.id, op, draw(st.booleans()), SPAN)
    if kind is QuestionType.CHOICE:
        op = draw(st.sampled_from([Operator.IS, Operator.IS_NOT, Operator.ONE_OF]))
        if op is Operator.ONE_OF:
            values = tuple(
                draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True))
            )
            return QuestionTest(question.id, op, values, SPAN)
        return QuestionTest(question.id, op, draw(st.sampled_from(ids)), SPAN)
    if kind is QuestionType.MULTIPLE_CHOICE:
        return QuestionTest(question.id, Operator.CONTAINS, draw(st.sampled_from(ids)), SPAN)
    if kind is QuestionType.TEXT:
        op = draw(st.sampled_from([Operator.IS, Operator.CONTAINS, Operator.ONE_OF]))
        if op is Operator.ONE_OF:
            return QuestionTest(question.id, op, ("red", "green"), SPAN)
        return QuestionTest(question.id, op, draw(st.sampled_from(["red", "BLUE", "e"])), SPAN)
    op = draw(
        st.sampled_from([o for o in Operator if o not in (Operator.CONTAINS, Operator.ANSWERED)])
    )
    if op is Operator.BETWEEN:
        low = draw(st.integers(0, 10))
        return QuestionTest(question.id, op, (low, draw(st.integers(low, 10))), SPAN)
    if op is Operator.ONE_OF:
        return QuestionTest(question.id, op, (draw(st.integers(0, 10)), 5), SPAN)
    return QuestionTest(question.id, op, draw(st.integers(0, 10)), SPAN)


#: Formulas over two number inputs ``x`` and ``y``; the last two can divide by zero.
FORMULAS = (
    "{x} - {y}",
    "max({x}, 3) * 2 - {y}",
    "round(({x} + {y}) / 2)",
    "{x} / {y}",
    "10 / ({x} - {y})",
)


def _computed(draw: st.DrawFn, numbers: list[str], position: int) -> Computed:
    """A computed value over number questions (and earlier computed values)."""
    x, y = draw(st.sampled_from(numbers)), draw(st.sampled_from(numbers))
    source = draw(st.sampled_from(FORMULAS)).format(x=x, y=y)
    return Computed(f"c{position}", f"Value {position}", parse(source), SPAN, position)


def _computed_test(draw: st.DrawFn, computed: str) -> ComputedTest:
    if draw(st.integers(0, 4)) == 0:
        return ComputedTest(computed, Operator.ANSWERED, draw(st.booleans()), SPAN)
    op = draw(st.sampled_from([Operator.LESS_THAN, Operator.AT_LEAST, Operator.BETWEEN]))
    if op is Operator.BETWEEN:
        low = draw(st.integers(-5, 10))
        return ComputedTest(computed, op, (low, draw(st.integers(low, 12))), SPAN)
    return ComputedTest(computed, op, draw(st.integers(-5, 12)), SPAN)


def _condition(
    draw: st.DrawFn,
    questions: list[Question],
    facts: list[str],
    solutions: list[str],
    depth: int = 0,
    *,
    computed: tuple[str, ...] = (),
) -> Condition:
    kinds = ["question"] * 4 + (["fact"] * 2 if facts else []) + (["solution"] if solutions else [])
    kinds += ["computed"] * 2 if computed else []
    if depth < 2:
        kinds += ["all", "any", "not"]
    kind = draw(st.sampled_from(kinds))
    if kind == "question":
        return _question_test(draw, draw(st.sampled_from(questions)))
    if kind == "computed":
        return _computed_test(draw, draw(st.sampled_from(computed)))
    if kind == "fact":
        return FactTest(draw(st.sampled_from(facts)), SPAN)
    if kind == "solution":
        state = draw(st.sampled_from(list(SolutionState)))
        return SolutionTest(draw(st.sampled_from(solutions)), state, SPAN)
    if kind == "not":
        return Not(
            _condition(draw, questions, facts, solutions, depth + 1, computed=computed), SPAN
        )
    parts = tuple(
        _condition(draw, questions, facts, solutions, depth + 1, computed=computed)
        for _ in range(draw(st.integers(1, 3)))
    )
    return AllOf(parts, SPAN) if kind == "all" else AnyOf(parts, SPAN)


_FALLBACK_STATES = (SolutionState.SUGGESTED, SolutionState.CONFIRMED)


@st.composite
def rulebases(draw: st.DrawFn) -> Rulebase:
    questions: list[Question] = []
    for position in range(draw(st.integers(1, 6))):
        questions.append(_question(draw, position, questions))
    numbers = [q.id for q in questions if q.type is QuestionType.NUMBER]
    computed: list[Computed] = []
    if numbers and draw(st.booleans()):
        for position in range(draw(st.integers(1, 2))):
            computed.append(_computed(draw, numbers + [c.id for c in computed], position))
    values = tuple(c.id for c in computed)
    fact_ids = [f"f{n}" for n in range(draw(st.integers(0, 3)))]
    solution_ids = [f"s{n}" for n in range(draw(st.integers(1, 4)))]
    rules: list[Rule] = []
    for position in range(draw(st.integers(1, 10))):
        if fact_ids and draw(st.booleans()):
            level = draw(st.integers(0, len(fact_ids) - 1))
            usable = fact_ids[:level]
            when = _condition(draw, questions, usable, [], computed=values)
            then: tuple[Conclude | Suggest | RuleOut, ...] = (
                Conclude(fact_ids[level], SPAN, draw(st.sampled_from([1.0, 0.7, 0.4]))),
            )
        else:
            target = draw(st.integers(0, len(solution_ids) - 1))
            usable = fact_ids
            when = _condition(draw, questions, fact_ids, solution_ids[:target], computed=values)
            if draw(st.integers(0, 3)) == 0:
                then = (RuleOut(solution_ids[target], SPAN),)
            else:
                certainty = draw(st.sampled_from([0.9, 0.6, 0.3]))
                then = (Suggest(solution_ids[target], certainty, SPAN),)
        if draw(st.integers(0, 5)) == 0:  # each part that holds adds its own evidence
            extra = _condition(draw, questions, usable, [], 1, computed=values)
            when = AnyOf((when, extra), SPAN, each=True)
        rules.append(
            Rule(f"r{position}", when, then, SPAN, position, because=f"because {position}")
        )
    for state in draw(st.lists(st.sampled_from(_FALLBACK_STATES), max_size=2)):
        # A fallback, on its own or with more to check; it suggests a solution of its own.
        when: Condition = NothingTest(state, SPAN)
        if draw(st.booleans()):
            extra = _condition(draw, questions, fact_ids, solution_ids, 1, computed=values)
            when = AllOf((when, extra), SPAN)
        solution_ids.append(f"s{len(solution_ids)}")
        then = (Suggest(solution_ids[-1], draw(st.sampled_from([0.9, 0.5])), SPAN),)
        position = len(rules)
        rules.append(Rule(f"r{position}", when, then, SPAN, position, because="fallback"))
    return Rulebase(
        metadata=Metadata(
            "generated", "Generated", "1", SPAN, owners=(Owner("T", "Tester", SPAN),)
        ),
        path=Path("generated.yaml"),
        digest="generated",
        settings=Settings(
            confirm_threshold=draw(st.sampled_from([0.5, 0.8])),
            stop_when_confirmed=draw(st.booleans()),
            ask=draw(st.sampled_from(AskMode)),
            order=draw(st.sampled_from(QuestionOrder)),
        ),
        questions=tuple(questions),
        computed=tuple(computed),
        facts=tuple(DerivedFact(f, SPAN) for f in fact_ids),
        rules=tuple(rules),
        solutions=tuple(Solution(s, s.upper(), SPAN) for s in solution_ids),
    )


@st.composite
def redundant_rulebases(draw: st.DrawFn) -> Rulebase:
    """Rule bases from :func:`rulebases` with repeated and narrowed copies of their rules.

    A copy has the same actions (made final: ruling out, or certainty 1, as
    the cover check G314 wants) and the same condition, or the condition and
    one more test; copies go anywhere in the list, so earlier and later rules
    cover each other. The duplicate and cover checks have something to find.
    """
    rulebase = draw(rulebases())
    rules = [_final(rule) if draw(st.booleans()) else rule for rule in rulebase.rules]
    questions = list(rulebase.questions)
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(rules) - 1))
        original = rules[position] = _final(rules[position])
        when = original.when
        if draw(st.booleans()):
            extra = _question_test(draw, draw(st.sampled_from(questions)))
            when = AllOf((when, extra), SPAN) if draw(st.booleans()) else AllOf((extra, when), SPAN)
        rules.insert(draw(st.integers(0, len(rules))), replace(original, when=when))
    renumbered = tuple(
        replace(rule, id=f"r{position}", order=position) for position, rule in enumerate(rules)
    )
    return replace(rulebase, rules=renumbered)


def _final(rule: Rule) -> Rule:
    """The rule with actions that have their full effect when it fires."""
    then = tuple(a if isinstance(a, RuleOut) else replace(a, certainty=1.0) for a in rule.then)
    return replace(rule, then=then)


def answers_for(question: Question) -> st.SearchStrategy[object]:
    """Valid answers to a question, or None for "I don't know"."""
    kind = question.type
    ids = [c.id for c in question.choices]
    if kind is QuestionType.YES_NO:
        valid: st.SearchStrategy[object] = st.booleans()
    elif kind is QuestionType.CHOICE:
        valid = st.sampled_from(ids)
    elif kind is QuestionType.MULTIPLE_CHOICE:
        valid = st.lists(st.sampled_from(ids), unique=True).map(tuple)
    elif kind is QuestionType.NUMBER:
        valid = st.integers(0, 10) | st.sampled_from([2.5, 7.0])
    else:
        valid = st.sampled_from(TEXTS)
    return st.one_of(st.none(), valid, valid, valid)
