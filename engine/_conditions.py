"""The grammar of conditions (``when``, ``ask_when``) and actions (``then``).

A condition is one subject key with its test (``question`` + one test,
``fact``, ``solution`` + ``is``), or ``all``/``any``/``not``, or a list meaning
all. Operands are checked against the question's type when that question is
known here, so that the author sees the exact value that cannot match.
"""

from __future__ import annotations

import math
from collections.abc import Mapping as MappingOf

from engine._fields import Fields, label, number_hint
from engine._yaml import Mapping, Node, Scalar, Sequence, describe
from engine.model import (
    Action,
    AllOf,
    AnyOf,
    ComputedTest,
    Conclude,
    Condition,
    FactTest,
    Not,
    NothingTest,
    Operator,
    QuestionTest,
    QuestionType,
    RuleOut,
    SolutionState,
    SolutionTest,
    Suggest,
    Value,
)

#: Which tests each question type allows (the table in docs/rulebase-format.md).
VALID_TESTS: MappingOf[QuestionType, frozenset[Operator]] = {
    QuestionType.YES_NO: frozenset({Operator.IS, Operator.IS_NOT, Operator.ANSWERED}),
    QuestionType.CHOICE: frozenset(
        {Operator.IS, Operator.IS_NOT, Operator.ONE_OF, Operator.ANSWERED}
    ),
    QuestionType.MULTIPLE_CHOICE: frozenset({Operator.CONTAINS, Operator.ANSWERED}),
    QuestionType.NUMBER: frozenset(Operator) - {Operator.CONTAINS},
    QuestionType.TEXT: frozenset(
        {Operator.IS, Operator.IS_NOT, Operator.ONE_OF, Operator.CONTAINS, Operator.ANSWERED}
    ),
}
_COMPARISONS = frozenset(
    {Operator.LESS_THAN, Operator.AT_MOST, Operator.MORE_THAN, Operator.AT_LEAST}
)
_SUBJECTS = ("question", "computed", "fact", "solution", "nothing", "all", "any", "each", "not")
#: What `nothing:` can say no other solution is.
_NOTHING_STATES = (SolutionState.SUGGESTED, SolutionState.CONFIRMED)
_TESTS = tuple(op.value for op in Operator)
_VERBS = ("conclude", "suggest", "rule_out")
#: How messages name a question of each type ("a yes/no question").
QUESTION_KIND = {
    QuestionType.YES_NO: "a yes/no question",
    QuestionType.CHOICE: "a choice question",
    QuestionType.MULTIPLE_CHOICE: "a multiple-choice question",
    QuestionType.NUMBER: "a number question",
    QuestionType.TEXT: "a text question",
}


class Grammar:
    """Reads conditions and actions; ``types`` maps the question ids written so far."""

    def __init__(self, fields: Fields, types: MappingOf[str, QuestionType]) -> None:
        self.fields = fields
        self.types = types

    # --- conditions -----------------------------------------------------------------

    def condition(self, node: Node, where: str, *, whole_rule: bool = False) -> Condition | None:
        """A condition; ``whole_rule`` when it is a rule's whole `when`, the one place
        `each` may stand."""
        if isinstance(node, Sequence):
            parts = self.parts(node, where)
            return None if parts is None else AllOf(parts, node.span)
        if not isinstance(node, Mapping):
            self.fields.wrong_type(node, "a condition (a section or a list)", where)
            return None
        subjects = [str(k.value) for k, _ in node.entries if k.value in _SUBJECTS]
        if not subjects:
            if self.fields.unknown_keys(node, "condition", (*_SUBJECTS, *_TESTS)):
                self.malformed(node, "a condition needs one of " + _listing(_SUBJECTS))
            return None
        if len(subjects) > 1:
            self.malformed(
                node,
                f"a condition tests one thing; found both `{subjects[0]}` and `{subjects[1]}`",
                "combine conditions with `all:` (every one holds) or `any:` (at least one)",
            )
            return None
        if subjects[0] == "each" and not whole_rule:
            self.malformed(
                node,
                "`each` is only for the whole `when` of a rule",
                "write `when: {each: [...]}` so that each part that holds counts once; "
                "inside a condition, use `any:`",
            )
            return None
        return self.subject(node, subjects[0])

    def subject(self, node: Mapping, subject: str) -> Condition | None:
        value = node.get(subject)
        assert value is not None
        if subject in ("all", "any", "each"):
            if not self.fields.unknown_keys(node, f"`{subject}` condition", (subject,)):
                return None
            if not isinstance(value, Sequence):
                self.fields.wrong_type(value, "a list of conditions", label(subject))
                return None
            parts = self.parts(value, label(subject))
            if parts is None:
                return None
            if subject == "all":
                return AllOf(parts, node.span)
            return AnyOf(parts, node.span, each=subject == "each")
        if subject == "not":
            if not self.fields.unknown_keys(node, "`not` condition", ("not",)):
                return None
            inner = self.condition(value, "`not`")
            return None if inner is None else Not(inner, node.span)
        if subject == "fact":
            ok = self.fields.unknown_keys(node, "fact condition", ("fact",))
            fact = self.fields.ident(value, "`fact`")
            return FactTest(fact, node.span) if ok and fact else None
        if subject == "solution":
            return self.solution_test(node)
        if subject == "nothing":
            return self.nothing_test(node)
        return self.question_test(node, subject)

    def parts(self, node: Sequence, where: str) -> tuple[Condition, ...] | None:
        if not node.items:
            self.malformed(node, f"{where} needs at least one condition")
            return None
        parts = [self.condition(item, where) for item in node.items]
        clean = [part for part in parts if part is not None]
        return tuple(clean) if len(clean) == len(parts) else None

    def solution_test(self, node: Mapping) -> SolutionTest | None:
        section = self.fields.section(node, "solution condition", "`solution`", ("solution", "is"))
        if section is None:
            return None
        solution = self.fields.ident(node.get("solution"), "`solution`")
        state = self.fields.keyword(node.get("is"), SolutionState, "solution state", "`is`")
        if solution is None or state is None:
            return None
        return SolutionTest(solution, state, node.span)

    def nothing_test(self, node: Mapping) -> NothingTest | None:
        if not self.fields.unknown_keys(node, "`nothing` condition", ("nothing",)):
            return None
        value = node.get("nothing")
        assert value is not None
        state = self.fields.keyword(value, SolutionState, "solution state", "`nothing`")
        if state is None:
            return None
        if state not in _NOTHING_STATES:
            self.fields.error(
                value.span,
                "G106",
                f"`nothing: {state.value}` is not a fallback",
                "write `nothing: suggested` (no other solution is suggested) or "
                "`nothing: confirmed` (none is confirmed)",
            )
            return None
        return NothingTest(state, node.span)

    def question_test(
        self, node: Mapping, subject: str = "question"
    ) -> QuestionTest | ComputedTest | None:
        """A test on a question's answer, or on a computed value (``subject`` says which)."""
        what = "question" if subject == "question" else "computed value"
        clean = self.fields.unknown_keys(node, f"{what} condition", (subject, *_TESTS))
        question = self.fields.ident(node.get(subject), label(subject))
        tests = [key for key, _ in node.entries if key.value in _TESTS]
        if not tests:
            if clean:
                example = "`is: yes`" if subject == "question" else "`more_than: 0`"
                self.malformed(
                    node,
                    f"a condition on {what} `{question}` needs a test such as {example}",
                    "add one of " + _listing(_TESTS),
                )
            return None
        if len(tests) > 1:
            self.malformed(
                tests[1],
                f"a condition has one test; found both `{tests[0].value}` and `{tests[1].value}`",
                "use `all:` with one condition per test",
            )
            return None
        if question is None or not clean:
            return None
        operator = Operator(tests[0].value)
        qtype = self.types.get(question) if subject == "question" else QuestionType.NUMBER
        if qtype is not None and operator not in VALID_TESTS[qtype]:
            allowed = sorted(op.value for op in VALID_TESTS[qtype])
            self.fields.error(
                tests[0].span,
                "G109",
                f"`{operator.value}` cannot test {what} `{question}`, which is "
                + (QUESTION_KIND[qtype] if subject == "question" else "a number"),
                f"tests for {QUESTION_KIND[qtype]}: {_listing(allowed)}",
            )
            return None
        operand_node = node.get(operator.value)
        assert operand_node is not None
        operand = self.operand(operator, operand_node, question, qtype)
        if operand is None:
            return None
        if subject == "computed":
            return ComputedTest(question, operator, operand, node.span)
        return QuestionTest(question, operator, operand, node.span)

    def malformed(self, node: Node, message: str, hint: str | None = None) -> None:
        self.fields.error(node.span, "G108", message, hint)

    # --- operands -------------------------------------------------------------------

    def operand(
        self, op: Operator, node: Node, question: str, qtype: QuestionType | None
    ) -> Value | tuple[Value, ...] | None:
        where = label(op.value)
        if op is Operator.ANSWERED:
            return self.fields.yes_no(node, where)
        if op in _COMPARISONS:
            return self.fields.number(node, where)
        if op is Operator.BETWEEN:
            return self.between(node)
        if op is Operator.ONE_OF:
            items = self.fields.items(node, where)
            if isinstance(node, Sequence) and not items:
                self.malformed(node, "`one_of` needs at least one value")
                return None
            values = [self.value(item, question, qtype, where) for item in items]
            clean = tuple(v for v in values if v is not None)
            return clean if items and len(clean) == len(values) else None
        return self.value(node, question, qtype, where)

    def between(self, node: Node) -> tuple[Value, ...] | None:
        items = self.fields.items(node, "`between`")
        if not isinstance(node, Sequence):
            return None
        if len(items) != 2:
            self.malformed(
                node,
                f"`between` needs two numbers, found {len(items)}",
                "write the inclusive range as `[LOW, HIGH]`, e.g. `between: [1, 10]`",
            )
            return None
        low = self.fields.number(items[0], "the low end of `between`")
        high = self.fields.number(items[1], "the high end of `between`")
        if low is None or high is None:
            return None
        if low > high:
            self.fields.error(
                node.span,
                "G105",
                f"`between` goes from {low:g} down to {high:g}",
                f"write the lower number first: `[{high:g}, {low:g}]`",
            )
            return None
        return (low, high)

    def value(
        self, node: Node, question: str, qtype: QuestionType | None, where: str
    ) -> Value | None:
        """One compared value; checked against the question's type when known."""
        if not isinstance(node, Scalar) or not _is_value(node.value):
            self.fields.wrong_type(node, "a yes/no value, a number or text", where)
            return None
        value = node.value
        assert isinstance(value, (bool, int, float, str))
        if qtype is None or _fits(value, qtype):
            return value
        expected, hint = _expectation(node, qtype)
        self.fields.error(
            node.span,
            "G110",
            (
                f"question `{question}` is {QUESTION_KIND[qtype]}"
                if question in self.types
                else f"computed value `{question}` is a number"
            )
            + f": expected {expected}, found {describe(node)}",
            hint,
        )
        return None

    # --- actions --------------------------------------------------------------------

    def actions(self, node: Node, where: str) -> tuple[Action, ...] | None:
        items = node.items if isinstance(node, Sequence) else (node,)
        if not items:
            self.malformed(node, "a rule needs at least one action in `then`")
            return None
        actions = [self.action(item, where) for item in items]
        clean = tuple(a for a in actions if a is not None)
        return clean if len(clean) == len(actions) else None

    def action(self, node: Node, where: str) -> Action | None:
        if not isinstance(node, Mapping):
            self.fields.wrong_type(node, "an action such as `suggest: SOLUTION`", where)
            return None
        verbs = [str(k.value) for k, _ in node.entries if k.value in _VERBS]
        if not verbs:
            if self.fields.unknown_keys(node, "action", (*_VERBS, "certainty")):
                self.malformed(node, "an action needs one of " + _listing(_VERBS))
            return None
        if len(verbs) > 1:
            self.malformed(
                node,
                f"one action per item; found both `{verbs[0]}` and `{verbs[1]}`",
                "write each action as its own list item starting with `- `",
            )
            return None
        verb = verbs[0]
        needs = ("certainty",) if verb == "suggest" else ()
        maybe = ("certainty",) if verb == "conclude" else ()
        if self.fields.section(node, f"{verb} action", where, (verb, *needs), maybe) is None:
            return None
        target = self.fields.ident(node.get(verb), label(verb))
        if verb == "rule_out":
            return RuleOut(target, node.span) if target and node.get("certainty") is None else None
        certainty_node = node.get("certainty")
        certainty = self.fields.certainty(certainty_node, "`certainty`")
        if target is None or (certainty_node is not None and certainty is None):
            return None
        if verb == "conclude":
            return Conclude(target, node.span, 1.0 if certainty is None else certainty)
        return None if certainty is None else Suggest(target, certainty, node.span)


def _listing(words: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"`{w}`" for w in words)


def _is_value(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, (bool, int, str))


def _fits(value: Value, qtype: QuestionType) -> bool:
    if qtype is QuestionType.YES_NO:
        return isinstance(value, bool)
    if qtype is QuestionType.NUMBER:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, str)


def _expectation(node: Scalar, qtype: QuestionType) -> tuple[str, str]:
    """What the question's answers look like, and how to write one."""
    if qtype is QuestionType.YES_NO:
        return "yes or no", "write `yes` or `no` without quotes"
    if qtype is QuestionType.NUMBER:
        return "a number", number_hint(node)
    what = "text" if qtype is QuestionType.TEXT else "a choice id"
    if isinstance(node.value, bool):
        return what, f'YAML reads `{node.source}` as yes/no; put it in quotes: `"{node.source}"`'
    return what, f'put it in quotes: `"{node.source}"`'
